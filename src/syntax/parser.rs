//! The pest parser and the translation of its errors into user-facing diagnostics.

use std::collections::BTreeSet;
use std::sync::Mutex;

use pest::Parser as _;
use pest::iterators::Pairs;

use super::build::Positions;
use super::errors::SyntaxError;
use super::scan::{TokKind, Tokens};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/icpl.pest"]
pub struct IcplParser;

/// Parses `text` as `rule`, without error detail (the fast path: most input is valid).
pub fn parse(rule: Rule, text: &str) -> Result<Pairs<'_, Rule>, Box<pest::error::Error<Rule>>> {
    IcplParser::parse(rule, text).map_err(Box::new)
}

/// Where a parse of `text` as `rule` stops, or `None` when it parses (no error detail).
pub fn stop_position(rule: Rule, text: &str) -> Option<usize> {
    match IcplParser::parse(rule, text) {
        Ok(_) => None,
        Err(e) => Some(match e.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        }),
    }
}

/// Serialises the parses that switch pest's process-wide error-detail flag on, so that a
/// message never depends on what another thread is parsing.
static DETAIL: Mutex<()> = Mutex::new(());

/// Parses `text` as `rule` again with error detail (the literal tokens the parser expected) and
/// gives the error, for a message. `None` when the text parses after all.
pub fn explain(rule: Rule, text: &str) -> Option<pest::error::Error<Rule>> {
    let _guard = DETAIL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    pest::set_error_detail(true);
    let result = IcplParser::parse(rule, text).err();
    pest::set_error_detail(false);
    result
}

/// What a rule is called in messages, or `None` for rules never worth naming.
fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        ident | attr_ref => "a name",
        string | string_inner => "a string",
        value | money | percent | number | boolean | range => "a value",
        value_list => "a list `[..]`",
        text_list | text_item => "a list `[..]`",
        field_value => "a string, a list or a name",
        weight => "a weight such as `+10`",
        date => "a date such as `2026-01-31`",
        cmp_op | compare => "a comparison such as `>=`",
        in_test | not_in_test => "`in`",
        has_test => "`has`",
        expr | and_expr | not_expr | predicate | paren => "a criterion",
        kw_and => "`and`",
        kw_or => "`or`",
        kw_not => "`not`",
        kw_in => "`in`",
        kw_has => "`has`",
        kw_any | has_any => "`any`",
        kw_all | has_all => "`all`",
        kw_none | has_none => "`none`",
        kw_when => "`when`",
        kw_for | for_clause => "`for`",
        kw_tier => "`tier`",
        kw_persona | expect_persona => "`persona`",
        require_stmt | exclude_stmt | score_block | tiers_block | reviewed_stmt | section_stmt
        | field_stmt => "a statement",
        kw_require | kw_exclude | kw_score | kw_tiers | kw_reviewed | kw_section => "a statement",
        top_item | schema_block | icp_block | persona_block | example_block => {
            "`account`, `contact`, `icp`, `persona` or `example`"
        }
        entity | kw_account | kw_contact => "`account` or `contact`",
        kw_icp => "`icp`",
        kw_example => "`example`",
        attr_decl => "an attribute (`name: type`)",
        type_expr | kw_int | kw_money | kw_percent | kw_bool | kw_enum | kw_set | kw_ordered
        | ordered_enum_type | enum_type | set_type | unknown_type => {
            "a type (`int`, `money`, `percent`, `bool`, `enum`, `ordered enum` or `set`)"
        }
        enum_body => "`{`",
        enum_value => "a value name",
        signal => "a score signal (`name +10 when ...`)",
        tier => "a tier (`A >= 50`)",
        record_block => "`account {..}` or `contact {..}`",
        record_field => "a field (`name: value`)",
        expect_stmt | kw_expect => "`expect`",
        expect_icp => "an ICP id",
        negation => "`not`",
        _ => return None,
    })
}

/// Literal tokens worth naming: punctuation, shown in backticks.
fn describe_token(token: &str) -> Option<String> {
    let t = token.trim();
    if t.is_empty()
        || t.chars()
            .any(|c| c.is_alphanumeric() || c.is_whitespace() || c == '\u{FEFF}')
        || t == "\""
        || t == "#"
    {
        return None;
    }
    if matches!(t, "$" | "-" | "+" | "_" | "%" | "\\") {
        return None;
    }
    Some(format!("`{t}`"))
}

/// Joins names as "a, b or c".
fn join_or(items: &[String]) -> String {
    match items {
        [] => "something else".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {}", rest.join(", "), last),
    }
}

/// What the end of a piece parsed as `rule` is, in messages.
fn end_of(rule: Rule) -> &'static str {
    match rule {
        Rule::statement | Rule::example_statement | Rule::attr_statement => "end of the statement",
        Rule::signal_piece => "end of the signal",
        Rule::tier_piece => "end of the tier",
        Rule::record_field_piece => "end of the field",
        Rule::file => "end of the file",
        _ => "end of the block",
    }
}

/// Turns a pest error from parsing `text` as `rule` (a slice at `at`) into a diagnostic with a user-facing message, the token at fault underlined and a
/// help line: a common mistake recognised by [`slips`](super::slips) when there is one, else
/// the token the parser stopped at and what it expected there.
pub fn convert_error(
    rule: Rule,
    err: &pest::error::Error<Rule>,
    text: &str,
    at: Positions,
) -> SyntaxError {
    use pest::error::{ErrorVariant, InputLocation};
    let mut pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let attempts = err.parse_attempts();
    if let Some(a) = &attempts {
        pos = pos.max(a.max_position);
    }
    pos = pos.min(text.len());
    if let Some(slip) = super::slips::diagnose(rule, text, pos) {
        return SyntaxError::Slip {
            message: slip.message,
            span: at.span(slip.start, slip.end),
            label: slip.label,
            help: slip.help,
        };
    }

    let mut described: BTreeSet<&'static str> = BTreeSet::new();
    if let ErrorVariant::ParsingError { positives, .. } = &err.variant {
        described.extend(positives.iter().filter_map(|r| describe(*r)));
    }
    let mut tokens: BTreeSet<String> = BTreeSet::new();
    if let Some(a) = &attempts {
        tokens.extend(
            a.expected_tokens()
                .iter()
                .filter_map(|t| describe_token(&t.to_string())),
        );
    }
    // "a comparison" already names the operators; "a criterion" its parentheses.
    if described.contains("a comparison such as `>=`") {
        tokens.retain(|t| {
            !matches!(
                t.as_str(),
                "`==`" | "`!=`" | "`<`" | "`<=`" | "`>`" | "`>=`"
            )
        });
    }
    if described.contains("a criterion") {
        tokens.remove("`(`");
    }
    let mut expected: Vec<String> = described.iter().map(|s| s.to_string()).collect();
    expected.extend(tokens);
    if expected.len() > 7 {
        expected.truncate(6);
        expected.push("…".to_string());
    }

    let (mut found, mut start, mut end, tok) = found_at(text, pos);
    if tok.is_none() {
        found = end_of(rule).to_string();
    }
    let mut help = hint(&found, tok.as_deref(), &expected);
    // A reserved word where a name belongs: the parser only notices at the token after it.
    // It is at fault only if a name in its place lets the parse go on.
    let wants_name = expected
        .iter()
        .any(|e| e == "a name" || e == "a value" || e == "a value name");
    if wants_name
        && let Some(prev) = word_before(text, start)
        && is_reserved(prev.text(text))
        && name_fits(rule, text, prev.start, prev.end)
    {
        let word = prev.text(text);
        found = format!("keyword `{word}`");
        (start, end) = (prev.start, prev.end);
        help = Some(format!(
            "`{word}` is a reserved word and cannot be used as a name"
        ));
    }
    if text[..start].ends_with('\\') && inside_string(text, start) {
        found = format!(
            "escape `\\{}`",
            tok.as_deref().unwrap_or("").chars().next().unwrap_or(' ')
        );
        start -= 1;
        end = start + 2;
        help = Some("strings accept the escapes `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{..}`".into());
    }
    let span = at.span(start, end);
    SyntaxError::Unexpected {
        found,
        span,
        expected: join_or(&expected),
        help,
    }
}

/// Whether the parse of `text` as `rule` gets past `start..end` with a plain name there.
fn name_fits(rule: Rule, text: &str, start: usize, end: usize) -> bool {
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    let placeholder = "reserved_word_placeholder";
    match stop_position(rule, &format!("{before}{placeholder}{after}")) {
        None => true,
        Some(at) => at > start + placeholder.len(),
    }
}

/// Describes the token at `pos` for a message, with its range in `text`.
pub fn found_token(text: &str, pos: usize) -> (String, usize, usize) {
    let (desc, start, end, _) = found_at(text, pos);
    (desc, start, end)
}

/// The word token that ends right before `pos` (whitespace between is allowed).
fn word_before(text: &str, pos: usize) -> Option<super::scan::Tok> {
    Tokens::new(&text[..pos], 0)
        .filter(|t| !matches!(t.kind, TokKind::Newline | TokKind::Comment))
        .last()
        .filter(|t| t.kind == TokKind::Word)
}

/// Whether `pos` is inside a string literal (counting unescaped quotes on its line).
fn inside_string(text: &str, pos: usize) -> bool {
    let line_start = text[..pos].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let mut inside = false;
    let mut escaped = false;
    for c in text[line_start..pos].chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => inside = !inside,
            _ => {}
        }
    }
    inside
}

/// Describes the token at `pos`: its description, its range and its raw text. When `pos` falls
/// inside a word (`$5km`), the whole word is the token.
fn found_at(text: &str, pos: usize) -> (String, usize, usize, Option<String>) {
    let containing = Tokens::new(text, 0)
        .take_while(|t| t.start <= pos)
        .find(|t| t.kind == TokKind::Word && t.start < pos && pos < t.end);
    let tok = containing.or_else(|| {
        Tokens::new(text, pos).find(|t| !matches!(t.kind, TokKind::Newline | TokKind::Comment))
    });
    let Some(tok) = tok else {
        return ("end of input".to_string(), text.len(), text.len(), None);
    };
    let raw = tok.text(text);
    let shown: String = raw.chars().take(40).collect();
    let shown = if shown.len() < raw.len() {
        format!("{shown}…")
    } else {
        shown
    };
    let desc = match tok.kind {
        TokKind::Str { .. } => format!("string {shown}"),
        TokKind::Word if is_reserved(raw) => format!("keyword `{raw}`"),
        _ => format!("`{shown}`"),
    };
    (desc, tok.start, tok.end, Some(raw.to_string()))
}

fn is_reserved(word: &str) -> bool {
    matches!(
        word,
        "and" | "or" | "not" | "in" | "has" | "when" | "true" | "false"
    )
}

/// A help line for common slips.
fn hint(found: &str, raw: Option<&str>, expected: &[String]) -> Option<String> {
    let raw = raw?;
    let expects = |s: &str| expected.iter().any(|e| e.contains(s));
    let msg = match raw {
        "=" => "compare with `==`",
        "&&" | "&" => "write `and`",
        "||" | "|" => "write `or`",
        "!" => "write `not`",
        "=>" | "=<" => "write `>=` or `<=`",
        ">" | "<" if expects("`>=`") => "write `>=`: a tier is reached at its threshold",
        "'" => "strings use double quotes: \"...\"",
        "-" | "+" if expects("a value") => "write numbers without spaces, e.g. `-10`",
        _ if raw.starts_with('\'') => "strings use double quotes: \"...\"",
        _ if raw.starts_with(|c: char| c.is_ascii_digit() || c == '$')
            && raw.chars().any(|c| c.is_ascii_alphabetic())
            && expects("a value") =>
        {
            "a number takes at most one suffix, `k` (thousand), `M` (million) or `B` (billion), in that case"
        }
        _ if expects("a weight") && raw.chars().all(|c| c.is_ascii_digit()) => {
            "a weight carries its sign: `+30` or `-10`"
        }
        _ if expects("a date") => "write dates as YYYY-MM-DD",
        _ if is_reserved(raw) && (expects("a name") || expects("a value")) => {
            return Some(format!(
                "`{raw}` is a reserved word and cannot be used as a name"
            ));
        }
        _ if found.starts_with('`')
            && raw.chars().next().is_some_and(|c| c.is_ascii_digit())
            && expects("a name") =>
        {
            "names start with a letter or `_`"
        }
        _ if expects("`,`") && raw.chars().all(|c| c.is_alphanumeric() || c == '_') => {
            "separate list items with commas"
        }
        _ => return None,
    };
    Some(msg.to_string())
}
