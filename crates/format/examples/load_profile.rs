//! Where the time of reading a big stored workspace goes, stage by stage, on the host:
//! `cargo run --release -p format --example load_profile [deals] [runs]`.
//! Prints medians in ms; a profiling aid (issue 17), asserts nothing.
use std::time::Instant;

use chrono::NaiveDate;
use domain::Lang;
use domain::demo::{DemoSpec, generate};
use format::json::{self, WorkspaceDto};
use format::packed;

/// CPU time of this thread in ms (Linux; 10 ms ticks): steadier than wall time on a machine
/// shared with builds.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the name.
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) * 10.0
}

/// Medians of wall time and CPU time, in ms.
fn median_ms(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..runs {
        let (a, c) = (Instant::now(), cpu_ms());
        f();
        wall.push(a.elapsed().as_secs_f64() * 1000.0);
        cpu.push(cpu_ms() - c);
    }
    wall.sort_by(|a, b| a.total_cmp(b));
    cpu.sort_by(|a, b| a.total_cmp(b));
    (wall[runs / 2], cpu[runs / 2])
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let ws = generate(DemoSpec {
        deals: n,
        ..DemoSpec::standard(Lang::Ru, today)
    });
    let text = json::write(&ws);
    let stored = packed::pack_with(&text, packed::Effort::Fast);
    println!(
        "{n} deals: JSON {} bytes, stored {} chars",
        text.len(),
        stored.chars().count()
    );
    let ws_start = text.find("\"workspace\":").unwrap() + "\"workspace\":".len();
    let ws_text = &text[ws_start..text.len() - 1];
    println!("| stage | wall ms | CPU ms |");
    let row = |name: &str, (wall, cpu): (f64, f64)| println!("| {name} | {wall:.1} | {cpu:.0} |");
    row(
        "checksum of the stored text",
        median_ms(runs, || drop(format::overlay::checksum(&stored))),
    );
    row(
        "unpack (decode + inflate + utf8)",
        median_ms(runs, || drop(packed::unpack(&stored).unwrap())),
    );
    let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 4);
    row(
        "  (miniz_oxide decompress_to_vec alone, for scale)",
        median_ms(runs, || {
            drop(miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, usize::MAX).unwrap())
        }),
    );
    let inflated = text.as_bytes().to_vec();
    row(
        "  of which utf8 check",
        median_ms(runs, || assert!(std::str::from_utf8(&inflated).is_ok())),
    );
    row(
        "serde_json::Value parse",
        median_ms(runs, || {
            drop(serde_json::from_str::<serde_json::Value>(&text).unwrap())
        }),
    );
    row(
        "IgnoredAny parse (syntax only)",
        median_ms(runs, || {
            serde_json::from_str::<serde::de::IgnoredAny>(&text).unwrap();
        }),
    );
    row(
        "parse into WorkspaceDto",
        median_ms(runs, || {
            drop(serde_json::from_str::<WorkspaceDto>(ws_text).unwrap())
        }),
    );
    row(
        "parse into WorkspaceDto + into_domain",
        median_ms(runs, || {
            drop(
                serde_json::from_str::<WorkspaceDto>(ws_text)
                    .unwrap()
                    .into_domain()
                    .unwrap(),
            )
        }),
    );
    row(
        "validate",
        median_ms(runs, || drop(domain::validate::validate(&ws))),
    );
    row(
        "json::read (all)",
        median_ms(runs, || drop(json::read(&text).unwrap())),
    );
    row("json::write", median_ms(runs, || drop(json::write(&ws))));
}
