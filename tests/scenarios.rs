//! Host tests of the workshop scenarios: each one really shows its problem in the report made for
//! it, measured by the domain's own report functions, on several "todays" and in both languages;
//! and each is deterministic and valid.

mod support;
use support::day;

use chrono::{Datelike, NaiveDate};
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::filter::{Filter, Period};
use voronka::domain::forecast::{
    AttentionThresholds, Flag, ForecastSpec, Granularity, attention, forecast,
};
use voronka::domain::funnel::funnel;
use voronka::domain::index::DealIndex;
use voronka::domain::matrix::{
    CellState, DirSort, RelSort, RowSelection, directions_matrix, relationship_matrix,
};
use voronka::domain::pipeline::StageGrid;
use voronka::domain::scenario::{self, HOARDING_SELLER, LEAKING_STAGE, SCENARIO_DEALS, Scenario};
use voronka::domain::validate::validate;
use voronka::domain::*;

/// A few "todays" — mid-quarter, a leap day at a quarter's start, a year's last day — so no
/// finding depends on one calendar.
fn todays() -> [NaiveDate; 3] {
    [day(2025, 6, 15), day(2024, 2, 29), day(2025, 12, 31)]
}

/// Every scenario in both languages on every "today".
fn each(scenario: Scenario, mut check: impl FnMut(&Workspace, NaiveDate, Lang)) {
    for today in todays() {
        for lang in [Lang::Ru, Lang::En] {
            let ws = scenario::generate(scenario, lang, today);
            check(&ws, today, lang);
        }
    }
}

/// The filter bar's default: the last 12 months.
fn last_12_months(today: NaiveDate) -> Filter {
    Filter {
        period: Some(Period {
            from: today - chrono::Duration::days(364),
            to: today,
        }),
        ..Filter::default()
    }
}

fn median(mut v: Vec<i64>) -> i64 {
    v.sort_unstable();
    v[v.len() / 2]
}

#[test]
fn scenarios_are_deterministic_distinct_and_valid() {
    let today = day(2025, 6, 15);
    for s in Scenario::ALL {
        assert_eq!(Scenario::from_slug(s.slug()), Some(s));
        let ws = scenario::generate(s, Lang::En, today);
        assert_eq!(ws, scenario::generate(s, Lang::En, today), "{s:?}");
        for lang in [Lang::Ru, Lang::En] {
            for t in todays() {
                assert_eq!(
                    validate(&scenario::generate(s, lang, t)),
                    vec![],
                    "{s:?} {lang:?} {t}"
                );
            }
        }
        assert!(ws.deals.len() >= SCENARIO_DEALS, "{s:?}");
        for other in Scenario::ALL.into_iter().filter(|o| *o != s) {
            assert_ne!(
                ws,
                scenario::generate(other, Lang::En, today),
                "{s:?} {other:?}"
            );
        }
    }
    assert_eq!(Scenario::from_slug("nonsense"), None);
}

#[test]
fn leaking_stage_has_the_lowest_step_conversion_by_a_clear_margin() {
    each(Scenario::LeakingStage, |ws, today, lang| {
        let report = funnel(ws, &DealIndex::build(ws), &last_12_months(today), today);
        let steps: Vec<f64> = report
            .conversion
            .rows
            .iter()
            .map(|r| r.step_conversion.expect("every stage was reached"))
            .collect();
        let leak = steps[LEAKING_STAGE];
        let others = steps
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != LEAKING_STAGE)
            .map(|(_, v)| *v)
            .fold(f64::INFINITY, f64::min);
        assert!(
            leak * 2.5 <= others,
            "{lang:?} {today}: leak {leak:.2}, next lowest {others:.2}, all {steps:?}"
        );
        // The cohort is big enough for the rate to mean something.
        assert!(
            report.conversion.rows[LEAKING_STAGE].reached >= 60,
            "{today}"
        );
    });
    // The demo company has no such leak: the scenario made it.
    let today = day(2025, 6, 15);
    let ws = demo::generate(DemoSpec::standard(Lang::En, today));
    let r = funnel(&ws, &DealIndex::build(&ws), &last_12_months(today), today);
    let leak = r.conversion.rows[LEAKING_STAGE].step_conversion.unwrap();
    assert!(leak > 0.5, "the demo's proposal step converts {leak:.2}");
}

#[test]
fn stale_hoard_seller_holds_twice_the_median_pipeline_and_most_overdue_deals() {
    each(Scenario::StaleHoard, |ws, today, lang| {
        let ix = DealIndex::build(ws);
        let filter = last_12_months(today);
        let grid = StageGrid::build(ws, &ix, &filter, today);
        let open_by_seller: Vec<i64> = (0..grid.sellers.len())
            .map(|row| grid.row_totals[row].amount.0)
            .collect();
        let row = grid
            .sellers
            .iter()
            .position(|&s| s == HOARDING_SELLER)
            .expect("the hoarder has a row");
        let team_median = median(open_by_seller.clone());
        assert!(
            open_by_seller[row] >= 2 * team_median,
            "{lang:?} {today}: hoarder {} vs median {team_median}",
            open_by_seller[row]
        );
        // The hoard is stale: the attention list's overdue and stalled deals are mostly theirs.
        let flagged = attention(ws, &ix, &filter, today, AttentionThresholds::default());
        let hoarder = ws.sellers[HOARDING_SELLER].id;
        let stale = |f: &&voronka::domain::forecast::FlaggedDeal| {
            f.reasons.iter().any(|r| matches!(r, Flag::Overdue { .. }))
                && f.reasons.iter().any(|r| matches!(r, Flag::Stalled { .. }))
        };
        let all_stale = flagged.iter().filter(stale).count();
        let theirs = flagged
            .iter()
            .filter(stale)
            .filter(|f| ws.deals[f.deal].seller == hoarder)
            .count();
        assert!(
            theirs * 2 > all_stale && theirs >= 40,
            "{today}: {theirs} of {all_stale} overdue and stalled deals"
        );
        // Their median expected close is long past.
        let mut closes: Vec<NaiveDate> = ws
            .deals
            .iter()
            .filter(|d| d.seller == hoarder && d.closed.is_none())
            .filter_map(|d| d.expected_close)
            .collect();
        closes.sort_unstable();
        assert!(closes[closes.len() / 2] < today - chrono::Duration::days(20));
    });
}

#[test]
fn one_contact_leaves_the_key_clients_decision_makers_uncovered() {
    each(Scenario::OneContact, |ws, today, lang| {
        let ix = DealIndex::build(ws);
        let m = relationship_matrix(ws, &ix, &RowSelection::KeyOnly, RelSort::Coverage);
        assert!(m.rows.len() >= 10, "{today}");
        let thin = m.rows.iter().filter(|r| r.covered <= 1).count();
        assert!(
            thin + 1 >= m.rows.len(),
            "{lang:?} {today}: {thin} of {} key clients with at most one role covered",
            m.rows.len()
        );
        // The CEO and CFO columns are (nearly) empty, while business goes on at those clients.
        for col in &m.columns[..2] {
            assert!(col.covered_clients <= 2, "{today}: {col:?}");
        }
        let in_work: i64 = m
            .rows
            .iter()
            .filter(|r| r.covered <= 1)
            .map(|r| r.amount_in_work.0)
            .sum();
        assert!(in_work > 0, "{today}");
    });
    // In the demo company key clients have most roles covered.
    let today = day(2025, 6, 15);
    let ws = demo::generate(DemoSpec::standard(Lang::En, today));
    let m = relationship_matrix(
        &ws,
        &DealIndex::build(&ws),
        &RowSelection::KeyOnly,
        RelSort::Coverage,
    );
    assert!(m.rows.iter().all(|r| r.covered >= 3));
}

#[test]
fn whitespace_clients_buy_one_direction_and_two_directions_sell_to_nobody() {
    each(Scenario::Whitespace, |ws, today, lang| {
        let ix = DealIndex::build(ws);
        let m = directions_matrix(ws, &ix, &last_12_months(today), DirSort::KeyFirst);
        assert_eq!(m.columns.len(), 6);
        let mut buying = 0;
        for row in &m.rows {
            let used = row
                .cells
                .iter()
                .filter(|c| c.state() != CellState::Empty)
                .count();
            assert!(
                used <= 1,
                "{lang:?} {today}: client {} in {used} directions",
                row.client
            );
            buying += usize::from(row.directions_won == 1);
        }
        assert!(
            buying * 2 >= m.rows.len(),
            "{today}: {buying} of {} buy",
            m.rows.len()
        );
        for col in &m.columns[4..] {
            assert_eq!((col.won_clients, col.in_work_clients), (0, 0), "{today}");
        }
        let cells = m.rows.len() * m.columns.len();
        let empty: u32 = m.rows.iter().map(|r| r.whitespace).sum();
        assert!(
            empty as usize * 100 >= cells * 80,
            "{today}: {empty} of {cells} empty"
        );
    });
}

#[test]
fn short_quarter_forecast_is_below_plan_with_slipping_deals_and_missing_next_steps() {
    each(Scenario::ShortQuarter, |ws, today, lang| {
        let ix = DealIndex::build(ws);
        let filter = last_12_months(today);
        let spec = ForecastSpec {
            granularity: Granularity::Quarter,
            from: YearMonth::of(today),
            periods: 1,
        };
        let report = forecast(ws, &ix, &filter, today, spec);
        let q = &report.total.rows[0];
        let (fc, plan) = (q.forecast.round().0, q.plan.0);
        assert!(plan > 0 && fc > 0, "{today}");
        assert!(
            fc * 100 <= plan * 65,
            "{lang:?} {today}: forecast {fc} against plan {plan}"
        );
        // Slipping: a third of the open deals are past their expected close.
        let open = ws.deals.iter().filter(|d| d.closed.is_none()).count() as u32;
        assert!(
            report.total.overdue.count * 3 >= open,
            "{today}: {} overdue of {open} open",
            report.total.overdue.count
        );
        // Missing next steps: more than half the open deals have none, or an overdue one.
        let flagged = attention(ws, &ix, &filter, today, AttentionThresholds::default());
        let stepless = flagged
            .iter()
            .filter(|f| {
                f.reasons
                    .iter()
                    .any(|r| matches!(r, Flag::NoNextStep | Flag::NextStepOverdue { .. }))
            })
            .count() as u32;
        assert!(stepless * 2 > open, "{today}: {stepless} of {open}");
        assert_eq!(today.month0() / 3, report.periods[0].quarter() - 1);
    });
}
