//! Creating or replacing an item of any list, with per-field checks; `check` asks the same
//! without changing anything.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::errors::{FieldError, FieldErrorKind, FieldResult};
use super::moves::{enter_stage, lost_reason_for};
use crate::entity::{Entity, Named};
use crate::model::*;
use crate::money::{MAX_AMOUNT, Money};

/// Longest name or title accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest free text accepted (next step, lost reason, position, segment), in characters.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// Largest rotting period a stage may have, in days (ten years).
pub const MAX_ROTTING_DAYS: u32 = 3_650;

/// A name as compared for duplicates: lower case, single spaces, no spaces at the ends.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, field: &'static str, kind: FieldErrorKind) {
        self.0.push(FieldError { field, kind });
    }

    fn too_long(&mut self, field: &'static str, text: &str, max: usize) {
        if text.chars().count() > max {
            self.push(field, FieldErrorKind::TooLong { max });
        }
    }

    /// Required, not too long, and (when `others` is given) unique among `others`' names.
    fn name<'a>(
        &mut self,
        field: &'static str,
        name: &str,
        mut others: impl Iterator<Item = &'a str>,
    ) {
        if name.trim().is_empty() {
            self.push(field, FieldErrorKind::Required);
            return;
        }
        self.too_long(field, name.trim(), MAX_NAME_CHARS);
        let key = name_key(name);
        if others.any(|o| name_key(o) == key) {
            self.push(field, FieldErrorKind::Duplicate);
        }
    }

    fn done(self) -> FieldResult {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

fn amount_in_range(m: Money) -> bool {
    m.0 >= 0 && m <= MAX_AMOUNT
}

/// An item a form creates or replaces by id, with per-field checks. Every list but deals (whose
/// checks need today's date: [`upsert_deal`]).
pub trait Upsert: Entity {
    /// The item as it will be stored (names trimmed…), or every field's error.
    fn settled(self, ws: &Workspace) -> Result<Self, Vec<FieldError>>;

    /// Stores a settled item in place of the one with its id, else at the end of its list.
    fn store(self, ws: &mut Workspace) {
        Self::put(ws, self);
    }
}

/// Creates or replaces an item (by id) after its checks; on `Err` nothing changed.
pub fn upsert<T: Upsert>(ws: &mut Workspace, item: T) -> FieldResult {
    item.settled(ws)?.store(ws);
    Ok(())
}

/// What [`upsert`] would refuse in `item`, changing nothing: a form checks every field at once
/// without copying the workspace.
pub fn check<T: Upsert>(ws: &Workspace, item: &T) -> FieldResult {
    item.clone().settled(ws).map(drop)
}

/// The name rules every named list shares: required, not too long, and unique (ignoring case and
/// spacing) among the other items of its scope ([`Named::name_scope`]).
fn name_errors<T: Named>(ws: &Workspace, item: &T) -> Errors {
    let mut e = Errors(Vec::new());
    e.name(
        "name",
        item.name(),
        T::list(ws)
            .iter()
            .filter(|x| x.id() != item.id() && x.name_scope() == item.name_scope())
            .map(Named::name),
    );
    e
}

/// Checks a list whose only rule is its name; stores the name trimmed.
fn settled_name<T: Named>(ws: &Workspace, mut item: T) -> Result<T, Vec<FieldError>> {
    name_errors(ws, &item).done()?;
    trim(item.name_mut());
    Ok(item)
}

fn trim(s: &mut String) {
    *s = s.trim().to_string();
}

/// `Upsert` for the lists that are a name and little else: the name is required, unique and
/// stored trimmed.
macro_rules! upsert_by_name {
    ($($T:ident),+) => {$(
        impl Upsert for $T {
            fn settled(self, ws: &Workspace) -> Result<Self, Vec<FieldError>> {
                settled_name(ws, self)
            }
        }
    )+};
}

upsert_by_name!(Seller, Direction, DealType, Role);

impl Upsert for Client {
    /// The name is required, unique and stored trimmed; the segment not too long.
    fn settled(mut self, ws: &Workspace) -> Result<Self, Vec<FieldError>> {
        let mut e = name_errors(ws, &self);
        e.too_long("segment", &self.segment, MAX_NAME_CHARS);
        e.done()?;
        trim(&mut self.name);
        trim(&mut self.segment);
        Ok(self)
    }
}

impl Upsert for Contact {
    /// The name is required and unique among the same client's people (two clients may each
    /// have an "Anna Ivanova"); client and role must exist; level 0–5.
    fn settled(mut self, ws: &Workspace) -> Result<Self, Vec<FieldError>> {
        let mut e = name_errors(ws, &self);
        e.too_long("position", &self.position, MAX_NAME_CHARS);
        if ws.client(self.client).is_none() {
            e.push("client", FieldErrorKind::MissingReference);
        }
        if let Some(r) = self.role
            && Role::get(ws, r).is_none()
        {
            e.push("role", FieldErrorKind::MissingReference);
        }
        if self.level > MAX_RELATIONSHIP_LEVEL {
            e.push("level", FieldErrorKind::OutOfRange);
        }
        e.done()?;
        trim(&mut self.name);
        trim(&mut self.position);
        Ok(self)
    }
}

impl Upsert for Plan {
    /// A plan is identified by seller and month, so there is never a duplicate. The seller must
    /// exist, the month be 1–12, the amount 0…max.
    fn settled(self, ws: &Workspace) -> Result<Self, Vec<FieldError>> {
        let mut e = Errors(Vec::new());
        if ws.seller(self.seller).is_none() {
            e.push("seller", FieldErrorKind::MissingReference);
        }
        if !(1..=12).contains(&self.month.month) {
            e.push("month", FieldErrorKind::OutOfRange);
        }
        if !amount_in_range(self.amount) {
            e.push("amount", FieldErrorKind::OutOfRange);
        }
        e.done()?;
        Ok(self)
    }
}

impl Upsert for Stage {
    /// Name (required, unique), probability 0–100, rotting days 1–3650 or none, kind and
    /// forecast category. Changing the kind of a stage that deals are in is refused (`kind`:
    /// [`FieldErrorKind::InUse`]), as is a change that leaves no open stage (`kind`:
    /// [`FieldErrorKind::NoOpenStage`]).
    fn settled(mut self, ws: &Workspace) -> Result<Self, Vec<FieldError>> {
        let mut e = name_errors(ws, &self);
        if self.probability > 100 {
            e.push("probability", FieldErrorKind::OutOfRange);
        }
        if self
            .rotting_days
            .is_some_and(|r| r == 0 || r > MAX_ROTTING_DAYS)
        {
            e.push("rotting_days", FieldErrorKind::OutOfRange);
        }
        if let Some(s) = ws.stage(self.id)
            && s.kind != self.kind
        {
            let deals = ws.deals.iter().filter(|d| d.stage == self.id).count();
            if deals > 0 {
                e.push("kind", FieldErrorKind::InUse { deals });
            }
        }
        let open_after = ws
            .stages
            .iter()
            .filter(|s| s.id != self.id && s.kind == StageKind::Open)
            .count()
            + usize::from(self.kind == StageKind::Open);
        if open_after == 0 {
            e.push("kind", FieldErrorKind::NoOpenStage);
        }
        e.done()?;
        trim(&mut self.name);
        Ok(self)
    }

    /// A new open stage goes right after the last open stage, a new won/lost stage at the end
    /// (use [`move_stage`] to place it elsewhere); an existing stage keeps its position.
    fn store(self, ws: &mut Workspace) {
        match ws.stages.iter().position(|s| s.id == self.id) {
            Some(i) => ws.stages[i] = self,
            None => {
                let at = match self.kind {
                    StageKind::Open => ws
                        .stages
                        .iter()
                        .rposition(|s| s.kind == StageKind::Open)
                        .map_or(0, |i| i + 1),
                    StageKind::Won | StageKind::Lost => ws.stages.len(),
                };
                ws.stages.insert(at, self);
            }
        }
    }
}

/// Creates or replaces a deal (by id), stamping `updated_at = now_ms`.
///
/// Checks: title required; client, seller, stage, direction, deal type and contacts exist;
/// amount 0…max; probability 0–100; expected close not before creation; a next step has text;
/// a lost deal has a lost reason; texts not too long. Repeated contacts are kept once.
///
/// A new deal with an empty history gets `[(stage, created)]`; a given history must be in order,
/// not before creation, and end in the deal's stage. Its close date defaults to the day it
/// entered its won/lost stage. An existing deal keeps its stored history and close date; if the
/// form changed its stage, that is a move dated `today` with [`move_deal_to_stage`]'s rules.
/// Creation may not move after the first history entry or the close date.
pub fn upsert_deal(ws: &mut Workspace, item: Deal, today: NaiveDate, now_ms: i64) -> FieldResult {
    let mut item = settled_deal(ws, item, today)?;
    item.updated_at = now_ms;
    Deal::put(ws, item);
    Ok(())
}

/// What [`upsert_deal`] would refuse in `item` (a stage change dated `today`), changing nothing:
/// a form checks every field at once without copying the workspace.
pub fn check_deal(ws: &Workspace, item: &Deal, today: NaiveDate) -> FieldResult {
    settled_deal(ws, item.clone(), today).map(drop)
}

/// The deal as [`upsert_deal`] stores it (but for `updated_at`), or every field's error.
fn settled_deal(ws: &Workspace, mut item: Deal, today: NaiveDate) -> Result<Deal, Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    if item.title.trim().is_empty() {
        e.push("title", FieldErrorKind::Required);
    } else {
        e.too_long("title", item.title.trim(), MAX_NAME_CHARS);
    }
    if ws.client(item.client).is_none() {
        e.push("client", FieldErrorKind::MissingReference);
    }
    if ws.seller(item.seller).is_none() {
        e.push("seller", FieldErrorKind::MissingReference);
    }
    if let Some(x) = item.direction
        && !ws.directions.iter().any(|d| d.id == x)
    {
        e.push("direction", FieldErrorKind::MissingReference);
    }
    if let Some(x) = item.deal_type
        && !ws.deal_types.iter().any(|d| d.id == x)
    {
        e.push("deal_type", FieldErrorKind::MissingReference);
    }
    if item
        .contacts
        .iter()
        .any(|c| !ws.contacts.iter().any(|x| x.id == *c))
    {
        e.push("contacts", FieldErrorKind::MissingReference);
    }
    if !amount_in_range(item.amount) {
        e.push("amount", FieldErrorKind::OutOfRange);
    }
    if item.probability.is_some_and(|p| p > 100) {
        e.push("probability", FieldErrorKind::OutOfRange);
    }
    if item.expected_close.is_some_and(|d| d < item.created) {
        e.push("expected_close", FieldErrorKind::DateOrder);
    }
    if let Some(step) = &item.next_step {
        if step.text.trim().is_empty() {
            e.push("next_step.text", FieldErrorKind::Required);
        }
        e.too_long("next_step.text", &step.text, MAX_TEXT_CHARS);
    }
    if let Some(r) = &item.lost_reason {
        e.too_long("lost_reason", r, MAX_TEXT_CHARS);
    }

    match ws.stage(item.stage) {
        None => e.push("stage", FieldErrorKind::MissingReference),
        Some(stage) => match ws.deal(item.id) {
            Some(stored) => settle_existing_deal(ws, &mut e, &mut item, stored, stage, today),
            None => settle_new_deal(ws, &mut e, &mut item, stage),
        },
    }
    e.done()?;

    item.title = item.title.trim().to_string();
    if let Some(step) = &mut item.next_step {
        step.text = step.text.trim().to_string();
    }
    let mut seen = HashSet::new();
    item.contacts.retain(|c| seen.insert(*c));
    Ok(item)
}

/// An existing deal: stored history and close date, plus a move dated `today` if the stage changed.
fn settle_existing_deal(
    ws: &Workspace,
    e: &mut Errors,
    item: &mut Deal,
    stored: &Deal,
    stage: &Stage,
    today: NaiveDate,
) {
    item.history = stored.history.clone();
    item.closed = stored.closed;
    let from_kind = ws.stage(stored.stage).map(|s| s.kind);
    let reason = lost_reason_for(item, from_kind, item.lost_reason.clone());
    if stage.kind == StageKind::Lost && reason.is_none() {
        e.push("lost_reason", FieldErrorKind::Required);
    }
    if item.stage != stored.stage {
        if today < item.created || item.history.last().is_some_and(|h| today < h.entered) {
            e.push("stage", FieldErrorKind::DateOrder);
        }
        // Only the stage moves; `enter_stage` needs the stored stage to compare kinds.
        item.stage = stored.stage;
        enter_stage(item, from_kind, stage, today, reason, item.updated_at);
    } else {
        item.lost_reason = if stage.kind == StageKind::Lost {
            reason
        } else {
            None
        };
    }
    if item
        .history
        .first()
        .is_some_and(|h| h.entered < item.created)
        || item.closed.is_some_and(|c| c < item.created)
    {
        e.push("created", FieldErrorKind::DateOrder);
    }
}

/// A new deal: history defaults to `[(stage, created)]`, close date and lost reason follow the
/// stage's kind.
fn settle_new_deal(ws: &Workspace, e: &mut Errors, item: &mut Deal, stage: &Stage) {
    if item.history.is_empty() {
        item.history.push(StageEntry {
            stage: stage.id,
            entered: item.created,
        });
    } else {
        if item.history.iter().any(|h| ws.stage(h.stage).is_none()) {
            e.push("history", FieldErrorKind::MissingReference);
        }
        let ordered = item
            .history
            .windows(2)
            .all(|w| w[0].entered <= w[1].entered);
        if !ordered || item.history.iter().any(|h| h.entered < item.created) {
            e.push("history", FieldErrorKind::DateOrder);
        }
        if item.history.last().is_some_and(|h| h.stage != stage.id) {
            e.push("history", FieldErrorKind::Inconsistent);
        }
    }
    let entered = item.history.last().map_or(item.created, |h| h.entered);
    match stage.kind {
        StageKind::Open => {
            item.closed = None;
            item.lost_reason = None;
        }
        StageKind::Won | StageKind::Lost => {
            let closed = item.closed.unwrap_or(entered);
            if closed < item.created {
                e.push("closed", FieldErrorKind::DateOrder);
            }
            item.closed = Some(closed);
            if stage.kind == StageKind::Won {
                item.lost_reason = None;
            } else {
                item.lost_reason = item
                    .lost_reason
                    .as_ref()
                    .map(|r| r.trim().to_string())
                    .filter(|r| !r.is_empty());
                if item.lost_reason.is_none() {
                    e.push("lost_reason", FieldErrorKind::Required);
                }
            }
        }
    }
}
