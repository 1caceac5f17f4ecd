//! The File tab: export, import with validation and confirmation, demo and empty workspaces,
//! and one-click restore of the workspace an import, the demo or "start empty" replaced. Each
//! replacement is also on the undo stack.

use leptos::prelude::*;

use crate::domain::Workspace;
use crate::format::json;
use crate::ui::download::save_json;
use crate::ui::i18n::use_i18n;
use crate::ui::lazy::split_view;
use crate::ui::messages::{problem_lines, read_error_text};
use crate::ui::snapshots::use_snapshots;
use crate::ui::state::{Replaced, use_app};

split_view! {
    /// CSV import (mapping, questions, preview) is the File tab's largest part: a chunk of its
    /// own in the split build (`ui::lazy`), fetched when the tab opens.
    fn csv_import_view, prefetch prefetch_csv_import, chunk data_csv_import, slot 48,
        build csv_import, preload preload_csv_import => view! { <crate::ui::pages::data::csv_import::CsvImport/> }
}

/// Fetches the CSV import's chunk (the idle prefetch after the first chart).
pub fn prefetch_csv_import_chunk() {
    prefetch_csv_import();
}

/// How many schema problems to list before "and N more".
const SHOWN_PROBLEMS: usize = 50;

#[derive(Clone)]
enum ImportState {
    Idle,
    Reading,
    Failed {
        summary: String,
        details: Vec<String>,
    },
    Confirm(std::sync::Arc<Workspace>),
}

#[component]
pub fn FileTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let snaps = use_snapshots();
    let import = RwSignal::new(ImportState::Idle);
    // The imported file's name, for the merge panel.
    let import_name = StoredValue::new(String::new());
    // The imported file's snapshot history, if it carries one.
    let import_history = StoredValue::new(None::<crate::domain::changes::History>);

    let export = move |_| {
        // The snapshot history travels with the workspace (an optional field of the file).
        let history = snaps.history();
        save_json(
            app,
            "voronka",
            &app.ws()
                .with_untracked(|ws| json::write_pretty_with_history(ws, history.as_deref())),
        );
    };

    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = super::common::chosen_file(&ev) else {
            return;
        };
        import_name.set_value(file.name());
        if file.size() > json::MAX_FILE_BYTES as f64 {
            let e = json::ReadError::TooLarge {
                size: file.size() as usize,
                limit: json::MAX_FILE_BYTES,
            };
            import.set(ImportState::Failed {
                summary: read_error_text(i18n.lang(), &e),
                details: vec![],
            });
            return;
        }
        import.set(ImportState::Reading);
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let lang = i18n.lang_untracked();
            // Timed from the browser's string (what JSON.parse would start from) to a checked
            // workspace, so the benchmark's ratio to JSON.parse compares like with like.
            let read = crate::ui::timing::measure("voronka:json-read", || {
                text.ok()
                    .and_then(|t| t.as_string())
                    .map(|text| json::read_file(&text))
            });
            let Some(read) = read else {
                import.set(ImportState::Failed {
                    summary: i18n.t_untracked("data.import_failed"),
                    details: vec![],
                });
                return;
            };
            match read {
                Ok(file) => {
                    import_history.set_value(file.history);
                    import.set(ImportState::Confirm(std::sync::Arc::new(file.workspace)))
                }
                Err(e) => {
                    let details = match &e {
                        json::ReadError::Invalid(problems) => {
                            problem_lines(lang, problems, SHOWN_PROBLEMS)
                        }
                        _ => Vec::new(),
                    };
                    import.set(ImportState::Failed {
                        summary: read_error_text(lang, &e),
                        details,
                    });
                }
            }
        });
    };

    let confirm_import = move |_| {
        if let ImportState::Confirm(ws) = import.get_untracked() {
            let deals = ws.deals.len();
            app.replace_workspace((*ws).clone(), Replaced::Import, i18n.lang_untracked());
            snaps.replaced(&ws, import_history.get_value());
            import.set(ImportState::Idle);
            app.notify(i18n.tf("data.import_ok", &[("deals", deals.to_string())]));
        }
    };

    let restore = move |_| {
        if app.restore_previous(i18n.lang_untracked()) {
            app.notify(i18n.t("data.restored"));
        }
    };

    view! {
        {move || app.previous().with(|p| p.as_ref().map(|(_, why)| {
            let what = match why {
                Replaced::Import => i18n.t("data.reason_import"),
                Replaced::Demo => i18n.t("data.reason_demo"),
                Replaced::Empty => i18n.t("data.reason_empty"),
                Replaced::Scenario => i18n.t("workshop.reason"),
            };
            view! {
                <section class="card restore" data-testid="restore-panel">
                    <p>{i18n.tf("data.restore_help", &[("what", what)])}</p>
                    <button type="button" on:click=restore data-testid="restore">{i18n.t("data.restore")}</button>
                </section>
            }
        }))}

        <section class="card">
            <h2>{move || i18n.t("data.file")}</h2>
            <div class="action-row">
                <button type="button" on:click=export data-testid="export">{move || i18n.t("data.export")}</button>
                <p class="help">{move || i18n.t("data.export_help")}</p>
            </div>
            <div class="action-row">
                <label class="button" for="import-file">{move || i18n.t("data.import")}</label>
                <input id="import-file" type="file" accept=".json,application/json" class="visually-hidden"
                    data-testid="import-file" on:change=on_file />
                <p class="help">{move || i18n.t("data.import_help")}</p>
            </div>
            {move || match import.get() {
                ImportState::Idle => ().into_any(),
                ImportState::Reading => view! { <p class="muted" role="status">{i18n.t("data.reading")}</p> }.into_any(),
                ImportState::Failed { summary, details } => view! {
                    <div class="banner error" role="alert" data-testid="import-error">
                        <p><strong>{i18n.t("data.import_failed")}</strong></p>
                        <p>{summary}</p>
                        <ul class="problems">{details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                        <button type="button" class="link" on:click=move |_| import.set(ImportState::Idle)>{i18n.t("common.close")}</button>
                    </div>
                }.into_any(),
                ImportState::Confirm(ws) => {
                    let current = app.ws().with_untracked(|w| w.deals.len());
                    let merging = RwSignal::new(false);
                    let close = Callback::new(move |_| import.set(ImportState::Idle));
                    (move || if merging.get() {
                        let merged = Callback::new(move |_| {
                            if let Some(h) = import_history.get_value() {
                                snaps.merge_in(&h);
                            }
                        });
                        view! { <super::merge::MergePanel incoming=ws.clone() file_name=import_name.get_value() on_close=close on_applied=merged/> }.into_any()
                    } else {
                        view! {
                            <div class="banner confirm" role="alertdialog" data-testid="import-confirm">
                                <p>{i18n.tf("data.import_confirm", &[("current", current.to_string()), ("incoming", ws.deals.len().to_string())])}</p>
                                <p class="help">{i18n.t("data.merge.offer")}</p>
                                <button type="button" on:click=confirm_import data-testid="import-confirm-yes">{i18n.t("data.import_replace")}</button>
                                <button type="button" class="secondary" on:click=move |_| merging.set(true) data-testid="import-merge">{i18n.t("data.merge.button")}</button>
                                <button type="button" class="link" on:click=move |_| import.set(ImportState::Idle)>{i18n.t("common.cancel")}</button>
                            </div>
                        }.into_any()
                    }).into_any()
                }
            }}
            {csv_import_view()}
            <div class="action-row">
                <button type="button" data-testid="load-demo" on:click=move |_| app.load_demo(i18n.lang_untracked())>{move || i18n.t("data.load_demo")}</button>
                <button type="button" data-testid="start-empty" on:click=move |_| app.start_empty(i18n.lang_untracked())>{move || i18n.t("data.start_empty")}</button>
                <p class="help">{move || i18n.t("data.demo_help")}</p>
            </div>
        </section>

    }
}
