//! Common mistakes, recognised where a parse fails, so that the error blames the token at fault
//! and its help shows the right syntax.
//!
//! pest reports where it got stuck, which is often a token or two after the mistake (`in
//! (a, b)` gets stuck at `(`, `in family_owned` at the end of the statement). Each rule (in
//! `lists`, `literals`, `operators` and `statements`) looks at the tokens around that position
//! and proposes a *repair*: a replacement for a few tokens (`(a, b)` → `[a, b]`, `200-2000` →
//! `200..2000`, `$20m` → `$20M`). A repair is only believed when the repaired text parses past
//! it, and repairs that touch one another are chained (`IN (a, b)` → `in [a, b]`), so the help
//! always shows text that parses. Mistakes with no single right repair (a value missing, a
//! fractional weight) are rules that give a message and a help without one.

mod lists;
mod literals;
mod operators;
mod statements;

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
    /// The help shows a repair that was checked to parse (not only advice).
    pub repaired: bool,
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
        repaired: first.replacement.is_some(),
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
    match parser::stop_position(rule, &repaired) {
        None => Some((c, repaired, None)),
        Some(at) => (at >= c.start + rep.len()).then_some((c, repaired, Some(at))),
    }
}

/// Every rule's proposal at the failure point, most specific first.
fn candidates(cx: &Cx) -> Vec<Cand> {
    let mut out = Vec::new();
    operators::upper_keyword(cx, &mut out);
    operators::operators(cx, &mut out);
    lists::ranges(cx, &mut out);
    lists::brackets(cx, &mut out);
    lists::has_list(cx, &mut out);
    lists::bare_list(cx, &mut out);
    lists::quoted(cx, &mut out);
    literals::numbers(cx, &mut out);
    literals::currency(cx, &mut out);
    statements::tiers(cx, &mut out);
    statements::signals(cx, &mut out);
    statements::fields(cx, &mut out);
    statements::records(cx, &mut out);
    lists::missing_comma(cx, &mut out);
    operators::comments(cx, &mut out);
    operators::dropped_attribute(cx, &mut out);
    statements::names(cx, &mut out);
    lists::empty_item(cx, &mut out);
    literals::dates(cx, &mut out);
    operators::negations(cx, &mut out);
    operators::missing_connective(cx, &mut out);
    operators::semicolons(cx, &mut out);
    statements::keywords(cx, &mut out);
    statements::attributes(cx, &mut out);
    operators::missing_operator(cx, &mut out);
    statements::missing_part(cx, &mut out);
    statements::headers(cx, &mut out);
    out
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
