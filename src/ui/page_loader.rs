//! The page the route names, and — in the split release build — the loading of its code.
//!
//! The release build (`scripts/trunk-release.sh`, docs in ARCHITECTURE.md) sets
//! `--cfg voronka_split`: then every page but the funnel lives in its own WebAssembly chunk, cut
//! out of the main module by `wasm-split-cli` (scripts/split-wasm.mjs), and fetched on the first
//! visit to that page. Without the cfg (`trunk serve`, the wasm-bindgen tests, host builds) the
//! pages are plain function calls and none of this module's loading code exists.
//!
//! A chunk can fail to load (offline, or a new deployment replaced the files): the load is
//! fallible, the page then says so and offers to retry or reload, and the app keeps running.

use leptos::prelude::*;

use crate::ui::pages;
use crate::ui::route::Page;

/// The view of `page`: the funnel at once; any other page at once in an unsplit build, or
/// after its chunk has loaded in the split build.
pub fn page_view(page: Page) -> AnyView {
    match page {
        Page::Funnel => view! { <pages::funnel::FunnelPage/> }.into_any(),
        #[cfg(not(voronka_split))]
        // An unsplit build has nothing to load, so it never fails.
        other => split::build(other).unwrap_or_else(|PageLoadError| ().into_any()),
        #[cfg(voronka_split)]
        other => view! { <split::SplitPage page=other/> }.into_any(),
    }
}

/// After the first chart is drawn, fetch the other pages' chunks when the browser is idle, so
/// a later click shows its page without a download. A no-op in unsplit builds.
pub fn prefetch_after_first_chart() {
    #[cfg(voronka_split)]
    split::prefetch_after_first_chart();
}

/// A page's chunk could not be fetched or instantiated.
#[derive(Debug, Clone, Copy)]
pub struct PageLoadError;

#[cfg(voronka_split)]
impl From<leptos::wasm_split::SplitLoaderError> for PageLoadError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PageLoadError
    }
}

/// One function per page: the split build cuts each into its own chunk (`wasm_split` module
/// named after the page) with a fallible loader and a `preload_*` that only fetches it.
macro_rules! split_pages {
    ($($page:ident => $build:ident, $preload:ident, $module:ident, $component:path;)*) => {
        $(
            #[cfg_attr(voronka_split, ::leptos::wasm_split::wasm_split(
                $module,
                wasm_split_path = ::leptos::wasm_split,
                preload($preload),
                fallible
            ))]
            fn $build() -> Result<AnyView, PageLoadError> {
                Ok(view! { <$component/> }.into_any())
            }
        )*

        /// Builds `page`'s view (in the split build: once its chunk is in; polling the
        /// loader of a loaded chunk finishes at once).
        #[cfg(not(voronka_split))]
        pub(super) fn build(page: Page) -> Result<AnyView, PageLoadError> {
            match page {
                $(Page::$page => $build(),)*
                Page::Funnel => Ok(view! { <pages::funnel::FunnelPage/> }.into_any()),
            }
        }

        #[cfg(voronka_split)]
        pub(super) fn build_loaded(page: Page) -> Option<Result<AnyView, PageLoadError>> {
            match page {
                $(Page::$page => poll_once($build()),)*
                Page::Funnel => Some(Ok(view! { <pages::funnel::FunnelPage/> }.into_any())),
            }
        }

        #[cfg(voronka_split)]
        pub(super) async fn preload(page: Page) -> Result<(), PageLoadError> {
            match page {
                $(Page::$page => $preload().await?,)*
                Page::Funnel => {}
            }
            Ok(())
        }
    };
}

mod split {
    use super::*;

    split_pages! {
        Pipeline => pipeline_page, preload_pipeline, page_pipeline, pages::pipeline::PipelinePage;
        Changes => changes_page, preload_changes, page_changes, pages::changes::ChangesPage;
        Relationships => relationships_page, preload_relationships, page_relationships, pages::relationships::RelationshipsPage;
        Directions => directions_page, preload_directions, page_directions, pages::directions::DirectionsPage;
        Forecast => forecast_page, preload_forecast, page_forecast, pages::forecast::ForecastPage;
        Data => data_page, preload_data, page_data, pages::data::DataPage;
    }

    #[cfg(voronka_split)]
    pub(super) use loading::{SplitPage, prefetch_after_first_chart};

    #[cfg(voronka_split)]
    fn poll_once<T>(future: impl Future<Output = T>) -> Option<T> {
        use std::task::{Context, Poll, Waker};
        let mut cx = Context::from_waker(Waker::noop());
        match std::pin::pin!(future).poll(&mut cx) {
            Poll::Ready(out) => Some(out),
            Poll::Pending => None,
        }
    }

    #[cfg(voronka_split)]
    mod loading {
        use std::cell::Cell;

        use leptos::task::spawn_local;
        use wasm_bindgen::prelude::*;

        use super::*;
        use crate::ui::i18n::use_i18n;

        thread_local! {
            /// Pages whose chunk is in (one bit per `Page::ALL` position). Only a loaded chunk's
            /// function is called synchronously; an unloaded one is awaited through `preload`.
            static LOADED: Cell<u32> = const { Cell::new(0) };
            static PREFETCH_ARMED: Cell<bool> = const { Cell::new(false) };
        }

        fn bit(page: Page) -> u32 {
            1 << Page::ALL.iter().position(|p| *p == page).unwrap_or(0)
        }

        fn is_loaded(page: Page) -> bool {
            LOADED.with(|l| l.get() & bit(page) != 0)
        }

        async fn load(page: Page) -> Result<(), PageLoadError> {
            if !is_loaded(page) {
                preload(page).await?;
                LOADED.with(|l| l.set(l.get() | bit(page)));
            }
            Ok(())
        }

        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Loading,
            Ready,
            Failed,
        }

        /// A page whose code is in a chunk: a loading line while it is fetched, the page once
        /// it is in, or the failure with a way out.
        #[component]
        pub fn SplitPage(page: Page) -> impl IntoView {
            let i18n = use_i18n();
            let state = RwSignal::new(if is_loaded(page) {
                State::Ready
            } else {
                State::Loading
            });
            let start = move || {
                state.set(State::Loading);
                spawn_local(async move {
                    let next = match load(page).await {
                        Ok(()) => State::Ready,
                        Err(PageLoadError) => State::Failed,
                    };
                    // The user may have gone to another page meanwhile.
                    if !state.is_disposed() {
                        state.set(next);
                    }
                });
            };
            if state.get_untracked() == State::Loading {
                start();
            }
            move || match state.get() {
                State::Ready => match build_loaded(page) {
                    Some(Ok(view)) => view,
                    _ => failed_view(i18n, start).into_any(),
                },
                State::Loading => view! {
                    <p class="page-loading" role="status" data-testid="page-loading">
                        {i18n.t("page_load.loading")}
                    </p>
                }
                .into_any(),
                State::Failed => failed_view(i18n, start).into_any(),
            }
        }

        fn failed_view(
            i18n: crate::ui::i18n::I18n,
            retry: impl Fn() + Copy + 'static,
        ) -> impl IntoView {
            view! {
                <div class="page-load-failed" role="alert" data-testid="page-load-failed">
                    <p>{i18n.t("page_load.failed")}</p>
                    <p class="actions">
                        <button type="button" data-testid="page-load-retry" on:click=move |_| retry()>
                            {i18n.t("page_load.retry")}
                        </button>
                        <button type="button" class="link" data-testid="page-load-reload" on:click=|_| {
                            if let Some(w) = web_sys::window() {
                                let _ = w.location().reload();
                            }
                        }>
                            {i18n.t("page_load.reload")}
                        </button>
                    </p>
                </div>
            }
        }

        /// Listens once for chart_bridge.js's `voronka:first-chart` event; then, when the
        /// browser is idle, fetches every chunk not yet in (failures are left for the visit).
        pub fn prefetch_after_first_chart() {
            if PREFETCH_ARMED.with(|a| a.replace(true)) {
                return;
            }
            let Some(window) = web_sys::window() else {
                return;
            };
            let on_idle = Closure::once_into_js(|| {
                for page in Page::ALL {
                    spawn_local(async move {
                        let _ = load(page).await;
                    });
                }
            });
            let on_chart = Closure::once_into_js(move || {
                if let Some(window) = web_sys::window() {
                    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
                        .ok()
                        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
                    match idle {
                        Some(idle) => {
                            let _ = idle.call1(&window, &on_idle);
                        }
                        None => {
                            let _ = window.set_timeout_with_callback(on_idle.unchecked_ref());
                        }
                    }
                }
            });
            let options = web_sys::AddEventListenerOptions::new();
            options.set_once(true);
            let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
                "voronka:first-chart",
                on_chart.unchecked_ref(),
                &options,
            );
        }
    }
}
