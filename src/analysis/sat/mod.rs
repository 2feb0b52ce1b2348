//! A small incremental SAT solver with assumptions, failed-assumption cores and conflict budgets.
//!
//! The analysis stage reduces contradiction and overlap questions to propositional satisfiability:
//! it adds clauses once and then asks many small questions, each under a handful of assumption
//! literals (one per source criterion). This module answers them: [`Solver::solve`] gives
//! [`Outcome::Sat`] with a model, [`Outcome::Unsat`] with a subset of the assumptions that the
//! clauses refute ([`Solver::failed_core`]), or [`Outcome::Unknown`] when the call's [`Budget`]
//! (of conflicts, and of work in deterministic units, [`Stats::ticks`]) runs out. The budget is why this solver exists: the pure-Rust alternatives have no
//! way to stop a pathological query at a documented bound, and the C++ ones need a C++ build.
//!
//! The algorithm is conflict-driven clause learning in the style of MiniSat:
//! - unit propagation over two watched literals per clause, each watcher caching a "blocker"
//!   literal that skips the clause when it is already true (for a binary clause the blocker is
//!   the other literal, so binary clauses propagate without reading the clause);
//! - first-UIP conflict analysis, with recursive minimization of the learned clause (done with an
//!   explicit stack, so no recursion depth depends on the input);
//! - VSIDS branching from a binary heap of variable activities, with phase saving;
//! - restarts on the Luby sequence (unit 100 conflicts);
//! - learned clauses reduced by halves, worst first by literal block distance (LBD) and then by
//!   activity, so the database stays bounded over hundreds of thousands of calls;
//! - level-0 simplification: clauses satisfied by facts are removed, false literals stripped;
//! - assumptions decided first, one decision level each; when one is refuted, MiniSat's
//!   `analyzeFinal` walks the implication graph back to the assumptions that caused it;
//! - pure variables (those that occur in one polarity only) are neither decided nor, unless
//!   assumed, propagated; the model makes their literal true. The analysis stage's criterion
//!   variables are like that, and most of them are idle in any one query.
//!
//! Everything is deterministic: the same sequence of calls gives the same answers, models and
//! cores. Nothing panics on any sequence of calls. A literal of a variable that was never created
//! is a caller bug (it may belong to another solver): the solver then answers
//! [`Outcome::Unknown`] to every later call, so the question is reported as not decided rather
//! than answered about variables the caller did not mean.
//!
//! The internals index their per-variable and per-literal arrays directly (the module is exempt
//! from `clippy::indexing_slicing`; the invariant that makes every index valid is stated where
//! `analysis/mod.rs` declares it).

mod clause_db;
mod order;
mod search;
#[cfg(test)]
mod tests;

use clause_db::{CRef, ClauseDb, NO_CLAUSE};
use order::VarOrder;

/// A propositional variable, created by [`Solver::new_var`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Var(u32);

impl Var {
    /// The variable with this index (variables are numbered from 0 in creation order), if the
    /// index is one a variable can have.
    pub fn from_index(index: usize) -> Option<Var> {
        (index < MAX_VARS).then_some(Var(index as u32))
    }

    /// The variable's index, `0..num_vars()`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// No more variables than this: a literal is `2 * var + sign` in a `u32`.
const MAX_VARS: usize = 1 << 31;

/// A variable or its negation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lit(u32);

impl Lit {
    /// The literal of `var` that is true when `var` has the value `positive`.
    pub fn new(var: Var, positive: bool) -> Lit {
        Lit((var.0 << 1) | u32::from(!positive))
    }

    pub fn pos(var: Var) -> Lit {
        Lit::new(var, true)
    }

    pub fn neg(var: Var) -> Lit {
        Lit::new(var, false)
    }

    pub fn var(self) -> Var {
        Var(self.0 >> 1)
    }

    /// True for `var`, false for `!var`.
    pub fn is_pos(self) -> bool {
        self.0 & 1 == 0
    }

    /// The index of this literal in per-literal tables: `2 * var + (negated as usize)`.
    fn code(self) -> usize {
        self.0 as usize
    }
}

impl std::ops::Not for Lit {
    type Output = Lit;

    fn not(self) -> Lit {
        Lit(self.0 ^ 1)
    }
}

/// How much work one [`Solver::solve`] call may do before it gives up with [`Outcome::Unknown`].
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// The call analyses at most this many conflicts; meeting one more ends it with
    /// [`Outcome::Unknown`]. A conflict with no decision left to undo is not analysed: it proves
    /// the clauses unsatisfiable, so zero still allows every answer that needs no analysis.
    pub conflicts: u64,
    /// The call stops with [`Outcome::Unknown`] once it has done this many units of work
    /// ([`Stats::ticks`]), checked after each round of propagation.
    pub ticks: u64,
}

impl Budget {
    /// No limit.
    pub const UNLIMITED: Budget = Budget {
        conflicts: u64::MAX,
        ticks: u64::MAX,
    };

    /// At most `n` conflicts.
    pub fn conflicts(n: u64) -> Budget {
        Budget {
            conflicts: n,
            ticks: u64::MAX,
        }
    }

    /// At most `n` units of work.
    pub fn ticks(n: u64) -> Budget {
        Budget {
            conflicts: u64::MAX,
            ticks: n,
        }
    }
}

/// The answer of one [`Solver::solve`] call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The clauses and the assumptions hold together; [`Solver::value`] reads the model.
    Sat,
    /// They cannot hold together; [`Solver::failed_core`] names the assumptions to blame.
    Unsat,
    /// The budget ran out first.
    Unknown,
}

/// Cumulative counters over the solver's life.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    /// Calls to [`Solver::solve`].
    pub solves: u64,
    /// Conflicts analysed (plus the one that proves the clauses unsatisfiable, if any); the
    /// conflict that exhausts a budget is not counted.
    pub conflicts: u64,
    /// Decision levels opened, for assumptions and for branching.
    pub decisions: u64,
    /// Literals propagated.
    pub propagations: u64,
    /// Units of work, counted the same on every machine: each literal propagated and each
    /// watcher it visits, each literal read in conflict analysis and minimisation, each clause
    /// literal scanned by simplification, each variable unassigned, branched on or copied into
    /// a model, each assumption passed; creating a variable or storing a clause counts several
    /// (they allocate). The time a call takes grows in proportion
    /// (up to the logarithm of the branching heap), which is what makes a budget of ticks a
    /// bound on time that does not depend on the machine.
    pub ticks: u64,
}

/// One watcher: `cref` watches the literal whose list holds this entry.
#[derive(Clone, Copy, Debug)]
struct Watcher {
    cref: CRef,
    /// Another literal of the clause: when it is true the clause is satisfied and not visited.
    /// For a binary clause it is the other literal, so the clause itself is never read.
    blocker: Lit,
    /// The clause has exactly two literals (and always will: binary clauses are never shrunk).
    binary: bool,
}

/// Value of a literal in [`Solver::vals`].
const TRUE: i8 = 1;
const FALSE: i8 = -1;
const UNDEF: i8 = 0;

/// The initial limit on learned clauses kept, before the problem size raises it.
const MIN_LEARNTS: f64 = 2000.0;

/// An incremental CDCL SAT solver; see the module documentation.
#[derive(Debug)]
pub struct Solver {
    /// False once the clauses alone are known to be unsatisfiable; then every call answers Unsat.
    ok: bool,
    /// Set when more variables were asked for than a literal can number, or when a call passed
    /// a literal of a variable that was never created: every later call answers
    /// [`Outcome::Unknown`] (the question is reported as not decided), never a wrong answer
    /// about variables that could not be made or were not meant.
    full: bool,
    /// The most variables this solver makes ([`MAX_VARS`]; smaller in tests).
    max_vars: usize,
    num_vars: usize,

    // Per literal, indexed by `Lit::code`.
    /// Current value of each literal: [`TRUE`], [`FALSE`] or [`UNDEF`].
    vals: Vec<i8>,
    /// `watches[l]` lists the clauses watching `l`; they are visited when `l` becomes false.
    watches: Vec<Vec<Watcher>>,
    /// How many stored problem clauses ever contained each literal (never decremented, so a zero
    /// is exact). A variable with one zero is pure: see [`Solver::decidable`].
    occurs: Vec<u32>,

    // Per variable.
    /// Decision level at which the variable was assigned.
    level: Vec<u32>,
    /// The clause that implied the variable's value, or [`NO_CLAUSE`] for decisions and facts.
    reason: Vec<CRef>,
    /// Whether the variable is assumed (in either polarity) by the current `solve` call.
    assumed: Vec<bool>,
    /// Saved phase: the value the variable last had, tried first when branching on it.
    phase: Vec<bool>,
    /// Scratch marks for conflict analysis; all zero between analyses.
    seen: Vec<u8>,
    /// VSIDS activities and the branching heap.
    order: VarOrder,

    // Assignment trail.
    trail: Vec<Lit>,
    /// `trail_lim[d]` is the trail length when decision level `d + 1` was opened.
    trail_lim: Vec<usize>,
    /// The next trail position to propagate.
    qhead: usize,

    // Clauses.
    db: ClauseDb,
    learnts: Vec<CRef>,
    num_problem: usize,
    cla_inc: f32,
    max_learnts: f64,
    /// The least `max_learnts` a call starts with ([`MIN_LEARNTS`]; tests lower it to exercise
    /// reduction on small formulas).
    learnts_floor: f64,
    /// Trail length at level 0 when the clauses were last simplified.
    simp_trail: usize,
    /// Propagations before the next simplification is worth its cost.
    simp_next_props: u64,

    // Results of the last call.
    assumptions: Vec<Lit>,
    /// After Sat: the value of every literal (a copy of `vals`), [`UNDEF`] for variables that
    /// the model completes (see [`Solver::completion`]). Empty otherwise.
    model: Vec<i8>,
    /// The model may still hold [`UNDEF`] entries.
    model_open: bool,
    core: Vec<Lit>,
    stats: Stats,
    /// The [`Stats::ticks`] count at which the current call stops (set by `solve`).
    tick_limit: u64,

    // Scratch buffers, kept to avoid allocating per conflict.
    learnt: Vec<Lit>,
    stack: Vec<Lit>,
    to_clear: Vec<Lit>,
    level_stamp: Vec<u64>,
    stamp: u64,
    add_buf: Vec<Lit>,
}

impl Default for Solver {
    fn default() -> Solver {
        Solver::new()
    }
}

impl Solver {
    pub fn new() -> Solver {
        Solver {
            ok: true,
            full: false,
            max_vars: MAX_VARS,
            num_vars: 0,
            vals: Vec::new(),
            watches: Vec::new(),
            occurs: Vec::new(),
            level: Vec::new(),
            reason: Vec::new(),
            assumed: Vec::new(),
            phase: Vec::new(),
            seen: Vec::new(),
            order: VarOrder::default(),
            trail: Vec::new(),
            trail_lim: Vec::new(),
            qhead: 0,
            db: ClauseDb::default(),
            learnts: Vec::new(),
            num_problem: 0,
            cla_inc: 1.0,
            max_learnts: MIN_LEARNTS,
            learnts_floor: MIN_LEARNTS,
            simp_trail: 0,
            simp_next_props: 0,
            assumptions: Vec::new(),
            model: Vec::new(),
            model_open: false,
            core: Vec::new(),
            stats: Stats::default(),
            tick_limit: u64::MAX,
            learnt: Vec::new(),
            stack: Vec::new(),
            to_clear: Vec::new(),
            level_stamp: Vec::new(),
            stamp: 0,
            add_buf: Vec::new(),
        }
    }

    /// A solver that makes at most `max_vars` variables, to test what happens at the limit.
    #[cfg(test)]
    pub(crate) fn with_var_limit(max_vars: usize) -> Solver {
        Solver {
            max_vars: max_vars.min(MAX_VARS),
            ..Solver::new()
        }
    }

    /// Creates a fresh variable, unconstrained until clauses mention it.
    pub fn new_var(&mut self) -> Var {
        if self.num_vars >= self.max_vars {
            // No new variable can be numbered: the solver stops answering (see `full`), and the
            // variable returned stands for none in particular.
            self.full = true;
            return Var((self.max_vars.max(1) - 1) as u32);
        }
        let var = Var(self.num_vars as u32);
        self.num_vars += 1;
        // A variable grows a dozen arrays: it costs more than a propagation step.
        self.stats.ticks += 8;
        self.vals.extend([UNDEF, UNDEF]);
        self.watches.extend([Vec::new(), Vec::new()]);
        self.occurs.extend([0, 0]);
        self.level.push(0);
        self.reason.push(NO_CLAUSE);
        self.assumed.push(false);
        self.phase.push(false);
        self.seen.push(0);
        self.order.push_var();
        var
    }

    pub fn num_vars(&self) -> usize {
        self.num_vars
    }

    /// Clauses added by the caller and still kept (not satisfied by level-0 facts, not units).
    pub fn num_clauses(&self) -> usize {
        self.num_problem
    }

    /// Learned clauses currently kept.
    pub fn num_learnts(&self) -> usize {
        self.learnts.len()
    }

    /// Adds the clause `lits` (their disjunction). Duplicate literals are merged, tautologies and
    /// clauses satisfied by level-0 facts are dropped, and literals false at level 0 are removed.
    /// An empty clause, or one refuted by the facts, makes the solver unsatisfiable for good.
    pub fn add_clause(&mut self, lits: &[Lit]) {
        // Storing and watching a clause allocates: it costs more than reading one.
        self.stats.ticks += 4 + 2 * lits.len() as u64;
        if !self.known_vars(lits) || !self.ok {
            return;
        }
        if self.model_open {
            self.complete_model();
        }
        // Every public call leaves the solver at level 0 (solve backtracks before returning).
        debug_assert_eq!(self.decision_level(), 0);
        let mut buf = std::mem::take(&mut self.add_buf);
        buf.clear();
        buf.extend_from_slice(lits);
        buf.sort_unstable();
        // Sorting puts `v` and `!v` next to each other, and duplicates too.
        let mut kept = 0;
        let mut prev: Option<Lit> = None;
        let mut satisfied = false;
        for i in 0..buf.len() {
            let lit = buf[i];
            let value = self.lit_val(lit);
            if value == TRUE || prev == Some(!lit) {
                satisfied = true;
                break;
            }
            if value == UNDEF && prev != Some(lit) {
                buf[kept] = lit;
                kept += 1;
            }
            prev = Some(lit);
        }
        buf.truncate(kept);
        if !satisfied {
            match buf.len() {
                0 => self.ok = false,
                1 => {
                    self.assign(buf[0], NO_CLAUSE);
                    self.ok = self.propagate() == NO_CLAUSE;
                }
                _ => {
                    let cref = self.db.alloc(&buf, false, 0);
                    self.attach(cref);
                    self.num_problem += 1;
                    for &lit in &buf {
                        self.occurs[lit.code()] = self.occurs[lit.code()].saturating_add(1);
                        // Its first occurrence in this polarity may end the variable's purity.
                        let v = lit.var().index();
                        if self.occurs[lit.code()] == 1 && self.decidable(v) {
                            self.order.insert(v);
                        }
                    }
                }
            }
        }
        self.add_buf = buf;
    }

    /// Decides whether the clauses hold together with every literal of `assumptions`, stopping
    /// with [`Outcome::Unknown`] once `budget` runs out. Assumptions may repeat or contradict
    /// each other. The solver stays usable after every outcome, and learned clauses are kept.
    pub fn solve(&mut self, assumptions: &[Lit], budget: Budget) -> Outcome {
        self.stats.solves += 1;
        self.stats.ticks += 1 + assumptions.len() as u64;
        self.tick_limit = self.stats.ticks.saturating_add(budget.ticks);
        self.model.clear();
        self.model_open = false;
        self.core.clear();
        if !self.known_vars(assumptions) {
            return Outcome::Unknown;
        }
        self.assumptions.clear();
        self.assumptions.extend_from_slice(assumptions);
        if !self.ok || !self.simplify() {
            return Outcome::Unsat;
        }
        self.max_learnts = (self.num_problem as f64 / 3.0).max(self.learnts_floor);
        for &a in assumptions {
            self.assumed[a.var().index()] = true;
        }
        let mut conflicts_left = budget.conflicts;
        let mut restarts = 0;
        let outcome = loop {
            let restart_after = luby(restarts) * 100;
            restarts += 1;
            match self.search(restart_after, &mut conflicts_left) {
                search::Status::Sat => {
                    self.save_model();
                    break Outcome::Sat;
                }
                search::Status::Unsat => break Outcome::Unsat,
                search::Status::OutOfBudget => break Outcome::Unknown,
                search::Status::Restart => {}
            }
        };
        self.cancel_until(0);
        for &a in assumptions {
            self.assumed[a.var().index()] = false;
        }
        outcome
    }

    /// The variable's value in the model of the last call, which must have answered Sat.
    /// (False for anything else: no model, or a variable created since.) Clauses added after the
    /// call do not change the model.
    pub fn value(&self, var: Var) -> bool {
        let v = var.index();
        match self.model.get(2 * v) {
            Some(&TRUE) => true,
            Some(&UNDEF) => self.completion(v),
            _ => false,
        }
    }

    /// The literal's value in the model of the last call; see [`Solver::value`].
    pub fn lit_value(&self, lit: Lit) -> bool {
        self.value(lit.var()) == lit.is_pos()
    }

    /// After Unsat: assumptions of the last call (as passed) that the clauses refute together.
    /// Empty when the clauses alone are unsatisfiable. Small, but not necessarily minimal.
    pub fn failed_core(&self) -> &[Lit] {
        &self.core
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Whether the solver can take `lits`: it is not full and every literal's variable
    /// was created. A literal of a variable that does not exist is a caller bug (a literal of
    /// another solver, say): the solver marks itself full, so this and every later call answers
    /// [`Outcome::Unknown`] instead of reasoning about variables the caller did not mean. Every
    /// public entry that takes literals (`add_clause`, `solve`) checks them here first; that is
    /// what makes the internals' indexing by variable and literal sound.
    fn known_vars(&mut self, lits: &[Lit]) -> bool {
        if lits.iter().any(|l| l.var().index() >= self.num_vars) {
            self.full = true;
        }
        !self.full
    }

    /// Whether branching may pick `v`: it occurs in stored problem clauses in both polarities.
    ///
    /// A pure variable (one polarity only, or none) is never decided, and propagation above level
    /// 0 does not assign its pure literal either unless an assumption names the variable. Only
    /// an assumption could make such a literal false, since learned clauses only hold literals of
    /// problem clauses. So once every decidable variable is assigned without conflict, each
    /// clause not yet satisfied contains an unassigned pure literal in its pure polarity (a
    /// clause with every literal false would have been a conflict), and making the pure literals
    /// true completes a model. This matters for the analysis stage: most of its variables are
    /// criteria that only ever occur negated, and assigning each of them on every query would
    /// dominate the cost of small queries.
    fn decidable(&self, v: usize) -> bool {
        self.occurs[2 * v] > 0 && self.occurs[2 * v + 1] > 0
    }

    /// Records the model after a Sat search: a copy of the assignment. Variables left unassigned
    /// (pure or unconstrained ones, see [`Solver::decidable`]) are completed when read.
    fn save_model(&mut self) {
        self.stats.ticks += self.vals.len() as u64;
        self.model.clear();
        self.model.extend_from_slice(&self.vals);
        self.model_open = true;
        debug_assert!(self.model_satisfies_problem_clauses());
    }

    /// The value an unassigned variable takes in the model: its pure polarity, or else its saved
    /// phase. Depends on `occurs` and `phase`, which change only in `add_clause` (which first
    /// calls [`Solver::complete_model`]) and in `solve` (which replaces the model).
    fn completion(&self, v: usize) -> bool {
        self.occurs[2 * v] > 0 || (self.occurs[2 * v + 1] == 0 && self.phase[v])
    }

    /// Fixes the completed values of the model into it, before `occurs` changes.
    fn complete_model(&mut self) {
        self.stats.ticks += self.model.len() as u64;
        for v in 0..self.model.len() / 2 {
            if self.model[2 * v] == UNDEF {
                let value = self.completion(v);
                self.model[2 * v] = if value { TRUE } else { FALSE };
            }
        }
        self.model_open = false;
    }

    /// Self-check for debug builds: the saved model satisfies every stored problem clause.
    fn model_satisfies_problem_clauses(&self) -> bool {
        (0..self.db.capacity() as CRef).all(|cref| {
            let h = self.db.header(cref);
            h.deleted || h.learnt || self.db.lits(cref).iter().any(|&l| self.lit_value(l))
        })
    }

    fn decision_level(&self) -> usize {
        self.trail_lim.len()
    }

    fn lit_val(&self, lit: Lit) -> i8 {
        self.vals[lit.code()]
    }

    /// Makes `lit` true at the current level, implied by `reason`.
    fn assign(&mut self, lit: Lit, reason: CRef) {
        debug_assert_eq!(self.lit_val(lit), UNDEF);
        let v = lit.var().index();
        self.vals[lit.code()] = TRUE;
        self.vals[(!lit).code()] = FALSE;
        self.level[v] = self.decision_level() as u32;
        self.reason[v] = reason;
        self.trail.push(lit);
    }

    /// Watches the first two literals of a stored clause.
    fn attach(&mut self, cref: CRef) {
        let lits = self.db.lits(cref);
        let (a, b) = (lits[0], lits[1]);
        let binary = lits.len() == 2;
        self.watches[a.code()].push(Watcher {
            cref,
            blocker: b,
            binary,
        });
        self.watches[b.code()].push(Watcher {
            cref,
            blocker: a,
            binary,
        });
    }

    /// Undoes every assignment above `level`, saving phases and returning variables to the heap.
    fn cancel_until(&mut self, level: usize) {
        if self.decision_level() <= level {
            return;
        }
        let keep = self.trail_lim[level];
        self.stats.ticks += (self.trail.len() - keep) as u64;
        for i in (keep..self.trail.len()).rev() {
            let lit = self.trail[i];
            let v = lit.var().index();
            self.vals[lit.code()] = UNDEF;
            self.vals[(!lit).code()] = UNDEF;
            self.phase[v] = lit.is_pos();
            if self.decidable(v) {
                self.order.insert(v);
            }
        }
        self.trail.truncate(keep);
        self.trail_lim.truncate(level);
        self.qhead = keep;
    }
}

/// The `i`-th term (from 0) of the Luby sequence 1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8, ...
fn luby(mut i: u64) -> u64 {
    // Find the finite subsequence that contains index `i`, and the index within it.
    let mut size = 1u64;
    let mut seq = 0u32;
    while size < i + 1 {
        seq += 1;
        size = 2 * size + 1;
    }
    while size - 1 != i {
        size = (size - 1) >> 1;
        seq -= 1;
        i %= size;
    }
    1u64 << seq.min(40)
}
