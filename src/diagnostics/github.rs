//! GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` line per
//! diagnostic, which GitHub shows as an annotation on the pull request's diff.
//!
//! An annotation has one location, so the other labels of a diagnostic (the other lines of a
//! contradiction) are listed in its message with their file and line. A diagnostic without a
//! place (a command-line error) is an annotation without a file, which GitHub shows on the run.

use super::{Diagnostic, Location, Severity};
use crate::source::SourceMap;

/// Escapes message text: control characters and bidirectional overrides as visible escapes
/// (GitHub shows the log's escape sequences), then `%`, carriage return and line feed as the
/// runner expects.
fn escape_data(s: &str) -> String {
    super::escape::escape(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders diagnostics as workflow commands. `path` turns a file's name (relative to the spec
/// root) into a path relative to where the tool runs, which GitHub matches to the repository.
pub fn github(diags: &[Diagnostic], map: &SourceMap, path: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        for l in d.labels.iter().filter(|l| !l.primary) {
            if let Some(loc) = Location::of(map, l.span) {
                message.push_str(&format!(
                    "\n{}:{}: {}",
                    path(&loc.file),
                    loc.line,
                    l.message.as_deref().unwrap_or("related")
                ));
            }
        }
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        let mut props = vec![format!(
            "title={}",
            escape_property(&format!("icpl({})", d.code))
        )];
        if let Some(loc) = d.primary_span().and_then(|s| Location::of(map, s)) {
            props.insert(0, format!("file={}", escape_property(&path(&loc.file))));
            props.insert(1, format!("line={}", loc.line));
            props.insert(2, format!("col={}", loc.column));
            props.insert(3, format!("endLine={}", loc.end_line));
            props.insert(4, format!("endColumn={}", loc.end_column));
        } else if let Some(place) = &d.place {
            // A file outside the spec (a record file), as the user named it.
            let mut at = vec![format!("file={}", escape_property(&place.file))];
            if let Some(line) = place.line {
                at.push(format!("line={line}"));
                if let Some(column) = place.column {
                    at.push(format!("col={column}"));
                }
            }
            props.splice(0..0, at);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(
            escape_data("a\u{1b}[31m\u{202e}b"),
            "a\\u{1b}[31m\\u{202e}b"
        );
    }
}
