//! The seller × direction activity grid.

use super::shared::{outcome, stage_kinds};
use crate::filter::Filter;
use crate::index::{DealIndex, NONE};
use crate::model::*;
use crate::money::Money;

/// Open and won deals of one seller in one direction (or a total).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActivityCell {
    /// Open deals (whatever their dates).
    pub open_deals: u32,
    /// Their amount.
    pub open: Money,
    /// Deals won in the period.
    pub won_deals: u32,
    /// Their amount.
    pub won: Money,
}

impl ActivityCell {
    fn merge(&mut self, other: &ActivityCell) {
        self.open_deals += other.open_deals;
        self.open += other.open;
        self.won_deals += other.won_deals;
        self.won += other.won;
    }
}

/// One seller's row of the activity grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityRow {
    /// Position of the seller in `ws.sellers`.
    pub seller: usize,
    /// One cell per direction of [`ActivityGrid::directions`], in the same order.
    pub cells: Vec<ActivityCell>,
    /// Deals with no direction or a deleted one.
    pub no_direction: ActivityCell,
    /// The row's sum: every cell plus `no_direction`.
    pub total: ActivityCell,
}

/// Seller × direction activity (metrics.md): open and won count and amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityGrid {
    /// Positions in `ws.directions` of the columns: every direction, or only the filter's one.
    pub directions: Vec<usize>,
    /// Every seller in `ws.sellers` order (idle ones too, so the head sees them), or only the
    /// filter's seller.
    pub rows: Vec<ActivityRow>,
    /// Per column, the sum over the rows.
    pub column_totals: Vec<ActivityCell>,
    /// The sum of the rows' `no_direction`.
    pub no_direction_total: ActivityCell,
    /// Everything: the sum of the rows' totals.
    pub total: ActivityCell,
    /// Deals passing the filter that point at a missing seller or stage, so are in no row.
    pub orphan_deals: u32,
}

/// Builds the seller × direction activity grid from one pass over the deals. Every filter
/// dimension selects deals; the period applies to won deals (closed in it); lost deals are not
/// shown.
pub fn seller_direction_activity(ws: &Workspace, ix: &DealIndex, filter: &Filter) -> ActivityGrid {
    let dense = ix.dense(filter);
    let directions: Vec<usize> = (0..ws.directions.len())
        .filter(|&d| dense.direction.is_none_or(|x| x as usize == d))
        .collect();
    let sellers: Vec<usize> = (0..ws.sellers.len())
        .filter(|&s| dense.seller.is_none_or(|x| x as usize == s))
        .collect();
    // One extra column at the end of each seller's stride for "no direction".
    let stride = ws.directions.len() + 1;
    let mut grid = vec![ActivityCell::default(); ws.sellers.len() * stride];
    let kinds = stage_kinds(ws);
    let mut orphan_deals = 0;
    for (i, deal) in ws.deals.iter().enumerate() {
        if !dense.selects(ix, i) {
            continue;
        }
        let s = ix.seller[i];
        if s == NONE || ix.stage[i] == NONE {
            orphan_deals += 1;
            continue;
        }
        let d = ix.direction[i];
        let col = if d == NONE { stride - 1 } else { d as usize };
        let cell = &mut grid[s as usize * stride + col];
        match outcome(&kinds, ix, filter.period, ws, i) {
            Some(StageKind::Open) => {
                cell.open_deals += 1;
                cell.open += deal.amount;
            }
            Some(StageKind::Won) => {
                cell.won_deals += 1;
                cell.won += deal.amount;
            }
            Some(StageKind::Lost) | None => {}
        }
    }

    let mut column_totals = vec![ActivityCell::default(); directions.len()];
    let mut no_direction_total = ActivityCell::default();
    let mut total = ActivityCell::default();
    let rows = sellers
        .iter()
        .map(|&seller| {
            let base = seller * stride;
            let cells: Vec<ActivityCell> = directions.iter().map(|&d| grid[base + d]).collect();
            let no_direction = grid[base + stride - 1];
            let mut row_total = no_direction;
            for (col, cell) in cells.iter().enumerate() {
                row_total.merge(cell);
                column_totals[col].merge(cell);
            }
            no_direction_total.merge(&no_direction);
            total.merge(&row_total);
            ActivityRow {
                seller,
                cells,
                no_direction,
                total: row_total,
            }
        })
        .collect();

    ActivityGrid {
        directions,
        rows,
        column_totals,
        no_direction_total,
        total,
        orphan_deals,
    }
}
