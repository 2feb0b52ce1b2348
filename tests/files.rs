//! The files around a spec, end to end through the binary: what icpl reads (regular files only,
//! never without bound), what it writes (atomically, into folders it creates, never over a file
//! a person wrote) and the settings it takes from the environment (checked, never ignored).

// Test code states its expectations by panicking: the no-panic rule (the `[lints.clippy]`
// table of Cargo.toml) is for library code. `#[test]` functions are exempt through clippy.toml;
// this covers the helpers too.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::unreachable,
    clippy::indexing_slicing
)]

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

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
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

// ---------------------------------------------------------------------------------------------
// Writing: atomically, into folders made as needed, nothing left behind.

/// A run interrupted while it writes its output (SIGINT as from Ctrl-C, SIGTERM, SIGHUP) removes
/// the temporary file and ends as the signal says. `icpl match` streams records from standard
/// input into its output file, so a run waiting for more input is a run caught mid-write.
#[test]
fn an_interrupted_write_leaves_no_temporary_file() {
    use std::io::Write;
    use std::os::unix::process::ExitStatusExt;
    for signal in ["INT", "TERM", "HUP"] {
        let dir = temp();
        let spec = write(dir.path(), "spec.icp", GOOD);
        let out_dir = dir.path().join("out/deeper");
        let mut child = Command::new(env!("CARGO_BIN_EXE_icpl"))
            .args([
                "match",
                spec.to_str().unwrap_or_default(),
                "--accounts",
                "-",
                "-o",
            ])
            .arg(out_dir.join("scores.jsonl"))
            .env("ICPL_TODAY", "2026-11-22")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run icpl: {e}"));
        let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
        stdin
            .write_all(b"id,employees\n1,10\n2,20\n")
            .and_then(|()| stdin.flush())
            .unwrap_or_else(|e| panic!("{e}"));
        // Wait until the temporary file is there: the run is writing.
        let deadline = Instant::now() + HANG;
        while !names(&out_dir).iter().any(|n| n.ends_with(".tmp")) {
            assert!(Instant::now() < deadline, "no temporary file appeared");
            std::thread::sleep(Duration::from_millis(10));
        }
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap_or_else(|e| panic!("kill: {e}"));
        assert!(killed.success());
        let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
        drop(stdin);
        let expected = match signal {
            "INT" => 2,
            "TERM" => 15,
            _ => 1,
        };
        assert_eq!(status.signal(), Some(expected), "{signal}: {status:?}");
        assert!(
            names(&out_dir).is_empty(),
            "{signal}: {:?}",
            names(&out_dir)
        );
    }
}

/// Every option that names an output file writes it into folders that do not exist yet.
#[test]
fn every_output_option_creates_missing_folders() {
    let dir = temp();
    let root = dir.path();
    write(root, "spec.icp", GOOD);
    write(root, "new.icp", &GOOD.replace("< 50", "< 60"));
    write(root, "accounts.csv", "id,employees\n1,10\n2,70\n");
    let cases: [(&[&str], &str); 6] = [
        (
            &["build", "spec.icp", "-o", "a/b/rules.json"],
            "a/b/rules.json",
        ),
        (
            &[
                "build",
                "spec.icp",
                "--target",
                "jsonlogic",
                "-o",
                "a/c/d/logic.json",
            ],
            "a/c/d/logic.json",
        ),
        (
            &["brief", "spec.icp", "-o", "a/e/briefs"],
            "a/e/briefs/README.md",
        ),
        (
            &[
                "match",
                "spec.icp",
                "--accounts",
                "accounts.csv",
                "-o",
                "a/f/scores.jsonl",
            ],
            "a/f/scores.jsonl",
        ),
        (
            &["diff", "spec.icp", "new.icp", "-o", "a/g/diff.txt"],
            "a/g/diff.txt",
        ),
        (
            &[
                "build",
                "spec.icp",
                "-o",
                "deep/er/and/deeper/still/rules.json",
            ],
            "deep/er/and/deeper/still/rules.json",
        ),
    ];
    for (args, made) in cases {
        let out = icpl(args, root);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(root.join(made).is_file(), "{args:?}: no {made}");
        let folder = root
            .join(made)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        assert!(
            !names(&folder).iter().any(|n| n.ends_with(".tmp")),
            "{args:?}: a temporary file is left"
        );
    }
    // A folder on the way that is a file: an I/O error naming it, nothing written.
    write(root, "blocker", "");
    let out = icpl(&["build", "spec.icp", "-o", "blocker/rules.json"], root);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("io-error") && err.contains("blocker"), "{err}");
}

/// An output name of 255 bytes, the most a file system takes, is written like any other.
#[test]
fn the_longest_file_names_can_be_written() {
    let dir = temp();
    let root = dir.path();
    write(root, "spec.icp", GOOD);
    for name in ["r".repeat(250) + ".json", "é".repeat(125) + ".json"] {
        assert!(name.len() <= 255);
        let out = icpl(&["build", "spec.icp", "-o", &name], root);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(root.join(&name).is_file());
    }
    assert_eq!(names(root).len(), 3, "{:?}", names(root));
}

// ---------------------------------------------------------------------------------------------
// Briefs: nothing a person wrote is lost.

/// Whatever a person put where a brief goes (a hand-written README, an ICP's page, a link, a
/// folder, a FIFO, a file that mentions the generated-by line but does not start with it), the
/// run names it, writes nothing, exits with 2, and leaves every file as it was. A FIFO or a
/// hand-written file among stale briefs is not touched either.
#[test]
fn briefs_never_replace_a_file_a_person_wrote() {
    let marker = icpl::emit::brief::MARKER;
    let cases: [(&str, &str); 6] = [
        ("README.md", "# Our own index\n"),
        ("small.md", "notes on the small ICP\n"),
        ("small.md", "link"),
        ("README.md", "folder"),
        ("small.md", "fifo"),
        ("README.md", "in the middle"),
    ];
    for (name, what) in cases {
        let dir = temp();
        let root = dir.path();
        write(root, "spec.icp", GOOD);
        let out_dir = root.join("briefs");
        std::fs::create_dir_all(&out_dir).unwrap_or_else(|e| panic!("{e}"));
        let target = out_dir.join(name);
        let elsewhere = write(root, "elsewhere.md", "mine\n");
        match what {
            "link" => {
                std::os::unix::fs::symlink(&elsewhere, &target).unwrap_or_else(|e| panic!("{e}"))
            }
            "folder" => std::fs::create_dir(&target).unwrap_or_else(|e| panic!("{e}")),
            "fifo" => mkfifo(&target),
            "in the middle" => std::fs::write(&target, format!("# Mine\n{marker}\n"))
                .unwrap_or_else(|e| panic!("{e}")),
            text => std::fs::write(&target, text).unwrap_or_else(|e| panic!("{e}")),
        }
        let before = names(&out_dir);
        let out = icpl(&["brief", "spec.icp", "-o", "briefs"], root);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(
            err.contains("brief-conflict") && err.contains(name),
            "{what}: {err}"
        );
        assert_eq!(names(&out_dir), before, "{what}: something was written");
        if what != "folder" && what != "fifo" {
            let now = std::fs::read_to_string(&target).unwrap_or_default();
            assert!(!now.starts_with(marker), "{what}: replaced");
        }
        assert_eq!(
            std::fs::read_to_string(&elsewhere).ok().as_deref(),
            Some("mine\n")
        );
    }

    // Stale briefs go; a FIFO, a link and a hand-written file with stale names stay.
    let dir = temp();
    let root = dir.path();
    write(root, "spec.icp", GOOD);
    let out_dir = root.join("briefs");
    write(&out_dir, "gone.md", &format!("{marker}\n\n# Gone\n"));
    write(&out_dir, "mine.md", "# Mine\n");
    mkfifo(&out_dir.join("pipe.md"));
    let stale = write(root, "stale.md", &format!("{marker}\n\n# Linked\n"));
    std::os::unix::fs::symlink(&stale, out_dir.join("linked.md")).unwrap_or_else(|e| panic!("{e}"));
    let out = icpl(&["brief", "spec.icp", "-o", "briefs"], root);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        names(&out_dir),
        ["README.md", "linked.md", "mine.md", "pipe.md", "small.md"]
    );
    assert!(stale.exists());
    // A second run replaces its own files and nothing else.
    let out = icpl(&["brief", "spec.icp", "-o", "briefs"], root);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

// ---------------------------------------------------------------------------------------------
// Reading a git revision: links are followed inside it, never read as text.

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.email=test@example.com", "-c", "user.name=test"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

/// Symbolic links to make: where, and the text of the link.
type Links<'a> = &'a [(&'a str, &'a str)];

fn link(target: &str, at: &Path) {
    if let Some(parent) = at.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::os::unix::fs::symlink(target, at).unwrap_or_else(|e| panic!("{e}"));
}

/// A spec file (or `icpl.toml`) that is a symbolic link in the revision is read as the file it
/// leads to, through chains of links and from any folder of the repository; a link to a folder
/// is not followed (as in the working tree); one that leads nowhere, out of the repository or
/// round a loop is an error naming it. Its text is never parsed as a spec.
#[test]
fn diff_against_a_revision_follows_links_inside_it() {
    let follows: [(&str, Links); 4] = [
        (
            "a link to a file elsewhere",
            &[("specs/small.icp", "../shared/small.icp")],
        ),
        (
            "a chain of links",
            &[
                ("specs/small.icp", "../shared/hop.icp"),
                ("shared/hop.icp", "deeper/small.icp"),
                ("shared/deeper/small.icp", "../small.icp"),
            ],
        ),
        (
            "a link in the same folder",
            &[("specs/small.icp", "real/small.txt")],
        ),
        (
            "icpl.toml as a link",
            &[
                ("specs/small.icp", "../shared/small.icp"),
                ("specs/icpl.toml", "../shared/settings.toml"),
            ],
        ),
    ];
    for (what, links) in follows {
        let dir = temp();
        let root = dir.path();
        git(root, &["init", "-q"]);
        write(root, "specs/schema.icp", "account { employees: int }\n");
        write(
            root,
            "shared/small.icp",
            "icp small \"Small\" { require employees < 50 }\n",
        );
        write(
            root,
            "specs/real/small.txt",
            "icp small \"Small\" { require employees < 50 }\n",
        );
        write(
            root,
            "shared/settings.toml",
            "[project]\nname = \"Linked\"\n",
        );
        // A link named like a spec file that leads to a folder is skipped.
        link("../shared", &root.join("specs/folder.icp"));
        for (at, target) in links {
            link(target, &root.join(at));
        }
        git(root, &["add", "-A"]);
        git(root, &["commit", "-q", "-m", "v1"]);
        let out = icpl(&["diff", "--against", "HEAD", "specs"], root);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(0), "{what}: {stdout}{stderr}");
        assert!(stdout.contains("No change"), "{what}: {stdout}");
        // A real change behind the link is seen.
        std::fs::remove_file(root.join("specs/small.icp")).unwrap_or_else(|e| panic!("{e}"));
        write(
            root,
            "specs/small.icp",
            "icp small \"Small\" { require employees < 60 }\n",
        );
        let out = icpl(&["diff", "--against", "HEAD", "specs"], root);
        let stdout = text(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{what}: {stdout}{}",
            text(&out.stderr)
        );
        assert!(
            stdout.contains("small") && !stdout.contains("No change"),
            "{what}: {stdout}"
        );
    }

    let broken: [(&str, Links, &str); 5] = [
        (
            "a dangling link",
            &[("specs/small.icp", "../shared/gone.icp")],
            "does not exist at that revision",
        ),
        (
            "a loop",
            &[
                ("specs/small.icp", "loop.icp"),
                ("specs/loop.icp", "small.icp"),
            ],
            "loop",
        ),
        (
            "an absolute link",
            &[("specs/small.icp", "/etc/hostname")],
            "outside the repository",
        ),
        (
            "a link out of the repository",
            &[("specs/small.icp", "../../../../../../x.icp")],
            "outside the repository",
        ),
        (
            "a link through a file",
            &[("specs/small.icp", "schema.icp/x.icp")],
            "as if it were a folder",
        ),
    ];
    for (what, links, why) in broken {
        let dir = temp();
        let root = dir.path();
        git(root, &["init", "-q"]);
        write(root, "specs/schema.icp", "account { employees: int }\n");
        for (at, target) in links {
            link(target, &root.join(at));
        }
        git(root, &["add", "-A"]);
        git(root, &["commit", "-q", "-m", "v1"]);
        let out = icpl(&["diff", "--against", "HEAD", "specs"], root);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(
            err.contains("git-error")
                && links.iter().any(|(at, _)| err.contains(&format!("`{at}`")))
                && err.contains(why),
            "{what}: {err}"
        );
        assert!(
            !err.contains("expected-item") && !err.contains("syntax-error"),
            "{what}: {err}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The environment: a value icpl cannot use is reported, never ignored.

/// Every environment variable icpl reads is checked before anything runs: a value it cannot use
/// is a usage error (exit 2) that names the variable, the value and the format expected, for
/// every command; empty counts as unset.
#[test]
fn invalid_environment_values_are_usage_errors() {
    let dir = temp();
    let root = dir.path();
    write(root, "spec.icp", GOOD);
    let bad: [(&str, &str, &str); 11] = [
        ("ICPL_TODAY", "tomorrow", "YYYY-MM-DD"),
        ("ICPL_TODAY", "2026-13-01", "YYYY-MM-DD"),
        ("ICPL_TODAY", "2026-02-30", "YYYY-MM-DD"),
        ("ICPL_TODAY", "26-01-01", "YYYY-MM-DD"),
        ("ICPL_TODAY", "2026/01/01", "YYYY-MM-DD"),
        ("ICPL_TODAY", "2026-01-01x", "YYYY-MM-DD"),
        ("ICPL_TODAY", " ", "YYYY-MM-DD"),
        ("COLUMNS", "wide", "whole number"),
        ("COLUMNS", "0", "whole number"),
        ("COLUMNS", "-5", "whole number"),
        ("COLUMNS", "80px", "whole number"),
    ];
    let commands: [&[&str]; 4] = [
        &["check", "spec.icp"],
        &["build", "spec.icp"],
        &["lints"],
        &["lsp"],
    ];
    for (name, value, format) in bad {
        for args in commands {
            let out = icpl_env(args, root, &[(name, value)]);
            let err = text(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{name}={value:?} {args:?}: {err}"
            );
            assert!(
                err.contains("invalid-environment")
                    && err.contains(name)
                    && err.contains(&format!("`{value}`"))
                    && err.contains(format),
                "{name}={value:?} {args:?}: {err}"
            );
            assert!(
                out.stdout.is_empty(),
                "{name}={value:?} {args:?}: ran anyway"
            );
        }
    }
    let good: [(&str, &str); 7] = [
        ("ICPL_TODAY", "2026-03-31"),
        ("ICPL_TODAY", " 2024-02-29 "),
        ("ICPL_TODAY", ""),
        ("COLUMNS", "80"),
        ("COLUMNS", ""),
        ("COLUMNS", "5"),
        ("COLUMNS", "100000"),
    ];
    for (name, value) in good {
        let out = icpl_env(&["check", "spec.icp"], root, &[(name, value)]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}={value:?}: {}",
            text(&out.stderr)
        );
    }
}

/// `ICPL_TODAY` is the date `stale-review` counts from.
#[test]
fn icpl_today_sets_the_date_of_stale_review() {
    let dir = temp();
    let root = dir.path();
    write(
        root,
        "spec.icp",
        "account { employees: int }\nicp small \"Small\" { reviewed 2026-01-01 require employees < 50 }\n",
    );
    for (today, stale) in [("2026-02-01", false), ("2027-06-01", true)] {
        let out = icpl_env(&["check", "spec.icp"], root, &[("ICPL_TODAY", today)]);
        let err = text(&out.stderr);
        assert_eq!(err.contains("stale-review"), stale, "{today}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Terminal safety: what comes from specs, records, paths and arguments is escaped.

/// Control characters and bidirectional overrides (ESC sequences, BEL, C1 CSI, U+202E) in spec
/// strings, top-level junk, example names, display names, file names and arguments never reach
/// human output raw, in any command: they are shown as escapes such as `\u{1b}`.
#[test]
fn control_characters_never_reach_human_output_raw() {
    use icpl::diagnostics::escape::is_unsafe;
    let dir = temp();
    let root = dir.path();
    let esc = "\u{1b}[2J\u{1b}]0;title\u{7}\u{9b}31m\u{202e}";
    write(
        root,
        "old.icp",
        &format!(
            "account {{ employees: int }}\nicp small \"Small {esc}\" {{ summary \"{esc}\" require employees < 50 }}\n\
             example \"ex {esc}\" {{ account {{ employees: 100 }} expect small }}\n"
        ),
    );
    write(
        root,
        "new.icp",
        &format!(
            "account {{ employees: int }}\nicp small \"Smaller {esc}\" {{ summary \"{esc}!\" require employees < 40 }}\n"
        ),
    );
    let junk_name = format!("junk{esc}.icp");
    write(
        root,
        &junk_name,
        &format!("account {{ employees: int }}\n{esc} junk\nicp x {{ summary \"{esc} }}\n"),
    );
    write(root, "blocker", "");
    let blocked = format!("blocker/out{esc}.json");
    let runs: Vec<Vec<String>> = vec![
        vec!["check".into(), junk_name.clone()],
        vec![
            "check".into(),
            "--format".into(),
            "github".into(),
            junk_name.clone(),
        ],
        vec!["test".into(), "old.icp".into()],
        vec!["diff".into(), "old.icp".into(), "new.icp".into()],
        vec![
            "diff".into(),
            "old.icp".into(),
            "new.icp".into(),
            "--format".into(),
            "markdown".into(),
        ],
        vec![
            "build".into(),
            "new.icp".into(),
            "-o".into(),
            blocked.clone(),
        ],
        vec!["explain".into(), esc.into()],
        vec!["fmt".into(), "--check".into(), junk_name.clone()],
        vec!["check".into(), format!("missing{esc}.icp")],
    ];
    for args in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = icpl(&args, root);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(!all.is_empty(), "{args:?}: no output");
        let raw: Vec<char> = all.chars().filter(|&c| is_unsafe(c)).collect();
        assert!(raw.is_empty(), "{args:?}: raw {raw:?} in:\n{all}");
        assert!(
            all.contains("\\u{1b}"),
            "{args:?}: the escape is not shown:\n{all}"
        );
    }
}
