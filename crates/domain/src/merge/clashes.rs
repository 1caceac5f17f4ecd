//! Same-named items that the merge brought together.

use std::collections::HashMap;

use super::report::NameClash;
use crate::edit::name_key;
use crate::entity::{ItemKind, Named};
use crate::model::*;

pub(super) fn name_clashes(ours: &Workspace, merged: &Workspace) -> Vec<NameClash> {
    let mut out = Vec::new();
    clashes::<Seller>(ours, merged, &mut out);
    clashes::<Client>(ours, merged, &mut out);
    clashes::<Contact>(ours, merged, &mut out);
    clashes::<Direction>(ours, merged, &mut out);
    clashes::<Stage>(ours, merged, &mut out);
    clashes::<Role>(ours, merged, &mut out);
    clashes::<DealType>(ours, merged, &mut out);
    out
}

/// The name clashes of one list: (scope, id, name key, name) of each item on both sides.
fn clashes<T: Named>(ours: &Workspace, merged: &Workspace, out: &mut Vec<NameClash>) {
    let of = |ws: &Workspace| -> Vec<(u64, u64, String, String)> {
        T::list(ws)
            .iter()
            .map(|x| {
                let name = x.name();
                (
                    x.name_scope(),
                    T::raw(x.id()),
                    name_key(name),
                    name.to_string(),
                )
            })
            .collect()
    };
    clashes_in(T::KIND, &of(ours), &of(merged), out);
}

/// Groups of (scope, name key) that hold more items after the merge than before it.
fn clashes_in(
    kind: ItemKind,
    ours: &[(u64, u64, String, String)],
    merged: &[(u64, u64, String, String)],
    out: &mut Vec<NameClash>,
) {
    let mut before: HashMap<(u64, &str), usize> = HashMap::new();
    for (scope, _, key, _) in ours {
        *before.entry((*scope, key.as_str())).or_default() += 1;
    }
    let mut groups: Vec<NameClash> = Vec::new();
    let mut at: HashMap<(u64, &str), usize> = HashMap::new();
    for (scope, id, key, name) in merged {
        match at.get(&(*scope, key.as_str())) {
            Some(&g) => groups[g].ids.push(*id),
            None => {
                at.insert((*scope, key.as_str()), groups.len());
                groups.push(NameClash {
                    kind,
                    ids: vec![*id],
                    name: name.clone(),
                });
            }
        }
    }
    let mut order: Vec<(usize, (u64, &str))> = at.into_iter().map(|(k, g)| (g, k)).collect();
    order.sort_unstable_by_key(|(g, _)| *g);
    for (g, k) in order {
        let group = &groups[g];
        if group.ids.len() > 1 && group.ids.len() > before.get(&k).copied().unwrap_or(0) {
            out.push(group.clone());
        }
    }
}
