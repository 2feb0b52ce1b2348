//! `icpl lints` and `icpl explain`: the lint catalogue.

use icpl::analysis::lints::LINTS;
use icpl::analysis::lints::catalogue::{markdown, section};
use icpl::diagnostics::escape::escape;
use icpl::diagnostics::suggest::help_did_you_mean;

use super::common::{self, Exit};

/// List every lint with its default level.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the catalogue as Markdown (the text of docs/lints.md).
    #[arg(long)]
    markdown: bool,
}

/// Explain what a lint finds, why it matters and how to fix it.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The lint id, e.g. `unsatisfiable-icp`.
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

pub fn explain(args: ExplainArgs) -> Exit {
    let Some(def) = LINTS.iter().find(|l| l.id == args.id) else {
        let help = help_did_you_mean(&args.id, LINTS.iter().map(|l| l.id))
            .unwrap_or_else(|| "`icpl lints` lists every lint".to_string());
        eprintln!(
            "error[unknown-lint]: unknown lint `{}`\n  help: {}",
            escape(&args.id),
            escape(&help)
        );
        return Exit::Usage;
    };
    let text = section(def, "#");
    match common::print(|out| out.write_all(text.as_bytes())) {
        Ok(()) => Exit::Ok,
        Err(e) => e,
    }
}
