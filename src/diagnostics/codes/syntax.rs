//! Codes of the syntax stage.

use super::{CodeDef, Example, Stage, declare};
use crate::diagnostics::Severity;

declare! {
    SYNTAX_ERROR = CodeDef {
        id: "syntax-error",
        stage: Stage::Syntax,
        severity: Severity::Error,
        summary: "The text does not follow the grammar.",
        explanation: "The error points at the token at fault, which is not always where the parser got stuck (`in (a, b)` is blamed on the list, not on `in`; `in family_owned` on `family_owned`, not on the end of the statement). Common mistakes are recognised, and their help shows the corrected text, checked to parse:

| Written | Message | Help shows |
|---|---|---|
| `industry in (saas, fintech)`, `in {..}` | a list is written in square brackets | `industry in [saas, fintech]` |
| `ownership in family_owned`, `in a, b` | a list is written in square brackets | `ownership in [family_owned]` |
| `has [a, b]`, `has a, b` | `has` tests one value | `has any [a, b]` or `has all [..]` |
| `employees in 200-2000`, `200 - 2000`, `200 to 2000`, `200...2000` | a range is written with `..` | `employees in 200..2000` |
| `employees in [200..2000]` | a range is written without brackets | `employees in 200..2000` |
| `employees in 200..` | a range needs both ends | `employees >= 200` |
| `employees between 200 and 2000` | `between` is not an operator | `employees in 200..2000` |
| `=`, `<>`, `===`, `!==`, `=>`, `=<`, `≥`, `≤`, `≠` | `=` is not an operator | `industry == saas` |
| `is`, `is not`, `like`, `contains` | `is` is not an operator | `==`, `!=`, `has` |
| `&&`, `\\|\\|`, `!` | `&&` is not an operator | `and`, `or`, `not` |
| `IN`, `AND`, `NOT` | `IN` is not a keyword (keywords are lowercase) | `in`, `and`, `not` |
| `in [\"saas\"]`, `== \"saas\"`, `> \"200\"`, `'saas'` | values are written without quotes | `in [saas]` |
| `[saas fintech]`, `for a b` | list items are separated by commas | `saas, fintech` |
| `$20m`, `20K`, `$1.5bn`, `$20mm` | `m` is not a number suffix (they are case-sensitive: `k`, `M`, `B`) | `$20M` |
| `$20 M`, `20 %`, `50 percent`, `20$`, `$-5`, `€20M`, `20 USD` | how money, percentages and suffixes are written | `$20M`, `20%`, `$20`, `-$5` |
| `1,000`, `1,5M`, `.5`, `1e6` | no thousands separators; decimals with a point; no exponents | `1000`, `1.5M`, `0.5`, `1M` |
| `employees >=`, `x > 5 and`, `require`, `in`, `has` with nothing after | `>=` needs a value to compare with | an example |
| `employees 200..2000`, `industry saas` | `in` is missing / a comparison needs an operator | `employees in 200..2000` |
| `tiers { A: 50 }`, `A = 50`, `A > 50`, `A 50`, `A >= 50%` | a tier's threshold is written with `>=` | `A >= 50` |
| `tiers [..]`, `score (..)` | a `tiers` block is written in braces | `tiers { .. }` |
| `x 30 when`, `x +30% when`, `x: +30 when`, `x +30 if`, `x +30 points when` | a weight carries its sign, ... | `x +30 when ..` |
| `x +3.5 when ..`, `+30 when ..` | a weight is a whole number of points; a signal needs a name | how to write it |
| `summary: \"x\"`, `require: ..` | no `:` after `summary` | `summary \"x\"` |
| `pains \"a\", \"b\"`, `pains (\"a\", \"b\")` | a list is written in square brackets | `pains [\"a\", \"b\"]` |
| `persona p for [a, b]` | the ICPs after `for` are written without brackets | `for a, b` |
| `account { employees = 5 }` in an example | a record field is written `name: value` | `employees: 5` |
| `employees >= 200 and <= 2000` | a comparison names its attribute | `employees >= 200 and employees <= 2000` |
| `employees >= 200 employees <= 2000` | `and` or `or` is missing between two criteria | both joined with `and` |
| `industry not retail`, `industry == [a, b]` | `not` goes before a criterion or `in`; a list is tested with `in` | `industry != retail`, `industry in [a, b]` |
| `[saas, , fintech]`, `enum { a; b }`, `require x;` | an empty item; items are separated by commas; no `;` | `saas, fintech` |
| `icp mid-market`, `[north-america]`, `annual revenue: money` | names are letters, digits and `_` | `mid_market`, `annual_revenue` |
| `icp \"Mid market\" {`, `example big {` | an ICP needs an id before its name; an example's name is a string | `icp mid_market \"Mid market\"` |
| `// comment`, `-- comment` | comments start with `#` | `#` |
| `requires x > 5` | `requires` is not a statement | `require x > 5` |
| `employees int`, `employees = int`, `enum [a, b]`, `enum { \"a\" }` | how attributes and enum values are declared | `employees: int`, `enum { a, b }` |
| `reviewed \"2026-01-31\"`, `reviewed 2026/01/31`, `31/01/2026` | a date is written YYYY-MM-DD | `reviewed 2026-01-31` |
| `section Pricing \"...\"` | a section's title is a string | `section \"Pricing\" \"...\"` |
| `\"a\\q\"` | unexpected escape | the escapes strings accept |
| a reserved word as a name | it is a reserved word and cannot be used as a name | |

Anything else is reported as the token the parser stopped at (`unexpected `x``), with what it
expected there.",
        fix: "Write what the help shows, or what the label expects.",
        example: Example::Spec(
            "icp a { require industry in (saas, fintech) }
# a list is written in square brackets
# help: lists are written in square brackets: write `industry in [saas, fintech]`",
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
        explanation: "The message quotes the opening line (`` `score {` is never closed``) and the label marks the bracket. Which bracket is at fault, and where its block ends, is read from the indentation: a line that is not indented deeper than the line that opened a `{` ends its block (a closing `}` must be less indented to belong to an outer block), so a `score {` left open is blamed on `score`, not on the ICP around it. The help says after which line to add the closer, and the block is read as if it were there, so nothing after it is lost or reported again. Without indentation to go by, the next line that starts, in its first column, with `account`, `contact`, `icp`, `persona` or `example` (in an example, `account` and `contact` are its records) begins a new block; the block left open is closed there, and what the parser then finds wrong in it is not reported, since it follows from the missing bracket. Brackets left open on one line are one error, at the first of them, that counts the others (`` `(` is never closed, nor are the 39999 brackets after it on this line``); its help lists the closers needed when there are a few.",
        fix: "Add the closing bracket where the block or list ends.",
        example: Example::Spec(
            "icp a {
  score {
    big +10 when employees > 200
  tiers { A >= 10, B }
}",
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
