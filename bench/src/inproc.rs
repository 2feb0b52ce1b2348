//! The in-process breakdown: each stage of the pipeline timed on its own through the library
//! API, the way `src/compile.rs` and `icpl build` call them, plus reference point (a),
//! `serde_json` reading the compiled rules back into a `serde_json::Value`.

use std::path::Path;
use std::time::Duration;

use icpl::config::Config;
use icpl::emit::json;

use crate::alloc;
use crate::stats::{Stopwatch, median, min};

/// One phase: median and fastest time over the runs, the heap it leaves behind (what the next
/// phase holds on to) and the most heap held at once while it ran (both above what was held
/// before the run started).
#[derive(Clone, Debug)]
pub struct Phase {
    pub name: &'static str,
    pub median: Duration,
    pub min: Duration,
    /// Median CPU time of this thread.
    pub cpu: Duration,
    pub retained: usize,
    pub peak: usize,
}

#[derive(Clone, Debug)]
pub struct Breakdown {
    pub phases: Vec<Phase>,
    /// All phases together, per run.
    pub total_median: Duration,
    pub total_min: Duration,
    pub total_cpu: Duration,
}

struct Sample {
    times: Vec<Duration>,
    cpu: Vec<Duration>,
    retained: usize,
    peak: usize,
}

impl Sample {
    fn new() -> Sample {
        Sample {
            times: Vec::new(),
            cpu: Vec::new(),
            retained: 0,
            peak: 0,
        }
    }

    fn record(&mut self, (time, cpu): (Duration, Duration), base: usize) {
        self.times.push(time);
        self.cpu.push(cpu);
        self.retained = self.retained.max(alloc::current().saturating_sub(base));
        self.peak = self.peak.max(alloc::peak_since(base));
    }
}

/// Loads, parses, checks and emits the spec at `path` `runs` times. Fails if the spec has any
/// diagnostic (the generator promises none).
pub fn breakdown(path: &Path, runs: usize) -> Result<Breakdown, String> {
    let names = ["load", "parse", "check", "emit: rules", "emit: JSON text"];
    let mut samples: Vec<Sample> = names.iter().map(|_| Sample::new()).collect();
    let mut totals = Vec::new();
    let mut cpu_totals = Vec::new();
    let config = Config::default();
    for _ in 0..runs {
        let base = alloc::reset_peak();
        let t = Stopwatch::start();
        let loaded = icpl::source::load_spec(path)
            .map_err(|e| format!("cannot load `{}`: {e}", path.display()))?;
        samples[0].record(t.stop(), base);

        alloc::reset_peak();
        let t = Stopwatch::start();
        let parsed = icpl::syntax::parse_spec(&loaded);
        samples[1].record(t.stop(), base);
        if let Some(e) = parsed.errors.first() {
            return Err(format!(
                "the generated spec has {} syntax errors; the first: {e}",
                parsed.errors.len()
            ));
        }

        alloc::reset_peak();
        let t = Stopwatch::start();
        let checked = icpl::sema::check(&parsed, &loaded.map, &[]);
        samples[2].record(t.stop(), base);
        if let Some(e) = checked.errors.first() {
            return Err(format!(
                "the generated spec has {} diagnostics from checking; the first: {e}",
                checked.errors.len()
            ));
        }

        alloc::reset_peak();
        let t = Stopwatch::start();
        let rules = json::rules(&checked.spec, &loaded.map, &config);
        samples[3].record(t.stop(), base);

        alloc::reset_peak();
        let t = Stopwatch::start();
        let text = json::to_string(&rules);
        samples[4].record(t.stop(), base);

        let last = |v: &Vec<Duration>| v.last().copied().unwrap_or_default();
        totals.push(samples.iter().map(|s| last(&s.times)).sum());
        cpu_totals.push(samples.iter().map(|s| last(&s.cpu)).sum());
        drop(text);
        drop(rules);
        drop(checked);
        drop(parsed);
        drop(loaded);
    }
    Ok(Breakdown {
        phases: names
            .iter()
            .zip(samples)
            .map(|(&name, s)| Phase {
                name,
                median: median(&s.times),
                min: min(&s.times),
                cpu: median(&s.cpu),
                retained: s.retained,
                peak: s.peak,
            })
            .collect(),
        total_median: median(&totals),
        total_min: min(&totals),
        total_cpu: median(&cpu_totals),
    })
}

/// The whole front end in one call, `icpl::compile::compile_path`, as `icpl check` runs it:
/// load, parse, check and (in builds that have them) the analysis lints. Fails if it reports
/// any diagnostic, so this also verifies that the generated spec is clean.
pub fn compile_all(path: &Path, runs: usize) -> Result<Phase, String> {
    let mut sample = Sample::new();
    for _ in 0..runs {
        let base = alloc::reset_peak();
        let t = Stopwatch::start();
        let comp = icpl::compile::compile_path(path)
            .map_err(|e| format!("cannot load `{}`: {e}", path.display()))?;
        sample.record(t.stop(), base);
        if !comp.diagnostics.is_empty() {
            let first: Vec<String> = comp
                .diagnostics
                .iter()
                .take(5)
                .map(|d| format!("{} [{}]: {}", d.severity.as_str(), d.code, d.message))
                .collect();
            return Err(format!(
                "the generated spec has {} diagnostics; the first:\n{}",
                comp.diagnostics.len(),
                first.join("\n")
            ));
        }
    }
    Ok(Phase {
        name: "`compile_path`: all of `check` (load, parse, check, lints)",
        median: median(&sample.times),
        min: min(&sample.times),
        cpu: median(&sample.cpu),
        retained: sample.retained,
        peak: sample.peak,
    })
}

/// Reference point (a): the time to parse the compiled rules into a `serde_json::Value`.
#[derive(Clone, Debug)]
pub struct JsonRead {
    pub bytes: usize,
    pub median: Duration,
    pub min: Duration,
    pub cpu: Duration,
    pub peak_heap: usize,
}

pub fn json_read(rules_file: &Path, runs: usize) -> Result<JsonRead, String> {
    let text = std::fs::read_to_string(rules_file)
        .map_err(|e| format!("cannot read `{}`: {e}", rules_file.display()))?;
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut peak_heap = 0;
    for _ in 0..runs {
        let base = alloc::reset_peak();
        let t = Stopwatch::start();
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| format!("the compiled rules are not JSON: {e}"))?;
        let (wall, used) = t.stop();
        times.push(wall);
        cpu.push(used);
        peak_heap = peak_heap.max(alloc::peak_since(base));
        if value.get("format").and_then(|f| f.as_str()) != Some("icpl-rules/1") {
            return Err("the compiled rules do not say `format: icpl-rules/1`".into());
        }
        drop(value);
    }
    Ok(JsonRead {
        bytes: text.len(),
        median: median(&times),
        min: min(&times),
        cpu: median(&cpu),
        peak_heap,
    })
}
