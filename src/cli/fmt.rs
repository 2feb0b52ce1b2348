//! `icpl fmt`: rewrite `.icp` files in the canonical style, or check that they are.

use std::io::Write;
use std::path::{Path, PathBuf};

use icpl::diagnostics::escape::escape;
use icpl::diagnostics::{Counts, Diagnostic, codes, render};
use icpl::fmt::format_source;
use icpl::output::write_atomic;
use icpl::source::{self, LoadError, SourceMap};

use super::check::report_path;
use super::common::{self, Exit, Ui};

/// Format .icp files in the canonical style.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories (every `.icp` file below a directory); `-` formats standard input
    /// to standard output.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Write nothing: list the files that are not in the canonical style and exit 1 if any.
    #[arg(long)]
    check: bool,
}

/// The name standard input goes by in messages.
const STDIN: &str = "<stdin>";

pub fn run(args: Args, ui: &Ui) -> Exit {
    let stdin = Path::new("-");
    if args.paths.iter().any(|p| p == stdin) {
        if args.paths.len() > 1 {
            return ui.error(Diagnostic::new(
                &codes::USAGE,
                "`-` (standard input) cannot be combined with other paths",
            ));
        }
        return format_stdin(args.check, ui);
    }
    let mut exit = Exit::Ok;
    for path in &args.paths {
        match files_of(path) {
            Ok(files) => {
                for file in files {
                    exit = exit.max(format_path(&file, args.check, ui));
                }
            }
            Err(e) => exit = exit.max(ui.fail(&e)),
        }
    }
    exit
}

/// The files a path names: the file itself, or the `.icp` files below a directory (found the
/// way a spec's files are).
fn files_of(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let meta = std::fs::metadata(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    if meta.is_dir() {
        source::find_spec_files(path)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

/// The outcome of formatting one text.
enum Outcome {
    Unchanged,
    Changed(String),
    /// Syntax errors (already reported) or a text too large to read.
    Failed(Exit),
}

/// Formats the bytes of one file (or standard input) named `name`, reporting syntax errors.
fn format_bytes(name: &str, bytes: &[u8], ui: &Ui) -> Outcome {
    let (text, invalid_utf8) = source::decode(bytes.to_vec());
    let size = text.len() as u64;
    let spec = source::load_texts(Path::new(""), vec![(name.to_string(), text)]);
    let Some(id) = spec.map.file_ids().next() else {
        return Outcome::Failed(ui.fail(&LoadError::TooLarge {
            path: name.to_string(),
            size,
            limit: source::MAX_TOTAL_BYTES,
        }));
    };
    match format_source(spec.map.file(id), id, invalid_utf8) {
        Ok(formatted) if formatted.as_bytes() == bytes => Outcome::Unchanged,
        Ok(formatted) => Outcome::Changed(formatted),
        Err(diagnostics) => {
            report(&spec.map, &diagnostics, ui, name);
            Outcome::Failed(Exit::Problems)
        }
    }
}

/// Prints syntax errors in the human format, with a summary line naming the file left as it
/// was.
fn report(map: &SourceMap, diagnostics: &[Diagnostic], ui: &Ui, name: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(render::human(diagnostics, map, ui.style()).as_bytes());
    let counts = render::summary_line(Counts::of(diagnostics));
    let _ = writeln!(err, "{}: {counts}; not formatted", escape(name));
}

fn format_path(path: &Path, check: bool, ui: &Ui) -> Exit {
    let name = report_path(Path::new(""), &path.to_string_lossy());
    let bytes = match source::read_regular(path, source::MAX_TOTAL_BYTES) {
        Ok(b) => b,
        Err(e) => return ui.fail(&e),
    };
    let formatted = match format_bytes(&name, &bytes, ui) {
        Outcome::Unchanged => return Exit::Ok,
        Outcome::Changed(f) => f,
        Outcome::Failed(exit) => return exit,
    };
    if !check && let Err(e) = rewrite(path, &formatted) {
        return ui.error(Diagnostic::new(
            &codes::IO_ERROR,
            format!("cannot write `{name}`: {e}"),
        ));
    }
    if let Err(exit) = common::print(|out| writeln!(out, "{}", escape(&name))) {
        return exit;
    }
    if check { Exit::Problems } else { Exit::Ok }
}

/// Replaces a file atomically. A symbolic link is followed, so the file it points to is
/// rewritten and the link stays; the file keeps its permissions.
fn rewrite(path: &Path, text: &str) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    write_atomic(&target, text.as_bytes())?;
    std::fs::set_permissions(&target, permissions)
}

/// `icpl fmt -`: standard input to standard output (with `--check`, only the verdict).
fn format_stdin(check: bool, ui: &Ui) -> Exit {
    let bytes = match source::read_stdin(source::MAX_TOTAL_BYTES) {
        Ok(b) => b,
        Err(e) => return ui.fail(&e),
    };
    let outcome = format_bytes(STDIN, &bytes, ui);
    let result = match (&outcome, check) {
        (Outcome::Failed(exit), _) => return *exit,
        (Outcome::Unchanged, true) => return Exit::Ok,
        (Outcome::Changed(_), true) => common::print(|out| writeln!(out, "{STDIN}")),
        (Outcome::Unchanged, false) => common::print(|out| out.write_all(&bytes)),
        (Outcome::Changed(f), false) => common::print(|out| out.write_all(f.as_bytes())),
    };
    match (result, check) {
        (Err(exit), _) => exit,
        (Ok(()), true) => Exit::Problems,
        (Ok(()), false) => Exit::Ok,
    }
}
