//! The one place that touches browser storage (localStorage through gloo-storage).
//!
//! Storage can be missing (private windows, blocked cookies), full, or hold a value that this
//! version cannot read (corrupted by hand, or written by a newer Voronka). None of that may crash
//! the app or lose data: every function returns a [`StorageError`] or an [`Loaded::Unreadable`]
//! carrying the raw text, and callers decide with the user what to do.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use crate::domain::changes::{History, Snapshot};
use crate::domain::{Lang, Workspace};
use crate::format::json::{self, ReadError};
use crate::format::{packed, snapshots};

/// Key of the workspace, stored as a Voronka file (see `docs/file-format.md`).
pub const WORKSPACE_KEY: &str = "voronka.workspace";
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

/// Loads the stored workspace (plain or packed).
pub fn load_workspace() -> Result<Loaded, StorageError> {
    let Some(raw) = read_raw(WORKSPACE_KEY)? else {
        return Ok(Loaded::Nothing);
    };
    let text = if packed::is_packed(&raw) {
        match packed::unpack(&raw) {
            Ok(text) => text,
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
    Ok(match json::read(&text) {
        Ok(ws) => Loaded::Workspace(Box::new(ws)),
        Err(error) => Loaded::Unreadable { raw: text, error },
    })
}

/// Saves the workspace; on any error the previous stored value is unchanged.
pub fn save_workspace(ws: &Workspace) -> Result<(), StorageError> {
    save_workspace_json(&json::write(ws))
}

/// Saves a workspace already written as a Voronka file; on any error the stored value is unchanged.
///
/// When the quota is short, stored snapshots give way first: the oldest half of the history is
/// dropped (then half of what is left, …, then all of it) until the workspace fits.
pub fn save_workspace_json(text: &str) -> Result<(), StorageError> {
    let packed_small = std::cell::OnceCell::new();
    let attempt = |small: bool| {
        if text.len() <= PACK_ABOVE_BYTES {
            write_raw(WORKSPACE_KEY, text)
        } else if small {
            write_raw(
                WORKSPACE_KEY,
                packed_small.get_or_init(|| packed::pack_with(text, packed::Effort::Small)),
            )
        } else {
            write_raw(
                WORKSPACE_KEY,
                &packed::pack_with(text, packed::Effort::Fast),
            )
        }
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
