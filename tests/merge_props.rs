//! Property tests of `domain::merge`: two teammates start from one demo workspace, each makes
//! random edits (through `domain::edit` where a rule applies, so both stay sound), and the merge
//! of the two must be order-independent, idempotent, sound, lossless and JSON-stable.
//!
//! Edits collide on purpose: new items take ids from small ranges, so both sides often add a
//! different item under the same id; stages change kind when empty, so the stage rules run.
//!
//! Each property runs `PROPTEST_CASES` cases (default 64, a few seconds). For a long run:
//!
//! ```text
//! PROPTEST_CASES=10000 cargo test --test merge_props
//! ```
//!
//! Failures are saved in `proptest-regressions/merge_props.txt` (committed, replayed first).

mod support;
use support::day;

use std::collections::HashSet;

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::edit::{self, ItemRef};
use voronka::domain::merge::{ItemKind, MergeError, Side, merge, merge_with_choices, plan_key};
use voronka::domain::validate::validate;
use voronka::domain::*;
use voronka::format::json;

fn today() -> NaiveDate {
    day(2025, 6, 15)
}

/// Milliseconds of "now" for edits: a few distinct values, so equal timestamps happen.
fn now_ms(t: u8) -> i64 {
    demo::date_to_millis(today()) + i64::from(t % 4) * 1_000
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/merge_props.txt",
        ))),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Random edits
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Edit {
    /// A new amount, stamped with a new time.
    Amount(Index, i64, u8),
    /// A new amount keeping the old `updated_at` (as an import of another tool might).
    AmountSameTime(Index, i64),
    /// Only `updated_at` changes.
    Touch(Index, u8),
    MoveStage(Index, Index, u8),
    RenameClient(Index, &'static str),
    StageProbability(Index, u8),
    /// Flips an empty stage between open and won (refused when it has deals or is the last open).
    ToggleStageKind(Index),
    MoveStagePosition(Index, Index),
    AddStage(u64, &'static str),
    AddSeller(u64, &'static str),
    AddClient(u64, &'static str),
    AddContact(u64, Index, &'static str),
    AddDeal(u64, Index, Index, Index, i64, u8),
    SetPlan(Index, u32, i64),
    DeleteDeal(Index),
    DeleteContact(Index),
    DeletePlan(Index),
}

const NAMES: &[&str] = &["Acme", "ACME ", "Beta", "Гамма", "Delta", "Ω"];

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let name = || prop::sample::select(NAMES);
    let amount = || 0i64..2_000_000;
    prop_oneof![
        1 => (any::<Index>(), amount(), any::<u8>()).prop_map(|(i, a, t)| Edit::Amount(i, a, t)),
        1 => (any::<Index>(), amount()).prop_map(|(i, a)| Edit::AmountSameTime(i, a)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, t)| Edit::Touch(i, t)),
        1 => (any::<Index>(), any::<Index>(), any::<u8>())
            .prop_map(|(i, s, t)| Edit::MoveStage(i, s, t)),
        1 => (any::<Index>(), name()).prop_map(|(i, n)| Edit::RenameClient(i, n)),
        1 => (any::<Index>(), 0u8..=100).prop_map(|(i, p)| Edit::StageProbability(i, p)),
        3 => any::<Index>().prop_map(Edit::ToggleStageKind),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(i, j)| Edit::MoveStagePosition(i, j)),
        1 => (70u64..73, name()).prop_map(|(id, n)| Edit::AddStage(id, n)),
        1 => (900u64..903, name()).prop_map(|(id, n)| Edit::AddSeller(id, n)),
        1 => (1_000u64..1_003, name()).prop_map(|(id, n)| Edit::AddClient(id, n)),
        1 => (2_000u64..2_003, any::<Index>(), name()).prop_map(|(id, c, n)| Edit::AddContact(id, c, n)),
        2 => (
            5_000u64..5_004,
            any::<Index>(),
            any::<Index>(),
            any::<Index>(),
            amount(),
            any::<u8>()
        )
            .prop_map(|(id, c, s, st, a, t)| Edit::AddDeal(id, c, s, st, a, t)),
        1 => (any::<Index>(), 0u32..4, amount()).prop_map(|(s, m, a)| Edit::SetPlan(s, m, a)),
        1 => any::<Index>().prop_map(Edit::DeleteDeal),
        1 => any::<Index>().prop_map(Edit::DeleteContact),
        1 => any::<Index>().prop_map(Edit::DeletePlan),
    ]
}

fn pick<T>(list: &[T], i: &Index) -> Option<usize> {
    (!list.is_empty()).then(|| i.index(list.len()))
}

/// Applies one edit; edits the rules refuse are skipped (that is part of the randomness).
fn apply(ws: &mut Workspace, e: &Edit) {
    let day = today();
    match e {
        Edit::Amount(i, a, t) => {
            if let Some(k) = pick(&ws.deals, i) {
                ws.deals[k].amount = Money(*a);
                ws.deals[k].updated_at = now_ms(*t);
            }
        }
        Edit::AmountSameTime(i, a) => {
            if let Some(k) = pick(&ws.deals, i) {
                ws.deals[k].amount = Money(*a);
            }
        }
        Edit::Touch(i, t) => {
            if let Some(k) = pick(&ws.deals, i) {
                ws.deals[k].updated_at = now_ms(*t);
            }
        }
        Edit::MoveStage(i, s, t) => {
            if let (Some(k), Some(j)) = (pick(&ws.deals, i), pick(&ws.stages, s)) {
                let (deal, stage) = (ws.deals[k].id, ws.stages[j].id);
                let _ = edit::move_deal_to_stage(
                    ws,
                    deal,
                    stage,
                    day,
                    Some("price".into()),
                    now_ms(*t),
                );
            }
        }
        Edit::RenameClient(i, n) => {
            if let Some(k) = pick(&ws.clients, i) {
                ws.clients[k].name = n.to_string();
            }
        }
        Edit::StageProbability(i, p) => {
            if let Some(k) = pick(&ws.stages, i) {
                ws.stages[k].probability = *p;
            }
        }
        Edit::ToggleStageKind(i) => {
            if let Some(k) = pick(&ws.stages, i) {
                let mut s = ws.stages[k].clone();
                s.kind = if s.kind == StageKind::Open {
                    StageKind::Won
                } else {
                    StageKind::Open
                };
                let _ = edit::upsert(ws, s);
            }
        }
        Edit::MoveStagePosition(i, j) => {
            if let Some(k) = pick(&ws.stages, i) {
                let id = ws.stages[k].id;
                let _ = edit::move_stage(ws, id, j.index(ws.stages.len()));
            }
        }
        Edit::AddStage(id, n) => {
            if ws.stage(StageId(*id)).is_none() {
                let _ = edit::upsert(
                    ws,
                    Stage {
                        id: StageId(*id),
                        name: format!("{n} {id}"),
                        kind: StageKind::Open,
                        probability: 35,
                        rotting_days: None,
                        forecast_category: ForecastCategory::Pipeline,
                    },
                );
            }
        }
        Edit::AddSeller(id, n) => {
            if ws.seller(SellerId(*id)).is_none() {
                ws.sellers.push(Seller {
                    id: SellerId(*id),
                    name: n.to_string(),
                });
            }
        }
        Edit::AddClient(id, n) => {
            if ws.client(ClientId(*id)).is_none() {
                ws.clients.push(Client {
                    id: ClientId(*id),
                    name: n.to_string(),
                    segment: String::new(),
                    key: false,
                    no_client: false,
                });
            }
        }
        Edit::AddContact(id, c, n) => {
            if let Some(k) = pick(&ws.clients, c)
                && !ws.contacts.iter().any(|x| x.id.0 == *id)
            {
                ws.contacts.push(Contact {
                    id: ContactId(*id),
                    client: ws.clients[k].id,
                    name: n.to_string(),
                    position: String::new(),
                    role: None,
                    level: 1,
                });
            }
        }
        Edit::AddDeal(id, c, s, st, a, t) => {
            if let (Some(ci), Some(si), Some(sti)) = (
                pick(&ws.clients, c),
                pick(&ws.sellers, s),
                pick(&ws.stages, st),
            ) && ws.deal(DealId(*id)).is_none()
            {
                let stage = &ws.stages[sti];
                let deal = Deal {
                    id: DealId(*id),
                    title: format!("Deal {id}"),
                    client: ws.clients[ci].id,
                    seller: ws.sellers[si].id,
                    direction: None,
                    deal_type: None,
                    amount: Money(*a),
                    probability: None,
                    stage: stage.id,
                    created: day - Duration::days(3),
                    expected_close: None,
                    closed: None,
                    history: vec![],
                    next_step: None,
                    lost_reason: (stage.kind == StageKind::Lost).then(|| "price".to_string()),
                    contacts: vec![],
                    forecast_category: None,
                    updated_at: 0,
                };
                let _ = edit::upsert_deal(ws, deal, day, now_ms(*t));
            }
        }
        Edit::SetPlan(s, m, a) => {
            if let Some(k) = pick(&ws.sellers, s) {
                let plan = Plan {
                    seller: ws.sellers[k].id,
                    month: YearMonth::new(2025, 4 + m),
                    amount: Money(*a),
                };
                let _ = edit::upsert(ws, plan);
            }
        }
        Edit::DeleteDeal(i) => {
            if let Some(k) = pick(&ws.deals, i) {
                let id = ws.deals[k].id;
                let _ = edit::delete(ws, ItemRef::Deal(id), now_ms(0));
            }
        }
        Edit::DeleteContact(i) => {
            if let Some(k) = pick(&ws.contacts, i) {
                let id = ws.contacts[k].id;
                let _ = edit::delete(ws, ItemRef::Contact(id), now_ms(0));
            }
        }
        Edit::DeletePlan(i) => {
            if let Some(k) = pick(&ws.plans, i) {
                let p = &ws.plans[k];
                let target = ItemRef::Plan(p.seller, p.month);
                let _ = edit::delete(ws, target, now_ms(0));
            }
        }
    }
}

#[derive(Clone, Debug)]
struct Pair {
    a: Workspace,
    b: Workspace,
}

/// Two teammates' workspaces sharing one history.
fn pair() -> impl Strategy<Value = Pair> {
    (
        any::<u64>(),
        0usize..30,
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(edit_strategy(), 0..16),
        prop::collection::vec(edit_strategy(), 0..16),
    )
        .prop_map(|(seed, deals, en, lean, ea, eb)| {
            let lang = if en { Lang::En } else { Lang::Ru };
            let mut base = demo::generate(DemoSpec {
                seed,
                deals,
                lang,
                today: today(),
            });
            if lean {
                // No deals and a short pipeline (two open stages), so that stage kinds collide
                // often: the "fits deals" and "keeps an open stage" rules need it.
                let ids: Vec<DealId> = base.deals.iter().map(|d| d.id).collect();
                edit::delete_deals(&mut base, &ids);
                for id in 1..=3 {
                    let _ = edit::delete(&mut base, ItemRef::Stage(StageId(id)), now_ms(0));
                }
            }
            let mut a = base.clone();
            let mut b = base;
            for e in &ea {
                apply(&mut a, e);
            }
            for e in &eb {
                apply(&mut b, e);
            }
            Pair { a, b }
        })
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/// Every item key of every list, for "nothing was lost".
fn keys(ws: &Workspace) -> HashSet<(ItemKind, u64)> {
    let mut k = HashSet::new();
    k.extend(ws.sellers.iter().map(|x| (ItemKind::Seller, x.id.0)));
    k.extend(ws.clients.iter().map(|x| (ItemKind::Client, x.id.0)));
    k.extend(ws.contacts.iter().map(|x| (ItemKind::Contact, x.id.0)));
    k.extend(ws.directions.iter().map(|x| (ItemKind::Direction, x.id.0)));
    k.extend(ws.stages.iter().map(|x| (ItemKind::Stage, x.id.0)));
    k.extend(ws.deals.iter().map(|x| (ItemKind::Deal, x.id.0)));
    k.extend(
        ws.plans
            .iter()
            .map(|x| (ItemKind::Plan, plan_key(x.seller, x.month))),
    );
    k.extend(ws.roles.iter().map(|x| (ItemKind::Role, x.id.0)));
    k.extend(ws.deal_types.iter().map(|x| (ItemKind::DealType, x.id.0)));
    k
}

fn is_incompatible<T>(r: &Result<T, MergeError>) -> bool {
    matches!(r, Err(MergeError::Incompatible(_)))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn edits_keep_both_sides_sound(p in pair()) {
        prop_assert_eq!(validate(&p.a), vec![]);
        prop_assert_eq!(validate(&p.b), vec![]);
    }

    #[test]
    fn merge_is_order_independent_sound_and_lossless(p in pair()) {
        let ab = merge(&p.a, &p.b);
        let ba = merge(&p.b, &p.a);
        match (ab, ba) {
            (Ok((m, report)), Ok((m2, _))) => {
                prop_assert_eq!(&m, &m2, "merge(a, b) == merge(b, a), order included");
                prop_assert_eq!(validate(&m), vec![]);
                let all = keys(&m);
                let (ka, kb) = (keys(&p.a), keys(&p.b));
                prop_assert!(ka.is_subset(&all), "nothing of ours is lost");
                prop_assert!(kb.is_subset(&all), "nothing of theirs is lost");
                prop_assert_eq!(all.len(), ka.union(&kb).count(), "nothing invented");
                // The report adds up.
                let common = ka.intersection(&kb).count();
                prop_assert_eq!(report.unchanged + report.updated + report.kept_ours, common);
                prop_assert_eq!(report.added_total(), kb.difference(&ka).count());
                prop_assert_eq!(report.only_ours, ka.difference(&kb).count());
                prop_assert!(report.conflicts.len() <= report.updated + report.kept_ours);
                // The JSON file of the result reads back as the result.
                prop_assert_eq!(json::read(&json::write(&m)), Ok(m));
            }
            (ab, ba) => {
                prop_assert!(is_incompatible(&ab), "only incompatible stages refuse: {:?}", ab.err());
                prop_assert!(is_incompatible(&ba));
            }
        }
    }

    #[test]
    fn merging_with_itself_is_the_identity(p in pair()) {
        let (m, report) = merge(&p.a, &p.a).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&m, &p.a);
        prop_assert!(report.is_noop());
        prop_assert_eq!(report.conflicts, vec![]);
        prop_assert_eq!(report.name_clashes, vec![]);
    }

    #[test]
    fn merging_again_changes_nothing(p in pair()) {
        if let Ok((m, _)) = merge(&p.a, &p.b) {
            for (x, y) in [(&m, &p.b), (&m, &p.a), (&p.a, &m), (&p.b, &m)] {
                let (again, _) = merge(x, y).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(&again, &m);
            }
        }
    }

    #[test]
    fn choices_take_the_other_side(p in pair()) {
        let Ok((m, report)) = merge(&p.a, &p.b) else {
            return Ok(());
        };
        let choices: Vec<(ItemKind, u64, Side)> =
            report.conflicts.iter().map(|c| (c.kind, c.id, c.kept.other())).collect();
        match merge_with_choices(&p.a, &p.b, &choices) {
            Ok((chosen, report2)) => {
                prop_assert_eq!(validate(&chosen), vec![]);
                // Every conflict flipped; the rest is as before.
                prop_assert_eq!(report2.conflicts.len(), report.conflicts.len());
                for (c, c2) in report.conflicts.iter().zip(&report2.conflicts) {
                    prop_assert_eq!((c.kind, c.id), (c2.kind, c2.id));
                    prop_assert_eq!(c2.kept, c.kept.other());
                }
                prop_assert_eq!(keys(&chosen), keys(&m));
                // Choosing the sides the plain merge kept gives the plain merge.
                let same: Vec<(ItemKind, u64, Side)> =
                    report.conflicts.iter().map(|c| (c.kind, c.id, c.kept)).collect();
                let (again, _) = merge_with_choices(&p.a, &p.b, &same)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(again, m);
            }
            Err(e) => prop_assert!(matches!(e, MergeError::Incompatible(_)), "{e}"),
        }
    }
}

/// The generator must reach every rule, or the properties above prove little: over a fixed
/// sample of pairs, every conflict reason, a name clash, a stage-order difference and an
/// incompatible pair each occur.
#[test]
fn the_generator_reaches_every_rule() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::BTreeMap;
    use voronka::domain::merge::ConflictReason;

    let mut runner = TestRunner::deterministic();
    let strategy = pair();
    let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
    for _ in 0..400 {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let p = tree.current();
        match merge(&p.a, &p.b) {
            Ok((_, report)) => {
                for c in &report.conflicts {
                    *seen.entry(c.reason.code()).or_default() += 1;
                    *seen.entry(c.kind.code()).or_default() += 1;
                }
                if !report.name_clashes.is_empty() {
                    *seen.entry("name_clash").or_default() += 1;
                }
                if report.stage_order.is_some() {
                    *seen.entry("stage_order").or_default() += 1;
                }
            }
            Err(e) => *seen.entry(e.code()).or_default() += 1,
        }
    }
    println!("{seen:?}");
    for rule in [
        ConflictReason::NewerUpdatedAt.code(),
        ConflictReason::SameTimeTieBreak.code(),
        ConflictReason::ContentTieBreak.code(),
        ConflictReason::FitsDeals.code(),
        ConflictReason::KeepsOpenStage.code(),
        "incompatible",
        "name_clash",
        "stage_order",
    ] {
        assert!(
            seen.contains_key(rule),
            "no sample reached {rule}: {seen:?}"
        );
    }
}
