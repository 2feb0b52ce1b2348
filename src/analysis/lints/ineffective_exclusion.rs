//! `ineffective-exclusion`: an exclusion that never removes an account the requirements let in.

use super::{Check, Context, Finding, Level, LintDef, Profile, case};
use crate::analysis::engine::Analysis;

pub const LINT: LintDef = LintDef {
    id: "ineffective-exclusion",
    default: Level::Warn,
    summary: "An exclusion that never removes anyone the requirements let in.",
    explanation: "Every account that meets the requirements already fails the exclusion (or is \
removed by an earlier exclusion), so it changes nothing. Usually it was meant to exclude \
something else, or it is left over from an older version of the requirements. The report labels \
the criteria that make it ineffective.",
    reported_at: "the exclusion",
    check: Check::Profiles {
        icp: check_icp,
        persona: check_persona,
    },
    cases: &[
        case(
            r#"account { industry: enum { saas, fintech, retail } }

icp software {
  require industry in [saas, fintech]
  exclude industry == retail #~
}
"#,
        ),
        case(
            r#"account {
  industry: enum { saas, fintech, retail }
  tools: set { a, b }
}

icp software {
  require industry in [saas, fintech]
  exclude tools has a
  exclude industry == saas
}
"#,
        ),
    ],
};

fn check_icp(cx: &mut Context, i: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    out.extend(cx.redundancy(Profile::Icp(i), an).1);
}

fn check_persona(cx: &mut Context, p: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    out.extend(cx.redundancy(Profile::Persona(p), an).1);
}
