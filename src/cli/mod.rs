//! Subcommands, one file each, and what they share: argument types, output and reporting.

mod brief;
mod build;
mod check;
mod common;
mod diff;
mod fmt;
mod lints;
mod lsp;
mod matching;
mod schema;
mod test;

use clap::{Parser, Subcommand};

/// icpl: compile Ideal Customer Profiles and buyer personas.
#[derive(Debug, Parser)]
#[command(name = "icpl", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,

    /// When to use colours in reports.
    #[arg(long, global = true, value_enum, default_value_t = common::ColorChoice::Auto)]
    color: common::ColorChoice,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate specs and report every problem found.
    Check(check::Args),
    /// Compile a spec to JSON rules (format icpl-rules/1).
    Build(build::Args),
    /// Print the JSON Schema of the compiled rules.
    Schema(schema::Args),
    /// Write Markdown briefs for sales and marketing.
    Brief(brief::Args),
    /// Format .icp files in the canonical style.
    Fmt(fmt::Args),
    /// Compare two versions of a spec: who a change lets in or shuts out.
    Diff(diff::Args),
    /// List every lint with its default level.
    Lints(lints::Args),
    /// Explain a lint: what it finds, why it matters, how to fix it.
    Explain(lints::ExplainArgs),
    /// Score account (and contact) records from CSV or JSON Lines files.
    Match(matching::Args),
    /// Run the spec's `example` blocks and check their expectations.
    Test(test::Args),
    /// Run the language server over standard input and output.
    Lsp(lsp::Args),
}

/// Runs a command and gives the process exit code.
pub fn run(cli: Cli) -> u8 {
    let ui = common::Ui::new(cli.color);
    let bad_environment = common::check_environment();
    if !bad_environment.is_empty() {
        for e in &bad_environment {
            ui.fail(e);
        }
        return common::Exit::Usage as u8;
    }
    let exit = match cli.command {
        Command::Check(args) => check::run(args, &ui),
        Command::Build(args) => build::run(args, &ui),
        Command::Schema(args) => schema::run(args),
        Command::Brief(args) => brief::run(args, &ui),
        Command::Fmt(args) => fmt::run(args, &ui),
        Command::Diff(args) => diff::run(args, &ui),
        Command::Lints(args) => lints::run(args),
        Command::Explain(args) => lints::explain(args),
        Command::Match(args) => matching::run(args, &ui),
        Command::Test(args) => test::run(args, &ui),
        Command::Lsp(args) => lsp::run(args),
    };
    exit as u8
}
