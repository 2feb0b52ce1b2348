//! `icpl build`: compile a spec to the JSON rules document.

use std::io::Write;
use std::path::PathBuf;

use icpl::diagnostics::{Diagnostic, codes};
use icpl::emit::json;
use icpl::output::write_atomic_with;

use super::common::{self, Exit, Ui};

/// Compile a spec to JSON rules (format icpl-rules/1).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spec: a `.icp` file or a directory.
    #[arg(default_value = ".")]
    path: PathBuf,

    /// Write the rules to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// What to compile to.
    #[arg(long, value_enum, default_value_t = Target::Json)]
    target: Target,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Target {
    /// The icpl-rules/1 document (docs/json-format.md).
    Json,
    /// Each ICP's status rule and signals as three-valued JsonLogic (docs/jsonlogic.md).
    Jsonlogic,
}

pub fn run(args: Args, ui: &Ui) -> Exit {
    let spec = common::SpecPath::resolve(&args.path);
    let comp = match common::load(&spec, ui, "building that spec") {
        Ok(c) => c,
        Err(e) => return e,
    };
    common::report_human(&comp, &comp.diagnostics, ui, &spec.load);
    if comp.has_errors() {
        eprintln!("error: nothing was written because the spec has errors");
        return Exit::Problems;
    }
    if args.target == Target::Jsonlogic {
        let text = match icpl::emit::jsonlogic::to_string(&comp.spec) {
            Ok(text) => text,
            Err(problems) => {
                common::report_human(&comp, &problems, ui, &args.path);
                eprintln!(
                    "error: nothing was written: the spec cannot be written as JsonLogic exactly"
                );
                return Exit::Problems;
            }
        };
        let written = match &args.output {
            Some(path) => write_atomic_with(path, |w| w.write_all(text.as_bytes())),
            None => match common::print(|out| out.write_all(text.as_bytes())) {
                Ok(()) => Ok(()),
                Err(exit) => return exit,
            },
        };
        if let Err(e) = written {
            return ui.error(Diagnostic::new(
                &codes::IO_ERROR,
                format!("cannot write the rules: {e}"),
            ));
        }
        return Exit::Ok;
    }
    let rules = json::rules(&comp.spec, comp.map(), &comp.config);
    match &args.output {
        Some(path) => {
            if let Err(e) = write_atomic_with(path, |w| json::write(&rules, w)) {
                return ui.error(Diagnostic::new(
                    &codes::IO_ERROR,
                    format!("cannot write `{}`: {e}", path.display()),
                ));
            }
        }
        None => {
            if let Err(exit) = common::print(|out| json::write(&rules, out)) {
                return exit;
            }
        }
    }
    Exit::Ok
}
