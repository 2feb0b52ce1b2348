//! Writing output files atomically: a failed or interrupted run never leaves a half-written
//! file behind, nor a temporary one.
//!
//! A file is written to a temporary file in the target's folder (created first, with any
//! missing parents), flushed to disk and renamed over the target. The temporary name is short
//! and does not depend on the target's (`.icpl-PID-N.tmp`, at most 41 bytes), so any target name
//! the file system accepts can be written. The temporary file is removed on every error path
//! (and if the writer panics), and, on Unix, when the process is interrupted (SIGINT, SIGTERM,
//! SIGHUP): [`clean_up_on_signals`] waits for those signals in a thread of its own, removes the
//! temporary files being written, and lets the signal end the process.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The temporary files being written now, for the signal thread to remove.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the lock was held leaves a list that is still a list of paths.
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A temporary file: removed when dropped, unless it was renamed into place.
struct Temporary {
    path: PathBuf,
    kept: bool,
}

impl Temporary {
    /// Creates a new temporary file in `dir` (never an existing one).
    fn create(dir: &Path) -> io::Result<(Temporary, fs::File)> {
        let mut tries = 0;
        loop {
            let path = dir.join(format!(
                ".icpl-{}-{}.tmp",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            // Registered before it exists, so that no moment has a file the signal thread
            // does not know about.
            pending().push(path.clone());
            let temp = Temporary { path, kept: false };
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp.path)
            {
                Ok(file) => return Ok((temp, file)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 100 => {
                    // Someone else's file (a run of a recycled PID): not ours to remove.
                    let mut temp = temp;
                    temp.kept = true;
                    tries += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Renames the file over `target`.
    fn persist(mut self, target: &Path) -> io::Result<()> {
        fs::rename(&self.path, target)?;
        self.kept = true;
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.kept {
            let _ = fs::remove_file(&self.path);
        }
        pending().retain(|p| *p != self.path);
    }
}

/// Creates the missing folders of `dir`, outermost first, and gives those it created.
fn create_folders(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    for a in dir.ancestors() {
        if a.as_os_str().is_empty() || a.is_dir() {
            break;
        }
        missing.push(a.to_path_buf());
    }
    let mut created = Vec::new();
    for folder in missing.into_iter().rev() {
        match fs::create_dir(&folder) {
            Ok(()) => created.push(folder),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && folder.is_dir() => {}
            Err(e) => {
                remove_folders(&created);
                return Err(io::Error::new(
                    e.kind(),
                    format!("cannot create the folder `{}`: {e}", folder.display()),
                ));
            }
        }
    }
    Ok(created)
}

/// Removes folders this run created (innermost first), if they are still empty.
fn remove_folders(created: &[PathBuf]) {
    for folder in created.iter().rev() {
        let _ = fs::remove_dir(folder);
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, flushed to disk and
/// then renamed over the target (an atomic replace on POSIX file systems). Missing folders on
/// the way to `path` are created.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], with the contents streamed by `write` into a buffered writer.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<fs::File>) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.file_name().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the output path names no file",
        ));
    }
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "the output path is a folder",
        ));
    }
    let created = create_folders(&dir)?;
    let result = (|| {
        let (temp, file) = Temporary::create(&dir)?;
        let mut w = io::BufWriter::new(file);
        write(&mut w)?;
        let f = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        f.sync_all()?;
        drop(f);
        temp.persist(path)
    })();
    if result.is_err() {
        remove_folders(&created);
    }
    result
}

/// Removes the temporary files being written: what the signal thread does.
pub fn remove_pending() {
    remove_pending_where(|_| true);
}

/// Removes the temporary files being written whose path passes `which`.
fn remove_pending_where(which: impl Fn(&Path) -> bool) {
    for path in pending().iter().filter(|p| which(p)) {
        let _ = fs::remove_file(path);
    }
}

/// On Unix: makes SIGINT, SIGTERM and SIGHUP remove the temporary files being written before
/// they end the process. Call it first thing in `main`, before any thread starts: it blocks
/// those signals in the calling thread (so in every thread started later) and waits for them
/// in a thread of its own with `sigwait`, where removing files is ordinary code (a signal
/// handler could do almost nothing safely). Then the signal is raised again with its default
/// action, so the process ends as interrupted (the shell sees 130 for Ctrl-C). Child processes
/// start with no signal blocked (the standard library resets the mask when it spawns them).
/// Elsewhere it does nothing: the temporary file is still removed on every error and panic.
pub fn clean_up_on_signals() {
    #[cfg(unix)]
    unix::clean_up_on_signals();
}

#[cfg(unix)]
mod unix {
    use std::ptr;

    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    fn set_of(signals: &[libc::c_int]) -> libc::sigset_t {
        // SAFETY: `sigset_t` is plain data; `sigemptyset` initialises it before any use, and
        // `sigaddset` with a valid signal number cannot fail.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for &s in signals {
                libc::sigaddset(&mut set, s);
            }
            set
        }
    }

    pub fn clean_up_on_signals() {
        let set = set_of(&SIGNALS);
        // SAFETY: `pthread_sigmask` only reads `set`; on failure nothing changed and the
        // default dispositions stay (interruption then leaves the temporary file, as before).
        if unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, ptr::null_mut()) } != 0 {
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("icpl-signals".to_string())
            .spawn(move || {
                let mut signal: libc::c_int = 0;
                // SAFETY: `sigwait` writes the signal number into `signal`; the signals of
                // `set` are blocked in every thread, so they are delivered here.
                while unsafe { libc::sigwait(&set, &mut signal) } != 0 {}
                super::remove_pending();
                let own = set_of(&[signal]);
                // SAFETY: restoring the default action and raising the signal in this thread
                // ends the process the way the signal would have without us.
                unsafe {
                    libc::signal(signal, libc::SIG_DFL);
                    libc::pthread_sigmask(libc::SIG_UNBLOCK, &own, ptr::null_mut());
                    libc::raise(signal);
                }
                // Only reached if the signal did not end the process.
                std::process::exit(128 + signal);
            });
        if spawned.is_err() {
            // No thread to wait for the signals: let them act as before.
            // SAFETY: as above, `pthread_sigmask` only reads `set`.
            unsafe { libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, ptr::null_mut()) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_a_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let target = dir.path().join("out.json");
        fs::write(&target, "old").unwrap_or_else(|e| panic!("{e}"));
        write_atomic(&target, b"new").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("new"));
        assert_eq!(names(dir.path()), ["out.json"]);
    }

    #[test]
    fn missing_folders_are_created() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let target = dir.path().join("no/such/dir/out.json");
        write_atomic(&target, b"x").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("x"));
        assert_eq!(names(&dir.path().join("no/such/dir")), ["out.json"]);
    }

    /// Names of every length the file system takes, up to 255 bytes, in ASCII and in
    /// multibyte UTF-8: the temporary name never depends on the target's.
    #[test]
    fn any_valid_name_can_be_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        for len in [1, 100, 200, 230, 250, 254, 255] {
            for unit in ["a", "é", "😀"] {
                let name: String = unit.repeat((len / unit.len()).max(1));
                let target = dir.path().join(&name);
                write_atomic(&target, name.as_bytes())
                    .unwrap_or_else(|e| panic!("{} bytes: {e}", name.len()));
                assert_eq!(fs::read_to_string(&target).ok(), Some(name.clone()));
                fs::remove_file(&target).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    /// Every way a write can fail (the writer fails, the writer panics, the rename fails, the
    /// folder cannot be made) leaves nothing behind: no temporary file, no folder it made, and
    /// an old target as it was.
    #[test]
    fn a_failing_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let root = dir.path();
        let target = root.join("out.json");
        fs::write(&target, "old").unwrap_or_else(|e| panic!("{e}"));

        let failed = write_atomic_with(&target, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("the writer failed"))
        });
        assert!(failed.is_err());

        let panicked = std::panic::catch_unwind(|| {
            let _ = write_atomic_with(&root.join("out.json"), |w| {
                w.write_all(b"half")?;
                panic!("the writer panicked");
            });
        });
        assert!(panicked.is_err());

        // The rename fails: the target's name is taken by a folder that is not empty.
        let busy = root.join("busy");
        fs::create_dir_all(busy.join("inside")).unwrap_or_else(|e| panic!("{e}"));
        assert!(write_atomic(&busy, b"x").is_err());

        // A folder on the way is a file: the write fails with the folder's name.
        fs::write(root.join("file"), "").unwrap_or_else(|e| panic!("{e}"));
        let blocked = write_atomic(&root.join("file/sub/out.json"), b"x");
        assert!(blocked.is_err_and(|e| e.to_string().contains("file")));
        // The folders made for a write that fails are removed again.
        let failed = write_atomic_with(&root.join("made/deeper/out.json"), |_| {
            Err(io::Error::other("the writer failed"))
        });
        assert!(failed.is_err());

        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("old"));
        assert_eq!(names(root), ["busy", "file", "out.json"]);
        assert!(!pending().iter().any(|p| p.starts_with(root)));
    }

    #[test]
    fn pending_temporaries_are_removed_on_request() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let target = dir.path().join("out.json");
        let mut before = Vec::new();
        let written = write_atomic_with(&target, |w| {
            w.write_all(b"half")?;
            w.flush()?;
            before = names(dir.path());
            // What the signal thread does when the run is interrupted here.
            remove_pending_where(|p| p.starts_with(dir.path()));
            Ok(())
        });
        assert_eq!(
            before.len(),
            1,
            "the temporary file exists while it is written"
        );
        assert!(
            before[0].starts_with(".icpl-") && before[0].len() <= 41,
            "{before:?}"
        );
        // The file being written was removed, so the rename fails and nothing is left.
        assert!(written.is_err());
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }
}
