//! Sales funnel page (issue 4): headline figures (`headline`), the classic funnel table in its
//! snapshot or conversion variant (`table`), the funnel diagram by count or amount (`diagram`),
//! the deals behind a row, and the seller comparison (`sellers`). Every figure comes from
//! `crate::domain::funnel`; this folder only lays it out.
//!
//! View state in the URL (so a view survives reload and can be shared): `fmode=conversion`
//! (absent: snapshot), `fmeasure=amount` (absent: count), `fstage=<stage id>|won|lost|total`
//! (the row whose deals are listed).

mod diagram;
mod headline;
mod sellers;
mod table;

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::funnel::{FunnelStyle, funnel_chart_styled};
use crate::domain::filter::Filter;
use crate::domain::funnel::{FunnelMode, FunnelRowKey, funnel, funnel_by_seller, stage_deals};
use crate::format::report_csv;
use crate::ui::chart::{Chart, ChartClick, ChartNode};
use crate::ui::deal_list::DealList;
use crate::ui::download::{save_csv, save_png};
use crate::ui::fmt;
use crate::ui::i18n::{tr, use_i18n};
use crate::ui::report_table::{ReportRows, RowLinks};
use crate::ui::route::{FilterQuery, Page, PeriodPreset};
use crate::ui::state::{Shared, use_app};
use diagram::{Measure, diagram};
use headline::Headline;
use sellers::SellerComparison;
use table::{RowKind, outcome_label, parse_row_param, row_param, stage_name, table_model};

/// `data-testid` of the diagram, also used to export it as PNG.
const CHART_ID: &str = "funnel-chart";

/// `id` of the deal list region, which the row buttons control.
const DEALS_ID: &str = "funnel-deals";

/// The page's state as a whole: it only re-renders the page when this changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PageState {
    NoDeals,
    NothingMatches,
    Ready,
}

/// A labelled group of radio buttons drawn as a segmented switch.
#[component]
fn Switch(
    /// `data-testid` prefix: `<test_id>-<value>` on each radio button.
    test_id: &'static str,
    /// The group's accessible name.
    #[prop(into)]
    legend: Signal<String>,
    /// (value, label key) per option.
    options: Vec<(&'static str, &'static str)>,
    /// The value chosen now.
    #[prop(into)]
    current: Signal<&'static str>,
    /// Called with the value picked.
    on_pick: Callback<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="fswitch" data-testid=test_id>
            <legend>{move || legend.get()}</legend>
            {options.into_iter().map(|(value, key)| view! {
                <label class:on=move || current.get() == value>
                    <input type="radio" name=test_id value=value data-testid=format!("{test_id}-{value}")
                        prop:checked=move || current.get() == value
                        on:change=move |_| on_pick.run(value)/>
                    <span>{move || i18n.t(key)}</span>
                </label>
            }).collect_view()}
        </fieldset>
    }
}

#[component]
pub fn FunnelPage() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();

    // View state from the URL.
    let mode = Memo::new(move |_| {
        if app.route().with(|r| r.get("fmode") == Some("conversion")) {
            FunnelMode::Conversion
        } else {
            FunnelMode::Snapshot
        }
    });
    let measure = Memo::new(move |_| {
        if app.route().with(|r| r.get("fmeasure") == Some("amount")) {
            Measure::Amount
        } else {
            Measure::Count
        }
    });
    let open_row = Memo::new(move |_| {
        let v = app.route().with(|r| r.get("fstage").map(str::to_string))?;
        app.ws().with(|ws| parse_row_param(&v, ws))
    });

    // Figures. The seller comparison and the whole team's funnel ignore the chosen seller, so
    // they hang on the filter without it and are not recomputed when only the seller changes;
    // with no seller chosen, the page's funnel is the team's (one pass, not two).
    let team_filter = Memo::new(move |_| Filter {
        seller: None,
        ..filter.get()
    });
    let team = Memo::new(move |_| {
        let f = team_filter.get();
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(funnel(ws, &ix, &f, app.today()))))
    });
    let report = Memo::new(move |_| {
        let f = filter.get();
        if f.seller.is_none() {
            return team.get();
        }
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(funnel(ws, &ix, &f, app.today()))))
    });
    let sellers = Memo::new(move |_| {
        let f = team_filter.get();
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(funnel_by_seller(ws, &ix, &f, app.today()))))
    });
    let deals = Memo::new(move |_| {
        let Some(row) = open_row.get() else {
            return Vec::new();
        };
        let f = filter.get();
        let ix = app.index().get();
        let m = mode.get();
        app.ws()
            .with(|ws| stage_deals(ws, &ix, &f, app.today(), row, m))
    });
    let state = Memo::new(move |_| {
        if app.ws().with(|w| w.deals.is_empty()) {
            return PageState::NoDeals;
        }
        let r = report.get();
        let nothing = r.snapshot.total.count == 0
            && r.snapshot.won.count == 0
            && r.snapshot.lost.count == 0
            && r.conversion.cohort_count == 0;
        if nothing {
            PageState::NothingMatches
        } else {
            PageState::Ready
        }
    });

    let model = Memo::new(move |_| {
        let r = report.get();
        let m = mode.get();
        app.ws().with(|ws| table_model(i18n, ws, &r, m))
    });
    let chart_data = Memo::new(move |_| {
        let r = report.get();
        let (m, me) = (mode.get(), measure.get());
        let (bands, keys) = app.ws().with(|ws| diagram(i18n, ws, &r, m, me));
        (Shared(Arc::new(bands)), keys)
    });
    let spec = Signal::derive(move || {
        let (bands, keys) = chart_data.get();
        let selected = open_row
            .get()
            .and_then(|row| keys.iter().position(|k| *k == row));
        let name = i18n.t(match mode.get() {
            FunnelMode::Snapshot => "funnel.mode.snapshot",
            FunnelMode::Conversion => "funnel.mode.conversion",
        });
        let style = FunnelStyle {
            labels_outside: true,
            won_band: Some(keys.len().saturating_sub(1)),
            selected,
        };
        funnel_chart_styled(&name, &bands, &style).to_json()
    });

    let variant_name = move || {
        i18n.t(match mode.get() {
            FunnelMode::Snapshot => "funnel.mode.snapshot",
            FunnelMode::Conversion => "funnel.mode.conversion",
        })
    };
    let period_text = Signal::derive(move || {
        let lang = i18n.lang();
        let period = match filter.with(|f| f.period) {
            Some(p) => i18n.tf(
                "funnel.period_range",
                &[
                    ("from", fmt::date(p.from, lang)),
                    ("to", fmt::date(p.to, lang)),
                ],
            ),
            None => i18n.t("funnel.period_all"),
        };
        i18n.tf("funnel.headline_period", &[("period", period)])
    });

    // Opening a row's deals: into the URL, then bring the list into view.
    let deals_box = NodeRef::<leptos::html::Div>::new();
    let open_param = move |param: String| {
        app.set_query("fstage", Some(param));
        request_animation_frame(move || {
            if let Some(el) = deals_box.get_untracked() {
                el.scroll_into_view();
            }
        });
    };
    let open =
        move |key: FunnelRowKey| open_param(app.ws().with_untracked(|ws| row_param(key, ws)));
    let row_links = RowLinks {
        class: "funnel-row-link",
        test_id: Some("funnel-row"),
        controls: Some(DEALS_ID),
        selected: Some(Signal::derive(move || {
            open_row.get().map(|k| app.ws().with(|ws| row_param(k, ws)))
        })),
        on_open: Callback::new(open_param),
    };
    let on_chart_click = Callback::new(move |c: ChartClick| {
        if c.series != 0 || c.index < 0 {
            return;
        }
        if let Some(key) =
            chart_data.with_untracked(|(_, keys)| keys.get(c.index as usize).copied())
        {
            open(key);
        }
    });
    let list_title = Signal::derive(move || {
        let Some(row) = open_row.get() else {
            return String::new();
        };
        let label = match row {
            FunnelRowKey::Stage(s) => app.ws().with(|ws| stage_name(ws, s)),
            FunnelRowKey::Total => outcome_label(i18n, mode.get(), RowKind::Total),
            FunnelRowKey::Won => outcome_label(i18n, mode.get(), RowKind::Won),
            FunnelRowKey::Lost => outcome_label(i18n, mode.get(), RowKind::Lost),
        };
        i18n.tf(
            "funnel.list_title",
            &[("row", label), ("variant", variant_name())],
        )
    });

    let export_csv = move |_| {
        let lang = i18n.lang_untracked();
        let label = move |k: &'static str| tr(lang, &format!("funnel.{k}"));
        let r = report.get_untracked();
        let (prefix, rows) = app.ws().with_untracked(|ws| match mode.get_untracked() {
            FunnelMode::Snapshot => (
                "voronka-funnel-snapshot",
                report_csv::funnel_snapshot(ws, &r.snapshot, label),
            ),
            FunnelMode::Conversion => (
                "voronka-funnel-conversion",
                report_csv::funnel_conversion(ws, &r.conversion, label),
            ),
        });
        save_csv(app, prefix, &rows);
    };
    let chart_node = ChartNode::new();
    let export_png = move |_| save_png(app, chart_node, "voronka-funnel");
    let reset_filters = move |_| app.set_filter(|q| *q = FilterQuery::default());
    let all_time = move |_| app.set_filter(|q| q.preset = PeriodPreset::All);

    let ready = move || {
        view! {
            <section class="card" aria-labelledby="funnel-title">
                <h1 id="funnel-title">{move || i18n.t("funnel.title")}</h1>
                <Headline report=report period=period_text/>
            </section>
            <section class="card funnel-main" aria-labelledby="funnel-table-title">
                <div class="funnel-toolbar">
                    <h2 id="funnel-table-title">{move || i18n.tf("funnel.table_title", &[("variant", variant_name())])}</h2>
                    <Switch test_id="funnel-mode" legend=Signal::derive(move || i18n.t("funnel.mode.label"))
                        options=vec![("snapshot", "funnel.mode.snapshot"), ("conversion", "funnel.mode.conversion")]
                        current=Signal::derive(move || match mode.get() {
                            FunnelMode::Snapshot => "snapshot",
                            FunnelMode::Conversion => "conversion",
                        })
                        on_pick=Callback::new(move |v: &'static str| app.set_query("fmode", (v == "conversion").then(|| v.to_string())))/>
                    <button type="button" class="secondary" data-testid="funnel-csv" on:click=export_csv>
                        {move || i18n.t("common.export_csv")}
                    </button>
                </div>
                <p class="help" data-testid="funnel-variant-help">{move || i18n.t(match mode.get() {
                    FunnelMode::Snapshot => "funnel.mode.snapshot_help",
                    FunnelMode::Conversion => "funnel.mode.conversion_help",
                })}</p>
                {move || {
                    let r = report.get();
                    let note = match mode.get() {
                        FunnelMode::Snapshot if r.snapshot.total.count == 0 => Some("funnel.no_open"),
                        FunnelMode::Conversion if r.conversion.cohort_count == 0 => Some("funnel.no_cohort"),
                        _ => None,
                    };
                    note.map(|k| view! { <p class="empty" data-testid="funnel-mode-empty">{i18n.t(k)}</p> })
                }}
                <div class="funnel-grid">
                    <div class="funnel-scroll">
                        <table class="grid funnel-table" data-testid="funnel-table"
                            data-mode=move || match mode.get() { FunnelMode::Snapshot => "snapshot", FunnelMode::Conversion => "conversion" }>
                            <caption>{move || i18n.t(match mode.get() {
                                FunnelMode::Snapshot => "funnel.caption_snapshot",
                                FunnelMode::Conversion => "funnel.caption_conversion",
                            })}</caption>
                            <ReportRows table=model links=row_links/>
                        </table>
                    </div>
                    <div class="funnel-diagram">
                        <div class="funnel-toolbar">
                            <Switch test_id="funnel-measure" legend=Signal::derive(move || i18n.t("funnel.measure.label"))
                                options=vec![("count", "funnel.measure.count"), ("amount", "funnel.measure.amount")]
                                current=Signal::derive(move || match measure.get() { Measure::Count => "count", Measure::Amount => "amount" })
                                on_pick=Callback::new(move |v: &'static str| app.set_query("fmeasure", (v == "amount").then(|| v.to_string())))/>
                            <button type="button" class="secondary" data-testid="funnel-png" on:click=export_png>
                                {move || i18n.t("common.export_png")}
                            </button>
                        </div>
                        <Chart spec=spec test_id=CHART_ID node=chart_node on_click=on_chart_click height=360
                            label=Signal::derive(move || i18n.tf("funnel.diagram_label", &[("variant", variant_name())]))/>
                        <p class="help">{move || i18n.t(match mode.get() {
                            FunnelMode::Snapshot => "funnel.diagram_note_snapshot",
                            FunnelMode::Conversion => "funnel.diagram_note_conversion",
                        })}</p>
                    </div>
                </div>
            </section>
            <div id=DEALS_ID class="funnel-deals" node_ref=deals_box>
                {move || open_row.get().is_some().then(|| view! {
                    <DealList deals=deals title=list_title
                        on_close=Callback::new(move |_| app.set_query("fstage", None))/>
                })}
            </div>
            <SellerComparison sellers=sellers team=team mode=mode filter=filter/>
        }
    };

    move || {
        match state.get() {
        PageState::NoDeals => view! {
            <section class="card">
                <h1>{move || i18n.t("funnel.title")}</h1>
                <div class="empty" data-testid="funnel-empty">
                    <p>{move || i18n.t("funnel.empty_ws")}</p>
                    <div class="action-row">
                        <button type="button" data-testid="funnel-load-demo"
                            on:click=move |_| app.load_demo(i18n.lang_untracked())>{move || i18n.t("data.load_demo")}</button>
                        <a class="button funnel-link-button" href=move || app.route().get().on_page(Page::Data).to_hash()>
                            {move || i18n.t("funnel.go_data")}
                        </a>
                    </div>
                </div>
            </section>
        }
        .into_any(),
        PageState::NothingMatches => view! {
            <section class="card">
                <h1>{move || i18n.t("funnel.title")}</h1>
                <div class="empty" data-testid="funnel-empty">
                    <p>{move || i18n.t("funnel.no_match")}</p>
                    <div class="action-row">
                        <button type="button" data-testid="funnel-reset" on:click=reset_filters>{move || i18n.t("filter.reset")}</button>
                        <button type="button" class="secondary" data-testid="funnel-all-time" on:click=all_time>{move || i18n.t("funnel.all_time")}</button>
                    </div>
                </div>
            </section>
        }
        .into_any(),
        PageState::Ready => ready().into_any(),
    }
    }
}
