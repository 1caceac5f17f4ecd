//! The Voronka JSON file, version 1 (documented in `docs/file-format.md`).
//!
//! Reading never changes anything: it returns a whole, validated [`Workspace`] or an error that
//! says what is wrong and where (line and column for malformed JSON, a path per schema problem).

use serde::Serialize;
use serde_json::value::RawValue;

use domain::validate::{Problem, validate};
use domain::*;

mod bad_value;
mod dto;
mod indent;
use bad_value::strip_position;
pub use bad_value::{Allowed, BadValue};
pub use dto::*;

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

/// [`write`] in parts, for a writer that goes a slice of deals at a time: the file up to the
/// deals array's `[` and from its `]` on. The deals between them, joined by commas, are
/// [`write_deals`] of each slice; `head + deals + tail` is exactly [`write`] (`tests/packed.rs`).
pub fn write_around_deals(ws: &Workspace) -> (String, String) {
    let rest = Workspace {
        currency: ws.currency.clone(),
        sellers: ws.sellers.clone(),
        clients: ws.clients.clone(),
        contacts: ws.contacts.clone(),
        directions: ws.directions.clone(),
        stages: ws.stages.clone(),
        deals: Vec::new(),
        plans: ws.plans.clone(),
        roles: ws.roles.clone(),
        deal_types: ws.deal_types.clone(),
    };
    let text = write(&rest);
    // Outside strings (where a quote is escaped) this can only be the workspace's deals key.
    const KEY: &str = "\"deals\":[]";
    match text.find(KEY) {
        Some(at) => {
            let split = at + KEY.len() - 1;
            (text[..split].to_string(), text[split..].to_string())
        }
        None => (text, String::new()),
    }
}

/// The deals of a slice as they stand in [`write`]'s deals array, without brackets.
pub fn write_deals(deals: &[Deal]) -> String {
    let dtos: Vec<DealDto> = deals.iter().map(DealDto::from_domain).collect();
    let text = serde_json::to_string(&dtos).unwrap_or_default();
    text.get(1..text.len().saturating_sub(1))
        .unwrap_or_default()
        .to_string()
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
    // ok: serializing plain structs with string keys cannot fail. Compact, then indented: one
    // serializer in the wasm instead of two (indent.rs).
    indent::indent(&serde_json::to_string(&file).unwrap_or_default())
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
    let mut ws = dto.into_domain().map_err(ReadError::Invalid)?;
    // The deals were collected by doubling (a JSON array has no length up front); up to a
    // third of the buffer would stay unused for the workspace's lifetime (7 MB at 100,000).
    ws.deals.shrink_to_fit();
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
