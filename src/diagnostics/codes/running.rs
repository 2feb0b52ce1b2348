//! Codes of the commands that use a compiled spec (targets of `icpl build`, `icpl test`,
//! `icpl match`), and of internal errors.

use super::{CodeDef, Example, Stage, declare};
use crate::diagnostics::Severity;

declare! {
    INEXACT_CONSTANT = CodeDef {
        id: "inexact-constant",
        stage: Stage::Targets,
        severity: Severity::Error,
        summary: "A number constant that JsonLogic engines cannot compare exactly \
(`icpl build --target jsonlogic`).",
        explanation: "The constant has more than 15 significant digits and is not whole, and \
JsonLogic engines compare IEEE doubles: `$0.30000000000000001` is the same double as `$0.3`. \
Nothing is written. See [jsonlogic.md](jsonlogic.md#numbers).",
        fix: "Round the constant to 15 significant digits, or use the JSON rules (`icpl \
build`), which carry exact decimals.",
        example: Example::Spec("icp a { require annual_revenue > $0.30000000000000001 }"),
    };
    EXAMPLE_FAILED = CodeDef {
        id: "example-failed",
        stage: Stage::Examples,
        severity: Severity::Error,
        summary: "An `expect` of an `example` block does not hold (`icpl test`).",
        explanation: "Reported by `icpl test`, not by `icpl check`. The labels show the \
expectation and what decided the result: a requirement that does not hold, an exclusion that \
holds, a criterion that a missing or coarse value leaves unknown, or the signals that fired for \
a tier.",
        fix: "Fix the example, the expectation, or the ICP or persona it revealed to be wrong.",
        example: Example::Spec(
            "icp small { require employees < 50 }
example \"a big company\" {
  account { employees: 5000 }
  expect small
}",
        ),
    };
    BAD_VALUE = CodeDef {
        id: "bad-value",
        stage: Stage::Records,
        severity: Severity::Error,
        summary: "One record cannot be scored (exit code 1; the run goes on).",
        explanation: "A value does not fit its attribute (`sass` for an industry, `1.5` for an \
`int`), a number's notation is ambiguous (`80,5M` without `--decimal-comma`), a CSV row has a \
different number of fields than the header, a JSON Lines line is not valid UTF-8, not valid \
JSON or not an object, two members give one attribute, or (with `--contacts`) the record's \
account is missing, bad or ambiguous, or an account has no id or a duplicate one. The record's \
output line carries the errors instead of results.",
        fix: "Fix the value, or the options that say how to read it.",
        example: Example::Shell(
            "error[bad-value]: accounts.csv:5:2: column `Industry`: `sass` is not a value of `industry`
  help: did you mean `saas`?",
        ),
    };
    UNKNOWN_COLUMN = CodeDef {
        id: "unknown-column",
        stage: Stage::Records,
        severity: Severity::Warning,
        summary: "A column of a record file names no attribute; it is ignored.",
        explanation: "A column of a CSV file (or a member of a JSON Lines record) that names no \
attribute, the id or the account column. The help names the attribute it most likely means. \
With `--strict-columns` it is a `read-error` instead.",
        fix: "Rename the column, or map it to an attribute under `[match.columns]` in \
`icpl.toml`.",
        example: Example::Shell(
            "warning[unknown-column]: accounts.csv:1:3: column `Employes` names no account attribute; it is ignored
  help: did you mean `employees`?",
        ),
    };
    READ_ERROR = CodeDef {
        id: "read-error",
        stage: Stage::Records,
        severity: Severity::Error,
        summary: "A record file cannot be read as records (exit code 2; nothing more is read).",
        explanation: "It cannot be opened or read, its header names no attribute (the header is \
shown as read, with the delimiter used), the header could be split at two delimiters that name \
as many attributes, two columns give the same attribute or the id, a JSON file holds an array \
rather than one object per line, or `--strict-columns` found a column that names nothing.",
        fix: "Follow the help: name the columns after the schema's attributes, map them under \
`[match.columns]` in `icpl.toml`, or give the delimiter or the input format.",
        example: Example::Shell(
            "error[read-error]: accounts.csv:1: the header names no account attribute; read with the delimiter `,`, it is: name,size
  help: name the columns after the schema's attributes, or map them under [match.columns] in icpl.toml",
        ),
    };
    INTERNAL_ERROR = CodeDef {
        id: "internal-error",
        stage: Stage::Internal,
        severity: Severity::Error,
        summary: "icpl met a state it did not expect: a bug in icpl, not in the spec.",
        explanation: "Reported instead of a wrong answer or a crash: for a parse tree of a \
shape the compiler did not expect, or a diagnostic raised with a code that this registry does \
not declare (the message names the code). The command fails as it would for an error in the \
spec.",
        fix: "Please report it with the input that caused it.",
        example: Example::None,
    };
}
