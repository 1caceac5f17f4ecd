//! What needs doing now: deals needing attention (each with its flags) and the next-steps task
//! list.

use chrono::NaiveDate;

use crate::filter::Filter;
use crate::index::{DealIndex, NONE};
use crate::model::*;
use crate::money::Money;

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
