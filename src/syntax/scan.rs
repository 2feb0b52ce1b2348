//! A light scanner that runs before pest.
//!
//! It reads a file once and gives: the comments (for the formatter and inline suppressions), the
//! top-level items as byte ranges (each is parsed on its own, so an error in one block never
//! hides the others), and the problems pest would report badly or not at all: unterminated
//! strings, unbalanced brackets and nesting deeper than [`MAX_NESTING`].

use super::errors::SyntaxError;

/// The deepest bracket nesting a file may use. Real specs stay under ten; the limit keeps every
/// later (recursive) stage far from the end of its stack.
pub const MAX_NESTING: usize = 64;

/// The words that start a top-level item.
pub const ITEM_KEYWORDS: [&str; 5] = ["account", "contact", "icp", "persona", "example"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// An identifier, keyword, number, money or percent literal, date or operator word.
    Word,
    /// A string literal; `terminated` is false when the line ended first.
    Str {
        terminated: bool,
    },
    Open(u8),
    Close(u8),
    /// A comment, from `#` to the end of the line.
    Comment,
    Newline,
    /// Any other character or operator (`:`, `,`, `==`, `>=`, `..`, ...).
    Punct,
}

/// A token: its kind and file-local byte range.
#[derive(Clone, Copy, Debug)]
pub struct Tok {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
}

impl Tok {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }
}

/// Splits text into [`Tok`]s; it never fails and every byte belongs to some token or to
/// whitespace.
pub struct Tokens<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    pub fn new(src: &'a str, start: usize) -> Tokens<'a> {
        Tokens { src, pos: start }
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Iterator for Tokens<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        let bytes = self.src.as_bytes();
        loop {
            // A `\r` is whitespace before a `\n`; alone it is a line break, as editors see it.
            let cr_lf = bytes.get(self.pos..self.pos + 2) == Some(b"\r\n");
            if matches!(bytes.get(self.pos), Some(b' ' | b'\t')) || cr_lf {
                self.pos += 1;
            } else if bytes
                .get(self.pos..)
                .is_some_and(|rest| rest.starts_with("\u{FEFF}".as_bytes()))
            {
                // A byte-order mark is whitespace wherever it is.
                self.pos += 3;
            } else {
                break;
            }
        }
        let start = self.pos;
        let &b = bytes.get(start)?;
        let kind = match b {
            b'\n' | b'\r' => {
                self.pos += 1;
                TokKind::Newline
            }
            b'#' => {
                self.pos = memchr_newline(bytes, start);
                TokKind::Comment
            }
            b'"' => {
                let mut i = start + 1;
                let mut terminated = false;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' if bytes.get(i + 1).is_some_and(|&n| n != b'\n') => i += 2,
                        b'"' => {
                            i += 1;
                            terminated = true;
                            break;
                        }
                        b'\n' | b'\r' => break,
                        _ => i += 1,
                    }
                }
                self.pos = i.min(bytes.len());
                TokKind::Str { terminated }
            }
            b'{' | b'[' | b'(' => {
                self.pos += 1;
                TokKind::Open(b)
            }
            b'}' | b']' | b')' => {
                self.pos += 1;
                TokKind::Close(b)
            }
            b'$' | b'-' | b'+' | b'0'..=b'9' if start + 1 < bytes.len() || b.is_ascii_digit() => {
                // Numbers, money, percents, weights and dates, stopping before a range's `..`.
                let mut i = start + 1;
                while let Some(&c) = bytes.get(i) {
                    let dot_digit = c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                    if is_word_byte(c) || dot_digit || c == b'%' || c == b'-' && b != b'-' {
                        i += 1;
                    } else {
                        break;
                    }
                }
                if i == start + 1 && !b.is_ascii_digit() {
                    self.pos = start + 1;
                    TokKind::Punct
                } else {
                    self.pos = i;
                    TokKind::Word
                }
            }
            _ if is_word_byte(b) => {
                let mut i = start + 1;
                while bytes.get(i).is_some_and(|&c| is_word_byte(c)) {
                    i += 1;
                }
                self.pos = i;
                TokKind::Word
            }
            _ => {
                let two = bytes.get(start..start + 2);
                let len = match two {
                    Some(b"==" | b"!=" | b"<=" | b">=" | b"..") => 2,
                    _ => self.src[start..].chars().next().map_or(1, char::len_utf8),
                };
                self.pos = start + len;
                TokKind::Punct
            }
        };
        Some(Tok {
            kind,
            start,
            end: self.pos,
        })
    }
}

/// The offset of the next line break (`\n` or `\r`) at or after `from`, or the end.
fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n' || b == b'\r'))
        .map_or(bytes.len(), |p| from + p)
}

/// A top-level item found by the scanner.
#[derive(Clone, Debug)]
pub struct Chunk {
    /// File-local byte range, from the first token to the closing brace (or the last token).
    pub start: usize,
    pub end: usize,
    /// The item keyword it starts with, when it starts with one.
    pub keyword: Option<&'static str>,
    /// The identifier after `icp`/`persona`, when there is one: its text and range.
    pub name: Option<(String, usize, usize)>,
    /// The scanner already reported a problem inside this chunk.
    pub has_scan_error: bool,
    /// Nesting went past [`MAX_NESTING`]: the chunk must not be handed to pest.
    pub too_deep: bool,
    /// A bracket in it was left open and, with no indentation to tell where its block ended,
    /// closed at the end of the item: the parser's complaints about the item are consequences.
    pub guessed_end: bool,
}

/// What the scanner found in one file.
#[derive(Debug, Default)]
pub struct Scan {
    /// File-local ranges of comments (each starts at `#`).
    pub comments: Vec<(usize, usize)>,
    pub chunks: Vec<Chunk>,
    /// Problems found, as file-local ranges with their error.
    pub errors: Vec<SyntaxError>,
    /// Closing brackets the parser should read as if they were there, each with the file-local
    /// position it goes at (in order): one for every unclosed bracket, where its block ends.
    pub repairs: Vec<(usize, u8)>,
    /// Global spans of problems beyond the errors' own spans: from the first to the last
    /// bracket counted in one error. A parse error there is a consequence.
    pub also_bad: Vec<crate::source::Span>,
    /// The end of the last closer counted in the last error when it is an `Unmatched` or
    /// `Mismatched` run.
    run_end: Option<usize>,
}

/// Scans a file. `base` converts file-local offsets into global span positions for errors.
pub fn scan(src: &str, base: u32) -> Scan {
    let first = scan_pass(src, base, false);
    if first.balanced && !first.mismatched {
        return first.scan;
    }
    // Some bracket never closed: scan again, closing a bracket where its block ends by the
    // indentation (a line that is not indented deeper than the bracket's own line), and
    // starting a new item wherever an item keyword begins a line, so that one missing `}`
    // neither swallows the rest of the file nor gets blamed on the wrong bracket.
    scan_pass(src, base, true).scan
}

/// Words that always start a statement or an item: a line that starts with one at the
/// indentation of an open `(` or `[` (or a `{` with more on its line) has left it.
const STATEMENT_STARTS: [&str; 12] = [
    "require", "exclude", "score", "tiers", "reviewed", "section", "expect", "account", "contact",
    "icp", "persona", "example",
];

/// Whether `tok` starts an attribute or a record field (`name:`).
fn starts_field(src: &str, tok: Tok) -> bool {
    tok.kind == TokKind::Word
        && Tokens::new(src, tok.end)
            .find(|t| !matches!(t.kind, TokKind::Newline | TokKind::Comment))
            .is_some_and(|t| t.text(src) == ":")
}

/// An open bracket: its byte, its position, the indentation of its line, and whether a later
/// line was indented deeper (the block has a body laid out by indentation).
#[derive(Clone, Copy, Debug)]
struct Open {
    byte: u8,
    at: usize,
    indent: usize,
    /// The deepest indentation of the lines after its own seen while it was the innermost
    /// bracket, or passed down from brackets inside it when they closed: the deepest of the
    /// lines after its own is the largest of this over it and the brackets inside it.
    max_after: usize,
    /// Nothing but a comment follows the bracket on its line (a block laid out by lines).
    ends_line: bool,
    /// The `{` of an enum's or set's values (which never hold `name:`).
    enum_body: bool,
}

/// How the end of an unclosed bracket's block was found, for the help.
#[derive(Clone, Copy, Debug)]
enum Ending {
    /// A line indented no deeper than the bracket's line.
    Indentation,
    /// An item keyword at the start of line `line`, with no indentation to go by.
    NextItem { line: usize },
    /// The end of the file.
    EndOfFile,
}

/// The indentation of the line that holds `pos` (its leading spaces and tabs).
fn indent_of(src: &str, pos: usize) -> usize {
    let start = src
        .get(..pos)
        .and_then(|t| t.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1);
    src.get(start..)
        .unwrap_or("")
        .bytes()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count()
}

/// Closes the brackets above `len` (returned outermost first), passing the deepest indentation
/// seen inside them down to the bracket that is then innermost.
fn pop_to(stack: &mut Vec<Open>, len: usize) -> Vec<Open> {
    let closed = stack.split_off(len.min(stack.len()));
    if let Some(top) = stack.last_mut() {
        let inside = closed.iter().map(|o| o.max_after).max().unwrap_or(0);
        top.max_after = top.max_after.max(inside);
    }
    closed
}

struct Pass {
    scan: Scan,
    balanced: bool,
    /// A closer met an opener of another kind.
    mismatched: bool,
}

fn span(base: u32, start: usize, end: usize) -> crate::source::Span {
    crate::source::Span::new(base + start as u32, base + end as u32)
}

fn closing(open: u8) -> u8 {
    match open {
        b'{' => b'}',
        b'[' => b']',
        _ => b')',
    }
}

fn scan_pass(src: &str, base: u32, split_at_line_start: bool) -> Pass {
    let mut out = Scan::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut current: Option<Chunk> = None;
    let mut prev_word: Option<&str> = None;
    let mut balanced = true;
    let mut mismatched = false;
    // An unterminated string in the current item may have swallowed a closing bracket: bracket
    // problems after it are consequences, not new errors.
    let mut string_broken = false;
    let mut line_start = true;
    // The end of the last token that is not a comment or a line break, and its line (1-based),
    // and the line of the current token.
    let mut last_end = 0usize;
    let mut last_line = 1usize;
    let mut line = 1usize;
    // The indentation of the current line, read at its first token.
    let mut line_indent = 0usize;

    fn finish(out: &mut Scan, chunk: Option<Chunk>) {
        if let Some(c) = chunk {
            out.chunks.push(c);
        }
    }

    // Reports the innermost `n` open brackets as never closed (one error per line, counting
    // the others of the line), and closes them after `end` (on line `end_line`). Without
    // indentation to go by, where the block really ended is a guess: what the parser then finds
    // wrong in the item is a consequence, not news.
    let close_top = |out: &mut Scan,
                     stack: &mut Vec<Open>,
                     current: &mut Option<Chunk>,
                     string_broken: bool,
                     (end, end_line): (usize, usize),
                     ending: Ending,
                     n: usize| {
        if n == 0 {
            return;
        }
        let closed = pop_to(stack, stack.len().saturating_sub(n));
        if !string_broken {
            report_unclosed(out, src, base, &closed, (end, end_line), ending);
            out.repairs
                .extend(closed.iter().rev().map(|open| (end, closing(open.byte))));
        }
        if let Some(c) = current.as_mut() {
            c.has_scan_error = true;
            c.guessed_end |= !matches!(ending, Ending::Indentation);
        }
    };

    for tok in Tokens::new(src, 0) {
        match tok.kind {
            TokKind::Newline => {
                line_start = true;
                // `\r\n` is one line break.
                let crlf = tok.start > 0 && src.get(tok.start - 1..=tok.start) == Some("\r\n");
                line += usize::from(!crlf);
                continue;
            }
            TokKind::Comment => {
                out.comments.push((tok.start, tok.end));
                continue;
            }
            _ => {}
        }
        let text = tok.text(src);
        let first_on_line = std::mem::take(&mut line_start);
        if first_on_line {
            line_indent = indent_of(src, tok.start);
        }
        if first_on_line && split_at_line_start && !stack.is_empty() {
            // A line that is not indented deeper than an open bracket's line ends its block
            // (a closer must be less indented to belong to an outer bracket); a `{` counts only
            // once its block has an indented body, so unindented specs are left alone.
            let indent = line_indent;
            if let Some(top) = stack.last_mut() {
                top.max_after = top.max_after.max(indent);
            }
            let mut deepest_after = 0;
            let is_close = matches!(tok.kind, TokKind::Close(_));
            // A list or a parenthesis may go on at its own indentation (`or b > 2)`); only a
            // statement or a block's end closes it. A block laid out by lines ends at its
            // indentation; a list, a parenthesis or a block opened inline only at a line that
            // could not be inside it.
            let ended = stack
                .iter()
                .rev()
                .take_while(|top| {
                    deepest_after = deepest_after.max(top.max_after);
                    let deeper = deepest_after > top.indent;
                    if is_close {
                        indent < top.indent
                    } else if top.byte == b'{' && top.ends_line {
                        indent <= top.indent && deeper
                    } else {
                        indent <= top.indent
                            && (STATEMENT_STARTS.contains(&text)
                                || top.enum_body && starts_field(src, tok))
                    }
                })
                .count();
            let closed = ended > 0;
            close_top(
                &mut out,
                &mut stack,
                &mut current,
                string_broken,
                (last_end, last_line),
                Ending::Indentation,
                ended,
            );
            if closed && stack.is_empty() {
                finish(&mut out, current.take());
            }
        }
        let is_item_kw = tok.kind == TokKind::Word && ITEM_KEYWORDS.contains(&text);
        let keyword = ITEM_KEYWORDS.iter().copied().find(|k| *k == text);
        let names_something = matches!(prev_word, Some("icp" | "persona" | "for" | ","));

        if is_item_kw && !names_something {
            let column_zero = tok.start == 0 || src[..tok.start].ends_with(['\n', '\r']);
            if stack.is_empty() {
                finish(&mut out, current.take());
            } else if split_at_line_start
                && column_zero
                // In an example, `account {` and `contact {` are its records.
                && !(matches!(text, "account" | "contact")
                    && current.as_ref().is_some_and(|c| c.keyword == Some("example")))
            {
                let all = stack.len();
                close_top(
                    &mut out,
                    &mut stack,
                    &mut current,
                    string_broken,
                    (last_end, last_line),
                    Ending::NextItem { line },
                    all,
                );
                finish(&mut out, current.take());
            }
        }
        last_end = tok.end;
        last_line = line;
        if current.is_none() {
            if stack.is_empty() && matches!(tok.kind, TokKind::Close(_)) {
                report_unmatched(&mut out, src, base, &tok);
                prev_word = None;
                continue;
            }
            string_broken = false;
            current = Some(Chunk {
                start: tok.start,
                end: tok.end,
                keyword,
                name: None,
                has_scan_error: false,
                too_deep: false,
                guessed_end: false,
            });
        }
        // Invariant: `current` was set just above when it was empty.
        let Some(chunk) = current.as_mut() else {
            continue;
        };
        chunk.end = tok.end;
        if chunk.name.is_none()
            && stack.is_empty()
            && tok.kind == TokKind::Word
            && matches!(prev_word, Some("icp" | "persona"))
        {
            chunk.name = Some((text.to_string(), tok.start, tok.end));
        }

        match tok.kind {
            TokKind::Str { terminated: false } => {
                chunk.has_scan_error = true;
                string_broken = true;
                out.errors.push(SyntaxError::UnterminatedString {
                    span: span(base, tok.start, tok.end),
                });
            }
            TokKind::Open(open) => {
                // Only blanks, then a line break, a comment or the end of the file.
                let next = src
                    .as_bytes()
                    .get(tok.end..)
                    .and_then(|rest| rest.iter().find(|&&b| b != b' ' && b != b'\t'));
                stack.push(Open {
                    byte: open,
                    at: tok.start,
                    indent: line_indent,
                    max_after: 0,
                    ends_line: matches!(next, None | Some(b'\n' | b'\r' | b'#')),
                    enum_body: matches!(prev_word, Some("enum" | "set")),
                });
                if stack.len() == MAX_NESTING + 1 {
                    chunk.has_scan_error = true;
                    chunk.too_deep = true;
                    out.errors.push(SyntaxError::TooDeep {
                        limit: MAX_NESTING,
                        span: span(base, tok.start, tok.end),
                    });
                }
            }
            TokKind::Close(close) => match stack.last().map(|o| (o.byte, o.at)) {
                Some((open, _)) if closing(open) == close => {
                    let inner = stack.len().saturating_sub(1);
                    pop_to(&mut stack, inner);
                    if stack.is_empty() && close == b'}' {
                        finish(&mut out, current.take());
                    }
                }
                Some((open, _))
                    if open == b'{' && !stack.iter().any(|o| closing(o.byte) == close) =>
                {
                    // A `)` or `]` that nothing opened, inside a block: a stray closer.
                    chunk.has_scan_error = true;
                    mismatched = true;
                    if !string_broken {
                        report_unmatched(&mut out, src, base, &tok);
                    }
                }
                Some((open, at)) => {
                    chunk.has_scan_error = true;
                    mismatched = true;
                    if !string_broken {
                        report_mismatched(&mut out, src, base, &tok, open, at);
                    }
                    // Assume the closer was meant for the nearest matching opener; with none, it
                    // was a typo for the innermost one's closer.
                    match stack.iter().rposition(|o| closing(o.byte) == close) {
                        Some(pos) => {
                            pop_to(&mut stack, pos);
                        }
                        None => {
                            let inner = stack.len().saturating_sub(1);
                            pop_to(&mut stack, inner);
                        }
                    }
                    if stack.is_empty() {
                        finish(&mut out, current.take());
                    }
                }
                None if string_broken => {
                    // The item's opening `{` was inside the broken string: this closes it.
                    finish(&mut out, current.take());
                }
                None => {
                    chunk.has_scan_error = true;
                    report_unmatched(&mut out, src, base, &tok);
                }
            },
            _ => {}
        }
        prev_word = match tok.kind {
            TokKind::Word | TokKind::Punct => Some(text),
            _ => None,
        };
    }
    if !stack.is_empty() {
        balanced = false;
        let all = stack.len();
        close_top(
            &mut out,
            &mut stack,
            &mut current,
            string_broken,
            (last_end, last_line),
            Ending::EndOfFile,
            all,
        );
    }
    finish(&mut out, current.take());
    Pass {
        scan: out,
        balanced,
        mismatched,
    }
}

/// Whether a line break lies between two file-local offsets.
fn breaks_between(src: &str, from: usize, to: usize) -> bool {
    src.as_bytes()
        .get(from..to)
        .is_some_and(|b| b.iter().any(|&c| c == b'\n' || c == b'\r'))
}

/// Reports brackets left open (outermost first), whose block ends after `end` (on line
/// `end_line`, 1-based): one error per line, at the first bracket the line leaves open,
/// counting the others, so that a line of 40,000 `(` is one error.
fn report_unclosed(
    out: &mut Scan,
    src: &str,
    base: u32,
    open: &[Open],
    (end, end_line): (usize, usize),
    ending: Ending,
) {
    let last_start = src
        .get(..end)
        .and_then(|t| t.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1);
    let last_line: String = src
        .get(last_start..end)
        .unwrap_or("")
        .trim()
        .chars()
        .take(40)
        .collect();
    let mut start = 0;
    while let Some(first) = open.get(start) {
        let mut stop = start + 1;
        while let (Some(prev), Some(next)) = (open.get(stop - 1), open.get(stop)) {
            if breaks_between(src, prev.at, next.at) {
                break;
            }
            stop += 1;
        }
        let group = open.get(start..stop).unwrap_or_default();
        let line_start = src
            .get(..first.at)
            .and_then(|t| t.rfind(['\n', '\r']))
            .map_or(0, |i| i + 1);
        let before: String = src
            .get(line_start..first.at)
            .unwrap_or("")
            .trim()
            .chars()
            .take(40)
            .collect();
        let opening = if before.is_empty() {
            format!("`{}`", first.byte as char)
        } else {
            format!("`{before} {}`", first.byte as char)
        };
        let what = if group.len() <= 8 {
            let closers: String = group
                .iter()
                .rev()
                .map(|o| closing(o.byte) as char)
                .collect();
            format!("`{closers}`")
        } else {
            format!(
                "{} closing brackets (or remove the opening ones that are not needed)",
                group.len()
            )
        };
        let last_at = group.last().map_or(first.at, |o| o.at);
        let help = match ending {
            _ if end <= last_at + 1 => format!("add the missing {what}"),
            Ending::Indentation => format!(
                "add {what} where it ends: by the indentation, after `{last_line}` (line {end_line})"
            ),
            Ending::NextItem { line } => format!(
                "add the missing {what} where the block ends, before line {line} (where a new block starts)"
            ),
            Ending::EndOfFile => format!(
                "add the missing {what} at the end of the file, after `{last_line}` (line {end_line})"
            ),
        };
        out.errors.push(SyntaxError::Unclosed {
            opening,
            more: group.len() - 1,
            span: span(base, first.at, first.at + 1),
            help,
        });
        out.also_bad.push(span(base, first.at, last_at + 1));
        start = stop;
    }
}

/// Starts a run of closers counted in one error: `tok` is its first.
fn start_run(out: &mut Scan, base: u32, tok: &Tok) {
    out.run_end = Some(tok.end);
    out.also_bad.push(span(base, tok.start, tok.end));
}

/// Counts `tok` in the run of the last error: the run's span reaches to it.
fn extend_run(out: &mut Scan, base: u32, tok: &Tok) {
    out.run_end = Some(tok.end);
    if let Some(run) = out.also_bad.last_mut() {
        run.end = base + tok.end as u32;
    }
}

/// Reports a closer with nothing to close; one right after another such closer on its line
/// is counted with it.
fn report_unmatched(out: &mut Scan, src: &str, base: u32, tok: &Tok) {
    if let (Some(SyntaxError::Unmatched { more, .. }), Some(last_end)) =
        (out.errors.last_mut(), out.run_end)
    {
        // Only blanks lie between the two closers (no line break, no other token).
        let only_blanks = src
            .get(last_end..tok.start)
            .is_some_and(|between| between.bytes().all(|b| b == b' ' || b == b'\t'));
        if only_blanks {
            *more += 1;
            extend_run(out, base, tok);
            return;
        }
    }
    start_run(out, base, tok);
    out.errors.push(SyntaxError::Unmatched {
        close: src
            .get(tok.start..)
            .and_then(|s| s.chars().next())
            .unwrap_or('}'),
        more: 0,
        span: span(base, tok.start, tok.end),
    });
}

/// Reports a closer of the wrong kind; one on the same line as the last such closer, with no
/// other problem between them, is counted with it.
fn report_mismatched(out: &mut Scan, src: &str, base: u32, tok: &Tok, open: u8, at: usize) {
    if let (Some(SyntaxError::Mismatched { more, .. }), Some(last_end)) =
        (out.errors.last_mut(), out.run_end)
        && last_end <= tok.start
        && !breaks_between(src, last_end, tok.start)
    {
        *more += 1;
        extend_run(out, base, tok);
        return;
    }
    start_run(out, base, tok);
    out.errors.push(SyntaxError::Mismatched {
        expected: closing(open) as char,
        open: open as char,
        close: src
            .get(tok.start..)
            .and_then(|s| s.chars().next())
            .unwrap_or(')'),
        more: 0,
        span: span(base, tok.start, tok.end),
        open_span: span(base, at, at + 1),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(src: &str) -> Vec<&str> {
        scan(src, 0)
            .chunks
            .iter()
            .map(|c| &src[c.start..c.end])
            .collect()
    }

    #[test]
    fn splits_top_level_items() {
        let src = "# head\naccount { a: int }\n\nicp x \"X\" { require a > 1 } # tail\n";
        assert_eq!(
            chunks(src),
            ["account { a: int }", "icp x \"X\" { require a > 1 }"]
        );
        assert_eq!(scan(src, 0).comments.len(), 2);
    }

    #[test]
    fn a_missing_brace_does_not_swallow_the_next_item() {
        let src = "icp a {\n  require x > 1\n\npersona p for a {\n}\n";
        let s = scan(src, 0);
        assert_eq!(
            chunks(src),
            ["icp a {\n  require x > 1", "persona p for a {\n}"]
        );
        assert!(matches!(s.errors[..], [SyntaxError::Unclosed { .. }]));
    }

    #[test]
    fn strings_and_comments_hide_brackets() {
        let src = "icp a { summary \"{ [ #\" # } \n }";
        assert_eq!(chunks(src), [src]);
        assert!(scan(src, 0).errors.is_empty());
    }

    #[test]
    fn reports_deep_nesting_once() {
        let src = format!(
            "icp a {{ require {}x{} }}",
            "(".repeat(200),
            ")".repeat(200)
        );
        let s = scan(&src, 0);
        assert_eq!(s.errors.len(), 1);
        assert!(s.chunks[0].too_deep);
    }

    #[test]
    fn an_item_keyword_used_as_a_name_does_not_split() {
        let src = "persona p for contact { }";
        assert_eq!(chunks(src), [src]);
    }

    #[test]
    fn numbers_stop_before_a_range() {
        let toks: Vec<&str> = Tokens::new("200..2000 $1.5M 25% +30", 0)
            .map(|t| &"200..2000 $1.5M 25% +30"[t.start..t.end])
            .collect();
        assert_eq!(toks, ["200", "..", "2000", "$1.5M", "25%", "+30"]);
    }
}
