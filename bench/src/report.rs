//! The `spec` benchmark from start to end: generate, verify, measure, print Markdown, clean up.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::Options;
use crate::cedar;
use crate::inproc;
use crate::measure::{self, Run};
use crate::stats::{mb, mb_per_s, median, mib, min};
use icpl_testkit::catalogue::{self, GenOptions};

/// Removes the output folder when dropped, unless it is to be kept.
struct OutDir {
    path: PathBuf,
    keep: bool,
}

impl Drop for OutDir {
    fn drop(&mut self) {
        if self.keep {
            eprintln!("kept the generated files in {}", self.path.display());
        } else if let Err(e) = fs::remove_dir_all(&self.path) {
            eprintln!("warning: could not remove {}: {e}", self.path.display());
        }
    }
}

fn prepare_out(opts: &Options) -> Result<OutDir, String> {
    let path = match &opts.out {
        Some(p) => p.clone(),
        None => std::env::temp_dir().join(format!("icpl-bench-{}", std::process::id())),
    };
    if path.exists() {
        let mut entries =
            fs::read_dir(&path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "`{}` is not empty; pass an absent or empty folder to `--out`",
                path.display()
            ));
        }
    }
    fs::create_dir_all(&path).map_err(|e| format!("cannot create `{}`: {e}", path.display()))?;
    Ok(OutDir {
        path,
        keep: opts.keep,
    })
}

fn read_first(path: &Path, max_lines: usize) -> String {
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .take(max_lines)
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the machine is, for the report.
pub fn machine() -> Vec<(String, String)> {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown".to_string(), |(_, v)| v.trim().to_string());
    let mem = fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or("unknown".to_string(), |kib| {
            format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0)
        });
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let tool = |cmd: &str, arg: &str| {
        Command::new(cmd)
            .arg(arg)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map_or("unknown".to_string(), |o| {
                String::from_utf8_lossy(&o.stdout).trim().to_string()
            })
    };
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease")
        .map_or("unknown".to_string(), |s| s.trim().to_string());
    let load = fs::read_to_string("/proc/loadavg").map_or("unknown".to_string(), |s| {
        s.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    });
    vec![
        ("cores (nproc)".into(), cores.to_string()),
        ("CPU".into(), cpu),
        ("memory".into(), mem),
        ("kernel".into(), format!("Linux {kernel}")),
        ("rustc".into(), tool("rustc", "--version")),
        ("load average at start".into(), load),
    ]
}

/// The commit of the repository the harness was built in, and whether the compiler's sources
/// had uncommitted changes (the binary and the library measured should come from one state).
pub fn source_state() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(&root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let Some(commit) = git(&["rev-parse", "--short", "HEAD"]) else {
        return "unknown (not a git checkout)".into();
    };
    let dirty = git(&[
        "status",
        "--porcelain",
        "--",
        "src",
        "grammar",
        "Cargo.toml",
        "Cargo.lock",
    ])
    .map_or(0, |s| s.lines().count());
    if dirty == 0 {
        format!("commit {commit}, no uncommitted changes to the compiler")
    } else {
        format!("commit {commit} plus uncommitted changes to {dirty} compiler files")
    }
}

fn secs(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

fn millis(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// One binary measured: its label in the tables (empty for `--icpl`) and its private copy.
struct Binary {
    label: &'static str,
    path: PathBuf,
}

/// Runs one icpl command `runs` times with each binary, after one unmeasured warm-up run of
/// each that must succeed. The binaries take turns run by run, so that a change in the
/// machine's load touches all alike. `args(k)` is the command line of binary `k`.
fn series(
    name: &str,
    binaries: &[Binary],
    args: impl Fn(usize) -> Vec<String>,
    runs: usize,
    logs: &Path,
) -> Result<Vec<Vec<Run>>, String> {
    let mut out = vec![Vec::new(); binaries.len()];
    for round in 0..=runs {
        for (k, binary) in binaries.iter().enumerate() {
            let args = args(k);
            let stdout = logs.join(format!("{name}{k}.stdout"));
            let stderr = logs.join(format!("{name}{k}.stderr"));
            let run = measure::run_measured(&binary.path, &args, &stdout, &stderr)?;
            if run.code != Some(0) {
                return Err(format!(
                    "`icpl {}`{} failed ({}):\n{}",
                    args.join(" "),
                    binary.label,
                    run.code
                        .map_or("killed by a signal".to_string(), |c| format!("exit {c}")),
                    read_first(&stderr, 40)
                ));
            }
            let diagnostics = read_first(&stderr, 40);
            if !diagnostics.trim().is_empty() {
                return Err(format!(
                    "`icpl {}`{} reported diagnostics; the generated spec must be clean:\n\
                     {diagnostics}",
                    args.join(" "),
                    binary.label
                ));
            }
            if round > 0 {
                out[k].push(run);
            }
            eprintln!(
                "  icpl {name}{}: run {round}{} {:.3} s ({:.3} s CPU), {} MiB",
                binary.label,
                if round == 0 { " (warm-up)" } else { "" },
                run.wall.as_secs_f64(),
                run.cpu.as_secs_f64(),
                run.max_rss_kib / 1024
            );
        }
    }
    Ok(out)
}

fn walls(runs: &[Run]) -> Vec<Duration> {
    runs.iter().map(|r| r.wall).collect()
}

/// Generates the spec, measures everything and prints the report.
pub fn run(opts: &Options) -> Result<(), String> {
    // Read now: the load average belongs to the start of the run.
    let machine = machine();
    let icpl = if opts.generate_only {
        opts.icpl.clone()
    } else {
        measure::require_binary(&opts.icpl)?
    };
    let out = prepare_out(opts)?;
    let spec_dir = out.path.join("spec");
    let logs = out.path.join("logs");
    for d in [&spec_dir, &logs] {
        fs::create_dir_all(d).map_err(|e| format!("cannot create `{}`: {e}", d.display()))?;
    }

    let gen_opts = GenOptions {
        icps: opts.icps,
        personas: opts.personas,
        seed: opts.seed,
        single_file: opts.single_file,
        icps_per_file: 50,
        personas_per_file: 50,
    };
    eprintln!(
        "generating {} ICPs and {} personas (seed {}) in {}",
        opts.icps,
        opts.personas,
        opts.seed,
        spec_dir.display()
    );
    let t = Instant::now();
    let spec = catalogue::generate(&gen_opts);
    let written = catalogue::write_spec(&spec, &gen_opts, &spec_dir)
        .map_err(|e| format!("cannot write the spec: {e}"))?;
    eprintln!(
        "wrote {} files, {:.1} MB of .icp in {:.1} s",
        written.files,
        mb(written.icp_bytes),
        t.elapsed().as_secs_f64()
    );

    // The Cedar version is rendered now, while the model is at hand; the model is dropped
    // before anything is measured.
    let cedar_texts = opts.cedar.then(|| {
        let schema = cedar::render_schema(&spec.schema);
        let policies = cedar::render_policies(&spec);
        (schema, policies)
    });
    let (n_icps, n_personas) = (spec.icps.len(), spec.personas.len());
    let signals: usize = spec.icps.iter().map(|i| i.signals.len()).sum();
    let criteria: usize = spec
        .icps
        .iter()
        .map(|i| i.requires.len() + i.excludes.len())
        .chain(
            spec.personas
                .iter()
                .map(|p| p.requires.len() + p.excludes.len()),
        )
        .sum();
    drop(spec);
    if let Some((schema, policies)) = &cedar_texts {
        let dir = out.path.join("cedar");
        fs::create_dir_all(&dir)
            .and_then(|()| fs::write(dir.join("schema.cedarschema"), schema))
            .and_then(|()| fs::write(dir.join("policies.cedar"), policies))
            .map_err(|e| format!("cannot write the Cedar files: {e}"))?;
    }
    if opts.generate_only {
        println!(
            "Generated {n_icps} ICPs, {n_personas} personas: {} .icp files, {:.1} MB, in {}",
            written.files,
            mb(written.icp_bytes),
            written.path.display()
        );
        return Ok(());
    }

    // Measure private copies, so that a rebuild of the original during the runs (another
    // `cargo build`) cannot mix two versions in one table.
    let mut binaries = Vec::new();
    for (label, original, copy) in std::iter::once(("", &icpl, "icpl")).chain(
        opts.baseline
            .as_ref()
            .map(|b| (" (baseline)", b, "icpl-baseline")),
    ) {
        let path = out.path.join(copy);
        fs::copy(original, &path)
            .map_err(|e| format!("cannot copy `{}`: {e}", original.display()))?;
        binaries.push(Binary { label, path });
    }
    let icpl = binaries[0].path.clone();
    let path_arg = written.path.display().to_string();
    let rules_file = out.path.join("rules.json");
    let rules_of = |k: usize| match k {
        0 => rules_file.clone(),
        _ => out.path.join(format!("rules{k}.json")),
    };
    eprintln!("measuring icpl check and build, {} runs each", opts.runs);
    let check = series(
        "check",
        &binaries,
        |_| vec!["check".into(), path_arg.clone()],
        opts.runs,
        &logs,
    )?;
    let build = series(
        "build",
        &binaries,
        |k| {
            vec![
                "build".into(),
                path_arg.clone(),
                "-o".into(),
                rules_of(k).display().to_string(),
            ]
        },
        opts.runs,
        &logs,
    )?;
    // Whether each other binary wrote the same rules as `--icpl`.
    let rules = fs::read(&rules_file).map_err(|e| format!("cannot read the rules: {e}"))?;
    let same_rules: Vec<bool> = (1..binaries.len())
        .map(|k| fs::read(rules_of(k)).is_ok_and(|other| other == rules))
        .collect();
    let rules_bytes = rules.len();
    drop(rules);

    let in_process = if opts.in_process {
        eprintln!("measuring the phases in process");
        let phases = inproc::breakdown(&written.path, opts.runs)?;
        let whole = inproc::compile_all(&written.path, opts.runs)?;
        eprintln!("measuring serde_json on the compiled rules");
        let json = inproc::json_read(&rules_file, opts.runs)?;
        let cedar = match &cedar_texts {
            Some((schema, policies)) => {
                eprintln!("measuring cedar-policy on the same rules");
                Some(cedar::measure(schema, policies, opts.runs)?)
            }
            None => None,
        };
        Some((phases, whole, json, cedar))
    } else {
        None
    };

    let version = Command::new(&icpl)
        .arg("--version")
        .output()
        .ok()
        .map_or("unknown".into(), |o| {
            String::from_utf8_lossy(&o.stdout).trim().to_string()
        });
    let source = source_state();
    let mut md = String::new();
    let layout = if opts.single_file {
        "one file".to_string()
    } else {
        format!(
            "{} files (schema, 50 ICPs or 50 personas per file)",
            written.files
        )
    };
    let _ = writeln!(md, "### Input\n");
    let _ = writeln!(
        md,
        "{n_icps} ICPs ({signals} score signals), {n_personas} personas, {criteria} \
         `require`/`exclude` criteria; {layout}; {:.2} MB of `.icp` text \
         ({} bytes); seed {}; checked by `{version}` with no diagnostics.\n",
        mb(written.icp_bytes),
        written.icp_bytes,
        opts.seed
    );
    let _ = writeln!(md, "icpl source: {source}.\n");
    let _ = writeln!(md, "### Machine\n\n| | |\n|---|---|");
    for (k, v) in machine {
        let _ = writeln!(md, "| {k} | {v} |");
    }

    let input = written.icp_bytes;
    let _ = writeln!(
        md,
        "\n### Command line: release `icpl`, {} runs each after one warm-up\n",
        opts.runs
    );
    let _ = writeln!(
        md,
        "| command | input MB | median s | min s | CPU s (median) | MB/s (median) | peak RSS MiB | peak RSS / input |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|"
    );
    for (series, cmd) in [
        (&check, "icpl check DIR"),
        (&build, "icpl build DIR -o FILE"),
    ] {
        for (s, binary) in series.iter().zip(&binaries) {
            let w = walls(s);
            let cpu: Vec<Duration> = s.iter().map(|r| r.cpu).collect();
            let rss = s.iter().map(|r| r.max_rss_kib).max().unwrap_or(0) * 1024;
            let _ = writeln!(
                md,
                "| `{cmd}`{} | {:.2} | {} | {} | {} | {:.1} | {:.0} | {:.1}x |",
                binary.label,
                mb(input),
                secs(median(&w)),
                secs(min(&w)),
                secs(median(&cpu)),
                mb_per_s(input, median(&w)),
                mib(rss),
                rss as f64 / input as f64
            );
        }
    }
    let _ = writeln!(
        md,
        "\nThe rules written by `icpl build`: {:.2} MB of JSON ({:.1}x the input).",
        mb(rules_bytes as u64),
        rules_bytes as f64 / input as f64
    );
    if let Some(b) = &opts.baseline {
        let same = same_rules.iter().all(|&x| x);
        let _ = writeln!(
            md,
            "\nBaseline: `{}` (`icpl` is `{}`), one run of each in turn; it wrote {} rules.",
            b.display(),
            opts.icpl.display(),
            if same { "the same" } else { "different" }
        );
    }
    let Some((phases, whole, json, cedar)) = in_process else {
        end_of_report(md);
        return Ok(());
    };

    let _ = writeln!(
        md,
        "\n### In process: each phase through the library API, median of {} runs\n",
        opts.runs
    );
    let _ = writeln!(
        md,
        "*CPU* is the thread's CPU time. Heap figures come from a counting allocator: *held \
         after* is everything still alive when the phase ends (the phases' results pile up: \
         sources, then syntax trees, then the model, ...); *peak during* is the most held at any \
         moment of the phase. Both count from an empty start.\n"
    );
    let _ = writeln!(
        md,
        "| phase | median ms | min ms | CPU ms | MB/s of input | heap held after, MiB | heap peak during, MiB |\n\
         |---|---:|---:|---:|---:|---:|---:|"
    );
    let row = |md: &mut String, p: &inproc::Phase| {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {:.1} | {:.0} | {:.0} |",
            p.name,
            millis(p.median),
            millis(p.min),
            millis(p.cpu),
            mb_per_s(input, p.median),
            mib(p.retained as u64),
            mib(p.peak as u64)
        );
    };
    for p in &phases.phases {
        row(&mut md, p);
    }
    let _ = writeln!(
        md,
        "| **all phases** | **{}** | {} | {} | **{:.1}** | | |",
        millis(phases.total_median),
        millis(phases.total_min),
        millis(phases.total_cpu),
        mb_per_s(input, phases.total_median)
    );
    row(&mut md, &whole);

    let _ = writeln!(
        md,
        "\n### Reference points: same machine, same run, in process, median of {} runs\n",
        opts.runs
    );
    let _ = writeln!(
        md,
        "| what | reads | MB read | median ms | min ms | CPU ms | MB/s | peak heap MiB |\n\
         |---|---|---:|---:|---:|---:|---:|---:|"
    );
    let front = &phases.phases[..3];
    let front_wall: Duration = front.iter().map(|p| p.median).sum();
    let front_cpu: Duration = front.iter().map(|p| p.cpu).sum();
    let front_peak = front.iter().map(|p| p.peak).max().unwrap_or(0);
    let _ = writeln!(
        md,
        "| icpl load + parse + check (library) | the `.icp` spec | {:.2} | {} | | {} | {:.1} | {:.0} |",
        mb(input),
        millis(front_wall),
        millis(front_cpu),
        mb_per_s(input, front_wall),
        mib(front_peak as u64)
    );
    let _ = writeln!(
        md,
        "| (a) `serde_json` to `Value` | the compiled rules JSON | {:.2} | {} | {} | {} | {:.1} | {:.0} |",
        mb(json.bytes as u64),
        millis(json.median),
        millis(json.min),
        millis(json.cpu),
        mb_per_s(json.bytes as u64, json.median),
        mib(json.peak_heap as u64)
    );
    if let Some(c) = &cedar {
        let bytes = (c.policy_bytes + c.schema_bytes) as u64;
        let _ = writeln!(
            md,
            "| (b) `cedar-policy` parse + strict validation | the same rules as {} Cedar policies + schema | {:.2} | {} | {} | {} | {:.1} | {:.0} |",
            c.policies,
            mb(bytes),
            millis(c.total),
            millis(c.total_min),
            millis(c.total_cpu),
            mb_per_s(bytes, c.total),
            mib(c.peak_heap as u64)
        );
        let _ = writeln!(
            md,
            "| (b) of which: policy parse | | {:.2} | {} | | | {:.1} | |",
            mb(c.policy_bytes as u64),
            millis(c.policy_parse),
            mb_per_s(c.policy_bytes as u64, c.policy_parse)
        );
        let _ = writeln!(
            md,
            "| (b) of which: validation | | | {} | | | {:.1} | |",
            millis(c.validate),
            mb_per_s(c.policy_bytes as u64, c.validate)
        );
        let _ = writeln!(
            md,
            "| (b) of which: schema parse | | {:.4} | {} | | | | |",
            mb(c.schema_bytes as u64),
            millis(c.schema_parse)
        );
    }
    end_of_report(md);
    Ok(())
}

/// Prints the report with the load average at its end.
fn end_of_report(mut md: String) {
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let _ = writeln!(
        md,
        "\nLoad average at the end: {}.",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    print!("{md}");
}
