//! The `icpl` command line: parses arguments, dispatches to one subcommand, maps the outcome to
//! an exit code (0 success, 1 problems in the spec, 2 usage or I/O errors).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // First, before any thread starts: an interrupted run removes the file it was writing.
    icpl::output::clean_up_on_signals();
    match cli::parse() {
        Ok(args) => ExitCode::from(cli::run(args)),
        Err(code) => ExitCode::from(code),
    }
}
