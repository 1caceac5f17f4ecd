//! The mapping step: one row per column of the file with sample values and a field picker, and
//! the companion tables (accounts, products, teams) added to the same import.

use std::sync::Arc;

use leptos::prelude::*;

use super::text::{companion_error_text, read_error_text};
use super::{CsvFile, file_bytes};
use crate::domain::import::{Companion, CompanionReader, Field, Mapping, RawRow};
use crate::format::csv_in::{CsvRow, CsvSource};
use crate::ui::i18n::{I18n, use_i18n};

/// A companion table added to the import.
#[derive(Clone, Debug)]
pub struct CompanionFile {
    pub name: String,
    pub table: Arc<Companion>,
}

/// Reads a whole companion table (they are small: one row per client, product or seller).
fn read_companion(bytes: &[u8], i18n: I18n) -> Result<Companion, String> {
    let mut source = CsvSource::open(bytes).map_err(|e| read_error_text(i18n, &e))?;
    let mut reader =
        CompanionReader::new(&source.headers).map_err(|e| companion_error_text(i18n, &e))?;
    loop {
        let rows = source.next_rows(5_000);
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            if row.error.is_some() {
                reader.feed_error(row.line);
            }
        }
        let views: Vec<RawRow<'_>> = rows
            .iter()
            .filter(|r| r.error.is_none())
            .map(CsvRow::raw)
            .collect();
        reader.feed(&views);
    }
    Ok(reader.finish())
}

#[component]
pub fn MappingStep(
    /// The file being imported.
    file: Arc<CsvFile>,
    /// The column → field mapping being edited.
    mapping: RwSignal<Mapping>,
    /// Why the mapping cannot be used, if it cannot.
    error: RwSignal<Option<String>>,
    /// The companion tables added so far.
    companions: RwSignal<Vec<CompanionFile>>,
    /// Reads the rows with this mapping.
    on_read: impl Fn() + Clone + Send + Sync + 'static,
    /// Leaves the import.
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

    let companion_error = RwSignal::new(None::<String>);
    let on_companion = move |ev: leptos::ev::Event| {
        let Some(file) = super::super::common::chosen_file(&ev) else {
            return;
        };
        let name = file.name();
        leptos::task::spawn_local(async move {
            let read = match file_bytes(&file, i18n).await {
                Ok(bytes) => read_companion(&bytes, i18n),
                Err(message) => Err(message),
            };
            match read {
                Ok(table) => {
                    companion_error.set(None);
                    companions.update(|list| {
                        list.retain(|c| c.name != name);
                        list.push(CompanionFile {
                            name,
                            table: Arc::new(table),
                        });
                    });
                }
                Err(message) => companion_error.set(Some(i18n.tf(
                    "csv.companion.refused",
                    &[("file", name), ("reason", message)],
                ))),
            }
        });
    };
    let companion_list = move || {
        companions
            .get()
            .into_iter()
            .map(|c| {
                let t = &c.table;
                let what = i18n.tf(
                    &format!("csv.companion.kind.{}", t.kind.code()),
                    &[
                        ("n", t.names.len().to_string()),
                        ("column", t.name_header.clone()),
                    ],
                );
                let segment = t
                    .segment_header
                    .clone()
                    .map(|h| format!(" {}", i18n.tf("csv.companion.segment", &[("column", h)])));
                let skipped = (!t.skipped.is_empty()).then(|| {
                    format!(
                        " {}",
                        i18n.tf(
                            "csv.companion.skipped",
                            &[("n", t.skipped.len().to_string())]
                        )
                    )
                });
                let name = c.name.clone();
                view! {
                    <li data-testid="csv-companion">
                        <strong>{c.name.clone()}</strong>": "{what}{segment}{skipped}" "
                        <button type="button" class="link" on:click=move |_| {
                            let n = name.clone();
                            companions.update(|l| l.retain(|x| x.name != n));
                        }>{i18n.t("csv.companion.remove")}</button>
                    </li>
                }
            })
            .collect_view()
    };

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
            <div class="csv-companions">
                <h4>{move || i18n.t("csv.companion.title")}</h4>
                <p class="help">{move || i18n.t("csv.companion.help")}</p>
                <ul>{companion_list}</ul>
                {move || companion_error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="csv-companion-error">{e}</p> })}
                <label class="button secondary" for="import-csv-companion">{move || i18n.t("csv.companion.add")}</label>
                <input id="import-csv-companion" type="file" accept=".csv,.tsv,.txt,text/csv" class="visually-hidden"
                    data-testid="import-csv-companion" on:change=on_companion />
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="csv-mapping-error">{e}</p> })}
            <div class="action-row">
                <button type="button" data-testid="csv-read" on:click=move |_| read()>{move || i18n.t("csv.read")}</button>
                <button type="button" class="link" on:click=move |_| on_cancel()>{move || i18n.t("common.cancel")}</button>
            </div>
        </div>
    }
}
