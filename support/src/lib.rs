//! Test support for icpl, shared by the root crate's integration tests (a dev-dependency) and by
//! the benchmark harness in `bench/` (a dependency):
//!
//! - [`rng`]: the one deterministic pseudo-random generator (SplitMix64), so that every
//!   generated spec and record is the same on every run and machine;
//! - [`generate`]: random specs over every attribute type (sets of 1 to 5,000 values, coarse
//!   enum values, numbers at the ends of the domain) and random records for any spec;
//! - [`small`]: a schema small enough that every account can be enumerated, with property-test
//!   strategies for random ICPs over it (feature `proptest`);
//! - [`brute`]: brute-force answers (does an account match, its score, its tier) from the
//!   reference evaluator and the semantic core (`icpl::semantics`), to check the exact analysis,
//!   the diff and the other back ends against;
//! - [`catalogue`]: a large, realistic, clean spec (thousands of ICPs and personas) for the
//!   benchmarks and the tests that need a spec of that shape;
//! - [`fuzz`]: what each fuzz target of `fuzz/` does with its input and checks, shared by the
//!   targets (nightly, cargo-fuzz) and `tests/fuzz_regressions.rs` (stable), which replays
//!   every saved input.
//!
//! The root crate's integration tests use this crate through the normal `icpl` library, so the
//! dev-dependency cycle (`icpl` → `icpl-testkit` → `icpl`) links one `icpl` and its types agree;
//! the library's own unit tests do not use it.

pub mod brute;
pub mod catalogue;
pub mod fuzz;
pub mod generate;
pub mod rng;
pub mod small;

pub use rng::Rng;
