//! The conversion layer: the one place that knows LSP types.
//!
//! Everything else in the server speaks icpl: global byte [`Span`]s, [`Diagnostic`]s, file
//! paths, and the handlers' own results ([`Candidate`], [`Symbol`], Markdown). This module
//! turns them into LSP values and back: file URIs ↔ paths, LSP positions (0-based lines,
//! columns in UTF-16 code units) ↔ byte offsets, diagnostics with their codes, severities and
//! related information, hovers, locations, completion items, document symbols and edits.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types as lsp;

use super::completion::{Candidate, CandidateKind};
use super::symbols::{Symbol, SymbolKind};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{FileId, SourceFile, SourceMap, Span, line_end, line_starts, offset_in_line};

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "icpl";

// ---------------------------------------------------------------------------------------------
// URIs and paths.

/// The path of a `file:` URI, or `None` for any other scheme or a malformed URI.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let scheme_end = uri.find(':')?;
    if !uri[..scheme_end].eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = uri[scheme_end + 1..].strip_prefix("//")?;
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let path_start = rest.find('/')?;
    let authority = &rest[..path_start];
    if !authority.is_empty() && !authority.eq_ignore_ascii_case("localhost") {
        return None; // a file on another host (UNC), which this server cannot read
    }
    let bytes = percent_decode(&rest[path_start..])?;
    bytes_to_path(bytes)
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    // `/C:/specs/a.icp` names the drive path `C:/specs/a.icp`.
    let b = text.as_bytes();
    let text = if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
        &text[1..]
    } else {
        &text[..]
    };
    Some(PathBuf::from(text.replace('/', "\\")))
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

/// The `file:` URI of an absolute path, with every byte outside the unreserved set and `/`
/// percent-encoded.
pub fn path_to_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/'); // a drive letter: file:///C:/...
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(b as char);
        } else if b == b':' && uri.len() == "file:///".len() + 1 {
            uri.push(':'); // the colon of a drive letter
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// An `lsp_types::Uri` from our own string, which was either given by the client or built by
/// [`path_to_uri`].
fn uri(text: &str) -> Option<lsp::Uri> {
    lsp::Uri::from_str(text).ok()
}

// ---------------------------------------------------------------------------------------------
// Positions and ranges.

/// The global position of an LSP position in a file; a position past the end of its line or
/// of the file is clamped to it.
pub fn offset(file: &SourceFile, pos: lsp::Position) -> u32 {
    file.base + file.offset_of_utf16(pos.line, pos.character) as u32
}

/// The byte offset of an LSP position in a text, clamped (used to apply ranged edits to a
/// document before it is compiled). Lines end at `\n`, `\r\n` or a lone `\r`, as in LSP and in
/// the source map; a column past the end of its line is the end of the line, never inside its
/// line break.
pub fn text_offset(text: &str, pos: lsp::Position) -> usize {
    let mut line_start = 0;
    for _ in 0..pos.line {
        match line_end(text, line_start).1 {
            Some(next) => line_start = next,
            None => return text.len(),
        }
    }
    offset_in_line(text, line_start, pos.character)
}

/// The LSP range of a span in the file that holds it.
pub fn range(file: &SourceFile, span: Span) -> lsp::Range {
    let local = |p: u32| p.saturating_sub(file.base) as usize;
    let (sl, sc) = file.utf16_position(local(span.start));
    let (el, ec) = file.utf16_position(local(span.end));
    lsp::Range::new(lsp::Position::new(sl, sc), lsp::Position::new(el, ec))
}

/// A span as a location (the URI of its file and its range).
pub fn location(map: &SourceMap, uris: &[String], span: Span) -> Option<lsp::Location> {
    let id = map.file_id_of(span)?;
    let file = map.files().get(id.0 as usize)?;
    Some(lsp::Location::new(
        uri(uris.get(id.0 as usize)?)?,
        range(file, span),
    ))
}

// ---------------------------------------------------------------------------------------------
// Diagnostics.

/// An icpl diagnostic as an LSP one, for the file `file` of `map`. The primary label gives the
/// range; the other labels become related information (with their own files' URIs); the
/// primary label's text and the help follow the message on lines of their own.
pub fn diagnostic(
    d: &Diagnostic,
    map: &SourceMap,
    file: FileId,
    uris: &[String],
) -> lsp::Diagnostic {
    let primary = d.labels.iter().find(|l| l.primary);
    let range = match (primary, map.files().get(file.0 as usize)) {
        (Some(label), Some(f)) if map.file_id_of(label.span) == Some(file) => {
            self::range(f, label.span)
        }
        _ => lsp::Range::default(),
    };
    let mut message = d.message.clone();
    if let Some(text) = primary.and_then(|l| l.message.as_deref())
        && !text.is_empty()
    {
        message.push('\n');
        message.push_str(text);
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .filter_map(|l| {
            Some(lsp::DiagnosticRelatedInformation {
                location: location(map, uris, l.span)?,
                message: l.message.clone().unwrap_or_else(|| "related".to_string()),
            })
        })
        .collect();
    lsp::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A diagnostic that has no place in a file (a spec that could not be read), shown at the
/// start of a document.
pub fn unplaced_diagnostic(d: &Diagnostic) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp::Diagnostic {
        range: lsp::Range::default(),
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        source: Some(SOURCE.to_string()),
        message,
        ..lsp::Diagnostic::default()
    }
}

/// The `textDocument/publishDiagnostics` parameters for one document, or `None` when its URI
/// does not parse (it came from our own [`path_to_uri`] or the client, so it always should).
pub fn publish(
    target: &str,
    version: Option<i32>,
    diagnostics: Vec<lsp::Diagnostic>,
) -> Option<lsp::PublishDiagnosticsParams> {
    Some(lsp::PublishDiagnosticsParams {
        uri: uri(target)?,
        diagnostics,
        version,
    })
}

// ---------------------------------------------------------------------------------------------
// Handler results.

/// A hover with Markdown contents over the span of its target.
pub fn hover(file: &SourceFile, span: Span, markdown: String) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(range(file, span)),
    }
}

/// Completion candidates as LSP items, kept in the order given.
pub fn completion(candidates: Vec<Candidate>) -> lsp::CompletionResponse {
    let items = candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| lsp::CompletionItem {
            label: c.label,
            kind: Some(match c.kind {
                CandidateKind::Attribute => lsp::CompletionItemKind::FIELD,
                CandidateKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
                CandidateKind::Field => lsp::CompletionItemKind::PROPERTY,
                CandidateKind::Keyword => lsp::CompletionItemKind::KEYWORD,
                CandidateKind::Icp => lsp::CompletionItemKind::CLASS,
                CandidateKind::Persona => lsp::CompletionItemKind::INTERFACE,
                CandidateKind::Tier => lsp::CompletionItemKind::CONSTANT,
            }),
            detail: c.detail,
            documentation: c.doc.map(|value| {
                lsp::Documentation::MarkupContent(lsp::MarkupContent {
                    kind: lsp::MarkupKind::Markdown,
                    value,
                })
            }),
            sort_text: Some(format!("{i:05}")),
            ..lsp::CompletionItem::default()
        })
        .collect();
    lsp::CompletionResponse::Array(items)
}

/// The outline of a file as nested LSP document symbols.
pub fn document_symbols(file: &SourceFile, symbols: Vec<Symbol>) -> Vec<lsp::DocumentSymbol> {
    symbols
        .into_iter()
        .map(|s| {
            let range = range(file, s.span);
            let selection = range_within(self::range(file, s.name_span), range);
            #[allow(deprecated)] // `deprecated` is a required field of the struct
            lsp::DocumentSymbol {
                // Clients reject an empty name (`example ""`).
                name: if s.name.is_empty() {
                    "\"\"".to_string()
                } else {
                    s.name
                },
                detail: s.detail,
                kind: match s.kind {
                    SymbolKind::Schema => lsp::SymbolKind::NAMESPACE,
                    SymbolKind::Attribute => lsp::SymbolKind::FIELD,
                    SymbolKind::Value => lsp::SymbolKind::ENUM_MEMBER,
                    SymbolKind::Icp => lsp::SymbolKind::CLASS,
                    SymbolKind::Persona => lsp::SymbolKind::INTERFACE,
                    SymbolKind::Signal => lsp::SymbolKind::PROPERTY,
                    SymbolKind::Tier => lsp::SymbolKind::CONSTANT,
                    SymbolKind::Example => lsp::SymbolKind::OBJECT,
                },
                tags: None,
                deprecated: None,
                range,
                selection_range: selection,
                children: (!s.children.is_empty()).then(|| document_symbols(file, s.children)),
            }
        })
        .collect()
}

/// `inner` if it lies within `outer` (the protocol requires it of a selection range), else
/// the start of `outer`.
fn range_within(inner: lsp::Range, outer: lsp::Range) -> lsp::Range {
    let key = |p: lsp::Position| (p.line, p.character);
    if key(outer.start) <= key(inner.start) && key(inner.end) <= key(outer.end) {
        inner
    } else {
        lsp::Range::new(outer.start, outer.start)
    }
}

/// One edit that replaces the whole of `text` (an open document's text) with `new_text`. Its
/// end is the end of the text, counting lines as LSP does (`\n`, `\r\n` or a lone `\r`).
pub fn whole_text_edit(text: &str, new_text: String) -> lsp::TextEdit {
    let starts = line_starts(text);
    let line = starts.len().saturating_sub(1) as u32;
    let last_start = starts.last().map_or(0, |&s| s as usize);
    let last_line = text.get(last_start..).unwrap_or_default();
    let end = lsp::Position::new(line, last_line.encode_utf16().count() as u32);
    lsp::TextEdit {
        range: lsp::Range::new(lsp::Position::new(0, 0), end),
        new_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/a b/é😀#%.icp");
        let uri = path_to_uri(path);
        assert_eq!(uri, "file:///tmp/a%20b/%C3%A9%F0%9F%98%80%23%25.icp");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        assert_eq!(
            uri_to_path("file://localhost/x/y.icp").as_deref(),
            Some(Path::new("/x/y.icp"))
        );
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
        assert_eq!(uri_to_path("file:///bad%zz"), None);
        assert_eq!(uri_to_path("file://server/share/a.icp"), None);
        assert_eq!(uri_to_path("file:"), None);
    }

    #[test]
    fn text_offsets_count_utf16_and_clamp() {
        let text = "é😀x\nab";
        let at = |line, character| text_offset(text, lsp::Position { line, character });
        assert_eq!(at(0, 0), 0);
        assert_eq!(at(0, 1), 2); // after é (one unit, two bytes)
        assert_eq!(at(0, 3), 6); // after 😀 (two units, four bytes)
        assert_eq!(at(0, 99), 7); // clamped to the line end
        assert_eq!(at(1, 1), 9);
        assert_eq!(at(7, 0), text.len());
    }
}
