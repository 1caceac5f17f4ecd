//! Moving a deal between stages (its history, close date and lost reason follow the rules in
//! the module doc of `edit`) and a stage within the pipeline.

use chrono::NaiveDate;

use super::errors::EditError;
use crate::entity::ItemRef;
use crate::model::*;

/// Sets a deal's stage, history, close date and lost reason for entering `to` on `on`.
/// The caller has checked the date and the lost reason.
pub(super) fn enter_stage(
    deal: &mut Deal,
    from_kind: Option<StageKind>,
    to: &Stage,
    on: NaiveDate,
    lost_reason: Option<String>,
    now_ms: i64,
) {
    let same_closed_kind = from_kind == Some(to.kind) && to.kind != StageKind::Open;
    match to.kind {
        StageKind::Open => {
            deal.closed = None;
            deal.lost_reason = None;
        }
        StageKind::Won | StageKind::Lost => {
            if !(same_closed_kind && deal.closed.is_some()) {
                deal.closed = Some(on);
            }
            deal.lost_reason = if to.kind == StageKind::Lost {
                lost_reason
            } else {
                None
            };
        }
    }
    deal.history.push(StageEntry {
        stage: to.id,
        entered: on,
    });
    deal.stage = to.id;
    deal.updated_at = now_ms;
}

/// The lost reason a deal entering a lost stage will carry: the given one, else (for a deal that
/// is already lost) its current one; `None` when there is none.
pub(super) fn lost_reason_for(
    deal: &Deal,
    from_kind: Option<StageKind>,
    given: Option<String>,
) -> Option<String> {
    let given = given
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    given.or_else(|| {
        (from_kind == Some(StageKind::Lost))
            .then(|| deal.lost_reason.clone())
            .flatten()
            .filter(|r| !r.trim().is_empty())
    })
}

/// Moves a deal to `stage` on day `on`, recording the move in its history.
///
/// Already in that stage: nothing changes (`Ok`). Entering won/lost sets the close date (kept when
/// moving between two stages of the same closed kind); entering lost needs a non-empty
/// `lost_reason` (a deal that is already lost may keep its own); entering an open stage clears the
/// close date and the lost reason. `on` may not be before the last history entry or creation.
pub fn move_deal_to_stage(
    ws: &mut Workspace,
    deal: DealId,
    stage: StageId,
    on: NaiveDate,
    lost_reason: Option<String>,
    now_ms: i64,
) -> Result<(), EditError> {
    let to = ws
        .stage(stage)
        .cloned()
        .ok_or(EditError::NotFound(ItemRef::Stage(stage)))?;
    let di = ws
        .deals
        .iter()
        .position(|d| d.id == deal)
        .ok_or(EditError::NotFound(ItemRef::Deal(deal)))?;
    let from_kind = ws.stage(ws.deals[di].stage).map(|s| s.kind);
    let d = &mut ws.deals[di];
    if d.stage == stage {
        return Ok(());
    }
    if on < d.created || d.history.last().is_some_and(|e| on < e.entered) {
        return Err(EditError::DateBeforeHistory);
    }
    let reason = if to.kind == StageKind::Lost {
        Some(lost_reason_for(d, from_kind, lost_reason).ok_or(EditError::LostReasonRequired)?)
    } else {
        None
    };
    enter_stage(d, from_kind, &to, on, reason, now_ms);
    Ok(())
}

/// Moves a stage to `new_position` in pipeline order (clamped to the last position).
pub fn move_stage(
    ws: &mut Workspace,
    stage: StageId,
    new_position: usize,
) -> Result<(), EditError> {
    let at = ws
        .stages
        .iter()
        .position(|s| s.id == stage)
        .ok_or(EditError::NotFound(ItemRef::Stage(stage)))?;
    let s = ws.stages.remove(at);
    let to = new_position.min(ws.stages.len());
    ws.stages.insert(to, s);
    Ok(())
}
