//! Invariants under random edits (issue 10): long random sequences of the app's own operations —
//! stage moves, amount edits through the deal form's rules, deletes, new sellers, merges with a
//! teammate's edited copy, CSV imports and undos — applied to a demo workspace. After every step:
//! the workspace validates, a refused edit changed nothing, the funnel's open total equals the
//! open deals of the deal list (count and amount), and export → import gives it back exactly.
//!
//! `PROPTEST_CASES` sets the number of sequences (default 24 of up to 40 steps).

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::edit::{self, UndoStack};
use voronka::domain::filter::Filter;
use voronka::domain::funnel::funnel;
use voronka::domain::import::{ImportDraft, ImportOptions, detect_layout};
use voronka::domain::index::DealIndex;
use voronka::domain::merge::merge;
use voronka::domain::validate::validate;
use voronka::domain::*;
use voronka::format::csv_in::{self, CsvSource};
use voronka::format::json;

#[derive(Clone, Debug)]
enum Op {
    Move {
        deal: usize,
        stage: usize,
        days: u64,
    },
    Amount {
        deal: usize,
        minor: i64,
    },
    Delete {
        deal: usize,
    },
    AddSeller {
        n: u16,
    },
    MergeEdited {
        deal: usize,
        minor: i64,
    },
    ImportCsv {
        k: u16,
        stage: usize,
        rows: u8,
    },
    Undo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<usize>(), any::<usize>(), 0..400u64).prop_map(|(deal, stage, days)| Op::Move { deal, stage, days }),
        2 => (any::<usize>(), -5..500_000_000_i64).prop_map(|(deal, minor)| Op::Amount { deal, minor }),
        1 => any::<usize>().prop_map(|deal| Op::Delete { deal }),
        1 => any::<u16>().prop_map(|n| Op::AddSeller { n }),
        1 => (any::<usize>(), 0..100_000_000_i64).prop_map(|(deal, minor)| Op::MergeEdited { deal, minor }),
        1 => (any::<u16>(), any::<usize>(), 1..6u8).prop_map(|(k, stage, rows)| Op::ImportCsv { k, stage, rows }),
        2 => Just(Op::Undo),
    ]
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

/// Applies one operation the way the app does: on a copy, kept only when it succeeds.
fn apply(ws: &mut Workspace, undo: &mut UndoStack, op: &Op, step: i64) {
    let now = 1_800_000_000_000 + step;
    if matches!(op, Op::Undo) {
        undo.undo(ws);
        return;
    }
    if ws.deals.is_empty() && !matches!(op, Op::AddSeller { .. } | Op::ImportCsv { .. }) {
        return;
    }
    let mut next = ws.clone();
    let ok = match *op {
        Op::Move { deal, stage, days } => {
            let d = &next.deals[deal % next.deals.len()];
            let s = next.stages[stage % next.stages.len()].id;
            let last = d
                .history
                .last()
                .map_or(d.created, |h| h.entered)
                .max(d.created);
            let on = last.checked_add_days(Days::new(days)).unwrap_or(last);
            let id = d.id;
            edit::move_deal_to_stage(&mut next, id, s, on, Some("price".into()), now).is_ok()
        }
        Op::Amount { deal, minor } => {
            let mut d = next.deals[deal % next.deals.len()].clone();
            d.amount = Money(minor);
            edit::upsert_deal(&mut next, d, today(), now).is_ok()
        }
        Op::Delete { deal } => {
            let id = next.deals[deal % next.deals.len()].id;
            edit::delete_deals(&mut next, &[id]) == 1
        }
        Op::AddSeller { n } => edit::upsert(
            &mut next,
            Seller {
                id: SellerId(1_000_000 + u64::from(n)),
                name: format!("Random seller {n}"),
            },
        )
        .is_ok(),
        Op::MergeEdited { deal, minor } => {
            let mut theirs = next.clone();
            let i = deal % theirs.deals.len();
            theirs.deals[i].amount = Money(minor);
            theirs.deals[i].updated_at += 1;
            match merge(&next, &theirs) {
                Ok((merged, _)) => {
                    next = merged;
                    true
                }
                Err(_) => false,
            }
        }
        Op::ImportCsv { k, stage, rows } => {
            let stage_name = next.stages[stage % next.stages.len()].name.clone();
            let mut text = String::from("id,title,client,seller,stage,amount,created\n");
            for r in 0..u16::from(rows) {
                let id = k.wrapping_add(r);
                text.push_str(&format!(
                    "{id},Imported {id},Client {},Seller {},\"{}\",\"{},{:02}\",2026-0{}-1{}\n",
                    id % 5,
                    id % 3,
                    stage_name.replace('"', "\"\""),
                    1000 + u32::from(id),
                    id % 100,
                    1 + id % 9,
                    id % 10
                ));
            }
            let Ok(mut src) = CsvSource::open(text.as_bytes()) else {
                panic!("a well-formed CSV is readable");
            };
            let headers = src.headers.clone();
            let (_, mapping) = detect_layout(&headers);
            match ImportDraft::new(
                &next,
                &headers,
                &mapping,
                ImportOptions::new(today(), now, step as u64),
            ) {
                Ok(mut draft) => {
                    loop {
                        let chunk = src.next_rows(2);
                        if chunk.is_empty() {
                            break;
                        }
                        csv_in::feed_draft(&mut draft, &chunk);
                    }
                    draft.finish().apply_in_place(&mut next);
                    true
                }
                Err(e) => panic!("the generated headers map: {e}"),
            }
        }
        Op::Undo => unreachable!(),
    };
    if ok && next != *ws {
        undo.record(format!("{op:?}"), ws);
        *ws = next;
    }
}

fn check_invariants(ws: &Workspace, op: &Op) -> Result<(), TestCaseError> {
    prop_assert_eq!(validate(ws), vec![], "validates after {:?}", op);
    let ix = DealIndex::build(ws);
    let report = funnel(ws, &ix, &Filter::default(), today());
    let open: Vec<&Deal> = ws
        .deals
        .iter()
        .filter(|d| ws.stage(d.stage).is_some_and(|s| s.kind == StageKind::Open))
        .collect();
    prop_assert_eq!(
        report.snapshot.total.count,
        open.len(),
        "open count after {:?}",
        op
    );
    prop_assert_eq!(
        report.snapshot.total.amount,
        Money(open.iter().map(|d| d.amount.0).sum()),
        "open amount after {:?}",
        op
    );
    let rows: usize = report.snapshot.rows.iter().map(|r| r.count).sum();
    prop_assert_eq!(rows, open.len(), "stage rows add up after {:?}", op);
    let back = json::read(&json::write(ws)).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    prop_assert_eq!(&back, ws, "export → import is identity after {:?}", op);
    Ok(())
}

#[test]
fn random_edit_sequences_keep_every_invariant() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/random_edits.txt",
        ))),
        ..Config::default()
    });
    let base = demo::generate(DemoSpec {
        deals: 60,
        ..DemoSpec::standard(Lang::En, today())
    });
    runner
        .run(&prop::collection::vec(op(), 1..40), |ops| {
            let mut ws = base.clone();
            let mut undo = UndoStack::new(20);
            for (step, op) in ops.iter().enumerate() {
                apply(&mut ws, &mut undo, op, step as i64);
                check_invariants(&ws, op)?;
            }
            Ok(())
        })
        .unwrap();
}
