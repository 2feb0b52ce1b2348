//! The report of `icpl diff`: what changed for each ICP and persona, as data (serialised as
//! the `icpl-diff/1` JSON format and rendered by [`super::render`]).

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::translate::SchemaChange;
use crate::analysis::Witness;
use crate::sema::ir::Expr;

/// The version tag of the JSON report.
pub const FORMAT: &str = "icpl-diff/1";

/// What changed between two versions.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub format: &'static str,
    pub old: String,
    pub new: String,
    /// Whether who matches, a score or a tier changed for some account or contact, or an ICP,
    /// persona or signal was added, removed or renamed.
    pub rules_changed: bool,
    /// `false` when an analysis bound was reached, so some answers are `unknown`.
    pub complete: bool,
    pub schema: Vec<SchemaChange>,
    pub icps: Vec<Entry>,
    pub personas: Vec<Entry>,
}

impl Report {
    /// Whether anything at all changed, narrative included.
    pub fn any_change(&self) -> bool {
        !self.schema.is_empty()
            || self
                .icps
                .iter()
                .chain(&self.personas)
                .any(|e| e.status != Status::Unchanged)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Icp,
    Persona,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Added,
    Removed,
    Renamed,
    Changed,
    Unchanged,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Renamed => "renamed",
            Status::Changed => "changed",
            Status::Unchanged => "unchanged",
        }
    }
}

/// Where a profile is defined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
}

/// The changes to one ICP or persona.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub kind: Kind,
    /// The id in the new version (the old one for a removed profile).
    pub id: String,
    /// The id in the old version, when it was renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_id: Option<String>,
    pub name: String,
    pub status: Status,
    /// Whether who matches, its scores or its tiers changed (or its id).
    pub rules_changed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_location: Option<Location>,
    /// The criteria of an added or removed profile, in plain English.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matching: Option<Matching>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scoring: Option<Scoring>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<SignalChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Tiers>,
    /// Text changes: names, summary, owner, review date, role, narrative fields, `for` list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub text: Vec<TextChange>,
}

/// Who matches now compared with before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The same accounts match.
    Equivalent,
    /// Every account that matched still does, and more match.
    Broader,
    /// Every account that matches matched before, and some no longer do.
    Narrower,
    /// Some accounts are let in and others shut out.
    Both,
    /// An analysis bound was reached first.
    Unknown,
    /// The old criteria cannot be read in the new schema (an attribute or value was removed).
    Incomparable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Equivalent => "equivalent",
            Verdict::Broader => "broader",
            Verdict::Narrower => "narrower",
            Verdict::Both => "broader and narrower",
            Verdict::Unknown => "unknown",
            Verdict::Incomparable => "not comparable",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Matching {
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Accounts (or contacts) that match now and did not before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lets_in: Option<Direction>,
    /// Accounts (or contacts) that matched before and do not now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shuts_out: Option<Direction>,
}

/// One direction of a change in who matches.
#[derive(Clone, Debug, Serialize)]
pub struct Direction {
    /// A one-attribute description that is exact: of the accounts the version that matches
    /// them accepts, those meeting it are exactly the ones that changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The description as a criterion on the new schema.
    #[serde(skip)]
    pub region_expr: Option<Expr>,
    pub example: Example,
}

/// An example account (and contact): the attributes that matter, with values.
#[derive(Clone, Debug, Serialize)]
pub struct Example {
    pub account: Map<String, Json>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub contact: Map<String, Json>,
    /// The same in the syntax of an `example` block.
    pub text: String,
    /// The records, in the new schema.
    #[serde(skip)]
    pub witness: Witness,
}

/// How the fit scores of accounts that both versions match changed.
#[derive(Clone, Debug, Serialize)]
pub struct Scoring {
    /// The lowest and highest score an account the version matches can reach.
    pub old_range: Option<[i64; 2]>,
    pub new_range: Option<[i64; 2]>,
    pub change: ScoreChange,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScoreChange {
    /// Every account both versions match keeps its score.
    Unchanged,
    /// Some scores moved: the new score minus the old one ranges over `lowest..=highest`.
    Changed {
        lowest: i64,
        highest: i64,
        examples: Vec<ScoredExample>,
    },
    Unknown,
    Incomparable {
        reason: String,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct ScoredExample {
    pub old_score: i64,
    pub new_score: i64,
    pub example: Example,
}

#[derive(Clone, Debug, Serialize)]
pub struct SignalChange {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_id: Option<String>,
    /// `added`, `removed`, `renamed`, `weight`, `condition` or `weight_and_condition`.
    pub change: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_weight: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_weight: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_when: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_when: Option<String>,
}

/// Changes to the tiers: their definitions, and the accounts that move between them.
#[derive(Clone, Debug, Serialize)]
pub struct Tiers {
    /// The tier definitions that changed, as sentences.
    pub definitions: Vec<String>,
    /// For each pair of tiers some account moves between, one example.
    pub moves: Vec<TierMove>,
    /// Whether every pair of tiers was decided.
    pub complete: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct TierMove {
    /// The tier before (`null`: no tier).
    pub from: Option<String>,
    pub to: Option<String>,
    pub old_score: i64,
    pub new_score: i64,
    pub example: Example,
}

/// A text field that changed.
#[derive(Clone, Debug, Serialize)]
pub struct TextChange {
    pub field: String,
    pub old: Option<Json>,
    pub new: Option<Json>,
}

/// The matching of a profile whose old criteria cannot be read in the new schema.
pub(super) fn incomparable(reason: String) -> Matching {
    Matching {
        verdict: Verdict::Incomparable,
        reason: Some(reason),
        lets_in: None,
        shuts_out: None,
    }
}

impl Entry {
    /// Sets the status and `rules_changed` from what was found.
    pub(super) fn finish(&mut self) {
        let matching = self
            .matching
            .as_ref()
            .is_some_and(|m| m.verdict != Verdict::Equivalent);
        let scores = self
            .scoring
            .as_ref()
            .is_some_and(|s| !matches!(s.change, ScoreChange::Unchanged));
        let tiers = self
            .tiers
            .as_ref()
            .is_some_and(|t| !t.moves.is_empty() || !t.complete);
        let signals_renamed = self.signals.iter().any(|s| s.change == "renamed");
        self.rules_changed = self.rules_changed || matching || scores || tiers || signals_renamed;
        let any = self.rules_changed
            || !self.text.is_empty()
            || !self.signals.is_empty()
            || self
                .tiers
                .as_ref()
                .is_some_and(|t| !t.definitions.is_empty())
            || self.scoring.is_some();
        if self.status == Status::Unchanged && any {
            self.status = Status::Changed;
        }
    }
}
