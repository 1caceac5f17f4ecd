//! The deals behind one cell of the per-seller / per-stage tables or of the stage matrix: the
//! drill-downs of the changes page, listing exactly the deals each figure counts.

use super::compare::{Bar, Changes, DealChange, Exit, Fate, classify, sort_by_change};
use super::snapshot::SnapshotDeal;
use crate::model::{SellerId, StageId};

/// A group of the per-seller or per-stage tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    Seller(SellerId),
    Stage(StageId),
}

impl Group {
    fn of(self, d: &SnapshotDeal) -> Group {
        match self {
            Group::Seller(_) => Group::Seller(d.seller),
            Group::Stage(_) => Group::Stage(d.stage),
        }
    }
}

/// A cell of the stage matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatrixCell {
    /// In both pipelines, from one stage to another (or the same).
    Move(StageId, StageId),
    /// In pipeline(from) at a stage, then won, lost or out of pipeline(to).
    Exit(StageId, Exit),
    /// Entered pipeline(to) at a stage.
    Entered(StageId),
}

impl Changes {
    /// The deals of one bar of one group's waterfall (the table cell), as
    /// [`Changes::deals_in`] lists them.
    pub fn deals_in_group(&self, group: Group, bar: Bar, weighted: bool) -> Vec<&DealChange> {
        let mut out: Vec<&DealChange> = self
            .deals
            .iter()
            .filter(|d| {
                let g_from = d.in_from && d.before.as_ref().is_some_and(|a| group.of(a) == group);
                let g_to = d.in_to && d.after.as_ref().is_some_and(|b| group.of(b) == group);
                let fate = match (&d.after, d.bar) {
                    (Some(_), _) => Fate::Open,
                    (None, Bar::Won) => Fate::Won,
                    (None, Bar::Lost) => Fate::Lost,
                    (None, _) => Fate::Deleted,
                };
                classify(
                    g_from,
                    g_to,
                    d.before.as_ref(),
                    d.after.as_ref(),
                    fate,
                    self.period,
                )
                .is_some_and(|(a, w)| if weighted { w } else { a } == bar)
            })
            .collect();
        sort_by_change(&mut out);
        out
    }

    /// The deals of one cell of the stage matrix, biggest amount first.
    pub fn deals_in_cell(&self, cell: MatrixCell) -> Vec<&DealChange> {
        let stage_of = |d: &Option<SnapshotDeal>| d.as_ref().map(|x| x.stage);
        let mut out: Vec<&DealChange> = self
            .deals
            .iter()
            .filter(|d| match cell {
                MatrixCell::Move(a, b) => {
                    d.in_from
                        && d.in_to
                        && stage_of(&d.before) == Some(a)
                        && stage_of(&d.after) == Some(b)
                }
                MatrixCell::Exit(a, exit) => {
                    d.in_from
                        && !d.in_to
                        && stage_of(&d.before) == Some(a)
                        && match d.bar {
                            Bar::Won => exit == Exit::Won,
                            Bar::Lost => exit == Exit::Lost,
                            _ => exit == Exit::Left,
                        }
                }
                MatrixCell::Entered(b) => !d.in_from && d.in_to && stage_of(&d.after) == Some(b),
            })
            .collect();
        sort_by_change(&mut out);
        out
    }
}
