//! Deals: the list (the filter bar's seller, direction, deal type and period, a text filter,
//! sort by any column, count and amount totals, paging, checkbox selection with bulk delete); the
//! deal form is in `form`.

pub mod form;

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use super::list::{DataList, Key, ListCtl, open_cell, sort_rows, text_key};
use crate::domain::edit;
use crate::domain::filter::Filter;
use crate::domain::index::{DealIndex, NONE};
use crate::domain::*;
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::state::{Shared, use_app};
pub use form::DealForm;

/// The deals a list shows, in order, and their total amount.
#[derive(Debug, Default)]
pub struct DealRows {
    pub pos: Vec<usize>,
    pub total: Money,
}

/// True when the deal was active during `f`'s period: created on or before its end and not
/// closed before its start (open deals always qualify once created).
fn active_in(f: &Filter, d: &Deal) -> bool {
    f.period
        .is_none_or(|p| d.created <= p.to && d.closed.is_none_or(|c| c >= p.from))
}

/// Filters and sorts the deals (one pass, then one sort of cached keys).
pub fn deal_rows(
    ws: &Workspace,
    ix: &DealIndex,
    f: &Filter,
    terms: &[String],
    col: &str,
    desc: bool,
) -> DealRows {
    let dense = ix.dense(f);
    let lower = |v: Vec<&str>| v.into_iter().map(str::to_lowercase).collect::<Vec<_>>();
    let clients = lower(ws.clients.iter().map(|c| c.name.as_str()).collect());
    let sellers = lower(ws.sellers.iter().map(|c| c.name.as_str()).collect());
    let stages = lower(ws.stages.iter().map(|c| c.name.as_str()).collect());
    let at = |v: &[String], p: u32| {
        if p == NONE {
            String::new()
        } else {
            v.get(p as usize).cloned().unwrap_or_default()
        }
    };
    let mut total = Money::ZERO;
    let mut pos = Vec::new();
    for (i, d) in ws.deals.iter().enumerate() {
        if !dense.selects(ix, i) || !active_in(f, d) {
            continue;
        }
        if !terms.is_empty() {
            let title = d.title.to_lowercase();
            let next = d
                .next_step
                .as_ref()
                .map(|n| n.text.to_lowercase())
                .unwrap_or_default();
            let fields = [
                title.as_str(),
                clients
                    .get(ix.client[i] as usize)
                    .map_or("", |s| s.as_str()),
                sellers
                    .get(ix.seller[i] as usize)
                    .map_or("", |s| s.as_str()),
                stages.get(ix.stage[i] as usize).map_or("", |s| s.as_str()),
                next.as_str(),
            ];
            if !terms
                .iter()
                .all(|t| fields.iter().any(|f| f.contains(t.as_str())))
            {
                continue;
            }
        }
        total += d.amount;
        pos.push(i);
    }
    let day = |d: Option<NaiveDate>| Key::N(d.map_or(i128::MAX, |d| d.num_days_from_ce_i128()));
    sort_rows(&mut pos, desc, |i| {
        let d = &ws.deals[i];
        match col {
            "client" => Key::T(at(&clients, ix.client[i])),
            "seller" => Key::T(at(&sellers, ix.seller[i])),
            "stage" => Key::N(ix.stage[i] as i128),
            "amount" => Key::N(d.amount.0 as i128),
            "probability" => Key::N(ws.probability(d) as i128),
            "expected" => day(d.expected_close),
            "next" => day(d.next_step.as_ref().and_then(|n| n.due)),
            "created" => day(Some(d.created)),
            _ => text_key(&d.title),
        }
    });
    DealRows { pos, total }
}

trait DaysFromCe {
    fn num_days_from_ce_i128(self) -> i128;
}

impl DaysFromCe for NaiveDate {
    fn num_days_from_ce_i128(self) -> i128 {
        use chrono::Datelike;
        self.num_days_from_ce() as i128
    }
}

#[component]
pub fn DealsList() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let ctl = ListCtl::new("-created");
    let editing = RwSignal::new(None::<Option<DealId>>);
    let selected = RwSignal::new(HashSet::<DealId>::new());
    let rows = Memo::new(move |_| {
        let terms = ctl.terms();
        let (col, desc) = ctl.sort.get();
        let f = filter.get();
        let ix = app.index().get();
        app.ws()
            .with(|w| Shared(Arc::new(deal_rows(w, &ix, &f, &terms, &col, desc))))
    });
    let total = Signal::derive(move || rows.with(|r| r.pos.len()));
    let page_ids = move || {
        let range = ctl.window(total.get());
        app.ws().with(|w| {
            rows.with(|r| {
                r.pos[range]
                    .iter()
                    .filter_map(|&i| w.deals.get(i))
                    .map(|d| d.id)
                    .collect::<Vec<_>>()
            })
        })
    };
    let all_on_page = move || {
        let ids = page_ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let bulk_delete = move |_| {
        let ids: Vec<DealId> = selected.get_untracked().into_iter().collect();
        if ids.is_empty() {
            return;
        }
        let lang = i18n.lang_untracked();
        let label = fill(
            &tr(lang, "data.undo.bulk_delete"),
            &[("n", fmt::count(ids.len(), lang))],
        );
        if let Ok(n) = app.change(label, |w| Ok::<_, ()>(edit::delete_deals(w, &ids))) {
            selected.set(HashSet::new());
            app.notify(fill(
                &tr(lang, "data.bulk_deleted"),
                &[("n", fmt::count(n, lang))],
            ));
        }
    };

    let body = move || {
        let lang = i18n.lang();
        let range = ctl.window(total.get());
        let sel = selected.get();
        app.ws().with(|ws| rows.with(|r| r.pos[range].iter().filter_map(|&i| ws.deals.get(i)).map(|d| {
            let id = d.id;
            let stage = ws.stage(d.stage);
            let open = stage.is_some_and(|s| s.kind == StageKind::Open);
            let overdue = open && d.expected_close.is_some_and(|e| e < app.today());
            let checked = sel.contains(&id);
            let next = d.next_step.as_ref();
            view! {
                <tr data-testid="deal-row" class:selected=checked>
                    <td class="dcheckcol">
                        <input type="checkbox" data-testid="deal-select" prop:checked=checked
                            aria-label=fill(&tr(lang, "data.select_deal"), &[("name", d.title.clone())])
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                            } />
                    </td>
                    {open_cell(format!("open-deal-{}", id.0), d.title.clone(), Some("deal-open"), Callback::new(move |_| editing.set(Some(Some(id)))))}
                    <td>{ws.client(d.client).map(|c| c.name.clone()).unwrap_or_default()}</td>
                    <td>{ws.seller(d.seller).map(|s| s.name.clone()).unwrap_or_default()}</td>
                    <td>{stage.map(|s| s.name.clone()).unwrap_or_default()}</td>
                    <td class="num">{fmt::money(d.amount, &ws.currency, lang)}</td>
                    <td class="num">{format!("{}\u{a0}%", ws.probability(d))}</td>
                    <td class="nowrap" class:overdue=overdue>
                        {fmt::opt_date(d.expected_close, lang)}
                        {overdue.then(|| view! { <span class="badge overdue-badge">{tr(lang, "deal_list.overdue")}</span> })}
                    </td>
                    <td class="dnext" class:done=next.is_some_and(|n| n.done)>
                        {next.map(|n| n.text.clone()).unwrap_or_default()}
                        {next.and_then(|n| n.due).map(|due| view! { <span class="muted">{format!(" · {}", fmt::date(due, lang))}</span> })}
                    </td>
                    <td class="nowrap">{fmt::date(d.created, lang)}</td>
                </tr>
            }
        }).collect_view()))
    };
    let bulk = move || {
        let n = selected.with(|s| s.len());
        (n > 0).then(|| view! {
            <div class="dbulk" role="group" aria-label=move || i18n.t("data.selection")>
                <span data-testid="selected-count">{move || i18n.tf("data.selected", &[("n", fmt::count(selected.with(|s| s.len()), i18n.lang()))])}</span>
                <button type="button" class="danger" data-testid="bulk-delete" on:click=bulk_delete>
                    {move || i18n.t("data.delete_selected")}
                </button>
                <button type="button" class="link" data-testid="clear-selection" on:click=move |_| selected.set(HashSet::new())>
                    {move || i18n.t("data.clear_selection")}
                </button>
            </div>
        })
    };
    let select_page = move || {
        view! {
            <th scope="col" class="dcheckcol">
                <input type="checkbox" data-testid="select-page" aria-label=move || i18n.t("data.select_page")
                    prop:checked=all_on_page
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let ids = page_ids();
                        selected.update(|s| for id in ids { if on { s.insert(id); } else { s.remove(&id); } });
                    } />
            </th>
        }
    };

    view! {
        <DataList id="deals" title="common.deals" caption="data.deals_caption" help="data.deals_help"
            ctl=ctl total=total search_label="data.search_deals"
            count=Signal::derive(move || {
                let lang = i18n.lang();
                let cur = app.ws().with(|w| w.currency.clone());
                rows.with(|r| fill(&tr(lang, "deal_list.summary"), &[
                    ("count", fmt::count(r.pos.len(), lang)),
                    ("amount", fmt::money(r.total, &cur, lang)),
                ]))
            })
            count_test_id="deals-total" count_class="dtotal"
            add=("add-deal", "data.add_deal", Callback::new(move |_| editing.set(Some(None))))
            tools=move || view! { {bulk} }
            empty=Signal::derive(move || if app.ws().with(|w| w.deals.is_empty()) {
                i18n.t("data.empty_deals")
            } else {
                i18n.t("data.no_matching_deals")
            })
            lead=select_page
            columns=vec![
                ("title", "deal_list.deal", false),
                ("client", "deal_list.client", false),
                ("seller", "filter.seller", false),
                ("stage", "common.stage", false),
                ("amount", "common.amount", true),
                ("probability", "deal_list.probability", true),
                ("expected", "deal_list.expected_close", false),
                ("next", "deal_list.next_step", false),
                ("created", "data.created", false),
            ]
            rows=body/>
        {move || editing.get().map(|id| view! {
            <DealForm id=id on_close=Callback::new(move |_| editing.set(None))/>
        })}
    }
}
