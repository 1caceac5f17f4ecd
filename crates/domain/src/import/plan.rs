//! The plan: what importing the file would do, and applying it to a workspace.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::*;
use crate::model::*;
use crate::money::Money;

/// A name of the file that matches a workspace name only once case, spaces and punctuation are
/// ignored (`UltraPro` / `Ultra Pro`): the user says whether it is the same ([`SameName`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimilarName {
    pub kind: NameKind,
    /// As in the file.
    pub name: String,
    /// The workspace's name it resembles.
    pub existing: String,
    /// Rows waiting for the answer (0 for a name only a companion table lists).
    pub rows: usize,
}

/// What importing the file would do. Rows waiting for an answer (unknown stages, ambiguous
/// dates, near-duplicate names) and rows with errors are not in the counts and not imported;
/// nothing may be applied while [`is_complete`](Self::is_complete) is false.
#[derive(Clone, Debug)]
pub struct ImportPlan {
    pub deals_added: usize,
    pub deals_updated: usize,
    pub clients_added: Vec<String>,
    pub sellers_added: Vec<String>,
    pub directions_added: Vec<String>,
    /// New stages, in the pipeline order they take (the order of the choices).
    pub stages_added: Vec<String>,
    pub deal_types_added: Vec<String>,
    pub contacts_added: Vec<String>,
    /// Workspace stages removed because no deal uses them ([`ImportOptions::only_file_stages`]).
    pub stages_removed: Vec<String>,
    /// Rows whose client cell is empty: imported under the "no client" entry, or skipped (as row
    /// errors) with [`ImportOptions::skip_without_client`].
    pub no_client_rows: usize,
    /// The name of the "no client" entry this import creates (the workspace has none yet).
    pub no_client_created: Option<String>,
    /// Rows naming contacts whose deal has no client: those contacts are not created.
    pub contacts_without_client: usize,
    /// Some of the file's amounts name no currency (no Currency column, no sign or code) and
    /// none was given ([`ImportOptions::currency`]): the UI asks before anything is applied.
    pub currency_question: bool,
    /// The workspace currency after the import, when it changes: an empty workspace (no deals,
    /// no plans) takes the one currency of the file.
    pub new_currency: Option<String>,
    /// Near-duplicate names waiting for "same as …?" answers.
    pub similar_names: Vec<SimilarName>,
    /// Open deals imported with an empty amount cell (their amount is 0): the preview says how
    /// many, since they weigh nothing in the pipeline.
    pub open_without_amount: usize,
    /// Rows waiting for an answer (stage, date order, same name).
    pub waiting_rows: usize,
    /// Stage names in the file matching no existing stage and with no [`StageChoice`] given,
    /// with their row counts: the UI asks the user to map each (existing stage or create with a
    /// kind). Until chosen, those rows are not imported. (A won/lost status with no won/lost
    /// stage at all is asked under the status text, e.g. `Won`.)
    pub unknown_stages: Vec<(String, usize)>,
    /// Some date like 03/04/2026 could be DD/MM or MM/DD and no order was given: the UI asks.
    pub ambiguous_dates: bool,
    /// Rows waiting for the date order.
    pub ambiguous_date_rows: usize,
    /// Imported rows whose currency (Currency column, or a sign or code in the amount) is not
    /// the workspace's: imported as they are, the UI warns.
    pub other_currency_rows: usize,
    /// Skipped rows, by line.
    pub row_errors: Vec<RowError>,
    pub(super) today: NaiveDate,
    pub(super) now_ms: i64,
    pub(super) new_sellers: Vec<Seller>,
    pub(super) new_clients: Vec<Client>,
    pub(super) new_contacts: Vec<Contact>,
    pub(super) new_directions: Vec<Direction>,
    pub(super) new_deal_types: Vec<DealType>,
    pub(super) new_stages: Vec<Stage>,
    /// Segments from an accounts table for existing clients that have none.
    pub(super) segments: Vec<(ClientId, String)>,
    pub(super) remove_stages: Vec<StageId>,
    pub(super) deals: Vec<DealImport>,
}

impl ImportPlan {
    pub(super) fn empty(today: NaiveDate, now_ms: i64) -> Self {
        ImportPlan {
            deals_added: 0,
            deals_updated: 0,
            clients_added: Vec::new(),
            sellers_added: Vec::new(),
            directions_added: Vec::new(),
            stages_added: Vec::new(),
            deal_types_added: Vec::new(),
            contacts_added: Vec::new(),
            stages_removed: Vec::new(),
            no_client_rows: 0,
            no_client_created: None,
            contacts_without_client: 0,
            currency_question: false,
            new_currency: None,
            similar_names: Vec::new(),
            open_without_amount: 0,
            waiting_rows: 0,
            unknown_stages: Vec::new(),
            ambiguous_dates: false,
            ambiguous_date_rows: 0,
            other_currency_rows: 0,
            row_errors: Vec::new(),
            today,
            now_ms,
            new_sellers: Vec::new(),
            new_clients: Vec::new(),
            new_contacts: Vec::new(),
            new_directions: Vec::new(),
            new_deal_types: Vec::new(),
            new_stages: Vec::new(),
            segments: Vec::new(),
            remove_stages: Vec::new(),
            deals: Vec::new(),
        }
    }

    /// Rows that will be imported (added or updated).
    pub fn valid_rows(&self) -> usize {
        self.deals_added + self.deals_updated
    }

    /// True when no question is open (unknown stages, the date order, the currency, same
    /// names): only then may the plan be applied.
    pub fn is_complete(&self) -> bool {
        self.open_questions() == 0
    }

    /// How many questions wait for an answer.
    pub fn open_questions(&self) -> usize {
        self.unknown_stages.len()
            + usize::from(self.ambiguous_dates)
            + usize::from(self.currency_question)
            + self.similar_names.len()
    }

    /// The workspace with the import applied: new names and stages added, deals created or
    /// updated by id (`updated_at = now_ms`). Meant for the workspace the draft was made from;
    /// on another one, deals whose stage, client or seller has vanished are left out.
    pub fn apply(self, ws: &Workspace) -> Workspace {
        let mut out = ws.clone();
        self.apply_in_place(&mut out);
        out
    }

    /// [`apply`](Self::apply) without the copy.
    pub fn apply_in_place(self, ws: &mut Workspace) {
        let today = self.today;
        let now_ms = self.now_ms;
        fn add<T, I: Eq + std::hash::Hash>(list: &mut Vec<T>, new: Vec<T>, id: impl Fn(&T) -> I) {
            let mut have: HashSet<I> = list.iter().map(&id).collect();
            for item in new {
                if have.insert(id(&item)) {
                    list.push(item);
                }
            }
        }
        if let Some(c) = self.new_currency {
            ws.currency = c;
        }
        add(&mut ws.sellers, self.new_sellers, |x| x.id);
        // One "no client" entry per workspace, whatever the plan was made from.
        let has_no_client = ws.no_client().is_some();
        let new_clients = self
            .new_clients
            .into_iter()
            .filter(|c| !(c.no_client && has_no_client))
            .collect();
        add(&mut ws.clients, new_clients, |x| x.id);
        for (id, segment) in self.segments {
            if let Some(c) = ws.clients.iter_mut().find(|c| c.id == id)
                && c.segment.trim().is_empty()
            {
                c.segment = segment;
            }
        }
        let client_ids: HashSet<ClientId> = ws.clients.iter().map(|c| c.id).collect();
        let new_contacts = self
            .new_contacts
            .into_iter()
            .filter(|c| client_ids.contains(&c.client))
            .collect();
        add(&mut ws.contacts, new_contacts, |x| x.id);
        add(&mut ws.directions, self.new_directions, |x| x.id);
        add(&mut ws.deal_types, self.new_deal_types, |x| x.id);
        for st in self.new_stages {
            if ws.stages.iter().any(|x| x.id == st.id) {
                continue;
            }
            let at = match st.kind {
                StageKind::Open => ws
                    .stages
                    .iter()
                    .rposition(|s| s.kind == StageKind::Open)
                    .map_or(0, |i| i + 1),
                StageKind::Won | StageKind::Lost => ws.stages.len(),
            };
            ws.stages.insert(at, st);
        }

        let stage_kind: HashMap<StageId, StageKind> =
            ws.stages.iter().map(|s| (s.id, s.kind)).collect();
        let clients = client_ids;
        let contacts: HashSet<ContactId> = ws.contacts.iter().map(|c| c.id).collect();
        let sellers: HashSet<SellerId> = ws.sellers.iter().map(|c| c.id).collect();
        let directions: HashSet<DirectionId> = ws.directions.iter().map(|c| c.id).collect();
        let deal_types: HashSet<DealTypeId> = ws.deal_types.iter().map(|c| c.id).collect();
        let mut position: HashMap<DealId, usize> = ws
            .deals
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect();

        for imp in self.deals {
            let refs_ok = stage_kind.get(&imp.stage) == Some(&imp.kind)
                && imp.via.is_none_or(|v| stage_kind.contains_key(&v))
                && imp.client.is_none_or(|c| clients.contains(&c))
                && imp
                    .contacts
                    .as_ref()
                    .is_none_or(|l| l.iter().all(|c| contacts.contains(c)))
                && imp.seller.is_none_or(|s| sellers.contains(&s))
                && imp
                    .direction
                    .flatten()
                    .is_none_or(|x| directions.contains(&x))
                && imp
                    .deal_type
                    .flatten()
                    .is_none_or(|x| deal_types.contains(&x));
            if !refs_ok {
                continue;
            }
            match position.get(&imp.id) {
                Some(&i) => {
                    update_deal(
                        &mut ws.deals[i],
                        imp,
                        |s| stage_kind.get(&s).copied(),
                        today,
                        now_ms,
                    );
                }
                None => {
                    let Some(deal) = new_deal(imp, today, now_ms) else {
                        continue;
                    };
                    position.insert(deal.id, ws.deals.len());
                    ws.deals.push(deal);
                }
            }
        }
        // Stages no deal uses once the file is in (only those the plan chose, and only if still
        // unused on this workspace; one open stage always stays).
        if !self.remove_stages.is_empty() {
            let used: HashSet<StageId> = ws
                .deals
                .iter()
                .flat_map(|d| std::iter::once(d.stage).chain(d.history.iter().map(|e| e.stage)))
                .collect();
            let gone: HashSet<StageId> = self
                .remove_stages
                .into_iter()
                .filter(|s| !used.contains(s))
                .collect();
            let open_left = ws
                .stages
                .iter()
                .filter(|s| s.kind == StageKind::Open && !gone.contains(&s.id))
                .count();
            if open_left > 0 {
                ws.stages.retain(|s| !gone.contains(&s.id));
            }
        }
    }
}

/// A new deal: missing creation = today (or the close date if earlier); won/lost close date
/// from the file, else today, never before creation; history `[(stage, created)]`, or
/// `[(open stage, created), (won/lost stage, closed)]` when the file said where it closed, else
/// `[(won/lost stage, closed)]`.
pub(super) fn new_deal(imp: DealImport, today: NaiveDate, now_ms: i64) -> Option<Deal> {
    let seller = imp.seller?;
    let client = imp.client?;
    let created = imp
        .created
        .unwrap_or_else(|| imp.closed.map_or(today, |c| c.min(today)));
    let closed = match imp.kind {
        StageKind::Open => None,
        StageKind::Won | StageKind::Lost => Some(imp.closed.unwrap_or(today).max(created)),
    };
    let history = match (imp.via, closed) {
        (Some(via), Some(c)) => vec![
            StageEntry {
                stage: via,
                entered: created,
            },
            StageEntry {
                stage: imp.stage,
                entered: c,
            },
        ],
        // Won or lost with no known open stage before: the one entry is the close (metrics.md:
        // the close date is the day the deal entered won or lost); where it was before is not
        // known, so no stage is made up for it.
        (None, Some(c)) => vec![StageEntry {
            stage: imp.stage,
            entered: c,
        }],
        _ => vec![StageEntry {
            stage: imp.stage,
            entered: created,
        }],
    };
    Some(Deal {
        id: imp.id,
        title: imp.title,
        client,
        seller,
        direction: imp.direction.flatten(),
        deal_type: imp.deal_type.flatten(),
        amount: imp.amount.unwrap_or(Money::ZERO),
        probability: imp.probability.flatten(),
        stage: imp.stage,
        created,
        expected_close: imp.expected_close.flatten(),
        closed,
        history,
        next_step: imp.next_step.flatten().map(|text| NextStep {
            text,
            due: None,
            done: false,
        }),
        lost_reason: if imp.kind == StageKind::Lost {
            imp.lost_reason.flatten()
        } else {
            None
        },
        contacts: imp.contacts.unwrap_or_default(),
        forecast_category: None,
        updated_at: now_ms,
    })
}

/// An existing deal: imported fields overwritten (unmapped ones kept), history kept; a stage
/// change appends `(stage, day)` with day = the close date for won/lost, today for open, never
/// before the last entry. Dates are then kept consistent: no history entry and no close date
/// before creation.
pub(super) fn update_deal(
    d: &mut Deal,
    imp: DealImport,
    kind_of: impl Fn(StageId) -> Option<StageKind>,
    today: NaiveDate,
    now_ms: i64,
) {
    if imp.title_given {
        d.title = imp.title;
    }
    if let Some(c) = imp.client {
        d.client = c;
    }
    for c in imp.contacts.into_iter().flatten() {
        if !d.contacts.contains(&c) {
            d.contacts.push(c);
        }
    }
    if let Some(s) = imp.seller {
        d.seller = s;
    }
    if let Some(x) = imp.direction {
        d.direction = x;
    }
    if let Some(x) = imp.deal_type {
        d.deal_type = x;
    }
    if let Some(x) = imp.amount {
        d.amount = x;
    }
    if let Some(x) = imp.probability {
        d.probability = x;
    }
    if let Some(x) = imp.expected_close {
        d.expected_close = x;
    }
    if let Some(c) = imp.created {
        d.created = c;
    }
    let stored_kind = kind_of(d.stage);
    let closed = match imp.kind {
        StageKind::Open => None,
        kind => Some(
            imp.closed
                .or(d.closed.filter(|_| stored_kind == Some(kind)))
                .unwrap_or(today),
        ),
    };
    if d.stage != imp.stage {
        let last = d.history.last().map(|e| e.entered);
        let on = closed
            .unwrap_or(today)
            .max(last.unwrap_or(d.created))
            .max(d.created);
        d.history.push(StageEntry {
            stage: imp.stage,
            entered: on,
        });
        d.stage = imp.stage;
    }
    d.closed = closed;
    match imp.kind {
        StageKind::Lost => {
            if let Some(r) = imp.lost_reason {
                d.lost_reason = r;
            }
        }
        _ => d.lost_reason = None,
    }
    if let Some(step) = imp.next_step {
        d.next_step = match step {
            None => None,
            Some(text) if d.next_step.as_ref().is_some_and(|s| s.text == text) => {
                d.next_step.take()
            }
            Some(text) => Some(NextStep {
                text,
                due: None,
                done: false,
            }),
        };
    }
    // Keep the dates consistent whatever the file said about creation.
    let created = d.created;
    for e in &mut d.history {
        if e.entered < created {
            e.entered = created;
        }
    }
    if d.history.last().is_none_or(|e| e.stage != d.stage) {
        let on = d.history.last().map_or(created, |e| e.entered.max(created));
        d.history.push(StageEntry {
            stage: d.stage,
            entered: on,
        });
    }
    if let Some(c) = d.closed
        && c < created
    {
        d.closed = Some(created);
    }
    d.align_close_entry(kind_of);
    d.updated_at = now_ms;
}
