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

use crate::diagnostics::Diagnostic;
use crate::num::Num;
use crate::sema::ir::{Atom, Cmp, Expr, Icp, Spec, Test};
use crate::semantics::profile;
use crate::semantics::test::Accepts;
use crate::semantics::truth::{Logic, Truth};
use crate::source::Span;

/// Why a spec cannot be written as JsonLogic exactly.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum JsonLogicError {
    /// A number JavaScript engines cannot compare exactly.
    #[error("`{value}` cannot be compared exactly by JsonLogic engines")]
    #[diagnostic(
        code("inexact-constant"),
        help(
            "JsonLogic engines compare IEEE doubles, which keep about 15 significant digits; \
             write the constant with at most 15 significant digits, or use the JSON rules \
             (`icpl build`), which carry exact decimals"
        )
    )]
    InexactConstant {
        value: String,
        #[label("more digits than a double holds")]
        span: Span,
    },
}

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

fn number(n: Num) -> J {
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

/// JsonLogic expressions as a logic: Kleene's connectives, each operand evaluated once.
struct JsonLogic<'a> {
    /// Constants that engines cannot compare exactly, with where they are.
    inexact: &'a mut Vec<(Num, Span)>,
}

impl Logic for JsonLogic<'_> {
    type V = J;

    fn constant(&self, b: bool) -> J {
        J::Bool(b)
    }

    fn negate(x: J) -> J {
        not(x)
    }

    fn all(&mut self, xs: impl IntoIterator<Item = J>) -> J {
        let xs: Vec<J> = xs.into_iter().collect();
        if xs.is_empty() {
            J::Bool(true)
        } else {
            and(xs)
        }
    }

    fn any(&mut self, xs: impl IntoIterator<Item = J>) -> J {
        let xs: Vec<J> = xs.into_iter().collect();
        if xs.is_empty() {
            J::Bool(false)
        } else {
            or(xs)
        }
    }
}

impl JsonLogic<'_> {
    /// A number constant, noting it when engines cannot compare it exactly.
    fn number(&mut self, n: Num, span: Span) -> J {
        if !n.is_double_safe() {
            self.inexact.push((n, span));
        }
        number(n)
    }

    /// An atom as a guarded three-valued test: what the test accepts
    /// ([`crate::semantics::test`]), restated in JsonLogic's operators.
    fn atom(&mut self, spec: &Spec, a: &Atom) -> J {
        let attr = spec.attr(a.attr);
        let name = attr.name.as_str();
        let x = var(name);
        let accepts = Accepts::of(&attr.ty, &a.test);
        match (&accepts, &a.test) {
            // Engines compare doubles: the comparison is restated with the constant as
            // written, which is exact for constants of at most 15 significant digits.
            (Accepts::Numbers(..), Test::Compare(cmp, c)) => {
                let op = match cmp {
                    Cmp::Eq => "===",
                    Cmp::Lt => "<",
                    Cmp::Le => "<=",
                    Cmp::Gt => ">",
                    Cmp::Ge => ">=",
                };
                let c = self.number(*c, a.span);
                guarded(name, json!({ op: [x, c] }))
            }
            (Accepts::Numbers(..), Test::Between(lo, hi)) => {
                let (lo, hi) = (self.number(*lo, a.span), self.number(*hi, a.span));
                guarded(name, json!({ "<=": [lo, x, hi] }))
            }
            (Accepts::Bool(b), _) => guarded(name, strict(x, J::Bool(*b))),
            (Accepts::Leaves(_), _) => {
                let mut yes = Vec::new();
                let mut unknown = Vec::new();
                if let Some(e) = attr.ty.values() {
                    for (v, truth) in accepts.enum_table(e).into_iter().enumerate() {
                        match truth {
                            Truth::True => yes.push(e.name(v as u32).to_string()),
                            Truth::Unknown => unknown.push(e.name(v as u32).to_string()),
                            Truth::False => {}
                        }
                    }
                }
                table(name, yes, unknown)
            }
            (Accepts::SetAny(vs) | Accepts::SetAll(vs), _) => {
                let names = attr.ty.values();
                let tests: Vec<J> = vs
                    .iter()
                    .map(|&v| json!({ "in": [names.map_or("", |e| e.name(v)), x.clone()] }))
                    .collect();
                let op = if matches!(accepts, Accepts::SetAny(_)) {
                    "or"
                } else {
                    "and"
                };
                guarded(name, json!({ op: tests }))
            }
            // A test that accepts nothing (never built by the checker) is false for any value.
            _ => guarded(name, J::Bool(false)),
        }
    }
}

/// An expression as a three-valued JsonLogic rule.
fn rule(l: &mut JsonLogic, spec: &Spec, e: &Expr) -> J {
    profile::expr(l, e, &mut |l, a| l.atom(spec, a))
}

/// The status rule of an ICP: `"match"`, `"no_match"` or `"unknown"`.
fn status(l: &mut JsonLogic, spec: &Spec, icp: &Icp) -> J {
    let parts: Vec<(profile::Role, J)> = profile::icp_parts(icp)
        .map(|p| (p.role, rule(l, spec, &p.criterion.expr)))
        .collect();
    let holds = profile::holds(l, parts);
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

/// The JsonLogic document of a spec's ICPs, or the constants that engines could not compare
/// exactly.
pub fn document(spec: &Spec) -> Result<J, Vec<Diagnostic>> {
    let mut inexact = Vec::new();
    let mut l = JsonLogic {
        inexact: &mut inexact,
    };
    let mut icps = serde_json::Map::new();
    for icp in &spec.icps {
        let signals: Vec<J> = icp
            .signals
            .iter()
            .map(|s| json!({ "id": s.id, "weight": s.weight, "holds": rule(&mut l, spec, &s.when.expr) }))
            .collect();
        let tiers: Vec<J> = icp
            .tiers
            .iter()
            .map(|t| json!({ "name": t.name, "min_score": t.min_score }))
            .collect();
        let requirements: Vec<J> = icp
            .requires
            .iter()
            .map(|c| rule(&mut l, spec, &c.expr))
            .collect();
        let exclusions: Vec<J> = icp
            .excludes
            .iter()
            .map(|c| rule(&mut l, spec, &c.expr))
            .collect();
        icps.insert(
            icp.id.clone(),
            json!({
                "status": status(&mut l, spec, icp),
                "requirements": requirements,
                "exclusions": exclusions,
                "signals": signals,
                "tiers": tiers,
            }),
        );
    }
    if !inexact.is_empty() {
        inexact.sort_by_key(|(_, span)| (span.start, span.end));
        inexact.dedup();
        return Err(inexact
            .into_iter()
            .map(|(n, span)| {
                Diagnostic::from_miette(&JsonLogicError::InexactConstant {
                    value: n.to_string(),
                    span,
                })
            })
            .collect());
    }
    Ok(json!({
        "format": FORMAT,
        "compiler": format!("icpl {}", env!("CARGO_PKG_VERSION")),
        "icps": icps,
    }))
}

/// The document as pretty-printed JSON with a final newline.
pub fn to_string(spec: &Spec) -> Result<String, Vec<Diagnostic>> {
    let mut text = serde_json::to_string_pretty(&document(spec)?).unwrap_or_default();
    text.push('\n');
    Ok(text)
}
