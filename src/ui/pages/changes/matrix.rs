//! The stage-movement matrix (from-stage × to-stage, with won, lost and left; an "entered" row),
//! the deals that slipped, and how long snapshots are kept.

use leptos::prelude::*;

use super::common::csv_label;
use super::since::Open;
use crate::domain::changes::{Changes, Exit, History, MatrixCell, slipped};
use crate::domain::{Lang, Money, StageId, Workspace};
use crate::format::changes_csv;
use crate::storage::SNAPSHOT_WEEKS_CHOICES;
use crate::ui::deal_list::PAGE_SIZE;
use crate::ui::download::save_csv;
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::snapshots::use_snapshots;
use crate::ui::state::{Shared, use_app};

pub fn exit_code(e: Exit) -> &'static str {
    match e {
        Exit::Won => "won",
        Exit::Lost => "lost",
        Exit::Left => "left",
    }
}

const EXITS: [Exit; 3] = [Exit::Won, Exit::Lost, Exit::Left];

fn stage_name(ws: &Workspace, id: StageId, lang: Lang) -> String {
    ws.stage(id)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| tr(lang, "changes.matrix.unknown_stage"))
}

/// The from-stage × to-stage matrix with its forward / back / skipped counts.
#[component]
pub fn StageMatrixView(
    /// The comparison shown.
    changes: Memo<Option<Shared<Changes>>>,
    /// Opens a cell's deals.
    open_at: Callback<Open>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let export = move |_| {
        let Some(c) = changes.get_untracked() else {
            return;
        };
        let lang = i18n.lang_untracked();
        let rows = app.ws().with_untracked(|ws| {
            changes_csv::matrix(ws, &c.stages, |k| csv_label(lang, &c, "", k))
        });
        save_csv(app, "voronka-changes-stages", &rows);
    };
    let summary = move || {
        let c = changes.get()?;
        let lang = i18n.lang();
        let m = &c.stages;
        let n = |v: u32| fmt::count(v as usize, lang);
        Some(view! {
            <p class="changes-moves" data-testid="changes-moves">
                {fill(&tr(lang, "changes.matrix.summary"), &[
                    ("forward", n(m.forward)),
                    ("skipped", n(m.skipped)),
                    ("back", n(m.back)),
                    ("stayed", n(m.stayed)),
                ])}
            </p>
        })
    };
    let table = move || {
        let c = changes.get()?;
        let lang = i18n.lang();
        let m = c.stages.clone();
        let (names, cur) = app.ws().with(|ws| {
            (
                m.stages
                    .iter()
                    .map(|s| stage_name(ws, *s, lang))
                    .collect::<Vec<_>>(),
                ws.currency.clone(),
            )
        });
        let cell = move |count: u32, amount: Money, class: &'static str, o: Open, label: String| {
            let title = fmt::money(amount, &cur, lang);
            if count == 0 {
                return view! { <td class=format!("num mx {class} zero")><span class="muted">"·"</span></td> }.into_any();
            }
            view! {
                <td class=format!("num mx {class}")>
                    <button type="button" class="cell-btn" data-testid="matrix-cell" data-open=o.slug()
                        data-count=count.to_string() title=title
                        aria-label=format!("{} {label}", fmt::count(count as usize, lang))
                        on:click=move |_| open_at.run(o)>
                        <span class="cell-count">{fmt::count(count as usize, lang)}</span>
                    </button>
                </td>
            }
            .into_any()
        };
        let head = names
            .iter()
            .map(|n| view! { <th scope="col" class="num mx-head">{n.clone()}</th> })
            .chain(EXITS.iter().map(|e| {
                view! { <th scope="col" class="num mx-head exit">{tr(lang, &format!("changes.matrix.exit.{}", exit_code(*e)))}</th> }
            }))
            .collect_view();
        let body = m
            .stages
            .iter()
            .enumerate()
            .map(|(r, from)| {
                let moves = m
                    .stages
                    .iter()
                    .enumerate()
                    .map(|(k, to)| {
                        let t = m.cells[r][k];
                        let class = match k.cmp(&r) {
                            std::cmp::Ordering::Equal => "stay",
                            std::cmp::Ordering::Greater => "forward",
                            std::cmp::Ordering::Less => "back",
                        };
                        let label = format!("{} → {}: {}", names[r], names[k], t.count);
                        cell(
                            t.count,
                            t.value,
                            class,
                            Open::Cell(MatrixCell::Move(*from, *to)),
                            label,
                        )
                    })
                    .collect_view();
                let exits = EXITS
                    .iter()
                    .enumerate()
                    .map(|(e, exit)| {
                        let t = m.exits[r][e];
                        let label = format!(
                            "{} → {}: {}",
                            names[r],
                            tr(lang, &format!("changes.matrix.exit.{}", exit_code(*exit))),
                            t.count
                        );
                        cell(
                            t.count,
                            t.value,
                            "exit",
                            Open::Cell(MatrixCell::Exit(*from, *exit)),
                            label,
                        )
                    })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row">{names[r].clone()}</th>
                        {moves}
                        {exits}
                    </tr>
                }
            })
            .collect_view();
        let entered = m
            .stages
            .iter()
            .enumerate()
            .map(|(k, to)| {
                let t = m.entered[k];
                let label = format!(
                    "{} → {}: {}",
                    tr(lang, "changes.matrix.entered"),
                    names[k],
                    t.count
                );
                cell(
                    t.count,
                    t.value,
                    "entered",
                    Open::Cell(MatrixCell::Entered(*to)),
                    label,
                )
            })
            .collect_view();
        Some(view! {
            <div class="table-scroll wide">
                <table class="grid changes-matrix" data-testid="changes-matrix">
                    <caption class="sr-only">{tr(lang, "changes.matrix.caption")}</caption>
                    <thead><tr>
                        <th scope="col" class="mx-corner">{tr(lang, "changes.matrix.corner")}</th>
                        {head}
                    </tr></thead>
                    <tbody>
                        {body}
                        <tr class="entered-row">
                            <th scope="row">{tr(lang, "changes.matrix.entered")}</th>
                            {entered}
                            <td colspan="3"></td>
                        </tr>
                    </tbody>
                </table>
            </div>
        })
    };
    view! {
        <section class="card changes-stages" data-testid="changes-stages">
            <div class="action-row">
                <h2>{move || i18n.t("changes.matrix.title")}</h2>
                <button type="button" class="secondary" data-testid="changes-matrix-csv" on:click=export>
                    {move || i18n.t("common.export_csv")}
                </button>
            </div>
            <p class="help">{move || i18n.t("changes.matrix.help")}</p>
            {summary}
            {table}
            <ul class="mx-legend">
                <li><span class="swatch mx forward" aria-hidden="true"></span>{move || i18n.t("changes.matrix.legend_forward")}</li>
                <li><span class="swatch mx back" aria-hidden="true"></span>{move || i18n.t("changes.matrix.legend_back")}</li>
                <li><span class="swatch mx stay" aria-hidden="true"></span>{move || i18n.t("changes.matrix.legend_stay")}</li>
            </ul>
        </section>
    }
}

/// The deals whose expected close moved later, with how often and how far.
#[component]
pub fn SlippedList(
    /// The comparison shown.
    changes: Memo<Option<Shared<Changes>>>,
    /// The stored snapshots (`None` while loading), for how often each deal slipped.
    history: Memo<Option<Shared<History>>>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let shown = RwSignal::new(PAGE_SIZE);
    let slips = Memo::new(move |_| {
        let c = changes.get()?;
        let h = history
            .get()
            .unwrap_or_else(|| Shared(std::sync::Arc::new(History::default())));
        Some(Shared(std::sync::Arc::new(slipped(&c, &h))))
    });
    let needs_snapshot = Memo::new(move |_| {
        changes.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.basis == Some(crate::domain::changes::Basis::History))
        })
    });
    let export = move |_| {
        let Some(s) = slips.get_untracked() else {
            return;
        };
        let lang = i18n.lang_untracked();
        let c = changes.get_untracked();
        let rows = app.ws().with_untracked(|ws| {
            changes_csv::slips(ws, &s, |k| match &c {
                Some(c) => csv_label(lang, c, "", k),
                None => k.to_string(),
            })
        });
        save_csv(app, "voronka-changes-slipped", &rows);
    };
    let body = move || {
        let lang = i18n.lang();
        if needs_snapshot.get() {
            return view! { <p class="empty" data-testid="changes-slipped-empty">{tr(lang, "changes.slips.needs_snapshot")}</p> }.into_any();
        }
        let Some(s) = slips.get() else {
            return ().into_any();
        };
        if s.is_empty() {
            return view! { <p class="empty" data-testid="changes-slipped-empty">{tr(lang, "changes.slips.none")}</p> }.into_any();
        }
        let limit = shown.get();
        let rows = app.ws().with(|ws| {
            s.iter()
                .take(limit)
                .map(|x| {
                    let d = ws.deal(x.id);
                    let title = d.map(|d| d.title.clone()).unwrap_or_else(|| {
                        fill(&tr(lang, "changes.gone_title"), &[("id", x.id.0.to_string())])
                    });
                    let client = d
                        .and_then(|d| ws.client(d.client))
                        .map(|c| c.name.clone())
                        .unwrap_or_default();
                    let seller = d
                        .and_then(|d| ws.seller(d.seller))
                        .map(|c| c.name.clone())
                        .unwrap_or_default();
                    let amount = d
                        .map(|d| fmt::money(d.amount, &ws.currency, lang))
                        .unwrap_or_default();
                    view! {
                        <tr data-testid="slipped-row">
                            <td>{title}</td>
                            <td>{client}</td>
                            <td>{seller}</td>
                            <td class="num">{amount}</td>
                            <td>{fmt::date(x.was, lang)}</td>
                            <td>{fmt::date(x.now, lang)}</td>
                            <td class="num">{fill(&tr(lang, "changes.slips.days_n"), &[("n", fmt::count(x.days as usize, lang))])}</td>
                            <td class="num">{fmt::count(x.times as usize, lang)}</td>
                        </tr>
                    }
                })
                .collect_view()
        });
        let more = (s.len() > limit).then(|| {
            let left = s.len() - limit;
            view! {
                <button type="button" class="secondary" data-testid="slipped-more"
                    on:click=move |_| shown.update(|n| *n += PAGE_SIZE)>
                    {fill(&tr(lang, "deal_list.more"), &[("n", left.to_string())])}
                </button>
            }
        });
        let t = |k: &str| tr(lang, &format!("changes.slips.{k}"));
        view! {
            <div class="table-scroll">
                <table class="grid" data-testid="changes-slipped">
                    <thead><tr>
                        <th scope="col">{t("deal")}</th>
                        <th scope="col">{t("client")}</th>
                        <th scope="col">{t("seller")}</th>
                        <th scope="col" class="num">{t("amount")}</th>
                        <th scope="col">{t("was")}</th>
                        <th scope="col">{t("now")}</th>
                        <th scope="col" class="num">{t("days")}</th>
                        <th scope="col" class="num">{t("times")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {more}
        }
        .into_any()
    };
    view! {
        <section class="card changes-slipped" data-testid="changes-slipped-card">
            <div class="action-row">
                <h2>{move || i18n.t("changes.slips.title")}</h2>
                <span class="muted">{move || slips.get().map(|s| fill(&i18n.t("changes.deals_n"), &[("n", fmt::count(s.len(), i18n.lang()))]))}</span>
                <button type="button" class="secondary" data-testid="changes-slipped-csv" on:click=export>
                    {move || i18n.t("common.export_csv")}
                </button>
            </div>
            <p class="help">{move || i18n.t("changes.slips.help")}</p>
            {body}
        </section>
    }
}

/// How many weeks of daily snapshots are kept, and what is stored now.
#[component]
pub fn KeepWeeks() -> impl IntoView {
    let i18n = use_i18n();
    let snaps = use_snapshots();
    let stored = move || {
        let lang = i18n.lang();
        snaps.history().map(|h| {
            let first = h.dates().next();
            fill(
                &tr(lang, "changes.keep.stored"),
                &[
                    ("n", fmt::count(h.len(), lang)),
                    ("first", fmt::opt_date(first, lang)),
                ],
            )
        })
    };
    view! {
        <section class="card changes-keep" data-testid="changes-keep">
            <div class="action-row">
                <label class="inline-label">
                    <span>{move || i18n.t("changes.keep.label")}</span>
                    <select data-testid="changes-keep-weeks" on:change=move |ev| {
                        if let Ok(w) = event_target_value(&ev).parse::<u32>() {
                            snaps.set_weeks(w);
                        }
                    }>
                        {SNAPSHOT_WEEKS_CHOICES.into_iter().map(|w| view! {
                            <option value=w.to_string() selected=move || snaps.weeks.get() == w>
                                {move || fill(&i18n.t("changes.keep.weeks"), &[("n", w.to_string())])}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <span class="help" data-testid="changes-keep-stored">{move || { snaps.state.track(); stored() }}</span>
            </div>
            <p class="help">{move || i18n.t("changes.keep.help")}</p>
        </section>
    }
}
