//! Codes of the syntax stage.

use super::{CodeDef, Example, Stage, declare};
use crate::diagnostics::Severity;

declare! {
    SYNTAX_ERROR = CodeDef {
        id: "syntax-error",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "The parser met a token it did not expect.",
        explanation: "The label says what was expected at that point; the help line catches \
common slips:

| Written | Help |
|---|---|
| `=` | compare with `==` |
| `&&`, `&` | write `and` |
| `\\|\\|`, `\\|` | write `or` |
| `!` | write `not` |
| `=>`, `=<` | write `>=` or `<=` |
| `A > 50` in `tiers` | write `>=`: a tier is reached at its threshold |
| `'text'` | strings use double quotes |
| `- 10` | write numbers without spaces |
| `$20m`, `2K`, `$5km` | numbers take at most one suffix: `k` (thousand), `M` (million) or `B` (billion) |
| `\"a\\q\"` | strings accept the escapes `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{..}` |
| `30` as a weight | a weight carries its sign: `+30` or `-10` |
| a malformed date | write dates as YYYY-MM-DD |
| a reserved word as a name | it is a reserved word and cannot be used as a name |
| a name starting with a digit | names start with a letter or `_` |
| two list items without a comma | separate list items with commas |",
        fix: "Write what the label expects, or what the help suggests.",
        example: Example::Spec(
            "icp a { require employees = 200 }     # unexpected `=`; help: compare with `==`",
        ),
    };
    EXPECTED_ITEM = CodeDef {
        id: "expected-item",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "Something at the top level of a file does not start a block.",
        explanation: "A file holds only `account {..}`, `contact {..}`, `icp id {..}`, \
`persona id {..}` and `example \"name\" {..}` blocks.",
        fix: "Start the block with its keyword, or move the text into a block.",
        example: Example::Spec("revops_team { }      # unexpected `revops_team` at the top level"),
    };
    UNTERMINATED_STRING = CodeDef {
        id: "unterminated-string",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "A string runs to the end of its line without a closing `\"`.",
        explanation: "Strings cannot span lines.",
        fix: "Close the string on the same line, and write `\\\"` for a quote inside it.",
        example: Example::Spec(
            "icp a {
  summary \"Owns the stack
}",
        ),
    };
    UNCLOSED_DELIMITER = CodeDef {
        id: "unclosed-delimiter",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "A `{`, `[` or `(` is never closed.",
        explanation: "The label marks the opening bracket. When a `{` is left open, the next \
line that starts, in its first column, with `account`, `contact`, `icp`, `persona` or `example` \
begins a new block, so the rest of the file is still checked. Brackets left open on one line are \
one error, at the first of them, that counts the others (`unclosed `(` and 39999 more on this \
line`); its help lists the closers needed when there are a few.",
        fix: "Add the closing bracket where the block or list ends.",
        example: Example::Spec(
            "icp a {
  require employees > 200

icp b { }",
        ),
    };
    UNMATCHED_DELIMITER = CodeDef {
        id: "unmatched-delimiter",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "A closing bracket with no opening one.",
        explanation: "A run of such closers on one line is one error that counts the others.",
        fix: "Remove it, or add the bracket it closes.",
        example: Example::Spec("icp a { require employees > 200 } }"),
    };
    MISMATCHED_DELIMITER = CodeDef {
        id: "mismatched-delimiter",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "A closing bracket of the wrong kind.",
        explanation: "Brackets must close in the order they opened. Both brackets are labelled. \
Further closers of the wrong kind on the same line are counted in the same error.",
        fix: "Close the innermost open bracket first.",
        example: Example::Spec(
            "icp a { require (employees > 200] }     # `]` does not close `(`",
        ),
    };
    TOO_MANY_ERRORS = CodeDef {
        id: "too-many-errors",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "A file has more than 50 syntax errors; the rest are counted, not shown.",
        explanation: "The first 50 are reported, and this one says how many more there are and \
labels the first of them. Most of them are usually consequences of the first few (a file that \
is not a spec, a mangled paste). Together with the counting of brackets per line, this keeps the \
report of any file, however mangled, to a bounded size.",
        fix: "Fix the first errors and check again.",
        example: Example::None,
    };
    TOO_DEEPLY_NESTED = CodeDef {
        id: "too-deeply-nested",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "Brackets, or parentheses and `not`s in a criterion, nest deeper than 64 \
levels.",
        explanation: "See [Limits](language.md#limits). The block (or the criterion) is not \
read further.",
        fix: "Flatten the expression: `and`/`or` chains need no parentheses.",
        example: Example::Spec(
            "icp a { require ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((( uses_sso ))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) }",
        ),
    };
    INVALID_UTF8 = CodeDef {
        id: "invalid-utf8",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "A file holds bytes that are not UTF-8.",
        explanation: "The label marks where the first invalid byte was (it is shown as �).",
        fix: "Save the file as UTF-8.",
        example: Example::None,
    };
    NUMBER_TOO_LARGE = CodeDef {
        id: "number-too-large",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "A number or a weight is beyond what icpl represents exactly.",
        explanation: "Two cases share this code:

- a number literal whose magnitude is above 9,007,199,254,740,991 (2^53 - 1), the end of the \
number domain (message: \"number `...` is too large\");
- a signal weight outside ±1,000,000,000 (message: \"weight `...` is too large\").",
        fix: "Use a smaller number, or a suffix that keeps it within the domain.",
        example: Example::Spec(
            "icp a { require annual_revenue > $99999999999B }
icp b { score { huge +2000000000 when uses_sso } }",
        ),
    };
    NUMBER_TOO_PRECISE = CodeDef {
        id: "number-too-precise",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "A number literal has more than 18 digits after the point.",
        explanation: "Counted once its `k`/`M`/`B` suffix is applied. Numbers are exact decimals \
with at most 18 places; icpl never rounds a literal.",
        fix: "Write it with at most 18 digits after the point.",
        example: Example::Spec("icp a { require annual_revenue > $0.0000000000000000001 }"),
    };
    INVALID_ESCAPE = CodeDef {
        id: "invalid-escape",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "A `\\u{..}` escape in a string names no Unicode character.",
        explanation: "A surrogate such as `\\u{D800}`, or a code above `\\u{10FFFF}`. The string \
keeps U+FFFD in its place so that checking can go on.",
        fix: "Write the hexadecimal code of a real character, e.g. `\\u{e9}` for é.",
        example: Example::Spec("icp a \"Caf\\u{D800}\" { }"),
    };
}
