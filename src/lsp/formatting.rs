//! Formatting: the document as the canonical formatter writes it.
//!
//! Takes the editor's text of one document and gives the canonical text from
//! [`crate::fmt::format_file`] (the formatter behind `icpl fmt`), `None` when the document is
//! already formatted, or why it cannot be formatted: a file with syntax errors is never
//! rewritten.

/// Whether the server can format documents (and so advertises `documentFormattingProvider`).
pub const AVAILABLE: bool = true;

/// The formatted text of a document, `None` when it is already formatted, or a message saying
/// why it cannot be formatted.
pub fn format(text: &str) -> Result<Option<String>, String> {
    match crate::fmt::format_file(text) {
        Ok(formatted) if formatted == text => Ok(None),
        Ok(formatted) => Ok(Some(formatted)),
        Err(errors) => {
            let first = errors
                .first()
                .map_or_else(String::new, |d| format!(" (first: {})", d.message));
            Err(format!(
                "cannot format a file with syntax errors{first}; fix them first"
            ))
        }
    }
}
