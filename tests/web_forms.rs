//! Browser tests of the Data section's forms (wasm-bindgen-test in headless Chromium): inline
//! validation messages appear next to their field, in the user's language, and a refused form
//! changes nothing; a valid one saves once, on the undo stack. Also what a long save is split
//! into (issue 17): the stored base rewritten in slices, losing nothing part-way.
//! Run with `cargo test --target wasm32-unknown-unknown --test web_forms` (see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use leptos::prelude::*;
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::{Lang, Money};
use voronka::ui::i18n::I18n;
use voronka::ui::pages::data::deals::DealForm;
use voronka::ui::pages::data::people::ClientForm;
use voronka::ui::state::AppState;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
export function typeInto(el, v) {
  el.value = v;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}
")]
extern "C" {
    #[wasm_bindgen(js_name = typeInto)]
    fn type_into(el: &web_sys::Element, v: &str);
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn el(sel: &str) -> web_sys::Element {
    doc()
        .query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("{sel} is on the page"))
}

fn text(sel: &str) -> String {
    el(sel).text_content().unwrap_or_default()
}

fn click(sel: &str) {
    el(sel).unchecked_into::<web_sys::HtmlElement>().click();
}

/// The message is in the same field box as its input, and the input points at it.
fn next_to(input: &str, error: &str) {
    let i = el(input);
    let e = el(error);
    let field = i
        .closest(".dfield")
        .unwrap()
        .expect("the input sits in a field");
    assert!(field.contains(Some(&e)), "{error} is next to {input}");
    let described = i.get_attribute("aria-describedby").unwrap_or_default();
    assert!(
        described.split(' ').any(|id| format!("#{id}") == error),
        "{input} is described by {error}"
    );
    assert_eq!(i.get_attribute("aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn deal_form_shows_inline_messages_and_saves_once_fixed() {
    let host: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&host).unwrap();
    let lang = RwSignal::new(Lang::En);
    let closed = RwSignal::new(0);
    let state = StoredValue::new(None::<AppState>);
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(I18n(lang));
        let ws = demo::generate(DemoSpec {
            deals: 5,
            ..DemoSpec::standard(Lang::En, today())
        });
        let app = AppState::standalone(ws, today());
        provide_context(app);
        state.set_value(Some(app));
        view! { <DealForm id=None on_close=Callback::new(move |_| closed.update(|n| *n += 1))/> }
    });
    leptos::task::tick().await;
    let app = state.get_value().unwrap();
    let deals_before = app.ws().with_untracked(|w| w.deals.len());

    // The first field has the focus.
    leptos::task::tick().await;
    assert_eq!(
        doc().active_element().map(|e| e.id()).as_deref(),
        Some("deal-form-title")
    );

    type_into(&el("#deal-form-amount"), "12,34,5");
    type_into(&el("#deal-form-client"), "No such client");
    click("[data-testid=deal-form-save]");
    leptos::task::tick().await;
    assert_eq!(text("#deal-form-title-error"), "Enter a title.");
    assert_eq!(
        text("#deal-form-client-error"),
        "Choose one of the suggestions (type to search)."
    );
    assert_eq!(text("#deal-form-seller-error"), "Choose a seller.");
    assert!(
        text("#deal-form-amount-error").contains("1,234,567.89"),
        "{}",
        text("#deal-form-amount-error")
    );
    next_to("#deal-form-title", "#deal-form-title-error");
    next_to("#deal-form-client", "#deal-form-client-error");
    next_to("#deal-form-amount", "#deal-form-amount-error");
    assert_eq!(closed.get_untracked(), 0, "the form stays open");
    assert_eq!(
        app.ws().with_untracked(|w| w.deals.len()),
        deals_before,
        "nothing changed"
    );
    assert!(!app.undo_stack().with_untracked(|u| u.can_undo()));

    // The messages follow the language.
    lang.set(Lang::Ru);
    leptos::task::tick().await;
    assert_eq!(text("#deal-form-title-error"), "Введите название.");
    lang.set(Lang::En);
    leptos::task::tick().await;

    // Typing in a field clears its message; a fixed form saves once.
    let (client, seller) = app
        .ws()
        .with_untracked(|w| (w.clients[0].name.clone(), w.sellers[0].name.clone()));
    type_into(&el("#deal-form-title"), "Rocket fuel");
    leptos::task::tick().await;
    assert_eq!(text("#deal-form-title-error"), "");
    type_into(&el("#deal-form-client"), &client.to_uppercase());
    type_into(&el("#deal-form-seller"), &seller);
    type_into(&el("#deal-form-amount"), "1,234,567.89");
    click("[data-testid=deal-form-save]");
    leptos::task::tick().await;
    assert_eq!(closed.get_untracked(), 1, "saved and closed");
    let saved = app
        .ws()
        .with_untracked(|w| w.deals.iter().find(|d| d.title == "Rocket fuel").cloned())
        .unwrap();
    assert_eq!(saved.amount, Money(123_456_789));
    assert_eq!(saved.history.len(), 1);
    assert_eq!(
        app.undo_stack().with_untracked(|u| u
            .labels()
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()),
        vec!["Add deal “Rocket fuel”".to_string()]
    );
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
async fn client_form_refuses_a_duplicate_name_next_to_the_field() {
    let host: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&host).unwrap();
    let state = StoredValue::new(None::<AppState>);
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        let ws = demo::generate(DemoSpec {
            deals: 5,
            ..DemoSpec::standard(Lang::En, today())
        });
        let app = AppState::standalone(ws, today());
        provide_context(app);
        state.set_value(Some(app));
        view! { <ClientForm id=None on_close=Callback::new(|_| ()) ask=RwSignal::new(None)/> }
    });
    leptos::task::tick().await;
    let app = state.get_value().unwrap();
    let taken = app.ws().with_untracked(|w| w.clients[0].name.clone());
    type_into(
        &el("#client-form-name"),
        &format!("  {}  ", taken.to_lowercase()),
    );
    click("[data-testid=client-form-save]");
    leptos::task::tick().await;
    assert_eq!(
        text("#client-form-name-error"),
        "Another item of this list already has this name."
    );
    next_to("#client-form-name", "#client-form-name-error");
    assert_eq!(
        app.ws()
            .with_untracked(|w| w.clients.iter().filter(|c| c.name == taken).count()),
        1
    );
    drop(handle);
    host.remove();
}

/// The deal ids of the rows on screen, and which of them are ticked.
fn listed_deals() -> Vec<(u64, bool)> {
    let first = doc().query_selector("[data-testid=deal-row]").unwrap();
    std::iter::successors(first, |r| r.next_element_sibling())
        .map(|row| {
            let open = row
                .query_selector("[data-testid=deal-open]")
                .unwrap()
                .unwrap();
            let id = open.id().trim_start_matches("open-deal-").parse().unwrap();
            let tick: web_sys::HtmlInputElement = row
                .query_selector("[data-testid=deal-select]")
                .unwrap()
                .unwrap()
                .unchecked_into();
            (id, tick.checked())
        })
        .collect()
}

/// The deal list's rows are kept and refilled when the filter changes (issue 17): they must show
/// exactly the deals the list holds, in its order, and a ticked box follows its deal, not its row.
#[wasm_bindgen_test]
async fn deal_rows_follow_the_filter_and_ticks_follow_their_deals() {
    use voronka::domain::index::DealIndex;
    use voronka::ui::pages::data::deals::{DealsList, deal_rows};

    let host: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&host).unwrap();
    let state = StoredValue::new(None::<AppState>);
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(I18n(RwSignal::new(Lang::En)));
        let ws = demo::generate(DemoSpec {
            deals: 160,
            ..DemoSpec::standard(Lang::En, today())
        });
        let app = AppState::standalone(ws, today());
        provide_context(app);
        state.set_value(Some(app));
        view! { <DealsList/> }
    });
    leptos::task::tick().await;
    let app = state.get_value().unwrap();
    // The first page the list should show under the app's filter now: deal ids, newest first.
    let expected = || {
        let f = app.filter().get_untracked();
        app.ws().with_untracked(|ws| {
            let ix = DealIndex::build(ws);
            deal_rows(ws, &ix, &f, &[], "created", true)
                .pos
                .iter()
                .take(50)
                .map(|&i| ws.deals[i].id.0)
                .collect::<Vec<_>>()
        })
    };
    let ids = |rows: &[(u64, bool)]| rows.iter().map(|r| r.0).collect::<Vec<_>>();
    let everyone = expected();
    assert_eq!(everyone.len(), 50, "a full first page");
    assert_eq!(ids(&listed_deals()), everyone);

    // Tick the first deal, then pick a seller who is not its seller.
    let first = listed_deals()[0].0;
    click("[data-testid=deal-row] [data-testid=deal-select]");
    leptos::task::tick().await;
    assert_eq!(listed_deals()[0], (first, true));
    let (seller, other) = app.ws().with_untracked(|ws| {
        let own = ws.deals.iter().find(|d| d.id.0 == first).unwrap().seller;
        (own, ws.sellers.iter().find(|s| s.id != own).unwrap().id)
    });
    app.set_filter(|q| q.seller = Some(other));
    leptos::task::tick().await;
    let rows = listed_deals();
    assert_eq!(ids(&rows), expected(), "the other seller's deals");
    assert_ne!(ids(&rows), everyone);
    assert!(
        !rows.is_empty() && rows.iter().all(|r| !r.1),
        "no row of theirs is ticked"
    );

    // The ticked deal's own seller, then everyone again: the tick is back on its deal only.
    app.set_filter(|q| q.seller = Some(seller));
    leptos::task::tick().await;
    assert_eq!(ids(&listed_deals()), expected(), "the own seller's deals");
    app.set_filter(|q| q.seller = None);
    leptos::task::tick().await;
    let rows = listed_deals();
    assert_eq!(ids(&rows), everyone);
    assert_eq!(
        rows.iter().filter(|r| r.1).map(|r| r.0).collect::<Vec<_>>(),
        vec![first]
    );
    drop(handle);
    host.remove();
}

// ---------------------------------------------------------------------------------------------
// The stored base rewritten in slices (issue 17: no save task over 50 ms)
// ---------------------------------------------------------------------------------------------

fn storage_key(key: &str) -> Option<String> {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(key)
        .unwrap()
}

fn stored_workspace(what: &str) -> voronka::domain::Workspace {
    match voronka::storage::load_workspace() {
        Ok(voronka::storage::Loaded::Workspace(ws)) => *ws,
        other => panic!("{what}: expected a workspace, got {other:?}"),
    }
}

/// Edits deal `i` and saves just that, as the app's save does.
fn edit_deal_and_save(ws: &mut voronka::domain::Workspace, i: usize, n: i64) {
    use voronka::domain::edit::{ChangeScope, Touched};
    ws.deals[i].title = format!("edited {n}");
    ws.deals[i].updated_at = 1_000 + n;
    let scope = ChangeScope {
        rest: false,
        deals: Touched::At(vec![i]),
    };
    voronka::storage::save_workspace_changes(ws, &scope).expect("incremental save");
}

#[wasm_bindgen_test]
fn a_sliced_rewrite_of_the_base_loses_nothing_part_way_and_replaces_the_overlay_at_its_end() {
    use voronka::storage::{self, Compaction, OVERLAY_KEY, WORKSPACE_KEY};
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let mut ws = demo::generate(DemoSpec {
        deals: 3_000,
        ..DemoSpec::standard(Lang::En, today())
    });
    storage::save_workspace(&ws).unwrap();
    stored_workspace("start");
    // One deal edited in each block of 500 until the overlay outgrows half the base.
    let mut n = 0;
    while !storage::compaction_due() {
        assert!(n < 6, "six blocks rewritten and the overlay is still small");
        edit_deal_and_save(&mut ws, n as usize * 500 + 7, n);
        n += 1;
    }
    assert!(
        storage_key(OVERLAY_KEY).is_some(),
        "still saved as an overlay"
    );
    let base_before = storage_key(WORKSPACE_KEY);
    let manifest_before = storage_key(OVERLAY_KEY);

    let mut rewrite = Compaction::start(&ws).expect("this tab knows the stored base");
    assert!(!rewrite.step(&ws), "3,000 deals take two slices");
    // Part-way nothing is written: a tab closed now leaves base and overlay as they were, and
    // they load as the workspace with every edit.
    assert_eq!(storage_key(WORKSPACE_KEY), base_before);
    assert_eq!(storage_key(OVERLAY_KEY), manifest_before);
    assert_eq!(stored_workspace("part-way"), ws);

    let mut rewrite = Compaction::start(&ws).unwrap();
    while !rewrite.step(&ws) {}
    assert_eq!(rewrite.finish(), Ok(true));
    assert_ne!(
        storage_key(WORKSPACE_KEY),
        base_before,
        "the base is rewritten"
    );
    assert!(
        storage_key(OVERLAY_KEY).is_none(),
        "the overlay is dropped after it"
    );
    assert!(!storage::compaction_due());
    assert_eq!(stored_workspace("after the rewrite"), ws);

    // A rewrite that a whole save overtook writes nothing at its end: the newer save stays.
    edit_deal_and_save(&mut ws, 42, 100);
    let mut late = Compaction::start(&ws).unwrap();
    while !late.step(&ws) {}
    ws.deals[0].title = "saved whole".into();
    storage::save_workspace(&ws).unwrap();
    assert_eq!(late.finish(), Ok(false));
    assert_eq!(stored_workspace("after the overtaken rewrite"), ws);
}
