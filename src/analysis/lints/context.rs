//! What every lint may read: the spec, its sources, the settings, the shared facts and the
//! work budget; and where a lint records a question it could not answer.

use super::facts::Facts;
use super::settings::LintSettings;
use crate::analysis::engine::{Analysis, Limits, Witness, Work};
use crate::analysis::witness;
use crate::sema::english::describe;
use crate::sema::ir::{Criterion, Spec};
use crate::source::{SourceMap, Span};

/// What every lint may read and the facts lints share.
///
/// Each question is asked of a small analysis of its own (one ICP, one persona with its ICPs,
/// one pair of ICPs), so the cost of a question does not grow with the size of the spec; all of
/// them draw on one work budget.
pub struct Context<'a, 's> {
    pub spec: &'s Spec,
    pub map: &'a SourceMap,
    pub settings: &'a LintSettings,
    limits: Limits,
    used: Work,
    /// Facts several lints need, decided once.
    pub(super) facts: Facts,
    /// Questions the analysis could not answer within its bounds: where, and what.
    pub incomplete: Vec<(Span, String)>,
}

impl<'a, 's> Context<'a, 's> {
    pub fn new(
        spec: &'s Spec,
        map: &'a SourceMap,
        settings: &'a LintSettings,
        limits: Limits,
    ) -> Context<'a, 's> {
        Context {
            spec,
            map,
            settings,
            limits,
            used: Work::default(),
            facts: Facts::default(),
            incomplete: Vec::new(),
        }
    }

    /// A fresh analysis with what is left of the work budget.
    pub fn analysis(&self) -> Analysis<'s> {
        Analysis::with_limits(self.spec, self.limits.remaining(self.used))
    }

    /// Counts the work an analysis did against the budget.
    pub fn absorb(&mut self, an: &Analysis) {
        let w = an.work();
        self.used.queries += w.queries;
        self.used.conflicts += w.conflicts;
    }

    /// The work done so far.
    pub fn work(&self) -> Work {
        self.used
    }

    /// Records that a question about the item at `span` went past the analysis bounds.
    pub fn unknown(&mut self, span: Span, what: impl Into<String>) {
        let what = what.into();
        if !self
            .incomplete
            .iter()
            .any(|(s, w)| *s == span && *w == what)
        {
            self.incomplete.push((span, what));
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
