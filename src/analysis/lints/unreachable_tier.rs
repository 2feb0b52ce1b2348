//! `unreachable-tier`: a tier that no matching account gets.

use super::{Check, Context, Finding, Level, LintDef, Profile, case};
use crate::analysis::constraints::icp_constraints;
use crate::analysis::engine::{Analysis, attrs_of};
use crate::analysis::score::{self, ScoreSpace, Term};
use crate::sema::english::score_band;
use crate::semantics::score as score_rules;

pub const LINT: LintDef = LintDef {
    id: "unreachable-tier",
    default: Level::Warn,
    summary: "A tier that no account matching the ICP can get.",
    explanation: "An account gets the first tier whose threshold its score reaches. The analysis \
computes exactly which scores matching accounts can reach (signals that contradict each other \
or the ICP cannot add up), so it finds tiers whose threshold is above the highest reachable \
score, and tiers that every matching account passes by, reaching an earlier tier first. Adjust \
the thresholds or the weights.",
    reported_at: "the tier",
    check: Check::Icp(check),
    cases: &[
        case(
            r#"account { employees: int }

icp mid_market {
  require employees >= 200
  score {
    big +20 when employees >= 1000
    small +30 when employees < 100
  }
  tiers { A >= 40, B >= 10, C } #~
}
"#,
        ),
        case(
            r#"account { employees: int }

icp mid_market {
  require employees >= 200
  score {
    big +20 when employees >= 1000
    mid +10 when employees >= 500
  }
  tiers { A >= 30, B >= 10, C }
}
"#,
        ),
        case(
            r#"account { employees: int }

# Every matching account scores 20, so it reaches A first and never gets B.
icp mid_market {
  require employees >= 200
  score {
    big +20 when employees >= 100
  }
  tiers { A >= 10, B } #~
}
"#,
        ),
    ],
};

fn check(cx: &mut Context, i: usize, an: &mut Analysis, out: &mut Vec<Finding>) {
    let icp = cx.spec.icp_at(i);
    {
        if icp.tiers.is_empty() || cx.icp_satisfiable(i) != Some(true) {
            return;
        }
        let base = an.lits(&icp_constraints(icp));
        let terms: Vec<Term> = icp
            .signals
            .iter()
            .map(|s| Term {
                lit: an.lit(&s.when.expr),
                weight: s.weight,
            })
            .collect();
        let attrs = attrs_of(
            icp.requires
                .iter()
                .chain(&icp.excludes)
                .map(|c| &c.expr)
                .chain(icp.signals.iter().map(|s| &s.when.expr)),
        );
        let space = ScoreSpace {
            base: &base,
            terms: &terms,
            attrs: &attrs,
        };
        let mut extremes = None;
        let thresholds = score_rules::thresholds(&icp.tiers);
        for (k, t) in icp.tiers.iter().enumerate() {
            // An earlier tier that takes every score this one could (checking refuses tiers out
            // of order, so only in specs with errors) leaves it no band.
            let band = score_rules::band(&thresholds, k);
            let found = match band {
                Some((low, high)) => score::in_range(an, &space, low, high),
                None => Some(None),
            };
            match found {
                None => cx.unknown(
                    Profile::Icp(i),
                    t.span,
                    format!("whether tier `{}` of ICP `{}` is reachable", t.name, icp.id),
                ),
                Some(Some(_)) => {}
                Some(None) => {
                    if extremes.is_none() {
                        let max = score::extreme(an, &space, true);
                        let min = score::extreme(an, &space, false);
                        extremes = Some((max, min));
                    }
                    let Some((Some(Some(max)), Some(Some(min)))) = &extremes else {
                        cx.unknown(
                            Profile::Icp(i),
                            t.span,
                            format!("the score range of ICP `{}`", icp.id),
                        );
                        continue;
                    };
                    let (low, high) = band.unwrap_or((t.min_score, t.min_score));
                    let shown =
                        band.map_or_else(|| "no score".to_string(), |(lo, hi)| score_band(lo, hi));
                    let why = match (low, high) {
                        (Some(lo), _) if max.score < lo => format!(
                            "the highest score a matching account can reach is {} (for example {})",
                            max.score,
                            cx.show_witness(&max.witness)
                        ),
                        (_, Some(hi)) if min.score >= hi => format!(
                            "every matching account scores at least {}, so it reaches an earlier tier first",
                            min.score
                        ),
                        _ => format!(
                            "matching accounts score from {} to {}, but no combination of signals lands in this tier's band",
                            min.score, max.score
                        ),
                    };
                    out.push(
                        Finding::new(
                            &LINT,
                            format!(
                                "no account matching ICP `{}` gets tier `{}` ({shown})",
                                icp.id, t.name
                            ),
                            t.span,
                            "unreachable",
                        )
                        .help(format!(
                            "{why}; adjust the thresholds or the signal weights"
                        )),
                    );
                }
            }
        }
    }
}
