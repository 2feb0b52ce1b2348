//! SARIF 2.1.0 output, for code-scanning upload (GitHub code scanning and other tools).
//!
//! One run with the tool's rules (every code that appears, with the description the caller
//! knows) and one result per diagnostic: its primary label as the location and every other
//! label as a related location. Columns count Unicode code points (`columnKind`).

use serde::Serialize;

use super::{Diagnostic, Location, Severity};
use crate::source::SourceMap;

/// What the caller knows about a code, for the run's rule table.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    pub id: String,
    pub summary: String,
    pub explanation: String,
    pub default: Severity,
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Text,
    full_description: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: Physical,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical {
    artifact_location: Artifact,
    region: Region,
}

#[derive(Serialize)]
struct Artifact {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Renders diagnostics as a SARIF 2.1.0 log. `path` turns a file's name (relative to the spec
/// root) into the URI to report, relative to where the tool runs; `rules` describes codes.
pub fn sarif(
    diags: &[Diagnostic],
    map: &SourceMap,
    path: &dyn Fn(&str) -> String,
    rules: &dyn Fn(&str) -> Option<RuleInfo>,
) -> String {
    let mut table: Vec<Rule> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for d in diags {
        if ids.contains(&d.code) {
            continue;
        }
        ids.push(d.code.clone());
        let info = rules(&d.code).unwrap_or_else(|| RuleInfo {
            id: d.code.clone(),
            summary: format!("icpl diagnostic `{}`", d.code),
            explanation: "See docs/diagnostics.md for what it means and how to fix it.".into(),
            default: d.severity,
        });
        table.push(Rule {
            id: info.id,
            short_description: Text { text: info.summary },
            full_description: Text {
                text: info.explanation,
            },
            default_configuration: Configuration {
                level: level(info.default),
            },
        });
    }
    let physical = |loc: Location| Physical {
        artifact_location: Artifact {
            uri: path(&loc.file),
        },
        region: Region {
            start_line: loc.line,
            start_column: loc.column,
            end_line: loc.end_line,
            end_column: loc.end_column,
        },
    };
    let results = diags
        .iter()
        .map(|d| {
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let mut locations = Vec::new();
            let mut related = Vec::new();
            for l in &d.labels {
                let Some(loc) = Location::of(map, l.span) else {
                    continue;
                };
                if l.primary {
                    locations.push(SarifLocation {
                        id: None,
                        physical_location: physical(loc),
                        message: l.message.clone().map(|text| Text { text }),
                    });
                } else {
                    related.push(SarifLocation {
                        id: Some(related.len()),
                        physical_location: physical(loc),
                        message: l.message.clone().map(|text| Text { text }),
                    });
                }
            }
            SarifResult {
                rule_id: &d.code,
                rule_index: ids.iter().position(|i| *i == d.code).unwrap_or(0),
                level: level(d.severity),
                message: Text { text: message },
                locations,
                related_locations: related,
            }
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "icpl",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: table,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
