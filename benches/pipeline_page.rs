//! `cargo bench --bench pipeline_page`: the Pipeline page at 10,000 and 100,000 generated deals
//! (issue 5) beyond building the reports (`benches/reports.rs`): sorting the forecast tree, listing
//! the rows of "expand all", and writing the CSV. Was an ignored test (`tests/pipeline_bench.rs`);
//! the workspaces the browser benchmark imports come from `examples/bench_workspaces.rs`.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use voronka::domain::Lang;
use voronka::domain::demo::{DemoSpec, generate};
use voronka::domain::filter::Filter;
use voronka::domain::index::DealIndex;
use voronka::domain::pipeline::{Expansion, SortKey, Tree, key_name};
use voronka::format::report_csv;

fn pipeline_page(c: &mut Criterion) {
    let mut g = c.benchmark_group("pipeline_page");
    g.sample_size(10);
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
    for n in [10_000, 100_000] {
        let ws = generate(DemoSpec {
            deals: n,
            ..DemoSpec::standard(Lang::En, today)
        });
        let ix = DealIndex::build(&ws);
        let mut tree = Tree::by_forecast(&ws, &ix, &Filter::default(), today);
        let mut desc = false;
        g.bench_with_input(BenchmarkId::new("sort_by_amount", n), &n, |b, _| {
            b.iter(|| {
                desc = !desc;
                tree.sort(SortKey::Amount, desc, |k| key_name(&ws, k));
            })
        });
        g.bench_with_input(BenchmarkId::new("expand_all_rows", n), &n, |b, _| {
            b.iter(|| black_box(tree.visible_rows(&Expansion::expand_all())))
        });
        g.bench_with_input(BenchmarkId::new("csv_rows", n), &n, |b, _| {
            b.iter(|| black_box(report_csv::pipeline_tree(&tree, &ws, |k| k.to_string())))
        });
    }
    g.finish();
}

criterion_group!(benches, pipeline_page);
criterion_main!(benches);
