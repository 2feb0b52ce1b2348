//! What a numeric test means: the closed interval of numbers it accepts.
//!
//! Every numeric test (`<`, `<=`, `>`, `>=`, `==`, `in a..b`) accepts exactly the numbers of one
//! closed interval of the attribute's domain: the whole numbers within ±[`MAX_WHOLE`] for `int`,
//! every exact decimal of [`crate::num`] within the same bounds for `money` and `percent`.
//! Because the domain is discrete (steps of one for `int`, of 10^-18 otherwise), a strict bound
//! is the next number inside it: `x < c` is `x <= c - step`. The evaluators compare a value with
//! the interval, the SAT encoding turns it into two bounds of an order chain, the lints and the
//! diff compare intervals, and emitters for other systems restate the test from it.
//!
//! [`MAX_WHOLE`]: crate::num::MAX_WHOLE

use crate::num::Num;
use crate::sema::ir::{Cmp, Test, Type};

/// The kind of numbers an attribute holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumKind {
    /// Whole numbers (`int`).
    Whole,
    /// Exact decimals (`money`, `percent`).
    Decimal,
}

impl NumKind {
    /// The kind of a numeric type; `None` for other types.
    pub fn of(ty: &Type) -> Option<NumKind> {
        match ty {
            Type::Int => Some(NumKind::Whole),
            Type::Money | Type::Percent => Some(NumKind::Decimal),
            _ => None,
        }
    }

    /// The distance between neighbouring numbers of the domain, in units of 10^-18.
    pub fn step(self) -> i128 {
        match self {
            NumKind::Whole => Num::ONE.units(),
            NumKind::Decimal => Num::UNIT.units(),
        }
    }

    /// Whether a number belongs to the domain (every number does for decimals; whole ones for
    /// `int`).
    pub fn contains(self, n: Num) -> bool {
        self == NumKind::Decimal || n.is_whole()
    }

    /// The largest number of the domain at most `units` (units of 10^-18), or `None` below the
    /// domain. Values above the domain give its largest number.
    pub fn at_most(self, units: i128) -> Option<Num> {
        let units = units.min(Num::MAX.units());
        let units = match self {
            NumKind::Whole => units.div_euclid(Num::ONE.units()) * Num::ONE.units(),
            NumKind::Decimal => units,
        };
        Num::from_units(units)
    }

    /// The smallest number of the domain at least `units`, or `None` above the domain. Values
    /// below the domain give its smallest number.
    pub fn at_least(self, units: i128) -> Option<Num> {
        let units = units.max(Num::MIN.units());
        let units = match self {
            NumKind::Whole => -((-units).div_euclid(Num::ONE.units())) * Num::ONE.units(),
            NumKind::Decimal => units,
        };
        Num::from_units(units)
    }
}

/// A closed interval `lo..=hi` of the domain; empty when no number of the domain is in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Interval {
    /// The smallest and largest numbers accepted; `None` when the interval is empty.
    pub bounds: Option<(Num, Num)>,
}

impl Interval {
    pub const EMPTY: Interval = Interval { bounds: None };

    /// The numbers of the domain between `lo` and `hi` (units of 10^-18, both included).
    pub fn new(kind: NumKind, lo: i128, hi: i128) -> Interval {
        let bounds = match (kind.at_least(lo), kind.at_most(hi)) {
            (Some(l), Some(h)) if l <= h => Some((l, h)),
            _ => None,
        };
        Interval { bounds }
    }

    /// The whole domain of a kind.
    pub fn all(kind: NumKind) -> Interval {
        Interval::new(kind, Num::MIN.units(), Num::MAX.units())
    }

    /// The interval a comparison `x cmp c` accepts.
    pub fn compare(kind: NumKind, cmp: Cmp, c: Num) -> Interval {
        let c = c.units();
        let (min, max) = (Num::MIN.units(), Num::MAX.units());
        // A strict bound is the neighbouring number: the largest number below `c` is at most
        // `c - 10^-18`, whatever the kind (`at_most` rounds down to the domain).
        match cmp {
            Cmp::Eq => Interval::new(kind, c, c),
            Cmp::Lt => Interval::new(kind, min, c - 1),
            Cmp::Le => Interval::new(kind, min, c),
            Cmp::Gt => Interval::new(kind, c + 1, max),
            Cmp::Ge => Interval::new(kind, c, max),
        }
    }

    /// The interval a numeric test accepts; `None` for a test that is not numeric.
    pub fn of_test(kind: NumKind, test: &Test) -> Option<Interval> {
        match test {
            Test::Compare(cmp, c) => Some(Interval::compare(kind, *cmp, *c)),
            Test::Between(lo, hi) => Some(Interval::new(kind, lo.units(), hi.units())),
            _ => None,
        }
    }

    pub fn is_empty(self) -> bool {
        self.bounds.is_none()
    }

    pub fn contains(self, n: Num) -> bool {
        self.bounds.is_some_and(|(lo, hi)| lo <= n && n <= hi)
    }

    /// The numbers in both intervals.
    pub fn intersect(self, other: Interval) -> Interval {
        let bounds = match (self.bounds, other.bounds) {
            (Some((a, b)), Some((c, d))) if a.max(c) <= b.min(d) => Some((a.max(c), b.min(d))),
            _ => None,
        };
        Interval { bounds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::parse_decimal;

    fn n(t: &str) -> Num {
        parse_decimal(t).unwrap_or_default()
    }

    #[test]
    fn strict_bounds_are_the_neighbouring_number() {
        let i = Interval::compare(NumKind::Whole, Cmp::Lt, n("6"));
        assert_eq!(i.bounds, Some((Num::MIN, n("5"))));
        let g = Interval::compare(NumKind::Whole, Cmp::Gt, n("5"));
        assert!(i.intersect(g).is_empty());
        let m = Interval::compare(NumKind::Decimal, Cmp::Lt, n("6"));
        let mg = Interval::compare(NumKind::Decimal, Cmp::Gt, n("5"));
        assert_eq!(
            m.intersect(mg).bounds,
            Some((n("5.000000000000000001"), n("5.999999999999999999")))
        );
        let a = Interval::compare(NumKind::Decimal, Cmp::Gt, n("0.3"));
        let b = Interval::compare(NumKind::Decimal, Cmp::Lt, n("0.30000000000000001"));
        assert!(!a.intersect(b).is_empty());
    }

    #[test]
    fn intervals_stop_at_the_domain() {
        assert!(Interval::compare(NumKind::Whole, Cmp::Gt, Num::MAX).is_empty());
        assert!(Interval::compare(NumKind::Decimal, Cmp::Gt, Num::MAX).is_empty());
        assert!(Interval::compare(NumKind::Whole, Cmp::Lt, Num::MIN).is_empty());
        assert_eq!(
            Interval::compare(NumKind::Whole, Cmp::Ge, Num::MAX).bounds,
            Some((Num::MAX, Num::MAX))
        );
        assert_eq!(
            Interval::all(NumKind::Whole).bounds,
            Some((Num::MIN, Num::MAX))
        );
        // A fraction on a whole-number attribute: `x == 2.5` holds for no whole number.
        assert!(Interval::compare(NumKind::Whole, Cmp::Eq, n("2.5")).is_empty());
        assert_eq!(
            Interval::compare(NumKind::Whole, Cmp::Lt, n("2.5")).bounds,
            Some((Num::MIN, n("2")))
        );
    }
}
