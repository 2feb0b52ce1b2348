//! The analysis API: is a set of criteria satisfiable, which of them conflict (a minimal core),
//! an example account that satisfies them (a witness), and does one criterion imply another.
//!
//! One [`Analysis`] holds one incremental solver for a spec. Every criterion becomes a literal
//! once; a query passes the literals of its constraints as assumptions, so queries share all
//! the work of encoding. Work is bounded deterministically ([`super::budget`]): an analysis
//! gets an [`Allowance`] of work units, each *question* (an [`Analysis::check`], a score search,
//! one [`Analysis::solve`], ...) may use part of it, and past either bound a question answers
//! [`Answer::Unknown`] and the caller reports that the bound was reached.

use std::collections::HashSet;

use super::budget::Allowance;
use super::encode::Encoder;
use super::sat::{Budget, Lit, Outcome};
use crate::sema::ir::{AttrId, Expr, Record, Spec};

/// One constraint of a query: an expression that must hold, or must not.
#[derive(Clone, Copy, Debug)]
pub struct Constraint<'e> {
    pub expr: &'e Expr,
    pub holds: bool,
}

impl<'e> Constraint<'e> {
    pub fn holds(expr: &'e Expr) -> Constraint<'e> {
        Constraint { expr, holds: true }
    }

    pub fn fails(expr: &'e Expr) -> Constraint<'e> {
        Constraint { expr, holds: false }
    }
}

/// An example account and contact: every attribute the query reads has a value.
#[derive(Clone, Debug, PartialEq)]
pub struct Witness {
    pub account: Record,
    pub contact: Record,
}

/// The answer to a query.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// The constraints can all hold together, as they do for this example.
    Sat(Witness),
    /// They cannot: the indices of a minimal set of constraints that already conflict (every
    /// proper subset of it is satisfiable).
    Unsat(Vec<usize>),
    /// The work bound was reached before an answer.
    Unknown,
}

/// Solver literals as a logic (see [`Encoder`]'s), so the semantic core's rules can be stated
/// in an analysis.
impl crate::semantics::truth::Logic for Analysis<'_> {
    type V = Lit;

    fn constant(&self, b: bool) -> Lit {
        self.enc.constant(b)
    }

    fn negate(x: Lit) -> Lit {
        !x
    }

    // Through `and`/`or`, so that the gates count as work like any other.
    fn all(&mut self, xs: impl IntoIterator<Item = Lit>) -> Lit {
        let xs: Vec<Lit> = xs.into_iter().collect();
        self.and(&xs)
    }

    fn any(&mut self, xs: impl IntoIterator<Item = Lit>) -> Lit {
        let xs: Vec<Lit> = xs.into_iter().collect();
        self.or(&xs)
    }
}

/// An analysis of one spec (or of several versions of a spec that share its schema).
pub struct Analysis<'s> {
    pub spec: &'s Spec,
    enc: Encoder,
    allowance: Allowance,
    /// Units charged for work outside the solver (the score search's steps).
    extra: u64,
    /// The units used when the current question began.
    question_start: u64,
    exhausted: bool,
}

impl<'s> Analysis<'s> {
    /// An analysis without bounds, for questions known to be small (tests, tools).
    pub fn new(spec: &'s Spec) -> Analysis<'s> {
        Analysis::with_allowance(spec, Allowance::UNBOUNDED)
    }

    /// An analysis that may use `allowance` (see [`super::budget`]).
    pub fn with_allowance(spec: &'s Spec, allowance: Allowance) -> Analysis<'s> {
        Analysis {
            spec,
            enc: Encoder::new(),
            allowance,
            extra: 0,
            question_start: 0,
            exhausted: false,
        }
    }

    /// The units of work done so far (encoding included).
    pub fn used(&self) -> u64 {
        self.enc.solver.stats().ticks.saturating_add(self.extra)
    }

    /// Begins a question: the work from here until the next question counts against the
    /// question bound.
    pub fn question(&mut self) {
        self.question_start = self.used();
    }

    /// The units the current question may still use.
    fn left(&self) -> u64 {
        let used = self.used();
        let question = self
            .allowance
            .question
            .saturating_sub(used.saturating_sub(self.question_start));
        question.min(self.allowance.total.saturating_sub(used))
    }

    /// Counts `units` of work done outside the solver against the current question. False
    /// (and the analysis is marked as having reached a bound) when that leaves none.
    pub fn charge(&mut self, units: u64) -> bool {
        self.extra = self.extra.saturating_add(units);
        if self.left() == 0 {
            self.exhausted = true;
            return false;
        }
        true
    }

    /// Whether a query has hit a bound (so some answers were "unknown").
    pub fn exhausted(&self) -> bool {
        self.exhausted
    }

    /// Whether the analysis has used its whole allowance: no question can be answered any
    /// more (the units used only grow), so callers stop asking.
    pub fn spent(&self) -> bool {
        self.used() >= self.allowance.total
    }

    /// The literal of an expression (encoded once, then shared). Each call walks the
    /// expression, which counts as work, so callers encode what they ask about once.
    pub fn lit(&mut self, expr: &Expr) -> Lit {
        self.extra = self.extra.saturating_add(size(expr));
        self.enc.expr(self.spec, expr)
    }

    /// The literal "the attribute holds this value" (see [`Encoder::value`]).
    pub fn value_lit(&mut self, id: AttrId, value: &crate::sema::ir::Value) -> Lit {
        self.enc.value(self.spec, id, value)
    }

    /// The literal of a conjunction or disjunction of literals.
    pub fn and(&mut self, lits: &[Lit]) -> Lit {
        self.extra = self.extra.saturating_add(1 + lits.len() as u64);
        self.enc.and(lits)
    }

    pub fn or(&mut self, lits: &[Lit]) -> Lit {
        self.extra = self.extra.saturating_add(1 + lits.len() as u64);
        self.enc.or(lits)
    }

    /// The assumption literal of a constraint.
    pub fn assumption(&mut self, c: &Constraint) -> Lit {
        let l = self.lit(c.expr);
        if c.holds { l } else { !l }
    }

    /// The assumption literals of constraints, in order.
    pub fn lits(&mut self, constraints: &[Constraint]) -> Vec<Lit> {
        constraints.iter().map(|c| self.assumption(c)).collect()
    }

    /// Solves under assumptions within the bounds, as a question of its own.
    pub fn solve(&mut self, assumptions: &[Lit]) -> Outcome {
        self.question();
        self.solve_within(assumptions)
    }

    /// Solves under assumptions as part of the current question.
    pub fn solve_within(&mut self, assumptions: &[Lit]) -> Outcome {
        let left = self.left();
        if left == 0 {
            self.exhausted = true;
            return Outcome::Unknown;
        }
        let outcome = self.enc.solver.solve(assumptions, Budget::ticks(left));
        if outcome == Outcome::Unknown {
            self.exhausted = true;
        }
        outcome
    }

    /// Whether the constraints can hold together (`None` past the bounds).
    pub fn satisfiable(&mut self, constraints: &[Constraint]) -> Option<bool> {
        let lits: Vec<Lit> = constraints.iter().map(|c| self.assumption(c)).collect();
        match self.solve(&lits) {
            Outcome::Sat => Some(true),
            Outcome::Unsat => Some(false),
            Outcome::Unknown => None,
        }
    }

    /// Whether the premises imply the conclusion: no account satisfies the premises and not
    /// the conclusion.
    pub fn implies(&mut self, premises: &[Constraint], conclusion: &Expr) -> Option<bool> {
        let mut all = premises.to_vec();
        all.push(Constraint::fails(conclusion));
        self.satisfiable(&all).map(|sat| !sat)
    }

    /// Satisfiability with evidence: a witness, or a minimal core.
    pub fn check(&mut self, constraints: &[Constraint]) -> Answer {
        let lits = self.lits(constraints);
        let attrs = attrs_of(constraints.iter().map(|c| c.expr));
        self.check_lits(&lits, &attrs)
    }

    /// [`Analysis::check`] for assumption literals; a witness shows the given attributes. One
    /// question: the tidying of a witness and the shrinking of a core count with it.
    pub fn check_lits(&mut self, lits: &[Lit], attrs: &[AttrId]) -> Answer {
        match self.solve(lits) {
            Outcome::Sat => {
                // A witness is read from a model of `lits` only: past the bound there is none.
                if self.tidy(lits, attrs) {
                    Answer::Sat(self.witness_for(attrs))
                } else {
                    Answer::Unknown
                }
            }
            Outcome::Unknown => Answer::Unknown,
            Outcome::Unsat => {
                let failed: HashSet<Lit> = self.enc.solver.failed_core().iter().copied().collect();
                let core: Vec<usize> = lits
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| failed.contains(l))
                    .map(|(i, _)| i)
                    .collect();
                match self.shrink(lits, core) {
                    Some(core) => Answer::Unsat(core),
                    None => Answer::Unknown,
                }
            }
        }
    }

    /// Whether the literals can hold together, and if not, a minimal core (indices into
    /// `lits`): `Some(None)` when they can, `Some(Some(core))` when they cannot, `None` past the
    /// bound. [`Analysis::check_lits`] without the example, for questions that need none. One
    /// question.
    pub fn minimal_core(&mut self, lits: &[Lit]) -> Option<Option<Vec<usize>>> {
        match self.solve(lits) {
            Outcome::Sat => Some(None),
            Outcome::Unknown => None,
            Outcome::Unsat => {
                let failed: HashSet<Lit> = self.enc.solver.failed_core().iter().copied().collect();
                let core: Vec<usize> = lits
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| failed.contains(l))
                    .map(|(i, _)| i)
                    .collect();
                self.shrink(lits, core).map(Some)
            }
        }
    }

    /// Makes the current model a tidier example: set values that the assumptions do not need
    /// are dropped, so an example account lists only what matters. Leaves a model of `lits`
    /// and gives true, or false past the bound (then no model is left).
    fn tidy(&mut self, lits: &[Lit], attrs: &[AttrId]) -> bool {
        let mut fixed = lits.to_vec();
        for &a in attrs {
            let Some(values) = self.enc.set_lits(a) else {
                continue;
            };
            for v in values {
                // Invariant: the solver holds a model of `fixed` here. A value it leaves out
                // stays out (so no later model brings it back); one it keeps is tried without.
                fixed.push(!v);
                if !self.model_value(v) {
                    continue;
                }
                if self.solve_within(&fixed) != Outcome::Sat {
                    fixed.pop();
                    // Restore a model of what was kept (it is satisfiable: it was a moment ago).
                    if self.solve_within(&fixed) != Outcome::Sat {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// Shrinks an unsatisfiable subset of `lits` (given by indices) to a minimal one by trying
    /// to drop each member in turn; a member whose removal keeps it unsatisfiable goes, and the
    /// solver's own core of the smaller set shrinks it further.
    fn shrink(&mut self, lits: &[Lit], mut core: Vec<usize>) -> Option<Vec<usize>> {
        let mut i = 0;
        while let Some(&member) = core.get(i) {
            let trial: Vec<usize> = core.iter().copied().filter(|&j| j != member).collect();
            // Every member is an index into `lits`; one that is not leaves the question
            // undecided rather than asking a different one.
            let trial_lits: Vec<Lit> = trial
                .iter()
                .map(|&j| lits.get(j).copied())
                .collect::<Option<_>>()?;
            match self.solve_within(&trial_lits) {
                Outcome::Unsat => {
                    let failed: HashSet<Lit> =
                        self.enc.solver.failed_core().iter().copied().collect();
                    core = trial
                        .into_iter()
                        .filter(|&j| lits.get(j).is_some_and(|l| failed.contains(l)))
                        .collect();
                    // The member at `i` is gone; whatever is at `i` now has not been tried.
                }
                Outcome::Sat => i += 1,
                Outcome::Unknown => return None,
            }
        }
        Some(core)
    }

    /// The current model's values for the given attributes.
    pub fn witness_for(&self, attrs: &[AttrId]) -> Witness {
        let mut w = Witness {
            account: Record {
                values: vec![None; self.spec.account.attrs.len()],
            },
            contact: Record {
                values: vec![None; self.spec.contact.attrs.len()],
            },
        };
        self.enc
            .decode_into(self.spec, attrs, &mut w.account, &mut w.contact);
        w
    }

    /// The truth of a literal in the current model (after a satisfiable answer).
    pub fn model_value(&self, lit: Lit) -> bool {
        self.enc.solver.lit_value(lit)
    }
}

/// The number of nodes of an expression: the work of walking it. (Its depth is bounded by the
/// parser's nesting limit, so the recursion is too.)
fn size(expr: &Expr) -> u64 {
    match expr {
        Expr::And(xs) | Expr::Or(xs) => 1 + xs.iter().map(size).sum::<u64>(),
        Expr::Not(x) => 1 + size(x),
        Expr::Atom(_) => 1,
    }
}

/// The attributes some expressions read, in order of first use.
pub fn attrs_of<'e>(exprs: impl IntoIterator<Item = &'e Expr>) -> Vec<AttrId> {
    let mut attrs: Vec<AttrId> = Vec::new();
    for e in exprs {
        for a in e.attrs() {
            if !attrs.contains(&a) {
                attrs.push(a);
            }
        }
    }
    attrs
}
