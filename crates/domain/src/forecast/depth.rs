//! Depth of work with key clients: contacts, directions covered and open deals per key client.

use chrono::NaiveDate;

use super::attention::FlaggedDeal;
use crate::filter::Filter;
use crate::index::{DealIndex, NONE};
use crate::model::*;
use crate::money::Money;

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
