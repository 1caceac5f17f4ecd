//! Directions matrix page: clients (as the filter bar selects them, key clients first) × product
//! directions, each cell won / in work / lost only / whitespace. Drawn as a heatmap and as an
//! equivalent table (toggle `mview`, `table`); a cell lists its deals, whitespace offers to create
//! one (`detail`). What a cell says, in the heatmap and the CSV, is in `cells`.

mod cells;
mod detail;
mod table;

pub use cells::{directions_chart_input, directions_csv};

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::matrix as heat;
use crate::domain::matrix::{CellState, DirSort, directions_matrix};
use crate::domain::{ClientId, DirectionId};
use crate::ui::chart::ChartNode;
use crate::ui::fmt;
use crate::ui::i18n::use_i18n;
use crate::ui::matrix::{
    MatrixBody, MatrixExports, MatrixIds, MatrixView, SortOptions, SortSelect, TABLE_PAGE,
    heatmap_parts, sort_of,
};
use crate::ui::pager::Pager;
use crate::ui::state::{Shared, use_app};
use cells::{state_key, state_mark};
use detail::DirDetail;
use table::DirTable;

/// The sorts offered (URL `dsort`), the default first.
const SORTS: SortOptions<DirSort> = &[
    ("key", "directions.sort_key", DirSort::KeyFirst),
    (
        "whitespace",
        "directions.sort_whitespace",
        DirSort::WhitespaceFirst,
    ),
    ("coverage", "directions.sort_coverage", DirSort::Coverage),
    ("name", "directions.sort_name", DirSort::Name),
];

#[component]
pub fn DirectionsPage() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let sort = Memo::new(move |_| app.route().with(|r| sort_of(SORTS, r.get("dsort"))));
    let mode = Memo::new(move |_| app.route().with(MatrixView::from_route));
    let report = Memo::new(move |_| {
        let f = filter.get();
        let s = sort.get();
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(directions_matrix(ws, &ix, &f, s))))
    });
    // (client, direction) of the open cell, by id so edits elsewhere cannot shift it.
    let selected = RwSignal::new(None::<(ClientId, DirectionId)>);
    // A new selection of rows starts from the first page.
    let pager = Pager::new(TABLE_PAGE, TABLE_PAGE, move || filter.track());

    let select_cell = move |row: usize, col: usize| {
        let ids = report.with_untracked(|m| {
            let client = m.rows.get(row)?.client;
            let dir = m.columns.get(col)?.direction;
            app.ws()
                .with_untracked(|ws| Some((ws.clients.get(client)?.id, ws.directions.get(dir)?.id)))
        });
        selected.set(ids);
    };

    let chart_spec = Memo::new(move |_| {
        let lang = i18n.lang();
        let m = report.get();
        app.ws().with(|ws| {
            Shared(Arc::new(heat::directions_heatmap(directions_chart_input(
                ws, &m, lang,
            ))))
        })
    });
    let (chart_json, on_chart_click, height) = heatmap_parts(
        chart_spec,
        move || report.with(|m| m.rows.len()),
        select_cell,
    );

    let csv = Callback::new(move |_| {
        app.ws().with_untracked(|ws| {
            report.with_untracked(|m| directions_csv(ws, m, i18n.lang_untracked()))
        })
    });
    let chart_node = ChartNode::new();

    let empty_message = move || {
        let (no_clients, no_dirs) = app
            .ws()
            .with(|ws| (ws.clients.is_empty(), ws.directions.is_empty()));
        if no_clients {
            Some(i18n.t("directions.empty_clients"))
        } else if no_dirs {
            Some(i18n.t("directions.empty_dirs"))
        } else if report.with(|m| m.rows.is_empty()) {
            Some(i18n.t("directions.empty_rows"))
        } else {
            None
        }
    };

    view! {
        <section class="card matrix-page">
            <h1>{move || i18n.t("directions.title")}</h1>
            <p class="help">{move || i18n.t("directions.help")}</p>
            <div class="matrix-controls">
                <SortSelect label="directions.sort" query_key="dsort" options=SORTS sort=sort/>
                <MatrixExports mode=mode test_prefix="dir" file="voronka-directions" csv=csv chart_node=chart_node/>
            </div>
            <p class="muted matrix-summary" data-testid="dir-summary">{move || {
                let lang = i18n.lang();
                let currency = app.ws().with(|w| w.currency.clone());
                report.with(|m| {
                    let cells = m.rows.len() * m.columns.len();
                    let white: usize = m.rows.iter().map(|r| r.whitespace as usize).sum();
                    let mut text = i18n.tf("directions.summary", &[
                        ("rows", fmt::count(m.rows.len(), lang)),
                        ("dirs", fmt::count(m.columns.len(), lang)),
                        ("white", fmt::count(white, lang)),
                        ("share", fmt::percent((cells > 0).then(|| white as f64 / cells as f64), lang)),
                    ]);
                    let u = &m.unassigned;
                    let n = u.won_deals + u.open_deals + u.lost_deals;
                    if n > 0 {
                        text.push(' ');
                        text.push_str(&i18n.tf("directions.unassigned", &[
                            ("n", fmt::count(n as usize, lang)),
                            ("amount", fmt::money(u.won + u.open, &currency, lang)),
                        ]));
                    }
                    if m.no_client_deals > 0 {
                        text.push(' ');
                        text.push_str(&i18n.tf("directions.no_client", &[("n", fmt::count(m.no_client_deals as usize, lang))]));
                    }
                    if m.orphan_deals > 0 {
                        text.push(' ');
                        text.push_str(&i18n.tf("directions.orphans", &[("n", fmt::count(m.orphan_deals as usize, lang))]));
                    }
                    text
                })
            }}</p>
            <ul class="matrix-legend" aria-label=move || i18n.t("directions.legend")>
                {[CellState::Won, CellState::InWork, CellState::LostOnly, CellState::Empty].into_iter().map(|s| view! {
                    <li><span class=format!("dcell {} a3 swatch", s.as_str()) aria-hidden="true">{state_mark(s)}</span>
                        {move || i18n.t(state_key(s))}</li>
                }).collect_view()}
            </ul>
        </section>

        <DirDetail selected=selected/>

        <MatrixBody empty=Signal::derive(empty_message) mode=mode
            rows=Signal::derive(move || report.with(|m| m.rows.len()))
            chart=chart_json chart_label="directions.heatmap" height=height
            on_chart_click=on_chart_click chart_node=chart_node pager=pager
            ids=MatrixIds { empty: "dir-empty", chart: "dir-chart", pager: "dir-pager" }
            table=move || view! {
                <DirTable report=report pager=pager selected=selected on_select=Callback::new(move |(r, c)| select_cell(r, c))/>
            }/>
    }
}
