//! Companion tables: an export often comes as several files (deals + accounts + products +
//! teams). A companion file lists clients (with their segment), product directions or sellers;
//! added to the same import, its names become items even when no deal names them, matched to the
//! workspace's exactly like the deals' names (near duplicates are asked about).
//!
//! What a file is comes from its headers: the first column that names a client (`account`,
//! `company`, `клиент`…), a product (`product`, `direction`, `продукт`…) or a seller
//! (`sales_agent`, `seller`, `менеджер`…) decides. A deals file (one with a stage or a status
//! column) is not a companion.

use std::collections::HashSet;

use super::*;
use crate::edit::{MAX_NAME_CHARS, name_key};

/// What a companion table lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompanionKind {
    /// Clients, with an optional segment column (`sector`, `segment`, `industry`…).
    Accounts,
    /// Product directions.
    Products,
    /// Sellers.
    Teams,
}

impl CompanionKind {
    /// A stable code, used as the i18n key suffix.
    pub fn code(self) -> &'static str {
        match self {
            CompanionKind::Accounts => "accounts",
            CompanionKind::Products => "products",
            CompanionKind::Teams => "teams",
        }
    }
}

/// One name of a companion table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanionName {
    pub name: String,
    /// Accounts only: the client's segment, when the table has one.
    pub segment: Option<String>,
}

/// A companion table as read: its kind and its names, each once (by [`name_key`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Companion {
    pub kind: CompanionKind,
    /// The header of the column the names come from.
    pub name_header: String,
    /// The header of the segment column (accounts only), if any.
    pub segment_header: Option<String>,
    pub names: Vec<CompanionName>,
    /// Rows skipped: an empty name, a name too long, a wrong number of cells. By line.
    pub skipped: Vec<u64>,
}

/// Why a file is not a companion table.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum CompanionError {
    /// It has a stage or status column: it is a deals file.
    #[error("the file is a deals table, not a companion table")]
    DealsFile,
    /// No column names clients, products or sellers.
    #[error("no column of the file names clients, products or sellers")]
    Unknown,
}

impl CompanionError {
    /// A stable code, used as the key of the translated message.
    pub fn code(&self) -> &'static str {
        match self {
            CompanionError::DealsFile => "deals_file",
            CompanionError::Unknown => "unknown",
        }
    }
}

const ACCOUNT_HEADERS: &[&str] = &[
    "account",
    "account name",
    "accounts",
    "client",
    "client name",
    "company",
    "company name",
    "customer",
    "organization",
    "organisation",
    "клиент",
    "компания",
    "организация",
    "контрагент",
    "заказчик",
];
const PRODUCT_HEADERS: &[&str] = &[
    "product",
    "product name",
    "products",
    "direction",
    "product direction",
    "product line",
    "продукт",
    "направление",
    "товар",
];
const TEAM_HEADERS: &[&str] = &[
    "sales agent",
    "sales rep",
    "seller",
    "salesperson",
    "owner",
    "deal owner",
    "продавец",
    "менеджер по продажам",
    "ответственный",
];
const SEGMENT_HEADERS: &[&str] = &["segment", "sector", "industry", "сегмент", "отрасль"];

/// Reads a companion table in chunks, like the deals file.
#[derive(Clone, Debug)]
pub struct CompanionReader {
    kind: CompanionKind,
    headers: usize,
    name_col: usize,
    segment_col: Option<usize>,
    name_header: String,
    segment_header: Option<String>,
    names: Vec<CompanionName>,
    seen: HashSet<String>,
    skipped: Vec<u64>,
}

impl CompanionReader {
    /// Decides from the headers what the table lists.
    pub fn new(headers: &[String]) -> Result<CompanionReader, CompanionError> {
        let (_, mapping) = detect_layout(headers);
        if mapping
            .columns
            .iter()
            .any(|f| matches!(f, Some(Field::Stage | Field::Status)))
        {
            return Err(CompanionError::DealsFile);
        }
        let keys: Vec<String> = headers.iter().map(|h| norm_header(h)).collect();
        let (name_col, kind) = keys
            .iter()
            .enumerate()
            .find_map(|(i, k)| {
                let k = k.as_str();
                if TEAM_HEADERS.contains(&k) {
                    Some((i, CompanionKind::Teams))
                } else if ACCOUNT_HEADERS.contains(&k) {
                    Some((i, CompanionKind::Accounts))
                } else if PRODUCT_HEADERS.contains(&k) {
                    Some((i, CompanionKind::Products))
                } else {
                    None
                }
            })
            .ok_or(CompanionError::Unknown)?;
        let segment_col = (kind == CompanionKind::Accounts)
            .then(|| {
                keys.iter()
                    .position(|k| SEGMENT_HEADERS.contains(&k.as_str()))
            })
            .flatten();
        Ok(CompanionReader {
            kind,
            headers: headers.len(),
            name_col,
            segment_col,
            name_header: headers[name_col].trim().to_string(),
            segment_header: segment_col.map(|i| headers[i].trim().to_string()),
            names: Vec::new(),
            seen: HashSet::new(),
            skipped: Vec::new(),
        })
    }

    pub fn kind(&self) -> CompanionKind {
        self.kind
    }

    /// Reads a chunk of rows: blank rows are skipped silently, others without a usable name are
    /// listed in [`Companion::skipped`]; a name seen before is kept once.
    pub fn feed(&mut self, rows: &[RawRow<'_>]) {
        for row in rows {
            let cells = row.cells;
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let extra = cells.len() > self.headers
                && cells[self.headers..].iter().any(|c| !c.trim().is_empty());
            let name = cells.get(self.name_col).map_or("", |c| c.trim());
            if extra
                || cells.len() < self.headers
                || name.is_empty()
                || name.chars().count() > MAX_NAME_CHARS
            {
                self.skipped.push(row.line);
                continue;
            }
            if !self.seen.insert(name_key(name)) {
                continue;
            }
            let segment = self
                .segment_col
                .and_then(|i| cells.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty() && s.chars().count() <= MAX_NAME_CHARS)
                .map(str::to_string);
            self.names.push(CompanionName {
                name: name.to_string(),
                segment,
            });
        }
    }

    /// A row the CSV reader could not read.
    pub fn feed_error(&mut self, line: u64) {
        self.skipped.push(line);
    }

    pub fn finish(self) -> Companion {
        Companion {
            kind: self.kind,
            name_header: self.name_header,
            segment_header: self.segment_header,
            names: self.names,
            skipped: self.skipped,
        }
    }
}
