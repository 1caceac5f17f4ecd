//! The relationship matrix: clients × target roles, from the contacts.

use std::collections::HashMap;

use super::shared::{lower_names, ratio, stage_kinds};
use crate::index::{DealIndex, NONE};
use crate::model::*;
use crate::money::Money;

/// Which clients the relationship matrix shows as rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RowSelection {
    /// Key clients only (the default view).
    #[default]
    KeyOnly,
    /// Every client.
    All,
    /// Clients whose segment equals this one, ignoring case and surrounding spaces.
    Segment(String),
}

/// How the relationship matrix orders its rows. Ties fall back to the client's name, then its
/// position in `ws.clients`, so the order is always the same for the same data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RelSort {
    /// Fewest roles covered first (the gaps are what the head of sales looks for), then fewest
    /// strong roles, then the largest amount in work.
    #[default]
    Coverage,
    /// Largest amount in work (open deals) first.
    AmountInWork,
    /// By client name, A to Z, ignoring case.
    Name,
}

/// One cell of the relationship matrix: a client's contacts holding one target role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RoleCell {
    /// The best relationship level (0–5) among those contacts; `None` is a gap (no contact).
    pub best_level: Option<u8>,
    /// How many of the client's contacts hold the role.
    pub contacts: u32,
}

/// One client's row of the relationship matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationshipRow {
    /// Position of the client in `ws.clients`.
    pub client: usize,
    /// One cell per column of [`RelationshipMatrix::columns`], in the same order.
    pub cells: Vec<RoleCell>,
    /// Target roles with at least one contact.
    pub covered: u32,
    /// Target roles whose best level is 3 (loyal) or more.
    pub strong: u32,
    /// `covered / target roles`; `None` when there are no target roles.
    pub coverage: Option<f64>,
    /// `strong / target roles`; `None` when there are no target roles.
    pub strong_coverage: Option<f64>,
    /// Sum of the amounts of the client's open deals (all of them: the matrix has no filter).
    pub amount_in_work: Money,
    /// Number of the client's open deals.
    pub open_deals: u32,
}

/// One column (target role) of the relationship matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoleColumn {
    /// Position of the role in `ws.roles`.
    pub role: usize,
    /// Rows (clients shown) with at least one contact in the role.
    pub covered_clients: u32,
    /// Rows whose best level in the role is 3 or more.
    pub strong_clients: u32,
}

/// The relationship matrix: clients × target decision-maker roles.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationshipMatrix {
    /// The target roles (`Role::target`), in `ws.roles` order.
    pub columns: Vec<RoleColumn>,
    /// The selected clients, in the requested order.
    pub rows: Vec<RelationshipRow>,
}

/// The level at and above which a relationship counts as strong (3 = loyal).
pub const STRONG_LEVEL: u8 = 3;

/// Builds the relationship matrix (metrics.md, "Relationship matrix") from one pass over the
/// contacts and one over the deals (for the amount in work).
///
/// Contacts with no role, a non-target role, a deleted role or a deleted client are in no cell.
/// A level above 5 (invalid data) is read as 5, so the cell stays on the scale.
pub fn relationship_matrix(
    ws: &Workspace,
    ix: &DealIndex,
    rows: &RowSelection,
    sort: RelSort,
) -> RelationshipMatrix {
    // Column of each target role, by role id; roles are few, the map is built once per call.
    let target: Vec<usize> = (0..ws.roles.len())
        .filter(|&r| ws.roles[r].target)
        .collect();
    let col_of_role: HashMap<RoleId, usize> = target
        .iter()
        .enumerate()
        .map(|(col, &r)| (ws.roles[r].id, col))
        .collect();
    let ncols = target.len();

    // Row of each client position, NONE when the client is not shown.
    let segment = match rows {
        RowSelection::Segment(s) => Some(s.trim().to_lowercase()),
        _ => None,
    };
    let mut row_of = vec![NONE; ws.clients.len()];
    let mut row_clients = Vec::new();
    for (pos, client) in ws.clients.iter().enumerate() {
        // The "no client" entry is never a client (metrics.md, "Deals without a client").
        let shown = !client.no_client
            && match rows {
                RowSelection::KeyOnly => client.key,
                RowSelection::All => true,
                RowSelection::Segment(_) => {
                    segment.as_deref() == Some(client.segment.trim().to_lowercase().as_str())
                }
            };
        if shown {
            row_of[pos] = row_clients.len() as u32;
            row_clients.push(pos);
        }
    }
    let nrows = row_clients.len();

    // One pass over the contacts into a flat rows × columns grid.
    let mut grid = vec![RoleCell::default(); nrows * ncols];
    for contact in &ws.contacts {
        let Some(role) = contact.role else { continue };
        let Some(&col) = col_of_role.get(&role) else {
            continue;
        };
        let Some(&client_pos) = ix.client_pos.get(&contact.client) else {
            continue;
        };
        let row = row_of[client_pos as usize];
        if row == NONE {
            continue;
        }
        let cell = &mut grid[row as usize * ncols + col];
        let level = contact.level.min(MAX_RELATIONSHIP_LEVEL);
        cell.contacts += 1;
        cell.best_level = Some(cell.best_level.map_or(level, |b| b.max(level)));
    }

    // One pass over the deals for the amount in work.
    let open_stage = stage_kinds(ws);
    let mut in_work = vec![(Money::ZERO, 0u32); nrows];
    for (i, deal) in ws.deals.iter().enumerate() {
        let (c, s) = (ix.client[i], ix.stage[i]);
        if c == NONE || s == NONE || open_stage[s as usize] != StageKind::Open {
            continue;
        }
        let row = row_of[c as usize];
        if row != NONE {
            let acc = &mut in_work[row as usize];
            acc.0 += deal.amount;
            acc.1 += 1;
        }
    }

    let mut columns: Vec<RoleColumn> = target
        .iter()
        .map(|&role| RoleColumn {
            role,
            covered_clients: 0,
            strong_clients: 0,
        })
        .collect();
    let mut out_rows = Vec::with_capacity(nrows);
    for (row, &client) in row_clients.iter().enumerate() {
        let cells = grid[row * ncols..(row + 1) * ncols].to_vec();
        let mut covered = 0;
        let mut strong = 0;
        for (col, cell) in cells.iter().enumerate() {
            if let Some(level) = cell.best_level {
                covered += 1;
                columns[col].covered_clients += 1;
                if level >= STRONG_LEVEL {
                    strong += 1;
                    columns[col].strong_clients += 1;
                }
            }
        }
        out_rows.push(RelationshipRow {
            client,
            cells,
            covered,
            strong,
            coverage: ratio(covered, ncols),
            strong_coverage: ratio(strong, ncols),
            amount_in_work: in_work[row].0,
            open_deals: in_work[row].1,
        });
    }

    let names = lower_names(ws);
    let by_name = |a: &RelationshipRow, b: &RelationshipRow| {
        names[a.client]
            .cmp(&names[b.client])
            .then(a.client.cmp(&b.client))
    };
    match sort {
        RelSort::Coverage => out_rows.sort_by(|a, b| {
            a.covered
                .cmp(&b.covered)
                .then(a.strong.cmp(&b.strong))
                .then(b.amount_in_work.cmp(&a.amount_in_work))
                .then_with(|| by_name(a, b))
        }),
        RelSort::AmountInWork => out_rows.sort_by(|a, b| {
            b.amount_in_work
                .cmp(&a.amount_in_work)
                .then_with(|| by_name(a, b))
        }),
        RelSort::Name => out_rows.sort_by(by_name),
    }

    RelationshipMatrix {
        columns,
        rows: out_rows,
    }
}

/// The contacts behind a relationship-matrix cell: positions in `ws.contacts` of the client's
/// contacts holding the role, best level first (then in list order). Empty for a gap.
pub fn cell_contacts(ws: &Workspace, client: ClientId, role: RoleId) -> Vec<usize> {
    let mut found: Vec<usize> = (0..ws.contacts.len())
        .filter(|&i| ws.contacts[i].client == client && ws.contacts[i].role == Some(role))
        .collect();
    // Stable sort: equal levels keep list order.
    found.sort_by_key(|&i| std::cmp::Reverse(ws.contacts[i].level.min(MAX_RELATIONSHIP_LEVEL)));
    found
}
