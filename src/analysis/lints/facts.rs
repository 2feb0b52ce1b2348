//! Facts several lints need, decided once per run: whether each ICP and persona can match
//! anyone, whether an ICP matches every account, which ICPs overlap, and the redundant criteria
//! of each profile.

use std::collections::HashMap;

use super::context::Context;
use super::finding::Finding;
use super::{overlapping_icps, redundant_requirement};
use crate::analysis::constraints::icp_match_lit;
use crate::analysis::engine::{Analysis, Witness};
use crate::analysis::sat::Outcome;

/// A profile: an ICP or a persona, by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Profile {
    Icp(usize),
    Persona(usize),
}

/// Two ICPs that some account matches both of.
#[derive(Clone, Debug)]
pub struct Overlap {
    pub first: usize,
    pub second: usize,
    /// An account that matches both. Kept for the pairs `overlapping-icps` can show (the first
    /// `max-overlaps` of them that are not equivalent), so a spec of many overlapping ICPs
    /// does not hold an example per pair.
    pub witness: Option<Witness>,
    /// Whether every account of the first matches the second (`None` past the bound).
    pub first_in_second: Option<bool>,
    pub second_in_first: Option<bool>,
}

/// The cache behind the fact methods of [`Context`].
#[derive(Default)]
pub(super) struct Facts {
    /// Whether each ICP can match some account (`None` past the bound).
    pub(super) icp_sat: Vec<Option<bool>>,
    /// Whether each persona can match some contact.
    pub(super) persona_sat: Vec<Option<bool>>,
    /// Whether every account matches each ICP (computed on demand).
    icp_everything: Vec<Option<Option<bool>>>,
    /// Overlapping pairs of ICPs (computed once, for the pair lints).
    overlaps: Option<Vec<Overlap>>,
    /// Redundant requirements and exclusions per profile (computed once, for both lints).
    redundancy: HashMap<Profile, (Vec<Finding>, Vec<Finding>)>,
}

/// An answer about "is there one" as `Some(true)` / `Some(false)`, `None` past the bound.
pub(crate) fn exists(o: Outcome) -> Option<bool> {
    match o {
        Outcome::Sat => Some(true),
        Outcome::Unsat => Some(false),
        Outcome::Unknown => None,
    }
}

impl Context<'_, '_> {
    /// Whether an ICP can match some account (`None` past the bound). Decided for every ICP
    /// before any lint runs.
    pub fn icp_satisfiable(&self, i: usize) -> Option<bool> {
        self.facts.icp_sat.get(i).copied().flatten()
    }

    /// Whether a persona can match some contact. Decided for every persona before the
    /// persona and spec lints run.
    pub fn persona_satisfiable(&self, p: usize) -> Option<bool> {
        self.facts.persona_sat.get(p).copied().flatten()
    }

    /// Whether every account matches an ICP, asked of the ICP's analysis (once).
    pub fn icp_matches_everything(&mut self, i: usize, an: &mut Analysis) -> Option<bool> {
        let facts = &mut self.facts;
        if facts.icp_everything.len() <= i {
            facts
                .icp_everything
                .resize(self.spec.icps.len().max(i + 1), None);
        }
        if let Some(&Some(known)) = facts.icp_everything.get(i) {
            return known;
        }
        let m = icp_match_lit(an, self.spec.icp_at(i));
        let answer = exists(an.solve(&[!m])).map(|some_fails| !some_fails);
        if let Some(slot) = self.facts.icp_everything.get_mut(i) {
            *slot = Some(answer);
        }
        answer
    }

    /// The redundant requirements and ineffective exclusions of a profile (computed once).
    pub fn redundancy(
        &mut self,
        profile: Profile,
        an: &mut Analysis,
    ) -> (Vec<Finding>, Vec<Finding>) {
        if let Some(found) = self.facts.redundancy.get(&profile) {
            return found.clone();
        }
        let found = redundant_requirement::findings(self, profile, an);
        self.facts.redundancy.insert(profile, found.clone());
        found
    }

    /// Every overlapping pair of satisfiable ICPs, with containment and (for the first ones)
    /// an example; decided once, then read with [`Context::overlap_list`].
    pub fn find_overlaps(&mut self) {
        if self.facts.overlaps.is_none() {
            let pairs = overlapping_icps::find_overlaps(self);
            self.facts.overlaps = Some(pairs);
        }
    }

    /// The pairs [`Context::find_overlaps`] found (none before it ran).
    pub fn overlap_list(&self) -> &[Overlap] {
        self.facts.overlaps.as_deref().unwrap_or(&[])
    }
}
