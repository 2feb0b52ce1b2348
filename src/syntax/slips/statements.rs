//! Statements and blocks: tiers, score signals, fields, example records, misspelt statement
//! keywords, attribute declarations, item headers, names, and what is missing at the end.

use super::*;

/// Names written with `-` or spaces (`my-icp`, `north-america`, `annual revenue: money`):
/// names are letters, digits and `_`.
pub(super) fn names(cx: &Cx, out: &mut Vec<Cand>) {
    for d in [0, -1] {
        let Some(i) = cx.rel(d) else { continue };
        let Some(p) = i.checked_sub(1) else { continue };
        let w = cx.s(i);
        // `my-icp`: the scanner reads `my` and `-icp`.
        if let Some(rest) = w.strip_prefix('-')
            && is_name(rest)
            && cx.adjacent(p, i)
            && is_name(cx.s(p))
        {
            let joined = format!("{}_{rest}", cx.s(p));
            out.push(
                Cand::new(cx.start(p), cx.end(i), joined.clone())
                    .says(
                        format!("`{}{w}` is not a name", cx.s(p)),
                        "`-` in a name",
                        "names are letters, digits and `_`",
                    )
                    .shows(cx.start(p), cx.end(i)),
            );
        }
    }
    // `annual revenue: money`
    if cx.place == Place::Attribute
        && cx.at == 1
        && is_name(cx.s(0))
        && is_name(cx.s(1))
        && cx.s(2) == ":"
    {
        out.push(
            Cand::new(cx.start(0), cx.end(1), format!("{}_{}", cx.s(0), cx.s(1)))
                .says(
                    "an attribute's name has no spaces",
                    "two words",
                    "names are letters, digits and `_`; a label after the type gives the words people read",
                )
                .shows(cx.start(0), cx.end(1)),
        );
    }
}

/// A misspelt statement keyword (`requires employees > 5`, `exlude ...`): the grammar reads a
/// field there and stops at what follows.
pub(super) fn keywords(cx: &Cx, out: &mut Vec<Cand>) {
    if cx.place != Place::Statement || cx.at < 2 || cx.kind(0) != Some(TokKind::Word) {
        return;
    }
    let w = cx.s(0);
    let Some(kw) = crate::diagnostics::suggest::did_you_mean(
        w,
        [
            "require", "exclude", "score", "tiers", "reviewed", "section",
        ],
    ) else {
        return;
    };
    out.push(
        Cand::new(cx.start(0), cx.end(0), kw)
            .says(
                format!("`{w}` is not a statement"),
                &format!("did you mean `{kw}`?"),
                &format!("the statement is `{kw}`"),
            )
            .shows(cx.start(0), cx.text.len()),
    );
}

/// Attribute declarations: `employees int` (no `:`), `employees = int`, `employees: Int`.
pub(super) fn attributes(cx: &Cx, out: &mut Vec<Cand>) {
    if cx.place != Place::Attribute || !is_name(cx.s(0)) {
        return;
    }
    let i = cx.at;
    const TYPES: [&str; 7] = ["int", "money", "percent", "bool", "enum", "ordered", "set"];
    if i == 1 && TYPES.contains(&cx.lower(1).as_str()) {
        out.push(
            Cand::new(cx.end(0), cx.end(0), ":")
                .marks(cx.start(1), cx.end(1))
                .says(
                    "`:` is missing between the attribute and its type",
                    "the type",
                    "an attribute is declared `name: type`",
                )
                .shows(cx.start(0), value_after(cx, 0)),
        );
    }
    if i == 1 && matches!(cx.s(1), "=" | "==" | "->") {
        out.push(
            Cand::new(cx.end(0), cx.end(1), ":")
                .marks(cx.start(1), cx.end(1))
                .says(
                    "an attribute is declared with `:`",
                    "not `:`",
                    "an attribute is declared `name: type`",
                )
                .shows(cx.start(0), value_after(cx, 1)),
        );
    }
}

/// The header of an item: `icp x "X" y {`, `persona p for {`, `example e {`.
pub(super) fn headers(cx: &Cx, out: &mut Vec<Cand>) {
    if cx.place != Place::Item {
        return;
    }
    let i = cx.at;
    // The mistake is in the header (before its `{`).
    let open = (0..cx.toks.len()).find(|&j| matches!(cx.kind(j), Some(TokKind::Open(_))));
    if open.is_some_and(|o| i > o) {
        return;
    }
    let form = match cx.s(0) {
        "icp" => "an ICP starts `icp id \"Display name\" {` (the name is optional)",
        "persona" => {
            "a persona starts `persona id \"Display name\" for icp_a, icp_b {` (the name and `for` are optional)"
        }
        "example" => "an example starts `example \"What it shows\" {`",
        "account" | "contact" => "a schema block starts `account {` or `contact {`",
        _ => return,
    };
    // `icp "Mid market" {`: the display name without an id.
    if matches!(cx.s(0), "icp" | "persona")
        && i == 1
        && let Some(TokKind::Str { terminated: true }) = cx.kind(1)
    {
        let raw = cx.s(1);
        let id: String = raw[1..raw.len() - 1]
            .to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        let id = if is_name(&id) {
            id
        } else {
            format!("my_{}", cx.s(0))
        };
        out.push(
            Cand::new(cx.start(1), cx.start(1), format!("{id} "))
                .says(
                    format!(
                        "{} needs an id before its name",
                        if cx.s(0) == "icp" {
                            "an ICP"
                        } else {
                            "a persona"
                        }
                    ),
                    "the display name",
                    "the id names it in references and output; the string is the name people read",
                )
                .shows(cx.start(0), cx.end(1)),
        );
        return;
    }
    if cx.s(0) == "example" && i == 1 && is_name(cx.s(1)) {
        out.push(
            Cand::new(cx.start(1), cx.end(1), format!("\"{}\"", cx.s(1)))
                .says(
                    "an example's name is a string",
                    "not in quotes",
                    "an example is named by a string",
                )
                .shows(cx.start(0), cx.end(1)),
        );
        return;
    }
    let found = if i < cx.toks.len() {
        format!("unexpected `{}` in the header", cx.s(i))
    } else {
        "the header is not finished".to_string()
    };
    out.push(Cand::note(
        cx.start(i),
        cx.end(i),
        found,
        "not part of the header",
        form.to_string(),
    ));
}

/// Tier thresholds: `A: 50`, `A = 50`, `A > 50`, `A => 50`, `A >= 50%`.
pub(super) fn tiers(cx: &Cx, out: &mut Vec<Cand>) {
    if cx.place != Place::Tier {
        return;
    }
    let i = cx.at;
    let w = cx.s(i);
    let reason = "a tier is reached at its threshold score";
    if is_name(cx.s(0)) && i == 1 {
        let end = if w == "=" && cx.s(2) == ">" && cx.adjacent(1, 2) {
            2
        } else {
            1
        };
        if matches!(w, ":" | "=" | "==" | ">" | "=>") && cx.is_value(end + 1) {
            out.push(
                Cand::new(cx.end(0), cx.end(end), " >=")
                    .marks(cx.start(1), cx.end(end))
                    .says(
                        "a tier's threshold is written with `>=`",
                        "not `>=`",
                        reason,
                    )
                    .shows(cx.start(0), cx.end(end + 1)),
            );
        }
        if cx.is_value(1) {
            out.push(
                Cand::new(cx.start(1), cx.start(1), ">= ")
                    .says("`>=` is missing", "a threshold without `>=`", reason)
                    .shows(cx.start(0), cx.end(1)),
            );
        }
    }
    if i >= 2
        && cx.s(i - 1) == ">="
        && let Some(n) = number(w)
        && (n.dollar || n.percent || !n.suffix.is_empty())
    {
        out.push(
            Cand::new(cx.start(i), cx.end(i), n.digits)
                .says(
                    "a tier threshold is a score, a plain number",
                    "not a score",
                    "thresholds are sums of signal weights, written without `$`, `%` or a suffix",
                )
                .shows(cx.start(0), 0),
        );
    }
}

/// Signals: `name 30 when`, `name: +30 when`, `name +30 if`, `name +30 x > 5`, `+30 when`,
/// `name +3.5 when`, `name +30% when`, `name +30 points when`.
pub(super) fn signals(cx: &Cx, out: &mut Vec<Cand>) {
    if cx.place != Place::Signal {
        return;
    }
    let mut found = Vec::new();
    signal_slips(cx, &mut found);
    // A signal is short: the help shows all of it.
    out.extend(found.into_iter().map(|c| {
        let start = c.show.0.min(cx.start(0));
        c.shows(start, cx.text.len())
    }));
}

fn signal_slips(cx: &Cx, out: &mut Vec<Cand>) {
    let i = cx.at;
    let w = cx.s(i);
    let name_ok = is_name(cx.s(0));
    let weight_reason = "a weight is a signed whole number of points";
    if i == 0 && w.starts_with(['+', '-']) && cx.s(1) == "when" {
        out.push(Cand::note(
            cx.start(0),
            cx.end(0),
            "a signal needs a name".to_string(),
            "no name before the weight",
            format!("write `name {w} when ...`; the name says what the signal stands for"),
        ));
        return;
    }
    if !name_ok {
        return;
    }
    if i == 1 {
        if matches!(w, ":" | "=") {
            out.push(
                Cand::new(cx.start(1), cx.end(1), "")
                    .says(
                        format!("no `{w}` after a signal's name"),
                        "not needed",
                        "a signal is written `name +10 when ...`",
                    )
                    .shows(cx.start(0), cx.end(3)),
            );
        }
        let sign = if w.starts_with('-') { "-" } else { "+" };
        if let Some(n) = number(w.trim_start_matches(['+', '-'])) {
            let whole = !n.digits.contains('.');
            if !whole {
                out.push(Cand::note(
                    cx.start(1),
                    cx.end(1),
                    "a weight is a whole number of points".to_string(),
                    "a fraction",
                    "write whole points such as `+5`; to weigh signals more finely, scale every weight up"
                        .to_string(),
                ));
            } else {
                out.push(
                    Cand::new(cx.start(1), cx.end(1), format!("{sign}{}", n.digits))
                        .says(
                            if w.starts_with(['+', '-']) {
                                "a weight is a number of points, without a unit".to_string()
                            } else {
                                "a weight carries its sign".to_string()
                            },
                            "not a weight",
                            weight_reason,
                        )
                        .shows(cx.start(0), cx.end(2)),
                );
            }
        }
    }
    if i == 2 && cx.s(1).starts_with(['+', '-']) {
        let lower = cx.lower(2);
        if matches!(lower.as_str(), "points" | "point" | "pts" | "pt") {
            out.push(
                Cand::new(cx.end(1), cx.end(2), "")
                    .marks(cx.start(2), cx.end(2))
                    .says(
                        "a weight is written without a unit",
                        "not needed",
                        "weights are points already",
                    )
                    .shows(cx.start(0), cx.end(3)),
            );
        }
        if matches!(lower.as_str(), "if" | "where" | "on" | "for" | "when")
            || matches!(w, ":" | "->" | "=>" | "=")
        {
            let end = if w == "=" && cx.s(3) == ">" { 3 } else { 2 };
            out.push(
                Cand::new(cx.start(2), cx.end(end), "when")
                    .says(
                        "a signal's condition follows `when`",
                        "not `when`",
                        "a signal is written `name +10 when ...`",
                    )
                    .shows(cx.start(0), cx.end(end)),
            );
        } else if is_name(w) {
            out.push(
                Cand::new(cx.start(2), cx.start(2), "when ")
                    .says(
                        "`when` is missing",
                        "the condition starts here",
                        "a signal is written `name +10 when ...`",
                    )
                    .shows(cx.start(0), cx.end(2)),
            );
        }
    }
}

/// Fields and statement keywords followed by `:` or `=` (`summary: "x"`, `require: x > 1`).
pub(super) fn fields(cx: &Cx, out: &mut Vec<Cand>) {
    if !matches!(cx.place, Place::Statement) {
        return;
    }
    let i = cx.at;
    let w = cx.s(i);
    if i == 1 && matches!(w, ":" | "=") && is_name(cx.s(0)) {
        let word = cx.s(0);
        let what = if matches!(word, "require" | "exclude") {
            "its criterion"
        } else {
            "its value"
        };
        out.push(
            Cand::new(cx.end(0), cx.end(1), "")
                .says(
                    format!("no `{w}` after `{word}`"),
                    "not needed",
                    &format!("`{word}` is followed directly by {what}"),
                )
                .shows(cx.start(0), value_after(cx, 1))
                .marks(cx.start(1), cx.end(1)),
        );
    }
}

/// Example records: `employees = 5` or `employees == 5` for `employees: 5`; lists without
/// brackets (`tech_stack: a, b`).
pub(super) fn records(cx: &Cx, out: &mut Vec<Cand>) {
    if cx.place != Place::Example {
        return;
    }
    let i = cx.at;
    let w = cx.s(i);
    if matches!(w, "=" | "==") && i > 0 && is_name(cx.s(i - 1)) {
        out.push(
            Cand::new(cx.end(i - 1), cx.end(i), ":")
                .marks(cx.start(i), cx.end(i))
                .says(
                    "a record field is written `name: value`",
                    "not `:`",
                    "a record gives each attribute as `name: value`",
                )
                .shows(cx.start(i - 1), value_after(cx, i)),
        );
    }
    // `uses_sso: yes please`: two values where one goes.
    if i == 3 && cx.s(1) == ":" && cx.is_value(2) && cx.is_value(3) {
        out.push(Cand::note(
            cx.start(2),
            cx.end(3),
            "a record field holds one value".to_string(),
            "more than one value",
            format!(
                "write one value, or, for a set attribute, a list in square brackets: `{0}: [{1}, {2}]`",
                cx.s(0),
                cx.s(2),
                cx.s(3)
            ),
        ));
    }
    // `tech_stack: a, b`: a list without brackets.
    if cx.s(1) == ":" && cx.is_value(2) && cx.s(3) == "," && cx.is_value(4) && i >= 3 {
        let mut end = 2;
        while cx.s(end + 1) == "," && cx.is_value(end + 2) && cx.s(end + 3) != ":" {
            end += 2;
        }
        out.push(
            Cand::new(
                cx.start(2),
                cx.end(end),
                format!("[{}]", cx.between(2, end)),
            )
            .says(
                "a list is written in square brackets",
                "not in brackets",
                "lists are written in square brackets",
            )
            .shows(cx.start(0), 0),
        );
    }
}

/// Something missing at the end of a piece or before a connective: `employees >=`, `x > 5
/// and`, `require`, `when`, `in`, `has`.
pub(super) fn missing_part(cx: &Cx, out: &mut Vec<Cand>) {
    let i = cx.at;
    let at_gap = i >= cx.toks.len()
        || matches!(cx.kind(i), Some(TokKind::Close(_)))
        || matches!(cx.s(i), "and" | "or" | ",");
    let Some(p) = i.checked_sub(1) else { return };
    if !at_gap {
        return;
    }
    let w = cx.s(p);
    let note = |message: String, label: &str, help: &str| {
        Cand::note(cx.start(p), cx.end(p), message, label, help.to_string())
    };
    let c = if CMP_OPS.contains(&w) {
        note(
            format!("`{w}` needs a value to compare with"),
            "nothing after it",
            "write the value after the operator: a number (`200`, `$20M`, `25%`) or a value name",
        )
    } else {
        // A connective ends a criterion only after a value, a name or `)`; elsewhere (`[not]`,
        // `enum { and }`) it is a reserved word used as a name.
        let ends_criterion = p > 0
            && (cx.is_value(p - 1) || cx.s(p - 1) == ")")
            && matches!(cx.place, Place::Statement | Place::Signal);
        let starts_criterion = p == 0
            || matches!(
                cx.s(p - 1),
                "require" | "exclude" | "when" | "and" | "or" | "not" | "("
            );
        match w {
            "and" | "or" if ends_criterion => note(
                format!("`{w}` needs a criterion after it"),
                "nothing after it",
                &format!("finish the criterion (e.g. `{w} employees >= 200`) or remove `{w}`"),
            ),
            "not" if starts_criterion && matches!(cx.place, Place::Statement | Place::Signal) => {
                note(
                    format!("`{w}` needs a criterion after it"),
                    "nothing after it",
                    &format!("finish the criterion (e.g. `{w} employees >= 200`) or remove `{w}`"),
                )
            }
            "require" | "exclude" => note(
                format!("`{w}` needs a criterion"),
                "nothing after it",
                &format!("e.g. `{w} employees >= 200`"),
            ),
            "when" => note(
                "`when` needs a criterion".to_string(),
                "nothing after it",
                "e.g. `name +10 when employees >= 200`",
            ),
            "in" => note(
                "`in` needs a list or a range".to_string(),
                "nothing after it",
                "e.g. `industry in [saas, fintech]` or `employees in 200..2000`",
            ),
            "has" | "any" | "all" | "none" => note(
                format!(
                    "`{w}` needs {}",
                    if w == "has" { "a value" } else { "a list" }
                ),
                "nothing after it",
                "e.g. `tech_stack has snowflake` or `tech_stack has any [snowflake, segment]`",
            ),
            "reviewed" => note(
                "`reviewed` needs a date".to_string(),
                "nothing after it",
                "e.g. `reviewed 2026-01-31`",
            ),
            "tier" if cx.place == Place::Example => note(
                "`tier` needs a tier name".to_string(),
                "nothing after it",
                "e.g. `expect my_icp tier A`",
            ),
            "expect" => note(
                "`expect` needs an ICP or a persona".to_string(),
                "nothing after it",
                "e.g. `expect my_icp`, `expect my_icp tier A`, `expect not my_icp` or `expect persona my_persona`",
            ),
            "persona" if cx.place == Place::Example => note(
                "`expect persona` needs a persona id".to_string(),
                "nothing after it",
                "e.g. `expect persona revops_rachel`",
            ),
            ":" if cx.place == Place::Example => note(
                "a record field needs a value".to_string(),
                "nothing after it",
                "e.g. `employees: 450` or `tech_stack: [snowflake]`",
            ),
            _ if p == 0 && cx.place == Place::Statement && is_name(w) => note(
                format!("`{w}` needs a value"),
                "nothing after it",
                &format!("e.g. `{w} \"...\"` or `{w} [\"...\", \"...\"]`"),
            ),
            _ => return,
        }
    };
    out.push(c);
}
