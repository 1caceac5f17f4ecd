//! The two edits made from the forecast and attention lists: a deal's forecast category and its
//! next step.

use crate::model::*;

/// Sets (or with `None` clears) a deal's forecast category override. Returns whether anything
/// changed; `updated_at` moves to `now_ms` only then, so a no-op edit never wins a merge.
pub fn set_forecast_category(
    ws: &mut Workspace,
    deal: DealId,
    category: Option<ForecastCategory>,
    now_ms: i64,
) -> bool {
    match ws.deals.iter_mut().find(|d| d.id == deal) {
        Some(d) if d.forecast_category != category => {
            d.forecast_category = category;
            d.updated_at = now_ms;
            true
        }
        _ => false,
    }
}

/// Sets (or with `None` clears) a deal's next step, e.g. to edit its text or mark it done.
/// Returns whether anything changed; `updated_at` moves to `now_ms` only then.
pub fn set_next_step(
    ws: &mut Workspace,
    deal: DealId,
    next_step: Option<NextStep>,
    now_ms: i64,
) -> bool {
    match ws.deals.iter_mut().find(|d| d.id == deal) {
        Some(d) if d.next_step != next_step => {
            d.next_step = next_step;
            d.updated_at = now_ms;
            true
        }
        _ => false,
    }
}
