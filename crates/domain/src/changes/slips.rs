//! The deals that slipped: expected close moved later between the two dates, with how many times
//! it moved later in the snapshots between them and by how many days in all.

use chrono::NaiveDate;

use super::compare::Changes;
use std::collections::HashMap;

use super::snapshot::History;
use crate::model::DealId;

/// One deal whose expected close moved later.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slip {
    pub id: DealId,
    /// Expected close at `from`.
    pub was: NaiveDate,
    /// Expected close at `to`.
    pub now: NaiveDate,
    /// How many times it moved later, counted between consecutive snapshots (at least 1).
    pub times: u32,
    /// Days from `was` to `now`.
    pub days: i64,
}

/// The compared deals open at both dates whose expected close is later at `to` than at `from`
/// (both dated), most days first. `history` gives the snapshots taken between the two dates:
/// each step in which a deal's close moved later counts once, so a deal pushed out every week
/// shows how often. With no snapshot between, a slip counts once.
///
/// Walks the history's daily differences without rebuilding a snapshot.
pub fn slipped(changes: &Changes, history: &History) -> Vec<Slip> {
    let mut slips: HashMap<DealId, Slip> = changes
        .deals
        .iter()
        .filter_map(|d| {
            let was = d.before.as_ref()?.expected_close?;
            let now = d.after.as_ref()?.expected_close?;
            (now > was).then_some((
                d.id,
                Slip {
                    id: d.id,
                    was,
                    now,
                    times: 0,
                    days: (now - was).num_days(),
                },
            ))
        })
        .collect();
    // The last close seen for each slipped deal, starting from `from`.
    let mut last: HashMap<DealId, NaiveDate> = slips.values().map(|s| (s.id, s.was)).collect();
    let mut count = |id: DealId, close: Option<NaiveDate>, slips: &mut HashMap<DealId, Slip>| {
        let (Some(close), Some(seen)) = (close, last.get_mut(&id)) else {
            return;
        };
        if close > *seen
            && let Some(s) = slips.get_mut(&id)
        {
            s.times += 1;
        }
        *seen = close;
    };
    for day in history.days() {
        if changes.from < day.date && day.date < changes.to {
            for d in &day.changed {
                count(d.id, d.expected_close, &mut slips);
            }
        }
    }
    let ends: Vec<(DealId, NaiveDate)> = slips.values().map(|s| (s.id, s.now)).collect();
    for (id, now) in ends {
        count(id, Some(now), &mut slips);
    }
    let mut out: Vec<Slip> = slips.into_values().collect();
    for s in &mut out {
        s.times = s.times.max(1);
    }
    out.sort_by(|a, b| {
        b.days
            .cmp(&a.days)
            .then(b.times.cmp(&a.times))
            .then(a.id.cmp(&b.id))
    });
    out
}
