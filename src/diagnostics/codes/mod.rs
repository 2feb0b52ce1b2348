//! The registry of diagnostic codes: every code a user can see is declared once, with its
//! stage, severity, summary, explanation, fix and example.
//!
//! A diagnostic names its code with a [`Code`], never with a free string:
//!
//! - the codes of the stages and of the command line are the statics of this module's files
//!   ([`CodeDef`], one file per group of stages). A `CodeDef` has private fields, so no other
//!   module can make one: every `&'static CodeDef` is an entry of this registry, and each
//!   file's list of entries ([`all`]) is written by the same macro that declares them, so an
//!   entry cannot be left out of it;
//! - lint codes are declared by the lint registry (`analysis::lints::LINTS`), which owns
//!   their documentation. A code names a lint through [`LintEntry`], which the lint
//!   declaration implements (this stage does not import the analysis), and the lints turn a
//!   finding into a diagnostic only for a lint of that registry;
//! - the stages raise `miette` errors whose codes are strings; [`super::Diagnostic::from_miette`]
//!   looks each one up here and turns a string that is not declared into an `internal-error`
//!   that says so, so an undeclared code never reaches a user as if it were one.
//!
//! The second part of `docs/diagnostics.md` is [`markdown`] (a test keeps it in step; see
//! `tests/docs.rs`), and `icpl explain CODE` prints one entry ([`section`]).

mod checking;
mod command;
mod markdown;
mod running;
mod settings;
mod syntax;

use std::fmt;
use std::hash::{Hash, Hasher};

pub use checking::*;
pub use command::*;
pub use markdown::{GENERATED, markdown, section};
pub use running::*;
pub use settings::*;
pub use syntax::*;

use super::{Level, Severity};

/// Declares a group of codes: a `static` for each, and the group's list in declaration order,
/// from one list so that neither can miss an entry.
macro_rules! declare {
    ($($name:ident = $def:expr;)*) => {
        $(pub static $name: $crate::diagnostics::codes::CodeDef = $def;)*
        /// Every code of this file, in the order of the docs.
        pub(super) static LIST: &[&$crate::diagnostics::codes::CodeDef] = &[$(&$name),*];
    };
}
use declare;

/// The stage that reports a code, which groups the docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The command line itself: arguments, the environment, what a command refuses to do.
    CommandLine,
    /// Reading the files of a spec.
    Loading,
    /// `icpl.toml`.
    Settings,
    /// Reading the text of a file.
    Syntax,
    /// Names, types and structure, by topic.
    Checking(Topic),
    /// Inline suppressions of lints.
    Suppressions,
    /// Writing the rules for a target (`icpl build --target`).
    Targets,
    /// Running `example` blocks (`icpl test`).
    Examples,
    /// Reading record files (`icpl match`).
    Records,
    /// A bug in icpl.
    Internal,
}

/// The topics of the checking stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    Schema,
    Names,
    Criteria,
    Structure,
    Scores,
    Examples,
}

impl Stage {
    /// Every stage, in the order of the docs (and of the pipeline, where they have one).
    pub const ALL: [Stage; 15] = [
        Stage::CommandLine,
        Stage::Loading,
        Stage::Settings,
        Stage::Syntax,
        Stage::Checking(Topic::Schema),
        Stage::Checking(Topic::Names),
        Stage::Checking(Topic::Criteria),
        Stage::Checking(Topic::Structure),
        Stage::Checking(Topic::Scores),
        Stage::Checking(Topic::Examples),
        Stage::Suppressions,
        Stage::Targets,
        Stage::Examples,
        Stage::Records,
        Stage::Internal,
    ];

    /// The stage's title in the docs (for the checking stage, without its topic).
    pub fn title(self) -> &'static str {
        match self {
            Stage::CommandLine => "Command line",
            Stage::Loading => "Loading",
            Stage::Settings => "Settings",
            Stage::Syntax => "Syntax",
            Stage::Checking(_) => "Checking",
            Stage::Suppressions => "Suppressions",
            Stage::Targets => "Targets",
            Stage::Examples => "Examples (`icpl test`)",
            Stage::Records => "Records (`icpl match`)",
            Stage::Internal => "Internal errors",
        }
    }

    /// The topic's title, for the checking stage.
    pub fn topic(self) -> Option<&'static str> {
        match self {
            Stage::Checking(t) => Some(match t {
                Topic::Schema => "Schema",
                Topic::Names => "Names",
                Topic::Criteria => "Criteria and types",
                Topic::Structure => "ICP and persona structure",
                Topic::Scores => "Scores and tiers",
                Topic::Examples => "Examples",
            }),
            _ => None,
        }
    }

    /// The stage as `icpl explain` and the docs name it: `checking (names)`.
    pub fn name(self) -> String {
        let title = match self {
            Stage::Examples => "examples",
            Stage::Records => "records",
            Stage::Internal => "internal",
            other => other.title(),
        }
        .to_lowercase();
        match self.topic() {
            Some(topic) => format!("{title} ({})", topic.to_lowercase()),
            None => title,
        }
    }

    /// What the docs say about a stage's codes before listing them.
    pub fn intro(self) -> &'static str {
        match self {
            Stage::CommandLine => {
                "Problems with how icpl was run, and what a command refuses to do because of \
problems reported before. They stop the command; the exit code is 2 unless the entry says \
otherwise. With `--format json`, `sarif` or `github` (`icpl check`, and `icpl test --format \
json`) they are reported in that format on standard output like every other diagnostic, \
without a file or position; otherwise they are one line on standard error (and a `help:` \
line)."
            }
            Stage::Loading => {
                "Problems reading the files of a spec. The spec is not compiled at all; the exit \
code is 2."
            }
            Stage::Settings => {
                "Problems with `icpl.toml` at the spec root. The label points into the file; the \
spec itself is still checked, with the default for every setting that is wrong. The keys are \
listed in [cli.md](cli.md#settings-icpltoml)."
            }
            Stage::Syntax => {
                "Problems reading the text of a file. An item that fails to parse is read again \
statement by statement (and a `score`, `tiers` or example record block signal by signal, tier by \
tier, field by field), so each broken piece is reported once and the rest of the block is still \
checked: a bad weight loses its signal, not the score, and does not turn into \
`tiers-without-score`. What a block with a syntax error seems to lack (its tiers, its score, an \
`expect`) is not reported again as a problem of its own, in the same file or another."
            }
            Stage::Checking(_) => {
                "Problems with names, types and structure, found after parsing. An invalid \
criterion is reported and left out, so it causes no further errors."
            }
            Stage::Suppressions => {
                "Comments that silence lints (see [lints.md](lints.md)). They are read when the \
lints run, on a spec without errors."
            }
            Stage::Targets => {
                "Reported by `icpl build --target ...` when a target cannot state the rules \
exactly."
            }
            Stage::Examples => {
                "Reported by `icpl test`, which runs the `example` blocks of a spec (see \
[matching.md](matching.md#icpl-test))."
            }
            Stage::Records => {
                "Problems with the record files of `icpl match`, reported on standard error as \
`severity[code]: file:line:column: message` followed by a `help:` line. Bad records do not stop \
the run; see [matching.md](matching.md#input) for what is read and how."
            }
            Stage::Internal => "",
        }
    }
}

/// An example of a code, shown in its docs. Every example that is a spec or a settings file
/// gets its code when it is compiled (`tests/docs.rs`).
#[derive(Clone, Copy, Debug)]
pub enum Example {
    /// No example: the docs say when the code is reported.
    None,
    /// Lines of a spec, read with the schema of the docs ([`DOCS_SCHEMA`]).
    Spec(&'static str),
    /// A whole spec, read on its own (without the schema of the docs).
    SpecAlone(&'static str),
    /// `icpl.toml`, for a spec with the schema of the docs.
    Config(&'static str),
    /// A command and what it prints.
    Shell(&'static str),
}

/// The schema the docs' examples assume unless they are read on their own.
pub const DOCS_SCHEMA: &str = "account {
  industry: enum { saas, fintech, retail }
  employees: int
  annual_revenue: money
  growth_rate: percent
  funding_stage: ordered enum { seed, series_a, series_b }
  region: enum { emea { uk, germany }, apac { japan } }
  tech_stack: set { salesforce, hubspot, snowflake }
  uses_sso: bool
}
contact {
  seniority: ordered enum { individual, manager, director }
  decision_role: enum { economic_buyer, champion }
  region: enum { emea { uk, germany }, apac { japan } }
}
";

/// A code of the registry. Its fields are private: the entries of this module's files are the
/// only ones there are.
#[derive(Debug)]
pub struct CodeDef {
    id: &'static str,
    stage: Stage,
    severity: Severity,
    summary: &'static str,
    explanation: &'static str,
    fix: &'static str,
    example: Example,
}

impl CodeDef {
    /// The stable id (never reused), e.g. `unknown-attribute`.
    pub fn id(&self) -> &'static str {
        self.id
    }
    pub fn stage(&self) -> Stage {
        self.stage
    }
    /// The severity every diagnostic with this code has (`icpl check --deny warnings` raises
    /// warnings to errors when it reports them).
    pub fn severity(&self) -> Severity {
        self.severity
    }
    /// One sentence: what it means.
    pub fn summary(&self) -> &'static str {
        self.summary
    }
    /// When it is reported, and why it matters (Markdown).
    pub fn explanation(&self) -> &'static str {
        self.explanation
    }
    /// How to fix it (Markdown).
    pub fn fix(&self) -> &'static str {
        self.fix
    }
    pub fn example(&self) -> Example {
        self.example
    }
}

/// What the registry needs to know of a lint. The lint registry (`analysis::lints`) declares
/// the lints and owns their documentation; its declaration implements this trait, so that a
/// diagnostic can name a lint without this stage importing the analysis. Nothing else
/// implements it, and the lints make a [`Code`] only from a lint of their registry.
pub trait LintEntry: Sync + 'static {
    fn id(&self) -> &'static str;
    fn default_level(&self) -> Level;
    fn summary(&self) -> &'static str;
    fn explanation(&self) -> &'static str;
}

/// The code of a diagnostic: an entry of this registry or of the lint registry.
#[derive(Clone, Copy)]
pub enum Code {
    Declared(&'static CodeDef),
    Lint(&'static dyn LintEntry),
}

impl Code {
    /// The id, e.g. `unknown-attribute` or `unsatisfiable-icp`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Declared(d) => d.id,
            Code::Lint(l) => l.id(),
        }
    }

    /// The severity of a diagnostic with this code by default (for a lint, at its default
    /// level; `allow` counts as information).
    pub fn default_severity(self) -> Severity {
        match self {
            Code::Declared(d) => d.severity,
            Code::Lint(l) => l.default_level().severity(),
        }
    }

    /// One sentence: what it means.
    pub fn summary(self) -> &'static str {
        match self {
            Code::Declared(d) => d.summary,
            Code::Lint(l) => l.summary(),
        }
    }

    /// What it means and how to fix it (Markdown).
    pub fn description(self) -> String {
        match self {
            Code::Declared(d) => format!("{}\n\nFix: {}", d.explanation, d.fix),
            Code::Lint(l) => l.explanation().to_string(),
        }
    }

    pub fn is_lint(self) -> bool {
        matches!(self, Code::Lint(_))
    }
}

impl From<&'static CodeDef> for Code {
    fn from(def: &'static CodeDef) -> Code {
        Code::Declared(def)
    }
}

impl PartialEq for Code {
    fn eq(&self, other: &Code) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Code {}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Hash for Code {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Code) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Code) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({})", self.as_str())
    }
}

/// Every code of this registry (lints are in the lint registry), in the order of the docs.
pub fn all() -> impl Iterator<Item = &'static CodeDef> {
    [
        command::LIST,
        settings::LIST,
        syntax::LIST,
        checking::LIST,
        running::LIST,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// The entry with an id.
pub fn find(id: &str) -> Option<&'static CodeDef> {
    all().find(|d| d.id == id)
}
