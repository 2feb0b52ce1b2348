//! What the caller tells the lints: the level of each lint and the options some of them read.
//! The caller (`compile`) builds these from `icpl.toml`; the lints never read the settings file.

use std::collections::BTreeMap;

use super::registry::LintDef;
use crate::diagnostics::Level;
use crate::sema::date::Date;

/// The settings the lints run with.
#[derive(Clone, Debug)]
pub struct LintSettings {
    /// Levels that replace a lint's default, by lint id.
    pub levels: BTreeMap<&'static str, Level>,
    /// Days after `reviewed` when an ICP counts as stale.
    pub review_max_age_days: u32,
    /// Personas an ICP may have before `too-many-personas`.
    pub max_personas: usize,
    /// The date `stale-review` compares with.
    pub today: Date,
    /// How many ICP pairs `overlapping-icps` reports at most.
    pub max_overlaps: usize,
}

impl LintSettings {
    /// The level a lint runs at.
    pub fn level(&self, def: &LintDef) -> Level {
        self.levels.get(def.id).copied().unwrap_or(def.default)
    }
}

impl Default for LintSettings {
    fn default() -> LintSettings {
        LintSettings {
            levels: BTreeMap::new(),
            review_max_age_days: 180,
            max_personas: 5,
            today: Date::today(),
            max_overlaps: 200,
        }
    }
}
