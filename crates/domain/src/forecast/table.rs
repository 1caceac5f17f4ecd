//! The forecast table: won, weighted and category amounts by period against plan, with overdue
//! and undated deals apart, and the deals behind each cell.

use chrono::{Datelike, NaiveDate};

use crate::filter::Filter;
use crate::index::{DealIndex, NONE};
use crate::model::*;
use crate::money::{Money, Weighted};

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
    forecast_deals_of(ws, ix, filter, today, spec, slot, 0..ws.deals.len())
}

/// Open deals by expected close (undated first, then the soonest), then the biggest; ties in
/// list order. Depends on the workspace only, so a page keeps it while the filter changes.
pub fn open_deals_by_close(ws: &Workspace, ix: &DealIndex) -> Vec<usize> {
    let mut v: Vec<usize> = (0..ws.deals.len())
        .filter(|&i| {
            ws.stages
                .get(ix.stage[i] as usize)
                .is_some_and(|s| s.kind == StageKind::Open)
        })
        .collect();
    v.sort_by_key(|&i| {
        let d = &ws.deals[i];
        (d.expected_close, std::cmp::Reverse(d.amount))
    });
    v
}

/// [`forecast_deals`] in the order of `order` (positions, e.g. [`open_deals_by_close`]): the
/// filter applied to an order already sorted instead of sorting on every filter change.
pub fn forecast_deals_of(
    ws: &Workspace,
    ix: &DealIndex,
    filter: &Filter,
    today: NaiveDate,
    spec: ForecastSpec,
    slot: ForecastSlot,
    order: impl IntoIterator<Item = usize>,
) -> Vec<usize> {
    let h = Horizon::new(&spec);
    let dense = ix.dense(filter);
    let mut out = Vec::new();
    for i in order {
        let Some(deal) = ws.deals.get(i) else {
            continue;
        };
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
