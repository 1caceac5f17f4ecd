//! The shell: header with navigation and language, storage banner, filter bar, and the page
//! chosen by the hash route.

use leptos::prelude::*;

use crate::domain::Lang;
use crate::storage;
use crate::ui::banner::StorageBanner;
use crate::ui::chart::ChartFontScale;
use crate::ui::filter_bar::FilterBar;
use crate::ui::i18n::{I18n, tr};
use crate::ui::page_loader::{page_view, prefetch_after_first_chart};
use crate::ui::route::{Page, Route};
use crate::ui::state::{AppState, Initial, initial_workspace, today_local};
use crate::ui::workshop::present::{FILTER_PANEL_ID, PresentBar, WorkshopButtons};
use crate::ui::workshop::slides::is_presenting;
use crate::ui::workshop::tour::tour_layer_view;
use crate::ui::workshop::{PRESENT_CHART_SCALE, shortcuts, steps};

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
    // A link naming a tour step opens that step's view.
    let settle_tour = move || {
        if let Some(r) = app.route().with_untracked(steps::settle) {
            app.navigate(r, true);
        }
    };
    settle_tour();
    let presenting = Memo::new(move |_| app.route().with(is_presenting));
    provide_context(ChartFontScale(Signal::derive(move || {
        if presenting.get() {
            PRESENT_CHART_SCALE
        } else {
            1.0
        }
    })));
    // Presentation mode collapses the filter bar; this opens it again.
    let filters_shown = RwSignal::new(false);
    shortcuts::listen(app);
    // A workshop link (`#/funnel?scenario=leaking-stage`) opens its scenario.
    app.follow_scenario_link(&app.route().get_untracked(), lang.get_untracked());

    // Sync with the outside world: storage on every change, the language into settings and
    // the document, the hash into the route.
    if !from_storage {
        // The demo (or a workspace shown in place of an unreadable one) is not stored yet.
        app.mark_all_changed();
    }
    Effect::new(move |_| {
        app.ws().track();
        app.save_soon();
    });
    // Leaving the page, or hiding it (the last moment a mobile browser guarantees), saves a
    // change still waiting, synchronously: an edit followed at once by closing the tab is kept.
    let pagehide = window_event_listener(leptos::ev::pagehide, move |_| app.persist());
    on_cleanup(move || pagehide.remove());
    // `visibilitychange` fires on the document, not the window.
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        use wasm_bindgen::JsCast;
        let hidden_doc = doc.clone();
        let on_hidden = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            if hidden_doc.hidden() {
                app.persist();
            }
        });
        doc.add_event_listener_with_callback(
            "visibilitychange",
            on_hidden.as_ref().unchecked_ref(),
        )
        .ok();
        let listener = StoredValue::new_local(Some(on_hidden));
        on_cleanup(move || {
            if let Some(Some(f)) = listener.try_update_value(Option::take) {
                doc.remove_event_listener_with_callback(
                    "visibilitychange",
                    f.as_ref().unchecked_ref(),
                )
                .ok();
            }
        });
    }
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
    // Presentation mode's larger type is set on the root element (the stylesheet sizes in rem).
    Effect::new(move |_| {
        let on = presenting.get();
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            if on {
                html.set_attribute("data-present", "").ok();
            } else {
                html.remove_attribute("data-present").ok();
            }
        }
    });
    let hash_listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let route = Route::parse(&location_hash());
        if !app.follow_scenario_link(&route, lang.get_untracked()) {
            app.follow_route(route);
        }
        settle_tour();
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
    // `?print=…` shows the printable pack (or one report) instead of the page.
    let printing = Memo::new(move |_| {
        app.route()
            .with(|r| !crate::ui::print_pack::printed_pages(r).is_empty())
    });
    // The tour's layer (a chunk of its own in the split build) is mounted while a step is open.
    let touring = Memo::new(move |_| app.route().with(|r| steps::step_in(r).is_some()));
    prefetch_after_first_chart(crate::ui::print_pack::prefetch_print_pack);

    view! {
        <div class="app" class:present=move || presenting.get() class:printing=move || printing.get()>
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
                <WorkshopButtons/>
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
            <PresentBar filters_shown=filters_shown/>
            <StorageBanner/>
            <crate::ui::scenario_banner::ScenarioBanner/>
            <crate::ui::update::UpdateOffer/>
            <div id=FILTER_PANEL_ID class="filter-panel"
                class:collapsed=move || presenting.get() && !filters_shown.get()>
                <FilterBar/>
            </div>
            <main class="page" data-testid=move || format!("page-{}", page.get().slug())>
                // Inside the main landmark, so a screen reader's landmark list reaches them.
                <crate::ui::report_notes::ReportNotes/>
                {move || if printing.get() {
                    crate::ui::print_pack::print_pack_view()
                } else {
                    page_view(page.get())
                }}
            </main>
            {move || app.notice().get().map(|n| view! {
                <div class="notice" role="status" data-testid="notice">
                    <span>{n}</span>
                    <button type="button" class="link" on:click=move |_| app.dismiss_notice()>
                        {i18n.t("common.close")}
                    </button>
                </div>
            })}
            {move || touring.get().then(tour_layer_view)}
        </div>
    }
}
