//! The `icpl` binary end to end: exit codes, output formats, files written.

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

use std::path::{Path, PathBuf};
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

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{e}"));
    path
}

const GOOD: &str = "account { employees: int }\nicp small \"Small\" { require employees < 50 }\n";
const BAD: &str = "account { employees: int }\nicp small { require employes < 50 }\n";
const WARN: &str = "account { kind: enum { a, b } }\nicp x { require kind in [a, a] }\n";

#[test]
fn check_exits_0_on_the_example_project() {
    let out = icpl(&["check", "specs"], &repo());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        out.stderr.is_empty(),
        "a clean spec prints nothing: {}",
        text(&out.stderr)
    );
}

#[test]
fn check_exits_1_on_errors_and_0_on_warnings() {
    let dir = temp();
    write(dir.path(), "bad.icp", BAD);
    write(dir.path(), "warn.icp", WARN);
    let out = icpl(&["check", "bad.icp"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("unknown attribute `employes`"), "{err}");
    assert!(err.contains("did you mean `employees`?"), "{err}");
    assert!(err.contains("1 error, 0 warnings"), "{err}");

    let out = icpl(&["check", "warn.icp"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("0 errors, 1 warning"));
}

#[test]
fn check_exits_2_on_a_missing_path_and_bad_usage() {
    let dir = temp();
    let out = icpl(&["check", "does-not-exist"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read `does-not-exist`"));

    let out = icpl(&["check", "--format", "yaml"], dir.path());
    assert_eq!(out.status.code(), Some(2));

    let out = icpl(&["frobnicate"], dir.path());
    assert_eq!(out.status.code(), Some(2));

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap_or_else(|e| panic!("{e}"));
    let out = icpl(&["check", "empty"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no `.icp` files"));
}

#[test]
fn check_takes_several_specs_and_reports_the_worst_outcome() {
    let dir = temp();
    write(dir.path(), "good/a.icp", GOOD);
    write(dir.path(), "bad/a.icp", BAD);
    let out = icpl(&["check", "good", "bad"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let out = icpl(&["check", "good", "missing"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_json_gives_codes_and_one_based_positions() {
    let dir = temp();
    write(dir.path(), "bad.icp", BAD);
    let out = icpl(&["check", "bad.icp", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    assert_eq!(doc["format"], "icpl-diagnostics/1");
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "unknown-attribute");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "unknown attribute `employes`");
    assert_eq!(d["help"], "did you mean `employees`?");
    assert_eq!(d["file"], "bad.icp");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(21))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(2), Some(29))
    );
    assert_eq!(d["labels"][0]["primary"], true);
    assert_eq!(doc["summary"]["errors"], 1);
}

#[test]
fn build_writes_deterministic_valid_json() {
    let dir = temp();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    let specs = repo().join("specs");
    for out in [&a, &b] {
        let o = icpl(
            &[
                "build",
                specs.to_str().unwrap_or("specs"),
                "-o",
                out.to_str().unwrap_or("x"),
            ],
            dir.path(),
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    let first = std::fs::read(&a).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first, std::fs::read(&b).unwrap_or_else(|e| panic!("{e}")));
    let stdout = icpl(&["build", "specs"], &repo()).stdout;
    assert_eq!(first, stdout, "-o and standard output must agree");
    let doc: serde_json::Value = serde_json::from_slice(&first).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["format"], "icpl-rules/1");
}

#[test]
fn build_with_errors_writes_nothing_and_keeps_the_old_file() {
    let dir = temp();
    write(dir.path(), "bad.icp", BAD);
    let out_file = write(dir.path(), "rules.json", "previous contents");
    let out = icpl(&["build", "bad.icp", "-o", "rules.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nothing was written"));
    assert_eq!(
        std::fs::read_to_string(&out_file).ok().as_deref(),
        Some("previous contents")
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn build_into_a_missing_folder_creates_it() {
    let dir = temp();
    write(dir.path(), "good.icp", GOOD);
    let out = icpl(
        &["build", "good.icp", "-o", "no/such/dir/rules.json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.path().join("no/such/dir/rules.json").is_file());
}

#[test]
fn schema_prints_the_json_schema() {
    let out = icpl(&["schema"], &repo());
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["properties"]["format"]["const"], "icpl-rules/1");
}

#[test]
fn brief_writes_an_index_and_one_file_per_icp_and_prunes_only_its_own_files() {
    let dir = temp();
    let out_dir = dir.path().join("briefs");
    let specs = repo().join("specs");
    let run = || {
        icpl(
            &[
                "brief",
                specs.to_str().unwrap_or("specs"),
                "-o",
                out_dir.to_str().unwrap_or("x"),
            ],
            dir.path(),
        )
    };
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "README.md",
            "enterprise_fintech.md",
            "growth_startups.md",
            "mid_market_saas.md",
            "personas.md"
        ]
    );
    let mid = std::fs::read_to_string(out_dir.join("mid_market_saas.md")).unwrap_or_default();
    assert!(mid.contains("- Companies with 200 to 2,000 employees"));
    assert!(mid.contains("- Annual revenue of at least $20M"));
    assert!(mid.contains("- [ ] Tech stack does not include pipedrive"));

    // A stale generated brief goes; a file people wrote stays.
    let stale = write(
        &out_dir,
        "old_icp.md",
        &format!("{}\n\n# Old\n", icpl::emit::brief::MARKER),
    );
    let mine = write(&out_dir, "notes.md", "# My notes\n");
    let out = run();
    assert_eq!(out.status.code(), Some(0));
    assert!(!stale.exists());
    assert!(mine.exists());
    assert!(text(&out.stderr).contains("removed 1 stale brief"));
}

#[test]
fn brief_requires_an_output_folder() {
    let out = icpl(&["brief", "specs"], &repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--output"));
}

#[test]
fn help_and_version() {
    let out = icpl(&["--help"], &repo());
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for cmd in ["check", "build", "schema", "brief"] {
        assert!(help.contains(cmd), "{help}");
    }
    let out = icpl(&["--version"], &repo());
    assert!(text(&out.stdout).starts_with("icpl "));
}

#[test]
fn invalid_settings_are_reported_in_icpl_toml() {
    let dir = temp();
    write(dir.path(), "a.icp", GOOD);
    write(dir.path(), "icpl.toml", "[project]\nnmae = \"x\"\n");
    let out = icpl(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("invalid-config"), "{err}");
    assert!(err.contains("icpl.toml:2:1"), "{err}");
    assert!(err.contains("did you mean `name`?"), "{err}");
}

/// One file of a spec given to a command: a folder above it with `icpl.toml` is the spec's
/// root (as in the language server), so the file is read with the rest of its spec.
#[test]
fn a_file_inside_a_spec_is_read_with_its_spec() {
    const SCHEMA: &str = "account { employees: int\n industry: enum { saas, fintech } }\n";
    const ICP: &str = "icp x {\n  require employees > 5\n  score { big +10 when employees > 500 }\n  tiers { A >= 10, B }\n}\n";
    const BROKEN: &str = "icp y {\n  require industry == sas\n}\n";
    const EXAMPLE: &str = "example \"e\" {\n  account { employees: 600 }\n  expect x tier A\n}\n";
    struct Case {
        name: &'static str,
        /// Files of the project (`icpl.toml` marks a root).
        files: &'static [(&'static str, &'static str)],
        /// The folder icpl runs in, below the project.
        cwd: &'static str,
        args: &'static [&'static str],
        code: i32,
        stderr_has: &'static [&'static str],
        stderr_lacks: &'static [&'static str],
    }
    let cases = [
        Case {
            name: "a file in a subfolder of the root",
            files: &[
                ("icpl.toml", ""),
                ("schema.icp", SCHEMA),
                ("icps/x.icp", ICP),
            ],
            cwd: "icps",
            args: &["check", "x.icp"],
            code: 0,
            stderr_has: &["note: `x.icp` is part of the spec at `..`"],
            stderr_lacks: &["missing-schema", "unknown-attribute"],
        },
        Case {
            name: "a file next to icpl.toml, given from above",
            files: &[
                ("spec/icpl.toml", ""),
                ("spec/schema.icp", SCHEMA),
                ("spec/x.icp", ICP),
            ],
            cwd: "",
            args: &["check", "spec/x.icp"],
            code: 0,
            stderr_has: &["is part of the spec at `spec`"],
            stderr_lacks: &["missing-schema"],
        },
        Case {
            name: "only the file's own problems, the rest summed up",
            files: &[
                ("icpl.toml", ""),
                ("schema.icp", SCHEMA),
                ("icps/x.icp", ICP),
                ("icps/y.icp", BROKEN),
            ],
            cwd: "icps",
            args: &["check", "x.icp"],
            code: 0,
            stderr_has: &[
                "the rest of the spec has 1 error, 0 warnings",
                "`icpl check ..`",
            ],
            stderr_lacks: &["`sas` is not a value"],
        },
        Case {
            name: "the file's own problem",
            files: &[
                ("icpl.toml", ""),
                ("schema.icp", SCHEMA),
                ("icps/y.icp", BROKEN),
            ],
            cwd: "icps",
            args: &["check", "y.icp"],
            code: 1,
            stderr_has: &["`sas` is not a value of `industry`", "y.icp: 1 error"],
            stderr_lacks: &["missing-schema"],
        },
        Case {
            name: "an example that names an ICP of another file",
            files: &[
                ("icpl.toml", ""),
                ("schema.icp", SCHEMA),
                ("icps/x.icp", ICP),
                ("examples/e.icp", EXAMPLE),
            ],
            cwd: "examples",
            args: &["check", "e.icp"],
            code: 0,
            stderr_has: &["is part of the spec at `..`"],
            stderr_lacks: &["unknown-icp", "missing-schema"],
        },
        Case {
            name: "test runs the file's examples against its spec",
            files: &[
                ("icpl.toml", ""),
                ("schema.icp", SCHEMA),
                ("icps/x.icp", ICP),
                ("examples/e.icp", EXAMPLE),
            ],
            cwd: "examples",
            args: &["test", "e.icp"],
            code: 0,
            stderr_has: &["1 example (1 expectation): 1 passed, 0 failed"],
            stderr_lacks: &["error"],
        },
        Case {
            name: "build builds the whole spec",
            files: &[
                ("icpl.toml", ""),
                ("schema.icp", SCHEMA),
                ("icps/x.icp", ICP),
            ],
            cwd: "icps",
            args: &["build", "x.icp", "-o", "rules.json"],
            code: 0,
            stderr_has: &["building that spec"],
            stderr_lacks: &["error"],
        },
        Case {
            name: "without icpl.toml a file is a spec of its own",
            files: &[("schema.icp", SCHEMA), ("icps/x.icp", ICP)],
            cwd: "icps",
            args: &["check", "x.icp"],
            code: 1,
            stderr_has: &["missing-schema", "note: `x.icp` was checked on its own"],
            stderr_lacks: &["is part of the spec"],
        },
        Case {
            name: "a file the spec would not read (a hidden folder) is checked alone",
            files: &[
                ("icpl.toml", ""),
                ("schema.icp", SCHEMA),
                (".drafts/x.icp", ICP),
            ],
            cwd: ".drafts",
            args: &["check", "x.icp"],
            code: 1,
            stderr_has: &["missing-schema"],
            stderr_lacks: &["is part of the spec"],
        },
        Case {
            name: "a folder inside a spec, the default path",
            files: &[
                ("icpl.toml", ""),
                ("schema.icp", SCHEMA),
                ("icps/x.icp", ICP),
                ("other/y.icp", BROKEN),
            ],
            cwd: "icps",
            args: &["check"],
            code: 0,
            stderr_has: &[
                "`.` is part of the spec at `..`",
                "the rest of the spec has 1 error",
            ],
            stderr_lacks: &["missing-schema", "`sas`"],
        },
        Case {
            name: "the root folder itself",
            files: &[
                ("icpl.toml", ""),
                ("schema.icp", SCHEMA),
                ("icps/y.icp", BROKEN),
            ],
            cwd: "",
            args: &["check", "."],
            code: 1,
            stderr_has: &["`sas` is not a value"],
            stderr_lacks: &["note:"],
        },
    ];
    for case in cases {
        let dir = temp();
        for (name, text) in case.files {
            write(dir.path(), name, text);
        }
        let cwd = dir.path().join(case.cwd);
        std::fs::create_dir_all(&cwd).unwrap_or_else(|e| panic!("{e}"));
        let out = icpl(case.args, &cwd);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(case.code), "{}: {err}", case.name);
        for want in case.stderr_has {
            assert!(err.contains(want), "{}: no {want:?} in:\n{err}", case.name);
        }
        for unwanted in case.stderr_lacks {
            assert!(
                !err.contains(unwanted),
                "{}: {unwanted:?} in:\n{err}",
                case.name
            );
        }
    }
}

/// Every format for tools carries the command line's own errors, as it carries a spec's
/// diagnostics: a path that cannot be read (`io-error`) and arguments the parser refuses
/// (`usage`), each without a file or position, with exit code 2.
#[test]
fn command_line_errors_are_reported_in_the_requested_format() {
    let dir = temp();
    let cases: [(&str, &[&str]); 2] = [
        ("missing", &["check", "does-not-exist"]),
        ("usage", &["check", "--no-such-option", "specs"]),
    ];
    for (name, args) in cases {
        for format in ["json", "sarif", "github"] {
            let mut all = args.to_vec();
            all.extend(["--format", format]);
            let out = icpl(&all, dir.path());
            assert_eq!(out.status.code(), Some(2), "{all:?}");
            assert!(
                out.stderr.is_empty(),
                "{all:?} writes its error to standard output only: {}",
                text(&out.stderr)
            );
            let stdout = text(&out.stdout);
            match format {
                "github" => assert!(stdout.starts_with("::error title=icpl("), "{stdout}"),
                _ => {
                    serde_json::from_str::<serde_json::Value>(&stdout)
                        .unwrap_or_else(|e| panic!("{all:?} gives no JSON ({e}): {stdout}"));
                }
            }
            insta::assert_snapshot!(format!("cli_error_{name}_{format}"), stdout);
        }
    }
}

#[test]
fn command_line_errors_are_one_line_on_standard_error_by_default() {
    let dir = temp();
    let out = icpl(&["check", "does-not-exist"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "error[io-error]: cannot read `does-not-exist`: No such file or directory (os error 2)\n  help: check the path and its permissions\n"
    );
    // The argument parser's own report, with the command's usage, when no format for tools
    // was asked for.
    let out = icpl(&["check", "--no-such-option"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("Usage: icpl check"));
}

#[test]
fn test_json_carries_command_line_errors() {
    let dir = temp();
    let out = icpl(&["test", "does-not-exist", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    assert_eq!(doc["format"], "icpl-diagnostics/1");
    assert_eq!(doc["diagnostics"][0]["code"], "io-error");
    assert_eq!(doc["diagnostics"][0]["file"], serde_json::Value::Null);
    assert_eq!(doc["summary"]["errors"], 1);
}

/// `icpl explain` prints the entry of every code of the registry and of every lint.
#[test]
fn explain_explains_every_code_and_every_lint() {
    let dir = temp();
    let ids = icpl::diagnostics::codes::all()
        .map(|d| d.id())
        .chain(icpl::analysis::lints::LINTS.iter().map(|l| l.id));
    let mut explained = 0;
    for id in ids {
        let out = icpl(&["explain", id], dir.path());
        assert_eq!(out.status.code(), Some(0), "{id}: {}", text(&out.stderr));
        let entry = text(&out.stdout);
        assert!(entry.starts_with(&format!("# `{id}`\n")), "{id}: {entry}");
        assert!(entry.lines().count() > 3, "{id}: {entry}");
        explained += 1;
    }
    assert!(explained > 80, "only {explained} codes");
}

#[test]
fn explain_suggests_the_closest_code() {
    let dir = temp();
    let out = icpl(&["explain", "unknown-atribute"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "error[unknown-code]: no diagnostic has the code `unknown-atribute`\n  help: did you mean `unknown-attribute`?\n"
    );
    // Lints are codes too.
    let out = icpl(&["explain", "overlaping-icps"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("did you mean `overlapping-icps`?"),
        "{}",
        text(&out.stderr)
    );
}
