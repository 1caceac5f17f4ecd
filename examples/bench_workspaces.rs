//! Writes the generated workspaces the browser benchmarks import:
//! `cargo run --release --example bench_workspaces -- [DIR]` (default: the temp directory) puts
//! `ws-10000.json` and `ws-100000.json` (`scripts/bench/pipeline-bench.mjs`,
//! `scripts/bench/forecast-bench.mjs`) and `voronka-2000-clients.json` (20,000 deals with 2,000
//! clients, `scripts/bench/matrices-bench.mjs`) there.

use chrono::NaiveDate;
use voronka::domain::Lang;
use voronka::domain::demo::{DemoSpec, generate};
use voronka::format::json;

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let write = |name: String, deals: usize, today: NaiveDate| -> std::io::Result<()> {
        let ws = generate(DemoSpec {
            deals,
            ..DemoSpec::standard(Lang::En, today)
        });
        let path = dir.join(name);
        std::fs::write(&path, json::write(&ws))?;
        println!("wrote {} ({deals} deals)", path.display());
        Ok(())
    };
    let pipeline_day = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
    for deals in [10_000, 100_000] {
        write(format!("ws-{deals}.json"), deals, pipeline_day)?;
    }
    let matrices_day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or_default();
    write("voronka-2000-clients.json".into(), 20_000, matrices_day)
}
