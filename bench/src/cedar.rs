//! Reference point (b): the same profiles as a Cedar policy set, parsed and validated against a
//! Cedar schema by the `cedar-policy` crate, in process.
//!
//! The translation keeps the work comparable: every ICP becomes one `permit` policy whose `when`
//! clauses are its requirements and whose `unless` clauses are its exclusions over `resource`
//! (the account); every score signal becomes one more `permit` policy (Cedar has no scores),
//! with its ICP, name and weight as annotations; every persona becomes a `permit` policy over
//! `principal` (the contact) and `resource`. Narrative fields travel as annotations, so the
//! Cedar text carries the same information as the icpl text.
//!
//! Types: `int` and `money` (whole dollars) and `percent` (whole points) become `Long`, sets
//! `Set<String>`, enums `String`, `bool` `Bool`. What Cedar cannot say directly is spelt out:
//! a hierarchical value (`region in [emea]`) becomes the list of its leaves, and an ordered
//! comparison (`funding_stage >= series_a`) the list of values that satisfy it.

use std::fmt::Write as _;
use std::str::FromStr;
use std::time::Duration;

use cedar_policy::{PolicySet, Schema as CedarSchema, ValidationMode, Validator};

use crate::alloc;
use crate::stats::{Stopwatch, median};
use icpl_testkit::catalogue::model::{
    Attr, AttrRef, CmpOp, Entity, Expr, Lit, Schema, Test, Ty, Value, is_leaf, leaves_under,
    values_of,
};
use icpl_testkit::catalogue::{GenSpec, Narr};

/// A Cedar string literal.
fn quoted(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
}

fn cedar_type(a: &Attr) -> &'static str {
    match a.ty {
        Ty::Int(_) | Ty::Money(_) | Ty::Percent(_) => "Long",
        Ty::Bool => "Bool",
        Ty::Enum { .. } => "String",
        Ty::Set(_) => "Set<String>",
    }
}

/// The Cedar schema: `Account` and `Contact` entities with the same attributes, and the three
/// actions the policies use.
pub fn render_schema(schema: &Schema) -> String {
    let mut out = String::new();
    for (entity, attrs) in [("Account", &schema.account), ("Contact", &schema.contact)] {
        let _ = writeln!(out, "entity {entity} = {{");
        for a in attrs {
            let _ = writeln!(out, "  {}: {},", a.name, cedar_type(a));
        }
        out.push_str("};\n");
    }
    out.push_str(
        "action qualify, score, engage appliesTo {\n  principal: [Contact],\n  resource: [Account],\n};\n",
    );
    out
}

struct Writer<'a> {
    schema: &'a Schema,
}

impl Writer<'_> {
    fn expr(&self, e: &Expr, out: &mut String) {
        match e {
            Expr::Atom(r, t) => self.atom(*r, t, out),
            Expr::And(items) | Expr::Or(items) => {
                let sep = if matches!(e, Expr::And(_)) {
                    " && "
                } else {
                    " || "
                };
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        out.push_str(sep);
                    }
                    let paren = !matches!(item, Expr::Atom(..));
                    if paren {
                        out.push('(');
                    }
                    self.expr(item, out);
                    if paren {
                        out.push(')');
                    }
                }
            }
            Expr::Not(inner) => {
                out.push_str("!(");
                self.expr(inner, out);
                out.push(')');
            }
        }
    }

    fn atom(&self, r: AttrRef, t: &Test, out: &mut String) {
        let attr = self.schema.attr(r);
        let base = format!(
            "{}.{}",
            match r.entity {
                Entity::Account => "resource",
                Entity::Contact => "principal",
            },
            attr.name
        );
        let values = values_of(attr);
        match t {
            Test::Bare => out.push_str(&base),
            Test::Cmp(op, Lit::Value(v)) => {
                let Ty::Enum { ordered, .. } = attr.ty else {
                    unreachable!("only enums compare with a value name")
                };
                match op {
                    CmpOp::Eq | CmpOp::Ne if is_leaf(values, *v) => {
                        let _ = write!(out, "{base} {} ", op.as_str());
                        quoted(values[*v].name, out);
                    }
                    CmpOp::Eq | CmpOp::Ne => {
                        let leaves = leaves_under(values, *v);
                        self.member(&base, values, &leaves, *op == CmpOp::Ne, out);
                    }
                    _ => {
                        debug_assert!(ordered, "order comparisons need an ordered enum");
                        let ok: Vec<usize> = (0..values.len())
                            .filter(|&x| match op {
                                CmpOp::Lt => x < *v,
                                CmpOp::Le => x <= *v,
                                CmpOp::Gt => x > *v,
                                _ => x >= *v,
                            })
                            .collect();
                        self.member(&base, values, &ok, false, out);
                    }
                }
            }
            Test::Cmp(op, Lit::Bool(b)) => {
                let _ = write!(out, "{base} {} {b}", op.as_str());
            }
            Test::Cmp(op, lit) => {
                let _ = write!(out, "{base} {} {}", op.as_str(), number(*lit));
            }
            Test::InList {
                negated,
                values: vs,
            } => {
                let mut leaves: Vec<usize> = Vec::new();
                for &v in vs {
                    leaves.extend(leaves_under(values, v));
                }
                self.member(&base, values, &leaves, *negated, out);
            }
            Test::InRange {
                negated,
                lo: Lit::Value(lo),
                hi: Lit::Value(hi),
            } => {
                let ok: Vec<usize> = (*lo..=*hi).collect();
                self.member(&base, values, &ok, *negated, out);
            }
            Test::InRange { negated, lo, hi } => {
                let cond = format!("{base} >= {} && {base} <= {}", number(*lo), number(*hi));
                if *negated {
                    let _ = write!(out, "!({cond})");
                } else {
                    let _ = write!(out, "({cond})");
                }
            }
            Test::Has(v) => {
                let _ = write!(out, "{base}.contains(");
                quoted(values[*v].name, out);
                out.push(')');
            }
            Test::HasAny(vs) => {
                let _ = write!(out, "{base}.containsAny(");
                self.list(values, vs, out);
                out.push(')');
            }
            Test::HasAll(vs) => {
                let _ = write!(out, "{base}.containsAll(");
                self.list(values, vs, out);
                out.push(')');
            }
            Test::HasNone(vs) => {
                let _ = write!(out, "!({base}.containsAny(");
                self.list(values, vs, out);
                out.push_str("))");
            }
        }
    }

    /// `["a", "b"].contains(base)`, negated with `!(..)`.
    fn member(&self, base: &str, values: &[Value], vs: &[usize], negated: bool, out: &mut String) {
        if negated {
            out.push_str("!(");
        }
        self.list(values, vs, out);
        let _ = write!(out, ".contains({base})");
        if negated {
            out.push(')');
        }
    }

    fn list(&self, values: &[Value], vs: &[usize], out: &mut String) {
        out.push('[');
        for (k, &v) in vs.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            quoted(values[v].name, out);
        }
        out.push(']');
    }
}

fn number(lit: Lit) -> i64 {
    match lit {
        Lit::Int(n) | Lit::Money(n) | Lit::Percent(n) => n,
        Lit::Bool(b) => i64::from(b),
        Lit::Value(v) => v as i64,
    }
}

fn annotation(key: &str, value: &str, out: &mut String) {
    let _ = write!(out, "@{key}(");
    quoted(value, out);
    out.push_str(")\n");
}

fn narrative_annotations(items: &[(&'static str, Narr)], out: &mut String) {
    for (key, value) in items {
        let text = match value {
            Narr::Text(t) => t.clone(),
            Narr::List(items) => items.join("; "),
            Narr::Words(words) => words.join(", "),
        };
        annotation(key, &text, out);
    }
}

fn clauses(w: &Writer, keyword: &str, items: &[Expr], out: &mut String) {
    for e in items {
        let _ = write!(out, "{keyword} {{ ");
        w.expr(e, out);
        out.push_str(" }\n");
    }
}

/// The policy set: one policy per ICP, one per score signal, one per persona.
pub fn render_policies(spec: &GenSpec) -> String {
    let w = Writer {
        schema: &spec.schema,
    };
    let mut out = String::new();
    for icp in &spec.icps {
        annotation("id", &icp.name, &mut out);
        annotation("title", &icp.title, &mut out);
        annotation("reviewed", &icp.reviewed, &mut out);
        narrative_annotations(&icp.narrative, &mut out);
        let tiers: Vec<String> = icp
            .tiers
            .iter()
            .map(|(n, t)| t.map_or(n.to_string(), |t| format!("{n} >= {t}")))
            .collect();
        annotation("tiers", &tiers.join(", "), &mut out);
        out.push_str("permit (principal, action == Action::\"qualify\", resource is Account)\n");
        clauses(&w, "when", &icp.requires, &mut out);
        clauses(&w, "unless", &icp.excludes, &mut out);
        out.push_str(";\n\n");
        for s in &icp.signals {
            annotation("icp", &icp.name, &mut out);
            annotation("signal", s.name, &mut out);
            annotation("weight", &format!("{:+}", s.weight), &mut out);
            out.push_str("permit (principal, action == Action::\"score\", resource is Account)\n");
            clauses(&w, "when", std::slice::from_ref(&s.when), &mut out);
            out.push_str(";\n\n");
        }
    }
    for p in &spec.personas {
        annotation("id", &p.name, &mut out);
        annotation("title", &p.title, &mut out);
        let for_names: Vec<&str> = p
            .for_icps
            .iter()
            .map(|&i| spec.icps[i].name.as_str())
            .collect();
        annotation("for", &for_names.join(", "), &mut out);
        annotation("role", p.role, &mut out);
        narrative_annotations(&p.narrative, &mut out);
        out.push_str(
            "permit (principal is Contact, action == Action::\"engage\", resource is Account)\n",
        );
        clauses(&w, "when", &p.requires, &mut out);
        clauses(&w, "unless", &p.excludes, &mut out);
        out.push_str(";\n\n");
    }
    out
}

/// Timings of the Cedar reference, medians over the runs.
#[derive(Clone, Debug)]
pub struct CedarFigures {
    pub policy_bytes: usize,
    pub schema_bytes: usize,
    pub policies: usize,
    pub schema_parse: Duration,
    pub policy_parse: Duration,
    pub validate: Duration,
    /// Schema parse + policy parse + validation, per run.
    pub total: Duration,
    pub total_min: Duration,
    /// Median CPU time of a whole run.
    pub total_cpu: Duration,
    /// The most memory held at once during a run, in bytes (heap, counted by the allocator).
    pub peak_heap: usize,
}

/// Parses the Cedar schema and policies and validates them (strict mode) `runs` times.
/// Fails, with the validator's first messages, if the policies do not validate.
pub fn measure(schema_text: &str, policy_text: &str, runs: usize) -> Result<CedarFigures, String> {
    let mut schema_parse = Vec::new();
    let mut policy_parse = Vec::new();
    let mut validate = Vec::new();
    let mut total = Vec::new();
    let mut total_cpu = Vec::new();
    let mut peak_heap = 0;
    let mut policies = 0;
    for _ in 0..runs {
        let base = alloc::reset_peak();
        let whole = Stopwatch::start();
        let t0 = std::time::Instant::now();
        let (schema, warnings) = CedarSchema::from_cedarschema_str(schema_text)
            .map_err(|e| format!("the generated Cedar schema does not parse: {e:?}"))?;
        let warnings = warnings.count();
        let t1 = std::time::Instant::now();
        let set = PolicySet::from_str(policy_text)
            .map_err(|e| format!("the generated Cedar policies do not parse: {e:?}"))?;
        let t2 = std::time::Instant::now();
        let validator = Validator::new(schema);
        let result = validator.validate(&set, ValidationMode::Strict);
        let t3 = std::time::Instant::now();
        let (_, cpu) = whole.stop();
        if !result.validation_passed() {
            let first: Vec<String> = result
                .validation_errors()
                .take(3)
                .map(|e| format!("{e:?}"))
                .collect();
            return Err(format!(
                "the generated Cedar policies do not validate:\n{}",
                first.join("\n")
            ));
        }
        if warnings > 0 {
            return Err(format!(
                "the generated Cedar schema has {warnings} warnings"
            ));
        }
        policies = set.policies().count();
        peak_heap = peak_heap.max(alloc::peak_since(base));
        drop(result);
        drop(set);
        drop(validator);
        schema_parse.push(t1 - t0);
        policy_parse.push(t2 - t1);
        validate.push(t3 - t2);
        total.push(t3 - t0);
        total_cpu.push(cpu);
    }
    Ok(CedarFigures {
        policy_bytes: policy_text.len(),
        schema_bytes: schema_text.len(),
        policies,
        schema_parse: median(&schema_parse),
        policy_parse: median(&policy_parse),
        validate: median(&validate),
        total: median(&total),
        total_min: total.iter().copied().min().unwrap_or_default(),
        total_cpu: median(&total_cpu),
        peak_heap,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use icpl_testkit::catalogue::{GenOptions, generate};

    #[test]
    fn generated_policies_validate() {
        let spec = generate(&GenOptions {
            icps: 30,
            personas: 60,
            seed: 3,
            single_file: true,
            icps_per_file: 50,
            personas_per_file: 50,
        });
        let figures = measure(&render_schema(&spec.schema), &render_policies(&spec), 1);
        assert!(figures.is_ok(), "{figures:?}");
    }
}
