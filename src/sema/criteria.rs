//! Criteria: resolving attributes and checking each test against the attribute's type.

use super::Checker;
use super::errors::SemaError;
use super::ir::{Atom, AttrId, Attribute, Cmp, EnumType, Expr, Test, Type};
use crate::diagnostics::suggest::did_you_mean;
use crate::num::Num;
use crate::source::Span;
use crate::syntax::ast::{self, CmpOp, Entity, ExprKind, HasMode, InTarget, LitKind, Literal};

/// Where a criterion appears, which decides the attributes it may read.
#[derive(Clone, Copy, Debug)]
pub(super) enum Scope<'a> {
    /// In an ICP (requirements, exclusions, signals): account attributes only.
    Icp(&'a str),
    /// In a persona: contact and account attributes.
    Persona,
}

/// What a type holds, for "`x` holds ..." messages.
fn holds(ty: &Type) -> &'static str {
    match ty {
        Type::Int => "whole numbers",
        Type::Money => "money amounts",
        Type::Percent => "percentages",
        Type::Bool => "true or false",
        Type::Enum(_) => "one value of an enum",
        Type::Set(_) => "a set of values",
    }
}

/// An example of a literal of the type, for "expected ..." labels.
fn expected(ty: &Type) -> &'static str {
    match ty {
        Type::Int => "a whole number such as `200` or `2k`",
        Type::Money => "a money amount such as `$20M`",
        Type::Percent => "a percentage such as `25%`",
        Type::Bool => "`true` or `false`",
        Type::Enum(_) => "one of its values",
        Type::Set(_) => "a list of its values such as `[a, b]`",
    }
}

impl Checker<'_> {
    /// Lowers an expression, reporting every problem in it. Gives `None` when any part is
    /// invalid (the criterion is then left out, so nothing later trips over it).
    pub(super) fn lower_expr(&mut self, e: &ast::Expr, scope: Scope) -> Option<Expr> {
        match &e.kind {
            ExprKind::Or(xs) | ExprKind::And(xs) => {
                let lowered: Vec<Option<Expr>> =
                    xs.iter().map(|x| self.lower_expr(x, scope)).collect();
                let all: Option<Vec<Expr>> = lowered.into_iter().collect();
                let all = all?;
                Some(if matches!(e.kind, ExprKind::Or(_)) {
                    Expr::Or(all)
                } else {
                    Expr::And(all)
                })
            }
            ExprKind::Not { operand, .. } => {
                Some(Expr::Not(Box::new(self.lower_expr(operand, scope)?)))
            }
            ExprKind::Paren(inner) => self.lower_expr(inner, scope),
            ExprKind::Predicate(p) => self.lower_predicate(p, e.span, scope),
        }
    }

    /// Resolves an attribute reference in a scope.
    pub(super) fn resolve_attr(&mut self, r: &ast::AttrRef, scope: Scope) -> Option<AttrId> {
        let name = r.name.name.as_str();
        let entity = match &r.qualifier {
            Some(q) => match q.name.as_str() {
                "account" => Some(Entity::Account),
                "contact" => Some(Entity::Contact),
                _ => {
                    self.errors.push(SemaError::UnknownQualifier {
                        name: q.name.clone(),
                        span: q.span,
                    });
                    return None;
                }
            },
            None => None,
        };
        let in_account = self.spec.account.find(name);
        let in_contact = self.spec.contact.find(name);
        match (scope, entity) {
            (Scope::Icp(icp), _) => {
                if entity == Some(Entity::Contact) || in_account.is_none() && in_contact.is_some() {
                    self.errors.push(SemaError::ContactAttributeInIcp {
                        name: name.to_string(),
                        icp: icp.to_string(),
                        span: r.span,
                    });
                    return None;
                }
                if in_account.is_none() {
                    self.unknown_attr(r, &[Entity::Account]);
                }
                in_account
            }
            (Scope::Persona, Some(Entity::Account)) => {
                if in_account.is_none() {
                    self.unknown_attr(r, &[Entity::Account]);
                }
                in_account
            }
            (Scope::Persona, Some(Entity::Contact)) => {
                if in_contact.is_none() {
                    self.unknown_attr(r, &[Entity::Contact]);
                }
                in_contact
            }
            (Scope::Persona, None) => match (in_account, in_contact) {
                (Some(_), Some(_)) => {
                    self.errors.push(SemaError::AmbiguousAttribute {
                        name: name.to_string(),
                        span: r.span,
                    });
                    None
                }
                (Some(a), None) => Some(a),
                (None, Some(c)) => Some(c),
                (None, None) => {
                    self.unknown_attr(r, &[Entity::Contact, Entity::Account]);
                    None
                }
            },
        }
    }

    /// Reports an unknown attribute, unless the schema it would live in is missing or broken
    /// (that problem is reported once, elsewhere).
    pub(super) fn unknown_attr(&mut self, r: &ast::AttrRef, entities: &[Entity]) {
        let name = r.name.name.as_str();
        if entities.iter().any(|&e| self.excuses_unknown(e, name)) {
            return;
        }
        let declared: Vec<Entity> = entities
            .iter()
            .copied()
            .filter(|&e| self.spec.schema(e).declared.is_some())
            .collect();
        // Callers name the entities the attribute may belong to: at least one.
        let Some(&first) = entities.first() else {
            return;
        };
        if declared.is_empty() {
            self.missing_schema(first, r.span);
            return;
        }
        let candidates: Vec<&str> = declared
            .iter()
            .flat_map(|&e| self.spec.schema(e).attrs.iter().map(|a| a.name.as_str()))
            .collect();
        let help = match did_you_mean(name, candidates.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!(
                "declare it in the `{}` block, e.g. `{name}: int`",
                first.as_str()
            ),
        };
        let schemas = match declared[..] {
            [Entity::Account] => "account",
            [Entity::Contact] => "contact",
            _ => "contact or account",
        };
        self.errors.push(SemaError::UnknownAttribute {
            name: name.to_string(),
            span: r.span,
            schemas,
            help,
        });
    }

    fn lower_predicate(&mut self, p: &ast::Predicate, span: Span, scope: Scope) -> Option<Expr> {
        let id = self.resolve_attr(&p.attr, scope)?;
        let attr = self.spec.attr(id).clone();
        let atom = |test: Test| {
            Expr::Atom(Atom {
                attr: id,
                test,
                span,
            })
        };
        let not = |e: Expr| Expr::Not(Box::new(e));
        let Some(test) = &p.test else {
            if attr.ty == Type::Bool {
                return Some(atom(Test::Bool(true)));
            }
            let name = &attr.name;
            let help = match &attr.ty {
                Type::Int => format!("compare it, e.g. `{name} >= 100`"),
                Type::Money => format!("compare it, e.g. `{name} >= $1M`"),
                Type::Percent => format!("compare it, e.g. `{name} >= 10%`"),
                Type::Enum(e) => format!("test its value, e.g. `{name} in [{}]`", e.name(0)),
                Type::Set(e) => format!("test its values, e.g. `{name} has {}`", e.name(0)),
                Type::Bool => String::new(),
            };
            let ty = attr.ty.name();
            self.errors.push(SemaError::BareAttribute {
                attr: name.clone(),
                article: if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                },
                ty,
                span: p.attr.span,
                help: format!("only a `bool` attribute stands alone; {help}"),
            });
            return None;
        };
        match test {
            ast::Test::Compare {
                op, op_span, value, ..
            } => {
                let cmp = match op {
                    CmpOp::Eq | CmpOp::Ne => Cmp::Eq,
                    CmpOp::Lt => Cmp::Lt,
                    CmpOp::Le => Cmp::Le,
                    CmpOp::Gt => Cmp::Gt,
                    CmpOp::Ge => Cmp::Ge,
                };
                let negate = *op == CmpOp::Ne;
                let wrap = |e: Expr| if negate { not(e) } else { e };
                match &attr.ty {
                    Type::Int | Type::Money | Type::Percent => {
                        let n = self.number_for(value, &attr)?;
                        Some(wrap(atom(Test::Compare(cmp, n))))
                    }
                    Type::Bool => {
                        if cmp != Cmp::Eq {
                            self.invalid_op(
                                op.as_str(),
                                &attr,
                                *op_span,
                                format!("test it directly: `{0}` or `not {0}`", attr.name),
                            );
                            return None;
                        }
                        match value.kind {
                            LitKind::Bool(b) => Some(wrap(atom(Test::Bool(b)))),
                            LitKind::Invalid => None,
                            _ => {
                                self.mismatch(
                                    &attr,
                                    value,
                                    Some(format!(
                                        "test it directly: `{0}` or `not {0}`",
                                        attr.name
                                    )),
                                );
                                None
                            }
                        }
                    }
                    Type::Enum(e) => {
                        if cmp != Cmp::Eq && !e.ordered {
                            self.errors.push(SemaError::UnorderedComparison {
                                attr: attr.name.clone(),
                                op: op.as_str().to_string(),
                                span: *op_span,
                            });
                            // The value is still worth checking.
                            let _ = self.enum_value(value, &attr, e);
                            return None;
                        }
                        let v = self.enum_value(value, &attr, e)?;
                        Some(wrap(atom(if cmp == Cmp::Eq {
                            Test::In(vec![v])
                        } else {
                            Test::Rank(cmp, v)
                        })))
                    }
                    Type::Set(e) => {
                        let v = match &value.kind {
                            LitKind::Name(n) => {
                                e.find(n).map_or(n.clone(), |v| e.name(v).to_string())
                            }
                            _ => e.name(0).to_string(),
                        };
                        self.invalid_op(
                            op.as_str(),
                            &attr,
                            *op_span,
                            format!("`{}` holds several values; test one with `{0} has {v}`, or several with `has any [..]` / `has all [..]` / `has none [..]`", attr.name),
                        );
                        None
                    }
                }
            }
            ast::Test::In {
                negated,
                target,
                span: tspan,
            } => {
                let wrap = |e: Expr| if *negated { not(e) } else { e };
                let op = if *negated { "not in" } else { "in" };
                match (&attr.ty, target) {
                    (
                        Type::Enum(e),
                        InTarget::List {
                            values,
                            span: lspan,
                        },
                    ) => {
                        let vs = self.enum_list(
                            values,
                            *lspan,
                            &attr,
                            e,
                            "list at least one value: `in [a, b]`",
                        )?;
                        Some(wrap(atom(Test::In(vs))))
                    }
                    (
                        Type::Enum(e),
                        InTarget::Range {
                            low,
                            high,
                            span: rspan,
                        },
                    ) => {
                        if !e.ordered {
                            self.errors.push(SemaError::UnorderedComparison {
                                attr: attr.name.clone(),
                                op: format!("{op} a..b"),
                                span: *rspan,
                            });
                            return None;
                        }
                        let lo = self.enum_value(low, &attr, e);
                        let hi = self.enum_value(high, &attr, e);
                        let (lo, hi) = (lo?, hi?);
                        if lo > hi {
                            self.empty_range(*rspan, low, high);
                            return None;
                        }
                        Some(wrap(atom(Test::RankBetween(lo, hi))))
                    }
                    (
                        Type::Int | Type::Money | Type::Percent,
                        InTarget::Range {
                            low,
                            high,
                            span: rspan,
                        },
                    ) => {
                        // Both ends written the same wrong way (`0.1..0.5` on a
                        // percentage) are one mistake.
                        if let (Some(lo_fix), Some(hi_fix)) =
                            (self.literal_fix(low, &attr), self.literal_fix(high, &attr))
                            && low.kind.describe() == high.kind.describe()
                        {
                            let mut help = format!(
                                "write both ends as {}: `{}..{}`",
                                holds(&attr.ty),
                                lo_fix.main,
                                hi_fix.main
                            );
                            if let (Some(a), Some(b)) = (&lo_fix.alt, &hi_fix.alt) {
                                let (lo_text, hi_text) =
                                    (self.map.slice(low.span), self.map.slice(high.span));
                                help.push_str(&format!(
                                    "; if you meant {lo_text} to {hi_text} percent, write `{a}..{b}`"
                                ));
                            }
                            self.errors.push(SemaError::TypeMismatch {
                                attr: attr.name.clone(),
                                holds: holds(&attr.ty),
                                found: match low.kind {
                                    LitKind::Money(_) => "a range of money amounts",
                                    LitKind::Percent(_) => "a range of percentages",
                                    _ => "a range of plain numbers",
                                },
                                span: *rspan,
                                expected: expected(&attr.ty).to_string(),
                                help: Some(help),
                            });
                            return None;
                        }
                        let lo = self.number_for(low, &attr);
                        let hi = self.number_for(high, &attr);
                        let (lo, hi) = (lo?, hi?);
                        if lo > hi {
                            self.empty_range(*rspan, low, high);
                            return None;
                        }
                        Some(wrap(atom(Test::Between(lo, hi))))
                    }
                    (Type::Int | Type::Money | Type::Percent, InTarget::List { .. }) => {
                        self.invalid_op(op, &attr, *tspan, format!("`in [..]` lists enum values; for numbers use an inclusive range such as `{} in 200..2000`", attr.name));
                        None
                    }
                    (Type::Bool, _) => {
                        self.invalid_op(
                            op,
                            &attr,
                            *tspan,
                            format!("test it directly: `{0}` or `not {0}`", attr.name),
                        );
                        None
                    }
                    (Type::Set(_), _) => {
                        let fix = if *negated {
                            "has none [..]"
                        } else {
                            "has any [..]"
                        };
                        self.invalid_op(
                            op,
                            &attr,
                            *tspan,
                            format!(
                                "`{}` holds several values; use `{} {fix}`",
                                attr.name, attr.name
                            ),
                        );
                        None
                    }
                }
            }
            ast::Test::Has {
                mode,
                values,
                list_span,
                span: tspan,
            } => {
                let Type::Set(e) = &attr.ty else {
                    let help = match &attr.ty {
                        Type::Enum(_) => format!(
                            "`{0}` holds one value; use `{0} in [..]` or `{0} == ..`",
                            attr.name
                        ),
                        _ => "`has` tests the values of a `set` attribute".to_string(),
                    };
                    let op = match mode {
                        HasMode::One => "has",
                        HasMode::Any => "has any",
                        HasMode::All => "has all",
                        HasMode::None => "has none",
                    };
                    self.invalid_op(op, &attr, *tspan, help);
                    return None;
                };
                // `has one` is parsed with exactly one value.
                if *mode == HasMode::One
                    && let Some(value) = values.first()
                {
                    let v = self.enum_value(value, &attr, e)?;
                    return Some(atom(Test::Has(v)));
                }
                let vs = self.enum_list(values, *list_span, &attr, e, "list at least one value")?;
                Some(match mode {
                    HasMode::Any => atom(Test::HasAny(vs)),
                    HasMode::All => atom(Test::HasAll(vs)),
                    _ => not(atom(Test::HasAny(vs))),
                })
            }
        }
    }

    fn invalid_op(&mut self, op: &str, attr: &Attribute, span: Span, help: String) {
        self.errors.push(SemaError::InvalidOperator {
            op: op.to_string(),
            attr: attr.name.clone(),
            ty: attr.ty.name(),
            span,
            help,
        });
    }

    fn empty_range(&mut self, span: Span, low: &Literal, high: &Literal) {
        let lo = self.map.slice(low.span);
        let hi = self.map.slice(high.span);
        self.errors.push(SemaError::EmptyRange {
            text: format!("{lo}..{hi}"),
            fixed: format!("{hi}..{lo}"),
            span,
        });
    }

    /// Reports a literal of the wrong kind for an attribute.
    pub(super) fn mismatch(&mut self, attr: &Attribute, lit: &Literal, help: Option<String>) {
        if lit.kind == LitKind::Invalid {
            return;
        }
        self.errors.push(SemaError::TypeMismatch {
            attr: attr.name.clone(),
            holds: holds(&attr.ty),
            found: lit.kind.describe(),
            span: lit.span,
            expected: expected(&attr.ty).to_string(),
            help,
        });
    }

    /// The number a literal gives for a numeric attribute, if it is of the right kind.
    pub(super) fn number_for(&mut self, lit: &Literal, attr: &Attribute) -> Option<Num> {
        let text = self.map.slice(lit.span).to_string();
        let digits = text
            .trim_start_matches('-')
            .trim_start_matches('$')
            .trim_end_matches('%');
        let sign = if text.starts_with('-') { "-" } else { "" };
        match (&attr.ty, &lit.kind) {
            (Type::Int, LitKind::Number(n)) => {
                if !n.is_whole() {
                    self.errors.push(SemaError::NotWhole {
                        text,
                        span: lit.span,
                        what: format!("`{}`", attr.name),
                        help: Some(format!(
                            "`{}` is an `int`; declare it as `money` or `percent` for fractions",
                            attr.name
                        )),
                    });
                    return None;
                }
                Some(*n)
            }
            (Type::Money, LitKind::Money(n)) | (Type::Percent, LitKind::Percent(n)) => Some(*n),
            (_, LitKind::Invalid) => None,
            (Type::Money, LitKind::Number(_)) => {
                self.mismatch(
                    attr,
                    lit,
                    Some(format!("write money with `$`: `{sign}${digits}`")),
                );
                None
            }
            (Type::Percent, LitKind::Number(_)) => {
                // `0.4` is most likely a fraction meant as 40%, but could be 0.4%: say both.
                let help = match self.literal_fix(lit, attr) {
                    Some(LiteralFix {
                        main,
                        alt: Some(alt),
                    }) => format!(
                        "percent literals are written in percent: `{main}`; if you meant {sign}{digits} percent, write `{alt}`"
                    ),
                    _ => format!("write percentages with `%`: `{sign}{digits}%`"),
                };
                self.mismatch(attr, lit, Some(help));
                None
            }
            (Type::Money, LitKind::Percent(_)) => {
                self.mismatch(
                    attr,
                    lit,
                    Some(format!(
                        "`{}` holds amounts of money, written with `$` (such as `$20M`); a percentage needs a `percent` attribute",
                        attr.name
                    )),
                );
                None
            }
            (Type::Percent, LitKind::Money(_)) => {
                let example = if digits.ends_with(['k', 'M', 'B']) {
                    "`25%`".to_string()
                } else {
                    format!("`{sign}{digits}%`")
                };
                self.mismatch(
                    attr,
                    lit,
                    Some(format!(
                        "`{}` holds percentages, written with `%` (such as {example}); an amount needs a `money` attribute",
                        attr.name
                    )),
                );
                None
            }
            (_, LitKind::Bool(_)) => {
                let example = match attr.ty {
                    Type::Money => "`$20M`",
                    Type::Percent => "`25%`",
                    _ => "`200`",
                };
                self.mismatch(
                    attr,
                    lit,
                    Some(format!(
                        "compare `{}` with a number such as {example}; `true` and `false` are for `bool` attributes",
                        attr.name
                    )),
                );
                None
            }
            (Type::Int, LitKind::Money(_) | LitKind::Percent(_)) => {
                self.mismatch(
                    attr,
                    lit,
                    Some(format!(
                        "`{}` is a count; write a plain number such as `{sign}{digits}`",
                        attr.name
                    )),
                );
                None
            }
            (_, LitKind::Name(n)) => {
                let example = match attr.ty {
                    Type::Money => "an amount such as `$20M`",
                    Type::Percent => "a percentage such as `25%`",
                    _ => "a number such as `200`",
                };
                let help = if self.spec.account.find(n).is_some()
                    || self.spec.contact.find(n).is_some()
                {
                    format!(
                        "criteria compare an attribute with a constant ({example}); comparing two attributes is not supported"
                    )
                } else {
                    format!(
                        "`{}` is {}: compare it with {example}",
                        attr.name,
                        article_type(&attr.ty)
                    )
                };
                let help = Some(help);
                self.mismatch(attr, lit, help);
                None
            }
            _ => {
                self.mismatch(attr, lit, None);
                None
            }
        }
    }

    /// How a number literal of the wrong kind for a numeric attribute is written right:
    /// `20M` on money is `$20M`, `$200` on a count `200`, `0.4` on a percentage `40%` (or
    /// `0.4%`, the other reading). `None` when there is no one way.
    fn literal_fix(&self, lit: &Literal, attr: &Attribute) -> Option<LiteralFix> {
        let text = self.map.slice(lit.span);
        let sign = if text.starts_with('-') { "-" } else { "" };
        let digits = text
            .trim_start_matches('-')
            .trim_start_matches('$')
            .trim_end_matches('%');
        let suffixed = digits.ends_with(['k', 'M', 'B']);
        let main = match (&attr.ty, &lit.kind) {
            (Type::Money, LitKind::Number(_) | LitKind::Percent(_)) => format!("{sign}${digits}"),
            (Type::Percent, LitKind::Number(_)) => {
                return Some(match hundredfold(digits) {
                    Some(pct) => LiteralFix {
                        main: format!("{sign}{pct}%"),
                        alt: Some(format!("{sign}{digits}%")),
                    },
                    None if !suffixed => LiteralFix {
                        main: format!("{sign}{digits}%"),
                        alt: None,
                    },
                    None => return None,
                });
            }
            (Type::Percent, LitKind::Money(_)) if !suffixed => format!("{sign}{digits}%"),
            (Type::Int, LitKind::Money(_) | LitKind::Percent(_)) => format!("{sign}{digits}"),
            _ => return None,
        };
        Some(LiteralFix { main, alt: None })
    }

    /// The value a literal names in an enum or set.
    pub(super) fn enum_value(
        &mut self,
        lit: &Literal,
        attr: &Attribute,
        e: &EnumType,
    ) -> Option<u32> {
        let LitKind::Name(name) = &lit.kind else {
            self.mismatch(
                attr,
                lit,
                Some(format!(
                    "the values of `{}` are: {}",
                    attr.name,
                    value_list(e)
                )),
            );
            return None;
        };
        if let Some(v) = e.find(name) {
            return Some(v);
        }
        let help = match did_you_mean(name, e.values.iter().map(|v| v.name.as_str())) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("the values of `{}` are: {}", attr.name, value_list(e)),
        };
        self.errors.push(SemaError::UnknownValue {
            value: name.clone(),
            attr: attr.name.clone(),
            span: lit.span,
            help,
        });
        None
    }

    /// The values of a list, each checked; duplicates are warned about.
    fn enum_list(
        &mut self,
        lits: &[Literal],
        list_span: Span,
        attr: &Attribute,
        e: &EnumType,
        empty_help: &str,
    ) -> Option<Vec<u32>> {
        if lits.is_empty() {
            self.errors.push(SemaError::EmptyList {
                span: list_span,
                help: empty_help.to_string(),
            });
            return None;
        }
        let mut out: Vec<u32> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut ok = true;
        for lit in lits {
            match self.enum_value(lit, attr, e) {
                Some(v) => {
                    if let Some((_, &first)) = out.iter().zip(&spans).find(|(x, _)| **x == v) {
                        self.errors.push(SemaError::DuplicateListValue {
                            value: e.name(v).to_string(),
                            span: lit.span,
                            first,
                        });
                    } else {
                        out.push(v);
                        spans.push(lit.span);
                    }
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// A literal written right, and its other likely reading.
struct LiteralFix {
    main: String,
    alt: Option<String>,
}

/// "an `int`", "a `money` attribute": how a numeric type is named in a help.
fn article_type(ty: &Type) -> &'static str {
    match ty {
        Type::Int => "a whole number (`int`)",
        Type::Money => "an amount of money",
        Type::Percent => "a percentage",
        _ => "not a number",
    }
}

/// A fraction written as a number (`0.4`, `.25`, `1`) read as a percentage: `40`, `25`,
/// `100`. `None` for numbers that are not between 0 (excluded) and 1, or carry a suffix.
fn hundredfold(digits: &str) -> Option<String> {
    let plain: String = digits.chars().filter(|c| *c != '_').collect();
    if !plain.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let int = int.trim_start_matches('0');
    let frac_zero = frac.chars().all(|c| c == '0');
    match int {
        "" if !frac_zero => {}
        "1" if frac_zero => {}
        _ => return None,
    }
    let all = format!("{int}{frac}00");
    let point = int.len() + 2;
    let (whole, rest) = all.split_at(point);
    let whole = whole.trim_start_matches('0');
    let rest = rest.trim_end_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    Some(if rest.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{rest}")
    })
}

/// "a, b, c" (at most twelve, then "...").
pub(super) fn value_list(e: &EnumType) -> String {
    let mut names: Vec<String> = e
        .values
        .iter()
        .take(12)
        .map(|v| format!("`{}`", v.name))
        .collect();
    if e.values.len() > 12 {
        names.push("...".into());
    }
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::hundredfold;

    #[test]
    fn fractions_read_as_percentages() {
        let cases = [
            ("0.4", Some("40")),
            ("0.25", Some("25")),
            ("0.125", Some("12.5")),
            ("0.05", Some("5")),
            ("0.001", Some("0.1")),
            ("1", Some("100")),
            ("1.0", Some("100")),
            ("0", None),
            ("1.5", None),
            ("40", None),
            ("2k", None),
        ];
        for (digits, want) in cases {
            assert_eq!(hundredfold(digits).as_deref(), want, "{digits}");
        }
    }
}
