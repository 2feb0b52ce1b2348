//! ICP and persona blocks: their criteria, score, tiers and narrative.

use std::collections::HashMap;

use super::Checker;
use super::criteria::Scope as CritScope;
use super::date::Date;
use super::errors::SemaError;
use super::ir::{Criterion, Icp, Persona, Signal, Tier, Type};
use super::narrative::{self, FieldKind, Narrative, NarrativeEntry, NarrativeValue, Scope};
use crate::diagnostics::suggest::did_you_mean;
use crate::source::Span;
use crate::syntax::ast::{self, FieldValue, LitKind, ProfileKind, Statement, TextItem};

/// Statement keywords, offered as suggestions for a misspelt field (`requires` → `require`).
const STATEMENT_KEYWORDS: [&str; 6] = [
    "require", "exclude", "score", "tiers", "reviewed", "section",
];

/// What the statements of an ICP or persona body give.
#[derive(Default)]
struct Body {
    summary: Option<String>,
    owner: Option<String>,
    role: Option<String>,
    reviewed: Option<(Date, Span)>,
    requires: Vec<Criterion>,
    excludes: Vec<Criterion>,
    signals: Vec<Signal>,
    tiers: Vec<Tier>,
    score_span: Option<Span>,
    tiers_span: Option<Span>,
    narrative: Narrative,
}

impl Checker<'_> {
    pub(super) fn icp(&mut self, block: &ast::ProfileBlock) -> Icp {
        let body = self.body(block, CritScope::Icp(&block.id.name));
        if let (Some(span), None) = (body.tiers_span, body.score_span)
            && !self.damaged(block.span)
        {
            self.errors.push(SemaError::TiersWithoutScore { span });
        }
        Icp {
            id: block.id.name.clone(),
            id_span: block.id.span,
            name: display_name(block),
            summary: body.summary,
            owner: body.owner,
            reviewed: body.reviewed,
            requires: body.requires,
            excludes: body.excludes,
            signals: body.signals,
            tiers: body.tiers,
            narrative: body.narrative,
            span: block.span,
        }
    }

    pub(super) fn persona(&mut self, block: &ast::ProfileBlock) -> Persona {
        let mut icps: Vec<usize> = Vec::new();
        let mut icp_spans = Vec::new();
        for name in &block.for_icps {
            match self.spec.icp(&name.name) {
                Some((i, _)) if icps.contains(&i) => self.errors.push(SemaError::DuplicateFor {
                    name: name.name.clone(),
                    span: name.span,
                }),
                Some((i, _)) => {
                    icps.push(i);
                    icp_spans.push(name.span);
                }
                None => self.unknown_icp(name),
            }
        }
        let body = self.body(block, CritScope::Persona);
        Persona {
            id: block.id.name.clone(),
            id_span: block.id.span,
            name: display_name(block),
            icps,
            icp_spans,
            summary: body.summary,
            owner: body.owner,
            reviewed: body.reviewed,
            role: body.role,
            requires: body.requires,
            excludes: body.excludes,
            narrative: body.narrative,
            span: block.span,
        }
    }

    /// Reports an ICP name that resolves to nothing, unless it names a block that failed to
    /// parse (already reported).
    pub(super) fn unknown_icp(&mut self, name: &ast::Ident) {
        if self.broken_icps.contains(&name.name) {
            return;
        }
        let help = match did_you_mean(&name.name, self.spec.icps.iter().map(|i| i.id.as_str())) {
            Some(c) => format!("did you mean `{c}`?"),
            None if self.spec.icps.is_empty() => "the spec defines no ICP yet".to_string(),
            None => format!(
                "the ICPs are: {}",
                self.spec
                    .icps
                    .iter()
                    .map(|i| format!("`{}`", i.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.errors.push(SemaError::UnknownIcp {
            name: name.name.clone(),
            span: name.span,
            help,
        });
    }

    fn body(&mut self, block: &ast::ProfileBlock, scope: CritScope) -> Body {
        let is_icp = block.kind == ProfileKind::Icp;
        let place = if is_icp { "an ICP" } else { "a persona" };
        let mut body = Body::default();
        let mut seen: HashMap<String, Span> = HashMap::new();
        for stmt in &block.body {
            match stmt {
                Statement::Require(c) | Statement::Exclude(c) => {
                    if let Some(expr) = self.lower_expr(&c.expr, scope) {
                        let crit = Criterion {
                            expr,
                            span: c.expr.span,
                            stmt_span: c.span,
                        };
                        if matches!(stmt, Statement::Require(_)) {
                            body.requires.push(crit);
                        } else {
                            body.excludes.push(crit);
                        }
                    }
                }
                Statement::Score(score) => {
                    if !is_icp {
                        self.misplaced(
                            "score",
                            place,
                            score.keyword,
                            "a score ranks accounts, so it belongs in the ICP this persona is for",
                        );
                        continue;
                    }
                    if !self.first(&mut seen, "score", score.keyword) {
                        continue;
                    }
                    body.score_span = Some(score.keyword);
                    self.signals(score, scope, &mut body.signals);
                }
                Statement::Tiers(tiers) => {
                    if !is_icp {
                        self.misplaced(
                            "tiers",
                            place,
                            tiers.keyword,
                            "tiers rank accounts by score, so they belong in the ICP",
                        );
                        continue;
                    }
                    if !self.first(&mut seen, "tiers", tiers.keyword) {
                        continue;
                    }
                    body.tiers_span = Some(tiers.keyword);
                    body.tiers = self.tiers(tiers);
                }
                Statement::Reviewed(d) => {
                    if !self.first(&mut seen, "reviewed", d.keyword) {
                        continue;
                    }
                    match Date::parse(&d.text) {
                        Some(date) => body.reviewed = Some((date, d.date_span)),
                        None => self.errors.push(SemaError::InvalidDate {
                            text: d.text.clone(),
                            span: d.date_span,
                        }),
                    }
                }
                Statement::Section { title, value, .. } => {
                    let key = format!("section \"{}\"", title.value);
                    if !self.first(&mut seen, &key, title.span) {
                        continue;
                    }
                    let value = match value {
                        FieldValue::Text(s) => NarrativeValue::Text(s.value.clone()),
                        FieldValue::List { items, .. } => NarrativeValue::List(
                            items.iter().map(|i| i.text().to_string()).collect(),
                        ),
                        FieldValue::Ident(i) => {
                            self.errors.push(SemaError::FieldKind {
                                name: format!("section \"{}\"", title.value),
                                expected: "a string or a list of strings",
                                span: i.span,
                                found: "a bare name",
                                help: format!("put it in quotes: `\"{}\"`", i.name),
                            });
                            continue;
                        }
                    };
                    body.narrative.entries.push(NarrativeEntry {
                        field: None,
                        key: title.value.clone(),
                        value,
                        span: stmt.span(),
                    });
                }
                Statement::Field { name, value, span } => {
                    self.field(name, value, *span, is_icp, &mut seen, &mut body);
                }
            }
        }
        body
    }

    /// Records the first use of a once-only statement; reports a repeat.
    fn first(&mut self, seen: &mut HashMap<String, Span>, what: &str, span: Span) -> bool {
        if let Some(&first) = seen.get(what) {
            self.errors.push(SemaError::DuplicateField {
                what: what.to_string(),
                span,
                first,
            });
            return false;
        }
        seen.insert(what.to_string(), span);
        true
    }

    fn misplaced(&mut self, what: &str, place: &'static str, span: Span, help: &str) {
        self.errors.push(SemaError::Misplaced {
            what: what.to_string(),
            place,
            span,
            help: help.to_string(),
        });
    }

    fn signals(&mut self, score: &ast::ScoreBlock, scope: CritScope, out: &mut Vec<Signal>) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for s in &score.signals {
            if let Some(&first) = seen.get(s.name.name.as_str()) {
                self.errors.push(SemaError::DuplicateSignal {
                    name: s.name.name.clone(),
                    span: s.name.span,
                    first,
                });
                continue;
            }
            seen.insert(&s.name.name, s.name.span);
            if s.weight == 0 {
                self.errors.push(SemaError::ZeroWeight {
                    name: s.name.name.clone(),
                    span: s.weight_span,
                });
            }
            if let Some(expr) = self.lower_expr(&s.expr, scope) {
                out.push(Signal {
                    id: s.name.name.clone(),
                    weight: s.weight,
                    when: Criterion {
                        expr,
                        span: s.expr.span,
                        stmt_span: s.span,
                    },
                    span: s.span,
                });
            }
        }
    }

    fn tiers(&mut self, block: &ast::TiersBlock) -> Vec<Tier> {
        let mut out: Vec<Tier> = Vec::new();
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let last = block.tiers.len().saturating_sub(1);
        for (i, t) in block.tiers.iter().enumerate() {
            if let Some(&first) = seen.get(t.name.name.as_str()) {
                self.errors.push(SemaError::DuplicateTier {
                    name: t.name.name.clone(),
                    span: t.name.span,
                    first,
                });
                continue;
            }
            seen.insert(&t.name.name, t.name.span);
            let min_score = match &t.threshold {
                None => {
                    if i != last {
                        self.errors.push(SemaError::CatchAllNotLast {
                            name: t.name.name.clone(),
                            span: t.span,
                        });
                    }
                    None
                }
                Some(lit) => match lit.kind {
                    LitKind::Number(n) if n.is_whole() => n.as_i64(),
                    LitKind::Number(_) => {
                        self.errors.push(SemaError::NotWhole {
                            text: self.map.slice(lit.span).to_string(),
                            span: lit.span,
                            what: "a tier threshold".into(),
                            help: Some("scores are sums of whole-number weights".into()),
                        });
                        continue;
                    }
                    _ => continue,
                },
            };
            if let (Some(min), Some(prev)) = (min_score, out.last())
                && let Some(prev_min) = prev.min_score
                && min >= prev_min
            {
                self.errors.push(SemaError::TiersOutOfOrder {
                    name: t.name.name.clone(),
                    threshold: min,
                    prev: prev.name.clone(),
                    prev_threshold: prev_min,
                    span: t.span,
                    prev_span: prev.span,
                });
            }
            out.push(Tier {
                name: t.name.name.clone(),
                min_score,
                span: t.span,
            });
        }
        out
    }

    fn field(
        &mut self,
        name: &ast::Ident,
        value: &FieldValue,
        span: Span,
        is_icp: bool,
        seen: &mut HashMap<String, Span>,
        body: &mut Body,
    ) {
        let Some(def) = narrative::field(&name.name) else {
            let candidates = narrative::FIELDS
                .iter()
                .map(|f| f.name)
                .chain(STATEMENT_KEYWORDS);
            let help = match did_you_mean(&name.name, candidates) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!(
                    "known fields: {}; for anything else write `section \"{}\" \"...\"`",
                    narrative::FIELDS
                        .iter()
                        .map(|f| f.name)
                        .collect::<Vec<_>>()
                        .join(", "),
                    name.name.replace('_', " ")
                ),
            };
            self.errors.push(SemaError::UnknownField {
                name: name.name.clone(),
                span: name.span,
                help,
            });
            return;
        };
        let place = if is_icp { "an ICP" } else { "a persona" };
        let allowed = match def.scope {
            Scope::Both => true,
            Scope::Icp => is_icp,
            Scope::Persona => !is_icp,
        };
        if !allowed {
            let help = if is_icp {
                format!("`{}` describes a person; put it in a persona", def.name)
            } else {
                format!("`{}` describes a company; put it in the ICP", def.name)
            };
            self.misplaced(def.name, place, name.span, &help);
            return;
        }
        if !self.first(seen, def.name, name.span) {
            return;
        }
        let value_span = value.span();
        let found = match value {
            FieldValue::Text(_) => "a string",
            FieldValue::List { .. } => "a list",
            FieldValue::Ident(_) => "a bare name",
        };
        let value = match (def.kind, value) {
            (FieldKind::Text, FieldValue::Text(s)) => NarrativeValue::Text(s.value.clone()),
            (FieldKind::List, FieldValue::List { items, .. }) => NarrativeValue::List(
                items
                    .iter()
                    .map(TextItem::text)
                    .map(str::to_string)
                    .collect(),
            ),
            (FieldKind::Name, FieldValue::Ident(i)) => NarrativeValue::Text(i.name.clone()),
            (kind, v) => {
                let (expected, help) = match (kind, v) {
                    (FieldKind::Text, FieldValue::List { .. }) => (
                        "one string",
                        format!("write one string: `{} \"...\"`", def.name),
                    ),
                    (FieldKind::Text, _) => (
                        "one string",
                        format!("put it in quotes: `{} \"...\"`", def.name),
                    ),
                    (FieldKind::List, FieldValue::Text(s)) => (
                        "a list",
                        format!(
                            "wrap it in a list: `{} [\"{}\"]`",
                            def.name,
                            s.value.chars().take(30).collect::<String>()
                        ),
                    ),
                    (FieldKind::List, _) => {
                        ("a list", format!("wrap it in a list: `{} [...]`", def.name))
                    }
                    (FieldKind::Name, _) => (
                        "a name",
                        format!(
                            "write the name without quotes or brackets, e.g. `{} champion`",
                            def.name
                        ),
                    ),
                };
                self.errors.push(SemaError::FieldKind {
                    name: def.name.to_string(),
                    expected,
                    span: v.span(),
                    found,
                    help,
                });
                return;
            }
        };
        match def.name {
            "summary" | "owner" => {
                let NarrativeValue::Text(text) = value else {
                    return;
                };
                if def.name == "summary" {
                    body.summary = Some(text);
                } else {
                    body.owner = Some(text);
                }
            }
            "role" => {
                let NarrativeValue::Text(role) = value else {
                    return;
                };
                self.check_role(&role, value_span);
                body.role = Some(role);
            }
            _ => body.narrative.entries.push(NarrativeEntry {
                field: Some(def),
                key: def.name.to_string(),
                value,
                span,
            }),
        }
    }

    /// When the contact schema declares `decision_role` as an enum, a persona's role must be
    /// one of its values.
    fn check_role(&mut self, role: &str, span: Span) {
        let Some(id) = self.spec.contact.find("decision_role") else {
            return;
        };
        let Type::Enum(e) = &self.spec.attr(id).ty else {
            return;
        };
        if e.find(role).is_some() {
            return;
        }
        let help = match did_you_mean(role, e.values.iter().map(|v| v.name.as_str())) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("the roles are: {}", super::criteria::value_list(e)),
        };
        self.errors.push(SemaError::UnknownRole {
            name: role.to_string(),
            span,
            help,
        });
    }
}

/// The name people read: the display name the block gives, else its id as written.
fn display_name(block: &ast::ProfileBlock) -> String {
    block
        .name
        .as_ref()
        .map_or_else(|| block.id.name.clone(), |n| n.value.clone())
}
