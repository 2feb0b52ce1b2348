//! `indistinguishable-personas`: two personas of one ICP that match exactly the same contacts.

use super::{Check, Context, Finding, Level, LintDef, case};
use crate::analysis::constraints::{icp_match_lit, persona_constraints};
use crate::analysis::engine::Analysis;
use crate::analysis::sat::{Lit, Outcome};
use crate::sema::ir::Persona;

pub const LINT: LintDef = LintDef {
    id: "indistinguishable-personas",
    default: Level::Warn,
    summary: "Two personas of one ICP that no contact can tell apart.",
    explanation: "Among the contacts of the ICP, the two personas match exactly the same people, \
so routing and messaging cannot tell them apart. Usually a criterion that separates them \
(department, seniority, decision role) is missing, or one persona is a copy. Add the criterion, \
or merge them.",
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
    ],
};

fn own(an: &mut Analysis, p: &Persona) -> Lit {
    let lits = an.lits(&persona_constraints(p));
    an.and(&lits)
}

fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    let spec = cx.spec;
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for (i, icp) in spec.icps.iter().enumerate() {
        if cx.icp_satisfiable(i) != Some(true) {
            continue;
        }
        let personas: Vec<usize> = spec
            .personas_of(i)
            .map(|(p, _)| p)
            .filter(|&p| cx.persona_satisfiable(p) == Some(true))
            .collect();
        if personas.len() < 2 {
            continue;
        }
        let mut an = cx.analysis();
        let m = icp_match_lit(&mut an, icp);
        let lits: Vec<Lit> = personas
            .iter()
            .map(|&p| own(&mut an, &spec.personas[p]))
            .collect();
        for x in 0..personas.len() {
            for y in x + 1..personas.len() {
                let (a, b) = (personas[x], personas[y]);
                if reported.contains(&(a, b)) {
                    continue;
                }
                let one = an.solve(&[m, lits[x], !lits[y]]);
                let two = an.solve(&[m, lits[y], !lits[x]]);
                match (one, two) {
                    (Outcome::Unsat, Outcome::Unsat) => {
                        reported.push((a, b));
                        let (pa, pb) = (&spec.personas[a], &spec.personas[b]);
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
                        spec.personas[b].id_span,
                        format!(
                            "whether personas `{}` and `{}` can be told apart",
                            spec.personas[a].id, spec.personas[b].id
                        ),
                    ),
                    _ => {}
                }
            }
        }
        cx.absorb(&an);
    }
}
