//! Pipeline page (issue 5): three reports over the open deals, switched by tabs (URL `pview`):
//! by clients (tree seller → client → deal), by stages (seller × stage grid with the team average,
//! a stacked-bar chart and drill-down lists) and by forecast (tree stage → seller → client → deal).
//! The trees are drawn by `tree`, the grid and its chart by `stages`.
//!
//! All maths is in `crate::domain::pipeline`; this page only renders. Speed: each tree is built
//! once per filter change in a Memo (lazy, so only the report on screen is built), sorting works
//! on a copy of the built tree, and expanding or collapsing only recomputes `visible_rows`.
//! Long trees are **paged**, not virtualised: the first [`tree::PAGE_ROWS`] visible rows are
//! rendered, with a "show more" button (and arrow keys past the last rendered row load the next
//! page), so rows keep their natural heights and the tree grid's DOM order matches what a screen
//! reader reads. Rows are keyed by (tree generation, node, language), so expanding a row only
//! inserts its children. On big workspaces a filter, report or expand-all change first paints
//! "Working…" and then does the work.
//!
//! URL keys: `pview` (clients|stages|forecast), `psort` (e.g. `amount_desc`), `pexp` (the forecast
//! tree's expanded rows, [`Expansion`]'s string form) and `pcexp` (the same for the clients tree).

mod stages;
mod tree;

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::Workspace;
use crate::domain::filter::Filter;
use crate::domain::index::DealIndex;
use crate::domain::pipeline::{Aggregate, Expansion, SortKey, StageGrid, Tree, key_name};
use crate::format::report_csv;
use crate::ui::download::save_csv;
use crate::ui::fmt;
use crate::ui::i18n::{tr, use_i18n};
use crate::ui::state::{Shared, use_app};
use crate::ui::tabs::{TabBar, TabNames, tab_id};
use stages::StagesView;
use tree::{Built, TreeGrid};

/// From this many deals on, rebuilding a report first shows "Working…".
const BIG_WORKSPACE: usize = 20_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum View {
    Clients,
    Stages,
    Forecast,
}

impl View {
    const ALL: [View; 3] = [View::Clients, View::Stages, View::Forecast];

    fn slug(self) -> &'static str {
        match self {
            View::Clients => "clients",
            View::Stages => "stages",
            View::Forecast => "forecast",
        }
    }

    fn from_slug(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.slug() == s)
    }
}

/// The report tabs.
const TABS: TabNames = TabNames {
    id: "ptab",
    test_id: "pview",
    label_key: "pipeline.view",
    bar_label: "pipeline.views",
    panel: "pipeline-panel",
    class: "tabs",
    tab_class: "tab",
};

/// The sort choices, in menu order; the first is the default.
const SORTS: [(&str, SortKey, bool); 6] = [
    ("amount_desc", SortKey::Amount, true),
    ("amount_asc", SortKey::Amount, false),
    ("count_desc", SortKey::Count, true),
    ("count_asc", SortKey::Count, false),
    ("name_asc", SortKey::Name, false),
    ("name_desc", SortKey::Name, true),
];

fn parse_expansion(s: Option<&str>) -> Expansion {
    s.and_then(|s| s.parse().ok()).unwrap_or_default()
}

/// Runs `work` after the browser has painted the "Working…" state (big workspaces only).
fn run_busy(big: bool, working: RwSignal<bool>, work: impl FnOnce() + 'static) {
    if !big {
        work();
        return;
    }
    working.set(true);
    // A timeout scheduled from an animation frame runs after that frame is painted.
    request_animation_frame(move || {
        set_timeout(
            move || {
                work();
                working.set(false);
            },
            Duration::ZERO,
        )
    });
}

#[component]
pub fn PipelinePage() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();

    let wanted_view = Memo::new(move |_| {
        app.route()
            .with(|r| r.get("pview").and_then(View::from_slug))
            .unwrap_or(View::Clients)
    });
    let sort = Memo::new(move |_| {
        let s = app.route().with(|r| r.get("psort").map(str::to_string));
        SORTS
            .into_iter()
            .find(|(slug, _, _)| s.as_deref() == Some(*slug))
            .unwrap_or(SORTS[0])
    });
    let exp_clients = Memo::new(move |_| app.route().with(|r| parse_expansion(r.get("pcexp"))));
    let exp_forecast = Memo::new(move |_| app.route().with(|r| parse_expansion(r.get("pexp"))));
    let big = move || app.ws().with_untracked(|w| w.deals.len()) >= BIG_WORKSPACE;

    // What the reports are built for. On a big workspace a new filter or report is applied only
    // after "Working…" is on screen, so the page never looks frozen while a tree is built.
    let applied = RwSignal::new((filter.get_untracked(), wanted_view.get_untracked()));
    let working = RwSignal::new(false);
    let ready = RwSignal::new(!big());
    if !ready.get_untracked() {
        run_busy(true, working, move || ready.set(true));
    }
    Effect::new(move |_| {
        let next = (filter.get(), wanted_view.get());
        if applied.with_untracked(|a| *a == next) {
            return;
        }
        run_busy(big(), working, move || applied.set(next));
    });
    let applied_filter = Memo::new(move |_| applied.with(|a| a.0.clone()));
    let view = Memo::new(move |_| applied.with(|a| a.1));

    // Built once per filter (or workspace) change; Memos are lazy, so only the report on screen
    // is ever built.
    let build = move |f: fn(&Workspace, &DealIndex, &Filter, NaiveDate) -> Tree| {
        Memo::new(move |_| {
            let fl = applied_filter.get();
            let ix = app.index().get();
            app.ws()
                .with(|ws| Shared(Arc::new(f(ws, &ix, &fl, app.today()))))
        })
    };
    let clients_raw = build(Tree::by_clients);
    let forecast_raw = build(Tree::by_forecast);
    // Sorting works on a copy, so a new sort does not rebuild the tree.
    let sorted = move |raw: Memo<Shared<Tree>>, keep_first_level: bool| {
        Memo::new(move |prev: Option<&Shared<Built>>| {
            let raw = raw.get();
            let (_, key, desc) = sort.get();
            let mut tree = Tree::clone(&raw);
            app.ws().with_untracked(|ws| {
                let from = usize::from(keep_first_level);
                for level in from..tree.depth() {
                    tree.sort_level(level as u8, key, desc, |k| key_name(ws, k));
                }
            });
            Shared(Arc::new(Built {
                generation: prev.map_or(0, |p| p.generation + 1),
                tree,
            }))
        })
    };
    let clients = sorted(clients_raw, false);
    // The forecast tree is the expanded funnel: its stages stay in pipeline order.
    let forecast = sorted(forecast_raw, true);
    let grid = Memo::new(move |_| {
        let fl = applied_filter.get();
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(StageGrid::build(ws, &ix, &fl, app.today()))))
    });

    let total = move || -> Aggregate {
        match view.get() {
            View::Clients => clients.with(|b| b.tree.total),
            View::Forecast => forecast.with(|b| b.tree.total),
            View::Stages => grid.with(|g| g.total),
        }
    };
    let currency = move || app.ws().with(|w| w.currency.clone());
    let empty_ws = Memo::new(move |_| app.ws().with(|w| w.deals.is_empty()));
    let nothing = Memo::new(move |_| total().count == 0);

    let set_view = move |v: View| {
        app.set_query("pview", Some(v.slug().to_string()));
    };
    let export_csv = move |_| {
        let lang = i18n.lang_untracked();
        let label = move |k: &'static str| tr(lang, &format!("pipeline.csv.{k}"));
        let v = view.get_untracked();
        let rows = app.ws().with_untracked(|ws| match v {
            View::Clients => {
                clients.with_untracked(|b| report_csv::pipeline_tree(&b.tree, ws, label))
            }
            View::Forecast => {
                forecast.with_untracked(|b| report_csv::pipeline_tree(&b.tree, ws, label))
            }
            View::Stages => grid.with_untracked(|g| report_csv::stage_grid(g, ws, label)),
        });
        save_csv(app, &format!("voronka-pipeline-{}", v.slug()), &rows);
    };

    let expand_all = move |all: bool| {
        let (key, exp) = match view.get_untracked() {
            View::Clients => ("pcexp", exp_clients),
            View::Forecast => ("pexp", exp_forecast),
            View::Stages => return,
        };
        // Collapsing is always cheap; expanding everything is what may take a moment.
        run_busy(
            all && big() && exp.with_untracked(|e| *e != Expansion::expand_all()),
            working,
            move || {
                let value = all.then(|| Expansion::expand_all().to_string());
                app.set_query(key, value);
            },
        );
    };

    view! {
        <section class="card pipeline" data-testid="pipeline">
            <div class="pipeline-head">
                <h1>{move || i18n.t("pipeline.title")}</h1>
                <TabBar tabs=View::ALL.map(View::slug).to_vec() names=TABS
                    current=Signal::derive(move || wanted_view.get().slug())
                    on_pick=Callback::new(move |slug| {
                        if let Some(v) = View::from_slug(slug) {
                            set_view(v);
                        }
                    })/>
            </div>
            <p class="help">{move || i18n.t("pipeline.help")}</p>
            <div id="pipeline-panel" role="tabpanel"
                aria-labelledby=move || tab_id(TABS, wanted_view.get().slug())
                aria-busy=move || working.get().to_string()
                class:busy=move || working.get()>
                {move || working.get().then(|| view! {
                    <p class="working" role="status" data-testid="pipeline-working">
                        <span class="spinner" aria-hidden="true"></span>{i18n.t("pipeline.working")}
                    </p>
                })}
                // Re-rendered only when the report or its emptiness changes: a new filter or
                // sort updates the mounted report in place.
                {move || {
                    // `view` is read first: read after `nothing` (which reads it too), a change
                    // of report alone would go unseen by this closure (reactive_graph 0.2 checks
                    // sources in read order and `nothing` would already have refreshed it).
                    let v = view.get();
                    if !ready.get() {
                        return ().into_any();
                    }
                    if empty_ws.get() {
                        return view! { <p class="empty" data-testid="pipeline-empty">{i18n.t("pipeline.empty_ws")}</p> }.into_any();
                    }
                    if nothing.get() {
                        return view! { <p class="empty" data-testid="pipeline-empty">{i18n.t("pipeline.empty")}</p> }.into_any();
                    }
                    let summary = move || {
                        let t = total();
                        let lang = i18n.lang();
                        let cur = currency();
                        view! {
                            <p class="pipeline-summary" data-testid="pipeline-summary">
                                {i18n.tf("pipeline.summary", &[
                                    ("count", fmt::count(t.count as usize, lang)),
                                    ("amount", fmt::money(t.amount, &cur, lang)),
                                    ("weighted", fmt::weighted(t.weighted, &cur, lang)),
                                ])}
                                {(t.overdue > 0).then(|| view! {
                                    <span class="badge overdue-badge">{i18n.tf("pipeline.overdue_count", &[("n", fmt::count(t.overdue as usize, lang))])}</span>
                                })}
                            </p>
                        }
                    };
                    let toolbar = view! {
                        <div class="action-row pipeline-tools">
                            {(v != View::Stages).then(|| view! {
                                <label class="inline-label">
                                    <span>{move || i18n.t("pipeline.sort")}</span>
                                    <select data-testid="pipeline-sort" on:change=move |ev| {
                                        let s = event_target_value(&ev);
                                        app.set_query("psort", Some(s));
                                    }>
                                        {SORTS.into_iter().map(|(slug, _, _)| view! {
                                            <option value=slug selected=move || sort.get().0 == slug>
                                                {move || i18n.t(&format!("pipeline.sort_by.{slug}"))}
                                            </option>
                                        }).collect_view()}
                                    </select>
                                </label>
                                <button type="button" class="secondary" data-testid="expand-all"
                                    on:click=move |_| expand_all(true)>{move || i18n.t("pipeline.expand_all")}</button>
                                <button type="button" class="secondary" data-testid="collapse-all"
                                    on:click=move |_| expand_all(false)>{move || i18n.t("pipeline.collapse_all")}</button>
                            })}
                            <button type="button" class="secondary" data-testid="pipeline-csv"
                                on:click=export_csv>{move || i18n.t("common.export_csv")}</button>
                        </div>
                    };
                    let body = match v {
                        View::Clients => view! {
                            <TreeGrid tree=clients expansion=exp_clients url_key="pcexp" test_id="tree-clients"
                                caption_key="pipeline.tree.clients_caption" name_key="pipeline.tree.clients_name"/>
                        }.into_any(),
                        View::Forecast => view! {
                            <p class="help">{move || i18n.t("pipeline.stages_keep_order")}</p>
                            <TreeGrid tree=forecast expansion=exp_forecast url_key="pexp" test_id="tree-forecast"
                                caption_key="pipeline.tree.forecast_caption" name_key="pipeline.tree.forecast_name"/>
                        }.into_any(),
                        View::Stages => view! { <StagesView grid=grid/> }.into_any(),
                    };
                    view! { {summary} {toolbar} {body} }.into_any()
                }}
            </div>
        </section>
    }
}
