//! `icpl lsp`: the language server over standard input and output.

use icpl::compile::Options;
use icpl::lsp::{self, Outcome};

use super::common::Exit;

/// Run the language server over standard input and output.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Serves one editor session. Exits with 0 after `shutdown` and `exit`, and with 1 when the
/// client exits without `shutdown` or goes away, as the protocol asks.
pub fn run(_args: Args) -> Exit {
    match lsp::run_stdio(Options::default()) {
        Ok(Outcome::Clean) => Exit::Ok,
        Ok(Outcome::Abrupt) => Exit::Problems,
        Err(e) => {
            eprintln!("error[io-error]: cannot start the language server: {e}");
            Exit::Usage
        }
    }
}
