//! The snapshot history in the app (issue 20): loaded and added to once a day when the app
//! opens, replaced with a file's on import, merged with a teammate's on merge, and given to the
//! changes page and the export. All storage goes through `crate::storage`.
//!
//! The morning's snapshot is taken of the workspace as it was loaded, straight away (a few ms
//! even at 100,000 deals), but stored after the first page has painted: loading, packing and
//! saving the history can take a few hundred ms at that size, and the first chart comes first.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::Workspace;
use crate::domain::changes::{History, Snapshot};
use crate::storage::{self, Recorded};
use crate::ui::shared::Shared;

/// Where the history stands.
#[derive(Clone, Debug, PartialEq)]
pub enum HistoryState {
    /// Not read from storage yet.
    Loading,
    Ready(Shared<History>),
    /// The stored history cannot be read (damaged or newer); it is left as it is.
    Unreadable(String),
}

/// A Voronka file chosen to compare with: its workspace as the "from" pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompareFile {
    pub name: String,
    /// The day it stands for: the date in its name (`voronka-2025-06-01.json`), else its latest
    /// activity, else today.
    pub date: NaiveDate,
    pub snapshot: Snapshot,
}

impl CompareFile {
    /// The file's workspace as the "from" pipeline.
    pub fn new(name: &str, ws: &Workspace, today: NaiveDate) -> CompareFile {
        let date = date_in_name(name)
            .or_else(|| crate::domain::changes::latest_activity(ws))
            .unwrap_or(today)
            .min(today);
        CompareFile {
            name: name.to_string(),
            date,
            snapshot: Snapshot::take(ws, date),
        }
    }
}

/// The first `YYYY-MM-DD` in a file name that is a real day.
pub fn date_in_name(name: &str) -> Option<NaiveDate> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = name.get(i..i + 10)?;
        let shape = s.bytes().enumerate().all(|(k, c)| match k {
            4 | 7 => c == b'-',
            _ => c.is_ascii_digit(),
        });
        if shape {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
        } else {
            None
        }
    })
}

/// The history, shared through context.
#[derive(Clone, Copy)]
pub struct Snapshots {
    pub state: RwSignal<HistoryState>,
    /// A file chosen on the changes page to compare with (kept while the app is open).
    pub compare_file: RwSignal<Option<Shared<CompareFile>>>,
    /// Weeks of daily snapshots to keep (a setting).
    pub weeks: RwSignal<u32>,
    today: NaiveDate,
    /// The history as it was before the last replacing import (restored with the workspace).
    previous: StoredValue<Option<History>>,
}

pub fn use_snapshots() -> Snapshots {
    // ok: the App provides Snapshots before any page is built.
    expect_context::<Snapshots>()
}

impl Snapshots {
    /// Starts the keeper for the workspace just loaded: takes its snapshot now and records it
    /// (once a day) after the first paint.
    pub fn start(ws: &Workspace, today: NaiveDate) -> Snapshots {
        let weeks = storage::load_settings().snapshot_weeks();
        let s = Snapshots {
            state: RwSignal::new(HistoryState::Loading),
            compare_file: RwSignal::new(None),
            weeks: RwSignal::new(weeks),
            today,
            previous: StoredValue::new(None),
        };
        let morning = Snapshot::take(ws, today);
        // After the first frame is painted, so the first report is not kept waiting.
        request_animation_frame(move || {
            set_timeout(move || s.record_morning(morning), Duration::ZERO)
        });
        s
    }

    /// A keeper with a given history and no storage behind it, for component tests.
    pub fn standalone(history: History, today: NaiveDate) -> Snapshots {
        Snapshots {
            state: RwSignal::new(HistoryState::Ready(Shared(Arc::new(history)))),
            compare_file: RwSignal::new(None),
            weeks: RwSignal::new(storage::DEFAULT_SNAPSHOT_WEEKS),
            today,
            previous: StoredValue::new(None),
        }
    }

    fn record_morning(self, morning: Snapshot) {
        let weeks = self.weeks.get_untracked();
        let state = match storage::record_daily_snapshot(morning.clone(), weeks) {
            Ok((Recorded::Unreadable { reason }, _)) => HistoryState::Unreadable(reason),
            Ok((_, history)) => HistoryState::Ready(Shared(Arc::new(history))),
            // Storage cannot be used: compare with this morning in this tab at least.
            Err(_) => HistoryState::Ready(Shared(Arc::new(History::new(vec![morning])))),
        };
        self.state.set(state);
    }

    /// The history now, if it could be read.
    pub fn history(self) -> Option<Shared<History>> {
        match self.state.get_untracked() {
            HistoryState::Ready(h) => Some(h),
            _ => None,
        }
    }

    /// Stores `history` (dropping old days if space is short) and shows it.
    fn store(self, mut history: History) {
        if storage::save_history(&mut history).is_err() {
            // Storage refused: keep it for this tab.
        }
        self.state
            .set(HistoryState::Ready(Shared(Arc::new(history))));
    }

    /// The workspace was replaced by an import, the demo or an empty one: its history becomes
    /// the file's (none for the demo or an empty workspace), with today's snapshot of the new
    /// workspace added when the file has none for today. The history before is kept for
    /// [`Snapshots::restore_previous`].
    pub fn replaced(self, next: &Workspace, file_history: Option<History>) {
        if matches!(self.state.get_untracked(), HistoryState::Unreadable(_)) {
            // Never write over what could not be read; the user clears it on the changes page.
            return;
        }
        self.previous
            .set_value(self.history().map(|h| History::clone(&h)));
        let mut h = file_history.unwrap_or_default();
        h.record(Snapshot::take(next, self.today));
        self.store(h);
    }

    /// The replaced workspace came back: so does its history.
    pub fn restore_previous(self) {
        if let Some(h) = self.previous.get_value() {
            self.previous
                .set_value(self.history().map(|h| History::clone(&h)));
            self.store(h);
        }
    }

    /// A teammate's file was merged in: its history joins ours.
    pub fn merge_in(self, theirs: &History) {
        let Some(ours) = self.history() else {
            return;
        };
        self.store(ours.merge(theirs));
    }

    /// Keeps `weeks` weeks from now on (a setting), dropping older snapshots at once.
    pub fn set_weeks(self, weeks: u32) {
        let mut settings = storage::load_settings();
        settings.snapshot_weeks = Some(weeks);
        let _ = storage::save_settings(&settings);
        self.weeks.set(weeks);
        if let Some(h) = self.history() {
            let mut h = History::clone(&h);
            if h.prune(self.today, weeks) > 0 {
                self.store(h);
            }
        }
    }

    /// Starts a new history in place of an unreadable one (the user agreed).
    pub fn start_over(self, ws: &Workspace) {
        let mut h = History::default();
        h.record(Snapshot::take(ws, self.today));
        self.store(h);
    }
}
