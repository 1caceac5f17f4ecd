//! Builders shared by the pipeline-changes tests (`tests/changes*.rs`): a small workspace with
//! ids that differ from positions, deals with a consistent stage history, and edits that keep
//! the history true (moving a deal records the day it entered its new stage).
#![allow(dead_code)]

use chrono::NaiveDate;
use voronka::domain::*;

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    // ok: the tests only pass real dates.
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

// Ids deliberately differ from positions.
pub const QUAL: StageId = StageId(30); // position 0, open, 10 %
pub const PROP: StageId = StageId(10); // position 1, open, 40 %
pub const NEGO: StageId = StageId(20); // position 2, open, 60 %
pub const WON: StageId = StageId(40);
pub const LOST: StageId = StageId(50);
pub const OPEN_STAGES: [StageId; 3] = [QUAL, PROP, NEGO];

pub const ANNA: SellerId = SellerId(5);
pub const BORIS: SellerId = SellerId(2);
pub const SELLERS: [SellerId; 2] = [ANNA, BORIS];

pub const ALPHA: ClientId = ClientId(11);
pub const D1: DirectionId = DirectionId(21);
pub const D2: DirectionId = DirectionId(22);
pub const T1: DealTypeId = DealTypeId(31);

fn stage(id: StageId, name: &str, kind: StageKind, p: u8) -> Stage {
    Stage {
        id,
        name: name.into(),
        kind,
        probability: p,
        rotting_days: None,
        forecast_category: ForecastCategory::Pipeline,
    }
}

/// The workspace every changes test starts from, holding `deals`.
pub fn workspace(deals: Vec<Deal>) -> Workspace {
    Workspace {
        currency: "RUB".into(),
        sellers: vec![
            Seller {
                id: ANNA,
                name: "Anna".into(),
            },
            Seller {
                id: BORIS,
                name: "Boris".into(),
            },
        ],
        clients: vec![Client {
            id: ALPHA,
            name: "Alpha".into(),
            segment: String::new(),
            key: false,
            no_client: false,
        }],
        contacts: vec![],
        directions: vec![
            Direction {
                id: D1,
                name: "Cloud".into(),
            },
            Direction {
                id: D2,
                name: "On-premise".into(),
            },
        ],
        stages: vec![
            stage(QUAL, "Qualification", StageKind::Open, 10),
            stage(PROP, "Proposal", StageKind::Open, 40),
            stage(NEGO, "Negotiation", StageKind::Open, 60),
            stage(WON, "Won", StageKind::Won, 100),
            stage(LOST, "Lost", StageKind::Lost, 0),
        ],
        deals,
        plans: vec![],
        roles: vec![],
        deal_types: vec![DealType {
            id: T1,
            name: "New business".into(),
        }],
    }
}

/// An open deal created on 2025-03-01 in `stage`, worth `major` whole roubles, expected to close
/// on 2025-08-01.
pub fn deal(id: u64, seller: SellerId, stage: StageId, major: i64) -> Deal {
    let created = day(2025, 3, 1);
    Deal {
        id: DealId(id),
        title: format!("deal {id}"),
        client: ALPHA,
        seller,
        direction: Some(D1),
        deal_type: Some(T1),
        amount: Money::from_major(major),
        probability: None,
        stage,
        created,
        expected_close: Some(day(2025, 8, 1)),
        closed: None,
        history: vec![StageEntry {
            stage,
            entered: created,
        }],
        next_step: None,
        lost_reason: None,
        contacts: vec![],
        forecast_category: None,
        updated_at: 0,
    }
}

/// The deal moved to `stage` on `on`, its history and close date kept true.
pub fn moved(mut d: Deal, stage: StageId, on: NaiveDate) -> Deal {
    d.stage = stage;
    d.history.push(StageEntry { stage, entered: on });
    d.closed = (stage == WON || stage == LOST).then_some(on);
    d
}

/// The deal with another amount.
pub fn worth(mut d: Deal, major: i64) -> Deal {
    d.amount = Money::from_major(major);
    d
}

/// The deal expected to close on another day.
pub fn closing(mut d: Deal, on: NaiveDate) -> Deal {
    d.expected_close = Some(on);
    d
}

/// The deal created on another day (its first history entry too).
pub fn created(mut d: Deal, on: NaiveDate) -> Deal {
    d.created = on;
    if let Some(first) = d.history.first_mut() {
        first.entered = on;
    }
    d
}

/// The deal with another seller.
pub fn sold_by(mut d: Deal, seller: SellerId) -> Deal {
    d.seller = seller;
    d
}

/// Exact weighted amount of `major` roubles at `p` percent.
pub fn weighted(major: i64, p: u8) -> Weighted {
    Money::from_major(major).weighted(p)
}
