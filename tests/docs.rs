//! The documentation stays true to the code: every complete example compiles, and every
//! registry (narrative fields, diagnostic codes) is documented in full: the code reference of
//! docs/diagnostics.md is generated from the registry of codes.

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

use icpl::analysis::lints;
use icpl::diagnostics::codes::{self, Example};
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

/// Every `code("...")` in the sources: the codes the stages' error types declare by name
/// (`#[diagnostic(code(...))]`). Every other diagnostic is built from a typed code of the
/// registry, which the compiler checks.
fn codes_named_in_the_sources() -> BTreeSet<String> {
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
fn every_code_the_sources_name_is_declared_in_the_registry() {
    let named = codes_named_in_the_sources();
    assert!(named.len() > 40, "found only {} codes", named.len());
    let undeclared: Vec<&String> = named
        .iter()
        .filter(|c| codes::find(c).is_none() && lints::lint(c).is_none())
        .collect();
    assert!(
        undeclared.is_empty(),
        "codes raised but not declared in src/diagnostics/codes/: {undeclared:?}"
    );
}

#[test]
fn the_registry_declares_each_code_once_and_apart_from_the_lints() {
    let mut seen = BTreeSet::new();
    for def in codes::all() {
        assert!(seen.insert(def.id()), "`{}` is declared twice", def.id());
        assert!(
            lints::lint(def.id()).is_none(),
            "`{}` is both a code and a lint",
            def.id()
        );
        assert!(
            !def.summary().is_empty() && !def.explanation().is_empty() && !def.fix().is_empty(),
            "`{}` is not documented in full",
            def.id()
        );
        assert_eq!(
            codes::find(def.id()).map(|d| d.id()),
            Some(def.id()),
            "`{}` cannot be found by its id",
            def.id()
        );
    }
    assert!(seen.len() > 60, "only {} codes are declared", seen.len());
}

/// The second part of docs/diagnostics.md is the registry as Markdown. With
/// `ICPL_UPDATE_DOCS=1` the test writes it instead of comparing.
#[test]
fn the_code_reference_in_the_docs_is_generated_from_the_registry() {
    let path = root().join("docs/diagnostics.md");
    let text = read(&path);
    let start = text
        .find(codes::GENERATED)
        .unwrap_or_else(|| panic!("docs/diagnostics.md lacks the line {}", codes::GENERATED));
    let generated = codes::markdown();
    if std::env::var_os("ICPL_UPDATE_DOCS").is_some() {
        let updated = format!("{}{generated}", &text[..start]);
        std::fs::write(&path, updated).unwrap_or_else(|e| panic!("cannot write docs: {e}"));
        return;
    }
    let current = &text[start..];
    if current != generated {
        let line = current
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| current.lines().count().min(generated.lines().count()));
        panic!(
            "docs/diagnostics.md is not the registry's reference (first difference at line {} \
             of the generated part); run `ICPL_UPDATE_DOCS=1 cargo test --test docs`",
            line + 1
        );
    }
    for def in codes::all() {
        assert!(
            text.contains(&format!("`{}`", def.id())),
            "docs/diagnostics.md does not document `{}`",
            def.id()
        );
    }
}

/// Every example of the registry that is a spec or a settings file gets its code when it is
/// compiled (or, for a target or `icpl test`, when the spec is written for that target or its
/// examples are run).
#[test]
fn every_example_of_the_registry_gets_its_code() {
    let mut checked = 0;
    for def in codes::all() {
        let comp = match def.example() {
            Example::Spec(text) => common::compile_text(&format!("{}{text}\n", codes::DOCS_SCHEMA)),
            Example::SpecAlone(text) => common::compile_text(&format!("{text}\n")),
            Example::Config(toml) => {
                let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
                let write = |name: &str, text: &str| {
                    std::fs::write(dir.path().join(name), text)
                        .unwrap_or_else(|e| panic!("cannot write {name}: {e}"))
                };
                write("spec.icp", codes::DOCS_SCHEMA);
                write("icpl.toml", &format!("{toml}\n"));
                common::compile_file(dir.path())
            }
            Example::Shell(_) | Example::None => continue,
        };
        let mut found = common::codes(&comp);
        // The codes of the commands that use a compiled spec come from those commands.
        match def.stage() {
            codes::Stage::Targets => found.extend(
                icpl::emit::jsonlogic::document(&comp.spec)
                    .err()
                    .into_iter()
                    .flatten()
                    .map(|d| d.code.to_string()),
            ),
            codes::Stage::Examples => found.extend(
                icpl::eval::examples::run(&comp.spec)
                    .failures
                    .iter()
                    .map(|d| d.code.to_string()),
            ),
            _ => {}
        }
        assert!(
            found.iter().any(|c| c == def.id()),
            "the example of `{}` gives {found:?}",
            def.id()
        );
        checked += 1;
    }
    assert!(checked > 40, "only {checked} examples were compiled");
}
