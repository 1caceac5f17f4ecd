//! The forecast tool: revenue by period against plan, deals needing attention, the next-steps task
//! list, depth of work with key clients, and the two edits made from those lists.
//!
//! Definitions follow the Forecast and Deals needing attention sections of `metrics.md`:
//! - A won deal falls in the period of its close date; an open deal in the period of its expected
//!   close date. An open deal expected before today is *overdue*: it is reported apart and never
//!   counted in any period, past ones included. An open deal with no expected close date is
//!   *undated*, also apart.
//! - A deal's forecast category is its own override, else its stage's default. Roll-ups are in full
//!   amounts: commit view = won + commit; best-case view = won + commit + best case; pipeline view =
//!   won + every open deal not omitted. Omitted deals are in no roll-up, but the forecast
//!   (won + Σ weighted open), the open amount and the weighted open amount include every open deal
//!   expected in the period, as the definition of the forecast names no exception.
//!
//! How the filter bar applies: seller, direction and deal type select deals everywhere. The
//! forecast's periods come from [`ForecastSpec`], not from the filter's period; the attention list
//! and the task list are "now" and ignore the period too. Only [`key_client_depth`] uses the period,
//! for which won deals count towards "directions covered".

use chrono::{Datelike, NaiveDate};

use super::filter::Filter;
use super::index::{DealIndex, NONE};
use super::model::*;
use super::money::{Money, Weighted};

// ---------------------------------------------------------------------------------------------
// Forecast
// ---------------------------------------------------------------------------------------------

/// How long one forecast period is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Granularity {
    /// A calendar month.
    #[default]
    Month,
    /// A calendar quarter: Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec.
    Quarter,
}

impl Granularity {
    /// Months in one period.
    pub fn months(self) -> u32 {
        match self {
            Granularity::Month => 1,
            Granularity::Quarter => 3,
        }
    }
}

/// The forecast's horizon: `periods` periods of `granularity`, the first one holding `from`.
///
/// With quarters, `from` is moved back to the first month of its calendar quarter, so a quarter
/// is always a calendar quarter whatever month the user picked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ForecastSpec {
    /// Month or quarter.
    pub granularity: Granularity,
    /// A month in the first period.
    pub from: YearMonth,
    /// How many periods the horizon has.
    pub periods: u32,
}

impl ForecastSpec {
    /// The horizon's periods in order, as [`forecast`] reports them (quarters moved back to the
    /// calendar quarter holding `from`).
    pub fn periods(&self) -> Vec<ForecastPeriod> {
        let h = Horizon::new(self);
        (0..h.periods)
            .map(|b| ForecastPeriod {
                first: YearMonth::from_ordinal(h.first + b as i32 * h.months_per),
                months: h.months_per as u32,
            })
            .collect()
    }

    /// Every month of the horizon, in order.
    pub fn months(&self) -> Vec<YearMonth> {
        self.periods()
            .iter()
            .flat_map(|p| {
                (0..p.months as i32).map(move |k| YearMonth::from_ordinal(p.first.ordinal() + k))
            })
            .collect()
    }
}

/// One period of the horizon: `months` consecutive months starting at `first`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ForecastPeriod {
    /// The period's first month.
    pub first: YearMonth,
    /// 1 for a month, 3 for a quarter.
    pub months: u32,
}

impl ForecastPeriod {
    /// The period's last month.
    pub fn last(&self) -> YearMonth {
        YearMonth::from_ordinal(self.first.ordinal() + self.months as i32 - 1)
    }

    /// The period's first day (`None` only for a year chrono cannot represent).
    pub fn start(&self) -> Option<NaiveDate> {
        self.first.first_day()
    }

    /// The period's last day.
    pub fn end(&self) -> Option<NaiveDate> {
        YearMonth::from_ordinal(self.first.ordinal() + self.months as i32)
            .first_day()
            .and_then(|d| d.pred_opt())
    }

    /// The calendar quarter (1–4) the period starts in.
    pub fn quarter(&self) -> u32 {
        (self.first.month - 1) / 3 + 1
    }
}

/// Open amounts (full, unweighted) per forecast category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CategoryAmounts {
    /// Open amount in the `pipeline` category.
    pub pipeline: Money,
    /// Open amount in the `best_case` category.
    pub best_case: Money,
    /// Open amount in the `commit` category.
    pub commit: Money,
    /// Open amount in the `omitted` category (in no roll-up).
    pub omitted: Money,
}

impl CategoryAmounts {
    /// The amount of one category.
    pub fn get(&self, cat: ForecastCategory) -> Money {
        match cat {
            ForecastCategory::Pipeline => self.pipeline,
            ForecastCategory::BestCase => self.best_case,
            ForecastCategory::Commit => self.commit,
            ForecastCategory::Omitted => self.omitted,
        }
    }

    fn add(&mut self, cat: ForecastCategory, amount: Money) {
        let slot = match cat {
            ForecastCategory::Pipeline => &mut self.pipeline,
            ForecastCategory::BestCase => &mut self.best_case,
            ForecastCategory::Commit => &mut self.commit,
            ForecastCategory::Omitted => &mut self.omitted,
        };
        *slot += amount;
    }

    fn add_all(&mut self, other: &CategoryAmounts) {
        self.pipeline += other.pipeline;
        self.best_case += other.best_case;
        self.commit += other.commit;
        self.omitted += other.omitted;
    }
}

/// A group of deals reported apart from the periods: how many, their amount and weighted amount.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DealSum {
    /// Number of deals.
    pub count: u32,
    /// Σ amount.
    pub amount: Money,
    /// Σ amount × p / 100, exact.
    pub weighted: Weighted,
}

impl DealSum {
    fn add(&mut self, amount: Money, weighted: Weighted) {
        self.count += 1;
        self.amount += amount;
        self.weighted += weighted;
    }
}

/// The forecast's columns for one period (or for the whole horizon, in a totals row).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ForecastRow {
    /// Amount of deals won in the period (by close date).
    pub won: Money,
    /// Number of deals won in the period.
    pub won_count: u32,
    /// Number of open deals expected in the period, overdue ones excluded.
    pub open_count: u32,
    /// Σ amount of those open deals (every category, omitted included).
    pub open_amount: Money,
    /// Σ amount × p / 100 of those open deals, exact.
    pub weighted_open: Weighted,
    /// Those open deals' full amounts split by forecast category.
    pub by_category: CategoryAmounts,
    /// won + commit.
    pub commit_view: Money,
    /// won + commit + best case.
    pub best_case_view: Money,
    /// won + every open deal not omitted.
    pub pipeline_view: Money,
    /// Σ plans of the selected sellers for the months of the period (zero for direction rows:
    /// plans are per seller only).
    pub plan: Money,
    /// won / plan in percent; `None` means "no plan" (plan is zero).
    pub attainment: Option<f64>,
    /// open amount / (plan − won), as a ratio (2.0 = "2×"). `None` when there is no plan or the
    /// plan is already met (plan − won ≤ 0): no gap left to cover.
    pub coverage: Option<f64>,
    /// won + weighted open, exact.
    pub forecast: Weighted,
}

impl ForecastRow {
    fn add_raw(&mut self, o: &ForecastRow) {
        self.won += o.won;
        self.won_count += o.won_count;
        self.open_count += o.open_count;
        self.open_amount += o.open_amount;
        self.weighted_open += o.weighted_open;
        self.by_category.add_all(&o.by_category);
        self.plan += o.plan;
    }

    /// Fills the derived columns from the summed ones.
    fn finish(&mut self) {
        let c = &self.by_category;
        self.commit_view = self.won + c.commit;
        self.best_case_view = self.commit_view + c.best_case;
        self.pipeline_view = self.best_case_view + c.pipeline;
        self.attainment = plan_attainment(self.won, self.plan);
        self.coverage = pipeline_coverage(self.open_amount, self.plan, self.won);
        self.forecast = self.won.weighted(100) + self.weighted_open;
    }
}

/// won / plan in percent; `None` ("no plan") when the plan is zero or negative.
pub fn plan_attainment(won: Money, plan: Money) -> Option<f64> {
    (plan.0 > 0).then(|| won.0 as f64 * 100.0 / plan.0 as f64)
}

/// open / (plan − won) as a ratio; `None` when there is no plan or nothing is left to cover.
pub fn pipeline_coverage(open: Money, plan: Money, won: Money) -> Option<f64> {
    let gap = plan - won;
    (plan.0 > 0 && gap.0 > 0).then(|| open.0 as f64 / gap.0 as f64)
}

/// The forecast of one group of deals (everyone, one seller or one direction).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ForecastTable {
    /// One row per period of [`ForecastReport::periods`].
    pub rows: Vec<ForecastRow>,
    /// The sums over all periods, with ratios recomputed from the sums.
    pub totals: ForecastRow,
    /// Open deals expected before today: never counted in a period.
    pub overdue: DealSum,
    /// Open deals with no expected close date.
    pub undated: DealSum,
    /// Open deals expected today or later but outside the horizon.
    pub outside: DealSum,
}

/// The revenue forecast: the periods, the whole team's table and the same table per seller and per
/// direction, all from one pass over the deals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ForecastReport {
    /// The horizon's periods, in order; every table has one row per period.
    pub periods: Vec<ForecastPeriod>,
    /// Every deal passing the filter.
    pub total: ForecastTable,
    /// Indexed by seller position in `ws.sellers`. Plans count only for selected sellers.
    pub by_seller: Vec<ForecastTable>,
    /// Indexed by direction position in `ws.directions`.
    pub by_direction: Vec<ForecastTable>,
    /// Deals with no direction.
    pub no_direction: ForecastTable,
}

/// Where an open deal goes, given today and the horizon.
enum OpenSlot {
    Period(usize),
    Overdue,
    Undated,
    Outside,
}

/// Where an open deal goes: undated, overdue (expected before today), a period, or outside.
fn open_slot(deal: &Deal, today: NaiveDate, h: &Horizon) -> OpenSlot {
    match deal.expected_close {
        None => OpenSlot::Undated,
        Some(e) if e < today => OpenSlot::Overdue,
        Some(e) => h.bucket(e).map_or(OpenSlot::Outside, OpenSlot::Period),
    }
}

/// The horizon as month ordinals, for bucketing dates and plan months.
struct Horizon {
    first: i32,
    months_per: i32,
    periods: usize,
}

impl Horizon {
    fn new(spec: &ForecastSpec) -> Self {
        let months_per = spec.granularity.months() as i32;
        let from = spec.from.ordinal();
        // Calendar quarters: move back to the quarter's first month (ordinal % 12 is month − 1).
        let first = from - from.rem_euclid(12).rem_euclid(months_per);
        Horizon {
            first,
            months_per,
            periods: spec.periods as usize,
        }
    }

    #[inline]
    fn bucket_of_month(&self, ordinal: i32) -> Option<usize> {
        let offset = ordinal - self.first;
        if offset < 0 {
            return None;
        }
        let b = (offset / self.months_per) as usize;
        (b < self.periods).then_some(b)
    }

    #[inline]
    fn bucket(&self, d: NaiveDate) -> Option<usize> {
        self.bucket_of_month(d.year() * 12 + d.month() as i32 - 1)
    }
}

/// The revenue forecast over `spec`'s horizon for the deals passing `filter`'s dimensions.
///
/// One pass over the deals: each deal adds to the team table, its seller's table and its
/// direction's table. Plans are summed for the filter's seller (or every seller) over the months
/// of each period. A deal whose stage or seller is missing from the workspace is skipped (or left
/// out of the per-seller tables).
pub fn forecast(
    ws: &Workspace,
    ix: &DealIndex,
    filter: &Filter,
    today: NaiveDate,
    spec: ForecastSpec,
) -> ForecastReport {
    let h = Horizon::new(&spec);
    let p = h.periods;
    let n_sellers = ws.sellers.len();
    let n_dirs = ws.directions.len();
    // Tables: 0 = total, 1..=sellers, then directions, then "no direction".
    let n_tables = 1 + n_sellers + n_dirs + 1;
    let no_dir_table = n_tables - 1;
    let mut cells = vec![ForecastRow::default(); n_tables * p];
    let mut overdue = vec![DealSum::default(); n_tables];
    let mut undated = vec![DealSum::default(); n_tables];
    let mut outside = vec![DealSum::default(); n_tables];
    let dense = ix.dense(filter);

    for (i, deal) in ws.deals.iter().enumerate() {
        if !dense.selects(ix, i) {
            continue;
        }
        let Some(stage) = ws.stages.get(ix.stage[i] as usize) else {
            continue;
        };
        let seller_table = (ix.seller[i] != NONE).then(|| 1 + ix.seller[i] as usize);
        let dir_table = if ix.direction[i] == NONE {
            no_dir_table
        } else {
            1 + n_sellers + ix.direction[i] as usize
        };
        let tables = [Some(0), seller_table, Some(dir_table)];
        match stage.kind {
            StageKind::Lost => {}
            StageKind::Won => {
                // The close date is the day it entered the won stage; fall back to the history.
                let closed = deal
                    .closed
                    .or_else(|| deal.history.last().map(|h| h.entered));
                let Some(b) = closed.and_then(|c| h.bucket(c)) else {
                    continue;
                };
                for t in tables.into_iter().flatten() {
                    let cell = &mut cells[t * p + b];
                    cell.won += deal.amount;
                    cell.won_count += 1;
                }
            }
            StageKind::Open => {
                let weighted = deal
                    .amount
                    .weighted(effective_probability(stage, deal.probability));
                let slot = open_slot(deal, today, &h);
                let category = deal.forecast_category.unwrap_or(stage.forecast_category);
                for t in tables.into_iter().flatten() {
                    match slot {
                        OpenSlot::Period(b) => {
                            let cell = &mut cells[t * p + b];
                            cell.open_count += 1;
                            cell.open_amount += deal.amount;
                            cell.weighted_open += weighted;
                            cell.by_category.add(category, deal.amount);
                        }
                        OpenSlot::Overdue => overdue[t].add(deal.amount, weighted),
                        OpenSlot::Undated => undated[t].add(deal.amount, weighted),
                        OpenSlot::Outside => outside[t].add(deal.amount, weighted),
                    }
                }
            }
        }
    }

    // Plans: few (sellers × months), so a lookup per plan is fine.
    for plan in &ws.plans {
        if filter.seller.is_some_and(|s| s != plan.seller) {
            continue;
        }
        let Some(b) = h.bucket_of_month(plan.month.ordinal()) else {
            continue;
        };
        cells[b].plan += plan.amount;
        if let Some(&s) = ix.seller_pos.get(&plan.seller) {
            cells[(1 + s as usize) * p + b].plan += plan.amount;
        }
    }

    let periods = (0..p)
        .map(|b| ForecastPeriod {
            first: YearMonth::from_ordinal(h.first + b as i32 * h.months_per),
            months: h.months_per as u32,
        })
        .collect();
    let mut tables = (0..n_tables).map(|t| {
        let mut rows = cells[t * p..(t + 1) * p].to_vec();
        let mut totals = ForecastRow::default();
        for row in &mut rows {
            totals.add_raw(row);
            row.finish();
        }
        totals.finish();
        ForecastTable {
            rows,
            totals,
            overdue: overdue[t],
            undated: undated[t],
            outside: outside[t],
        }
    });
    let total = tables.next().unwrap_or_default();
    let by_seller: Vec<ForecastTable> = tables.by_ref().take(n_sellers).collect();
    let by_direction: Vec<ForecastTable> = tables.by_ref().take(n_dirs).collect();
    let no_direction = tables.next().unwrap_or_default();
    ForecastReport {
        periods,
        total,
        by_seller,
        by_direction,
        no_direction,
    }
}

// ---------------------------------------------------------------------------------------------
// Deals needing attention
// ---------------------------------------------------------------------------------------------

/// The attention rules' thresholds, editable by the head of sales.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttentionThresholds {
    /// "Closing soon" = expected within this many days from today (today included).
    pub closing_soon_days: u32,
    /// "Low probability" = p at or below this percent.
    pub low_probability: u8,
    /// A big deal is at or above this percentile (nearest rank) of open deal amounts.
    pub big_deal_percentile: u8,
    /// `None`: stalled means longer in the stage than the stage's rotting days (stages without
    /// rotting days never stall). `Some(n)`: one limit of `n` days for every open stage.
    pub stalled_days: Option<u32>,
}

impl Default for AttentionThresholds {
    /// The values of `metrics.md`: 14 days, p ≤ 30, 90th percentile, the stages' rotting days.
    fn default() -> Self {
        AttentionThresholds {
            closing_soon_days: 14,
            low_probability: 30,
            big_deal_percentile: 90,
            stalled_days: None,
        }
    }
}

/// Why a deal needs attention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// Open and expected to close before today, by `days`.
    Overdue { days: i64 },
    /// `days` in the current stage, more than the `limit`.
    Stalled { days: i64, limit: u32 },
    /// No next step, or only a done one.
    NoNextStep,
    /// The (not done) next step was due `days` ago.
    NextStepOverdue { days: i64 },
    /// Expected within the closing-soon window (`days_left` from today) at a low `probability`.
    ClosingSoonLowProbability { days_left: i64, probability: u8 },
    /// At a key client and at or above the big-deal `threshold` amount.
    BigDealAtKeyClient { threshold: Money },
}

impl Flag {
    /// A stable snake_case name, for CSS classes, translation keys and sorting by reason.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Overdue { .. } => "overdue",
            Flag::Stalled { .. } => "stalled",
            Flag::NoNextStep => "no_next_step",
            Flag::NextStepOverdue { .. } => "next_step_overdue",
            Flag::ClosingSoonLowProbability { .. } => "closing_soon_low_probability",
            Flag::BigDealAtKeyClient { .. } => "big_deal_at_key_client",
        }
    }
}

/// A flagged deal: its position in `ws.deals` and every reason, in the order of [`Flag`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlaggedDeal {
    /// Position in `ws.deals`.
    pub deal: usize,
    /// Never empty.
    pub reasons: Vec<Flag>,
}

/// The amount at `percentile` (nearest rank) of `amounts`: the smallest amount with at least
/// `percentile`% of the amounts at or below it. `None` for no amounts. Reorders `amounts`.
pub fn nearest_rank_percentile(amounts: &mut [Money], percentile: u8) -> Option<Money> {
    let n = amounts.len();
    if n == 0 {
        return None;
    }
    // rank = ⌈P/100 × N⌉ in integers, at least 1 so the 0th percentile is the smallest.
    let rank = (percentile.min(100) as usize * n).div_ceil(100).max(1);
    let (_, nth, _) = amounts.select_nth_unstable(rank - 1);
    Some(*nth)
}

/// The open deals passing `filter`'s dimensions that need attention, in workspace order.
///
/// The big-deal percentile is taken over the open deals passing the filter, so a seller's own
/// view compares a deal with that seller's open deals. A zero amount is never a big deal (it could
/// only reach the threshold when a tenth of the open deals are zero). Won and lost deals are never
/// flagged; "closing soon" covers today to today + `closing_soon_days`, so an overdue deal is
/// flagged as overdue only.
pub fn attention(
    ws: &Workspace,
    ix: &DealIndex,
    filter: &Filter,
    today: NaiveDate,
    thresholds: AttentionThresholds,
) -> Vec<FlaggedDeal> {
    let dense = ix.dense(filter);
    let mut open: Vec<u32> = Vec::new();
    let mut amounts: Vec<Money> = Vec::new();
    for (i, deal) in ws.deals.iter().enumerate() {
        if !dense.selects(ix, i) {
            continue;
        }
        let is_open = ws
            .stages
            .get(ix.stage[i] as usize)
            .is_some_and(|s| s.kind == StageKind::Open);
        if is_open {
            open.push(i as u32);
            amounts.push(deal.amount);
        }
    }
    let big_threshold = nearest_rank_percentile(&mut amounts, thresholds.big_deal_percentile);

    let mut out = Vec::new();
    for &i in &open {
        let i = i as usize;
        let deal = &ws.deals[i];
        let Some(stage) = ws.stages.get(ix.stage[i] as usize) else {
            continue;
        };
        let mut reasons = Vec::new();
        if let Some(e) = deal.expected_close
            && e < today
        {
            reasons.push(Flag::Overdue {
                days: (today - e).num_days(),
            });
        }
        if let Some(limit) = thresholds.stalled_days.or(stage.rotting_days) {
            // Days in the current stage count from its history entry; a deal with no history has
            // been in it since creation.
            let since = deal.history.last().map_or(deal.created, |h| h.entered);
            let days = (today - since).num_days();
            if days > limit as i64 {
                reasons.push(Flag::Stalled { days, limit });
            }
        }
        match &deal.next_step {
            Some(step) if !step.done => {
                if let Some(due) = step.due
                    && due < today
                {
                    reasons.push(Flag::NextStepOverdue {
                        days: (today - due).num_days(),
                    });
                }
            }
            _ => reasons.push(Flag::NoNextStep),
        }
        let p = effective_probability(stage, deal.probability);
        if let Some(e) = deal.expected_close {
            let days_left = (e - today).num_days();
            if (0..=thresholds.closing_soon_days as i64).contains(&days_left)
                && p <= thresholds.low_probability
            {
                reasons.push(Flag::ClosingSoonLowProbability {
                    days_left,
                    probability: p,
                });
            }
        }
        if let Some(threshold) = big_threshold {
            let key = ws.clients.get(ix.client[i] as usize).is_some_and(|c| c.key);
            if key && deal.amount.0 > 0 && deal.amount >= threshold {
                reasons.push(Flag::BigDealAtKeyClient { threshold });
            }
        }
        if !reasons.is_empty() {
            out.push(FlaggedDeal { deal: i, reasons });
        }
    }
    out
}

/// Flagged deals per seller: `(seller position, count)` for every seller of `ws.sellers`, most
/// flagged first (ties in seller order), so the head sees whose deals are slipping.
pub fn attention_by_seller(
    ws: &Workspace,
    ix: &DealIndex,
    flagged: &[FlaggedDeal],
) -> Vec<(usize, usize)> {
    let mut counts = vec![0usize; ws.sellers.len()];
    for f in flagged {
        if let Some(c) = ix
            .seller
            .get(f.deal)
            .and_then(|&s| counts.get_mut(s as usize))
        {
            *c += 1;
        }
    }
    let mut out: Vec<(usize, usize)> = counts.into_iter().enumerate().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

// ---------------------------------------------------------------------------------------------
// Next steps
// ---------------------------------------------------------------------------------------------

/// The task list: positions of the open deals (passing `filter`, and of `seller` when given) with
/// a next step not done: overdue ones (due before `today`) first, then by due date, those with no
/// due date last; ties in workspace order.
pub fn tasks(
    ws: &Workspace,
    ix: &DealIndex,
    filter: &Filter,
    today: NaiveDate,
    seller: Option<SellerId>,
) -> Vec<usize> {
    let dense = ix.dense(filter);
    let seller_pos = seller.map(|s| ix.seller_pos.get(&s).copied().unwrap_or(NONE - 1));
    // Sort key: (not overdue, due date, position); overdue ones have the earliest dates anyway,
    // the flag only states the rule.
    let mut list: Vec<(bool, NaiveDate, usize)> = Vec::new();
    let mut no_due: Vec<usize> = Vec::new();
    for (i, deal) in ws.deals.iter().enumerate() {
        if !dense.selects(ix, i) || seller_pos.is_some_and(|s| ix.seller[i] != s) {
            continue;
        }
        let is_open = ws
            .stages
            .get(ix.stage[i] as usize)
            .is_some_and(|s| s.kind == StageKind::Open);
        match &deal.next_step {
            Some(step) if is_open && !step.done => match step.due {
                Some(due) => list.push((due >= today, due, i)),
                None => no_due.push(i),
            },
            _ => {}
        }
    }
    list.sort_unstable();
    list.into_iter().map(|(_, _, i)| i).chain(no_due).collect()
}

/// Whether a task is overdue (due before today), for marking it in the list.
pub fn next_step_overdue(step: &NextStep, today: NaiveDate) -> bool {
    !step.done && step.due.is_some_and(|d| d < today)
}

// ---------------------------------------------------------------------------------------------
// Depth of work with key clients
// ---------------------------------------------------------------------------------------------

/// How deeply the team works one key client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyClientDepth {
    /// Position in `ws.clients`.
    pub client: usize,
    /// Contacts at the client.
    pub contacts: u32,
    /// Distinct target roles held by at least one of its contacts.
    pub target_roles_covered: u32,
    /// Target roles of the workspace.
    pub target_roles: u32,
    /// Its open deals passing the filter.
    pub open_deals: u32,
    /// Σ amount of those open deals.
    pub open_amount: Money,
    /// Distinct directions with a won (in the filter's period, if any) or open deal.
    pub directions_covered: u32,
    /// The latest day any of its deals entered a stage.
    pub last_stage_change: Option<NaiveDate>,
    /// Its deals in the attention list passed in.
    pub flagged_deals: u32,
}

impl KeyClientDepth {
    /// target roles covered / target roles; `None` when the workspace has no target roles.
    pub fn role_coverage(&self) -> Option<f64> {
        (self.target_roles > 0).then(|| self.target_roles_covered as f64 / self.target_roles as f64)
    }
}

/// One row per key client, in workspace order. Deals count when they pass `filter`'s dimensions;
/// contacts are not filtered. `flagged` is the attention list to count from.
pub fn key_client_depth(
    ws: &Workspace,
    ix: &DealIndex,
    filter: &Filter,
    flagged: &[FlaggedDeal],
) -> Vec<KeyClientDepth> {
    // Row of each key client, by client position.
    let mut row_of = vec![NONE; ws.clients.len()];
    let mut rows: Vec<KeyClientDepth> = Vec::new();
    let target_roles: Vec<RoleId> = ws.roles.iter().filter(|r| r.target).map(|r| r.id).collect();
    for (ci, c) in ws.clients.iter().enumerate() {
        if c.key && !c.no_client {
            row_of[ci] = rows.len() as u32;
            rows.push(KeyClientDepth {
                client: ci,
                contacts: 0,
                target_roles_covered: 0,
                target_roles: target_roles.len() as u32,
                open_deals: 0,
                open_amount: Money::ZERO,
                directions_covered: 0,
                last_stage_change: None,
                flagged_deals: 0,
            });
        }
    }
    let row_at = |client_pos: u32| -> Option<usize> {
        row_of
            .get(client_pos as usize)
            .filter(|&&r| r != NONE)
            .map(|&r| r as usize)
    };

    // Contacts and roles: seen[row × target roles + role] marks a covered role once.
    let n_roles = target_roles.len();
    let mut role_seen = vec![false; rows.len() * n_roles];
    for contact in &ws.contacts {
        let Some(r) = ix.client_pos.get(&contact.client).and_then(|&c| row_at(c)) else {
            continue;
        };
        rows[r].contacts += 1;
        if let Some(k) = contact
            .role
            .and_then(|role| target_roles.iter().position(|&t| t == role))
            && !role_seen[r * n_roles + k]
        {
            role_seen[r * n_roles + k] = true;
            rows[r].target_roles_covered += 1;
        }
    }

    // Deals: one pass.
    let dense = ix.dense(filter);
    let n_dirs = ws.directions.len();
    let mut dir_seen = vec![false; rows.len() * n_dirs];
    for (i, deal) in ws.deals.iter().enumerate() {
        let Some(r) = row_at(ix.client[i]) else {
            continue;
        };
        if !dense.selects(ix, i) {
            continue;
        }
        let Some(stage) = ws.stages.get(ix.stage[i] as usize) else {
            continue;
        };
        let row = &mut rows[r];
        if let Some(h) = deal.history.last() {
            row.last_stage_change = row.last_stage_change.max(Some(h.entered));
        }
        let works_direction = match stage.kind {
            StageKind::Open => {
                row.open_deals += 1;
                row.open_amount += deal.amount;
                true
            }
            StageKind::Won => match (filter.period, deal.closed) {
                (Some(period), Some(closed)) => period.contains(closed),
                (Some(_), None) => false,
                (None, _) => true,
            },
            StageKind::Lost => false,
        };
        let d = ix.direction[i];
        if works_direction && d != NONE && !dir_seen[r * n_dirs + d as usize] {
            dir_seen[r * n_dirs + d as usize] = true;
            row.directions_covered += 1;
        }
    }

    for f in flagged {
        if let Some(r) = ix.client.get(f.deal).and_then(|&c| row_at(c)) {
            rows[r].flagged_deals += 1;
        }
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// Edits made from the forecast and attention lists
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// The deals behind the forecast
// ---------------------------------------------------------------------------------------------

/// Which of the forecast's open deals to list (see [`forecast_deals`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ForecastSlot {
    /// Open deals expected in one period of the horizon (index into [`ForecastReport::periods`]).
    Period(usize),
    /// Open deals expected in any period of the horizon.
    Horizon,
    /// Open deals expected before today ([`ForecastTable::overdue`]).
    Overdue,
    /// Open deals with no expected close date ([`ForecastTable::undated`]).
    Undated,
    /// Open deals expected today or later but after the horizon ([`ForecastTable::outside`]).
    Outside,
}

/// Positions (in `ws.deals`, workspace order) of the open deals passing `filter`'s dimensions that
/// [`forecast`] puts in `slot`: the deals behind a forecast row or callout, so the list and the
/// figures always agree. One pass over the deals.
pub fn forecast_deals(
    ws: &Workspace,
    ix: &DealIndex,
    filter: &Filter,
    today: NaiveDate,
    spec: ForecastSpec,
    slot: ForecastSlot,
) -> Vec<usize> {
    let h = Horizon::new(&spec);
    let dense = ix.dense(filter);
    let mut out = Vec::new();
    for (i, deal) in ws.deals.iter().enumerate() {
        if !dense.selects(ix, i) {
            continue;
        }
        let open = ws
            .stages
            .get(ix.stage[i] as usize)
            .is_some_and(|s| s.kind == StageKind::Open);
        if !open {
            continue;
        }
        let hit = match (slot, open_slot(deal, today, &h)) {
            (ForecastSlot::Period(p), OpenSlot::Period(b)) => p == b,
            (ForecastSlot::Horizon, OpenSlot::Period(_)) => true,
            (ForecastSlot::Overdue, OpenSlot::Overdue) => true,
            (ForecastSlot::Undated, OpenSlot::Undated) => true,
            (ForecastSlot::Outside, OpenSlot::Outside) => true,
            _ => false,
        };
        if hit {
            out.push(i);
        }
    }
    out
}
