//! Diagnostics: one type for what every stage reports, and its output formats.
//!
//! Each stage raises its own `thiserror` + `miette` enum (codes, messages, labels and help live
//! beside the code that raises them); [`Diagnostic::from_miette`] turns any of them into a plain
//! [`Diagnostic`] with global [`Span`]s. The renderers attach the source text only at the end:
//! [`render::human`] through miette's graphical handler (with a bounded [`snippet`] of the
//! source and everything a terminal would act on escaped by [`escape`]), [`render::json`] as
//! data for tools.

pub mod escape;
pub mod github;
pub mod level;
pub mod render;
pub mod sarif;
pub mod snippet;
pub mod suggest;

use std::fmt;

pub use level::Level;

use crate::source::{SourceMap, Span};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    /// Information worth knowing that is not a problem.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A labelled span of a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: Option<String>,
    /// The label the diagnostic is about (exactly one per diagnostic with labels).
    pub primary: bool,
}

/// A problem (or a note) about a spec, with everything needed to show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code, e.g. `unknown-attribute`.
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// Converts a stage's miette diagnostic. The first label becomes the primary one unless the
    /// stage marked another.
    pub fn from_miette(d: &dyn miette::Diagnostic) -> Diagnostic {
        let severity = match d.severity() {
            Some(miette::Severity::Warning) => Severity::Warning,
            Some(miette::Severity::Advice) => Severity::Info,
            _ => Severity::Error,
        };
        let mut labels: Vec<Label> = d
            .labels()
            .map(|ls| {
                ls.map(|l| Label {
                    span: Span::from(*l.inner()),
                    message: l.label().map(str::to_string),
                    primary: l.primary(),
                })
                .collect()
            })
            .unwrap_or_default();
        if !labels.iter().any(|l| l.primary)
            && let Some(first) = labels.first_mut()
        {
            first.primary = true;
        }
        Diagnostic {
            code: d.code().map(|c| c.to_string()).unwrap_or_default(),
            severity,
            message: d.to_string(),
            labels,
            help: d.help().map(|h| h.to_string()),
        }
    }

    /// The span the diagnostic is about.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.iter().find(|l| l.primary).map(|l| l.span)
    }

    /// A key that orders diagnostics by position, then by code and message.
    pub fn sort_key(&self) -> (u32, u32, String, String) {
        let span = self.primary_span().unwrap_or_default();
        (
            span.start,
            span.end,
            self.code.clone(),
            self.message.clone(),
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().map(|l| {
            let span = miette::SourceSpan::from(l.span);
            if l.primary {
                miette::LabeledSpan::new_primary_with_span(l.message.clone(), span)
            } else {
                miette::LabeledSpan::new_with_span(l.message.clone(), span)
            }
        })))
    }
}

/// Counts of diagnostics by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(diags: &[Diagnostic]) -> Counts {
        let mut c = Counts::default();
        for d in diags {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }
}

/// The file, start and end of a span, 1-based, for output formats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Location {
    pub fn of(map: &SourceMap, span: Span) -> Option<Location> {
        let (file, start, end) = map.range(span)?;
        Some(Location {
            file: file.name.clone(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        })
    }
}
