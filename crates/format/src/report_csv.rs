//! Every report's CSV, as rows of plain cells (header first); [`crate::csv_out::to_csv`] writes
//! them. Numbers are plain for spreadsheets: amounts `1234.56` (major units, exact), counts as
//! integers, percentages as numbers of percent without a sign, an undefined ratio as an empty cell.
//!
//! This module knows no language. Header and row texts come from the caller through a `label`
//! function that turns the stable key named in each function's doc into text (e.g. a
//! translation); names of stages, sellers, clients, roles and directions come from the workspace.

use domain::forecast::{ForecastPeriod, ForecastRow, ForecastTable};
use domain::funnel::{ConversionFunnel, SnapshotFunnel};
use domain::matrix::{CellState, DirectionCell, DirectionsMatrix, RelationshipMatrix};
use domain::pipeline::{GridCol, StageGrid, Tree, key_name};
use domain::{Money, Weighted, Workspace, effective_probability};

use crate::csv_out::plain_amount;

/// How a relationship matrix writes a cell with no contact at the client for that role.
pub const GAP_MARK: &str = "—";

// ---------------------------------------------------------------------------------------------
// Cell values
// ---------------------------------------------------------------------------------------------

/// An amount: `1234.56`.
pub fn amount(m: Money) -> String {
    plain_amount(m)
}

/// A weighted sum, rounded to whole minor units: `1234.56`.
pub fn weighted(w: Weighted) -> String {
    plain_amount(w.round())
}

/// A ratio as percent with `decimals` decimals (`0.4567` → `45.67` with 2); empty when undefined.
pub fn percent(ratio: Option<f64>, decimals: usize) -> String {
    number(ratio.map(|v| v * 100.0), decimals)
}

/// A number with `decimals` decimals (a ratio kept as a ratio, days); empty when undefined.
pub fn number(v: Option<f64>, decimals: usize) -> String {
    v.filter(|v| v.is_finite())
        .map(|v| format!("{v:.decimals$}"))
        .unwrap_or_default()
}

/// `1` or `0`.
pub fn flag(on: bool) -> String {
    if on { "1" } else { "0" }.to_string()
}

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

/// A report table: the header, then each row's label followed by its cells' CSV values.
pub fn table(
    header: Vec<String>,
    rows: impl IntoIterator<Item = (String, Vec<String>)>,
) -> Vec<Vec<String>> {
    let mut out = vec![header];
    out.extend(rows.into_iter().map(|(label, cells)| {
        let mut row = Vec::with_capacity(cells.len() + 1);
        row.push(label);
        row.extend(cells);
        row
    }));
    out
}

/// A listed deal that is no longer in the workspace (deleted since a snapshot), as the snapshot
/// kept it. Names are resolved by the caller (a snapshot keeps ids only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoneDeal {
    pub title: String,
    pub client: String,
    pub seller: String,
    pub stage: String,
    pub amount: Money,
    pub probability: u8,
    pub expected_close: Option<chrono::NaiveDate>,
    /// What changed, for the notes column.
    pub note: String,
}

/// A drill-down list of deals (positions in `ws.deals`; unknown ones are skipped) under the
/// caller's header of eight columns: title, client, seller, stage, amount, probability (the
/// deal's `p`), expected close (ISO date) and next step.
pub fn deal_list(ws: &Workspace, deals: &[usize], header: Vec<String>) -> Vec<Vec<String>> {
    deal_list_with(ws, deals, &[], None, header)
}

/// [`deal_list`] with gone deals after the others, and a last column of notes when `notes` is
/// given (the header then names it): the pipeline changes' drill-downs.
pub fn deal_list_with(
    ws: &Workspace,
    deals: &[usize],
    gone: &[GoneDeal],
    notes: Option<&std::collections::HashMap<usize, String>>,
    header: Vec<String>,
) -> Vec<Vec<String>> {
    let name = |found: Option<&str>| found.unwrap_or_default().to_string();
    let present = deals
        .iter()
        .filter_map(|&i| ws.deals.get(i).map(|d| (i, d)))
        .map(|(i, d)| {
            let mut cells = vec![
                name(ws.client(d.client).map(|c| c.name.as_str())),
                name(ws.seller(d.seller).map(|s| s.name.as_str())),
                name(ws.stage(d.stage).map(|s| s.name.as_str())),
                amount(d.amount),
                ws.probability(d).to_string(),
                d.expected_close.map(|x| x.to_string()).unwrap_or_default(),
                d.next_step
                    .as_ref()
                    .map(|n| n.text.clone())
                    .unwrap_or_default(),
            ];
            if let Some(notes) = notes {
                cells.push(notes.get(&i).cloned().unwrap_or_default());
            }
            (d.title.clone(), cells)
        });
    let gone = gone.iter().map(|g| {
        let mut cells = vec![
            g.client.clone(),
            g.seller.clone(),
            g.stage.clone(),
            amount(g.amount),
            g.probability.to_string(),
            g.expected_close.map(|x| x.to_string()).unwrap_or_default(),
            String::new(),
        ];
        if notes.is_some() {
            cells.push(g.note.clone());
        }
        (g.title.clone(), cells)
    });
    table(header, present.chain(gone))
}

// ---------------------------------------------------------------------------------------------
// Funnel
// ---------------------------------------------------------------------------------------------

/// The snapshot funnel as its table shows it. Label keys: `col.stage`, `col.count`,
/// `col.amount`, `col.weighted`, `col.share_count`, `col.share_amount`, `col.avg_days` (the
/// header) and `row.open_total`, `row.won`, `row.lost`. Shares are percent with two decimals,
/// average days one decimal; the open total's shares are 100 when it has deals (or an amount).
pub fn funnel_snapshot(
    ws: &Workspace,
    s: &SnapshotFunnel,
    label: impl Fn(&'static str) -> String,
) -> Vec<Vec<String>> {
    let header = [
        "col.stage",
        "col.count",
        "col.amount",
        "col.weighted",
        "col.share_count",
        "col.share_amount",
        "col.avg_days",
    ]
    .map(&label)
    .to_vec();
    let whole = |some: bool| percent(some.then_some(1.0), 2);
    let mut rows: Vec<(String, Vec<String>)> = s
        .rows
        .iter()
        .map(|r| {
            let cells = vec![
                r.count.to_string(),
                amount(r.amount),
                weighted(r.weighted),
                percent(r.share_count, 2),
                percent(r.share_amount, 2),
                number(r.avg_days_in_stage, 1),
            ];
            (stage_name(ws, r.stage), cells)
        })
        .collect();
    let t = &s.total;
    rows.push((
        label("row.open_total"),
        vec![
            t.count.to_string(),
            amount(t.amount),
            weighted(t.weighted),
            whole(t.count > 0),
            whole(t.amount != Money::ZERO),
            String::new(),
        ],
    ));
    for (key, tally) in [("row.won", &s.won), ("row.lost", &s.lost)] {
        let mut cells = vec![
            tally.count.to_string(),
            amount(tally.amount),
            weighted(tally.weighted),
        ];
        cells.resize(6, String::new());
        rows.push((label(key), cells));
    }
    table(header, rows)
}

/// The conversion (cohort) funnel as its table shows it. Label keys: `col.stage`,
/// `col.reached`, `col.reached_amount`, `col.step_count`, `col.step_amount`, `col.cum_count`,
/// `col.cum_amount`, `col.avg_days` and `row.cohort`, `row.won_now`, `row.lost_now`.
/// Conversions are percent with two decimals, average days one decimal.
pub fn funnel_conversion(
    ws: &Workspace,
    c: &ConversionFunnel,
    label: impl Fn(&'static str) -> String,
) -> Vec<Vec<String>> {
    let header = [
        "col.stage",
        "col.reached",
        "col.reached_amount",
        "col.step_count",
        "col.step_amount",
        "col.cum_count",
        "col.cum_amount",
        "col.avg_days",
    ]
    .map(&label)
    .to_vec();
    let mut rows: Vec<(String, Vec<String>)> = c
        .rows
        .iter()
        .map(|r| {
            let cells = vec![
                r.reached.to_string(),
                amount(r.reached_amount),
                percent(r.step_conversion, 2),
                percent(r.step_conversion_amount, 2),
                percent(r.cumulative_conversion, 2),
                percent(r.cumulative_conversion_amount, 2),
                number(r.avg_days_in_stage, 1),
            ];
            (stage_name(ws, r.stage), cells)
        })
        .collect();
    let mut cohort = vec![c.cohort_count.to_string(), amount(c.cohort_amount)];
    cohort.resize(7, String::new());
    rows.push((label("row.cohort"), cohort));
    for (key, o) in [("row.won_now", &c.won), ("row.lost_now", &c.lost)] {
        let cells = vec![
            o.count.to_string(),
            amount(o.amount),
            String::new(),
            String::new(),
            percent(o.conversion, 2),
            percent(o.conversion_amount, 2),
            String::new(),
        ];
        rows.push((label(key), cells));
    }
    table(header, rows)
}

fn stage_name(ws: &Workspace, pos: usize) -> String {
    ws.stages
        .get(pos)
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Forecast
// ---------------------------------------------------------------------------------------------

/// The forecast table's figure columns, in order, as label keys.
pub const FORECAST_COLUMNS: [&str; 9] = [
    "col.won",
    "col.weighted",
    "col.commit",
    "col.best_case",
    "col.pipeline",
    "col.plan",
    "col.attainment",
    "col.coverage",
    "col.forecast",
];

/// One forecast row's CSV values in [`FORECAST_COLUMNS`] order: amounts, then attainment and
/// coverage as ratios with two decimals (`0.85`), then the forecast.
pub fn forecast_row(r: &ForecastRow) -> Vec<String> {
    vec![
        amount(r.won),
        weighted(r.weighted_open),
        amount(r.commit_view),
        amount(r.best_case_view),
        amount(r.pipeline_view),
        amount(r.plan),
        number(r.attainment, 2),
        number(r.coverage, 2),
        weighted(r.forecast),
    ]
}

/// A forecast table by period. Label keys: `col.period` and [`FORECAST_COLUMNS`] (the header),
/// `total` (the last row). A period is written as its first month, `2026-04`.
pub fn forecast(
    periods: &[ForecastPeriod],
    t: &ForecastTable,
    label: impl Fn(&'static str) -> String,
) -> Vec<Vec<String>> {
    let mut header = vec![label("col.period")];
    header.extend(FORECAST_COLUMNS.map(&label));
    let rows = periods
        .iter()
        .zip(&t.rows)
        .map(|(p, r)| (p.first.to_string(), forecast_row(r)))
        .chain([(label("total"), forecast_row(&t.totals))]);
    table(header, rows)
}

// ---------------------------------------------------------------------------------------------
// Pipeline
// ---------------------------------------------------------------------------------------------

/// A pipeline tree (by clients or by forecast) flattened, one row per node, depth-first in the
/// tree's current sort order. Columns (label keys): `level` (the row's kind: its key's
/// `kind_str`, through `label` too), one column per grouping level (`stage`, `seller`,
/// `client`) and `deal` holding the row's path as names (deeper columns empty), then `count`,
/// `amount`, `weighted` (rounded), and for deal rows `deal_stage`, `probability`, `deal_type`,
/// `expected_close` (ISO date), `next_step`; last `overdue`, the number of overdue deals in the
/// row (0 or 1 for a deal). Group rows are subtotals: filter `level` = deal to sum in a
/// spreadsheet.
pub fn pipeline_tree(
    tree: &Tree,
    ws: &Workspace,
    label: impl Fn(&'static str) -> String,
) -> Vec<Vec<String>> {
    let path_cols = tree.depth();
    let mut header = vec![label("level")];
    header.extend(tree.levels.iter().map(|l| label(l.as_str())));
    header.push(label("deal"));
    for key in [
        "count",
        "amount",
        "weighted",
        "deal_stage",
        "probability",
        "deal_type",
        "expected_close",
        "next_step",
        "overdue",
    ] {
        header.push(label(key));
    }
    let mut rows = vec![header];
    let mut names: Vec<&str> = vec![""; path_cols];
    for id in tree.all_rows() {
        let node = tree.node(id);
        let level = node.level as usize;
        names[level] = key_name(ws, node.key);
        let mut row = Vec::with_capacity(path_cols + 10);
        row.push(label(node.key.kind_str()));
        for (l, name) in names.iter().enumerate() {
            row.push(if l <= level {
                name.to_string()
            } else {
                String::new()
            });
        }
        row.push(node.sum.count.to_string());
        row.push(amount(node.sum.amount));
        row.push(weighted(node.sum.weighted));
        match node.key.deal().and_then(|p| ws.deals.get(p)) {
            Some(deal) => {
                let stage = ws.stage(deal.stage);
                row.push(stage.map(|s| s.name.clone()).unwrap_or_default());
                row.push(
                    stage
                        .map(|s| effective_probability(s, deal.probability).to_string())
                        .unwrap_or_default(),
                );
                row.push(
                    deal.deal_type
                        .and_then(|t| ws.deal_types.iter().find(|x| x.id == t))
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                );
                row.push(
                    deal.expected_close
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                );
                row.push(
                    deal.next_step
                        .as_ref()
                        .map(|s| s.text.clone())
                        .unwrap_or_default(),
                );
            }
            None => row.extend(std::iter::repeat_n(String::new(), 5)),
        }
        row.push(node.sum.overdue.to_string());
        rows.push(row);
    }
    rows
}

/// The by-stages grid. Columns: `seller`; per open stage "`<stage name>` `<count>`",
/// "… `<amount>`", "… `<deviation_percent>`" (amount deviation, one decimal); then the same three
/// for `total`. Rows: each seller, then `team_average` (count to two decimals, amount rounded, no
/// deviation), then `total`. Words in backquotes are the label keys.
pub fn stage_grid(
    grid: &StageGrid,
    ws: &Workspace,
    label: impl Fn(&'static str) -> String,
) -> Vec<Vec<String>> {
    let cols: Vec<GridCol> = (0..grid.stages.len())
        .map(GridCol::Stage)
        .chain([GridCol::Total])
        .collect();
    let col_name = |c: GridCol| match c {
        GridCol::Stage(i) => stage_name(ws, grid.stages[i]),
        GridCol::Total => label("total"),
    };
    let mut header = vec![label("seller")];
    for &c in &cols {
        let name = col_name(c);
        for key in ["count", "amount", "deviation_percent"] {
            header.push(format!("{name} {}", label(key)));
        }
    }
    let mut rows = vec![header];
    for (r, &s) in grid.sellers.iter().enumerate() {
        let mut row = vec![ws.sellers[s].name.clone()];
        for &c in &cols {
            let a = grid.cell(r, c);
            row.push(a.count.to_string());
            row.push(amount(a.amount));
            row.push(number(grid.deviation_amount(r, c), 1));
        }
        rows.push(row);
    }
    let mut avg = vec![label("team_average")];
    let mut tot = vec![label("total")];
    for &c in &cols {
        avg.push(number(grid.average_count(c), 2));
        avg.push(grid.average_amount(c).map(amount).unwrap_or_default());
        avg.push(String::new());
        let a = grid.column_total(c);
        tot.push(a.count.to_string());
        tot.push(amount(a.amount));
        tot.push(String::new());
    }
    rows.push(avg);
    rows.push(tot);
    rows
}

// ---------------------------------------------------------------------------------------------
// Matrices
// ---------------------------------------------------------------------------------------------

/// The client columns both matrices start with: name, segment, key (1/0).
fn client_cells(ws: &Workspace, pos: usize) -> Vec<String> {
    let client = ws.clients.get(pos);
    vec![
        client.map(|c| c.name.clone()).unwrap_or_default(),
        client.map(|c| c.segment.clone()).unwrap_or_default(),
        flag(client.is_some_and(|c| c.key)),
    ]
}

/// The relationship matrix: per client row its name, segment and key flag, the best level per
/// target role ([`GAP_MARK`] where there is no contact), then `covered`, `strong_count`,
/// `coverage` and `strong` (percent, one decimal), `in_work` (amount), `open_deals`; a last row
/// `covered_clients` with the clients covered per role. Label keys: `client`, `segment`, `key`
/// and the column names above; role columns are the roles' names.
pub fn relationship_matrix(
    ws: &Workspace,
    m: &RelationshipMatrix,
    label: impl Fn(&'static str) -> String,
) -> Vec<Vec<String>> {
    let mut header = ["client", "segment", "key"].map(&label).to_vec();
    header.extend(m.columns.iter().map(|c| role_name(ws, c.role)));
    header.extend(
        [
            "covered",
            "strong_count",
            "coverage",
            "strong",
            "in_work",
            "open_deals",
        ]
        .map(&label),
    );
    let mut rows = vec![header];
    for row in &m.rows {
        let mut line = client_cells(ws, row.client);
        line.extend(row.cells.iter().map(|c| {
            c.best_level
                .map_or_else(|| GAP_MARK.to_string(), |l| l.to_string())
        }));
        line.extend([
            row.covered.to_string(),
            row.strong.to_string(),
            percent(row.coverage, 1),
            percent(row.strong_coverage, 1),
            amount(row.amount_in_work),
            row.open_deals.to_string(),
        ]);
        rows.push(line);
    }
    let mut foot = vec![label("covered_clients"), String::new(), String::new()];
    foot.extend(m.columns.iter().map(|c| c.covered_clients.to_string()));
    rows.push(foot);
    rows
}

fn role_name(ws: &Workspace, pos: usize) -> String {
    ws.roles
        .get(pos)
        .map(|r| r.name.clone())
        .unwrap_or_default()
}

/// The amount behind a directions cell: won, else open, else lost.
pub fn direction_cell_amount(c: &DirectionCell) -> Money {
    match c.state() {
        CellState::Won => c.won,
        CellState::InWork => c.open,
        CellState::LostOnly => c.lost,
        CellState::Empty => Money::ZERO,
    }
}

/// The directions matrix: per client row its name, segment and key flag; per direction its
/// state (`won`, `in_work`, `lost_only`, `empty`) and the amount behind it (empty for
/// whitespace); then `won_dirs`, `coverage` (percent, one decimal), `whitespace`, `size` and
/// `unassigned` (won and open amounts with no direction). A last row `coverage_row` gives per
/// direction "won clients/rows" and its coverage. Label keys: `client`, `segment`, `key`,
/// `state`, `amount` (a direction's two columns are "`<name>`: `<state>`" and
/// "`<name>`: `<amount>`") and the column names above.
pub fn directions_matrix(
    ws: &Workspace,
    m: &DirectionsMatrix,
    label: impl Fn(&'static str) -> String,
) -> Vec<Vec<String>> {
    let mut header = ["client", "segment", "key"].map(&label).to_vec();
    let (state, amount_word) = (label("state"), label("amount"));
    for c in &m.columns {
        let name = ws
            .directions
            .get(c.direction)
            .map(|d| d.name.as_str())
            .unwrap_or_default();
        header.push(format!("{name}: {state}"));
        header.push(format!("{name}: {amount_word}"));
    }
    header.extend(["won_dirs", "coverage", "whitespace", "size", "unassigned"].map(&label));
    let mut rows = vec![header];
    for row in &m.rows {
        let mut line = client_cells(ws, row.client);
        for cell in &row.cells {
            let state = cell.state();
            line.push(state.as_str().to_string());
            line.push(if state == CellState::Empty {
                String::new()
            } else {
                amount(direction_cell_amount(cell))
            });
        }
        line.extend([
            row.directions_won.to_string(),
            percent(row.coverage, 1),
            row.whitespace.to_string(),
            amount(row.size),
            amount(row.unassigned.won + row.unassigned.open),
        ]);
        rows.push(line);
    }
    let mut foot = vec![label("coverage_row"), String::new(), String::new()];
    for c in &m.columns {
        foot.push(format!("{}/{}", c.won_clients, m.rows.len()));
        foot.push(percent(c.coverage, 1));
    }
    rows.push(foot);
    rows
}
