//! Options, rows and results: what the caller passes in and how a skipped row is described.

use chrono::NaiveDate;

use super::*;
use crate::model::*;

/// How to read slash dates such as `03/04/2026`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}

/// What to do with a stage name of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageChoice {
    Existing(StageId),
    /// Create a stage with this name and kind (open ones go after the last open stage).
    Create(StageKind),
}

/// A list whose names the import matches to the workspace's and may ask about ("same as …?").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    Client,
    Seller,
    Direction,
}

impl NameKind {
    /// A stable code, used as the i18n key suffix.
    pub fn code(self) -> &'static str {
        match self {
            NameKind::Client => "client",
            NameKind::Seller => "seller",
            NameKind::Direction => "direction",
        }
    }
}

/// The answer to a "same as …?" question: the file's `name` is the workspace's near-duplicate
/// (`same`) or a new item of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SameName {
    pub kind: NameKind,
    /// As in the file (matched with [`name_key`]).
    pub name: String,
    pub same: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    /// How to read slash dates; `None` = decide from the file, or ask.
    pub date_order: Option<DateOrder>,
    /// Stage names as in the file (matched with [`name_key`]) and what to do with them. The
    /// order of the `Create` choices is the pipeline order of the stages they create.
    pub stage_choices: Vec<(String, StageChoice)>,
    /// Rows with an empty client cell: kept under the workspace's "no client" entry (false, the
    /// default) or skipped as row errors (true).
    pub skip_without_client: bool,
    /// The name of the "no client" entry when the import creates it (the UI's language).
    pub no_client_name: String,
    /// The currency of the file's amounts that name none (the answer to
    /// [`ImportPlan::currency_question`]): an ISO code.
    pub currency: Option<String>,
    /// Remove the workspace's open stages that no deal is in or passed through once the file is
    /// in (offered when importing into an empty workspace, whose default stages would otherwise
    /// show as empty columns).
    pub only_file_stages: bool,
    /// Answers to the "same as …?" questions ([`ImportPlan::similar_names`]).
    pub same_names: Vec<SameName>,
    pub today: NaiveDate,
    /// Stamped into `updated_at` of every imported deal.
    pub now_ms: i64,
    /// Seeds the ids of new sellers, clients, contacts, directions, deal types and stages.
    pub id_seed: u64,
}

impl ImportOptions {
    /// No answers yet: no date order, no stage choices, no currency; rows without a client kept
    /// under an entry named "No client".
    pub fn new(today: NaiveDate, now_ms: i64, id_seed: u64) -> Self {
        ImportOptions {
            date_order: None,
            stage_choices: Vec::new(),
            skip_without_client: false,
            no_client_name: "No client".to_string(),
            currency: None,
            only_file_stages: false,
            same_names: Vec::new(),
            today,
            now_ms,
            id_seed,
        }
    }
}

/// One record of the file as the domain sees it (the format layer's rows convert to this).
#[derive(Clone, Copy, Debug)]
pub struct RawRow<'a> {
    /// 1-based line of the file where the record starts.
    pub line: u64,
    pub cells: &'a [String],
}

/// Why one row was not imported. `code()` is the i18n key; the payload is the offending text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    /// More or fewer cells than headers (extra empty cells at the end are fine).
    WrongCellCount {
        expected: usize,
        found: usize,
    },
    /// The CSV reader could not read the record.
    Unreadable(String),
    /// No title and no source id.
    MissingTitle,
    /// An empty client cell, when the user chose to skip such rows.
    MissingClient,
    /// A new deal with an empty seller cell.
    MissingSeller,
    /// Neither a stage nor a status.
    MissingStage,
    /// A won deal without an amount.
    MissingAmount,
    BadAmount(String),
    BadDate {
        field: Field,
        text: String,
    },
    BadProbability(String),
    BadStatus(String),
    /// The status says one thing, the stage another (open status in a won stage…).
    StatusConflict {
        stage: String,
        status: String,
    },
    /// The Closed date is before the creation date.
    ClosedBeforeCreated {
        created: NaiveDate,
        closed: NaiveDate,
    },
    /// A name or text longer than the app accepts.
    TooLong {
        field: Field,
    },
    /// The same deal (same source id) appears on an earlier line, which is imported instead.
    DuplicateInFile {
        first_line: u64,
    },
}

impl RowProblem {
    /// A stable code, used as the key of the translated message.
    pub fn code(&self) -> &'static str {
        match self {
            RowProblem::WrongCellCount { .. } => "wrong_cell_count",
            RowProblem::Unreadable(_) => "unreadable",
            RowProblem::MissingTitle => "missing_title",
            RowProblem::MissingClient => "missing_client",
            RowProblem::MissingSeller => "missing_seller",
            RowProblem::MissingStage => "missing_stage",
            RowProblem::MissingAmount => "missing_amount",
            RowProblem::BadAmount(_) => "bad_amount",
            RowProblem::BadDate { .. } => "bad_date",
            RowProblem::BadProbability(_) => "bad_probability",
            RowProblem::BadStatus(_) => "bad_status",
            RowProblem::StatusConflict { .. } => "status_conflict",
            RowProblem::ClosedBeforeCreated { .. } => "closed_before_created",
            RowProblem::TooLong { .. } => "too_long",
            RowProblem::DuplicateInFile { .. } => "duplicate_in_file",
        }
    }

    /// The offending cell text, when there is one.
    pub fn text(&self) -> Option<&str> {
        match self {
            RowProblem::BadAmount(t)
            | RowProblem::BadProbability(t)
            | RowProblem::BadStatus(t)
            | RowProblem::Unreadable(t)
            | RowProblem::BadDate { text: t, .. } => Some(t),
            _ => None,
        }
    }
}

/// A row that was skipped, with its line and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub reason: RowProblem,
}
