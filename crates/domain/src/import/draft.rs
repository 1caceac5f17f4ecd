//! The draft: rows fed in chunks, each parsed once and kept as a small pending record.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::edit::{MAX_NAME_CHARS, MAX_TEXT_CHARS, name_key};
use crate::model::*;
use crate::money::Money;

/// Names seen in one column, kept once per [`name_key`] (the first spelling is the display).
#[derive(Clone, Debug, Default)]
pub(super) struct Interner {
    pub(super) names: Vec<(String, String)>,
    pub(super) by_key: HashMap<String, u32>,
}

impl Interner {
    pub(super) fn intern(&mut self, name: &str) -> u32 {
        let key = name_key(name);
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push((name.trim().to_string(), key.clone()));
        self.by_key.insert(key, i);
        i
    }

    pub(super) fn display(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |n| n.0.as_str())
    }

    pub(super) fn key(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |n| n.1.as_str())
    }

    pub(super) fn len(&self) -> usize {
        self.names.len()
    }
}

/// A name with case, spaces and punctuation removed: `Ultra Pro`, `UltraPro` and `ultra-pro`
/// are one loose key. Names equal this way but not by [`name_key`] are asked about ("same as
/// …?"), never merged silently.
pub fn loose_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The workspace's names of one list: by [`name_key`] (the same name) and by [`loose_key`] (a
/// near duplicate, asked about).
#[derive(Clone, Debug, Default)]
pub(super) struct KnownNames {
    pub(super) by_key: HashMap<String, u64>,
    /// The first item per loose key: its id and name.
    pub(super) by_loose: HashMap<String, (u64, String)>,
}

impl KnownNames {
    fn of<'a>(items: impl Iterator<Item = (&'a str, u64)>) -> Self {
        let mut known = KnownNames::default();
        for (name, id) in items {
            known.by_key.entry(name_key(name)).or_insert(id);
            let loose = loose_key(name);
            if !loose.is_empty() {
                known
                    .by_loose
                    .entry(loose)
                    .or_insert_with(|| (id, name.trim().to_string()));
            }
        }
        known
    }
}

/// One row that passed the cell checks, waiting for the file-wide decisions.
#[derive(Clone, Debug)]
pub(super) struct PendingRow {
    pub(super) line: u64,
    pub(super) id: DealId,
    /// The title cell, or the fallback `client #source id` (`title_given` false).
    pub(super) title: String,
    pub(super) title_given: bool,
    /// `None`: the client cell is empty (the deal goes to the "no client" entry, or is skipped).
    pub(super) client: Option<u32>,
    pub(super) seller: Option<u32>,
    pub(super) direction: Option<u32>,
    pub(super) deal_type: Option<u32>,
    pub(super) stage: Option<u32>,
    pub(super) hint: Option<Hint>,
    /// The status cell, to name a question or a conflict.
    pub(super) status_text: Option<u32>,
    pub(super) amount: Option<Money>,
    /// The currency the row names (Currency column, or a sign or code in the amount), as an
    /// ISO code when known, else as written: in [`ImportDraft::currencies`].
    pub(super) currency: Option<u32>,
    pub(super) probability: Option<f64>,
    pub(super) created: DateCell,
    pub(super) expected: DateCell,
    pub(super) closed: DateCell,
    pub(super) won_time: DateCell,
    pub(super) lost_time: DateCell,
    pub(super) lost_reason: Option<String>,
    pub(super) next_step: Option<String>,
    /// Contact names (in [`ImportDraft::contact_names`]) and the first one's position.
    pub(super) contacts: Vec<u32>,
    pub(super) contact_position: Option<String>,
}

/// Incremental import: feed rows in chunks, then [`plan`](ImportDraft::plan) or
/// [`finish`](ImportDraft::finish).
#[derive(Clone, Debug)]
pub struct ImportDraft {
    pub(super) options: ImportOptions,
    pub(super) layout: Layout,
    /// Prefix of hashed deal ids: the layout, or for custom files the source id's header.
    pub(super) namespace: String,
    pub(super) headers: usize,
    /// Column per field.
    pub(super) cols: [Option<usize>; Field::COUNT],
    pub(super) won_time_col: Option<usize>,
    pub(super) lost_time_col: Option<usize>,
    pub(super) closed_lost_col: Option<usize>,
    pub(super) status_bool_won: bool,
    // The workspace as it was.
    pub(super) currency: String,
    /// No deals and no plans: the import may set the currency and drop the unused stages.
    pub(super) workspace_empty: bool,
    pub(super) stages: Vec<Stage>,
    /// Per stage position: some deal is in it or passed through it.
    pub(super) stage_used: Vec<bool>,
    pub(super) stage_by_key: HashMap<String, usize>,
    pub(super) known_sellers: KnownNames,
    /// Real clients only: the "no client" entry is never matched by name.
    pub(super) known_clients: KnownNames,
    pub(super) known_directions: KnownNames,
    pub(super) known_deal_types: KnownNames,
    /// Existing contacts by (client, name key).
    pub(super) contact_by_key: HashMap<(ClientId, String), ContactId>,
    /// The workspace's "no client" entry, if it has one.
    pub(super) no_client: Option<ClientId>,
    pub(super) used_ids: [HashSet<u64>; 6],
    pub(super) deal_ids: HashSet<DealId>,
    // What the file holds.
    pub(super) sellers: Interner,
    pub(super) clients: Interner,
    pub(super) directions: Interner,
    pub(super) deal_types: Interner,
    pub(super) stage_names: Interner,
    pub(super) statuses: Interner,
    pub(super) currencies: Interner,
    pub(super) contact_names: Interner,
    /// Names from companion tables, which become items even with no deal: (interner index,
    /// segment for clients).
    pub(super) companion_clients: Vec<(u32, Option<String>)>,
    pub(super) companion_sellers: Vec<u32>,
    pub(super) companion_directions: Vec<u32>,
    /// Rows with an amount that name no currency: their currency is asked.
    pub(super) unmarked_amount_rows: usize,
    pub(super) rows: Vec<PendingRow>,
    pub(super) errors: Vec<RowError>,
    pub(super) prob_over_one: bool,
    pub(super) prob_percent_sign: bool,
    pub(super) day_first_seen: bool,
    pub(super) month_first_seen: bool,
    pub(super) rows_seen: usize,
}

pub(super) const SELLERS: usize = 0;
pub(super) const CLIENTS: usize = 1;
pub(super) const DIRECTIONS: usize = 2;
pub(super) const DEAL_TYPES: usize = 3;
pub(super) const STAGES: usize = 4;
pub(super) const CONTACTS: usize = 5;

impl ImportDraft {
    /// Checks the mapping: as many entries as headers; no field twice; Seller, Stage or Status,
    /// and Title or Source id mapped. (The client may be unmapped: every deal then goes to the
    /// "no client" entry.)
    pub fn new(
        ws: &Workspace,
        headers: &[String],
        mapping: &Mapping,
        options: ImportOptions,
    ) -> Result<ImportDraft, MappingError> {
        if mapping.columns.len() != headers.len() {
            return Err(MappingError::ColumnCount {
                expected: headers.len(),
                found: mapping.columns.len(),
            });
        }
        let mut cols = [None; Field::COUNT];
        for (i, f) in mapping.columns.iter().enumerate() {
            if let Some(f) = f {
                if cols[f.index()].is_some() {
                    return Err(MappingError::Duplicate(*f));
                }
                cols[f.index()] = Some(i);
            }
        }
        let has = |f: Field| cols[f.index()].is_some();
        if !has(Field::Title) && !has(Field::SourceId) {
            return Err(MappingError::NoTitleOrSourceId);
        }
        if !has(Field::Seller) {
            return Err(MappingError::NoSeller);
        }
        if !has(Field::Stage) && !has(Field::Status) {
            return Err(MappingError::NoStageOrStatus);
        }
        let keys: Vec<String> = headers.iter().map(|h| norm_header(h)).collect();
        let layout = detect(&keys);
        let unmapped = |name: &str| {
            keys.iter()
                .position(|k| k == name)
                .filter(|&i| mapping.columns[i].is_none())
        };
        let namespace = match (layout, cols[Field::SourceId.index()]) {
            (Layout::Custom, Some(i)) => format!("custom/{}", keys[i]),
            _ => layout.code().to_string(),
        };
        let status_bool_won =
            cols[Field::Status.index()].is_some_and(|i| keys[i] == CLOSED_WON_HEADER);

        let used = |ids: Vec<u64>| ids.into_iter().collect::<HashSet<u64>>();
        let mut stage_by_key = HashMap::new();
        for (i, s) in ws.stages.iter().enumerate() {
            stage_by_key.entry(name_key(&s.name)).or_insert(i);
        }
        let stage_pos: HashMap<StageId, usize> = ws
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect();
        let mut stage_used = vec![false; ws.stages.len()];
        for d in &ws.deals {
            for id in std::iter::once(d.stage).chain(d.history.iter().map(|e| e.stage)) {
                if let Some(&p) = stage_pos.get(&id) {
                    stage_used[p] = true;
                }
            }
        }
        let contact_by_key = ws
            .contacts
            .iter()
            .map(|c| ((c.client, name_key(&c.name)), c.id))
            .collect();
        Ok(ImportDraft {
            layout,
            namespace,
            headers: headers.len(),
            cols,
            won_time_col: unmapped(WON_TIME_HEADER),
            lost_time_col: unmapped(LOST_TIME_HEADER),
            closed_lost_col: unmapped(CLOSED_LOST_HEADER),
            status_bool_won,
            currency: ws.currency.trim().to_uppercase(),
            workspace_empty: ws.deals.is_empty() && ws.plans.is_empty(),
            stages: ws.stages.clone(),
            stage_used,
            stage_by_key,
            known_sellers: KnownNames::of(ws.sellers.iter().map(|x| (x.name.as_str(), x.id.0))),
            known_clients: KnownNames::of(ws.real_clients().map(|x| (x.name.as_str(), x.id.0))),
            known_directions: KnownNames::of(
                ws.directions.iter().map(|x| (x.name.as_str(), x.id.0)),
            ),
            known_deal_types: KnownNames::of(
                ws.deal_types.iter().map(|x| (x.name.as_str(), x.id.0)),
            ),
            contact_by_key,
            no_client: ws.no_client().map(|c| c.id),
            used_ids: [
                used(ws.sellers.iter().map(|x| x.id.0).collect()),
                used(ws.clients.iter().map(|x| x.id.0).collect()),
                used(ws.directions.iter().map(|x| x.id.0).collect()),
                used(ws.deal_types.iter().map(|x| x.id.0).collect()),
                used(ws.stages.iter().map(|x| x.id.0).collect()),
                used(ws.contacts.iter().map(|x| x.id.0).collect()),
            ],
            deal_ids: ws.deals.iter().map(|d| d.id).collect(),
            options,
            sellers: Interner::default(),
            clients: Interner::default(),
            directions: Interner::default(),
            deal_types: Interner::default(),
            stage_names: Interner::default(),
            statuses: Interner::default(),
            currencies: Interner::default(),
            contact_names: Interner::default(),
            companion_clients: Vec::new(),
            companion_sellers: Vec::new(),
            companion_directions: Vec::new(),
            unmarked_amount_rows: 0,
            rows: Vec::new(),
            errors: Vec::new(),
            prob_over_one: false,
            prob_percent_sign: false,
            day_first_seen: false,
            month_first_seen: false,
            rows_seen: 0,
        })
    }

    /// The layout the headers look like (it namespaces the deal ids).
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// Rows fed so far, blank ones included.
    pub fn rows_seen(&self) -> usize {
        self.rows_seen
    }

    /// Replaces the slash-date order (after the user answered the question).
    pub fn set_date_order(&mut self, order: Option<DateOrder>) {
        self.options.date_order = order;
    }

    /// Replaces the stage choices (after the user answered the questions).
    pub fn set_stage_choices(&mut self, choices: Vec<(String, StageChoice)>) {
        self.options.stage_choices = choices;
    }

    /// The options the next [`plan`](Self::plan) uses; the answers to the preview's questions
    /// and its choices are set here without reading the file again.
    pub fn options_mut(&mut self) -> &mut ImportOptions {
        &mut self.options
    }

    pub fn options(&self) -> &ImportOptions {
        &self.options
    }

    /// Adds the names of a companion table (accounts, products, teams): they become clients
    /// (with their segments), directions or sellers even when no deal names them, matched to
    /// the workspace's like the deals' names.
    pub fn add_companion(&mut self, table: &Companion) {
        for item in &table.names {
            match table.kind {
                CompanionKind::Accounts => {
                    let i = self.clients.intern(&item.name);
                    self.companion_clients.push((i, item.segment.clone()));
                }
                CompanionKind::Products => {
                    let i = self.directions.intern(&item.name);
                    self.companion_directions.push(i);
                }
                CompanionKind::Teams => {
                    let i = self.sellers.intern(&item.name);
                    self.companion_sellers.push(i);
                }
            }
        }
    }

    /// A record the CSV reader could not read: listed as a row error.
    pub fn feed_error(&mut self, line: u64, message: &str) {
        self.rows_seen += 1;
        self.errors.push(RowError {
            line,
            reason: RowProblem::Unreadable(message.to_string()),
        });
    }

    /// Reads a chunk of rows. Blank rows are skipped; rows with a bad cell become row errors.
    pub fn feed(&mut self, rows: &[RawRow<'_>]) {
        for row in rows {
            self.rows_seen += 1;
            let problems = match self.read_row(row) {
                Ok(Some(pending)) => {
                    self.rows.push(pending);
                    continue;
                }
                Ok(None) => continue,
                Err(problems) => problems,
            };
            self.errors
                .extend(problems.into_iter().map(|reason| RowError {
                    line: row.line,
                    reason,
                }));
        }
    }

    /// `Ok(None)`: a blank row.
    pub(super) fn read_row(
        &mut self,
        row: &RawRow<'_>,
    ) -> Result<Option<PendingRow>, Vec<RowProblem>> {
        let cells = row.cells;
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(None);
        }
        let n = self.headers;
        if cells.len() < n || cells[n..].iter().any(|c| !c.trim().is_empty()) {
            return Err(vec![RowProblem::WrongCellCount {
                expected: n,
                found: cells.len(),
            }]);
        }
        let cell = |i: Option<usize>| -> Option<&str> {
            i.and_then(|i| cells.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let get = |f: Field| cell(self.cols[f.index()]);
        let mut problems = Vec::new();
        let name = |f: Field, max: usize, problems: &mut Vec<RowProblem>| -> Option<&str> {
            let v = get(f)?;
            if v.chars().count() > max {
                problems.push(RowProblem::TooLong { field: f });
                return None;
            }
            Some(v)
        };

        let source = name(Field::SourceId, MAX_NAME_CHARS, &mut problems);
        let title = name(Field::Title, MAX_NAME_CHARS, &mut problems);
        let client = name(Field::Client, MAX_NAME_CHARS, &mut problems);
        let seller = name(Field::Seller, MAX_NAME_CHARS, &mut problems);
        let direction = name(Field::Direction, MAX_NAME_CHARS, &mut problems);
        let deal_type = name(Field::DealType, MAX_NAME_CHARS, &mut problems);
        let stage = name(Field::Stage, MAX_NAME_CHARS, &mut problems);
        let lost_reason = name(Field::LostReason, MAX_TEXT_CHARS, &mut problems);
        let next_step = name(Field::NextStep, MAX_TEXT_CHARS, &mut problems);
        let contact_position = name(Field::ContactPosition, MAX_NAME_CHARS, &mut problems);
        let contacts = get(Field::Contact).map_or_else(Vec::new, contact_names);
        if contacts.iter().any(|c| c.chars().count() > MAX_NAME_CHARS) {
            problems.push(RowProblem::TooLong {
                field: Field::Contact,
            });
        }
        if get(Field::Title).is_none() && get(Field::SourceId).is_none() {
            problems.push(RowProblem::MissingTitle);
        }

        // Status: the Status column (HubSpot's pair of booleans), else amoCRM's "не закрыта".
        let status_cell = get(Field::Status);
        let mut hint = None;
        if let Some(s) = status_cell {
            match parse_status(s, self.status_bool_won) {
                Ok(h) => hint = h,
                Err(()) => problems.push(RowProblem::BadStatus(s.to_string())),
            }
        }
        if let Some(lost) = cell(self.closed_lost_col).and_then(parse_bool) {
            hint = match (hint, lost) {
                (Some(Hint::Won), true) => {
                    problems.push(RowProblem::BadStatus(
                        status_cell.unwrap_or_default().to_string(),
                    ));
                    None
                }
                (_, true) => Some(Hint::Lost),
                (Some(Hint::NotWon), false) => Some(Hint::Open),
                (h, false) => h,
            };
        }
        let closed_text = get(Field::Closed);
        let closed_open_marker =
            closed_text.is_some_and(|t| NOT_CLOSED_WORDS.contains(&name_key(t).as_str()));
        if hint.is_none() && closed_open_marker {
            hint = Some(Hint::Open);
        }

        let mut currency = None;
        let amount = match get(Field::Amount) {
            None => None,
            Some(t) => match parse_import_amount(t) {
                Ok((m, cur)) => {
                    currency = cur;
                    Some(m)
                }
                Err(_) => {
                    problems.push(RowProblem::BadAmount(t.to_string()));
                    None
                }
            },
        };
        if let Some(c) = get(Field::Currency) {
            // Not a currency at all: kept as written, so it never passes for the workspace's.
            currency = Some(currency_code(c).unwrap_or_else(|| c.to_uppercase()));
        }
        let probability = match get(Field::Probability) {
            None => None,
            Some(t) => match parse_probability(t) {
                Ok((v, pct)) => {
                    self.prob_over_one |= v > 1.0;
                    self.prob_percent_sign |= pct;
                    Some(v)
                }
                Err(()) => {
                    problems.push(RowProblem::BadProbability(t.to_string()));
                    None
                }
            },
        };
        let mut date = |field: Field, text: Option<&str>, problems: &mut Vec<RowProblem>| {
            let Some(t) = text else {
                return DateCell::Empty;
            };
            match parse_date_cell(t) {
                Some(d) => {
                    if let DateCell::Slash { a, b, .. } = &d {
                        self.day_first_seen |= *a > 12;
                        self.month_first_seen |= *b > 12;
                    }
                    d
                }
                None => {
                    problems.push(RowProblem::BadDate {
                        field,
                        text: t.to_string(),
                    });
                    DateCell::Empty
                }
            }
        };
        let created = date(Field::Created, get(Field::Created), &mut problems);
        let expected = date(
            Field::ExpectedClose,
            get(Field::ExpectedClose),
            &mut problems,
        );
        let closed = if closed_open_marker {
            DateCell::Empty
        } else {
            date(Field::Closed, closed_text, &mut problems)
        };
        let won_time = date(Field::Closed, cell(self.won_time_col), &mut problems);
        let lost_time = date(Field::Closed, cell(self.lost_time_col), &mut problems);

        if !problems.is_empty() {
            return Err(problems);
        }
        if title.is_none() && source.is_none() {
            return Err(vec![RowProblem::MissingTitle]);
        }
        let id = match source {
            Some(s) => deal_id_of(&[&self.namespace, s]),
            None => deal_id_of(&[
                "row",
                &name_key(title.unwrap_or_default()),
                &name_key(client.unwrap_or_default()),
                get(Field::Created).unwrap_or_default(),
            ]),
        };
        let (title, title_given) = match (title, source) {
            (Some(t), _) => (t.to_string(), true),
            (None, s) => {
                let who = client.unwrap_or(self.options.no_client_name.trim());
                (format!("{who} #{}", s.unwrap_or_default()), false)
            }
        };
        if amount.is_some() && currency.is_none() {
            self.unmarked_amount_rows += 1;
        }
        let contact_ids = contacts
            .iter()
            .map(|c| self.contact_names.intern(c))
            .collect();
        Ok(Some(PendingRow {
            line: row.line,
            id,
            title,
            title_given,
            client: client.map(|c| self.clients.intern(c)),
            seller: seller.map(|s| self.sellers.intern(s)),
            direction: direction.map(|s| self.directions.intern(s)),
            deal_type: deal_type.map(|s| self.deal_types.intern(s)),
            stage: stage.map(|s| self.stage_names.intern(s)),
            hint,
            status_text: status_cell
                .or(closed_text.filter(|_| closed_open_marker))
                .map(|s| self.statuses.intern(s)),
            amount,
            currency: currency.map(|c| self.currencies.intern(&c)),
            probability,
            created,
            expected,
            closed,
            won_time,
            lost_time,
            lost_reason: lost_reason.map(str::to_string),
            next_step: next_step.map(str::to_string),
            contacts: contact_ids,
            contact_position: contact_position.map(str::to_string),
        }))
    }

    /// The slash-date order: the user's, else the file's when its values tell.
    pub(super) fn date_order(&self) -> Option<DateOrder> {
        self.options
            .date_order
            .or(match (self.day_first_seen, self.month_first_seen) {
                (true, false) => Some(DateOrder::DayFirst),
                (false, true) => Some(DateOrder::MonthFirst),
                _ => None,
            })
    }

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

/// The names in a contact cell: several separated by `;` or line breaks; HubSpot's
/// `Name (email)` keeps the name (an entry that is only an email is kept as it is).
pub(super) fn contact_names(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in cell.split([';', '\n']) {
        let part = part.trim();
        let name = match part.find(" (") {
            Some(i) if part.ends_with(')') => part[..i].trim(),
            _ => part,
        };
        if !name.is_empty() && !out.iter().any(|n| name_key(n) == name_key(name)) {
            out.push(name.to_string());
        }
    }
    out
}
