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

use super::number::{self, DecimalMark, Problem};
use super::shown;
use crate::eval::row::{Row, Slot, is_wide, slot_of};
use crate::num::{Num, NumError, parse_decimal, parse_json_number, parse_short_decimal};
use crate::sema::ir::{AttrId, EnumType, Spec, Type};

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
    let (head, tail) = match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (word(head), word(tail)),
        _ => (word(b), 0),
    };
    let h = (head ^ tail.rotate_left(31) ^ ((n as u64) << 56)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 29)
}

impl Names {
    // PANIC SAFETY: `size` is a power of two and every probe position is masked with `size - 1`, so
    // it indexes `table`, which has `size` entries.
    #[allow(clippy::indexing_slicing)]
    fn new(e: &EnumType) -> Names {
        let mut folded = FastMap::default();
        let key = |s: &str| s.as_bytes().to_vec().into_boxed_slice();
        // A power of two: `hash & (size - 1)` is always an index of the table, which is at
        // least half empty, so every probe ends.
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

    // PANIC SAFETY: `table` has a power-of-two length (`Names::new`) and every probe position is
    // masked with `mask = len - 1`.
    #[allow(clippy::indexing_slicing)]
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
        err(
            format!("`{}` is not a value of `{attr}`", shown(text)),
            help,
        )
    }
}

/// Whether a cell is digits with one point between digits (`105.42`).
fn plain_decimal(t: &[u8]) -> bool {
    match t.iter().position(|&b| b == b'.') {
        Some(p) => {
            p > 0
                && p + 1 < t.len()
                && t.iter()
                    .enumerate()
                    .all(|(i, b)| i == p || b.is_ascii_digit())
        }
        None => false,
    }
}

/// Decodes values of one attribute into its slot of a row.
#[derive(Clone, Debug)]
pub struct Decoder {
    attr: String,
    kind: Kind,
    mark: DecimalMark,
    slot: usize,
    /// Whether the attribute is a set held in the row's words ([`crate::eval::row::Layout`]).
    wide: bool,
}

/// A set being read, value by value ([`Decoder::set_begin`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct SetBuild(u128);

impl Decoder {
    /// A decoder of one attribute's values; numbers in text are read with `mark` as their
    /// decimal mark.
    pub fn new(spec: &Spec, id: AttrId, mark: DecimalMark) -> Decoder {
        let attr = spec.attr(id);
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
            mark,
            slot: slot_of(spec, id),
            wide: is_wide(&attr.ty),
        }
    }

    /// The slot this decoder writes.
    pub fn slot(&self) -> usize {
        self.slot
    }

    fn store(&self, row: &mut Row, value: Slot) {
        if let Some(dst) = row.slots.get_mut(self.slot) {
            *dst = value;
        }
    }

    /// Decodes the text of a (non-empty) CSV cell into the row.
    pub fn text(&self, text: &str, row: &mut Row) -> Result<(), DecodeError> {
        self.bytes(text.as_bytes(), row)
    }

    /// Decodes the bytes of a (non-empty) CSV cell into the row, without allocating on the
    /// common paths. On an error the row's slot is left as it was.
    pub fn bytes(&self, cell: &[u8], row: &mut Row) -> Result<(), DecodeError> {
        let t = cell.trim_ascii();
        let shown_text = || String::from_utf8_lossy(t).into_owned();
        let value = match &self.kind {
            Kind::Int | Kind::Money | Kind::Percent => self.number(t)?,
            Kind::Bool => {
                let is = |w: &[u8]| t.eq_ignore_ascii_case(w);
                if is(b"true") || is(b"yes") || is(b"y") || t == b"1" {
                    Slot::Bool(true)
                } else if is(b"false") || is(b"no") || is(b"n") || t == b"0" {
                    Slot::Bool(false)
                } else {
                    return Err(err(
                        format!(
                            "`{}` is not true or false for `{}`",
                            shown(&shown_text()),
                            self.attr
                        ),
                        Some("write true/false, yes/no or 1/0".into()),
                    ));
                }
            }
            Kind::Enum(names) => names
                .find(t)
                .map(Slot::Enum)
                .ok_or_else(|| names.unknown(&self.attr, &shown_text()))?,
            Kind::Set(_) => {
                let mut set = self.set_begin(row);
                if t != b"[]" {
                    for part in t
                        .split(|&b| b == b';')
                        .map(<[u8]>::trim_ascii)
                        .filter(|p| !p.is_empty())
                    {
                        self.set_add(&mut set, row, part)?;
                    }
                }
                self.set_end(set, row);
                return Ok(());
            }
        };
        self.store(row, value);
        Ok(())
    }

    /// Decodes a (non-null) JSON value into the row (for callers holding a parsed value; the
    /// JSON Lines reader decodes from the text).
    pub fn json(&self, v: &serde_json::Value, row: &mut Row) -> Result<(), DecodeError> {
        use serde_json::Value as J;
        match (&self.kind, v) {
            (_, J::Number(n)) => self.json_number(&n.to_string(), row),
            (_, J::Bool(b)) => self.json_bool(*b, row),
            (Kind::Set(_), J::Array(items)) => {
                let mut set = self.set_begin(row);
                for item in items {
                    let J::String(s) = item else {
                        return Err(self.not_a_set_item(&item.to_string()));
                    };
                    self.set_add(&mut set, row, s.as_bytes())?;
                }
                self.set_end(set, row);
                Ok(())
            }
            (_, J::String(s)) => self.text(s, row),
            (_, other) => Err(self.does_not_fit(&other.to_string())),
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

    /// The error for text that is not a number of this attribute's kind.
    fn not_a_number(&self, text: &str) -> DecodeError {
        err(
            format!(
                "`{}` is not {} for `{}`",
                shown(text),
                self.noun(),
                self.attr
            ),
            self.expected(),
        )
    }

    fn number(&self, t: &[u8]) -> Result<Slot, DecodeError> {
        // Plain whole numbers (the common case) are read directly.
        if !t.is_empty() && t.len() <= 15 && t.iter().all(u8::is_ascii_digit) {
            let n = t.iter().fold(0i64, |n, &d| n * 10 + i64::from(d - b'0'));
            // Fifteen digits are within the number domain (2^53 has sixteen).
            return Num::from_i64(n)
                .map(Slot::Num)
                .ok_or_else(|| self.not_a_number(&String::from_utf8_lossy(t)));
        }
        // So are short plain decimals (`105.42`), unless an int refuses them.
        if self.mark == DecimalMark::Point
            && let Some(n) = parse_short_decimal(t)
            && (n.is_whole() || !matches!(self.kind, Kind::Int))
        {
            return Ok(Slot::Num(n));
        }
        let text =
            std::str::from_utf8(t).map_err(|_| self.not_a_number(&String::from_utf8_lossy(t)))?;
        // A plain decimal (digits, a point between digits) needs no check of its notation.
        if self.mark == DecimalMark::Point && plain_decimal(t) {
            return self.exact(parse_decimal(text), text);
        }
        let written = number::plain(text, self.mark).map_err(|p| match p {
            Problem::NotANumber => self.not_a_number(text),
            Problem::Ambiguous { message, help } => err(message, Some(help)),
            Problem::TooLong => err(
                format!("`{}` has more digits than a number may have", shown(text)),
                None,
            ),
        })?;
        let allowed = match self.kind {
            Kind::Int => !written.dollar && !written.percent,
            Kind::Money => !written.percent,
            Kind::Percent => !written.dollar,
            _ => false,
        };
        if !allowed {
            return Err(self.not_a_number(text));
        }
        self.exact(parse_decimal(written.plain.as_str()), text)
    }

    /// A parsed number as a slot (`text` as written, for messages): an error when it could
    /// not be read exactly, or when it is not whole for an `int`.
    fn exact(&self, n: Result<Num, NumError>, text: &str) -> Result<Slot, DecodeError> {
        match n {
            Ok(n) if matches!(self.kind, Kind::Int) && !n.is_whole() => {
                let help = if self.mark == DecimalMark::Point && text.contains('.') {
                    format!(
                        "`{}` takes whole numbers; if the point separates thousands in this file (1.200), pass --decimal-comma",
                        self.attr
                    )
                } else {
                    format!("`{}` takes whole numbers", self.attr)
                };
                Err(err(
                    format!(
                        "`{}` is not a whole number, but `{}` is an int",
                        shown(text),
                        self.attr
                    ),
                    Some(help),
                ))
            }
            Ok(n) => Ok(Slot::Num(n)),
            Err(e @ (NumError::TooLarge | NumError::TooPrecise)) => Err(err(
                format!("`{}` is {e}", shown(text)),
                Some(match e {
                    NumError::TooPrecise => {
                        "round the value, or drop the digits that do not matter".to_string()
                    }
                    _ => "a value this large is an error in the data; check the export".to_string(),
                }),
            )),
            Err(NumError::Malformed) => Err(self.not_a_number(text)),
        }
    }

    /// Decodes the text of a JSON number into the row, exactly (never through a binary
    /// double).
    pub fn json_number(&self, text: &str, row: &mut Row) -> Result<(), DecodeError> {
        if !matches!(self.kind, Kind::Int | Kind::Money | Kind::Percent) {
            return Err(self.does_not_fit(text));
        }
        // Plain whole numbers (the common case) are read directly; fifteen digits are within
        // the number domain (2^53 has sixteen).
        let value =
            if !text.is_empty() && text.len() <= 15 && text.bytes().all(|b| b.is_ascii_digit()) {
                let n = text.bytes().fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
                match Num::from_i64(n) {
                    Some(n) => Slot::Num(n),
                    None => return Err(self.not_a_number(text)),
                }
            } else if let Some(n) = parse_short_decimal(text.as_bytes())
                && (n.is_whole() || !matches!(self.kind, Kind::Int))
            {
                // A short plain decimal (`105.42`) is read as the general parser would.
                Slot::Num(n)
            } else {
                self.exact(parse_json_number(text), text)?
            };
        self.store(row, value);
        Ok(())
    }

    /// Decodes a JSON `true` or `false` into the row.
    pub fn json_bool(&self, b: bool, row: &mut Row) -> Result<(), DecodeError> {
        if !matches!(self.kind, Kind::Bool) {
            return Err(self.does_not_fit(if b { "true" } else { "false" }));
        }
        self.store(row, Slot::Bool(b));
        Ok(())
    }

    /// The error for a JSON value (shown as written) of a kind the attribute does not take.
    pub fn does_not_fit(&self, json: &str) -> DecodeError {
        if self.is_set() {
            err(
                format!(
                    "`{}` is not a list of values for the set `{}`",
                    shown(json),
                    self.attr
                ),
                Some("write an array of value names, e.g. [\"a\", \"b\"]".into()),
            )
        } else {
            err(
                format!("`{}` does not fit `{}`", shown(json), self.attr),
                self.expected(),
            )
        }
    }

    /// Whether this attribute is a set (its JSON values are arrays of names).
    pub fn is_set(&self) -> bool {
        matches!(self.kind, Kind::Set(_))
    }

    /// Starts reading a set into the row.
    pub fn set_begin(&self, row: &mut Row) -> SetBuild {
        if self.wide {
            row.set_words_mut(self.slot).fill(0);
        }
        SetBuild(0)
    }

    /// Adds one value, given by name (or label, in any case), to a set being read. An error
    /// when the attribute is not a set or the name is not one of its values.
    pub fn set_add(
        &self,
        set: &mut SetBuild,
        row: &mut Row,
        name: &[u8],
    ) -> Result<(), DecodeError> {
        let Kind::Set(names) = &self.kind else {
            return Err(err(format!("`{}` is not a set", self.attr), None));
        };
        let name = name.trim_ascii();
        let v = names
            .find(name)
            .ok_or_else(|| names.unknown(&self.attr, &String::from_utf8_lossy(name)))?;
        // `v` is a value of the set's type, so it fits: a type of at most 128 values has a
        // 128-bit mask, a larger one as many words as its values need (the row's layout).
        if self.wide {
            if let Some(word) = row.set_words_mut(self.slot).get_mut(v as usize / 64) {
                *word |= 1u64 << (v % 64);
            }
        } else {
            set.0 |= 1u128.checked_shl(v).unwrap_or(0);
        }
        Ok(())
    }

    /// Ends reading a set: the row's slot holds it.
    pub fn set_end(&self, set: SetBuild, row: &mut Row) {
        self.store(
            row,
            if self.wide {
                Slot::Wide
            } else {
                Slot::Set(set.0)
            },
        );
    }

    /// The error for a set item that is not a string (shown as `item`).
    pub fn not_a_set_item(&self, item: &str) -> DecodeError {
        err(
            format!("`{}` is not a value name of `{}`", shown(item), self.attr),
            Some("list set values as strings".into()),
        )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::compile;
    use crate::sema::ir::{Entity, Value};
    use crate::source::load_texts;
    use std::path::Path;

    fn spec(text: &str) -> Spec {
        let comp = compile(load_texts(
            Path::new("/"),
            vec![("a.icp".into(), text.into())],
        ));
        assert!(!comp.has_errors(), "{:?}", comp.diagnostics);
        comp.spec
    }

    const SPEC: &str = "account {\n n: int\n m: money\n p: percent\n b: bool\n e: enum { saas \"SaaS\", retail }\n s: set { a, b }\n}\n";

    fn account(index: u32) -> AttrId {
        AttrId {
            entity: Entity::Account,
            index,
        }
    }

    /// Decodes a cell of an attribute into a fresh row and reads the value back.
    fn cell(spec: &Spec, index: u32, text: &str) -> Result<Option<Value>, DecodeError> {
        let d = Decoder::new(spec, account(index), DecimalMark::Point);
        let mut row = Row::empty(spec);
        d.text(text, &mut row)?;
        Ok(row.value(d.slot()))
    }

    fn num(x: i64) -> Result<Option<Value>, DecodeError> {
        Ok(crate::num::Num::from_i64(x).map(Value::Num))
    }

    #[test]
    fn decodes_cells() {
        let s = spec(SPEC);
        assert_eq!(cell(&s, 0, "1,200"), num(1200));
        assert_eq!(cell(&s, 0, "2k"), num(2000));
        assert!(cell(&s, 0, "1.5").is_err());
        assert!(cell(&s, 0, "$5").is_err());
        assert_eq!(cell(&s, 1, "$1.5M"), num(1_500_000));
        assert_eq!(cell(&s, 1, "60000000"), num(60_000_000));
        assert_eq!(cell(&s, 2, "25%"), num(25));
        assert_eq!(cell(&s, 3, "Yes"), Ok(Some(Value::Bool(true))));
        assert_eq!(cell(&s, 4, "SaaS"), Ok(Some(Value::Enum(0))));
        assert_eq!(cell(&s, 4, "RETAIL"), Ok(Some(Value::Enum(1))));
        let e = cell(&s, 4, "sass").err();
        assert_eq!(
            e.and_then(|e| e.help).as_deref(),
            Some("did you mean `saas`?")
        );
        assert_eq!(cell(&s, 5, "a; b"), Ok(Some(Value::Set(vec![0, 1]))));
        assert_eq!(cell(&s, 5, "[]"), Ok(Some(Value::Set(vec![]))));
        assert!(cell(&s, 5, "a;c").is_err());
    }

    /// Record numbers are read exactly, within the one number domain; values outside it are
    /// errors that say why, never rounded.
    #[test]
    fn reads_numbers_exactly_within_the_domain() {
        let s = spec(SPEC);
        let exact = |t: &str| Ok(crate::num::parse_decimal(t).ok().map(Value::Num));
        assert_eq!(cell(&s, 0, "9007199254740991"), exact("9007199254740991"));
        assert_eq!(cell(&s, 0, "-9007199254740991"), exact("-9007199254740991"));
        assert_eq!(
            cell(&s, 1, "0.30000000000000001"),
            exact("0.30000000000000001")
        );
        let msg = |i: u32, t: &str| cell(&s, i, t).map_err(|e| e.message).unwrap_err();
        assert!(msg(0, "9007199254740992").contains("larger than"));
        assert!(msg(1, "$9007199254740992").contains("larger than"));
        assert!(msg(1, "0.1234567890123456789").contains("18 digits"));
        assert!(msg(0, "1.5").contains("not a whole number"));
        let json = |v: serde_json::Value| {
            let d = Decoder::new(&s, account(1), DecimalMark::Point);
            let mut row = Row::empty(&s);
            d.json(&v, &mut row)
                .map(|()| row.value(d.slot()))
                .map_err(|e| e.message)
        };
        assert_eq!(
            json(serde_json::json!(450)),
            Ok(Num::from_i64(450).map(Value::Num))
        );
        assert!(json(serde_json::json!(1e300)).is_err_and(|m| m.contains("larger than")));
    }

    /// Sets of every size decode exactly: each value is found by name and read back, also
    /// past 64 and 128 values, where the row keeps the set in its words.
    #[test]
    fn decodes_sets_of_any_size() {
        for n in [1usize, 63, 64, 65, 127, 128, 129, 200, 5000] {
            let values: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
            let s = spec(&format!(
                "account {{\n s: set {{ {} }}\n}}\n",
                values.join(", ")
            ));
            let picks: Vec<usize> = [0, 1, 63, 64, 127, 128, 129, 250, 4999, n - 1]
                .into_iter()
                .filter(|&i| i < n)
                .collect();
            let text: Vec<String> = picks.iter().map(|i| format!("t{i}")).collect();
            let mut expected: Vec<u32> = picks.iter().map(|&i| i as u32).collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(
                cell(&s, 0, &text.join("; ")),
                Ok(Some(Value::Set(expected))),
                "{n} values"
            );
            // A value of an earlier record does not stay behind in a reused row.
            let d = Decoder::new(&s, account(0), DecimalMark::Point);
            let mut row = Row::empty(&s);
            d.text(&format!("t{}", n - 1), &mut row)
                .unwrap_or_else(|e| panic!("{e:?}"));
            d.text("t0", &mut row).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(row.value(0), Some(Value::Set(vec![0])), "{n} values");
            assert!(cell(&s, 0, &format!("t{n}")).is_err());
        }
    }

    /// Every value of a large enum is found by its name, including names that share their
    /// first and last eight bytes, and by its label in any case.
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
        let s = spec(&format!(
            "account {{\n e: enum {{ {} }}\n}}\n",
            values.join(", ")
        ));
        for (i, n) in names.iter().enumerate() {
            assert_eq!(cell(&s, 0, n), Ok(Some(Value::Enum(i as u32))), "{n}");
            let label = format!("LABEL {}", n.to_uppercase());
            assert_eq!(
                cell(&s, 0, &label),
                Ok(Some(Value::Enum(i as u32))),
                "{label}"
            );
        }
        assert!(cell(&s, 0, "long_prefix_0002_long_suffix_").is_err());
        assert!(cell(&s, 0, "v").is_err());
    }

    #[test]
    fn decodes_json() {
        let s = spec(SPEC);
        let json = |index: u32, v: serde_json::Value| {
            let d = Decoder::new(&s, account(index), DecimalMark::Point);
            let mut row = Row::empty(&s);
            d.json(&v, &mut row).map(|()| row.value(d.slot()))
        };
        assert_eq!(json(0, serde_json::json!(450)), num(450));
        assert!(json(0, serde_json::json!(4.5)).is_err());
        assert_eq!(
            json(5, serde_json::json!(["b"])),
            Ok(Some(Value::Set(vec![1])))
        );
        assert!(json(3, serde_json::json!(3)).is_err());
    }
}
