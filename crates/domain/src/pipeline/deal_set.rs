//! The deal set every pipeline report runs over, and the sums each node of a report carries.

use chrono::NaiveDate;

use crate::filter::Filter;
use crate::index::{DealIndex, NONE};
use crate::model::*;
use crate::money::{Money, Weighted};

/// Count and sums over a set of open deals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Aggregate {
    /// Number of deals.
    pub count: u32,
    /// Sum of amounts.
    pub amount: Money,
    /// Sum of weighted amounts (exact; round with [`Weighted::round`] for display).
    pub weighted: Weighted,
    /// How many of the deals are overdue (open, expected close before today).
    pub overdue: u32,
}

impl Aggregate {
    /// Adds another aggregate into this one.
    pub fn add(&mut self, other: &Aggregate) {
        self.count += other.count;
        self.amount += other.amount;
        self.weighted += other.weighted;
        self.overdue += other.overdue;
    }
}

/// Calls `f(deal position, stage position, that deal's aggregate)` for every deal in the pipeline
/// (open, passing the dimension filters, with known stage, seller and client), in list order.
/// This is the one definition of the deal set every pipeline report uses.
pub(super) fn for_each_open(
    ws: &Workspace,
    ix: &DealIndex,
    filter: &Filter,
    today: NaiveDate,
    mut f: impl FnMut(usize, usize, Aggregate),
) {
    let df = ix.dense(filter);
    // A stale index (built for another workspace) must not panic; it just covers fewer deals.
    let n = ws
        .deals
        .len()
        .min(ix.stage.len())
        .min(ix.seller.len())
        .min(ix.client.len())
        .min(ix.direction.len())
        .min(ix.deal_type.len());
    for i in 0..n {
        if !df.selects(ix, i) {
            continue;
        }
        let (st, se, cl) = (ix.stage[i], ix.seller[i], ix.client[i]);
        if st == NONE
            || se == NONE
            || cl == NONE
            || se as usize >= ws.sellers.len()
            || cl as usize >= ws.clients.len()
        {
            continue;
        }
        let Some(stage) = ws.stages.get(st as usize) else {
            continue;
        };
        if stage.kind != StageKind::Open {
            continue;
        }
        let deal = &ws.deals[i];
        let p = effective_probability(stage, deal.probability);
        let overdue = is_overdue(deal, today);
        f(
            i,
            st as usize,
            Aggregate {
                count: 1,
                amount: deal.amount,
                weighted: deal.amount.weighted(p),
                overdue: overdue as u32,
            },
        );
    }
}

/// Overdue per the metrics: expected close strictly before today (the caller checks it is open).
fn is_overdue(deal: &Deal, today: NaiveDate) -> bool {
    deal.expected_close.is_some_and(|e| e < today)
}
