//! The pipeline in one call: load, parse, check, and collect every diagnostic in order.

use std::path::Path;

use crate::config::{self, Config};
use crate::diagnostics::Diagnostic;
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

/// Parses and checks a loaded spec.
pub fn compile(loaded: LoadedSpec) -> Compilation {
    let mut diagnostics = Vec::new();
    let config = match loaded.config {
        Some(id) => match config::parse(loaded.map.file(id)) {
            Ok(c) => c,
            Err(e) => {
                diagnostics.push(Diagnostic::from_miette(&e));
                Config::default()
            }
        },
        None => Config::default(),
    };
    let mut parsed = syntax::parse_spec(&loaded);
    let syntax_spans: Vec<_> = parsed.errors.iter().map(syntax::primary_span).collect();
    diagnostics.extend(parsed.errors.drain(..).map(|e| Diagnostic::from_miette(&e)));
    let checked = sema::check(&parsed, &loaded.map, &syntax_spans);
    diagnostics.extend(checked.errors.iter().map(|e| Diagnostic::from_miette(e)));
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
