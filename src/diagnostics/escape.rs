//! Making text from specs and records safe to show on a terminal.
//!
//! A spec or a record file can hold characters that a terminal acts on instead of showing:
//! escape sequences (`ESC [ 2 J` clears the screen, others retitle the window or forge links),
//! a carriage return that draws over the line, a bell, and the Unicode bidirectional controls
//! that make text read in another order than it is stored ("Trojan Source"). Every human
//! output that quotes such text passes it through [`escape`], which writes each of them as a
//! visible escape (`\u{1b}`, `\r`) and leaves everything else as it is. JSON and SARIF encode
//! control characters by themselves and do not need it.

use std::borrow::Cow;

/// Whether a character is written escaped by [`escape`]: C0 controls except tab and line feed,
/// DEL, C1 controls, the Unicode line and paragraph separators, and the bidirectional controls
/// (ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI).
pub fn is_unsafe(c: char) -> bool {
    match c {
        '\t' | '\n' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// The text with every character that [`is_unsafe`] written as a visible escape: `\r`, `\0`,
/// or `\u{..}` with its code in lower-case hexadecimal. Tabs and line breaks are kept, so
/// messages of several lines stay as they are. Text without such characters is borrowed.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// [`escape`], and line breaks and tabs too: for text quoted inside a one-line message (a
/// record value, a column name, a path), which can then neither drive a terminal nor start a
/// line that looks like another message.
pub fn escape_line(text: &str) -> Cow<'_, str> {
    let quoted = |c: char| c == '\n' || c == '\t' || is_unsafe(c);
    if !text.chars().any(quoted) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => push_escaped(&mut out, c),
        }
    }
    Cow::Owned(out)
}

/// Appends one character to `out`, escaped when [`is_unsafe`].
pub fn push_escaped(out: &mut String, c: char) {
    match c {
        '\r' => out.push_str("\\r"),
        '\0' => out.push_str("\\0"),
        c if is_unsafe(c) => {
            use std::fmt::Write;
            // Writing to a `String` cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_control_and_bidi_character_and_nothing_else() {
        for code in 0..=0x10ffff_u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let s = c.to_string();
            let out = escape(&s);
            if is_unsafe(c) {
                assert!(out.starts_with('\\'), "{code:x} not escaped: {out:?}");
                assert!(!out.chars().any(is_unsafe), "{code:x}: {out:?}");
            } else {
                assert_eq!(out, s, "{code:x} changed");
            }
        }
    }

    #[test]
    fn writes_visible_escapes() {
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape("x\ry\u{7}"), "x\\ry\\u{7}");
        assert_eq!(escape("\u{202e}cod\u{2066}"), "\\u{202e}cod\\u{2066}");
        assert_eq!(escape("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(escape("tab\tand\nline é😀"), "tab\tand\nline é😀");
        assert!(matches!(escape("plain"), Cow::Borrowed("plain")));
    }
}
