//! The `records` target: bytes as the record files of `icpl match`, read against a fixed spec
//! ([`SPEC`], every attribute type, a set of more than 128 values, personas, a column mapping).
//!
//! The input starts with two bytes of options, then the accounts file, then optionally a NUL
//! byte and a contacts file:
//!
//! - byte 0, bits 0-2: the file names and `--input-format`: `.csv`, `.jsonl`, no extension
//!   (the format is told from the first character), `.tsv`, `.ndjson`, `.csv` read as JSON
//!   Lines, `.jsonl` read as CSV, no extension read as CSV; bit 3 `--decimal-comma`; bit 4
//!   `--strict-columns`; bit 5 CSV output; bit 6 `--explain`; bit 7 ids escaped in CSV output
//!   (as on a terminal);
//! - byte 1: `--delimiter` when it is a character the command line takes, else none.
//!
//! What must hold, whatever the bytes:
//!
//! - `icpl match` (the library call behind it) ends with a summary or a reason, never a panic,
//!   and refuses `--explain` with CSV output;
//! - every notice and error it reports is free of control characters from the data, and every
//!   bad value names its line; there is a bad record in the summary exactly when one was
//!   reported;
//! - the output has one JSON object (or CSV row, after the header) per record, an `errors`
//!   list exactly for the bad ones;
//! - every record that reads without errors gets the same answer from the reference evaluator
//!   and the compiled one (status, scores, tier, signals, missing and coarse attributes, for
//!   every ICP and persona), and that answer is what the output says.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use icpl::compile::{Compilation, compile_with};
use icpl::diagnostics::escape::is_unsafe;
use icpl::diagnostics::{Diagnostic, render};
use icpl::eval::compiled::{IcpOutcome, Program};
use icpl::eval::row::{Row, slot_of};
use icpl::eval::{IcpResult, Status, TierOutcome, evaluate_icp, evaluate_persona};
use icpl::records::join::Accounts;
use icpl::records::number::DecimalMark;
use icpl::records::read::{Format, Item, ReadOptions, Reader};
use icpl::records::run::{self, Events, OutputFormat, Stop, Summary};
use icpl::sema::ir::{AttrId, Entity, Spec};
use serde_json::Value;

/// The spec every input is read against: every type, a hierarchy, ranks, a small set and one
/// held in the row's words (200 values), exclusions, signals, tiers and personas.
pub const SPEC: &str = r#"account {
  employees: int
  revenue: money
  growth: percent
  sso: bool
  industry: enum { saas, fintech, retail }
  region: enum {
    emea { uk, germany }
    apac { japan, australia }
  }
  stage: ordered enum { seed, series_a, series_b, public }
  stack: set { crm, cdp, warehouse }
  tools: set {
    TOOLS
  }
}

contact {
  seniority: ordered enum { ic, manager, director }
  department: enum { sales, finance }
}

icp core "Core" {
  require employees in 100..1000
  require revenue > $1M
  require industry in [saas, fintech]
  require region in [emea]
  exclude stack has crm and not sso
  score {
    warehouse +30 when stack has warehouse
    fast      +20 when growth >= 50%
    late      -10 when stage >= public
  }
  tiers { A >= 40, B >= 20, C }
}

# icpl: allow(overlapping-icps) records may match both
icp broad "Broad" {
  require stage in series_a..series_b or revenue >= $100M
  require stack has none [cdp]
}

# icpl: allow(overlapping-icps) records may match several
icp tooling "Tooling" {
  require tools has any [t0, t63, t64, t127, t128, t199] or employees >= 9007199254740991
  exclude tools has all [t1, t2] and growth < -0.000000000000000001%
  score {
    wide  +5 when tools has t150
    rich  +7 when revenue >= $9007199254740.991
    young -3 when region in [apac] or not sso
  }
  tiers { Top >= 10, Rest }
}

persona buyer "Buyer" for core, tooling {
  require seniority >= manager
  exclude department == finance
  goals ["g"]
  pains ["p"]
}

persona anyone "Anyone" {
  require department in [sales] or region in [uk]
  goals ["g"]
  pains ["p"]
}
"#;

/// The settings of the fixed spec: a column mapping and the id columns `icpl match` uses.
pub const CONFIG: &str = r#"[match]
id-column = "id"
account-id-column = "account_id"

[match.columns]
"Head Count" = "employees"
"Seniority Level" = "contact.seniority"
"#;

/// The fixed spec, compiled once, with its compiled program.
struct Fixed {
    comp: Compilation,
    program: Program,
}

fn fixed() -> &'static Fixed {
    static FIXED: OnceLock<Fixed> = OnceLock::new();
    FIXED.get_or_init(|| {
        let tools: Vec<String> = (0..200).map(|i| format!("t{i}")).collect();
        let text = SPEC.replace("TOOLS", &tools.join(", "));
        let loaded = icpl::source::load_texts(
            Path::new("/spec"),
            vec![
                (icpl::source::CONFIG_FILE.to_string(), CONFIG.to_string()),
                ("spec.icp".to_string(), text),
            ],
        );
        let comp = compile_with(loaded, super::options());
        let errors: Vec<_> = comp
            .diagnostics
            .iter()
            .filter(|d| d.severity != icpl::diagnostics::Severity::Info)
            .collect();
        assert!(errors.is_empty(), "the fixed spec has problems: {errors:?}");
        let program = Program::compile(&comp.spec);
        Fixed { comp, program }
    })
}

/// What the option bytes ask for.
#[derive(Clone, Copy, Debug)]
struct Choices {
    extension: &'static str,
    read: ReadOptions,
    output: OutputFormat,
    explain: bool,
    escape_ids: bool,
}

impl Choices {
    fn of(flags: u8, delimiter: u8) -> Choices {
        let (extension, format) = match flags & 7 {
            0 => ("csv", None),
            1 => ("jsonl", None),
            2 => ("", None),
            3 => ("tsv", None),
            4 => ("ndjson", None),
            5 => ("csv", Some(Format::JsonLines)),
            6 => ("jsonl", Some(Format::Csv)),
            _ => ("", Some(Format::Csv)),
        };
        // What `--delimiter` takes: one ASCII character other than a quote or a line break.
        let delimiter =
            (delimiter != 0 && delimiter.is_ascii() && !matches!(delimiter, b'"' | b'\n' | b'\r'))
                .then_some(delimiter);
        Choices {
            extension,
            read: ReadOptions {
                format,
                delimiter,
                decimal: if flags & 8 != 0 {
                    DecimalMark::Comma
                } else {
                    DecimalMark::Point
                },
                strict_columns: flags & 16 != 0,
            },
            output: if flags & 32 != 0 {
                OutputFormat::Csv
            } else {
                OutputFormat::Jsonl
            },
            explain: flags & 64 != 0,
            escape_ids: flags & 128 != 0,
        }
    }
}

/// A folder of its own for one input's files, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "icpl-fuzz-records-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        Scratch(dir)
    }

    fn write(&self, stem: &str, extension: &str, bytes: &[u8]) -> PathBuf {
        let mut path = self.0.join(stem);
        if !extension.is_empty() {
            path.set_extension(extension);
        }
        fs::write(&path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// What a run reports, kept.
#[derive(Default)]
struct Kept {
    notices: Vec<Diagnostic>,
    progress: u64,
}

impl Events for Kept {
    fn notice(&mut self, notice: Diagnostic) {
        self.notices.push(notice);
    }
    fn progress(&mut self, records: u64) {
        assert_eq!(records, self.progress + 1, "progress skipped a record");
        self.progress = records;
    }
}

/// Runs `icpl match` on an input; panics when a promise does not hold.
pub fn records(data: &[u8]) {
    let (flags, delimiter, rest) = match data {
        [f, d, rest @ ..] => (*f, *d, rest),
        [f] => (*f, 0, &[][..]),
        [] => (0, 0, &[][..]),
    };
    let choices = Choices::of(flags, delimiter);
    let parts = super::parts(rest, 2);
    let scratch = Scratch::new();
    let accounts = scratch.write(
        "accounts",
        choices.extension,
        parts.first().copied().unwrap_or_default(),
    );
    let contacts = parts
        .get(1)
        .map(|bytes| scratch.write("contacts", choices.extension, bytes));
    let fixed = fixed();
    let options = run::Options {
        accounts: accounts.clone(),
        contacts: contacts.clone(),
        read: choices.read,
        format: choices.output,
        explain: choices.explain,
        escape_ids: choices.escape_ids,
    };
    let mut sink = Vec::new();
    let mut kept = Kept::default();
    let result = run::run(&fixed.comp, &options, &mut sink, &mut kept);
    check_notices(&kept.notices);
    let summary = match result {
        Ok(summary) => summary,
        Err(Stop::Usage(message)) => {
            assert!(
                choices.explain && choices.output == OutputFormat::Csv,
                "a usage error for options that fit together: {message}"
            );
            return;
        }
        Err(Stop::Write(e)) => panic!("writing to memory failed: {e}"),
        Err(Stop::Read(e)) => {
            // A file that cannot be read as records: the reason must be safe to print.
            let text = format!("{e}\n{}", e.help().unwrap_or_default());
            if let Some(c) = text.chars().find(|&c| is_unsafe(c)) {
                panic!("a read error holds the raw character {c:?}: {text:?}");
            }
            return;
        }
    };
    assert_eq!(
        kept.progress, summary.records,
        "progress and summary disagree"
    );
    let errors = kept
        .notices
        .iter()
        .filter(|n| n.severity == icpl::diagnostics::Severity::Error)
        .count();
    assert_eq!(
        summary.bad_records() > 0,
        errors > 0,
        "bad records in the summary ({summary:?}) and errors reported ({errors}) disagree"
    );
    let outputs = output_records(&sink, &choices, &summary);
    agree(fixed, &choices, &accounts, contacts.as_deref(), &outputs);
}

/// Notices are printed on a terminal as they are: nothing in them may drive it.
fn check_notices(notices: &[Diagnostic]) {
    for n in notices {
        if let Some(c) = n.message.chars().find(|c| c.is_control()) {
            panic!("a notice's message holds the raw character {c:?}: {n:?}");
        }
        let shown = render::line(n);
        if let Some(c) = shown.chars().find(|&c| is_unsafe(c)) {
            panic!("a notice holds the raw character {c:?}: {shown:?}");
        }
        if n.code == "bad-value" {
            assert!(
                n.place.as_ref().is_some_and(|p| p.line.is_some()),
                "a bad value without its line: {n:?}"
            );
        }
    }
}

/// One output record: its id, and per ICP and persona what the output says (`status`,
/// `score`, `tier`), or `None` for a bad record.
struct Output {
    id: String,
    results: Option<Value>,
}

/// The output's records, one per record read; checked for their shape on the way.
fn output_records(sink: &[u8], choices: &Choices, summary: &Summary) -> Vec<Output> {
    let spec = &fixed().comp.spec;
    let mut out = Vec::new();
    match choices.output {
        OutputFormat::Jsonl => {
            let text = std::str::from_utf8(sink)
                .unwrap_or_else(|e| panic!("the JSON Lines output is not UTF-8: {e}"));
            for line in text.lines() {
                let v: Value = serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("an output line is not JSON ({e}): {line}"));
                let id = match &v["id"] {
                    Value::String(s) => s.clone(),
                    other => panic!("an output line's id is not a string: {other}"),
                };
                let results = if v.get("errors").is_some() {
                    assert!(
                        v["errors"].as_array().is_some_and(|e| !e.is_empty()),
                        "a bad record without errors: {line}"
                    );
                    None
                } else {
                    Some(v)
                };
                out.push(Output { id, results });
            }
        }
        OutputFormat::Csv => {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(true)
                .from_reader(sink);
            let header: Vec<String> = match reader.headers() {
                Ok(h) => h.iter().map(str::to_string).collect(),
                Err(e) => panic!("the CSV output has no header: {e}"),
            };
            let column = |name: &str| header.iter().position(|h| h == name);
            for row in reader.records() {
                let row = row.unwrap_or_else(|e| panic!("the CSV output is not CSV: {e}"));
                assert_eq!(row.len(), header.len(), "a CSV output row of another width");
                let cell = |name: &str| column(name).and_then(|i| row.get(i)).unwrap_or("");
                let id = cell("id").to_string();
                let results = if cell("errors").is_empty() {
                    let mut icps = serde_json::Map::new();
                    for icp in &spec.icps {
                        let score = cell(&format!("{}.score", icp.id));
                        let tier = cell(&format!("{}.tier", icp.id));
                        icps.insert(
                            icp.id.clone(),
                            serde_json::json!({
                                "status": cell(&format!("{}.status", icp.id)),
                                "score": score.parse::<i64>().ok(),
                                "tier": (!tier.is_empty() && tier != "?").then_some(tier),
                            }),
                        );
                    }
                    let mut personas = serde_json::Map::new();
                    for p in &spec.personas {
                        if let Some(i) = column(&format!("{}.status", p.id)) {
                            personas.insert(
                                p.id.clone(),
                                serde_json::json!({ "status": row.get(i).unwrap_or("") }),
                            );
                        }
                    }
                    Some(serde_json::json!({ "icps": icps, "personas": personas }))
                } else {
                    None
                };
                out.push(Output { id, results });
            }
        }
    }
    assert_eq!(
        out.len() as u64,
        summary.records,
        "the output has another number of records than were read"
    );
    let bad = out.iter().filter(|o| o.results.is_none()).count() as u64;
    assert_eq!(
        bad, summary.bad,
        "the output has another number of bad records"
    );
    out
}

/// Reads the files again, record by record, and holds the two evaluators to the same answer
/// on every record that reads without errors, and the output to that answer.
fn agree(
    fixed: &Fixed,
    choices: &Choices,
    accounts: &Path,
    contacts: Option<&Path>,
    outputs: &[Output],
) {
    let spec = &fixed.comp.spec;
    let config = &fixed.comp.config.matching;
    let mut row = Row::empty(spec);
    let mut item = Item::default();
    let open = |path: &Path, entity| {
        Reader::open(path, &choices.read, spec, entity, config)
            .unwrap_or_else(|e| panic!("the run read {} but a reader cannot: {e}", path.display()))
    };
    let Some(contacts) = contacts else {
        let mut reader = open(accounts, Entity::Account);
        let mut k = 0;
        while let Some(read) = reader.next(&mut row, &mut item) {
            if let Err(e) = read {
                panic!("the run read the file to its end but a reader cannot: {e}");
            }
            let output = outputs.get(k);
            k += 1;
            if item.errors.is_empty() {
                let icps = icps_agree(spec, &fixed.program, &row);
                check_output(spec, choices, &item, output, &icps, None);
            }
        }
        return;
    };
    let mut reader = open(accounts, Entity::Account);
    let mut kept = Accounts::default();
    while let Some(read) = reader.next(&mut row, &mut item) {
        if let Err(e) = read {
            panic!("the run read the accounts but a reader cannot: {e}");
        }
        let _ = kept.insert(&row, &item);
    }
    let mut reader = open(contacts, Entity::Contact);
    let file = accounts.display().to_string();
    let mut k = 0;
    while let Some(read) = reader.next(&mut row, &mut item) {
        if let Err(e) = read {
            panic!("the run read the contacts but a reader cannot: {e}");
        }
        let output = outputs.get(k);
        k += 1;
        if item.errors.is_empty() && kept.join(&mut row, &item, &file).is_ok() {
            let icps = icps_agree(spec, &fixed.program, &row);
            let personas = personas_agree(spec, &fixed.program, &row, &icps);
            check_output(spec, choices, &item, output, &icps, Some(&personas));
        } else if let Some(o) = output {
            assert!(
                o.results.is_none(),
                "a bad contact has results in the output"
            );
        }
    }
}

/// The slots of attributes, sorted.
fn slots(spec: &Spec, attrs: &[AttrId]) -> Vec<usize> {
    let mut s: Vec<usize> = attrs.iter().map(|&a| slot_of(spec, a)).collect();
    s.sort_unstable();
    s
}

fn sorted(v: &[usize]) -> Vec<usize> {
    let mut v = v.to_vec();
    v.sort_unstable();
    v
}

/// Both evaluators on every ICP for a row; panics where they differ.
fn icps_agree(spec: &Spec, program: &Program, row: &Row) -> Vec<(IcpResult, IcpOutcome)> {
    let account = row.account_record(spec);
    spec.icps
        .iter()
        .enumerate()
        .map(|(i, icp)| {
            let r = evaluate_icp(spec, icp, &account);
            let mut out = IcpOutcome::default();
            program.icp(i, row, &mut out);
            let what = format!("ICP `{}` on {account:?}", icp.id);
            assert_eq!(Some(r.status), out.status, "status of {what}");
            assert_eq!(
                (r.score, r.score_min, r.score_max),
                (out.score, out.score_min, out.score_max),
                "score of {what}"
            );
            assert_eq!(Some(r.tier), out.tier, "tier of {what}");
            assert_eq!(r.signals, out.signals, "signals of {what}");
            assert_eq!(
                r.unknown_signals, out.unknown_signals,
                "unknown signals of {what}"
            );
            assert_eq!(
                slots(spec, &r.missing),
                sorted(&out.missing),
                "missing of {what}"
            );
            assert_eq!(
                slots(spec, &r.coarse),
                sorted(&out.coarse),
                "coarse of {what}"
            );
            (r, out)
        })
        .collect()
}

/// Both evaluators on every persona for a row (its account joined); panics where they differ.
fn personas_agree(
    spec: &Spec,
    program: &Program,
    row: &Row,
    icps: &[(IcpResult, IcpOutcome)],
) -> Vec<Status> {
    let account = row.account_record(spec);
    let contact = row.contact_record(spec);
    let statuses: Vec<Status> = icps.iter().map(|(r, _)| r.status).collect();
    let outcomes: Vec<IcpOutcome> = icps.iter().map(|(_, o)| o.clone()).collect();
    spec.personas
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let r = evaluate_persona(spec, p, &account, &contact, &statuses);
            let (mut missing, mut coarse) = (Vec::new(), Vec::new());
            let status = program.persona(k, row, &outcomes, &mut missing, &mut coarse);
            let what = format!("persona `{}` on {account:?} and {contact:?}", p.id);
            assert_eq!(r.status, status, "status of {what}");
            assert_eq!(
                slots(spec, &r.missing),
                sorted(&missing),
                "missing of {what}"
            );
            assert_eq!(slots(spec, &r.coarse), sorted(&coarse), "coarse of {what}");
            status
        })
        .collect()
}

/// The output of a good record says what the evaluators say.
fn check_output(
    spec: &Spec,
    choices: &Choices,
    item: &Item,
    output: Option<&Output>,
    icps: &[(IcpResult, IcpOutcome)],
    personas: Option<&[Status]>,
) {
    let Some(output) = output else {
        panic!("record {} has no output", item.number);
    };
    let expected_id = item.id();
    if !(choices.output == OutputFormat::Csv && choices.escape_ids) {
        assert_eq!(output.id, expected_id, "the output's id");
    }
    let Some(results) = &output.results else {
        panic!("the good record {expected_id:?} is reported bad in the output");
    };
    for (icp, (r, _)) in spec.icps.iter().zip(icps) {
        let said = &results["icps"][icp.id.as_str()];
        let what = format!("the output for ICP `{}` of record {expected_id:?}", icp.id);
        assert_eq!(said["status"], r.status.as_str(), "status in {what}");
        let score = (r.status == Status::Match).then_some(r.score);
        assert_eq!(said["score"].as_i64(), score, "score in {what}");
        let tier = match r.tier {
            TierOutcome::Tier(t) => icp.tiers.get(t).map(|t| t.name.as_str()),
            _ => None,
        };
        assert_eq!(said["tier"].as_str(), tier, "tier in {what}");
    }
    if let Some(statuses) = personas {
        for (p, status) in spec.personas.iter().zip(statuses) {
            let said = &results["personas"][p.id.as_str()]["status"];
            assert_eq!(
                said,
                status.as_str(),
                "the output's status of persona `{}` for record {expected_id:?}",
                p.id
            );
        }
    }
}
