//! `icpl match`: score account (and contact) records from CSV or JSON Lines files.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use icpl::compile::Compilation;
use icpl::eval::compiled::{IcpOutcome, Program, Row, Slot};
use icpl::eval::reader::{CellError, Format, Item, ReadError, Reader};
use icpl::eval::report::{self, Names, PersonaOutcome, Why};
use icpl::eval::{Role, Status, Truth, evaluate_icp};
use icpl::sema::ir::{Entity, Record, Value};

use super::common::{self, Exit, Ui};

/// Score account records (and contacts) against the spec's ICPs and personas.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spec: a `.icp` file or a directory.
    #[arg(default_value = ".")]
    path: PathBuf,

    /// The accounts: a CSV file (header row of column names) or JSON Lines (`.jsonl`); `-` for
    /// standard input.
    #[arg(long, value_name = "FILE")]
    accounts: PathBuf,

    /// Contacts to match against the personas, each naming its account in an `account_id`
    /// column; the output then has one object per contact.
    #[arg(long, value_name = "FILE")]
    contacts: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
    format: OutFormat,

    /// Write the results to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Add, for each ICP, the criteria that decided the result (JSON Lines only).
    #[arg(long)]
    explain: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum OutFormat {
    /// One JSON object per record.
    Jsonl,
    /// One CSV row per record, for spreadsheets.
    Csv,
}

/// Shows progress on a terminal, at most a few times a second.
struct Progress {
    on: bool,
    last: Instant,
    start: Instant,
}

impl Progress {
    fn new() -> Progress {
        let now = Instant::now();
        Progress {
            on: std::io::stderr().is_terminal(),
            last: now,
            start: now,
        }
    }

    fn tick(&mut self, n: u64) {
        if self.on && n.is_multiple_of(1024) && self.last.elapsed() > Duration::from_millis(200) {
            self.last = Instant::now();
            let rate = n as f64 / self.start.elapsed().as_secs_f64().max(1e-9);
            eprint!("\r  {n} records ({rate:.0}/s)");
        }
    }

    fn done(&self) {
        if self.on {
            eprint!("\r\x1b[K");
        }
    }
}

/// The results of one record, reused between records.
struct Scratch {
    row: Row,
    icps: Vec<IcpOutcome>,
    personas: Vec<PersonaOutcome>,
    statuses: Vec<Status>,
    buf: Vec<u8>,
}

fn read_error(e: &ReadError) -> Exit {
    eprintln!("error[read-error]: {e}");
    Exit::Usage
}

fn report_cells(file: &Path, item: &Item) {
    for e in &item.errors {
        let mut line = format!(
            "error[bad-value]: {}:{}: column `{}`: {}",
            file.display(),
            e.line,
            e.column,
            e.error.message
        );
        if let Some(help) = &e.error.help {
            line.push_str(&format!("\n  help: {help}"));
        }
        eprintln!("{line}");
    }
}

/// The record an IR evaluator reads, from the account part of a row.
fn account_record(comp: &Compilation, row: &Row) -> Record {
    let spec = &comp.spec;
    let values = (0..spec.account.attrs.len())
        .map(|slot| match row.slots[slot] {
            Slot::Missing => None,
            Slot::Num(n) => Some(Value::Num(n)),
            Slot::Bool(b) => Some(Value::Bool(b)),
            Slot::Enum(v) => Some(Value::Enum(v)),
            Slot::Set(bits) => Some(Value::Set(
                (0..128u32).filter(|i| bits & (1u128 << i) != 0).collect(),
            )),
        })
        .collect();
    Record { values }
}

/// The explanation of each ICP's result, from the reference evaluator.
fn explain(comp: &Compilation, row: &Row) -> Vec<Vec<Why>> {
    let record = account_record(comp, row);
    let line = |span| comp.map().range(span).map_or(0, |(_, s, _)| s.line);
    comp.spec
        .icps
        .iter()
        .map(|icp| {
            let r = evaluate_icp(&comp.spec, icp, &record);
            let mut why: Vec<Why> = r
                .decisions
                .iter()
                .map(|d| {
                    let c = match d.role {
                        Role::Require => &icp.requires[d.index],
                        _ => &icp.excludes[d.index],
                    };
                    Why {
                        role: if d.role == Role::Require {
                            "require"
                        } else {
                            "exclude"
                        },
                        source: comp.map().slice(c.span).to_string(),
                        line: line(c.span),
                        holds: match d.truth {
                            Truth::True => Some(true),
                            Truth::False => Some(false),
                            Truth::Unknown => None,
                        },
                    }
                })
                .collect();
            for &s in r.signals.iter().chain(&r.unknown_signals) {
                let signal = &icp.signals[s];
                why.push(Why {
                    role: "signal",
                    source: format!(
                        "{} {:+} when {}",
                        signal.id,
                        signal.weight,
                        comp.map().slice(signal.when.span)
                    ),
                    line: line(signal.span),
                    holds: r.signals.contains(&s).then_some(true),
                });
            }
            why
        })
        .collect()
}

/// Writes the results of one record in the chosen format.
#[allow(clippy::too_many_arguments)]
fn emit(
    args: &Args,
    comp: &Compilation,
    names: &Names,
    out: &mut Output<'_>,
    item: &Item,
    s: &mut Scratch,
    personas: bool,
) -> std::io::Result<()> {
    let errors = &item.errors[..];
    let number;
    let id: &str = if item.id.is_empty() {
        number = item.number.to_string();
        &number
    } else {
        &item.id
    };
    match out {
        Output::Json(w) => {
            if errors.is_empty() {
                let why = args.explain.then(|| explain(comp, &s.row));
                report::json_record(
                    &mut s.buf,
                    names,
                    id,
                    &s.icps,
                    personas.then_some(&s.personas[..]),
                    why.as_deref(),
                );
            } else {
                report::json_errors(&mut s.buf, id, errors);
            }
            report::write_line(w, &mut s.buf)
        }
        Output::Csv(w) => w
            .write_record(report::csv_row(
                &comp.spec,
                id,
                &s.icps,
                personas.then_some(&s.personas[..]),
                errors,
            ))
            .map_err(std::io::Error::other),
    }
}

enum Output<'w> {
    Json(&'w mut dyn Write),
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
}

/// Evaluates every ICP (and persona) for the row in `s`.
fn evaluate(program: &Program, s: &mut Scratch, personas: bool) {
    s.statuses.clear();
    for i in 0..s.icps.len() {
        program.icp(i, &s.row, &mut s.icps[i]);
        s.statuses.push(s.icps[i].status.unwrap_or(Status::Unknown));
    }
    if personas {
        for (i, p) in s.personas.iter_mut().enumerate() {
            p.status = Some(program.persona(i, &s.row, &s.statuses, &mut p.missing, &mut p.coarse));
        }
    }
}

pub fn run(args: Args, ui: &Ui) -> Exit {
    let comp = match common::load_rules(&args.path, ui, "no record was scored") {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    if args.explain && args.format == OutFormat::Csv {
        eprintln!("error[usage]: --explain needs the JSON Lines output (--format jsonl)");
        return Exit::Usage;
    }
    let spec = &comp.spec;
    let program = Program::compile(spec);
    let names = Names::new(spec);
    let config = &comp.config.matching;
    let personas = args.contacts.is_some();

    // With contacts, the accounts are read first and kept by id.
    let mut accounts: HashMap<String, (Vec<Slot>, Vec<CellError>)> = HashMap::new();
    let mut bad = 0u64;
    if personas {
        let mut reader = match Reader::open(
            &args.accounts,
            Format::of(&args.accounts),
            spec,
            Entity::Account,
            config,
        ) {
            Ok(r) => r,
            Err(e) => return read_error(&e),
        };
        let mut row = Row::empty(spec);
        let mut item = Item::default();
        while let Some(read) = reader.next(&mut row, &mut item) {
            if let Err(e) = read {
                return read_error(&e);
            }
            report_cells(&args.accounts, &item);
            let slots = row.slots[..spec.account.attrs.len()].to_vec();
            accounts.insert(item.id(), (slots, item.errors.clone()));
        }
    }

    let input = args.contacts.as_ref().unwrap_or(&args.accounts);
    let entity = if personas {
        Entity::Contact
    } else {
        Entity::Account
    };
    let mut reader = match Reader::open(input, Format::of(input), spec, entity, config) {
        Ok(r) => r,
        Err(e) => return read_error(&e),
    };
    let ignored = reader.ignored_columns();
    if !ignored.is_empty() && std::io::stderr().is_terminal() {
        eprintln!(
            "note: ignoring columns that name no attribute: {}",
            ignored.join(", ")
        );
    }

    let mut run_into = |sink: &mut dyn Write| -> std::io::Result<Result<u64, Exit>> {
        let mut out = match args.format {
            OutFormat::Jsonl => Output::Json(sink),
            OutFormat::Csv => {
                let mut w = csv::Writer::from_writer(sink);
                w.write_record(report::csv_header(spec, personas))
                    .map_err(std::io::Error::other)?;
                Output::Csv(Box::new(w))
            }
        };
        let mut s = Scratch {
            row: Row::empty(spec),
            icps: vec![IcpOutcome::default(); spec.icps.len()],
            personas: vec![PersonaOutcome::default(); spec.personas.len()],
            statuses: Vec::new(),
            buf: Vec::with_capacity(1024),
        };
        let mut progress = Progress::new();
        let mut count = 0u64;
        let mut item = Item::default();
        while let Some(read) = reader.next(&mut s.row, &mut item) {
            if let Err(e) = read {
                return Ok(Err(read_error(&e)));
            }
            count += 1;
            progress.tick(count);
            report_cells(input, &item);
            if personas {
                join_account(
                    &mut s.row,
                    &mut item,
                    &accounts,
                    &args.accounts,
                    input,
                    config,
                );
            }
            if !item.errors.is_empty() {
                bad += 1;
            } else {
                evaluate(&program, &mut s, personas);
            }
            emit(&args, &comp, &names, &mut out, &item, &mut s, personas)?;
        }
        progress.done();
        match out {
            Output::Json(w) => w.flush()?,
            Output::Csv(mut w) => w.flush()?,
        }
        Ok(Ok(count))
    };
    let result = match &args.output {
        Some(path) => {
            let mut inner = Ok(Ok(0));
            let written = icpl::output::write_atomic_with(path, |w| {
                inner = run_into(w);
                match &inner {
                    // A failed read leaves no output file behind.
                    Ok(Err(_)) => Err(std::io::Error::other("reading stopped")),
                    Ok(Ok(_)) => Ok(()),
                    Err(e) => Err(std::io::Error::new(e.kind(), e.to_string())),
                }
            });
            match (written, inner) {
                (_, Ok(Err(exit))) => Ok(Err(exit)),
                (Err(e), _) => Err(e),
                (Ok(()), inner) => inner,
            }
        }
        None => {
            let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            run_into(&mut stdout)
        }
    };
    match result {
        Ok(Ok(count)) => {
            eprintln!(
                "scored {count} record{}{}",
                if count == 1 { "" } else { "s" },
                if bad > 0 {
                    format!("; {bad} with values that do not fit the schema")
                } else {
                    String::new()
                }
            );
            if bad > 0 { Exit::Problems } else { Exit::Ok }
        }
        Ok(Err(exit)) => exit,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            eprintln!("error[io-error]: cannot write the results: {e}");
            Exit::Usage
        }
    }
}

/// Copies a contact's account into the row, or records why it cannot.
fn join_account(
    row: &mut Row,
    item: &mut Item,
    accounts: &HashMap<String, (Vec<Slot>, Vec<CellError>)>,
    accounts_path: &Path,
    input: &Path,
    config: &icpl::config::MatchConfig,
) {
    let column = config
        .account_id_column
        .clone()
        .unwrap_or_else(|| "account_id".into());
    let value = item.account.clone();
    let message = match accounts.get(&item.account) {
        Some((slots, errors)) => {
            row.slots[..slots.len()].copy_from_slice(slots);
            if errors.is_empty() {
                return;
            }
            format!("account `{value}` has values that do not fit the schema")
        }
        None if value.is_empty() => "the contact names no account".to_string(),
        None => format!(
            "no account with id `{value}` in {}",
            accounts_path.display()
        ),
    };
    eprintln!(
        "error[bad-value]: {}:{}: {message}",
        input.display(),
        item.line
    );
    item.errors.push(CellError {
        line: item.line,
        column,
        value,
        error: icpl::eval::decode::DecodeError {
            message,
            help: None,
        },
    });
}
