//! `cargo bench`: every report built from 1,000 / 10,000 / 100,000 generated deals, and the JSON
//! file read (parse + validate) at those sizes. Figures go in docs/performance.md.

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use voronka::domain::demo::{DemoSpec, generate};
use voronka::domain::filter::Filter;
use voronka::domain::index::DealIndex;
use voronka::domain::{Lang, YearMonth, forecast, funnel, matrix, pipeline};
use voronka::format::json;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default()
}

fn reports(c: &mut Criterion) {
    let mut g = c.benchmark_group("reports");
    g.sample_size(20);
    for n in SIZES {
        let ws = generate(DemoSpec {
            deals: n,
            ..DemoSpec::standard(Lang::En, today())
        });
        let ix = DealIndex::build(&ws);
        let f = Filter::default();
        g.bench_with_input(BenchmarkId::new("index", n), &n, |b, _| {
            b.iter(|| black_box(DealIndex::build(&ws)))
        });
        g.bench_with_input(BenchmarkId::new("funnel", n), &n, |b, _| {
            b.iter(|| black_box(funnel::funnel(&ws, &ix, &f, today())))
        });
        g.bench_with_input(BenchmarkId::new("funnel_by_seller", n), &n, |b, _| {
            b.iter(|| black_box(funnel::funnel_by_seller(&ws, &ix, &f, today())))
        });
        g.bench_with_input(BenchmarkId::new("pipeline_by_forecast", n), &n, |b, _| {
            b.iter(|| black_box(pipeline::Tree::by_forecast(&ws, &ix, &f, today())))
        });
        g.bench_with_input(BenchmarkId::new("pipeline_by_clients", n), &n, |b, _| {
            b.iter(|| black_box(pipeline::Tree::by_clients(&ws, &ix, &f, today())))
        });
        g.bench_with_input(BenchmarkId::new("pipeline_stage_grid", n), &n, |b, _| {
            b.iter(|| black_box(pipeline::StageGrid::build(&ws, &ix, &f, today())))
        });
        g.bench_with_input(BenchmarkId::new("directions_matrix", n), &n, |b, _| {
            b.iter(|| {
                black_box(matrix::directions_matrix(
                    &ws,
                    &ix,
                    &f,
                    matrix::DirSort::WhitespaceFirst,
                ))
            })
        });
        let spec = forecast::ForecastSpec {
            granularity: forecast::Granularity::Month,
            from: YearMonth::new(2026, 6),
            periods: 18,
        };
        g.bench_with_input(BenchmarkId::new("forecast_18_months", n), &n, |b, _| {
            b.iter(|| black_box(forecast::forecast(&ws, &ix, &f, today(), spec)))
        });
        let th = forecast::AttentionThresholds::default();
        g.bench_with_input(BenchmarkId::new("forecast_attention", n), &n, |b, _| {
            b.iter(|| black_box(forecast::attention(&ws, &ix, &f, today(), th)))
        });
        g.bench_with_input(BenchmarkId::new("forecast_tasks", n), &n, |b, _| {
            b.iter(|| black_box(forecast::tasks(&ws, &ix, &f, today(), None)))
        });
        let flagged = forecast::attention(&ws, &ix, &f, today(), th);
        g.bench_with_input(BenchmarkId::new("forecast_key_clients", n), &n, |b, _| {
            b.iter(|| black_box(forecast::key_client_depth(&ws, &ix, &f, &flagged)))
        });
        g.bench_with_input(BenchmarkId::new("forecast_activity", n), &n, |b, _| {
            b.iter(|| black_box(matrix::seller_direction_activity(&ws, &ix, &f)))
        });
        g.bench_with_input(BenchmarkId::new("relationship_matrix", n), &n, |b, _| {
            b.iter(|| {
                black_box(matrix::relationship_matrix(
                    &ws,
                    &ix,
                    &matrix::RowSelection::All,
                    matrix::RelSort::Coverage,
                ))
            })
        });
    }
    g.finish();
}

fn file(c: &mut Criterion) {
    let mut g = c.benchmark_group("json_file");
    g.sample_size(10);
    for n in SIZES {
        let ws = generate(DemoSpec {
            deals: n,
            ..DemoSpec::standard(Lang::En, today())
        });
        let text = json::write(&ws);
        g.bench_with_input(BenchmarkId::new("read_and_validate", n), &n, |b, _| {
            b.iter(|| black_box(json::read(&text).is_ok()))
        });
        g.bench_with_input(BenchmarkId::new("serde_json_value_only", n), &n, |b, _| {
            // The untyped parse, for scale: what a JSON.parse-like tree costs in Rust.
            b.iter(|| black_box(serde_json::from_str::<serde_json::Value>(&text).is_ok()))
        });
        g.bench_with_input(BenchmarkId::new("write", n), &n, |b, _| {
            b.iter(|| black_box(json::write(&ws).len()))
        });
    }
    g.finish();
}

criterion_group!(benches, reports, file);
criterion_main!(benches);
