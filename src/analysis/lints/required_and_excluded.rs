//! `required-and-excluded`: a value listed in a requirement and in an exclusion of one profile.

use super::{Check, Context, Finding, Level, LintDef, case};
use crate::analysis::engine::Analysis;
use crate::sema::ir::{Atom, Criterion, Expr, Test, Type};
use crate::source::Span;

pub const LINT: LintDef = LintDef {
    id: "required-and-excluded",
    default: Level::Warn,
    summary: "The same value both required and excluded.",
    explanation: "A requirement lists a value (`industry in [saas, fintech]`, `tech_stack has any \
[a, b]`) that an exclusion of the same ICP or persona removes again (`exclude industry == \
saas`). The result is the requirement without that value, said in a roundabout way that readers \
misread. Drop the value from the requirement's list. An exclusion removes a value when every \
account holding it is excluded: `industry == saas`, `tech_stack has any [saas_tool, x]`, or \
a value it lies within (`region in [emea]` removes `uk`); `has all [a, b]` removes no single \
value. (When the two leave nothing at all, `unsatisfiable-icp` reports it instead.)",
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
        case(
            r#"account {
  region: enum { emea { uk, germany }, apac { japan, australia } }
  tools: set { a, b, c }
}

icp reach {
  require region in [uk, japan]
  exclude region in [emea] #~
  require tools has any [a, b]
  exclude tools has all [a, b]
}
"#,
        ),
        case(
            r#"account {
  region: enum { emea { uk, germany }, apac { japan, australia } }
  tools: set { a, b, c }
}

# Excluding `uk` keeps the rest of `emea`; `has all [a, b]` keeps accounts with only one.
icp reach {
  require region in [emea]
  exclude region == uk
  require tools has any [a, b]
  exclude tools has all [a, b]
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

/// The values a requirement atom lists as alternatives: `in [..]` and `has any [..]`.
fn alternatives(test: &Test) -> Vec<u32> {
    match test {
        Test::In(vs) | Test::HasAny(vs) => vs.clone(),
        _ => Vec::new(),
    }
}

/// The values an exclusion atom removes whatever else an account holds: every account with
/// one of them fails the profile. (`has all [a, b]` removes an account only when it holds
/// both, so it removes no single value.)
fn removed(test: &Test) -> Vec<u32> {
    match test {
        Test::In(vs) | Test::HasAny(vs) => vs.clone(),
        Test::HasAll(vs) if vs.len() == 1 => vs.clone(),
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
            for v in alternatives(&a.test) {
                required.push((a.clone(), v));
            }
        }
    }
    let mut reported: Vec<Span> = Vec::new();
    for c in excludes {
        let mut xs = Vec::new();
        atoms(&c.expr, false, &mut xs);
        for (a, _) in xs {
            if reported.contains(&a.span) {
                continue;
            }
            let attr = cx.spec.attr(a.attr);
            let Some(values) = attr.ty.values() else {
                continue;
            };
            // A value of an enum is removed with every value it lies within (`uk` with
            // `emea`); a set holds its values as written.
            let single = matches!(attr.ty, Type::Enum(_));
            let covers = |ex: u32, req: u32| ex == req || (single && values.is_within(req, ex));
            let hit = removed(&a.test).into_iter().find_map(|ex| {
                required
                    .iter()
                    .find(|(r, rv)| r.attr == a.attr && covers(ex, *rv))
                    .map(|(r, rv)| (ex, r.span, *rv))
            });
            let Some((ex, req_span, rv)) = hit else {
                continue;
            };
            reported.push(a.span);
            let (name, ex_name) = (values.name(rv), values.name(ex));
            let (message, help) = if ex == rv {
                (
                    format!(
                        "`{}` value `{name}` is both required and excluded",
                        attr.name
                    ),
                    format!("drop `{name}` from the requirement; the exclusion removes it anyway"),
                )
            } else {
                (
                    format!(
                        "`{}` value `{name}` is required, and excluding `{ex_name}` removes it",
                        attr.name
                    ),
                    format!(
                        "drop `{name}` from the requirement; the exclusion of `{ex_name}` removes it anyway"
                    ),
                )
            };
            out.push(
                Finding::new(&LINT, message, a.span, format!("excludes `{ex_name}`"))
                    .label(req_span, format!("lists `{name}` as required"))
                    .help(help),
            );
        }
    }
}

fn check_icp(cx: &mut Context, i: usize, _an: &mut Analysis, out: &mut Vec<Finding>) {
    if cx.icp_satisfiable(i) == Some(true) {
        let icp = cx.spec.icp_at(i);
        profile(cx, &icp.requires, &icp.excludes, out);
    }
}

fn check_persona(cx: &mut Context, p: usize, _an: &mut Analysis, out: &mut Vec<Finding>) {
    if cx.persona_satisfiable(p) == Some(true) {
        let persona = cx.spec.persona_at(p);
        profile(cx, &persona.requires, &persona.excludes, out);
    }
}
