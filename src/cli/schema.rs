//! `icpl schema`: print the JSON Schema of the compiled rules.

use std::io::Write;

use icpl::emit::RULES_SCHEMA;

use super::common::Exit;

/// Print the JSON Schema of the document `icpl build` writes.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Exit {
    let mut out = std::io::stdout().lock();
    match out
        .write_all(RULES_SCHEMA.as_bytes())
        .and_then(|()| out.flush())
    {
        Ok(()) => Exit::Ok,
        Err(_) => Exit::Usage,
    }
}
