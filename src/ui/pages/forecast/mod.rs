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
