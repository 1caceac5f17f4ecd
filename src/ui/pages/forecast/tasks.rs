//! The next-steps tab: every seller's open next steps, overdue first.

use std::sync::Arc;

use leptos::prelude::*;

use super::controls::{MineSelect, NoMatch};
use super::deals::{DealRow, EditedDeal, LIST_PAGE, NextStepEditor, deal_row};
use super::url::{effective_filter, mine_of};
use crate::domain::SellerId;
use crate::domain::forecast::{next_step_overdue, tasks};
use crate::ui::fmt;
use crate::ui::i18n::use_i18n;
use crate::ui::pager::{Pager, ShowMore};
use crate::ui::state::{Shared, use_app};

/// Tasks shown per seller while every seller's list is on screen.
pub(super) const TASK_PREVIEW: usize = 5;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct TaskRow {
    pub(super) deal: DealRow,
    pub(super) due: String,
    pub(super) overdue: bool,
}

#[component]
pub(super) fn TasksTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let mine = Memo::new(move |_| app.route().with(|r| app.ws().with(|ws| mine_of(r, ws))));
    let list = Memo::new(move |_| {
        let f = effective_filter(&filter.get(), mine.get());
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(tasks(ws, &ix, &f, app.today(), None))))
    });
    // Per seller (workspace order), each keeping the list's order: overdue first, then by due date.
    let groups = Memo::new(move |_| {
        let l = list.get();
        let ix = app.index().get();
        app.ws().with(|ws| {
            let mut by: Vec<Vec<usize>> = vec![Vec::new(); ws.sellers.len()];
            for &i in l.iter() {
                if let Some(g) = ix.seller.get(i).and_then(|&s| by.get_mut(s as usize)) {
                    g.push(i);
                }
            }
            by.into_iter()
                .enumerate()
                .filter(|(_, g)| !g.is_empty())
                .map(|(s, g)| (ws.sellers[s].id, g))
                .collect::<Vec<_>>()
        })
    });
    let seller_ids =
        Memo::new(move |_| groups.with(|g| g.iter().map(|(s, _)| *s).collect::<Vec<_>>()));
    // Read by the view instead of `groups`, so a filter change keeps the seller groups (keyed)
    // and their rows (updated in place) instead of rebuilding them all (issue 17).
    let none = Memo::new(move |_| seller_ids.with(Vec::is_empty));
    view! {
        <section class="card" aria-labelledby="fc-tasks-title">
            <div class="fc-toolbar">
                <h2 id="fc-tasks-title">{move || i18n.t("forecast.tasks.title")}</h2>
                <MineSelect/>
            </div>
            {move || {
                if none.get() {
                    return view! { <NoMatch text=Signal::derive(move || i18n.t("forecast.tasks.none")) test_id="tasks-none"/> }.into_any();
                }
                view! {
                    <For each=move || 0..seller_ids.with(Vec::len) key=|at| *at let:at>
                        <SellerTasks at=at groups=groups/>
                    </For>
                }.into_any()
            }}
        </section>
    }
}

/// Group `at` of the task list: one seller's open deals with their next steps. Groups are keyed
/// by position, so a filter change shows another seller in the same group, its rows updated in
/// place (issue 17), instead of removing one group and building another.
#[component]
pub(super) fn SellerTasks(
    /// Which group this is.
    at: usize,
    /// Every seller's deals (positions in the workspace), as listed.
    groups: Memo<Vec<(SellerId, Vec<usize>)>>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let seller = Memo::new(move |_| groups.with(|g| g.get(at).map_or(SellerId(0), |(s, _)| *s)));
    let deals =
        Memo::new(move |_| groups.with(|g| g.get(at).map(|(_, d)| d.clone()).unwrap_or_default()));
    // With every seller on screen, each shows its most urgent few ("show more" adds a page), so
    // the head sees everyone's overdue steps at once and a big team stays quick to draw.
    let several = Memo::new(move |_| groups.with(|g| g.len() > 1));
    let first = Signal::derive(move || {
        if several.get() {
            TASK_PREVIEW
        } else {
            LIST_PAGE
        }
    });
    // Another seller, or alone after being one of several: the group starts from its first page.
    let pager = Pager::with_first(first, LIST_PAGE, move || {
        seller.track();
        several.track();
    });
    let rows = Memo::new(move |_| {
        let lang = i18n.lang();
        let n = pager.shown();
        app.ws().with(|ws| {
            deals.with(|d| {
                d.iter()
                    .take(n)
                    .filter_map(|&i| {
                        let deal = deal_row(ws, i, app.today(), lang)?;
                        let step = ws.deals[i].next_step.as_ref()?;
                        Some(TaskRow {
                            due: fmt::opt_date(step.due, lang),
                            overdue: next_step_overdue(step, app.today()),
                            deal,
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let name = move || {
        let seller = seller.get();
        app.ws().with(|ws| {
            ws.seller(seller)
                .map(|s| s.name.clone())
                .unwrap_or_default()
        })
    };
    let head_id = move || format!("fc-tasks-{}", seller.get().0);
    view! {
        <section class="fc-task-group" data-testid="task-group" data-seller=move || seller.get().0.to_string() aria-labelledby=head_id>
            <h3 id=head_id>
                {name}
                <span class="muted fc-task-count">{move || {
                    let lang = i18n.lang();
                    let n = deals.with(|d| d.len());
                    let overdue = app.ws().with(|ws| deals.with(|d| d.iter().filter(|&&i| ws.deals.get(i).and_then(|x| x.next_step.as_ref()).is_some_and(|s| next_step_overdue(s, app.today()))).count()));
                    i18n.tf("forecast.tasks.count", &[("n", fmt::count(n, lang)), ("overdue", fmt::count(overdue, lang))])
                }}</span>
            </h3>
            <div class="fc-scroll">
            <table class="grid fc-task-table" data-testid="task-table">
                <caption class="sr-only">{move || i18n.tf("forecast.tasks.caption", &[("name", name())])}</caption>
                <thead><tr>
                    <th scope="col">{move || i18n.t("forecast.tasks.due")}</th>
                    <th scope="col">{move || i18n.t("deal_list.deal")}</th>
                    <th scope="col">{move || i18n.t("common.stage")}</th>
                    <th scope="col" class="num">{move || i18n.t("common.amount")}</th>
                    <th scope="col">{move || i18n.t("deal_list.next_step")}</th>
                </tr></thead>
                <tbody>
                    <For each=move || 0..rows.with(Vec::len) key=|at| *at let:at>
                        <TaskSlot rows=rows at=at/>
                    </For>
                </tbody>
            </table>
            </div>
            <ShowMore pager=pager total=Signal::derive(move || deals.with(Vec::len))/>
        </section>
    }
}

/// Row `at` of a seller's task list. Keyed by position: a filter change puts other deals in the
/// same rows, updated in place (text and next-step editor) instead of rebuilt.
#[component]
fn TaskSlot(
    /// The listed rows.
    rows: Memo<Vec<TaskRow>>,
    /// Which of them this row shows.
    at: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let row = Memo::new(move |_| rows.with(|r| r.get(at).cloned()));
    let field = move |f: fn(&TaskRow) -> String| {
        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    let overdue = move || row.with(|r| r.as_ref().is_some_and(|r| r.overdue));
    let deal = Memo::new(move |_| row.with(|r| r.as_ref().map(|r| EditedDeal::of(&r.deal))));
    let edited = Signal::derive(move || deal.get().unwrap_or_else(EditedDeal::none));
    view! {
        <tr data-testid="task-row" data-deal=field(|r| r.deal.id.0.to_string()) class:fc-task-overdue=overdue>
            <td class:overdue=overdue>
                {field(|r| r.due.clone())}
                {move || overdue().then(|| view! { <span class="badge overdue-badge">{i18n.t("deal_list.overdue")}</span> })}
            </td>
            <td><span class="fc-deal-title">{field(|r| r.deal.title.clone())}</span><span class="fc-sub">{field(|r| r.deal.client.clone())}</span></td>
            <td>{field(|r| r.deal.stage.clone())}</td>
            <td class="num">{field(|r| r.deal.amount_text.clone())}</td>
            <td><NextStepEditor deal=edited/></td>
        </tr>
    }
}
