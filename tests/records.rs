//! `icpl match` end to end: what it reads from real exports (numbers in either notation, any
//! delimiter, misspelt columns, broken lines in every format, standard input), how it joins
//! contacts, and what it writes. Each test covers one class of input with a table of cases.

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

use std::path::Path;
use std::process::{Command, Output};

fn icpl(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_icpl"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Runs `icpl` with `input` on standard input.
fn icpl_stdin(args: &[&str], dir: &Path, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_icpl"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input).unwrap_or_else(|e| panic!("{e}"));
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), contents).unwrap_or_else(|e| panic!("{e}"));
}

const ACCOUNTS: &str = "id,Industry,employees,Annual Revenue,region,tech_stack,Notes
a1,SaaS,450,$60M,germany,snowflake;hubspot,fine
a2,saas,700,35M,us,pipedrive,competitor
a3,saas,300,$25M,emea,,coarse and missing
a4,sass,300,$25M,us,,typo
";

fn lines(out: &[u8]) -> Vec<serde_json::Value> {
    text(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn icpl_match_scores_csv_and_reports_bad_values_with_their_position() {
    let dir = temp();
    std::fs::write(dir.path().join("accounts.csv"), ACCOUNTS).unwrap_or_else(|e| panic!("{e}"));
    let specs = repo().join("specs");
    let out = icpl(
        &[
            "match",
            specs.to_str().unwrap_or(""),
            "--accounts",
            "accounts.csv",
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad record makes the exit code 1"
    );
    let rows = lines(&out.stdout);
    assert_eq!(rows.len(), 4);
    let mid = &rows[0]["icps"]["mid_market_saas"];
    assert_eq!(mid["status"], "match");
    assert_eq!(mid["score"], 30);
    assert_eq!(mid["tier"], "B");
    assert_eq!(mid["signals"], serde_json::json!(["warehouse_native"]));
    assert_eq!(rows[1]["icps"]["mid_market_saas"]["status"], "no_match");
    let unknown = &rows[2]["icps"]["mid_market_saas"];
    assert_eq!(unknown["status"], "unknown");
    assert_eq!(
        unknown["missing"],
        serde_json::json!(["tech_stack", "open_sales_roles"])
    );
    assert_eq!(rows[3]["id"], "a4");
    assert_eq!(rows[3]["errors"][0]["line"], 5);
    assert_eq!(rows[3]["errors"][0]["column"], 2);
    assert_eq!(rows[3]["errors"][0]["field"], "Industry");
    assert_eq!(rows[3]["errors"][0]["value"], "sass");
    assert_eq!(rows[3]["errors"][0]["help"], "did you mean `saas`?");
    let err = text(&out.stderr);
    assert!(
        err.contains("accounts.csv:5:2: column `Industry`: `sass` is not a value of `industry`"),
        "{err}"
    );
    // The column that names nothing is reported although standard error is not a terminal.
    assert!(
        err.contains("1 column names no account attribute and is ignored: `Notes`"),
        "{err}"
    );
}

#[test]
fn icpl_match_reads_json_lines_maps_columns_and_joins_contacts() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("spec")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("spec/a.icp"),
        "account { employees: int }\ncontact { seniority: ordered enum { ic, manager } }\nicp big { require employees >= 100 }\npersona boss for big { require seniority >= manager goals [\"g\"] pains [\"p\"] }\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("spec/icpl.toml"),
        "[match]\nid-column = \"Record\"\naccount-id-column = \"Company\"\n[match.columns]\n\"Head Count\" = \"employees\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("accounts.csv"),
        "Record,Head Count\nacme,500\ntiny,5\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("contacts.jsonl"),
        "{\"Record\": \"c1\", \"Company\": \"acme\", \"seniority\": \"manager\"}\n{\"Record\": \"c2\", \"Company\": \"tiny\", \"seniority\": \"manager\"}\n{\"Record\": \"c3\", \"Company\": \"acme\"}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = icpl(
        &[
            "match",
            "spec",
            "--accounts",
            "accounts.csv",
            "--contacts",
            "contacts.jsonl",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows = lines(&out.stdout);
    let status = |i: usize| {
        rows[i]["personas"]["boss"]["status"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        (status(0), status(1), status(2)),
        ("match".into(), "no_match".into(), "unknown".into())
    );
    assert_eq!(
        rows[2]["personas"]["boss"]["missing"],
        serde_json::json!(["contact.seniority"])
    );
    assert_eq!(rows[0]["id"], "c1");
}

#[test]
fn icpl_match_writes_csv_and_explains() {
    let dir = temp();
    std::fs::write(dir.path().join("accounts.csv"), ACCOUNTS).unwrap_or_else(|e| panic!("{e}"));
    let specs = repo().join("specs");
    let spec = specs.to_str().unwrap_or("");
    let out = icpl(
        &[
            "match",
            spec,
            "--accounts",
            "accounts.csv",
            "--format",
            "csv",
            "-o",
            "out.csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let csv = std::fs::read_to_string(dir.path().join("out.csv")).unwrap_or_default();
    let header = csv.lines().next().unwrap_or("");
    assert!(
        header.starts_with("id,enterprise_fintech.status,enterprise_fintech.score"),
        "{header}"
    );
    assert!(
        csv.lines().nth(1).unwrap_or("").contains(",match,30,B,"),
        "{csv}"
    );

    let out = icpl(
        &["match", spec, "--accounts", "accounts.csv", "--explain"],
        dir.path(),
    );
    let rows = lines(&out.stdout);
    let why = &rows[1]["icps"]["mid_market_saas"]["why"];
    assert_eq!(why[0]["criterion"], "tech_stack has pipedrive");
    assert_eq!(why[0]["role"], "exclude");
    assert_eq!(why[0]["holds"], true);
}

#[test]
fn icpl_match_stops_with_2_only_on_a_file_it_cannot_read() {
    let dir = temp();
    let specs = repo().join("specs");
    let out = icpl(
        &[
            "match",
            specs.to_str().unwrap_or(""),
            "--accounts",
            "missing.csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("error[read-error]: cannot read `missing.csv`"));
}

#[test]
fn icpl_match_reports_bad_json_values_with_their_position() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("spec")).unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "spec/a.icp",
        "account {\n employees: int\n stack: set { snowflake, dbt }\n}\nicp big { require employees >= 100 }\n",
    );
    write(
        dir.path(),
        "a.jsonl",
        "{\"id\": \"x\", \"employees\": 500, \"stack\": [\"dbt\"]}\n\n{\"id\": 7, \"employees\": 5, \"stack\": [\"dbt\", \"snowflak\"]}\n{\"employees\": null}\n",
    );
    let out = icpl(&["match", "spec", "--accounts", "a.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let rows = lines(&out.stdout);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["icps"]["big"]["status"], "match");
    assert_eq!(rows[1]["id"], "7");
    let e = &rows[1]["errors"][0];
    assert_eq!(
        (e["line"].clone(), e["column"].clone()),
        (3.into(), 44.into())
    );
    assert_eq!(e["field"], "stack");
    assert_eq!(e["value"], "\"snowflak\"");
    assert_eq!(e["help"], "did you mean `snowflake`?");
    assert_eq!(rows[2]["id"], "3");
    assert_eq!(rows[2]["icps"]["big"]["status"], "unknown");
}

/// `icpl match` reads and matches sets of more than 128 values exactly, from CSV and JSON
/// Lines: a record holding `t122` does not have `t250` (nor `t22` `t150`), and one holding
/// `t250` does.
#[test]
fn icpl_match_matches_large_sets_exactly() {
    for n in [200usize, 5000] {
        let (has, alias) = if n > 250 { (250, 122) } else { (150, 22) };
        let dir = temp();
        let values: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
        std::fs::write(
            dir.path().join("a.icp"),
            format!(
                "account {{\n  tools: set {{ {} }}\n}}\nicp t {{\n  require tools has t{has}\n  score {{ all +1 when tools has all [t0, t{}] }}\n}}\n",
                values.join(", "),
                n - 1,
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let last = n - 1;
        std::fs::write(
            dir.path().join("a.csv"),
            format!("id,tools\nalias,t{alias}\nhas,t{has}\nall,t0;t{has};t{last}\nnone,[]\n"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            dir.path().join("a.jsonl"),
            format!(
                "{{\"id\":\"alias\",\"tools\":[\"t{alias}\"]}}\n{{\"id\":\"has\",\"tools\":[\"t{has}\"]}}\n{{\"id\":\"all\",\"tools\":[\"t0\",\"t{has}\",\"t{last}\"]}}\n{{\"id\":\"none\",\"tools\":[]}}\n"
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for file in ["a.csv", "a.jsonl"] {
            let out = icpl(&["match", "a.icp", "--accounts", file], dir.path());
            assert_eq!(
                out.status.code(),
                Some(0),
                "{n} {file}: {}",
                text(&out.stderr)
            );
            let rows = lines(&out.stdout);
            let got: Vec<(String, String)> = rows
                .iter()
                .map(|r| {
                    (
                        r["icps"]["t"]["status"].as_str().unwrap_or("?").to_string(),
                        r["icps"]["t"]["signals"].to_string(),
                    )
                })
                .collect();
            let want = [
                ("no_match", "[]"),
                ("match", "[]"),
                ("match", "[\"all\"]"),
                ("no_match", "[]"),
            ];
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            assert_eq!(got, want, "{n} values, {file}");
        }
    }
}

/// A spec whose ICPs each test one attribute for one exact value, so a record's status shows
/// how a cell was read: `match` for the value, `no_match` for another, an error when unread.
const NUMBERS: &str = "account {
  revenue: money
  staff: int
  share: percent
}
icp r { require revenue == $80.5M }
icp s { require staff == 1200 }
icp p { require share == 12.5% }
";

/// How one cell was read: `match`/`no_match`, or `bad` with the start of the message.
fn read_cell(dir: &Path, column: &str, cell: &str, extra: &[&str]) -> (String, String) {
    let icp = match column {
        "revenue" => "r",
        "staff" => "s",
        _ => "p",
    };
    write(
        dir,
        "n.csv",
        format!("id,{column}\nx,\"{}\"\n", cell.replace('"', "\"\"")),
    );
    let mut args = vec!["match", "n.icp", "--accounts", "n.csv"];
    args.extend(extra);
    let out = icpl(&args, dir);
    let rows = lines(&out.stdout);
    let row = &rows[0];
    match row["errors"].as_array() {
        Some(errors) => {
            assert_eq!(out.status.code(), Some(1));
            let e = &errors[0];
            assert_eq!(
                (e["line"].as_u64(), e["column"].as_u64()),
                (Some(2), Some(2))
            );
            assert!(e["help"].as_str().is_some_and(|h| !h.is_empty()), "{e}");
            (
                "bad".to_string(),
                e["message"].as_str().unwrap_or("").to_string(),
            )
        }
        None => {
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            (
                row["icps"][icp]["status"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                String::new(),
            )
        }
    }
}

/// Numbers in either notation are read only when certain: thousands grouping in threes, a
/// decimal comma only when asked for (flag or icpl.toml); anything ambiguous is a bad value
/// with its position and a help, never a guess.
#[test]
fn numbers_are_read_only_when_certain() {
    let dir = temp();
    write(dir.path(), "n.icp", NUMBERS);
    let cases: &[(&str, &str, bool, &str)] = &[
        // column, cell, decimal comma, expected
        ("revenue", "80,5M", false, "bad"),
        ("revenue", "80,5M", true, "match"),
        ("revenue", "80.5M", false, "match"),
        ("revenue", "80.5M", true, "bad"),
        ("revenue", "$80,500,000", false, "match"),
        ("revenue", "$80.500.000", true, "match"),
        ("revenue", "80 500 000,00", true, "match"),
        ("revenue", "80\u{a0}500\u{a0}000", false, "match"),
        ("revenue", "80'500'000.0", false, "match"),
        ("revenue", "805M", false, "no_match"),
        ("revenue", "80,50M", false, "bad"),
        ("revenue", "8,05,00,000", false, "bad"),
        ("staff", "1,200", false, "match"),
        ("staff", "1.200", true, "match"),
        ("staff", "1.200", false, "bad"),
        ("staff", "12,00", false, "bad"),
        ("staff", "12,00", true, "no_match"),
        ("staff", "1,2k", true, "match"),
        ("staff", "1.2k", false, "match"),
        ("staff", "1,2k", false, "bad"),
        ("staff", "1 200", false, "match"),
        ("staff", "12 00", false, "bad"),
        ("staff", "0,1200", false, "bad"),
        ("share", "12,5%", false, "bad"),
        ("share", "12,5%", true, "match"),
        ("share", "12,5 %", true, "match"),
        ("share", "12.5", false, "match"),
        ("share", "12,50", true, "match"),
    ];
    for &(column, cell, comma, expected) in cases {
        let extra: &[&str] = if comma { &["--decimal-comma"] } else { &[] };
        let (got, message) = read_cell(dir.path(), column, cell, extra);
        assert_eq!(
            got, expected,
            "{column} `{cell}` (decimal comma: {comma}): {message}"
        );
    }
    // The setting in icpl.toml does what the flag does.
    std::fs::create_dir(dir.path().join("spec")).unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "spec/n.icp", NUMBERS);
    write(
        dir.path(),
        "spec/icpl.toml",
        "[match]\ndecimal-comma = true\n",
    );
    write(dir.path(), "c.csv", "id,revenue\nx,\"80,5M\"\n");
    let out = icpl(&["match", "spec", "--accounts", "c.csv"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(lines(&out.stdout)[0]["icps"]["r"]["status"], "match");
    // JSON Lines strings follow the same rules; JSON numbers are JSON's own notation.
    write(
        dir.path(),
        "n.jsonl",
        "{\"revenue\": \"80,5M\"}\n{\"revenue\": 80500000.0}\n{\"revenue\": 8.05e7}\n{\"staff\": \"12,00\"}\n",
    );
    let out = icpl(&["match", "n.icp", "--accounts", "n.jsonl"], dir.path());
    let rows = lines(&out.stdout);
    assert!(
        rows[0]["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("ambiguous"))
    );
    assert_eq!(rows[1]["icps"]["r"]["status"], "match");
    assert_eq!(rows[2]["icps"]["r"]["status"], "match");
    assert!(rows[3]["errors"].is_array());
}

/// JSON numbers are read from their digits: values past double precision stay apart, and a
/// number beyond the range is a bad value for its record, not the end of the run.
#[test]
fn json_numbers_are_exact_or_reported() {
    let dir = temp();
    write(
        dir.path(),
        "a.icp",
        "account { revenue: money }\nicp r { require revenue > $0.3 }\n",
    );
    write(
        dir.path(),
        "a.jsonl",
        "{\"id\": 1, \"revenue\": 1e309}\n{\"id\": 2, \"revenue\": 0.4}\n{\"id\": 3, \"revenue\": -1e400}\n{\"id\": 4, \"revenue\": 1e-400}\n{\"id\": 5, \"revenue\": 0.2}\n",
    );
    let out = icpl(&["match", "a.icp", "--accounts", "a.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let rows = lines(&out.stdout);
    assert_eq!(rows.len(), 5);
    let bad: Vec<bool> = rows.iter().map(|r| r["errors"].is_array()).collect();
    assert_eq!(bad, [true, false, true, true, false]);
    assert_eq!(rows[0]["errors"][0]["column"], 22);
    assert_eq!(rows[0]["errors"][0]["value"], "1e309");
    assert_eq!(rows[1]["icps"]["r"]["status"], "match");
    assert_eq!(rows[4]["icps"]["r"]["status"], "no_match");
}

/// Comma, semicolon, tab and pipe separated exports are read alike, the delimiter told from
/// the header (values that hold another delimiter, quoted, included); `--delimiter` chooses.
#[test]
fn every_delimiter_is_told_from_the_header() {
    let dir = temp();
    write(
        dir.path(),
        "a.icp",
        "account { employees: int\n name: enum { a_b \"A;B|C\", other } }\nicp big { require employees >= 100 and name in [a_b] }\n",
    );
    for (d, ext) in [
        (',', "csv"),
        (';', "csv"),
        ('\t', "tsv"),
        ('\t', "csv"),
        ('|', "txt"),
    ] {
        let file = format!("f.{ext}");
        let sep = d.to_string();
        write(
            dir.path(),
            &file,
            format!(
                "id{sep}Employees{sep}Name\nx{sep}500{sep}\"A;B|C\"\ny{sep}\"1,000\"{sep}other\n"
            ),
        );
        let out = icpl(&["match", "a.icp", "--accounts", &file], dir.path());
        assert_eq!(out.status.code(), Some(0), "{d:?}: {}", text(&out.stderr));
        let rows = lines(&out.stdout);
        let got: Vec<&str> = rows
            .iter()
            .map(|r| r["icps"]["big"]["status"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(got, ["match", "no_match"], "delimiter {d:?}");
        assert_eq!(rows[0]["id"], "x");
    }
    // A header that holds two candidates is split where it names the schema.
    write(dir.path(), "g.csv", "id;employees;Notes, more\nx;500;n\n");
    let out = icpl(&["match", "a.icp", "--accounts", "g.csv"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // --delimiter overrides what the header suggests.
    write(dir.path(), "h.csv", "id;employees\nx;500\n");
    let out = icpl(
        &["match", "a.icp", "--accounts", "h.csv", "--delimiter", ","],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let out = icpl(
        &["match", "a.icp", "--accounts", "h.csv", "--delimiter", ";"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
}

/// A file whose header names no attribute is refused with exit 2, showing the header as read;
/// a header that names as many attributes split either way is not guessed at.
#[test]
fn a_header_that_names_nothing_is_refused() {
    let dir = temp();
    write(
        dir.path(),
        "a.icp",
        "account { employees: int\n region: enum { emea, apac } }\nicp big { require employees >= 100 }\n",
    );
    let cases = [
        ("id,size,country\n1,5,de\n", "it is: id,size,country"),
        ("id;size\n1;5\n", "it is: id;size"),
        ("employees region\n5 emea\n", "it is: employees region"),
        (
            "id;employees|region\n1;5|emea\n",
            "cannot tell how the header is separated",
        ),
    ];
    for (file, expected) in cases {
        write(dir.path(), "f.csv", file);
        let out = icpl(&["match", "a.icp", "--accounts", "f.csv"], dir.path());
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file:?}: {err}");
        assert!(err.contains("error[read-error]: f.csv:1: "), "{err}");
        assert!(err.contains(expected), "{file:?}: {err}");
        assert!(err.contains("help: "), "{err}");
        assert!(out.stdout.is_empty());
    }
    // An empty file has no records; nothing is wrong with it.
    for empty in ["", "\n\n", "\u{feff}"] {
        write(dir.path(), "f.csv", empty);
        let out = icpl(&["match", "a.icp", "--accounts", "f.csv"], dir.path());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{empty:?}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stderr).contains("scored 0 records"));
    }
}

/// Columns that name nothing are reported on every run, with the attribute they most likely
/// mean; `--strict-columns` makes them an error. So are JSON Lines members.
#[test]
fn unknown_columns_are_reported_always() {
    let dir = temp();
    write(
        dir.path(),
        "a.icp",
        "account { employees: int\n annual_revenue: money }\nicp big { require employees >= 100 }\n",
    );
    write(
        dir.path(),
        "a.csv",
        "id,Employes,Annual Revenue,Owner\nx,500,$5M,me\n",
    );
    let out = icpl(&["match", "a.icp", "--accounts", "a.csv"], dir.path());
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning[unknown-column]: a.csv:1:2: column `Employes` names no account attribute; it is ignored\n  help: did you mean `employees`?"),
        "{err}"
    );
    assert!(
        err.contains("1 column names no account attribute and is ignored: `Owner`"),
        "{err}"
    );
    let out = icpl(
        &["match", "a.icp", "--accounts", "a.csv", "--strict-columns"],
        dir.path(),
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("2 `Employes` (did you mean `employees`?), 4 `Owner`"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    write(
        dir.path(),
        "a.jsonl",
        "{\"id\": \"x\", \"employees\": 500, \"annual_revenu\": 5}\n{\"annual_revenu\": 6}\n",
    );
    let out = icpl(&["match", "a.icp", "--accounts", "a.jsonl"], dir.path());
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("member `annual_revenu`").count(), 1, "{err}");
    assert!(
        err.contains("a.jsonl:1:31: member `annual_revenu`"),
        "{err}"
    );
    assert!(err.contains("did you mean `annual_revenue`?"), "{err}");
    let out = icpl(
        &[
            "match",
            "a.icp",
            "--accounts",
            "a.jsonl",
            "--strict-columns",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}

/// `icpl check` validates the column mapping of icpl.toml against the schema; a mapping to
/// no attribute is an error with a suggestion, and `icpl match` refuses to run on it.
#[test]
fn the_column_mapping_is_checked() {
    let dir = temp();
    std::fs::create_dir(dir.path().join("spec")).unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "spec/a.icp",
        "account { employees: int }\ncontact { seniority: ordered enum { ic, vp } }\nicp big { require employees >= 100 }\n",
    );
    let cases = [
        ("\"Head Count\" = \"employees\"", None),
        ("\"Level\" = \"seniority\"", None),
        ("\"Level\" = \"contact.seniority\"", None),
        (
            "\"Head Count\" = \"employes\"",
            Some("did you mean `employees`?"),
        ),
        (
            "\"Level\" = \"account.seniority\"",
            Some("write `contact.seniority`"),
        ),
        (
            "\"Head Count\" = \"size\"",
            Some("map the column to an attribute"),
        ),
    ];
    for (mapping, expected) in cases {
        write(
            dir.path(),
            "spec/icpl.toml",
            format!("[match.columns]\n{mapping}\n"),
        );
        let out = icpl(&["check", "spec"], dir.path());
        let err = text(&out.stderr);
        match expected {
            None => assert_eq!(out.status.code(), Some(0), "{mapping}: {err}"),
            Some(help) => {
                assert_eq!(out.status.code(), Some(1), "{mapping}: {err}");
                assert!(err.contains("invalid-config"), "{err}");
                assert!(err.contains("which is not an attribute"), "{err}");
                assert!(err.contains(help), "{mapping}: {err}");
                assert!(err.contains("icpl.toml:2:"), "{err}");
                write(dir.path(), "a.csv", "employees\n5\n");
                let out = icpl(&["match", "spec", "--accounts", "a.csv"], dir.path());
                assert_eq!(out.status.code(), Some(1));
            }
        }
    }
}

/// Every bad record is reported with its line and column, and the run goes on, for both
/// formats: each case is one bad record between two good ones.
#[test]
fn every_bad_record_is_reported_and_the_run_goes_on() {
    let dir = temp();
    write(
        dir.path(),
        "a.icp",
        "account { employees: int\n industry: enum { saas, retail } }\nicp big { require employees >= 100 }\n",
    );
    // (file name, contents, line and column of the bad record's first error)
    type Case = (&'static str, Vec<u8>, (u64, Option<u64>));
    let cases: Vec<Case> = vec![
        ("a.csv", b"id,employees\n1,500\n2,50,extra\n3,700\n".to_vec(), (3, None)),
        ("b.csv", b"id,employees\n1,500\n2\n3,700\n".to_vec(), (3, None)),
        ("c.csv", b"id,industry,employees\n1,saas,500\n2,s\xffas,50\n3,retail,700\n".to_vec(), (3, Some(2))),
        ("d.csv", b"\xef\xbb\xbfid,employees\n1,500\n2,1e309\n3,700\n".to_vec(), (3, Some(2))),
        ("e.csv", b"id,employees\n1,500\n\"2\",\"5\n0\"\n3,700\n".to_vec(), (3, Some(2))),
        ("a.jsonl", b"\xef\xbb\xbf{\"id\": 1, \"employees\": 500}\n{\"id\": 2, \"employees\": 1e309}\n{\"id\": 3, \"employees\": 700}\n".to_vec(), (2, Some(24))),
        ("b.jsonl", b"{\"id\": 1, \"employees\": 500}\n{\"id\": 2, \"employees\": 5\xff}\n{\"id\": 3, \"employees\": 700}\n".to_vec(), (2, Some(25))),
        ("c.jsonl", b"{\"id\": 1, \"employees\": 500}\n[2]\n{\"id\": 3, \"employees\": 700}\n".to_vec(), (2, Some(1))),
        ("d.jsonl", b"{\"id\": 1, \"employees\": 500}\n{\"id\": 2, \"employees\": }\n{\"id\": 3, \"employees\": 700}\n".to_vec(), (2, Some(24))),
        ("e.jsonl", b"{\"id\": 1, \"employees\": 500}\n{\"id\": 2 \"employees\": 5}\n{\"id\": 3, \"employees\": 700}\n".to_vec(), (2, Some(10))),
        ("f.jsonl", b"{\"id\": 1, \"employees\": 500}\n{\"id\": 2, \"employees\": \"lots\"}\n{\"id\": 3, \"employees\": 700}\n".to_vec(), (2, Some(24))),
        ("g.jsonl", b"{\"id\": 1, \"employees\": 500}\r\n{\"id\": 2, \"employees\": 4.5}\r\n\r\n{\"id\": 3, \"employees\": 700}\r\n".to_vec(), (2, Some(24))),
        ("h.jsonl", b"{\"id\": 1, \"employees\": 500}\n{\"id\": 2, \"industry\": \"\x1b[2Jsaas\"}\n{\"id\": 3, \"employees\": 700}\n".to_vec(), (2, Some(24))),
    ];
    for (name, contents, (line, column)) in cases {
        write(dir.path(), name, &contents);
        let out = icpl(&["match", "a.icp", "--accounts", name], dir.path());
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        let rows = lines(&out.stdout);
        assert_eq!(rows.len(), 3, "{name}: one result per record");
        assert_eq!(rows[0]["icps"]["big"]["status"], "match", "{name}");
        assert_eq!(rows[2]["icps"]["big"]["status"], "match", "{name}");
        let e = &rows[1]["errors"][0];
        assert_eq!(
            (e["line"].as_u64(), e["column"].as_u64()),
            (Some(line), column),
            "{name}: {e}"
        );
        let at = match column {
            Some(c) => format!("{name}:{line}:{c}: "),
            None => format!("{name}:{line}: "),
        };
        assert!(
            err.contains(&format!("error[bad-value]: {at}")),
            "{name}: {err}"
        );
        assert!(
            err.contains("read 3 records: 2 scored, 1 bad"),
            "{name}: {err}"
        );
        // Nothing from the data reaches the terminal raw.
        assert!(
            !err.contains('\x1b') && !text(&out.stdout).contains('\x1b'),
            "{name}"
        );
    }
}

/// JSON Lines and CSV are read from standard input: the format is told from the first
/// character, or given with --input-format.
#[test]
fn standard_input_is_read_in_either_format() {
    let dir = temp();
    write(
        dir.path(),
        "a.icp",
        "account { employees: int }\nicp big { require employees >= 100 }\n",
    );
    let inputs: [(&[u8], &[&str]); 5] = [
        (b"{\"id\": \"x\", \"employees\": 500}\n", &[]),
        (
            b"\xef\xbb\xbf\n  {\"id\": \"x\", \"employees\": 500}\n",
            &[],
        ),
        (b"id,employees\nx,500\n", &[]),
        (b"id;employees\nx;500\n", &["--input-format", "csv"]),
        (
            b"{\"id\": \"x\", \"employees\": 500}\n",
            &["--input-format", "jsonl"],
        ),
    ];
    for (input, extra) in inputs {
        let mut args = vec!["match", "a.icp", "--accounts", "-"];
        args.extend(extra);
        let out = icpl_stdin(&args, dir.path(), input);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let rows = lines(&out.stdout);
        assert_eq!(rows.len(), 1, "{}", text(input));
        assert_eq!(rows[0]["id"], "x");
        assert_eq!(rows[0]["icps"]["big"]["status"], "match");
    }
    // A JSON array is not JSON Lines: refused, saying so.
    let out = icpl_stdin(
        &[
            "match",
            "a.icp",
            "--accounts",
            "-",
            "--input-format",
            "jsonl",
        ],
        dir.path(),
        b"[{\"employees\": 5}]\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("JSON array"));
}

/// With contacts, every bad record counts (bad accounts that no contact names included), an
/// id given to two accounts names neither, an account without an id is reported, and a
/// persona left unknown by its ICP names the ICP's missing attributes.
#[test]
fn contacts_join_only_what_is_certain() {
    let dir = temp();
    write(
        dir.path(),
        "a.icp",
        "account { employees: int\n industry: enum { saas, retail } }\ncontact { seniority: ordered enum { ic, vp } }\nicp big {\n  require employees >= 100\n  score { shop +1 when industry in [retail] }\n}\npersona boss for big { require seniority >= vp }\n",
    );
    write(
        dir.path(),
        "accounts.csv",
        "id,employees,industry\na1,500,saas\na2,500,sass\ndup,500,saas\ndup,50,saas\n,700,saas\nopen,,saas\n",
    );
    write(
        dir.path(),
        "contacts.csv",
        "id,account_id,seniority\nc1,a1,vp\nc2,dup,vp\nc3,open,vp\nc4,nowhere,vp\n",
    );
    let out = icpl(
        &[
            "match",
            "a.icp",
            "--accounts",
            "accounts.csv",
            "--contacts",
            "contacts.csv",
        ],
        dir.path(),
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // The bad accounts: a value that does not fit, the second `dup`, the one without an id.
    assert!(
        err.contains("accounts.csv:3:3: column `industry`: `sass`"),
        "{err}"
    );
    assert!(
        err.contains(
            "accounts.csv:5: column `id`: account id `dup` is also the id of the account on line 4"
        ),
        "{err}"
    );
    assert!(
        err.contains("accounts.csv:6: column `id`: the account has no `id`"),
        "{err}"
    );
    assert!(
        err.contains("names 2 accounts (lines 4, 5 of accounts.csv)"),
        "{err}"
    );
    assert!(err.contains("no account with id `nowhere`"), "{err}");
    assert!(
        err.contains("read 6 accounts (3 bad) and 4 contacts: 2 scored, 2 bad"),
        "{err}"
    );
    let rows = lines(&out.stdout);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["personas"]["boss"]["status"], "match");
    assert!(rows[1]["errors"].is_array());
    let boss = &rows[2]["personas"]["boss"];
    assert_eq!(boss["status"], "unknown");
    assert_eq!(boss["missing"], serde_json::json!(["account.employees"]));
    // A bad account that no contact names still makes the exit code 1.
    write(dir.path(), "few.csv", "id,account_id,seniority\nc1,a1,vp\n");
    let out = icpl(
        &[
            "match",
            "a.icp",
            "--accounts",
            "accounts.csv",
            "--contacts",
            "few.csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    // Two id columns: refused, whatever the cells say.
    write(dir.path(), "two.csv", "id,employees,id\na,500,b\n");
    let out = icpl(&["match", "a.icp", "--accounts", "two.csv"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("columns 1 (`id`) and 3 (`id`) both give the record's id"));
}

/// A score is written only for a match, so that sorting by score can never rank a
/// non-match among matches, in either output.
#[test]
fn only_matches_carry_a_score() {
    let dir = temp();
    write(
        dir.path(),
        "a.icp",
        "account { employees: int\n industry: enum { saas, retail } }\nicp big {\n  require employees >= 100\n  score { shop +50 when industry in [retail] }\n  tiers { A >= 50, B }\n}\n",
    );
    write(
        dir.path(),
        "a.csv",
        "id,employees,industry\nmatch,500,saas\nno,5,retail\nunknown,,retail\n",
    );
    let out = icpl(&["match", "a.icp", "--accounts", "a.csv"], dir.path());
    let rows = lines(&out.stdout);
    let scores: Vec<String> = rows
        .iter()
        .map(|r| {
            let icp = &r["icps"]["big"];
            format!("{} {} {}", icp["status"], icp["score"], icp["score_range"])
        })
        .collect();
    assert_eq!(
        scores,
        [
            "\"match\" 0 null",
            "\"no_match\" null null",
            "\"unknown\" null [50,50]"
        ]
    );
    let out = icpl(
        &["match", "a.icp", "--accounts", "a.csv", "--format", "csv"],
        dir.path(),
    );
    let csv = text(&out.stdout);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "id,big.status,big.score,big.tier,big.missing,errors"
    );
    assert_eq!(rows[1], "match,match,0,B,,");
    assert_eq!(rows[2], "no,no_match,,,,");
    assert_eq!(rows[3], "unknown,unknown,,,employees,");
}

/// Text from the data (terminal escapes, bidirectional overrides) never reaches standard
/// error raw, and JSON output escapes it.
#[test]
fn control_characters_from_data_are_escaped() {
    let dir = temp();
    write(
        dir.path(),
        "a.icp",
        "account { industry: enum { saas, retail } }\nicp big { require industry in [saas] }\n",
    );
    let evil = "\u{1b}]0;pwned\u{7}\u{202e}saas\u{2066}";
    write(
        dir.path(),
        "a.csv",
        format!("id,industry,{evil}\n{evil},{evil}\n"),
    );
    let json = serde_json::to_string(evil).unwrap_or_default();
    write(
        dir.path(),
        "a.jsonl",
        format!("{{\"id\": {json}, \"industry\": {json}, {json}: 1}}\n"),
    );
    for file in ["a.csv", "a.jsonl"] {
        let out = icpl(&["match", "a.icp", "--accounts", file], dir.path());
        assert_eq!(out.status.code(), Some(1), "{file}");
        let err = text(&out.stderr);
        let raw = |s: &str| {
            s.chars()
                .any(|c| matches!(c, '\u{1b}' | '\u{7}' | '\u{202e}' | '\u{2066}'))
        };
        assert!(!raw(&err), "{file}: {err:?}");
        assert!(
            err.contains("\\u{1b}]0;pwned\\u{7}\\u{202e}saas\\u{2066}"),
            "{file}: {err}"
        );
        let stdout = text(&out.stdout);
        assert!(!raw(&stdout), "{file}: {stdout:?}");
        // The JSON output still holds the data, escaped.
        let rows = lines(&out.stdout);
        assert_eq!(rows[0]["id"], evil);
    }
}

/// `--delimiter` takes any ASCII character, a control character too: the message that shows
/// the header as split by it writes that character escaped, never raw.
#[test]
fn a_control_character_delimiter_is_shown_escaped() {
    let dir = temp();
    write(
        dir.path(),
        "a.icp",
        "account { employees: int }\nicp big { require employees >= 100 }\n",
    );
    write(dir.path(), "f.csv", "id\u{6}size\n1\u{6}5\n");
    let out = icpl(
        &[
            "match",
            "a.icp",
            "--accounts",
            "f.csv",
            "--delimiter",
            "\u{6}",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(!err.contains('\u{6}'), "{err:?}");
    assert!(
        err.contains("read with the delimiter `\\u{6}`, it is: id\\u{6}size"),
        "{err}"
    );
}
