//! The documentation stays true to the code: every complete example compiles, and every
//! registry (narrative fields, diagnostic codes) is documented in full.

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

use icpl::diagnostics::render::{HumanStyle, human};
use icpl::sema::narrative::FIELDS;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The Markdown files whose examples must compile: README.md and docs/*.md.
fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        // The examples of docs/lints.md trigger their lint on purpose; tests/lints.rs checks
        // that each one does.
        .filter(|p| !p.ends_with("lints.md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// The fenced blocks of a Markdown text with the given info string, with their first line.
fn fenced_blocks(text: &str, info: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut current {
            None if trimmed
                .strip_prefix("```")
                .is_some_and(|rest| rest.trim() == info) =>
            {
                current = Some((n + 1, String::new()));
            }
            Some(_) if trimmed.starts_with("```") => out.extend(current.take()),
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn every_icp_example_in_the_docs_compiles_cleanly() {
    let mut checked = 0;
    for file in markdown_files() {
        for (line, block) in fenced_blocks(&read(&file), "icp") {
            let comp = common::compile_text(&block);
            assert!(
                comp.diagnostics.is_empty(),
                "{}:{line}: the ```icp example does not compile cleanly:\n{}",
                file.display(),
                human(&comp.diagnostics, comp.map(), HumanStyle::plain())
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 5,
        "expected the docs to hold examples, found {checked}"
    );
}

#[test]
fn the_language_reference_lists_every_narrative_field() {
    let text = read(&root().join("docs/language.md"));
    for f in FIELDS {
        let row = format!("| `{}` |", f.name);
        assert!(
            text.contains(&row),
            "docs/language.md has no table row for `{}`",
            f.name
        );
    }
}

#[test]
fn the_json_schema_describes_every_narrative_field() {
    let schema: serde_json::Value =
        serde_json::from_str(icpl::emit::RULES_SCHEMA).unwrap_or_else(|e| panic!("{e}"));
    let props = schema["$defs"]["narrative"]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("the schema has no narrative properties"));
    let in_schema: BTreeSet<&str> = props.keys().map(String::as_str).collect();
    // summary, owner and role are members of their own on ICPs and personas.
    let mut expected: BTreeSet<&str> = FIELDS
        .iter()
        .map(|f| f.name)
        .filter(|n| !matches!(*n, "summary" | "owner" | "role"))
        .collect();
    expected.insert("sections");
    assert_eq!(in_schema, expected);
}

/// Every `code("...")` in the sources.
fn diagnostic_codes() -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = read(&path);
                for part in text.split("code(\"").skip(1) {
                    if let Some(code) = part.split('"').next() {
                        out.insert(code.to_string());
                    }
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(&root().join("src"), &mut out);
    out
}

#[test]
fn every_diagnostic_code_is_documented() {
    let codes = diagnostic_codes();
    assert!(codes.len() > 40, "found only {} codes", codes.len());
    let text = read(&root().join("docs/diagnostics.md"));
    let missing: Vec<&String> = codes
        .iter()
        .filter(|c| !text.contains(&format!("`{c}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/diagnostics.md does not document: {missing:?}"
    );
}
