//! Reading record files for `icpl match`: CSV (a header row of column names; comma, semicolon,
//! tab or pipe separated) and JSON Lines (one object per line), streamed one record at a time
//! into a reused [`Row`].
//!
//! Every problem with a record (a value that does not fit its attribute, a row with the wrong
//! number of fields, a line that is not a JSON object or not UTF-8) is kept with the record's
//! line and column, and reading goes on with the next record. Only a file that cannot be read
//! at all stops: one that cannot be opened, whose header names no attribute, whose delimiter
//! cannot be told, or (with `--strict-columns`) that has a column naming nothing.
//!
//! Which attribute a column gives is [`columns`]'s job; an empty cell, an absent member or
//! `null` is a missing value.

mod columns;
mod csv;
mod json;
mod scan;

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use self::columns::Resolver;
use super::decode::DecodeError;
use super::number::DecimalMark;
use super::shown;
use crate::config::MatchConfig;
use crate::diagnostics::{Diagnostic, Place, codes};
use crate::eval::row::{Row, Slot};
use crate::sema::ir::{Entity, Spec};

/// The file formats `icpl match` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    /// The format a file's name says: `.jsonl`, `.ndjson` and `.json` are JSON Lines; `.csv`,
    /// `.tsv`, `.psv` and `.txt` are CSV; any other name (and standard input) says nothing.
    pub fn of_name(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            "csv" | "tsv" | "psv" | "txt" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The format the start of a file shows: JSON Lines when its first character (after a
    /// byte-order mark and white space) is `{`, else CSV.
    fn sniff(start: &[u8]) -> Format {
        let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
        match start.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Format::JsonLines,
            _ => Format::Csv,
        }
    }
}

/// How to read a file.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions {
    /// The format; `None` to tell it from the file's name, or else from its first character.
    pub format: Option<Format>,
    /// The CSV delimiter; `None` to tell it from the header.
    pub delimiter: Option<u8>,
    /// The decimal mark of numbers written as text.
    pub decimal: DecimalMark,
    /// A column that names nothing stops the run, instead of being reported and ignored.
    pub strict_columns: bool,
}

/// A problem that stops reading a file.
#[derive(Debug)]
pub enum ReadError {
    /// The file cannot be opened or read.
    Io { path: String, source: io::Error },
    /// The file cannot be read as records: what is wrong, where, and how to fix it.
    File {
        path: String,
        line: Option<u64>,
        message: String,
        help: Option<String>,
    },
}

impl ReadError {
    fn file(path: &str, line: Option<u64>, message: String, help: Option<String>) -> ReadError {
        ReadError::File {
            path: path.to_string(),
            line,
            message,
            help,
        }
    }

    /// How to fix it, when there is something to say.
    pub fn help(&self) -> Option<&str> {
        match self {
            ReadError::Io { .. } => None,
            ReadError::File { help, .. } => help.as_deref(),
        }
    }

    /// The error as a `read-error` diagnostic, at its line of the file when it has one.
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            ReadError::Io { .. } => Diagnostic::new(&codes::READ_ERROR, self.to_string()),
            ReadError::File {
                path,
                line,
                message,
                help,
            } => Diagnostic::new(&codes::READ_ERROR, message.clone())
                .with_help_opt(help.clone())
                .at(Place {
                    file: path.clone(),
                    line: *line,
                    column: None,
                }),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io { path, source } => write!(f, "cannot read `{}`: {source}", shown(path)),
            ReadError::File {
                path,
                line,
                message,
                ..
            } => {
                write!(f, "{}", shown(path))?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                }
                write!(f, ": {message}")
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// A problem with one record: a value that does not fit its attribute, or a line or row that
/// cannot be read as a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError {
    /// The 1-based line of the file.
    pub line: u64,
    /// The 1-based column: the field's number in a CSV row, the character where the value (or
    /// the syntax error) is in a JSON line; `None` when the problem is the whole row.
    pub column: Option<u64>,
    /// The column's name or the member's name; empty when the problem is the whole line.
    pub field: String,
    /// The value as written (a CSV cell, or the member's value as JSON).
    pub value: String,
    pub error: DecodeError,
}

/// One record read: where it was, its id, its account (for contacts) and its problems. One
/// item is reused for every record of a file.
#[derive(Clone, Debug, Default)]
pub struct Item {
    /// The 1-based line of the file (the header is line 1 of a CSV file).
    pub line: u64,
    /// The 1-based number of the record in the file.
    pub number: u64,
    /// The id column's value; empty when the file has none (then `number` identifies it).
    pub id: String,
    /// In a contacts file, the account column's value (empty when absent).
    pub account: String,
    pub errors: Vec<CellError>,
}

impl Item {
    /// The record's id: its id value, else its number.
    pub fn id(&self) -> String {
        if self.id.is_empty() {
            self.number.to_string()
        } else {
            self.id.clone()
        }
    }

    fn reset(&mut self, line: u64, number: u64) {
        self.line = line;
        self.number = number;
        self.id.clear();
        self.account.clear();
        self.errors.clear();
    }
}

enum Source {
    Csv(csv::CsvSource),
    Json(json::JsonSource),
}

/// A streaming reader of one record file.
pub struct Reader<'a> {
    path: String,
    source: Source,
    resolver: Resolver<'a>,
    options: ReadOptions,
    notices: Vec<Diagnostic>,
    count: u64,
}

impl<'a> Reader<'a> {
    /// Opens a file (`-` for standard input) of `entity` records and reads its header.
    pub fn open(
        path: &Path,
        options: &ReadOptions,
        spec: &'a Spec,
        entity: Entity,
        config: &'a MatchConfig,
    ) -> Result<Reader<'a>, ReadError> {
        let shown_path = path.display().to_string();
        let io_error = |source| ReadError::Io {
            path: shown_path.clone(),
            source,
        };
        let input: Box<dyn Read> = if path == Path::new("-") {
            Box::new(io::stdin())
        } else {
            Box::new(File::open(path).map_err(io_error)?)
        };
        let mut input = BufReader::with_capacity(1 << 16, input);
        let format = match options.format.or_else(|| Format::of_name(path)) {
            Some(f) => f,
            None => Format::sniff(input.fill_buf().map_err(io_error)?),
        };
        let resolver = Resolver {
            spec,
            entity,
            config,
            mark: options.decimal,
        };
        let mut notices = Vec::new();
        let source = match format {
            Format::Csv => {
                let tsv = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
                let delimiter = options.delimiter.or(tsv.then_some(b'\t'));
                Source::Csv(csv::CsvSource::open(
                    input,
                    &shown_path,
                    delimiter,
                    options.strict_columns,
                    &resolver,
                    &mut notices,
                )?)
            }
            Format::JsonLines => Source::Json(json::JsonSource::new(input)),
        };
        Ok(Reader {
            path: shown_path,
            source,
            resolver,
            options: *options,
            notices,
            count: 0,
        })
    }

    /// The file as the user named it.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The file's format.
    pub fn format(&self) -> Format {
        match self.source {
            Source::Csv(_) => Format::Csv,
            Source::Json(_) => Format::JsonLines,
        }
    }

    /// What was found about the file since the last call (columns that name nothing, ...).
    pub fn take_notices(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.notices)
    }

    /// Clears this file's entity in `row`.
    fn clear(&self, row: &mut Row) {
        let spec = self.resolver.spec;
        let (start, len) = match self.resolver.entity {
            Entity::Account => (0, spec.account.attrs.len()),
            Entity::Contact => (spec.account.attrs.len(), spec.contact.attrs.len()),
        };
        for s in row.slots.iter_mut().skip(start).take(len) {
            *s = Slot::Missing;
        }
    }

    /// Reads the next record into `row` and `item` (only this file's entity's slots change).
    /// `None` at the end of the file; an error only when the file cannot be read further.
    pub fn next(&mut self, row: &mut Row, item: &mut Item) -> Option<Result<(), ReadError>> {
        self.clear(row);
        let read = match &mut self.source {
            Source::Csv(source) => source.next(&self.path, self.count + 1, row, item)?,
            Source::Json(source) => source.next(
                &self.path,
                self.count + 1,
                &self.resolver,
                self.options.strict_columns,
                &mut self.notices,
                row,
                item,
            )?,
        };
        self.count += 1;
        Some(read)
    }

    /// Checks what can only be known at the end of the file: that a JSON Lines file with
    /// records named some attribute somewhere.
    pub fn finish(&self) -> Result<(), ReadError> {
        match &self.source {
            Source::Json(source) if source.names_nothing() => {
                Err(ReadError::file(
                    &self.path,
                    None,
                    format!(
                        "no member of its records names {} attribute",
                        match self.resolver.entity {
                            Entity::Account => "an account",
                            Entity::Contact => "a contact",
                        }
                    ),
                    Some(
                        "name members after the schema's attributes, or map them under [match.columns] in icpl.toml"
                            .into(),
                    ),
                ))
            }
            _ => Ok(()),
        }
    }
}
