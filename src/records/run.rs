//! `icpl match` as one library call: read the records, join contacts to their accounts,
//! evaluate every ICP (and persona) with the compiled evaluator, and write one result per
//! record. Problems are reported through [`Events`] as they are found; the caller decides where
//! they go and what the exit code is.

use std::fmt;
use std::io::{self, Write};
use std::path::PathBuf;

use super::explain::explain;
use super::join::{Accounts, join_error};
use super::read::{Format, Item, ReadError, Reader};
use super::write::{self, Names, PersonaOutcome};
use crate::compile::Compilation;
use crate::diagnostics::Severity;
use crate::eval::compiled::{IcpOutcome, Program};
use crate::eval::row::Row;
use crate::sema::ir::Entity;

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per record.
    Jsonl,
    /// One CSV row per record.
    Csv,
}

/// What to read and how to write it.
#[derive(Clone, Debug)]
pub struct Options {
    /// The accounts file (`-` for standard input).
    pub accounts: PathBuf,
    /// The contacts file: the output then has one result per contact.
    pub contacts: Option<PathBuf>,
    pub format: OutputFormat,
    /// Add the criteria that decided each ICP's result (JSON Lines only).
    pub explain: bool,
}

/// A problem found while reading, reported as it is found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub severity: Severity,
    pub code: &'static str,
    /// What is wrong, with where (`accounts.csv:5: ...`).
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {}",
            self.severity.as_str(),
            self.code,
            self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Where a run's problems and progress go.
pub trait Events {
    /// A problem with a record or a file (the run goes on).
    fn notice(&mut self, notice: Notice);
    /// Called after each record with the number read so far.
    fn progress(&mut self, _records: u64) {}
}

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// The records scored (contacts, with a contacts file).
    pub records: u64,
    /// The records with values that do not fit the schema.
    pub bad: u64,
}

/// Why a run stopped before the end.
#[derive(Debug, thiserror::Error)]
pub enum Stop {
    /// A file could not be read (it is not a record file, or its columns cannot be mapped).
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The results could not be written.
    #[error("cannot write the results: {0}")]
    Write(#[from] io::Error),
    /// The options do not fit together.
    #[error("{0}")]
    Usage(String),
}

/// The results of one record, reused between records.
struct Scratch {
    row: Row,
    icps: Vec<IcpOutcome>,
    personas: Vec<PersonaOutcome>,
    buf: Vec<u8>,
}

enum Output<'w> {
    Json(&'w mut dyn Write),
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
}

/// Reports the bad values of a record.
fn report_cells(events: &mut dyn Events, file: &str, item: &Item) {
    for e in &item.errors {
        events.notice(Notice {
            severity: Severity::Error,
            code: "bad-value",
            message: format!(
                "{file}:{}: column `{}`: {}",
                e.line, e.column, e.error.message
            ),
            help: e.error.help.clone(),
        });
    }
}

/// Scores the records of `opts` against the spec, writing the results to `sink`.
pub fn run(
    comp: &Compilation,
    opts: &Options,
    sink: &mut dyn Write,
    events: &mut dyn Events,
) -> Result<Summary, Stop> {
    if opts.explain && opts.format == OutputFormat::Csv {
        return Err(Stop::Usage(
            "--explain needs the JSON Lines output (--format jsonl)".into(),
        ));
    }
    let spec = &comp.spec;
    let program = Program::compile(spec);
    let names = Names::new(spec);
    let config = &comp.config.matching;
    let personas = opts.contacts.is_some();
    let accounts_file = opts.accounts.display().to_string();

    // With contacts, the accounts are read first and kept by id.
    let mut accounts = Accounts::default();
    let mut summary = Summary::default();
    if personas {
        let mut reader = Reader::open(
            &opts.accounts,
            Format::of(&opts.accounts),
            spec,
            Entity::Account,
            config,
        )?;
        let mut row = Row::empty(spec);
        let mut item = Item::default();
        while let Some(read) = reader.next(&mut row, &mut item) {
            read?;
            report_cells(events, &accounts_file, &item);
            accounts.insert(&row, &item);
        }
    }

    let input = opts.contacts.as_ref().unwrap_or(&opts.accounts);
    let input_file = input.display().to_string();
    let entity = if personas {
        Entity::Contact
    } else {
        Entity::Account
    };
    let mut reader = Reader::open(input, Format::of(input), spec, entity, config)?;
    let ignored = reader.ignored_columns();
    if !ignored.is_empty() {
        events.notice(Notice {
            severity: Severity::Info,
            code: "unknown-column",
            message: format!(
                "ignoring columns that name no attribute: {}",
                ignored.join(", ")
            ),
            help: None,
        });
    }
    let account_column = config
        .account_id_column
        .clone()
        .unwrap_or_else(|| "account_id".into());

    let mut out = match opts.format {
        OutputFormat::Jsonl => Output::Json(sink),
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(sink);
            w.write_record(write::csv_header(spec, personas))
                .map_err(io::Error::other)?;
            Output::Csv(Box::new(w))
        }
    };
    let mut s = Scratch {
        row: Row::empty(spec),
        icps: vec![IcpOutcome::default(); spec.icps.len()],
        personas: vec![PersonaOutcome::default(); spec.personas.len()],
        buf: Vec::with_capacity(1024),
    };
    let mut item = Item::default();
    while let Some(read) = reader.next(&mut s.row, &mut item) {
        read?;
        summary.records += 1;
        events.progress(summary.records);
        report_cells(events, &input_file, &item);
        if personas && let Err(message) = accounts.join(&mut s.row, &item, &accounts_file) {
            events.notice(Notice {
                severity: Severity::Error,
                code: "bad-value",
                message: format!("{input_file}:{}: {message}", item.line),
                help: None,
            });
            let error = join_error(&item, &account_column, message);
            item.errors.push(error);
        }
        if !item.errors.is_empty() {
            summary.bad += 1;
        } else {
            evaluate(&program, &mut s, personas);
        }
        emit(comp, opts, &names, &mut out, &item, &mut s, personas)?;
    }
    match out {
        Output::Json(w) => w.flush()?,
        Output::Csv(mut w) => w.flush()?,
    }
    Ok(summary)
}

/// Evaluates every ICP (and persona) for the row in `s`.
fn evaluate(program: &Program, s: &mut Scratch, personas: bool) {
    for (i, out) in s.icps.iter_mut().enumerate() {
        program.icp(i, &s.row, out);
    }
    if personas {
        for (i, p) in s.personas.iter_mut().enumerate() {
            p.status = Some(program.persona(i, &s.row, &s.icps, &mut p.missing, &mut p.coarse));
        }
    }
}

/// Writes the results of one record in the chosen format.
fn emit(
    comp: &Compilation,
    opts: &Options,
    names: &Names,
    out: &mut Output<'_>,
    item: &Item,
    s: &mut Scratch,
    personas: bool,
) -> io::Result<()> {
    let errors = &item.errors[..];
    let number;
    let id: &str = if item.id.is_empty() {
        number = item.number.to_string();
        &number
    } else {
        &item.id
    };
    match out {
        Output::Json(w) => {
            if errors.is_empty() {
                let why = opts.explain.then(|| explain(comp, &s.row));
                write::json_record(
                    &mut s.buf,
                    names,
                    id,
                    &s.icps,
                    personas.then_some(&s.personas[..]),
                    why.as_deref(),
                );
            } else {
                write::json_errors(&mut s.buf, id, errors);
            }
            write::write_line(w, &mut s.buf)
        }
        Output::Csv(w) => w
            .write_record(write::csv_row(
                &comp.spec,
                id,
                &s.icps,
                personas.then_some(&s.personas[..]),
                errors,
            ))
            .map_err(io::Error::other),
    }
}
