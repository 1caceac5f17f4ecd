//! The shell: header with navigation and language, storage banner, filter bar, and the page
//! chosen by the hash route.

use leptos::prelude::*;

use crate::domain::Lang;
use crate::storage;
use crate::ui::banner::StorageBanner;
use crate::ui::filter_bar::FilterBar;
use crate::ui::i18n::{I18n, tr};
use crate::ui::page_loader::{page_view, prefetch_after_first_chart};
use crate::ui::route::{Page, Route};
use crate::ui::state::{AppState, Initial, initial_workspace, today_local};

fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The browser's preferred language if Voronka speaks it, else Russian.
fn browser_lang() -> Lang {
    let nav = web_sys::window()
        .map(|w| w.navigator().language().unwrap_or_default())
        .unwrap_or_default();
    if nav.to_lowercase().starts_with("en") {
        Lang::En
    } else {
        Lang::Ru
    }
}

#[component]
pub fn App() -> impl IntoView {
    let settings = storage::load_settings();
    let lang = RwSignal::new(settings.lang().unwrap_or_else(browser_lang));
    let i18n = I18n(lang);
    provide_context(i18n);

    let today = today_local();
    let Initial {
        workspace,
        status,
        from_storage,
    } = initial_workspace(lang.get_untracked(), today);
    // The morning's snapshot is of the workspace as loaded, before any edit.
    provide_context(crate::ui::snapshots::Snapshots::start(&workspace, today));
    let app = AppState::new(
        workspace,
        today,
        Route::parse(&location_hash()),
        status,
        storage::read_revision(),
    );
    provide_context(app);

    // Sync with the outside world: storage on every change, the language into settings and
    // the document, the hash into the route.
    Effect::new(move |saved_before: Option<()>| {
        app.ws().track();
        // The first run sees the workspace as loaded: skip saving it back unchanged.
        if saved_before.is_some() || !from_storage {
            app.persist();
        }
    });
    Effect::new(move |prev: Option<Lang>| {
        let l = lang.get();
        if prev.is_some_and(|p| p != l) {
            let mut settings = storage::load_settings();
            settings.lang = Some(l.code().to_string());
            let _ = storage::save_settings(&settings);
        }
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(html) = doc.document_element() {
                html.set_attribute("lang", l.code()).ok();
            }
            doc.set_title(&tr(l, "app.name"));
        }
        l
    });
    let hash_listener = window_event_listener(leptos::ev::hashchange, move |_| {
        app.follow_route(Route::parse(&location_hash()));
    });
    on_cleanup(move || hash_listener.remove());
    // Another tab of this origin saved the workspace (it writes the revision last).
    let storage_listener = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(storage::REVISION_KEY) {
            app.adopt_other_tab(ev.new_value(), lang.get_untracked());
        }
    });
    on_cleanup(move || storage_listener.remove());

    let page = Memo::new(move |_| app.route().with(|r| r.page));
    prefetch_after_first_chart();

    view! {
        <div class="app">
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">"▼"</span>
                    <span class="name">{move || i18n.t("app.name")}</span>
                    <span class="tagline">{move || i18n.t("app.tagline")}</span>
                </div>
                <nav aria-label=move || i18n.t("nav.main")>
                    {Page::ALL.into_iter().map(|p| view! {
                        <a href=move || app.route().with(|r| r.on_page(p).to_hash())
                            class:active=move || page.get() == p
                            aria-current=move || (page.get() == p).then_some("page")
                            data-testid=format!("nav-{}", p.slug())>
                            {move || i18n.t(p.label_key())}
                        </a>
                    }).collect_view()}
                </nav>
                <label class="lang">
                    <span class="sr-only">{move || i18n.t("lang.label")}</span>
                    <select data-testid="lang" on:change=move |ev| {
                        if let Some(l) = Lang::from_code(&event_target_value(&ev)) { lang.set(l) }
                    }>
                        <option value="ru" selected=move || lang.get() == Lang::Ru>"Русский"</option>
                        <option value="en" selected=move || lang.get() == Lang::En>"English"</option>
                    </select>
                </label>
            </header>
            <StorageBanner/>
            <crate::ui::update::UpdateOffer/>
            <FilterBar/>
            <crate::ui::report_notes::ReportNotes/>
            <main class="page" data-testid=move || format!("page-{}", page.get().slug())>
                {move || page_view(page.get())}
            </main>
            {move || app.notice().get().map(|n| view! {
                <div class="notice" role="status" data-testid="notice">
                    <span>{n}</span>
                    <button type="button" class="link" on:click=move |_| app.dismiss_notice()>
                        {i18n.t("common.close")}
                    </button>
                </div>
            })}
        </div>
    }
}
