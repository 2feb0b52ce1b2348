//! The typed model of a spec: what every later stage (analysis, evaluator, emitters, diff,
//! language server) reads.
//!
//! Names are resolved to indices, literals to typed values, and operators to the small set of
//! tests that the JSON format documents: `!=` becomes `not ==`, `not in` becomes `not in`,
//! `has none` becomes `not has any`, and `==` on an enum becomes `in [v]`. Spans point back at
//! the source for diagnostics; they never take part in a comparison of meaning.

use crate::num::Num;
use crate::source::Span;
pub use crate::syntax::ast::Entity;

use super::date::Date;
use super::narrative::Narrative;

/// A checked spec.
#[derive(Clone, Debug, Default)]
pub struct Spec {
    pub account: Schema,
    pub contact: Schema,
    pub icps: Vec<Icp>,
    pub personas: Vec<Persona>,
    pub examples: Vec<Example>,
    /// Lookups by id, kept up to date by [`Spec::push_icp`] and [`Spec::push_persona`].
    index: Index,
}

/// The lookups of a spec: ids to positions, and each ICP's personas.
#[derive(Clone, Debug, Default)]
struct Index {
    icps: std::collections::HashMap<String, usize>,
    personas: std::collections::HashMap<String, usize>,
    personas_of: Vec<Vec<usize>>,
}

impl Spec {
    pub fn schema(&self, entity: Entity) -> &Schema {
        match entity {
            Entity::Account => &self.account,
            Entity::Contact => &self.contact,
        }
    }

    // PANIC SAFETY: an `AttrId` is issued by sema for an attribute of this spec's schema
    // (`Schema::ids` enumerates them); attributes are only ever added.
    #[allow(clippy::indexing_slicing)]
    pub fn attr(&self, id: AttrId) -> &Attribute {
        &self.schema(id.entity).attrs[id.index as usize]
    }

    /// The ICP at index `i` of [`Spec::icps`].
    // PANIC SAFETY: an ICP index names an ICP of this spec. Indices come from enumerating
    // `icps`, from `Spec::icp`, or from a persona's `icps`, which `push_persona` requires to name
    // ICPs of the spec; ICPs are only ever added. (The diff keeps the indices of each version
    // with that version.)
    #[allow(clippy::indexing_slicing)]
    pub fn icp_at(&self, i: usize) -> &Icp {
        &self.icps[i]
    }

    /// The persona at index `p` of [`Spec::personas`].
    // PANIC SAFETY: a persona index names a persona of this spec: indices come from enumerating
    // `personas`, from `Spec::persona` or from `personas_of`, which `push_persona` fills with
    // the index it adds at; personas are only ever added.
    #[allow(clippy::indexing_slicing)]
    pub fn persona_at(&self, p: usize) -> &Persona {
        &self.personas[p]
    }

    pub fn icp(&self, id: &str) -> Option<(usize, &Icp)> {
        let &i = self.index.icps.get(id)?;
        self.icps.get(i).map(|icp| (i, icp))
    }

    pub fn persona(&self, id: &str) -> Option<(usize, &Persona)> {
        let &i = self.index.personas.get(id)?;
        self.personas.get(i).map(|p| (i, p))
    }

    /// Adds an ICP (its id must be new).
    pub fn push_icp(&mut self, icp: Icp) {
        self.index.icps.insert(icp.id.clone(), self.icps.len());
        self.index.personas_of.push(Vec::new());
        self.icps.push(icp);
    }

    /// Adds a persona (its id must be new; the ICPs it names must be in the spec).
    pub fn push_persona(&mut self, persona: Persona) {
        let at = self.personas.len();
        self.index.personas.insert(persona.id.clone(), at);
        for &i in &persona.icps {
            if let Some(list) = self.index.personas_of.get_mut(i) {
                list.push(at);
            }
        }
        self.personas.push(persona);
    }

    /// The personas that name an ICP in their `for` clause, in spec order.
    pub fn personas_of(&self, icp: usize) -> impl Iterator<Item = (usize, &Persona)> {
        self.index
            .personas_of
            .get(icp)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&p| (p, self.persona_at(p)))
    }
}

/// The attributes of one entity, in declaration order.
#[derive(Clone, Debug)]
pub struct Schema {
    pub entity: Entity,
    pub attrs: Vec<Attribute>,
    /// Where the schema was declared (the first block), if anywhere.
    pub declared: Option<Span>,
}

impl Default for Schema {
    fn default() -> Schema {
        Schema {
            entity: Entity::Account,
            attrs: Vec::new(),
            declared: None,
        }
    }
}

impl Schema {
    pub fn find(&self, name: &str) -> Option<AttrId> {
        self.attrs
            .iter()
            .position(|a| a.name == name)
            .map(|i| AttrId {
                entity: self.entity,
                index: i as u32,
            })
    }
}

/// An attribute of the account or contact schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AttrId {
    pub entity: Entity,
    pub index: u32,
}

#[derive(Clone, Debug)]
pub struct Attribute {
    pub name: String,
    /// The label given in the schema (`annual_revenue: money "Annual revenue"`), if any.
    pub label: Option<String>,
    pub ty: Type,
    pub name_span: Span,
    pub span: Span,
}

impl Attribute {
    /// The label people read: the declared one, else the name with spaces for underscores.
    pub fn display_label(&self) -> String {
        self.label
            .clone()
            .unwrap_or_else(|| self.name.replace('_', " "))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// Whole numbers.
    Int,
    /// Amounts of money (continuous).
    Money,
    /// Percentages, as percentage points (continuous).
    Percent,
    Bool,
    /// One value of a (possibly hierarchical or ordered) enumeration.
    Enum(EnumType),
    /// Any subset of a flat list of values.
    Set(EnumType),
}

impl Type {
    /// The type's name in messages.
    pub fn name(&self) -> &'static str {
        match self {
            Type::Int => "int",
            Type::Money => "money",
            Type::Percent => "percent",
            Type::Bool => "bool",
            Type::Enum(e) if e.ordered => "ordered enum",
            Type::Enum(_) => "enum",
            Type::Set(_) => "set",
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Money | Type::Percent)
    }

    pub fn values(&self) -> Option<&EnumType> {
        match self {
            Type::Enum(e) | Type::Set(e) => Some(e),
            _ => None,
        }
    }
}

/// The values of an enum or set in pre-order (every parent before its children), so that the
/// subtree of value `v` is the index range `v..values[v].subtree_end`.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumType {
    pub ordered: bool,
    pub values: Vec<EnumValue>,
    /// Each value's index by name, so that a name is found in constant time whatever the
    /// number of values (a technographic set may have thousands).
    by_name: std::collections::HashMap<String, u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    pub name: String,
    pub label: Option<String>,
    pub parent: Option<u32>,
    /// One past the last index of this value's subtree.
    pub subtree_end: u32,
    pub span: Span,
}

impl EnumType {
    /// An enum or set type with its values in pre-order; the first of two values with the
    /// same name is the one [`EnumType::find`] finds.
    pub fn new(ordered: bool, values: Vec<EnumValue>) -> EnumType {
        let mut by_name = std::collections::HashMap::with_capacity(values.len());
        for (i, v) in values.iter().enumerate() {
            by_name.entry(v.name.clone()).or_insert(i as u32);
        }
        EnumType {
            ordered,
            values,
            by_name,
        }
    }

    pub fn find(&self, name: &str) -> Option<u32> {
        self.by_name.get(name).copied()
    }

    /// The value numbered `v`.
    // PANIC SAFETY: a value number names a value of this enum: numbers are issued by `find` and
    // by enumerating `values`, and sema builds `parent` and `subtree_end` from positions in the
    // same list (pre-order); an enum's values never change after it is built.
    #[allow(clippy::indexing_slicing)]
    pub fn value_at(&self, v: u32) -> &EnumValue {
        &self.values[v as usize]
    }

    pub fn name(&self, v: u32) -> &str {
        &self.value_at(v).name
    }

    pub fn is_leaf(&self, v: u32) -> bool {
        self.values
            .get(v as usize)
            .is_some_and(|x| x.subtree_end == v + 1)
    }

    /// Whether `v` is `ancestor` or one of its descendants.
    pub fn is_within(&self, v: u32, ancestor: u32) -> bool {
        ancestor <= v
            && self
                .values
                .get(ancestor as usize)
                .is_some_and(|a| v < a.subtree_end)
    }

    /// Whether any value has children.
    pub fn is_hierarchical(&self) -> bool {
        self.values.iter().any(|v| v.parent.is_some())
    }

    /// The leaves, in order.
    pub fn leaves(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.values.len() as u32).filter(|&v| self.is_leaf(v))
    }

    /// The leaves under `v` (itself when it is a leaf).
    pub fn leaves_under(&self, v: u32) -> impl Iterator<Item = u32> + '_ {
        let end = self.values.get(v as usize).map_or(v, |x| x.subtree_end);
        (v..end).filter(|&x| self.is_leaf(x))
    }

    /// The label people read for a value: the declared one, else the name as the author
    /// wrote it (never re-cased: `saas` is not "Saas", `hr_conferences` not "Hr Conferences").
    pub fn display(&self, v: u32) -> String {
        let value = self.value_at(v);
        value.label.clone().unwrap_or_else(|| value.name.clone())
    }
}

/// A criterion: a `require`, an `exclude` or a signal's condition.
#[derive(Clone, Debug)]
pub struct Criterion {
    pub expr: Expr,
    /// The span of the expression (its source text is what briefs and JSON quote).
    pub span: Span,
    /// The span of the whole statement, keyword included.
    pub stmt_span: Span,
}

#[derive(Clone, Debug)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Atom(Atom),
}

impl Expr {
    /// Calls `f` on every atom, left to right.
    pub fn for_each_atom<'a>(&'a self, f: &mut impl FnMut(&'a Atom)) {
        match self {
            Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| x.for_each_atom(f)),
            Expr::Not(x) => x.for_each_atom(f),
            Expr::Atom(a) => f(a),
        }
    }

    /// The attributes the expression reads, in order of first use.
    pub fn attrs(&self) -> Vec<AttrId> {
        let mut out = Vec::new();
        self.for_each_atom(&mut |a| {
            if !out.contains(&a.attr) {
                out.push(a.attr);
            }
        });
        out
    }
}

/// One attribute tested against constants.
#[derive(Clone, Debug)]
pub struct Atom {
    pub attr: AttrId,
    pub test: Test,
    pub span: Span,
}

/// The comparison operators of numeric and ordered-enum tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    /// The operator's name in the JSON format.
    pub fn op_name(self) -> &'static str {
        match self {
            Cmp::Eq => "eq",
            Cmp::Lt => "lt",
            Cmp::Le => "le",
            Cmp::Gt => "gt",
            Cmp::Ge => "ge",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// A number compared with a constant (`==`, `<`, `<=`, `>`, `>=`).
    Compare(Cmp, Num),
    /// A number within an inclusive range.
    Between(Num, Num),
    /// A bool equal to a constant (a bare `uses_sso` is `Bool(true)`).
    Bool(bool),
    /// An enum value within one of the listed values (or their descendants).
    In(Vec<u32>),
    /// An ordered enum compared by rank (`<`, `<=`, `>`, `>=`; `==` is `In`).
    Rank(Cmp, u32),
    /// An ordered enum within an inclusive range of ranks.
    RankBetween(u32, u32),
    /// A set containing a value.
    Has(u32),
    /// A set containing at least one of the values.
    HasAny(Vec<u32>),
    /// A set containing every one of the values.
    HasAll(Vec<u32>),
}

/// An ICP.
#[derive(Clone, Debug)]
pub struct Icp {
    pub id: String,
    pub id_span: Span,
    /// The display name (the string after the id, else the id in title case).
    pub name: String,
    pub summary: Option<String>,
    pub owner: Option<String>,
    pub reviewed: Option<(Date, Span)>,
    pub requires: Vec<Criterion>,
    pub excludes: Vec<Criterion>,
    pub signals: Vec<Signal>,
    pub tiers: Vec<Tier>,
    pub narrative: Narrative,
    pub span: Span,
}

/// `warehouse_native +30 when tech_stack has snowflake`.
#[derive(Clone, Debug)]
pub struct Signal {
    pub id: String,
    pub weight: i64,
    pub when: Criterion,
    pub span: Span,
}

/// `A >= 50`; a tier without a threshold catches every score.
#[derive(Clone, Debug)]
pub struct Tier {
    pub name: String,
    pub min_score: Option<i64>,
    pub span: Span,
}

/// A buyer persona.
#[derive(Clone, Debug)]
pub struct Persona {
    pub id: String,
    pub id_span: Span,
    pub name: String,
    /// The ICPs it belongs to (indices into `Spec::icps`); empty for a persona without `for`.
    pub icps: Vec<usize>,
    /// Where each of `icps` is named in the `for` clause.
    pub icp_spans: Vec<Span>,
    pub summary: Option<String>,
    pub owner: Option<String>,
    pub reviewed: Option<(Date, Span)>,
    /// The decision-making role (`role champion`).
    pub role: Option<String>,
    pub requires: Vec<Criterion>,
    pub excludes: Vec<Criterion>,
    pub narrative: Narrative,
    pub span: Span,
}

/// A value in a record (an example's account or contact).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Num(Num),
    Bool(bool),
    /// An enum value; an inner node of a hierarchy is coarse data.
    Enum(u32),
    /// A set's values, sorted, without duplicates.
    Set(Vec<u32>),
}

/// A record: one optional value per attribute of its schema (absent means missing).
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub values: Vec<Option<Value>>,
}

/// An `example` block.
#[derive(Clone, Debug)]
pub struct Example {
    pub name: String,
    pub account: Option<Record>,
    pub contact: Option<Record>,
    pub expects: Vec<Expectation>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Expectation {
    pub negated: bool,
    pub target: ExpectationTarget,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ExpectationTarget {
    /// The account matches the ICP (at the tier, when one is given).
    Icp { icp: usize, tier: Option<usize> },
    /// The contact matches the persona.
    Persona(usize),
}
