//! Functions (not views, which `ui::lazy` shows) whose code the split release build
//! (`--cfg voronka_split`) cuts into chunks of their own, because the first chart never needs
//! them: the two-tab merge (only when another tab saved meanwhile) and workshop scenario
//! generation (only when a scenario link opens). Both chunks are fetched when the browser is idle
//! after the first chart (`page_loader`), so they are normally in before they are needed. Without
//! the cfg these are plain calls, always ready.

use chrono::NaiveDate;

use crate::domain::merge::{MergeError, MergeReport};
use crate::domain::scenario::Scenario;
use crate::domain::{Lang, Workspace};
use crate::ui::lazy::LoadError;

/// What the two-tab merge gives: the merged workspace and its report, or why it cannot merge.
pub type Merged = Result<(Workspace, MergeReport), MergeError>;

#[cfg_attr(voronka_split, ::leptos::wasm_split::wasm_split(
    shell_merge,
    wasm_split_path = ::leptos::wasm_split,
    preload(preload_merge),
    fallible
))]
fn merge_call(ours: &Workspace, theirs: &Workspace) -> Result<Merged, LoadError> {
    Ok(crate::domain::merge::merge(ours, theirs))
}

#[cfg_attr(voronka_split, ::leptos::wasm_split::wasm_split(
    scenario_generate,
    wasm_split_path = ::leptos::wasm_split,
    preload(preload_scenario),
    fallible
))]
fn scenario_call(s: Scenario, lang: Lang, today: NaiveDate) -> Result<Workspace, LoadError> {
    Ok(crate::domain::scenario::generate(s, lang, today))
}

#[cfg(voronka_split)]
mod split {
    use std::cell::Cell;

    use super::*;
    use crate::ui::lazy::{Slot, load};

    /// The chunks' bits in `ui::lazy`'s loaded set (see its list of slots).
    pub const MERGE: Slot = Slot(52);
    pub const SCENARIO: Slot = Slot(53);

    thread_local! {
        /// True while the merge's chunk is being fetched for a held save.
        pub static FETCHING: Cell<bool> = const { Cell::new(false) };
    }

    pub async fn load_merge() -> Result<(), LoadError> {
        load(MERGE, || {
            Box::pin(async { preload_merge().await.map_err(LoadError::from) })
        })
        .await
    }

    pub async fn load_scenario() -> Result<(), LoadError> {
        load(SCENARIO, || {
            Box::pin(async { preload_scenario().await.map_err(LoadError::from) })
        })
        .await
    }
}

/// Whether the two-tab merge can run now.
pub enum MergeReady {
    /// Its code is in: [`merge_now`] gives the merge.
    Now,
    /// Its chunk is being fetched; `then` runs when it is in (`true`) or cannot be fetched.
    /// `first` is false when a fetch was already under way (the save was held before).
    Fetching { first: bool },
}

/// [`MergeReady::Now`] when the merge's code is in; otherwise starts fetching it (once) and
/// calls `then(fetched)` when that ends.
pub fn merge_ready_or_fetch(then: impl FnOnce(bool) + 'static) -> MergeReady {
    #[cfg(voronka_split)]
    {
        if crate::ui::lazy::is_loaded(split::MERGE) {
            return MergeReady::Now;
        }
        if split::FETCHING.with(|f| f.replace(true)) {
            return MergeReady::Fetching { first: false };
        }
        leptos::task::spawn_local(async move {
            let fetched = split::load_merge().await.is_ok();
            split::FETCHING.with(|f| f.set(false));
            then(fetched);
        });
        MergeReady::Fetching { first: true }
    }
    #[cfg(not(voronka_split))]
    {
        let _ = then;
        MergeReady::Now
    }
}

/// Merges this tab's workspace with another tab's. None only when the merge's code is not in
/// (check [`merge_ready_or_fetch`] first).
pub fn merge_now(ours: &Workspace, theirs: &Workspace) -> Option<Merged> {
    #[cfg(voronka_split)]
    {
        if !crate::ui::lazy::is_loaded(split::MERGE) {
            return None;
        }
        crate::ui::lazy::poll_once(merge_call(ours, theirs)).and_then(Result::ok)
    }
    #[cfg(not(voronka_split))]
    {
        merge_call(ours, theirs).ok()
    }
}

/// Fetches the merge's chunk if it is not in (a no-op in unsplit builds).
pub fn prefetch_merge() {
    #[cfg(voronka_split)]
    if !crate::ui::lazy::is_loaded(split::MERGE) {
        leptos::task::spawn_local(async {
            let _ = split::load_merge().await;
        });
    }
}

/// Fetches the scenario generator's chunk if it is not in (a no-op in unsplit builds).
pub fn prefetch_scenario() {
    #[cfg(voronka_split)]
    if !crate::ui::lazy::is_loaded(split::SCENARIO) {
        leptos::task::spawn_local(async {
            let _ = split::load_scenario().await;
        });
    }
}

/// Generates workshop scenario `s` (names in `lang`, dated around `today`) and hands it to
/// `then`: at once when its code is in (always in an unsplit build), else once its chunk is
/// fetched — or [`LoadError`] when it cannot be.
pub fn with_scenario(
    s: Scenario,
    lang: Lang,
    today: NaiveDate,
    then: impl FnOnce(Result<Workspace, LoadError>) + 'static,
) {
    #[cfg(voronka_split)]
    {
        use crate::ui::lazy::{is_loaded, poll_once};
        if is_loaded(split::SCENARIO)
            && let Some(made) = poll_once(scenario_call(s, lang, today))
        {
            then(made);
            return;
        }
        leptos::task::spawn_local(async move {
            let made = match split::load_scenario().await {
                Ok(()) => poll_once(scenario_call(s, lang, today)).unwrap_or(Err(LoadError)),
                Err(e) => Err(e),
            };
            then(made);
        });
    }
    #[cfg(not(voronka_split))]
    then(scenario_call(s, lang, today));
}
