//! Inline suppressions: `# icpl: allow(lint-id) reason`.
//!
//! A suppression applies to the next line that holds code, or to its own line when it follows
//! code; it silences findings of the named lints reported at that line. A reason is required,
//! the lint ids must exist, and a suppression that silences nothing is itself reported
//! (`unused-suppression`), so suppressions cannot rot silently.

use super::lints::{self, Finding, Level, LintDef};
use crate::diagnostics::suggest::help_did_you_mean;
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::ast;

/// A malformed suppression comment.
#[derive(Clone, Debug, thiserror::Error, miette::Diagnostic)]
pub enum SuppressionError {
    /// A suppression without a reason.
    #[error("this suppression gives no reason")]
    #[diagnostic(
        code("invalid-suppression"),
        help("say why after the parenthesis: `# icpl: allow({ids}) the overlap is intended`")
    )]
    NoReason {
        ids: String,
        #[label("reason missing")]
        span: Span,
    },
    /// A suppression naming a lint that does not exist.
    #[error("unknown lint `{id}`")]
    #[diagnostic(code("invalid-suppression"))]
    UnknownLint {
        id: String,
        #[label("no lint has this id")]
        span: Span,
        #[help]
        help: String,
    },
    /// A comment that starts like a directive but is not one.
    #[error("malformed `icpl:` comment")]
    #[diagnostic(
        code("invalid-suppression"),
        help("write `# icpl: allow(lint-id) reason`; `icpl lints` lists the lint ids")
    )]
    Malformed {
        #[label("not `allow(lint-id) reason`")]
        span: Span,
    },
}

/// A parsed suppression.
#[derive(Clone, Debug)]
pub struct Suppression {
    pub ids: Vec<&'static LintDef>,
    /// The comment.
    pub span: Span,
    /// The file and 1-based line it applies to.
    pub target: (FileId, u32),
    pub used: bool,
}

/// Reads every suppression in the comments of the parsed files.
pub fn collect(files: &[ast::File], map: &SourceMap) -> (Vec<Suppression>, Vec<SuppressionError>) {
    let mut sups = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        for &span in &file.comments {
            let text = map.slice(span);
            let body = text.trim_start_matches('#').trim();
            let Some(rest) = body.strip_prefix("icpl:") else {
                continue;
            };
            match parse(rest.trim_start(), span, text) {
                Ok((ids, has_reason)) if has_reason => {
                    let mut defs = Vec::new();
                    let mut ok = true;
                    for (id, id_span) in ids {
                        match lints::lint(&id) {
                            Some(def) => defs.push(def),
                            None => {
                                ok = false;
                                errors.push(SuppressionError::UnknownLint {
                                    help: help_did_you_mean(&id, lints::LINTS.iter().map(|l| l.id))
                                        .unwrap_or_else(|| {
                                            "`icpl lints` lists the lint ids".to_string()
                                        }),
                                    id,
                                    span: id_span,
                                });
                            }
                        }
                    }
                    if ok && let Some(target) = target_line(map, span) {
                        sups.push(Suppression {
                            ids: defs,
                            span,
                            target,
                            used: false,
                        });
                    }
                }
                Ok((ids, _)) => errors.push(SuppressionError::NoReason {
                    ids: ids
                        .into_iter()
                        .map(|(i, _)| i)
                        .collect::<Vec<_>>()
                        .join(", "),
                    span,
                }),
                Err(()) => errors.push(SuppressionError::Malformed { span }),
            }
        }
    }
    (sups, errors)
}

/// Parses `allow(a, b) reason`: the ids with their spans, and whether a reason follows.
fn parse(rest: &str, comment: Span, text: &str) -> Result<(Vec<(String, Span)>, bool), ()> {
    let inner = rest.strip_prefix("allow").map(str::trim_start).ok_or(())?;
    let inner = inner.strip_prefix('(').ok_or(())?;
    let close = inner.find(')').ok_or(())?;
    let list = &inner[..close];
    let reason = inner[close + 1..].trim();
    // Where the list starts inside the comment text, for the spans of the ids.
    let list_at = text.len() - rest.len() + (rest.len() - inner.len());
    let mut ids = Vec::new();
    let mut offset = 0;
    for part in list.split(',') {
        let id = part.trim();
        let lead = part.len() - part.trim_start().len();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
        {
            return Err(());
        }
        let start = comment.start + (list_at + offset + lead) as u32;
        ids.push((id.to_string(), Span::new(start, start + id.len() as u32)));
        offset += part.len() + 1;
    }
    if ids.is_empty() {
        return Err(());
    }
    Ok((ids, !reason.is_empty()))
}

/// The line a suppression comment applies to.
fn target_line(map: &SourceMap, comment: Span) -> Option<(FileId, u32)> {
    let id = map.file_id_of(comment)?;
    let file = map.file(id);
    let local = file.local(comment);
    let here = file.line_col(local.start).line;
    let line_text = &file.text[file.line_range(here as usize)];
    let before = line_text.split('#').next().unwrap_or("");
    if !before.trim().is_empty() {
        return Some((id, here));
    }
    for line in here + 1..=file.line_count() as u32 {
        let text = file.text[file.line_range(line as usize)].trim();
        if !text.is_empty() && !text.starts_with('#') {
            return Some((id, line));
        }
    }
    None
}

/// Drops the findings that a suppression silences, marking those suppressions used.
pub fn apply(
    findings: Vec<(Finding, Level)>,
    sups: &mut [Suppression],
    map: &SourceMap,
) -> Vec<(Finding, Level)> {
    findings
        .into_iter()
        .filter(|(f, _)| {
            let Some((file, start, _)) = map.range(f.primary_span()) else {
                return true;
            };
            let Some(file_id) = map.find(&file.path) else {
                return true;
            };
            let mut silenced = false;
            for s in sups.iter_mut() {
                if s.target == (file_id, start.line) && s.ids.iter().any(|d| d.id == f.lint.id) {
                    s.used = true;
                    silenced = true;
                }
            }
            !silenced
        })
        .collect()
}

/// A finding for every suppression that silenced nothing.
pub fn unused(sups: &[Suppression]) -> Vec<Finding> {
    sups.iter()
        .filter(|s| !s.used)
        .map(|s| {
            let ids: Vec<&str> = s.ids.iter().map(|d| d.id).collect();
            Finding::new(
                &lints::unused_suppression::LINT,
                format!(
                    "this suppression of `{}` silences nothing",
                    ids.join("`, `")
                ),
                s.span,
                "unused",
            )
            .help("remove it; a suppression applies to the next line that holds code")
        })
        .collect()
}
