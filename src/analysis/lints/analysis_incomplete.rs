//! `analysis-incomplete`: a question the analysis stopped answering at its bounds.

use super::{Check, Context, Finding, Level, LintDef};

pub const LINT: LintDef = LintDef {
    id: "analysis-incomplete",
    default: Level::Warn,
    summary: "A check the analysis could not finish within its bounds.",
    explanation: "The contradiction analysis is exact, and its work is bounded so that a \
pathological spec cannot make `icpl check` hang: each question may use 20,000 solver conflicts, \
a run 5,000,000 conflicts and 5,000,000 solver calls, a score question 20,000 steps, and the \
pair lints 20,000,000 pair comparisons and 100,000 pair checks. A question past a bound is reported here instead of answered, so \
the lints about that item may be incomplete. Simplify the labelled item (very wide `or`s, very \
many signals), or split the spec.",
    example: "",
    reported_at: "the item whose analysis stopped",
    check: Check::Spec(check),
};

fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    for (span, what) in std::mem::take(&mut cx.incomplete) {
        out.push(
            Finding::new(
                &LINT,
                format!("the analysis stopped at its bound: {what}"),
                span,
                "not fully analysed",
            )
            .help("the lints about this item may be incomplete; simplify it, or split the spec"),
        );
    }
}
