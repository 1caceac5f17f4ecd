//! Merging a teammate's Voronka file into the current workspace.
//!
//! [`merge`] takes two sound workspaces ("ours", the one open in the app, and "theirs", the file
//! being merged) and returns one sound workspace holding both, with a [`MergeReport`] of what
//! happened. It is pure and never panics; [`merge_with_choices`] re-runs it with the head's
//! "take the other side instead" choices.
//!
//! # Rules
//!
//! - **Matching.** Items are matched by id within each list; plans by (seller, month).
//! - **Merge never deletes.** An item on one side only is kept, whichever side it is on: a
//!   teammate's file that lacks an item does not remove it, and an item deleted here that the
//!   teammate still has comes back. Deleting is done with the Data section, after merging.
//! - **Both sides differ, deals.** The deal with the larger `updated_at` is kept
//!   ([`ConflictReason::NewerUpdatedAt`]). Equal `updated_at` with different contents: the
//!   content tie-break below ([`ConflictReason::SameTimeTieBreak`]). Two deals that differ only
//!   in `updated_at` are no conflict: the newer is kept silently.
//! - **Both sides differ, everything else** (no timestamps in the model): the content tie-break
//!   ([`ConflictReason::ContentTieBreak`]). Keeping "ours" by default would make the result depend
//!   on which file is opened first; the tie-break does not.
//! - **Content tie-break.** The two versions are compared field by field in declaration order
//!   (strings by bytes, ids and numbers numerically, `None` before `Some`, lists element by
//!   element; the id itself and a deal's `updated_at` excluded), and the greater one is kept. It
//!   is arbitrary but depends only on the two contents, never on argument order.
//! - **Every differing pair is a [`Conflict`]** (besides timestamp-only deal differences), saying
//!   which side was kept and why, so the head can take the other side with
//!   [`merge_with_choices`]. There is no common ancestor, so "changed on both sides" cannot be
//!   told from "changed on one side": every difference is listed.
//! - **Stages and their deals.** A stage whose two versions differ in being open or closed
//!   (won/lost) is taken from the side whose kind fits the close dates of the merged deals in it,
//!   even against the tie-break ([`ConflictReason::FitsDeals`]). If the pipeline would then have
//!   no open stage, the differing stage of smallest id whose other version is open (and has no
//!   closed deal in it) is taken open ([`ConflictReason::KeepsOpenStage`]).
//! - **Order of every list.** The result follows the order of one side, the *base*: the side
//!   whose list is longer, or for equal lengths the one whose sequence of ids (keys for plans) is
//!   lexicographically greater. Items only on the other side follow the nearest item before
//!   them in the other side's list that the base also has (at the front if none), keeping
//!   their own order. For stages this keeps the
//!   pipeline order of the base and puts a teammate's new stage after the stage it followed
//!   there. When the two sides order their common stages differently, the base's order wins and
//!   [`MergeReport::stage_order`] says whose it was.
//! - **Names.** `validate` does not require unique names, but the forms do ([`name_key`]). Two
//!   items with different ids and the same name (say both teammates created "Acme") are both
//!   kept, unchanged, and listed in [`MergeReport::name_clashes`]; the head merges them with
//!   `edit::reassign_and_delete` if they are the same thing. Mapping by name would silently
//!   merge two different people who share a name.
//! - **Currency.** Different currencies are refused ([`MergeError::CurrencyMismatch`]): amounts
//!   cannot be converted.
//! - **Soundness.** Both inputs must validate ([`MergeError::InvalidInput`]). The result is
//!   validated too; the only way it can fail is two files that changed one stage's kind with
//!   deals of both kinds in it (or a choice forcing such a combination), refused with
//!   [`MergeError::Incompatible`].
//!
//! # Properties (checked by `tests/merge_props.rs`)
//!
//! `merge(a, b)` and `merge(b, a)` give the same workspace, lists in the same order (only the
//! report differs); `merge(a, a) == a`; `merge(merge(a, b), b) == merge(a, b)`; the result
//! validates and survives a JSON round trip.

mod clashes;
mod items;
mod list;
mod report;
mod stages;

use std::collections::HashMap;

use crate::entity::Entity;
use crate::model::*;
use crate::validate::validate;
use crate::with_entity;

pub use crate::entity::{ItemKind, plan_key};
pub use report::*;

use clashes::name_clashes;
use list::{ListMerge, merge_list};
use stages::{settle_stages, stage_order};

/// Merges their workspace into ours (see the module doc for every rule).
pub fn merge(ours: &Workspace, theirs: &Workspace) -> Result<(Workspace, MergeReport), MergeError> {
    merge_with_choices(ours, theirs, &[])
}

/// Re-runs the merge keeping the given side for each listed item (the UI's "take the other side
/// instead"). An item is named by kind and [`Conflict::id`]; a choice for an item that is not on
/// both sides, or is identical there, changes nothing; of two choices for one item the last wins.
pub fn merge_with_choices(
    ours: &Workspace,
    theirs: &Workspace,
    choices: &[(ItemKind, u64, Side)],
) -> Result<(Workspace, MergeReport), MergeError> {
    if ours.currency != theirs.currency {
        return Err(MergeError::CurrencyMismatch {
            ours: ours.currency.clone(),
            theirs: theirs.currency.clone(),
        });
    }
    for (side, ws) in [(Side::Ours, ours), (Side::Theirs, theirs)] {
        let problems = validate(ws);
        if !problems.is_empty() {
            return Err(MergeError::InvalidInput { side, problems });
        }
    }
    let choices: HashMap<(ItemKind, u64), Side> =
        choices.iter().map(|&(k, id, s)| ((k, id), s)).collect();

    // One merge per list, in ItemKind::ALL order (`kind as usize` indexes `lists`).
    let mut lists: Vec<ListMerge> = ItemKind::ALL
        .iter()
        .map(|&kind| with_entity!(kind, T => merge_list(T::list(ours), T::list(theirs), &choices)))
        .collect();
    let merged_deals = lists[ItemKind::Deal as usize].build(&ours.deals, &theirs.deals);
    settle_stages(
        &mut lists[ItemKind::Stage as usize],
        &ours.stages,
        &theirs.stages,
        &merged_deals,
    );

    let mut ws = Workspace {
        currency: ours.currency.clone(),
        deals: merged_deals,
        ..Workspace::default()
    };
    for (kind, list) in ItemKind::ALL.into_iter().zip(&lists) {
        if kind != ItemKind::Deal {
            with_entity!(kind, T => *T::list_mut(&mut ws) = list.build(T::list(ours), T::list(theirs)));
        }
    }
    let problems = validate(&ws);
    if !problems.is_empty() {
        return Err(MergeError::Incompatible(problems));
    }

    let mut report = MergeReport {
        stage_order: stage_order(
            &ours.stages,
            &theirs.stages,
            lists[ItemKind::Stage as usize].base,
        ),
        ..MergeReport::default()
    };
    for (kind, list) in ItemKind::ALL.into_iter().zip(&lists) {
        with_entity!(kind, T => list.report(&mut report, T::list(&ws), &ws));
    }
    report.name_clashes = name_clashes(ours, &ws);
    Ok((ws, report))
}
