//! `icpl test`: run the spec's `example` blocks.

use std::path::PathBuf;

use icpl::diagnostics::render;
use icpl::eval::examples;

use super::common::{self, Exit, Report, Ui};

/// Run every `example` block and check its expectations.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spec: a `.icp` file or a directory.
    #[arg(default_value = ".")]
    path: PathBuf,

    /// Output format of the failures.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Format {
    /// Reports with source excerpts on standard error, and a summary line.
    Human,
    /// The failures as a JSON diagnostics document (icpl-diagnostics/1) on standard output.
    Json,
}

impl Args {
    /// The format of the command line's own errors: the format of the report.
    pub fn report(&self) -> Report {
        match self.format {
            Format::Human => Report::Human,
            Format::Json => Report::Json,
        }
    }
}

pub fn run(args: Args, ui: &Ui) -> Exit {
    let comp = match common::load_rules(&args.path, ui, "the examples were not run") {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    // A file of a larger spec: its own examples, against the whole spec.
    let spec = common::SpecPath::resolve(&args.path);
    let report = match spec.file_ids(&comp) {
        Some(files) => {
            let mut only = comp.spec.clone();
            only.examples.retain(|x| {
                comp.map()
                    .file_id_of(x.span)
                    .is_some_and(|f| files.contains(&f))
            });
            examples::run(&only)
        }
        None => examples::run(&comp.spec),
    };
    match args.format {
        Format::Human => {
            if !report.failures.is_empty() {
                eprint!(
                    "{}",
                    render::human(&report.failures, comp.map(), ui.style())
                );
            }
            let plural = |n: usize, w: &str| {
                if n == 1 {
                    format!("1 {w}")
                } else {
                    format!("{n} {w}s")
                }
            };
            eprintln!(
                "{}: {} ({}): {} passed, {} failed",
                common::shown(&args.path),
                plural(report.examples, "example"),
                plural(report.expectations, "expectation"),
                report.examples - report.failed_examples,
                report.failed_examples,
            );
        }
        Format::Json => {
            let text = render::json(&report.failures, comp.map());
            if let Err(e) = common::print(|out| out.write_all(text.as_bytes())) {
                return e;
            }
        }
    }
    if report.failures.is_empty() {
        Exit::Ok
    } else {
        Exit::Problems
    }
}
