//! The diff report as text: for a terminal, as a pull-request comment in Markdown, or as JSON.

use std::fmt::Write;

use serde_json::Value as Json;

use super::{
    Direction, Entry, Kind, Matching, Report, ScoreChange, Scoring, SignalChange, Status,
    TextChange, Tiers, Verdict,
};

/// The report as pretty JSON with a final newline.
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Icp => "ICP",
        Kind::Persona => "persona",
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// One line that says what the change does as a whole.
pub fn headline(report: &Report) -> String {
    let changed = |kind: Kind| {
        report
            .icps
            .iter()
            .chain(&report.personas)
            .filter(|e| e.kind == kind && e.rules_changed)
            .count()
    };
    let (icps, personas) = (changed(Kind::Icp), changed(Kind::Persona));
    if report.rules_changed {
        let mut parts = Vec::new();
        if icps > 0 {
            parts.push(plural(icps, "ICP", "ICPs"));
        }
        if personas > 0 {
            parts.push(plural(personas, "persona", "personas"));
        }
        format!(
            "The rules change: {} {} who matches, scores or tiers.",
            parts.join(" and "),
            if icps + personas == 1 {
                "changes"
            } else {
                "change"
            }
        )
    } else if report.any_change() {
        "No change in who matches, scores or tiers; only texts or the schema changed.".to_string()
    } else {
        "No change.".to_string()
    }
}

/// What changed in who matches, in a few words.
fn matching_word(e: &Entry) -> String {
    match &e.matching {
        Some(m) => m.verdict.as_str().to_string(),
        None => match e.status {
            Status::Added => "new".to_string(),
            Status::Removed => "none".to_string(),
            _ => "-".to_string(),
        },
    }
}

fn score_word(e: &Entry) -> String {
    match e.scoring.as_ref().map(|s| &s.change) {
        Some(ScoreChange::Changed {
            lowest, highest, ..
        }) => format!("{} to {}", signed(*lowest), signed(*highest)),
        Some(ScoreChange::Unknown) => "unknown".to_string(),
        Some(ScoreChange::Incomparable { .. }) => "not comparable".to_string(),
        _ => "-".to_string(),
    }
}

fn tier_word(e: &Entry) -> String {
    match &e.tiers {
        Some(t) if !t.complete => "unknown".to_string(),
        Some(t) if !t.moves.is_empty() => plural(t.moves.len(), "move", "moves"),
        Some(t) if !t.definitions.is_empty() => "no account moves".to_string(),
        _ => "-".to_string(),
    }
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn title(e: &Entry) -> String {
    match &e.old_id {
        Some(old) => format!("{} `{}` (was `{old}`)", kind_name(e.kind), e.id),
        None => format!("{} `{}`", kind_name(e.kind), e.id),
    }
}

fn tier_name(t: &Option<String>) -> String {
    t.as_ref()
        .map_or("no tier".to_string(), |n| format!("tier {n}"))
}

/// The details of one entry as lines of text (without indentation), shared by both formats;
/// `code` wraps examples and criteria source.
fn details(e: &Entry, code: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut out = Vec::new();
    for c in &e.criteria {
        out.push(c.clone());
    }
    if let Some(m) = &e.matching {
        matching_lines(m, e.kind, code, &mut out);
    }
    if let Some(s) = &e.scoring {
        scoring_lines(s, code, &mut out);
    }
    for s in &e.signals {
        out.push(signal_line(s, code));
    }
    if let Some(t) = &e.tiers {
        tier_lines(t, code, &mut out);
    }
    for t in &e.text {
        out.push(text_line(t));
    }
    out
}

fn matching_lines(m: &Matching, kind: Kind, code: &dyn Fn(&str) -> String, out: &mut Vec<String>) {
    let what = match kind {
        Kind::Icp => "accounts",
        Kind::Persona => "contacts",
    };
    match m.verdict {
        Verdict::Equivalent => out.push(format!("who matches: unchanged (the same {what})")),
        Verdict::Incomparable => out.push(format!(
            "who matches: not comparable ({})",
            m.reason.as_deref().unwrap_or("the schema changed")
        )),
        Verdict::Unknown => out.push(
            "who matches: unknown (the analysis reached its work bound before an answer)"
                .to_string(),
        ),
        v => out.push(format!("who matches: {}", v.as_str())),
    }
    let mut direction = |label: &str, d: &Direction, rest: &str| {
        match &d.region {
            Some(r) => out.push(format!("{label}: {r} ({rest})")),
            None => out.push(format!("{label}: {what} such as the example")),
        }
        out.push(format!("  example: {}", code(&d.example.text)));
    };
    if let Some(d) = &m.lets_in {
        direction("lets in", d, "among those meeting its other criteria");
    }
    if let Some(d) = &m.shuts_out {
        direction("shuts out", d, "among those it matched before");
    }
}

fn scoring_lines(s: &Scoring, code: &dyn Fn(&str) -> String, out: &mut Vec<String>) {
    let range = |r: &Option<[i64; 2]>| match r {
        Some([lo, hi]) if lo == hi => lo.to_string(),
        Some([lo, hi]) => format!("{lo} to {hi}"),
        None => "none".to_string(),
    };
    match &s.change {
        ScoreChange::Unchanged => {
            out.push("scores: unchanged for accounts both versions match".into())
        }
        ScoreChange::Changed {
            lowest,
            highest,
            examples,
        } => {
            out.push(format!(
                "scores: change by {} to {} for accounts both versions match",
                signed(*lowest),
                signed(*highest)
            ));
            for x in examples {
                out.push(format!(
                    "  example: {} scores {} (was {})",
                    code(&x.example.text),
                    x.new_score,
                    x.old_score
                ));
            }
        }
        ScoreChange::Unknown => out
            .push("scores: unknown (the analysis reached its work bound before an answer)".into()),
        ScoreChange::Incomparable { reason } => {
            out.push(format!("scores: not comparable ({reason})"))
        }
    }
    if s.old_range != s.new_range {
        out.push(format!(
            "score range of matching accounts: {} (was {})",
            range(&s.new_range),
            range(&s.old_range)
        ));
    }
}

fn signal_line(s: &SignalChange, code: &dyn Fn(&str) -> String) -> String {
    let w = |x: Option<i64>| x.map_or(String::new(), signed);
    let when = |x: &Option<String>| x.as_deref().map_or(String::new(), code);
    match s.change {
        "added" => format!(
            "signal `{}` added: {} when {}",
            s.id,
            w(s.new_weight),
            when(&s.new_when)
        ),
        "removed" => format!(
            "signal `{}` removed (was {} when {})",
            s.id,
            w(s.old_weight),
            when(&s.old_when)
        ),
        "renamed" => format!(
            "signal `{}` renamed (was `{}`)",
            s.id,
            s.old_id.as_deref().unwrap_or("")
        ),
        "weight" => format!(
            "signal `{}`: weight {} (was {})",
            s.id,
            w(s.new_weight),
            w(s.old_weight)
        ),
        "condition" => format!(
            "signal `{}`: when {} (was {})",
            s.id,
            when(&s.new_when),
            when(&s.old_when)
        ),
        _ => format!(
            "signal `{}`: {} when {} (was {} when {})",
            s.id,
            w(s.new_weight),
            when(&s.new_when),
            w(s.old_weight),
            when(&s.old_when)
        ),
    }
}

fn tier_lines(t: &Tiers, code: &dyn Fn(&str) -> String, out: &mut Vec<String>) {
    out.extend(t.definitions.iter().cloned());
    for m in &t.moves {
        out.push(format!(
            "accounts move from {} to {}: e.g. {} scores {} (was {})",
            tier_name(&m.from),
            tier_name(&m.to),
            code(&m.example.text),
            m.new_score,
            m.old_score
        ));
    }
    if t.moves.is_empty() && t.complete {
        out.push("no account both versions match changes tier".into());
    }
    if !t.complete {
        out.push("tier moves: not all decided (the analysis reached its work bound)".into());
    }
}

fn show_json(v: &Option<Json>) -> String {
    match v {
        None => "(none)".to_string(),
        Some(Json::String(s)) => format!("\"{s}\""),
        Some(Json::Array(xs)) => {
            let items: Vec<String> = xs
                .iter()
                .map(|x| match x {
                    Json::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            format!("[{}]", items.join(", "))
        }
        Some(other) => other.to_string(),
    }
}

fn text_line(t: &TextChange) -> String {
    match (&t.old, &t.new) {
        (Some(Json::Array(o)), Some(Json::Array(n))) => {
            let added: Vec<String> = n.iter().filter(|x| !o.contains(x)).map(item).collect();
            let removed: Vec<String> = o.iter().filter(|x| !n.contains(x)).map(item).collect();
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("added {}", added.join(", ")));
            }
            if !removed.is_empty() {
                parts.push(format!("removed {}", removed.join(", ")));
            }
            if parts.is_empty() {
                parts.push("reordered".to_string());
            }
            format!("{}: {}", t.field, parts.join("; "))
        }
        (None, n) => format!("{} added: {}", t.field, show_json(n)),
        (o, None) => format!("{} removed (was {})", t.field, show_json(o)),
        (o, n) => format!("{}: {} (was {})", t.field, show_json(n), show_json(o)),
    }
}

fn item(x: &Json) -> String {
    match x {
        Json::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

fn changed_entries(report: &Report) -> impl Iterator<Item = &Entry> {
    report
        .icps
        .iter()
        .chain(&report.personas)
        .filter(|e| e.status != Status::Unchanged)
}

fn unchanged_line(report: &Report) -> Option<String> {
    let count = |kind: Kind| {
        report
            .icps
            .iter()
            .chain(&report.personas)
            .filter(|e| e.kind == kind && e.status == Status::Unchanged)
            .count()
    };
    let (i, p) = (count(Kind::Icp), count(Kind::Persona));
    (i + p > 0).then(|| {
        format!(
            "Unchanged: {} and {}.",
            plural(i, "ICP", "ICPs"),
            plural(p, "persona", "personas")
        )
    })
}

/// The report for a terminal.
pub fn human(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "icpl diff {} -> {}", report.old, report.new);
    let _ = writeln!(out, "{}", headline(report));
    if !report.schema.is_empty() {
        let _ = writeln!(out, "\nschema:");
        for c in &report.schema {
            let _ = writeln!(out, "  {}.{}: {}", c.entity, c.attribute, c.what);
        }
    }
    let plain = |s: &str| s.to_string();
    for e in changed_entries(report) {
        let at = e
            .location
            .as_ref()
            .or(e.old_location.as_ref())
            .map_or(String::new(), |l| format!("  ({}:{})", l.file, l.line));
        let _ = writeln!(
            out,
            "\n{} \"{}\": {}{at}",
            title(e),
            e.name,
            e.status.as_str()
        );
        for line in details(e, &plain) {
            let _ = writeln!(out, "  {line}");
        }
    }
    if let Some(line) = unchanged_line(report) {
        let _ = writeln!(out, "\n{line}");
    }
    if !report.complete {
        let _ = writeln!(
            out,
            "\nnote: the analysis reached its work bound; answers marked unknown were not decided"
        );
    }
    out
}

/// Makes text safe inside a Markdown table cell or list item.
fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Inline code that survives backticks in the text.
fn md_code(s: &str) -> String {
    let fence = if s.contains('`') { "``" } else { "`" };
    let s = s.replace('|', "\\|");
    format!("{fence}{s}{fence}")
}

/// The report as a pull-request comment: a summary table, then the details of each changed
/// ICP and persona folded.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### icpl diff: {} → {}\n",
        md_code(&report.old),
        md_code(&report.new)
    );
    let _ = writeln!(out, "{}\n", headline(report));
    let entries: Vec<&Entry> = changed_entries(report).collect();
    if !entries.is_empty() {
        let _ = writeln!(out, "| Kind | Id | Change | Who matches | Scores | Tiers |");
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for e in &entries {
            let id = match &e.old_id {
                Some(old) => format!("{} (was {})", md_code(&e.id), md_code(old)),
                None => md_code(&e.id),
            };
            let _ = writeln!(
                out,
                "| {} | {id} | {} | {} | {} | {} |",
                kind_name(e.kind),
                e.status.as_str(),
                matching_word(e),
                score_word(e),
                tier_word(e)
            );
        }
        let _ = writeln!(out);
    }
    if let Some(line) = unchanged_line(report) {
        let _ = writeln!(out, "{line}\n");
    }
    if !report.schema.is_empty() {
        let _ = writeln!(out, "<details><summary>Schema changes</summary>\n");
        for c in &report.schema {
            let _ = writeln!(
                out,
                "- {}: {}",
                md_code(&format!("{}.{}", c.entity, c.attribute)),
                md_escape(&c.what)
            );
        }
        let _ = writeln!(out, "\n</details>\n");
    }
    for e in entries {
        let at = e
            .location
            .as_ref()
            .or(e.old_location.as_ref())
            .map_or(String::new(), |l| {
                format!(" — {}:{}", md_escape(&l.file), l.line)
            });
        let _ = writeln!(
            out,
            "<details><summary>{} {} ({}){at}</summary>\n",
            kind_name(e.kind),
            md_escape(&e.id),
            e.status.as_str()
        );
        for line in details(e, &md_code) {
            match line.strip_prefix("  ") {
                Some(rest) => {
                    let _ = writeln!(out, "  - {}", md_keep_code(rest));
                }
                None => {
                    let _ = writeln!(out, "- {}", md_keep_code(&line));
                }
            }
        }
        let _ = writeln!(out, "\n</details>\n");
    }
    if !report.complete {
        let _ = writeln!(
            out,
            "> The analysis reached its work bound; answers marked unknown were not decided.\n"
        );
    }
    out
}

/// Escapes the prose of a line, leaving its inline code spans as they are.
fn md_keep_code(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&md_escape(&rest[..start]));
        let fence = if rest[start..].starts_with("``") {
            "``"
        } else {
            "`"
        };
        let after = &rest[start + fence.len()..];
        match after.find(fence) {
            Some(end) => {
                out.push_str(fence);
                out.push_str(&after[..end]);
                out.push_str(fence);
                rest = &after[end + fence.len()..];
            }
            None => {
                out.push_str(&md_escape(&rest[start..]));
                rest = "";
            }
        }
    }
    out.push_str(&md_escape(rest));
    out
}
