//! Dense integer views of a workspace, built once per workspace change so reports that run on
//! every filter change never look anything up by id or by string.

use std::collections::HashMap;

use super::filter::Filter;
use super::model::*;

/// `u32::MAX` marks "none" in the dense columns.
pub const NONE: u32 = u32::MAX;

/// Per deal, the positions of what it points at in the workspace's lists.
#[derive(Clone, Debug, Default, PartialEq)]
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
        let n = ws.deals.len();
        let mut ix = DealIndex {
            stage: Vec::with_capacity(n),
            seller: Vec::with_capacity(n),
            client: Vec::with_capacity(n),
            direction: Vec::with_capacity(n),
            deal_type: Vec::with_capacity(n),
            furthest_open: Vec::with_capacity(n),
            left_start: Vec::with_capacity(n + 1),
            seller_pos: positions(&ws.sellers, |x| x.id),
            client_pos: positions(&ws.clients, |x| x.id),
            stage_pos: positions(&ws.stages, |x| x.id),
            direction_pos: positions(&ws.directions, |x| x.id),
            deal_type_pos: positions(&ws.deal_types, |x| x.id),
            ..Default::default()
        };
        ix.left_start.push(0);
        ix.push_deals(ws, 0);
        ix
    }

    /// The index of `ws` after a change that rewrote only the deals at positions `at` (no other
    /// list, the deal count unchanged), from `self`, the index of the workspace before it —
    /// without walking the other deals' histories again (issue 17: an edit at 100,000 deals).
    /// A change it cannot follow (the deal count moved) is rebuilt. `tests/index_update.rs`
    /// checks it equals [`DealIndex::build`] over random edit sequences.
    pub fn updated_at(&self, ws: &Workspace, at: &[usize]) -> DealIndex {
        if self.stage.len() != ws.deals.len() || at.iter().any(|&i| i >= ws.deals.len()) {
            return DealIndex::build(ws);
        }
        let mut ix = self.clone();
        let kinds = stage_kinds(ws);
        for &i in at {
            ix.rewrite_deal(ws, &kinds, i);
        }
        ix
    }

    /// The index of `ws` after a change that rewrote only the deals from position `from` on
    /// (added, removed or replaced there; no other list), from `self`, the index before it.
    pub fn updated_from(&self, ws: &Workspace, from: usize) -> DealIndex {
        if from > self.stage.len() {
            return DealIndex::build(ws);
        }
        let from = from.min(ws.deals.len());
        let mut ix = self.clone();
        ix.truncate(from);
        ix.push_deals(ws, from);
        ix
    }

    /// Keeps the first `n` deals' entries.
    fn truncate(&mut self, n: usize) {
        for col in [
            &mut self.stage,
            &mut self.seller,
            &mut self.client,
            &mut self.direction,
            &mut self.deal_type,
            &mut self.furthest_open,
        ] {
            col.truncate(n);
        }
        self.left.truncate(self.left_start[n] as usize);
        self.left_start.truncate(n + 1);
    }

    /// Appends the entries of the deals of `ws` from position `from` on (the index holds
    /// exactly the deals before it).
    fn push_deals(&mut self, ws: &Workspace, from: usize) {
        let kinds = stage_kinds(ws);
        for d in &ws.deals[from..] {
            let [stage, seller, client, direction, deal_type] = self.columns(d);
            let furthest = history_summary(d, stage, &self.stage_pos, &kinds, &mut self.left);
            self.furthest_open.push(furthest);
            self.left_start.push(self.left.len() as u32);
            self.stage.push(stage);
            self.seller.push(seller);
            self.client.push(client);
            self.direction.push(direction);
            self.deal_type.push(deal_type);
        }
    }

    /// Rewrites deal `i`'s entries from `ws.deals[i]`, its history summary spliced into `left`.
    fn rewrite_deal(&mut self, ws: &Workspace, kinds: &[StageKind], i: usize) {
        let d = &ws.deals[i];
        let [stage, seller, client, direction, deal_type] = self.columns(d);
        let mut left = Vec::new();
        self.furthest_open[i] = history_summary(d, stage, &self.stage_pos, kinds, &mut left);
        let (start, end) = (self.left_start[i] as usize, self.left_start[i + 1] as usize);
        let delta = left.len() as i64 - (end - start) as i64;
        self.left.splice(start..end, left);
        if delta != 0 {
            for s in &mut self.left_start[i + 1..] {
                *s = (*s as i64 + delta) as u32;
            }
        }
        self.stage[i] = stage;
        self.seller[i] = seller;
        self.client[i] = client;
        self.direction[i] = direction;
        self.deal_type[i] = deal_type;
    }

    /// A deal's stage, seller, client, direction and type positions.
    fn columns(&self, d: &Deal) -> [u32; 5] {
        [
            self.stage_pos.get(&d.stage).copied().unwrap_or(NONE),
            self.seller_pos.get(&d.seller).copied().unwrap_or(NONE),
            self.client_pos.get(&d.client).copied().unwrap_or(NONE),
            d.direction
                .and_then(|x| self.direction_pos.get(&x).copied())
                .unwrap_or(NONE),
            d.deal_type
                .and_then(|x| self.deal_type_pos.get(&x).copied())
                .unwrap_or(NONE),
        ]
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

fn stage_kinds(ws: &Workspace) -> Vec<StageKind> {
    ws.stages.iter().map(|s| s.kind).collect()
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
