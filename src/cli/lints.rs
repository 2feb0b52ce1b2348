//! `icpl lints` (the lint catalogue) and `icpl explain` (any diagnostic code, lint or not).

use icpl::analysis::lints::LINTS;
use icpl::analysis::lints::catalogue::{markdown, section};
use icpl::diagnostics::suggest::help_did_you_mean;
use icpl::diagnostics::{Diagnostic, codes};

use super::common::{self, Exit, Ui};

/// List every lint with its default level.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the catalogue as Markdown (the text of docs/lints.md).
    #[arg(long)]
    markdown: bool,
}

/// Explain a diagnostic code or a lint: what it means, why it matters and how to fix it.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The code as reports show it, e.g. `unknown-attribute` or `unsatisfiable-icp`.
    id: String,
}

pub fn run(args: Args) -> Exit {
    let text = if args.markdown {
        markdown()
    } else {
        let width = LINTS.iter().map(|l| l.id.len()).max().unwrap_or(0);
        let mut out = String::new();
        for l in LINTS {
            out.push_str(&format!(
                "{:width$}  {:5}  {}\n",
                l.id,
                l.default.as_str(),
                l.summary
            ));
        }
        out
    };
    match common::print(|out| out.write_all(text.as_bytes())) {
        Ok(()) => Exit::Ok,
        Err(e) => e,
    }
}

/// The entry of a code: the code registry's, or the lint catalogue's for a lint.
pub fn entry(id: &str) -> Option<String> {
    if let Some(def) = codes::find(id) {
        return Some(codes::section(def, "#"));
    }
    LINTS
        .iter()
        .find(|l| l.id == id)
        .map(|def| section(def, "#"))
}

pub fn explain(args: ExplainArgs, ui: &Ui) -> Exit {
    let Some(text) = entry(&args.id) else {
        let ids = codes::all()
            .map(|d| d.id())
            .chain(LINTS.iter().map(|l| l.id));
        let help = help_did_you_mean(&args.id, ids).unwrap_or_else(|| {
            "docs/diagnostics.md lists every code, and `icpl lints` every lint".to_string()
        });
        return ui.error(
            Diagnostic::new(
                &codes::UNKNOWN_CODE,
                format!("no diagnostic has the code `{}`", args.id),
            )
            .with_help(help),
        );
    };
    match common::print(|out| out.write_all(text.as_bytes())) {
        Ok(()) => Exit::Ok,
        Err(e) => e,
    }
}
