//! The sellers × directions tab: each seller's open and won deals per product direction.

use std::sync::Arc;

use leptos::prelude::*;

use super::controls::NoMatch;
use crate::domain::Lang;
use crate::domain::matrix::{ActivityCell, seller_direction_activity};
use crate::ui::fmt;
use crate::ui::i18n::{tr, use_i18n};
use crate::ui::state::{Shared, use_app};

#[component]
pub(super) fn ActivityTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let grid = Memo::new(move |_| {
        let f = filter.get();
        let ix = app.index().get();
        app.ws()
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
        app.ws().with(|ws| {
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
                    view! { <div class="fc-scroll" tabindex="0">{table}</div> }.into_any()
                }
            }}
        </section>
    }
}
