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
    /// A path that is not a regular file: a device (`/dev/zero`), a FIFO or a socket, which
    /// could be read forever or block.
    #[error("`{path}` is not a regular file: it is {kind}")]
    #[diagnostic(
        code("io-error"),
        help("give a regular file (or a folder of `.icp` files); icpl reads only regular files")
    )]
    NotAFile { path: String, kind: &'static str },
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

/// What a path is when it is not a regular file, for messages.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Reads a file that icpl reads whole (a spec file, `icpl.toml`): it must be a regular file
/// (symbolic links are followed), never a device, FIFO or socket, which could be endless or
/// block, and it may hold at most `limit` bytes, checked before reading and while reading (a
/// file that grows is cut off and reported, not read without end).
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let io_err = |source| LoadError::Io {
        path: path.display().to_string(),
        source,
    };
    let too_large = |size| LoadError::TooLarge {
        path: path.display().to_string(),
        size,
        limit,
    };
    // Checked before opening: opening a FIFO blocks until something writes to it.
    let meta = fs::metadata(path).map_err(io_err)?;
    if !meta.is_file() {
        return Err(LoadError::NotAFile {
            path: path.display().to_string(),
            kind: kind_of(&meta),
        });
    }
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let file = fs::File::open(path).map_err(io_err)?;
    // The path may have been replaced between the two looks.
    let meta = file.metadata().map_err(io_err)?;
    if !meta.is_file() {
        return Err(LoadError::NotAFile {
            path: path.display().to_string(),
            kind: kind_of(&meta),
        });
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads standard input whole, at most `limit` bytes (a larger input is an error, never read
/// without end).
pub fn read_stdin(limit: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| LoadError::Io {
            path: "standard input".to_string(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::TooLarge {
            path: "standard input".to_string(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
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
        (path.to_path_buf(), find_spec_files(path)?)
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
    // What is left of the spec's budget bounds each read.
    let mut budget = super::map::MAX_TOTAL_BYTES;
    let mut read = |f: &Path| -> Result<Vec<u8>, LoadError> {
        let bytes = read_regular(f, budget)?;
        budget -= bytes.len() as u64;
        Ok(bytes)
    };

    let mut spec = LoadedSpec {
        map: SourceMap::new(),
        root: root.clone(),
        config: None,
        invalid_utf8: Vec::new(),
    };
    let config_path = root.join(CONFIG_FILE);
    if config_path.exists() {
        let bytes = read(&config_path)?;
        spec.config = Some(add_bytes(&mut spec, &root, &config_path, bytes, path)?);
    }
    for f in files {
        let bytes = read(&f)?;
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

/// The `.icp` files of the spec in the directory `dir`, sorted by path: every file below it
/// whose name ends in `.icp`, skipping hidden files and folders, `target` and `node_modules`.
/// A directory without any is an error.
pub fn find_spec_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    collect_icp_files(dir, &mut files).map_err(|(path, source)| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    files.sort();
    if files.is_empty() {
        return Err(LoadError::Empty {
            path: dir.display().to_string(),
        });
    }
    Ok(files)
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
            // Anything else named `.icp` (a FIFO, a device, a dangling link) is pushed too, and
            // reading it reports what it is instead of skipping it in silence.
            if !(kind.is_symlink() && path.is_dir()) {
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

/// Whether the spec in the directory `root` holds `file`: the file is below `root`, ends in
/// `.icp`, and no folder on the way is hidden, `target` or `node_modules` (the rule
/// [`load_spec`] reads a directory by).
pub fn is_spec_file(root: &Path, file: &Path) -> bool {
    let Ok(rel) = file.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<_> = rel.components().collect();
    let Some((name, folders)) = parts.split_last() else {
        return false;
    };
    let visible = |c: &std::path::Component<'_>| match c {
        std::path::Component::Normal(n) => !n.to_string_lossy().starts_with('.'),
        _ => false,
    };
    visible(name)
        && Path::new(name.as_os_str())
            .extension()
            .is_some_and(|e| e == "icp")
        && folders
            .iter()
            .all(|f| visible(f) && f.as_os_str() != "target" && f.as_os_str() != "node_modules")
}

/// Reads the spec in the directory `root` like [`load_spec`], except that the files in
/// `overrides` are read from memory: an override replaces the file at its path, or adds it
/// when the file is not on disk yet (an editor's unsaved buffer). Overrides that are not
/// files of the spec (see [`is_spec_file`]), other than `icpl.toml` at the root, are ignored.
pub fn load_spec_with(
    root: &Path,
    overrides: &std::collections::BTreeMap<PathBuf, String>,
) -> Result<LoadedSpec, LoadError> {
    let io_err = |p: &Path, source| LoadError::Io {
        path: p.display().to_string(),
        source,
    };
    let mut files = Vec::new();
    collect_icp_files(root, &mut files).map_err(|(p, e)| io_err(&p, e))?;
    files.extend(overrides.keys().filter(|p| is_spec_file(root, p)).cloned());
    files.sort();
    files.dedup();
    if files.is_empty() {
        return Err(LoadError::Empty {
            path: root.display().to_string(),
        });
    }

    let config_path = root.join(CONFIG_FILE);
    let read = |p: &Path| -> Result<Option<Vec<u8>>, LoadError> {
        match overrides.get(p) {
            Some(text) => Ok(Some(text.clone().into_bytes())),
            None if p == config_path && !p.exists() => Ok(None),
            None => read_regular(p, super::map::MAX_TOTAL_BYTES).map(Some),
        }
    };
    let mut contents = Vec::with_capacity(files.len() + 1);
    let mut total: u64 = 0;
    for f in std::iter::once(&config_path).chain(&files) {
        if let Some(bytes) = read(f)? {
            total += bytes.len() as u64;
            contents.push((f.clone(), bytes));
        }
    }
    if total > super::map::MAX_TOTAL_BYTES {
        return Err(LoadError::TooLarge {
            path: root.display().to_string(),
            size: total,
            limit: super::map::MAX_TOTAL_BYTES,
        });
    }

    let mut spec = LoadedSpec {
        map: SourceMap::new(),
        root: root.to_path_buf(),
        config: None,
        invalid_utf8: Vec::new(),
    };
    for (path, bytes) in contents {
        let id = add_bytes(&mut spec, root, &path, bytes, root)?;
        if path == config_path {
            spec.config = Some(id);
        }
    }
    Ok(spec)
}
