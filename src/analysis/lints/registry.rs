//! The registry: what a lint declaration holds, and [`LINTS`], every lint in the order they run
//! and are documented.

use super::context::Context;
use super::finding::Finding;
use super::*;
use crate::analysis::engine::Analysis;
use crate::diagnostics::Level;
use crate::diagnostics::codes::LintEntry;

/// A lint's definition: everything the registry, the docs and the output formats need.
#[derive(Debug)]
pub struct LintDef {
    /// The stable id (never reused): the diagnostic code and the name in `icpl.toml` and
    /// suppressions.
    pub id: &'static str,
    pub default: Level,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Why it matters and how to fix it (Markdown).
    pub explanation: &'static str,
    /// The line a finding points at, which is where a suppression goes.
    pub reported_at: &'static str,
    /// What it looks at, and how.
    pub check: Check,
    /// Specs it is tested on: at least one it reports and one it passes. The first that it
    /// reports is the example of the docs.
    pub cases: &'static [Case],
}

impl LintDef {
    /// The example of the docs: the first case the lint reports, without its marks.
    pub fn example(&self) -> Option<String> {
        self.cases.iter().find(|c| c.fails()).map(Case::text)
    }
}

/// The mark that ends each line of a [`Case`] where the lint must report a finding.
pub const MARK: &str = "#~";

/// A spec a lint is tested on (`tests/lints.rs` runs every case of every lint). Each line that
/// ends with [`MARK`] (a comment) must get a finding of the lint there, one whose primary
/// label starts on that line, and no other line may get one; a case without marks is a spec
/// the lint passes. The lint runs at `warn` at least, so lints that are off by default are
/// tested too.
#[derive(Debug)]
pub struct Case {
    pub spec: &'static str,
}

/// A case: see [`Case`].
pub const fn case(spec: &'static str) -> Case {
    Case { spec }
}

impl Case {
    /// The 1-based lines marked with [`MARK`].
    pub fn marked_lines(&self) -> Vec<u32> {
        (1u32..)
            .zip(self.spec.lines())
            .filter(|(_, l)| l.trim_end().ends_with(MARK))
            .map(|(n, _)| n)
            .collect()
    }

    /// Whether the lint must report something on this spec.
    pub fn fails(&self) -> bool {
        !self.marked_lines().is_empty()
    }

    /// The spec without its marks.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.spec.len());
        for line in self.spec.lines() {
            let line = line.trim_end();
            let line = match line.strip_suffix(MARK) {
                Some(rest) => rest.trim_end(),
                None => line,
            };
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// How a lint looks at a spec. ICP and persona lints share one small analysis per ICP or
/// persona (its criteria are encoded once for all of them).
#[derive(Clone, Copy)]
pub enum Check {
    /// Each ICP in turn, with the ICP's analysis.
    Icp(fn(&mut Context, usize, &mut Analysis, &mut Vec<Finding>)),
    /// Each persona in turn, with the persona's analysis (its criteria and its ICPs').
    Persona(fn(&mut Context, usize, &mut Analysis, &mut Vec<Finding>)),
    /// ICPs and personas both (the same check over either kind of profile).
    Profiles {
        icp: fn(&mut Context, usize, &mut Analysis, &mut Vec<Finding>),
        persona: fn(&mut Context, usize, &mut Analysis, &mut Vec<Finding>),
    },
    /// The whole spec, after every ICP and persona.
    Spec(fn(&mut Context, &mut Vec<Finding>)),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Check::Icp(_) => "Icp",
            Check::Persona(_) => "Persona",
            Check::Profiles { .. } => "Profiles",
            Check::Spec(_) => "Spec",
        })
    }
}

/// A lint is the code of its findings: the code registry reads its id, level and docs from
/// here (`diagnostics::codes`).
impl LintEntry for LintDef {
    fn id(&self) -> &'static str {
        self.id
    }
    fn default_level(&self) -> Level {
        self.default
    }
    fn summary(&self) -> &'static str {
        self.summary
    }
    fn explanation(&self) -> &'static str {
        self.explanation
    }
}

/// Every lint, in the order they run and are documented.
pub const LINTS: &[&LintDef] = &[
    &unsatisfiable_icp::LINT,
    &unsatisfiable_persona::LINT,
    &persona_misses_icp::LINT,
    &matches_every_account::LINT,
    &redundant_requirement::LINT,
    &ineffective_exclusion::LINT,
    &required_and_excluded::LINT,
    &signal_never_fires::LINT,
    &signal_always_fires::LINT,
    &unreachable_tier::LINT,
    &overlapping_icps::LINT,
    &equivalent_icps::LINT,
    &indistinguishable_personas::LINT,
    &too_many_personas::LINT,
    &incomplete_persona::LINT,
    &stale_review::LINT,
    &missing_review::LINT,
    &missing_owner::LINT,
    &analysis_incomplete::LINT,
    &unused_suppression::LINT,
];

/// The lint with an id.
pub fn lint(id: &str) -> Option<&'static LintDef> {
    LINTS.iter().copied().find(|l| l.id == id)
}

/// Every lint id, for the settings file and suggestions.
pub fn ids() -> Vec<&'static str> {
    LINTS.iter().map(|l| l.id).collect()
}
