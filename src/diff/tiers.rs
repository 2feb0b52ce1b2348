//! Tier changes: the definitions that changed, and for each pair of tiers an account that
//! moves from one to the other (a search over both versions' scores at once).

use super::Differ;
use super::report::{TierMove, Tiers};
use crate::analysis::sat::Lit;
use crate::analysis::score::{self, SumRange, Term};
use crate::sema::english::score_band;
use crate::sema::ir::{AttrId, Icp};
use crate::semantics::score as score_rules;

impl Differ<'_, '_> {
    /// The tier changes of an ICP both versions have: `both` are the two versions' match
    /// literals, `old_terms` and `new_terms` their signals.
    pub(super) fn tiers(
        &mut self,
        oi: &Icp,
        ni: &Icp,
        both: &[Lit],
        old_terms: &[Term],
        new_terms: &[Term],
        attrs: &[AttrId],
    ) -> Tiers {
        let (ob, nb) = (tier_bands(oi), tier_bands(ni));
        let mut definitions = Vec::new();
        for t in &nb {
            let Some(name) = &t.name else { continue };
            match ob.iter().find(|o| o.name.as_ref() == Some(name)) {
                None => definitions.push(format!("tier {name} added: {}", t.band())),
                Some(o) if o.band() != t.band() => {
                    definitions.push(format!("tier {name}: {} (was {})", t.band(), o.band()))
                }
                Some(_) => {}
            }
        }
        for o in &ob {
            let Some(name) = &o.name else { continue };
            if !nb.iter().any(|t| t.name.as_ref() == Some(name)) {
                definitions.push(format!("tier {name} removed (was {})", o.band()));
            }
        }
        let mut moves = Vec::new();
        let mut complete = true;
        for o in &ob {
            for t in &nb {
                if o.name == t.name {
                    continue;
                }
                let sums = [
                    SumRange {
                        terms: old_terms,
                        low: o.low,
                        high: o.high,
                    },
                    SumRange {
                        terms: new_terms,
                        low: t.low,
                        high: t.high,
                    },
                ];
                match score::in_ranges(&mut self.an, both, &sums, attrs) {
                    Some(Some((scores, w))) => {
                        // One score per sum asked about: the old one and the new one.
                        if let &[old_score, new_score] = scores.as_slice() {
                            moves.push(TierMove {
                                from: o.name.clone(),
                                to: t.name.clone(),
                                old_score,
                                new_score,
                                example: self.example(&w),
                            });
                        } else {
                            complete = false;
                        }
                    }
                    Some(None) => {}
                    None => complete = false,
                }
            }
        }
        Tiers {
            definitions,
            moves,
            complete,
        }
    }
}

/// A tier's score band: at least `low`, below `high`; `name` `None` is "no tier".
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Band {
    name: Option<String>,
    low: Option<i64>,
    high: Option<i64>,
}

impl Band {
    pub(super) fn band(&self) -> String {
        score_band(self.low, self.high)
    }
}

/// The score band of every tier an account can get, and of "no tier" when some score gets
/// none.
pub(super) fn tier_bands(icp: &Icp) -> Vec<Band> {
    let thresholds = score_rules::thresholds(&icp.tiers);
    let tiers = icp.tiers.iter().enumerate().filter_map(|(i, t)| {
        let (low, high) = score_rules::band(&thresholds, i)?;
        Some(Band {
            name: Some(t.name.clone()),
            low,
            high,
        })
    });
    let untiered = score_rules::untiered_band(&thresholds).map(|(low, high)| Band {
        name: None,
        low,
        high,
    });
    tiers.chain(untiered).collect()
}
