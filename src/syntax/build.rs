//! From pest pairs to the syntax tree. This and `parser.rs` are the only places that see pest.
//!
//! The grammar fixes the shape of every pair; a shape the builder does not expect is reported as
//! an internal error for that statement instead of a panic.

use pest::iterators::{Pair, Pairs};

use super::ast::*;
use super::errors::SyntaxError;
use super::parser::Rule;
use super::scan::MAX_NESTING;
use crate::num::{NumError, parse_decimal};
use crate::source::Span;

/// The largest weight a score signal may carry.
pub const MAX_WEIGHT: i64 = 1_000_000_000;

/// Why a node could not be built. The error itself is already recorded.
#[derive(Debug)]
pub struct Failed;

type Built<T> = Result<T, Failed>;

/// Turns byte positions in a parsed slice into global positions. The text a slice is cut from
/// may hold closing brackets the scanner inserted where a block was left open (see
/// [`Scan::repairs`](super::scan::Scan::repairs)); positions after one shift back, so spans
/// always point into the file as written.
#[derive(Clone, Copy, Debug)]
pub struct Positions<'p> {
    /// The global position of the file's first byte.
    pub file_base: u32,
    /// Where the slice starts in the (repaired) text of the file.
    pub start: usize,
    /// The positions of the inserted brackets in the repaired text, in order.
    pub inserted: &'p [usize],
}

impl Positions<'_> {
    /// The global position of byte `local` of the slice.
    pub fn global(&self, local: usize) -> u32 {
        let at = self.start + local;
        let shift = self.inserted.partition_point(|&p| p < at);
        self.file_base + (at - shift) as u32
    }

    /// The global span of `start..end` in the slice.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.global(start), self.global(end))
    }
}

/// Builds nodes from the pairs of one parsed slice of a file.
pub struct Builder<'e, 'p> {
    /// Where the parsed slice is.
    pub at: Positions<'p>,
    pub errors: &'e mut Vec<SyntaxError>,
}

/// A cursor over the children of a pair.
struct Kids<'i> {
    inner: std::iter::Peekable<Pairs<'i, Rule>>,
    parent: Span,
}

impl<'i> Kids<'i> {
    fn peek_rule(&mut self) -> Option<Rule> {
        self.inner.peek().map(Pair::as_rule)
    }

    /// The next child, if it is a `rule`.
    fn take(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        if self.peek_rule() == Some(rule) {
            self.inner.next()
        } else {
            None
        }
    }

    fn next(&mut self) -> Option<Pair<'i, Rule>> {
        self.inner.next()
    }
}

impl Builder<'_, '_> {
    /// The span of a pair, without the whitespace and comments pest counts into rules that end
    /// in an optional or repeated part.
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        let end = trim_trivia_end(s.get_input(), s.start(), s.end());
        self.at.span(s.start(), end)
    }

    fn kids<'i>(&self, pair: Pair<'i, Rule>) -> Kids<'i> {
        let parent = self.span(&pair);
        Kids {
            inner: pair.into_inner().peekable(),
            parent,
        }
    }

    fn internal<T>(&mut self, what: &'static str, span: Span) -> Built<T> {
        self.errors.push(SyntaxError::Internal { what, span });
        Err(Failed)
    }

    /// The next child, which must be a `rule`.
    fn expect<'i>(
        &mut self,
        kids: &mut Kids<'i>,
        rule: Rule,
        what: &'static str,
    ) -> Built<Pair<'i, Rule>> {
        match kids.take(rule) {
            Some(p) => Ok(p),
            None => self.internal(what, kids.parent),
        }
    }

    fn ident(&self, pair: &Pair<Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(pair),
        }
    }

    fn expect_ident(&mut self, kids: &mut Kids, what: &'static str) -> Built<Ident> {
        let p = self.expect(kids, Rule::ident, what)?;
        Ok(self.ident(&p))
    }

    /// A string literal, decoded; an escape that names no character is reported (and shown as
    /// U+FFFD).
    fn string(&mut self, pair: &Pair<Rule>) -> StringLit {
        let raw = pair.as_str();
        let span = self.span(pair);
        let inner = raw
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or(raw);
        let (value, bad) = unescape_checked(inner);
        for (start, end) in bad {
            // `start..end` is within `inner`, which starts one byte (the quote) into the literal.
            let at = span.start + 1 + start as u32;
            self.errors.push(SyntaxError::InvalidEscape {
                text: inner[start..end].to_string(),
                span: Span::new(at, at + (end - start) as u32),
            });
        }
        StringLit { value, span }
    }

    // -----------------------------------------------------------------------------------------
    // Items

    /// Builds the child of an `item` pair (a whole top-level block).
    pub fn item(&mut self, pair: Pair<Rule>) -> Built<Item> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let Some(block) = kids.next() else {
            return self.internal("an item", span);
        };
        match block.as_rule() {
            Rule::schema_block => self.schema_block(block).map(Item::Schema),
            Rule::icp_block => self.profile(block, ProfileKind::Icp).map(Item::Icp),
            Rule::persona_block => self.profile(block, ProfileKind::Persona).map(Item::Persona),
            Rule::example_block => self.example(block).map(Item::Example),
            _ => self.internal("an item", span),
        }
    }

    fn entity(&mut self, pair: Pair<Rule>) -> Built<(Entity, Span)> {
        let span = self.span(&pair);
        match pair.as_str() {
            "account" => Ok((Entity::Account, span)),
            "contact" => Ok((Entity::Contact, span)),
            _ => self.internal("`account` or `contact`", span),
        }
    }

    fn schema_block(&mut self, pair: Pair<Rule>) -> Built<SchemaBlock> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let entity = self.expect(&mut kids, Rule::entity, "a schema block")?;
        let (entity, keyword) = self.entity(entity)?;
        let mut attrs = Vec::new();
        while let Some(p) = kids.take(Rule::attr_decl) {
            // A malformed attribute is already reported; the others are still worth checking.
            if let Ok(a) = self.attr_decl(p) {
                attrs.push(a);
            }
        }
        Ok(SchemaBlock {
            entity,
            keyword,
            attrs,
            span,
        })
    }

    /// Builds an `attr_decl` pair.
    pub fn attr_decl(&mut self, pair: Pair<Rule>) -> Built<AttrDecl> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let name = self.expect_ident(&mut kids, "an attribute")?;
        let ty = self.expect(&mut kids, Rule::type_expr, "an attribute type")?;
        let ty = self.type_expr(ty)?;
        let label = kids.take(Rule::string).map(|s| self.string(&s));
        Ok(AttrDecl {
            name,
            ty,
            label,
            span,
        })
    }

    fn type_expr(&mut self, pair: Pair<Rule>) -> Built<TypeExpr> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let Some(inner) = kids.next() else {
            return self.internal("a type", span);
        };
        let kind = match inner.as_rule() {
            Rule::kw_int => TypeKind::Int,
            Rule::kw_money => TypeKind::Money,
            Rule::kw_percent => TypeKind::Percent,
            Rule::kw_bool => TypeKind::Bool,
            Rule::ordered_enum_type | Rule::enum_type | Rule::set_type => {
                let rule = inner.as_rule();
                let mut parts = self.kids(inner);
                let body = loop {
                    match parts.next() {
                        Some(p) if p.as_rule() == Rule::enum_body => break p,
                        Some(_) => continue,
                        None => return self.internal("an enum body", span),
                    }
                };
                let values = self.enum_body(body)?;
                match rule {
                    Rule::set_type => TypeKind::Set { values },
                    _ => TypeKind::Enum {
                        ordered: rule == Rule::ordered_enum_type,
                        values,
                    },
                }
            }
            Rule::unknown_type => {
                let mut parts = self.kids(inner);
                TypeKind::Unknown(self.expect_ident(&mut parts, "a type name")?)
            }
            _ => return self.internal("a type", span),
        };
        Ok(TypeExpr { kind, span })
    }

    fn enum_body(&mut self, pair: Pair<Rule>) -> Built<EnumBody> {
        let span = self.span(&pair);
        let mut values = Vec::new();
        for p in pair.into_inner() {
            values.push(self.enum_value(p)?);
        }
        Ok(EnumBody { values, span })
    }

    fn enum_value(&mut self, pair: Pair<Rule>) -> Built<EnumValueDecl> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let name = self.expect_ident(&mut kids, "an enum value")?;
        let label = kids.take(Rule::string).map(|s| self.string(&s));
        let children = match kids.take(Rule::enum_body) {
            Some(b) => Some(self.enum_body(b)?),
            None => None,
        };
        Ok(EnumValueDecl {
            name,
            label,
            children,
            span,
        })
    }

    /// Builds an `icp_block` or `persona_block` pair. Statements that fail to build are
    /// reported and left out.
    pub fn profile(&mut self, pair: Pair<Rule>, kind: ProfileKind) -> Built<ProfileBlock> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let Some(kw) = kids.next() else {
            return self.internal("a profile", span);
        };
        let keyword = self.span(&kw);
        let id = self.expect_ident(&mut kids, "a profile id")?;
        let name = kids.take(Rule::string).map(|s| self.string(&s));
        let mut for_icps = Vec::new();
        let mut for_keyword = None;
        if let Some(f) = kids.take(Rule::for_clause) {
            let mut parts = self.kids(f);
            if let Some(kw) = parts.take(Rule::kw_for) {
                for_keyword = Some(self.span(&kw));
            }
            while let Some(i) = parts.take(Rule::ident) {
                for_icps.push(self.ident(&i));
            }
        }
        let mut body = Vec::new();
        while let Some(p) = kids.next() {
            if let Ok(s) = self.statement(p) {
                body.push(s);
            }
        }
        Ok(ProfileBlock {
            kind,
            keyword,
            id,
            name,
            for_icps,
            for_keyword,
            body,
            span,
        })
    }

    /// Builds one body statement pair.
    pub fn statement(&mut self, pair: Pair<Rule>) -> Built<Statement> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut kids = self.kids(pair);
        match rule {
            Rule::require_stmt | Rule::exclude_stmt => {
                let Some(kw) = kids.next() else {
                    return self.internal("a criterion", span);
                };
                let keyword = self.span(&kw);
                let e = self.expect(&mut kids, Rule::expr, "a criterion")?;
                let expr = self.expr(e)?;
                let c = CriterionDecl {
                    keyword,
                    expr,
                    span,
                };
                Ok(if rule == Rule::require_stmt {
                    Statement::Require(c)
                } else {
                    Statement::Exclude(c)
                })
            }
            Rule::score_block => {
                let kw = self.expect(&mut kids, Rule::kw_score, "a score block")?;
                let keyword = self.span(&kw);
                let mut signals = Vec::new();
                while let Some(p) = kids.take(Rule::signal) {
                    if let Ok(s) = self.signal(p) {
                        signals.push(s);
                    }
                }
                Ok(Statement::Score(ScoreBlock {
                    keyword,
                    signals,
                    span,
                }))
            }
            Rule::tiers_block => {
                let kw = self.expect(&mut kids, Rule::kw_tiers, "a tiers block")?;
                let keyword = self.span(&kw);
                let mut tiers = Vec::new();
                while let Some(p) = kids.take(Rule::tier) {
                    tiers.push(self.tier(p)?);
                }
                Ok(Statement::Tiers(TiersBlock {
                    keyword,
                    tiers,
                    span,
                }))
            }
            Rule::reviewed_stmt => {
                let kw = self.expect(&mut kids, Rule::kw_reviewed, "`reviewed`")?;
                let keyword = self.span(&kw);
                let d = self.expect(&mut kids, Rule::date, "a date")?;
                Ok(Statement::Reviewed(DateLit {
                    keyword,
                    text: d.as_str().to_string(),
                    date_span: self.span(&d),
                    span,
                }))
            }
            Rule::section_stmt => {
                let kw = self.expect(&mut kids, Rule::kw_section, "`section`")?;
                let keyword = self.span(&kw);
                let t = self.expect(&mut kids, Rule::string, "a section title")?;
                let title = self.string(&t);
                let v = self.expect(&mut kids, Rule::field_value, "a section")?;
                let value = self.field_value(v)?;
                Ok(Statement::Section {
                    keyword,
                    title,
                    value,
                    span,
                })
            }
            Rule::field_stmt => {
                let name = self.expect_ident(&mut kids, "a field")?;
                let v = self.expect(&mut kids, Rule::field_value, "a field value")?;
                let value = self.field_value(v)?;
                Ok(Statement::Field { name, value, span })
            }
            _ => self.internal("a statement", span),
        }
    }

    /// Builds a `tier` pair.
    pub fn tier(&mut self, pair: Pair<Rule>) -> Built<TierDecl> {
        let span = self.span(&pair);
        let mut parts = self.kids(pair);
        let name = self.expect_ident(&mut parts, "a tier")?;
        let threshold = parts.take(Rule::number).map(|n| self.number_literal(&n));
        Ok(TierDecl {
            name,
            threshold,
            span,
        })
    }

    /// Builds a `signal` pair.
    pub fn signal(&mut self, pair: Pair<Rule>) -> Built<SignalDecl> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let name = self.expect_ident(&mut kids, "a signal")?;
        let w = self.expect(&mut kids, Rule::weight, "a weight")?;
        let weight_span = self.span(&w);
        let text = w.as_str();
        let digits: String = text.chars().filter(|c| *c != '_').collect();
        let weight = match digits.parse::<i64>() {
            Ok(v) if v.abs() <= MAX_WEIGHT => v,
            _ => {
                self.errors.push(SyntaxError::WeightTooLarge {
                    text: text.to_string(),
                    span: weight_span,
                });
                return Err(Failed);
            }
        };
        let _when = self.expect(&mut kids, Rule::kw_when, "`when`")?;
        let e = self.expect(&mut kids, Rule::expr, "a signal condition")?;
        let expr = self.expr(e)?;
        Ok(SignalDecl {
            name,
            weight,
            weight_span,
            expr,
            span,
        })
    }

    fn field_value(&mut self, pair: Pair<Rule>) -> Built<FieldValue> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let Some(inner) = kids.next() else {
            return self.internal("a field value", span);
        };
        match inner.as_rule() {
            Rule::string => Ok(FieldValue::Text(self.string(&inner))),
            Rule::ident => Ok(FieldValue::Ident(self.ident(&inner))),
            Rule::text_list => {
                let lspan = self.span(&inner);
                let mut items = Vec::new();
                for item in inner.into_inner() {
                    let ispan = self.span(&item);
                    match item.into_inner().next() {
                        Some(p) if p.as_rule() == Rule::string => {
                            items.push(TextItem::Text(self.string(&p)))
                        }
                        Some(p) => items.push(TextItem::Ident(self.ident(&p))),
                        None => return self.internal("a list item", ispan),
                    }
                }
                Ok(FieldValue::List { items, span: lspan })
            }
            _ => self.internal("a field value", span),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Expressions

    /// Builds an `expr` pair.
    pub fn expr(&mut self, pair: Pair<Rule>) -> Built<Expr> {
        self.expr_at(pair, 0)
    }

    fn too_deep(&mut self, span: Span) -> Failed {
        self.errors.push(SyntaxError::TooDeep {
            limit: MAX_NESTING,
            span,
        });
        Failed
    }

    fn expr_at(&mut self, pair: Pair<Rule>, depth: usize) -> Built<Expr> {
        let span = self.span(&pair);
        let mut operands = Vec::new();
        for p in pair.into_inner() {
            if p.as_rule() == Rule::and_expr {
                operands.push(self.and_expr(p, depth)?);
            }
        }
        match operands.len() {
            0 => self.internal("a criterion", span),
            // Invariant: exactly one operand.
            1 => Ok(operands.remove(0)),
            _ => Ok(Expr {
                kind: ExprKind::Or(operands),
                span,
            }),
        }
    }

    fn and_expr(&mut self, pair: Pair<Rule>, depth: usize) -> Built<Expr> {
        let span = self.span(&pair);
        let mut operands = Vec::new();
        for p in pair.into_inner() {
            if p.as_rule() == Rule::not_expr {
                operands.push(self.not_expr(p, depth)?);
            }
        }
        match operands.len() {
            0 => self.internal("a criterion", span),
            // Invariant: exactly one operand.
            1 => Ok(operands.remove(0)),
            _ => Ok(Expr {
                kind: ExprKind::And(operands),
                span,
            }),
        }
    }

    fn not_expr(&mut self, pair: Pair<Rule>, depth: usize) -> Built<Expr> {
        let span = self.span(&pair);
        let mut nots = Vec::new();
        let mut primary = None;
        for p in pair.into_inner() {
            if p.as_rule() == Rule::kw_not {
                nots.push(self.span(&p));
            } else {
                primary = Some(p);
            }
        }
        let depth = depth + nots.len();
        if depth > MAX_NESTING {
            return Err(self.too_deep(nots.get(MAX_NESTING).copied().unwrap_or(span)));
        }
        let Some(primary) = primary else {
            return self.internal("a criterion", span);
        };
        let mut expr = self.primary(primary, depth)?;
        for kw in nots.into_iter().rev() {
            expr = Expr {
                span: kw.to(expr.span),
                kind: ExprKind::Not {
                    keyword: kw,
                    operand: Box::new(expr),
                },
            };
        }
        Ok(expr)
    }

    fn primary(&mut self, pair: Pair<Rule>, depth: usize) -> Built<Expr> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::paren => {
                if depth + 1 > MAX_NESTING {
                    return Err(self.too_deep(span));
                }
                let mut kids = self.kids(pair);
                let e = self.expect(&mut kids, Rule::expr, "a parenthesised criterion")?;
                let inner = self.expr_at(e, depth + 1)?;
                Ok(Expr {
                    kind: ExprKind::Paren(Box::new(inner)),
                    span,
                })
            }
            Rule::predicate => {
                let mut kids = self.kids(pair);
                let a = self.expect(&mut kids, Rule::attr_ref, "an attribute")?;
                let attr = self.attr_ref(a)?;
                let test = match kids.next() {
                    Some(t) => Some(self.test(t)?),
                    None => None,
                };
                Ok(Expr {
                    kind: ExprKind::Predicate(Predicate { attr, test }),
                    span,
                })
            }
            _ => self.internal("a criterion", span),
        }
    }

    fn attr_ref(&mut self, pair: Pair<Rule>) -> Built<AttrRef> {
        let span = self.span(&pair);
        let idents: Vec<Ident> = pair.into_inner().map(|p| self.ident(&p)).collect();
        let mut idents = idents.into_iter();
        match (idents.next(), idents.next()) {
            (Some(name), None) => Ok(AttrRef {
                qualifier: None,
                name,
                span,
            }),
            (Some(q), Some(name)) => Ok(AttrRef {
                qualifier: Some(q),
                name,
                span,
            }),
            _ => self.internal("an attribute", span),
        }
    }

    fn test(&mut self, pair: Pair<Rule>) -> Built<Test> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut kids = self.kids(pair);
        match rule {
            Rule::compare => {
                let op = self.expect(&mut kids, Rule::cmp_op, "a comparison")?;
                let op_span = self.span(&op);
                let op = match op.as_str() {
                    "==" => CmpOp::Eq,
                    "!=" => CmpOp::Ne,
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                let v = self.expect(&mut kids, Rule::value, "a value")?;
                let value = self.value(v)?;
                Ok(Test::Compare {
                    op,
                    op_span,
                    value,
                    span,
                })
            }
            Rule::in_test | Rule::not_in_test => {
                let negated = rule == Rule::not_in_test;
                let target = loop {
                    match kids.next() {
                        Some(p) if p.as_rule() == Rule::range => {
                            let rspan = self.span(&p);
                            let mut parts = self.kids(p);
                            let lo = self.expect(&mut parts, Rule::value, "a range")?;
                            let hi = self.expect(&mut parts, Rule::value, "a range")?;
                            break InTarget::Range {
                                low: self.value(lo)?,
                                high: self.value(hi)?,
                                span: rspan,
                            };
                        }
                        Some(p) if p.as_rule() == Rule::value_list => {
                            let (values, lspan) = self.value_list(p)?;
                            break InTarget::List {
                                values,
                                span: lspan,
                            };
                        }
                        Some(_) => continue,
                        None => return self.internal("`in`", span),
                    }
                };
                Ok(Test::In {
                    negated,
                    target,
                    span,
                })
            }
            Rule::has_test => {
                let _kw = self.expect(&mut kids, Rule::kw_has, "`has`")?;
                let Some(inner) = kids.next() else {
                    return self.internal("`has`", span);
                };
                let mode = match inner.as_rule() {
                    Rule::has_any => HasMode::Any,
                    Rule::has_all => HasMode::All,
                    Rule::has_none => HasMode::None,
                    Rule::value => {
                        let ispan = self.span(&inner);
                        let v = self.value(inner)?;
                        return Ok(Test::Has {
                            mode: HasMode::One,
                            values: vec![v],
                            list_span: ispan,
                            span,
                        });
                    }
                    _ => return self.internal("`has`", span),
                };
                let mut parts = self.kids(inner);
                let _ = parts.next();
                let l = self.expect(&mut parts, Rule::value_list, "a list")?;
                let (values, list_span) = self.value_list(l)?;
                Ok(Test::Has {
                    mode,
                    values,
                    list_span,
                    span,
                })
            }
            _ => self.internal("a test", span),
        }
    }

    fn value_list(&mut self, pair: Pair<Rule>) -> Built<(Vec<Literal>, Span)> {
        let span = self.span(&pair);
        let mut values = Vec::new();
        for p in pair.into_inner() {
            values.push(self.value(p)?);
        }
        Ok((values, span))
    }

    /// Builds a `value` pair.
    fn value(&mut self, pair: Pair<Rule>) -> Built<Literal> {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            return self.internal("a value", span);
        };
        Ok(match inner.as_rule() {
            Rule::ident => Literal {
                kind: LitKind::Name(inner.as_str().to_string()),
                span,
            },
            Rule::boolean => Literal {
                kind: LitKind::Bool(inner.as_str() == "true"),
                span,
            },
            Rule::money | Rule::percent | Rule::number => self.number_literal(&inner),
            _ => return self.internal("a value", span),
        })
    }

    /// Builds a `money`, `percent` or `number` pair; a number too large is reported and kept as
    /// [`LitKind::Invalid`].
    fn number_literal(&mut self, pair: &Pair<Rule>) -> Literal {
        let span = self.span(pair);
        let text = pair.as_str();
        let kind = match parse_decimal(text) {
            Ok(n) => match pair.as_rule() {
                Rule::money => LitKind::Money(n),
                Rule::percent => LitKind::Percent(n),
                _ => LitKind::Number(n),
            },
            Err(NumError::TooLarge | NumError::Malformed) => {
                self.errors.push(SyntaxError::NumberTooLarge {
                    text: text.to_string(),
                    span,
                });
                LitKind::Invalid
            }
            Err(NumError::TooPrecise) => {
                self.errors.push(SyntaxError::NumberTooPrecise {
                    text: text.to_string(),
                    span,
                });
                LitKind::Invalid
            }
        };
        Literal { kind, span }
    }

    // -----------------------------------------------------------------------------------------
    // Examples

    fn example(&mut self, pair: Pair<Rule>) -> Built<ExampleBlock> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let kw = self.expect(&mut kids, Rule::kw_example, "an example")?;
        let keyword = self.span(&kw);
        let n = self.expect(&mut kids, Rule::string, "an example name")?;
        let name = self.string(&n);
        let mut body = Vec::new();
        while let Some(p) = kids.next() {
            if let Ok(s) = self.example_statement(p) {
                body.push(s);
            }
        }
        Ok(ExampleBlock {
            keyword,
            name,
            body,
            span,
        })
    }

    /// Builds a `record_field` pair.
    pub fn record_field(&mut self, pair: Pair<Rule>) -> Built<RecordField> {
        let span = self.span(&pair);
        let mut parts = self.kids(pair);
        let name = self.expect_ident(&mut parts, "a record field")?;
        let value = match parts.next() {
            Some(v) if v.as_rule() == Rule::value_list => {
                let (values, lspan) = self.value_list(v)?;
                RecordValue::List {
                    values,
                    span: lspan,
                }
            }
            Some(v) => RecordValue::One(self.value(v)?),
            None => return self.internal("a record field", span),
        };
        Ok(RecordField { name, value, span })
    }

    /// Builds one statement of an example body.
    pub fn example_statement(&mut self, pair: Pair<Rule>) -> Built<ExampleStatement> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut kids = self.kids(pair);
        match rule {
            Rule::record_block => {
                let e = self.expect(&mut kids, Rule::entity, "a record")?;
                let (entity, keyword) = self.entity(e)?;
                let mut fields = Vec::new();
                while let Some(f) = kids.take(Rule::record_field) {
                    fields.push(self.record_field(f)?);
                }
                Ok(ExampleStatement::Record(RecordBlock {
                    entity,
                    keyword,
                    fields,
                    span,
                }))
            }
            Rule::expect_stmt => {
                let kw = self.expect(&mut kids, Rule::kw_expect, "`expect`")?;
                let keyword = self.span(&kw);
                let negated = kids.take(Rule::negation).is_some();
                let Some(target) = kids.next() else {
                    return self.internal("an expectation", span);
                };
                let target = if target.as_rule() == Rule::expect_persona {
                    let mut parts = self.kids(target);
                    let kw = self.expect(&mut parts, Rule::kw_persona, "`persona`")?;
                    let keyword = self.span(&kw);
                    let id = self.expect_ident(&mut parts, "a persona id")?;
                    ExpectTarget::Persona { keyword, id }
                } else {
                    let mut parts = self.kids(target);
                    let id = self.expect_ident(&mut parts, "an ICP id")?;
                    let tier = match parts.take(Rule::kw_tier) {
                        Some(_) => Some(self.expect_ident(&mut parts, "a tier")?),
                        None => None,
                    };
                    ExpectTarget::Icp { id, tier }
                };
                Ok(ExampleStatement::Expect(Expect {
                    keyword,
                    negated,
                    target,
                    span,
                }))
            }
            _ => self.internal("an example statement", span),
        }
    }
}

/// The end of `input[start..end]` without trailing whitespace and comments. Strings never span
/// lines, so a `#` outside quotes on the last line starts a comment.
fn trim_trivia_end(input: &str, start: usize, mut end: usize) -> usize {
    // Trailing trivia always ends in whitespace (a comment is followed by its line break), so a
    // span that does not end in whitespace has none.
    if !input
        .as_bytes()
        .get(..end)
        .and_then(<[u8]>::last)
        .is_some_and(u8::is_ascii_whitespace)
    {
        return end;
    }
    loop {
        let trimmed = input[start..end].trim_end_matches([' ', '\t', '\r', '\n']);
        end = start + trimmed.len();
        let line_start = input[start..end]
            .rfind(['\n', '\r'])
            .map_or(start, |i| start + i + 1);
        let mut in_string = false;
        let mut escaped = false;
        let mut comment = None;
        for (i, c) in input[line_start..end].char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '#' if !in_string => {
                    comment = Some(line_start + i);
                    break;
                }
                _ => {}
            }
        }
        match comment {
            Some(at) => end = at,
            None => return end,
        }
    }
}

/// Decodes the escapes of a string literal's inside (`\"`, `\\`, `\n`, `\t`, `\u{..}`).
pub fn unescape(inner: &str) -> String {
    unescape_checked(inner).0
}

/// Decodes escapes and gives the byte ranges of `\u{..}` escapes that name no character.
fn unescape_checked(inner: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(inner.len());
    let mut bad = Vec::new();
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'u')) => {
                let mut hex = String::new();
                let mut end = i + 2;
                while let Some(&(j, ch)) = chars.peek() {
                    chars.next();
                    end = j + ch.len_utf8();
                    match ch {
                        '{' => {}
                        '}' => break,
                        _ => hex.push(ch),
                    }
                }
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        bad.push((i, end));
                        out.push('\u{FFFD}');
                    }
                }
            }
            Some((_, other)) => out.push(other),
            None => out.push('\\'),
        }
    }
    (out, bad)
}
