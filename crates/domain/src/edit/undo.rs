//! Undo and redo by whole-workspace snapshots.

use std::collections::VecDeque;

use crate::model::*;

/// How many changes an [`UndoStack`] keeps by default (the issue asks for at least 20).
pub const UNDO_CAPACITY: usize = 20;

/// Undo and redo by whole-workspace snapshots, each with the label of the change it undoes
/// ("Delete client Acme"). Call [`UndoStack::record`] with the workspace *before* a change.
/// Keeps the last `capacity` changes; older ones are dropped. Lives until the page closes.
#[derive(Clone, Debug)]
pub struct UndoStack {
    /// Snapshots before each change, oldest first.
    past: VecDeque<(String, Workspace)>,
    /// Snapshots undone, most recently undone last.
    future: Vec<(String, Workspace)>,
    capacity: usize,
}

impl Default for UndoStack {
    fn default() -> Self {
        UndoStack::new(UNDO_CAPACITY)
    }
}

impl UndoStack {
    /// An empty stack keeping at most `capacity` changes (at least one).
    pub fn new(capacity: usize) -> Self {
        UndoStack {
            past: VecDeque::new(),
            future: Vec::new(),
            capacity: capacity.max(1),
        }
    }

    /// Remembers `before` (the workspace as it is just before the change named `label`). A new
    /// change forgets whatever was undone.
    pub fn record(&mut self, label: impl Into<String>, before: &Workspace) {
        self.future.clear();
        if self.past.len() == self.capacity {
            self.past.pop_front();
        }
        self.past.push_back((label.into(), before.clone()));
    }

    /// Restores the workspace before the last change; returns that change's label.
    pub fn undo(&mut self, current: &mut Workspace) -> Option<String> {
        let (label, before) = self.past.pop_back()?;
        let after = std::mem::replace(current, before);
        self.future.push((label.clone(), after));
        Some(label)
    }

    /// Re-applies the last undone change; returns its label.
    pub fn redo(&mut self, current: &mut Workspace) -> Option<String> {
        let (label, after) = self.future.pop()?;
        let before = std::mem::replace(current, after);
        self.past.push_back((label.clone(), before));
        Some(label)
    }

    /// True when there is a change to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// True when there is an undone change to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Labels of the changes that can be undone, most recent first.
    pub fn labels(&self) -> Vec<&str> {
        self.past.iter().rev().map(|(l, _)| l.as_str()).collect()
    }

    /// Labels of the changes that can be redone, next first.
    pub fn redo_labels(&self) -> Vec<&str> {
        self.future.iter().rev().map(|(l, _)| l.as_str()).collect()
    }

    /// Forgets everything (e.g. when the page's workspace is replaced without an undo entry).
    pub fn clear(&mut self) {
        self.past.clear();
        self.future.clear();
    }
}
