//! `redundant-requirement`: a requirement the other criteria already imply.

use super::{Check, Context, Finding, Level, LintDef, case};
use crate::analysis::constraints::{Role, icp_criteria, persona_criteria, persona_icp_lit};
use crate::analysis::engine::{Analysis, Answer, attrs_of};
use crate::analysis::sat::Lit;
use crate::sema::ir::Criterion;
use crate::source::Span;

pub const LINT: LintDef = LintDef {
    id: "redundant-requirement",
    default: Level::Warn,
    summary: "A requirement that the other criteria already imply.",
    explanation: "Removing it would not change which accounts (or contacts) match, so it only adds \
reading and a place for the criteria to drift apart later. The report labels the criteria that \
imply it. In a persona, the criteria of its ICPs count too. When several requirements imply each \
other, the later ones are reported and the first is kept.",
    reported_at: "the redundant requirement",
    check: Check::Profiles {
        icp: check_icp,
        persona: check_persona,
    },
    cases: &[
        case(
            r#"account { employees: int }

icp mid_market {
  require employees >= 200
  require employees > 100 #~
}
"#,
        ),
        case(
            r#"account {
  employees: int
  industry: enum { saas, fintech, retail }
}
contact { seniority: ordered enum { ic, manager, vp } }

icp big { require employees >= 500 }

persona big_vp for big {
  require seniority == vp
  require employees >= 100 #~
}

icp twins {
  require industry in [saas, fintech]
  require industry != retail #~
}
"#,
        ),
        case(
            r#"account {
  employees: int
  industry: enum { saas, fintech, retail }
}

icp mid_market {
  require employees >= 200
  require employees <= 2000
  require industry != retail
}
"#,
        ),
    ],
};

/// One profile's criteria as the search sees them.
struct Profile<'a> {
    criteria: Vec<(&'a Criterion, Role)>,
    /// A literal every matching account satisfies besides the criteria (the persona's ICPs),
    /// with the spans that explain it.
    context: Option<(Lit, Vec<Span>)>,
}

/// The redundant criteria of one satisfiable profile: `(requirements, exclusions)`.
///
/// A criterion is redundant when the other criteria still active imply it (for a requirement)
/// or rule out everything it would remove (for an exclusion). Exclusions are decided first and
/// requirements second, each from last to first, and a redundant criterion stops counting for
/// the ones after it: when a requirement and an exclusion imply each other, the exclusion goes
/// and the requirement stays; of two equal requirements, the later one goes.
pub(super) fn findings(
    cx: &mut Context,
    profile: super::Profile,
    an: &mut Analysis,
) -> (Vec<Finding>, Vec<Finding>) {
    let mut req = Vec::new();
    let mut excl = Vec::new();
    match profile {
        super::Profile::Icp(i) => {
            if cx.icp_satisfiable(i) != Some(true)
                || cx.icp_matches_everything(i, an) != Some(false)
            {
                return (req, excl);
            }
            let profile = Profile {
                criteria: icp_criteria(&cx.spec.icps[i]),
                context: None,
            };
            profile_findings(cx, an, &profile, &mut req, &mut excl);
        }
        super::Profile::Persona(pi) => {
            if cx.persona_satisfiable(pi) != Some(true) {
                return (req, excl);
            }
            let p = &cx.spec.personas[pi];
            let context = if p.icps.is_empty() {
                None
            } else {
                let lit = persona_icp_lit(an, cx.spec, p);
                Some((lit, p.icp_spans.clone()))
            };
            let profile = Profile {
                criteria: persona_criteria(p),
                context,
            };
            profile_findings(cx, an, &profile, &mut req, &mut excl);
        }
    }
    (req, excl)
}

fn profile_findings(
    cx: &mut Context,
    an: &mut Analysis,
    profile: &Profile,
    req: &mut Vec<Finding>,
    excl: &mut Vec<Finding>,
) {
    let n = profile.criteria.len();
    let mut active = vec![true; n];
    let attrs = attrs_of(profile.criteria.iter().map(|(c, _)| &c.expr));
    let order: Vec<usize> = (0..n)
        .rev()
        .filter(|&i| profile.criteria[i].1 == Role::Exclude)
        .chain(
            (0..n)
                .rev()
                .filter(|&i| profile.criteria[i].1 == Role::Require),
        )
        .collect();
    for i in order {
        let (crit, role) = profile.criteria[i];
        // The others hold as they do in a match; this one is tested the other way.
        let mut lits: Vec<Lit> = Vec::new();
        let mut owners: Vec<Option<usize>> = Vec::new();
        for (j, (c, rj)) in profile.criteria.iter().enumerate() {
            if !active[j] {
                continue;
            }
            let l = an.lit(&c.expr);
            let in_match = if *rj == Role::Require { l } else { !l };
            lits.push(if j == i { !in_match } else { in_match });
            owners.push(Some(j));
        }
        if let Some((l, _)) = &profile.context {
            lits.push(*l);
            owners.push(None);
        }
        let what = if role == Role::Require {
            "requirement"
        } else {
            "exclusion"
        };
        match an.check_lits(&lits, &attrs) {
            Answer::Sat(_) => {}
            Answer::Unknown => cx.unknown(crit.span, format!("whether this {what} is redundant")),
            Answer::Unsat(core) => {
                active[i] = false;
                let alone = !core.iter().any(|&k| owners[k] != Some(i));
                let (message, label, help) = match (role, alone) {
                    (Role::Require, true) => (
                        "this requirement holds for every account",
                        "always holds",
                        "remove it: it rules out no account",
                    ),
                    (Role::Require, false) => (
                        "this requirement is implied by the other criteria",
                        "always holds when the others do",
                        "remove it: the same accounts match without it",
                    ),
                    (Role::Exclude, true) => (
                        "this exclusion can never hold",
                        "excludes no account at all",
                        "remove it, or fix it to exclude what was meant",
                    ),
                    (Role::Exclude, false) => (
                        "this exclusion never removes an account the requirements let in",
                        "never removes anyone",
                        "remove it, or fix it to exclude what was meant",
                    ),
                };
                let lint = if role == Role::Require {
                    &LINT
                } else {
                    &super::ineffective_exclusion::LINT
                };
                let mut f = Finding::new(lint, message, crit.span, label).help(help);
                for &k in &core {
                    match owners[k] {
                        Some(j) if j != i => {
                            let (c, rj) = profile.criteria[j];
                            f = f.label(c.span, rj.label(&cx.english(c)));
                        }
                        Some(_) => {}
                        None => {
                            for &span in profile.context.as_ref().map_or(&[][..], |(_, s)| &s[..]) {
                                f = f.label(span, "given the criteria of this ICP");
                            }
                        }
                    }
                }
                if role == Role::Require {
                    req.push(f);
                } else {
                    excl.push(f);
                }
            }
        }
    }
}

fn check_icp(cx: &mut Context, i: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    out.extend(cx.redundancy(super::Profile::Icp(i), an).0);
}

fn check_persona(cx: &mut Context, p: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    out.extend(cx.redundancy(super::Profile::Persona(p), an).0);
}
