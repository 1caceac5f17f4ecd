//! The forecast tool: revenue by period against plan, deals needing attention, the next-steps task
//! list, depth of work with key clients, and the two edits made from those lists.
//!
//! Definitions follow the Forecast and Deals needing attention sections of `metrics.md`:
//! - A won deal falls in the period of its close date; an open deal in the period of its expected
//!   close date. An open deal expected before today is *overdue*: it is reported apart and never
//!   counted in any period, past ones included. An open deal with no expected close date is
//!   *undated*, also apart.
//! - A deal's forecast category is its own override, else its stage's default. Roll-ups are in full
//!   amounts: commit view = won + commit; best-case view = won + commit + best case; pipeline view =
//!   won + every open deal not omitted. Omitted deals are in no roll-up, but the forecast
//!   (won + Σ weighted open), the open amount and the weighted open amount include every open deal
//!   expected in the period, as the definition of the forecast names no exception.
//!
//! How the filter bar applies: seller, direction and deal type select deals everywhere. The
//! forecast's periods come from [`ForecastSpec`], not from the filter's period; the attention list
//! and the task list are "now" and ignore the period too. Only [`key_client_depth`] uses the period,
//! for which won deals count towards "directions covered".

mod attention;
mod depth;
mod edits;
mod table;

pub use attention::*;
pub use depth::*;
pub use edits::*;
pub use table::*;
