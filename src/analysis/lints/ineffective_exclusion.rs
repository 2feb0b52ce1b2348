//! `ineffective-exclusion`: an exclusion that removes no one the other criteria let in.

use super::{Check, Context, Finding, Level, LintDef, Profile, case};
use crate::analysis::engine::Analysis;

pub const LINT: LintDef = LintDef {
    id: "ineffective-exclusion",
    default: Level::Warn,
    summary: "An exclusion that removes no one the other criteria let in.",
    explanation: "Removing the exclusion would not change who matches: either it never removes \
an account the requirements let in, or every account it would remove is already removed by \
another exclusion. The report says which, and labels the criteria that make it ineffective. \
Usually it was meant to exclude something else, or it is left over from an older version of \
the criteria. Of two exclusions that remove the same accounts, the later one is reported; in a \
persona, the criteria of its ICPs count too.",
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
        case(
            r#"account {
  industry: enum { saas, fintech, retail }
  tools: set { a, b }
}

icp software {
  require industry in [saas, fintech]
  exclude tools has a #~
  exclude tools has any [a, b]
  exclude tools has b #~
}
"#,
        ),
        case(
            r#"account {
  employees: int
  industry: enum { saas, fintech, retail }
}
contact { seniority: ordered enum { ic, manager, vp } }

icp big { require employees >= 500 }

persona senior for big {
  require seniority >= manager
  exclude employees < 100 #~
  exclude seniority == ic #~
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
