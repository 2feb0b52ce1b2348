//! The emitting stage: the checked model to JSON rules, their JSON Schema, and Markdown briefs.
//!
//! Emitters only run on a spec without errors, and their output depends on nothing but the
//! spec (no clock, no hash order), so it is byte-identical across runs and machines.

pub mod brief;
pub mod json;
pub mod jsonlogic;

/// The JSON Schema of the `icpl-rules/1` format (`schema/icpl-rules-1.schema.json`).
pub const RULES_SCHEMA: &str = include_str!("../../schema/icpl-rules-1.schema.json");
