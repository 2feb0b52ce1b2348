//! Which old profile is which new one: by id, then (among the unpaired) by display name, then
//! by meaning. One implementation for ICPs and personas, over what [`Profile`] gives of either.

use std::collections::{HashMap, VecDeque};

use super::Differ;
use super::report::Kind;
use crate::sema::ir::{Criterion, Icp, Persona};
use crate::source::Span;

/// What the diff reads of an ICP or a persona, the same way for both.
pub(super) trait Profile {
    const KIND: Kind;
    fn id(&self) -> &str;
    fn id_span(&self) -> Span;
    fn name(&self) -> &str;
    fn requires(&self) -> &[Criterion];
    fn excludes(&self) -> &[Criterion];
}

impl Profile for Icp {
    const KIND: Kind = Kind::Icp;
    fn id(&self) -> &str {
        &self.id
    }
    fn id_span(&self) -> Span {
        self.id_span
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn requires(&self) -> &[Criterion] {
        &self.requires
    }
    fn excludes(&self) -> &[Criterion] {
        &self.excludes
    }
}

impl Profile for Persona {
    const KIND: Kind = Kind::Persona;
    fn id(&self) -> &str {
        &self.id
    }
    fn id_span(&self) -> Span {
        self.id_span
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn requires(&self) -> &[Criterion] {
        &self.requires
    }
    fn excludes(&self) -> &[Criterion] {
        &self.excludes
    }
}

/// A pair of an old and a new profile (either may be absent), by index.
pub(super) type Pair = (Option<usize>, Option<usize>);

/// Pairs old and new profiles: by id, then (among the unpaired) by display name, then by
/// meaning: `same` says whether two of them match exactly the same (non-empty) set of accounts
/// or contacts (`None` past the bound). New order first, then the removed in old order. The
/// search by meaning stops when the diff's budget is spent (the report then says it is
/// incomplete).
// PANIC SAFETY: `paired_old` has one entry per old profile and every `o` is an index into `old`
// (from enumerating it, or from `by_id` and `by_name`, built by enumerating it); `n` comes from
// enumerating `new`; `k < unpaired.len()` when read.
#[allow(clippy::indexing_slicing)]
pub(super) fn pair<'a, 'v, P: Profile>(
    d: &mut Differ<'a, 'v>,
    old: &[P],
    new: &[P],
    same: impl Fn(&mut Differ<'a, 'v>, usize, usize) -> Option<bool>,
) -> Vec<Pair> {
    let by_id: HashMap<&str, usize> = old.iter().enumerate().map(|(i, o)| (o.id(), i)).collect();
    let mut paired_old = vec![false; old.len()];
    let mut out: Vec<Pair> = new
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let o = by_id.get(p.id()).copied();
            if let Some(o) = o {
                paired_old[o] = true;
            }
            (o, Some(n))
        })
        .collect();
    // Renames by display name: the first unpaired old profile of that name, in old order.
    let mut by_name: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (o, p) in old.iter().enumerate() {
        if !paired_old[o] {
            by_name.entry(p.name()).or_default().push_back(o);
        }
    }
    for pair in out.iter_mut().filter(|p| p.0.is_none()) {
        let Some(n) = pair.1 else { continue };
        if let Some(o) = by_name.get_mut(new[n].name()).and_then(VecDeque::pop_front) {
            paired_old[o] = true;
            pair.0 = Some(o);
        }
    }
    // Renames by meaning.
    let mut unpaired: Vec<usize> = (0..old.len()).filter(|&o| !paired_old[o]).collect();
    'new: for pair in &mut out {
        let (None, Some(n)) = *pair else { continue };
        for k in 0..unpaired.len() {
            if d.budget.exhausted() {
                d.exhausted = true;
                break 'new;
            }
            d.budget.charge(1);
            let o = unpaired[k];
            if same(d, o, n) == Some(true) {
                unpaired.remove(k);
                pair.0 = Some(o);
                break;
            }
        }
    }
    out.extend(unpaired.into_iter().map(|o| (Some(o), None)));
    out
}
