//! The `diff` target: bytes as two versions of a spec, through `icpl diff`.
//!
//! The input is the old version's file, a NUL byte, and the new version's. Without a NUL
//! byte, the new version is the old one as `icpl fmt` writes it. Each version is compiled as
//! `icpl diff` compiles it (without the lints); versions with errors are not compared, as the
//! command refuses them.
//!
//! What must hold, whatever the bytes:
//!
//! - nothing panics, and every form of the report is written (the JSON one is JSON, of its
//!   format);
//! - a version compared with itself, and a version compared with its formatted text, changes
//!   no rule (formatting never changes what a spec means) and no text;
//! - a report that says the rules did not change has no entry whose rules changed.

use icpl::compile::{Compilation, Options, compile_with};
use icpl::diff::{self, Report, Version, render};
use icpl::fmt::format_file;

use super::spec::{check_diagnostics, load_files};

/// Compiles one version as `icpl diff` does; `None` when it has errors.
fn version(name: &str, bytes: &[u8]) -> Option<Compilation> {
    let comp = compile_with(
        load_files(vec![(name.to_string(), bytes)]),
        Options::rules_only(),
    );
    check_diagnostics(&comp.diagnostics, comp.map(), name);
    (!comp.has_errors()).then_some(comp)
}

/// Runs `icpl diff` on an input; panics when a promise does not hold.
pub fn diff(data: &[u8]) {
    let parts = super::parts(data, 2);
    let old_bytes = parts.first().copied().unwrap_or_default();
    let Some(old) = version("old.icp", old_bytes) else {
        return;
    };
    match parts.get(1) {
        Some(new_bytes) => {
            let Some(new) = version("new.icp", new_bytes) else {
                return;
            };
            let report = compare(&old, &new);
            if old_bytes == *new_bytes {
                unchanged(&report, "a version compared with a copy of itself");
            }
            unchanged(&compare(&new, &new), "a version compared with itself");
        }
        None => {
            let Some(id) = old.map().file_ids().last() else {
                return; // nothing was read (an input past the size limit)
            };
            let text = &old.map().file(id).text;
            // `version` refuses a spec with syntax errors, so the text formats.
            let formatted = format_file(text)
                .unwrap_or_else(|e| panic!("a spec without errors does not format: {e:?}"));
            let Some(new) = version("new.icp", formatted.as_bytes()) else {
                panic!("the formatted spec has errors:\n{formatted}");
            };
            unchanged(
                &compare(&old, &new),
                "a version compared with its formatted text",
            );
        }
    }
}

/// Diffs two versions and writes the report in every form.
fn compare(old: &Compilation, new: &Compilation) -> Report {
    let report = diff::diff(
        &Version {
            label: "old".into(),
            spec: &old.spec,
            map: old.map(),
        },
        &Version {
            label: "new".into(),
            spec: &new.spec,
            map: new.map(),
        },
    );
    let json = render::json(&report);
    let doc: serde_json::Value = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("the JSON report is not JSON ({e}):\n{json}"));
    assert_eq!(doc["format"], diff::FORMAT, "{json}");
    let _ = render::human(&report);
    let _ = render::markdown(&report);
    let _ = render::headline(&report);
    if !report.rules_changed {
        let changed: Vec<&str> = report
            .icps
            .iter()
            .chain(&report.personas)
            .filter(|e| e.rules_changed)
            .map(|e| e.id.as_str())
            .collect();
        assert!(
            changed.is_empty(),
            "the report says no rule changed, but these did: {changed:?}"
        );
    }
    report
}

/// A report of two versions that mean the same.
fn unchanged(report: &Report, what: &str) {
    assert!(
        !report.rules_changed,
        "{what}: the report says the rules changed:\n{}",
        render::human(report)
    );
    assert!(
        !report.any_change(),
        "{what}: the report shows a change:\n{}",
        render::human(report)
    );
}
