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
use super::{Status, TierOutcome, Truth, enum_in, tier_of};
use crate::sema::ir::{Cmp, Expr, Icp, Persona, Spec, Test, Type};

#[derive(Clone, Debug)]
enum Check {
    /// `lo <= x <= hi`: every comparison is a range (`x > c` is `x >=` the double after `c`;
    /// record values are finite).
    Range(f64, f64),
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
    Atom { slot: usize, check: Check },
}

fn compile_expr(spec: &Spec, layout: &Layout, e: &Expr) -> Node {
    match e {
        Expr::And(xs) => Node::And(xs.iter().map(|x| compile_expr(spec, layout, x)).collect()),
        Expr::Or(xs) => Node::Or(xs.iter().map(|x| compile_expr(spec, layout, x)).collect()),
        Expr::Not(x) => Node::Not(Box::new(compile_expr(spec, layout, x))),
        Expr::Atom(a) => {
            let slot = slot_of(spec, a.attr);
            let ty = &spec.attr(a.attr).ty;
            let table = |f: &dyn Fn(u32) -> Truth| -> Check {
                let n = ty.values().map_or(0, |e| e.values.len()) as u32;
                Check::Table((0..n).map(|v| T3::from(f(v))).collect())
            };
            // The layout puts every set type of at most 128 values in a 128-bit mask, so a
            // value of such a type shifts by less than 128; larger types use the words.
            let mask = |vs: &[u32]| {
                vs.iter()
                    .fold(0u128, |m, &v| m | 1u128.checked_shl(v).unwrap_or(0))
            };
            let words = layout.words(slot);
            let wide = |vs: &[u32], start: usize| -> Box<[(u32, u64)]> {
                let mut pairs: Vec<(u32, u64)> = Vec::new();
                let mut sorted = vs.to_vec();
                sorted.sort_unstable();
                for v in sorted {
                    let word = (start + v as usize / 64) as u32;
                    let bit = 1u64 << (v % 64);
                    match pairs.last_mut() {
                        Some((w, bits)) if *w == word => *bits |= bit,
                        _ => pairs.push((word, bit)),
                    }
                }
                pairs.into_boxed_slice()
            };
            let check = match &a.test {
                Test::Compare(cmp, n) => {
                    let c = n.get();
                    match cmp {
                        Cmp::Eq => Check::Range(c, c),
                        Cmp::Lt => Check::Range(f64::NEG_INFINITY, c.next_down()),
                        Cmp::Le => Check::Range(f64::NEG_INFINITY, c),
                        Cmp::Gt => Check::Range(c.next_up(), f64::INFINITY),
                        Cmp::Ge => Check::Range(c, f64::INFINITY),
                    }
                }
                Test::Between(lo, hi) => Check::Range(lo.get(), hi.get()),
                Test::Bool(b) => Check::Bool(*b),
                Test::In(listed) => match ty {
                    Type::Enum(e) => table(&|v| enum_in(e, v, listed)),
                    _ => table(&|_| Truth::Unknown),
                },
                Test::Rank(cmp, r) => table(&|v| Truth::from_bool(rank(*cmp, v, *r))),
                Test::RankBetween(lo, hi) => table(&|v| Truth::from_bool(*lo <= v && v <= *hi)),
                Test::Has(v) => match &words {
                    Some(r) => Check::AnyWide(wide(&[*v], r.start)),
                    None => Check::Any(mask(&[*v])),
                },
                Test::HasAny(vs) => match &words {
                    Some(r) => Check::AnyWide(wide(vs, r.start)),
                    None => Check::Any(mask(vs)),
                },
                Test::HasAll(vs) => match &words {
                    Some(r) => Check::AllWide(wide(vs, r.start)),
                    None => Check::All(mask(vs)),
                },
            };
            Node::Atom { slot, check }
        }
    }
}

fn rank(cmp: Cmp, v: u32, r: u32) -> bool {
    match cmp {
        Cmp::Eq => v == r,
        Cmp::Lt => v < r,
        Cmp::Le => v <= r,
        Cmp::Gt => v > r,
        Cmp::Ge => v >= r,
    }
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
            Some(Slot::Num(x)) => T3::known(*lo <= *x && *x <= *hi),
            _ => T3::UNKNOWN,
        },
        Check::Bool(b) => match value {
            Some(Slot::Bool(x)) => T3::known(b == x),
            _ => T3::UNKNOWN,
        },
        Check::Table(t) => match value {
            Some(Slot::Enum(v)) => t.get(*v as usize).copied().unwrap_or(T3::UNKNOWN),
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
    }
}

/// One ICP, compiled.
#[derive(Clone, Debug)]
pub struct IcpProgram {
    requires: Vec<Node>,
    excludes: Vec<Node>,
    signals: Vec<(Node, i64)>,
    thresholds: Vec<Option<i64>>,
    tiers: Vec<crate::sema::ir::Tier>,
}

/// One persona, compiled.
#[derive(Clone, Debug)]
pub struct PersonaProgram {
    icps: Vec<usize>,
    requires: Vec<Node>,
    excludes: Vec<Node>,
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
}

impl Program {
    pub fn compile(spec: &Spec) -> Program {
        let layout = Layout::of(spec);
        let icp = |i: &Icp| IcpProgram {
            requires: i
                .requires
                .iter()
                .map(|c| compile_expr(spec, &layout, &c.expr))
                .collect(),
            excludes: i
                .excludes
                .iter()
                .map(|c| compile_expr(spec, &layout, &c.expr))
                .collect(),
            signals: i
                .signals
                .iter()
                .map(|s| (compile_expr(spec, &layout, &s.when.expr), s.weight))
                .collect(),
            thresholds: i.tiers.iter().map(|t| t.min_score).collect(),
            tiers: i.tiers.clone(),
        };
        let persona = |p: &Persona| PersonaProgram {
            icps: p.icps.clone(),
            requires: p
                .requires
                .iter()
                .map(|c| compile_expr(spec, &layout, &c.expr))
                .collect(),
            excludes: p
                .excludes
                .iter()
                .map(|c| compile_expr(spec, &layout, &c.expr))
                .collect(),
        };
        Program {
            icps: spec.icps.iter().map(icp).collect(),
            personas: spec.personas.iter().map(persona).collect(),
        }
    }

    /// Evaluates an ICP into `out` (reusing its allocations).
    pub fn icp(&self, index: usize, row: &Row, out: &mut IcpOutcome) {
        out.signals.clear();
        out.unknown_signals.clear();
        out.missing.clear();
        out.coarse.clear();
        let Some(p) = self.icps.get(index) else {
            out.status = None;
            return;
        };
        let status = p
            .requires
            .iter()
            .fold(T3::TRUE, |t, n| t.and(eval_inline(n, row)));
        let status = p
            .excludes
            .iter()
            .fold(status, |t, n| t.and(eval_inline(n, row).not()));
        if status == T3::UNKNOWN {
            for n in &p.requires {
                if eval_inline(n, row) == T3::UNKNOWN {
                    blame(n, row, &mut out.missing, &mut out.coarse);
                }
            }
            for n in &p.excludes {
                if eval_inline(n, row) == T3::UNKNOWN {
                    blame(n, row, &mut out.missing, &mut out.coarse);
                }
            }
        }
        // The signals that hold and those that are unknown are written at every index and
        // kept by advancing the length, without a branch on the truth.
        let k = p.signals.len();
        out.signals.resize(k, 0);
        out.unknown_signals.resize(k, 0);
        let (mut held, mut open) = (0usize, 0usize);
        let (mut score, mut pos, mut neg) = (0i64, 0i64, 0i64);
        for (i, (n, w)) in p.signals.iter().enumerate() {
            let t = eval_inline(n, row);
            let holds = t == T3::TRUE;
            let unknown = t == T3::UNKNOWN;
            score += w * i64::from(holds);
            pos += (*w).max(0) * i64::from(unknown);
            neg += (*w).min(0) * i64::from(unknown);
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
        let status = Truth::from(status);
        let status = Status::from_truth(status);
        out.status = Some(status);
        out.score = score;
        out.score_min = score + neg;
        out.score_max = score + pos;
        out.tier = Some(if status != Status::Match || p.thresholds.is_empty() {
            TierOutcome::None
        } else {
            match (
                tier_of(&p.tiers, out.score_min),
                tier_of(&p.tiers, out.score_max),
            ) {
                (a, b) if a == b => a.map_or(TierOutcome::None, TierOutcome::Tier),
                _ => TierOutcome::Unknown,
            }
        });
        out.missing.sort_unstable();
        out.coarse.sort_unstable();
    }

    /// Evaluates a persona given the row's ICP statuses; fills `missing`/`coarse` when unknown.
    /// When the persona is unknown because none of its ICPs is known to match and some is
    /// unknown, the attributes that leave those ICPs' status unknown are named too.
    pub fn persona(
        &self,
        index: usize,
        row: &Row,
        icp_status: &[Status],
        missing: &mut Vec<usize>,
        coarse: &mut Vec<usize>,
    ) -> Status {
        missing.clear();
        coarse.clear();
        let Some(p) = self.personas.get(index) else {
            return Status::Unknown;
        };
        let status_of = |i: usize| icp_status.get(i).map_or(Truth::Unknown, |s| s.truth());
        let in_icp = if p.icps.is_empty() {
            Truth::True
        } else {
            Truth::any(p.icps.iter().map(|&i| status_of(i)))
        };
        let mut status = T3::from(in_icp);
        for n in &p.requires {
            status = status.and(eval(n, row));
        }
        for n in &p.excludes {
            status = status.and(eval(n, row).not());
        }
        if status == T3::UNKNOWN {
            for n in p.requires.iter().chain(&p.excludes) {
                if eval(n, row) == T3::UNKNOWN {
                    blame(n, row, missing, coarse);
                }
            }
            if in_icp == Truth::Unknown {
                for &i in &p.icps {
                    let Some(icp) = self.icps.get(i).filter(|_| status_of(i) == Truth::Unknown)
                    else {
                        continue;
                    };
                    for n in icp.requires.iter().chain(&icp.excludes) {
                        if eval(n, row) == T3::UNKNOWN {
                            blame(n, row, missing, coarse);
                        }
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
