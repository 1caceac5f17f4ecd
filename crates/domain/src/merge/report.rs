//! What a merge says: which side each differing item was kept from and why, counts, name
//! clashes, and why a merge was refused.

use crate::entity::ItemKind;
use crate::validate::Problem;

/// Which of the two workspaces an item came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The workspace open in the app.
    Ours,
    /// The teammate's file.
    Theirs,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        }
    }

    /// A stable code, used as the key of the translated label.
    pub fn code(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }
}

/// Why one version of a differing item was kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConflictReason {
    /// Deals: the kept version has the larger `updated_at`.
    NewerUpdatedAt,
    /// Deals: same `updated_at`, different contents; the content tie-break decided.
    SameTimeTieBreak,
    /// Items without a timestamp: the content tie-break decided.
    ContentTieBreak,
    /// Stages: the tie-break's choice was open/closed against the close dates of the deals in it.
    FitsDeals,
    /// Stages: kept open so that the pipeline has an open stage.
    KeepsOpenStage,
    /// The caller chose this side ([`merge_with_choices`]).
    Chosen,
}

impl ConflictReason {
    /// A stable code, used as the key of the translated message.
    pub fn code(self) -> &'static str {
        match self {
            ConflictReason::NewerUpdatedAt => "newer_updated_at",
            ConflictReason::SameTimeTieBreak => "same_time_tie_break",
            ConflictReason::ContentTieBreak => "content_tie_break",
            ConflictReason::FitsDeals => "fits_deals",
            ConflictReason::KeepsOpenStage => "keeps_open_stage",
            ConflictReason::Chosen => "chosen",
        }
    }
}

/// An item that differs between the two sides: which version was kept and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub kind: ItemKind,
    /// The item's id; for plans [`plan_key`] of its seller and month. Pass it back in
    /// [`merge_with_choices`] to take the other side.
    pub id: u64,
    /// Display name from the kept side (a deal's title; for a plan "seller · YYYY-MM").
    pub name: String,
    pub kept: Side,
    pub reason: ConflictReason,
}

/// Items of one list with different ids and the same name (as the forms compare names) that the
/// merge brought together; contacts clash only within one client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameClash {
    pub kind: ItemKind,
    /// Every item of the list with that name, in the merged list's order.
    pub ids: Vec<u64>,
    /// The name as the first of them spells it.
    pub name: String,
}

/// What a merge did, counted from our side's point of view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Items only in their file, now added, per list (lists with none are left out), in
    /// [`ItemKind::ALL`] order.
    pub added: Vec<(ItemKind, usize)>,
    /// Items on both sides that differ, where their version was kept.
    pub updated: usize,
    /// Items on both sides that are identical.
    pub unchanged: usize,
    /// Items on both sides that differ, where our version was kept.
    pub kept_ours: usize,
    /// Items only in our workspace (kept: merge never deletes).
    pub only_ours: usize,
    /// Every differing item (except deals differing only in `updated_at`), in
    /// [`ItemKind::ALL`] order, then in the merged list's order.
    pub conflicts: Vec<Conflict>,
    /// Same-named items the merge brought together (see the module doc).
    pub name_clashes: Vec<NameClash>,
    /// `Some(side)` when the two sides order their common stages differently: the pipeline
    /// follows that side's order.
    pub stage_order: Option<Side>,
}

impl MergeReport {
    /// How many items were added in all.
    pub fn added_total(&self) -> usize {
        self.added.iter().map(|(_, n)| n).sum()
    }

    /// How many items of one list were added.
    pub fn added_of(&self, kind: ItemKind) -> usize {
        self.added
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }

    /// True when merging changed nothing in our workspace.
    pub fn is_noop(&self) -> bool {
        self.added.is_empty() && self.updated == 0
    }
}

/// Why a merge was refused. Nothing changes when it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("the currencies differ: {ours} here, {theirs} in the file")]
    CurrencyMismatch { ours: String, theirs: String },
    #[error("the {} workspace has {} problem(s)", .side.code(), .problems.len())]
    InvalidInput { side: Side, problems: Vec<Problem> },
    #[error("the merged workspace would have {} problem(s)", .0.len())]
    Incompatible(Vec<Problem>),
}

impl MergeError {
    /// A stable code, used as the key of the translated message.
    pub fn code(&self) -> &'static str {
        match self {
            MergeError::CurrencyMismatch { .. } => "currency_mismatch",
            MergeError::InvalidInput { .. } => "invalid_input",
            MergeError::Incompatible(_) => "incompatible",
        }
    }
}
