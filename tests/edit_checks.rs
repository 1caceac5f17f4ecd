//! The domain rules a form asks before it changes anything (issue 18): `check_*` says exactly what
//! the matching `upsert_*` would refuse without copying the workspace; `deal_problems` is the
//! whole-workspace validation narrowed to one deal; a new deal's defaults (first open stage, the
//! filter's seller or the client's usual one); `Deal::new_open`.

mod support;
use support::day;

use chrono::{Days, NaiveDate};
use voronka::domain::edit::*;
use voronka::domain::index::DealIndex;
use voronka::domain::rng::SplitMix64;
use voronka::domain::validate::{Problem, deal_problems, validate};
use voronka::domain::*;

fn today() -> NaiveDate {
    day(2026, 11, 20)
}

fn demo_ws(deals: usize) -> Workspace {
    support::demo(Lang::En, today(), deals)
}

/// A name that is sometimes blank, too long, another item's name in other case, or fresh.
fn name(rng: &mut SplitMix64, others: &[&str]) -> String {
    match rng.below(5) {
        0 => "  ".to_string(),
        1 => "x".repeat(MAX_NAME_CHARS + 1),
        2 if !others.is_empty() => format!(" {} ", rng.pick(others).to_uppercase()),
        _ => format!("Item {}", rng.below(1_000)),
    }
}

/// One id of a list, an unknown one now and then.
fn id_of<T>(rng: &mut SplitMix64, list: &[T], id: impl Fn(&T) -> u64) -> u64 {
    if list.is_empty() || rng.chance(10) {
        9_000_000 + rng.below(10)
    } else {
        id(rng.pick(list))
    }
}

/// A proposed change to a deal: an existing one edited, or a new one, with now and then a bad
/// field, a stage change (a move dated today) or a history of its own.
fn proposed_deal(rng: &mut SplitMix64, ws: &Workspace) -> Deal {
    let mut d = if rng.chance(50) && !ws.deals.is_empty() {
        rng.pick(&ws.deals).clone()
    } else {
        let stage = StageId(id_of(rng, &ws.stages, |s| s.id.0));
        Deal::new_open(
            DealId(rng.below(1 << 40) + 10_000),
            String::new(),
            ClientId(id_of(rng, &ws.clients, |c| c.id.0)),
            SellerId(id_of(rng, &ws.sellers, |s| s.id.0)),
            stage,
            today() - Days::new(rng.below(400)),
        )
    };
    let titles: Vec<&str> = ws.deals.iter().map(|d| d.title.as_str()).collect();
    if rng.chance(60) {
        d.title = name(rng, &titles);
    }
    if rng.chance(30) {
        d.stage = StageId(id_of(rng, &ws.stages, |s| s.id.0));
        if rng.chance(30) {
            d.history.clear();
        }
    }
    if rng.chance(20) {
        d.amount = Money(rng.range(-100, 2_000_000_000_000_000));
    }
    if rng.chance(15) {
        d.probability = Some(rng.below(130) as u8);
    }
    if rng.chance(15) {
        d.expected_close = Some(d.created + Days::new(rng.below(90)) - Days::new(30));
    }
    if rng.chance(15) {
        d.lost_reason = rng.chance(50).then(|| "price".to_string());
    }
    if rng.chance(10) {
        d.contacts
            .push(ContactId(id_of(rng, &ws.contacts, |c| c.id.0)));
    }
    if rng.chance(10) {
        d.next_step = Some(NextStep {
            text: if rng.chance(50) { " " } else { "Call" }.to_string(),
            due: None,
            done: false,
        });
    }
    d
}

/// Applies one random proposal with its `check_*` and its `upsert_*`: the two must agree, and a
/// check must answer the same whether or not it is asked first.
fn step(rng: &mut SplitMix64, ws: &mut Workspace) -> bool {
    let before = ws.clone();
    let (checked, upserted) = match rng.below(9) {
        0 => {
            let others: Vec<&str> = ws.sellers.iter().map(|x| x.name.as_str()).collect();
            let item = Seller {
                id: SellerId(id_of(rng, &ws.sellers, |x| x.id.0)),
                name: name(rng, &others),
            };
            (check(ws, &item), upsert(ws, item))
        }
        1 => {
            let others: Vec<&str> = ws.clients.iter().map(|x| x.name.as_str()).collect();
            let item = Client {
                id: ClientId(id_of(rng, &ws.clients, |x| x.id.0)),
                name: name(rng, &others),
                segment: if rng.chance(10) {
                    "s".repeat(MAX_NAME_CHARS + 1)
                } else {
                    " SMB ".into()
                },
                key: rng.chance(30),
                no_client: false,
            };
            (check(ws, &item), upsert(ws, item))
        }
        2 => {
            let others: Vec<&str> = ws.contacts.iter().map(|x| x.name.as_str()).collect();
            let item = Contact {
                id: ContactId(id_of(rng, &ws.contacts, |x| x.id.0)),
                client: ClientId(id_of(rng, &ws.clients, |x| x.id.0)),
                name: name(rng, &others),
                position: " CEO ".into(),
                role: rng
                    .chance(80)
                    .then(|| RoleId(id_of(rng, &ws.roles, |x| x.id.0))),
                level: rng.below(8) as u8,
            };
            (check(ws, &item), upsert(ws, item))
        }
        3 => {
            let others: Vec<&str> = ws.directions.iter().map(|x| x.name.as_str()).collect();
            let item = Direction {
                id: DirectionId(id_of(rng, &ws.directions, |x| x.id.0)),
                name: name(rng, &others),
            };
            (check(ws, &item), upsert(ws, item))
        }
        4 => {
            let others: Vec<&str> = ws.deal_types.iter().map(|x| x.name.as_str()).collect();
            let item = DealType {
                id: DealTypeId(id_of(rng, &ws.deal_types, |x| x.id.0)),
                name: name(rng, &others),
            };
            (check(ws, &item), upsert(ws, item))
        }
        5 => {
            let others: Vec<&str> = ws.roles.iter().map(|x| x.name.as_str()).collect();
            let item = Role {
                id: RoleId(id_of(rng, &ws.roles, |x| x.id.0)),
                name: name(rng, &others),
                target: rng.chance(50),
            };
            (check(ws, &item), upsert(ws, item))
        }
        6 => {
            let item = Plan {
                seller: SellerId(id_of(rng, &ws.sellers, |x| x.id.0)),
                month: YearMonth::new(2026, rng.below(14) as u32),
                amount: Money(rng.range(-10, 1_000_000_000)),
            };
            (check(ws, &item), upsert(ws, item))
        }
        7 => {
            let others: Vec<&str> = ws.stages.iter().map(|x| x.name.as_str()).collect();
            let kinds = [StageKind::Open, StageKind::Won, StageKind::Lost];
            let item = Stage {
                id: StageId(id_of(rng, &ws.stages, |x| x.id.0)),
                name: name(rng, &others),
                kind: *rng.pick(&kinds),
                probability: rng.below(120) as u8,
                rotting_days: rng.chance(80).then(|| rng.below(4_000) as u32),
                forecast_category: ForecastCategory::Commit,
            };
            (check(ws, &item), upsert(ws, item))
        }
        _ => {
            let item = proposed_deal(rng, ws);
            (
                check_deal(ws, &item, today()),
                upsert_deal(ws, item, today(), 42),
            )
        }
    };
    assert_eq!(checked, upserted, "a check must say what the upsert does");
    if upserted.is_err() {
        assert_eq!(*ws, before, "a refused upsert changes nothing");
    }
    upserted.is_ok()
}

#[test]
fn every_check_answers_what_its_upsert_would_do() {
    let mut ws = demo_ws(200);
    let mut rng = SplitMix64::new(18);
    let mut accepted = 0;
    for _ in 0..3_000 {
        if step(&mut rng, &mut ws) {
            accepted += 1;
        }
    }
    // Both answers occur often, so the agreement above means something.
    assert!((300..2_700).contains(&accepted), "{accepted} accepted");
    assert_eq!(
        validate(&ws),
        vec![],
        "accepted upserts keep the workspace sound"
    );
}

#[test]
fn a_check_reports_every_field_at_once() {
    let ws = demo_ws(50);
    let mut d = ws.deals[0].clone();
    d.title = " ".into();
    d.seller = SellerId(404);
    d.amount = Money(-1);
    let fields: Vec<&str> = check_deal(&ws, &d, today())
        .unwrap_err()
        .iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["title", "seller", "amount"]);
    let stage = Stage {
        name: ws.stages[1].name.to_lowercase(),
        ..ws.stages[0].clone()
    };
    assert_eq!(
        check(&ws, &stage),
        Err(vec![FieldError {
            field: "name",
            kind: FieldErrorKind::Duplicate
        }])
    );
}

/// Problems of `ws.deals[i]` as the whole validation reports them.
fn validated_for(ws: &Workspace, i: usize) -> Vec<Problem> {
    let prefix = format!("deals[{i}]");
    validate(ws)
        .into_iter()
        .filter(|p| {
            p.path
                .strip_prefix(&prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
        .collect()
}

#[test]
fn one_deals_problems_are_the_whole_validation_narrowed_to_it() {
    let mut ws = demo_ws(120);
    let mut rng = SplitMix64::new(7);
    // Break some deals in every way the model checks.
    for i in 0..ws.deals.len() {
        let d = &mut ws.deals[i];
        match rng.below(12) {
            0 => d.client = ClientId(77),
            1 => d.amount = Money(-5),
            2 => d.history.clear(),
            3 => d.title = String::new(),
            4 => d.closed = Some(d.created - Days::new(3)),
            5 => d.contacts.push(ContactId(12_345)),
            6 => d.probability = Some(101),
            7 => d.history.reverse(),
            8 => d.stage = StageId(999),
            _ => {}
        }
    }
    let mut broken = 0;
    for i in 0..ws.deals.len() {
        let one = deal_problems(&ws, i);
        assert_eq!(one, validated_for(&ws, i), "deal {i}");
        broken += usize::from(!one.is_empty());
    }
    assert!(broken > ws.deals.len() / 2, "{broken} broken deals");
    assert_eq!(deal_problems(&ws, ws.deals.len()), vec![]);
}

/// Two sellers, two clients, one open stage after a won one.
fn small() -> Workspace {
    let seller = |id, name: &str| Seller {
        id: SellerId(id),
        name: name.into(),
    };
    let client = |id, name: &str| Client {
        id: ClientId(id),
        name: name.into(),
        segment: String::new(),
        key: false,
        no_client: false,
    };
    let stage = |id, kind| Stage {
        id: StageId(id),
        name: format!("s{id}"),
        kind,
        probability: 10,
        rotting_days: None,
        forecast_category: ForecastCategory::Pipeline,
    };
    Workspace {
        currency: "EUR".into(),
        sellers: vec![seller(5, "Ann"), seller(3, "Bob"), seller(9, "Cy")],
        clients: vec![client(1, "Acme"), client(2, "Globex")],
        stages: vec![stage(30, StageKind::Won), stage(20, StageKind::Open)],
        ..Workspace::default()
    }
}

fn add(ws: &mut Workspace, id: u64, client: u64, seller: u64) {
    let d = Deal::new_open(
        DealId(id),
        format!("d{id}"),
        ClientId(client),
        SellerId(seller),
        StageId(20),
        day(2026, 1, 5),
    );
    upsert_deal(ws, d, today(), 1).unwrap();
}

#[test]
fn the_usual_seller_has_most_of_the_clients_deals_ties_to_the_earlier() {
    let mut ws = small();
    let ix = |ws: &Workspace| DealIndex::build(ws);
    assert_eq!(usual_seller(&ws, &ix(&ws), ClientId(1)), None);
    add(&mut ws, 1, 1, 9);
    add(&mut ws, 2, 1, 3);
    // One each: Bob comes before Cy in the sellers list.
    assert_eq!(usual_seller(&ws, &ix(&ws), ClientId(1)), Some(SellerId(3)));
    add(&mut ws, 3, 1, 9);
    // Other clients' deals do not count.
    add(&mut ws, 4, 2, 3);
    add(&mut ws, 5, 2, 3);
    assert_eq!(usual_seller(&ws, &ix(&ws), ClientId(1)), Some(SellerId(9)));
    assert_eq!(usual_seller(&ws, &ix(&ws), ClientId(2)), Some(SellerId(3)));
    assert_eq!(usual_seller(&ws, &ix(&ws), ClientId(404)), None);
}

#[test]
fn a_new_deal_starts_in_the_first_open_stage_with_the_filters_or_the_usual_seller() {
    let mut ws = small();
    add(&mut ws, 1, 2, 9);
    let ix = DealIndex::build(&ws);
    let d = new_deal_defaults(&ws, &ix, today(), Some(SellerId(5)), Some(ClientId(2)));
    assert_eq!(
        d,
        NewDealDefaults {
            stage: Some(StageId(20)),
            seller: Some(SellerId(5)),
            created: today(),
        }
    );
    // A filter seller that no longer exists gives way to the client's usual seller.
    let d = new_deal_defaults(&ws, &ix, today(), Some(SellerId(404)), Some(ClientId(2)));
    assert_eq!(d.seller, Some(SellerId(9)));
    // No client, no filter: no seller is guessed.
    assert_eq!(
        new_deal_defaults(&ws, &ix, today(), None, None).seller,
        None
    );
    // No open stage: nowhere to start.
    ws.stages.retain(|s| s.kind != StageKind::Open);
    assert_eq!(new_deal_defaults(&ws, &ix, today(), None, None).stage, None);
    assert_eq!(first_open_stage(&ws), None);
}

#[test]
fn a_new_open_deal_enters_its_stage_on_creation_and_is_sound() {
    let mut ws = small();
    add(&mut ws, 1, 1, 5);
    let d = ws.deal(DealId(1)).unwrap();
    assert_eq!(
        d.history,
        vec![StageEntry {
            stage: StageId(20),
            entered: day(2026, 1, 5)
        }]
    );
    assert_eq!((d.closed, d.amount, d.updated_at), (None, Money::ZERO, 1));
    assert_eq!(validate(&ws), vec![]);
}
