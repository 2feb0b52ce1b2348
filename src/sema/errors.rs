//! Errors and warnings of the checking stage (names, types, structure).

use crate::source::Span;

/// A problem found while resolving names and checking types.
#[derive(Clone, Debug, thiserror::Error, miette::Diagnostic)]
pub enum SemaError {
    /// Profiles or examples exist but no `account` block declares the vocabulary they use.
    #[error("the spec declares no `{entity}` schema")]
    #[diagnostic(code("missing-schema"), help("declare the attributes in {example}"))]
    MissingSchema {
        entity: &'static str,
        #[label("this refers to {entity} attributes")]
        span: Span,
        example: &'static str,
    },

    /// The same attribute declared twice for one entity.
    #[error("`{name}` is declared twice in the {entity} schema")]
    #[diagnostic(code("duplicate-attribute"), help("remove or rename one of them"))]
    DuplicateAttribute {
        name: String,
        entity: &'static str,
        #[label("declared again here")]
        span: Span,
        #[label("first declared here")]
        first: Span,
    },

    /// A type name that does not exist.
    #[error("unknown type `{name}`")]
    #[diagnostic(code("unknown-type"))]
    UnknownType {
        name: String,
        #[label("not a type")]
        span: Span,
        #[help]
        help: String,
    },

    /// An enum or set without values.
    #[error("`{name}` has no values")]
    #[diagnostic(
        code("empty-enum"),
        help("list the values between the braces: `{{ a, b, c }}`")
    )]
    EmptyEnum {
        name: String,
        #[label("empty")]
        span: Span,
    },

    /// The same value twice in one enum or set (anywhere in its hierarchy).
    #[error("value `{value}` is declared twice in `{attr}`")]
    #[diagnostic(
        code("duplicate-value"),
        help("value names must be unique within an attribute, across all levels")
    )]
    DuplicateValue {
        value: String,
        attr: String,
        #[label("declared again here")]
        span: Span,
        #[label("first declared here")]
        first: Span,
    },

    /// Hierarchy where it has no meaning: ordered enums and sets are flat.
    #[error("{kind} values cannot have children")]
    #[diagnostic(code("nested-values"))]
    NestedValues {
        kind: &'static str,
        #[label("children are not allowed here")]
        span: Span,
        #[help]
        help: String,
    },

    /// Two ICPs, two personas or two examples with one id.
    #[error("{kind} `{name}` is defined twice")]
    #[diagnostic(code("duplicate-id"), help("give each {kind} its own {what}"))]
    DuplicateId {
        what: &'static str,
        kind: &'static str,
        name: String,
        #[label("defined again here")]
        span: Span,
        #[label("first defined here")]
        first: Span,
    },

    /// An attribute that no schema declares.
    #[error("unknown attribute `{name}`")]
    #[diagnostic(code("unknown-attribute"))]
    UnknownAttribute {
        name: String,
        #[label("not declared in the {schemas} schema")]
        span: Span,
        schemas: &'static str,
        #[help]
        help: String,
    },

    /// A contact attribute in an ICP, whose criteria describe accounts.
    #[error("`{name}` is a contact attribute, but ICP criteria describe accounts")]
    #[diagnostic(
        code("contact-attribute-in-icp"),
        help(
            "move this criterion into a persona of this ICP (`persona ... for {icp} {{ require ... }}`)"
        )
    )]
    ContactAttributeInIcp {
        name: String,
        icp: String,
        #[label("a contact attribute")]
        span: Span,
    },

    /// `acount.employees`: a qualifier other than `account` or `contact`.
    #[error("unknown qualifier `{name}`")]
    #[diagnostic(
        code("unknown-qualifier"),
        help("qualify attributes with `account.` or `contact.`")
    )]
    UnknownQualifier {
        name: String,
        #[label("expected `account` or `contact`")]
        span: Span,
    },

    /// A name declared by both schemas, used unqualified in a persona.
    #[error("`{name}` is both an account and a contact attribute")]
    #[diagnostic(
        code("ambiguous-attribute"),
        help("write `account.{name}` or `contact.{name}`")
    )]
    AmbiguousAttribute {
        name: String,
        #[label("ambiguous")]
        span: Span,
    },

    /// An operator that the attribute's type does not support.
    #[error("`{op}` cannot be used on `{attr}` ({ty})")]
    #[diagnostic(code("invalid-operator"))]
    InvalidOperator {
        op: String,
        attr: String,
        ty: &'static str,
        #[label("not supported for {ty}")]
        span: Span,
        #[help]
        help: String,
    },

    /// An attribute standing alone as a criterion when it is not a `bool`.
    #[error("`{attr}` is {article} {ty} attribute, so it cannot stand alone as a criterion")]
    #[diagnostic(code("bare-attribute"))]
    BareAttribute {
        attr: String,
        article: &'static str,
        ty: &'static str,
        #[label("needs a test")]
        span: Span,
        #[help]
        help: String,
    },

    /// `<`, `>=`, ranges on an enum that is not declared `ordered`.
    #[error("`{attr}` is not ordered, so it cannot be compared with `{op}`")]
    #[diagnostic(
        code("unordered-comparison"),
        help(
            "use `in [..]` to list the values, or declare the attribute as `ordered enum {{ .. }}` (lowest first)"
        )
    )]
    UnorderedComparison {
        attr: String,
        op: String,
        #[label("needs an ordered enum")]
        span: Span,
    },

    /// A literal of the wrong kind for the attribute: money on an int, a name on a number, ...
    #[error("`{attr}` holds {holds}, but this is {found}")]
    #[diagnostic(code("type-mismatch"))]
    TypeMismatch {
        attr: String,
        holds: &'static str,
        found: &'static str,
        #[label("expected {expected}")]
        span: Span,
        expected: String,
        #[help]
        help: Option<String>,
    },

    /// A fractional number where only whole numbers make sense.
    #[error("`{text}` is not a whole number")]
    #[diagnostic(code("not-a-whole-number"))]
    NotWhole {
        text: String,
        #[label("{what} must be a whole number")]
        span: Span,
        what: String,
        #[help]
        help: Option<String>,
    },

    /// A name that is not a value of the enum or set.
    #[error("`{value}` is not a value of `{attr}`")]
    #[diagnostic(code("unknown-value"))]
    UnknownValue {
        value: String,
        attr: String,
        #[label("unknown value")]
        span: Span,
        #[help]
        help: String,
    },

    /// `in 2000..200`: a range whose low end is above its high end matches nothing.
    #[error("the range `{text}` is empty: its start is above its end")]
    #[diagnostic(code("empty-range"), help("write the lower bound first: `{fixed}`"))]
    EmptyRange {
        text: String,
        fixed: String,
        #[label("matches nothing")]
        span: Span,
    },

    /// `in []`, `has any []`: an empty list.
    #[error("empty list")]
    #[diagnostic(code("empty-list"))]
    EmptyList {
        #[label("no values")]
        span: Span,
        #[help]
        help: String,
    },

    /// The same value listed twice.
    #[error("`{value}` is listed twice")]
    #[diagnostic(
        code("duplicate-list-value"),
        severity(Warning),
        help("remove the repetition")
    )]
    DuplicateListValue {
        value: String,
        #[label("repeated here")]
        span: Span,
        #[label("first listed here")]
        first: Span,
    },

    /// A narrative field name that is not known.
    #[error("unknown field `{name}`")]
    #[diagnostic(code("unknown-field"))]
    UnknownField {
        name: String,
        #[label("not a known field")]
        span: Span,
        #[help]
        help: String,
    },

    /// A statement or field that belongs in the other kind of block.
    #[error("`{what}` is not allowed in {place}")]
    #[diagnostic(code("misplaced-statement"))]
    Misplaced {
        what: String,
        place: &'static str,
        #[label("not allowed here")]
        span: Span,
        #[help]
        help: String,
    },

    /// A field or block given twice in one ICP or persona.
    #[error("`{what}` is given twice")]
    #[diagnostic(code("duplicate-field"), help("merge them into one"))]
    DuplicateField {
        what: String,
        #[label("given again here")]
        span: Span,
        #[label("first given here")]
        first: Span,
    },

    /// A list where one text is expected, or the other way round.
    #[error("`{name}` takes {expected}")]
    #[diagnostic(code("field-kind-mismatch"))]
    FieldKind {
        name: String,
        expected: &'static str,
        #[label("this is {found}")]
        span: Span,
        found: &'static str,
        #[help]
        help: String,
    },

    /// A date that does not exist.
    #[error("`{text}` is not a valid date")]
    #[diagnostic(code("invalid-date"), help("write a real calendar date as YYYY-MM-DD"))]
    InvalidDate {
        text: String,
        #[label("no such date")]
        span: Span,
    },

    /// Two score signals with one name in an ICP.
    #[error("signal `{name}` is defined twice")]
    #[diagnostic(code("duplicate-signal"), help("give each signal its own name"))]
    DuplicateSignal {
        name: String,
        #[label("defined again here")]
        span: Span,
        #[label("first defined here")]
        first: Span,
    },

    /// A weight of zero never changes the score.
    #[error("signal `{name}` has a weight of 0")]
    #[diagnostic(
        code("zero-weight"),
        severity(Warning),
        help("give it a weight such as `+10`, or remove it")
    )]
    ZeroWeight {
        name: String,
        #[label("never changes the score")]
        span: Span,
    },

    /// Two tiers with one name.
    #[error("tier `{name}` is defined twice")]
    #[diagnostic(code("duplicate-tier"), help("give each tier its own name"))]
    DuplicateTier {
        name: String,
        #[label("defined again here")]
        span: Span,
        #[label("first defined here")]
        first: Span,
    },

    /// Tier thresholds must fall from the first tier to the last.
    #[error(
        "tiers are out of order: `{name}` (>= {threshold}) comes after `{prev}` (>= {prev_threshold})"
    )]
    #[diagnostic(
        code("tiers-out-of-order"),
        help(
            "list tiers from the highest threshold to the lowest; an account gets the first tier it reaches"
        )
    )]
    TiersOutOfOrder {
        name: String,
        threshold: i64,
        prev: String,
        prev_threshold: i64,
        #[label("threshold not below the previous tier's")]
        span: Span,
        #[label("previous tier")]
        prev_span: Span,
    },

    /// A tier without a threshold catches every score, so it must come last.
    #[error("tier `{name}` has no threshold but is not the last tier")]
    #[diagnostic(
        code("catch-all-tier-not-last"),
        help("give it a threshold (`{name} >= 10`) or move it to the end")
    )]
    CatchAllNotLast {
        name: String,
        #[label("catches every score")]
        span: Span,
    },

    /// Tiers are read off the score, so they need signals.
    #[error("tiers without a score")]
    #[diagnostic(
        code("tiers-without-score"),
        help("add a `score {{ name +10 when ... }}` block, or remove the tiers")
    )]
    TiersWithoutScore {
        #[label("no score block gives these tiers a score")]
        span: Span,
    },

    /// A `for` clause or an expectation that names no ICP.
    #[error("unknown ICP `{name}`")]
    #[diagnostic(code("unknown-icp"))]
    UnknownIcp {
        name: String,
        #[label("no ICP with this id")]
        span: Span,
        #[help]
        help: String,
    },

    /// An expectation that names no persona.
    #[error("unknown persona `{name}`")]
    #[diagnostic(code("unknown-persona"))]
    UnknownPersona {
        name: String,
        #[label("no persona with this id")]
        span: Span,
        #[help]
        help: String,
    },

    /// An expectation that names a tier its ICP does not have.
    #[error("ICP `{icp}` has no tier `{name}`")]
    #[diagnostic(code("unknown-tier"))]
    UnknownTier {
        icp: String,
        name: String,
        #[label("not a tier of `{icp}`")]
        span: Span,
        #[help]
        help: String,
    },

    /// The same ICP twice after `for`.
    #[error("`{name}` is listed twice after `for`")]
    #[diagnostic(
        code("duplicate-for"),
        severity(Warning),
        help("remove the repetition")
    )]
    DuplicateFor {
        name: String,
        #[label("repeated here")]
        span: Span,
    },

    /// A persona role that the contact schema's `decision_role` enum does not list.
    #[error("`{name}` is not a value of `decision_role`")]
    #[diagnostic(code("unknown-role"))]
    UnknownRole {
        name: String,
        #[label("unknown role")]
        span: Span,
        #[help]
        help: String,
    },

    /// Two `account` (or `contact`) records in one example.
    #[error("this example already has {article} {entity} record")]
    #[diagnostic(
        code("duplicate-record"),
        help("merge the fields into one `{entity} {{ .. }}` block")
    )]
    DuplicateRecord {
        article: &'static str,
        entity: &'static str,
        #[label("second {entity} record")]
        span: Span,
        #[label("first one")]
        first: Span,
    },

    /// The same attribute twice in one record.
    #[error("`{name}` is given twice in this record")]
    #[diagnostic(code("duplicate-record-field"), help("keep one value"))]
    DuplicateRecordField {
        name: String,
        #[label("given again here")]
        span: Span,
        #[label("first given here")]
        first: Span,
    },

    /// An example that asserts nothing.
    #[error("example `{name}` has no `expect`")]
    #[diagnostic(
        code("example-without-expect"),
        severity(Warning),
        help("add what it should show, e.g. `expect my_icp tier A` or `expect not my_icp`")
    )]
    ExampleWithoutExpect {
        name: String,
        #[label("asserts nothing")]
        span: Span,
    },
}
