//! The settings file and the analysis do not import each other: `compile` reads `icpl.toml`
//! and hands the lints their levels and options (docs/architecture.md, "Data flows one way").

use std::path::{Path, PathBuf};

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

/// The lines of the files under `dir` (or the file `dir`) that mention `module`.
fn mentions(root: &Path, dir: &str, module: &str) -> Vec<String> {
    let path = root.join(dir);
    let mut files = Vec::new();
    if path.is_dir() {
        rust_files(&path, &mut files);
    } else {
        files.push(path);
    }
    let needles = [format!("crate::{module}"), format!("icpl::{module}")];
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for (n, line) in text.lines().enumerate() {
            if needles.iter().any(|x| line.contains(x.as_str())) {
                out.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    out
}

#[test]
fn config_and_analysis_do_not_import_each_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = mentions(root, "src/config.rs", "analysis");
    assert!(
        found.is_empty(),
        "config imports analysis:\n{}",
        found.join("\n")
    );
    let found = mentions(root, "src/analysis", "config");
    assert!(
        found.is_empty(),
        "analysis imports config:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_analysis_does_not_import_the_diff() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = mentions(root, "src/analysis", "diff");
    assert!(
        found.is_empty(),
        "analysis imports diff:\n{}",
        found.join("\n")
    );
}
