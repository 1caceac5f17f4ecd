//! The app's shared state: the workspace, its index, the route and the filter bar's filter read
//! from it, what storage said, the keep-previous slot that makes import, demo and "start empty"
//! undoable with one click, and the undo stack every change of the Data section goes through
//! ([`AppState::change`]). Also what the UI takes from the browser's clock and randomness:
//! [`today_local`], [`now_millis`], [`fresh_id`].

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::demo::{self, DemoSpec, Names};
use crate::domain::edit::{ChangeScope, Touched, UndoStack};
use crate::domain::filter::Filter;
use crate::domain::index::DealIndex;
use crate::domain::scenario::Scenario;
use crate::domain::{Deal, DealId, Lang, Workspace};
use crate::storage::{self, Loaded, StorageError};
use crate::ui::i18n::{I18n, fill, tr};
use crate::ui::messages::read_error_text;
use crate::ui::route::{FilterQuery, Route};

mod compaction;

pub use crate::ui::shared::Shared;

/// Why a previous workspace was kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replaced {
    Import,
    Demo,
    Empty,
    /// A workshop scenario was opened (see [`AppState::open_scenario`]).
    Scenario,
}

/// What storage last told us.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum StorageStatus {
    #[default]
    Saved,
    /// The last save failed; the workspace lives only in this tab.
    Failed(StorageError),
    /// The stored value could not be read: it is kept as it is and saving is paused until the
    /// user chooses to overwrite it.
    Unreadable { raw: String, reason: String },
}

/// The app's shared state, provided through context ([`use_app`]). Its signals are read through
/// the accessors; every change goes through a method, so the undo stack, the keep-previous slot,
/// the URL and storage stay in step with the workspace.
#[derive(Clone, Copy)]
pub struct AppState {
    ws: ReadSignal<Workspace>,
    set_ws: WriteSignal<Workspace>,
    index: Memo<Shared<DealIndex>>,
    filter: Memo<Filter>,
    previous: ReadSignal<Option<(Workspace, Replaced)>>,
    set_previous: WriteSignal<Option<(Workspace, Replaced)>>,
    storage: ReadSignal<StorageStatus>,
    set_storage: WriteSignal<StorageStatus>,
    route: ReadSignal<Route>,
    set_route: WriteSignal<Route>,
    today: NaiveDate,
    /// A short message shown at the bottom of the page.
    notice: ReadSignal<Option<String>>,
    set_notice: WriteSignal<Option<String>>,
    /// Snapshots before each change, with the change's label (the last 20; kept until the page
    /// closes). Changes go through [`AppState::change`] or [`AppState::replace_workspace`].
    undo: ReadSignal<UndoStack>,
    set_undo: WriteSignal<UndoStack>,
    /// The stored workspace revision this tab last read or wrote; another value in storage
    /// means another tab saved since (see [`AppState::persist`]).
    revision: StoredValue<Option<String>>,
    /// The workshop scenario on show, if any. A scenario is a sandbox: while it is on show nothing
    /// is saved, so the user's own workspace stays in storage (and in the keep-previous slot).
    scenario: RwSignal<Option<Scenario>>,
    /// What changed since the last save, when a save is pending (see [`AppState::save_soon`]).
    pending: StoredValue<Option<ChangeScope>>,
    /// Counts scheduled saves, so only the last one scheduled runs.
    save_ticket: StoredValue<u64>,
    /// What changed in the workspace since the index memo last ran: `None` when unknown (a
    /// replaced workspace), then the index is rebuilt; else the memo updates its previous index
    /// in place for the deals the change touched (see [`AppState::workspace_changed`]).
    index_since: StoredValue<Option<ChangeScope>>,
    /// Counts changes of the workspace, so a sliced rewrite of the stored base can tell that the
    /// workspace it is writing changed under it (see [`AppState::compact_soon`]).
    generation: StoredValue<u64>,
    /// The sliced rewrite of the stored base under way, with the generation it started at.
    compaction: StoredValue<Option<(u64, storage::Compaction)>, LocalStorage>,
}

/// How long after the last change the save runs: the edit is on screen first, and a burst of
/// changes is saved once. Leaving the page (pagehide, hidden) saves at once.
pub const SAVE_DELAY_MS: u64 = 350;

pub fn use_app() -> AppState {
    // ok: the App provides AppState before any child is built.
    expect_context::<AppState>()
}

/// Today's local date from the browser clock; the only place the UI reads the date.
pub fn today_local() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

/// A fresh revision token for the stored workspace.
fn new_revision() -> String {
    format!(
        "{:x}-{:x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 4_294_967_296.0) as u64
    )
}

/// Milliseconds since the epoch, for `updated_at`.
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// A fresh id for a new item: random, 52 bits, so ids from teammates' files do not collide.
pub fn fresh_id() -> u64 {
    let hi = (js_sys::Math::random() * (1u64 << 26) as f64) as u64;
    let lo = (js_sys::Math::random() * (1u64 << 26) as f64) as u64;
    ((hi << 26) | lo).max(1)
}

/// The workspace to start with, and what storage said about it.
pub struct Initial {
    pub workspace: Workspace,
    pub status: StorageStatus,
    /// The workspace is exactly what storage holds, so there is nothing to save yet (saving it
    /// again cost about a second at 100,000 deals on every page load).
    pub from_storage: bool,
}

/// The workspace to start with: the stored one, or the demo.
pub fn initial_workspace(lang: Lang, today: NaiveDate) -> Initial {
    let demo = |status| Initial {
        workspace: demo::generate(DemoSpec::standard(lang, today)),
        status,
        from_storage: false,
    };
    match crate::ui::timing::measure("voronka:load", storage::load_workspace) {
        Ok(Loaded::Workspace(ws)) => Initial {
            workspace: *ws,
            status: StorageStatus::Saved,
            from_storage: true,
        },
        Ok(Loaded::Nothing) => demo(StorageStatus::Saved),
        Ok(Loaded::Unreadable { raw, error }) => demo(StorageStatus::Unreadable {
            raw,
            reason: read_error_text(lang, &error),
        }),
        Err(e) => demo(StorageStatus::Failed(e)),
    }
}

/// Writes `route` into the address bar: `replace` rewrites the current history entry (filter and
/// view changes) instead of adding one (page changes).
fn write_hash(route: &Route, replace: bool) {
    let hash = route.to_hash();
    if let Some(w) = web_sys::window() {
        if replace {
            if let Ok(h) = w.history() {
                h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash))
                    .ok();
            }
        } else {
            w.location().set_hash(&hash).ok();
        }
    }
}

impl AppState {
    /// The state around `ws`, opened at `route`. Call inside a reactive owner.
    pub fn new(
        ws: Workspace,
        today: NaiveDate,
        route: Route,
        storage: StorageStatus,
        revision: Option<String>,
    ) -> Self {
        let (ws, set_ws) = signal(ws);
        let (route, set_route) = signal(route);
        let (previous, set_previous) = signal(None);
        let (storage, set_storage) = signal(storage);
        let (notice, set_notice) = signal(None);
        let (undo, set_undo) = signal(UndoStack::default());
        let index_since = StoredValue::new(None);
        AppState {
            ws,
            set_ws,
            index: Memo::new(move |prev: Option<&Shared<DealIndex>>| {
                let since = index_since
                    .try_update_value(|s| s.replace(ChangeScope::nothing()))
                    .flatten();
                ws.with(|w| follow_index(prev, since, w))
            }),
            filter: Memo::new(move |_| FilterQuery::from_route(&route.get()).to_filter(today)),
            previous,
            set_previous,
            storage,
            set_storage,
            route,
            set_route,
            today,
            notice,
            set_notice,
            undo,
            set_undo,
            revision: StoredValue::new(revision),
            scenario: RwSignal::new(None),
            pending: StoredValue::new(None),
            save_ticket: StoredValue::new(0),
            index_since,
            generation: StoredValue::new(0),
            compaction: StoredValue::new_local(None),
        }
    }

    /// A state of its own around `ws`, with no storage behind it (saving is the App's Effect):
    /// for component tests and for mounting a part of the UI alone. Call inside a reactive owner.
    pub fn standalone(ws: Workspace, today: NaiveDate) -> Self {
        Self::new(ws, today, Route::default(), StorageStatus::Saved, None)
    }

    /// The workspace.
    pub fn ws(self) -> ReadSignal<Workspace> {
        self.ws
    }

    /// The workspace's deal index, rebuilt when the workspace changes.
    pub fn index(self) -> Memo<Shared<DealIndex>> {
        self.index
    }

    /// The filter bar's filter, read from the URL.
    pub fn filter(self) -> Memo<Filter> {
        self.filter
    }

    /// Where the user is: the page and its query.
    pub fn route(self) -> ReadSignal<Route> {
        self.route
    }

    /// Today's date, read once when the app starts.
    pub fn today(self) -> NaiveDate {
        self.today
    }

    /// The message shown at the bottom of the page, if any.
    pub fn notice(self) -> ReadSignal<Option<String>> {
        self.notice
    }

    /// The workspace the last import, demo or "start empty" replaced, and why.
    pub fn previous(self) -> ReadSignal<Option<(Workspace, Replaced)>> {
        self.previous
    }

    /// What storage last said.
    pub fn storage_status(self) -> ReadSignal<StorageStatus> {
        self.storage
    }

    /// The workshop scenario on show (not saved; the user's workspace is kept), if any.
    pub fn scenario(self) -> Signal<Option<Scenario>> {
        self.scenario.into()
    }

    /// The undo stack (labels of what undo and redo would do).
    pub fn undo_stack(self) -> ReadSignal<UndoStack> {
        self.undo
    }

    /// Shows `text` at the bottom of the page.
    pub fn notify(self, text: impl Into<String>) {
        self.set_notice.set(Some(text.into()));
    }

    /// Hides the message at the bottom of the page.
    pub fn dismiss_notice(self) {
        self.set_notice.set(None);
    }

    /// Goes to `route` and writes it into the address bar; `replace` rewrites the current history
    /// entry (filter and view changes) instead of adding one (page changes).
    pub fn navigate(self, route: Route, replace: bool) {
        write_hash(&route, replace);
        self.follow_route(route);
    }

    /// Takes the route the browser moved to (back, forward, a link), without writing it back.
    pub fn follow_route(self, route: Route) {
        if self.route.with_untracked(|r| *r != route) {
            self.set_route.set(route);
        }
    }

    /// Sets (or removes) one key of the URL query, replacing the history entry.
    pub fn set_query(self, key: &str, value: Option<String>) {
        self.navigate(self.route.with_untracked(|r| r.with(key, value)), true);
    }

    /// Changes the filter bar's filter in the URL (replacing the history entry).
    pub fn set_filter(self, change: impl FnOnce(&mut FilterQuery)) {
        let route = self.route.get_untracked();
        let mut q = FilterQuery::from_route(&route);
        change(&mut q);
        self.navigate(q.apply_to(&route), true);
    }

    /// Applies `f` to a copy of the workspace. On `Ok` the copy becomes the workspace and the
    /// undo stack keeps what the change replaced, under `label` (nothing when nothing changed);
    /// on `Err` nothing changes.
    pub fn change<T, E>(
        self,
        label: impl Into<String>,
        f: impl FnOnce(&mut Workspace) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut next = self.ws.with_untracked(Workspace::clone);
        let out = f(&mut next)?;
        let label = label.into();
        let mut scope = ChangeScope::nothing();
        self.set_ws.update_untracked(|current| {
            let before = std::mem::replace(current, next);
            self.set_undo
                .update(|u| scope = u.record_change(label, before, current));
        });
        self.changed_in_place(scope);
        Ok(out)
    }

    /// Edits deal `id` through `f`, applied to a copy of that deal alone; on `Ok` the copy takes
    /// the deal's place in the workspace (in place: no copy or comparison of the workspace) and
    /// the undo stack keeps the deal it replaced, under `label` (nothing when `f` changed
    /// nothing); the deal index follows that one deal. On `Err` nothing changes. `None` when
    /// there is no such deal. The edit path of the forecast lists (issue 17: an edit at 100,000
    /// deals).
    pub fn change_deal<T, E>(
        self,
        label: impl Into<String>,
        id: DealId,
        f: impl FnOnce(&mut Deal) -> Result<T, E>,
    ) -> Option<Result<T, E>> {
        let (pos, mut edited) = self.ws.with_untracked(|w| {
            let pos = w.deals.iter().position(|d| d.id == id)?;
            Some((pos, w.deals[pos].clone()))
        })?;
        let out = match f(&mut edited) {
            Ok(out) => out,
            Err(e) => return Some(Err(e)),
        };
        let label = label.into();
        let mut scope = ChangeScope::nothing();
        self.set_ws.update_untracked(|w| {
            self.set_undo
                .update(|u| scope = u.replace_deals(label, w, vec![(pos, edited)]));
        });
        self.changed_in_place(scope);
        Some(Ok(out))
    }

    /// After the workspace was changed untracked by what `scope` says: remembered for the next
    /// save and the index, and the workspace's readers told (nothing when nothing changed).
    fn changed_in_place(self, scope: ChangeScope) {
        if scope != ChangeScope::nothing() {
            self.workspace_changed(Some(scope.clone()));
            self.mark_changed(scope);
            self.set_ws.notify();
        }
    }

    /// Remembers for the index memo what the workspace's next value changed (`None`: anything,
    /// so the index is rebuilt). Every write of the workspace goes with one.
    fn workspace_changed(self, scope: Option<ChangeScope>) {
        self.index_since.update_value(|since| {
            *since = match (since.take(), scope) {
                (Some(a), Some(b)) => Some(a.union(b)),
                _ => None,
            }
        });
    }

    /// Remembers that `scope` changed, for the next save.
    fn mark_changed(self, scope: ChangeScope) {
        self.generation.update_value(|g| *g = g.wrapping_add(1));
        let merged = match self.pending.get_value() {
            Some(p) => p.union(scope),
            None => scope,
        };
        self.pending.set_value(Some(merged));
    }

    /// Undoes the last change; returns its label. Undoing leaves a scenario's sandbox: what
    /// undo brings back is saved as usual.
    pub fn undo(self) -> Option<String> {
        let label = self.step(UndoStack::can_undo, UndoStack::undo_scoped);
        if label.is_some() {
            self.leave_scenario();
        }
        label
    }

    /// Opens the workshop scenario `route` names (`?scenario=…`, in `lang`) and goes to its view,
    /// the key dropped from the address bar so a reload does not open it again. False when the
    /// route names no scenario Voronka knows.
    pub fn follow_scenario_link(self, route: &Route, lang: Lang) -> bool {
        let Some((s, to)) = crate::ui::scenario_link::landing(route) else {
            return false;
        };
        self.open_scenario(s, lang);
        self.navigate(to, true);
        true
    }

    /// Saving resumes (the next persist saves the workspace on show).
    fn leave_scenario(self) {
        if self.scenario.get_untracked().is_some() {
            self.scenario.set(None);
        }
    }

    /// Re-applies the last undone change; returns its label.
    pub fn redo(self) -> Option<String> {
        self.step(UndoStack::can_redo, UndoStack::redo_scoped)
    }

    /// One step back or forward through the undo stack, when there is one.
    fn step(
        self,
        can: fn(&UndoStack) -> bool,
        apply: fn(&mut UndoStack, &mut Workspace) -> Option<(String, ChangeScope)>,
    ) -> Option<String> {
        if !self.undo.with_untracked(can) {
            return None;
        }
        let mut done = None;
        self.set_undo
            .update(|u| self.set_ws.update_untracked(|w| done = apply(u, w)));
        // The workspace's readers are told after the index knows what to follow.
        self.workspace_changed(done.as_ref().map(|(_, scope)| scope.clone()));
        self.set_ws.notify();
        let (label, scope) = done?;
        self.mark_changed(scope);
        Some(label)
    }

    /// Records `current` on the undo stack under the translation of `key`.
    fn record(self, lang: Lang, key: &str, current: &Workspace) {
        self.set_undo.update(|u| u.record(tr(lang, key), current));
    }

    /// Replaces the whole workspace, keeping the current one for a one-click restore and on the
    /// undo stack (labelled in `lang`).
    pub fn replace_workspace(self, next: Workspace, why: Replaced, lang: Lang) {
        let key = match why {
            Replaced::Import => "data.undo.import",
            Replaced::Demo => "data.undo.demo",
            Replaced::Empty => "data.undo.empty",
            Replaced::Scenario => "workshop.undo",
        };
        let current = self.ws.get_untracked();
        self.record(lang, key, &current);
        // Replacing a scenario keeps the user's own workspace in the slot, not the scenario.
        let scenario_on_show = self.scenario.get_untracked().is_some()
            && self
                .previous
                .with_untracked(|p| matches!(p, Some((_, Replaced::Scenario))));
        if scenario_on_show {
            if why != Replaced::Scenario {
                self.set_previous
                    .update(|p| p.iter_mut().for_each(|(_, w)| *w = why));
            }
        } else {
            self.set_previous.set(Some((current, why)));
        }
        self.leave_scenario();
        self.mark_changed(ChangeScope::everything());
        self.workspace_changed(None);
        self.set_ws.set(next);
    }

    /// Shows workshop scenario `s` (names in `lang`) in place of the workspace, which is kept in
    /// the keep-previous slot and in storage: nothing is saved while the scenario is on show.
    /// Opening another scenario keeps the user's workspace in the slot.
    /// The generator is a chunk of its own in the split build (`ui::split_calls`): until it is
    /// in, the workspace on show stays; if it cannot be fetched, the user is told.
    pub fn open_scenario(self, s: Scenario, lang: Lang) {
        crate::ui::split_calls::with_scenario(s, lang, self.today, move |made| match made {
            Ok(next) => {
                self.replace_workspace(next, Replaced::Scenario, lang);
                self.scenario.set(Some(s));
            }
            Err(crate::ui::lazy::LoadError) => self.notify(tr(lang, "page_load.failed")),
        });
    }

    /// Brings back the workspace kept by the last replace; the replaced one is kept in turn (and
    /// the step is on the undo stack, labelled in `lang`).
    pub fn restore_previous(self, lang: Lang) -> bool {
        let Some((prev, why)) = self.previous.get_untracked() else {
            return false;
        };
        let current = self.ws.get_untracked();
        self.record(lang, "data.undo.restore", &current);
        self.set_previous.set(Some((current, why)));
        self.leave_scenario();
        self.mark_changed(ChangeScope::everything());
        self.workspace_changed(None);
        self.set_ws.set(prev);
        // Its snapshot history comes back with it.
        if let Some(s) = use_context::<crate::ui::snapshots::Snapshots>() {
            s.restore_previous();
        }
        true
    }

    /// A new workspace took the place of the old one: its snapshot history starts afresh
    /// (today's snapshot of it), the old history kept for a restore.
    fn history_starts_afresh(self) {
        if let Some(s) = use_context::<crate::ui::snapshots::Snapshots>() {
            self.ws.with_untracked(|ws| s.replaced(ws, None));
        }
    }

    pub fn load_demo(self, lang: Lang) {
        self.replace_workspace(
            demo::generate(DemoSpec::standard(lang, self.today)),
            Replaced::Demo,
            lang,
        );
        self.history_starts_afresh();
    }

    pub fn start_empty(self, lang: Lang) {
        let currency = self.ws.with_untracked(|w| w.currency.clone());
        self.replace_workspace(
            Workspace::empty(&currency, &Names::new(lang)),
            Replaced::Empty,
            lang,
        );
        self.history_starts_afresh();
    }

    /// Everything is to be saved (a workspace that is not what storage holds: the demo at first
    /// start, or an unreadable stored value the user agreed to overwrite).
    pub fn mark_all_changed(self) {
        self.mark_changed(ChangeScope::everything());
    }

    /// Saves what changed after [`SAVE_DELAY_MS`], unless another change comes first (then
    /// after that one). The App's Effect calls it on every workspace change.
    pub fn save_soon(self) {
        if self.pending.get_value().is_none() {
            return;
        }
        let ticket = self.save_ticket.get_value().wrapping_add(1);
        self.save_ticket.set_value(ticket);
        set_timeout(
            move || {
                if self.save_ticket.try_get_value() == Some(ticket) {
                    self.persist();
                }
            },
            std::time::Duration::from_millis(SAVE_DELAY_MS),
        );
    }

    /// True while a change waits to be saved.
    pub fn save_pending(self) -> bool {
        self.pending.get_value().is_some()
    }

    /// Saves what changed now, if anything waits (the page is being left or hidden, or another
    /// tab's save is about to be taken).
    pub fn persist(self) {
        if self.scenario.get_untracked().is_some() {
            // A scenario is a sandbox: the user's own workspace stays stored. What changed stays
            // pending, so leaving the scenario saves it.
            return;
        }
        if self.pending.get_value().is_none() {
            return;
        }
        if matches!(
            self.storage.get_untracked(),
            StorageStatus::Unreadable { .. }
        ) {
            return;
        }
        let stored = storage::read_revision();
        if stored.is_some() && stored != self.revision.get_value() {
            // The merge is a chunk of its own in the split build (`ui::split_calls`): until it
            // is in, nothing is written over the other tab's save; this runs again then.
            let held = crate::ui::split_calls::merge_ready_or_fetch(move |fetched| {
                if !fetched {
                    // Cannot merge: keep this tab's workspace, as when the merge refuses.
                    self.mark_all_changed();
                    self.save_now();
                    self.notify(tr(self.lang_now(), "sync.overwrote"));
                    return;
                }
                self.persist();
            });
            match held {
                crate::ui::split_calls::MergeReady::Now => {}
                crate::ui::split_calls::MergeReady::Fetching { first: true } => return,
                crate::ui::split_calls::MergeReady::Fetching { first: false } => {
                    // Asked again while held: the page is being hidden or left, the last moment
                    // to keep this tab's edits. Ours is saved whole; the other tab keeps its own
                    // on its undo stack when it takes this save in.
                    self.mark_all_changed();
                    self.save_now();
                    return;
                }
            }
            // Another tab saved after this tab last read or wrote, and its storage event has not
            // arrived yet: merge its workspace with this one instead of overwriting it. The
            // merged workspace is then saved whole.
            if self.merge_other_tab(stored) {
                self.save_now();
                return;
            }
            // What is stored is theirs: ours is saved whole over it.
            self.mark_all_changed();
        }
        self.save_now();
    }

    /// Writes the pending changes to storage.
    fn save_now(self) {
        let Some(scope) = self.pending.get_value() else {
            return;
        };
        self.pending.set_value(None);
        let saved = crate::ui::timing::measure("voronka:save", || {
            self.ws
                .with_untracked(|ws| storage::save_workspace_changes(ws, &scope))
        });
        let status = match saved {
            Ok(()) => {
                crate::ui::crash::forget_unsaved();
                self.wrote_revision();
                if storage::compaction_due() {
                    self.compact_soon();
                }
                StorageStatus::Saved
            }
            Err(e) => {
                // Kept so that a crash can still offer what could not be saved; the next save
                // writes everything again.
                crate::ui::crash::remember_unsaved(
                    self.ws.with_untracked(crate::format::json::write),
                );
                storage::forget_stored();
                StorageStatus::Failed(e)
            }
        };
        if self.storage.get_untracked() != status {
            self.set_storage.set(status);
        }
    }

    /// A save was stored: a fresh revision tells other tabs.
    fn wrote_revision(self) {
        let rev = new_revision();
        if storage::write_revision(&rev).is_ok() {
            self.revision.set_value(Some(rev));
        }
    }

    /// Another tab saved the workspace (its storage event, with the new revision): take what it
    /// saved. Every change here is saved as it happens, so there is nothing of this tab's to lose;
    /// the step is on the undo stack all the same, and the user is told.
    pub fn adopt_other_tab(self, rev: Option<String>, lang: Lang) {
        if rev.is_none() || rev == self.revision.get_value() {
            return;
        }
        if self.save_pending() {
            // This tab has an edit not yet saved: save it now. Persist sees their revision and
            // merges their workspace with this one first, so what it stores holds both tabs'
            // edits (the other tab then takes it in turn).
            self.persist();
            return;
        }
        let Ok(Loaded::Workspace(theirs)) = storage::load_workspace() else {
            return;
        };
        self.revision.set_value(rev);
        if matches!(
            self.storage.get_untracked(),
            StorageStatus::Unreadable { .. }
        ) {
            // The other tab replaced the unreadable value (the user agreed there).
            self.set_storage.set(StorageStatus::Saved);
        }
        if self.ws.with_untracked(|w| *w == *theirs) {
            return;
        }
        let current = self.ws.get_untracked();
        self.record(lang, "data.undo.other_tab", &current);
        self.leave_scenario();
        // Nothing to save: storage holds exactly this.
        self.workspace_changed(None);
        self.set_ws.set(*theirs);
        self.notify(tr(lang, "sync.adopted"));
    }

    /// The language of the page (English when there is no i18n context, as in some tests).
    fn lang_now(self) -> Lang {
        use_context::<I18n>()
            .map(|i| i.lang_untracked())
            .unwrap_or(Lang::En)
    }

    /// Merges what another tab saved (revision `stored`) into this tab's workspace. Returns true
    /// when the workspace was replaced by the merge (persist will run again and save it).
    fn merge_other_tab(self, stored: Option<String>) -> bool {
        let Ok(Loaded::Workspace(theirs)) = storage::load_workspace() else {
            return false;
        };
        self.revision.set_value(stored);
        let lang = self.lang_now();
        match self
            .ws
            .with_untracked(|ours| crate::ui::split_calls::merge_now(ours, &theirs))
        {
            // `persist` checked that the merge's code is in.
            None => false,
            Some(Ok((merged, report))) => {
                if self.ws.with_untracked(|w| *w == merged) {
                    // Theirs holds nothing new: saving ours over it loses nothing.
                    return false;
                }
                let current = self.ws.get_untracked();
                self.record(lang, "data.undo.other_tab", &current);
                self.mark_changed(ChangeScope::everything());
                self.workspace_changed(None);
                self.set_ws.set(merged);
                self.notify(fill(
                    &tr(lang, "sync.merged"),
                    &[("conflicts", report.conflicts.len().to_string())],
                ));
                true
            }
            Some(Err(_)) => {
                // Cannot merge (say, another currency): keep this tab's workspace, say so.
                self.notify(tr(lang, "sync.overwrote"));
                false
            }
        }
    }

    /// The user agreed to replace an unreadable stored value with the current workspace.
    pub fn overwrite_stored(self) {
        self.set_storage.set(StorageStatus::Saved);
        self.mark_all_changed();
        self.persist();
    }
}

/// The index of `ws` from the previous one and what changed since (`since`; `None`: unknown):
/// updated in place when only some deals changed, else rebuilt.
fn follow_index(
    prev: Option<&Shared<DealIndex>>,
    since: Option<ChangeScope>,
    ws: &Workspace,
) -> Shared<DealIndex> {
    match (prev, since) {
        (Some(prev), Some(since)) if !since.rest => match since.deals {
            Touched::Nothing => prev.clone(),
            Touched::At(at) => Shared(Arc::new(prev.0.updated_at(ws, &at))),
            Touched::From(from) => Shared(Arc::new(prev.0.updated_from(ws, from))),
        },
        _ => Shared(Arc::new(DealIndex::build(ws))),
    }
}
