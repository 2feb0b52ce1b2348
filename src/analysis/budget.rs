//! The one work budget of the analysis: every lint, the score and tier questions, and
//! `icpl diff` draw on it, so that no spec can make them run without bound.
//!
//! Work is counted in *units*, the same on every machine (so output never depends on how fast
//! a machine is): the solver's [`ticks`](super::sat::Stats::ticks) (literals propagated,
//! watchers visited, clause literals added or read, ...) plus what a search outside the solver
//! does (a step of the score search counts its signals). Three bounds nest:
//!
//! - a **question** (is this ICP satisfiable, can this signal fire, is this tier reachable,
//!   what is the score range, who does this change let in) may use [`Bounds::question`] units;
//! - the questions about one **item** together (one ICP, one persona with its ICPs, one pair
//!   of ICPs, the personas of one ICP, one entry of a diff) may use [`Bounds::item`] units;
//! - a **run** (one `icpl check` of a spec, one `icpl diff`) may use [`Bounds::run_base`] plus
//!   [`Bounds::run_per_item`] units for each ICP and persona it reads.
//!
//! A question past a bound answers "unknown", which the lints report as
//! `analysis-incomplete` and the diff as an unknown verdict. The run bound grows linearly with
//! the spec and every unit of work is counted against it, so the whole analysis does work
//! linear in the size of the spec at most, whatever the spec: this is the documented bound of
//! `docs/lints.md` (analysis-incomplete). Work that is not counted is bounded by the spec's
//! size on its own (reading the IR, writing findings).

/// The bounds, in units of work. They are part of the documented behaviour (`docs/lints.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    pub question: u64,
    pub item: u64,
    pub run_base: u64,
    pub run_per_item: u64,
}

impl Default for Bounds {
    fn default() -> Bounds {
        Bounds {
            question: 2_000_000,
            item: 40_000_000,
            run_base: 400_000_000,
            run_per_item: 500_000,
        }
    }
}

/// What one analysis (the questions about one item) may use: a share of the run's budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allowance {
    /// Units one question may use.
    pub question: u64,
    /// Units all the analysis' questions may use together.
    pub total: u64,
}

impl Allowance {
    /// No bound at all: for tests and tools that decide small questions exactly.
    pub const UNBOUNDED: Allowance = Allowance {
        question: u64::MAX,
        total: u64::MAX,
    };
}

/// The budget of one run: how much it may use, and how much it has used.
#[derive(Clone, Debug)]
pub struct Tracker {
    bounds: Bounds,
    limit: u64,
    used: u64,
}

impl Tracker {
    /// The budget of a run over `items` ICPs and personas.
    pub fn new(bounds: Bounds, items: usize) -> Tracker {
        let per_item = bounds.run_per_item.saturating_mul(items as u64);
        Tracker {
            bounds,
            limit: bounds.run_base.saturating_add(per_item),
            used: 0,
        }
    }

    pub fn bounds(&self) -> Bounds {
        self.bounds
    }

    /// The units the whole run may use.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The units used so far.
    pub fn used(&self) -> u64 {
        self.used
    }

    /// Whether the run has used its whole budget: nothing more can be decided.
    pub fn exhausted(&self) -> bool {
        self.used >= self.limit
    }

    /// What a new analysis (one item) may use: an item's share, or what is left of the run.
    pub fn allowance(&self) -> Allowance {
        Allowance {
            question: self.bounds.question,
            total: self.bounds.item.min(self.limit.saturating_sub(self.used)),
        }
    }

    /// Counts units of work done outside an analysis (comparing pairs of ICPs, say).
    pub fn charge(&mut self, units: u64) {
        self.used = self.used.saturating_add(units);
    }
}
