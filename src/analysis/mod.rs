//! The analysis stage: exact reasoning about criteria, and the lint catalogue built on it.
//!
//! Takes a checked spec (the IR of `sema`) and gives lint diagnostics. [`encode`] turns
//! criteria into clauses for the [`sat`] solver, [`engine`] answers questions (satisfiable, a
//! minimal core, a witness, an implication), [`score`] reasons exactly about fit scores, and
//! [`lints`] holds one file per lint. [`suppress`] applies inline suppressions.

pub mod encode;
pub mod engine;
pub mod lints;
pub mod sat;
pub mod score;
pub mod suppress;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::sema::Spec;
use crate::source::SourceMap;
use crate::syntax::ast;

pub use engine::{Analysis, Answer, Constraint, Limits, Witness};
use lints::{Context, Level, LintDef, LintSettings};

/// The level a lint runs at under a spec's settings.
pub fn level_of(config: &Config, def: &LintDef) -> Level {
    config.lints.get(def.id).copied().unwrap_or(def.default)
}

/// Runs the lints on a spec without errors, applies inline suppressions and gives the
/// diagnostics (malformed suppressions included).
pub fn lint(
    spec: &Spec,
    files: &[ast::File],
    map: &SourceMap,
    config: &Config,
    settings: &LintSettings,
) -> Vec<Diagnostic> {
    let (mut sups, errors) = suppress::collect(files, map);
    let mut out: Vec<Diagnostic> = errors.iter().map(|e| Diagnostic::from_miette(e)).collect();
    let mut cx = Context::new(spec, map, settings, Limits::default());
    let level = |d: &LintDef| level_of(config, d);
    let findings = lints::run(&mut cx, &level);
    let findings = suppress::apply(findings, &mut sups, map);
    out.extend(findings.iter().map(|(f, l)| f.to_diagnostic(*l)));
    let unused_level = level(&lints::unused_suppression::LINT);
    if unused_level != Level::Allow {
        out.extend(
            suppress::unused(&sups)
                .iter()
                .map(|f| f.to_diagnostic(unused_level)),
        );
    }
    out
}
