//! Values of a Voronka file that their fields cannot hold, in the user's terms: which item and
//! field, what value, what is allowed (issue 15). Broken syntax stays `ReadError::Malformed`.

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A value of the file that its field cannot hold, in the user's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValue {
    /// Path inside `workspace`, as validation writes it: `deals[3].created`.
    pub path: String,
    /// The list the item belongs to (`deals`) and its position (0-based), when the value is
    /// inside an item of a list.
    pub item: Option<(String, usize)>,
    /// The item's name or title, when it has a readable one.
    pub item_name: Option<String>,
    /// The field (`created`), or for a missing field the field that is missing.
    pub field: Option<String>,
    /// The value as written (`2026-02-30`, `1e30`); `None` for a missing field.
    pub value: Option<String>,
    pub allowed: Allowed,
    /// Where in the file (1-based; the column in characters): the value's last character, or
    /// for a missing field the end of its object.
    pub line: usize,
    pub column: usize,
}

/// What a field of the file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowed {
    /// A day that exists, written `YYYY-MM-DD`.
    Date,
    /// A whole number of minor units (kopecks, cents), 0 to `MAX_AMOUNT`.
    Amount,
    /// A whole number 0–100.
    Percent,
    /// A whole number 0–5.
    Level,
    /// A whole number of days, or null.
    Days,
    /// An item id: a whole number.
    Id,
    /// Text in quotes.
    Text,
    /// `true` or `false`.
    Bool,
    /// `open`, `won` or `lost`.
    StageKind,
    /// `pipeline`, `best_case`, `commit` or `omitted`.
    ForecastCategory,
    /// `YYYY-MM`.
    Month,
    /// Milliseconds since 1970 (a whole number).
    Timestamp,
    /// A list `[…]`.
    List,
    /// An object `{…}`.
    Object,
    /// The field must be there.
    Required,
    /// Anything else, as the reader said it.
    Other(String),
}

/// Only the workspace (`W`, the file's workspace shape), to find the path of a bad value again.
#[derive(Deserialize)]
#[serde(bound = "W: DeserializeOwned")]
struct WorkspaceOnly<W> {
    #[allow(dead_code)] // read for its errors only
    workspace: W,
}

/// A value inside the workspace its field cannot hold (broken syntax stays
/// `ReadError::Malformed`, "not valid JSON"): the file is read again (only after the error)
/// tracking the path, so the message can name the item and the field; serde's message gives the
/// value and what was expected; `line` and `column` are where the error is in `text`. `W` is the
/// file's workspace shape (passed in so this piece does not import its parent).
pub(super) fn bad_value<W: DeserializeOwned>(
    text: &str,
    e: &serde_json::Error,
    line: usize,
    column: usize,
) -> BadValue {
    let mut de = serde_json::Deserializer::from_str(text);
    let (segments, message) = match serde_path_to_error::deserialize::<_, WorkspaceOnly<W>>(&mut de)
    {
        Err(pe) => {
            let segments: Vec<Segment> = pe
                .path()
                .iter()
                .filter_map(|s| match s {
                    serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
                    serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
                    _ => None,
                })
                .skip(1) // "workspace"
                .collect();
            (segments, pe.inner().to_string())
        }
        Ok(_) => (Vec::new(), e.to_string()),
    };
    let message = strip_position(&message);
    let (value, expected, missing) = parse_serde_message(&message);
    let mut path = String::new();
    for s in &segments {
        match s {
            Segment::Key(k) if path.is_empty() => path.push_str(k),
            Segment::Key(k) => {
                path.push('.');
                path.push_str(k);
            }
            Segment::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    let item = match segments.as_slice() {
        [Segment::Key(list), Segment::Index(i), ..] => Some((list.clone(), *i)),
        _ => None,
    };
    let item_name = item
        .as_ref()
        .and_then(|(list, i)| item_name(text, list, *i));
    let field = match &missing {
        Some(f) => Some(f.clone()),
        None => segments.iter().rev().find_map(|s| match s {
            Segment::Key(k) => Some(k.clone()),
            Segment::Index(_) => None,
        }),
    };
    let allowed = if missing.is_some() {
        Allowed::Required
    } else {
        allowed_for(&segments, &expected)
    };
    BadValue {
        path,
        item,
        item_name,
        field,
        value,
        allowed,
        line,
        column,
    }
}

/// serde_json appends " at line L column C"; drop it, the position is reported separately.
pub(super) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

enum Segment {
    Key(String),
    Index(usize),
}

/// The item's `name` or `title` (a deal's), read loosely from the file, shortened for a message.
fn item_name(text: &str, list: &str, index: usize) -> Option<String> {
    let file: serde_json::Value = serde_json::from_str(text).ok()?;
    let item = file.get("workspace")?.get(list)?.get(index)?;
    let name = item
        .get("title")
        .or_else(|| item.get("name"))?
        .as_str()?
        .trim();
    if name.is_empty() {
        return None;
    }
    let mut short: String = name.chars().take(60).collect();
    if name.chars().count() > 60 {
        short.push('…');
    }
    Some(short)
}

/// serde's messages, taken apart: `invalid type: floating point `1e30`, expected i64`, `invalid
/// value: string "2026-02-30", expected a date YYYY-MM-DD`, `missing field `title``, `unknown
/// variant `opened`, expected one of …`. Returns (the value as written, what serde expected, the
/// missing field).
fn parse_serde_message(m: &str) -> (Option<String>, String, Option<String>) {
    let quoted = |s: &str| -> Option<String> {
        for (open, close) in [('`', '`'), ('"', '"')] {
            if let Some(a) = s.find(open)
                && let Some(b) = s.rfind(close)
                && b > a
            {
                return Some(s[a + 1..b].to_string());
            }
        }
        None
    };
    if let Some(rest) = m.strip_prefix("missing field ") {
        return (None, String::new(), quoted(rest));
    }
    let (unexpected, expected) = match m.split_once(", expected ") {
        Some((u, x)) => (u, x.to_string()),
        None => (m, String::new()),
    };
    let unexpected = unexpected
        .trim_start_matches("invalid type: ")
        .trim_start_matches("invalid value: ")
        .trim_start_matches("unknown variant ");
    let value = quoted(unexpected).or_else(|| match unexpected {
        "null" | "boolean" | "sequence" | "map" | "unit value" => Some(unexpected.to_string()),
        _ => None,
    });
    let value = value.or_else(|| (!unexpected.is_empty()).then(|| unexpected.to_string()));
    (value, expected, None)
}

/// What the field at the end of `segments` holds, by its name (the file format's fields).
fn allowed_for(segments: &[Segment], expected: &str) -> Allowed {
    let key = segments.iter().rev().find_map(|s| match s {
        Segment::Key(k) => Some(k.as_str()),
        Segment::Index(_) => None,
    });
    let last_is_index = matches!(segments.last(), Some(Segment::Index(_)));
    if last_is_index {
        // An element of a list: ids in a deal's contacts, items elsewhere.
        return match key {
            Some("contacts") if segments.len() > 3 => Allowed::Id,
            _ => Allowed::Object,
        };
    }
    match key {
        Some("created" | "expected_close" | "closed" | "entered" | "due") => Allowed::Date,
        Some("amount_minor") => Allowed::Amount,
        Some("probability") => Allowed::Percent,
        Some("level") => Allowed::Level,
        Some("rotting_days") => Allowed::Days,
        Some("id" | "client" | "seller" | "direction" | "deal_type" | "stage" | "role") => {
            Allowed::Id
        }
        Some("name" | "title" | "segment" | "position" | "text" | "lost_reason" | "currency") => {
            Allowed::Text
        }
        Some("key" | "target" | "done" | "no_client") => Allowed::Bool,
        Some("kind") => Allowed::StageKind,
        Some("forecast_category") => Allowed::ForecastCategory,
        Some("month") => Allowed::Month,
        Some("updated_at") => Allowed::Timestamp,
        Some(
            "sellers" | "clients" | "contacts" | "directions" | "stages" | "deals" | "plans"
            | "roles" | "deal_types" | "history",
        ) => Allowed::List,
        Some("next_step") | None => Allowed::Object,
        Some(_) => Allowed::Other(expected.to_string()),
    }
}
