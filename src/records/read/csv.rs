//! CSV files: the header is read first, its delimiter told from it (comma, semicolon, tab or
//! pipe, unless given), and its columns mapped; then each row is decoded into the row.

use std::io::{BufRead, BufReader, Chain, Cursor, Read};

use super::columns::{Plan, Resolver, Use};
use super::{CellError, Item, ReadError};
use crate::diagnostics::{Diagnostic, Place, codes};
use crate::eval::row::Row;
use crate::records::decode::DecodeError;
use crate::records::shown;
use crate::sema::ir::Entity;

/// The delimiters told from a header, in the order ties are named.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The longest header read (a file whose first line is longer is not a CSV export).
const MAX_HEADER: u64 = 1 << 20;

type Input = Chain<Cursor<Vec<u8>>, BufReader<Box<dyn Read>>>;

pub(super) struct CsvSource {
    reader: csv::Reader<Input>,
    record: csv::ByteRecord,
    plan: Plan,
    /// The file is empty (no header, no records).
    empty: bool,
}

/// A delimiter as people write it.
fn name(d: u8) -> String {
    match d {
        b'\t' => "tab".to_string(),
        b' ' => "space".to_string(),
        // `--delimiter` takes any ASCII character: a control character is written escaped.
        d => format!("`{}`", shown(char::from(d).encode_utf8(&mut [0; 4]))),
    }
}

/// The first line of the file (a line break inside quotes does not end it), without a
/// byte-order mark.
fn header_line(input: &mut BufReader<Box<dyn Read>>, path: &str) -> Result<Vec<u8>, ReadError> {
    let mut head = Vec::new();
    loop {
        let before = head.len();
        let limit = MAX_HEADER.saturating_sub(before as u64) + 1;
        input
            .by_ref()
            .take(limit)
            .read_until(b'\n', &mut head)
            .map_err(|source| ReadError::Io {
                path: path.to_string(),
                source,
            })?;
        if head.len() as u64 > MAX_HEADER {
            return Err(ReadError::file(
                path,
                Some(1),
                "the first line is longer than 1 MiB: this is not a CSV file with a header row"
                    .into(),
                None,
            ));
        }
        let quotes = head.iter().filter(|&&b| b == b'"').count();
        if head.len() == before || quotes % 2 == 0 {
            break;
        }
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        head.drain(..3);
    }
    Ok(head)
}

/// How often `d` occurs in a header line outside quotes.
fn count_outside_quotes(head: &[u8], d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in head {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

/// The column names of a header split at `d`.
fn split(head: &[u8], d: u8, path: &str) -> Result<Vec<String>, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(d)
        .from_reader(head);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(_) => {}
        Err(e) => {
            return Err(ReadError::file(
                path,
                Some(1),
                format!("the header cannot be read: {e}"),
                None,
            ));
        }
    }
    record
        .iter()
        .map(|cell| {
            std::str::from_utf8(cell)
                .map(|s| s.trim().to_string())
                .map_err(|_| {
                    ReadError::file(
                        path,
                        Some(1),
                        format!(
                            "the header is not valid UTF-8: `{}`",
                            shown(&String::from_utf8_lossy(cell))
                        ),
                        Some("save the file as UTF-8".into()),
                    )
                })
        })
        .collect()
}

/// The header as read, for messages: its column names separated by the delimiter.
fn show_header(names: &[String], d: u8) -> String {
    let sep = if d == b'\t' {
        " <tab> ".to_string()
    } else {
        shown(char::from(d).encode_utf8(&mut [0; 4])).into_owned()
    };
    let mut text = names
        .iter()
        .take(12)
        .map(|n| shown(n).into_owned())
        .collect::<Vec<_>>()
        .join(&sep);
    if names.len() > 12 {
        text.push_str(&format!("{sep}… ({} columns)", names.len()));
    }
    text
}

impl CsvSource {
    pub(super) fn open(
        mut input: BufReader<Box<dyn Read>>,
        path: &str,
        delimiter: Option<u8>,
        strict: bool,
        resolver: &Resolver<'_>,
        notices: &mut Vec<Diagnostic>,
    ) -> Result<CsvSource, ReadError> {
        let head = header_line(&mut input, path)?;
        // An empty file (or one of blank lines) has no records, and nothing is wrong with it.
        let at_end = input
            .fill_buf()
            .map_err(|source| ReadError::Io {
                path: path.to_string(),
                source,
            })?
            .iter()
            .all(u8::is_ascii_whitespace);
        if at_end && head.iter().all(u8::is_ascii_whitespace) {
            return Ok(CsvSource {
                reader: csv::ReaderBuilder::new().from_reader(Cursor::new(Vec::new()).chain(input)),
                record: csv::ByteRecord::new(),
                plan: Plan {
                    names: Vec::new(),
                    uses: Vec::new(),
                },
                empty: true,
            });
        }
        let line_end = head
            .iter()
            .rposition(|&b| b != b'\n' && b != b'\r')
            .map_or(0, |i| i + 1);
        let first = head.get(..line_end).unwrap_or_default();
        let d = match delimiter {
            Some(d) => d,
            None => tell_delimiter(first, path, resolver)?,
        };
        let names = split(first, d, path)?;
        let plan = Plan::new(resolver, names.clone()).map_err(|m| {
            ReadError::file(
                path,
                Some(1),
                m,
                Some("rename or remove one of the columns: each value of a record comes from one column".into()),
            )
        })?;
        let unknown = plan.unknown();
        if strict && !unknown.is_empty() {
            let list: Vec<String> = unknown
                .iter()
                .map(|(i, n)| match resolver.suggestion(n) {
                    Some(s) => format!("{i} `{}` (did you mean `{s}`?)", shown(n)),
                    None => format!("{i} `{}`", shown(n)),
                })
                .collect();
            return Err(ReadError::file(
                path,
                Some(1),
                format!(
                    "column{} {} name{} no {} attribute",
                    if list.len() == 1 { "" } else { "s" },
                    list.join(", "),
                    if list.len() == 1 { "s" } else { "" },
                    resolver.entity_name()
                ),
                Some("rename or map them under [match.columns] in icpl.toml, or drop --strict-columns to ignore them".into()),
            ));
        }
        let reads_account = resolver.entity == Entity::Contact
            && plan.uses.iter().any(|u| matches!(u, Use::Account));
        if !plan.gives_attributes() && !reads_account {
            let others: Vec<String> = DELIMITERS
                .iter()
                .filter(|&&o| o != d && count_outside_quotes(first, o) > 0)
                .map(|&o| name(o))
                .collect();
            return Err(ReadError::file(
                path,
                Some(1),
                format!(
                    "the header names no {} attribute; read with the delimiter {}, it is: {}",
                    resolver.entity_name(),
                    name(d),
                    show_header(&names, d)
                ),
                Some(if others.is_empty() {
                    "name the columns after the schema's attributes, or map them under [match.columns] in icpl.toml".to_string()
                } else {
                    format!(
                        "if the file is separated by {}, pass --delimiter; otherwise map the columns under [match.columns] in icpl.toml",
                        others.join(" or ")
                    )
                }),
            ));
        }
        report_unknown(&plan, path, resolver, notices);
        let reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .delimiter(d)
            .from_reader(Cursor::new(head).chain(input));
        Ok(CsvSource {
            reader,
            record: csv::ByteRecord::new(),
            plan,
            empty: false,
        })
    }

    /// Reads the next row; `None` at the end of the file.
    pub(super) fn next(
        &mut self,
        path: &str,
        number: u64,
        row: &mut Row,
        item: &mut Item,
    ) -> Option<Result<(), ReadError>> {
        if self.empty {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line());
                let message = e.to_string();
                return Some(Err(match e.into_kind() {
                    csv::ErrorKind::Io(source) => ReadError::Io {
                        path: path.to_string(),
                        source,
                    },
                    _ => ReadError::file(path, line, message, None),
                }));
            }
        }
        let line = self.record.position().map_or(0, |p| p.line());
        item.reset(line, number);
        let width = self.plan.uses.len();
        if self.record.len() != width {
            // A misaligned row: its cells cannot be told apart, so only its id is kept.
            for (u, cell) in self.plan.uses.iter().zip(self.record.iter()) {
                if matches!(u, Use::Id) {
                    item.id
                        .push_str(&String::from_utf8_lossy(cell.trim_ascii()));
                }
            }
            item.errors.push(CellError {
                line,
                column: None,
                field: String::new(),
                value: String::new(),
                error: DecodeError {
                    message: format!(
                        "the row has {} field{}, but the header has {width}",
                        self.record.len(),
                        if self.record.len() == 1 { "" } else { "s" }
                    ),
                    help: Some(
                        "a value that holds the delimiter must be quoted (\"1,5\"); every row needs one field per column"
                            .into(),
                    ),
                },
            });
            return Some(Ok(()));
        }
        for (i, (u, cell)) in self.plan.uses.iter().zip(self.record.iter()).enumerate() {
            let name = self.plan.names.get(i).map_or("", String::as_str);
            fill(u, name, cell, line, i as u64 + 1, row, item);
        }
        Some(Ok(()))
    }
}

/// The delimiter of a header: the one of comma, semicolon, tab and pipe that it holds, or, when
/// it holds several, the one whose columns name the most attributes. A tie is not guessed.
fn tell_delimiter(head: &[u8], path: &str, resolver: &Resolver<'_>) -> Result<u8, ReadError> {
    let present: Vec<u8> = DELIMITERS
        .into_iter()
        .filter(|&d| count_outside_quotes(head, d) > 0)
        .collect();
    match present.as_slice() {
        [] => return Ok(b','),
        [d] => return Ok(*d),
        _ => {}
    }
    let mut scored = Vec::new();
    for &d in &present {
        let names = split(head, d, path)?;
        let read = names
            .iter()
            .filter(|n| resolver.resolve(n).is_ok_and(|u| u.is_read()))
            .count();
        scored.push((d, read, names.len()));
    }
    let best = scored.iter().map(|s| s.1).max().unwrap_or(0);
    let top: Vec<&(u8, usize, usize)> = scored.iter().filter(|s| s.1 == best).collect();
    match top.as_slice() {
        [(d, _, _)] => Ok(*d),
        // Nothing names an attribute whichever way: the most frequent delimiter, and the
        // header is then refused with what it reads as.
        _ if best == 0 => Ok(present
            .iter()
            .copied()
            .max_by_key(|&d| (count_outside_quotes(head, d), std::cmp::Reverse(d)))
            .unwrap_or(b',')),
        _ => Err(ReadError::file(
            path,
            Some(1),
            format!(
                "cannot tell how the header is separated: {}",
                top.iter()
                    .map(|(d, read, cols)| format!(
                        "split at {} it has {cols} columns, {read} of them known",
                        name(*d)
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Some(format!(
                "pass --delimiter with one of {}",
                top.iter()
                    .map(|(d, _, _)| match d {
                        b'\t' => "'\\t'".to_string(),
                        d => format!("'{}'", char::from(*d)),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        )),
    }
}

/// Reports the columns that name nothing: one warning each for those that look like an
/// attribute's name, one for the rest.
fn report_unknown(plan: &Plan, path: &str, resolver: &Resolver<'_>, notices: &mut Vec<Diagnostic>) {
    let mut plain = Vec::new();
    for (i, n) in plan.unknown() {
        match resolver.suggestion(n) {
            Some(s) => notices.push(
                Diagnostic::new(
                    &codes::UNKNOWN_COLUMN,
                    format!(
                        "column `{}` names no {} attribute; it is ignored",
                        shown(n),
                        resolver.entity_name()
                    ),
                )
                .with_help(format!("did you mean `{s}`?"))
                .at(Place {
                    file: path.to_string(),
                    line: Some(1),
                    column: Some(i as u64),
                }),
            ),
            None => plain.push(format!("`{}`", shown(n))),
        }
    }
    if !plain.is_empty() {
        notices.push(
            Diagnostic::new(
                &codes::UNKNOWN_COLUMN,
                format!(
                    "{} column{} name{} no {} attribute and {} ignored: {}",
                    plain.len(),
                    if plain.len() == 1 { "" } else { "s" },
                    if plain.len() == 1 { "s" } else { "" },
                    resolver.entity_name(),
                    if plain.len() == 1 { "is" } else { "are" },
                    plain.join(", ")
                ),
            )
            .with_help(
                "map a column under [match.columns] in icpl.toml to read it; --strict-columns makes this an error",
            )
            .at(Place {
                file: path.to_string(),
                line: Some(1),
                column: None,
            }),
        );
    }
}

/// Puts one CSV cell where its use says.
fn fill(u: &Use, field: &str, cell: &[u8], line: u64, column: u64, row: &mut Row, item: &mut Item) {
    let trimmed = cell.trim_ascii();
    let error = |error: DecodeError| CellError {
        line,
        column: Some(column),
        field: field.to_string(),
        value: String::from_utf8_lossy(cell).into_owned(),
        error,
    };
    match u {
        Use::Unknown | Use::Other => {}
        Use::Id | Use::Account => {
            let dst = if matches!(u, Use::Id) {
                &mut item.id
            } else {
                &mut item.account
            };
            match std::str::from_utf8(trimmed) {
                Ok(t) => dst.push_str(t),
                Err(_) => item.errors.push(error(DecodeError {
                    message: "the cell is not valid UTF-8".into(),
                    help: Some("save the file as UTF-8".into()),
                })),
            }
        }
        Use::Attr(decoder) => {
            if trimmed.is_empty() {
                return;
            }
            if let Err(e) = decoder.bytes(trimmed, row) {
                item.errors.push(error(e));
            }
        }
    }
}
