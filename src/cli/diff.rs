//! `icpl diff`: what a change to a spec does to who matches, scores and tiers.

use std::path::{Path, PathBuf};

use icpl::compile::{Compilation, Options, compile_with};
use icpl::diagnostics::escape::escape;
use icpl::diagnostics::{Diagnostic, codes};
use icpl::diff::{self, Version, git, render};
use icpl::output::write_atomic;
use icpl::source::{LoadedSpec, load_spec};

use super::common::{self, Exit, Ui};

/// Compare two versions of a spec: who a change lets in or shuts out, and how scores and tiers
/// move.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    icpl diff specs-before specs            compare two folders\n  \
    icpl diff --against origin/main specs   compare the working tree with a revision\n  \
    icpl diff --against HEAD~1 --format markdown --exit-code")]
pub struct Args {
    /// OLD and NEW spec paths; with --against, the one spec path (default `.`).
    #[arg(value_name = "PATH", num_args = 0..=2)]
    paths: Vec<PathBuf>,

    /// Compare the working tree with this git revision (a commit, branch or tag), read through
    /// git without checking anything out.
    #[arg(long, value_name = "REV")]
    against: Option<String>,

    /// The report's form.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Exit with 1 when who matches, a score or a tier changed (0 when only texts did).
    #[arg(long)]
    exit_code: bool,

    /// Write the report to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Plain text for a terminal.
    Human,
    /// A pull-request comment: a summary table, then folded details.
    Markdown,
    /// The icpl-diff/1 document, for bots (docs/pull-requests.md).
    Json,
}

/// Compiles one version; its errors are reported under its label.
fn compile_version(
    loaded: LoadedSpec,
    label: &str,
    ui: &Ui,
    path: &Path,
) -> Result<Compilation, Exit> {
    let comp = compile_with(loaded, Options::rules_only());
    if comp.has_errors() {
        common::report_human(&comp, &comp.diagnostics, ui, path);
        eprintln!(
            "error: the {label} version has errors; fix them (see `icpl check`) before comparing"
        );
        return Err(Exit::Usage);
    }
    Ok(comp)
}

pub fn run(args: Args, ui: &Ui) -> Exit {
    let (old, new, old_label, new_label) = match &args.against {
        Some(rev) => {
            if args.paths.len() > 1 {
                return ui.error(Diagnostic::new(
                    &codes::USAGE,
                    "with --against, give at most one spec path",
                ));
            }
            let path = args
                .paths
                .first()
                .cloned()
                .unwrap_or_else(|| PathBuf::from("."));
            // A file of a larger spec stands for that spec (alone it would not compile).
            let spec = common::SpecPath::resolve(&path);
            spec.note("comparing that spec");
            let path = spec.load;
            let old = match git::load_revision(rev, &path) {
                Ok(s) => s,
                Err(e) => return ui.fail(&e),
            };
            let new = match load_spec(&path) {
                Ok(s) => s,
                Err(e) => return ui.fail(&e),
            };
            let label = path.display().to_string();
            (old, new, format!("{rev}:{label}"), label)
        }
        None => {
            let [old_path, new_path] = args.paths.as_slice() else {
                return ui.error(
                    Diagnostic::new(
                        &codes::USAGE,
                        "give OLD and NEW spec paths, or --against REV [PATH]",
                    )
                    .with_help(
                        "`icpl diff specs-before specs` or `icpl diff --against origin/main specs`",
                    ),
                );
            };
            let (old_spec, new_spec) = (
                common::SpecPath::resolve(old_path),
                common::SpecPath::resolve(new_path),
            );
            old_spec.note("comparing that spec");
            new_spec.note("comparing that spec");
            let (old_path, new_path) = (&old_spec.load, &new_spec.load);
            let old = match load_spec(old_path) {
                Ok(s) => s,
                Err(e) => return ui.fail(&e),
            };
            let new = match load_spec(new_path) {
                Ok(s) => s,
                Err(e) => return ui.fail(&e),
            };
            (
                old,
                new,
                old_path.display().to_string(),
                new_path.display().to_string(),
            )
        }
    };
    let old_path = PathBuf::from(&old_label);
    let new_path = PathBuf::from(&new_label);
    let old = match compile_version(old, "old", ui, &old_path) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let new = match compile_version(new, "new", ui, &new_path) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let report = diff::diff(
        &Version {
            label: old_label,
            spec: &old.spec,
            map: old.map(),
        },
        &Version {
            label: new_label,
            spec: &new.spec,
            map: new.map(),
        },
    );
    // Names and texts from the specs are quoted: nothing a terminal acts on goes out raw
    // (JSON encodes control characters by itself).
    let text = match args.format {
        Format::Human => escape(&render::human(&report)).into_owned(),
        Format::Markdown => escape(&render::markdown(&report)).into_owned(),
        Format::Json => render::json(&report),
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = write_atomic(path, text.as_bytes()) {
                return ui.error(Diagnostic::new(
                    &codes::IO_ERROR,
                    format!("cannot write `{}`: {e}", path.display()),
                ));
            }
        }
        None => {
            if let Err(exit) = common::print(|out| out.write_all(text.as_bytes())) {
                return exit;
            }
        }
    }
    if args.exit_code && report.rules_changed {
        Exit::Problems
    } else {
        Exit::Ok
    }
}
