//! User Timing marks around the work a user waits for (reading a file, loading and saving the
//! workspace). They show in the browser's performance panel and `scripts/bench-browser.mjs`
//! reads them, so the benchmark times exactly the app's own step, not the test driver around it.

/// Runs `work` and records its duration as the performance measure `name`. When the browser has
/// no `performance` object the work still runs, untimed.
pub fn measure<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else {
        return work();
    };
    let start = format!("{name}:start");
    let marked = perf.mark(&start).is_ok();
    let out = work();
    if marked {
        let _ = perf.measure_with_start_mark(name, &start);
        perf.clear_marks_with_mark_name(&start);
    }
    out
}
