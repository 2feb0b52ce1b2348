//! `unused-suppression`: an inline suppression that suppresses nothing.

use super::{Check, Context, Finding, Level, LintDef, case};

pub const LINT: LintDef = LintDef {
    id: "unused-suppression",
    default: Level::Warn,
    summary: "An `# icpl: allow(...)` comment that suppresses nothing.",
    explanation: "The finding it was written for is gone (or it sits on the wrong line: a \
suppression applies to the next line that holds code, or to its own line when it follows code). \
A stale suppression would silently hide a future finding; remove it.",
    reported_at: "the suppression comment",
    check: Check::Spec(check),
    cases: &[
        case(
            r#"account { employees: int }

# icpl: allow(redundant-requirement) kept for readability #~
icp mid { require employees >= 200 }
"#,
        ),
        case(
            r#"account { employees: int }

icp mid {
  require employees >= 200
  # icpl: allow(redundant-requirement) kept for readability
  require employees > 100
}
"#,
        ),
    ],
};

/// Unused suppressions are found by the suppression pass, after every other lint has run.
fn check(_cx: &mut Context, _out: &mut Vec<Finding>) {}
