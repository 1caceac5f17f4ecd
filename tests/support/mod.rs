//! What the host tests share (`mod support;` in each): dates, a plain deal to build fixtures
//! from, and the demo workspace.

// Each test binary compiles this module and uses its own subset of it.
#![allow(dead_code)]

use chrono::NaiveDate;
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::{Deal, DealId, Lang, StageEntry, StageId, Workspace};

/// A calendar day; panics on an impossible date (a typo in a test).
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A deal `id` titled "deal {id}" that went through `history` (stage, day entered), oldest
/// first: created on the first day, now in the last stage. Client and seller 1, no amount,
/// nothing else set, not closed. A test sets the rest with struct update syntax
/// (`Deal { amount, closed, ..deal(7, &[(Q, day(2025, 1, 3))]) }`).
pub fn deal(id: u64, history: &[(StageId, NaiveDate)]) -> Deal {
    let (stage, _) = *history.last().expect("a deal has a stage");
    Deal {
        title: format!("deal {id}"),
        history: history
            .iter()
            .map(|&(stage, entered)| StageEntry { stage, entered })
            .collect(),
        ..Deal::new_open(
            DealId(id),
            String::new(),
            voronka::domain::ClientId(1),
            voronka::domain::SellerId(1),
            stage,
            history[0].1,
        )
    }
}

/// The demo company in `lang` as of `today`, with `deals` deals.
pub fn demo(lang: Lang, today: NaiveDate, deals: usize) -> Workspace {
    demo::generate(DemoSpec {
        deals,
        ..DemoSpec::standard(lang, today)
    })
}
