//! The records stage: what `icpl match` does with record files. It takes a compiled spec and
//! CSV or JSON Lines files of accounts (and contacts), and gives one result per record.
//!
//! - [`read`] streams a file one record at a time into a reused [`Row`](crate::eval::row::Row):
//!   it maps columns (or JSON members) to attributes and reports values that do not fit;
//! - [`decode`] turns one cell or JSON value into a slot of its attribute's type;
//! - [`join`] keeps the accounts by id so that each contact is scored with its account;
//! - [`explain`] says which criteria decided a result (`--explain`);
//! - [`write`] writes the results as JSON Lines or CSV;
//! - [`run`] is the whole of `icpl match`: read, join, evaluate with the compiled evaluator
//!   ([`crate::eval::compiled`]), write, and report every bad record without stopping.
//!
//! The stage reads the evaluator and the model; nothing below it imports it.

pub mod decode;
pub mod explain;
pub mod join;
pub mod read;
pub mod run;
pub mod write;
