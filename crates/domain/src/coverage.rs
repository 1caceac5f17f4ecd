//! What the reports can see of the workspace: whether the chosen period holds any of its deals
//! (an import of deals closed two years ago must not look like an empty workspace under "last 12
//! months"), and how many open deals carry no amount (they weigh nothing in amount reports).
//! The filter bar's notices read these; every report page shows them the same way.

use chrono::NaiveDate;

use super::filter::{Filter, Period};
use super::model::*;

/// The days the selected deals are dated on: from the earliest creation or close to the latest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DealSpan {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl DealSpan {
    /// The span as a period (both ends included).
    pub fn period(self) -> Period {
        Period {
            from: self.first,
            to: self.last,
        }
    }
}

/// The chosen period holds none of the selected deals although there are some: reports that
/// follow the period would show nothing, so the filter bar says so and offers `span`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutsidePeriod {
    /// Deals the dimension filters (seller, direction, deal type) select.
    pub deals: usize,
    /// When they were created and closed.
    pub span: DealSpan,
}

/// `Some` when a period is chosen, the dimension filters select deals, and not one of them was
/// created or closed in the period (the dates the period applies to: the conversion funnel's
/// cohort, win rate, cycle, won and lost rows). Open deals are "now" in the snapshot whatever the
/// period; an old open pipeline still reads as outside a recent period, since nothing in it was
/// created then.
pub fn outside_period(ws: &Workspace, filter: &Filter) -> Option<OutsidePeriod> {
    let period = filter.period?;
    let mut deals = 0;
    let mut span: Option<DealSpan> = None;
    for d in ws.deals.iter().filter(|d| filter.selects(d)) {
        let dates = std::iter::once(d.created).chain(d.closed);
        for day in dates.clone() {
            if period.contains(day) {
                return None;
            }
        }
        deals += 1;
        for day in dates {
            span = Some(match span {
                None => DealSpan {
                    first: day,
                    last: day,
                },
                Some(s) => DealSpan {
                    first: s.first.min(day),
                    last: s.last.max(day),
                },
            });
        }
    }
    span.map(|span| OutsidePeriod { deals, span })
}

/// Open deals (selected by the dimension filters) whose amount is 0: an empty amount cell of an
/// import, or never filled in. Reports of amounts say how many there are.
pub fn open_without_amount(ws: &Workspace, filter: &Filter) -> usize {
    let open: std::collections::HashSet<StageId> = ws
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .map(|s| s.id)
        .collect();
    ws.deals
        .iter()
        .filter(|d| filter.selects(d) && open.contains(&d.stage) && d.amount.0 == 0)
        .count()
}
