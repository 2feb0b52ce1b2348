//! Codes of the settings file and of inline suppressions.

use super::{CodeDef, Example, Stage, declare};
use crate::diagnostics::Severity;

declare! {
    INVALID_CONFIG = CodeDef {
        id: "invalid-config",
        stage: Stage::Settings,
        severity: Severity::Error,
        summary: "`icpl.toml` is not valid TOML, has a key or table icpl does not know, or a \
value of the wrong type.",
        explanation: "Every such problem is reported in one run, each with its own label in \
`icpl.toml`: a misspelt key or table gets a suggestion (also when the key belongs in another \
table: \"`max-personas` belongs in `[check]`\"), and a value of the wrong type an example of the \
right one. The entries that are wrong are left out; the other settings apply and the spec itself \
is still checked. A lint level other than `allow`, `info`, \
`warn` and `deny` is reported here too. The same code reports a `[match.columns]` mapping to an \
attribute the schema does not have (`icpl match` would read nothing from that column): the help \
suggests the closest attribute, or the right entity (`contact.seniority` for \
`account.seniority`), and `icpl match` does not run while it is reported.",
        fix: "Fix the key or the value as the help says.",
        example: Example::Config(
            "[project]
nmae = \"Acme\"        # invalid `icpl.toml`: unknown key `nmae` in `[project]`; did you mean `name`?
[check]
max-personas = \"5\"   # `max-personas` in `[check]` expects a whole number of 0 or more, not string \"5\"

[match.columns]
\"Head Count\" = \"employes\"   # help: did you mean `employees`?",
        ),
    };
    UNKNOWN_LINT = CodeDef {
        id: "unknown-lint",
        stage: Stage::Settings,
        severity: Severity::Error,
        summary: "`[lints]` in `icpl.toml` names a lint that does not exist.",
        explanation: "The help suggests the closest id; `icpl lints` lists them all.",
        fix: "Correct the lint id, or remove the line.",
        example: Example::Config(
            "[lints]
overlaping-icps = \"warn\"",
        ),
    };
    INVALID_SUPPRESSION = CodeDef {
        id: "invalid-suppression",
        stage: Stage::Suppressions,
        severity: Severity::Error,
        summary: "A comment that starts with `# icpl:` is not a valid suppression.",
        explanation: "It is not of the form `# icpl: allow(lint-id, ...) reason`, it names a \
lint that does not exist, or it gives no reason. The reason is required, so that every silenced \
finding says why. An invalid suppression silences nothing.",
        fix: "Write `# icpl: allow(lint-id) reason`, with ids from `icpl lints`.",
        example: Example::Spec(
            "# icpl: allow(overlapping-icps)
icp enterprise { require employees >= 2k }",
        ),
    };
}
