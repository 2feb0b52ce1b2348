//! Finding and reading the files of a spec.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::map::{FileId, SourceMap};

/// A spec that could not be read at all (the CLI exits with 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LoadError {
    /// The path given on the command line does not exist or cannot be read.
    #[error("cannot read `{path}`: {source}")]
    #[diagnostic(code("io-error"), help("check the path and its permissions"))]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    /// A directory that holds no `.icp` file.
    #[error("no `.icp` files in `{path}`")]
    #[diagnostic(
        code("no-spec-files"),
        help("pass a `.icp` file or a directory that contains `.icp` files")
    )]
    Empty { path: String },
    /// The files together exceed what one spec may hold.
    #[error("the spec at `{path}` is too large ({size} bytes; the limit is {limit} bytes)")]
    #[diagnostic(code("spec-too-large"), help("split it into several specs"))]
    TooLarge { path: String, size: u64, limit: u64 },
}

/// A loaded spec: its files, its root folder and where reading met invalid UTF-8.
#[derive(Debug)]
pub struct LoadedSpec {
    pub map: SourceMap,
    /// The folder the spec lives in: the directory given, or the folder of the file given.
    pub root: PathBuf,
    /// `icpl.toml` at the root, when there is one (it is in `map` too).
    pub config: Option<FileId>,
    /// Files that were not valid UTF-8, with the file-local offset of the first bad byte in the
    /// lossily decoded text.
    pub invalid_utf8: Vec<(FileId, usize)>,
}

/// The name of the optional project settings file at the spec root.
pub const CONFIG_FILE: &str = "icpl.toml";

/// Reads a spec: one `.icp` file, or every `.icp` file under a directory (sorted by path, hidden
/// folders skipped), plus `icpl.toml` at the root.
pub fn load_spec(path: &Path) -> Result<LoadedSpec, LoadError> {
    let io_err = |p: &Path, source| LoadError::Io {
        path: p.display().to_string(),
        source,
    };
    let meta = fs::metadata(path).map_err(|e| io_err(path, e))?;
    let (root, files) = if meta.is_dir() {
        let mut files = Vec::new();
        collect_icp_files(path, &mut files).map_err(|(p, e)| io_err(&p, e))?;
        files.sort();
        if files.is_empty() {
            return Err(LoadError::Empty {
                path: path.display().to_string(),
            });
        }
        (path.to_path_buf(), files)
    } else {
        let root = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        (root, vec![path.to_path_buf()])
    };

    let mut total: u64 = 0;
    for f in &files {
        total += fs::metadata(f).map_err(|e| io_err(f, e))?.len();
    }
    if total > super::map::MAX_TOTAL_BYTES {
        return Err(LoadError::TooLarge {
            path: path.display().to_string(),
            size: total,
            limit: super::map::MAX_TOTAL_BYTES,
        });
    }

    let mut spec = LoadedSpec {
        map: SourceMap::new(),
        root: root.clone(),
        config: None,
        invalid_utf8: Vec::new(),
    };
    let config_path = root.join(CONFIG_FILE);
    if config_path.is_file() {
        let bytes = fs::read(&config_path).map_err(|e| io_err(&config_path, e))?;
        spec.config = Some(add_bytes(&mut spec, &root, &config_path, bytes, path)?);
    }
    for f in files {
        let bytes = fs::read(&f).map_err(|e| io_err(&f, e))?;
        add_bytes(&mut spec, &root, &f, bytes, path)?;
    }
    Ok(spec)
}

/// Adds one file's bytes to the spec, decoding invalid UTF-8 lossily and remembering where.
fn add_bytes(
    spec: &mut LoadedSpec,
    root: &Path,
    file: &Path,
    bytes: Vec<u8>,
    arg: &Path,
) -> Result<FileId, LoadError> {
    let (text, bad) = decode(bytes);
    let name = display_name(root, file);
    let size = text.len() as u64;
    let id = spec
        .map
        .add(name, file.to_path_buf(), text)
        .ok_or_else(|| LoadError::TooLarge {
            path: arg.display().to_string(),
            size,
            limit: super::map::MAX_TOTAL_BYTES,
        })?;
    if let Some(offset) = bad {
        spec.invalid_utf8.push((id, offset));
    }
    Ok(id)
}

/// Decodes UTF-8, dropping a leading byte-order mark. Invalid sequences become U+FFFD and the
/// offset of the first one (in the decoded text) is returned.
pub fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            (text, Some(valid))
        }
    }
}

/// The path of a file relative to the spec root, with `/` separators.
fn display_name(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

fn collect_icp_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), (PathBuf, io::Error)> {
    let entries = fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.to_path_buf(), e))?;
        let path = entry.path();
        let name = entry.file_name();
        let hidden = name.to_string_lossy().starts_with('.');
        let kind = entry.file_type().map_err(|e| (path.clone(), e))?;
        if kind.is_dir() {
            if !hidden && name != "target" && name != "node_modules" {
                collect_icp_files(&path, out)?;
            }
        } else if !hidden && path.extension().is_some_and(|e| e == "icp") {
            // Symlinks to files are followed; symlinked folders are not, so a loop cannot form.
            if kind.is_file() || path.is_file() {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// A spec held in memory (standard input, the language server, tests): each entry is a display
/// name and its text.
pub fn load_texts(root: &Path, files: Vec<(String, String)>) -> LoadedSpec {
    let mut spec = LoadedSpec {
        map: SourceMap::new(),
        root: root.to_path_buf(),
        config: None,
        invalid_utf8: Vec::new(),
    };
    for (name, text) in files {
        let is_config = name == CONFIG_FILE;
        let path = root.join(&name);
        if let Some(id) = spec.map.add(name, path, text)
            && is_config
        {
            spec.config = Some(id);
        }
    }
    spec
}
