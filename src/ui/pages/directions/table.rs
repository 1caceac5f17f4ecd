//! The directions matrix as a table (the heatmap's equivalent), a page of rows at a time.

use leptos::prelude::*;

use super::cells::{LineTemplates, bucket, cell_amount, direction_label, state_key, state_mark};
use crate::domain::matrix::{CellState, DirectionsMatrix};
use crate::domain::{ClientId, DirectionId, Money};
use crate::ui::fmt::{self, compact_money};
use crate::ui::i18n::{tr, use_i18n};
use crate::ui::matrix::client_row_head;
use crate::ui::pager::Pager;
use crate::ui::state::{Shared, use_app};

/// The directions matrix as a table: per client its cells (state mark and amount) and figures.
#[component]
pub(super) fn DirTable(
    /// The matrix.
    report: Memo<Shared<DirectionsMatrix>>,
    /// How many rows are drawn.
    pager: Pager,
    /// The selected cell (client, direction), marked in the table.
    selected: RwSignal<Option<(ClientId, DirectionId)>>,
    /// A click on a cell: (row, column) in the matrix.
    on_select: Callback<(usize, usize)>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    view! {
        <div class="table-scroll matrix-scroll">
            <table class="grid matrix" data-testid="dir-table">
                <caption>{move || i18n.tf("directions.table_caption", &[("n", fmt::count(report.with(|m| m.rows.len()), i18n.lang()))])}</caption>
                <thead><tr>
                    <th scope="col" class="rowhead">{move || i18n.t("relationships.client")}</th>
                    {move || app.ws().with(|ws| report.with(|m| m.columns.iter().map(|c| view! {
                        <th scope="col" class="mcol">{direction_label(ws, c.direction)}</th>
                    }).collect_view()))}
                    <th scope="col" class="num">{move || i18n.t("directions.won_dirs")}</th>
                    <th scope="col" class="num">{move || i18n.t("directions.whitespace")}</th>
                    <th scope="col" class="num">{move || i18n.t("directions.size")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = i18n.lang();
                        let limit = pager.shown();
                        app.ws().with(|ws| report.with(|m| {
                            let ncols = m.columns.len();
                            let templates = LineTemplates::new(lang);
                            let (mut max_won, mut max_open) = (Money::ZERO, Money::ZERO);
                            for cell in m.rows.iter().flat_map(|r| r.cells.iter()) {
                                match cell.state() {
                                    CellState::Won => max_won = max_won.max(cell.won),
                                    CellState::InWork => max_open = max_open.max(cell.open),
                                    _ => {}
                                }
                            }
                            m.rows.iter().take(limit).enumerate().map(|(r, row)| {
                                let client = ws.clients.get(row.client);
                                let name = client.map(|c| c.name.clone()).unwrap_or_default();
                                let key = client.is_some_and(|c| c.key);
                                let cid = client.map(|c| c.id);
                                let cells = row.cells.iter().enumerate().map(|(c, cell)| {
                                    let dir_pos = m.columns[c].direction;
                                    let dir = direction_label(ws, dir_pos);
                                    let did = ws.directions.get(dir_pos).map(|x| x.id);
                                    // Each cell follows the selection itself, so a click does not redraw the table.
                                    let key = cid.zip(did);
                                    let is_sel = move || key.is_some() && selected.with(|s| *s == key);
                                    let state = cell.state();
                                    let amount = cell_amount(cell);
                                    let shade = match state {
                                        CellState::Won => bucket(amount, max_won),
                                        CellState::InWork => bucket(amount, max_open),
                                        _ => 0,
                                    };
                                    let text = match state {
                                        CellState::Won | CellState::InWork | CellState::LostOnly => compact_money(amount, lang),
                                        CellState::Empty => String::new(),
                                    };
                                    let mut lines = templates.lines(cell, &ws.currency, lang);
                                    if state == CellState::Empty {
                                        lines.push(tr(lang, "directions.create_hint"));
                                    }
                                    let what = format!("{}. {}", tr(lang, state_key(state)), lines.join("; "));
                                    let shown = if text.is_empty() { state_mark(state).to_string() } else { format!("{}\u{a0}{text}", state_mark(state)) };
                                    // The accessible name starts with what the cell shows (WCAG 2.5.3).
                                    let label = format!("{shown} {name}, {dir}: {what}");
                                    view! {
                                        <td class="mtd">
                                            <button type="button" class=format!("dcell {} a{shade}", state.as_str()) class:selected=is_sel
                                                data-testid="dir-cell" data-row=r data-col=c data-state=state.as_str()
                                                data-client=cid.map(|x| x.0.to_string()) data-dir=did.map(|x| x.0.to_string())
                                                aria-label=label title=what
                                                on:click=move |_| on_select.run((r, c))>
                                                {shown}
                                            </button>
                                        </td>
                                    }
                                }).collect_view();
                                view! {
                                    <tr data-testid="dir-row">
                                        {client_row_head(name.clone(), key, lang)}
                                        {cells}
                                        <td class="num">{format!("{}\u{a0}/\u{a0}{ncols} ({})", row.directions_won, fmt::percent(row.coverage, lang))}</td>
                                        <td class="num">{row.whitespace.to_string()}</td>
                                        <td class="num">{fmt::money_short(row.size, &ws.currency, lang)}</td>
                                    </tr>
                                }
                            }).collect_view()
                        }))
                    }}
                </tbody>
                <tfoot><tr>
                    <th scope="row" class="rowhead">{move || i18n.t("directions.coverage_row")}</th>
                    {move || {
                        let lang = i18n.lang();
                        report.with(|m| {
                            let n = m.rows.len();
                            m.columns.iter().map(|c| view! {
                                <td class="num" data-testid="dir-col-coverage">
                                    {format!("{}\u{a0}/\u{a0}{}", fmt::count(c.won_clients as usize, lang), fmt::count(n, lang))}
                                    <span class="sub">{fmt::percent(c.coverage, lang)}</span>
                                    <span class="sub">{i18n.tf("directions.in_work_short", &[("n", fmt::count(c.in_work_clients as usize, lang))])}</span>
                                </td>
                            }).collect_view()
                        })
                    }}
                    <td colspan="3"></td>
                </tr></tfoot>
            </table>
        </div>
    }
}
