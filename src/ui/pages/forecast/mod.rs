//! Forecast page (issue 7): revenue by period against plan, deals needing attention, next steps,
//! seller activity by direction, depth of work with key clients, and the plans grid. Every figure
//! comes from `crate::domain::forecast` and `crate::domain::matrix`; this folder lays them out and
//! sends the page's three edits (forecast category, next step, plan) to the domain. One file per
//! tab, plus what the tabs share: the URL state (`url`), wording (`text`), controls (`controls`)
//! and the editable deal rows (`deals`).
//!
//! View state in the URL: `fview` (forecast|attention|tasks|activity|clients|plans), the horizon
//! `fgran` (month|quarter), `fhor` (number of periods), `ffrom` (first month, `YYYY-MM`), the
//! breakdown `fbreak` (seller|direction), the listed deals `fper` (all|<period>|overdue|undated|
//! outside), the attention list's sort `fasort`, "my deals" `fmine` (a seller id) and the
//! thresholds `fsoon`, `flowp`, `fbig`, `fstall`.
//!
//! Rows that hold editors are keyed by what they show, and the editors read the deal reactively,
//! so an edit updates the figures without re-creating the row the user is typing in.

mod activity;
mod attention;
mod clients;
mod controls;
mod deals;
mod plans;
mod revenue;
mod tasks;
mod text;
mod url;

use activity::ActivityTab;
use attention::AttentionTab;
use clients::KeyClientsTab;
use leptos::prelude::*;
use plans::PlansTab;
use revenue::ForecastTab;
use tasks::TasksTab;
use url::Tab;

use crate::ui::i18n::use_i18n;
use crate::ui::lazy::split_view;
use crate::ui::route::Page;
use crate::ui::state::use_app;
use crate::ui::tabs::{TabBar, TabNames, tab_id};

/// The page's tabs.
const TABS: TabNames = TabNames {
    id: "ftab",
    test_id: "fview",
    label_key: "forecast.tab",
    bar_label: "forecast.views",
    panel: "forecast-panel",
    class: "fc-tabs",
    tab_class: "fc-tab",
};

// Each tab is a chunk of its own in the split build (`ui::lazy`): the page's chunk holds the
// tab bar, and a visit fetches only the open tab's code.
split_view! {
    fn forecast_tab_view, prefetch prefetch_forecast_tab, chunk forecast_tab_forecast, slot 32,
        build forecast_tab, preload preload_forecast_tab => view! { <ForecastTab/> }
}
split_view! {
    fn attention_tab_view, prefetch prefetch_attention_tab, chunk forecast_tab_attention, slot 33,
        build attention_tab, preload preload_attention_tab => view! { <AttentionTab/> }
}
split_view! {
    fn tasks_tab_view, prefetch prefetch_tasks_tab, chunk forecast_tab_tasks, slot 34,
        build tasks_tab, preload preload_tasks_tab => view! { <TasksTab/> }
}
split_view! {
    fn activity_tab_view, prefetch prefetch_activity_tab, chunk forecast_tab_activity, slot 35,
        build activity_tab, preload preload_activity_tab => view! { <ActivityTab/> }
}
split_view! {
    fn clients_tab_view, prefetch prefetch_clients_tab, chunk forecast_tab_clients, slot 36,
        build clients_tab, preload preload_clients_tab => view! { <KeyClientsTab/> }
}
split_view! {
    fn plans_tab_view, prefetch prefetch_plans_tab, chunk forecast_tab_plans, slot 37,
        build plans_tab, preload preload_plans_tab => view! { <PlansTab/> }
}

/// Fetches every tab's chunk (the idle prefetch after the first chart; no-op when unsplit).
pub fn prefetch_tabs() {
    prefetch_forecast_tab();
    prefetch_attention_tab();
    prefetch_tasks_tab();
    prefetch_activity_tab();
    prefetch_clients_tab();
    prefetch_plans_tab();
}

#[component]
pub fn ForecastPage() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let tab = Memo::new(move |_| {
        app.route()
            .with(|r| r.get("fview").and_then(Tab::from_slug))
            .unwrap_or(Tab::Forecast)
    });
    let has_deals = Memo::new(move |_| app.ws().with(|w| !w.deals.is_empty()));
    let set_tab =
        move |t: Tab| app.set_query("fview", (t != Tab::Forecast).then(|| t.slug().to_string()));
    view! {
        <section class="card fc-top" data-testid="forecast">
            <div class="fc-head">
                <h1>{move || i18n.t("forecast.title")}</h1>
                <TabBar tabs=Tab::ALL.map(Tab::slug).to_vec() names=TABS
                    current=Signal::derive(move || tab.get().slug())
                    on_pick=Callback::new(move |slug| {
                        if let Some(t) = Tab::from_slug(slug) {
                            set_tab(t);
                        }
                    })/>
            </div>
            <p class="help">{move || i18n.t(&format!("forecast.tab_help.{}", tab.get().slug()))}</p>
        </section>
        <div id="forecast-panel" role="tabpanel" class="fc-panel"
            aria-labelledby=move || tab_id(TABS, tab.get().slug())>
            {move || {
                if !has_deals.get() && tab.get() != Tab::Plans {
                    return view! {
                        <section class="card">
                            <div class="empty" data-testid="forecast-empty">
                                <p>{i18n.t("forecast.empty_ws")}</p>
                                <div class="action-row">
                                    <button type="button" data-testid="forecast-load-demo"
                                        on:click=move |_| app.load_demo(i18n.lang_untracked())>{i18n.t("data.load_demo")}</button>
                                    <a class="button fc-link-button" href=move || app.route().get().on_page(Page::Data).to_hash()>
                                        {i18n.t("forecast.go_data")}
                                    </a>
                                </div>
                            </div>
                        </section>
                    }
                    .into_any();
                }
                match tab.get() {
                    Tab::Forecast => forecast_tab_view(),
                    Tab::Attention => attention_tab_view(),
                    Tab::Tasks => tasks_tab_view(),
                    Tab::Activity => activity_tab_view(),
                    Tab::Clients => clients_tab_view(),
                    Tab::Plans => plans_tab_view(),
                }
            }}
        </div>
    }
}
