//! The syntax stage: text to syntax tree, never stopping at the first error.
//!
//! Takes the files of a [`SourceMap`] and gives one [`ast::File`] per file plus every syntax
//! error. The [`scan`]ner first splits a file into top-level items; each item is parsed on its
//! own by pest, so a broken block never hides the others. When an item fails, it is parsed again
//! statement by statement: the statements that parse are kept, and each one that does not is
//! reported, so one run shows every independent problem.

pub mod ast;
mod build;
pub mod errors;
mod parser;
pub mod scan;

use crate::source::{FileId, LoadedSpec, SourceFile, Span};
use ast::{BrokenItem, Ident, Item};
use build::Builder;
pub use build::{MAX_WEIGHT, unescape};
use errors::SyntaxError;
use parser::Rule;
use scan::{Chunk, TokKind, Tokens};

/// The syntax trees of a spec's `.icp` files and every syntax error found in them.
#[derive(Debug, Default)]
pub struct Parsed {
    pub files: Vec<ast::File>,
    pub errors: Vec<SyntaxError>,
}

/// Parses every spec file of a loaded spec (all its files but `icpl.toml`).
pub fn parse_spec(spec: &LoadedSpec) -> Parsed {
    let mut parsed = Parsed::default();
    for id in spec.map.file_ids() {
        if Some(id) == spec.config {
            continue;
        }
        let file = spec.map.file(id);
        let bad = spec
            .invalid_utf8
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, at)| *at);
        let (ast, errors) = parse_file(file, id, bad);
        parsed.files.push(ast);
        parsed.errors.extend(errors);
    }
    parsed
}

/// Parses one file. `invalid_utf8` is the file-local offset of the first byte that was not
/// UTF-8 (it now holds U+FFFD), if any.
pub fn parse_file(
    file: &SourceFile,
    id: FileId,
    invalid_utf8: Option<usize>,
) -> (ast::File, Vec<SyntaxError>) {
    let text = file.text.as_str();
    let scan = scan::scan(text, file.base);
    let mut errors = scan.errors;
    let mut known_bad: Vec<Span> = errors.iter().map(primary_span).collect();
    known_bad.extend(errors.iter().filter_map(|e| match e {
        SyntaxError::Mismatched { open_span, .. } => Some(*open_span),
        _ => None,
    }));
    if let Some(at) = invalid_utf8 {
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        let span = file.global(at..end);
        errors.push(SyntaxError::InvalidUtf8 { span });
        known_bad.push(span);
    }
    known_bad.extend(scan.also_bad.iter().copied());
    let known_bad = KnownBad::new(known_bad);
    let mut p = FileParser {
        file,
        errors: &mut errors,
        known_bad: &known_bad,
        last_junk: None,
    };
    let items = scan.chunks.iter().map(|c| p.chunk(c)).collect();
    let comments = scan
        .comments
        .iter()
        .map(|&(s, e)| file.global(s..e))
        .collect();
    errors.sort_by_key(primary_span);
    if errors.len() > errors::MAX_ERRORS_PER_FILE {
        let rest = errors.split_off(errors::MAX_ERRORS_PER_FILE);
        if let Some(first) = rest.first() {
            errors.push(SyntaxError::TooMany {
                count: rest.len(),
                span: primary_span(first),
            });
        }
    }
    (
        ast::File {
            file: id,
            items,
            comments,
        },
        errors,
    )
}

/// The span a syntax error points at.
pub fn primary_span(e: &SyntaxError) -> Span {
    use SyntaxError::*;
    match e {
        Unexpected { span, .. }
        | UnterminatedString { span }
        | Unclosed { span, .. }
        | Unmatched { span, .. }
        | Mismatched { span, .. }
        | TooDeep { span, .. }
        | InvalidUtf8 { span }
        | NumberTooLarge { span, .. }
        | NumberTooPrecise { span, .. }
        | WeightTooLarge { span, .. }
        | ExpectedItem { span, .. }
        | InvalidEscape { span, .. }
        | TooMany { span, .. }
        | Internal { span, .. } => *span,
    }
}

struct FileParser<'a> {
    file: &'a SourceFile,
    errors: &'a mut Vec<SyntaxError>,
    /// Problems the scanner already reported: a parse error in the same statement is a
    /// consequence, not a new problem, and is not reported again.
    known_bad: &'a KnownBad,
    /// Where the last top-level text that is not an item started: more such text on the same
    /// line is part of the same problem and is not reported again.
    last_junk: Option<usize>,
}

/// The spans of problems the scanner reported, sorted, to ask whether a region holds one in
/// logarithmic time (a file of 500,000 broken lines asks it 500,000 times).
struct KnownBad {
    /// Sorted by start.
    spans: Vec<Span>,
    /// The largest end among `spans[..=i]`.
    max_end: Vec<u32>,
}

impl KnownBad {
    fn new(mut spans: Vec<Span>) -> KnownBad {
        spans.sort_unstable();
        let max_end = spans
            .iter()
            .scan(0, |m, s| {
                *m = (*m).max(s.end);
                Some(*m)
            })
            .collect();
        KnownBad { spans, max_end }
    }

    /// Whether some span overlaps `region` (as [`Span::overlaps`] says).
    fn overlaps(&self, region: Span) -> bool {
        // Spans that start before the region ends and end after it starts.
        let before_end = self.spans.partition_point(|b| b.start < region.end);
        let crossing = before_end
            .checked_sub(1)
            .and_then(|i| self.max_end.get(i))
            .is_some_and(|&end| end > region.start);
        crossing || self.spans.binary_search(&region).is_ok()
    }

    /// Whether some span overlaps `region` or lies within it (an empty one at its edge too).
    fn touches(&self, region: Span) -> bool {
        if self.overlaps(region) {
            return true;
        }
        let from = self.spans.partition_point(|b| b.start < region.start);
        self.spans
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.start <= region.end)
            .any(|b| b.end <= region.end)
    }
}

impl FileParser<'_> {
    fn global(&self, start: usize, end: usize) -> Span {
        self.file.global(start..end)
    }

    fn broken(&self, chunk: &Chunk) -> Item {
        Item::Broken(BrokenItem {
            keyword: chunk.keyword,
            name: chunk.name.as_ref().map(|(n, s, e)| Ident {
                name: n.clone(),
                span: self.global(*s, *e),
            }),
            span: self.global(chunk.start, chunk.end),
        })
    }

    /// Reports why `slice` (starting at file-local `start`) does not parse as `rule`, unless
    /// the scanner already reported a problem inside `region`.
    fn report(&mut self, rule: Rule, slice: &str, start: usize, region: Span) {
        if self.known_bad.touches(region) {
            return;
        }
        if let Some(err) = parser::explain(rule, slice) {
            let base = self.file.base + start as u32;
            self.errors.push(parser::convert_error(&err, slice, base));
        }
    }

    fn chunk(&mut self, chunk: &Chunk) -> Item {
        if chunk.too_deep {
            return self.broken(chunk);
        }
        let text = self.file.text.as_str();
        let slice = &text[chunk.start..chunk.end];
        let base = self.file.base + chunk.start as u32;
        match parser::parse(Rule::item, slice) {
            Ok(mut pairs) => {
                let Some(pair) = pairs.next() else {
                    return self.broken(chunk);
                };
                let mut b = Builder {
                    base,
                    errors: self.errors,
                };
                b.item(pair).unwrap_or_else(|_| self.broken(chunk))
            }
            Err(_) => self.recover(chunk),
        }
    }

    /// Parses a failed item again, header first and then statement by statement.
    fn recover(&mut self, chunk: &Chunk) -> Item {
        let text = self.file.text.as_str();
        let region = self.global(chunk.start, chunk.end);
        let body_rule = match chunk.keyword {
            Some("icp" | "persona") => Rule::statement,
            Some("example") => Rule::example_statement,
            Some("account" | "contact") => Rule::attr_statement,
            _ => {
                let same_line = self.last_junk.is_some_and(|last| {
                    text.as_bytes()
                        .get(last..chunk.start)
                        .is_some_and(|b| !b.iter().any(|&c| c == b'\n' || c == b'\r'))
                });
                self.last_junk = Some(chunk.start);
                if !same_line && !self.known_bad.overlaps(region) {
                    let (found, s, e) = parser::found_token(&text[chunk.start..chunk.end], 0);
                    self.errors.push(SyntaxError::ExpectedItem {
                        found,
                        span: self.global(chunk.start + s, chunk.start + e),
                    });
                }
                return self.broken(chunk);
            }
        };
        let open = Tokens::new(&text[..chunk.end], chunk.start)
            .find(|t| matches!(t.kind, TokKind::Open(_)))
            .filter(|t| t.kind == TokKind::Open(b'{'));
        let Some(open) = open else {
            self.report(
                Rule::item,
                &text[chunk.start..chunk.end],
                chunk.start,
                region,
            );
            return self.broken(chunk);
        };

        // The header, closed with a synthetic `}` so that it parses as an empty item.
        let header = format!("{}}}", &text[chunk.start..open.end]);
        let header_region = self.global(chunk.start, open.end);
        let mut item = match parser::parse(Rule::item, &header) {
            Ok(mut pairs) => {
                let built = pairs.next().map(|pair| {
                    Builder {
                        base: self.file.base + chunk.start as u32,
                        errors: self.errors,
                    }
                    .item(pair)
                });
                match built {
                    Some(Ok(item)) => item,
                    _ => return self.broken(chunk),
                }
            }
            Err(_) => {
                self.report(Rule::item, &header, chunk.start, header_region);
                return self.broken(chunk);
            }
        };

        let body_end = if text[..chunk.end].ends_with('}') && chunk.end > open.end {
            chunk.end - 1
        } else {
            chunk.end
        };
        for (s, e) in split_statements(text, open.end, body_end) {
            let stmt_text = &text[s..e];
            let region = self.global(s, e);
            match parser::parse(body_rule, stmt_text) {
                Ok(mut pairs) => {
                    let Some(inner) = pairs.next().and_then(|p| p.into_inner().next()) else {
                        continue;
                    };
                    let mut b = Builder {
                        base: self.file.base + s as u32,
                        errors: self.errors,
                    };
                    match &mut item {
                        Item::Icp(p) | Item::Persona(p) => {
                            if let Ok(st) = b.statement(inner) {
                                p.body.push(st);
                            }
                        }
                        Item::Example(x) => {
                            if let Ok(st) = b.example_statement(inner) {
                                x.body.push(st);
                            }
                        }
                        Item::Schema(x) => {
                            if let Ok(a) = b.attr_decl(inner) {
                                x.attrs.push(a);
                            }
                        }
                        Item::Broken(_) => {}
                    }
                }
                Err(_) => self.report(body_rule, stmt_text, s, region),
            }
        }
        set_item_span(&mut item, region);
        item
    }
}

fn set_item_span(item: &mut Item, span: Span) {
    match item {
        Item::Schema(b) => b.span = span,
        Item::Icp(b) | Item::Persona(b) => b.span = span,
        Item::Example(b) => b.span = span,
        Item::Broken(b) => b.span = span,
    }
}

/// Words that cannot start a statement: they continue the one before.
const CONTINUING_WORDS: [&str; 10] = [
    "and", "or", "not", "in", "has", "any", "all", "none", "when", "tier",
];

/// Words and operators after which a statement always goes on.
fn continues_after(tok: &scan::Tok, text: &str) -> bool {
    let t = tok.text(text);
    match tok.kind {
        TokKind::Word => {
            CONTINUING_WORDS.contains(&t)
                || matches!(
                    t,
                    "require" | "exclude" | "expect" | "reviewed" | "section" | "for" | "persona"
                )
        }
        // Operators, commas and stray punctuation (`&&`, `=`) all need a right-hand side.
        TokKind::Punct => true,
        TokKind::Open(_) => true,
        _ => false,
    }
}

/// Whether a token always starts a statement: `require`, `exclude`, `reviewed`, `section`,
/// `expect`, and `score {` / `tiers {`.
fn always_starts(tok: &scan::Tok, next: Option<&scan::Tok>, text: &str) -> bool {
    match tok.text(text) {
        "require" | "exclude" | "reviewed" | "section" | "expect" => true,
        "score" | "tiers" => next.is_some_and(|n| n.kind == TokKind::Open(b'{')),
        _ => false,
    }
}

/// Splits the body of a block (file-local `start..end`) into statements: a statement ends at a
/// line break outside brackets, unless the next line starts with a word like `and` or the line
/// ends with an operator that needs more; a statement keyword at the start of a line always
/// starts a new one.
fn split_statements(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let toks: Vec<scan::Tok> = Tokens::new(&text[..end], start)
        .filter(|t| t.kind != TokKind::Comment)
        .collect();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<(usize, usize)> = None;
    let mut after_newline = false;
    let mut prev: Option<scan::Tok> = None;
    for (i, tok) in toks.iter().enumerate() {
        if tok.kind == TokKind::Newline {
            after_newline |= depth == 0;
            continue;
        }
        let word = tok.text(text);
        let continuing = tok.kind == TokKind::Word && CONTINUING_WORDS.contains(&word);
        let starter = !(matches!(tok.kind, TokKind::Close(_) | TokKind::Punct) || continuing);
        let carried = prev.is_some_and(|p| continues_after(&p, text));
        let next = toks.iter().skip(i + 1).find(|t| t.kind != TokKind::Newline);
        let forced = always_starts(tok, next, text);
        if depth == 0 && after_newline && starter && (!carried || forced) {
            out.extend(current.take());
        }
        match &mut current {
            Some((_, e)) => *e = tok.end,
            None => current = Some((tok.start, tok.end)),
        }
        match tok.kind {
            TokKind::Open(_) => depth += 1,
            TokKind::Close(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        after_newline = false;
        prev = Some(*tok);
    }
    out.extend(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_split_at_line_breaks_outside_brackets() {
        let text = "{\n require a > 1\n   and b\n pains [\n \"x\",\n ]\n require c in\n [d]\n}";
        let parts: Vec<&str> = split_statements(text, 1, text.len() - 1)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            parts,
            [
                "require a > 1\n   and b",
                "pains [\n \"x\",\n ]",
                "require c in\n [d]"
            ]
        );
    }
}
