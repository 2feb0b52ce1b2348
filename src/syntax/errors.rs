//! Errors of the syntax stage.

use crate::source::Span;

/// The syntax errors reported for one file at most; the rest are counted in one
/// [`SyntaxError::TooMany`].
pub const MAX_ERRORS_PER_FILE: usize = 50;

/// " and N more on this line", or nothing for none.
fn and_more(more: &usize) -> String {
    match more {
        0 => String::new(),
        n => format!(" and {n} more on this line"),
    }
}

/// ", nor are the N brackets after it on this line", or nothing for none.
fn nor_the_rest(more: &usize) -> String {
    match more {
        0 => String::new(),
        1 => ", nor is the bracket after it on this line".to_string(),
        n => format!(", nor are the {n} brackets after it on this line"),
    }
}

/// A problem found while reading the text of a file.
#[derive(Clone, Debug, thiserror::Error, miette::Diagnostic)]
pub enum SyntaxError {
    /// The parser met a token it did not expect.
    #[error("unexpected {found}")]
    #[diagnostic(code("syntax-error"))]
    Unexpected {
        found: String,
        #[label("expected {expected}")]
        span: Span,
        expected: String,
        #[help]
        help: Option<String>,
    },

    /// A common mistake, recognised where the parse failed: the message says what is wrong in
    /// the writer's terms and the help shows the right syntax.
    #[error("{message}")]
    #[diagnostic(code("syntax-error"))]
    Slip {
        message: String,
        #[label("{label}")]
        span: Span,
        label: String,
        #[help]
        help: String,
    },

    /// Something at the top level of a file that does not start a block.
    #[error("unexpected {found} at the top level")]
    #[diagnostic(
        code("expected-item"),
        help(
            "a file holds `account {{..}}`, `contact {{..}}`, `icp id {{..}}`, `persona id for icp {{..}}` and `example \"name\" {{..}}` blocks"
        )
    )]
    ExpectedItem {
        found: String,
        #[label("expected a block")]
        span: Span,
    },

    /// A string literal that runs to the end of its line.
    #[error("unterminated string")]
    #[diagnostic(
        code("unterminated-string"),
        help("close the string with `\"` on the same line; write `\\\"` for a quote inside it")
    )]
    UnterminatedString {
        #[label("this string is never closed")]
        span: Span,
    },

    /// Opening brackets without their closing ones: one error per line, at the first bracket
    /// the line leaves open, counting the others.
    #[error("{opening} is never closed{}", nor_the_rest(.more))]
    #[diagnostic(code("unclosed-delimiter"))]
    Unclosed {
        /// The bracket with what precedes it on its line: "`score {`".
        opening: String,
        /// The other brackets of the same line left open.
        more: usize,
        #[label("opened here and never closed")]
        span: Span,
        #[help]
        help: String,
    },

    /// Closing brackets with no opening one: one error per run of them on a line.
    #[error("unmatched `{close}`{}", and_more(.more))]
    #[diagnostic(
        code("unmatched-delimiter"),
        help("remove it, or add the opening bracket it closes")
    )]
    Unmatched {
        close: char,
        /// The unmatched closers that follow it on the same line.
        more: usize,
        #[label("nothing to close here")]
        span: Span,
    },

    /// A closing bracket of the wrong kind: one error per run of them on a line.
    #[error("`{close}` does not close `{open}`{}", and_more(.more))]
    #[diagnostic(
        code("mismatched-delimiter"),
        help("`{open}` is closed by `{expected}`: brackets close in the order they opened")
    )]
    Mismatched {
        /// The closer `open` needs.
        expected: char,
        open: char,
        close: char,
        /// The mismatched closers that follow it on the same line.
        more: usize,
        #[label("this closer")]
        span: Span,
        #[label("does not match this opener")]
        open_span: Span,
    },

    /// Brackets (or `not`s) nested deeper than the compiler accepts.
    #[error("nested too deeply (the limit is {limit} levels)")]
    #[diagnostic(
        code("too-deeply-nested"),
        help("flatten the expression: `and`/`or` chains need no parentheses")
    )]
    TooDeep {
        limit: usize,
        #[label("this level goes past the limit")]
        span: Span,
    },

    /// Bytes that are not UTF-8.
    #[error("the file is not valid UTF-8")]
    #[diagnostic(
        code("invalid-utf8"),
        help(
            "save the file as UTF-8; the marked character shows where the first invalid byte was"
        )
    )]
    InvalidUtf8 {
        #[label("invalid byte sequence")]
        span: Span,
    },

    /// A `\u{..}` escape that names no Unicode character.
    #[error("`{text}` is not a valid character escape")]
    #[diagnostic(
        code("invalid-escape"),
        help(
            "`\\u{{..}}` takes the hexadecimal code of a Unicode scalar value, e.g. `\\u{{e9}}` for é"
        )
    )]
    InvalidEscape {
        text: String,
        #[label("no such character")]
        span: Span,
    },

    /// A number larger than the compiler can represent exactly.
    #[error("number `{text}` is too large")]
    #[diagnostic(
        code("number-too-large"),
        help("numbers must stay within ±9,007,199,254,740,991, where every whole number is exact")
    )]
    NumberTooLarge {
        text: String,
        #[label("too large")]
        span: Span,
    },

    /// A number with more digits after the point than the compiler compares exactly.
    #[error("number `{text}` has more than 18 digits after the point")]
    #[diagnostic(
        code("number-too-precise"),
        help(
            "numbers are exact decimals with at most 18 digits after the point; round the literal"
        )
    )]
    NumberTooPrecise {
        text: String,
        #[label("too many decimal places")]
        span: Span,
    },

    /// A weight that does not fit a score.
    #[error("weight `{text}` is too large")]
    #[diagnostic(
        code("number-too-large"),
        help("weights must stay within ±1,000,000,000")
    )]
    WeightTooLarge {
        text: String,
        #[label("too large")]
        span: Span,
    },

    /// More syntax errors in one file than [`MAX_ERRORS_PER_FILE`]: the rest are counted, not
    /// shown, so that a hostile or mangled file cannot flood the output.
    #[error("{count} more syntax errors in this file are not shown")]
    #[diagnostic(
        code("too-many-errors"),
        help("fix the errors above first: most of the rest are usually their consequences")
    )]
    TooMany {
        count: usize,
        #[label("the first of them")]
        span: Span,
    },

    /// The parse tree had a shape the tree builder did not expect: a bug in icpl.
    #[error("internal error: unexpected parse tree for {what}")]
    #[diagnostic(
        code("internal-error"),
        help("this is a bug in icpl; please report it with the input")
    )]
    Internal {
        what: &'static str,
        #[label("while reading this")]
        span: Span,
    },
}
