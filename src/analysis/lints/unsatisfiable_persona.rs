//! `unsatisfiable-persona`: a persona that no contact of its ICPs can match.

use super::{Check, Context, Finding, Level, LintDef, Profile, case, conflict_help};
use crate::analysis::constraints::{
    Role, icp_constraints, icp_criteria, persona_constraints, persona_criteria,
};
use crate::analysis::engine::Analysis;
use crate::sema::ir::{Criterion, Spec};
use crate::source::Span;

pub const LINT: LintDef = LintDef {
    id: "unsatisfiable-persona",
    default: Level::Deny,
    summary: "A persona that no contact of its ICPs can match.",
    explanation: "A contact matches a persona when its account matches one of the persona's ICPs \
and the persona's own criteria hold. When the persona's criteria contradict each other, or \
contradict every ICP it is for (a persona may narrow its ICP's account criteria, but not beyond \
nothing), the persona describes nobody. The report labels a minimal set of conflicting lines, \
including the ICP lines the persona inherits. An ICP of its `for` clause that matches no \
account is reported on its own (`unsatisfiable-icp`): the persona is judged by its other \
ICPs, and not reported when it has no other.",
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
        case(
            r#"account { employees: int }
contact { seniority: ordered enum { ic, manager, vp } }

icp nobody { require employees < 0 and employees > 0 }
icp small { require employees < 50 }

# `nobody` is reported on its own; against `small` the persona still contradicts itself.
persona big_vp for nobody, small { #~
  require seniority == vp
  require employees >= 1000
}
"#,
        ),
        case(
            r#"account { employees: int }
contact { seniority: ordered enum { ic, manager, vp } }

icp nobody { require employees < 0 and employees > 0 }

# The ICP is reported on its own; the persona is not blamed for it.
persona vp for nobody { require seniority == vp }
"#,
        ),
    ],
};

/// What [`conflict`] found.
pub(super) enum Conflict {
    /// The criteria can hold together.
    None,
    /// A minimal conflict: each criterion's line, label and role.
    Found(Vec<(Span, String, Role)>),
    /// The question went past the bound.
    Unknown,
}

/// A minimal conflict between a persona and one of its ICPs (or the persona alone when `icp`
/// is `None`).
pub(super) fn conflict(
    cx: &mut Context,
    an: &mut Analysis,
    persona: usize,
    icp: Option<usize>,
) -> Conflict {
    let spec: &Spec = cx.spec;
    let p = spec.persona_at(persona);
    let mut constraints = persona_constraints(p);
    let mut criteria: Vec<(&Criterion, Role, Option<&str>)> = persona_criteria(p)
        .into_iter()
        .map(|(c, r)| (c, r, None))
        .collect();
    if let Some(i) = icp {
        let icp = spec.icp_at(i);
        constraints.extend(icp_constraints(icp));
        criteria.extend(
            icp_criteria(icp)
                .into_iter()
                .map(|(c, r)| (c, r, Some(icp.id.as_str()))),
        );
    }
    let lits = an.lits(&constraints);
    let core = match an.minimal_core(&lits) {
        Some(Some(core)) => core,
        Some(None) => return Conflict::None,
        None => return Conflict::Unknown,
    };
    Conflict::Found(
        core.iter()
            .filter_map(|&k| criteria.get(k))
            .map(|&(c, role, from)| {
                let label = role.label(&cx.english(c));
                let label = match from {
                    Some(id) => format!("in ICP `{id}`, {label}"),
                    None => label,
                };
                (c.span, label, role)
            })
            .collect(),
    )
}

fn check(cx: &mut Context, pi: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    let p = cx.spec.persona_at(pi);
    match cx.persona_satisfiable(pi) {
        Some(false) => {}
        Some(true) => return,
        None => {
            cx.unknown(
                Profile::Persona(pi),
                p.id_span,
                format!("whether persona `{}` can match any contact", p.id),
            );
            return;
        }
    }
    // An ICP that can match nobody is reported on its own (`unsatisfiable-icp`); the persona
    // is judged by the others, and only blamed when one of those is left.
    let (dead, live): (Vec<usize>, Vec<usize>) = p
        .icps
        .iter()
        .partition(|&&i| cx.icp_satisfiable(i) == Some(false));
    if !p.icps.is_empty() && live.is_empty() {
        return;
    }
    let mut f = Finding::new(
        &LINT,
        format!("no contact can match persona `{}`", p.id),
        p.id_span,
        "can never match",
    );
    let own = conflict(cx, an, pi, None);
    if let Conflict::Unknown = own {
        cx.unknown(
            Profile::Persona(pi),
            p.id_span,
            format!("which criteria of persona `{}` conflict", p.id),
        );
    }
    let help = if let Conflict::Found(own) = own {
        let roles: Vec<Role> = own.iter().map(|x| x.2).collect();
        for (span, label, _) in own {
            f = f.label(span, label);
        }
        match roles.as_slice() {
            [_] => conflict_help(&roles, "contact"),
            _ if roles.iter().all(|&r| r == Role::Require) => {
                "the persona's own criteria cannot all hold at once; relax or remove one of them"
                    .to_string()
            }
            _ => "no contact meets the persona's own criteria at once (the requirements hold \
and the exclusions do not); relax or remove one of them"
                .to_string(),
        }
    } else {
        let mut names = Vec::new();
        for &i in &live {
            names.push(format!("`{}`", cx.spec.icp_at(i).id));
            let labels = match conflict(cx, an, pi, Some(i)) {
                Conflict::Found(labels) => labels,
                Conflict::None => Vec::new(),
                Conflict::Unknown => {
                    cx.unknown(
                        Profile::Persona(pi),
                        p.icps
                            .iter()
                            .zip(&p.icp_spans)
                            .find(|&(&x, _)| x == i)
                            .map_or(p.id_span, |(_, &span)| span),
                        format!(
                            "which criteria of persona `{}` conflict with ICP `{}`",
                            p.id,
                            cx.spec.icp_at(i).id
                        ),
                    );
                    Vec::new()
                }
            };
            for (span, label, _) in labels {
                if !f.labels.iter().any(|l| l.span == span) {
                    f = f.label(span, label);
                }
            }
        }
        let mut help = format!(
            "its criteria contradict {} it is for; relax one of the labelled criteria",
            if let [name] = names.as_slice() {
                format!("the ICP {name}")
            } else {
                format!("each of the ICPs {}", names.join(", "))
            }
        );
        if !dead.is_empty() {
            let dead: Vec<String> = dead
                .iter()
                .map(|&i| format!("`{}`", cx.spec.icp_at(i).id))
                .collect();
            help.push_str(&format!(
                " (ICP {} matches no account at all and is reported on its own)",
                dead.join(", ")
            ));
        }
        help
    };
    out.push(f.help(help));
}
