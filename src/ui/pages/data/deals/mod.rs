//! Deals: the list (the filter bar's seller, direction, deal type and period, a text filter,
//! sort by any column, count and amount totals, paging, checkbox selection with bulk delete); the
//! deal form is in `form`.

pub mod form;

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use super::list::{DataList, Key, ListCtl, sort_rows, text_key};
use crate::domain::edit;
use crate::domain::filter::Filter;
use crate::domain::index::{DealIndex, NONE};
use crate::domain::*;
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::lazy::split_view;
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
    filter_sorted(ws, ix, f, terms, &deal_order(ws, ix, col, desc))
}

/// Every deal's position, sorted by `col` (ties in list order). Depends on the workspace and the
/// sort only, so the list keeps it while the filter or the page changes (issue 17).
pub fn deal_order(ws: &Workspace, ix: &DealIndex, col: &str, desc: bool) -> Vec<usize> {
    let lower = |v: Vec<&str>| v.into_iter().map(str::to_lowercase).collect::<Vec<_>>();
    let at = |v: &[String], p: u32| {
        if p == NONE {
            String::new()
        } else {
            v.get(p as usize).cloned().unwrap_or_default()
        }
    };
    let mut pos: Vec<usize> = (0..ws.deals.len()).collect();
    let day = |d: Option<NaiveDate>| Key::N(d.map_or(i128::MAX, |d| d.num_days_from_ce_i128()));
    match col {
        "client" => {
            let clients = lower(ws.clients.iter().map(|c| c.name.as_str()).collect());
            sort_rows(&mut pos, desc, |i| Key::T(at(&clients, ix.client[i])));
        }
        "seller" => {
            let sellers = lower(ws.sellers.iter().map(|c| c.name.as_str()).collect());
            sort_rows(&mut pos, desc, |i| Key::T(at(&sellers, ix.seller[i])));
        }
        _ => sort_rows(&mut pos, desc, |i| {
            let d = &ws.deals[i];
            match col {
                "stage" => Key::N(ix.stage[i] as i128),
                "amount" => Key::N(d.amount.0 as i128),
                "probability" => Key::N(ws.probability(d) as i128),
                "expected" => day(d.expected_close),
                "next" => day(d.next_step.as_ref().and_then(|n| n.due)),
                "created" => day(Some(d.created)),
                _ => text_key(&d.title),
            }
        }),
    }
    pos
}

/// The deals of `order` (see [`deal_order`]) the filter and the search terms keep, in that order:
/// one pass, no sort.
pub fn filter_sorted(
    ws: &Workspace,
    ix: &DealIndex,
    f: &Filter,
    terms: &[String],
    order: &[usize],
) -> DealRows {
    let dense = ix.dense(f);
    let lower = |v: Vec<&str>| v.into_iter().map(str::to_lowercase).collect::<Vec<_>>();
    let (clients, sellers, stages) = if terms.is_empty() {
        Default::default()
    } else {
        (
            lower(ws.clients.iter().map(|c| c.name.as_str()).collect()),
            lower(ws.sellers.iter().map(|c| c.name.as_str()).collect()),
            lower(ws.stages.iter().map(|c| c.name.as_str()).collect()),
        )
    };
    let mut total = Money::ZERO;
    let mut pos = Vec::new();
    for &i in order {
        let Some(d) = ws.deals.get(i) else { continue };
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
    // A list is opened to be edited: its form's code is fetched now rather than on the click.
    prefetch_deal_form();
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let ctl = ListCtl::new("-created");
    let editing = RwSignal::new(None::<Option<DealId>>);
    let selected = RwSignal::new(HashSet::<DealId>::new());
    // Sorted once per workspace or sort change; a filter or search change filters this order.
    let order = Memo::new(move |_| {
        let (col, desc) = ctl.sort.get();
        let ix = app.index().get();
        app.ws()
            .with(|w| Shared(Arc::new(deal_order(w, &ix, &col, desc))))
    });
    let rows = Memo::new(move |_| {
        let terms = ctl.terms();
        let f = filter.get();
        let ix = app.index().get();
        app.ws()
            .with(|w| order.with(|o| Shared(Arc::new(filter_sorted(w, &ix, &f, &terms, o)))))
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

    // The page's rows as text, rebuilt on a change; the table's rows stay and take it in place.
    let lines = Memo::new(move |_| {
        let lang = i18n.lang();
        let range = ctl.window(total.get());
        app.ws().with(|ws| {
            rows.with(|r| {
                r.pos[range]
                    .iter()
                    .filter_map(|&i| ws.deals.get(i))
                    .map(|d| deal_line(ws, d, app.today(), lang))
                    .collect::<Vec<_>>()
            })
        })
    });
    let body = move || {
        view! {
            <For each=move || 0..lines.with(Vec::len) key=|at| *at let:at>
                <DealRowSlot lines=lines at=at selected=selected
                    on_open=Callback::new(move |id| editing.set(Some(Some(id))))/>
            </For>
        }
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
        {move || editing.get().map(|id| deal_form_view(id, Callback::new(move |_| editing.set(None))))}
    }
}

// The deal form (its fields, checks and save) is opened by a click on a deal or "Add deal", not
// by a visit: the split release build cuts it into a chunk of its own (`ui::lazy`), so the list's
// chunk stays under issue 16's 120 KB; the idle prefetch fetches it with the lists.
split_view! {
    /// The deal form for deal `id` (`None`: a new deal); in the split build, loaded on first use.
    pub(super) fn deal_form_view(id: Option<DealId>, on_close: Callback<()>), prefetch prefetch_deal_form,
        chunk data_deal_form, slot 54, build deal_form, preload preload_deal_form
        => view! { <DealForm id=id on_close=on_close/> }
}

/// What one row of the deal list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
struct DealLine {
    id: DealId,
    title: String,
    select_label: String,
    client: String,
    seller: String,
    stage: String,
    amount: String,
    probability: String,
    close: String,
    overdue: bool,
    next: String,
    next_done: bool,
    next_due: Option<String>,
    created: String,
}

fn deal_line(ws: &Workspace, d: &Deal, today: NaiveDate, lang: Lang) -> DealLine {
    let stage = ws.stage(d.stage);
    let open = stage.is_some_and(|s| s.kind == StageKind::Open);
    let next = d.next_step.as_ref();
    DealLine {
        id: d.id,
        title: d.title.clone(),
        select_label: fill(&tr(lang, "data.select_deal"), &[("name", d.title.clone())]),
        client: ws
            .client(d.client)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        seller: ws
            .seller(d.seller)
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        stage: stage.map(|s| s.name.clone()).unwrap_or_default(),
        amount: fmt::money(d.amount, &ws.currency, lang),
        probability: format!("{}\u{a0}%", ws.probability(d)),
        close: fmt::opt_date(d.expected_close, lang),
        overdue: open && d.expected_close.is_some_and(|e| e < today),
        next: next.map(|n| n.text.clone()).unwrap_or_default(),
        next_done: next.is_some_and(|n| n.done),
        next_due: next
            .and_then(|n| n.due)
            .map(|due| format!(" · {}", fmt::date(due, lang))),
        created: fmt::date(d.created, lang),
    }
}

/// Row `at` of the page of deals. Rows are keyed by position: a filter, search, sort or page
/// change shows other deals in the same rows, their text updated in place (issue 17: rebuilding
/// the page of rows took most of a 50 ms filter change at 10,000 deals).
#[component]
fn DealRowSlot(
    /// The page's rows.
    lines: Memo<Vec<DealLine>>,
    /// Which of them this row shows.
    at: usize,
    /// The deals ticked for bulk actions.
    selected: RwSignal<HashSet<DealId>>,
    /// Opens a deal's form.
    on_open: Callback<DealId>,
) -> impl IntoView {
    let i18n = use_i18n();
    let line = Memo::new(move |_| lines.with(|l| l.get(at).cloned()));
    let field = move |f: fn(&DealLine) -> String| {
        move || line.with(|l| l.as_ref().map(f).unwrap_or_default())
    };
    let flag = move |f: fn(&DealLine) -> bool| move || line.with(|l| l.as_ref().is_some_and(f));
    let id = Memo::new(move |_| line.with(|l| l.as_ref().map(|l| l.id)));
    let checked = move || {
        id.get()
            .is_some_and(|id| selected.with(|s| s.contains(&id)))
    };
    view! {
        <tr data-testid="deal-row" class:selected=checked>
            <td class="dcheckcol">
                <input type="checkbox" data-testid="deal-select" prop:checked=checked
                    aria-label=field(|l| l.select_label.clone())
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        if let Some(id) = id.get_untracked() {
                            selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                        }
                    } />
            </td>
            <th scope="row">
                <button type="button" class="link drow-open" id=field(|l| format!("open-deal-{}", l.id.0))
                    data-testid="deal-open"
                    on:click=move |_| if let Some(id) = id.get_untracked() { on_open.run(id) }>{field(|l| l.title.clone())}</button>
            </th>
            <td>{field(|l| l.client.clone())}</td>
            <td>{field(|l| l.seller.clone())}</td>
            <td>{field(|l| l.stage.clone())}</td>
            <td class="num">{field(|l| l.amount.clone())}</td>
            <td class="num">{field(|l| l.probability.clone())}</td>
            <td class="nowrap" class:overdue=flag(|l| l.overdue)>
                {field(|l| l.close.clone())}
                {move || flag(|l| l.overdue)().then(|| view! { <span class="badge overdue-badge">{i18n.t("deal_list.overdue")}</span> })}
            </td>
            <td class="dnext" class:done=flag(|l| l.next_done)>
                {field(|l| l.next.clone())}
                {move || line.with(|l| l.as_ref().and_then(|l| l.next_due.clone())).map(|due| view! { <span class="muted">{due}</span> })}
            </td>
            <td class="nowrap">{field(|l| l.created.clone())}</td>
        </tr>
    }
}
