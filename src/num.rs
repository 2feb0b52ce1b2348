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
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.');
    if !valid {
        return Err(NumError::Malformed);
    }
    let value: f64 = format!("{digits}e{exponent}")
        .parse()
        .map_err(|_| NumError::Malformed)?;
    let value = if negative { -value } else { value };
    Num::new(value).ok_or(NumError::TooLarge)
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
