//! From syntax tree to document: the canonical style, construct by construct.
//!
//! Takes one file's syntax tree (free of syntax errors) with its text and comments and gives
//! the [`Doc`] the printer lays out. Every token is printed from its source text, in source
//! order, so literals, strings and parentheses stay exactly as written; only whitespace and
//! optional commas change. Comments are handed out at the token they precede (see
//! [`Trivia`]). `docs/style.md` describes the result.

use std::ops::Range;

use super::doc::Doc;
use super::trivia::Trivia;
use crate::source::{SourceFile, Span};
use crate::syntax::ast::*;

/// How a bracketed sequence is laid out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A block of statements: always one item per line, no separators.
    Block,
    /// `{ a, b }` on one line when it fits; otherwise one item per line without commas.
    Braces,
    /// `[a, b]` on one line when it fits; otherwise one item per line, each with a comma.
    List,
}

/// Lays out one file.
pub struct Layout<'a> {
    file: &'a SourceFile,
    trivia: Trivia<'a>,
}

impl<'a> Layout<'a> {
    /// `comments` are the file-local ranges of the file's comments, in order.
    pub fn new(file: &'a SourceFile, comments: Vec<Range<usize>>) -> Layout<'a> {
        Layout {
            file,
            trivia: Trivia::new(&file.text, comments),
        }
    }

    /// The file-local start of a span.
    fn at(&self, span: Span) -> usize {
        self.file.local(span).start
    }

    /// The file-local position of the closing bracket that ends `span`.
    fn closer(&self, span: Span) -> usize {
        let end = self.file.local(span).end;
        let closes = self
            .file
            .text
            .as_bytes()
            .get(end.wrapping_sub(1))
            .is_some_and(|b| matches!(b, b'}' | b']' | b')'));
        if closes { end - 1 } else { end }
    }

    /// The comments before `pos`, then `text`.
    fn tok(&mut self, pos: usize, text: impl Into<String>) -> Doc {
        let mut parts = self.trivia.take_before(pos);
        if parts.is_empty() {
            return Doc::text(text);
        }
        parts.push(Doc::text(text));
        Doc::concat(parts)
    }

    /// A token printed as written.
    fn token(&mut self, span: Span) -> Doc {
        let text = self.file.slice(span).to_string();
        self.tok(self.at(span), text)
    }

    /// What separates the thing at `pos` from the one before: the trailing comment of the line
    /// before, the `line` (with an empty line when the author left one), then the other
    /// comments, each on a line of its own.
    fn sep(&mut self, pos: usize, line: fn(bool) -> Doc) -> Doc {
        let mut parts: Vec<Doc> = self.trivia.take_trailing(pos).into_iter().collect();
        let first = self.trivia.next_before(pos).unwrap_or(pos);
        parts.push(line(self.trivia.blank_before(first)));
        parts.extend(self.trivia.take_before(pos));
        Doc::concat(parts)
    }

    /// The comments before a closing bracket at `pos`: a trailing one ends the last line; the
    /// others stand on their own lines before the bracket.
    fn close(&mut self, pos: usize) -> Doc {
        let mut parts: Vec<Doc> = self.trivia.take_trailing(pos).into_iter().collect();
        if let Some(first) = self.trivia.next_before(pos) {
            parts.push(Doc::hardline(self.trivia.blank_before(first)));
            parts.extend(self.trivia.take_before(pos));
        }
        Doc::concat(parts)
    }

    /// A bracketed sequence of items, from its opening to its closing bracket at `close`.
    fn seq<T>(
        &mut self,
        shape: Shape,
        items: &[T],
        span_of: impl Fn(&T) -> Span,
        mut doc_of: impl FnMut(&mut Self, &T) -> Doc,
        close: usize,
    ) -> Doc {
        let (open, shut) = if shape == Shape::List {
            ("[", "]")
        } else {
            ("{", "}")
        };
        if items.is_empty() && !self.trivia.any_before(close) {
            return Doc::text(format!("{open}{shut}"));
        }
        let mut inner = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let pos = self.at(span_of(item));
            let line: fn(bool) -> Doc = match shape {
                Shape::Block => Doc::hardline,
                Shape::Braces => Doc::line,
                Shape::List if i == 0 => |_| Doc::softline(),
                Shape::List => Doc::line,
            };
            if i > 0 {
                match shape {
                    Shape::Block => {}
                    Shape::Braces => inner.push(Doc::IfBreak {
                        broken: "",
                        flat: ",",
                    }),
                    Shape::List => inner.push(Doc::text(",")),
                }
            }
            inner.push(self.sep(pos, line));
            inner.push(doc_of(self, item));
        }
        if shape == Shape::List && !items.is_empty() {
            inner.push(Doc::IfBreak {
                broken: ",",
                flat: "",
            });
        }
        inner.push(self.close(close));
        let last = match shape {
            Shape::Block => Doc::hardline(false),
            Shape::Braces => Doc::line(false),
            Shape::List => Doc::softline(),
        };
        Doc::group(Doc::concat(vec![
            Doc::text(open),
            Doc::indent(Doc::concat(inner)),
            last,
            Doc::text(shut),
        ]))
    }

    /// The whole file: items separated by one empty line, comments where they stood.
    pub fn file(&mut self, file: &File) -> Doc {
        let mut parts = Vec::new();
        for (i, item) in file.items.iter().enumerate() {
            let pos = self.at(item.span());
            if i == 0 {
                parts.extend(self.trivia.take_before(pos));
            } else {
                parts.push(self.sep(pos, |_| Doc::hardline(true)));
            }
            parts.push(self.item(item));
        }
        parts.push(self.sep(self.file.text.len(), Doc::hardline));
        Doc::concat(parts)
    }

    fn item(&mut self, item: &Item) -> Doc {
        match item {
            Item::Schema(b) => {
                let close = self.closer(b.span);
                Doc::concat(vec![
                    self.token(b.keyword),
                    Doc::text(" "),
                    self.seq(Shape::Block, &b.attrs, |a| a.span, Self::attr, close),
                ])
            }
            Item::Icp(b) | Item::Persona(b) => self.profile(b),
            Item::Example(b) => {
                let close = self.closer(b.span);
                Doc::concat(vec![
                    self.token(b.keyword),
                    Doc::text(" "),
                    self.token(b.name.span),
                    Doc::text(" "),
                    self.seq(
                        Shape::Block,
                        &b.body,
                        ExampleStatement::span,
                        Self::example_statement,
                        close,
                    ),
                ])
            }
            // Never reached: a file with a broken item has syntax errors and is not formatted.
            // Printing its text unchanged keeps the promise not to lose anything regardless.
            Item::Broken(b) => self.token(b.span),
        }
    }

    fn attr(&mut self, a: &AttrDecl) -> Doc {
        let mut parts = vec![self.token(a.name.span), Doc::text(": "), self.ty(&a.ty)];
        if let Some(label) = &a.label {
            parts.push(Doc::text(" "));
            parts.push(self.token(label.span));
        }
        Doc::concat(parts)
    }

    fn ty(&mut self, ty: &TypeExpr) -> Doc {
        let at = self.at(ty.span);
        match &ty.kind {
            TypeKind::Int | TypeKind::Money | TypeKind::Percent | TypeKind::Bool => {
                self.token(ty.span)
            }
            TypeKind::Enum { ordered, values } => {
                let keyword = if *ordered { "ordered enum" } else { "enum" };
                Doc::concat(vec![
                    self.tok(at, keyword),
                    Doc::text(" "),
                    self.enum_body(values),
                ])
            }
            TypeKind::Set { values } => Doc::concat(vec![
                self.tok(at, "set"),
                Doc::text(" "),
                self.enum_body(values),
            ]),
            TypeKind::Unknown(name) => self.token(name.span),
        }
    }

    fn enum_body(&mut self, body: &EnumBody) -> Doc {
        let close = self.closer(body.span);
        self.seq(
            Shape::Braces,
            &body.values,
            |v| v.span,
            Self::enum_value,
            close,
        )
    }

    fn enum_value(&mut self, v: &EnumValueDecl) -> Doc {
        let mut parts = vec![self.token(v.name.span)];
        if let Some(label) = &v.label {
            parts.push(Doc::text(" "));
            parts.push(self.token(label.span));
        }
        if let Some(children) = &v.children {
            parts.push(Doc::text(" "));
            parts.push(self.enum_body(children));
        }
        Doc::concat(parts)
    }

    fn profile(&mut self, b: &ProfileBlock) -> Doc {
        let mut parts = vec![self.token(b.keyword), Doc::text(" "), self.token(b.id.span)];
        if let Some(name) = &b.name {
            parts.push(Doc::text(" "));
            parts.push(self.token(name.span));
        }
        if let Some(kw) = b.for_keyword {
            parts.push(Doc::text(" "));
            parts.push(self.token(kw));
            for (i, icp) in b.for_icps.iter().enumerate() {
                parts.push(Doc::text(if i == 0 { " " } else { ", " }));
                parts.push(self.token(icp.span));
            }
        }
        parts.push(Doc::text(" "));
        let close = self.closer(b.span);
        parts.push(self.seq(
            Shape::Block,
            &b.body,
            Statement::span,
            Self::statement,
            close,
        ));
        Doc::concat(parts)
    }

    fn statement(&mut self, s: &Statement) -> Doc {
        match s {
            Statement::Require(c) | Statement::Exclude(c) => Doc::concat(vec![
                self.token(c.keyword),
                Doc::text(" "),
                self.expr(&c.expr),
            ]),
            Statement::Score(s) => {
                let close = self.closer(s.span);
                let widths = SignalWidths::of(self.file, &s.signals);
                Doc::concat(vec![
                    self.token(s.keyword),
                    Doc::text(" "),
                    self.seq(
                        Shape::Block,
                        &s.signals,
                        |x| x.span,
                        |l, x| l.signal(x, widths),
                        close,
                    ),
                ])
            }
            Statement::Tiers(t) => {
                let close = self.closer(t.span);
                Doc::concat(vec![
                    self.token(t.keyword),
                    Doc::text(" "),
                    self.seq(Shape::Braces, &t.tiers, |x| x.span, Self::tier, close),
                ])
            }
            Statement::Reviewed(d) => Doc::concat(vec![
                self.token(d.keyword),
                Doc::text(" "),
                self.token(d.date_span),
            ]),
            Statement::Section {
                keyword,
                title,
                value,
                ..
            } => Doc::concat(vec![
                self.token(*keyword),
                Doc::text(" "),
                self.token(title.span),
                Doc::text(" "),
                self.field_value(value),
            ]),
            Statement::Field { name, value, .. } => Doc::concat(vec![
                self.token(name.span),
                Doc::text(" "),
                self.field_value(value),
            ]),
        }
    }

    fn field_value(&mut self, v: &FieldValue) -> Doc {
        match v {
            FieldValue::Text(s) => self.token(s.span),
            FieldValue::Ident(i) => self.token(i.span),
            FieldValue::List { items, span } => {
                let close = self.closer(*span);
                self.seq(
                    Shape::List,
                    items,
                    TextItem::span,
                    |l, x| l.token(x.span()),
                    close,
                )
            }
        }
    }

    /// `name +30 when EXPR`, with the names padded and the weights right-aligned so that every
    /// `when` of a score block stands in one column.
    fn signal(&mut self, s: &SignalDecl, widths: SignalWidths) -> Doc {
        let weight = self.file.slice(s.weight_span);
        let name = format!("{:<w$}", s.name.name, w = widths.name);
        let weight = format!("{weight:>w$}", w = widths.weight);
        Doc::concat(vec![
            self.tok(self.at(s.name.span), name),
            Doc::text(" "),
            self.tok(self.at(s.weight_span), weight),
            Doc::text(" when "),
            self.expr(&s.expr),
        ])
    }

    fn tier(&mut self, t: &TierDecl) -> Doc {
        let mut parts = vec![self.token(t.name.span)];
        if let Some(threshold) = &t.threshold {
            parts.push(Doc::text(" >= "));
            parts.push(self.token(threshold.span));
        }
        Doc::concat(parts)
    }

    fn example_statement(&mut self, s: &ExampleStatement) -> Doc {
        match s {
            ExampleStatement::Record(r) => {
                let close = self.closer(r.span);
                Doc::concat(vec![
                    self.token(r.keyword),
                    Doc::text(" "),
                    self.seq(
                        Shape::Braces,
                        &r.fields,
                        |f| f.span,
                        Self::record_field,
                        close,
                    ),
                ])
            }
            ExampleStatement::Expect(e) => {
                let mut parts = vec![self.token(e.keyword)];
                if e.negated {
                    parts.push(Doc::text(" not"));
                }
                match &e.target {
                    ExpectTarget::Icp { id, tier } => {
                        parts.push(Doc::text(" "));
                        parts.push(self.token(id.span));
                        if let Some(tier) = tier {
                            parts.push(Doc::text(" tier "));
                            parts.push(self.token(tier.span));
                        }
                    }
                    ExpectTarget::Persona { keyword, id } => {
                        parts.push(Doc::text(" "));
                        parts.push(self.token(*keyword));
                        parts.push(Doc::text(" "));
                        parts.push(self.token(id.span));
                    }
                }
                Doc::concat(parts)
            }
        }
    }

    fn record_field(&mut self, f: &RecordField) -> Doc {
        let value = match &f.value {
            RecordValue::One(l) => self.token(l.span),
            RecordValue::List { values, span } => self.literals(values, *span),
        };
        Doc::concat(vec![self.token(f.name.span), Doc::text(": "), value])
    }

    /// `[a, b]` in a criterion or a record.
    fn literals(&mut self, values: &[Literal], span: Span) -> Doc {
        let close = self.closer(span);
        self.seq(
            Shape::List,
            values,
            |l| l.span,
            |s, l| s.token(l.span),
            close,
        )
    }

    /// A criterion: on one line when it fits, otherwise broken before each `and`/`or` of the
    /// outermost chain that does not fit, with the continuation one level deeper.
    fn expr(&mut self, e: &Expr) -> Doc {
        match &e.kind {
            ExprKind::Or(ops) => self.chain(ops, "or"),
            ExprKind::And(ops) => self.chain(ops, "and"),
            ExprKind::Not { keyword, operand } => Doc::concat(vec![
                self.token(*keyword),
                Doc::text(" "),
                self.expr(operand),
            ]),
            ExprKind::Paren(inner) => {
                let open = self.tok(self.at(e.span), "(");
                let inner = self.expr(inner);
                let close = self.closer(e.span);
                Doc::concat(vec![
                    open,
                    Doc::indent(inner),
                    self.close(close),
                    Doc::text(")"),
                ])
            }
            ExprKind::Predicate(p) => {
                let attr = self.token(p.attr.span);
                match &p.test {
                    Some(test) => Doc::concat(vec![attr, Doc::text(" "), self.test(test)]),
                    None => attr,
                }
            }
        }
    }

    fn chain(&mut self, ops: &[Expr], keyword: &str) -> Doc {
        let mut parts = Vec::new();
        let mut rest = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            if i == 0 {
                parts.push(self.expr(op));
                continue;
            }
            rest.push(self.sep(self.at(op.span), |_| Doc::line(false)));
            rest.push(Doc::text(format!("{keyword} ")));
            rest.push(self.expr(op));
        }
        parts.push(Doc::indent(Doc::concat(rest)));
        Doc::group(Doc::concat(parts))
    }

    fn test(&mut self, t: &Test) -> Doc {
        match t {
            Test::Compare {
                op, op_span, value, ..
            } => Doc::concat(vec![
                self.tok(self.at(*op_span), op.as_str()),
                Doc::text(" "),
                self.token(value.span),
            ]),
            Test::In {
                negated,
                target,
                span,
            } => {
                let keyword = if *negated { "not in" } else { "in" };
                let keyword = self.tok(self.at(*span), keyword);
                let target = match target {
                    InTarget::List { values, span } => self.literals(values, *span),
                    InTarget::Range { low, high, .. } => Doc::concat(vec![
                        self.token(low.span),
                        Doc::text(".."),
                        self.token(high.span),
                    ]),
                };
                Doc::concat(vec![keyword, Doc::text(" "), target])
            }
            Test::Has {
                mode,
                values,
                list_span,
                span,
            } => {
                let keyword = match mode {
                    HasMode::One => "has",
                    HasMode::Any => "has any",
                    HasMode::All => "has all",
                    HasMode::None => "has none",
                };
                let keyword = self.tok(self.at(*span), keyword);
                let target = match mode {
                    // `has x` holds exactly one value (the grammar allows no other shape).
                    HasMode::One => {
                        Doc::concat(values.iter().map(|v| self.token(v.span)).collect())
                    }
                    _ => self.literals(values, *list_span),
                };
                Doc::concat(vec![keyword, Doc::text(" "), target])
            }
        }
    }
}

/// The column widths of a score block: its longest signal name and its widest weight.
#[derive(Clone, Copy)]
struct SignalWidths {
    name: usize,
    weight: usize,
}

impl SignalWidths {
    fn of(file: &SourceFile, signals: &[SignalDecl]) -> SignalWidths {
        let width = |s: &str| s.chars().count();
        SignalWidths {
            name: signals
                .iter()
                .map(|s| width(&s.name.name))
                .max()
                .unwrap_or(0),
            weight: signals
                .iter()
                .map(|s| width(file.slice(s.weight_span)))
                .max()
                .unwrap_or(0),
        }
    }
}
