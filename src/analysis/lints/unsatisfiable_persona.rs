//! `unsatisfiable-persona`: a persona that no contact of its ICPs can match.

use super::{Check, Context, Finding, Level, LintDef, case};
use crate::analysis::constraints::{
    Role, icp_constraints, icp_criteria, persona_constraints, persona_criteria,
};
use crate::analysis::engine::{Analysis, Answer};
use crate::sema::ir::{Criterion, Spec};

pub const LINT: LintDef = LintDef {
    id: "unsatisfiable-persona",
    default: Level::Deny,
    summary: "A persona that no contact of its ICPs can match.",
    explanation: "A contact matches a persona when its account matches one of the persona's ICPs \
and the persona's own criteria hold. When the persona's criteria contradict each other, or \
contradict every ICP it is for (a persona may narrow its ICP's account criteria, but not beyond \
nothing), the persona describes nobody. The report labels a minimal set of conflicting lines, \
including the ICP lines the persona inherits.",
    reported_at: "the persona's id",
    check: Check::Persona(check),
    cases: &[
        case(
            r#"account { employees: int }
contact { seniority: ordered enum { ic, manager, vp } }

icp small { require employees < 50 }

persona big_company_vp for small { #~
  require seniority == vp
  require employees >= 1000
}
"#,
        ),
        case(
            r#"contact { seniority: ordered enum { ic, manager, vp } }

persona senior_junior { #~
  require seniority >= vp
  require seniority < manager
}
"#,
        ),
        case(
            r#"account { employees: int }
contact { seniority: ordered enum { ic, manager, vp } }

icp small { require employees < 50 }
icp large { require employees >= 1000 }

# A persona may narrow its ICP's account criteria.
persona small_vp for small {
  require seniority == vp
  require employees < 20
}
# It matches contacts of one of its ICPs, so it is not unsatisfiable.
persona anywhere_vp for small, large {
  require seniority == vp
  require employees >= 500
}
"#,
        ),
    ],
};

/// The labels of a minimal conflict between a persona and one of its ICPs (or the persona
/// alone when `icp` is `None`); `None` when there is no conflict or past the bound.
pub(super) fn conflict_labels(
    cx: &mut Context,
    an: &mut Analysis,
    persona: usize,
    icp: Option<usize>,
) -> Option<Vec<(crate::source::Span, String)>> {
    let spec: &Spec = cx.spec;
    let p = &spec.personas[persona];
    let mut constraints = persona_constraints(p);
    let mut criteria: Vec<(&Criterion, Role, Option<&str>)> = persona_criteria(p)
        .into_iter()
        .map(|(c, r)| (c, r, None))
        .collect();
    if let Some(i) = icp {
        let icp = &spec.icps[i];
        constraints.extend(icp_constraints(icp));
        criteria.extend(
            icp_criteria(icp)
                .into_iter()
                .map(|(c, r)| (c, r, Some(icp.id.as_str()))),
        );
    }
    let Answer::Unsat(core) = an.check(&constraints) else {
        return None;
    };
    Some(
        core.iter()
            .map(|&k| {
                let (c, role, from) = criteria[k];
                let label = role.label(&cx.english(c));
                let label = match from {
                    Some(id) => format!("in ICP `{id}`, {label}"),
                    None => label,
                };
                (c.span, label)
            })
            .collect(),
    )
}

fn check(cx: &mut Context, pi: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    let p = &cx.spec.personas[pi];
    {
        match cx.persona_satisfiable(pi) {
            Some(false) => {}
            Some(true) => return,
            None => {
                cx.unknown(
                    p.id_span,
                    format!("whether persona `{}` can match any contact", p.id),
                );
                return;
            }
        }
        // An ICP that can match nobody is reported on its own; do not blame the persona.
        if !p.icps.is_empty() && p.icps.iter().all(|&i| cx.icp_satisfiable(i) == Some(false)) {
            return;
        }
        let mut f = Finding::new(
            &LINT,
            format!("no contact can match persona `{}`", p.id),
            p.id_span,
            "can never match",
        );
        let own = conflict_labels(cx, an, pi, None);
        let help;
        if let Some(labels) = own {
            for (span, label) in labels {
                f = f.label(span, label);
            }
            help =
                "the persona's own criteria cannot all hold at once; relax or remove one of them"
                    .to_string();
        } else {
            let mut names = Vec::new();
            for &i in &p.icps {
                if cx.icp_satisfiable(i) == Some(false) {
                    return;
                }
                names.push(format!("`{}`", cx.spec.icps[i].id));
                for (span, label) in conflict_labels(cx, an, pi, Some(i)).unwrap_or_default() {
                    if !f.labels.iter().any(|l| l.span == span) {
                        f = f.label(span, label);
                    }
                }
            }
            help = format!(
                "its criteria contradict {} it is for; relax one of the labelled criteria",
                if names.len() == 1 {
                    format!("the ICP {}", names[0])
                } else {
                    format!("each of the ICPs {}", names.join(", "))
                }
            );
        }
        out.push(f.help(help));
    }
}
