//! `signal-always-fires`: a score signal that every matching account triggers.

use super::{Check, Context, Finding, Level, LintDef, case};
use crate::analysis::engine::Analysis;

pub const LINT: LintDef = LintDef {
    id: "signal-always-fires",
    default: Level::Warn,
    summary: "A score signal that every account matching the ICP triggers.",
    explanation: "The ICP's criteria already imply the signal's condition, so it adds the same \
points to every matching account: it shifts all scores without ranking anyone. Usually the \
condition repeats a requirement. The report labels the criteria that imply it.",
    reported_at: "the signal",
    check: Check::Icp(check),
    cases: &[
        case(
            r#"account { employees: int }

icp mid_market {
  require employees >= 200
  score {
    big +10 when employees >= 100 #~
  }
}
"#,
        ),
        case(
            r#"account { employees: int }

icp mid_market {
  require employees >= 200
  score {
    big +10 when employees >= 1000
  }
}
"#,
        ),
        case(
            r#"account { employees: int }

icp mid_market {
  exclude employees < 100
  score {
    not_small +5 when employees >= 100 #~
    large +10 when employees >= 1000
  }
}
"#,
        ),
    ],
};

fn check(cx: &mut Context, i: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    super::signal_never_fires::signals(cx, i, an, false, &LINT, out, |icp, s| {
        (
            format!(
                "signal `{}` fires for every account that matches ICP `{}`",
                s.id, icp.id
            ),
            "every matching account meets this",
            format!(
                "it adds {:+} to every score and ranks no one; use a condition that tells matching accounts apart",
                s.weight
            ),
        )
    });
}
