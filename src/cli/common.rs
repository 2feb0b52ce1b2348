//! What the subcommands share: exit codes, colour choice and the diagnostic report.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use icpl::compile::{Compilation, Options, compile_path, compile_with};
use icpl::diagnostics::escape::escape;
use icpl::diagnostics::render::{self, HumanStyle};
use icpl::diagnostics::{Counts, Diagnostic, codes, github, sarif};
use icpl::source::{CONFIG_FILE, FileId, SourceMap, load_spec, spec_root};

/// The process exit codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Success (warnings allowed).
    Ok = 0,
    /// The spec has errors (or `--deny warnings` and it has warnings).
    Problems = 1,
    /// Bad usage or an I/O failure.
    Usage = 2,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Where and how the command line's own errors (`io-error`, `usage`, ...) are reported: in the
/// format the command reports its diagnostics in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    /// One line each (and a `help:` line), on standard error.
    Human,
    /// An icpl-diagnostics/1 document, on standard output.
    Json,
    /// A SARIF 2.1.0 log, on standard output.
    Sarif,
    /// GitHub Actions workflow commands, on standard output.
    Github,
}

/// How reports are drawn on this run.
pub struct Ui {
    pub color: bool,
    pub report: Report,
}

impl Ui {
    pub fn new(choice: ColorChoice, report: Report) -> Ui {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Ui { color, report }
    }

    pub fn style(&self) -> HumanStyle {
        let width = terminal_width().unwrap_or(100);
        HumanStyle {
            color: self.color,
            unicode: true,
            width,
        }
    }

    /// Reports an error raised by a stage that is not about the spec's text (usage, I/O).
    pub fn fail(&self, d: &dyn miette::Diagnostic) -> Exit {
        self.error(Diagnostic::from_miette(d))
    }

    /// Reports one of the command line's own errors in the run's format ([`Report`]).
    pub fn error(&self, d: Diagnostic) -> Exit {
        emit(std::slice::from_ref(&d), self.report);
        Exit::Usage
    }
}

/// Reports diagnostics that have no place in a spec's sources (the command line's own errors)
/// in a format: the same renderers as a spec's diagnostics, with no source to point into.
pub fn emit(diags: &[Diagnostic], report: Report) {
    let map = SourceMap::default();
    let as_named = |name: &str| name.to_string();
    let text = match report {
        Report::Human => {
            // Paths and values in the message come from the user: `render::line` escapes
            // them, so nothing reaches the terminal raw.
            eprint!("{}", diags.iter().map(render::line).collect::<String>());
            return;
        }
        Report::Json => render::json(diags, &map),
        Report::Sarif => sarif::sarif(diags, &map, &as_named),
        Report::Github => github::github(diags, &map, &as_named),
    };
    // Standard output that cannot be written is reported on standard error by `print`.
    let _ = print(|out| out.write_all(text.as_bytes()));
}

/// A path as human output shows it: control characters escaped.
pub fn shown(path: &Path) -> String {
    escape(&path.display().to_string()).into_owned()
}

/// Writes to standard output. A reader that went away (`icpl build | head`) is not an error:
/// the command stops quietly, as Unix tools do.
pub fn print(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Exit> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Exit::Ok),
        Err(e) => {
            let d = Diagnostic::new(
                &codes::IO_ERROR,
                format!("cannot write to standard output: {e}"),
            );
            eprint!("{}", render::line(&d));
            Err(Exit::Usage)
        }
    }
}

/// The narrowest and widest `COLUMNS` reports are drawn at.
const WIDTHS: std::ops::RangeInclusive<usize> = 40..=1000;

fn terminal_width() -> Option<usize> {
    // Checked by `check_environment` before anything runs.
    let columns: usize = std::env::var("COLUMNS").ok()?.trim().parse().ok()?;
    Some(columns.clamp(*WIDTHS.start(), *WIDTHS.end()))
}

/// An environment variable icpl reads holds a value it cannot use.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("the environment variable `{name}` is `{value}`, which is not {expected}")]
#[diagnostic(code("invalid-environment"))]
pub struct EnvError {
    name: &'static str,
    value: String,
    expected: &'static str,
    #[help]
    help: String,
}

/// Checks the environment variables icpl reads, so that a value it cannot use is reported
/// instead of silently ignored: `ICPL_TODAY` must be a date, `COLUMNS` a whole number. Empty
/// counts as unset. (`NO_COLOR` takes any value.)
pub fn check_environment() -> Vec<EnvError> {
    let mut errors = Vec::new();
    if let Err(value) = icpl::compile::today_from_env() {
        errors.push(EnvError {
            name: icpl::compile::TODAY_VAR,
            value,
            expected: "a date",
            help: "write the date as YYYY-MM-DD, e.g. `ICPL_TODAY=2026-03-31`, or unset it to use today's date".into(),
        });
    }
    if let Some(v) = std::env::var_os("COLUMNS")
        && !v.is_empty()
        && v.to_str()
            .and_then(|t| t.trim().parse::<usize>().ok())
            .is_none_or(|n| n == 0)
    {
        errors.push(EnvError {
            name: "COLUMNS",
            value: v.to_string_lossy().into_owned(),
            expected: "a number of columns",
            help: format!(
                "set it to the width of the terminal, a whole number such as `COLUMNS=100` (reports use {} to {} columns), or unset it",
                WIDTHS.start(),
                WIDTHS.end()
            ),
        });
    }
    errors
}

/// A spec PATH as a command reads it. A file or folder inside a spec (below a folder that
/// holds `icpl.toml`, found as the language server finds it, see [`spec_root`]) stands for
/// that whole spec: alone it would lack the schema and the ICPs the rest of the spec declares.
/// The path is kept, for commands that look at its files alone.
#[derive(Clone, Debug)]
pub struct SpecPath {
    /// What to load: the path given, or the root of the spec that holds it.
    pub load: PathBuf,
    /// The file or folder given, when `load` is the root of its spec.
    pub file: Option<PathBuf>,
}

impl SpecPath {
    pub fn resolve(path: &Path) -> SpecPath {
        if path.exists()
            && let Some(root) = spec_root(path)
            && root.marked
            && root.holds_file
            && !root.is_path
        {
            return SpecPath {
                load: root.dir,
                file: Some(path.to_path_buf()),
            };
        }
        SpecPath {
            load: path.to_path_buf(),
            file: None,
        }
    }

    /// Says on standard error which spec a file was read with, and what is done with it.
    pub fn note(&self, doing: &str) {
        if let Some(file) = &self.file {
            eprintln!(
                "note: `{}` is part of the spec at `{}` (the nearest folder with `{CONFIG_FILE}`); {doing}",
                file.display(),
                self.load.display()
            );
        }
    }

    /// The ids of the files given (the file, or the files below the folder) in a compilation
    /// of their spec; `None` when the whole spec was given.
    pub fn file_ids(&self, comp: &Compilation) -> Option<Vec<FileId>> {
        let wanted = std::fs::canonicalize(self.file.as_ref()?).ok()?;
        Some(
            comp.map()
                .file_ids()
                .filter(|&id| Some(id) != comp.loaded.config)
                .filter(|&id| {
                    std::fs::canonicalize(&comp.map().file(id).path)
                        .is_ok_and(|p| p.starts_with(&wanted))
                })
                .collect(),
        )
    }
}

/// Loads and compiles a spec, or reports why it could not be read. `doing` says what the
/// command does with the spec, for the note printed when PATH is one file of a larger spec.
pub fn load(path: &SpecPath, ui: &Ui, doing: &str) -> Result<Compilation, Exit> {
    path.note(doing);
    compile_path(&path.load).map_err(|e| ui.fail(&e))
}

/// Loads a spec and compiles its rules only (the lints' findings do not change what the rules
/// mean), for commands that run them. A spec with errors is reported, with `refusal` saying
/// what was not done, and stops the command. A file inside a larger spec stands for it (see
/// [`SpecPath`]).
pub fn load_rules(path: &Path, ui: &Ui, refusal: &str) -> Result<Compilation, Exit> {
    let spec = SpecPath::resolve(path);
    spec.note("using that spec");
    let loaded = load_spec(&spec.load).map_err(|e| ui.fail(&e))?;
    let comp = compile_with(loaded, Options::rules_only());
    if comp.has_errors() {
        report_human(&comp, &comp.diagnostics, ui, &spec.load);
        eprintln!("error: {refusal} because the spec has errors");
        return Err(Exit::Problems);
    }
    Ok(comp)
}

/// Prints diagnostics in the human format to standard error, with a summary line.
pub fn report_human(comp: &Compilation, diags: &[Diagnostic], ui: &Ui, path: &Path) {
    let mut err = std::io::stderr().lock();
    if !diags.is_empty() {
        let _ = err.write_all(render::human(diags, comp.map(), ui.style()).as_bytes());
    }
    let counts = Counts::of(diags);
    if counts.errors + counts.warnings + counts.infos > 0 {
        let _ = writeln!(err, "{}: {}", shown(path), render::summary_line(counts));
    }
}
