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

/// How a name of the file resolves against the workspace's names of its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NameState {
    /// The same name (by [`name_key`]) or a near duplicate the user said is the same.
    Known(u64),
    /// No such name, or a near duplicate the user said is another: created.
    New,
    /// A near duplicate not yet answered: index into [`ImportPlan::similar_names`].
    Ask(usize),
}

/// Resolves every name of one column (interner index order) and lists the questions.
fn name_states(
    names: &Interner,
    known: &KnownNames,
    kind: NameKind,
    answers: &[SameName],
    questions: &mut Vec<SimilarName>,
) -> Vec<NameState> {
    (0..names.len() as u32)
        .map(|i| {
            let key = names.key(i);
            if let Some(&id) = known.by_key.get(key) {
                return NameState::Known(id);
            }
            let Some((id, existing)) = known.by_loose.get(&loose_key(names.display(i))) else {
                return NameState::New;
            };
            match answers
                .iter()
                .find(|a| a.kind == kind && name_key(&a.name) == key)
            {
                Some(a) if a.same => NameState::Known(*id),
                Some(_) => NameState::New,
                None => {
                    questions.push(SimilarName {
                        kind,
                        name: names.display(i).to_string(),
                        existing: existing.clone(),
                        rows: 0,
                    });
                    NameState::Ask(questions.len() - 1)
                }
            }
        })
        .collect()
}

pub(super) struct Planner<'a> {
    pub(super) d: &'a ImportDraft,
    pub(super) order: Option<DateOrder>,
    pub(super) fraction: bool,
    /// Stage choices by name key: (display name, choice).
    pub(super) choices: HashMap<String, (String, StageChoice)>,
    pub(super) choice_list: Vec<(String, StageChoice)>,
    pub(super) rng: SplitMix64,
    pub(super) used: [HashSet<u64>; 6],
    pub(super) new_sellers: Vec<Seller>,
    pub(super) new_clients: Vec<Client>,
    pub(super) new_contacts: Vec<Contact>,
    pub(super) new_directions: Vec<Direction>,
    pub(super) new_deal_types: Vec<DealType>,
    /// Created stages, per choice index.
    pub(super) created_stages: HashMap<usize, StageId>,
    /// Created stages with their choice index (the pipeline order among them).
    pub(super) new_stages: Vec<(usize, Stage)>,
    /// Workspace stages (positions) that imported deals go to or close from.
    pub(super) targeted: HashSet<usize>,
    pub(super) client_state: Vec<NameState>,
    pub(super) seller_state: Vec<NameState>,
    pub(super) direction_state: Vec<NameState>,
    pub(super) similar: Vec<SimilarName>,
    /// The currency of the workspace after the import, and the one rows without a currency
    /// of their own are in (the user's answer), if any.
    pub(super) target_currency: String,
    pub(super) assumed_currency: Option<String>,
    pub(super) no_client_id: Option<ClientId>,
    pub(super) contact_ids: HashMap<(ClientId, u32), ContactId>,
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
        let o = &d.options;
        let mut similar = Vec::new();
        let client_state = name_states(
            &d.clients,
            &d.known_clients,
            NameKind::Client,
            &o.same_names,
            &mut similar,
        );
        let seller_state = name_states(
            &d.sellers,
            &d.known_sellers,
            NameKind::Seller,
            &o.same_names,
            &mut similar,
        );
        let direction_state = name_states(
            &d.directions,
            &d.known_directions,
            NameKind::Direction,
            &o.same_names,
            &mut similar,
        );
        // The currency: the workspace's, unless the workspace is empty and the file (or the
        // answer for a file that names none) says one other currency.
        let assumed_currency = o
            .currency
            .as_deref()
            .map(|c| currency_code(c).unwrap_or_else(|| c.trim().to_uppercase()));
        let mut file_currencies: Vec<&str> = Vec::new();
        for i in 0..d.currencies.len() as u32 {
            file_currencies.push(d.currencies.display(i));
        }
        if d.unmarked_amount_rows > 0
            && let Some(a) = &assumed_currency
            && !file_currencies.contains(&a.as_str())
        {
            file_currencies.push(a);
        }
        let target_currency = match file_currencies.as_slice() {
            [one] if d.workspace_empty && is_currency_code(one) => one.to_string(),
            _ => d.currency.clone(),
        };
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
            new_contacts: Vec::new(),
            new_directions: Vec::new(),
            new_deal_types: Vec::new(),
            created_stages: HashMap::new(),
            new_stages: Vec::new(),
            targeted: HashSet::new(),
            client_state,
            seller_state,
            direction_state,
            similar,
            target_currency,
            assumed_currency,
            no_client_id: d.no_client,
            contact_ids: HashMap::new(),
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
        if row.client.is_none() && d.options.skip_without_client {
            problems.push(RowProblem::MissingClient);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // Near-duplicate names not yet answered ("same as …?").
        let asks: Vec<usize> = [
            row.client.and_then(|i| self.client_state.get(i as usize)),
            row.seller.and_then(|i| self.seller_state.get(i as usize)),
            row.direction
                .and_then(|i| self.direction_state.get(i as usize)),
        ]
        .into_iter()
        .flatten()
        .filter_map(|s| match s {
            NameState::Ask(q) => Some(*q),
            _ => None,
        })
        .collect();
        if waiting_date || ask.is_some() || !asks.is_empty() {
            self.plan.waiting_rows += 1;
            for q in asks {
                self.similar[q].rows += 1;
            }
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
        let client = match row.client {
            Some(i) => Some(self.client(i)),
            // An update with an empty client cell keeps the stored client.
            None if exists => None,
            None => Some(self.no_client()),
        };
        let seller = row.seller.map(|s| self.seller(s));
        let mapped = |f: Field| d.cols[f.index()].is_some();
        let contacts = mapped(Field::Contact).then(|| self.contacts(row, client));
        let direction = mapped(Field::Direction).then(|| row.direction.map(|x| self.direction(x)));
        let deal_type = mapped(Field::DealType).then(|| row.deal_type.map(|x| self.deal_type(x)));
        let probability = mapped(Field::Probability).then(|| {
            row.probability.map(|v| {
                let pct = if self.fraction { v * 100.0 } else { v };
                pct.round().clamp(0.0, 100.0) as u8
            })
        });
        let currency = row
            .currency
            .map(|c| d.currencies.display(c))
            .or(row.amount.and(self.assumed_currency.as_deref()));
        if currency.is_some_and(|c| c != self.target_currency) {
            self.plan.other_currency_rows += 1;
        }
        if kind == StageKind::Open && row.amount.is_none() && mapped(Field::Amount) {
            self.plan.open_without_amount += 1;
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
            contacts,
        });
        Ok(())
    }

    /// The workspace's "no client" entry, created on first use (with the id every workspace
    /// gives it when that is free).
    fn no_client(&mut self) -> ClientId {
        if let Some(id) = self.no_client_id {
            return id;
        }
        let id = if self.used[CLIENTS].insert(NO_CLIENT_ID.0) {
            NO_CLIENT_ID
        } else {
            ClientId(self.fresh_id(CLIENTS))
        };
        let name = match self.d.options.no_client_name.trim() {
            "" => "No client".to_string(),
            n => n.to_string(),
        };
        self.plan.no_client_created = Some(name.clone());
        self.new_clients.push(Client {
            id,
            name,
            segment: String::new(),
            key: false,
            no_client: true,
        });
        self.no_client_id = Some(id);
        id
    }

    /// The row's contacts at its client: the workspace's (same name at the same client) or
    /// new ones; the first takes the row's position. Deals of the "no client" entry (and
    /// updates that keep their client) get none: a person always works at a client.
    fn contacts(&mut self, row: &PendingRow, client: Option<ClientId>) -> Vec<ContactId> {
        let Some(client) = client.filter(|c| Some(*c) != self.no_client_id) else {
            if !row.contacts.is_empty() {
                self.plan.contacts_without_client += 1;
            }
            return Vec::new();
        };
        let mut out = Vec::with_capacity(row.contacts.len());
        for (n, &i) in row.contacts.iter().enumerate() {
            if let Some(id) = self.contact_ids.get(&(client, i)) {
                out.push(*id);
                continue;
            }
            let key = self.d.contact_names.key(i).to_string();
            let id = match self.d.contact_by_key.get(&(client, key)) {
                Some(id) => *id,
                None => {
                    let id = ContactId(self.fresh_id(CONTACTS));
                    let name = self.d.contact_names.display(i).to_string();
                    self.plan.contacts_added.push(name.clone());
                    self.new_contacts.push(Contact {
                        id,
                        client,
                        name,
                        position: if n == 0 {
                            row.contact_position.clone().unwrap_or_default()
                        } else {
                            String::new()
                        },
                        role: None,
                        // "Unclear" until someone rates the relationship.
                        level: 1,
                    });
                    id
                }
            };
            self.contact_ids.insert((client, i), id);
            out.push(id);
        }
        out
    }

    pub(super) fn seller(&mut self, i: u32) -> SellerId {
        if let Some(id) = self.seller_ids.get(&i) {
            return *id;
        }
        let id = match self.seller_state.get(i as usize) {
            Some(NameState::Known(id)) => SellerId(*id),
            _ => {
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
        let id = match self.client_state.get(i as usize) {
            Some(NameState::Known(id)) => ClientId(*id),
            _ => {
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
        let id = match self.direction_state.get(i as usize) {
            Some(NameState::Known(id)) => DirectionId(*id),
            _ => {
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
        let id = match self.d.known_deal_types.by_key.get(key) {
            Some(id) => DealTypeId(*id),
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
