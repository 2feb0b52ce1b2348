//! `missing-owner`: an ICP without an `owner`.

use super::{Check, Context, Finding, Level, LintDef, case};

pub const LINT: LintDef = LintDef {
    id: "missing-owner",
    default: Level::Allow,
    summary: "An ICP without an `owner`.",
    explanation: "Someone must keep each ICP current and answer questions about it. Off by \
default; turn it on (`missing-owner = \"warn\"` under `[lints]`) to require one.",
    reported_at: "the ICP's id",
    check: Check::Spec(check),
    cases: &[
        case(
            r#"account { employees: int }

icp orphan { require employees >= 200 } #~
"#,
        ),
        case(
            r#"account { employees: int }

icp owned {
  owner "revops@example.com"
  require employees >= 200
}
"#,
        ),
    ],
};

fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    for icp in &cx.spec.icps {
        if icp.owner.is_none() {
            out.push(
                Finding::new(
                    &LINT,
                    format!("ICP `{}` has no owner", icp.id),
                    icp.id_span,
                    "no owner",
                )
                .help("add `owner \"team@example.com\"`"),
            );
        }
    }
}
