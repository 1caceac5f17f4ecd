//! What a directions cell says: its state in words and marks, its amount, its tooltip lines; the
//! heatmap's input and the words of the matrix's CSV (written by `format::report_csv`).

use crate::charts::matrix as heat;
use crate::charts::matrix::{AmountCell, DirectionsHeatmap};
use crate::domain::matrix::{CellState, DirectionCell, DirectionsMatrix};
use crate::domain::{Lang, Money, Workspace};
use crate::format::report_csv;
use crate::ui::fmt::{self, compact_money};
use crate::ui::i18n::{fill, tr};

/// The i18n key of a state's name.
pub(super) fn state_key(s: CellState) -> &'static str {
    match s {
        CellState::Won => "directions.state_won",
        CellState::InWork => "directions.state_in_work",
        CellState::LostOnly => "directions.state_lost_only",
        CellState::Empty => "directions.state_empty",
    }
}

/// The mark drawn before a table cell's figure, so the state reads without colour.
pub(super) fn state_mark(s: CellState) -> &'static str {
    match s {
        CellState::Won => "✓",
        CellState::InWork => "◔",
        CellState::LostOnly => heat::LOST_MARK,
        CellState::Empty => heat::GAP_MARK,
    }
}

/// The amount that colours a cell (won, else open, else lost): the one its CSV gives.
pub(super) use crate::format::report_csv::direction_cell_amount as cell_amount;

pub(super) fn direction_label(ws: &Workspace, pos: usize) -> String {
    ws.directions
        .get(pos)
        .map(|d| d.name.clone())
        .unwrap_or_default()
}

/// The tooltip templates of a cell's figures, translated once per matrix rather than per cell.
pub(super) struct LineTemplates {
    pub(super) won: String,
    pub(super) open: String,
    pub(super) lost: String,
}

impl LineTemplates {
    pub(super) fn new(lang: Lang) -> Self {
        LineTemplates {
            won: tr(lang, "directions.tip_won"),
            open: tr(lang, "directions.tip_open"),
            lost: tr(lang, "directions.tip_lost"),
        }
    }

    /// The figures of a cell as text lines: won, in work, lost (those with deals).
    pub(super) fn lines(&self, c: &DirectionCell, currency: &str, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        for (template, n, m) in [
            (&self.won, c.won_deals, c.won),
            (&self.open, c.open_deals, c.open),
            (&self.lost, c.lost_deals, c.lost),
        ] {
            if n > 0 {
                out.push(fill(
                    template,
                    &[
                        ("amount", fmt::money(m, currency, lang)),
                        ("n", fmt::count(n as usize, lang)),
                    ],
                ));
            }
        }
        out
    }
}

/// The heatmap's input: names as plain text, tooltip lines and cell labels in `lang`.
pub fn directions_chart_input(
    ws: &Workspace,
    m: &DirectionsMatrix,
    lang: Lang,
) -> DirectionsHeatmap {
    let columns: Vec<String> = m
        .columns
        .iter()
        .map(|c| direction_label(ws, c.direction))
        .collect();
    let states = [
        CellState::Won,
        CellState::InWork,
        CellState::LostOnly,
        CellState::Empty,
    ];
    let state_names: [String; 4] = std::array::from_fn(|i| tr(lang, state_key(states[i])));
    let size_key = tr(lang, "directions.tip_size");
    let templates = LineTemplates::new(lang);
    let mut cells = Vec::with_capacity(m.rows.len() * columns.len());
    let (mut max_won, mut max_open) = (Money::ZERO, Money::ZERO);
    for row in &m.rows {
        let client = ws
            .clients
            .get(row.client)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        // The same line on every whitespace cell of the row: formatted once.
        let mut size_line = None::<String>;
        for (col, cell) in row.cells.iter().enumerate() {
            let state = cell.state();
            let amount = cell_amount(cell);
            match state {
                CellState::Won => max_won = max_won.max(amount),
                CellState::InWork => max_open = max_open.max(amount),
                _ => {}
            }
            let mut tip = vec![
                client.clone(),
                columns[col].clone(),
                state_names[states_pos(state)].clone(),
            ];
            if state == CellState::Empty {
                let line = size_line.get_or_insert_with(|| {
                    fill(
                        &size_key,
                        &[("amount", fmt::money(row.size, &ws.currency, lang))],
                    )
                });
                tip.push(line.clone());
            } else {
                tip.extend(templates.lines(cell, &ws.currency, lang));
            }
            let label = match state {
                CellState::Won | CellState::InWork => compact_money(amount, lang),
                _ => String::new(),
            };
            cells.push(AmountCell {
                state,
                amount: amount.as_major_f64(),
                label,
                tip,
            });
        }
    }
    DirectionsHeatmap {
        rows: m
            .rows
            .iter()
            .map(|r| {
                ws.clients
                    .get(r.client)
                    .map(|c| c.name.clone())
                    .unwrap_or_default()
            })
            .collect(),
        columns,
        cells,
        state_names,
        max_labels: [compact_money(max_won, lang), compact_money(max_open, lang)],
    }
}

pub(super) fn states_pos(s: CellState) -> usize {
    match s {
        CellState::Won => 0,
        CellState::InWork => 1,
        CellState::LostOnly => 2,
        CellState::Empty => 3,
    }
}

/// Table shade bucket 1–4 of an amount on its state's scale (same square-root scale as the chart).
pub(super) fn bucket(amount: Money, max: Money) -> u8 {
    let s = heat::shade(amount.as_major_f64(), max.as_major_f64());
    (s * 4.0).ceil().clamp(1.0, 4.0) as u8
}

/// The matrix as CSV rows, header first: per direction its state and the amount behind it;
/// headers in `lang`.
pub fn directions_csv(ws: &Workspace, m: &DirectionsMatrix, lang: Lang) -> Vec<Vec<String>> {
    report_csv::directions_matrix(ws, m, |k| {
        let key = match k {
            "client" | "segment" | "key" => format!("relationships.{k}"),
            "state" => "directions.csv_state".into(),
            "amount" => "common.amount".into(),
            "unassigned" => "directions.unassigned_col".into(),
            other => format!("directions.{other}"),
        };
        tr(lang, &key)
    })
}
