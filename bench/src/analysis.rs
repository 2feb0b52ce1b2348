//! The `analysis` benchmark: how `icpl check` (every lint on) scales with the size of a spec,
//! and what it does on adversarial specs.
//!
//! - Scaling: the realistic generated spec of the `spec` benchmark at 625 to 5,000 ICPs (and
//!   twice as many personas); the time per ICP should stay about flat.
//! - Wide disjunctions: one ICP whose requirement, exclusion and signals are `or`s of K
//!   three-attribute conjunctions.
//! - Overlapping ICPs: M ICPs that all overlap one another, so that the pair lints have M²/2
//!   pairs to consider.
//!
//! Each case runs the release `icpl check --format json` as a child process and reports wall
//! time, CPU time, peak memory and the diagnostics by code, so that a case that stops at a
//! work bound shows its `analysis-incomplete` diagnostic. Prints Markdown to stdout.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::measure;
use crate::report::{machine, source_state};
use crate::stats::{median, mib};
use icpl_testkit::catalogue::{self, GenOptions};

#[derive(Clone, Debug)]
pub struct AnalysisOptions {
    pub runs: usize,
    pub icpl: PathBuf,
    pub seed: u64,
    pub quick: bool,
}

/// The schema of the adversarial specs.
const SCHEMA: &str = "account {
  industry: enum { saas, fintech, healthtech, ecommerce, manufacturing, media, education, public_sector }
  employees: int
  annual_revenue: money
  growth_rate: percent
  region: enum {
    north_america { us, canada }
    emea { uk, germany, france, nordics }
    apac { japan, australia, singapore }
  }
  tech_stack: set { salesforce, hubspot, pipedrive, snowflake, bigquery, databricks, segment, looker }
  uses_sso: bool
}
";

const INDUSTRIES: &[&str] = &[
    "saas",
    "fintech",
    "healthtech",
    "ecommerce",
    "manufacturing",
    "media",
    "education",
    "public_sector",
];
const REGIONS: &[&str] = &[
    "us",
    "canada",
    "uk",
    "germany",
    "france",
    "nordics",
    "japan",
    "australia",
    "singapore",
];
const TECH: &[&str] = &[
    "salesforce",
    "hubspot",
    "pipedrive",
    "snowflake",
    "bigquery",
    "databricks",
    "segment",
    "looker",
];

/// The narrative every adversarial ICP carries (so that the narrative lints stay quiet).
fn narrative(out: &mut String) {
    out.push_str("  summary \"Generated for the analysis benchmark.\"\n");
    out.push_str("  owner \"revops@acme.example\"\n");
    out.push_str(&format!("  reviewed {}\n", catalogue::TODAY));
}

/// One `or` of `k` conjunctions, each over employees, region and the tech stack.
fn wide_or(k: usize, shift: usize) -> String {
    let mut parts = Vec::with_capacity(k);
    for i in 0..k {
        let lo = 10 + (i * 37 + shift) % 5000;
        parts.push(format!(
            "(employees in {lo}..{} and region in [{}] and tech_stack has {})",
            lo + 50 + (i % 7) * 20,
            REGIONS[(i + shift) % REGIONS.len()],
            TECH[(i * 3 + shift) % TECH.len()]
        ));
    }
    parts.join(" or ")
}

/// One ICP with a K-wide `or` in a requirement, an exclusion and three signals.
fn wide_disjunction_spec(k: usize) -> String {
    let mut s = String::from(SCHEMA);
    s.push_str("\nicp wide \"Wide disjunction\" {\n");
    narrative(&mut s);
    let _ = writeln!(s, "  require {}", wide_or(k, 0));
    let _ = writeln!(s, "  exclude {}", wide_or(k.div_ceil(2), 11));
    s.push_str("  score {\n");
    for (i, w) in [(1, 30), (2, 20), (3, 10)] {
        let _ = writeln!(s, "    s{i} +{w} when {}", wide_or(k.div_ceil(4), 5 * i));
    }
    s.push_str("  }\n  tiers { A >= 40, B >= 20, C }\n}\n");
    s
}

/// M ICPs that all overlap: staggered employee ranges and industry lists that share values.
fn overlapping_spec(m: usize) -> String {
    let mut s = String::from(SCHEMA);
    for i in 0..m {
        let _ = write!(s, "\nicp o{i} \"Overlapping {i}\" {{\n");
        narrative(&mut s);
        let lo = 10 + i * 3;
        let _ = writeln!(s, "  require employees in {lo}..{}", lo + 5000);
        let _ = writeln!(
            s,
            "  require industry in [{}, {}, {}]",
            INDUSTRIES[i % 8],
            INDUSTRIES[(i + 1) % 8],
            INDUSTRIES[(i + 3) % 8]
        );
        let _ = writeln!(s, "  exclude tech_stack has {}", TECH[i % TECH.len()]);
        let _ = writeln!(
            s,
            "  score {{\n    big +20 when annual_revenue >= ${}M\n  }}",
            5 + i % 50
        );
        s.push_str("  tiers { A >= 20, B }\n}\n");
    }
    s
}

/// What one case measured.
struct Case {
    group: &'static str,
    name: String,
    icps: usize,
    bytes: u64,
    wall: Duration,
    cpu: Duration,
    rss_kib: u64,
    codes: BTreeMap<String, usize>,
}

fn run_case(
    opts: &AnalysisOptions,
    icpl: &Path,
    dir: &Path,
    path: &Path,
) -> Result<(Duration, Duration, u64, BTreeMap<String, usize>), String> {
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    let mut rss = 0;
    let mut codes = BTreeMap::new();
    for _ in 0..opts.runs {
        let (out, err) = (dir.join("check.stdout"), dir.join("check.stderr"));
        let args = vec![
            "check".to_string(),
            path.display().to_string(),
            "--format".into(),
            "json".into(),
        ];
        let run = measure::run_measured(icpl, &args, &out, &err)?;
        if !matches!(run.code, Some(0 | 1)) {
            return Err(format!(
                "icpl check failed on {} ({:?}): {}",
                path.display(),
                run.code,
                fs::read_to_string(&err).unwrap_or_default()
            ));
        }
        let report: Value = serde_json::from_str(&fs::read_to_string(&out).unwrap_or_default())
            .map_err(|e| format!("icpl check printed no JSON report: {e}"))?;
        codes.clear();
        for d in report["diagnostics"].as_array().into_iter().flatten() {
            let code = d["code"].as_str().unwrap_or("?").to_string();
            *codes.entry(code).or_insert(0) += 1;
        }
        walls.push(run.wall);
        cpus.push(run.cpu);
        rss = rss.max(run.max_rss_kib);
    }
    Ok((median(&walls), median(&cpus), rss, codes))
}

pub fn run(opts: &AnalysisOptions) -> Result<(), String> {
    let icpl = measure::require_binary(&opts.icpl)?;
    let dir = std::env::temp_dir().join(format!("icpl-bench-analysis-{}", std::process::id()));
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let result = run_in(opts, &icpl, &dir);
    let _ = fs::remove_dir_all(&dir);
    result
}

fn run_in(opts: &AnalysisOptions, icpl: &Path, dir: &Path) -> Result<(), String> {
    let mut cases = Vec::new();
    let (sizes, widths, counts): (&[usize], &[usize], &[usize]) = if opts.quick {
        (&[100, 200], &[10, 100], &[50, 100])
    } else {
        (
            &[625, 1250, 2500, 5000],
            &[10, 100, 1000, 4000],
            &[100, 200, 400, 800],
        )
    };
    for &n in sizes {
        eprintln!("generated spec, {n} ICPs ...");
        let gen_opts = GenOptions {
            icps: n,
            personas: 2 * n,
            seed: opts.seed,
            single_file: false,
            icps_per_file: 50,
            personas_per_file: 250,
        };
        let spec = catalogue::generate(&gen_opts);
        let out = dir.join(format!("gen{n}"));
        fs::create_dir_all(&out).map_err(|e| e.to_string())?;
        let written =
            catalogue::write_spec(&spec, &gen_opts, &out).map_err(|e| format!("generate: {e}"))?;
        let (wall, cpu, rss_kib, codes) = run_case(opts, icpl, dir, &written.path)?;
        cases.push(Case {
            group: "scaling",
            name: format!("{n} ICPs, {} personas", 2 * n),
            icps: n,
            bytes: written.icp_bytes,
            wall,
            cpu,
            rss_kib,
            codes,
        });
        let _ = fs::remove_dir_all(&out);
    }
    for &k in widths {
        eprintln!("wide disjunction, {k} ...");
        let text = wide_disjunction_spec(k);
        let path = dir.join(format!("wide{k}.icp"));
        fs::write(&path, &text).map_err(|e| e.to_string())?;
        let (wall, cpu, rss_kib, codes) = run_case(opts, icpl, dir, &path)?;
        cases.push(Case {
            group: "wide disjunctions",
            name: format!("`or` of {k} conjunctions"),
            icps: 1,
            bytes: text.len() as u64,
            wall,
            cpu,
            rss_kib,
            codes,
        });
    }
    for &m in counts {
        eprintln!("overlapping ICPs, {m} ...");
        let text = overlapping_spec(m);
        let path = dir.join(format!("overlap{m}.icp"));
        fs::write(&path, &text).map_err(|e| e.to_string())?;
        let (wall, cpu, rss_kib, codes) = run_case(opts, icpl, dir, &path)?;
        cases.push(Case {
            group: "overlapping ICPs",
            name: format!("{m} ICPs, {} pairs", m * (m - 1) / 2),
            icps: m,
            bytes: text.len() as u64,
            wall,
            cpu,
            rss_kib,
            codes,
        });
    }

    let mut out = String::new();
    let _ = writeln!(out, "## Analysis: `icpl-bench analysis`\n");
    let _ = writeln!(out, "Source: {}\n", source_state());
    let _ = writeln!(out, "| | |\n|---|---|");
    for (k, v) in machine() {
        let _ = writeln!(out, "| {k} | {v} |");
    }
    let _ = writeln!(
        out,
        "\n`icpl check --format json` (every lint on), median of {} runs:\n",
        opts.runs
    );
    let _ = writeln!(
        out,
        "| case | spec | KB | wall s | CPU s | ms per ICP | peak RSS MiB | diagnostics by code |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---|");
    for c in &cases {
        let codes = c
            .codes
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} | {:.3} | {:.3} | {:.3} | {:.0} | {} |",
            c.group,
            c.name,
            c.bytes as f64 / 1000.0,
            c.wall.as_secs_f64(),
            c.cpu.as_secs_f64(),
            c.wall.as_secs_f64() * 1000.0 / c.icps as f64,
            mib(c.rss_kib * 1024),
            if codes.is_empty() {
                "none".into()
            } else {
                codes
            }
        );
    }
    print!("{out}");
    Ok(())
}
