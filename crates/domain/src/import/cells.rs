//! Cell parsing: amounts, currencies, dates, probabilities, statuses, stage words, stable ids.

use chrono::{Duration, NaiveDate};

use super::*;
use crate::edit::name_key;
use crate::model::*;
use crate::money::{AmountError, Money, NumberStyle, parse_amount};

/// A currency sign or code, as an ISO code when known (`₽`, `руб.`, `р.` → RUB; `$` → USD; `€` →
/// EUR); any other three capital ASCII letters are taken as a code. `None`: not a currency.
pub fn currency_code(token: &str) -> Option<String> {
    let t = token.trim();
    let k = t.trim_end_matches('.').to_lowercase();
    let code = match k.as_str() {
        "₽" | "руб" | "р" | "rub" | "rur" | "рубль" | "рублей" => "RUB",
        "$" | "usd" | "us$" => "USD",
        "€" | "eur" => "EUR",
        "£" | "gbp" => "GBP",
        "₸" | "kzt" | "тг" => "KZT",
        "¥" | "cny" => "CNY",
        _ if t.len() == 3 && t.chars().all(|c| c.is_ascii_uppercase()) => {
            return Some(t.to_string());
        }
        _ => return None,
    };
    Some(code.to_string())
}

/// Reads an amount as CRMs export it: `1234567.89`, `1 234 567,89` (space or no-break space
/// groups), `1,234,567.89`, with or without a currency sign or code before or after. Returns
/// the amount and the currency it named, if any.
pub fn parse_import_amount(text: &str) -> Result<(Money, Option<String>), AmountError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AmountError::Empty);
    }
    let first = t.find(|c: char| c.is_ascii_digit() || c == '-');
    let last = t.rfind(|c: char| c.is_ascii_digit());
    let (Some(first), Some(last)) = (first, last) else {
        return Err(AmountError::NotANumber);
    };
    if last < first {
        return Err(AmountError::NotANumber);
    }
    let prefix = t[..first].trim();
    let suffix = t[last + 1..].trim();
    let mut currency = None;
    for part in [prefix, suffix] {
        if !part.is_empty() {
            currency = Some(currency_code(part).ok_or(AmountError::NotANumber)?);
        }
    }
    let number = t[first..=last].trim();
    if number.starts_with('-') {
        return Err(AmountError::Negative);
    }
    let number = drop_zero_decimals(number);
    let money = parse_amount(&number, NumberStyle::CommaPoint)
        .or_else(|_| parse_amount(&number, NumberStyle::SpaceComma))?;
    Ok((money, currency))
}

/// `12500.000` → `12500.00`: exports with more decimals than cents, all zero. Only for plain
/// numbers with a single decimal point (so `1,234` grouping is never touched).
pub(super) fn drop_zero_decimals(number: &str) -> String {
    if let Some((int, frac)) = number.split_once('.')
        && !frac.contains('.')
        && !int.contains([',', ' ', '\u{a0}'])
        && frac.len() > 2
        && frac.chars().all(|c| c.is_ascii_digit())
        && frac[2..].chars().all(|c| c == '0')
    {
        return format!("{int}.{}", &frac[..2]);
    }
    number.to_string()
}

/// A date cell as read, before the file's slash-date order is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateCell {
    Empty,
    Date(NaiveDate),
    /// `a/b/year` with both `a` and `b` possibly the month; `text` as written.
    Slash {
        a: u32,
        b: u32,
        year: i32,
        text: String,
    },
}

impl DateCell {
    /// The date under an order (`None` = not yet known: `Err(None)` for a slash date); a slash
    /// date that is no date in that order is `Err(Some(text))`.
    pub fn resolve(&self, order: Option<DateOrder>) -> Result<Option<NaiveDate>, Option<&str>> {
        match self {
            DateCell::Empty => Ok(None),
            DateCell::Date(d) => Ok(Some(*d)),
            DateCell::Slash { a, b, year, text } => {
                let (day, month) = match order {
                    None => return Err(None),
                    Some(DateOrder::DayFirst) => (*a, *b),
                    Some(DateOrder::MonthFirst) => (*b, *a),
                };
                NaiveDate::from_ymd_opt(*year, month, day)
                    .map(Some)
                    .ok_or(Some(text.as_str()))
            }
        }
    }
}

/// Reads a date cell: ISO `YYYY-MM-DD` (also `/` or `.`), `DD.MM.YYYY`, `a/b/YYYY` or `a-b-YYYY`
/// (order decided later), each with an optional time after a space or `T`; two-digit years are
/// 20xx; a bare number 10000–100000 is an Excel serial day. `None`: not a date.
pub fn parse_date_cell(text: &str) -> Option<DateCell> {
    read_date(text).ok()
}

pub(super) fn read_date(text: &str) -> Result<DateCell, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(DateCell::Empty);
    }
    // Excel serial days (1899-12-30 is day 0), with an optional time fraction.
    let serial_part = t.split_once('.').map_or(t, |(i, f)| {
        if f.chars().all(|c| c.is_ascii_digit()) {
            i
        } else {
            t
        }
    });
    if !serial_part.is_empty() && serial_part.chars().all(|c| c.is_ascii_digit()) {
        let n: i64 = serial_part.parse().map_err(|_| ())?;
        if !(10_000..=100_000).contains(&n) {
            return Err(());
        }
        let base = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or(())?;
        return base
            .checked_add_signed(Duration::days(n))
            .map(DateCell::Date)
            .ok_or(());
    }
    let split = t.find([' ', 'T']).unwrap_or(t.len());
    let (date, time) = (
        &t[..split],
        t[split..].trim_start_matches([' ', 'T']).trim(),
    );
    if !time.is_empty() && !is_time(time) {
        return Err(());
    }
    let sep = date
        .chars()
        .find(|c| matches!(c, '-' | '.' | '/'))
        .ok_or(())?;
    let parts: Vec<&str> = date.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(());
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| ());
    let (p0, p1, p2) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
    if parts[0].len() == 4 {
        return NaiveDate::from_ymd_opt(p0 as i32, p1, p2)
            .map(DateCell::Date)
            .ok_or(());
    }
    let year = match parts[2].len() {
        4 => p2 as i32,
        2 => 2000 + p2 as i32,
        _ => return Err(()),
    };
    if parts[0].len() > 2 || parts[1].len() > 2 {
        return Err(());
    }
    if sep == '.' {
        return NaiveDate::from_ymd_opt(year, p1, p0)
            .map(DateCell::Date)
            .ok_or(());
    }
    // Neither order gives a date: wrong now, not a question later.
    if (p0 == 0 || p1 == 0) || (p0 > 12 && p1 > 12) || p0 > 31 || p1 > 31 {
        return Err(());
    }
    Ok(DateCell::Slash {
        a: p0,
        b: p1,
        year,
        text: t.to_string(),
    })
}

/// `14:22`, `14:22:05`, `14:22:05.123Z`, `2:05 PM`, `14:22+03:00`…
pub(super) fn is_time(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
        && s.contains(':')
        && s.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, ':' | '.' | ' ' | '+' | '-' | 'Z' | 'z')
                || matches!(c.to_ascii_uppercase(), 'A' | 'P' | 'M')
        })
}

/// A probability cell: the number and whether it had a `%` sign. 0–100 and not negative.
pub(super) fn parse_probability(text: &str) -> Result<(f64, bool), ()> {
    let t = text.trim();
    let (t, percent) = match t.strip_suffix('%') {
        Some(rest) => (rest.trim(), true),
        None => (t, false),
    };
    let v: f64 = t.replace(',', ".").parse().map_err(|_| ())?;
    if !v.is_finite() || !(0.0..=100.0).contains(&v) {
        return Err(());
    }
    Ok((v, percent))
}

/// What a status cell says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Hint {
    Open,
    Won,
    Lost,
    /// Closed, won or lost unknown (Bitrix24 `Сделка закрыта` = `Да`): the stage decides.
    Closed,
    /// Not won: open or lost (HubSpot `Is Closed Won` = false without `Is closed lost`).
    NotWon,
}

pub(super) const WON_WORDS: &[&str] = &[
    "won",
    "win",
    "closed won",
    "closedwon",
    "closed - won",
    "success",
    "successful",
    "выиграна",
    "выиграно",
    "выигран",
    "выигрыш",
    "успешно реализовано",
    "успешно",
    "успех",
    "успешна",
    "сделка успешна",
    "реализовано",
    "реализована",
];
pub(super) const LOST_WORDS: &[&str] = &[
    "lost",
    "lose",
    "closed lost",
    "closedlost",
    "closed - lost",
    "failed",
    "failure",
    "проиграна",
    "проиграно",
    "проигран",
    "проигрыш",
    "закрыто и не реализовано",
    "не реализовано",
    "не реализована",
    "провалена",
    "сделка провалена",
    "отказ",
    "потеряна",
];
pub(super) const OPEN_WORDS: &[&str] = &[
    "open",
    "opened",
    "in progress",
    "active",
    "открыта",
    "открыто",
    "открытая",
    "в работе",
    "не закрыта",
    "не закрыто",
    "активна",
    "not closed",
];
pub(super) const TRUE_WORDS: &[&str] = &["true", "yes", "y", "да", "д", "1", "closed", "закрыта"];
pub(super) const FALSE_WORDS: &[&str] = &["false", "no", "n", "нет", "н", "0"];

/// Reads a status cell; `bool_won` for a column of true/false "is won". `Err(())`: unknown word.
pub(super) fn parse_status(text: &str, bool_won: bool) -> Result<Option<Hint>, ()> {
    let k = name_key(text);
    if k.is_empty() {
        return Ok(None);
    }
    let k = k.as_str();
    if bool_won {
        return if TRUE_WORDS.contains(&k) {
            Ok(Some(Hint::Won))
        } else if FALSE_WORDS.contains(&k) {
            Ok(Some(Hint::NotWon))
        } else {
            Err(())
        };
    }
    if WON_WORDS.contains(&k) {
        Ok(Some(Hint::Won))
    } else if LOST_WORDS.contains(&k) {
        Ok(Some(Hint::Lost))
    } else if OPEN_WORDS.contains(&k) {
        Ok(Some(Hint::Open))
    } else if TRUE_WORDS.contains(&k) {
        Ok(Some(Hint::Closed))
    } else if FALSE_WORDS.contains(&k) {
        Ok(Some(Hint::Open))
    } else {
        Err(())
    }
}

/// Yes/no cell (HubSpot `Is closed lost`); `None` when empty or unknown.
pub(super) fn parse_bool(text: &str) -> Option<bool> {
    let k = name_key(text);
    if TRUE_WORDS.contains(&k.as_str()) {
        Some(true)
    } else if FALSE_WORDS.contains(&k.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// Won or lost, as far as a stage name tells (`Сделка успешна`, `Closed Lost`, `Анализ причины
/// провала`…); `None` for anything else.
pub(super) fn stage_semantics(key: &str) -> Option<StageKind> {
    let tokens: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let lost = LOST_WORDS.contains(&key)
        || ["провал", "не реализ", "проигр", "отказ", "потерян"]
            .iter()
            .any(|s| key.contains(s))
        || tokens.iter().any(|t| matches!(*t, "lost" | "closedlost"));
    if lost {
        return Some(StageKind::Lost);
    }
    let won = WON_WORDS.contains(&key)
        || ["успешн", "выигр"].iter().any(|s| key.contains(s))
        || tokens.iter().any(|t| matches!(*t, "won" | "closedwon"));
    won.then_some(StageKind::Won)
}

/// Texts of the Closed column that mean "still open" (amoCRM's `не закрыта`).
pub(super) const NOT_CLOSED_WORDS: &[&str] =
    &["не закрыта", "не закрыто", "not closed", "open", "открыта"];

/// FNV-1a over the parts (separated by U+001F), finished with SplitMix64's mixer: a stable hash,
/// written out so deal ids never change with a Rust or dependency update.
pub fn stable_hash(parts: &[&str]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(PRIME);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    let mut z = h;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub(super) fn deal_id_of(parts: &[&str]) -> DealId {
    DealId((stable_hash(parts) & ID_MASK).max(1))
}

/// Three capital ASCII letters: what the workspace's currency may be (validation's rule).
pub(super) fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())
}
