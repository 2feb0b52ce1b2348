//! Operators and connectives: SQL and C operators, keywords in capitals, missing
//! operators, `and`s and attributes, comments and semicolons from other languages.

use super::*;

/// Comments written `//` or `--`.
pub(super) fn comments(cx: &Cx, out: &mut Vec<Cand>) {
    for d in [0, -1] {
        let Some(i) = cx.rel(d) else { continue };
        let w = cx.s(i);
        if matches!(w, "/" | "-") && cx.s(i + 1) == w && cx.adjacent(i, i + 1) {
            out.push(
                Cand::new(cx.start(i), cx.end(i + 1), "#")
                    .says(
                        "comments start with `#`",
                        "not a comment",
                        "a comment starts with `#` and runs to the end of the line",
                    )
                    .shows(cx.start(i), cx.end(i + 1))
                    .helps("comments start with `#` and run to the end of the line: write `#`"),
            );
        }
    }
}

/// Two criteria without `and` or `or` between them (`employees >= 200 employees <= 2000`).
pub(super) fn missing_connective(cx: &Cx, out: &mut Vec<Cand>) {
    if !matches!(cx.place, Place::Statement | Place::Signal) {
        return;
    }
    let i = cx.at;
    let Some(p) = i.checked_sub(1) else { return };
    let ends_criterion = cx.is_value(p) || matches!(cx.kind(p), Some(TokKind::Close(_)));
    let starts_criterion = is_name(cx.s(i))
        && !KEYWORDS.contains(&cx.lower(i).as_str())
        && (CMP_OPS.contains(&cx.s(i + 1)) || matches!(cx.s(i + 1), "in" | "has" | "not"));
    if p >= 2 && ends_criterion && starts_criterion {
        // Show both criteria: from the start of the first to the end of the second.
        let first = (0..p)
            .rev()
            .find(|&j| matches!(cx.s(j), "require" | "exclude" | "when" | "and" | "or" | "("))
            .map_or(0, |j| j + 1);
        let second_end = test_end(cx, i + 1);
        let both = |word: &str| {
            format!(
                "{} {word} {}",
                squash(&cx.text[cx.start(first)..cx.end(p)]),
                squash(&cx.text[cx.start(i)..second_end])
            )
        };
        out.push(Cand::note(
            cx.start(i),
            cx.end(i),
            "`and` or `or` is missing between two criteria".to_string(),
            "a second criterion",
            format!(
                "join them with `and` (both must hold) or `or` (either may): `{}`",
                both("and")
            ),
        ));
    }
}

/// `industry not saas` (for `!=`), `industry != [a, b]` and `== [a, b]` (for `in`).
pub(super) fn negations(cx: &Cx, out: &mut Vec<Cand>) {
    let i = cx.at;
    for d in [0, -1] {
        let Some(k) = cx.rel(d) else { continue };
        let Some(p) = k.checked_sub(1) else { continue };
        let attr = is_name(cx.s(p)) && !KEYWORDS.contains(&cx.lower(p).as_str());
        if cx.s(k) == "not" && attr && cx.is_value(k + 1) && cx.s(k + 1) != "in" {
            out.push(
                Cand::new(cx.start(k), cx.end(k), "!=")
                    .says(
                        "`not` goes before a criterion or before `in`",
                        "not a comparison",
                        "compare with `!=` (or write `not in [..]` for a list)",
                    )
                    .shows(cx.start(p), cx.end(k + 1)),
            );
        }
        if matches!(cx.s(k), "==" | "!=") && cx.s(k + 1) == "[" && i >= k {
            let rep = if cx.s(k) == "==" { "in" } else { "not in" };
            let end = cx.closer(k + 1).map_or(cx.end(k + 1), |j| cx.end(j));
            out.push(
                Cand::new(cx.start(k), cx.end(k), rep)
                    .says(
                        "a list is tested with `in`",
                        &format!("`{}` compares with one value", cx.s(k)),
                        "a list of values is tested with `in` (or `not in`)",
                    )
                    .shows(attr_before(cx, k), end),
            );
        }
    }
}

/// A comparison after `and`/`or` without its attribute (`employees >= 200 and <= 2000`).
pub(super) fn dropped_attribute(cx: &Cx, out: &mut Vec<Cand>) {
    let i = cx.at;
    let Some(p) = i.checked_sub(1) else { return };
    if !(CMP_OPS.contains(&cx.s(i)) && matches!(cx.s(p), "and" | "or")) {
        return;
    }
    // The attribute of the comparison before the connective.
    let Some(attr) = (0..p)
        .rev()
        .find(|&j| CMP_OPS.contains(&cx.s(j)) && j > 0 && is_name(cx.s(j - 1)))
        .map(|j| j - 1)
    else {
        return;
    };
    let name = cx.s(attr);
    out.push(
        Cand::new(cx.start(i), cx.start(i), format!("{name} "))
            .says(
                "a comparison names its attribute",
                "no attribute",
                "each comparison names its attribute",
            )
            .shows(cx.start(attr), value_after(cx, i)),
    );
}

/// `;` between values (`enum { a; b }`, `[a; b]`) or at the end of a statement.
pub(super) fn semicolons(cx: &Cx, out: &mut Vec<Cand>) {
    let i = cx.at;
    if cx.s(i) != ";" {
        return;
    }
    let between_items = i > 0
        && cx.is_value(i - 1)
        && (cx.is_value(i + 1) || matches!(cx.kind(i + 1), Some(TokKind::Str { .. })));
    if between_items {
        out.push(
            Cand::new(cx.start(i), cx.end(i), ",")
                .says(
                    "items are separated by commas",
                    "not `,`",
                    "separate the items with commas",
                )
                .shows(cx.start(i - 1), cx.end(i + 1)),
        );
    } else {
        out.push(
            Cand::new(cx.start(i), cx.end(i), "")
                .says(
                    "statements do not end with `;`",
                    "not needed",
                    "a statement ends at the end of its line",
                )
                .shows(cx.start(i), cx.end(i))
                .helps("remove the `;`: a statement ends at the end of its line"),
        );
    }
}

/// `IN`, `AND`, `Not`: keywords are lowercase.
pub(super) fn upper_keyword(cx: &Cx, out: &mut Vec<Cand>) {
    for d in [0, -1] {
        let Some(i) = cx.rel(d) else { continue };
        let w = cx.s(i);
        let lower = cx.lower(i);
        if cx.kind(i) == Some(TokKind::Word) && w != lower && KEYWORDS.contains(&lower.as_str()) {
            // A test shows with its attribute and value; a connective alone.
            let (from, to) = match lower.as_str() {
                "in" | "has" => (attr_before(cx, i), value_after(cx, i)),
                _ => (cx.start(i), cx.end(i)),
            };
            out.push(
                Cand::new(cx.start(i), cx.end(i), lower)
                    .says(
                        format!("`{w}` is not a keyword"),
                        "keywords are lowercase",
                        "keywords are lowercase",
                    )
                    .shows(from, to),
            );
        }
    }
}

const CONNECTIVES: &str = "criteria are joined with the words `and`, `or` and `not`";

/// Operators from other languages: `=`, `<>`, `===`, `&&`, `||`, `!`, `≥`, `is`, `like`,
/// `between`, `contains`.
pub(super) fn operators(cx: &Cx, out: &mut Vec<Cand>) {
    for d in [0, -1] {
        let Some(i) = cx.rel(d) else { continue };
        let w = cx.s(i);
        let next = cx.s(i + 1);
        let glued = |j: usize| cx.adjacent(i, j);
        // (end token, replacement, message subject, reason)
        let found: Option<(usize, &str, String, &str)> = match w {
            "=" if glued(i + 1) && next == ">" => {
                Some((i + 1, ">=", "`=>`".into(), "“at least” is written `>=`"))
            }
            "=" if glued(i + 1) && next == "<" => {
                Some((i + 1, "<=", "`=<`".into(), "“at most” is written `<=`"))
            }
            "=" if glued(i + 1) && next == "==" => {
                Some((i + 1, "==", "`===`".into(), "equality is written `==`"))
            }
            "==" if glued(i + 1) && next == "=" => {
                Some((i + 1, "==", "`===`".into(), "equality is written `==`"))
            }
            "!=" if glued(i + 1) && next == "=" => {
                Some((i + 1, "!=", "`!==`".into(), "inequality is written `!=`"))
            }
            "=" => Some((i, "==", "`=`".into(), "equality is written `==`")),
            "<" if glued(i + 1) && next == ">" => {
                Some((i + 1, "!=", "`<>`".into(), "inequality is written `!=`"))
            }
            "≥" => Some((i, ">=", "`≥`".into(), "operators are written in ASCII")),
            "≤" => Some((i, "<=", "`≤`".into(), "operators are written in ASCII")),
            "≠" => Some((i, "!=", "`≠`".into(), "operators are written in ASCII")),
            "&" => {
                let end = if glued(i + 1) && next == "&" {
                    i + 1
                } else {
                    i
                };
                Some((end, "and", format!("`{}`", cx.between(i, end)), CONNECTIVES))
            }
            "|" => {
                let end = if glued(i + 1) && next == "|" {
                    i + 1
                } else {
                    i
                };
                Some((end, "or", format!("`{}`", cx.between(i, end)), CONNECTIVES))
            }
            "!" => Some((i, "not ", "`!`".into(), CONNECTIVES)),
            _ => None,
        };
        if let Some((end, rep, subject, reason)) = found {
            // A comparison shows with its attribute and value; a connective alone.
            let (from, to) = if reason == CONNECTIVES {
                (cx.start(i), cx.end(end))
            } else {
                (attr_before(cx, i), value_after(cx, end))
            };
            out.push(
                Cand::new(cx.start(i), cx.end(end), rep)
                    .says(
                        format!("{subject} is not an operator"),
                        "not an icpl operator",
                        reason,
                    )
                    .shows(from, to),
            );
            continue;
        }
        if cx.kind(i) != Some(TokKind::Word) {
            continue;
        }
        let lower = cx.lower(i);
        let word_op: Option<(usize, String, &str)> = match lower.as_str() {
            "is" if cx.lower(i + 1) == "not" => Some((i + 1, "!=".into(), "compare with `!=`")),
            "is" if cx.lower(i + 1) == "in" => Some((i + 1, "in".into(), "write `in`")),
            "is" | "equals" => Some((i, "==".into(), "compare with `==`")),
            "like" | "ilike" => Some((
                i,
                "==".into(),
                "icpl has no pattern matching; compare with `==` or list the values with `in [..]`",
            )),
            "contains" | "includes" | "include" => {
                Some((i, "has".into(), "a set's values are tested with `has`"))
            }
            "between" if cx.is_value(i + 1) && cx.lower(i + 2) == "and" && cx.is_value(i + 3) => {
                Some((
                    i + 3,
                    format!("in {}..{}", cx.s(i + 1), cx.s(i + 3)),
                    "a range is written `in low..high` and includes both ends",
                ))
            }
            _ => None,
        };
        if let Some((end, rep, reason)) = word_op {
            let shown_end = value_after(cx, end);
            let subject = if lower == "is" {
                cx.between(i, end)
            } else {
                w.to_string()
            };
            out.push(
                Cand::new(cx.start(i), cx.end(end), rep)
                    .says(
                        format!("`{subject}` is not an operator"),
                        "not an icpl operator",
                        reason,
                    )
                    .shows(attr_before(cx, i), shown_end),
            );
        }
    }
}

/// `employees 200..2000`, `industry saas`: an attribute and a value with no operator.
pub(super) fn missing_operator(cx: &Cx, out: &mut Vec<Cand>) {
    if !matches!(cx.place, Place::Statement | Place::Signal) {
        return;
    }
    let i = cx.at;
    let Some(p) = i.checked_sub(1) else { return };
    let starts_criterion = |j: usize| {
        j == 0
            || matches!(
                cx.lower(j - 1).as_str(),
                "require" | "exclude" | "when" | "and" | "or" | "not" | "("
            )
    };
    if !(is_name(cx.s(p)) && !KEYWORDS.contains(&cx.s(p)) && starts_criterion(p)) {
        return;
    }
    if p == 0 {
        return;
    }
    let attr = cx.s(p);
    if (cx.is_value(i) && cx.s(i + 1) == "..") || cx.s(i) == "[" {
        let to = if cx.s(i) == "[" {
            cx.closer(i).map_or(cx.end(i), |j| cx.end(j))
        } else {
            cx.end(i + 2)
        };
        out.push(
            Cand::new(cx.start(i), cx.start(i), "in ")
                .says(
                    "`in` is missing",
                    "a list or range with no `in`",
                    "a list or a range is tested with `in`",
                )
                .shows(cx.start(p), to),
        );
    } else if cx.is_value(i) {
        let v = cx.s(i);
        let example = if cx.is_number(i) {
            format!("`{attr} >= {v}` or `{attr} == {v}`")
        } else {
            format!("`{attr} == {v}` or `{attr} in [{v}]`")
        };
        out.push(Cand::note(
            cx.start(p),
            cx.end(i),
            "a comparison needs an operator".to_string(),
            "no operator between these",
            format!("write an operator between the attribute and the value, e.g. {example}"),
        ));
    }
}
