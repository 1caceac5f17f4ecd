//! One view of the workspace's lists (issue 18): every item type answers its id, kind, list and
//! name the same way; `with_entity!` runs generic code on a list picked at run time; `usages`
//! counts every item's users in one pass exactly as `usage` does one item at a time.

use chrono::NaiveDate;
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::edit::{ItemRef, usage, usages};
use voronka::domain::entity::{Entity, ItemKind, Named};
use voronka::domain::validate::{ProblemKind, validate};
use voronka::domain::with_entity;
use voronka::domain::*;

fn demo_ws() -> Workspace {
    demo::generate(DemoSpec {
        deals: 150,
        ..DemoSpec::standard(Lang::Ru, NaiveDate::from_ymd_opt(2026, 5, 4).unwrap())
    })
}

/// Every item of every list as (kind, its ItemRef, its raw id, its name).
fn all_items(ws: &Workspace) -> Vec<(ItemKind, ItemRef, u64)> {
    let mut out = Vec::new();
    for kind in ItemKind::ALL {
        with_entity!(kind, T => {
            for x in T::list(ws) {
                out.push((T::KIND, T::item_ref(x.id()), T::raw(x.id())));
            }
        });
    }
    out
}

#[test]
fn every_item_knows_its_list_and_comes_back_by_its_id() {
    let ws = demo_ws();
    let items = all_items(&ws);
    for kind in ItemKind::ALL {
        let n = items.iter().filter(|(k, ..)| *k == kind).count();
        assert_eq!(kind.len(&ws), n, "{kind:?}");
        assert!(n > 0, "the demo has {kind:?} items");
    }
    for &(kind, r, raw) in &items {
        assert_eq!(r.kind(), kind);
        assert!(r.exists(&ws), "{r:?}");
        match kind {
            ItemKind::Plan => {
                assert_eq!(kind.item(raw), None);
                assert_eq!(r.name(&ws), None);
            }
            _ => {
                assert_eq!(kind.item(raw), Some(r));
                assert_eq!(r.raw_id(), raw);
                assert!(!r.name(&ws).unwrap_or_default().trim().is_empty(), "{r:?}");
            }
        }
    }
    // Names are the lists' own fields: a deal's title, a contact's name.
    let d = &ws.deals[3];
    assert_eq!(ItemRef::Deal(d.id).name(&ws), Some(d.title.as_str()));
    let c = &ws.contacts[2];
    assert_eq!(
        c.name_scope(),
        c.client.0,
        "contact names are unique per client"
    );
    assert_eq!(ws.sellers[0].name_scope(), 0);
    // An id that is not there.
    for kind in ItemKind::ALL {
        if let Some(r) = kind.item(u64::MAX) {
            assert!(!r.exists(&ws) && r.name(&ws).is_none(), "{r:?}");
        }
    }
}

#[test]
fn a_repeated_id_is_reported_at_its_list_and_position() {
    let ws = demo_ws();
    for kind in ItemKind::ALL {
        let mut w = ws.clone();
        let (at, raw) = with_entity!(kind, T => {
            let first = T::list(&w)[0].clone();
            let raw = T::raw(first.id());
            T::list_mut(&mut w).push(first);
            (T::list(&w).len() - 1, raw)
        });
        let problems = validate(&w);
        if kind == ItemKind::Plan {
            assert!(
                problems
                    .iter()
                    .any(|p| p.path == format!("plans[{at}]")
                        && p.kind == ProblemKind::DuplicatePlan),
                "{problems:?}"
            );
        } else {
            let path = format!("{}[{at}].id", kind.list_name());
            assert!(
                problems
                    .iter()
                    .any(|p| p.path == path && p.kind == ProblemKind::DuplicateId(raw)),
                "{kind:?}: {problems:?}"
            );
        }
    }
}

#[test]
fn usages_count_every_item_like_usage_counts_one() {
    let mut ws = demo_ws();
    // Corners: a contact listed twice on a deal, a history passing a stage twice, a repeated id.
    let k = ws.contacts[0].id;
    ws.deals[0].contacts.extend([k, k]);
    let (s0, s1) = (ws.stages[0].id, ws.stages[1].id);
    let start = ws.deals[1].created;
    ws.deals[1].history = [s0, s1, s0, s1]
        .map(|stage| StageEntry {
            stage,
            entered: start,
        })
        .to_vec();
    ws.deals[1].stage = s1;
    ws.sellers.push(ws.sellers[1].clone());
    let mut used = 0;
    for kind in ItemKind::ALL {
        let all = usages(&ws, kind);
        assert_eq!(all.len(), kind.len(&ws), "{kind:?}");
        with_entity!(kind, T => {
            for (x, u) in T::list(&ws).iter().zip(&all) {
                assert_eq!(*u, usage(&ws, T::item_ref(x.id())), "{kind:?} {:?}", x.id());
                used += usize::from(!u.is_empty());
            }
        });
    }
    assert!(used > 50, "only {used} items are used");
}
