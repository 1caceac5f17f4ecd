//! The Pipeline reports: by clients (seller → client → deal), by stages (seller × open stage grid
//! with a team average) and by forecast (stage → seller → client → deal).
//!
//! All three run over the same set of deals, "the pipeline": open deals (stage kind `open`) that
//! pass the filter bar's dimensions (seller, direction, deal type). **The period is ignored**: the
//! pipeline is a snapshot of what is open now, as `filter.rs` says for open deals. A deal whose
//! stage, seller or client is missing from the workspace (validation reports those) is left out,
//! so every level of every report adds up to the same total.
//!
//! Speed: each report is built once per filter change from one pass over `ws.deals` plus one sort
//! of the selected deals (O(n log n)). A [`Tree`] keeps its nodes in one arena in breadth-first
//! order, every node's children as a contiguous slice of a link array, so listing a node's children
//! is O(children) and never re-scans the deals. Sorting permutes those slices in place.
//!
//! Node identity for the UI and the URL is a [`NodePath`] of entity ids (`st2/s3/c17/d42`), not
//! positions or arena indices, so an [`Expansion`] survives filter changes, edits and reloads.

mod deal_set;
mod node;
mod stage_grid;
mod tree;

pub use deal_set::*;
pub use node::*;
pub use stage_grid::*;
pub use tree::*;
