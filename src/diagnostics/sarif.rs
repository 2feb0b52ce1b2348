//! SARIF 2.1.0 output, for code-scanning upload (GitHub code scanning and other tools).
//!
//! One run with the tool's rules (every code that appears, with its summary, description and
//! default severity from the registry) and one result per diagnostic: its primary label as the
//! location and every other label as a related location, or its place in a file outside the
//! spec, or none (a command-line error). Columns count Unicode code points (`columnKind`).

use serde::Serialize;

use super::{Code, Diagnostic, Location, Severity};
use crate::source::SourceMap;

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
    start_line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u64>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Renders diagnostics as a SARIF 2.1.0 log. `path` turns a file's name (relative to the spec
/// root) into the URI to report, relative to where the tool runs; a place outside the spec (a
/// record file) is reported as the user named it.
pub fn sarif(diags: &[Diagnostic], map: &SourceMap, path: &dyn Fn(&str) -> String) -> String {
    let mut table: Vec<Rule> = Vec::new();
    let mut ids: Vec<Code> = Vec::new();
    for d in diags {
        if ids.contains(&d.code) {
            continue;
        }
        ids.push(d.code);
        table.push(Rule {
            id: d.code.as_str().to_string(),
            short_description: Text {
                text: d.code.summary().to_string(),
            },
            full_description: Text {
                text: d.code.description(),
            },
            default_configuration: Configuration {
                level: level(d.code.default_severity()),
            },
        });
    }
    let physical = |loc: Location| Physical {
        artifact_location: Artifact {
            uri: path(&loc.file),
        },
        region: Region {
            start_line: loc.line.into(),
            start_column: Some(loc.column.into()),
            end_line: Some(loc.end_line.into()),
            end_column: Some(loc.end_column.into()),
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
            if let Some(place) = &d.place
                && locations.is_empty()
                && let Some(line) = place.line
            {
                locations.push(SarifLocation {
                    id: None,
                    physical_location: Physical {
                        artifact_location: Artifact {
                            uri: place.file.clone(),
                        },
                        region: Region {
                            start_line: line,
                            start_column: place.column,
                            end_line: None,
                            end_column: None,
                        },
                    },
                    message: None,
                });
            }
            SarifResult {
                rule_id: d.code.as_str(),
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
