//! The registry as Markdown: `icpl explain CODE` prints one entry; all of them are the second
//! part of `docs/diagnostics.md` (a test in `tests/docs.rs` keeps the file in step).

use super::{CodeDef, DOCS_SCHEMA, Example, Stage, all};
use crate::diagnostics::Severity;

/// The line that starts the generated part of `docs/diagnostics.md`.
pub const GENERATED: &str = "<!-- Generated from the code registry (src/diagnostics/codes/): \
edit it there, then run `ICPL_UPDATE_DOCS=1 cargo test --test docs`. -->";

fn capitalised(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    }
}

/// One code as Markdown, under a heading of the given level (`#`, `###`).
pub fn section(def: &CodeDef, level: &str) -> String {
    let mut out = format!("{level} `{}`\n\n", def.id);
    out.push_str(&format!(
        "**{}.** Stage: {}.\n\n{}\n\n{}\n\nFix: {}\n",
        capitalised(def.severity),
        def.stage.name(),
        def.summary,
        def.explanation,
        def.fix
    ));
    let (info, text) = match def.example {
        Example::None => return out,
        Example::Spec(text) | Example::SpecAlone(text) | Example::Shell(text) => ("text", text),
        Example::Config(text) => ("toml", text),
    };
    let whose = match def.example {
        Example::Spec(_) => "Example (with the schema of the docs):",
        Example::SpecAlone(_) => "Example (the whole spec):",
        Example::Config(_) => "Example (`icpl.toml`):",
        _ => "Example:",
    };
    out.push_str(&format!("\n{whose}\n\n```{info}\n{text}\n```\n"));
    out
}

/// The code reference: the generated part of `docs/diagnostics.md`.
pub fn markdown() -> String {
    let mut out = format!("{GENERATED}\n\n## Codes\n\n");
    out.push_str(
        "Every code that is not a lint, by stage, with its severity (lints are listed in \
[lints.md](lints.md)). `icpl explain CODE` prints the entry of any code, lint or not.\n\n\
| Code | Severity | Stage | Means |\n|---|---|---|---|\n",
    );
    for def in all() {
        out.push_str(&format!(
            "| [`{id}`](#{id}) | {} | {} | {} |\n",
            def.severity.as_str(),
            def.stage.name(),
            def.summary.replace('|', "\\|"),
            id = def.id,
        ));
    }
    out.push_str(&format!(
        "\nThe examples of spec text assume this schema unless they are the whole spec:\n\n\
```text\n{DOCS_SCHEMA}```\n"
    ));
    let mut stage: Option<&'static str> = None;
    for current in Stage::ALL {
        let defs: Vec<&CodeDef> = all().filter(|d| d.stage == current).collect();
        if defs.is_empty() {
            continue;
        }
        if stage != Some(current.title()) {
            stage = Some(current.title());
            out.push_str(&format!("\n## {}\n", current.title()));
            if !current.intro().is_empty() {
                out.push_str(&format!("\n{}\n", current.intro()));
            }
        }
        let level = match current.topic() {
            Some(topic) => {
                out.push_str(&format!("\n### {topic}\n"));
                "####"
            }
            None => "###",
        };
        for def in defs {
            out.push('\n');
            out.push_str(&section(def, level));
        }
    }
    out
}
