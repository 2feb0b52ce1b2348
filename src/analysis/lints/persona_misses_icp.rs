//! `persona-misses-icp`: a persona that can match contacts of some of its ICPs but never of one.

use super::unsatisfiable_persona::{Conflict, conflict};
use super::{Check, Context, Finding, Level, LintDef, Profile, case};
use crate::analysis::engine::Analysis;

pub const LINT: LintDef = LintDef {
    id: "persona-misses-icp",
    default: Level::Warn,
    summary: "A persona that can never match contacts of one of the ICPs it is for.",
    explanation: "The persona names the ICP in its `for` clause, but its criteria rule out every \
account of that ICP, so for that ICP it is dead weight (and briefs list it there for nothing). \
Remove the ICP from the `for` clause, or relax the labelled criteria.",
    reported_at: "the ICP's name in the persona's `for` clause",
    check: Check::Persona(check),
    cases: &[
        case(
            r#"account { employees: int }
contact { seniority: ordered enum { ic, manager, vp } }

icp small { require employees < 50 }
icp large { require employees >= 1000 }

persona enterprise_vp for small, large { #~
  require seniority == vp
  require employees >= 500
}
"#,
        ),
        case(
            r#"account { employees: int }
contact { seniority: ordered enum { ic, manager, vp } }

icp small { require employees < 50 }
icp large { require employees >= 1000 }

persona vp for small, large { require seniority == vp }
"#,
        ),
        case(
            r#"account { employees: int }
contact { seniority: ordered enum { ic, manager, vp } }

icp nobody { require employees < 0 and employees > 0 }
icp small { require employees < 50 }
icp large { require employees >= 1000 }

persona small_vp for nobody, small, large { #~
  require seniority == vp
  require employees < 20
}
"#,
        ),
    ],
};

fn check(cx: &mut Context, pi: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    let p = cx.spec.persona_at(pi);
    if p.icps.len() < 2 || cx.persona_satisfiable(pi) != Some(true) {
        return;
    }
    // A persona's `icp_spans` are where it names its `icps`, one each.
    for (&i, &span) in p.icps.iter().zip(&p.icp_spans) {
        if cx.icp_satisfiable(i) != Some(true) {
            continue;
        }
        let labels = match conflict(cx, an, pi, Some(i)) {
            Conflict::Found(labels) => labels,
            Conflict::None => continue,
            Conflict::Unknown => {
                cx.unknown(
                    Profile::Persona(pi),
                    span,
                    format!(
                        "whether persona `{}` can match contacts of ICP `{}`",
                        p.id,
                        cx.spec.icp_at(i).id
                    ),
                );
                continue;
            }
        };
        let icp = cx.spec.icp_at(i);
        let mut f = Finding::new(
            &LINT,
            format!(
                "persona `{}` can never match contacts of ICP `{}`",
                p.id, icp.id
            ),
            span,
            "never matches here",
        );
        for (span, label, _) in labels {
            f = f.label(span, label);
        }
        out.push(f.help(format!(
            "remove `{}` from the `for` clause, or relax one of the labelled criteria",
            icp.id
        )));
    }
}
