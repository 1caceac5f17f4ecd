//! Dense integer views of a workspace, built once per workspace change so reports that run on
//! every filter change never look anything up by id or by string.

use std::collections::HashMap;

use super::filter::Filter;
use super::model::*;

/// `u32::MAX` marks "none" in the dense columns.
pub const NONE: u32 = u32::MAX;

/// Per deal, the positions of what it points at in the workspace's lists.
#[derive(Clone, Debug, Default)]
pub struct DealIndex {
    pub stage: Vec<u32>,
    pub seller: Vec<u32>,
    pub client: Vec<u32>,
    pub direction: Vec<u32>,
    pub deal_type: Vec<u32>,
    /// Per deal, the furthest open stage its history reached (the latest by pipeline order; its
    /// current stage counts when it is open), or [`NONE`]. Reports read this instead of walking
    /// every deal's history on every filter change (issue 17).
    pub furthest_open: Vec<u32>,
    /// Per deal, its finished visits to open stages, summed per stage: deal `i`'s entries are
    /// `left[left_start[i]..left_start[i + 1]]`, each `(stage position, days)` with one entry per
    /// stage it left (so a report counts the deal once per stage, and adds every visit's days).
    pub left_start: Vec<u32>,
    pub left: Vec<(u32, i64)>,
    pub seller_pos: HashMap<SellerId, u32>,
    pub client_pos: HashMap<ClientId, u32>,
    pub stage_pos: HashMap<StageId, u32>,
    pub direction_pos: HashMap<DirectionId, u32>,
    pub deal_type_pos: HashMap<DealTypeId, u32>,
}

fn positions<T, I: Copy + Eq + std::hash::Hash>(
    items: &[T],
    id: impl Fn(&T) -> I,
) -> HashMap<I, u32> {
    items
        .iter()
        .enumerate()
        .map(|(i, x)| (id(x), i as u32))
        .collect()
}

impl DealIndex {
    pub fn build(ws: &Workspace) -> Self {
        let seller_pos = positions(&ws.sellers, |x| x.id);
        let client_pos = positions(&ws.clients, |x| x.id);
        let stage_pos = positions(&ws.stages, |x| x.id);
        let direction_pos = positions(&ws.directions, |x| x.id);
        let deal_type_pos = positions(&ws.deal_types, |x| x.id);
        let n = ws.deals.len();
        let mut ix = DealIndex {
            stage: Vec::with_capacity(n),
            seller: Vec::with_capacity(n),
            client: Vec::with_capacity(n),
            direction: Vec::with_capacity(n),
            deal_type: Vec::with_capacity(n),
            ..Default::default()
        };
        let kinds: Vec<StageKind> = ws.stages.iter().map(|s| s.kind).collect();
        ix.furthest_open.reserve(n);
        ix.left_start.reserve(n + 1);
        ix.left_start.push(0);
        for d in &ws.deals {
            let current = stage_pos.get(&d.stage).copied().unwrap_or(NONE);
            ix.furthest_open.push(history_summary(
                d,
                current,
                &stage_pos,
                &kinds,
                &mut ix.left,
            ));
            ix.left_start.push(ix.left.len() as u32);
            ix.stage
                .push(stage_pos.get(&d.stage).copied().unwrap_or(NONE));
            ix.seller
                .push(seller_pos.get(&d.seller).copied().unwrap_or(NONE));
            ix.client
                .push(client_pos.get(&d.client).copied().unwrap_or(NONE));
            ix.direction.push(
                d.direction
                    .and_then(|x| direction_pos.get(&x).copied())
                    .unwrap_or(NONE),
            );
            ix.deal_type.push(
                d.deal_type
                    .and_then(|x| deal_type_pos.get(&x).copied())
                    .unwrap_or(NONE),
            );
        }
        ix.seller_pos = seller_pos;
        ix.client_pos = client_pos;
        ix.stage_pos = stage_pos;
        ix.direction_pos = direction_pos;
        ix.deal_type_pos = deal_type_pos;
        ix
    }

    /// The filter's dimensions as dense positions; a filter naming a missing item selects nothing.
    pub fn dense(&self, f: &Filter) -> DenseFilter {
        fn pos<I: Eq + std::hash::Hash>(m: &HashMap<I, u32>, v: Option<I>) -> Option<u32> {
            v.map(|v| m.get(&v).copied().unwrap_or(NONE - 1))
        }
        DenseFilter {
            seller: pos(&self.seller_pos, f.seller),
            direction: pos(&self.direction_pos, f.direction),
            deal_type: pos(&self.deal_type_pos, f.deal_type),
        }
    }
}

/// Walks a deal's history once: pushes its finished visits to open stages onto `left` (summed per
/// stage, one entry per stage) and returns its furthest open stage. A visit is a run of
/// consecutive entries of the same stage; it is finished when the next entry is another stage.
fn history_summary(
    deal: &Deal,
    current: u32,
    stage_pos: &HashMap<StageId, u32>,
    kinds: &[StageKind],
    left: &mut Vec<(u32, i64)>,
) -> u32 {
    let is_open = |p: u32| kinds.get(p as usize) == Some(&StageKind::Open);
    let mut furthest = if is_open(current) { current } else { NONE };
    let first = left.len();
    // The visit under way: its stage (NONE when unknown) and the day it began.
    let mut visit: Option<(u32, chrono::NaiveDate)> = None;
    for entry in &deal.history {
        let pos = stage_pos.get(&entry.stage).copied().unwrap_or(NONE);
        if is_open(pos) && (furthest == NONE || pos > furthest) {
            furthest = pos;
        }
        match visit {
            Some((current, _)) if current == pos => {}
            Some((current, began)) => {
                if is_open(current) {
                    let days = (entry.entered - began).num_days();
                    match left[first..].iter_mut().find(|(s, _)| *s == current) {
                        Some((_, total)) => *total += days,
                        None => left.push((current, days)),
                    }
                }
                visit = Some((pos, entry.entered));
            }
            None => visit = Some((pos, entry.entered)),
        }
    }
    furthest
}

/// A filter's dimensions on dense positions.
#[derive(Clone, Copy, Debug, Default)]
pub struct DenseFilter {
    pub seller: Option<u32>,
    pub direction: Option<u32>,
    pub deal_type: Option<u32>,
}

impl DenseFilter {
    #[inline]
    pub fn selects(&self, ix: &DealIndex, i: usize) -> bool {
        self.seller.is_none_or(|s| ix.seller[i] == s)
            && self.direction.is_none_or(|s| ix.direction[i] == s)
            && self.deal_type.is_none_or(|s| ix.deal_type[i] == s)
    }
}
