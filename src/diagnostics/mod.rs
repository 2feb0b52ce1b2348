//! Diagnostics: one type for what every stage and the command line report, and its output
//! formats.
//!
//! Every diagnostic has a [`Code`] from the registry ([`codes`]), which declares each code
//! once with its severity and documentation. Each stage raises its own `thiserror` + `miette`
//! enum (messages, labels and help live beside the code that raises them);
//! [`Diagnostic::from_miette`] turns any of them into a plain [`Diagnostic`] with global
//! [`Span`]s, taking the code and severity from the registry. What has no place in a spec's
//! sources (the command line's own errors, a line of a record file) is built with
//! [`Diagnostic::new`]. The renderers attach the source text only at the end:
//! [`render::human`] through miette's graphical handler (with a bounded [`snippet`] of the
//! source and everything a terminal would act on escaped by [`escape`]), or one line per
//! diagnostic without labels; [`render::json`], [`sarif`] and [`github`] as data for tools.

pub mod codes;
pub mod escape;
pub mod github;
pub mod level;
pub mod render;
pub mod sarif;
pub mod snippet;
pub mod suggest;

use std::fmt;

pub use codes::Code;
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

/// Where a diagnostic is when its place is not in a spec's sources: a line (and column) of a
/// record file, as `icpl match` reports them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file, as the user named it.
    pub file: String,
    /// The 1-based line, when the diagnostic is about one.
    pub line: Option<u64>,
    /// The 1-based column: the field's number in a CSV file, the character in a JSON line.
    pub column: Option<u64>,
}

/// A problem (or a note) about a spec, a file or the command line, with everything needed to
/// show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code, e.g. `unknown-attribute`: an entry of the registry.
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// Where it is when that is not in the spec's sources (then it has no labels).
    pub place: Option<Place>,
}

impl Diagnostic {
    /// A diagnostic with a code of the registry, at its declared severity, without labels.
    pub fn new(code: impl Into<Code>, message: impl Into<String>) -> Diagnostic {
        let code = code.into();
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            labels: Vec::new(),
            help: None,
            place: None,
        }
    }

    /// With this help.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// With help when there is some.
    pub fn with_help_opt(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// At a place outside the spec's sources.
    pub fn at(mut self, place: Place) -> Diagnostic {
        self.place = Some(place);
        self
    }

    /// Converts a stage's miette diagnostic. Its code is looked up in the registry, which
    /// gives the severity; a code the registry does not declare (or none) gives an
    /// `internal-error` that names it, with the stage's message and labels, so that it is
    /// never reported as if it were declared. The first label becomes the primary one unless
    /// the stage marked another.
    pub fn from_miette(d: &dyn miette::Diagnostic) -> Diagnostic {
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
        let id = d.code().map(|c| c.to_string());
        let help = d.help().map(|h| h.to_string());
        match id.as_deref().and_then(codes::find) {
            Some(def) => Diagnostic {
                code: Code::Declared(def),
                severity: def.severity(),
                message: d.to_string(),
                labels,
                help,
                place: None,
            },
            None => Diagnostic {
                code: Code::Declared(&codes::INTERNAL_ERROR),
                severity: codes::INTERNAL_ERROR.severity(),
                message: match id {
                    Some(id) => format!(
                        "internal error: a problem was reported with the code `{id}`, which is not declared: {d}"
                    ),
                    None => format!("internal error: a problem was reported without a code: {d}"),
                },
                labels,
                help: Some(
                    "this is a bug in icpl; please report it with the input that caused it".into(),
                ),
                place: None,
            },
        }
    }

    /// The span the diagnostic is about.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.iter().find(|l| l.primary).map(|l| l.span)
    }

    /// A key that orders diagnostics by position, then by code and message.
    pub fn sort_key(&self) -> (u32, u32, &'static str, String) {
        let span = self.primary_span().unwrap_or_default();
        (
            span.start,
            span.end,
            self.code.as_str(),
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
        Some(Box::new(self.code.as_str()))
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
