//! icpl: a declarative language and compiler for Ideal Customer Profiles and buyer personas.
//!
//! The pipeline runs one way: [`source`] loads the files of a spec, [`syntax`] parses them into
//! syntax trees, [`sema`] resolves names and checks types into the typed model that every later
//! stage reads, [`analysis`] reasons exactly about it and runs the lints, and [`emit`] writes JSON
//! rules, JsonLogic and Markdown briefs. [`eval`] is the evaluator behind `icpl test` and
//! `icpl match`; [`records`] reads record files, scores them with it and writes the results
//! (`icpl match`); [`fmt`] the canonical formatter; [`lsp`] the language server. [`diagnostics`]
//! renders what each stage reports; [`compile`] runs the stages in order.

pub mod analysis;
pub mod compile;
pub mod config;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod eval;
pub mod fmt;
pub mod lsp;
pub mod num;
pub mod output;
pub mod records;
pub mod sema;
pub mod semantics;
pub mod source;
pub mod syntax;
