//! The records stage: what `icpl match` does with record files. It takes a compiled spec and
//! CSV or JSON Lines files of accounts (and contacts), and gives one result per record.
//!
//! - [`read`] streams a file one record at a time into a reused [`Row`](crate::eval::row::Row):
//!   it maps columns (or JSON members) to attributes and reports values that do not fit;
//! - [`decode`] turns one cell or JSON value into a slot of its attribute's type;
//! - [`join`] keeps the accounts by id so that each contact is scored with its account;
//! - [`explain`] says which criteria decided a result (`--explain`);
//! - [`write`] writes the results as JSON Lines or CSV;
//! - [`run`] is the whole of `icpl match`: read, join, evaluate with the compiled evaluator
//!   ([`crate::eval::compiled`]), write, and report every bad record without stopping.
//!
//! Problems are [`Diagnostic`](crate::diagnostics::Diagnostic)s at a
//! [`Place`](crate::diagnostics::Place) of the record file (`bad-value`, `unknown-column`,
//! `read-error`).
//!
//! The stage reads the evaluator and the model; nothing below it imports it.

pub mod decode;
pub mod explain;
pub mod join;
pub mod number;
pub mod read;
pub mod run;
pub mod write;
use std::borrow::Cow;

use crate::diagnostics::escape::escape_line;

/// Text from a record file (or a path) made safe to quote in a one-line message: what
/// [`crate::diagnostics::escape`] escapes (control characters, terminal escape sequences among
/// them, and the characters that reorder text), and line breaks and tabs too, so that a value
/// can neither drive a terminal nor start a line that looks like another message.
///
/// Every record value, column name and path a message echoes goes through this one function.
pub fn shown(text: &str) -> Cow<'_, str> {
    escape_line(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_escapes_what_could_drive_a_terminal_or_reorder_text() {
        let cases = [
            ("plain, text é 日本", "plain, text é 日本"),
            ("\u{1b}[31mred\u{1b}[0m", "\\u{1b}[31mred\\u{1b}[0m"),
            ("a\nb\tc\rd", "a\\nb\\tc\\rd"),
            ("\u{7}\u{0}\u{7f}", "\\u{7}\\0\\u{7f}"),
            ("\u{9b}2J", "\\u{9b}2J"),
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
            (
                "\u{2066}x\u{2069}\u{200f}\u{61c}",
                "\\u{2066}x\\u{2069}\\u{200f}\\u{61c}",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(shown(input), expected, "{input:?}");
        }
        assert!(matches!(shown("plain"), Cow::Borrowed(_)));
    }
}
