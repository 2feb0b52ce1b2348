//! Fixture-driven tests: each input file under `tests/fixtures/<stage>/` has its insta snapshot
//! beside it. Adding a case is adding a file (then `cargo insta review`).
//!
//! - `syntax/*.icp`, `check/*.icp`, `lints/*.icp`: the human-readable diagnostics (no colours,
//!   100 columns).
//! - `build/*.icp`: the compiled JSON rules, which must also validate against the JSON Schema.
//! - `brief/*.icp`: every generated Markdown brief.

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

use std::path::Path;

use icpl::diagnostics::render::{HumanStyle, human};
use icpl::emit::{brief, json};

use common::snapshot_beside;

/// Diagnostics of a file as a user sees them; the file must produce at least one.
fn diagnostics_text(path: &Path) -> String {
    let comp = common::compile_file(path);
    assert!(
        !comp.diagnostics.is_empty(),
        "{} is a diagnostics fixture but produces no diagnostic",
        path.display()
    );
    human(&comp.diagnostics, comp.map(), HumanStyle::plain())
}

#[test]
fn syntax_errors() {
    insta::glob!("fixtures/syntax/*.icp", |path| {
        let text = diagnostics_text(path);
        snapshot_beside(path, || insta::assert_snapshot!("syntax", text));
    });
}

#[test]
fn check_errors() {
    insta::glob!("fixtures/check/*.icp", |path| {
        let text = diagnostics_text(path);
        snapshot_beside(path, || insta::assert_snapshot!("check", text));
    });
}

#[test]
fn lint_findings() {
    insta::glob!("fixtures/lints/*.icp", |path| {
        let text = diagnostics_text(path);
        snapshot_beside(path, || insta::assert_snapshot!("lints", text));
    });
}

#[test]
fn compiled_rules() {
    let validator = common::rules_validator();
    insta::glob!("fixtures/build/*.icp", |path| {
        let comp = common::compile_file(path);
        common::assert_no_errors(&comp);
        let rules = json::to_string(&json::rules(&comp.spec, comp.map(), &comp.config));
        common::assert_valid_rules(&validator, &rules, path);
        snapshot_beside(path, || insta::assert_snapshot!("build", rules));
    });
}

#[test]
fn briefs() {
    insta::glob!("fixtures/brief/*.icp", |path| {
        let comp = common::compile_file(path);
        common::assert_no_errors(&comp);
        let text = brief::briefs(&comp.spec, &comp.config)
            .iter()
            .map(|f| format!("==> {} <==\n{}", f.name, f.text))
            .collect::<Vec<_>>()
            .join("\n");
        snapshot_beside(path, || insta::assert_snapshot!("brief", text));
    });
}

/// The example project compiles cleanly, its rules validate, and both outputs are pinned.
#[test]
fn example_project() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let comp = icpl::compile::compile_path(&root).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        comp.diagnostics.is_empty(),
        "specs/ must check cleanly:\n{}",
        human(&comp.diagnostics, comp.map(), HumanStyle::plain())
    );
    let rules = json::to_string(&json::rules(&comp.spec, comp.map(), &comp.config));
    common::assert_valid_rules(&common::rules_validator(), &rules, &root);
    let briefs = brief::briefs(&comp.spec, &comp.config)
        .iter()
        .map(|f| format!("==> {} <==\n{}", f.name, f.text))
        .collect::<Vec<_>>()
        .join("\n");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!("example_project_rules", rules);
        insta::assert_snapshot!("example_project_briefs", briefs);
    });
}
