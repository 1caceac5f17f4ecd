//! Controls the tabs share: "no deals match" with a reset, the horizon controls, and the
//! "my deals" picker.

use leptos::prelude::*;

use super::url::{DEFAULT_HORIZON, HORIZONS, mine_of};
use crate::domain::YearMonth;
use crate::domain::forecast::{ForecastSpec, Granularity};
use crate::ui::i18n::use_i18n;
use crate::ui::route::{FilterQuery, parse_month};
use crate::ui::state::use_app;

/// "No deals match the filters" with a reset button.
#[component]
pub(super) fn NoMatch(
    /// What is empty.
    #[prop(into)]
    text: Signal<String>,
    /// `data-testid` of the message.
    test_id: &'static str,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    view! {
        <div class="empty" data-testid=test_id>
            <p>{move || text.get()}</p>
            <button type="button" data-testid="forecast-reset"
                on:click=move |_| app.set_filter(|q| *q = FilterQuery::default())>
                {move || i18n.t("filter.reset")}
            </button>
        </div>
    }
}

/// The horizon controls: month or quarter, how many periods, from which month.
#[component]
pub(super) fn HorizonControls(
    /// The horizon in the URL.
    spec: Memo<ForecastSpec>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let this_month = YearMonth::of(app.today());
    view! {
        <div class="fc-controls" data-testid="forecast-horizon">
            <label>
                <span>{move || i18n.t("forecast.granularity")}</span>
                <select data-testid="fgran" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    app.set_query("fgran", (v == "quarter").then_some(v));
                }>
                    <option value="month" selected=move || spec.get().granularity == Granularity::Month>{move || i18n.t("forecast.by_month")}</option>
                    <option value="quarter" selected=move || spec.get().granularity == Granularity::Quarter>{move || i18n.t("forecast.by_quarter")}</option>
                </select>
            </label>
            <label>
                <span>{move || i18n.t("forecast.horizon")}</span>
                <select data-testid="fhor" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    app.set_query("fhor", (v != DEFAULT_HORIZON.to_string()).then_some(v));
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
                        app.set_query("ffrom", v.filter(|m| *m != this_month).map(|m| m.to_string()));
                    }/>
            </label>
            <button type="button" class="link" data-testid="fhorizon-reset"
                on:click=move |_| {
                    let r = app.route().get_untracked().with("fgran", None).with("fhor", None).with("ffrom", None);
                    app.navigate(r, true);
                }>{move || i18n.t("forecast.this_month")}</button>
        </div>
    }
}

/// "My deals" (`fmine`): whose deals the attention and task lists show.
#[component]
pub(super) fn MineSelect() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let mine = Memo::new(move |_| app.route().with(|r| app.ws().with(|ws| mine_of(r, ws))));
    view! {
        <label class="fc-inline">
            <span>{move || i18n.t("forecast.mine.label")}</span>
            <select data-testid="fmine" on:change=move |ev| {
                let v = event_target_value(&ev);
                app.set_query("fmine", (!v.is_empty()).then_some(v));
            }>
                <option value="" selected=move || mine.get().is_none()>{move || i18n.t("forecast.mine.everyone")}</option>
                {move || app.ws().with(|ws| ws.sellers.iter().map(|s| {
                    let id = s.id;
                    view! { <option value=id.0.to_string() selected=move || mine.get() == Some(id)>{s.name.clone()}</option> }
                }).collect_view())}
            </select>
        </label>
    }
}
