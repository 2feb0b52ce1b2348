//! Common mistakes, recognised where a parse fails, so that the error blames the token at fault
//! and its help shows the right syntax.
//!
//! pest reports where it got stuck, which is often a token or two after the mistake (`in
//! (a, b)` gets stuck at `(`, `in family_owned` at the end of the statement). Each rule below
//! looks at the tokens around that position and proposes a *repair*: a replacement for a few
//! tokens (`(a, b)` → `[a, b]`, `200-2000` → `200..2000`, `$20m` → `$20M`). A repair is only
//! believed when the repaired text parses past it, and repairs that touch one another are
//! chained (`IN (a, b)` → `in [a, b]`), so the help always shows text that parses. Mistakes
//! with no single right repair (a value missing, a fractional weight) are rules that give a
//! message and a help without one.

use super::parser::{self, Rule};
use super::scan::{TokKind, Tokens};

/// A mistake found in a piece of text: the file-local range to underline and what to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slip {
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub label: String,
    pub help: String,
}

/// Where in the grammar a piece was parsed: some mistakes only make sense in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Item,
    Statement,
    Example,
    Attribute,
    Signal,
    Tier,
}

fn place_of(rule: Rule) -> Place {
    match rule {
        Rule::statement => Place::Statement,
        Rule::example_statement | Rule::record_field_piece => Place::Example,
        Rule::attr_statement => Place::Attribute,
        Rule::signal_piece => Place::Signal,
        Rule::tier_piece => Place::Tier,
        _ => Place::Item,
    }
}

/// A proposed repair (or, without `replacement`, a diagnosis without one).
#[derive(Clone, Debug)]
struct Cand {
    /// The byte range of the text the mistake covers (and the repair replaces).
    start: usize,
    end: usize,
    replacement: Option<String>,
    message: String,
    label: String,
    /// Why, for the help: "lists are written in square brackets".
    reason: String,
    /// The range shown in the help once repaired (it covers `start..end`).
    show: (usize, usize),
    /// A help of its own instead of "{reason}: write `{fix}`"; `{fix}` is replaced by the
    /// repaired text.
    help: Option<String>,
    /// What to underline, when it is not `start..end` (a repair that also removes a space).
    mark: Option<(usize, usize)>,
}

impl Cand {
    fn new(start: usize, end: usize, replacement: impl Into<String>) -> Cand {
        Cand {
            start,
            end,
            replacement: Some(replacement.into()),
            message: String::new(),
            label: String::new(),
            reason: String::new(),
            show: (start, end),
            help: None,
            mark: None,
        }
    }

    /// A diagnosis without a repair.
    fn note(start: usize, end: usize, message: String, label: &str, help: String) -> Cand {
        Cand {
            start,
            end,
            replacement: None,
            message,
            label: label.to_string(),
            reason: String::new(),
            show: (start, end),
            help: Some(help),
            mark: None,
        }
    }

    fn says(mut self, message: impl Into<String>, label: &str, reason: &str) -> Cand {
        self.message = message.into();
        self.label = label.to_string();
        self.reason = reason.to_string();
        self
    }

    fn shows(mut self, from: usize, to: usize) -> Cand {
        self.show = (from.min(self.start), to.max(self.end));
        self
    }

    fn helps(mut self, help: impl Into<String>) -> Cand {
        self.help = Some(help.into());
        self
    }

    fn marks(mut self, start: usize, end: usize) -> Cand {
        self.mark = Some((start, end));
        self
    }
}

/// The tokens of a piece (without line breaks and comments) and the position where the parse
/// failed.
struct Cx<'a> {
    text: &'a str,
    toks: Vec<super::scan::Tok>,
    /// The index of the token the parse stopped at (`toks.len()` at the end).
    at: usize,
    place: Place,
}

impl<'a> Cx<'a> {
    fn new(text: &'a str, pos: usize, place: Place) -> Cx<'a> {
        let toks: Vec<_> = Tokens::new(text, 0)
            .filter(|t| !matches!(t.kind, TokKind::Newline | TokKind::Comment))
            .collect();
        let at = toks.iter().position(|t| t.end > pos).unwrap_or(toks.len());
        Cx {
            text,
            toks,
            at,
            place,
        }
    }

    /// The text of token `i`, or "" past either end.
    fn s(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text(self.text))
    }

    /// Token `i` counted from `at` (negative: before it).
    fn rel(&self, d: isize) -> Option<usize> {
        let i = self.at as isize + d;
        (i >= 0 && (i as usize) < self.toks.len()).then_some(i as usize)
    }

    fn start(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.text.len(), |t| t.start)
    }

    fn end(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.text.len(), |t| t.end)
    }

    fn kind(&self, i: usize) -> Option<TokKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn adjacent(&self, i: usize, j: usize) -> bool {
        self.toks.get(j).is_some() && self.end(i) == self.start(j)
    }

    fn lower(&self, i: usize) -> String {
        self.s(i).to_ascii_lowercase()
    }

    /// The index of the bracket that closes the one at `i`.
    fn closer(&self, i: usize) -> Option<usize> {
        let mut depth = 0usize;
        for (j, t) in self.toks.iter().enumerate().skip(i) {
            match t.kind {
                TokKind::Open(_) => depth += 1,
                TokKind::Close(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(j);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The text from the start of token `i` to the end of token `j`, with its line breaks and
    /// runs of spaces as single spaces.
    fn between(&self, i: usize, j: usize) -> String {
        squash(&self.text[self.start(i)..self.end(j)])
    }

    fn is_value(&self, i: usize) -> bool {
        match self.kind(i) {
            Some(TokKind::Word) => is_name(self.s(i)) || number(self.s(i)).is_some(),
            _ => false,
        }
    }

    fn is_number(&self, i: usize) -> bool {
        self.kind(i) == Some(TokKind::Word) && number(self.s(i)).is_some_and(|n| n.valid())
    }
}

/// Collapses whitespace (line breaks included) to single spaces.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keywords people write in another case (`IN`, `And`).
const KEYWORDS: [&str; 18] = [
    "and", "or", "not", "in", "has", "any", "all", "none", "when", "true", "false", "require",
    "exclude", "score", "tiers", "for", "tier", "expect",
];

const CMP_OPS: [&str; 6] = ["==", "!=", "<", "<=", ">", ">="];

pub fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A number-like word taken apart: `-$1.5m` is sign `-`, dollar, digits `1.5`, suffix `m`.
#[derive(Clone, Copy, Debug)]
pub struct NumParts<'a> {
    pub minus: bool,
    pub dollar: bool,
    pub digits: &'a str,
    pub suffix: &'a str,
    pub percent: bool,
}

impl NumParts<'_> {
    /// Whether the grammar accepts it as written.
    pub fn valid(&self) -> bool {
        matches!(self.suffix, "" | "k" | "M" | "B") && !(self.percent && self.dollar)
    }

    fn show(&self, suffix: &str) -> String {
        format!(
            "{}{}{}{}{}",
            if self.minus { "-" } else { "" },
            if self.dollar { "$" } else { "" },
            self.digits,
            suffix,
            if self.percent { "%" } else { "" }
        )
    }
}

/// Takes a number-like word apart (`None` when it does not start like a number).
pub fn number(s: &str) -> Option<NumParts<'_>> {
    let (minus, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (dollar, rest) = match rest.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (rest, percent) = match rest.strip_suffix('%') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let digits_end = rest
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || c == '_'
                || c == '.'
                    && rest[..i].chars().last().is_some_and(|p| p.is_ascii_digit())
                    && rest[i + 1..].starts_with(|n: char| n.is_ascii_digit()))
        })
        .map_or(rest.len(), |(i, _)| i);
    let (digits, suffix) = rest.split_at(digits_end);
    if !digits.starts_with(|c: char| c.is_ascii_digit())
        || !suffix.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    Some(NumParts {
        minus,
        dollar,
        digits,
        suffix,
        percent,
    })
}

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

/// Diagnoses a failed parse of `text` as `rule` that stopped at `pos`: the mistake a rule below
/// recognises there, or `None`.
pub fn diagnose(rule: Rule, text: &str, pos: usize) -> Option<Slip> {
    let place = place_of(rule);
    let (first, mut current, mut next_pos) = candidates(&Cx::new(text, pos, place))
        .into_iter()
        .find_map(|c| accept(rule, text, c))?;
    let mut show = first.show;
    if let Some(rep) = &first.replacement {
        show.1 = (show.1 + rep.len()).saturating_sub(first.end - first.start);
    }
    let mut reasons = vec![first.reason.clone()];
    // Repairs that touch the first one belong to the same mistake (`IN (a, b)`).
    for _ in 0..4 {
        let Some(p) = next_pos else { break };
        let cx = Cx::new(&current, p, place);
        let touches = |c: &Cand| {
            let gap = |a: usize, b: usize| current.get(a..b).is_none_or(|t| t.trim().is_empty());
            (c.start <= show.1 || gap(show.1, c.start)) && (c.end >= show.0 || gap(c.end, show.0))
        };
        let Some((c, text2, pos2)) = candidates(&cx)
            .into_iter()
            .filter(|c| c.replacement.is_some() && touches(c))
            .find_map(|c| accept(rule, &current, c))
        else {
            break;
        };
        let rep_len = c.replacement.as_ref().map_or(0, String::len);
        let lo = show.0.min(c.show.0);
        let hi = show.1.max(c.show.1);
        show = (lo, (hi + rep_len).saturating_sub(c.end - c.start));
        if !reasons.contains(&c.reason) {
            reasons.push(c.reason.clone());
        }
        current = text2;
        next_pos = pos2;
    }
    let fix = squash(current.get(show.0..show.1).unwrap_or(""));
    let help = match &first.help {
        Some(h) => h.replace("{fix}", &fix),
        None => format!("{}: write `{fix}`", reasons.join("; ")),
    };
    // An insertion underlines the token it goes before.
    let (start, end) = if let Some(mark) = first.mark {
        mark
    } else if first.start == first.end {
        Tokens::new(text, first.start)
            .find(|t| !matches!(t.kind, TokKind::Newline | TokKind::Comment))
            .map_or((first.start, first.end), |t| (t.start, t.end))
    } else {
        (first.start, first.end)
    };
    Some(Slip {
        start,
        end,
        message: first.message,
        label: first.label,
        help,
    })
}

/// Applies a candidate: the repaired text and where its parse now stops (`None` when it
/// parses), if the repair lets the parse get past it.
fn accept(rule: Rule, text: &str, c: Cand) -> Option<(Cand, String, Option<usize>)> {
    let Some(rep) = &c.replacement else {
        return Some((c, text.to_string(), None));
    };
    let repaired = format!("{}{}{}", text.get(..c.start)?, rep, text.get(c.end..)?);
    match parser::parse(rule, &repaired) {
        Ok(_) => Some((c, repaired, None)),
        Err(e) => {
            let at = match e.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((s, _)) => s,
            };
            (at >= c.start + rep.len()).then_some((c, repaired, Some(at)))
        }
    }
}

/// Every rule's proposal at the failure point, most specific first.
fn candidates(cx: &Cx) -> Vec<Cand> {
    let mut out = Vec::new();
    upper_keyword(cx, &mut out);
    operators(cx, &mut out);
    ranges(cx, &mut out);
    brackets(cx, &mut out);
    has_list(cx, &mut out);
    bare_list(cx, &mut out);
    quoted(cx, &mut out);
    numbers(cx, &mut out);
    currency(cx, &mut out);
    tiers(cx, &mut out);
    signals(cx, &mut out);
    fields(cx, &mut out);
    records(cx, &mut out);
    missing_comma(cx, &mut out);
    comments(cx, &mut out);
    dropped_attribute(cx, &mut out);
    names(cx, &mut out);
    empty_item(cx, &mut out);
    dates(cx, &mut out);
    negations(cx, &mut out);
    missing_connective(cx, &mut out);
    semicolons(cx, &mut out);
    keywords(cx, &mut out);
    attributes(cx, &mut out);
    missing_operator(cx, &mut out);
    missing_part(cx, &mut out);
    headers(cx, &mut out);
    out
}

/// Comments written `//` or `--`.
fn comments(cx: &Cx, out: &mut Vec<Cand>) {
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
fn missing_connective(cx: &Cx, out: &mut Vec<Cand>) {
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

/// The end of the test whose operator is at `op` (`in [a, b]`, `in 1..5`, `has any [..]`,
/// `>= 200`).
fn test_end(cx: &Cx, op: usize) -> usize {
    let mut v = op + 1;
    if cx.s(op) == "not" {
        v += 1;
    }
    if matches!(cx.s(v), "any" | "all" | "none") {
        v += 1;
    }
    if matches!(cx.kind(v), Some(TokKind::Open(_))) {
        return cx.closer(v).map_or(cx.end(v), |j| cx.end(j));
    }
    if cx.is_value(v) {
        return range_end(cx, v);
    }
    cx.end(op)
}

/// Dates written another way after `reviewed`: `2026/01/31`, `2026.01.31`, `31/01/2026`.
fn dates(cx: &Cx, out: &mut Vec<Cand>) {
    let Some(k) = (0..cx.toks.len()).find(|&j| cx.s(j) == "reviewed") else {
        return;
    };
    if cx.at <= k || k + 1 >= cx.toks.len() {
        return;
    }
    let last = cx.toks.len() - 1;
    let text = &cx.text[cx.start(k + 1)..cx.end(last)];
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let numeric = parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !numeric {
        return;
    }
    let n = |i: usize| parts[i].parse::<u32>().unwrap_or(0);
    let ymd = if parts[0].len() == 4 {
        Some((parts[0].to_string(), n(1), n(2)))
    } else if parts[2].len() == 4 && n(0) > 12 {
        Some((parts[2].to_string(), n(1), n(0)))
    } else if parts[2].len() == 4 && n(1) > 12 {
        Some((parts[2].to_string(), n(0), n(1)))
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

/// `industry not saas` (for `!=`), `industry != [a, b]` and `== [a, b]` (for `in`).
fn negations(cx: &Cx, out: &mut Vec<Cand>) {
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
fn dropped_attribute(cx: &Cx, out: &mut Vec<Cand>) {
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

/// Names written with `-` or spaces (`my-icp`, `north-america`, `annual revenue: money`):
/// names are letters, digits and `_`.
fn names(cx: &Cx, out: &mut Vec<Cand>) {
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

/// `[a, , b]`: an empty item.
fn empty_item(cx: &Cx, out: &mut Vec<Cand>) {
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

/// `;` between values (`enum { a; b }`, `[a; b]`) or at the end of a statement.
fn semicolons(cx: &Cx, out: &mut Vec<Cand>) {
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

/// A misspelt statement keyword (`requires employees > 5`, `exlude ...`): the grammar reads a
/// field there and stops at what follows.
fn keywords(cx: &Cx, out: &mut Vec<Cand>) {
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
fn attributes(cx: &Cx, out: &mut Vec<Cand>) {
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
fn headers(cx: &Cx, out: &mut Vec<Cand>) {
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

/// `IN`, `AND`, `Not`: keywords are lowercase.
fn upper_keyword(cx: &Cx, out: &mut Vec<Cand>) {
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

/// The attribute before token `i`, when there is one, for showing a whole comparison.
fn attr_before(cx: &Cx, i: usize) -> usize {
    match i.checked_sub(1) {
        Some(p) if is_name(cx.s(p)) && !KEYWORDS.contains(&cx.lower(p).as_str()) => cx.start(p),
        _ => cx.start(i),
    }
}

/// The end of the value after token `i`, when there is one.
fn value_after(cx: &Cx, i: usize) -> usize {
    let n = i + 1;
    if cx.is_value(n) || matches!(cx.kind(n), Some(TokKind::Str { .. })) {
        cx.end(n)
    } else {
        cx.end(i)
    }
}

const CONNECTIVES: &str = "criteria are joined with the words `and`, `or` and `not`";

/// Operators from other languages: `=`, `<>`, `===`, `&&`, `||`, `!`, `≥`, `is`, `like`,
/// `between`, `contains`.
fn operators(cx: &Cx, out: &mut Vec<Cand>) {
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

/// The index of the nearest `in` at or before `at` (within a few tokens), and where its
/// shown text starts (with `not`, and the attribute).
fn in_keyword(cx: &Cx) -> Option<(usize, usize)> {
    (0..=3).find_map(|back| {
        let k = cx.at.checked_sub(back)?;
        (cx.s(k) == "in").then(|| {
            let from = match k.checked_sub(1) {
                Some(n) if cx.s(n) == "not" => n,
                _ => k,
            };
            (k, attr_before(cx, from))
        })
    })
}

const RANGE_REASON: &str = "a range is written `low..high` and includes both ends";

/// Ranges written `200-2000`, `200 - 2000`, `200 to 2000`, `200...2000`, `[200..2000]`, or
/// with one end missing.
fn ranges(cx: &Cx, out: &mut Vec<Cand>) {
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
fn brackets(cx: &Cx, out: &mut Vec<Cand>) {
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
            if pair_of_numbers {
                out.push(
                    Cand::new(
                        cx.start(i),
                        cx.end(j),
                        format!("{}..{}", items[0], items[1]),
                    )
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
fn has_list(cx: &Cx, out: &mut Vec<Cand>) {
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
fn bare_list(cx: &Cx, out: &mut Vec<Cand>) {
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
fn quoted(cx: &Cx, out: &mut Vec<Cand>) {
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

/// Number literals written another way: `$20m`, `1e6`, `$-5`, `20$`, `$20 M`, `20 %`,
/// `1,000`, `1,5M`, `.5`, `€20M`, `50 percent`.
fn numbers(cx: &Cx, out: &mut Vec<Cand>) {
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

/// The shown start for a value at `v`: the comparison or range it belongs to, when there is
/// one.
fn attr_before_value(cx: &Cx, v: usize) -> usize {
    match v.checked_sub(1) {
        Some(p) if CMP_OPS.contains(&cx.s(p)) => attr_before(cx, p),
        Some(p) if cx.s(p) == "in" || cx.s(p) == ".." && p >= 2 && cx.s(p - 2) == "in" => {
            let k = if cx.s(p) == "in" { p } else { p - 2 };
            match k.checked_sub(1) {
                Some(n) if cx.s(n) == "not" => attr_before(cx, n),
                _ => attr_before(cx, k),
            }
        }
        _ => cx.start(v),
    }
}

/// The shown end for a value at `v`: the end of the range it starts, when it starts one.
fn range_end(cx: &Cx, v: usize) -> usize {
    if cx.s(v + 1) == ".." && cx.is_value(v + 2) {
        cx.end(v + 2)
    } else {
        cx.end(v)
    }
}

/// Currency signs other than `$` (`€20M`, `20 EUR`) are numbers' business too, but they are
/// single characters the scanner reports alone; see [`numbers`] for the rest.
fn currency(cx: &Cx, out: &mut Vec<Cand>) {
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

/// Tier thresholds: `A: 50`, `A = 50`, `A > 50`, `A => 50`, `A >= 50%`.
fn tiers(cx: &Cx, out: &mut Vec<Cand>) {
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
fn signals(cx: &Cx, out: &mut Vec<Cand>) {
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
fn fields(cx: &Cx, out: &mut Vec<Cand>) {
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
fn records(cx: &Cx, out: &mut Vec<Cand>) {
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

/// `[a b]`, `for a b`: a comma is missing between two items.
fn missing_comma(cx: &Cx, out: &mut Vec<Cand>) {
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

/// `employees 200..2000`, `industry saas`: an attribute and a value with no operator.
fn missing_operator(cx: &Cx, out: &mut Vec<Cand>) {
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

/// Something missing at the end of a piece or before a connective: `employees >=`, `x > 5
/// and`, `require`, `when`, `in`, `has`.
fn missing_part(cx: &Cx, out: &mut Vec<Cand>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_taken_apart() {
        let n = number("-$1.5m").map(|n| (n.minus, n.dollar, n.digits, n.suffix, n.valid()));
        assert_eq!(n, Some((true, true, "1.5", "m", false)));
        let n = number("25%").map(|n| (n.digits, n.suffix, n.percent, n.valid()));
        assert_eq!(n, Some(("25", "", true, true)));
        assert!(number("abc").is_none());
        assert!(number("$").is_none());
    }
}
