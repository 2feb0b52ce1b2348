//! Exact reasoning about fit scores: the highest and lowest score a matching account can reach,
//! and whether any matching account scores within a range (which decides whether a tier is
//! reachable).
//!
//! The score is a weighted sum of signals, so these are small optimisation problems over the
//! same clauses. They are solved by branch and bound: signals are decided one at a time, largest
//! weight first, each partial decision is checked with the solver (a satisfiable check also
//! gives a complete account, whose score is a candidate), and a branch is cut as soon as the
//! weights still undecided cannot bring the score where it must go. Each search is one question
//! of the analysis' work budget ([`super::budget`]): every step counts its signals (the work of
//! scoring a model and bounding a branch) besides what the solver does, and past the bound the
//! answer is "unknown". That charge also bounds the depth of the recursion: a path of depth `d`
//! has taken `d` steps of at least `n` units each, for `n` signals and `d <= n`, so `d` stays
//! below the square root of the question bound.

use super::engine::{Analysis, Witness};
use super::sat::{Lit, Outcome};
use crate::sema::ir::AttrId;

/// A signal as the search sees it: its literal and weight.
#[derive(Clone, Copy, Debug)]
pub struct Term {
    pub lit: Lit,
    pub weight: i64,
}

/// A score question: accounts satisfying `base` (assumption literals), scored by `terms`.
pub struct ScoreSpace<'a> {
    pub base: &'a [Lit],
    pub terms: &'a [Term],
    /// The attributes a witness should show.
    pub attrs: &'a [AttrId],
}

/// A score reached by an example account.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    pub score: i64,
    pub witness: Witness,
}

/// What a search found: `Some(found)` (which may be "nothing") or `None` past the bound.
type Search<T> = Option<T>;

struct State<'a, 'b> {
    an: &'a mut Analysis<'b>,
    space: &'a ScoreSpace<'a>,
    order: Vec<Term>,
}

impl State<'_, '_> {
    /// Solves with the base plus the decided signals; on a model, gives its score.
    fn probe(&mut self, decided: &[Lit]) -> Search<Option<i64>> {
        if !self.an.charge(1 + self.space.terms.len() as u64) {
            return None;
        }
        let mut lits = self.space.base.to_vec();
        lits.extend_from_slice(decided);
        match self.an.solve_within(&lits) {
            Outcome::Sat => Some(Some(
                self.space
                    .terms
                    .iter()
                    .filter(|t| self.an.model_value(t.lit))
                    .map(|t| t.weight)
                    .sum(),
            )),
            Outcome::Unsat => Some(None),
            Outcome::Unknown => None,
        }
    }

    fn witness(&self) -> Witness {
        self.an.witness_for(self.space.attrs)
    }

    /// The sum of the weights of the signals from position `from` of the order that have the
    /// given sign.
    fn rest(&self, from: usize, positive: bool) -> i64 {
        self.order
            .iter()
            .skip(from)
            .map(|t| t.weight)
            .filter(|&w| (w > 0) == positive)
            .sum()
    }
}

fn order_by_weight(terms: &[Term]) -> Vec<Term> {
    let mut order = terms.to_vec();
    order.sort_by_key(|t| std::cmp::Reverse(t.weight.abs()));
    order
}

/// The highest score (`maximise`) or the lowest score of an account in the space, with an
/// example. `Some(None)` when no account is in the space; `None` past the bound.
pub fn extreme(an: &mut Analysis, space: &ScoreSpace, maximise: bool) -> Search<Option<Scored>> {
    an.question();
    let mut st = State {
        an,
        space,
        order: order_by_weight(space.terms),
    };
    let mut best: Option<Scored> = None;
    let mut decided = Vec::new();
    dfs_extreme(&mut st, 0, 0, &mut decided, &mut best, maximise)?;
    Some(best)
}

fn better(score: i64, best: &Option<Scored>, maximise: bool) -> bool {
    match best {
        None => true,
        Some(b) if maximise => score > b.score,
        Some(b) => score < b.score,
    }
}

fn dfs_extreme(
    st: &mut State,
    depth: usize,
    sum: i64,
    decided: &mut Vec<Lit>,
    best: &mut Option<Scored>,
    maximise: bool,
) -> Search<()> {
    // The best score any completion of this branch can reach.
    let bound = if maximise {
        sum + st.rest(depth, true)
    } else {
        sum + st.rest(depth, false)
    };
    if best.as_ref().is_some_and(|b| {
        if maximise {
            bound <= b.score
        } else {
            bound >= b.score
        }
    }) {
        return Some(());
    }
    let Some(score) = st.probe(decided)? else {
        return Some(());
    };
    if better(score, best, maximise) {
        *best = Some(Scored {
            score,
            witness: st.witness(),
        });
    }
    let Some(&term) = st.order.get(depth) else {
        return Some(());
    };
    // Try the value that helps first.
    let helps = (term.weight > 0) == maximise;
    for value in [helps, !helps] {
        let lit = if value { term.lit } else { !term.lit };
        decided.push(lit);
        let add = if value { term.weight } else { 0 };
        let result = dfs_extreme(st, depth + 1, sum + add, decided, best, maximise);
        decided.pop();
        result?;
    }
    Some(())
}

/// An account in the space whose score is at least `low` (if given) and below `high` (if
/// given). `Some(None)` when there is none; `None` past the bound.
pub fn in_range(
    an: &mut Analysis,
    space: &ScoreSpace,
    low: Option<i64>,
    high: Option<i64>,
) -> Search<Option<Scored>> {
    an.question();
    let mut st = State {
        an,
        space,
        order: order_by_weight(space.terms),
    };
    let mut decided = Vec::new();
    dfs_range(&mut st, 0, 0, &mut decided, low, high)
}

fn dfs_range(
    st: &mut State,
    depth: usize,
    sum: i64,
    decided: &mut Vec<Lit>,
    low: Option<i64>,
    high: Option<i64>,
) -> Search<Option<Scored>> {
    let max = sum + st.rest(depth, true);
    let min = sum + st.rest(depth, false);
    if low.is_some_and(|l| max < l) || high.is_some_and(|h| min >= h) {
        return Some(None);
    }
    let Some(score) = st.probe(decided)? else {
        return Some(None);
    };
    if low.is_none_or(|l| score >= l) && high.is_none_or(|h| score < h) {
        return Some(Some(Scored {
            score,
            witness: st.witness(),
        }));
    }
    let Some(&term) = st.order.get(depth) else {
        return Some(None);
    };
    for value in [true, false] {
        let lit = if value { term.lit } else { !term.lit };
        decided.push(lit);
        let add = if value { term.weight } else { 0 };
        let found = dfs_range(st, depth + 1, sum + add, decided, low, high);
        decided.pop();
        if let Some(Some(hit)) = found {
            return Some(Some(hit));
        }
        found?;
    }
    Some(None)
}

/// A weighted sum and the range it must fall in: at least `low` (if given), below `high` (if
/// given).
#[derive(Clone, Copy, Debug)]
pub struct SumRange<'a> {
    pub terms: &'a [Term],
    pub low: Option<i64>,
    pub high: Option<i64>,
}

/// An account that satisfies `base` and puts every sum in its range at once (two versions of
/// an ICP's scoring, say, to find an account that changes tier), with the sums it reaches.
/// `Some(None)` when there is none; `None` past the bound.
pub fn in_ranges(
    an: &mut Analysis,
    base: &[Lit],
    sums: &[SumRange],
    attrs: &[AttrId],
) -> Search<Option<(Vec<i64>, Witness)>> {
    let mut all: Vec<(usize, Term)> = Vec::new();
    for (s, sum) in sums.iter().enumerate() {
        all.extend(sum.terms.iter().map(|&t| (s, t)));
    }
    all.sort_by_key(|(_, t)| std::cmp::Reverse(t.weight.abs()));
    an.question();
    let mut search = Multi {
        an,
        base,
        sums,
        all,
        attrs,
    };
    let mut fixed = vec![0i64; sums.len()];
    let mut decided = Vec::new();
    search.dfs(0, &mut fixed, &mut decided)
}

struct Multi<'a, 'b> {
    an: &'a mut Analysis<'b>,
    base: &'a [Lit],
    sums: &'a [SumRange<'a>],
    /// Every term with the sum it belongs to, largest weight first.
    all: Vec<(usize, Term)>,
    attrs: &'a [AttrId],
}

impl Multi<'_, '_> {
    fn dfs(
        &mut self,
        depth: usize,
        fixed: &mut Vec<i64>,
        decided: &mut Vec<Lit>,
    ) -> Search<Option<(Vec<i64>, Witness)>> {
        // A step reads what is left of every sum, and scores a model by all of them.
        let step = (self.sums.len() * self.all.len().saturating_sub(depth) + self.all.len()) as u64;
        if !self.an.charge(1 + step) {
            return None;
        }
        // Cut the branch when some sum can no longer reach its range.
        for ((s, sum), &so_far) in self.sums.iter().enumerate().zip(fixed.iter()) {
            let rest = self.all.iter().skip(depth).filter(|(x, _)| *x == s);
            let (mut up, mut down) = (0, 0);
            for (_, t) in rest {
                if t.weight > 0 {
                    up += t.weight;
                } else {
                    down += t.weight;
                }
            }
            if sum.low.is_some_and(|l| so_far + up < l)
                || sum.high.is_some_and(|h| so_far + down >= h)
            {
                return Some(None);
            }
        }
        let mut lits = self.base.to_vec();
        lits.extend_from_slice(decided);
        match self.an.solve_within(&lits) {
            Outcome::Unsat => return Some(None),
            Outcome::Unknown => return None,
            Outcome::Sat => {}
        }
        let values: Vec<i64> = self
            .sums
            .iter()
            .map(|sum| {
                sum.terms
                    .iter()
                    .filter(|t| self.an.model_value(t.lit))
                    .map(|t| t.weight)
                    .sum()
            })
            .collect();
        let fits = self
            .sums
            .iter()
            .zip(&values)
            .all(|(sum, &v)| sum.low.is_none_or(|l| v >= l) && sum.high.is_none_or(|h| v < h));
        if fits {
            return Some(Some((values, self.an.witness_for(self.attrs))));
        }
        let Some(&(s, term)) = self.all.get(depth) else {
            return Some(None);
        };
        // `fixed` has one entry per sum and `s` names a sum; were it not so, the question is
        // left undecided.
        fixed.get(s)?;
        for value in [true, false] {
            decided.push(if value { term.lit } else { !term.lit });
            let add = if value { term.weight } else { 0 };
            if let Some(f) = fixed.get_mut(s) {
                *f += add;
            }
            let found = self.dfs(depth + 1, fixed, decided);
            if let Some(f) = fixed.get_mut(s) {
                *f -= add;
            }
            decided.pop();
            if let Some(Some(hit)) = found {
                return Some(Some(hit));
            }
            found?;
        }
        Some(None)
    }
}
