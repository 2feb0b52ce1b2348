//! Lint levels: how a lint's findings are reported. They live here, beside [`Severity`], because
//! both the settings file (`config`) and the lints (`analysis`) speak of them, and neither of
//! those two stages imports the other.

use std::fmt;

use super::Severity;

/// How a lint's findings are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Not run.
    Allow,
    /// Reported as information.
    Info,
    /// Reported as a warning (exit code 0, unless `--deny warnings`).
    Warn,
    /// Reported as an error (exit code 1).
    Deny,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    /// The severity of a finding at this level (`allow` findings are never reported).
    pub fn severity(self) -> Severity {
        match self {
            Level::Deny => Severity::Error,
            Level::Warn => Severity::Warning,
            Level::Info | Level::Allow => Severity::Info,
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "allow" => Some(Level::Allow),
            "info" => Some(Level::Info),
            "warn" => Some(Level::Warn),
            "deny" => Some(Level::Deny),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
