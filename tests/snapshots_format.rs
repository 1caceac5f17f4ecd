//! Host tests of the snapshot history's serialised form (issue 20): exact round trips (JSON,
//! packed storage form, inside a Voronka file), the difference encoding, every reading error
//! with its path, and compatibility (files without a history read as before; a file with one
//! reads in `json::read` as the workspace alone).

mod changes_support;

use changes_support::*;
use proptest::prelude::*;
use voronka::domain::changes::{History, Snapshot, SnapshotDeal};
use voronka::domain::*;
use voronka::format::json::{self, ReadError};
use voronka::format::packed::Effort;
use voronka::format::snapshots::{self, HistoryDto, SnapshotsError};

/// Three days of a small pipeline: deal 2 won, deal 3 grows, deal 4 appears, deal 1 moves on.
fn three_days() -> (Workspace, History) {
    let d1 = deal(1, ANNA, QUAL, 100);
    let d2 = deal(2, BORIS, PROP, 200);
    let d3 = deal(3, ANNA, NEGO, 300);
    let mut d4 = sold_by(deal(400_000_000_000_007, BORIS, QUAL, 40), ANNA);
    d4.direction = None;
    d4.deal_type = None;
    d4.expected_close = None;
    d4.probability = Some(35);
    let day1 = workspace(vec![d1.clone(), d2.clone(), d3.clone()]);
    let day2 = workspace(vec![
        d1.clone(),
        moved(d2.clone(), WON, day(2025, 6, 2)),
        worth(d3.clone(), 350),
        d4.clone(),
    ]);
    let day3 = workspace(vec![
        moved(d1, PROP, day(2025, 6, 3)),
        moved(d2, WON, day(2025, 6, 2)),
        worth(d3, 350),
        d4,
    ]);
    let history = History::new(vec![
        Snapshot::take(&day1, day(2025, 6, 1)),
        Snapshot::take(&day2, day(2025, 6, 2)),
        Snapshot::take(&day3, day(2025, 6, 3)),
    ]);
    (day3, history)
}

#[test]
fn the_history_round_trips_exactly() {
    let (_, h) = three_days();
    assert_eq!(snapshots::read(&snapshots::write(&h)), Ok(h.clone()));
    for effort in [Effort::Fast, Effort::Small] {
        let stored = snapshots::pack(&h, effort);
        assert!(stored.starts_with("VZ1:"));
        assert_eq!(snapshots::unpack(&stored), Ok(h.clone()));
    }
    assert_eq!(
        snapshots::read(&snapshots::write(&History::default())),
        Ok(History::default())
    );
}

#[test]
fn later_days_are_written_as_differences() {
    let (_, h) = three_days();
    let dto = HistoryDto::from_domain(&h);
    assert_eq!(dto.version, 1);
    assert_eq!(dto.list.len(), 3);
    assert_eq!(dto.list[0].deals.id, [1, 1, 1], "ids as differences");
    assert!(dto.list[0].removed.is_empty());
    // Day 2: deal 2 went (won), deal 3 changed, deal 4 is new; deal 1 is not written again.
    assert_eq!(dto.list[1].removed, [2]);
    assert_eq!(dto.list[1].deals.id, [3, 400_000_000_000_004]);
    assert_eq!(dto.list[1].deals.amount_minor, [35_000, 4_000]);
    assert_eq!(
        dto.list[1].deals.close,
        [Some(60), None],
        "days from the snapshot's date"
    );
    assert_eq!(dto.list[1].deals.direction, [Some(0), None]);
    // Day 3: only deal 1 moved.
    assert!(dto.list[2].removed.is_empty());
    assert_eq!(dto.list[2].deals.id, [1]);
    assert_eq!(
        dto.list[2].deals.stages,
        [PROP.0],
        "a dictionary of the stages used"
    );
    assert_eq!(dto.list[2].deals.stage, [0]);
}

#[test]
fn a_file_carries_its_history_and_older_files_still_read() {
    let (ws, h) = three_days();
    let text = json::write_pretty_with_history(&ws, Some(&h));
    let file = json::read_file(&text).unwrap();
    assert_eq!(file.workspace, ws);
    assert_eq!(file.history, Some(h));
    // `read` (storage, imports that need only the workspace) skips the history.
    assert_eq!(json::read(&text), Ok(ws.clone()));
    // A file without history: what older Voronkas wrote, and still write when there is none.
    let plain = json::write_pretty(&ws);
    assert_eq!(
        json::write_pretty_with_history(&ws, Some(&History::default())),
        plain
    );
    assert_eq!(json::write_pretty_with_history(&ws, None), plain);
    assert!(!plain.contains("snapshots"));
    let file = json::read_file(&plain).unwrap();
    assert_eq!((file.workspace, file.history), (ws.clone(), None));
    let with_null = plain.replacen("\"format\"", "\"snapshots\": null, \"format\"", 1);
    assert_eq!(json::read_file(&with_null).unwrap().history, None);
}

fn damaged(edit: impl Fn(&mut serde_json::Value)) -> SnapshotsError {
    let (_, h) = three_days();
    let mut v: serde_json::Value = serde_json::from_str(&snapshots::write(&h)).unwrap();
    edit(&mut v);
    snapshots::read(&v.to_string()).unwrap_err()
}

fn at(e: &SnapshotsError) -> &str {
    match e {
        SnapshotsError::Invalid { path, .. } => path,
        other => panic!("expected a path, got {other:?}"),
    }
}

#[test]
fn every_reading_error_says_where() {
    let e = damaged(|v| {
        v["list"][0]["deals"]["amount_minor"]
            .as_array_mut()
            .unwrap()
            .pop()
            .map(drop)
            .unwrap()
    });
    assert_eq!(at(&e), "snapshots.list[0].deals.amount_minor");
    assert!(e.to_string().contains("has 2 values, `id` has 3"), "{e}");

    let e = damaged(|v| v["list"][0]["deals"]["stage"][1] = 9.into());
    assert_eq!(at(&e), "snapshots.list[0].deals.stage[1]");

    let e = damaged(|v| v["list"][0]["deals"]["id"][2] = 0.into());
    assert_eq!(at(&e), "snapshots.list[0].deals.id[2]");

    let e = damaged(|v| v["list"][0]["deals"]["probability"][0] = 101.into());
    assert_eq!(at(&e), "snapshots.list[0].deals.probability[0]");

    let e = damaged(|v| v["list"][0]["deals"]["category"][0] = 4.into());
    assert_eq!(at(&e), "snapshots.list[0].deals.category[0]");

    let e = damaged(|v| v["list"][0]["deals"]["amount_minor"][0] = (-1).into());
    assert_eq!(at(&e), "snapshots.list[0].deals.amount_minor[0]");

    let e = damaged(|v| v["list"][1]["removed"][0] = 77.into());
    assert_eq!(at(&e), "snapshots.list[1].removed");
    assert!(
        e.to_string()
            .contains("deal 77 is removed but was not open the day before"),
        "{e}"
    );

    let e = damaged(|v| v["list"][0]["removed"] = serde_json::json!([1]));
    assert_eq!(at(&e), "snapshots.list[0].removed");

    let e = damaged(|v| v["list"][2]["date"] = "2025-06-02".into());
    assert_eq!(at(&e), "snapshots.list[2].date");

    let e = damaged(|v| v["version"] = 2.into());
    assert_eq!(
        e,
        SnapshotsError::NewerVersion {
            found: 2,
            supported: 1
        }
    );

    let e = damaged(|v| v["list"][0]["deals"]["id"] = "x".into());
    assert!(matches!(e, SnapshotsError::Malformed(_)), "{e:?}");

    assert!(matches!(
        snapshots::unpack("VZ1:3:xyz"),
        Err(SnapshotsError::Damaged(_))
    ));
}

#[test]
fn a_file_with_a_damaged_history_is_refused_with_the_reason() {
    let (ws, h) = three_days();
    let text = json::write_pretty_with_history(&ws, Some(&h));
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["snapshots"]["list"][0]["deals"]["seller"][0] = 5.into();
    match json::read_file(&v.to_string()) {
        Err(ReadError::Snapshots(SnapshotsError::Invalid { path, .. })) => {
            assert_eq!(path, "snapshots.list[0].deals.seller[0]")
        }
        other => panic!("{other:?}"),
    }
    // Only `read_file` looks at it: the workspace alone still reads.
    assert_eq!(json::read(&v.to_string()), Ok(ws));
    // A history of the wrong shape is malformed JSON of the file, with a line.
    v["snapshots"]["list"] = "nope".into();
    assert!(matches!(
        json::read_file(&v.to_string()),
        Err(ReadError::Malformed { .. })
    ));
}

fn a_snapshot_deal() -> impl Strategy<Value = SnapshotDeal> {
    (
        0u64..(1 << 52),
        prop::sample::select(vec![QUAL, PROP, NEGO, StageId(u64::MAX)]),
        0i64..=voronka::domain::money::MAX_AMOUNT.0,
        0u8..=100,
        prop::sample::select(ForecastCategory::ALL.to_vec()),
        prop::option::of(-4000i64..4000),
        prop::sample::select(vec![ANNA, BORIS]),
        0u64..5,
        prop::option::of(prop::sample::select(vec![D1, D2])),
        prop::option::of(Just(T1)),
    )
        .prop_map(
            |(
                id,
                stage,
                amount,
                probability,
                category,
                close,
                seller,
                client,
                direction,
                deal_type,
            )| {
                SnapshotDeal {
                    id: DealId(id),
                    stage,
                    amount: Money(amount),
                    probability,
                    category,
                    expected_close: close.map(|n| day(2025, 6, 1) + chrono::Duration::days(n)),
                    seller,
                    client: ClientId(client),
                    direction,
                    deal_type,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128),
        ..ProptestConfig::default()
    })]

    /// Any history — days in any order, deals appearing, changing and going — reads back as
    /// written, in both the JSON and the stored form.
    #[test]
    fn any_history_round_trips(days in prop::collection::vec(
        (0i64..60, prop::collection::vec(a_snapshot_deal(), 0..30)), 0..6)
    ) {
        // Later days reuse some of the earlier deals, changed or not, so differences occur.
        let mut pool: Vec<SnapshotDeal> = Vec::new();
        let snaps: Vec<Snapshot> = days.into_iter().map(|(offset, mut deals)| {
            deals.extend(pool.iter().step_by(2).cloned());
            pool = deals.clone();
            Snapshot::new(day(2025, 6, 1) + chrono::Duration::days(offset), deals)
        }).collect();
        let h = History::new(snaps);
        prop_assert_eq!(snapshots::read(&snapshots::write(&h)), Ok(h.clone()));
        prop_assert_eq!(snapshots::unpack(&snapshots::pack(&h, Effort::Fast)), Ok(h));
    }
}
