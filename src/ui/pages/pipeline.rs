//! Pipeline page (issue 5): three reports over the open deals, switched by tabs (URL `pview`):
//! by clients (tree seller → client → deal), by stages (seller × stage grid with the team average,
//! a stacked-bar chart and drill-down lists) and by forecast (tree stage → seller → client → deal).
//!
//! All maths is in `crate::domain::pipeline`; this page only renders. Speed: each tree is built
//! once per filter change in a Memo (lazy, so only the report on screen is built), sorting works
//! on a copy of the built tree, and expanding or collapsing only recomputes `visible_rows`.
//! Long trees are **paged**, not virtualised: the first [`PAGE_ROWS`] visible rows are rendered,
//! with a "show more" button (and arrow keys past the last rendered row load the next page), so
//! rows keep their natural heights and the tree grid's DOM order matches what a screen reader
//! reads. Rows are keyed by (tree generation, node, language), so expanding a row only inserts
//! its children. On big workspaces a filter, report or expand-all change first paints
//! "Working…" and then does the work.
//!
//! URL keys: `pview` (clients|stages|forecast), `psort` (e.g. `amount_desc`), `pexp` (the forecast
//! tree's expanded rows, [`Expansion`]'s string form) and `pcexp` (the same for the clients tree).

use std::sync::Arc;
use std::time::Duration;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::charts::pipeline::{StageStack, stacked_by_stage};
use chrono::NaiveDate;

use crate::domain::filter::Filter;
use crate::domain::index::DealIndex;
use crate::domain::pipeline::{
    Aggregate, Expansion, GridCol, NO_PARENT, NodeKey, NodePath, SortKey, StageGrid, Tree, key_name,
};
use crate::domain::{Lang, Workspace};
use crate::format::csv_out::to_csv;
use crate::format::report_csv;
use crate::ui::app::{CurrentFilter, navigate};
use crate::ui::banner::dated_name;
use crate::ui::chart::{Chart, ChartClick};
use crate::ui::deal_list::DealList;
use crate::ui::download::{download_data_url, download_text};
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::state::{Shared, use_app};

/// Rows rendered per page of a tree (see the module doc: paging, not virtualisation).
pub const PAGE_ROWS: usize = 300;
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

/// The sort choices, in menu order; the first is the default.
const SORTS: [(&str, SortKey, bool); 6] = [
    ("amount_desc", SortKey::Amount, true),
    ("amount_asc", SortKey::Amount, false),
    ("count_desc", SortKey::Count, true),
    ("count_asc", SortKey::Count, false),
    ("name_asc", SortKey::Name, false),
    ("name_desc", SortKey::Name, true),
];

/// A built and sorted tree with a generation number, so rows of an older tree are never
/// mistaken for rows of a newer one.
struct Built {
    generation: u64,
    tree: Tree,
}

type TreeMemo = Memo<Shared<Built>>;

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
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();

    let wanted_view = Memo::new(move |_| {
        app.route
            .with(|r| r.get("pview").and_then(View::from_slug))
            .unwrap_or(View::Clients)
    });
    let sort = Memo::new(move |_| {
        let s = app.route.with(|r| r.get("psort").map(str::to_string));
        SORTS
            .into_iter()
            .find(|(slug, _, _)| s.as_deref() == Some(*slug))
            .unwrap_or(SORTS[0])
    });
    let exp_clients = Memo::new(move |_| app.route.with(|r| parse_expansion(r.get("pcexp"))));
    let exp_forecast = Memo::new(move |_| app.route.with(|r| parse_expansion(r.get("pexp"))));
    let big = move || app.ws.with_untracked(|w| w.deals.len()) >= BIG_WORKSPACE;

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
            let ix = app.index.get();
            app.ws
                .with(|ws| Shared(Arc::new(f(ws, &ix, &fl, app.today))))
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
            app.ws.with_untracked(|ws| {
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
        let ix = app.index.get();
        app.ws
            .with(|ws| Shared(Arc::new(StageGrid::build(ws, &ix, &fl, app.today))))
    });

    let total = move || -> Aggregate {
        match view.get() {
            View::Clients => clients.with(|b| b.tree.total),
            View::Forecast => forecast.with(|b| b.tree.total),
            View::Stages => grid.with(|g| g.total),
        }
    };
    let currency = move || app.ws.with(|w| w.currency.clone());
    let empty_ws = Memo::new(move |_| app.ws.with(|w| w.deals.is_empty()));
    let nothing = Memo::new(move |_| total().count == 0);

    let set_view = move |v: View| {
        navigate(
            app.route,
            app.route
                .get_untracked()
                .with("pview", Some(v.slug().to_string())),
            true,
        );
    };
    let on_tab_key = move |ev: KeyboardEvent| {
        let step: isize = match ev.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        ev.prevent_default();
        let at = View::ALL
            .iter()
            .position(|v| *v == wanted_view.get_untracked())
            .unwrap_or(0) as isize;
        let next = View::ALL[(at + step).rem_euclid(View::ALL.len() as isize) as usize];
        set_view(next);
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&format!("ptab-{}", next.slug())))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            el.focus().ok();
        }
    };

    let export_csv = move |_| {
        let lang = i18n.lang_untracked();
        let label = move |k: &'static str| tr(lang, &format!("pipeline.csv.{k}"));
        let v = view.get_untracked();
        let rows = app.ws.with_untracked(|ws| match v {
            View::Clients => {
                clients.with_untracked(|b| report_csv::pipeline_tree(&b.tree, ws, label))
            }
            View::Forecast => {
                forecast.with_untracked(|b| report_csv::pipeline_tree(&b.tree, ws, label))
            }
            View::Stages => grid.with_untracked(|g| report_csv::stage_grid(g, ws, label)),
        });
        let name = dated_name(&format!("voronka-pipeline-{}", v.slug()), app.today, "csv");
        if let Err(e) = download_text(&name, "text/csv", &to_csv(&rows)) {
            app.notice.set(Some(e));
        }
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
                navigate(app.route, app.route.get_untracked().with(key, value), true);
            },
        );
    };

    view! {
        <section class="card pipeline" data-testid="pipeline">
            <div class="pipeline-head">
                <h1>{move || i18n.t("pipeline.title")}</h1>
                <div class="tabs" role="tablist" aria-label=move || i18n.t("pipeline.views")
                    on:keydown=on_tab_key>
                    {View::ALL.into_iter().map(|v| view! {
                        <button type="button" role="tab" class="tab"
                            id=format!("ptab-{}", v.slug())
                            aria-controls="pipeline-panel"
                            aria-selected=move || (wanted_view.get() == v).to_string()
                            tabindex=move || if wanted_view.get() == v { "0" } else { "-1" }
                            class:active=move || wanted_view.get() == v
                            data-testid=format!("pview-{}", v.slug())
                            on:click=move |_| set_view(v)>
                            {move || i18n.t(&format!("pipeline.view.{}", v.slug()))}
                        </button>
                    }).collect_view()}
                </div>
            </div>
            <p class="help">{move || i18n.t("pipeline.help")}</p>
            <div id="pipeline-panel" role="tabpanel"
                aria-labelledby=move || format!("ptab-{}", wanted_view.get().slug())
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
                                        navigate(app.route, app.route.get_untracked().with("psort", Some(s)), true);
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

/// One rendered row of a tree grid.
#[derive(Clone)]
struct RowItem {
    built: Shared<Built>,
    id: u32,
    /// Position among its siblings (1-based) and the number of siblings, for ARIA.
    posinset: usize,
    setsize: usize,
    lang: Lang,
}

/// Names and details of a row, read from the workspace once when the row is rendered.
struct RowText {
    name: String,
    stage: String,
    probability: String,
    deal_type: String,
    expected_close: String,
    next_step: String,
}

fn row_text(ws: &Workspace, key: NodeKey, lang: Lang) -> RowText {
    let name = key_name(ws, key).to_string();
    let deal = key.deal().and_then(|p| ws.deals.get(p));
    let Some(d) = deal else {
        return RowText {
            name,
            stage: String::new(),
            probability: String::new(),
            deal_type: String::new(),
            expected_close: String::new(),
            next_step: String::new(),
        };
    };
    RowText {
        name,
        stage: ws
            .stage(d.stage)
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        probability: format!("{}\u{a0}%", ws.probability(d)),
        deal_type: d
            .deal_type
            .and_then(|t| ws.deal_types.iter().find(|x| x.id == t))
            .map(|t| t.name.clone())
            .unwrap_or_default(),
        expected_close: fmt::opt_date(d.expected_close, lang),
        next_step: d
            .next_step
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default(),
    }
}

/// Moves keyboard focus to the rendered row with `data-path=path` in the tree grid `test_id`.
/// Looked up in the document (not through a NodeRef), so a late call after the grid has left the
/// page is harmless.
fn focus_dom(test_id: &str, path: &str) {
    let row = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("[data-testid={test_id}] tr[data-path=\"{path}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(row) = row {
        row.focus().ok();
    }
}

/// An accessible tree grid over a pipeline tree: rows expand and collapse by click or keyboard,
/// the expanded rows live in the URL under `url_key`, long lists are paged.
#[component]
fn TreeGrid(
    tree: TreeMemo,
    expansion: Memo<Expansion>,
    url_key: &'static str,
    test_id: &'static str,
    caption_key: &'static str,
    name_key: &'static str,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    // (tree generation, rows to render): a new tree starts again from its first page.
    let limit = RwSignal::new((0u64, PAGE_ROWS));
    let limit_now = move || {
        let g = tree.with(|b| b.generation);
        let (lg, n) = limit.get();
        if lg == g { n } else { PAGE_ROWS }
    };
    // Expanding only recomputes this list; the tree itself is untouched.
    let visible = Memo::new(move |_| {
        tree.with(|b| expansion.with(|e| Shared(Arc::new(b.tree.visible_rows(e)))))
    });
    // The row that takes Tab (roving tabindex), by path so it survives re-sorting.
    let focus = RwSignal::new(None::<NodePath>);
    let tab_target = Memo::new(move |_| {
        let lim = limit_now();
        tree.with(|b| {
            visible.with(|vis| {
                let shown = &vis[..vis.len().min(lim)];
                focus
                    .with(|f| f.as_ref().and_then(|p| b.tree.find(&p.0)))
                    .filter(|id| shown.contains(id))
                    .or_else(|| shown.first().copied())
            })
        })
    });

    let write_expansion = move |e: Expansion| {
        let s = e.to_string();
        navigate(
            app.route,
            app.route
                .get_untracked()
                .with(url_key, (!s.is_empty()).then_some(s)),
            true,
        );
    };
    let set_expanded = move |path: NodePath, open: bool| {
        let mut e = expansion.get_untracked();
        e.set(path, open);
        write_expansion(e);
    };
    let focus_row = move |b: &Built, id: u32| {
        let pos = visible.with_untracked(|v| v.iter().position(|&x| x == id));
        if let Some(i) = pos
            && i >= limit_now()
        {
            limit.set((b.generation, (i / PAGE_ROWS + 1) * PAGE_ROWS));
        }
        let path = b.tree.path(id);
        let text = path.to_string();
        focus.set(Some(path));
        // After the row (and maybe a new page) is rendered.
        request_animation_frame(move || focus_dom(test_id, &text));
    };
    let step = move |b: &Built, id: u32, delta: isize| {
        let lim = limit_now();
        let next = visible.with_untracked(|v| {
            let at = v.iter().position(|&x| x == id)? as isize + delta;
            // Down past the last rendered row loads the next page; Up stops at the top.
            (at >= 0 && (at as usize) < v.len().min(lim + PAGE_ROWS)).then(|| v[at as usize])
        });
        if let Some(n) = next {
            focus_row(b, n);
        }
    };

    let render_row = move |r: RowItem| {
        let RowItem {
            built,
            id,
            posinset,
            setsize,
            lang,
        } = r;
        let node = built.tree.node(id).clone();
        let leaf = node.is_leaf();
        let path = built.tree.path(id);
        let path_text = path.to_string();
        let text = app.ws.with_untracked(|ws| row_text(ws, node.key, lang));
        let cur = app.ws.with_untracked(|w| w.currency.clone());
        let path_for_memo = path.clone();
        let expanded =
            Memo::new(move |_| !leaf && expansion.with(|e| e.is_expanded(&path_for_memo.0)));
        let toggle_path = path.clone();
        let toggle = move || set_expanded(toggle_path.clone(), !expanded.get_untracked());
        let key_built = built.clone();
        let key_toggle = toggle.clone();
        let key_path = path.clone();
        let on_key = move |ev: KeyboardEvent| {
            let b: &Built = &key_built;
            let handled = match ev.key().as_str() {
                "ArrowDown" => {
                    step(b, id, 1);
                    true
                }
                "ArrowUp" => {
                    step(b, id, -1);
                    true
                }
                "ArrowRight" => {
                    if !leaf {
                        if !expanded.get_untracked() {
                            set_expanded(key_path.clone(), true);
                        } else if let Some(&child) = b.tree.children(id).first() {
                            focus_row(b, child);
                        }
                    }
                    true
                }
                "ArrowLeft" => {
                    if !leaf && expanded.get_untracked() {
                        set_expanded(key_path.clone(), false);
                    } else if node.parent != NO_PARENT {
                        focus_row(b, node.parent);
                    }
                    true
                }
                "Enter" | " " => {
                    if !leaf {
                        key_toggle();
                    }
                    true
                }
                "Home" => {
                    if let Some(first) = visible.with_untracked(|v| v.first().copied()) {
                        focus_row(b, first);
                    }
                    true
                }
                "End" => {
                    let lim = limit_now();
                    if let Some(last) =
                        visible.with_untracked(|v| v[..v.len().min(lim)].last().copied())
                    {
                        focus_row(b, last);
                    }
                    true
                }
                _ => false,
            };
            if handled {
                ev.prevent_default();
            }
        };
        let focus_path = path.clone();
        let level = node.level as usize;
        let sum = node.sum;
        let overdue_badge = if leaf {
            None
        } else {
            (sum.overdue > 0).then(|| {
                view! {
                    <span class="badge overdue-badge">
                        {fill(&tr(lang, "pipeline.overdue_count"), &[("n", fmt::count(sum.overdue as usize, lang))])}
                    </span>
                }
            })
        };
        let deal_overdue = leaf && node.overdue();
        view! {
            <tr role="row" data-testid="tree-row" data-kind=node.key.kind_str() data-path=path_text.clone()
                class=format!("tree-row lvl-{level}")
                class:group=!leaf
                aria-setsize=setsize.to_string()
                aria-posinset=posinset.to_string()
                aria-expanded=move || (!leaf).then(|| expanded.get().to_string())
                tabindex=move || if tab_target.get() == Some(id) { "0" } else { "-1" }
                on:focus=move |_| {
                    if focus.with_untracked(|f| f.as_ref() != Some(&focus_path)) {
                        focus.set(Some(focus_path.clone()));
                    }
                }
                on:keydown=on_key
                on:click=move |_| if !leaf { toggle() }>
                <th scope="row" role="rowheader" class="tree-name">
                    <span class="tree-indent" style=format!("padding-left:{}rem", level as f32 * 1.25)>
                        <span class="twisty" aria-hidden="true">
                            {move || if leaf { "" } else if expanded.get() { "▾" } else { "▸" }}
                        </span>
                        <span class="tree-label">{text.name}</span>
                        {overdue_badge}
                    </span>
                </th>
                <td role="gridcell" class="num">{(!leaf).then(|| fmt::count(sum.count as usize, lang))}</td>
                <td role="gridcell" class="num">{fmt::money(sum.amount, &cur, lang)}</td>
                <td role="gridcell" class="num">{fmt::weighted(sum.weighted, &cur, lang)}</td>
                <td role="gridcell">{text.stage}</td>
                <td role="gridcell" class="num">{text.probability}</td>
                <td role="gridcell">{text.deal_type}</td>
                <td role="gridcell" class:overdue=deal_overdue>
                    {text.expected_close}
                    {deal_overdue.then(|| view! {
                        <span class="badge overdue-badge" data-testid="overdue-badge">{tr(lang, "deal_list.overdue")}</span>
                    })}
                </td>
                <td role="gridcell" class="next-step">{text.next_step}</td>
            </tr>
        }
        // tachys has no typed `aria-level`; set it as a plain attribute.
        .attr("aria-level", (level + 1).to_string())
    };

    let rows = move || {
        let b = tree.get();
        let lang = i18n.lang();
        let lim = limit_now();
        visible.with(|vis| {
            let n = vis.len().min(lim);
            // Position among siblings: rows come depth-first, so a counter per level that is
            // reset whenever a shallower row appears counts each row's earlier siblings.
            let mut counters = vec![0usize; b.tree.depth()];
            let mut items = Vec::with_capacity(n);
            for &id in &vis[..n] {
                let node = b.tree.node(id);
                let l = node.level as usize;
                counters[l] += 1;
                for c in counters.iter_mut().skip(l + 1) {
                    *c = 0;
                }
                let setsize = if node.parent == NO_PARENT {
                    b.tree.roots().len()
                } else {
                    b.tree.node(node.parent).child_count()
                };
                items.push(RowItem {
                    built: b.clone(),
                    id,
                    posinset: counters[l],
                    setsize,
                    lang,
                });
            }
            items
        })
    };

    view! {
        <p class="help keys-help">{move || i18n.t("pipeline.keys_help")}</p>
        <div class="tree-scroll">
            <table class="grid treegrid" role="treegrid" data-testid=test_id>
                <caption>{move || i18n.t(caption_key)}</caption>
                // Fixed column widths: opening a row never shifts the columns, and the browser
                // lays out a long table without measuring every cell.
                <colgroup>
                    {["name", "count", "amount", "weighted", "stage", "prob", "type", "close", "next"]
                        .map(|c| view! { <col class=format!("tg-{c}")/> })}
                </colgroup>
                <thead>
                    <tr role="row">
                        <th scope="col" role="columnheader">{move || i18n.t(name_key)}</th>
                        <th scope="col" role="columnheader" class="num">{move || i18n.t("pipeline.col.count")}</th>
                        <th scope="col" role="columnheader" class="num">{move || i18n.t("pipeline.col.amount")}</th>
                        <th scope="col" role="columnheader" class="num">{move || i18n.t("pipeline.col.weighted")}</th>
                        <th scope="col" role="columnheader">{move || i18n.t("pipeline.col.stage")}</th>
                        <th scope="col" role="columnheader" class="num">{move || i18n.t("pipeline.col.probability")}</th>
                        <th scope="col" role="columnheader">{move || i18n.t("pipeline.col.deal_type")}</th>
                        <th scope="col" role="columnheader">{move || i18n.t("pipeline.col.expected_close")}</th>
                        <th scope="col" role="columnheader">{move || i18n.t("pipeline.col.next_step")}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=rows key=|r: &RowItem| (r.built.generation, r.id, r.lang.code()) children=render_row/>
                </tbody>
            </table>
        </div>
        {move || {
            let total = visible.with(|v| v.len());
            let shown = total.min(limit_now());
            let lang = i18n.lang();
            view! {
                <div class="action-row tree-paging">
                    <span class="muted" data-testid="tree-shown">{i18n.tf("pipeline.shown", &[
                        ("shown", fmt::count(shown, lang)),
                        ("total", fmt::count(total, lang)),
                    ])}</span>
                    {(shown < total).then(|| view! {
                        <button type="button" class="secondary" data-testid="tree-more"
                            on:click=move |_| {
                                let g = tree.with_untracked(|b| b.generation);
                                limit.set((g, shown + PAGE_ROWS));
                            }>
                            {i18n.tf("pipeline.show_more", &[("n", fmt::count(PAGE_ROWS.min(total - shown), lang))])}
                        </button>
                    })}
                </div>
            }
        }}
    }
}

/// The colour band of a deviation from the team average (percent); text shows the figure too.
fn band(d: Option<f64>) -> &'static str {
    match d {
        None => "none",
        Some(d) if d <= -50.0 => "n2",
        Some(d) if d <= -15.0 => "n1",
        Some(d) if d < 15.0 => "0",
        Some(d) if d < 50.0 => "p1",
        Some(_) => "p2",
    }
}

/// `+12 %`, `−40 %`, `±0 %`, or a dash without a comparison.
fn signed_percent(d: Option<f64>) -> String {
    match d {
        Some(v) if v.is_finite() => {
            let r = v.round();
            if r > 0.0 {
                format!("+{r:.0}\u{a0}%")
            } else if r < 0.0 {
                format!("\u{2212}{:.0}\u{a0}%", -r)
            } else {
                "±0\u{a0}%".to_string()
            }
        }
        _ => "—".to_string(),
    }
}

/// "By stages": the seller × stage grid with the team average, the stacked chart, and the deal
/// list of a clicked cell or bar.
#[component]
fn StagesView(grid: Memo<Shared<StageGrid>>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    // (seller position, column): survives a filter change while that seller is still shown.
    let open_cell = RwSignal::new(None::<(usize, GridCol)>);
    let row_of = move |g: &StageGrid, seller: usize| g.sellers.iter().position(|&s| s == seller);
    let list_deals = Signal::derive(move || {
        open_cell
            .get()
            .and_then(|(s, c)| {
                grid.with(|g| {
                    row_of(g, s).map(|r| g.deals(r, c).iter().map(|&d| d as usize).collect())
                })
            })
            .unwrap_or_default()
    });
    let list_title = Signal::derive(move || {
        let Some((s, c)) = open_cell.get() else {
            return String::new();
        };
        let (stage, seller) = app.ws.with(|ws| {
            let stage = match c {
                GridCol::Stage(i) => grid.with(|g| {
                    g.stages
                        .get(i)
                        .and_then(|&p| ws.stages.get(p))
                        .map(|st| st.name.clone())
                        .unwrap_or_default()
                }),
                GridCol::Total => i18n.t("pipeline.grid.total"),
            };
            let seller = ws
                .sellers
                .get(s)
                .map(|x| x.name.clone())
                .unwrap_or_default();
            (stage, seller)
        });
        i18n.tf(
            "pipeline.grid.list_title",
            &[("stage", stage), ("seller", seller)],
        )
    });
    let open = move |seller: usize, col: GridCol| {
        open_cell.set(Some((seller, col)));
        request_animation_frame(|| {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("[data-testid=deal-list]").ok().flatten())
            {
                el.scroll_into_view();
            }
        });
    };

    let chart_spec = Signal::derive(move || {
        let lang = i18n.lang();
        let amount_label = i18n.t("pipeline.col.amount");
        let count_label = i18n.t("pipeline.col.count");
        grid.with(|g| {
            app.ws.with(|ws| {
                let sellers: Vec<String> = g
                    .sellers
                    .iter()
                    .map(|&s| ws.sellers[s].name.clone())
                    .collect();
                let stacks: Vec<StageStack> = g
                    .stages
                    .iter()
                    .enumerate()
                    .map(|(c, &p)| {
                        let stage = ws.stages[p].name.clone();
                        let cells: Vec<&Aggregate> = (0..g.sellers.len())
                            .map(|r| g.cell(r, GridCol::Stage(c)))
                            .collect();
                        StageStack {
                            values: cells.iter().map(|a| a.amount.0 as f64 / 100.0).collect(),
                            tips: cells
                                .iter()
                                .zip(&sellers)
                                .map(|(a, seller)| {
                                    vec![
                                        format!("{seller} — {stage}"),
                                        format!(
                                            "{count_label}: {}",
                                            fmt::count(a.count as usize, lang)
                                        ),
                                        format!(
                                            "{amount_label}: {}",
                                            fmt::money(a.amount, &ws.currency, lang)
                                        ),
                                    ]
                                })
                                .collect(),
                            stage,
                        }
                    })
                    .collect();
                stacked_by_stage(&sellers, &stacks).to_json()
            })
        })
    });
    let on_chart_click = Callback::new(move |c: ChartClick| {
        let (Ok(col), Ok(row)) = (usize::try_from(c.series), usize::try_from(c.index)) else {
            return;
        };
        let seller = grid.with_untracked(|g| {
            (col < g.stages.len())
                .then(|| g.sellers.get(row).copied())
                .flatten()
        });
        if let Some(s) = seller {
            open(s, GridCol::Stage(col));
        }
    });
    let export_png = move |_| {
        let result = crate::ui::chart::png_data_url("pipeline-stage-chart").and_then(|url| {
            download_data_url(
                &dated_name("voronka-pipeline-stages", app.today, "png"),
                &url,
            )
        });
        if let Err(e) = result {
            app.notice.set(Some(e));
        }
    };
    let seller_count = Memo::new(move |_| grid.with(|g| g.sellers.len()));

    let table = move || {
        let lang = i18n.lang();
        let g = grid.get();
        app.ws.with(|ws| {
            let cur = ws.currency.clone();
            let cols: Vec<GridCol> = (0..g.stages.len())
                .map(GridCol::Stage)
                .chain([GridCol::Total])
                .collect();
            let col_name = |c: GridCol| match c {
                GridCol::Stage(i) => ws.stages[g.stages[i]].name.clone(),
                GridCol::Total => tr(lang, "pipeline.grid.total"),
            };
            let head = cols
                .iter()
                .map(|&c| {
                    view! { <th scope="col" class="num" class:total-col=c == GridCol::Total>{col_name(c)}</th> }
                })
                .collect_view();
            let body = g
                .sellers
                .iter()
                .enumerate()
                .map(|(r, &s)| {
                    let seller = ws.sellers[s].name.clone();
                    let active = g.is_active(r);
                    let cells = cols
                        .iter()
                        .map(|&c| {
                            let a = *g.cell(r, c);
                            let dev = g.deviation_amount(r, c);
                            let dev_text = signed_percent(dev);
                            let label = fill(&tr(lang, "pipeline.grid.cell_label"), &[
                                ("stage", col_name(c)),
                                ("seller", seller.clone()),
                                ("count", fmt::count(a.count as usize, lang)),
                                ("amount", fmt::money(a.amount, &cur, lang)),
                                ("dev", dev_text.clone()),
                            ]);
                            view! {
                                <td class=format!("num grid-cell dev-{}", band(dev)) class:total-col=c == GridCol::Total>
                                    <button type="button" class="cell-btn" data-testid="grid-cell"
                                        data-count=a.count.to_string()
                                        title=fmt::money(a.amount, &cur, lang)
                                        aria-label=label
                                        disabled=a.count == 0
                                        on:click=move |_| open(s, c)>
                                        <span class="cell-count">{fmt::count(a.count as usize, lang)}</span>
                                        <span class="cell-amount">{fmt::money_short(a.amount, &cur, lang)}</span>
                                        <span class="cell-dev">{dev_text}</span>
                                        {(a.overdue > 0).then(|| view! {
                                            <span class="badge overdue-badge">
                                                {fill(&tr(lang, "pipeline.overdue_count"), &[("n", fmt::count(a.overdue as usize, lang))])}
                                            </span>
                                        })}
                                    </button>
                                </td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr data-testid="grid-row">
                            <th scope="row">
                                {seller.clone()}
                                {(!active).then(|| view! { <span class="muted small">" · "{tr(lang, "pipeline.grid.inactive")}</span> })}
                            </th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            let averages = cols
                .iter()
                .map(|&c| {
                    view! {
                        <td class="num" class:total-col=c == GridCol::Total>
                            <span class="cell-count">{fmt::decimal1(g.average_count(c), lang)}</span>
                            <span class="cell-amount">{g.average_amount(c).map(|m| fmt::money_short(m, &cur, lang)).unwrap_or_else(|| "—".into())}</span>
                        </td>
                    }
                })
                .collect_view();
            let totals = cols
                .iter()
                .map(|&c| {
                    let a = *g.column_total(c);
                    view! {
                        <td class="num" class:total-col=c == GridCol::Total title=fmt::money(a.amount, &cur, lang)>
                            <span class="cell-count">{fmt::count(a.count as usize, lang)}</span>
                            <span class="cell-amount">{fmt::money_short(a.amount, &cur, lang)}</span>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <table class="grid stage-grid" data-testid="stage-grid">
                    <caption>{tr(lang, "pipeline.grid.caption")}</caption>
                    <thead><tr>
                        <th scope="col">{tr(lang, "pipeline.grid.seller")}</th>
                        {head}
                    </tr></thead>
                    <tbody>{body}</tbody>
                    <tfoot>
                        <tr class="avg-row" data-testid="grid-average">
                            <th scope="row">
                                {tr(lang, "pipeline.grid.team_average")}
                                <span class="muted small">" "{fill(&tr(lang, "pipeline.grid.active"), &[("n", g.active_sellers.to_string())])}</span>
                            </th>
                            {averages}
                        </tr>
                        <tr>
                            <th scope="row">{tr(lang, "pipeline.grid.totals")}</th>
                            {totals}
                        </tr>
                    </tfoot>
                </table>
            }
        })
    };

    let legend = move || {
        view! {
            <div class="dev-legend" data-testid="grid-legend">
                <span class="muted">{i18n.t("pipeline.grid.legend")}</span>
                <ul>
                    {["n2", "n1", "0", "p1", "p2", "none"].into_iter().map(|b| view! {
                        <li><span class=format!("swatch dev-{b}") aria-hidden="true"></span>{i18n.t(&format!("pipeline.grid.band_{b}"))}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
    };

    view! {
        <div class="stages-layout">
            <div class="stages-grid-box">
                <div class="table-scroll wide">{table}</div>
                {legend}
            </div>
            <div class="stages-chart-box">
                <div class="action-row">
                    <span class="muted">{move || i18n.t("pipeline.grid.chart")}</span>
                    <button type="button" class="secondary" data-testid="pipeline-png" on:click=export_png>
                        {move || i18n.t("common.export_png")}
                    </button>
                </div>
                {move || {
                    let h = (seller_count.get() as u32 * 34 + 80).max(260);
                    view! {
                        <Chart spec=chart_spec label=Signal::derive(move || i18n.t("pipeline.grid.chart"))
                            test_id="pipeline-stage-chart" on_click=on_chart_click height=h/>
                    }
                }}
            </div>
        </div>
        {move || open_cell.get().is_some().then(|| view! {
            <DealList deals=list_deals title=list_title on_close=Callback::new(move |_| open_cell.set(None))/>
        })}
    }
}
