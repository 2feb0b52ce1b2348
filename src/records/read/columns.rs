//! What each column of a record file (or member of a JSON Lines record) is for: an attribute,
//! the record's id, a contact's account, or nothing.
//!
//! A column gives an attribute when `[match.columns]` in `icpl.toml` maps its name to one, when
//! its name is the attribute's name, or when its name normalised (lower case, runs of other
//! characters as `_`) is: `Annual Revenue` reads `annual_revenue`. A column that names nothing
//! is reported with the attribute it most likely means.

use crate::config::MatchConfig;
use crate::diagnostics::suggest::did_you_mean;
use crate::records::decode::Decoder;
use crate::records::number::DecimalMark;
use crate::records::shown;
use crate::sema::ir::{AttrId, Entity, Spec};

/// What a column (or member) is for.
#[derive(Clone, Debug)]
pub(super) enum Use {
    Attr(Box<Decoder>),
    Id,
    Account,
    /// Mapped in `icpl.toml` to an attribute of the other entity: a column of the other file.
    Other,
    /// Names nothing the spec knows.
    Unknown,
}

impl Use {
    /// Whether the column says something about the record (an attribute, its id or account).
    pub(super) fn is_read(&self) -> bool {
        matches!(self, Use::Attr(_) | Use::Id | Use::Account)
    }
}

/// A column name in lower case with every run of other characters as one `_`.
pub(super) fn normalise(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// Resolves column names for one file.
pub(super) struct Resolver<'a> {
    pub spec: &'a Spec,
    pub entity: Entity,
    pub config: &'a MatchConfig,
    pub mark: DecimalMark,
}

impl Resolver<'_> {
    pub(super) fn id_column(&self) -> &str {
        self.config.id_column.as_deref().unwrap_or("id")
    }

    pub(super) fn account_column(&self) -> &str {
        self.config
            .account_id_column
            .as_deref()
            .unwrap_or("account_id")
    }

    /// `account` or `contact`.
    pub(super) fn entity_name(&self) -> &'static str {
        match self.entity {
            Entity::Account => "account",
            Entity::Contact => "contact",
        }
    }

    fn attr(&self, id: AttrId) -> Use {
        Use::Attr(Box::new(Decoder::new(self.spec, id, self.mark)))
    }

    /// What a column is for. An error only when `icpl.toml` maps it to an attribute the spec
    /// does not have (`icpl check` reports that first).
    pub(super) fn resolve(&self, name: &str) -> Result<Use, String> {
        let schema = self.spec.schema(self.entity);
        if let Some(target) = self.config.columns.get(name) {
            let (entity, attr) = match target.split_once('.') {
                Some(("account", a)) => (Some(Entity::Account), a),
                Some(("contact", a)) => (Some(Entity::Contact), a),
                _ => (None, target.as_str()),
            };
            if let Some(e) = entity
                && e != self.entity
            {
                return Ok(Use::Other);
            }
            if let Some(id) = schema.find(attr) {
                return Ok(self.attr(id));
            }
            let other = match self.entity {
                Entity::Account => Entity::Contact,
                Entity::Contact => Entity::Account,
            };
            if entity.is_none() && self.spec.schema(other).find(attr).is_some() {
                return Ok(Use::Other);
            }
            return Err(format!(
                "icpl.toml maps column `{}` to `{}`, which is not {} attribute",
                shown(name),
                shown(target),
                match self.entity {
                    Entity::Account => "an account",
                    Entity::Contact => "a contact",
                }
            ));
        }
        if name == self.id_column() {
            return Ok(Use::Id);
        }
        if self.entity == Entity::Contact && name == self.account_column() {
            return Ok(Use::Account);
        }
        Ok(schema
            .find(name)
            .or_else(|| schema.find(&normalise(name)))
            .map_or(Use::Unknown, |id| self.attr(id)))
    }

    /// The attribute (or id or account column) an unknown column most likely means.
    pub(super) fn suggestion(&self, name: &str) -> Option<String> {
        let schema = self.spec.schema(self.entity);
        let mut candidates: Vec<&str> = schema.attrs.iter().map(|a| a.name.as_str()).collect();
        candidates.push(self.id_column());
        if self.entity == Entity::Contact {
            candidates.push(self.account_column());
        }
        let key = normalise(name);
        did_you_mean(&key, candidates.iter().copied())
            .or_else(|| did_you_mean(name, candidates.iter().copied()))
            .map(str::to_string)
    }

    /// The help for an unknown column: a close name, else how to map it.
    pub(super) fn unknown_help(&self, name: &str) -> String {
        match self.suggestion(name) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "map it to an attribute under [match.columns] in icpl.toml (\"{}\" = \"...\"), or leave it: it is ignored",
                shown(name)
            ),
        }
    }
}

/// How a CSV file's columns map to attributes.
#[derive(Clone, Debug)]
pub(super) struct Plan {
    pub names: Vec<String>,
    pub uses: Vec<Use>,
}

impl Plan {
    /// The plan of a header. An error when two columns give the same attribute, or the id
    /// (or account) twice: every record's value would be ambiguous.
    pub(super) fn new(resolver: &Resolver<'_>, names: Vec<String>) -> Result<Plan, String> {
        let mut uses: Vec<Use> = Vec::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            let u = resolver.resolve(n)?;
            let same = |o: &Use| match (o, &u) {
                (Use::Attr(a), Use::Attr(b)) => a.slot() == b.slot(),
                (Use::Id, Use::Id) | (Use::Account, Use::Account) => true,
                _ => false,
            };
            if let Some(j) = uses.iter().position(same) {
                let what = match &u {
                    Use::Attr(d) => format!(
                        "attribute `{}`",
                        resolver
                            .spec
                            .attr(crate::eval::row::attr_of(resolver.spec, d.slot()))
                            .name
                    ),
                    Use::Id => "the record's id".to_string(),
                    _ => "the contact's account".to_string(),
                };
                return Err(format!(
                    "columns {} (`{}`) and {} (`{}`) both give {what}",
                    j + 1,
                    shown(names.get(j).map_or("", String::as_str)),
                    i + 1,
                    shown(n)
                ));
            }
            uses.push(u);
        }
        Ok(Plan { names, uses })
    }

    /// Whether some column gives an attribute.
    pub(super) fn gives_attributes(&self) -> bool {
        self.uses.iter().any(|u| matches!(u, Use::Attr(_)))
    }

    /// The columns that name nothing: their 1-based numbers and names.
    pub(super) fn unknown(&self) -> Vec<(usize, &str)> {
        self.names
            .iter()
            .zip(&self.uses)
            .enumerate()
            .filter(|(_, (_, u))| matches!(u, Use::Unknown))
            .map(|(i, (n, _))| (i + 1, n.as_str()))
            .collect()
    }
}
