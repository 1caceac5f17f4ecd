//! Host tests of the sales funnel (issue 4): hand-computed expectations on a small fixture, the
//! drill-down lists, the seller comparison, and the demo data against a naive recomputation.

mod support;
use support::day;

use chrono::NaiveDate;
use voronka::domain::demo;
use voronka::domain::filter::{Filter, Period};
use voronka::domain::funnel::*;
use voronka::domain::index::DealIndex;
use voronka::domain::*;

// Stage ids deliberately out of pipeline order, so ids can never stand in for positions.
const A: StageId = StageId(50); // position 0, open, 10%
const B: StageId = StageId(10); // position 1, open, 20%
const C: StageId = StageId(40); // position 2, open, 40%
const D: StageId = StageId(20); // position 3, open, 60% — no open deals at all
const W: StageId = StageId(30); // position 4, won
const L: StageId = StageId(60); // position 5, lost
const POS_A: usize = 0;
const POS_B: usize = 1;
const POS_C: usize = 2;
const POS_D: usize = 3;

const S1: SellerId = SellerId(7); // position 0
const S2: SellerId = SellerId(3); // position 1
const S3: SellerId = SellerId(9); // position 2, no deals
const X1: DirectionId = DirectionId(1);
const X2: DirectionId = DirectionId(2);

fn today() -> NaiveDate {
    day(2024, 4, 15)
}

/// Q1 2024.
fn q1() -> Filter {
    Filter {
        period: Some(Period {
            from: day(2024, 1, 1),
            to: day(2024, 3, 31),
        }),
        ..Filter::default()
    }
}

fn stage(id: StageId, kind: StageKind, probability: u8) -> Stage {
    Stage {
        id,
        name: format!("stage {}", id.0),
        kind,
        probability,
        rotting_days: None,
        forecast_category: ForecastCategory::Pipeline,
    }
}

/// A deal whose current stage is the last history entry; closed on that day if won or lost.
fn deal(
    n: u64,
    seller: SellerId,
    major: i64,
    probability: Option<u8>,
    history: &[(StageId, NaiveDate)],
) -> Deal {
    let (last, last_day) = *history.last().unwrap();
    Deal {
        title: format!("deal {n}"),
        seller,
        direction: Some(X1),
        amount: Money::from_major(major),
        probability,
        closed: (last == W || last == L).then_some(last_day),
        ..support::deal(n + 1, history)
    }
}

/// Eleven deals, d0..d10 (the number is the deal's position).
fn fixture() -> Workspace {
    let seller = |id: SellerId, name: &str| Seller {
        id,
        name: name.to_string(),
    };
    let mut deals = vec![
        // d0: open in A since creation.
        deal(0, S1, 100, None, &[(A, day(2024, 3, 1))]),
        // d1: created straight into a late stage, probability override 50%.
        deal(1, S1, 200, Some(50), &[(C, day(2024, 1, 5))]),
        // d2: A → B → back to A → B → C, open in C.
        deal(
            2,
            S2,
            300,
            None,
            &[
                (A, day(2024, 2, 1)),
                (B, day(2024, 2, 11)),
                (A, day(2024, 2, 21)),
                (B, day(2024, 3, 1)),
                (C, day(2024, 3, 11)),
            ],
        ),
        // d3: won in Q1, created in Q1.
        deal(
            3,
            S1,
            400,
            None,
            &[
                (A, day(2024, 1, 15)),
                (B, day(2024, 1, 25)),
                (W, day(2024, 2, 24)),
            ],
        ),
        // d4: lost in Q1, created before it.
        deal(
            4,
            S2,
            50,
            None,
            &[(A, day(2023, 12, 1)), (L, day(2024, 1, 20))],
        ),
        // d5: zero amount, created in Q1, lost in Q1 from C.
        deal(
            5,
            S1,
            0,
            None,
            &[
                (B, day(2024, 2, 10)),
                (C, day(2024, 2, 20)),
                (L, day(2024, 3, 10)),
            ],
        ),
        // d6: won after Q1, created before it: in no Q1 figure.
        deal(
            6,
            S2,
            1000,
            None,
            &[
                (A, day(2023, 11, 1)),
                (B, day(2023, 11, 20)),
                (W, day(2024, 4, 5)),
            ],
        ),
        // d7: zero amount, open in B, the only deal of direction X2.
        deal(7, S2, 0, None, &[(B, day(2024, 3, 1))]),
        // d8: won in Q1 after skipping B, created before Q1.
        deal(
            8,
            S1,
            250,
            None,
            &[
                (A, day(2023, 12, 20)),
                (C, day(2024, 1, 9)),
                (W, day(2024, 3, 20)),
            ],
        ),
        // d9: A → B → back to A, open in A now.
        deal(
            9,
            S2,
            120,
            None,
            &[
                (A, day(2024, 3, 5)),
                (B, day(2024, 3, 10)),
                (A, day(2024, 3, 20)),
            ],
        ),
        // d10: open in B, created long before Q1.
        deal(10, S1, 80, None, &[(B, day(2023, 6, 1))]),
    ];
    deals[7].direction = Some(X2);
    Workspace {
        currency: "RUB".to_string(),
        sellers: vec![seller(S1, "One"), seller(S2, "Two"), seller(S3, "Three")],
        directions: vec![
            Direction {
                id: X1,
                name: "x1".into(),
            },
            Direction {
                id: X2,
                name: "x2".into(),
            },
        ],
        stages: vec![
            stage(A, StageKind::Open, 10),
            stage(B, StageKind::Open, 20),
            stage(C, StageKind::Open, 40),
            stage(D, StageKind::Open, 60),
            stage(W, StageKind::Won, 100),
            stage(L, StageKind::Lost, 0),
        ],
        deals,
        ..Workspace::default()
    }
}

fn close(actual: Option<f64>, expected: Option<f64>, what: &str) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!((a - e).abs() < 1e-9, "{what}: {a} != {e}"),
        (a, e) => assert_eq!(a, e, "{what}"),
    }
}

/// Expected snapshot row: (stage position, count, amount minor, weighted, share count, share
/// amount, average days in the current stage).
type SnapRow = (
    usize,
    usize,
    i64,
    i128,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

fn check_snapshot(r: &FunnelReport, rows: &[SnapRow]) {
    assert_eq!(r.snapshot.rows.len(), rows.len());
    for (row, &(stage, count, amount, weighted, sc, sa, days)) in r.snapshot.rows.iter().zip(rows) {
        let what = format!("snapshot stage {stage}");
        assert_eq!(row.stage, stage, "{what}");
        assert_eq!(
            (row.count, row.amount, row.weighted),
            (count, Money(amount), Weighted(weighted)),
            "{what}"
        );
        close(row.share_count, sc, &format!("{what} share count"));
        close(row.share_amount, sa, &format!("{what} share amount"));
        close(row.avg_days_in_stage, days, &format!("{what} days"));
    }
}

/// Expected conversion row: (stage position, reached, reached amount minor, step, step by
/// amount, cumulative, cumulative by amount, days total, deals left, average days).
type ConvRow = (
    usize,
    usize,
    i64,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    i64,
    usize,
    Option<f64>,
);

fn check_conversion(r: &FunnelReport, rows: &[ConvRow]) {
    assert_eq!(r.conversion.rows.len(), rows.len());
    for (row, &(stage, reached, amount, step, step_a, cum, cum_a, days, left, avg)) in
        r.conversion.rows.iter().zip(rows)
    {
        let what = format!("conversion stage {stage}");
        assert_eq!(row.stage, stage, "{what}");
        assert_eq!(row.stage_id, fixture().stages[stage].id, "{what}");
        assert_eq!(
            (row.reached, row.reached_amount),
            (reached, Money(amount)),
            "{what}"
        );
        close(row.step_conversion, step, &format!("{what} step"));
        close(
            row.step_conversion_amount,
            step_a,
            &format!("{what} step amount"),
        );
        close(
            row.cumulative_conversion,
            cum,
            &format!("{what} cumulative"),
        );
        close(
            row.cumulative_conversion_amount,
            cum_a,
            &format!("{what} cumulative amount"),
        );
        assert_eq!(
            (row.days_in_stage_total, row.deals_left),
            (days, left),
            "{what} days"
        );
        close(row.avg_days_in_stage, avg, &format!("{what} avg days"));
    }
}

fn report(ws: &Workspace, filter: &Filter) -> FunnelReport {
    funnel(ws, &DealIndex::build(ws), filter, today())
}

#[test]
fn snapshot_counts_open_deals_now_by_stage_and_closed_deals_in_the_period() {
    let ws = fixture();
    let r = report(&ws, &q1());
    // Open deals, whenever created: d0 A 100 @10%, d9 A 120 @10%, d7 B 0 @20%, d10 B 80 @20%,
    // d1 C 200 @50% (override), d2 C 300 @40%. Weighted is minor units × percent.
    // A: 2 deals, 22 000 minor, 10 000×10 + 12 000×10 = 220 000.
    // B: 2 deals, 8 000 minor, 8 000×20 = 160 000.
    // C: 2 deals, 50 000 minor, 20 000×50 + 30 000×40 = 2 200 000.
    // D: nothing. Total 6 deals, 80 000 minor, 2 580 000 weighted.
    // Days in current stage by 2024-04-15: A d0 since 03-01 = 45, d9 back in A since 03-20 = 26
    // → 35.5; B d7 since 03-01 = 45, d10 since 2023-06-01 = 319 → 182; C d1 since 01-05 = 101,
    // d2 since 03-11 = 35 → 68.
    check_snapshot(
        &r,
        &[
            (
                POS_A,
                2,
                22_000,
                220_000,
                Some(2.0 / 6.0),
                Some(22_000.0 / 80_000.0),
                Some(35.5),
            ),
            (
                POS_B,
                2,
                8_000,
                160_000,
                Some(2.0 / 6.0),
                Some(8_000.0 / 80_000.0),
                Some(182.0),
            ),
            (
                POS_C,
                2,
                50_000,
                2_200_000,
                Some(2.0 / 6.0),
                Some(50_000.0 / 80_000.0),
                Some(68.0),
            ),
            (POS_D, 0, 0, 0, Some(0.0), Some(0.0), None),
        ],
    );
    let stage_ids: Vec<StageId> = r.snapshot.rows.iter().map(|r| r.stage_id).collect();
    assert_eq!(stage_ids, [A, B, C, D]);
    assert_eq!(
        r.snapshot.total,
        Tally {
            count: 6,
            amount: Money(80_000),
            weighted: Weighted(2_580_000)
        }
    );
    assert_eq!(r.snapshot.total.weighted.round(), Money(25_800));
    // Won in Q1: d3 (02-24) 400, d8 (03-20) 250; d6 won 04-05 is outside. Weighted at 100%.
    assert_eq!(
        r.snapshot.won,
        Tally {
            count: 2,
            amount: Money(65_000),
            weighted: Weighted(6_500_000)
        }
    );
    // Lost in Q1: d4 (01-20) 50, d5 (03-10) 0. Weighted at 0%.
    assert_eq!(
        r.snapshot.lost,
        Tally {
            count: 2,
            amount: Money(5_000),
            weighted: Weighted(0)
        }
    );
}

#[test]
fn snapshot_rows_sum_to_the_filtered_open_total() {
    let ws = fixture();
    let filters = [
        Filter::default(),
        q1(),
        Filter {
            seller: Some(S2),
            ..q1()
        },
        Filter {
            direction: Some(X2),
            ..Filter::default()
        },
        Filter {
            seller: Some(S3),
            ..Filter::default()
        },
    ];
    for f in &filters {
        let r = report(&ws, f);
        let count: usize = r.snapshot.rows.iter().map(|r| r.count).sum();
        let amount: Money = r.snapshot.rows.iter().map(|r| r.amount).sum();
        let weighted = r
            .snapshot
            .rows
            .iter()
            .fold(Weighted::ZERO, |a, r| a + r.weighted);
        assert_eq!(
            Tally {
                count,
                amount,
                weighted
            },
            r.snapshot.total,
            "{f:?}"
        );
        // The filtered open total, straight from the deals.
        let open: Vec<&Deal> = ws
            .deals
            .iter()
            .filter(|d| f.selects(d) && ws.stage(d.stage).unwrap().kind == StageKind::Open)
            .collect();
        assert_eq!(count, open.len(), "{f:?}");
        assert_eq!(amount, open.iter().map(|d| d.amount).sum(), "{f:?}");
        assert_eq!(r.headline.open_amount, amount);
        assert_eq!(r.headline.open_weighted, weighted);
    }
}

#[test]
fn conversion_follows_the_q1_cohort_through_the_stages_it_reached() {
    let ws = fixture();
    let r = report(&ws, &q1());
    // Cohort (created in Q1): d0, d1, d2, d3, d5, d7, d9 = 7 deals, 100+200+300+400+0+0+120 =
    // 1 120.00 = 112 000 minor. Furthest open stage: d0 A; d7 B; d9 B (moved back to A, still
    // reached B once); d1 C (created there); d2 C; d5 C (lost later); d3 won = every stage.
    // reached A = 7, 112 000; B = 6 (not d0), 102 000; C = 4 (d1 d2 d3 d5), 90 000;
    // D = 1 (d3, won), 40 000; won = 1 (d3), 40 000.
    // Step: A 6/7, B 4/6, C 1/4, D won/reached(D) = 1/1. Cumulative: 7/7, 6/7, 4/7, 1/7.
    // Days in stage over finished visits of cohort deals:
    // A: d2 10 (02-01→02-11) + 9 (02-21→03-01, 2024 is a leap year), d3 10, d9 5 (its current
    //    visit since 03-20 is unfinished); d0 never left → 34 days / 3 deals.
    // B: d2 10 + 10, d3 30 (01-25→02-24), d5 10, d9 10; d7 never left → 70 / 4 = 17.5.
    // C: d5 19 (02-20→03-10); d1, d2 still there → 19 / 1.
    // D: no visits → None.
    check_conversion(
        &r,
        &[
            (
                POS_A,
                7,
                112_000,
                Some(6.0 / 7.0),
                Some(102.0 / 112.0),
                Some(1.0),
                Some(1.0),
                34,
                3,
                Some(34.0 / 3.0),
            ),
            (
                POS_B,
                6,
                102_000,
                Some(4.0 / 6.0),
                Some(90.0 / 102.0),
                Some(6.0 / 7.0),
                Some(102.0 / 112.0),
                70,
                4,
                Some(17.5),
            ),
            (
                POS_C,
                4,
                90_000,
                Some(1.0 / 4.0),
                Some(40.0 / 90.0),
                Some(4.0 / 7.0),
                Some(90.0 / 112.0),
                19,
                1,
                Some(19.0),
            ),
            (
                POS_D,
                1,
                40_000,
                Some(1.0),
                Some(1.0),
                Some(1.0 / 7.0),
                Some(40.0 / 112.0),
                0,
                0,
                None,
            ),
        ],
    );
    assert_eq!(
        (r.conversion.cohort_count, r.conversion.cohort_amount),
        (7, Money(112_000))
    );
    let won = &r.conversion.won;
    assert_eq!((won.count, won.amount), (1, Money(40_000)));
    close(won.conversion, Some(1.0 / 7.0), "won from first");
    close(
        won.conversion_amount,
        Some(40.0 / 112.0),
        "won amount from first",
    );
    // Lost cohort deals: d5 with a zero amount.
    let lost = &r.conversion.lost;
    assert_eq!((lost.count, lost.amount), (1, Money(0)));
    close(lost.conversion, Some(1.0 / 7.0), "lost from first");
    close(lost.conversion_amount, Some(0.0), "lost amount from first");
}

#[test]
fn reached_never_grows_from_one_stage_to_the_next() {
    let ws = fixture();
    for f in [
        Filter::default(),
        q1(),
        Filter {
            seller: Some(S2),
            ..q1()
        },
    ] {
        let r = report(&ws, &f);
        let reached: Vec<usize> = r.conversion.rows.iter().map(|r| r.reached).collect();
        assert!(reached.windows(2).all(|w| w[0] >= w[1]), "{reached:?}");
        assert!(reached.last().copied().unwrap_or(0) >= r.conversion.won.count);
    }
}

#[test]
fn headline_figures_follow_the_definitions() {
    let ws = fixture();
    let h = report(&ws, &q1()).headline;
    assert_eq!(
        (h.open_count, h.open_amount, h.open_weighted),
        (6, Money(80_000), Weighted(2_580_000))
    );
    // Closed in Q1: won d3 40 000 + d8 25 000; lost d4 5 000 + d5 0.
    close(h.win_rate_count, Some(2.0 / 4.0), "win rate count");
    close(
        h.win_rate_amount,
        Some(65_000.0 / 70_000.0),
        "win rate amount",
    );
    // Cycles: d3 01-15 → 02-24 = 40 days; d8 2023-12-20 → 2024-03-20 = 91 days → 65.5.
    close(h.avg_sales_cycle_days, Some(65.5), "cycle");
    assert_eq!(h.avg_won_amount, Some(Money(32_500)));
    // 6 open × 32 500 × 0.5 / 65.5 = 1 488.55 → 1 489 minor units (14.89) per day.
    assert_eq!(h.sales_velocity_per_day, Some(Money(1_489)));
}

#[test]
fn without_a_period_closed_rows_and_cohort_cover_all_time() {
    let ws = fixture();
    let r = report(&ws, &Filter::default());
    // Won ever: d3 400, d6 1 000, d8 250; lost ever: d4 50, d5 0.
    assert_eq!(
        (r.snapshot.won.count, r.snapshot.won.amount),
        (3, Money(165_000))
    );
    assert_eq!(
        (r.snapshot.lost.count, r.snapshot.lost.amount),
        (2, Money(5_000))
    );
    // The snapshot of open deals does not depend on the period.
    assert_eq!(r.snapshot.rows, report(&ws, &q1()).snapshot.rows);
    // Cohort = every deal: 11 deals, 2 500.00. Every deal was in some open stage, so all 11
    // reached A — d5, d7 and d10 too, created in B without ever being in A.
    assert_eq!(r.conversion.cohort_count, 11);
    assert_eq!(r.conversion.cohort_amount, Money(250_000));
    assert_eq!(r.conversion.rows[0].reached, 11);
    // Won deals d3, d6, d8 reached D even though d8 skipped B and none passed through D.
    assert_eq!(r.conversion.rows[POS_D].reached, 3);
    // Cycles: 40 + (2023-11-01 → 2024-04-05 = 156) + 91 = 287 / 3.
    close(r.headline.avg_sales_cycle_days, Some(287.0 / 3.0), "cycle");
}

#[test]
fn filters_with_only_zero_amounts_give_no_ratios_rather_than_nan() {
    let ws = fixture();
    // Direction X2 holds only d7: open in B with a zero amount, created 2024-03-01.
    let r = report(
        &ws,
        &Filter {
            direction: Some(X2),
            ..q1()
        },
    );
    check_snapshot(
        &r,
        &[
            (POS_A, 0, 0, 0, Some(0.0), None, None),
            (POS_B, 1, 0, 0, Some(1.0), None, Some(45.0)),
            (POS_C, 0, 0, 0, Some(0.0), None, None),
            (POS_D, 0, 0, 0, Some(0.0), None, None),
        ],
    );
    // reached A = B = 1 (d7 created in B still reached A), amounts 0 → amount ratios None.
    check_conversion(
        &r,
        &[
            (POS_A, 1, 0, Some(1.0), None, Some(1.0), None, 0, 0, None),
            (POS_B, 1, 0, Some(0.0), None, Some(1.0), None, 0, 0, None),
            (POS_C, 0, 0, None, None, Some(0.0), None, 0, 0, None),
            (POS_D, 0, 0, None, None, Some(0.0), None, 0, 0, None),
        ],
    );
    let h = &r.headline;
    assert_eq!(
        (h.win_rate_count, h.win_rate_amount, h.avg_sales_cycle_days),
        (None, None, None)
    );
    assert_eq!((h.avg_won_amount, h.sales_velocity_per_day), (None, None));
}

#[test]
fn an_empty_workspace_or_a_missing_filter_item_gives_zero_rows() {
    let ws = Workspace::empty("RUB", &demo::Names::new(Lang::En));
    let r = report(&ws, &q1());
    assert_eq!(r.snapshot.rows.len(), 5);
    assert!(
        r.snapshot
            .rows
            .iter()
            .all(|r| r.count == 0 && r.share_count.is_none())
    );
    assert!(
        r.conversion
            .rows
            .iter()
            .all(|r| r.reached == 0 && r.step_conversion.is_none())
    );
    assert_eq!(r.headline.sales_velocity_per_day, None);

    let ws = fixture();
    let r = report(
        &ws,
        &Filter {
            seller: Some(SellerId(999)),
            ..q1()
        },
    );
    assert_eq!(r.snapshot.total, Tally::default());
    assert_eq!(r.conversion.cohort_count, 0);
}

fn all_rows(ws: &Workspace) -> Vec<FunnelRowKey> {
    let mut rows: Vec<FunnelRowKey> = (0..ws.stages.len()).map(FunnelRowKey::Stage).collect();
    rows.extend([FunnelRowKey::Won, FunnelRowKey::Lost, FunnelRowKey::Total]);
    rows
}

fn check_drill_down_counts(ws: &Workspace, f: &Filter, today: NaiveDate) {
    let ix = DealIndex::build(ws);
    let r = funnel(ws, &ix, f, today);
    for mode in [FunnelMode::Snapshot, FunnelMode::Conversion] {
        for row in all_rows(ws) {
            let deals = stage_deals(ws, &ix, f, today, row, mode);
            assert_eq!(
                deals.len(),
                r.row_count(mode, row),
                "{mode:?} {row:?} {f:?}"
            );
            assert!(
                deals.iter().all(|&i| f.selects(&ws.deals[i])),
                "filters kept"
            );
        }
    }
}

#[test]
fn clicking_a_row_lists_exactly_the_deals_it_counts() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let list = |row, mode| stage_deals(&ws, &ix, &q1(), today(), row, mode);
    use FunnelMode::*;
    use FunnelRowKey::*;
    assert_eq!(list(Stage(POS_A), Snapshot), [0, 9]);
    assert_eq!(list(Stage(POS_B), Snapshot), [7, 10]);
    assert_eq!(list(Stage(POS_C), Snapshot), [1, 2]);
    assert_eq!(list(Stage(POS_D), Snapshot), Vec::<usize>::new());
    assert_eq!(list(Won, Snapshot), [3, 8]);
    assert_eq!(list(Lost, Snapshot), [4, 5]);
    assert_eq!(list(Total, Snapshot), [0, 1, 2, 7, 9, 10]);
    assert_eq!(list(Stage(POS_A), Conversion), [0, 1, 2, 3, 5, 7, 9]);
    assert_eq!(list(Stage(POS_B), Conversion), [1, 2, 3, 5, 7, 9]);
    assert_eq!(list(Stage(POS_C), Conversion), [1, 2, 3, 5]);
    assert_eq!(list(Stage(POS_D), Conversion), [3]);
    assert_eq!(list(Won, Conversion), [3]);
    assert_eq!(list(Lost, Conversion), [5]);
    assert_eq!(list(Total, Conversion), [0, 1, 2, 3, 5, 7, 9]);
    // The won stage's own position is not a funnel stage row.
    assert!(list(Stage(4), Snapshot).is_empty());
    assert!(list(Stage(99), Conversion).is_empty());
    // With the seller filter the list keeps it: S2's deals in C now.
    let s2 = Filter {
        seller: Some(S2),
        ..q1()
    };
    assert_eq!(
        stage_deals(&ws, &ix, &s2, today(), Stage(POS_C), Snapshot),
        [2]
    );

    for f in [
        Filter::default(),
        q1(),
        s2,
        Filter {
            direction: Some(X2),
            ..q1()
        },
    ] {
        check_drill_down_counts(&ws, &f, today());
    }
}

#[test]
fn seller_comparison_gives_every_seller_their_own_funnel() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    // The filter's seller is ignored: every seller gets a column.
    let by_seller = funnel_by_seller(
        &ws,
        &ix,
        &Filter {
            seller: Some(S1),
            ..q1()
        },
        today(),
    );
    let ids: Vec<(usize, SellerId)> = by_seller.iter().map(|s| (s.seller, s.seller_id)).collect();
    assert_eq!(ids, [(0, S1), (1, S2), (2, S3)]);
    for s in &by_seller {
        let alone = funnel(
            &ws,
            &ix,
            &Filter {
                seller: Some(s.seller_id),
                ..q1()
            },
            today(),
        );
        assert_eq!(s.report, alone, "seller {:?}", s.seller_id);
    }
    // S1 open: d0 A, d10 B, d1 C; S2 open: d9 A, d7 B, d2 C. S3 has no deals: zeros, no ratios.
    let counts = |s: usize| -> Vec<usize> {
        by_seller[s]
            .report
            .snapshot
            .rows
            .iter()
            .map(|r| r.count)
            .collect()
    };
    assert_eq!(counts(0), [1, 1, 1, 0]);
    assert_eq!(counts(1), [1, 1, 1, 0]);
    assert_eq!(counts(2), [0, 0, 0, 0]);
    let s3 = &by_seller[2].report;
    assert_eq!(s3.conversion.cohort_count, 0);
    assert_eq!(s3.headline.win_rate_count, None);
    // S1 in Q1: won d3, d8, lost d5 (0) → 2/3 by count; S2: lost d4 only → 0.
    close(
        by_seller[0].report.headline.win_rate_count,
        Some(2.0 / 3.0),
        "S1 win rate",
    );
    close(
        by_seller[1].report.headline.win_rate_count,
        Some(0.0),
        "S2 win rate",
    );
    // The sellers add up to the team.
    let team = funnel(&ws, &ix, &q1(), today());
    for k in 0..4 {
        let sum: usize = by_seller
            .iter()
            .map(|s| s.report.conversion.rows[k].reached)
            .sum();
        assert_eq!(sum, team.conversion.rows[k].reached);
        let sum: Money = by_seller
            .iter()
            .map(|s| s.report.snapshot.rows[k].amount)
            .sum();
        assert_eq!(sum, team.snapshot.rows[k].amount);
    }
}

// ---- The demo data against a naive recomputation ("optimised == simple"). ----

struct Naive {
    /// Per open stage: count, amount, weighted.
    snapshot: Vec<(usize, Money, Weighted)>,
    won: (usize, Money),
    lost: (usize, Money),
    /// Per open stage: reached, reached amount, days total, deals left.
    conversion: Vec<(usize, Money, i64, usize)>,
    cohort: (usize, Money),
    cohort_won: usize,
    cycle_days: i64,
}

fn naive(ws: &Workspace, f: &Filter) -> Naive {
    let kind = |id: StageId| ws.stage(id).unwrap().kind;
    let pos = |id: StageId| ws.stages.iter().position(|s| s.id == id).unwrap();
    let in_period = |d: NaiveDate| f.period.is_none_or(|p| p.contains(d));
    let open: Vec<&Stage> = ws
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .collect();
    let selected: Vec<&Deal> = ws.deals.iter().filter(|d| f.selects(d)).collect();
    let snapshot = open
        .iter()
        .map(|s| {
            let here: Vec<&&Deal> = selected.iter().filter(|d| d.stage == s.id).collect();
            (
                here.len(),
                here.iter().map(|d| d.amount).sum(),
                here.iter().fold(Weighted::ZERO, |a, d| {
                    a + d.amount.weighted(ws.probability(d))
                }),
            )
        })
        .collect();
    let closed = |k: StageKind| -> Vec<&&Deal> {
        selected
            .iter()
            .filter(|d| kind(d.stage) == k && in_period(d.closed.unwrap()))
            .collect()
    };
    let won = closed(StageKind::Won);
    let lost = closed(StageKind::Lost);
    let cohort: Vec<&&Deal> = selected.iter().filter(|d| in_period(d.created)).collect();
    let conversion = open
        .iter()
        .map(|s| {
            let k = pos(s.id);
            let reached: Vec<&&&Deal> = cohort
                .iter()
                .filter(|d| {
                    kind(d.stage) == StageKind::Won
                        || d.history
                            .iter()
                            .any(|e| kind(e.stage) == StageKind::Open && pos(e.stage) >= k)
                })
                .collect();
            let mut days = 0;
            let mut left = 0;
            for d in &cohort {
                let mut visits: Vec<&StageEntry> = d.history.iter().collect();
                visits.dedup_by_key(|e| e.stage);
                let mut did_leave = false;
                for w in visits.windows(2) {
                    if w[0].stage == s.id {
                        days += (w[1].entered - w[0].entered).num_days();
                        did_leave = true;
                    }
                }
                left += did_leave as usize;
            }
            (
                reached.len(),
                reached.iter().map(|d| d.amount).sum(),
                days,
                left,
            )
        })
        .collect();
    Naive {
        snapshot,
        won: (won.len(), won.iter().map(|d| d.amount).sum()),
        lost: (lost.len(), lost.iter().map(|d| d.amount).sum()),
        conversion,
        cohort: (cohort.len(), cohort.iter().map(|d| d.amount).sum()),
        cohort_won: cohort
            .iter()
            .filter(|d| kind(d.stage) == StageKind::Won)
            .count(),
        cycle_days: won
            .iter()
            .map(|d| (d.closed.unwrap() - d.created).num_days())
            .sum(),
    }
}

fn check_against_naive(ws: &Workspace, r: &FunnelReport, f: &Filter) {
    let n = naive(ws, f);
    let snap: Vec<(usize, Money, Weighted)> = r
        .snapshot
        .rows
        .iter()
        .map(|r| (r.count, r.amount, r.weighted))
        .collect();
    assert_eq!(snap, n.snapshot, "snapshot {f:?}");
    assert_eq!(
        (r.snapshot.won.count, r.snapshot.won.amount),
        n.won,
        "won {f:?}"
    );
    assert_eq!(
        (r.snapshot.lost.count, r.snapshot.lost.amount),
        n.lost,
        "lost {f:?}"
    );
    let conv: Vec<(usize, Money, i64, usize)> = r
        .conversion
        .rows
        .iter()
        .map(|r| {
            (
                r.reached,
                r.reached_amount,
                r.days_in_stage_total,
                r.deals_left,
            )
        })
        .collect();
    assert_eq!(conv, n.conversion, "conversion {f:?}");
    assert_eq!(
        (r.conversion.cohort_count, r.conversion.cohort_amount),
        n.cohort
    );
    assert_eq!(r.conversion.won.count, n.cohort_won);
    let h = &r.headline;
    let open_count: usize = n.snapshot.iter().map(|s| s.0).sum();
    let (won, won_amount) = (n.won.0 as f64, n.won.1.0 as f64);
    close(
        h.win_rate_count,
        (won + n.lost.0 as f64 > 0.0).then(|| won / (won + n.lost.0 as f64)),
        "win rate",
    );
    let cycle = (won > 0.0).then(|| n.cycle_days as f64 / won);
    close(h.avg_sales_cycle_days, cycle, "cycle");
    if let (Some(v), Some(cycle)) = (h.sales_velocity_per_day, cycle) {
        let simple =
            open_count as f64 * (won_amount / won) * (won / (won + n.lost.0 as f64)) / cycle;
        assert!(
            (v.0 as f64 - simple).abs() <= 0.5 + 1e-6,
            "velocity {} vs {simple}",
            v.0
        );
    } else {
        assert!(n.won.0 == 0 || n.cycle_days == 0, "velocity missing");
    }
}

#[test]
fn demo_funnel_equals_a_naive_recomputation() {
    let today = day(2025, 6, 30);
    let ws = support::demo(Lang::En, today, 2_000);
    let ix = DealIndex::build(&ws);
    let last_quarter = Period {
        from: day(2025, 4, 1),
        to: day(2025, 6, 30),
    };
    let filters = [
        Filter::default(),
        Filter {
            period: Some(last_quarter),
            ..Filter::default()
        },
        Filter {
            period: Some(last_quarter),
            seller: Some(ws.sellers[2].id),
            ..Filter::default()
        },
        Filter {
            direction: Some(ws.directions[1].id),
            deal_type: Some(ws.deal_types[0].id),
            ..Filter::default()
        },
    ];
    for f in &filters {
        let r = funnel(&ws, &ix, f, today);
        check_against_naive(&ws, &r, f);
        assert!(
            r.snapshot.total.count > 0,
            "the demo has open deals for {f:?}"
        );
        check_drill_down_counts(&ws, f, today);
    }
    let by_seller = funnel_by_seller(&ws, &ix, &filters[1], today);
    assert_eq!(by_seller.len(), ws.sellers.len());
    for s in &by_seller {
        let f = Filter {
            seller: Some(s.seller_id),
            ..filters[1].clone()
        };
        assert_eq!(s.report, funnel(&ws, &ix, &f, today));
    }
}
