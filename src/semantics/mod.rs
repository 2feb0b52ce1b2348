//! The semantic core: what every criterion means, in one place.
//!
//! The evaluators, the SAT encoding, the lints, the diff and the emitters all derive the meaning
//! of a test from here, so that a criterion means the same thing in each of them.

pub mod number;
