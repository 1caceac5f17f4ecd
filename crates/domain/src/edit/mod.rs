//! The Data section's rules: moving deals between stages, creating and editing every list with
//! per-field validation, deleting with refusal while something still uses the item (or moving
//! its users to another item first), reordering stages, bulk delete and undo.
//!
//! Everything here is pure: `today` and `now_ms` (milliseconds since the epoch, stamped into
//! `Deal::updated_at` of every deal a change touches) are arguments. Every operation either
//! succeeds or leaves the workspace exactly as it was, so a refused edit needs no rollback.
//! Each operation keeps `validate::validate` empty on a workspace where it was empty.
//!
//! Rules worth knowing (the UI words its messages after them):
//! - A stage move appends `(stage, on)` to the deal's history; entering a won or lost stage sets
//!   the close date to `on` (moving between two stages of the same closed kind, e.g. lost →
//!   another lost stage, keeps the original close date, since the deal closed only once); entering
//!   a lost stage needs a lost reason; going back to an open stage clears the close date and the
//!   lost reason.
//! - History and close date of an existing deal change only through moves: [`upsert_deal`] keeps
//!   the stored ones and, when the form changed the stage, performs a move dated `today`.
//! - Deleting a stage that no deal is in, but that some deals passed through, drops those history
//!   entries (the time spent there then counts toward the stage before it) and merges the
//!   neighbours that became equal; [`Usage::history`] says how many deals that touches so the UI
//!   can warn. The last open stage can never be deleted, nor turned into a won/lost stage.
//! - Changing the kind (open/won/lost) of a stage that deals are in is refused: their close dates
//!   and lost reasons would have to be invented. Move the deals first.
//! - Reassigning a seller's deals to another seller drops the first seller's plans (a plan is one
//!   person's target), exactly as deleting the seller does.
//!
//! Undo keeps, per step, only the items a change replaced ([`UndoStack`], [`WorkspacePatch`]):
//! editing one deal of 100,000 costs one deal on the stack, not a copy of the workspace.

mod delete;
mod errors;
mod moves;
mod new_deal;
mod undo;
mod upsert;

pub use crate::entity::ItemRef;
pub use delete::*;
pub use errors::*;
pub use moves::*;
pub use new_deal::*;
pub use undo::*;
pub use upsert::*;
