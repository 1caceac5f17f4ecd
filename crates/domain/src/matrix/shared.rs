//! Helpers the three matrices share.

use crate::filter::Period;
use crate::index::{DealIndex, NONE};
use crate::model::*;

/// How a deal counts in the deal matrices: its outcome, or `None` when it is outside the period
/// (closed outside it) or its stage is unknown.
#[inline]
pub(super) fn outcome(
    kinds: &[StageKind],
    ix: &DealIndex,
    period: Option<Period>,
    ws: &Workspace,
    i: usize,
) -> Option<StageKind> {
    let s = ix.stage[i];
    if s == NONE {
        return None;
    }
    let kind = kinds[s as usize];
    match kind {
        StageKind::Open => Some(kind),
        StageKind::Won | StageKind::Lost => match period {
            None => Some(kind),
            Some(p) => ws.deals[i].closed.filter(|&d| p.contains(d)).map(|_| kind),
        },
    }
}

/// Stage kinds by stage position, so the deal loops never look a stage up by id.
pub(super) fn stage_kinds(ws: &Workspace) -> Vec<StageKind> {
    ws.stages.iter().map(|s| s.kind).collect()
}

/// Lowercased client names by position, computed once per sort instead of per comparison.
pub(super) fn lower_names(ws: &Workspace) -> Vec<String> {
    ws.clients.iter().map(|c| c.name.to_lowercase()).collect()
}

/// `part / whole`, or `None` when `whole` is 0.
pub(super) fn ratio(part: u32, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}
