//! Code fetched on first use, in the split release build (`--cfg voronka_split`, see
//! ARCHITECTURE.md "The release build"): each page but the funnel (`page_loader.rs`) and the Data
//! page's File tab (CSV import, merge) are `wasm_split` functions, each cut into its own chunk.
//! This module shows such a view: a loading line while its chunk is fetched, the view once it
//! is in, or — when the chunk cannot be fetched (offline, or a new deployment replaced the
//! files) — a clear message with Try again and Reload, and the app keeps running. Without the
//! cfg the views are plain calls and only [`LoadError`] is used.

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
        move || match state.get() {
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
        }
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
