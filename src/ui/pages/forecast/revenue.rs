//! The forecast tab: revenue by period against plan (callouts, chart, table), the deals behind
//! it, and the breakdown by seller or direction.

use std::sync::Arc;

use leptos::prelude::*;

use super::controls::{HorizonControls, NoMatch};
use super::deals::ForecastDeals;
use super::text::{attainment_text, coverage_text, period_label};
use super::url::{Listed, listed_of, slot_param, spec_of};
use crate::charts::forecast::{ForecastChart, forecast_chart};
use crate::domain::filter::Filter;
use crate::domain::forecast::{ForecastReport, ForecastRow, ForecastSlot, ForecastTable, forecast};
use crate::domain::{Lang, Money, SellerId, Workspace};
use crate::format::report_csv;
use crate::ui::chart::{Chart, ChartClick, ChartNode};
use crate::ui::download::{save_csv, save_png};
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::report_table::{Cell, Cells, Column, ReportRows, ReportTable, Row, RowLinks};
use crate::ui::state::{Shared, use_app};

/// `data-testid` of the forecast chart, also used to export it as PNG.
pub(super) const CHART_ID: &str = "forecast-chart";

/// The forecast table's columns, in order: (slug for test hooks, header key).
pub(super) const COLUMNS: [(&str, &str); 9] = [
    ("won", "forecast.col.won"),
    ("weighted", "forecast.col.weighted"),
    ("commit", "forecast.col.commit"),
    ("best_case", "forecast.col.best_case"),
    ("pipeline", "forecast.col.pipeline"),
    ("plan", "forecast.col.plan"),
    ("attainment", "forecast.col.attainment"),
    ("coverage", "forecast.col.coverage"),
    ("forecast", "forecast.col.forecast"),
];

/// The cells of one forecast row, in [`COLUMNS`] order.
pub(super) fn row_cells(r: &ForecastRow, currency: &str, lang: Lang) -> Vec<Cell> {
    let c = Cells { lang, currency };
    vec![
        c.money_short(r.won),
        c.weighted_short(r.weighted_open),
        c.money_short(r.commit_view),
        c.money_short(r.best_case_view),
        c.money_short(r.pipeline_view),
        c.money_short(r.plan),
        Cell::text(attainment_text(r.attainment, lang)),
        Cell::text(coverage_text(r.coverage, lang)),
        c.weighted_short(r.forecast),
    ]
}

/// The table's columns: `first` (the row header's), then [`COLUMNS`] and `extra`.
pub(super) fn columns(
    lang: Lang,
    first: (&'static str, &str),
    extra: &[(&'static str, &str)],
) -> Vec<Column> {
    std::iter::once(&first)
        .chain(COLUMNS.iter())
        .chain(extra)
        .map(|&(slug, key)| Column {
            slug,
            label: tr(lang, key),
        })
        .collect()
}

/// The forecast by period with its total: periods open their deals (`fper`).
pub(super) fn forecast_table(
    r: &ForecastReport,
    names: &[String],
    currency: &str,
    lang: Lang,
) -> ReportTable {
    let mut rows: Vec<Row> = r
        .total
        .rows
        .iter()
        .zip(names)
        .enumerate()
        .map(|(b, (row, name))| {
            let mut cells = row_cells(row, currency, lang);
            // "No plan" is not a figure: greyed in the period rows.
            cells[6].class = row.attainment.is_none().then_some("fc-noplan");
            Row {
                head: Cell::text(name.clone()),
                cells,
                key: b.to_string(),
                link_title: Some(fill(
                    &tr(lang, "forecast.show_period"),
                    &[("period", name.clone())],
                )),
                test_id: Some(format!("fc-row-{b}")),
                ..Row::default()
            }
        })
        .collect();
    let total = tr(lang, "forecast.total");
    rows.push(Row {
        head: Cell::text(total),
        cells: row_cells(&r.total.totals, currency, lang)
            .into_iter()
            .zip(COLUMNS)
            .map(|(c, (slug, _))| c.with_test_id(format!("fc-total-{slug}")))
            .collect(),
        foot: true,
        test_id: Some("fc-total".into()),
        ..Row::default()
    });
    ReportTable {
        columns: columns(lang, ("period", "forecast.col.period"), &[]),
        rows,
    }
}

pub(super) fn table_is_empty(t: &ForecastTable) -> bool {
    t.totals.won_count == 0
        && t.totals.open_count == 0
        && t.overdue.count == 0
        && t.undated.count == 0
        && t.outside.count == 0
        && t.totals.plan == Money::ZERO
}

#[component]
pub(super) fn ForecastTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let spec = Memo::new(move |_| app.route().with(|r| spec_of(r, app.today())));
    let report = Memo::new(move |_| {
        let f = filter.get();
        let s = spec.get();
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(forecast(ws, &ix, &f, app.today(), s))))
    });
    let listed = Memo::new(move |_| app.route().with(listed_of));
    let empty = Memo::new(move |_| report.with(|r| table_is_empty(&r.total)));

    let labels = Memo::new(move |_| {
        let lang = i18n.lang();
        report.with(|r| {
            r.periods
                .iter()
                .map(|p| period_label(p, lang))
                .collect::<Vec<_>>()
        })
    });
    let spec_json = Signal::derive(move || {
        let lang = i18n.lang();
        let r = report.get();
        let cur = app.ws().with(|w| w.currency.clone());
        let names = labels.get();
        let t = |k: &str| tr(lang, k);
        let line = |k: &str, v: String| format!("{}: {v}", t(k));
        let tips = r
            .total
            .rows
            .iter()
            .zip(&names)
            .map(|(row, name)| {
                vec![
                    name.clone(),
                    line("forecast.col.won", fmt::money(row.won, &cur, lang)),
                    line(
                        "forecast.col.weighted",
                        fmt::weighted(row.weighted_open, &cur, lang),
                    ),
                    line(
                        "forecast.col.forecast",
                        fmt::weighted(row.forecast, &cur, lang),
                    ),
                    line("forecast.col.plan", fmt::money(row.plan, &cur, lang)),
                    line(
                        "forecast.col.attainment",
                        attainment_text(row.attainment, lang),
                    ),
                    line(
                        "forecast.col.commit",
                        fmt::money(row.commit_view, &cur, lang),
                    ),
                    t("forecast.chart_click"),
                ]
            })
            .collect();
        forecast_chart(&ForecastChart {
            periods: names,
            won: r.total.rows.iter().map(|x| x.won.as_major_f64()).collect(),
            weighted_open: r
                .total
                .rows
                .iter()
                .map(|x| x.weighted_open.round().as_major_f64())
                .collect(),
            plan: r
                .total
                .rows
                .iter()
                .map(|x| (x.plan.0 > 0).then(|| x.plan.as_major_f64()))
                .collect(),
            names: [
                t("forecast.col.won"),
                t("forecast.col.weighted"),
                t("forecast.col.plan"),
            ],
            tips,
        })
        .to_json()
    });
    let deals_box = NodeRef::<leptos::html::Div>::new();
    let open_slot = move |s: ForecastSlot| {
        app.set_query("fper", slot_param(s));
        request_animation_frame(move || {
            if let Some(el) = deals_box.get_untracked() {
                el.scroll_into_view();
            }
        });
    };
    let on_chart_click = Callback::new(move |c: ChartClick| {
        if c.index >= 0 {
            open_slot(ForecastSlot::Period(c.index as usize));
        }
    });

    let table = Memo::new(move |_| {
        let lang = i18n.lang();
        let names = labels.get();
        report.with(|r| {
            app.ws()
                .with(|w| forecast_table(r, &names, &w.currency, lang))
        })
    });
    let row_links = RowLinks {
        class: "fc-row-link",
        test_id: Some("fc-period"),
        controls: Some("forecast-deals"),
        selected: Some(Signal::derive(move || match listed.get() {
            Listed::Open(ForecastSlot::Period(b)) => Some(b.to_string()),
            _ => None,
        })),
        on_open: Callback::new(move |b: String| {
            if let Ok(b) = b.parse() {
                open_slot(ForecastSlot::Period(b));
            }
        }),
    };
    let export_csv = move |_| {
        let lang = i18n.lang_untracked();
        let label = move |k: &'static str| tr(lang, &format!("forecast.{k}"));
        let rows = report.with_untracked(|r| report_csv::forecast(&r.periods, &r.total, label));
        save_csv(app, "voronka-forecast", &rows)
    };
    let chart_node = ChartNode::new();
    let export_png = move |_| save_png(app, chart_node, "voronka-forecast");

    view! {
        <section class="card" aria-labelledby="fc-forecast-title">
            <div class="fc-toolbar">
                <h2 id="fc-forecast-title">{move || i18n.t("forecast.revenue")}</h2>
                <HorizonControls spec=spec/>
            </div>
            {move || if empty.get() {
                view! { <NoMatch text=Signal::derive(move || i18n.t("forecast.no_match")) test_id="forecast-no-match"/> }.into_any()
            } else {
                view! {
                    <Callouts report=report on_open=Callback::new(open_slot)/>
                    <div class="fc-chart-wrap">
                        <div class="fc-toolbar fc-chart-tools">
                            <span class="help">{move || i18n.t("forecast.chart_note")}</span>
                            <button type="button" class="secondary" data-testid="forecast-png" on:click=export_png>{move || i18n.t("common.export_png")}</button>
                        </div>
                        <Chart spec=spec_json test_id=CHART_ID node=chart_node on_click=on_chart_click height=320
                            label=Signal::derive(move || i18n.t("forecast.chart_label"))/>
                    </div>
                    <div class="fc-toolbar">
                        <p class="help fc-grow">{move || i18n.t("forecast.table_note")}</p>
                        <button type="button" class="secondary" data-testid="forecast-csv" on:click=export_csv>{move || i18n.t("common.export_csv")}</button>
                    </div>
                    <div class="fc-scroll">
                        <table class="grid fc-table" data-testid="fc-table">
                            <caption>{move || i18n.t("forecast.caption")}</caption>
                            <ReportRows table=table links=row_links/>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        {move || (!empty.get()).then(|| view! {
            <div id="forecast-deals" class="fc-offscreen" node_ref=deals_box>
                <ForecastDeals spec=spec report=report listed=listed/>
            </div>
            <Breakdown report=report/>
        })}
    }
}

/// Overdue, undated and beyond-horizon deals, reported apart, each opening its deals.
#[component]
pub(super) fn Callouts(
    /// The forecast.
    report: Memo<Shared<ForecastReport>>,
    /// Opens the deals of a callout.
    on_open: Callback<ForecastSlot>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang();
        let r = report.get();
        let cur = app.ws().with(|w| w.currency.clone());
        let items = [
            (ForecastSlot::Overdue, "overdue", r.total.overdue),
            (ForecastSlot::Undated, "undated", r.total.undated),
            (ForecastSlot::Outside, "outside", r.total.outside),
        ];
        let shown: Vec<_> = items.into_iter().filter(|(_, _, s)| s.count > 0).collect();
        (!shown.is_empty()).then(|| view! {
            <div class="fc-callouts">
                {shown.into_iter().map(|(slot, key, s)| {
                    let text = crate::ui::i18n::fill(&tr(lang, &format!("forecast.apart.{key}")), &[
                        ("count", fmt::count(s.count as usize, lang)),
                        ("amount", fmt::money(s.amount, &cur, lang)),
                    ]);
                    view! {
                        <button type="button" class=format!("fc-callout fc-callout-{key}") data-testid=format!("fc-apart-{key}")
                            aria-controls="forecast-deals" on:click=move |_| on_open.run(slot)>
                            <span class="fc-callout-text">{text}</span>
                            <span class="fc-callout-more">{tr(lang, "forecast.apart.show")}</span>
                        </button>
                    }
                }).collect_view()}
            </div>
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Breakdown {
    Seller,
    Direction,
}

/// The forecast over the whole horizon per seller or per direction.
#[component]
pub(super) fn Breakdown(
    /// The forecast.
    report: Memo<Shared<ForecastReport>>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let by = Memo::new(move |_| {
        if app.route().with(|r| r.get("fbreak") == Some("direction")) {
            Breakdown::Direction
        } else {
            Breakdown::Seller
        }
    });
    let focus_seller = move |id: SellerId| {
        app.set_filter(|q| q.seller = if q.seller == Some(id) { None } else { Some(id) });
    };
    let table = Memo::new(move |_| {
        let lang = i18n.lang();
        let (b, f) = (by.get(), filter.get());
        report.with(|r| app.ws().with(|ws| breakdown_table(ws, r, b, &f, lang)))
    });
    let links = RowLinks {
        class: "link fc-plain-link",
        test_id: None,
        controls: None,
        selected: None,
        on_open: Callback::new(move |id: String| {
            if let Ok(id) = id.parse() {
                focus_seller(SellerId(id));
            }
        }),
    };
    view! {
        <section class="card fc-offscreen" aria-labelledby="fc-breakdown-title">
            <div class="fc-toolbar">
                <h2 id="fc-breakdown-title">{move || i18n.t("forecast.breakdown.title")}</h2>
                <label class="fc-inline">
                    <span>{move || i18n.t("forecast.breakdown.by")}</span>
                    <select data-testid="fbreak" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        app.set_query("fbreak", (v == "direction").then_some(v));
                    }>
                        <option value="seller" selected=move || by.get() == Breakdown::Seller>{move || i18n.t("forecast.breakdown.seller")}</option>
                        <option value="direction" selected=move || by.get() == Breakdown::Direction>{move || i18n.t("forecast.breakdown.direction")}</option>
                    </select>
                </label>
            </div>
            <p class="help">{move || i18n.t(match by.get() {
                Breakdown::Seller => "forecast.breakdown.help_seller",
                Breakdown::Direction => "forecast.breakdown.help_direction",
            })}</p>
            <div class="fc-scroll">
                <table class="grid fc-table fc-breakdown" data-testid="fc-breakdown"
                    data-by=move || match by.get() { Breakdown::Seller => "seller", Breakdown::Direction => "direction" }>
                    <caption>{move || i18n.t(match by.get() {
                        Breakdown::Seller => "forecast.breakdown.caption_seller",
                        Breakdown::Direction => "forecast.breakdown.caption_direction",
                    })}</caption>
                    <ReportRows table=table links=links/>
                </table>
            </div>
        </section>
    }
}

/// The forecast over the horizon per seller (each opening their own view) or per direction,
/// with what is reported apart (overdue and undated), and the total.
pub(super) fn breakdown_table(
    ws: &Workspace,
    r: &ForecastReport,
    by: Breakdown,
    f: &Filter,
    lang: Lang,
) -> ReportTable {
    let cur = ws.currency.as_str();
    // (name, seller to focus, table)
    let mut lines: Vec<(String, Option<SellerId>, &ForecastTable)> = Vec::new();
    match by {
        Breakdown::Seller => {
            for (s, t) in ws.sellers.iter().zip(&r.by_seller) {
                if f.seller.is_none_or(|x| x == s.id) {
                    lines.push((s.name.clone(), Some(s.id), t));
                }
            }
        }
        Breakdown::Direction => {
            for (d, t) in ws.directions.iter().zip(&r.by_direction) {
                if f.direction.is_none_or(|x| x == d.id) {
                    lines.push((d.name.clone(), None, t));
                }
            }
            if !table_is_empty(&r.no_direction) {
                lines.push((tr(lang, "forecast.no_direction"), None, &r.no_direction));
            }
        }
    }
    let cells = |t: &ForecastTable| {
        let apart = t.overdue.count + t.undated.count;
        let apart = if apart == 0 {
            "—".to_string()
        } else {
            format!(
                "{} · {}",
                fmt::count(apart as usize, lang),
                fmt::money_short(t.overdue.amount + t.undated.amount, cur, lang)
            )
        };
        let mut cells = row_cells(&t.totals, cur, lang);
        cells.push(Cell::text(apart));
        cells
    };
    let mut rows: Vec<Row> = lines
        .into_iter()
        .map(|(name, seller, t)| Row {
            link_title: seller.map(|_| {
                fill(
                    &tr(lang, "forecast.focus_seller"),
                    &[("name", name.clone())],
                )
            }),
            key: seller.map(|s| s.0.to_string()).unwrap_or_default(),
            head: Cell::text(name),
            cells: cells(t),
            test_id: Some("fc-breakdown-row".into()),
            ..Row::default()
        })
        .collect();
    let total = tr(lang, "forecast.total");
    rows.push(Row {
        head: Cell::text(total),
        cells: cells(&r.total),
        foot: true,
        ..Row::default()
    });
    let first = match by {
        Breakdown::Seller => ("seller", "filter.seller"),
        Breakdown::Direction => ("direction", "filter.direction"),
    };
    ReportTable {
        columns: columns(lang, first, &[("apart", "forecast.col.apart")]),
        rows,
    }
}
