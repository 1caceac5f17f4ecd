//! Validation of a whole workspace: every problem, each with the path of the offending value.

use std::collections::HashSet;

use super::edit::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
use super::entity::{Entity, Named};
use super::model::*;
use super::money::MAX_AMOUNT;

/// One thing wrong in a workspace, where it is and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Path of the offending value, e.g. `deals[12].client`.
    pub path: String,
    pub kind: ProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// Two items of one list share an id.
    DuplicateId(u64),
    /// A reference to an item that does not exist (`what` names the list).
    MissingReference {
        what: &'static str,
        id: u64,
    },
    NegativeAmount,
    AmountTooLarge,
    /// A probability outside 0–100.
    ProbabilityOutOfRange(u8),
    /// A relationship level outside 0–5.
    LevelOutOfRange(u8),
    /// A close date earlier than the creation date.
    CloseBeforeCreation,
    /// Stage history dates go backwards.
    HistoryOutOfOrder,
    /// A deal with no stage history.
    HistoryEmpty,
    /// The last history entry is not the deal's current stage.
    HistoryNotCurrent,
    /// A history entry dated before the deal was created.
    HistoryBeforeCreation,
    /// A won or lost deal without a close date.
    ClosedWithoutDate,
    /// An open deal with a close date.
    OpenWithCloseDate,
    /// A name that is empty or only spaces.
    EmptyName,
    /// The pipeline has no open stage.
    NoOpenStage,
    /// Two plans for the same seller and month.
    DuplicatePlan,
    /// A month outside 1–12.
    MonthOutOfRange(u32),
    /// The currency is not a three-letter code.
    BadCurrency,
    /// A won or lost deal whose close date is not the day its history enters that outcome
    /// (metrics.md: the close date is the day the deal entered won or lost).
    CloseNotInHistory,
    /// A second "no client" entry: a workspace has at most one.
    ExtraNoClient,
    /// A name or text longer than the app takes (names and titles `MAX_NAME_CHARS`, free text
    /// `MAX_TEXT_CHARS`): a file's 5-million-character title is refused, not stored.
    TextTooLong {
        chars: usize,
        max: usize,
    },
}

impl ProblemKind {
    /// A stable code, used as the key of the translated message.
    pub fn code(&self) -> &'static str {
        match self {
            ProblemKind::DuplicateId(_) => "duplicate_id",
            ProblemKind::MissingReference { .. } => "missing_reference",
            ProblemKind::NegativeAmount => "negative_amount",
            ProblemKind::AmountTooLarge => "amount_too_large",
            ProblemKind::ProbabilityOutOfRange(_) => "probability_out_of_range",
            ProblemKind::LevelOutOfRange(_) => "level_out_of_range",
            ProblemKind::CloseBeforeCreation => "close_before_creation",
            ProblemKind::HistoryOutOfOrder => "history_out_of_order",
            ProblemKind::HistoryEmpty => "history_empty",
            ProblemKind::HistoryNotCurrent => "history_not_current",
            ProblemKind::HistoryBeforeCreation => "history_before_creation",
            ProblemKind::ClosedWithoutDate => "closed_without_date",
            ProblemKind::OpenWithCloseDate => "open_with_close_date",
            ProblemKind::EmptyName => "empty_name",
            ProblemKind::NoOpenStage => "no_open_stage",
            ProblemKind::DuplicatePlan => "duplicate_plan",
            ProblemKind::MonthOutOfRange(_) => "month_out_of_range",
            ProblemKind::BadCurrency => "bad_currency",
            ProblemKind::CloseNotInHistory => "close_not_in_history",
            ProblemKind::ExtraNoClient => "extra_no_client",
            ProblemKind::TextTooLong { .. } => "text_too_long",
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {:?}", self.path, self.kind)
    }
}

struct Collector(Vec<Problem>);

impl Collector {
    fn push(&mut self, path: impl Into<String>, kind: ProblemKind) {
        self.0.push(Problem {
            path: path.into(),
            kind,
        });
    }

    /// A reference at `path` to item `id` of list `what`, which does not exist.
    fn missing(&mut self, path: impl Into<String>, what: &'static str, id: u64) {
        self.push(path, ProblemKind::MissingReference { what, id });
    }
}

/// The ids of one list; each repeated one is a problem.
fn ids<T: Entity>(out: &mut Collector, ws: &Workspace) -> HashSet<T::Id> {
    let items = T::list(ws);
    let mut seen = HashSet::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let v = item.id();
        if !seen.insert(v) {
            out.push(
                format!("{}[{i}].id", T::KIND.list_name()),
                ProblemKind::DuplicateId(T::raw(v)),
            );
        }
    }
    seen
}

/// Every name of one list that is empty or only spaces.
fn names<T: Named>(out: &mut Collector, ws: &Workspace) {
    for (i, x) in T::list(ws).iter().enumerate() {
        name(
            out,
            || format!("{}[{i}].name", T::KIND.list_name()),
            x.name(),
        );
    }
}

/// An empty or too long name. The path is built only for a problem: formatting one per field of
/// every deal was most of validating a 100,000-deal workspace.
fn name(out: &mut Collector, path: impl FnOnce() -> String, value: &str) {
    if value.trim().is_empty() {
        out.push(path(), ProblemKind::EmptyName);
    } else {
        text(out, path, value, MAX_NAME_CHARS);
    }
}

/// Texts longer than the app takes; counted in characters only when the bytes could exceed it.
fn text(out: &mut Collector, path: impl FnOnce() -> String, value: &str, max: usize) {
    if value.len() > max {
        let chars = value.chars().count();
        if chars > max {
            out.push(path(), ProblemKind::TextTooLong { chars, max });
        }
    }
}

/// Whether `closed` misses the run of `kind` (won or lost) entries that ends a deal's history:
/// the close date must be the day of one of them (moving between two won stages keeps the close
/// date; a stage that became won later makes its entry part of the run). False for an empty run;
/// `None` when a stage of that run is missing (reported on its own).
fn close_not_in_outcome_run(
    ws: &Workspace,
    d: &Deal,
    kind: StageKind,
    closed: chrono::NaiveDate,
) -> Option<bool> {
    let (mut any, mut found) = (false, false);
    for e in d.history.iter().rev() {
        match ws.stages.iter().find(|s| s.id == e.stage) {
            Some(s) if s.kind == kind => {
                any = true;
                found |= e.entered == closed;
            }
            Some(_) => break,
            None => return None,
        }
    }
    Some(any && !found)
}

/// Checks every rule of the model; an empty result means the workspace is sound.
pub fn validate(ws: &Workspace) -> Vec<Problem> {
    let mut out = Collector(Vec::new());
    let c = &ws.currency;
    if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_uppercase()) {
        out.push("currency", ProblemKind::BadCurrency);
    }

    let sellers = ids::<Seller>(&mut out, ws);
    let clients = ids::<Client>(&mut out, ws);
    let contacts = ids::<Contact>(&mut out, ws);
    let directions = ids::<Direction>(&mut out, ws);
    let stages = ids::<Stage>(&mut out, ws);
    ids::<Deal>(&mut out, ws);
    let roles = ids::<Role>(&mut out, ws);
    let deal_types = ids::<DealType>(&mut out, ws);

    names::<Seller>(&mut out, ws);
    names::<Client>(&mut out, ws);
    let mut no_client_seen = false;
    for (i, s) in ws.clients.iter().enumerate() {
        text(
            &mut out,
            || format!("clients[{i}].segment"),
            &s.segment,
            MAX_NAME_CHARS,
        );
        if s.no_client && std::mem::replace(&mut no_client_seen, true) {
            out.push(
                format!("clients[{i}].no_client"),
                ProblemKind::ExtraNoClient,
            );
        }
    }
    names::<Direction>(&mut out, ws);
    names::<Role>(&mut out, ws);
    names::<DealType>(&mut out, ws);
    for (i, s) in ws.stages.iter().enumerate() {
        name(&mut out, || format!("stages[{i}].name"), &s.name);
        if s.probability > 100 {
            out.push(
                format!("stages[{i}].probability"),
                ProblemKind::ProbabilityOutOfRange(s.probability),
            );
        }
    }
    if !ws.stages.iter().any(|s| s.kind == StageKind::Open) {
        out.push("stages", ProblemKind::NoOpenStage);
    }
    for (i, ct) in ws.contacts.iter().enumerate() {
        name(&mut out, || format!("contacts[{i}].name"), &ct.name);
        text(
            &mut out,
            || format!("contacts[{i}].position"),
            &ct.position,
            MAX_NAME_CHARS,
        );
        if !clients.contains(&ct.client) {
            out.missing(format!("contacts[{i}].client"), "clients", ct.client.0);
        }
        if let Some(r) = ct.role
            && !roles.contains(&r)
        {
            out.missing(format!("contacts[{i}].role"), "roles", r.0);
        }
        if ct.level > MAX_RELATIONSHIP_LEVEL {
            out.push(
                format!("contacts[{i}].level"),
                ProblemKind::LevelOutOfRange(ct.level),
            );
        }
    }

    let known = Known {
        sellers,
        clients,
        contacts,
        directions,
        stages,
        deal_types,
    };
    for (i, d) in ws.deals.iter().enumerate() {
        deal(&mut out, ws, &known, i, d);
    }

    let mut plan_keys = HashSet::with_capacity(ws.plans.len());
    for (i, pl) in ws.plans.iter().enumerate() {
        if !known.sellers.contains(&pl.seller) {
            out.missing(format!("plans[{i}].seller"), "sellers", pl.seller.0);
        }
        let month_ok = (1..=12).contains(&pl.month.month);
        if !month_ok {
            out.push(
                format!("plans[{i}].month"),
                ProblemKind::MonthOutOfRange(pl.month.month),
            );
        }
        if pl.amount.0 < 0 {
            out.push(format!("plans[{i}].amount"), ProblemKind::NegativeAmount);
        } else if pl.amount > MAX_AMOUNT {
            out.push(format!("plans[{i}].amount"), ProblemKind::AmountTooLarge);
        }
        // A bad month is already reported; two of them are not also a duplicate plan.
        if month_ok && !plan_keys.insert((pl.seller, pl.month)) {
            out.push(format!("plans[{i}]"), ProblemKind::DuplicatePlan);
        }
    }
    out.0
}

/// The problems of one deal (`ws.deals[i]`), with the paths [`validate`] gives them: what a form
/// that just added or changed that deal checks, without validating the whole workspace. Empty when
/// there is no deal `i`.
pub fn deal_problems(ws: &Workspace, i: usize) -> Vec<Problem> {
    let mut out = Collector(Vec::new());
    if let Some(d) = ws.deals.get(i) {
        fn all<T: Entity>(ws: &Workspace) -> HashSet<T::Id> {
            T::list(ws).iter().map(Entity::id).collect()
        }
        let known = Known {
            sellers: all::<Seller>(ws),
            clients: all::<Client>(ws),
            contacts: all::<Contact>(ws),
            directions: all::<Direction>(ws),
            stages: all::<Stage>(ws),
            deal_types: all::<DealType>(ws),
        };
        deal(&mut out, ws, &known, i, d);
    }
    out.0
}

/// The ids a deal may point at.
struct Known {
    sellers: HashSet<SellerId>,
    clients: HashSet<ClientId>,
    contacts: HashSet<ContactId>,
    directions: HashSet<DirectionId>,
    stages: HashSet<StageId>,
    deal_types: HashSet<DealTypeId>,
}

/// Every rule of one deal, `ws.deals[i]`.
fn deal(out: &mut Collector, ws: &Workspace, known: &Known, i: usize, d: &Deal) {
    let p = |field: &str| format!("deals[{i}].{field}");
    name(out, || p("title"), &d.title);
    if let Some(r) = &d.lost_reason {
        text(out, || p("lost_reason"), r, MAX_TEXT_CHARS);
    }
    if let Some(s) = &d.next_step {
        text(out, || p("next_step.text"), &s.text, MAX_TEXT_CHARS);
    }
    if !known.clients.contains(&d.client) {
        out.missing(p("client"), "clients", d.client.0);
    }
    if !known.sellers.contains(&d.seller) {
        out.missing(p("seller"), "sellers", d.seller.0);
    }
    if let Some(dir) = d.direction
        && !known.directions.contains(&dir)
    {
        out.missing(p("direction"), "directions", dir.0);
    }
    if let Some(t) = d.deal_type
        && !known.deal_types.contains(&t)
    {
        out.missing(p("deal_type"), "deal_types", t.0);
    }
    if d.amount.0 < 0 {
        out.push(p("amount"), ProblemKind::NegativeAmount);
    } else if d.amount > MAX_AMOUNT {
        out.push(p("amount"), ProblemKind::AmountTooLarge);
    }
    if let Some(pr) = d.probability
        && pr > 100
    {
        out.push(p("probability"), ProblemKind::ProbabilityOutOfRange(pr));
    }
    let stage = ws.stages.iter().find(|s| s.id == d.stage);
    match stage {
        None => out.missing(p("stage"), "stages", d.stage.0),
        Some(s) => match (s.kind, d.closed) {
            (StageKind::Open, Some(_)) => out.push(p("closed"), ProblemKind::OpenWithCloseDate),
            (StageKind::Won | StageKind::Lost, None) => {
                out.push(p("closed"), ProblemKind::ClosedWithoutDate)
            }
            _ => {}
        },
    }
    if let Some(closed) = d.closed
        && closed < d.created
    {
        out.push(p("closed"), ProblemKind::CloseBeforeCreation);
    }
    if d.history.is_empty() {
        out.push(p("history"), ProblemKind::HistoryEmpty);
    }
    for (h, e) in d.history.iter().enumerate() {
        if !known.stages.contains(&e.stage) {
            out.missing(
                format!("deals[{i}].history[{h}].stage"),
                "stages",
                e.stage.0,
            );
        }
        if e.entered < d.created {
            out.push(
                format!("deals[{i}].history[{h}].entered"),
                ProblemKind::HistoryBeforeCreation,
            );
        }
        if h > 0 && e.entered < d.history[h - 1].entered {
            out.push(
                format!("deals[{i}].history[{h}].entered"),
                ProblemKind::HistoryOutOfOrder,
            );
        }
    }
    if let Some(last) = d.history.last()
        && last.stage != d.stage
    {
        out.push(p("history"), ProblemKind::HistoryNotCurrent);
    } else if let (Some(s), Some(closed)) = (stage, d.closed)
        && s.kind != StageKind::Open
        && closed >= d.created
        && close_not_in_outcome_run(ws, d, s.kind, closed) == Some(true)
    {
        out.push(p("closed"), ProblemKind::CloseNotInHistory);
    }
    for (k, ct) in d.contacts.iter().enumerate() {
        if !known.contacts.contains(ct) {
            out.missing(format!("deals[{i}].contacts[{k}]"), "contacts", ct.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// The close-date rule as first written: collect the run's days, then look the date up.
    fn close_not_in_run_simple(
        ws: &Workspace,
        d: &Deal,
        kind: StageKind,
        closed: NaiveDate,
    ) -> Option<bool> {
        let mut days = Vec::new();
        for e in d.history.iter().rev() {
            match ws.stages.iter().find(|s| s.id == e.stage) {
                Some(s) if s.kind == kind => days.push(e.entered),
                Some(_) => break,
                None => return None,
            }
        }
        Some(!days.is_empty() && !days.contains(&closed))
    }

    /// Every history of up to four entries over open, won, lost and unknown stages and three
    /// days, every kind and close day: the check without a Vec answers as the simple one.
    #[test]
    fn close_date_rule_equals_the_simple_definition() {
        let stage = |id, kind| Stage {
            id: StageId(id),
            name: format!("s{id}"),
            kind,
            probability: 50,
            rotting_days: None,
            forecast_category: ForecastCategory::Pipeline,
        };
        let ws = Workspace {
            stages: vec![
                stage(1, StageKind::Open),
                stage(2, StageKind::Won),
                stage(3, StageKind::Won),
                stage(4, StageKind::Lost),
            ],
            ..Workspace::default()
        };
        let day = |n| NaiveDate::from_ymd_opt(2026, 1, n).unwrap();
        let entries: Vec<StageEntry> = (1..=5u64)
            .flat_map(|s| (1..=3).map(move |n| (s, n)))
            .map(|(s, n)| StageEntry {
                stage: StageId(s),
                entered: day(n),
            })
            .collect();
        let mut histories: Vec<Vec<StageEntry>> = vec![Vec::new()];
        for _ in 0..4 {
            let longer: Vec<Vec<StageEntry>> = histories
                .iter()
                .filter(|h| h.len() == histories.last().map_or(0, Vec::len))
                .flat_map(|h| {
                    entries.iter().map(move |e| {
                        let mut h = h.clone();
                        h.push(e.clone());
                        h
                    })
                })
                .collect();
            histories.extend(longer);
        }
        let mut checked = 0;
        for history in histories {
            let d = Deal {
                history,
                ..Deal::new_open(
                    DealId(1),
                    "d".into(),
                    ClientId(1),
                    SellerId(1),
                    StageId(1),
                    day(1),
                )
            };
            for kind in [StageKind::Won, StageKind::Lost] {
                for closed in (1..=4).map(day) {
                    assert_eq!(
                        close_not_in_outcome_run(&ws, &d, kind, closed),
                        close_not_in_run_simple(&ws, &d, kind, closed),
                        "{:?} {kind:?} {closed}",
                        d.history
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000);
    }
}
