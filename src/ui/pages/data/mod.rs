//! The Data section (issue 3): where a head of sales keeps the whole workspace. Sub-tabs (URL
//! `dtab`): deals, clients, contacts, sellers, directions, stages, plans, roles, deal types and
//! the workspace file (import, export, demo, start empty, restore), and the workshop (scenario
//! companies and the printed meeting pack).
//!
//! Every list sorts by any column (`dsort`), filters by text (`dq`) and, for deals and plans, by
//! the shared filter bar. Long lists are **paged** ([`list::PAGE_ROWS`] = 50 rows a page with
//! a pager), not virtualised: with 10,000 deals a filter or sort change is one pass and one sort
//! over row positions, and only one page of rows is in the DOM.
//!
//! Every change goes through [`crate::ui::state::AppState::change`], which records the workspace
//! before it on the undo stack (the last 20 changes, until the page is closed): edits, deletes,
//! bulk delete, stage moves and reorders, import, demo, start empty and restore. The header's
//! Undo / Redo buttons name what they undo; Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) do the same
//! outside text fields.

pub mod common;
pub mod csv_import;
pub mod deals;
pub mod delete;
pub mod file;
pub mod form;
pub mod list;
pub mod merge;
pub mod named;
pub mod people;
pub mod plans;
pub mod stages;
pub mod workshop;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::i18n::{I18n, fill, tr, use_i18n};
use crate::ui::lazy::split_view;
use crate::ui::route::Route;
use crate::ui::state::{AppState, use_app};
use common::Kind;

/// URL key of the sub-tab.
pub const TAB_KEY: &str = "dtab";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Deals,
    Clients,
    Contacts,
    Sellers,
    Directions,
    Stages,
    Plans,
    Roles,
    DealTypes,
    File,
    Workshop,
}

impl Tab {
    pub const ALL: [Tab; 11] = [
        Tab::Deals,
        Tab::Clients,
        Tab::Contacts,
        Tab::Sellers,
        Tab::Directions,
        Tab::Stages,
        Tab::Plans,
        Tab::Roles,
        Tab::DealTypes,
        Tab::File,
        Tab::Workshop,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Tab::Deals => "deals",
            Tab::Clients => "clients",
            Tab::Contacts => "contacts",
            Tab::Sellers => "sellers",
            Tab::Directions => "directions",
            Tab::Stages => "stages",
            Tab::Plans => "plans",
            Tab::Roles => "roles",
            Tab::DealTypes => "types",
            Tab::File => "file",
            Tab::Workshop => "workshop",
        }
    }

    pub fn from_route(r: &Route) -> Tab {
        r.get(TAB_KEY)
            .and_then(|s| Tab::ALL.into_iter().find(|t| t.slug() == s))
            .unwrap_or_default()
    }

    fn label_key(self) -> &'static str {
        match self {
            Tab::Deals => "common.deals",
            Tab::Clients => "data.clients",
            Tab::Contacts => "data.contacts",
            Tab::Sellers => "data.sellers",
            Tab::Directions => "data.directions",
            Tab::Stages => "data.stages",
            Tab::Plans => "data.plans",
            Tab::Roles => "data.roles",
            Tab::DealTypes => "data.types",
            Tab::File => "data.file_tab",
            Tab::Workshop => "workshop.tab",
        }
    }

    /// The route showing this tab (the list view state of the previous tab is dropped).
    fn route(self, r: &Route) -> Route {
        let v = (self != Tab::default()).then(|| self.slug().to_string());
        r.with(TAB_KEY, v)
            .with(list::SORT_KEY, None)
            .with(list::QUERY_KEY, None)
            .with(people::FOR_CLIENT_KEY, None)
    }
}

fn undo_now(app: AppState, i18n: I18n) {
    if let Some(label) = app.undo() {
        app.notify(fill(
            &tr(i18n.lang_untracked(), "data.undone"),
            &[("label", label)],
        ));
    }
}

fn redo_now(app: AppState, i18n: I18n) {
    if let Some(label) = app.redo() {
        app.notify(fill(
            &tr(i18n.lang_untracked(), "data.redone"),
            &[("label", label)],
        ));
    }
}

/// True when a key event comes from a field with its own text undo.
fn in_text_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            let tag = el.tag_name().to_lowercase();
            tag == "textarea"
                || tag == "select"
                || (tag == "input" && el.get_attribute("type").as_deref() != Some("checkbox"))
        })
}

/// Undo and redo, naming what they would undo or redo.
#[component]
pub fn UndoControls() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let last = move || {
        app.undo_stack()
            .with(|u| u.labels().first().map(|s| s.to_string()))
    };
    let next = move || {
        app.undo_stack()
            .with(|u| u.redo_labels().first().map(|s| s.to_string()))
    };
    let depth = move || app.undo_stack().with(|u| u.labels().len());
    view! {
        <div class="dundo" role="group" aria-label=move || i18n.t("data.undo.group")>
            <button type="button" class="secondary" data-testid="undo" disabled=move || last().is_none()
                title=move || i18n.t("data.undo.shortcut")
                on:click=move |_| undo_now(app, i18n)>
                {move || match last() {
                    Some(l) => i18n.tf("data.undo.button", &[("label", l)]),
                    None => i18n.t("data.undo.nothing"),
                }}
            </button>
            {move || (depth() > 1).then(|| view! {
                <span class="muted dundo-more">{i18n.tf("data.undo.more", &[("n", (depth() - 1).to_string())])}</span>
            })}
            {move || next().map(|l| view! {
                <button type="button" class="link" data-testid="redo" on:click=move |_| redo_now(app, i18n)>
                    {i18n.tf("data.undo.redo", &[("label", l)])}
                </button>
            })}
        </div>
    }
}

#[component]
pub fn DataPage() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let tab = Memo::new(move |_| app.route().with(Tab::from_route));

    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let ctrl = ev.ctrl_key() || ev.meta_key();
        if !ctrl || in_text_field(&ev) {
            return;
        }
        let key = ev.key().to_lowercase();
        if key == "z" && !ev.shift_key() {
            ev.prevent_default();
            undo_now(app, i18n);
        } else if (key == "z" && ev.shift_key()) || key == "y" {
            ev.prevent_default();
            redo_now(app, i18n);
        }
    });
    on_cleanup(move || keys.remove());

    view! {
        <section class="card dhead">
            <div class="dhead-row">
                <h1>{move || i18n.t("data.title")}</h1>
                <p data-testid="data-summary" class="dsummary">{move || {
                    let n = |v: usize| crate::ui::fmt::count(v, i18n.lang());
                    app.ws().with(|w| i18n.tf("data.summary", &[
                        ("deals", n(w.deals.len())),
                        ("clients", n(w.real_clients().count())),
                        ("contacts", n(w.contacts.len())),
                        ("sellers", n(w.sellers.len())),
                    ]))
                }}</p>
                <UndoControls/>
            </div>
            <nav class="dtabs" aria-label=move || i18n.t("data.sections")>
                {Tab::ALL.into_iter().map(|t| view! {
                    <a href=move || app.route().with(|r| t.route(r)).to_hash()
                        class:active=move || tab.get() == t
                        aria-current=move || (tab.get() == t).then_some("page")
                        data-testid=format!("dtab-{}", t.slug())>
                        {move || i18n.t(t.label_key())}
                    </a>
                }).collect_view()}
            </nav>
        </section>
        {move || match tab.get() {
            Tab::Deals => deals_list_view(),
            Tab::Clients => clients_list_view(),
            Tab::Contacts => contacts_list_view(),
            Tab::Sellers => sellers_list_view(),
            Tab::Directions => directions_list_view(),
            Tab::Stages => stages_list_view(),
            Tab::Plans => plans_list_view(),
            Tab::Roles => roles_list_view(),
            Tab::DealTypes => deal_types_list_view(),
            Tab::File => file_tab_view(),
            Tab::Workshop => workshop_tab_view(),
        }}
    }
}

// Each list is a chunk of its own in the split build (`ui::lazy`): the page's chunk holds the
// header and the tab bar, and a visit fetches only the open list's code. The four named lists
// (sellers, directions, roles, deal types) are one component, so one chunk; clients and contacts
// share theirs. Each function still has a slot of its own: its loader is its own (`ui::lazy`).
split_view! {
    fn deals_list_view, prefetch prefetch_deals_list, chunk data_deals, slot 40,
        build deals_list, preload preload_deals_list => view! { <deals::DealsList/> }
}
split_view! {
    fn clients_list_view, prefetch prefetch_clients_list, chunk data_people, slot 41,
        build clients_list, preload preload_clients_list => view! { <people::ClientsList/> }
}
split_view! {
    fn contacts_list_view, prefetch prefetch_contacts_list, chunk data_people, slot 46,
        build contacts_list, preload preload_contacts_list => view! { <people::ContactsList/> }
}
split_view! {
    fn sellers_list_view, prefetch prefetch_sellers_list, chunk data_named, slot 42,
        build sellers_list, preload preload_sellers_list => view! { <named::NamedList kind=Kind::Seller/> }
}
split_view! {
    fn directions_list_view, prefetch prefetch_directions_list, chunk data_named, slot 47,
        build directions_list, preload preload_directions_list => view! { <named::NamedList kind=Kind::Direction/> }
}
split_view! {
    fn roles_list_view, prefetch prefetch_roles_list, chunk data_named, slot 38,
        build roles_list, preload preload_roles_list => view! { <named::NamedList kind=Kind::Role/> }
}
split_view! {
    fn deal_types_list_view, prefetch prefetch_deal_types_list, chunk data_named, slot 39,
        build deal_types_list, preload preload_deal_types_list => view! { <named::NamedList kind=Kind::DealType/> }
}
split_view! {
    fn stages_list_view, prefetch prefetch_stages_list, chunk data_stages, slot 43,
        build stages_list, preload preload_stages_list => view! { <stages::StagesList/> }
}
split_view! {
    fn plans_list_view, prefetch prefetch_plans_list, chunk data_plans, slot 44,
        build plans_list, preload preload_plans_list => view! { <plans::PlansList/> }
}
split_view! {
    fn workshop_tab_view, prefetch prefetch_workshop_tab, chunk data_workshop, slot 45,
        build workshop_tab, preload preload_workshop_tab => view! { <workshop::WorkshopTab/> }
}

/// The File tab (export, import, merge, CSV import) is the Data page's largest part and rarely
/// opened: the split release build cuts it into a chunk of its own (`ui::lazy`).
#[cfg_attr(voronka_split, ::leptos::wasm_split::wasm_split(
    data_file_tab,
    wasm_split_path = ::leptos::wasm_split,
    preload(preload_file_tab),
    fallible
))]
fn file_tab() -> Result<AnyView, crate::ui::lazy::LoadError> {
    Ok(view! { <file::FileTab/> }.into_any())
}

#[cfg(not(voronka_split))]
fn file_tab_view() -> AnyView {
    // An unsplit build has nothing to load, so it never fails.
    file_tab().unwrap_or_else(|crate::ui::lazy::LoadError| ().into_any())
}

#[cfg(voronka_split)]
const FILE_TAB: crate::ui::lazy::Slot = crate::ui::lazy::Slot(31);

#[cfg(voronka_split)]
fn file_tab_view() -> AnyView {
    use crate::ui::lazy::{LazyView, poll_once};
    view! {
        <LazyView chunk=FILE_TAB preload=|| Box::pin(async { preload_file_tab().await.map_err(crate::ui::lazy::LoadError::from) }) make=|| poll_once(file_tab())/>
    }
    .into_any()
}

/// Fetches every tab's chunk (the idle prefetch after the first chart; no-op when unsplit).
pub fn prefetch_tabs() {
    prefetch_deals_list();
    deals::prefetch_deal_form();
    people::prefetch_forms();
    // Each split function has its own loader, also when it shares its chunk with others.
    prefetch_clients_list();
    prefetch_contacts_list();
    prefetch_sellers_list();
    prefetch_directions_list();
    prefetch_roles_list();
    prefetch_deal_types_list();
    prefetch_stages_list();
    prefetch_plans_list();
    prefetch_workshop_tab();
    #[cfg(voronka_split)]
    prefetch_file_tab();
    file::prefetch_csv_import_chunk();
    csv_import::prefetch_planned();
}

/// Fetches the File tab's chunk (the idle prefetch after the first chart).
#[cfg(voronka_split)]
fn prefetch_file_tab() {
    leptos::task::spawn_local(async {
        let _ = crate::ui::lazy::load(FILE_TAB, || {
            Box::pin(async {
                preload_file_tab()
                    .await
                    .map_err(crate::ui::lazy::LoadError::from)
            })
        })
        .await;
    });
}
