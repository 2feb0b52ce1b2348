//! `redundant-requirement`: a requirement the other criteria already imply.

use super::{Check, Context, Finding, Level, LintDef, case};
use crate::analysis::constraints::{Role, icp_criteria, persona_criteria, persona_icp_lit};
use crate::analysis::engine::Analysis;
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
        case(
            r#"account { employees: int }
contact { department: enum { sales, finance } }

persona anyone {
  require department in [sales, finance] #~
}
"#,
        ),
    ],
};

/// One profile's criteria as the search sees them.
struct Criteria<'a> {
    /// The profile they belong to.
    item: super::Profile,
    criteria: Vec<(&'a Criterion, Role)>,
    /// A literal every matching account satisfies besides the criteria (the persona's ICPs),
    /// with the spans that explain it.
    context: Option<(Lit, Vec<Span>)>,
    /// What the profile matches: "account" or "contact".
    who: &'static str,
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
            let profile = Criteria {
                item: super::Profile::Icp(i),
                criteria: icp_criteria(cx.spec.icp_at(i)),
                context: None,
                who: "account",
            };
            profile_findings(cx, an, &profile, &mut req, &mut excl);
        }
        super::Profile::Persona(pi) => {
            if cx.persona_satisfiable(pi) != Some(true) {
                return (req, excl);
            }
            let p = cx.spec.persona_at(pi);
            let context = if p.icps.is_empty() {
                None
            } else {
                let lit = persona_icp_lit(an, cx.spec, p);
                Some((lit, p.icp_spans.clone()))
            };
            let profile = Criteria {
                item: super::Profile::Persona(pi),
                criteria: persona_criteria(p),
                context,
                who: "contact",
            };
            profile_findings(cx, an, &profile, &mut req, &mut excl);
        }
    }
    (req, excl)
}

// PANIC SAFETY: `n` is the number of criteria, and `active` and `in_match` have one entry per
// criterion, so `i` and `j` (from `0..n`) index all three; `owners` has one entry per literal of
// `lits`, and a core holds indices into `lits` (`Analysis::minimal_core`).
#[allow(clippy::indexing_slicing)]
fn profile_findings(
    cx: &mut Context,
    an: &mut Analysis,
    profile: &Criteria,
    req: &mut Vec<Finding>,
    excl: &mut Vec<Finding>,
) {
    let n = profile.criteria.len();
    let mut active = vec![true; n];
    // Each criterion's literal as it holds in a match, encoded once.
    let in_match: Vec<Lit> = profile
        .criteria
        .iter()
        .map(|(c, role)| {
            let l = an.lit(&c.expr);
            if *role == Role::Require { l } else { !l }
        })
        .collect();
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
        let what = if role == Role::Require {
            "requirement"
        } else {
            "exclusion"
        };
        if an.spent() {
            cx.unknown(
                profile.item,
                crit.span,
                format!("whether this {what} is redundant"),
            );
            continue;
        }
        // The others hold as they do in a match; this one is tested the other way.
        let mut lits: Vec<Lit> = Vec::new();
        let mut owners: Vec<Option<usize>> = Vec::new();
        for (j, &l) in in_match.iter().enumerate() {
            if active[j] {
                lits.push(if j == i { !l } else { l });
                owners.push(Some(j));
            }
        }
        if let Some((l, _)) = &profile.context {
            lits.push(*l);
            owners.push(None);
        }
        match an.minimal_core(&lits) {
            Some(None) => {}
            None => cx.unknown(
                profile.item,
                crit.span,
                format!("whether this {what} is redundant"),
            ),
            Some(Some(core)) => {
                active[i] = false;
                let others: Vec<Option<usize>> = core
                    .iter()
                    .map(|&k| owners[k])
                    .filter(|&o| o != Some(i))
                    .collect();
                let (message, label, help) = message(profile, role, &others);
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

/// What a redundant criterion's finding says, from what its minimal core holds besides it
/// (`others`: criteria by index, `None` for the persona's ICPs). Each message states exactly
/// what the core proves.
// PANIC SAFETY: `others` holds indices of `profile.criteria` (taken from `owners` in
// `profile_findings`).
#[allow(clippy::indexing_slicing)]
fn message(
    profile: &Criteria,
    role: Role,
    others: &[Option<usize>],
) -> (String, &'static str, String) {
    let who = profile.who;
    let exclusions = others
        .iter()
        .filter(|o| o.is_some_and(|j| profile.criteria[j].1 == Role::Exclude))
        .count();
    let context = others.contains(&None);
    let requirements = context
        || others
            .iter()
            .any(|o| o.is_some_and(|j| profile.criteria[j].1 == Role::Require));
    match role {
        Role::Require if others.is_empty() => (
            format!("this requirement holds for every {who}"),
            "always holds",
            format!("remove it: it rules out no {who}"),
        ),
        Role::Require => (
            "this requirement is implied by the other criteria".to_string(),
            "always holds when the others do",
            format!("remove it: the same {who}s match without it"),
        ),
        Role::Exclude if others.is_empty() => (
            "this exclusion can never hold".to_string(),
            if who == "account" {
                "excludes no account at all"
            } else {
                "excludes no contact at all"
            },
            "remove it, or fix it to exclude what was meant".to_string(),
        ),
        // The core is requirements only: they rule out everything the exclusion removes.
        Role::Exclude if exclusions == 0 => (
            if context {
                format!(
                    "this exclusion never removes a {who} that the requirements and the persona's ICPs let in"
                )
            } else {
                format!(
                    "this exclusion never removes {} {who} the requirements let in",
                    article(who)
                )
            },
            "never removes anyone",
            "remove it, or fix it to exclude what was meant".to_string(),
        ),
        // Other exclusions already remove what it removes (among what the requirements let
        // in, when requirements are part of the core).
        Role::Exclude => {
            let by = if exclusions == 1 {
                "another exclusion"
            } else {
                "the other labelled exclusions"
            };
            (
                if requirements {
                    format!(
                        "of the {who}s the requirements let in, every one this exclusion removes is already removed by {by}"
                    )
                } else {
                    format!("every {who} this exclusion removes is already removed by {by}")
                },
                "removes only what others remove",
                "remove it, or fix it to exclude what was meant".to_string(),
            )
        }
    }
}

fn article(who: &str) -> &'static str {
    if who.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
