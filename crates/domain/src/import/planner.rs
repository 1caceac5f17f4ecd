//! Planning: the file-wide decisions (stages, names, dates) that turn pending rows into deals.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::*;
use crate::edit::name_key;
use crate::model::*;
use crate::money::Money;
use crate::rng::SplitMix64;

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

/// One deal to create or update.
#[derive(Clone, Debug)]
pub(super) struct DealImport {
    pub(super) id: DealId,
    pub(super) title: String,
    /// False: the title is the fallback, and an existing deal keeps its own.
    pub(super) title_given: bool,
    pub(super) client: ClientId,
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
}

pub(super) struct Planner<'a> {
    pub(super) d: &'a ImportDraft,
    pub(super) order: Option<DateOrder>,
    pub(super) fraction: bool,
    /// Stage choices by name key: (display name, choice).
    pub(super) choices: HashMap<String, (String, StageChoice)>,
    pub(super) choice_list: Vec<(String, StageChoice)>,
    pub(super) rng: SplitMix64,
    pub(super) used: [HashSet<u64>; 5],
    pub(super) new_sellers: Vec<Seller>,
    pub(super) new_clients: Vec<Client>,
    pub(super) new_directions: Vec<Direction>,
    pub(super) new_deal_types: Vec<DealType>,
    /// Created stages, per choice index.
    pub(super) created_stages: HashMap<usize, StageId>,
    pub(super) new_stages: Vec<Stage>,
    pub(super) seller_ids: HashMap<u32, SellerId>,
    pub(super) client_ids: HashMap<u32, ClientId>,
    pub(super) direction_ids: HashMap<u32, DirectionId>,
    pub(super) deal_type_ids: HashMap<u32, DealTypeId>,
    pub(super) first_line: HashMap<DealId, u64>,
    pub(super) plan: ImportPlan,
    pub(super) unknown: Vec<(String, usize)>,
    pub(super) unknown_at: HashMap<String, usize>,
}

impl<'a> Planner<'a> {
    pub(super) fn new(d: &'a ImportDraft) -> Self {
        let mut choices = HashMap::new();
        let mut choice_list = Vec::new();
        for (name, choice) in &d.options.stage_choices {
            let key = name_key(name);
            if key.is_empty() || choices.contains_key(&key) {
                continue;
            }
            choices.insert(key, (name.trim().to_string(), *choice));
            choice_list.push((name.trim().to_string(), *choice));
        }
        Planner {
            d,
            order: d.date_order(),
            fraction: !d.prob_over_one && !d.prob_percent_sign,
            choices,
            choice_list,
            rng: SplitMix64::new(d.options.id_seed),
            used: d.used_ids.clone(),
            new_sellers: Vec::new(),
            new_clients: Vec::new(),
            new_directions: Vec::new(),
            new_deal_types: Vec::new(),
            created_stages: HashMap::new(),
            new_stages: Vec::new(),
            seller_ids: HashMap::new(),
            client_ids: HashMap::new(),
            direction_ids: HashMap::new(),
            deal_type_ids: HashMap::new(),
            first_line: HashMap::new(),
            plan: ImportPlan::empty(d.options.today, d.options.now_ms),
            unknown: Vec::new(),
            unknown_at: HashMap::new(),
        }
    }

    pub(super) fn fresh_id(&mut self, list: usize) -> u64 {
        loop {
            let v = self.rng.next_u64() & ID_MASK;
            if v != 0 && self.used[list].insert(v) {
                return v;
            }
        }
    }

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
        errors.sort_by_key(|e| e.line);
        let mut plan = self.plan;
        plan.row_errors = errors;
        plan.unknown_stages = self.unknown;
        plan.new_sellers = self.new_sellers;
        plan.new_clients = self.new_clients;
        plan.new_directions = self.new_directions;
        plan.new_deal_types = self.new_deal_types;
        plan.new_stages = self.new_stages;
        plan
    }

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

    pub(super) fn resolve_date(
        &self,
        field: Field,
        cell: &DateCell,
        problems: &mut Vec<RowProblem>,
        waiting: &mut bool,
    ) -> Option<NaiveDate> {
        match cell.resolve(self.order) {
            Ok(d) => d,
            Err(None) => {
                *waiting = true;
                None
            }
            Err(Some(text)) => {
                problems.push(RowProblem::BadDate {
                    field,
                    text: text.to_string(),
                });
                None
            }
        }
    }

    pub(super) fn stage_id(&mut self, r: StageRef) -> StageId {
        match r {
            StageRef::Existing(p) => self.d.stages.get(p).map_or(StageId(0), |s| s.id),
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
                self.plan.stages_added.push(name.clone());
                self.new_stages.push(new_stage(id, name, kind));
                id
            }
        }
    }

    pub(super) fn row(&mut self, row: &PendingRow) -> Result<(), Vec<RowProblem>> {
        let d = self.d;
        let mut problems = Vec::new();
        let mut waiting_date = false;
        let created = self.resolve_date(
            Field::Created,
            &row.created,
            &mut problems,
            &mut waiting_date,
        );
        let expected = self.resolve_date(
            Field::ExpectedClose,
            &row.expected,
            &mut problems,
            &mut waiting_date,
        );
        let closed_col =
            self.resolve_date(Field::Closed, &row.closed, &mut problems, &mut waiting_date);
        let won_time = self.resolve_date(
            Field::Closed,
            &row.won_time,
            &mut problems,
            &mut waiting_date,
        );
        let lost_time = self.resolve_date(
            Field::Closed,
            &row.lost_time,
            &mut problems,
            &mut waiting_date,
        );

        let outcome = self.stage(row);
        let mut ask = None;
        let mut go = None;
        match outcome {
            StageOutcome::Problem(p) => problems.push(p),
            StageOutcome::Ask(name) => ask = Some(name),
            StageOutcome::Go { target, kind, via } => go = Some((target, kind, via)),
        }
        let exists = d.deal_ids.contains(&row.id);
        let mut closed = None;
        if let Some((_, kind, _)) = go {
            if kind != StageKind::Open {
                let explicit = closed_col.or(match kind {
                    StageKind::Won => won_time,
                    _ => lost_time,
                });
                if let (Some(c), Some(x)) = (created, explicit)
                    && x < c
                {
                    problems.push(RowProblem::ClosedBeforeCreated {
                        created: c,
                        closed: x,
                    });
                }
                closed = explicit.or(expected);
            }
            if kind == StageKind::Won
                && row.amount.is_none()
                && d.cols[Field::Amount.index()].is_some()
            {
                problems.push(RowProblem::MissingAmount);
            }
        }
        if row.seller.is_none() && !exists {
            problems.push(RowProblem::MissingSeller);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if waiting_date || ask.is_some() {
            if waiting_date {
                self.plan.ambiguous_dates = true;
                self.plan.ambiguous_date_rows += 1;
            }
            if let Some(name) = ask {
                match self.unknown_at.get(&name_key(&name)) {
                    Some(&i) => self.unknown[i].1 += 1,
                    None => {
                        self.unknown_at.insert(name_key(&name), self.unknown.len());
                        self.unknown.push((name, 1));
                    }
                }
            }
            return Ok(());
        }
        let Some((target, kind, via)) = go else {
            return Ok(());
        };
        if let Some(&first_line) = self.first_line.get(&row.id) {
            return Err(vec![RowProblem::DuplicateInFile { first_line }]);
        }
        self.first_line.insert(row.id, row.line);

        // The row imports: resolve or create what it names.
        let stage = self.stage_id(target);
        let via = via.map(|v| self.stage_id(v)).filter(|v| *v != stage);
        let client = self.client(row.client);
        let seller = row.seller.map(|s| self.seller(s));
        let mapped = |f: Field| d.cols[f.index()].is_some();
        let direction = mapped(Field::Direction).then(|| row.direction.map(|x| self.direction(x)));
        let deal_type = mapped(Field::DealType).then(|| row.deal_type.map(|x| self.deal_type(x)));
        let probability = mapped(Field::Probability).then(|| {
            row.probability.map(|v| {
                let pct = if self.fraction { v * 100.0 } else { v };
                pct.round().clamp(0.0, 100.0) as u8
            })
        });
        if row.other_currency {
            self.plan.other_currency_rows += 1;
        }
        if exists {
            self.plan.deals_updated += 1;
        } else {
            self.plan.deals_added += 1;
        }
        let amount = if mapped(Field::Amount) {
            Some(row.amount.unwrap_or(Money::ZERO))
        } else {
            None
        };
        self.plan.deals.push(DealImport {
            id: row.id,
            title: row.title.clone(),
            title_given: row.title_given,
            client,
            seller,
            direction,
            deal_type,
            amount,
            probability,
            expected_close: mapped(Field::ExpectedClose).then_some(expected),
            lost_reason: mapped(Field::LostReason).then(|| row.lost_reason.clone()),
            next_step: mapped(Field::NextStep).then(|| row.next_step.clone()),
            stage,
            kind,
            via,
            created,
            closed,
        });
        Ok(())
    }

    pub(super) fn seller(&mut self, i: u32) -> SellerId {
        if let Some(id) = self.seller_ids.get(&i) {
            return *id;
        }
        let key = self.d.sellers.key(i);
        let id = match self.d.seller_by_key.get(key) {
            Some(id) => *id,
            None => {
                let id = SellerId(self.fresh_id(SELLERS));
                let name = self.d.sellers.display(i).to_string();
                self.plan.sellers_added.push(name.clone());
                self.new_sellers.push(Seller { id, name });
                id
            }
        };
        self.seller_ids.insert(i, id);
        id
    }

    pub(super) fn client(&mut self, i: u32) -> ClientId {
        if let Some(id) = self.client_ids.get(&i) {
            return *id;
        }
        let key = self.d.clients.key(i);
        let id = match self.d.client_by_key.get(key) {
            Some(id) => *id,
            None => {
                let id = ClientId(self.fresh_id(CLIENTS));
                let name = self.d.clients.display(i).to_string();
                self.plan.clients_added.push(name.clone());
                self.new_clients.push(Client {
                    id,
                    name,
                    segment: String::new(),
                    key: false,
                    no_client: false,
                });
                id
            }
        };
        self.client_ids.insert(i, id);
        id
    }

    pub(super) fn direction(&mut self, i: u32) -> DirectionId {
        if let Some(id) = self.direction_ids.get(&i) {
            return *id;
        }
        let key = self.d.directions.key(i);
        let id = match self.d.direction_by_key.get(key) {
            Some(id) => *id,
            None => {
                let id = DirectionId(self.fresh_id(DIRECTIONS));
                let name = self.d.directions.display(i).to_string();
                self.plan.directions_added.push(name.clone());
                self.new_directions.push(Direction { id, name });
                id
            }
        };
        self.direction_ids.insert(i, id);
        id
    }

    pub(super) fn deal_type(&mut self, i: u32) -> DealTypeId {
        if let Some(id) = self.deal_type_ids.get(&i) {
            return *id;
        }
        let key = self.d.deal_types.key(i);
        let id = match self.d.deal_type_by_key.get(key) {
            Some(id) => *id,
            None => {
                let id = DealTypeId(self.fresh_id(DEAL_TYPES));
                let name = self.d.deal_types.display(i).to_string();
                self.plan.deal_types_added.push(name.clone());
                self.new_deal_types.push(DealType { id, name });
                id
            }
        };
        self.deal_type_ids.insert(i, id);
        id
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
