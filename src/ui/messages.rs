//! Errors and problems from the domain and the formats, in the user's language: each kind is
//! worded once here, whichever page shows it.

use crate::domain::Lang;
use crate::domain::edit::{FieldError, FieldErrorKind};
use crate::domain::validate::{Problem, ProblemKind};
use crate::format::json::{Allowed, BadValue, ReadError};
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
        ReadError::BadValue(b) => bad_value_text(lang, b),
        ReadError::Snapshots(e) => fill(
            &tr(lang, "changes.file_history_error"),
            &[("detail", e.to_string())],
        ),
    }
}

/// A value the file's field cannot hold, in the user's terms: which item and field, the value,
/// and what is allowed (the path in the file last, for whoever edits it by hand).
pub fn bad_value_text(lang: Lang, b: &BadValue) -> String {
    let item = match (&b.item, &b.item_name) {
        (Some((list, i)), name) => {
            let kind = tr(lang, &format!("read_error.list.{list}"));
            let n = (i + 1).to_string();
            match name {
                Some(name) => fill(
                    &tr(lang, "read_error.item_named"),
                    &[("kind", kind), ("n", n), ("name", name.clone())],
                ),
                None => fill(&tr(lang, "read_error.item"), &[("kind", kind), ("n", n)]),
            }
        }
        (None, _) => tr(lang, "read_error.whole_file"),
    };
    let field = b.field.clone().unwrap_or_default();
    let at = [
        ("line", b.line.to_string()),
        ("column", b.column.to_string()),
    ];
    let path = if b.path.is_empty() {
        fill(&tr(lang, "read_error.at_line"), &at)
    } else {
        let mut args = at.to_vec();
        args.push(("path", b.path.clone()));
        fill(&tr(lang, "read_error.at_path"), &args)
    };
    let Some(value) = &b.value else {
        return fill(
            &tr(lang, "read_error.missing"),
            &[("item", item), ("field", field), ("path", path)],
        );
    };
    let mut shown: String = value.chars().take(80).collect();
    if value.chars().count() > 80 {
        shown.push('…');
    }
    let allowed = match &b.allowed {
        Allowed::Other(expected) => expected.clone(),
        a => tr(lang, &format!("read_error.allowed.{}", allowed_code(a))),
    };
    fill(
        &tr(lang, "read_error.bad_value"),
        &[
            ("item", item),
            ("field", field),
            ("value", shown),
            ("allowed", allowed),
            ("path", path),
        ],
    )
}

fn allowed_code(a: &Allowed) -> &'static str {
    match a {
        Allowed::Date => "date",
        Allowed::Amount => "amount",
        Allowed::Percent => "percent",
        Allowed::Level => "level",
        Allowed::Days => "days",
        Allowed::Id => "id",
        Allowed::Text => "text",
        Allowed::Bool => "bool",
        Allowed::StageKind => "stage_kind",
        Allowed::ForecastCategory => "forecast_category",
        Allowed::Month => "month",
        Allowed::Timestamp => "timestamp",
        Allowed::List => "list",
        Allowed::Object => "object",
        Allowed::Required | Allowed::Other(_) => "required",
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
        ProblemKind::TextTooLong { chars, max } => {
            vec![("chars", chars.to_string()), ("max", max.to_string())]
        }
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
