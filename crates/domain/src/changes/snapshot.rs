//! Snapshots: the open pipeline as it stood on a day, taken from a workspace or rebuilt from stage
//! history, and the dated series the app keeps.

use chrono::NaiveDate;

use crate::model::*;
use crate::money::Money;

/// One open deal as the pipeline stood on a day: what the changes report compares, and what the
/// filter bar filters on. Titles, contacts and next steps are left out to keep snapshots small.
///
/// The probability and forecast category are the *effective* ones that day (the deal's override,
/// else its stage's default), not just the override: a stage's default can be edited later, and
/// the weighted pipeline of that day must stay what it was.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SnapshotDeal {
    pub id: DealId,
    pub stage: StageId,
    pub amount: Money,
    /// `p` that day, 0–100.
    pub probability: u8,
    pub category: ForecastCategory,
    pub expected_close: Option<NaiveDate>,
    pub seller: SellerId,
    pub client: ClientId,
    pub direction: Option<DirectionId>,
    pub deal_type: Option<DealTypeId>,
}

impl SnapshotDeal {
    /// Weighted amount that day (exact).
    pub fn weighted(&self) -> crate::money::Weighted {
        self.amount.weighted(self.probability)
    }
}

/// The open deals on `date`, sorted by id (ids unique).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub date: NaiveDate,
    pub deals: Vec<SnapshotDeal>,
}

impl Snapshot {
    /// A snapshot from deals in any order: sorted by id, one deal per id (the greatest version,
    /// so the result never depends on the input order).
    pub fn new(date: NaiveDate, mut deals: Vec<SnapshotDeal>) -> Snapshot {
        deals.sort_unstable_by(|a, b| a.id.cmp(&b.id).then_with(|| b.cmp(a)));
        deals.dedup_by_key(|d| d.id);
        Snapshot { date, deals }
    }

    /// The deal with this id, if it was open that day.
    pub fn get(&self, id: DealId) -> Option<&SnapshotDeal> {
        self.deals
            .binary_search_by_key(&id, |d| d.id)
            .ok()
            .map(|i| &self.deals[i])
    }

    /// Takes the open deals of `ws` as they are now, dated `date` (the caller's "today").
    /// A deal whose stage is missing from the workspace is left out (validation reports it).
    pub fn take(ws: &Workspace, date: NaiveDate) -> Snapshot {
        let stages = StageLookup::new(ws);
        let deals = ws
            .deals
            .iter()
            .filter_map(|d| {
                let stage = stages.get(d.stage)?;
                (stage.kind == StageKind::Open).then(|| snapshot_deal(d, stage, d.stage))
            })
            .collect();
        Snapshot::new(date, deals)
    }

    /// The open pipeline on `date` as far as the stage history alone tells: every deal of `ws`
    /// created by then whose stage that day (the last history entry on or before it) is open.
    ///
    /// Only the stage is of that day. Amount, expected close, seller and the rest are today's,
    /// and deals deleted since are missing: see [`super::Basis::History`] for what a comparison
    /// against it can and cannot say.
    pub fn from_history(ws: &Workspace, date: NaiveDate) -> Snapshot {
        let stages = StageLookup::new(ws);
        let deals = ws
            .deals
            .iter()
            .filter_map(|d| {
                let at = stage_on(d, date)?;
                let stage = stages.get(at)?;
                (stage.kind == StageKind::Open).then(|| snapshot_deal(d, stage, at))
            })
            .collect();
        Snapshot::new(date, deals)
    }
}

fn snapshot_deal(d: &Deal, stage: &Stage, stage_id: StageId) -> SnapshotDeal {
    SnapshotDeal {
        id: d.id,
        stage: stage_id,
        amount: d.amount,
        probability: effective_probability(stage, d.probability),
        category: d.forecast_category.unwrap_or(stage.forecast_category),
        expected_close: d.expected_close,
        seller: d.seller,
        client: d.client,
        direction: d.direction,
        deal_type: d.deal_type,
    }
}

/// The stage a deal was in on `date` by its history: the last entry on or before that day.
/// A deal created by then whose history starts later (or is empty) counts as in its first
/// (or current) stage; a deal created after `date` did not exist yet.
pub fn stage_on(d: &Deal, date: NaiveDate) -> Option<StageId> {
    if d.created > date {
        return None;
    }
    // History is in time order (validation checks it), so the entries on or before `date`
    // are a prefix.
    let on_or_before = d.history.partition_point(|h| h.entered <= date);
    match on_or_before {
        0 => Some(d.history.first().map_or(d.stage, |h| h.stage)),
        n => Some(d.history[n - 1].stage),
    }
}

/// Stages by id without a per-deal scan of the stage list.
pub(crate) struct StageLookup<'a> {
    by_id: std::collections::HashMap<StageId, &'a Stage>,
}

impl<'a> StageLookup<'a> {
    pub(crate) fn new(ws: &'a Workspace) -> Self {
        StageLookup {
            by_id: ws.stages.iter().map(|s| (s.id, s)).collect(),
        }
    }

    pub(crate) fn get(&self, id: StageId) -> Option<&'a Stage> {
        self.by_id.get(&id).copied()
    }
}

/// One day of a [`History`] as it is kept: what changed since the day before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    /// Deals open the day before and not this day, ascending. Empty on the first day.
    pub removed: Vec<DealId>,
    /// The first day: every open deal. Later days: the deals new or changed since the day
    /// before. Ascending by id.
    pub changed: Vec<SnapshotDeal>,
}

/// Why a list of [`Day`]s is not a history.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DayError {
    #[error("{date} is not after the day before ({before})")]
    DateNotAfter { date: NaiveDate, before: NaiveDate },
    #[error("the first day has nothing before it to remove from")]
    RemovedOnFirstDay,
    #[error("removed ids do not ascend")]
    RemovedNotAscending,
    #[error("deal {0} is removed but was not open the day before")]
    RemovedUnknown(u64),
    #[error("deal ids do not ascend")]
    ChangedNotAscending,
}

/// The snapshots the app keeps: at most one per day, oldest first.
///
/// Kept as the first day whole and every later day as its difference from the day before (a
/// day's pipeline is mostly yesterday's): 8 weeks of daily snapshots of 30,000 open deals take
/// a few MB instead of 150. A day's whole snapshot is rebuilt when asked for ([`History::on`]).
/// Every way of building a history gives the same days for the same snapshots, so two histories
/// are equal exactly when their snapshots are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    days: Vec<Day>,
}

/// The difference that takes `prev` to `next` (both sorted by id).
fn diff(prev: &[SnapshotDeal], next: &[SnapshotDeal]) -> (Vec<DealId>, Vec<SnapshotDeal>) {
    let (mut removed, mut changed) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    loop {
        match (prev.get(i), next.get(j)) {
            (Some(a), Some(b)) if a.id == b.id => {
                if a != b {
                    changed.push(b.clone());
                }
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a.id < b.id => {
                removed.push(a.id);
                i += 1;
            }
            (Some(a), None) => {
                removed.push(a.id);
                i += 1;
            }
            (_, Some(b)) => {
                changed.push(b.clone());
                j += 1;
            }
            (None, None) => break,
        }
    }
    (removed, changed)
}

/// Applies a day's difference to the deals of the day before (sorted by id), in one merge pass.
fn apply(prev: &[SnapshotDeal], day: &Day) -> Vec<SnapshotDeal> {
    let mut out = Vec::with_capacity(prev.len() + day.changed.len());
    let (mut i, mut j, mut r) = (0, 0, 0);
    loop {
        match (prev.get(i), day.changed.get(j)) {
            (Some(a), b) if b.is_none_or(|b| a.id < b.id) => {
                while day.removed.get(r).is_some_and(|x| *x < a.id) {
                    r += 1;
                }
                if day.removed.get(r) != Some(&a.id) {
                    out.push(a.clone());
                }
                i += 1;
            }
            (Some(a), Some(b)) if a.id == b.id => {
                out.push(b.clone());
                i += 1;
                j += 1;
            }
            (_, Some(b)) => {
                out.push(b.clone());
                j += 1;
            }
            (None, None) => break,
            // ok: (Some(a), None) is taken by the first arm (is_none_or of None is true).
            (Some(_), None) => break,
        }
    }
    out
}

impl History {
    /// A history from snapshots in any order; two for the same day are merged as
    /// [`History::merge`] does.
    pub fn new(mut snapshots: Vec<Snapshot>) -> History {
        snapshots.sort_by_key(|s| s.date);
        let mut merged: Vec<Snapshot> = Vec::with_capacity(snapshots.len());
        for s in snapshots {
            match merged.last_mut() {
                Some(last) if last.date == s.date => {
                    let mut all = std::mem::take(&mut last.deals);
                    all.extend(s.deals);
                    *last = Snapshot::new(s.date, all);
                }
                _ => merged.push(s),
            }
        }
        let mut h = History::default();
        let mut prev: &[SnapshotDeal] = &[];
        for s in &merged {
            h.push_after(prev, s);
            prev = &s.deals;
        }
        h
    }

    /// A history from its days as stored, checked.
    pub fn from_days(days: Vec<Day>) -> Result<History, (usize, DayError)> {
        // Rebuilt through the one canonical diff, so equal snapshots give equal histories even
        // when a writer listed an unchanged deal as changed.
        let mut h = History::default();
        let mut prev: Vec<SnapshotDeal> = Vec::new();
        for (k, day) in days.iter().enumerate() {
            if k == 0 && !day.removed.is_empty() {
                return Err((k, DayError::RemovedOnFirstDay));
            }
            if k > 0 && day.date <= days[k - 1].date {
                let before = days[k - 1].date;
                return Err((
                    k,
                    DayError::DateNotAfter {
                        date: day.date,
                        before,
                    },
                ));
            }
            if day.removed.windows(2).any(|w| w[0] >= w[1]) {
                return Err((k, DayError::RemovedNotAscending));
            }
            if day.changed.windows(2).any(|w| w[0].id >= w[1].id) {
                return Err((k, DayError::ChangedNotAscending));
            }
            if let Some(x) = day
                .removed
                .iter()
                .find(|x| prev.binary_search_by_key(*x, |d| d.id).is_err())
            {
                return Err((k, DayError::RemovedUnknown(x.0)));
            }
            let s = Snapshot {
                date: day.date,
                deals: apply(&prev, day),
            };
            h.push_after(&prev, &s);
            prev = s.deals;
        }
        Ok(h)
    }

    fn push_after(&mut self, prev: &[SnapshotDeal], s: &Snapshot) {
        let (removed, changed) = diff(prev, &s.deals);
        self.days.push(Day {
            date: s.date,
            removed,
            changed,
        });
    }

    /// The days as kept (the first whole, the others as differences), oldest first.
    pub fn days(&self) -> &[Day] {
        &self.days
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// The days there is a snapshot of, oldest first.
    pub fn dates(&self) -> impl DoubleEndedIterator<Item = NaiveDate> + '_ {
        self.days.iter().map(|d| d.date)
    }

    /// Calls `f` with every snapshot, oldest first, rebuilding each from the one before.
    pub fn replay(&self, mut f: impl FnMut(&Snapshot)) {
        let mut s = Snapshot::default();
        for day in &self.days {
            s = Snapshot {
                date: day.date,
                deals: apply(&s.deals, day),
            };
            f(&s);
        }
    }

    /// Every snapshot, oldest first (tests and small histories: this rebuilds them all).
    pub fn snapshots(&self) -> Vec<Snapshot> {
        let mut out = Vec::with_capacity(self.days.len());
        self.replay(|s| out.push(s.clone()));
        out
    }

    /// The snapshot of the `k`-th day.
    fn rebuild(&self, k: usize) -> Option<Snapshot> {
        let mut deals = Vec::new();
        for day in self.days.get(..=k)? {
            deals = apply(&deals, day);
        }
        Some(Snapshot {
            date: self.days[k].date,
            deals,
        })
    }

    /// The snapshot of exactly that day.
    pub fn on(&self, date: NaiveDate) -> Option<Snapshot> {
        self.rebuild(self.position(date).ok()?)
    }

    /// The latest snapshot on or before `date`.
    pub fn at_or_before(&self, date: NaiveDate) -> Option<Snapshot> {
        let n = self.days.partition_point(|d| d.date <= date);
        self.rebuild(n.checked_sub(1)?)
    }

    /// The newest snapshot.
    pub fn latest(&self) -> Option<Snapshot> {
        self.rebuild(self.days.len().checked_sub(1)?)
    }

    /// Keeps `snapshot` unless one of its day is already kept (the first of the day, taken when
    /// the app was first opened that morning, stays). Returns whether it was added.
    pub fn record(&mut self, snapshot: Snapshot) -> bool {
        match self.position(snapshot.date) {
            Ok(_) => false,
            Err(i) if i == self.days.len() => {
                let prev = self.latest().unwrap_or_default();
                self.push_after(&prev.deals, &snapshot);
                true
            }
            Err(_) => {
                // A day before the newest (a clock set back): rebuild in order.
                let mut all = self.snapshots();
                all.push(snapshot);
                *self = History::new(all);
                true
            }
        }
    }

    /// Drops the snapshots older than `weeks` weeks before `today`. Returns how many went.
    pub fn prune(&mut self, today: NaiveDate, weeks: u32) -> usize {
        let cutoff = today - chrono::Duration::days(i64::from(weeks) * 7);
        let n = self.days.partition_point(|d| d.date < cutoff);
        self.drop_first(n);
        n
    }

    /// Drops the oldest snapshot (to make room in storage). Returns its day.
    pub fn drop_oldest(&mut self) -> Option<NaiveDate> {
        let date = self.days.first()?.date;
        self.drop_first(1);
        Some(date)
    }

    fn drop_first(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        match self.rebuild(n) {
            // The new first day becomes whole; the days after it stay differences from it.
            Some(first) => {
                self.days.drain(..n);
                self.days[0] = Day {
                    date: first.date,
                    removed: Vec::new(),
                    changed: first.deals,
                };
            }
            None => self.days.clear(),
        }
    }

    /// Both histories in one (a teammate's file merged in keeps its history).
    ///
    /// Days on one side only are kept. For a day on both sides the two snapshots are merged by
    /// deal id: a deal in one only is kept (the two people may have had different deals open);
    /// a deal in both with different contents keeps the greater version (field by field), an
    /// arbitrary rule that depends only on the two contents, so `merge(a, b) == merge(b, a)`.
    /// Rebuilds day by day, holding a few snapshots at a time.
    pub fn merge(&self, other: &History) -> History {
        let mut out = History::default();
        let mut prev_out: Vec<SnapshotDeal> = Vec::new();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let (mut i, mut j) = (0, 0);
        while i < self.days.len() || j < other.days.len() {
            let da = self.days.get(i).map(|d| d.date);
            let db = other.days.get(j).map(|d| d.date);
            let date = match (da, db) {
                (Some(x), Some(y)) => x.min(y),
                (Some(x), None) => x,
                (None, Some(y)) => y,
                (None, None) => break,
            };
            let mut parts = Vec::new();
            if da == Some(date) {
                a = apply(&a, &self.days[i]);
                parts.push(&a);
                i += 1;
            }
            if db == Some(date) {
                b = apply(&b, &other.days[j]);
                parts.push(&b);
                j += 1;
            }
            let s = match parts.as_slice() {
                [one] => Snapshot {
                    date,
                    deals: (*one).clone(),
                },
                _ => Snapshot::new(date, parts.iter().flat_map(|p| p.iter().cloned()).collect()),
            };
            out.push_after(&prev_out, &s);
            prev_out = s.deals;
        }
        out
    }

    fn position(&self, date: NaiveDate) -> Result<usize, usize> {
        self.days.binary_search_by_key(&date, |d| d.date)
    }
}

/// The latest day a workspace shows any activity on: a creation, stage change, close, or its last
/// edit. A file exported without a date is compared as of this day.
pub fn latest_activity(ws: &Workspace) -> Option<NaiveDate> {
    ws.deals
        .iter()
        .flat_map(|d| {
            let edited = chrono::DateTime::from_timestamp_millis(d.updated_at)
                .filter(|_| d.updated_at > 0)
                .map(|t| t.date_naive());
            std::iter::once(d.created)
                .chain(d.closed)
                .chain(d.history.last().map(|h| h.entered))
                .chain(edited)
        })
        .max()
}
