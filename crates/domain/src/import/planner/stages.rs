//! Where a deal goes: the stage its stage name and status name, and the stages created.

use super::state::Planner;
use crate::edit::name_key;
use crate::import::cells::{Hint, stage_semantics};
use crate::import::draft::PendingRow;
use crate::import::names::STAGES;
use crate::import::options::{RowProblem, StageChoice};
use crate::model::*;

/// A stage a deal goes to: one of the workspace, or one to create (index into the choices).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum StageRef {
    Existing(usize),
    Create(usize),
}

pub(super) enum StageOutcome {
    Go {
        target: StageRef,
        kind: StageKind,
        via: Option<StageRef>,
    },
    Ask(String),
    Problem(RowProblem),
}

impl Planner<'_> {
    /// A stage name of the file: a workspace stage with that name, else a choice. (A `Create`
    /// choice for a name the workspace already has uses that stage: names stay unique.)
    pub(super) fn named(&self, i: u32) -> Option<(StageRef, StageKind)> {
        let key = self.d.stage_names.key(i);
        let existing = |p: usize| (StageRef::Existing(p), self.d.stages[p].kind);
        match self.choices.get(key) {
            Some((_, StageChoice::Existing(id))) => {
                self.d.stages.iter().position(|s| s.id == *id).map(existing)
            }
            Some((_, StageChoice::Create(kind))) => match self.d.stage_by_key.get(key) {
                Some(&p) => Some(existing(p)),
                None => self
                    .choice_list
                    .iter()
                    .position(|(n, _)| name_key(n) == key)
                    .map(|c| (StageRef::Create(c), *kind)),
            },
            None => self.d.stage_by_key.get(key).map(|&p| existing(p)),
        }
    }

    /// The workspace's first stage of a kind, else the first stage the choices create with it.
    pub(super) fn first_of(&self, kind: StageKind) -> Option<StageRef> {
        self.d
            .stages
            .iter()
            .position(|s| s.kind == kind)
            .map(StageRef::Existing)
            .or_else(|| {
                self.choice_list
                    .iter()
                    .position(|(_, c)| *c == StageChoice::Create(kind))
                    .map(StageRef::Create)
            })
    }

    /// Where a row's deal goes: status and stage name together (see the module rules).
    pub(super) fn stage(&self, row: &PendingRow) -> StageOutcome {
        let d = self.d;
        let stage_text = || {
            row.stage
                .map_or("", |i| d.stage_names.display(i))
                .to_string()
        };
        let status_text = || {
            row.status_text
                .map_or("", |i| d.statuses.display(i))
                .to_string()
        };
        let conflict = || {
            StageOutcome::Problem(RowProblem::StatusConflict {
                stage: stage_text(),
                status: status_text(),
            })
        };
        let known = row.stage.and_then(|i| self.named(i));
        // What the stage name says: its stage's kind, else won/lost words in it.
        let name_kind = match known {
            Some((_, k)) => Some(k),
            None => row
                .stage
                .and_then(|i| stage_semantics(d.stage_names.key(i))),
        };
        let unknown_or_missing = || match row.stage {
            Some(_) => StageOutcome::Ask(stage_text()),
            None => StageOutcome::Problem(RowProblem::MissingStage),
        };
        let kind = match row.hint {
            Some(h @ (Hint::Won | Hint::Lost | Hint::Open)) => {
                let h = match h {
                    Hint::Won => StageKind::Won,
                    Hint::Lost => StageKind::Lost,
                    _ => StageKind::Open,
                };
                match name_kind {
                    // A deal closes from an open stage (Pipedrive keeps the stage it was lost at).
                    Some(k) if k != h && !(k == StageKind::Open && h != StageKind::Open) => {
                        return conflict();
                    }
                    _ => h,
                }
            }
            Some(Hint::Closed) => match name_kind {
                Some(StageKind::Open) => return conflict(),
                Some(k) => k,
                None => return unknown_or_missing(),
            },
            Some(Hint::NotWon) => match name_kind {
                Some(StageKind::Won) => return conflict(),
                Some(k) => k,
                None => StageKind::Open,
            },
            None => match name_kind {
                Some(k) => k,
                None => return unknown_or_missing(),
            },
        };
        let go = |target, via| StageOutcome::Go { target, kind, via };
        let ask = || {
            StageOutcome::Ask(if row.stage.is_some() {
                stage_text()
            } else {
                status_text()
            })
        };
        match known {
            Some((r, k)) if k == kind => go(r, None),
            _ if kind == StageKind::Open => match row.stage {
                Some(_) => ask(),
                None => self.first_of(kind).map_or_else(ask, |t| go(t, None)),
            },
            _ => {
                let via = known.filter(|(_, k)| *k == StageKind::Open).map(|(r, _)| r);
                self.first_of(kind).map_or_else(ask, |t| go(t, via))
            }
        }
    }

    pub(super) fn stage_id(&mut self, r: StageRef) -> StageId {
        match r {
            StageRef::Existing(p) => {
                self.targeted.insert(p);
                self.d.stages.get(p).map_or(StageId(0), |s| s.id)
            }
            StageRef::Create(c) => {
                if let Some(id) = self.created_stages.get(&c) {
                    return *id;
                }
                let (choice_name, choice) = self
                    .choice_list
                    .get(c)
                    .cloned()
                    .unwrap_or_else(|| (String::new(), StageChoice::Create(StageKind::Open)));
                // The file's spelling when the file has the name (the choice may differ in case).
                let name = match self.d.stage_names.by_key.get(&name_key(&choice_name)) {
                    Some(&i) => self.d.stage_names.display(i).to_string(),
                    None => choice_name,
                };
                let kind = match choice {
                    StageChoice::Create(k) => k,
                    StageChoice::Existing(_) => StageKind::Open,
                };
                let id = StageId(self.fresh_id(STAGES));
                self.created_stages.insert(c, id);
                self.new_stages.push((c, new_stage(id, name, kind)));
                id
            }
        }
    }
}

pub(super) fn new_stage(id: StageId, name: String, kind: StageKind) -> Stage {
    let (probability, forecast_category) = match kind {
        StageKind::Open => (10, ForecastCategory::Pipeline),
        StageKind::Won => (100, ForecastCategory::Commit),
        StageKind::Lost => (0, ForecastCategory::Omitted),
    };
    Stage {
        id,
        name,
        kind,
        probability,
        rotting_days: None,
        forecast_category,
    }
}
