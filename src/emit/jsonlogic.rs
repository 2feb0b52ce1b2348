//! The rules as JsonLogic (`icpl build --target jsonlogic`), so that consumers in any language
//! can evaluate them with a JsonLogic engine.
//!
//! JsonLogic is two-valued; icpl's semantics are three-valued. Every rule here therefore
//! evaluates to `true`, `false` or `null` (unknown): each attribute test is guarded, so a missing
//! value (an absent key or `null`) gives `null` rather than a silent `false`; `and`, `or` and
//! `not` follow Kleene's logic. Each connective evaluates its operands once, by folding them with
//! `reduce`, so the rules grow linearly with the criteria. Enum tests are value tables: the
//! values for which the test holds, and those (coarse, inner nodes) for which it is unknown.
//! The data a rule reads is a record as `docs/json-format.md` describes it, with the account's
//! attributes at the top level.

use serde_json::{Value as J, json};

use crate::eval::{Truth, enum_in};
use crate::sema::ir::{Cmp, Expr, Icp, Spec, Test, Type};

/// The version tag of the JsonLogic document.
pub const FORMAT: &str = "icpl-jsonlogic/1";

fn var(name: &str) -> J {
    json!({ "var": name })
}

/// Whether a value is missing. `var` gives `null` for an absent key in every engine; strict
/// equality keeps `0`, `false` and arrays from being taken for it (loose `==` coerces them, and
/// some engines reject an array there).
fn is_null(x: J) -> J {
    json!({ "===": [x, null] })
}

fn strict(a: J, b: J) -> J {
    json!({ "===": [a, b] })
}

/// `test` when the attribute has a value, `null` when it is missing.
fn guarded(attr: &str, test: J) -> J {
    json!({ "if": [is_null(var(attr)), null, test] })
}

/// The Kleene conjunction of three-valued rules, each evaluated once.
fn and(items: Vec<J>) -> J {
    if items.len() == 1 {
        return items.into_iter().next().unwrap_or(J::Bool(true));
    }
    let cur = var("current");
    let acc = var("accumulator");
    json!({ "reduce": [
        items,
        { "if": [
            { "or": [strict(cur.clone(), json!(false)), strict(acc.clone(), json!(false))] }, false,
            { "or": [strict(cur, J::Null), strict(acc, J::Null)] }, null,
            true
        ]},
        true
    ]})
}

/// The Kleene disjunction of three-valued rules, each evaluated once.
fn or(items: Vec<J>) -> J {
    if items.len() == 1 {
        return items.into_iter().next().unwrap_or(J::Bool(false));
    }
    let cur = var("current");
    let acc = var("accumulator");
    json!({ "reduce": [
        items,
        { "if": [
            { "or": [strict(cur.clone(), json!(true)), strict(acc.clone(), json!(true))] }, true,
            { "or": [strict(cur, J::Null), strict(acc, J::Null)] }, null,
            false
        ]},
        false
    ]})
}

/// The Kleene negation of a three-valued rule, evaluated once.
fn not(x: J) -> J {
    let cur = var("current");
    json!({ "reduce": [
        [x],
        { "if": [strict(cur.clone(), J::Null), null, { "!": cur }] },
        null
    ]})
}

fn number(n: crate::num::Num) -> J {
    n.to_json()
}

/// A test on an enum value as a table: `true` for the values listed in `yes`, `null` for those
/// in `unknown`, `false` otherwise.
fn table(attr: &str, yes: Vec<String>, unknown: Vec<String>) -> J {
    let x = var(attr);
    json!({ "if": [
        is_null(x.clone()), null,
        { "in": [x.clone(), yes] }, true,
        { "in": [x, unknown] }, null,
        false
    ]})
}

/// An expression as a three-valued JsonLogic rule.
pub fn rule(spec: &Spec, e: &Expr) -> J {
    match e {
        Expr::And(xs) => and(xs.iter().map(|x| rule(spec, x)).collect()),
        Expr::Or(xs) => or(xs.iter().map(|x| rule(spec, x)).collect()),
        Expr::Not(x) => not(rule(spec, x)),
        Expr::Atom(a) => {
            let attr = spec.attr(a.attr);
            let name = attr.name.as_str();
            let x = var(name);
            match (&attr.ty, &a.test) {
                (_, Test::Compare(cmp, c)) => {
                    let op = match cmp {
                        Cmp::Eq => "===",
                        Cmp::Lt => "<",
                        Cmp::Le => "<=",
                        Cmp::Gt => ">",
                        Cmp::Ge => ">=",
                    };
                    guarded(name, json!({ op: [x, number(*c)] }))
                }
                (_, Test::Between(lo, hi)) => {
                    guarded(name, json!({ "<=": [number(*lo), x, number(*hi)] }))
                }
                (_, Test::Bool(b)) => guarded(name, strict(x, J::Bool(*b))),
                (Type::Enum(e), test) => {
                    let truth = |v: u32| match test {
                        Test::In(listed) => enum_in(e, v, listed),
                        Test::Rank(cmp, r) => Truth::from_bool(match cmp {
                            Cmp::Eq => v == *r,
                            Cmp::Lt => v < *r,
                            Cmp::Le => v <= *r,
                            Cmp::Gt => v > *r,
                            Cmp::Ge => v >= *r,
                        }),
                        Test::RankBetween(lo, hi) => Truth::from_bool(*lo <= v && v <= *hi),
                        _ => Truth::Unknown,
                    };
                    let mut yes = Vec::new();
                    let mut unknown = Vec::new();
                    for v in 0..e.values.len() as u32 {
                        match truth(v) {
                            Truth::True => yes.push(e.name(v).to_string()),
                            Truth::Unknown => unknown.push(e.name(v).to_string()),
                            Truth::False => {}
                        }
                    }
                    table(name, yes, unknown)
                }
                (Type::Set(e), Test::Has(v)) => guarded(name, json!({ "in": [e.name(*v), x] })),
                (Type::Set(e), Test::HasAny(vs)) => guarded(
                    name,
                    json!({ "or": vs.iter().map(|&v| json!({ "in": [e.name(v), x.clone()] })).collect::<Vec<_>>() }),
                ),
                (Type::Set(e), Test::HasAll(vs)) => guarded(
                    name,
                    json!({ "and": vs.iter().map(|&v| json!({ "in": [e.name(v), x.clone()] })).collect::<Vec<_>>() }),
                ),
                // The checker pairs every test with a type it fits.
                _ => J::Null,
            }
        }
    }
}

/// The status rule of an ICP: `"match"`, `"no_match"` or `"unknown"`.
fn status(spec: &Spec, icp: &Icp) -> J {
    let mut parts: Vec<J> = icp.requires.iter().map(|c| rule(spec, &c.expr)).collect();
    parts.extend(icp.excludes.iter().map(|c| not(rule(spec, &c.expr))));
    let holds = if parts.is_empty() {
        J::Bool(true)
    } else {
        and(parts)
    };
    let cur = var("current");
    json!({ "reduce": [
        [holds],
        { "if": [
            strict(cur.clone(), json!(true)), "match",
            strict(cur, json!(false)), "no_match",
            "unknown"
        ]},
        null
    ]})
}

/// The JsonLogic document of a spec's ICPs.
pub fn document(spec: &Spec) -> J {
    let icps: serde_json::Map<String, J> = spec
        .icps
        .iter()
        .map(|icp| {
            let signals: Vec<J> = icp
                .signals
                .iter()
                .map(|s| json!({ "id": s.id, "weight": s.weight, "holds": rule(spec, &s.when.expr) }))
                .collect();
            let tiers: Vec<J> = icp
                .tiers
                .iter()
                .map(|t| json!({ "name": t.name, "min_score": t.min_score }))
                .collect();
            (
                icp.id.clone(),
                json!({
                    "status": status(spec, icp),
                    "requirements": icp.requires.iter().map(|c| rule(spec, &c.expr)).collect::<Vec<_>>(),
                    "exclusions": icp.excludes.iter().map(|c| rule(spec, &c.expr)).collect::<Vec<_>>(),
                    "signals": signals,
                    "tiers": tiers,
                }),
            )
        })
        .collect();
    json!({
        "format": FORMAT,
        "compiler": format!("icpl {}", env!("CARGO_PKG_VERSION")),
        "icps": icps,
    })
}

/// The document as pretty-printed JSON with a final newline.
pub fn to_string(spec: &Spec) -> String {
    let mut text = serde_json::to_string_pretty(&document(spec)).unwrap_or_default();
    text.push('\n');
    text
}
