//! The drill-down list every report opens: the deals behind a row, cell or chart item, with
//! their total, an overdue mark, paging for long lists, and CSV export. A report about the past
//! (pipeline changes) can add deals no longer in the workspace, as a snapshot kept them, and a
//! note per deal saying what changed.

use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::{Money, StageKind, Workspace};
use crate::format::csv_out::{plain_amount, to_csv};
use crate::ui::banner::dated_name;
use crate::ui::download::download_text;
use crate::ui::fmt;
use crate::ui::i18n::use_i18n;
use crate::ui::state::use_app;

/// Rows shown per page of a long list.
pub const PAGE_SIZE: usize = 100;

/// A listed deal that is no longer in the workspace (deleted since a snapshot), as the
/// snapshot kept it. Names are resolved by the caller (the snapshot keeps ids only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoneDeal {
    pub title: String,
    pub client: String,
    pub seller: String,
    pub stage: String,
    pub amount: Money,
    pub probability: u8,
    pub expected_close: Option<NaiveDate>,
    /// What changed, for the notes column.
    pub note: String,
}

/// The CSV of a deal list (header first), for export.
pub fn deal_rows_csv(ws: &Workspace, deals: &[usize], header: Vec<String>) -> Vec<Vec<String>> {
    deal_rows_csv_with(ws, deals, &[], None, header)
}

/// [`deal_rows_csv`] with gone deals after the others, and a last column of notes when
/// `notes` is given (the header then names it).
pub fn deal_rows_csv_with(
    ws: &Workspace,
    deals: &[usize],
    gone: &[GoneDeal],
    notes: Option<&HashMap<usize, String>>,
    header: Vec<String>,
) -> Vec<Vec<String>> {
    let mut rows = vec![header];
    for &i in deals {
        let Some(d) = ws.deals.get(i) else { continue };
        let name = |found: Option<&str>| found.unwrap_or("").to_string();
        let mut row = vec![
            d.title.clone(),
            name(ws.client(d.client).map(|c| c.name.as_str())),
            name(ws.seller(d.seller).map(|s| s.name.as_str())),
            name(ws.stage(d.stage).map(|s| s.name.as_str())),
            plain_amount(d.amount),
            ws.probability(d).to_string(),
            d.expected_close.map(|x| x.to_string()).unwrap_or_default(),
            d.next_step
                .as_ref()
                .map(|n| n.text.clone())
                .unwrap_or_default(),
        ];
        if let Some(notes) = notes {
            row.push(notes.get(&i).cloned().unwrap_or_default());
        }
        rows.push(row);
    }
    for g in gone {
        let mut row = vec![
            g.title.clone(),
            g.client.clone(),
            g.seller.clone(),
            g.stage.clone(),
            plain_amount(g.amount),
            g.probability.to_string(),
            g.expected_close.map(|x| x.to_string()).unwrap_or_default(),
            String::new(),
        ];
        if notes.is_some() {
            row.push(g.note.clone());
        }
        rows.push(row);
    }
    rows
}

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
    let shown = RwSignal::new(PAGE_SIZE);
    // A new list starts from its first page.
    Effect::new(move |_| {
        deals.track();
        shown.set(PAGE_SIZE);
    });

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
        let text = app.ws.with_untracked(|ws| {
            to_csv(&deal_rows_csv_with(
                ws,
                &deals.get_untracked(),
                &gone_now,
                notes_now.as_ref(),
                header,
            ))
        });
        if let Err(e) = download_text(
            &dated_name("voronka-deals", app.today, "csv"),
            "text/csv",
            &text,
        ) {
            app.notice.set(Some(e));
        }
    };

    view! {
        <section class="card deal-list" data-testid="deal-list" aria-live="polite">
            <header class="deal-list-head">
                <h2 data-testid="deal-list-title">{move || title.get()}</h2>
                <span class="muted" data-testid="deal-list-count">{move || {
                    let gone_n = gone.map_or(0, |g| g.with(Vec::len));
                    let gone_sum: Money = gone.map_or(Money::ZERO, |g| g.with(|g| g.iter().map(|x| x.amount).sum()));
                    let n = deals.with(|d| d.len()) + gone_n;
                    let sum = gone_sum + app.ws.with(|ws| deals.with(|d| d.iter().filter_map(|&i| ws.deals.get(i)).map(|d| d.amount).sum()));
                    i18n.tf("deal_list.summary", &[
                        ("count", fmt::count(n, i18n.lang())),
                        ("amount", fmt::money(sum, &app.ws.with(|w| w.currency.clone()), i18n.lang())),
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
                        let limit = shown.get();
                        let note_of = move |i: usize| notes.map(|n| n.with(|n| n.get(&i).cloned().unwrap_or_default()));
                        app.ws.with(|ws| deals.with(|list| list.iter().take(limit).filter_map(|&i| ws.deals.get(i).map(|d| (i, d))).map(|(i, d)| {
                            let stage = ws.stage(d.stage);
                            let open = stage.is_some_and(|s| s.kind == StageKind::Open);
                            let overdue = open && d.expected_close.is_some_and(|e| e < app.today);
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
                        let cur = app.ws.with(|w| w.currency.clone());
                        let left = shown.get().saturating_sub(deals.with(Vec::len));
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
            {move || {
                let total = deals.with(|d| d.len()) + gone.map_or(0, |g| g.with(Vec::len));
                (total > shown.get()).then(|| view! {
                    <button type="button" class="secondary" data-testid="deal-list-more"
                        on:click=move |_| shown.update(|s| *s += PAGE_SIZE)>
                        {i18n.tf("deal_list.more", &[("n", (total - shown.get_untracked()).to_string())])}
                    </button>
                })
            }}
        </section>
    }
}
