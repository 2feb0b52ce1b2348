//! Comments and blank lines, read from the text around the tokens.
//!
//! Takes a file's text and the ranges of its comments and gives them out in order, each with
//! where it stood: after code on its line (a trailing comment) or on a line of its own, and
//! whether an empty line came before it.

use std::ops::Range;

use super::doc::Doc;

/// The comments of one file, handed out in order as the layout reaches them.
pub struct Trivia<'a> {
    text: &'a str,
    comments: Vec<Range<usize>>,
    next: usize,
}

impl<'a> Trivia<'a> {
    /// `comments` are file-local ranges, each starting at `#`, in file order.
    pub fn new(text: &'a str, comments: Vec<Range<usize>>) -> Trivia<'a> {
        Trivia {
            text,
            comments,
            next: 0,
        }
    }

    /// The whitespace right before `pos` (back to the previous token or comment).
    fn space_before(&self, pos: usize) -> &'a str {
        let bytes = self.text.as_bytes();
        let end = pos.min(bytes.len());
        let start = bytes
            .iter()
            .take(end)
            .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            .map_or(0, |i| i + 1);
        &self.text[start..end]
    }

    /// Whether an empty line comes right before `pos`.
    pub fn blank_before(&self, pos: usize) -> bool {
        line_breaks(self.space_before(pos)) >= 2
    }

    /// Whether an empty line comes right after `pos` (up to the next token or comment).
    fn blank_after(&self, pos: usize) -> bool {
        let rest = self.text.get(pos..).unwrap_or("");
        let end = rest
            .find(|c: char| !matches!(c, ' ' | '\t' | '\r' | '\n'))
            .unwrap_or(rest.len());
        line_breaks(&rest[..end]) >= 2
    }

    /// Whether a comment starting at `pos` stands on a line of its own.
    fn own_line(&self, pos: usize) -> bool {
        let space = self.space_before(pos);
        line_breaks(space) > 0 || space.len() == pos
    }

    /// Whether a comment starts before `pos` that has not been handed out yet.
    pub fn any_before(&self, pos: usize) -> bool {
        self.comments.get(self.next).is_some_and(|c| c.start < pos)
    }

    /// Where the next comment starts, when it comes before `pos`.
    pub fn next_before(&self, pos: usize) -> Option<usize> {
        self.comments
            .get(self.next)
            .map(|c| c.start)
            .filter(|&start| start < pos)
    }

    /// Hands out the next comment when it comes before `pos` and follows code on its line.
    pub fn take_trailing(&mut self, pos: usize) -> Option<Doc> {
        let c = self.comments.get(self.next)?;
        if c.start >= pos || self.own_line(c.start) {
            return None;
        }
        self.take()
    }

    /// Hands out every comment before `pos`.
    pub fn take_before(&mut self, pos: usize) -> Vec<Doc> {
        let mut out = Vec::new();
        while self.any_before(pos)
            && let Some(doc) = self.take()
        {
            out.push(doc);
        }
        out
    }

    /// Hands out the next comment, if any is left. An own-line comment keeps an empty line
    /// before and after it (measured to the nearest token or comment).
    fn take(&mut self) -> Option<Doc> {
        let c = self.comments.get(self.next).cloned()?;
        self.next += 1;
        let own_line = self.own_line(c.start);
        Some(Doc::Comment {
            // A comment runs to the end of its line; its trailing whitespace (and the `\r` of a
            // CRLF line) is dropped.
            text: self.text[c.clone()].trim_end().to_string(),
            own_line,
            blank_before: own_line && self.blank_before(c.start),
            blank_after: own_line && self.blank_after(c.end),
        })
    }
}

/// The line breaks in whitespace: `\n`, `\r\n` and a lone `\r` count one each.
fn line_breaks(space: &str) -> usize {
    crate::source::line_starts(space).len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, bool, bool)> {
        let ranges = crate::syntax::scan::scan(text, 0).comments;
        let mut t = Trivia::new(text, ranges.into_iter().map(|(s, e)| s..e).collect());
        t.take_before(text.len())
            .into_iter()
            .filter_map(|d| match d {
                Doc::Comment {
                    text,
                    own_line,
                    blank_before,
                    ..
                } => Some((text, own_line, blank_before)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn comments_know_where_they_stood() {
        let text = "# head\r\n\n  # own\nicp x { # trailing   \n}";
        assert_eq!(
            kinds(text),
            [
                ("# head".to_string(), true, false),
                ("# own".to_string(), true, true),
                ("# trailing".to_string(), false, false),
            ]
        );
    }
}
