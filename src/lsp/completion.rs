//! Completion: what may be typed at the cursor.
//!
//! Takes the text before the cursor and the spec's IR, and gives candidates: attribute names
//! after `require`, `exclude`, `when`, `and`, `or`, `not` and `(`; enum values inside `in [`,
//! `has any [` and after comparison operators; narrative field names and statement keywords at
//! the start of a statement; ICP ids after a persona's `for` and after `expect`; persona ids
//! after `expect persona`; tiers after `tier`; and record fields and values in examples.
//!
//! The text being typed rarely parses, so the context is read from tokens, not from the syntax
//! tree: a small lexer reads the file up to the cursor, finds the top-level item the cursor is
//! in (an item keyword at depth 0 or at the start of a line begins one, as in the scanner), and
//! looks at the open brackets and the last tokens before the word being typed.

use crate::sema::ir::{AttrId, Entity, Spec, Type};
use crate::sema::narrative::{FIELDS, Scope};

/// One completion candidate, in icpl's terms (the conversion layer makes it an LSP item).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub label: String,
    pub kind: CandidateKind,
    /// A short note shown beside the label (a type, a label).
    pub detail: Option<String>,
    /// Documentation in Markdown.
    pub doc: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CandidateKind {
    Attribute,
    Value,
    Field,
    Keyword,
    Icp,
    Persona,
    Tier,
}

/// The item keywords that start a top-level block.
const ITEM_KEYWORDS: [&str; 5] = ["account", "contact", "icp", "persona", "example"];

/// The candidates at byte `offset` of `text` (clamped to the text).
pub fn complete(spec: &Spec, text: &str, offset: usize) -> Vec<Candidate> {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
        .last()
        .map_or(end, |(i, _)| i);
    let Some(tokens) = lex(&before[..word_start]) else {
        return Vec::new(); // in a string or a comment
    };
    let at_line_start = before[..word_start]
        .rsplit('\n')
        .next()
        .is_some_and(|line| line.trim().is_empty());
    let Some(start) = item_start(&tokens) else {
        return if at_line_start {
            ITEM_KEYWORDS.iter().map(|k| keyword(k)).collect()
        } else {
            Vec::new()
        };
    };
    let cx = Context {
        spec,
        toks: tokens.get(start..).unwrap_or_default(),
        at_line_start,
    };
    cx.candidates()
}

/// A token of the text before the cursor.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Punct(&'static str),
    /// A string, number or anything else that only matters as "something".
    Other,
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    /// The token is at column 0.
    column0: bool,
}

const PUNCT2: [&str; 5] = ["==", "!=", "<=", ">=", ".."];
const PUNCT1: [&str; 13] = [
    "{", "}", "[", "]", "(", ")", ",", ":", ".", "<", ">", "+", "-",
];

/// Splits text into tokens; `None` when the text ends inside a string or a comment.
fn lex(text: &str) -> Option<Vec<Token>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut column0 = true;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => {
                column0 = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                column0 = false;
                i += 1;
                continue;
            }
            b'#' => match text[i..].find('\n') {
                Some(n) => {
                    i += n;
                    continue;
                }
                None => return None,
            },
            _ => {}
        }
        let start = i;
        let tok = if b == b'"' {
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return None,
                    Some(b'\\') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(b'\n') => break, // unterminated: the string ends with its line
                    Some(_) => i += 1,
                }
            }
            Tok::Other
        } else if b.is_ascii_alphabetic() || b == b'_' {
            while bytes
                .get(i)
                .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
            {
                i += 1;
            }
            Tok::Ident(text[start..i].to_string())
        } else if b.is_ascii_digit() || b == b'$' {
            i += 1;
            while bytes.get(i).is_some_and(|&c| {
                c.is_ascii_alphanumeric()
                    || c == b'_'
                    || c == b'%'
                    || c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            }) {
                i += 1;
            }
            Tok::Other
        } else if let Some(p) = PUNCT2.iter().find(|p| text[i..].starts_with(**p)) {
            i += 2;
            Tok::Punct(p)
        } else if let Some(p) = PUNCT1.iter().find(|p| text[i..].starts_with(**p)) {
            i += 1;
            Tok::Punct(p)
        } else {
            // Any other character (non-ASCII included) stands alone.
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            Tok::Other
        };
        tokens.push(Token { tok, column0 });
        column0 = false;
    }
    Some(tokens)
}

/// The index of the token that starts the item the cursor is in: the last item keyword at
/// depth 0, or at column 0 (where a new item begins even after an unclosed brace).
fn item_start(tokens: &[Token]) -> Option<usize> {
    let mut depth = 0usize;
    let mut start = None;
    for (i, t) in tokens.iter().enumerate() {
        match &t.tok {
            Tok::Punct("{" | "[" | "(") => depth += 1,
            Tok::Punct("}" | "]" | ")") => {
                depth = depth.saturating_sub(1);
                if depth == 0 && start.is_some() && matches!(t.tok, Tok::Punct("}")) {
                    // The item closed; only a new keyword opens the next one.
                    start = None;
                }
            }
            Tok::Ident(name)
                if ITEM_KEYWORDS.contains(&name.as_str())
                    && (depth == 0 && start.is_none() || t.column0) =>
            {
                depth = 0;
                start = Some(i);
            }
            _ => {}
        }
    }
    start
}

fn keyword(k: &str) -> Candidate {
    Candidate {
        label: k.to_string(),
        kind: CandidateKind::Keyword,
        detail: None,
        doc: None,
    }
}

/// The tokens of the item the cursor is in, with what they mean.
struct Context<'a> {
    spec: &'a Spec,
    toks: &'a [Token],
    at_line_start: bool,
}

impl Context<'_> {
    fn ident(&self, i: usize) -> Option<&str> {
        match &self.toks.get(i)?.tok {
            Tok::Ident(s) => Some(s),
            _ => None,
        }
    }

    fn punct(&self, i: usize) -> Option<&'static str> {
        match self.toks.get(i)?.tok {
            Tok::Punct(p) => Some(p),
            _ => None,
        }
    }

    /// The index of the last token.
    fn last(&self) -> Option<usize> {
        self.toks.len().checked_sub(1)
    }

    /// The brackets still open at the end, innermost last, as token indices.
    fn open_brackets(&self) -> Vec<usize> {
        let mut stack = Vec::new();
        for (i, t) in self.toks.iter().enumerate() {
            match t.tok {
                Tok::Punct("{" | "[" | "(") => stack.push(i),
                Tok::Punct("}" | "]" | ")") => {
                    stack.pop();
                }
                _ => {}
            }
        }
        stack
    }

    fn candidates(&self) -> Vec<Candidate> {
        let kind = self.ident(0).unwrap_or_default();
        let open = self.open_brackets();
        match kind {
            "icp" | "persona" => self.profile(kind == "persona", &open),
            "example" => self.example(&open),
            "account" | "contact" => {
                let last = self.last().and_then(|i| self.punct(i));
                if open.len() == 1 && last == Some(":") {
                    ["int", "money", "percent", "bool", "enum", "ordered", "set"]
                        .iter()
                        .map(|k| keyword(k))
                        .collect()
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        }
    }

    fn profile(&self, persona: bool, open: &[usize]) -> Vec<Candidate> {
        let entities: &[Entity] = if persona {
            &[Entity::Contact, Entity::Account]
        } else {
            &[Entity::Account]
        };
        let Some(&body) = open.first() else {
            // The header: `persona id "Name" for a, b`.
            let for_at = (0..self.toks.len()).find(|&i| self.ident(i) == Some("for"));
            let last = self.last();
            return match (persona, for_at, last) {
                (true, Some(f), Some(l)) if l == f || self.punct(l) == Some(",") => {
                    let named: Vec<&str> = (f + 1..self.toks.len())
                        .filter_map(|i| self.ident(i))
                        .collect();
                    self.icps(&named)
                }
                _ => Vec::new(),
            };
        };
        if let Some(found) = self.after_operator(entities, open) {
            return found;
        }
        let Some(last) = self.last() else {
            return Vec::new();
        };
        if persona && self.ident(last) == Some("role") {
            return self
                .spec
                .contact
                .find("decision_role")
                .map(|id| self.values(id, &[]))
                .unwrap_or_default();
        }
        if open == [body] && self.at_line_start {
            let mut out: Vec<Candidate> = ["require", "exclude"]
                .iter()
                .chain(if persona {
                    &["reviewed", "section"][..]
                } else {
                    &["score", "tiers", "reviewed", "section"][..]
                })
                .map(|k| keyword(k))
                .collect();
            let scope = if persona { Scope::Persona } else { Scope::Icp };
            out.extend(
                FIELDS
                    .iter()
                    .filter(|f| f.scope == Scope::Both || f.scope == scope)
                    .map(|f| Candidate {
                        label: f.name.to_string(),
                        kind: CandidateKind::Field,
                        detail: Some(f.heading.to_string()),
                        doc: Some(f.doc.to_string()),
                    }),
            );
            return out;
        }
        Vec::new()
    }

    fn example(&self, open: &[usize]) -> Vec<Candidate> {
        let Some(&body) = open.first() else {
            return Vec::new();
        };
        // Inside a record: `account { field: value, ... }`.
        if let Some(&record) = open.get(1) {
            let entity = match record.checked_sub(1).and_then(|i| self.ident(i)) {
                Some("account") => Entity::Account,
                Some("contact") => Entity::Contact,
                _ => return Vec::new(),
            };
            let schema = self.spec.schema(entity);
            let last = self.toks.len() - 1;
            let field_value = |colon: usize| {
                let field = colon.checked_sub(1).and_then(|i| self.ident(i))?;
                schema.find(field)
            };
            if let Some(&list) = open.get(2) {
                // A set's list: `tech_stack: [a, b, `.
                let listed = self.listed(list);
                return list
                    .checked_sub(1)
                    .filter(|&c| self.punct(c) == Some(":"))
                    .and_then(field_value)
                    .map(|id| self.values(id, &listed))
                    .unwrap_or_default();
            }
            return match self.punct(last) {
                Some(":") => field_value(last)
                    .map(|id| self.values(id, &[]))
                    .unwrap_or_default(),
                Some("{" | ",") => self.attributes(&[entity]),
                _ if self.at_line_start => self.attributes(&[entity]),
                _ => Vec::new(),
            };
        }
        if open != [body] {
            return Vec::new();
        }
        if self.at_line_start {
            return ["account", "contact", "expect"]
                .iter()
                .map(|k| keyword(k))
                .collect();
        }
        let Some(last) = self.last() else {
            return Vec::new();
        };
        let expect_at = (body + 1..self.toks.len())
            .rev()
            .find(|&i| self.ident(i) == Some("expect"));
        if let Some(e) = expect_at {
            let words: Vec<&str> = (e + 1..self.toks.len())
                .filter_map(|i| self.ident(i))
                .collect();
            match words[..] {
                [] => {
                    let mut out = vec![keyword("not"), keyword("persona")];
                    out.extend(self.icps(&[]));
                    return out;
                }
                ["not"] => {
                    let mut out = vec![keyword("persona")];
                    out.extend(self.icps(&[]));
                    return out;
                }
                ["persona"] | ["not", "persona"] => return self.personas(),
                [icp, "tier"] | ["not", icp, "tier"] => return self.tiers(icp),
                [_] | ["not", _] if self.ident(last).is_some() => return vec![keyword("tier")],
                _ => {}
            }
        }
        Vec::new()
    }

    /// Candidates right after an operator of a criterion, or inside a list of values.
    fn after_operator(&self, entities: &[Entity], open: &[usize]) -> Option<Vec<Candidate>> {
        let last = self.last()?;
        // Inside `[`: the values of the attribute before `in` or `has any|all|none`.
        if let Some(&list) = open.last()
            && self.punct(list) == Some("[")
        {
            let listed = self.listed(list);
            let attr = match list.checked_sub(1).and_then(|i| self.ident(i)) {
                Some("in") => {
                    let before = list - 1;
                    let at = if before > 0 && self.ident(before - 1) == Some("not") {
                        before - 1
                    } else {
                        before
                    };
                    self.attr_before(at, entities)
                }
                Some("any" | "all" | "none") => list
                    .checked_sub(2)
                    .filter(|&has| self.ident(has) == Some("has"))
                    .and_then(|has| self.attr_before(has, entities)),
                _ => None,
            };
            // A narrative list, or a list whose attribute is unknown.
            return Some(attr.map(|id| self.values(id, &listed)).unwrap_or_default());
        }
        match &self.toks.get(last)?.tok {
            Tok::Ident(w)
                if matches!(w.as_str(), "require" | "exclude" | "when" | "and" | "or") =>
            {
                Some(self.attributes(entities))
            }
            Tok::Ident(w) if w == "not" => {
                // `x not |` continues with `in`; `require not |` with an attribute.
                if self.attr_before(last, entities).is_some() {
                    Some(vec![keyword("in")])
                } else {
                    Some(self.attributes(entities))
                }
            }
            Tok::Punct("(") => Some(self.attributes(entities)),
            Tok::Punct(".") => {
                let entity = match last.checked_sub(1).and_then(|i| self.ident(i)) {
                    Some("account") => Entity::Account,
                    Some("contact") => Entity::Contact,
                    _ => return Some(Vec::new()),
                };
                Some(self.attributes_of(entity, false))
            }
            Tok::Ident(w) if w == "has" => {
                let id = self.attr_before(last, entities)?;
                let mut out = vec![keyword("any"), keyword("all"), keyword("none")];
                out.extend(self.values(id, &[]));
                Some(out)
            }
            Tok::Ident(w) if w == "in" => {
                // `seniority in manager..vp`: an ordered range starts with a value.
                let at = if last > 0 && self.ident(last - 1) == Some("not") {
                    last - 1
                } else {
                    last
                };
                let id = self.attr_before(at, entities)?;
                Some(match &self.spec.attr(id).ty {
                    Type::Enum(e) if e.ordered => self.values(id, &[]),
                    _ => Vec::new(),
                })
            }
            Tok::Punct("==" | "!=" | "<" | "<=" | ">" | ">=") => {
                let id = self.attr_before(last, entities)?;
                Some(match &self.spec.attr(id).ty {
                    Type::Enum(_) => self.values(id, &[]),
                    Type::Bool => vec![keyword("true"), keyword("false")],
                    _ => Vec::new(),
                })
            }
            Tok::Punct("..") => {
                // `x in low..`: the range's attribute is before `in`.
                let in_at = last
                    .checked_sub(2)
                    .filter(|&i| self.ident(i) == Some("in"))?;
                let at = if in_at > 0 && self.ident(in_at - 1) == Some("not") {
                    in_at - 1
                } else {
                    in_at
                };
                let id = self.attr_before(at, entities)?;
                Some(self.values(id, &[]))
            }
            _ => None,
        }
    }

    /// The attribute named right before token `at` (`employees`, or `account.employees`).
    fn attr_before(&self, at: usize, entities: &[Entity]) -> Option<AttrId> {
        let name = self.ident(at.checked_sub(1)?)?;
        let qualifier = at
            .checked_sub(3)
            .filter(|&q| self.punct(q + 1) == Some("."))
            .and_then(|q| self.ident(q));
        match qualifier {
            Some("account") => self.spec.account.find(name),
            Some("contact") => self.spec.contact.find(name),
            _ => entities
                .iter()
                .find_map(|&e| self.spec.schema(e).find(name)),
        }
    }

    /// The names already listed after the bracket at `open`.
    fn listed(&self, open: usize) -> Vec<&str> {
        (open + 1..self.toks.len())
            .filter_map(|i| self.ident(i))
            .collect()
    }

    /// Attribute names for a block that reads `entities`. A name both schemas declare is
    /// offered qualified when the block reads both (unqualified, it would be ambiguous).
    fn attributes(&self, entities: &[Entity]) -> Vec<Candidate> {
        let both = entities.len() > 1;
        let mut out = Vec::new();
        for &e in entities {
            out.extend(self.attributes_of(e, both));
        }
        out
    }

    fn attributes_of(&self, entity: Entity, qualify_shared: bool) -> Vec<Candidate> {
        let other = match entity {
            Entity::Account => &self.spec.contact,
            Entity::Contact => &self.spec.account,
        };
        self.spec
            .schema(entity)
            .attrs
            .iter()
            .map(|a| {
                let label = if qualify_shared && other.find(&a.name).is_some() {
                    format!("{}.{}", entity.as_str(), a.name)
                } else {
                    a.name.clone()
                };
                Candidate {
                    label,
                    kind: CandidateKind::Attribute,
                    detail: Some(format!("{} {}", entity.as_str(), a.ty.name())),
                    doc: a.label.clone(),
                }
            })
            .collect()
    }

    /// The values of an attribute (or `true`/`false`), leaving out those already listed.
    fn values(&self, id: AttrId, listed: &[&str]) -> Vec<Candidate> {
        let attr = self.spec.attr(id);
        let Some(values) = attr.ty.values() else {
            return match attr.ty {
                Type::Bool => vec![keyword("true"), keyword("false")],
                _ => Vec::new(),
            };
        };
        (0..values.values.len() as u32)
            .filter(|&v| !listed.contains(&values.name(v)))
            .map(|v| Candidate {
                label: values.name(v).to_string(),
                kind: CandidateKind::Value,
                detail: Some(format!("{}.{}", id.entity.as_str(), attr.name)),
                doc: Some(values.display(v)),
            })
            .collect()
    }

    fn icps(&self, named: &[&str]) -> Vec<Candidate> {
        self.spec
            .icps
            .iter()
            .filter(|i| !named.contains(&i.id.as_str()))
            .map(|i| Candidate {
                label: i.id.clone(),
                kind: CandidateKind::Icp,
                detail: Some(i.name.clone()),
                doc: i.summary.clone(),
            })
            .collect()
    }

    fn personas(&self) -> Vec<Candidate> {
        self.spec
            .personas
            .iter()
            .map(|p| Candidate {
                label: p.id.clone(),
                kind: CandidateKind::Persona,
                detail: Some(p.name.clone()),
                doc: p.summary.clone(),
            })
            .collect()
    }

    fn tiers(&self, icp: &str) -> Vec<Candidate> {
        self.spec
            .icp(icp)
            .map(|(_, i)| {
                i.tiers
                    .iter()
                    .map(|t| Candidate {
                        label: t.name.clone(),
                        kind: CandidateKind::Tier,
                        detail: t.min_score.map(|m| format!("score ≥ {m}")),
                        doc: None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const SCHEMA: &str = "account {\n  industry: enum { saas, fintech }\n  employees: int\n  region: enum { emea { uk, germany }, apac { japan } }\n  tech_stack: set { snowflake, hubspot }\n  uses_sso: bool\n}\ncontact {\n  seniority: ordered enum { manager, director, vp }\n  region: enum { emea { uk, germany }, apac { japan } }\n  decision_role: enum { champion, user }\n}\nicp base \"Base\" {\n  require employees > 5\n}\n";

    fn labels(text: &str) -> Vec<String> {
        let full = format!("{SCHEMA}{text}");
        let loaded = crate::source::load_texts(
            Path::new("/spec"),
            vec![("a.icp".to_string(), full.clone())],
        );
        let comp = crate::compile::compile(loaded);
        complete(&comp.spec, &full, full.len())
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn attributes_after_require() {
        let got = labels("icp x {\n  require ");
        assert_eq!(
            got,
            ["industry", "employees", "region", "tech_stack", "uses_sso"]
        );
        let got = labels("icp x {\n  require employees > 5 and emp");
        assert!(got.contains(&"employees".to_string()));
    }

    #[test]
    fn persona_attributes_qualify_shared_names() {
        let got = labels("persona p for base {\n  require ");
        assert!(got.contains(&"contact.region".to_string()), "{got:?}");
        assert!(got.contains(&"account.region".to_string()), "{got:?}");
        assert!(got.contains(&"seniority".to_string()));
        assert!(!got.contains(&"region".to_string()));
    }

    #[test]
    fn values_in_lists_skip_listed_ones() {
        assert_eq!(
            labels("icp x {\n  require industry in [saas, "),
            ["fintech"]
        );
        assert_eq!(
            labels("icp x {\n  require tech_stack has any ["),
            ["snowflake", "hubspot"]
        );
        assert_eq!(
            labels("persona p {\n  require seniority >= "),
            ["manager", "director", "vp"]
        );
        assert_eq!(labels("icp x {\n  require uses_sso == "), ["true", "false"]);
        assert_eq!(labels("icp x {\n  pains ["), Vec::<String>::new());
    }

    #[test]
    fn statement_starts_offer_keywords_and_fields() {
        let got = labels("icp x {\n  ");
        assert!(got.contains(&"require".to_string()));
        assert!(got.contains(&"customer_base".to_string()));
        assert!(!got.contains(&"titles".to_string()));
        let got = labels("persona x {\n  ti");
        assert!(got.contains(&"titles".to_string()));
        assert!(!got.contains(&"score".to_string()));
    }

    #[test]
    fn ids_after_for_and_expect() {
        assert_eq!(labels("persona p \"P\" for "), ["base"]);
        assert_eq!(labels("persona p for base, "), Vec::<String>::new());
        let got = labels("example \"e\" {\n  expect ");
        assert_eq!(got, ["not", "persona", "base"]);
        assert_eq!(labels("persona p { role "), ["champion", "user"]);
    }

    #[test]
    fn record_fields_and_values() {
        let got = labels("example \"e\" {\n  account { industry: ");
        assert_eq!(got, ["saas", "fintech"]);
        let got = labels("example \"e\" {\n  contact { ");
        assert_eq!(got, ["seniority", "region", "decision_role"]);
        let got = labels("example \"e\" {\n  account { tech_stack: [hubspot, ");
        assert_eq!(got, ["snowflake"]);
    }

    #[test]
    fn nothing_inside_strings_and_comments() {
        assert!(labels("icp x {\n  summary \"require ").is_empty());
        assert!(labels("icp x {\n  # require ").is_empty());
    }

    #[test]
    fn item_keywords_at_top_level() {
        assert_eq!(labels(""), ITEM_KEYWORDS);
    }
}
