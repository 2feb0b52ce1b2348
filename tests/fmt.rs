//! The formatter (`icpl fmt`).
//!
//! - `fixtures/fmt/*.icp`: the formatted text, as an insta snapshot beside each input.
//! - Every `.icp` file of the fixtures, of `specs/` and every ```icp block of README.md and
//!   docs/*.md: formatting twice changes nothing, the comments come through in order, and the
//!   formatted spec means the same: the same JSON rules (without source locations and source
//!   texts) and the same diagnostic codes. A file with syntax errors is never formatted.
//! - The same promises as a property of generated specs with comments and whitespace in random
//!   places.
//! - The command line: `--check`, standard input, files with syntax errors, rewriting.

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

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use icpl::compile::{Compilation, compile_with};
use icpl::emit::json;
use icpl::fmt::{format_file, format_source};
use icpl::source::{LoadedSpec, load_spec, load_texts};
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn formatted(text: &str, origin: &str) -> String {
    format_file(text).unwrap_or_else(|e| panic!("{origin}: unexpected syntax errors: {e:?}"))
}

// ---------------------------------------------------------------------------------------------
// Fixtures.

#[test]
fn formatted_fixtures() {
    insta::glob!("fixtures/fmt/*.icp", |path| {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{e}"));
        let out = formatted(&text, &path.display().to_string());
        common::snapshot_beside(path, || insta::assert_snapshot!("fmt", out));
    });
}

// ---------------------------------------------------------------------------------------------
// Idempotence and meaning on every spec the repository holds.

/// The rules of a spec without the members that say where things are written (`location`) and
/// how (`source`): what is left is what the spec means.
fn meaning(comp: &Compilation) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("location");
                map.remove("source");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let text = json::to_string(&json::rules(&comp.spec, comp.map(), &comp.config));
    let mut value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON: {e}"));
    strip(&mut value);
    value
}

fn sorted_codes(comp: &Compilation) -> Vec<String> {
    let mut codes = common::codes(comp);
    codes.sort();
    codes
}

/// The texts of a file's comments, in order.
fn comment_texts(text: &str) -> Vec<String> {
    let spec = load_texts(Path::new("/spec"), vec![("a.icp".into(), text.into())]);
    let parsed = icpl::syntax::parse_spec(&spec);
    parsed
        .files
        .iter()
        .flat_map(|f| &f.comments)
        .map(|&c| spec.map.slice(c).trim_end().to_string())
        .collect()
}

/// Formats every `.icp` file of a spec and checks the promises: a file with syntax errors is
/// refused; otherwise formatting is idempotent, keeps every comment in order, and the
/// formatted spec compiles to the same rules with the same diagnostic codes. Gives how many
/// files were formatted.
fn check_spec(loaded: LoadedSpec, origin: &str) -> usize {
    let syntax_errors = !icpl::syntax::parse_spec(&loaded).errors.is_empty();
    let mut files = Vec::new();
    for id in loaded.map.file_ids() {
        let file = loaded.map.file(id);
        let where_ = format!("{origin}: {}", file.name);
        if Some(id) == loaded.config {
            files.push((file.name.clone(), file.text.clone()));
            continue;
        }
        let bad = loaded
            .invalid_utf8
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, at)| *at);
        match format_source(file, id, bad) {
            Ok(once) => {
                assert_eq!(
                    formatted(&once, &where_),
                    once,
                    "{where_}: formatting twice changes the text"
                );
                assert_eq!(
                    comment_texts(&once),
                    comment_texts(&file.text),
                    "{where_}: the comments changed"
                );
                assert!(once.is_empty() || once.ends_with('\n') && !once.ends_with("\n\n"));
                files.push((file.name.clone(), once));
            }
            Err(diagnostics) => {
                assert!(syntax_errors, "{where_}: refused without syntax errors");
                assert!(diagnostics.iter().all(|d| d.code != "internal-error"));
                if bad.is_none() {
                    assert!(format_file(&file.text).is_err(), "{where_}");
                }
                return 0;
            }
        }
    }
    assert!(!syntax_errors, "{origin}: formatted despite syntax errors");
    let count = files.len();
    let after = load_texts(&loaded.root, files);
    let before = compile_with(loaded, common::options());
    let after = compile_with(after, common::options());
    assert_eq!(
        sorted_codes(&before),
        sorted_codes(&after),
        "{origin}: formatting changed the diagnostics"
    );
    if !before.has_errors() {
        assert_eq!(
            meaning(&before),
            meaning(&after),
            "{origin}: formatting changed the rules"
        );
    }
    count
}

fn icp_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            icp_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "icp") {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_formats_idempotently_and_keeps_its_meaning() {
    let mut files = Vec::new();
    icp_files(&root().join("tests/fixtures"), &mut files);
    let mut refused = 0;
    for path in &files {
        let loaded = load_spec(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if check_spec(loaded, &path.display().to_string()) == 0 {
            refused += 1;
        }
    }
    assert!(files.len() >= 30, "found only {} fixtures", files.len());
    assert!(refused >= 5, "the syntax fixtures must be refused");
}

#[test]
fn the_example_project_is_canonical_and_keeps_its_meaning() {
    let loaded = load_spec(&root().join("specs")).unwrap_or_else(|e| panic!("{e}"));
    for file in loaded.map.files() {
        if file.name.ends_with(".icp") {
            assert_eq!(
                formatted(&file.text, &file.name),
                file.text,
                "specs/{} is not in the canonical style (run `icpl fmt specs`)",
                file.name
            );
        }
    }
    assert!(check_spec(loaded, "specs") >= 5);
}

/// The fenced blocks of a Markdown text with the info string `icp`, with their first line.
fn icp_blocks(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut current, fence) {
            (None, Some(info)) if info.trim() == "icp" => current = Some((n + 1, String::new())),
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_icp_example_in_the_docs_formats_idempotently_and_keeps_its_meaning() {
    let mut docs = vec![root().join("README.md")];
    let mut more: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    more.sort();
    docs.extend(more);
    let mut checked = 0;
    for doc in docs {
        for (line, block) in icp_blocks(&read(&doc)) {
            let origin = format!("{}:{line}", doc.display());
            let loaded = load_texts(Path::new("/spec"), vec![("test.icp".into(), block)]);
            checked += check_spec(loaded, &origin);
        }
    }
    assert!(
        checked >= 10,
        "expected the docs to hold examples, found {checked}"
    );
}

// ---------------------------------------------------------------------------------------------
// Comments and special input.

#[test]
fn syntax_errors_are_returned_and_nothing_is_formatted() {
    let errors = format_file("icp a {\n  require employees >\n}\n").err();
    let codes: Vec<String> = errors
        .into_iter()
        .flatten()
        .map(|d| d.code.to_string())
        .collect();
    assert_eq!(codes, ["syntax-error"]);
    assert!(format_file("icp a { summary \"open }").is_err());
    assert!(format_file("account { x: int } }").is_err());
}

#[test]
fn only_syntax_errors_block_formatting() {
    // An unknown attribute and a missing schema are for `icpl check` to report.
    assert_eq!(
        format_file("icp a{require employes>1}").ok().as_deref(),
        Some("icp a {\n  require employes > 1\n}\n")
    );
}

#[test]
fn empty_input_stays_empty_and_output_ends_with_one_newline() {
    assert_eq!(format_file("").ok().as_deref(), Some(""));
    assert_eq!(format_file(" \r\n\n\t").ok().as_deref(), Some(""));
    assert_eq!(
        format_file("\u{FEFF}account{x:int}\r\n\r\n\r\n")
            .ok()
            .as_deref(),
        Some("account {\n  x: int\n}\n")
    );
}

#[test]
fn a_comment_stays_with_its_item() {
    let text = "account {\n  r: enum { a, # about a\n    b, c }\n}\n";
    let out = formatted(text, "inline");
    assert!(out.contains("    a  # about a\n    b\n"), "{out}");

    let text = "icp x {\n  tiers { A >= 5, # top\n B }\n}\n";
    let out = formatted(text, "tiers");
    assert!(out.contains("    A >= 5  # top\n    B\n"), "{out}");

    let text = "icp x {\n  goals [\"a\", # why a\n \"b\"]\n}\n";
    let out = formatted(text, "list");
    assert!(out.contains("    \"a\",  # why a\n    \"b\",\n"), "{out}");

    let text = "icp x {\n  require a > 1\n  # about b\n  require b > 1\n  # the end\n}\n";
    let out = formatted(text, "block");
    assert_eq!(out, text);
}

#[test]
fn two_trailing_comments_never_merge_into_one() {
    // The second comment follows a comma that the canonical style drops.
    let text = "account { r: enum { a # one\n , # two\n b } }\n";
    let out = formatted(text, "commas");
    assert_eq!(comment_texts(&out), ["# one", "# two"]);
    assert_eq!(formatted(&out, "again"), out);
}

// ---------------------------------------------------------------------------------------------
// Generated specs.

/// A separator between two tokens: whitespace, or a comment (`#` is replaced by a numbered
/// comment afterwards).
fn separator() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        6 => Just(" "),
        2 => Just("\n  "),
        1 => Just("  \t"),
        1 => Just("\n\n\n"),
        1 => Just("\r\n"),
        // A lone CR is a line break too (old Mac files, some editors): it ends a comment.
        1 => Just("\r"),
        1 => Just(" #\r"),
        1 => Just("\r#\r\n"),
        1 => Just(" #\n"),
        1 => Just("\n#\n"),
        1 => Just("\n\n  #\n\n"),
    ]
}

/// Tests that the schema of [`SCHEMA`] accepts, as tokens separated by spaces.
const PREDICATES: &[&str] = &[
    "employees >= 200",
    "employees in 10 .. 2k",
    "employees < 1_000",
    "annual_revenue >= $1.5M",
    "growth_rate != 25%",
    "uses_sso",
    "industry == saas",
    "industry not in [ retail , fintech ]",
    "region in [ emea , us , ]",
    "stage > seed",
    "stack has snowflake",
    "stack has any [ segment , snowflake ]",
    "stack has none [ pipedrive ]",
    "region in [ uk , germany , us , canada , emea , north_america , uk , germany , us , canada , \
     emea ]",
];

/// The schema of the generated specs, as tokens separated by spaces.
const SCHEMA: &str = "account { employees : int annual_revenue : money \"revenue\" , \
    growth_rate : percent uses_sso : bool industry : enum { saas \"SaaS\" , fintech retail } \
    region : enum { emea { uk , germany } north_america { us canada } } \
    stage : ordered enum { seed , series_a , growth , } \
    stack : set { snowflake segment pipedrive } }";

/// What follows the generated ICP, as tokens separated by spaces.
const PERSONA_AND_EXAMPLE: &str = "persona p for gen { require employees > 5 \
    channels [ email , ] } example \"e\" { account { employees : 5 , stack : [ snowflake ] } \
    expect not gen expect not persona p }";

fn tokens(text: &'static str) -> Vec<&'static str> {
    text.split_whitespace().collect()
}

fn criterion() -> impl Strategy<Value = Vec<&'static str>> {
    let leaf = prop::sample::select(PREDICATES).prop_map(tokens);
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), prop::bool::ANY, inner.clone()).prop_map(|(a, or, b)| {
                let mut v = a;
                v.push(if or { "or" } else { "and" });
                v.extend(b);
                v
            }),
            inner.clone().prop_map(|a| {
                let mut v = vec!["("];
                v.extend(a);
                v.push(")");
                v
            }),
            inner.prop_map(|a| {
                let mut v = vec!["not"];
                v.extend(a);
                v
            }),
        ]
    })
}

fn statement() -> impl Strategy<Value = Vec<&'static str>> {
    prop_oneof![
        3 => criterion().prop_map(|c| [vec!["require"], c].concat()),
        1 => criterion().prop_map(|c| [vec!["exclude"], c].concat()),
        1 => Just(vec!["pains", "[", "\"Manual reporting\"", ",", "\"No single view\"", "]"]),
        1 => Just(vec!["summary", "\"A profile # with a hash.\""]),
        1 => Just(vec!["section", "\"Notes\"", "[", "\"One\"", ",", "two", ",", "]"]),
        1 => Just(vec!["reviewed", "2026-01-15"]),
    ]
}

/// One ICP with a score and tiers, one persona and one example.
fn spec_tokens() -> impl Strategy<Value = Vec<&'static str>> {
    (
        prop::collection::vec(statement(), 0..5),
        prop::collection::vec(criterion(), 0..4),
        prop::bool::ANY,
    )
        .prop_map(|(statements, signals, tiers)| {
            let mut t = tokens(SCHEMA);
            t.extend(["icp", "gen", "\"Generated\"", "{"]);
            statements.into_iter().for_each(|s| t.extend(s));
            if !signals.is_empty() {
                t.extend(["score", "{"]);
                let names = ["first", "second_signal", "third", "the_fourth_one"];
                let weights = ["+10", "-5", "+1_000", "+0"];
                for ((c, name), weight) in signals.into_iter().zip(names).zip(weights) {
                    t.extend([name, weight, "when"]);
                    t.extend(c);
                }
                t.push("}");
                if tiers {
                    t.extend(["tiers", "{", "A", ">=", "10", ",", "B", "}"]);
                }
            }
            t.push("}");
            t.extend(tokens(PERSONA_AND_EXAMPLE));
            t
        })
}

/// The tokens joined by the separators, each comment with its own number.
fn render(tokens: &[&str], seps: &[&str]) -> String {
    let mut text = String::new();
    let mut comments = 0;
    for (i, tok) in tokens.iter().enumerate() {
        text.push_str(tok);
        let sep = seps.get(i % seps.len().max(1)).copied().unwrap_or(" ");
        if sep.contains('#') {
            comments += 1;
            text.push_str(&sep.replace('#', &format!("# note {comments}.")));
        } else {
            text.push_str(sep);
        }
    }
    text
}

fn generated_spec() -> impl Strategy<Value = String> {
    (spec_tokens(), prop::collection::vec(separator(), 1..64))
        .prop_map(|(tokens, seps)| render(&tokens, &seps))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn generated_specs_format_idempotently_and_keep_their_meaning(text in generated_spec()) {
        let once = formatted(&text, &text);
        prop_assert_eq!(&formatted(&once, &once), &once);
        let lines = text.split(['\n', '\r']);
        for line in lines.filter_map(|l| l.find("# note").map(|at| l[at..].trim_end())) {
            prop_assert_eq!(once.matches(line).count(), text.matches(line).count(), "{}", line);
        }
        prop_assert!(!once.contains('\r') && !once.contains(" \n") && once.ends_with('\n'));
        let loaded = load_texts(Path::new("/spec"), vec![("gen.icp".into(), text.clone())]);
        prop_assert_eq!(check_spec(loaded, &text), 1);
    }
}

/// Mutations of a spec: a snippet put in at a position, replacing a few bytes.
fn mutated_spec() -> impl Strategy<Value = String> {
    const BASES: &[&str] = &[
        include_str!("fixtures/fmt/comments.icp"),
        include_str!("fixtures/fmt/lists.icp"),
        include_str!("fixtures/fmt/long_expressions.icp"),
    ];
    const SNIPPETS: &[&str] = &[
        "", " ", "\n", "\n\n", "#", "# x\n", "{", "}", "[", "]", "(", ")", ",", "\"", "and",
        " or ", " not ", "5", "$1M", "..", ":", "icp y {", "require", "\r\n", "\u{FEFF}", "é",
    ];
    let edit = (0..2000usize, 0..4usize, prop::sample::select(SNIPPETS));
    let edits = prop::collection::vec(edit, 1..4);
    (prop::sample::select(BASES), edits).prop_map(|(base, edits)| {
        let mut text = base.to_string();
        for (at, cut, snippet) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, snippet);
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever the text, formatting either refuses it with diagnostics or gives a text that
    /// formats to itself, with the same comments; it never panics.
    #[test]
    fn mutated_specs_are_formatted_idempotently_or_refused(text in mutated_spec()) {
        match format_file(&text) {
            Ok(once) => {
                let twice = format_file(&once).ok();
                prop_assert_eq!(twice.as_ref(), Some(&once));
                let before = comment_texts(text.strip_prefix('\u{FEFF}').unwrap_or(&text));
                prop_assert_eq!(comment_texts(&once), before);
            }
            Err(diagnostics) => prop_assert!(!diagnostics.is_empty()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The command line.

fn icpl(args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_icpl"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run icpl: {e}"));
    if let Some(mut input) = child.stdin.take() {
        use std::io::Write;
        input
            .write_all(stdin.unwrap_or("").as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("icpl did not finish: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A temporary folder holding `files`, given by their paths inside it.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (name, contents) in files {
        let path = dir.path().join(name);
        let folder = path.parent().unwrap_or(dir.path());
        std::fs::create_dir_all(folder)
            .and_then(|()| std::fs::write(&path, contents))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    dir
}

const UGLY: &str = "account{employees:int}\r\nicp small{require employees<50}\r\n";
const PRETTY: &str = "account {\n  employees: int\n}\n\nicp small {\n  require employees < 50\n}\n";
const BROKEN: &str = "icp small {\n  require employees <\n}\n";

#[test]
fn fmt_check_lists_what_would_change_and_writes_nothing() {
    let dir = project(&[("a/ugly.icp", UGLY), ("a/pretty.icp", PRETTY)]);
    let out = icpl(&["fmt", "--check", "a"], dir.path(), None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "a/ugly.icp\n");
    assert_eq!(read(&dir.path().join("a/ugly.icp")), UGLY);

    let out = icpl(&["fmt", "--check", "a/pretty.icp"], dir.path(), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn fmt_rewrites_changed_files_in_place_and_names_them() {
    let dir = project(&[
        ("ugly.icp", UGLY),
        ("pretty.icp", PRETTY),
        (".hidden/ugly.icp", UGLY),
        ("notes.txt", UGLY),
    ]);
    let out = icpl(&["fmt"], dir.path(), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "ugly.icp\n");
    assert_eq!(read(&dir.path().join("ugly.icp")), PRETTY);
    assert_eq!(read(&dir.path().join(".hidden/ugly.icp")), UGLY);
    assert_eq!(read(&dir.path().join("notes.txt")), UGLY);
    // The rewrite went through a temporary file that is gone now.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".hidden", "notes.txt", "pretty.icp", "ugly.icp"]);

    let again = icpl(&["fmt", "--check", "."], dir.path(), None);
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn fmt_rewrites_the_file_a_symbolic_link_points_to() {
    let dir = project(&[("data/ugly.txt", UGLY)]);
    let link = dir.path().join("link.icp");
    std::os::unix::fs::symlink("data/ugly.txt", &link).unwrap_or_else(|e| panic!("{e}"));
    let out = icpl(&["fmt", "link.icp"], dir.path(), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "link.icp\n");
    assert!(link.is_symlink());
    assert_eq!(read(&dir.path().join("data/ugly.txt")), PRETTY);
}

#[test]
fn fmt_leaves_a_file_with_syntax_errors_untouched() {
    let dir = project(&[("broken.icp", BROKEN), ("ugly.icp", UGLY)]);
    let out = icpl(&["fmt", "."], dir.path(), None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("syntax-error"), "{err}");
    assert!(err.contains("broken.icp:2:"), "{err}");
    assert!(
        err.contains("broken.icp: 1 error, 0 warnings; not formatted"),
        "{err}"
    );
    assert_eq!(read(&dir.path().join("broken.icp")), BROKEN);
    // The other files are still formatted.
    assert_eq!(text(&out.stdout), "ugly.icp\n");
    assert_eq!(read(&dir.path().join("ugly.icp")), PRETTY);
}

#[test]
fn fmt_reads_standard_input_and_writes_standard_output() {
    let dir = project(&[]);
    let out = icpl(&["fmt", "-"], dir.path(), Some(UGLY));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), PRETTY);

    let out = icpl(&["fmt", "-"], dir.path(), Some(BROKEN));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("<stdin>:2:"),
        "{}",
        text(&out.stderr)
    );

    let out = icpl(&["fmt", "--check", "-"], dir.path(), Some(PRETTY));
    assert_eq!(out.status.code(), Some(0));
    let out = icpl(&["fmt", "--check", "-"], dir.path(), Some(UGLY));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "<stdin>\n");
}

#[test]
fn fmt_exits_2_on_io_and_usage_problems() {
    let dir = project(&[]);
    let out = icpl(&["fmt", "missing.icp"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read `missing.icp`"));

    std::fs::create_dir(dir.path().join("empty")).unwrap_or_else(|e| panic!("{e}"));
    let out = icpl(&["fmt", "empty"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no `.icp` files"));

    let out = icpl(&["fmt", "-", "a.icp"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn fmt_check_passes_on_the_example_project() {
    let out = icpl(&["fmt", "--check", "specs"], &root(), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

/// A criterion followed on the same line by a known field (`... uses_sso pains [..]`) is two
/// statements, in a flat layout as in any other: formatting keeps them and is idempotent.
#[test]
fn a_field_after_a_criterion_on_one_line_formats_idempotently() {
    let text = "account { employees : int annual_revenue :  \tmoney \"revenue\" , growth_rate : percent uses_sso : bool industry  \t: enum { saas \"SaaS\" , fintech retail } region  \t: enum { emea { uk , germany } north_america  \t{ us canada } } stage : ordered enum {  \tseed , series_a , growth , } stack : set  \t{ snowflake segment pipedrive } } icp gen \"Generated\" {  \texclude employees < 1_000 and employees < 1_000 and uses_sso  \tpains [ \"Manual reporting\" , \"No single view\" ] } persona p for  \tgen { require employees > 5 channels [ email ,  \t] } example \"e\" { account { employees : 5  \t, stack : [ snowflake ] } expect not gen  \texpect not persona p } ";
    let once = formatted(text, text);
    assert_eq!(formatted(&once, &once), once);
    let loaded = load_texts(
        Path::new("/spec"),
        vec![("gen.icp".into(), text.to_string())],
    );
    assert_eq!(check_spec(loaded, text), 1);
}
