//! Components and pages. Views read the shared [`state::AppState`]; every figure comes from a
//! pure function in `crate::domain`, every chart from a pure builder in `crate::charts`.

pub mod app;
pub mod banner;
pub mod chart;
pub mod crash;
pub mod deal_list;
pub mod download;
pub mod filter_bar;
pub mod fmt;
pub mod i18n;
pub mod pages;
pub mod route;
pub mod snapshots;
pub mod state;
pub mod timing;

use crate::domain::Lang;
use crate::domain::validate::{Problem, ProblemKind};
use crate::format::json::ReadError;
use i18n::{fill, tr};

/// Starts the app: a visible panic message instead of a dead page, then mount.
pub fn start() {
    crash::install();
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}

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
        ReadError::Snapshots(e) => fill(
            &tr(lang, "changes.file_history_error"),
            &[("detail", e.to_string())],
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
