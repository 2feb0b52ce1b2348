//! The compiled evaluator: the rules of a spec turned into small programs over compact rows, for
//! scoring many records fast (`icpl match`).
//!
//! A row holds one [`Slot`] per attribute (account attributes first, then contact ones). Every
//! enum test becomes a table with the test's truth for each value of the enum, computed once by
//! the reference evaluator's rule (so coarse values are handled exactly as there); set tests
//! become bit masks: one 128-bit mask for a set type of at most 128 values, and for a larger
//! one the (word, bits) pairs of the row's words that the listed values fall in. Results agree with the reference evaluator ([`super::evaluate_icp`]), which a
//! property test checks on random records.

use super::row::{Layout, Row, Slot, slot_of};
use crate::sema::ir::{Atom, Expr, Icp, Persona, Spec};
use crate::semantics::profile::{self, Role, Status};
use crate::semantics::score::{self, Score, TierOutcome};
use crate::semantics::test::Accepts;
use crate::semantics::truth::{Logic, Truth};

#[derive(Clone, Debug)]
enum Check {
    /// `lo <= x <= hi`, in units of 10^-18: the interval the test accepts
    /// ([`crate::semantics::number`]); an empty interval is `lo > hi`.
    Range(i128, i128),
    Bool(bool),
    /// The truth ([`T3`]) for each enum value.
    Table(Box<[T3]>),
    Any(u128),
    All(u128),
    /// `has any` on a set of more than 128 values: for each word of the row's words that a
    /// listed value falls in, the word's index and the listed values' bits.
    AnyWide(Box<[(u32, u64)]>),
    /// `has all` on a set of more than 128 values, as [`Check::AnyWide`].
    AllWide(Box<[(u32, u64)]>),
}

#[derive(Clone, Debug)]
enum Node {
    And(Box<[Node]>),
    Or(Box<[Node]>),
    Not(Box<Node>),
    Const(T3),
    Atom { slot: usize, check: Check },
}

/// Builds program nodes: the connectives of [`profile::expr`] as nodes.
struct Build;

impl Logic for Build {
    type V = Node;

    fn constant(&self, b: bool) -> Node {
        Node::Const(T3::known(b))
    }

    fn negate(x: Node) -> Node {
        Node::Not(Box::new(x))
    }

    fn all(&mut self, xs: impl IntoIterator<Item = Node>) -> Node {
        Node::And(xs.into_iter().collect())
    }

    fn any(&mut self, xs: impl IntoIterator<Item = Node>) -> Node {
        Node::Or(xs.into_iter().collect())
    }
}

/// The two-bit truths of [`T3`] as a logic, for the semantic core's rules on rows.
struct Bits;

impl Logic for Bits {
    type V = T3;

    #[inline(always)]
    fn constant(&self, b: bool) -> T3 {
        T3::known(b)
    }

    #[inline(always)]
    fn negate(x: T3) -> T3 {
        x.not()
    }

    #[inline(always)]
    fn all(&mut self, xs: impl IntoIterator<Item = T3>) -> T3 {
        xs.into_iter().fold(T3::TRUE, T3::and)
    }

    #[inline(always)]
    fn any(&mut self, xs: impl IntoIterator<Item = T3>) -> T3 {
        xs.into_iter().fold(T3::FALSE, T3::or)
    }
}

fn compile_expr(spec: &Spec, layout: &Layout, e: &Expr) -> Node {
    profile::expr(&mut Build, e, &mut |_, a| compile_atom(spec, layout, a))
}

/// An atom as a check of its slot, from what its test accepts.
fn compile_atom(spec: &Spec, layout: &Layout, a: &Atom) -> Node {
    let slot = slot_of(spec, a.attr);
    let ty = &spec.attr(a.attr).ty;
    // The layout puts every set type of at most 128 values in a 128-bit mask, so a value of
    // such a type shifts by less than 128; larger types use the words.
    let mask = |vs: &[u32]| {
        vs.iter()
            .fold(0u128, |m, &v| m | 1u128.checked_shl(v).unwrap_or(0))
    };
    let words = layout.words(slot);
    let wide = |vs: &[u32], start: usize| -> Box<[(u32, u64)]> {
        let mut pairs: Vec<(u32, u64)> = Vec::new();
        // `vs` is sorted (what a test accepts lists its values in order).
        for &v in vs {
            let word = (start + v as usize / 64) as u32;
            let bit = 1u64 << (v % 64);
            match pairs.last_mut() {
                Some((w, bits)) if *w == word => *bits |= bit,
                _ => pairs.push((word, bit)),
            }
        }
        pairs.into_boxed_slice()
    };
    let accepts = Accepts::of(ty, &a.test);
    let check = match &accepts {
        Accepts::Numbers(_, interval) => match interval.bounds {
            Some((lo, hi)) => Check::Range(lo.units(), hi.units()),
            None => Check::Range(1, 0),
        },
        Accepts::Bool(b) => Check::Bool(*b),
        Accepts::Leaves(_) => match ty.values() {
            Some(e) => Check::Table(accepts.enum_table(e).into_iter().map(T3::from).collect()),
            None => Check::Table(Box::new([])),
        },
        Accepts::SetAny(vs) => match &words {
            Some(r) => Check::AnyWide(wide(vs, r.start)),
            None => Check::Any(mask(vs)),
        },
        Accepts::SetAll(vs) => match &words {
            Some(r) => Check::AllWide(wide(vs, r.start)),
            None => Check::All(mask(vs)),
        },
        Accepts::Nothing => return Node::Const(T3::FALSE),
    };
    Node::Atom { slot, check }
}

/// A three-valued truth as two bits, so that connectives are arithmetic rather than branches:
/// bit 0 is set when the value may be true, bit 1 when it may be false.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct T3(u8);

impl T3 {
    const TRUE: T3 = T3(1);
    const FALSE: T3 = T3(2);
    const UNKNOWN: T3 = T3(3);

    #[inline(always)]
    fn known(b: bool) -> T3 {
        T3(2 - b as u8)
    }

    #[inline(always)]
    fn and(self, o: T3) -> T3 {
        T3((self.0 & o.0 & 1) | ((self.0 | o.0) & 2))
    }

    #[inline(always)]
    fn or(self, o: T3) -> T3 {
        T3(((self.0 | o.0) & 1) | (self.0 & o.0 & 2))
    }

    #[inline(always)]
    fn not(self) -> T3 {
        T3(((self.0 & 1) << 1) | ((self.0 >> 1) & 1))
    }
}

impl From<Truth> for T3 {
    fn from(t: Truth) -> T3 {
        match t {
            Truth::True => T3::TRUE,
            Truth::False => T3::FALSE,
            Truth::Unknown => T3::UNKNOWN,
        }
    }
}

impl From<T3> for Truth {
    fn from(t: T3) -> Truth {
        match t {
            T3::TRUE => Truth::True,
            T3::FALSE => Truth::False,
            _ => Truth::Unknown,
        }
    }
}

/// The truth of one test on one row.
#[inline(always)]
fn atom(slot: usize, check: &Check, row: &Row) -> T3 {
    let value = row.slots.get(slot);
    match check {
        Check::Range(lo, hi) => match value {
            Some(Slot::Num(x)) => T3::known(*lo <= x.units() && x.units() <= *hi),
            _ => T3::UNKNOWN,
        },
        Check::Bool(b) => match value {
            Some(Slot::Bool(x)) => T3::known(b == x),
            _ => T3::UNKNOWN,
        },
        Check::Table(t) => match value {
            // Every enum value of the row has an entry: the decoder reads only the enum's
            // values. Outside the table nothing is accepted.
            Some(Slot::Enum(v)) => t.get(*v as usize).copied().unwrap_or(T3::FALSE),
            _ => T3::UNKNOWN,
        },
        Check::Any(m) => match value {
            Some(Slot::Set(s)) => T3::known(m & s != 0),
            _ => T3::UNKNOWN,
        },
        Check::All(m) => match value {
            Some(Slot::Set(s)) => T3::known(m & s == *m),
            _ => T3::UNKNOWN,
        },
        // The words exist: the row and the program are laid out for the same spec.
        Check::AnyWide(ws) => match value {
            Some(Slot::Wide) => T3::known(
                ws.iter()
                    .any(|&(w, m)| row.words.get(w as usize).is_some_and(|x| x & m != 0)),
            ),
            _ => T3::UNKNOWN,
        },
        Check::AllWide(ws) => match value {
            Some(Slot::Wide) => T3::known(
                ws.iter()
                    .all(|&(w, m)| row.words.get(w as usize).is_some_and(|x| x & m == m)),
            ),
            _ => T3::UNKNOWN,
        },
    }
}

/// The truth of a node on a row. Every child is evaluated: with small nodes that costs less
/// than the mispredicted branches of stopping early.
fn eval(n: &Node, row: &Row) -> T3 {
    match n {
        Node::Atom { slot, check } => atom(*slot, check, row),
        Node::And(xs) => xs.iter().fold(T3::TRUE, |t, x| t.and(eval_inline(x, row))),
        Node::Or(xs) => xs.iter().fold(T3::FALSE, |t, x| t.or(eval_inline(x, row))),
        Node::Not(x) => eval(x, row).not(),
        Node::Const(t) => *t,
    }
}

/// [`eval`], with atoms (most nodes) evaluated in place.
#[inline(always)]
fn eval_inline(n: &Node, row: &Row) -> T3 {
    match n {
        Node::Atom { slot, check } => atom(*slot, check, row),
        other => eval(other, row),
    }
}

/// The slots an unknown node depends on, split into missing and present-but-coarse.
fn blame(n: &Node, row: &Row, missing: &mut Vec<usize>, coarse: &mut Vec<usize>) {
    match n {
        Node::Atom { slot, .. } => {
            let list = if matches!(row.slots.get(*slot), None | Some(Slot::Missing)) {
                missing
            } else {
                coarse
            };
            if !list.contains(slot) {
                list.push(*slot);
            }
        }
        Node::And(xs) | Node::Or(xs) => {
            for x in xs.iter() {
                if eval(x, row) == T3::UNKNOWN {
                    blame(x, row, missing, coarse);
                }
            }
        }
        Node::Not(x) => blame(x, row, missing, coarse),
        Node::Const(_) => {}
    }
}

/// One ICP, compiled.
#[derive(Clone, Debug)]
pub struct IcpProgram {
    /// The match condition's criteria with their roles ([`profile::icp_parts`]).
    parts: Vec<(Role, Node)>,
    signals: Vec<(Node, i64)>,
    thresholds: Vec<Option<i64>>,
}

/// One persona, compiled.
#[derive(Clone, Debug)]
pub struct PersonaProgram {
    icps: Vec<usize>,
    parts: Vec<(Role, Node)>,
}

/// The compiled rules of a spec.
#[derive(Clone, Debug)]
pub struct Program {
    pub icps: Vec<IcpProgram>,
    pub personas: Vec<PersonaProgram>,
}

/// The result of one ICP for one row, as [`super::IcpResult`] without explanations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IcpOutcome {
    pub status: Option<Status>,
    pub score: i64,
    pub score_min: i64,
    pub score_max: i64,
    pub tier: Option<TierOutcome>,
    /// Indices of the signals that hold, and of those that are unknown.
    pub signals: Vec<usize>,
    pub unknown_signals: Vec<usize>,
    /// Slots whose missing or coarse value leaves something unknown.
    pub missing: Vec<usize>,
    pub coarse: Vec<usize>,
    /// Of those, the slots that leave the status unknown (the signals aside).
    pub status_missing: Vec<usize>,
    pub status_coarse: Vec<usize>,
}

fn compile_parts<'a>(
    spec: &Spec,
    layout: &Layout,
    parts: impl Iterator<Item = profile::Part<'a>>,
) -> Vec<(Role, Node)> {
    parts
        .map(|p| (p.role, compile_expr(spec, layout, &p.criterion.expr)))
        .collect()
}

/// The truth of a match condition's parts on a row.
#[inline(always)]
fn parts_hold(l: &mut Bits, in_icps: T3, parts: &[(Role, Node)], row: &Row) -> T3 {
    profile::persona_holds(
        l,
        in_icps,
        parts.iter().map(|(role, n)| (*role, eval_inline(n, row))),
    )
}

/// The slots that leave unknown parts unknown.
fn blame_parts(
    parts: &[(Role, Node)],
    row: &Row,
    missing: &mut Vec<usize>,
    coarse: &mut Vec<usize>,
) {
    for (_, n) in parts {
        if eval_inline(n, row) == T3::UNKNOWN {
            blame(n, row, missing, coarse);
        }
    }
}

impl Program {
    pub fn compile(spec: &Spec) -> Program {
        let layout = Layout::of(spec);
        let icp = |i: &Icp| IcpProgram {
            parts: compile_parts(spec, &layout, profile::icp_parts(i)),
            signals: i
                .signals
                .iter()
                .map(|s| (compile_expr(spec, &layout, &s.when.expr), s.weight))
                .collect(),
            thresholds: score::thresholds(&i.tiers),
        };
        let persona = |p: &Persona| PersonaProgram {
            icps: p.icps.clone(),
            parts: compile_parts(spec, &layout, profile::persona_parts(p)),
        };
        Program {
            icps: spec.icps.iter().map(icp).collect(),
            personas: spec.personas.iter().map(persona).collect(),
        }
    }

    /// Evaluates an ICP into `out` (reusing its allocations).
    // PANIC SAFETY: in the signal loop `out.signals` and `out.unknown_signals` are resized to
    // `k` (the number of signals) and `held`, `open` <= `i` < `k`, so the branch-free writes
    // stay in bounds; `unknown_signals` then holds indices of `p.signals`.
    #[allow(clippy::indexing_slicing)]
    pub fn icp(&self, index: usize, row: &Row, out: &mut IcpOutcome) {
        out.signals.clear();
        out.unknown_signals.clear();
        out.missing.clear();
        out.coarse.clear();
        out.status_missing.clear();
        out.status_coarse.clear();
        let Some(p) = self.icps.get(index) else {
            out.status = None;
            return;
        };
        let status = parts_hold(&mut Bits, T3::TRUE, &p.parts, row);
        if status == T3::UNKNOWN {
            blame_parts(
                &p.parts,
                row,
                &mut out.status_missing,
                &mut out.status_coarse,
            );
            out.status_missing.sort_unstable();
            out.status_coarse.sort_unstable();
            out.missing.extend_from_slice(&out.status_missing);
            out.coarse.extend_from_slice(&out.status_coarse);
        }
        // The signals that hold and those that are unknown are written at every index and
        // kept by advancing the length, without a branch on the truth.
        let k = p.signals.len();
        out.signals.resize(k, 0);
        out.unknown_signals.resize(k, 0);
        let (mut held, mut open) = (0usize, 0usize);
        let mut score = Score::default();
        for (i, (n, w)) in p.signals.iter().enumerate() {
            let t = eval_inline(n, row);
            let holds = t == T3::TRUE;
            let unknown = t == T3::UNKNOWN;
            score.add(holds, unknown, *w);
            out.signals[held] = i;
            held += usize::from(holds);
            out.unknown_signals[open] = i;
            open += usize::from(unknown);
        }
        out.signals.truncate(held);
        out.unknown_signals.truncate(open);
        if status != T3::FALSE {
            for &i in &out.unknown_signals {
                blame(&p.signals[i].0, row, &mut out.missing, &mut out.coarse);
            }
        }
        let status = Status::from_truth(Truth::from(status));
        out.status = Some(status);
        out.score = score.known;
        out.score_min = score.min;
        out.score_max = score.max;
        out.tier = Some(score::tier_outcome(&p.thresholds, status, score));
        out.missing.sort_unstable();
        out.missing.dedup();
        out.coarse.sort_unstable();
        out.coarse.dedup();
    }

    /// Evaluates a persona given the row's ICP outcomes (index-aligned with the spec's ICPs);
    /// fills `missing`/`coarse` when unknown, with the account's slots that leave an unknown
    /// ICP of the persona open when that is why.
    pub fn persona(
        &self,
        index: usize,
        row: &Row,
        icps: &[IcpOutcome],
        missing: &mut Vec<usize>,
        coarse: &mut Vec<usize>,
    ) -> Status {
        missing.clear();
        coarse.clear();
        let Some(p) = self.personas.get(index) else {
            return Status::Unknown;
        };
        let status_of = |i: usize| {
            icps.get(i)
                .and_then(|o| o.status)
                .map_or(T3::UNKNOWN, |s| T3::from(s.truth()))
        };
        let in_icps = profile::in_icps(
            &mut Bits,
            !p.icps.is_empty(),
            p.icps.iter().map(|&i| status_of(i)),
        );
        let status = parts_hold(&mut Bits, in_icps, &p.parts, row);
        if status == T3::UNKNOWN {
            blame_parts(&p.parts, row, missing, coarse);
            if in_icps == T3::UNKNOWN {
                for &i in &p.icps {
                    if let (T3::UNKNOWN, Some(o)) = (status_of(i), icps.get(i)) {
                        missing.extend_from_slice(&o.status_missing);
                        coarse.extend_from_slice(&o.status_coarse);
                    }
                }
            }
            missing.sort_unstable();
            missing.dedup();
            coarse.sort_unstable();
            coarse.dedup();
        }
        Status::from_truth(Truth::from(status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-bit connectives are Kleene's, as [`Truth::all`], [`Truth::any`] and `!` are.
    #[test]
    fn two_bit_truths_follow_kleene() {
        let all = [Truth::True, Truth::False, Truth::Unknown];
        for a in all {
            assert_eq!(Truth::from(T3::from(a)), a);
            assert_eq!(Truth::from(T3::from(a).not()), !a);
            for b in all {
                let (x, y) = (T3::from(a), T3::from(b));
                assert_eq!(Truth::from(x.and(y)), Truth::all([a, b]), "{a:?} and {b:?}");
                assert_eq!(Truth::from(x.or(y)), Truth::any([a, b]), "{a:?} or {b:?}");
            }
        }
    }
}
