//! `icpl check`: parse and check specs, report every problem.

use std::path::PathBuf;

use icpl::diagnostics::Severity;
use icpl::diagnostics::render;

use super::common::{self, Exit, Ui};

/// Validate specs and report every problem found.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Spec files or directories (each one is a separate spec).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Format {
    /// Reports with source excerpts, on standard error.
    Human,
    /// One JSON document per spec, on standard output.
    Json,
}

pub fn run(args: Args, ui: &Ui) -> Exit {
    let mut exit = Exit::Ok;
    for path in &args.paths {
        let comp = match common::load(path, ui) {
            Ok(c) => c,
            Err(e) => {
                exit = exit.max(e);
                continue;
            }
        };
        let diags = &comp.diagnostics;
        match args.format {
            Format::Human => common::report_human(&comp, diags, ui, path),
            Format::Json => {
                let text = render::json(diags, comp.map());
                if let Err(e) = common::print(|out| out.write_all(text.as_bytes())) {
                    return exit.max(e);
                }
            }
        }
        if diags.iter().any(|d| d.severity == Severity::Error) {
            exit = exit.max(Exit::Problems);
        }
    }
    exit
}
