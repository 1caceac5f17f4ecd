//! The packed storage form (`format::packed`): exact round trips, damage detected, and the
//! measured reason it exists — a 100,000-deal workspace fits in localStorage's 5,242,880 units.

mod support;

use chrono::NaiveDate;
use voronka::domain::Lang;
use voronka::format::json;
use voronka::format::packed::{Effort, PREFIX, UnpackError, is_packed, pack, pack_with, unpack};

/// localStorage's quota per origin in Chromium, in UTF-16 code units (keys plus values).
const QUOTA_UNITS: usize = 5_242_880;

fn check(text: &str) {
    let p = pack(text);
    assert!(is_packed(&p));
    assert!(
        p.chars().all(|c| (0x20..0xD800).contains(&(c as u32))),
        "no control or surrogate units"
    );
    assert_eq!(unpack(&p).as_deref(), Ok(text));
}

#[test]
fn round_trips_exactly() {
    for text in [
        "",
        "{}",
        "a",
        "ab",
        "abc",
        "Воронка — «продажи» 🚀",
        &"x".repeat(10_001),
    ] {
        check(text);
    }
    // Every length around the 15-bit packing boundaries.
    let s: String = (0..200u32)
        .map(|i| char::from_u32(0x30 + i % 70).unwrap())
        .collect();
    for n in 0..s.len() {
        check(&s[..n]);
    }
}

#[test]
fn damage_is_detected_not_panicked_on() {
    let p = pack(&"voronka ".repeat(1000));
    assert_eq!(unpack("{\"format\":1}"), Err(UnpackError::NotPacked));
    assert_eq!(unpack(&format!("{PREFIX}x:abc")), Err(UnpackError::Damaged));
    assert_eq!(
        unpack(&format!("{PREFIX}999999999999:")),
        Err(UnpackError::TooLarge {
            limit: voronka::format::packed::MAX_UNPACKED_BYTES
        })
    );
    // Truncated, a character outside the alphabet, a flipped unit: refused, never a panic.
    let cut: String = p.chars().take(p.chars().count() / 2).collect();
    assert!(unpack(&cut).is_err());
    let bad = p.replacen(|c: char| c as u32 >= 0x100, "\u{1}", 1);
    assert_eq!(unpack(&bad), Err(UnpackError::Damaged));
    let flipped: String = p
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == p.chars().count() - 3 {
                char::from_u32(0x100 + ((c as u32 - 0x100) ^ 0x5555)).unwrap()
            } else {
                c
            }
        })
        .collect();
    assert_ne!(
        unpack(&flipped).ok().as_deref(),
        Some(&*"voronka ".repeat(1000))
    );
}

#[test]
fn a_hundred_thousand_deals_fit_in_local_storage() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let ws = support::demo(Lang::Ru, today, 100_000);
    let text = json::write(&ws);
    let p = pack(&text);
    let units: usize = p.encode_utf16().count();
    println!(
        "100,000 deals: JSON {} bytes, packed {} UTF-16 units ({:.0} % of the quota)",
        text.len(),
        units,
        units as f64 * 100.0 / QUOTA_UNITS as f64
    );
    assert!(
        text.encode_utf16().count() > QUOTA_UNITS,
        "plain JSON would not fit"
    );
    assert!(
        units < QUOTA_UNITS * 3 / 4,
        "packed fits with room to spare"
    );
    assert_eq!(json::read(&unpack(&p).unwrap()).unwrap(), ws);
    // The fast form every save tries first also fits, and unpacks to the same text.
    let fast = pack_with(&text, Effort::Fast);
    let fast_units = fast.encode_utf16().count();
    println!(
        "fast form: {} UTF-16 units ({:.0} % of the quota)",
        fast_units,
        fast_units as f64 * 100.0 / QUOTA_UNITS as f64
    );
    assert!(fast_units < QUOTA_UNITS * 4 / 5, "fast form fits");
    assert!(fast_units >= units, "the small form is the smaller");
    assert_eq!(unpack(&fast).as_deref(), Ok(text.as_str()));
}

/// The streaming packer (`packed::Packer`, the sliced base rewrite's) gives exactly
/// `pack_with` of the slices joined, however the text is cut: a value packed over many short
/// tasks reads back like one packed at once.
#[test]
fn packing_in_slices_gives_exactly_the_value_packed_at_once() {
    let ws = support::demo(Lang::Ru, support::day(2026, 11, 27), 3_000);
    let text = json::write(&ws);
    for effort in [Effort::Fast, Effort::Small] {
        let whole = pack_with(&text, effort);
        for cut in [1usize, 7, 4_096, 65_536, 100_003, text.len()] {
            let mut packer = voronka::format::packed::Packer::new(effort);
            let mut at = 0;
            while at < text.len() {
                let mut end = (at + cut).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                packer.feed(&text[at..end]);
                at = end;
            }
            let sliced = packer.finish();
            assert!(sliced == whole, "{effort:?}, slices of {cut} bytes");
        }
    }
    let empty = voronka::format::packed::Packer::new(Effort::Fast).finish();
    assert_eq!(unpack(&empty).as_deref(), Ok(""));
}

/// The base written a slice of deals at a time (`format::sliced::BaseWriter`) is exactly the
/// Voronka file `json::write` gives, plain or packed, for any slice size and for no deals.
#[test]
fn the_base_written_in_slices_is_exactly_the_whole_file() {
    use voronka::format::sliced::BaseWriter;
    for deals in [0usize, 1, 1_234] {
        let ws = support::demo(Lang::En, support::day(2026, 11, 27), deals);
        let whole = json::write(&ws);
        for per_step in [1usize, 500, 5_000] {
            let mut plain = BaseWriter::new(&ws, None);
            let mut packed = BaseWriter::new(&ws, Some(Effort::Fast));
            let mut steps = 0;
            while !plain.step(&ws, per_step) {
                steps += 1;
                assert!(steps <= deals, "each step writes at least one deal");
            }
            while !packed.step(&ws, per_step) {}
            let text = plain.finish();
            if text != whole {
                let at = text
                    .bytes()
                    .zip(whole.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                panic!(
                    "{deals} deals, {per_step} a step: differs at {at}: {:?} / {:?}",
                    &text[at.saturating_sub(60)..(at + 60).min(text.len())],
                    &whole[at.saturating_sub(60)..(at + 60).min(whole.len())]
                );
            }
            assert!(
                packed.finish() == pack_with(&whole, Effort::Fast),
                "{deals} deals packed, {per_step} a step"
            );
        }
        assert!(json::read(&whole).is_ok_and(|read| read == ws));
    }
}
