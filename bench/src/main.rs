//! `icpl-bench`: generates a large, realistic spec and measures how fast the release `icpl`
//! binary checks and builds it, how much memory that takes, where the time goes by phase, and
//! how that compares with reading the compiled JSON and with Cedar parsing and validating the
//! same rules. Prints Markdown tables; `docs/benchmarks.md` records a run.
//!
//! ```text
//! cargo build --release -p icpl -p icpl-bench       # at the repository root
//! target/release/icpl-bench spec                    # 5,000 ICPs, 10,000 personas
//! target/release/icpl-bench spec --single-file      # one ~50 MB file
//! target/release/icpl-bench lsp                     # language server latency
//! target/release/icpl-bench match                   # scoring 1M records, with peers
//! target/release/icpl-bench analysis                # check scaling, adversarial specs
//! target/release/icpl-bench help                    # every subcommand and option
//! ```

mod alloc;
mod analysis;
mod cedar;
mod cli;
mod inproc;
mod lsp;
mod matching;
mod measure;
mod report;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser as _;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

/// The command-line options of `icpl-bench spec`.
#[derive(Clone, Debug)]
pub struct Options {
    pub icps: usize,
    pub personas: usize,
    pub runs: usize,
    pub single_file: bool,
    pub out: Option<PathBuf>,
    pub keep: bool,
    pub icpl: PathBuf,
    /// Another binary measured in the same run, interleaved with `icpl`.
    pub baseline: Option<PathBuf>,
    pub seed: u64,
    pub cedar: bool,
    /// Measure the phases in process and the reference points.
    pub in_process: bool,
    pub generate_only: bool,
}

fn main() -> ExitCode {
    // The generated `reviewed` dates are recent relative to this day; `icpl` (and the library
    // in this process) read it for `stale-review`, so the lint judges the same way on any day.
    // SAFETY: nothing else runs yet: no other thread can read the environment concurrently.
    unsafe { std::env::set_var("ICPL_TODAY", icpl_testkit::catalogue::TODAY) };
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The relay that measures one child process (see `measure`) takes the child's command line
    // as it is, options included; it is not for direct use, so clap never sees it.
    let result = if args.first().map(String::as_str) == Some("measure") {
        measure::relay_main(&args[1..])
    } else {
        match cli::Cli::parse().command {
            cli::Command::Spec(a) => report::run(&a.options()),
            cli::Command::Lsp(a) => lsp::run(&a.options()),
            cli::Command::Match(a) => matching::run(&a.options()),
            cli::Command::Analysis(a) => analysis::run(&a.options()),
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
