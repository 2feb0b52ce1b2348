//! The analysis API: is a set of criteria satisfiable, which of them conflict (a minimal core),
//! an example account that satisfies them (a witness), and does one criterion imply another.
//!
//! One [`Analysis`] holds one incremental solver for a spec. Every criterion becomes a literal
//! once; a query passes the literals of its constraints as assumptions, so queries share all
//! the work of encoding. Work is bounded deterministically: each query may use a fixed number of
//! conflicts and the whole analysis a fixed total; past either bound a query answers
//! [`Answer::Unknown`] and the caller reports that the bound was reached.

use super::encode::Encoder;
use super::sat::{Budget, Lit, Outcome};
use crate::sema::ir::{AttrId, Expr, Record, Spec};

/// The bounds of an analysis. They are part of the documented behaviour (`docs/lints.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Conflicts one query may use before it answers "unknown".
    pub conflicts_per_query: u64,
    /// Conflicts all queries together may use.
    pub total_conflicts: u64,
    /// Solver calls the analysis may make.
    pub total_queries: u64,
}

impl Limits {
    /// What is left of these bounds after `used`.
    pub fn remaining(&self, used: Work) -> Limits {
        Limits {
            conflicts_per_query: self.conflicts_per_query,
            total_conflicts: self.total_conflicts.saturating_sub(used.conflicts),
            total_queries: self.total_queries.saturating_sub(used.queries),
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            conflicts_per_query: 20_000,
            total_conflicts: 5_000_000,
            total_queries: 5_000_000,
        }
    }
}

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

/// Counters of the work done, for benchmarks and the bound diagnostic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Work {
    pub queries: u64,
    pub conflicts: u64,
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

    fn all(&mut self, xs: impl IntoIterator<Item = Lit>) -> Lit {
        self.enc.all(xs)
    }

    fn any(&mut self, xs: impl IntoIterator<Item = Lit>) -> Lit {
        self.enc.any(xs)
    }
}

/// An analysis of one spec (or of several versions of a spec that share its schema).
pub struct Analysis<'s> {
    pub spec: &'s Spec,
    enc: Encoder,
    limits: Limits,
    work: Work,
    exhausted: bool,
}

impl<'s> Analysis<'s> {
    pub fn new(spec: &'s Spec) -> Analysis<'s> {
        Analysis::with_limits(spec, Limits::default())
    }

    pub fn with_limits(spec: &'s Spec, limits: Limits) -> Analysis<'s> {
        Analysis {
            spec,
            enc: Encoder::new(),
            limits,
            work: Work::default(),
            exhausted: false,
        }
    }

    /// The work done so far.
    pub fn work(&self) -> Work {
        self.work
    }

    /// Whether a query has hit a bound (so some answers were "unknown").
    pub fn exhausted(&self) -> bool {
        self.exhausted
    }

    /// The literal of an expression (encoded once, then shared).
    pub fn lit(&mut self, expr: &Expr) -> Lit {
        self.enc.expr(self.spec, expr)
    }

    /// The literal "the attribute holds this value" (see [`Encoder::value`]).
    pub fn value_lit(&mut self, id: AttrId, value: &crate::sema::ir::Value) -> Lit {
        self.enc.value(self.spec, id, value)
    }

    /// The literal of a conjunction or disjunction of literals.
    pub fn and(&mut self, lits: &[Lit]) -> Lit {
        self.enc.and(lits)
    }

    pub fn or(&mut self, lits: &[Lit]) -> Lit {
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

    /// Solves under assumptions within the bounds.
    pub fn solve(&mut self, assumptions: &[Lit]) -> Outcome {
        if self.work.queries >= self.limits.total_queries
            || self.work.conflicts >= self.limits.total_conflicts
        {
            self.exhausted = true;
            return Outcome::Unknown;
        }
        let left = self.limits.total_conflicts - self.work.conflicts;
        let budget = Budget::conflicts(self.limits.conflicts_per_query.min(left));
        let before = self.enc.solver.stats().conflicts;
        let outcome = self.enc.solver.solve(assumptions, budget);
        self.work.queries += 1;
        self.work.conflicts += self.enc.solver.stats().conflicts - before;
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

    /// [`Analysis::check`] for assumption literals; a witness shows the given attributes.
    pub fn check_lits(&mut self, lits: &[Lit], attrs: &[AttrId]) -> Answer {
        match self.solve(lits) {
            Outcome::Sat => {
                self.tidy(lits, attrs);
                Answer::Sat(self.witness_for(attrs))
            }
            Outcome::Unknown => Answer::Unknown,
            Outcome::Unsat => {
                let failed = self.enc.solver.failed_core().to_vec();
                let core: Vec<usize> = (0..lits.len())
                    .filter(|&i| failed.contains(&lits[i]))
                    .collect();
                match self.shrink(lits, core) {
                    Some(core) => Answer::Unsat(core),
                    None => Answer::Unknown,
                }
            }
        }
    }

    /// Makes the current model a tidier example: set values that the assumptions do not need
    /// are dropped, so an example account lists only what matters. Leaves a model of `lits`.
    fn tidy(&mut self, lits: &[Lit], attrs: &[AttrId]) {
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
                if self.solve(&fixed) != Outcome::Sat {
                    fixed.pop();
                    // Restore a model of what was kept (it is satisfiable: it was a moment ago).
                    if self.solve(&fixed) != Outcome::Sat {
                        return;
                    }
                }
            }
        }
    }

    /// Shrinks an unsatisfiable subset of `lits` (given by indices) to a minimal one by trying
    /// to drop each member in turn; a member whose removal keeps it unsatisfiable goes, and the
    /// solver's own core of the smaller set shrinks it further.
    fn shrink(&mut self, lits: &[Lit], mut core: Vec<usize>) -> Option<Vec<usize>> {
        let mut i = 0;
        while i < core.len() {
            let trial: Vec<usize> = core.iter().copied().filter(|&j| j != core[i]).collect();
            let trial_lits: Vec<Lit> = trial.iter().map(|&j| lits[j]).collect();
            match self.solve(&trial_lits) {
                Outcome::Unsat => {
                    let failed = self.enc.solver.failed_core().to_vec();
                    core = trial
                        .into_iter()
                        .filter(|&j| failed.contains(&lits[j]))
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
