//! Numbers: exact decimals, parsing literals such as `2k`, `$1.5B` and `25%`, and showing them to
//! people.
//!
//! A [`Num`] is an exact decimal: a whole number of *units* of 10^-18, so every decimal with at
//! most [`PLACES`] digits after the point is held exactly, and two numbers compare exactly as the
//! decimals they were written as (`$0.3` is less than `$0.30000000000000001`). Magnitudes are at
//! most [`MAX_WHOLE`] (2^53 - 1), the largest whole number a JSON consumer in any language reads
//! exactly. This is the one numeric domain of the language: `int` attributes hold the whole
//! numbers of it, `money` and `percent` attributes every number of it. A literal or a record value
//! outside it (too large, or too many digits after the point) is an error, never rounded.

use std::fmt;

/// Digits after the point that a number may have.
pub const PLACES: u32 = 18;

/// The number of units in one (10^18).
const ONE: i128 = 1_000_000_000_000_000_000;

/// The largest magnitude of a number: 2^53 - 1 = 9,007,199,254,740,991.
pub const MAX_WHOLE: i64 = 9_007_199_254_740_991;

/// An exact decimal within ±[`MAX_WHOLE`] with at most [`PLACES`] digits after the point.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Num(i128);

impl Num {
    pub const ZERO: Num = Num(0);
    /// The largest number.
    pub const MAX: Num = Num(MAX_WHOLE as i128 * ONE);
    /// The smallest (most negative) number.
    pub const MIN: Num = Num(-(MAX_WHOLE as i128) * ONE);
    /// The smallest positive number, 10^-18: the step between neighbouring numbers.
    pub const UNIT: Num = Num(1);
    /// One.
    pub const ONE: Num = Num(ONE);

    /// The number with this many units of 10^-18, if it is within the domain.
    pub fn from_units(units: i128) -> Option<Num> {
        (units.unsigned_abs() <= Num::MAX.0.unsigned_abs()).then_some(Num(units))
    }

    /// The number as a count of units of 10^-18.
    pub fn units(self) -> i128 {
        self.0
    }

    /// A whole number, if it is within the domain.
    pub fn from_i64(value: i64) -> Option<Num> {
        (value.unsigned_abs() <= MAX_WHOLE.unsigned_abs()).then(|| Num(i128::from(value) * ONE))
    }

    pub fn is_whole(self) -> bool {
        self.0 % ONE == 0
    }

    /// The value as an `i64`, when it is whole.
    pub fn as_i64(self) -> Option<i64> {
        if self.is_whole() {
            i64::try_from(self.0 / ONE).ok()
        } else {
            None
        }
    }

    /// The largest whole number at most `self`.
    pub fn floor(self) -> Num {
        Num(self.0.div_euclid(ONE) * ONE)
    }

    /// `self + other`, if the sum is within the domain.
    pub fn checked_add(self, other: Num) -> Option<Num> {
        Num::from_units(self.0.checked_add(other.0)?)
    }

    /// `self - other`, if the difference is within the domain.
    pub fn checked_sub(self, other: Num) -> Option<Num> {
        Num::from_units(self.0.checked_sub(other.0)?)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn abs(self) -> Num {
        Num(self.0.abs())
    }

    /// The nearest `f64` (for targets that compute with doubles, and for display of rates).
    pub fn to_f64(self) -> f64 {
        // The standard library rounds decimal text correctly to the nearest double.
        self.to_string().parse().unwrap_or(0.0)
    }

    /// The significant digits of the decimal (`0.0025` has 2, `1200` has 2, `0` has 0).
    pub fn significant_digits(self) -> u32 {
        let mut m = self.0.unsigned_abs();
        if m == 0 {
            return 0;
        }
        while m.is_multiple_of(10) {
            m /= 10;
        }
        m.ilog10() + 1
    }

    /// Whether an engine that compares IEEE doubles (JavaScript JsonLogic engines) orders this
    /// number exactly against every other such number: whole numbers in the domain are exact
    /// doubles, and distinct decimals of at most 15 significant digits become distinct doubles
    /// in the same order.
    pub fn is_double_safe(self) -> bool {
        self.is_whole() || self.significant_digits() <= 15
    }

    /// The number as a JSON number: an integer when whole, else the nearest double.
    pub fn to_json(self) -> serde_json::Value {
        match self.as_i64() {
            Some(i) => serde_json::Value::from(i),
            None => serde_json::Number::from_f64(self.to_f64())
                .map_or(serde_json::Value::Null, Into::into),
        }
    }

    /// The exact decimal as JSON number text (`1500000`, `0.30000000000000001`, `-2.5`).
    pub fn json_text(self) -> String {
        self.to_string()
    }
}

impl fmt::Debug for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The exact decimal, without trailing zeros after the point: `2000`, `2.5`, `-0.001`.
impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let whole = a / ONE.unsigned_abs();
        let frac = a % ONE.unsigned_abs();
        if frac == 0 {
            return write!(f, "{sign}{whole}");
        }
        let digits = format!("{frac:018}");
        write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// Why a numeric literal could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumError {
    /// Not a number at all (the grammar should have caught it).
    Malformed,
    /// Larger in magnitude than [`MAX_WHOLE`].
    TooLarge,
    /// More than [`PLACES`] digits after the point (once a `k`/`M`/`B` suffix is applied).
    TooPrecise,
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumError::Malformed => write!(f, "not a number"),
            NumError::TooLarge => write!(
                f,
                "larger than {} in magnitude, the largest number icpl holds exactly",
                group_thousands(MAX_WHOLE)
            ),
            NumError::TooPrecise => write!(
                f,
                "more than {PLACES} digits after the point; icpl compares numbers exactly to \
                 {PLACES} decimal places"
            ),
        }
    }
}

/// Reads decimal digits (with an optional point and `_` separators) scaled by `10^exp10`,
/// exactly. Trailing zeros after the point do not count as digits.
fn decimal(negative: bool, digits: &[u8], exp10: i32) -> Result<Num, NumError> {
    // The significant digits read so far, the digits after the point among them, zeros after
    // the point not yet known to be significant, and whether a point was seen.
    let (mut mant, mut frac, mut zeros) = (0u128, 0i32, 0i32);
    let (mut count, mut point, mut after) = (0usize, false, 0usize);
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                count += 1;
                let d = u128::from(b - b'0');
                if point {
                    after += 1;
                    if d == 0 {
                        zeros += 1;
                        continue;
                    }
                    let p = POW10
                        .get((zeros + 1) as usize)
                        .copied()
                        .or_else(|| 10u128.checked_pow((zeros + 1) as u32))
                        .ok_or(NumError::TooPrecise)?;
                    mant = mant
                        .checked_mul(p)
                        .and_then(|m| m.checked_add(d))
                        .ok_or(NumError::TooPrecise)?;
                    frac += zeros + 1;
                    zeros = 0;
                } else {
                    mant = mant
                        .checked_mul(10)
                        .and_then(|m| m.checked_add(d))
                        .ok_or(NumError::TooLarge)?;
                }
            }
            // A point needs a digit before it (and, checked below, one after it).
            b'.' if !point && count > 0 => point = true,
            b'_' => {}
            _ => return Err(NumError::Malformed),
        }
    }
    if count == 0 || (point && after == 0) {
        return Err(NumError::Malformed);
    }
    // value = mant * 10^(exp10 - frac); in units: mant * 10^(18 + exp10 - frac).
    let scale = i64::from(PLACES) + i64::from(exp10) - i64::from(frac);
    let units = if mant == 0 {
        0
    } else if scale < 0 {
        return Err(NumError::TooPrecise);
    } else {
        let p = u32::try_from(scale)
            .ok()
            .and_then(|s| 10u128.checked_pow(s))
            .ok_or(NumError::TooLarge)?;
        mant.checked_mul(p).ok_or(NumError::TooLarge)?
    };
    let units = i128::try_from(units).map_err(|_| NumError::TooLarge)?;
    Num::from_units(if negative { -units } else { units }).ok_or(NumError::TooLarge)
}

/// `10^i` for `i` up to [`PLACES`].
const POW10: [u128; PLACES as usize + 1] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
];

/// A plain decimal of at most 18 digits (`105.42`, `7`, `0.5`: digits, and at most one point
/// with a digit on each side), read exactly without the general parser; `None` for anything
/// else, which [`parse_decimal`] reads (or refuses) with the same result.
pub fn parse_short_decimal(t: &[u8]) -> Option<Num> {
    if t.len() > 19 || t.first() == Some(&b'.') || t.last() == Some(&b'.') {
        return None;
    }
    let (mut mant, mut after, mut point) = (0u64, 0usize, false);
    for &b in t {
        match b {
            b'0'..=b'9' => {
                // At most 19 digits: below 10^19, within `u64`.
                mant = mant * 10 + u64::from(b - b'0');
                after += usize::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if t.is_empty() || (!point && t.len() > 18) {
        return None;
    }
    // At most 18 digits after the point, so the power exists.
    let scale = POW10.get(PLACES as usize - after)?;
    Num::from_units(i128::try_from(u128::from(mant) * scale).ok()?)
}

/// Parses digits with an optional fraction, `_` separators and a `k`/`M`/`B` suffix, with an
/// optional leading `-` or `+` (and `$` for money, `%` for percent, stripped here).
///
/// The value is exactly the decimal written; nothing is allocated.
pub fn parse_decimal(text: &str) -> Result<Num, NumError> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let rest = rest.strip_prefix('$').unwrap_or(rest);
    let rest = rest.strip_suffix('%').unwrap_or(rest);
    let (digits, exponent) = match rest.as_bytes().last() {
        Some(b'k') => (&rest[..rest.len() - 1], 3),
        Some(b'M') => (&rest[..rest.len() - 1], 6),
        Some(b'B') => (&rest[..rest.len() - 1], 9),
        _ => (rest, 0),
    };
    decimal(negative, digits.as_bytes(), exponent)
}

/// Parses a JSON number (`-12`, `0.5`, `1.5e6`, `25E-2`) exactly.
pub fn parse_json_number(text: &str) -> Result<Num, NumError> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let mut parts = rest.splitn(2, |&b| b == b'e' || b == b'E');
    let mantissa = parts.next().unwrap_or_default();
    let (mantissa, exp10) = match parts.next() {
        None => (mantissa, 0i32),
        Some(e) => {
            let (sign, e) = match e.split_first() {
                Some((b'-', e)) => (-1i64, e),
                Some((b'+', e)) => (1, e),
                _ => (1, e),
            };
            if e.is_empty() || !e.iter().all(u8::is_ascii_digit) {
                return Err(NumError::Malformed);
            }
            // Exponents far beyond the domain are settled without computing them.
            let mut value = 0i64;
            for &b in e {
                value = (value * 10 + i64::from(b - b'0')).min(100_000);
            }
            let all_zero = mantissa.iter().all(|&b| b == b'0' || b == b'.');
            if value >= 100_000 && !all_zero {
                return Err(if sign > 0 {
                    NumError::TooLarge
                } else {
                    NumError::TooPrecise
                });
            }
            (mantissa, (sign * value.min(100_000)) as i32)
        }
    };
    // JSON numbers have no `_` separators.
    if mantissa.contains(&b'_') {
        return Err(NumError::Malformed);
    }
    decimal(negative, mantissa, exp10)
}

/// A whole number with thousands separators: `2000` → `2,000`.
pub fn group_thousands(value: i64) -> String {
    group_digits(&value.unsigned_abs().to_string(), value < 0)
}

fn group_digits(digits: &str, negative: bool) -> String {
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if negative { format!("-{out}") } else { out }
}

/// A plain number for people: `2000` → `2,000`, `2.5` → `2.5`.
pub fn show_plain(n: Num) -> String {
    let text = n.abs().to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let grouped = group_digits(whole, n.is_negative());
    if frac.is_empty() {
        grouped
    } else {
        format!("{grouped}.{frac}")
    }
}

/// A money amount for people, compact where exact: `$20M`, `$1.5B`, `$750k`, `$12,500`.
pub fn show_money(n: Num) -> String {
    let sign = if n.is_negative() { "-" } else { "" };
    let a = n.abs().units();
    for (unit, suffix) in [
        (ONE * 1_000_000_000, "B"),
        (ONE * 1_000_000, "M"),
        (ONE * 1000, "k"),
    ] {
        // The compact form only when it is exact with at most two decimals.
        if a >= unit && (a * 100) % unit == 0 {
            let cents = a * 100 / unit;
            let text = if cents % 100 == 0 {
                format!("{}", cents / 100)
            } else if cents % 10 == 0 {
                format!("{}.{}", cents / 100, (cents % 100) / 10)
            } else {
                format!("{}.{:02}", cents / 100, cents % 100)
            };
            return format!("{sign}${text}{suffix}");
        }
    }
    format!("{sign}${}", show_plain(n.abs()))
}

/// A percentage for people: `25%`, `2.5%`.
pub fn show_percent(n: Num) -> String {
    format!("{n}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> String {
        parse_decimal(text).map_or_else(|e| format!("{e:?}"), |n| n.to_string())
    }

    /// The short path reads what the general parser reads, to the unit, and declines the rest.
    #[test]
    fn short_decimals_read_as_the_general_parser_reads_them() {
        for (i, p) in POW10.iter().enumerate() {
            assert_eq!(*p, 10u128.pow(i as u32));
        }
        let mut texts: Vec<String> = [
            "0",
            "7",
            "105.42",
            "0.5",
            "00.50",
            "1.000000000000000001",
            "0.000000000000000001",
            "999999999999999999",
            "9999999999999999999",
            "9007199254740991",
            "9007199254740992",
            "123456789.123456789",
            "1.",
            ".5",
            "1..2",
            "1.2.3",
            "",
            "-1",
            "1_000",
            "1e5",
            "1M",
            "0.0000000000000000001",
            "12345678901234567.8",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 20 + 1) as usize;
            let mut t: String = (0..digits)
                .map(|i| char::from(b'0' + ((x >> (i % 16 * 4)) % 10) as u8))
                .collect();
            if !x.is_multiple_of(3) {
                let at = (x >> 40) as usize % (digits + 1);
                t.insert(at, '.');
            }
            texts.push(t);
        }
        let mut short = 0;
        for t in &texts {
            if let Some(fast) = parse_short_decimal(t.as_bytes()) {
                short += 1;
                assert_eq!(Ok(fast), parse_decimal(t), "{t}");
            } else {
                let plain = t.len() <= 18
                    && !t.is_empty()
                    && t.bytes().filter(|&b| b == b'.').count() <= 1
                    && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                    && !t.starts_with('.')
                    && !t.ends_with('.');
                assert!(!plain || parse_decimal(t).is_err(), "declined {t}");
            }
        }
        assert!(short > 10_000, "only {short} texts took the short path");
    }

    #[test]
    fn parses_suffixes_exactly() {
        assert_eq!(n("2k"), "2000");
        assert_eq!(n("$1.5B"), "1500000000");
        assert_eq!(n("$750k"), "750000");
        assert_eq!(n("0.1M"), "100000");
        assert_eq!(n("25%"), "25");
        assert_eq!(n("-10"), "-10");
        assert_eq!(n("+30"), "30");
        assert_eq!(n("1_000"), "1000");
        assert_eq!(n("1_.5"), "1.5");
        assert_eq!(n("0.000000000000000001"), "0.000000000000000001");
        assert_eq!(n("0.0000000000000000001M"), "0.0000000000001");
        assert_eq!(n("1.50000000000000000000000000000"), "1.5");
        assert_eq!(n("00012.000"), "12");
        assert_eq!(parse_decimal("99999999999B"), Err(NumError::TooLarge));
        assert_eq!(
            parse_decimal("0.0000000000000000001"),
            Err(NumError::TooPrecise)
        );
        assert_eq!(
            parse_decimal(&format!("0.{}1", "0".repeat(400))),
            Err(NumError::TooPrecise)
        );
        assert_eq!(parse_decimal(&"9".repeat(400)), Err(NumError::TooLarge));
        for bad in [
            "", ".5", "5.", "1.2.3", "k", "-", "1e5", "1,5", "1 5", "0x10", "_.5", "5._", "_",
            "1..2",
        ] {
            assert_eq!(parse_decimal(bad), Err(NumError::Malformed), "{bad}");
        }
    }

    /// The domain ends at ±(2^53 - 1), exactly.
    #[test]
    fn the_domain_ends_at_the_largest_exact_double_integer() {
        assert_eq!(n("9007199254740991"), "9007199254740991");
        assert_eq!(n("-9007199254740991"), "-9007199254740991");
        assert_eq!(parse_decimal("9007199254740992"), Err(NumError::TooLarge));
        assert_eq!(parse_decimal("9007199254740991.5"), Err(NumError::TooLarge));
        assert_eq!(Num::from_i64(MAX_WHOLE), Some(Num::MAX));
        assert_eq!(Num::from_i64(MAX_WHOLE + 1), None);
        assert_eq!(Num::from_i64(i64::MIN), None);
        assert_eq!(Num::MAX.checked_add(Num::UNIT), None);
        assert_eq!(Num::MAX.as_i64(), Some(MAX_WHOLE));
    }

    /// Decimals that round to the same double stay distinct and ordered.
    #[test]
    fn compares_decimals_exactly() {
        let a = parse_decimal("0.3").ok();
        let b = parse_decimal("0.30000000000000001").ok();
        assert!(a < b);
        assert_eq!(a.map(Num::to_f64), b.map(Num::to_f64));
        assert_eq!(b.map(Num::is_double_safe), Some(false));
        assert_eq!(a.map(Num::is_double_safe), Some(true));
        assert_eq!(parse_decimal("1.10"), parse_decimal("1.1"));
    }

    /// Reading a decimal and printing it gives the same decimal back, for random decimals; and
    /// the order of two numbers is the order of the decimals.
    #[test]
    fn round_trips_and_orders_random_decimals() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut previous: Option<(Num, f64)> = None;
        for _ in 0..20_000 {
            let digits = 1 + next(15) as u32;
            let whole = next(10u64.pow(digits));
            let frac_len = next(19) as usize;
            let frac: String = (0..frac_len)
                .map(|_| char::from(b'0' + next(10) as u8))
                .collect();
            let negative = next(2) == 0;
            let text = if frac.is_empty() {
                format!("{}{whole}", if negative { "-" } else { "" })
            } else {
                format!("{}{whole}.{frac}", if negative { "-" } else { "" })
            };
            let Ok(num) = parse_decimal(&text) else {
                panic!("{text} should parse");
            };
            // Printing drops trailing zeros after the point (and the sign of zero).
            let expected = {
                let t = text.trim_end_matches('0').trim_end_matches('.');
                let t = if text.contains('.') { t } else { &text };
                if t == "-0" || t.is_empty() || t == "-" {
                    "0".to_string()
                } else {
                    t.to_string()
                }
            };
            assert_eq!(num.to_string(), expected, "{text}");
            assert_eq!(parse_json_number(&text), Ok(num), "{text}");
            let f: f64 = text.parse().unwrap_or(f64::NAN);
            assert_eq!(num.to_f64().to_bits(), (f + 0.0).to_bits(), "{text}");
            if let Some((p, pf)) = previous {
                // Exact order refines the order of the doubles.
                if pf < f {
                    assert!(p < num, "{p} < {text}");
                }
            }
            previous = Some((num, f));
        }
    }

    #[test]
    fn parses_json_numbers_exactly() {
        let j = |t: &str| parse_json_number(t).map_or_else(|e| format!("{e:?}"), |n| n.to_string());
        assert_eq!(j("1.5e6"), "1500000");
        assert_eq!(j("25E-2"), "0.25");
        assert_eq!(j("-0"), "0");
        assert_eq!(j("0e999999999"), "0");
        assert_eq!(j("1e309"), "TooLarge");
        assert_eq!(j("1e-19"), "TooPrecise");
        assert_eq!(j("1e-999999999999"), "TooPrecise");
        assert_eq!(j("1e999999999999"), "TooLarge");
        assert_eq!(j("0.30000000000000001"), "0.30000000000000001");
        for bad in ["", "-", "e5", "1e", "1e+", "1_0", "1.", ".1", "1.5k", "0x1"] {
            assert_eq!(parse_json_number(bad), Err(NumError::Malformed), "{bad}");
        }
    }

    #[test]
    fn shows_numbers_for_people() {
        let p = |t: &str| parse_decimal(t).unwrap_or_default();
        assert_eq!(show_plain(p("2000")), "2,000");
        assert_eq!(show_plain(p("-1234567")), "-1,234,567");
        assert_eq!(show_plain(p("2.5")), "2.5");
        assert_eq!(show_plain(p("-0.5")), "-0.5");
        assert_eq!(show_plain(p("-1234.000001")), "-1,234.000001");
        assert_eq!(show_money(p("20M")), "$20M");
        assert_eq!(show_money(p("1.5B")), "$1.5B");
        assert_eq!(show_money(p("750k")), "$750k");
        assert_eq!(show_money(p("12345")), "$12,345");
        assert_eq!(show_money(p("999")), "$999");
        assert_eq!(show_money(p("1.25M")), "$1.25M");
        assert_eq!(show_money(p("-2.5M")), "-$2.5M");
        assert_eq!(show_money(p("0.30000000000000001")), "$0.30000000000000001");
        assert_eq!(show_percent(p("25")), "25%");
        assert_eq!(show_percent(p("2.5")), "2.5%");
        assert_eq!(p("0.0025").significant_digits(), 2);
        assert_eq!(p("1200").significant_digits(), 2);
    }
}
