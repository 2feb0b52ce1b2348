//! Fit scores and tiers.
//!
//! - An account's fit score is the sum of the weights of the signals that hold. While some
//!   signals are unknown, the score lies in a range: the known score plus the unknown negative
//!   weights at the lowest, plus the unknown positive weights at the highest.
//! - Its tier is the first tier, in the order written, whose threshold the score reaches; a
//!   tier without a threshold takes every score. Only matching accounts get a tier; when the
//!   lowest and the highest score of the range reach different tiers, the tier is unknown.
//! - So tier `i` takes exactly the scores of its *band*: at least its threshold and below
//!   every threshold of an earlier tier.

use super::profile::Status;
use crate::sema::ir::Tier;

/// A score, and the range it may take once unknown signals are known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// The sum of the weights of the signals that hold.
    pub known: i64,
    pub min: i64,
    pub max: i64,
}

impl Score {
    /// Adds a signal that holds (`holds`), is unknown (`unknown`), or neither (it fails).
    /// Branch-free, for the compiled evaluator's inner loop.
    #[inline(always)]
    pub fn add(&mut self, holds: bool, unknown: bool, weight: i64) {
        self.known += weight * i64::from(holds);
        self.min += weight * i64::from(holds) + weight.min(0) * i64::from(unknown);
        self.max += weight * i64::from(holds) + weight.max(0) * i64::from(unknown);
    }

    /// The score of signals given as (holds: `Some(true)`, fails: `Some(false)`, unknown:
    /// `None`) and weight.
    pub fn of(signals: impl IntoIterator<Item = (Option<bool>, i64)>) -> Score {
        let mut s = Score::default();
        for (truth, weight) in signals {
            s.add(truth == Some(true), truth.is_none(), weight);
        }
        s
    }
}

/// The thresholds of tiers, in the order written (`None`: no threshold).
pub fn thresholds(tiers: &[Tier]) -> Vec<Option<i64>> {
    tiers.iter().map(|t| t.min_score).collect()
}

/// The tier a score reaches, given each tier's threshold in order (`None`: no threshold).
pub fn tier_of(thresholds: impl IntoIterator<Item = Option<i64>>, score: i64) -> Option<usize> {
    thresholds
        .into_iter()
        .position(|t| t.is_none_or(|m| score >= m))
}

/// The tier of an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TierOutcome {
    /// The ICP has no tiers, the account does not match (or is unknown), or no tier is reached.
    None,
    /// The tier at this index of the ICP's tiers.
    Tier(usize),
    /// Unknown signals leave the score between tiers.
    Unknown,
}

/// The tier outcome of an account with a status and a score range.
pub fn tier_outcome(thresholds: &[Option<i64>], status: Status, score: Score) -> TierOutcome {
    if status != Status::Match || thresholds.is_empty() {
        return TierOutcome::None;
    }
    let low = tier_of(thresholds.iter().copied(), score.min);
    let high = tier_of(thresholds.iter().copied(), score.max);
    match (low, high) {
        (a, b) if a == b => a.map_or(TierOutcome::None, TierOutcome::Tier),
        _ => TierOutcome::Unknown,
    }
}

/// The scores tier `i` takes: from `low` (included, `None` for no lower end) to `high`
/// (excluded, `None` for no upper end); `None` when no score reaches the tier (an earlier tier
/// takes all of its scores).
pub fn band(thresholds: &[Option<i64>], i: usize) -> Option<(Option<i64>, Option<i64>)> {
    let own = *thresholds.get(i)?;
    let mut high: Option<i64> = None;
    for earlier in thresholds.iter().take(i) {
        match earlier {
            // An earlier tier without a threshold takes every score.
            None => return None,
            Some(t) => high = Some(high.map_or(*t, |h| h.min(*t))),
        }
    }
    match (own, high) {
        (Some(low), Some(high)) if low >= high => None,
        _ => Some((own, high)),
    }
}

/// The scores that reach no tier: below every threshold (`(None, high)`), every score when
/// there are no tiers (`(None, None)`), and `None` when a tier without a threshold takes every
/// score the others leave.
pub fn untiered_band(thresholds: &[Option<i64>]) -> Option<(Option<i64>, Option<i64>)> {
    let mut high: Option<i64> = None;
    for t in thresholds {
        let t = (*t)?;
        high = Some(high.map_or(t, |h| h.min(t)));
    }
    Some((None, high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_are_the_scores_each_tier_takes() {
        let t = [Some(50), Some(25), None];
        assert_eq!(band(&t, 0), Some((Some(50), None)));
        assert_eq!(band(&t, 1), Some((Some(25), Some(50))));
        assert_eq!(band(&t, 2), Some((None, Some(25))));
        assert_eq!(band(&[Some(10), Some(20)], 1), None);
        assert_eq!(band(&[None, Some(20)], 1), None);
        assert_eq!(untiered_band(&t), None);
        assert_eq!(untiered_band(&[Some(10), Some(20)]), Some((None, Some(10))));
        assert_eq!(untiered_band(&[]), Some((None, None)));
        // Every score lands in the band of the tier it reaches.
        for score in -100..100 {
            for th in [&t[..], &[Some(10), Some(20), Some(-5)][..]] {
                let got = tier_of(th.iter().copied(), score);
                let by_band = (0..th.len()).find(|&i| {
                    band(th, i).is_some_and(|(lo, hi)| {
                        lo.is_none_or(|l| score >= l) && hi.is_none_or(|h| score < h)
                    })
                });
                assert_eq!(got, by_band, "{score} {th:?}");
                // A score reaches no tier exactly when it lies in the untiered band.
                let untiered = untiered_band(th).is_some_and(|(lo, hi)| {
                    lo.is_none_or(|l| score >= l) && hi.is_none_or(|h| score < h)
                });
                assert_eq!(got.is_none(), untiered, "{score} {th:?}");
            }
        }
    }

    #[test]
    fn score_ranges_and_unknown_tiers() {
        let s = Score::of([(Some(true), 30), (None, 20), (None, -10), (Some(false), 5)]);
        assert_eq!(
            s,
            Score {
                known: 30,
                min: 20,
                max: 50
            }
        );
        let t = [Some(50), Some(25), None];
        assert_eq!(tier_outcome(&t, Status::Match, s), TierOutcome::Unknown);
        assert_eq!(tier_outcome(&t, Status::Unknown, s), TierOutcome::None);
        let sure = Score::of([(Some(true), 30)]);
        assert_eq!(tier_outcome(&t, Status::Match, sure), TierOutcome::Tier(1));
        assert_eq!(tier_outcome(&[], Status::Match, sure), TierOutcome::None);
    }
}
