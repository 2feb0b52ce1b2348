//! `icpl check`: parse, check and lint specs, report every problem.

use std::path::{Path, PathBuf};

use icpl::compile::Compilation;
use icpl::diagnostics::{Counts, Diagnostic, Severity, github, render, sarif};

use super::common::{self, Exit, Report, Ui};

/// Validate specs and report every problem found.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Spec files or directories (each one is a separate spec).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Treat warnings as errors (`--deny warnings`).
    #[arg(long, value_enum, value_name = "WHAT")]
    deny: Option<Deny>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Format {
    /// Reports with source excerpts, on standard error.
    Human,
    /// One JSON document per spec (icpl-diagnostics/1), on standard output.
    Json,
    /// A SARIF 2.1.0 log per spec, for code-scanning upload, on standard output.
    Sarif,
    /// GitHub Actions workflow commands (pull-request annotations), on standard output.
    Github,
}

impl Args {
    /// The format of the command line's own errors: the format of the report.
    pub fn report(&self) -> Report {
        match self.format {
            Format::Human => Report::Human,
            Format::Json => Report::Json,
            Format::Sarif => Report::Sarif,
            Format::Github => Report::Github,
        }
    }
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Deny {
    /// Every warning becomes an error.
    Warnings,
}

/// The path to report for a file of a spec: relative to where icpl runs, with `/`.
pub fn report_path(root: &Path, name: &str) -> String {
    let joined = root.join(name);
    let text = joined.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// The diagnostics to report, with warnings raised to errors under `--deny warnings`.
fn reported(comp: &Compilation, deny: Option<Deny>) -> Vec<Diagnostic> {
    let mut diags = comp.diagnostics.clone();
    if matches!(deny, Some(Deny::Warnings)) {
        for d in &mut diags {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }
    diags
}

pub fn run(args: Args, ui: &Ui) -> Exit {
    let mut exit = Exit::Ok;
    for path in &args.paths {
        let spec = common::SpecPath::resolve(path);
        let comp = match common::load(&spec, ui, "checking it with the other files of that spec") {
            Ok(c) => c,
            Err(e) => {
                exit = exit.max(e);
                continue;
            }
        };
        let mut diags = reported(&comp, args.deny);
        // A file of a larger spec: its own diagnostics; the rest of the spec is summed up.
        if let Some(focus) = spec.file_ids(&comp) {
            let in_file = |d: &Diagnostic| {
                d.primary_span()
                    .is_none_or(|s| comp.map().file_id_of(s).is_some_and(|f| focus.contains(&f)))
            };
            let elsewhere = Counts::of(
                &diags
                    .iter()
                    .filter(|d| !in_file(d))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
            diags.retain(in_file);
            if elsewhere.errors + elsewhere.warnings > 0 {
                eprintln!(
                    "note: the rest of the spec has {}{}; `icpl check {}` shows them",
                    render::summary_line(elsewhere),
                    if elsewhere.errors > 0 {
                        " (lints run only when the whole spec has no errors)"
                    } else {
                        ""
                    },
                    spec.load.display()
                );
            }
        }
        if spec.file.is_none() && path.is_file() && diags.iter().any(|d| d.code == "missing-schema")
        {
            eprintln!(
                "note: `{}` was checked on its own; if the schema is in another file, check the folder that holds the spec, or put an `icpl.toml` (it may be empty) in that folder so that its files are checked together",
                path.display()
            );
        }
        let root = comp.loaded.root.clone();
        let to_path = |name: &str| report_path(&root, name);
        let text = match args.format {
            Format::Human => {
                common::report_human(&comp, &diags, ui, path);
                None
            }
            Format::Json => Some(render::json(&diags, comp.map())),
            Format::Sarif => Some(sarif::sarif(&diags, comp.map(), &to_path)),
            Format::Github => Some(github::github(&diags, comp.map(), &to_path)),
        };
        if let Some(text) = text
            && let Err(e) = common::print(|out| out.write_all(text.as_bytes()))
        {
            return exit.max(e);
        }
        if diags.iter().any(|d| d.severity == Severity::Error) {
            exit = exit.max(Exit::Problems);
        }
    }
    exit
}
