//! In-browser benchmark of the reports (wasm in headless Chromium), run by scripts/bench.sh:
//! `cargo test --release --target wasm32-unknown-unknown --bench web_reports -- --nocapture`.
//! Prints a table of medians of several runs; asserts nothing about time (machines here are
//! noisy). A bench target, so no test run reaches it: `cargo test` builds benches only when
//! named, and on the host the file is empty. It runs through wasm-bindgen-test's runner (hence
//! `cargo test --bench`, not `cargo bench`, which would ask the runner for criterion benches).
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use voronka::domain::demo::{DemoSpec, generate};
use voronka::domain::filter::Filter;
use voronka::domain::index::DealIndex;
use voronka::domain::{Lang, forecast, funnel, matrix, pipeline};
use voronka::format::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

// The plain-JavaScript peer of the funnel, the stage grid and the directions matrix (issue 17).
#[wasm_bindgen(module = "/benches/js_peer.js")]
extern "C" {
    fn js_funnel(file: &JsValue, seller: f64, today: &str) -> JsValue;
    fn js_stage_grid(file: &JsValue, seller: f64, today: &str) -> JsValue;
    fn js_directions_matrix(file: &JsValue, seller: f64) -> JsValue;
}

fn get(v: &JsValue, path: &[&str]) -> f64 {
    let mut v = v.clone();
    for k in path {
        v = js_sys::Reflect::get(&v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    }
    v.as_f64().unwrap_or(f64::NAN)
}

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let a = now();
            f();
            now() - a
        })
        .collect();
    t.sort_by(|a, b| a.total_cmp(b));
    t[t.len() / 2]
}

#[wasm_bindgen_test]
fn reports_in_the_browser() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    console_log!(
        "| deals | index | funnel | funnel by seller | pipeline forecast tree | stage grid | directions matrix | forecast 18m | attention | JSON read+validate | JSON.parse |"
    );
    console_log!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut peers = Vec::new();
    for n in [10_000usize, 100_000] {
        let ws = generate(DemoSpec {
            deals: n,
            ..DemoSpec::standard(Lang::En, today)
        });
        let ix = DealIndex::build(&ws);
        let f = Filter {
            seller: Some(ws.sellers[1].id),
            ..Filter::default()
        };
        let runs = if n > 50_000 { 5 } else { 11 };
        let index = median_ms(runs, || drop(DealIndex::build(&ws)));
        let fun = median_ms(runs, || drop(funnel::funnel(&ws, &ix, &f, today)));
        let by_seller = median_ms(runs, || drop(funnel::funnel_by_seller(&ws, &ix, &f, today)));
        let tree = median_ms(runs, || {
            drop(pipeline::Tree::by_forecast(&ws, &ix, &f, today))
        });
        let grid = median_ms(runs, || {
            drop(pipeline::StageGrid::build(&ws, &ix, &f, today))
        });
        let dirs = median_ms(runs, || {
            drop(matrix::directions_matrix(
                &ws,
                &ix,
                &f,
                matrix::DirSort::WhitespaceFirst,
            ))
        });
        let spec = forecast::ForecastSpec {
            granularity: forecast::Granularity::Month,
            from: voronka::domain::YearMonth::new(2026, 6),
            periods: 18,
        };
        let fc = median_ms(runs, || drop(forecast::forecast(&ws, &ix, &f, today, spec)));
        let att = median_ms(runs, || {
            drop(forecast::attention(
                &ws,
                &ix,
                &f,
                today,
                forecast::AttentionThresholds::default(),
            ))
        });
        let text = json::write(&ws);
        let read = median_ms(3, || assert!(json::read(&text).is_ok()));
        let js = median_ms(3, || drop(js_sys::JSON::parse(&text)));
        console_log!(
            "| {n} | {index:.2} | {fun:.2} | {by_seller:.2} | {tree:.2} | {grid:.2} | {dirs:.2} | {fc:.2} | {att:.2} | {read:.1} | {js:.1} |"
        );
        peers.push(js_peers(&ws, &ix, &f, today, &text, runs, fun, grid, dirs));
    }
    console_log!("");
    console_log!(
        "| deals | funnel: Voronka / JS peer | ratio | stage grid: Voronka / JS peer | ratio | directions matrix: Voronka / JS peer | ratio |"
    );
    console_log!("|---|---|---|---|---|---|---|");
    for line in peers {
        console_log!("{line}");
    }
}

/// The JS peer of each pass over `JSON.parse` of the same file, timed in the same page right
/// after the Voronka pass, with the same seller filter; one table row of medians and ratios
/// (JS ÷ Voronka: how many times faster Voronka is). Checks first that both count the same deals.
#[allow(clippy::too_many_arguments)]
fn js_peers(
    ws: &voronka::domain::Workspace,
    ix: &DealIndex,
    f: &Filter,
    today: NaiveDate,
    text: &str,
    runs: usize,
    fun: f64,
    grid: f64,
    dirs: f64,
) -> String {
    let file = js_sys::JSON::parse(text).unwrap();
    let seller = f.seller.map_or(f64::NAN, |s| s.0 as f64);
    let iso = today.to_string();
    // Same figures, or the comparison means nothing.
    let r = funnel::funnel(ws, ix, f, today);
    let g = pipeline::StageGrid::build(ws, ix, f, today);
    let m = matrix::directions_matrix(ws, ix, f, matrix::DirSort::WhitespaceFirst);
    let jf = js_funnel(&file, seller, &iso);
    let open: f64 = js_sys::Array::from(&js_sys::Reflect::get(&jf, &"open".into()).unwrap())
        .iter()
        .map(|o| get(&o, &["count"]))
        .sum();
    assert_eq!(open as usize, r.snapshot.total.count, "funnel open deals");
    assert_eq!(get(&jf, &["won", "count"]) as usize, r.snapshot.won.count);
    let jg = js_stage_grid(&file, seller, &iso);
    assert_eq!(get(&jg, &["total", "count"]) as u32, g.total.count);
    assert_eq!(get(&jg, &["total", "overdue"]) as u32, g.total.overdue);
    let jm = js_directions_matrix(&file, seller);
    assert_eq!(get(&jm, &["rows", "length"]) as usize, m.rows.len());
    assert_eq!(
        get(&jm, &["rows", "0", "client"]) as usize,
        m.rows[0].client
    );
    let js_fun = median_ms(runs, || drop(js_funnel(&file, seller, &iso)));
    let js_grid = median_ms(runs, || drop(js_stage_grid(&file, seller, &iso)));
    let js_dirs = median_ms(runs, || drop(js_directions_matrix(&file, seller)));
    let n = ws.deals.len();
    format!(
        "| {n} | {fun:.2} / {js_fun:.2} ms | {:.1} × | {grid:.2} / {js_grid:.2} ms | {:.1} × | {dirs:.2} / {js_dirs:.2} ms | {:.1} × |",
        js_fun / fun,
        js_grid / grid,
        js_dirs / dirs
    )
}
