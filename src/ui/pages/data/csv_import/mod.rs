//! CSV import of deals from another CRM (issues 8 and 15): pick a file, check the column mapping
//! (recognised layouts are mapped already; a mapping is remembered per header set) and add its
//! companion tables (accounts, products, teams), read the rows in chunks with a progress bar,
//! answer the questions (unknown stages and their order, ambiguous dates, the currency, names that
//! look like the workspace's, rows without a client), look at the preview (what will be added or
//! updated, every skipped row with its line and reason), then apply it as one undoable step.
//! Nothing changes before "Apply", and Apply stays disabled while a question is open.

mod answers;
mod mapping;
mod preview;
mod text;

use std::sync::Arc;

use leptos::prelude::*;

pub use answers::{Answer, apply_answer, stage_choice_of, stage_choice_value};
use mapping::{CompanionFile, MappingStep};
use preview::Preview;
use text::{mapping_error_text, read_error_text};

use crate::domain::import::{
    ImportDraft, ImportOptions, ImportPlan, Layout, Mapping, detect_layout, header_key,
};
use crate::format::csv_in::{self, CsvReadError, CsvSource};
use crate::format::csv_mapping::MappingDto;
use crate::storage;
use crate::ui::i18n::{I18n, use_i18n};
use crate::ui::state::{fresh_id, now_millis, use_app};

/// Rows read between two yields to the browser: small enough to keep frames flowing.
const CHUNK_ROWS: usize = 2_000;
/// Sample rows shown beside each column in the mapping step.
const SAMPLE_ROWS: usize = 3;

/// The file as read, shared by the steps.
struct CsvFile {
    name: String,
    bytes: Vec<u8>,
    headers: Vec<String>,
    samples: Vec<Vec<String>>,
    layout: Layout,
    summary: String,
}

#[derive(Clone)]
enum Step {
    Idle,
    Failed(String),
    Mapping(Arc<CsvFile>),
    Reading(Arc<CsvFile>),
    Preview(Arc<CsvFile>, Arc<ImportPlan>),
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

fn open_file(name: String, bytes: Vec<u8>, i18n: I18n) -> Result<CsvFile, String> {
    let mut source = CsvSource::open(&bytes).map_err(|e| read_error_text(i18n, &e))?;
    let headers = source.headers.clone();
    let samples = source
        .next_rows(SAMPLE_ROWS)
        .into_iter()
        .filter(|r| r.error.is_none())
        .map(|r| r.cells)
        .collect();
    let (layout, _) = detect_layout(&headers);
    let summary = i18n.tf(
        "csv.file_summary",
        &[
            ("columns", headers.len().to_string()),
            ("encoding", source.encoding.code().to_string()),
            (
                "delimiter",
                i18n.t(&format!("csv.delimiter.{}", source.delimiter.code())),
            ),
        ],
    );
    Ok(CsvFile {
        name,
        bytes,
        headers,
        samples,
        layout,
        summary,
    })
}

/// The bytes of a chosen file, or the message to show.
async fn file_bytes(file: &web_sys::File, i18n: I18n) -> Result<Vec<u8>, String> {
    if file.size() > csv_in::MAX_CSV_BYTES as f64 {
        return Err(read_error_text(
            i18n,
            &CsvReadError::TooLarge {
                size: file.size() as usize,
                limit: csv_in::MAX_CSV_BYTES,
            },
        ));
    }
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| i18n.t_untracked("csv.unreadable_file"))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
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

    let replan = move |file: Arc<CsvFile>| {
        let plan = draft.with_value(|d| d.as_ref().map(ImportDraft::plan));
        if let Some(plan) = plan {
            step.set(Step::Preview(file, Arc::new(plan)));
        }
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
            replan(file);
        });
    };

    let apply = move |plan: Arc<ImportPlan>, file: Arc<CsvFile>| {
        // The button is disabled while a question is open; never apply half an answer anyway.
        if !plan.is_complete() {
            return;
        }
        let count = plan.valid_rows();
        let label = i18n.tf("csv.undo", &[("file", file.name.clone())]);
        let plan = (*plan).clone();
        let _ = app.change(label, |ws| {
            plan.apply_in_place(ws);
            Ok::<(), ()>(())
        });
        remember(&file.headers, &mapping.get_untracked());
        draft.set_value(None);
        step.set(Step::Idle);
        app.notify(i18n.tf("csv.applied", &[("deals", count.to_string())]));
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
            Step::Preview(file, plan) => {
                let (f_apply, p_apply) = (file.clone(), plan.clone());
                let f_q = file.clone();
                let on_answer = Callback::new(move |answer: Answer| {
                    draft.update_value(|d| if let Some(d) = d {
                        apply_answer(d.options_mut(), answer);
                    });
                    replan(f_q.clone());
                });
                let options = draft.with_value(|d| d.as_ref().map(|d| d.options().clone()));
                options.map(|options| view! {
                    <Preview file_name=file.name.clone() plan=plan options=options
                        on_answer=on_answer
                        on_apply=move || apply(p_apply.clone(), f_apply.clone())
                        on_cancel=move || { draft.set_value(None); step.set(Step::Idle); } />
                }).into_any()
            }
        }}
    }
}
