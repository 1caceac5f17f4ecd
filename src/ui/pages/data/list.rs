//! The Data section's lists: one shell ([`DataList`]: heading with count and add button, help,
//! search, the table with its sortable headers, the empty message and the pager) that every tab
//! fills with its columns and rows; sorting by any column (URL `dsort`, `col` or `-col` for
//! descending; `aria-sort` on the header), the text filter (URL `dq`), and paging.
//!
//! Long lists are **paged**, not virtualised: [`PAGE_ROWS`] rows are rendered per page with a
//! pager (first / previous / next / last and "rows 51–100 of 10,000"). Filtering and sorting work
//! on row positions (one pass plus one sort of cached keys), so a list of 10,000 deals re-sorts
//! in milliseconds and renders only 50 rows.

use std::cmp::Ordering;

use leptos::prelude::*;

use crate::domain::Lang;
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::state::{AppState, use_app};

/// Rows rendered per page of a list.
pub const PAGE_ROWS: usize = 50;

/// URL keys of the lists' view state.
pub const SORT_KEY: &str = "dsort";
pub const QUERY_KEY: &str = "dq";

/// A list's sort, text filter and page.
#[derive(Clone, Copy)]
pub struct ListCtl {
    /// The text filter as typed.
    pub query: Memo<String>,
    /// (column, descending).
    pub sort: Memo<(String, bool)>,
    /// The page shown, from 0 (clamped when the list shrinks).
    pub page: RwSignal<usize>,
    app: AppState,
}

impl ListCtl {
    /// A list sorted by `default_col` until the user chooses (`-col`: descending).
    pub fn new(default_col: &'static str) -> Self {
        let app = use_app();
        let query = Memo::new(move |_| {
            app.route()
                .with(|r| r.get(QUERY_KEY).unwrap_or_default().to_string())
        });
        let sort = Memo::new(move |_| {
            app.route().with(|r| match r.get(SORT_KEY) {
                Some(s) if !s.is_empty() => match s.strip_prefix('-') {
                    Some(col) => (col.to_string(), true),
                    None => (s.to_string(), false),
                },
                _ => match default_col.strip_prefix('-') {
                    Some(col) => (col.to_string(), true),
                    None => (default_col.to_string(), false),
                },
            })
        });
        ListCtl {
            query,
            sort,
            page: RwSignal::new(0),
            app,
        }
    }

    pub fn set_query(self, q: String) {
        let v = (!q.is_empty()).then_some(q);
        self.app.set_query(QUERY_KEY, v);
        self.page.set(0);
    }

    /// Sorts by `col`, ascending first; a second click reverses.
    pub fn toggle(self, col: &str) {
        let (cur, desc) = self.sort.get_untracked();
        let v = if cur == col && !desc {
            format!("-{col}")
        } else {
            col.to_string()
        };
        self.app.set_query(SORT_KEY, Some(v));
        self.page.set(0);
    }

    /// The positions of the rows on the current page.
    pub fn window(self, total: usize) -> std::ops::Range<usize> {
        let last = total.saturating_sub(1) / PAGE_ROWS;
        let p = self.page.get().min(last);
        let start = p * PAGE_ROWS;
        start..(start + PAGE_ROWS).min(total)
    }

    /// The lower-cased terms of the text filter.
    pub fn terms(self) -> Vec<String> {
        self.query
            .with(|q| q.split_whitespace().map(str::to_lowercase).collect())
    }
}

/// True when every term occurs in one of `fields` (case-insensitive).
pub fn hits(terms: &[String], fields: &[&str]) -> bool {
    if terms.is_empty() {
        return true;
    }
    let hay: Vec<String> = fields.iter().map(|f| f.to_lowercase()).collect();
    terms
        .iter()
        .all(|t| hay.iter().any(|h| h.contains(t.as_str())))
}

/// A sort key: numbers, or text compared case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    N(i128),
    T(String),
}

pub fn text_key(s: &str) -> Key {
    Key::T(s.to_lowercase())
}

/// Sorts positions by a key computed once per row; ties keep list order.
pub fn sort_rows(rows: &mut Vec<usize>, desc: bool, key: impl Fn(usize) -> Key) {
    let mut keyed: Vec<(Key, usize)> = rows.iter().map(|&i| (key(i), i)).collect();
    keyed.sort_by(|a, b| {
        let o = a.0.cmp(&b.0);
        let o = if desc { o.reverse() } else { o };
        if o == Ordering::Equal {
            a.1.cmp(&b.1)
        } else {
            o
        }
    });
    *rows = keyed.into_iter().map(|(_, i)| i).collect();
}

/// The search field above a list.
pub fn search_box(ctl: ListCtl, id: &'static str, label_key: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="dsearch" for=id>
            <span>{move || i18n.t(label_key)}</span>
            <input type="search" id=id data-testid=id autocomplete="off"
                prop:value=move || ctl.query.get()
                on:input=move |ev| ctl.set_query(event_target_value(&ev)) />
        </label>
    }
}

/// A sortable column header.
pub fn sort_th(
    ctl: ListCtl,
    col: &'static str,
    label_key: &'static str,
    num: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = move || ctl.sort.with(|(c, d)| (c == col).then_some(*d));
    view! {
        <th scope="col" class:num=num
            aria-sort=move || match state() { Some(true) => "descending", Some(false) => "ascending", None => "none" }>
            <button type="button" class="dsort" data-testid=format!("sort-{col}") on:click=move |_| ctl.toggle(col)>
                {move || i18n.t(label_key)}
                <span class="dsort-mark" aria-hidden="true">{move || match state() {
                    Some(true) => "▼", Some(false) => "▲", None => "↕" }}</span>
            </button>
        </th>
    }
}

/// First / previous / next / last and where we are; hidden when everything fits on one page.
pub fn pager(ctl: ListCtl, total: Signal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let last = move || total.get().saturating_sub(1) / PAGE_ROWS;
    let cur = move || ctl.page.get().min(last());
    move || {
        (total.get() > PAGE_ROWS).then(|| {
            view! {
                <nav class="dpager" aria-label=move || i18n.t("data.pager.label") data-testid="pager">
                    <button type="button" class="secondary" disabled=move || cur() == 0
                        on:click=move |_| ctl.page.set(0)>{move || i18n.t("data.pager.first")}</button>
                    <button type="button" class="secondary" disabled=move || cur() == 0 data-testid="pager-prev"
                        on:click=move |_| ctl.page.set(cur().saturating_sub(1))>{move || i18n.t("data.pager.prev")}</button>
                    <span class="dpager-info" data-testid="pager-info" aria-live="polite">{move || {
                        let lang = i18n.lang();
                        let r = ctl.window(total.get());
                        i18n.tf("data.pager.info", &[
                            ("from", fmt::count(r.start + 1, lang)),
                            ("to", fmt::count(r.end, lang)),
                            ("total", fmt::count(total.get(), lang)),
                            ("page", fmt::count(cur() + 1, lang)),
                            ("pages", fmt::count(last() + 1, lang)),
                        ])
                    }}</span>
                    <button type="button" class="secondary" disabled=move || { cur() >= last() } data-testid="pager-next"
                        on:click=move |_| ctl.page.set(cur() + 1)>{move || i18n.t("data.pager.next")}</button>
                    <button type="button" class="secondary" disabled=move || { cur() >= last() }
                        on:click=move |_| ctl.page.set(last())>{move || i18n.t("data.pager.last")}</button>
                </nav>
            }
        })
    }
}

/// A sortable column of a list: its sort key (URL `dsort`), its header's translation key, and
/// whether it holds numbers (right-aligned).
pub type Column = (&'static str, &'static str, bool);

/// The add button of a list: its id (also its test id), its label's translation key, and what
/// it does.
pub type AddButton = (&'static str, &'static str, Callback<()>);

/// One list of the Data section, around the rows its tab draws.
#[component]
pub fn DataList(
    /// Names the list's parts: `<id>-title` (the heading's id) and `<id>-list` (the table's test
    /// id).
    #[prop(into)]
    id: String,
    /// Translation key of the heading (and of the table's caption, unless `caption` is given).
    title: &'static str,
    /// Translation key of the table's caption, when it is not the heading.
    #[prop(optional)]
    caption: Option<&'static str>,
    /// The count beside the heading.
    #[prop(into)]
    count: Signal<String>,
    /// `data-testid` of the count.
    #[prop(optional, into)]
    count_test_id: Option<String>,
    /// Class of the count (`dtotal` for the deals' total).
    #[prop(default = "muted")]
    count_class: &'static str,
    /// The add button beside the heading, if the list has one.
    #[prop(optional)]
    add: Option<AddButton>,
    /// Translation key of the help under the heading.
    help: &'static str,
    /// Shown after the help text, in the same paragraph (a link).
    #[prop(optional, into)]
    help_more: Option<ViewFn>,
    /// Shown between the help and the search field (the quick-add form).
    #[prop(optional, into)]
    above: Option<ViewFn>,
    /// Translation key of the search field's label.
    #[prop(default = "data.search")]
    search_label: &'static str,
    /// Shown beside the search field (the deals' bulk actions).
    #[prop(optional, into)]
    tools: Option<ViewFn>,
    /// What to say when no row is shown.
    #[prop(into)]
    empty: Signal<String>,
    /// The list's sort, text filter and page.
    ctl: ListCtl,
    /// Rows that pass the filters (all pages).
    #[prop(into)]
    total: Signal<usize>,
    /// A header cell before the sortable ones (the deals' select-all box).
    #[prop(optional, into)]
    lead: Option<ViewFn>,
    /// The sortable columns, in order.
    columns: Vec<Column>,
    /// Whether each row ends with an actions cell (its header has only a screen-reader label).
    #[prop(optional)]
    actions: bool,
    /// The rows of the page shown.
    #[prop(into)]
    rows: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <section class="card dlist" aria-labelledby=labelled_by>
            <header class="dlist-head">
                <h2 id=title_id>{move || i18n.t(title)}</h2>
                <span class=count_class data-testid=count_test_id>{move || count.get()}</span>
                {add.map(|(add_id, label, on_add)| view! {
                    <button type="button" id=add_id data-testid=add_id on:click=move |_| on_add.run(())>
                        {move || i18n.t(label)}
                    </button>
                })}
            </header>
            <p class="help">
                {move || i18n.t(help)}
                {help_more.map(|more| view! { " " {more.run()} })}
            </p>
            {above.map(|v| v.run())}
            <div class="dlist-tools">
                {search_box(ctl, "dsearch", search_label)}
                {tools.map(|v| v.run())}
            </div>
            {move || (total.get() == 0).then(|| view! {
                <p class="empty" data-testid="list-empty">{move || empty.get()}</p>
            })}
            <div class="table-scroll">
            <table class="grid dtable" data-testid=format!("{id}-list")>
                <caption class="sr-only">{move || i18n.t(caption.unwrap_or(title))}</caption>
                <thead><tr>
                    {lead.map(|v| v.run())}
                    {columns.into_iter().map(|(col, label, num)| sort_th(ctl, col, label, num)).collect_view()}
                    {actions.then(|| view! {
                        <th scope="col"><span class="sr-only">{move || i18n.t("data.actions")}</span></th>
                    })}
                </tr></thead>
                <tbody>{move || rows.run()}</tbody>
            </table>
            </div>
            {pager(ctl, total)}
        </section>
    }
}

/// "Nothing here yet" (`key`) for an unfiltered list, "nothing matches" for a filtered one.
pub fn empty_text(ctl: ListCtl, key: &'static str) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || {
        if ctl.query.with(String::is_empty) {
            i18n.t(key)
        } else {
            i18n.t("data.nothing_matches")
        }
    })
}

/// A row's header: the item's name as a button that opens its form.
pub fn open_cell(
    id: String,
    name: String,
    test_id: Option<&'static str>,
    on_open: Callback<()>,
) -> impl IntoView {
    view! {
        <th scope="row">
            <button type="button" class="link drow-open" id=id data-testid=test_id
                on:click=move |_| on_open.run(())>{name}</button>
        </th>
    }
}

/// A row's delete button, named for screen readers ("Delete Anna").
pub fn delete_button(
    lang: Lang,
    id: Option<String>,
    name: &str,
    on_delete: Callback<()>,
) -> impl IntoView + use<> {
    view! {
        <button type="button" class="link danger-link" id=id
            aria-label=fill(&tr(lang, "data.delete_named"), &[("name", name.to_string())])
            on:click=move |_| on_delete.run(())>{tr(lang, "common.delete")}</button>
    }
}
