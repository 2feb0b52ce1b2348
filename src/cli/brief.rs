//! `icpl brief`: write Markdown briefs for sales and marketing.

use std::fs;
use std::path::{Path, PathBuf};

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
    match write_all(&args.output, &files) {
        Ok(removed) => {
            eprintln!(
                "wrote {} brief{} to {}{}",
                files.len(),
                if files.len() == 1 { "" } else { "s" },
                args.output.display(),
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
        Err(e) => {
            eprintln!(
                "error[io-error]: cannot write briefs to `{}`: {e}",
                args.output.display()
            );
            Exit::Usage
        }
    }
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
        let generated = fs::read_to_string(&path).is_ok_and(|t| t.starts_with(MARKER));
        if generated {
            fs::remove_file(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}
