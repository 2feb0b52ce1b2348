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
// PANIC SAFETY: the solver indexes its arrays directly in its hot loops, and every index is
// valid by construction:
// - per-variable arrays (`level`, `reason`, `assumed`, `phase`, `seen`, the activities and heap
//   positions of `order`) have `num_vars` entries and per-literal arrays (`vals`, `watches`,
//   `occurs`) `2 * num_vars`; `new_var` is the only place they grow, all together, and none
//   shrinks. Every literal inside the solver belongs to a variable below `num_vars`: the public
//   entries that take literals (`add_clause`, `solve`) check them first (`known_vars`: a literal
//   of a variable never created makes the solver answer Unknown from then on, without storing
//   it), and every other literal is copied from a stored clause, an assumption or the trail, or
//   is a variable popped from the heap, which holds only variables already created. The public
//   queries (`value`, `lit_value`) read the model with `get`, and a model entry exists only for
//   a variable that existed when it was saved.
// - a `CRef` comes from `ClauseDb::alloc` and names a header slot, and header slots are never
//   removed (freed ones are reused); a clause is read only through a watcher, the learned list
//   or the reason of an assigned variable, all of which are dropped (`collect_deleted`, and the
//   reasons of level-0 facts cleared in `simplify`) before its slot is freed. A header's
//   `start..start + len` lies in the literal arena: `alloc` appends it, `truncate` only shortens
//   it and compaction moves it with its header. A stored clause has at least two literals
//   (`add_clause` stores only those, the learned clause stored has more than one, `truncate`
//   keeps two), so its positions 0 and 1 exist.
// - the trail holds each assigned variable once, `trail_lim` one entry per decision level and
//   `level_stamp` is grown to the current level before use; levels never exceed the current
//   one. Conflict analysis walks the trail back to marked literals of the conflict level, of
//   which the conflicting clause has at least one (propagation completes before each decision).
#[allow(clippy::indexing_slicing)]
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
