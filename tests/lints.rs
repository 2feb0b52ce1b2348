//! The lint catalogue: the registry, its documentation, levels, suppressions and the output
//! formats, and every case declared in a lint's own file. Full renderings of larger specs are
//! fixtures under `tests/fixtures/lints/` (see spec_tests.rs).

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

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use icpl::analysis::lints::{LINTS, Level, catalogue};
use icpl::compile::Compilation;
use icpl::diagnostics::Severity;

/// Compiles files (name, text) as one spec at the fixed test date.
fn compile(files: &[(&str, &str)]) -> Compilation {
    let loaded = icpl::source::load_texts(
        Path::new("/spec"),
        files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
    );
    icpl::compile::compile_with(loaded, common::options())
}

fn codes(comp: &Compilation) -> Vec<String> {
    common::codes(comp)
}

#[test]
fn lint_ids_are_unique_kebab_case_and_documented() {
    let mut seen = BTreeSet::new();
    for l in LINTS {
        assert!(seen.insert(l.id), "lint id `{}` is used twice", l.id);
        assert!(
            l.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "lint id `{}` is not kebab-case",
            l.id
        );
        assert!(!l.summary.is_empty() && !l.explanation.is_empty() && !l.reported_at.is_empty());
    }
}

/// The lines (1-based) where a compilation reports `code`, by primary label.
fn lines_of(comp: &Compilation, code: &str) -> Vec<u32> {
    let mut lines: Vec<u32> = comp
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .filter_map(|d| d.primary_span().and_then(|s| comp.map().range(s)))
        .map(|(_, start, _)| start.line)
        .collect();
    lines.dedup();
    lines
}

/// Every case declared in a lint's file: the lint reports exactly the marked lines, and the
/// case is a valid spec (the only errors are deny-level lints).
#[test]
fn every_case_of_every_lint() {
    let mut failures = Vec::new();
    let mut total = 0;
    for l in LINTS {
        let (reported, passed) = l.cases.iter().partition::<Vec<_>, _>(|c| c.fails());
        assert!(
            !reported.is_empty() && !passed.is_empty(),
            "`{}` needs at least one case it reports and one it passes",
            l.id
        );
        for (k, case) in l.cases.iter().enumerate() {
            total += 1;
            // Lints that are off by default are switched on for their cases.
            let level = if l.default == Level::Allow {
                "warn"
            } else {
                l.default.as_str()
            };
            let config = format!("[lints]\n{} = \"{level}\"\n", l.id);
            let comp = compile(&[("icpl.toml", &config), ("case.icp", case.spec)]);
            let found = lines_of(&comp, l.id);
            let expected = case.marked_lines();
            if found != expected {
                failures.push(format!(
                    "`{}` case {}: reported at lines {found:?}, marked {expected:?}; it gives:\n{}",
                    l.id,
                    k + 1,
                    comp.diagnostics
                        .iter()
                        .map(|d| format!("  {}: {}", d.code, d.message))
                        .collect::<Vec<_>>()
                        .join("\n")
                ));
            }
            for d in &comp.diagnostics {
                if d.severity == Severity::Error
                    && icpl::analysis::lints::lint(d.code.as_str()).is_none()
                {
                    failures.push(format!(
                        "`{}` case {} is not a valid spec: {}: {}",
                        l.id,
                        k + 1,
                        d.code,
                        d.message
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(total >= 2 * LINTS.len());
}

#[test]
fn docs_lints_md_is_the_generated_catalogue() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/lints.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        text == catalogue::markdown(),
        "docs/lints.md is out of date: run `cargo run -- lints --markdown > docs/lints.md`"
    );
}

const OVERLAP: &str = "account { employees: int }\nicp a { require employees > 10 }\nicp b { require employees < 100 }\n";

#[test]
fn levels_come_from_icpl_toml() {
    let default = compile(&[("a.icp", OVERLAP)]);
    assert_eq!(default.diagnostics[0].code, "overlapping-icps");
    assert_eq!(default.diagnostics[0].severity, Severity::Info);

    let denied = compile(&[
        ("icpl.toml", "[lints]\noverlapping-icps = \"deny\"\n"),
        ("a.icp", OVERLAP),
    ]);
    assert_eq!(denied.diagnostics[0].severity, Severity::Error);
    assert!(denied.has_errors());

    let allowed = compile(&[
        ("icpl.toml", "[lints]\noverlapping-icps = \"allow\"\n"),
        ("a.icp", OVERLAP),
    ]);
    assert!(allowed.diagnostics.is_empty());
}

#[test]
fn unknown_lints_and_levels_in_icpl_toml_are_errors() {
    let comp = compile(&[
        (
            "icpl.toml",
            "[lints]\noverlaping-icps = \"warn\"\nstale-review = \"loud\"\n",
        ),
        ("a.icp", OVERLAP),
    ]);
    assert_eq!(codes(&comp), ["unknown-lint", "invalid-config"]);
    assert_eq!(
        comp.diagnostics[0].help.as_deref(),
        Some("did you mean `overlapping-icps`?")
    );
}

#[test]
fn check_options_change_the_limits() {
    let stale =
        "account { employees: int }\nicp a {\n  reviewed 2026-01-01\n  require employees > 10\n}\n";
    assert_eq!(codes(&compile(&[("a.icp", stale)])), ["stale-review"]);
    let relaxed = compile(&[
        ("icpl.toml", "[check]\nreview-max-age-days = 365\n"),
        ("a.icp", stale),
    ]);
    assert!(relaxed.diagnostics.is_empty());
    let bad = compile(&[
        ("icpl.toml", "[check]\nreview-max-age = 365\n"),
        ("a.icp", stale),
    ]);
    assert_eq!(codes(&bad)[0], "invalid-config");
}

#[test]
fn suppressions_silence_findings_at_their_line_and_need_a_reason() {
    let text = "account { employees: int }
icp a { require employees > 10 }
# icpl: allow(overlapping-icps) b deliberately overlaps a
icp b { require employees < 100 }
icp c { require employees < 5 } # icpl: allow(overlapping-icps) same-line form
# icpl: allow(overlapping-icps)
icp d { require employees > 10 and employees < 20 }
# icpl: allow(overlaping-icps) a typo
icp e { require employees == 7 }
# icpl: allow(stale-review) nothing to silence here
icp f { require employees > 1000 }
# icpl: disable everything
";
    let comp = compile(&[("a.icp", text)]);
    let found: Vec<(String, u32)> = comp
        .diagnostics
        .iter()
        .map(|d| {
            let line = d
                .primary_span()
                .and_then(|s| comp.map().range(s))
                .map_or(0, |(_, start, _)| start.line);
            (d.code.to_string(), line)
        })
        .collect();
    // b (line 4) and c (line 5) are silenced; d's suppression has no reason, so it silences
    // nothing and is reported; e's names an unknown lint; f's is unused; the last is malformed.
    assert!(
        !found
            .iter()
            .any(|(c, l)| c == "overlapping-icps" && (*l == 4 || *l == 5)),
        "{found:?}"
    );
    assert!(
        found.contains(&("overlapping-icps".to_string(), 7)),
        "{found:?}"
    );
    assert!(
        found.contains(&("invalid-suppression".to_string(), 6)),
        "{found:?}"
    );
    assert!(
        found.contains(&("invalid-suppression".to_string(), 8)),
        "{found:?}"
    );
    assert!(
        found.contains(&("unused-suppression".to_string(), 10)),
        "{found:?}"
    );
    assert!(
        found.contains(&("invalid-suppression".to_string(), 12)),
        "{found:?}"
    );
}

#[test]
fn every_lint_level_parses() {
    for (text, level) in [
        ("allow", Level::Allow),
        ("info", Level::Info),
        ("warn", Level::Warn),
        ("deny", Level::Deny),
    ] {
        assert_eq!(Level::parse(text), Some(level));
        assert_eq!(level.as_str(), text);
    }
    assert_eq!(Level::parse("error"), None);
}

/// The official SARIF 2.1.0 schema, as shipped by the `serde-sarif` crate (a dev-dependency
/// kept for exactly this): found through `cargo metadata`.
fn sarif_schema() -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo metadata: {e}"));
    let meta: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("cargo metadata: {e}"));
    let manifest = meta["packages"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "serde-sarif"))
        .and_then(|p| p["manifest_path"].as_str())
        .unwrap_or_else(|| panic!("serde-sarif is not in the dependency graph"));
    let schema = Path::new(manifest).with_file_name("src/schema.json");
    let text =
        std::fs::read_to_string(&schema).unwrap_or_else(|e| panic!("{}: {e}", schema.display()));
    // The published schema's `language` pattern has a stray `]` that strict regex engines
    // reject; escape it (it matches a literal `]` in ECMAScript, the schema's own dialect).
    let text = text.replace(r#"[a-zA-Z]{2}]?$"#, r#"[a-zA-Z]{2}\\]?$"#);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
}

fn icpl(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_icpl"))
        .args(args)
        .current_dir(dir)
        .env("ICPL_TODAY", "2026-11-22")
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

const CONFLICT: &str = "account { employees: int }
icp impossible {
  require employees >= 500
  require employees < 200
}
persona p for impossible { goals [\"g\"] pains [\"p\"] }
";

#[test]
fn sarif_output_validates_against_the_official_schema() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(dir.path().join("specs")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("specs/a.icp"), CONFLICT).unwrap_or_else(|e| panic!("{e}"));
    let out = icpl(&["check", "specs", "--format", "sarif"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let schema = sarif_schema();
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );
    // Also read it with an independent SARIF model.
    let typed: serde_sarif::sarif::Sarif =
        serde_json::from_value(log.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(typed.runs.len(), 1);

    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "unsatisfiable-icp");
    assert_eq!(result["level"], "error");
    let loc = &result["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "specs/a.icp");
    assert_eq!(loc["region"]["startLine"], 2);
    // Both conflicting lines are related locations.
    let lines: Vec<u64> = result["relatedLocations"]
        .as_array()
        .map(|ls| {
            ls.iter()
                .filter_map(|l| l["physicalLocation"]["region"]["startLine"].as_u64())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(lines, [3, 4]);
    let rule = &log["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(rule["id"], "unsatisfiable-icp");
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
}

#[test]
fn github_output_annotates_every_span() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("a.icp"), CONFLICT).unwrap_or_else(|e| panic!("{e}"));
    let out = icpl(&["check", "a.icp", "--format", "github"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("unsatisfiable-icp"))
        .unwrap_or_default();
    assert!(
        line.starts_with(
            "::error file=a.icp,line=2,col=5,endLine=2,endColumn=15,title=icpl(unsatisfiable-icp)::"
        ),
        "{line}"
    );
    assert!(
        line.contains("%0Aa.icp:3: requires: companies with at least 500 employees"),
        "{line}"
    );
    assert!(
        line.contains("%0Aa.icp:4: requires: companies with fewer than 200 employees"),
        "{line}"
    );
}

#[test]
fn deny_warnings_turns_warnings_into_errors() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = "account { employees: int }\nicp a { require employees > 10 and employees > 5 }\n";
    std::fs::write(dir.path().join("a.icp"), "account { employees: int }\nicp a {\n  require employees > 10\n  require employees > 5\n}\n").unwrap_or_else(|e| panic!("{e}"));
    let _ = text;
    let out = icpl(&["check", "a.icp"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let out = icpl(&["check", "a.icp", "--deny", "warnings"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 error, 0 warnings"));
}

#[test]
fn lints_and_explain_commands() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = icpl(&["lints"], root);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), LINTS.len());
    assert!(text.contains("unsatisfiable-icp") && text.contains("deny"));
    let out = icpl(&["explain", "unreachable-tier"], root);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# `unreachable-tier`"));
    let out = icpl(&["explain", "unreachable-tiers"], root);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `unreachable-tier`?"));
}
