//! Replays the fuzz targets' inputs on the stable toolchain: every input that ever crashed,
//! hung or broke a promise (`fuzz/regressions/<target>/`) and the seed corpus
//! (`fuzz/corpus/<target>/`) go through the same harness the fuzz targets run
//! (`icpl_testkit::fuzz`), with all of its checks: no panic, the formatter idempotent and
//! keeping the meaning, the two evaluators agreeing, the server answering every request.
//! docs/fuzzing.md says how an input gets here.

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

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

use icpl_testkit::fuzz;

/// What a fuzz target runs on one input: panics when a promise does not hold.
type Harness = fn(&[u8]);

/// The fuzz targets and the harness function each one runs.
const TARGETS: [(&str, Harness); 4] = [
    ("spec", fuzz::spec::spec),
    ("records", fuzz::records::records),
    ("lsp", fuzz::lsp::lsp),
    ("diff", fuzz::diff::diff),
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of a folder, sorted; none when it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Runs a target's harness on every file of a folder; gives the files that failed, with why.
fn replay(target: &str, run: Harness, dir: &Path) -> (usize, Vec<String>) {
    let inputs = files(dir);
    let mut failures = Vec::new();
    for path in &inputs {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(&bytes)));
        let took = start.elapsed();
        let name = path.strip_prefix(fuzz_dir()).unwrap_or(path).display();
        match outcome {
            Err(panic) => {
                let why = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("a panic");
                failures.push(format!("{target}: {name}: {why}"));
            }
            // Every saved input runs well within the fuzzer's 10 s timeout, even in a
            // debug-ish test build: a slow one is a hang coming back.
            Ok(()) if took.as_secs() >= 5 => {
                failures.push(format!("{target}: {name}: took {took:?}"));
            }
            Ok(()) => {}
        }
    }
    (inputs.len(), failures)
}

fn replay_target(target: &str) {
    let (_, run) = TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .copied()
        .unwrap_or_else(|| panic!("no target {target}"));
    let (regressions, mut failures) =
        replay(target, run, &fuzz_dir().join("regressions").join(target));
    let (corpus, more) = replay(target, run, &fuzz_dir().join("corpus").join(target));
    failures.extend(more);
    assert!(corpus > 0, "the corpus of `{target}` is empty");
    assert!(
        failures.is_empty(),
        "{} of {} inputs fail:\n{}",
        failures.len(),
        regressions + corpus,
        failures.join("\n")
    );
}

#[test]
fn spec_inputs_replay_cleanly() {
    replay_target("spec");
}

#[test]
fn records_inputs_replay_cleanly() {
    replay_target("records");
}

#[test]
fn lsp_inputs_replay_cleanly() {
    replay_target("lsp");
}

#[test]
fn diff_inputs_replay_cleanly() {
    replay_target("diff");
}

/// Every folder of saved inputs belongs to a target, and every target is a fuzz target of
/// `fuzz/`: nothing saved is left out of the replay.
#[test]
fn every_saved_input_has_a_target() {
    let names: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
    for kind in ["regressions", "corpus"] {
        let dir = fuzz_dir().join(kind);
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            assert!(
                path.is_dir() && name.as_deref().is_some_and(|n| names.contains(&n)),
                "{} is not the folder of a fuzz target ({names:?})",
                path.display()
            );
        }
    }
    for name in names {
        let target = fuzz_dir().join("fuzz_targets").join(format!("{name}.rs"));
        let text = std::fs::read_to_string(&target)
            .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        assert!(
            text.contains(&format!("icpl_testkit::fuzz::{name}::{name}(data)")),
            "{} does not run the harness the replay runs",
            target.display()
        );
    }
}
