//! What is under the cursor: a position in a file's syntax tree, resolved against the typed IR.
//!
//! Takes a compiled spec, a file and a global byte position, and gives the [`Target`] there: an
//! attribute, an enum value, an ICP, a persona, a tier, a narrative field or a whole criterion.
//! Hover and go-to-definition are both answered from it. Names are resolved the way the checker
//! resolves them (an ICP reads account attributes, a persona both, an example record its own
//! entity), so the answer matches what `icpl check` understood.

use crate::compile::Compilation;
use crate::sema::ir::{AttrId, Criterion, Spec};
use crate::sema::narrative::{self, FieldDef};
use crate::source::{FileId, Span};
use crate::syntax::ast::{
    AttrRef, Entity, EnumBody, ExampleStatement, ExpectTarget, Expr, ExprKind, FieldValue,
    InTarget, Item, LitKind, Literal, ProfileBlock, ProfileKind, RecordValue, Statement, Test,
};

/// Something the cursor can be on, with the span of the text that names it.
#[derive(Clone, Debug)]
pub enum Target<'a> {
    /// An attribute (a persona's unqualified name may stand for both entities' attributes).
    Attr { ids: Vec<AttrId>, span: Span },
    /// A value of an enum or set attribute.
    Value {
        attr: AttrId,
        value: u32,
        span: Span,
    },
    /// An ICP, by its index in the IR.
    Icp { index: usize, span: Span },
    /// A persona, by its index in the IR.
    Persona { index: usize, span: Span },
    /// A tier of an ICP.
    Tier { icp: usize, tier: usize, span: Span },
    /// A known narrative field's name.
    Field { def: &'static FieldDef, span: Span },
    /// A `require`, an `exclude` or a score signal, anywhere on its statement.
    Criterion {
        role: Role<'a>,
        criterion: &'a Criterion,
        span: Span,
    },
}

/// What a criterion does in its ICP or persona.
#[derive(Clone, Copy, Debug)]
pub enum Role<'a> {
    Require,
    Exclude,
    /// A score signal: its name and weight.
    Signal {
        name: &'a str,
        weight: i64,
    },
}

impl Target<'_> {
    /// The span of the text the target was found at.
    pub fn span(&self) -> Span {
        match self {
            Target::Attr { span, .. }
            | Target::Value { span, .. }
            | Target::Icp { span, .. }
            | Target::Persona { span, .. }
            | Target::Tier { span, .. }
            | Target::Field { span, .. }
            | Target::Criterion { span, .. } => *span,
        }
    }
}

/// Whether a cursor at `pos` is on `span` (its end counts, so a cursor right after a name is on
/// the name).
fn hit(span: Span, pos: u32) -> bool {
    span.start <= pos && pos <= span.end
}

/// The target at the global position `pos` of `file`, if the cursor is on anything known.
pub fn target_at(comp: &Compilation, file: FileId, pos: u32) -> Option<Target<'_>> {
    let ast = comp.parsed.files.iter().find(|f| f.file == file)?;
    let item = ast.items.iter().find(|i| hit(i.span(), pos))?;
    let finder = Finder {
        spec: &comp.spec,
        pos,
    };
    match item {
        Item::Schema(block) => block.attrs.iter().find_map(|decl| {
            let id = comp.spec.schema(block.entity).find(&decl.name.name);
            if hit(decl.name.span, pos) {
                return id.map(|id| Target::Attr {
                    ids: vec![id],
                    span: decl.name.span,
                });
            }
            let body = match &decl.ty.kind {
                crate::syntax::ast::TypeKind::Enum { values, .. }
                | crate::syntax::ast::TypeKind::Set { values } => values,
                _ => return None,
            };
            finder.value_decl(id?, body)
        }),
        Item::Icp(block) | Item::Persona(block) => finder.profile(block),
        Item::Example(block) => block.body.iter().find_map(|stmt| match stmt {
            ExampleStatement::Record(record) => record.fields.iter().find_map(|field| {
                let id = comp.spec.schema(record.entity).find(&field.name.name)?;
                if hit(field.name.span, pos) {
                    return Some(Target::Attr {
                        ids: vec![id],
                        span: field.name.span,
                    });
                }
                match &field.value {
                    RecordValue::One(lit) => finder.value(id, lit),
                    RecordValue::List { values, .. } => {
                        values.iter().find_map(|lit| finder.value(id, lit))
                    }
                }
            }),
            ExampleStatement::Expect(expect) => match &expect.target {
                ExpectTarget::Icp { id, tier } => {
                    let (index, icp) = comp.spec.icp(&id.name)?;
                    if hit(id.span, pos) {
                        return Some(Target::Icp {
                            index,
                            span: id.span,
                        });
                    }
                    let tier = tier.as_ref().filter(|t| hit(t.span, pos))?;
                    Some(Target::Tier {
                        icp: index,
                        tier: icp.tiers.iter().position(|t| t.name == tier.name)?,
                        span: tier.span,
                    })
                }
                ExpectTarget::Persona { id, .. } => {
                    let (index, _) = comp.spec.persona(&id.name)?;
                    hit(id.span, pos).then_some(Target::Persona {
                        index,
                        span: id.span,
                    })
                }
            },
        }),
        Item::Broken(_) => None,
    }
}

/// Which list of an ICP or persona a criterion statement belongs to.
#[derive(Clone, Copy)]
enum Which {
    Require,
    Exclude,
    Signal,
}

/// Walks one item's syntax tree towards the cursor.
struct Finder<'a> {
    spec: &'a Spec,
    pos: u32,
}

impl<'a> Finder<'a> {
    /// A value declared in a schema, at any depth of a hierarchy.
    fn value_decl(&self, attr: AttrId, body: &EnumBody) -> Option<Target<'a>> {
        for decl in &body.values {
            if hit(decl.name.span, self.pos) {
                let values = self.spec.attr(attr).ty.values()?;
                return Some(Target::Value {
                    attr,
                    value: values.find(&decl.name.name)?,
                    span: decl.name.span,
                });
            }
            if let Some(children) = &decl.children
                && hit(children.span, self.pos)
            {
                return self.value_decl(attr, children);
            }
        }
        None
    }

    /// A name literal that is a value of `attr`.
    fn value(&self, attr: AttrId, lit: &Literal) -> Option<Target<'a>> {
        let LitKind::Name(name) = &lit.kind else {
            return None;
        };
        if !hit(lit.span, self.pos) {
            return None;
        }
        let value = self.spec.attr(attr).ty.values()?.find(name)?;
        Some(Target::Value {
            attr,
            value,
            span: lit.span,
        })
    }

    fn profile(&self, block: &ProfileBlock) -> Option<Target<'a>> {
        let spec = self.spec;
        if hit(block.id.span, self.pos) {
            return match block.kind {
                ProfileKind::Icp => spec.icp(&block.id.name).map(|(index, _)| Target::Icp {
                    index,
                    span: block.id.span,
                }),
                ProfileKind::Persona => {
                    spec.persona(&block.id.name)
                        .map(|(index, _)| Target::Persona {
                            index,
                            span: block.id.span,
                        })
                }
            };
        }
        if let Some(icp) = block.for_icps.iter().find(|i| hit(i.span, self.pos)) {
            return spec.icp(&icp.name).map(|(index, _)| Target::Icp {
                index,
                span: icp.span,
            });
        }
        let stmt = block.body.iter().find(|s| hit(s.span(), self.pos))?;
        let entities: &[Entity] = match block.kind {
            ProfileKind::Icp => &[Entity::Account],
            ProfileKind::Persona => &[Entity::Contact, Entity::Account],
        };
        match stmt {
            Statement::Require(c) | Statement::Exclude(c) => {
                if let Some(t) = self.expr(&c.expr, entities) {
                    return Some(t);
                }
                let which = if matches!(stmt, Statement::Require(_)) {
                    Which::Require
                } else {
                    Which::Exclude
                };
                self.criterion(block, c.span, which)
            }
            Statement::Score(score) => {
                let signal = score.signals.iter().find(|s| hit(s.span, self.pos))?;
                if let Some(t) = self.expr(&signal.expr, entities) {
                    return Some(t);
                }
                self.criterion(block, signal.span, Which::Signal)
            }
            Statement::Tiers(tiers) => {
                let tier = tiers.tiers.iter().find(|t| hit(t.name.span, self.pos))?;
                let (icp_index, icp) = spec.icp(&block.id.name)?;
                Some(Target::Tier {
                    icp: icp_index,
                    tier: icp.tiers.iter().position(|t| t.name == tier.name.name)?,
                    span: tier.name.span,
                })
            }
            Statement::Field { name, value, .. } => {
                if hit(name.span, self.pos) {
                    return narrative::field(&name.name).map(|def| Target::Field {
                        def,
                        span: name.span,
                    });
                }
                // `role champion` names a value of the contact attribute `decision_role`.
                match value {
                    FieldValue::Ident(ident)
                        if name.name == "role" && hit(ident.span, self.pos) =>
                    {
                        let attr = spec.contact.find("decision_role")?;
                        let value = spec.attr(attr).ty.values()?.find(&ident.name)?;
                        Some(Target::Value {
                            attr,
                            value,
                            span: ident.span,
                        })
                    }
                    _ => None,
                }
            }
            Statement::Reviewed(_) | Statement::Section { .. } => None,
        }
    }

    /// The IR criterion of the statement at `stmt_span` in `block`. Criteria that did not
    /// check are not in the IR, and have no target.
    fn criterion(&self, block: &ProfileBlock, stmt_span: Span, which: Which) -> Option<Target<'a>> {
        let spec = self.spec;
        let (requires, excludes, signals) = match block.kind {
            ProfileKind::Icp => {
                let (_, icp) = spec.icp(&block.id.name)?;
                (&icp.requires, &icp.excludes, icp.signals.as_slice())
            }
            ProfileKind::Persona => {
                let (_, p) = spec.persona(&block.id.name)?;
                (&p.requires, &p.excludes, &[][..])
            }
        };
        let (role, found) = match which {
            Which::Require => (
                Role::Require,
                requires.iter().find(|c| c.stmt_span == stmt_span),
            ),
            Which::Exclude => (
                Role::Exclude,
                excludes.iter().find(|c| c.stmt_span == stmt_span),
            ),
            Which::Signal => {
                let signal = signals.iter().find(|s| s.span == stmt_span)?;
                return Some(Target::Criterion {
                    role: Role::Signal {
                        name: &signal.id,
                        weight: signal.weight,
                    },
                    criterion: &signal.when,
                    span: stmt_span,
                });
            }
        };
        Some(Target::Criterion {
            role,
            criterion: found?,
            span: stmt_span,
        })
    }

    /// An attribute or a value inside a criterion.
    fn expr(&self, expr: &Expr, entities: &[Entity]) -> Option<Target<'a>> {
        if !hit(expr.span, self.pos) {
            return None;
        }
        match &expr.kind {
            ExprKind::Or(xs) | ExprKind::And(xs) => xs.iter().find_map(|x| self.expr(x, entities)),
            ExprKind::Not { operand, .. } => self.expr(operand, entities),
            ExprKind::Paren(inner) => self.expr(inner, entities),
            ExprKind::Predicate(p) => {
                let ids = self.resolve(&p.attr, entities);
                if hit(p.attr.span, self.pos) {
                    return (!ids.is_empty()).then_some(Target::Attr {
                        ids,
                        span: p.attr.name.span,
                    });
                }
                // A value needs one attribute to belong to.
                let [attr] = ids[..] else {
                    return None;
                };
                let literals: Vec<&Literal> = match p.test.as_ref()? {
                    Test::Compare { value, .. } => vec![value],
                    Test::In { target, .. } => match target {
                        InTarget::List { values, .. } => values.iter().collect(),
                        InTarget::Range { low, high, .. } => vec![low, high],
                    },
                    Test::Has { values, .. } => values.iter().collect(),
                };
                literals.into_iter().find_map(|lit| self.value(attr, lit))
            }
        }
    }

    /// The attributes an attribute reference names: the qualified entity's, else each of the
    /// entities the block reads that declares the name.
    fn resolve(&self, attr: &AttrRef, entities: &[Entity]) -> Vec<AttrId> {
        let qualified = attr.qualifier.as_ref().and_then(|q| match q.name.as_str() {
            "account" => Some(Entity::Account),
            "contact" => Some(Entity::Contact),
            _ => None,
        });
        match qualified {
            Some(entity) => self
                .spec
                .schema(entity)
                .find(&attr.name.name)
                .into_iter()
                .collect(),
            None => entities
                .iter()
                .filter_map(|&e| self.spec.schema(e).find(&attr.name.name))
                .collect(),
        }
    }
}
