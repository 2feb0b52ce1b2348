//! The `lsp` benchmark: how long an editor waits for diagnostics after a change.
//!
//! Generates a realistic spec of about 2,000 lines in one file (the schema, ICPs and personas
//! of the `spec` benchmark's generator, at a smaller size), starts the release `icpl lsp` as a
//! child process, opens the file, and sends N full-text `didChange` edits, alternating a valid
//! edit (a changed summary: the spec stays clean, so every lint runs) and an invalid one (an
//! unknown attribute: an error, so the lints are skipped). For each edit it measures the wall
//! time from writing the `didChange` to the arrival of the `publishDiagnostics` for that
//! version, and checks what was published. Prints Markdown to stdout.

use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::measure;
use crate::report::{machine, source_state};
use crate::stats::median;
use icpl_testkit::catalogue::{self, GenOptions};

/// How long one answer may take before the benchmark gives up.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The options of `icpl-bench lsp`.
#[derive(Clone, Debug)]
pub struct LspOptions {
    pub edits: usize,
    pub icps: usize,
    pub personas: usize,
    pub icpl: PathBuf,
    pub seed: u64,
    pub keep: bool,
}

/// The file URI of an absolute path (the generated paths hold only safe characters, but
/// encode the rest anyway).
fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(b as char);
        } else {
            let _ = write!(uri, "%{b:02X}");
        }
    }
    uri
}

/// `icpl lsp` as a child process, with a thread that timestamps every message it sends.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<(Instant, Value)>,
}

impl Server {
    fn start(icpl: &Path, dir: &Path) -> Result<Server, String> {
        let mut child = Command::new(icpl)
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start `{} lsp`: {e}", icpl.display()))?;
        let stdin = child.stdin.take().ok_or("no standard input for icpl lsp")?;
        let stdout = child
            .stdout
            .take()
            .ok_or("no standard output for icpl lsp")?;
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(value) = read_frame(&mut reader) {
                if tx.send((Instant::now(), value)).is_err() {
                    break;
                }
            }
        });
        Ok(Server {
            child,
            stdin,
            messages: rx,
        })
    }

    fn send(&mut self, value: &Value) -> Result<(), String> {
        let body = value.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("cannot write to icpl lsp: {e}"))
    }

    /// The next message that satisfies `wanted` and when it arrived, skipping others.
    fn wait(&self, wanted: impl Fn(&Value) -> bool) -> Result<(Instant, Value), String> {
        loop {
            let (at, msg) = self
                .messages
                .recv_timeout(TIMEOUT)
                .map_err(|_| "icpl lsp stopped answering".to_string())?;
            if wanted(&msg) {
                return Ok((at, msg));
            }
        }
    }

    /// Sends a message and waits for the diagnostics of `uri` at `version`: the time between
    /// the two and what was published.
    fn round_trip(
        &mut self,
        msg: &Value,
        uri: &str,
        version: i64,
    ) -> Result<(Duration, Vec<Value>), String> {
        let start = Instant::now();
        self.send(msg)?;
        let (at, published) = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })?;
        let diags = published["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        Ok((at.saturating_duration_since(start), diags))
    }
}

/// Reads one `Content-Length` frame; `None` at the end of the output.
fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, v)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The `k`th edit of the text: valid ones change the first summary, invalid ones also add a
/// requirement on an attribute that does not exist.
fn edit(text: &str, k: usize) -> Result<String, String> {
    let at = text
        .find("\n  summary \"")
        .ok_or("the generated spec has no summary")?
        + 1;
    let end = at + text[at..].find('\n').ok_or("the summary line has no end")?;
    let mut line = format!("  summary \"Edited for the latency benchmark, edit {k}.\"");
    if k % 2 == 1 {
        let _ = write!(line, "\n  require employes_typo > {k}");
    }
    Ok(format!("{}{line}{}", &text[..at], &text[end..]))
}

/// The nearest-rank percentile `p` (0-100) of the samples.
fn percentile(samples: &[Duration], p: usize) -> Duration {
    let mut v = samples.to_vec();
    v.sort_unstable();
    let rank = (v.len() * p).div_ceil(100).max(1);
    v.get(rank - 1).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// Runs the benchmark and prints its Markdown report.
pub fn run(opts: &LspOptions) -> Result<(), String> {
    let machine = machine();
    let icpl = measure::require_binary(&opts.icpl)?;
    let dir = std::env::temp_dir().join(format!("icpl-bench-lsp-{}", std::process::id()));
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    let result = measure_in(opts, &icpl, &dir, machine);
    if opts.keep {
        eprintln!("kept the generated files in {}", dir.display());
    } else if let Err(e) = fs::remove_dir_all(&dir) {
        eprintln!("warning: could not remove {}: {e}", dir.display());
    }
    print!("{}", result?);
    Ok(())
}

fn measure_in(
    opts: &LspOptions,
    icpl: &Path,
    dir: &Path,
    machine: Vec<(String, String)>,
) -> Result<String, String> {
    let gen_opts = GenOptions {
        icps: opts.icps,
        personas: opts.personas,
        seed: opts.seed,
        single_file: true,
        icps_per_file: 50,
        personas_per_file: 50,
    };
    let spec = catalogue::generate(&gen_opts);
    let written = catalogue::write_spec(&spec, &gen_opts, dir)
        .map_err(|e| format!("cannot write the spec: {e}"))?;
    let path = fs::canonicalize(&written.path)
        .map_err(|e| format!("cannot find `{}`: {e}", written.path.display()))?;
    let text = fs::read_to_string(&path).map_err(|e| format!("cannot read the spec: {e}"))?;
    let lines = text.lines().count();
    let uri = file_uri(&path);
    eprintln!(
        "generated {} ICPs and {} personas: {lines} lines, {} bytes in {}",
        opts.icps,
        opts.personas,
        text.len(),
        path.display()
    );

    // A private copy of the binary, so that a rebuild during the run cannot mix versions.
    let snapshot = dir.join("icpl");
    fs::copy(icpl, &snapshot).map_err(|e| format!("cannot copy `{}`: {e}", icpl.display()))?;
    let mut server = Server::start(&snapshot, dir)?;
    server.send(&json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "processId": null, "rootUri": file_uri(dir), "capabilities": {} },
    }))?;
    server.wait(|m| m["id"] == 1)?;
    server.send(&json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }))?;

    let open = json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": { "textDocument": { "uri": uri, "languageId": "icp", "version": 1, "text": text } },
    });
    let (open_time, diags) = server.round_trip(&open, &uri, 1)?;
    if let Some(d) = diags.first() {
        return Err(format!("the generated spec is not clean: {d}"));
    }

    eprintln!("sending {} edits", opts.edits);
    let (mut valid, mut invalid) = (Vec::new(), Vec::new());
    for k in 0..opts.edits {
        let version = k as i64 + 2;
        let change = json!({
            "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": edit(&text, k)? }],
            },
        });
        let (time, diags) = server.round_trip(&change, &uri, version)?;
        let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
        if k % 2 == 0 {
            if !codes.is_empty() {
                return Err(format!("a valid edit got diagnostics: {codes:?}"));
            }
            valid.push(time);
        } else {
            if codes != ["unknown-attribute"] {
                return Err(format!("an invalid edit got {codes:?}"));
            }
            invalid.push(time);
        }
    }

    server.send(&json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }))?;
    server.wait(|m| m["id"] == 2)?;
    server.send(&json!({ "jsonrpc": "2.0", "method": "exit" }))?;
    drop(server.stdin);
    let status = server
        .child
        .wait()
        .map_err(|e| format!("cannot wait for icpl lsp: {e}"))?;
    if status.code() != Some(0) {
        return Err(format!("icpl lsp exited with {status}"));
    }

    // The same work without the server, for reference: compiling the text in process.
    let mut compiles = Vec::new();
    for k in 0..opts.edits.min(20) {
        let edited = edit(&text, 2 * k)?;
        let start = Instant::now();
        let loaded = icpl::source::load_texts(dir, vec![("spec.icp".to_string(), edited)]);
        let comp = icpl::compile::compile(loaded);
        compiles.push(start.elapsed());
        if !comp.diagnostics.is_empty() {
            return Err("the edited spec is not clean in process".to_string());
        }
    }

    let version = Command::new(&snapshot)
        .arg("--version")
        .output()
        .ok()
        .map_or("unknown".into(), |o| {
            String::from_utf8_lossy(&o.stdout).trim().to_string()
        });
    let all: Vec<Duration> = valid.iter().chain(&invalid).copied().collect();
    let mut md = String::new();
    let _ = writeln!(md, "### Input\n");
    let _ = writeln!(
        md,
        "One file of {lines} lines ({} bytes): the schema, {} ICPs and {} personas from the \
         `spec` benchmark's generator (seed {}), clean under `{version}`.\n",
        text.len(),
        opts.icps,
        opts.personas,
        opts.seed
    );
    let _ = writeln!(md, "icpl source: {}.\n", source_state());
    let _ = writeln!(md, "### Machine\n\n| | |\n|---|---|");
    for (k, v) in machine {
        let _ = writeln!(md, "| {k} | {v} |");
    }
    let _ = writeln!(
        md,
        "\n### From `didChange` to `publishDiagnostics`, release `icpl lsp`, {} edits\n",
        opts.edits
    );
    let _ = writeln!(
        md,
        "| edits | count | median ms | p90 ms | max ms |\n|---|---:|---:|---:|---:|"
    );
    for (name, samples) in [
        ("valid (the spec stays clean; every lint runs)", &valid),
        (
            "invalid (an unknown attribute; lints are skipped)",
            &invalid,
        ),
        ("all", &all),
    ] {
        if samples.is_empty() {
            continue;
        }
        let _ = writeln!(
            md,
            "| {name} | {} | {} | {} | {} |",
            samples.len(),
            ms(median(samples)),
            ms(percentile(samples, 90)),
            ms(percentile(samples, 100))
        );
    }
    let _ = writeln!(
        md,
        "\nOpening the file (`didOpen` to `publishDiagnostics`): {} ms. For reference, \
         compiling the same text in process through the library (`load_texts` + `compile`, \
         lints included) takes {} ms (median of {}).",
        ms(open_time),
        ms(median(&compiles)),
        compiles.len()
    );
    Ok(md)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let ms = Duration::from_millis;
        let samples: Vec<Duration> = (1..=10).map(ms).collect();
        assert_eq!(percentile(&samples, 90), ms(9));
        assert_eq!(percentile(&samples, 100), ms(10));
        assert_eq!(percentile(&samples, 50), ms(5));
        assert_eq!(percentile(&[], 90), Duration::ZERO);
    }

    #[test]
    fn edits_alternate_valid_and_invalid() {
        let text = "icp a {\n  summary \"x\"\n}\n";
        let valid = edit(text, 0).unwrap_or_default();
        assert_eq!(
            valid,
            "icp a {\n  summary \"Edited for the latency benchmark, edit 0.\"\n}\n"
        );
        let invalid = edit(text, 1).unwrap_or_default();
        assert!(invalid.contains("\n  require employes_typo > 1\n}"));
    }
}
