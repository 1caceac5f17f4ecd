//! The deals that slipped: expected close moved later between the two dates, with how many times
//! it moved later in the snapshots between them and by how many days in all.

use chrono::NaiveDate;

use super::compare::Changes;
use super::snapshot::Snapshot;
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
/// (both dated), most days first. `between` are the snapshots taken between the two dates (any
/// order; others are ignored): each step in which a deal's close moved later counts once, so a
/// deal pushed out every week shows how often. With no snapshot between, a slip counts once.
pub fn slipped(changes: &Changes, between: &[Snapshot]) -> Vec<Slip> {
    let mut series: Vec<&Snapshot> = between
        .iter()
        .filter(|s| changes.from < s.date && s.date < changes.to)
        .collect();
    series.sort_by_key(|s| s.date);
    let mut out: Vec<Slip> = changes
        .deals
        .iter()
        .filter_map(|d| {
            let was = d.before.as_ref()?.expected_close?;
            let now = d.after.as_ref()?.expected_close?;
            if now <= was {
                return None;
            }
            let mut times = 0;
            let mut last = was;
            let closes = series
                .iter()
                .filter_map(|s| s.get(d.id).map(|x| x.expected_close))
                .chain(std::iter::once(Some(now)));
            for close in closes.flatten() {
                if close > last {
                    times += 1;
                }
                last = close;
            }
            Some(Slip {
                id: d.id,
                was,
                now,
                times: times.max(1),
                days: (now - was).num_days(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.days
            .cmp(&a.days)
            .then(b.times.cmp(&a.times))
            .then(a.id.cmp(&b.id))
    });
    out
}
