//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod profiles;

use std::path::Path;

use icpl::compile::Compilation;
use icpl::diagnostics::Severity;
use icpl::diagnostics::render::{HumanStyle, human};

/// The date tests compile at, so that `stale-review` gives the same answer every day.
pub fn today() -> icpl::sema::date::Date {
    icpl::sema::date::Date::parse("2026-11-22").unwrap_or_else(|| panic!("a valid date"))
}

/// Compile options for tests: lints on, at the fixed date.
pub fn options() -> icpl::compile::Options {
    icpl::compile::Options {
        lints: true,
        today: Some(today()),
    }
}

/// Compiles in-memory text without running the lints.
pub fn compile_text_unlinted(text: &str) -> Compilation {
    let loaded =
        icpl::source::load_texts(Path::new("/spec"), vec![("test.icp".into(), text.into())]);
    icpl::compile::compile_with(
        loaded,
        icpl::compile::Options {
            lints: false,
            today: None,
        },
    )
}

pub fn compile_file(path: &Path) -> Compilation {
    let loaded = icpl::source::load_spec(path)
        .unwrap_or_else(|e| panic!("cannot load {}: {e}", path.display()));
    icpl::compile::compile_with(loaded, options())
}

/// Compiles in-memory text as a one-file spec.
pub fn compile_text(text: &str) -> Compilation {
    let loaded =
        icpl::source::load_texts(Path::new("/spec"), vec![("test.icp".into(), text.into())]);
    icpl::compile::compile_with(loaded, options())
}

pub fn assert_no_errors(comp: &Compilation) {
    let errors: Vec<_> = comp
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    assert!(
        errors.is_empty(),
        "unexpected errors:\n{}",
        human(&errors, comp.map(), HumanStyle::plain())
    );
}

pub fn rules_validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(icpl::emit::RULES_SCHEMA)
        .unwrap_or_else(|e| panic!("the rules schema is not JSON: {e}"));
    jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("the rules schema is invalid: {e}"))
}

pub fn assert_valid_rules(validator: &jsonschema::Validator, rules: &str, origin: &Path) {
    let doc: serde_json::Value = serde_json::from_str(rules)
        .unwrap_or_else(|e| panic!("{}: output is not JSON: {e}", origin.display()));
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{}: compiled rules do not match the JSON Schema:\n{}",
        origin.display(),
        errors.join("\n")
    );
}

/// Runs `f` with insta writing its snapshots beside the fixture at `path`.
pub fn snapshot_beside(path: &Path, f: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(path.parent().unwrap_or(Path::new(".")));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(f);
}

/// The codes of a compilation's diagnostics, in order.
pub fn codes(comp: &Compilation) -> Vec<String> {
    comp.diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect()
}
