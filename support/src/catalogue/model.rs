//! The generator's own model of a spec: the schema it declares and the criteria it writes.
//!
//! Criteria are built as small trees first and only then rendered, once as icpl text and once
//! as a Cedar condition (by the benchmark harness, `bench/src/cedar.rs`), so that both languages are handed the same
//! requirements.

use std::fmt::Write as _;

/// Which record an attribute belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    Account,
    Contact,
}

/// One value of an enum or set. `parent` indexes the same list (hierarchical enums only).
#[derive(Clone, Debug)]
pub struct Value {
    pub name: &'static str,
    pub label: Option<&'static str>,
    pub parent: Option<usize>,
}

/// An attribute type, with the constants the generator may compare numbers with.
#[derive(Clone, Debug)]
pub enum Ty {
    Int(Vec<i64>),
    /// Whole dollars.
    Money(Vec<i64>),
    /// Whole percentage points.
    Percent(Vec<i64>),
    Bool,
    Enum {
        ordered: bool,
        values: Vec<Value>,
    },
    Set(Vec<Value>),
}

/// One schema attribute.
#[derive(Clone, Debug)]
pub struct Attr {
    pub name: &'static str,
    pub label: Option<&'static str>,
    pub ty: Ty,
}

/// The account and contact schemas.
#[derive(Clone, Debug)]
pub struct Schema {
    pub account: Vec<Attr>,
    pub contact: Vec<Attr>,
}

impl Schema {
    pub fn attrs(&self, entity: Entity) -> &[Attr] {
        match entity {
            Entity::Account => &self.account,
            Entity::Contact => &self.contact,
        }
    }

    pub fn attr(&self, r: AttrRef) -> &Attr {
        &self.attrs(r.entity)[r.index]
    }
}

/// A literal in a criterion. Enum and set values are indices into the attribute's values.
#[derive(Clone, Copy, Debug)]
pub enum Lit {
    Int(i64),
    Money(i64),
    Percent(i64),
    Bool(bool),
    Value(usize),
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

/// A reference to an attribute; `qualified` writes it as `account.x` / `contact.x`.
#[derive(Clone, Copy, Debug)]
pub struct AttrRef {
    pub entity: Entity,
    pub index: usize,
    pub qualified: bool,
}

/// What a criterion tests about one attribute.
#[derive(Clone, Debug)]
pub enum Test {
    /// A bare `bool` attribute.
    Bare,
    Cmp(CmpOp, Lit),
    /// `in [..]` / `not in [..]` over enum values.
    InList {
        negated: bool,
        values: Vec<usize>,
    },
    /// `in a..b` / `not in a..b` (numbers or ordered enum values), inclusive.
    InRange {
        negated: bool,
        lo: Lit,
        hi: Lit,
    },
    Has(usize),
    HasAny(Vec<usize>),
    HasAll(Vec<usize>),
    HasNone(Vec<usize>),
}

/// A criterion.
#[derive(Clone, Debug)]
pub enum Expr {
    Atom(AttrRef, Test),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
}

/// A number with a `k`/`M`/`B` suffix where one fits exactly (`2000` -> `2k`, `1500000000` ->
/// `1.5B`), the way a person would write it.
pub fn scaled(n: i64) -> String {
    for (unit, suffix) in [(1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")] {
        if n.abs() >= unit {
            if n % unit == 0 {
                return format!("{}{suffix}", n / unit);
            }
            if (n * 10) % unit == 0 {
                let tenths = n * 10 / unit;
                return format!("{}.{}{suffix}", tenths / 10, (tenths % 10).abs());
            }
        }
    }
    n.to_string()
}

/// Renders criteria as icpl text.
pub struct IcplWriter<'a> {
    pub schema: &'a Schema,
}

impl IcplWriter<'_> {
    pub fn expr(&self, e: &Expr, out: &mut String) {
        match e {
            Expr::Atom(r, t) => self.atom(*r, t, out),
            Expr::And(items) => self.joined(items, " and ", out),
            Expr::Or(items) => self.joined(items, " or ", out),
            Expr::Not(inner) => {
                out.push_str("not ");
                if matches!(**inner, Expr::Atom(..)) {
                    self.expr(inner, out);
                } else {
                    out.push('(');
                    self.expr(inner, out);
                    out.push(')');
                }
            }
        }
    }

    fn joined(&self, items: &[Expr], sep: &str, out: &mut String) {
        let is_and = sep == " and ";
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            // `and` binds tighter than `or`: an `or` inside an `and` needs parentheses.
            let paren = is_and && matches!(item, Expr::Or(_));
            if paren {
                out.push('(');
            }
            self.expr(item, out);
            if paren {
                out.push(')');
            }
        }
    }

    fn atom(&self, r: AttrRef, t: &Test, out: &mut String) {
        let attr = self.schema.attr(r);
        if r.qualified {
            out.push_str(match r.entity {
                Entity::Account => "account.",
                Entity::Contact => "contact.",
            });
        }
        out.push_str(attr.name);
        match t {
            Test::Bare => {}
            Test::Cmp(op, lit) => {
                let _ = write!(out, " {} ", op.as_str());
                self.lit(attr, *lit, out);
            }
            Test::InList { negated, values } => {
                out.push_str(if *negated { " not in " } else { " in " });
                self.list(attr, values, out);
            }
            Test::InRange { negated, lo, hi } => {
                out.push_str(if *negated { " not in " } else { " in " });
                self.lit(attr, *lo, out);
                out.push_str("..");
                self.lit(attr, *hi, out);
            }
            Test::Has(v) => {
                out.push_str(" has ");
                out.push_str(value_name(attr, *v));
            }
            Test::HasAny(vs) => {
                out.push_str(" has any ");
                self.list(attr, vs, out);
            }
            Test::HasAll(vs) => {
                out.push_str(" has all ");
                self.list(attr, vs, out);
            }
            Test::HasNone(vs) => {
                out.push_str(" has none ");
                self.list(attr, vs, out);
            }
        }
    }

    fn list(&self, attr: &Attr, values: &[usize], out: &mut String) {
        out.push('[');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(value_name(attr, *v));
        }
        out.push(']');
    }

    fn lit(&self, attr: &Attr, lit: Lit, out: &mut String) {
        match lit {
            Lit::Int(n) => out.push_str(&scaled(n)),
            Lit::Money(n) => {
                out.push('$');
                out.push_str(&scaled(n));
            }
            Lit::Percent(n) => {
                let _ = write!(out, "{n}%");
            }
            Lit::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            Lit::Value(v) => out.push_str(value_name(attr, v)),
        }
    }
}

/// The values of an enum or set attribute (empty for other types).
pub fn values_of(attr: &Attr) -> &[Value] {
    match &attr.ty {
        Ty::Enum { values, .. } | Ty::Set(values) => values,
        _ => &[],
    }
}

pub fn value_name(attr: &Attr, v: usize) -> &'static str {
    values_of(attr)[v].name
}

/// Whether value `v` is `ancestor` or lies below it.
pub fn is_within(values: &[Value], mut v: usize, ancestor: usize) -> bool {
    loop {
        if v == ancestor {
            return true;
        }
        match values[v].parent {
            Some(p) => v = p,
            None => return false,
        }
    }
}

/// Whether any value has `v` as its parent.
pub fn is_leaf(values: &[Value], v: usize) -> bool {
    !values.iter().any(|x| x.parent == Some(v))
}

/// The leaves at or below `v`.
pub fn leaves_under(values: &[Value], v: usize) -> Vec<usize> {
    (0..values.len())
        .filter(|&x| is_leaf(values, x) && is_within(values, x, v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::scaled;

    #[test]
    fn scaled_numbers() {
        assert_eq!(scaled(200), "200");
        assert_eq!(scaled(2000), "2k");
        assert_eq!(scaled(1_500_000_000), "1.5B");
        assert_eq!(scaled(750_000), "750k");
        assert_eq!(scaled(1_250), "1250");
        assert_eq!(scaled(20_000_000), "20M");
    }
}
