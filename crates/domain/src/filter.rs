//! The shared filter bar's state: a period and the deal dimensions.
//!
//! Seller, direction and deal type select deals for every report. The period is applied by each
//! report as its definition says (closed in the period for won/lost rows and win rate, created
//! in the period for the conversion funnel); the snapshot of open deals is "now" and ignores it.

use chrono::NaiveDate;

use super::model::*;

/// An inclusive range of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// Length in days, both ends included.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub period: Option<Period>,
    pub seller: Option<SellerId>,
    pub direction: Option<DirectionId>,
    pub deal_type: Option<DealTypeId>,
}

impl Filter {
    /// Whether a deal passes the dimension filters (seller, direction, deal type).
    pub fn selects(&self, d: &Deal) -> bool {
        self.seller.is_none_or(|s| d.seller == s)
            && self.direction.is_none_or(|x| d.direction == Some(x))
            && self.deal_type.is_none_or(|t| d.deal_type == Some(t))
    }
}
