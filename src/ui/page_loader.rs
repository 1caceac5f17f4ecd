//! The page the route names. In the split release build (`--cfg voronka_split`) every page but
//! the funnel is a `wasm_split` function, cut into its own chunk and fetched on the first visit
//! (shown through `ui::lazy`); after the first chart the other chunks are fetched when the
//! browser is idle. Without the cfg (`trunk serve`, the wasm-bindgen tests, host builds) the
//! pages are plain calls.

use leptos::prelude::*;

use crate::ui::lazy::LoadError;
use crate::ui::pages;
use crate::ui::route::Page;

/// One function per page: the split build cuts each into its own chunk (`wasm_split` module
/// named after the page), with a fallible loader and a `preload_*` that only fetches it.
macro_rules! split_pages {
    ($($page:ident => $build:ident, $preload:ident, $module:ident, $component:path;)*) => {
        $(
            #[cfg_attr(voronka_split, ::leptos::wasm_split::wasm_split(
                $module,
                wasm_split_path = ::leptos::wasm_split,
                preload($preload),
                fallible
            ))]
            fn $build() -> Result<AnyView, LoadError> {
                Ok(view! { <$component/> }.into_any())
            }
        )*

        /// The view of `page`.
        pub fn page_view(page: Page) -> AnyView {
            match page {
                Page::Funnel => view! { <pages::funnel::FunnelPage/> }.into_any(),
                // An unsplit build has nothing to load, so it never fails.
                $(#[cfg(not(voronka_split))]
                Page::$page => $build().unwrap_or_else(|LoadError| ().into_any()),)*
                $(#[cfg(voronka_split)]
                Page::$page => view! {
                    <lazy::LazyView
                        chunk=lazy::Slot(Page::$page as u32)
                        preload=|| Box::pin(async { $preload().await.map_err(LoadError::from) })
                        make=|| lazy::poll_once($build())/>
                }.into_any(),)*
            }
        }

        /// Fetches every page's chunk that is not in yet, and the chunks of the pages' tabs and
        /// of the guided tour, the two-tab merge and scenario generation (failures are left for the visit).
        #[cfg(voronka_split)]
        fn prefetch_all() {
            $(leptos::task::spawn_local(async {
                let _ = lazy::load(lazy::Slot(Page::$page as u32), || Box::pin(async { $preload().await.map_err(LoadError::from) })).await;
            });)*
            pages::forecast::prefetch_tabs();
            pages::data::prefetch_tabs();
            crate::ui::workshop::tour::prefetch_tour_layer();
            crate::ui::split_calls::prefetch_merge();
            crate::ui::split_calls::prefetch_scenario();
        }
    };
}

#[cfg(voronka_split)]
use crate::ui::lazy;

split_pages! {
    Pipeline => pipeline_page, preload_pipeline, page_pipeline, pages::pipeline::PipelinePage;
    Changes => changes_page, preload_changes, page_changes, pages::changes::ChangesPage;
    Relationships => relationships_page, preload_relationships, page_relationships, pages::relationships::RelationshipsPage;
    Directions => directions_page, preload_directions, page_directions, pages::directions::DirectionsPage;
    Forecast => forecast_page, preload_forecast, page_forecast, pages::forecast::ForecastPage;
    Data => data_page, preload_data, page_data, pages::data::DataPage;
}

/// After the first chart is drawn (chart_bridge.js dispatches `voronka:first-chart`), fetches the
/// other pages' chunks when the browser is idle, so that download never delays the first chart
/// and a later click finds its page in; `also` fetches one more chunk then (the print pack's,
/// which cannot be named here: it shows pages through this module). A no-op in unsplit builds.
#[cfg_attr(not(voronka_split), allow(unused_variables))]
pub fn prefetch_after_first_chart(also: fn()) {
    #[cfg(voronka_split)]
    {
        use std::cell::Cell;
        use wasm_bindgen::prelude::*;

        thread_local! {
            static ARMED: Cell<bool> = const { Cell::new(false) };
        }
        if ARMED.with(|a| a.replace(true)) {
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        let on_idle = Closure::once_into_js(move || {
            prefetch_all();
            also();
        });
        let on_chart = Closure::once_into_js(move || {
            let Some(window) = web_sys::window() else {
                return;
            };
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
