//! The one place that touches browser storage (localStorage through gloo-storage).
//!
//! Storage can be missing (private windows, blocked cookies), full, or hold a value that this
//! version cannot read (corrupted by hand, or written by a newer Voronka). None of that may crash
//! the app or lose data: every function returns a [`StorageError`] or an [`Loaded::Unreadable`]
//! carrying the raw text, and callers decide with the user what to do.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use crate::domain::{Lang, Workspace};
use crate::format::json::{self, ReadError};
use crate::format::packed;

/// Key of the workspace, stored as a Voronka file (see `docs/file-format.md`).
pub const WORKSPACE_KEY: &str = "voronka.workspace";
/// Key of the user's settings (language).
pub const SETTINGS_KEY: &str = "voronka.settings";
/// Key of the workspace's revision: a fresh random token written with every save, so a tab can
/// tell whether another tab saved since it last read or wrote (see `ui::state::AppState::persist`).
pub const REVISION_KEY: &str = "voronka.workspace.rev";

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
}

impl Settings {
    pub fn lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::from_code)
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
pub fn save_workspace_json(text: &str) -> Result<(), StorageError> {
    if text.len() > PACK_ABOVE_BYTES {
        match write_raw(
            WORKSPACE_KEY,
            &packed::pack_with(text, packed::Effort::Fast),
        ) {
            // Near the quota: the slower, smaller form may still fit.
            Err(StorageError::Full) => write_raw(
                WORKSPACE_KEY,
                &packed::pack_with(text, packed::Effort::Small),
            ),
            other => other,
        }
    } else {
        write_raw(WORKSPACE_KEY, text)
    }
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
