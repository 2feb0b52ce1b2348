//! `icpl diff`: what a change to a spec does, decided exactly.
//!
//! Two checked versions of a spec are put into one vocabulary ([`translate`]: the old criteria
//! are rewritten against the new schema by name) and compared, one profile at a time, in an
//! [`Analysis`] over the new schema. For every ICP and persona the report says whether it was added, removed, renamed or
//! changed; for a changed one, whether it now matches more, fewer, or other accounts than
//! before (with an example of each and, where one attribute says it exactly, a description of
//! the region, see [`region`]), how scores and tiers moved, and which texts changed.
//!
//! The comparison is over fully known accounts, the ones the analysis reasons about: criteria
//! that agree on every such account are the same rule, however they are written.

pub mod git;
pub mod region;
pub mod render;
pub mod translate;

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::analysis::constraints::icp_match_lit;
use crate::analysis::engine::attrs_of;
use crate::analysis::engine::{Limits, Work};
use crate::analysis::sat::{Lit, Outcome};
use crate::analysis::score::{self, ScoreSpace, SumRange, Term};
use crate::analysis::witness::show_witness;
use crate::analysis::{Analysis, Answer, Witness};
use crate::eval::{Records, Truth, eval};
use crate::sema::english::{describe, score_band};
use crate::sema::ir::{AttrId, Criterion, Expr, Icp, Persona, Record, Schema, Spec, Value};
use crate::sema::narrative::{Narrative, NarrativeValue};
use crate::source::{SourceMap, Span};
use translate::SchemaChange;

/// The version tag of the JSON report.
pub const FORMAT: &str = "icpl-diff/1";

/// The most pairs of removed and added profiles compared to find renames.
const MAX_RENAME_PAIRS: usize = 2_500;

/// One version of a spec: what it is called in the report, its model and its sources.
pub struct Version<'a> {
    pub label: String,
    pub spec: &'a Spec,
    pub map: &'a SourceMap,
}

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

/// Compares two versions. Both must be free of errors.
pub fn diff(old: &Version, new: &Version) -> Report {
    let mut d = Differ {
        old,
        new,
        an: Analysis::new(new.spec),
        limits: Limits::default(),
        used: Work::default(),
        exhausted: false,
        old_icp_exprs: Vec::new(),
    };
    d.old_icp_exprs = old
        .spec
        .icps
        .iter()
        .map(|icp| constraints(old.spec, new.spec, &icp.requires, &icp.excludes))
        .collect();

    // ICPs: by id, then renames among the rest.
    let icp_pairs = d.pair(
        old.spec
            .icps
            .iter()
            .map(|i| (i.id.as_str(), i.name.as_str())),
        new.spec
            .icps
            .iter()
            .map(|i| (i.id.as_str(), i.name.as_str())),
        |d, o, n| d.icps_equivalent(o, n),
    );
    let mut icps = Vec::new();
    for (o, n) in &icp_pairs {
        icps.push(match (o, n) {
            (Some(o), Some(n)) => d.icp_entry(*o, *n),
            (None, Some(n)) => d.icp_added(*n),
            (Some(o), None) => d.icp_removed(*o),
            (None, None) => continue,
        });
    }
    let icp_map: HashMap<usize, usize> = icp_pairs
        .iter()
        .filter_map(|p| Some((p.0?, p.1?)))
        .collect();

    let persona_pairs = d.pair(
        old.spec
            .personas
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str())),
        new.spec
            .personas
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str())),
        |d, o, n| d.personas_equivalent(o, n),
    );
    let mut personas = Vec::new();
    for (o, n) in &persona_pairs {
        personas.push(match (o, n) {
            (Some(o), Some(n)) => d.persona_entry(*o, *n, &icp_map),
            (None, Some(n)) => d.persona_added(*n),
            (Some(o), None) => d.persona_removed(*o),
            (None, None) => continue,
        });
    }

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

/// Criteria as (expression, must hold) pairs in the new schema, or why they cannot be.
type Translated = Result<Vec<(Expr, bool)>, String>;

fn constraints(
    old: &Spec,
    new: &Spec,
    requires: &[Criterion],
    excludes: &[Criterion],
) -> Translated {
    let mut out = Vec::new();
    for c in requires {
        out.push((translate::expr(old, new, &c.expr)?, true));
    }
    for c in excludes {
        out.push((translate::expr(old, new, &c.expr)?, false));
    }
    Ok(out)
}

fn own(requires: &[Criterion], excludes: &[Criterion]) -> Vec<(Expr, bool)> {
    let mut out: Vec<(Expr, bool)> = requires.iter().map(|c| (c.expr.clone(), true)).collect();
    out.extend(excludes.iter().map(|c| (c.expr.clone(), false)));
    out
}

struct Differ<'a, 'v> {
    old: &'a Version<'v>,
    new: &'a Version<'v>,
    /// The analysis of the current question; each profile gets a fresh one, so that a query
    /// only carries the clauses of the profiles it is about.
    an: Analysis<'v>,
    /// The work bound of the whole comparison, and what finished analyses used of it.
    limits: Limits,
    used: Work,
    exhausted: bool,
    /// Each old ICP's criteria in the new schema.
    old_icp_exprs: Vec<Translated>,
}

/// A pair of an old and a new profile (either may be absent), by index.
type Pair = (Option<usize>, Option<usize>);

impl<'v> Differ<'_, 'v> {
    /// Counts the current analysis against the bound and starts a new one with what is left.
    fn fresh(&mut self) {
        let w = self.an.work();
        self.used.queries += w.queries;
        self.used.conflicts += w.conflicts;
        self.exhausted |= self.an.exhausted();
        self.an = Analysis::with_limits(self.new.spec, self.limits.remaining(self.used));
    }

    /// Pairs old and new profiles: by id, then (among the unpaired) by display name, then by
    /// matching exactly the same accounts. New order first, then the removed in old order.
    fn pair<'s>(
        &mut self,
        old: impl Iterator<Item = (&'s str, &'s str)>,
        new: impl Iterator<Item = (&'s str, &'s str)>,
        same: impl Fn(&mut Self, usize, usize) -> bool,
    ) -> Vec<Pair> {
        let old: Vec<(&str, &str)> = old.collect();
        let new: Vec<(&str, &str)> = new.collect();
        let by_id: HashMap<&str, usize> = old.iter().enumerate().map(|(i, o)| (o.0, i)).collect();
        let mut paired_old = vec![false; old.len()];
        let mut out: Vec<Pair> = new
            .iter()
            .enumerate()
            .map(|(n, (id, _))| {
                let o = by_id.get(id).copied();
                if let Some(o) = o {
                    paired_old[o] = true;
                }
                (o, Some(n))
            })
            .collect();
        let unpaired_old =
            |paired: &[bool]| -> Vec<usize> { (0..old.len()).filter(|&i| !paired[i]).collect() };
        // Renames by display name.
        for pair in out.iter_mut().filter(|p| p.0.is_none()) {
            let Some(n) = pair.1 else { continue };
            if let Some(&o) = unpaired_old(&paired_old)
                .iter()
                .find(|&&o| old[o].1 == new[n].1)
            {
                paired_old[o] = true;
                pair.0 = Some(o);
            }
        }
        // Renames by meaning.
        let mut budget = MAX_RENAME_PAIRS;
        for pair in &mut out {
            let (None, Some(n)) = *pair else { continue };
            for o in unpaired_old(&paired_old) {
                if budget == 0 {
                    break;
                }
                budget -= 1;
                if same(self, o, n) {
                    paired_old[o] = true;
                    pair.0 = Some(o);
                    break;
                }
            }
        }
        out.extend(
            unpaired_old(&paired_old)
                .into_iter()
                .map(|o| (Some(o), None)),
        );
        out
    }

    fn lit_of(&mut self, cs: &[(Expr, bool)]) -> Lit {
        let lits: Vec<Lit> = cs
            .iter()
            .map(|(e, holds)| {
                let l = self.an.lit(e);
                if *holds { l } else { !l }
            })
            .collect();
        self.an.and(&lits)
    }

    /// Whether no account satisfies all the literals (`None` past the bound).
    fn never(&mut self, lits: &[Lit]) -> Option<bool> {
        match self.an.solve(lits) {
            Outcome::Sat => Some(false),
            Outcome::Unsat => Some(true),
            Outcome::Unknown => None,
        }
    }

    fn same_lits(&mut self, a: Lit, b: Lit) -> bool {
        a == b || (self.never(&[a, !b]) == Some(true) && self.never(&[b, !a]) == Some(true))
    }

    fn icps_equivalent(&mut self, o: usize, n: usize) -> bool {
        self.fresh();
        let Ok(old) = self.old_icp_exprs[o].clone() else {
            return false;
        };
        let a = self.lit_of(&old);
        let b = icp_match_lit(&mut self.an, &self.new.spec.icps[n]);
        self.same_lits(a, b)
    }

    /// The literal of "the account matches one of these old ICPs" (true for none).
    fn old_icps_lit(&mut self, icps: &[usize]) -> Result<Lit, String> {
        if icps.is_empty() {
            return Ok(self.an.and(&[]));
        }
        let mut lits = Vec::new();
        for &i in icps {
            let cs = self.old_icp_exprs[i].clone()?;
            lits.push(self.lit_of(&cs));
        }
        Ok(self.an.or(&lits))
    }

    fn new_icps_lit(&mut self, icps: &[usize]) -> Lit {
        if icps.is_empty() {
            return self.an.and(&[]);
        }
        let spec = self.new.spec;
        let lits: Vec<Lit> = icps
            .iter()
            .map(|&i| icp_match_lit(&mut self.an, &spec.icps[i]))
            .collect();
        self.an.or(&lits)
    }

    /// A persona's match literal in the old version, in the new schema, with its criteria.
    fn old_persona(&mut self, p: usize) -> Result<(Lit, Vec<(Expr, bool)>), String> {
        let persona = &self.old.spec.personas[p];
        let cs = constraints(
            self.old.spec,
            self.new.spec,
            &persona.requires,
            &persona.excludes,
        )?;
        let own = self.lit_of(&cs);
        let icps = self.old_icps_lit(&persona.icps)?;
        let mut all = cs;
        for &i in &persona.icps {
            all.extend(self.old_icp_exprs[i].clone()?);
        }
        Ok((self.an.and(&[own, icps]), all))
    }

    fn new_persona(&mut self, p: usize) -> (Lit, Vec<(Expr, bool)>) {
        let spec = self.new.spec;
        let persona = &spec.personas[p];
        let cs = own(&persona.requires, &persona.excludes);
        let own_lit = self.lit_of(&cs);
        let icps = self.new_icps_lit(&persona.icps);
        let mut all = cs;
        for &i in &persona.icps {
            all.extend(own(&spec.icps[i].requires, &spec.icps[i].excludes));
        }
        (self.an.and(&[own_lit, icps]), all)
    }

    fn personas_equivalent(&mut self, o: usize, n: usize) -> bool {
        self.fresh();
        let Ok((a, _)) = self.old_persona(o) else {
            return false;
        };
        let (b, _) = self.new_persona(n);
        self.same_lits(a, b)
    }

    fn location(v: &Version, span: Span) -> Option<Location> {
        let (file, start, _) = v.map.range(span)?;
        Some(Location {
            file: file.name.clone(),
            line: start.line,
        })
    }

    fn example(&self, w: &Witness) -> Example {
        let spec = self.new.spec;
        Example {
            account: record_json(&spec.account, &w.account),
            contact: record_json(&spec.contact, &w.contact),
            text: show_witness(spec, w),
            witness: w.clone(),
        }
    }

    /// Compares who matches: `old` and `new` are the versions' literals, `exprs` every
    /// criterion of both (for witnesses and region descriptions), `changed` the attributes of
    /// criteria that differ (tried first for a region).
    fn matching(&mut self, old: Lit, new: Lit, exprs: &[&Expr], changed: &[AttrId]) -> Matching {
        if old == new {
            // The same criteria up to the analysis' normal form: nothing to ask the solver.
            return Matching {
                verdict: Verdict::Equivalent,
                reason: None,
                lets_in: None,
                shuts_out: None,
            };
        }
        let mut attrs = changed.to_vec();
        for a in attrs_of(exprs.iter().copied()) {
            if !attrs.contains(&a) {
                attrs.push(a);
            }
        }
        let direction = |d: &mut Self, inside: [Lit; 2]| -> Result<Option<Direction>, ()> {
            match d.an.check_lits(&inside, &attrs) {
                Answer::Sat(w) => {
                    let example = d.example(&w);
                    let region = region::describe(
                        &mut d.an,
                        &region::Region {
                            inside: &inside,
                            within: &inside[..1],
                        },
                        &attrs,
                        exprs,
                    );
                    Ok(Some(Direction {
                        region: region.as_ref().map(|p| describe(d.new.spec, p)),
                        region_expr: region,
                        example,
                    }))
                }
                Answer::Unsat(_) => Ok(None),
                Answer::Unknown => Err(()),
            }
        };
        let lets_in = direction(self, [new, !old]);
        let shuts_out = direction(self, [old, !new]);
        let verdict = match (&lets_in, &shuts_out) {
            (Err(()), _) | (_, Err(())) => Verdict::Unknown,
            (Ok(None), Ok(None)) => Verdict::Equivalent,
            (Ok(Some(_)), Ok(None)) => Verdict::Broader,
            (Ok(None), Ok(Some(_))) => Verdict::Narrower,
            (Ok(Some(_)), Ok(Some(_))) => Verdict::Both,
        };
        Matching {
            verdict,
            reason: None,
            lets_in: lets_in.ok().flatten(),
            shuts_out: shuts_out.ok().flatten(),
        }
    }

    /// The attributes of criteria on one side that have no same-meaning criterion (by
    /// literal) on the other.
    fn changed_attrs(&mut self, a: &[(Expr, bool)], b: &[(Expr, bool)]) -> Vec<AttrId> {
        let la: Vec<Lit> = a.iter().map(|(e, _)| self.an.lit(e)).collect();
        let lb: Vec<Lit> = b.iter().map(|(e, _)| self.an.lit(e)).collect();
        let mut out: Vec<AttrId> = Vec::new();
        for ((e, _), l) in a.iter().zip(&la).chain(b.iter().zip(&lb)) {
            if la.contains(l) && lb.contains(l) {
                continue;
            }
            for attr in e.attrs() {
                if !out.contains(&attr) {
                    out.push(attr);
                }
            }
        }
        out
    }

    fn icp_entry(&mut self, o: usize, n: usize) -> Entry {
        self.fresh();
        let (old_spec, new_spec) = (self.old.spec, self.new.spec);
        let (oi, ni) = (&old_spec.icps[o], &new_spec.icps[n]);
        let mut entry = self.entry(
            Kind::Icp,
            Some((&oi.id, oi.id_span)),
            Some((&ni.id, ni.id_span)),
            &ni.name,
        );
        entry.text = icp_text(oi, ni);
        let new_cs = own(&ni.requires, &ni.excludes);
        let new_lit = self.lit_of(&new_cs);
        let old_lit = match self.old_icp_exprs[o].clone() {
            Err(reason) => {
                entry.matching = Some(incomparable(reason.clone()));
                entry.scoring = Some(Scoring {
                    old_range: None,
                    new_range: None,
                    change: ScoreChange::Incomparable { reason },
                });
                entry.finish();
                return entry;
            }
            Ok(old_cs) => {
                let old_lit = self.lit_of(&old_cs);
                let changed = self.changed_attrs(&old_cs, &new_cs);
                let exprs: Vec<&Expr> = new_cs.iter().chain(&old_cs).map(|(e, _)| e).collect();
                entry.matching = Some(self.matching(old_lit, new_lit, &exprs, &changed));
                old_lit
            }
        };
        self.scores(&mut entry, oi, ni, old_lit, new_lit);
        entry.finish();
        entry
    }

    fn entry(
        &self,
        kind: Kind,
        old: Option<(&str, Span)>,
        new: Option<(&str, Span)>,
        name: &str,
    ) -> Entry {
        let id = new.or(old).map_or(String::new(), |(id, _)| id.to_string());
        let old_id = match (old, new) {
            (Some((o, _)), Some((n, _))) if o != n => Some(o.to_string()),
            _ => None,
        };
        let status = match (old, new) {
            (None, _) => Status::Added,
            (_, None) => Status::Removed,
            _ if old_id.is_some() => Status::Renamed,
            _ => Status::Unchanged,
        };
        Entry {
            kind,
            id,
            old_id,
            name: name.to_string(),
            status,
            rules_changed: status != Status::Unchanged,
            location: new.and_then(|(_, s)| Self::location(self.new, s)),
            old_location: old.and_then(|(_, s)| Self::location(self.old, s)),
            criteria: Vec::new(),
            matching: None,
            scoring: None,
            signals: Vec::new(),
            tiers: None,
            text: Vec::new(),
        }
    }

    fn icp_added(&mut self, n: usize) -> Entry {
        let icp = &self.new.spec.icps[n];
        let mut e = self.entry(Kind::Icp, None, Some((&icp.id, icp.id_span)), &icp.name);
        e.criteria = criteria_text(self.new.spec, &icp.requires, &icp.excludes);
        e
    }

    fn icp_removed(&mut self, o: usize) -> Entry {
        let icp = &self.old.spec.icps[o];
        let mut e = self.entry(Kind::Icp, Some((&icp.id, icp.id_span)), None, &icp.name);
        e.criteria = criteria_text(self.old.spec, &icp.requires, &icp.excludes);
        e
    }

    fn persona_added(&mut self, n: usize) -> Entry {
        let p = &self.new.spec.personas[n];
        let mut e = self.entry(Kind::Persona, None, Some((&p.id, p.id_span)), &p.name);
        e.criteria = criteria_text(self.new.spec, &p.requires, &p.excludes);
        e
    }

    fn persona_removed(&mut self, o: usize) -> Entry {
        let p = &self.old.spec.personas[o];
        let mut e = self.entry(Kind::Persona, Some((&p.id, p.id_span)), None, &p.name);
        e.criteria = criteria_text(self.old.spec, &p.requires, &p.excludes);
        e
    }

    fn persona_entry(&mut self, o: usize, n: usize, icp_map: &HashMap<usize, usize>) -> Entry {
        self.fresh();
        let (old_spec, new_spec) = (self.old.spec, self.new.spec);
        let (op, np) = (&old_spec.personas[o], &new_spec.personas[n]);
        let mut entry = self.entry(
            Kind::Persona,
            Some((&op.id, op.id_span)),
            Some((&np.id, np.id_span)),
            &np.name,
        );
        entry.text = persona_text(old_spec, new_spec, op, np, icp_map);
        let (new_lit, new_cs) = self.new_persona(n);
        entry.matching = Some(match self.old_persona(o) {
            Err(reason) => incomparable(reason),
            Ok((old_lit, old_cs)) => {
                let changed = self.changed_attrs(&old_cs, &new_cs);
                let exprs: Vec<&Expr> = new_cs.iter().chain(&old_cs).map(|(e, _)| e).collect();
                self.matching(old_lit, new_lit, &exprs, &changed)
            }
        });
        entry.finish();
        entry
    }

    /// Signals, score ranges, score changes and tier moves of an ICP both versions have.
    fn scores(&mut self, entry: &mut Entry, oi: &Icp, ni: &Icp, old_lit: Lit, new_lit: Lit) {
        let (old_spec, new_spec) = (self.old.spec, self.new.spec);
        // The old signals in the new schema.
        let mut old_terms = Vec::new();
        let mut old_conds = Vec::new();
        for s in &oi.signals {
            match translate::expr(old_spec, new_spec, &s.when.expr) {
                Ok(e) => {
                    old_terms.push(Term {
                        lit: self.an.lit(&e),
                        weight: s.weight,
                    });
                    old_conds.push(e);
                }
                Err(reason) => {
                    entry.scoring = Some(Scoring {
                        old_range: None,
                        new_range: None,
                        change: ScoreChange::Incomparable { reason },
                    });
                    return;
                }
            }
        }
        let new_terms: Vec<Term> = ni
            .signals
            .iter()
            .map(|s| Term {
                lit: self.an.lit(&s.when.expr),
                weight: s.weight,
            })
            .collect();
        entry.signals = self.signal_changes(oi, ni, &old_terms, &new_terms);

        let attrs = {
            let mut exprs: Vec<&Expr> = old_conds.iter().collect();
            exprs.extend(ni.signals.iter().map(|s| &s.when.expr));
            exprs.extend(ni.requires.iter().chain(&ni.excludes).map(|c| &c.expr));
            attrs_of(exprs)
        };

        // The weight each literal adds, new minus old: all zero means the same scores.
        let mut delta: Vec<(Lit, i64)> = Vec::new();
        for (t, sign) in new_terms
            .iter()
            .map(|t| (t, 1))
            .chain(old_terms.iter().map(|t| (t, -1)))
        {
            match delta.iter_mut().find(|(l, _)| *l == t.lit) {
                Some((_, w)) => *w += sign * t.weight,
                None => delta.push((t.lit, sign * t.weight)),
            }
        }
        delta.retain(|(_, w)| *w != 0);
        let both = [old_lit, new_lit];
        let change = if delta.is_empty() {
            ScoreChange::Unchanged
        } else {
            let terms: Vec<Term> = delta
                .iter()
                .map(|&(lit, weight)| Term { lit, weight })
                .collect();
            let space = ScoreSpace {
                base: &both,
                terms: &terms,
                attrs: &attrs,
            };
            let hi = score::extreme(&mut self.an, &space, true);
            let lo = score::extreme(&mut self.an, &space, false);
            match (hi, lo) {
                (Some(None), _) | (_, Some(None)) => ScoreChange::Unchanged,
                (Some(Some(hi)), Some(Some(lo))) if hi.score == 0 && lo.score == 0 => {
                    ScoreChange::Unchanged
                }
                (Some(Some(hi)), Some(Some(lo))) => {
                    let mut examples = Vec::new();
                    for s in [&hi, &lo] {
                        if s.score != 0
                            && !examples
                                .iter()
                                .any(|e: &ScoredExample| e.new_score - e.old_score == s.score)
                        {
                            examples.push(self.scored_example(&s.witness, &old_conds, oi, ni));
                        }
                    }
                    ScoreChange::Changed {
                        lowest: lo.score,
                        highest: hi.score,
                        examples,
                    }
                }
                _ => ScoreChange::Unknown,
            }
        };
        let scores_moved = !matches!(change, ScoreChange::Unchanged);
        let tiers_differ = tier_bands(oi) != tier_bands(ni);
        let ranges = if scores_moved || tiers_differ || !entry.signals.is_empty() {
            let old_range = self.range(old_lit, &old_terms, &attrs);
            let new_range = self.range(new_lit, &new_terms, &attrs);
            (old_range, new_range)
        } else {
            (None, None)
        };
        if scores_moved || ranges.0 != ranges.1 {
            entry.scoring = Some(Scoring {
                old_range: ranges.0,
                new_range: ranges.1,
                change,
            });
        }
        if scores_moved || tiers_differ {
            entry.tiers = Some(self.tiers(oi, ni, &both, &old_terms, &new_terms, &attrs));
        }
    }

    /// The lowest and highest score of an account matching `base` (`None` when none matches
    /// or past the bound).
    fn range(&mut self, base: Lit, terms: &[Term], attrs: &[AttrId]) -> Option<[i64; 2]> {
        let base = [base];
        let space = ScoreSpace {
            base: &base,
            terms,
            attrs,
        };
        let lo = score::extreme(&mut self.an, &space, false)??;
        let hi = score::extreme(&mut self.an, &space, true)??;
        Some([lo.score, hi.score])
    }

    fn scored_example(&self, w: &Witness, old_conds: &[Expr], oi: &Icp, ni: &Icp) -> ScoredExample {
        let spec = self.new.spec;
        let records = Records {
            account: &w.account,
            contact: Some(&w.contact),
        };
        let score = |conds: &mut dyn Iterator<Item = (&Expr, i64)>| -> i64 {
            conds
                .filter(|(e, _)| eval(spec, e, records) == Truth::True)
                .map(|(_, w)| w)
                .sum()
        };
        let old_score = score(&mut old_conds.iter().zip(oi.signals.iter().map(|s| s.weight)));
        let new_score = score(&mut ni.signals.iter().map(|s| (&s.when.expr, s.weight)));
        ScoredExample {
            old_score,
            new_score,
            example: self.example(w),
        }
    }

    fn signal_changes(
        &mut self,
        oi: &Icp,
        ni: &Icp,
        old: &[Term],
        new: &[Term],
    ) -> Vec<SignalChange> {
        let text = |v: &Version, c: &Criterion| v.map.slice(c.span).to_string();
        let mut out = Vec::new();
        let mut used = vec![false; oi.signals.len()];
        let mut added = Vec::new();
        for (n, s) in ni.signals.iter().enumerate() {
            let Some(o) = oi.signals.iter().position(|x| x.id == s.id) else {
                added.push(n);
                continue;
            };
            used[o] = true;
            let weight = oi.signals[o].weight != s.weight;
            let cond = !self.same_lits(old[o].lit, new[n].lit);
            let change = match (weight, cond) {
                (false, false) => continue,
                (true, false) => "weight",
                (false, true) => "condition",
                (true, true) => "weight_and_condition",
            };
            out.push(SignalChange {
                id: s.id.clone(),
                old_id: None,
                change,
                old_weight: Some(oi.signals[o].weight),
                new_weight: Some(s.weight),
                old_when: cond.then(|| text(self.old, &oi.signals[o].when)),
                new_when: cond.then(|| text(self.new, &s.when)),
            });
        }
        for n in added {
            let s = &ni.signals[n];
            // A removed signal with the same weight and meaning was renamed.
            let renamed = (0..oi.signals.len()).find(|&o| {
                !used[o]
                    && oi.signals[o].weight == s.weight
                    && self.same_lits(old[o].lit, new[n].lit)
            });
            if let Some(o) = renamed {
                used[o] = true;
                out.push(SignalChange {
                    id: s.id.clone(),
                    old_id: Some(oi.signals[o].id.clone()),
                    change: "renamed",
                    old_weight: None,
                    new_weight: None,
                    old_when: None,
                    new_when: None,
                });
                continue;
            }
            out.push(SignalChange {
                id: s.id.clone(),
                old_id: None,
                change: "added",
                old_weight: None,
                new_weight: Some(s.weight),
                old_when: None,
                new_when: Some(text(self.new, &s.when)),
            });
        }
        for (o, s) in oi.signals.iter().enumerate() {
            if !used[o] {
                out.push(SignalChange {
                    id: s.id.clone(),
                    old_id: None,
                    change: "removed",
                    old_weight: Some(s.weight),
                    new_weight: None,
                    old_when: Some(text(self.old, &s.when)),
                    new_when: None,
                });
            }
        }
        out
    }

    fn tiers(
        &mut self,
        oi: &Icp,
        ni: &Icp,
        both: &[Lit],
        old_terms: &[Term],
        new_terms: &[Term],
        attrs: &[AttrId],
    ) -> Tiers {
        let (ob, nb) = (tier_bands(oi), tier_bands(ni));
        let mut definitions = Vec::new();
        for t in &nb {
            let Some(name) = &t.name else { continue };
            match ob.iter().find(|o| o.name.as_ref() == Some(name)) {
                None => definitions.push(format!("tier {name} added: {}", t.band())),
                Some(o) if o.band() != t.band() => {
                    definitions.push(format!("tier {name}: {} (was {})", t.band(), o.band()))
                }
                Some(_) => {}
            }
        }
        for o in &ob {
            let Some(name) = &o.name else { continue };
            if !nb.iter().any(|t| t.name.as_ref() == Some(name)) {
                definitions.push(format!("tier {name} removed (was {})", o.band()));
            }
        }
        let mut moves = Vec::new();
        let mut complete = true;
        for o in &ob {
            for t in &nb {
                if o.name == t.name {
                    continue;
                }
                let sums = [
                    SumRange {
                        terms: old_terms,
                        low: o.low,
                        high: o.high,
                    },
                    SumRange {
                        terms: new_terms,
                        low: t.low,
                        high: t.high,
                    },
                ];
                match score::in_ranges(&mut self.an, both, &sums, attrs) {
                    Some(Some((scores, w))) => moves.push(TierMove {
                        from: o.name.clone(),
                        to: t.name.clone(),
                        old_score: scores[0],
                        new_score: scores[1],
                        example: self.example(&w),
                    }),
                    Some(None) => {}
                    None => complete = false,
                }
            }
        }
        Tiers {
            definitions,
            moves,
            complete,
        }
    }
}

fn incomparable(reason: String) -> Matching {
    Matching {
        verdict: Verdict::Incomparable,
        reason: Some(reason),
        lets_in: None,
        shuts_out: None,
    }
}

impl Entry {
    /// Sets the status and `rules_changed` from what was found.
    fn finish(&mut self) {
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

/// A tier's score band: at least `low`, below `high`; `name` `None` is "no tier".
#[derive(Clone, Debug, PartialEq, Eq)]
struct Band {
    name: Option<String>,
    low: Option<i64>,
    high: Option<i64>,
}

impl Band {
    fn band(&self) -> String {
        score_band(self.low, self.high)
    }
}

/// The score band of every tier an account can get, and of "no tier" when some score gets
/// none.
fn tier_bands(icp: &Icp) -> Vec<Band> {
    let mut out = Vec::new();
    let mut high: Option<i64> = None;
    for t in &icp.tiers {
        out.push(Band {
            name: Some(t.name.clone()),
            low: t.min_score,
            high,
        });
        match t.min_score {
            Some(m) => high = Some(m),
            None => return out,
        }
    }
    out.push(Band {
        name: None,
        low: None,
        high,
    });
    out
}

fn criteria_text(spec: &Spec, requires: &[Criterion], excludes: &[Criterion]) -> Vec<String> {
    let mut out: Vec<String> = requires
        .iter()
        .map(|c| format!("requires: {}", describe(spec, &c.expr)))
        .collect();
    out.extend(
        excludes
            .iter()
            .map(|c| format!("excludes: {}", describe(spec, &c.expr))),
    );
    out
}

fn text_json(v: &Option<String>) -> Option<Json> {
    v.as_ref().map(|s| Json::String(s.clone()))
}

/// Pushes a change when the two values differ.
fn compare(out: &mut Vec<TextChange>, field: &str, old: Option<Json>, new: Option<Json>) {
    if old != new {
        out.push(TextChange {
            field: field.to_string(),
            old,
            new,
        });
    }
}

fn narrative_json(v: &NarrativeValue) -> Json {
    match v {
        NarrativeValue::Text(t) => Json::String(t.clone()),
        NarrativeValue::List(xs) => Json::Array(xs.iter().cloned().map(Json::String).collect()),
    }
}

/// The common text fields and every narrative entry, by key.
fn common_text(
    out: &mut Vec<TextChange>,
    old: (
        &str,
        &Option<String>,
        &Option<String>,
        Option<String>,
        &Narrative,
    ),
    new: (
        &str,
        &Option<String>,
        &Option<String>,
        Option<String>,
        &Narrative,
    ),
) {
    compare(
        out,
        "name",
        Some(Json::String(old.0.into())),
        Some(Json::String(new.0.into())),
    );
    compare(out, "summary", text_json(old.1), text_json(new.1));
    compare(out, "owner", text_json(old.2), text_json(new.2));
    compare(
        out,
        "reviewed",
        old.3.map(Json::String),
        new.3.map(Json::String),
    );
    let (on, nn) = (old.4, new.4);
    for e in &nn.entries {
        let before = on.entries.iter().find(|o| o.key == e.key);
        compare(
            out,
            &e.key,
            before.map(|o| narrative_json(&o.value)),
            Some(narrative_json(&e.value)),
        );
    }
    for o in &on.entries {
        if !nn.entries.iter().any(|e| e.key == o.key) {
            compare(out, &o.key, Some(narrative_json(&o.value)), None);
        }
    }
}

fn icp_text(o: &Icp, n: &Icp) -> Vec<TextChange> {
    let mut out = Vec::new();
    common_text(
        &mut out,
        (
            &o.name,
            &o.summary,
            &o.owner,
            o.reviewed.map(|d| d.0.to_string()),
            &o.narrative,
        ),
        (
            &n.name,
            &n.summary,
            &n.owner,
            n.reviewed.map(|d| d.0.to_string()),
            &n.narrative,
        ),
    );
    out
}

fn persona_text(
    old_spec: &Spec,
    new_spec: &Spec,
    o: &Persona,
    n: &Persona,
    icp_map: &HashMap<usize, usize>,
) -> Vec<TextChange> {
    let mut out = Vec::new();
    common_text(
        &mut out,
        (
            &o.name,
            &o.summary,
            &o.owner,
            o.reviewed.map(|d| d.0.to_string()),
            &o.narrative,
        ),
        (
            &n.name,
            &n.summary,
            &n.owner,
            n.reviewed.map(|d| d.0.to_string()),
            &n.narrative,
        ),
    );
    compare(&mut out, "role", text_json(&o.role), text_json(&n.role));
    // The `for` list, by the new ids of the old ICPs (so a renamed ICP is not a change).
    let ids = |spec: &Spec, icps: &[usize]| -> Vec<String> {
        let mut v: Vec<String> = icps.iter().map(|&i| spec.icps[i].id.clone()).collect();
        v.sort();
        v
    };
    let old_ids: Vec<String> = {
        let mut v: Vec<String> = o
            .icps
            .iter()
            .map(|i| match icp_map.get(i) {
                Some(&n) => new_spec.icps[n].id.clone(),
                None => old_spec.icps[*i].id.clone(),
            })
            .collect();
        v.sort();
        v
    };
    let new_ids = ids(new_spec, &n.icps);
    if old_ids != new_ids {
        let list = |v: Vec<String>| Json::Array(v.into_iter().map(Json::String).collect());
        out.push(TextChange {
            field: "for".to_string(),
            old: Some(list(old_ids)),
            new: Some(list(new_ids)),
        });
    }
    out
}

/// A record as a JSON object: the attributes it holds, by name.
pub fn record_json(schema: &Schema, r: &Record) -> Map<String, Json> {
    let mut out = Map::new();
    for (a, v) in schema.attrs.iter().zip(&r.values) {
        let Some(v) = v else { continue };
        let names = a.ty.values();
        let json = match v {
            Value::Num(n) => n.to_json(),
            Value::Bool(b) => Json::Bool(*b),
            Value::Enum(x) => Json::String(names.map_or(String::new(), |e| e.name(*x).to_string())),
            Value::Set(xs) => Json::Array(
                xs.iter()
                    .map(|&x| Json::String(names.map_or(String::new(), |e| e.name(x).to_string())))
                    .collect(),
            ),
        };
        out.insert(a.name.clone(), json);
    }
    out
}
