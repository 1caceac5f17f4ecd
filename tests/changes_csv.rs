//! The changes page's CSV (`format::changes_csv`): on a small hand-built week every line is
//! known — the waterfall with signed bars by amount and weighted, a per-seller table that adds
//! up to the total row, the stage matrix and the slipped deals.

mod changes_support;

use changes_support::*;
use voronka::domain::changes::*;
use voronka::domain::filter::Filter;
use voronka::format::changes_csv;

/// Deal 1 (Anna, Proposal 40 %, 100) raised to 150; deal 2 (Anna, Negotiation 60 %, 200) won;
/// deal 3 (Boris, Qualification 10 %, 50) moved to Proposal, its close pushed a month later;
/// deal 4 (Boris, 70) created in the week.
fn week() -> Changes {
    let from = day(2025, 6, 1);
    let to = day(2025, 6, 8);
    let d1 = deal(1, ANNA, PROP, 100);
    let d2 = deal(2, ANNA, NEGO, 200);
    let d3 = closing(deal(3, BORIS, QUAL, 50), day(2025, 7, 1));
    let d4 = created(deal(4, BORIS, QUAL, 70), day(2025, 6, 5));
    let before = workspace(vec![d1.clone(), d2.clone(), d3.clone()]);
    let after = workspace(vec![
        worth(d1, 150),
        moved(d2, WON, day(2025, 6, 5)),
        closing(moved(d3, PROP, day(2025, 6, 3)), day(2025, 8, 1)),
        d4,
    ]);
    compare(
        &Snapshot::take(&before, from),
        Basis::Snapshot,
        &EndState::of_workspace(&after, to),
        &after,
        &Filter::default(),
    )
}

/// Labels as their keys, so the test reads which label went where.
fn key(k: &str) -> String {
    format!("<{k}>")
}

fn line(row: &[String]) -> String {
    row.join(",")
}

#[test]
fn the_waterfall_has_every_bar_signed_between_the_totals() {
    let c = week();
    let rows = changes_csv::waterfall(&c, key);
    let lines: Vec<String> = rows.iter().map(|r| line(r)).collect();
    assert_eq!(
        lines[0],
        "<col.bar>,<col.deals>,<col.amount>,<col.deals_weighted>,<col.weighted>"
    );
    // Then: 100 × 40 % + 200 × 60 % + 50 × 10 % = 165.
    assert_eq!(lines[1], "<row.from>,3,350.00,3,165.00");
    let bar = |code: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("<bar.{code}>,")))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(bar("won"), "<bar.won>,1,-200.00,1,-120.00");
    assert_eq!(bar("new"), "<bar.new>,1,70.00,1,7.00");
    assert_eq!(bar("increased"), "<bar.increased>,1,50.00,2,35.00");
    assert_eq!(bar("unchanged"), "<bar.unchanged>,1,0.00,0,0.00");
    // Now: 150 × 40 % + 50 × 40 % + 70 × 10 % = 87.
    assert_eq!(
        lines.last().map(String::as_str),
        Some("<row.to>,3,270.00,3,87.00")
    );
    assert_eq!(
        rows.len(),
        3 + Bar::ALL.len(),
        "header, two totals, every bar; no history note from a snapshot"
    );
}

#[test]
fn the_seller_table_adds_up_to_its_total_row() {
    let c = week();
    let named: Vec<(String, Waterfall)> = c
        .by_seller
        .iter()
        .map(|(s, w)| (format!("seller {}", s.0), *w))
        .collect();
    let bars = [Bar::New, Bar::Increased, Bar::Won];
    let rows = changes_csv::groups(&c, &named, &bars, false, key);
    assert_eq!(
        line(&rows[0]),
        "<col.group>,<row.from>: <col.deals>,<row.from>: <col.amount>,\
         <bar.new>: <col.deals>,<bar.new>: <col.amount>,\
         <bar.increased>: <col.deals>,<bar.increased>: <col.amount>,\
         <bar.won>: <col.deals>,<bar.won>: <col.amount>,\
         <row.to>: <col.deals>,<row.to>: <col.amount>"
    );
    let by_name = |n: &str| {
        rows.iter()
            .find(|r| r[0] == n)
            .map(|r| line(&r[1..]))
            .unwrap_or_default()
    };
    assert_eq!(
        by_name("seller 5"),
        "2,300.00,0,0.00,1,50.00,1,-200.00,1,150.00"
    );
    assert_eq!(
        by_name("seller 2"),
        "1,50.00,1,70.00,0,0.00,0,0.00,2,120.00"
    );
    assert_eq!(
        by_name("<row.total>"),
        "3,350.00,1,70.00,1,50.00,1,-200.00,3,270.00"
    );
}

#[test]
fn the_matrix_and_the_slipped_deals() {
    let c = week();
    let ws = workspace(vec![]);
    let rows = changes_csv::matrix(&ws, &c.stages, key);
    // Stages are named from the workspace; columns: the open stages, then won, lost, left.
    assert_eq!(rows[0][0], "<col.corner>");
    assert!(rows[0].iter().any(|h| h == "<exit.won>: <col.deals>"));
    let qual = rows
        .iter()
        .find(|r| r[0] == "Qualification")
        .cloned()
        .unwrap_or_default();
    let prop_col = rows[0]
        .iter()
        .position(|h| h == "Proposal: <col.deals>")
        .unwrap_or(0);
    assert_eq!(
        &qual[prop_col..prop_col + 2],
        ["1", "50.00"],
        "3 moved forward"
    );
    let entered = rows.last().cloned().unwrap_or_default();
    assert_eq!(entered[0], "<row.entered>");

    let slips = slipped(&c, &History::default());
    let after = workspace(vec![closing(deal(3, BORIS, PROP, 50), day(2025, 8, 1))]);
    let rows = changes_csv::slips(&after, &slips, key);
    assert_eq!(
        line(&rows[0]),
        "<slips.deal>,<slips.client>,<slips.seller>,<slips.amount>,<slips.was>,<slips.now>,<slips.days>,<slips.times>"
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(
        &rows[1][2..],
        ["Boris", "50.00", "2025-07-01", "2025-08-01", "31", "1"]
    );
}
