//! The seller comparison: every seller's funnel side by side, with the stage where each one's
//! funnel leaks.

use leptos::prelude::*;

use super::table::stage_name;
use crate::domain::filter::Filter;
use crate::domain::funnel::{FunnelMode, FunnelReport, SellerFunnel};
use crate::ui::fmt;
use crate::ui::i18n::use_i18n;
use crate::ui::state::{Shared, use_app};

/// The seller comparison: every seller's funnel side by side.
#[component]
pub(super) fn SellerComparison(
    /// Every seller's funnel.
    sellers: Memo<Shared<Vec<SellerFunnel>>>,
    /// The whole team's funnel, to compare each seller with.
    team: Memo<Shared<FunnelReport>>,
    /// Snapshot or conversion.
    mode: Memo<FunnelMode>,
    /// The filter bar's filter (its seller is marked).
    filter: Memo<Filter>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let focus = move |seller: Option<crate::domain::SellerId>| {
        app.set_filter(|q| q.seller = seller);
    };
    view! {
        <section class="card" data-testid="funnel-sellers" aria-labelledby="funnel-sellers-title">
            <h2 id="funnel-sellers-title">{move || i18n.t("funnel.sellers.title")}</h2>
            {move || {
                let lang = i18n.lang();
                let m = mode.get();
                let list = sellers.get();
                let team = team.get();
                app.ws().with(|ws| {
                    let cur = ws.currency.as_str();
                    let open: Vec<usize> = team.snapshot.rows.iter().map(|r| r.stage).collect();
                    let (sub_a, sub_b) = match m {
                        FunnelMode::Snapshot => ("funnel.col.count", "funnel.col.amount"),
                        FunnelMode::Conversion => ("funnel.col.reached", "funnel.sellers.step"),
                    };
                    // A seller's cells for one stage, with a mark where their step conversion is
                    // below the whole team's: the stage where their funnel leaks.
                    let team_ref: &FunnelReport = &team;
                    let stage_cells = move |r: &FunnelReport, k: usize, is_team: bool| match m {
                        FunnelMode::Snapshot => {
                            let row = &r.snapshot.rows[k];
                            view! {
                                <td class="num fgroup">{fmt::count(row.count, lang)}</td>
                                <td class="num" title=fmt::money(row.amount, cur, lang)>{fmt::money_short(row.amount, cur, lang)}</td>
                            }.into_any()
                        }
                        FunnelMode::Conversion => {
                            let row = &r.conversion.rows[k];
                            let team_step = team_ref.conversion.rows[k].step_conversion;
                            let below = !is_team && matches!((row.step_conversion, team_step), (Some(a), Some(b)) if a < b);
                            view! {
                                <td class="num fgroup">{fmt::count(row.reached, lang)}</td>
                                <td class="num" class:fbelow=below>
                                    {fmt::percent(row.step_conversion, lang)}
                                    {below.then(|| view! {
                                        <span aria-hidden="true">" ▼"</span>
                                        <span class="sr-only">{format!(" ({})", crate::ui::i18n::tr(lang, "funnel.sellers.below_team"))}</span>
                                    })}
                                </td>
                            }.into_any()
                        }
                    };
                    let tail_cells = move |r: &FunnelReport| view! {
                        <td class="num fgroup">{fmt::percent(r.headline.win_rate_count, lang)}</td>
                        <td class="num">{fmt::percent(r.conversion.won.conversion, lang)}</td>
                    };
                    let rows = list.iter().map(|sf| {
                        let name = ws.sellers.get(sf.seller).map(|s| s.name.clone()).unwrap_or_default();
                        let id = sf.seller_id;
                        // Reactive on its own, so choosing a seller does not rebuild the table.
                        let is_current = move || filter.with(|f| f.seller) == Some(id);
                        let title = i18n.tf("funnel.sellers.focus", &[("name", name.clone())]);
                        view! {
                            <tr class:current=is_current data-testid="funnel-seller-row">
                                <th scope="row">
                                    <button type="button" class="link" title=title
                                        aria-pressed=move || if is_current() { "true" } else { "false" }
                                        on:click=move |_| focus(if filter.with_untracked(|f| f.seller) == Some(id) { None } else { Some(id) })>{name}</button>
                                </th>
                                {(0..open.len()).map(|k| stage_cells(&sf.report, k, false)).collect_view()}
                                {tail_cells(&sf.report)}
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <div class="funnel-scroll">
                        <table class="grid funnel-seller-table" data-testid="funnel-seller-table">
                            <caption>{crate::ui::i18n::tr(lang, match m {
                                FunnelMode::Snapshot => "funnel.sellers.caption_snapshot",
                                FunnelMode::Conversion => "funnel.sellers.caption_conversion",
                            })}</caption>
                            <thead>
                                <tr>
                                    <th scope="col" rowspan="2">{crate::ui::i18n::tr(lang, "funnel.sellers.seller")}</th>
                                    {open.iter().map(|&s| view! {
                                        <th scope="colgroup" colspan="2" class="fgroup">{stage_name(ws, s)}</th>
                                    }).collect_view()}
                                    <th scope="col" rowspan="2" class="num fgroup">{crate::ui::i18n::tr(lang, "funnel.sellers.win_rate")}</th>
                                    <th scope="col" rowspan="2" class="num">{crate::ui::i18n::tr(lang, "funnel.sellers.to_won")}</th>
                                </tr>
                                <tr>
                                    {open.iter().map(|_| view! {
                                        <th scope="col" class="num fgroup">{crate::ui::i18n::tr(lang, sub_a)}</th>
                                        <th scope="col" class="num">{crate::ui::i18n::tr(lang, sub_b)}</th>
                                    }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                            <tfoot>
                                <tr>
                                    <th scope="row">{crate::ui::i18n::tr(lang, "funnel.sellers.team")}</th>
                                    {(0..open.len()).map(|k| stage_cells(&team, k, true)).collect_view()}
                                    {tail_cells(&team)}
                                </tr>
                            </tfoot>
                        </table>
                        </div>
                        {(m == FunnelMode::Conversion).then(|| view! {
                            <p class="help">{crate::ui::i18n::tr(lang, "funnel.sellers.legend_conversion")}</p>
                        })}
                    }
                })
            }}
        </section>
    }
}
