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
    pub expr: ExprOut,
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

/// Writes the rules document as pretty-printed JSON with a final newline.
pub fn write(rules: &Rules, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, rules)?;
    out.write_all(b"\n")
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
    e.values
        .iter()
        .zip(0u32..)
        .map(|(value, v)| ValueOut {
            name: value.name.clone(),
            label: e.display(v),
            parent: value.parent.map(|p| e.name(p).to_string()),
            leaf: e.is_leaf(v),
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
                .map(|&i| self.spec.icp_at(i).id.clone())
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

/// A constant in an expression node: a number, a value name or a boolean.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Scalar {
    /// A number, written as its exact decimal.
    Num(Box<serde_json::value::RawValue>),
    Name(String),
    Bool(bool),
}

/// An expression node; `op` tells the shape (listed in `docs/json-format.md`).
#[derive(Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ExprOut {
    And {
        args: Vec<ExprOut>,
    },
    Or {
        args: Vec<ExprOut>,
    },
    Not {
        arg: Box<ExprOut>,
    },
    Eq {
        entity: &'static str,
        attr: String,
        value: Scalar,
    },
    Lt {
        entity: &'static str,
        attr: String,
        value: Scalar,
    },
    Le {
        entity: &'static str,
        attr: String,
        value: Scalar,
    },
    Gt {
        entity: &'static str,
        attr: String,
        value: Scalar,
    },
    Ge {
        entity: &'static str,
        attr: String,
        value: Scalar,
    },
    Between {
        entity: &'static str,
        attr: String,
        min: Scalar,
        max: Scalar,
    },
    In {
        entity: &'static str,
        attr: String,
        values: Vec<String>,
    },
    Has {
        entity: &'static str,
        attr: String,
        value: Scalar,
    },
    HasAny {
        entity: &'static str,
        attr: String,
        values: Vec<String>,
    },
    HasAll {
        entity: &'static str,
        attr: String,
        values: Vec<String>,
    },
}

/// An expression as a JSON expression node.
pub fn expr_json(spec: &Spec, e: &Expr) -> ExprOut {
    match e {
        Expr::And(xs) => ExprOut::And {
            args: xs.iter().map(|x| expr_json(spec, x)).collect(),
        },
        Expr::Or(xs) => ExprOut::Or {
            args: xs.iter().map(|x| expr_json(spec, x)).collect(),
        },
        Expr::Not(x) => ExprOut::Not {
            arg: Box::new(expr_json(spec, x)),
        },
        Expr::Atom(a) => atom_json(spec, a.attr, &a.test),
    }
}

fn number(n: crate::num::Num) -> Scalar {
    // The exact decimal is valid JSON number text: digits, an optional point with digits after
    // it, and a leading `-`; so building the raw value cannot fail.
    match serde_json::value::RawValue::from_string(n.json_text()) {
        Ok(raw) => Scalar::Num(raw),
        Err(_) => Scalar::Name(n.json_text()),
    }
}

fn atom_json(spec: &Spec, id: AttrId, test: &Test) -> ExprOut {
    let attr = spec.attr(id);
    let entity = id.entity.as_str();
    let name_of = |v: u32| {
        attr.ty
            .values()
            .map_or(String::new(), |e| e.name(v).to_string())
    };
    let names = |vs: &[u32]| vs.iter().map(|&v| name_of(v)).collect::<Vec<_>>();
    let a = || attr.name.clone();
    let compare = |cmp: Cmp, value: Scalar| match cmp {
        Cmp::Eq => ExprOut::Eq {
            entity,
            attr: a(),
            value,
        },
        Cmp::Lt => ExprOut::Lt {
            entity,
            attr: a(),
            value,
        },
        Cmp::Le => ExprOut::Le {
            entity,
            attr: a(),
            value,
        },
        Cmp::Gt => ExprOut::Gt {
            entity,
            attr: a(),
            value,
        },
        Cmp::Ge => ExprOut::Ge {
            entity,
            attr: a(),
            value,
        },
    };
    match test {
        Test::Compare(cmp, n) => compare(*cmp, number(*n)),
        Test::Between(lo, hi) => ExprOut::Between {
            entity,
            attr: a(),
            min: number(*lo),
            max: number(*hi),
        },
        Test::Bool(b) => ExprOut::Eq {
            entity,
            attr: a(),
            value: Scalar::Bool(*b),
        },
        Test::In(vs) => ExprOut::In {
            entity,
            attr: a(),
            values: names(vs),
        },
        Test::Rank(cmp, v) => compare(*cmp, Scalar::Name(name_of(*v))),
        Test::RankBetween(lo, hi) => ExprOut::Between {
            entity,
            attr: a(),
            min: Scalar::Name(name_of(*lo)),
            max: Scalar::Name(name_of(*hi)),
        },
        Test::Has(v) => ExprOut::Has {
            entity,
            attr: a(),
            value: Scalar::Name(name_of(*v)),
        },
        Test::HasAny(vs) => ExprOut::HasAny {
            entity,
            attr: a(),
            values: names(vs),
        },
        Test::HasAll(vs) => ExprOut::HasAll {
            entity,
            attr: a(),
            values: names(vs),
        },
    }
}
