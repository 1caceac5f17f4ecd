//! The key clients tab: how deeply each key client is worked.

use std::sync::Arc;

use leptos::prelude::*;

use super::deals::LIST_PAGE;
use super::url::thresholds_of;
use crate::domain::forecast::{FlaggedDeal, attention, key_client_depth};
use crate::ui::fmt;
use crate::ui::i18n::{tr, use_i18n};
use crate::ui::pager::{Pager, ShowMore};
use crate::ui::state::{Shared, use_app};

#[component]
pub(super) fn KeyClientsTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let th = Memo::new(move |_| app.route().with(thresholds_of));
    let rows = Memo::new(move |_| {
        let f = filter.get();
        let t = th.get();
        let ix = app.index().get();
        app.ws().with(|ws| {
            let flagged: Vec<FlaggedDeal> = attention(ws, &ix, &f, app.today(), t);
            let mut rows = key_client_depth(ws, &ix, &f, &flagged);
            // The most open business first.
            rows.sort_by_key(|r| std::cmp::Reverse(r.open_amount));
            Shared(Arc::new(rows))
        })
    });
    let pager = Pager::new(LIST_PAGE, LIST_PAGE, || ());
    let table = move || {
        let lang = i18n.lang();
        let list = rows.get();
        let n = pager.shown();
        app.ws().with(|ws| {
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
                    <ShowMore pager=pager total=Signal::derive(move || rows.with(|r| r.len())) test_id="keyclients-more"/>
                }.into_any()
            }}
        </section>
    }
}
