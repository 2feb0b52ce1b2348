//! The analysis stage: exact reasoning about criteria, and the lint catalogue built on it.
//!
//! Takes a checked spec (the IR of `sema`) and the lint settings its caller built, and gives
//! lint diagnostics. [`encode`] turns criteria into clauses for the [`sat`] solver, [`engine`]
//! answers questions (satisfiable, a minimal core, a witness, an implication), [`score`]
//! reasons exactly about fit scores, [`constraints`] says what matching an ICP or a persona
//! is, [`witness`] shows example accounts, and [`lints`] holds one file per lint.
//! [`suppress`] applies inline suppressions. This stage does not read `icpl.toml`: the caller
//! passes the levels and options in [`LintSettings`].

pub mod budget;
pub mod constraints;
pub mod encode;
pub mod engine;
pub mod lints;
pub mod sat;
pub mod score;
pub mod suppress;
pub mod witness;

use crate::diagnostics::{Diagnostic, Level};
use crate::sema::Spec;
use crate::source::SourceMap;
use crate::syntax::ast;

pub use budget::{Bounds, Tracker};
pub use engine::{Analysis, Answer, Constraint, Witness};
pub use lints::LintSettings;
use lints::{Context, LintDef};

/// Runs the lints on a spec without errors, applies inline suppressions and gives the
/// diagnostics (malformed suppressions included).
pub fn lint(
    spec: &Spec,
    files: &[ast::File],
    map: &SourceMap,
    settings: &LintSettings,
) -> Vec<Diagnostic> {
    let (mut sups, errors) = suppress::collect(files, map);
    let mut out: Vec<Diagnostic> = errors.iter().map(|e| Diagnostic::from_miette(e)).collect();
    let mut cx = Context::new(spec, map, settings, Bounds::default());
    let level = |d: &LintDef| settings.level(d);
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
