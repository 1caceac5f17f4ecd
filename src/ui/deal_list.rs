//! The drill-down list every report opens: the deals behind a row, cell or chart item, with
//! their total, an overdue mark, paging for long lists, and CSV export. A report about the past
//! (pipeline changes) can add deals no longer in the workspace, as a snapshot kept them, and a
//! note per deal saying what changed.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::domain::{Money, StageKind};
use crate::format::report_csv;
pub use crate::format::report_csv::GoneDeal;
use crate::ui::download::save_csv;
use crate::ui::fmt;
use crate::ui::i18n::use_i18n;
use crate::ui::pager::{Pager, ShowMore};
use crate::ui::state::use_app;

/// Rows shown per page of a long list.
pub const PAGE_SIZE: usize = 100;

/// A list of deals (positions in the workspace's deal list) under a heading.
#[component]
pub fn DealList(
    /// Positions of the deals to show, in the order to show them.
    #[prop(into)]
    deals: Signal<Vec<usize>>,
    /// What the list is: "Proposal — Anna Smith".
    #[prop(into)]
    title: Signal<String>,
    /// Closes the list.
    on_close: Callback<()>,
    /// Deals no longer in the workspace, listed after the others (pipeline changes).
    #[prop(optional, into)]
    gone: Option<Signal<Vec<GoneDeal>>>,
    /// What changed per listed deal (by position), shown in an extra last column.
    #[prop(optional, into)]
    notes: Option<Signal<HashMap<usize, String>>>,
    /// The heading of the notes column.
    #[prop(optional, into)]
    notes_title: Option<Signal<String>>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    // A new list starts from its first page.
    let pager = Pager::new(PAGE_SIZE, PAGE_SIZE, move || deals.track());

    let export = move |_| {
        let lang = i18n.lang_untracked();
        let header = [
            "deal_list.deal",
            "deal_list.client",
            "filter.seller",
            "common.stage",
            "common.amount",
            "deal_list.probability",
            "deal_list.expected_close",
            "deal_list.next_step",
        ]
        .iter()
        .map(|k| crate::ui::i18n::tr(lang, k))
        .chain(notes_title.map(|t| t.get_untracked()))
        .collect();
        let gone_now = gone.map(|g| g.get_untracked()).unwrap_or_default();
        let notes_now = notes.map(|n| n.get_untracked());
        let rows = app.ws().with_untracked(|ws| {
            report_csv::deal_list_with(
                ws,
                &deals.get_untracked(),
                &gone_now,
                notes_now.as_ref(),
                header,
            )
        });
        save_csv(app, "voronka-deals", &rows);
    };

    view! {
        <section class="card deal-list" data-testid="deal-list" aria-live="polite">
            <header class="deal-list-head">
                <h2 data-testid="deal-list-title">{move || title.get()}</h2>
                <span class="muted" data-testid="deal-list-count">{move || {
                    let gone_n = gone.map_or(0, |g| g.with(Vec::len));
                    let gone_sum: Money = gone.map_or(Money::ZERO, |g| g.with(|g| g.iter().map(|x| x.amount).sum()));
                    let n = deals.with(|d| d.len()) + gone_n;
                    let sum = gone_sum + app.ws().with(|ws| deals.with(|d| d.iter().filter_map(|&i| ws.deals.get(i)).map(|d| d.amount).sum()));
                    i18n.tf("deal_list.summary", &[
                        ("count", fmt::count(n, i18n.lang())),
                        ("amount", fmt::money(sum, &app.ws().with(|w| w.currency.clone()), i18n.lang())),
                    ])
                }}</span>
                <button type="button" class="secondary" on:click=export data-testid="deal-list-csv">{move || i18n.t("common.export_csv")}</button>
                <button type="button" class="link" on:click=move |_| on_close.run(()) data-testid="deal-list-close">{move || i18n.t("common.close")}</button>
            </header>
            {move || (deals.with(|d| d.is_empty()) && gone.is_none_or(|g| g.with(Vec::is_empty))).then(|| view! { <p class="empty">{i18n.t("deal_list.empty")}</p> })}
            <div class="table-scroll">
            <table class="grid">
                <thead><tr>
                    <th scope="col">{move || i18n.t("deal_list.deal")}</th>
                    <th scope="col">{move || i18n.t("deal_list.client")}</th>
                    <th scope="col">{move || i18n.t("filter.seller")}</th>
                    <th scope="col">{move || i18n.t("common.stage")}</th>
                    <th scope="col" class="num">{move || i18n.t("common.amount")}</th>
                    <th scope="col" class="num">{move || i18n.t("deal_list.probability")}</th>
                    <th scope="col">{move || i18n.t("deal_list.expected_close")}</th>
                    <th scope="col">{move || i18n.t("deal_list.next_step")}</th>
                    {notes_title.map(|t| view! { <th scope="col">{move || t.get()}</th> })}
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = i18n.lang();
                        let limit = pager.shown();
                        let note_of = move |i: usize| notes.map(|n| n.with(|n| n.get(&i).cloned().unwrap_or_default()));
                        app.ws().with(|ws| deals.with(|list| list.iter().take(limit).filter_map(|&i| ws.deals.get(i).map(|d| (i, d))).map(|(i, d)| {
                            let stage = ws.stage(d.stage);
                            let open = stage.is_some_and(|s| s.kind == StageKind::Open);
                            let overdue = open && d.expected_close.is_some_and(|e| e < app.today());
                            view! {
                                <tr data-testid="deal-row">
                                    <td>{d.title.clone()}</td>
                                    <td>{ws.client(d.client).map(|c| c.name.clone()).unwrap_or_default()}</td>
                                    <td>{ws.seller(d.seller).map(|s| s.name.clone()).unwrap_or_default()}</td>
                                    <td>{stage.map(|s| s.name.clone()).unwrap_or_default()}</td>
                                    <td class="num">{fmt::money(d.amount, &ws.currency, lang)}</td>
                                    <td class="num">{format!("{}\u{a0}%", ws.probability(d))}</td>
                                    <td class:overdue=overdue>
                                        {fmt::opt_date(d.expected_close, lang)}
                                        {overdue.then(|| view! { <span class="badge overdue-badge">{crate::ui::i18n::tr(lang, "deal_list.overdue")}</span> })}
                                    </td>
                                    <td>{d.next_step.as_ref().map(|n| n.text.clone()).unwrap_or_default()}</td>
                                    {note_of(i).map(|n| view! { <td data-testid="deal-note">{n}</td> })}
                                </tr>
                            }
                        }).collect_view()))
                    }}
                    {move || {
                        let lang = i18n.lang();
                        let cur = app.ws().with(|w| w.currency.clone());
                        let left = pager.shown().saturating_sub(deals.with(Vec::len));
                        gone.map(|g| g.with(|g| g.iter().take(left).map(|x| view! {
                            <tr data-testid="deal-row" class="gone-row">
                                <td>{x.title.clone()}</td>
                                <td>{x.client.clone()}</td>
                                <td>{x.seller.clone()}</td>
                                <td>{x.stage.clone()}</td>
                                <td class="num">{fmt::money(x.amount, &cur, lang)}</td>
                                <td class="num">{format!("{}\u{a0}%", x.probability)}</td>
                                <td>{fmt::opt_date(x.expected_close, lang)}</td>
                                <td></td>
                                {notes.is_some().then(|| view! { <td data-testid="deal-note">{x.note.clone()}</td> })}
                            </tr>
                        }).collect_view()))
                    }}
                </tbody>
            </table>
            </div>
            <ShowMore pager=pager total=Signal::derive(move || deals.with(Vec::len) + gone.map_or(0, |g| g.with(Vec::len))) test_id="deal-list-more"/>
        </section>
    }
}
