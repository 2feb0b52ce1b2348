//! `required-and-excluded`: a value listed in a requirement and in an exclusion of one profile.

use super::{Check, Context, Finding, Level, LintDef, case};
use crate::analysis::engine::Analysis;
use crate::sema::ir::{Atom, Criterion, Expr, Test};
use crate::source::Span;

pub const LINT: LintDef = LintDef {
    id: "required-and-excluded",
    default: Level::Warn,
    summary: "The same value both required and excluded.",
    explanation: "A requirement lists a value (`industry in [saas, fintech]`, `tech_stack has any \
[a, b]`) that an exclusion of the same ICP or persona removes again (`exclude industry == \
saas`). The result is the requirement without that value, said in a roundabout way that readers \
misread. Drop the value from the requirement's list. (When the two leave nothing at all, \
`unsatisfiable-icp` reports it instead.)",
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
  exclude industry == saas #~
}
"#,
        ),
        case(
            r#"account {
  industry: enum { saas, fintech, retail }
  tools: set { a, b, c }
}

icp stack {
  require tools has any [a, b]
  exclude tools has b #~
}
"#,
        ),
        case(
            r#"account {
  industry: enum { saas, fintech, retail }
  tools: set { a, b, c }
}

icp software {
  require industry in [saas, fintech]
  exclude industry == retail
  exclude tools has c
}
"#,
        ),
    ],
};

/// The atoms a criterion makes hold: the atoms of a conjunction (`all`) or of a disjunction.
fn atoms(e: &Expr, conjunction: bool, out: &mut Vec<(Atom, bool)>) {
    match e {
        Expr::Atom(a) => out.push((a.clone(), true)),
        Expr::And(xs) if conjunction => xs.iter().for_each(|x| atoms(x, conjunction, out)),
        Expr::Or(xs) if !conjunction => xs.iter().for_each(|x| atoms(x, conjunction, out)),
        _ => {}
    }
}

/// The values an atom names in a positive listing test.
fn listed(test: &Test) -> Vec<u32> {
    match test {
        Test::In(vs) | Test::HasAny(vs) | Test::HasAll(vs) => vs.clone(),
        Test::Has(v) => vec![*v],
        _ => Vec::new(),
    }
}

fn profile(cx: &Context, requires: &[Criterion], excludes: &[Criterion], out: &mut Vec<Finding>) {
    let mut required: Vec<(Atom, u32)> = Vec::new();
    for c in requires {
        let mut xs = Vec::new();
        atoms(&c.expr, true, &mut xs);
        for (a, _) in xs {
            for v in listed(&a.test) {
                required.push((a.clone(), v));
            }
        }
    }
    let mut reported: Vec<Span> = Vec::new();
    for c in excludes {
        let mut xs = Vec::new();
        atoms(&c.expr, false, &mut xs);
        for (a, _) in xs {
            for v in listed(&a.test) {
                let Some((req, _)) = required.iter().find(|(r, rv)| r.attr == a.attr && *rv == v)
                else {
                    continue;
                };
                if reported.contains(&a.span) {
                    continue;
                }
                reported.push(a.span);
                let attr = cx.spec.attr(a.attr);
                let name = attr
                    .ty
                    .values()
                    .map_or(String::new(), |e| e.name(v).to_string());
                out.push(
                    Finding::new(
                        &LINT,
                        format!(
                            "`{}` value `{name}` is both required and excluded",
                            attr.name
                        ),
                        a.span,
                        format!("excludes `{name}`"),
                    )
                    .label(req.span, format!("lists `{name}` as required"))
                    .help(format!(
                        "drop `{name}` from the requirement; the exclusion removes it anyway"
                    )),
                );
            }
        }
    }
}

fn check_icp(cx: &mut Context, i: usize, _an: &mut Analysis, out: &mut Vec<Finding>) {
    if cx.icp_satisfiable(i) == Some(true) {
        let icp = &cx.spec.icps[i];
        profile(cx, &icp.requires, &icp.excludes, out);
    }
}

fn check_persona(cx: &mut Context, p: usize, _an: &mut Analysis, out: &mut Vec<Finding>) {
    if cx.persona_satisfiable(p) == Some(true) {
        let persona = &cx.spec.personas[p];
        profile(cx, &persona.requires, &persona.excludes, out);
    }
}
