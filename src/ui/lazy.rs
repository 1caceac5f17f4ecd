//! Code fetched on first use, in the split release build (`--cfg voronka_split`, see
//! ARCHITECTURE.md "The release build"): each page but the funnel (`page_loader.rs`), each tab of
//! the Forecast and Data pages, the File tab's CSV import, the guided tour and the print pack are
//! `wasm_split` functions, each cut into its own chunk ([`split_view!`]).
//! This module shows such a view: a loading line while its chunk is fetched, the view once it
//! is in, or — when the chunk cannot be fetched (offline, or a new deployment replaced the
//! files) — a clear message with Try again and Reload, and the app keeps running. Without the
//! cfg the views are plain calls and only [`LoadError`] is used.
//!
//! Slots (one bit each of the loaded set): pages 0–6 (`Page as u32`), the File tab 31, and the
//! numbers given to [`split_view!`] below 64, each used once — one per split *function*, also
//! when functions share a chunk, since each function's loader must have run before it can be
//! called at once: 32–37 Forecast tabs, 38–47 Data lists, 48 CSV import, 49 its preview, 50 guided tour, 51 print pack, and
//! `ui::split_calls`' 52 two-tab merge, 53 scenario generation; 54 the deal form, 55 the client
//! form, 56 the contact form.

/// A chunk could not be fetched or instantiated.
#[derive(Debug, Clone, Copy)]
pub struct LoadError;

#[cfg(voronka_split)]
impl From<leptos::wasm_split::SplitLoaderError> for LoadError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        LoadError
    }
}

#[cfg(voronka_split)]
pub use split::*;

/// A view whose code the split build cuts into a chunk of its own, fetched on first use:
///
/// ```ignore
/// split_view! {
///     /// Docs of the view function.
///     pub fn tasks_tab_view, prefetch prefetch_tasks_tab, chunk forecast_tasks, slot 34,
///         build tasks_tab, preload preload_tasks_tab => view! { <TasksTab/> }
/// }
/// split_view! {
///     fn deal_form_view(id: Option<DealId>, on_close: Callback<()>), prefetch prefetch_deal_form,
///         chunk data_deal_form, slot 54, build deal_form, preload preload_deal_form
///         => view! { <DealForm id=id on_close=on_close/> }
/// }
/// ```
///
/// defines `tasks_tab_view() -> AnyView` (a plain call without `--cfg voronka_split`, a
/// [`LazyView`] with it) and `prefetch_tasks_tab()`, which fetches the chunk without showing it
/// (for the idle prefetch; a no-op in unsplit builds). `slot` is the chunk's bit in the loaded
/// set (see the module's list); `chunk` names the `wasm_split` module. A view with arguments
/// takes `Copy` ones (ids, signals, callbacks): the view is made again after a retry.
macro_rules! split_view {
    ($(#[$doc:meta])* $vis:vis fn $view:ident, $($rest:tt)*) => {
        $crate::ui::lazy::split_view! { $(#[$doc])* $vis fn $view(), $($rest)* }
    };
    ($(#[$doc:meta])* $vis:vis fn $view:ident($($arg:ident: $ty:ty),* $(,)?), prefetch $prefetch:ident,
     chunk $module:ident, slot $slot:literal, build $build:ident, preload $preload:ident
     => $body:expr) => {
        #[cfg_attr(voronka_split, ::leptos::wasm_split::wasm_split(
            $module,
            wasm_split_path = ::leptos::wasm_split,
            preload($preload),
            fallible
        ))]
        fn $build($($arg: $ty),*) -> Result<::leptos::prelude::AnyView, $crate::ui::lazy::LoadError> {
            Ok(::leptos::prelude::IntoAny::into_any($body))
        }

        $(#[$doc])*
        #[cfg(not(voronka_split))]
        $vis fn $view($($arg: $ty),*) -> ::leptos::prelude::AnyView {
            // An unsplit build has nothing to load, so it never fails.
            $build($($arg),*).unwrap_or_else(|$crate::ui::lazy::LoadError| {
                ::leptos::prelude::IntoAny::into_any(())
            })
        }

        $(#[$doc])*
        #[cfg(voronka_split)]
        $vis fn $view($($arg: $ty),*) -> ::leptos::prelude::AnyView {
            $crate::ui::lazy::lazy_view_with(
                $crate::ui::lazy::Slot($slot),
                || Box::pin(async { $preload().await.map_err($crate::ui::lazy::LoadError::from) }),
                move || $crate::ui::lazy::poll_once($build($($arg),*)),
            )
        }

        /// Fetches the chunk without showing it (the idle prefetch after the first chart).
        #[cfg(voronka_split)]
        #[allow(dead_code)]
        $vis fn $prefetch() {
            ::leptos::task::spawn_local(async {
                let _ = $crate::ui::lazy::load($crate::ui::lazy::Slot($slot), || {
                    Box::pin(async { $preload().await.map_err($crate::ui::lazy::LoadError::from) })
                })
                .await;
            });
        }

        /// Nothing to fetch in an unsplit build.
        #[cfg(not(voronka_split))]
        #[allow(dead_code)]
        $vis fn $prefetch() {}
    };
}
pub(crate) use split_view;

#[cfg(voronka_split)]
mod split {
    use std::cell::Cell;
    use std::future::Future;
    use std::pin::Pin;

    use leptos::prelude::*;
    use leptos::task::spawn_local;

    use super::LoadError;
    use crate::ui::i18n::{I18n, use_i18n};

    /// Fetches a chunk (a `wasm_split` function's generated `preload`).
    pub type Preload = fn() -> Pin<Box<dyn Future<Output = Result<(), LoadError>>>>;
    /// Builds the view of a chunk that is in: polls its `wasm_split` function once.
    pub type Build = fn() -> Option<Result<AnyView, LoadError>>;

    /// Which chunk: one bit of [`LOADED`] each.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub struct Slot(pub u32);

    thread_local! {
        /// Chunks that are in. Only a loaded chunk's function is called synchronously; an
        /// unloaded one is awaited through its preload.
        static LOADED: Cell<u64> = const { Cell::new(0) };
    }

    pub fn is_loaded(slot: Slot) -> bool {
        LOADED.with(|l| l.get() & (1 << slot.0) != 0)
    }

    /// Fetches the chunk unless it is in. A failure is not remembered: the next call retries.
    pub async fn load(slot: Slot, preload: Preload) -> Result<(), LoadError> {
        if !is_loaded(slot) {
            preload().await?;
            LOADED.with(|l| l.set(l.get() | (1 << slot.0)));
        }
        Ok(())
    }

    /// Polls a future once: a loaded chunk's `wasm_split` wrapper finishes at once.
    pub fn poll_once<T>(future: impl Future<Output = T>) -> Option<T> {
        use std::task::{Context, Poll, Waker};
        let mut cx = Context::from_waker(Waker::noop());
        match std::pin::pin!(future).poll(&mut cx) {
            Poll::Ready(out) => Some(out),
            Poll::Pending => None,
        }
    }

    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Loading,
        Ready,
        Failed,
    }

    /// A view whose code is in a chunk: loading, then the view, or the failure with a way out.
    #[component]
    pub fn LazyView(chunk: Slot, preload: Preload, make: Build) -> impl IntoView {
        lazy_view_with(chunk, preload, make)
    }

    /// [`LazyView`] whose view is made by a closure (what [`split_view!`] and split functions
    /// with arguments use): `make` polls it once, as [`Build`] does.
    pub fn lazy_view_with(
        chunk: Slot,
        preload: Preload,
        make: impl Fn() -> Option<Result<AnyView, LoadError>> + Send + 'static,
    ) -> AnyView {
        untrack(move || {
            let i18n = use_i18n();
            let state = RwSignal::new(if is_loaded(chunk) {
                State::Ready
            } else {
                State::Loading
            });
            let start = move || {
                state.set(State::Loading);
                spawn_local(async move {
                    let next = match load(chunk, preload).await {
                        Ok(()) => State::Ready,
                        Err(LoadError) => State::Failed,
                    };
                    // The user may have gone elsewhere meanwhile.
                    if !state.is_disposed() {
                        state.set(next);
                    }
                });
            };
            if state.get_untracked() == State::Loading {
                start();
            }
            (move || match state.get() {
                State::Ready => match make() {
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
            })
            .into_any()
        })
    }

    fn failed_view(i18n: I18n, retry: impl Fn() + Copy + 'static) -> impl IntoView {
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
}
