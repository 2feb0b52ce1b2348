//! Codes of the checking stage (names, types and structure), by topic.

use super::{CodeDef, Example, Stage, Topic, declare};
use crate::diagnostics::Severity;

const SCHEMA: Stage = Stage::Checking(Topic::Schema);
const NAMES: Stage = Stage::Checking(Topic::Names);
const CRITERIA: Stage = Stage::Checking(Topic::Criteria);
const STRUCTURE: Stage = Stage::Checking(Topic::Structure);
const SCORES: Stage = Stage::Checking(Topic::Scores);
const EXAMPLES: Stage = Stage::Checking(Topic::Examples);

declare! {
    MISSING_SCHEMA = CodeDef {
        id: "missing-schema",
        stage: SCHEMA,
        severity: Severity::Error,
        summary: "ICPs, personas or examples use account (or contact) attributes, but no \
`account` (or `contact`) block declares any.",
        explanation: "Reported once per entity, at the first use. A file checked on its own \
(`icpl check file.icp` with no `icpl.toml` above it) is a spec of its own: put an `icpl.toml` \
at the root of a spec of several files, and `icpl check` reads any of its files with the others \
(see [cli.md](cli.md#the-icpl-command-line)); the command notes this.",
        fix: "Declare the attributes in an `account { .. }` (or `contact { .. }`) block.",
        example: Example::SpecAlone(
            "icp a { require employees > 200 }     # and no `account { .. }` block anywhere",
        ),
    };
    DUPLICATE_ATTRIBUTE = CodeDef {
        id: "duplicate-attribute",
        stage: SCHEMA,
        severity: Severity::Error,
        summary: "An attribute is declared twice for one entity.",
        explanation: "Possibly in two different blocks or files. Both declarations are \
labelled.",
        fix: "Remove or rename one.",
        example: Example::SpecAlone(
            "account { employees: int }
account { employees: money }",
        ),
    };
    UNKNOWN_TYPE = CodeDef {
        id: "unknown-type",
        stage: SCHEMA,
        severity: Severity::Error,
        summary: "The type of an attribute is not one that icpl knows.",
        explanation: "The types are `int`, `money`, `percent`, `bool`, `enum { .. }`, \
`ordered enum { .. }` and `set { .. }`.",
        fix: "Use one of them; the help suggests the right one: `integer` → `int`, `float` → \
`int`, `money` or `percent`, `string` → list the values as an enum, `list` → `set { .. }`.",
        example: Example::Spec("account { headcount: integer }"),
    };
    EMPTY_ENUM = CodeDef {
        id: "empty-enum",
        stage: SCHEMA,
        severity: Severity::Error,
        summary: "An enum or set has no values, or a value of a hierarchy is followed by empty \
braces.",
        explanation: "An attribute without values can never be tested.",
        fix: "List the values, or drop the braces.",
        example: Example::Spec("account { segment: enum { } }"),
    };
    DUPLICATE_VALUE = CodeDef {
        id: "duplicate-value",
        stage: SCHEMA,
        severity: Severity::Error,
        summary: "The same value name appears twice in one attribute.",
        explanation: "Names must be unique across all levels of a hierarchy, since a criterion \
names a value without its path.",
        fix: "Rename or remove one of them.",
        example: Example::Spec("account { area: enum { emea { uk, germany }, europe { uk } } }"),
    };
    NESTED_VALUES = CodeDef {
        id: "nested-values",
        stage: SCHEMA,
        severity: Severity::Error,
        summary: "A value of an `ordered enum` or a `set` has children.",
        explanation: "Only plain enums form hierarchies.",
        fix: "List set values at the top level, or drop `ordered` to make a hierarchy.",
        example: Example::Spec("account { stage: ordered enum { early { seed }, late } }"),
    };
    DUPLICATE_ID = CodeDef {
        id: "duplicate-id",
        stage: NAMES,
        severity: Severity::Error,
        summary: "Two ICPs, two personas or two examples share an id (for examples, a name).",
        explanation: "ICPs, personas and examples have separate namespaces.",
        fix: "Give each its own.",
        example: Example::Spec(
            "icp a { }
icp a { }",
        ),
    };
    UNKNOWN_ATTRIBUTE = CodeDef {
        id: "unknown-attribute",
        stage: NAMES,
        severity: Severity::Error,
        summary: "A criterion or an example record names an attribute the schema does not \
declare.",
        explanation: "The help suggests a close name, or says which record the attribute \
belongs in when it is declared for the other entity.",
        fix: "Correct the name, or declare the attribute.",
        example: Example::Spec("icp a { require employes > 200 }       # did you mean `employees`?"),
    };
    CONTACT_ATTRIBUTE_IN_ICP = CodeDef {
        id: "contact-attribute-in-icp",
        stage: NAMES,
        severity: Severity::Error,
        summary: "An ICP criterion uses a contact attribute.",
        explanation: "ICP criteria describe accounts; contacts are described by personas.",
        fix: "Move the criterion into a persona of the ICP.",
        example: Example::Spec("icp a { require seniority >= manager }"),
    };
    UNKNOWN_QUALIFIER = CodeDef {
        id: "unknown-qualifier",
        stage: NAMES,
        severity: Severity::Error,
        summary: "An attribute is qualified with something other than `account.` or \
`contact.`.",
        explanation: "Only the two entities qualify attributes.",
        fix: "Write `account.NAME` or `contact.NAME`.",
        example: Example::Spec("persona p { require acount.employees > 200 }"),
    };
    AMBIGUOUS_ATTRIBUTE = CodeDef {
        id: "ambiguous-attribute",
        stage: NAMES,
        severity: Severity::Error,
        summary: "A persona uses, unqualified, a name that both the account and the contact \
schema declare.",
        explanation: "A persona's criteria may test both its account and its contact, so the \
name alone does not say which.",
        fix: "Write `account.NAME` or `contact.NAME`.",
        example: Example::Spec(
            "persona p { require region in [emea] }     # account.region or contact.region?",
        ),
    };
    UNKNOWN_ICP = CodeDef {
        id: "unknown-icp",
        stage: NAMES,
        severity: Severity::Error,
        summary: "A persona's `for`, or an example's `expect`, names an ICP that does not \
exist.",
        explanation: "The help suggests a close id or lists the ICPs.",
        fix: "Correct the id, or define the ICP.",
        example: Example::Spec(
            "icp mid_market { }
persona p for mid_markt { }",
        ),
    };
    UNKNOWN_PERSONA = CodeDef {
        id: "unknown-persona",
        stage: NAMES,
        severity: Severity::Error,
        summary: "An example's `expect persona` names a persona that does not exist.",
        explanation: "The help suggests a close id or lists the personas.",
        fix: "Correct the id, or define the persona.",
        example: Example::Spec("example \"x\" { expect persona cfo }"),
    };
    UNKNOWN_TIER = CodeDef {
        id: "unknown-tier",
        stage: NAMES,
        severity: Severity::Error,
        summary: "`expect ICP tier T` names a tier the ICP does not define.",
        explanation: "The help suggests a close name or lists the ICP's tiers. Not reported \
when the ICP has a syntax error (its tiers may be what did not parse).",
        fix: "Correct the tier's name, or define the tier.",
        example: Example::Spec(
            "icp a {
  score { sso +10 when uses_sso }
  tiers { A >= 10, B }
}
example \"x\" {
  account { uses_sso: true }
  expect a tier C
}",
        ),
    };
    UNKNOWN_ROLE = CodeDef {
        id: "unknown-role",
        stage: NAMES,
        severity: Severity::Error,
        summary: "A persona's `role` is not a value of the contact attribute `decision_role`.",
        explanation: "Checked only when the contact schema declares `decision_role` as an \
enum.",
        fix: "Use one of its values; the help suggests the closest.",
        example: Example::Spec("persona p { role chamion }     # did you mean `champion`?"),
    };
    DUPLICATE_FOR = CodeDef {
        id: "duplicate-for",
        stage: NAMES,
        severity: Severity::Warning,
        summary: "The same ICP is named twice after `for`.",
        explanation: "The repetition has no effect.",
        fix: "Remove it.",
        example: Example::Spec(
            "icp a { }
persona p for a, a { }",
        ),
    };
    INVALID_OPERATOR = CodeDef {
        id: "invalid-operator",
        stage: CRITERIA,
        severity: Severity::Error,
        summary: "The operator does not apply to the attribute's type.",
        explanation: "For example `==` or `in` on a `set`, `has` on an `enum` or a number, \
`in [..]` on a number, or `<` or `in` on a `bool`. See the table of tests in \
[language.md](language.md#tests-by-type).",
        fix: "Write the test the help suggests for the attribute's type.",
        example: Example::Spec(
            "icp a { require tech_stack == hubspot }     # help: test one with `tech_stack has hubspot`",
        ),
    };
    BARE_ATTRIBUTE = CodeDef {
        id: "bare-attribute",
        stage: CRITERIA,
        severity: Severity::Error,
        summary: "An attribute that is not a `bool` stands alone as a criterion.",
        explanation: "Only a `bool` attribute is a criterion on its own: `require employees` \
says nothing about the number of employees.",
        fix: "Write a test for the attribute's type, as the help shows: `employees >= 100` or \
`industry in [saas]`.",
        example: Example::Spec("icp a { require employees }"),
    };
    UNORDERED_COMPARISON = CodeDef {
        id: "unordered-comparison",
        stage: CRITERIA,
        severity: Severity::Error,
        summary: "`<`, `<=`, `>`, `>=` or a range (`in a..b`) on an enum that is not declared \
`ordered`.",
        explanation: "The values of a plain enum have no order.",
        fix: "Use `in [..]` to list the values, or declare the attribute as `ordered enum`, \
lowest value first.",
        example: Example::Spec("icp a { require industry >= fintech }"),
    };
    TYPE_MISMATCH = CodeDef {
        id: "type-mismatch",
        stage: CRITERIA,
        severity: Severity::Error,
        summary: "A constant of the wrong kind for the attribute.",
        explanation: "A plain number for `money` (write `$20M`) or `percent` (write `25%`), \
money or a percentage for an `int`, a percentage for `money` or an amount for `percent`, a name \
or `true`/`false` for a number, a number for an enum, a single value for a set in a record \
(write a list), or a list for a single-valued attribute in a record. Comparing two attributes is \
not supported, which also ends up here. The help shows the constant written right; a fraction on \
a percentage has two likely readings and the help gives both, and a range with both ends written \
the same wrong way is one diagnostic.",
        fix: "Write the constant as the help shows.",
        example: Example::Spec(
            "icp a { require annual_revenue >= 20M }     # help: write money with `$`: `$20M`
icp b { require growth_rate >= 0.4 }
# help: percent literals are written in percent: `40%`; if you meant 0.4 percent, write `0.4%`",
        ),
    };
    NOT_A_WHOLE_NUMBER = CodeDef {
        id: "not-a-whole-number",
        stage: CRITERIA,
        severity: Severity::Error,
        summary: "A fractional number where only whole numbers make sense.",
        explanation: "A constant or record value for an `int` attribute, or a tier threshold \
(scores are sums of whole-number weights).",
        fix: "Write a whole number, or declare the attribute as `money` or `percent` if it \
needs fractions.",
        example: Example::Spec("icp a { require employees > 2.5 }"),
    };
    UNKNOWN_VALUE = CodeDef {
        id: "unknown-value",
        stage: CRITERIA,
        severity: Severity::Error,
        summary: "A name that is not a value of the enum or set.",
        explanation: "The help suggests a close value or lists the values.",
        fix: "Correct the value, or add it to the attribute's declaration.",
        example: Example::Spec("icp a { require industry in [sass] }     # did you mean `saas`?"),
    };
    EMPTY_RANGE = CodeDef {
        id: "empty-range",
        stage: CRITERIA,
        severity: Severity::Error,
        summary: "A range whose start is above its end matches nothing.",
        explanation: "`in a..b` holds for the values from `a` to `b`.",
        fix: "Write the lower bound first.",
        example: Example::Spec("icp a { require employees in 2000..200 }"),
    };
    EMPTY_LIST = CodeDef {
        id: "empty-list",
        stage: CRITERIA,
        severity: Severity::Error,
        summary: "`in []`, `has any []`, `has all []` or `has none []`.",
        explanation: "An empty list makes the test always false (or always true), which is \
never what was meant.",
        fix: "List at least one value.",
        example: Example::Spec("icp a { require industry in [] }"),
    };
    DUPLICATE_LIST_VALUE = CodeDef {
        id: "duplicate-list-value",
        stage: CRITERIA,
        severity: Severity::Warning,
        summary: "A value is listed twice in one list.",
        explanation: "It counts once.",
        fix: "Remove the repetition.",
        example: Example::Spec("icp a { require industry in [saas, fintech, saas] }"),
    };
    UNKNOWN_FIELD = CodeDef {
        id: "unknown-field",
        stage: STRUCTURE,
        severity: Severity::Error,
        summary: "A statement name that is neither a statement keyword nor a known narrative \
field.",
        explanation: "The help suggests a close field (or a keyword such as `require`), or \
lists the known fields.",
        fix: "Correct the name; for anything else, write `section \"Title\" \"...\"`.",
        example: Example::Spec(
            "icp a { painz [\"Manual reporting\"] }     # did you mean `pains`?",
        ),
    };
    MISPLACED_STATEMENT = CodeDef {
        id: "misplaced-statement",
        stage: STRUCTURE,
        severity: Severity::Error,
        summary: "A statement or field in the wrong kind of block.",
        explanation: "`score` or `tiers` in a persona, a person's field (`titles`, \
`background`, `role`, ...) in an ICP, or a company's field (`customer_base`, `onboarding`) in a \
persona. See the table of [known fields](language.md#known-fields).",
        fix: "Move it to the block it belongs in.",
        example: Example::Spec("icp a { titles [\"CFO\"] }"),
    };
    DUPLICATE_FIELD = CodeDef {
        id: "duplicate-field",
        stage: STRUCTURE,
        severity: Severity::Error,
        summary: "A field, `score`, `tiers`, `reviewed` or a section title given twice in one \
block.",
        explanation: "Only one of them could count.",
        fix: "Merge them into one.",
        example: Example::Spec(
            "icp a {
  summary \"One\"
  summary \"Two\"
}",
        ),
    };
    FIELD_KIND_MISMATCH = CodeDef {
        id: "field-kind-mismatch",
        stage: STRUCTURE,
        severity: Severity::Error,
        summary: "A field of the wrong kind.",
        explanation: "A string for a list field, a list for a text field, a quoted or listed \
value for `role` (which takes a bare name), or a bare name as a section's value.",
        fix: "Write the value as the help shows.",
        example: Example::Spec(
            "icp a { pains \"Manual reporting\" }     # help: wrap it in a list: `pains [\"Manual reporting\"]`",
        ),
    };
    INVALID_DATE = CodeDef {
        id: "invalid-date",
        stage: STRUCTURE,
        severity: Severity::Error,
        summary: "A `reviewed` date that does not exist in the calendar.",
        explanation: "Dates are checked against the calendar, leap years included.",
        fix: "Write a real date as YYYY-MM-DD.",
        example: Example::Spec("icp a { reviewed 2026-02-30 }"),
    };
    DUPLICATE_SIGNAL = CodeDef {
        id: "duplicate-signal",
        stage: SCORES,
        severity: Severity::Error,
        summary: "Two signals of one ICP share a name.",
        explanation: "A signal's name identifies it in the JSON rules, in `icpl match` output \
and in the diff.",
        fix: "Give each signal its own name.",
        example: Example::Spec(
            "icp a {
  score {
    sso +10 when uses_sso
    sso +5 when employees > 500
  }
}",
        ),
    };
    ZERO_WEIGHT = CodeDef {
        id: "zero-weight",
        stage: SCORES,
        severity: Severity::Warning,
        summary: "A signal with weight `+0` or `-0` never changes the score.",
        explanation: "It fires without effect.",
        fix: "Give it a weight, or remove it.",
        example: Example::Spec("icp a { score { sso +0 when uses_sso } }"),
    };
    DUPLICATE_TIER = CodeDef {
        id: "duplicate-tier",
        stage: SCORES,
        severity: Severity::Error,
        summary: "Two tiers of one ICP share a name.",
        explanation: "A tier's name is what an account is given, so each must be its own.",
        fix: "Give each tier its own name.",
        example: Example::Spec(
            "icp a {
  score { sso +10 when uses_sso }
  tiers { A >= 10, A >= 5 }
}",
        ),
    };
    TIERS_OUT_OF_ORDER = CodeDef {
        id: "tiers-out-of-order",
        stage: SCORES,
        severity: Severity::Error,
        summary: "A tier's threshold is not below the previous tier's.",
        explanation: "An account gets the first tier it reaches, so a tier after a lower one \
could never be reached. Both tiers are labelled.",
        fix: "List tiers from the highest threshold to the lowest.",
        example: Example::Spec(
            "icp a {
  score { sso +10 when uses_sso }
  tiers { B >= 5, A >= 10 }
}",
        ),
    };
    CATCH_ALL_TIER_NOT_LAST = CodeDef {
        id: "catch-all-tier-not-last",
        stage: SCORES,
        severity: Severity::Error,
        summary: "A tier without a threshold is followed by other tiers.",
        explanation: "A tier without a threshold catches every score, so any tier after it \
could never be reached.",
        fix: "Give it a threshold, or move it to the end.",
        example: Example::Spec(
            "icp a {
  score { sso +10 when uses_sso }
  tiers { C, A >= 10 }
}",
        ),
    };
    TIERS_WITHOUT_SCORE = CodeDef {
        id: "tiers-without-score",
        stage: SCORES,
        severity: Severity::Error,
        summary: "An ICP has `tiers` but no `score` block.",
        explanation: "There is no score to read the tiers from. Not reported when the ICP has a \
syntax error (its score may be what did not parse).",
        fix: "Add a `score { .. }` block, or remove the tiers.",
        example: Example::Spec("icp a { tiers { A >= 10, B } }"),
    };
    DUPLICATE_RECORD = CodeDef {
        id: "duplicate-record",
        stage: EXAMPLES,
        severity: Severity::Error,
        summary: "An example has two `account` (or two `contact`) records.",
        explanation: "An example describes one account and at most one contact.",
        fix: "Merge their fields into one record.",
        example: Example::Spec(
            "icp a { }
example \"x\" {
  account { employees: 10 }
  account { uses_sso: true }
  expect a
}",
        ),
    };
    DUPLICATE_RECORD_FIELD = CodeDef {
        id: "duplicate-record-field",
        stage: EXAMPLES,
        severity: Severity::Error,
        summary: "The same attribute is given twice in one record.",
        explanation: "A record holds one value per attribute.",
        fix: "Keep one value.",
        example: Example::Spec(
            "icp a { }
example \"x\" {
  account { employees: 10, employees: 20 }
  expect a
}",
        ),
    };
    EXAMPLE_WITHOUT_EXPECT = CodeDef {
        id: "example-without-expect",
        stage: EXAMPLES,
        severity: Severity::Warning,
        summary: "An example has no `expect` statement, so it asserts nothing.",
        explanation: "`icpl test` runs it, but it can never fail. Not reported when the example \
has a syntax error.",
        fix: "Add what it should show, such as `expect my_icp tier A` or `expect not my_icp`.",
        example: Example::Spec("example \"x\" { account { employees: 10 } }"),
    };
}
