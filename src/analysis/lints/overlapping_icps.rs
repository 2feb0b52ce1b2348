//! `overlapping-icps`: two ICPs that some accounts match both of.
//!
//! Also home of the pair search the pair lints share: every pair of ICPs is first compared by a
//! cheap signature (the interval or value set each top-level requirement allows per attribute);
//! only pairs whose signatures meet are asked of the solver. Both count against the run's work
//! budget (a comparison costs the length of the two signatures), and each pair asked is an item
//! of its own.

use super::{Check, Context, Finding, Level, LintDef, Overlap, Profile, case};
use crate::analysis::constraints::icp_match_lit;
use crate::analysis::engine::{Answer, attrs_of};
use crate::analysis::sat::Outcome;
use crate::sema::ir::{AttrId, Cmp, Expr, Icp, Spec, Test};
use crate::semantics::number::{Interval, NumKind};

pub const LINT: LintDef = LintDef {
    id: "overlapping-icps",
    default: Level::Info,
    summary: "Two ICPs that some accounts match both of.",
    explanation: "An account that matches two ICPs is routed, scored and counted twice. Sometimes \
that is intended (a broad ICP and a focused one); often it is not. The report gives an example \
account that matches both, in the syntax of an `example` block, and says when one ICP contains \
the other. It is information by default; raise it to `warn` or `deny` in `icpl.toml` when ICPs \
must not overlap. At most `[check] max-overlaps` pairs are reported.",
    reported_at: "the id of the later ICP",
    check: Check::Spec(check),
    cases: &[
        case(
            r#"account { employees: int, industry: enum { saas, retail } }

icp saas { require industry == saas }
icp mid_market { require employees in 200..2000 } #~
"#,
        ),
        case(
            r#"account { employees: int, industry: enum { saas, retail } }

icp saas { require industry == saas }
icp retail { require industry == retail }
# An ICP that matches no account overlaps none.
icp nobody { require employees < 200 and employees > 200 }
"#,
        ),
        case(
            r#"account { employees: int, industry: enum { saas, retail } }

icp saas { require industry == saas }
icp saas_mid { require industry == saas and employees in 500..1000 } #~
"#,
        ),
    ],
};

/// What a top-level requirement allows an attribute to be, over-approximated.
#[derive(Clone, Debug)]
enum Allowed {
    /// Within an interval of the attribute's domain.
    Range(Interval),
    /// One of these enum leaves.
    Leaves(Vec<u32>),
    Bool(bool),
}

fn intersects(a: &Allowed, b: &Allowed) -> bool {
    match (a, b) {
        (Allowed::Range(x), Allowed::Range(y)) => !x.intersect(*y).is_empty(),
        (Allowed::Leaves(x), Allowed::Leaves(y)) => x.iter().any(|v| y.contains(v)),
        (Allowed::Bool(x), Allowed::Bool(y)) => x == y,
        _ => true,
    }
}

/// What an atom allows, when it constrains its attribute to something simple.
fn allowed(spec: &Spec, attr: AttrId, test: &Test) -> Option<Allowed> {
    Some(match test {
        Test::Compare(..) | Test::Between(..) => {
            Allowed::Range(Interval::of_test(NumKind::of(&spec.attr(attr).ty)?, test)?)
        }
        Test::Bool(b) => Allowed::Bool(*b),
        Test::In(vs) => {
            let e = spec.attr(attr).ty.values()?;
            let mut leaves: Vec<u32> = vs.iter().flat_map(|&v| e.leaves_under(v)).collect();
            leaves.sort_unstable();
            Allowed::Leaves(leaves)
        }
        Test::Rank(cmp, v) => {
            let n = spec.attr(attr).ty.values()?.values.len() as u32;
            let v = *v;
            Allowed::Leaves(
                (0..n)
                    .filter(|&r| match cmp {
                        Cmp::Lt => r < v,
                        Cmp::Le => r <= v,
                        Cmp::Gt => r > v,
                        Cmp::Ge => r >= v,
                        Cmp::Eq => r == v,
                    })
                    .collect(),
            )
        }
        Test::RankBetween(lo, hi) => Allowed::Leaves((*lo..=*hi).collect()),
        _ => return None,
    })
}

/// The signature of an ICP: per attribute, what its top-level requirement atoms allow.
fn signature(spec: &Spec, icp: &Icp) -> Vec<(AttrId, Allowed)> {
    fn walk(spec: &Spec, e: &Expr, out: &mut Vec<(AttrId, Allowed)>) {
        match e {
            Expr::And(xs) => xs.iter().for_each(|x| walk(spec, x, out)),
            Expr::Atom(a) => {
                if let Some(al) = allowed(spec, a.attr, &a.test) {
                    out.push((a.attr, al));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for c in &icp.requires {
        walk(spec, &c.expr, &mut out);
    }
    out.sort_by_key(|(a, _)| *a);
    out
}

fn compatible(a: &[(AttrId, Allowed)], b: &[(AttrId, Allowed)]) -> bool {
    a.iter().all(|(attr, x)| {
        b.iter()
            .filter(|(o, _)| o == attr)
            .all(|(_, y)| intersects(x, y))
    })
}

/// Every overlapping pair of satisfiable ICPs, with an example account and whether one
/// contains the other. Each pair is asked of an analysis of its own.
pub(super) fn find_overlaps(cx: &mut Context) -> Vec<Overlap> {
    let spec = cx.spec;
    // The satisfiable ICPs, each with its signature.
    let live: Vec<(usize, Vec<(AttrId, Allowed)>)> = spec
        .icps
        .iter()
        .enumerate()
        .filter(|&(i, _)| cx.icp_satisfiable(i) == Some(true))
        .map(|(i, icp)| (i, signature(spec, icp)))
        .collect();
    let mut out = Vec::new();
    // Pairs with an example that may be shown (equivalent ones are not shown).
    let mut witnessed = 0usize;
    let max = cx.settings.max_overlaps;
    for (x, (i, si)) in live.iter().enumerate() {
        let i = *i;
        for (j, sj) in live.iter().skip(x + 1) {
            let j = *j;
            if cx.budget.exhausted() {
                cx.unknown(
                    Profile::Icp(i),
                    spec.icp_at(i).id_span,
                    format!(
                        "which ICPs overlap ICP `{}` or come after it (the run used its whole budget before)",
                        spec.icp_at(i).id
                    ),
                );
                return out;
            }
            cx.budget.charge(1 + (si.len() + sj.len()) as u64);
            if !compatible(si, sj) {
                continue;
            }
            let (a, b) = (spec.icp_at(i), spec.icp_at(j));
            let attrs = attrs_of(
                [a, b]
                    .into_iter()
                    .flat_map(|icp| icp.requires.iter().chain(&icp.excludes))
                    .map(|c| &c.expr),
            );
            let mut an = cx.analysis();
            let la = icp_match_lit(&mut an, a);
            let lb = icp_match_lit(&mut an, b);
            // An example is only worth its search while it may still be shown.
            let answer = if witnessed < max {
                an.check_lits(&[la, lb], &attrs)
            } else {
                match an.solve(&[la, lb]) {
                    Outcome::Sat => Answer::Sat(an.witness_for(&[])),
                    Outcome::Unsat => Answer::Unsat(Vec::new()),
                    Outcome::Unknown => Answer::Unknown,
                }
            };
            let decided = |o: Outcome| match o {
                Outcome::Unsat => Some(true),
                Outcome::Sat => Some(false),
                Outcome::Unknown => None,
            };
            match answer {
                Answer::Sat(witness) => {
                    let first_in_second = decided(an.solve(&[la, !lb]));
                    let second_in_first = decided(an.solve(&[lb, !la]));
                    let equivalent = first_in_second == Some(true) && second_in_first == Some(true);
                    let witness = if witnessed < max {
                        witnessed += usize::from(!equivalent);
                        Some(witness)
                    } else {
                        None
                    };
                    out.push(Overlap {
                        first: i,
                        second: j,
                        witness,
                        first_in_second,
                        second_in_first,
                    });
                }
                Answer::Unsat(_) => {}
                Answer::Unknown => cx.unknown(
                    Profile::Icp(j),
                    b.id_span,
                    format!("whether ICPs `{}` and `{}` overlap", a.id, b.id),
                ),
            }
            cx.absorb(&an);
        }
    }
    out
}

fn check(cx: &mut Context, out: &mut Vec<Finding>) {
    cx.find_overlaps();
    let max = cx.settings.max_overlaps;
    let mut shown = 0;
    let mut hidden = 0;
    for o in cx.overlap_list() {
        if o.first_in_second == Some(true) && o.second_in_first == Some(true) {
            // Reported by `equivalent-icps`.
            continue;
        }
        if shown == max {
            hidden += 1;
            continue;
        }
        shown += 1;
        let (a, b) = (cx.spec.icp_at(o.first), cx.spec.icp_at(o.second));
        let message = match (o.first_in_second, o.second_in_first) {
            (Some(true), _) => format!(
                "every account that matches ICP `{}` also matches ICP `{}`",
                a.id, b.id
            ),
            (_, Some(true)) => format!(
                "every account that matches ICP `{}` also matches ICP `{}`",
                b.id, a.id
            ),
            _ => format!("ICPs `{}` and `{}` overlap", a.id, b.id),
        };
        out.push(
            Finding::new(
                &LINT,
                message,
                b.id_span,
                "matches some of the same accounts",
            )
            .label(a.id_span, "as this ICP")
            .help(match &o.witness {
                Some(w) => format!("for example {} matches both", cx.show_witness(w)),
                // Not reached: the first `max` pairs shown keep their example.
                None => "some accounts match both".to_string(),
            }),
        );
    }
    if hidden > 0
        && let Some(first) = cx.spec.icps.first()
    {
        out.push(
            Finding::new(
                &LINT,
                format!("{hidden} more overlapping pairs of ICPs are not shown"),
                first.id_span,
                "the first ICP of the spec",
            )
            .help(format!("at most {max} pairs are reported; raise `[check] max-overlaps` in icpl.toml to see more")),
        );
    }
}
