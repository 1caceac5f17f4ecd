//! `cargo bench --bench matrices`: the matrices at 2,000 clients (20,000 demo deals, one year's
//! period): the directions matrix in both sorts, the relationship matrix, and each heatmap's
//! input + chart spec + JSON as the pages build them. Was an ignored test in
//! `tests/charts_matrix.rs`; the workspace the browser benchmark imports comes from
//! `examples/bench_workspaces.rs`.

use std::hint::black_box;

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use voronka::charts::matrix::{directions_heatmap, relationship_heatmap, to_json};
use voronka::domain::Lang;
use voronka::domain::demo::{DemoSpec, generate};
use voronka::domain::filter::{Filter, Period};
use voronka::domain::index::DealIndex;
use voronka::domain::matrix::*;
use voronka::ui::pages::directions::directions_chart_input;
use voronka::ui::pages::relationships::relationship_chart_input;

fn matrices(c: &mut Criterion) {
    let mut g = c.benchmark_group("matrices_2000_clients");
    g.sample_size(15);
    let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or_default();
    let ws = generate(DemoSpec {
        deals: 20_000,
        ..DemoSpec::standard(Lang::En, today)
    });
    let ix = DealIndex::build(&ws);
    let year = Filter {
        period: Some(Period {
            from: today - Duration::days(364),
            to: today,
        }),
        ..Filter::default()
    };
    for (name, sort) in [
        ("directions_key_first", DirSort::KeyFirst),
        ("directions_whitespace_first", DirSort::WhitespaceFirst),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| black_box(directions_matrix(&ws, &ix, &year, sort)))
        });
    }
    let m = directions_matrix(&ws, &ix, &year, DirSort::WhitespaceFirst);
    g.bench_function("directions_heatmap_json", |b| {
        b.iter(|| {
            black_box(
                to_json(&directions_heatmap(directions_chart_input(
                    &ws,
                    &m,
                    Lang::En,
                )))
                .len(),
            )
        })
    });
    g.bench_function("relationship_all", |b| {
        b.iter(|| {
            black_box(relationship_matrix(
                &ws,
                &ix,
                &RowSelection::All,
                RelSort::Coverage,
            ))
        })
    });
    let rm = relationship_matrix(&ws, &ix, &RowSelection::All, RelSort::Coverage);
    g.bench_function("relationship_heatmap_json", |b| {
        b.iter(|| {
            black_box(
                to_json(&relationship_heatmap(relationship_chart_input(
                    &ws,
                    &rm,
                    Lang::En,
                )))
                .len(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, matrices);
criterion_main!(benches);
