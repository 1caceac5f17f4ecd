//! Saving files to the user's disk: a Blob and a temporary link. Every export of the app goes
//! through here, named `<prefix>-<today>.<ext>`; a failure becomes a notice.

use wasm_bindgen::JsCast;

use crate::format::csv_out::to_csv;
use crate::ui::chart::{ChartNode, png_data_url};
use crate::ui::state::AppState;

/// A file name with today's date: `voronka-2026-11-27.json`.
pub fn dated_name(prefix: &str, today: chrono::NaiveDate, ext: &str) -> String {
    format!("{prefix}-{today}.{ext}")
}

/// Downloads `rows` (header first) as `<prefix>-<today>.csv`, or says why not.
pub fn save_csv(app: AppState, prefix: &str, rows: &[Vec<String>]) {
    save_text(
        app,
        &dated_name(prefix, app.today(), "csv"),
        "text/csv",
        &to_csv(rows),
    );
}

/// Downloads the chart drawn in `chart` as `<prefix>-<today>.png`, or says why not.
pub fn save_png(app: AppState, chart: ChartNode, prefix: &str) {
    let result = png_data_url(chart)
        .and_then(|url| download_data_url(&dated_name(prefix, app.today(), "png"), &url));
    if let Err(e) = result {
        app.notify(e);
    }
}

/// Downloads `text` (a Voronka file) as `<prefix>-<today>.json`, or says why not.
pub fn save_json(app: AppState, prefix: &str, text: &str) {
    save_text(
        app,
        &dated_name(prefix, app.today(), "json"),
        "application/json",
        text,
    );
}

/// Downloads `text` as the file `name`, or says why not.
fn save_text(app: AppState, name: &str, mime: &str, text: &str) {
    if let Err(e) = download_text(name, mime, text) {
        app.notify(e);
    }
}

fn click_link(href: &str, filename: &str) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "cannot create a link")?
        .dyn_into()
        .map_err(|_| "not a link")?;
    a.set_href(href);
    a.set_download(filename);
    a.set_attribute("style", "display:none").ok();
    let body = doc.body().ok_or("no body")?;
    body.append_child(&a)
        .map_err(|_| "cannot attach the link")?;
    a.click();
    a.remove();
    Ok(())
}

/// Downloads `text` as a file.
pub fn download_text(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| "cannot build the file")?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot link the file")?;
    let result = click_link(&url, filename);
    // Revoke later: Chromium starts the download asynchronously.
    let revoke = url.clone();
    leptos::prelude::set_timeout(
        move || {
            web_sys::Url::revoke_object_url(&revoke).ok();
        },
        std::time::Duration::from_secs(30),
    );
    result
}

/// Downloads a `data:` URL (a chart's PNG).
pub fn download_data_url(filename: &str, url: &str) -> Result<(), String> {
    click_link(url, filename)
}
