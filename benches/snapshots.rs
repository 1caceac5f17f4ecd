//! `cargo bench --bench snapshots`: what the snapshot history costs in browser storage and in
//! time, at 10,000 and 100,000 generated deals (issue 20). Prints Markdown tables for
//! docs/performance.md. `SIZES=10000` runs one size.
//!
//! The demo generator makes the workspace; then 13 weeks of days are simulated, a snapshot taken
//! each morning (as the app does when opened every day) and the day's work applied: about 1 % of
//! open deals won, 1 % lost, 0.2 % deleted, 3 % moved on a stage, 2 % re-priced, 2 % pushed out,
//! 0.5 % reassigned, and new deals worth 1 % of the open ones with random 52-bit ids (as the app
//! gives them). Sizes are UTF-16 code units, what localStorage counts (5,242,880 per origin in
//! Chromium).

use std::hint::black_box;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use voronka::domain::changes::{self, Basis, EndState, History, Snapshot};
use voronka::domain::demo::{DemoSpec, generate};
use voronka::domain::filter::Filter;
use voronka::domain::rng::SplitMix64;
use voronka::domain::*;
use voronka::format::{json, packed, snapshots};

const QUOTA: usize = 5_242_880;
const DAYS: i64 = 91;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default()
}

/// One day of a sales team's work on the workspace.
fn work_a_day(ws: &mut Workspace, rng: &mut SplitMix64, day: NaiveDate) {
    let open: Vec<StageId> = ws
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .map(|s| s.id)
        .collect();
    let won = ws
        .stages
        .iter()
        .find(|s| s.kind == StageKind::Won)
        .map(|s| s.id);
    let lost = ws
        .stages
        .iter()
        .find(|s| s.kind == StageKind::Lost)
        .map(|s| s.id);
    let sellers: Vec<SellerId> = ws.sellers.iter().map(|s| s.id).collect();
    let mut fresh = Vec::new();
    let mut deleted = Vec::new();
    for (i, d) in ws.deals.iter_mut().enumerate() {
        let Some(at) = open.iter().position(|s| *s == d.stage) else {
            continue;
        };
        let roll = rng.below(10_000);
        let close = |d: &mut Deal, stage: Option<StageId>| {
            if let Some(stage) = stage {
                d.stage = stage;
                d.closed = Some(day);
                d.history.push(StageEntry {
                    stage,
                    entered: day,
                });
            }
        };
        match roll {
            0..100 => close(d, won),
            100..200 => close(d, lost),
            200..220 => deleted.push(i),
            220..520 => {
                if let Some(next) = open.get(at + 1) {
                    d.stage = *next;
                    d.history.push(StageEntry {
                        stage: *next,
                        entered: day,
                    });
                }
            }
            520..720 => {
                let pct = rng.range(70, 130);
                d.amount = Money(d.amount.0 / 100 * pct);
            }
            720..920 => {
                d.expected_close = d
                    .expected_close
                    .map(|c| c.max(day) + Duration::days(rng.range(7, 45)));
            }
            920..970 => d.seller = *rng.pick(&sellers),
            _ => {}
        }
        if rng.below(10_000) < 100 {
            let mut n = d.clone();
            n.id = DealId(rng.next_u64() >> 12);
            n.stage = open[0];
            n.created = day;
            n.history = vec![StageEntry {
                stage: open[0],
                entered: day,
            }];
            n.expected_close = Some(day + Duration::days(rng.range(30, 120)));
            fresh.push(n);
        }
    }
    for i in deleted.into_iter().rev() {
        ws.deals.swap_remove(i);
    }
    ws.deals.extend(fresh);
}

/// Median milliseconds of `runs` runs of `f`.
fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

fn pct(n: usize) -> String {
    format!("{:.1} %", n as f64 * 100.0 / QUOTA as f64)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let sizes: Vec<usize> = std::env::var("SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    let mut size_rows = Vec::new();
    let mut time_rows = Vec::new();
    for n in sizes {
        let mut ws = generate(DemoSpec {
            deals: n,
            ..DemoSpec::standard(Lang::Ru, today() - Duration::days(DAYS))
        });
        let mut rng = SplitMix64::new(20);
        let mut history = History::default();
        let start = today() - Duration::days(DAYS);
        for k in 0..DAYS {
            let day = start + Duration::days(k);
            history.record(Snapshot::take(&ws, day));
            work_a_day(&mut ws, &mut rng, day);
        }
        let open = Snapshot::take(&ws, today()).deals.len();
        let ws_units = units(&packed::pack_with(&json::write(&ws), packed::Effort::Fast));
        let one = Snapshot::take(&ws, today());
        let one_history = History::new(vec![one.clone()]);
        let one_json = snapshots::write(&one_history).len();
        let one_units = units(&snapshots::pack(&one_history, packed::Effort::Fast));
        for weeks in [1u32, 4, 8, 13] {
            let mut h = history.clone();
            h.prune(today(), weeks);
            let json_bytes = snapshots::write(&h).len();
            let fast = units(&snapshots::pack(&h, packed::Effort::Fast));
            let small = units(&snapshots::pack(&h, packed::Effort::Small));
            size_rows.push(format!(
                "| {n} | {open} | {weeks} | {} | {json_bytes} | {fast} | {small} | {} | {} |",
                h.len(),
                pct(small),
                pct(ws_units + small),
            ));
        }
        size_rows.push(format!(
            "| {n} | {open} | one snapshot | 1 | {one_json} | {one_units} | – | {} | workspace alone: {ws_units} units, {} |",
            pct(one_units),
            pct(ws_units),
        ));

        let mut eight = history.clone();
        eight.prune(today(), 8);
        let stored = snapshots::pack(&eight, packed::Effort::Fast);
        let week_ago = eight
            .at_or_before(today() - Duration::days(7))
            .unwrap_or_default();
        let end = EndState::of_workspace(&ws, today());
        let filter = Filter::default();
        let runs = if n > 20_000 { 5 } else { 11 };
        let take = median_ms(runs, || {
            black_box(Snapshot::take(&ws, today()));
        });
        let record = median_ms(runs, || {
            let mut h = eight.clone();
            black_box(h.record(one.clone()));
        });
        let rebuild = median_ms(runs, || {
            black_box(eight.at_or_before(today() - Duration::days(7)));
        });
        let compare = median_ms(runs, || {
            black_box(changes::compare(
                &week_ago,
                Basis::Snapshot,
                &end,
                &ws,
                &filter,
            ));
        });
        let result = changes::compare(&week_ago, Basis::Snapshot, &end, &ws, &filter);
        let slips = median_ms(runs, || {
            black_box(changes::slipped(&result, &eight));
        });
        let pack = median_ms(runs, || {
            black_box(snapshots::pack(&eight, packed::Effort::Fast));
        });
        let unpack = median_ms(runs, || {
            black_box(snapshots::unpack(&stored).is_ok());
        });
        time_rows.push(format!(
            "| {n} | {take:.1} | {record:.1} | {rebuild:.1} | {compare:.1} | {slips:.1} | {pack:.1} | {unpack:.1} |"
        ));
    }
    println!("## Snapshot history in storage (UTF-16 code units; quota {QUOTA})\n");
    println!(
        "| deals | open now | weeks kept | snapshots | JSON bytes | stored, fast | stored, small | share of quota | with the workspace |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for r in size_rows {
        println!("{r}");
    }
    println!("\n## Time (host, release, medians in ms; 8 weeks of daily snapshots)\n");
    println!(
        "| deals | take a snapshot | record it | rebuild last week's | compare | slipped list | pack history | unpack history |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in time_rows {
        println!("{r}");
    }
}
