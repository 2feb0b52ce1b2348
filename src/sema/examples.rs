//! `example` blocks: their records and expectations.

use std::collections::HashMap;

use super::Checker;
use super::errors::SemaError;
use super::ir::{Example, Expectation, ExpectationTarget, Record, Type, Value};
use crate::diagnostics::suggest::did_you_mean;
use crate::source::Span;
use crate::syntax::ast::{self, Entity, ExampleStatement, ExpectTarget, LitKind, RecordValue};

impl Checker<'_> {
    pub(super) fn example(&mut self, block: &ast::ExampleBlock) -> Example {
        let mut account: Option<(Record, Span)> = None;
        let mut contact: Option<(Record, Span)> = None;
        let mut expects = Vec::new();
        for stmt in &block.body {
            match stmt {
                ExampleStatement::Record(r) => {
                    let slot = match r.entity {
                        Entity::Account => &mut account,
                        Entity::Contact => &mut contact,
                    };
                    if let Some((_, first)) = slot {
                        let first = *first;
                        self.errors.push(SemaError::DuplicateRecord {
                            article: if r.entity == Entity::Account {
                                "an"
                            } else {
                                "a"
                            },
                            entity: r.entity.as_str(),
                            span: r.keyword,
                            first,
                        });
                        continue;
                    }
                    let record = self.record(r);
                    let slot = match r.entity {
                        Entity::Account => &mut account,
                        Entity::Contact => &mut contact,
                    };
                    *slot = Some((record, r.keyword));
                }
                ExampleStatement::Expect(e) => {
                    if let Some(x) = self.expectation(e) {
                        expects.push(x);
                    }
                }
            }
        }
        let has_expect = block
            .body
            .iter()
            .any(|s| matches!(s, ExampleStatement::Expect(_)));
        if !has_expect && !self.damaged(block.span) {
            self.errors.push(SemaError::ExampleWithoutExpect {
                name: block.name.value.clone(),
                span: block.name.span,
            });
        }
        Example {
            name: block.name.value.clone(),
            account: account.map(|(r, _)| r),
            contact: contact.map(|(r, _)| r),
            expects,
            span: block.span,
        }
    }

    fn record(&mut self, block: &ast::RecordBlock) -> Record {
        let schema_len = self.spec.schema(block.entity).attrs.len();
        let mut record = Record {
            values: vec![None; schema_len],
        };
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for field in &block.fields {
            let name = field.name.name.as_str();
            if let Some(&first) = seen.get(name) {
                self.errors.push(SemaError::DuplicateRecordField {
                    name: name.to_string(),
                    span: field.name.span,
                    first,
                });
                continue;
            }
            seen.insert(name, field.name.span);
            let Some(id) = self.spec.schema(block.entity).find(name) else {
                self.unknown_record_field(block.entity, &field.name);
                continue;
            };
            if let Some(v) = self.record_value(id, &field.value)
                && let Some(slot) = record.values.get_mut(id.index as usize)
            {
                *slot = Some(v);
            }
        }
        record
    }

    fn unknown_record_field(&mut self, entity: Entity, name: &ast::Ident) {
        let other = match entity {
            Entity::Account => Entity::Contact,
            Entity::Contact => Entity::Account,
        };
        if self.spec.schema(other).find(&name.name).is_some() {
            self.errors.push(SemaError::UnknownAttribute {
                name: name.name.clone(),
                span: name.span,
                schemas: entity.as_str(),
                help: format!(
                    "`{}` is {} {} attribute: put it in the `{} {{ .. }}` record",
                    name.name,
                    if other == Entity::Account { "an" } else { "a" },
                    other.as_str(),
                    other.as_str()
                ),
            });
            return;
        }
        let attr_ref = ast::AttrRef {
            qualifier: None,
            name: name.clone(),
            span: name.span,
        };
        self.unknown_attr(&attr_ref, &[entity]);
    }

    fn record_value(&mut self, id: super::ir::AttrId, value: &RecordValue) -> Option<Value> {
        let attr = self.spec.attr(id).clone();
        match (&attr.ty, value) {
            (Type::Set(e), RecordValue::List { values, .. }) => {
                let mut out = Vec::new();
                let mut ok = true;
                for lit in values {
                    match self.enum_value(lit, &attr, e) {
                        Some(v) => out.push(v),
                        None => ok = false,
                    }
                }
                out.sort_unstable();
                out.dedup();
                ok.then_some(Value::Set(out))
            }
            (Type::Set(_), RecordValue::One(lit)) => {
                let text = self.map.slice(lit.span).to_string();
                self.mismatch(
                    &attr,
                    lit,
                    Some(format!("write a set as a list: `{}: [{text}]`", attr.name)),
                );
                None
            }
            (_, RecordValue::List { span, .. }) => {
                self.errors.push(SemaError::TypeMismatch {
                    attr: attr.name.clone(),
                    holds: "one value",
                    found: "a list",
                    span: *span,
                    expected: "a single value".into(),
                    help: Some("only `set` attributes take a list".into()),
                });
                None
            }
            (Type::Int | Type::Money | Type::Percent, RecordValue::One(lit)) => {
                self.number_for(lit, &attr).map(Value::Num)
            }
            (Type::Bool, RecordValue::One(lit)) => match lit.kind {
                LitKind::Bool(b) => Some(Value::Bool(b)),
                _ => {
                    self.mismatch(&attr, lit, None);
                    None
                }
            },
            (Type::Enum(e), RecordValue::One(lit)) => {
                self.enum_value(lit, &attr, e).map(Value::Enum)
            }
        }
    }

    fn expectation(&mut self, e: &ast::Expect) -> Option<Expectation> {
        let target = match &e.target {
            ExpectTarget::Icp { id, tier } => {
                let Some((icp, def)) = self.spec.icp(&id.name) else {
                    self.unknown_icp(id);
                    return None;
                };
                let tier = match tier {
                    None => None,
                    Some(t) => match def.tiers.iter().position(|x| x.name == t.name) {
                        Some(i) => Some(i),
                        None => {
                            let help = if def.tiers.is_empty() {
                                format!("`{}` defines no tiers", def.id)
                            } else {
                                did_you_mean(&t.name, def.tiers.iter().map(|x| x.name.as_str()))
                                    .map_or_else(
                                        || {
                                            format!(
                                                "its tiers are: {}",
                                                def.tiers
                                                    .iter()
                                                    .map(|x| format!("`{}`", x.name))
                                                    .collect::<Vec<_>>()
                                                    .join(", ")
                                            )
                                        },
                                        |c| format!("did you mean `{c}`?"),
                                    )
                            };
                            // An ICP with a syntax error may have lost its tiers.
                            if !self.damaged(def.span) {
                                self.errors.push(SemaError::UnknownTier {
                                    icp: def.id.clone(),
                                    name: t.name.clone(),
                                    span: t.span,
                                    help,
                                });
                            }
                            return None;
                        }
                    },
                };
                ExpectationTarget::Icp { icp, tier }
            }
            ExpectTarget::Persona { id, .. } => match self.spec.persona(&id.name) {
                Some((p, _)) => ExpectationTarget::Persona(p),
                None => {
                    if !self.broken_personas.contains(&id.name) {
                        let help = match did_you_mean(
                            &id.name,
                            self.spec.personas.iter().map(|p| p.id.as_str()),
                        ) {
                            Some(c) => format!("did you mean `{c}`?"),
                            None => "no persona has this id".to_string(),
                        };
                        self.errors.push(SemaError::UnknownPersona {
                            name: id.name.clone(),
                            span: id.span,
                            help,
                        });
                    }
                    return None;
                }
            },
        };
        Some(Expectation {
            negated: e.negated,
            target,
            span: e.span,
        })
    }
}
