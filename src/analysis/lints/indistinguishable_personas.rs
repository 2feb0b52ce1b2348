//! `indistinguishable-personas`: two personas of one ICP that match exactly the same contacts.

use std::collections::HashSet;

use super::facts::exists;
use super::{Check, Context, Finding, Level, LintDef, Profile, case};
use crate::analysis::constraints::{icp_match_lit, persona_own_lit};
use crate::analysis::sat::{Lit, Outcome};

pub const LINT: LintDef = LintDef {
    id: "indistinguishable-personas",
    default: Level::Warn,
    summary: "Two personas of one ICP that no contact can tell apart.",
    explanation: "Among the contacts of the ICP, the two personas match exactly the same people, \
so routing and messaging cannot tell them apart. Usually a criterion that separates them \
(department, seniority, decision role) is missing, or one persona is a copy. Add the criterion, \
or merge them. Only personas that match some contact of the ICP are compared: two that match \
none of its contacts agree there without saying anything alike (`persona-misses-icp` reports \
them).",
    reported_at: "the id of the later persona",
    check: Check::Spec(check),
    cases: &[
        case(
            r#"account { employees: int }
contact { department: enum { sales, finance } }

icp mid { require employees >= 200 }

persona seller for mid { require department == sales }
persona closer for mid { require department in [sales] } #~
"#,
        ),
        case(
            r#"account { employees: int }
contact { department: enum { sales, finance } }

icp mid { require employees >= 200 }

persona seller for mid { require department == sales }
persona controller for mid { require department == finance }
"#,
        ),
        case(
            r#"account { employees: int }
contact { department: enum { sales, finance } }

icp small { require employees < 50 }
icp large { require employees >= 1000 }

# Neither matches a contact of `small`: that they agree there says nothing.
persona big_seller for small, large {
  require department == sales
  require employees >= 500
}
persona big_controller for small, large {
  require department == finance
  require employees >= 500
}
"#,
        ),
        case(
            r#"account { employees: int }
contact { department: enum { sales, finance } }

icp small { require employees < 50 }
icp large { require employees >= 1000 }

persona seller for small, large { require department == sales }
persona closer for small, large { require department in [sales] } #~
"#,
        ),
    ],
};

fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let spec = cx.spec;
    let mut reported: HashSet<(usize, usize)> = HashSet::new();
    for (i, icp) in spec.icps.iter().enumerate() {
        if cx.icp_satisfiable(i) != Some(true) {
            continue;
        }
        let candidates: Vec<usize> = spec
            .personas_of(i)
            .map(|(p, _)| p)
            .filter(|&p| cx.persona_satisfiable(p) == Some(true))
            .collect();
        if candidates.len() < 2 {
            continue;
        }
        if cx.budget.exhausted() {
            for &p in &candidates {
                cx.unknown(
                    Profile::Persona(p),
                    spec.persona_at(p).id_span,
                    format!(
                        "whether it can be told apart from the other personas of ICP `{}` (the run used its whole budget before)",
                        icp.id
                    ),
                );
            }
            continue;
        }
        let mut an = cx.analysis();
        let m = icp_match_lit(&mut an, icp);
        // Only personas that match some contact of this ICP are compared here: two that match
        // none of its contacts agree on all of them, but say nothing alike (that is
        // `persona-misses-icp`).
        let mut personas = Vec::new();
        let mut lits: Vec<Lit> = Vec::new();
        for p in candidates {
            let lit = persona_own_lit(&mut an, spec.persona_at(p));
            match exists(an.solve(&[m, lit])) {
                Some(true) => {
                    personas.push(p);
                    lits.push(lit);
                }
                Some(false) => {}
                None => cx.unknown(
                    Profile::Persona(p),
                    spec.persona_at(p).id_span,
                    format!(
                        "whether persona `{}` matches any contact of ICP `{}`",
                        spec.persona_at(p).id,
                        icp.id
                    ),
                ),
            }
        }
        'pairs: for (x, (&a, &la)) in personas.iter().zip(&lits).enumerate() {
            for (&b, &lb) in personas.iter().zip(&lits).skip(x + 1) {
                if reported.contains(&(a, b)) {
                    continue;
                }
                if an.spent() {
                    // Nothing more can be decided for this ICP: say so once per persona left,
                    // not once per pair.
                    for &p in personas.iter().skip(x) {
                        cx.unknown(
                            Profile::Persona(p),
                            spec.persona_at(p).id_span,
                            format!(
                                "whether it can be told apart from the other personas of ICP `{}`",
                                icp.id
                            ),
                        );
                    }
                    break 'pairs;
                }
                let one = an.solve(&[m, la, !lb]);
                let two = an.solve(&[m, lb, !la]);
                match (one, two) {
                    (Outcome::Unsat, Outcome::Unsat) => {
                        reported.insert((a, b));
                        let (pa, pb) = (spec.persona_at(a), spec.persona_at(b));
                        out.push(
                            Finding::new(
                                &LINT,
                                format!(
                                    "personas `{}` and `{}` match exactly the same contacts of ICP `{}`",
                                    pa.id, pb.id, icp.id
                                ),
                                pb.id_span,
                                "same contacts",
                            )
                            .label(pa.id_span, "as this persona")
                            .help("add a criterion that tells them apart (department, seniority, role), or merge them"),
                        );
                    }
                    (Outcome::Unknown, _) | (_, Outcome::Unknown) => cx.unknown(
                        Profile::Persona(b),
                        spec.persona_at(b).id_span,
                        format!(
                            "whether personas `{}` and `{}` can be told apart",
                            spec.persona_at(a).id,
                            spec.persona_at(b).id
                        ),
                    ),
                    _ => {}
                }
            }
        }
        cx.absorb(&an);
    }
}
