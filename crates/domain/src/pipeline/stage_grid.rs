//! The by-stages report: seller × open stage grid with a team average and each cell's deals.

use chrono::NaiveDate;

use super::deal_set::{Aggregate, for_each_open};
use crate::filter::Filter;
use crate::index::{DealIndex, NONE};
use crate::model::*;
use crate::money::{Money, Weighted};

/// A column of the by-stages grid: one open stage, or the seller's total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GridCol {
    /// Index into [`StageGrid::stages`].
    Stage(usize),
    /// The row total over all open stages.
    Total,
}

/// "By stages": sellers × open stages, count and amount per cell, with row totals, a totals row,
/// the team average per stage and each seller's deviation from it.
///
/// Rows are every seller in list order (only the filtered one under a seller filter), including
/// sellers without open deals, who are shown but are not *active*. The team average of a column
/// is its total over the active sellers (those with at least one open deal in the filtered set)
/// divided by their number, per the metrics. Deviation = (seller − average) / average × 100,
/// computed from integers as (seller × active − total) / total × 100; it is `None` when the
/// average is 0 and for inactive sellers (they are outside the comparison). Under a seller filter
/// the "team" is that seller alone, so the deviation is 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StageGrid {
    /// Column → stage position in `ws.stages`: every open stage, in pipeline order.
    pub stages: Vec<usize>,
    /// Row → seller position in `ws.sellers`.
    pub sellers: Vec<usize>,
    /// Row-major `sellers.len() × stages.len()`.
    pub cells: Vec<Aggregate>,
    /// Per row, over all open stages.
    pub row_totals: Vec<Aggregate>,
    /// Per column: the totals row.
    pub column_totals: Vec<Aggregate>,
    /// Everything: the filtered pipeline total.
    pub total: Aggregate,
    /// Sellers with at least one open deal: the divisor of the team average.
    pub active_sellers: u32,
    /// Deal positions grouped by cell (row-major), list order inside a cell.
    cell_deals: Vec<u32>,
    /// `cell_deals[cell_start[c]..cell_start[c + 1]]` are cell c's deals.
    cell_start: Vec<u32>,
}

impl StageGrid {
    /// Builds the grid in one pass over the deals plus a counting sort for the cell deal lists.
    pub fn build(ws: &Workspace, ix: &DealIndex, filter: &Filter, today: NaiveDate) -> StageGrid {
        let stages: Vec<usize> = (0..ws.stages.len())
            .filter(|&p| ws.stages[p].kind == StageKind::Open)
            .collect();
        let sellers: Vec<usize> = match filter.seller {
            None => (0..ws.sellers.len()).collect(),
            Some(id) => ix
                .seller_pos
                .get(&id)
                .map(|&p| vec![p as usize])
                .unwrap_or_default(),
        };
        let mut col_of = vec![NONE; ws.stages.len()];
        for (c, &p) in stages.iter().enumerate() {
            col_of[p] = c as u32;
        }
        let mut row_of = vec![NONE; ws.sellers.len()];
        for (r, &p) in sellers.iter().enumerate() {
            row_of[p] = r as u32;
        }
        let cols = stages.len();
        let mut cells = vec![Aggregate::default(); sellers.len() * cols];
        // (cell, deal) in list order; cells are then grouped by a counting sort.
        let mut placed: Vec<(u32, u32)> = Vec::new();
        for_each_open(ws, ix, filter, today, |i, stage_pos, agg| {
            let (r, c) = (row_of[ix.seller[i] as usize], col_of[stage_pos]);
            if r == NONE || c == NONE {
                // Cannot happen (the seller filter and open stages match the rows and columns),
                // but a deal is never filed in the wrong cell.
                return;
            }
            let cell = r as usize * cols + c as usize;
            cells[cell].add(&agg);
            placed.push((cell as u32, i as u32));
        });
        let mut cell_start = vec![0u32; cells.len() + 1];
        for &(cell, _) in &placed {
            cell_start[cell as usize + 1] += 1;
        }
        for c in 0..cells.len() {
            cell_start[c + 1] += cell_start[c];
        }
        let mut fill = cell_start.clone();
        let mut cell_deals = vec![0u32; placed.len()];
        for &(cell, deal) in &placed {
            cell_deals[fill[cell as usize] as usize] = deal;
            fill[cell as usize] += 1;
        }

        let mut row_totals = vec![Aggregate::default(); sellers.len()];
        let mut column_totals = vec![Aggregate::default(); cols];
        let mut total = Aggregate::default();
        for r in 0..sellers.len() {
            for c in 0..cols {
                let a = cells[r * cols + c];
                row_totals[r].add(&a);
                column_totals[c].add(&a);
                total.add(&a);
            }
        }
        let active_sellers = row_totals.iter().filter(|a| a.count > 0).count() as u32;
        StageGrid {
            stages,
            sellers,
            cells,
            row_totals,
            column_totals,
            total,
            active_sellers,
            cell_deals,
            cell_start,
        }
    }

    /// The cell, row total (`GridCol::Total`) of row `row`.
    pub fn cell(&self, row: usize, col: GridCol) -> &Aggregate {
        match col {
            GridCol::Stage(c) => &self.cells[row * self.stages.len() + c],
            GridCol::Total => &self.row_totals[row],
        }
    }

    /// The totals row's entry for a column.
    pub fn column_total(&self, col: GridCol) -> &Aggregate {
        match col {
            GridCol::Stage(c) => &self.column_totals[c],
            GridCol::Total => &self.total,
        }
    }

    /// Whether the seller of `row` has at least one open deal (counts in the team average).
    pub fn is_active(&self, row: usize) -> bool {
        self.row_totals[row].count > 0
    }

    /// Team average deal count in a column; `None` with no active seller.
    pub fn average_count(&self, col: GridCol) -> Option<f64> {
        (self.active_sellers > 0)
            .then(|| self.column_total(col).count as f64 / self.active_sellers as f64)
    }

    /// Team average amount in a column, rounded half away from zero to minor units; `None` with
    /// no active seller.
    pub fn average_amount(&self, col: GridCol) -> Option<Money> {
        let n = self.active_sellers as i128;
        (n > 0).then(|| {
            // Weighted holds hundredths of a minor unit: total × 100 / n, then round.
            Weighted(self.column_total(col).amount.0 as i128 * 100 / n).round()
        })
    }

    /// The seller's deviation from the team average amount in percent; `None` when the average
    /// is 0 or the seller is inactive.
    pub fn deviation_amount(&self, row: usize, col: GridCol) -> Option<f64> {
        let own = self.cell(row, col).amount.0 as i128;
        let total = self.column_total(col).amount.0 as i128;
        self.deviation(row, own, total)
    }

    /// The seller's deviation from the team average deal count in percent; `None` when the
    /// average is 0 or the seller is inactive.
    pub fn deviation_count(&self, row: usize, col: GridCol) -> Option<f64> {
        let own = self.cell(row, col).count as i128;
        let total = self.column_total(col).count as i128;
        self.deviation(row, own, total)
    }

    fn deviation(&self, row: usize, own: i128, total: i128) -> Option<f64> {
        if total == 0 || !self.is_active(row) {
            return None;
        }
        let n = self.active_sellers as i128;
        Some((own * n - total) as f64 / total as f64 * 100.0)
    }

    /// The deal positions in a cell (or the whole row for `GridCol::Total`), in list order.
    pub fn deals(&self, row: usize, col: GridCol) -> &[u32] {
        let cols = self.stages.len();
        let (a, b) = match col {
            GridCol::Stage(c) => (row * cols + c, row * cols + c + 1),
            GridCol::Total => (row * cols, (row + 1) * cols),
        };
        &self.cell_deals[self.cell_start[a] as usize..self.cell_start[b] as usize]
    }
}
