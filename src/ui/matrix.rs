//! The widgets both matrix pages (relationships, directions) share, so they look and behave
//! alike: the heatmap / table switch (URL `mview`), the body under their header card (why there
//! is nothing to show, or the heatmap with its hint, or the table with its pager), and the pager.

use leptos::prelude::*;

use crate::charts::ChartSpec;
use crate::charts::matrix as heat;
use crate::ui::chart::{Chart, ChartClick, ChartNode};
use crate::ui::download::{save_csv, save_png};
use crate::ui::fmt;
use crate::ui::i18n::use_i18n;
use crate::ui::pager::Pager;
use crate::ui::route::Route;
use crate::ui::state::{Shared, use_app};

/// Table rows rendered at first and added by each "show more" (as in the deal lists): a
/// 2,000-client matrix stays quick to redraw on every filter change, the rest is a click away.
pub const TABLE_PAGE: usize = 100;

/// Heatmap or table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatrixView {
    Chart,
    Table,
}

impl MatrixView {
    /// From the `mview` query key; the heatmap unless it says `table`.
    pub fn from_route(r: &Route) -> Self {
        if r.get("mview") == Some("table") {
            MatrixView::Table
        } else {
            MatrixView::Chart
        }
    }
}

/// The heatmap / table switch.
#[component]
pub fn ViewSwitch(
    /// The view shown now.
    mode: Memo<MatrixView>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    view! {
        <div class="seg-switch" role="group" aria-label=move || i18n.t("matrix.view")>
            <button type="button" data-testid="mview-chart"
                aria-pressed=move || (mode.get() == MatrixView::Chart).to_string()
                on:click=move |_| app.set_query("mview", None)>
                {move || i18n.t("matrix.view_chart")}
            </button>
            <button type="button" data-testid="mview-table"
                aria-pressed=move || (mode.get() == MatrixView::Table).to_string()
                on:click=move |_| app.set_query("mview", Some("table".into()))>
                {move || i18n.t("matrix.view_table")}
            </button>
        </div>
    }
}

/// The sorts a matrix page offers: (URL value, label key, sort), the default first.
pub type SortOptions<S> = &'static [(&'static str, &'static str, S)];

/// The sort named by the URL value `v`; the default (the first) for none or an unknown one.
pub fn sort_of<S: Copy>(options: SortOptions<S>, v: Option<&str>) -> S {
    options
        .iter()
        .find(|o| Some(o.0) == v)
        .unwrap_or(&options[0])
        .2
}

/// A matrix page's sort choice, kept in the URL under `query_key` (`data-testid` too); the
/// default sort leaves the key out of the URL.
#[component]
pub fn SortSelect<S: Copy + PartialEq + Send + Sync + 'static>(
    /// The label's i18n key.
    label: &'static str,
    /// The URL query key, also the `data-testid`.
    query_key: &'static str,
    /// The sorts offered, the default first.
    options: SortOptions<S>,
    /// The sort in use now.
    sort: Memo<S>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    view! {
        <label>
            <span>{move || i18n.t(label)}</span>
            <select data-testid=query_key on:change=move |ev| {
                let v = event_target_value(&ev);
                let default = options.first().is_none_or(|o| o.0 == v);
                app.set_query(query_key, (!default).then_some(v));
            }>
                {options.iter().map(|&(value, key, s)| view! {
                    <option value=value selected=move || sort.get() == s>{move || i18n.t(key)}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// The right end of a matrix page's controls: the heatmap / table switch and the exports (CSV of
/// the matrix; PNG of the heatmap, which the table view has not).
#[component]
pub fn MatrixExports(
    /// The view shown now.
    mode: Memo<MatrixView>,
    /// The buttons' `data-testid` prefix: `dir` gives `dir-csv` and `dir-png`.
    test_prefix: &'static str,
    /// The saved files' name before the date: `voronka-directions`.
    file: &'static str,
    /// The matrix as CSV rows, computed when the button is pressed.
    csv: Callback<(), Vec<Vec<String>>>,
    /// The heatmap to save as PNG.
    chart_node: ChartNode,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let table = move || mode.get() == MatrixView::Table;
    view! {
        <ViewSwitch mode=mode/>
        <div class="matrix-export">
            <button type="button" class="secondary" data-testid=format!("{test_prefix}-csv")
                on:click=move |_| save_csv(app, file, &csv.run(()))>{move || i18n.t("common.export_csv")}</button>
            <button type="button" class="secondary" data-testid=format!("{test_prefix}-png")
                on:click=move |_| save_png(app, chart_node, file)
                disabled=table
                title=move || table().then(|| i18n.t("matrix.png_needs_chart"))>
                {move || i18n.t("common.export_png")}
            </button>
        </div>
    }
}

/// What the heatmap of a matrix page needs beside its spec: the spec as JSON, its click (the
/// cell under it, as (row, column), goes to `on_cell`) and its height for `rows` rows.
pub fn heatmap_parts(
    spec: Memo<Shared<ChartSpec>>,
    rows: impl Fn() -> usize + Send + Sync + 'static,
    on_cell: impl Fn(usize, usize) + Send + Sync + 'static,
) -> (Memo<String>, Callback<ChartClick>, Memo<u32>) {
    let json = Memo::new(move |_| spec.with(|s| heat::to_json(s)));
    let on_click = Callback::new(move |c: ChartClick| {
        if let Some((row, col)) = spec.with_untracked(|s| heat::cell_of(s, c.series, c.index)) {
            on_cell(row, col);
        }
    });
    let height = Memo::new(move |_| heat::chart_height(rows()));
    (json, on_click, height)
}

/// A matrix table's row header: the client's name and its "key client" star.
pub fn client_row_head(name: String, key: bool, lang: crate::domain::Lang) -> impl IntoView {
    view! {
        <th scope="row" class="rowhead">
            <span class="cname">{name}</span>
            {key.then(|| view! { <span class="badge key-badge" title=crate::ui::i18n::tr(lang, "relationships.key")>"★"</span> })}
        </th>
    }
}

/// `data-testid`s of a matrix page's body.
#[derive(Clone, Copy)]
pub struct MatrixIds {
    pub empty: &'static str,
    pub chart: &'static str,
    pub pager: &'static str,
}

/// The body of both matrix pages under their header card: why there is nothing to show, or the
/// heatmap with its hint, or the table with its pager.
#[component]
pub fn MatrixBody(
    /// Why there is nothing to show, if so.
    #[prop(into)]
    empty: Signal<Option<String>>,
    /// Heatmap or table.
    mode: Memo<MatrixView>,
    /// Rows of the matrix: past `heat::WINDOW_ROWS` the heatmap scrolls, and the pager counts them.
    #[prop(into)]
    rows: Signal<usize>,
    /// The heatmap's ECharts option as JSON.
    chart: Memo<String>,
    /// Translation key of the heatmap's accessible name.
    chart_label: &'static str,
    /// The heatmap's height in pixels.
    height: Memo<u32>,
    /// A click on a heatmap cell.
    on_chart_click: Callback<ChartClick>,
    /// The heatmap's container (the page exports it as PNG).
    chart_node: ChartNode,
    /// Table rows rendered (the pager adds more).
    pager: Pager,
    /// `data-testid`s of the empty message, the heatmap and the pager.
    ids: MatrixIds,
    /// The table.
    #[prop(into)]
    table: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match empty.get() {
        Some(msg) => view! {
            <section class="card"><p class="empty" data-testid=ids.empty>{msg}</p></section>
        }
        .into_any(),
        None => match mode.get() {
            MatrixView::Chart => view! {
                <section class="card matrix-chart-card">
                    {move || {
                        let h = height.get();
                        view! {
                            <Chart spec=chart label=Signal::derive(move || i18n.t(chart_label))
                                test_id=ids.chart node=chart_node height=h on_click=on_chart_click/>
                        }
                    }}
                    <p class="help">{move || {
                        let n = rows.get();
                        if n > heat::WINDOW_ROWS {
                            i18n.tf("matrix.scroll_hint", &[("total", fmt::count(n, i18n.lang()))])
                        } else {
                            i18n.t("matrix.click_hint")
                        }
                    }}</p>
                </section>
            }
            .into_any(),
            MatrixView::Table => {
                let table = table.clone();
                view! {
                    <section class="card">
                        {table.run()}
                        <TablePager total=rows pager=pager test_id=ids.pager/>
                    </section>
                }
                .into_any()
            }
        },
    }
}

/// "Showing 200 of 2,000 rows" with buttons for more and for all.
#[component]
pub fn TablePager(
    /// Rows of the table.
    total: Signal<usize>,
    /// Rows rendered.
    pager: Pager,
    /// `data-testid` of the pager.
    test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (n, s) = (total.get(), pager.shown());
        (n > s).then(|| {
            let lang = i18n.lang();
            view! {
                <div class="matrix-pager" data-testid=test_id>
                    <span class="muted">{i18n.tf("matrix.rows_shown", &[
                        ("shown", fmt::count(s, lang)), ("total", fmt::count(n, lang)),
                    ])}</span>
                    <button type="button" class="secondary" on:click=move |_| pager.more()>
                        {i18n.tf("matrix.show_more", &[("n", fmt::count(pager.step().min(n - s), lang))])}
                    </button>
                    <button type="button" class="link" on:click=move |_| pager.all()>
                        {i18n.t("matrix.show_all")}
                    </button>
                </div>
            }
        })
    }
}
