//! The sales funnel (issue 4): the snapshot funnel of open deals, the conversion funnel of a
//! cohort, the headline figures, the per-seller comparison and the deals behind each table row.
//!
//! Definitions follow the Funnel section of `metrics.md`:
//! - *Snapshot*: open deals now (the period does not apply), per open stage; plus won and lost
//!   deals closed in the period (no period = all time).
//! - *Conversion*: the cohort of deals created in the period. A deal's furthest stage is the
//!   latest open stage (pipeline order) in its history; a won deal reached every open stage; a
//!   deal reached stage k when its furthest stage is k or later.
//! - *Average days in stage* (conversion): total days spent in the stage by cohort deals that
//!   left it / number of those deals. Choice for deals that moved backwards and re-entered a
//!   stage: every *finished* visit's days are summed, and the deal is counted once per stage it
//!   left. A visit still under way (the deal sits in the stage now) adds nothing, since its length
//!   is not known yet. Consecutive history entries of the same stage are one visit.
//!
//! Every figure comes from one pass over `ws.deals` on the dense positions of [`DealIndex`],
//! accumulating into Vec-indexed arrays. Deals whose current stage is not in the workspace are
//! left out of every figure (validation reports them).

use chrono::NaiveDate;

use super::filter::{Filter, Period};
use super::index::{DealIndex, DenseFilter, NONE};
use super::model::*;
use super::money::{Money, Weighted};

/// Which funnel a table or diagram shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FunnelMode {
    /// Open deals now, by current stage; won and lost closed in the period.
    #[default]
    Snapshot,
    /// Deals created in the period, by the stages they reached.
    Conversion,
}

/// A row of the funnel table, to list the deals behind it with [`stage_deals`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FunnelRowKey {
    /// An open stage, by its position in `ws.stages`.
    Stage(usize),
    /// Snapshot: won deals closed in the period. Conversion: cohort deals now won.
    Won,
    /// Snapshot: lost deals closed in the period. Conversion: cohort deals now lost.
    Lost,
    /// Snapshot: every open deal (the totals row). Conversion: the whole cohort.
    Total,
}

/// Deal count, sum of amounts and sum of weighted amounts of a set of deals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: usize,
    pub amount: Money,
    /// Σ amount × p (exact); won deals count at 100, lost at 0.
    pub weighted: Weighted,
}

impl Tally {
    fn add(&mut self, amount: Money, percent: u8) {
        self.count += 1;
        self.amount += amount;
        self.weighted += amount.weighted(percent);
    }
}

/// One open stage of the snapshot funnel.
#[derive(Clone, Debug, PartialEq)]
pub struct SnapshotRow {
    /// Position of the stage in `ws.stages`.
    pub stage: usize,
    pub stage_id: StageId,
    pub count: usize,
    pub amount: Money,
    pub weighted: Weighted,
    /// count / open total count; `None` when there are no open deals.
    pub share_count: Option<f64>,
    /// amount / open total amount; `None` when the open total amount is 0.
    pub share_amount: Option<f64>,
    /// Mean days the stage's open deals have been in it so far (today − day they entered their
    /// current visit). Not the conversion funnel's time-in-stage, which counts finished visits.
    pub avg_days_in_stage: Option<f64>,
}

/// The snapshot funnel: open deals now by stage, and the deals closed in the period.
#[derive(Clone, Debug, PartialEq)]
pub struct SnapshotFunnel {
    /// One row per open stage, in pipeline order (stages with no deals included, as zeros).
    pub rows: Vec<SnapshotRow>,
    /// The totals row: every open deal passing the filters (the sum of `rows`).
    pub total: Tally,
    /// Won deals closed in the period (weighted = amount, p = 100).
    pub won: Tally,
    /// Lost deals closed in the period (weighted = 0, p = 0).
    pub lost: Tally,
}

/// One open stage of the conversion funnel.
#[derive(Clone, Debug, PartialEq)]
pub struct ConversionRow {
    /// Position of the stage in `ws.stages`.
    pub stage: usize,
    pub stage_id: StageId,
    /// Cohort deals that reached the stage (never grows from one stage to the next).
    pub reached: usize,
    pub reached_amount: Money,
    /// reached(next) / reached(this); for the last open stage, "next" is the won row.
    pub step_conversion: Option<f64>,
    /// The same by amount.
    pub step_conversion_amount: Option<f64>,
    /// reached(this) / reached(first open stage).
    pub cumulative_conversion: Option<f64>,
    /// The same by amount.
    pub cumulative_conversion_amount: Option<f64>,
    /// Σ days of the finished visits to the stage by cohort deals.
    pub days_in_stage_total: i64,
    /// Cohort deals that left the stage at least once (each counted once).
    pub deals_left: usize,
    /// `days_in_stage_total / deals_left`; `None` when no deal left the stage.
    pub avg_days_in_stage: Option<f64>,
}

/// The won or lost row of the conversion funnel: cohort deals in that state now.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConversionOutcome {
    pub count: usize,
    pub amount: Money,
    /// count / reached(first open stage).
    pub conversion: Option<f64>,
    /// amount / reached amount of the first open stage.
    pub conversion_amount: Option<f64>,
}

/// The conversion (cohort) funnel over the deals created in the period.
#[derive(Clone, Debug, PartialEq)]
pub struct ConversionFunnel {
    /// One row per open stage, in pipeline order.
    pub rows: Vec<ConversionRow>,
    /// Every cohort deal (open, won or lost), whether or not it was ever in an open stage.
    pub cohort_count: usize,
    pub cohort_amount: Money,
    pub won: ConversionOutcome,
    pub lost: ConversionOutcome,
}

/// The figures shown above the funnel.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelHeadline {
    /// Open deals now (passing the dimension filters).
    pub open_count: usize,
    /// Open pipeline amount.
    pub open_amount: Money,
    /// Open pipeline weighted amount (exact; `.round()` to show).
    pub open_weighted: Weighted,
    /// won / (won + lost) among deals closed in the period, by count.
    pub win_rate_count: Option<f64>,
    /// The same by amount.
    pub win_rate_amount: Option<f64>,
    /// Mean of (close − created) in days over deals won in the period.
    pub avg_sales_cycle_days: Option<f64>,
    /// Mean amount of the deals won in the period, rounded to the minor unit.
    pub avg_won_amount: Option<Money>,
    /// Sales velocity in **minor units per day** as [`Money`], rounded half away from zero:
    /// open deals × average won amount × win rate (count) / average sales cycle. Computed exactly
    /// as open × Σwon amount × won / ((won + lost) × Σcycle days). `None` when nothing was won in
    /// the period or the won deals' cycles sum to 0 days.
    pub sales_velocity_per_day: Option<Money>,
}

/// Everything the funnel page shows for one filter.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelReport {
    pub snapshot: SnapshotFunnel,
    pub conversion: ConversionFunnel,
    pub headline: FunnelHeadline,
}

impl FunnelReport {
    /// The count a table row shows, which is the length of [`stage_deals`] for that row.
    /// A stage that is not an open stage of the pipeline shows 0.
    pub fn row_count(&self, mode: FunnelMode, row: FunnelRowKey) -> usize {
        match (mode, row) {
            (FunnelMode::Snapshot, FunnelRowKey::Stage(s)) => self
                .snapshot
                .rows
                .iter()
                .find(|r| r.stage == s)
                .map_or(0, |r| r.count),
            (FunnelMode::Snapshot, FunnelRowKey::Won) => self.snapshot.won.count,
            (FunnelMode::Snapshot, FunnelRowKey::Lost) => self.snapshot.lost.count,
            (FunnelMode::Snapshot, FunnelRowKey::Total) => self.snapshot.total.count,
            (FunnelMode::Conversion, FunnelRowKey::Stage(s)) => self
                .conversion
                .rows
                .iter()
                .find(|r| r.stage == s)
                .map_or(0, |r| r.reached),
            (FunnelMode::Conversion, FunnelRowKey::Won) => self.conversion.won.count,
            (FunnelMode::Conversion, FunnelRowKey::Lost) => self.conversion.lost.count,
            (FunnelMode::Conversion, FunnelRowKey::Total) => self.conversion.cohort_count,
        }
    }
}

/// One seller's funnel in the seller comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct SellerFunnel {
    /// Position of the seller in `ws.sellers`.
    pub seller: usize,
    pub seller_id: SellerId,
    pub report: FunnelReport,
}

/// The funnel report for the deals passing `filter`, from one pass over the deals.
pub fn funnel(ws: &Workspace, ix: &DealIndex, filter: &Filter, today: NaiveDate) -> FunnelReport {
    let pass = Pass::new(ws, ix, filter, today, false);
    let mut acc = Accumulator::new(1, ws.stages.len());
    pass.accumulate(&mut acc, |_| Some(0));
    acc.report(&pass, 0)
}

/// The funnel of every seller in `ws.sellers` order (sellers with no deals get zero rows), from
/// one pass over the deals. The filter's seller is ignored, since each seller gets their own
/// funnel: entry `s` equals [`funnel`] with the filter's seller set to seller `s`.
pub fn funnel_by_seller(
    ws: &Workspace,
    ix: &DealIndex,
    filter: &Filter,
    today: NaiveDate,
) -> Vec<SellerFunnel> {
    let pass = Pass::new(ws, ix, filter, today, true);
    let sellers = ws.sellers.len();
    let mut acc = Accumulator::new(sellers, ws.stages.len());
    pass.accumulate(&mut acc, |i| {
        let s = ix.seller[i];
        (s != NONE && (s as usize) < sellers).then_some(s as usize)
    });
    ws.sellers
        .iter()
        .enumerate()
        .map(|(s, seller)| SellerFunnel {
            seller: s,
            seller_id: seller.id,
            report: acc.report(&pass, s),
        })
        .collect()
}

/// The deals behind a funnel table row, as positions in `ws.deals` in ascending order, keeping
/// every filter. Its length equals [`FunnelReport::row_count`] for the same row. A stage that is
/// not an open stage lists nothing.
pub fn stage_deals(
    ws: &Workspace,
    ix: &DealIndex,
    filter: &Filter,
    today: NaiveDate,
    row: FunnelRowKey,
    mode: FunnelMode,
) -> Vec<usize> {
    let pass = Pass::new(ws, ix, filter, today, false);
    let wanted_stage = match row {
        FunnelRowKey::Stage(s) => {
            if pass.kinds.get(s) != Some(&StageKind::Open) {
                return Vec::new();
            }
            s
        }
        _ => 0,
    };
    (0..ws.deals.len())
        .filter(|&i| {
            let Some(facts) = pass.facts(i) else {
                return false;
            };
            match mode {
                FunnelMode::Snapshot => match row {
                    FunnelRowKey::Stage(_) => {
                        facts.kind == StageKind::Open && facts.stage == wanted_stage
                    }
                    FunnelRowKey::Won => facts.kind == StageKind::Won && facts.closed_in_period,
                    FunnelRowKey::Lost => facts.kind == StageKind::Lost && facts.closed_in_period,
                    FunnelRowKey::Total => facts.kind == StageKind::Open,
                },
                FunnelMode::Conversion => {
                    facts.in_cohort
                        && match row {
                            FunnelRowKey::Stage(_) => {
                                facts.kind == StageKind::Won
                                    || pass
                                        .walk_history(&ws.deals[i], facts, |_, _| {})
                                        .is_some_and(|furthest| furthest >= wanted_stage)
                            }
                            FunnelRowKey::Won => facts.kind == StageKind::Won,
                            FunnelRowKey::Lost => facts.kind == StageKind::Lost,
                            FunnelRowKey::Total => true,
                        }
                }
            }
        })
        .collect()
}

/// The per-call context shared by the report and the drill-down, so both classify deals alike.
struct Pass<'a> {
    ws: &'a Workspace,
    ix: &'a DealIndex,
    dense: DenseFilter,
    period: Option<Period>,
    today: NaiveDate,
    /// Stage kind by stage position.
    kinds: Vec<StageKind>,
    /// (stage id, position) sorted by id: history entries carry ids, and a binary search over a
    /// handful of stages is far cheaper per entry than hashing.
    stage_by_id: Vec<(u64, usize)>,
}

/// What the funnel needs to know about one deal that passes the dimension filters.
#[derive(Clone, Copy)]
struct DealFacts {
    /// Current stage position.
    stage: usize,
    kind: StageKind,
    /// Won or lost with its close date in the period (always, with no period).
    closed_in_period: bool,
    /// Created in the period (always, with no period).
    in_cohort: bool,
}

impl<'a> Pass<'a> {
    fn new(
        ws: &'a Workspace,
        ix: &'a DealIndex,
        filter: &Filter,
        today: NaiveDate,
        ignore_seller: bool,
    ) -> Self {
        let mut dense = ix.dense(filter);
        if ignore_seller {
            dense.seller = None;
        }
        let mut stage_by_id: Vec<(u64, usize)> = ws
            .stages
            .iter()
            .enumerate()
            .map(|(p, s)| (s.id.0, p))
            .collect();
        stage_by_id.sort_unstable();
        Pass {
            ws,
            ix,
            dense,
            period: filter.period,
            today,
            kinds: ws.stages.iter().map(|s| s.kind).collect(),
            stage_by_id,
        }
    }

    fn stage_pos(&self, id: StageId) -> Option<usize> {
        self.stage_by_id
            .binary_search_by_key(&id.0, |&(k, _)| k)
            .ok()
            .map(|at| self.stage_by_id[at].1)
    }

    fn in_period(&self, day: NaiveDate) -> bool {
        self.period.is_none_or(|p| p.contains(day))
    }

    /// `None` when the deal fails the dimension filters or its stage is unknown.
    #[inline]
    fn facts(&self, i: usize) -> Option<DealFacts> {
        if !self.dense.selects(self.ix, i) {
            return None;
        }
        let stage = self.ix.stage[i];
        if stage == NONE {
            return None;
        }
        let stage = stage as usize;
        let kind = *self.kinds.get(stage)?;
        let deal = &self.ws.deals[i];
        let closed_in_period = kind != StageKind::Open
            && match self.period {
                None => true,
                Some(p) => close_date(deal).is_some_and(|d| p.contains(d)),
            };
        Some(DealFacts {
            stage,
            kind,
            closed_in_period,
            in_cohort: self.in_period(deal.created),
        })
    }

    /// Walks a deal's history once: returns its furthest open stage (the latest by pipeline
    /// order, counting the current stage too in case the history is short), and calls
    /// `on_left(stage, days)` for every finished visit to an open stage.
    fn walk_history(
        &self,
        deal: &Deal,
        facts: DealFacts,
        mut on_left: impl FnMut(usize, i64),
    ) -> Option<usize> {
        let mut furthest = (facts.kind == StageKind::Open).then_some(facts.stage);
        // The visit under way: its stage (None when unknown) and the day it began.
        let mut visit: Option<(Option<usize>, NaiveDate)> = None;
        for entry in &deal.history {
            let pos = self.stage_pos(entry.stage);
            let open_pos = pos.filter(|&p| self.kinds[p] == StageKind::Open);
            if let Some(p) = open_pos {
                furthest = Some(furthest.map_or(p, |f| f.max(p)));
            }
            match visit {
                // The same stage again is the same visit, not a move.
                Some((current, _)) if current == pos => {}
                Some((current, began)) => {
                    if let Some(c) = current.filter(|&c| self.kinds[c] == StageKind::Open) {
                        on_left(c, (entry.entered - began).num_days());
                    }
                    visit = Some((pos, entry.entered));
                }
                None => visit = Some((pos, entry.entered)),
            }
        }
        furthest
    }

    /// The one pass: `group(i)` says which funnel a selected deal feeds (`None`: none).
    fn accumulate(&self, acc: &mut Accumulator, group: impl Fn(usize) -> Option<usize>) {
        let n_stages = self.ws.stages.len();
        for (i, deal) in self.ws.deals.iter().enumerate() {
            let Some(facts) = self.facts(i) else {
                continue;
            };
            let Some(g) = group(i) else {
                continue;
            };
            let stage = &self.ws.stages[facts.stage];
            let percent = effective_probability(stage, deal.probability);
            let base = g * n_stages;
            let group_acc = &mut acc.groups[g];
            match facts.kind {
                StageKind::Open => {
                    let row = &mut acc.stages[base + facts.stage];
                    row.open.add(deal.amount, percent);
                    let entered = deal.history.last().map_or(deal.created, |e| e.entered);
                    row.open_age_days += (self.today - entered).num_days();
                }
                StageKind::Won if facts.closed_in_period => {
                    group_acc.won.add(deal.amount, percent);
                    let closed = close_date(deal).unwrap_or(deal.created);
                    group_acc.won_cycle_days += (closed - deal.created).num_days();
                }
                StageKind::Lost if facts.closed_in_period => {
                    group_acc.lost.add(deal.amount, percent);
                }
                _ => {}
            }
            if !facts.in_cohort {
                continue;
            }
            group_acc.cohort_count += 1;
            group_acc.cohort_amount += deal.amount;
            let stages = &mut acc.stages[base..base + n_stages];
            // The history, summarised once per workspace by the index (`walk_history` is the
            // same computation; tests/funnel_props.rs checks the two agree).
            let from = self.ix.left_start.get(i).copied().unwrap_or(0) as usize;
            let to = self.ix.left_start.get(i + 1).copied().unwrap_or(0) as usize;
            for &(s, days) in self.ix.left.get(from..to).unwrap_or_default() {
                if let Some(row) = stages.get_mut(s as usize) {
                    row.days_left_total += days;
                    row.deals_left += 1;
                }
            }
            let furthest = (self.ix.furthest_open.get(i).copied())
                .map(|f| f as usize)
                .filter(|&f| f < n_stages);
            match facts.kind {
                StageKind::Won => {
                    group_acc.cohort_won_count += 1;
                    group_acc.cohort_won_amount += deal.amount;
                }
                StageKind::Lost => {
                    group_acc.cohort_lost_count += 1;
                    group_acc.cohort_lost_amount += deal.amount;
                }
                StageKind::Open => {}
            }
            // Won deals reached every open stage; they are added to every row when reporting.
            if facts.kind != StageKind::Won
                && let Some(f) = furthest
            {
                stages[f].furthest_count += 1;
                stages[f].furthest_amount += deal.amount;
            }
        }
    }
}

/// The day a won or lost deal closed: its close date, else the day it entered its last stage.
fn close_date(deal: &Deal) -> Option<NaiveDate> {
    deal.closed
        .or_else(|| deal.history.last().map(|e| e.entered))
}

/// Sums per (group, stage position).
#[derive(Clone, Copy, Default)]
struct StageAcc {
    open: Tally,
    /// Σ (today − entered current visit) over the open deals in the stage.
    open_age_days: i64,
    /// Cohort deals (not won) whose furthest open stage is this one.
    furthest_count: usize,
    furthest_amount: Money,
    days_left_total: i64,
    deals_left: usize,
}

/// Sums per group.
#[derive(Clone, Copy, Default)]
struct GroupAcc {
    won: Tally,
    lost: Tally,
    won_cycle_days: i64,
    cohort_count: usize,
    cohort_amount: Money,
    cohort_won_count: usize,
    cohort_won_amount: Money,
    cohort_lost_count: usize,
    cohort_lost_amount: Money,
}

struct Accumulator {
    n_stages: usize,
    /// `groups × n_stages`, row-major by group.
    stages: Vec<StageAcc>,
    groups: Vec<GroupAcc>,
}

impl Accumulator {
    fn new(groups: usize, n_stages: usize) -> Self {
        Accumulator {
            n_stages,
            stages: vec![StageAcc::default(); groups * n_stages],
            groups: vec![GroupAcc::default(); groups],
        }
    }

    fn report(&self, pass: &Pass, g: usize) -> FunnelReport {
        let ws = pass.ws;
        let stages = &self.stages[g * self.n_stages..(g + 1) * self.n_stages];
        let group = &self.groups[g];
        let open: Vec<usize> = (0..self.n_stages)
            .filter(|&s| pass.kinds[s] == StageKind::Open)
            .collect();

        // Snapshot.
        let mut total = Tally::default();
        for &s in &open {
            let t = stages[s].open;
            total.count += t.count;
            total.amount += t.amount;
            total.weighted += t.weighted;
        }
        let snapshot_rows = open
            .iter()
            .map(|&s| {
                let a = &stages[s];
                SnapshotRow {
                    stage: s,
                    stage_id: ws.stages[s].id,
                    count: a.open.count,
                    amount: a.open.amount,
                    weighted: a.open.weighted,
                    share_count: ratio(a.open.count as f64, total.count as f64),
                    share_amount: ratio(a.open.amount.0 as f64, total.amount.0 as f64),
                    avg_days_in_stage: ratio(a.open_age_days as f64, a.open.count as f64),
                }
            })
            .collect();

        // Conversion: reached(k) = won + Σ furthest(j ≥ k), over open stages from the last.
        let mut reached = vec![(0usize, Money::ZERO); open.len()];
        let mut running = (group.cohort_won_count, group.cohort_won_amount);
        for (k, &s) in open.iter().enumerate().rev() {
            running.0 += stages[s].furthest_count;
            running.1 += stages[s].furthest_amount;
            reached[k] = running;
        }
        let won_reached = (group.cohort_won_count, group.cohort_won_amount);
        let first = reached.first().copied().unwrap_or(won_reached);
        let conversion_rows = open
            .iter()
            .enumerate()
            .map(|(k, &s)| {
                let (count, amount) = reached[k];
                let (next_count, next_amount) = reached.get(k + 1).copied().unwrap_or(won_reached);
                let a = &stages[s];
                ConversionRow {
                    stage: s,
                    stage_id: ws.stages[s].id,
                    reached: count,
                    reached_amount: amount,
                    step_conversion: ratio(next_count as f64, count as f64),
                    step_conversion_amount: ratio(next_amount.0 as f64, amount.0 as f64),
                    cumulative_conversion: ratio(count as f64, first.0 as f64),
                    cumulative_conversion_amount: ratio(amount.0 as f64, first.1.0 as f64),
                    days_in_stage_total: a.days_left_total,
                    deals_left: a.deals_left,
                    avg_days_in_stage: ratio(a.days_left_total as f64, a.deals_left as f64),
                }
            })
            .collect();
        let outcome = |count: usize, amount: Money| ConversionOutcome {
            count,
            amount,
            conversion: ratio(count as f64, first.0 as f64),
            conversion_amount: ratio(amount.0 as f64, first.1.0 as f64),
        };

        // Headline.
        let won = group.won;
        let lost = group.lost;
        let closed_count = won.count + lost.count;
        let sales_velocity_per_day = {
            let numerator = total.count as i128 * won.amount.0 as i128 * won.count as i128;
            let denominator = closed_count as i128 * group.won_cycle_days as i128;
            (won.count > 0 && denominator != 0)
                .then(|| Money(div_round(numerator, denominator) as i64))
        };
        let headline = FunnelHeadline {
            open_count: total.count,
            open_amount: total.amount,
            open_weighted: total.weighted,
            win_rate_count: ratio(won.count as f64, closed_count as f64),
            win_rate_amount: ratio(won.amount.0 as f64, (won.amount + lost.amount).0 as f64),
            avg_sales_cycle_days: ratio(group.won_cycle_days as f64, won.count as f64),
            avg_won_amount: (won.count > 0)
                .then(|| Money(div_round(won.amount.0 as i128, won.count as i128) as i64)),
            sales_velocity_per_day,
        };

        FunnelReport {
            snapshot: SnapshotFunnel {
                rows: snapshot_rows,
                total,
                won,
                lost,
            },
            conversion: ConversionFunnel {
                rows: conversion_rows,
                cohort_count: group.cohort_count,
                cohort_amount: group.cohort_amount,
                won: outcome(group.cohort_won_count, group.cohort_won_amount),
                lost: outcome(group.cohort_lost_count, group.cohort_lost_amount),
            },
            headline,
        }
    }
}

/// a / b, or `None` when b is 0 (never NaN or infinite).
fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

/// a / b rounded half away from zero; b ≠ 0.
fn div_round(a: i128, b: i128) -> i128 {
    let (a, b) = if b < 0 { (-a, -b) } else { (a, b) };
    if a >= 0 {
        (2 * a + b) / (2 * b)
    } else {
        -((2 * -a + b) / (2 * b))
    }
}
