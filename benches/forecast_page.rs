//! `cargo bench --bench forecast_page`: what one edit on the Forecast page costs at 10,000 and
//! 100,000 generated deals (issue 7), step by step: the edit, the app's work after any workspace
//! change (save as JSON, rebuild the index) and the page's reports. Was an ignored test
//! (`tests/forecast_page_bench.rs`); figures go in docs/performance.md.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use voronka::domain::demo::{DemoSpec, generate};
use voronka::domain::filter::Filter;
use voronka::domain::forecast::*;
use voronka::domain::index::DealIndex;
use voronka::domain::matrix::seller_direction_activity;
use voronka::domain::{ForecastCategory, Lang, YearMonth};
use voronka::format::json;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default()
}

fn forecast_page(c: &mut Criterion) {
    let mut g = c.benchmark_group("forecast_page");
    g.sample_size(10);
    let today = today();
    for n in [10_000, 100_000] {
        let mut ws = generate(DemoSpec {
            deals: n,
            ..DemoSpec::standard(Lang::En, today)
        });
        let f = Filter::default();
        let spec = ForecastSpec {
            granularity: Granularity::Month,
            from: YearMonth::of(today),
            periods: 6,
        };
        let id = ws.deals[ws.deals.len() / 2].id;
        let mut commit = false;
        g.bench_with_input(BenchmarkId::new("edit_category", n), &n, |b, _| {
            b.iter(|| {
                commit = !commit;
                let category = if commit {
                    ForecastCategory::Commit
                } else {
                    ForecastCategory::BestCase
                };
                black_box(set_forecast_category(&mut ws, id, Some(category), 1))
            })
        });
        g.bench_with_input(BenchmarkId::new("save_json", n), &n, |b, _| {
            b.iter(|| black_box(json::write(&ws).len()))
        });
        g.bench_with_input(BenchmarkId::new("index", n), &n, |b, _| {
            b.iter(|| black_box(DealIndex::build(&ws)))
        });
        let ix = DealIndex::build(&ws);
        g.bench_with_input(BenchmarkId::new("forecast_6_months", n), &n, |b, _| {
            b.iter(|| black_box(forecast(&ws, &ix, &f, today, spec)))
        });
        g.bench_with_input(BenchmarkId::new("listed_deals_sorted", n), &n, |b, _| {
            b.iter(|| {
                let mut listed = forecast_deals(&ws, &ix, &f, today, spec, ForecastSlot::Horizon);
                listed.sort_by_key(|&i| {
                    (
                        ws.deals[i].expected_close,
                        std::cmp::Reverse(ws.deals[i].amount),
                    )
                });
                black_box(listed)
            })
        });
        let th = AttentionThresholds::default();
        g.bench_with_input(BenchmarkId::new("attention", n), &n, |b, _| {
            b.iter(|| black_box(attention(&ws, &ix, &f, today, th)))
        });
        g.bench_with_input(BenchmarkId::new("tasks", n), &n, |b, _| {
            b.iter(|| black_box(tasks(&ws, &ix, &f, today, None)))
        });
        let flagged = attention(&ws, &ix, &f, today, th);
        g.bench_with_input(BenchmarkId::new("key_clients", n), &n, |b, _| {
            b.iter(|| black_box(key_client_depth(&ws, &ix, &f, &flagged)))
        });
        g.bench_with_input(BenchmarkId::new("sellers_x_directions", n), &n, |b, _| {
            b.iter(|| black_box(seller_direction_activity(&ws, &ix, &f)))
        });
    }
    g.finish();
}

criterion_group!(benches, forecast_page);
criterion_main!(benches);
