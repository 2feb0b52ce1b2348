//! Output formats for diagnostics: human (miette's graphical report for a diagnostic with
//! labels, one line for one without) and JSON.

use std::fmt;

use serde::Serialize;

use super::escape::{escape, escape_line};
use super::snippet::Snippet;
use super::{Counts, Diagnostic, Location};
use crate::source::SourceMap;

/// How to draw human-readable reports.
#[derive(Clone, Copy, Debug)]
pub struct HumanStyle {
    pub color: bool,
    pub unicode: bool,
    /// Wrap width in columns.
    pub width: usize,
}

impl HumanStyle {
    /// No colour, Unicode box drawing, 100 columns: what the tests snapshot.
    pub fn plain() -> HumanStyle {
        HumanStyle {
            color: false,
            unicode: true,
            width: 100,
        }
    }
}

/// A diagnostic with its [`Snippet`] attached, for miette's handler: the message, help and
/// labels escaped for the terminal, the labels moved into the snippet.
struct WithSource<'a> {
    diag: &'a Diagnostic,
    message: String,
    help: Option<String>,
    snippet: Snippet,
}

impl fmt::Debug for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diag, f)
    }
}

impl fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WithSource<'_> {}

impl miette::Diagnostic for WithSource<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        miette::Diagnostic::code(self.diag)
    }
    fn severity(&self) -> Option<miette::Severity> {
        miette::Diagnostic::severity(self.diag)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self.snippet.is_empty() {
            return None;
        }
        Some(Box::new(self.snippet.labels()))
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.snippet)
    }
}

/// Renders diagnostics for a terminal, one after another. A diagnostic with labels is drawn
/// as miette's graphical report, with a bounded excerpt of the source ([`Snippet`]) and a blank
/// line after it; one without labels (the command line's own errors, a line of a record file)
/// as the lines of [`line`]. Everything a terminal would act on is escaped
/// ([`super::escape`]); the cost is linear in the number of diagnostics.
pub fn human(diags: &[Diagnostic], map: &SourceMap, style: HumanStyle) -> String {
    let theme = match (style.unicode, style.color) {
        (true, true) => miette::GraphicalTheme::unicode(),
        (true, false) => miette::GraphicalTheme::unicode_nocolor(),
        (false, _) => miette::GraphicalTheme::none(),
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for d in diags {
        if d.labels.is_empty() {
            out.push_str(&line(d));
            continue;
        }
        let wrapped = WithSource {
            diag: d,
            message: shown(&d.message),
            help: d.help.as_deref().map(shown),
            snippet: Snippet::new(d, map),
        };
        let before = out.len();
        if handler.render_report(&mut out, &wrapped).is_err() {
            // miette fails only on a span the snippet does not hold, which `Snippet::new`
            // rules out; should it happen, the report is still given, without the excerpt.
            out.truncate(before);
            out.push_str(&line(d));
        }
        out.push('\n');
    }
    out
}

/// A diagnostic in the form of a line (and its help on the next): `error[CODE]: message`, with
/// its place first when it has one (`warning[unknown-column]: accounts.csv:1:3: message`).
/// What comes from the user (paths, values) is escaped.
pub fn line(d: &Diagnostic) -> String {
    let mut out = format!("{}[{}]: ", d.severity.as_str(), d.code);
    if let Some(place) = &d.place {
        out.push_str(&escape_line(&place.file));
        if let Some(line) = place.line {
            out.push_str(&format!(":{line}"));
            if let Some(column) = place.column {
                out.push_str(&format!(":{column}"));
            }
        }
        out.push_str(": ");
    }
    out.push_str(&escape(&d.message));
    out.push('\n');
    if let Some(help) = &d.help {
        out.push_str(&format!("  help: {}\n", escape(help)));
    }
    out
}

/// The longest run of non-blank characters a human report shows whole: a longer one (a
/// 40 KB identifier quoted by a message) keeps its start and end around a `…`.
pub const MAX_WORD: usize = 80;
/// The longest message or help a human report shows whole.
pub const MAX_TEXT: usize = 2_000;

/// A message or help as a human report shows it: escaped, and bounded by [`MAX_WORD`] and
/// [`MAX_TEXT`] (the JSON formats give it whole).
fn shown(text: &str) -> String {
    const HEAD: usize = MAX_WORD * 3 / 4;
    const TAIL: usize = MAX_WORD - HEAD - 1;
    let text = escape(text);
    let mut out = String::with_capacity(text.len().min(MAX_TEXT + 8));
    // The current word: its first MAX_WORD characters, the last TAIL after those, its length.
    let mut head: Vec<char> = Vec::new();
    let mut tail: std::collections::VecDeque<char> = std::collections::VecDeque::new();
    let mut len = 0;
    let flush = |out: &mut String,
                 head: &mut Vec<char>,
                 tail: &mut std::collections::VecDeque<char>,
                 len: &mut usize| {
        if *len <= MAX_WORD {
            out.extend(head.iter());
        } else {
            let rest: Vec<char> = head.iter().skip(HEAD).chain(tail.iter()).copied().collect();
            out.extend(head.iter().take(HEAD));
            out.push('…');
            out.extend(rest.iter().skip(rest.len().saturating_sub(TAIL)));
        }
        head.clear();
        tail.clear();
        *len = 0;
    };
    for c in text.chars() {
        if out.len() > MAX_TEXT {
            break;
        }
        if c.is_whitespace() {
            flush(&mut out, &mut head, &mut tail, &mut len);
            out.push(c);
            continue;
        }
        len += 1;
        if head.len() < MAX_WORD {
            head.push(c);
        } else {
            tail.push_back(c);
            if tail.len() > TAIL {
                tail.pop_front();
            }
        }
    }
    flush(&mut out, &mut head, &mut tail, &mut len);
    if out.len() > MAX_TEXT {
        let mut cut = MAX_TEXT;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push_str(" …");
    }
    out
}

/// One line summing up a run: "2 errors, 1 warning".
pub fn summary_line(counts: Counts) -> String {
    let plural = |n: usize, what: &str| {
        if n == 1 {
            format!("1 {what}")
        } else {
            format!("{n} {what}s")
        }
    };
    let mut parts = vec![
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
    ];
    if counts.infos > 0 {
        parts.push(format!("{} info", counts.infos));
    }
    parts.join(", ")
}

#[derive(Serialize)]
struct JsonLabel {
    file: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
    message: Option<String>,
    primary: bool,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    file: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    end_line: Option<u64>,
    end_column: Option<u64>,
    labels: Vec<JsonLabel>,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format: &'static str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
}

/// The version tag of the JSON diagnostics document.
pub const JSON_FORMAT: &str = "icpl-diagnostics/1";

/// Renders diagnostics as one JSON document (see `docs/cli.md`).
pub fn json(diags: &[Diagnostic], map: &SourceMap) -> String {
    let loc = |span| Location::of(map, span);
    let report = JsonReport {
        format: JSON_FORMAT,
        diagnostics: diags
            .iter()
            .map(|d| {
                let primary = d.primary_span().and_then(loc);
                let (file, line, column, end_line, end_column) = match (&primary, &d.place) {
                    (Some(l), _) => (
                        Some(l.file.clone()),
                        Some(l.line.into()),
                        Some(l.column.into()),
                        Some(l.end_line.into()),
                        Some(l.end_column.into()),
                    ),
                    (None, Some(p)) => (Some(p.file.clone()), p.line, p.column, None, None),
                    (None, None) => (None, None, None, None, None),
                };
                JsonDiagnostic {
                    code: d.code.as_str(),
                    severity: d.severity.as_str(),
                    message: &d.message,
                    help: d.help.as_deref(),
                    file,
                    line,
                    column,
                    end_line,
                    end_column,
                    labels: d
                        .labels
                        .iter()
                        .map(|l| {
                            let at = loc(l.span);
                            JsonLabel {
                                file: at.as_ref().map(|l| l.file.clone()),
                                line: at.as_ref().map(|l| l.line),
                                column: at.as_ref().map(|l| l.column),
                                end_line: at.as_ref().map(|l| l.end_line),
                                end_column: at.as_ref().map(|l| l.end_column),
                                message: l.message.clone(),
                                primary: l.primary,
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
        summary: {
            let c = Counts::of(diags);
            JsonSummary {
                errors: c.errors,
                warnings: c.warnings,
                infos: c.infos,
            }
        },
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
