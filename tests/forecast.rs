//! Host tests of the forecast tool (issue 7): every forecast column by hand on a fixture, quarter
//! boundaries, "no plan", overdue deals kept out of past periods, each attention rule, the task
//! list, depth of work with key clients, the override and next-step edits, and the demo data
//! against a naive recomputation.

mod support;
use support::day;

use chrono::{Duration, NaiveDate};
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::filter::{Filter, Period};
use voronka::domain::forecast::*;
use voronka::domain::index::DealIndex;
use voronka::domain::*;

fn today() -> NaiveDate {
    day(2025, 5, 15)
}

// Ids deliberately differ from positions, so ids can never stand in for positions.
const Q: StageId = StageId(30); // open 10%, rots after 14 days, pipeline
const P: StageId = StageId(10); // open 40%, rots after 21 days, best case
const K: StageId = StageId(20); // open 80%, never rots, commit
const W: StageId = StageId(40); // won
const L: StageId = StageId(50); // lost

const SA: SellerId = SellerId(5); // position 0
const SB: SellerId = SellerId(2); // position 1
const X1: DirectionId = DirectionId(9); // position 0
const X2: DirectionId = DirectionId(4); // position 1
const KEY: ClientId = ClientId(1); // key client
const OTHER: ClientId = ClientId(2);
const R1: RoleId = RoleId(1); // target
const R2: RoleId = RoleId(2); // target
const R3: RoleId = RoleId(3); // not a target role

fn base_workspace() -> Workspace {
    use ForecastCategory::*;
    let stage = |id, kind, probability, rotting_days, forecast_category| Stage {
        id,
        name: format!("stage {}", id.0),
        kind,
        probability,
        rotting_days,
        forecast_category,
    };
    Workspace {
        currency: "RUB".into(),
        sellers: vec![
            Seller {
                id: SA,
                name: "A".into(),
            },
            Seller {
                id: SB,
                name: "B".into(),
            },
        ],
        clients: vec![
            Client {
                id: KEY,
                name: "Key".into(),
                segment: String::new(),
                key: true,
                no_client: false,
            },
            Client {
                id: OTHER,
                name: "Other".into(),
                segment: String::new(),
                key: false,
                no_client: false,
            },
        ],
        directions: vec![
            Direction {
                id: X1,
                name: "X1".into(),
            },
            Direction {
                id: X2,
                name: "X2".into(),
            },
        ],
        stages: vec![
            stage(Q, StageKind::Open, 10, Some(14), Pipeline),
            stage(P, StageKind::Open, 40, Some(21), BestCase),
            stage(K, StageKind::Open, 80, None, Commit),
            stage(W, StageKind::Won, 100, None, Commit),
            stage(L, StageKind::Lost, 0, None, Omitted),
        ],
        roles: vec![
            Role {
                id: R1,
                name: "CEO".into(),
                target: true,
            },
            Role {
                id: R2,
                name: "CFO".into(),
                target: true,
            },
            Role {
                id: R3,
                name: "Engineer".into(),
                target: false,
            },
        ],
        ..Workspace::default()
    }
}

/// A deal created on `entered` straight into `stage` (closed that day if won or lost), at the
/// ordinary client, with no next step. Tests adjust the rest by struct update.
fn deal(
    n: u64,
    seller: SellerId,
    direction: Option<DirectionId>,
    major: i64,
    stage: StageId,
    entered: NaiveDate,
    expected: Option<NaiveDate>,
) -> Deal {
    Deal {
        title: format!("deal {n}"),
        client: OTHER,
        seller,
        direction,
        amount: Money::from_major(major),
        expected_close: expected,
        closed: (stage == W || stage == L).then_some(entered),
        ..support::deal(100 + n, &[(stage, entered)])
    }
}

fn plan(seller: SellerId, year: i32, month: u32, major: i64) -> Plan {
    Plan {
        seller,
        month: YearMonth::new(year, month),
        amount: Money::from_major(major),
    }
}

/// Twelve deals, f0..f11 (the number is the position), today = 2025-05-15.
fn forecast_fixture() -> Workspace {
    let mut ws = base_workspace();
    let jan = day(2025, 1, 10);
    ws.deals = vec![
        // f0: won 100,000 on Mar 31 → Q1.
        deal(
            0,
            SA,
            Some(X1),
            100_000,
            W,
            day(2025, 3, 31),
            Some(day(2025, 3, 1)),
        ),
        // f1: won 50,000 on Apr 1 → Q2.
        deal(
            1,
            SB,
            Some(X2),
            50_000,
            W,
            day(2025, 4, 1),
            Some(day(2025, 6, 1)),
        ),
        // f2: lost: nowhere.
        deal(
            2,
            SA,
            Some(X1),
            70_000,
            L,
            day(2025, 4, 10),
            Some(day(2025, 4, 30)),
        ),
        // f3: open 10%, pipeline, expected Jun 30 → Q2; weighted 20,000.
        deal(3, SA, Some(X1), 200_000, Q, jan, Some(day(2025, 6, 30))),
        // f4: open 40%, best case, expected Jul 1 → Q3; weighted 40,000.
        deal(4, SB, Some(X1), 100_000, P, jan, Some(day(2025, 7, 1))),
        // f5: open 80%, commit, expected today (not overdue) → Q2; weighted 48,000.
        deal(5, SA, Some(X2), 60_000, K, jan, Some(day(2025, 5, 15))),
        // f6: stage P but p = 25 and category commit by override → Q2; weighted 10,000.
        Deal {
            probability: Some(25),
            forecast_category: Some(ForecastCategory::Commit),
            ..deal(6, SB, Some(X2), 40_000, P, jan, Some(day(2025, 5, 20)))
        },
        // f7: omitted by override, no direction → Q3; weighted 3,000.
        Deal {
            forecast_category: Some(ForecastCategory::Omitted),
            ..deal(7, SA, None, 30_000, Q, jan, Some(day(2025, 8, 15)))
        },
        // f8: open 80% expected Mar 15 → overdue (weighted 64,000), never in Q1 or March.
        deal(8, SA, Some(X1), 80_000, K, jan, Some(day(2025, 3, 15))),
        // f9: open 10%, no expected close → undated (weighted 1,000).
        deal(9, SB, Some(X1), 10_000, Q, jan, None),
        // f10: won on Dec 31, 2024: before the horizon.
        deal(10, SA, Some(X1), 5_000, W, day(2024, 12, 31), None),
        // f11: open 10% expected Oct 1: after the horizon (weighted 2,000).
        deal(11, SB, Some(X2), 20_000, Q, jan, Some(day(2025, 10, 1))),
    ];
    ws.plans = vec![
        plan(SA, 2024, 12, 99_999), // outside the horizon
        plan(SA, 2025, 1, 30_000),
        plan(SA, 2025, 2, 30_000),
        plan(SA, 2025, 3, 40_000), // SA Q1 = 100,000
        plan(SA, 2025, 4, 50_000),
        plan(SA, 2025, 5, 50_000),
        plan(SA, 2025, 6, 50_000), // SA Q2 = 150,000
        plan(SB, 2025, 4, 50_000), // SB Q2 = 50,000; nobody has a Q3 plan
    ];
    ws
}

/// Q1–Q3 2025, asked for from February to show the start moves back to the quarter's first month.
fn quarters() -> ForecastSpec {
    ForecastSpec {
        granularity: Granularity::Quarter,
        from: YearMonth::new(2025, 2),
        periods: 3,
    }
}

fn run(ws: &Workspace, filter: &Filter, spec: ForecastSpec) -> ForecastReport {
    forecast(ws, &DealIndex::build(ws), filter, today(), spec)
}

/// Expected forecast columns in major units (weighted ones too).
#[derive(Default)]
struct Want {
    won: i64,
    won_count: u32,
    open_count: u32,
    open: i64,
    weighted: i64,
    pipeline: i64,
    best_case: i64,
    commit: i64,
    omitted: i64,
    commit_view: i64,
    best_case_view: i64,
    pipeline_view: i64,
    plan: i64,
    attainment: Option<f64>,
    coverage: Option<f64>,
    forecast: i64,
}

fn w(major: i64) -> Weighted {
    Weighted(major as i128 * 100 * 100)
}

fn m(major: i64) -> Money {
    Money::from_major(major)
}

fn check_ratio(what: &str, got: Option<f64>, want: Option<f64>) {
    match (got, want) {
        (None, None) => {}
        (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{what}: got {g}, want {w}"),
        _ => panic!("{what}: got {got:?}, want {want:?}"),
    }
    if let Some(g) = got {
        assert!(g.is_finite(), "{what} is not finite");
    }
}

fn check(what: &str, got: &ForecastRow, want: Want) {
    let c = &got.by_category;
    let got_money = [
        ("won", got.won),
        ("open", got.open_amount),
        ("pipeline", c.pipeline),
        ("best_case", c.best_case),
        ("commit", c.commit),
        ("omitted", c.omitted),
        ("commit_view", got.commit_view),
        ("best_case_view", got.best_case_view),
        ("pipeline_view", got.pipeline_view),
        ("plan", got.plan),
    ];
    let want_money = [
        want.won,
        want.open,
        want.pipeline,
        want.best_case,
        want.commit,
        want.omitted,
        want.commit_view,
        want.best_case_view,
        want.pipeline_view,
        want.plan,
    ];
    for ((name, g), wv) in got_money.iter().zip(want_money) {
        assert_eq!(*g, m(wv), "{what}: {name}");
    }
    assert_eq!(got.won_count, want.won_count, "{what}: won_count");
    assert_eq!(got.open_count, want.open_count, "{what}: open_count");
    assert_eq!(got.weighted_open, w(want.weighted), "{what}: weighted_open");
    assert_eq!(got.forecast, w(want.forecast), "{what}: forecast");
    check_ratio(
        &format!("{what}: attainment"),
        got.attainment,
        want.attainment,
    );
    check_ratio(&format!("{what}: coverage"), got.coverage, want.coverage);
}

fn sum(count: u32, major: i64, weighted_major: i64) -> DealSum {
    DealSum {
        count,
        amount: m(major),
        weighted: w(weighted_major),
    }
}

#[test]
fn quarterly_forecast_columns_by_hand() {
    let r = run(&forecast_fixture(), &Filter::default(), quarters());
    let months: Vec<(YearMonth, u32)> = r.periods.iter().map(|p| (p.first, p.months)).collect();
    assert_eq!(
        months,
        [
            (YearMonth::new(2025, 1), 3),
            (YearMonth::new(2025, 4), 3),
            (YearMonth::new(2025, 7), 3)
        ]
    );
    assert_eq!(r.periods[0].end(), Some(day(2025, 3, 31)));
    assert_eq!(r.periods[1].quarter(), 2);
    let t = &r.total;
    // Q1: won f0 100,000 (Mar 31); f8 is expected in March but overdue, so no open deal.
    // Plan 30,000 + 30,000 + 40,000 = 100,000 → attainment 100 %; gap 0 → no coverage.
    check(
        "Q1",
        &t.rows[0],
        Want {
            won: 100_000,
            won_count: 1,
            commit_view: 100_000,
            best_case_view: 100_000,
            pipeline_view: 100_000,
            plan: 100_000,
            attainment: Some(100.0),
            forecast: 100_000,
            ..Want::default()
        },
    );
    // Q2: won f1 50,000 (Apr 1). Open f3 200,000 + f5 60,000 + f6 40,000 = 300,000;
    // weighted 20,000 + 48,000 + 10,000 = 78,000. Pipeline 200,000; commit 60,000 + 40,000.
    // Views: commit 50,000 + 100,000 = 150,000; best case the same (no best case);
    // pipeline 150,000 + 200,000 = 350,000. Plan SA 150,000 + SB 50,000 = 200,000;
    // attainment 50,000 / 200,000 = 25 %; coverage 300,000 / (200,000 − 50,000) = 2.
    // Forecast 50,000 + 78,000 = 128,000.
    check(
        "Q2",
        &t.rows[1],
        Want {
            won: 50_000,
            won_count: 1,
            open_count: 3,
            open: 300_000,
            weighted: 78_000,
            pipeline: 200_000,
            commit: 100_000,
            commit_view: 150_000,
            best_case_view: 150_000,
            pipeline_view: 350_000,
            plan: 200_000,
            attainment: Some(25.0),
            coverage: Some(2.0),
            forecast: 128_000,
            ..Want::default()
        },
    );
    // Q3: open f4 100,000 (best case, w 40,000) + f7 30,000 (omitted, w 3,000).
    // Views: commit 0; best case 100,000; pipeline 100,000 (omitted in none). No plan.
    // Forecast 0 + 43,000 (the forecast counts every open deal, omitted too).
    check(
        "Q3",
        &t.rows[2],
        Want {
            open_count: 2,
            open: 130_000,
            weighted: 43_000,
            best_case: 100_000,
            omitted: 30_000,
            best_case_view: 100_000,
            pipeline_view: 100_000,
            forecast: 43_000,
            ..Want::default()
        },
    );
    // Totals: won 150,000; open 430,000, weighted 121,000; plan 300,000 → attainment 50 %;
    // coverage 430,000 / (300,000 − 150,000); forecast 271,000.
    check(
        "totals",
        &t.totals,
        Want {
            won: 150_000,
            won_count: 2,
            open_count: 5,
            open: 430_000,
            weighted: 121_000,
            pipeline: 200_000,
            best_case: 100_000,
            commit: 100_000,
            omitted: 30_000,
            commit_view: 250_000,
            best_case_view: 350_000,
            pipeline_view: 550_000,
            plan: 300_000,
            attainment: Some(50.0),
            coverage: Some(430_000.0 / 150_000.0),
            forecast: 271_000,
        },
    );
    assert_eq!(t.overdue, sum(1, 80_000, 64_000), "f8");
    assert_eq!(t.undated, sum(1, 10_000, 1_000), "f9");
    assert_eq!(t.outside, sum(1, 20_000, 2_000), "f11");
}

#[test]
fn per_seller_and_per_direction_breakdowns() {
    let r = run(&forecast_fixture(), &Filter::default(), quarters());
    assert_eq!(r.by_seller.len(), 2);
    let a = &r.by_seller[0];
    // SA: Q1 won f0 against 100,000.
    check(
        "SA Q1",
        &a.rows[0],
        Want {
            won: 100_000,
            won_count: 1,
            commit_view: 100_000,
            best_case_view: 100_000,
            pipeline_view: 100_000,
            plan: 100_000,
            attainment: Some(100.0),
            forecast: 100_000,
            ..Want::default()
        },
    );
    // SA Q2: nothing won yet against 150,000 → attainment 0 % (a plan exists, so not "no plan");
    // open f3 + f5 = 260,000, w 68,000; coverage 260,000 / 150,000.
    check(
        "SA Q2",
        &a.rows[1],
        Want {
            open_count: 2,
            open: 260_000,
            weighted: 68_000,
            pipeline: 200_000,
            commit: 60_000,
            commit_view: 60_000,
            best_case_view: 60_000,
            pipeline_view: 260_000,
            plan: 150_000,
            attainment: Some(0.0),
            coverage: Some(260_000.0 / 150_000.0),
            forecast: 68_000,
            ..Want::default()
        },
    );
    assert_eq!(a.overdue, sum(1, 80_000, 64_000));
    assert_eq!(a.undated, DealSum::default());
    // SB Q2: won f1 50,000 = plan → 100 %, plan met so no coverage; open f6 40,000 (commit).
    let b = &r.by_seller[1];
    check(
        "SB Q2",
        &b.rows[1],
        Want {
            won: 50_000,
            won_count: 1,
            open_count: 1,
            open: 40_000,
            weighted: 10_000,
            commit: 40_000,
            commit_view: 90_000,
            best_case_view: 90_000,
            pipeline_view: 90_000,
            plan: 50_000,
            attainment: Some(100.0),
            forecast: 60_000,
            ..Want::default()
        },
    );
    assert_eq!(b.undated, sum(1, 10_000, 1_000));
    assert_eq!(b.outside, sum(1, 20_000, 2_000));

    // Directions have no plans. X2 Q2: won f1 50,000; open f5 60,000 + f6 40,000, w 58,000.
    assert_eq!(r.by_direction.len(), 2);
    check(
        "X2 Q2",
        &r.by_direction[1].rows[1],
        Want {
            won: 50_000,
            won_count: 1,
            open_count: 2,
            open: 100_000,
            weighted: 58_000,
            commit: 100_000,
            commit_view: 150_000,
            best_case_view: 150_000,
            pipeline_view: 150_000,
            forecast: 108_000,
            ..Want::default()
        },
    );
    let x1 = &r.by_direction[0];
    assert_eq!(x1.totals.won, m(100_000));
    assert_eq!(x1.totals.open_amount, m(300_000)); // f3 + f4
    assert_eq!((x1.overdue.count, x1.undated.count), (1, 1)); // f8, f9
    assert_eq!(r.no_direction.totals.open_amount, m(30_000)); // f7
    assert_eq!(r.no_direction.totals.pipeline_view, Money::ZERO); // omitted
}

#[test]
fn quarter_boundary_mar_31_vs_apr_1() {
    let r = run(&forecast_fixture(), &Filter::default(), quarters());
    // f0 closed Mar 31 is Q1's only won deal, f1 closed Apr 1 is Q2's.
    assert_eq!(
        (r.total.rows[0].won, r.total.rows[1].won),
        (m(100_000), m(50_000))
    );
    // The same two deals by month: March and April.
    let months = ForecastSpec {
        granularity: Granularity::Month,
        from: YearMonth::new(2025, 3),
        periods: 2,
    };
    let r = run(&forecast_fixture(), &Filter::default(), months);
    assert_eq!(
        (r.total.rows[0].won, r.total.rows[1].won),
        (m(100_000), m(50_000))
    );
}

#[test]
fn overdue_deal_is_never_counted_in_its_past_period() {
    // March 2025 and April: f8 (80,000, expected Mar 15) is overdue on May 15.
    let spec = ForecastSpec {
        granularity: Granularity::Month,
        from: YearMonth::new(2025, 3),
        periods: 2,
    };
    let r = run(&forecast_fixture(), &Filter::default(), spec);
    let march = &r.total.rows[0];
    assert_eq!((march.open_count, march.open_amount), (0, Money::ZERO));
    assert_eq!(march.weighted_open, Weighted::ZERO);
    // March: won 100,000 against a plan of 40,000 → 250 %; forecast = won only.
    assert_eq!(march.attainment, Some(250.0));
    assert_eq!(march.forecast, w(100_000));
    // April: won 50,000 against 50,000 + 50,000; nothing open expected → coverage 0 / 50,000.
    assert_eq!(r.total.rows[1].attainment, Some(50.0));
    assert_eq!(r.total.rows[1].coverage, Some(0.0));
    assert_eq!(r.total.overdue, sum(1, 80_000, 64_000));
    // On Mar 10 the same deal is still ahead and counts in March at 80 %.
    let ws = forecast_fixture();
    let r = forecast(
        &ws,
        &DealIndex::build(&ws),
        &Filter::default(),
        day(2025, 3, 10),
        spec,
    );
    assert_eq!(r.total.rows[0].open_amount, m(80_000));
    assert_eq!(r.total.rows[0].weighted_open, w(64_000));
    assert_eq!(r.total.overdue, DealSum::default());
}

#[test]
fn no_plan_is_none_never_nan_or_infinity() {
    let r = run(&forecast_fixture(), &Filter::default(), quarters());
    // Q3 has open deals and no plan; attainment and coverage are "no plan".
    assert_eq!(r.total.rows[2].plan, Money::ZERO);
    assert_eq!(
        (r.total.rows[2].attainment, r.total.rows[2].coverage),
        (None, None)
    );
    // Won with no plan is still "no plan", not infinity.
    assert_eq!(plan_attainment(m(100), Money::ZERO), None);
    assert_eq!(plan_attainment(Money::ZERO, Money::ZERO), None);
    assert_eq!(pipeline_coverage(m(100), Money::ZERO, Money::ZERO), None);
    // Plan beaten: no gap to cover.
    assert_eq!(pipeline_coverage(m(100), m(50), m(80)), None);
    // Directions never have plans.
    for t in &r.by_direction {
        assert!(
            t.rows
                .iter()
                .chain([&t.totals])
                .all(|row| row.attainment.is_none())
        );
    }
    // An empty workspace: all zero, all None.
    let ws = base_workspace();
    let r = run(&ws, &Filter::default(), quarters());
    assert!(
        r.total
            .rows
            .iter()
            .all(|row| row.attainment.is_none() && row.coverage.is_none())
    );
}

#[test]
fn seller_filter_narrows_deals_and_plans() {
    let filter = Filter {
        seller: Some(SB),
        ..Filter::default()
    };
    let r = run(&forecast_fixture(), &filter, quarters());
    // Only SB: Q1 nothing and no plan; Q2 won 50,000 against SB's 50,000.
    assert_eq!(
        (r.total.rows[0].won, r.total.rows[0].attainment),
        (Money::ZERO, None)
    );
    assert_eq!(r.total.rows[1].plan, m(50_000));
    assert_eq!(r.total.rows[1].attainment, Some(100.0));
    // f4 (Q3) + f6 (Q2) open; f9 undated, f11 outside.
    assert_eq!(r.total.totals.open_amount, m(140_000));
    // SA is not selected: no deals and no plan in SA's table.
    assert_eq!(r.by_seller[0].totals.plan, Money::ZERO);
    assert_eq!(
        r.by_seller[0].totals.open_count + r.by_seller[0].totals.won_count,
        0
    );
}

#[test]
fn weighted_sums_stay_exact() {
    // Three deals of 0.01 at 50 %: each weighs 0.005; the sum 0.015 rounds once to 0.02, where
    // rounding each deal first would give 0.03.
    let mut ws = base_workspace();
    for n in 0..3 {
        ws.deals.push(Deal {
            amount: Money(1),
            probability: Some(50),
            ..deal(n, SA, None, 0, Q, day(2025, 1, 1), Some(day(2025, 6, 1)))
        });
    }
    let spec = ForecastSpec {
        granularity: Granularity::Month,
        from: YearMonth::new(2025, 6),
        periods: 1,
    };
    let r = run(&ws, &Filter::default(), spec);
    assert_eq!(r.total.rows[0].weighted_open, Weighted(150));
    assert_eq!(r.total.rows[0].forecast.round(), Money(2));
}

#[test]
fn category_override_edit_moves_the_roll_ups() {
    let mut ws = forecast_fixture();
    // f3 (200,000, stage default pipeline) → commit.
    assert!(set_forecast_category(
        &mut ws,
        DealId(103),
        Some(ForecastCategory::Commit),
        777
    ));
    assert_eq!(ws.deals[3].updated_at, 777);
    let q2 = run(&ws, &Filter::default(), quarters()).total.rows[1];
    // Commit 100,000 + 200,000; commit view 50,000 + 300,000; pipeline view unchanged.
    assert_eq!(
        (q2.by_category.commit, q2.by_category.pipeline),
        (m(300_000), Money::ZERO)
    );
    assert_eq!((q2.commit_view, q2.pipeline_view), (m(350_000), m(350_000)));
    // Same value again: nothing changes, updated_at stays.
    assert!(!set_forecast_category(
        &mut ws,
        DealId(103),
        Some(ForecastCategory::Commit),
        999
    ));
    assert_eq!(ws.deals[3].updated_at, 777);
    // Omitted leaves every roll-up but stays in the forecast.
    assert!(set_forecast_category(
        &mut ws,
        DealId(103),
        Some(ForecastCategory::Omitted),
        1000
    ));
    let q2 = run(&ws, &Filter::default(), quarters()).total.rows[1];
    assert_eq!(q2.pipeline_view, m(150_000));
    assert_eq!(q2.forecast, w(128_000));
    // Clearing the override returns to the stage default.
    assert!(set_forecast_category(&mut ws, DealId(103), None, 1001));
    assert_eq!(
        run(&ws, &Filter::default(), quarters()).total.rows[1]
            .by_category
            .pipeline,
        m(200_000)
    );
    // An unknown deal is not an edit.
    assert!(!set_forecast_category(&mut ws, DealId(9), None, 1002));
}

// ---------------------------------------------------------------------------------------------
// Deals needing attention
// ---------------------------------------------------------------------------------------------

fn step(due: Option<NaiveDate>, done: bool) -> Option<NextStep> {
    Some(NextStep {
        text: "call".into(),
        due,
        done,
    })
}

/// A healthy open deal: 5 days in stage Q (10 %), expected Jul 1, next step due May 20.
fn healthy(n: u64, seller: SellerId, major: i64) -> Deal {
    Deal {
        next_step: step(Some(day(2025, 5, 20)), false),
        ..deal(
            n,
            seller,
            Some(X1),
            major,
            Q,
            day(2025, 5, 10),
            Some(day(2025, 7, 1)),
        )
    }
}

/// One deal per rule (a0–a5), one tripping none (a6), a won one (a7), a done next step (a8), and
/// one closing soon at 31 % (a9). Open amounts: 10, 20, 30, 40, 50, 500, 60, 70, 15 thousand.
fn attention_fixture() -> Workspace {
    let mut ws = base_workspace();
    ws.deals = vec![
        // a0: expected yesterday in a stage that never rots → overdue by 1 day.
        Deal {
            stage: K,
            history: vec![StageEntry {
                stage: K,
                entered: day(2025, 5, 10),
            }],
            expected_close: Some(day(2025, 5, 14)),
            ..healthy(0, SA, 10_000)
        },
        // a1: in Q (rots after 14) since Apr 30 → 15 days → stalled.
        Deal {
            history: vec![StageEntry {
                stage: Q,
                entered: day(2025, 4, 30),
            }],
            created: day(2025, 4, 30),
            ..healthy(1, SA, 20_000)
        },
        // a2: no next step.
        Deal {
            next_step: None,
            ..healthy(2, SA, 30_000)
        },
        // a3: next step due yesterday.
        Deal {
            next_step: step(Some(day(2025, 5, 14)), false),
            ..healthy(3, SA, 40_000)
        },
        // a4: p = 30 by override, expected in exactly 14 days, next step due May 18.
        Deal {
            stage: P,
            history: vec![StageEntry {
                stage: P,
                entered: day(2025, 5, 10),
            }],
            probability: Some(30),
            expected_close: Some(day(2025, 5, 29)),
            next_step: step(Some(day(2025, 5, 18)), false),
            ..healthy(4, SA, 50_000)
        },
        // a5: 500,000 at the key client: the largest open amount.
        Deal {
            client: KEY,
            ..healthy(5, SA, 500_000)
        },
        // a6: trips none: key client but small; exactly 14 days in Q (limit 14, not more);
        // expected in 15 days at 10 % (just outside the window); next step due today.
        Deal {
            client: KEY,
            direction: Some(X2),
            history: vec![StageEntry {
                stage: Q,
                entered: day(2025, 5, 1),
            }],
            created: day(2025, 5, 1),
            expected_close: Some(day(2025, 5, 30)),
            next_step: step(Some(today()), false),
            ..healthy(6, SA, 60_000)
        },
        // a7: won, overdue date, no next step, huge, key client: never flagged (not open).
        Deal {
            client: KEY,
            direction: Some(X2),
            next_step: None,
            ..deal(
                7,
                SA,
                Some(X2),
                1_000_000,
                W,
                day(2025, 3, 1),
                Some(day(2025, 2, 1)),
            )
        },
        // a8: next step done (even if overdue): no next step left, nothing overdue.
        Deal {
            next_step: step(Some(day(2025, 5, 1)), true),
            ..healthy(8, SB, 70_000)
        },
        // a9: closing tomorrow at 31 %: above the low-probability threshold; no due date.
        Deal {
            stage: P,
            history: vec![StageEntry {
                stage: P,
                entered: day(2025, 5, 10),
            }],
            probability: Some(31),
            expected_close: Some(day(2025, 5, 16)),
            next_step: step(None, false),
            ..healthy(9, SB, 15_000)
        },
    ];
    ws.contacts = [
        (KEY, Some(R1)),
        (KEY, Some(R1)),
        (KEY, Some(R3)),
        (KEY, None),
        (OTHER, Some(R2)),
    ]
    .iter()
    .enumerate()
    .map(|(n, &(client, role))| Contact {
        id: ContactId(n as u64 + 1),
        client,
        name: format!("contact {n}"),
        position: String::new(),
        role,
        level: 3,
    })
    .collect();
    ws
}

fn flags(ws: &Workspace, filter: &Filter, th: AttentionThresholds) -> Vec<(usize, Vec<Flag>)> {
    attention(ws, &DealIndex::build(ws), filter, today(), th)
        .into_iter()
        .map(|f| (f.deal, f.reasons))
        .collect()
}

#[test]
fn each_attention_rule_flags_its_deal_and_only_open_deals() {
    let ws = attention_fixture();
    let th = AttentionThresholds::default();
    assert_eq!(
        th,
        AttentionThresholds {
            closing_soon_days: 14,
            low_probability: 30,
            big_deal_percentile: 90,
            stalled_days: None
        }
    );
    // Big-deal threshold: 9 open amounts (a7 is won), rank ⌈0.9 × 9⌉ = 9 → 500,000.
    assert_eq!(
        flags(&ws, &Filter::default(), th),
        vec![
            (0, vec![Flag::Overdue { days: 1 }]),
            (
                1,
                vec![Flag::Stalled {
                    days: 15,
                    limit: 14
                }]
            ),
            (2, vec![Flag::NoNextStep]),
            (3, vec![Flag::NextStepOverdue { days: 1 }]),
            (
                4,
                vec![Flag::ClosingSoonLowProbability {
                    days_left: 14,
                    probability: 30
                }]
            ),
            (
                5,
                vec![Flag::BigDealAtKeyClient {
                    threshold: m(500_000)
                }]
            ),
            (8, vec![Flag::NoNextStep]),
        ]
    );
}

#[test]
fn attention_thresholds_are_editable() {
    let ws = attention_fixture();
    // Median: sorted 10, 15, 20, 30, 40, 50, 60, 70, 500 (thousands); rank ⌈0.5 × 9⌉ = 5 → 40,000,
    // so a6 (60,000 at the key client) is big too.
    let th = AttentionThresholds {
        big_deal_percentile: 50,
        ..AttentionThresholds::default()
    };
    let got = flags(&ws, &Filter::default(), th);
    assert!(got.contains(&(
        6,
        vec![Flag::BigDealAtKeyClient {
            threshold: m(40_000)
        }]
    )));
    // 100th percentile = the largest open amount, 500,000 (the won 1,000,000 is not counted).
    let th = AttentionThresholds {
        big_deal_percentile: 100,
        ..AttentionThresholds::default()
    };
    let got = flags(&ws, &Filter::default(), th);
    assert!(got.contains(&(
        5,
        vec![Flag::BigDealAtKeyClient {
            threshold: m(500_000)
        }]
    )));
    // One stall limit of 10 days for every stage: a1 (15 days) and a6 (14 days) stall; the rest
    // have been 5 days in their stage.
    let th = AttentionThresholds {
        stalled_days: Some(10),
        ..AttentionThresholds::default()
    };
    let stalled: Vec<(usize, Flag)> = flags(&ws, &Filter::default(), th)
        .into_iter()
        .flat_map(|(i, r)| r.into_iter().map(move |f| (i, f)))
        .filter(|(_, f)| f.as_str() == "stalled")
        .collect();
    assert_eq!(
        stalled,
        vec![
            (
                1,
                Flag::Stalled {
                    days: 15,
                    limit: 10
                }
            ),
            (
                6,
                Flag::Stalled {
                    days: 14,
                    limit: 10
                }
            )
        ]
    );
    // p ≤ 31 and a 1-day window: a9 (tomorrow, 31 %) is flagged; a4 (14 days) no longer.
    let th = AttentionThresholds {
        low_probability: 31,
        closing_soon_days: 1,
        ..AttentionThresholds::default()
    };
    let soon: Vec<usize> = flags(&ws, &Filter::default(), th)
        .into_iter()
        .filter(|(_, r)| {
            r.iter()
                .any(|f| f.as_str() == "closing_soon_low_probability")
        })
        .map(|(i, _)| i)
        .collect();
    assert_eq!(soon, vec![9]);
}

#[test]
fn one_deal_can_carry_several_reasons() {
    let mut ws = attention_fixture();
    // a2 also expected 3 days ago at the key client: overdue, no next step, big (500,000 is not the
    // only one at the top any more: 9 amounts, rank 9 → 900,000).
    ws.deals[2].expected_close = Some(day(2025, 5, 12));
    ws.deals[2].client = KEY;
    ws.deals[2].amount = m(900_000);
    let got = flags(&ws, &Filter::default(), AttentionThresholds::default());
    assert!(got.contains(&(
        2,
        vec![
            Flag::Overdue { days: 3 },
            Flag::NoNextStep,
            Flag::BigDealAtKeyClient {
                threshold: m(900_000)
            }
        ]
    )));
    // a5 is no longer at or above the threshold.
    assert!(!got.iter().any(|(i, _)| *i == 5));
}

#[test]
fn attention_per_seller_and_the_seller_view() {
    let ws = attention_fixture();
    let ix = DealIndex::build(&ws);
    let all = attention(
        &ws,
        &ix,
        &Filter::default(),
        today(),
        AttentionThresholds::default(),
    );
    // SA: a0–a5 = 6; SB: a8 = 1.
    assert_eq!(attention_by_seller(&ws, &ix, &all), vec![(0, 6), (1, 1)]);
    // "My deals needing attention" for SB.
    let mine = Filter {
        seller: Some(SB),
        ..Filter::default()
    };
    let got = flags(&ws, &mine, AttentionThresholds::default());
    assert_eq!(got, vec![(8, vec![Flag::NoNextStep])]);
}

#[test]
fn marking_a_next_step_done_changes_the_attention_list_and_tasks() {
    let mut ws = attention_fixture();
    let th = AttentionThresholds::default();
    assert!(
        flags(&ws, &Filter::default(), th).contains(&(3, vec![Flag::NextStepOverdue { days: 1 }]))
    );
    // Done: the overdue step is gone, and now there is no next step.
    assert!(set_next_step(
        &mut ws,
        DealId(103),
        step(Some(day(2025, 5, 14)), true),
        5
    ));
    assert_eq!(ws.deals[3].updated_at, 5);
    assert!(flags(&ws, &Filter::default(), th).contains(&(3, vec![Flag::NoNextStep])));
    let ix = DealIndex::build(&ws);
    assert!(!tasks(&ws, &ix, &Filter::default(), today(), None).contains(&3));
    // A new step due next week: the deal leaves the attention list and joins the tasks.
    assert!(set_next_step(
        &mut ws,
        DealId(103),
        step(Some(day(2025, 5, 22)), false),
        6
    ));
    assert!(
        !flags(&ws, &Filter::default(), th)
            .iter()
            .any(|(i, _)| *i == 3)
    );
    assert!(tasks(&ws, &ix, &Filter::default(), today(), None).contains(&3));
    // The same step again is no edit.
    assert!(!set_next_step(
        &mut ws,
        DealId(103),
        step(Some(day(2025, 5, 22)), false),
        7
    ));
    assert_eq!(ws.deals[3].updated_at, 6);
}

#[test]
fn task_list_overdue_first_then_by_due_date_undated_last() {
    let ws = attention_fixture();
    let ix = DealIndex::build(&ws);
    // Not done steps: a3 May 14 (overdue), a6 May 15, a4 May 18, a0 a1 a5 May 20 (workspace
    // order), a9 no due date. a2 has none, a8 is done, a7 is won.
    assert_eq!(
        tasks(&ws, &ix, &Filter::default(), today(), None),
        vec![3, 6, 4, 0, 1, 5, 9]
    );
    assert_eq!(
        tasks(&ws, &ix, &Filter::default(), today(), Some(SB)),
        vec![9]
    );
    assert!(next_step_overdue(
        ws.deals[3].next_step.as_ref().unwrap(),
        today()
    ));
    assert!(!next_step_overdue(
        ws.deals[6].next_step.as_ref().unwrap(),
        today()
    ));
    // Seller and filter both apply.
    let filter = Filter {
        seller: Some(SA),
        ..Filter::default()
    };
    assert_eq!(
        tasks(&ws, &ix, &filter, today(), Some(SB)),
        Vec::<usize>::new()
    );
}

#[test]
fn depth_of_work_with_key_clients() {
    let ws = attention_fixture();
    let ix = DealIndex::build(&ws);
    let flagged = attention(
        &ws,
        &ix,
        &Filter::default(),
        today(),
        AttentionThresholds::default(),
    );
    let rows = key_client_depth(&ws, &ix, &Filter::default(), &flagged);
    // KEY only (OTHER is not key): 4 contacts; target roles R1 (twice) of R1, R2 → 1 / 2;
    // open a5 500,000 + a6 60,000; directions X1 (a5) and X2 (a6 open, a7 won) → 2;
    // last stage change: a5 on May 10 (a6 May 1, a7 Mar 1); flagged: a5.
    assert_eq!(
        rows,
        vec![KeyClientDepth {
            client: 0,
            contacts: 4,
            target_roles_covered: 1,
            target_roles: 2,
            open_deals: 2,
            open_amount: m(560_000),
            directions_covered: 2,
            last_stage_change: Some(day(2025, 5, 10)),
            flagged_deals: 1,
        }]
    );
    assert_eq!(rows[0].role_coverage(), Some(0.5));
    // Direction X1 only: a5 open; X2's deals are filtered out.
    let x1 = Filter {
        direction: Some(X1),
        ..Filter::default()
    };
    let rows = key_client_depth(&ws, &ix, &x1, &flagged);
    assert_eq!((rows[0].open_deals, rows[0].directions_covered), (1, 1));
    // With a period, a won deal covers its direction only when closed in the period. Move a6 to
    // X1 so that only a7 (won Mar 1) covers X2: April misses it, March and no period count it.
    let mut ws2 = ws.clone();
    ws2.deals[6].direction = Some(X1);
    let ix2 = DealIndex::build(&ws2);
    let april = Filter {
        period: Some(Period {
            from: day(2025, 4, 1),
            to: day(2025, 4, 30),
        }),
        ..Filter::default()
    };
    let march = Filter {
        period: Some(Period {
            from: day(2025, 3, 1),
            to: day(2025, 3, 31),
        }),
        ..Filter::default()
    };
    assert_eq!(
        key_client_depth(&ws2, &ix2, &april, &flagged)[0].directions_covered,
        1
    );
    assert_eq!(
        key_client_depth(&ws2, &ix2, &march, &flagged)[0].directions_covered,
        2
    );
    assert_eq!(
        key_client_depth(&ws2, &ix2, &Filter::default(), &flagged)[0].directions_covered,
        2
    );
}

#[test]
fn nearest_rank_percentile_by_hand() {
    let mut v: Vec<Money> = [15, 20, 35, 40, 50].iter().map(|&x| Money(x)).collect();
    // N = 5: P30 → ⌈1.5⌉ = 2 → 20; P40 → 2 → 20; P50 → ⌈2.5⌉ = 3 → 35; P100 → 5 → 50; P0 → 1.
    assert_eq!(nearest_rank_percentile(&mut v, 30), Some(Money(20)));
    assert_eq!(nearest_rank_percentile(&mut v, 40), Some(Money(20)));
    assert_eq!(nearest_rank_percentile(&mut v, 50), Some(Money(35)));
    assert_eq!(nearest_rank_percentile(&mut v, 100), Some(Money(50)));
    assert_eq!(nearest_rank_percentile(&mut v, 0), Some(Money(15)));
    assert_eq!(nearest_rank_percentile(&mut [], 90), None);
}

// ---------------------------------------------------------------------------------------------
// The demo at 2,000 deals: optimised == simple.
// ---------------------------------------------------------------------------------------------

fn demo_ws() -> Workspace {
    demo::generate(DemoSpec {
        seed: demo::DEMO_SEED,
        deals: 2_000,
        lang: Lang::En,
        today: today(),
    })
}

/// The forecast table for the deals `pick` selects, computed the obvious way: per period, scan
/// every deal and compare dates with the period's first and last day.
fn naive_table(
    ws: &Workspace,
    periods: &[ForecastPeriod],
    pick: &dyn Fn(&Deal) -> bool,
    plan_of: &dyn Fn(&Plan) -> bool,
) -> ForecastTable {
    let mut t = ForecastTable::default();
    let mut all = ForecastRow::default();
    for p in periods {
        let (start, end) = (p.start().unwrap(), p.end().unwrap());
        let mut row = ForecastRow::default();
        for d in ws.deals.iter().filter(|d| pick(d)) {
            let stage = ws.stage(d.stage).unwrap();
            match stage.kind {
                StageKind::Won => {
                    let c = d.closed.unwrap();
                    if start <= c && c <= end {
                        row.won += d.amount;
                        row.won_count += 1;
                    }
                }
                StageKind::Open => {
                    let Some(e) = d.expected_close else { continue };
                    if e >= today() && start <= e && e <= end {
                        row.open_count += 1;
                        row.open_amount += d.amount;
                        row.weighted_open += d.amount.weighted(ws.probability(d));
                        let cat = d.forecast_category.unwrap_or(stage.forecast_category);
                        let slot = match cat {
                            ForecastCategory::Pipeline => &mut row.by_category.pipeline,
                            ForecastCategory::BestCase => &mut row.by_category.best_case,
                            ForecastCategory::Commit => &mut row.by_category.commit,
                            ForecastCategory::Omitted => &mut row.by_category.omitted,
                        };
                        *slot += d.amount;
                    }
                }
                StageKind::Lost => {}
            }
        }
        row.plan = ws
            .plans
            .iter()
            .filter(|pl| plan_of(pl) && p.first <= pl.month && pl.month <= p.last())
            .map(|pl| pl.amount)
            .sum();
        let c = row.by_category;
        row.commit_view = row.won + c.commit;
        row.best_case_view = row.won + c.commit + c.best_case;
        row.pipeline_view = row.won + c.commit + c.best_case + c.pipeline;
        row.attainment = (row.plan.0 > 0).then(|| row.won.0 as f64 * 100.0 / row.plan.0 as f64);
        let gap = row.plan.0 - row.won.0;
        row.coverage = (row.plan.0 > 0 && gap > 0).then(|| row.open_amount.0 as f64 / gap as f64);
        row.forecast = row.won.weighted(100) + row.weighted_open;
        all.won += row.won;
        all.won_count += row.won_count;
        all.open_count += row.open_count;
        all.open_amount += row.open_amount;
        all.weighted_open += row.weighted_open;
        all.by_category.pipeline += c.pipeline;
        all.by_category.best_case += c.best_case;
        all.by_category.commit += c.commit;
        all.by_category.omitted += c.omitted;
        all.plan += row.plan;
        t.rows.push(row);
    }
    let c = all.by_category;
    all.commit_view = all.won + c.commit;
    all.best_case_view = all.commit_view + c.best_case;
    all.pipeline_view = all.best_case_view + c.pipeline;
    all.attainment = (all.plan.0 > 0).then(|| all.won.0 as f64 * 100.0 / all.plan.0 as f64);
    let gap = all.plan.0 - all.won.0;
    all.coverage = (all.plan.0 > 0 && gap > 0).then(|| all.open_amount.0 as f64 / gap as f64);
    all.forecast = all.won.weighted(100) + all.weighted_open;
    t.totals = all;
    let (first, last) = (
        periods[0].start().unwrap(),
        periods.last().unwrap().end().unwrap(),
    );
    for d in ws.deals.iter().filter(|d| pick(d)) {
        if ws.stage(d.stage).unwrap().kind != StageKind::Open {
            continue;
        }
        let wt = d.amount.weighted(ws.probability(d));
        let group = match d.expected_close {
            None => &mut t.undated,
            Some(e) if e < today() => &mut t.overdue,
            Some(e) if e < first || e > last => &mut t.outside,
            Some(_) => continue,
        };
        group.count += 1;
        group.amount += d.amount;
        group.weighted += wt;
    }
    t
}

fn assert_tables_equal(what: &str, got: &ForecastTable, want: &ForecastTable) {
    assert_eq!(got.rows.len(), want.rows.len(), "{what}");
    for (k, (g, w)) in got
        .rows
        .iter()
        .zip(&want.rows)
        .chain([(&got.totals, &want.totals)])
        .enumerate()
    {
        // Ratios come from the same integers by the same formula, so they are equal bit for bit.
        assert_eq!(g, w, "{what}: row {k}");
    }
    assert_eq!(
        (got.overdue, got.undated, got.outside),
        (want.overdue, want.undated, want.outside),
        "{what}"
    );
}

#[test]
fn demo_forecast_equals_a_naive_recomputation() {
    let ws = demo_ws();
    let ix = DealIndex::build(&ws);
    let specs = [
        ForecastSpec {
            granularity: Granularity::Month,
            from: YearMonth::new(2024, 5),
            periods: 18,
        },
        ForecastSpec {
            granularity: Granularity::Quarter,
            from: YearMonth::new(2024, 11),
            periods: 6,
        },
    ];
    let filters = [
        Filter::default(),
        Filter {
            seller: Some(ws.sellers[2].id),
            ..Filter::default()
        },
        Filter {
            direction: Some(ws.directions[1].id),
            deal_type: Some(DealTypeId(1)),
            ..Filter::default()
        },
    ];
    for spec in specs {
        for filter in &filters {
            let r = forecast(&ws, &ix, filter, today(), spec);
            let sel = |d: &Deal| filter.selects(d);
            let plan_sel = |p: &Plan| filter.seller.is_none_or(|s| s == p.seller);
            assert_tables_equal(
                "total",
                &r.total,
                &naive_table(&ws, &r.periods, &sel, &plan_sel),
            );
            for (si, s) in ws.sellers.iter().enumerate() {
                let pick = |d: &Deal| filter.selects(d) && d.seller == s.id;
                let plan_pick = |p: &Plan| plan_sel(p) && p.seller == s.id;
                let want = naive_table(&ws, &r.periods, &pick, &plan_pick);
                assert_tables_equal(&format!("seller {si}"), &r.by_seller[si], &want);
            }
            for (di, x) in ws.directions.iter().enumerate() {
                let pick = |d: &Deal| filter.selects(d) && d.direction == Some(x.id);
                let want = naive_table(&ws, &r.periods, &pick, &|_| false);
                assert_tables_equal(&format!("direction {di}"), &r.by_direction[di], &want);
            }
            let pick = |d: &Deal| filter.selects(d) && d.direction.is_none();
            assert_tables_equal(
                "no direction",
                &r.no_direction,
                &naive_table(&ws, &r.periods, &pick, &|_| false),
            );
        }
    }
    // The horizon matters: the demo has won deals, open deals, plans and overdue deals in it.
    let r = forecast(&ws, &ix, &Filter::default(), today(), specs[0]);
    let t = &r.total;
    assert!(t.totals.won > Money::ZERO && t.totals.open_amount > Money::ZERO);
    assert!(t.totals.plan > Money::ZERO && t.overdue.count > 0);
    // Every open deal is in exactly one place.
    let open = ws
        .deals
        .iter()
        .filter(|d| ws.stage(d.stage).unwrap().kind == StageKind::Open)
        .count();
    assert_eq!(
        (t.totals.open_count + t.overdue.count + t.undated.count + t.outside.count) as usize,
        open
    );
}

#[test]
fn demo_attention_and_tasks_equal_a_naive_recomputation() {
    let ws = demo_ws();
    let ix = DealIndex::build(&ws);
    let th = AttentionThresholds::default();
    let got = attention(&ws, &ix, &Filter::default(), today(), th);
    let is_open = |d: &Deal| ws.stage(d.stage).unwrap().kind == StageKind::Open;
    let mut amounts: Vec<i64> = ws
        .deals
        .iter()
        .filter(|d| is_open(d))
        .map(|d| d.amount.0)
        .collect();
    amounts.sort();
    // Nearest rank: the ⌈0.9 N⌉-th smallest.
    let threshold = Money(amounts[(amounts.len() * 9).div_ceil(10) - 1]);
    let mut want = Vec::new();
    for (i, d) in ws.deals.iter().enumerate() {
        if !is_open(d) {
            continue;
        }
        let stage = ws.stage(d.stage).unwrap();
        let p = ws.probability(d);
        let mut r = Vec::new();
        if let Some(e) = d.expected_close.filter(|&e| e < today()) {
            r.push(Flag::Overdue {
                days: (today() - e).num_days(),
            });
        }
        let days = (today() - d.history.last().unwrap().entered).num_days();
        if let Some(limit) = stage.rotting_days.filter(|&l| days > l as i64) {
            r.push(Flag::Stalled { days, limit });
        }
        match &d.next_step {
            None => r.push(Flag::NoNextStep),
            Some(s) if s.done => r.push(Flag::NoNextStep),
            Some(s) => {
                if let Some(due) = s.due.filter(|&due| due < today()) {
                    r.push(Flag::NextStepOverdue {
                        days: (today() - due).num_days(),
                    });
                }
            }
        }
        if let Some(e) = d.expected_close
            && e >= today()
            && e <= today() + Duration::days(14)
            && p <= 30
        {
            r.push(Flag::ClosingSoonLowProbability {
                days_left: (e - today()).num_days(),
                probability: p,
            });
        }
        if ws.client(d.client).unwrap().key && d.amount.0 > 0 && d.amount >= threshold {
            r.push(Flag::BigDealAtKeyClient { threshold });
        }
        if !r.is_empty() {
            want.push(FlaggedDeal {
                deal: i,
                reasons: r,
            });
        }
    }
    assert_eq!(got, want);
    // Every rule fires somewhere in the demo, so the comparison means something.
    for name in [
        "overdue",
        "stalled",
        "no_next_step",
        "next_step_overdue",
        "closing_soon_low_probability",
        "big_deal_at_key_client",
    ] {
        assert!(
            got.iter()
                .any(|f| f.reasons.iter().any(|r| r.as_str() == name)),
            "{name}"
        );
    }
    // Per seller counts add up to the list.
    let per_seller = attention_by_seller(&ws, &ix, &got);
    assert_eq!(per_seller.iter().map(|(_, c)| c).sum::<usize>(), got.len());
    assert!(per_seller.windows(2).all(|w| w[0].1 >= w[1].1));

    // Tasks: exactly the open deals with a not-done step, ordered by (not overdue, due, position).
    let list = tasks(&ws, &ix, &Filter::default(), today(), None);
    let mut want: Vec<(bool, Option<NaiveDate>, usize)> = ws
        .deals
        .iter()
        .enumerate()
        .filter(|(_, d)| is_open(d))
        .filter_map(|(i, d)| {
            d.next_step
                .as_ref()
                .filter(|s| !s.done)
                .map(|s| (s.due.is_none(), s.due, i))
        })
        .collect();
    want.sort();
    assert_eq!(
        list,
        want.into_iter().map(|(_, _, i)| i).collect::<Vec<_>>()
    );
}
