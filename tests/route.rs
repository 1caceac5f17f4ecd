//! The hash route and the filter bar's query (src/ui/route.rs) on the host: what a link like
//! `#/funnel?period=custom&from=2025-01-01&seller=3` opens, what the app writes back into the
//! address bar, that the two agree, and that a mistyped or stale link still opens something
//! sensible instead of failing.

mod support;
use support::day;

use voronka::domain::filter::{Filter, Period};
use voronka::domain::{DealTypeId, DirectionId, SellerId};
use voronka::ui::route::{FILTER_KEYS, FilterQuery, Page, PeriodPreset, Route};

fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn route(page: Page, pairs: &[(&str, &str)]) -> Route {
    Route {
        page,
        query: query(pairs),
    }
}

// ---- the route: page and query pairs ----

#[test]
fn a_link_opens_its_page_with_the_query_in_order() {
    let r = Route::parse("#/pipeline?period=last_18m&seller=3&pview=stages");
    assert_eq!(
        r,
        route(
            Page::Pipeline,
            &[("period", "last_18m"), ("seller", "3"), ("pview", "stages")]
        )
    );
    assert_eq!(r.get("seller"), Some("3"));
    assert_eq!(r.get("direction"), None);
}

#[test]
fn the_hash_sign_leading_slash_and_trailing_slash_are_optional() {
    for hash in [
        "#/forecast",
        "/forecast",
        "forecast",
        "#forecast",
        "#/forecast/",
    ] {
        assert_eq!(Route::parse(hash), route(Page::Forecast, &[]), "{hash}");
    }
}

#[test]
fn every_page_opens_from_its_own_link() {
    for page in Page::ALL {
        let r = route(page, &[]);
        assert_eq!(r.to_hash(), format!("#/{}", page.slug()));
        assert_eq!(Route::parse(&r.to_hash()), r);
    }
}

#[test]
fn an_unknown_or_empty_page_opens_the_funnel_and_keeps_the_query() {
    assert_eq!(Route::parse(""), route(Page::Funnel, &[]));
    assert_eq!(Route::parse("#"), route(Page::Funnel, &[]));
    assert_eq!(Route::parse("#/"), route(Page::Funnel, &[]));
    assert_eq!(
        Route::parse("#/reports-old?seller=2"),
        route(Page::Funnel, &[("seller", "2")])
    );
    // Page slugs are exact: a capitalised one is not a page.
    assert_eq!(Route::parse("#/Data").page, Page::Funnel);
}

#[test]
fn stray_separators_and_bare_keys_do_not_break_the_query() {
    let r = Route::parse("#/data?&&q&=x&seller=4&");
    assert_eq!(r.page, Page::Data);
    assert_eq!(r.query, query(&[("q", ""), ("", "x"), ("seller", "4")]));
    // Only the first `=` splits a pair; the rest belongs to the value.
    assert_eq!(Route::parse("#/data?q=a=b").get("q"), Some("a=b"));
    // Only the first `?` starts the query.
    assert_eq!(Route::parse("#/data?q=what?").get("q"), Some("what?"));
}

#[test]
fn percent_escapes_and_plus_signs_decode_and_broken_escapes_stay_as_typed() {
    let r = Route::parse("#/data?q=%D0%98%D0%B2%D0%B0%D0%BD+%26+Co&broken=100%&half=%4&bad=%zz1");
    assert_eq!(r.get("q"), Some("Иван & Co"));
    assert_eq!(r.get("broken"), Some("100%"));
    assert_eq!(r.get("half"), Some("%4"));
    assert_eq!(r.get("bad"), Some("%zz1"));
    // Escapes that are not UTF-8 do not fail the parse.
    assert_eq!(Route::parse("#/data?q=%FF").get("q"), Some("\u{FFFD}"));
}

#[test]
fn any_text_round_trips_through_the_address_bar() {
    let values = [
        "plain",
        "with space",
        "a+b",
        "a=b&c=d",
        "what?#hash",
        "100%",
        "%41 is not A",
        "Иван Петров",
        "日本語 😀",
        "2025-01-01,2025-02-01",
        "",
    ];
    for v in values {
        let r = route(Page::Data, &[("q", v), ("key with = and &", v)]);
        let hash = r.to_hash();
        // Separators inside keys and values are escaped: one `#`, `?`, `&` and two `=` remain.
        for (sep, count) in [('#', 1), ('?', 1), ('&', 1), ('=', 2), (' ', 0), ('+', 0)] {
            assert_eq!(hash.matches(sep).count(), count, "{sep:?} in {hash}");
        }
        assert_eq!(Route::parse(&hash), r, "{v:?} → {hash}");
    }
}

#[test]
fn safe_characters_stay_readable_in_the_link() {
    let r = route(
        Page::Pipeline,
        &[("pexp", "c1,c2/s3"), ("psort", "amount_desc"), ("q", "a b")],
    );
    assert_eq!(
        r.to_hash(),
        "#/pipeline?pexp=c1,c2/s3&psort=amount_desc&q=a%20b"
    );
}

#[test]
fn with_replaces_in_place_appends_new_keys_and_removes_on_none() {
    let r = route(Page::Funnel, &[("period", "all"), ("seller", "3")]);
    assert_eq!(
        r.with("period", Some("this_year".into())).query,
        query(&[("period", "this_year"), ("seller", "3")])
    );
    assert_eq!(
        r.with("fstage", Some("7".into())).query,
        query(&[("period", "all"), ("seller", "3"), ("fstage", "7")])
    );
    assert_eq!(r.with("period", None).query, query(&[("seller", "3")]));
    assert_eq!(r.with("absent", None), r);
}

#[test]
fn moving_to_another_page_keeps_the_filters_and_drops_the_view_state() {
    let r = Route::parse(
        "#/funnel?period=custom&from=2025-01-01&to=2025-03-31&seller=3&direction=2&type=5\
         &fmode=conversion&fstage=4",
    );
    let moved = r.on_page(Page::Directions);
    assert_eq!(moved.page, Page::Directions);
    assert_eq!(
        moved.query,
        query(&[
            ("period", "custom"),
            ("from", "2025-01-01"),
            ("to", "2025-03-31"),
            ("seller", "3"),
            ("direction", "2"),
            ("type", "5"),
        ])
    );
    assert!(
        moved
            .query
            .iter()
            .all(|(k, _)| FILTER_KEYS.contains(&k.as_str()))
    );
}

// ---- the filter bar's query ----

#[test]
fn the_filter_bar_reads_every_filter_from_the_link() {
    let r = Route::parse(
        "#/funnel?period=custom&from=2025-01-01&to=2025-03-31&seller=3&direction=2&type=5",
    );
    assert_eq!(
        FilterQuery::from_route(&r),
        FilterQuery {
            preset: PeriodPreset::Custom,
            from: Some(day(2025, 1, 1)),
            to: Some(day(2025, 3, 31)),
            seller: Some(SellerId(3)),
            direction: Some(DirectionId(2)),
            deal_type: Some(DealTypeId(5)),
        }
    );
}

#[test]
fn a_link_without_filters_means_the_last_twelve_months_for_everyone() {
    let q = FilterQuery::from_route(&Route::parse("#/funnel"));
    assert_eq!(q, FilterQuery::default());
    assert_eq!(q.preset, PeriodPreset::Last12Months);
    assert_eq!(
        q.to_filter(day(2026, 5, 1)),
        Filter {
            period: Some(Period {
                from: day(2025, 5, 2),
                to: day(2026, 5, 1),
            }),
            ..Filter::default()
        }
    );
}

#[test]
fn junk_in_the_filter_query_is_ignored_value_by_value() {
    let r = Route::parse(
        "#/funnel?period=last_week&from=2025-13-01&to=31.03.2025&seller=abc&direction=-2&type=1.5",
    );
    assert_eq!(FilterQuery::from_route(&r), FilterQuery::default());
    // One bad value does not cost the good ones.
    let r = Route::parse("#/funnel?period=this_year&seller=x&direction=7");
    assert_eq!(
        FilterQuery::from_route(&r),
        FilterQuery {
            preset: PeriodPreset::ThisYear,
            direction: Some(DirectionId(7)),
            ..FilterQuery::default()
        }
    );
    // An id too large for the id type is not silently wrapped.
    let r = Route::parse("#/funnel?seller=99999999999999999999999");
    assert_eq!(FilterQuery::from_route(&r).seller, None);
}

#[test]
fn every_period_preset_round_trips_by_its_slug() {
    for p in PeriodPreset::ALL {
        assert_eq!(PeriodPreset::from_slug(p.slug()), Some(p));
        let r = FilterQuery {
            preset: p,
            ..FilterQuery::default()
        }
        .apply_to(&route(Page::Funnel, &[]));
        assert_eq!(FilterQuery::from_route(&r).preset, p);
        assert_eq!(p.label_key(), format!("period.{}", p.slug()));
    }
    assert_eq!(PeriodPreset::from_slug("Last_12m"), None);
}

#[test]
fn writing_the_filter_leaves_defaults_out_of_the_link_and_other_keys_alone() {
    let start = route(Page::Pipeline, &[("pview", "stages"), ("seller", "9")]);
    let hash = FilterQuery::default().apply_to(&start).to_hash();
    assert_eq!(hash, "#/pipeline?pview=stages");

    let q = FilterQuery {
        preset: PeriodPreset::ThisQuarter,
        seller: Some(SellerId(3)),
        deal_type: Some(DealTypeId(5)),
        ..FilterQuery::default()
    };
    assert_eq!(
        q.apply_to(&start).to_hash(),
        "#/pipeline?pview=stages&seller=3&period=this_quarter&type=5"
    );
}

#[test]
fn custom_dates_are_written_only_for_a_custom_period() {
    let dates = FilterQuery {
        from: Some(day(2025, 1, 1)),
        to: Some(day(2025, 3, 31)),
        ..FilterQuery::default()
    };
    let custom = FilterQuery {
        preset: PeriodPreset::Custom,
        ..dates.clone()
    };
    assert_eq!(
        custom.apply_to(&route(Page::Funnel, &[])).to_hash(),
        "#/funnel?period=custom&from=2025-01-01&to=2025-03-31"
    );
    // Switching from custom to a preset takes the stale dates out of the link.
    let was_custom = Route::parse("#/funnel?period=custom&from=2025-01-01&to=2025-03-31");
    let preset = FilterQuery {
        preset: PeriodPreset::ThisYear,
        ..dates
    };
    assert_eq!(
        preset.apply_to(&was_custom).to_hash(),
        "#/funnel?period=this_year"
    );
}

#[test]
fn a_filter_round_trips_through_the_link() {
    let cases = [
        FilterQuery::default(),
        FilterQuery {
            preset: PeriodPreset::Custom,
            from: Some(day(2024, 2, 29)),
            to: Some(day(2025, 2, 28)),
            seller: Some(SellerId(1)),
            direction: Some(DirectionId(12)),
            deal_type: Some(DealTypeId(3)),
        },
        FilterQuery {
            preset: PeriodPreset::Custom,
            from: Some(day(2025, 6, 1)),
            ..FilterQuery::default()
        },
        FilterQuery {
            preset: PeriodPreset::All,
            seller: Some(SellerId(u64::MAX)),
            ..FilterQuery::default()
        },
    ];
    for q in cases {
        let hash = q.apply_to(&route(Page::Forecast, &[])).to_hash();
        assert_eq!(FilterQuery::from_route(&Route::parse(&hash)), q, "{hash}");
    }
}

#[test]
fn presets_resolve_to_days_ending_today() {
    let today = day(2026, 5, 15);
    let resolve = |p: PeriodPreset| p.resolve(today, None).map(|p| (p.from, p.to));
    assert_eq!(
        resolve(PeriodPreset::ThisMonth),
        Some((day(2026, 5, 1), today))
    );
    assert_eq!(
        resolve(PeriodPreset::ThisQuarter),
        Some((day(2026, 4, 1), today))
    );
    assert_eq!(
        resolve(PeriodPreset::ThisYear),
        Some((day(2026, 1, 1), today))
    );
    // 365 and 548 days, today included.
    assert_eq!(
        resolve(PeriodPreset::Last12Months),
        Some((day(2025, 5, 16), today))
    );
    assert_eq!(
        resolve(PeriodPreset::Last18Months),
        Some((day(2024, 11, 14), today))
    );
    assert_eq!(resolve(PeriodPreset::All), None);
    assert_eq!(resolve(PeriodPreset::Custom), None);
    // Quarter boundaries.
    for (m, q) in [
        (1, 1),
        (3, 1),
        (4, 4),
        (6, 4),
        (7, 7),
        (9, 7),
        (10, 10),
        (12, 10),
    ] {
        assert_eq!(
            PeriodPreset::ThisQuarter
                .resolve(day(2026, m, 10), None)
                .map(|p| p.from),
            Some(day(2026, q, 1)),
            "month {m}"
        );
    }
}

#[test]
fn a_custom_period_needs_a_start_and_a_sensible_end() {
    let today = day(2026, 5, 15);
    let custom = |from, to| {
        FilterQuery {
            preset: PeriodPreset::Custom,
            from,
            to,
            ..FilterQuery::default()
        }
        .to_filter(today)
        .period
    };
    let period = |from, to| Some(Period { from, to });
    assert_eq!(
        custom(Some(day(2025, 1, 1)), Some(day(2025, 3, 31))),
        period(day(2025, 1, 1), day(2025, 3, 31))
    );
    // One day is a period.
    assert_eq!(
        custom(Some(day(2025, 1, 1)), Some(day(2025, 1, 1))),
        period(day(2025, 1, 1), day(2025, 1, 1))
    );
    // Open-ended: up to today.
    assert_eq!(
        custom(Some(day(2025, 1, 1)), None),
        period(day(2025, 1, 1), today)
    );
    // Reversed dates or no start: all time rather than an empty report.
    assert_eq!(custom(Some(day(2025, 3, 31)), Some(day(2025, 1, 1))), None);
    assert_eq!(custom(None, Some(day(2025, 1, 1))), None);
    assert_eq!(custom(None, None), None);
    // Dates typed while a preset is chosen do not override the preset.
    let preset = FilterQuery {
        preset: PeriodPreset::ThisMonth,
        from: Some(day(2020, 1, 1)),
        to: Some(day(2020, 2, 1)),
        ..FilterQuery::default()
    };
    assert_eq!(
        preset.to_filter(today).period,
        period(day(2026, 5, 1), today)
    );
}

#[test]
fn the_dimension_filters_pass_through_to_the_domain_filter() {
    let q = FilterQuery::from_route(&Route::parse("#/pipeline?period=all&seller=3&type=5"));
    assert_eq!(
        q.to_filter(day(2026, 5, 15)),
        Filter {
            period: None,
            seller: Some(SellerId(3)),
            direction: None,
            deal_type: Some(DealTypeId(5)),
        }
    );
}

// ---- workshop scenario links ----

#[test]
fn a_scenario_link_opens_its_scenario_on_its_home_view_and_is_then_dropped_from_the_url() {
    use voronka::domain::scenario::Scenario;
    use voronka::ui::scenario_link::{SCENARIO_KEY, landing, link};
    for s in Scenario::ALL {
        let l = link(s);
        let parsed = Route::parse(&l.to_hash());
        assert_eq!(parsed, l);
        let (opened, to) = landing(&parsed).expect("a known scenario");
        assert_eq!(opened, s);
        assert_eq!(to.page, l.page);
        assert_eq!(
            to.get(SCENARIO_KEY),
            None,
            "a reload must not open it again"
        );
    }
    let (s, to) = landing(&Route::parse("#/funnel?scenario=leaking-stage&seller=2")).unwrap();
    assert_eq!(s, Scenario::LeakingStage);
    assert_eq!(
        to,
        route(Page::Funnel, &[("seller", "2"), ("fmode", "conversion")])
    );
    // A view the link sets itself is kept; another page gets no home keys.
    let (_, to) = landing(&Route::parse(
        "#/forecast?scenario=short-quarter&fgran=month",
    ))
    .unwrap();
    assert_eq!(
        to,
        route(Page::Forecast, &[("fgran", "month"), ("fhor", "3")])
    );
    let (_, to) = landing(&Route::parse("#/data?scenario=stale-hoard")).unwrap();
    assert_eq!(to, route(Page::Data, &[]));
    assert_eq!(landing(&Route::parse("#/funnel?scenario=nope")), None);
    assert_eq!(landing(&Route::parse("#/funnel")), None);
}
