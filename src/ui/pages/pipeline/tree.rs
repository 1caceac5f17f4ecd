//! The accessible tree grid of the clients and forecast reports: rows expand and collapse by
//! click or keyboard, the expanded rows live in the URL, long lists are paged.

use std::sync::Arc;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::pipeline::{Expansion, NO_PARENT, NodeKey, NodePath, Tree, key_name};
use crate::domain::{Lang, Workspace};
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::pager::Pager;
use crate::ui::state::{Shared, use_app};

/// Rows rendered per page of a tree (see the module doc: paging, not virtualisation).
pub const PAGE_ROWS: usize = 300;

/// A built and sorted tree with a generation number, so rows of an older tree are never
/// mistaken for rows of a newer one.
pub(super) struct Built {
    pub(super) generation: u64,
    pub(super) tree: Tree,
}

pub(super) type TreeMemo = Memo<Shared<Built>>;

/// One rendered row of a tree grid.
#[derive(Clone)]
pub(super) struct RowItem {
    pub(super) built: Shared<Built>,
    pub(super) id: u32,
    /// Position among its siblings (1-based) and the number of siblings, for ARIA.
    pub(super) posinset: usize,
    pub(super) setsize: usize,
    pub(super) lang: Lang,
}

/// Names and details of a row, read from the workspace once when the row is rendered.
pub(super) struct RowText {
    pub(super) name: String,
    pub(super) stage: String,
    pub(super) probability: String,
    pub(super) deal_type: String,
    pub(super) expected_close: String,
    pub(super) next_step: String,
}

pub(super) fn row_text(ws: &Workspace, key: NodeKey, lang: Lang) -> RowText {
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

/// Moves keyboard focus to the rendered row with `data-path=path` in `grid`. Rows are drawn by
/// the pager and keyed by path, so the row is found in its table rather than kept per row; a
/// late call after the grid has left the page does nothing.
fn focus_row_in(grid: NodeRef<leptos::html::Table>, path: &str) {
    let row = grid
        .get_untracked()
        .and_then(|t| {
            t.query_selector(&format!("tr[data-path=\"{path}\"]"))
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
pub(super) fn TreeGrid(
    /// The tree and the rows it shows.
    tree: TreeMemo,
    /// The expanded rows.
    expansion: Memo<Expansion>,
    /// The URL query key of the expanded rows.
    url_key: &'static str,
    /// `data-testid` of the table.
    test_id: &'static str,
    /// Translation key of the caption.
    caption_key: &'static str,
    /// Translation key of the first column's header.
    name_key: &'static str,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    // Rows to render: a new tree starts again from its first page.
    let pager = Pager::new(PAGE_ROWS, PAGE_ROWS, move || tree.track());
    // Expanding only recomputes this list; the tree itself is untouched.
    let visible = Memo::new(move |_| {
        tree.with(|b| expansion.with(|e| Shared(Arc::new(b.tree.visible_rows(e)))))
    });
    // The row that takes Tab (roving tabindex), by path so it survives re-sorting.
    let focus = RwSignal::new(None::<NodePath>);
    let tab_target = Memo::new(move |_| {
        let lim = pager.shown();
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
        app.set_query(url_key, (!s.is_empty()).then_some(s));
    };
    let set_expanded = move |path: NodePath, open: bool| {
        let mut e = expansion.get_untracked();
        e.set(path, open);
        write_expansion(e);
    };
    let grid_node = NodeRef::<leptos::html::Table>::new();
    let focus_row = move |b: &Built, id: u32| {
        let pos = visible.with_untracked(|v| v.iter().position(|&x| x == id));
        if let Some(i) = pos
            && i >= pager.shown()
        {
            pager.show((i / PAGE_ROWS + 1) * PAGE_ROWS);
        }
        let path = b.tree.path(id);
        let text = path.to_string();
        focus.set(Some(path));
        // After the row (and maybe a new page) is rendered.
        request_animation_frame(move || focus_row_in(grid_node, &text));
    };
    let step = move |b: &Built, id: u32, delta: isize| {
        let lim = pager.shown();
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
        let text = app.ws().with_untracked(|ws| row_text(ws, node.key, lang));
        let cur = app.ws().with_untracked(|w| w.currency.clone());
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
                    let lim = pager.shown();
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
        let lim = pager.shown();
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
            <table class="grid treegrid" role="treegrid" data-testid=test_id node_ref=grid_node>
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
            let shown = total.min(pager.shown());
            let lang = i18n.lang();
            view! {
                <div class="action-row tree-paging">
                    <span class="muted" data-testid="tree-shown">{i18n.tf("pipeline.shown", &[
                        ("shown", fmt::count(shown, lang)),
                        ("total", fmt::count(total, lang)),
                    ])}</span>
                    {(shown < total).then(|| view! {
                        <button type="button" class="secondary" data-testid="tree-more"
                            on:click=move |_| pager.more()>
                            {i18n.tf("pipeline.show_more", &[("n", fmt::count(PAGE_ROWS.min(total - shown), lang))])}
                        </button>
                    })}
                </div>
            }
        }}
    }
}
