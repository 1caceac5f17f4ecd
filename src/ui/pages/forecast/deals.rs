//! Editable deal rows (forecast category and next step, saved at once through the undo stack)
//! and the forecast's deal list.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use super::text::{category_name, period_label};
use super::url::Listed;
use crate::domain::forecast::{
    ForecastReport, ForecastSlot, ForecastSpec, forecast_deals_of, next_step_overdue,
    open_deals_by_close, set_deal_forecast_category, set_deal_next_step,
};
use crate::domain::{Deal, DealId, ForecastCategory, Lang, Money, NextStep, StageKind, Workspace};
use crate::ui::deal_list::DealList;
use crate::ui::fmt;
use crate::ui::i18n::use_i18n;
use crate::ui::pager::{Pager, ShowMore};
use crate::ui::route::parse_date;
use crate::ui::state::{AppState, Shared, now_millis, use_app};

/// Rows rendered per page of a long list ("show more" adds as many).
pub(super) const LIST_PAGE: usize = 50;

/// Makes one edit through the app's undoable path: on a copy of the workspace, kept only when
/// `edit` reports a change (so a refused or empty edit changes nothing and records no undo step).
pub(super) fn apply(app: AppState, label: String, edit: impl FnOnce(&mut Workspace) -> bool) {
    let _ = app.change(label, |ws| if edit(ws) { Ok(()) } else { Err(()) });
}

/// Makes one edit of deal `id` through the app's undoable path, in place: on a copy of that deal
/// alone, kept only when `edit` reports a change.
pub(super) fn apply_to_deal(
    app: AppState,
    label: String,
    id: DealId,
    edit: impl FnOnce(&mut Deal) -> bool,
) {
    let _ = app.change_deal(label, id, |d| if edit(d) { Ok(()) } else { Err(()) });
}

/// A row of an editable deal list: what it shows, so a changed deal gets a fresh row.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct DealRow {
    pub(super) id: DealId,
    pub(super) pos: usize,
    pub(super) title: String,
    pub(super) client: String,
    pub(super) seller: String,
    pub(super) stage: String,
    pub(super) stage_category: ForecastCategory,
    pub(super) amount: Money,
    pub(super) amount_text: String,
    pub(super) close: String,
    pub(super) overdue: bool,
    pub(super) probability: u8,
    pub(super) lang: Lang,
}

pub(super) fn deal_row(
    ws: &Workspace,
    pos: usize,
    today: NaiveDate,
    lang: Lang,
) -> Option<DealRow> {
    let d = ws.deals.get(pos)?;
    let stage = ws.stage(d.stage);
    let open = stage.is_some_and(|s| s.kind == StageKind::Open);
    Some(DealRow {
        id: d.id,
        pos,
        title: d.title.clone(),
        client: ws
            .client(d.client)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        seller: ws
            .seller(d.seller)
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        stage: stage.map(|s| s.name.clone()).unwrap_or_default(),
        stage_category: stage.map_or(ForecastCategory::Pipeline, |s| s.forecast_category),
        amount: d.amount,
        amount_text: fmt::money(d.amount, &ws.currency, lang),
        close: fmt::opt_date(d.expected_close, lang),
        overdue: open && d.expected_close.is_some_and(|e| e < today),
        probability: ws.probability(d),
        lang,
    })
}

/// The deal at `pos` if it is still deal `id` (positions can move after an import).
pub(super) fn deal_at(ws: &Workspace, pos: usize, id: DealId) -> Option<&crate::domain::Deal> {
    if pos == EditedDeal::NO_POS {
        return None;
    }
    match ws.deals.get(pos) {
        Some(d) if d.id == id => Some(d),
        _ => ws.deal(id),
    }
}

/// The open deals behind the forecast (the horizon or one period) with a category select and a
/// next-step editor on each row; or, for overdue / undated / beyond-horizon deals, the plain list.
#[component]
pub(super) fn ForecastDeals(
    /// The horizon.
    spec: Memo<ForecastSpec>,
    /// The forecast the deals come from.
    report: Memo<Shared<ForecastReport>>,
    /// Which deals are listed (a period, the horizon, or a callout), or none.
    listed: Memo<Listed>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let slot = Memo::new(move |_| match listed.get() {
        Listed::Open(s) | Listed::Apart(s) => s,
    });
    // The open deals sorted once per workspace change (soonest first, then the biggest); a
    // filter change filters this order instead of sorting again (issue 17).
    let by_close = Memo::new(move |_| {
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(open_deals_by_close(ws, &ix))))
    });
    let deals = Memo::new(move |_| {
        let f = filter.get();
        let s = spec.get();
        let sl = slot.get();
        let ix = app.index().get();
        app.ws().with(|ws| {
            by_close.with(|o| forecast_deals_of(ws, &ix, &f, app.today(), s, sl, o.iter().copied()))
        })
    });
    // Another period's list starts from its first page.
    let pager = Pager::new(LIST_PAGE, LIST_PAGE, move || slot.track());
    let rows = Memo::new(move |_| {
        let lang = i18n.lang();
        let n = pager.shown();
        app.ws().with(|ws| {
            deals.with(|d| {
                d.iter()
                    .take(n)
                    .filter_map(|&i| deal_row(ws, i, app.today(), lang))
                    .collect::<Vec<_>>()
            })
        })
    });
    let title = Signal::derive(move || {
        let lang = i18n.lang();
        match slot.get() {
            ForecastSlot::Horizon => i18n.t("forecast.deals.horizon"),
            ForecastSlot::Period(b) => report.with(|r| {
                r.periods
                    .get(b)
                    .map(|p| {
                        i18n.tf(
                            "forecast.deals.period",
                            &[("period", period_label(p, lang))],
                        )
                    })
                    .unwrap_or_default()
            }),
            ForecastSlot::Overdue => i18n.t("forecast.deals.overdue"),
            ForecastSlot::Undated => i18n.t("forecast.deals.undated"),
            ForecastSlot::Outside => i18n.t("forecast.deals.outside"),
        }
    });
    let summary = move || {
        let lang = i18n.lang();
        let n = deals.with(|d| d.len());
        let (sum, cur) = app.ws().with(|ws| {
            (
                deals.with(|d| {
                    d.iter()
                        .filter_map(|&i| ws.deals.get(i))
                        .map(|d| d.amount)
                        .sum::<Money>()
                }),
                ws.currency.clone(),
            )
        });
        i18n.tf(
            "deal_list.summary",
            &[
                ("count", fmt::count(n, lang)),
                ("amount", fmt::money(sum, &cur, lang)),
            ],
        )
    };
    let pick = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        app.set_query("fper", (v != "all").then_some(v));
    };
    let select_value = move || match slot.get() {
        ForecastSlot::Period(b) => b.to_string(),
        _ => "all".to_string(),
    };

    move || {
        match listed.get() {
            Listed::Apart(_) => view! {
                <DealList deals=Signal::derive(move || deals.get()) title=title
                    on_close=Callback::new(move |_| app.set_query("fper", None))/>
            }.into_any(),
            Listed::Open(_) => view! {
                <section class="card" data-testid="fc-deals" aria-labelledby="fc-deals-title">
                    <div class="fc-toolbar">
                        <h2 id="fc-deals-title" data-testid="fc-deals-title">{move || title.get()}</h2>
                        <label class="fc-inline">
                            <span>{move || i18n.t("forecast.deals.show")}</span>
                            <select data-testid="fper" prop:value=select_value on:change=pick>
                                <option value="all">{move || i18n.t("forecast.deals.all_periods")}</option>
                                {move || {
                                    let lang = i18n.lang();
                                    report.with(|r| r.periods.iter().enumerate().map(|(b, p)| view! {
                                        <option value=b.to_string() selected=select_value() == b.to_string()>{period_label(p, lang)}</option>
                                    }).collect_view())
                                }}
                            </select>
                        </label>
                        <span class="muted" data-testid="fc-deals-count">{summary}</span>
                    </div>
                    <p class="help">{move || i18n.t("forecast.deals.help")}</p>
                    {move || deals.with(|d| d.is_empty()).then(|| view! { <p class="empty">{i18n.t("forecast.deals.none")}</p> })}
                    <div class="fc-scroll">
                    <table class="grid fc-deal-table" data-testid="fc-deal-table">
                        <caption class="sr-only">{move || title.get()}</caption>
                        <thead><tr>
                            <th scope="col">{move || i18n.t("deal_list.deal")}</th>
                            <th scope="col">{move || i18n.t("filter.seller")}</th>
                            <th scope="col">{move || i18n.t("common.stage")}</th>
                            <th scope="col" class="num">{move || i18n.t("common.amount")}</th>
                            <th scope="col">{move || i18n.t("deal_list.expected_close")}</th>
                            <th scope="col">{move || i18n.t("forecast.col.category")}</th>
                            <th scope="col">{move || i18n.t("deal_list.next_step")}</th>
                        </tr></thead>
                        <tbody>
                            <For each=move || 0..rows.with(Vec::len) key=|at| *at let:at>
                                <OpenDealSlot rows=rows at=at/>
                            </For>
                        </tbody>
                    </table>
                    </div>
                    <ShowMore pager=pager total=Signal::derive(move || deals.with(Vec::len)) test_id="fc-deals-more"/>
                </section>
            }.into_any(),
    }
    }
}

/// The deal an editor edits: a row slot shows different deals as the filter changes, so the
/// editors follow it reactively instead of being rebuilt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct EditedDeal {
    pub(super) id: DealId,
    /// Its position in the workspace's deal list (checked against `id`).
    pub(super) pos: usize,
    /// The deal's title, for the labels and the undo entries.
    pub(super) title: String,
    /// The category its stage gives when it has no override.
    pub(super) stage_category: ForecastCategory,
}

impl EditedDeal {
    /// No deal (a row slot past the end of its list, about to be removed): edits find nothing.
    const NO_POS: usize = usize::MAX;

    pub(super) fn none() -> Self {
        EditedDeal {
            id: DealId(0),
            pos: Self::NO_POS,
            title: String::new(),
            stage_category: ForecastCategory::Pipeline,
        }
    }

    pub(super) fn of(row: &DealRow) -> Self {
        EditedDeal {
            id: row.id,
            pos: row.pos,
            title: row.title.clone(),
            stage_category: row.stage_category,
        }
    }
}

/// Row `at` of the forecast's deal list. The rows are keyed by position, not by deal: a filter
/// change puts other deals in the same rows, updating text, select and editor in place instead of
/// replacing ~1,000 DOM nodes (issue 17: 107–206 ms per change at 10,000 deals before).
#[component]
pub(super) fn OpenDealSlot(
    /// The listed rows.
    rows: Memo<Vec<DealRow>>,
    /// Which of them this row shows.
    at: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let row = Memo::new(move |_| rows.with(|r| r.get(at).cloned()));
    let field = move |f: fn(&DealRow) -> String| {
        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    let flag = move |f: fn(&DealRow) -> bool| move || row.with(|r| r.as_ref().is_some_and(f));
    let deal = Memo::new(move |_| row.with(|r| r.as_ref().map(EditedDeal::of)));
    let edited = Signal::derive(move || deal.get().unwrap_or_else(EditedDeal::none));
    view! {
        <tr data-testid="fc-deal-row" data-deal=field(|r| r.id.0.to_string())
            data-amount=field(|r| r.amount.0.to_string())
            data-stage-category=field(|r| r.stage_category.as_str().to_string())>
            <td><span class="fc-deal-title">{field(|r| r.title.clone())}</span><span class="fc-sub">{field(|r| r.client.clone())}</span></td>
            <td>{field(|r| r.seller.clone())}</td>
            <td>{field(|r| r.stage.clone())}</td>
            <td class="num">
                {field(|r| r.amount_text.clone())}
                <span class="fc-sub" title=move || i18n.t("deal_list.probability")>
                    {field(|r| format!("p\u{a0}=\u{a0}{}\u{a0}%", r.probability))}
                </span>
            </td>
            <td class:overdue=flag(|r| r.overdue)>
                {field(|r| r.close.clone())}
                {move || flag(|r| r.overdue)().then(|| view! { <span class="badge overdue-badge">{i18n.t("deal_list.overdue")}</span> })}
            </td>
            <td><CategorySelect deal=edited/></td>
            <td><NextStepEditor deal=edited/></td>
        </tr>
    }
}

/// A deal's forecast category: its override, or "(stage default)".
#[component]
pub(super) fn CategorySelect(
    /// The deal (the row's current one).
    deal: Signal<EditedDeal>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let current = Memo::new(move |_| {
        let d = deal.get();
        app.ws()
            .with(|ws| deal_at(ws, d.pos, d.id).and_then(|d| d.forecast_category))
    });
    let label =
        move || deal.with(|d| i18n.tf("forecast.category.label", &[("deal", d.title.clone())]));
    let on_change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let cat = ForecastCategory::ALL.into_iter().find(|c| c.as_str() == v);
        let d = deal.get_untracked();
        if d.pos == EditedDeal::NO_POS {
            return;
        }
        let undo_label = i18n.tf("forecast.undo.category", &[("deal", d.title.clone())]);
        apply_to_deal(app, undo_label, d.id, |deal| {
            set_deal_forecast_category(deal, cat, now_millis())
        });
    };
    let stage_category = move || deal.with(|d| d.stage_category);
    view! {
        <select class="fc-category" data-testid="fc-category" aria-label=label on:change=on_change
            prop:value=move || current.get().map_or("", |c| c.as_str())
            class:overridden=move || current.get().is_some()>
            <option value="">{move || i18n.tf("forecast.category.stage_default", &[("category", category_name(stage_category(), i18n.lang()))])}</option>
            {ForecastCategory::ALL.into_iter().map(|c| view! {
                <option value=c.as_str() selected=move || current.get() == Some(c)>{move || category_name(c, i18n.lang())}</option>
            }).collect_view()}
        </select>
    }
}

/// A deal's next step, edited in place: done, text and due date; each change is saved at once.
#[component]
pub(super) fn NextStepEditor(
    /// The deal (the row's current one).
    deal: Signal<EditedDeal>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let step = Memo::new(move |_| {
        let d = deal.get();
        app.ws()
            .with(|ws| deal_at(ws, d.pos, d.id).and_then(|d| d.next_step.clone()))
    });
    let commit = move |change: &dyn Fn(&mut NextStep)| {
        let mut s = step.get_untracked().unwrap_or(NextStep {
            text: String::new(),
            due: None,
            done: false,
        });
        change(&mut s);
        s.text = s.text.trim().to_string();
        let next = (!s.text.is_empty() || s.due.is_some()).then_some(s);
        let d = deal.get_untracked();
        if d.pos == EditedDeal::NO_POS {
            return;
        }
        let undo_label = i18n.tf("forecast.undo.next_step", &[("deal", d.title)]);
        apply_to_deal(app, undo_label, d.id, |deal| {
            set_deal_next_step(deal, next, now_millis())
        });
    };
    let overdue = move || {
        step.with(|s| {
            s.as_ref()
                .is_some_and(|s| next_step_overdue(s, app.today()))
        })
    };
    let title = move || deal.with(|d| d.title.clone());
    view! {
        <div class="fc-step" data-testid="next-step" class:done=move || step.with(|s| s.as_ref().is_some_and(|s| s.done))>
            <input type="checkbox" data-testid="next-step-done"
                aria-label=move || i18n.tf("forecast.step.done_label", &[("deal", title())])
                prop:checked=move || step.with(|s| s.as_ref().is_some_and(|s| s.done))
                prop:disabled=move || step.with(|s| s.is_none())
                on:change=move |ev| {
                    let done = event_target_checked(&ev);
                    commit(&|s| s.done = done);
                    if done {
                        app.notify(i18n.tf("forecast.step.marked_done", &[("deal", title())]));
                    }
                }/>
            <input type="text" class="fc-step-text" data-testid="next-step-text" maxlength="500"
                placeholder=move || i18n.t("forecast.step.placeholder")
                aria-label=move || i18n.tf("forecast.step.text_label", &[("deal", title())])
                prop:value=move || step.with(|s| s.as_ref().map(|s| s.text.clone()).unwrap_or_default())
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    commit(&|s| s.text = text.clone());
                }/>
            <input type="date" class="fc-step-due" data-testid="next-step-due" class:overdue=overdue
                aria-label=move || i18n.tf("forecast.step.due_label", &[("deal", title())])
                prop:value=move || step.with(|s| s.as_ref().and_then(|s| s.due).map(|d| d.to_string()).unwrap_or_default())
                on:change=move |ev| {
                    let due = parse_date(&event_target_value(&ev));
                    commit(&|s| s.due = due);
                }/>
            {move || overdue().then(|| view! { <span class="badge overdue-badge">{i18n.t("forecast.step.overdue")}</span> })}
        </div>
    }
}
