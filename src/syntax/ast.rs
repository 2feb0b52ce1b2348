//! The syntax tree: what a file says, in source order, with a span on every node.
//!
//! Literals keep their span so the formatter can reproduce the text the user wrote (`2k` stays
//! `2k`); their meaning is already decoded. Nothing here is checked against the schema: that is
//! the job of `sema`.

use crate::num::Num;
use crate::source::{FileId, Span};

/// One parsed file.
#[derive(Clone, Debug)]
pub struct File {
    pub file: FileId,
    pub items: Vec<Item>,
    /// Every comment in the file, in order (global spans, starting at `#`).
    pub comments: Vec<Span>,
}

#[derive(Clone, Debug)]
pub enum Item {
    Schema(SchemaBlock),
    Icp(ProfileBlock),
    Persona(ProfileBlock),
    Example(ExampleBlock),
    /// A top-level item that did not parse. Its kind and name (when the scanner could read them)
    /// are kept so that references to it do not turn into further errors.
    Broken(BrokenItem),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Schema(b) => b.span,
            Item::Icp(b) | Item::Persona(b) => b.span,
            Item::Example(b) => b.span,
            Item::Broken(b) => b.span,
        }
    }
}

#[derive(Clone, Debug)]
pub struct BrokenItem {
    pub keyword: Option<&'static str>,
    pub name: Option<Ident>,
    pub span: Span,
}

/// An identifier with its span.
#[derive(Clone, Debug)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal: its decoded value and the span of the whole literal, quotes included.
#[derive(Clone, Debug)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}

/// Which record a schema block, an attribute or a record describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entity {
    Account,
    Contact,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Account => "account",
            Entity::Contact => "contact",
        }
    }
}

#[derive(Clone, Debug)]
pub struct SchemaBlock {
    pub entity: Entity,
    pub keyword: Span,
    pub attrs: Vec<AttrDecl>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct AttrDecl {
    pub name: Ident,
    pub ty: TypeExpr,
    pub label: Option<StringLit>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum TypeKind {
    Int,
    Money,
    Percent,
    Bool,
    Enum {
        ordered: bool,
        values: EnumBody,
    },
    Set {
        values: EnumBody,
    },
    /// A name that is not a type (`integer`); the checker suggests the right one.
    Unknown(Ident),
}

/// `{ a, b { c, d } }`: the values of an enum or set, with the span of the braces.
#[derive(Clone, Debug)]
pub struct EnumBody {
    pub values: Vec<EnumValueDecl>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct EnumValueDecl {
    pub name: Ident,
    pub label: Option<StringLit>,
    pub children: Option<EnumBody>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileKind {
    Icp,
    Persona,
}

/// An `icp` or `persona` block. Both share one statement syntax; the checker says which
/// statements belong where.
#[derive(Clone, Debug)]
pub struct ProfileBlock {
    pub kind: ProfileKind,
    pub keyword: Span,
    pub id: Ident,
    pub name: Option<StringLit>,
    /// The ICPs after `for` (personas only).
    pub for_icps: Vec<Ident>,
    pub for_keyword: Option<Span>,
    pub body: Vec<Statement>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum Statement {
    Require(CriterionDecl),
    Exclude(CriterionDecl),
    Score(ScoreBlock),
    Tiers(TiersBlock),
    Reviewed(DateLit),
    Section {
        keyword: Span,
        title: StringLit,
        value: FieldValue,
        span: Span,
    },
    Field {
        name: Ident,
        value: FieldValue,
        span: Span,
    },
}

impl Statement {
    pub fn span(&self) -> Span {
        match self {
            Statement::Require(c) | Statement::Exclude(c) => c.span,
            Statement::Score(s) => s.span,
            Statement::Tiers(t) => t.span,
            Statement::Reviewed(d) => d.span,
            Statement::Section { span, .. } | Statement::Field { span, .. } => *span,
        }
    }
}

/// `require EXPR` or `exclude EXPR`.
#[derive(Clone, Debug)]
pub struct CriterionDecl {
    pub keyword: Span,
    pub expr: Expr,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct ScoreBlock {
    pub keyword: Span,
    pub signals: Vec<SignalDecl>,
    pub span: Span,
}

/// `name +30 when EXPR`.
#[derive(Clone, Debug)]
pub struct SignalDecl {
    pub name: Ident,
    pub weight: i64,
    pub weight_span: Span,
    pub expr: Expr,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct TiersBlock {
    pub keyword: Span,
    pub tiers: Vec<TierDecl>,
    pub span: Span,
}

/// `A >= 50`, or a final catch-all `C`.
#[derive(Clone, Debug)]
pub struct TierDecl {
    pub name: Ident,
    pub threshold: Option<Literal>,
    pub span: Span,
}

/// `reviewed 2026-10-01`: the date as written, with the span of the date.
#[derive(Clone, Debug)]
pub struct DateLit {
    pub keyword: Span,
    pub text: String,
    pub date_span: Span,
    pub span: Span,
}

/// The value of a narrative field: `"text"`, `["a", b]` or a bare identifier.
#[derive(Clone, Debug)]
pub enum FieldValue {
    Text(StringLit),
    List { items: Vec<TextItem>, span: Span },
    Ident(Ident),
}

impl FieldValue {
    pub fn span(&self) -> Span {
        match self {
            FieldValue::Text(s) => s.span,
            FieldValue::List { span, .. } => *span,
            FieldValue::Ident(i) => i.span,
        }
    }
}

#[derive(Clone, Debug)]
pub enum TextItem {
    Text(StringLit),
    Ident(Ident),
}

impl TextItem {
    pub fn text(&self) -> &str {
        match self {
            TextItem::Text(s) => &s.value,
            TextItem::Ident(i) => &i.name,
        }
    }

    pub fn span(&self) -> Span {
        match self {
            TextItem::Text(s) => s.span,
            TextItem::Ident(i) => i.span,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    /// Two or more operands joined by `or`.
    Or(Vec<Expr>),
    /// Two or more operands joined by `and`.
    And(Vec<Expr>),
    /// `not EXPR`; the span of the keyword is kept for the formatter.
    Not {
        keyword: Span,
        operand: Box<Expr>,
    },
    /// `( EXPR )`.
    Paren(Box<Expr>),
    Predicate(Predicate),
}

/// An attribute with an optional test: `employees >= 200`, or a bare `uses_sso`.
#[derive(Clone, Debug)]
pub struct Predicate {
    pub attr: AttrRef,
    pub test: Option<Test>,
}

/// `employees`, or qualified: `account.employees`.
#[derive(Clone, Debug)]
pub struct AttrRef {
    pub qualifier: Option<Ident>,
    pub name: Ident,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HasMode {
    One,
    Any,
    All,
    None,
}

#[derive(Clone, Debug)]
pub enum Test {
    /// `== v`, `< v`, ...
    Compare {
        op: CmpOp,
        op_span: Span,
        value: Literal,
        span: Span,
    },
    /// `in [..]` / `not in [..]` / `in a..b` / `not in a..b`.
    In {
        negated: bool,
        target: InTarget,
        span: Span,
    },
    /// `has v`, `has any [..]`, `has all [..]`, `has none [..]`.
    Has {
        mode: HasMode,
        values: Vec<Literal>,
        /// The span of the list for `any`/`all`/`none`.
        list_span: Span,
        span: Span,
    },
}

impl Test {
    pub fn span(&self) -> Span {
        match self {
            Test::Compare { span, .. } | Test::In { span, .. } | Test::Has { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug)]
pub enum InTarget {
    List {
        values: Vec<Literal>,
        span: Span,
    },
    Range {
        low: Literal,
        high: Literal,
        span: Span,
    },
}

/// A literal value in a criterion, a tier threshold or an example record.
#[derive(Clone, Debug)]
pub struct Literal {
    pub kind: LitKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LitKind {
    /// A plain number (`200`, `2k`, `1.5`).
    Number(Num),
    /// `$20M`.
    Money(Num),
    /// `25%` (the number of percentage points).
    Percent(Num),
    Bool(bool),
    /// A name: an enum or set value.
    Name(String),
    /// A numeric literal that could not be read (too large); already reported.
    Invalid,
}

impl LitKind {
    /// What kind of literal this is, for messages: "a money amount", "a number", ...
    pub fn describe(&self) -> &'static str {
        match self {
            LitKind::Number(_) => "a number",
            LitKind::Money(_) => "a money amount",
            LitKind::Percent(_) => "a percentage",
            LitKind::Bool(_) => "a boolean",
            LitKind::Name(_) => "a name",
            LitKind::Invalid => "an invalid number",
        }
    }
}

#[derive(Clone, Debug)]
pub struct ExampleBlock {
    pub keyword: Span,
    pub name: StringLit,
    pub body: Vec<ExampleStatement>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ExampleStatement {
    Record(RecordBlock),
    Expect(Expect),
}

impl ExampleStatement {
    pub fn span(&self) -> Span {
        match self {
            ExampleStatement::Record(r) => r.span,
            ExampleStatement::Expect(e) => e.span,
        }
    }
}

/// `account { industry: saas, employees: 450 }`.
#[derive(Clone, Debug)]
pub struct RecordBlock {
    pub entity: Entity,
    pub keyword: Span,
    pub fields: Vec<RecordField>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct RecordField {
    pub name: Ident,
    pub value: RecordValue,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum RecordValue {
    One(Literal),
    List { values: Vec<Literal>, span: Span },
}

impl RecordValue {
    pub fn span(&self) -> Span {
        match self {
            RecordValue::One(l) => l.span,
            RecordValue::List { span, .. } => *span,
        }
    }
}

/// `expect [not] ICP [tier T]` or `expect [not] persona P`.
#[derive(Clone, Debug)]
pub struct Expect {
    pub keyword: Span,
    pub negated: bool,
    pub target: ExpectTarget,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ExpectTarget {
    Icp { id: Ident, tier: Option<Ident> },
    Persona { keyword: Span, id: Ident },
}
