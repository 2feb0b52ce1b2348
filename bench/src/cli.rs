//! The command line of `icpl-bench`: one subcommand per benchmark, read with clap. Each
//! subcommand's options become the options struct its module runs with.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::Options;
use crate::analysis::AnalysisOptions;
use crate::lsp::LspOptions;
use crate::matching::MatchOptions;

/// The default generator seed of every benchmark.
const SEED: u64 = 20_260_501;

/// The release `icpl` next to `bench/`, where `cargo build --release` at the repository root
/// puts it.
fn default_icpl() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/icpl")
}

/// A whole number; `_` may group digits (`1_000_000`).
fn whole(s: &str) -> Result<usize, String> {
    s.replace('_', "")
        .parse::<usize>()
        .map_err(|_| format!("`{s}` is not a whole number"))
}

/// A whole number of at least 1.
fn positive(s: &str) -> Result<usize, String> {
    match whole(s)? {
        0 => Err("must be at least 1".into()),
        n => Ok(n),
    }
}

/// A seed: any whole number that fits in 64 bits.
fn seed(s: &str) -> Result<u64, String> {
    s.replace('_', "")
        .parse::<u64>()
        .map_err(|_| format!("`{s}` is not a whole number below 2^64"))
}

/// Benchmarks of the icpl compiler: generate input far larger than any real spec, measure the
/// release `icpl` binary (as a child process) and the library (in process), and print Markdown
/// tables on standard output (progress goes to standard error). `docs/benchmarks.md` records
/// runs of each.
#[derive(Debug, Parser)]
#[command(name = "icpl-bench", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate a large spec, then measure `icpl check` and `icpl build` on it, the phases in
    /// process, and the reference points (serde_json, cedar-policy).
    Spec(SpecArgs),
    /// Measure the language server: time from each `didChange` to its `publishDiagnostics` on a
    /// spec of about 2,000 lines, alternating valid and invalid edits.
    Lsp(LspArgs),
    /// Score generated account records: the `csv` crate, icpl in process, `icpl match` end to
    /// end, and the same rules in datalogic-rs, json-logic-engine and json-logic-js; every
    /// engine must give the same results.
    Match(MatchArgs),
    /// Measure `icpl check` (every lint on) on generated specs of growing size and on
    /// adversarial ones (wide disjunctions, many overlapping ICPs).
    Analysis(AnalysisArgs),
}

/// The options of `icpl-bench spec`.
#[derive(Debug, Args)]
pub struct SpecArgs {
    /// ICPs to generate [default: 5000; 6000 with --single-file]
    #[arg(long, value_name = "N", value_parser = positive)]
    icps: Option<usize>,
    /// Personas to generate [default: 10000; with --single-file 44600, which makes about 50 MB,
    /// or twice --icps when --icps is given]
    #[arg(long, value_name = "N", value_parser = whole)]
    personas: Option<usize>,
    /// Runs of each measurement, after one warm-up run
    #[arg(long, value_name = "R", default_value_t = 5, value_parser = positive)]
    runs: usize,
    /// Write the whole spec as one file instead of a folder of files
    #[arg(long)]
    single_file: bool,
    /// Where to generate (must be absent or empty) [default: a new folder in /tmp]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Keep the generated files (they are removed at the end otherwise)
    #[arg(long)]
    keep: bool,
    /// The icpl binary (build it with `cargo build --release` at the repository root)
    #[arg(long, value_name = "PATH", default_value_os_t = default_icpl())]
    icpl: PathBuf,
    /// Another icpl binary (say, built from an earlier commit) whose `check` and `build` are
    /// measured in the same run, each run interleaved with one of --icpl, for before/after
    /// figures
    #[arg(long, value_name = "PATH")]
    baseline: Option<PathBuf>,
    /// Generator seed
    #[arg(long, value_name = "S", default_value_t = SEED, value_parser = seed, allow_negative_numbers = true)]
    seed: u64,
    /// Skip the Cedar reference point
    #[arg(long)]
    no_cedar: bool,
    /// Measure only the command line: skip the in-process phases and the reference points
    #[arg(long)]
    command_line_only: bool,
    /// Write the spec (and the Cedar version) and stop; implies --keep
    #[arg(long)]
    generate_only: bool,
}

impl SpecArgs {
    pub fn options(self) -> Options {
        // The single ~50 MB file keeps the ICPs under the analysis bound on ICP pairs (20
        // million comparisons, about 6,300 ICPs) and makes up the size with personas.
        let icps = self
            .icps
            .unwrap_or(if self.single_file { 6_000 } else { 5_000 });
        let personas = self
            .personas
            .unwrap_or(match (self.icps.is_none(), self.single_file) {
                (true, true) => 44_600,
                (false, true) => 2 * icps,
                (_, false) => 10_000,
            });
        Options {
            icps,
            personas,
            runs: self.runs,
            single_file: self.single_file,
            out: self.out,
            keep: self.keep || self.generate_only,
            icpl: self.icpl,
            baseline: self.baseline,
            seed: self.seed,
            cedar: !self.no_cedar,
            in_process: !self.command_line_only,
            generate_only: self.generate_only,
        }
    }
}

/// The options of `icpl-bench lsp`.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Edits to send
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = positive)]
    edits: usize,
    /// ICPs to generate (28 with 42 personas make about 2,000 lines)
    #[arg(long, value_name = "N", default_value_t = 28, value_parser = positive)]
    icps: usize,
    /// Personas to generate
    #[arg(long, value_name = "N", default_value_t = 42, value_parser = whole)]
    personas: usize,
    /// The icpl binary (build it with `cargo build --release` at the repository root)
    #[arg(long, value_name = "PATH", default_value_os_t = default_icpl())]
    icpl: PathBuf,
    /// Generator seed
    #[arg(long, value_name = "S", default_value_t = SEED, value_parser = seed, allow_negative_numbers = true)]
    seed: u64,
    /// Keep the generated files (they are removed at the end otherwise)
    #[arg(long)]
    keep: bool,
}

impl LspArgs {
    pub fn options(self) -> LspOptions {
        LspOptions {
            edits: self.edits,
            icps: self.icps,
            personas: self.personas,
            icpl: self.icpl,
            seed: self.seed,
            keep: self.keep,
        }
    }
}

/// The options of `icpl-bench match`.
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Account records to generate
    #[arg(long, value_name = "N", default_value_t = 1_000_000, value_parser = positive)]
    records: usize,
    /// Runs of each measurement
    #[arg(long, value_name = "R", default_value_t = 3, value_parser = positive)]
    runs: usize,
    /// The icpl binary (build it with `cargo build --release` at the repository root)
    #[arg(long, value_name = "PATH", default_value_os_t = default_icpl())]
    icpl: PathBuf,
    /// Another icpl binary (say, built from an earlier commit) whose `icpl match` is measured
    /// in the same run, each run interleaved with one of --icpl, for before/after figures; its
    /// results must agree with every other engine's
    #[arg(long, value_name = "PATH")]
    baseline: Option<PathBuf>,
    /// The Node.js binary
    #[arg(long, value_name = "PATH", default_value = "node")]
    node: PathBuf,
    /// Where `npm ci` installed the JsonLogic engines [default: bench/peers]
    #[arg(long, value_name = "DIR")]
    peers: Option<PathBuf>,
    /// Skip json-logic-engine and json-logic-js
    #[arg(long)]
    no_node: bool,
    /// Measure only icpl (in process and `icpl match`): skip datalogic-rs and the Node.js
    /// engines
    #[arg(long)]
    icpl_only: bool,
    /// Generator seed
    #[arg(long, value_name = "S", default_value_t = SEED, value_parser = seed, allow_negative_numbers = true)]
    seed: u64,
    /// Where to generate (must be absent or empty) [default: a new folder in /tmp]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Keep the generated files (they are removed at the end otherwise)
    #[arg(long)]
    keep: bool,
}

impl MatchArgs {
    pub fn options(self) -> MatchOptions {
        MatchOptions {
            records: self.records,
            runs: self.runs,
            icpl: self.icpl,
            baseline: self.baseline,
            node: (!self.no_node && !self.icpl_only).then_some(self.node),
            datalogic: !self.icpl_only,
            peers: self
                .peers
                .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("peers")),
            seed: self.seed,
            out: self.out,
            keep: self.keep,
        }
    }
}

/// The options of `icpl-bench analysis`.
#[derive(Debug, Args)]
pub struct AnalysisArgs {
    /// Runs of each measurement
    #[arg(long, value_name = "R", default_value_t = 3, value_parser = positive)]
    runs: usize,
    /// The icpl binary (build it with `cargo build --release` at the repository root)
    #[arg(long, value_name = "PATH", default_value_os_t = default_icpl())]
    icpl: PathBuf,
    /// Generator seed
    #[arg(long, value_name = "S", default_value_t = SEED, value_parser = seed, allow_negative_numbers = true)]
    seed: u64,
    /// Smaller sizes, for a quick look
    #[arg(long)]
    quick: bool,
}

impl AnalysisArgs {
    pub fn options(self) -> AnalysisOptions {
        AnalysisOptions {
            runs: self.runs,
            icpl: self.icpl,
            seed: self.seed,
            quick: self.quick,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Command, clap::Error> {
        Cli::try_parse_from(std::iter::once("icpl-bench").chain(args.iter().copied()))
            .map(|c| c.command)
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Every option docs/benchmarks.md documents is accepted, with its value.
    #[test]
    fn every_documented_option_parses() {
        let cases: &[&[&str]] = &[
            &[
                "spec",
                "--icps",
                "20",
                "--personas",
                "40",
                "--runs",
                "2",
                "--single-file",
                "--out",
                "/tmp/x",
                "--keep",
                "--icpl",
                "/bin/icpl",
                "--baseline",
                "/bin/old",
                "--seed",
                "7",
                "--no-cedar",
                "--command-line-only",
                "--generate-only",
            ],
            &[
                "lsp",
                "--edits",
                "4",
                "--icps",
                "3",
                "--personas",
                "5",
                "--icpl",
                "/bin/icpl",
                "--seed",
                "1",
                "--keep",
            ],
            &[
                "match",
                "--records",
                "1_000",
                "--runs",
                "1",
                "--icpl",
                "/bin/icpl",
                "--baseline",
                "/bin/old",
                "--node",
                "/bin/node",
                "--peers",
                "/p",
                "--no-node",
                "--icpl-only",
                "--seed",
                "3",
                "--out",
                "/tmp/m",
                "--keep",
            ],
            &[
                "analysis",
                "--runs",
                "1",
                "--icpl",
                "/bin/icpl",
                "--seed",
                "2",
                "--quick",
            ],
        ];
        for args in cases {
            assert!(parse(args).is_ok(), "{args:?}: {:?}", parse(args).err());
        }
    }

    #[test]
    fn spec_defaults_depend_on_the_layout() {
        let opts = |args: &[&str]| match parse(args) {
            Ok(Command::Spec(s)) => s.options(),
            other => panic!("{args:?}: {other:?}"),
        };
        let folder = opts(&["spec"]);
        assert_eq!(
            (folder.icps, folder.personas, folder.runs),
            (5_000, 10_000, 5)
        );
        assert_eq!(folder.seed, SEED);
        assert!(folder.cedar && folder.in_process && !folder.keep);
        assert_eq!(folder.icpl, default_icpl());
        let single = opts(&["spec", "--single-file"]);
        assert_eq!((single.icps, single.personas), (6_000, 44_600));
        let sized = opts(&["spec", "--single-file", "--icps", "100"]);
        assert_eq!((sized.icps, sized.personas), (100, 200));
        let folder_sized = opts(&["spec", "--icps", "100"]);
        assert_eq!((folder_sized.icps, folder_sized.personas), (100, 10_000));
        let only = opts(&["spec", "--generate-only"]);
        assert!(only.keep && only.generate_only);
    }

    #[test]
    fn match_peer_switches() {
        let opts = |args: &[&str]| match parse(args) {
            Ok(Command::Match(m)) => m.options(),
            other => panic!("{args:?}: {other:?}"),
        };
        let all = opts(&["match", "--records", "1_000_000"]);
        assert_eq!(all.records, 1_000_000);
        assert_eq!(all.node, Some(PathBuf::from("node")));
        assert!(all.datalogic && all.baseline.is_none());
        let no_node = opts(&["match", "--no-node"]);
        assert!(no_node.node.is_none() && no_node.datalogic);
        let icpl_only = opts(&["match", "--icpl-only"]);
        assert!(icpl_only.node.is_none() && !icpl_only.datalogic);
    }

    /// Bad values are refused with a message naming the option, not clamped or ignored.
    #[test]
    fn bad_values_are_refused() {
        for args in [
            &["spec", "--runs", "0"][..],
            &["spec", "--icps", "0"],
            &["spec", "--icps", "many"],
            &["spec", "--seed", "-1"],
            &["spec", "--unknown"],
            &["lsp", "--edits", "0"],
            &["match", "--records", "1e6"],
            &["analysis", "--runs"],
            &["nothing"],
        ] {
            let err = parse(args).err();
            assert!(err.is_some(), "{args:?} was accepted");
            if let Some(flag) = args.get(1).filter(|a| a.starts_with("--")) {
                let text = err.map(|e| e.to_string()).unwrap_or_default();
                assert!(text.contains(flag), "{args:?}: {text}");
            }
        }
    }
}
