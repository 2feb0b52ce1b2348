//! Lists and ranges: brackets of the wrong kind, lists without brackets, `has` with a list,
//! values in quotes, missing commas, ranges written with `-`, `to` or `...`.

use super::*;

/// `[a, , b]`: an empty item.
pub(super) fn empty_item(cx: &Cx, out: &mut Vec<Cand>) {
    let i = cx.at;
    if cx.s(i) == "," && i > 0 && cx.s(i - 1) == "," {
        out.push(
            Cand::new(cx.start(i - 1), cx.end(i), ",")
                .says(
                    "an empty item",
                    "two commas",
                    "separate items with one comma",
                )
                .marks(cx.start(i), cx.end(i))
                .shows(cx.start(i.saturating_sub(2)), cx.end(i + 1)),
        );
    }
}

const RANGE_REASON: &str = "a range is written `low..high` and includes both ends";

/// Ranges written `200-2000`, `200 - 2000`, `200 to 2000`, `200...2000`, `[200..2000]`, or
/// with one end missing.
pub(super) fn ranges(cx: &Cx, out: &mut Vec<Cand>) {
    let Some((k, from)) = in_keyword(cx) else {
        return;
    };
    let v = k + 1;
    let range = |lo: &str, hi: &str| format!("{lo}..{hi}");
    let says = |c: Cand| {
        c.says("a range is written with `..`", "not a range", RANGE_REASON)
            .shows(from, 0)
    };
    let w = cx.s(v);
    // `200-2000` or `20%-30%` as one word; `$20M-` `$50M` as two.
    if cx.kind(v) == Some(TokKind::Word)
        && let Some(dash) = w.get(1..).and_then(|r| r.find('-')).map(|p| p + 1)
    {
        let (lo, hi) = (&w[..dash], &w[dash + 1..]);
        if number(lo).is_some() && number(hi).is_some() {
            out.push(says(Cand::new(cx.start(v), cx.end(v), range(lo, hi))));
        } else if hi.is_empty()
            && number(lo).is_some()
            && cx.adjacent(v, v + 1)
            && cx.is_value(v + 1)
        {
            out.push(says(Cand::new(
                cx.start(v),
                cx.end(v + 1),
                range(lo, cx.s(v + 1)),
            )));
        }
    }
    if cx.is_value(v) {
        let lo = w;
        let sep = cx.s(v + 1);
        let lower = cx.lower(v + 1);
        // `200 - 2000`
        if sep == "-" && cx.is_value(v + 2) {
            out.push(says(Cand::new(
                cx.start(v),
                cx.end(v + 2),
                range(lo, cx.s(v + 2)),
            )));
        }
        // `200 -2000`
        if let Some(hi) = sep.strip_prefix('-')
            && number(hi).is_some()
        {
            out.push(says(Cand::new(cx.start(v), cx.end(v + 1), range(lo, hi))));
        }
        // `200 to 2000`
        if matches!(lower.as_str(), "to" | "through" | "thru" | "until") && cx.is_value(v + 2) {
            out.push(says(Cand::new(
                cx.start(v),
                cx.end(v + 2),
                range(lo, cx.s(v + 2)),
            )));
        }
        // `200...2000`, `200..=2000`
        if sep == ".." && matches!(cx.s(v + 2), "." | "=") && cx.is_value(v + 3) {
            out.push(says(Cand::new(
                cx.start(v),
                cx.end(v + 3),
                range(lo, cx.s(v + 3)),
            )));
        }
        // `200..` with no end: a comparison.
        if sep == ".." && !cx.is_value(v + 2) {
            let negated = k > 0 && cx.s(k - 1) == "not";
            let start = if negated {
                cx.start(k - 1)
            } else {
                cx.start(k)
            };
            let op = if negated { "<" } else { ">=" };
            out.push(
                Cand::new(start, cx.end(v + 1), format!("{op} {lo}"))
                    .says(
                        "a range needs both ends",
                        "no upper end",
                        "for no upper bound, compare instead",
                    )
                    .shows(from, 0),
            );
        }
    }
    // `..2000` with no start.
    if w == ".." && cx.is_value(v + 1) {
        let negated = k > 0 && cx.s(k - 1) == "not";
        let start = if negated {
            cx.start(k - 1)
        } else {
            cx.start(k)
        };
        let op = if negated { ">" } else { "<=" };
        out.push(
            Cand::new(start, cx.end(v), format!("{op} "))
                .says(
                    "a range needs both ends",
                    "no lower end",
                    "for no lower bound, compare instead",
                )
                .shows(from, cx.end(v + 1)),
        );
    }
    // `[200..2000]`
    if w == "[" && cx.s(v + 2) == ".." && cx.s(v + 4) == "]" {
        out.push(
            Cand::new(cx.start(v), cx.end(v + 4), range(cx.s(v + 1), cx.s(v + 3)))
                .says(
                    "a range is written without brackets",
                    "a range in a list",
                    "a range is not a list",
                )
                .shows(from, 0),
        );
    }
}

/// Lists in parentheses or braces (`in (a, b)`, `has any {a}`, `pains ("x")`), tiers in
/// brackets, ICPs after `for` in brackets.
pub(super) fn brackets(cx: &Cx, out: &mut Vec<Cand>) {
    for d in [0, -1] {
        let Some(i) = cx.rel(d) else { continue };
        let Some(TokKind::Open(open)) = cx.kind(i) else {
            continue;
        };
        let Some(j) = cx.closer(i) else { continue };
        let Some(p) = i.checked_sub(1) else { continue };
        let before = cx.lower(p);
        let inner = squash(&cx.text[cx.end(i)..cx.start(j)]);
        let list_kw = matches!(before.as_str(), "in" | "any" | "all" | "none");
        let field_list = cx.place == Place::Statement
            && p == 0
            && is_name(cx.s(0))
            && !matches!(cx.s(0), "score" | "tiers" | "require" | "exclude");
        if (list_kw || field_list) && open != b'[' {
            let from = match before.as_str() {
                "in" => in_keyword(cx).map_or(cx.start(p), |(_, f)| f),
                "any" | "all" | "none" => attr_before(cx, p.saturating_sub(1)),
                _ => cx.start(p),
            };
            let items: Vec<&str> = inner.split(',').map(str::trim).collect();
            let pair_of_numbers = before == "in"
                && items.len() == 2
                && items.iter().all(|x| number(x).is_some_and(|n| n.valid()));
            let kind = if open == b'(' {
                "parentheses"
            } else {
                "braces"
            };
            if pair_of_numbers && let [low, high] = items.as_slice() {
                out.push(
                    Cand::new(cx.start(i), cx.end(j), format!("{low}..{high}"))
                        .says(
                            "a range is written `low..high`",
                            &format!("a list in {kind}"),
                            RANGE_REASON,
                        )
                        .shows(from, 0),
                );
            }
            out.push(
                Cand::new(cx.start(i), cx.end(j), format!("[{inner}]"))
                    .says(
                        "a list is written in square brackets",
                        &format!("{kind} instead of `[..]`"),
                        "lists are written in square brackets",
                    )
                    .shows(from, 0),
            );
        }
        if matches!(before.as_str(), "enum" | "set") && open != b'{' {
            out.push(
                Cand::new(cx.start(i), cx.end(j), format!("{{ {inner} }}"))
                    .says(
                        format!("the values of an `{before}` are written in braces"),
                        "not `{ .. }`",
                        &format!("an `{before}` lists its values in braces"),
                    )
                    .shows(cx.start(p), 0),
            );
        }
        if matches!(before.as_str(), "tiers" | "score") && open != b'{' {
            out.push(
                Cand::new(cx.start(i), cx.end(j), format!("{{ {inner} }}"))
                    .says(
                        format!("a `{before}` block is written in braces"),
                        "not `{ .. }`",
                        &format!("`{before}` takes a block in braces"),
                    )
                    .shows(cx.start(p), 0),
            );
        }
        if before == "for" {
            out.push(
                Cand::new(cx.start(i), cx.end(j), inner.clone())
                    .says(
                        "the ICPs after `for` are written without brackets",
                        "no brackets here",
                        "list the ICPs after `for`, separated by commas",
                    )
                    .shows(cx.start(p), 0),
            );
        }
    }
}

/// `has [a, b]` and `has a, b`: `has` tests one value.
pub(super) fn has_list(cx: &Cx, out: &mut Vec<Cand>) {
    let Some(k) = (0..=2).find_map(|b| cx.at.checked_sub(b).filter(|&k| cx.s(k) == "has")) else {
        return;
    };
    let v = k + 1;
    let help = "`has` tests one value; for several write `has any [..]` (at least one of them) or `has all [..]` (all of them): `{fix}`";
    let from = attr_before(cx, k);
    if cx.s(v) == "["
        && let Some(j) = cx.closer(v)
    {
        out.push(
            Cand::new(cx.start(v), cx.end(j), format!("any {}", cx.between(v, j)))
                .says("`has` tests one value", "a list after `has`", "")
                .shows(from, 0)
                .helps(help),
        );
    }
    if cx.is_value(v) && cx.s(v + 1) == "," {
        let mut end = v;
        while cx.s(end + 1) == "," && cx.is_value(end + 2) {
            end += 2;
        }
        out.push(
            Cand::new(
                cx.start(v),
                cx.end(end),
                format!("any [{}]", cx.between(v, end)),
            )
            .says("`has` tests one value", "several values", "")
            .shows(from, 0)
            .helps(help),
        );
    }
}

/// Lists without brackets: `in family_owned`, `in a, b`, `has any a`, `pains "a", "b"`.
pub(super) fn bare_list(cx: &Cx, out: &mut Vec<Cand>) {
    let keyword = (0..=3).find_map(|b| {
        let k = cx.at.checked_sub(b)?;
        matches!(cx.s(k), "in" | "any" | "all" | "none").then_some(k)
    });
    if let Some(k) = keyword {
        let v = k + 1;
        let is_item = |i: usize| cx.is_value(i) || matches!(cx.kind(i), Some(TokKind::Str { .. }));
        if is_item(v) && cx.s(v + 1) != ".." {
            let mut end = v;
            while cx.s(end + 1) == "," && is_item(end + 2) {
                end += 2;
            }
            let from = if cx.s(k) == "in" {
                in_keyword(cx).map_or(cx.start(k), |(_, f)| f)
            } else {
                attr_before(cx, k.saturating_sub(1))
            };
            if cx.s(k) == "in" && end == v && cx.is_number(v) {
                let negated = k > 0 && cx.s(k - 1) == "not";
                let start = if negated {
                    cx.start(k - 1)
                } else {
                    cx.start(k)
                };
                let op = if negated { "!=" } else { "==" };
                out.push(
                    Cand::new(start, cx.end(v), format!("{op} {}", cx.s(v)))
                        .says(
                            "`in` takes a list or a range",
                            "one number",
                            "to compare with one number use `==` (a range is written `low..high`)",
                        )
                        .shows(from, 0),
                );
            } else {
                out.push(
                    Cand::new(
                        cx.start(v),
                        cx.end(end),
                        format!("[{}]", cx.between(v, end)),
                    )
                    .says(
                        "a list is written in square brackets",
                        "not in brackets",
                        "lists are written in square brackets",
                    )
                    .shows(from, 0),
                );
            }
        }
    }
    // `pains "a", "b"`: a field's list.
    if cx.place == Place::Statement
        && is_name(cx.s(0))
        && matches!(cx.kind(1), Some(TokKind::Str { .. }))
        && cx.s(2) == ","
    {
        let mut end = 1;
        while cx.s(end + 1) == "," && matches!(cx.kind(end + 2), Some(TokKind::Str { .. })) {
            end += 2;
        }
        out.push(
            Cand::new(
                cx.start(1),
                cx.end(end),
                format!("[{}]", cx.between(1, end)),
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

/// Values in quotes: `in ["saas"]`, `== "saas"`, `> "200"`, `'saas'`.
pub(super) fn quoted(cx: &Cx, out: &mut Vec<Cand>) {
    let i = cx.at;
    let value_place = |p: Option<usize>| {
        p.is_some_and(|p| {
            CMP_OPS.contains(&cx.s(p)) || matches!(cx.s(p), "[" | "," | "in" | "has" | ":" | "..")
        })
    };
    let prev = i.checked_sub(1);
    if let Some(TokKind::Str { terminated: true }) = cx.kind(i)
        && cx.place != Place::Attribute
    {
        let raw = cx.s(i);
        let inner = &raw[1..raw.len() - 1];
        let number_like = number(inner).is_some_and(|n| n.valid());
        if is_name(inner) || number_like {
            let what = if number_like { "numbers" } else { "values" };
            let label = if cx.place == Place::Tier {
                "a tier name"
            } else {
                "a string"
            };
            let (message, reason) = if cx.place == Place::Tier || cx.s(i + 1) == ">=" {
                (
                    "names are written without quotes".to_string(),
                    "names are written without quotes".to_string(),
                )
            } else {
                (
                    format!("{what} are written without quotes"),
                    if number_like {
                        "numbers are written without quotes".to_string()
                    } else {
                        "values are the names declared in the schema, without quotes".to_string()
                    },
                )
            };
            let from = match prev {
                Some(p) if value_place(Some(p)) => {
                    // Show the whole list or comparison.
                    let mut b = p;
                    while b > 0
                        && !matches!(cx.s(b), "in" | "has" | "any" | "all" | "none")
                        && !CMP_OPS.contains(&cx.s(b))
                        && cx.s(b) != ":"
                    {
                        b -= 1;
                    }
                    match cx.s(b) {
                        "in" => in_keyword(cx).map_or(cx.start(b), |(_, f)| f),
                        "any" | "all" | "none" => attr_before(cx, b.saturating_sub(1)),
                        ":" => cx.start(b.saturating_sub(1)),
                        _ => attr_before(cx, b),
                    }
                }
                _ => cx.start(i),
            };
            let to = (i..cx.toks.len())
                .find(|&j| matches!(cx.kind(j), Some(TokKind::Close(b']'))))
                .filter(|_| prev.is_some_and(|p| matches!(cx.s(p), "[" | ",")))
                .map_or(cx.end(i), |j| cx.end(j));
            out.push(
                Cand::new(cx.start(i), cx.end(i), inner)
                    .says(message, label, &reason)
                    .shows(from, to),
            );
        } else if value_place(prev) {
            out.push(Cand::note(
                cx.start(i),
                cx.end(i),
                "values are names, not strings".to_string(),
                "a string",
                "write one of the value names the schema declares (letters, digits and `_`, without quotes)"
                    .to_string(),
            ));
        }
    }
    if let Some(TokKind::Str { terminated: true }) = cx.kind(i) {
        let raw = cx.s(i);
        let inner = &raw[1..raw.len() - 1];
        // `enum { "saas", "fintech" }`: value names in quotes.
        if cx.place == Place::Attribute && prev.is_some_and(|p| matches!(cx.s(p), "{" | ",")) {
            if is_name(inner) {
                out.push(
                    Cand::new(cx.start(i), cx.end(i), inner)
                        .says(
                            "value names are written without quotes",
                            "a string",
                            "value names are written without quotes",
                        )
                        .shows(cx.start(i), cx.end(i)),
                );
            } else {
                let name: String = inner
                    .to_ascii_lowercase()
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join("_");
                out.push(Cand::note(
                    cx.start(i),
                    cx.end(i),
                    "value names are written without quotes".to_string(),
                    "a string",
                    format!(
                        "a value is a name (letters, digits and `_`) with an optional label after it: `{} {raw}`",
                        if is_name(&name) { name.as_str() } else { "value_name" }
                    ),
                ));
            }
        }
        // `reviewed "2026-01-31"`
        if prev.is_some_and(|p| cx.s(p) == "reviewed") && inner.len() == 10 {
            out.push(
                Cand::new(cx.start(i), cx.end(i), inner)
                    .says(
                        "a date is written without quotes",
                        "a string",
                        "dates are written YYYY-MM-DD, without quotes",
                    )
                    .shows(cx.start(i - 1), cx.end(i)),
            );
        }
    }
    // `section Extra "text"`: the title is a string.
    if cx.place == Place::Statement && cx.s(0) == "section" && i == 1 && is_name(cx.s(1)) {
        out.push(
            Cand::new(cx.start(1), cx.end(1), format!("\"{}\"", cx.s(1)))
                .says(
                    "a section's title is a string",
                    "not in quotes",
                    "a section is written `section \"Title\" \"text\"`",
                )
                .shows(cx.start(0), value_after(cx, 1)),
        );
    }
    // `'saas'`
    if cx.s(i) == "'" {
        let close = (i + 1..cx.toks.len()).find(|&j| cx.s(j) == "'");
        if let Some(j) = close {
            let inner = &cx.text[cx.end(i)..cx.start(j)];
            if value_place(prev) && (is_name(inner) || number(inner).is_some()) {
                out.push(
                    Cand::new(cx.start(i), cx.end(j), inner)
                        .says(
                            "values are written without quotes",
                            "quotes",
                            "values are the names declared in the schema, without quotes",
                        )
                        .shows(
                            prev.map_or(cx.start(i), |p| attr_before_value(cx, p + 1)),
                            0,
                        ),
                );
            } else if !inner.contains('"') {
                out.push(
                    Cand::new(cx.start(i), cx.end(j), format!("\"{inner}\""))
                        .says(
                            "strings are written in double quotes",
                            "single quotes",
                            "strings use double quotes",
                        )
                        .shows(cx.start(i), 0),
                );
            }
        }
    }
}

/// `[a b]`, `for a b`: a comma is missing between two items.
pub(super) fn missing_comma(cx: &Cx, out: &mut Vec<Cand>) {
    let i = cx.at;
    let Some(p) = i.checked_sub(1) else { return };
    let item = |j: usize| {
        (cx.is_value(j) && !KEYWORDS.contains(&cx.s(j)))
            || matches!(cx.kind(j), Some(TokKind::Str { .. }))
    };
    if !(item(i) && item(p)) {
        return;
    }
    // Inside a list (an open `[` before, not closed) or after `for`.
    let mut depth = 0i32;
    let mut in_list = false;
    for j in (0..p).rev() {
        match cx.kind(j) {
            Some(TokKind::Close(_)) => depth += 1,
            Some(TokKind::Open(b)) => {
                if depth == 0 {
                    in_list = b == b'[';
                    break;
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    let after_for = (0..p)
        .rev()
        .take_while(|&j| cx.s(j) == "," || item(j))
        .last()
        .is_some_and(|first| first > 0 && cx.s(first - 1) == "for")
        || cx.s(p.wrapping_sub(1)) == "for";
    if in_list || after_for {
        out.push(
            Cand::new(cx.end(p), cx.end(p), ",")
                .says(
                    "list items are separated by commas",
                    "a comma is missing before this",
                    "separate the items with commas",
                )
                .shows(cx.start(p), cx.end(i)),
        );
        // Underline the item after the missing comma.
        if let Some(c) = out.last_mut() {
            c.start = cx.start(i);
            c.end = cx.end(i);
            c.replacement = None;
            c.help = Some(format!(
                "separate the items with commas: `{}, {}`",
                cx.s(p),
                cx.s(i)
            ));
        }
    }
}
