//! `icpl match`: score account (and contact) records from CSV or JSON Lines files. The work is
//! [`icpl::records::run`]; this file reads the arguments, prints what the run reports and maps
//! the outcome to an exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use icpl::diagnostics::{Diagnostic, render};
use icpl::records::number::DecimalMark;
use icpl::records::read::{Format, ReadOptions};
use icpl::records::run::{self, Events, OutputFormat, Stop, Summary};

use super::common::{self, Exit, Ui};

/// Score account records (and contacts) against the spec's ICPs and personas.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spec: a `.icp` file or a directory.
    #[arg(default_value = ".")]
    path: PathBuf,

    /// The accounts: a CSV file (header row of column names) or JSON Lines (`.jsonl`); `-` for
    /// standard input.
    #[arg(long, value_name = "FILE")]
    accounts: PathBuf,

    /// The format of the record files, whatever their names say. Default: from the name's
    /// extension (`.jsonl`, `.ndjson`, `.json`: JSON Lines; `.csv`, `.tsv`, `.psv`, `.txt`: CSV),
    /// else (standard input, other names) from the first character: `{` is JSON Lines.
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<InFormat>,

    /// The CSV delimiter: `,`, `;`, `tab` (or `\t`), `|`, or another single character.
    /// Default: told from the header.
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    delimiter: Option<u8>,

    /// Numbers written as text use a decimal comma (`80,5M`, `1.500.000,25`); also
    /// `decimal-comma = true` under [match] in icpl.toml.
    #[arg(long)]
    decimal_comma: bool,

    /// A column (or JSON member) that names no attribute is an error, not a warning.
    #[arg(long)]
    strict_columns: bool,

    /// Contacts to match against the personas, each naming its account in an `account_id`
    /// column; the output then has one object per contact.
    #[arg(long, value_name = "FILE")]
    contacts: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
    format: OutFormat,

    /// Write the results to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Add, for each ICP, the criteria that decided the result (JSON Lines only).
    #[arg(long)]
    explain: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum InFormat {
    /// Comma-separated values (or another delimiter) with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

const DELIMITER_HELP: &str = "give one ASCII character (`,`, `;`, `|`) or `tab`";

/// A delimiter given on the command line.
fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "\"" | "\n" | "\r" => Err(DELIMITER_HELP.into()),
        t => match t.as_bytes() {
            &[b] if b.is_ascii() => Ok(b),
            _ => Err(DELIMITER_HELP.into()),
        },
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum OutFormat {
    /// One JSON object per record.
    Jsonl,
    /// One CSV row per record, for spreadsheets.
    Csv,
}

/// Prints what the run reports to standard error, with a progress line on a terminal.
struct Stderr {
    terminal: bool,
    last: Instant,
    start: Instant,
    shown: bool,
}

impl Stderr {
    fn new() -> Stderr {
        let now = Instant::now();
        Stderr {
            terminal: std::io::stderr().is_terminal(),
            last: now,
            start: now,
            shown: false,
        }
    }

    fn clear_progress(&mut self) {
        if self.shown {
            eprint!("\r\x1b[K");
            self.shown = false;
        }
    }
}

impl Events for Stderr {
    fn notice(&mut self, notice: Diagnostic) {
        self.clear_progress();
        eprint!("{}", render::line(&notice));
    }

    fn progress(&mut self, n: u64) {
        if self.terminal
            && n.is_multiple_of(1024)
            && self.last.elapsed() > Duration::from_millis(200)
        {
            self.last = Instant::now();
            let rate = n as f64 / self.start.elapsed().as_secs_f64().max(1e-9);
            eprint!("\r  {n} records ({rate:.0}/s)");
            self.shown = true;
        }
    }
}

pub fn run(args: Args, ui: &Ui) -> Exit {
    let comp = match common::load_rules(&args.path, ui, "no record was scored") {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let decimal_comma = args.decimal_comma || comp.config.matching.decimal_comma;
    let opts = run::Options {
        accounts: args.accounts,
        contacts: args.contacts,
        read: ReadOptions {
            format: args.input_format.map(|f| match f {
                InFormat::Csv => Format::Csv,
                InFormat::Jsonl => Format::JsonLines,
            }),
            delimiter: args.delimiter,
            decimal: if decimal_comma {
                DecimalMark::Comma
            } else {
                DecimalMark::Point
            },
            strict_columns: args.strict_columns,
        },
        format: match args.format {
            OutFormat::Jsonl => OutputFormat::Jsonl,
            OutFormat::Csv => OutputFormat::Csv,
        },
        explain: args.explain,
        escape_ids: args.output.is_none() && std::io::stdout().is_terminal(),
    };
    let mut events = Stderr::new();
    let result = match &args.output {
        Some(path) => {
            let mut inner = None;
            let written = icpl::output::write_atomic_with(path, |w| {
                let r = run::run(&comp, &opts, w, &mut events);
                // A run that stops leaves no output file behind.
                let failed = r.is_err();
                inner = Some(r);
                if failed {
                    Err(std::io::Error::other("the run stopped"))
                } else {
                    Ok(())
                }
            });
            match (inner, written) {
                (Some(Err(stop)), _) => Err(stop),
                (_, Err(e)) => Err(Stop::Write(e)),
                (Some(Ok(summary)), Ok(())) => Ok(summary),
                (None, Ok(())) => Ok(Summary::default()),
            }
        }
        None => {
            let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let r = run::run(&comp, &opts, &mut stdout, &mut events);
            r.and_then(|s| stdout.flush().map(|()| s).map_err(Stop::Write))
        }
    };
    events.clear_progress();
    match result {
        Ok(summary) => {
            eprintln!("{}", summary_line(&summary, opts.contacts.is_some()));
            if summary.bad_records() > 0 {
                Exit::Problems
            } else {
                Exit::Ok
            }
        }
        Err(Stop::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(stop) => ui.error(stop.diagnostic()),
    }
}

/// The last line of a run: what was read and scored, and how many records were bad.
fn summary_line(s: &Summary, contacts: bool) -> String {
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let (one, many) = if contacts {
        ("contact", "contacts")
    } else {
        ("record", "records")
    };
    let records = plural(s.records, one, many);
    let accounts = if s.bad_accounts > 0 {
        format!(
            "{} ({} bad)",
            plural(s.accounts, "account", "accounts"),
            s.bad_accounts
        )
    } else {
        plural(s.accounts, "account", "accounts")
    };
    match (contacts, s.bad_records()) {
        (false, 0) => format!("scored {records}"),
        (false, _) => format!(
            "read {records}: {} scored, {} bad",
            s.records - s.bad,
            s.bad
        ),
        (true, 0) => format!("scored {records} against {accounts}"),
        (true, _) => format!(
            "read {accounts} and {records}: {} scored, {} bad",
            s.records - s.bad,
            s.bad
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_delimiter;

    /// A delimiter is one ASCII character other than a quote or a line break, or a tab.
    #[test]
    fn delimiters_are_one_ascii_character_or_tab() {
        assert_eq!(parse_delimiter(","), Ok(b','));
        assert_eq!(parse_delimiter("|"), Ok(b'|'));
        for tab in ["tab", "\\t", "\t"] {
            assert_eq!(parse_delimiter(tab), Ok(b'\t'));
        }
        for bad in ["", ",;", "é", "\"", "\n", "\r"] {
            assert!(parse_delimiter(bad).is_err(), "{bad:?}");
        }
    }
}
