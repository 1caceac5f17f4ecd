//! Pipeline speed at 10,000 and 100,000 generated deals (issue 5). Ignored by default; run with
//! `cargo test --release --test pipeline_bench -- --ignored --nocapture`.
//!
//! Reports the native time to build each report and to list the rows of "expand all". With
//! `VORONKA_BENCH_DIR=/some/dir` it also writes `ws-10000.json` and `ws-100000.json` there, the
//! workspaces `tests/e2e/pipeline-bench.mjs` imports to time the same steps in the browser.

use std::time::Instant;

use chrono::NaiveDate;
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::filter::Filter;
use voronka::domain::index::DealIndex;
use voronka::domain::pipeline::*;
use voronka::domain::*;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

#[test]
#[ignore = "benchmark: run explicitly with --release"]
fn pipeline_build_and_expand_all_times() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
    for deals in [10_000, 100_000] {
        let ws = demo::generate(DemoSpec {
            deals,
            ..DemoSpec::standard(Lang::En, today)
        });
        if let Ok(dir) = std::env::var("VORONKA_BENCH_DIR") {
            let path = format!("{dir}/ws-{deals}.json");
            std::fs::write(&path, voronka::format::json::write(&ws)).unwrap();
            println!("wrote {path}");
        }
        let ix = DealIndex::build(&ws);
        let f = Filter::default();
        let t = Instant::now();
        let clients = Tree::by_clients(&ws, &ix, &f, today);
        let t_clients = ms(t);
        let t = Instant::now();
        let mut forecast = Tree::by_forecast(&ws, &ix, &f, today);
        let t_forecast = ms(t);
        let t = Instant::now();
        let grid = StageGrid::build(&ws, &ix, &f, today);
        let t_grid = ms(t);
        let t = Instant::now();
        forecast.sort(SortKey::Amount, true, |k| key_name(&ws, k));
        let t_sort = ms(t);
        let t = Instant::now();
        let all = forecast.visible_rows(&Expansion::expand_all());
        let t_all = ms(t);
        let t = Instant::now();
        let csv = voronka::format::report_csv::pipeline_tree(&forecast, &ws, |k| k.to_string());
        let t_csv = ms(t);
        assert_eq!(all.len(), forecast.len());
        assert_eq!(csv.len(), forecast.len() + 1);
        assert_eq!(clients.total, forecast.total);
        assert_eq!(grid.total, forecast.total);
        println!(
            "{deals} deals ({} open): by clients {t_clients:.1} ms, by forecast {t_forecast:.1} ms, \
             by stages {t_grid:.1} ms, sort {t_sort:.1} ms, expand-all rows ({}) {t_all:.1} ms, \
             CSV {t_csv:.1} ms",
            forecast.total.count,
            all.len()
        );
    }
}
