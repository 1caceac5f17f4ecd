//! The stage rules: a stage's open/closed kind follows the merged deals in it; the pipeline keeps
//! an open stage; whose stage order was followed.

use std::collections::{HashMap, HashSet};

use super::list::{ListMerge, Pair, Pick};
use super::report::{ConflictReason, Side};
use crate::model::*;

/// Applies the stage rules of the module doc: fit the merged deals' close dates, keep an open
/// stage.
pub(super) fn settle_stages(
    stages: &mut ListMerge,
    ours: &[Stage],
    theirs: &[Stage],
    deals: &[Deal],
) {
    // (has an open deal, has a closed deal) per stage.
    let mut in_stage: HashMap<StageId, (bool, bool)> = HashMap::new();
    for d in deals {
        let e = in_stage.entry(d.stage).or_default();
        if d.closed.is_some() {
            e.1 = true;
        } else {
            e.0 = true;
        }
    }
    let fits = |s: &Stage| {
        let (open, closed) = in_stage.get(&s.id).copied().unwrap_or_default();
        if s.kind == StageKind::Open {
            !closed
        } else {
            !open
        }
    };
    let version = |p: &Pair, side: Side| match side {
        Side::Ours => ours.get(p.ours),
        Side::Theirs => theirs.get(p.theirs),
    };
    let tie_broken = |p: &Pair| p.reason == Some(ConflictReason::ContentTieBreak);

    let mut flips = Vec::new();
    for (i, p) in stages.pairs.iter().enumerate() {
        if let (true, Some(kept), Some(other)) = (
            tie_broken(p),
            version(p, p.kept),
            version(p, p.kept.other()),
        ) && !fits(kept)
            && fits(other)
        {
            flips.push(i);
        }
    }
    for i in flips {
        stages.flip(i, ConflictReason::FitsDeals);
    }

    let any_open = stages.picks.iter().any(|p| {
        let s = match *p {
            Pick::Ours(i) => ours.get(i),
            Pick::Theirs(i) => theirs.get(i),
        };
        s.is_some_and(|s| s.kind == StageKind::Open)
    });
    if !any_open {
        let candidate = stages
            .pairs
            .iter()
            .enumerate()
            .filter(|(_, p)| tie_broken(p))
            .filter_map(|(i, p)| Some((i, version(p, p.kept.other())?)))
            .filter(|(_, s)| s.kind == StageKind::Open && fits(s))
            .min_by_key(|(_, s)| s.id)
            .map(|(i, _)| i);
        if let Some(i) = candidate {
            stages.flip(i, ConflictReason::KeepsOpenStage);
        }
    }
}

/// `Some(base)` when the two sides order their common stages differently.
pub(super) fn stage_order(ours: &[Stage], theirs: &[Stage], base: Side) -> Option<Side> {
    let ids = |a: &[Stage], b: &[Stage]| -> Vec<StageId> {
        let other: HashSet<StageId> = b.iter().map(|s| s.id).collect();
        a.iter()
            .map(|s| s.id)
            .filter(|id| other.contains(id))
            .collect()
    };
    (ids(ours, theirs) != ids(theirs, ours)).then_some(base)
}
