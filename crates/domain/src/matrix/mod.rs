//! The matrices of metrics.md ("Matrices"): the relationship matrix (clients × target roles), the
//! directions matrix (clients × product directions) and the seller × direction activity grid.
//!
//! Each is built from one pass over `ws.contacts` or `ws.deals`, accumulating into Vec-indexed
//! arrays by the dense positions of [`DealIndex`](crate::index::DealIndex), so 2,000 clients or
//! 100,000 deals recompute on every filter change. Rows and columns name what they show by position
//! in the workspace's lists (`ws.clients[row.client]`, `ws.directions[col.direction]`, …), never by
//! a copied name, so a renamed direction or role changes nothing but the label the UI reads.
//!
//! Deal semantics shared by the directions matrix and the activity grid:
//! - an *open* deal counts whatever its dates (the pipeline is a snapshot of now);
//! - a *won* or *lost* deal counts when it closed in the filter's period (every closed deal when
//!   there is no period);
//! - a deal whose direction is `None` or points at a deleted direction is in no direction column:
//!   it is counted apart, as "unassigned" / "no direction";
//! - a deal pointing at a missing client, seller or stage cannot be placed and is only counted in
//!   `orphan_deals`, so nothing disappears silently.

mod activity;
mod directions;
mod relationships;
mod shared;

pub use activity::*;
pub use directions::*;
pub use relationships::*;
