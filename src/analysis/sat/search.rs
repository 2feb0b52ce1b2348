//! The CDCL loop: propagation, conflict analysis, the failed-assumption core, branching, learned
//! clause reduction and level-0 simplification.

use super::{CRef, FALSE, Lit, NO_CLAUSE, Solver, TRUE, UNDEF, Watcher};

/// Clause activity decay.
const CLAUSE_DECAY: f32 = 0.999;
/// Each reduction lets the learned-clause limit grow by this factor (within one call).
const LEARNTS_GROWTH: f64 = 1.1;

/// How one restart interval of [`Solver::search`] ended.
pub(super) enum Status {
    Sat,
    Unsat,
    Restart,
    OutOfBudget,
}

impl Solver {
    /// Searches until a model, a refutation, `restart_after` conflicts (then the caller restarts)
    /// or the end of the budget.
    pub(super) fn search(&mut self, restart_after: u64, conflicts_left: &mut u64) -> Status {
        let mut conflicts = 0u64;
        loop {
            let confl = self.propagate();
            if confl != NO_CLAUSE {
                if self.decision_level() == 0 {
                    self.stats.conflicts += 1;
                    self.ok = false;
                    return Status::Unsat;
                }
                if *conflicts_left == 0 || self.stats.ticks >= self.tick_limit {
                    return Status::OutOfBudget;
                }
                *conflicts_left -= 1;
                self.stats.conflicts += 1;
                conflicts += 1;
                let (backtrack, lbd) = self.analyze(confl);
                self.cancel_until(backtrack);
                let learnt = std::mem::take(&mut self.learnt);
                if learnt.len() == 1 {
                    // Backtracking went to level 0: the literal is a new fact.
                    self.assign(learnt[0], NO_CLAUSE);
                } else {
                    let cref = self.db.alloc(&learnt, true, lbd);
                    self.learnts.push(cref);
                    self.attach(cref);
                    self.bump_clause(cref);
                    self.assign(learnt[0], cref);
                }
                self.learnt = learnt;
                self.order.decay();
                self.cla_inc /= CLAUSE_DECAY;
                continue;
            }

            if self.stats.ticks >= self.tick_limit {
                return Status::OutOfBudget;
            }
            if conflicts >= restart_after {
                self.cancel_until(0);
                return Status::Restart;
            }
            if self.decision_level() == 0 && !self.simplify() {
                return Status::Unsat;
            }
            if self.learnts.len() as f64 >= self.max_learnts + self.trail.len() as f64 {
                self.reduce_db();
                self.max_learnts *= LEARNTS_GROWTH;
            }

            // Assumptions first, one level each; an assumption already true gets an empty level
            // so that level `d` always belongs to assumption `d - 1`.
            let mut next = None;
            while self.decision_level() < self.assumptions.len() {
                let p = self.assumptions[self.decision_level()];
                match self.lit_val(p) {
                    TRUE => self.trail_lim.push(self.trail.len()),
                    FALSE => {
                        self.analyze_final(!p);
                        return Status::Unsat;
                    }
                    _ => {
                        next = Some(p);
                        break;
                    }
                }
            }
            let next = match next {
                Some(p) => p,
                None => match self.pick_branch_lit() {
                    Some(p) => p,
                    None => return Status::Sat,
                },
            };
            self.stats.decisions += 1;
            self.trail_lim.push(self.trail.len());
            self.assign(next, NO_CLAUSE);
        }
    }

    /// Propagates every assignment on the trail not yet propagated; returns a conflicting clause
    /// or [`NO_CLAUSE`].
    pub(super) fn propagate(&mut self) -> CRef {
        let mut confl = NO_CLAUSE;
        let level = self.decision_level() as u32;
        let Solver {
            vals,
            watches,
            occurs,
            assumed,
            db,
            trail,
            qhead,
            level: levels,
            reason,
            stats,
            ..
        } = self;
        // Above level 0, a pure literal of a variable not assumed in this call is left
        // unassigned rather than implied: nothing can make it false, and the model makes it true
        // (see `Solver::decidable`). Level 0 propagates everything, so simplification sees facts.
        let leave_pure =
            |lit: Lit| level > 0 && occurs[(!lit).code()] == 0 && !assumed[lit.var().index()];
        while *qhead < trail.len() {
            let p = trail[*qhead];
            *qhead += 1;
            stats.propagations += 1;
            let false_lit = !p;
            stats.ticks += 1 + watches[false_lit.code()].len() as u64;
            if watches[false_lit.code()].is_empty() {
                continue;
            }
            // Taking the list out leaves an empty `Vec` (no allocation); no clause pushes a new
            // watcher onto it below, because `false_lit` is false and new watches are not.
            let mut ws = std::mem::take(&mut watches[false_lit.code()]);
            let n = ws.len();
            let (mut i, mut j) = (0, 0);
            'watchers: while i < n {
                let w = ws[i];
                i += 1;
                let blocker = vals[w.blocker.code()];
                if blocker == TRUE {
                    ws[j] = w;
                    j += 1;
                    continue;
                }
                let cref = w.cref;
                if w.binary {
                    // The other literal is the blocker: no need to read the clause. Its implied
                    // literal may stand in either position (see `Solver::locked`).
                    ws[j] = w;
                    j += 1;
                    if blocker == FALSE {
                        confl = cref;
                        *qhead = trail.len();
                        while i < n {
                            ws[j] = ws[i];
                            j += 1;
                            i += 1;
                        }
                    } else if !leave_pure(w.blocker) {
                        let v = w.blocker.var().index();
                        vals[w.blocker.code()] = TRUE;
                        vals[(!w.blocker).code()] = FALSE;
                        levels[v] = level;
                        reason[v] = cref;
                        trail.push(w.blocker);
                    }
                    continue;
                }
                let lits = db.lits_mut(cref);
                // Keep the false literal in position 1; position 0 is the other watch.
                if lits[0] == false_lit {
                    lits.swap(0, 1);
                }
                debug_assert_eq!(lits[1], false_lit);
                let first = lits[0];
                let kept = Watcher {
                    cref,
                    blocker: first,
                    binary: false,
                };
                if first != w.blocker && vals[first.code()] == TRUE {
                    ws[j] = kept;
                    j += 1;
                    continue;
                }
                for k in 2..lits.len() {
                    let lit = lits[k];
                    if vals[lit.code()] != FALSE {
                        lits[1] = lit;
                        lits[k] = false_lit;
                        watches[lit.code()].push(kept);
                        continue 'watchers;
                    }
                }
                // No replacement: the clause is unit on `first`, or conflicting.
                ws[j] = kept;
                j += 1;
                if vals[first.code()] == FALSE {
                    confl = cref;
                    *qhead = trail.len();
                    while i < n {
                        ws[j] = ws[i];
                        j += 1;
                        i += 1;
                    }
                } else if !leave_pure(first) {
                    let v = first.var().index();
                    vals[first.code()] = TRUE;
                    vals[(!first).code()] = FALSE;
                    levels[v] = level;
                    reason[v] = cref;
                    trail.push(first);
                }
            }
            ws.truncate(j);
            watches[false_lit.code()] = ws;
        }
        confl
    }

    /// First-UIP analysis of the conflict `confl`: leaves the minimized learned clause in
    /// `self.learnt` (asserting literal first, a literal of the backtrack level second) and returns
    /// the backtrack level and the clause's LBD.
    fn analyze(&mut self, mut confl: CRef) -> (usize, u32) {
        let current = self.decision_level();
        self.learnt.clear();
        // Placeholder for the asserting literal.
        self.learnt.push(Lit(0));
        let mut path = 0usize;
        let mut index = self.trail.len();
        let mut p: Option<Lit> = None;
        loop {
            debug_assert_ne!(
                confl, NO_CLAUSE,
                "a literal implied at the conflict level has a reason"
            );
            if self.db.header(confl).learnt {
                self.bump_clause(confl);
            }
            let len = self.db.lits(confl).len();
            self.stats.ticks += len as u64;
            for k in 0..len {
                let q = self.db.lits(confl)[k];
                // A reason clause contains the literal it implied (`p`): skip it.
                if Some(q) == p {
                    continue;
                }
                let v = q.var().index();
                if self.seen[v] == 0 && self.level[v] > 0 {
                    self.order.bump(v);
                    self.seen[v] = 1;
                    if self.level[v] as usize >= current {
                        path += 1;
                    } else {
                        self.learnt.push(q);
                    }
                }
            }
            // The next marked literal on the trail, going backwards.
            loop {
                index -= 1;
                self.stats.ticks += 1;
                if self.seen[self.trail[index].var().index()] != 0 {
                    break;
                }
            }
            let lit = self.trail[index];
            let v = lit.var().index();
            confl = self.reason[v];
            self.seen[v] = 0;
            p = Some(lit);
            path -= 1;
            if path == 0 {
                break;
            }
        }
        if let Some(uip) = p {
            self.learnt[0] = !uip;
        }

        self.minimize_learnt();

        // Put a literal of the highest remaining level second: it becomes the second watch.
        let backtrack = if self.learnt.len() == 1 {
            0
        } else {
            let mut best = 1;
            for i in 2..self.learnt.len() {
                if self.level[self.learnt[i].var().index()]
                    > self.level[self.learnt[best].var().index()]
                {
                    best = i;
                }
            }
            self.learnt.swap(1, best);
            self.level[self.learnt[1].var().index()] as usize
        };
        (backtrack, self.lbd_of_learnt())
    }

    /// Removes the literals of `self.learnt` implied by the others (MiniSat's recursive
    /// minimization), then clears every `seen` mark left by the analysis.
    fn minimize_learnt(&mut self) {
        let mut abstract_levels = 0u32;
        for lit in &self.learnt[1..] {
            abstract_levels |= abstract_level(self.level[lit.var().index()]);
        }
        self.to_clear.clear();
        self.to_clear.extend_from_slice(&self.learnt);
        let mut kept = 1;
        for i in 1..self.learnt.len() {
            let lit = self.learnt[i];
            if self.reason[lit.var().index()] == NO_CLAUSE || !self.redundant(lit, abstract_levels)
            {
                self.learnt[kept] = lit;
                kept += 1;
            }
        }
        self.learnt.truncate(kept);
        for lit in &self.to_clear {
            self.seen[lit.var().index()] = 0;
        }
    }

    /// Whether `lit` of the learned clause is implied by the clause's other literals: every path
    /// back through reasons ends in a marked literal. Explores with an explicit stack; marks what
    /// it proves redundant (recorded in `to_clear`) and undoes its marks on failure.
    fn redundant(&mut self, lit: Lit, abstract_levels: u32) -> bool {
        self.stack.clear();
        self.stack.push(lit);
        let top = self.to_clear.len();
        while let Some(q) = self.stack.pop() {
            let cref = self.reason[q.var().index()];
            debug_assert_ne!(cref, NO_CLAUSE);
            let len = self.db.lits(cref).len();
            self.stats.ticks += len as u64;
            for k in 0..len {
                let l = self.db.lits(cref)[k];
                let v = l.var().index();
                if self.seen[v] != 0 || self.level[v] == 0 || v == q.var().index() {
                    continue;
                }
                if self.reason[v] != NO_CLAUSE
                    && abstract_level(self.level[v]) & abstract_levels != 0
                {
                    self.seen[v] = 1;
                    self.stack.push(l);
                    self.to_clear.push(l);
                } else {
                    for cleared in &self.to_clear[top..] {
                        self.seen[cleared.var().index()] = 0;
                    }
                    self.to_clear.truncate(top);
                    return false;
                }
            }
        }
        true
    }

    /// The number of distinct decision levels among the literals of `self.learnt`.
    fn lbd_of_learnt(&mut self) -> u32 {
        self.stamp += 1;
        let needed = self.decision_level() + 1;
        if self.level_stamp.len() < needed {
            self.level_stamp.resize(needed, 0);
        }
        let mut lbd = 0;
        for lit in &self.learnt {
            let l = self.level[lit.var().index()] as usize;
            if self.level_stamp[l] != self.stamp {
                self.level_stamp[l] = self.stamp;
                lbd += 1;
            }
        }
        lbd
    }

    /// Sets `self.core` to assumptions that together imply `p`, the negation of a refuted
    /// assumption (MiniSat's `analyzeFinal`): the decisions reached by walking reasons back from
    /// `p`. All decisions at this point are assumptions.
    fn analyze_final(&mut self, p: Lit) {
        self.core.clear();
        self.core.push(!p);
        let pv = p.var().index();
        if self.decision_level() == 0 || self.level[pv] == 0 {
            return;
        }
        self.seen[pv] = 1;
        let start = self.trail_lim[0];
        for i in (start..self.trail.len()).rev() {
            self.stats.ticks += 1;
            let lit = self.trail[i];
            let v = lit.var().index();
            if self.seen[v] == 0 {
                continue;
            }
            let cref = self.reason[v];
            if cref == NO_CLAUSE {
                debug_assert!(self.level[v] > 0);
                // A decision below the assumption levels: the assumption `lit` itself.
                self.core.push(lit);
            } else {
                let len = self.db.lits(cref).len();
                self.stats.ticks += len as u64;
                for k in 0..len {
                    let q = self.db.lits(cref)[k].var().index();
                    if q != v && self.level[q] > 0 {
                        self.seen[q] = 1;
                    }
                }
            }
            self.seen[v] = 0;
        }
        self.seen[pv] = 0;
    }

    /// The unassigned variable of highest activity, in its saved phase.
    fn pick_branch_lit(&mut self) -> Option<Lit> {
        loop {
            self.stats.ticks += 1 + self.order.depth();
            let Some(v) = self.order.pop() else { break };
            if self.vals[2 * v] == UNDEF {
                return Some(Lit::new(super::Var(v as u32), self.phase[v]));
            }
        }
        None
    }

    fn bump_clause(&mut self, cref: CRef) {
        let h = self.db.header_mut(cref);
        h.activity += self.cla_inc;
        if h.activity > 1e20 {
            for &c in &self.learnts {
                self.db.header_mut(c).activity *= 1e-20;
            }
            self.cla_inc *= 1e-20;
        }
    }

    /// Whether `cref` is the reason of a current assignment (and so must not be deleted). The
    /// implied literal of a long clause is its first; a binary clause may imply either.
    fn locked(&self, cref: CRef) -> bool {
        let lits = self.db.lits(cref);
        let implies =
            |lit: Lit| self.reason[lit.var().index()] == cref && self.lit_val(lit) == TRUE;
        implies(lits[0]) || (lits.len() == 2 && implies(lits[1]))
    }

    /// Deletes the worse half of the learned clauses (higher LBD first, then lower activity),
    /// sparing those that are reasons of current assignments.
    fn reduce_db(&mut self) {
        self.stats.ticks += self.learnts.len() as u64;
        let db = &self.db;
        self.learnts.sort_unstable_by(|&a, &b| {
            let (ha, hb) = (db.header(a), db.header(b));
            hb.lbd
                .cmp(&ha.lbd)
                .then(ha.activity.total_cmp(&hb.activity))
                .then(a.cmp(&b))
        });
        let half = self.learnts.len() / 2;
        let mut removed = false;
        for i in 0..half {
            let cref = self.learnts[i];
            if !self.locked(cref) {
                self.db.delete(cref);
                removed = true;
            }
        }
        if removed {
            self.collect_deleted();
        }
    }

    /// Simplifies the clauses against the level-0 facts: removes satisfied clauses and false
    /// literals. Returns false (and marks the solver unsatisfiable) if the facts conflict.
    pub(super) fn simplify(&mut self) -> bool {
        debug_assert_eq!(self.decision_level(), 0);
        if !self.ok || self.propagate() != NO_CLAUSE {
            self.ok = false;
            return false;
        }
        if self.trail.len() == self.simp_trail || self.stats.propagations < self.simp_next_props {
            return true;
        }
        let mut removed = false;
        let mut total_lits = 0u64;
        self.stats.ticks += self.db.capacity() as u64;
        for c in 0..self.db.capacity() {
            let cref = c as CRef;
            if self.db.header(cref).deleted {
                continue;
            }
            let lits = self.db.lits(cref);
            if lits.iter().any(|&l| self.lit_val(l) == TRUE) {
                if !self.db.header(cref).learnt {
                    self.num_problem -= 1;
                }
                self.db.delete(cref);
                removed = true;
                continue;
            }
            // With propagation complete, the two watched literals of an unsatisfied clause are
            // unassigned, so only positions from 2 on can be false.
            debug_assert!(lits[..2].iter().all(|&l| self.lit_val(l) == UNDEF));
            let mut kept = 2;
            let len = lits.len();
            for k in 2..len {
                let lit = self.db.lits(cref)[k];
                if self.lit_val(lit) == UNDEF {
                    self.db.lits_mut(cref)[kept] = lit;
                    kept += 1;
                }
            }
            if kept < len {
                self.db.truncate(cref, kept);
            }
            total_lits += kept as u64;
        }
        // Level-0 assignments are never explained, and their reasons may just have been deleted.
        for &lit in &self.trail {
            self.reason[lit.var().index()] = NO_CLAUSE;
        }
        if removed {
            self.collect_deleted();
        }
        self.simp_trail = self.trail.len();
        self.stats.ticks += total_lits;
        self.simp_next_props = self.stats.propagations + total_lits;
        true
    }

    /// Drops every watcher and learned-clause entry of a deleted clause, then frees them.
    fn collect_deleted(&mut self) {
        self.stats.ticks += (self.watches.len() + self.learnts.len()) as u64;
        let db = &self.db;
        for ws in &mut self.watches {
            ws.retain(|w| !db.header(w.cref).deleted);
        }
        self.learnts.retain(|&c| !db.header(c).deleted);
        self.db.release_deleted();
        self.db.compact_if_wasteful();
    }
}

/// A one-bit summary of a decision level, for the quick test in [`Solver::redundant`].
fn abstract_level(level: u32) -> u32 {
    1 << (level & 31)
}
