//! One pending row to one deal: its cells resolved against the file-wide decisions.

use chrono::NaiveDate;

use super::stages::StageOutcome;
use super::state::Planner;
use crate::edit::name_key;
use crate::import::cells::DateCell;
use crate::import::deal_import::DealImport;
use crate::import::draft::PendingRow;
use crate::import::mapping::Field;
use crate::import::names::{CLIENTS, CONTACTS, NameState};
use crate::import::options::RowProblem;
use crate::model::*;
use crate::money::Money;

impl Planner<'_> {
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
}
