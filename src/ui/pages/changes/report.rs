//! The top of the changes page: the summary line, the export buttons, the waterfall chart and
//! its bars as buttons (the keyboard's way to a bar's deals, and a readable legend).

use leptos::prelude::*;

use super::common::{FLOW_BARS, bar_label, bar_shown, ends, figure, set_query, signed_short};
use super::since::Open;
use crate::domain::Money;
use crate::domain::changes::{Bar, Changes};
use crate::ui::chart::{Chart, ChartClick, ChartNode};
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::state::{Shared, use_app};

/// The summary, the waterfall chart with its bar list, and the export buttons.
#[component]
pub fn Report(
    /// The comparison shown.
    changes: Memo<Option<Shared<Changes>>>,
    /// Weighted amounts instead of amounts.
    weighted: Memo<bool>,
    /// The open drill-down (its bar is outlined).
    open: Memo<Option<Open>>,
    /// The chart's option JSON.
    #[prop(into)]
    chart_spec: Signal<String>,
    /// Opens the clicked bar's deals.
    on_chart_click: Callback<ChartClick>,
    /// Downloads the waterfall as CSV.
    export_csv: Callback<leptos::ev::MouseEvent>,
    /// Downloads the chart as PNG.
    export_png: Callback<leptos::ev::MouseEvent>,
    /// The chart's container, kept by the page to export it as PNG.
    chart_node: ChartNode,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let summary = move || {
        let c = changes.get()?;
        let lang = i18n.lang();
        let cur = app.ws().with(|w| w.currency.clone());
        let w = weighted.get();
        let (from, to) = ends(&c.total, w);
        let net = Money(to.value.0 - from.value.0);
        let net_text = if net.0 >= 0 {
            format!("+{}", fmt::money(net, &cur, lang))
        } else {
            format!("\u{2212}{}", fmt::money(Money(-net.0), &cur, lang))
        };
        Some(view! {
            <p class="changes-summary" data-testid="changes-summary">
                {fill(&tr(lang, "changes.summary"), &[
                    ("from_date", fmt::date(c.from, lang)),
                    ("from", fmt::money(from.value, &cur, lang)),
                    ("from_count", fmt::count(from.count as usize, lang)),
                    ("to_date", fmt::date(c.to, lang)),
                    ("to", fmt::money(to.value, &cur, lang)),
                    ("to_count", fmt::count(to.count as usize, lang)),
                    ("net", net_text),
                ])}
            </p>
        })
    };
    // The bars as buttons too: the keyboard's way to a bar's deals, and a readable legend.
    let bar_buttons = move || {
        let c = changes.get()?;
        let lang = i18n.lang();
        let cur = app.ws().with(|w| w.currency.clone());
        let w = weighted.get();
        let any_moved =
            c.total.amount.bar(Bar::MovedOut).count + c.total.amount.bar(Bar::MovedIn).count > 0;
        let unknown = c.unknown_bars();
        Some(view! {
            <ul class="changes-bars" data-testid="changes-bars">
                {FLOW_BARS.into_iter().filter(|b| bar_shown(&c, *b, any_moved)).map(|b| {
                    let f = figure(&c.total, b, w);
                    let class = if b.sign() > 0 { "up" } else { "down" };
                    view! {
                        <li>
                            <button type="button" class=format!("bar-btn {class}") data-testid="changes-bar" data-bar=b.code()
                                aria-pressed=move || (open.get() == Some(Open::Bar(b))).to_string()
                                disabled=f.count == 0
                                on:click=move |_| {
                                    set_query(app, "copen", Some(Open::Bar(b).slug()));
                                }>
                                <span class="bar-name">{bar_label(lang, b)}</span>
                                <span class="bar-value">{signed_short(b, f.value, &cur, lang)}</span>
                                <span class="bar-count muted">{fill(&tr(lang, "changes.deals_n"), &[("n", fmt::count(f.count as usize, lang))])}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
                {(!unknown.is_empty()).then(|| view! {
                    <li class="muted small" data-testid="changes-unknown">
                        {fill(&tr(lang, "changes.unknown_bars"), &[("bars", unknown.iter().map(|b| bar_label(lang, *b)).collect::<Vec<_>>().join(", "))])}
                    </li>
                })}
            </ul>
        })
    };
    view! {
        {summary}
        <div class="action-row">
            <span class="muted">{move || i18n.t("changes.chart_hint")}</span>
            <button type="button" class="secondary" data-testid="changes-csv" on:click=move |ev| export_csv.run(ev)>
                {move || i18n.t("common.export_csv")}
            </button>
            <button type="button" class="secondary" data-testid="changes-png" on:click=move |ev| export_png.run(ev)>
                {move || i18n.t("common.export_png")}
            </button>
        </div>
        <Chart spec=chart_spec label=Signal::derive(move || i18n.t("changes.chart_label"))
            test_id="changes-waterfall" node=chart_node on_click=on_chart_click height=360/>
        {bar_buttons}
    }
}
