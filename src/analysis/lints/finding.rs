//! What a lint reports: a [`Finding`], and how it becomes a diagnostic at a level.

use super::registry::LintDef;
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

    /// The diagnostic at a level.
    pub fn to_diagnostic(&self, level: Level) -> Diagnostic {
        Diagnostic {
            code: self.lint.id.to_string(),
            severity: level.severity(),
            message: self.message.clone(),
            labels: self.labels.clone(),
            help: self.help.clone(),
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
