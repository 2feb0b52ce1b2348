//! Numbers: parsing literals such as `2k`, `$1.5B` and `25%`, and showing them to people.
//!
//! A [`Num`] is an `f64` that is never NaN or infinite, with a total order. Literals are parsed by
//! handing their decimal digits and exponent to the standard library, so `1.5M` is exactly the
//! double nearest to 1,500,000 and a record value `1500000` compares equal to it. Magnitudes are
//! capped at 2^53, where every whole number is still exact.

use std::cmp::Ordering;
use std::fmt;

/// Numbers must stay below this magnitude (2^53): every whole number below it is exact in an
/// `f64`, so no literal is silently rounded.
pub const MAX_MAGNITUDE: f64 = 9_007_199_254_740_992.0;

/// A finite number with a total order.
#[derive(Clone, Copy, Default)]
pub struct Num(f64);

impl Num {
    /// A number, if it is finite and within [`MAX_MAGNITUDE`].
    pub fn new(value: f64) -> Option<Num> {
        (value.is_finite() && value.abs() < MAX_MAGNITUDE).then_some(Num(value + 0.0))
    }

    pub fn from_i64(value: i64) -> Num {
        Num::new(value as f64).unwrap_or(Num(value.signum() as f64 * (MAX_MAGNITUDE - 1.0)))
    }

    pub fn get(self) -> f64 {
        self.0
    }

    pub fn is_whole(self) -> bool {
        self.0.fract() == 0.0
    }

    /// The value as an `i64`, when it is whole.
    pub fn as_i64(self) -> Option<i64> {
        self.is_whole().then_some(self.0 as i64)
    }

    /// The number as a JSON number: an integer when whole, else the shortest decimal.
    pub fn to_json(self) -> serde_json::Value {
        match self.as_i64() {
            Some(i) => serde_json::Value::from(i),
            None => {
                serde_json::Number::from_f64(self.0).map_or(serde_json::Value::Null, Into::into)
            }
        }
    }
}

impl PartialEq for Num {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl Eq for Num {}
impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Num {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}
impl std::hash::Hash for Num {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

impl fmt::Debug for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_i64() {
            Some(i) => write!(f, "{i}"),
            None => write!(f, "{}", self.0),
        }
    }
}

/// Why a numeric literal could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumError {
    /// Not a number at all (the grammar should have caught it).
    Malformed,
    /// Larger than [`MAX_MAGNITUDE`].
    TooLarge,
}

/// Parses digits with an optional fraction, `_` separators and a `k`/`M`/`B` suffix, with an
/// optional leading `-` (and `$` for money, `%` for percent, both stripped by the caller or here).
///
/// The value is the double nearest to the decimal written: short numbers (at most 15
/// significant digits with a small exponent, which covers every CRM value) are computed
/// exactly here; others go to the standard library's parser. Nothing is allocated.
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
    let digits = digits.as_bytes();
    // The digits without separators, the number of them after the point, and their value
    // while it stays exact.
    let (mut count, mut after_point, mut mantissa) = (0usize, None::<i64>, 0u64);
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                count += 1;
                if let Some(n) = &mut after_point {
                    *n += 1;
                }
                mantissa = mantissa
                    .saturating_mul(10)
                    .saturating_add(u64::from(b - b'0'));
            }
            // A point needs a digit before it (and, checked below, one after it).
            b'.' if after_point.is_none() && count > 0 => after_point = Some(0),
            b'_' => {}
            _ => return Err(NumError::Malformed),
        }
    }
    if count == 0 || after_point == Some(0) {
        return Err(NumError::Malformed);
    }
    let scale = i64::from(exponent) - after_point.unwrap_or(0);
    // Both the mantissa and the power of ten are exact doubles here, so one multiplication or
    // division rounds once, to the nearest double.
    const POWERS: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let value = if mantissa < (1 << 53) && scale.unsigned_abs() < POWERS.len() as u64 {
        let m = mantissa as f64;
        let p = POWERS[scale.unsigned_abs() as usize];
        if scale < 0 { m / p } else { m * p }
    } else {
        slow_decimal(digits, exponent)?
    };
    let value = if negative { -value } else { value };
    Num::new(value).ok_or(NumError::TooLarge)
}

/// A decimal too long for the exact shortcut, parsed by the standard library.
fn slow_decimal(digits: &[u8], exponent: i32) -> Result<f64, NumError> {
    let mut text: Vec<u8> = digits.iter().copied().filter(|&b| b != b'_').collect();
    text.extend_from_slice(format!("e{exponent}").as_bytes());
    std::str::from_utf8(&text)
        .ok()
        .and_then(|t| t.parse().ok())
        .ok_or(NumError::Malformed)
}

/// A whole number with thousands separators: `2000` → `2,000`.
pub fn group_thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if value < 0 { format!("-{out}") } else { out }
}

/// A plain number for people: `2000` → `2,000`, `2.5` → `2.5`.
pub fn show_plain(n: Num) -> String {
    match n.as_i64() {
        Some(i) => group_thousands(i),
        None => {
            let whole = n.get().trunc() as i64;
            let text = format!("{}", n.get().abs());
            let frac = text.split_once('.').map_or("", |(_, f)| f);
            let sign = if n.get() < 0.0 && whole == 0 { "-" } else { "" };
            format!("{sign}{}.{frac}", group_thousands(whole))
        }
    }
}

/// A money amount for people, compact where exact: `$20M`, `$1.5B`, `$750k`, `$12,500`.
pub fn show_money(n: Num) -> String {
    let v = n.get();
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    for (unit, suffix) in [(1e9, "B"), (1e6, "M"), (1e3, "k")] {
        if a >= unit {
            let scaled = a / unit;
            // Show the compact form only when it is exact with at most two decimals.
            let cents = (scaled * 100.0).round();
            if (cents / 100.0 * unit - a).abs() < 1e-6 {
                let text = if cents % 100.0 == 0.0 {
                    format!("{}", cents / 100.0)
                } else if cents % 10.0 == 0.0 {
                    format!("{:.1}", cents / 100.0)
                } else {
                    format!("{:.2}", cents / 100.0)
                };
                return format!("{sign}${text}{suffix}");
            }
        }
    }
    format!("{sign}${}", show_plain(Num(a)))
}

/// A percentage for people: `25%`, `2.5%`.
pub fn show_percent(n: Num) -> String {
    format!("{}%", n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> f64 {
        parse_decimal(text).map(Num::get).unwrap_or(f64::NAN)
    }

    #[test]
    fn parses_suffixes_exactly() {
        assert_eq!(n("2k"), 2000.0);
        assert_eq!(n("$1.5B"), 1_500_000_000.0);
        assert_eq!(n("$750k"), 750_000.0);
        assert_eq!(n("0.1M"), 100_000.0);
        assert_eq!(n("25%"), 25.0);
        assert_eq!(n("-10"), -10.0);
        assert_eq!(n("+30"), 30.0);
        assert_eq!(n("1_000"), 1000.0);
        assert_eq!(parse_decimal("99999999999B"), Err(NumError::TooLarge));
        assert_eq!(parse_decimal("1..2"), Err(NumError::Malformed));
        assert_eq!(n("1_.5"), 1.5);
        for bad in [
            "", ".5", "5.", "1.2.3", "k", "-", "1e5", "1,5", "1 5", "0x10", "_.5", "5._", "_",
        ] {
            assert_eq!(parse_decimal(bad), Err(NumError::Malformed), "{bad}");
        }
    }

    /// The shortcut gives the double nearest to the decimal, as the standard parser does.
    #[test]
    fn parses_exactly_like_the_standard_library() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..20_000 {
            let digits = 1 + next(12) as u32;
            let whole = next(10u64.pow(digits));
            let frac_len = next(8) as usize;
            let frac: String = (0..frac_len)
                .map(|_| char::from(b'0' + next(10) as u8))
                .collect();
            let (suffix, exp) = [("", 0), ("k", 3), ("M", 6), ("B", 9)][next(4) as usize];
            let text = if frac.is_empty() {
                format!("{whole}{suffix}")
            } else {
                format!("{whole}.{frac}{suffix}")
            };
            let plain = if frac.is_empty() {
                format!("{whole}e{exp}")
            } else {
                format!("{whole}.{frac}e{exp}")
            };
            let expected: f64 = plain.parse().unwrap_or(f64::NAN);
            match parse_decimal(&text) {
                Ok(n) => assert_eq!(n.get().to_bits(), expected.to_bits(), "{text}"),
                Err(e) => assert!(
                    e == NumError::TooLarge && expected.abs() >= MAX_MAGNITUDE,
                    "{text}: {e:?}"
                ),
            }
        }
        let long = format!("0.{}1", "0".repeat(40));
        assert_eq!(parse_decimal(&long).map(Num::get), Ok(1e-41));
        assert_eq!(
            parse_decimal("123456789012345678901234"),
            Err(NumError::TooLarge)
        );
    }

    #[test]
    fn shows_numbers_for_people() {
        assert_eq!(show_plain(Num(2000.0)), "2,000");
        assert_eq!(show_plain(Num(-1234567.0)), "-1,234,567");
        assert_eq!(show_plain(Num(2.5)), "2.5");
        assert_eq!(show_money(Num(20e6)), "$20M");
        assert_eq!(show_money(Num(1.5e9)), "$1.5B");
        assert_eq!(show_money(Num(750e3)), "$750k");
        assert_eq!(show_money(Num(12_345.0)), "$12,345");
        assert_eq!(show_money(Num(999.0)), "$999");
        assert_eq!(show_money(Num(1.25e6)), "$1.25M");
        assert_eq!(show_percent(Num(25.0)), "25%");
    }
}
