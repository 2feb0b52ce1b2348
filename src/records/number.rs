//! Numbers as record files write them, read at the level of their text: digit grouping, a
//! decimal point or comma, `$`, `%` and a `k`/`M`/`B` suffix are checked here and turned into
//! the plain form [`crate::num::parse_decimal`] reads (`-80.5M`), which gives the value.
//!
//! Nothing is guessed. The decimal mark is a point unless the user says the file writes a
//! comma (`--decimal-comma`, or `decimal-comma = true` under `[match]`). A grouping character
//! (`,` with a decimal point; `.` with a decimal comma; `_`, a space, a no-break space or an
//! apostrophe with either) is accepted only where it separates thousands: a first group of one
//! to three digits that does not start with `0`, then groups of exactly three, all with the
//! same character, before the decimal mark only. Anything else (`80,5M` or `12,00` with a
//! decimal point, `12.5` with a decimal comma, `1,000 000`) is reported with a help that says
//! which convention would read it.
//!
//! JSON numbers are JSON's own notation and are read by [`crate::num::parse_json_number`].

use std::fmt;

use super::shown;

/// The character that starts the fraction of a number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DecimalMark {
    /// `1,234.5` (the default).
    #[default]
    Point,
    /// `1.234,5`: only when the user says so.
    Comma,
}

impl DecimalMark {
    fn char(self) -> char {
        match self {
            DecimalMark::Point => '.',
            DecimalMark::Comma => ',',
        }
    }
}

/// The longest plain form read (sign, digits, point and suffix); longer numbers are reported.
const MAX_PLAIN: usize = 80;

/// A number in the plain form `parse_decimal` reads: an optional `-`, digits, optionally a
/// point and more digits, optionally a `k`/`M`/`B` suffix. Kept on the stack.
#[derive(Clone, Copy)]
pub struct Plain {
    buf: [u8; MAX_PLAIN],
    len: usize,
}

impl Plain {
    fn new() -> Plain {
        Plain {
            buf: [0; MAX_PLAIN],
            len: 0,
        }
    }

    fn push(&mut self, b: u8) -> Result<(), Problem> {
        let slot = self.buf.get_mut(self.len).ok_or(Problem::TooLong)?;
        *slot = b;
        self.len += 1;
        Ok(())
    }

    /// The plain text (ASCII by construction).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

impl fmt::Debug for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

/// A number read from a cell: its plain form and the signs written around it.
#[derive(Clone, Copy, Debug)]
pub struct Written {
    pub plain: Plain,
    /// Written with `$`.
    pub dollar: bool,
    /// Written with `%`.
    pub percent: bool,
}

/// Why a number's text cannot be read for certain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a number at all.
    NotANumber,
    /// A separator that may mean two things, or that breaks the grouping rules: what is wrong
    /// and what would read it.
    Ambiguous { message: String, help: String },
    /// More digits than a number may have.
    TooLong,
}

/// The kinds of grouping character; a number uses one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    Comma,
    Point,
    Underscore,
    Space,
    Apostrophe,
}

impl Group {
    fn of(c: char, mark: DecimalMark) -> Option<Group> {
        match (c, mark) {
            (',', DecimalMark::Point) => Some(Group::Comma),
            ('.', DecimalMark::Comma) => Some(Group::Point),
            ('_', _) => Some(Group::Underscore),
            // A space, a no-break space, a narrow no-break space, a thin space.
            (' ' | '\u{a0}' | '\u{202f}' | '\u{2009}', _) => Some(Group::Space),
            ('\'' | '\u{2019}', _) => Some(Group::Apostrophe),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Group::Comma => "`,`",
            Group::Point => "`.`",
            Group::Underscore => "`_`",
            Group::Space => "a space",
            Group::Apostrophe => "an apostrophe",
        }
    }
}

/// The help for a comma that does not group thousands under a decimal point.
const COMMA_HELP: &str = "if this file writes decimals with a comma, pass --decimal-comma (or set `decimal-comma = true` under [match] in icpl.toml)";

/// The help for a point that does not group thousands under a decimal comma.
const POINT_HELP: &str = "with --decimal-comma, the fraction follows a comma (12,5) and a point separates groups of three digits (1.500.000)";

/// The sign, `$`, `%` and suffix around a number's digits.
struct Around<'a> {
    digits: &'a str,
    negative: bool,
    dollar: bool,
    percent: bool,
    suffix: Option<u8>,
}

/// Splits the signs and suffixes off a number: `-$80,5M` → `-`, `$`, `80,5`, `M`. A sign and
/// a `$` come in either order (`-$5`, `$-5`); white space may follow them and precede the
/// suffix and `%`.
fn around(text: &str) -> Around<'_> {
    let mut s = text.trim();
    let (mut negative, mut signed, mut dollar) = (false, false, false);
    for _ in 0..2 {
        if !signed && let Some(rest) = s.strip_prefix(['-', '+']) {
            negative = s.starts_with('-');
            signed = true;
            s = rest.trim_start();
        } else if !dollar && let Some(rest) = s.strip_prefix('$') {
            dollar = true;
            s = rest.trim_start();
        }
    }
    let percent = match s.strip_suffix('%') {
        Some(rest) => {
            s = rest.trim_end();
            true
        }
        None => false,
    };
    let suffix = match s.as_bytes().last() {
        Some(&x @ (b'k' | b'M' | b'B')) => {
            s = s.get(..s.len() - 1).unwrap_or_default().trim_end();
            Some(x)
        }
        _ => None,
    };
    Around {
        digits: s,
        negative,
        dollar,
        percent,
        suffix,
    }
}

/// Reads the text of a cell as a number written with the given decimal mark.
pub fn plain(text: &str, mark: DecimalMark) -> Result<Written, Problem> {
    let parts = around(text);
    let written = || shown(text.trim());
    let ambiguous = |message: String, help: &str| Problem::Ambiguous {
        message,
        help: help.to_string(),
    };
    // A grouping character that does not separate thousands.
    let bad_group = |g: Group| match g {
        Group::Comma => ambiguous(
            format!(
                "`{}` is ambiguous: its comma does not separate thousands (groups of three digits), and decimals are written with a point",
                written()
            ),
            COMMA_HELP,
        ),
        Group::Point => ambiguous(
            format!(
                "`{}` is ambiguous: with --decimal-comma a point separates thousands (groups of three digits), and this one does not",
                written()
            ),
            POINT_HELP,
        ),
        g => ambiguous(
            format!(
                "`{}` has {} that does not separate thousands (groups of three digits)",
                written(),
                g.name()
            ),
            "group the digits in threes (1 500 000), or leave the separators out",
        ),
    };
    let mut out = Plain::new();
    if parts.negative {
        out.push(b'-')?;
    }
    let mut in_fraction = false;
    let (mut digits, mut fraction, mut group) = (0usize, 0usize, 0usize);
    let mut leading_zero = false;
    let mut grouping: Option<Group> = None;
    for c in parts.digits.chars() {
        if c.is_ascii_digit() {
            if digits == 0 {
                leading_zero = c == '0';
            }
            digits += 1;
            if in_fraction {
                fraction += 1;
            } else {
                group += 1;
            }
            out.push(c as u8)?;
        } else if c == mark.char() && !in_fraction {
            if digits == 0 {
                return Err(Problem::NotANumber);
            }
            if let Some(g) = grouping
                && group != 3
            {
                return Err(bad_group(g));
            }
            in_fraction = true;
            out.push(b'.')?;
        } else if in_fraction && (c == mark.char() || Group::of(c, mark).is_some()) {
            return Err(match (c, mark) {
                ('.', DecimalMark::Point) => ambiguous(
                    format!("`{}` has more than one decimal point", written()),
                    "if a point separates thousands in this file (1.500.000), pass --decimal-comma",
                ),
                (',', DecimalMark::Point) => ambiguous(
                    format!("`{}` has a comma after its decimal point", written()),
                    COMMA_HELP,
                ),
                (',', DecimalMark::Comma) => ambiguous(
                    format!("`{}` has more than one decimal comma", written()),
                    POINT_HELP,
                ),
                _ => ambiguous(
                    format!("`{}` has a separator after its decimal mark", written()),
                    "separators group thousands only before the decimal mark",
                ),
            });
        } else if let Some(g) = Group::of(c, mark) {
            match grouping {
                Some(k) if k != g => {
                    return Err(ambiguous(
                        format!(
                            "`{}` groups its digits with both {} and {}",
                            written(),
                            k.name(),
                            g.name()
                        ),
                        "use one grouping character, or none",
                    ));
                }
                Some(_) if group != 3 => return Err(bad_group(g)),
                // The first group: one to three digits, not starting with 0 (`0,500` is no
                // thousands grouping).
                None if group == 0 || group > 3 || leading_zero => return Err(bad_group(g)),
                _ => {}
            }
            grouping = Some(g);
            group = 0;
        } else {
            return Err(Problem::NotANumber);
        }
    }
    if digits == 0 || (in_fraction && fraction == 0) {
        return Err(Problem::NotANumber);
    }
    if !in_fraction
        && let Some(g) = grouping
        && group != 3
    {
        return Err(bad_group(g));
    }
    if let Some(x) = parts.suffix {
        out.push(x)?;
    }
    Ok(Written {
        plain: out,
        dollar: parts.dollar,
        percent: parts.percent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use DecimalMark::{Comma, Point};

    /// The plain form of a text, or the start of the problem's message.
    fn read(text: &str, mark: DecimalMark) -> Result<String, String> {
        match plain(text, mark) {
            Ok(w) => Ok(format!(
                "{}{}{}",
                if w.dollar { "$" } else { "" },
                w.plain.as_str(),
                if w.percent { "%" } else { "" }
            )),
            Err(Problem::NotANumber) => Err("not a number".into()),
            Err(Problem::TooLong) => Err("too long".into()),
            Err(Problem::Ambiguous { message, help }) => {
                assert!(!help.is_empty(), "{text}: no help");
                Err(message)
            }
        }
    }

    #[test]
    fn reads_what_is_certain_and_reports_the_rest() {
        let ok = |text: &str, mark, expected: &str| {
            assert_eq!(
                read(text, mark),
                Ok(expected.to_string()),
                "{text} {mark:?}"
            );
        };
        let bad = |text: &str, mark, expected: &str| match read(text, mark) {
            Err(m) => assert!(m.contains(expected), "{text} {mark:?}: {m}"),
            Ok(p) => panic!("{text} {mark:?} was read as {p}"),
        };
        // A decimal point, thousands grouped by commas (the default).
        ok("1,200", Point, "1200");
        ok("1,234,567.89", Point, "1234567.89");
        ok("$1,500,000", Point, "$1500000");
        ok("-$1,500", Point, "$-1500");
        ok("$ -5", Point, "$-5");
        ok("+30", Point, "30");
        ok("80.5M", Point, "80.5M");
        ok("1.5 B", Point, "1.5B");
        ok("25 %", Point, "25%");
        ok("1 000 000", Point, "1000000");
        ok("1\u{a0}000\u{a0}000.25", Point, "1000000.25");
        ok("1\u{202f}000", Point, "1000");
        ok("1'000'000.5", Point, "1000000.5");
        ok("1_000", Point, "1000");
        ok("0.5", Point, "0.5");
        ok("1.500", Point, "1.500");
        // European notation is ambiguous without --decimal-comma.
        bad("80,5M", Point, "ambiguous");
        bad("12,00", Point, "ambiguous");
        bad("1,5", Point, "ambiguous");
        bad("0,500", Point, "ambiguous");
        bad("1,2345", Point, "ambiguous");
        bad("1234,567", Point, "ambiguous");
        bad("1,234,56", Point, "ambiguous");
        bad(",500", Point, "ambiguous");
        bad("1.500.000", Point, "more than one decimal point");
        bad("1.500,25", Point, "comma after its decimal point");
        bad("1,000 000", Point, "both `,` and a space");
        bad("10 00", Point, "a space that does not separate thousands");
        bad("1.2.3", Point, "more than one decimal point");
        // With a decimal comma.
        ok("80,5M", Comma, "80.5M");
        ok("12,00", Comma, "12.00");
        ok("1,5", Comma, "1.5");
        ok("1.500", Comma, "1500");
        ok("1.500.000,25", Comma, "1500000.25");
        ok("1 500 000,25", Comma, "1500000.25");
        ok("1\u{a0}500", Comma, "1500");
        ok("1'500,5", Comma, "1500.5");
        ok("0,500", Comma, "0.500");
        bad("1,000 000", Comma, "separator after its decimal mark");
        bad("80.5M", Comma, "ambiguous");
        assert_eq!(read("€5", Point), Err("not a number".into()));
        bad("12.5", Comma, "ambiguous");
        bad("1.50", Comma, "ambiguous");
        bad("1,5,3", Comma, "more than one decimal comma");
        bad("1,500.5", Comma, "separator after its decimal mark");
        bad("1.500 000", Comma, "both `.` and a space");
        // Not numbers at all.
        for text in [
            "", "-", "$", "k", "1e5", "0x10", "abc", "1.", ".5", "1,", "5 5 5", "1-2", "--5", "$$5",
        ] {
            assert!(read(text, Point).is_err(), "{text:?} was read");
            assert!(
                read(text, Comma).is_err(),
                "{text:?} was read with a decimal comma"
            );
        }
        assert_eq!(read(&"9".repeat(200), Point), Err("too long".into()));
    }

    /// A number written in either convention, grouped with any separator or none, reads back
    /// as the plain digits it was written from.
    fn written() -> impl Strategy<Value = (String, usize, Option<char>)> {
        (
            "[1-9][0-9]{0,14}|0",
            prop::option::of("[0-9]{1,6}"),
            any::<bool>(),
            prop::option::of(prop::sample::select(vec!['k', 'M', 'B'])),
        )
            .prop_map(|(whole, fraction, negative, suffix)| {
                let mut plain = String::new();
                if negative {
                    plain.push('-');
                }
                plain.push_str(&whole);
                if let Some(f) = &fraction {
                    plain.push('.');
                    plain.push_str(f);
                }
                if let Some(s) = suffix {
                    plain.push(s);
                }
                (plain, whole.len(), suffix)
            })
    }

    /// Writes a plain number with a decimal mark and a grouping character.
    fn write(plain: &str, mark: DecimalMark, group: Option<char>) -> String {
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", plain),
        };
        let (rest, suffix) = match rest.chars().last() {
            Some(c @ ('k' | 'M' | 'B')) => (&rest[..rest.len() - 1], c.to_string()),
            _ => (rest, String::new()),
        };
        let (whole, fraction) = match rest.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (rest, None),
        };
        let mut out = String::from(sign);
        for (i, c) in whole.chars().enumerate() {
            if i > 0
                && (whole.len() - i) % 3 == 0
                && let Some(g) = group
            {
                out.push(g);
            }
            out.push(c);
        }
        if let Some(f) = fraction {
            out.push(mark.char());
            out.push_str(f);
        }
        out.push_str(&suffix);
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn well_grouped_numbers_read_back(
            (plain, _, _) in written(),
            mark in prop::sample::select(vec![Point, Comma]),
            group in prop::option::of(prop::sample::select(vec![',', '.', '_', ' ', '\u{a0}', '\''])),
        ) {
            // The grouping character must not be the decimal mark.
            let group = group.filter(|&g| g != mark.char());
            let text = write(&plain, mark, group);
            prop_assert_eq!(read(&text, mark), Ok(plain.clone()), "{}", text);
        }

        /// A grouping character anywhere but between groups of three digits (before the
        /// decimal mark) is never read as a number: it is reported.
        #[test]
        fn misplaced_separators_are_reported(
            (plain, whole_len, _) in written().prop_filter("two digits", |w| w.1 >= 2),
            mark in prop::sample::select(vec![Point, Comma]),
            at in 0usize..20,
        ) {
            let sep = match mark { Point => ',', Comma => '.' };
            let digits_start = usize::from(plain.starts_with('-'));
            // Insert one separator inside the whole part at a position that is not a multiple
            // of three from its end.
            let places: Vec<usize> = (1..whole_len).filter(|p| (whole_len - p) % 3 != 0).collect();
            prop_assume!(!places.is_empty());
            let pos = places[at % places.len()];
            // The number with its decimal mark, and no grouping.
            let mut text = write(&plain, mark, None);
            if let Some((i, _)) = text.char_indices().nth(digits_start + pos) {
                text.insert(i, sep);
            }
            prop_assert!(read(&text, mark).is_err(), "{} was read as {:?}", text, read(&text, mark));
        }
    }
}
