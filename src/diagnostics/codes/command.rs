//! Codes of the command line and of loading a spec's files.

use super::{CodeDef, Example, Stage, declare};
use crate::diagnostics::Severity;

declare! {
    USAGE = CodeDef {
        id: "usage",
        stage: Stage::CommandLine,
        severity: Severity::Error,
        summary: "The arguments of a command do not fit together.",
        explanation: "Reported for combinations that the options alone cannot rule out: \
`icpl match --explain` with `--format csv`, `icpl fmt -` (standard input) together with other \
paths, `icpl diff` with neither two paths nor `--against`, or `--against` with more than one \
path. An unknown option, a bad value for an option or a missing argument is reported by the \
argument parser itself, with the command's usage; its exit code is 2 as well. When the \
command was asked for a format for tools (`icpl check --format json`, `sarif` or `github`, \
`icpl test --format json`), the parser's report is a `usage` diagnostic in that format too, \
with the command's usage in its help.",
        fix: "Change the arguments as the message says; `icpl <command> --help` describes every \
option.",
        example: Example::Shell(
            "$ icpl match specs --accounts accounts.csv --format csv --explain
error[usage]: --explain needs the JSON Lines output (--format jsonl)",
        ),
    };
    INVALID_ENVIRONMENT = CodeDef {
        id: "invalid-environment",
        stage: Stage::CommandLine,
        severity: Severity::Error,
        summary: "An environment variable icpl reads holds a value it cannot use.",
        explanation: "`ICPL_TODAY` must be a `YYYY-MM-DD` date and `COLUMNS` a whole number of \
columns. They are checked before any command runs, and a value icpl cannot use is reported \
(exit code 2) rather than ignored, so a typo never quietly changes what `stale-review` reports \
or how reports are drawn. An empty value counts as unset.",
        fix: "Fix the variable as the help says, or unset it.",
        example: Example::Shell(
            "$ ICPL_TODAY=2026-13-01 icpl check specs
error[invalid-environment]: the environment variable `ICPL_TODAY` is `2026-13-01`, which is not a date
  help: write the date as YYYY-MM-DD, e.g. `ICPL_TODAY=2026-03-31`, or unset it to use today's date",
        ),
    };
    UNKNOWN_CODE = CodeDef {
        id: "unknown-code",
        stage: Stage::CommandLine,
        severity: Severity::Error,
        summary: "`icpl explain` was given a code that does not exist.",
        explanation: "Every code icpl reports, lint or not, has an entry that `icpl explain` \
prints: the codes are listed in `docs/diagnostics.md`, the lints by `icpl lints`. The help \
suggests the closest code. The exit code is 2.",
        fix: "Give the code as a report shows it: `unknown-attribute` in \
`error[unknown-attribute]`.",
        example: Example::Shell(
            "$ icpl explain unknown-atribute
error[unknown-code]: no diagnostic has the code `unknown-atribute`
  help: did you mean `unknown-attribute`?",
        ),
    };
    BRIEF_CONFLICT = CodeDef {
        id: "brief-conflict",
        stage: Stage::CommandLine,
        severity: Severity::Error,
        summary: "`icpl brief -o DIR` would replace a file that icpl did not write.",
        explanation: "Where a brief goes there is a `.md` file (or a folder, a link, a FIFO) \
that does not start with the generated-by line. icpl replaces and removes only files it \
generated, so each such file is named, no brief at all is written, and the exit code is 2.",
        fix: "Move or rename the file, or write the briefs to another folder.",
        example: Example::Shell(
            "$ icpl brief specs -o docs
error[brief-conflict]: `docs/README.md` was not written by icpl (it does not start with the generated-by line), so it is left as it is
  help: move or rename it, or write the briefs to another folder with `-o`: icpl replaces only files it generated
error: no brief was written to docs: 1 file is in the way",
        ),
    };
    IO_ERROR = CodeDef {
        id: "io-error",
        stage: Stage::Loading,
        severity: Severity::Error,
        summary: "A path cannot be read or written.",
        explanation: "A path given does not exist, permissions forbid reading it, or it is not \
a regular file. icpl reads spec files and `icpl.toml` whole, so it reads only regular files \
(and symbolic links to them): a device such as `/dev/zero`, a FIFO or a socket, given as the \
spec or found as a `.icp` file in a spec folder, is refused with its path before anything is \
read, never read without end. The same code reports an output that cannot be written (`icpl \
build -o`, `icpl brief -o`, `icpl match -o`, `icpl diff -o`, a file `icpl fmt` rewrites, \
standard output) and a language server that cannot start.",
        fix: "Fix the path or its permissions.",
        example: Example::Shell(
            "$ icpl check no/such/dir
error[io-error]: cannot read `no/such/dir`: No such file or directory (os error 2)
  help: check the path and its permissions",
        ),
    };
    NO_SPEC_FILES = CodeDef {
        id: "no-spec-files",
        stage: Stage::Loading,
        severity: Severity::Error,
        summary: "The directory given holds no `.icp` file.",
        explanation: "Hidden folders, `target` and `node_modules` are not searched. `icpl diff \
--against REV` reports the same code when the path held no `.icp` file at that revision.",
        fix: "Pass a `.icp` file or a directory that contains some.",
        example: Example::Shell(
            "$ icpl check empty/
error[no-spec-files]: no `.icp` files in `empty/`
  help: pass a `.icp` file or a directory that contains `.icp` files",
        ),
    };
    GIT_ERROR = CodeDef {
        id: "git-error",
        stage: Stage::Loading,
        severity: Severity::Error,
        summary: "`icpl diff --against REV` could not read the old version through git.",
        explanation: "git is not installed, the path is not inside a git repository, the \
revision is unknown (a remote branch must be fetched first, `git fetch origin main`), a spec \
file at the revision is a symbolic link that leads outside the repository, to nothing, or round \
a loop (links inside the repository are followed), or git failed while reading. At a revision \
where the path holds no `.icp` file the code is `no-spec-files`.",
        fix: "Follow the help: name a revision that exists, run inside a git checkout, or \
compare two folders with `icpl diff OLD NEW`.",
        example: Example::Shell(
            "$ icpl diff --against origin/mian specs
error[git-error]: unknown git revision `origin/mian`
  help: name a commit, branch or tag; a remote branch must be fetched first (`git fetch origin main`)",
        ),
    };
    SPEC_TOO_LARGE = CodeDef {
        id: "spec-too-large",
        stage: Stage::Loading,
        severity: Severity::Error,
        summary: "The files of one spec together exceed 2,147,483,647 bytes.",
        explanation: "Also reported when one file does, or standard input given to `icpl fmt \
-`. The size is checked before a file is read and again while it is read, so a file that keeps \
growing is cut off and reported.",
        fix: "Split the spec into several.",
        example: Example::None,
    };
}
