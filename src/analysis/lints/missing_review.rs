//! `missing-review`: an ICP without a `reviewed` date.

use super::{Check, Context, Finding, Level, LintDef, case};

pub const LINT: LintDef = LintDef {
    id: "missing-review",
    default: Level::Allow,
    summary: "An ICP without a `reviewed` date.",
    explanation: "Without a date, `stale-review` cannot tell when the ICP was last checked against \
the business. Off by default; turn it on (`missing-review = \"warn\"` under `[lints]`) for \
teams that review on a schedule.",
    reported_at: "the ICP's id",
    check: Check::Spec(check),
    cases: &[
        case(
            r#"account { employees: int }

icp undated { require employees >= 200 } #~
"#,
        ),
        case(
            r#"account { employees: int }

icp dated {
  reviewed 2026-10-01
  require employees >= 200
}
"#,
        ),
    ],
};

fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    for icp in &cx.spec.icps {
        if icp.reviewed.is_none() {
            out.push(
                Finding::new(
                    &LINT,
                    format!("ICP `{}` has no `reviewed` date", icp.id),
                    icp.id_span,
                    "no review date",
                )
                .help("add `reviewed YYYY-MM-DD` with the date it was last checked"),
            );
        }
    }
}
