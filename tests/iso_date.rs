//! The fast date reader and writer of the Voronka file (`format::iso_date`) against chrono, the
//! straightforward implementation they replace: the same answer for every input.

use chrono::NaiveDate;
use proptest::prelude::*;
use voronka::format::iso_date;

fn written(d: NaiveDate) -> String {
    let mut s = String::new();
    iso_date::write(d, &mut s);
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(4_096)
    ))]

    /// Every representable date is written as chrono writes it and read back as itself.
    #[test]
    fn any_date_is_written_as_chrono_writes_it_and_read_back(days in -400_000i32..4_000_000) {
        let d = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default();
        let s = written(d);
        prop_assert_eq!(&s, &d.to_string());
        prop_assert_eq!(iso_date::parse(&s).ok(), Some(d));
    }

    /// Strings shaped like dates, with every digit free (months 13–99, days 32–99, year 0000…):
    /// the same date or the same refusal as chrono.
    #[test]
    fn date_shaped_strings_read_as_chrono_reads_them(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}") {
        prop_assert_eq!(iso_date::parse(&s), s.parse::<NaiveDate>());
    }

    /// Anything else, including near misses (signs, short fields, spaces, other separators).
    #[test]
    fn any_string_reads_as_chrono_reads_it(s in "[-+0-9 /T:.a]{0,14}|\\PC{0,12}") {
        prop_assert_eq!(iso_date::parse(&s), s.parse::<NaiveDate>());
    }
}

#[test]
fn edge_dates_agree_with_chrono() {
    for s in [
        "2024-02-29",
        "2023-02-29",
        "0000-01-01",
        "9999-12-31",
        "2026-00-10",
        "2026-13-01",
        "2026-11-00",
        "2026-11-31",
        "2026-1-05",
        "+2026-11-27",
        "-0001-01-01",
        " 2026-11-27",
        "2026-11-27 ",
        "2026/11/27",
        "20261127",
        "",
        "2026-11-2x",
        "２０２６-11-27",
    ] {
        assert_eq!(iso_date::parse(s), s.parse::<NaiveDate>(), "{s:?}");
    }
    for d in [
        NaiveDate::MIN,
        NaiveDate::MAX,
        NaiveDate::from_ymd_opt(-1, 12, 31).unwrap(),
    ] {
        assert_eq!(written(d), d.to_string());
        assert_eq!(
            iso_date::parse(&written(d)),
            d.to_string().parse::<NaiveDate>()
        );
    }
}
