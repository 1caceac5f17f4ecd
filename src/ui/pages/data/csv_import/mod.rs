//! CSV import of deals from another CRM (issues 8 and 15): pick a file, check the column mapping
//! (recognised layouts are mapped already; a mapping is remembered per header set) and add its
//! companion tables (accounts, products, teams), read the rows in chunks with a progress bar,
//! answer the questions (unknown stages and their order, ambiguous dates, the currency, names that
//! look like the workspace's, rows without a client), look at the preview (what will be added or
//! updated, every skipped row with its line and reason), then apply it as one undoable step.
//! Nothing changes before "Apply", and Apply stays disabled while a question is open.

mod answers;
mod file;
mod mapping;
mod planned;
mod preview;
mod text;

use std::sync::Arc;

use leptos::prelude::*;

pub use answers::{Answer, apply_answer, stage_choice_of, stage_choice_value};
use file::{CsvFile, file_bytes, open_file};
use mapping::{CompanionFile, MappingStep};
pub use planned::prefetch_planned;
use planned::{Planned, planned_view};
use text::mapping_error_text;

use crate::domain::import::{ImportDraft, ImportOptions, Mapping, detect_layout, header_key};
use crate::format::csv_in::{self, CsvSource};
use crate::format::csv_mapping::MappingDto;
use crate::storage;
use crate::ui::i18n::use_i18n;
use crate::ui::state::{fresh_id, now_millis, use_app};

/// Rows read between two yields to the browser: small enough to keep frames flowing.
const CHUNK_ROWS: usize = 2_000;

#[derive(Clone)]
enum Step {
    Idle,
    Failed(String),
    Mapping(Arc<CsvFile>),
    Reading(Arc<CsvFile>),
    /// The rows are read into the draft: the plan and its questions (`planned`).
    Preview(Arc<CsvFile>),
}

/// Lets the browser paint and handle input before the next chunk.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A remembered mapping for these headers, if it still fits them.
fn remembered(headers: &[String]) -> Option<Mapping> {
    storage::load_settings()
        .csv_mappings
        .get(&header_key(headers))
        .map(MappingDto::into_domain)
        .filter(|m| m.columns.len() == headers.len())
}

fn remember(headers: &[String], mapping: &Mapping) {
    let mut settings = storage::load_settings();
    settings
        .csv_mappings
        .insert(header_key(headers), MappingDto::from_domain(mapping));
    let _ = storage::save_settings(&settings);
}

#[component]
pub fn CsvImport() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let step = RwSignal::new(Step::Idle);
    let mapping = RwSignal::new(Mapping::none(0));
    let mapping_error = RwSignal::new(None::<String>);
    let companions = RwSignal::new(Vec::<CompanionFile>::new());
    let progress = RwSignal::new(0.0_f64);
    // The draft of the current preview: answers re-plan it without reading the file again.
    let draft = StoredValue::new(None::<ImportDraft>);

    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = super::common::chosen_file(&ev) else {
            return;
        };
        let name = file.name();
        step.set(Step::Idle);
        leptos::task::spawn_local(async move {
            let bytes = match file_bytes(&file, i18n).await {
                Ok(b) => b,
                Err(message) => {
                    step.set(Step::Failed(message));
                    return;
                }
            };
            match open_file(name, bytes, i18n) {
                Ok(f) => {
                    let m = remembered(&f.headers).unwrap_or_else(|| detect_layout(&f.headers).1);
                    mapping.set(m);
                    mapping_error.set(None);
                    companions.set(Vec::new());
                    step.set(Step::Mapping(Arc::new(f)));
                }
                Err(message) => step.set(Step::Failed(message)),
            }
        });
    };

    let read_rows = move |file: Arc<CsvFile>| {
        let m = mapping.get_untracked();
        let empty_workspace = app.ws().with_untracked(|ws| ws.deals.is_empty());
        let options = ImportOptions {
            no_client_name: i18n.t_untracked("csv.no_client_name"),
            // Into an empty workspace, the file's stages replace the default ones.
            only_file_stages: empty_workspace,
            ..ImportOptions::new(app.today(), now_millis(), fresh_id())
        };
        let made = app
            .ws()
            .with_untracked(|ws| ImportDraft::new(ws, &file.headers, &m, options));
        let mut new_draft = match made {
            Ok(d) => d,
            Err(e) => {
                mapping_error.set(Some(mapping_error_text(i18n, &e)));
                return;
            }
        };
        for c in companions.get_untracked() {
            new_draft.add_companion(&c.table);
        }
        mapping_error.set(None);
        progress.set(0.0);
        step.set(Step::Reading(file.clone()));
        // The next step's code (a chunk of its own in the split build) comes in meanwhile.
        prefetch_planned();
        leptos::task::spawn_local(async move {
            let Ok(mut source) = CsvSource::open(&file.bytes) else {
                step.set(Step::Failed(i18n.t_untracked("csv.unreadable_file")));
                return;
            };
            loop {
                let rows = source.next_rows(CHUNK_ROWS);
                if rows.is_empty() {
                    break;
                }
                csv_in::feed_draft(&mut new_draft, &rows);
                let (done, total) = source.progress();
                progress.set(if total == 0 {
                    1.0
                } else {
                    done as f64 / total as f64
                });
                next_tick().await;
                // Cancelled while reading.
                if !matches!(step.get_untracked(), Step::Reading(_)) {
                    return;
                }
            }
            draft.set_value(Some(new_draft));
            step.set(Step::Preview(file));
        });
    };

    let cancel = move |_| {
        draft.set_value(None);
        step.set(Step::Idle);
    };

    view! {
        <div class="action-row">
            <label class="button" for="import-csv">{move || i18n.t("csv.choose")}</label>
            <input id="import-csv" type="file" accept=".csv,.tsv,.txt,text/csv" class="visually-hidden"
                data-testid="import-csv" on:change=on_file />
            <p class="help">{move || i18n.t("csv.help")}</p>
        </div>
        {move || match step.get() {
            Step::Idle => ().into_any(),
            Step::Failed(message) => view! {
                <div class="banner error" role="alert" data-testid="csv-error">
                    <p><strong>{i18n.t("csv.failed")}</strong></p>
                    <p>{message}</p>
                    <button type="button" class="link" on:click=cancel>{i18n.t("common.close")}</button>
                </div>
            }.into_any(),
            Step::Mapping(file) => {
                let f2 = file.clone();
                view! { <MappingStep file=file mapping=mapping error=mapping_error companions=companions
                    on_read=move || read_rows(f2.clone()) on_cancel=move || step.set(Step::Idle) /> }.into_any()
            }
            Step::Reading(file) => view! {
                <div class="csv-step" data-testid="csv-reading">
                    <p>{i18n.tf("csv.reading", &[("file", file.name.clone())])}</p>
                    <progress max="1" value=move || progress.get() aria-label=i18n.t("csv.progress")
                        data-testid="csv-progress"></progress>
                    <button type="button" class="link" on:click=cancel>{i18n.t("common.cancel")}</button>
                </div>
            }.into_any(),
            Step::Preview(file) => planned_view(Planned { file, draft, step, mapping }),
        }}
    }
}
