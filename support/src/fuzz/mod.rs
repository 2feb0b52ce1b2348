//! The fuzz harness: what each fuzz target of `fuzz/` does with its bytes, and what it checks.
//!
//! The fuzz targets (`fuzz/fuzz_targets/*.rs`, nightly, cargo-fuzz) are one line each: they
//! hand their input to a function here. `tests/fuzz_regressions.rs` (stable) runs the same
//! functions on every input under `fuzz/regressions/` and `fuzz/corpus/`, so an input that
//! once crashed, hung or broke a promise is replayed by `cargo test` for good.
//!
//! Each function drives the library entry points a user reaches, the way the command line and
//! the language server call them, and panics when a promise does not hold:
//!
//! - [`spec`]: one spec (one file, or several split from the input) through parsing,
//!   checking, the lints with their work budget, every emitter and diagnostic renderer, the
//!   formatter (idempotent, keeps the comments and the meaning) and the editor queries;
//! - [`records`]: record files (CSV or JSON Lines) read against a fixed spec, evaluated by the
//!   reference and the compiled evaluator (which must agree), and written as `icpl match`
//!   writes them;
//! - [`lsp`]: a byte stream to the language server: its framing, then every message;
//! - [`diff`]: two versions of a spec through `icpl diff`.
//!
//! A panic anywhere (in the library, or an assertion here) is what the fuzzer reports.

pub mod diff;
pub mod lsp;
pub mod records;
pub mod spec;

use icpl::compile::Options;
use icpl::sema::date::Date;

/// The options every target compiles with: the lints on, at a fixed date, so that
/// `stale-review` (and so every run) gives the same answer on every day.
pub fn options() -> Options {
    Options {
        lints: true,
        today: Date::parse("2026-11-22"),
    }
}

/// The parts of an input separated by NUL bytes (no spec, record file or message holds one
/// that matters), at most `n` of them: the last part keeps any further NULs.
fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    data.splitn(n, |&b| b == 0).collect()
}
