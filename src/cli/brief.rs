//! `icpl brief`: write Markdown briefs for sales and marketing.

use std::fs;
use std::path::{Path, PathBuf};

use icpl::diagnostics::{Diagnostic, codes};
use icpl::emit::brief::{self, BriefFile, MARKER};
use icpl::output::write_atomic;

use super::common::{self, Exit, Ui};

/// Write one Markdown brief per ICP (with its personas) and an index.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spec: a `.icp` file or a directory.
    #[arg(default_value = ".")]
    path: PathBuf,

    /// The folder to write the briefs into (created if needed).
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
}

pub fn run(args: Args, ui: &Ui) -> Exit {
    let spec = common::SpecPath::resolve(&args.path);
    let comp = match common::load(&spec, ui, "writing the briefs of that spec") {
        Ok(c) => c,
        Err(e) => return e,
    };
    common::report_human(&comp, &comp.diagnostics, ui, &spec.load);
    if comp.has_errors() {
        eprintln!("error: nothing was written because the spec has errors");
        return Exit::Problems;
    }
    let files = brief::briefs(&comp.spec, &comp.config);
    // Nothing a person wrote is ever replaced: any such file in the way stops the run before
    // a single brief is written.
    let conflicts: Vec<Conflict> = files
        .iter()
        .map(|f| args.output.join(&f.name))
        .filter(|path| path_is_taken(path))
        .map(|path| Conflict {
            path: path.display().to_string(),
        })
        .collect();
    if !conflicts.is_empty() {
        for c in &conflicts {
            ui.fail(c);
        }
        eprintln!(
            "error: no brief was written to {}: {} file{} in the way",
            common::shown(&args.output),
            conflicts.len(),
            if conflicts.len() == 1 { " is" } else { "s are" }
        );
        return Exit::Usage;
    }
    match write_all(&args.output, &files) {
        Ok(removed) => {
            eprintln!(
                "wrote {} brief{} to {}{}",
                files.len(),
                if files.len() == 1 { "" } else { "s" },
                common::shown(&args.output),
                if removed > 0 {
                    format!(
                        " (removed {removed} stale brief{})",
                        if removed == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                }
            );
            Exit::Ok
        }
        Err(e) => ui.error(Diagnostic::new(
            &codes::IO_ERROR,
            format!("cannot write briefs to `{}`: {e}", args.output.display()),
        )),
    }
}

/// A file in the way of a brief that icpl did not write.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error(
    "`{path}` was not written by icpl (it does not start with the generated-by line), so it is left as it is"
)]
#[diagnostic(
    code("brief-conflict"),
    help(
        "move or rename it, or write the briefs to another folder with `-o`: icpl replaces only files it generated"
    )
)]
struct Conflict {
    path: String,
}

/// Whether a file is one icpl generated: a regular file (not a link, a folder or a FIFO) whose
/// first bytes are the generated-by line. Only those bytes are read.
fn is_generated(path: &Path) -> bool {
    use std::io::Read;
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let mut head = Vec::with_capacity(MARKER.len());
    fs::File::open(path)
        .and_then(|f| f.take(MARKER.len() as u64).read_to_end(&mut head))
        .is_ok_and(|_| head == MARKER.as_bytes())
}

/// Whether something that icpl did not generate is at a path.
fn path_is_taken(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok() && !is_generated(path)
}

/// Writes every file atomically, then removes briefs an earlier run generated that are no
/// longer part of the spec (only files that start with the generated-file marker).
fn write_all(dir: &Path, files: &[BriefFile]) -> std::io::Result<usize> {
    fs::create_dir_all(dir)?;
    for f in files {
        write_atomic(&dir.join(&f.name), f.text.as_bytes())?;
    }
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.ends_with(".md") || files.iter().any(|f| f.name == name) {
            continue;
        }
        if is_generated(&path) {
            fs::remove_file(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}
