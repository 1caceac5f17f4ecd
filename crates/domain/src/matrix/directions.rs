//! The directions matrix: clients × product directions, from the deals.

use super::shared::{lower_names, outcome, ratio, stage_kinds};
use crate::filter::Filter;
use crate::index::{DealIndex, DenseFilter, NONE};
use crate::model::*;
use crate::money::Money;

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
