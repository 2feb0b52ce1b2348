//! The compiled rules as JSON: the `icpl-rules/1` format.
//!
//! The types here are the public format, written for consumers and versioned on their own; they
//! are built from the IR, never derived from it. `docs/json-format.md` documents every field and
//! the evaluation semantics; `schema/icpl-rules-1.schema.json` is its JSON Schema.

use serde::Serialize;
use serde_json::Value as Json;

use crate::config::Config;
use crate::diagnostics::Location;
use crate::sema::ir::{self, AttrId, Cmp, Criterion, EnumType, Expr, Spec, Test, Type};
use crate::sema::narrative::{Narrative, NarrativeValue};
use crate::source::{SourceMap, Span};

/// The version tag of the format. A consumer must refuse a document whose tag it does not know.
pub const FORMAT: &str = "icpl-rules/1";

#[derive(Serialize)]
pub struct Rules {
    pub format: &'static str,
    pub compiler: String,
    pub project: Option<Project>,
    pub schema: SchemaOut,
    pub icps: Vec<IcpOut>,
    pub personas: Vec<PersonaOut>,
}

#[derive(Serialize)]
pub struct Project {
    pub name: String,
}

#[derive(Serialize)]
pub struct SchemaOut {
    pub account: Vec<AttributeOut>,
    pub contact: Vec<AttributeOut>,
}

#[derive(Serialize)]
pub struct AttributeOut {
    pub name: String,
    pub label: String,
    #[serde(rename = "type")]
    pub ty: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordered: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<ValueOut>>,
}

#[derive(Serialize)]
pub struct ValueOut {
    pub name: String,
    pub label: String,
    pub parent: Option<String>,
    pub leaf: bool,
}

#[derive(Serialize)]
pub struct CriterionOut {
    pub expr: Json,
    pub source: String,
    pub location: Option<LocationOut>,
}

#[derive(Serialize)]
pub struct LocationOut {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

#[derive(Serialize)]
pub struct SignalOut {
    pub id: String,
    pub weight: i64,
    pub when: CriterionOut,
}

#[derive(Serialize)]
pub struct TierOut {
    pub name: String,
    pub min_score: Option<i64>,
}

#[derive(Serialize)]
pub struct ScoreRange {
    pub min: i64,
    pub max: i64,
}

#[derive(Serialize)]
pub struct IcpOut {
    pub id: String,
    pub name: String,
    pub summary: Option<String>,
    pub owner: Option<String>,
    pub reviewed: Option<String>,
    pub requirements: Vec<CriterionOut>,
    pub exclusions: Vec<CriterionOut>,
    pub signals: Vec<SignalOut>,
    pub score_range: ScoreRange,
    pub tiers: Vec<TierOut>,
    pub personas: Vec<String>,
    pub narrative: serde_json::Map<String, Json>,
    pub location: Option<LocationOut>,
}

#[derive(Serialize)]
pub struct PersonaOut {
    pub id: String,
    pub name: String,
    pub icps: Vec<String>,
    pub summary: Option<String>,
    pub owner: Option<String>,
    pub reviewed: Option<String>,
    pub role: Option<String>,
    pub requirements: Vec<CriterionOut>,
    pub exclusions: Vec<CriterionOut>,
    pub narrative: serde_json::Map<String, Json>,
    pub location: Option<LocationOut>,
}

struct Ctx<'a> {
    spec: &'a Spec,
    map: &'a SourceMap,
}

/// Builds the rules document of a checked spec.
pub fn rules(spec: &Spec, map: &SourceMap, config: &Config) -> Rules {
    let cx = Ctx { spec, map };
    Rules {
        format: FORMAT,
        compiler: format!("icpl {}", env!("CARGO_PKG_VERSION")),
        project: config.project.name.clone().map(|name| Project { name }),
        schema: SchemaOut {
            account: spec.account.attrs.iter().map(attribute).collect(),
            contact: spec.contact.attrs.iter().map(attribute).collect(),
        },
        icps: spec
            .icps
            .iter()
            .enumerate()
            .map(|(i, icp)| cx.icp(i, icp))
            .collect(),
        personas: spec.personas.iter().map(|p| cx.persona(p)).collect(),
    }
}

/// The rules document as pretty-printed JSON with a final newline.
pub fn to_string(rules: &Rules) -> String {
    // Serialising these plain structs cannot fail.
    let mut text = serde_json::to_string_pretty(rules).unwrap_or_default();
    text.push('\n');
    text
}

fn attribute(a: &ir::Attribute) -> AttributeOut {
    let (ordered, values) = match &a.ty {
        Type::Enum(e) => (Some(e.ordered), Some(values(e))),
        Type::Set(e) => (None, Some(values(e))),
        _ => (None, None),
    };
    AttributeOut {
        name: a.name.clone(),
        label: a.display_label(),
        ty: match a.ty {
            Type::Int => "int",
            Type::Money => "money",
            Type::Percent => "percent",
            Type::Bool => "bool",
            Type::Enum(_) => "enum",
            Type::Set(_) => "set",
        },
        ordered,
        values,
    }
}

fn values(e: &EnumType) -> Vec<ValueOut> {
    (0..e.values.len() as u32)
        .map(|v| {
            let value = &e.values[v as usize];
            ValueOut {
                name: value.name.clone(),
                label: e.display(v),
                parent: value.parent.map(|p| e.name(p).to_string()),
                leaf: e.is_leaf(v),
            }
        })
        .collect()
}

/// The narrative as an object: known fields by name, then `sections` for custom ones.
pub fn narrative(n: &Narrative) -> serde_json::Map<String, Json> {
    let mut out = serde_json::Map::new();
    let value = |v: &NarrativeValue| match v {
        NarrativeValue::Text(t) => Json::String(t.clone()),
        NarrativeValue::List(items) => {
            Json::Array(items.iter().cloned().map(Json::String).collect())
        }
    };
    for e in &n.entries {
        if e.field.is_some() {
            out.insert(e.key.clone(), value(&e.value));
        }
    }
    let sections: Vec<Json> = n
        .sections()
        .map(|e| {
            let mut s = serde_json::Map::new();
            s.insert("title".into(), Json::String(e.key.clone()));
            match &e.value {
                NarrativeValue::Text(t) => s.insert("text".into(), Json::String(t.clone())),
                NarrativeValue::List(_) => s.insert("items".into(), value(&e.value)),
            };
            Json::Object(s)
        })
        .collect();
    if !sections.is_empty() {
        out.insert("sections".into(), Json::Array(sections));
    }
    out
}

impl Ctx<'_> {
    fn location(&self, span: Span) -> Option<LocationOut> {
        Location::of(self.map, span).map(|l| LocationOut {
            file: l.file,
            line: l.line,
            column: l.column,
            end_line: l.end_line,
            end_column: l.end_column,
        })
    }

    fn criterion(&self, c: &Criterion) -> CriterionOut {
        CriterionOut {
            expr: expr_json(self.spec, &c.expr),
            source: self.map.slice(c.span).to_string(),
            location: self.location(c.span),
        }
    }

    fn icp(&self, index: usize, icp: &ir::Icp) -> IcpOut {
        let min = icp.signals.iter().map(|s| s.weight.min(0)).sum();
        let max = icp.signals.iter().map(|s| s.weight.max(0)).sum();
        IcpOut {
            id: icp.id.clone(),
            name: icp.name.clone(),
            summary: icp.summary.clone(),
            owner: icp.owner.clone(),
            reviewed: icp.reviewed.map(|(d, _)| d.to_string()),
            requirements: icp.requires.iter().map(|c| self.criterion(c)).collect(),
            exclusions: icp.excludes.iter().map(|c| self.criterion(c)).collect(),
            signals: icp
                .signals
                .iter()
                .map(|s| SignalOut {
                    id: s.id.clone(),
                    weight: s.weight,
                    when: self.criterion(&s.when),
                })
                .collect(),
            score_range: ScoreRange { min, max },
            tiers: icp
                .tiers
                .iter()
                .map(|t| TierOut {
                    name: t.name.clone(),
                    min_score: t.min_score,
                })
                .collect(),
            personas: self
                .spec
                .personas_of(index)
                .map(|(_, p)| p.id.clone())
                .collect(),
            narrative: narrative(&icp.narrative),
            location: self.location(icp.span),
        }
    }

    fn persona(&self, p: &ir::Persona) -> PersonaOut {
        PersonaOut {
            id: p.id.clone(),
            name: p.name.clone(),
            icps: p
                .icps
                .iter()
                .map(|&i| self.spec.icps[i].id.clone())
                .collect(),
            summary: p.summary.clone(),
            owner: p.owner.clone(),
            reviewed: p.reviewed.map(|(d, _)| d.to_string()),
            role: p.role.clone(),
            requirements: p.requires.iter().map(|c| self.criterion(c)).collect(),
            exclusions: p.excludes.iter().map(|c| self.criterion(c)).collect(),
            narrative: narrative(&p.narrative),
            location: self.location(p.span),
        }
    }
}

/// An expression as a JSON tree (the node shapes are listed in `docs/json-format.md`).
pub fn expr_json(spec: &Spec, e: &Expr) -> Json {
    let mut m = serde_json::Map::new();
    match e {
        Expr::And(xs) | Expr::Or(xs) => {
            let op = if matches!(e, Expr::And(_)) {
                "and"
            } else {
                "or"
            };
            m.insert("op".into(), op.into());
            m.insert(
                "args".into(),
                Json::Array(xs.iter().map(|x| expr_json(spec, x)).collect()),
            );
        }
        Expr::Not(x) => {
            m.insert("op".into(), "not".into());
            m.insert("arg".into(), expr_json(spec, x));
        }
        Expr::Atom(a) => atom_json(spec, a.attr, &a.test, &mut m),
    }
    Json::Object(m)
}

fn atom_json(spec: &Spec, id: AttrId, test: &Test, m: &mut serde_json::Map<String, Json>) {
    let attr = spec.attr(id);
    let names = |vs: &[u32]| -> Json {
        let e = attr.ty.values();
        Json::Array(
            vs.iter()
                .map(|&v| Json::String(e.map_or(String::new(), |e| e.name(v).to_string())))
                .collect(),
        )
    };
    let name = |v: u32| -> Json {
        Json::String(
            attr.ty
                .values()
                .map_or(String::new(), |e| e.name(v).to_string()),
        )
    };
    let (op, fields): (&str, Vec<(&str, Json)>) = match test {
        Test::Compare(cmp, n) => (cmp.op_name(), vec![("value", n.to_json())]),
        Test::Between(lo, hi) => (
            "between",
            vec![("min", lo.to_json()), ("max", hi.to_json())],
        ),
        Test::Bool(b) => ("eq", vec![("value", Json::Bool(*b))]),
        Test::In(vs) => ("in", vec![("values", names(vs))]),
        Test::Rank(cmp, v) => (cmp.op_name(), vec![("value", name(*v))]),
        Test::RankBetween(lo, hi) => ("between", vec![("min", name(*lo)), ("max", name(*hi))]),
        Test::Has(v) => ("has", vec![("value", name(*v))]),
        Test::HasAny(vs) => ("has_any", vec![("values", names(vs))]),
        Test::HasAll(vs) => ("has_all", vec![("values", names(vs))]),
    };
    debug_assert!(!matches!(test, Test::Rank(Cmp::Eq, _)));
    m.insert("op".into(), op.into());
    m.insert("entity".into(), id.entity.as_str().into());
    m.insert("attr".into(), attr.name.clone().into());
    for (k, v) in fields {
        m.insert(k.into(), v);
    }
}
