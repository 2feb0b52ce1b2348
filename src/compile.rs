//! The pipeline in one call: load, parse, check, and collect every diagnostic in order.

use std::path::Path;

use crate::analysis::{self, LintSettings};
use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Severity};
use crate::sema::date::Date;
use crate::sema::{self, Spec};
use crate::source::{LoadError, LoadedSpec, SourceMap, load_spec};
use crate::syntax::{self, Parsed};

/// A spec after parsing and checking: the sources, the syntax trees, the model and every
/// diagnostic, sorted by file and position.
#[derive(Debug)]
pub struct Compilation {
    pub loaded: LoadedSpec,
    pub parsed: Parsed,
    pub spec: Spec,
    pub config: Config,
    pub diagnostics: Vec<Diagnostic>,
}

impl Compilation {
    pub fn map(&self) -> &SourceMap {
        &self.loaded.map
    }

    /// Whether any diagnostic is an error (nothing may be emitted then).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error)
    }
}

/// Loads and compiles the spec at a path (a `.icp` file or a directory).
pub fn compile_path(path: &Path) -> Result<Compilation, LoadError> {
    Ok(compile(load_spec(path)?))
}

/// How to compile.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Run the lints (when the spec has no errors).
    pub lints: bool,
    /// The date `stale-review` compares with; `None` for today (or `ICPL_TODAY`).
    pub today: Option<Date>,
}

impl Options {
    /// Checking without the lints: for commands that read the rules and not the findings
    /// (their findings never change what the rules mean).
    pub fn rules_only() -> Options {
        Options {
            lints: false,
            today: None,
        }
    }
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lints: true,
            today: None,
        }
    }
}

/// Parses, checks and lints a loaded spec.
pub fn compile(loaded: LoadedSpec) -> Compilation {
    compile_with(loaded, Options::default())
}

/// [`compile`] with options: a fixed date for reproducible output, or no lints.
pub fn compile_with(loaded: LoadedSpec, options: Options) -> Compilation {
    let mut diagnostics = Vec::new();
    let config = match loaded.config {
        Some(id) => {
            let (config, errors) = config::parse(loaded.map.file(id), &analysis::lints::ids());
            diagnostics.extend(errors.iter().map(|e| Diagnostic::from_miette(e)));
            config
        }
        None => Config::default(),
    };
    let mut parsed = syntax::parse_spec(&loaded);
    let syntax_spans: Vec<_> = parsed.errors.iter().map(syntax::primary_span).collect();
    diagnostics.extend(parsed.errors.drain(..).map(|e| Diagnostic::from_miette(&e)));
    let checked = sema::check(&parsed, &loaded.map, &syntax_spans);
    diagnostics.extend(checked.errors.iter().map(|e| Diagnostic::from_miette(e)));
    // The column mapping of `icpl match` names attributes: check them against the schema.
    fn names(attrs: &[crate::sema::ir::Attribute]) -> Vec<&str> {
        attrs.iter().map(|a| a.name.as_str()).collect()
    }
    let column_errors = config.check_columns(
        &names(&checked.spec.account.attrs),
        &names(&checked.spec.contact.attrs),
    );
    diagnostics.extend(column_errors.iter().map(|e| Diagnostic::from_miette(e)));
    // The lints reason about a consistent model only: they run when nothing else is wrong.
    if options.lints && !diagnostics.iter().any(|d| d.severity == Severity::Error) {
        let settings = lint_settings(&config, options.today);
        diagnostics.extend(analysis::lint(
            &checked.spec,
            &parsed.files,
            &loaded.map,
            &settings,
        ));
    }
    diagnostics.sort_by_key(Diagnostic::sort_key);
    diagnostics.dedup();
    Compilation {
        loaded,
        parsed,
        spec: checked.spec,
        config,
        diagnostics,
    }
}

/// The environment variable whose date (`YYYY-MM-DD`) replaces today's.
pub const TODAY_VAR: &str = "ICPL_TODAY";

/// The date `ICPL_TODAY` gives: `None` when it is unset or empty, the text it holds when that
/// is not a valid `YYYY-MM-DD` date. The command line refuses an invalid value before it does
/// anything (usage error), so it never counts as unset there.
pub fn today_from_env() -> Result<Option<Date>, String> {
    match std::env::var_os(TODAY_VAR) {
        None => Ok(None),
        Some(v) if v.is_empty() => Ok(None),
        Some(v) => {
            let text = v.to_string_lossy();
            Date::parse(text.trim())
                .map(Some)
                .ok_or_else(|| text.into_owned())
        }
    }
}

/// The settings the lints run with, from `icpl.toml`. The date `stale-review` compares with is
/// `today` if given, else `ICPL_TODAY` (YYYY-MM-DD) from the environment, so that the lint can
/// be tested and reproduced (see [`today_from_env`]), else today's date.
pub fn lint_settings(config: &Config, today: Option<Date>) -> LintSettings {
    let defaults = LintSettings::default();
    let today = today
        .or_else(|| today_from_env().ok().flatten())
        .unwrap_or(defaults.today);
    LintSettings {
        levels: config.lints.clone(),
        review_max_age_days: config
            .check
            .review_max_age_days
            .unwrap_or(defaults.review_max_age_days),
        max_personas: config.check.max_personas.unwrap_or(defaults.max_personas),
        max_overlaps: config.check.max_overlaps.unwrap_or(defaults.max_overlaps),
        today,
    }
}
