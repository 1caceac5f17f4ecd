//! Importing deals from other CRMs' CSV exports: which column feeds which field, how each cell is
//! read, and what the workspace becomes. Pure: the bytes are decoded by `format::csv_in`, "today",
//! "now" and the id seed are arguments.
//!
//! The flow: [`detect_layout`] guesses the mapping from the headers (the user may change it);
//! [`ImportDraft::new`] checks the mapping; [`ImportDraft::feed`] takes rows in chunks (parsing
//! every cell, so memory is one small record per row); [`ImportDraft::plan`] (or `finish`) decides
//! what needs deciding across the whole file and returns an [`ImportPlan`]: counts, names to be
//! created, questions for the user, row errors. [`ImportPlan::apply`] makes the new workspace.
//!
//! Rules (the UI words its messages after them):
//! - **Required mapping:** Client, Seller, Stage or Status, and Title or Source id. Everything
//!   else is optional. A field may feed from one column only.
//! - **Names** of sellers, clients, directions, deal types and stages match existing ones with
//!   [`name_key`] (case and spacing ignored); unmatched ones are created (stages only on request).
//! - **Stage and status.** A status (Pipedrive `Won`, HubSpot `Is Closed Won`/`Is closed lost`,
//!   Bitrix24 `Сделка закрыта`, amoCRM `Дата закрытия` = `не закрыта`, words in Russian or
//!   English) decides open/won/lost; the stage names where. A won/lost deal whose stage is not a
//!   won/lost stage of the workspace goes to the first won/lost stage (a Pipedrive deal lost "at
//!   Negotiation" gets the history Negotiation → Lost when Negotiation is known). Without a status,
//!   a stage name not in the workspace is read for won/lost words (`Сделка успешна`, `Closed Lost`,
//!   `Won`…); an unknown open stage is a question: it is listed in
//!   [`ImportPlan::unknown_stages`] and its rows wait until a [`StageChoice`] is given. Without a
//!   stage, an open deal goes to the first open stage. Status and stage that disagree (open status,
//!   won stage) are a row error.
//! - **Amounts:** `1234567.89`, `1 234 567,89`, `1,234,567.89`, with or without a currency sign
//!   or code. Empty is 0 for open and lost deals and an error for won ones. Negative or
//!   unreadable: row error.
//! - **Dates:** ISO with or without time, `DD.MM.YYYY` (time allowed), slash dates (order from
//!   the file: a first part over 12 means day first, a second part over 12 month first; else the
//!   user is asked through [`ImportPlan::ambiguous_dates`] and those rows wait), Excel serial days.
//!   Missing creation: today (or the close date if earlier). Close date of a won/lost deal: the
//!   Closed column, else Pipedrive's won/lost time, else the expected close, else today.
//! - **Probability:** a column whose values are all ≤ 1 (and have no `%`) holds fractions.
//!   Stored as the deal's override whenever given.
//! - **Deal ids** are a stable hash of the layout and the source id (or, without one, of title,
//!   client and creation text), so importing the same file again updates those deals: imported
//!   fields are overwritten, the history is kept, a stage change appends an entry.
//! - Another currency than the workspace's is imported as is and counted in
//!   [`ImportPlan::other_currency_rows`].

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::edit::{MAX_NAME_CHARS, MAX_TEXT_CHARS, name_key};
use super::model::*;
use super::money::{AmountError, Money, NumberStyle, parse_amount};
use super::rng::SplitMix64;

/// New ids are 52-bit, as everywhere (they survive a round trip through a JavaScript number).
const ID_MASK: u64 = (1 << 52) - 1;

// ---------------------------------------------------------------------------------------------
// Fields, layouts, mapping
// ---------------------------------------------------------------------------------------------

/// A deal field a column can feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    SourceId,
    Title,
    Client,
    Seller,
    Direction,
    Stage,
    Amount,
    Currency,
    Probability,
    Created,
    ExpectedClose,
    Closed,
    Status,
    LostReason,
    DealType,
    NextStep,
}

impl Field {
    pub const ALL: [Field; 16] = [
        Field::SourceId,
        Field::Title,
        Field::Client,
        Field::Seller,
        Field::Direction,
        Field::Stage,
        Field::Amount,
        Field::Currency,
        Field::Probability,
        Field::Created,
        Field::ExpectedClose,
        Field::Closed,
        Field::Status,
        Field::LostReason,
        Field::DealType,
        Field::NextStep,
    ];

    /// A stable code, used as the i18n key suffix (and in the remembered mapping).
    pub fn code(self) -> &'static str {
        match self {
            Field::SourceId => "source_id",
            Field::Title => "title",
            Field::Client => "client",
            Field::Seller => "seller",
            Field::Direction => "direction",
            Field::Stage => "stage",
            Field::Amount => "amount",
            Field::Currency => "currency",
            Field::Probability => "probability",
            Field::Created => "created",
            Field::ExpectedClose => "expected_close",
            Field::Closed => "closed",
            Field::Status => "status",
            Field::LostReason => "lost_reason",
            Field::DealType => "deal_type",
            Field::NextStep => "next_step",
        }
    }

    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Which CRM the headers look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    Pipedrive,
    HubSpot,
    AmoCrm,
    Bitrix24,
    /// The generic `opportunity_id, sales_agent, product, account, deal_stage…` table.
    Opportunities,
    Custom,
}

impl Layout {
    /// A stable code, used as the i18n key suffix and in deal ids.
    pub fn code(self) -> &'static str {
        match self {
            Layout::Pipedrive => "pipedrive",
            Layout::HubSpot => "hubspot",
            Layout::AmoCrm => "amocrm",
            Layout::Bitrix24 => "bitrix24",
            Layout::Opportunities => "opportunities",
            Layout::Custom => "custom",
        }
    }
}

/// Per header index, the field it feeds (None = ignored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub columns: Vec<Option<Field>>,
}

impl Mapping {
    /// Every column ignored.
    pub fn none(columns: usize) -> Mapping {
        Mapping {
            columns: vec![None; columns],
        }
    }

    /// The first column feeding `field`.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }
}

/// Why a mapping cannot be imported.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum MappingError {
    #[error("the mapping has {found} columns, the file {expected}")]
    ColumnCount { expected: usize, found: usize },
    #[error("{} is mapped to more than one column", .0.code())]
    Duplicate(Field),
    #[error("neither the title nor the source id is mapped")]
    NoTitleOrSourceId,
    #[error("the client is not mapped")]
    NoClient,
    #[error("the seller is not mapped")]
    NoSeller,
    #[error("neither the stage nor the status is mapped")]
    NoStageOrStatus,
}

impl MappingError {
    /// A stable code, used as the key of the translated message.
    pub fn code(&self) -> &'static str {
        match self {
            MappingError::ColumnCount { .. } => "column_count",
            MappingError::Duplicate(_) => "duplicate",
            MappingError::NoTitleOrSourceId => "no_title_or_source_id",
            MappingError::NoClient => "no_client",
            MappingError::NoSeller => "no_seller",
            MappingError::NoStageOrStatus => "no_stage_or_status",
        }
    }
}

/// A header as compared: spacing and case ignored, `_` read as a space.
fn norm_header(h: &str) -> String {
    name_key(&h.replace('_', " "))
}

/// A header as the synonyms see it: Pipedrive's `Deal - ` prefix dropped.
fn generic_key(h: &str) -> String {
    let k = norm_header(h);
    match k.strip_prefix("deal - ") {
        Some(rest) => rest.to_string(),
        None => k,
    }
}

/// Header synonyms per field, best first (normalised: lower case, single spaces, `_` → space).
const SYNONYMS: [(Field, &[&str]); 16] = [
    (
        Field::SourceId,
        &[
            "id",
            "record id",
            "deal id",
            "opportunity id",
            "external id",
            "source id",
            "id сделки",
            "ид",
            "номер сделки",
        ],
    ),
    (
        Field::Title,
        &[
            "title",
            "deal name",
            "deal title",
            "название сделки",
            "наименование сделки",
            "название",
            "наименование",
            "opportunity name",
            "name",
            "opportunity",
            "deal",
            "сделка",
        ],
    ),
    (
        Field::Client,
        &[
            "client",
            "company",
            "organization",
            "organisation",
            "account",
            "account name",
            "associated company",
            "customer",
            "клиент",
            "компания",
            "организация",
            "контрагент",
            "заказчик",
            "компания контакта",
        ],
    ),
    (
        Field::Seller,
        &[
            "seller",
            "owner",
            "deal owner",
            "sales agent",
            "sales rep",
            "salesperson",
            "responsible",
            "manager",
            "ответственный",
            "менеджер",
            "продавец",
        ],
    ),
    (
        Field::Direction,
        &[
            "direction",
            "product direction",
            "product",
            "product line",
            "направление",
            "продукт",
        ],
    ),
    (
        Field::Stage,
        &[
            "stage",
            "deal stage",
            "pipeline stage",
            "этап сделки",
            "этап",
            "стадия сделки",
            "стадия",
        ],
    ),
    (
        Field::Amount,
        &[
            "amount",
            "value",
            "deal value",
            "close value",
            "sum",
            "budget",
            "revenue",
            "сумма",
            "бюджет",
            "сумма сделки",
            "стоимость",
        ],
    ),
    (
        Field::Currency,
        &["currency", "currency of value", "валюта"],
    ),
    (
        Field::Probability,
        &["probability", "deal probability", "вероятность"],
    ),
    (
        Field::Created,
        &[
            "created",
            "deal created",
            "create date",
            "created date",
            "created at",
            "creation date",
            "date created",
            "add time",
            "engage date",
            "дата создания сделки",
            "дата создания",
            "создана",
        ],
    ),
    (
        Field::ExpectedClose,
        &[
            "expected close date",
            "expected close",
            "close date",
            "planned close date",
            "предполагаемая дата закрытия",
            "плановая дата закрытия",
            "ожидаемая дата закрытия",
        ],
    ),
    (
        Field::Closed,
        &[
            "deal closed on",
            "closed on",
            "closed date",
            "actual close date",
            "close time",
            "дата закрытия",
            "фактическая дата закрытия",
        ],
    ),
    (
        Field::Status,
        &[
            "status",
            "deal status",
            "is closed won",
            "сделка закрыта",
            "статус",
            "статус сделки",
            "state",
            "состояние",
        ],
    ),
    (
        Field::LostReason,
        &[
            "lost reason",
            "closed lost reason",
            "loss reason",
            "reason lost",
            "причина отказа",
            "причина проигрыша",
            "причина закрытия",
            "причина",
        ],
    ),
    (Field::DealType, &["deal type", "type", "тип сделки", "тип"]),
    (
        Field::NextStep,
        &["next step", "next action", "следующий шаг"],
    ),
];

/// Pipedrive's won and lost times: read for the close date when the Closed column is empty.
const WON_TIME_HEADER: &str = "deal - won time";
const LOST_TIME_HEADER: &str = "deal - lost time";
/// HubSpot's second status column, read together with `Is Closed Won`.
const CLOSED_LOST_HEADER: &str = "is closed lost";
/// A status column with this header holds true/false for "won".
const CLOSED_WON_HEADER: &str = "is closed won";

fn detect(keys: &[String]) -> Layout {
    let has = |k: &str| keys.iter().any(|h| h == k);
    if keys.iter().any(|h| h.starts_with("deal - ")) {
        Layout::Pipedrive
    } else if has("record id") && (has("deal name") || has("deal stage") || has("is closed won")) {
        Layout::HubSpot
    } else if has("стадия сделки") || has("сделка закрыта") {
        Layout::Bitrix24
    } else if has("этап сделки") || (has("название сделки") && has("бюджет"))
    {
        Layout::AmoCrm
    } else if has("opportunity id") || (has("sales agent") && has("deal stage")) {
        Layout::Opportunities
    } else {
        Layout::Custom
    }
}

/// Headers compared case-insensitively, trimmed; a known CRM's layout, else `Custom`. Either way
/// every column gets a best-effort guess by synonyms ("amount", "сумма", "бюджет", "value" →
/// Amount…); no field is guessed for two columns.
pub fn detect_layout(headers: &[String]) -> (Layout, Mapping) {
    let raw: Vec<String> = headers.iter().map(|h| norm_header(h)).collect();
    let layout = detect(&raw);
    let keys: Vec<String> = headers.iter().map(|h| generic_key(h)).collect();
    let mut columns: Vec<Option<Field>> = vec![None; headers.len()];
    // In the opportunities table `close_date` is the actual close of won and lost deals.
    let overrides: &[(&str, Field)] = match layout {
        Layout::Opportunities => &[("close date", Field::Closed)],
        _ => &[],
    };
    let mut taken = [false; 16];
    for (header, field) in overrides {
        if let Some(i) = keys.iter().position(|k| k == header)
            && !taken[field.index()]
        {
            columns[i] = Some(*field);
            taken[field.index()] = true;
        }
    }
    for (field, synonyms) in SYNONYMS {
        if taken[field.index()] {
            continue;
        }
        for s in synonyms {
            if let Some(i) = (0..keys.len()).find(|&i| keys[i] == *s && columns[i].is_none()) {
                columns[i] = Some(field);
                taken[field.index()] = true;
                break;
            }
        }
    }
    (layout, Mapping { columns })
}

/// A stable key for "remember the mapping per header set": the normalised headers joined.
pub fn header_key(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| norm_header(h))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

// ---------------------------------------------------------------------------------------------
// Options, rows, results
// ---------------------------------------------------------------------------------------------

/// How to read slash dates such as `03/04/2026`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    /// How to read slash dates; `None` = decide from the file, or ask.
    pub date_order: Option<DateOrder>,
    /// Stage names as in the file (matched with [`name_key`]) and what to do with them.
    pub stage_choices: Vec<(String, StageChoice)>,
    pub today: NaiveDate,
    /// Stamped into `updated_at` of every imported deal.
    pub now_ms: i64,
    /// Seeds the ids of new sellers, clients, directions, deal types and stages.
    pub id_seed: u64,
}

impl ImportOptions {
    /// No date order, no stage choices.
    pub fn new(today: NaiveDate, now_ms: i64, id_seed: u64) -> Self {
        ImportOptions {
            date_order: None,
            stage_choices: Vec::new(),
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

// ---------------------------------------------------------------------------------------------
// Cell parsing
// ---------------------------------------------------------------------------------------------

/// A currency sign or code, as an ISO code when known (`₽`, `руб.`, `р.` → RUB; `$` → USD; `€` →
/// EUR); any other three capital ASCII letters are taken as a code. `None`: not a currency.
pub fn currency_code(token: &str) -> Option<String> {
    let t = token.trim();
    let k = t.trim_end_matches('.').to_lowercase();
    let code = match k.as_str() {
        "₽" | "руб" | "р" | "rub" | "rur" | "рубль" | "рублей" => "RUB",
        "$" | "usd" | "us$" => "USD",
        "€" | "eur" => "EUR",
        "£" | "gbp" => "GBP",
        "₸" | "kzt" | "тг" => "KZT",
        "¥" | "cny" => "CNY",
        _ if t.len() == 3 && t.chars().all(|c| c.is_ascii_uppercase()) => {
            return Some(t.to_string());
        }
        _ => return None,
    };
    Some(code.to_string())
}

/// Reads an amount as CRMs export it: `1234567.89`, `1 234 567,89` (space or no-break space
/// groups), `1,234,567.89`, with or without a currency sign or code before or after. Returns
/// the amount and the currency it named, if any.
pub fn parse_import_amount(text: &str) -> Result<(Money, Option<String>), AmountError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AmountError::Empty);
    }
    let first = t.find(|c: char| c.is_ascii_digit() || c == '-');
    let last = t.rfind(|c: char| c.is_ascii_digit());
    let (Some(first), Some(last)) = (first, last) else {
        return Err(AmountError::NotANumber);
    };
    if last < first {
        return Err(AmountError::NotANumber);
    }
    let prefix = t[..first].trim();
    let suffix = t[last + 1..].trim();
    let mut currency = None;
    for part in [prefix, suffix] {
        if !part.is_empty() {
            currency = Some(currency_code(part).ok_or(AmountError::NotANumber)?);
        }
    }
    let number = t[first..=last].trim();
    if number.starts_with('-') {
        return Err(AmountError::Negative);
    }
    let number = drop_zero_decimals(number);
    let money = parse_amount(&number, NumberStyle::CommaPoint)
        .or_else(|_| parse_amount(&number, NumberStyle::SpaceComma))?;
    Ok((money, currency))
}

/// `12500.000` → `12500.00`: exports with more decimals than cents, all zero. Only for plain
/// numbers with a single decimal point (so `1,234` grouping is never touched).
fn drop_zero_decimals(number: &str) -> String {
    if let Some((int, frac)) = number.split_once('.')
        && !frac.contains('.')
        && !int.contains([',', ' ', '\u{a0}'])
        && frac.len() > 2
        && frac.chars().all(|c| c.is_ascii_digit())
        && frac[2..].chars().all(|c| c == '0')
    {
        return format!("{int}.{}", &frac[..2]);
    }
    number.to_string()
}

/// A date cell as read, before the file's slash-date order is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateCell {
    Empty,
    Date(NaiveDate),
    /// `a/b/year` with both `a` and `b` possibly the month; `text` as written.
    Slash {
        a: u32,
        b: u32,
        year: i32,
        text: String,
    },
}

impl DateCell {
    /// The date under an order (`None` = not yet known: `Err(None)` for a slash date); a slash
    /// date that is no date in that order is `Err(Some(text))`.
    pub fn resolve(&self, order: Option<DateOrder>) -> Result<Option<NaiveDate>, Option<&str>> {
        match self {
            DateCell::Empty => Ok(None),
            DateCell::Date(d) => Ok(Some(*d)),
            DateCell::Slash { a, b, year, text } => {
                let (day, month) = match order {
                    None => return Err(None),
                    Some(DateOrder::DayFirst) => (*a, *b),
                    Some(DateOrder::MonthFirst) => (*b, *a),
                };
                NaiveDate::from_ymd_opt(*year, month, day)
                    .map(Some)
                    .ok_or(Some(text.as_str()))
            }
        }
    }
}

/// Reads a date cell: ISO `YYYY-MM-DD` (also `/` or `.`), `DD.MM.YYYY`, `a/b/YYYY` or `a-b-YYYY`
/// (order decided later), each with an optional time after a space or `T`; two-digit years are
/// 20xx; a bare number 10000–100000 is an Excel serial day. `None`: not a date.
pub fn parse_date_cell(text: &str) -> Option<DateCell> {
    read_date(text).ok()
}

fn read_date(text: &str) -> Result<DateCell, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(DateCell::Empty);
    }
    // Excel serial days (1899-12-30 is day 0), with an optional time fraction.
    let serial_part = t.split_once('.').map_or(t, |(i, f)| {
        if f.chars().all(|c| c.is_ascii_digit()) {
            i
        } else {
            t
        }
    });
    if !serial_part.is_empty() && serial_part.chars().all(|c| c.is_ascii_digit()) {
        let n: i64 = serial_part.parse().map_err(|_| ())?;
        if !(10_000..=100_000).contains(&n) {
            return Err(());
        }
        let base = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or(())?;
        return base
            .checked_add_signed(Duration::days(n))
            .map(DateCell::Date)
            .ok_or(());
    }
    let split = t.find([' ', 'T']).unwrap_or(t.len());
    let (date, time) = (
        &t[..split],
        t[split..].trim_start_matches([' ', 'T']).trim(),
    );
    if !time.is_empty() && !is_time(time) {
        return Err(());
    }
    let sep = date
        .chars()
        .find(|c| matches!(c, '-' | '.' | '/'))
        .ok_or(())?;
    let parts: Vec<&str> = date.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(());
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| ());
    let (p0, p1, p2) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
    if parts[0].len() == 4 {
        return NaiveDate::from_ymd_opt(p0 as i32, p1, p2)
            .map(DateCell::Date)
            .ok_or(());
    }
    let year = match parts[2].len() {
        4 => p2 as i32,
        2 => 2000 + p2 as i32,
        _ => return Err(()),
    };
    if parts[0].len() > 2 || parts[1].len() > 2 {
        return Err(());
    }
    if sep == '.' {
        return NaiveDate::from_ymd_opt(year, p1, p0)
            .map(DateCell::Date)
            .ok_or(());
    }
    // Neither order gives a date: wrong now, not a question later.
    if (p0 == 0 || p1 == 0) || (p0 > 12 && p1 > 12) || p0 > 31 || p1 > 31 {
        return Err(());
    }
    Ok(DateCell::Slash {
        a: p0,
        b: p1,
        year,
        text: t.to_string(),
    })
}

/// `14:22`, `14:22:05`, `14:22:05.123Z`, `2:05 PM`, `14:22+03:00`…
fn is_time(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
        && s.contains(':')
        && s.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, ':' | '.' | ' ' | '+' | '-' | 'Z' | 'z')
                || matches!(c.to_ascii_uppercase(), 'A' | 'P' | 'M')
        })
}

/// A probability cell: the number and whether it had a `%` sign. 0–100 and not negative.
fn parse_probability(text: &str) -> Result<(f64, bool), ()> {
    let t = text.trim();
    let (t, percent) = match t.strip_suffix('%') {
        Some(rest) => (rest.trim(), true),
        None => (t, false),
    };
    let v: f64 = t.replace(',', ".").parse().map_err(|_| ())?;
    if !v.is_finite() || !(0.0..=100.0).contains(&v) {
        return Err(());
    }
    Ok((v, percent))
}

/// What a status cell says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hint {
    Open,
    Won,
    Lost,
    /// Closed, won or lost unknown (Bitrix24 `Сделка закрыта` = `Да`): the stage decides.
    Closed,
    /// Not won: open or lost (HubSpot `Is Closed Won` = false without `Is closed lost`).
    NotWon,
}

const WON_WORDS: &[&str] = &[
    "won",
    "win",
    "closed won",
    "closedwon",
    "closed - won",
    "success",
    "successful",
    "выиграна",
    "выиграно",
    "выигран",
    "выигрыш",
    "успешно реализовано",
    "успешно",
    "успех",
    "успешна",
    "сделка успешна",
    "реализовано",
    "реализована",
];
const LOST_WORDS: &[&str] = &[
    "lost",
    "lose",
    "closed lost",
    "closedlost",
    "closed - lost",
    "failed",
    "failure",
    "проиграна",
    "проиграно",
    "проигран",
    "проигрыш",
    "закрыто и не реализовано",
    "не реализовано",
    "не реализована",
    "провалена",
    "сделка провалена",
    "отказ",
    "потеряна",
];
const OPEN_WORDS: &[&str] = &[
    "open",
    "opened",
    "in progress",
    "active",
    "открыта",
    "открыто",
    "открытая",
    "в работе",
    "не закрыта",
    "не закрыто",
    "активна",
    "not closed",
];
const TRUE_WORDS: &[&str] = &["true", "yes", "y", "да", "д", "1", "closed", "закрыта"];
const FALSE_WORDS: &[&str] = &["false", "no", "n", "нет", "н", "0"];

/// Reads a status cell; `bool_won` for a column of true/false "is won". `Err(())`: unknown word.
fn parse_status(text: &str, bool_won: bool) -> Result<Option<Hint>, ()> {
    let k = name_key(text);
    if k.is_empty() {
        return Ok(None);
    }
    let k = k.as_str();
    if bool_won {
        return if TRUE_WORDS.contains(&k) {
            Ok(Some(Hint::Won))
        } else if FALSE_WORDS.contains(&k) {
            Ok(Some(Hint::NotWon))
        } else {
            Err(())
        };
    }
    if WON_WORDS.contains(&k) {
        Ok(Some(Hint::Won))
    } else if LOST_WORDS.contains(&k) {
        Ok(Some(Hint::Lost))
    } else if OPEN_WORDS.contains(&k) {
        Ok(Some(Hint::Open))
    } else if TRUE_WORDS.contains(&k) {
        Ok(Some(Hint::Closed))
    } else if FALSE_WORDS.contains(&k) {
        Ok(Some(Hint::Open))
    } else {
        Err(())
    }
}

/// Yes/no cell (HubSpot `Is closed lost`); `None` when empty or unknown.
fn parse_bool(text: &str) -> Option<bool> {
    let k = name_key(text);
    if TRUE_WORDS.contains(&k.as_str()) {
        Some(true)
    } else if FALSE_WORDS.contains(&k.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// Won or lost, as far as a stage name tells (`Сделка успешна`, `Closed Lost`, `Анализ причины
/// провала`…); `None` for anything else.
fn stage_semantics(key: &str) -> Option<StageKind> {
    let tokens: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let lost = LOST_WORDS.contains(&key)
        || ["провал", "не реализ", "проигр", "отказ", "потерян"]
            .iter()
            .any(|s| key.contains(s))
        || tokens.iter().any(|t| matches!(*t, "lost" | "closedlost"));
    if lost {
        return Some(StageKind::Lost);
    }
    let won = WON_WORDS.contains(&key)
        || ["успешн", "выигр"].iter().any(|s| key.contains(s))
        || tokens.iter().any(|t| matches!(*t, "won" | "closedwon"));
    won.then_some(StageKind::Won)
}

/// Texts of the Closed column that mean "still open" (amoCRM's `не закрыта`).
const NOT_CLOSED_WORDS: &[&str] = &["не закрыта", "не закрыто", "not closed", "open", "открыта"];

/// FNV-1a over the parts (separated by U+001F), finished with SplitMix64's mixer: a stable hash,
/// written out so deal ids never change with a Rust or dependency update.
pub fn stable_hash(parts: &[&str]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(PRIME);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    let mut z = h;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn deal_id_of(parts: &[&str]) -> DealId {
    DealId((stable_hash(parts) & ID_MASK).max(1))
}

// ---------------------------------------------------------------------------------------------
// The draft
// ---------------------------------------------------------------------------------------------

/// Names seen in one column, kept once per [`name_key`] (the first spelling is the display).
#[derive(Clone, Debug, Default)]
struct Interner {
    names: Vec<(String, String)>,
    by_key: HashMap<String, u32>,
}

impl Interner {
    fn intern(&mut self, name: &str) -> u32 {
        let key = name_key(name);
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push((name.trim().to_string(), key.clone()));
        self.by_key.insert(key, i);
        i
    }

    fn display(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |n| n.0.as_str())
    }

    fn key(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |n| n.1.as_str())
    }
}

/// One row that passed the cell checks, waiting for the file-wide decisions.
#[derive(Clone, Debug)]
struct PendingRow {
    line: u64,
    id: DealId,
    /// The title cell, or the fallback `client #source id` (`title_given` false).
    title: String,
    title_given: bool,
    client: u32,
    seller: Option<u32>,
    direction: Option<u32>,
    deal_type: Option<u32>,
    stage: Option<u32>,
    hint: Option<Hint>,
    /// The status cell, to name a question or a conflict.
    status_text: Option<u32>,
    amount: Option<Money>,
    other_currency: bool,
    probability: Option<f64>,
    created: DateCell,
    expected: DateCell,
    closed: DateCell,
    won_time: DateCell,
    lost_time: DateCell,
    lost_reason: Option<String>,
    next_step: Option<String>,
}

/// Incremental import: feed rows in chunks, then [`plan`](ImportDraft::plan) or
/// [`finish`](ImportDraft::finish).
#[derive(Clone, Debug)]
pub struct ImportDraft {
    options: ImportOptions,
    layout: Layout,
    /// Prefix of hashed deal ids: the layout, or for custom files the source id's header.
    namespace: String,
    headers: usize,
    /// Column per field.
    cols: [Option<usize>; 16],
    won_time_col: Option<usize>,
    lost_time_col: Option<usize>,
    closed_lost_col: Option<usize>,
    status_bool_won: bool,
    // The workspace as it was.
    currency: String,
    stages: Vec<Stage>,
    stage_by_key: HashMap<String, usize>,
    seller_by_key: HashMap<String, SellerId>,
    client_by_key: HashMap<String, ClientId>,
    direction_by_key: HashMap<String, DirectionId>,
    deal_type_by_key: HashMap<String, DealTypeId>,
    used_ids: [HashSet<u64>; 5],
    deal_ids: HashSet<DealId>,
    // What the file holds.
    sellers: Interner,
    clients: Interner,
    directions: Interner,
    deal_types: Interner,
    stage_names: Interner,
    statuses: Interner,
    rows: Vec<PendingRow>,
    errors: Vec<RowError>,
    prob_over_one: bool,
    prob_percent_sign: bool,
    day_first_seen: bool,
    month_first_seen: bool,
    rows_seen: usize,
}

const SELLERS: usize = 0;
const CLIENTS: usize = 1;
const DIRECTIONS: usize = 2;
const DEAL_TYPES: usize = 3;
const STAGES: usize = 4;

impl ImportDraft {
    /// Checks the mapping: as many entries as headers; no field twice; Client, Seller, Stage or
    /// Status, and Title or Source id mapped.
    pub fn new(
        ws: &Workspace,
        headers: &[String],
        mapping: &Mapping,
        options: ImportOptions,
    ) -> Result<ImportDraft, MappingError> {
        if mapping.columns.len() != headers.len() {
            return Err(MappingError::ColumnCount {
                expected: headers.len(),
                found: mapping.columns.len(),
            });
        }
        let mut cols = [None; 16];
        for (i, f) in mapping.columns.iter().enumerate() {
            if let Some(f) = f {
                if cols[f.index()].is_some() {
                    return Err(MappingError::Duplicate(*f));
                }
                cols[f.index()] = Some(i);
            }
        }
        let has = |f: Field| cols[f.index()].is_some();
        if !has(Field::Title) && !has(Field::SourceId) {
            return Err(MappingError::NoTitleOrSourceId);
        }
        if !has(Field::Client) {
            return Err(MappingError::NoClient);
        }
        if !has(Field::Seller) {
            return Err(MappingError::NoSeller);
        }
        if !has(Field::Stage) && !has(Field::Status) {
            return Err(MappingError::NoStageOrStatus);
        }
        let keys: Vec<String> = headers.iter().map(|h| norm_header(h)).collect();
        let layout = detect(&keys);
        let unmapped = |name: &str| {
            keys.iter()
                .position(|k| k == name)
                .filter(|&i| mapping.columns[i].is_none())
        };
        let namespace = match (layout, cols[Field::SourceId.index()]) {
            (Layout::Custom, Some(i)) => format!("custom/{}", keys[i]),
            _ => layout.code().to_string(),
        };
        let status_bool_won =
            cols[Field::Status.index()].is_some_and(|i| keys[i] == CLOSED_WON_HEADER);

        let by_key = |names: Vec<(String, u64)>| {
            let mut m = HashMap::with_capacity(names.len());
            for (n, id) in names {
                m.entry(name_key(&n)).or_insert(id);
            }
            m
        };
        let used = |ids: Vec<u64>| ids.into_iter().collect::<HashSet<u64>>();
        let mut stage_by_key = HashMap::new();
        for (i, s) in ws.stages.iter().enumerate() {
            stage_by_key.entry(name_key(&s.name)).or_insert(i);
        }
        Ok(ImportDraft {
            layout,
            namespace,
            headers: headers.len(),
            cols,
            won_time_col: unmapped(WON_TIME_HEADER),
            lost_time_col: unmapped(LOST_TIME_HEADER),
            closed_lost_col: unmapped(CLOSED_LOST_HEADER),
            status_bool_won,
            currency: ws.currency.trim().to_uppercase(),
            stages: ws.stages.clone(),
            stage_by_key,
            seller_by_key: by_key(
                ws.sellers
                    .iter()
                    .map(|x| (x.name.clone(), x.id.0))
                    .collect(),
            )
            .into_iter()
            .map(|(k, v)| (k, SellerId(v)))
            .collect(),
            client_by_key: by_key(
                ws.clients
                    .iter()
                    .map(|x| (x.name.clone(), x.id.0))
                    .collect(),
            )
            .into_iter()
            .map(|(k, v)| (k, ClientId(v)))
            .collect(),
            direction_by_key: by_key(
                ws.directions
                    .iter()
                    .map(|x| (x.name.clone(), x.id.0))
                    .collect(),
            )
            .into_iter()
            .map(|(k, v)| (k, DirectionId(v)))
            .collect(),
            deal_type_by_key: by_key(
                ws.deal_types
                    .iter()
                    .map(|x| (x.name.clone(), x.id.0))
                    .collect(),
            )
            .into_iter()
            .map(|(k, v)| (k, DealTypeId(v)))
            .collect(),
            used_ids: [
                used(ws.sellers.iter().map(|x| x.id.0).collect()),
                used(ws.clients.iter().map(|x| x.id.0).collect()),
                used(ws.directions.iter().map(|x| x.id.0).collect()),
                used(ws.deal_types.iter().map(|x| x.id.0).collect()),
                used(ws.stages.iter().map(|x| x.id.0).collect()),
            ],
            deal_ids: ws.deals.iter().map(|d| d.id).collect(),
            options,
            sellers: Interner::default(),
            clients: Interner::default(),
            directions: Interner::default(),
            deal_types: Interner::default(),
            stage_names: Interner::default(),
            statuses: Interner::default(),
            rows: Vec::new(),
            errors: Vec::new(),
            prob_over_one: false,
            prob_percent_sign: false,
            day_first_seen: false,
            month_first_seen: false,
            rows_seen: 0,
        })
    }

    /// The layout the headers look like (it namespaces the deal ids).
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// Rows fed so far, blank ones included.
    pub fn rows_seen(&self) -> usize {
        self.rows_seen
    }

    /// Replaces the slash-date order (after the user answered the question).
    pub fn set_date_order(&mut self, order: Option<DateOrder>) {
        self.options.date_order = order;
    }

    /// Replaces the stage choices (after the user answered the questions).
    pub fn set_stage_choices(&mut self, choices: Vec<(String, StageChoice)>) {
        self.options.stage_choices = choices;
    }

    /// A record the CSV reader could not read: listed as a row error.
    pub fn feed_error(&mut self, line: u64, message: &str) {
        self.rows_seen += 1;
        self.errors.push(RowError {
            line,
            reason: RowProblem::Unreadable(message.to_string()),
        });
    }

    /// Reads a chunk of rows. Blank rows are skipped; rows with a bad cell become row errors.
    pub fn feed(&mut self, rows: &[RawRow<'_>]) {
        for row in rows {
            self.rows_seen += 1;
            let problems = match self.read_row(row) {
                Ok(Some(pending)) => {
                    self.rows.push(pending);
                    continue;
                }
                Ok(None) => continue,
                Err(problems) => problems,
            };
            self.errors
                .extend(problems.into_iter().map(|reason| RowError {
                    line: row.line,
                    reason,
                }));
        }
    }

    /// `Ok(None)`: a blank row.
    fn read_row(&mut self, row: &RawRow<'_>) -> Result<Option<PendingRow>, Vec<RowProblem>> {
        let cells = row.cells;
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(None);
        }
        let n = self.headers;
        if cells.len() < n || cells[n..].iter().any(|c| !c.trim().is_empty()) {
            return Err(vec![RowProblem::WrongCellCount {
                expected: n,
                found: cells.len(),
            }]);
        }
        let cell = |i: Option<usize>| -> Option<&str> {
            i.and_then(|i| cells.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let get = |f: Field| cell(self.cols[f.index()]);
        let mut problems = Vec::new();
        let name = |f: Field, max: usize, problems: &mut Vec<RowProblem>| -> Option<&str> {
            let v = get(f)?;
            if v.chars().count() > max {
                problems.push(RowProblem::TooLong { field: f });
                return None;
            }
            Some(v)
        };

        let source = name(Field::SourceId, MAX_NAME_CHARS, &mut problems);
        let title = name(Field::Title, MAX_NAME_CHARS, &mut problems);
        let client = name(Field::Client, MAX_NAME_CHARS, &mut problems);
        let seller = name(Field::Seller, MAX_NAME_CHARS, &mut problems);
        let direction = name(Field::Direction, MAX_NAME_CHARS, &mut problems);
        let deal_type = name(Field::DealType, MAX_NAME_CHARS, &mut problems);
        let stage = name(Field::Stage, MAX_NAME_CHARS, &mut problems);
        let lost_reason = name(Field::LostReason, MAX_TEXT_CHARS, &mut problems);
        let next_step = name(Field::NextStep, MAX_TEXT_CHARS, &mut problems);
        if get(Field::Title).is_none() && get(Field::SourceId).is_none() {
            problems.push(RowProblem::MissingTitle);
        }
        if client.is_none() && get(Field::Client).is_none() {
            problems.push(RowProblem::MissingClient);
        }

        // Status: the Status column (HubSpot's pair of booleans), else amoCRM's "не закрыта".
        let status_cell = get(Field::Status);
        let mut hint = None;
        if let Some(s) = status_cell {
            match parse_status(s, self.status_bool_won) {
                Ok(h) => hint = h,
                Err(()) => problems.push(RowProblem::BadStatus(s.to_string())),
            }
        }
        if let Some(lost) = cell(self.closed_lost_col).and_then(parse_bool) {
            hint = match (hint, lost) {
                (Some(Hint::Won), true) => {
                    problems.push(RowProblem::BadStatus(
                        status_cell.unwrap_or_default().to_string(),
                    ));
                    None
                }
                (_, true) => Some(Hint::Lost),
                (Some(Hint::NotWon), false) => Some(Hint::Open),
                (h, false) => h,
            };
        }
        let closed_text = get(Field::Closed);
        let closed_open_marker =
            closed_text.is_some_and(|t| NOT_CLOSED_WORDS.contains(&name_key(t).as_str()));
        if hint.is_none() && closed_open_marker {
            hint = Some(Hint::Open);
        }

        let mut other_currency = false;
        let amount = match get(Field::Amount) {
            None => None,
            Some(t) => match parse_import_amount(t) {
                Ok((m, cur)) => {
                    other_currency |= cur.is_some_and(|c| c != self.currency);
                    Some(m)
                }
                Err(_) => {
                    problems.push(RowProblem::BadAmount(t.to_string()));
                    None
                }
            },
        };
        if let Some(c) = get(Field::Currency) {
            other_currency = match currency_code(c) {
                Some(code) => code != self.currency,
                None => true,
            };
        }
        let probability = match get(Field::Probability) {
            None => None,
            Some(t) => match parse_probability(t) {
                Ok((v, pct)) => {
                    self.prob_over_one |= v > 1.0;
                    self.prob_percent_sign |= pct;
                    Some(v)
                }
                Err(()) => {
                    problems.push(RowProblem::BadProbability(t.to_string()));
                    None
                }
            },
        };
        let mut date = |field: Field, text: Option<&str>, problems: &mut Vec<RowProblem>| {
            let Some(t) = text else {
                return DateCell::Empty;
            };
            match parse_date_cell(t) {
                Some(d) => {
                    if let DateCell::Slash { a, b, .. } = &d {
                        self.day_first_seen |= *a > 12;
                        self.month_first_seen |= *b > 12;
                    }
                    d
                }
                None => {
                    problems.push(RowProblem::BadDate {
                        field,
                        text: t.to_string(),
                    });
                    DateCell::Empty
                }
            }
        };
        let created = date(Field::Created, get(Field::Created), &mut problems);
        let expected = date(
            Field::ExpectedClose,
            get(Field::ExpectedClose),
            &mut problems,
        );
        let closed = if closed_open_marker {
            DateCell::Empty
        } else {
            date(Field::Closed, closed_text, &mut problems)
        };
        let won_time = date(Field::Closed, cell(self.won_time_col), &mut problems);
        let lost_time = date(Field::Closed, cell(self.lost_time_col), &mut problems);

        if !problems.is_empty() {
            return Err(problems);
        }
        let (Some(client), true) = (client, title.is_some() || source.is_some()) else {
            return Err(vec![RowProblem::MissingTitle]);
        };
        let id = match source {
            Some(s) => deal_id_of(&[&self.namespace, s]),
            None => deal_id_of(&[
                "row",
                &name_key(title.unwrap_or_default()),
                &name_key(client),
                get(Field::Created).unwrap_or_default(),
            ]),
        };
        let (title, title_given) = match (title, source) {
            (Some(t), _) => (t.to_string(), true),
            (None, s) => (format!("{client} #{}", s.unwrap_or_default()), false),
        };
        Ok(Some(PendingRow {
            line: row.line,
            id,
            title,
            title_given,
            client: self.clients.intern(client),
            seller: seller.map(|s| self.sellers.intern(s)),
            direction: direction.map(|s| self.directions.intern(s)),
            deal_type: deal_type.map(|s| self.deal_types.intern(s)),
            stage: stage.map(|s| self.stage_names.intern(s)),
            hint,
            status_text: status_cell
                .or(closed_text.filter(|_| closed_open_marker))
                .map(|s| self.statuses.intern(s)),
            amount,
            other_currency,
            probability,
            created,
            expected,
            closed,
            won_time,
            lost_time,
            lost_reason: lost_reason.map(str::to_string),
            next_step: next_step.map(str::to_string),
        }))
    }

    /// The slash-date order: the user's, else the file's when its values tell.
    fn date_order(&self) -> Option<DateOrder> {
        self.options
            .date_order
            .or(match (self.day_first_seen, self.month_first_seen) {
                (true, false) => Some(DateOrder::DayFirst),
                (false, true) => Some(DateOrder::MonthFirst),
                _ => None,
            })
    }

    /// Everything the file would do to the workspace, with the current options. Can be called
    /// again after [`set_stage_choices`](Self::set_stage_choices) or
    /// [`set_date_order`](Self::set_date_order) without feeding the rows again.
    pub fn plan(&self) -> ImportPlan {
        Planner::new(self).run()
    }

    pub fn finish(self) -> ImportPlan {
        self.plan()
    }
}

// ---------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------

/// A stage a deal goes to: one of the workspace, or one to create (index into the choices).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StageRef {
    Existing(usize),
    Create(usize),
}

enum StageOutcome {
    Go {
        target: StageRef,
        kind: StageKind,
        via: Option<StageRef>,
    },
    Ask(String),
    Problem(RowProblem),
}

/// One deal to create or update.
#[derive(Clone, Debug)]
struct DealImport {
    id: DealId,
    title: String,
    /// False: the title is the fallback, and an existing deal keeps its own.
    title_given: bool,
    client: ClientId,
    /// None: keep the stored seller (an update with an empty seller cell).
    seller: Option<SellerId>,
    // `None` = the column is not mapped: an update keeps the stored value.
    direction: Option<Option<DirectionId>>,
    deal_type: Option<Option<DealTypeId>>,
    amount: Option<Money>,
    probability: Option<Option<u8>>,
    expected_close: Option<Option<NaiveDate>>,
    lost_reason: Option<Option<String>>,
    next_step: Option<Option<String>>,
    stage: StageId,
    kind: StageKind,
    /// The open stage a won/lost deal closed from, for a new deal's history.
    via: Option<StageId>,
    /// The creation date in the file.
    created: Option<NaiveDate>,
    /// The close date the file gives (Closed column, won/lost time, expected close).
    closed: Option<NaiveDate>,
}

struct Planner<'a> {
    d: &'a ImportDraft,
    order: Option<DateOrder>,
    fraction: bool,
    /// Stage choices by name key: (display name, choice).
    choices: HashMap<String, (String, StageChoice)>,
    choice_list: Vec<(String, StageChoice)>,
    rng: SplitMix64,
    used: [HashSet<u64>; 5],
    new_sellers: Vec<Seller>,
    new_clients: Vec<Client>,
    new_directions: Vec<Direction>,
    new_deal_types: Vec<DealType>,
    /// Created stages, per choice index.
    created_stages: HashMap<usize, StageId>,
    new_stages: Vec<Stage>,
    seller_ids: HashMap<u32, SellerId>,
    client_ids: HashMap<u32, ClientId>,
    direction_ids: HashMap<u32, DirectionId>,
    deal_type_ids: HashMap<u32, DealTypeId>,
    first_line: HashMap<DealId, u64>,
    plan: ImportPlan,
    unknown: Vec<(String, usize)>,
    unknown_at: HashMap<String, usize>,
}

impl<'a> Planner<'a> {
    fn new(d: &'a ImportDraft) -> Self {
        let mut choices = HashMap::new();
        let mut choice_list = Vec::new();
        for (name, choice) in &d.options.stage_choices {
            let key = name_key(name);
            if key.is_empty() || choices.contains_key(&key) {
                continue;
            }
            choices.insert(key, (name.trim().to_string(), *choice));
            choice_list.push((name.trim().to_string(), *choice));
        }
        Planner {
            d,
            order: d.date_order(),
            fraction: !d.prob_over_one && !d.prob_percent_sign,
            choices,
            choice_list,
            rng: SplitMix64::new(d.options.id_seed),
            used: d.used_ids.clone(),
            new_sellers: Vec::new(),
            new_clients: Vec::new(),
            new_directions: Vec::new(),
            new_deal_types: Vec::new(),
            created_stages: HashMap::new(),
            new_stages: Vec::new(),
            seller_ids: HashMap::new(),
            client_ids: HashMap::new(),
            direction_ids: HashMap::new(),
            deal_type_ids: HashMap::new(),
            first_line: HashMap::new(),
            plan: ImportPlan::empty(d.options.today, d.options.now_ms),
            unknown: Vec::new(),
            unknown_at: HashMap::new(),
        }
    }

    fn fresh_id(&mut self, list: usize) -> u64 {
        loop {
            let v = self.rng.next_u64() & ID_MASK;
            if v != 0 && self.used[list].insert(v) {
                return v;
            }
        }
    }

    fn run(mut self) -> ImportPlan {
        let mut errors = self.d.errors.clone();
        let d = self.d;
        for row in &d.rows {
            if let Err(problems) = self.row(row) {
                errors.extend(problems.into_iter().map(|reason| RowError {
                    line: row.line,
                    reason,
                }));
            }
        }
        errors.sort_by_key(|e| e.line);
        let mut plan = self.plan;
        plan.row_errors = errors;
        plan.unknown_stages = self.unknown;
        plan.new_sellers = self.new_sellers;
        plan.new_clients = self.new_clients;
        plan.new_directions = self.new_directions;
        plan.new_deal_types = self.new_deal_types;
        plan.new_stages = self.new_stages;
        plan
    }

    /// A stage name of the file: a workspace stage with that name, else a choice. (A `Create`
    /// choice for a name the workspace already has uses that stage: names stay unique.)
    fn named(&self, i: u32) -> Option<(StageRef, StageKind)> {
        let key = self.d.stage_names.key(i);
        let existing = |p: usize| (StageRef::Existing(p), self.d.stages[p].kind);
        match self.choices.get(key) {
            Some((_, StageChoice::Existing(id))) => {
                self.d.stages.iter().position(|s| s.id == *id).map(existing)
            }
            Some((_, StageChoice::Create(kind))) => match self.d.stage_by_key.get(key) {
                Some(&p) => Some(existing(p)),
                None => self
                    .choice_list
                    .iter()
                    .position(|(n, _)| name_key(n) == key)
                    .map(|c| (StageRef::Create(c), *kind)),
            },
            None => self.d.stage_by_key.get(key).map(|&p| existing(p)),
        }
    }

    /// The workspace's first stage of a kind, else the first stage the choices create with it.
    fn first_of(&self, kind: StageKind) -> Option<StageRef> {
        self.d
            .stages
            .iter()
            .position(|s| s.kind == kind)
            .map(StageRef::Existing)
            .or_else(|| {
                self.choice_list
                    .iter()
                    .position(|(_, c)| *c == StageChoice::Create(kind))
                    .map(StageRef::Create)
            })
    }

    /// Where a row's deal goes: status and stage name together (see the module rules).
    fn stage(&self, row: &PendingRow) -> StageOutcome {
        let d = self.d;
        let stage_text = || {
            row.stage
                .map_or("", |i| d.stage_names.display(i))
                .to_string()
        };
        let status_text = || {
            row.status_text
                .map_or("", |i| d.statuses.display(i))
                .to_string()
        };
        let conflict = || {
            StageOutcome::Problem(RowProblem::StatusConflict {
                stage: stage_text(),
                status: status_text(),
            })
        };
        let known = row.stage.and_then(|i| self.named(i));
        // What the stage name says: its stage's kind, else won/lost words in it.
        let name_kind = match known {
            Some((_, k)) => Some(k),
            None => row
                .stage
                .and_then(|i| stage_semantics(d.stage_names.key(i))),
        };
        let unknown_or_missing = || match row.stage {
            Some(_) => StageOutcome::Ask(stage_text()),
            None => StageOutcome::Problem(RowProblem::MissingStage),
        };
        let kind = match row.hint {
            Some(h @ (Hint::Won | Hint::Lost | Hint::Open)) => {
                let h = match h {
                    Hint::Won => StageKind::Won,
                    Hint::Lost => StageKind::Lost,
                    _ => StageKind::Open,
                };
                match name_kind {
                    // A deal closes from an open stage (Pipedrive keeps the stage it was lost at).
                    Some(k) if k != h && !(k == StageKind::Open && h != StageKind::Open) => {
                        return conflict();
                    }
                    _ => h,
                }
            }
            Some(Hint::Closed) => match name_kind {
                Some(StageKind::Open) => return conflict(),
                Some(k) => k,
                None => return unknown_or_missing(),
            },
            Some(Hint::NotWon) => match name_kind {
                Some(StageKind::Won) => return conflict(),
                Some(k) => k,
                None => StageKind::Open,
            },
            None => match name_kind {
                Some(k) => k,
                None => return unknown_or_missing(),
            },
        };
        let go = |target, via| StageOutcome::Go { target, kind, via };
        let ask = || {
            StageOutcome::Ask(if row.stage.is_some() {
                stage_text()
            } else {
                status_text()
            })
        };
        match known {
            Some((r, k)) if k == kind => go(r, None),
            _ if kind == StageKind::Open => match row.stage {
                Some(_) => ask(),
                None => self.first_of(kind).map_or_else(ask, |t| go(t, None)),
            },
            _ => {
                let via = known.filter(|(_, k)| *k == StageKind::Open).map(|(r, _)| r);
                self.first_of(kind).map_or_else(ask, |t| go(t, via))
            }
        }
    }

    fn resolve_date(
        &self,
        field: Field,
        cell: &DateCell,
        problems: &mut Vec<RowProblem>,
        waiting: &mut bool,
    ) -> Option<NaiveDate> {
        match cell.resolve(self.order) {
            Ok(d) => d,
            Err(None) => {
                *waiting = true;
                None
            }
            Err(Some(text)) => {
                problems.push(RowProblem::BadDate {
                    field,
                    text: text.to_string(),
                });
                None
            }
        }
    }

    fn stage_id(&mut self, r: StageRef) -> StageId {
        match r {
            StageRef::Existing(p) => self.d.stages.get(p).map_or(StageId(0), |s| s.id),
            StageRef::Create(c) => {
                if let Some(id) = self.created_stages.get(&c) {
                    return *id;
                }
                let (choice_name, choice) = self
                    .choice_list
                    .get(c)
                    .cloned()
                    .unwrap_or_else(|| (String::new(), StageChoice::Create(StageKind::Open)));
                // The file's spelling when the file has the name (the choice may differ in case).
                let name = match self.d.stage_names.by_key.get(&name_key(&choice_name)) {
                    Some(&i) => self.d.stage_names.display(i).to_string(),
                    None => choice_name,
                };
                let kind = match choice {
                    StageChoice::Create(k) => k,
                    StageChoice::Existing(_) => StageKind::Open,
                };
                let id = StageId(self.fresh_id(STAGES));
                self.created_stages.insert(c, id);
                self.plan.stages_added.push(name.clone());
                self.new_stages.push(new_stage(id, name, kind));
                id
            }
        }
    }

    fn row(&mut self, row: &PendingRow) -> Result<(), Vec<RowProblem>> {
        let d = self.d;
        let mut problems = Vec::new();
        let mut waiting_date = false;
        let created = self.resolve_date(
            Field::Created,
            &row.created,
            &mut problems,
            &mut waiting_date,
        );
        let expected = self.resolve_date(
            Field::ExpectedClose,
            &row.expected,
            &mut problems,
            &mut waiting_date,
        );
        let closed_col =
            self.resolve_date(Field::Closed, &row.closed, &mut problems, &mut waiting_date);
        let won_time = self.resolve_date(
            Field::Closed,
            &row.won_time,
            &mut problems,
            &mut waiting_date,
        );
        let lost_time = self.resolve_date(
            Field::Closed,
            &row.lost_time,
            &mut problems,
            &mut waiting_date,
        );

        let outcome = self.stage(row);
        let mut ask = None;
        let mut go = None;
        match outcome {
            StageOutcome::Problem(p) => problems.push(p),
            StageOutcome::Ask(name) => ask = Some(name),
            StageOutcome::Go { target, kind, via } => go = Some((target, kind, via)),
        }
        let exists = d.deal_ids.contains(&row.id);
        let mut closed = None;
        if let Some((_, kind, _)) = go {
            if kind != StageKind::Open {
                let explicit = closed_col.or(match kind {
                    StageKind::Won => won_time,
                    _ => lost_time,
                });
                if let (Some(c), Some(x)) = (created, explicit)
                    && x < c
                {
                    problems.push(RowProblem::ClosedBeforeCreated {
                        created: c,
                        closed: x,
                    });
                }
                closed = explicit.or(expected);
            }
            if kind == StageKind::Won
                && row.amount.is_none()
                && d.cols[Field::Amount.index()].is_some()
            {
                problems.push(RowProblem::MissingAmount);
            }
        }
        if row.seller.is_none() && !exists {
            problems.push(RowProblem::MissingSeller);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if waiting_date || ask.is_some() {
            if waiting_date {
                self.plan.ambiguous_dates = true;
                self.plan.ambiguous_date_rows += 1;
            }
            if let Some(name) = ask {
                match self.unknown_at.get(&name_key(&name)) {
                    Some(&i) => self.unknown[i].1 += 1,
                    None => {
                        self.unknown_at.insert(name_key(&name), self.unknown.len());
                        self.unknown.push((name, 1));
                    }
                }
            }
            return Ok(());
        }
        let Some((target, kind, via)) = go else {
            return Ok(());
        };
        if let Some(&first_line) = self.first_line.get(&row.id) {
            return Err(vec![RowProblem::DuplicateInFile { first_line }]);
        }
        self.first_line.insert(row.id, row.line);

        // The row imports: resolve or create what it names.
        let stage = self.stage_id(target);
        let via = via.map(|v| self.stage_id(v)).filter(|v| *v != stage);
        let client = self.client(row.client);
        let seller = row.seller.map(|s| self.seller(s));
        let mapped = |f: Field| d.cols[f.index()].is_some();
        let direction = mapped(Field::Direction).then(|| row.direction.map(|x| self.direction(x)));
        let deal_type = mapped(Field::DealType).then(|| row.deal_type.map(|x| self.deal_type(x)));
        let probability = mapped(Field::Probability).then(|| {
            row.probability.map(|v| {
                let pct = if self.fraction { v * 100.0 } else { v };
                pct.round().clamp(0.0, 100.0) as u8
            })
        });
        if row.other_currency {
            self.plan.other_currency_rows += 1;
        }
        if exists {
            self.plan.deals_updated += 1;
        } else {
            self.plan.deals_added += 1;
        }
        let amount = if mapped(Field::Amount) {
            Some(row.amount.unwrap_or(Money::ZERO))
        } else {
            None
        };
        self.plan.deals.push(DealImport {
            id: row.id,
            title: row.title.clone(),
            title_given: row.title_given,
            client,
            seller,
            direction,
            deal_type,
            amount,
            probability,
            expected_close: mapped(Field::ExpectedClose).then_some(expected),
            lost_reason: mapped(Field::LostReason).then(|| row.lost_reason.clone()),
            next_step: mapped(Field::NextStep).then(|| row.next_step.clone()),
            stage,
            kind,
            via,
            created,
            closed,
        });
        Ok(())
    }

    fn seller(&mut self, i: u32) -> SellerId {
        if let Some(id) = self.seller_ids.get(&i) {
            return *id;
        }
        let key = self.d.sellers.key(i);
        let id = match self.d.seller_by_key.get(key) {
            Some(id) => *id,
            None => {
                let id = SellerId(self.fresh_id(SELLERS));
                let name = self.d.sellers.display(i).to_string();
                self.plan.sellers_added.push(name.clone());
                self.new_sellers.push(Seller { id, name });
                id
            }
        };
        self.seller_ids.insert(i, id);
        id
    }

    fn client(&mut self, i: u32) -> ClientId {
        if let Some(id) = self.client_ids.get(&i) {
            return *id;
        }
        let key = self.d.clients.key(i);
        let id = match self.d.client_by_key.get(key) {
            Some(id) => *id,
            None => {
                let id = ClientId(self.fresh_id(CLIENTS));
                let name = self.d.clients.display(i).to_string();
                self.plan.clients_added.push(name.clone());
                self.new_clients.push(Client {
                    id,
                    name,
                    segment: String::new(),
                    key: false,
                });
                id
            }
        };
        self.client_ids.insert(i, id);
        id
    }

    fn direction(&mut self, i: u32) -> DirectionId {
        if let Some(id) = self.direction_ids.get(&i) {
            return *id;
        }
        let key = self.d.directions.key(i);
        let id = match self.d.direction_by_key.get(key) {
            Some(id) => *id,
            None => {
                let id = DirectionId(self.fresh_id(DIRECTIONS));
                let name = self.d.directions.display(i).to_string();
                self.plan.directions_added.push(name.clone());
                self.new_directions.push(Direction { id, name });
                id
            }
        };
        self.direction_ids.insert(i, id);
        id
    }

    fn deal_type(&mut self, i: u32) -> DealTypeId {
        if let Some(id) = self.deal_type_ids.get(&i) {
            return *id;
        }
        let key = self.d.deal_types.key(i);
        let id = match self.d.deal_type_by_key.get(key) {
            Some(id) => *id,
            None => {
                let id = DealTypeId(self.fresh_id(DEAL_TYPES));
                let name = self.d.deal_types.display(i).to_string();
                self.plan.deal_types_added.push(name.clone());
                self.new_deal_types.push(DealType { id, name });
                id
            }
        };
        self.deal_type_ids.insert(i, id);
        id
    }
}

fn new_stage(id: StageId, name: String, kind: StageKind) -> Stage {
    let (probability, forecast_category) = match kind {
        StageKind::Open => (10, ForecastCategory::Pipeline),
        StageKind::Won => (100, ForecastCategory::Commit),
        StageKind::Lost => (0, ForecastCategory::Omitted),
    };
    Stage {
        id,
        name,
        kind,
        probability,
        rotting_days: None,
        forecast_category,
    }
}

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

/// What importing the file would do. Rows waiting for an answer (unknown stages, ambiguous
/// dates) and rows with errors are not in the counts and not imported.
#[derive(Clone, Debug)]
pub struct ImportPlan {
    pub deals_added: usize,
    pub deals_updated: usize,
    pub clients_added: Vec<String>,
    pub sellers_added: Vec<String>,
    pub directions_added: Vec<String>,
    pub stages_added: Vec<String>,
    pub deal_types_added: Vec<String>,
    /// Stage names in the file matching no existing stage and with no [`StageChoice`] given,
    /// with their row counts: the UI asks the user to map each (existing stage or create with a
    /// kind). Until chosen, those rows are not imported. (A won/lost status with no won/lost
    /// stage at all is asked under the status text, e.g. `Won`.)
    pub unknown_stages: Vec<(String, usize)>,
    /// Some date like 03/04/2026 could be DD/MM or MM/DD and no order was given: the UI asks.
    pub ambiguous_dates: bool,
    /// Rows waiting for the date order.
    pub ambiguous_date_rows: usize,
    /// Imported rows whose currency (Currency column, or a sign or code in the amount) is not
    /// the workspace's: imported as they are, the UI warns.
    pub other_currency_rows: usize,
    /// Skipped rows, by line.
    pub row_errors: Vec<RowError>,
    today: NaiveDate,
    now_ms: i64,
    new_sellers: Vec<Seller>,
    new_clients: Vec<Client>,
    new_directions: Vec<Direction>,
    new_deal_types: Vec<DealType>,
    new_stages: Vec<Stage>,
    deals: Vec<DealImport>,
}

impl ImportPlan {
    fn empty(today: NaiveDate, now_ms: i64) -> Self {
        ImportPlan {
            deals_added: 0,
            deals_updated: 0,
            clients_added: Vec::new(),
            sellers_added: Vec::new(),
            directions_added: Vec::new(),
            stages_added: Vec::new(),
            deal_types_added: Vec::new(),
            unknown_stages: Vec::new(),
            ambiguous_dates: false,
            ambiguous_date_rows: 0,
            other_currency_rows: 0,
            row_errors: Vec::new(),
            today,
            now_ms,
            new_sellers: Vec::new(),
            new_clients: Vec::new(),
            new_directions: Vec::new(),
            new_deal_types: Vec::new(),
            new_stages: Vec::new(),
            deals: Vec::new(),
        }
    }

    /// Rows that will be imported (added or updated).
    pub fn valid_rows(&self) -> usize {
        self.deals_added + self.deals_updated
    }

    /// True when no question is open (no unknown stage, no ambiguous dates).
    pub fn is_complete(&self) -> bool {
        self.unknown_stages.is_empty() && !self.ambiguous_dates
    }

    /// The workspace with the import applied: new names and stages added, deals created or
    /// updated by id (`updated_at = now_ms`). Meant for the workspace the draft was made from;
    /// on another one, deals whose stage, client or seller has vanished are left out.
    pub fn apply(self, ws: &Workspace) -> Workspace {
        let mut out = ws.clone();
        self.apply_in_place(&mut out);
        out
    }

    /// [`apply`](Self::apply) without the copy.
    pub fn apply_in_place(self, ws: &mut Workspace) {
        let today = self.today;
        let now_ms = self.now_ms;
        fn add<T, I: Eq + std::hash::Hash>(list: &mut Vec<T>, new: Vec<T>, id: impl Fn(&T) -> I) {
            let mut have: HashSet<I> = list.iter().map(&id).collect();
            for item in new {
                if have.insert(id(&item)) {
                    list.push(item);
                }
            }
        }
        add(&mut ws.sellers, self.new_sellers, |x| x.id);
        add(&mut ws.clients, self.new_clients, |x| x.id);
        add(&mut ws.directions, self.new_directions, |x| x.id);
        add(&mut ws.deal_types, self.new_deal_types, |x| x.id);
        for st in self.new_stages {
            if ws.stages.iter().any(|x| x.id == st.id) {
                continue;
            }
            let at = match st.kind {
                StageKind::Open => ws
                    .stages
                    .iter()
                    .rposition(|s| s.kind == StageKind::Open)
                    .map_or(0, |i| i + 1),
                StageKind::Won | StageKind::Lost => ws.stages.len(),
            };
            ws.stages.insert(at, st);
        }

        let stage_kind: HashMap<StageId, StageKind> =
            ws.stages.iter().map(|s| (s.id, s.kind)).collect();
        let clients: HashSet<ClientId> = ws.clients.iter().map(|c| c.id).collect();
        let sellers: HashSet<SellerId> = ws.sellers.iter().map(|c| c.id).collect();
        let directions: HashSet<DirectionId> = ws.directions.iter().map(|c| c.id).collect();
        let deal_types: HashSet<DealTypeId> = ws.deal_types.iter().map(|c| c.id).collect();
        let mut position: HashMap<DealId, usize> = ws
            .deals
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect();

        for imp in self.deals {
            let refs_ok = stage_kind.get(&imp.stage) == Some(&imp.kind)
                && imp.via.is_none_or(|v| stage_kind.contains_key(&v))
                && clients.contains(&imp.client)
                && imp.seller.is_none_or(|s| sellers.contains(&s))
                && imp
                    .direction
                    .flatten()
                    .is_none_or(|x| directions.contains(&x))
                && imp
                    .deal_type
                    .flatten()
                    .is_none_or(|x| deal_types.contains(&x));
            if !refs_ok {
                continue;
            }
            match position.get(&imp.id) {
                Some(&i) => {
                    let stored_kind = stage_kind.get(&ws.deals[i].stage).copied();
                    update_deal(&mut ws.deals[i], imp, stored_kind, today, now_ms);
                }
                None => {
                    let Some(deal) = new_deal(imp, today, now_ms) else {
                        continue;
                    };
                    position.insert(deal.id, ws.deals.len());
                    ws.deals.push(deal);
                }
            }
        }
    }
}

/// A new deal: missing creation = today (or the close date if earlier); won/lost close date
/// from the file, else today, never before creation; history `[(stage, created)]`, or
/// `[(open stage, created), (won/lost stage, closed)]` when the file said where it closed.
fn new_deal(imp: DealImport, today: NaiveDate, now_ms: i64) -> Option<Deal> {
    let seller = imp.seller?;
    let created = imp
        .created
        .unwrap_or_else(|| imp.closed.map_or(today, |c| c.min(today)));
    let closed = match imp.kind {
        StageKind::Open => None,
        StageKind::Won | StageKind::Lost => Some(imp.closed.unwrap_or(today).max(created)),
    };
    let history = match (imp.via, closed) {
        (Some(via), Some(c)) => vec![
            StageEntry {
                stage: via,
                entered: created,
            },
            StageEntry {
                stage: imp.stage,
                entered: c,
            },
        ],
        _ => vec![StageEntry {
            stage: imp.stage,
            entered: created,
        }],
    };
    Some(Deal {
        id: imp.id,
        title: imp.title,
        client: imp.client,
        seller,
        direction: imp.direction.flatten(),
        deal_type: imp.deal_type.flatten(),
        amount: imp.amount.unwrap_or(Money::ZERO),
        probability: imp.probability.flatten(),
        stage: imp.stage,
        created,
        expected_close: imp.expected_close.flatten(),
        closed,
        history,
        next_step: imp.next_step.flatten().map(|text| NextStep {
            text,
            due: None,
            done: false,
        }),
        lost_reason: if imp.kind == StageKind::Lost {
            imp.lost_reason.flatten()
        } else {
            None
        },
        contacts: Vec::new(),
        forecast_category: None,
        updated_at: now_ms,
    })
}

/// An existing deal: imported fields overwritten (unmapped ones kept), history kept; a stage
/// change appends `(stage, day)` with day = the close date for won/lost, today for open, never
/// before the last entry. Dates are then kept consistent: no history entry and no close date
/// before creation.
fn update_deal(
    d: &mut Deal,
    imp: DealImport,
    stored_kind: Option<StageKind>,
    today: NaiveDate,
    now_ms: i64,
) {
    if imp.title_given {
        d.title = imp.title;
    }
    d.client = imp.client;
    if let Some(s) = imp.seller {
        d.seller = s;
    }
    if let Some(x) = imp.direction {
        d.direction = x;
    }
    if let Some(x) = imp.deal_type {
        d.deal_type = x;
    }
    if let Some(x) = imp.amount {
        d.amount = x;
    }
    if let Some(x) = imp.probability {
        d.probability = x;
    }
    if let Some(x) = imp.expected_close {
        d.expected_close = x;
    }
    if let Some(c) = imp.created {
        d.created = c;
    }
    let closed = match imp.kind {
        StageKind::Open => None,
        kind => Some(
            imp.closed
                .or(d.closed.filter(|_| stored_kind == Some(kind)))
                .unwrap_or(today),
        ),
    };
    if d.stage != imp.stage {
        let last = d.history.last().map(|e| e.entered);
        let on = closed
            .unwrap_or(today)
            .max(last.unwrap_or(d.created))
            .max(d.created);
        d.history.push(StageEntry {
            stage: imp.stage,
            entered: on,
        });
        d.stage = imp.stage;
    }
    d.closed = closed;
    match imp.kind {
        StageKind::Lost => {
            if let Some(r) = imp.lost_reason {
                d.lost_reason = r;
            }
        }
        _ => d.lost_reason = None,
    }
    if let Some(step) = imp.next_step {
        d.next_step = match step {
            None => None,
            Some(text) if d.next_step.as_ref().is_some_and(|s| s.text == text) => {
                d.next_step.take()
            }
            Some(text) => Some(NextStep {
                text,
                due: None,
                done: false,
            }),
        };
    }
    // Keep the dates consistent whatever the file said about creation.
    let created = d.created;
    for e in &mut d.history {
        if e.entered < created {
            e.entered = created;
        }
    }
    if d.history.last().is_none_or(|e| e.stage != d.stage) {
        let on = d.history.last().map_or(created, |e| e.entered.max(created));
        d.history.push(StageEntry {
            stage: d.stage,
            entered: on,
        });
    }
    if let Some(c) = d.closed
        && c < created
    {
        d.closed = Some(created);
    }
    d.updated_at = now_ms;
}
