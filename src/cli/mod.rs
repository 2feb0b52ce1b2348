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
    /// Explain a diagnostic code or a lint: what it means, why it matters, how to fix it.
    Explain(lints::ExplainArgs),
    /// Score account (and contact) records from CSV or JSON Lines files.
    Match(matching::Args),
    /// Run the spec's `example` blocks and check their expectations.
    Test(test::Args),
    /// Run the language server over standard input and output.
    Lsp(lsp::Args),
}

impl Command {
    /// Where the command line's own errors go: the format of the command's diagnostics.
    fn report(&self) -> common::Report {
        match self {
            Command::Check(args) => args.report(),
            Command::Test(args) => args.report(),
            _ => common::Report::Human,
        }
    }
}

/// Parses the arguments. An error of the argument parser is reported by the parser itself
/// (with the command's usage), except when the command was asked for a format for tools
/// (`icpl check --format json|sarif|github`, `icpl test --format json`): then it is a `usage`
/// diagnostic in that format, like every other error of that run. Gives the exit code when
/// there is nothing to run (an error, or `--help` and `--version`).
pub fn parse() -> Result<Cli, u8> {
    let error = match Cli::try_parse() {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let report = requested_report(&args);
    if error.use_stderr() && report != common::Report::Human {
        let text = error.render().to_string();
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = lines.next().unwrap_or("the arguments cannot be used");
        let message = first.strip_prefix("error: ").unwrap_or(first);
        let help: Vec<&str> = lines.collect();
        let mut diag = icpl::diagnostics::Diagnostic::new(
            &icpl::diagnostics::codes::USAGE,
            message.to_string(),
        );
        if !help.is_empty() {
            diag = diag.with_help(help.join("\n"));
        }
        common::emit(&[diag], report);
        return Err(common::Exit::Usage as u8);
    }
    // Help, the version, or a usage error to show as the parser draws it.
    let _ = error.print();
    Err(u8::try_from(error.exit_code()).unwrap_or(common::Exit::Usage as u8))
}

/// The report format asked for on a command line that could not be parsed: `--format json`,
/// `sarif` or `github` after `check`, `--format json` after `test`; otherwise human.
fn requested_report(args: &[String]) -> common::Report {
    let Some(command) = args.iter().find(|a| !a.starts_with('-')) else {
        return common::Report::Human;
    };
    let mut value = None;
    for (i, a) in args.iter().enumerate() {
        if a == "--format" {
            value = args.get(i + 1).map(String::as_str);
        } else if let Some(v) = a.strip_prefix("--format=") {
            value = Some(v);
        }
    }
    match (command.as_str(), value) {
        ("check" | "test", Some("json")) => common::Report::Json,
        ("check", Some("sarif")) => common::Report::Sarif,
        ("check", Some("github")) => common::Report::Github,
        _ => common::Report::Human,
    }
}

/// Runs a command and gives the process exit code.
pub fn run(cli: Cli) -> u8 {
    let ui = common::Ui::new(cli.color, cli.command.report());
    let bad_environment = common::check_environment();
    if !bad_environment.is_empty() {
        let diags: Vec<_> = bad_environment
            .iter()
            .map(|e| icpl::diagnostics::Diagnostic::from_miette(e))
            .collect();
        common::emit(&diags, ui.report);
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
        Command::Explain(args) => lints::explain(args, &ui),
        Command::Match(args) => matching::run(args, &ui),
        Command::Test(args) => test::run(args, &ui),
        Command::Lsp(args) => lsp::run(args, &ui),
    };
    exit as u8
}
