//! Dates in the Voronka file (`YYYY-MM-DD`), read and written without chrono's general format
//! machinery. A 10,000-deal file holds about 90,000 dates; chrono's `FromStr` took ~230 ns each,
//! over half of reading the file's typed structure. The fast path takes only the exact shape
//! `DDDD-DD-DD`; anything else goes to chrono, so every input gives what chrono would give
//! (`tests/iso_date.rs` checks both paths agree on arbitrary strings and dates).
//!
//! Used through `#[serde(with = "iso_date")]` and `#[serde(with = "iso_date::option")]`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserializer, Serializer, de};

/// `YYYY-MM-DD` as chrono's `FromStr` reads it, quickly for the common exact shape.
pub fn parse(s: &str) -> Result<NaiveDate, chrono::ParseError> {
    match parse_exact(s.as_bytes()) {
        Some(date) => Ok(date),
        None => s.parse(),
    }
}

/// Only `DDDD-DD-DD` naming a real day; `None` for anything else (which chrono then judges).
fn parse_exact(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}

/// The date as chrono's `Display` writes it (`2026-11-27`), appended to `out`.
pub fn write(date: NaiveDate, out: &mut String) {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        // Signed and wider years: chrono's own format.
        out.push_str(&date.to_string());
        return;
    }
    let mut buf = *b"0000-00-00";
    let mut put = |at: usize, width: usize, mut v: u32| {
        for i in (at..at + width).rev() {
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, 4, year.unsigned_abs());
    put(5, 2, date.month());
    put(8, 2, date.day());
    out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
}

struct DateVisitor;

impl de::Visitor<'_> for DateVisitor {
    type Value = NaiveDate;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a date YYYY-MM-DD")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<NaiveDate, E> {
        parse(s).map_err(|_| E::invalid_value(de::Unexpected::Str(s), &self))
    }
}

pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    let mut out = String::with_capacity(10);
    write(*date, &mut out);
    s.serialize_str(&out)
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(DateVisitor)
}

/// The same for `Option<NaiveDate>` (`null` is `None`).
pub mod option {
    use super::*;

    struct OptionVisitor;

    impl<'de> de::Visitor<'de> for OptionVisitor {
        type Value = Option<NaiveDate>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a formatted date string or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            super::deserialize(d).map(Some)
        }
    }

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => super::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        d.deserialize_option(OptionVisitor)
    }
}
