//! Every report's CSV in one place (`format::report_csv`, issue 18): plain cell values, and the
//! rows of the funnel, forecast, matrix and deal-list exports checked against the reports they
//! flatten (the pipeline's tree and grid are checked in `tests/pipeline.rs`).

use chrono::NaiveDate;
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::filter::{Filter, Period};
use voronka::domain::forecast::{ForecastSpec, Granularity, forecast};
use voronka::domain::funnel::funnel;
use voronka::domain::index::DealIndex;
use voronka::domain::matrix::*;
use voronka::domain::*;
use voronka::format::report_csv::{self, GAP_MARK};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 4).unwrap()
}

fn demo_ws() -> Workspace {
    demo::generate(DemoSpec::standard(Lang::En, today()))
}

/// The label function every test passes: the key itself, so the header shows which key it is.
fn key(k: &'static str) -> String {
    k.to_string()
}

/// A plain amount cell back to minor units.
fn minor(cell: &str) -> i64 {
    let (int, frac) = cell.split_once('.').unwrap();
    let sign = if int.starts_with('-') { -1 } else { 1 };
    sign * (int.trim_start_matches('-').parse::<i64>().unwrap() * 100
        + frac.parse::<i64>().unwrap())
}

#[test]
fn cell_values_are_plain_numbers_and_undefined_is_empty() {
    assert_eq!(report_csv::amount(Money(-5)), "-0.05");
    assert_eq!(report_csv::amount(Money(123_456_789)), "1234567.89");
    assert_eq!(report_csv::weighted(Money(1001).weighted(50)), "5.01");
    assert_eq!(report_csv::percent(Some(0.45678), 2), "45.68");
    assert_eq!(report_csv::percent(Some(1.0), 1), "100.0");
    assert_eq!(report_csv::number(Some(2.345), 1), "2.3");
    for undefined in [None, Some(f64::NAN), Some(f64::INFINITY)] {
        assert_eq!(report_csv::percent(undefined, 2), "");
        assert_eq!(report_csv::number(undefined, 1), "");
    }
    assert_eq!(
        (report_csv::flag(true), report_csv::flag(false)),
        ("1".into(), "0".into())
    );
    assert_eq!(
        report_csv::table(
            vec!["what".into(), "n".into()],
            [("a".to_string(), vec!["1".to_string()])]
        ),
        [["what", "n"], ["a", "1"]]
    );
}

#[test]
fn a_deal_list_has_one_row_per_known_deal() {
    let ws = demo_ws();
    let won = ws
        .deals
        .iter()
        .position(|d| ws.stage(d.stage).is_some_and(|s| s.kind == StageKind::Won))
        .unwrap();
    let header: Vec<String> = (0..8).map(|i| format!("h{i}")).collect();
    let rows = report_csv::deal_list(&ws, &[won, 0, ws.deals.len() + 5], header.clone());
    assert_eq!(rows.len(), 3, "the unknown position is skipped");
    assert_eq!(rows[0], header);
    let d = &ws.deals[won];
    assert_eq!(rows[1][0], d.title);
    assert_eq!(rows[1][1], ws.client(d.client).unwrap().name);
    assert_eq!(minor(&rows[1][4]), d.amount.0);
    assert_eq!(rows[1][5], "100", "a won deal's p");
    assert!(rows.iter().all(|r| r.len() == 8));
}

#[test]
fn the_funnel_tables_add_up_like_the_report() {
    let ws = demo_ws();
    let ix = DealIndex::build(&ws);
    let filter = Filter {
        period: Some(Period {
            from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            to: today(),
        }),
        ..Filter::default()
    };
    let r = funnel(&ws, &ix, &filter, today());

    let rows = report_csv::funnel_snapshot(&ws, &r.snapshot, key);
    assert_eq!(rows[0][0], "col.stage");
    let stages = r.snapshot.rows.len();
    assert_eq!(rows.len(), 1 + stages + 3);
    let total = &rows[1 + stages];
    assert_eq!(total[0], "row.open_total");
    let column_sum = |c: usize| rows[1..=stages].iter().map(|r| minor(&r[c])).sum::<i64>();
    assert_eq!(
        column_sum(2),
        minor(&total[2]),
        "stage amounts add up to the open total"
    );
    assert_eq!(minor(&total[2]), r.snapshot.total.amount.0);
    assert_eq!((total[4].as_str(), total[6].as_str()), ("100.00", ""));
    assert_eq!(rows[1 + stages + 1][0], "row.won");
    assert_eq!(rows[1 + stages + 1][1], r.snapshot.won.count.to_string());
    assert!(rows.iter().all(|row| row.len() == 7));

    let rows = report_csv::funnel_conversion(&ws, &r.conversion, key);
    let stages = r.conversion.rows.len();
    assert_eq!(rows.len(), 1 + stages + 3);
    assert_eq!(rows[1][0], ws.stages[r.conversion.rows[0].stage].name);
    let cohort = &rows[1 + stages];
    assert_eq!(cohort[1], r.conversion.cohort_count.to_string());
    assert!(cohort[3..].iter().all(String::is_empty));
    let won = &rows[1 + stages + 1];
    assert_eq!(won[0], "row.won_now");
    assert_eq!(won[5], report_csv::percent(r.conversion.won.conversion, 2));
    assert!(rows.iter().all(|row| row.len() == 8));
}

#[test]
fn the_forecast_table_has_a_row_per_period_and_the_totals() {
    let ws = demo_ws();
    let ix = DealIndex::build(&ws);
    let spec = ForecastSpec {
        granularity: Granularity::Month,
        from: YearMonth::new(2026, 3),
        periods: 4,
    };
    let r = forecast(&ws, &ix, &Filter::default(), today(), spec);
    let rows = report_csv::forecast(&r.periods, &r.total, key);
    assert_eq!(rows[0][0], "col.period");
    assert_eq!(rows[0][1..], report_csv::FORECAST_COLUMNS);
    assert_eq!(rows.len(), 1 + 4 + 1);
    assert_eq!(
        rows[1..5].iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["2026-03", "2026-04", "2026-05", "2026-06"]
    );
    let last = &rows[5];
    assert_eq!(last[0], "total");
    // Won amounts add up exactly; attainment is a ratio, not percent.
    let won: i64 = rows[1..5].iter().map(|r| minor(&r[1])).sum();
    assert_eq!(won, minor(&last[1]));
    assert_eq!(won, r.total.totals.won.0);
    assert_eq!(last[7], report_csv::number(r.total.totals.attainment, 2));
}

#[test]
fn the_relationship_matrix_marks_gaps_and_counts_coverage() {
    let ws = demo_ws();
    let ix = DealIndex::build(&ws);
    let m = relationship_matrix(&ws, &ix, &RowSelection::All, RelSort::Name);
    let rows = report_csv::relationship_matrix(&ws, &m, key);
    let roles = m.columns.len();
    assert_eq!(rows[0][..3], ["client", "segment", "key"]);
    assert_eq!(rows[0][3], ws.roles[m.columns[0].role].name);
    assert_eq!(rows[0][3 + roles], "covered");
    assert_eq!(rows.len(), 1 + m.rows.len() + 1);
    let mut gaps = 0;
    for (row, line) in m.rows.iter().zip(&rows[1..]) {
        let levels = &line[3..3 + roles];
        gaps += levels.iter().filter(|c| *c == GAP_MARK).count();
        let covered = levels.iter().filter(|c| *c != GAP_MARK).count();
        assert_eq!(line[3 + roles], covered.to_string());
        assert_eq!(line[3 + roles + 2], report_csv::percent(row.coverage, 1));
        assert_eq!(line[2], report_csv::flag(ws.clients[row.client].key));
    }
    assert!(
        gaps > 0,
        "the demo has clients without a contact for some role"
    );
    let foot = rows.last().unwrap();
    assert_eq!(foot[0], "covered_clients");
    assert_eq!(foot[3], m.columns[0].covered_clients.to_string());
}

#[test]
fn the_directions_matrix_writes_a_state_and_an_amount_per_direction() {
    let ws = demo_ws();
    let ix = DealIndex::build(&ws);
    let m = directions_matrix(&ws, &ix, &Filter::default(), DirSort::Name);
    let rows = report_csv::directions_matrix(&ws, &m, key);
    let dirs = m.columns.len();
    let first = &ws.directions[m.columns[0].direction].name;
    assert_eq!(rows[0][3], format!("{first}: state"));
    assert_eq!(rows[0][4], format!("{first}: amount"));
    assert_eq!(rows[0][3 + 2 * dirs], "won_dirs");
    let mut empty = 0;
    for (row, line) in m.rows.iter().zip(&rows[1..]) {
        for (d, cell) in row.cells.iter().enumerate() {
            let (state, amount) = (&line[3 + 2 * d], &line[4 + 2 * d]);
            assert_eq!(*state, cell.state().as_str());
            if cell.state() == CellState::Empty {
                empty += 1;
                assert_eq!(amount, "");
            } else {
                assert_eq!(minor(amount), report_csv::direction_cell_amount(cell).0);
            }
        }
        assert_eq!(line[3 + 2 * dirs], row.directions_won.to_string());
    }
    assert!(empty > 0, "the demo has whitespace");
    let foot = rows.last().unwrap();
    assert_eq!(foot[0], "coverage_row");
    assert_eq!(
        foot[3],
        format!("{}/{}", m.columns[0].won_clients, m.rows.len())
    );
}
