//! Reading a spec as it was at a git revision, through git itself: nothing is checked out and
//! the working tree is not touched.
//!
//! The spec is the one at the same path as in the working tree: the folder's `.icp` files under
//! the same rules as [`load_spec`](crate::source::load_spec) (hidden folders, `target` and
//! `node_modules` skipped) plus `icpl.toml` at its root, or the one file given.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::source::{CONFIG_FILE, LoadedSpec, MAX_TOTAL_BYTES, SourceMap, decode, is_spec_file};

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum GitError {
    #[error("cannot run git: {0}")]
    #[diagnostic(
        code("git-error"),
        help("install git, or compare two folders with `icpl diff OLD NEW`")
    )]
    NotRun(std::io::Error),
    #[error("`{path}` is not inside a git repository")]
    #[diagnostic(
        code("git-error"),
        help(
            "run the command inside a git checkout, or compare two folders with `icpl diff OLD NEW`"
        )
    )]
    NotRepo { path: String },
    #[error("unknown git revision `{rev}`")]
    #[diagnostic(
        code("git-error"),
        help(
            "name a commit, branch or tag; a remote branch must be fetched first (`git fetch origin main`)"
        )
    )]
    UnknownRevision { rev: String },
    #[error("no `.icp` files at `{path}` in revision `{rev}`")]
    #[diagnostic(
        code("no-spec-files"),
        help("the spec did not exist at that revision; pass the path where it lived")
    )]
    Empty { path: String, rev: String },
    #[error("the spec at `{path}` in revision `{rev}` is too large")]
    #[diagnostic(code("spec-too-large"), help("split it into several specs"))]
    TooLarge { path: String, rev: String },
    /// A symbolic link among the spec's files at the revision that leads to no file there.
    #[error("`{path}` in revision `{rev}` is a symbolic link that {why}")]
    #[diagnostic(
        code("git-error"),
        help(
            "icpl follows links only inside the repository at that revision; compare folders with `icpl diff OLD NEW` to read files outside it"
        )
    )]
    Link {
        path: String,
        rev: String,
        why: String,
    },
    #[error("git failed: {detail}")]
    #[diagnostic(code("git-error"))]
    Failed { detail: String },
}

/// Runs git in a folder and gives its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, GitError> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(GitError::NotRun)
}

fn stdout_line(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

/// Reads the spec at `path` (a folder or a `.icp` file of the working tree) as it was at `rev`.
pub fn load_revision(rev: &str, path: &Path) -> Result<LoadedSpec, GitError> {
    if rev.starts_with('-') || rev.is_empty() || rev.contains(['\n', '\0']) {
        return Err(GitError::UnknownRevision { rev: rev.into() });
    }
    // The spec root in the working tree, and the one file when a file is given.
    let is_file =
        path.is_file() || (!path.exists() && path.extension().is_some_and(|e| e == "icp"));
    let (root, file): (PathBuf, Option<String>) = if is_file {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (parent, Some(name))
    } else {
        (path.to_path_buf(), None)
    };
    // Git runs in the nearest folder that exists (the spec may be gone from the working tree).
    let mut dir = root.clone();
    let mut missing: Vec<String> = Vec::new();
    while !dir.is_dir() {
        let Some(name) = dir.file_name() else { break };
        missing.push(name.to_string_lossy().into_owned());
        dir = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    }
    let top = git(&dir, &["rev-parse", "--show-toplevel"])?;
    if !top.status.success() {
        return Err(GitError::NotRepo {
            path: path.display().to_string(),
        });
    }
    let top = PathBuf::from(stdout_line(&top));
    let prefix = git(&dir, &["rev-parse", "--show-prefix"])?;
    let mut prefix = stdout_line(&prefix);
    for m in missing.iter().rev() {
        prefix.push_str(m);
        prefix.push('/');
    }
    let verify = git(
        &top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )?;
    if !verify.status.success() {
        return Err(GitError::UnknownRevision { rev: rev.into() });
    }
    let commit = stdout_line(&verify);

    let pathspec = match &file {
        Some(f) => format!("{prefix}{f}"),
        None if prefix.is_empty() => ".".to_string(),
        None => prefix.trim_end_matches('/').to_string(),
    };
    let listed = git(
        &top,
        &[
            "ls-tree",
            "-r",
            "-z",
            "--full-name",
            "--name-only",
            &commit,
            "--",
            &pathspec,
        ],
    )?;
    if !listed.status.success() {
        return Err(GitError::Failed {
            detail: String::from_utf8_lossy(&listed.stderr).trim().to_string(),
        });
    }
    let root_rel = Path::new(prefix.trim_end_matches('/'));
    let config_rel = format!("{prefix}{CONFIG_FILE}");
    let mut config = None;
    let mut files: Vec<String> = Vec::new();
    for name in listed.stdout.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        if file.is_some() || is_spec_file(root_rel, Path::new(&name)) {
            files.push(name);
        } else if name == config_rel {
            config = Some(name);
        }
    }
    let empty = || GitError::Empty {
        path: path.display().to_string(),
        rev: rev.into(),
    };
    if files.is_empty() {
        return Err(empty());
    }
    files.sort();
    let mut wanted: Vec<String> = config.iter().cloned().collect();
    wanted.extend(files);
    let blobs = cat_files(&top, &commit, &wanted).map_err(|e| match e {
        GitError::Link { path, why, .. } => GitError::Link {
            path,
            rev: rev.into(),
            why,
        },
        e => e,
    })?;

    let mut spec = LoadedSpec {
        map: SourceMap::new(),
        root: root.clone(),
        config: None,
        invalid_utf8: Vec::new(),
    };
    let mut read_any = false;
    for (name, blob) in wanted.iter().zip(blobs) {
        // A link to a folder is not followed, as in the working tree.
        let Blob::File(bytes) = blob else { continue };
        read_any |= config.as_deref() != Some(name.as_str());
        let rel = name.strip_prefix(&prefix).unwrap_or(name);
        let (text, bad) = decode(bytes);
        let Some(id) = spec.map.add(rel.to_string(), root.join(rel), text) else {
            return Err(GitError::TooLarge {
                path: path.display().to_string(),
                rev: rev.into(),
            });
        };
        if config.as_deref() == Some(name.as_str()) {
            spec.config = Some(id);
        }
        if let Some(offset) = bad {
            spec.invalid_utf8.push((id, offset));
        }
    }
    if !read_any {
        return Err(empty());
    }
    Ok(spec)
}

/// What a path names at a commit, symbolic links followed.
enum Blob {
    File(Vec<u8>),
    /// A link to a folder.
    Folder,
}

/// The contents of files at a commit, in order, through one `git cat-file --batch`. Symbolic
/// links are followed inside the commit's tree (`--follow-symlinks`; git gives up after 40
/// links, so a chain or a loop is bounded): a link is read as the file it leads to, never as
/// its own text, and one that leads outside the repository, to nothing, or round in a loop is
/// a [`GitError::Link`].
fn cat_files(top: &Path, commit: &str, names: &[String]) -> Result<Vec<Blob>, GitError> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["cat-file", "--batch", "--follow-symlinks"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(GitError::NotRun)?;
    let failed = |detail: String| GitError::Failed { detail };
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| failed("no pipe to git".into()))?;
    let requests: String = names.iter().map(|n| format!("{commit}:{n}\n")).collect();
    // Write from another thread so that a large answer cannot block the request.
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| failed("no pipe from git".into()))?;
    let mut reader = BufReader::new(stdout);
    let mut out = Vec::with_capacity(names.len());
    let mut total: u64 = 0;
    for name in names {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| failed(format!("reading `{name}`: {e}")))?;
        // "<oid> blob <size>" (or `tree` for a link to a folder), "<name> missing", or for a
        // link that leads nowhere "<dangling|loop|notdir|symlink> <size>" and the link's text.
        let parts: Vec<&str> = header.split_whitespace().collect();
        let (kind, size) = match parts.as_slice() {
            [_, kind @ ("blob" | "tree"), size] => (*kind, size.parse::<usize>().ok()),
            [kind @ ("dangling" | "loop" | "notdir" | "symlink"), size] => {
                (*kind, size.parse::<usize>().ok())
            }
            _ => ("", None),
        };
        let Some(size) = size else {
            return Err(failed(format!("cannot read `{name}`: {}", header.trim())));
        };
        total += size as u64;
        if total > MAX_TOTAL_BYTES {
            return Err(GitError::TooLarge {
                path: name.clone(),
                rev: commit.to_string(),
            });
        }
        let mut bytes = vec![0u8; size];
        reader
            .read_exact(&mut bytes)
            .map_err(|e| failed(format!("reading `{name}`: {e}")))?;
        let mut newline = [0u8; 1];
        reader
            .read_exact(&mut newline)
            .map_err(|e| failed(format!("reading `{name}`: {e}")))?;
        // git names the place as `<commit>:<path>`; the path is what the user knows.
        let link = || {
            let text = String::from_utf8_lossy(&bytes);
            let text = text
                .strip_prefix(commit)
                .and_then(|t| t.strip_prefix(':'))
                .unwrap_or(&text);
            crate::diagnostics::escape::escape(text).into_owned()
        };
        let why = match kind {
            "blob" => {
                out.push(Blob::File(bytes));
                continue;
            }
            "tree" => {
                out.push(Blob::Folder);
                continue;
            }
            "symlink" => format!("leads outside the repository (to `{}`)", link()),
            "dangling" => format!(
                "leads to `{}`, which does not exist at that revision",
                link()
            ),
            "loop" => format!("is part of a loop of links (at `{}`)", link()),
            _ => format!("leads through `{}` as if it were a folder", link()),
        };
        return Err(GitError::Link {
            path: name.clone(),
            rev: commit.to_string(),
            why,
        });
    }
    drop(reader);
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}
