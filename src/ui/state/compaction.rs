//! The stored base rewritten in slices (issue 17: no save task over 50 ms): when the overlay of
//! edits has outgrown half the base, `storage::Compaction` writes the whole workspace again one
//! slice of deals per timer task, and stores it in one write at the end. Until then the old base
//! and overlay stay valid, so closing the tab part-way loses nothing.

use leptos::prelude::*;

use super::AppState;
use crate::storage;

impl AppState {
    /// Starts rewriting the stored base in slices (the overlay outgrew half of it), one slice per
    /// timer task, unless one is under way. Edits meanwhile still save as overlays; a change of
    /// the workspace drops the rewrite (the next save starts it again), and leaving the page
    /// just leaves it: nothing is written until its last slice, so nothing is lost.
    pub(super) fn compact_soon(self) {
        if self.compaction.with_value(Option::is_some) {
            return;
        }
        let Some(c) = self.ws.with_untracked(storage::Compaction::start) else {
            return;
        };
        self.compaction
            .set_value(Some((self.generation.get_value(), c)));
        self.next_compaction_slice();
    }

    fn next_compaction_slice(self) {
        set_timeout(
            move || {
                if self.compaction.try_with_value(Option::is_some) == Some(true) {
                    self.compaction_slice();
                }
            },
            std::time::Duration::ZERO,
        );
    }

    /// One slice of the rewrite; its last one stores the base.
    fn compaction_slice(self) {
        let Some((started, mut c)) = self.compaction.try_update_value(Option::take).flatten()
        else {
            return;
        };
        if started != self.generation.get_value() || self.scenario.get_untracked().is_some() {
            // The workspace changed under it (or a scenario is on show): dropped.
            return;
        }
        let done = crate::ui::timing::measure("voronka:compact", || {
            self.ws.with_untracked(|ws| c.step(ws))
        });
        if !done {
            self.compaction.set_value(Some((started, c)));
            self.next_compaction_slice();
            return;
        }
        if storage::read_revision() != self.revision.get_value() {
            // Another tab saved meanwhile: its save wins; this tab's next save merges first.
            return;
        }
        match crate::ui::timing::measure("voronka:compact", || c.finish()) {
            Ok(true) => self.wrote_revision(),
            Ok(false) => {}
            Err(_) => {
                // The new base did not fit beside the overlay: the whole save's own fallbacks
                // (the smaller packing, snapshots giving way) take over.
                self.mark_all_changed();
                self.save_now();
            }
        }
    }
}
