//! What a user sees when the app hits a bug (a Rust panic): a panel that says so and offers the
//! workspace as a file, instead of a dead page.
//!
//! The release build aborts on panic, so after this hook returns nothing in the wasm module can
//! run again: the panel is built with plain DOM calls, its download link is a `blob:` URL made
//! here, and the reload link is an ordinary link. The workspace offered is the last one saved in
//! the browser, or, when saving failed, the text that could not be saved ([`remember_unsaved`]).

use std::cell::RefCell;

use crate::storage;

thread_local! {
    /// The JSON of a workspace that storage refused (full, unavailable), so a crash can still
    /// offer it. Cleared by the next successful save.
    static UNSAVED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps `json` for the crash panel because it could not be saved.
pub fn remember_unsaved(json: String) {
    UNSAVED.with(|u| {
        if let Ok(mut slot) = u.try_borrow_mut() {
            *slot = Some(json);
        }
    });
}

/// The last save succeeded: what is stored is the current workspace.
pub fn forget_unsaved() {
    UNSAVED.with(|u| {
        if let Ok(mut slot) = u.try_borrow_mut() {
            *slot = None;
        }
    });
}

/// Installs the panic hook: the message goes to the console (with the stack) and on screen.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panel(&info.to_string());
    }));
}

fn workspace_text() -> Option<String> {
    let unsaved = UNSAVED.with(|u| u.try_borrow().ok().and_then(|s| s.clone()));
    unsaved.or_else(storage::stored_workspace_text)
}

struct Words {
    title: &'static str,
    body: &'static str,
    download: &'static str,
    nothing: &'static str,
    reload: &'static str,
    details: &'static str,
}

const EN: Words = Words {
    title: "Voronka stopped because of an internal error",
    body: "Nothing you saved is lost. Download the workspace as a file to be safe, then reload the page. If it happens again, send the details below with the steps that led here.",
    download: "Download the workspace",
    nothing: "No saved workspace was found in this browser.",
    reload: "Reload Voronka",
    details: "Details",
};

const RU: Words = Words {
    title: "Воронка остановилась из-за внутренней ошибки",
    body: "Сохранённые данные не потеряны. Для надёжности скачайте рабочее пространство файлом, затем перезагрузите страницу. Если ошибка повторится, пришлите подробности ниже и шаги, которые к ней привели.",
    download: "Скачать рабочее пространство",
    nothing: "В этом браузере не найдено сохранённого рабочего пространства.",
    reload: "Перезагрузить Воронку",
    details: "Подробности",
};

/// Builds the panel with DOM calls only; every text goes in as text, never as HTML. Public for
/// the browser test, which cannot panic without ending itself.
pub fn show_panel(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    if doc.get_element_by_id("crash-panel").is_some() {
        return;
    }
    let lang = doc
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_default();
    let w = if lang.starts_with("ru") { &RU } else { &EN };
    let el = |tag: &str, text: Option<&str>| {
        let e = doc.create_element(tag).ok()?;
        if let Some(t) = text {
            e.set_text_content(Some(t));
        }
        Some(e)
    };
    let Some(panel) = el("section", None) else {
        return;
    };
    panel.set_id("crash-panel");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("class", "crash-panel");
    let _ = panel.set_attribute("data-testid", "crash-panel");
    let mut parts = vec![el("h2", Some(w.title)), el("p", Some(w.body))];
    match workspace_text().and_then(|text| blob_url(&text)) {
        Some(url) => {
            let a = el("a", Some(w.download));
            if let Some(a) = &a {
                let _ = a.set_attribute("href", &url);
                let _ = a.set_attribute("download", "voronka-rescued.json");
                let _ = a.set_attribute("class", "button");
                let _ = a.set_attribute("data-testid", "crash-download");
            }
            parts.push(a);
        }
        None => parts.push(el("p", Some(w.nothing))),
    }
    let reload = el("a", Some(w.reload));
    if let (Some(a), Some(loc)) = (&reload, web_sys::window().map(|w| w.location())) {
        let href = format!(
            "{}{}",
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default()
        );
        let _ = a.set_attribute("href", &href);
        let _ = a.set_attribute("class", "button");
    }
    parts.push(reload);
    let details = el("details", None);
    if let Some(d) = &details {
        if let Some(s) = el("summary", Some(w.details)) {
            let _ = d.append_child(&s);
        }
        if let Some(pre) = el("pre", Some(message)) {
            let _ = d.append_child(&pre);
        }
    }
    parts.push(details);
    for p in parts.into_iter().flatten() {
        let _ = panel.append_child(&p);
    }
    let _ = body.prepend_with_node_1(&panel);
}

fn blob_url(text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
