//! The lint catalogue: one file per lint, each with its id, default level, documentation and
//! logic; [`LINTS`] lists them all, and `docs/lints.md` is generated from it
//! (`icpl lints --markdown`).
//!
//! Lints read the checked IR and ask the [`Analysis`](crate::analysis::Analysis) exact
//! questions. They run only on a spec without errors, in registry order; a lint whose level is
//! `allow` does not run at all. The machinery around them has one module per job:
//! [`registry`] (what a declaration holds, and the list), [`settings`] (levels and options from
//! the caller), [`context`] (what a lint reads, and the work budget), [`facts`] (what several
//! lints share, decided once), [`finding`] (what a lint reports), [`driver`] (the order they
//! run in) and [`catalogue`] (the docs).

pub mod analysis_incomplete;
pub mod catalogue;
pub mod context;
pub mod driver;
mod equivalent_icps;
pub mod facts;
pub mod finding;
mod incomplete_persona;
mod indistinguishable_personas;
mod ineffective_exclusion;
mod matches_every_account;
mod missing_owner;
mod missing_review;
mod overlapping_icps;
mod persona_misses_icp;
mod redundant_requirement;
pub mod registry;
mod required_and_excluded;
pub mod settings;
mod signal_always_fires;
mod signal_never_fires;
mod stale_review;
mod too_many_personas;
mod unreachable_tier;
mod unsatisfiable_icp;
mod unsatisfiable_persona;
pub mod unused_suppression;

pub use analysis_incomplete::thousands;
pub use context::Context;
pub use driver::run;
pub use facts::{Overlap, Profile};
pub use finding::{Finding, conflict_help, count};
pub use registry::{Case, Check, LINTS, LintDef, case, ids, lint};
pub use settings::LintSettings;

pub use crate::analysis::constraints::Role;
pub use crate::diagnostics::Level;
