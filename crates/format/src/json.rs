//! The Voronka JSON file, version 1 (documented in `docs/file-format.md`).
//!
//! Reading never changes anything: it returns a whole, validated [`Workspace`] or an error that
//! says what is wrong and where (line and column for malformed JSON, a path per schema problem).

use super::iso_date;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use domain::validate::{Problem, validate};
use domain::*;

mod bad_value;
use bad_value::strip_position;
pub use bad_value::{Allowed, BadValue};

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
    Malformed {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not a Voronka file")]
    NotVoronka,
    #[error("file version {found} is newer than this app reads ({supported})")]
    NewerVersion { found: u32, supported: u32 },
    #[error("the file has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    /// A stored workspace in the packed form (`format::packed`) that cannot be unpacked.
    #[error("the stored workspace is damaged: {0}")]
    Damaged(String),
    /// Well-formed JSON of a Voronka file with a value its field cannot hold (an impossible
    /// date, an amount too large, a word where a number belongs, a missing field): which item
    /// and field, what value, and what is allowed.
    #[error("{}: {:?} is not allowed ({:?})", .0.path, .0.value, .0.allowed)]
    BadValue(Box<BadValue>),
    /// The file's optional snapshot history (`snapshots`) cannot be read.
    #[error("{0}")]
    Snapshots(super::snapshots::SnapshotsError),
}

/// A whole Voronka file: the workspace and, when the file carries one, its snapshot history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoronkaFile {
    pub workspace: Workspace,
    pub history: Option<domain::changes::History>,
}

/// The top level, read loosely: any JSON value is accepted for `format` and `version` so that a
/// JSON file that is not a Voronka file (say `"version": "1.0.0"`) is reported as such, not as
/// malformed.
struct Envelope<'a> {
    format: Option<&'a RawValue>,
    version: Option<&'a RawValue>,
    workspace: Option<WorkspaceMember<'a>>,
    /// The optional snapshot history, read only by [`read_file`].
    snapshots: Option<&'a RawValue>,
}

/// The `workspace` member. Voronka writes `format` and `version` first, so the workspace is
/// usually parsed into its DTO in the same pass as the envelope (a second pass over a 5 MB file
/// cost a quarter of the read). When they come after it, or say this version cannot read the
/// file, it is kept raw and judged after them.
enum WorkspaceMember<'a> {
    Parsed(Box<WorkspaceDto>),
    Raw(&'a RawValue),
}

/// Reads the envelope; `failed_inside` is set when the error came from inside the workspace
/// (so it is a malformed file, not "not a Voronka file").
struct EnvelopeSeed<'f> {
    failed_inside: &'f std::cell::Cell<bool>,
}

impl<'de> serde::de::DeserializeSeed<'de> for EnvelopeSeed<'_> {
    type Value = Envelope<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Envelope<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for EnvelopeSeed<'_> {
    type Value = Envelope<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a Voronka file")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<Envelope<'de>, A::Error> {
        use serde::de::Error;
        let mut env = Envelope {
            format: None,
            version: None,
            workspace: None,
            snapshots: None,
        };
        let mut seen = [false; 4];
        while let Some(key) = map.next_key::<String>()? {
            let slot = match key.as_str() {
                "format" => 0,
                "version" => 1,
                "workspace" => 2,
                "snapshots" => 3,
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    continue;
                }
            };
            if std::mem::replace(&mut seen[slot], true) {
                return Err(A::Error::duplicate_field(
                    ["format", "version", "workspace", "snapshots"][slot],
                ));
            }
            match slot {
                0 => env.format = map.next_value()?,
                1 => env.version = map.next_value()?,
                3 => env.snapshots = map.next_value()?,
                _ if readable_version(env.format, env.version) => {
                    match map.next_value::<Option<WorkspaceDto>>() {
                        Ok(dto) => {
                            env.workspace = dto.map(|d| WorkspaceMember::Parsed(Box::new(d)))
                        }
                        Err(e) => {
                            self.failed_inside.set(true);
                            return Err(e);
                        }
                    }
                }
                _ => {
                    env.workspace = map
                        .next_value::<Option<&RawValue>>()?
                        .map(WorkspaceMember::Raw)
                }
            }
        }
        Ok(env)
    }
}

/// True when `format` is Voronka's and `version` one this build reads.
fn readable_version(format: Option<&RawValue>, version: Option<&RawValue>) -> bool {
    fn read<T: serde::de::DeserializeOwned>(raw: Option<&RawValue>) -> Option<T> {
        raw.and_then(|r| serde_json::from_str(r.get()).ok())
    }
    let format: Option<String> = read(format);
    let version: Option<u64> = read(version);
    format.as_deref() == Some(FORMAT_NAME)
        && version.is_some_and(|v| (1..=u64::from(CURRENT_VERSION)).contains(&v))
}

/// The whole file as written.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    workspace: &'a WorkspaceDto,
    #[serde(skip_serializing_if = "Option::is_none")]
    snapshots: Option<super::snapshots::HistoryDto>,
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

/// Both `From` conversions between a domain enum and its DTO, variant for variant: the file's
/// spelling stays the DTO's (serde's), never the domain's.
macro_rules! mirror_enum {
    ($domain:ident <=> $dto:ident { $($variant:ident),+ }) => {
        impl From<$domain> for $dto {
            fn from(v: $domain) -> Self {
                match v {
                    $($domain::$variant => $dto::$variant,)+
                }
            }
        }

        impl From<$dto> for $domain {
            fn from(v: $dto) -> Self {
                match v {
                    $($dto::$variant => $domain::$variant,)+
                }
            }
        }
    };
}

/// Both conversions between a list that is an id and a name (sellers, directions, deal types)
/// and [`NamedDto`].
macro_rules! named_dto {
    ($($domain:ident($id:ident)),+) => {$(
        impl From<&$domain> for NamedDto {
            fn from(x: &$domain) -> Self {
                NamedDto {
                    id: x.id.0,
                    name: x.name.clone(),
                }
            }
        }

        impl From<NamedDto> for $domain {
            fn from(x: NamedDto) -> Self {
                $domain {
                    id: $id(x.id),
                    name: x.name,
                }
            }
        }
    )+};
}

#[derive(Serialize, Deserialize)]
pub struct NamedDto {
    pub id: u64,
    pub name: String,
}

named_dto!(
    Seller(SellerId),
    Direction(DirectionId),
    DealType(DealTypeId)
);

#[derive(Serialize, Deserialize)]
pub struct ClientDto {
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub segment: String,
    #[serde(default)]
    pub key: bool,
    /// The "no client" entry (see `docs/file-format.md`); written only when true, so files
    /// without such an entry read and write as before.
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_client: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
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
    pub kind: StageKindDto,
    pub probability: u8,
    #[serde(default)]
    pub rotting_days: Option<u32>,
    pub forecast_category: ForecastCategoryDto,
}

/// A stage's kind as the file spells it (`open`, `won`, `lost`).
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageKindDto {
    Open,
    Won,
    Lost,
}

mirror_enum!(StageKind <=> StageKindDto { Open, Won, Lost });

/// A forecast category as the file spells it (`pipeline`, `best_case`, `commit`, `omitted`).
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastCategoryDto {
    Pipeline,
    BestCase,
    Commit,
    Omitted,
}

mirror_enum!(ForecastCategory <=> ForecastCategoryDto { Pipeline, BestCase, Commit, Omitted });

#[derive(Serialize, Deserialize)]
pub struct HistoryDto {
    pub stage: u64,
    #[serde(with = "iso_date")]
    pub entered: NaiveDate,
}

#[derive(Serialize, Deserialize)]
pub struct NextStepDto {
    pub text: String,
    #[serde(default, with = "iso_date::option")]
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
    #[serde(with = "iso_date")]
    pub created: NaiveDate,
    #[serde(default, with = "iso_date::option")]
    pub expected_close: Option<NaiveDate>,
    #[serde(default, with = "iso_date::option")]
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
    pub forecast_category: Option<ForecastCategoryDto>,
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
            sellers: ws.sellers.iter().map(NamedDto::from).collect(),
            clients: ws
                .clients
                .iter()
                .map(|c| ClientDto {
                    id: c.id.0,
                    name: c.name.clone(),
                    segment: c.segment.clone(),
                    key: c.key,
                    no_client: c.no_client,
                })
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
            directions: ws.directions.iter().map(NamedDto::from).collect(),
            stages: ws
                .stages
                .iter()
                .map(|s| StageDto {
                    id: s.id.0,
                    name: s.name.clone(),
                    kind: s.kind.into(),
                    probability: s.probability,
                    rotting_days: s.rotting_days,
                    forecast_category: s.forecast_category.into(),
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
                    history: d
                        .history
                        .iter()
                        .map(|h| HistoryDto {
                            stage: h.stage.0,
                            entered: h.entered,
                        })
                        .collect(),
                    next_step: d.next_step.as_ref().map(|n| NextStepDto {
                        text: n.text.clone(),
                        due: n.due,
                        done: n.done,
                    }),
                    lost_reason: d.lost_reason.clone(),
                    contacts: d.contacts.iter().map(|c| c.0).collect(),
                    forecast_category: d.forecast_category.map(Into::into),
                    updated_at: d.updated_at,
                })
                .collect(),
            plans: ws
                .plans
                .iter()
                .map(|p| PlanDto {
                    seller: p.seller.0,
                    month: p.month.to_string(),
                    amount_minor: p.amount.0,
                })
                .collect(),
            roles: ws
                .roles
                .iter()
                .map(|r| RoleDto {
                    id: r.id.0,
                    name: r.name.clone(),
                    target: r.target,
                })
                .collect(),
            deal_types: ws.deal_types.iter().map(NamedDto::from).collect(),
        }
    }

    /// Converts to the domain. Never fails today: a plan month that is not `YYYY-MM` is kept as
    /// an out-of-range month (0, or the month as written) so that [`validate`] reports it with its
    /// path and every other problem of the file is listed too, at its original index.
    pub fn into_domain(self) -> Result<Workspace, Vec<Problem>> {
        let plans = self
            .plans
            .into_iter()
            .map(|p| Plan {
                seller: SellerId(p.seller),
                month: parse_month(&p.month),
                amount: Money(p.amount_minor),
            })
            .collect();
        Ok(Workspace {
            currency: self.currency,
            sellers: self.sellers.into_iter().map(Seller::from).collect(),
            clients: self
                .clients
                .into_iter()
                .map(|c| Client {
                    id: ClientId(c.id),
                    name: c.name,
                    segment: c.segment,
                    key: c.key,
                    no_client: c.no_client,
                })
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
            directions: self.directions.into_iter().map(Direction::from).collect(),
            stages: self
                .stages
                .into_iter()
                .map(|s| Stage {
                    id: StageId(s.id),
                    name: s.name,
                    kind: s.kind.into(),
                    probability: s.probability,
                    rotting_days: s.rotting_days,
                    forecast_category: s.forecast_category.into(),
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
                        .map(|h| StageEntry {
                            stage: StageId(h.stage),
                            entered: h.entered,
                        })
                        .collect(),
                    next_step: d.next_step.map(|n| NextStep {
                        text: n.text,
                        due: n.due,
                        done: n.done,
                    }),
                    lost_reason: d.lost_reason,
                    contacts: d.contacts.into_iter().map(ContactId).collect(),
                    forecast_category: d.forecast_category.map(Into::into),
                    updated_at: d.updated_at,
                })
                .collect(),
            plans,
            roles: self
                .roles
                .into_iter()
                .map(|r| Role {
                    id: RoleId(r.id),
                    name: r.name,
                    target: r.target,
                })
                .collect(),
            deal_types: self.deal_types.into_iter().map(DealType::from).collect(),
        })
    }
}

/// `YYYY-MM` → a month. A well-formed string keeps its month number even outside 1–12, anything
/// else becomes month 0; validation reports both as [`ProblemKind::MonthOutOfRange`].
///
/// [`ProblemKind::MonthOutOfRange`]: domain::validate::ProblemKind::MonthOutOfRange
fn parse_month(s: &str) -> YearMonth {
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    s.split_once('-')
        .filter(|(y, m)| digits(y, 4) && digits(m, 2))
        .and_then(|(y, m)| {
            Some(YearMonth {
                year: y.parse().ok()?,
                month: m.parse().ok()?,
            })
        })
        .unwrap_or(YearMonth { year: 0, month: 0 })
}

/// Writes the whole workspace as a Voronka file.
pub fn write(ws: &Workspace) -> String {
    let dto = WorkspaceDto::from_domain(ws);
    let file = FileOut {
        format: FORMAT_NAME,
        version: CURRENT_VERSION,
        workspace: &dto,
        snapshots: None,
    };
    // ok: serializing plain structs with string keys cannot fail.
    serde_json::to_string(&file).unwrap_or_default()
}

/// Same as [`write`], indented for people to read.
pub fn write_pretty(ws: &Workspace) -> String {
    write_pretty_with_history(ws, None)
}

/// The export: the workspace indented for people to read, with its snapshot history when there
/// is one (an empty history is left out, so the file is exactly what [`write_pretty`] writes).
pub fn write_pretty_with_history(
    ws: &Workspace,
    history: Option<&domain::changes::History>,
) -> String {
    let dto = WorkspaceDto::from_domain(ws);
    let file = FileOut {
        format: FORMAT_NAME,
        version: CURRENT_VERSION,
        workspace: &dto,
        snapshots: history
            .filter(|h| !h.is_empty())
            .map(super::snapshots::HistoryDto::from_domain),
    };
    // ok: serializing plain structs with string keys cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Line and column (1-based, the column counted in characters as editors show it) of a byte
/// offset in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(before.chars().count(), |nl| {
        before[nl + 1..].chars().count()
    }) + 1;
    (line, col)
}

/// The byte offset of serde_json's position (1-based line, column counted in bytes, 0 at the
/// very end of input) in `text`.
fn offset_of(text: &str, line: usize, byte_column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (line_start + byte_column.saturating_sub(1)).min(text.len())
}

/// A value its field cannot hold, at a byte offset of the whole file.
fn bad_value_at(text: &str, e: &serde_json::Error, offset: usize) -> ReadError {
    // A file that is also not JSON (cut off, a stray character after the wrong value, nested
    // past the depth limit) is "not valid JSON" first: that is what the user must fix.
    if let Err(syntax) = serde_json::from_str::<serde::de::IgnoredAny>(text)
        && !syntax.is_data()
    {
        let at = offset_of(text, syntax.line(), syntax.column());
        return malformed(text, at, &syntax);
    }
    let (line, column) = line_col(text, offset);
    ReadError::BadValue(Box::new(bad_value::bad_value::<WorkspaceDto>(
        text, e, line, column,
    )))
}

/// A malformed-JSON error at a byte offset of the whole file.
fn malformed(text: &str, offset: usize, e: &serde_json::Error) -> ReadError {
    let (line, column) = line_col(text, offset);
    ReadError::Malformed {
        line,
        column,
        message: strip_position(&e.to_string()),
    }
}

/// Reads a Voronka file: checks size, syntax, format and version, then the whole schema. An
/// optional snapshot history in it is skipped (see [`read_file`]).
pub fn read(text: &str) -> Result<Workspace, ReadError> {
    read_envelope(text).map(|(ws, _)| ws)
}

/// Reads a whole Voronka file: the workspace as [`read`] does, then its snapshot history, if
/// any (a file from before histories existed has none and reads as before).
pub fn read_file(text: &str) -> Result<VoronkaFile, ReadError> {
    let (workspace, snapshots) = read_envelope(text)?;
    let history = match snapshots {
        None => None,
        Some(raw) if raw.get().trim() == "null" => None,
        Some(raw) => Some(
            serde_json::from_str::<super::snapshots::HistoryDto>(raw.get())
                .map_err(|e| {
                    let base = raw.get().as_ptr() as usize - text.as_ptr() as usize;
                    malformed(text, base + offset_of(raw.get(), e.line(), e.column()), &e)
                })?
                .into_domain()
                .map_err(ReadError::Snapshots)?,
        ),
    };
    Ok(VoronkaFile { workspace, history })
}

fn read_envelope(text: &str) -> Result<(Workspace, Option<&RawValue>), ReadError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            size: text.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let failed_inside = std::cell::Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let read = serde::de::DeserializeSeed::deserialize(
        EnvelopeSeed {
            failed_inside: &failed_inside,
        },
        &mut de,
    )
    .and_then(|envelope| de.end().map(|()| envelope));
    let envelope = match read {
        Ok(envelope) => envelope,
        Err(e) if failed_inside.get() => {
            let at = offset_of(text, e.line(), e.column());
            return Err(if e.is_data() {
                bad_value_at(text, &e, at)
            } else {
                malformed(text, at, &e)
            });
        }
        // Well-formed JSON of another shape (an array, a string…) is simply not a Voronka file;
        // the envelope stops at the first wrong shape, so look at the rest for a syntax error.
        Err(e) if e.is_data() => {
            return Err(match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                Ok(_) => ReadError::NotVoronka,
                Err(e) if e.is_data() => ReadError::NotVoronka,
                Err(e) => malformed(text, offset_of(text, e.line(), e.column()), &e),
            });
        }
        Err(e) => return Err(malformed(text, offset_of(text, e.line(), e.column()), &e)),
    };
    // serde also fills a struct from an array; only an object is a Voronka file.
    if !text.trim_start().starts_with('{') {
        return Err(ReadError::NotVoronka);
    }
    let format: Option<String> = envelope
        .format
        .and_then(|raw| serde_json::from_str(raw.get()).ok());
    if format.as_deref() != Some(FORMAT_NAME) {
        return Err(ReadError::NotVoronka);
    }
    let version: u64 = envelope
        .version
        .and_then(|raw| serde_json::from_str(raw.get()).ok())
        .ok_or(ReadError::NotVoronka)?;
    if version > u64::from(CURRENT_VERSION) {
        let found = u32::try_from(version).unwrap_or(u32::MAX);
        return Err(ReadError::NewerVersion {
            found,
            supported: CURRENT_VERSION,
        });
    }
    if version == 0 {
        return Err(ReadError::NotVoronka);
    }
    let dto: WorkspaceDto = match envelope.workspace.ok_or(ReadError::NotVoronka)? {
        WorkspaceMember::Parsed(dto) => *dto,
        WorkspaceMember::Raw(raw) => serde_json::from_str(raw.get()).map_err(|e| {
            // The error is relative to the `workspace` value; move it back into the whole file.
            let base = raw.get().as_ptr() as usize - text.as_ptr() as usize;
            let at = base + offset_of(raw.get(), e.line(), e.column());
            if e.is_data() {
                bad_value_at(text, &e, at)
            } else {
                malformed(text, at, &e)
            }
        })?,
    };
    let ws = dto.into_domain().map_err(ReadError::Invalid)?;
    let problems: Vec<Problem> = validate(&ws).into_iter().map(in_file_terms).collect();
    if problems.is_empty() {
        Ok((ws, envelope.snapshots))
    } else {
        Err(ReadError::Invalid(problems))
    }
}

/// Validation names the domain's fields; the file calls an amount `amount_minor`, so a path read
/// back from an import points at the field the user sees in the file.
fn in_file_terms(mut problem: Problem) -> Problem {
    if problem.path.ends_with(".amount") {
        problem.path.push_str("_minor");
    }
    problem
}
