//! The canonical formatter: one file's text in, the same spec in the canonical style out.
//!
//! Takes the text of one `.icp` file and gives it back laid out the way `docs/style.md`
//! describes, or the file's syntax errors (a file that does not parse is never rewritten). Only
//! the syntax stage runs: a file may name a schema that lives in another file. The syntax tree
//! keeps the span of every token and the [`ast::File`](crate::syntax::ast::File) the span of
//! every comment, so the output holds exactly the tokens and comments of the input, in the same
//! order: formatting never changes what a spec means, and formatting twice changes nothing.
//!
//! [`layout`] turns the tree into a [`doc::Doc`], which [`doc::print`] fits into
//! [`doc::WIDTH`] columns; [`trivia`] places the comments and blank lines.

mod doc;
mod layout;
mod trivia;

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::source::{self, FileId, LoadError, SourceFile};
use crate::syntax::{self, ast::Item, errors::SyntaxError};

pub use doc::WIDTH;

/// Formats one file's text. A leading byte-order mark is dropped and CRLF line breaks become
/// LF. With syntax errors, gives them instead (their spans count from the start of `text`
/// after the byte-order mark).
pub fn format_file(text: &str) -> Result<String, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let spec = source::load_texts(Path::new("."), vec![("<input>".into(), text.into())]);
    let Some(id) = spec.map.file_ids().next() else {
        let too_large = LoadError::TooLarge {
            path: "<input>".into(),
            size: text.len() as u64,
            limit: source::MAX_TOTAL_BYTES,
        };
        return Err(vec![Diagnostic::from_miette(&too_large)]);
    };
    format_source(spec.map.file(id), id, None)
}

/// Formats a file of a source map. `invalid_utf8` is the file-local offset of the first byte
/// that was not UTF-8 when the file was read (such a file is reported, not formatted).
pub fn format_source(
    file: &SourceFile,
    id: FileId,
    invalid_utf8: Option<usize>,
) -> Result<String, Vec<Diagnostic>> {
    let (tree, errors) = syntax::parse_file(file, id, invalid_utf8);
    if !errors.is_empty() {
        return Err(errors.iter().map(|e| Diagnostic::from_miette(e)).collect());
    }
    // The syntax stage reports every item it could not read; should one come without an
    // error, the file is still not rewritten.
    if let Some(broken) = tree.items.iter().find(|i| matches!(i, Item::Broken(_))) {
        let error = SyntaxError::Internal {
            what: "a block",
            span: broken.span(),
        };
        return Err(vec![Diagnostic::from_miette(&error)]);
    }
    let comments = tree.comments.iter().map(|&c| file.local(c)).collect();
    let doc = layout::Layout::new(file, comments).file(&tree);
    Ok(doc::print(&doc))
}
