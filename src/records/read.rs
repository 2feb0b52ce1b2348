//! Reading record files for `icpl match`: CSV (a header row of column names) and JSON Lines
//! (one object per line), streamed one record at a time into a reused [`Row`].
//!
//! A column gives an attribute when `[match.columns]` in `icpl.toml` maps it to one, when its
//! name is the attribute's name, or when its name normalised (lower case, runs of other
//! characters as `_`) is: `Annual Revenue` reads `annual_revenue`. The id column (`id` by
//! default) names the record; in a contacts file the account column (`account_id`) names its
//! account. Other columns are ignored. An empty cell, an absent member or `null` is a missing
//! value. A value that does not fit its attribute is reported for that record with its line and
//! column, and the record is not evaluated.

mod json;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use super::decode::{DecodeError, Decoder};
use crate::config::MatchConfig;
use crate::eval::row::{Row, Slot, attr_of, slot_of};
use crate::sema::ir::{AttrId, Entity, Spec};

/// The file formats `icpl match` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    /// The format a file name suggests: `.jsonl`, `.ndjson` and `.json` are JSON Lines,
    /// anything else CSV.
    pub fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "ndjson" | "json") => Format::JsonLines,
            _ => Format::Csv,
        }
    }
}

/// A problem that stops reading a file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("`{path}`, line {line}: {message}")]
    Format {
        path: String,
        line: u64,
        message: String,
    },
    #[error("{message}")]
    Mapping { message: String },
}

/// A value that does not fit its attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError {
    /// The 1-based line of the file.
    pub line: u64,
    /// The column (or member) name.
    pub column: String,
    pub value: String,
    pub error: DecodeError,
}

/// One record read: where it was, its id, its account (for contacts) and its bad values. One
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

/// How many distinct member names of a JSON Lines file keep their resolved use (a file with
/// more distinct names than that is still read, resolving the rest every time).
const MAX_CACHED_MEMBERS: usize = 1024;

/// What a column (or member) is for.
#[derive(Clone, Debug)]
enum Use {
    Attr { slot: usize, decoder: Box<Decoder> },
    Id,
    Account,
    Ignored,
}

/// How a file's columns map to attributes.
#[derive(Clone, Debug)]
struct Plan {
    names: Vec<String>,
    uses: Vec<Use>,
}

fn normalise(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

struct Resolver<'a> {
    spec: &'a Spec,
    entity: Entity,
    config: &'a MatchConfig,
}

impl Resolver<'_> {
    fn id_column(&self) -> &str {
        self.config.id_column.as_deref().unwrap_or("id")
    }

    fn account_column(&self) -> &str {
        self.config
            .account_id_column
            .as_deref()
            .unwrap_or("account_id")
    }

    fn resolve(&self, name: &str) -> Result<Use, ReadError> {
        let schema = self.spec.schema(self.entity);
        let attr = |id: AttrId| Use::Attr {
            slot: slot_of(self.spec, id),
            decoder: Box::new(Decoder::new(self.spec, id)),
        };
        if let Some(target) = self.config.columns.get(name) {
            return schema
                .find(target)
                .map(attr)
                .ok_or_else(|| ReadError::Mapping {
                    message: format!(
                        "icpl.toml maps column `{name}` to `{target}`, which is not {} attribute",
                        match self.entity {
                            Entity::Account => "an account",
                            Entity::Contact => "a contact",
                        }
                    ),
                });
        }
        if name == self.id_column() {
            return Ok(Use::Id);
        }
        if self.entity == Entity::Contact && name == self.account_column() {
            return Ok(Use::Account);
        }
        Ok(schema
            .find(name)
            .or_else(|| schema.find(&normalise(name)))
            .map_or(Use::Ignored, attr))
    }

    fn plan(&self, names: Vec<String>) -> Result<Plan, ReadError> {
        let mut uses = Vec::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            let u = self.resolve(n)?;
            if let Use::Attr { slot, .. } = &u
                && let Some(j) = uses
                    .iter()
                    .position(|o: &Use| matches!(o, Use::Attr { slot: s, .. } if s == slot))
            {
                return Err(ReadError::Mapping {
                    message: format!(
                        "columns `{}` and `{}` both give attribute `{}`",
                        names[j],
                        names[i],
                        self.spec.attr(attr_of(self.spec, *slot)).name
                    ),
                });
            }
            uses.push(u);
        }
        Ok(Plan { names, uses })
    }
}

enum Source {
    Csv {
        reader: csv::Reader<Box<dyn Read>>,
        record: csv::ByteRecord,
    },
    Json {
        lines: BufReader<Box<dyn Read>>,
        buf: String,
        line: u64,
        /// What each member name is for, resolved once (at most [`MAX_CACHED_MEMBERS`]).
        members: json::Members,
    },
}

/// A streaming reader of one record file.
pub struct Reader<'a> {
    path: String,
    source: Source,
    plan: Option<Plan>,
    resolver: Resolver<'a>,
    entity: Entity,
    count: u64,
}

impl<'a> Reader<'a> {
    /// Opens a file (`-` for standard input).
    pub fn open(
        path: &Path,
        format: Format,
        spec: &'a Spec,
        entity: Entity,
        config: &'a MatchConfig,
    ) -> Result<Reader<'a>, ReadError> {
        let shown = path.display().to_string();
        let input: Box<dyn Read> = if path == Path::new("-") {
            Box::new(io::stdin())
        } else {
            Box::new(File::open(path).map_err(|source| ReadError::Io {
                path: shown.clone(),
                source,
            })?)
        };
        let resolver = Resolver {
            spec,
            entity,
            config,
        };
        let (source, plan) = match format {
            Format::Csv => {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(true)
                    .flexible(false)
                    .from_reader(input);
                let headers = reader.headers().map_err(|e| csv_error(&shown, &e))?;
                let names: Vec<String> = headers.iter().map(str::to_string).collect();
                let plan = resolver.plan(names)?;
                (
                    Source::Csv {
                        reader,
                        record: csv::ByteRecord::new(),
                    },
                    Some(plan),
                )
            }
            Format::JsonLines => (
                Source::Json {
                    lines: BufReader::with_capacity(1 << 16, input),
                    buf: String::new(),
                    line: 0,
                    members: json::Members::default(),
                },
                None,
            ),
        };
        Ok(Reader {
            path: shown,
            source,
            plan,
            resolver,
            entity,
            count: 0,
        })
    }

    /// The columns the file has that give no attribute (CSV only; empty for JSON Lines).
    pub fn ignored_columns(&self) -> Vec<&str> {
        self.plan
            .as_ref()
            .map(|p| {
                p.names
                    .iter()
                    .zip(&p.uses)
                    .filter(|(_, u)| matches!(u, Use::Ignored))
                    .map(|(n, _)| n.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Clears this file's entity in `row`.
    fn clear(&self, row: &mut Row) {
        let spec = self.resolver.spec;
        let (start, len) = match self.entity {
            Entity::Account => (0, spec.account.attrs.len()),
            Entity::Contact => (spec.account.attrs.len(), spec.contact.attrs.len()),
        };
        for s in row.slots.iter_mut().skip(start).take(len) {
            *s = Slot::Missing;
        }
    }

    /// Reads the next record into `row` and `item` (only this file's entity's slots change).
    /// `None` at the end of the file.
    pub fn next(&mut self, row: &mut Row, item: &mut Item) -> Option<Result<(), ReadError>> {
        self.clear(row);
        match &mut self.source {
            Source::Csv { reader, record } => {
                match reader.read_byte_record(record) {
                    Ok(false) => return None,
                    Ok(true) => {}
                    Err(e) => return Some(Err(csv_error(&self.path, &e))),
                }
                self.count += 1;
                let line = record.position().map_or(0, |p| p.line());
                item.reset(line, self.count);
                let Some(plan) = &self.plan else { return None };
                for (i, cell) in record.iter().enumerate() {
                    let Some(u) = plan.uses.get(i) else { continue };
                    fill_bytes(u, &plan.names[i], cell, line, row, item);
                }
                Some(Ok(()))
            }
            Source::Json {
                lines,
                buf,
                line,
                members,
            } => loop {
                buf.clear();
                match lines.read_line(buf) {
                    Ok(0) => return None,
                    Ok(_) => {}
                    Err(source) => {
                        return Some(Err(ReadError::Io {
                            path: self.path.clone(),
                            source,
                        }));
                    }
                }
                *line += 1;
                if buf.trim().is_empty() {
                    continue;
                }
                self.count += 1;
                item.reset(*line, self.count);
                let error = |message: String| ReadError::Format {
                    path: self.path.clone(),
                    line: *line,
                    message,
                };
                return match json::decode_line(buf, members, &self.resolver, row, item) {
                    Ok(()) => Some(Ok(())),
                    Err(json::LineError::NotAnObject) => {
                        Some(Err(error("each line must be a JSON object".into())))
                    }
                    Err(json::LineError::Syntax(e)) => {
                        Some(Err(error(format!("not a JSON object: {e}"))))
                    }
                    Err(json::LineError::Read(e)) => Some(Err(e)),
                };
            },
        }
    }
}

/// Puts one CSV cell where its use says.
fn fill_bytes(u: &Use, column: &str, cell: &[u8], line: u64, row: &mut Row, item: &mut Item) {
    let trimmed = cell.trim_ascii();
    match u {
        Use::Ignored => {}
        Use::Id | Use::Account => {
            let dst = if matches!(u, Use::Id) {
                &mut item.id
            } else {
                &mut item.account
            };
            match std::str::from_utf8(trimmed) {
                Ok(t) => dst.push_str(t),
                Err(_) => item.errors.push(CellError {
                    line,
                    column: column.to_string(),
                    value: String::from_utf8_lossy(cell).into_owned(),
                    error: DecodeError {
                        message: "the cell is not valid UTF-8".into(),
                        help: None,
                    },
                }),
            }
        }
        Use::Attr { decoder, .. } => {
            if trimmed.is_empty() {
                return;
            }
            if let Err(error) = decoder.bytes(trimmed, row) {
                item.errors.push(CellError {
                    line,
                    column: column.to_string(),
                    value: String::from_utf8_lossy(cell).into_owned(),
                    error,
                });
            }
        }
    }
}

fn csv_error(path: &str, e: &csv::Error) -> ReadError {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("the row has {len} fields, but the header has {expected_len}")
        }
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    };
    ReadError::Format {
        path: path.to_string(),
        line,
        message,
    }
}
