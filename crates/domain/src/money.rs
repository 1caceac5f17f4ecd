//! Exact money: amounts are integer minor units (kopecks, cents), never floats.

use std::ops::{Add, AddAssign, Sub};

/// An amount in minor units of the workspace currency (1 ruble = 100 kopecks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_major(major: i64) -> Money {
        // Saturating: a huge typed or computed value must not panic (debug) or wrap (release).
        Money(major.saturating_mul(100))
    }

    pub fn minor(self) -> i64 {
        self.0
    }

    /// amount × p / 100, kept exact as hundredths of a minor unit.
    pub fn weighted(self, percent: u8) -> Weighted {
        Weighted(self.0 as i128 * percent as i128)
    }

    /// As a float of major units, for charts only (never summed).
    pub fn as_major_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

/// A sum of weighted amounts, exact: hundredths of a minor unit (amount × percent).
/// Rounded to [`Money`] only for display, so sums of many deals never drift.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Weighted(pub i128);

impl Weighted {
    pub const ZERO: Weighted = Weighted(0);

    /// Rounded half away from zero to whole minor units.
    pub fn round(self) -> Money {
        let v = self.0;
        let r = if v >= 0 {
            (v + 50) / 100
        } else {
            (v - 50) / 100
        };
        Money(r.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
    }
}

impl Add for Weighted {
    type Output = Weighted;
    fn add(self, rhs: Weighted) -> Weighted {
        Weighted(self.0 + rhs.0)
    }
}

impl AddAssign for Weighted {
    fn add_assign(&mut self, rhs: Weighted) {
        self.0 += rhs.0;
    }
}

impl Sub for Weighted {
    type Output = Weighted;
    fn sub(self, rhs: Weighted) -> Weighted {
        Weighted(self.0 - rhs.0)
    }
}

/// Which separators a typed amount uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberStyle {
    /// `1 234 567,89`: space or no-break space groups, comma decimal mark (Russian).
    SpaceComma,
    /// `1,234,567.89`: comma groups, point decimal mark (English).
    CommaPoint,
}

/// Why a typed amount was refused. One description for every form: the UI translates
/// [`AmountError::code`] as `amount_error.<code>` (deal form, inline deal creation, plan cells).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("empty amount")]
    Empty,
    #[error("not a number")]
    NotANumber,
    #[error("more than two decimal places")]
    TooManyDecimals,
    #[error("negative amount")]
    Negative,
    #[error("amount too large")]
    TooLarge,
}

impl AmountError {
    /// A stable code, used as the key of the translated message (`amount_error.<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            AmountError::Empty => "empty",
            AmountError::NotANumber => "not_a_number",
            AmountError::TooManyDecimals => "too_many_decimals",
            AmountError::Negative => "negative",
            AmountError::TooLarge => "too_large",
        }
    }
}

/// Parses an amount typed by a user in the given style, ignoring a currency sign or code.
/// A plain `1234567.89` or `1234567,89` (no grouping) is accepted in both styles.
pub fn parse_amount(input: &str, style: NumberStyle) -> Result<Money, AmountError> {
    let s = strip_currency(input);
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    if s.starts_with('-') {
        return Err(AmountError::Negative);
    }
    let (group, decimal) = match style {
        NumberStyle::SpaceComma => (None, ','),
        NumberStyle::CommaPoint => (Some(','), '.'),
    };
    // Split at the decimal mark; an ungrouped number may use either mark.
    let has_spaces = s
        .chars()
        .any(|c| c == ' ' || c == '\u{a0}' || c == '\u{202f}');
    let (int_part, frac_part) = if let Some(pos) = s.rfind(decimal) {
        (&s[..pos], Some(&s[pos + decimal.len_utf8()..]))
    } else {
        let other = if decimal == ',' { '.' } else { ',' };
        let other_count = s.matches(other).count();
        let pos = s.rfind(other).unwrap_or(s.len());
        // "1234.5" in Russian style, or "1234,5" in English style, with no grouping, is a decimal.
        // In English style one comma before exactly three digits is grouping: "1,234" is 1234.
        let is_group = group == Some(other) && s.len().saturating_sub(pos + 1) == 3;
        if other_count == 1 && !has_spaces && !is_group {
            (&s[..pos], Some(&s[pos + 1..]))
        } else {
            (s, None)
        }
    };
    let int_digits = ungroup(int_part, style)?;
    let frac = match frac_part {
        None => 0,
        Some(f) => {
            if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
                return Err(AmountError::NotANumber);
            }
            if f.len() > 2 {
                return Err(AmountError::TooManyDecimals);
            }
            let v: i64 = f.parse().map_err(|_| AmountError::NotANumber)?;
            if f.len() == 1 { v * 10 } else { v }
        }
    };
    if int_digits.is_empty() {
        return Err(AmountError::NotANumber);
    }
    let major: i64 = int_digits.parse().map_err(|_| AmountError::TooLarge)?;
    major
        .checked_mul(100)
        .and_then(|m| m.checked_add(frac))
        .filter(|m| *m <= MAX_AMOUNT.0)
        .map(Money)
        .ok_or(AmountError::TooLarge)
}

/// The largest amount Voronka accepts: 10^15 minor units, so sums of 100,000 of them still fit.
pub const MAX_AMOUNT: Money = Money(1_000_000_000_000_000);

fn strip_currency(s: &str) -> &str {
    let s = s.trim();
    let s = s
        .trim_start_matches(['₽', '$', '€'])
        .trim_end_matches(['₽', '$', '€'])
        .trim();
    let s = s.trim_end_matches("руб.").trim_end_matches("руб").trim();
    let s = s
        .strip_suffix("RUB")
        .or_else(|| s.strip_suffix("USD"))
        .or_else(|| s.strip_suffix("EUR"))
        .unwrap_or(s)
        .trim();
    s.strip_prefix("RUB")
        .or_else(|| s.strip_prefix("USD"))
        .or_else(|| s.strip_prefix("EUR"))
        .unwrap_or(s)
        .trim()
}

/// Removes thousands separators, checking they group by three.
fn ungroup(int_part: &str, style: NumberStyle) -> Result<String, AmountError> {
    let is_sep = |c: char| match style {
        NumberStyle::SpaceComma => c == ' ' || c == '\u{a0}' || c == '\u{202f}',
        NumberStyle::CommaPoint => c == ',',
    };
    let groups: Vec<&str> = int_part.split(is_sep).collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return Err(AmountError::NotANumber);
        }
    }
    let digits: String = groups.concat();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(AmountError::NotANumber);
    }
    Ok(digits)
}

/// Formats minor units with grouping for display: `1 234 567,89` or `1,234,567.89`.
pub fn format_amount(m: Money, style: NumberStyle, with_fraction: bool) -> String {
    let neg = m.0 < 0;
    let abs = m.0.unsigned_abs();
    let major = abs / 100;
    let minor = abs % 100;
    let digits = major.to_string();
    let (group, decimal) = match style {
        NumberStyle::SpaceComma => ('\u{a0}', ','),
        NumberStyle::CommaPoint => (',', '.'),
    };
    let mut out = String::with_capacity(digits.len() + 6);
    if neg {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(ch);
    }
    if with_fraction {
        out.push(decimal);
        out.push_str(&format!("{minor:02}"));
    }
    out
}
