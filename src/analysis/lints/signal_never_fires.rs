//! `signal-never-fires`: a score signal that no matching account triggers.

use super::{Check, Context, Finding, Level, LintDef, Profile, case};
use crate::analysis::constraints::{icp_constraints, icp_criteria};
use crate::analysis::engine::Analysis;
use crate::sema::ir::Icp;

pub const LINT: LintDef = LintDef {
    id: "signal-never-fires",
    default: Level::Warn,
    summary: "A score signal that no account matching the ICP can trigger.",
    explanation: "Signals score the accounts that match the ICP. A signal whose condition \
contradicts the ICP's criteria (or itself) never adds its points, so the score range and the \
tiers are not what the table suggests. The report labels the criteria it conflicts with.",
    reported_at: "the signal",
    check: Check::Icp(check),
    cases: &[
        case(
            r#"account { employees: int }

icp mid_market {
  require employees >= 200
  score {
    tiny +10 when employees < 50 #~
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
    small -5 when employees < 300
  }
}
"#,
        ),
        case(
            r#"account {
  employees: int
  industry: enum { saas, retail }
}

icp software {
  require employees >= 10
  exclude industry == retail
  score {
    shops +10 when industry == retail #~
    small -5 when employees < 50
  }
}
"#,
        ),
    ],
};

/// Checks every signal of a satisfiable ICP, asking whether a matching account can make it
/// `fire` (or, with `fire` false, fail).
pub(super) fn signals(
    cx: &mut Context,
    i: usize,
    an: &mut Analysis,
    fire: bool,
    lint: &'static LintDef,
    out: &mut Vec<Finding>,
    report: impl Fn(&Icp, &crate::sema::ir::Signal) -> (String, &'static str, String),
) {
    if cx.icp_satisfiable(i) != Some(true) {
        return;
    }
    let icp = cx.spec.icp_at(i);
    let criteria = icp_criteria(icp);
    // The ICP's criteria, encoded once; each signal adds its own literal.
    let mut lits = an.lits(&icp_constraints(icp));
    for s in &icp.signals {
        let question = format!(
            "whether signal `{}` can {}",
            s.id,
            if fire { "fire" } else { "fail" }
        );
        if an.spent() {
            cx.unknown(Profile::Icp(i), s.span, question);
            continue;
        }
        let l = an.lit(&s.when.expr);
        lits.push(if fire { l } else { !l });
        let answer = an.minimal_core(&lits);
        lits.pop();
        match answer {
            Some(None) => {}
            None => cx.unknown(Profile::Icp(i), s.span, question),
            Some(Some(core)) => {
                let (message, label, help) = report(icp, s);
                let mut f = Finding::new(lint, message, s.when.span, label).help(help);
                for &k in &core {
                    if let Some((c, role)) = criteria.get(k) {
                        f = f.label(c.span, role.label(&cx.english(c)));
                    }
                }
                out.push(f);
            }
        }
    }
}

fn check(cx: &mut Context, i: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    signals(cx, i, an, true, &LINT, out, |icp, s| {
        (
            format!(
                "signal `{}` never fires for accounts that match ICP `{}`",
                s.id, icp.id
            ),
            "no matching account meets this",
            format!(
                "its {:+} points are never added; fix the condition or remove the signal",
                s.weight
            ),
        )
    });
}
