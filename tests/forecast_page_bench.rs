//! What one edit on the Forecast page costs at 10,000 and 100,000 generated deals (issue 7), split
//! into the app's work after any workspace change (save as JSON, rebuild the index) and the
//! page's reports. Ignored by default; run with
//! `cargo test --release --test forecast_page_bench -- --ignored --nocapture`.

use std::time::Instant;

use chrono::NaiveDate;
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::filter::Filter;
use voronka::domain::forecast::*;
use voronka::domain::index::DealIndex;
use voronka::domain::matrix::seller_direction_activity;
use voronka::domain::*;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

#[test]
#[ignore = "benchmark: run explicitly with --release"]
fn forecast_page_edit_costs() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
    for deals in [10_000, 100_000] {
        let mut ws = demo::generate(DemoSpec {
            deals,
            ..DemoSpec::standard(Lang::En, today)
        });
        let f = Filter::default();
        let spec = ForecastSpec {
            granularity: Granularity::Month,
            from: YearMonth::of(today),
            periods: 6,
        };

        let t = Instant::now();
        let id = ws.deals[ws.deals.len() / 2].id;
        set_forecast_category(&mut ws, id, Some(ForecastCategory::Commit), 1);
        let t_edit = ms(t);
        let t = Instant::now();
        let json = voronka::format::json::write(&ws);
        let t_json = ms(t);
        let t = Instant::now();
        let ix = DealIndex::build(&ws);
        let t_index = ms(t);

        let t = Instant::now();
        let report = forecast(&ws, &ix, &f, today, spec);
        let t_forecast = ms(t);
        let t = Instant::now();
        let mut listed = forecast_deals(&ws, &ix, &f, today, spec, ForecastSlot::Horizon);
        listed.sort_by_key(|&i| {
            (
                ws.deals[i].expected_close,
                std::cmp::Reverse(ws.deals[i].amount),
            )
        });
        let t_listed = ms(t);
        let t = Instant::now();
        let flagged = attention(&ws, &ix, &f, today, AttentionThresholds::default());
        let t_attention = ms(t);
        let t = Instant::now();
        let task_list = tasks(&ws, &ix, &f, today, None);
        let t_tasks = ms(t);
        let t = Instant::now();
        let depth = key_client_depth(&ws, &ix, &f, &flagged);
        let t_depth = ms(t);
        let t = Instant::now();
        let grid = seller_direction_activity(&ws, &ix, &f);
        let t_grid = ms(t);

        assert_eq!(listed.len() as u32, report.total.totals.open_count);
        assert!(!flagged.is_empty() && !task_list.is_empty() && !depth.is_empty());
        assert_eq!(grid.rows.len(), ws.sellers.len());
        println!(
            "{deals} deals: edit {t_edit:.2} ms; app after any edit: save JSON {t_json:.1} ms ({:.1} MB), \
             index {t_index:.1} ms; page: forecast {t_forecast:.1} ms, listed deals {t_listed:.1} ms ({}), \
             attention {t_attention:.1} ms ({} flagged), tasks {t_tasks:.1} ms ({}), key clients {t_depth:.1} ms, \
             sellers × directions {t_grid:.1} ms",
            json.len() as f64 / 1e6,
            listed.len(),
            flagged.len(),
            task_list.len(),
        );
    }
}
