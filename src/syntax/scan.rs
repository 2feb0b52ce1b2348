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
}

/// What the scanner found in one file.
#[derive(Debug, Default)]
pub struct Scan {
    /// File-local ranges of comments (each starts at `#`).
    pub comments: Vec<(usize, usize)>,
    pub chunks: Vec<Chunk>,
    /// Problems found, as file-local ranges with their error.
    pub errors: Vec<SyntaxError>,
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
    if first.balanced {
        return first.scan;
    }
    // Some brace never closed: scan again, starting a new item wherever an item keyword begins
    // a line, so that one missing `}` does not swallow the rest of the file.
    scan_pass(src, base, true).scan
}

struct Pass {
    scan: Scan,
    balanced: bool,
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
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut current: Option<Chunk> = None;
    let mut prev_word: Option<&str> = None;
    let mut balanced = true;
    // An unterminated string in the current item may have swallowed a closing bracket: bracket
    // problems after it are consequences, not new errors.
    let mut string_broken = false;

    fn finish(out: &mut Scan, chunk: Option<Chunk>) {
        if let Some(c) = chunk {
            out.chunks.push(c);
        }
    }

    for tok in Tokens::new(src, 0) {
        match tok.kind {
            TokKind::Newline => continue,
            TokKind::Comment => {
                out.comments.push((tok.start, tok.end));
                continue;
            }
            _ => {}
        }
        let text = tok.text(src);
        let is_item_kw = tok.kind == TokKind::Word && ITEM_KEYWORDS.contains(&text);
        let keyword = ITEM_KEYWORDS.iter().copied().find(|k| *k == text);
        let names_something = matches!(prev_word, Some("icp" | "persona" | "for" | ","));

        if is_item_kw && !names_something {
            let column_zero = tok.start == 0 || src[..tok.start].ends_with(['\n', '\r']);
            if stack.is_empty() {
                finish(&mut out, current.take());
            } else if split_at_line_start && column_zero {
                if !string_broken {
                    report_unclosed(&mut out, src, base, &stack);
                }
                stack.clear();
                if let Some(c) = current.as_mut() {
                    c.has_scan_error = true;
                }
                finish(&mut out, current.take());
            }
        }
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
                stack.push((open, tok.start));
                if stack.len() == MAX_NESTING + 1 {
                    chunk.has_scan_error = true;
                    chunk.too_deep = true;
                    out.errors.push(SyntaxError::TooDeep {
                        limit: MAX_NESTING,
                        span: span(base, tok.start, tok.end),
                    });
                }
            }
            TokKind::Close(close) => match stack.last() {
                Some(&(open, _)) if closing(open) == close => {
                    stack.pop();
                    if stack.is_empty() && close == b'}' {
                        finish(&mut out, current.take());
                    }
                }
                Some(&(open, at)) => {
                    chunk.has_scan_error = true;
                    if !string_broken {
                        report_mismatched(&mut out, src, base, &tok, open, at);
                    }
                    // Assume the closer was meant for the nearest matching opener; with none, it
                    // was a typo for the innermost one's closer.
                    match stack.iter().rposition(|&(o, _)| closing(o) == close) {
                        Some(pos) => stack.truncate(pos),
                        None => {
                            stack.pop();
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
        if !string_broken {
            report_unclosed(&mut out, src, base, &stack);
        }
        stack.clear();
        if let Some(c) = current.as_mut() {
            c.has_scan_error = true;
        }
    }
    finish(&mut out, current.take());
    Pass {
        scan: out,
        balanced,
    }
}

/// Whether a line break lies between two file-local offsets.
fn breaks_between(src: &str, from: usize, to: usize) -> bool {
    src.as_bytes()
        .get(from..to)
        .is_some_and(|b| b.iter().any(|&c| c == b'\n' || c == b'\r'))
}

/// The closers that close `open` (outermost first), innermost first, as the help shows them.
fn closers(open: &[(u8, usize)]) -> String {
    open.iter()
        .rev()
        .map(|&(b, _)| closing(b) as char)
        .collect()
}

/// Reports the brackets left open (outermost first): one error per line, at the first bracket
/// the line leaves open, counting the others, so that a line of 40,000 `(` is one error.
fn report_unclosed(out: &mut Scan, src: &str, base: u32, open: &[(u8, usize)]) {
    let mut start = 0;
    while let Some(&(first, at)) = open.get(start) {
        let mut end = start + 1;
        while let Some(&(_, next)) = open.get(end) {
            let prev = open.get(end - 1).map_or(at, |p| p.1);
            if breaks_between(src, prev, next) {
                break;
            }
            end += 1;
        }
        let group = open.get(start..end).unwrap_or_default();
        let more = group.len() - 1;
        let help = if more == 0 {
            format!("add the missing `{}`", closing(first) as char)
        } else if group.len() <= 8 {
            format!("add the missing `{}`", closers(group))
        } else {
            format!(
                "add the {} missing closing brackets, or remove the opening ones that are not needed",
                group.len()
            )
        };
        out.errors.push(SyntaxError::Unclosed {
            open: first as char,
            more,
            span: span(base, at, at + 1),
            help,
        });
        if let Some(&(_, last)) = group.last() {
            out.also_bad.push(span(base, at, last + 1));
        }
        start = end;
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
            out.run_end = Some(tok.end);
            if let Some(run) = out.also_bad.last_mut() {
                run.end = base + tok.end as u32;
            }
            return;
        }
    }
    out.run_end = Some(tok.end);
    out.also_bad.push(span(base, tok.start, tok.end));
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
        out.run_end = Some(tok.end);
        if let Some(run) = out.also_bad.last_mut() {
            run.end = base + tok.end as u32;
        }
        return;
    }
    out.run_end = Some(tok.end);
    out.also_bad.push(span(base, tok.start, tok.end));
    out.errors.push(SyntaxError::Mismatched {
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
