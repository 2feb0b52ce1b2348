//! Project settings from `icpl.toml` at the spec root.
//!
//! Every key is optional; an unknown key, an unknown lint or a value of the wrong type is an
//! error that points into the file, so a typo never silently turns a setting off. Every such
//! problem is reported in one run.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::Level;
use crate::diagnostics::suggest::{did_you_mean, help_did_you_mean};
use crate::source::{SourceFile, Span};

/// The settings of a spec. `Default` is what a spec without `icpl.toml` gets.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub project: ProjectConfig,
    /// Lint levels set in `[lints]`, by lint id.
    pub lints: BTreeMap<&'static str, Level>,
    pub check: CheckConfig,
    pub matching: MatchConfig,
}

/// `[match]`: how `icpl match` reads record files.
#[derive(Clone, Debug, Default)]
pub struct MatchConfig {
    /// The column (or JSON member) that identifies a record (default `id`).
    pub id_column: Option<String>,
    /// In a contacts file, the column naming the contact's account (default `account_id`).
    pub account_id_column: Option<String>,
    /// Numbers written as text use a decimal comma (`80,5M`) instead of a point.
    pub decimal_comma: bool,
    /// Column names of record files, mapped to attribute names (`employees`, or qualified:
    /// `contact.seniority`).
    pub columns: BTreeMap<String, String>,
    /// Where each mapping's attribute is written, by column name (for [`Config::check_columns`]).
    pub column_spans: BTreeMap<String, Span>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMatch {
    id_column: Option<String>,
    account_id_column: Option<String>,
    #[serde(default)]
    decimal_comma: bool,
    #[serde(default)]
    columns: BTreeMap<String, toml::Spanned<String>>,
}

/// `[project]`: what the spec is about.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    /// The name briefs use in titles (e.g. the company the spec describes).
    pub name: Option<String>,
}

/// `[check]`: options of the lints.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckConfig {
    /// Days after `reviewed` when an ICP or persona counts as stale (default 180).
    pub review_max_age_days: Option<u32>,
    /// Personas an ICP may have before `too-many-personas` (default 5).
    pub max_personas: Option<usize>,
    /// Pairs `overlapping-icps` reports at most (default 200).
    pub max_overlaps: Option<usize>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    project: ProjectConfig,
    #[serde(default)]
    lints: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    #[serde(default)]
    check: CheckConfig,
    #[serde(default, rename = "match")]
    matching: RawMatch,
}

/// A problem with `icpl.toml`.
#[derive(Clone, Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConfigError {
    /// The file is not valid TOML, or holds an unknown key or a value of the wrong type.
    #[error("invalid `icpl.toml`: {message}")]
    #[diagnostic(code("invalid-config"))]
    Invalid {
        message: String,
        #[label("here")]
        span: Span,
        #[help]
        help: Option<String>,
    },
    /// `[lints]` names a lint that does not exist.
    #[error("unknown lint `{name}`")]
    #[diagnostic(code("unknown-lint"))]
    UnknownLint {
        name: String,
        #[label("no lint has this id")]
        span: Span,
        #[help]
        help: String,
    },
    /// `[match.columns]` maps a column to an attribute the schema does not have.
    #[error("`[match.columns]` maps column `{column}` to `{target}`, which is not an attribute")]
    #[diagnostic(code("invalid-config"))]
    UnknownColumnTarget {
        column: String,
        target: String,
        #[label("no such attribute")]
        span: Span,
        #[help]
        help: String,
    },
    /// `[lints]` gives a level that does not exist.
    #[error("unknown lint level `{level}`")]
    #[diagnostic(
        code("invalid-config"),
        help("the levels are `allow`, `info`, `warn` and `deny`")
    )]
    UnknownLevel {
        level: String,
        #[label("not a level")]
        span: Span,
    },
}

impl Config {
    /// Checks that every `[match.columns]` mapping names an attribute: `name` of the account
    /// or the contact schema, or a qualified `account.name` or `contact.name`.
    pub fn check_columns(&self, account: &[&str], contact: &[&str]) -> Vec<ConfigError> {
        let mut candidates: Vec<String> = account.iter().map(|a| a.to_string()).collect();
        candidates.extend(contact.iter().map(|c| c.to_string()));
        candidates.extend(account.iter().map(|a| format!("account.{a}")));
        candidates.extend(contact.iter().map(|c| format!("contact.{c}")));
        let mut errors = Vec::new();
        for (column, target) in &self.matching.columns {
            let known = match target.split_once('.') {
                Some(("account", a)) => account.contains(&a),
                Some(("contact", c)) => contact.contains(&c),
                _ => account.contains(&target.as_str()) || contact.contains(&target.as_str()),
            };
            if known {
                continue;
            }
            let other_entity = match target.split_once('.') {
                Some(("account", a)) if contact.contains(&a) => {
                    Some(format!("`{a}` is a contact attribute: write `contact.{a}`"))
                }
                Some(("contact", c)) if account.contains(&c) => Some(format!(
                    "`{c}` is an account attribute: write `account.{c}`"
                )),
                _ => None,
            };
            let help = other_entity
                .or_else(|| help_did_you_mean(target, candidates.iter().map(String::as_str)))
                .unwrap_or_else(|| {
                    "map the column to an attribute of the `account` or `contact` schema (`employees`, `contact.seniority`)".into()
                });
            errors.push(ConfigError::UnknownColumnTarget {
                column: column.clone(),
                target: target.clone(),
                span: self
                    .matching
                    .column_spans
                    .get(column)
                    .copied()
                    .unwrap_or_default(),
                help,
            });
        }
        errors
    }
}

/// Reads the settings of a spec from its `icpl.toml`. Every problem is reported in one run (a
/// syntax error, an unknown key, a value of the wrong type or out of range), each at its
/// position; the entries that are wrong are left out and the rest still apply. `lint_ids` are
/// the ids `[lints]` may name (the caller takes them from the lint registry, which this stage
/// does not know).
pub fn parse(file: &SourceFile, lint_ids: &[&'static str]) -> (Config, Vec<ConfigError>) {
    let clamp = |r: std::ops::Range<usize>| {
        file.global(r.start.min(file.text.len())..r.end.min(file.text.len()))
    };
    let (mut doc, syntax) = DeTable::parse_recoverable(&file.text);
    let mut errors: Vec<ConfigError> = syntax
        .iter()
        .map(|e| ConfigError::Invalid {
            message: e.message().trim().to_string(),
            span: clamp(widen(&file.text, e.span().unwrap_or(0..0))),
            help: Some("see the settings reference in docs/cli.md".into()),
        })
        .collect();
    // Deserialize; an error removes the entry it is about and the rest is read again, so every
    // bad key, type and value is reported, not only the first. Each round removes an entry, so
    // the loop ends.
    let mut rounds = count_entries(doc.get_ref()) + 1;
    let raw = loop {
        let attempt = RawConfig::deserialize(toml::de::Deserializer::from(doc.clone()));
        let e = match attempt {
            Ok(raw) => break raw,
            Err(e) => e,
        };
        let at = e.span().unwrap_or(0..0);
        let removed = remove_entry(doc.get_mut(), &at, &mut Vec::new());
        let plain = plain_message(e.message());
        let (message, span) = match &removed {
            Some(r) if unknown_key(e.message()).is_some() => {
                (unknown_message(r), key_or(at, &r.key_span))
            }
            Some(r) => (format!("{} {plain}", where_is(r)), key_or(at, &r.key_span)),
            None => (plain, at),
        };
        let help = match &removed {
            Some(r) => help_for(e.message(), r),
            None => Some("see the settings reference in docs/cli.md".into()),
        };
        errors.push(ConfigError::Invalid {
            message,
            span: clamp(span),
            help,
        });
        rounds -= 1;
        if removed.is_none() || rounds == 0 {
            break RawConfig::default();
        }
    };
    let mut levels = BTreeMap::new();
    for (name, level) in raw.lints {
        let Some(id) = lint_ids
            .iter()
            .copied()
            .find(|id| *id == name.get_ref().as_str())
        else {
            errors.push(ConfigError::UnknownLint {
                help: help_did_you_mean(name.get_ref(), lint_ids.iter().copied())
                    .unwrap_or_else(|| "`icpl lints` lists every lint".into()),
                name: name.get_ref().clone(),
                span: clamp(name.span()),
            });
            continue;
        };
        match Level::parse(level.get_ref()) {
            Some(l) => {
                levels.insert(id, l);
            }
            None => errors.push(ConfigError::UnknownLevel {
                level: level.get_ref().clone(),
                span: clamp(level.span()),
            }),
        }
    }
    errors.sort_by_key(|e| match e {
        ConfigError::Invalid { span, .. }
        | ConfigError::UnknownLint { span, .. }
        | ConfigError::UnknownColumnTarget { span, .. }
        | ConfigError::UnknownLevel { span, .. } => (span.start, span.end),
    });
    (
        Config {
            project: raw.project,
            lints: levels,
            check: raw.check,
            matching: MatchConfig {
                id_column: raw.matching.id_column,
                account_id_column: raw.matching.account_id_column,
                decimal_comma: raw.matching.decimal_comma,
                column_spans: raw
                    .matching
                    .columns
                    .iter()
                    .map(|(k, v)| (k.clone(), clamp(v.span())))
                    .collect(),
                columns: raw
                    .matching
                    .columns
                    .into_iter()
                    .map(|(k, v)| (k, v.into_inner()))
                    .collect(),
            },
        },
        errors,
    )
}

/// An empty span (a syntax error at the end of a line) widened to what precedes it on its
/// line, so that the report underlines something.
fn widen(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    if !span.is_empty() {
        return span;
    }
    let end = span.end.min(text.len());
    let line_start = text
        .get(..end)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line = text.get(line_start..end).unwrap_or("");
    let start = line_start + (line.len() - line.trim_start().len());
    if start < end { start..end } else { span }
}

/// For an unknown key the key itself is underlined; for a bad value, the value.
fn key_or(at: std::ops::Range<usize>, key: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    if at.is_empty() { key.clone() } else { at }
}

/// An entry taken out of the document: its dotted path and the span of its key.
struct Removed {
    path: Vec<String>,
    key_span: std::ops::Range<usize>,
    /// The table it was in (empty at the top level).
    table: Vec<String>,
}

fn count_entries(table: &DeTable) -> usize {
    table
        .values()
        .map(|v| match v.get_ref() {
            DeValue::Table(t) => 1 + count_entries(t),
            _ => 1,
        })
        .sum()
}

/// Removes the innermost entry whose key or value holds `at`, and says which it was. Tables
/// are searched whatever their own span (a `[table]` header's span does not cover its keys).
fn remove_entry(
    table: &mut DeTable,
    at: &std::ops::Range<usize>,
    path: &mut Vec<String>,
) -> Option<Removed> {
    let holds = |r: std::ops::Range<usize>| r.start <= at.start && at.end <= r.end.max(r.start + 1);
    // Deeper first: an entry of a nested table.
    let keys: Vec<_> = table.keys().cloned().collect();
    for key in &keys {
        if holds(key.span()) {
            continue;
        }
        if let Some(DeValue::Table(inner)) = table.get_mut(key).map(|v| v.get_mut()) {
            path.push(key.get_ref().to_string());
            let found = remove_entry(inner, at, path);
            path.pop();
            if found.is_some() {
                return found;
            }
        }
    }
    let key = keys
        .into_iter()
        .find(|k| holds(k.span()) || table.get(k).is_some_and(|v| holds(v.span())))?;
    table.remove(&key);
    let mut full = path.clone();
    full.push(key.get_ref().to_string());
    Some(Removed {
        table: path.clone(),
        key_span: key.span(),
        path: full,
    })
}

/// "`max-personas` in `[check]`", "`name` in `[project]`", "`x`" (top level).
fn where_is(r: &Removed) -> String {
    let name = r.path.last().map(String::as_str).unwrap_or("");
    if r.table.is_empty() {
        format!("`{name}`")
    } else {
        format!("`{name}` in `[{}]`", r.table.join("."))
    }
}

/// "unknown key `nmae` in `[project]`", "unknown table `[lint]`".
fn unknown_message(r: &Removed) -> String {
    let name = r.path.last().map(String::as_str).unwrap_or("");
    if r.table.is_empty() {
        format!("unknown table or key `{name}`")
    } else {
        format!("unknown key `{name}` in `[{}]`", r.table.join("."))
    }
}

/// How each documented key is written, for helps.
const EXAMPLES: [(&str, &str); 7] = [
    ("name", "name = \"Acme\""),
    ("review-max-age-days", "review-max-age-days = 180"),
    ("max-personas", "max-personas = 5"),
    ("max-overlaps", "max-overlaps = 200"),
    ("id-column", "id-column = \"id\""),
    ("account-id-column", "account-id-column = \"account_id\""),
    ("decimal-comma", "decimal-comma = true"),
];

/// A serde message in the writer's terms ("expected usize" is "expected a whole number").
fn plain_message(message: &str) -> String {
    let message = message.trim();
    let message = message.split(", expected one of").next().unwrap_or(message);
    let message = message.split(", expected `").next().unwrap_or(message);
    let mut out = message.to_string();
    for (rust, plain) in [
        ("expected usize", "expected a whole number of 0 or more"),
        ("expected u32", "expected a whole number of 0 or more"),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected a map", "expected a table"),
        ("expected a boolean", "expected `true` or `false`"),
    ] {
        out = out.replace(rust, plain);
    }
    // `expected struct CheckConfig`: a table.
    if let Some(at) = out.find("expected struct ") {
        let rest = &out[at + "expected struct ".len()..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        out = format!("{}expected a table{}", &out[..at], &rest[end..]);
    }
    if let Some(rest) = out.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!("expects {expected}, not {found}");
    }
    if let Some(rest) = out.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!("expects {expected}, not {found}");
    }
    out
}

/// The fields each table accepts, read off the types that hold them.
fn tables() -> [(&'static str, &'static [&'static str]); 4] {
    [
        ("", fields_of::<RawConfig>()),
        ("project", fields_of::<ProjectConfig>()),
        ("check", fields_of::<CheckConfig>()),
        ("match", fields_of::<RawMatch>()),
    ]
}

/// A help for a removed entry: did you mean, the table a key belongs in, or where the
/// settings are documented.
fn help_for(message: &str, removed: &Removed) -> Option<String> {
    let name = removed.path.last().map(String::as_str).unwrap_or("");
    if unknown_key(message).is_some() {
        let here = removed.table.join(".");
        let tables = tables();
        let known: &[&str] = tables
            .iter()
            .find(|(t, _)| *t == here)
            .map_or(&[], |(_, f)| *f);
        if let Some(help) = help_did_you_mean(name, known.iter().copied()) {
            return Some(help);
        }
        // A key of another table.
        for (table, fields) in tables {
            if table != here && fields.contains(&name) {
                return Some(if table.is_empty() {
                    format!("`{name}` is a table of its own: `[{name}]`")
                } else {
                    format!("`{name}` belongs in `[{table}]`")
                });
            }
            if let Some(c) = did_you_mean(name, fields.iter().copied())
                && table != here
            {
                return Some(format!("did you mean `{c}` in `[{table}]`?"));
            }
        }
        let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>();
        return Some(if list.is_empty() {
            "see the settings reference in docs/cli.md".to_string()
        } else {
            format!("the keys here are {}", list.join(", "))
        });
    }
    if removed.table.first().is_some_and(|t| t == "lints") {
        return Some(format!(
            "a lint's level is a string: `{name} = \"warn\"` (`allow`, `info`, `warn` or `deny`)"
        ));
    }
    if removed.table.is_empty() && tables().iter().any(|(t, _)| *t == name) {
        return Some(format!(
            "`{name}` is a table: write `[{name}]` on a line of its own, and its keys on the lines after it"
        ));
    }
    if name == "columns" {
        return Some(
            "column names map to attributes in a table of their own: `[match.columns]`, then lines like `\"Employee count\" = \"employees\"`".into(),
        );
    }
    match EXAMPLES.iter().find(|(key, _)| *key == name) {
        Some((_, example)) => Some(format!(
            "write it as `{example}`; see the settings reference in docs/cli.md"
        )),
        None => Some("see the settings reference in docs/cli.md".into()),
    }
}

/// The fields a struct deserializes, as serde declares them.
fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    struct Catch(&'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for &mut Catch {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            _: V,
        ) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("fields only"))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = fields;
            Err(serde::de::Error::custom("fields only"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut catch = Catch(&[]);
    // The error is expected: the catcher stops as soon as it has seen the fields.
    let _ = T::deserialize(&mut catch);
    catch.0
}

/// The key named in an "unknown field `x`" message.
fn unknown_key(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    Some(rest.split('`').next()?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_know_their_keys() {
        assert_eq!(
            fields_of::<CheckConfig>(),
            ["review-max-age-days", "max-personas", "max-overlaps"]
        );
        assert_eq!(fields_of::<ProjectConfig>(), ["name"]);
        assert!(fields_of::<RawConfig>().contains(&"lints"));
        assert!(fields_of::<RawMatch>().contains(&"columns"));
    }
}
