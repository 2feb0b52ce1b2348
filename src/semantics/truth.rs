//! Three-valued truth and the connectives, once for every back end.
//!
//! Evaluation is three-valued (Kleene): a criterion on a missing attribute is *unknown*, never
//! false; `and` is false when any operand is false, `or` true when any is true, and unknown
//! otherwise when any operand is unknown; `not` swaps true and false and keeps unknown.
//!
//! A [`Logic`] is anything a criterion can be stated in: [`Kleene`] truths for the reference
//! evaluator, bit-packed truths for the compiled evaluator, solver literals for the analysis,
//! JsonLogic expressions for that target. [`crate::semantics::profile`] states when an ICP or a
//! persona holds once, generically over a logic, so each back end inherits the same rule.

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

/// A logic that criteria can be stated in: constants, negation, conjunction and disjunction.
///
/// Every implementation must agree with [`Kleene`] on three-valued inputs (for two-valued
/// logics such as solver literals, on the two values they have); the conformance harness
/// checks each back end against the reference evaluator.
pub trait Logic {
    /// A statement in this logic.
    type V;

    /// `true` or `false`.
    fn constant(&self, b: bool) -> Self::V;

    /// The negation of a statement.
    fn negate(x: Self::V) -> Self::V;

    /// The conjunction of statements (`true` for none).
    fn all(&mut self, xs: impl IntoIterator<Item = Self::V>) -> Self::V;

    /// The disjunction of statements (`false` for none).
    fn any(&mut self, xs: impl IntoIterator<Item = Self::V>) -> Self::V;
}

/// Kleene's three-valued logic over [`Truth`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Kleene;

impl Logic for Kleene {
    type V = Truth;

    fn constant(&self, b: bool) -> Truth {
        Truth::from_bool(b)
    }

    fn negate(x: Truth) -> Truth {
        !x
    }

    fn all(&mut self, xs: impl IntoIterator<Item = Truth>) -> Truth {
        Truth::all(xs)
    }

    fn any(&mut self, xs: impl IntoIterator<Item = Truth>) -> Truth {
        Truth::any(xs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Truth; 3] = [Truth::True, Truth::False, Truth::Unknown];

    /// The connectives are Kleene's strong three-valued ones: the truth tables, written out.
    #[test]
    fn connectives_follow_kleene_tables() {
        use Truth::{False as F, True as T, Unknown as U};
        let and = [[T, F, U], [F, F, F], [U, F, U]];
        let or = [[T, T, T], [T, F, U], [T, U, U]];
        for (i, a) in ALL.into_iter().enumerate() {
            for (j, b) in ALL.into_iter().enumerate() {
                assert_eq!(Truth::all([a, b]), and[i][j], "{a:?} and {b:?}");
                assert_eq!(Truth::any([a, b]), or[i][j], "{a:?} or {b:?}");
            }
        }
        assert_eq!([!T, !F, !U], [F, T, U]);
        assert_eq!(Truth::all([]), T);
        assert_eq!(Truth::any([]), F);
    }
}
