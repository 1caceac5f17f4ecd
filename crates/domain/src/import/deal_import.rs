//! One deal the plan creates or updates: what the planner decides for a row, and what applying
//! the plan writes.

use chrono::NaiveDate;

use crate::model::*;
use crate::money::Money;

/// One deal to create or update.
#[derive(Clone, Debug)]
pub(super) struct DealImport {
    pub(super) id: DealId,
    pub(super) title: String,
    /// False: the title is the fallback, and an existing deal keeps its own.
    pub(super) title_given: bool,
    /// None: keep the stored client (an update with an empty client cell).
    pub(super) client: Option<ClientId>,
    /// None: keep the stored seller (an update with an empty seller cell).
    pub(super) seller: Option<SellerId>,
    // `None` = the column is not mapped: an update keeps the stored value.
    pub(super) direction: Option<Option<DirectionId>>,
    pub(super) deal_type: Option<Option<DealTypeId>>,
    pub(super) amount: Option<Money>,
    pub(super) probability: Option<Option<u8>>,
    pub(super) expected_close: Option<Option<NaiveDate>>,
    pub(super) lost_reason: Option<Option<String>>,
    pub(super) next_step: Option<Option<String>>,
    pub(super) stage: StageId,
    pub(super) kind: StageKind,
    /// The open stage a won/lost deal closed from, for a new deal's history.
    pub(super) via: Option<StageId>,
    /// The creation date in the file.
    pub(super) created: Option<NaiveDate>,
    /// The close date the file gives (Closed column, won/lost time, expected close).
    pub(super) closed: Option<NaiveDate>,
    /// The deal's contacts; `None` when the contact column is not mapped (an update keeps the
    /// stored ones), else added to them.
    pub(super) contacts: Option<Vec<ContactId>>,
}
