//! Forecast page (issue 7): revenue by period against plan, deals needing attention, next steps,
//! seller activity by direction, depth of work with key clients, and the plans grid. Every figure
//! comes from `crate::domain::forecast` and `crate::domain::matrix`; this file lays them out and
//! sends the page's three edits (forecast category, next step, plan) to the domain.
//!
//! View state in the URL: `fview` (forecast|attention|tasks|activity|clients|plans), the horizon
//! `fgran` (month|quarter), `fhor` (number of periods), `ffrom` (first month, `YYYY-MM`), the
//! breakdown `fbreak` (seller|direction), the listed deals `fper` (all|<period>|overdue|undated|
//! outside), the attention list's sort `fasort`, "my deals" `fmine` (a seller id) and the
//! thresholds `fsoon`, `flowp`, `fbig`, `fstall`.
//!
//! Rows that hold editors are keyed by what they show, and the editors read the deal reactively,
//! so an edit updates the figures without re-creating the row the user is typing in.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::charts::forecast::{ForecastChart, forecast_chart};
use crate::domain::edit::upsert;
use crate::domain::filter::Filter;
use crate::domain::forecast::{
    AttentionThresholds, Flag, FlaggedDeal, ForecastPeriod, ForecastReport, ForecastRow,
    ForecastSlot, ForecastSpec, ForecastTable, Granularity, attention, attention_by_seller,
    forecast, forecast_deals, key_client_depth, next_step_overdue, set_forecast_category,
    set_next_step, tasks,
};
use crate::domain::matrix::{ActivityCell, seller_direction_activity};
use crate::domain::money::{AmountError, format_amount, parse_amount};
use crate::domain::{
    DealId, ForecastCategory, Lang, Money, NextStep, Plan, SellerId, StageKind, Weighted,
    Workspace, YearMonth,
};
use crate::format::csv_out::{plain_amount, to_csv};
use crate::ui::app::{CurrentFilter, navigate};
use crate::ui::banner::dated_name;
use crate::ui::chart::{Chart, ChartClick, png_data_url};
use crate::ui::deal_list::DealList;
use crate::ui::download::{download_data_url, download_text};
use crate::ui::fmt;
use crate::ui::i18n::{tr, use_i18n};
use crate::ui::route::{FilterQuery, Page, Route};
use crate::ui::state::{AppState, Shared, now_millis, use_app};

/// `data-testid` of the forecast chart, also used to export it as PNG.
const CHART_ID: &str = "forecast-chart";
/// Horizons offered, in periods.
const HORIZONS: [u32; 4] = [3, 6, 12, 18];
/// The default horizon.
const DEFAULT_HORIZON: u32 = 6;
/// Rows rendered per page of a long list ("show more" adds as many).
const LIST_PAGE: usize = 50;
/// Tasks shown per seller while every seller's list is on screen.
const TASK_PREVIEW: usize = 5;

// ---------------------------------------------------------------------------------------------
// URL state
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Forecast,
    Attention,
    Tasks,
    Activity,
    Clients,
    Plans,
}

impl Tab {
    const ALL: [Tab; 6] = [
        Tab::Forecast,
        Tab::Attention,
        Tab::Tasks,
        Tab::Activity,
        Tab::Clients,
        Tab::Plans,
    ];

    fn slug(self) -> &'static str {
        match self {
            Tab::Forecast => "forecast",
            Tab::Attention => "attention",
            Tab::Tasks => "tasks",
            Tab::Activity => "activity",
            Tab::Clients => "clients",
            Tab::Plans => "plans",
        }
    }

    fn from_slug(s: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.slug() == s)
    }
}

/// The forecast horizon in the URL: `fgran`, `fhor`, `ffrom`.
fn spec_of(r: &Route, today: NaiveDate) -> ForecastSpec {
    let granularity = if r.get("fgran") == Some("quarter") {
        Granularity::Quarter
    } else {
        Granularity::Month
    };
    let periods = r
        .get("fhor")
        .and_then(|v| v.parse().ok())
        .filter(|n| HORIZONS.contains(n))
        .unwrap_or(DEFAULT_HORIZON);
    let from = r
        .get("ffrom")
        .and_then(parse_month)
        .unwrap_or_else(|| YearMonth::of(today));
    ForecastSpec {
        granularity,
        from,
        periods,
    }
}

/// `2026-03` → March 2026.
fn parse_month(s: &str) -> Option<YearMonth> {
    let (y, m) = s.split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    ((1..=12).contains(&m) && (1900..=9999).contains(&y)).then(|| YearMonth::new(y, m))
}

/// The attention thresholds in the URL, each clamped to its range; absent = the defaults.
fn thresholds_of(r: &Route) -> AttentionThresholds {
    let d = AttentionThresholds::default();
    let num = |k: &str| r.get(k).and_then(|v| v.parse::<u32>().ok());
    AttentionThresholds {
        closing_soon_days: num("fsoon")
            .filter(|v| *v <= 365)
            .unwrap_or(d.closing_soon_days),
        low_probability: num("flowp")
            .filter(|v| *v <= 100)
            .map_or(d.low_probability, |v| v as u8),
        big_deal_percentile: num("fbig")
            .filter(|v| (1..=100).contains(v))
            .map_or(d.big_deal_percentile, |v| v as u8),
        stalled_days: num("fstall").filter(|v| (1..=3650).contains(v)),
    }
}

/// Which deals the forecast tab lists (`fper`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Listed {
    /// Open deals in the whole horizon (the default), or one period: editable rows.
    Open(ForecastSlot),
    /// Overdue, undated or outside the horizon: a plain deal list.
    Apart(ForecastSlot),
}

fn listed_of(r: &Route) -> Listed {
    match r.get("fper") {
        Some("overdue") => Listed::Apart(ForecastSlot::Overdue),
        Some("undated") => Listed::Apart(ForecastSlot::Undated),
        Some("outside") => Listed::Apart(ForecastSlot::Outside),
        Some(n) => n.parse().map_or(Listed::Open(ForecastSlot::Horizon), |b| {
            Listed::Open(ForecastSlot::Period(b))
        }),
        None => Listed::Open(ForecastSlot::Horizon),
    }
}

fn slot_param(s: ForecastSlot) -> Option<String> {
    match s {
        ForecastSlot::Horizon => None,
        ForecastSlot::Period(b) => Some(b.to_string()),
        ForecastSlot::Overdue => Some("overdue".into()),
        ForecastSlot::Undated => Some("undated".into()),
        ForecastSlot::Outside => Some("outside".into()),
    }
}

/// Makes one edit through the app's undoable path: on a copy of the workspace, kept only when
/// `edit` reports a change (so a refused or empty edit changes nothing and records no undo step).
fn apply(app: AppState, label: String, edit: impl FnOnce(&mut Workspace) -> bool) {
    let _ = app.change(label, |ws| if edit(ws) { Ok(()) } else { Err(()) });
}

/// Sets one URL key of the page (replacing the history entry).
fn set_key(route: RwSignal<Route>, key: &str, value: Option<String>) {
    navigate(route, route.get_untracked().with(key, value), true);
}

/// The seller of "my deals" (`fmine`), if it still exists.
fn mine_of(r: &Route, ws: &Workspace) -> Option<SellerId> {
    let id = SellerId(r.get("fmine")?.parse().ok()?);
    ws.seller(id).map(|s| s.id)
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

/// "Mar 2026" / "мар 2026".
fn month_label(m: YearMonth, lang: Lang) -> String {
    format!(
        "{} {}",
        tr(lang, &format!("forecast.months.m{}", m.month)),
        m.year
    )
}

/// "Mar 2026" for a month, "Q1 2026" for a quarter.
fn period_label(p: &ForecastPeriod, lang: Lang) -> String {
    if p.months == 1 {
        month_label(p.first, lang)
    } else {
        crate::ui::i18n::fill(
            &tr(lang, "forecast.quarter"),
            &[
                ("q", p.quarter().to_string()),
                ("year", p.first.year.to_string()),
            ],
        )
    }
}

fn category_name(c: ForecastCategory, lang: Lang) -> String {
    tr(lang, &format!("forecast.category.{}", c.as_str()))
}

/// Plan attainment (a percent) as text: "no plan" when undefined.
fn attainment_text(a: Option<f64>, lang: Lang) -> String {
    match a {
        Some(v) if v.is_finite() => fmt::percent(Some(v / 100.0), lang),
        _ => tr(lang, "forecast.no_plan"),
    }
}

/// Coverage ratio as "2.3×", or a dash.
fn coverage_text(c: Option<f64>, lang: Lang) -> String {
    match c {
        Some(v) if v.is_finite() => format!("{}×", fmt::decimal1(Some(v), lang)),
        _ => "—".to_string(),
    }
}

/// A flag in words.
fn flag_text(f: Flag, ws: &Workspace, lang: Lang) -> String {
    let t = |k: &str, args: &[(&str, String)]| {
        crate::ui::i18n::fill(&tr(lang, &format!("forecast.flag.{k}")), args)
    };
    match f {
        Flag::Overdue { days } => t("overdue", &[("days", days.to_string())]),
        Flag::Stalled { days, limit } => t(
            "stalled",
            &[("days", days.to_string()), ("limit", limit.to_string())],
        ),
        Flag::NoNextStep => t("no_next_step", &[]),
        Flag::NextStepOverdue { days } => t("next_step_overdue", &[("days", days.to_string())]),
        Flag::ClosingSoonLowProbability {
            days_left,
            probability,
        } => t(
            "closing_soon_low_probability",
            &[
                ("days", days_left.to_string()),
                ("p", probability.to_string()),
            ],
        ),
        Flag::BigDealAtKeyClient { threshold } => t(
            "big_deal_at_key_client",
            &[("amount", fmt::money_short(threshold, &ws.currency, lang))],
        ),
    }
}

fn amount_error_text(e: &AmountError, lang: Lang) -> String {
    tr(lang, &format!("amount_error.{}", e.code()))
}

/// A plan amount as typed back into its cell: grouped, kopecks only when there are some.
fn plan_text(m: Money, lang: Lang) -> String {
    format_amount(m, lang.number_style(), m.0 % 100 != 0)
}

/// One figure: as shown, and as written to CSV.
#[derive(Clone, Debug, PartialEq)]
struct Cell {
    text: String,
    /// The exact amount, shown on hover where `text` is rounded to whole units.
    title: Option<String>,
    csv: String,
}

/// The forecast table's columns, in order: (slug for test hooks, header key).
const COLUMNS: [(&str, &str); 9] = [
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
fn row_cells(r: &ForecastRow, cur: &str, lang: Lang) -> Vec<Cell> {
    let money = |m: Money| Cell {
        text: fmt::money_short(m, cur, lang),
        title: Some(fmt::money(m, cur, lang)),
        csv: plain_amount(m),
    };
    let weighted = |w: Weighted| money(w.round());
    vec![
        money(r.won),
        weighted(r.weighted_open),
        money(r.commit_view),
        money(r.best_case_view),
        money(r.pipeline_view),
        money(r.plan),
        Cell {
            text: attainment_text(r.attainment, lang),
            title: None,
            csv: r
                .attainment
                .filter(|v| v.is_finite())
                .map(|v| format!("{v:.2}"))
                .unwrap_or_default(),
        },
        Cell {
            text: coverage_text(r.coverage, lang),
            title: None,
            csv: r
                .coverage
                .filter(|v| v.is_finite())
                .map(|v| format!("{v:.2}"))
                .unwrap_or_default(),
        },
        weighted(r.forecast),
    ]
}

fn table_is_empty(t: &ForecastTable) -> bool {
    t.totals.won_count == 0
        && t.totals.open_count == 0
        && t.overdue.count == 0
        && t.undated.count == 0
        && t.outside.count == 0
        && t.totals.plan == Money::ZERO
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

#[component]
pub fn ForecastPage() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let tab = Memo::new(move |_| {
        app.route
            .with(|r| r.get("fview").and_then(Tab::from_slug))
            .unwrap_or(Tab::Forecast)
    });
    let has_deals = Memo::new(move |_| app.ws.with(|w| !w.deals.is_empty()));
    let set_tab = move |t: Tab| {
        set_key(
            app.route,
            "fview",
            (t != Tab::Forecast).then(|| t.slug().to_string()),
        )
    };
    let on_tab_key = move |ev: KeyboardEvent| {
        let step: isize = match ev.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        ev.prevent_default();
        let at = Tab::ALL
            .iter()
            .position(|t| *t == tab.get_untracked())
            .unwrap_or(0) as isize;
        let next = Tab::ALL[(at + step).rem_euclid(Tab::ALL.len() as isize) as usize];
        set_tab(next);
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&format!("ftab-{}", next.slug())))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            el.focus().ok();
        }
    };

    view! {
        <section class="card fc-top" data-testid="forecast">
            <div class="fc-head">
                <h1>{move || i18n.t("forecast.title")}</h1>
                <div class="fc-tabs" role="tablist" aria-label=move || i18n.t("forecast.views") on:keydown=on_tab_key>
                    {Tab::ALL.into_iter().map(|t| view! {
                        <button type="button" role="tab" class="fc-tab" id=format!("ftab-{}", t.slug())
                            aria-controls="forecast-panel"
                            aria-selected=move || (tab.get() == t).to_string()
                            tabindex=move || if tab.get() == t { "0" } else { "-1" }
                            class:active=move || tab.get() == t
                            data-testid=format!("fview-{}", t.slug())
                            on:click=move |_| set_tab(t)>
                            {move || i18n.t(&format!("forecast.tab.{}", t.slug()))}
                        </button>
                    }).collect_view()}
                </div>
            </div>
            <p class="help">{move || i18n.t(&format!("forecast.tab_help.{}", tab.get().slug()))}</p>
        </section>
        <div id="forecast-panel" role="tabpanel" class="fc-panel"
            aria-labelledby=move || format!("ftab-{}", tab.get().slug())>
            {move || {
                if !has_deals.get() && tab.get() != Tab::Plans {
                    return view! {
                        <section class="card">
                            <div class="empty" data-testid="forecast-empty">
                                <p>{i18n.t("forecast.empty_ws")}</p>
                                <div class="action-row">
                                    <button type="button" data-testid="forecast-load-demo"
                                        on:click=move |_| app.load_demo(i18n.lang_untracked())>{i18n.t("data.load_demo")}</button>
                                    <a class="button fc-link-button" href=move || app.route.get().on_page(Page::Data).to_hash()>
                                        {i18n.t("forecast.go_data")}
                                    </a>
                                </div>
                            </div>
                        </section>
                    }
                    .into_any();
                }
                match tab.get() {
                    Tab::Forecast => view! { <ForecastTab/> }.into_any(),
                    Tab::Attention => view! { <AttentionTab/> }.into_any(),
                    Tab::Tasks => view! { <TasksTab/> }.into_any(),
                    Tab::Activity => view! { <ActivityTab/> }.into_any(),
                    Tab::Clients => view! { <KeyClientsTab/> }.into_any(),
                    Tab::Plans => view! { <PlansTab/> }.into_any(),
                }
            }}
        </div>
    }
}

/// "No deals match the filters" with a reset button.
#[component]
fn NoMatch(#[prop(into)] text: Signal<String>, test_id: &'static str) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    view! {
        <div class="empty" data-testid=test_id>
            <p>{move || text.get()}</p>
            <button type="button" data-testid="forecast-reset"
                on:click=move |_| navigate(app.route, FilterQuery::default().apply_to(&app.route.get_untracked()), true)>
                {move || i18n.t("filter.reset")}
            </button>
        </div>
    }
}

/// The horizon controls: month or quarter, how many periods, from which month.
#[component]
fn HorizonControls(spec: Memo<ForecastSpec>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let this_month = YearMonth::of(app.today);
    view! {
        <div class="fc-controls" data-testid="forecast-horizon">
            <label>
                <span>{move || i18n.t("forecast.granularity")}</span>
                <select data-testid="fgran" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set_key(app.route, "fgran", (v == "quarter").then_some(v));
                }>
                    <option value="month" selected=move || spec.get().granularity == Granularity::Month>{move || i18n.t("forecast.by_month")}</option>
                    <option value="quarter" selected=move || spec.get().granularity == Granularity::Quarter>{move || i18n.t("forecast.by_quarter")}</option>
                </select>
            </label>
            <label>
                <span>{move || i18n.t("forecast.horizon")}</span>
                <select data-testid="fhor" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set_key(app.route, "fhor", (v != DEFAULT_HORIZON.to_string()).then_some(v));
                }>
                    {HORIZONS.into_iter().map(|n| view! {
                        <option value=n.to_string() selected=move || spec.get().periods == n>
                            {move || i18n.tf(match spec.get().granularity {
                                Granularity::Month => "forecast.n_months",
                                Granularity::Quarter => "forecast.n_quarters",
                            }, &[("n", n.to_string())])}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                <span>{move || i18n.t("forecast.from")}</span>
                <input type="month" data-testid="ffrom" min="1900-01" max="9999-12"
                    prop:value=move || spec.get().from.to_string()
                    on:change=move |ev| {
                        let v = parse_month(&event_target_value(&ev));
                        set_key(app.route, "ffrom", v.filter(|m| *m != this_month).map(|m| m.to_string()));
                    }/>
            </label>
            <button type="button" class="link" data-testid="fhorizon-reset"
                on:click=move |_| {
                    let r = app.route.get_untracked().with("fgran", None).with("fhor", None).with("ffrom", None);
                    navigate(app.route, r, true);
                }>{move || i18n.t("forecast.this_month")}</button>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// Forecast tab
// ---------------------------------------------------------------------------------------------

#[component]
fn ForecastTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();
    let spec = Memo::new(move |_| app.route.with(|r| spec_of(r, app.today)));
    let report = Memo::new(move |_| {
        let f = filter.get();
        let s = spec.get();
        let ix = app.index.get();
        app.ws
            .with(|ws| Shared(Arc::new(forecast(ws, &ix, &f, app.today, s))))
    });
    let listed = Memo::new(move |_| app.route.with(listed_of));
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
        let cur = app.ws.with(|w| w.currency.clone());
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
    let open_slot = move |s: ForecastSlot| {
        set_key(app.route, "fper", slot_param(s));
        request_animation_frame(|| {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("forecast-deals"))
            {
                el.scroll_into_view();
            }
        });
    };
    let on_chart_click = Callback::new(move |c: ChartClick| {
        if c.index >= 0 {
            open_slot(ForecastSlot::Period(c.index as usize));
        }
    });

    let export_csv = move |_| {
        let lang = i18n.lang_untracked();
        let r = report.get_untracked();
        let cur = app.ws.with_untracked(|w| w.currency.clone());
        let mut rows = vec![
            std::iter::once(tr(lang, "forecast.col.period"))
                .chain(COLUMNS.iter().map(|(_, k)| tr(lang, k)))
                .collect::<Vec<_>>(),
        ];
        for (p, row) in r.periods.iter().zip(&r.total.rows) {
            rows.push(
                std::iter::once(p.first.to_string())
                    .chain(row_cells(row, &cur, lang).into_iter().map(|c| c.csv))
                    .collect(),
            );
        }
        rows.push(
            std::iter::once(tr(lang, "forecast.total"))
                .chain(
                    row_cells(&r.total.totals, &cur, lang)
                        .into_iter()
                        .map(|c| c.csv),
                )
                .collect(),
        );
        if let Err(e) = download_text(
            &dated_name("voronka-forecast", app.today, "csv"),
            "text/csv",
            &to_csv(&rows),
        ) {
            app.notice.set(Some(e));
        }
    };
    let export_png = move |_| {
        let result = png_data_url(CHART_ID).and_then(|url| {
            download_data_url(&dated_name("voronka-forecast", app.today, "png"), &url)
        });
        if let Err(e) = result {
            app.notice.set(Some(e));
        }
    };

    let table = move || {
        let lang = i18n.lang();
        let r = report.get();
        let names = labels.get();
        let cur = app.ws.with(|w| w.currency.clone());
        let sel = listed.get();
        let rows = r.total.rows.iter().zip(names).enumerate().map(|(b, (row, name))| {
            let selected = sel == Listed::Open(ForecastSlot::Period(b));
            let title = i18n.tf("forecast.show_period", &[("period", name.clone())]);
            view! {
                <tr class:selected=selected data-testid=format!("fc-row-{b}")>
                    <th scope="row">
                        <button type="button" class="fc-row-link" title=title aria-controls="forecast-deals"
                            aria-expanded=selected.to_string() data-testid=format!("fc-period-{b}")
                            on:click=move |_| open_slot(ForecastSlot::Period(b))>{name}</button>
                    </th>
                    {row_cells(row, &cur, lang).into_iter().zip(COLUMNS).map(|(c, (slug, _))| view! {
                        <td class="num" data-col=slug title=c.title class:fc-noplan={slug == "attainment" && row.attainment.is_none()}>{c.text}</td>
                    }).collect_view()}
                </tr>
            }
        }).collect_view();
        let totals = row_cells(&r.total.totals, &cur, lang).into_iter().zip(COLUMNS).map(|(c, (slug, _))| view! {
            <td class="num" data-testid=format!("fc-total-{slug}") title=c.title>{c.text}</td>
        }).collect_view();
        view! {
            <table class="grid fc-table" data-testid="fc-table">
                <caption>{tr(lang, "forecast.caption")}</caption>
                <thead><tr>
                    <th scope="col">{tr(lang, "forecast.col.period")}</th>
                    {COLUMNS.iter().map(|(_, k)| view! { <th scope="col" class="num">{tr(lang, k)}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr data-testid="fc-total"><th scope="row">{tr(lang, "forecast.total")}</th>{totals}</tr></tfoot>
            </table>
        }
    };

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
                        <Chart spec=spec_json test_id=CHART_ID on_click=on_chart_click height=320
                            label=Signal::derive(move || i18n.t("forecast.chart_label"))/>
                    </div>
                    <div class="fc-toolbar">
                        <p class="help fc-grow">{move || i18n.t("forecast.table_note")}</p>
                        <button type="button" class="secondary" data-testid="forecast-csv" on:click=export_csv>{move || i18n.t("common.export_csv")}</button>
                    </div>
                    <div class="fc-scroll">{table}</div>
                }.into_any()
            }}
        </section>
        {move || (!empty.get()).then(|| view! {
            <ForecastDeals spec=spec report=report listed=listed/>
            <Breakdown report=report/>
        })}
    }
}

/// Overdue, undated and beyond-horizon deals, reported apart, each opening its deals.
#[component]
fn Callouts(
    report: Memo<Shared<ForecastReport>>,
    on_open: Callback<ForecastSlot>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang();
        let r = report.get();
        let cur = app.ws.with(|w| w.currency.clone());
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

/// A row of an editable deal list: what it shows, so a changed deal gets a fresh row.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct DealRow {
    id: DealId,
    pos: usize,
    title: String,
    client: String,
    seller: String,
    stage: String,
    stage_category: ForecastCategory,
    amount: Money,
    amount_text: String,
    close: String,
    overdue: bool,
    probability: u8,
    lang: Lang,
}

fn deal_row(ws: &Workspace, pos: usize, today: NaiveDate, lang: Lang) -> Option<DealRow> {
    let d = ws.deals.get(pos)?;
    let stage = ws.stage(d.stage);
    let open = stage.is_some_and(|s| s.kind == StageKind::Open);
    Some(DealRow {
        id: d.id,
        pos,
        title: d.title.clone(),
        client: ws
            .client(d.client)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        seller: ws
            .seller(d.seller)
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        stage: stage.map(|s| s.name.clone()).unwrap_or_default(),
        stage_category: stage.map_or(ForecastCategory::Pipeline, |s| s.forecast_category),
        amount: d.amount,
        amount_text: fmt::money(d.amount, &ws.currency, lang),
        close: fmt::opt_date(d.expected_close, lang),
        overdue: open && d.expected_close.is_some_and(|e| e < today),
        probability: ws.probability(d),
        lang,
    })
}

/// The deal at `pos` if it is still deal `id` (positions can move after an import).
fn deal_at(ws: &Workspace, pos: usize, id: DealId) -> Option<&crate::domain::Deal> {
    match ws.deals.get(pos) {
        Some(d) if d.id == id => Some(d),
        _ => ws.deal(id),
    }
}

/// The open deals behind the forecast (the horizon or one period) with a category select and a
/// next-step editor on each row; or, for overdue / undated / beyond-horizon deals, the plain list.
#[component]
fn ForecastDeals(
    spec: Memo<ForecastSpec>,
    report: Memo<Shared<ForecastReport>>,
    listed: Memo<Listed>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();
    let slot = Memo::new(move |_| match listed.get() {
        Listed::Open(s) | Listed::Apart(s) => s,
    });
    let deals = Memo::new(move |_| {
        let f = filter.get();
        let s = spec.get();
        let sl = slot.get();
        let ix = app.index.get();
        app.ws.with(|ws| {
            let mut v = forecast_deals(ws, &ix, &f, app.today, s, sl);
            // Soonest first, then the biggest.
            v.sort_by_key(|&i| {
                (
                    ws.deals[i].expected_close,
                    std::cmp::Reverse(ws.deals[i].amount),
                )
            });
            v
        })
    });
    let shown = RwSignal::new(LIST_PAGE);
    Effect::new(move |_| {
        slot.track();
        shown.set(LIST_PAGE);
    });
    let rows = Memo::new(move |_| {
        let lang = i18n.lang();
        let n = shown.get();
        app.ws.with(|ws| {
            deals.with(|d| {
                d.iter()
                    .take(n)
                    .filter_map(|&i| deal_row(ws, i, app.today, lang))
                    .collect::<Vec<_>>()
            })
        })
    });
    let title = Signal::derive(move || {
        let lang = i18n.lang();
        match slot.get() {
            ForecastSlot::Horizon => i18n.t("forecast.deals.horizon"),
            ForecastSlot::Period(b) => report.with(|r| {
                r.periods
                    .get(b)
                    .map(|p| {
                        i18n.tf(
                            "forecast.deals.period",
                            &[("period", period_label(p, lang))],
                        )
                    })
                    .unwrap_or_default()
            }),
            ForecastSlot::Overdue => i18n.t("forecast.deals.overdue"),
            ForecastSlot::Undated => i18n.t("forecast.deals.undated"),
            ForecastSlot::Outside => i18n.t("forecast.deals.outside"),
        }
    });
    let summary = move || {
        let lang = i18n.lang();
        let n = deals.with(|d| d.len());
        let (sum, cur) = app.ws.with(|ws| {
            (
                deals.with(|d| {
                    d.iter()
                        .filter_map(|&i| ws.deals.get(i))
                        .map(|d| d.amount)
                        .sum::<Money>()
                }),
                ws.currency.clone(),
            )
        });
        i18n.tf(
            "deal_list.summary",
            &[
                ("count", fmt::count(n, lang)),
                ("amount", fmt::money(sum, &cur, lang)),
            ],
        )
    };
    let pick = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        set_key(app.route, "fper", (v != "all").then_some(v));
    };
    let select_value = move || match slot.get() {
        ForecastSlot::Period(b) => b.to_string(),
        _ => "all".to_string(),
    };

    view! {
        <div id="forecast-deals">
        {move || match listed.get() {
            Listed::Apart(_) => view! {
                <DealList deals=Signal::derive(move || deals.get()) title=title
                    on_close=Callback::new(move |_| set_key(app.route, "fper", None))/>
            }.into_any(),
            Listed::Open(_) => view! {
                <section class="card" data-testid="fc-deals" aria-labelledby="fc-deals-title">
                    <div class="fc-toolbar">
                        <h2 id="fc-deals-title" data-testid="fc-deals-title">{move || title.get()}</h2>
                        <label class="fc-inline">
                            <span>{move || i18n.t("forecast.deals.show")}</span>
                            <select data-testid="fper" prop:value=select_value on:change=pick>
                                <option value="all">{move || i18n.t("forecast.deals.all_periods")}</option>
                                {move || {
                                    let lang = i18n.lang();
                                    report.with(|r| r.periods.iter().enumerate().map(|(b, p)| view! {
                                        <option value=b.to_string() selected=select_value() == b.to_string()>{period_label(p, lang)}</option>
                                    }).collect_view())
                                }}
                            </select>
                        </label>
                        <span class="muted" data-testid="fc-deals-count">{summary}</span>
                    </div>
                    <p class="help">{move || i18n.t("forecast.deals.help")}</p>
                    {move || deals.with(|d| d.is_empty()).then(|| view! { <p class="empty">{i18n.t("forecast.deals.none")}</p> })}
                    <div class="fc-scroll">
                    <table class="grid fc-deal-table" data-testid="fc-deal-table">
                        <caption class="sr-only">{move || title.get()}</caption>
                        <thead><tr>
                            <th scope="col">{move || i18n.t("deal_list.deal")}</th>
                            <th scope="col">{move || i18n.t("filter.seller")}</th>
                            <th scope="col">{move || i18n.t("common.stage")}</th>
                            <th scope="col" class="num">{move || i18n.t("common.amount")}</th>
                            <th scope="col">{move || i18n.t("deal_list.expected_close")}</th>
                            <th scope="col">{move || i18n.t("forecast.col.category")}</th>
                            <th scope="col">{move || i18n.t("deal_list.next_step")}</th>
                        </tr></thead>
                        <tbody>
                            <For each=move || rows.get() key=|r| r.clone() let:r>
                                <OpenDealRow row=r/>
                            </For>
                        </tbody>
                    </table>
                    </div>
                    {move || (deals.with(|d| d.len()) > shown.get()).then(|| view! {
                        <button type="button" class="secondary" data-testid="fc-deals-more"
                            on:click=move |_| shown.update(|s| *s += LIST_PAGE)>
                            {i18n.tf("deal_list.more", &[("n", (deals.with(|d| d.len()) - shown.get_untracked()).to_string())])}
                        </button>
                    })}
                </section>
            }.into_any(),
        }}
        </div>
    }
}

#[component]
fn OpenDealRow(row: DealRow) -> impl IntoView {
    let lang = row.lang;
    view! {
        <tr data-testid="fc-deal-row" data-deal=row.id.0.to_string() data-amount=row.amount.0.to_string()
            data-stage-category=row.stage_category.as_str()>
            <td><span class="fc-deal-title">{row.title.clone()}</span><span class="fc-sub">{row.client.clone()}</span></td>
            <td>{row.seller.clone()}</td>
            <td>{row.stage.clone()}</td>
            <td class="num">
                {row.amount_text.clone()}
                <span class="fc-sub" title=tr(lang, "deal_list.probability")>
                    {format!("p\u{a0}=\u{a0}{}\u{a0}%", row.probability)}
                </span>
            </td>
            <td class:overdue=row.overdue>
                {row.close.clone()}
                {row.overdue.then(|| view! { <span class="badge overdue-badge">{tr(lang, "deal_list.overdue")}</span> })}
            </td>
            <td><CategorySelect id=row.id pos=row.pos stage_category=row.stage_category title=row.title.clone()/></td>
            <td><NextStepEditor id=row.id pos=row.pos title=row.title.clone()/></td>
        </tr>
    }
}

/// A deal's forecast category: its override, or "(stage default)".
#[component]
fn CategorySelect(
    id: DealId,
    pos: usize,
    stage_category: ForecastCategory,
    title: String,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let current = Memo::new(move |_| {
        app.ws
            .with(|ws| deal_at(ws, pos, id).and_then(|d| d.forecast_category))
    });
    let undo_label = i18n.tf("forecast.undo.category", &[("deal", title.clone())]);
    let label = move || i18n.tf("forecast.category.label", &[("deal", title.clone())]);
    let on_change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let cat = ForecastCategory::ALL.into_iter().find(|c| c.as_str() == v);
        apply(app, undo_label.clone(), |ws| {
            set_forecast_category(ws, id, cat, now_millis())
        });
    };
    view! {
        <select class="fc-category" data-testid="fc-category" aria-label=label on:change=on_change
            prop:value=move || current.get().map_or("", |c| c.as_str())
            class:overridden=move || current.get().is_some()>
            <option value="">{move || i18n.tf("forecast.category.stage_default", &[("category", category_name(stage_category, i18n.lang()))])}</option>
            {ForecastCategory::ALL.into_iter().map(|c| view! {
                <option value=c.as_str() selected=move || current.get() == Some(c)>{move || category_name(c, i18n.lang())}</option>
            }).collect_view()}
        </select>
    }
}

/// A deal's next step, edited in place: done, text and due date; each change is saved at once.
#[component]
fn NextStepEditor(id: DealId, pos: usize, title: String) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let undo_label =
        StoredValue::new(i18n.tf("forecast.undo.next_step", &[("deal", title.clone())]));
    let step = Memo::new(move |_| {
        app.ws
            .with(|ws| deal_at(ws, pos, id).and_then(|d| d.next_step.clone()))
    });
    let commit = move |change: &dyn Fn(&mut NextStep)| {
        let mut s = step.get_untracked().unwrap_or(NextStep {
            text: String::new(),
            due: None,
            done: false,
        });
        change(&mut s);
        s.text = s.text.trim().to_string();
        let next = (!s.text.is_empty() || s.due.is_some()).then_some(s);
        apply(app, undo_label.get_value(), |ws| {
            set_next_step(ws, id, next, now_millis())
        });
    };
    let overdue =
        move || step.with(|s| s.as_ref().is_some_and(|s| next_step_overdue(s, app.today)));
    let t1 = title.clone();
    let t2 = title.clone();
    let t3 = title.clone();
    view! {
        <div class="fc-step" data-testid="next-step" class:done=move || step.with(|s| s.as_ref().is_some_and(|s| s.done))>
            <input type="checkbox" data-testid="next-step-done"
                aria-label=move || i18n.tf("forecast.step.done_label", &[("deal", title.clone())])
                prop:checked=move || step.with(|s| s.as_ref().is_some_and(|s| s.done))
                prop:disabled=move || step.with(|s| s.is_none())
                on:change=move |ev| {
                    let done = event_target_checked(&ev);
                    commit(&|s| s.done = done);
                    if done {
                        app.notice.set(Some(i18n.tf("forecast.step.marked_done", &[("deal", t3.clone())])));
                    }
                }/>
            <input type="text" class="fc-step-text" data-testid="next-step-text" maxlength="500"
                placeholder=move || i18n.t("forecast.step.placeholder")
                aria-label=move || i18n.tf("forecast.step.text_label", &[("deal", t1.clone())])
                prop:value=move || step.with(|s| s.as_ref().map(|s| s.text.clone()).unwrap_or_default())
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    commit(&|s| s.text = text.clone());
                }/>
            <input type="date" class="fc-step-due" data-testid="next-step-due" class:overdue=overdue
                aria-label=move || i18n.tf("forecast.step.due_label", &[("deal", t2.clone())])
                prop:value=move || step.with(|s| s.as_ref().and_then(|s| s.due).map(|d| d.to_string()).unwrap_or_default())
                on:change=move |ev| {
                    let due = NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d").ok();
                    commit(&|s| s.due = due);
                }/>
            {move || overdue().then(|| view! { <span class="badge overdue-badge">{i18n.t("forecast.step.overdue")}</span> })}
        </div>
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Breakdown {
    Seller,
    Direction,
}

/// The forecast over the whole horizon per seller or per direction.
#[component]
fn Breakdown(report: Memo<Shared<ForecastReport>>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();
    let by = Memo::new(move |_| {
        if app.route.with(|r| r.get("fbreak") == Some("direction")) {
            Breakdown::Direction
        } else {
            Breakdown::Seller
        }
    });
    let focus_seller = move |id: SellerId| {
        let mut q = FilterQuery::from_route(&app.route.get_untracked());
        q.seller = if q.seller == Some(id) { None } else { Some(id) };
        navigate(app.route, q.apply_to(&app.route.get_untracked()), true);
    };
    let table = move || {
        let lang = i18n.lang();
        let r = report.get();
        let b = by.get();
        let f = filter.get();
        app.ws.with(|ws| {
            let cur = ws.currency.as_str();
            // (name, seller to focus, table)
            let mut rows: Vec<(String, Option<SellerId>, &ForecastTable)> = Vec::new();
            match b {
                Breakdown::Seller => {
                    for (s, t) in ws.sellers.iter().zip(&r.by_seller) {
                        if f.seller.is_none_or(|x| x == s.id) {
                            rows.push((s.name.clone(), Some(s.id), t));
                        }
                    }
                }
                Breakdown::Direction => {
                    for (d, t) in ws.directions.iter().zip(&r.by_direction) {
                        if f.direction.is_none_or(|x| x == d.id) {
                            rows.push((d.name.clone(), None, t));
                        }
                    }
                    if !table_is_empty(&r.no_direction) {
                        rows.push((tr(lang, "forecast.no_direction"), None, &r.no_direction));
                    }
                }
            }
            let body = rows.into_iter().map(|(name, seller, t)| {
                let cells = row_cells(&t.totals, cur, lang);
                let apart = t.overdue.count + t.undated.count;
                let apart_text = if apart == 0 { "—".to_string() } else {
                    format!("{} · {}", fmt::count(apart as usize, lang), fmt::money_short(t.overdue.amount + t.undated.amount, cur, lang))
                };
                let head = match seller {
                    Some(id) => {
                        let title = crate::ui::i18n::fill(&tr(lang, "forecast.focus_seller"), &[("name", name.clone())]);
                        view! { <button type="button" class="link fc-plain-link" title=title on:click=move |_| focus_seller(id)>{name}</button> }.into_any()
                    }
                    None => view! { <span>{name}</span> }.into_any(),
                };
                view! {
                    <tr data-testid="fc-breakdown-row">
                        <th scope="row">{head}</th>
                        {cells.into_iter().map(|c| view! { <td class="num" title=c.title>{c.text}</td> }).collect_view()}
                        <td class="num">{apart_text}</td>
                    </tr>
                }
            }).collect_view();
            let totals = row_cells(&r.total.totals, cur, lang);
            let apart = r.total.overdue.count + r.total.undated.count;
            view! {
                <table class="grid fc-table fc-breakdown" data-testid="fc-breakdown" data-by=match b { Breakdown::Seller => "seller", Breakdown::Direction => "direction" }>
                    <caption>{tr(lang, match b { Breakdown::Seller => "forecast.breakdown.caption_seller", Breakdown::Direction => "forecast.breakdown.caption_direction" })}</caption>
                    <thead><tr>
                        <th scope="col">{tr(lang, match b { Breakdown::Seller => "filter.seller", Breakdown::Direction => "filter.direction" })}</th>
                        {COLUMNS.iter().map(|(_, k)| view! { <th scope="col" class="num">{tr(lang, k)}</th> }).collect_view()}
                        <th scope="col" class="num">{tr(lang, "forecast.col.apart")}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                    <tfoot><tr>
                        <th scope="row">{tr(lang, "forecast.total")}</th>
                        {totals.into_iter().map(|c| view! { <td class="num" title=c.title>{c.text}</td> }).collect_view()}
                        <td class="num">{if apart == 0 { "—".to_string() } else {
                            format!("{} · {}", fmt::count(apart as usize, lang), fmt::money_short(r.total.overdue.amount + r.total.undated.amount, cur, lang))
                        }}</td>
                    </tr></tfoot>
                </table>
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="fc-breakdown-title">
            <div class="fc-toolbar">
                <h2 id="fc-breakdown-title">{move || i18n.t("forecast.breakdown.title")}</h2>
                <label class="fc-inline">
                    <span>{move || i18n.t("forecast.breakdown.by")}</span>
                    <select data-testid="fbreak" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_key(app.route, "fbreak", (v == "direction").then_some(v));
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
            <div class="fc-scroll">{table}</div>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Attention tab
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortBy {
    Amount,
    Close,
    Seller,
}

impl SortBy {
    fn slug(self) -> &'static str {
        match self {
            SortBy::Amount => "amount",
            SortBy::Close => "close",
            SortBy::Seller => "seller",
        }
    }
}

/// `fasort`: `amount_desc` (default), `amount_asc`, `close_asc`, `close_desc`, `seller_asc`, ...
fn sort_of(r: &Route) -> (SortBy, bool) {
    let v = r.get("fasort").unwrap_or("amount_desc");
    let (k, dir) = v.rsplit_once('_').unwrap_or((v, "desc"));
    let key = match k {
        "close" => SortBy::Close,
        "seller" => SortBy::Seller,
        _ => SortBy::Amount,
    };
    (key, dir == "desc")
}

/// The filter of the "my deals" view: the chosen seller over the filter bar's.
fn effective_filter(f: &Filter, mine: Option<SellerId>) -> Filter {
    Filter {
        seller: mine.or(f.seller),
        ..f.clone()
    }
}

/// "My deals" (`fmine`): whose deals the attention and task lists show.
#[component]
fn MineSelect() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let mine = Memo::new(move |_| app.route.with(|r| app.ws.with(|ws| mine_of(r, ws))));
    view! {
        <label class="fc-inline">
            <span>{move || i18n.t("forecast.mine.label")}</span>
            <select data-testid="fmine" on:change=move |ev| {
                let v = event_target_value(&ev);
                set_key(app.route, "fmine", (!v.is_empty()).then_some(v));
            }>
                <option value="" selected=move || mine.get().is_none()>{move || i18n.t("forecast.mine.everyone")}</option>
                {move || app.ws.with(|ws| ws.sellers.iter().map(|s| {
                    let id = s.id;
                    view! { <option value=id.0.to_string() selected=move || mine.get() == Some(id)>{s.name.clone()}</option> }
                }).collect_view())}
            </select>
        </label>
    }
}

/// One threshold input: a whole number in a range, kept in the URL under `key`; an empty value
/// restores the default. A bad value shows an error and changes nothing.
#[component]
fn ThresholdInput(
    key: &'static str,
    label: &'static str,
    min: u32,
    max: u32,
    value: Signal<Option<u32>>,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let err_id = format!("fth-{key}-error");
    let described = err_id.clone();
    view! {
        <label class="fc-threshold">
            <span>{move || i18n.t(label)}</span>
            <input type="number" inputmode="numeric" min=min.to_string() max=max.to_string() step="1"
                data-testid=format!("th-{key}")
                placeholder=move || placeholder.map(|p| i18n.t(p)).unwrap_or_default()
                aria-invalid=move || error.with(|e| e.is_some()).to_string()
                aria-describedby=described
                prop:value=move || value.get().map(|v| v.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let v = v.trim();
                    if v.is_empty() {
                        error.set(None);
                        set_key(app.route, key, None);
                        return;
                    }
                    match v.parse::<u32>() {
                        Ok(n) if (min..=max).contains(&n) => {
                            error.set(None);
                            set_key(app.route, key, Some(n.to_string()));
                        }
                        _ => error.set(Some(i18n.tf("forecast.thresholds.range", &[("min", min.to_string()), ("max", max.to_string())]))),
                    }
                }/>
            <span class="field-error" id=err_id role="alert">{move || error.get()}</span>
        </label>
    }
}

#[component]
fn Thresholds() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let th = Memo::new(move |_| app.route.with(thresholds_of));
    view! {
        <details class="fc-thresholds" data-testid="fc-thresholds">
            <summary>{move || {
                let t = th.get();
                i18n.tf("forecast.thresholds.summary", &[
                    ("soon", t.closing_soon_days.to_string()),
                    ("p", t.low_probability.to_string()),
                    ("pct", t.big_deal_percentile.to_string()),
                    ("stall", t.stalled_days.map_or_else(|| i18n.t("forecast.thresholds.stage_rotting"), |d| d.to_string())),
                ])
            }}</summary>
            <div class="fc-controls">
                <ThresholdInput key="fsoon" label="forecast.thresholds.soon" min=0 max=365
                    value=Signal::derive(move || Some(th.get().closing_soon_days))/>
                <ThresholdInput key="flowp" label="forecast.thresholds.low_p" min=0 max=100
                    value=Signal::derive(move || Some(th.get().low_probability as u32))/>
                <ThresholdInput key="fbig" label="forecast.thresholds.big" min=1 max=100
                    value=Signal::derive(move || Some(th.get().big_deal_percentile as u32))/>
                <ThresholdInput key="fstall" label="forecast.thresholds.stalled" min=1 max=3650
                    placeholder="forecast.thresholds.stage_rotting"
                    value=Signal::derive(move || th.get().stalled_days)/>
                <button type="button" class="link" data-testid="th-reset" on:click=move |_| {
                    let r = app.route.get_untracked().with("fsoon", None).with("flowp", None).with("fbig", None).with("fstall", None);
                    navigate(app.route, r, true);
                }>{move || i18n.t("forecast.thresholds.reset")}</button>
            </div>
        </details>
    }
}

/// A row of the attention list: what it shows (reasons and next step are read reactively).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct AttnRow {
    deal: DealRow,
    seller_id: SellerId,
}

#[component]
fn AttentionTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();
    let th = Memo::new(move |_| app.route.with(thresholds_of));
    let mine = Memo::new(move |_| app.route.with(|r| app.ws.with(|ws| mine_of(r, ws))));
    let eff = Memo::new(move |_| effective_filter(&filter.get(), mine.get()));
    let flagged = Memo::new(move |_| {
        let f = eff.get();
        let t = th.get();
        let ix = app.index.get();
        app.ws
            .with(|ws| Shared(Arc::new(attention(ws, &ix, &f, app.today, t))))
    });
    let reasons = Memo::new(move |_| {
        let list = flagged.get();
        app.ws.with(|ws| {
            Shared(Arc::new(
                list.iter()
                    .filter_map(|f| ws.deals.get(f.deal).map(|d| (d.id, f.reasons.clone())))
                    .collect::<HashMap<DealId, Vec<Flag>>>(),
            ))
        })
    });
    let per_seller = Memo::new(move |_| {
        let list = flagged.get();
        let ix = app.index.get();
        app.ws.with(|ws| attention_by_seller(ws, &ix, &list))
    });
    let sort = Memo::new(move |_| app.route.with(sort_of));
    let order = Memo::new(move |_| {
        let list = flagged.get();
        let (key, desc) = sort.get();
        app.ws.with(|ws| {
            let mut v: Vec<usize> = list.iter().map(|f| f.deal).collect();
            let amount = |i: usize| ws.deals.get(i).map_or(Money::ZERO, |d| d.amount);
            match key {
                SortBy::Amount => v.sort_by_key(|&i| amount(i)),
                // Undated deals go last either way.
                SortBy::Close => v.sort_by_key(|&i| {
                    ws.deals
                        .get(i)
                        .and_then(|d| d.expected_close)
                        .map_or((1, NaiveDate::MAX), |d| (0, d))
                }),
                SortBy::Seller => {
                    // Names looked up once per seller, not per comparison.
                    let names: Vec<String> =
                        ws.sellers.iter().map(|s| s.name.to_lowercase()).collect();
                    let ix = app.index.get();
                    let name = |i: usize| {
                        ix.seller
                            .get(i)
                            .and_then(|&s| names.get(s as usize))
                            .map_or("", |n| n.as_str())
                    };
                    v.sort_by(|&a, &b| name(a).cmp(name(b)).then(amount(b).cmp(&amount(a))));
                }
            }
            if desc {
                match key {
                    SortBy::Close => {
                        let undated = v
                            .iter()
                            .filter(|&&i| {
                                ws.deals.get(i).is_some_and(|d| d.expected_close.is_none())
                            })
                            .count();
                        let dated = v.len() - undated;
                        v[..dated].reverse();
                    }
                    _ => v.reverse(),
                }
            }
            v
        })
    });
    let shown = RwSignal::new(LIST_PAGE);
    let rows = Memo::new(move |_| {
        let lang = i18n.lang();
        let n = shown.get();
        app.ws.with(|ws| {
            order.with(|o| {
                o.iter()
                    .take(n)
                    .filter_map(|&i| {
                        let deal = deal_row(ws, i, app.today, lang)?;
                        Some(AttnRow {
                            seller_id: ws.deals[i].seller,
                            deal,
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let open_count = Memo::new(move |_| {
        let f = eff.get();
        let ix = app.index.get();
        app.ws.with(|ws| {
            let dense = ix.dense(&f);
            (0..ws.deals.len())
                .filter(|&i| {
                    dense.selects(&ix, i)
                        && ws
                            .stages
                            .get(ix.stage[i] as usize)
                            .is_some_and(|s| s.kind == StageKind::Open)
                })
                .count()
        })
    });
    let set_sort = move |k: SortBy| {
        let (cur, desc) = sort.get_untracked();
        let next_desc = if cur == k { !desc } else { k == SortBy::Amount };
        let v = format!("{}_{}", k.slug(), if next_desc { "desc" } else { "asc" });
        set_key(app.route, "fasort", (v != "amount_desc").then_some(v));
    };
    let sort_head = move |k: SortBy, label: &'static str, num: bool| {
        let aria = move || {
            let (cur, desc) = sort.get();
            if cur != k {
                "none"
            } else if desc {
                "descending"
            } else {
                "ascending"
            }
        };
        view! {
            <th scope="col" class:num=num aria-sort=aria>
                <button type="button" class="fc-sort" data-testid=format!("fasort-{}", k.slug()) on:click=move |_| set_sort(k)>
                    {move || i18n.t(label)}
                    <span aria-hidden="true">{move || {
                        let (cur, desc) = sort.get();
                        if cur != k { " ↕" } else if desc { " ↓" } else { " ↑" }
                    }}</span>
                </button>
            </th>
        }
    };

    view! {
        <section class="card" aria-labelledby="fc-attn-title">
            <div class="fc-toolbar">
                <h2 id="fc-attn-title">{move || i18n.t("forecast.attention.title")}</h2>
                <MineSelect/>
            </div>
            <Thresholds/>
            {move || {
                if open_count.get() == 0 {
                    return view! { <NoMatch text=Signal::derive(move || i18n.t("forecast.attention.no_open")) test_id="attention-no-match"/> }.into_any();
                }
                if flagged.with(|f| f.is_empty()) {
                    return view! { <p class="empty" data-testid="attention-none">{i18n.t("forecast.attention.none")}</p> }.into_any();
                }
                view! {
                    <div class="fc-attn-grid">
                        <PerSellerCounts per_seller=per_seller mine=mine filter=filter/>
                        <div class="fc-attn-main">
                            <p class="muted" data-testid="attention-count">{move || {
                                let lang = i18n.lang();
                                let n = flagged.with(|f| f.len());
                                i18n.tf("forecast.attention.count", &[("n", fmt::count(n, lang)), ("open", fmt::count(open_count.get(), lang))])
                            }}</p>
                            <div class="fc-scroll">
                            <table class="grid fc-attn-table" data-testid="attention-table">
                                <caption class="sr-only">{move || i18n.t("forecast.attention.caption")}</caption>
                                <thead><tr>
                                    <th scope="col">{move || i18n.t("deal_list.deal")}</th>
                                    {sort_head(SortBy::Seller, "filter.seller", false)}
                                    <th scope="col">{move || i18n.t("common.stage")}</th>
                                    {sort_head(SortBy::Amount, "common.amount", true)}
                                    {sort_head(SortBy::Close, "deal_list.expected_close", false)}
                                    <th scope="col">{move || i18n.t("forecast.attention.reasons")}</th>
                                    <th scope="col">{move || i18n.t("deal_list.next_step")}</th>
                                </tr></thead>
                                <tbody>
                                    <For each=move || rows.get() key=|r| r.clone() let:r>
                                        <AttentionRow row=r reasons=reasons/>
                                    </For>
                                </tbody>
                            </table>
                            </div>
                            {move || (order.with(|o| o.len()) > shown.get()).then(|| view! {
                                <button type="button" class="secondary" data-testid="attention-more"
                                    on:click=move |_| shown.update(|s| *s += LIST_PAGE)>
                                    {i18n.tf("deal_list.more", &[("n", (order.with(|o| o.len()) - shown.get_untracked()).to_string())])}
                                </button>
                            })}
                        </div>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn AttentionRow(row: AttnRow, reasons: Memo<Shared<HashMap<DealId, Vec<Flag>>>>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let id = row.deal.id;
    let mine = reasons
        .with_untracked(|m| m.get(&id).cloned())
        .unwrap_or_default();
    let flags = Memo::new(move |_| {
        reasons
            .with(|m| m.get(&id).cloned())
            .unwrap_or_else(|| mine.clone())
    });
    let d = row.deal;
    view! {
        <tr data-testid="attention-row" data-deal=d.id.0.to_string() data-seller=row.seller_id.0.to_string()
            data-amount=d.amount.0.to_string()
            data-reasons=move || flags.with(|f| f.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" "))>
            <td><span class="fc-deal-title">{d.title.clone()}</span><span class="fc-sub">{d.client.clone()}</span></td>
            <td>{d.seller.clone()}</td>
            <td>{d.stage.clone()}</td>
            <td class="num">{d.amount_text.clone()}</td>
            <td class:overdue=d.overdue>{d.close.clone()}</td>
            <td>
                <ul class="fc-reasons" data-testid="attention-reasons">
                    {move || {
                        let l = i18n.lang();
                        app.ws.with(|ws| flags.get().into_iter().map(|f| view! {
                            <li class=format!("fc-reason fc-reason-{}", f.as_str()) data-reason=f.as_str()>{flag_text(f, ws, l)}</li>
                        }).collect_view())
                    }}
                </ul>
            </td>
            <td><NextStepEditor id=d.id pos=d.pos title=d.title.clone()/></td>
        </tr>
    }
}

/// Flagged deals per seller, as bars; a seller's name opens their own view.
#[component]
fn PerSellerCounts(
    per_seller: Memo<Vec<(usize, usize)>>,
    mine: Memo<Option<SellerId>>,
    filter: Memo<Filter>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    view! {
        <section class="fc-per-seller" aria-labelledby="fc-per-seller-title">
            <h3 id="fc-per-seller-title">{move || i18n.t("forecast.attention.per_seller")}</h3>
            <ul class="fc-counts" data-testid="attention-per-seller">
                {move || {
                    let lang = i18n.lang();
                    let only = mine.get().or(filter.with(|f| f.seller));
                    let list = per_seller.get();
                    let max = list.iter().map(|x| x.1).max().unwrap_or(0).max(1);
                    app.ws.with(|ws| list.into_iter().filter_map(|(s, n)| {
                        let seller = ws.sellers.get(s)?;
                        if only.is_some_and(|o| o != seller.id) { return None; }
                        let id = seller.id;
                        let selected = mine.get() == Some(id);
                        let title = crate::ui::i18n::fill(&tr(lang, "forecast.mine.open"), &[("name", seller.name.clone())]);
                        Some(view! {
                            <li class:selected=selected data-testid="attention-seller-row" data-seller=id.0.to_string()>
                                <button type="button" class="fc-count" title=title aria-pressed=selected.to_string()
                                    on:click=move |_| set_key(app.route, "fmine", (!selected).then(|| id.0.to_string()))>
                                    <span class="fc-count-name">{seller.name.clone()}</span>
                                    <span class="fc-count-bar" aria-hidden="true">
                                        <span class="fc-bar" style=format!("width:{}%", n * 100 / max)></span>
                                    </span>
                                    <span class="fc-count-n">{fmt::count(n, lang)}</span>
                                </button>
                            </li>
                        })
                    }).collect_view())
                }}
            </ul>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Tasks tab
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct TaskRow {
    deal: DealRow,
    due: String,
    overdue: bool,
}

#[component]
fn TasksTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();
    let mine = Memo::new(move |_| app.route.with(|r| app.ws.with(|ws| mine_of(r, ws))));
    let list = Memo::new(move |_| {
        let f = effective_filter(&filter.get(), mine.get());
        let ix = app.index.get();
        app.ws
            .with(|ws| Shared(Arc::new(tasks(ws, &ix, &f, app.today, None))))
    });
    // Per seller (workspace order), each keeping the list's order: overdue first, then by due date.
    let groups = Memo::new(move |_| {
        let l = list.get();
        let ix = app.index.get();
        app.ws.with(|ws| {
            let mut by: Vec<Vec<usize>> = vec![Vec::new(); ws.sellers.len()];
            for &i in l.iter() {
                if let Some(g) = ix.seller.get(i).and_then(|&s| by.get_mut(s as usize)) {
                    g.push(i);
                }
            }
            by.into_iter()
                .enumerate()
                .filter(|(_, g)| !g.is_empty())
                .map(|(s, g)| (ws.sellers[s].id, g))
                .collect::<Vec<_>>()
        })
    });
    let seller_ids =
        Memo::new(move |_| groups.with(|g| g.iter().map(|(s, _)| *s).collect::<Vec<_>>()));
    view! {
        <section class="card" aria-labelledby="fc-tasks-title">
            <div class="fc-toolbar">
                <h2 id="fc-tasks-title">{move || i18n.t("forecast.tasks.title")}</h2>
                <MineSelect/>
            </div>
            {move || {
                if groups.with(|g| g.is_empty()) {
                    return view! { <NoMatch text=Signal::derive(move || i18n.t("forecast.tasks.none")) test_id="tasks-none"/> }.into_any();
                }
                view! {
                    <For each=move || seller_ids.get() key=|s| *s let:seller>
                        <SellerTasks seller=seller groups=groups/>
                    </For>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn SellerTasks(seller: SellerId, groups: Memo<Vec<(SellerId, Vec<usize>)>>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let deals = Memo::new(move |_| {
        groups.with(|g| {
            g.iter()
                .find(|(s, _)| *s == seller)
                .map(|(_, d)| d.clone())
                .unwrap_or_default()
        })
    });
    // With every seller on screen, each shows its most urgent few ("show more" adds a page), so
    // the head sees everyone's overdue steps at once and a big team stays quick to draw.
    let several = groups.with_untracked(|g| g.len() > 1);
    let shown = RwSignal::new(if several { TASK_PREVIEW } else { LIST_PAGE });
    let rows = Memo::new(move |_| {
        let lang = i18n.lang();
        let n = shown.get();
        app.ws.with(|ws| {
            deals.with(|d| {
                d.iter()
                    .take(n)
                    .filter_map(|&i| {
                        let deal = deal_row(ws, i, app.today, lang)?;
                        let step = ws.deals[i].next_step.as_ref()?;
                        Some(TaskRow {
                            due: fmt::opt_date(step.due, lang),
                            overdue: next_step_overdue(step, app.today),
                            deal,
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let name = move || {
        app.ws.with(|ws| {
            ws.seller(seller)
                .map(|s| s.name.clone())
                .unwrap_or_default()
        })
    };
    let head_id = format!("fc-tasks-{}", seller.0);
    view! {
        <section class="fc-task-group" data-testid="task-group" data-seller=seller.0.to_string() aria-labelledby=head_id.clone()>
            <h3 id=head_id.clone()>
                {name}
                <span class="muted fc-task-count">{move || {
                    let lang = i18n.lang();
                    let n = deals.with(|d| d.len());
                    let overdue = app.ws.with(|ws| deals.with(|d| d.iter().filter(|&&i| ws.deals.get(i).and_then(|x| x.next_step.as_ref()).is_some_and(|s| next_step_overdue(s, app.today))).count()));
                    i18n.tf("forecast.tasks.count", &[("n", fmt::count(n, lang)), ("overdue", fmt::count(overdue, lang))])
                }}</span>
            </h3>
            <div class="fc-scroll">
            <table class="grid fc-task-table" data-testid="task-table">
                <caption class="sr-only">{move || i18n.tf("forecast.tasks.caption", &[("name", name())])}</caption>
                <thead><tr>
                    <th scope="col">{move || i18n.t("forecast.tasks.due")}</th>
                    <th scope="col">{move || i18n.t("deal_list.deal")}</th>
                    <th scope="col">{move || i18n.t("common.stage")}</th>
                    <th scope="col" class="num">{move || i18n.t("common.amount")}</th>
                    <th scope="col">{move || i18n.t("deal_list.next_step")}</th>
                </tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.clone() let:r>
                        <tr data-testid="task-row" data-deal=r.deal.id.0.to_string() class:fc-task-overdue=r.overdue>
                            <td class:overdue=r.overdue>
                                {r.due.clone()}
                                {r.overdue.then(|| view! { <span class="badge overdue-badge">{tr(r.deal.lang, "deal_list.overdue")}</span> })}
                            </td>
                            <td><span class="fc-deal-title">{r.deal.title.clone()}</span><span class="fc-sub">{r.deal.client.clone()}</span></td>
                            <td>{r.deal.stage.clone()}</td>
                            <td class="num">{r.deal.amount_text.clone()}</td>
                            <td><NextStepEditor id=r.deal.id pos=r.deal.pos title=r.deal.title.clone()/></td>
                        </tr>
                    </For>
                </tbody>
            </table>
            </div>
            {move || (deals.with(|d| d.len()) > shown.get()).then(|| view! {
                <button type="button" class="secondary" on:click=move |_| shown.update(|s| *s += LIST_PAGE)>
                    {i18n.tf("deal_list.more", &[("n", (deals.with(|d| d.len()) - shown.get_untracked()).to_string())])}
                </button>
            })}
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Seller activity by direction
// ---------------------------------------------------------------------------------------------

#[component]
fn ActivityTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();
    let grid = Memo::new(move |_| {
        let f = filter.get();
        let ix = app.index.get();
        app.ws
            .with(|ws| Shared(Arc::new(seller_direction_activity(ws, &ix, &f))))
    });
    let cell = move |c: &ActivityCell, cur: &str, lang: Lang, test: Option<String>| {
        if c.open_deals == 0 && c.won_deals == 0 {
            return view! { <td class="fc-act fc-act-empty" data-testid=test>"—"</td> }.into_any();
        }
        let open = crate::ui::i18n::fill(
            &tr(lang, "forecast.activity.open"),
            &[
                ("n", fmt::count(c.open_deals as usize, lang)),
                ("amount", fmt::money_short(c.open, cur, lang)),
            ],
        );
        let won = crate::ui::i18n::fill(
            &tr(lang, "forecast.activity.won"),
            &[
                ("n", fmt::count(c.won_deals as usize, lang)),
                ("amount", fmt::money_short(c.won, cur, lang)),
            ],
        );
        let title = format!(
            "{}\n{}",
            crate::ui::i18n::fill(
                &tr(lang, "forecast.activity.open"),
                &[
                    ("n", c.open_deals.to_string()),
                    ("amount", fmt::money(c.open, cur, lang))
                ]
            ),
            crate::ui::i18n::fill(
                &tr(lang, "forecast.activity.won"),
                &[
                    ("n", c.won_deals.to_string()),
                    ("amount", fmt::money(c.won, cur, lang))
                ]
            )
        );
        view! {
            <td class="fc-act" data-testid=test title=title>
                <span class="fc-act-open" class:zero={c.open_deals == 0}>{open}</span>
                <span class="fc-act-won" class:zero={c.won_deals == 0}>{won}</span>
            </td>
        }
        .into_any()
    };
    let table = move || {
        let lang = i18n.lang();
        let g = grid.get();
        app.ws.with(|ws| {
            let cur = ws.currency.as_str();
            let show_none = g.no_direction_total.open_deals + g.no_direction_total.won_deals > 0;
            let dir_name = |d: usize| ws.directions.get(d).map(|x| x.name.clone()).unwrap_or_default();
            view! {
                <table class="grid fc-table fc-activity" data-testid="activity-grid">
                    <caption>{tr(lang, "forecast.activity.caption")}</caption>
                    <thead><tr>
                        <th scope="col">{tr(lang, "filter.seller")}</th>
                        {g.directions.iter().map(|&d| view! { <th scope="col">{dir_name(d)}</th> }).collect_view()}
                        {show_none.then(|| view! { <th scope="col">{tr(lang, "forecast.no_direction")}</th> })}
                        <th scope="col">{tr(lang, "forecast.total")}</th>
                    </tr></thead>
                    <tbody>
                        {g.rows.iter().map(|r| view! {
                            <tr data-testid="activity-row">
                                <th scope="row">{ws.sellers.get(r.seller).map(|s| s.name.clone()).unwrap_or_default()}</th>
                                {r.cells.iter().map(|c| cell(c, cur, lang, None)).collect_view()}
                                {show_none.then(|| cell(&r.no_direction, cur, lang, None))}
                                {cell(&r.total, cur, lang, None)}
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr>
                        <th scope="row">{tr(lang, "forecast.total")}</th>
                        {g.column_totals.iter().map(|c| cell(c, cur, lang, None)).collect_view()}
                        {show_none.then(|| cell(&g.no_direction_total, cur, lang, None))}
                        {cell(&g.total, cur, lang, Some("activity-total".into()))}
                    </tr></tfoot>
                </table>
            }
        })
    };
    let period = move || {
        let lang = i18n.lang();
        match filter.with(|f| f.period) {
            Some(p) => i18n.tf(
                "forecast.activity.period",
                &[
                    ("from", fmt::date(p.from, lang)),
                    ("to", fmt::date(p.to, lang)),
                ],
            ),
            None => i18n.t("forecast.activity.all_time"),
        }
    };
    view! {
        <section class="card" aria-labelledby="fc-activity-title">
            <h2 id="fc-activity-title">{move || i18n.t("forecast.activity.title")}</h2>
            <p class="help">{period}</p>
            {move || {
                let g = grid.get();
                if g.total.open_deals + g.total.won_deals == 0 {
                    view! { <NoMatch text=Signal::derive(move || i18n.t("forecast.activity.none")) test_id="activity-none"/> }.into_any()
                } else {
                    view! { <div class="fc-scroll">{table}</div> }.into_any()
                }
            }}
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Key clients
// ---------------------------------------------------------------------------------------------

#[component]
fn KeyClientsTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();
    let th = Memo::new(move |_| app.route.with(thresholds_of));
    let rows = Memo::new(move |_| {
        let f = filter.get();
        let t = th.get();
        let ix = app.index.get();
        app.ws.with(|ws| {
            let flagged: Vec<FlaggedDeal> = attention(ws, &ix, &f, app.today, t);
            let mut rows = key_client_depth(ws, &ix, &f, &flagged);
            // The most open business first.
            rows.sort_by_key(|r| std::cmp::Reverse(r.open_amount));
            Shared(Arc::new(rows))
        })
    });
    let shown = RwSignal::new(LIST_PAGE);
    let table = move || {
        let lang = i18n.lang();
        let list = rows.get();
        let n = shown.get();
        app.ws.with(|ws| {
            let cur = ws.currency.as_str();
            let n_dirs = ws.directions.len();
            view! {
                <table class="grid fc-table fc-keyclients" data-testid="keyclients-table">
                    <caption>{tr(lang, "forecast.clients.caption")}</caption>
                    <thead><tr>
                        <th scope="col">{tr(lang, "deal_list.client")}</th>
                        <th scope="col" class="num">{tr(lang, "forecast.clients.contacts")}</th>
                        <th scope="col" class="num">{tr(lang, "forecast.clients.roles")}</th>
                        <th scope="col" class="num">{tr(lang, "forecast.clients.open_deals")}</th>
                        <th scope="col" class="num">{tr(lang, "forecast.clients.open_amount")}</th>
                        <th scope="col" class="num">{tr(lang, "forecast.clients.directions")}</th>
                        <th scope="col">{tr(lang, "forecast.clients.last_change")}</th>
                        <th scope="col" class="num">{tr(lang, "forecast.clients.flagged")}</th>
                    </tr></thead>
                    <tbody>
                        {list.iter().take(n).map(|r| {
                            let roles = format!("{} / {} ({})", r.target_roles_covered, r.target_roles, fmt::percent(r.role_coverage(), lang));
                            view! {
                                <tr data-testid="keyclient-row">
                                    <th scope="row">{ws.clients.get(r.client).map(|c| c.name.clone()).unwrap_or_default()}</th>
                                    <td class="num">{fmt::count(r.contacts as usize, lang)}</td>
                                    <td class="num" class:fc-weak={r.target_roles_covered * 2 < r.target_roles}>{roles}</td>
                                    <td class="num">{fmt::count(r.open_deals as usize, lang)}</td>
                                    <td class="num">{fmt::money(r.open_amount, cur, lang)}</td>
                                    <td class="num">{format!("{} / {}", r.directions_covered, n_dirs)}</td>
                                    <td>{fmt::opt_date(r.last_stage_change, lang)}</td>
                                    <td class="num" class:fc-flagged={r.flagged_deals > 0}>{fmt::count(r.flagged_deals as usize, lang)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="fc-clients-title">
            <h2 id="fc-clients-title">{move || i18n.t("forecast.clients.title")}</h2>
            <p class="help">{move || i18n.t("forecast.clients.help")}</p>
            {move || if rows.with(|r| r.is_empty()) {
                view! { <p class="empty" data-testid="keyclients-none">{i18n.t("forecast.clients.none")}</p> }.into_any()
            } else {
                view! {
                    <div class="fc-scroll">{table}</div>
                    {move || (rows.with(|r| r.len()) > shown.get()).then(|| view! {
                        <button type="button" class="secondary" data-testid="keyclients-more"
                            on:click=move |_| shown.update(|s| *s += LIST_PAGE)>
                            {i18n.tf("deal_list.more", &[("n", (rows.with(|r| r.len()) - shown.get_untracked()).to_string())])}
                        </button>
                    })}
                }.into_any()
            }}
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Plans grid
// ---------------------------------------------------------------------------------------------

/// Splits a pasted spreadsheet block into rows of cells (tabs between cells, newlines between
/// rows; a trailing newline is not a row). `None` for a single value, which is typed as usual.
fn paste_block(text: &str) -> Option<Vec<Vec<String>>> {
    if !text.contains('\t') && !text.trim_end_matches(['\r', '\n']).contains('\n') {
        return None;
    }
    let body = text.trim_end_matches(['\r', '\n']);
    Some(
        body.split('\n')
            .map(|line| {
                line.trim_end_matches('\r')
                    .split('\t')
                    .map(|c| c.trim().to_string())
                    .collect()
            })
            .collect(),
    )
}

/// The plans of every (seller, month), for the cells to read.
type PlanMap = HashMap<(SellerId, YearMonth), Money>;

/// Writes `changes` (a zero or empty amount removes the plan) all at once, or nothing if any is
/// refused. Returns whether anything changed.
fn write_plans(ws: &mut Workspace, changes: &[(SellerId, YearMonth, Money)]) -> bool {
    let before = ws.plans.clone();
    for &(seller, month, amount) in changes {
        if amount == Money::ZERO {
            ws.plans
                .retain(|p| !(p.seller == seller && p.month == month));
        } else if upsert(
            ws,
            Plan {
                seller,
                month,
                amount,
            },
        )
        .is_err()
        {
            ws.plans = before;
            return false;
        }
    }
    ws.plans != before
}

#[component]
fn PlansTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();
    let spec = Memo::new(move |_| app.route.with(|r| spec_of(r, app.today)));
    let months = Memo::new(move |_| spec.get().months());
    let sellers = Memo::new(move |_| {
        let only = filter.with(|f| f.seller);
        app.ws.with(|ws| {
            ws.sellers
                .iter()
                .filter(|s| only.is_none_or(|o| o == s.id))
                .map(|s| (s.id, s.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let plans = Memo::new(move |_| {
        app.ws.with(|ws| {
            Shared(Arc::new(
                ws.plans
                    .iter()
                    .map(|p| ((p.seller, p.month), p.amount))
                    .collect::<PlanMap>(),
            ))
        })
    });
    // Cells whose typed text was refused: (text, message). The data is unchanged for them.
    let errors = RwSignal::new(HashMap::<(SellerId, YearMonth), (String, String)>::new());
    let paste_error = RwSignal::new(None::<String>);

    // Pasting a block: every value checked first, then all written at once, or nothing.
    let paste = Callback::new(
        move |(seller, month, block): (SellerId, YearMonth, Vec<Vec<String>>)| {
            let lang = i18n.lang_untracked();
            let ss = sellers.get_untracked();
            let ms = months.get_untracked();
            let (Some(r0), Some(c0)) = (
                ss.iter().position(|s| s.0 == seller),
                ms.iter().position(|m| *m == month),
            ) else {
                return;
            };
            let height = block.len();
            let width = block.iter().map(|r| r.len()).max().unwrap_or(0);
            if r0 + height > ss.len() || c0 + width > ms.len() {
                paste_error.set(Some(i18n.tf(
                    "forecast.plans.paste_too_big",
                    &[
                        ("rows", height.to_string()),
                        ("cols", width.to_string()),
                        ("fit_rows", (ss.len() - r0).to_string()),
                        ("fit_cols", (ms.len() - c0).to_string()),
                    ],
                )));
                return;
            }
            let mut changes = Vec::new();
            for (dr, line) in block.iter().enumerate() {
                for (dc, text) in line.iter().enumerate() {
                    let (s, m) = (ss[r0 + dr].0, ms[c0 + dc]);
                    let amount = if text.is_empty() {
                        Ok(Money::ZERO)
                    } else {
                        parse_amount(text, lang.number_style())
                    };
                    match amount {
                        Ok(a) => changes.push((s, m, a)),
                        Err(e) => {
                            paste_error.set(Some(i18n.tf(
                                "forecast.plans.paste_bad",
                                &[
                                    ("value", text.clone()),
                                    ("seller", ss[r0 + dr].1.clone()),
                                    ("month", month_label(m, lang)),
                                    ("reason", amount_error_text(&e, lang)),
                                ],
                            )));
                            return;
                        }
                    }
                }
            }
            paste_error.set(None);
            errors
                .update(|e| e.retain(|(s, m), _| !changes.iter().any(|c| c.0 == *s && c.1 == *m)));
            let label = i18n.tf("forecast.undo.paste", &[("n", changes.len().to_string())]);
            apply(app, label, |ws| write_plans(ws, &changes));
            app.notice.set(Some(
                i18n.tf("forecast.plans.pasted", &[("n", changes.len().to_string())]),
            ));
        },
    );

    let totals = move |lang: Lang| {
        let p = plans.get();
        let cur = app.ws.with(|w| w.currency.clone());
        let ms = months.get();
        let ss = sellers.get();
        let col: Vec<Money> = ms
            .iter()
            .map(|m| {
                ss.iter()
                    .filter_map(|(s, _)| p.get(&(*s, *m)))
                    .copied()
                    .sum()
            })
            .collect();
        let all: Money = col.iter().copied().sum();
        (
            col.into_iter()
                .map(|m| fmt::money_short(m, &cur, lang))
                .collect::<Vec<_>>(),
            fmt::money_short(all, &cur, lang),
        )
    };

    view! {
        <section class="card" aria-labelledby="fc-plans-title">
            <div class="fc-toolbar">
                <h2 id="fc-plans-title">{move || i18n.t("forecast.plans.title")}</h2>
                <HorizonControls spec=spec/>
            </div>
            <p class="help">{move || i18n.tf("forecast.plans.help", &[("example", plan_text(Money::from_major(1_250_000), i18n.lang()))])}</p>
            {move || paste_error.get().map(|e| view! {
                <p class="field-error fc-paste-error" role="alert" data-testid="plan-paste-error">{e}</p>
            })}
            {move || {
                let ss = sellers.get();
                let ms = months.get();
                if ss.is_empty() {
                    return view! { <p class="empty" data-testid="plans-none">{i18n.t("forecast.plans.no_sellers")}</p> }.into_any();
                }
                let lang = i18n.lang();
                view! {
                    <div class="fc-scroll fc-plans-scroll">
                    <table class="grid fc-plans" data-testid="plans-grid">
                        <caption class="sr-only">{tr(lang, "forecast.plans.caption")}</caption>
                        <thead><tr>
                            <th scope="col">{tr(lang, "filter.seller")}</th>
                            {ms.iter().map(|m| view! { <th scope="col" class="num">{month_label(*m, lang)}</th> }).collect_view()}
                            <th scope="col" class="num">{tr(lang, "forecast.total")}</th>
                        </tr></thead>
                        <tbody>
                            {ss.iter().map(|(s, name)| {
                                let s = *s;
                                let ms2 = ms.clone();
                                view! {
                                    <tr data-testid="plan-row">
                                        <th scope="row">{name.clone()}</th>
                                        {ms.iter().map(|m| view! {
                                            <td class="fc-plan-td">
                                                <PlanCell seller=s month=*m seller_name=name.clone() plans=plans errors=errors paste=paste/>
                                            </td>
                                        }).collect_view()}
                                        <td class="num fc-plan-total">{move || {
                                            let p = plans.get();
                                            let cur = app.ws.with(|w| w.currency.clone());
                                            fmt::money_short(ms2.iter().filter_map(|m| p.get(&(s, *m))).copied().sum(), &cur, i18n.lang())
                                        }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr>
                            <th scope="row">{tr(lang, "forecast.total")}</th>
                            {move || {
                                let (cols, all) = totals(i18n.lang());
                                view! {
                                    {cols.into_iter().map(|t| view! { <td class="num">{t}</td> }).collect_view()}
                                    <td class="num" data-testid="plans-total">{all}</td>
                                }
                            }}
                        </tr></tfoot>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// One plan cell: typed amounts are parsed in the user's number style; a bad one shows an error
/// beside the cell and leaves the plan as it was. Pasting a block fills the grid from here.
#[component]
fn PlanCell(
    seller: SellerId,
    month: YearMonth,
    seller_name: String,
    plans: Memo<Shared<PlanMap>>,
    errors: RwSignal<HashMap<(SellerId, YearMonth), (String, String)>>,
    paste: Callback<(SellerId, YearMonth, Vec<Vec<String>>)>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let key = (seller, month);
    let stored = Memo::new(move |_| plans.with(|p| p.get(&key).copied()));
    let error = Memo::new(move |_| errors.with(|e| e.get(&key).cloned()));
    let value = move || match error.get() {
        Some((text, _)) => text,
        None => stored
            .get()
            .map(|m| plan_text(m, i18n.lang()))
            .unwrap_or_default(),
    };
    let undo_label = i18n.tf(
        "forecast.undo.plan",
        &[
            ("seller", seller_name.clone()),
            ("month", month_label(month, i18n.lang_untracked())),
        ],
    );
    let test = format!("plan-cell-{}-{}", seller.0, month);
    let err_id = format!("plan-err-{}-{}", seller.0, month);
    let described = err_id.clone();
    let label = move || {
        i18n.tf(
            "forecast.plans.cell_label",
            &[
                ("seller", seller_name.clone()),
                ("month", month_label(month, i18n.lang())),
            ],
        )
    };
    let on_change = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let text = text.trim();
        let parsed = if text.is_empty() {
            Ok(Money::ZERO)
        } else {
            parse_amount(text, i18n.lang_untracked().number_style())
        };
        match parsed {
            Ok(amount) => {
                errors.update(|e| {
                    e.remove(&key);
                });
                apply(app, undo_label.clone(), |ws| {
                    write_plans(ws, &[(seller, month, amount)])
                });
            }
            Err(e) => {
                let msg = amount_error_text(&e, i18n.lang_untracked());
                errors.update(|m| {
                    m.insert(key, (text.to_string(), msg));
                });
            }
        }
    };
    let on_paste = move |ev: web_sys::ClipboardEvent| {
        let text = js_sys::Reflect::get(&ev, &"clipboardData".into())
            .ok()
            .and_then(|dt| {
                let get = js_sys::Reflect::get(&dt, &"getData".into())
                    .ok()?
                    .dyn_into::<js_sys::Function>()
                    .ok()?;
                get.call1(&dt, &"text/plain".into()).ok()?.as_string()
            })
            .unwrap_or_default();
        if let Some(block) = paste_block(&text) {
            ev.prevent_default();
            paste.run((seller, month, block));
        }
    };
    view! {
        <input type="text" inputmode="decimal" class="fc-plan-input" data-testid=test
            aria-label=label
            aria-invalid=move || error.with(|e| e.is_some()).to_string()
            aria-describedby=described
            prop:value=value
            on:change=on_change
            on:paste=on_paste/>
        {move || error.get().map(|(_, msg)| view! {
            <span class="field-error fc-plan-error" id=err_id.clone() role="alert" data-testid="plan-cell-error">{msg}</span>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_block_splits_into_rows_and_cells() {
        assert_eq!(paste_block("100"), None);
        assert_eq!(paste_block("100\n"), None);
        assert_eq!(
            paste_block("1\t2\r\n3\t4\r\n"),
            Some(vec![
                vec!["1".to_string(), "2".to_string()],
                vec!["3".to_string(), "4".to_string()]
            ])
        );
        assert_eq!(
            paste_block("1\n2"),
            Some(vec![vec!["1".to_string()], vec!["2".to_string()]])
        );
        assert_eq!(
            paste_block("1\t\t3"),
            Some(vec![vec!["1".to_string(), String::new(), "3".to_string()]])
        );
    }

    #[test]
    fn the_horizon_and_thresholds_come_from_the_url() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 10).unwrap_or_default();
        let r = Route::parse("#/forecast?fgran=quarter&fhor=12&ffrom=2026-02");
        let s = spec_of(&r, today);
        assert_eq!(s.granularity, Granularity::Quarter);
        assert_eq!(s.periods, 12);
        assert_eq!(s.from, YearMonth::new(2026, 2));
        let d = spec_of(&Route::parse("#/forecast?fhor=7&ffrom=2026-13"), today);
        assert_eq!(
            (d.periods, d.from, d.granularity),
            (DEFAULT_HORIZON, YearMonth::new(2026, 5), Granularity::Month)
        );
        let t = thresholds_of(&Route::parse("#/forecast?fsoon=30&flowp=500&fstall=45"));
        assert_eq!(t.closing_soon_days, 30);
        assert_eq!(
            t.low_probability,
            AttentionThresholds::default().low_probability
        );
        assert_eq!(t.stalled_days, Some(45));
    }

    #[test]
    fn plans_are_written_all_or_nothing() {
        let mut ws = Workspace {
            sellers: vec![crate::domain::Seller {
                id: SellerId(1),
                name: "A".into(),
            }],
            ..Workspace::default()
        };
        let m = YearMonth::new(2026, 1);
        assert!(write_plans(&mut ws, &[(SellerId(1), m, Money(100))]));
        assert_eq!(ws.plans.len(), 1);
        // A missing seller refuses the whole batch, the good change included.
        assert!(!write_plans(
            &mut ws,
            &[
                (SellerId(1), m.next(), Money(5)),
                (SellerId(9), m, Money(5))
            ]
        ));
        assert_eq!(ws.plans.len(), 1);
        // Zero removes.
        assert!(write_plans(&mut ws, &[(SellerId(1), m, Money::ZERO)]));
        assert!(ws.plans.is_empty());
        assert!(!write_plans(&mut ws, &[(SellerId(1), m, Money::ZERO)]));
    }

    #[test]
    fn attainment_without_a_plan_reads_no_plan() {
        assert_eq!(
            attainment_text(None, Lang::En),
            tr(Lang::En, "forecast.no_plan")
        );
        assert_eq!(attainment_text(Some(50.0), Lang::En), "50.0\u{a0}%");
        assert_eq!(coverage_text(None, Lang::En), "—");
        assert_eq!(coverage_text(Some(2.5), Lang::Ru), "2,5×");
    }
}
