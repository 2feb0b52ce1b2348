//! `unsatisfiable-icp`: an ICP that no account can match.

use super::{Check, Context, Finding, Level, LintDef, Profile, case, conflict_help};
use crate::analysis::constraints::{icp_constraints, icp_criteria};
use crate::analysis::engine::Analysis;

pub const LINT: LintDef = LintDef {
    id: "unsatisfiable-icp",
    default: Level::Deny,
    summary: "An ICP that no account can match.",
    explanation: "Its requirements contradict each other, or an exclusion removes every account \
the requirements let in, so the ICP qualifies nobody. The report labels a minimal set of \
criteria that already conflict: every one of them is needed for the contradiction, so relaxing \
or removing any one of them fixes it. `int` attributes are whole numbers, so \
`employees > 5 and employees < 6` is a contradiction; on `money` or `percent` it is not.",
    reported_at: "the ICP's id",
    check: Check::Icp(check),
    cases: &[
        case(
            r#"account { employees: int }

icp impossible { #~
  require employees >= 500
  require employees < 200
}
"#,
        ),
        case(
            r#"account {
  employees: int
  revenue: money
  industry: enum { saas, fintech, retail }
}

icp no_whole_number { require employees > 5 and employees < 6 } #~
icp excluded_away { #~
  require industry == saas
  exclude industry in [saas, fintech]
}
icp always_excluded { #~
  exclude employees >= 0 or employees < 0
}
"#,
        ),
        case(
            r#"account {
  employees: int
  revenue: money
}

# Money is continuous: $5.50 lies between.
icp between { require revenue > $5 and revenue < $6 }
icp narrow { require employees > 5 and employees < 7 }
"#,
        ),
    ],
};

fn check(cx: &mut Context, i: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    let icp = cx.spec.icp_at(i);
    match cx.icp_satisfiable(i) {
        Some(false) => {}
        Some(true) => return,
        None => {
            cx.unknown(
                Profile::Icp(i),
                icp.id_span,
                format!("whether ICP `{}` can match any account", icp.id),
            );
            return;
        }
    }
    let criteria = icp_criteria(icp);
    let lits = an.lits(&icp_constraints(icp));
    let core = match an.minimal_core(&lits) {
        Some(Some(core)) => core,
        Some(None) => return,
        None => {
            cx.unknown(
                Profile::Icp(i),
                icp.id_span,
                format!("why ICP `{}` can match no account", icp.id),
            );
            return;
        }
    };
    let mut f = Finding::new(
        &LINT,
        format!("no account can match ICP `{}`", icp.id),
        icp.id_span,
        "can never match",
    );
    // The core holds indices into `criteria`, the literals it was asked about.
    let core: Vec<_> = core.iter().filter_map(|&k| criteria.get(k)).collect();
    for &&(c, role) in &core {
        f = f.label(c.span, role.label(&cx.english(c)));
    }
    let roles: Vec<_> = core.iter().map(|&&(_, role)| role).collect();
    f = f.help(conflict_help(&roles, "account"));
    out.push(f);
}
