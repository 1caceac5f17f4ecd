//! A whole planning pass: every row, then the companion tables and the stages to remove.

use super::state::Planner;
use crate::import::draft::ImportDraft;
use crate::import::names::NameState;
use crate::import::options::RowError;
use crate::import::plan::ImportPlan;
use crate::model::*;

impl ImportDraft {
    /// Everything the file would do to the workspace, with the current options. Can be called
    /// again after [`set_stage_choices`](Self::set_stage_choices) or
    /// [`set_date_order`](Self::set_date_order) without feeding the rows again.
    pub fn plan(&self) -> ImportPlan {
        Planner::new(self).run()
    }

    pub fn finish(self) -> ImportPlan {
        self.plan()
    }
}

impl Planner<'_> {
    pub(super) fn run(mut self) -> ImportPlan {
        let mut errors = self.d.errors.clone();
        let d = self.d;
        for row in &d.rows {
            if let Err(problems) = self.row(row) {
                errors.extend(problems.into_iter().map(|reason| RowError {
                    line: row.line,
                    reason,
                }));
            }
        }
        self.companions();
        errors.sort_by_key(|e| e.line);
        self.plan.no_client_rows = d.rows.iter().filter(|r| r.client.is_none()).count();
        self.plan.currency_question = d.unmarked_amount_rows > 0 && self.assumed_currency.is_none();
        self.plan.new_currency =
            (self.target_currency != d.currency).then(|| self.target_currency.clone());
        let removed = self.unused_stages();
        // New stages in the order of the choices (the user's order), not first seen.
        self.new_stages.sort_by_key(|(c, _)| *c);
        let mut plan = self.plan;
        plan.stages_added = self
            .new_stages
            .iter()
            .map(|(_, s)| s.name.clone())
            .collect();
        plan.stages_removed = removed.iter().map(|&p| d.stages[p].name.clone()).collect();
        plan.remove_stages = removed.iter().map(|&p| d.stages[p].id).collect();
        plan.row_errors = errors;
        plan.unknown_stages = self.unknown;
        plan.similar_names = self.similar;
        plan.new_sellers = self.new_sellers;
        plan.new_clients = self.new_clients;
        plan.new_contacts = self.new_contacts;
        plan.new_directions = self.new_directions;
        plan.new_deal_types = self.new_deal_types;
        plan.new_stages = self.new_stages.into_iter().map(|(_, s)| s).collect();
        plan
    }

    /// The names of the companion tables: created (or matched) even without a deal; a new
    /// client takes the table's segment, an existing one without a segment gets it.
    fn companions(&mut self) {
        let d = self.d;
        for (i, segment) in &d.companion_clients {
            if matches!(self.client_state.get(*i as usize), Some(NameState::Ask(_))) {
                continue;
            }
            let id = self.client(*i);
            let Some(segment) = segment else { continue };
            if let Some(c) = self.new_clients.iter_mut().find(|c| c.id == id) {
                if c.segment.is_empty() {
                    c.segment = segment.clone();
                }
            } else if !self.plan.segments.iter().any(|(c, _)| *c == id) {
                self.plan.segments.push((id, segment.clone()));
            }
        }
        for &i in &d.companion_sellers {
            if !matches!(self.seller_state.get(i as usize), Some(NameState::Ask(_))) {
                self.seller(i);
            }
        }
        for &i in &d.companion_directions {
            if !matches!(
                self.direction_state.get(i as usize),
                Some(NameState::Ask(_))
            ) {
                self.direction(i);
            }
        }
    }

    /// With [`ImportOptions::only_file_stages`]: the workspace's open stages (positions) that no
    /// deal is in or passed through and no imported deal goes to. One open stage always stays.
    fn unused_stages(&self) -> Vec<usize> {
        let d = self.d;
        if !d.options.only_file_stages {
            return Vec::new();
        }
        let open = |p: &usize| d.stages[*p].kind == StageKind::Open;
        let mut removed: Vec<usize> = (0..d.stages.len())
            .filter(open)
            .filter(|p| !d.stage_used[*p] && !self.targeted.contains(p))
            .collect();
        let kept_open = (0..d.stages.len()).filter(open).count() - removed.len();
        let created_open = self
            .new_stages
            .iter()
            .any(|(_, s)| s.kind == StageKind::Open);
        if kept_open == 0 && !created_open && !removed.is_empty() {
            removed.remove(0);
        }
        removed
    }
}
