//! Score changes: the signals that changed, the score range of each version, and how far the
//! scores of accounts both versions match moved (a search over the difference of the weights).

use std::collections::HashMap;

use super::Differ;
use super::report::{Entry, ScoreChange, ScoredExample, Scoring, SignalChange};
use super::tiers::tier_bands;
use super::{Version, translate};
use crate::analysis::Witness;
use crate::analysis::engine::attrs_of;
use crate::analysis::sat::Lit;
use crate::analysis::score::{self, ScoreSpace, Term};
use crate::eval::{Records, Truth, eval};
use crate::sema::ir::{AttrId, Criterion, Expr, Icp};

impl Differ<'_, '_> {
    /// Signals, score ranges, score changes and tier moves of an ICP both versions have.
    pub(super) fn scores(
        &mut self,
        entry: &mut Entry,
        oi: &Icp,
        ni: &Icp,
        old_lit: Lit,
        new_lit: Lit,
    ) {
        let (old_spec, new_spec) = (self.old.spec, self.new.spec);
        // The old signals in the new schema.
        let mut old_terms = Vec::new();
        let mut old_conds = Vec::new();
        for s in &oi.signals {
            match translate::expr(old_spec, new_spec, &s.when.expr) {
                Ok(e) => {
                    old_terms.push(Term {
                        lit: self.an.lit(&e),
                        weight: s.weight,
                    });
                    old_conds.push(e);
                }
                Err(reason) => {
                    entry.scoring = Some(Scoring {
                        old_range: None,
                        new_range: None,
                        change: ScoreChange::Incomparable { reason },
                    });
                    return;
                }
            }
        }
        let new_terms: Vec<Term> = ni
            .signals
            .iter()
            .map(|s| Term {
                lit: self.an.lit(&s.when.expr),
                weight: s.weight,
            })
            .collect();
        entry.signals = self.signal_changes(oi, ni, &old_terms, &new_terms);

        let attrs = {
            let mut exprs: Vec<&Expr> = old_conds.iter().collect();
            exprs.extend(ni.signals.iter().map(|s| &s.when.expr));
            exprs.extend(ni.requires.iter().chain(&ni.excludes).map(|c| &c.expr));
            attrs_of(exprs)
        };

        // The weight each literal adds, new minus old: all zero means the same scores.
        let mut delta: Vec<(Lit, i64)> = Vec::new();
        let mut index: HashMap<Lit, usize> = HashMap::new();
        for (t, sign) in new_terms
            .iter()
            .map(|t| (t, 1))
            .chain(old_terms.iter().map(|t| (t, -1)))
        {
            match index.get(&t.lit).and_then(|&k| delta.get_mut(k)) {
                Some((_, weight)) => *weight += sign * t.weight,
                None => {
                    index.insert(t.lit, delta.len());
                    delta.push((t.lit, sign * t.weight));
                }
            }
        }
        delta.retain(|(_, w)| *w != 0);
        let both = [old_lit, new_lit];
        let change = if delta.is_empty() {
            ScoreChange::Unchanged
        } else {
            let terms: Vec<Term> = delta
                .iter()
                .map(|&(lit, weight)| Term { lit, weight })
                .collect();
            let space = ScoreSpace {
                base: &both,
                terms: &terms,
                attrs: &attrs,
            };
            let hi = score::extreme(&mut self.an, &space, true);
            let lo = score::extreme(&mut self.an, &space, false);
            match (hi, lo) {
                (Some(None), _) | (_, Some(None)) => ScoreChange::Unchanged,
                (Some(Some(hi)), Some(Some(lo))) if hi.score == 0 && lo.score == 0 => {
                    ScoreChange::Unchanged
                }
                (Some(Some(hi)), Some(Some(lo))) => {
                    let mut examples = Vec::new();
                    for s in [&hi, &lo] {
                        if s.score != 0
                            && !examples
                                .iter()
                                .any(|e: &ScoredExample| e.new_score - e.old_score == s.score)
                        {
                            examples.push(self.scored_example(&s.witness, &old_conds, oi, ni));
                        }
                    }
                    ScoreChange::Changed {
                        lowest: lo.score,
                        highest: hi.score,
                        examples,
                    }
                }
                _ => ScoreChange::Unknown,
            }
        };
        let scores_moved = !matches!(change, ScoreChange::Unchanged);
        let tiers_differ = tier_bands(oi) != tier_bands(ni);
        let ranges = if scores_moved || tiers_differ || !entry.signals.is_empty() {
            let old_range = self.range(old_lit, &old_terms, &attrs);
            let new_range = self.range(new_lit, &new_terms, &attrs);
            (old_range, new_range)
        } else {
            (None, None)
        };
        if scores_moved || ranges.0 != ranges.1 {
            entry.scoring = Some(Scoring {
                old_range: ranges.0,
                new_range: ranges.1,
                change,
            });
        }
        if scores_moved || tiers_differ {
            entry.tiers = Some(self.tiers(oi, ni, &both, &old_terms, &new_terms, &attrs));
        }
    }

    /// The lowest and highest score of an account matching `base` (`None` when none matches
    /// or past the bound).
    pub(super) fn range(
        &mut self,
        base: Lit,
        terms: &[Term],
        attrs: &[AttrId],
    ) -> Option<[i64; 2]> {
        let base = [base];
        let space = ScoreSpace {
            base: &base,
            terms,
            attrs,
        };
        let lo = score::extreme(&mut self.an, &space, false)??;
        let hi = score::extreme(&mut self.an, &space, true)??;
        Some([lo.score, hi.score])
    }

    pub(super) fn scored_example(
        &self,
        w: &Witness,
        old_conds: &[Expr],
        oi: &Icp,
        ni: &Icp,
    ) -> ScoredExample {
        let spec = self.new.spec;
        let records = Records {
            account: &w.account,
            contact: Some(&w.contact),
        };
        let score = |conds: &mut dyn Iterator<Item = (&Expr, i64)>| -> i64 {
            conds
                .filter(|(e, _)| eval(spec, e, records) == Truth::True)
                .map(|(_, w)| w)
                .sum()
        };
        let old_score = score(&mut old_conds.iter().zip(oi.signals.iter().map(|s| s.weight)));
        let new_score = score(&mut ni.signals.iter().map(|s| (&s.when.expr, s.weight)));
        ScoredExample {
            old_score,
            new_score,
            example: self.example(w),
        }
    }

    // PANIC SAFETY: `old` and `new` are the terms of `oi.signals` and `ni.signals`, one per signal
    // in order, and `used` has one entry per old signal; every `o` and `n` comes from enumerating
    // those signals.
    #[allow(clippy::indexing_slicing)]
    pub(super) fn signal_changes(
        &mut self,
        oi: &Icp,
        ni: &Icp,
        old: &[Term],
        new: &[Term],
    ) -> Vec<SignalChange> {
        let text = |v: &Version, c: &Criterion| v.map.slice(c.span).to_string();
        let mut out = Vec::new();
        let mut used = vec![false; oi.signals.len()];
        let old_by_id: HashMap<&str, usize> = oi
            .signals
            .iter()
            .enumerate()
            .map(|(k, x)| (x.id.as_str(), k))
            .collect();
        let mut added = Vec::new();
        for (n, s) in ni.signals.iter().enumerate() {
            let Some(&o) = old_by_id.get(s.id.as_str()) else {
                added.push(n);
                continue;
            };
            used[o] = true;
            let weight = oi.signals[o].weight != s.weight;
            let cond = self.same_lits(old[o].lit, new[n].lit) != Some(true);
            let change = match (weight, cond) {
                (false, false) => continue,
                (true, false) => "weight",
                (false, true) => "condition",
                (true, true) => "weight_and_condition",
            };
            out.push(SignalChange {
                id: s.id.clone(),
                old_id: None,
                change,
                old_weight: Some(oi.signals[o].weight),
                new_weight: Some(s.weight),
                old_when: cond.then(|| text(self.old, &oi.signals[o].when)),
                new_when: cond.then(|| text(self.new, &s.when)),
            });
        }
        for n in added {
            let s = &ni.signals[n];
            // A removed signal with the same weight and meaning was renamed.
            let renamed = (0..oi.signals.len()).find(|&o| {
                !used[o]
                    && oi.signals[o].weight == s.weight
                    && self.same_lits(old[o].lit, new[n].lit) == Some(true)
            });
            if let Some(o) = renamed {
                used[o] = true;
                out.push(SignalChange {
                    id: s.id.clone(),
                    old_id: Some(oi.signals[o].id.clone()),
                    change: "renamed",
                    old_weight: None,
                    new_weight: None,
                    old_when: None,
                    new_when: None,
                });
                continue;
            }
            out.push(SignalChange {
                id: s.id.clone(),
                old_id: None,
                change: "added",
                old_weight: None,
                new_weight: Some(s.weight),
                old_when: None,
                new_when: Some(text(self.new, &s.when)),
            });
        }
        for (o, s) in oi.signals.iter().enumerate() {
            if !used[o] {
                out.push(SignalChange {
                    id: s.id.clone(),
                    old_id: None,
                    change: "removed",
                    old_weight: Some(s.weight),
                    new_weight: None,
                    old_when: Some(text(self.old, &s.when)),
                    new_when: None,
                });
            }
        }
        out
    }
}
