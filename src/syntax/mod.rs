//! The syntax stage: text to syntax tree, never stopping at the first error.
//!
//! Takes the files of a [`SourceMap`] and gives one [`ast::File`] per file plus every syntax
//! error. The [`scan`]ner first splits a file into top-level items; each item is parsed on its
//! own by pest, so a broken block never hides the others. When an item fails, it is parsed again
//! statement by statement: the statements that parse are kept, and each one that does not is
//! reported, so one run shows every independent problem.

pub mod ast;
mod build;
pub mod errors;
mod parser;
pub mod scan;
mod slips;

use crate::diagnostics::suggest::did_you_mean;
use crate::source::{FileId, LoadedSpec, SourceFile, Span};
use ast::{BrokenItem, ExampleStatement, Ident, Item, Statement};
use build::{Builder, Positions};
pub use build::{MAX_WEIGHT, unescape};
use errors::SyntaxError;
use parser::Rule;
use scan::{Chunk, TokKind, Tokens};

/// The syntax trees of a spec's `.icp` files and every syntax error found in them.
#[derive(Debug, Default)]
pub struct Parsed {
    pub files: Vec<ast::File>,
    pub errors: Vec<SyntaxError>,
}

/// Parses every spec file of a loaded spec (all its files but `icpl.toml`).
pub fn parse_spec(spec: &LoadedSpec) -> Parsed {
    let mut parsed = Parsed::default();
    for id in spec.map.file_ids() {
        if Some(id) == spec.config {
            continue;
        }
        let file = spec.map.file(id);
        let bad = spec
            .invalid_utf8
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, at)| *at);
        let (ast, errors) = parse_file(file, id, bad);
        parsed.files.push(ast);
        parsed.errors.extend(errors);
    }
    parsed
}

/// Parses one file. `invalid_utf8` is the file-local offset of the first byte that was not
/// UTF-8 (it now holds U+FFFD), if any.
pub fn parse_file(
    file: &SourceFile,
    id: FileId,
    invalid_utf8: Option<usize>,
) -> (ast::File, Vec<SyntaxError>) {
    let text = file.text.as_str();
    let scan = scan::scan(text, file.base);
    let mut errors = scan.errors;
    let mut known_bad: Vec<Span> = errors.iter().map(primary_span).collect();
    known_bad.extend(errors.iter().filter_map(|e| match e {
        SyntaxError::Mismatched { open_span, .. } => Some(*open_span),
        _ => None,
    }));
    if let Some(at) = invalid_utf8 {
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        let span = file.global(at..end);
        errors.push(SyntaxError::InvalidUtf8 { span });
        known_bad.push(span);
    }
    // The text with the closing brackets the scanner inserted for unclosed ones.
    let (repaired, inserted) = repair(text, &scan.repairs);
    // The repairs are in order of position, so those before `p` are a prefix.
    let shift = |p: usize, inclusive: bool| {
        p + scan
            .repairs
            .partition_point(|(r, _)| *r < p || inclusive && *r == p)
    };
    // An item whose end was guessed: what the parser finds wrong in it is a consequence.
    known_bad.extend(
        scan.chunks
            .iter()
            .filter(|c| c.guessed_end)
            .map(|c| file.global(c.start..c.end)),
    );
    known_bad.extend(scan.also_bad.iter().copied());
    let known_bad = KnownBad::new(known_bad);
    let mut p = FileParser {
        file,
        text: &repaired,
        inserted: &inserted,
        errors: &mut errors,
        known_bad: &known_bad,
        last_junk: None,
    };
    let items = scan
        .chunks
        .iter()
        .map(|c| {
            let mut c = c.clone();
            if !inserted.is_empty() {
                c.start = shift(c.start, false);
                c.end = shift(c.end, true);
                if let Some((_, s, e)) = &mut c.name {
                    (*s, *e) = (shift(*s, false), shift(*e, false));
                }
            }
            p.chunk(&c)
        })
        .collect();
    let comments = scan
        .comments
        .iter()
        .map(|&(s, e)| file.global(s..e))
        .collect();
    errors.sort_by_key(primary_span);
    if errors.len() > errors::MAX_ERRORS_PER_FILE {
        let rest = errors.split_off(errors::MAX_ERRORS_PER_FILE);
        if let Some(first) = rest.first() {
            errors.push(SyntaxError::TooMany {
                count: rest.len(),
                span: primary_span(first),
            });
        }
    }
    (
        ast::File {
            file: id,
            items,
            comments,
        },
        errors,
    )
}

/// `text` with `repairs` (file-local positions and closing brackets) inserted, and the
/// positions of the inserted bytes in the result.
fn repair<'t>(text: &'t str, repairs: &[(usize, u8)]) -> (std::borrow::Cow<'t, str>, Vec<usize>) {
    if repairs.is_empty() {
        return (std::borrow::Cow::Borrowed(text), Vec::new());
    }
    let mut out = String::with_capacity(text.len() + repairs.len());
    let mut inserted = Vec::with_capacity(repairs.len());
    let mut from = 0;
    for &(at, close) in repairs {
        // Repairs come in order, each at the end of a token (a char boundary).
        let at = at.clamp(from, text.len());
        out.push_str(text.get(from..at).unwrap_or(""));
        inserted.push(out.len());
        out.push(close as char);
        from = at;
    }
    out.push_str(text.get(from..).unwrap_or(""));
    (std::borrow::Cow::Owned(out), inserted)
}

/// The span a syntax error points at.
pub fn primary_span(e: &SyntaxError) -> Span {
    use SyntaxError::*;
    match e {
        Unexpected { span, .. }
        | Slip { span, .. }
        | UnterminatedString { span }
        | Unclosed { span, .. }
        | Unmatched { span, .. }
        | Mismatched { span, .. }
        | TooDeep { span, .. }
        | InvalidUtf8 { span }
        | NumberTooLarge { span, .. }
        | NumberTooPrecise { span, .. }
        | WeightTooLarge { span, .. }
        | ExpectedItem { span, .. }
        | InvalidEscape { span, .. }
        | TooMany { span, .. }
        | Internal { span, .. } => *span,
    }
}

struct FileParser<'a> {
    file: &'a SourceFile,
    /// The file's text, with a closing bracket inserted for each unclosed one.
    text: &'a str,
    /// The positions of those brackets in `text`.
    inserted: &'a [usize],
    errors: &'a mut Vec<SyntaxError>,
    /// Problems the scanner already reported: a parse error in the same statement is a
    /// consequence, not a new problem, and is not reported again.
    known_bad: &'a KnownBad,
    /// Where the last top-level text that is not an item started: more such text on the same
    /// line is part of the same problem and is not reported again.
    last_junk: Option<usize>,
}

/// The spans of problems the scanner reported, sorted, to ask whether a region holds one in
/// logarithmic time (a file of 500,000 broken lines asks it 500,000 times).
struct KnownBad {
    /// Sorted by start.
    spans: Vec<Span>,
    /// The largest end among `spans[..=i]`.
    max_end: Vec<u32>,
}

impl KnownBad {
    fn new(mut spans: Vec<Span>) -> KnownBad {
        spans.sort_unstable();
        let max_end = spans
            .iter()
            .scan(0, |m, s| {
                *m = (*m).max(s.end);
                Some(*m)
            })
            .collect();
        KnownBad { spans, max_end }
    }

    /// Whether some span overlaps `region` (as [`Span::overlaps`] says).
    fn overlaps(&self, region: Span) -> bool {
        // Spans that start before the region ends and end after it starts.
        let before_end = self.spans.partition_point(|b| b.start < region.end);
        let crossing = before_end
            .checked_sub(1)
            .and_then(|i| self.max_end.get(i))
            .is_some_and(|&end| end > region.start);
        crossing || self.spans.binary_search(&region).is_ok()
    }

    /// Whether some span overlaps `region` or lies within it (an empty one at its edge too).
    fn touches(&self, region: Span) -> bool {
        if self.overlaps(region) {
            return true;
        }
        let from = self.spans.partition_point(|b| b.start < region.start);
        self.spans
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.start <= region.end)
            .any(|b| b.end <= region.end)
    }
}

impl<'a> FileParser<'a> {
    /// Where a slice of [`Self::text`] starting at `start` is.
    fn at(&self, start: usize) -> Positions<'a> {
        Positions {
            file_base: self.file.base,
            start,
            inserted: self.inserted,
        }
    }

    fn global(&self, start: usize, end: usize) -> Span {
        self.at(0).span(start, end)
    }

    fn broken(&self, chunk: &Chunk) -> Item {
        Item::Broken(BrokenItem {
            keyword: chunk.keyword,
            name: chunk.name.as_ref().map(|(n, s, e)| Ident {
                name: n.clone(),
                span: self.global(*s, *e),
            }),
            span: self.global(chunk.start, chunk.end),
        })
    }

    /// Reports why `slice` (starting at file-local `start`) does not parse as `rule`, unless
    /// the scanner already reported a problem inside `region`.
    fn report(&mut self, rule: Rule, slice: &str, start: usize, region: Span) {
        if self.known_bad.touches(region) {
            return;
        }
        if let Some(err) = parser::explain(rule, slice) {
            let at = self.at(start);
            self.errors
                .push(parser::convert_error(rule, &err, slice, at));
        }
    }

    fn chunk(&mut self, chunk: &Chunk) -> Item {
        if chunk.too_deep {
            return self.broken(chunk);
        }
        let text = self.text;
        let slice = &text[chunk.start..chunk.end];
        let at = self.at(chunk.start);
        match parser::parse(Rule::item, slice) {
            Ok(mut pairs) => {
                let Some(pair) = pairs.next() else {
                    return self.broken(chunk);
                };
                let before = self.errors.len();
                let mut b = Builder {
                    at,
                    errors: self.errors,
                };
                let item = b.item(pair).unwrap_or_else(|_| self.broken(chunk));
                if misread_continuation(&item, self.file) {
                    // Read again statement by statement, so that the criterion is reported
                    // as one mistake.
                    self.errors.truncate(before);
                    return self.recover(chunk);
                }
                item
            }
            Err(_) => self.recover(chunk),
        }
    }

    /// Parses a failed item again, header first and then statement by statement.
    fn recover(&mut self, chunk: &Chunk) -> Item {
        let text = self.text;
        let region = self.global(chunk.start, chunk.end);
        let body_rule = match chunk.keyword {
            Some("icp" | "persona") => Rule::statement,
            Some("example") => Rule::example_statement,
            Some("account" | "contact") => Rule::attr_statement,
            _ => {
                let same_line = self.last_junk.is_some_and(|last| {
                    text.as_bytes()
                        .get(last..chunk.start)
                        .is_some_and(|b| !b.iter().any(|&c| c == b'\n' || c == b'\r'))
                });
                self.last_junk = Some(chunk.start);
                if !same_line && !self.known_bad.overlaps(region) {
                    let (found, s, e) = parser::found_token(&text[chunk.start..chunk.end], 0);
                    self.errors.push(SyntaxError::ExpectedItem {
                        found,
                        span: self.global(chunk.start + s, chunk.start + e),
                    });
                }
                return self.broken(chunk);
            }
        };
        let open = Tokens::new(&text[..chunk.end], chunk.start)
            .find(|t| matches!(t.kind, TokKind::Open(_)))
            .filter(|t| t.kind == TokKind::Open(b'{'));
        let Some(open) = open else {
            self.report(
                Rule::item,
                &text[chunk.start..chunk.end],
                chunk.start,
                region,
            );
            return self.broken(chunk);
        };

        // The header, closed with a synthetic `}` so that it parses as an empty item.
        let header = format!("{}}}", &text[chunk.start..open.end]);
        let header_region = self.global(chunk.start, open.end);
        let mut item = match parser::parse(Rule::item, &header) {
            Ok(mut pairs) => {
                let built = pairs.next().map(|pair| {
                    Builder {
                        at: self.at(chunk.start),
                        errors: self.errors,
                    }
                    .item(pair)
                });
                match built {
                    Some(Ok(item)) => item,
                    _ => return self.broken(chunk),
                }
            }
            Err(_) => {
                self.report(Rule::item, &header, chunk.start, header_region);
                return self.broken(chunk);
            }
        };

        let body_end = if text[..chunk.end].ends_with('}') && chunk.end > open.end {
            chunk.end - 1
        } else {
            chunk.end
        };
        for (s, e) in split_statements(text, open.end, body_end) {
            let stmt_text = &text[s..e];
            let region = self.global(s, e);
            match parser::parse(body_rule, stmt_text) {
                Ok(mut pairs) => {
                    let Some(inner) = pairs.next().and_then(|p| p.into_inner().next()) else {
                        continue;
                    };
                    let mut b = Builder {
                        at: self.at(s),
                        errors: self.errors,
                    };
                    match &mut item {
                        Item::Icp(p) | Item::Persona(p) => {
                            if let Ok(st) = b.statement(inner) {
                                p.body.push(st);
                            }
                        }
                        Item::Example(x) => {
                            if let Ok(st) = b.example_statement(inner) {
                                x.body.push(st);
                            }
                        }
                        Item::Schema(x) => {
                            if let Ok(a) = b.attr_decl(inner) {
                                x.attrs.push(a);
                            }
                        }
                        Item::Broken(_) => {}
                    }
                }
                Err(_) => {
                    if !self.recover_block(body_rule, s, e, &mut item) {
                        self.report(body_rule, stmt_text, s, region);
                    }
                }
            }
        }
        set_item_span(&mut item, region);
        item
    }

    /// Parses a failed `score { .. }`, `tiers { .. }` or example record block (file-local
    /// `s..e`) piece by piece and adds what parses to `item`, so that one bad signal, tier or
    /// field does not lose the others (and turn into errors about a missing block). Gives
    /// false when the statement is not such a block or its header does not parse.
    fn recover_block(&mut self, body_rule: Rule, s: usize, e: usize, item: &mut Item) -> bool {
        let text = self.text;
        let toks: Vec<scan::Tok> = Tokens::new(&text[..e], s)
            .filter(|t| !matches!(t.kind, TokKind::Newline | TokKind::Comment))
            .collect();
        let (Some(first), Some(open), Some(close)) = (toks.first(), toks.get(1), toks.last())
        else {
            return false;
        };
        let piece_rule = match (body_rule, first.text(text)) {
            (Rule::statement, "score") => Rule::signal_piece,
            (Rule::statement, "tiers") => Rule::tier_piece,
            (Rule::example_statement, "account" | "contact") => Rule::record_field_piece,
            _ => return false,
        };
        if open.kind != TokKind::Open(b'{') || close.kind != TokKind::Close(b'}') {
            return false;
        }
        // Only a block whose braces match: otherwise the scanner has reported it.
        let mut depth = 0i32;
        for t in toks.iter().skip(1) {
            match t.kind {
                TokKind::Open(_) => depth += 1,
                TokKind::Close(_) => depth -= 1,
                _ => {}
            }
            if depth == 0 && t.start != close.start {
                return false;
            }
        }
        let header = format!("{} }}", &text[s..open.end]);
        let Ok(mut pairs) = parser::parse(body_rule, &header) else {
            return false;
        };
        let Some(inner) = pairs.next().and_then(|p| p.into_inner().next()) else {
            return false;
        };
        let pieces = match piece_rule {
            Rule::signal_piece => split_signals(text, open.end, close.start),
            Rule::record_field_piece => split_items(text, open.end, close.start, true),
            _ => split_items(text, open.end, close.start, false),
        };
        let mut b = Builder {
            at: self.at(s),
            errors: self.errors,
        };
        let block = match &item {
            Item::Example(_) => b.example_statement(inner).map(Block::Example),
            _ => b.statement(inner).map(Block::Profile),
        };
        let Ok(mut block) = block else {
            return false;
        };
        for (ps, pe) in pieces {
            let piece = &text[ps..pe];
            let Ok(mut pairs) = parser::parse(piece_rule, piece) else {
                self.report(piece_rule, piece, ps, self.global(ps, pe));
                continue;
            };
            let Some(inner) = pairs.next().and_then(|p| p.into_inner().next()) else {
                continue;
            };
            let mut b = Builder {
                at: self.at(ps),
                errors: self.errors,
            };
            match &mut block {
                Block::Profile(Statement::Score(score)) => {
                    if let Ok(sig) = b.signal(inner) {
                        score.signals.push(sig);
                    }
                }
                Block::Profile(Statement::Tiers(tiers)) => {
                    if let Ok(tier) = b.tier(inner) {
                        tiers.tiers.push(tier);
                    }
                }
                Block::Example(ExampleStatement::Record(record)) => {
                    if let Ok(field) = b.record_field(inner) {
                        record.fields.push(field);
                    }
                }
                _ => {}
            }
        }
        let span = self.global(s, e);
        match (item, block) {
            (Item::Icp(p) | Item::Persona(p), Block::Profile(mut st)) => {
                match &mut st {
                    Statement::Score(b) => b.span = span,
                    Statement::Tiers(b) => b.span = span,
                    _ => {}
                }
                p.body.push(st);
            }
            (Item::Example(x), Block::Example(mut st)) => {
                if let ExampleStatement::Record(r) = &mut st {
                    r.span = span;
                }
                x.body.push(st);
            }
            _ => {}
        }
        true
    }
}

/// A block statement being rebuilt piece by piece.
enum Block {
    Profile(Statement),
    Example(ExampleStatement),
}

/// Whether a profile's body holds a criterion followed by what the grammar took for a field
/// statement but continues the criterion: a word on the same line (`require industry is
/// saas`, `require x > 5 AND y`, `require x > 5 industry saas`) or a keyword in capitals on the
/// next (`AND uses_sso`).
///
/// A known field's name always starts a field (`require x > 1 summary "s"` is two statements).
/// Otherwise the word continues the criterion when the two read as one statement show a
/// mistake the parser repairs at that word (`AND`, `is`, `contains`); a word close to a field's
/// name is that field misspelt (`summery "s"`, reported with a suggestion by the checker); any
/// other word continues the criterion, which is then reported as one mistake.
fn misread_continuation(item: &Item, file: &SourceFile) -> bool {
    let (Item::Icp(p) | Item::Persona(p)) = item else {
        return false;
    };
    p.body.windows(2).any(|pair| {
        let [
            Statement::Require(c) | Statement::Exclude(c),
            field @ Statement::Field { name, .. },
        ] = pair
        else {
            return false;
        };
        let word = name.name.as_str();
        if NARRATIVE_FIELDS.contains(&word) {
            return false;
        }
        let between = Span::new(c.span.end, name.span.start.max(c.span.end));
        let same_line = !file.slice(between).contains('\n');
        if !(same_line || CONTINUING_WORDS.contains(&word.to_ascii_lowercase().as_str())) {
            return false;
        }
        let both = file.slice(Span::new(c.span.start, field.span().end.max(c.span.start)));
        let name_at = name.span.start.saturating_sub(c.span.start) as usize;
        let repaired_here = parser::stop_position(Rule::statement, both).is_some_and(|at| {
            slips::diagnose(Rule::statement, both, at)
                .is_some_and(|slip| slip.repaired && slip.start == name_at)
        });
        repaired_here || did_you_mean(word, NARRATIVE_FIELDS).is_none()
    })
}

/// The names of the narrative fields (`summary "..."`, `pains [..]`), which the syntax stage
/// needs to tell a field after a criterion from a word that continues it. What each field
/// holds is defined by the checker (`sema/narrative.rs`), whose tests keep its list and this
/// one the same.
pub const NARRATIVE_FIELDS: [&str; 27] = [
    "summary",
    "owner",
    "background",
    "role",
    "titles",
    "reports_to",
    "education",
    "income",
    "location",
    "interests",
    "goals",
    "challenges",
    "pains",
    "motivations",
    "triggers",
    "objections",
    "buying_behaviour",
    "buying_process",
    "budget",
    "channels",
    "communication",
    "messaging",
    "value_proposition",
    "customer_base",
    "competitors",
    "onboarding",
    "notes",
];

fn set_item_span(item: &mut Item, span: Span) {
    match item {
        Item::Schema(b) => b.span = span,
        Item::Icp(b) | Item::Persona(b) => b.span = span,
        Item::Example(b) => b.span = span,
        Item::Broken(b) => b.span = span,
    }
}

/// Words that cannot start a statement: they continue the one before.
const CONTINUING_WORDS: [&str; 10] = [
    "and", "or", "not", "in", "has", "any", "all", "none", "when", "tier",
];

/// Words and operators after which a statement always goes on.
fn continues_after(tok: &scan::Tok, text: &str) -> bool {
    let t = tok.text(text);
    match tok.kind {
        TokKind::Word => {
            CONTINUING_WORDS.contains(&t.to_ascii_lowercase().as_str())
                || matches!(
                    t,
                    "require" | "exclude" | "expect" | "reviewed" | "section" | "for" | "persona"
                )
        }
        // Operators, commas and stray punctuation (`&&`, `=`) all need a right-hand side.
        TokKind::Punct => true,
        TokKind::Open(_) => true,
        _ => false,
    }
}

/// Whether a token always starts a statement: `require`, `exclude`, `reviewed`, `section`,
/// `expect`, and `score {` / `tiers {`.
fn always_starts(tok: &scan::Tok, next: Option<&scan::Tok>, text: &str) -> bool {
    match tok.text(text) {
        "require" | "exclude" | "reviewed" | "section" | "expect" => true,
        "score" | "tiers" => next.is_some_and(|n| n.kind == TokKind::Open(b'{')),
        _ => false,
    }
}

/// Splits the body of a block (file-local `start..end`) into statements: a statement ends at a
/// line break outside brackets, unless the next line starts with a word like `and` or the line
/// ends with an operator that needs more; a statement keyword at the start of a line always
/// starts a new one.
fn split_statements(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    split_lines(text, start, end, false)
}

/// Splits the inside of a `score` block like [`split_statements`]; a line that starts with a
/// name and a weight (`name +10`) always starts a new signal.
fn split_signals(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    split_lines(text, start, end, true)
}

fn split_lines(text: &str, start: usize, end: usize, signals: bool) -> Vec<(usize, usize)> {
    let toks: Vec<scan::Tok> = Tokens::new(&text[..end], start)
        .filter(|t| t.kind != TokKind::Comment)
        .collect();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<(usize, usize)> = None;
    let mut after_newline = false;
    let mut prev: Option<scan::Tok> = None;
    for (i, tok) in toks.iter().enumerate() {
        if tok.kind == TokKind::Newline {
            after_newline |= depth == 0;
            continue;
        }
        let word = tok.text(text);
        let continuing = tok.kind == TokKind::Word
            && CONTINUING_WORDS.contains(&word.to_ascii_lowercase().as_str());
        let starter = !(matches!(tok.kind, TokKind::Close(_) | TokKind::Punct) || continuing);
        let carried = prev.is_some_and(|p| continues_after(&p, text));
        let next = toks.iter().skip(i + 1).find(|t| t.kind != TokKind::Newline);
        let forced = always_starts(tok, next, text)
            || signals
                && tok.kind == TokKind::Word
                && next.is_some_and(|n| {
                    n.kind == TokKind::Word && n.text(text).starts_with(['+', '-'])
                });
        if depth == 0 && after_newline && starter && (!carried || forced) {
            out.extend(current.take());
        }
        match &mut current {
            Some((_, e)) => *e = tok.end,
            None => current = Some((tok.start, tok.end)),
        }
        match tok.kind {
            TokKind::Open(_) => depth += 1,
            TokKind::Close(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        after_newline = false;
        prev = Some(*tok);
    }
    out.extend(current);
    out
}

/// Whether token `i` is a name followed by `:` (a record field begins there).
fn field_follows_at(toks: &[scan::Tok], i: usize, text: &str) -> bool {
    let mut rest = toks.iter().skip(i).filter(|t| t.kind != TokKind::Newline);
    match (rest.next(), rest.next()) {
        (Some(name), Some(colon)) => slips::is_name(name.text(text)) && colon.text(text) == ":",
        _ => false,
    }
}

/// Splits the inside of a `tiers` or record block (file-local `start..end`) into its items:
/// at commas and line breaks outside brackets, and where a name follows a value (the commas
/// between items are optional). In a record (`fields`), a comma ends a field only before
/// another field (`name:`), so that a list written without brackets stays in its field.
fn split_items(text: &str, start: usize, end: usize, fields: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<(usize, usize)> = None;
    let mut prev: Option<scan::Tok> = None;
    let toks: Vec<scan::Tok> = Tokens::new(&text[..end], start)
        .filter(|t| t.kind != TokKind::Comment)
        .collect();
    for (i, &tok) in toks.iter().enumerate() {
        let mut after = toks
            .iter()
            .skip(i + 1)
            .filter(|t| t.kind != TokKind::Newline);
        let field_follows = match (after.next(), after.next()) {
            (Some(name), Some(colon)) => slips::is_name(name.text(text)) && colon.text(text) == ":",
            (None, _) => true,
            _ => false,
        };
        if fields && !field_follows && tok.kind == TokKind::Punct && tok.text(text) == "," {
            match &mut current {
                Some((_, e)) => *e = tok.end,
                None => current = Some((tok.start, tok.end)),
            }
            prev = Some(tok);
            continue;
        }
        let after_value = prev.is_some_and(|p| matches!(p.kind, TokKind::Word | TokKind::Close(_)));
        // In a record only `name:` starts a field; a tier starts at any name.
        let starts_item = !fields || field_follows_at(&toks, i, text);
        if depth == 0
            && tok.kind == TokKind::Word
            && slips::is_name(tok.text(text))
            && after_value
            && starts_item
        {
            out.extend(current.take());
        }
        if !matches!(tok.kind, TokKind::Comment | TokKind::Newline) {
            prev = Some(tok);
        }
        match tok.kind {
            TokKind::Comment => continue,
            TokKind::Newline if depth == 0 => {
                out.extend(current.take());
                continue;
            }
            TokKind::Punct if depth == 0 && tok.text(text) == "," => {
                out.extend(current.take());
                continue;
            }
            TokKind::Newline => continue,
            TokKind::Open(_) => depth += 1,
            TokKind::Close(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match &mut current {
            Some((_, e)) => *e = tok.end,
            None => current = Some((tok.start, tok.end)),
        }
    }
    out.extend(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_split_at_line_breaks_outside_brackets() {
        let text = "{\n require a > 1\n   and b\n pains [\n \"x\",\n ]\n require c in\n [d]\n}";
        let parts: Vec<&str> = split_statements(text, 1, text.len() - 1)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            parts,
            [
                "require a > 1\n   and b",
                "pains [\n \"x\",\n ]",
                "require c in\n [d]"
            ]
        );
    }
}
