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
//! - **Required mapping:** Seller, Stage or Status, and Title or Source id. Everything else is
//!   optional. A field may feed from one column only.
//! - **Every row is kept.** A row with an empty client cell (or a file with no client column)
//!   goes to the workspace's one "no client" entry ([`Client::no_client`], created with the name
//!   [`ImportOptions::no_client_name`] and the id [`NO_CLIENT_ID`]); the plan counts them in
//!   [`ImportPlan::no_client_rows`], and [`ImportOptions::skip_without_client`] skips them
//!   instead, as row errors. An update with an empty client cell keeps the deal's client.
//! - **Names** of sellers, clients, directions, deal types and stages match existing ones with
//!   [`name_key`] (case and spacing ignored); unmatched ones are created (stages only on request).
//!   A client, seller or direction equal to an existing one only once punctuation and spaces go
//!   too ([`loose_key`]: `UltraPro` / `Ultra Pro`) is never merged silently: it is a question in
//!   [`ImportPlan::similar_names`], answered with a [`SameName`], and its rows wait.
//! - **Questions block applying.** Unknown stages, the slash-date order, near-duplicate names and
//!   the currency are questions; [`ImportPlan::is_complete`] is false while any is open, and the
//!   rows they hold are counted in [`ImportPlan::waiting_rows`].
//! - **Stage and status.** A status (Pipedrive `Won`, HubSpot `Is Closed Won`/`Is closed lost`,
//!   Bitrix24 `Сделка закрыта`, amoCRM `Дата закрытия` = `не закрыта`, words in Russian or
//!   English) decides open/won/lost; the stage names where. A won/lost deal whose stage is not a
//!   won/lost stage of the workspace goes to the first won/lost stage (a Pipedrive deal lost "at
//!   Negotiation" gets the history Negotiation → Lost when Negotiation is known). Without a status,
//!   a stage name not in the workspace is read for won/lost words (`Сделка успешна`, `Closed Lost`,
//!   `Won`…); an unknown open stage is a question: it is listed in
//!   [`ImportPlan::unknown_stages`] (with every row naming it) and its rows wait until a
//!   [`StageChoice`] is given. Stages created by the choices take the order of the choices.
//!   Without a stage, an open deal goes to the first open stage. Status and stage that disagree
//!   (open status, won stage) are a row error. [`ImportOptions::only_file_stages`] removes the
//!   workspace's open stages that no deal uses once the file is in.
//! - **History:** a new deal's history is `[(stage, created)]` while open; a won/lost one enters
//!   its outcome on its close date (metrics.md), after its open stage when the file names one.
//! - **Amounts:** `1234567.89`, `1 234 567,89`, `1,234,567.89`, with or without a currency sign
//!   or code. Empty is 0 for open and lost deals (open ones counted in
//!   [`ImportPlan::open_without_amount`]) and an error for won ones. Negative or unreadable: row
//!   error.
//! - **Currency:** amounts that name none (no Currency column, no sign or code) are a question
//!   ([`ImportPlan::currency_question`], answered by [`ImportOptions::currency`]). An empty
//!   workspace (no deals, no plans) takes the file's currency when it is one
//!   ([`ImportPlan::new_currency`]); otherwise another currency than the workspace's is imported
//!   as is and counted in [`ImportPlan::other_currency_rows`].
//! - **Dates:** ISO with or without time, `DD.MM.YYYY` (time allowed), slash dates (order from
//!   the file: a first part over 12 means day first, a second part over 12 month first; else the
//!   user is asked through [`ImportPlan::ambiguous_dates`] and those rows wait), Excel serial days.
//!   Missing creation: today (or the close date if earlier). Close date of a won/lost deal: the
//!   Closed column, else Pipedrive's won/lost time, else the expected close, else today.
//! - **Probability:** a column whose values are all ≤ 1 (and have no `%`) holds fractions.
//!   Stored as the deal's override whenever given.
//! - **Contacts:** a contact column (several names separated by `;`) creates the deal's contacts
//!   at its client (matched by name there), the first with the position column.
//! - **Companion tables** (accounts, products, teams: [`Companion`]) add clients with segments,
//!   directions and sellers even when no deal names them.
//! - **Deal ids** are a stable hash of the layout and the source id (or, without one, of title,
//!   client and creation text), so importing the same file again updates those deals: imported
//!   fields are overwritten, the history is kept, a stage change appends an entry.

mod cells;
mod companion;
mod draft;
mod mapping;
mod options;
mod plan;
mod planner;

#[allow(unused_imports)] // for the doc links above
use crate::{
    edit::name_key,
    model::{Client, NO_CLIENT_ID},
};
pub use cells::*;
pub use companion::*;
pub use draft::*;
pub use mapping::*;
pub use options::*;
pub use plan::*;
use planner::*;

/// New ids are 52-bit, as everywhere (they survive a round trip through a JavaScript number).
const ID_MASK: u64 = (1 << 52) - 1;
