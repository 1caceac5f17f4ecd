//! The comparison of two pipelines: every deal in either lands in exactly one bar.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::Hash;

use chrono::NaiveDate;

use super::snapshot::{Snapshot, SnapshotDeal, StageLookup, stage_on};
use crate::filter::{Filter, Period};
use crate::model::*;
use crate::money::{Money, Weighted};

/// A bar of the waterfall: where a deal's change between the two dates is counted. Tested in
/// this order (`Bar::ALL`, the order of `metrics.md`); each deal in either pipeline lands in
/// exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bar {
    /// In pipeline(from), gone from the workspace at `to` (minus its `from` amount).
    Deleted,
    /// In pipeline(from), won by `to` (minus its `from` amount).
    Won,
    /// In pipeline(from), lost by `to` (minus its `from` amount).
    Lost,
    /// In pipeline(from), still open at `to` but expected after the period (minus its `from`
    /// amount). Only with a period.
    Slipped,
    /// Open at both, outside the period at `from`, inside it at `to` (plus its `to` amount).
    /// Only with a period.
    PulledIn,
    /// In pipeline(from), still open at `to`, out of pipeline(to) for any other reason: now in
    /// another group (another seller, another stage, outside the filters), or expected before
    /// the period or undated. `metrics.md` names no bar for these; without them a reassigned deal
    /// would be in no bar and the identity would not hold.
    MovedOut,
    /// In pipeline(to), open at `from` and inside the period then, but out of pipeline(from) for
    /// another group or the filters (plus its `to` amount). See [`Bar::MovedOut`].
    MovedIn,
    /// In pipeline(to), not open at `from`: created since, or reopened (plus its `to` amount).
    New,
    /// In both, the amount at `to` above the amount at `from` (plus the difference).
    Increased,
    /// In both, the amount at `to` below the amount at `from` (minus the difference).
    Decreased,
    /// In both, the same amount: no bar on the chart, counted all the same.
    Unchanged,
}

impl Bar {
    /// Every bar, in the fixed order deals are tested in.
    pub const ALL: [Bar; 11] = [
        Bar::Deleted,
        Bar::Won,
        Bar::Lost,
        Bar::Slipped,
        Bar::PulledIn,
        Bar::MovedOut,
        Bar::MovedIn,
        Bar::New,
        Bar::Increased,
        Bar::Decreased,
        Bar::Unchanged,
    ];

    /// How the bar moves the total: −1 takes away, +1 adds, 0 for [`Bar::Unchanged`].
    pub fn sign(self) -> i8 {
        match self {
            Bar::Deleted | Bar::Won | Bar::Lost | Bar::Slipped | Bar::MovedOut | Bar::Decreased => {
                -1
            }
            Bar::PulledIn | Bar::MovedIn | Bar::New | Bar::Increased => 1,
            Bar::Unchanged => 0,
        }
    }

    /// A stable code: the URL, CSV headers and the translated label's key.
    pub fn code(self) -> &'static str {
        match self {
            Bar::Deleted => "deleted",
            Bar::Won => "won",
            Bar::Lost => "lost",
            Bar::Slipped => "slipped",
            Bar::PulledIn => "pulled_in",
            Bar::MovedOut => "moved_out",
            Bar::MovedIn => "moved_in",
            Bar::New => "new",
            Bar::Increased => "increased",
            Bar::Decreased => "decreased",
            Bar::Unchanged => "unchanged",
        }
    }

    pub fn from_code(code: &str) -> Option<Bar> {
        Bar::ALL.into_iter().find(|b| b.code() == code)
    }

    /// Bars the stage history cannot tell: they need the amounts, close dates or deal list of
    /// that day, which only a snapshot keeps.
    pub fn needs_snapshot(self) -> bool {
        matches!(
            self,
            Bar::Deleted | Bar::Slipped | Bar::PulledIn | Bar::Increased | Bar::Decreased
        )
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What the "from" pipeline was built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Basis {
    /// A snapshot taken that day, or a Voronka file of that day: every bar is exact.
    Snapshot,
    /// The stage history of today's workspace ([`Snapshot::from_history`]): stages, wins,
    /// losses and new deals are exact; amounts, close dates, sellers and the rest are today's,
    /// and deals deleted since are unknown, so the bars of [`Bar::needs_snapshot`] cannot be
    /// told (they read zero) and the "from" total is today's amounts of the deals open then.
    History,
}

/// What became of a deal by the end date when it is not open then.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Closed {
    Won,
    Lost,
}

/// The pipeline at the end of a comparison: its open deals, and which other deals were won or
/// lost by then. A deal in neither was deleted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndState {
    pub snapshot: Snapshot,
    /// Sorted by id.
    closed: Vec<(DealId, Closed)>,
}

impl EndState {
    /// The workspace as it is now, dated `date` (the caller's "today").
    pub fn of_workspace(ws: &Workspace, date: NaiveDate) -> EndState {
        let stages = StageLookup::new(ws);
        let closed = ws
            .deals
            .iter()
            .filter_map(|d| closed_kind(stages.get(d.stage)?.kind).map(|c| (d.id, c)))
            .collect();
        EndState::new(Snapshot::take(ws, date), closed)
    }

    /// A stored snapshot as the end; the deals not open in it are won or lost if the stage
    /// history of `ws` says so on its day, else counted as deleted.
    pub fn of_snapshot(snapshot: Snapshot, ws: &Workspace) -> EndState {
        let stages = StageLookup::new(ws);
        let closed = ws
            .deals
            .iter()
            .filter_map(|d| {
                let at = stage_on(d, snapshot.date)?;
                closed_kind(stages.get(at)?.kind).map(|c| (d.id, c))
            })
            .collect();
        EndState::new(snapshot, closed)
    }

    /// An end state from its parts; `closed` in any order (a deal also open in `snapshot`
    /// counts as open).
    pub fn new(snapshot: Snapshot, mut closed: Vec<(DealId, Closed)>) -> EndState {
        closed.sort_unstable_by_key(|c| c.0);
        closed.dedup_by_key(|c| c.0);
        EndState { snapshot, closed }
    }

    fn closed(&self, id: DealId) -> Option<Closed> {
        self.closed
            .binary_search_by_key(&id, |c| c.0)
            .ok()
            .map(|i| self.closed[i].1)
    }
}

fn closed_kind(kind: StageKind) -> Option<Closed> {
    match kind {
        StageKind::Open => None,
        StageKind::Won => Some(Closed::Won),
        StageKind::Lost => Some(Closed::Lost),
    }
}

/// A count and a sum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally<T> {
    pub count: u32,
    pub value: T,
}

impl<T: Copy + std::ops::Add<Output = T>> Tally<T> {
    fn add(&mut self, value: T) {
        self.count += 1;
        self.value = self.value + value;
    }
}

/// A pipeline's way from its total at `from` to its total at `to` in one measure (amount or
/// weighted amount). Every bar's `value` is a magnitude; its [`Bar::sign`] says which way it goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flow<T> {
    /// pipeline(from): deals and their `from` amounts.
    pub start: Tally<T>,
    /// Per bar, in the order of [`Bar::ALL`].
    pub bars: [Tally<T>; 11],
    /// pipeline(to): deals and their `to` amounts.
    pub end: Tally<T>,
}

impl<T> Flow<T>
where
    T: Copy + Default + std::ops::Add<Output = T> + std::ops::Sub<Output = T>,
{
    pub fn bar(&self, bar: Bar) -> Tally<T> {
        self.bars[bar.index()]
    }

    /// The start plus every bar with its sign: equals `end.value` exactly (the identity of
    /// `metrics.md`), which the tests check.
    pub fn start_plus_bars(&self) -> T {
        Bar::ALL.iter().fold(self.start.value, |acc, b| {
            let v = self.bars[b.index()].value;
            match b.sign() {
                1 => acc + v,
                -1 => acc - v,
                _ => acc,
            }
        })
    }
}

/// One group's (or the whole pipeline's) waterfall, by amount and by weighted amount.
///
/// The two measures put every deal in the same bar except deals in both pipelines: by amount
/// they are increased, decreased or unchanged by their amount; by weighted amount by their
/// weighted amount (a deal moved to a later stage at the same amount is "increased" weighted),
/// so the identity holds in both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Waterfall {
    pub amount: Flow<Money>,
    pub weighted: Flow<Weighted>,
}

/// One deal of the comparison: its state at both dates and its bar in each measure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DealChange {
    pub id: DealId,
    /// Its bar by amount.
    pub bar: Bar,
    /// Its bar by weighted amount (differs only among increased / decreased / unchanged).
    pub weighted_bar: Bar,
    /// The deal at `from` when it was open then (even outside the filters or the period).
    pub before: Option<SnapshotDeal>,
    /// The deal at `to` when it is open then.
    pub after: Option<SnapshotDeal>,
    /// In pipeline(from) / pipeline(to) (after the filters and the period).
    pub in_from: bool,
    pub in_to: bool,
}

impl DealChange {
    /// The amount this deal moves its bar by (a magnitude).
    pub fn amount_change(&self) -> Money {
        let a = self.before.as_ref().map_or(Money::ZERO, |d| d.amount);
        let b = self.after.as_ref().map_or(Money::ZERO, |d| d.amount);
        match self.bar {
            Bar::Increased => b - a,
            Bar::Decreased => a - b,
            Bar::PulledIn | Bar::MovedIn | Bar::New => b,
            Bar::Unchanged => Money::ZERO,
            _ => a,
        }
    }
}

/// Which way a deal in both pipelines moved along the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Move {
    Stayed,
    /// To a later stage; `skipped` when it jumped over at least one stage.
    Forward {
        skipped: bool,
    },
    Back,
    /// From or to a stage no longer in the workspace: no order to tell.
    Unordered,
}

/// Where the rows and columns of the stage matrix lead besides stages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Exit {
    Won,
    Lost,
    /// Deleted, slipped out of the period, or moved out of the filters.
    Left,
}

/// The from-stage × to-stage movement of the deals (the stage moves `metrics.md` reports beside
/// the bars). Rows are the stages of pipeline(from) and one "entered" row for deals that came
/// into pipeline(to) (new, pulled in, moved in); columns are the stages of pipeline(to) and the
/// exits (won, lost, left). Each row sums to that stage's deals at `from`, each stage column to
/// its deals at `to`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StageMatrix {
    /// The axis: the workspace's open stages in pipeline order, then stages only the snapshots
    /// know (deleted since), by id.
    pub stages: Vec<StageId>,
    /// `cells[row][col]` for rows = stages, cols = stages: deals in both pipelines, counted with
    /// their `from` amount.
    pub cells: Vec<Vec<Tally<Money>>>,
    /// Per row (stage at `from`): deals won, lost, left; with their `from` amount.
    pub exits: Vec<[Tally<Money>; 3]>,
    /// Per column (stage at `to`): deals that entered pipeline(to) there, with their `to` amount.
    pub entered: Vec<Tally<Money>>,
    /// Deals in both pipelines by move.
    pub stayed: u32,
    pub forward: u32,
    /// Forward over at least one stage (included in `forward`).
    pub skipped: u32,
    pub back: u32,
    pub unordered: u32,
}

impl StageMatrix {
    /// The row/column of a stage on the axis.
    pub fn position(&self, stage: StageId) -> Option<usize> {
        self.stages.iter().position(|s| *s == stage)
    }

    /// The move from one stage to another along the axis.
    pub fn movement(&self, from: StageId, to: StageId, known: usize) -> Move {
        match (self.position(from), self.position(to)) {
            _ if from == to => Move::Stayed,
            (Some(a), Some(b)) if a < known && b < known => match b.cmp(&a) {
                Ordering::Greater => Move::Forward { skipped: b > a + 1 },
                Ordering::Less => Move::Back,
                Ordering::Equal => Move::Stayed,
            },
            _ => Move::Unordered,
        }
    }
}

/// Everything the changes page shows for two dates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub basis: Option<Basis>,
    /// The reporting period for expected closes, if one was chosen.
    pub period: Option<Period>,
    /// The whole (filtered) pipeline.
    pub total: Waterfall,
    /// Per seller (the seller of the deal at each date): the workspace's sellers in order, then
    /// sellers only the snapshots know, by id; only sellers with a deal in either pipeline.
    pub by_seller: Vec<(SellerId, Waterfall)>,
    /// Per stage (the stage at each date), on the axis of [`StageMatrix::stages`]; only stages
    /// with a deal in either pipeline.
    pub by_stage: Vec<(StageId, Waterfall)>,
    /// Every deal in either pipeline, by id.
    pub deals: Vec<DealChange>,
    pub stages: StageMatrix,
}

impl Changes {
    /// The bars this comparison cannot tell (they need a snapshot of the `from` day).
    pub fn unknown_bars(&self) -> Vec<Bar> {
        match self.basis {
            Some(Basis::History) => Bar::ALL
                .into_iter()
                .filter(|b| b.needs_snapshot())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The deals of one bar (by amount, or by weighted amount), biggest change first.
    pub fn deals_in(&self, bar: Bar, weighted: bool) -> Vec<&DealChange> {
        let mut out: Vec<&DealChange> = self
            .deals
            .iter()
            .filter(|d| if weighted { d.weighted_bar } else { d.bar } == bar)
            .collect();
        sort_by_change(&mut out);
        out
    }
}

/// Biggest change first, then by id.
pub(super) fn sort_by_change(deals: &mut [&DealChange]) {
    deals.sort_by(|a, b| {
        b.amount_change()
            .cmp(&a.amount_change())
            .then(a.id.cmp(&b.id))
    });
}

fn in_period(close: Option<NaiveDate>, period: Option<Period>) -> bool {
    period.is_none_or(|p| close.is_some_and(|c| p.contains(c)))
}

fn selects(filter: &Filter, d: &SnapshotDeal) -> bool {
    filter.seller.is_none_or(|s| d.seller == s)
        && filter.direction.is_none_or(|x| d.direction == Some(x))
        && filter.deal_type.is_none_or(|t| d.deal_type == Some(t))
}

/// What became of a deal by `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fate {
    Open,
    Won,
    Lost,
    Deleted,
}

/// The bar of a deal in one group: `in_from` / `in_to` say whether it is in that group's
/// pipeline at each date. `None` when it is in neither.
pub(super) fn classify(
    in_from: bool,
    in_to: bool,
    before: Option<&SnapshotDeal>,
    after: Option<&SnapshotDeal>,
    fate: Fate,
    period: Option<Period>,
) -> Option<(Bar, Bar)> {
    let same = |bar| Some((bar, bar));
    if in_from {
        match fate {
            Fate::Deleted => same(Bar::Deleted),
            Fate::Won => same(Bar::Won),
            Fate::Lost => same(Bar::Lost),
            Fate::Open => match (before, after) {
                (Some(a), Some(b)) if in_to => Some((
                    by_size(b.amount.cmp(&a.amount)),
                    by_size(b.weighted().cmp(&a.weighted())),
                )),
                (_, Some(b))
                    if period.is_some_and(|p| b.expected_close.is_some_and(|c| c > p.to)) =>
                {
                    same(Bar::Slipped)
                }
                _ => same(Bar::MovedOut),
            },
        }
    } else if in_to {
        match before {
            None => same(Bar::New),
            Some(a) if period.is_some() && !in_period(a.expected_close, period) => {
                same(Bar::PulledIn)
            }
            Some(_) => same(Bar::MovedIn),
        }
    } else {
        None
    }
}

fn by_size(o: Ordering) -> Bar {
    match o {
        Ordering::Greater => Bar::Increased,
        Ordering::Less => Bar::Decreased,
        Ordering::Equal => Bar::Unchanged,
    }
}

impl Waterfall {
    /// Counts one deal into this waterfall.
    fn add(
        &mut self,
        in_from: Option<&SnapshotDeal>,
        in_to: Option<&SnapshotDeal>,
        (bar, weighted_bar): (Bar, Bar),
    ) {
        let zero = Money::ZERO;
        let a = in_from.map_or(zero, |d| d.amount);
        let b = in_to.map_or(zero, |d| d.amount);
        let wa = in_from.map_or(Weighted::ZERO, |d| d.weighted());
        let wb = in_to.map_or(Weighted::ZERO, |d| d.weighted());
        if in_from.is_some() {
            self.amount.start.add(a);
            self.weighted.start.add(wa);
        }
        if in_to.is_some() {
            self.amount.end.add(b);
            self.weighted.end.add(wb);
        }
        self.amount.bars[bar.index()].add(magnitude(bar, a, b, zero));
        self.weighted.bars[weighted_bar.index()].add(magnitude(
            weighted_bar,
            wa,
            wb,
            Weighted::ZERO,
        ));
    }
}

/// What a deal adds to its bar's magnitude, from its `from` value `a` and `to` value `b`.
fn magnitude<T: std::ops::Sub<Output = T>>(bar: Bar, a: T, b: T, zero: T) -> T {
    match bar {
        Bar::Increased => b - a,
        Bar::Decreased => a - b,
        Bar::PulledIn | Bar::MovedIn | Bar::New => b,
        Bar::Unchanged => zero,
        Bar::Deleted | Bar::Won | Bar::Lost | Bar::Slipped | Bar::MovedOut => a,
    }
}

/// Groups waterfalls by a key of the deal at each date.
struct Groups<K> {
    by_key: HashMap<K, Waterfall>,
}

impl<K: Copy + Eq + Hash> Groups<K> {
    fn new() -> Self {
        Groups {
            by_key: HashMap::new(),
        }
    }

    /// Counts a deal into the group of its `from` key and the group of its `to` key (the same
    /// group once when they agree).
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        key: impl Fn(&SnapshotDeal) -> K,
        in_from: bool,
        in_to: bool,
        before: Option<&SnapshotDeal>,
        after: Option<&SnapshotDeal>,
        fate: Fate,
        period: Option<Period>,
    ) {
        let k_from = before.filter(|_| in_from).map(&key);
        let k_to = after.filter(|_| in_to).map(&key);
        for k in [k_from, k_to.filter(|k| Some(*k) != k_from)]
            .into_iter()
            .flatten()
        {
            let g_from = k_from == Some(k);
            let g_to = k_to == Some(k);
            if let Some(bars) = classify(g_from, g_to, before, after, fate, period) {
                self.by_key.entry(k).or_default().add(
                    before.filter(|_| g_from),
                    after.filter(|_| g_to),
                    bars,
                );
            }
        }
    }

    /// The groups in `order`, then any others by key.
    fn ordered(mut self, order: impl Iterator<Item = K>) -> Vec<(K, Waterfall)>
    where
        K: Ord,
    {
        let mut out: Vec<(K, Waterfall)> = order
            .filter_map(|k| self.by_key.remove(&k).map(|w| (k, w)))
            .collect();
        let mut rest: Vec<(K, Waterfall)> = self.by_key.into_iter().collect();
        rest.sort_by_key(|(k, _)| *k);
        out.extend(rest);
        out
    }
}

/// Compares pipeline(from) — `start` — with pipeline(to) — `end` — under the filter bar's
/// dimensions; `filter.period`, when set, is the reporting period for expected close dates
/// (`metrics.md`, "Pipeline changes between two dates"). `ws` gives the pipeline order of the
/// stages and the order of the sellers.
///
/// One pass over both snapshots (sorted by id), so O(n) plus the grouping.
pub fn compare(
    start: &Snapshot,
    basis: Basis,
    end: &EndState,
    ws: &Workspace,
    filter: &Filter,
) -> Changes {
    let period = filter.period;
    let mut total = Waterfall::default();
    let mut sellers = Groups::<SellerId>::new();
    let mut stages = Groups::<StageId>::new();
    let mut deals = Vec::new();
    let member = |d: &SnapshotDeal| selects(filter, d) && in_period(d.expected_close, period);

    let (xs, ys) = (&start.deals, &end.snapshot.deals);
    let (mut i, mut j) = (0, 0);
    while i < xs.len() || j < ys.len() {
        let (before, after) = match (xs.get(i), ys.get(j)) {
            (Some(a), Some(b)) if a.id == b.id => {
                i += 1;
                j += 1;
                (Some(a), Some(b))
            }
            (Some(a), Some(b)) if a.id < b.id => {
                i += 1;
                (Some(a), None)
            }
            (Some(a), None) => {
                i += 1;
                (Some(a), None)
            }
            (_, b) => {
                j += 1;
                (None, b)
            }
        };
        let id = before.or(after).map(|d| d.id).unwrap_or(DealId(0));
        let in_from = before.is_some_and(member);
        let in_to = after.is_some_and(member);
        if !in_from && !in_to {
            continue;
        }
        let fate = if after.is_some() {
            Fate::Open
        } else {
            match end.closed(id) {
                Some(Closed::Won) => Fate::Won,
                Some(Closed::Lost) => Fate::Lost,
                None => Fate::Deleted,
            }
        };
        let Some(bars) = classify(in_from, in_to, before, after, fate, period) else {
            continue;
        };
        total.add(before.filter(|_| in_from), after.filter(|_| in_to), bars);
        sellers.add(|d| d.seller, in_from, in_to, before, after, fate, period);
        stages.add(|d| d.stage, in_from, in_to, before, after, fate, period);
        deals.push(DealChange {
            id,
            bar: bars.0,
            weighted_bar: bars.1,
            before: before.cloned(),
            after: after.cloned(),
            in_from,
            in_to,
        });
    }

    let matrix = stage_matrix(ws, &deals);
    Changes {
        from: start.date,
        to: end.snapshot.date,
        basis: Some(basis),
        period,
        total,
        by_seller: sellers.ordered(ws.sellers.iter().map(|s| s.id)),
        by_stage: stages.ordered(matrix.stages.clone().into_iter()),
        deals,
        stages: matrix,
    }
}

/// The stage-movement matrix of the compared deals.
fn stage_matrix(ws: &Workspace, deals: &[DealChange]) -> StageMatrix {
    let mut axis: Vec<StageId> = ws
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .map(|s| s.id)
        .collect();
    let known = axis.len();
    let mut unknown: Vec<StageId> = deals
        .iter()
        .flat_map(|d| [&d.before, &d.after])
        .flatten()
        .map(|d| d.stage)
        .filter(|s| !axis.contains(s))
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    axis.extend(unknown);
    let n = axis.len();
    let pos: HashMap<StageId, usize> = axis.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let mut m = StageMatrix {
        stages: axis,
        cells: vec![vec![Tally::default(); n]; n],
        exits: vec![[Tally::default(); 3]; n],
        entered: vec![Tally::default(); n],
        ..Default::default()
    };
    for d in deals {
        let from = d.before.as_ref().filter(|_| d.in_from);
        let to = d.after.as_ref().filter(|_| d.in_to);
        match (from, to) {
            (Some(a), Some(b)) => {
                let (r, c) = (pos[&a.stage], pos[&b.stage]);
                m.cells[r][c].add(a.amount);
                match m.movement(a.stage, b.stage, known) {
                    Move::Stayed => m.stayed += 1,
                    Move::Forward { skipped } => {
                        m.forward += 1;
                        m.skipped += u32::from(skipped);
                    }
                    Move::Back => m.back += 1,
                    Move::Unordered => m.unordered += 1,
                }
            }
            (Some(a), None) => {
                let exit = match d.bar {
                    Bar::Won => Exit::Won,
                    Bar::Lost => Exit::Lost,
                    _ => Exit::Left,
                };
                m.exits[pos[&a.stage]][exit as usize].add(a.amount);
            }
            (None, Some(b)) => m.entered[pos[&b.stage]].add(b.amount),
            (None, None) => {}
        }
    }
    m
}
