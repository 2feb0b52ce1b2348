//! A technographic set of thousands of values works in every command: the analysis finds its
//! contradictions and overlaps, the diff its changes, the JSON rules and JsonLogic list its
//! values, and `icpl match` reads and matches values far past any word boundary. (What each
//! test means on such sets is held to every back end by `tests/conformance.rs`.)

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
use std::process::{Command, Output};

fn icpl(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_icpl"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("ICPL_TODAY", "2026-11-22")
        .output()
        .unwrap_or_else(|e| panic!("cannot run icpl: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn spec(require: &str) -> String {
    let values: Vec<String> = (0..5000).map(|i| format!("t{i}")).collect();
    format!(
        "account {{\n  employees: int\n  tech: set {{ {} }}\n}}\n\
         icp big \"Big\" {{\n  summary \"s\"\n  owner \"o\"\n  reviewed 2026-11-01\n  require employees >= 100\n  require {require}\n  exclude tech has all [t122, t3000]\n  score {{\n    late +10 when tech has t4000\n  }}\n  tiers {{ A >= 10, B }}\n}}\n",
        values.join(", ")
    )
}

fn write_spec(dir: &Path, name: &str, text: &str) {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(folder.join("spec.icp"), text).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn every_command_handles_a_set_of_5000_values() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    write_spec(dir, "old", &spec("tech has any [t1, t250, t4999]"));
    write_spec(dir, "new", &spec("tech has any [t1, t250, t4998]"));
    write_spec(
        dir,
        "contradiction",
        &spec("tech has t4999 and tech has none [t4999]"),
    );

    let out = icpl(&["check", "old"], dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // A contradiction between two tests of value 4,999 is found, with both lines.
    let out = icpl(&["check", "contradiction"], dir);
    let err = text(&out.stderr);
    assert!(err.contains("unsatisfiable-icp"), "{err}");
    assert!(err.contains("t4999"), "{err}");

    // The diff finds both directions of the change, with examples that hold the values.
    let out = icpl(&["diff", "old", "new", "--format", "json"], dir);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
    let report = report.to_string();
    assert!(
        report.contains("t4998") && report.contains("t4999"),
        "{report}"
    );
    assert!(report.contains("\"both\""), "{report}");

    // The JSON rules list every value; JsonLogic tests the ones the criteria name.
    let out = icpl(&["build", "old"], dir);
    let rules = text(&out.stdout);
    assert!(
        rules.contains("\"t4999\"") && rules.contains("\"t0\""),
        "rules"
    );
    let out = icpl(&["build", "--target", "jsonlogic", "old"], dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"t4999\""));

    // Records holding values far past 128 match exactly (no wrapped masks).
    std::fs::write(
        dir.join("accounts.csv"),
        "id,employees,tech\nonly122,500,t122\nonly250,500,t250\nonly4999,500,t4999\nboth,500,t122;t3000;t4999\nlate,500,t1;t4000\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = icpl(&["match", "old", "--accounts", "accounts.csv"], dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let status = |i: usize| {
        lines[i]["icps"]["big"]["status"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        (0..5).map(status).collect::<Vec<_>>(),
        ["no_match", "match", "match", "no_match", "match"]
    );
    assert_eq!(lines[4]["icps"]["big"]["tier"], "A");
}
