//! The waterfall per seller and per stage, as tables: from total, every bar, to total; counts
//! and amounts (or weighted amounts); each cell opens its deals. URL key `cgroup`.

use leptos::prelude::*;

use super::common::{
    FLOW_BARS, Figure, bar_label, bar_shown, csv_label, ends, figure, set_query, signed_short,
};
use super::since::Open;
use crate::domain::changes::{Bar, Changes, Group, Waterfall};
use crate::domain::{Lang, Workspace};
use crate::format::changes_csv;
use crate::ui::download::save_csv;
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::state::{Shared, use_app};

/// Rows by seller or by stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum By {
    Seller,
    Stage,
}

impl By {
    fn slug(self) -> &'static str {
        match self {
            By::Seller => "seller",
            By::Stage => "stage",
        }
    }
}

/// The table's rows: (group, its name, its waterfall).
fn rows(ws: &Workspace, c: &Changes, by: By, lang: Lang) -> Vec<(Group, String, Waterfall)> {
    match by {
        By::Seller => c
            .by_seller
            .iter()
            .map(|(s, w)| {
                let name = ws.seller(*s).map(|x| x.name.clone()).unwrap_or_else(|| {
                    fill(
                        &tr(lang, "changes.unknown_seller"),
                        &[("id", s.0.to_string())],
                    )
                });
                (Group::Seller(*s), name, *w)
            })
            .collect(),
        By::Stage => c
            .by_stage
            .iter()
            .map(|(s, w)| {
                let name = ws
                    .stage(*s)
                    .map(|x| x.name.clone())
                    .unwrap_or_else(|| tr(lang, "changes.matrix.unknown_stage"));
                (Group::Stage(*s), name, *w)
            })
            .collect(),
    }
}

/// The bars shown as columns: as on the chart, plus "moved out / in" whenever a row has them
/// (a seller's deal reassigned, a stage's deal moved on).
fn columns(c: &Changes, all: &[(Group, String, Waterfall)]) -> Vec<Bar> {
    let any_moved = all
        .iter()
        .any(|(_, _, w)| w.amount.bar(Bar::MovedOut).count + w.amount.bar(Bar::MovedIn).count > 0);
    FLOW_BARS
        .into_iter()
        .filter(|b| bar_shown(c, *b, any_moved))
        .collect()
}

/// The per-seller / per-stage tables with their switch and CSV export.
#[component]
pub fn GroupTables(
    /// The comparison shown.
    changes: Memo<Option<Shared<Changes>>>,
    /// Weighted amounts instead of amounts.
    weighted: Memo<bool>,
    /// Opens a cell's deals.
    open_at: Callback<Open>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let by = Memo::new(move |_| {
        if app.route().with(|r| r.get("cgroup") == Some("stage")) {
            By::Stage
        } else {
            By::Seller
        }
    });
    let export = move |_| {
        let Some(c) = changes.get_untracked() else {
            return;
        };
        let lang = i18n.lang_untracked();
        let b = by.get_untracked();
        let w = weighted.get_untracked();
        let csv = app.ws().with_untracked(|ws| {
            let all = rows(ws, &c, b, lang);
            let named: Vec<(String, Waterfall)> =
                all.iter().map(|(_, n, w)| (n.clone(), *w)).collect();
            changes_csv::groups(&c, &named, &columns(&c, &all), w, |k| {
                csv_label(lang, &c, b.slug(), k)
            })
        });
        save_csv(app, &format!("voronka-changes-by-{}", b.slug()), &csv);
    };

    let table = move || {
        let c = changes.get()?;
        let lang = i18n.lang();
        let b = by.get();
        let w = weighted.get();
        let cur = app.ws().with(|ws| ws.currency.clone());
        let all = app.ws().with(|ws| rows(ws, &c, b, lang));
        let cols = columns(&c, &all);
        let cell = move |f: Figure, text: String, o: Option<Open>, label: String| {
            let title = fmt::money(f.value, &cur, lang);
            // The accessible name starts with what the cell shows (WCAG 2.5.3).
            let label = format!("{text} {} {label}", fmt::count(f.count as usize, lang));
            match o.filter(|_| f.count > 0) {
                Some(o) => view! {
                    <td class="num">
                        <button type="button" class="cell-btn" data-testid="changes-cell" data-open=o.slug()
                            data-count=f.count.to_string() title=title
                            aria-label=label
                            on:click=move |_| open_at.run(o)>
                            <span class="cell-amount">{text}</span>" "
                            <span class="cell-count muted">{fmt::count(f.count as usize, lang)}</span>
                        </button>
                    </td>
                }
                .into_any(),
                None => view! {
                    <td class="num" title=title>
                        <span class="cell-amount" class:muted=f.count == 0>{text}</span>
                        <span class="cell-count muted">{fmt::count(f.count as usize, lang)}</span>
                    </td>
                }
                .into_any(),
            }
        };
        let cur2 = app.ws().with(|ws| ws.currency.clone());
        let line_cols = cols.clone();
        let line = move |group: Option<Group>, name: String, wf: Waterfall| {
            let (from, to) = ends(&wf, w);
            let cur = cur2.clone();
            let cells = line_cols
                .iter()
                .map(|bar| {
                    let f = figure(&wf, *bar, w);
                    let text = if f.count == 0 {
                        "—".to_string()
                    } else {
                        signed_short(*bar, f.value, &cur, lang)
                    };
                    let o = match group {
                        Some(g) => Open::Group(g, *bar),
                        None => Open::Bar(*bar),
                    };
                    let label = format!("{name} — {}: {text}", bar_label(lang, *bar));
                    cell(f, text, Some(o), label)
                })
                .collect_view();
            view! {
                <tr data-testid="changes-row">
                    <th scope="row">{name.clone()}</th>
                    {cell(from, fmt::money_short(from.value, &cur, lang), None, String::new())}
                    {cells}
                    {cell(to, fmt::money_short(to.value, &cur, lang), None, String::new())}
                </tr>
            }
        };
        let body = all
            .iter()
            .map(|(g, name, wf)| line(Some(*g), name.clone(), *wf))
            .collect_view();
        let total = line(None, tr(lang, "changes.col.total"), c.total);
        let head = cols
            .iter()
            .map(|bar| {
                let class = if bar.sign() > 0 {
                    "num up-col"
                } else {
                    "num down-col"
                };
                view! { <th scope="col" class=class>{bar_label(lang, *bar)}</th> }
            })
            .collect_view();
        Some(view! {
            <div class="table-scroll wide">
                <table class="grid changes-table" data-testid="changes-table">
                    <caption class="sr-only">{tr(lang, &format!("changes.table.caption_{}", b.slug()))}</caption>
                    <thead><tr>
                        <th scope="col">{tr(lang, &format!("changes.table.{}", b.slug()))}</th>
                        <th scope="col" class="num">{tr(lang, "changes.col.from")}</th>
                        {head}
                        <th scope="col" class="num">{tr(lang, "changes.col.to")}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                    <tfoot>{total}</tfoot>
                </table>
            </div>
        })
    };

    view! {
        <section class="card changes-groups" data-testid="changes-groups">
            <div class="action-row">
                <h2>{move || i18n.t("changes.table.title")}</h2>
                <div class="seg-switch" role="group" aria-label=move || i18n.t("changes.table.title")>
                    {[By::Seller, By::Stage].into_iter().map(|b| view! {
                        <button type="button" data-testid=format!("changes-by-{}", b.slug())
                            aria-pressed=move || (by.get() == b).to_string()
                            on:click=move |_| set_query(app, "cgroup", (b == By::Stage).then(|| "stage".to_string()))>
                            {move || i18n.t(&format!("changes.table.{}", b.slug()))}
                        </button>
                    }).collect_view()}
                </div>
                <button type="button" class="secondary" data-testid="changes-table-csv" on:click=export>
                    {move || i18n.t("common.export_csv")}
                </button>
            </div>
            <p class="help">{move || i18n.t(&format!("changes.table.help_{}", by.get().slug()))}</p>
            {table}
        </section>
    }
}
