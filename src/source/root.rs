//! Finding the spec a file (or a folder) belongs to: the nearest folder at or above it that
//! holds `icpl.toml`.
//!
//! `icpl check FILE` and the language server both use this, so a file is checked in the same
//! context on the command line and in an editor: with the other files of its spec.

use std::path::{Component, Path, PathBuf};

use super::load::{CONFIG_FILE, is_spec_file};

/// Where the spec that holds a file (or a folder) starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecRoot {
    /// The folder, in the form of the path given: relative to the working directory when the
    /// path was relative (`..` when the root is above it), absolute when it was absolute.
    pub dir: PathBuf,
    /// Whether the folder holds `icpl.toml` (else it is only the file's own folder).
    pub marked: bool,
    /// Whether the spec in `dir` reads the file (it ends in `.icp`, and no folder between is
    /// hidden, `target` or `node_modules`), or, for a folder, the files in it.
    pub holds_file: bool,
    /// Whether `dir` is the path given itself (a folder that holds `icpl.toml`).
    pub is_path: bool,
}

/// The root of the spec that holds `path`: the nearest folder at or above it that holds
/// `icpl.toml` (`marked`), else the file's own folder (or the folder itself). `None` when a
/// file path has no folder or the working directory cannot be read.
pub fn spec_root(path: &Path) -> Option<SpecRoot> {
    let absolute = std::path::absolute(path).ok()?;
    let is_dir = path.is_dir();
    let start = if is_dir {
        absolute.as_path()
    } else {
        absolute.parent()?
    };
    let found = start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file());
    let root = found.unwrap_or(start);
    let dir = if path.is_absolute() {
        root.to_path_buf()
    } else {
        relative_to_cwd(root)?
    };
    // A folder holds spec files when a file in it would be one.
    let probe = if is_dir {
        absolute.join("probe.icp")
    } else {
        absolute.clone()
    };
    Some(SpecRoot {
        dir,
        marked: found.is_some(),
        holds_file: is_spec_file(root, &probe),
        is_path: root == start && is_dir,
    })
}

/// An absolute folder as a path relative to the working directory (`.`, `specs`, `..`).
fn relative_to_cwd(dir: &Path) -> Option<PathBuf> {
    let cwd = std::path::absolute(Path::new(".")).ok()?;
    let cwd = cwd
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect::<PathBuf>();
    if let Ok(below) = dir.strip_prefix(&cwd) {
        return Some(if below.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            below.to_path_buf()
        });
    }
    let up = cwd.strip_prefix(dir).ok()?.components().count();
    Some((0..up).map(|_| Component::ParentDir).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_folder_with_icpl_toml_is_the_root() {
        let dir = std::env::temp_dir().join(format!("icpl-root-{}", std::process::id()));
        let nested = dir.join("icps").join("deep");
        std::fs::create_dir_all(&nested).unwrap_or_default();
        std::fs::write(dir.join(CONFIG_FILE), "").unwrap_or_default();
        let file = nested.join("a.icp");
        std::fs::write(&file, "").unwrap_or_default();
        let root = spec_root(&file);
        assert_eq!(
            root,
            Some(SpecRoot {
                dir: dir.clone(),
                marked: true,
                holds_file: true,
                is_path: false,
            })
        );
        let from_folder = spec_root(&nested).map(|r| (r.dir, r.holds_file, r.is_path));
        assert_eq!(from_folder, Some((dir.clone(), true, false)));
        let the_root = spec_root(&dir).map(|r| r.is_path);
        assert_eq!(the_root, Some(true));
        let hidden = dir.join(".drafts").join("b.icp");
        let root = spec_root(&hidden).map(|r| (r.marked, r.holds_file));
        assert_eq!(root, Some((true, false)));
        std::fs::remove_dir_all(&dir).unwrap_or_default();
    }
}
