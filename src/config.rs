//! Project settings from `icpl.toml` at the spec root.
//!
//! Every key is optional; an unknown key or a value of the wrong type is an error that points
//! into the file, so a typo never silently turns a setting off.

use serde::Deserialize;

use crate::source::{SourceFile, Span};

/// The settings of a spec. `Default` is what a spec without `icpl.toml` gets.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub project: ProjectConfig,
}

/// `[project]`: what the spec is about.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    /// The name briefs use in titles (e.g. the company the spec describes).
    pub name: Option<String>,
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
}

/// Every key the settings file accepts, for suggestions.
const KEYS: [&str; 2] = ["project", "name"];

/// Reads the settings of a spec from its `icpl.toml`.
pub fn parse(file: &SourceFile) -> Result<Config, ConfigError> {
    toml::from_str::<Config>(&file.text).map_err(|e| {
        let range = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_string();
        let help = unknown_key(&message)
            .and_then(|k| crate::diagnostics::suggest::help_did_you_mean(&k, KEYS));
        ConfigError::Invalid {
            message,
            span: file.global(range.start.min(file.text.len())..range.end.min(file.text.len())),
            help: help.or_else(|| Some("see the settings reference in docs/cli.md".into())),
        }
    })
}

/// The key named in an "unknown field `x`" message.
fn unknown_key(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    Some(rest.split('`').next()?.to_string())
}
