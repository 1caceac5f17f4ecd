//! The deal index updated in place after an edit (issue 17) equals the index rebuilt from
//! scratch: over random sequences of edits of one or a few deals (stage moves with history,
//! seller, client, direction, type, ids that no longer exist, histories rewritten or emptied) and
//! of deals added, inserted and removed, each step's `updated_at` / `updated_from` is compared
//! with `DealIndex::build` of the workspace after it. The step's positions come from the undo
//! stack's own scope, as the app takes them.
//!
//! `PROPTEST_CASES` sets the number of cases (default 48).

mod support;
use support::day;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use voronka::domain::demo::{DemoSpec, generate};
use voronka::domain::edit::{ChangeScope, Touched, UndoStack};
use voronka::domain::index::DealIndex;
use voronka::domain::*;

fn today() -> NaiveDate {
    day(2026, 11, 27)
}

fn demo() -> Workspace {
    generate(DemoSpec {
        deals: 120,
        ..DemoSpec::standard(Lang::En, today())
    })
}

/// One random edit: `what` picks the kind, `a`/`b` the deal and the value.
#[derive(Clone, Debug)]
struct Edit {
    what: u8,
    a: usize,
    b: usize,
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        (0u8..10, any::<usize>(), any::<usize>()).prop_map(|(what, a, b)| Edit { what, a, b }),
        1..20,
    )
}

/// The deal `e` rewrites, edited (by position), or `None` for an edit that adds or removes deals.
fn edited_deal(ws: &Workspace, e: &Edit) -> Option<(usize, Deal)> {
    let n = ws.deals.len();
    if n == 0 {
        return None;
    }
    let i = e.a % n;
    let mut d = ws.deals[i].clone();
    let pick = |len: usize| e.b % len.max(1);
    match e.what {
        0 => {
            // A move to another stage, with its history entry (sometimes back to an earlier one).
            let s = ws.stages[pick(ws.stages.len())].id;
            let last = d.history.last().map_or(d.created, |h| h.entered);
            d.stage = s;
            d.history.push(StageEntry {
                stage: s,
                entered: last + Days::new((e.b % 40) as u64),
            });
        }
        1 => d.seller = ws.sellers[pick(ws.sellers.len())].id,
        2 => d.client = ws.clients[pick(ws.clients.len())].id,
        3 => {
            d.direction =
                (!e.b.is_multiple_of(3)).then(|| ws.directions[pick(ws.directions.len())].id)
        }
        4 => {
            d.deal_type =
                (!e.b.is_multiple_of(3)).then(|| ws.deal_types[pick(ws.deal_types.len())].id)
        }
        5 => {
            // Ids no list holds: the index marks them as none.
            d.stage = StageId(9_000_000 + e.b as u64 % 7);
            d.seller = SellerId(9_000_000);
            d.history.push(StageEntry {
                stage: d.stage,
                entered: today(),
            });
        }
        6 => d.history.clear(),
        _ => return None,
    }
    Some((i, d))
}

/// Applies `e` to `ws` through the undo stack as the app does, returning what it rewrote.
fn apply(ws: &mut Workspace, undo: &mut UndoStack, e: &Edit, n: usize) -> ChangeScope {
    if let Some(edit) = edited_deal(ws, e) {
        // Sometimes two deals in one step.
        let mut all = vec![edit];
        if e.b.is_multiple_of(5)
            && let Some(second) = edited_deal(
                ws,
                &Edit {
                    a: e.a / 3 + 1,
                    ..e.clone()
                },
            )
        {
            all.push(second);
        }
        return undo.replace_deals(format!("edit {n}"), ws, all);
    }
    let before = ws.clone();
    let len = ws.deals.len();
    match e.what {
        7 if len > 0 => {
            ws.deals.remove(e.a % len);
        }
        8 if len > 0 => {
            let mut copy = ws.deals[e.a % len].clone();
            copy.id = DealId(5_000_000 + n as u64);
            ws.deals.insert(e.b % (len + 1), copy);
        }
        _ if len > 0 => {
            let mut copy = ws.deals[e.a % len].clone();
            copy.id = DealId(6_000_000 + n as u64);
            ws.deals.push(copy);
        }
        _ => {}
    }
    undo.record_change(format!("edit {n}"), before, ws)
}

/// The index after a step, the way the app's index memo takes it.
fn follow(prev: &DealIndex, ws: &Workspace, scope: &ChangeScope) -> DealIndex {
    assert!(!scope.rest, "these edits touch only deals");
    match &scope.deals {
        Touched::Nothing => prev.clone(),
        Touched::At(at) => prev.updated_at(ws, at),
        Touched::From(from) => prev.updated_from(ws, *from),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)
    ))]

    #[test]
    fn index_updated_in_place_equals_rebuilt(seq in edits()) {
        let mut ws = demo();
        let mut undo = UndoStack::default();
        let mut ix = DealIndex::build(&ws);
        for (n, e) in seq.iter().enumerate() {
            let scope = apply(&mut ws, &mut undo, e, n);
            ix = follow(&ix, &ws, &scope);
            prop_assert_eq!(&ix, &DealIndex::build(&ws), "after edit {} {:?}", n, e);
        }
        // Undoing every step, the index followed through each undo's scope, ends where it began.
        while let Some((_, scope)) = undo.undo_scoped(&mut ws) {
            ix = follow(&ix, &ws, &scope);
            prop_assert_eq!(&ix, &DealIndex::build(&ws));
        }
        prop_assert_eq!(ws, demo());
    }
}
