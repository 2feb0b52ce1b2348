//! `icpl schema`: print the JSON Schema of the compiled rules.

use icpl::emit::RULES_SCHEMA;

use super::common::{self, Exit};

/// Print the JSON Schema of the document `icpl build` writes.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Exit {
    match common::print(|out| out.write_all(RULES_SCHEMA.as_bytes())) {
        Ok(()) => Exit::Ok,
        Err(exit) => exit,
    }
}
