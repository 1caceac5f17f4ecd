//! The one place that touches browser storage (localStorage through gloo-storage).
//!
//! Storage can be missing (private windows, blocked cookies), full, or hold a value that this
//! version cannot read (corrupted by hand, or written by a newer Voronka). None of that may crash
//! the app or lose data: every function returns a [`StorageError`] or an [`Loaded::Unreadable`]
//! carrying the raw text, and callers decide with the user what to do.

use std::cell::RefCell;

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use crate::domain::edit::{ChangeScope, Touched};
use crate::format::overlay::{self, ChunkRef, Overlay};

use crate::domain::changes::{History, Snapshot};
use crate::domain::{Lang, Workspace};
use crate::format::json::{self, ReadError};
use crate::format::{packed, snapshots};

/// Key of the workspace, stored as a Voronka file (see `docs/file-format.md`).
pub const WORKSPACE_KEY: &str = "voronka.workspace";
/// Key of the overlay manifest (`format::overlay`): what changed since the last whole save of a
/// big workspace, in chunks stored under keys starting with [`OVERLAY_CHUNK_PREFIX`].
pub const OVERLAY_KEY: &str = "voronka.workspace.overlay";
/// Prefix of the overlay's chunk keys.
pub const OVERLAY_CHUNK_PREFIX: &str = "voronka.workspace.overlay.";
/// Workspaces with more deals than this save an edit as an overlay of what it touched; smaller
/// ones are saved whole (a few milliseconds).
pub const OVERLAY_ABOVE_DEALS: usize = 2_000;
/// Key of the user's settings (language).
pub const SETTINGS_KEY: &str = "voronka.settings";
/// Key of the workspace's revision: a fresh random token written with every save, so a tab can
/// tell whether another tab saved since it last read or wrote (see `ui::state::AppState::persist`).
pub const REVISION_KEY: &str = "voronka.workspace.rev";
/// Key of the snapshot history (`format::snapshots`, always packed). It gives way to the
/// workspace: when space runs short its oldest days are dropped first.
pub const SNAPSHOTS_KEY: &str = "voronka.snapshots";
/// Weeks of daily snapshots kept unless the user chose otherwise.
pub const DEFAULT_SNAPSHOT_WEEKS: u32 = 8;
/// The choices offered for how long snapshots are kept, in weeks.
pub const SNAPSHOT_WEEKS_CHOICES: [u32; 5] = [4, 8, 13, 26, 52];

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// localStorage cannot be used at all (disabled, private mode, sandboxed frame).
    #[error("browser storage is not available: {0}")]
    Unavailable(String),
    /// The browser refused the write because the origin's quota is used up.
    #[error("browser storage is full")]
    Full,
    #[error("browser storage failed: {0}")]
    Other(String),
}

/// What was found under the workspace key.
#[derive(Debug)]
pub enum Loaded {
    /// Nothing stored yet: first start.
    Nothing,
    Workspace(Box<Workspace>),
    /// Something is stored but cannot be read; it is left untouched.
    Unreadable {
        raw: String,
        error: ReadError,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// `ru` or `en`; `None` follows the browser's language.
    pub lang: Option<String>,
    /// CSV import column mappings the user confirmed, by `domain::import::header_key`.
    #[serde(default)]
    pub csv_mappings: std::collections::BTreeMap<String, crate::format::csv_mapping::MappingDto>,
    /// How many weeks of daily snapshots to keep; `None` is [`DEFAULT_SNAPSHOT_WEEKS`].
    #[serde(default)]
    pub snapshot_weeks: Option<u32>,
    /// The guided tour's step the user left it at (0-based), so "Tour" resumes there; `None`
    /// when it was never opened or was finished.
    #[serde(default)]
    pub tour_step: Option<u32>,
}

impl Settings {
    pub fn lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::from_code)
    }

    /// Weeks of snapshots to keep (at least one).
    pub fn snapshot_weeks(&self) -> u32 {
        self.snapshot_weeks.unwrap_or(DEFAULT_SNAPSHOT_WEEKS).max(1)
    }
}

/// Checks that localStorage exists and can be read, without letting gloo throw.
fn check_available() -> Result<(), StorageError> {
    let window = web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
    match window.local_storage() {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(StorageError::Unavailable("localStorage is missing".into())),
        Err(e) => Err(StorageError::Unavailable(js_error_text(&e))),
    }
}

fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    match e.dyn_ref::<js_sys::Error>() {
        Some(err) => format!(
            "{}: {}",
            String::from(err.name()),
            String::from(err.message())
        ),
        None => format!("{e:?}"),
    }
}

fn classify(err: gloo_storage::errors::StorageError) -> StorageError {
    match err {
        gloo_storage::errors::StorageError::JsError(js) => {
            // Chromium and Firefox name it QuotaExceededError; old Firefox used NS_ERROR_DOM_QUOTA_REACHED.
            if js.name.contains("Quota") || js.name.contains("QUOTA") {
                StorageError::Full
            } else {
                StorageError::Other(format!("{}: {}", js.name, js.message))
            }
        }
        other => StorageError::Other(other.to_string()),
    }
}

/// Reads the stored text under `key`, or `None` when nothing is there.
pub fn read_raw(key: &str) -> Result<Option<String>, StorageError> {
    check_available()?;
    LocalStorage::raw()
        .get_item(key)
        .map_err(|e| StorageError::Unavailable(js_error_text(&e)))
}

/// Writes `text` under `key` as it is (the workspace is already JSON; no second encoding).
pub fn write_raw(key: &str, text: &str) -> Result<(), StorageError> {
    check_available()?;
    LocalStorage::raw()
        .set_item(key, text)
        .map_err(|e| classify_js(&e))
}

fn classify_js(e: &wasm_bindgen::JsValue) -> StorageError {
    let text = js_error_text(e);
    // Chromium and Firefox name it QuotaExceededError; old Firefox used NS_ERROR_DOM_QUOTA_REACHED.
    if text.contains("Quota") || text.contains("QUOTA") {
        StorageError::Full
    } else {
        StorageError::Other(text)
    }
}

/// Removes what is stored under `key`.
pub fn remove(key: &str) -> Result<(), StorageError> {
    check_available()?;
    LocalStorage::raw()
        .remove_item(key)
        .map_err(|e| classify_js(&e))
}

/// Workspaces whose JSON is longer than this many bytes are stored packed
/// (`format::packed`: deflate, 15 bits per character), so 100,000 deals fit in localStorage.
pub const PACK_ABOVE_BYTES: usize = 1_000_000;

/// What this tab knows is stored: the base it last read or wrote and the overlay over it, so an
/// edit can be saved as an overlay of what it touched.
struct Stored {
    /// `overlay::checksum` of the stored base text, its length and its deal count.
    base_sum: String,
    base_len: usize,
    base_deals: usize,
    /// The overlay manifest as stored, and read.
    overlay: Option<(String, Overlay)>,
}

thread_local! {
    static STORED: RefCell<Option<Stored>> = const { RefCell::new(None) };
}

fn set_stored(stored: Option<Stored>) {
    STORED.with(|s| *s.borrow_mut() = stored);
}

/// Forgets what this tab knew was stored (a save failed part-way): the next save is whole.
pub fn forget_stored() {
    set_stored(None);
}

/// Loads the stored workspace: the base (plain or packed) and the overlay of later edits, if any.
pub fn load_workspace() -> Result<Loaded, StorageError> {
    set_stored(None);
    let Some(raw) = read_raw(WORKSPACE_KEY)? else {
        return Ok(Loaded::Nothing);
    };
    let base_sum = overlay::checksum(&raw);
    let base_len = raw.len();
    // The stored text is dropped as soon as it is unpacked: at 100,000 deals it is 10 MB of the
    // loading peak, and wasm memory never shrinks.
    let text = if packed::is_packed(&raw) {
        match packed::unpack(&raw) {
            Ok(text) => {
                drop(raw);
                text
            }
            Err(e) => {
                return Ok(Loaded::Unreadable {
                    raw,
                    error: ReadError::Damaged(e.to_string()),
                });
            }
        }
    } else {
        raw
    };
    let base = match json::read(&text) {
        Ok(ws) => ws,
        Err(error) => return Ok(Loaded::Unreadable { raw: text, error }),
    };
    let mut stored = Stored {
        base_sum,
        base_len,
        base_deals: base.deals.len(),
        overlay: None,
    };
    let Some(manifest) = read_raw(OVERLAY_KEY)? else {
        set_stored(Some(stored));
        return Ok(Loaded::Workspace(Box::new(base)));
    };
    let over = match overlay::read_manifest(&manifest) {
        Ok(o) => o,
        Err(overlay::OverlayError::Newer { found }) => {
            return Ok(Loaded::Unreadable {
                raw: text,
                error: ReadError::NewerVersion {
                    found,
                    supported: overlay::VERSION,
                },
            });
        }
        Err(e) => {
            return Ok(Loaded::Unreadable {
                raw: text,
                error: ReadError::Damaged(e.to_string()),
            });
        }
    };
    if over.base_sum != stored.base_sum {
        // Written before the base was last rewritten (a crash between the two): the base is
        // newer and whole. The stale overlay is removed by the next save.
        set_stored(Some(stored));
        return Ok(Loaded::Workspace(Box::new(base)));
    }
    match overlay::apply(&over, base, |key| read_raw(key).ok().flatten()) {
        Ok(ws) => {
            stored.overlay = Some((manifest, over));
            set_stored(Some(stored));
            Ok(Loaded::Workspace(Box::new(ws)))
        }
        Err(error) => Ok(Loaded::Unreadable { raw: text, error }),
    }
}

/// The stored workspace as one Voronka file (base and overlay together), for the crash panel.
pub fn stored_workspace_text() -> Option<String> {
    if read_raw(OVERLAY_KEY).ok().flatten().is_none() {
        return read_raw(WORKSPACE_KEY).ok().flatten();
    }
    match load_workspace() {
        Ok(Loaded::Workspace(ws)) => Some(json::write(&ws)),
        Ok(Loaded::Unreadable { raw, .. }) => Some(raw),
        _ => None,
    }
}

/// Saves what `scope` says changed since the last save. A big workspace whose base this tab knows
/// is saved as an overlay: only the touched blocks of deals (and the rest, when it changed), each
/// well under 50 ms; anything else — a replaced workspace, a small one, an overlay grown past half
/// the base, a full quota — is saved whole, as before.
pub fn save_workspace_changes(ws: &Workspace, scope: &ChangeScope) -> Result<(), StorageError> {
    if ws.deals.len() > OVERLAY_ABOVE_DEALS && *scope != ChangeScope::everything() {
        match save_overlay(ws, scope) {
            Ok(true) => return Ok(()),
            Ok(false) | Err(StorageError::Full) => {}
            Err(e) => return Err(e),
        }
    }
    save_workspace(ws)
}

/// A fresh suffix for chunk keys, so a new chunk never replaces one the stored manifest names.
fn fresh_suffix() -> String {
    format!(
        "{:x}{:x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1_048_576.0) as u64
    )
}

/// Blocks of deals `scope` rewrote, for a workspace of `deals` deals in blocks of `per_block`.
fn dirty_blocks(scope: &ChangeScope, per_block: usize, blocks: usize) -> Vec<bool> {
    let mut dirty = vec![false; blocks];
    match &scope.deals {
        Touched::Nothing => {}
        Touched::At(at) => {
            for i in at {
                if let Some(d) = dirty.get_mut(i / per_block) {
                    *d = true;
                }
            }
        }
        Touched::From(at) => {
            for d in dirty.iter_mut().skip(at / per_block) {
                *d = true;
            }
        }
    }
    dirty
}

/// Writes the overlay for `scope`. `Ok(false)`: it cannot be done (no known base, another
/// writer's overlay, or the overlay would outgrow half the base): save whole instead.
fn save_overlay(ws: &Workspace, scope: &ChangeScope) -> Result<bool, StorageError> {
    let Some((old, base_len, base_deals)) = STORED.with(|s| {
        s.borrow().as_ref().map(|st| {
            let old = st.overlay.clone();
            (old, st.base_len, st.base_deals)
        })
    }) else {
        return Ok(false);
    };
    let stored_manifest = read_raw(OVERLAY_KEY)?;
    let (old_text, old) = match old {
        Some((text, o)) => (Some(text), o),
        None => {
            let sum = STORED.with(|s| s.borrow().as_ref().map(|st| st.base_sum.clone()));
            (None, Overlay::over(sum.unwrap_or_default(), base_deals))
        }
    };
    if stored_manifest != old_text || old.per_block != overlay::DEALS_PER_BLOCK {
        return Ok(false);
    }
    if old.chunk_chars() > base_len {
        // No sliced rewrite has caught up (see `Compaction`): rewrite the base now, at once.
        return Ok(false);
    }
    let per_block = old.per_block;
    let blocks = ws.deals.len().div_ceil(per_block);
    let dirty = dirty_blocks(scope, per_block, blocks);
    let suffix = fresh_suffix();
    let mut next = Overlay {
        deals: ws.deals.len(),
        blocks: Vec::with_capacity(blocks),
        ..old.clone()
    };
    let mut written: Vec<String> = Vec::new();
    let write_chunk = |name: String, text: String, written: &mut Vec<String>| {
        let key = format!("{OVERLAY_CHUNK_PREFIX}{name}.{suffix}");
        let r = write_raw(&key, &text);
        written.push(key.clone());
        r.map(|()| ChunkRef {
            sum: overlay::checksum(&text),
            len: text.len(),
            key,
        })
    };
    let result = (|| {
        if scope.rest {
            next.rest = Some(write_chunk(
                "r".into(),
                overlay::write_rest(ws),
                &mut written,
            )?);
        }
        for (i, dirty) in dirty.iter().enumerate() {
            // A block is kept when the change did not touch it and it spans the same positions
            // as before (the old last block changes length when the count changes).
            let span = |deals: usize| deals.saturating_sub(i * per_block).min(per_block);
            let same_span = i < old.blocks.len() && span(old.deals) == span(ws.deals.len());
            if *dirty || !same_span {
                let end = ((i + 1) * per_block).min(ws.deals.len());
                let block = overlay::write_block(&ws.deals[i * per_block..end]);
                next.blocks
                    .push(Some(write_chunk(i.to_string(), block, &mut written)?));
            } else {
                next.blocks.push(old.blocks[i].clone());
            }
        }
        write_raw(OVERLAY_KEY, &overlay::write_manifest(&next))
    })();
    if let Err(e) = result {
        for key in &written {
            let _ = remove(key);
        }
        return Err(e);
    }
    // The new manifest is stored: chunks only the old one named are garbage now.
    let keep: std::collections::HashSet<&str> = next.chunks().map(|c| c.key.as_str()).collect();
    for c in old.chunks() {
        if !keep.contains(c.key.as_str()) {
            let _ = remove(&c.key);
        }
    }
    let text = overlay::write_manifest(&next);
    STORED.with(|s| {
        if let Some(st) = s.borrow_mut().as_mut() {
            st.overlay = Some((text, next));
        }
    });
    Ok(true)
}

/// True when the overlay has outgrown half the base it applies to: time to rewrite the base
/// ([`Compaction`]), so loading does not read most of the workspace twice.
pub fn compaction_due() -> bool {
    STORED.with(|s| {
        s.borrow().as_ref().is_some_and(|st| {
            st.overlay
                .as_ref()
                .is_some_and(|(_, o)| o.chunk_chars() > st.base_len / 2)
        })
    })
}

/// A rewrite of the stored base (the whole workspace, packed) fed a slice of deals at a time,
/// one slice per short task (issue 17: ~1.3 s at 100,000 deals in one task before). Nothing is
/// written until [`Compaction::finish`], which stores the new base in one write and only then
/// drops the overlay (a crash between leaves an overlay made for the old base: stale, ignored on
/// load). So a tab closed or crashed part-way loses nothing: the old base and overlay stay whole.
/// The workspace must not change between `start` and `finish` (the app drops the rewrite when it
/// does, and edits keep going into the overlay meanwhile).
pub struct Compaction {
    writer: crate::format::sliced::BaseWriter,
    /// The stored base it replaces, and the workspace's deal count.
    base_sum: String,
    deals: usize,
}

impl Compaction {
    /// Deals written per slice: ~13 µs a deal in the release build, so a slice stays near 25 ms.
    pub const DEALS_PER_STEP: usize = 2_000;

    /// Starts rewriting the base with `ws`; `None` when this tab does not know what is stored.
    pub fn start(ws: &Workspace) -> Option<Compaction> {
        let base_sum = STORED.with(|s| s.borrow().as_ref().map(|st| st.base_sum.clone()))?;
        Some(Compaction {
            writer: crate::format::sliced::BaseWriter::new(ws, Some(packed::Effort::Fast)),
            base_sum,
            deals: ws.deals.len(),
        })
    }

    /// Writes the next slice of `ws` (the workspace `start` was given); true when all are in.
    pub fn step(&mut self, ws: &Workspace) -> bool {
        self.writer.step(ws, Self::DEALS_PER_STEP)
    }

    /// Stores the new base and drops the overlay. `Ok(false)`: the stored base is no longer the
    /// one this rewrite started from (a whole save came first): nothing written.
    pub fn finish(self) -> Result<bool, StorageError> {
        let same_base = STORED.with(|s| s.borrow().as_ref().map(|st| st.base_sum.clone()))
            == Some(self.base_sum);
        if !same_base || !self.writer.done() {
            return Ok(false);
        }
        let text = self.writer.finish();
        write_raw(WORKSPACE_KEY, &text)?;
        drop_overlay();
        set_stored(Some(Stored {
            base_sum: overlay::checksum(&text),
            base_len: text.len(),
            base_deals: self.deals,
            overlay: None,
        }));
        Ok(true)
    }
}

/// Removes the overlay and every chunk key (after a whole save made them stale).
fn drop_overlay() {
    let _ = remove(OVERLAY_KEY);
    for key in keys_with_prefix(OVERLAY_CHUNK_PREFIX) {
        let _ = remove(&key);
    }
}

/// Every stored key starting with `prefix`.
fn keys_with_prefix(prefix: &str) -> Vec<String> {
    let Ok(storage) = check_available().map(|()| LocalStorage::raw()) else {
        return Vec::new();
    };
    let n = storage.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// Saves the workspace; on any error the previous stored value is unchanged.
pub fn save_workspace(ws: &Workspace) -> Result<(), StorageError> {
    save_whole_json(&json::write(ws), ws.deals.len())
}

/// Saves a workspace already written as a Voronka file; on any error the stored value is unchanged.
///
/// When the quota is short, stored snapshots give way first: the oldest half of the history is
/// dropped (then half of what is left, …, then all of it) until the workspace fits.
pub fn save_workspace_json(text: &str) -> Result<(), StorageError> {
    let deals = json::read(text).map(|w| w.deals.len()).unwrap_or(0);
    save_whole_json(text, deals)
}

/// Stores `text` (a Voronka file of `deals` deals) as the base, then drops the overlay it
/// supersedes (after the base is written: a crash between leaves a stale overlay, ignored).
fn save_whole_json(text: &str, deals: usize) -> Result<(), StorageError> {
    let stored = store_base(text)?;
    drop_overlay();
    set_stored(Some(Stored {
        base_sum: overlay::checksum(&stored),
        base_len: stored.len(),
        base_deals: deals,
        overlay: None,
    }));
    Ok(())
}

/// Writes `text` as the base (packed when big); returns what was stored.
fn store_base(text: &str) -> Result<String, StorageError> {
    let packed_small = std::cell::OnceCell::new();
    let attempt = |small: bool| -> Result<String, StorageError> {
        let stored = if text.len() <= PACK_ABOVE_BYTES {
            text.to_string()
        } else if small {
            packed_small
                .get_or_init(|| packed::pack_with(text, packed::Effort::Small))
                .clone()
        } else {
            packed::pack_with(text, packed::Effort::Fast)
        };
        write_raw(WORKSPACE_KEY, &stored).map(|()| stored)
    };
    match attempt(false) {
        // Near the quota: the slower, smaller form may still fit, and snapshots give way.
        Err(StorageError::Full) => {}
        other => return other,
    }
    loop {
        match attempt(true) {
            Err(StorageError::Full) => {
                if !shrink_stored_history() {
                    return Err(StorageError::Full);
                }
            }
            other => return other,
        }
    }
}

/// What is stored under [`SNAPSHOTS_KEY`].
#[derive(Debug)]
pub enum LoadedHistory {
    Nothing,
    History(History),
    /// Stored but unreadable (damaged, or from a newer Voronka); left untouched.
    Unreadable {
        reason: String,
    },
}

/// Loads the stored snapshot history.
pub fn load_history() -> Result<LoadedHistory, StorageError> {
    Ok(match read_raw(SNAPSHOTS_KEY)? {
        None => LoadedHistory::Nothing,
        Some(raw) => match snapshots::unpack(&raw) {
            Ok(history) => LoadedHistory::History(history),
            Err(e) => LoadedHistory::Unreadable {
                reason: e.to_string(),
            },
        },
    })
}

/// Saves the snapshot history. When it does not fit, its oldest days are dropped until it does
/// (fewest dropped, found by halving); `history` is left as what was stored. Returns how many
/// days were dropped. An empty history removes the key.
pub fn save_history(history: &mut History) -> Result<usize, StorageError> {
    if history.is_empty() {
        return remove(SNAPSHOTS_KEY).map(|()| 0);
    }
    let write = |h: &History| write_raw(SNAPSHOTS_KEY, &snapshots::pack(h, packed::Effort::Small));
    match write(history) {
        Err(StorageError::Full) => {}
        other => return other.map(|()| 0),
    }
    // Keep as many of the newest days as fit: `lo` days known to fit (0 always does, by
    // removing the key), `hi` known not to.
    let days = history.len();
    let (mut lo, mut hi) = (0usize, days);
    let mut fitted: Option<History> = None;
    while hi - lo > 1 {
        let keep = (lo + hi) / 2;
        let mut trial = history.clone();
        for _ in 0..days - keep {
            trial.drop_oldest();
        }
        match write(&trial) {
            Ok(()) => {
                lo = keep;
                fitted = Some(trial);
            }
            Err(StorageError::Full) => hi = keep,
            Err(e) => return Err(e),
        }
    }
    // Successful trials only grow, and a refused write leaves the stored value as it was, so
    // what is stored now is the last trial that fitted.
    match fitted {
        Some(h) => *history = h,
        None => {
            remove(SNAPSHOTS_KEY)?;
            *history = History::default();
        }
    }
    Ok(days - history.len())
}

/// Drops the oldest half (at least one day) of the stored history to make room for the
/// workspace. False when there is nothing left to drop.
fn shrink_stored_history() -> bool {
    let Ok(LoadedHistory::History(mut history)) = load_history() else {
        // Nothing stored, or unreadable: an unreadable history is not thrown away for room.
        return false;
    };
    let drop = history.len().div_ceil(2).max(1);
    for _ in 0..drop {
        history.drop_oldest();
    }
    let done = if history.is_empty() {
        remove(SNAPSHOTS_KEY)
    } else {
        write_raw(
            SNAPSHOTS_KEY,
            &snapshots::pack(&history, packed::Effort::Small),
        )
        .or_else(|_| remove(SNAPSHOTS_KEY))
    };
    done.is_ok()
}

/// What [`record_daily_snapshot`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recorded {
    /// Today's snapshot was taken and stored; `dropped` old days made room or were past the
    /// kept weeks.
    Taken { dropped: usize },
    /// Today already had one (taken at the first opening of the day).
    AlreadyToday,
    /// The stored history cannot be read; nothing was written over it.
    Unreadable { reason: String },
}

/// Stores `snapshot` (the workspace as loaded this morning) unless one is stored for its day,
/// drops the days older than `weeks`, and stores the history (dropping more old days if space
/// is short). Returns what happened and the history as stored (empty when unreadable).
pub fn record_daily_snapshot(
    snapshot: Snapshot,
    weeks: u32,
) -> Result<(Recorded, History), StorageError> {
    let mut history = match load_history()? {
        LoadedHistory::Nothing => History::default(),
        LoadedHistory::History(h) => h,
        LoadedHistory::Unreadable { reason } => {
            return Ok((Recorded::Unreadable { reason }, History::default()));
        }
    };
    let today = snapshot.date;
    if history.dates().any(|d| d == today) {
        return Ok((Recorded::AlreadyToday, history));
    }
    history.record(snapshot);
    let pruned = history.prune(today, weeks);
    let dropped = save_history(&mut history)?;
    Ok((
        Recorded::Taken {
            dropped: pruned + dropped,
        },
        history,
    ))
}

/// The stored workspace revision, if any (no storage reads as none).
pub fn read_revision() -> Option<String> {
    read_raw(REVISION_KEY).ok().flatten()
}

/// Records `rev` as the revision of the workspace just saved.
pub fn write_revision(rev: &str) -> Result<(), StorageError> {
    write_raw(REVISION_KEY, rev)
}

pub fn load_settings() -> Settings {
    check_available()
        .ok()
        .and_then(|_| LocalStorage::get::<Settings>(SETTINGS_KEY).ok())
        .unwrap_or_default()
}

pub fn save_settings(settings: &Settings) -> Result<(), StorageError> {
    check_available()?;
    LocalStorage::set(SETTINGS_KEY, settings).map_err(classify)
}
