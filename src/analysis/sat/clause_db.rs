//! Clause storage: every clause's literals in one arena, with a small header per clause.
//!
//! A clause is named by a [`CRef`], the index of its header. Deleting a clause marks its header;
//! once the solver has dropped every watcher and reason that names it, the header goes on a free
//! list for reuse. The arena is compacted when more than half of it is dead; compaction moves
//! literals but never renames a clause, so watchers and reasons stay valid.

use super::Lit;

/// Names a clause: an index into the header table.
pub(super) type CRef = u32;

/// The reason of a decision, a level-0 fact asserted without a clause, or an unassigned variable.
pub(super) const NO_CLAUSE: CRef = CRef::MAX;

/// What the solver knows about one clause besides its literals.
#[derive(Clone, Copy, Debug)]
pub(super) struct Header {
    /// Where the literals start in the arena.
    start: usize,
    /// How many literals the clause has (at least two for a stored clause).
    len: usize,
    /// Literal block distance when learned: the number of decision levels among its literals.
    pub(super) lbd: u32,
    /// Bumped each time the clause takes part in a conflict; decays over time.
    pub(super) activity: f32,
    /// Learned from a conflict (deletable) rather than added by the caller.
    pub(super) learnt: bool,
    /// Deleted: its literals are garbage and its header waits for reuse.
    pub(super) deleted: bool,
}

/// The clause arena.
#[derive(Debug, Default)]
pub(super) struct ClauseDb {
    headers: Vec<Header>,
    lits: Vec<Lit>,
    /// Headers of deleted clauses that nothing names any more.
    free: Vec<CRef>,
    /// Headers of deleted clauses that watchers may still name.
    deleted: Vec<CRef>,
    /// Arena slots that belong to deleted or shrunk clauses.
    wasted: usize,
}

impl ClauseDb {
    /// Stores a clause and returns its name.
    pub(super) fn alloc(&mut self, lits: &[Lit], learnt: bool, lbd: u32) -> CRef {
        debug_assert!(
            lits.len() >= 2,
            "only clauses of two or more literals are stored"
        );
        let header = Header {
            start: self.lits.len(),
            len: lits.len(),
            lbd,
            activity: 0.0,
            learnt,
            deleted: false,
        };
        self.lits.extend_from_slice(lits);
        if let Some(cref) = self.free.pop() {
            self.headers[cref as usize] = header;
            cref
        } else {
            // A clause table of 2^32 entries would need hundreds of gigabytes of memory first.
            debug_assert!(self.headers.len() < NO_CLAUSE as usize);
            self.headers.push(header);
            (self.headers.len() - 1) as CRef
        }
    }

    /// The number of header slots, live or not: every `CRef` ever returned is below it.
    pub(super) fn capacity(&self) -> usize {
        self.headers.len()
    }

    pub(super) fn header(&self, cref: CRef) -> &Header {
        &self.headers[cref as usize]
    }

    pub(super) fn header_mut(&mut self, cref: CRef) -> &mut Header {
        &mut self.headers[cref as usize]
    }

    pub(super) fn lits(&self, cref: CRef) -> &[Lit] {
        let h = &self.headers[cref as usize];
        &self.lits[h.start..h.start + h.len]
    }

    /// The literals, writable: propagation reorders the watched pair in place.
    pub(super) fn lits_mut(&mut self, cref: CRef) -> &mut [Lit] {
        let h = &self.headers[cref as usize];
        &mut self.lits[h.start..h.start + h.len]
    }

    /// Marks a clause deleted. Its header is reused only after [`Self::release_deleted`], which
    /// the caller calls once no watcher or reason names the clause any more.
    pub(super) fn delete(&mut self, cref: CRef) {
        let h = &mut self.headers[cref as usize];
        if !h.deleted {
            h.deleted = true;
            self.wasted += h.len;
            self.deleted.push(cref);
        }
    }

    /// Puts the headers of the clauses deleted so far up for reuse.
    pub(super) fn release_deleted(&mut self) {
        self.free.append(&mut self.deleted);
    }

    /// Cuts a clause down to its first `len` literals (which the caller has arranged).
    pub(super) fn truncate(&mut self, cref: CRef, len: usize) {
        let h = &mut self.headers[cref as usize];
        debug_assert!(2 <= len && len <= h.len);
        self.wasted += h.len - len;
        h.len = len;
    }

    /// Moves the live clauses together when more than half of the arena is garbage.
    pub(super) fn compact_if_wasteful(&mut self) {
        if self.wasted * 2 <= self.lits.len() {
            return;
        }
        let mut lits = Vec::with_capacity(self.lits.len() - self.wasted);
        for h in self.headers.iter_mut().filter(|h| !h.deleted) {
            let start = lits.len();
            lits.extend_from_slice(&self.lits[h.start..h.start + h.len]);
            h.start = start;
        }
        self.lits = lits;
        self.wasted = 0;
    }
}
