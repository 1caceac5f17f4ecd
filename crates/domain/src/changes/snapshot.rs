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

/// The snapshots the app keeps: at most one per day, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    snapshots: Vec<Snapshot>,
}

impl History {
    /// A history from snapshots in any order; of two for the same day the two are merged
    /// as [`History::merge`] does.
    pub fn new(snapshots: Vec<Snapshot>) -> History {
        let mut h = History::default();
        for s in snapshots {
            h.insert_merging(s);
        }
        h
    }

    /// The snapshots, oldest first.
    pub fn snapshots(&self) -> &[Snapshot] {
        &self.snapshots
    }

    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
    }

    pub fn len(&self) -> usize {
        self.snapshots.len()
    }

    /// The snapshot of exactly that day.
    pub fn on(&self, date: NaiveDate) -> Option<&Snapshot> {
        self.position(date).ok().map(|i| &self.snapshots[i])
    }

    /// The latest snapshot on or before `date`.
    pub fn at_or_before(&self, date: NaiveDate) -> Option<&Snapshot> {
        let n = self.snapshots.partition_point(|s| s.date <= date);
        n.checked_sub(1).map(|i| &self.snapshots[i])
    }

    /// The snapshots dated within `from..=to`, oldest first.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> &[Snapshot] {
        let a = self.snapshots.partition_point(|s| s.date < from);
        let b = self.snapshots.partition_point(|s| s.date <= to);
        &self.snapshots[a..b.max(a)]
    }

    /// Keeps `snapshot` unless one of its day is already kept (the first of the day, taken when
    /// the app was first opened that morning, stays). Returns whether it was added.
    pub fn record(&mut self, snapshot: Snapshot) -> bool {
        match self.position(snapshot.date) {
            Ok(_) => false,
            Err(i) => {
                self.snapshots.insert(i, snapshot);
                true
            }
        }
    }

    /// Drops the snapshots older than `weeks` weeks before `today`. Returns how many went.
    pub fn prune(&mut self, today: NaiveDate, weeks: u32) -> usize {
        let cutoff = today - chrono::Duration::days(i64::from(weeks) * 7);
        let n = self.snapshots.partition_point(|s| s.date < cutoff);
        self.snapshots.drain(..n).count()
    }

    /// Drops the oldest snapshot (to make room in storage). Returns its day.
    pub fn drop_oldest(&mut self) -> Option<NaiveDate> {
        (!self.snapshots.is_empty()).then(|| self.snapshots.remove(0).date)
    }

    /// Both histories in one (a teammate's file merged in keeps its history).
    ///
    /// Days on one side only are kept. For a day on both sides the two snapshots are merged by
    /// deal id: a deal in one only is kept (the two people may have had different deals open);
    /// a deal in both with different contents keeps the greater version (field by field), an
    /// arbitrary rule that depends only on the two contents, so `merge(a, b) == merge(b, a)`.
    pub fn merge(&self, other: &History) -> History {
        let mut out = self.clone();
        for s in &other.snapshots {
            out.insert_merging(s.clone());
        }
        out
    }

    fn insert_merging(&mut self, snapshot: Snapshot) {
        match self.position(snapshot.date) {
            Ok(i) => {
                let kept = std::mem::take(&mut self.snapshots[i].deals);
                let mut all = kept;
                all.extend(snapshot.deals);
                self.snapshots[i] = Snapshot::new(snapshot.date, all);
            }
            Err(i) => self.snapshots.insert(i, snapshot),
        }
    }

    fn position(&self, date: NaiveDate) -> Result<usize, usize> {
        self.snapshots.binary_search_by_key(&date, |s| s.date)
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
