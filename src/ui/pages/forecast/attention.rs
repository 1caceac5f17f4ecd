//! The attention tab: open deals that need a look, with the reasons, the thresholds, and the
//! count per seller.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use super::controls::{MineSelect, NoMatch};
use super::deals::{DealRow, EditedDeal, LIST_PAGE, NextStepEditor, deal_row};
use super::text::flag_text;
use super::url::{SortBy, effective_filter, mine_of, sort_of, thresholds_of};
use crate::domain::filter::Filter;
use crate::domain::forecast::{Flag, attention, attention_by_seller};
use crate::domain::{DealId, Money, SellerId, StageKind};
use crate::ui::fmt;
use crate::ui::i18n::{tr, use_i18n};
use crate::ui::pager::{Pager, ShowMore};
use crate::ui::state::{Shared, use_app};

/// One threshold input: a whole number in a range, kept in the URL under `key`; an empty value
/// restores the default. A bad value shows an error and changes nothing.
#[component]
pub(super) fn ThresholdInput(
    /// The URL query key holding the value.
    key: &'static str,
    /// Translation key of the label.
    label: &'static str,
    /// The smallest value accepted.
    min: u32,
    /// The largest value accepted.
    max: u32,
    /// The value in the URL, if any.
    value: Signal<Option<u32>>,
    /// Translation key of the text shown when empty (the default).
    #[prop(optional)]
    placeholder: Option<&'static str>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let err_id = format!("fth-{key}-error");
    let described = err_id.clone();
    view! {
        <label class="fc-threshold">
            <span>{move || i18n.t(label)}</span>
            <input type="number" inputmode="numeric" min=min.to_string() max=max.to_string() step="1"
                data-testid=format!("th-{key}")
                placeholder=move || placeholder.map(|p| i18n.t(p)).unwrap_or_default()
                aria-invalid=move || error.with(|e| e.is_some()).to_string()
                aria-describedby=described
                prop:value=move || value.get().map(|v| v.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let v = v.trim();
                    if v.is_empty() {
                        error.set(None);
                        app.set_query(key, None);
                        return;
                    }
                    match v.parse::<u32>() {
                        Ok(n) if (min..=max).contains(&n) => {
                            error.set(None);
                            app.set_query(key, Some(n.to_string()));
                        }
                        _ => error.set(Some(i18n.tf("forecast.thresholds.range", &[("min", min.to_string()), ("max", max.to_string())]))),
                    }
                }/>
            <span class="field-error" id=err_id role="alert">{move || error.get()}</span>
        </label>
    }
}

#[component]
pub(super) fn Thresholds() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let th = Memo::new(move |_| app.route().with(thresholds_of));
    view! {
        <details class="fc-thresholds" data-testid="fc-thresholds">
            <summary>{move || {
                let t = th.get();
                i18n.tf("forecast.thresholds.summary", &[
                    ("soon", t.closing_soon_days.to_string()),
                    ("p", t.low_probability.to_string()),
                    ("pct", t.big_deal_percentile.to_string()),
                    ("stall", t.stalled_days.map_or_else(|| i18n.t("forecast.thresholds.stage_rotting"), |d| d.to_string())),
                ])
            }}</summary>
            <div class="fc-controls">
                <ThresholdInput key="fsoon" label="forecast.thresholds.soon" min=0 max=365
                    value=Signal::derive(move || Some(th.get().closing_soon_days))/>
                <ThresholdInput key="flowp" label="forecast.thresholds.low_p" min=0 max=100
                    value=Signal::derive(move || Some(th.get().low_probability as u32))/>
                <ThresholdInput key="fbig" label="forecast.thresholds.big" min=1 max=100
                    value=Signal::derive(move || Some(th.get().big_deal_percentile as u32))/>
                <ThresholdInput key="fstall" label="forecast.thresholds.stalled" min=1 max=3650
                    placeholder="forecast.thresholds.stage_rotting"
                    value=Signal::derive(move || th.get().stalled_days)/>
                <button type="button" class="link" data-testid="th-reset" on:click=move |_| {
                    let r = app.route().get_untracked().with("fsoon", None).with("flowp", None).with("fbig", None).with("fstall", None);
                    app.navigate(r, true);
                }>{move || i18n.t("forecast.thresholds.reset")}</button>
            </div>
        </details>
    }
}

/// A row of the attention list: what it shows (reasons and next step are read reactively).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct AttnRow {
    pub(super) deal: DealRow,
    pub(super) seller_id: SellerId,
}

#[component]
pub(super) fn AttentionTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let th = Memo::new(move |_| app.route().with(thresholds_of));
    let mine = Memo::new(move |_| app.route().with(|r| app.ws().with(|ws| mine_of(r, ws))));
    let eff = Memo::new(move |_| effective_filter(&filter.get(), mine.get()));
    let flagged = Memo::new(move |_| {
        let f = eff.get();
        let t = th.get();
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(attention(ws, &ix, &f, app.today(), t))))
    });
    let reasons = Memo::new(move |_| {
        let list = flagged.get();
        app.ws().with(|ws| {
            Shared(Arc::new(
                list.iter()
                    .filter_map(|f| ws.deals.get(f.deal).map(|d| (d.id, f.reasons.clone())))
                    .collect::<HashMap<DealId, Vec<Flag>>>(),
            ))
        })
    });
    let per_seller = Memo::new(move |_| {
        let list = flagged.get();
        let ix = app.index().get();
        app.ws().with(|ws| attention_by_seller(ws, &ix, &list))
    });
    let sort = Memo::new(move |_| app.route().with(sort_of));
    let order = Memo::new(move |_| {
        let list = flagged.get();
        let (key, desc) = sort.get();
        app.ws().with(|ws| {
            let mut v: Vec<usize> = list.iter().map(|f| f.deal).collect();
            let amount = |i: usize| ws.deals.get(i).map_or(Money::ZERO, |d| d.amount);
            match key {
                SortBy::Amount => v.sort_by_key(|&i| amount(i)),
                // Undated deals go last either way.
                SortBy::Close => v.sort_by_key(|&i| {
                    ws.deals
                        .get(i)
                        .and_then(|d| d.expected_close)
                        .map_or((1, NaiveDate::MAX), |d| (0, d))
                }),
                SortBy::Seller => {
                    // Names looked up once per seller, not per comparison.
                    let names: Vec<String> =
                        ws.sellers.iter().map(|s| s.name.to_lowercase()).collect();
                    let ix = app.index().get();
                    let name = |i: usize| {
                        ix.seller
                            .get(i)
                            .and_then(|&s| names.get(s as usize))
                            .map_or("", |n| n.as_str())
                    };
                    v.sort_by(|&a, &b| name(a).cmp(name(b)).then(amount(b).cmp(&amount(a))));
                }
            }
            if desc {
                match key {
                    SortBy::Close => {
                        let undated = v
                            .iter()
                            .filter(|&&i| {
                                ws.deals.get(i).is_some_and(|d| d.expected_close.is_none())
                            })
                            .count();
                        let dated = v.len() - undated;
                        v[..dated].reverse();
                    }
                    _ => v.reverse(),
                }
            }
            v
        })
    });
    let pager = Pager::new(LIST_PAGE, LIST_PAGE, || ());
    let rows = Memo::new(move |_| {
        let lang = i18n.lang();
        let n = pager.shown();
        app.ws().with(|ws| {
            order.with(|o| {
                o.iter()
                    .take(n)
                    .filter_map(|&i| {
                        let deal = deal_row(ws, i, app.today(), lang)?;
                        Some(AttnRow {
                            seller_id: ws.deals[i].seller,
                            deal,
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let open_count = Memo::new(move |_| {
        let f = eff.get();
        let ix = app.index().get();
        app.ws().with(|ws| {
            let dense = ix.dense(&f);
            (0..ws.deals.len())
                .filter(|&i| {
                    dense.selects(&ix, i)
                        && ws
                            .stages
                            .get(ix.stage[i] as usize)
                            .is_some_and(|s| s.kind == StageKind::Open)
                })
                .count()
        })
    });
    // Which of the three states the tab shows: read by the view instead of `flagged` itself, so
    // a filter change that keeps the list on screen updates its rows in place rather than
    // rebuilding the table (issue 17).
    let shown = Memo::new(move |_| {
        if open_count.get() == 0 {
            AttnShown::NoOpen
        } else if flagged.with(|f| f.is_empty()) {
            AttnShown::NoneFlagged
        } else {
            AttnShown::List
        }
    });
    let set_sort = move |k: SortBy| {
        let (cur, desc) = sort.get_untracked();
        let next_desc = if cur == k { !desc } else { k == SortBy::Amount };
        let v = format!("{}_{}", k.slug(), if next_desc { "desc" } else { "asc" });
        app.set_query("fasort", (v != "amount_desc").then_some(v));
    };
    let sort_head = move |k: SortBy, label: &'static str, num: bool| {
        let aria = move || {
            let (cur, desc) = sort.get();
            if cur != k {
                "none"
            } else if desc {
                "descending"
            } else {
                "ascending"
            }
        };
        view! {
            <th scope="col" class:num=num aria-sort=aria>
                <button type="button" class="fc-sort" data-testid=format!("fasort-{}", k.slug()) on:click=move |_| set_sort(k)>
                    {move || i18n.t(label)}
                    <span aria-hidden="true">{move || {
                        let (cur, desc) = sort.get();
                        if cur != k { " ↕" } else if desc { " ↓" } else { " ↑" }
                    }}</span>
                </button>
            </th>
        }
    };

    view! {
        <section class="card" aria-labelledby="fc-attn-title">
            <div class="fc-toolbar">
                <h2 id="fc-attn-title">{move || i18n.t("forecast.attention.title")}</h2>
                <MineSelect/>
            </div>
            <Thresholds/>
            {move || match shown.get() {
                AttnShown::NoOpen => view! { <NoMatch text=Signal::derive(move || i18n.t("forecast.attention.no_open")) test_id="attention-no-match"/> }.into_any(),
                AttnShown::NoneFlagged => view! { <p class="empty" data-testid="attention-none">{i18n.t("forecast.attention.none")}</p> }.into_any(),
                AttnShown::List => view! {
                    <div class="fc-attn-grid">
                        <PerSellerCounts per_seller=per_seller mine=mine filter=filter/>
                        <div class="fc-attn-main">
                            <p class="muted" data-testid="attention-count">{move || {
                                let lang = i18n.lang();
                                let n = flagged.with(|f| f.len());
                                i18n.tf("forecast.attention.count", &[("n", fmt::count(n, lang)), ("open", fmt::count(open_count.get(), lang))])
                            }}</p>
                            <div class="fc-scroll">
                            <table class="grid fc-attn-table" data-testid="attention-table">
                                <caption class="sr-only">{move || i18n.t("forecast.attention.caption")}</caption>
                                <thead><tr>
                                    <th scope="col">{move || i18n.t("deal_list.deal")}</th>
                                    {sort_head(SortBy::Seller, "filter.seller", false)}
                                    <th scope="col">{move || i18n.t("common.stage")}</th>
                                    {sort_head(SortBy::Amount, "common.amount", true)}
                                    {sort_head(SortBy::Close, "deal_list.expected_close", false)}
                                    <th scope="col">{move || i18n.t("forecast.attention.reasons")}</th>
                                    <th scope="col">{move || i18n.t("deal_list.next_step")}</th>
                                </tr></thead>
                                <tbody>
                                    <For each=move || 0..rows.with(Vec::len) key=|at| *at let:at>
                                        <AttentionRow rows=rows at=at reasons=reasons/>
                                    </For>
                                </tbody>
                            </table>
                            </div>
                            <ShowMore pager=pager total=Signal::derive(move || order.with(Vec::len)) test_id="attention-more"/>
                        </div>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

/// What the attention tab shows under its controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AttnShown {
    /// The filter leaves no open deal.
    NoOpen,
    /// Open deals, none flagged.
    NoneFlagged,
    /// The flagged deals.
    List,
}

/// Row `at` of the attention list: one flagged deal, its figures, why it needs attention, and its
/// next-step editor. Keyed by position, so a filter or sort change updates the rows in place.
#[component]
pub(super) fn AttentionRow(
    /// The listed rows.
    rows: Memo<Vec<AttnRow>>,
    /// Which of them this row shows.
    at: usize,
    /// Every listed deal's flags (kept current as edits change them).
    reasons: Memo<Shared<HashMap<DealId, Vec<Flag>>>>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let row = Memo::new(move |_| rows.with(|r| r.get(at).cloned()));
    let flags = Memo::new(move |_| {
        let id = row.with(|r| r.as_ref().map(|r| r.deal.id));
        id.and_then(|id| reasons.with(|m| m.get(&id).cloned()))
            .unwrap_or_default()
    });
    let field = move |f: fn(&AttnRow) -> String| {
        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    let overdue = move || row.with(|r| r.as_ref().is_some_and(|r| r.deal.overdue));
    let deal = Memo::new(move |_| row.with(|r| r.as_ref().map(|r| EditedDeal::of(&r.deal))));
    let edited = Signal::derive(move || deal.get().unwrap_or_else(EditedDeal::none));
    view! {
        <tr data-testid="attention-row" data-deal=field(|r| r.deal.id.0.to_string()) data-seller=field(|r| r.seller_id.0.to_string())
            data-amount=field(|r| r.deal.amount.0.to_string())
            data-reasons=move || flags.with(|f| f.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" "))>
            <td><span class="fc-deal-title">{field(|r| r.deal.title.clone())}</span><span class="fc-sub">{field(|r| r.deal.client.clone())}</span></td>
            <td>{field(|r| r.deal.seller.clone())}</td>
            <td>{field(|r| r.deal.stage.clone())}</td>
            <td class="num">{field(|r| r.deal.amount_text.clone())}</td>
            <td class:overdue=overdue>{field(|r| r.deal.close.clone())}</td>
            <td>
                <ul class="fc-reasons" data-testid="attention-reasons">
                    {move || {
                        let l = i18n.lang();
                        app.ws().with(|ws| flags.get().into_iter().map(|f| view! {
                            <li class=format!("fc-reason fc-reason-{}", f.as_str()) data-reason=f.as_str()>{flag_text(f, ws, l)}</li>
                        }).collect_view())
                    }}
                </ul>
            </td>
            <td><NextStepEditor deal=edited/></td>
        </tr>
    }
}

/// Flagged deals per seller, as bars; a seller's name opens their own view.
#[component]
pub(super) fn PerSellerCounts(
    /// (seller position, flagged deals) per seller.
    per_seller: Memo<Vec<(usize, usize)>>,
    /// The seller whose own view is open, if any.
    mine: Memo<Option<SellerId>>,
    /// The filter bar's filter (its seller is marked too).
    filter: Memo<Filter>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    view! {
        <section class="fc-per-seller" aria-labelledby="fc-per-seller-title">
            <h3 id="fc-per-seller-title">{move || i18n.t("forecast.attention.per_seller")}</h3>
            <ul class="fc-counts" data-testid="attention-per-seller">
                {move || {
                    let lang = i18n.lang();
                    let only = mine.get().or(filter.with(|f| f.seller));
                    let list = per_seller.get();
                    let max = list.iter().map(|x| x.1).max().unwrap_or(0).max(1);
                    app.ws().with(|ws| list.into_iter().filter_map(|(s, n)| {
                        let seller = ws.sellers.get(s)?;
                        if only.is_some_and(|o| o != seller.id) { return None; }
                        let id = seller.id;
                        let selected = mine.get() == Some(id);
                        let title = crate::ui::i18n::fill(&tr(lang, "forecast.mine.open"), &[("name", seller.name.clone())]);
                        Some(view! {
                            <li class:selected=selected data-testid="attention-seller-row" data-seller=id.0.to_string()>
                                <button type="button" class="fc-count" title=title aria-pressed=selected.to_string()
                                    on:click=move |_| app.set_query("fmine", (!selected).then(|| id.0.to_string()))>
                                    <span class="fc-count-name">{seller.name.clone()}</span>
                                    <span class="fc-count-bar" aria-hidden="true">
                                        <span class="fc-bar" style=format!("width:{}%", n * 100 / max)></span>
                                    </span>
                                    <span class="fc-count-n">{fmt::count(n, lang)}</span>
                                </button>
                            </li>
                        })
                    }).collect_view())
                }}
            </ul>
        </section>
    }
}
