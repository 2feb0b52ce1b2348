//! Narrative fields: the known, documented set (`summary`, `goals`, `pains`, ...) and custom
//! sections.
//!
//! Each known field has a fixed kind (one text, or a list of texts), a scope (ICPs, personas or
//! both) and the heading briefs use. `docs/language.md` lists the same table; a test keeps the
//! two in step.

/// Whether a field holds one text or a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// One string: `summary "..."`.
    Text,
    /// A list of strings or names: `pains ["...", "..."]`, `channels [linkedin, webinars]`.
    List,
    /// One name: `role champion`.
    Name,
}

/// Where a field may appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Both,
    Icp,
    Persona,
}

/// A known narrative field.
#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    pub name: &'static str,
    pub kind: FieldKind,
    pub scope: Scope,
    /// The heading in briefs.
    pub heading: &'static str,
    /// What the field is for (shown by the language server and in the docs).
    pub doc: &'static str,
}

const fn def(
    name: &'static str,
    kind: FieldKind,
    scope: Scope,
    heading: &'static str,
    doc: &'static str,
) -> FieldDef {
    FieldDef {
        name,
        kind,
        scope,
        heading,
        doc,
    }
}

use FieldKind::{List, Name, Text};
use Scope::{Both, Icp, Persona};

/// Every known narrative field, in the order briefs present them.
pub const FIELDS: &[FieldDef] = &[
    def(
        "summary",
        Text,
        Both,
        "Summary",
        "One or two sentences on who this is.",
    ),
    def(
        "owner",
        Text,
        Both,
        "Owner",
        "Who maintains the definition (a person or team).",
    ),
    def(
        "background",
        Text,
        Persona,
        "Background",
        "Career path, team and day-to-day work.",
    ),
    def(
        "role",
        Name,
        Persona,
        "Decision-making role",
        "The part played in a purchase, such as `champion` or `economic_buyer`.",
    ),
    def(
        "titles",
        List,
        Persona,
        "Typical titles",
        "Job titles this persona holds.",
    ),
    def(
        "reports_to",
        Text,
        Persona,
        "Reports to",
        "Who the persona reports to.",
    ),
    def(
        "education",
        Text,
        Persona,
        "Education",
        "Typical education and training.",
    ),
    def("income", Text, Persona, "Income", "Typical income band."),
    def(
        "location",
        Text,
        Persona,
        "Location",
        "Where the persona typically works.",
    ),
    def(
        "interests",
        List,
        Persona,
        "Interests",
        "Professional interests and communities.",
    ),
    def(
        "goals",
        List,
        Both,
        "Goals",
        "What they are trying to achieve.",
    ),
    def(
        "challenges",
        List,
        Both,
        "Challenges",
        "Obstacles in the way of the goals.",
    ),
    def(
        "pains",
        List,
        Both,
        "Pain points",
        "Specific problems the product removes.",
    ),
    def(
        "motivations",
        List,
        Both,
        "Motivations",
        "What drives a decision to buy.",
    ),
    def(
        "triggers",
        List,
        Both,
        "Buying triggers",
        "Events that start a buying process.",
    ),
    def(
        "objections",
        List,
        Both,
        "Objections",
        "Reasons they give for not buying, to prepare answers for.",
    ),
    def(
        "buying_behaviour",
        Text,
        Both,
        "Buying behaviour",
        "How they research, evaluate and decide.",
    ),
    def(
        "buying_process",
        Text,
        Both,
        "Buying process",
        "The steps and approvals of a purchase.",
    ),
    def(
        "budget",
        Text,
        Both,
        "Budget",
        "Typical budget and who holds it.",
    ),
    def("channels", List, Both, "Channels", "Where to reach them."),
    def(
        "communication",
        Text,
        Both,
        "Communication preferences",
        "How they like to be contacted and briefed.",
    ),
    def(
        "messaging",
        Text,
        Both,
        "Messaging",
        "The message that lands with them.",
    ),
    def(
        "value_proposition",
        Text,
        Both,
        "Value proposition",
        "Why the product is worth it to them.",
    ),
    def(
        "customer_base",
        Text,
        Icp,
        "Customer base",
        "Who the account sells to.",
    ),
    def(
        "competitors",
        List,
        Both,
        "Competitive environment",
        "Alternatives they consider or use.",
    ),
    def(
        "onboarding",
        Text,
        Icp,
        "Vendor onboarding",
        "How the account onboards new vendors.",
    ),
    def("notes", Text, Both, "Notes", "Anything else worth knowing."),
];

/// The known field called `name`.
pub fn field(name: &str) -> Option<&'static FieldDef> {
    FIELDS.iter().find(|f| f.name == name)
}

/// A narrative value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NarrativeValue {
    Text(String),
    List(Vec<String>),
}

/// One narrative entry: a known field or a custom `section "Title"`.
#[derive(Clone, Debug)]
pub struct NarrativeEntry {
    /// The known field, or `None` for a custom section.
    pub field: Option<&'static FieldDef>,
    /// The field name, or the section title.
    pub key: String,
    pub value: NarrativeValue,
    pub span: crate::source::Span,
}

/// The narrative of an ICP or persona, in source order.
#[derive(Clone, Debug, Default)]
pub struct Narrative {
    pub entries: Vec<NarrativeEntry>,
}

impl Narrative {
    /// The value of a known field.
    pub fn get(&self, name: &str) -> Option<&NarrativeValue> {
        self.entries
            .iter()
            .find(|e| e.field.is_some_and(|f| f.name == name))
            .map(|e| &e.value)
    }

    /// The custom sections, in source order.
    pub fn sections(&self) -> impl Iterator<Item = &NarrativeEntry> {
        self.entries.iter().filter(|e| e.field.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::FIELDS;

    /// The syntax stage tells a field after a criterion from a word continuing it by name: its
    /// list must be this one.
    #[test]
    fn the_syntax_stage_knows_every_field_by_name() {
        let names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        assert_eq!(names, crate::syntax::NARRATIVE_FIELDS);
    }
}
