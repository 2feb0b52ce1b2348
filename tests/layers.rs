//! The import rule of docs/architecture.md ("Data flows one way"): every stage of the library
//! imports only the stages before it, `config` and `analysis` do not import each other, and pest
//! is touched only in `syntax/`. A mention of `crate::<stage>` anywhere in a file, code or doc
//! link, counts as an import.

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
