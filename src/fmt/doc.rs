//! The layout engine: a small document algebra and a printer that fits it into a line width.
//!
//! Takes a [`Doc`] built from the syntax tree and gives text. A [`Doc::Group`] is printed on
//! one line when it fits in what is left of the line and broken at every [`Doc::Line`] it holds
//! otherwise (Wadler's "prettier printer", as in Prettier). Comments are part of the document:
//! a group that holds one always breaks, a trailing comment waits for the end of its line, and a
//! comment never shares a line with a later token or another comment.

/// The line width the printer aims at, in characters.
pub const WIDTH: usize = 100;

/// One level of indentation.
pub const INDENT: usize = 2;

/// A document to lay out.
#[derive(Clone, Debug)]
pub enum Doc {
    /// Text without line breaks.
    Text(String),
    Concat(Vec<Doc>),
    /// The contents, with lines broken one [`INDENT`] deeper.
    Indent(Box<Doc>),
    /// Printed flat when it fits, broken otherwise. `broken` is set when the contents must
    /// break (they hold a hard line or a comment).
    Group {
        contents: Box<Doc>,
        broken: bool,
    },
    /// A possible line break: `flat` when the enclosing group is flat, a new line when it is
    /// broken (always, when `hard`). `blank` asks for an empty line before the next text.
    Line {
        flat: &'static str,
        hard: bool,
        blank: bool,
    },
    /// Text that depends on whether the enclosing group is broken.
    IfBreak {
        broken: &'static str,
        flat: &'static str,
    },
    /// A comment. A trailing one ends the line of the text before it; an own-line one stands
    /// on a line of its own.
    Comment {
        text: String,
        own_line: bool,
        blank_before: bool,
        blank_after: bool,
    },
}

impl Doc {
    pub fn text(s: impl Into<String>) -> Doc {
        Doc::Text(s.into())
    }

    pub fn concat(parts: Vec<Doc>) -> Doc {
        Doc::Concat(parts)
    }

    pub fn indent(doc: Doc) -> Doc {
        Doc::Indent(Box::new(doc))
    }

    /// A group; it is marked broken when its contents force a break.
    pub fn group(contents: Doc) -> Doc {
        let broken = contents.forces_break();
        Doc::Group {
            contents: Box::new(contents),
            broken,
        }
    }

    /// A space, or a line break.
    pub fn line(blank: bool) -> Doc {
        Doc::Line {
            flat: " ",
            hard: false,
            blank,
        }
    }

    /// Nothing, or a line break.
    pub fn softline() -> Doc {
        Doc::Line {
            flat: "",
            hard: false,
            blank: false,
        }
    }

    /// Always a line break.
    pub fn hardline(blank: bool) -> Doc {
        Doc::Line {
            flat: "",
            hard: true,
            blank,
        }
    }

    /// Whether the document cannot be printed on one line. Nested groups already know.
    fn forces_break(&self) -> bool {
        match self {
            Doc::Text(_) | Doc::IfBreak { .. } => false,
            Doc::Concat(parts) => parts.iter().any(Doc::forces_break),
            Doc::Indent(d) => d.forces_break(),
            Doc::Group { broken, .. } => *broken,
            Doc::Line { hard, .. } => *hard,
            Doc::Comment { .. } => true,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
}

/// A document still to print, with the indentation and mode it is printed in.
type Cmd<'d> = (usize, Mode, &'d Doc);

/// Prints a document. The output ends with one newline unless it is empty.
pub fn print(doc: &Doc) -> String {
    let mut p = Printer::default();
    let mut cmds: Vec<Cmd> = vec![(0, Mode::Break, doc)];
    while let Some((indent, mode, doc)) = cmds.pop() {
        match doc {
            Doc::Text(s) => p.text(indent, s, true),
            Doc::Concat(parts) => cmds.extend(parts.iter().rev().map(|d| (indent, mode, d))),
            Doc::Indent(d) => cmds.push((indent + INDENT, mode, d)),
            Doc::Group { contents, broken } => {
                let mode = if *broken {
                    Mode::Break
                } else if mode == Mode::Flat || p.fits(contents, &cmds) {
                    Mode::Flat
                } else {
                    Mode::Break
                };
                cmds.push((indent, mode, contents));
            }
            Doc::Line { flat, hard, blank } => {
                if mode == Mode::Flat && !hard {
                    p.text(indent, flat, false);
                } else {
                    p.newline(indent, *blank);
                }
            }
            Doc::IfBreak { broken, flat } => {
                let s = if mode == Mode::Break { broken } else { flat };
                p.text(indent, s, true);
            }
            Doc::Comment {
                text,
                own_line,
                blank_before,
                blank_after,
            } => p.comment(indent, text, *own_line, *blank_before, *blank_after),
        }
    }
    p.finish()
}

#[derive(Default)]
struct Printer {
    out: String,
    /// Characters on the current line so far.
    col: usize,
    /// The indentation of the current line while nothing is written on it yet.
    line_start: Option<usize>,
    /// An empty line is wanted before the next text.
    blank: bool,
    /// A trailing comment waiting for the end of the current line.
    suffix: Option<String>,
    /// The last text written opens a bracket (no empty line may follow it).
    after_opener: bool,
}

impl Printer {
    /// Writes code text. A pending trailing comment ends the line first, and the text goes on
    /// a continuation line.
    fn text(&mut self, indent: usize, s: &str, code: bool) {
        if s.is_empty() {
            return;
        }
        if let Some(comment) = self.suffix.take() {
            self.write_suffix(&comment);
            self.end_line(indent + INDENT);
        }
        // Separating spaces mean nothing at the start of a line.
        let s = if self.line_start.is_some() {
            s.trim_start_matches(' ')
        } else {
            s
        };
        if s.is_empty() {
            return;
        }
        self.start_line(s);
        self.out.push_str(s);
        self.col += s.chars().count();
        if code {
            self.after_opener = s.ends_with(['{', '[', '(']);
        }
    }

    /// Writes the indentation of a new line (and the empty line before it, when one is wanted
    /// and allowed: never at the start, after an opening bracket or before a closing one).
    fn start_line(&mut self, next: &str) {
        let Some(indent) = self.line_start.take() else {
            return;
        };
        let closer = next.starts_with(['}', ']', ')']);
        if self.blank && !self.out.is_empty() && !self.after_opener && !closer {
            self.out.push('\n');
        }
        self.blank = false;
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.col = indent;
    }

    fn write_suffix(&mut self, comment: &str) {
        self.trim_line_end();
        self.out.push_str("  ");
        self.out.push_str(comment);
    }

    fn trim_line_end(&mut self) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
    }

    /// Ends the current line; the next one starts at `indent`.
    fn end_line(&mut self, indent: usize) {
        self.trim_line_end();
        self.out.push('\n');
        self.line_start = Some(indent);
        self.col = indent;
    }

    /// A line break from the document. At the start of a line it only sets the indentation.
    fn newline(&mut self, indent: usize, blank: bool) {
        if let Some(comment) = self.suffix.take() {
            self.write_suffix(&comment);
        }
        if self.line_start.is_none() && !self.out.is_empty() {
            self.end_line(indent);
        } else {
            self.line_start = Some(indent);
            self.col = indent;
        }
        self.blank |= blank;
    }

    fn comment(
        &mut self,
        indent: usize,
        text: &str,
        own_line: bool,
        blank_before: bool,
        blank_after: bool,
    ) {
        let mid_line = self.line_start.is_none() && !self.out.is_empty();
        if !own_line && mid_line && self.suffix.is_none() {
            self.suffix = Some(text.to_string());
            return;
        }
        // On a line of its own. In the middle of a construct it goes on a continuation line,
        // and so does what follows it.
        let at = if mid_line {
            if let Some(comment) = self.suffix.take() {
                self.write_suffix(&comment);
            }
            self.end_line(indent + INDENT);
            indent + INDENT
        } else {
            self.line_start.unwrap_or(indent)
        };
        self.line_start = Some(at);
        self.blank |= blank_before;
        self.start_line(text);
        self.out.push_str(text);
        self.after_opener = false;
        self.end_line(at);
        self.blank = blank_after;
    }

    /// Whether `next` fits flat on the rest of the line, followed by what `rest` prints up to
    /// its next line break.
    fn fits(&self, next: &Doc, rest: &[Cmd]) -> bool {
        if self.suffix.is_some() {
            return false;
        }
        let col = self.line_start.unwrap_or(self.col);
        let mut room = WIDTH as isize - col as isize;
        let mut stack: Vec<(Mode, &Doc)> = vec![(Mode::Flat, next)];
        let mut rest = rest.iter().rev();
        loop {
            let (mode, doc) = match stack.pop() {
                Some(x) => x,
                None => match rest.next() {
                    Some(&(_, mode, doc)) => (mode, doc),
                    None => return true,
                },
            };
            match doc {
                Doc::Text(s) => room -= s.chars().count() as isize,
                Doc::Concat(parts) => stack.extend(parts.iter().rev().map(|d| (mode, d))),
                Doc::Indent(d) => stack.push((mode, d)),
                Doc::Group { contents, broken } => {
                    let mode = if *broken { Mode::Break } else { mode };
                    stack.push((mode, contents));
                }
                Doc::Line { flat, hard, .. } => {
                    if mode == Mode::Break || *hard {
                        return true;
                    }
                    room -= flat.len() as isize;
                }
                Doc::IfBreak { broken, flat } => {
                    room -= if mode == Mode::Break { broken } else { flat }.len() as isize;
                }
                // A comment in the rest ends the measured line (a trailing one is not counted).
                Doc::Comment { .. } => return room >= 0,
            }
            if room < 0 {
                return false;
            }
        }
    }

    fn finish(mut self) -> String {
        if let Some(comment) = self.suffix.take() {
            self.write_suffix(&comment);
        }
        self.trim_line_end();
        while self.out.ends_with('\n') {
            self.out.pop();
        }
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Doc {
        let mut inner = vec![Doc::softline()];
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                inner.push(Doc::text(","));
                inner.push(Doc::line(false));
            }
            inner.push(Doc::text(*item));
        }
        inner.push(Doc::IfBreak {
            broken: ",",
            flat: "",
        });
        Doc::group(Doc::concat(vec![
            Doc::text("["),
            Doc::indent(Doc::concat(inner)),
            Doc::softline(),
            Doc::text("]"),
        ]))
    }

    #[test]
    fn a_group_that_fits_stays_on_one_line() {
        assert_eq!(print(&list(&["a", "b"])), "[a, b]\n");
    }

    #[test]
    fn a_group_that_does_not_fit_breaks_every_line() {
        let long = "x".repeat(60);
        assert_eq!(
            print(&list(&[&long, &long])),
            format!("[\n  {long},\n  {long},\n]\n")
        );
    }

    fn trailing(text: &str) -> Doc {
        Doc::Comment {
            text: text.into(),
            own_line: false,
            blank_before: false,
            blank_after: false,
        }
    }

    #[test]
    fn a_trailing_comment_breaks_its_group_and_ends_its_line() {
        let doc = Doc::group(Doc::concat(vec![
            Doc::text("a"),
            trailing("# c"),
            Doc::line(false),
            Doc::text("b"),
        ]));
        assert_eq!(print(&doc), "a  # c\nb\n");
    }

    #[test]
    fn text_after_a_trailing_comment_goes_on_a_continuation_line() {
        let doc = Doc::concat(vec![Doc::text("a"), trailing("# c"), Doc::text(" b")]);
        assert_eq!(print(&doc), "a  # c\n  b\n");
    }
}
