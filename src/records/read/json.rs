//! JSON Lines: each line is one record, decoded straight from its text by [`Scanner`] (no JSON
//! tree is built): member names are looked up once per file, values go into the row as they
//! are scanned, and numbers are read from their digits, exactly.
//!
//! A line that is not valid UTF-8, not valid JSON or not an object is a bad record with the
//! column where it goes wrong, and reading goes on with the next line. A byte-order mark at the
//! start of the file is skipped; blank lines are skipped.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::io::{BufRead, BufReader, Read};

use super::columns::{Resolver, Use};
use super::scan::{Kind, Scanner, SyntaxError, column};
use super::{CellError, Item, ReadError};
use crate::diagnostics::{Diagnostic, Place, codes};
use crate::eval::row::{Row, Slot};
use crate::records::decode::{DecodeError, Decoder, Fnv};
use crate::records::shown;

/// How many distinct member names of a file keep their resolved use (a file with more distinct
/// names than that is still read, resolving the rest every time).
pub(super) const MAX_CACHED_MEMBERS: usize = 1024;

/// The longest line read; a longer one is a bad record (and is skipped, not held in memory).
const MAX_LINE: usize = 16 << 20;

/// How many distinct unknown member names are reported.
const MAX_REPORTED_UNKNOWN: usize = 256;

/// The member names of a file with what each is for, in the order they were first seen.
#[derive(Default)]
pub(super) struct Members {
    entries: Vec<(Box<str>, Use)>,
    by_name: HashMap<Box<str>, usize, BuildHasherDefault<Fnv>>,
    /// The entry expected next: records of one file usually list members in the same order.
    next: usize,
    /// Unknown names already reported.
    reported: HashSet<Box<str>>,
}

/// A member name resolved: an entry of [`Members`], or (past [`MAX_CACHED_MEMBERS`]) one
/// resolved for this occurrence only.
enum Key {
    Cached(usize),
    Fresh(Box<str>, Use),
}

/// Where a lookup is, for reporting an unknown member.
struct At<'a> {
    path: &'a str,
    line: u64,
    /// The line's text before the member name (its column is counted only when reported).
    before: &'a str,
}

impl At<'_> {
    fn column(&self) -> u64 {
        column(self.before, self.before.len())
    }
}

impl Members {
    fn lookup(
        &mut self,
        name: &str,
        resolver: &Resolver<'_>,
        strict: bool,
        at: At<'_>,
        notices: &mut Vec<Diagnostic>,
    ) -> Result<Key, ReadError> {
        let found = match self.entries.get(self.next) {
            Some((n, _)) if **n == *name => Some(self.next),
            _ => self.by_name.get(name).copied(),
        };
        if let Some(i) = found {
            self.next = i + 1;
            return Ok(Key::Cached(i));
        }
        let u = resolver
            .resolve(name)
            .map_err(|m| ReadError::file(at.path, Some(at.line), m, None))?;
        if matches!(u, Use::Unknown) {
            if strict {
                return Err(ReadError::file(
                    at.path,
                    Some(at.line),
                    format!(
                        "member `{}` (column {}) names no {} attribute",
                        shown(name),
                        at.column(),
                        resolver.entity_name()
                    ),
                    Some(format!(
                        "{}; or drop --strict-columns to ignore it",
                        resolver.unknown_help(name)
                    )),
                ));
            }
            if self.reported.len() < MAX_REPORTED_UNKNOWN && self.reported.insert(name.into()) {
                notices.push(
                    Diagnostic::new(
                        &codes::UNKNOWN_COLUMN,
                        format!(
                            "member `{}` names no {} attribute; it is ignored{}",
                            shown(name),
                            resolver.entity_name(),
                            if self.reported.len() == MAX_REPORTED_UNKNOWN {
                                " (further unknown members are not reported)"
                            } else {
                                ""
                            }
                        ),
                    )
                    .with_help(resolver.unknown_help(name))
                    .at(Place {
                        file: at.path.to_string(),
                        line: Some(at.line),
                        column: Some(at.column()),
                    }),
                );
            }
        }
        if self.entries.len() >= MAX_CACHED_MEMBERS {
            return Ok(Key::Fresh(name.into(), u));
        }
        let i = self.entries.len();
        self.entries.push((name.into(), u));
        self.by_name.insert(name.into(), i);
        self.next = i + 1;
        Ok(Key::Cached(i))
    }
}

/// A JSON Lines file being read.
pub(super) struct JsonSource {
    input: BufReader<Box<dyn Read>>,
    buf: Vec<u8>,
    line: u64,
    members: Members,
    /// The containers open while a value is skipped.
    stack: Vec<bool>,
    /// Per slot: the record and member that last wrote it, to find two members giving one
    /// attribute in a record.
    written: Vec<(u64, u32)>,
    /// Whether some record had a member that gives an attribute (or a contact's account).
    named: bool,
    /// Whether some line was read as a JSON object.
    parsed: bool,
}

/// A line as read.
enum Line {
    /// The end of the file.
    End,
    /// A line (without its line break) in `buf`.
    Text,
    /// A line longer than [`MAX_LINE`], skipped.
    TooLong,
}

impl JsonSource {
    pub(super) fn new(input: BufReader<Box<dyn Read>>) -> JsonSource {
        JsonSource {
            input,
            buf: Vec::new(),
            line: 0,
            members: Members::default(),
            stack: Vec::new(),
            written: Vec::new(),
            named: false,
            parsed: false,
        }
    }

    /// Whether the file's members are known not to name any attribute: some line was a JSON
    /// object, and no member of any line named an attribute.
    pub(super) fn names_nothing(&self) -> bool {
        self.parsed && !self.named
    }

    fn read_line(&mut self) -> std::io::Result<Line> {
        self.buf.clear();
        let n = self
            .input
            .by_ref()
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(Line::End);
        }
        if self.buf.len() > MAX_LINE && self.buf.last() != Some(&b'\n') {
            // Skip the rest of the line without keeping it.
            loop {
                let chunk = self.input.fill_buf()?;
                if chunk.is_empty() {
                    break;
                }
                match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        self.input.consume(i + 1);
                        break;
                    }
                    None => {
                        let len = chunk.len();
                        self.input.consume(len);
                    }
                }
            }
            self.buf.clear();
            return Ok(Line::TooLong);
        }
        while let Some(b'\n' | b'\r') = self.buf.last() {
            self.buf.pop();
        }
        Ok(Line::Text)
    }

    /// Reads the next record; `None` at the end of the file.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn next(
        &mut self,
        path: &str,
        number: u64,
        resolver: &Resolver<'_>,
        strict: bool,
        notices: &mut Vec<Diagnostic>,
        row: &mut Row,
        item: &mut Item,
    ) -> Option<Result<(), ReadError>> {
        loop {
            let read = match self.read_line() {
                Ok(r) => r,
                Err(source) => {
                    return Some(Err(ReadError::Io {
                        path: path.to_string(),
                        source,
                    }));
                }
            };
            self.line += 1;
            let line = self.line;
            let bad_line = |item: &mut Item, column: Option<u64>, message: String, help: &str| {
                item.errors.push(CellError {
                    line,
                    column,
                    field: String::new(),
                    value: String::new(),
                    error: DecodeError {
                        message,
                        help: Some(help.to_string()),
                    },
                });
            };
            match read {
                Line::End => return None,
                Line::TooLong => {
                    item.reset(line, number);
                    bad_line(
                        item,
                        None,
                        format!("the line is longer than {} MiB", MAX_LINE >> 20),
                        "write one record per line",
                    );
                    return Some(Ok(()));
                }
                Line::Text => {}
            }
            if line == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            item.reset(line, number);
            let text = match std::str::from_utf8(&self.buf) {
                Ok(t) => t,
                Err(e) => {
                    let valid = e.valid_up_to();
                    let byte = self.buf.get(valid).copied().unwrap_or(0);
                    let col = std::str::from_utf8(self.buf.get(..valid).unwrap_or_default())
                        .map_or(1, |t| column(t, t.len()));
                    bad_line(
                        item,
                        Some(col),
                        format!("the line is not valid UTF-8 (byte 0x{byte:02X})"),
                        "save the file as UTF-8",
                    );
                    return Some(Ok(()));
                }
            };
            if line == 1 && text.trim_start().starts_with('[') {
                return Some(Err(ReadError::file(
                    path,
                    Some(1),
                    "the file starts with `[`: it holds a JSON array, and icpl match reads JSON Lines (one object per line)".into(),
                    Some("write one JSON object per line, without the enclosing array".into()),
                )));
            }
            let mut record = Record {
                scan: Scanner::new(text),
                path,
                line,
                number,
                resolver,
                strict,
                notices,
                members: &mut self.members,
                stack: &mut self.stack,
                written: &mut self.written,
                named: &mut self.named,
                row,
                item,
            };
            return Some(match record.read() {
                Ok(()) => {
                    self.parsed = true;
                    Ok(())
                }
                Err(Stop::File(e)) => Err(e),
                Err(Stop::Syntax(e)) => {
                    let col = column(text, e.at);
                    bad_line(
                        item,
                        Some(col),
                        e.message,
                        "write one JSON object per line, such as {\"id\": \"a1\", \"employees\": 450}",
                    );
                    Ok(())
                }
            });
        }
    }
}

/// Why a record stopped being read.
enum Stop {
    /// The line is not a JSON object (the record is bad; reading goes on).
    Syntax(SyntaxError),
    /// The file cannot be read further.
    File(ReadError),
}

impl From<SyntaxError> for Stop {
    fn from(e: SyntaxError) -> Stop {
        Stop::Syntax(e)
    }
}

/// One line being decoded.
struct Record<'a, 's> {
    scan: Scanner<'a>,
    path: &'a str,
    line: u64,
    number: u64,
    resolver: &'a Resolver<'s>,
    strict: bool,
    notices: &'a mut Vec<Diagnostic>,
    members: &'a mut Members,
    stack: &'a mut Vec<bool>,
    written: &'a mut Vec<(u64, u32)>,
    named: &'a mut bool,
    row: &'a mut Row,
    item: &'a mut Item,
}

impl Record<'_, '_> {
    fn read(&mut self) -> Result<(), Stop> {
        self.members.next = 0;
        let kind = self.scan.kind()?;
        if kind != Kind::Object {
            return Err(Stop::Syntax(SyntaxError {
                at: self.scan.at(),
                message: format!(
                    "each line must be a JSON object, and this one is {}",
                    match kind {
                        Kind::Array => "an array",
                        Kind::String => "a string",
                        Kind::Number => "a number",
                        Kind::Null => "null",
                        _ => "a boolean",
                    }
                ),
            }));
        }
        self.scan.expect(b'{', "`{`")?;
        if !self.scan.eat(b'}') {
            loop {
                self.scan.ws();
                let key_at = self.scan.at();
                let name = self.scan.key()?;
                let at = At {
                    path: self.path,
                    line: self.line,
                    before: self.scan.slice(0, key_at),
                };
                let key = self
                    .members
                    .lookup(&name, self.resolver, self.strict, at, self.notices)
                    .map_err(Stop::File)?;
                self.member(key)?;
                if self.scan.eat(b',') {
                    continue;
                }
                self.scan.expect(b'}', "`,` or `}`")?;
                break;
            }
        }
        self.scan.ws();
        if !self.scan.at_end() {
            return Err(Stop::Syntax(
                self.scan.unexpected("the end of the line after the object"),
            ));
        }
        Ok(())
    }

    /// Reads one member's value where its use says. The member's use is taken out of the
    /// table while its value is read (moving it costs nothing) and put back after.
    fn member(&mut self, key: Key) -> Result<(), Stop> {
        let (index, fresh, u) = match key {
            Key::Cached(i) => match self.members.entries.get_mut(i) {
                Some((_, u)) => (i as u32, None, std::mem::replace(u, Use::Unknown)),
                None => return Ok(()),
            },
            Key::Fresh(n, u) => (u32::MAX, Some(n), u),
        };
        let result = self.value(index, fresh.as_deref(), &u);
        if let Some((_, entry)) = self.members.entries.get_mut(index as usize) {
            *entry = u;
        }
        result
    }

    /// The name of a member (for messages): the cached entry's, or the one resolved afresh.
    fn name_of(&self, index: u32, fresh: Option<&str>) -> String {
        match fresh {
            Some(n) => n.to_string(),
            None => self
                .members
                .entries
                .get(index as usize)
                .map_or_else(String::new, |(n, _)| n.to_string()),
        }
    }

    fn value(&mut self, index: u32, fresh: Option<&str>, u: &Use) -> Result<(), Stop> {
        match u {
            Use::Unknown | Use::Other => {
                self.scan.skip(self.stack)?;
                Ok(())
            }
            Use::Id | Use::Account => {
                if matches!(u, Use::Account) {
                    *self.named = true;
                }
                let dst = if matches!(u, Use::Id) {
                    &mut self.item.id
                } else {
                    &mut self.item.account
                };
                dst.clear();
                let kind = self.scan.kind()?;
                let start = self.scan.at();
                match kind {
                    Kind::String => dst.push_str(self.scan.string()?.trim()),
                    Kind::Number => dst.push_str(self.scan.number()?),
                    Kind::Null => self.scan.literal(Kind::Null)?,
                    _ => {
                        self.scan.skip(self.stack)?;
                        let value = self.scan.slice(start, self.scan.at()).to_string();
                        let field = self.name_of(index, fresh);
                        self.error(
                            field,
                            start,
                            value,
                            DecodeError {
                                message: "an id must be a string or a number".into(),
                                help: None,
                            },
                        );
                    }
                }
                Ok(())
            }
            Use::Attr(decoder) => {
                *self.named = true;
                self.attr(index, fresh, decoder)
            }
        }
    }

    /// Adds an error about the member `field` whose value starts at byte `start`.
    fn error(&mut self, field: String, start: usize, value: String, error: DecodeError) {
        let col = column(self.scan.slice(0, start), start);
        self.item.errors.push(CellError {
            line: self.line,
            column: Some(col),
            field,
            value,
            error,
        });
    }

    /// Reads an attribute's value into the row.
    fn attr(&mut self, index: u32, fresh: Option<&str>, decoder: &Decoder) -> Result<(), Stop> {
        let slot = decoder.slot();
        // The last of a repeated member counts, as in a JSON object read whole.
        if let Some(dst) = self.row.slots.get_mut(slot) {
            *dst = Slot::Missing;
        }
        if !self.item.errors.is_empty() {
            let name = self.name_of(index, fresh);
            self.item.errors.retain(|e| e.field != name);
        }
        // Two different members giving one attribute in one record are reported.
        if self.written.len() <= slot {
            self.written.resize(slot + 1, (0, 0));
        }
        let twice = match self.written.get(slot) {
            Some(&(record, other)) if record == self.number && other != index => Some(other),
            _ => None,
        };
        if let Some(w) = self.written.get_mut(slot) {
            *w = (self.number, index);
        }
        let kind = self.scan.kind()?;
        let start = self.scan.at();
        // The value, or where the value that does not fit is (the whole value, or the item of
        // a set's array) and why.
        let outcome: Result<(), (usize, DecodeError)> = match kind {
            Kind::Null => {
                self.scan.literal(kind)?;
                Ok(())
            }
            Kind::True | Kind::False => {
                self.scan.literal(kind)?;
                decoder
                    .json_bool(kind == Kind::True, self.row)
                    .map_err(|e| (start, e))
            }
            Kind::Number => {
                let text = self.scan.number()?;
                decoder.json_number(text, self.row).map_err(|e| (start, e))
            }
            Kind::String => {
                let text = self.scan.string()?;
                if text.trim().is_empty() {
                    Ok(())
                } else {
                    decoder.text(&text, self.row).map_err(|e| (start, e))
                }
            }
            Kind::Array if decoder.is_set() => self.set(decoder)?,
            Kind::Array | Kind::Object => {
                self.scan.skip(self.stack)?;
                let raw = self.scan.slice(start, self.scan.at());
                Err((start, decoder.does_not_fit(raw)))
            }
        };
        let end = self.scan.at();
        match outcome {
            Err((at, e)) => {
                if let Some(dst) = self.row.slots.get_mut(slot) {
                    *dst = Slot::Missing;
                }
                // The value as written: the item of an array that does not fit, else the
                // whole value.
                let value = if at == start {
                    self.scan.slice(start, end)
                } else {
                    self.item_text(at)
                }
                .to_string();
                let field = self.name_of(index, fresh);
                self.error(field, at, value, e);
            }
            Ok(()) => {
                if let Some(other) = twice {
                    let other_name = match self.members.entries.get(other as usize) {
                        Some((n, _)) => format!("`{}`", shown(n)),
                        None => "another member".to_string(),
                    };
                    let field = self.name_of(index, fresh);
                    let attr = &self
                        .resolver
                        .spec
                        .attr(crate::eval::row::attr_of(self.resolver.spec, slot))
                        .name;
                    let message = format!(
                        "members {other_name} and `{}` both give attribute `{attr}`",
                        shown(&field)
                    );
                    let value = self.scan.slice(start, end).to_string();
                    self.error(
                        field,
                        start,
                        value,
                        DecodeError {
                            message,
                            help: Some("give each attribute once per record".into()),
                        },
                    );
                }
            }
        }
        Ok(())
    }

    /// The text of the array item that starts at `at` (a string or any other value).
    fn item_text(&self, at: usize) -> &str {
        let mut probe = Scanner::new(self.scan.slice(at, self.scan.at()));
        let mut stack = Vec::new();
        let ok = probe.skip(&mut stack).is_ok();
        let end = if ok { probe.at() } else { 0 };
        self.scan.slice(at, at + end)
    }

    /// Reads an array given for a set, value by value. The first item that does not fit is
    /// the error (where it starts, and why); the rest of the array is still checked.
    fn set(&mut self, decoder: &Decoder) -> Result<Result<(), (usize, DecodeError)>, Stop> {
        let mut set = decoder.set_begin(self.row);
        let mut bad: Option<(usize, DecodeError)> = None;
        self.scan.expect(b'[', "`[`")?;
        if !self.scan.eat(b']') {
            loop {
                let kind = self.scan.kind()?;
                let at = self.scan.at();
                let failed = match kind {
                    Kind::String => {
                        let text = self.scan.string()?;
                        match bad {
                            Some(_) => None,
                            None => decoder.set_add(&mut set, self.row, text.as_bytes()).err(),
                        }
                    }
                    _ => {
                        self.scan.skip(self.stack)?;
                        Some(decoder.not_a_set_item(self.scan.slice(at, self.scan.at())))
                    }
                };
                if let Some(e) = failed
                    && bad.is_none()
                {
                    bad = Some((at, e));
                }
                if self.scan.eat(b',') {
                    continue;
                }
                self.scan.expect(b']', "`,` or `]`")?;
                break;
            }
        }
        Ok(match bad {
            None => {
                decoder.set_end(set, self.row);
                Ok(())
            }
            Some(b) => Err(b),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::compile;
    use crate::config::MatchConfig;
    use crate::records::number::DecimalMark;
    use crate::sema::ir::{AttrId, Entity, Spec, Value};
    use crate::source::load_texts;
    use std::io::Cursor;
    use std::path::Path;

    const SPEC: &str = "account {\n n: int\n m: money\n p: percent\n b: bool\n e: enum { saas \"SaaS\", retail }\n s: set { a, b }\n}\n";
    const ATTRS: [&str; 6] = ["n", "m", "p", "b", "e", "s"];

    /// Values of every JSON kind, good and bad for each attribute type.
    const VALUES: &[&str] = &[
        "null",
        "\"\"",
        "\"  \"",
        "0",
        "450",
        "-3",
        "4.5",
        "4.0",
        "1e3",
        "1.5E-1",
        "0.30000000000000001",
        "18446744073709551615",
        "9007199254740993",
        "1e309",
        "true",
        "false",
        "\"2k\"",
        "\"$1.5M\"",
        "\"25%\"",
        "\"1,200\"",
        "\"12,00\"",
        "\"yes\"",
        "\"SaaS\"",
        "\"retail\"",
        "\"sass\"",
        "\"re\\u0074ail\"",
        "\"a; b\"",
        "\"[]\"",
        "[]",
        "[\"a\"]",
        "[\"b\", \"A\"]",
        "[\"a\", \"c\"]",
        "[\"a\", 5]",
        "[null]",
        "[[\"a\"]]",
        "{}",
        "{\"a\": [1, {\"b\": null}]}",
    ];

    fn spec() -> Spec {
        let comp = compile(load_texts(
            Path::new("/"),
            vec![("a.icp".into(), SPEC.into())],
        ));
        comp.spec
    }

    /// Reads every record of a JSON Lines text: per record, its row, item and the notices.
    fn read_all(
        spec: &Spec,
        config: &MatchConfig,
        strict: bool,
        text: &str,
    ) -> (Vec<(Row, Item)>, Vec<Diagnostic>, Option<String>) {
        let resolver = Resolver {
            spec,
            entity: Entity::Account,
            config,
            mark: DecimalMark::Point,
        };
        let input: Box<dyn Read> = Box::new(Cursor::new(text.as_bytes().to_vec()));
        let mut source = JsonSource::new(BufReader::new(input));
        let mut out = Vec::new();
        let mut notices = Vec::new();
        let mut number = 0;
        loop {
            let mut row = Row::empty(spec);
            let mut item = Item::default();
            number += 1;
            match source.next(
                "t.jsonl",
                number,
                &resolver,
                strict,
                &mut notices,
                &mut row,
                &mut item,
            ) {
                None => return (out, notices, None),
                Some(Err(e)) => return (out, notices, Some(e.to_string())),
                Some(Ok(())) => out.push((row, item)),
            }
        }
    }

    /// Decoding straight from the text gives what decoding the parsed value gives, for every
    /// attribute type and every kind of value; an error points at the value.
    #[test]
    fn streaming_agrees_with_decoding_parsed_values() {
        let spec = spec();
        let config = MatchConfig::default();
        let mut checked = 0;
        for (slot, attr) in ATTRS.iter().enumerate() {
            let id = AttrId {
                entity: Entity::Account,
                index: slot as u32,
            };
            let decoder = Decoder::new(&spec, id, DecimalMark::Point);
            for v in VALUES {
                let line = format!("{{\"id\": 9, \"other\": {v}, \"{attr}\": {v}}}");
                let (records, _, stop) = read_all(&spec, &config, false, &line);
                assert_eq!(stop, None, "{line}");
                let [(row, item)] = records.as_slice() else {
                    panic!("{line}: {} records", records.len())
                };
                let mut alone = Row::empty(&spec);
                let parsed: Result<serde_json::Value, _> = serde_json::from_str(v);
                let expected: Result<Option<Value>, ()> = match &parsed {
                    // Numbers are read from their text (serde_json would round them to a
                    // double): what the decoder makes of that text.
                    Ok(serde_json::Value::Number(_)) => decoder
                        .json_number(v, &mut alone)
                        .map(|()| alone.value(slot))
                        .map_err(|_| ()),
                    Ok(serde_json::Value::Null) => Ok(None),
                    Ok(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
                    Ok(other) => decoder
                        .json(other, &mut alone)
                        .map(|()| alone.value(slot))
                        .map_err(|_| ()),
                    // serde_json cannot hold it (1e309): it is a bad value.
                    Err(_) => Err(()),
                };
                let got = match item.errors.as_slice() {
                    [] => Ok(row.value(slot)),
                    [e] => {
                        assert_eq!((e.line, e.field.as_str()), (1, *attr), "{line}");
                        let at = line.rfind(v).map_or(0, |i| i + 1) as u64;
                        let at_item = e.column.unwrap_or(0);
                        assert!(at_item >= at, "{line}: column {at_item}, value at {at}");
                        Err(())
                    }
                    more => panic!("{line}: {more:?}"),
                };
                assert_eq!(got, expected, "{line}");
                assert_eq!(item.id, "9");
                checked += 1;
            }
        }
        assert_eq!(checked, ATTRS.len() * VALUES.len());
    }

    /// Numbers are read from their digits: a JSON number is exactly the decimal written.
    #[test]
    fn numbers_are_read_exactly_from_their_text() {
        let spec = spec();
        let config = MatchConfig::default();
        let (records, _, _) = read_all(
            &spec,
            &config,
            false,
            "{\"m\": 1.5e6}\n{\"m\": 0.1}\n{\"n\": 12e2}\n{\"n\": 1e-400}\n",
        );
        let values: Vec<Option<Value>> = records
            .iter()
            .map(|(r, _)| r.value(0).or(r.value(1)))
            .collect();
        let num = |t: &str| crate::num::parse_decimal(t).ok().map(Value::Num);
        assert_eq!(values[..3], [num("1500000"), num("0.1"), num("1200")]);
        assert!(!records[3].1.errors.is_empty());
    }

    #[test]
    fn bad_lines_are_bad_records_and_reading_goes_on() {
        let spec = spec();
        let config = MatchConfig::default();
        let text = "\u{feff}{\"id\": \"a\", \"n\": 1}\n[1, 2]\n\"a\"\n{\"n\": 1\n{\"n\": 1} x\n\n  \n{\"id\": \"b\", \"n\": 2}\r\n{\"n\": \u{1}}\n";
        let (records, _, stop) = read_all(&spec, &config, false, text);
        assert_eq!(stop, None);
        let summary: Vec<(u64, String, Option<u64>)> = records
            .iter()
            .map(|(_, item)| {
                (
                    item.line,
                    item.id.clone(),
                    item.errors.first().and_then(|e| e.column),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (1, "a".to_string(), None),
                (2, String::new(), Some(1)),
                (3, String::new(), Some(1)),
                (4, String::new(), Some(8)),
                (5, String::new(), Some(10)),
                (8, "b".to_string(), None),
                (9, String::new(), Some(7)),
            ]
        );
        // Invalid UTF-8 is a bad record with the column of the first bad byte.
        let input: Vec<u8> = b"{\"n\": 1}\n{\"id\": \"\xff\"}\n{\"n\": 3}\n".to_vec();
        let resolver = Resolver {
            spec: &spec,
            entity: Entity::Account,
            config: &config,
            mark: DecimalMark::Point,
        };
        let boxed: Box<dyn Read> = Box::new(Cursor::new(input));
        let mut source = JsonSource::new(BufReader::new(boxed));
        let mut notices = Vec::new();
        let mut lines = Vec::new();
        for number in 1.. {
            let mut row = Row::empty(&spec);
            let mut item = Item::default();
            match source.next(
                "t",
                number,
                &resolver,
                false,
                &mut notices,
                &mut row,
                &mut item,
            ) {
                None => break,
                Some(r) => assert!(r.is_ok()),
            }
            lines.push((item.line, item.errors.first().and_then(|e| e.column)));
        }
        assert_eq!(lines, [(1, None), (2, Some(9)), (3, None)]);
    }

    #[test]
    fn repeated_members_and_two_names_for_one_attribute() {
        let spec = spec();
        let config = MatchConfig::default();
        // The last of a repeated member counts, also when it is null or an earlier one was bad.
        let (records, _, _) = read_all(
            &spec,
            &config,
            false,
            "{\"id\": \"a\", \"id\": \"b\", \"n\": 3, \"n\": null, \"e\": \"x\", \"e\": \"retail\", \"s\": [\"zz\"], \"s\": [\"a\"]}",
        );
        let (row, item) = &records[0];
        assert_eq!(item.id, "b");
        assert!(item.errors.is_empty(), "{:?}", item.errors);
        assert_eq!((row.value(0), row.value(4)), (None, Some(Value::Enum(1))));
        assert_eq!(row.value(5), Some(Value::Set(vec![0])));
        // Two names that both give `n` in one record: reported; in different records: fine.
        let (records, _, _) = read_all(
            &spec,
            &config,
            false,
            "{\"n\": 1, \"N\": 2}\n{\"N\": 3}\n{\"n\": 4}\n",
        );
        assert_eq!(records[0].1.errors.len(), 1);
        assert!(
            records[0].1.errors[0]
                .error
                .message
                .contains("both give attribute `n`")
        );
        assert!(records[1].1.errors.is_empty() && records[2].1.errors.is_empty());
        // The shown value of a bad set item is the item.
        let (records, _, _) = read_all(&spec, &config, false, "{\"s\": [\"a\", \"zz\", 3]}");
        let e = &records[0].1.errors;
        assert_eq!(
            (e.len(), e[0].value.as_str(), e[0].column),
            (1, "\"zz\"", Some(13))
        );
    }

    #[test]
    fn unknown_members_are_reported_once_or_stop_when_strict() {
        let spec = spec();
        let config = MatchConfig::default();
        let text = "{\"id\": 1, \"Nn\": 5, \"notes\": \"x\"}\n{\"Nn\": 6}\n";
        let (records, notices, stop) = read_all(&spec, &config, false, text);
        assert_eq!((records.len(), stop), (2, None));
        let shown: Vec<String> = notices
            .iter()
            .map(crate::diagnostics::render::line)
            .collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown[0].starts_with("warning[unknown-column]: t.jsonl:1:11: member `Nn`"),
            "{shown:?}"
        );
        assert!(shown[0].contains("[match.columns]"), "{shown:?}");
        let (_, _, stop) = read_all(&spec, &config, true, text);
        assert!(
            stop.is_some_and(|e| e.contains("member `Nn` (column 11) names no account attribute"))
        );
    }

    /// Deep nesting is read without recursion: a bad value where it is read, skipped where it
    /// is ignored.
    #[test]
    fn deeply_nested_values_are_bad_values_or_skipped() {
        let spec = spec();
        let config = MatchConfig::default();
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let line = format!("{{\"ignored\": {deep}, \"n\": 5}}");
        let (records, _, _) = read_all(&spec, &config, false, &line);
        assert_eq!(records[0].1.errors.len(), 0);
        for member in ["s", "n", "id"] {
            let line = format!("{{\"{member}\": {deep}}}");
            let (records, _, stop) = read_all(&spec, &config, false, &line);
            assert_eq!(stop, None);
            assert_eq!(records[0].1.errors.len(), 1, "{member}");
        }
    }

    use proptest::prelude::*;

    proptest::proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Whatever the lines hold (JSON-like fragments, any bytes), reading never stops and
        /// never panics: every line that is not blank is one record, good or bad, and a bad one
        /// says where.
        #[test]
        fn every_line_is_one_record_whatever_it_holds(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::collection::vec(
                        proptest::sample::select(vec![
                            "{", "}", "[", "]", ",", ":", "\"n\"", "\"s\"", "\"id\"", "\"x\"",
                            "1", "-2.5e3", "1e999", "null", "true", "\"a\"", "\"\\u12\"", " ",
                        ]),
                        0..12,
                    )
                    .prop_map(|parts| parts.concat().into_bytes()),
                    proptest::collection::vec(proptest::prelude::any::<u8>(), 0..24)
                        .prop_map(|b| b.into_iter().filter(|&c| c != b'\n').collect()),
                ],
                1..8,
            )
        ) {
            let spec = spec();
            let config = MatchConfig::default();
            let resolver = Resolver {
                spec: &spec,
                entity: Entity::Account,
                config: &config,
                mark: DecimalMark::Point,
            };
            let mut input = Vec::new();
            for l in &lines {
                input.extend_from_slice(l);
                input.push(b'\n');
            }
            let boxed: Box<dyn Read> = Box::new(Cursor::new(input));
            let mut source = JsonSource::new(BufReader::new(boxed));
            let mut notices = Vec::new();
            let mut read = Vec::new();
            for number in 1.. {
                let mut row = Row::empty(&spec);
                let mut item = Item::default();
                match source.next("t", number, &resolver, false, &mut notices, &mut row, &mut item) {
                    None => break,
                    Some(Err(e)) => {
                        // Only a first line holding a JSON array stops the file.
                        prop_assert!(e.to_string().contains("JSON array"), "{}", e);
                        prop_assert!(lines[0].trim_ascii_start().starts_with(b"["));
                        return Ok(());
                    }
                    Some(Ok(())) => {}
                }
                for e in &item.errors {
                    prop_assert_eq!(e.line, item.line);
                }
                read.push(item.line);
            }
            let expected: Vec<u64> = lines
                .iter()
                .enumerate()
                .filter(|(i, l)| {
                    let l = if *i == 0 { l.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(l) } else { l };
                    !l.iter().all(u8::is_ascii_whitespace)
                })
                .map(|(i, _)| i as u64 + 1)
                .collect();
            prop_assert_eq!(read, expected);
        }
    }

    #[test]
    fn member_names_past_the_cache_are_still_resolved() {
        let spec = spec();
        let config = MatchConfig::default();
        let names: Vec<String> = (0..MAX_CACHED_MEMBERS + 5)
            .map(|i| format!("\"x{i}\": {i}"))
            .collect();
        let line = format!("{{{}, \"n\": 12}}\n", names.join(", "));
        let (records, _, _) = read_all(&spec, &config, false, &line.repeat(2));
        for (row, _) in &records {
            assert_eq!(row.value(0), crate::num::Num::from_i64(12).map(Value::Num));
        }
    }
}
