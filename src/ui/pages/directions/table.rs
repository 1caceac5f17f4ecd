//! The directions matrix as a table (the heatmap's equivalent), a page of rows at a time.

use leptos::prelude::*;

use super::cells::{LineTemplates, bucket, cell_amount, direction_label, state_key, state_mark};
use crate::domain::matrix::{CellState, DirectionsMatrix};
use crate::domain::{ClientId, DirectionId, Lang, Money, Workspace};
use crate::ui::fmt::{self, compact_money};
use crate::ui::i18n::{tr, use_i18n};
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
    // The shown rows as text; the table keeps its rows and cells and takes this in place, so a
    // filter change rewrites text and attributes instead of rebuilding every cell (issue 17).
    let lines = Memo::new(move |_| {
        let lang = i18n.lang();
        let limit = pager.shown();
        app.ws()
            .with(|ws| report.with(|m| dir_lines(ws, m, limit, lang)))
    });
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
                    <For each=move || 0..lines.with(Vec::len) key=|at| *at let:at>
                        <DirRowSlot lines=lines at=at selected=selected on_select=on_select/>
                    </For>
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

/// What one cell of the table shows.
#[derive(Clone, Debug, PartialEq, Eq)]
struct DirCellLine {
    /// (client, direction) ids, which the selection is compared with.
    key: Option<(ClientId, DirectionId)>,
    class: String,
    state: &'static str,
    label: String,
    title: String,
    shown: String,
}

/// What one row of the table shows.
#[derive(Clone, Debug, PartialEq, Eq)]
struct DirLine {
    name: String,
    key_client: bool,
    cells: Vec<DirCellLine>,
    won: String,
    whitespace: String,
    size: String,
}

/// The first `limit` rows of the matrix as text in `lang`.
fn dir_lines(ws: &Workspace, m: &DirectionsMatrix, limit: usize, lang: Lang) -> Vec<DirLine> {
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
    m.rows
        .iter()
        .take(limit)
        .map(|row| {
            let client = ws.clients.get(row.client);
            let name = client.map(|c| c.name.clone()).unwrap_or_default();
            let cid = client.map(|c| c.id);
            let cells = row
                .cells
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let dir_pos = m.columns[c].direction;
                    let dir = direction_label(ws, dir_pos);
                    let did = ws.directions.get(dir_pos).map(|x| x.id);
                    let state = cell.state();
                    let amount = cell_amount(cell);
                    let shade = match state {
                        CellState::Won => bucket(amount, max_won),
                        CellState::InWork => bucket(amount, max_open),
                        _ => 0,
                    };
                    let text = match state {
                        CellState::Won | CellState::InWork | CellState::LostOnly => {
                            compact_money(amount, lang)
                        }
                        CellState::Empty => String::new(),
                    };
                    let mut lines = templates.lines(cell, &ws.currency, lang);
                    if state == CellState::Empty {
                        lines.push(tr(lang, "directions.create_hint"));
                    }
                    let what = format!("{}. {}", tr(lang, state_key(state)), lines.join("; "));
                    let shown = if text.is_empty() {
                        state_mark(state).to_string()
                    } else {
                        format!("{}\u{a0}{text}", state_mark(state))
                    };
                    DirCellLine {
                        key: cid.zip(did),
                        class: format!("dcell {} a{shade}", state.as_str()),
                        state: state.as_str(),
                        // The accessible name starts with what the cell shows (WCAG 2.5.3).
                        label: format!("{shown} {name}, {dir}: {what}"),
                        title: what,
                        shown,
                    }
                })
                .collect();
            DirLine {
                key_client: client.is_some_and(|c| c.key),
                name,
                cells,
                won: format!(
                    "{}\u{a0}/\u{a0}{ncols} ({})",
                    row.directions_won,
                    fmt::percent(row.coverage, lang)
                ),
                whitespace: row.whitespace.to_string(),
                size: fmt::money_short(row.size, &ws.currency, lang),
            }
        })
        .collect()
}

/// Row `at` of the table, whichever client it shows now.
#[component]
fn DirRowSlot(
    lines: Memo<Vec<DirLine>>,
    at: usize,
    selected: RwSignal<Option<(ClientId, DirectionId)>>,
    on_select: Callback<(usize, usize)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let line = Memo::new(move |_| {
        lines.with(|l| {
            l.get(at).map(|l| DirLine {
                cells: Vec::new(),
                ..l.clone()
            })
        })
    });
    let ncells = Memo::new(move |_| lines.with(|l| l.get(at).map_or(0, |l| l.cells.len())));
    let field = move |f: fn(&DirLine) -> String| {
        move || line.with(|l| l.as_ref().map(f).unwrap_or_default())
    };
    let key_client = move || line.with(|l| l.as_ref().is_some_and(|l| l.key_client));
    view! {
        <tr data-testid="dir-row">
            <th scope="row" class="rowhead">
                <span class="cname">{field(|l| l.name.clone())}</span>
                {move || key_client().then(|| view! { <span class="badge key-badge" title=i18n.t("relationships.key")>"★"</span> })}
            </th>
            <For each=move || 0..ncells.get() key=|c| *c let:c>
                <DirCellSlot lines=lines at=at col=c selected=selected on_select=on_select/>
            </For>
            <td class="num">{field(|l| l.won.clone())}</td>
            <td class="num">{field(|l| l.whitespace.clone())}</td>
            <td class="num">{field(|l| l.size.clone())}</td>
        </tr>
    }
}

/// Cell `col` of row `at`.
#[component]
fn DirCellSlot(
    lines: Memo<Vec<DirLine>>,
    at: usize,
    col: usize,
    selected: RwSignal<Option<(ClientId, DirectionId)>>,
    on_select: Callback<(usize, usize)>,
) -> impl IntoView {
    let cell =
        Memo::new(move |_| lines.with(|l| l.get(at).and_then(|l| l.cells.get(col)).cloned()));
    let field = move |f: fn(&DirCellLine) -> String| {
        move || cell.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    let key = Memo::new(move |_| cell.with(|c| c.as_ref().and_then(|c| c.key)));
    // Each cell follows the selection itself, so a click does not redraw the table.
    let is_sel = move || key.with(|k| k.is_some() && selected.with(|s| s == k));
    view! {
        <td class="mtd">
            <button type="button" class=field(|c| c.class.clone()) class:selected=is_sel
                data-testid="dir-cell" data-row=at data-col=col data-state=move || cell.with(|c| c.as_ref().map(|c| c.state))
                data-client=move || key.get().map(|k| k.0.0.to_string()) data-dir=move || key.get().map(|k| k.1.0.to_string())
                aria-label=field(|c| c.label.clone()) title=field(|c| c.title.clone())
                on:click=move |_| on_select.run((at, col))>
                {field(|c| c.shown.clone())}
            </button>
        </td>
    }
}
