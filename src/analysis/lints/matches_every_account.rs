//! `matches-every-account`: an ICP that every account matches.

use super::{Check, Context, Finding, Level, LintDef, Profile, case};
use crate::analysis::engine::Analysis;

pub const LINT: LintDef = LintDef {
    id: "matches-every-account",
    default: Level::Warn,
    summary: "An ICP that every account matches.",
    explanation: "An ICP exists to tell good-fit accounts from the rest. One without criteria, or \
whose criteria every possible account meets (`require employees >= 0 or employees < 0`), \
qualifies everyone, which is rarely what a team means. Add the criteria that define the fit.",
    reported_at: "the ICP's id",
    check: Check::Icp(check),
    cases: &[
        case(
            r#"account { employees: int }

icp everyone { #~
  require employees >= 10 or employees < 10
}
"#,
        ),
        case(
            r#"account {
  employees: int
  uses_sso: bool
}

icp unconditional { #~
  summary "No criteria yet."
}
icp either { require uses_sso or not uses_sso } #~
"#,
        ),
        case(
            r#"account {
  employees: int
  uses_sso: bool
}

icp some { require employees >= 10 }
icp sso { require uses_sso }
"#,
        ),
    ],
};

fn check(cx: &mut Context, i: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    if cx.icp_satisfiable(i) != Some(true) {
        return;
    }
    let icp = cx.spec.icp_at(i);
    match cx.icp_matches_everything(i, an) {
        Some(true) => {
            let (label, help) = if icp.requires.is_empty() && icp.excludes.is_empty() {
                (
                    "sets no criteria",
                    "add `require` criteria that describe the accounts that fit",
                )
            } else {
                (
                    "every account meets its criteria",
                    "tighten the criteria: as written they rule out no account",
                )
            };
            out.push(
                Finding::new(
                    &LINT,
                    format!("every account matches ICP `{}`", icp.id),
                    icp.id_span,
                    label,
                )
                .help(help),
            );
        }
        Some(false) => {}
        None => cx.unknown(
            Profile::Icp(i),
            icp.id_span,
            format!("whether every account matches ICP `{}`", icp.id),
        ),
    }
}
