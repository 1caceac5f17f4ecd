//! The Voronka JSON file, version 1 (documented in `docs/file-format.md`).
//!
//! Reading never changes anything: it returns a whole, validated [`Workspace`] or an error that
//! says what is wrong and where (line and column for malformed JSON, a path per schema problem).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::domain::validate::{validate, Problem};
use crate::domain::*;

/// The `format` field's value.
pub const FORMAT_NAME: &str = "voronka";
/// The newest version this build reads and the one it writes.
pub const CURRENT_VERSION: u32 = 1;
/// Files larger than this are refused before parsing (a 100,000-deal workspace is about 45 MB).
pub const MAX_FILE_BYTES: usize = 128 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is larger than {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    Malformed { line: usize, column: usize, message: String },
    #[error("not a Voronka file")]
    NotVoronka,
    #[error("file version {found} is newer than this app reads ({supported})")]
    NewerVersion { found: u32, supported: u32 },
    #[error("the file has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
}

#[derive(Deserialize)]
struct Envelope<'a> {
    format: Option<String>,
    version: Option<u32>,
    #[serde(borrow)]
    workspace: Option<&'a RawValue>,
}

/// The whole file as written.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    workspace: &'a WorkspaceDto,
}

#[derive(Serialize, Deserialize)]
pub struct WorkspaceDto {
    pub currency: String,
    #[serde(default)]
    pub sellers: Vec<NamedDto>,
    #[serde(default)]
    pub clients: Vec<ClientDto>,
    #[serde(default)]
    pub contacts: Vec<ContactDto>,
    #[serde(default)]
    pub directions: Vec<NamedDto>,
    #[serde(default)]
    pub stages: Vec<StageDto>,
    #[serde(default)]
    pub deals: Vec<DealDto>,
    #[serde(default)]
    pub plans: Vec<PlanDto>,
    #[serde(default)]
    pub roles: Vec<RoleDto>,
    #[serde(default)]
    pub deal_types: Vec<NamedDto>,
}

#[derive(Serialize, Deserialize)]
pub struct NamedDto {
    pub id: u64,
    pub name: String,
}

#[derive(Serialize, Deserialize)]
pub struct ClientDto {
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub segment: String,
    #[serde(default)]
    pub key: bool,
}

#[derive(Serialize, Deserialize)]
pub struct ContactDto {
    pub id: u64,
    pub client: u64,
    pub name: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub role: Option<u64>,
    #[serde(default)]
    pub level: u8,
}

#[derive(Serialize, Deserialize)]
pub struct RoleDto {
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub target: bool,
}

#[derive(Serialize, Deserialize)]
pub struct StageDto {
    pub id: u64,
    pub name: String,
    pub kind: StageKind,
    pub probability: u8,
    #[serde(default)]
    pub rotting_days: Option<u32>,
    pub forecast_category: ForecastCategory,
}

#[derive(Serialize, Deserialize)]
pub struct HistoryDto {
    pub stage: u64,
    pub entered: NaiveDate,
}

#[derive(Serialize, Deserialize)]
pub struct NextStepDto {
    pub text: String,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub done: bool,
}

#[derive(Serialize, Deserialize)]
pub struct DealDto {
    pub id: u64,
    pub title: String,
    pub client: u64,
    pub seller: u64,
    #[serde(default)]
    pub direction: Option<u64>,
    #[serde(default)]
    pub deal_type: Option<u64>,
    /// Exact amount in minor units (kopecks, cents).
    pub amount_minor: i64,
    #[serde(default)]
    pub probability: Option<u8>,
    pub stage: u64,
    pub created: NaiveDate,
    #[serde(default)]
    pub expected_close: Option<NaiveDate>,
    #[serde(default)]
    pub closed: Option<NaiveDate>,
    #[serde(default)]
    pub history: Vec<HistoryDto>,
    #[serde(default)]
    pub next_step: Option<NextStepDto>,
    #[serde(default)]
    pub lost_reason: Option<String>,
    #[serde(default)]
    pub contacts: Vec<u64>,
    #[serde(default)]
    pub forecast_category: Option<ForecastCategory>,
    #[serde(default)]
    pub updated_at: i64,
}

#[derive(Serialize, Deserialize)]
pub struct PlanDto {
    pub seller: u64,
    /// `YYYY-MM`.
    pub month: String,
    pub amount_minor: i64,
}

impl WorkspaceDto {
    pub fn from_domain(ws: &Workspace) -> Self {
        WorkspaceDto {
            currency: ws.currency.clone(),
            sellers: ws.sellers.iter().map(|s| NamedDto { id: s.id.0, name: s.name.clone() }).collect(),
            clients: ws
                .clients
                .iter()
                .map(|c| ClientDto { id: c.id.0, name: c.name.clone(), segment: c.segment.clone(), key: c.key })
                .collect(),
            contacts: ws
                .contacts
                .iter()
                .map(|c| ContactDto {
                    id: c.id.0,
                    client: c.client.0,
                    name: c.name.clone(),
                    position: c.position.clone(),
                    role: c.role.map(|r| r.0),
                    level: c.level,
                })
                .collect(),
            directions: ws.directions.iter().map(|s| NamedDto { id: s.id.0, name: s.name.clone() }).collect(),
            stages: ws
                .stages
                .iter()
                .map(|s| StageDto {
                    id: s.id.0,
                    name: s.name.clone(),
                    kind: s.kind,
                    probability: s.probability,
                    rotting_days: s.rotting_days,
                    forecast_category: s.forecast_category,
                })
                .collect(),
            deals: ws
                .deals
                .iter()
                .map(|d| DealDto {
                    id: d.id.0,
                    title: d.title.clone(),
                    client: d.client.0,
                    seller: d.seller.0,
                    direction: d.direction.map(|x| x.0),
                    deal_type: d.deal_type.map(|x| x.0),
                    amount_minor: d.amount.0,
                    probability: d.probability,
                    stage: d.stage.0,
                    created: d.created,
                    expected_close: d.expected_close,
                    closed: d.closed,
                    history: d.history.iter().map(|h| HistoryDto { stage: h.stage.0, entered: h.entered }).collect(),
                    next_step: d.next_step.as_ref().map(|n| NextStepDto {
                        text: n.text.clone(),
                        due: n.due,
                        done: n.done,
                    }),
                    lost_reason: d.lost_reason.clone(),
                    contacts: d.contacts.iter().map(|c| c.0).collect(),
                    forecast_category: d.forecast_category,
                    updated_at: d.updated_at,
                })
                .collect(),
            plans: ws
                .plans
                .iter()
                .map(|p| PlanDto { seller: p.seller.0, month: p.month.to_string(), amount_minor: p.amount.0 })
                .collect(),
            roles: ws.roles.iter().map(|r| RoleDto { id: r.id.0, name: r.name.clone(), target: r.target }).collect(),
            deal_types: ws.deal_types.iter().map(|s| NamedDto { id: s.id.0, name: s.name.clone() }).collect(),
        }
    }

    /// Converts to the domain; values the domain type cannot hold become problems with paths.
    pub fn into_domain(self) -> Result<Workspace, Vec<Problem>> {
        let mut problems = Vec::new();
        let plans = self
            .plans
            .into_iter()
            .enumerate()
            .filter_map(|(i, p)| match parse_month(&p.month) {
                Some(month) => Some(Plan { seller: SellerId(p.seller), month, amount: Money(p.amount_minor) }),
                None => {
                    problems.push(Problem {
                        path: format!("plans[{i}].month"),
                        kind: crate::domain::validate::ProblemKind::MonthOutOfRange(0),
                    });
                    None
                }
            })
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Workspace {
            currency: self.currency,
            sellers: self.sellers.into_iter().map(|s| Seller { id: SellerId(s.id), name: s.name }).collect(),
            clients: self
                .clients
                .into_iter()
                .map(|c| Client { id: ClientId(c.id), name: c.name, segment: c.segment, key: c.key })
                .collect(),
            contacts: self
                .contacts
                .into_iter()
                .map(|c| Contact {
                    id: ContactId(c.id),
                    client: ClientId(c.client),
                    name: c.name,
                    position: c.position,
                    role: c.role.map(RoleId),
                    level: c.level,
                })
                .collect(),
            directions: self
                .directions
                .into_iter()
                .map(|s| Direction { id: DirectionId(s.id), name: s.name })
                .collect(),
            stages: self
                .stages
                .into_iter()
                .map(|s| Stage {
                    id: StageId(s.id),
                    name: s.name,
                    kind: s.kind,
                    probability: s.probability,
                    rotting_days: s.rotting_days,
                    forecast_category: s.forecast_category,
                })
                .collect(),
            deals: self
                .deals
                .into_iter()
                .map(|d| Deal {
                    id: DealId(d.id),
                    title: d.title,
                    client: ClientId(d.client),
                    seller: SellerId(d.seller),
                    direction: d.direction.map(DirectionId),
                    deal_type: d.deal_type.map(DealTypeId),
                    amount: Money(d.amount_minor),
                    probability: d.probability,
                    stage: StageId(d.stage),
                    created: d.created,
                    expected_close: d.expected_close,
                    closed: d.closed,
                    history: d
                        .history
                        .into_iter()
                        .map(|h| StageEntry { stage: StageId(h.stage), entered: h.entered })
                        .collect(),
                    next_step: d.next_step.map(|n| NextStep { text: n.text, due: n.due, done: n.done }),
                    lost_reason: d.lost_reason,
                    contacts: d.contacts.into_iter().map(ContactId).collect(),
                    forecast_category: d.forecast_category,
                    updated_at: d.updated_at,
                })
                .collect(),
            plans,
            roles: self
                .roles
                .into_iter()
                .map(|r| Role { id: RoleId(r.id), name: r.name, target: r.target })
                .collect(),
            deal_types: self
                .deal_types
                .into_iter()
                .map(|s| DealType { id: DealTypeId(s.id), name: s.name })
                .collect(),
        })
    }
}

fn parse_month(s: &str) -> Option<YearMonth> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    let month: u32 = m.parse().ok()?;
    (1..=12).contains(&month).then_some(YearMonth { year, month })
}

/// Writes the whole workspace as a Voronka file.
pub fn write(ws: &Workspace) -> String {
    let dto = WorkspaceDto::from_domain(ws);
    let file = FileOut { format: FORMAT_NAME, version: CURRENT_VERSION, workspace: &dto };
    // ok: serializing plain structs with string keys cannot fail.
    serde_json::to_string(&file).unwrap_or_default()
}

/// Same as [`write`], indented for people to read.
pub fn write_pretty(ws: &Workspace) -> String {
    let dto = WorkspaceDto::from_domain(ws);
    let file = FileOut { format: FORMAT_NAME, version: CURRENT_VERSION, workspace: &dto };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Line and column (1-based) of a byte offset in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(before.chars().count(), |nl| before[nl + 1..].chars().count()) + 1;
    (line, col)
}

/// Reads a Voronka file: checks size, syntax, format and version, then the whole schema.
pub fn read(text: &str) -> Result<Workspace, ReadError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge { size: text.len(), limit: MAX_FILE_BYTES });
    }
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let envelope: Envelope = serde_json::from_str(text_no_bom).map_err(|e| ReadError::Malformed {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    if envelope.format.as_deref() != Some(FORMAT_NAME) {
        return Err(ReadError::NotVoronka);
    }
    let version = envelope.version.ok_or(ReadError::NotVoronka)?;
    if version > CURRENT_VERSION {
        return Err(ReadError::NewerVersion { found: version, supported: CURRENT_VERSION });
    }
    if version == 0 {
        return Err(ReadError::NotVoronka);
    }
    let raw = envelope.workspace.ok_or(ReadError::NotVoronka)?;
    let dto: WorkspaceDto = serde_json::from_str(raw.get()).map_err(|e| {
        // The error is relative to the `workspace` value; move it back into the whole file.
        let base = raw.get().as_ptr() as usize - text_no_bom.as_ptr() as usize;
        let (base_line, base_col) = line_col(text_no_bom, base);
        let (line, column) =
            if e.line() <= 1 { (base_line, base_col + e.column().saturating_sub(1)) } else { (base_line + e.line() - 1, e.column()) };
        ReadError::Malformed { line, column, message: strip_position(&e.to_string()) }
    })?;
    let ws = dto.into_domain().map_err(ReadError::Invalid)?;
    let problems = validate(&ws);
    if problems.is_empty() { Ok(ws) } else { Err(ReadError::Invalid(problems)) }
}

/// serde_json appends " at line L column C"; drop it when the position has been recomputed.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
