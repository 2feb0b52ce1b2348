//! The checking stage: syntax trees to the typed model.
//!
//! Takes the parsed files of a spec and gives a [`Spec`] (the typed IR every later stage reads)
//! plus every naming, typing and structural problem. Like parsing, checking never stops early:
//! an invalid criterion is reported and left out of the model, and names that belong to blocks
//! that failed to parse are not reported again as unknown.

mod criteria;
pub mod date;
pub mod english;
mod errors;
mod examples;
pub mod ir;
pub mod narrative;
mod profiles;
mod schema;

use std::collections::{HashMap, HashSet};

pub use errors::SemaError;
pub use ir::Spec;

use crate::source::{SourceMap, Span};
use crate::syntax::Parsed;
use crate::syntax::ast::{Entity, Item};

/// The result of checking: the model and what was wrong with the input.
#[derive(Debug, Default)]
pub struct Checked {
    pub spec: Spec,
    pub errors: Vec<SemaError>,
}

struct Checker<'a> {
    map: &'a SourceMap,
    spec: Spec,
    errors: Vec<SemaError>,
    /// Ids of ICPs and personas whose blocks did not parse.
    broken_icps: HashSet<String>,
    broken_personas: HashSet<String>,
    /// Attributes declared with an invalid type, per entity (they exist, untyped).
    untyped: PerEntity<Vec<String>>,
    /// Schema blocks that did not parse completely, per entity.
    incomplete_schema: PerEntity<Vec<Span>>,
    missing_reported: PerEntity<bool>,
    /// The spans of the syntax errors: a block that holds one may have lost a statement, so
    /// what it seems to lack (a score, a tier, an `expect`) is a consequence, not news.
    syntax_errors: &'a [Span],
}

/// One value for each entity.
#[derive(Default)]
struct PerEntity<T> {
    account: T,
    contact: T,
}

impl<T> PerEntity<T> {
    fn get(&self, entity: Entity) -> &T {
        match entity {
            Entity::Account => &self.account,
            Entity::Contact => &self.contact,
        }
    }

    fn get_mut(&mut self, entity: Entity) -> &mut T {
        match entity {
            Entity::Account => &mut self.account,
            Entity::Contact => &mut self.contact,
        }
    }
}

impl Checker<'_> {
    /// Whether a syntax error was reported inside `span`.
    fn damaged(&self, span: Span) -> bool {
        self.syntax_errors.iter().any(|e| span.contains(*e))
    }

    /// Whether an unknown attribute is explained by a problem reported elsewhere.
    fn excuses_unknown(&self, entity: Entity, name: &str) -> bool {
        // The broken declaration may spell the name with spaces or hyphens (`annual revenue`).
        let spellings = [
            name.to_string(),
            name.replace('_', " "),
            name.replace('_', "-"),
        ];
        self.untyped.get(entity).iter().any(|n| n == name)
            || self.incomplete_schema.get(entity).iter().any(|s| {
                let text = self.map.slice(*s);
                spellings.iter().any(|w| contains_word(text, w))
            })
    }

    fn missing_schema(&mut self, entity: Entity, span: Span) {
        let reported = self.missing_reported.get_mut(entity);
        if !*reported {
            *reported = true;
            let example = match entity {
                Entity::Account => "an `account { ... }` block, e.g. `account { employees: int }`",
                Entity::Contact => {
                    "a `contact { ... }` block, e.g. `contact { seniority: ordered enum { manager, director, vp } }`"
                }
            };
            self.errors.push(SemaError::MissingSchema {
                entity: entity.as_str(),
                span,
                example,
            });
        }
    }
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !is_word(before) && !is_word(after)
    })
}

/// Checks parsed files. `syntax_errors` are the spans of syntax errors, used to tell which
/// blocks are incomplete.
pub fn check(parsed: &Parsed, map: &SourceMap, syntax_errors: &[Span]) -> Checked {
    let mut c = Checker {
        map,
        spec: Spec::default(),
        errors: Vec::new(),
        broken_icps: HashSet::new(),
        broken_personas: HashSet::new(),
        untyped: PerEntity::default(),
        incomplete_schema: PerEntity::default(),
        missing_reported: PerEntity::default(),
        syntax_errors,
    };
    let items: Vec<&Item> = parsed.files.iter().flat_map(|f| &f.items).collect();
    let damaged = |span: Span| syntax_errors.iter().any(|e| span.contains(*e));

    // Schema first: everything else is checked against it.
    let mut account = Vec::new();
    let mut contact = Vec::new();
    for item in &items {
        match item {
            Item::Schema(b) => {
                if damaged(b.span) {
                    c.incomplete_schema.get_mut(b.entity).push(b.span);
                }
                match b.entity {
                    Entity::Account => account.push(b),
                    Entity::Contact => contact.push(b),
                }
            }
            Item::Broken(b) => match (b.keyword, &b.name) {
                (Some("account"), _) => c.incomplete_schema.account.push(b.span),
                (Some("contact"), _) => c.incomplete_schema.contact.push(b.span),
                (Some("icp"), Some(n)) => {
                    c.broken_icps.insert(n.name.clone());
                }
                (Some("persona"), Some(n)) => {
                    c.broken_personas.insert(n.name.clone());
                }
                _ => {}
            },
            _ => {}
        }
    }
    c.spec.account = c.schema(Entity::Account, &account);
    c.spec.contact = c.schema(Entity::Contact, &contact);
    // A schema that exists only as a broken block is not "missing".
    for e in [Entity::Account, Entity::Contact] {
        if !c.incomplete_schema.get(e).is_empty() {
            *c.missing_reported.get_mut(e) = true;
        }
    }

    // ICPs before personas (personas name them), both before examples.
    let mut first_ids: HashMap<(&str, String), Span> = HashMap::new();
    for kind in ["ICP", "persona", "example"] {
        for item in &items {
            let (name, span) = match (kind, item) {
                ("ICP", Item::Icp(b)) | ("persona", Item::Persona(b)) => {
                    (b.id.name.clone(), b.id.span)
                }
                ("example", Item::Example(b)) => (b.name.value.clone(), b.name.span),
                _ => continue,
            };
            if let Some(&first) = first_ids.get(&(kind, name.clone())) {
                c.errors.push(SemaError::DuplicateId {
                    what: if kind == "example" { "name" } else { "id" },
                    kind,
                    name,
                    span,
                    first,
                });
                continue;
            }
            first_ids.insert((kind, name), span);
            match item {
                Item::Icp(b) => {
                    let icp = c.icp(b);
                    c.spec.push_icp(icp);
                }
                Item::Persona(b) => {
                    let p = c.persona(b);
                    c.spec.push_persona(p);
                }
                Item::Example(b) => {
                    let x = c.example(b);
                    c.spec.examples.push(x);
                }
                _ => {}
            }
        }
    }
    Checked {
        spec: c.spec,
        errors: c.errors,
    }
}
