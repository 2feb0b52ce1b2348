//! `ineffective-exclusion`: an exclusion that never removes an account the requirements let in.

use super::{Check, Context, Finding, Level, LintDef, Profile};
use crate::analysis::engine::Analysis;

pub const LINT: LintDef = LintDef {
    id: "ineffective-exclusion",
    default: Level::Warn,
    summary: "An exclusion that never removes anyone the requirements let in.",
    explanation: "Every account that meets the requirements already fails the exclusion (or is \
removed by an earlier exclusion), so it changes nothing. Usually it was meant to exclude \
something else, or it is left over from an older version of the requirements. The report labels \
the criteria that make it ineffective.",
    example: "account { industry: enum { saas, fintech, retail } }\n\nicp software {\n  require industry in [saas, fintech]\n  exclude industry == retail\n}\n",
    reported_at: "the exclusion",
    check: Check::Profiles {
        icp: check_icp,
        persona: check_persona,
    },
};

fn check_icp(cx: &mut Context, i: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    out.extend(cx.redundancy(Profile::Icp(i), an).1);
}

fn check_persona(cx: &mut Context, p: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    out.extend(cx.redundancy(Profile::Persona(p), an).1);
}
