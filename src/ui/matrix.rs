//! The widgets both matrix pages (relationships, directions) share, so they look and behave
//! alike: the heatmap / table switch (URL `mview`), the body under their header card (why there
//! is nothing to show, or the heatmap with its hint, or the table with its pager), and the pager.

use leptos::prelude::*;

use crate::charts::matrix as heat;
use crate::ui::chart::{Chart, ChartClick, ChartNode};
use crate::ui::fmt;
use crate::ui::i18n::use_i18n;
use crate::ui::pager::Pager;
use crate::ui::route::Route;
use crate::ui::state::use_app;

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
