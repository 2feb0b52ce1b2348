//! What a lint reports: a [`Finding`], and how it becomes a diagnostic at a level.

use super::registry::LintDef;
use crate::analysis::constraints::Role;
use crate::diagnostics::codes::{self, Code};
use crate::diagnostics::{Diagnostic, Label, Level};
use crate::source::Span;

/// One problem a lint found.
#[derive(Clone, Debug)]
pub struct Finding {
    pub lint: &'static LintDef,
    pub message: String,
    /// The first label is the primary one: the line the finding is reported at.
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Finding {
    pub fn new(
        lint: &'static LintDef,
        message: impl Into<String>,
        primary: Span,
        label: impl Into<String>,
    ) -> Finding {
        Finding {
            lint,
            message: message.into(),
            labels: vec![Label {
                span: primary,
                message: Some(label.into()),
                primary: true,
            }],
            help: None,
        }
    }

    pub fn label(mut self, span: Span, message: impl Into<String>) -> Finding {
        self.labels.push(Label {
            span,
            message: Some(message.into()),
            primary: false,
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn primary_span(&self) -> Span {
        self.labels.first().map_or(Span::default(), |l| l.span)
    }

    /// The diagnostic at a level. Its code is the lint's entry in the registry
    /// ([`LINTS`](super::LINTS)); a lint that is not there has no documented code, so its
    /// finding becomes an `internal-error` that names it instead.
    pub fn to_diagnostic(&self, level: Level) -> Diagnostic {
        let (code, severity, message) = if let Some(entry) = super::lint(self.lint.id) {
            (Code::Lint(entry), level.severity(), self.message.clone())
        } else {
            (
                Code::Declared(&codes::INTERNAL_ERROR),
                codes::INTERNAL_ERROR.severity(),
                format!(
                    "internal error: the lint `{}` is not in the lint registry: {}",
                    self.lint.id, self.message
                ),
            )
        };
        Diagnostic {
            code,
            severity,
            message,
            labels: self.labels.clone(),
            help: self.help.clone(),
            place: None,
        }
    }
}

/// "1 requirement", "2 criteria".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The help of a contradiction: what to do about the criteria of a minimal conflict, by their
/// roles. A conflict of one criterion is that criterion on its own: a requirement that can
/// never hold, or an exclusion that holds for everyone (and so removes everyone).
pub fn conflict_help(roles: &[Role], who: &str) -> String {
    match roles {
        [Role::Require] => "this requirement can never hold on its own; fix or remove it".into(),
        [Role::Exclude] => format!(
            "this exclusion holds for every {who}, so it removes them all; fix or remove it"
        ),
        _ if roles.iter().all(|&r| r == Role::Require) => format!(
            "these {} cannot all hold at once; relax or remove one of them",
            count(roles.len(), "criterion", "criteria")
        ),
        // An exclusion "holds" when it removes someone, so say what fails instead.
        _ => format!(
            "no {who} meets these {} at once (the requirements hold and the exclusions do not); relax or remove one of them",
            count(roles.len(), "criterion", "criteria")
        ),
    }
}
