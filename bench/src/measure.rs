//! Running `icpl` as a child process and measuring its wall time and peak resident memory.
//!
//! The peak comes from `wait4`'s `rusage.ru_maxrss` (KiB on Linux). Linux carries the peak of
//! the address space a process had *before* `exec` into that figure, and Rust's `Command` starts
//! children with `posix_spawn` (`CLONE_VM`), whose pre-`exec` address space is the parent's.
//! So a large parent (this harness holds the generated spec) would inflate every child's
//! figure. Each measured run therefore goes through a small relay: the harness starts itself
//! as `icpl-bench measure ...`, a fresh process with a few MiB of its own, and the relay
//! starts `icpl`, waits for it with `wait4` and prints the figures on one line.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One run of a child.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    pub wall: Duration,
    /// User plus system CPU time of the child.
    pub cpu: Duration,
    pub max_rss_kib: u64,
    /// The exit code, or `None` when it was ended by a signal.
    pub code: Option<i32>,
}

/// Starts `program args..`, with standard output and error sent to the given files, waits
/// for it with `wait4` and returns its wall time, peak RSS and exit code.
pub fn run_direct(
    program: &Path,
    args: &[String],
    stdout: &Path,
    stderr: &Path,
) -> io::Result<Run> {
    let out = File::create(stdout)?;
    let err = File::create(stderr)?;
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()?;
    let pid = libc::pid_t::try_from(child.id())
        .map_err(|_| io::Error::other("child process id out of range"))?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is a plain C struct for which all-zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own child, not yet waited for (`Child` never waits on drop), and
        // both out-pointers point at live, writable locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    let wall = start.elapsed();
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let time = |t: libc::timeval| {
        Duration::new(
            u64::try_from(t.tv_sec).unwrap_or(0),
            u32::try_from(t.tv_usec).unwrap_or(0) * 1000,
        )
    };
    Ok(Run {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        code,
    })
}

/// The relay's side: run the child and print `wall_ns cpu_ns max_rss_kib code` (code -1 for
/// a signal) on standard output.
pub fn relay_main(args: &[String]) -> Result<(), String> {
    let [stdout, stderr, program, rest @ ..] = args else {
        return Err("usage: icpl-bench measure STDOUT STDERR PROGRAM [ARGS...]".into());
    };
    let run = run_direct(
        Path::new(program),
        rest,
        Path::new(stdout),
        Path::new(stderr),
    )
    .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    println!(
        "{} {} {} {}",
        run.wall.as_nanos(),
        run.cpu.as_nanos(),
        run.max_rss_kib,
        run.code.unwrap_or(-1)
    );
    Ok(())
}

/// Runs `program args..` through the relay (see the module docs); standard output and error
/// of the program land in `stdout` and `stderr`.
pub fn run_measured(
    program: &Path,
    args: &[String],
    stdout: &Path,
    stderr: &Path,
) -> Result<Run, String> {
    let me = std::env::current_exe().map_err(|e| format!("cannot find icpl-bench itself: {e}"))?;
    let output = Command::new(&me)
        .arg("measure")
        .arg(stdout)
        .arg(stderr)
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start the relay `{}`: {e}", me.display()))?;
    if !output.status.success() {
        return Err(format!(
            "the relay failed for `{}` ({})",
            program.display(),
            output.status
        ));
    }
    let line = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<i128> = line
        .split_whitespace()
        .map(|f| f.parse::<i128>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("the relay printed `{}`", line.trim()))?;
    let [wall_ns, cpu_ns, rss, code] = fields[..] else {
        return Err(format!("the relay printed `{}`", line.trim()));
    };
    let nanos = |n: i128| Duration::from_nanos(u64::try_from(n).unwrap_or(0));
    Ok(Run {
        wall: nanos(wall_ns),
        cpu: nanos(cpu_ns),
        max_rss_kib: u64::try_from(rss).unwrap_or(0),
        code: (code >= 0).then_some(code as i32),
    })
}

/// Checks that `program` is an executable file, with a message that says how to build it.
pub fn require_binary(program: &Path) -> Result<PathBuf, String> {
    let meta = std::fs::metadata(program).map_err(|e| {
        format!(
            "the icpl binary `{}` is not there ({e}).\n\
             Build it first with `cargo build --release` at the repository root, or pass \
             `--icpl PATH`.",
            program.display()
        )
    })?;
    if !meta.is_file() {
        return Err(format!("`{}` is not a file", program.display()));
    }
    std::fs::canonicalize(program).map_err(|e| format!("`{}`: {e}", program.display()))
}
