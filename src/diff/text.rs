//! The text side of a change: names, summaries, owners, review dates, roles, narrative fields
//! and `for` lists, compared as written.

use std::collections::HashMap;

use serde_json::Value as Json;

use super::report::TextChange;
use crate::sema::english::describe;
use crate::sema::ir::{Criterion, Icp, Persona, Spec};
use crate::sema::narrative::{Narrative, NarrativeValue};

/// The criteria of an added or removed profile, in plain English.
pub(super) fn criteria_text(
    spec: &Spec,
    requires: &[Criterion],
    excludes: &[Criterion],
) -> Vec<String> {
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

/// The text changes of an ICP both versions have.
pub(super) fn icp_text(o: &Icp, n: &Icp) -> Vec<TextChange> {
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

/// The text changes of a persona both versions have, its `for` list by the new ids of the
/// old ICPs (`icp_map`, old index to new), so a renamed ICP is not a change.
pub(super) fn persona_text(
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
        let mut v: Vec<String> = icps.iter().map(|&i| spec.icp_at(i).id.clone()).collect();
        v.sort();
        v
    };
    let old_ids: Vec<String> = {
        let mut v: Vec<String> = o
            .icps
            .iter()
            .map(|i| match icp_map.get(i) {
                Some(&n) => new_spec.icp_at(n).id.clone(),
                None => old_spec.icp_at(*i).id.clone(),
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
