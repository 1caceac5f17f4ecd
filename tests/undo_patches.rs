//! Undo keeps only what each change replaced (issue 17): after many edits of every kind, undo
//! and redo give back exactly the earlier workspaces, and a step that edits one deal keeps one
//! deal, not a copy of the workspace.

use chrono::NaiveDate;
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::edit::{ChangeScope, Touched, UndoStack};
use voronka::domain::{Deal, DealId, ForecastCategory, Lang, Money, Seller, SellerId, Workspace};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn demo(deals: usize) -> Workspace {
    demo::generate(DemoSpec {
        deals,
        ..DemoSpec::standard(Lang::En, today())
    })
}

/// A small deterministic generator (no dependency): the same edits on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// One edit of a random kind: a deal's field, a deal added or removed anywhere, a seller renamed
/// or added, the currency, several deals at once.
fn random_edit(ws: &mut Workspace, rng: &mut Lcg, n: usize) {
    match rng.next(7) {
        0 => {
            let i = rng.next(ws.deals.len());
            ws.deals[i].amount = Money(n as i64 * 100);
        }
        1 => {
            let i = rng.next(ws.deals.len());
            ws.deals[i].forecast_category = Some(ForecastCategory::ALL[n % 4]);
        }
        2 => {
            let mut copy: Deal = ws.deals[rng.next(ws.deals.len())].clone();
            copy.id = DealId(1_000_000 + n as u64);
            let at = rng.next(ws.deals.len() + 1);
            ws.deals.insert(at, copy);
        }
        3 => {
            let at = rng.next(ws.deals.len());
            ws.deals.remove(at);
        }
        4 => {
            let i = rng.next(ws.sellers.len());
            ws.sellers[i].name = format!("seller {n}");
            ws.sellers.push(Seller {
                id: SellerId(2_000_000 + n as u64),
                name: format!("new {n}"),
            });
        }
        5 => ws.currency = if ws.currency == "RUB" { "EUR" } else { "RUB" }.into(),
        _ => {
            for _ in 0..3 {
                let i = rng.next(ws.deals.len());
                ws.deals[i].title = format!("edit {n}");
            }
        }
    }
}

#[test]
fn undo_and_redo_after_many_edits_give_back_every_earlier_workspace_exactly() {
    for seed in 1..=5u64 {
        let mut rng = Lcg(seed);
        let mut ws = demo(300);
        let mut undo = UndoStack::new(60);
        let mut states = vec![ws.clone()];
        let mut labels = Vec::new();
        while states.len() <= 60 {
            let n = labels.len();
            let before = ws.clone();
            random_edit(&mut ws, &mut rng, n);
            if ws == before {
                continue; // an edit that changed nothing is not a step
            }
            undo.record_change(format!("edit {n}"), before, &ws);
            labels.push(format!("edit {n}"));
            states.push(ws.clone());
        }
        for k in (0..60).rev() {
            assert_eq!(undo.undo(&mut ws).as_ref(), Some(&labels[k]));
            assert!(ws == states[k], "seed {seed}: undo to state {k}");
        }
        assert!(!undo.can_undo());
        for (k, state) in states.iter().enumerate().skip(1) {
            assert!(undo.redo(&mut ws).is_some());
            assert!(ws == *state, "seed {seed}: redo to state {k}");
        }
        // Half way back, then a new change: the redo branch is gone, undo still exact.
        for _ in 0..30 {
            undo.undo(&mut ws);
        }
        assert!(ws == states[30]);
        let before = ws.clone();
        ws.deals[0].title = "branch".into();
        undo.record_change("branch", before, &ws);
        assert!(!undo.can_redo());
        undo.undo(&mut ws);
        assert!(ws == states[30]);
        undo.undo(&mut ws);
        assert!(ws == states[29]);
    }
}

#[test]
fn record_and_record_change_mix_and_still_restore_exactly() {
    let mut rng = Lcg(42);
    let mut ws = demo(200);
    let mut undo = UndoStack::new(40);
    let mut states = vec![ws.clone()];
    let mut n = 0;
    while states.len() <= 40 {
        n += 1;
        let before = ws.clone();
        if n % 3 == 0 {
            // The snapshot form: the workspace before, kept whole until the next record.
            random_edit(&mut ws, &mut rng, n);
            if ws == before {
                continue;
            }
            undo.record(format!("edit {n}"), &before);
        } else {
            random_edit(&mut ws, &mut rng, n);
            if ws == before {
                continue;
            }
            undo.record_change(format!("edit {n}"), before, &ws);
        }
        states.push(ws.clone());
    }
    assert!(
        undo.whole_snapshots() <= 1,
        "only the newest step can be whole"
    );
    for k in (0..40).rev() {
        undo.undo(&mut ws);
        assert!(ws == states[k], "undo to state {k}");
    }
    for (k, state) in states.iter().enumerate().skip(1) {
        undo.redo(&mut ws);
        assert!(ws == *state, "redo to state {k}");
    }
}

#[test]
fn twenty_one_deal_edits_keep_twenty_deals_not_twenty_workspaces() {
    let mut ws = demo(20_000);
    let mut undo = UndoStack::default();
    for n in 0..20 {
        let before = ws.clone();
        let i = n * 997 % ws.deals.len();
        ws.deals[i].forecast_category = Some(ForecastCategory::Commit);
        ws.deals[i].updated_at += 1;
        let scope = undo.record_change(format!("edit {n}"), before, &ws);
        assert_eq!(
            scope,
            ChangeScope {
                rest: false,
                deals: Touched::At(vec![i]),
            }
        );
    }
    assert_eq!(undo.whole_snapshots(), 0);
    assert_eq!(undo.deals_kept(), 20, "one deal per step");
    while undo.undo(&mut ws).is_some() {}
    assert!(ws == demo(20_000));
    assert_eq!(
        undo.deals_kept(),
        20,
        "the redo steps keep one deal each too"
    );
}

#[test]
fn a_change_that_changes_nothing_is_not_recorded() {
    let ws = demo(50);
    let mut undo = UndoStack::default();
    let scope = undo.record_change("nothing", ws.clone(), &ws);
    assert_eq!(scope, ChangeScope::nothing());
    assert!(!undo.can_undo());
}

#[test]
fn scopes_say_what_a_change_and_its_undo_rewrote() {
    let mut ws = demo(100);
    let mut undo = UndoStack::default();
    let before = ws.clone();
    let copy = ws.deals[5].clone();
    ws.deals.insert(
        40,
        Deal {
            id: DealId(9_999_999),
            ..copy
        },
    );
    let scope = undo.record_change("insert", before, &ws);
    assert_eq!(scope.deals, Touched::From(40));
    assert!(!scope.rest);
    let (_, back) = undo.undo_scoped(&mut ws).unwrap();
    assert_eq!(back.deals, Touched::From(40));

    let before = ws.clone();
    ws.sellers[0].name = "renamed".into();
    let scope = undo.record_change("rename", before, &ws);
    assert!(scope.rest);
    assert_eq!(scope.deals, Touched::Nothing);

    // Scopes of several changes add up: positions together, a shift covers all after it.
    let a = ChangeScope {
        rest: false,
        deals: Touched::At(vec![7, 3]),
    };
    let b = ChangeScope {
        rest: false,
        deals: Touched::At(vec![3, 90]),
    };
    assert_eq!(a.clone().union(b).deals, Touched::At(vec![3, 7, 90]));
    let c = ChangeScope {
        rest: true,
        deals: Touched::From(50),
    };
    let u = a.union(c);
    assert!(u.rest);
    assert_eq!(u.deals, Touched::From(3));
}

/// An edit applied in place (`replace_deals`, the forecast lists' path): the step is built from
/// the edit itself, mixed with diffed steps and whole snapshots, and undo and redo still give back
/// every earlier workspace exactly, keeping one deal per one-deal step.
#[test]
fn edits_applied_in_place_undo_and_redo_exactly_among_other_steps() {
    let mut rng = Lcg(7);
    let mut ws = demo(300);
    let mut undo = UndoStack::new(50);
    let mut states = vec![ws.clone()];
    let mut n = 0;
    let mut in_place = 0;
    while states.len() <= 50 {
        n += 1;
        match n % 4 {
            0 | 1 => {
                // One or two deals edited in place; the second sometimes the same deal again.
                let i = rng.next(ws.deals.len());
                let j = if n % 8 == 1 {
                    i
                } else {
                    rng.next(ws.deals.len())
                };
                let mut a = ws.deals[i].clone();
                a.forecast_category = Some(ForecastCategory::ALL[n % 4]);
                a.updated_at += 1;
                let mut b = ws.deals[j].clone();
                b.amount = Money(n as i64 * 7);
                let scope = undo.replace_deals(format!("edit {n}"), &mut ws, vec![(i, a), (j, b)]);
                if scope == ChangeScope::nothing() {
                    continue;
                }
                assert!(!scope.rest);
                in_place += 1;
            }
            2 => {
                let before = ws.clone();
                random_edit(&mut ws, &mut rng, n);
                if ws == before {
                    continue;
                }
                undo.record(format!("edit {n}"), &before);
            }
            _ => {
                let before = ws.clone();
                random_edit(&mut ws, &mut rng, n);
                if ws == before {
                    continue;
                }
                undo.record_change(format!("edit {n}"), before, &ws);
            }
        }
        states.push(ws.clone());
    }
    assert!(in_place >= 20);
    for k in (0..50).rev() {
        assert!(undo.undo(&mut ws).is_some());
        assert!(ws == states[k], "undo to state {k}");
    }
    for (k, state) in states.iter().enumerate().skip(1) {
        assert!(undo.redo(&mut ws).is_some());
        assert!(ws == *state, "redo to state {k}");
    }
}

#[test]
fn an_edit_in_place_keeps_the_one_deal_it_replaced_and_records_nothing_when_equal() {
    let mut ws = demo(20_000);
    let original = ws.clone();
    let mut undo = UndoStack::default();
    let same = ws.deals[3].clone();
    assert_eq!(
        undo.replace_deals("nothing", &mut ws, vec![(3, same)]),
        ChangeScope::nothing()
    );
    assert!(!undo.can_undo());
    for n in 0..20 {
        let i = n * 997 % ws.deals.len();
        let mut d = ws.deals[i].clone();
        d.forecast_category = Some(ForecastCategory::Commit);
        d.updated_at += 1;
        let scope = undo.replace_deals(format!("edit {n}"), &mut ws, vec![(i, d.clone())]);
        assert_eq!(scope.deals, Touched::At(vec![i]));
        assert!(ws.deals[i] == d);
    }
    assert_eq!(undo.whole_snapshots(), 0);
    assert_eq!(undo.deals_kept(), 20, "one deal per step");
    while undo.undo(&mut ws).is_some() {}
    assert!(ws == original);
}
