//! Relationship matrix page: key clients (or all, or one segment) × target decision-maker roles,
//! each cell the best relationship level, gaps marked "no contact". Drawn as a heatmap and as an
//! equivalent table (toggle `mview`, `table`); a cell lists its contacts, a gap offers to add one
//! (`detail`). What a cell says, in the heatmap and the CSV, is in `cells`.

mod cells;
mod detail;
mod table;

pub use cells::{relationship_chart_input, relationship_csv};

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::matrix as heat;
use crate::domain::matrix::{RelSort, RowSelection, relationship_matrix};
use crate::domain::{ClientId, RoleId};
use crate::ui::chart::ChartNode;
use crate::ui::fmt;
use crate::ui::i18n::use_i18n;
use crate::ui::matrix::{
    MatrixBody, MatrixExports, MatrixIds, MatrixView, SortOptions, SortSelect, TABLE_PAGE,
    heatmap_parts, sort_of,
};
use crate::ui::pager::Pager;
use crate::ui::state::{Shared, use_app};
use detail::RelDetail;
use table::RelTable;

fn parse_rows(v: Option<&str>) -> RowSelection {
    match v {
        Some("all") => RowSelection::All,
        Some(s) if s.starts_with("seg:") => RowSelection::Segment(s["seg:".len()..].to_string()),
        _ => RowSelection::KeyOnly,
    }
}

fn rows_value(sel: &RowSelection) -> Option<String> {
    match sel {
        RowSelection::KeyOnly => None,
        RowSelection::All => Some("all".into()),
        RowSelection::Segment(s) => Some(format!("seg:{s}")),
    }
}

/// The sorts offered (URL `rsort`), the default first.
const SORTS: SortOptions<RelSort> = &[
    ("coverage", "relationships.sort_coverage", RelSort::Coverage),
    ("amount", "relationships.sort_amount", RelSort::AmountInWork),
    ("name", "relationships.sort_name", RelSort::Name),
];

#[component]
pub fn RelationshipsPage() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let selection = Memo::new(move |_| app.route().with(|r| parse_rows(r.get("rrows"))));
    let sort = Memo::new(move |_| app.route().with(|r| sort_of(SORTS, r.get("rsort"))));
    let mode = Memo::new(move |_| app.route().with(MatrixView::from_route));
    let report = Memo::new(move |_| {
        let sel = selection.get();
        let s = sort.get();
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(relationship_matrix(ws, &ix, &sel, s))))
    });
    let segments = Memo::new(move |_| {
        app.ws().with(|ws| {
            let mut seen: Vec<String> = Vec::new();
            for c in &ws.clients {
                let s = c.segment.trim();
                if !s.is_empty() && !seen.iter().any(|x| x.to_lowercase() == s.to_lowercase()) {
                    seen.push(s.to_string());
                }
            }
            seen.sort_by_key(|s| s.to_lowercase());
            seen
        })
    });
    let selected = RwSignal::new(None::<(ClientId, RoleId)>);
    // A new selection of rows starts from the first page.
    let pager = Pager::new(TABLE_PAGE, TABLE_PAGE, move || selection.track());

    let select_cell = move |row: usize, col: usize| {
        let ids = report.with_untracked(|m| {
            let client = m.rows.get(row)?.client;
            let role = m.columns.get(col)?.role;
            app.ws()
                .with_untracked(|ws| Some((ws.clients.get(client)?.id, ws.roles.get(role)?.id)))
        });
        selected.set(ids);
    };

    let chart_spec = Memo::new(move |_| {
        let lang = i18n.lang();
        let m = report.get();
        app.ws().with(|ws| {
            Shared(Arc::new(heat::relationship_heatmap(
                relationship_chart_input(ws, &m, lang),
            )))
        })
    });
    let (chart_json, on_chart_click, height) = heatmap_parts(
        chart_spec,
        move || report.with(|m| m.rows.len()),
        select_cell,
    );

    let csv = Callback::new(move |_| {
        app.ws().with_untracked(|ws| {
            report.with_untracked(|m| relationship_csv(ws, m, i18n.lang_untracked()))
        })
    });
    let chart_node = ChartNode::new();

    let empty_message = move || {
        let (no_clients, no_roles) = app
            .ws()
            .with(|ws| (ws.clients.is_empty(), !ws.roles.iter().any(|r| r.target)));
        if no_clients {
            Some(i18n.t("relationships.empty_clients"))
        } else if no_roles {
            Some(i18n.t("relationships.empty_roles"))
        } else if report.with(|m| m.rows.is_empty()) {
            Some(match selection.get() {
                RowSelection::KeyOnly => i18n.t("relationships.empty_key"),
                _ => i18n.t("relationships.empty_rows"),
            })
        } else {
            None
        }
    };

    view! {
        <section class="card matrix-page">
            <h1>{move || i18n.t("relationships.title")}</h1>
            <p class="help">{move || i18n.t("relationships.help")}</p>
            <div class="matrix-controls">
                <label>
                    <span>{move || i18n.t("relationships.rows")}</span>
                    <select data-testid="rrows" on:change=move |ev| {
                        app.set_query("rrows", rows_value(&parse_rows(Some(&event_target_value(&ev)))));
                    }>
                        <option value="key" selected=move || selection.get() == RowSelection::KeyOnly>
                            {move || i18n.t("relationships.rows_key")}
                        </option>
                        <option value="all" selected=move || selection.get() == RowSelection::All>
                            {move || i18n.t("relationships.rows_all")}
                        </option>
                        {move || segments.get().into_iter().map(|s| {
                            let value = format!("seg:{s}");
                            let label = i18n.tf("relationships.rows_segment", &[("segment", s.clone())]);
                            let is = move || matches!(selection.get(), RowSelection::Segment(ref x) if x.trim().to_lowercase() == s.to_lowercase());
                            view! { <option value=value selected=is>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <SortSelect label="relationships.sort" query_key="rsort" options=SORTS sort=sort/>
                <MatrixExports mode=mode test_prefix="rel" file="voronka-relationships" csv=csv chart_node=chart_node/>
            </div>
            <p class="muted matrix-summary" data-testid="rel-summary">{move || {
                let lang = i18n.lang();
                report.with(|m| {
                    let rows = m.rows.len();
                    let gaps: usize = m.rows.iter().map(|r| r.cells.iter().filter(|c| c.best_level.is_none()).count()).sum();
                    let full = m.rows.iter().filter(|r| r.covered as usize == m.columns.len()).count();
                    i18n.tf("relationships.summary", &[
                        ("rows", fmt::count(rows, lang)),
                        ("roles", fmt::count(m.columns.len(), lang)),
                        ("gaps", fmt::count(gaps, lang)),
                        ("full", fmt::count(full, lang)),
                    ])
                })
            }}</p>
        </section>

        <RelDetail selected=selected/>

        <MatrixBody empty=Signal::derive(empty_message) mode=mode
            rows=Signal::derive(move || report.with(|m| m.rows.len()))
            chart=chart_json chart_label="relationships.heatmap" height=height
            on_chart_click=on_chart_click chart_node=chart_node pager=pager
            ids=MatrixIds { empty: "rel-empty", chart: "rel-chart", pager: "rel-pager" }
            table=move || view! {
                <RelTable report=report pager=pager selected=selected on_select=Callback::new(move |(r, c)| select_cell(r, c))/>
            }/>
    }
}
