//! The schema: `account { .. }` and `contact { .. }` blocks into typed attributes.

use std::collections::HashMap;

use super::Checker;
use super::errors::SemaError;
use super::ir::{Attribute, EnumType, EnumValue, Schema, Type};
use crate::diagnostics::suggest::did_you_mean;
use crate::syntax::ast::{self, Entity, TypeKind};

/// The type names, for suggestions.
const TYPE_NAMES: [&str; 7] = ["int", "money", "percent", "bool", "enum", "set", "ordered"];

impl Checker<'_> {
    /// Builds the schema of one entity from all its blocks, in file order.
    pub(super) fn schema(&mut self, entity: Entity, blocks: &[&ast::SchemaBlock]) -> Schema {
        let mut schema = Schema {
            entity,
            attrs: Vec::new(),
            declared: blocks.first().map(|b| b.keyword),
        };
        // First declaration of each name (typed or not), so a repeat is always reported.
        let mut seen: HashMap<&str, crate::source::Span> = HashMap::new();
        for block in blocks {
            for decl in &block.attrs {
                if let Some(&first) = seen.get(decl.name.name.as_str()) {
                    self.errors.push(SemaError::DuplicateAttribute {
                        name: decl.name.name.clone(),
                        entity: entity.as_str(),
                        span: decl.name.span,
                        first,
                    });
                    continue;
                }
                seen.insert(&decl.name.name, decl.name.span);
                let Some(ty) = self.attr_type(decl) else {
                    // An attribute whose type is broken still exists, so uses of it are not
                    // reported as unknown.
                    self.untyped.get_mut(entity).push(decl.name.name.clone());
                    continue;
                };
                schema.attrs.push(Attribute {
                    name: decl.name.name.clone(),
                    label: decl.label.as_ref().map(|l| l.value.clone()),
                    ty,
                    name_span: decl.name.span,
                    span: decl.span,
                });
            }
        }
        schema
    }

    fn attr_type(&mut self, decl: &ast::AttrDecl) -> Option<Type> {
        Some(match &decl.ty.kind {
            TypeKind::Int => Type::Int,
            TypeKind::Money => Type::Money,
            TypeKind::Percent => Type::Percent,
            TypeKind::Bool => Type::Bool,
            TypeKind::Enum { ordered, values } => {
                Type::Enum(self.enum_type(&decl.name.name, *ordered, false, values)?)
            }
            TypeKind::Set { values } => {
                Type::Set(self.enum_type(&decl.name.name, false, true, values)?)
            }
            TypeKind::Unknown(name) => {
                let help = match did_you_mean(&name.name, TYPE_NAMES) {
                    Some(t) => format!("did you mean `{t}`?"),
                    None => match name.name.as_str() {
                        "string" | "text" | "str" => "free text cannot be checked; list the possible values as `enum { a, b, c }`".to_string(),
                        "float" | "number" | "decimal" | "currency" => "use `int` for counts, `money` for amounts, `percent` for percentages".to_string(),
                        "list" | "array" | "tags" => "use `set { a, b, c }` for several values at once".to_string(),
                        "boolean" => "did you mean `bool`?".to_string(),
                        "integer" | "count" => "did you mean `int`?".to_string(),
                        _ => "the types are `int`, `money`, `percent`, `bool`, `enum { .. }`, `ordered enum { .. }` and `set { .. }`".to_string(),
                    },
                };
                self.errors.push(SemaError::UnknownType {
                    name: name.name.clone(),
                    span: name.span,
                    help,
                });
                return None;
            }
        })
    }

    fn enum_type(
        &mut self,
        attr: &str,
        ordered: bool,
        is_set: bool,
        body: &ast::EnumBody,
    ) -> Option<EnumType> {
        if body.values.is_empty() {
            self.errors.push(SemaError::EmptyEnum {
                name: attr.to_string(),
                span: body.span,
            });
            return None;
        }
        let mut values = Vec::new();
        let mut ok = true;
        let mut stack: Vec<(&ast::EnumValueDecl, Option<u32>)> =
            body.values.iter().rev().map(|v| (v, None)).collect();
        // Pre-order walk: parents are pushed before their children.
        while let Some((decl, parent)) = stack.pop() {
            let index = values.len() as u32;
            values.push(EnumValue {
                name: decl.name.name.clone(),
                label: decl.label.as_ref().map(|l| l.value.clone()),
                parent,
                subtree_end: index + 1,
                span: decl.name.span,
            });
            if let Some(children) = &decl.children {
                if ordered || is_set {
                    ok = false;
                    let (kind, help) = if is_set {
                        (
                            "set",
                            "list every value at the top level: `set { a, b, c }`",
                        )
                    } else {
                        (
                            "ordered enum",
                            "an ordered enum is a flat list from lowest to highest; drop `ordered` to make a hierarchy",
                        )
                    };
                    self.errors.push(SemaError::NestedValues {
                        kind,
                        span: children.span,
                        help: help.to_string(),
                    });
                    continue;
                }
                if children.values.is_empty() {
                    ok = false;
                    self.errors.push(SemaError::EmptyEnum {
                        name: decl.name.name.clone(),
                        span: children.span,
                    });
                    continue;
                }
                stack.extend(children.values.iter().rev().map(|c| (c, Some(index))));
            }
        }
        // Subtree ends: every value's subtree ends where the next value outside it starts.
        // A parent comes before its children (pre-order), so it is always in `values`.
        for i in (0..values.len()).rev() {
            let Some(&EnumValue {
                parent: Some(p),
                subtree_end: end,
                ..
            }) = values.get(i)
            else {
                continue;
            };
            if let Some(parent) = values.get_mut(p as usize) {
                parent.subtree_end = parent.subtree_end.max(end);
            }
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, v) in values.iter().enumerate() {
            if let Some(&first) = seen.get(v.name.as_str()) {
                ok = false;
                self.errors.push(SemaError::DuplicateValue {
                    value: v.name.clone(),
                    attr: attr.to_string(),
                    span: v.span,
                    first: values.get(first).map_or(v.span, |f| f.span),
                });
            } else {
                seen.insert(&v.name, i);
            }
        }
        ok.then(|| EnumType::new(ordered, values))
    }
}
