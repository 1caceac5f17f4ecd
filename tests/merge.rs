//! Host tests of merging a teammate's file (`domain::merge`) on hand-built workspaces.

mod support;
use support::day;

use chrono::NaiveDate;
use voronka::domain::demo::Names;
use voronka::domain::merge::{
    ConflictReason, ItemKind, MergeError, MergeReport, Side, merge, merge_with_choices, plan_key,
};
use voronka::domain::validate::validate;
use voronka::domain::*;

const T0: i64 = 1_744_286_400_000;

fn entry(stage: u64, entered: NaiveDate) -> StageEntry {
    StageEntry {
        stage: StageId(stage),
        entered,
    }
}

fn deal(id: u64, title: &str, client: u64, stage: u64) -> Deal {
    Deal {
        title: title.into(),
        client: ClientId(client),
        amount: Money(1_000_000),
        updated_at: T0,
        ..support::deal(id, &[(StageId(stage), day(2025, 3, 3))])
    }
}

/// The shared history of both teammates: the default English stages (1–5 open, 6 won, 7 lost),
/// two sellers, two clients, a contact, a direction, two open deals and a plan.
fn base() -> Workspace {
    let mut ws = Workspace::empty("RUB", &Names::new(Lang::En));
    ws.sellers = vec![
        Seller {
            id: SellerId(1),
            name: "Anna".into(),
        },
        Seller {
            id: SellerId(2),
            name: "Boris".into(),
        },
    ];
    ws.clients = vec![
        Client {
            id: ClientId(1),
            name: "Alpha".into(),
            segment: "Enterprise".into(),
            key: true,
            no_client: false,
        },
        Client {
            id: ClientId(2),
            name: "Beta".into(),
            segment: "SMB".into(),
            key: false,
            no_client: false,
        },
    ];
    ws.contacts = vec![Contact {
        id: ContactId(1),
        client: ClientId(1),
        name: "Irina".into(),
        position: "CFO".into(),
        role: None,
        level: 3,
    }];
    ws.directions = vec![Direction {
        id: DirectionId(1),
        name: "Cloud".into(),
    }];
    ws.deals = vec![deal(1, "Migration", 1, 1), deal(2, "Support", 2, 2)];
    ws.plans = vec![Plan {
        seller: SellerId(1),
        month: YearMonth::new(2025, 4),
        amount: Money(300_000_000),
    }];
    assert_eq!(validate(&ws), vec![], "the fixture is sound");
    ws
}

/// Merges both ways, checks the two results are identical and sound, returns (result, report of
/// merging b into a).
fn merged(a: &Workspace, b: &Workspace) -> (Workspace, MergeReport) {
    let (ab, report) = merge(a, b).unwrap_or_else(|e| panic!("merge refused: {e}"));
    let (ba, _) = merge(b, a).unwrap_or_else(|e| panic!("reverse merge refused: {e}"));
    assert_eq!(ab, ba, "merge is independent of argument order");
    assert_eq!(validate(&ab), vec![], "the merged workspace is sound");
    (ab, report)
}

fn deal_of(ws: &Workspace, id: u64) -> &Deal {
    ws.deal(DealId(id)).expect("deal present")
}

#[test]
fn merging_a_workspace_with_itself_changes_nothing() {
    let ws = base();
    let (m, report) = merged(&ws, &ws);
    assert_eq!(m, ws);
    assert!(report.is_noop());
    assert_eq!(report.conflicts, vec![]);
    assert_eq!(report.only_ours, 0);
    assert_eq!(
        report.unchanged,
        2 + 2 + 1 + 1 + 7 + 2 + 1 + ws.roles.len() + ws.deal_types.len()
    );
}

#[test]
fn a_deal_changed_on_both_sides_keeps_the_newer_and_lists_a_conflict() {
    let mut ours = base();
    ours.deals[0].amount = Money(2_000_000);
    ours.deals[0].updated_at = T0 + 1_000;
    let mut theirs = base();
    theirs.deals[0].amount = Money(3_000_000);
    theirs.deals[0].updated_at = T0 + 2_000;

    let (m, report) = merged(&ours, &theirs);
    assert_eq!(deal_of(&m, 1), &theirs.deals[0]);
    assert_eq!(report.updated, 1);
    assert_eq!(report.conflicts.len(), 1);
    let c = &report.conflicts[0];
    assert_eq!(
        (c.kind, c.id, c.name.as_str(), c.kept, c.reason),
        (
            ItemKind::Deal,
            1,
            "Migration",
            Side::Theirs,
            ConflictReason::NewerUpdatedAt
        )
    );

    // Seen from the other side, the same deal is kept and it is "ours" now.
    let (_, back) = merge(&theirs, &ours).expect("merges");
    assert_eq!(back.conflicts[0].kept, Side::Ours);
    assert_eq!(back.updated, 0);
    assert_eq!(back.kept_ours, 1);
}

#[test]
fn equal_timestamps_break_the_tie_on_content_whatever_the_order() {
    let mut ours = base();
    ours.deals[1].amount = Money(5);
    let mut theirs = base();
    theirs.deals[1].amount = Money(7);
    assert_eq!(ours.deals[1].updated_at, theirs.deals[1].updated_at);

    let (m, report) = merged(&ours, &theirs);
    // Everything but the amount is equal, so the greater amount is the greater content.
    assert_eq!(deal_of(&m, 2).amount, Money(7));
    let c = &report.conflicts[0];
    assert_eq!(
        (c.kept, c.reason),
        (Side::Theirs, ConflictReason::SameTimeTieBreak)
    );
    let (_, back) = merge(&theirs, &ours).expect("merges");
    assert_eq!(
        (back.conflicts[0].kept, back.conflicts[0].reason),
        (Side::Ours, ConflictReason::SameTimeTieBreak)
    );
}

#[test]
fn deals_differing_only_in_updated_at_are_no_conflict() {
    let ours = base();
    let mut theirs = base();
    theirs.deals[0].updated_at = T0 + 5;
    let (m, report) = merged(&ours, &theirs);
    assert_eq!(deal_of(&m, 1).updated_at, T0 + 5);
    assert_eq!(report.conflicts, vec![]);
    assert_eq!(report.updated, 1);
}

#[test]
fn items_only_in_their_file_are_added_with_what_they_refer_to() {
    let ours = base();
    let mut theirs = base();
    theirs.clients.push(Client {
        id: ClientId(900),
        name: "Gamma".into(),
        segment: String::new(),
        key: false,
        no_client: false,
    });
    theirs.contacts.push(Contact {
        id: ContactId(900),
        client: ClientId(900),
        name: "Oleg".into(),
        position: String::new(),
        role: Some(RoleId(1)),
        level: 2,
    });
    let mut d = deal(900, "Gamma pilot", 900, 3);
    d.contacts = vec![ContactId(900)];
    theirs.deals.push(d.clone());

    let (m, report) = merged(&ours, &theirs);
    assert_eq!(deal_of(&m, 900), &d);
    assert!(m.client(ClientId(900)).is_some());
    assert_eq!(
        report.added,
        vec![
            (ItemKind::Client, 1),
            (ItemKind::Contact, 1),
            (ItemKind::Deal, 1)
        ]
    );
    assert_eq!(report.added_total(), 3);
    assert_eq!(report.added_of(ItemKind::Deal), 1);
    assert_eq!(report.conflicts, vec![]);
}

#[test]
fn merge_never_deletes() {
    let ours = base();
    // The teammate deleted a deal, a plan and a contact (their file no longer has them)…
    let mut theirs = base();
    theirs.deals.remove(1);
    theirs.plans.clear();
    theirs.contacts.clear();
    let (m, report) = merged(&ours, &theirs);
    // …and they are all still here: a file without an item does not remove it.
    assert_eq!(m, ours);
    assert_eq!(report.only_ours, 3);
    assert!(report.is_noop());
}

#[test]
fn new_items_keep_their_place_in_the_list() {
    let mut ours = base();
    ours.sellers.push(Seller {
        id: SellerId(50),
        name: "Ours new".into(),
    });
    let mut theirs = base();
    // Their new seller sits between the two shared ones.
    theirs.sellers.insert(
        1,
        Seller {
            id: SellerId(40),
            name: "Theirs new".into(),
        },
    );
    theirs.sellers.push(Seller {
        id: SellerId(60),
        name: "Theirs last".into(),
    });
    let (m, _) = merged(&ours, &theirs);
    let ids: Vec<u64> = m.sellers.iter().map(|s| s.id.0).collect();
    // Their list is longer, so it is the base; our new seller follows its predecessor (2).
    assert_eq!(ids, vec![1, 40, 2, 50, 60]);
}

#[test]
fn a_new_stage_goes_after_the_stage_it_followed() {
    let ours = base();
    let mut theirs = base();
    theirs.stages.insert(
        2,
        Stage {
            id: StageId(77),
            name: "Demo".into(),
            kind: StageKind::Open,
            probability: 30,
            rotting_days: None,
            forecast_category: ForecastCategory::Pipeline,
        },
    );
    let (m, report) = merged(&ours, &theirs);
    let ids: Vec<u64> = m.stages.iter().map(|s| s.id.0).collect();
    assert_eq!(ids, vec![1, 2, 77, 3, 4, 5, 6, 7]);
    assert_eq!(report.stage_order, None);

    // Reordered on one side only: the order is the base's, and the report says whose.
    let mut swapped = base();
    swapped.stages.swap(0, 1);
    let (m, report) = merged(&ours, &swapped);
    let ids: Vec<u64> = m.stages.iter().map(|s| s.id.0).collect();
    assert_eq!(
        ids,
        vec![2, 1, 3, 4, 5, 6, 7],
        "the greater id sequence wins"
    );
    assert_eq!(report.stage_order, Some(Side::Theirs));
}

#[test]
fn other_items_differing_are_a_content_tie_break_conflict() {
    let mut ours = base();
    ours.clients[1].name = "Beta LLC".into();
    ours.plans[0].amount = Money(1);
    let mut theirs = base();
    theirs.clients[1].name = "Beta Ltd".into();
    let (m, report) = merged(&ours, &theirs);
    assert_eq!(m.clients[1].name, "Beta Ltd", "the greater name wins");
    assert_eq!(
        m.plans[0].amount,
        Money(300_000_000),
        "the greater amount wins"
    );
    let kinds: Vec<(ItemKind, u64, &str, Side, ConflictReason)> = report
        .conflicts
        .iter()
        .map(|c| (c.kind, c.id, c.name.as_str(), c.kept, c.reason))
        .collect();
    let plan_id = plan_key(SellerId(1), YearMonth::new(2025, 4));
    assert_eq!(
        kinds,
        vec![
            (
                ItemKind::Client,
                2,
                "Beta Ltd",
                Side::Theirs,
                ConflictReason::ContentTieBreak
            ),
            (
                ItemKind::Plan,
                plan_id,
                "Anna · 2025-04",
                Side::Theirs,
                ConflictReason::ContentTieBreak
            ),
        ]
    );
}

#[test]
fn merge_with_choices_takes_the_other_side() {
    let mut ours = base();
    ours.deals[0].title = "Ours".into();
    ours.deals[0].updated_at = T0 + 1;
    ours.clients[0].segment = "A".into();
    let mut theirs = base();
    theirs.deals[0].title = "Theirs".into();
    theirs.deals[0].updated_at = T0 + 2;
    theirs.clients[0].segment = "B".into();
    let (m, report) = merge(&ours, &theirs).expect("merges");
    assert_eq!(deal_of(&m, 1).title, "Theirs");
    assert_eq!(m.clients[0].segment, "B");

    // The head takes the other side of every conflict the report listed.
    let choices: Vec<(ItemKind, u64, Side)> = report
        .conflicts
        .iter()
        .map(|c| (c.kind, c.id, c.kept.other()))
        .collect();
    let (m2, report2) = merge_with_choices(&ours, &theirs, &choices).expect("merges");
    assert_eq!(deal_of(&m2, 1).title, "Ours");
    assert_eq!(m2.clients[0].segment, "A");
    assert_eq!(m2, ours);
    assert_eq!(
        report2.conflicts.len(),
        2,
        "still listed, so the head can switch back"
    );
    assert!(
        report2
            .conflicts
            .iter()
            .all(|c| c.kept == Side::Ours && c.reason == ConflictReason::Chosen)
    );

    // Unknown items and identical ones ignore a choice; the last of two choices wins.
    let noise = [
        (ItemKind::Deal, 12345, Side::Ours),
        (ItemKind::Deal, 2, Side::Ours),
        (ItemKind::Deal, 1, Side::Ours),
        (ItemKind::Deal, 1, Side::Theirs),
    ];
    let (m3, _) = merge_with_choices(&ours, &theirs, &noise).expect("merges");
    assert_eq!(m3, m);
}

#[test]
fn a_plan_choice_uses_the_plan_key() {
    let ours = base();
    let mut theirs = base();
    theirs.plans[0].amount = Money(1);
    let key = plan_key(SellerId(1), YearMonth::new(2025, 4));
    let (m, report) = merge(&ours, &theirs).expect("merges");
    assert_eq!(report.conflicts[0].id, key);
    assert_eq!(m.plans[0].amount, Money(300_000_000));
    let (m, _) =
        merge_with_choices(&ours, &theirs, &[(ItemKind::Plan, key, Side::Theirs)]).expect("ok");
    assert_eq!(m.plans[0].amount, Money(1));
}

#[test]
fn plan_keys_are_stable_and_distinct_per_month() {
    // A fixed value: the key must not change between builds (the UI may keep it in a choice).
    assert_eq!(
        plan_key(SellerId(1), YearMonth::new(2025, 4)),
        plan_key(SellerId(1), YearMonth::new(2025, 4))
    );
    let mut keys = std::collections::HashSet::new();
    for seller in [0, 1, 2, u64::MAX, 1 << 52] {
        for year in [0, 1999, 2025, 9999] {
            for month in 1..=12 {
                assert!(keys.insert(plan_key(SellerId(seller), YearMonth::new(year, month))));
            }
        }
    }
}

#[test]
fn different_currencies_are_refused() {
    let ours = base();
    let mut theirs = base();
    theirs.currency = "EUR".into();
    assert_eq!(
        merge(&ours, &theirs),
        Err(MergeError::CurrencyMismatch {
            ours: "RUB".into(),
            theirs: "EUR".into()
        })
    );
    assert_eq!(
        merge(&ours, &theirs).map(|_| ()).unwrap_err().code(),
        "currency_mismatch"
    );
}

#[test]
fn an_unsound_input_is_refused() {
    let ours = base();
    let mut theirs = base();
    theirs.deals[0].client = ClientId(404);
    match merge(&ours, &theirs) {
        Err(MergeError::InvalidInput { side, problems }) => {
            assert_eq!(side, Side::Theirs);
            assert_eq!(problems.len(), 1);
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    match merge(&theirs, &ours) {
        Err(
            e @ MergeError::InvalidInput {
                side: Side::Ours, ..
            },
        ) => {
            assert_eq!(e.code(), "invalid_input")
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[test]
fn same_named_items_are_both_kept_and_reported() {
    let mut ours = base();
    ours.clients.push(Client {
        id: ClientId(500),
        name: "Acme".into(),
        segment: String::new(),
        key: false,
        no_client: false,
    });
    let mut theirs = base();
    theirs.clients.push(Client {
        id: ClientId(600),
        name: "  ACME ".into(),
        segment: String::new(),
        key: false,
        no_client: false,
    });
    // Contacts clash only within one client: "Irina" at another client is fine.
    theirs.contacts.push(Contact {
        id: ContactId(2),
        client: ClientId(2),
        name: "Irina".into(),
        position: String::new(),
        role: None,
        level: 0,
    });
    let (m, report) = merged(&ours, &theirs);
    assert!(m.client(ClientId(500)).is_some() && m.client(ClientId(600)).is_some());
    assert_eq!(report.name_clashes.len(), 1);
    let clash = &report.name_clashes[0];
    assert_eq!(clash.kind, ItemKind::Client);
    assert_eq!(clash.ids, vec![500, 600]);
    assert_eq!(clash.name, "Acme");

    // A duplicate that was already ours is not the merge's doing.
    let (m2, again) = merged(&m, &theirs);
    assert_eq!(m2, m);
    assert_eq!(again.name_clashes, vec![]);
}

fn set_kind(ws: &mut Workspace, stage: u64, kind: StageKind) {
    let s = ws
        .stages
        .iter_mut()
        .find(|s| s.id.0 == stage)
        .expect("stage");
    s.kind = kind;
}

#[test]
fn a_stage_keeps_the_kind_its_deals_need() {
    // Stage 5 has no deals on either side. They turn it into a won stage; we put an open deal
    // in it. The tie-break alone would keep their "won" (greater kind), contradicting our deal.
    let mut ours = base();
    ours.deals.push(deal(10, "Fresh", 1, 5));
    let mut theirs = base();
    set_kind(&mut theirs, 5, StageKind::Won);
    assert_eq!(validate(&theirs), vec![]);

    let (m, report) = merged(&ours, &theirs);
    assert_eq!(m.stage(StageId(5)).map(|s| s.kind), Some(StageKind::Open));
    let c = report
        .conflicts
        .iter()
        .find(|c| c.kind == ItemKind::Stage)
        .expect("stage conflict");
    assert_eq!(
        (c.id, c.kept, c.reason),
        (5, Side::Ours, ConflictReason::FitsDeals)
    );

    // Without the deal the tie-break decides.
    let (m, report) = merged(&base(), &theirs);
    assert_eq!(m.stage(StageId(5)).map(|s| s.kind), Some(StageKind::Won));
    assert_eq!(report.conflicts[0].reason, ConflictReason::ContentTieBreak);
}

#[test]
fn the_pipeline_keeps_an_open_stage() {
    // Both teammates close a different one of the two open stages 4 and 5 of a pipeline whose
    // stages 1–3 are gone: each side still has an open stage, but taking the greater version of
    // each would leave none.
    let trim = |ws: &mut Workspace| {
        ws.stages.retain(|s| s.id.0 >= 4);
        ws.deals.clear();
        ws.plans.clear();
    };
    let mut ours = base();
    trim(&mut ours);
    set_kind(&mut ours, 4, StageKind::Lost);
    let mut theirs = base();
    trim(&mut theirs);
    set_kind(&mut theirs, 5, StageKind::Lost);
    assert_eq!(validate(&ours), vec![]);
    assert_eq!(validate(&theirs), vec![]);

    let (m, report) = merged(&ours, &theirs);
    let kinds: Vec<(u64, StageKind)> = m.stages.iter().map(|s| (s.id.0, s.kind)).collect();
    assert_eq!(kinds[..2], [(4, StageKind::Open), (5, StageKind::Lost)]);
    let reasons: Vec<(u64, Side, ConflictReason)> = report
        .conflicts
        .iter()
        .map(|c| (c.id, c.kept, c.reason))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (4, Side::Theirs, ConflictReason::KeepsOpenStage),
            (5, Side::Theirs, ConflictReason::ContentTieBreak)
        ]
    );
}

#[test]
fn a_stage_with_open_and_closed_deals_on_the_two_sides_is_incompatible() {
    let mut ours = base();
    ours.deals.push(deal(10, "Open here", 1, 5));
    let mut theirs = base();
    set_kind(&mut theirs, 5, StageKind::Won);
    let mut won = deal(11, "Won there", 1, 5);
    won.closed = Some(day(2025, 3, 3));
    theirs.deals.push(won);
    assert_eq!(validate(&theirs), vec![]);
    match merge(&ours, &theirs) {
        Err(e @ MergeError::Incompatible(_)) => assert_eq!(e.code(), "incompatible"),
        other => panic!("expected Incompatible, got {other:?}"),
    }
}

#[test]
fn a_choice_that_breaks_the_workspace_is_refused() {
    let mut ours = base();
    ours.deals.push(deal(10, "Fresh", 1, 5));
    let mut theirs = base();
    set_kind(&mut theirs, 5, StageKind::Won);
    let r = merge_with_choices(&ours, &theirs, &[(ItemKind::Stage, 5, Side::Theirs)]);
    assert!(matches!(r, Err(MergeError::Incompatible(_))), "{r:?}");
}

#[test]
fn merging_again_changes_nothing() {
    let mut ours = base();
    ours.deals[0].amount = Money(2);
    ours.deals[0].updated_at = T0 + 3;
    ours.sellers[1].name = "Boris K.".into();
    let mut theirs = base();
    theirs.deals[1].stage = StageId(3);
    theirs.deals[1].history.push(entry(3, day(2025, 4, 1)));
    theirs.deals[1].updated_at = T0 + 9;
    theirs.directions.push(Direction {
        id: DirectionId(2),
        name: "Edge".into(),
    });
    let (m, _) = merged(&ours, &theirs);
    let (m2, report) = merged(&m, &theirs);
    assert_eq!(m2, m);
    assert!(report.is_noop());
    // Without a common ancestor the differences are listed again, now all kept on our side.
    assert_eq!(report.conflicts.len(), 2);
    assert!(report.conflicts.iter().all(|c| c.kept == Side::Ours));
}
