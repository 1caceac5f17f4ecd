//! Importing deals from other CRMs' CSV exports: which column feeds which field, how each cell is
//! read, and what the workspace becomes. Pure: the bytes are decoded by `format::csv_in`, "today",
//! "now" and the id seed are arguments.
//!
//! The flow: [`detect_layout`] guesses the mapping from the headers (the user may change it);
//! [`ImportDraft::new`] checks the mapping; [`ImportDraft::feed`] takes rows in chunks (parsing
//! every cell, so memory is one small record per row); [`ImportDraft::plan`] (or `finish`) decides
//! what needs deciding across the whole file and returns an [`ImportPlan`]: counts, names to be
//! created, questions for the user, row errors. [`ImportPlan::apply`] makes the new workspace.
//!
//! Rules (the UI words its messages after them):
//! - **Required mapping:** Client, Seller, Stage or Status, and Title or Source id. Everything
//!   else is optional. A field may feed from one column only.
//! - **Names** of sellers, clients, directions, deal types and stages match existing ones with
//!   [`name_key`] (case and spacing ignored); unmatched ones are created (stages only on request).
//! - **Stage and status.** A status (Pipedrive `Won`, HubSpot `Is Closed Won`/`Is closed lost`,
//!   Bitrix24 `Сделка закрыта`, amoCRM `Дата закрытия` = `не закрыта`, words in Russian or
//!   English) decides open/won/lost; the stage names where. A won/lost deal whose stage is not a
//!   won/lost stage of the workspace goes to the first won/lost stage (a Pipedrive deal lost "at
//!   Negotiation" gets the history Negotiation → Lost when Negotiation is known). Without a status,
//!   a stage name not in the workspace is read for won/lost words (`Сделка успешна`, `Closed Lost`,
//!   `Won`…); an unknown open stage is a question: it is listed in
//!   [`ImportPlan::unknown_stages`] and its rows wait until a [`StageChoice`] is given. Without a
//!   stage, an open deal goes to the first open stage. Status and stage that disagree (open status,
//!   won stage) are a row error.
//! - **Amounts:** `1234567.89`, `1 234 567,89`, `1,234,567.89`, with or without a currency sign
//!   or code. Empty is 0 for open and lost deals and an error for won ones. Negative or
//!   unreadable: row error.
//! - **Dates:** ISO with or without time, `DD.MM.YYYY` (time allowed), slash dates (order from
//!   the file: a first part over 12 means day first, a second part over 12 month first; else the
//!   user is asked through [`ImportPlan::ambiguous_dates`] and those rows wait), Excel serial days.
//!   Missing creation: today (or the close date if earlier). Close date of a won/lost deal: the
//!   Closed column, else Pipedrive's won/lost time, else the expected close, else today.
//! - **Probability:** a column whose values are all ≤ 1 (and have no `%`) holds fractions.
//!   Stored as the deal's override whenever given.
//! - **Deal ids** are a stable hash of the layout and the source id (or, without one, of title,
//!   client and creation text), so importing the same file again updates those deals: imported
//!   fields are overwritten, the history is kept, a stage change appends an entry.
//! - Another currency than the workspace's is imported as is and counted in
//!   [`ImportPlan::other_currency_rows`].

mod cells;
mod draft;
mod mapping;
mod options;
mod plan;
mod planner;

pub use cells::*;
pub use draft::*;
pub use mapping::*;
pub use options::*;
pub use plan::*;
use planner::*;

/// New ids are 52-bit, as everywhere (they survive a round trip through a JavaScript number).
const ID_MASK: u64 = (1 << 52) - 1;
