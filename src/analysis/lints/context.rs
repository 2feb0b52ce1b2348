//! What every lint may read: the spec, its sources, the settings, the shared facts and the
//! work budget; and where a lint records a question it could not answer.

use std::collections::{BTreeMap, HashSet};

use super::facts::{Facts, Profile};
use super::settings::LintSettings;
use crate::analysis::budget::{Bounds, Tracker};
use crate::analysis::engine::{Analysis, Witness};
use crate::analysis::witness;
use crate::sema::english::describe;
use crate::sema::ir::{Criterion, Spec};
use crate::source::{SourceMap, Span};

/// What every lint may read and the facts lints share.
///
/// Each question is asked of a small analysis of its own (one ICP, one persona with its ICPs,
/// one pair of ICPs), so the cost of a question does not grow with the size of the spec; all of
/// them draw on one work budget ([`crate::analysis::budget`]).
pub struct Context<'a, 's> {
    pub spec: &'s Spec,
    pub map: &'a SourceMap,
    pub settings: &'a LintSettings,
    /// The run's work budget.
    pub budget: Tracker,
    /// Facts several lints need, decided once.
    pub(super) facts: Facts,
    /// Questions the analysis could not answer within its bounds, by the item they are about.
    pub incomplete: BTreeMap<Profile, Vec<Undecided>>,
    seen: HashSet<(Profile, Span, String)>,
}

/// A question the analysis stopped at its bound before answering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undecided {
    /// What the question is about (a criterion, a signal, a tier, the item itself).
    pub span: Span,
    /// The question, as "whether signal `s` can fire".
    pub what: String,
}

impl<'a, 's> Context<'a, 's> {
    pub fn new(
        spec: &'s Spec,
        map: &'a SourceMap,
        settings: &'a LintSettings,
        bounds: Bounds,
    ) -> Context<'a, 's> {
        Context {
            spec,
            map,
            settings,
            budget: Tracker::new(bounds, spec.icps.len() + spec.personas.len()),
            facts: Facts::default(),
            incomplete: BTreeMap::new(),
            seen: HashSet::new(),
        }
    }

    /// A fresh analysis (for one item) with its share of the work budget.
    pub fn analysis(&self) -> Analysis<'s> {
        Analysis::with_allowance(self.spec, self.budget.allowance())
    }

    /// Counts the work an analysis did against the budget.
    pub fn absorb(&mut self, an: &Analysis) {
        self.budget.charge(an.used());
    }

    /// Records that a question about `item` (at `span`) went past the analysis bounds.
    pub fn unknown(&mut self, item: Profile, span: Span, what: impl Into<String>) {
        let what = what.into();
        if self.seen.insert((item, span, what.clone())) {
            self.incomplete
                .entry(item)
                .or_default()
                .push(Undecided { span, what });
        }
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &str {
        self.map.slice(span)
    }

    /// A criterion in plain English.
    pub fn english(&self, c: &Criterion) -> String {
        describe(self.spec, &c.expr)
    }

    /// An example account (and contact) in the syntax of an `example` block.
    pub fn show_witness(&self, w: &Witness) -> String {
        witness::show_witness(self.spec, w)
    }
}
