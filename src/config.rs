//! Project settings from `icpl.toml` at the spec root.
//!
//! Every key is optional; an unknown key, an unknown lint or a value of the wrong type is an
//! error that points into the file, so a typo never silently turns a setting off.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::Level;
use crate::diagnostics::suggest::help_did_you_mean;
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
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MatchConfig {
    /// The column (or JSON member) that identifies a record (default `id`).
    pub id_column: Option<String>,
    /// In a contacts file, the column naming the contact's account (default `account_id`).
    pub account_id_column: Option<String>,
    /// Column names of record files, mapped to attribute names.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    project: ProjectConfig,
    #[serde(default)]
    lints: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    #[serde(default)]
    check: CheckConfig,
    #[serde(default, rename = "match")]
    matching: MatchConfig,
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

/// Every key the settings file accepts, for suggestions.
const KEYS: [&str; 11] = [
    "project",
    "name",
    "lints",
    "check",
    "review-max-age-days",
    "max-personas",
    "max-overlaps",
    "match",
    "id-column",
    "account-id-column",
    "columns",
];

/// Reads the settings of a spec from its `icpl.toml`. Entries that are wrong are reported and
/// left out; the rest still apply. `lint_ids` are the ids `[lints]` may name (the caller takes
/// them from the lint registry, which this stage does not know).
pub fn parse(file: &SourceFile, lint_ids: &[&'static str]) -> (Config, Vec<ConfigError>) {
    let clamp = |r: std::ops::Range<usize>| {
        file.global(r.start.min(file.text.len())..r.end.min(file.text.len()))
    };
    let raw = match toml::from_str::<RawConfig>(&file.text) {
        Ok(raw) => raw,
        Err(e) => {
            let message = e.message().trim().to_string();
            let help = unknown_key(&message)
                .and_then(|k| help_did_you_mean(&k, KEYS))
                .or_else(|| Some("see the settings reference in docs/cli.md".into()));
            return (
                Config::default(),
                vec![ConfigError::Invalid {
                    message,
                    span: clamp(e.span().unwrap_or(0..0)),
                    help,
                }],
            );
        }
    };
    let mut errors = Vec::new();
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
    (
        Config {
            project: raw.project,
            lints: levels,
            check: raw.check,
            matching: raw.matching,
        },
        errors,
    )
}

/// The key named in an "unknown field `x`" message.
fn unknown_key(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    Some(rest.split('`').next()?.to_string())
}
