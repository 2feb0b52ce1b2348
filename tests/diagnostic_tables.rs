//! Table-driven diagnostic cases: every `tests/fixtures/diagnostics/*.toml` file holds one class
//! of mistake as a table of cases. Each case is a small spec (with the shared schema in
//! `schema.icp` unless it says `schema = false`) and the diagnostics it must give: exactly
//! those, each with its code, message, help and the source text it underlines. A case may also
//! give `fixed`, the text its help leads to, which must then check without errors (so a help
//! that shows the wrong syntax fails too).
//!
//! ```toml
//! [[case]]
//! name = "a list in parentheses"
//! source = "icp x { require industry in (saas, fintech) }"
//! code = "syntax-error"                       # one expected diagnostic, given inline ...
//! message = "a list is written in square brackets"
//! underlined = "(saas, fintech)"
//! help = "write `in [saas, fintech]`"
//! fixed = "icp x { require industry in [saas, fintech] }"
//! # ... or several as `[[case.expect]]` tables with the same keys (and `file`, `label`,
//! # `others`: the underlined texts of the secondary labels).
//! ```

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

use std::fmt::Write as _;
use std::path::Path;

use icpl::compile::Compilation;
use icpl::diagnostics::render::{HumanStyle, human};
use icpl::diagnostics::{Diagnostic, Severity};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// The text of `case.icp`.
    source: Option<String>,
    /// Several files by name, instead of `source`.
    #[serde(default)]
    files: std::collections::BTreeMap<String, String>,
    /// Whether to add the shared schema as `schema.icp` (default true).
    schema: Option<bool>,
    // One expected diagnostic, inline (the keys of [`Expect`]).
    code: Option<String>,
    message: Option<String>,
    underlined: Option<String>,
    help: Option<String>,
    label: Option<String>,
    file: Option<String>,
    others: Option<Vec<String>>,
    severity: Option<String>,
    #[serde(default)]
    expect: Vec<Expect>,
    /// The source after following the help: it must check without errors.
    fixed: Option<String>,
}

#[derive(Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expect {
    code: Option<String>,
    message: Option<String>,
    underlined: Option<String>,
    help: Option<String>,
    label: Option<String>,
    /// The file the diagnostic points into (default `case.icp`, or the case's only file).
    file: Option<String>,
    others: Option<Vec<String>>,
    /// `warning` or `info` (default `error`).
    severity: Option<String>,
}

fn schema_text() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagnostics/schema.icp");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn compile(files: Vec<(String, String)>) -> Compilation {
    let loaded = icpl::source::load_texts(Path::new("/spec"), files);
    icpl::compile::compile_with(loaded, common::options())
}

fn case_files(case: &Case, source: Option<&str>) -> Vec<(String, String)> {
    let mut files = Vec::new();
    if case.schema.unwrap_or(true) {
        files.push(("schema.icp".to_string(), schema_text()));
    }
    match source {
        Some(s) => files.push(("case.icp".to_string(), s.to_string())),
        None => files.extend(case.files.iter().map(|(k, v)| (k.clone(), v.clone()))),
    }
    files
}

/// The differences between what a case expects and what it gave (empty when it passes).
fn run_case(case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    let comp = compile(case_files(case, case.source.as_deref()));
    let diags = &comp.diagnostics;
    let inline = Expect {
        code: case.code.clone(),
        message: case.message.clone(),
        underlined: case.underlined.clone(),
        help: case.help.clone(),
        label: case.label.clone(),
        file: case.file.clone(),
        others: case.others.clone(),
        severity: case.severity.clone(),
    };
    let mut expects: Vec<&Expect> = case.expect.iter().collect();
    if inline.code.is_some() || inline.message.is_some() {
        expects.insert(0, &inline);
    }
    if diags.len() != expects.len() {
        problems.push(format!(
            "expected {} diagnostic(s), got {}",
            expects.len(),
            diags.len()
        ));
    }
    let default_file = if case.source.is_some() || case.files.len() != 1 {
        "case.icp".to_string()
    } else {
        case.files.keys().next().cloned().unwrap_or_default()
    };
    for (i, (e, d)) in expects.iter().zip(diags).enumerate() {
        let mut check = |what: &str, want: Option<&str>, got: Option<&str>| {
            if want != got {
                problems.push(format!(
                    "diagnostic {}: {what}\n      want {want:?}\n       got {got:?}",
                    i + 1
                ));
            }
        };
        check("code", e.code.as_deref(), Some(d.code.as_str()));
        check("message", e.message.as_deref(), Some(&d.message));
        check("help", e.help.as_deref(), d.help.as_deref());
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        check(
            "severity",
            Some(e.severity.as_deref().unwrap_or("error")),
            Some(severity),
        );
        let primary = d.labels.iter().find(|l| l.primary);
        let underlined = primary.map(|l| comp.map().slice(l.span));
        check("underlined", e.underlined.as_deref(), underlined);
        if let Some(label) = &e.label {
            check(
                "label",
                Some(label),
                primary.and_then(|l| l.message.as_deref()),
            );
        }
        let file = primary
            .and_then(|l| comp.map().file_of(l.span))
            .map(|f| f.name.as_str());
        check(
            "file",
            Some(e.file.as_deref().unwrap_or(&default_file)),
            file,
        );
        if let Some(others) = &e.others {
            let got: Vec<&str> = d
                .labels
                .iter()
                .filter(|l| !l.primary)
                .map(|l| comp.map().slice(l.span))
                .collect();
            if got != *others {
                problems.push(format!(
                    "diagnostic {}: other labels\n      want {others:?}\n       got {got:?}",
                    i + 1
                ));
            }
        }
    }
    if let Some(fixed) = &case.fixed {
        let comp = compile(case_files(case, Some(fixed)));
        let errors: Vec<Diagnostic> = comp
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        if !errors.is_empty() {
            problems.push(format!(
                "the fixed text still has errors:\n{}",
                human(&errors, comp.map(), HumanStyle::plain())
            ));
        }
    }
    if !problems.is_empty() {
        problems.push(format!(
            "all diagnostics:\n{}",
            human(diags, comp.map(), HumanStyle::plain())
        ));
    }
    problems
}

#[test]
fn diagnostic_tables() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagnostics");
    let mut tables: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    tables.sort();
    assert!(!tables.is_empty(), "no tables in {}", dir.display());
    let mut report = String::new();
    let mut cases = 0;
    for path in &tables {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let table: Table = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not a case table: {e}", path.display()));
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for case in &table.case {
            cases += 1;
            assert!(
                case.source.is_some() == case.files.is_empty(),
                "{file}: case `{}` needs either `source` or `files`",
                case.name
            );
            for problem in run_case(case) {
                let _ = writeln!(report, "{file}: {}: {problem}", case.name);
            }
        }
    }
    assert!(report.is_empty(), "{report}");
    assert!(cases > 0);
}
