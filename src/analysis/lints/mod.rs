//! The lint catalogue: one file per lint, each with its id, default level, documentation and
//! logic; [`LINTS`] lists them all, and `docs/lints.md` is generated from it
//! (`icpl lints --markdown`).
//!
//! Lints read the checked IR and ask the [`Analysis`] exact questions. They run only on a spec
//! without errors, in registry order; a lint whose level is `allow` does not run at all.

mod analysis_incomplete;
pub mod catalogue;
mod equivalent_icps;
mod incomplete_persona;
mod indistinguishable_personas;
mod ineffective_exclusion;
mod matches_every_account;
mod missing_owner;
mod missing_review;
mod overlapping_icps;
mod persona_misses_icp;
mod redundant_requirement;
mod required_and_excluded;
mod signal_always_fires;
mod signal_never_fires;
mod stale_review;
mod too_many_personas;
mod unreachable_tier;
mod unsatisfiable_icp;
mod unsatisfiable_persona;
pub mod unused_suppression;

use std::fmt;

use super::engine::{Analysis, Constraint, Limits, Witness, Work};
use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::emit::english::describe;
use crate::sema::date::Date;
use crate::sema::ir::{Criterion, Icp, Persona, Spec, Type, Value};
use crate::source::{SourceMap, Span};

/// How a lint's findings are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not run.
    Allow,
    /// Reported as information.
    Info,
    /// Reported as a warning (exit code 0, unless `--deny warnings`).
    Warn,
    /// Reported as an error (exit code 1).
    Deny,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Level::Deny => Severity::Error,
            Level::Warn => Severity::Warning,
            Level::Info | Level::Allow => Severity::Info,
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "allow" => Some(Level::Allow),
            "info" => Some(Level::Info),
            "warn" => Some(Level::Warn),
            "deny" => Some(Level::Deny),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A lint's definition: everything the registry, the docs and the output formats need.
#[derive(Debug)]
pub struct LintDef {
    /// The stable id (never reused): the diagnostic code and the name in `icpl.toml` and
    /// suppressions.
    pub id: &'static str,
    pub default: Level,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Why it matters and how to fix it (Markdown).
    pub explanation: &'static str,
    /// A spec that triggers it (it must, and a test checks that it does).
    pub example: &'static str,
    /// The line a finding points at, which is where a suppression goes.
    pub reported_at: &'static str,
    /// What it looks at, and how.
    pub check: Check,
}

/// How a lint looks at a spec. ICP and persona lints share one small analysis per ICP or
/// persona (its criteria are encoded once for all of them).
#[derive(Clone, Copy)]
pub enum Check {
    /// Each ICP in turn, with the ICP's analysis.
    Icp(fn(&mut Context, usize, &mut Analysis, &mut Vec<Finding>)),
    /// Each persona in turn, with the persona's analysis (its criteria and its ICPs').
    Persona(fn(&mut Context, usize, &mut Analysis, &mut Vec<Finding>)),
    /// ICPs and personas both (the same check over either kind of profile).
    Profiles {
        icp: fn(&mut Context, usize, &mut Analysis, &mut Vec<Finding>),
        persona: fn(&mut Context, usize, &mut Analysis, &mut Vec<Finding>),
    },
    /// The whole spec, after every ICP and persona.
    Spec(fn(&mut Context, &mut Vec<Finding>)),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Check::Icp(_) => "Icp",
            Check::Persona(_) => "Persona",
            Check::Profiles { .. } => "Profiles",
            Check::Spec(_) => "Spec",
        })
    }
}

/// Every lint, in the order they run and are documented.
pub const LINTS: &[&LintDef] = &[
    &unsatisfiable_icp::LINT,
    &unsatisfiable_persona::LINT,
    &persona_misses_icp::LINT,
    &matches_every_account::LINT,
    &redundant_requirement::LINT,
    &ineffective_exclusion::LINT,
    &required_and_excluded::LINT,
    &signal_never_fires::LINT,
    &signal_always_fires::LINT,
    &unreachable_tier::LINT,
    &overlapping_icps::LINT,
    &equivalent_icps::LINT,
    &indistinguishable_personas::LINT,
    &too_many_personas::LINT,
    &incomplete_persona::LINT,
    &stale_review::LINT,
    &missing_review::LINT,
    &missing_owner::LINT,
    &analysis_incomplete::LINT,
    &unused_suppression::LINT,
];

/// The lint with an id.
pub fn lint(id: &str) -> Option<&'static LintDef> {
    LINTS.iter().copied().find(|l| l.id == id)
}

/// One problem a lint found.
#[derive(Clone, Debug)]
pub struct Finding {
    pub lint: &'static LintDef,
    pub message: String,
    /// The first label is the primary one: the line the finding is reported at.
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Finding {
    pub fn new(
        lint: &'static LintDef,
        message: impl Into<String>,
        primary: Span,
        label: impl Into<String>,
    ) -> Finding {
        Finding {
            lint,
            message: message.into(),
            labels: vec![Label {
                span: primary,
                message: Some(label.into()),
                primary: true,
            }],
            help: None,
        }
    }

    pub fn label(mut self, span: Span, message: impl Into<String>) -> Finding {
        self.labels.push(Label {
            span,
            message: Some(message.into()),
            primary: false,
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn primary_span(&self) -> Span {
        self.labels.first().map_or(Span::default(), |l| l.span)
    }

    /// The diagnostic at a level.
    pub fn to_diagnostic(&self, level: Level) -> Diagnostic {
        Diagnostic {
            code: self.lint.id.to_string(),
            severity: level.severity(),
            message: self.message.clone(),
            labels: self.labels.clone(),
            help: self.help.clone(),
        }
    }
}

/// Project settings the lints read.
#[derive(Clone, Debug)]
pub struct LintSettings {
    /// Days after `reviewed` when an ICP counts as stale.
    pub review_max_age_days: u32,
    /// Personas an ICP may have before `too-many-personas`.
    pub max_personas: usize,
    /// The date `stale-review` compares with.
    pub today: Date,
    /// How many ICP pairs `overlapping-icps` reports at most.
    pub max_overlaps: usize,
}

impl Default for LintSettings {
    fn default() -> LintSettings {
        LintSettings {
            review_max_age_days: 180,
            max_personas: 5,
            today: Date::today(),
            max_overlaps: 200,
        }
    }
}

/// What every lint may read and the facts lints share.
///
/// Each question is asked of a small analysis of its own (one ICP, one persona with its ICPs,
/// one pair of ICPs), so the cost of a question does not grow with the size of the spec; all of
/// them draw on one work budget.
pub struct Context<'a, 's> {
    pub spec: &'s Spec,
    pub map: &'a SourceMap,
    pub settings: &'a LintSettings,
    limits: Limits,
    used: Work,
    /// Whether each ICP can match some account (`None` past the bound).
    icp_sat: Vec<Option<bool>>,
    /// Whether each persona can match some contact.
    persona_sat: Vec<Option<bool>>,
    /// Whether every account matches each ICP (computed on demand).
    icp_everything: Vec<Option<Option<bool>>>,
    /// Overlapping pairs of ICPs (computed once, for the pair lints).
    overlaps: Option<Vec<Overlap>>,
    /// Redundant requirements and exclusions per profile (computed once, for both lints).
    redundancy: std::collections::HashMap<Profile, (Vec<Finding>, Vec<Finding>)>,
    /// Questions the analysis could not answer within its bounds: where, and what.
    pub incomplete: Vec<(Span, String)>,
}

/// Two ICPs that some account matches both of.
#[derive(Clone, Debug)]
pub struct Overlap {
    pub first: usize,
    pub second: usize,
    /// An account that matches both.
    pub witness: Witness,
    /// Whether every account of the first matches the second (`None` past the bound).
    pub first_in_second: Option<bool>,
    pub second_in_first: Option<bool>,
}

impl<'a, 's> Context<'a, 's> {
    pub fn new(
        spec: &'s Spec,
        map: &'a SourceMap,
        settings: &'a LintSettings,
        limits: Limits,
    ) -> Context<'a, 's> {
        Context {
            spec,
            map,
            settings,
            limits,
            used: Work::default(),
            icp_sat: Vec::new(),
            persona_sat: Vec::new(),
            icp_everything: Vec::new(),
            overlaps: None,
            redundancy: std::collections::HashMap::new(),
            incomplete: Vec::new(),
        }
    }

    /// A fresh analysis with what is left of the work budget.
    pub fn analysis(&self) -> Analysis<'s> {
        Analysis::with_limits(self.spec, self.limits.remaining(self.used))
    }

    /// Counts the work an analysis did against the budget.
    pub fn absorb(&mut self, an: &Analysis) {
        let w = an.work();
        self.used.queries += w.queries;
        self.used.conflicts += w.conflicts;
    }

    /// The work done so far.
    pub fn work(&self) -> Work {
        self.used
    }

    /// Records that a question about the item at `span` went past the analysis bounds.
    pub fn unknown(&mut self, span: Span, what: impl Into<String>) {
        let what = what.into();
        if !self
            .incomplete
            .iter()
            .any(|(s, w)| *s == span && *w == what)
        {
            self.incomplete.push((span, what));
        }
    }

    /// Whether an ICP can match some account (`None` past the bound). Decided for every ICP
    /// before any lint runs.
    pub fn icp_satisfiable(&self, i: usize) -> Option<bool> {
        self.icp_sat.get(i).copied().flatten()
    }

    /// Whether a persona can match some contact. Decided for every persona before the
    /// persona and spec lints run.
    pub fn persona_satisfiable(&self, p: usize) -> Option<bool> {
        self.persona_sat.get(p).copied().flatten()
    }

    /// Whether every account matches an ICP, asked of the ICP's analysis (once).
    pub fn icp_matches_everything(&mut self, i: usize, an: &mut Analysis) -> Option<bool> {
        if self.icp_everything.len() <= i {
            self.icp_everything
                .resize(self.spec.icps.len().max(i + 1), None);
        }
        if let Some(known) = self.icp_everything[i] {
            return known;
        }
        let m = icp_match_lit(an, &self.spec.icps[i]);
        let answer = match an.solve(&[!m]) {
            super::sat::Outcome::Sat => Some(false),
            super::sat::Outcome::Unsat => Some(true),
            super::sat::Outcome::Unknown => None,
        };
        self.icp_everything[i] = Some(answer);
        answer
    }

    /// The redundant requirements and ineffective exclusions of a profile (computed once).
    pub fn redundancy(
        &mut self,
        profile: Profile,
        an: &mut Analysis,
    ) -> (Vec<Finding>, Vec<Finding>) {
        if let Some(found) = self.redundancy.get(&profile) {
            return found.clone();
        }
        let found = redundant_requirement::findings(self, profile, an);
        self.redundancy.insert(profile, found.clone());
        found
    }

    /// Every overlapping pair of satisfiable ICPs, with an example and containment (computed
    /// once).
    pub fn overlaps(&mut self) -> &[Overlap] {
        if self.overlaps.is_none() {
            let pairs = overlapping_icps::find_overlaps(self);
            self.overlaps = Some(pairs);
        }
        self.overlaps.as_deref().unwrap_or(&[])
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &str {
        self.map.slice(span)
    }

    /// A criterion in plain English.
    pub fn english(&self, c: &Criterion) -> String {
        describe(self.spec, &c.expr)
    }

    /// An example account (and contact) in the syntax of an `example` block.
    pub fn show_witness(&self, w: &Witness) -> String {
        show_witness(self.spec, w)
    }
}

/// An example account (and contact) in the syntax of an `example` block.
pub fn show_witness(spec: &Spec, w: &Witness) -> String {
    let mut parts = Vec::new();
    for (name, schema, record) in [
        ("account", &spec.account, &w.account),
        ("contact", &spec.contact, &w.contact),
    ] {
        let fields: Vec<String> = schema
            .attrs
            .iter()
            .zip(&record.values)
            .filter_map(|(a, v)| {
                v.as_ref()
                    .map(|v| format!("{}: {}", a.name, show_value(&a.ty, v)))
            })
            .collect();
        if !fields.is_empty() {
            parts.push(format!("{name} {{ {} }}", fields.join(", ")));
        }
    }
    if parts.is_empty() {
        "any account".to_string()
    } else {
        parts.join(" ")
    }
}

/// A value in the syntax of an `example` record.
pub fn show_value(ty: &Type, v: &Value) -> String {
    match (ty, v) {
        (Type::Money, Value::Num(n)) => crate::num::show_money(*n).replace(',', "_"),
        (Type::Percent, Value::Num(n)) => format!("{n}%"),
        (_, Value::Num(n)) => n.to_string(),
        (_, Value::Bool(b)) => b.to_string(),
        (Type::Enum(e) | Type::Set(e), Value::Enum(x)) => e.name(*x).to_string(),
        (Type::Enum(e) | Type::Set(e), Value::Set(xs)) => format!(
            "[{}]",
            xs.iter().map(|&x| e.name(x)).collect::<Vec<_>>().join(", ")
        ),
        _ => "?".to_string(),
    }
}

/// The constraints that make an account match an ICP: every requirement holds, no exclusion
/// does.
pub fn icp_constraints(icp: &Icp) -> Vec<Constraint<'_>> {
    let mut cs: Vec<Constraint> = icp
        .requires
        .iter()
        .map(|c| Constraint::holds(&c.expr))
        .collect();
    cs.extend(icp.excludes.iter().map(|c| Constraint::fails(&c.expr)));
    cs
}

/// The criteria of an ICP in the order of [`icp_constraints`], with their role.
pub fn icp_criteria(icp: &Icp) -> Vec<(&Criterion, Role)> {
    let mut out: Vec<(&Criterion, Role)> =
        icp.requires.iter().map(|c| (c, Role::Require)).collect();
    out.extend(icp.excludes.iter().map(|c| (c, Role::Exclude)));
    out
}

/// A persona's own constraints.
pub fn persona_constraints(p: &Persona) -> Vec<Constraint<'_>> {
    let mut cs: Vec<Constraint> = p
        .requires
        .iter()
        .map(|c| Constraint::holds(&c.expr))
        .collect();
    cs.extend(p.excludes.iter().map(|c| Constraint::fails(&c.expr)));
    cs
}

pub fn persona_criteria(p: &Persona) -> Vec<(&Criterion, Role)> {
    let mut out: Vec<(&Criterion, Role)> = p.requires.iter().map(|c| (c, Role::Require)).collect();
    out.extend(p.excludes.iter().map(|c| (c, Role::Exclude)));
    out
}

/// The literal "the contact's account matches one of the persona's ICPs" (true without `for`).
pub fn persona_icp_lit(an: &mut Analysis, spec: &Spec, p: &Persona) -> super::sat::Lit {
    if p.icps.is_empty() {
        return an.and(&[]);
    }
    let mut options = Vec::new();
    for &i in &p.icps {
        let lit = icp_match_lit(an, &spec.icps[i]);
        options.push(lit);
    }
    an.or(&options)
}

/// The literal "the account matches this ICP".
pub fn icp_match_lit(an: &mut Analysis, icp: &Icp) -> super::sat::Lit {
    let lits = an.lits(&icp_constraints(icp));
    an.and(&lits)
}

/// Whether a criterion is a requirement or an exclusion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Require,
    Exclude,
}

impl Role {
    /// A label for a criterion in a conflict: "requires: ..." / "excludes: ...".
    pub fn label(self, english: &str) -> String {
        match self {
            Role::Require => format!("requires: {}", lower_first(english)),
            Role::Exclude => format!("excludes: {}", lower_first(english)),
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // Keep acronyms and labels that start with two capitals as written.
        Some(first) if !c.clone().next().is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

/// "1 requirement", "2 criteria".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A profile: an ICP or a persona, by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Profile {
    Icp(usize),
    Persona(usize),
}

/// Runs every lint whose level is not `allow` and gives its findings with their level: first
/// every ICP (one analysis each), then every persona, then the whole spec.
pub fn run(cx: &mut Context, level: &dyn Fn(&LintDef) -> Level) -> Vec<(Finding, Level)> {
    let enabled: Vec<(&'static LintDef, Level)> = LINTS
        .iter()
        .map(|d| (*d, level(d)))
        .filter(|(_, l)| *l != Level::Allow)
        .collect();
    let mut out = Vec::new();
    let spec = cx.spec;
    cx.icp_sat = vec![None; spec.icps.len()];
    cx.persona_sat = vec![None; spec.personas.len()];
    for i in 0..spec.icps.len() {
        let mut an = cx.analysis();
        cx.icp_sat[i] = an.satisfiable(&icp_constraints(&spec.icps[i]));
        for &(def, lvl) in &enabled {
            let f = match def.check {
                Check::Icp(f) | Check::Profiles { icp: f, .. } => f,
                _ => continue,
            };
            let mut found = Vec::new();
            f(cx, i, &mut an, &mut found);
            out.extend(found.into_iter().map(|x| (x, lvl)));
        }
        cx.absorb(&an);
    }
    for p in 0..spec.personas.len() {
        let persona = &spec.personas[p];
        let mut an = cx.analysis();
        let mut lits = vec![persona_icp_lit(&mut an, spec, persona)];
        lits.extend(an.lits(&persona_constraints(persona)));
        cx.persona_sat[p] = match an.solve(&lits) {
            super::sat::Outcome::Sat => Some(true),
            super::sat::Outcome::Unsat => Some(false),
            super::sat::Outcome::Unknown => None,
        };
        for &(def, lvl) in &enabled {
            let f = match def.check {
                Check::Persona(f) | Check::Profiles { persona: f, .. } => f,
                _ => continue,
            };
            let mut found = Vec::new();
            f(cx, p, &mut an, &mut found);
            out.extend(found.into_iter().map(|x| (x, lvl)));
        }
        cx.absorb(&an);
    }
    for &(def, lvl) in &enabled {
        if let Check::Spec(f) = def.check {
            let mut found = Vec::new();
            f(cx, &mut found);
            out.extend(found.into_iter().map(|x| (x, lvl)));
        }
    }
    out
}
