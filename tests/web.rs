//! Browser tests (wasm-bindgen-test in headless Chromium): storage and the chart component.
//! Run with `cargo test --target wasm32-unknown-unknown --test web` (see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use leptos::prelude::*;
use voronka::domain::changes::{History, Snapshot};
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::{Lang, Seller, SellerId};
use voronka::format::json::ReadError;
use voronka::storage::{
    self, Loaded, LoadedHistory, Recorded, SNAPSHOTS_KEY, StorageError, WORKSPACE_KEY,
};
use voronka::ui::chart::{Chart, instances_on};
use voronka::ui::i18n::I18n;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn clear_storage() {
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn workspace_round_trips_through_local_storage() {
    clear_storage();
    assert!(matches!(storage::load_workspace(), Ok(Loaded::Nothing)));
    let ws = demo::generate(DemoSpec::standard(Lang::Ru, today()));
    storage::save_workspace(&ws).unwrap();
    match storage::load_workspace() {
        Ok(Loaded::Workspace(loaded)) => assert_eq!(*loaded, ws),
        other => panic!("expected the saved workspace, got {other:?}"),
    }
    clear_storage();
}

#[wasm_bindgen_test]
fn corrupted_stored_value_is_reported_and_kept_as_is() {
    clear_storage();
    let garbage = "{\"format\":\"voronka\",\"version\":1,\"workspace\":{\"currency\":\"RUB\",";
    local_storage().set_item(WORKSPACE_KEY, garbage).unwrap();
    match storage::load_workspace() {
        Ok(Loaded::Unreadable {
            raw,
            error: ReadError::Malformed { line, .. },
        }) => {
            assert_eq!(raw, garbage);
            assert_eq!(line, 1);
        }
        other => panic!("expected an unreadable value, got {other:?}"),
    }
    // Reading changed nothing.
    assert_eq!(
        local_storage().get_item(WORKSPACE_KEY).unwrap().as_deref(),
        Some(garbage)
    );
    clear_storage();
}

#[wasm_bindgen_test]
fn value_from_a_newer_version_is_refused_not_discarded() {
    clear_storage();
    let newer =
        r#"{"format":"voronka","version":99,"workspace":{"currency":"RUB","future":[1,2,3]}}"#;
    local_storage().set_item(WORKSPACE_KEY, newer).unwrap();
    match storage::load_workspace() {
        Ok(Loaded::Unreadable {
            raw,
            error: ReadError::NewerVersion { found: 99, .. },
        }) => assert_eq!(raw, newer),
        other => panic!("expected a newer-version refusal, got {other:?}"),
    }
    assert_eq!(
        local_storage().get_item(WORKSPACE_KEY).unwrap().as_deref(),
        Some(newer)
    );
    clear_storage();
}

/// Fills the origin's storage with filler items, in chunks from 1 MB down to `smallest`
/// characters, until the browser refuses a write of `smallest`; returns each key and its length.
fn fill_quota(smallest: usize) -> Vec<(String, usize)> {
    let mut fillers: Vec<(String, usize)> = Vec::new();
    let mut size = 1024 * 1024;
    while size >= smallest {
        let chunk = "x".repeat(size);
        loop {
            let key = format!("filler-{}", fillers.len());
            if local_storage().set_item(&key, &chunk).is_err() {
                break;
            }
            fillers.push((key, size));
            assert!(fillers.len() < 10_000, "quota never reached");
        }
        size /= 4;
    }
    fillers
}

#[wasm_bindgen_test]
fn a_full_quota_write_fails_cleanly_and_keeps_the_previous_value() {
    clear_storage();
    let mut small = demo::generate(DemoSpec {
        deals: 5,
        ..DemoSpec::standard(Lang::En, today())
    });
    small.sellers.push(Seller {
        id: SellerId(999),
        name: "Kept".into(),
    });
    storage::save_workspace(&small).unwrap();

    // Fill the origin's quota with filler until the browser refuses even a small write.
    fill_quota(1024);
    let big = demo::generate(DemoSpec::standard(Lang::En, today()));
    assert_eq!(storage::save_workspace(&big), Err(StorageError::Full));
    match storage::load_workspace() {
        Ok(Loaded::Workspace(loaded)) => assert_eq!(*loaded, small),
        other => panic!("expected the previous workspace, got {other:?}"),
    }
    clear_storage();
}

/// Saves pack fast; when the fast form does not fit what is left of the quota, the smaller form
/// is stored instead of failing.
#[wasm_bindgen_test]
fn a_save_that_does_not_fit_packed_fast_is_stored_packed_small() {
    use voronka::format::{json, packed};
    clear_storage();
    let ws = demo::generate(DemoSpec {
        deals: 3_000,
        ..DemoSpec::standard(Lang::Ru, today())
    });
    let text = json::write(&ws);
    assert!(text.len() > storage::PACK_ABOVE_BYTES);
    let fast = packed::pack_with(&text, packed::Effort::Fast);
    let small = packed::pack_with(&text, packed::Effort::Small);
    let (fast_units, small_units) = (fast.encode_utf16().count(), small.encode_utf16().count());
    assert!(
        fast_units > small_units + 2_000,
        "{fast_units} vs {small_units}"
    );

    // Fill the quota, then free about halfway between the two forms.
    let mut fillers = fill_quota(256);
    let want_free = (fast_units + small_units) / 2 + WORKSPACE_KEY.len();
    let mut freed = 0;
    fillers.sort_by_key(|(_, n)| *n);
    while freed < want_free {
        let (key, n) = fillers.pop().expect("enough filler to free");
        local_storage().remove_item(&key).unwrap();
        freed += n + key.len();
    }
    let back = "y".repeat(freed - want_free);
    local_storage().set_item("filler-back", &back).unwrap();

    assert_eq!(storage::save_workspace_json(&text), Ok(()));
    let stored = local_storage().get_item(WORKSPACE_KEY).unwrap();
    assert_eq!(
        stored.as_deref(),
        Some(small.as_str()),
        "the small form was stored"
    );
    match storage::load_workspace() {
        Ok(Loaded::Workspace(loaded)) => assert_eq!(*loaded, ws),
        other => panic!("expected the saved workspace, got {other:?}"),
    }
    clear_storage();
}

/// A history of `days` daily snapshots of a 3,000-deal demo in which every open deal's amount
/// changes every day (so no day is small), starting at `first`.
fn busy_history(days: i64, first: NaiveDate) -> History {
    let mut ws = demo::generate(DemoSpec {
        deals: 3_000,
        ..DemoSpec::standard(Lang::Ru, today())
    });
    let mut h = History::default();
    for k in 0..days {
        for d in &mut ws.deals {
            d.amount = voronka::domain::Money(d.amount.0 + 1_700 + k * 13);
        }
        h.record(Snapshot::take(&ws, first + chrono::Duration::days(k)));
    }
    h
}

#[wasm_bindgen_test]
fn a_snapshot_is_taken_once_a_day_and_old_weeks_are_pruned() {
    clear_storage();
    let ws = demo::generate(DemoSpec {
        deals: 60,
        ..DemoSpec::standard(Lang::En, today())
    });
    assert_eq!(
        storage::record_daily_snapshot(Snapshot::take(&ws, today()), 8).map(|(r, _)| r),
        Ok(Recorded::Taken { dropped: 0 })
    );
    // Opened again the same day after edits: the morning's snapshot stays.
    let mut edited = ws.clone();
    for d in &mut edited.deals {
        d.amount = voronka::domain::Money(d.amount.0 + 100);
    }
    assert_eq!(
        storage::record_daily_snapshot(Snapshot::take(&edited, today()), 8).map(|(r, _)| r),
        Ok(Recorded::AlreadyToday)
    );
    let Ok(LoadedHistory::History(h)) = storage::load_history() else {
        panic!("expected a history");
    };
    assert_eq!(h.on(today()), Some(Snapshot::take(&ws, today())));
    // Nine weeks later, with eight kept, the first day goes.
    let later = today() + chrono::Duration::days(63);
    assert_eq!(
        storage::record_daily_snapshot(Snapshot::take(&edited, later), 8).map(|(r, _)| r),
        Ok(Recorded::Taken { dropped: 1 })
    );
    let Ok(LoadedHistory::History(h)) = storage::load_history() else {
        panic!("expected a history");
    };
    assert_eq!(h.dates().collect::<Vec<_>>(), [later]);
    assert_eq!(h.on(later), Some(Snapshot::take(&edited, later)));
    clear_storage();
}

#[wasm_bindgen_test]
fn an_unreadable_history_is_reported_and_never_written_over() {
    clear_storage();
    let garbage = "VZ1:12:not packed at all";
    local_storage().set_item(SNAPSHOTS_KEY, garbage).unwrap();
    assert!(matches!(
        storage::load_history(),
        Ok(LoadedHistory::Unreadable { .. })
    ));
    let ws = demo::generate(DemoSpec {
        deals: 20,
        ..DemoSpec::standard(Lang::En, today())
    });
    assert!(matches!(
        storage::record_daily_snapshot(Snapshot::take(&ws, today()), 8),
        Ok((Recorded::Unreadable { .. }, _))
    ));
    assert_eq!(
        local_storage().get_item(SNAPSHOTS_KEY).unwrap().as_deref(),
        Some(garbage)
    );
    // Nor does it stop the workspace from saving.
    assert_eq!(storage::save_workspace(&ws), Ok(()));
    clear_storage();
}

/// Snapshots give way first: with the quota full, a workspace save drops the oldest snapshots
/// until the workspace fits, and the newest day is kept as long as possible.
#[wasm_bindgen_test]
fn snapshots_give_way_when_the_workspace_needs_room() {
    clear_storage();
    let mut h = busy_history(24, today());
    assert_eq!(storage::save_history(&mut h), Ok(0));
    let stored = local_storage().get_item(SNAPSHOTS_KEY).unwrap().unwrap();
    let history_units = stored.encode_utf16().count();
    assert!(history_units > 50_000, "history of {history_units} units");
    fill_quota(256);
    let ws = demo::generate(DemoSpec {
        deals: 40,
        ..DemoSpec::standard(Lang::En, today())
    });
    assert_eq!(
        storage::save_workspace(&ws),
        Ok(()),
        "the workspace is saved"
    );
    match storage::load_workspace() {
        Ok(Loaded::Workspace(loaded)) => assert_eq!(*loaded, ws),
        other => panic!("expected the saved workspace, got {other:?}"),
    }
    match storage::load_history() {
        Ok(LoadedHistory::History(left)) => {
            assert!(left.len() < 24, "old days were dropped");
            assert_eq!(left.latest(), h.latest(), "the newest day is kept");
        }
        Ok(LoadedHistory::Nothing) => {}
        other => panic!("expected a shorter history or none, got {other:?}"),
    }
    clear_storage();
}

/// A history too big for what is left keeps as many of its newest days as fit.
#[wasm_bindgen_test]
fn a_history_that_does_not_fit_keeps_its_newest_days() {
    use voronka::format::{packed, snapshots};
    clear_storage();
    let full = busy_history(16, today());
    let whole = snapshots::pack(&full, packed::Effort::Small)
        .encode_utf16()
        .count();
    let mut fillers = fill_quota(256);
    // Free about half of the whole history's size.
    let want_free = whole / 2;
    let mut freed = 0;
    fillers.sort_by_key(|(_, n)| *n);
    while freed < want_free {
        let (key, n) = fillers.pop().expect("enough filler to free");
        local_storage().remove_item(&key).unwrap();
        freed += n + key.len();
    }
    let back = "y".repeat(freed - want_free);
    local_storage().set_item("filler-back", &back).unwrap();
    let mut h = full.clone();
    let dropped = storage::save_history(&mut h).unwrap();
    assert!(dropped > 0 && dropped < 16, "dropped {dropped}");
    assert_eq!(h.len(), 16 - dropped);
    assert_eq!(h.latest(), full.latest());
    match storage::load_history() {
        Ok(LoadedHistory::History(stored)) => {
            assert_eq!(stored, h, "what is stored is what it says")
        }
        other => panic!("expected the history, got {other:?}"),
    }
    clear_storage();
}

#[wasm_bindgen(inline_js = "
export function loadEchartsSource(src) {
  if (globalThis.echarts) return;
  const s = document.createElement('script');
  s.textContent = src;
  document.head.appendChild(s);
}
export function seriesData(el) {
  const c = globalThis.echarts.getInstanceByDom(el);
  return c ? JSON.stringify(c.getOption().series[0].data) : '';
}
")]
extern "C" {
    #[wasm_bindgen(js_name = loadEchartsSource)]
    fn load_echarts_source(src: &str);
    #[wasm_bindgen(js_name = seriesData)]
    fn series_data(el: &web_sys::Element) -> String;
}

fn load_echarts() {
    load_echarts_source(include_str!("../node_modules/echarts/dist/echarts.min.js"));
}

fn funnel_json(values: &[(u32, &str)]) -> String {
    use voronka::charts::funnel::{FunnelBand, funnel_chart};
    let bands: Vec<FunnelBand> = values
        .iter()
        .map(|(v, n)| FunnelBand {
            label: n.to_string(),
            value: *v as f64,
            tip: vec![n.to_string()],
        })
        .collect();
    funnel_chart("test", &bands).to_json()
}

#[wasm_bindgen_test]
async fn chart_renders_once_updates_in_place_and_disposes_on_unmount() {
    load_echarts();
    let doc = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    host.set_attribute("style", "width:600px").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();

    let spec = RwSignal::new(funnel_json(&[(10, "A"), (5, "B")]));
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        view! { <Chart spec=spec label="test chart" test_id="web-chart" height=300/> }
    });
    leptos::task::tick().await;
    let el = doc
        .query_selector("[data-testid=web-chart]")
        .unwrap()
        .expect("chart container");
    assert_eq!(instances_on(&el), 1);
    assert!(
        el.query_selector("canvas").unwrap().is_some(),
        "a canvas is drawn"
    );
    assert!(series_data(&el).contains("\"A\""));

    // An update reuses the same instance and replaces the data.
    let canvas_before = el.query_selector("canvas").unwrap().unwrap();
    spec.set(funnel_json(&[(7, "C"), (3, "D"), (1, "E")]));
    leptos::task::tick().await;
    let data = series_data(&el);
    assert!(
        data.contains("\"C\"") && data.contains("\"E\"") && !data.contains("\"A\""),
        "{data}"
    );
    let canvas_after = el.query_selector("canvas").unwrap().unwrap();
    assert!(
        canvas_before.is_same_node(Some(&canvas_after)),
        "the chart was updated in place, not re-created"
    );

    // Unmounting disposes the ECharts instance.
    drop(handle);
    leptos::task::tick().await;
    assert_eq!(instances_on(&el), 0);
    host.remove();
}

#[wasm_bindgen_test]
async fn chart_reports_a_bad_spec_instead_of_panicking() {
    load_echarts();
    let doc = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        view! { <Chart spec="{not json" label="broken" test_id="bad-chart"/> }
    });
    leptos::task::tick().await;
    let alert = host
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an error message is shown");
    assert!(
        alert
            .text_content()
            .unwrap_or_default()
            .contains("could not be drawn")
    );
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
fn crash_panel_offers_the_saved_workspace_and_shows_the_message_as_text() {
    clear_storage();
    let ws = demo::generate(DemoSpec {
        deals: 20,
        ..DemoSpec::standard(Lang::En, today())
    });
    storage::save_workspace(&ws).expect("save");
    let doc = web_sys::window().unwrap().document().unwrap();
    voronka::ui::crash::show_panel("boom <img src=x onerror=alert(1)>");
    let panel = doc.get_element_by_id("crash-panel").expect("panel shown");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    // The message is text: no element was made from it.
    assert!(panel.query_selector("img").unwrap().is_none());
    assert!(panel.text_content().unwrap().contains("boom <img"));
    let link = panel
        .query_selector("[data-testid=crash-download]")
        .unwrap()
        .expect("download link");
    assert!(link.get_attribute("href").unwrap().starts_with("blob:"));
    // A second panic does not stack a second panel.
    voronka::ui::crash::show_panel("again");
    let panels = doc.body().unwrap().children();
    let count = (0..panels.length())
        .filter(|&i| panels.item(i).is_some_and(|e| e.id() == "crash-panel"))
        .count();
    assert_eq!(count, 1);
    panel.remove();
    clear_storage();
}

#[wasm_bindgen(inline_js = "
export function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}
export function pressKey(key) {
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}
export function labelFontSize(el) {
  const c = globalThis.echarts.getInstanceByDom(el);
  const label = c ? c.getOption().series[0].label : null;
  return label && label.fontSize ? label.fontSize : 0;
}
")]
extern "C" {
    #[wasm_bindgen(js_name = nextFrame)]
    fn next_frame() -> js_sys::Promise;
    #[wasm_bindgen(js_name = pressKey)]
    fn press_key(key: &str);
    #[wasm_bindgen(js_name = labelFontSize)]
    fn label_font_size(el: &web_sys::Element) -> f64;
}

async fn frame() {
    wasm_bindgen_futures::JsFuture::from(next_frame())
        .await
        .unwrap();
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn tour_step_highlights_its_element_moves_by_key_and_centres_when_the_element_is_missing() {
    use voronka::ui::state::AppState;
    use voronka::ui::workshop::steps::{STEPS, step_route};
    use voronka::ui::workshop::{shortcuts, tour::TourLayer};
    clear_storage();
    let doc = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    let state = StoredValue::new(None::<AppState>);
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        let app = AppState::standalone(
            demo::generate(DemoSpec::standard(Lang::En, today())),
            today(),
        );
        provide_context(app);
        state.set_value(Some(app));
        shortcuts::listen(app);
        view! {
            // The positioning style/workshop.css gives them (this page has no stylesheet).
            <style>".tour-spot, .tour-pop { position: fixed; }"</style>
            // Fixed at the top left, whatever the test runner's page holds above the host, so the
            // popover has room beside it in any window.
            <div data-testid="funnel-table"
                style="position:fixed;top:40px;left:40px;width:300px;height:80px">"table"</div>
            <TourLayer/>
        }
    });
    let app = state.get_value().unwrap();
    assert!(
        host.query_selector("[data-testid=tour]").unwrap().is_none(),
        "closed without a step"
    );

    // Step 1 points at the funnel table: the spotlight around it, the popover below it, the
    // focus on Next.
    app.navigate(step_route(0, &app.route().get_untracked()), true);
    frame().await;
    let pop = host
        .query_selector("[data-testid=tour]")
        .unwrap()
        .expect("the popover");
    assert_eq!(pop.get_attribute("data-step").as_deref(), Some("1"));
    assert_eq!(
        pop.get_attribute("data-target").as_deref(),
        Some("funnel-table")
    );
    assert_eq!(pop.get_attribute("role").as_deref(), Some("dialog"));
    let target = host
        .query_selector("[data-testid=funnel-table]")
        .unwrap()
        .unwrap()
        .get_bounding_client_rect();
    let spot = host
        .query_selector("[data-testid=tour-spot]")
        .unwrap()
        .unwrap()
        .get_bounding_client_rect();
    assert!(
        (spot.left() - (target.left() - 6.0)).abs() < 1.5,
        "{} vs {}",
        spot.left(),
        target.left()
    );
    assert!((spot.width() - (target.width() + 12.0)).abs() < 1.5);
    let p = pop.get_bounding_client_rect();
    let apart = p.top() >= target.bottom()
        || p.bottom() <= target.top()
        || p.left() >= target.right()
        || p.right() <= target.left();
    assert!(apart, "beside its element, not over it");
    let focused = doc.active_element().unwrap();
    assert_eq!(
        focused.get_attribute("data-testid").as_deref(),
        Some("tour-next")
    );
    assert!(
        pop.text_content()
            .unwrap()
            .contains(&format!("Step 1 of {}", STEPS.len()))
    );

    // → opens step 2, whose chart is not on this page: the popover stands in the middle.
    press_key("ArrowRight");
    frame().await;
    let pop = host.query_selector("[data-testid=tour]").unwrap().unwrap();
    assert_eq!(pop.get_attribute("data-step").as_deref(), Some("2"));
    assert_eq!(pop.get_attribute("data-target").as_deref(), Some(""));
    assert_eq!(pop.get_attribute("data-side").as_deref(), Some("centre"));
    assert_eq!(app.route().get_untracked().get("fmeasure"), Some("amount"));

    // ← goes back; Esc closes and takes the step out of the URL.
    press_key("ArrowLeft");
    frame().await;
    assert_eq!(app.route().get_untracked().get("tour"), Some("1"));
    press_key("ArrowRight");
    frame().await;
    press_key("Escape");
    frame().await;
    assert!(host.query_selector("[data-testid=tour]").unwrap().is_none());
    assert_eq!(app.route().get_untracked().get("tour"), None);
    // The step it was closed at is remembered for "Tour".
    assert_eq!(voronka::ui::workshop::actions::resume_step(), 1);
    drop(handle);
    host.remove();
    clear_storage();
}

#[wasm_bindgen_test]
async fn chart_text_grows_in_place_with_the_font_scale() {
    use voronka::ui::chart::ChartFontScale;
    load_echarts();
    let doc = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    host.set_attribute("style", "width:600px").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let scale = RwSignal::new(1.0);
    let spec = funnel_json(&[(10, "A"), (5, "B")]);
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        provide_context(ChartFontScale(scale.into()));
        view! { <Chart spec=spec.clone() label="scaled" test_id="scaled-chart" height=300/> }
    });
    leptos::task::tick().await;
    let el = doc
        .query_selector("[data-testid=scaled-chart]")
        .unwrap()
        .unwrap();
    let normal = label_font_size(&el);
    scale.set(1.5);
    leptos::task::tick().await;
    let large = label_font_size(&el);
    assert_eq!(large, 18.0, "ECharts' 12 px labels at 1.5×");
    assert!(large > normal);
    assert_eq!(instances_on(&el), 1, "the same chart, updated");
    drop(handle);
    host.remove();
}

// ---------------------------------------------------------------------------------------------
// Incremental saves of big workspaces (issue 17): the base plus an overlay of touched chunks
// ---------------------------------------------------------------------------------------------

fn big_demo() -> voronka::domain::Workspace {
    demo::generate(DemoSpec {
        deals: 3_000,
        ..DemoSpec::standard(Lang::En, today())
    })
}

fn loaded(what: &str) -> voronka::domain::Workspace {
    match storage::load_workspace() {
        Ok(Loaded::Workspace(ws)) => *ws,
        other => panic!("{what}: expected a workspace, got {other:?}"),
    }
}

/// Stored keys of overlay chunks.
fn chunk_keys() -> Vec<String> {
    let s = local_storage();
    let mut keys: Vec<String> = (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .filter(|k| k.starts_with(storage::OVERLAY_CHUNK_PREFIX))
        .collect();
    keys.sort();
    keys
}

/// Edits deal `i` (its forecast category and stamp) and saves just that.
fn edit_and_save(ws: &mut voronka::domain::Workspace, i: usize, n: i64) {
    use voronka::domain::ForecastCategory;
    use voronka::domain::edit::{ChangeScope, Touched};
    ws.deals[i].forecast_category = Some(ForecastCategory::ALL[(n % 4) as usize]);
    ws.deals[i].updated_at = 1_000 + n;
    let scope = ChangeScope {
        rest: false,
        deals: Touched::At(vec![i]),
    };
    storage::save_workspace_changes(ws, &scope).expect("incremental save");
}

#[wasm_bindgen_test]
fn an_edit_of_a_big_workspace_writes_only_its_block_and_loads_back_exactly() {
    clear_storage();
    let mut ws = big_demo();
    storage::save_workspace(&ws).unwrap();
    let base = local_storage().get_item(WORKSPACE_KEY).unwrap().unwrap();
    assert_eq!(loaded("after the whole save"), ws);

    edit_and_save(&mut ws, 1234, 1);
    assert_eq!(
        local_storage().get_item(WORKSPACE_KEY).unwrap().as_deref(),
        Some(base.as_str()),
        "the base is not rewritten by an edit"
    );
    assert_eq!(chunk_keys().len(), 1, "one block written");
    assert_eq!(loaded("after one edit"), ws);

    // Another block, then the same block again: the superseded chunk is removed.
    edit_and_save(&mut ws, 10, 2);
    edit_and_save(&mut ws, 1235, 3);
    assert_eq!(chunk_keys().len(), 2, "{:?}", chunk_keys());
    assert_eq!(loaded("after three edits"), ws);

    // A change of everything but the deals goes into the rest chunk.
    use voronka::domain::edit::{ChangeScope, Touched};
    ws.sellers[0].name = "Renamed".into();
    let rest = ChangeScope {
        rest: true,
        deals: Touched::Nothing,
    };
    storage::save_workspace_changes(&ws, &rest).unwrap();
    assert_eq!(loaded("after a rename"), ws);

    // A deal added at the end and one removed at the start: every block from there on.
    let mut added = ws.deals[0].clone();
    added.id = voronka::domain::DealId(77_777_777);
    ws.deals.push(added);
    ws.deals.remove(0);
    let shift = ChangeScope {
        rest: false,
        deals: Touched::From(0),
    };
    storage::save_workspace_changes(&ws, &shift).unwrap();
    assert_eq!(loaded("after a removal"), ws);

    // A whole save makes the overlay stale: it and its chunks are gone.
    storage::save_workspace(&ws).unwrap();
    assert!(chunk_keys().is_empty());
    assert!(
        local_storage()
            .get_item(storage::OVERLAY_KEY)
            .unwrap()
            .is_none()
    );
    assert_eq!(loaded("after a whole save"), ws);
    clear_storage();
}

#[wasm_bindgen_test]
fn a_crash_between_two_saves_loses_nothing_older_than_the_last_edit() {
    clear_storage();
    let mut ws = big_demo();
    storage::save_workspace(&ws).unwrap();
    loaded("start");
    edit_and_save(&mut ws, 100, 1);
    let after_first = ws.clone();
    let manifest = local_storage()
        .get_item(storage::OVERLAY_KEY)
        .unwrap()
        .unwrap();

    // The second save wrote its chunk, then the tab died before the manifest: put the first
    // save's manifest back, as it would have stayed.
    edit_and_save(&mut ws, 2_900, 2);
    local_storage()
        .set_item(storage::OVERLAY_KEY, &manifest)
        .unwrap();
    assert_eq!(
        loaded("crash before the manifest"),
        after_first,
        "the first edit is kept"
    );

    // The next save (this tab no longer knows what is stored) still saves everything.
    edit_and_save(&mut ws, 2_900, 3);
    assert_eq!(loaded("after the next save"), ws);

    // A crash between a whole save and the removal of the overlay: the overlay is stale (made
    // for the old base) and ignored; the whole save is what loads.
    let stale = local_storage()
        .get_item(storage::OVERLAY_KEY)
        .unwrap()
        .unwrap();
    ws.deals[5].title = "whole".into();
    storage::save_workspace(&ws).unwrap();
    local_storage()
        .set_item(storage::OVERLAY_KEY, &stale)
        .unwrap();
    assert_eq!(loaded("stale overlay"), ws);
    clear_storage();
}

#[wasm_bindgen_test]
fn a_damaged_or_missing_chunk_is_refused_and_left_as_it_is() {
    clear_storage();
    let mut ws = big_demo();
    storage::save_workspace(&ws).unwrap();
    loaded("start");
    edit_and_save(&mut ws, 42, 1);
    let key = chunk_keys().pop().unwrap();
    let chunk = local_storage().get_item(&key).unwrap().unwrap();
    let mut damaged: Vec<char> = chunk.chars().collect();
    let last = damaged.len() - 1;
    damaged[last] = if damaged[last] == '\u{100}' {
        '\u{101}'
    } else {
        '\u{100}'
    };
    let damaged: String = damaged.into_iter().collect();
    local_storage().set_item(&key, &damaged).unwrap();
    match storage::load_workspace() {
        Ok(Loaded::Unreadable {
            error: ReadError::Damaged(why),
            ..
        }) => assert!(why.contains("damaged"), "{why}"),
        other => panic!("expected a damaged chunk to be refused, got {other:?}"),
    }
    assert_eq!(
        local_storage().get_item(&key).unwrap().as_deref(),
        Some(damaged.as_str()),
        "nothing was written over it"
    );
    local_storage().remove_item(&key).unwrap();
    assert!(matches!(
        storage::load_workspace(),
        Ok(Loaded::Unreadable {
            error: ReadError::Damaged(_),
            ..
        })
    ));
    clear_storage();
}

#[wasm_bindgen_test]
fn a_workspace_stored_by_an_earlier_version_loads_and_takes_edits_as_an_overlay() {
    use voronka::format::{json, packed};
    clear_storage();
    let mut ws = big_demo();
    // Exactly what the earlier version stored: the whole file, packed, under the one key.
    let old = packed::pack_with(&json::write(&ws), packed::Effort::Fast);
    local_storage().set_item(WORKSPACE_KEY, &old).unwrap();
    assert_eq!(loaded("the old format"), ws);
    edit_and_save(&mut ws, 2_999, 1);
    assert_eq!(
        local_storage().get_item(WORKSPACE_KEY).unwrap().as_deref(),
        Some(old.as_str()),
        "the old value is the base, untouched"
    );
    assert_eq!(loaded("old format and an overlay"), ws);
    clear_storage();
}
