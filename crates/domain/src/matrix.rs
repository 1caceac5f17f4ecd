//! The matrices of metrics.md ("Matrices"): the relationship matrix (clients × target roles), the
//! directions matrix (clients × product directions) and the seller × direction activity grid.
//!
//! Each is built from one pass over `ws.contacts` or `ws.deals`, accumulating into Vec-indexed
//! arrays by the dense positions of [`DealIndex`], so 2,000 clients or 100,000 deals recompute on
//! every filter change. Rows and columns name what they show by position in the workspace's lists
//! (`ws.clients[row.client]`, `ws.directions[col.direction]`, …), never by a copied name, so a
//! renamed direction or role changes nothing but the label the UI reads.
//!
//! Deal semantics shared by the directions matrix and the activity grid:
//! - an *open* deal counts whatever its dates (the pipeline is a snapshot of now);
//! - a *won* or *lost* deal counts when it closed in the filter's period (every closed deal when
//!   there is no period);
//! - a deal whose direction is `None` or points at a deleted direction is in no direction column:
//!   it is counted apart, as "unassigned" / "no direction";
//! - a deal pointing at a missing client, seller or stage cannot be placed and is only counted in
//!   `orphan_deals`, so nothing disappears silently.

use std::collections::HashMap;

use super::filter::{Filter, Period};
use super::index::{DealIndex, DenseFilter, NONE};
use super::model::*;
use super::money::Money;

// ---------------------------------------------------------------------------------------------
// Relationship matrix
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Directions matrix
// ---------------------------------------------------------------------------------------------

/// How the directions matrix orders its rows. Ties fall back to the client's name, then its
/// position in `ws.clients`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DirSort {
    /// Key clients first, each group by name (the default view).
    #[default]
    KeyFirst,
    /// Biggest whitespace opportunity first: by [`DirectionRow::whitespace_score`] (client size ×
    /// empty cells), then more empty cells, then larger size, then key clients first.
    WhitespaceFirst,
    /// By client name, A to Z, ignoring case.
    Name,
    /// Fewest directions won first, then larger size (same order of thought as the relationship
    /// matrix: the least covered clients are on top).
    Coverage,
}

/// What a directions-matrix cell shows. When a client has several kinds of deals in a direction
/// the state follows the precedence won > in work > lost only; the cell keeps every amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CellState {
    /// At least one deal won in the period (coloured by [`DirectionCell::won`]).
    Won,
    /// No win, at least one open deal (coloured by [`DirectionCell::open`]).
    InWork,
    /// Only lost deals (closed in the period).
    LostOnly,
    /// Nothing: whitespace, an opportunity.
    Empty,
}

impl CellState {
    /// A stable name for CSS classes, CSV and chart data.
    pub fn as_str(self) -> &'static str {
        match self {
            CellState::Won => "won",
            CellState::InWork => "in_work",
            CellState::LostOnly => "lost_only",
            CellState::Empty => "empty",
        }
    }
}

/// The deals of one client in one direction (or unassigned), by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DirectionCell {
    /// Deals won in the period.
    pub won_deals: u32,
    /// Their amount.
    pub won: Money,
    /// Open deals (whatever their dates).
    pub open_deals: u32,
    /// Their amount.
    pub open: Money,
    /// Deals lost in the period.
    pub lost_deals: u32,
    /// Their amount.
    pub lost: Money,
}

impl DirectionCell {
    /// The cell's state by the precedence won > in work > lost only > empty. Decided by deal
    /// counts, not amounts, so a won deal of amount 0 still makes the cell won.
    pub fn state(&self) -> CellState {
        if self.won_deals > 0 {
            CellState::Won
        } else if self.open_deals > 0 {
            CellState::InWork
        } else if self.lost_deals > 0 {
            CellState::LostOnly
        } else {
            CellState::Empty
        }
    }

    fn add(&mut self, outcome: StageKind, amount: Money) {
        match outcome {
            StageKind::Won => {
                self.won_deals += 1;
                self.won += amount;
            }
            StageKind::Open => {
                self.open_deals += 1;
                self.open += amount;
            }
            StageKind::Lost => {
                self.lost_deals += 1;
                self.lost += amount;
            }
        }
    }

    fn merge(&mut self, other: &DirectionCell) {
        self.won_deals += other.won_deals;
        self.won += other.won;
        self.open_deals += other.open_deals;
        self.open += other.open;
        self.lost_deals += other.lost_deals;
        self.lost += other.lost;
    }
}

/// One client's row of the directions matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct DirectionRow {
    /// Position of the client in `ws.clients`.
    pub client: usize,
    /// One cell per column of [`DirectionsMatrix::columns`], in the same order.
    pub cells: Vec<DirectionCell>,
    /// The client's deals with no direction or a deleted one: in no column, counted here.
    /// Always empty when the filter names a direction (those deals are not in it).
    pub unassigned: DirectionCell,
    /// Columns in state won.
    pub directions_won: u32,
    /// `directions_won / columns`; `None` when there are no columns.
    pub coverage: Option<f64>,
    /// Columns in state empty (whitespace). Lost-only cells are not whitespace: they were tried.
    pub whitespace: u32,
    /// The client's size: won (in the period) + open amount over all its counted deals, whatever
    /// their direction (unassigned ones and, under a direction filter, other directions too), so
    /// a client's weight does not depend on which columns are shown.
    pub size: Money,
    /// `size` in minor units × `whitespace`: large clients lacking many directions score highest.
    /// A client with no won or open business scores 0, however many gaps it has.
    pub whitespace_score: i128,
}

/// One column (product direction) of the directions matrix.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DirectionColumn {
    /// Position of the direction in `ws.directions`.
    pub direction: usize,
    /// Rows whose cell is won.
    pub won_clients: u32,
    /// Rows whose cell is in work (open, no win).
    pub in_work_clients: u32,
    /// Rows whose cell is lost only.
    pub lost_only_clients: u32,
    /// Rows whose cell is empty (whitespace).
    pub empty_clients: u32,
    /// Direction coverage: `won_clients / rows`; `None` when there are no rows.
    pub coverage: Option<f64>,
    /// The column's sums over the rows.
    pub total: DirectionCell,
}

/// The directions matrix: clients × product directions.
#[derive(Clone, Debug, PartialEq)]
pub struct DirectionsMatrix {
    /// Every direction in `ws.directions` order, or only the filter's direction when it names one.
    pub columns: Vec<DirectionColumn>,
    /// The selected clients, in the requested order.
    pub rows: Vec<DirectionRow>,
    /// Sum of the rows' unassigned deals.
    pub unassigned: DirectionCell,
    /// Deals of the selected seller / type that point at a missing client or stage: in no row.
    pub orphan_deals: u32,
    /// Deals of the "no client" entry that count (open, or closed in the period): in no row,
    /// since that entry is not a client (metrics.md, "Deals without a client").
    pub no_client_deals: u32,
}

/// How a deal counts in the deal matrices: its outcome, or `None` when it is outside the period
/// (closed outside it) or its stage is unknown.
#[inline]
fn outcome(
    kinds: &[StageKind],
    ix: &DealIndex,
    period: Option<Period>,
    ws: &Workspace,
    i: usize,
) -> Option<StageKind> {
    let s = ix.stage[i];
    if s == NONE {
        return None;
    }
    let kind = kinds[s as usize];
    match kind {
        StageKind::Open => Some(kind),
        StageKind::Won | StageKind::Lost => match period {
            None => Some(kind),
            Some(p) => ws.deals[i].closed.filter(|&d| p.contains(d)).map(|_| kind),
        },
    }
}

/// Builds the directions matrix (metrics.md, "Directions matrix") from one pass over the deals.
///
/// Which filter dimension does what:
/// - seller and deal type select the deals, and the rows: with either set, the rows are the
///   clients having at least one deal of that seller / type (any state, any date: the seller's
///   book); with neither, every client is a row, including those with no deals at all;
/// - the direction picks the column (only that direction is shown) but not the rows, since the
///   clients without a deal in it are exactly its whitespace;
/// - the period applies to won and lost deals (closed in it); open deals always count.
pub fn directions_matrix(
    ws: &Workspace,
    ix: &DealIndex,
    filter: &Filter,
    sort: DirSort,
) -> DirectionsMatrix {
    let dense = ix.dense(filter);
    // Seller and type select deals; the direction only picks columns (see above).
    let book = DenseFilter {
        direction: None,
        ..dense
    };
    let rows_by_book = book.seller.is_some() || book.deal_type.is_some();

    let column_dirs: Vec<usize> = (0..ws.directions.len())
        .filter(|&d| dense.direction.is_none_or(|x| x as usize == d))
        .collect();
    let ncols = column_dirs.len();
    let mut col_of_dir = vec![NONE; ws.directions.len()];
    for (col, &d) in column_dirs.iter().enumerate() {
        col_of_dir[d] = col as u32;
    }

    let kinds = stage_kinds(ws);
    let nclients = ws.clients.len();
    let mut grid = vec![DirectionCell::default(); nclients * ncols];
    let mut unassigned = vec![DirectionCell::default(); nclients];
    let mut size = vec![Money::ZERO; nclients];
    let mut in_book = vec![!rows_by_book; nclients];
    let mut orphan_deals = 0;
    let mut no_client_deals = 0;

    for (i, deal) in ws.deals.iter().enumerate() {
        if !book.selects(ix, i) {
            continue;
        }
        let c = ix.client[i];
        if c == NONE || ix.stage[i] == NONE {
            orphan_deals += 1;
            continue;
        }
        let c = c as usize;
        let Some(kind) = outcome(&kinds, ix, filter.period, ws, i) else {
            in_book[c] = true;
            continue;
        };
        if ws.clients[c].no_client {
            no_client_deals += 1;
            continue;
        }
        in_book[c] = true;
        if kind != StageKind::Lost {
            size[c] += deal.amount;
        }
        let d = ix.direction[i];
        if d == NONE {
            if dense.direction.is_none() {
                unassigned[c].add(kind, deal.amount);
            }
        } else {
            let col = col_of_dir[d as usize];
            if col != NONE {
                grid[c * ncols + col as usize].add(kind, deal.amount);
            }
        }
    }

    let mut columns: Vec<DirectionColumn> = column_dirs
        .iter()
        .map(|&direction| DirectionColumn {
            direction,
            won_clients: 0,
            in_work_clients: 0,
            lost_only_clients: 0,
            empty_clients: 0,
            coverage: None,
            total: DirectionCell::default(),
        })
        .collect();
    let mut total_unassigned = DirectionCell::default();
    let mut rows = Vec::new();
    for c in 0..nclients {
        if !in_book[c] || ws.clients[c].no_client {
            continue;
        }
        let cells = grid[c * ncols..(c + 1) * ncols].to_vec();
        let mut directions_won = 0;
        let mut whitespace = 0;
        for (col, cell) in cells.iter().enumerate() {
            let column = &mut columns[col];
            column.total.merge(cell);
            match cell.state() {
                CellState::Won => {
                    directions_won += 1;
                    column.won_clients += 1;
                }
                CellState::InWork => column.in_work_clients += 1,
                CellState::LostOnly => column.lost_only_clients += 1,
                CellState::Empty => {
                    whitespace += 1;
                    column.empty_clients += 1;
                }
            }
        }
        total_unassigned.merge(&unassigned[c]);
        rows.push(DirectionRow {
            client: c,
            cells,
            unassigned: unassigned[c],
            directions_won,
            coverage: ratio(directions_won, ncols),
            whitespace,
            size: size[c],
            whitespace_score: size[c].0 as i128 * whitespace as i128,
        });
    }
    for column in &mut columns {
        column.coverage = ratio(column.won_clients, rows.len());
    }

    let names = lower_names(ws);
    let key = |r: &DirectionRow| !ws.clients[r.client].key; // false (key) sorts first
    let by_name = |a: &DirectionRow, b: &DirectionRow| {
        names[a.client]
            .cmp(&names[b.client])
            .then(a.client.cmp(&b.client))
    };
    match sort {
        DirSort::KeyFirst => rows.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| by_name(a, b))),
        DirSort::WhitespaceFirst => rows.sort_by(|a, b| {
            b.whitespace_score
                .cmp(&a.whitespace_score)
                .then(b.whitespace.cmp(&a.whitespace))
                .then(b.size.cmp(&a.size))
                .then(key(a).cmp(&key(b)))
                .then_with(|| by_name(a, b))
        }),
        DirSort::Name => rows.sort_by(by_name),
        DirSort::Coverage => rows.sort_by(|a, b| {
            a.directions_won
                .cmp(&b.directions_won)
                .then(b.size.cmp(&a.size))
                .then_with(|| by_name(a, b))
        }),
    }

    DirectionsMatrix {
        columns,
        rows,
        unassigned: total_unassigned,
        orphan_deals,
        no_client_deals,
    }
}

/// The deals behind a directions-matrix cell, as positions in `ws.deals`: the client's deals that
/// pass the filter and count (open, or won/lost in the period) in the direction at
/// `direction_pos` of `ws.directions`, or with `None` the unassigned ones (no direction or a
/// deleted one). Won first, then open, then lost; each by amount, largest first.
pub fn cell_deals(
    ws: &Workspace,
    ix: &DealIndex,
    filter: &Filter,
    client_pos: usize,
    direction_pos: Option<usize>,
) -> Vec<usize> {
    let dense = ix.dense(filter);
    let kinds = stage_kinds(ws);
    let want_dir = direction_pos.map_or(NONE, |d| d as u32);
    let mut found: Vec<(u8, usize)> = Vec::new();
    for i in 0..ws.deals.len() {
        if ix.client[i] as usize != client_pos
            || ix.direction[i] != want_dir
            || !dense.selects(ix, i)
        {
            continue;
        }
        let rank = match outcome(&kinds, ix, filter.period, ws, i) {
            Some(StageKind::Won) => 0,
            Some(StageKind::Open) => 1,
            Some(StageKind::Lost) => 2,
            None => continue,
        };
        found.push((rank, i));
    }
    found.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(ws.deals[b.1].amount.cmp(&ws.deals[a.1].amount))
            .then(a.1.cmp(&b.1))
    });
    found.into_iter().map(|(_, i)| i).collect()
}

// ---------------------------------------------------------------------------------------------
// Seller × direction activity
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// Stage kinds by stage position, so the deal loops never look a stage up by id.
fn stage_kinds(ws: &Workspace) -> Vec<StageKind> {
    ws.stages.iter().map(|s| s.kind).collect()
}

/// Lowercased client names by position, computed once per sort instead of per comparison.
fn lower_names(ws: &Workspace) -> Vec<String> {
    ws.clients.iter().map(|c| c.name.to_lowercase()).collect()
}

/// `part / whole`, or `None` when `whole` is 0.
fn ratio(part: u32, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}
