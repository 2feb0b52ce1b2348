//! `icpl match` as one library call: read the records, join contacts to their accounts,
//! evaluate every ICP (and persona) with the compiled evaluator, and write one result per
//! record. Every bad record is reported through [`Events`] with its line and column and the run
//! goes on; only a file that cannot be read as records stops it. The caller decides where
//! reports go and what the exit code is ([`Summary::bad_records`]).

use std::io::{self, Write};
use std::path::PathBuf;

use super::explain::explain;
use super::join::{Accounts, Refused};
use super::read::{CellError, Format, Item, ReadError, ReadOptions, Reader};
use super::shown;
use super::write::{self, Names, PersonaOutcome};
use crate::compile::Compilation;
use crate::diagnostics::{Diagnostic, Place, codes};
use crate::eval::compiled::{IcpOutcome, Program};
use crate::eval::row::Row;
use crate::records::decode::DecodeError;
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
    /// How to read both files.
    pub read: ReadOptions,
    pub format: OutputFormat,
    /// Add the criteria that decided each ICP's result (JSON Lines only).
    pub explain: bool,
    /// Escape control characters in the ids of CSV output (when it goes to a terminal; JSON
    /// output escapes them always).
    pub escape_ids: bool,
}

/// Where a run's problems and progress go.
pub trait Events {
    /// A problem with a record or a file (the run goes on), at its place in the file.
    fn notice(&mut self, notice: Diagnostic);
    /// Called after each record with the number read so far.
    fn progress(&mut self, _records: u64) {}
}

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// The records scored (contacts, with a contacts file).
    pub records: u64,
    /// Those of them that were bad (not scored).
    pub bad: u64,
    /// With contacts: the accounts read, and those that were bad (reported, whether or not a
    /// contact names them).
    pub accounts: u64,
    pub bad_accounts: u64,
}

impl Summary {
    /// Every bad record of every file read.
    pub fn bad_records(&self) -> u64 {
        self.bad + self.bad_accounts
    }
}

/// Why a run stopped before the end.
#[derive(Debug, thiserror::Error)]
pub enum Stop {
    /// A file cannot be read as records (it cannot be opened, its header names no attribute,
    /// ...).
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The results could not be written.
    #[error("cannot write the results: {0}")]
    Write(#[from] io::Error),
    /// The options do not fit together.
    #[error("{0}")]
    Usage(String),
}

impl Stop {
    /// The diagnostic that says why the run stopped: `read-error`, `io-error` or `usage`.
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            Stop::Read(e) => e.diagnostic(),
            Stop::Write(_) => Diagnostic::new(&codes::IO_ERROR, self.to_string()),
            Stop::Usage(message) => Diagnostic::new(&codes::USAGE, message.clone()),
        }
    }
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

/// Passes on what the reader found about its file.
fn drain(reader: &mut Reader<'_>, events: &mut dyn Events) {
    for n in reader.take_notices() {
        events.notice(n);
    }
}

/// Reports the problems of a bad record, one notice each.
fn report(events: &mut dyn Events, reader: &Reader<'_>, errors: &[CellError]) {
    let what = match reader.format() {
        Format::Csv => "column",
        Format::JsonLines => "member",
    };
    for e in errors {
        let message = if e.field.is_empty() {
            e.error.message.clone()
        } else {
            format!("{what} `{}`: {}", shown(&e.field), e.error.message)
        };
        events.notice(
            Diagnostic::new(&codes::BAD_VALUE, message)
                .with_help_opt(e.error.help.clone())
                .at(Place {
                    file: reader.path().to_string(),
                    line: Some(e.line),
                    column: e.column,
                }),
        );
    }
}

/// An error of a record that is about the record as a whole (its id, its account).
fn record_error(item: &Item, field: &str, value: &str, message: String) -> CellError {
    CellError {
        line: item.line,
        column: None,
        field: field.to_string(),
        value: value.to_string(),
        error: DecodeError {
            message,
            help: None,
        },
    }
}

/// Reads the accounts file into memory by id, for contacts to name.
fn read_accounts(
    comp: &Compilation,
    opts: &Options,
    events: &mut dyn Events,
    summary: &mut Summary,
) -> Result<Accounts, Stop> {
    let spec = &comp.spec;
    let config = &comp.config.matching;
    let id_column = config.id_column.as_deref().unwrap_or("id");
    let mut reader = Reader::open(&opts.accounts, &opts.read, spec, Entity::Account, config)?;
    drain(&mut reader, events);
    let mut accounts = Accounts::default();
    let mut row = Row::empty(spec);
    let mut item = Item::default();
    while let Some(read) = reader.next(&mut row, &mut item) {
        read?;
        drain(&mut reader, events);
        summary.accounts += 1;
        match accounts.insert(&row, &item) {
            Ok(()) => {}
            Err(Refused::NoId) => item.errors.push(record_error(
                &item,
                id_column,
                "",
                format!(
                    "the account has no `{}`, so no contact can name it",
                    shown(id_column)
                ),
            )),
            Err(Refused::Duplicate { first }) => {
                let id = item.id.clone();
                item.errors.push(record_error(
                    &item,
                    id_column,
                    &id,
                    format!(
                        "account id `{}` is also the id of the account on line {first}; contacts that name it cannot be joined",
                        shown(&id)
                    ),
                ));
            }
        }
        if !item.errors.is_empty() {
            summary.bad_accounts += 1;
            report(events, &reader, &item.errors);
        }
    }
    reader.finish()?;
    Ok(accounts)
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
    let account_column = config.account_id_column.as_deref().unwrap_or("account_id");

    let mut summary = Summary::default();
    let accounts = if personas {
        read_accounts(comp, opts, events, &mut summary)?
    } else {
        Accounts::default()
    };

    let (input, entity) = match &opts.contacts {
        Some(contacts) => (contacts, Entity::Contact),
        None => (&opts.accounts, Entity::Account),
    };
    let mut reader = Reader::open(input, &opts.read, spec, entity, config)?;
    drain(&mut reader, events);

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
        drain(&mut reader, events);
        summary.records += 1;
        events.progress(summary.records);
        if personas && let Err(message) = accounts.join(&mut s.row, &item, &accounts_file) {
            let account = item.account.clone();
            let error = record_error(&item, account_column, &account, message);
            item.errors.push(error);
        }
        if item.errors.is_empty() {
            evaluate(&program, &mut s, personas);
        } else {
            summary.bad += 1;
            report(events, &reader, &item.errors);
        }
        emit(comp, opts, &names, &mut out, &item, &mut s, personas)?;
    }
    reader.finish()?;
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
        Output::Csv(w) => {
            let id = if opts.escape_ids {
                shown(id)
            } else {
                id.into()
            };
            w.write_record(write::csv_row(
                &comp.spec,
                &id,
                &s.icps,
                personas.then_some(&s.personas[..]),
                errors,
            ))
            .map_err(io::Error::other)
        }
    }
}
