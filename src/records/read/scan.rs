//! A JSON scanner over the text of one line (RFC 8259), for reading records without building a
//! tree: values are read where the record needs them and skipped (but still checked) where it
//! does not. Numbers are handed over as their text, so they are read exactly. Nothing recurses:
//! nested values are skipped with an explicit stack, so no input can overflow the stack.

use std::borrow::Cow;

use crate::diagnostics::escape::is_unsafe;

/// A syntax error: where in the line (a byte offset) and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: usize,
    pub message: String,
}

/// The kind of value that starts at the scanner's position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// A scanner over one line of text.
pub struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Scanner<'a> {
        Scanner { text, at: 0 }
    }

    /// The byte offset of the next character.
    pub fn at(&self) -> usize {
        self.at
    }

    /// The text between two offsets (empty when they do not fall on character boundaries).
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default()
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            at: self.at,
            message: message.into(),
        }
    }

    /// Skips white space.
    pub fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Whether the whole line has been read.
    pub fn at_end(&self) -> bool {
        self.at >= self.text.len()
    }

    /// Consumes `b` (after white space) if it is next.
    pub fn eat(&mut self, b: u8) -> bool {
        self.ws();
        if self.peek() == Some(b) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Consumes `b` (after white space), or fails saying what was expected.
    pub fn expect(&mut self, b: u8, what: &str) -> Result<(), SyntaxError> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(self.unexpected(what))
        }
    }

    /// An error naming what was found instead of `what`.
    pub fn unexpected(&self, what: &str) -> SyntaxError {
        let found = match self.text.get(self.at..).and_then(|r| r.chars().next()) {
            None => "the end of the line".to_string(),
            Some(c) if c.is_control() => format!("the control character U+{:04X}", c as u32),
            // Bidirectional controls and line separators reorder or break the message on a
            // terminal: named by their code, as the control characters are.
            Some(c) if is_unsafe(c) => format!("the character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        };
        self.error(format!("expected {what}, found {found}"))
    }

    /// The kind of the value that starts next (after white space).
    pub fn kind(&mut self) -> Result<Kind, SyntaxError> {
        self.ws();
        Ok(match self.peek() {
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b'"') => Kind::String,
            Some(b'-' | b'0'..=b'9') => Kind::Number,
            Some(b't') => Kind::True,
            Some(b'f') => Kind::False,
            Some(b'n') => Kind::Null,
            _ => return Err(self.unexpected("a JSON value")),
        })
    }

    /// Reads `true`, `false` or `null` (whichever [`Scanner::kind`] announced).
    pub fn literal(&mut self, kind: Kind) -> Result<(), SyntaxError> {
        let word = match kind {
            Kind::True => "true",
            Kind::False => "false",
            _ => "null",
        };
        if self
            .text
            .get(self.at..)
            .is_some_and(|r| r.starts_with(word))
        {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.unexpected("a JSON value"))
        }
    }

    /// Reads a number and gives its text.
    pub fn number(&mut self) -> Result<&'a str, SyntaxError> {
        let start = self.at;
        let digits = |s: &mut Scanner<'_>| {
            let from = s.at;
            while let Some(b'0'..=b'9') = s.peek() {
                s.at += 1;
            }
            s.at - from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.unexpected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if digits(self) == 0 {
                return Err(self.unexpected("a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.unexpected("a digit in the exponent"));
            }
        }
        Ok(self.slice(start, self.at))
    }

    /// Reads a string and gives its content: borrowed when it has no escapes.
    pub fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a string"));
        }
        self.at += 1;
        let start = self.at;
        let bytes = self.text.as_bytes();
        // The plain run up to the closing quote or the first escape.
        while let Some(&b) = bytes.get(self.at) {
            match b {
                b'"' => {
                    let s = self.slice(start, self.at);
                    self.at += 1;
                    return Ok(Cow::Borrowed(s));
                }
                b'\\' => break,
                0..=0x1f => return Err(self.control()),
                _ => self.at += 1,
            }
        }
        let mut out = String::from(self.slice(start, self.at));
        loop {
            let run = self.at;
            while let Some(&b) = bytes.get(self.at) {
                match b {
                    b'"' | b'\\' => break,
                    0..=0x1f => return Err(self.control()),
                    _ => self.at += 1,
                }
            }
            out.push_str(self.slice(run, self.at));
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
                _ => return Err(self.unexpected("`\"` to close the string")),
            }
        }
    }

    fn control(&self) -> SyntaxError {
        self.error(
            "a control character in a string must be written as an escape (such as \\n or \\u0007)",
        )
    }

    /// Reads one escape (after its backslash) into `out`.
    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                let high = self.hex4()?;
                let code = if (0xd800..0xdc00).contains(&high) {
                    let low_at = self.at;
                    if self
                        .text
                        .get(self.at..)
                        .is_some_and(|r| r.starts_with("\\u"))
                    {
                        self.at += 2;
                        let low = self.hex4()?;
                        if !(0xdc00..0xe000).contains(&low) {
                            self.at = low_at;
                            return Err(self.error("a lone surrogate in a \\u escape"));
                        }
                        0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)
                    } else {
                        return Err(self.error("a lone surrogate in a \\u escape"));
                    }
                } else if (0xdc00..0xe000).contains(&high) {
                    return Err(self.error("a lone surrogate in a \\u escape"));
                } else {
                    high
                };
                out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                return Ok(());
            }
            _ => return Err(self.unexpected("an escape such as \\n, \\\" or \\u0041")),
        };
        self.at += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.unexpected("four hexadecimal digits")),
            };
            v = v * 16 + u32::from(d);
            self.at += 1;
        }
        Ok(v)
    }

    /// Skips one value of any kind, checking its syntax, without recursing: `stack` holds
    /// whether each open container is an object.
    pub fn skip(&mut self, stack: &mut Vec<bool>) -> Result<(), SyntaxError> {
        stack.clear();
        loop {
            // A value.
            match self.kind()? {
                Kind::Object => {
                    self.at += 1;
                    if !self.eat(b'}') {
                        stack.push(true);
                        self.key()?;
                        continue;
                    }
                }
                Kind::Array => {
                    self.at += 1;
                    if !self.eat(b']') {
                        stack.push(false);
                        continue;
                    }
                }
                Kind::String => {
                    self.string()?;
                }
                Kind::Number => {
                    self.number()?;
                }
                k => self.literal(k)?,
            }
            // What follows it: close containers until one goes on.
            loop {
                let Some(&object) = stack.last() else {
                    return Ok(());
                };
                if self.eat(b',') {
                    if object {
                        self.key()?;
                    }
                    break;
                }
                let close = if object { b'}' } else { b']' };
                if !self.eat(close) {
                    return Err(self.unexpected(if object { "`,` or `}`" } else { "`,` or `]`" }));
                }
                stack.pop();
            }
        }
    }

    /// Reads a member name and its colon, and gives the name.
    pub fn key(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.ws();
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a member name in double quotes"));
        }
        let name = self.string()?;
        self.expect(b':', "`:` after the member name")?;
        Ok(name)
    }
}

/// The 1-based column (in characters) of a byte offset of a line.
pub fn column(text: &str, at: usize) -> u64 {
    let prefix = text.as_bytes().get(..at).unwrap_or(text.as_bytes());
    1 + prefix.iter().filter(|&&b| (b & 0xc0) != 0x80).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What was found instead of a value is named so that a terminal shows it as it is: a
    /// control character, a bidirectional control or a line separator by its code.
    #[test]
    fn what_was_found_is_named_safely() {
        for (text, found) in [
            ("\u{202e}x", "found the character U+202E"),
            ("\u{2028}", "found the character U+2028"),
            ("\u{1b}[2J", "found the control character U+001B"),
            ("é", "found `é`"),
        ] {
            let mut s = Scanner::new(text);
            let mut stack = Vec::new();
            let message = match s.skip(&mut stack) {
                Err(e) => e.message,
                Ok(()) => panic!("{text:?} read as a JSON value"),
            };
            assert!(message.contains(found), "{text:?}: {message}");
            assert!(!message.chars().any(is_unsafe), "{text:?}: {message:?}");
        }
    }

    /// Whether the scanner reads `text` as exactly one JSON value.
    fn accepts(text: &str) -> bool {
        let mut s = Scanner::new(text);
        let mut stack = Vec::new();
        s.skip(&mut stack).is_ok() && {
            s.ws();
            s.at_end()
        }
    }

    /// JSON values of every kind, nested.
    fn value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value as J;
        let leaf = prop_oneof![
            Just(J::Null),
            any::<bool>().prop_map(J::Bool),
            any::<i64>().prop_map(J::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(J::from),
            ".*".prop_map(J::String),
            "[\u{0}-\u{1f}\"\\\\\u{7f}\u{2028}\u{1F600}a]{0,6}".prop_map(J::String),
        ];
        leaf.prop_recursive(4, 32, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(J::Array),
                prop::collection::vec((".{0,4}", inner), 0..5)
                    .prop_map(|m| J::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        /// Every JSON text serde_json writes (compact or with spaces) is read whole.
        #[test]
        fn reads_what_serde_json_writes(v in value(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&v).unwrap_or_default().replace('\n', " ")
            } else {
                serde_json::to_string(&v).unwrap_or_default()
            };
            prop_assert!(accepts(&text), "{}", text);
        }

        /// On broken text (a value with one character deleted, inserted or replaced), the
        /// scanner accepts exactly what serde_json accepts.
        #[test]
        fn agrees_with_serde_json_on_broken_text(
            v in value(),
            at in any::<prop::sample::Index>(),
            edit in 0u8..3,
            c in prop::sample::select(vec!['{', '}', '[', ']', ',', ':', '"', '\\', '-', '.', 'e', '0', '1', 'u', 't', 'n', ' ', '\u{1}', 'é']),
        ) {
            let mut chars: Vec<char> = serde_json::to_string(&v).unwrap_or_default().chars().collect();
            let i = at.index(chars.len() + 1);
            match edit {
                0 if i < chars.len() => { chars.remove(i); }
                1 => chars.insert(i, c),
                _ if i < chars.len() => chars[i] = c,
                _ => chars.push(c),
            }
            let text: String = chars.into_iter().collect();
            let serde = serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok();
            prop_assert_eq!(accepts(&text), serde, "{}", text);
        }
    }

    #[test]
    fn strings_are_unescaped_and_numbers_kept_as_text() {
        let mut s = Scanner::new(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00" -12.5e+3"#);
        assert_eq!(
            s.string().ok().as_deref(),
            Some("a\"b\\c/d\u{8}\u{c}\n\r\té😀")
        );
        s.ws();
        assert_eq!(s.number().ok(), Some("-12.5e+3"));
        for bad in [
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\ud83d\u0041""#,
            r#""\x""#,
            r#""\u12g4""#,
            "\"a\u{1}b\"",
            r#""open"#,
        ] {
            assert!(Scanner::new(bad).string().is_err(), "{bad}");
        }
        for bad in ["01", "-", "1.", ".5", "1e", "1e+", "+1", "--1"] {
            assert!(!accepts(bad), "{bad}");
        }
    }

    /// Deep nesting is skipped without recursion.
    #[test]
    fn skips_deep_nesting_without_recursing() {
        let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
        assert!(accepts(&deep));
        let deep = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
        assert!(accepts(&deep));
        assert!(!accepts(&"[".repeat(100_000)));
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(column("abc", 0), 1);
        assert_eq!(column("abc", 2), 3);
        assert_eq!(column("é日x", "é日".len()), 3);
    }
}
