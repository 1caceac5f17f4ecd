//! What a new deal starts with: the first open stage, the filter's or the client's usual seller.

use chrono::NaiveDate;

use crate::index::{DealIndex, NONE};
use crate::model::*;

/// What a new deal's form starts with, before the user changes anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewDealDefaults {
    /// The first open stage in pipeline order; `None` when the pipeline has none (then no deal
    /// can be created).
    pub stage: Option<StageId>,
    /// The preferred seller (the filter bar's) while it exists, else the client's usual seller
    /// ([`usual_seller`]), else none.
    pub seller: Option<SellerId>,
    /// The creation date: today.
    pub created: NaiveDate,
}

/// The defaults of a new deal for `client` (if the form knows it already), preferring
/// `preferred_seller` (the filter bar's seller, so the new deal shows in the report being looked
/// at).
pub fn new_deal_defaults(
    ws: &Workspace,
    ix: &DealIndex,
    today: NaiveDate,
    preferred_seller: Option<SellerId>,
    client: Option<ClientId>,
) -> NewDealDefaults {
    NewDealDefaults {
        stage: first_open_stage(ws).map(|s| s.id),
        seller: preferred_seller
            .filter(|s| ws.seller(*s).is_some())
            .or_else(|| client.and_then(|c| usual_seller(ws, ix, c))),
        created: today,
    }
}

/// The first open stage in pipeline order: where a new deal starts.
pub fn first_open_stage(ws: &Workspace) -> Option<&Stage> {
    ws.stages.iter().find(|s| s.kind == StageKind::Open)
}

/// The seller who has the most of the client's deals (ties: the earlier in the sellers list);
/// `None` when the client has no deal with a known seller. One pass over the index's columns.
pub fn usual_seller(ws: &Workspace, ix: &DealIndex, client: ClientId) -> Option<SellerId> {
    let client_pos = *ix.client_pos.get(&client)?;
    let mut counts = vec![0u32; ws.sellers.len()];
    for (&c, &s) in ix.client.iter().zip(&ix.seller) {
        if c == client_pos
            && s != NONE
            && let Some(n) = counts.get_mut(s as usize)
        {
            *n += 1;
        }
    }
    let best = (0..counts.len())
        .filter(|&s| counts[s] > 0)
        .max_by_key(|&s| (counts[s], std::cmp::Reverse(s)))?;
    Some(ws.sellers[best].id)
}
