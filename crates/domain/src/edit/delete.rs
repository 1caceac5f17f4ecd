//! Who uses an item, deleting it (refused while in use), and moving its users to another item
//! before deleting it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::errors::{EditError, Usage};
use super::moves::{enter_stage, lost_reason_for};
use crate::entity::{Entity, ItemKind, ItemRef};
use crate::model::*;
use crate::with_entity;

/// True when the item exists in the workspace.
pub fn exists(ws: &Workspace, target: ItemRef) -> bool {
    target.exists(ws)
}

/// How many items use `target` (all zero for deals and plans, which nothing points at).
pub fn usage(ws: &Workspace, target: ItemRef) -> Usage {
    let deals = |f: &dyn Fn(&Deal) -> bool| ws.deals.iter().filter(|d| f(d)).count();
    let contacts = |f: &dyn Fn(&Contact) -> bool| ws.contacts.iter().filter(|c| f(c)).count();
    match target {
        ItemRef::Seller(id) => Usage {
            deals: deals(&|d| d.seller == id),
            plans: ws.plans.iter().filter(|p| p.seller == id).count(),
            ..Usage::default()
        },
        ItemRef::Client(id) => Usage {
            deals: deals(&|d| d.client == id),
            contacts: contacts(&|c| c.client == id),
            ..Usage::default()
        },
        ItemRef::Contact(id) => Usage {
            deals: deals(&|d| d.contacts.contains(&id)),
            ..Usage::default()
        },
        ItemRef::Direction(id) => Usage {
            deals: deals(&|d| d.direction == Some(id)),
            ..Usage::default()
        },
        ItemRef::DealType(id) => Usage {
            deals: deals(&|d| d.deal_type == Some(id)),
            ..Usage::default()
        },
        ItemRef::Role(id) => Usage {
            contacts: contacts(&|c| c.role == Some(id)),
            ..Usage::default()
        },
        ItemRef::Stage(id) => Usage {
            deals: deals(&|d| d.stage == id),
            history: deals(&|d| d.stage != id && d.history.iter().any(|e| e.stage == id)),
            ..Usage::default()
        },
        ItemRef::Deal(_) | ItemRef::Plan(..) => Usage::default(),
    }
}

/// [`usage`] of every item of a list at once, in list order: one pass over the deals, contacts
/// and plans instead of one per item (the Data section shows these counts on every row).
pub fn usages(ws: &Workspace, kind: ItemKind) -> Vec<Usage> {
    let raw: Vec<u64> =
        with_entity!(kind, T => T::list(ws).iter().map(|x| T::raw(x.id())).collect());
    let mut at: HashMap<u64, usize> = HashMap::with_capacity(raw.len());
    for (i, r) in raw.iter().enumerate() {
        at.entry(*r).or_insert(i);
    }
    let mut out = vec![Usage::default(); raw.len()];
    let mut add = |id: u64, count: fn(&mut Usage)| {
        if let Some(&i) = at.get(&id) {
            count(&mut out[i]);
        }
    };
    match kind {
        ItemKind::Seller => {
            ws.deals
                .iter()
                .for_each(|d| add(d.seller.0, |u| u.deals += 1));
            ws.plans
                .iter()
                .for_each(|p| add(p.seller.0, |u| u.plans += 1));
        }
        ItemKind::Client => {
            ws.deals
                .iter()
                .for_each(|d| add(d.client.0, |u| u.deals += 1));
            ws.contacts
                .iter()
                .for_each(|c| add(c.client.0, |u| u.contacts += 1));
        }
        ItemKind::Contact => {
            for d in &ws.deals {
                for (j, c) in d.contacts.iter().enumerate() {
                    // A contact listed twice on a deal is one deal.
                    if !d.contacts[..j].contains(c) {
                        add(c.0, |u| u.deals += 1);
                    }
                }
            }
        }
        ItemKind::Direction => {
            for x in ws.deals.iter().filter_map(|d| d.direction) {
                add(x.0, |u| u.deals += 1);
            }
        }
        ItemKind::DealType => {
            for x in ws.deals.iter().filter_map(|d| d.deal_type) {
                add(x.0, |u| u.deals += 1);
            }
        }
        ItemKind::Role => {
            for r in ws.contacts.iter().filter_map(|c| c.role) {
                add(r.0, |u| u.contacts += 1);
            }
        }
        ItemKind::Stage => {
            for d in &ws.deals {
                add(d.stage.0, |u| u.deals += 1);
                for (j, e) in d.history.iter().enumerate() {
                    let first = !d.history[..j].iter().any(|x| x.stage == e.stage);
                    if first && e.stage != d.stage {
                        add(e.stage.0, |u| u.history += 1);
                    }
                }
            }
        }
        ItemKind::Deal | ItemKind::Plan => {}
    }
    // A repeated id (only in an unsound list) is used exactly as much as its first copy.
    for (i, r) in raw.iter().enumerate() {
        out[i] = out[at[r]];
    }
    out
}

/// True when `id` is the only open stage of the pipeline.
fn is_last_open_stage(ws: &Workspace, id: StageId) -> bool {
    ws.stage(id).is_some_and(|s| s.kind == StageKind::Open)
        && ws
            .stages
            .iter()
            .filter(|s| s.kind == StageKind::Open)
            .count()
            == 1
}

/// Whether `delete` would refuse `target`, and why (the checks shared by delete and reassign,
/// except the in-use one).
fn check_deletable(ws: &Workspace, target: ItemRef) -> Result<(), EditError> {
    if !exists(ws, target) {
        return Err(EditError::NotFound(target));
    }
    if let ItemRef::Stage(id) = target
        && is_last_open_stage(ws, id)
    {
        return Err(EditError::LastOpenStage);
    }
    Ok(())
}

/// True when the usage blocks deleting `target` (contacts of deals, plans of sellers and stage
/// history entries are cleaned up instead).
fn blocks(target: ItemRef, u: &Usage) -> bool {
    match target {
        ItemRef::Seller(_) | ItemRef::Direction(_) | ItemRef::DealType(_) | ItemRef::Stage(_) => {
            u.deals > 0
        }
        ItemRef::Client(_) => u.deals > 0 || u.contacts > 0,
        ItemRef::Role(_) => u.contacts > 0,
        ItemRef::Contact(_) | ItemRef::Deal(_) | ItemRef::Plan(..) => false,
    }
}

/// Removes a stage's entries from every deal's history and merges neighbours that became equal
/// (keeping the earlier date: the deal entered that stage then).
fn drop_stage_from_histories(ws: &mut Workspace, id: StageId, now_ms: i64) {
    let kinds: std::collections::HashMap<StageId, StageKind> =
        ws.stages.iter().map(|s| (s.id, s.kind)).collect();
    for d in ws
        .deals
        .iter_mut()
        .filter(|d| d.history.iter().any(|e| e.stage == id))
    {
        d.history.retain(|e| e.stage != id);
        d.history
            .dedup_by(|later, earlier| later.stage == earlier.stage);
        // An entry into won or lost may have gone: the close date stays the day of entering.
        d.align_close_entry(|s| kinds.get(&s).copied());
        d.updated_at = now_ms;
    }
}

/// Removes the item and what goes with it, with no checks (the callers made them).
fn remove(ws: &mut Workspace, target: ItemRef, now_ms: i64) {
    match target {
        ItemRef::Seller(id) => ws.plans.retain(|p| p.seller != id),
        ItemRef::Contact(id) => {
            for d in ws.deals.iter_mut().filter(|d| d.contacts.contains(&id)) {
                d.contacts.retain(|c| *c != id);
                d.updated_at = now_ms;
            }
        }
        ItemRef::Stage(id) => drop_stage_from_histories(ws, id, now_ms),
        _ => {}
    }
    with_entity!(target.kind(), T => {
        if let Some(id) = T::id_in(target) {
            T::remove(ws, id);
        }
    });
}

/// Deletes an item, refusing with [`EditError::InUse`] (and every count) while a stage has deals,
/// a client has contacts or deals, a seller, direction or deal type has deals, or a role has
/// contacts. A seller's plans go with it; a contact is taken off every deal's contact list; a
/// stage's entries leave the histories of deals that passed through it. The last open stage is
/// refused with [`EditError::LastOpenStage`].
pub fn delete(ws: &mut Workspace, target: ItemRef, now_ms: i64) -> Result<(), EditError> {
    check_deletable(ws, target)?;
    let u = usage(ws, target);
    if blocks(target, &u) {
        return Err(EditError::InUse(u));
    }
    remove(ws, target, now_ms);
    Ok(())
}

/// Moves every user of `from` to `to` (an item of the same list), then deletes `from`; returns how
/// many deals and contacts were moved.
///
/// Deals in a deleted stage move to `to` as a stage move dated `today` (or their last history
/// date if that is later), with the close-date rules of [`move_deal_to_stage`]; moving open or won
/// deals into a lost stage is refused with [`EditError::LostReasonRequired`] since each would
/// need its own reason. Contacts merged into one already on a deal appear on it once.
pub fn reassign_and_delete(
    ws: &mut Workspace,
    from: ItemRef,
    to: ItemRef,
    today: NaiveDate,
    now_ms: i64,
) -> Result<usize, EditError> {
    if from.kind() != to.kind() {
        return Err(EditError::KindMismatch);
    }
    if matches!(from, ItemRef::Deal(_) | ItemRef::Plan(..)) {
        return Err(EditError::NotReassignable);
    }
    if from == to {
        return Err(EditError::SameItem);
    }
    check_deletable(ws, from)?;
    if !exists(ws, to) {
        return Err(EditError::NotFound(to));
    }
    let mut moved = 0;
    let mut deals = |ws: &mut Workspace, f: &dyn Fn(&mut Deal) -> bool| {
        for d in ws.deals.iter_mut() {
            if f(d) {
                d.updated_at = now_ms;
                moved += 1;
            }
        }
    };
    match (from, to) {
        (ItemRef::Seller(a), ItemRef::Seller(b)) => deals(ws, &|d| {
            let hit = d.seller == a;
            if hit {
                d.seller = b;
            }
            hit
        }),
        (ItemRef::Client(a), ItemRef::Client(b)) => {
            deals(ws, &|d| {
                let hit = d.client == a;
                if hit {
                    d.client = b;
                }
                hit
            });
            for c in ws.contacts.iter_mut().filter(|c| c.client == a) {
                c.client = b;
                moved += 1;
            }
        }
        (ItemRef::Contact(a), ItemRef::Contact(b)) => deals(ws, &|d| {
            if !d.contacts.contains(&a) {
                return false;
            }
            for c in d.contacts.iter_mut().filter(|c| **c == a) {
                *c = b;
            }
            // `b` may now be listed twice: keep its first place.
            let mut seen = HashSet::new();
            d.contacts.retain(|c| seen.insert(*c));
            true
        }),
        (ItemRef::Direction(a), ItemRef::Direction(b)) => deals(ws, &|d| {
            let hit = d.direction == Some(a);
            if hit {
                d.direction = Some(b);
            }
            hit
        }),
        (ItemRef::DealType(a), ItemRef::DealType(b)) => deals(ws, &|d| {
            let hit = d.deal_type == Some(a);
            if hit {
                d.deal_type = Some(b);
            }
            hit
        }),
        (ItemRef::Role(a), ItemRef::Role(b)) => {
            for c in ws.contacts.iter_mut().filter(|c| c.role == Some(a)) {
                c.role = Some(b);
                moved += 1;
            }
        }
        (ItemRef::Stage(a), ItemRef::Stage(b)) => {
            moved = reassign_stage(ws, a, b, today, now_ms)?;
        }
        // Same discriminants were checked above; deals and plans were refused.
        _ => return Err(EditError::KindMismatch),
    }
    remove(ws, from, now_ms);
    Ok(moved)
}

/// Moves the deals of stage `a` to stage `b` dated `today` (not before their last history date).
/// Checks everything before changing anything.
fn reassign_stage(
    ws: &mut Workspace,
    a: StageId,
    b: StageId,
    today: NaiveDate,
    now_ms: i64,
) -> Result<usize, EditError> {
    let from_kind = ws.stage(a).map(|s| s.kind);
    let to = ws
        .stage(b)
        .cloned()
        .ok_or(EditError::NotFound(ItemRef::Stage(b)))?;
    let mut reasons = Vec::new();
    for d in ws.deals.iter().filter(|d| d.stage == a) {
        if to.kind == StageKind::Lost {
            reasons.push(Some(
                lost_reason_for(d, from_kind, None).ok_or(EditError::LostReasonRequired)?,
            ));
        } else {
            reasons.push(None);
        }
    }
    let mut reasons = reasons.into_iter();
    let mut moved = 0;
    for d in ws.deals.iter_mut().filter(|d| d.stage == a) {
        let last = d.history.last().map_or(d.created, |e| e.entered);
        let on = today.max(last).max(d.created);
        enter_stage(d, from_kind, &to, on, reasons.next().flatten(), now_ms);
        moved += 1;
    }
    Ok(moved)
}

/// Deletes the deals with these ids (unknown ids are ignored); returns how many went.
pub fn delete_deals(ws: &mut Workspace, ids: &[DealId]) -> usize {
    let ids: HashSet<DealId> = ids.iter().copied().collect();
    let before = ws.deals.len();
    ws.deals.retain(|d| !ids.contains(&d.id));
    before - ws.deals.len()
}
