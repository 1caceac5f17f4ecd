//! Errors and problems from the domain and the formats, in the user's language: each kind is
//! worded once here, whichever page shows it.

use crate::domain::Lang;
use crate::domain::edit::{FieldError, FieldErrorKind};
use crate::domain::validate::{Problem, ProblemKind};
use crate::format::json::ReadError;
use crate::ui::i18n::{fill, tr};

/// A read error in the user's language.
pub fn read_error_text(lang: Lang, e: &ReadError) -> String {
    match e {
        ReadError::TooLarge { size, limit } => fill(
            &tr(lang, "read_error.too_large"),
            &[("size", size.to_string()), ("limit", limit.to_string())],
        ),
        ReadError::Malformed {
            line,
            column,
            message,
        } => fill(
            &tr(lang, "read_error.malformed"),
            &[
                ("line", line.to_string()),
                ("column", column.to_string()),
                ("message", message.clone()),
            ],
        ),
        ReadError::NotVoronka => tr(lang, "read_error.not_voronka"),
        ReadError::NewerVersion { found, supported } => fill(
            &tr(lang, "read_error.newer"),
            &[
                ("found", found.to_string()),
                ("supported", supported.to_string()),
            ],
        ),
        ReadError::Damaged(detail) => fill(
            &tr(lang, "read_error.damaged"),
            &[("detail", detail.clone())],
        ),
        ReadError::Invalid(problems) => fill(
            &tr(lang, "read_error.invalid"),
            &[("count", problems.len().to_string())],
        ),
    }
}

/// The first `shown` schema problems in the user's language, then "… +N" for the rest.
pub fn problem_lines(lang: Lang, problems: &[Problem], shown: usize) -> Vec<String> {
    let mut out: Vec<String> = problems
        .iter()
        .take(shown)
        .map(|p| problem_text(lang, p))
        .collect();
    if problems.len() > shown {
        out.push(format!("… +{}", problems.len() - shown));
    }
    out
}

/// One schema problem in the user's language, with its path.
pub fn problem_text(lang: Lang, p: &Problem) -> String {
    let key = format!("problem.{}", p.kind.code());
    let args: Vec<(&str, String)> = match &p.kind {
        ProblemKind::DuplicateId(id) => vec![("id", id.to_string())],
        ProblemKind::MissingReference { what, id } => {
            vec![("what", what.to_string()), ("id", id.to_string())]
        }
        ProblemKind::ProbabilityOutOfRange(v) | ProblemKind::LevelOutOfRange(v) => {
            vec![("value", v.to_string())]
        }
        ProblemKind::MonthOutOfRange(v) => vec![("value", v.to_string())],
        _ => vec![],
    };
    format!("{}: {}", p.path, fill(&tr(lang, &key), &args))
}

/// A form field's error in the user's language (the fields of the two inline forms).
pub fn field_error_text(lang: Lang, e: &FieldError) -> String {
    match (e.field, e.kind) {
        ("name", FieldErrorKind::Required) => tr(lang, "relationships.name_required"),
        ("name", FieldErrorKind::Duplicate) => tr(lang, "relationships.name_duplicate"),
        ("title", FieldErrorKind::Required) => tr(lang, "directions.title_required"),
        ("amount", FieldErrorKind::OutOfRange) => tr(lang, "directions.amount_too_large"),
        (field, FieldErrorKind::TooLong { max }) => fill(
            &tr(lang, "matrix.too_long"),
            &[("field", field.to_string()), ("max", max.to_string())],
        ),
        (field, kind) => fill(
            &tr(lang, "matrix.field_invalid"),
            &[
                ("field", field.to_string()),
                ("code", kind.code().to_string()),
            ],
        ),
    }
}
