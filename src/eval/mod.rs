//! The reference evaluator: the semantics of the compiled rules, for one account and contact.
//!
//! Evaluation is three-valued (Kleene): a criterion on a missing attribute is *unknown*, never
//! false; `and` is false when any operand is false, `or` true when any is true, and unknown
//! otherwise when any operand is unknown. A hierarchical enum value that is an inner node (coarse
//! data, such as `emea`) decides `in [..]` only when all of its leaves agree. This module and
//! `docs/json-format.md` state the same rules; the analysis is checked against it.

use crate::sema::ir::{AttrId, Cmp, EnumType, Expr, Record, Spec, Test, Value};

/// A three-valued truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }

    /// Kleene conjunction of any number of truths (true for none).
    pub fn all(items: impl IntoIterator<Item = Truth>) -> Truth {
        let mut out = Truth::True;
        for t in items {
            match t {
                Truth::False => return Truth::False,
                Truth::Unknown => out = Truth::Unknown,
                Truth::True => {}
            }
        }
        out
    }

    /// Kleene disjunction of any number of truths (false for none).
    pub fn any(items: impl IntoIterator<Item = Truth>) -> Truth {
        let mut out = Truth::False;
        for t in items {
            match t {
                Truth::True => return Truth::True,
                Truth::Unknown => out = Truth::Unknown,
                Truth::False => {}
            }
        }
        out
    }
}

impl std::ops::Not for Truth {
    type Output = Truth;

    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

/// The records an expression reads: the account and, for persona criteria, the contact.
#[derive(Clone, Copy, Debug)]
pub struct Records<'a> {
    pub account: &'a Record,
    pub contact: Option<&'a Record>,
}

impl Records<'_> {
    /// The value of an attribute, if the record holds one.
    pub fn value(&self, id: AttrId) -> Option<&Value> {
        let record = match id.entity {
            crate::sema::ir::Entity::Account => Some(self.account),
            crate::sema::ir::Entity::Contact => self.contact,
        }?;
        record.values.get(id.index as usize)?.as_ref()
    }
}

/// Evaluates an expression.
pub fn eval(spec: &Spec, expr: &Expr, records: Records) -> Truth {
    match expr {
        Expr::And(xs) => Truth::all(xs.iter().map(|x| eval(spec, x, records))),
        Expr::Or(xs) => Truth::any(xs.iter().map(|x| eval(spec, x, records))),
        Expr::Not(x) => !eval(spec, x, records),
        Expr::Atom(a) => match records.value(a.attr) {
            None => Truth::Unknown,
            Some(v) => atom(spec, a.attr, &a.test, v),
        },
    }
}

fn compare(cmp: Cmp, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match cmp {
        Cmp::Eq => ord == Equal,
        Cmp::Lt => ord == Less,
        Cmp::Le => ord != Greater,
        Cmp::Gt => ord == Greater,
        Cmp::Ge => ord != Less,
    }
}

/// `in` on an enum: true when every leaf under the value is covered by the listed values,
/// false when none is, unknown otherwise.
pub fn enum_in(e: &EnumType, value: u32, listed: &[u32]) -> Truth {
    let covered = |leaf: u32| listed.iter().any(|&s| e.is_within(leaf, s));
    let mut any = false;
    let mut all = true;
    for leaf in e.leaves_under(value) {
        if covered(leaf) {
            any = true;
        } else {
            all = false;
        }
    }
    match (any, all) {
        (_, true) => Truth::True,
        (false, false) => Truth::False,
        (true, false) => Truth::Unknown,
    }
}

fn atom(spec: &Spec, id: AttrId, test: &Test, value: &Value) -> Truth {
    let ty = &spec.attr(id).ty;
    match (test, value) {
        (Test::Compare(cmp, c), Value::Num(n)) => Truth::from_bool(compare(*cmp, n.cmp(c))),
        (Test::Between(lo, hi), Value::Num(n)) => Truth::from_bool(lo <= n && n <= hi),
        (Test::Bool(b), Value::Bool(v)) => Truth::from_bool(b == v),
        (Test::In(listed), Value::Enum(v)) => match ty.values() {
            Some(e) => enum_in(e, *v, listed),
            None => Truth::Unknown,
        },
        (Test::Rank(cmp, r), Value::Enum(v)) => Truth::from_bool(compare(*cmp, v.cmp(r))),
        (Test::RankBetween(lo, hi), Value::Enum(v)) => Truth::from_bool(lo <= v && v <= hi),
        (Test::Has(x), Value::Set(vs)) => Truth::from_bool(vs.contains(x)),
        (Test::HasAny(xs), Value::Set(vs)) => Truth::from_bool(xs.iter().any(|x| vs.contains(x))),
        (Test::HasAll(xs), Value::Set(vs)) => Truth::from_bool(xs.iter().all(|x| vs.contains(x))),
        // A value of the wrong kind is invalid data, rejected before evaluation; it decides
        // nothing here.
        _ => Truth::Unknown,
    }
}
