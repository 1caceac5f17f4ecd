//! Host tests of the Data section's rules (issue 3): stage moves and their history, close dates
//! and lost reasons, refusal to delete what is still used (with the counts the message names),
//! reassign-and-delete, per-field validation of every form, stage list edits, bulk delete and undo.
//! Last, a long random sequence of edits over the demo workspace keeps it valid throughout.

mod support;
use support::day;

use chrono::{Duration, NaiveDate};
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::edit::*;
use voronka::domain::rng::SplitMix64;
use voronka::domain::validate::validate;
use voronka::domain::*;

/// The `now_ms` every change in these tests stamps (fixture deals carry 1).
const NOW: i64 = 1_700_000_000_000;

fn today() -> NaiveDate {
    day(2024, 3, 10)
}

// Stage ids out of pipeline order, so nothing can mistake ids for positions.
const Q: StageId = StageId(14); // position 0, open 10%
const P: StageId = StageId(11); // position 1, open 40%
const W: StageId = StageId(13); // position 2, won
const L: StageId = StageId(12); // position 3, lost

const S1: SellerId = SellerId(1);
const S2: SellerId = SellerId(2);
const C1: ClientId = ClientId(1);
const C2: ClientId = ClientId(2);
const C3: ClientId = ClientId(3); // unused
const K1: ContactId = ContactId(1); // at C1, role R1
const K2: ContactId = ContactId(2); // at C1, role R1
const K3: ContactId = ContactId(3); // at C2, role R2
const X1: DirectionId = DirectionId(1);
const X2: DirectionId = DirectionId(2);
const X3: DirectionId = DirectionId(3); // unused
const T1: DealTypeId = DealTypeId(1);
const T2: DealTypeId = DealTypeId(2); // unused
const R1: RoleId = RoleId(1);
const R2: RoleId = RoleId(2);
const R3: RoleId = RoleId(3); // unused
const D1: DealId = DealId(1);
const D2: DealId = DealId(2);
const D3: DealId = DealId(3);
const D4: DealId = DealId(4);

fn stage(id: StageId, name: &str, kind: StageKind, probability: u8) -> Stage {
    Stage {
        id,
        name: name.to_string(),
        kind,
        probability,
        rotting_days: Some(14),
        forecast_category: ForecastCategory::Pipeline,
    }
}

fn contact(id: ContactId, client: ClientId, name: &str, role: RoleId) -> Contact {
    Contact {
        id,
        client,
        name: name.to_string(),
        position: String::new(),
        role: Some(role),
        level: 2,
    }
}

/// A deal whose current stage is the last history entry; closed that day if won or lost.
fn deal(id: DealId, client: ClientId, seller: SellerId, history: &[(StageId, NaiveDate)]) -> Deal {
    let (last, last_day) = *history.last().unwrap();
    Deal {
        client,
        seller,
        amount: Money::from_major(1_000),
        closed: (last == W || last == L).then_some(last_day),
        lost_reason: (last == L).then(|| "price".to_string()),
        updated_at: 1,
        ..support::deal(id.0, history)
    }
}

fn plan(seller: SellerId, month: u32) -> Plan {
    Plan {
        seller,
        month: YearMonth::new(2024, month),
        amount: Money::from_major(5_000),
    }
}

/// Who uses what (the counts the delete tests expect):
/// - D1: C1, S1, X1, T1, in Q since Jan 10, contacts K1, K2
/// - D2: C1, S1, X1, T1, Q Jan 5 → P Feb 1, contact K1
/// - D3: C2, S2, X2, no type, Q Jan 3 → P Jan 20 → W Feb 10 (closed Feb 10), contact K3
/// - D4: C2, S2, no direction, T1, Q Jan 4 → L Feb 2 (closed Feb 2, reason "price")
/// - plans: S1 Jan + Feb, S2 Jan
fn fixture() -> Workspace {
    let mut d1 = deal(D1, C1, S1, &[(Q, day(2024, 1, 10))]);
    d1.direction = Some(X1);
    d1.deal_type = Some(T1);
    d1.contacts = vec![K1, K2];
    let mut d2 = deal(D2, C1, S1, &[(Q, day(2024, 1, 5)), (P, day(2024, 2, 1))]);
    d2.direction = Some(X1);
    d2.deal_type = Some(T1);
    d2.contacts = vec![K1];
    let mut d3 = deal(
        D3,
        C2,
        S2,
        &[
            (Q, day(2024, 1, 3)),
            (P, day(2024, 1, 20)),
            (W, day(2024, 2, 10)),
        ],
    );
    d3.direction = Some(X2);
    d3.contacts = vec![K3];
    let mut d4 = deal(D4, C2, S2, &[(Q, day(2024, 1, 4)), (L, day(2024, 2, 2))]);
    d4.deal_type = Some(T1);
    let ws = Workspace {
        currency: "RUB".to_string(),
        sellers: vec![
            Seller {
                id: S1,
                name: "Anna Smith".into(),
            },
            Seller {
                id: S2,
                name: "Boris Ivanov".into(),
            },
        ],
        clients: [(C1, "Acme"), (C2, "Globex"), (C3, "Initech")]
            .map(|(id, name)| Client {
                id,
                name: name.into(),
                segment: "SMB".into(),
                key: false,
                no_client: false,
            })
            .to_vec(),
        contacts: vec![
            contact(K1, C1, "Kate One", R1),
            contact(K2, C1, "Ken Two", R1),
            contact(K3, C2, "Kim Three", R2),
        ],
        directions: [(X1, "Cloud"), (X2, "Security"), (X3, "Training")]
            .map(|(id, name)| Direction {
                id,
                name: name.into(),
            })
            .to_vec(),
        stages: vec![
            stage(Q, "Qualification", StageKind::Open, 10),
            stage(P, "Proposal", StageKind::Open, 40),
            stage(W, "Won", StageKind::Won, 100),
            stage(L, "Lost", StageKind::Lost, 0),
        ],
        deals: vec![d1, d2, d3, d4],
        plans: vec![plan(S1, 1), plan(S1, 2), plan(S2, 1)],
        roles: [(R1, "CEO"), (R2, "CFO"), (R3, "CIO")]
            .map(|(id, name)| Role {
                id,
                name: name.into(),
                target: true,
            })
            .to_vec(),
        deal_types: [(T1, "New business"), (T2, "Renewal")]
            .map(|(id, name)| DealType {
                id,
                name: name.into(),
            })
            .to_vec(),
    };
    assert_eq!(validate(&ws), vec![], "the fixture itself is sound");
    ws
}

fn get(ws: &Workspace, id: DealId) -> &Deal {
    ws.deal(id).unwrap()
}

fn hist(ws: &Workspace, id: DealId) -> Vec<(StageId, NaiveDate)> {
    get(ws, id)
        .history
        .iter()
        .map(|e| (e.stage, e.entered))
        .collect()
}

/// Asserts the workspace is sound (every edit must keep it so).
fn sound(ws: &Workspace) {
    assert_eq!(validate(ws), vec![]);
}

// ---------------------------------------------------------------------------------------------
// Stage moves
// ---------------------------------------------------------------------------------------------

#[test]
fn moving_a_deal_records_the_move_in_its_history() {
    let mut ws = fixture();
    move_deal_to_stage(&mut ws, D1, P, day(2024, 3, 1), None, NOW).unwrap();
    let d = get(&ws, D1);
    assert_eq!(d.stage, P);
    assert_eq!(
        hist(&ws, D1),
        vec![(Q, day(2024, 1, 10)), (P, day(2024, 3, 1))]
    );
    assert_eq!(d.closed, None);
    assert_eq!(d.updated_at, NOW);
    // Other deals are untouched.
    assert_eq!(get(&ws, D2).updated_at, 1);
    sound(&ws);
}

#[test]
fn moving_backwards_appends_too_and_same_day_moves_are_allowed() {
    let mut ws = fixture();
    // D2 is in P since Feb 1; back to Q on that same day, then forward again later.
    move_deal_to_stage(&mut ws, D2, Q, day(2024, 2, 1), None, NOW).unwrap();
    move_deal_to_stage(&mut ws, D2, P, day(2024, 2, 20), None, NOW).unwrap();
    assert_eq!(
        hist(&ws, D2),
        vec![
            (Q, day(2024, 1, 5)),
            (P, day(2024, 2, 1)),
            (Q, day(2024, 2, 1)),
            (P, day(2024, 2, 20)),
        ]
    );
    assert_eq!(get(&ws, D2).stage, P);
    sound(&ws);
}

#[test]
fn moving_to_the_current_stage_changes_nothing() {
    let mut ws = fixture();
    let before = ws.clone();
    assert_eq!(
        move_deal_to_stage(&mut ws, D2, P, day(2024, 3, 1), None, NOW),
        Ok(())
    );
    assert_eq!(ws, before, "no history entry and no updated_at stamp");
}

#[test]
fn moves_dated_before_the_history_or_creation_are_refused() {
    let mut ws = fixture();
    let before = ws.clone();
    // D2's last entry is Feb 1.
    assert_eq!(
        move_deal_to_stage(&mut ws, D2, W, day(2024, 1, 31), None, NOW),
        Err(EditError::DateBeforeHistory)
    );
    // D1 was created Jan 10.
    assert_eq!(
        move_deal_to_stage(&mut ws, D1, P, day(2024, 1, 9), None, NOW),
        Err(EditError::DateBeforeHistory)
    );
    assert_eq!(ws, before);
    assert_eq!(
        move_deal_to_stage(&mut ws, DealId(99), P, today(), None, NOW),
        Err(EditError::NotFound(ItemRef::Deal(DealId(99))))
    );
    assert_eq!(
        move_deal_to_stage(&mut ws, D1, StageId(99), today(), None, NOW),
        Err(EditError::NotFound(ItemRef::Stage(StageId(99))))
    );
    assert_eq!(ws, before);
}

#[test]
fn winning_sets_the_close_date_to_the_move_day() {
    let mut ws = fixture();
    // A reason given for a won stage is ignored: only lost deals carry one.
    move_deal_to_stage(&mut ws, D2, W, day(2024, 3, 3), Some("x".into()), NOW).unwrap();
    let d = get(&ws, D2);
    assert_eq!(
        (d.stage, d.closed, d.lost_reason.clone()),
        (W, Some(day(2024, 3, 3)), None)
    );
    assert_eq!(ws.probability(d), 100);
    sound(&ws);
}

#[test]
fn losing_needs_a_reason_and_sets_the_close_date() {
    let mut ws = fixture();
    let before = ws.clone();
    for reason in [None, Some(String::new()), Some("   ".to_string())] {
        assert_eq!(
            move_deal_to_stage(&mut ws, D2, L, day(2024, 3, 3), reason, NOW),
            Err(EditError::LostReasonRequired)
        );
    }
    assert_eq!(ws, before, "a refused move changes nothing");
    move_deal_to_stage(
        &mut ws,
        D2,
        L,
        day(2024, 3, 3),
        Some("  budget cut ".into()),
        NOW,
    )
    .unwrap();
    let d = get(&ws, D2);
    assert_eq!(d.stage, L);
    assert_eq!(d.closed, Some(day(2024, 3, 3)));
    assert_eq!(d.lost_reason.as_deref(), Some("budget cut"));
    sound(&ws);
}

#[test]
fn a_won_deal_lost_later_closes_on_the_new_day() {
    let mut ws = fixture();
    // D3 won Feb 10; the client backs out Mar 1.
    move_deal_to_stage(
        &mut ws,
        D3,
        L,
        day(2024, 3, 1),
        Some("withdrew".into()),
        NOW,
    )
    .unwrap();
    let d = get(&ws, D3);
    assert_eq!(
        (d.closed, d.lost_reason.as_deref()),
        (Some(day(2024, 3, 1)), Some("withdrew"))
    );
    sound(&ws);
}

#[test]
fn reopening_clears_the_close_date_and_lost_reason() {
    let mut ws = fixture();
    move_deal_to_stage(&mut ws, D4, Q, day(2024, 3, 5), None, NOW).unwrap();
    let d = get(&ws, D4);
    assert_eq!((d.stage, d.closed, d.lost_reason.clone()), (Q, None, None));
    assert_eq!(
        hist(&ws, D4),
        vec![
            (Q, day(2024, 1, 4)),
            (L, day(2024, 2, 2)),
            (Q, day(2024, 3, 5))
        ]
    );
    move_deal_to_stage(&mut ws, D3, P, day(2024, 3, 5), None, NOW).unwrap();
    assert_eq!(get(&ws, D3).closed, None);
    sound(&ws);
}

#[test]
fn moving_between_two_lost_stages_keeps_the_close_date_and_reason() {
    let mut ws = fixture();
    let l2 = StageId(20);
    upsert(&mut ws, stage(l2, "Lost — no budget", StageKind::Lost, 0)).unwrap();
    // D4 closed Feb 2 as lost for "price"; re-filing it does not close it again.
    move_deal_to_stage(&mut ws, D4, l2, day(2024, 3, 1), None, NOW).unwrap();
    let d = get(&ws, D4);
    assert_eq!(
        (d.stage, d.closed, d.lost_reason.as_deref()),
        (l2, Some(day(2024, 2, 2)), Some("price"))
    );
    // A new reason given on the way replaces the old one.
    move_deal_to_stage(&mut ws, D4, L, day(2024, 3, 2), Some("timing".into()), NOW).unwrap();
    assert_eq!(get(&ws, D4).lost_reason.as_deref(), Some("timing"));
    sound(&ws);
}

// ---------------------------------------------------------------------------------------------
// Usage and delete
// ---------------------------------------------------------------------------------------------

fn used(deals: usize, contacts: usize, plans: usize, history: usize) -> Usage {
    Usage {
        deals,
        contacts,
        plans,
        history,
    }
}

#[test]
fn usage_counts_every_kind_of_user() {
    let ws = fixture();
    let cases = [
        // S1: D1, D2 and plans Jan + Feb.
        (ItemRef::Seller(S1), used(2, 0, 2, 0)),
        (ItemRef::Seller(S2), used(2, 0, 1, 0)),
        // C1: deals D1, D2; contacts K1, K2.
        (ItemRef::Client(C1), used(2, 2, 0, 0)),
        (ItemRef::Client(C3), used(0, 0, 0, 0)),
        // K1 is on D1 and D2.
        (ItemRef::Contact(K1), used(2, 0, 0, 0)),
        (ItemRef::Direction(X1), used(2, 0, 0, 0)),
        (ItemRef::Direction(X3), used(0, 0, 0, 0)),
        // T1: D1, D2, D4.
        (ItemRef::DealType(T1), used(3, 0, 0, 0)),
        // R1: K1, K2.
        (ItemRef::Role(R1), used(0, 2, 0, 0)),
        // Q: D1 is in it; D2, D3, D4 passed through it.
        (ItemRef::Stage(Q), used(1, 0, 0, 3)),
        // P: D2 is in it; D3 passed through it.
        (ItemRef::Stage(P), used(1, 0, 0, 1)),
        (ItemRef::Deal(D1), used(0, 0, 0, 0)),
    ];
    for (target, expected) in cases {
        assert_eq!(usage(&ws, target), expected, "{target:?}");
    }
}

#[test]
fn deleting_what_is_still_used_is_refused_with_the_counts() {
    let refused = [
        (ItemRef::Stage(Q), used(1, 0, 0, 3)),
        (ItemRef::Client(C1), used(2, 2, 0, 0)),
        (ItemRef::Seller(S1), used(2, 0, 2, 0)),
        (ItemRef::Direction(X1), used(2, 0, 0, 0)),
        (ItemRef::DealType(T1), used(3, 0, 0, 0)),
        (ItemRef::Role(R1), used(0, 2, 0, 0)),
    ];
    for (target, expected) in refused {
        let mut ws = fixture();
        let before = ws.clone();
        assert_eq!(
            delete(&mut ws, target, NOW),
            Err(EditError::InUse(expected)),
            "{target:?}"
        );
        assert_eq!(ws, before, "{target:?}: a refused delete changes nothing");
    }

    // A client with contacts but no deals is still refused.
    let mut ws = fixture();
    delete_deals(&mut ws, &[D1, D2]);
    assert_eq!(
        delete(&mut ws, ItemRef::Client(C1), NOW),
        Err(EditError::InUse(used(0, 2, 0, 0)))
    );
}

#[test]
fn deleting_unused_items_removes_them() {
    let mut ws = fixture();
    for target in [
        ItemRef::Client(C3),
        ItemRef::Direction(X3),
        ItemRef::DealType(T2),
        ItemRef::Role(R3),
        ItemRef::Deal(D1),
        ItemRef::Plan(S2, YearMonth::new(2024, 1)),
    ] {
        assert_eq!(delete(&mut ws, target, NOW), Ok(()), "{target:?}");
        assert!(!exists(&ws, target), "{target:?}");
        assert_eq!(
            delete(&mut ws, target, NOW),
            Err(EditError::NotFound(target))
        );
        sound(&ws);
    }
    assert_eq!(
        (ws.clients.len(), ws.deals.len(), ws.plans.len()),
        (2, 3, 2)
    );
}

#[test]
fn deleting_a_seller_takes_its_plans_along() {
    let mut ws = fixture();
    let s3 = SellerId(3);
    upsert(
        &mut ws,
        Seller {
            id: s3,
            name: "New hire".into(),
        },
    )
    .unwrap();
    upsert(&mut ws, plan(s3, 3)).unwrap();
    assert_eq!(usage(&ws, ItemRef::Seller(s3)), used(0, 0, 1, 0));
    delete(&mut ws, ItemRef::Seller(s3), NOW).unwrap();
    assert!(ws.plans.iter().all(|p| p.seller != s3));
    assert_eq!(ws.plans.len(), 3);
    sound(&ws);
}

#[test]
fn deleting_a_contact_takes_it_off_every_deal() {
    let mut ws = fixture();
    assert_eq!(delete(&mut ws, ItemRef::Contact(K1), NOW), Ok(()));
    assert_eq!(get(&ws, D1).contacts, vec![K2]);
    assert_eq!(get(&ws, D2).contacts, vec![]);
    assert_eq!(
        (get(&ws, D1).updated_at, get(&ws, D2).updated_at),
        (NOW, NOW)
    );
    assert_eq!(get(&ws, D3).updated_at, 1, "deals without K1 are untouched");
    assert_eq!(ws.contacts.len(), 2);
    sound(&ws);
}

#[test]
fn deleting_a_stage_only_in_history_drops_those_entries() {
    let mut ws = fixture();
    // Without D2 nothing is in P; D3 passed through it (Q Jan 3 → P Jan 20 → W Feb 10).
    delete_deals(&mut ws, &[D2]);
    assert_eq!(usage(&ws, ItemRef::Stage(P)), used(0, 0, 0, 1));
    delete(&mut ws, ItemRef::Stage(P), NOW).unwrap();
    assert_eq!(
        hist(&ws, D3),
        vec![(Q, day(2024, 1, 3)), (W, day(2024, 2, 10))]
    );
    assert_eq!(get(&ws, D3).updated_at, NOW);
    assert_eq!(get(&ws, D3).closed, Some(day(2024, 2, 10)));
    sound(&ws);
}

#[test]
fn the_last_open_stage_cannot_be_deleted() {
    let mut ws = fixture();
    // Move D1 on so Q is empty, then empty P too and delete it: Q is left as the only open stage.
    move_deal_to_stage(&mut ws, D1, W, day(2024, 3, 1), None, NOW).unwrap();
    move_deal_to_stage(&mut ws, D2, W, day(2024, 3, 1), None, NOW).unwrap();
    delete(&mut ws, ItemRef::Stage(P), NOW).unwrap();
    assert_eq!(usage(&ws, ItemRef::Stage(Q)).deals, 0);
    let before = ws.clone();
    assert_eq!(
        delete(&mut ws, ItemRef::Stage(Q), NOW),
        Err(EditError::LastOpenStage)
    );
    assert_eq!(
        reassign_and_delete(&mut ws, ItemRef::Stage(Q), ItemRef::Stage(W), today(), NOW),
        Err(EditError::LastOpenStage)
    );
    assert_eq!(ws, before);
    sound(&ws);
}

// ---------------------------------------------------------------------------------------------
// Reassign and delete
// ---------------------------------------------------------------------------------------------

#[test]
fn reassign_moves_the_users_then_deletes() {
    struct Case {
        from: ItemRef,
        to: ItemRef,
        moved: usize,
        check: fn(&Workspace),
    }
    let cases = [
        // D1, D2 go to S2; S1's two plans go with S1.
        Case {
            from: ItemRef::Seller(S1),
            to: ItemRef::Seller(S2),
            moved: 2,
            check: |ws| {
                assert!(ws.deals.iter().all(|d| d.seller == S2));
                assert_eq!(ws.plans, vec![plan(S2, 1)]);
            },
        },
        // 2 deals + 2 contacts.
        Case {
            from: ItemRef::Client(C1),
            to: ItemRef::Client(C2),
            moved: 4,
            check: |ws| {
                assert!(ws.deals.iter().all(|d| d.client == C2));
                assert!(ws.contacts.iter().all(|c| c.client == C2));
            },
        },
        // D1 had [K1, K2] → [K2] once; D2 had [K1] → [K2].
        Case {
            from: ItemRef::Contact(K1),
            to: ItemRef::Contact(K2),
            moved: 2,
            check: |ws| {
                assert_eq!(get(ws, D1).contacts, vec![K2]);
                assert_eq!(get(ws, D2).contacts, vec![K2]);
            },
        },
        Case {
            from: ItemRef::Direction(X1),
            to: ItemRef::Direction(X3),
            moved: 2,
            check: |ws| assert_eq!(get(ws, D1).direction, Some(X3)),
        },
        Case {
            from: ItemRef::DealType(T1),
            to: ItemRef::DealType(T2),
            moved: 3,
            check: |ws| assert_eq!(get(ws, D4).deal_type, Some(T2)),
        },
        Case {
            from: ItemRef::Role(R1),
            to: ItemRef::Role(R3),
            moved: 2,
            check: |ws| assert_eq!(ws.contacts[0].role, Some(R3)),
        },
        // D1 (in Q since Jan 10) moves to P today, Mar 10; Q's entries leave every history.
        Case {
            from: ItemRef::Stage(Q),
            to: ItemRef::Stage(P),
            moved: 1,
            check: |ws| {
                assert_eq!(hist(ws, D1), vec![(P, day(2024, 3, 10))]);
                assert_eq!(hist(ws, D2), vec![(P, day(2024, 2, 1))]);
                assert_eq!(
                    hist(ws, D3),
                    vec![(P, day(2024, 1, 20)), (W, day(2024, 2, 10))]
                );
                assert_eq!(hist(ws, D4), vec![(L, day(2024, 2, 2))]);
                assert_eq!(get(ws, D4).closed, Some(day(2024, 2, 2)));
            },
        },
        // Lost → won: D4 is re-closed as won today, its lost reason gone.
        Case {
            from: ItemRef::Stage(L),
            to: ItemRef::Stage(W),
            moved: 1,
            check: |ws| {
                let d = get(ws, D4);
                assert_eq!(
                    (d.stage, d.closed, d.lost_reason.clone()),
                    (W, Some(today()), None)
                );
                assert_eq!(hist(ws, D4), vec![(Q, day(2024, 1, 4)), (W, today())]);
            },
        },
    ];
    for c in cases {
        let mut ws = fixture();
        assert_eq!(
            reassign_and_delete(&mut ws, c.from, c.to, today(), NOW),
            Ok(c.moved),
            "{:?}",
            c.from
        );
        assert!(!exists(&ws, c.from), "{:?}", c.from);
        (c.check)(&ws);
        sound(&ws);
    }
}

#[test]
fn reassign_refuses_what_cannot_be_done() {
    let mut ws = fixture();
    let before = ws.clone();
    let cases = [
        (
            ItemRef::Seller(S1),
            ItemRef::Client(C1),
            EditError::KindMismatch,
        ),
        (
            ItemRef::Seller(S1),
            ItemRef::Seller(S1),
            EditError::SameItem,
        ),
        (
            ItemRef::Deal(D1),
            ItemRef::Deal(D2),
            EditError::NotReassignable,
        ),
        (
            ItemRef::Seller(SellerId(9)),
            ItemRef::Seller(S1),
            EditError::NotFound(ItemRef::Seller(SellerId(9))),
        ),
        (
            ItemRef::Seller(S1),
            ItemRef::Seller(SellerId(9)),
            EditError::NotFound(ItemRef::Seller(SellerId(9))),
        ),
        // Open deals cannot all be filed as lost without their own reasons.
        (
            ItemRef::Stage(P),
            ItemRef::Stage(L),
            EditError::LostReasonRequired,
        ),
    ];
    for (from, to, err) in cases {
        assert_eq!(
            reassign_and_delete(&mut ws, from, to, today(), NOW),
            Err(err),
            "{from:?} → {to:?}"
        );
        assert_eq!(ws, before);
    }
}

// ---------------------------------------------------------------------------------------------
// Upserts
// ---------------------------------------------------------------------------------------------

fn err(field: &'static str, kind: FieldErrorKind) -> FieldError {
    FieldError { field, kind }
}

/// Runs an upsert that must fail and checks it left the workspace alone.
fn refused(ws: &mut Workspace, f: impl FnOnce(&mut Workspace) -> FieldResult) -> Vec<FieldError> {
    let before = ws.clone();
    let errors = f(ws).expect_err("the upsert should be refused");
    assert_eq!(*ws, before, "a refused upsert changes nothing");
    errors
}

#[test]
fn names_are_required_short_and_unique_ignoring_case_and_spacing() {
    let mut ws = fixture();
    let seller = |id: u64, name: &str| Seller {
        id: SellerId(id),
        name: name.to_string(),
    };
    assert_eq!(
        refused(&mut ws, |ws| upsert(ws, seller(3, "   "))),
        vec![err("name", FieldErrorKind::Required)]
    );
    let long = "x".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(
        refused(&mut ws, |ws| upsert(ws, seller(3, &long))),
        vec![err(
            "name",
            FieldErrorKind::TooLong {
                max: MAX_NAME_CHARS
            }
        )]
    );
    // "Anna Smith" exists.
    assert_eq!(
        refused(&mut ws, |ws| upsert(ws, seller(3, "  anna   SMITH "))),
        vec![err("name", FieldErrorKind::Duplicate)]
    );
    // Cyrillic case folds too.
    upsert(
        &mut ws,
        Direction {
            id: DirectionId(9),
            name: "Облако".into(),
        },
    )
    .unwrap();
    assert_eq!(
        refused(&mut ws, |ws| upsert(
            ws,
            Direction {
                id: DirectionId(10),
                name: "ОБЛАКО".into()
            }
        )),
        vec![err("name", FieldErrorKind::Duplicate)]
    );
    for (what, result) in [
        (
            "client",
            upsert(
                &mut ws.clone(),
                Client {
                    id: ClientId(9),
                    name: "acme".into(),
                    segment: String::new(),
                    key: false,
                    no_client: false,
                },
            ),
        ),
        (
            "role",
            upsert(
                &mut ws.clone(),
                Role {
                    id: RoleId(9),
                    name: "ceo".into(),
                    target: false,
                },
            ),
        ),
        (
            "deal type",
            upsert(
                &mut ws.clone(),
                DealType {
                    id: DealTypeId(9),
                    name: "renewal".into(),
                },
            ),
        ),
        (
            "stage",
            upsert(
                &mut ws.clone(),
                stage(StageId(9), "WON", StageKind::Won, 100),
            ),
        ),
    ] {
        assert_eq!(
            result,
            Err(vec![err("name", FieldErrorKind::Duplicate)]),
            "{what}"
        );
    }
    // Keeping one's own name is no duplicate; names are stored trimmed.
    upsert(&mut ws, seller(1, "  Anna Smith  ")).unwrap();
    assert_eq!(ws.seller(S1).unwrap().name, "Anna Smith");
    upsert(&mut ws, seller(3, " Cleo ")).unwrap();
    assert_eq!((ws.sellers.len(), ws.sellers[2].name.as_str()), (3, "Cleo"));
    sound(&ws);
}

#[test]
fn contacts_are_checked_against_their_client_roles_and_levels() {
    let mut ws = fixture();
    // "Kim Three" is at C2: the same name at C1 is another person; at C2 a duplicate.
    upsert(&mut ws, contact(ContactId(9), C1, "kim three", R1)).unwrap();
    assert_eq!(
        refused(&mut ws, |ws| upsert(
            ws,
            contact(ContactId(10), C2, "Kim  Three", R1)
        )),
        vec![err("name", FieldErrorKind::Duplicate)]
    );
    let mut bad = contact(ContactId(10), ClientId(99), "Lee", RoleId(99));
    bad.level = MAX_RELATIONSHIP_LEVEL + 1;
    bad.position = "p".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(
        refused(&mut ws, |ws| upsert(ws, bad)),
        vec![
            err(
                "position",
                FieldErrorKind::TooLong {
                    max: MAX_NAME_CHARS
                }
            ),
            err("client", FieldErrorKind::MissingReference),
            err("role", FieldErrorKind::MissingReference),
            err("level", FieldErrorKind::OutOfRange),
        ]
    );
    sound(&ws);
}

#[test]
fn plans_are_one_per_seller_and_month_with_checked_values() {
    let mut ws = fixture();
    let mut p = plan(S1, 1);
    p.amount = Money::from_major(7_000);
    upsert(&mut ws, p.clone()).unwrap();
    assert_eq!(
        ws.plans.len(),
        3,
        "S1's January plan was replaced, not duplicated"
    );
    assert_eq!(ws.plans[0], p);
    let bad = Plan {
        seller: SellerId(99),
        month: YearMonth::new(2024, 13),
        amount: Money(-1),
    };
    assert_eq!(
        refused(&mut ws, |ws| upsert(ws, bad)),
        vec![
            err("seller", FieldErrorKind::MissingReference),
            err("month", FieldErrorKind::OutOfRange),
            err("amount", FieldErrorKind::OutOfRange),
        ]
    );
    sound(&ws);
}

#[test]
fn stages_validate_their_numbers_and_keep_an_open_stage() {
    let mut ws = fixture();
    let mut s = stage(StageId(9), "Negotiation", StageKind::Open, 101);
    s.rotting_days = Some(0);
    assert_eq!(
        refused(&mut ws, |ws| upsert(ws, s.clone())),
        vec![
            err("probability", FieldErrorKind::OutOfRange),
            err("rotting_days", FieldErrorKind::OutOfRange)
        ]
    );
    s.probability = 60;
    s.rotting_days = None;
    upsert(&mut ws, s).unwrap();
    // A new open stage lands after the last open one; a new closed one at the end.
    let order = |ws: &Workspace| ws.stages.iter().map(|s| s.id.0).collect::<Vec<_>>();
    assert_eq!(order(&ws), vec![14, 11, 9, 13, 12]);
    upsert(
        &mut ws,
        stage(StageId(8), "Lost — duplicate", StageKind::Lost, 0),
    )
    .unwrap();
    assert_eq!(order(&ws), vec![14, 11, 9, 13, 12, 8]);

    // Renaming and re-weighting a stage with deals is fine; it keeps its place.
    let mut q = ws.stage(Q).unwrap().clone();
    q.name = "Lead".into();
    q.probability = 5;
    q.forecast_category = ForecastCategory::Omitted;
    upsert(&mut ws, q.clone()).unwrap();
    assert_eq!(
        (ws.stages[0].name.as_str(), ws.stages[0].probability),
        ("Lead", 5)
    );
    // Changing its kind while D1 is in it is refused.
    q.kind = StageKind::Won;
    assert_eq!(
        refused(&mut ws, |ws| upsert(ws, q.clone())),
        vec![err("kind", FieldErrorKind::InUse { deals: 1 })]
    );

    // Empty P and delete it: Q, now the only open stage, cannot become won.
    let mut ws = fixture();
    move_deal_to_stage(&mut ws, D1, W, day(2024, 3, 1), None, NOW).unwrap();
    move_deal_to_stage(&mut ws, D2, W, day(2024, 3, 1), None, NOW).unwrap();
    delete(&mut ws, ItemRef::Stage(P), NOW).unwrap();
    let mut q = ws.stage(Q).unwrap().clone();
    q.kind = StageKind::Won;
    assert_eq!(
        refused(&mut ws, |ws| upsert(ws, q)),
        vec![err("kind", FieldErrorKind::NoOpenStage)]
    );
    sound(&ws);
}

#[test]
fn stages_can_be_reordered() {
    let mut ws = fixture();
    move_stage(&mut ws, W, 0).unwrap();
    move_stage(&mut ws, Q, 99).unwrap(); // clamped to the end
    let order: Vec<StageId> = ws.stages.iter().map(|s| s.id).collect();
    assert_eq!(order, vec![W, P, L, Q]);
    assert_eq!(
        move_stage(&mut ws, StageId(99), 0),
        Err(EditError::NotFound(ItemRef::Stage(StageId(99))))
    );
    sound(&ws);
}

fn new_deal(id: u64, stage: StageId) -> Deal {
    let mut d = deal(DealId(id), C1, S1, &[(stage, day(2024, 3, 1))]);
    d.history.clear();
    d.closed = None;
    d.lost_reason = None;
    d
}

#[test]
fn a_new_deal_gets_its_first_history_entry_and_close_date() {
    let mut ws = fixture();
    let mut d = new_deal(10, P);
    d.title = "  Cloud for Acme ".into();
    d.contacts = vec![K1, K1, K2];
    upsert_deal(&mut ws, d, today(), NOW).unwrap();
    let d = get(&ws, DealId(10));
    assert_eq!(hist(&ws, DealId(10)), vec![(P, day(2024, 3, 1))]);
    assert_eq!(
        (d.title.as_str(), d.closed, d.updated_at),
        ("Cloud for Acme", None, NOW)
    );
    assert_eq!(
        d.contacts,
        vec![K1, K2],
        "a contact listed twice is kept once"
    );

    // Created directly as won: closed the day it was created.
    upsert_deal(&mut ws, new_deal(11, W), today(), NOW).unwrap();
    assert_eq!(get(&ws, DealId(11)).closed, Some(day(2024, 3, 1)));

    // Created as lost: needs a reason.
    assert_eq!(
        refused(&mut ws, |ws| upsert_deal(ws, new_deal(12, L), today(), NOW)),
        vec![err("lost_reason", FieldErrorKind::Required)]
    );
    let mut lost = new_deal(12, L);
    lost.lost_reason = Some("no budget".into());
    upsert_deal(&mut ws, lost, today(), NOW).unwrap();
    sound(&ws);
}

#[test]
fn a_deal_form_reports_every_bad_field() {
    let mut ws = fixture();
    let mut d = new_deal(10, StageId(99));
    d.title = " ".into();
    d.client = ClientId(99);
    d.seller = SellerId(99);
    d.direction = Some(DirectionId(99));
    d.deal_type = Some(DealTypeId(99));
    d.contacts = vec![ContactId(99)];
    d.amount = Money(-1);
    d.probability = Some(101);
    d.expected_close = Some(day(2024, 2, 29)); // created Mar 1
    d.next_step = Some(NextStep {
        text: " ".into(),
        due: None,
        done: false,
    });
    assert_eq!(
        refused(&mut ws, |ws| upsert_deal(ws, d, today(), NOW)),
        vec![
            err("title", FieldErrorKind::Required),
            err("client", FieldErrorKind::MissingReference),
            err("seller", FieldErrorKind::MissingReference),
            err("direction", FieldErrorKind::MissingReference),
            err("deal_type", FieldErrorKind::MissingReference),
            err("contacts", FieldErrorKind::MissingReference),
            err("amount", FieldErrorKind::OutOfRange),
            err("probability", FieldErrorKind::OutOfRange),
            err("expected_close", FieldErrorKind::DateOrder),
            err("next_step.text", FieldErrorKind::Required),
            err("stage", FieldErrorKind::MissingReference),
        ]
    );

    // A new deal's given history must be ordered, after creation and end in its stage.
    let mut d = new_deal(10, P);
    d.history = vec![
        StageEntry {
            stage: Q,
            entered: day(2024, 3, 5),
        },
        StageEntry {
            stage: W,
            entered: day(2024, 3, 2),
        },
    ];
    assert_eq!(
        refused(&mut ws, |ws| upsert_deal(ws, d, today(), NOW)),
        vec![
            err("history", FieldErrorKind::DateOrder),
            err("history", FieldErrorKind::Inconsistent)
        ]
    );

    let mut d = get(&ws, D1).clone();
    d.title = "t".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(
        refused(&mut ws, |ws| upsert_deal(ws, d, today(), NOW)),
        vec![err(
            "title",
            FieldErrorKind::TooLong {
                max: MAX_NAME_CHARS
            }
        )]
    );
}

#[test]
fn editing_a_deal_keeps_its_history_and_moves_it_when_the_stage_changed() {
    let mut ws = fixture();
    // The form changes amount and stage (P → W); history and close date come from the move.
    let mut d = get(&ws, D2).clone();
    d.amount = Money::from_major(2_500);
    d.stage = W;
    d.history.clear(); // whatever the form sends, the stored history is kept
    upsert_deal(&mut ws, d, today(), NOW).unwrap();
    let d = get(&ws, D2);
    assert_eq!(d.amount, Money::from_major(2_500));
    assert_eq!(
        hist(&ws, D2),
        vec![(Q, day(2024, 1, 5)), (P, day(2024, 2, 1)), (W, today())]
    );
    assert_eq!((d.closed, d.updated_at), (Some(today()), NOW));

    // Moving to lost through the form needs a reason.
    let mut d = get(&ws, D1).clone();
    d.stage = L;
    assert_eq!(
        refused(&mut ws, |ws| upsert_deal(ws, d.clone(), today(), NOW)),
        vec![err("lost_reason", FieldErrorKind::Required)]
    );
    d.lost_reason = Some("competitor".into());
    upsert_deal(&mut ws, d, today(), NOW).unwrap();
    assert_eq!(get(&ws, D1).closed, Some(today()));

    // Creation cannot move past the first history entry (D4 entered Q on Jan 4).
    let mut d = get(&ws, D4).clone();
    d.created = day(2024, 1, 20);
    assert_eq!(
        refused(&mut ws, |ws| upsert_deal(ws, d, today(), NOW)),
        vec![err("created", FieldErrorKind::DateOrder)]
    );
    // A form stage change dated before the last move is refused (D4 closed Feb 2).
    let mut d = get(&ws, D4).clone();
    d.stage = Q;
    assert_eq!(
        refused(&mut ws, |ws| upsert_deal(ws, d, day(2024, 2, 1), NOW)),
        vec![err("stage", FieldErrorKind::DateOrder)]
    );
    sound(&ws);
}

#[test]
fn bulk_delete_removes_the_listed_deals_and_ignores_unknown_ids() {
    let mut ws = fixture();
    assert_eq!(delete_deals(&mut ws, &[D1, D3, DealId(99), D1]), 2);
    let left: Vec<DealId> = ws.deals.iter().map(|d| d.id).collect();
    assert_eq!(left, vec![D2, D4]);
    assert_eq!(delete_deals(&mut ws, &[]), 0);
    sound(&ws);
}

#[test]
fn every_error_has_a_message_code() {
    assert_eq!(EditError::InUse(Usage::default()).code(), "in_use");
    assert_eq!(FieldErrorKind::TooLong { max: 1 }.code(), "too_long");
    assert!(Usage::default().is_empty());
    assert!(!used(0, 0, 1, 0).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Undo
// ---------------------------------------------------------------------------------------------

/// Renames seller S1 to `v{n}`, recording the change.
fn rename(ws: &mut Workspace, undo: &mut UndoStack, n: usize) {
    undo.record(format!("rename {n}"), ws);
    upsert(
        ws,
        Seller {
            id: S1,
            name: format!("v{n}"),
        },
    )
    .unwrap();
}

fn s1(ws: &Workspace) -> &str {
    &ws.seller(S1).unwrap().name
}

#[test]
fn undo_and_redo_walk_the_last_twenty_changes() {
    let mut ws = fixture();
    let mut undo = UndoStack::default();
    assert!(!undo.can_undo() && !undo.can_redo());
    assert_eq!(undo.undo(&mut ws), None);
    for n in 1..=20 {
        rename(&mut ws, &mut undo, n);
    }
    assert_eq!(undo.labels().len(), 20);
    assert_eq!(undo.labels()[0], "rename 20");
    for n in (1..=20).rev() {
        assert_eq!(undo.undo(&mut ws), Some(format!("rename {n}")));
    }
    assert_eq!(ws, fixture(), "twenty undos restore the start exactly");
    assert!(!undo.can_undo());
    for n in 1..=20 {
        assert_eq!(undo.redo(&mut ws), Some(format!("rename {n}")));
    }
    assert_eq!(s1(&ws), "v20");
    assert_eq!(undo.redo(&mut ws), None);

    // A new change after an undo forgets the redo branch.
    undo.undo(&mut ws);
    assert!(undo.can_redo());
    rename(&mut ws, &mut undo, 99);
    assert!(!undo.can_redo());
    assert_eq!(undo.labels()[..2], ["rename 99", "rename 19"]);
}

#[test]
fn beyond_capacity_the_oldest_changes_are_dropped() {
    let mut ws = fixture();
    let mut undo = UndoStack::new(UNDO_CAPACITY);
    for n in 1..=25 {
        rename(&mut ws, &mut undo, n);
    }
    assert_eq!(undo.labels().len(), UNDO_CAPACITY);
    assert_eq!(
        *undo.labels().last().unwrap(),
        "rename 6",
        "changes 1–5 were dropped"
    );
    while undo.undo(&mut ws).is_some() {}
    // Back to before change 6: seller named by change 5.
    assert_eq!(s1(&ws), "v5");
    assert_eq!(undo.redo_labels().len(), 20);
}

#[test]
fn undo_restores_destructive_changes() {
    let mut ws = fixture();
    let mut undo = UndoStack::default();
    undo.record("delete deals", &ws);
    delete_deals(&mut ws, &[D1, D2, D3]);
    undo.record("delete contact", &ws);
    delete(&mut ws, ItemRef::Contact(K3), NOW).unwrap();
    assert_eq!(undo.labels(), vec!["delete contact", "delete deals"]);
    undo.undo(&mut ws);
    undo.undo(&mut ws);
    assert_eq!(ws, fixture());
}

// ---------------------------------------------------------------------------------------------
// A random walk over the demo
// ---------------------------------------------------------------------------------------------

/// A random item of the given kind (0–8), if that list has any.
fn random_item(ws: &Workspace, rng: &mut SplitMix64, kind: u64) -> Option<ItemRef> {
    fn pick<T, R>(rng: &mut SplitMix64, items: &[T], f: impl Fn(&T) -> R) -> Option<R> {
        (!items.is_empty()).then(|| f(rng.pick(items)))
    }
    match kind {
        0 => pick(rng, &ws.sellers, |x| ItemRef::Seller(x.id)),
        1 => pick(rng, &ws.clients, |x| ItemRef::Client(x.id)),
        2 => pick(rng, &ws.contacts, |x| ItemRef::Contact(x.id)),
        3 => pick(rng, &ws.directions, |x| ItemRef::Direction(x.id)),
        4 => pick(rng, &ws.stages, |x| ItemRef::Stage(x.id)),
        5 => pick(rng, &ws.roles, |x| ItemRef::Role(x.id)),
        6 => pick(rng, &ws.deal_types, |x| ItemRef::DealType(x.id)),
        7 => pick(rng, &ws.deals, |x| ItemRef::Deal(x.id)),
        _ => pick(rng, &ws.plans, |x| ItemRef::Plan(x.seller, x.month)),
    }
}

#[test]
fn a_random_sequence_of_edits_keeps_the_demo_valid() {
    let today = day(2025, 6, 1);
    let mut ws = demo::generate(DemoSpec::standard(Lang::En, today));
    sound(&ws);
    let mut rng = SplitMix64::new(7);
    let mut undo = UndoStack::default();
    let mut next_id = 1_000_000;
    let mut ok = [0usize; 10];
    for step in 0..2_000 {
        let before = ws.clone();
        let now = NOW + step;
        let op = rng.below(10);
        // Some(true): changed; Some(false): refused (must change nothing); None: undo/redo.
        let outcome = match op {
            // Stage moves: sometimes before the last entry, sometimes into lost without a reason.
            0..=2 => {
                let d = rng.pick(&ws.deals).clone();
                let s = rng.pick(&ws.stages).id;
                let last = d.history.last().map_or(d.created, |e| e.entered);
                let on = last + Duration::days(rng.range(-3, 40));
                let reason = rng.chance(70).then(|| "reason".to_string());
                Some(move_deal_to_stage(&mut ws, d.id, s, on, reason, now).is_ok())
            }
            3 => {
                let kind = rng.below(9);
                random_item(&ws, &mut rng, kind).map(|t| delete(&mut ws, t, now).is_ok())
            }
            4 => {
                let kind = rng.below(7);
                match (
                    random_item(&ws, &mut rng, kind),
                    random_item(&ws, &mut rng, kind),
                ) {
                    (Some(a), Some(b)) => {
                        Some(reassign_and_delete(&mut ws, a, b, today, now).is_ok())
                    }
                    _ => None,
                }
            }
            5 => {
                // Edit a deal through the form: new amount, maybe a new stage, maybe a bad title.
                let mut d = rng.pick(&ws.deals).clone();
                d.amount = Money(rng.range(0, 10_000_000));
                if rng.chance(30) {
                    d.stage = rng.pick(&ws.stages).id;
                }
                if rng.chance(10) {
                    d.title = String::new();
                }
                Some(upsert_deal(&mut ws, d, today, now).is_ok())
            }
            6 => {
                // Create things: a client with a contact, or a deal, or a stage, or a seller plan.
                next_id += 1;
                match rng.below(4) {
                    0 => {
                        let c = Client {
                            id: ClientId(next_id),
                            name: format!("Client {next_id}"),
                            segment: String::new(),
                            key: false,
                            no_client: false,
                        };
                        let ok = upsert(&mut ws, c).is_ok();
                        let role = ws.roles.first().map(|r| r.id);
                        let k = Contact {
                            id: ContactId(next_id),
                            client: ClientId(next_id),
                            name: "New person".into(),
                            position: String::new(),
                            role,
                            level: 3,
                        };
                        Some(ok && upsert(&mut ws, k).is_ok())
                    }
                    1 if !ws.clients.is_empty() && !ws.sellers.is_empty() => {
                        let mut d = ws
                            .deals
                            .first()
                            .cloned()
                            .unwrap_or_else(|| deal(DealId(0), C1, S1, &[(Q, today)]));
                        d.id = DealId(next_id);
                        d.client = rng.pick(&ws.clients).id;
                        d.seller = rng.pick(&ws.sellers).id;
                        d.stage = rng.pick(&ws.stages).id;
                        d.created = today - Duration::days(rng.range(0, 100));
                        d.expected_close = None;
                        d.history.clear();
                        d.closed = None;
                        d.contacts.clear();
                        d.lost_reason = rng.chance(50).then(|| "lost".to_string());
                        Some(upsert_deal(&mut ws, d, today, now).is_ok())
                    }
                    2 => {
                        let kind = *rng.pick(&[StageKind::Open, StageKind::Won, StageKind::Lost]);
                        Some(
                            upsert(
                                &mut ws,
                                stage(StageId(next_id), &format!("Stage {next_id}"), kind, 50),
                            )
                            .is_ok(),
                        )
                    }
                    _ if !ws.sellers.is_empty() => {
                        let s = rng.pick(&ws.sellers).id;
                        let m = YearMonth::new(2025, rng.range(1, 13) as u32);
                        Some(
                            upsert(
                                &mut ws,
                                Plan {
                                    seller: s,
                                    month: m,
                                    amount: Money::from_major(100),
                                },
                            )
                            .is_ok(),
                        )
                    }
                    _ => None,
                }
            }
            7 => {
                let n = rng.range(0, 5) as usize;
                let ids: Vec<DealId> = if ws.deals.is_empty() {
                    Vec::new()
                } else {
                    (0..n).map(|_| rng.pick(&ws.deals).id).collect()
                };
                Some(delete_deals(&mut ws, &ids) > 0)
            }
            8 => {
                let s = rng.pick(&ws.stages).id;
                let to = rng.below(ws.stages.len() as u64) as usize;
                Some(move_stage(&mut ws, s, to).is_ok())
            }
            _ => {
                if rng.chance(60) {
                    undo.undo(&mut ws);
                } else {
                    undo.redo(&mut ws);
                }
                None
            }
        };
        match outcome {
            Some(true) => {
                ok[op as usize] += 1;
                undo.record(format!("step {step}"), &before);
            }
            Some(false) => assert!(
                ws == before,
                "step {step} (op {op}) was refused but changed the workspace"
            ),
            None => {}
        }
        let problems = validate(&ws);
        assert!(
            problems.is_empty(),
            "step {step} (op {op}) broke the workspace: {problems:?}"
        );
    }
    // Every kind of change happened many times, not just refusals.
    for (op, n) in ok.iter().enumerate().take(9) {
        assert!(*n >= 10, "op {op} succeeded only {n} times: {ok:?}");
    }
}
