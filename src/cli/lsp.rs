//! `icpl lsp`: the language server over standard input and output.

use icpl::compile::Options;
use icpl::diagnostics::{Diagnostic, codes};
use icpl::lsp::{self, Outcome};

use super::common::{Exit, Ui};

/// Run the language server over standard input and output.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Serves one editor session. Exits with 0 after `shutdown` and `exit`, and with 1 when the
/// client exits without `shutdown` or goes away, as the protocol asks.
pub fn run(_args: Args, ui: &Ui) -> Exit {
    match lsp::run_stdio(Options::default()) {
        Ok(Outcome::Clean) => Exit::Ok,
        Ok(Outcome::Abrupt) => Exit::Problems,
        Err(e) => ui.error(Diagnostic::new(
            &codes::IO_ERROR,
            format!("cannot start the language server: {e}"),
        )),
    }
}
