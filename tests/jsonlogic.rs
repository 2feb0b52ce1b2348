//! The JsonLogic target: what it refuses. Its agreement with the other back ends (ICP statuses
//! and signals under json-logic-js and json-logic-engine) is checked by the conformance harness
//! in `tests/conformance.rs`.

// Test code states its expectations by panicking: the no-panic rule (the `[lints.clippy]`
// table of Cargo.toml) is for library code. `#[test]` functions are exempt through clippy.toml;
// this covers the helpers too.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::unreachable,
    clippy::indexing_slicing
)]

mod common;

/// Constants that doubles cannot compare exactly are refused, with where they are; whole
/// numbers and short decimals are written.
#[test]
fn constants_engines_cannot_compare_exactly_are_refused() {
    let spec = |criterion: &str| {
        let text = format!(
            "account {{\n  revenue: money\n  employees: int\n}}\nicp t {{\n  require {criterion}\n}}\n"
        );
        let comp = common::compile_text_unlinted(&text);
        common::assert_no_errors(&comp);
        comp
    };
    for ok in [
        "revenue > $0.3",
        "employees <= 9007199254740991",
        "revenue > $123456789012.345",
        "revenue in $0.000000000000000001..$1",
    ] {
        let comp = spec(ok);
        assert!(icpl::emit::jsonlogic::document(&comp.spec).is_ok(), "{ok}");
    }
    for bad in [
        "revenue > $0.30000000000000001",
        "revenue in $1..$1234567890123.4567",
        "not (revenue == $0.1000000000000001)",
    ] {
        let comp = spec(bad);
        let problems = icpl::emit::jsonlogic::document(&comp.spec)
            .err()
            .unwrap_or_else(|| panic!("{bad} was written"));
        assert_eq!(problems.len(), 1, "{bad}");
        assert_eq!(problems[0].code, "inexact-constant", "{bad}");
        let span = problems[0].primary_span().unwrap_or_default();
        assert!(comp.map().slice(span).starts_with("revenue"), "{bad}");
    }
}
