//! Number, money and percent literals, and dates: suffixes in the wrong case or separated
//! from their number, currency signs, separators, exponents, dates not written YYYY-MM-DD.

use super::*;

/// The suffix people meant by a suffix written another way (`m`, `mm`, `bn`, `K`).
fn suffix_meant(s: &str) -> Option<&'static str> {
    Some(match s {
        "K" | "thousand" | "th" => "k",
        "m" | "mm" | "MM" | "Mm" | "mn" | "mio" | "mil" | "million" | "millions" => "M",
        "b" | "bn" | "BN" | "Bn" | "bil" | "billion" | "billions" => "B",
        _ => return None,
    })
}

const SUFFIX_RULE: &str =
    "number suffixes are case-sensitive (`k` thousand, `M` million, `B` billion)";

/// Dates written another way after `reviewed`: `2026/01/31`, `2026.01.31`, `31/01/2026`.
pub(super) fn dates(cx: &Cx, out: &mut Vec<Cand>) {
    let Some(k) = (0..cx.toks.len()).find(|&j| cx.s(j) == "reviewed") else {
        return;
    };
    if cx.at <= k || k + 1 >= cx.toks.len() {
        return;
    }
    let last = cx.toks.len() - 1;
    let text = &cx.text[cx.start(k + 1)..cx.end(last)];
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let &[p0, p1, p2] = parts.as_slice() else {
        return;
    };
    if !parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return;
    }
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    let ymd = if p0.len() == 4 {
        Some((p0.to_string(), n(p1), n(p2)))
    } else if p2.len() == 4 && n(p0) > 12 {
        Some((p2.to_string(), n(p1), n(p0)))
    } else if p2.len() == 4 && n(p1) > 12 {
        Some((p2.to_string(), n(p0), n(p1)))
    } else {
        None
    };
    let start = cx.start(k + 1);
    let end = cx.end(last);
    match ymd {
        Some((y, m, d)) => out.push(
            Cand::new(start, end, format!("{y}-{m:02}-{d:02}"))
                .says(
                    "a date is written YYYY-MM-DD",
                    "not YYYY-MM-DD",
                    "dates are written year first, with `-`",
                )
                .shows(cx.start(k), end),
        ),
        None => out.push(Cand::note(
            start,
            end,
            "a date is written YYYY-MM-DD".to_string(),
            "not YYYY-MM-DD",
            "write the year first, then the month and the day, with `-`: e.g. `2026-01-31`"
                .to_string(),
        )),
    }
}

/// Number literals written another way: `$20m`, `1e6`, `$-5`, `20$`, `$20 M`, `20 %`,
/// `1,000`, `1,5M`, `.5`, `€20M`, `50 percent`.
pub(super) fn numbers(cx: &Cx, out: &mut Vec<Cand>) {
    let i = cx.at;
    let w = cx.s(i);
    let prev = i.checked_sub(1);
    let from = attr_before_value(cx, i);
    let to = range_end(cx, i);
    if cx.kind(i) == Some(TokKind::Word)
        && let Some(n) = number(w)
        && !n.valid()
    {
        if let Some(s) = suffix_meant(n.suffix) {
            out.push(
                Cand::new(cx.start(i), cx.end(i), n.show(s))
                    .says(
                        format!("`{}` is not a number suffix", n.suffix),
                        "unknown suffix",
                        SUFFIX_RULE,
                    )
                    .shows(from, to),
            );
        } else if let Some(exp) = n.suffix.strip_prefix(['e', 'E'])
            && let Some(s) = match exp {
                "3" => Some("k"),
                "6" => Some("M"),
                "9" => Some("B"),
                _ => None,
            }
        {
            out.push(
                Cand::new(cx.start(i), cx.end(i), n.show(s))
                    .says(
                        format!("`{w}` is not a number icpl reads"),
                        "an exponent",
                        "exponents are not supported, use a suffix (`k` thousand, `M` million, `B` billion)",
                    )
                    .shows(from, to),
            );
        } else {
            out.push(Cand::note(
                cx.start(i),
                cx.end(i),
                format!("`{w}` is not a number"),
                "unknown suffix",
                "a number takes at most one suffix, `k` (thousand), `M` (million) or `B` (billion), in that case; money starts with `$` and percentages end in `%`".to_string(),
            ));
        }
    }
    // `$-5`
    if let Some(rest) = w.strip_prefix("$-")
        && number(rest).is_some()
    {
        out.push(
            Cand::new(cx.start(i), cx.end(i), format!("-${rest}"))
                .says(
                    "the minus sign goes before `$`",
                    "minus after `$`",
                    "a negative amount is written `-$5`",
                )
                .shows(from, to),
        );
    }
    let Some(p) = prev else { return };
    let glued = cx.adjacent(p, i);
    let prev_num = cx.is_number(p);
    // `20$`
    if w == "$" && glued && prev_num && !cx.s(p).contains('$') {
        out.push(
            Cand::new(cx.start(p), cx.end(i), format!("${}", cx.s(p)))
                .says(
                    "`$` goes before the amount",
                    "after the amount",
                    "money is written `$20`",
                )
                .shows(attr_before_value(cx, p), 0),
        );
    }
    // `$20 M`, `50 percent`
    if prev_num && cx.kind(i) == Some(TokKind::Word) && !glued {
        let p_text = cx.s(p);
        let suffix = match w {
            "k" | "M" | "B" => Some(w),
            _ => suffix_meant(w),
        };
        let has_suffix = number(p_text).is_some_and(|n| !n.suffix.is_empty() || n.percent);
        if let Some(s) = suffix.filter(|_| !has_suffix) {
            out.push(
                Cand::new(cx.start(p), cx.end(i), format!("{p_text}{s}"))
                    .says(
                        "a number's suffix is written without a space",
                        "separated from its number",
                        "a suffix follows its number directly (`k` thousand, `M` million, `B` billion)",
                    )
                    .shows(attr_before_value(cx, p), 0),
            );
        }
        if matches!(w.to_ascii_lowercase().as_str(), "percent" | "pct" | "%") && !has_suffix {
            out.push(
                Cand::new(cx.start(p), cx.end(i), format!("{p_text}%"))
                    .says(
                        "a percentage is written with `%`",
                        "not `%`",
                        "percent literals are written `25%`",
                    )
                    .shows(attr_before_value(cx, p), 0),
            );
        }
    }
    // `20 %`
    if w == "%" && prev_num && !glued {
        out.push(
            Cand::new(cx.start(p), cx.end(i), format!("{}%", cx.s(p)))
                .says(
                    "`%` is written right after the number",
                    "separated from its number",
                    "percent literals are written `25%`",
                )
                .shows(attr_before_value(cx, p), 0),
        );
    }
    // `1,000` and `1,5M`
    if w == "," && glued && prev_num && cx.adjacent(i, i + 1) {
        let next = cx.s(i + 1);
        let digits = next.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && !cx.s(p).contains('.') {
            let (rep, message, reason) = if digits == 3 {
                (
                    format!("{}{}", cx.s(p), next),
                    "numbers are written without thousands separators",
                    "numbers have no thousands separators (`1_000` and `1k` work too)",
                )
            } else {
                (
                    format!("{}.{}", cx.s(p), next),
                    "decimals are written with a point",
                    "the decimal separator is `.`",
                )
            };
            out.push(
                Cand::new(cx.start(p), cx.end(i + 1), rep)
                    .says(message, "a comma in a number", reason)
                    .shows(attr_before_value(cx, p), 0),
            );
        }
    }
    // `.5`
    if w == "." && !glued && cx.adjacent(i, i + 1) && cx.is_number(i + 1) {
        out.push(
            Cand::new(cx.start(i), cx.end(i + 1), format!("0.{}", cx.s(i + 1)))
                .says(
                    "a decimal needs a digit before the point",
                    "no leading digit",
                    "a decimal starts with a digit",
                )
                .shows(attr_before_value(cx, i), 0),
        );
    }
}

/// Currency signs other than `$` (`€20M`, `20 EUR`) are numbers' business too, but they are
/// single characters the scanner reports alone; see [`numbers`] for the rest.
pub(super) fn currency(cx: &Cx, out: &mut Vec<Cand>) {
    let i = cx.at;
    let w = cx.s(i);
    if matches!(w, "€" | "£" | "¥") && cx.adjacent(i, i + 1) && cx.is_number(i + 1) {
        out.push(
            Cand::new(cx.start(i), cx.end(i + 1), format!("${}", cx.s(i + 1)))
                .says(
                    "money is written with `$`",
                    "not `$`",
                    "amounts are written with `$` whatever the currency",
                )
                .shows(attr_before_value(cx, i), 0),
        );
    }
    if let Some(p) = i.checked_sub(1)
        && cx.is_number(p)
        && matches!(w, "USD" | "EUR" | "GBP" | "dollars" | "usd" | "eur")
    {
        out.push(
            Cand::new(cx.start(p), cx.end(i), format!("${}", cx.s(p)))
                .says(
                    "money is written with `$`",
                    "a currency name",
                    "amounts are written with `$` whatever the currency",
                )
                .shows(attr_before_value(cx, p), 0),
        );
    }
}
