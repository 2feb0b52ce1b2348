//! Nothing panics on any input: hostile, huge, deep and malformed inputs each get a clear
//! diagnostic or a correct result. Property tests throw generated and mutated specs at the
//! whole pipeline (parse, check, emit) and also check that output is deterministic.

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

use icpl::compile::Compilation;
use icpl::emit::{brief, json};
use proptest::prelude::*;

/// Runs every stage that a spec without errors reaches, as the CLI would.
fn run_everything(comp: &Compilation) -> Option<String> {
    for d in &comp.diagnostics {
        for l in &d.labels {
            assert!(
                comp.map().file_of(l.span).is_some(),
                "label outside every file: {d:?}"
            );
        }
    }
    let _ = icpl::diagnostics::render::human(
        &comp.diagnostics,
        comp.map(),
        icpl::diagnostics::render::HumanStyle::plain(),
    );
    let _ = icpl::diagnostics::render::json(&comp.diagnostics, comp.map());
    if comp.has_errors() {
        return None;
    }
    let _ = brief::briefs(&comp.spec, &comp.config);
    Some(json::to_string(&json::rules(
        &comp.spec,
        comp.map(),
        &comp.config,
    )))
}

fn codes_of(text: &str) -> Vec<String> {
    let comp = common::compile_text(text);
    run_everything(&comp);
    common::codes(&comp)
}

#[test]
fn hundred_thousand_nested_parentheses_are_a_diagnostic() {
    let n = 100_000;
    let text = format!(
        "account {{ x: int }}\nicp a {{ require {}x > 1{} }}\nicp b {{ require x > 2 }}\n",
        "(".repeat(n),
        ")".repeat(n)
    );
    let comp = common::compile_text(&text);
    assert_eq!(common::codes(&comp), ["too-deeply-nested"]);
    // The item after the deep one is still read.
    assert!(comp.spec.icp("b").is_some());
    run_everything(&comp);
}

#[test]
fn hundred_thousand_nots_are_a_diagnostic() {
    let text = format!(
        "account {{ sso: bool }}\nicp a {{ require {}sso }}\n",
        "not ".repeat(100_000)
    );
    assert_eq!(codes_of(&text), ["too-deeply-nested"]);
}

#[test]
fn deep_brackets_of_every_kind_are_a_diagnostic() {
    for (open, close) in [("[", "]"), ("{", "}"), ("(", ")")] {
        let text = format!(
            "icp a {{ pains {}{} }}",
            open.repeat(50_000),
            close.repeat(50_000)
        );
        assert_eq!(codes_of(&text), ["too-deeply-nested"], "{open}");
    }
    let text = format!(
        "account {{ r: enum {{ {} }} }}",
        "a {".repeat(10_000) + &"}".repeat(10_000)
    );
    assert_eq!(codes_of(&text), ["too-deeply-nested"]);
}

#[test]
fn unbalanced_input_is_reported_not_fatal() {
    assert_eq!(codes_of("{"), ["unclosed-delimiter"]);
    // One error per line, counting the others of the line.
    assert_eq!(codes_of("}}}"), ["unmatched-delimiter"]);
    assert_eq!(codes_of("}\n}\n}"), ["unmatched-delimiter"; 3]);
    assert_eq!(codes_of(&"(".repeat(10)), ["unclosed-delimiter"]);
    assert_eq!(codes_of("(\n(\n("), ["unclosed-delimiter"; 3]);
    let comp = common::compile_text("account { a: int }\nicp x { require ([a > 1\n");
    let messages: Vec<(&str, Option<&str>)> = comp
        .diagnostics
        .iter()
        .map(|d| (d.message.as_str(), d.help.as_deref()))
        .collect();
    assert_eq!(
        messages,
        [(
            "`icp x {` is never closed, nor are the 2 brackets after it on this line",
            Some(
                "add the missing `])}` at the end of the file, after `icp x { require ([a > 1` (line 2)"
            )
        )]
    );
}

/// Runs of one bracket or quote, on one line (40 KB and 1 MB) or one per line (40 KB), inside
/// an item or at the top level: a bounded number of diagnostics (one per line at most, and at
/// most `MAX_ERRORS_PER_FILE` per file plus one saying how many more there are) and a human
/// report of bounded size. Before, 40 KB of `(` gave 40,000 diagnostics that each drew the
/// whole line (3.2 GB).
#[test]
fn runs_of_brackets_and_quotes_give_a_bounded_report() {
    use icpl::syntax::errors::MAX_ERRORS_PER_FILE;
    for unit in [
        "(", "[", "{", "\"", ")", "]", "}", "( ", "] ", "\"a", "(]", "{}", "[}", "x{}", "\"\\",
    ] {
        for size in [40_000, 1_000_000] {
            let run = unit.repeat(size / unit.len());
            let per_line = format!("{unit}\n").repeat(size / (unit.len() + 1));
            let layouts = [
                (
                    "inside an item",
                    format!("account {{ a: int }}\nicp x {{ require {run} }}\n"),
                    true,
                ),
                ("at the top level", format!("{run}\n"), true),
                (
                    "after an item",
                    format!("account {{ a: int }}\n{run}"),
                    true,
                ),
                (
                    "one per line",
                    format!("account {{ a: int }}\nicp x {{\n{per_line}}}\n"),
                    false,
                ),
                ("one per line at the top level", per_line.clone(), false),
            ];
            for (layout, text, one_line) in layouts {
                if !one_line && size > 40_000 {
                    continue; // many lines: the cap, not the size, is what is tested
                }
                let comp = common::compile_text_unlinted(&text);
                let n = comp.diagnostics.len();
                assert!(n >= 1, "{unit:?} {layout} {size}: no diagnostic");
                let bound = if one_line { 3 } else { MAX_ERRORS_PER_FILE + 1 };
                assert!(
                    n <= bound,
                    "{unit:?} {layout} {size}: {n} diagnostics, the first: {:?}",
                    common::codes(&comp).get(..5)
                );
                let out = icpl::diagnostics::render::human(
                    &comp.diagnostics,
                    comp.map(),
                    icpl::diagnostics::render::HumanStyle::plain(),
                );
                assert!(
                    out.len() <= n * 2_000,
                    "{unit:?} {layout} {size}: {} bytes for {n} diagnostics",
                    out.len()
                );
                if n == MAX_ERRORS_PER_FILE + 1 {
                    assert_eq!(
                        comp.diagnostics.last().map(|d| d.code.as_str()),
                        Some("too-many-errors"),
                        "{unit:?} {layout} {size}"
                    );
                }
            }
        }
    }
}

#[test]
fn empty_and_comment_only_files_are_fine() {
    assert!(codes_of("").is_empty());
    assert!(codes_of("# only a comment\n\n   \n").is_empty());
    assert!(codes_of("\u{FEFF}account { a: int }\n").is_empty());
    assert!(codes_of("account { a: int }\r\nicp x {\r\n  require a > 1\r\n}\r\n").is_empty());
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("bad.icp");
    std::fs::write(
        &path,
        b"account { a: int }\n# caf\xff\xfe\nicp x { require a > 1 }\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let comp = common::compile_file(&path);
    assert_eq!(common::codes(&comp), ["invalid-utf8"]);
    let span = comp.diagnostics[0].primary_span().unwrap_or_default();
    let (_, start, _) = comp.map().range(span).unwrap_or_else(|| panic!("no range"));
    assert_eq!((start.line, start.column), (2, 6));
    assert!(
        comp.spec.icp("x").is_some(),
        "the rest of the file is still read"
    );
}

#[test]
fn a_fifty_megabyte_spec_checks_and_builds() {
    let mut text = String::from(
        "account {\n  employees: int\n  revenue: money\n  region: enum { emea { uk, germany }, apac { japan } }\n  stack: set { a, b, c }\n}\n",
    );
    let mut n = 0;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&format!(
            "icp icp_{n} \"ICP {n}\" {{\n  summary \"Generated profile number {n}, padded to make the file large.\"\n  require employees in {}..{} and revenue >= ${}k\n  require region in [emea] or stack has any [a, b]\n  exclude stack has none [c]\n  score {{\n    big +10 when employees > {}\n    small -5 when revenue < $1M\n  }}\n  tiers {{ A >= 10, B }}\n}}\n",
            n % 100,
            n % 100 + 500,
            n % 900 + 1,
            n % 300,
        ));
        n += 1;
    }
    // Parsing and checking at this size; the lints' cost at scale (and their bounds) is
    // measured by the benchmark (docs/benchmarks.md).
    let comp = common::compile_text_unlinted(&text);
    assert!(
        comp.diagnostics.is_empty(),
        "{:?}",
        comp.diagnostics.first()
    );
    assert_eq!(comp.spec.icps.len(), n);
    let rules = json::rules(&comp.spec, comp.map(), &comp.config);
    assert_eq!(rules.icps.len(), n);
}

#[test]
fn a_huge_single_line_and_a_huge_string_are_fine() {
    let long_list: Vec<String> = (0..20_000).map(|i| format!("\"pain {i}\"")).collect();
    let text = format!(
        "account {{ a: int }}\nicp x {{ require a > 1 pains [{}] summary \"{}\" }}\n",
        long_list.join(", "),
        "x".repeat(1_000_000)
    );
    assert!(codes_of(&text).is_empty());
}

/// Pieces that make plausible (and implausible) specs when glued together at random.
const PIECES: &[&str] = &[
    "account",
    "contact",
    "icp",
    "persona",
    "example",
    "for",
    "require",
    "exclude",
    "score",
    "tiers",
    "reviewed",
    "section",
    "expect",
    "tier",
    "not",
    "and",
    "or",
    "in",
    "has",
    "any",
    "all",
    "none",
    "when",
    "true",
    "false",
    "int",
    "money",
    "percent",
    "bool",
    "enum",
    "ordered",
    "set",
    "employees",
    "region",
    "emea",
    "uk",
    "stack",
    "a",
    "b",
    "x",
    "summary",
    "pains",
    "role",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ",",
    ":",
    ".",
    "..",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+10",
    "-5",
    "0",
    "200",
    "2k",
    "1.5M",
    "$20M",
    "$1.5B",
    "25%",
    "-3%",
    "2026-10-01",
    "2026-02-30",
    "\"text\"",
    "\"unterminated",
    "\"esc\\q\"",
    "# comment\n",
    "\n",
    " ",
    "\t",
    "é",
    "\u{FEFF}",
    "\u{0}",
    "9999999999999999999",
    "=",
    "&&",
    "'",
    "account.employees",
    "contact.region",
    // What the syntax stage recognises as common mistakes (src/syntax/slips.rs).
    "IN",
    "AND",
    "<>",
    "≥",
    "between",
    "to",
    "is",
    "LIKE",
    ";",
    "$20m",
    "20K",
    "1,000",
    "200-2000",
    "$-5",
    "€",
    "%",
    "...",
    "..=",
    "|",
    "!",
    "=>",
    "\"saas\"",
    "'x'",
    "1e6",
    ".5",
    "points",
    "if",
    "USD",
    "percent",
];

fn piece_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|ps| ps.join(" "))
}

fn example_spec() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let mut files: Vec<_> = walk(&dir);
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "icp") {
            out.push(p);
        }
    }
    out
}

/// An edit to a valid spec: delete, insert or replace a range of characters.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, &'static str),
    Replace(usize, usize, &'static str),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), prop::sample::select(PIECES)).prop_map(|(at, p)| Edit::Insert(at, p)),
        (any::<usize>(), 1usize..10, prop::sample::select(PIECES))
            .prop_map(|(at, n, p)| Edit::Replace(at, n, p)),
    ];
    prop::collection::vec(edit, 1..6)
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let len = chars.len().max(1);
        match e {
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                chars.drain(at.min(chars.len())..end);
            }
            Edit::Insert(at, p) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, p.chars());
            }
            Edit::Replace(at, n, p) => {
                let at = (at % len).min(chars.len());
                let end = (at + n).min(chars.len());
                chars.splice(at..end, p.chars());
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_token_soup_never_panics(text in piece_soup()) {
        let comp = common::compile_text(&text);
        run_everything(&comp);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let comp = common::compile_text(&text);
        run_everything(&comp);
    }

    #[test]
    fn edited_example_specs_never_panic_and_stay_deterministic(edits in edits()) {
        let text = apply(&example_spec(), &edits);
        let first = common::compile_text(&text);
        let second = common::compile_text(&text);
        prop_assert_eq!(&first.diagnostics, &second.diagnostics);
        prop_assert_eq!(run_everything(&first), run_everything(&second));
    }
}
