//! Reading one record value: a CSV cell or a JSON value becomes a [`Slot`] of its attribute's
//! type, or an error that says what was wrong.
//!
//! Numbers may carry `$`, `%`, a `k`/`M`/`B` suffix and `,` or `_` digit grouping (`$1,500,000`,
//! `1.5M`); percentages count percentage points (`25` and `25%` are both 25%). Enum and set values
//! are matched by name, then by name or label ignoring case (`SaaS` finds `saas`). Set values in a
//! cell are separated by `;`, and `[]` is the empty set. An empty cell or `null` is a missing value
//! and is handled by the reader, not here.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::eval::row::{MAX_SET_VALUES, Slot};
use crate::num::{Num, NumError, parse_decimal, parse_json_number};
use crate::sema::ir::{Attribute, EnumType, Type};

/// Why a value does not fit its attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub message: String,
    pub help: Option<String>,
}

fn err(message: impl Into<String>, help: Option<String>) -> DecodeError {
    DecodeError {
        message: message.into(),
        help,
    }
}

#[derive(Clone, Debug)]
enum Kind {
    Int,
    Money,
    Percent,
    Bool,
    Enum(Names),
    Set(Names),
}

/// FNV-1a: a small, fast hash for the short value names looked up for every cell.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<V> = HashMap<Box<[u8]>, V, BuildHasherDefault<Fnv>>;

/// Value names of an enum or set: exact names first, then names and labels without case.
#[derive(Clone, Debug)]
struct Names {
    /// An open-addressing table of the exact names: (hash, value index), `u32::MAX` when empty.
    table: Box<[(u64, u32)]>,
    folded: FastMap<u32>,
    all: Vec<String>,
}

/// A hash of a short name from its first and last eight bytes and its length: a few
/// instructions, where hashing byte by byte would cost one multiplication per byte.
fn quick_hash(b: &[u8]) -> u64 {
    let word = |s: &[u8]| s.iter().rev().fold(0u64, |w, &x| (w << 8) | u64::from(x));
    let n = b.len();
    let (head, tail) = if n >= 8 {
        (word(&b[..8]), word(&b[n - 8..]))
    } else {
        (word(b), 0)
    };
    let h = (head ^ tail.rotate_left(31) ^ ((n as u64) << 56)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 29)
}

impl Names {
    fn new(e: &EnumType) -> Names {
        let mut folded = FastMap::default();
        let key = |s: &str| s.as_bytes().to_vec().into_boxed_slice();
        let size = (e.values.len() * 2).next_power_of_two().max(8);
        let mut table = vec![(0u64, u32::MAX); size].into_boxed_slice();
        for (i, v) in e.values.iter().enumerate() {
            let h = quick_hash(v.name.as_bytes());
            let mut at = h as usize & (size - 1);
            while table[at].1 != u32::MAX {
                at = (at + 1) & (size - 1);
            }
            table[at] = (h, i as u32);
            folded
                .entry(key(&v.name.to_lowercase()))
                .or_insert(i as u32);
            if let Some(label) = &v.label {
                folded.entry(key(&label.to_lowercase())).or_insert(i as u32);
            }
        }
        Names {
            table,
            folded,
            all: e.values.iter().map(|v| v.name.clone()).collect(),
        }
    }

    fn find(&self, text: &[u8]) -> Option<u32> {
        let h = quick_hash(text);
        let mask = self.table.len() - 1;
        let mut at = h as usize & mask;
        loop {
            let (eh, i) = self.table[at];
            if i == u32::MAX {
                break;
            }
            if eh == h
                && self
                    .all
                    .get(i as usize)
                    .is_some_and(|n| n.as_bytes() == text)
            {
                return Some(i);
            }
            at = (at + 1) & mask;
        }
        let lower = String::from_utf8_lossy(text).to_lowercase();
        self.folded.get(lower.as_bytes()).copied()
    }

    fn unknown(&self, attr: &str, text: &str) -> DecodeError {
        let help = crate::diagnostics::suggest::help_did_you_mean(
            text,
            self.all.iter().map(String::as_str),
        )
        .or_else(|| {
            let mut list: Vec<String> =
                self.all.iter().take(12).map(|n| format!("`{n}`")).collect();
            if self.all.len() > 12 {
                list.push("…".into());
            }
            Some(format!("the values of `{attr}` are: {}", list.join(", ")))
        });
        err(format!("`{text}` is not a value of `{attr}`"), help)
    }
}

/// Decodes values of one attribute.
#[derive(Clone, Debug)]
pub struct Decoder {
    attr: String,
    kind: Kind,
}

impl Decoder {
    pub fn new(attr: &Attribute) -> Decoder {
        let kind = match &attr.ty {
            Type::Int => Kind::Int,
            Type::Money => Kind::Money,
            Type::Percent => Kind::Percent,
            Type::Bool => Kind::Bool,
            Type::Enum(e) => Kind::Enum(Names::new(e)),
            Type::Set(e) => Kind::Set(Names::new(e)),
        };
        Decoder {
            attr: attr.name.clone(),
            kind,
        }
    }

    /// Decodes the text of a (non-empty) CSV cell.
    pub fn text(&self, text: &str) -> Result<Slot, DecodeError> {
        self.bytes(text.as_bytes())
    }

    /// Decodes the bytes of a (non-empty) CSV cell without allocating on the common paths.
    pub fn bytes(&self, cell: &[u8]) -> Result<Slot, DecodeError> {
        let t = cell.trim_ascii();
        let shown = || String::from_utf8_lossy(t).into_owned();
        match &self.kind {
            Kind::Int | Kind::Money | Kind::Percent => self.number(t),
            Kind::Bool => {
                let is = |w: &[u8]| t.eq_ignore_ascii_case(w);
                if is(b"true") || is(b"yes") || is(b"y") || t == b"1" {
                    Ok(Slot::Bool(true))
                } else if is(b"false") || is(b"no") || is(b"n") || t == b"0" {
                    Ok(Slot::Bool(false))
                } else {
                    Err(err(
                        format!("`{}` is not true or false for `{}`", shown(), self.attr),
                        Some("write true/false, yes/no or 1/0".into()),
                    ))
                }
            }
            Kind::Enum(names) => names
                .find(t)
                .map(Slot::Enum)
                .ok_or_else(|| names.unknown(&self.attr, &shown())),
            Kind::Set(names) => {
                if t == b"[]" {
                    return Ok(Slot::Set(0));
                }
                let mut bits = 0u128;
                for part in t
                    .split(|&b| b == b';')
                    .map(<[u8]>::trim_ascii)
                    .filter(|p| !p.is_empty())
                {
                    let v = names
                        .find(part)
                        .ok_or_else(|| names.unknown(&self.attr, &String::from_utf8_lossy(part)))?;
                    bits |= bit(v)?;
                }
                Ok(Slot::Set(bits))
            }
        }
    }

    /// Decodes a (non-null) JSON value.
    pub fn json(&self, v: &serde_json::Value) -> Result<Slot, DecodeError> {
        use serde_json::Value as J;
        match (&self.kind, v) {
            (Kind::Int | Kind::Money | Kind::Percent, J::Number(n)) => {
                let text = n.to_string();
                self.exact(parse_json_number(&text), &text)
            }
            (Kind::Bool, J::Bool(b)) => Ok(Slot::Bool(*b)),
            (Kind::Set(_), J::Array(items)) => {
                let mut bits = 0u128;
                for item in items {
                    let J::String(s) = item else {
                        return Err(self.not_a_set_item(&item.to_string()));
                    };
                    self.add_to_set(&mut bits, s)?;
                }
                Ok(Slot::Set(bits))
            }
            (_, J::String(s)) => self.text(s),
            (Kind::Set(_), other) => Err(err(
                format!(
                    "`{other}` is not a list of values for the set `{}`",
                    self.attr
                ),
                Some("write an array of value names, e.g. [\"a\", \"b\"]".into()),
            )),
            (_, other) => Err(err(
                format!("`{other}` does not fit `{}`", self.attr),
                self.expected(),
            )),
        }
    }

    fn expected(&self) -> Option<String> {
        Some(
            match self.kind {
                Kind::Int => "a whole number, e.g. 450 or 2k",
                Kind::Money => "an amount, e.g. 60000000, $60M or 1.5B",
                Kind::Percent => "a percentage, e.g. 25 or 25%",
                Kind::Bool => "true or false",
                Kind::Enum(_) => "one value name",
                Kind::Set(_) => "value names separated by `;`",
            }
            .to_string(),
        )
    }

    fn number(&self, t: &[u8]) -> Result<Slot, DecodeError> {
        let bad = || {
            err(
                format!(
                    "`{}` is not {} for `{}`",
                    String::from_utf8_lossy(t),
                    self.noun(),
                    self.attr
                ),
                self.expected(),
            )
        };
        // Plain whole numbers (the common case) are read directly.
        if !t.is_empty() && t.len() <= 15 && t.iter().all(u8::is_ascii_digit) {
            let n = t.iter().fold(0i64, |n, &d| n * 10 + i64::from(d - b'0'));
            return Num::from_i64(n).map(Slot::Num).ok_or_else(bad);
        }
        let allowed = match self.kind {
            Kind::Int => !t.contains(&b'$') && !t.contains(&b'%'),
            Kind::Money => !t.contains(&b'%'),
            Kind::Percent => !t.contains(&b'$'),
            _ => true,
        };
        // Anything else: drop grouping characters into a stack buffer and parse exactly.
        let mut buf = [0u8; 64];
        let mut len = 0;
        for &b in t {
            if matches!(b, b',' | b'_' | b' ') {
                continue;
            }
            if len == buf.len() {
                return Err(bad());
            }
            buf[len] = b;
            len += 1;
        }
        let text = std::str::from_utf8(&buf[..len]).map_err(|_| bad())?;
        match (allowed, parse_decimal(text)) {
            (true, Ok(n)) => self.exact(Ok(n), &String::from_utf8_lossy(t)),
            (true, Err(e @ (NumError::TooLarge | NumError::TooPrecise))) => {
                self.exact(Err(e), &String::from_utf8_lossy(t))
            }
            _ => Err(bad()),
        }
    }

    /// Whether this attribute is a set (its JSON values are arrays of names).
    pub fn is_set(&self) -> bool {
        matches!(self.kind, Kind::Set(_))
    }

    /// Adds one set value, given by name (or label, in any case), to `bits`. An error when the
    /// attribute is not a set or the name is not one of its values.
    pub fn add_to_set(&self, bits: &mut u128, name: &str) -> Result<(), DecodeError> {
        let Kind::Set(names) = &self.kind else {
            return Err(err(format!("`{}` is not a set", self.attr), None));
        };
        let x = names
            .find(name.trim().as_bytes())
            .ok_or_else(|| names.unknown(&self.attr, name))?;
        *bits |= bit(x)?;
        Ok(())
    }

    /// The error for a set item that is not a string (shown as `item`).
    pub fn not_a_set_item(&self, item: &str) -> DecodeError {
        err(
            format!("`{item}` is not a value name of `{}`", self.attr),
            Some("list set values as strings".into()),
        )
    }

    /// A parsed number as a slot: an error when it could not be read exactly, or when it is not
    /// whole for an `int`.
    fn exact(&self, n: Result<Num, NumError>, shown: &str) -> Result<Slot, DecodeError> {
        match n {
            Ok(n) if matches!(self.kind, Kind::Int) && !n.is_whole() => Err(err(
                format!(
                    "`{shown}` is not a whole number, but `{}` is an int",
                    self.attr
                ),
                None,
            )),
            Ok(n) => Ok(Slot::Num(n)),
            Err(e @ (NumError::TooLarge | NumError::TooPrecise)) => {
                Err(err(format!("`{shown}` is {e}"), None))
            }
            Err(NumError::Malformed) => Err(err(
                format!("`{shown}` is not a number `icpl` can read"),
                self.expected(),
            )),
        }
    }

    fn noun(&self) -> &'static str {
        match self.kind {
            Kind::Int => "a whole number",
            Kind::Money => "an amount of money",
            Kind::Percent => "a percentage",
            _ => "a value",
        }
    }
}

fn bit(v: u32) -> Result<u128, DecodeError> {
    if (v as usize) < MAX_SET_VALUES {
        Ok(1u128 << v)
    } else {
        Err(err(
            format!("sets with more than {MAX_SET_VALUES} values cannot be matched"),
            None,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(n: i64) -> crate::num::Num {
        crate::num::Num::from_i64(n).unwrap_or_default()
    }
    use crate::compile::compile;
    use crate::source::load_texts;
    use std::path::Path;

    fn decoders() -> Vec<Decoder> {
        let text = "account {\n n: int\n m: money\n p: percent\n b: bool\n e: enum { saas \"SaaS\", retail }\n s: set { a, b }\n}\n";
        let comp = compile(load_texts(
            Path::new("/"),
            vec![("a.icp".into(), text.into())],
        ));
        comp.spec.account.attrs.iter().map(Decoder::new).collect()
    }

    #[test]
    fn decodes_cells() {
        let d = decoders();
        assert_eq!(d[0].text("1,200"), Ok(Slot::Num(whole(1200))));
        assert_eq!(d[0].text("2k"), Ok(Slot::Num(whole(2000))));
        assert!(d[0].text("1.5").is_err());
        assert!(d[0].text("$5").is_err());
        assert_eq!(d[1].text("$1.5M"), Ok(Slot::Num(whole(1_500_000))));
        assert_eq!(d[1].text("60000000"), Ok(Slot::Num(whole(60_000_000))));
        assert_eq!(d[2].text("25%"), Ok(Slot::Num(whole(25))));
        assert_eq!(d[3].text("Yes"), Ok(Slot::Bool(true)));
        assert_eq!(d[4].text("SaaS"), Ok(Slot::Enum(0)));
        assert_eq!(d[4].text("RETAIL"), Ok(Slot::Enum(1)));
        let e = d[4].text("sass").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `saas`?"));
        assert_eq!(d[5].text("a; b"), Ok(Slot::Set(0b11)));
        assert_eq!(d[5].text("[]"), Ok(Slot::Set(0)));
        assert!(d[5].text("a;c").is_err());
    }

    /// Every value of a large enum is found by its name, including names that share their
    /// first and last eight bytes, and by its label in any case.
    /// Record numbers are read exactly, within the one number domain; values outside it are
    /// errors that say why, never rounded.
    #[test]
    fn reads_numbers_exactly_within_the_domain() {
        let d = decoders();
        let n = |t: &str| crate::num::parse_decimal(t).map(Slot::Num).map_err(|_| ());
        assert_eq!(
            d[0].text("9007199254740991").map_err(|_| ()),
            n("9007199254740991")
        );
        assert_eq!(
            d[0].text("-9007199254740991").map_err(|_| ()),
            n("-9007199254740991")
        );
        assert_eq!(
            d[1].text("0.30000000000000001").map_err(|_| ()),
            n("0.30000000000000001")
        );
        let msg = |r: Result<Slot, DecodeError>| r.map_err(|e| e.message).unwrap_err();
        assert!(msg(d[0].text("9007199254740992")).contains("larger than"));
        assert!(msg(d[1].text("$9007199254740992")).contains("larger than"));
        assert!(msg(d[1].text("0.1234567890123456789")).contains("18 digits"));
        assert!(msg(d[0].text("1.5")).contains("not a whole number"));
        let json = |v: serde_json::Value| d[1].json(&v).map_err(|e| e.message);
        assert_eq!(json(serde_json::json!(450)), Ok(Slot::Num(whole(450))));
        assert!(json(serde_json::json!(1e300)).is_err_and(|m| m.contains("larger than")));
    }

    #[test]
    fn finds_every_value_of_a_large_enum() {
        let names: Vec<String> = (0..300)
            .map(|i| match i % 3 {
                0 => format!("v{i}"),
                1 => format!("segment_{i}_of_the_market"),
                _ => format!("long_prefix_{i:04}_long_suffix"),
            })
            .collect();
        let values: Vec<String> = names.iter().map(|n| format!("{n} \"Label {n}\"")).collect();
        let text = format!("account {{\n e: enum {{ {} }}\n}}\n", values.join(", "));
        let comp = compile(load_texts(Path::new("/"), vec![("a.icp".into(), text)]));
        assert!(!comp.has_errors());
        let d = Decoder::new(&comp.spec.account.attrs[0]);
        for (i, n) in names.iter().enumerate() {
            assert_eq!(d.text(n), Ok(Slot::Enum(i as u32)), "{n}");
            let label = format!("LABEL {}", n.to_uppercase());
            assert_eq!(d.text(&label), Ok(Slot::Enum(i as u32)), "{label}");
        }
        assert!(d.text("long_prefix_0002_long_suffix_").is_err());
        assert!(d.text("v").is_err());
    }

    #[test]
    fn decodes_json() {
        let d = decoders();
        assert_eq!(
            d[0].json(&serde_json::json!(450)),
            Ok(Slot::Num(whole(450)))
        );
        assert!(d[0].json(&serde_json::json!(4.5)).is_err());
        assert_eq!(d[5].json(&serde_json::json!(["b"])), Ok(Slot::Set(0b10)));
        assert!(d[3].json(&serde_json::json!(3)).is_err());
    }
}
