//! `icpl diff`: what a change to a spec does, decided exactly.
//!
//! Two checked versions of a spec are put into one vocabulary ([`translate`]: the old criteria
//! are rewritten against the new schema by name) and compared, one profile at a time, in an
//! [`Analysis`] over the new schema. For every ICP and persona the report says whether it was
//! added, removed, renamed or changed; for a changed one, whether it now matches more, fewer,
//! or other accounts than before (with an example of each and, where one attribute says it
//! exactly, a description of the region, see [`region`]), how scores and tiers moved, and which
//! texts changed.
//!
//! The comparison is over fully known accounts, the ones the analysis reasons about: criteria
//! that agree on every such account are the same rule, however they are written. All of it
//! draws on one work budget, the analysis' ([`crate::analysis::budget`]); past it, answers are
//! unknown and the report says it is incomplete.
//!
//! One module per concern: [`report`] (the report's types), [`pairing`] (which old profile is
//! which new one), [`entries`] (one entry per profile), [`matching`] (who matches), [`scores`]
//! and [`tiers`], [`text`] (text fields), [`examples`] (example accounts), and [`render`].

mod entries;
mod examples;
pub mod git;
mod matching;
mod pairing;
pub mod region;
pub mod render;
pub mod report;
mod scores;
mod text;
mod tiers;
pub mod translate;

use std::collections::HashMap;

use crate::analysis::Analysis;
use crate::analysis::budget::{Bounds, Tracker};
use crate::sema::ir::Spec;
use crate::source::SourceMap;
use matching::{Translated, constraints};
use pairing::{Pair, Profile};

pub use examples::record_json;
pub use report::*;

/// One version of a spec: what it is called in the report, its model and its sources.
pub struct Version<'a> {
    pub label: String,
    pub spec: &'a Spec,
    pub map: &'a SourceMap,
}

/// Compares two versions. Both must be free of errors.
pub fn diff(old: &Version, new: &Version) -> Report {
    let budget = Tracker::new(
        Bounds::default(),
        old.spec.icps.len()
            + old.spec.personas.len()
            + new.spec.icps.len()
            + new.spec.personas.len(),
    );
    let mut d = Differ {
        old,
        new,
        an: Analysis::with_allowance(new.spec, budget.allowance()),
        budget,
        exhausted: false,
        old_icp_exprs: old
            .spec
            .icps
            .iter()
            .map(|icp| constraints(old.spec, new.spec, &icp.requires, &icp.excludes))
            .collect(),
    };
    let (icps, icp_pairs) = d.entries(
        &old.spec.icps,
        &new.spec.icps,
        |d, o, n| d.icps_equivalent(o, n),
        |d, o, n| d.icp_entry(o, n),
    );
    let icp_map: HashMap<usize, usize> = icp_pairs
        .iter()
        .filter_map(|p| Some((p.0?, p.1?)))
        .collect();
    let (personas, _) = d.entries(
        &old.spec.personas,
        &new.spec.personas,
        |d, o, n| d.personas_equivalent(o, n),
        |d, o, n| d.persona_entry(o, n, &icp_map),
    );
    d.fresh();
    let complete = !d.exhausted;
    let rules_changed = icps.iter().chain(&personas).any(|e| e.rules_changed);
    Report {
        format: FORMAT,
        old: old.label.clone(),
        new: new.label.clone(),
        rules_changed,
        complete,
        schema: translate::schema_changes(old.spec, new.spec),
        icps,
        personas,
    }
}

/// The state of one comparison.
struct Differ<'a, 'v> {
    old: &'a Version<'v>,
    new: &'a Version<'v>,
    /// The analysis of the current question; each profile gets a fresh one, so that a query
    /// only carries the clauses of the profiles it is about.
    an: Analysis<'v>,
    /// The work budget of the whole comparison.
    budget: Tracker,
    /// Whether some question went past a bound.
    exhausted: bool,
    /// Each old ICP's criteria in the new schema.
    old_icp_exprs: Vec<Translated>,
}

impl<'a, 'v> Differ<'a, 'v> {
    /// Counts the current analysis against the budget and starts a new one with what is left.
    fn fresh(&mut self) {
        self.budget.charge(self.an.used());
        self.exhausted |= self.an.exhausted();
        self.an = Analysis::with_allowance(self.new.spec, self.budget.allowance());
    }

    /// The entries of one kind of profile (ICPs, or personas), in the order of [`pairing::pair`],
    /// with the pairs: `same` decides renames by meaning, `both` compares a profile both
    /// versions have.
    // PANIC SAFETY: `pairing::pair` gives indices into `old` and `new`.
    #[allow(clippy::indexing_slicing)]
    fn entries<P: Profile>(
        &mut self,
        old: &[P],
        new: &[P],
        same: impl Fn(&mut Self, usize, usize) -> Option<bool>,
        both: impl Fn(&mut Self, usize, usize) -> Entry,
    ) -> (Vec<Entry>, Vec<Pair>) {
        let pairs = pairing::pair(self, old, new, same);
        let mut out = Vec::with_capacity(pairs.len());
        for &pair in &pairs {
            out.push(match pair {
                (Some(o), Some(n)) => both(self, o, n),
                (None, Some(n)) => self.added(&new[n]),
                (Some(o), None) => self.removed(&old[o]),
                (None, None) => continue,
            });
        }
        (out, pairs)
    }
}
