//! What a test means for a value of every type.
//!
//! [`Accepts`] is the meaning of one test (`employees in 200..2000`, `region in [emea]`,
//! `tech_stack has any [segment, rudderstack]`): the values it accepts, stated per kind of
//! attribute. Every back end derives its restatement from it: the reference evaluator calls
//! [`Accepts::truth`], the compiled evaluator precomputes enum tables with [`Accepts::enum_truth`]
//! and set checks from the listed values, the analysis encodes the interval, the leaves or the
//! set values, and emitters for other systems restate it.
//!
//! - A number test accepts one closed interval of the attribute's domain
//!   ([`crate::semantics::number`]).
//! - A bool test accepts one value.
//! - An enum test (`in`, and rank comparisons on an ordered enum) accepts a set of *leaves*: a
//!   value that is a leaf is accepted when it is in the set. A value that is an inner node of a
//!   hierarchy (coarse data, such as `emea`) stands for one of its leaves, not known which: the
//!   test is true when all of its leaves are accepted, false when none is, unknown otherwise.
//! - A set test accepts a set holding at least one of the listed values (`has`, `has any`) or
//!   all of them (`has all`). Sets may have any number of values.
//! - A missing value makes every test unknown (decided by the caller, which has no value).

use super::number::{Interval, NumKind};
use super::truth::Truth;
use crate::sema::ir::{Cmp, EnumType, Test, Type, Value};

/// The values a test accepts.
#[derive(Clone, Debug, PartialEq)]
pub enum Accepts {
    /// The numbers of an interval of the attribute's domain.
    Numbers(NumKind, Interval),
    /// One bool.
    Bool(bool),
    /// Enum values whose leaves are all among these (sorted, without repeats).
    Leaves(Vec<u32>),
    /// Sets that hold at least one of these values (sorted, without repeats).
    SetAny(Vec<u32>),
    /// Sets that hold every one of these values (sorted, without repeats).
    SetAll(Vec<u32>),
    /// No value: a test that does not fit its attribute's type. The checker never builds one;
    /// every back end treats it the same way, as false for any value.
    Nothing,
}

fn sorted(mut vs: Vec<u32>) -> Vec<u32> {
    vs.sort_unstable();
    vs.dedup();
    vs
}

/// Whether rank `v` compares with rank `r` as `cmp` says.
pub fn rank_holds(cmp: Cmp, v: u32, r: u32) -> bool {
    match cmp {
        Cmp::Eq => v == r,
        Cmp::Lt => v < r,
        Cmp::Le => v <= r,
        Cmp::Gt => v > r,
        Cmp::Ge => v >= r,
    }
}

impl Accepts {
    /// The meaning of a test on an attribute of a type.
    pub fn of(ty: &Type, test: &Test) -> Accepts {
        match (ty, test) {
            (Type::Int | Type::Money | Type::Percent, Test::Compare(..) | Test::Between(..)) => {
                match NumKind::of(ty).and_then(|k| Some((k, Interval::of_test(k, test)?))) {
                    Some((kind, interval)) => Accepts::Numbers(kind, interval),
                    None => Accepts::Nothing,
                }
            }
            (Type::Bool, Test::Bool(b)) => Accepts::Bool(*b),
            (Type::Enum(e), Test::In(listed)) => Accepts::Leaves(sorted(
                listed.iter().flat_map(|&v| e.leaves_under(v)).collect(),
            )),
            (Type::Enum(e), Test::Rank(cmp, r)) => {
                Accepts::Leaves(e.leaves().filter(|&v| rank_holds(*cmp, v, *r)).collect())
            }
            (Type::Enum(e), Test::RankBetween(lo, hi)) => {
                Accepts::Leaves(e.leaves().filter(|v| lo <= v && v <= hi).collect())
            }
            (Type::Set(_), Test::Has(v)) => Accepts::SetAny(vec![*v]),
            (Type::Set(_), Test::HasAny(vs)) => Accepts::SetAny(sorted(vs.clone())),
            (Type::Set(_), Test::HasAll(vs)) => Accepts::SetAll(sorted(vs.clone())),
            _ => Accepts::Nothing,
        }
    }

    /// The truth of the test for a known value. `e` is the attribute's enum (for enum tests);
    /// a value of the wrong kind is accepted by nothing.
    pub fn truth(&self, e: Option<&EnumType>, value: &Value) -> Truth {
        match (self, value) {
            (Accepts::Numbers(kind, interval), Value::Num(n)) => {
                Truth::from_bool(kind.contains(*n) && interval.contains(*n))
            }
            (Accepts::Bool(b), Value::Bool(v)) => Truth::from_bool(b == v),
            (Accepts::Leaves(_), Value::Enum(v)) => match e {
                Some(e) => self.enum_truth(e, *v),
                None => Truth::False,
            },
            (Accepts::SetAny(listed), Value::Set(held)) => {
                Truth::from_bool(listed.iter().any(|x| held.binary_search(x).is_ok()))
            }
            (Accepts::SetAll(listed), Value::Set(held)) => {
                Truth::from_bool(listed.iter().all(|x| held.binary_search(x).is_ok()))
            }
            _ => Truth::False,
        }
    }

    /// The truth of an enum test for a value of the enum, leaf or inner node: true when every
    /// leaf under it is accepted, false when none is, unknown otherwise.
    pub fn enum_truth(&self, e: &EnumType, v: u32) -> Truth {
        let Accepts::Leaves(accepted) = self else {
            return Truth::False;
        };
        let (mut any, mut all) = (false, true);
        for leaf in e.leaves_under(v) {
            if accepted.binary_search(&leaf).is_ok() {
                any = true;
            } else {
                all = false;
            }
        }
        match (any, all) {
            (true, true) => Truth::True,
            (false, _) => Truth::False,
            (true, false) => Truth::Unknown,
        }
    }

    /// The truth for every value of an enum, in the enum's order: the table the compiled
    /// evaluator and value-table targets use.
    pub fn enum_table(&self, e: &EnumType) -> Vec<Truth> {
        (0..e.values.len() as u32)
            .map(|v| self.enum_truth(e, v))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sema::ir::{EnumValue, Type};
    use crate::source::Span;

    fn enum_type(spec: &[(&str, Option<u32>, u32)], ordered: bool) -> EnumType {
        EnumType::new(
            ordered,
            spec.iter()
                .map(|&(name, parent, subtree_end)| EnumValue {
                    name: name.into(),
                    label: None,
                    parent,
                    subtree_end,
                    span: Span::default(),
                })
                .collect(),
        )
    }

    /// A coarse value is decided only when its leaves agree.
    #[test]
    fn coarse_values_decide_only_when_their_leaves_agree() {
        // emea { uk, de }, us
        let e = enum_type(
            &[
                ("emea", None, 3),
                ("uk", Some(0), 2),
                ("de", Some(0), 3),
                ("us", None, 4),
            ],
            false,
        );
        let ty = Type::Enum(e.clone());
        let t = |test: Test, v: u32| Accepts::of(&ty, &test).truth(Some(&e), &Value::Enum(v));
        assert_eq!(t(Test::In(vec![0]), 0), Truth::True);
        assert_eq!(t(Test::In(vec![1]), 0), Truth::Unknown);
        assert_eq!(t(Test::In(vec![3]), 0), Truth::False);
        assert_eq!(t(Test::In(vec![1, 2]), 0), Truth::True);
        assert_eq!(t(Test::In(vec![0]), 2), Truth::True);
        assert_eq!(t(Test::In(vec![1]), 2), Truth::False);
    }

    #[test]
    fn sets_of_any_size() {
        let ty = Type::Set(enum_type(&[], false));
        let held: Vec<u32> = (0..5000).step_by(7).collect();
        let v = Value::Set(held);
        assert_eq!(
            Accepts::of(&ty, &Test::Has(4998)).truth(None, &v),
            Truth::from_bool(4998 % 7 == 0)
        );
        assert_eq!(
            Accepts::of(&ty, &Test::Has(4991)).truth(None, &v),
            Truth::True
        );
        assert_eq!(
            Accepts::of(&ty, &Test::Has(250)).truth(None, &v),
            Truth::False
        );
        assert_eq!(
            Accepts::of(&ty, &Test::HasAll(vec![4991, 7, 0])).truth(None, &v),
            Truth::True
        );
        assert_eq!(
            Accepts::of(&ty, &Test::HasAny(vec![1, 2, 3])).truth(None, &v),
            Truth::False
        );
    }

    /// A test that does not fit its type accepts nothing.
    #[test]
    fn mismatched_tests_accept_nothing() {
        assert_eq!(Accepts::of(&Type::Bool, &Test::Has(0)), Accepts::Nothing);
        assert_eq!(
            Accepts::Nothing.truth(None, &Value::Bool(true)),
            Truth::False
        );
    }
}
