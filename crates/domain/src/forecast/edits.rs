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
    set_deal_field(ws, deal, now_ms, category, |d| &mut d.forecast_category)
}

/// Sets (or with `None` clears) a deal's next step, e.g. to edit its text or mark it done.
/// Returns whether anything changed; `updated_at` moves to `now_ms` only then.
pub fn set_next_step(
    ws: &mut Workspace,
    deal: DealId,
    next_step: Option<NextStep>,
    now_ms: i64,
) -> bool {
    set_deal_field(ws, deal, now_ms, next_step, |d| &mut d.next_step)
}

/// [`set_forecast_category`] on the deal itself (for an edit applied in place, see
/// `UndoStack::replace_deals`).
pub fn set_deal_forecast_category(
    deal: &mut Deal,
    category: Option<ForecastCategory>,
    now_ms: i64,
) -> bool {
    write_field(deal, now_ms, category, |d| &mut d.forecast_category)
}

/// [`set_next_step`] on the deal itself.
pub fn set_deal_next_step(deal: &mut Deal, next_step: Option<NextStep>, now_ms: i64) -> bool {
    write_field(deal, now_ms, next_step, |d| &mut d.next_step)
}

/// Writes `value` into the deal's `field` when it differs, stamping `updated_at` only then.
fn set_deal_field<V: PartialEq>(
    ws: &mut Workspace,
    deal: DealId,
    now_ms: i64,
    value: V,
    field: impl FnOnce(&mut Deal) -> &mut V,
) -> bool {
    ws.deals
        .iter_mut()
        .find(|d| d.id == deal)
        .is_some_and(|d| write_field(d, now_ms, value, field))
}

fn write_field<V: PartialEq>(
    d: &mut Deal,
    now_ms: i64,
    value: V,
    field: impl FnOnce(&mut Deal) -> &mut V,
) -> bool {
    let slot = field(d);
    if *slot == value {
        return false;
    }
    *slot = value;
    d.updated_at = now_ms;
    true
}
