//! Merging one list: pairing items by id, keeping one version of each differing pair, and the
//! order of the merged list (see the rules in the module doc of `merge`).

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use super::report::{Conflict, ConflictReason, MergeReport, Side};
use crate::entity::{Entity, ItemKind};
use crate::model::*;

/// What the merge needs to know of an item of a list.
pub(super) trait Item: Entity {
    /// A total order of the contents, the id and the timestamp aside: `Equal` exactly when the
    /// two items are equal but for those. Each impl destructures the whole item, so a new field
    /// in the model does not compile until it is compared here.
    fn content_cmp(&self, other: &Self) -> Ordering;
    /// Deals' `updated_at`.
    fn stamp(&self) -> Option<i64> {
        None
    }
    /// The name a conflict shows (its kept version's).
    fn display(&self, _ws: &Workspace) -> String {
        self.label().unwrap_or_default().to_string()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pick {
    Ours(usize),
    Theirs(usize),
}

/// An item present on both sides.
pub(super) struct Pair {
    pub(super) ours: usize,
    pub(super) theirs: usize,
    /// Its position in [`ListMerge::picks`].
    pub(super) out: usize,
    pub(super) identical: bool,
    pub(super) kept: Side,
    /// `Some` for a conflict; `None` when identical or differing only in `updated_at`.
    pub(super) reason: Option<ConflictReason>,
}

pub(super) struct ListMerge {
    /// The merged list, in order.
    pub(super) picks: Vec<Pick>,
    pub(super) pairs: Vec<Pair>,
    /// Whose order the list follows.
    pub(super) base: Side,
}

pub(super) fn merge_list<T: Item>(
    ours: &[T],
    theirs: &[T],
    choices: &HashMap<(ItemKind, u64), Side>,
) -> ListMerge {
    let index = |list: &[T]| -> HashMap<T::Id, usize> {
        let mut map = HashMap::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            map.entry(item.id()).or_insert(i);
        }
        map
    };
    let ours_at = index(ours);
    let theirs_at = index(theirs);
    let base = match ours.len().cmp(&theirs.len()) {
        Ordering::Greater => Side::Ours,
        Ordering::Less => Side::Theirs,
        Ordering::Equal => {
            if ours.iter().map(T::id).cmp(theirs.iter().map(T::id)) == Ordering::Less {
                Side::Theirs
            } else {
                Side::Ours
            }
        }
    };
    let (base_list, other_list, other_at) = match base {
        Side::Ours => (ours, theirs, &theirs_at),
        Side::Theirs => (theirs, ours, &ours_at),
    };
    let base_at = match base {
        Side::Ours => &ours_at,
        Side::Theirs => &theirs_at,
    };
    let pick = |side: Side, i: usize| match side {
        Side::Ours => Pick::Ours(i),
        Side::Theirs => Pick::Theirs(i),
    };

    // Items only on the other side, grouped by the base item they follow (slot 0: the front).
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); base_list.len() + 1];
    let mut slot = 0;
    for (j, item) in other_list.iter().enumerate() {
        match base_at.get(&item.id()) {
            Some(&i) => slot = i + 1,
            None => after[slot].push(j),
        }
    }

    let mut out = ListMerge {
        picks: Vec::with_capacity(base_list.len() + other_list.len()),
        pairs: Vec::new(),
        base,
    };
    let mut seen = HashSet::with_capacity(base_list.len());
    for (s, extras) in after.iter().enumerate() {
        if s > 0 {
            let i = s - 1;
            let item = &base_list[i];
            let key = item.id();
            // A repeated key (only in an invalid list) is kept once.
            if seen.insert(key) {
                match other_at.get(&key) {
                    None => out.picks.push(pick(base, i)),
                    Some(&j) => {
                        let (o, t) = match base {
                            Side::Ours => (i, j),
                            Side::Theirs => (j, i),
                        };
                        let pair = resolve(&ours[o], &theirs[t], o, t, out.picks.len(), choices);
                        out.picks
                            .push(pick(pair.kept, if pair.kept == base { i } else { j }));
                        out.pairs.push(pair);
                    }
                }
            }
        }
        for &j in extras {
            if seen.insert(other_list[j].id()) {
                out.picks.push(pick(base.other(), j));
            }
        }
    }
    out
}

fn resolve<T: Item>(
    o: &T,
    t: &T,
    oi: usize,
    ti: usize,
    out: usize,
    choices: &HashMap<(ItemKind, u64), Side>,
) -> Pair {
    let mut pair = Pair {
        ours: oi,
        theirs: ti,
        out,
        identical: o == t,
        kept: Side::Ours,
        reason: None,
    };
    if pair.identical {
        return pair;
    }
    let content = o.content_cmp(t);
    let stamps = o.stamp().cmp(&t.stamp());
    pair.kept = if stamps.then(content) == Ordering::Less {
        Side::Theirs
    } else {
        Side::Ours
    };
    pair.reason = match (content, stamps) {
        (Ordering::Equal, _) => None,
        (_, Ordering::Less | Ordering::Greater) => Some(ConflictReason::NewerUpdatedAt),
        _ if o.stamp().is_some() => Some(ConflictReason::SameTimeTieBreak),
        _ => Some(ConflictReason::ContentTieBreak),
    };
    if let Some(&side) = choices.get(&(T::KIND, T::raw(o.id()))) {
        pair.kept = side;
        if pair.reason.is_some() {
            pair.reason = Some(ConflictReason::Chosen);
        }
    }
    pair
}

impl ListMerge {
    pub(super) fn build<T: Clone>(&self, ours: &[T], theirs: &[T]) -> Vec<T> {
        self.picks
            .iter()
            .filter_map(|p| match *p {
                Pick::Ours(i) => ours.get(i).cloned(),
                Pick::Theirs(i) => theirs.get(i).cloned(),
            })
            .collect()
    }

    /// Takes the other version of a pair.
    pub(super) fn flip(&mut self, pair: usize, reason: ConflictReason) {
        let Some(p) = self.pairs.get_mut(pair) else {
            return;
        };
        p.kept = p.kept.other();
        p.reason = Some(reason);
        if let Some(slot) = self.picks.get_mut(p.out) {
            *slot = match p.kept {
                Side::Ours => Pick::Ours(p.ours),
                Side::Theirs => Pick::Theirs(p.theirs),
            };
        }
    }

    /// Adds this list's counts and conflicts; `merged` is the built list.
    pub(super) fn report<T: Item>(&self, r: &mut MergeReport, merged: &[T], ws: &Workspace) {
        let ours_only = self
            .picks
            .iter()
            .filter(|p| matches!(p, Pick::Ours(_)))
            .count()
            - self.pairs.iter().filter(|p| p.kept == Side::Ours).count();
        let theirs_only = self.picks.len() - self.pairs.len() - ours_only;
        if theirs_only > 0 {
            r.added.push((T::KIND, theirs_only));
        }
        r.only_ours += ours_only;
        for p in &self.pairs {
            match (p.identical, p.kept) {
                (true, _) => r.unchanged += 1,
                (false, Side::Theirs) => r.updated += 1,
                (false, Side::Ours) => r.kept_ours += 1,
            }
            if let (Some(reason), Some(item)) = (p.reason, merged.get(p.out)) {
                r.conflicts.push(Conflict {
                    kind: T::KIND,
                    id: T::raw(item.id()),
                    name: item.display(ws),
                    kept: p.kept,
                    reason,
                });
            }
        }
    }
}
