//! The import rule of docs/architecture.md ("Data flows one way"): every stage of the library
//! imports only the stages before it, `config` and `analysis` do not import each other, and pest
//! is touched only in `syntax/`. A mention of `crate::<stage>` anywhere in a file, code or doc
//! link, counts as an import.
//!
//! And the no-panic rule ("No panics in library code"): Cargo.toml denies the lints that catch
//! a panic, and every exception allowed in `src/` says right above it, in a `PANIC SAFETY`
//! comment, the invariant that makes it safe.

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

/// The stages in order: each may import only the ones before it.
const LAYERS: &[&str] = &[
    "num",
    "source",
    "output",
    "diagnostics",
    "syntax",
    "fmt",
    "sema",
    "semantics",
    "config",
    "analysis",
    "eval",
    "diff",
    "emit",
    "compile",
    "records",
    "lsp",
];

/// Pairs that the order would allow but the architecture forbids.
const FORBIDDEN: &[(&str, &str)] = &[("analysis", "config")];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The stage a source file belongs to (`src/sema/ir.rs` → `sema`, `src/num.rs` → `num`).
fn stage_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// The stages a text mentions as `crate::<stage>`.
fn mentioned(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push((n + 1, name));
            rest = after;
        }
    }
    out
}

#[test]
fn every_stage_imports_only_earlier_stages() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let rank = |s: &str| LAYERS.iter().position(|l| *l == s);
    let mut problems = Vec::new();
    let mut seen_stages = std::collections::BTreeSet::new();
    for file in &files {
        let Some(stage) = stage_of(&src, file) else {
            continue;
        };
        // The binary and the pipeline's entry points sit above every stage.
        if matches!(stage.as_str(), "main" | "lib" | "cli") {
            continue;
        }
        seen_stages.insert(stage.clone());
        let Some(own) = rank(&stage) else {
            problems.push(format!(
                "{}: stage `{stage}` is not in the layer list of tests/layers.rs (and docs/architecture.md)",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        for (line, used) in mentioned(&text) {
            if used == stage || used.is_empty() {
                continue;
            }
            let forbidden = FORBIDDEN.contains(&(stage.as_str(), used.as_str()))
                || FORBIDDEN.contains(&(used.as_str(), stage.as_str()));
            match rank(&used) {
                Some(r) if r < own && !forbidden => {}
                _ => problems.push(format!(
                    "{}:{line}: `{stage}` imports `{used}`",
                    file.display()
                )),
            }
        }
        if stage != "syntax" && (text.contains("pest::") || text.contains("pest_derive")) {
            problems.push(format!("{}: pest outside syntax/", file.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every listed stage exists, so the list stays true to the tree.
    for l in LAYERS {
        assert!(
            seen_stages.contains(*l),
            "stage `{l}` is listed but has no source"
        );
    }
}

/// The rule itself catches what it should: a later stage, a forbidden pair, an unknown one.
#[test]
fn the_rule_reads_mentions() {
    let found = mentioned("use crate::emit::json; // see crate::sema::ir and crate::x");
    let names: Vec<&str> = found.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["emit", "sema", "x"]);
}

/// The lints that catch a panic in library code; Cargo.toml denies them all.
const NO_PANIC_LINTS: &[&str] = &[
    "unwrap_used",
    "expect_used",
    "panic",
    "unreachable",
    "todo",
    "unimplemented",
    "indexing_slicing",
];

/// The lines of a Rust file that allow (or expect) one of the no-panic lints, without a
/// `// PANIC SAFETY:` comment in the comment block right above them (attributes between the
/// comment and the line are skipped). Lines are numbered from 1.
fn unexplained_allows(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let allows = ["allow(", "expect("].iter().any(|a| code.contains(a))
            && NO_PANIC_LINTS
                .iter()
                .any(|l| code.contains(&format!("clippy::{l}")));
        if !allows {
            continue;
        }
        let mut above = lines[..n].iter().rev().map(|l| l.trim());
        let mut explained = false;
        for l in above.by_ref() {
            if l.starts_with("#[") {
                continue;
            }
            if let Some(comment) = l.strip_prefix("//") {
                explained |= comment.trim_start().starts_with("PANIC SAFETY:");
                // The rest of the comment block.
                for l in above.by_ref() {
                    let Some(comment) = l.strip_prefix("//") else {
                        break;
                    };
                    explained |= comment.trim_start().starts_with("PANIC SAFETY:");
                }
            }
            break;
        }
        if !explained {
            out.push(n + 1);
        }
    }
    out
}

/// Every exception to the no-panic rule in `src/` states its invariant right above it.
#[test]
fn every_panic_exception_states_its_invariant() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        for line in unexplained_allows(&text) {
            problems.push(format!(
                "{}:{line}: a no-panic lint is allowed without a `// PANIC SAFETY:` comment above",
                file.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check itself tells an explained exception from one that is not.
#[test]
fn the_rule_reads_panic_safety_comments() {
    let text = "\
// PANIC SAFETY: `i` < `v.len()` by construction.
#[allow(clippy::indexing_slicing)]
fn a() {}

/// Documented, but no invariant.
#[allow(clippy::indexing_slicing)]
fn b() {}

// PANIC SAFETY: the table's length is a power of two,
// and every index is masked with it.
#[inline]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
fn c() {}

#[allow(clippy::too_many_arguments)]
fn d() {}

// An ordinary comment.
#![allow(clippy::panic)]
#[expect(clippy::expect_used)]
fn e() {}
";
    assert_eq!(unexplained_allows(text), [6, 19, 20]);
}

/// Cargo.toml denies every no-panic lint for the library, so dropping the table (or a lint from
/// it) fails here; the benchmark harness and the test support keep their narrower policy.
#[test]
fn the_lint_table_denies_panics() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let level = |manifest: &str, lint: &str| -> Option<String> {
        let text = std::fs::read_to_string(root.join(manifest)).unwrap_or_else(|e| panic!("{e}"));
        let doc: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{manifest}: {e}"));
        let value = doc.get("lints")?.get("clippy")?.get(lint)?;
        match value {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Table(t) => t.get("level")?.as_str().map(str::to_string),
            _ => None,
        }
    };
    let denied = |l: Option<String>| matches!(l.as_deref(), Some("deny" | "forbid"));
    for lint in NO_PANIC_LINTS {
        assert!(
            denied(level("Cargo.toml", lint)),
            "Cargo.toml must deny clippy::{lint}"
        );
    }
    for manifest in ["bench/Cargo.toml", "support/Cargo.toml"] {
        for lint in ["unwrap_used", "todo", "unimplemented"] {
            assert!(
                denied(level(manifest, lint)),
                "{manifest} must deny clippy::{lint}"
            );
        }
    }
}
