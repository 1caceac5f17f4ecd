//! The deals listed behind the forecast's rows and callouts agree with its figures.

mod support;
use support::day;

use voronka::domain::demo::{self};
use voronka::domain::filter::Filter;
use voronka::domain::forecast::*;
use voronka::domain::index::DealIndex;
use voronka::domain::*;

fn sum(ws: &Workspace, deals: &[usize]) -> Money {
    deals.iter().map(|&i| ws.deals[i].amount).sum()
}

#[test]
fn listed_deals_match_every_row_and_callout() {
    let today = day(2025, 5, 15);
    let ws = support::demo(Lang::En, today, demo::DEMO_DEALS);
    let ix = DealIndex::build(&ws);
    for (granularity, periods) in [(Granularity::Month, 6), (Granularity::Quarter, 4)] {
        let spec = ForecastSpec {
            granularity,
            from: YearMonth::of(today),
            periods,
        };
        for filter in [
            Filter::default(),
            Filter {
                seller: Some(ws.sellers[1].id),
                ..Filter::default()
            },
        ] {
            let report = forecast(&ws, &ix, &filter, today, spec);
            let t = &report.total;
            let mut in_horizon = 0;
            for (b, row) in t.rows.iter().enumerate() {
                let deals = forecast_deals(&ws, &ix, &filter, today, spec, ForecastSlot::Period(b));
                assert_eq!(deals.len() as u32, row.open_count, "period {b}");
                assert_eq!(sum(&ws, &deals), row.open_amount, "period {b}");
                in_horizon += deals.len();
            }
            let all = forecast_deals(&ws, &ix, &filter, today, spec, ForecastSlot::Horizon);
            assert_eq!(all.len(), in_horizon);
            assert_eq!(sum(&ws, &all), t.totals.open_amount);
            for (slot, expect) in [
                (ForecastSlot::Overdue, t.overdue),
                (ForecastSlot::Undated, t.undated),
                (ForecastSlot::Outside, t.outside),
            ] {
                let deals = forecast_deals(&ws, &ix, &filter, today, spec, slot);
                assert_eq!(deals.len() as u32, expect.count, "{slot:?}");
                assert_eq!(sum(&ws, &deals), expect.amount, "{slot:?}");
            }
        }
    }
}

#[test]
fn overdue_deals_are_listed_apart_never_in_a_period() {
    let today = day(2025, 5, 15);
    let ws = support::demo(Lang::En, today, demo::DEMO_DEALS);
    let ix = DealIndex::build(&ws);
    // A horizon starting well in the past still lists no overdue deal in a period.
    let spec = ForecastSpec {
        granularity: Granularity::Month,
        from: YearMonth::new(2025, 1),
        periods: 12,
    };
    let f = Filter::default();
    let overdue = forecast_deals(&ws, &ix, &f, today, spec, ForecastSlot::Overdue);
    assert!(!overdue.is_empty(), "the demo has overdue deals");
    let listed = forecast_deals(&ws, &ix, &f, today, spec, ForecastSlot::Horizon);
    assert!(overdue.iter().all(|i| !listed.contains(i)));
    assert!(
        listed
            .iter()
            .all(|&i| ws.deals[i].expected_close.is_some_and(|e| e >= today))
    );
}

#[test]
fn spec_periods_and_months_match_the_report() {
    let today = day(2025, 5, 15);
    let ws = support::demo(Lang::En, today, demo::DEMO_DEALS);
    let ix = DealIndex::build(&ws);
    let spec = ForecastSpec {
        granularity: Granularity::Quarter,
        from: YearMonth::new(2025, 5),
        periods: 3,
    };
    let report = forecast(&ws, &ix, &Filter::default(), today, spec);
    assert_eq!(spec.periods(), report.periods);
    let months = spec.months();
    assert_eq!(months.len(), 9);
    assert_eq!(months[0], YearMonth::new(2025, 4));
    assert_eq!(months[8], YearMonth::new(2025, 12));
    let monthly = ForecastSpec {
        granularity: Granularity::Month,
        from: YearMonth::new(2025, 11),
        periods: 3,
    };
    assert_eq!(
        monthly.months(),
        vec![
            YearMonth::new(2025, 11),
            YearMonth::new(2025, 12),
            YearMonth::new(2026, 1)
        ]
    );
}

/// The page's way (one sorted order of the open deals, filtered per change) lists the same deals
/// in the same order as filtering first and sorting the result.
#[test]
fn filtering_the_sorted_order_equals_sorting_the_filtered_deals() {
    let today = day(2025, 5, 15);
    let ws = support::demo(Lang::En, today, demo::DEMO_DEALS);
    let ix = DealIndex::build(&ws);
    let order = open_deals_by_close(&ws, &ix);
    let spec = ForecastSpec {
        granularity: Granularity::Month,
        from: YearMonth::of(today),
        periods: 6,
    };
    let mut filters = vec![Filter::default()];
    filters.extend(ws.sellers.iter().map(|s| Filter {
        seller: Some(s.id),
        ..Filter::default()
    }));
    let slots = [
        ForecastSlot::Horizon,
        ForecastSlot::Period(0),
        ForecastSlot::Period(3),
        ForecastSlot::Overdue,
        ForecastSlot::Undated,
        ForecastSlot::Outside,
    ];
    for filter in &filters {
        for slot in slots {
            let mut simple = forecast_deals(&ws, &ix, filter, today, spec, slot);
            simple.sort_by_key(|&i| {
                (
                    ws.deals[i].expected_close,
                    std::cmp::Reverse(ws.deals[i].amount),
                )
            });
            let fast =
                forecast_deals_of(&ws, &ix, filter, today, spec, slot, order.iter().copied());
            assert_eq!(fast, simple, "{slot:?} {:?}", filter.seller);
            assert!(
                !simple.is_empty() || slot != ForecastSlot::Horizon,
                "the demo has open deals"
            );
        }
    }
}
