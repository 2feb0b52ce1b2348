//! The semantic core: what every criterion means, in one place.
//!
//! - [`number`]: the number domain, and the interval a numeric test accepts;
//! - [`test`]: what a test accepts for a value of every type (numbers, bools, enums including
//!   coarse inner nodes, sets of any size);
//! - [`truth`]: three-valued truth, Kleene's connectives, and the [`truth::Logic`] trait that
//!   every back end states criteria in;
//! - [`profile`]: when an ICP or a persona holds, and the status that gives;
//! - [`score`]: fit scores, score ranges under unknown signals, tiers and their bands.
//!
//! The reference and compiled evaluators, the SAT encoding, the lints, the diff and the emitters
//! derive the meaning of a criterion from here; where a back end restates a rule in its own
//! terms (a SAT encoding, a JsonLogic guard), the conformance harness in `tests/conformance.rs`
//! holds it to the reference evaluator on the same cases.

pub mod number;
pub mod profile;
pub mod score;
pub mod test;
pub mod truth;
