//! The import's messages in the user's language: file read errors, mapping errors, skipped rows.

use crate::domain::import::{CompanionError, MappingError, RowError};
use crate::format::csv_in::CsvReadError;
use crate::ui::i18n::I18n;

pub fn read_error_text(i18n: I18n, e: &CsvReadError) -> String {
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

pub fn mapping_error_text(i18n: I18n, e: &MappingError) -> String {
    match e {
        MappingError::Duplicate(f) => i18n.tf(
            "csv.mapping_error.duplicate",
            &[("field", i18n.t(&format!("csv.field.{}", f.code())))],
        ),
        other => i18n.t(&format!("csv.mapping_error.{}", other.code())),
    }
}

pub fn companion_error_text(i18n: I18n, e: &CompanionError) -> String {
    i18n.t(&format!("csv.companion.error.{}", e.code()))
}

pub fn row_error_text(i18n: I18n, e: &RowError) -> String {
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
