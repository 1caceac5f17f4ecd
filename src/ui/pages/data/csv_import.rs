//! CSV import of deals from another CRM (issue 8): pick a file, check the column mapping
//! (recognised layouts are mapped already; a mapping is remembered per header set), read the rows
//! in chunks with a progress bar, answer the questions (unknown stages, ambiguous dates), look at
//! the preview (what will be added or updated, every skipped row with its line and reason), then
//! apply it as one undoable step. Nothing changes before "Apply".

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::import::{
    DateOrder, Field, ImportDraft, ImportOptions, ImportPlan, Layout, Mapping, MappingError,
    RowError, StageChoice, detect_layout, header_key,
};
use crate::domain::{StageId, StageKind};
use crate::format::csv_in::{self, CsvReadError, CsvSource};
use crate::format::csv_mapping::MappingDto;
use crate::storage;
use crate::ui::i18n::{I18n, use_i18n};
use crate::ui::state::{now_millis, use_app};

/// Rows read between two yields to the browser: small enough to keep frames flowing.
const CHUNK_ROWS: usize = 2_000;
/// Sample rows shown beside each column in the mapping step.
const SAMPLE_ROWS: usize = 3;
/// Skipped rows listed before "and N more".
const SHOWN_ROW_ERRORS: usize = 100;

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

fn read_error_text(i18n: I18n, e: &CsvReadError) -> String {
    match e {
        CsvReadError::TooLarge { size, limit } => i18n.tf(
            "csv.read_error.too_large",
            &[
                ("size", (size / 1_048_576).to_string()),
                ("limit", (limit / 1_048_576).to_string()),
            ],
        ),
        CsvReadError::TooManyRows { rows, limit } => {
            let lang = i18n.lang_untracked();
            i18n.tf(
                "csv.read_error.too_many_rows",
                &[
                    ("rows", crate::ui::fmt::count(*rows, lang)),
                    ("limit", crate::ui::fmt::count(*limit, lang)),
                ],
            )
        }
        other => i18n.t(&format!("csv.read_error.{}", other.code())),
    }
}

fn mapping_error_text(i18n: I18n, e: &MappingError) -> String {
    match e {
        MappingError::Duplicate(f) => i18n.tf(
            "csv.mapping_error.duplicate",
            &[("field", i18n.t(&format!("csv.field.{}", f.code())))],
        ),
        other => i18n.t(&format!("csv.mapping_error.{}", other.code())),
    }
}

fn row_error_text(i18n: I18n, e: &RowError) -> String {
    use crate::domain::import::RowProblem as P;
    let reason = i18n.t(&format!("csv.row.{}", e.reason.code()));
    let detail = match &e.reason {
        P::WrongCellCount { expected, found } => format!(" ({found} / {expected})"),
        P::StatusConflict { stage, status } => format!(" ({stage} / {status})"),
        P::ClosedBeforeCreated { created, closed } => format!(" ({closed} < {created})"),
        P::TooLong { field } | P::BadDate { field, .. } => {
            let f = i18n.t(&format!("csv.field.{}", field.code()));
            match e.reason.text() {
                Some(t) => format!(" — {f}: “{t}”"),
                None => format!(" — {f}"),
            }
        }
        P::DuplicateInFile { first_line } => format!(" ({first_line})"),
        other => other.text().map(|t| format!(": “{t}”")).unwrap_or_default(),
    };
    i18n.tf(
        "csv.row_error",
        &[("line", e.line.to_string()), ("reason", reason + &detail)],
    )
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

#[component]
pub fn CsvImport() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let step = RwSignal::new(Step::Idle);
    let mapping = RwSignal::new(Mapping::none(0));
    let mapping_error = RwSignal::new(None::<String>);
    let progress = RwSignal::new(0.0_f64);
    // The draft of the current preview: the questions re-plan it without reading the file again.
    let draft = StoredValue::new(None::<ImportDraft>);
    let date_order = RwSignal::new(None::<DateOrder>);
    let stage_choices = RwSignal::new(Vec::<(String, StageChoice)>::new());

    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = super::common::chosen_file(&ev) else {
            return;
        };
        if file.size() > csv_in::MAX_CSV_BYTES as f64 {
            step.set(Step::Failed(read_error_text(
                i18n,
                &CsvReadError::TooLarge {
                    size: file.size() as usize,
                    limit: csv_in::MAX_CSV_BYTES,
                },
            )));
            return;
        }
        let name = file.name();
        step.set(Step::Idle);
        leptos::task::spawn_local(async move {
            let Ok(buf) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
                step.set(Step::Failed(i18n.t_untracked("csv.unreadable_file")));
                return;
            };
            let bytes = js_sys::Uint8Array::new(&buf).to_vec();
            match open_file(name, bytes, i18n) {
                Ok(f) => {
                    let m = remembered(&f.headers).unwrap_or_else(|| detect_layout(&f.headers).1);
                    mapping.set(m);
                    mapping_error.set(None);
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
        let options = ImportOptions {
            date_order: None,
            stage_choices: Vec::new(),
            ..ImportOptions::new(app.today, now_millis(), super::fresh_id())
        };
        let made = app
            .ws
            .with_untracked(|ws| ImportDraft::new(ws, &file.headers, &m, options));
        let mut new_draft = match made {
            Ok(d) => d,
            Err(e) => {
                mapping_error.set(Some(mapping_error_text(i18n, &e)));
                return;
            }
        };
        mapping_error.set(None);
        date_order.set(None);
        stage_choices.set(Vec::new());
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
        app.notice.set(Some(
            i18n.tf("csv.applied", &[("deals", count.to_string())]),
        ));
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
                view! { <MappingStep file=file mapping=mapping error=mapping_error
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
                let on_answer = move |order: Option<DateOrder>, choices: Vec<(String, StageChoice)>| {
                    draft.update_value(|d| if let Some(d) = d {
                        d.set_date_order(order);
                        d.set_stage_choices(choices);
                    });
                    replan(f_q.clone());
                };
                view! {
                    <Preview file=file plan=plan date_order=date_order stage_choices=stage_choices
                        on_answer=on_answer
                        on_apply=move || apply(p_apply.clone(), f_apply.clone())
                        on_cancel=move || { draft.set_value(None); step.set(Step::Idle); } />
                }.into_any()
            }
        }}
    }
}

/// The mapping step: one row per column of the file, with sample values and a field picker.
#[component]
fn MappingStep(
    /// The file being imported.
    file: Arc<CsvFile>,
    /// The column → field mapping being edited.
    mapping: RwSignal<Mapping>,
    /// Why the mapping cannot be used, if it cannot.
    error: RwSignal<Option<String>>,
    on_read: impl Fn() + Clone + Send + Sync + 'static,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let layout = file.layout;
    let file_name = file.name.clone();
    let rows = file
        .headers
        .iter()
        .enumerate()
        .map(|(col, header)| {
            let samples: Vec<String> = file
                .samples
                .iter()
                .filter_map(|r| r.get(col))
                .filter(|s| !s.trim().is_empty())
                .cloned()
                .collect();
            let select_id = format!("csv-col-{col}");
            let on_change = move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                mapping.update(|m| {
                    if let Some(slot) = m.columns.get_mut(col) {
                        *slot = Field::from_code(&value);
                    }
                });
            };
            view! {
                <tr data-testid="csv-map-row">
                    <th scope="row"><label for=select_id.clone()>{header.clone()}</label></th>
                    <td class="muted samples">{samples.join(" · ")}</td>
                    <td>
                        <select id=select_id data-testid=format!("csv-map-{col}") on:change=on_change
                            prop:value=move || mapping.with(|m| m.columns.get(col).copied().flatten().map(|f| f.code()).unwrap_or(""))>
                            <option value="">{move || i18n.t("csv.ignore")}</option>
                            {Field::ALL.into_iter().map(|f| view! {
                                <option value=f.code()>{move || i18n.t(&format!("csv.field.{}", f.code()))}</option>
                            }).collect_view()}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let (read, cancel) = (on_read.clone(), on_cancel.clone());
    view! {
        <div class="csv-step" data-testid="csv-mapping" on:keydown=move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" { cancel(); }
        }>
            <h3>{move || i18n.tf("csv.mapping_title", &[("file", file_name.clone())])}</h3>
            <p data-testid="csv-layout">{move || i18n.t(&format!("csv.layout.{}", layout.code()))}</p>
            <p class="muted">{file.summary.clone()}</p>
            <p class="help">{move || i18n.t("csv.mapping_help")}</p>
            <table class="data-table csv-map">
                <thead><tr>
                    <th scope="col">{move || i18n.t("csv.column")}</th>
                    <th scope="col">{move || i18n.t("csv.samples")}</th>
                    <th scope="col">{move || i18n.t("csv.field_col")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="csv-mapping-error">{e}</p> })}
            <div class="action-row">
                <button type="button" data-testid="csv-read" on:click=move |_| read()>{move || i18n.t("csv.read")}</button>
                <button type="button" class="link" on:click=move |_| on_cancel()>{move || i18n.t("common.cancel")}</button>
            </div>
        </div>
    }
}

/// The preview: counts, questions, skipped rows, and Apply.
#[component]
fn Preview(
    /// The file being imported.
    file: Arc<CsvFile>,
    /// What applying would do.
    plan: Arc<ImportPlan>,
    /// The answer to the slash-date question.
    date_order: RwSignal<Option<DateOrder>>,
    /// The answers to the unknown-stage questions.
    stage_choices: RwSignal<Vec<(String, StageChoice)>>,
    on_answer: impl Fn(Option<DateOrder>, Vec<(String, StageChoice)>) + Clone + Send + Sync + 'static,
    on_apply: impl Fn() + Clone + Send + Sync + 'static,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let stages: Vec<(StageId, String)> = app
        .ws
        .with_untracked(|ws| ws.stages.iter().map(|s| (s.id, s.name.clone())).collect());
    let names = |list: &[String]| -> String {
        let shown: Vec<&str> = list.iter().take(8).map(String::as_str).collect();
        let mut s = shown.join(", ");
        if list.len() > shown.len() {
            s.push_str(&format!(" … +{}", list.len() - shown.len()));
        }
        s
    };
    let counts = [
        ("csv.count.clients", plan.clients_added.clone()),
        ("csv.count.sellers", plan.sellers_added.clone()),
        ("csv.count.directions", plan.directions_added.clone()),
        ("csv.count.stages", plan.stages_added.clone()),
        ("csv.count.deal_types", plan.deal_types_added.clone()),
    ]
    .into_iter()
    .filter(|(_, l)| !l.is_empty())
    .map(|(key, list)| {
        let text = names(&list);
        view! { <li>{move || i18n.tf(key, &[("n", list.len().to_string())])}" "<span class="muted">{text.clone()}</span></li> }
    })
    .collect_view();

    let date_question = plan.ambiguous_dates.then(|| {
        let answer = on_answer.clone();
        let rows = plan.ambiguous_date_rows;
        let on_change = move |ev: leptos::ev::Event| {
            let order = match event_target_value(&ev).as_str() {
                "day" => Some(DateOrder::DayFirst),
                "month" => Some(DateOrder::MonthFirst),
                _ => None,
            };
            date_order.set(order);
            answer(order, stage_choices.get_untracked());
        };
        view! {
            <div class="csv-question" data-testid="csv-dates">
                <label for="csv-date-order">{i18n.tf("csv.dates_question", &[("rows", rows.to_string())])}</label>
                <select id="csv-date-order" on:change=on_change data-testid="csv-date-order">
                    <option value="">{i18n.t("csv.choose_one")}</option>
                    <option value="day">{i18n.t("csv.day_first")}</option>
                    <option value="month">{i18n.t("csv.month_first")}</option>
                </select>
            </div>
        }
    });

    let stage_questions = plan
        .unknown_stages
        .iter()
        .enumerate()
        .map(|(i, (name, rows))| {
            let answer = on_answer.clone();
            let stage_name = name.clone();
            let on_change = move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                let choice = match value.as_str() {
                    "new-open" => Some(StageChoice::Create(StageKind::Open)),
                    "new-won" => Some(StageChoice::Create(StageKind::Won)),
                    "new-lost" => Some(StageChoice::Create(StageKind::Lost)),
                    v => v.parse::<u64>().ok().map(|id| StageChoice::Existing(StageId(id))),
                };
                stage_choices.update(|c| {
                    c.retain(|(n, _)| *n != stage_name);
                    if let Some(choice) = choice {
                        c.push((stage_name.clone(), choice));
                    }
                });
                answer(date_order.get_untracked(), stage_choices.get_untracked());
            };
            let id = format!("csv-stage-{i}");
            view! {
                <div class="csv-question" data-testid="csv-stage-question">
                    <label for=id.clone()>{i18n.tf("csv.stage_question", &[("name", name.clone()), ("rows", rows.to_string())])}</label>
                    <select id=id on:change=on_change data-testid=format!("csv-stage-{i}")>
                        <option value="">{i18n.t("csv.choose_one")}</option>
                        <option value="new-open">{i18n.t("csv.new_open")}</option>
                        <option value="new-won">{i18n.t("csv.new_won")}</option>
                        <option value="new-lost">{i18n.t("csv.new_lost")}</option>
                        {stages.iter().map(|(sid, sname)| view! {
                            <option value=sid.0.to_string()>{sname.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
            }
        })
        .collect_view();

    let errors: Vec<String> = plan
        .row_errors
        .iter()
        .take(SHOWN_ROW_ERRORS)
        .map(|e| row_error_text(i18n, e))
        .collect();
    let more_errors = plan.row_errors.len().saturating_sub(SHOWN_ROW_ERRORS);
    let error_count = plan.row_errors.len();
    let valid = plan.valid_rows();
    let other_currency = plan.other_currency_rows;
    let (added, updated) = (plan.deals_added, plan.deals_updated);
    let waiting = !plan.is_complete();
    let (apply, cancel) = (on_apply.clone(), on_cancel.clone());
    view! {
        <div class="csv-step" data-testid="csv-preview">
            <h3>{i18n.tf("csv.preview_title", &[("file", file.name.clone())])}</h3>
            <p data-testid="csv-summary"><strong>{i18n.tf("csv.summary", &[("added", added.to_string()), ("updated", updated.to_string()), ("skipped", error_count.to_string())])}</strong></p>
            <ul class="csv-counts">{counts}</ul>
            {(other_currency > 0).then(|| view! { <p class="banner warn">{i18n.tf("csv.other_currency", &[("rows", other_currency.to_string())])}</p> })}
            {date_question}
            {stage_questions}
            {waiting.then(|| view! { <p class="help" data-testid="csv-waiting">{i18n.t("csv.waiting")}</p> })}
            {(error_count > 0).then(|| view! {
                <details class="csv-errors" data-testid="csv-row-errors" open=error_count <= 10>
                    <summary>{i18n.tf("csv.skipped", &[("n", error_count.to_string())])}</summary>
                    <ul>{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                    {(more_errors > 0).then(|| view! { <p class="muted">{format!("… +{more_errors}")}</p> })}
                </details>
            })}
            <div class="action-row">
                <button type="button" data-testid="csv-apply" disabled=valid == 0
                    on:click=move |_| apply()>{i18n.tf("csv.apply", &[("n", valid.to_string())])}</button>
                <button type="button" class="link" on:click=move |_| cancel()>{i18n.t("common.cancel")}</button>
            </div>
        </div>
    }
}
