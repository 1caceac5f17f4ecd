//! Pipeline changes between two dates (issue 20; `metrics.md`, "Pipeline changes between two
//! dates (from, to]"): how the open pipeline went from its total at `from` to its total at `to`.
//!
//! - [`snapshot`]: the pipeline of a day ([`Snapshot`]: per open deal its stage, amount,
//!   probability, category, expected close, seller, client, direction and type), taken from a
//!   workspace, rebuilt from stage history, or read from an older Voronka file; the dated
//!   series the app keeps ([`History`]), with its retention and its merge.
//! - [`compare`]: every deal in either pipeline in exactly one [`Bar`], tested in the fixed
//!   order; the waterfall by amount and by weighted amount, per seller and per stage; the
//!   from-stage × to-stage matrix. `start + Σ sign × bar = end` holds exactly in both measures,
//!   for the whole pipeline and for every group.
//! - [`drill`]: the deals behind one cell of the per-group tables or of the stage matrix.
//! - [`slips`]: the deals whose expected close moved later, how often and by how much.
//!
//! Pure: dates are arguments, nothing here reads a clock or storage.

pub mod compare;
pub mod drill;
pub mod slips;
pub mod snapshot;

pub use compare::{
    Bar, Basis, Changes, Closed, DealChange, EndState, Exit, Flow, Move, StageMatrix, Tally,
    Waterfall, compare,
};
pub use drill::{Group, MatrixCell};
pub use slips::{Slip, slipped};
pub use snapshot::{Day, DayError, History, Snapshot, SnapshotDeal, latest_activity, stage_on};
