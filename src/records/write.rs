//! Writing match results: one JSON object per record (JSON Lines), or one CSV row.
//!
//! The JSON shape, per record in input order:
//! `{"id": ..., "icps": {"<icp>": {"status", "score", "tier", "missing", "signals", ...}},
//! "personas": {"<persona>": {"status", "missing"}}}`, or `{"id": ..., "errors": [...]}` for a
//! bad record (it is not evaluated). A score is written only where the account matches: a
//! non-match has `"score": null` (and an unknown result the range its score may take), so that
//! sorting by score never mixes non-matches in with matches; in CSV its score cell is empty.
//! Optional members appear only when they say something: `score_range` when unknown signals
//! leave the score open, `tier_unknown` when that leaves the tier open, `unknown_signals`,
//! `coarse`, and `why` with `--explain`. `docs/matching.md` documents every member.
//!
//! JSON strings escape every control character and the characters that reorder text
//! (bidirectional overrides and isolates), so that output shown on a terminal cannot drive it.

use std::io::{self, Write};

use super::read::CellError;
use super::shown;
use crate::eval::compiled::IcpOutcome;
use crate::eval::row::attr_of;
use crate::eval::{Status, TierOutcome};
use crate::sema::ir::{Entity, Spec};

/// A JSON string literal.
fn quote(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 2);
    push_str(&mut out, s);
    String::from_utf8(out).unwrap_or_default()
}

/// Appends a JSON string literal: plain text is copied, the rest escaped.
fn push_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    // Bytes of 0x20 to 0x7e other than `"` and `\` are plain; anything else is looked at.
    let plain = s
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\');
    if plain || !s.chars().any(needs_escape) {
        out.extend_from_slice(s.as_bytes());
    } else {
        for c in s.chars() {
            match c {
                '"' => out.extend_from_slice(b"\\\""),
                '\\' => out.extend_from_slice(b"\\\\"),
                '\n' => out.extend_from_slice(b"\\n"),
                '\r' => out.extend_from_slice(b"\\r"),
                '\t' => out.extend_from_slice(b"\\t"),
                c if needs_escape(c) => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => {
                    let mut b = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                }
            }
        }
    }
    out.push(b'"');
}

/// Whether a character is written as a `\\u` escape in JSON output: `"`, `\\`, control
/// characters, and what [`crate::diagnostics::escape`] escapes for a terminal (the
/// bidirectional controls and the line and paragraph separators).
fn needs_escape(c: char) -> bool {
    c == '"' || c == '\\' || c.is_control() || crate::diagnostics::escape::is_unsafe(c)
}

/// Names of everything a result refers to, quoted once.
pub struct Names {
    icps: Vec<String>,
    signals: Vec<Vec<String>>,
    tiers: Vec<Vec<String>>,
    personas: Vec<String>,
    /// Per slot: the attribute's name, plain (account) and qualified (`account.x`, `contact.x`).
    plain: Vec<String>,
    qualified: Vec<String>,
}

impl Names {
    pub fn new(spec: &Spec) -> Names {
        let slots = spec.account.attrs.len() + spec.contact.attrs.len();
        let (mut plain, mut qualified) = (Vec::new(), Vec::new());
        for slot in 0..slots {
            let id = attr_of(spec, slot);
            let name = &spec.attr(id).name;
            plain.push(quote(name));
            let prefix = match id.entity {
                Entity::Account => "account",
                Entity::Contact => "contact",
            };
            qualified.push(quote(&format!("{prefix}.{name}")));
        }
        Names {
            icps: spec.icps.iter().map(|i| quote(&i.id)).collect(),
            signals: spec
                .icps
                .iter()
                .map(|i| i.signals.iter().map(|s| quote(&s.id)).collect())
                .collect(),
            tiers: spec
                .icps
                .iter()
                .map(|i| i.tiers.iter().map(|t| quote(&t.name)).collect())
                .collect(),
            personas: spec.personas.iter().map(|p| quote(&p.id)).collect(),
            plain,
            qualified,
        }
    }
}

/// A persona's result for a record.
#[derive(Clone, Debug, Default)]
pub struct PersonaOutcome {
    pub status: Option<Status>,
    pub missing: Vec<usize>,
    pub coarse: Vec<usize>,
}

/// One criterion in an explanation.
#[derive(Clone, Debug)]
pub struct Why {
    /// `require`, `exclude` or `signal`.
    pub role: &'static str,
    pub source: String,
    pub line: u32,
    /// `true`, `false` or `null` (unknown).
    pub holds: Option<bool>,
}

/// A quoted name by index (`"?"` for an index out of range).
fn name(names: &[String], i: usize) -> &str {
    names.get(i).map_or("\"?\"", String::as_str)
}

fn list(out: &mut Vec<u8>, items: &[usize], names: &[String]) {
    out.push(b'[');
    for (k, &i) in items.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(names.get(i).map_or("\"?\"", String::as_str).as_bytes());
    }
    out.push(b']');
}

/// Appends an integer in decimal.
// PANIC SAFETY: a u64 has at most 20 decimal digits, so `i` never goes below 0 in the 20-byte
// buffer and `digits[i..]` is within it.
#[allow(clippy::indexing_slicing)]
fn number(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    let mut v = n.unsigned_abs();
    // A u64 has at most 20 digits, so the index stays in the array.
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Appends the JSON object of one evaluated record (without a line break).
pub fn json_record(
    out: &mut Vec<u8>,
    names: &Names,
    id: &str,
    icps: &[IcpOutcome],
    personas: Option<&[PersonaOutcome]>,
    why: Option<&[Vec<Why>]>,
) {
    out.extend_from_slice(b"{\"id\":");
    push_str(out, id);
    out.extend_from_slice(b",\"icps\":{");
    for (i, r) in icps.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // The names and the outcomes come from the same spec, so every index is in range; a
        // name that were not would show as `"?"`.
        out.extend_from_slice(name(&names.icps, i).as_bytes());
        let status = r.status.unwrap_or(Status::Unknown);
        out.extend_from_slice(b":{\"status\":\"");
        out.extend_from_slice(status.as_str().as_bytes());
        out.extend_from_slice(b"\",\"score\":");
        // Only a match has a score to rank by; an unknown result shows the scores it may
        // have, a non-match none.
        if status == Status::Match {
            number(out, r.score);
        } else {
            out.extend_from_slice(b"null");
        }
        if (status == Status::Match && r.score_min != r.score_max) || status == Status::Unknown {
            out.extend_from_slice(b",\"score_range\":[");
            number(out, r.score_min);
            out.push(b',');
            number(out, r.score_max);
            out.push(b']');
        }
        out.extend_from_slice(b",\"tier\":");
        match r.tier {
            Some(TierOutcome::Tier(t)) => {
                let tiers = names.tiers.get(i).map_or(&[][..], Vec::as_slice);
                out.extend_from_slice(name(tiers, t).as_bytes());
            }
            Some(TierOutcome::Unknown) => out.extend_from_slice(b"null,\"tier_unknown\":true"),
            _ => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"missing\":");
        list(out, &r.missing, &names.plain);
        if !r.coarse.is_empty() {
            out.extend_from_slice(b",\"coarse\":");
            list(out, &r.coarse, &names.plain);
        }
        let signals = names.signals.get(i).map_or(&[][..], Vec::as_slice);
        out.extend_from_slice(b",\"signals\":");
        list(out, &r.signals, signals);
        if !r.unknown_signals.is_empty() {
            out.extend_from_slice(b",\"unknown_signals\":");
            list(out, &r.unknown_signals, signals);
        }
        if let Some(why) = why.and_then(|w| w.get(i)) {
            out.extend_from_slice(b",\"why\":[");
            for (k, w) in why.iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                let holds = match w.holds {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "null",
                };
                let _ = write!(
                    out,
                    "{{\"role\":\"{}\",\"criterion\":{},\"line\":{},\"holds\":{holds}}}",
                    w.role,
                    quote(&w.source),
                    w.line
                );
            }
            out.push(b']');
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"},\"personas\":{");
    if let Some(ps) = personas {
        for (i, p) in ps.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(name(&names.personas, i).as_bytes());
            out.extend_from_slice(b":{\"status\":\"");
            out.extend_from_slice(p.status.unwrap_or(Status::Unknown).as_str().as_bytes());
            out.extend_from_slice(b"\",\"missing\":");
            list(out, &p.missing, &names.qualified);
            if !p.coarse.is_empty() {
                out.extend_from_slice(b",\"coarse\":");
                list(out, &p.coarse, &names.qualified);
            }
            out.push(b'}');
        }
    }
    out.extend_from_slice(b"}}");
}

/// Appends the JSON object of a bad record (without a line break).
pub fn json_errors(out: &mut Vec<u8>, id: &str, errors: &[CellError]) {
    out.extend_from_slice(b"{\"id\":");
    push_str(out, id);
    out.extend_from_slice(b",\"errors\":[");
    for (k, e) in errors.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        let _ = write!(out, "{{\"line\":{},\"column\":", e.line);
        match e.column {
            Some(c) => {
                let _ = write!(out, "{c}");
            }
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"field\":");
        if e.field.is_empty() {
            out.extend_from_slice(b"null");
        } else {
            push_str(out, &e.field);
        }
        out.extend_from_slice(b",\"value\":");
        push_str(out, &e.value);
        out.extend_from_slice(b",\"message\":");
        push_str(out, &e.error.message);
        if let Some(help) = &e.error.help {
            out.extend_from_slice(b",\"help\":");
            push_str(out, help);
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
}

/// One error of a bad record as a CSV cell's text: `line 5 column 2 (Industry): ...`.
pub fn error_text(e: &CellError) -> String {
    let mut text = format!("line {}", e.line);
    if let Some(c) = e.column {
        text.push_str(&format!(" column {c}"));
    }
    if !e.field.is_empty() {
        text.push_str(&format!(" ({})", shown(&e.field)));
    }
    text.push_str(&format!(": {}", e.error.message));
    text
}

/// The CSV header: `id`, then per ICP `<icp>.status`, `.score`, `.tier`, `.missing`, then per
/// persona `<persona>.status`, then `errors`.
pub fn csv_header(spec: &Spec, personas: bool) -> Vec<String> {
    let mut h = vec!["id".to_string()];
    for icp in &spec.icps {
        for field in ["status", "score", "tier", "missing"] {
            h.push(format!("{}.{field}", icp.id));
        }
    }
    if personas {
        for p in &spec.personas {
            h.push(format!("{}.status", p.id));
        }
    }
    h.push("errors".into());
    h
}

/// One CSV row in the order of [`csv_header`].
pub fn csv_row(
    spec: &Spec,
    id: &str,
    icps: &[IcpOutcome],
    personas: Option<&[PersonaOutcome]>,
    errors: &[CellError],
) -> Vec<String> {
    let mut row = vec![id.to_string()];
    let name = |slot: usize| spec.attr(attr_of(spec, slot)).name.clone();
    for (i, icp) in spec.icps.iter().enumerate() {
        match icps.get(i).filter(|_| errors.is_empty()) {
            Some(r) => {
                let status = r.status.unwrap_or(Status::Unknown);
                row.push(status.as_str().to_string());
                // Only a match has a score to rank by.
                row.push(if status == Status::Match {
                    r.score.to_string()
                } else {
                    String::new()
                });
                row.push(match r.tier {
                    Some(TierOutcome::Tier(t)) => icp
                        .tiers
                        .get(t)
                        .map_or_else(|| "?".into(), |x| x.name.clone()),
                    Some(TierOutcome::Unknown) => "?".to_string(),
                    _ => String::new(),
                });
                row.push(
                    r.missing
                        .iter()
                        .map(|&s| name(s))
                        .collect::<Vec<_>>()
                        .join(";"),
                );
            }
            None => row.extend(std::iter::repeat_n(String::new(), 4)),
        }
    }
    if let Some(ps) = personas {
        for i in 0..spec.personas.len() {
            row.push(
                ps.get(i)
                    .filter(|_| errors.is_empty())
                    .map_or(String::new(), |p| {
                        p.status.unwrap_or(Status::Unknown).as_str().to_string()
                    }),
            );
        }
    }
    row.push(errors.iter().map(error_text).collect::<Vec<_>>().join("; "));
    row
}

/// Writes a line of JSON Lines output.
pub fn write_line(out: &mut impl Write, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.push(b'\n');
    out.write_all(buf)?;
    buf.clear();
    Ok(())
}
