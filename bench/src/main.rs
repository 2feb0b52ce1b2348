//! `icpl-bench`: generates a large, realistic spec and measures how fast the release `icpl`
//! binary checks and builds it, how much memory that takes, where the time goes by phase, and
//! how that compares with reading the compiled JSON and with Cedar parsing and validating the
//! same rules. Prints Markdown tables; `docs/benchmarks.md` records a run.
//!
//! ```text
//! cargo build --release                                   # at the repository root
//! cargo build --release -p icpl-bench
//! target/release/icpl-bench spec                    # 5,000 ICPs, 10,000 personas
//! target/release/icpl-bench spec --single-file      # one ~50 MB file
//! target/release/icpl-bench lsp                     # language server latency
//! target/release/icpl-bench match                   # scoring 1M records, with peers
//! target/release/icpl-bench analysis                # check scaling, adversarial specs
//! ```

mod alloc;
mod analysis;
mod cedar;
mod inproc;
mod lsp;
mod matching;
mod measure;
mod report;
mod stats;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

const USAGE: &str = "\
usage: icpl-bench spec [OPTIONS]

Generates a large spec, then measures `icpl check` and `icpl build` on it (release binary, as a
child process), the in-process phases, and the reference points. Prints Markdown to stdout.

options:
  --icps N            ICPs to generate (default 5000; 6000 with --single-file)
  --personas N        personas to generate (default 10000; with --single-file 44600, which
                      makes about 50 MB, or twice --icps when --icps is given)
  --runs R            runs of each measurement (default 5)
  --single-file       write the whole spec as one file instead of a folder of files
  --out DIR           where to generate (must be absent or empty; default a new folder in /tmp)
  --keep              keep the generated files (they are removed at the end otherwise)
  --icpl PATH         the icpl binary (default: ../target/release/icpl next to bench/; build it
                      with `cargo build --release` at the repository root)
  --seed S            generator seed (default 20260501)
  --no-cedar          skip the Cedar reference point
  --generate-only     write the spec (and the Cedar version) and stop; implies --keep
";

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
    pub seed: u64,
    pub cedar: bool,
    pub generate_only: bool,
}

/// Command-line options read one at a time, shared by every subcommand's parser.
pub struct ArgReader<'a> {
    it: std::slice::Iter<'a, String>,
}

impl<'a> ArgReader<'a> {
    pub fn new(args: &'a [String]) -> ArgReader<'a> {
        ArgReader { it: args.iter() }
    }

    /// The next option.
    pub fn option(&mut self) -> Option<&'a str> {
        self.it.next().map(String::as_str)
    }

    /// The value that follows option `name`.
    pub fn value(&mut self, name: &str) -> Result<String, String> {
        self.it
            .next()
            .cloned()
            .ok_or_else(|| format!("`{name}` needs a value"))
    }

    /// The whole number that follows option `name` (`_` may group digits).
    pub fn number(&mut self, name: &str) -> Result<usize, String> {
        let v = self.value(name)?;
        v.replace('_', "")
            .parse::<usize>()
            .map_err(|_| format!("`{name}` takes a whole number, not `{v}`"))
    }
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut icps = None;
    let mut personas = None;
    let mut opts = Options {
        icps: 0,
        personas: 0,
        runs: 5,
        single_file: false,
        out: None,
        keep: false,
        icpl: Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/icpl"),
        seed: 20_260_501,
        cedar: true,
        generate_only: false,
    };
    let mut args = ArgReader::new(args);
    while let Some(arg) = args.option() {
        match arg {
            "--icps" => icps = Some(args.number(arg)?),
            "--personas" => personas = Some(args.number(arg)?),
            "--runs" => opts.runs = args.number(arg)?.max(1),
            "--seed" => opts.seed = args.number(arg)? as u64,
            "--out" => opts.out = Some(PathBuf::from(args.value(arg)?)),
            "--icpl" => opts.icpl = PathBuf::from(args.value(arg)?),
            "--single-file" => opts.single_file = true,
            "--keep" => opts.keep = true,
            "--no-cedar" => opts.cedar = false,
            "--generate-only" => {
                opts.generate_only = true;
                opts.keep = true;
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    // The single ~50 MB file keeps the ICPs under the analysis bound on ICP pairs (20 million
    // comparisons, about 6,300 ICPs) and makes up the size with personas.
    let single_default = opts.single_file && icps.is_none();
    opts.icps = icps.unwrap_or(if opts.single_file { 6_000 } else { 5_000 });
    opts.personas = personas.unwrap_or(match (single_default, opts.single_file) {
        (true, _) => 44_600,
        (false, true) => 2 * opts.icps,
        (false, false) => 10_000,
    });
    if opts.icps == 0 {
        return Err("`--icps` must be at least 1".into());
    }
    Ok(opts)
}

fn main() -> ExitCode {
    // The generated `reviewed` dates are recent relative to this day; `icpl` (and the library
    // in this process) read it for `stale-review`, so the lint judges the same way on any day.
    // SAFETY: nothing else runs yet: no other thread can read the environment concurrently.
    unsafe { std::env::set_var("ICPL_TODAY", icpl_testkit::catalogue::TODAY) };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("spec") => match parse_args(&args[1..]) {
            Ok(opts) => report::run(&opts),
            Err(e) if e.is_empty() => {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            Err(e) => Err(format!("{e}\n\n{USAGE}")),
        },
        Some("lsp") => match lsp::parse_args(&args[1..]) {
            Ok(opts) => lsp::run(&opts),
            Err(e) if e.is_empty() => {
                print!("{}", lsp::USAGE);
                return ExitCode::SUCCESS;
            }
            Err(e) => Err(format!("{e}\n\n{}", lsp::USAGE)),
        },
        Some("analysis") => match analysis::parse_args(&args[1..]) {
            Ok(opts) => analysis::run(&opts),
            Err(e) if e.is_empty() => {
                print!("{}", analysis::USAGE);
                return ExitCode::SUCCESS;
            }
            Err(e) => Err(format!("{e}\n\n{}", analysis::USAGE)),
        },
        Some("match") => match matching::parse_args(&args[1..]) {
            Ok(opts) => matching::run(&opts),
            Err(e) if e.is_empty() => {
                print!("{}", matching::USAGE);
                return ExitCode::SUCCESS;
            }
            Err(e) => Err(format!("{e}\n\n{}", matching::USAGE)),
        },
        // The relay that measures one child process (see `measure`); not for direct use.
        Some("measure") => measure::relay_main(&args[1..]),
        Some("-h" | "--help") => {
            print!(
                "{USAGE}\n{}\n{}\n{}",
                lsp::USAGE,
                matching::USAGE,
                analysis::USAGE
            );
            return ExitCode::SUCCESS;
        }
        _ => Err(format!(
            "{USAGE}\n{}\n{}\n{}",
            lsp::USAGE,
            matching::USAGE,
            analysis::USAGE
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
