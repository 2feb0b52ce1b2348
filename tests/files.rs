//! The files around a spec, end to end through the binary: what icpl reads (regular files only,
//! never without bound), what it writes (atomically, into folders it creates, never over a file
//! a person wrote) and the settings it takes from the environment (checked, never ignored).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long one run may take before it counts as hanging (reading a FIFO blocks for ever).
const HANG: Duration = Duration::from_secs(60);

/// Runs icpl in `dir` with `env` on top of a clean environment, killing it if it hangs.
fn icpl_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_icpl"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("ICPL_TODAY", "2026-11-22")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run icpl: {e}"));
    let deadline = Instant::now() + HANG;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                panic!("icpl {args:?} hung");
            }
        }
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("cannot wait for icpl: {e}"))
}

fn icpl(args: &[&str], dir: &Path) -> Output {
    icpl_env(args, dir, &[])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{e}"));
    path
}

const GOOD: &str = "account { employees: int }\nicp small \"Small\" { require employees < 50 }\n";

// ---------------------------------------------------------------------------------------------
// Reading: regular files only.

/// Makes a FIFO (named pipe) at a path.
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(status.success(), "mkfifo failed");
}

/// A spec, a spec file or `icpl.toml` that is a device, a FIFO or a socket is refused with its
/// path by every command that reads a spec, before anything is read: nothing hangs, nothing is
/// read without end.
#[test]
fn devices_fifos_and_sockets_are_refused_by_every_command() {
    let dir = temp();
    let root = dir.path();
    let fifo = root.join("pipe.icp");
    mkfifo(&fifo);
    let socket = root.join("socket.icp");
    let _listener =
        std::os::unix::net::UnixListener::bind(&socket).unwrap_or_else(|e| panic!("socket: {e}"));
    // A spec folder holding a FIFO named like a spec file, and one whose icpl.toml is a FIFO.
    let folder = root.join("folder");
    write(&folder, "good.icp", GOOD);
    mkfifo(&folder.join("more.icp"));
    let configured = root.join("configured");
    write(&configured, "good.icp", GOOD);
    mkfifo(&configured.join("icpl.toml"));

    let cases: [(&str, &Path, &str); 6] = [
        ("/dev/zero", Path::new("/dev/zero"), "a device"),
        ("/dev/null", Path::new("/dev/null"), "a device"),
        ("a FIFO", &fifo, "a FIFO"),
        ("a socket", &socket, "a socket"),
        ("a FIFO in a folder", &folder, "a FIFO"),
        ("icpl.toml as a FIFO", &configured, "a FIFO"),
    ];
    for (what, path, kind) in cases {
        let p = path.to_str().unwrap_or_default();
        let out_dir = root.join("briefs");
        let commands: [Vec<&str>; 6] = [
            vec!["check", p],
            vec!["build", p],
            vec!["test", p],
            vec!["fmt", "--check", p],
            vec!["brief", p, "-o", out_dir.to_str().unwrap_or_default()],
            vec!["diff", p, p],
        ];
        for args in commands {
            if what.starts_with("icpl.toml") && args[0] == "fmt" {
                continue; // the formatter reads only `.icp` files
            }
            let out = icpl(&args, root);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{what}: {args:?}: {err}");
            assert!(
                err.contains("is not a regular file") && err.contains(kind),
                "{what}: {args:?}: {err}"
            );
            assert!(err.contains("io-error"), "{what}: {args:?}: {err}");
        }
    }
}
