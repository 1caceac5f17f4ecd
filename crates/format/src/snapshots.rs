//! The snapshot history's serialised form, version 1: the `snapshots` field of a Voronka file and,
//! packed (`packed.rs`), the `voronka.snapshots` value in browser storage. Documented in
//! `docs/file-format.md`, "Snapshot history".
//!
//! Compact because a day's pipeline is mostly yesterday's: the first snapshot is written whole,
//! each later one only as its difference from the one before (the ids no longer open, and the
//! deals new or changed). Within a snapshot the deals are columns; ids ascend and are written as
//! differences; stages, sellers, clients, directions and deal types are written once in a
//! dictionary and referred to by position; expected closes are days from the snapshot's date.
//! Deflate then takes the repetition out (see `docs/performance.md` for sizes).
//!
//! Reading checks everything (column lengths, dictionary positions, ascending ids, ranges,
//! removed ids that were there) and says where a problem is, e.g.
//! `snapshots.list[3].deals.stage[12]`.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use domain::changes::{Day, DayError, History, SnapshotDeal};
use domain::money::MAX_AMOUNT;
use domain::*;

use super::iso_date;
use super::packed;

/// The version this build reads and writes.
pub const SNAPSHOTS_VERSION: u32 = 1;

/// Why a snapshot history cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotsError {
    #[error("snapshot history version {found} is newer than this app reads ({supported})")]
    NewerVersion { found: u32, supported: u32 },
    #[error("the snapshot history is malformed: {0}")]
    Malformed(String),
    /// A value that breaks a rule, at `path`.
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("the stored snapshot history is damaged: {0}")]
    Damaged(String),
}

/// The whole history.
#[derive(Serialize, Deserialize)]
pub struct HistoryDto {
    pub version: u32,
    /// Oldest first; each after the first is a difference from the one before.
    pub list: Vec<SnapshotDto>,
}

/// One day.
#[derive(Serialize, Deserialize)]
pub struct SnapshotDto {
    #[serde(with = "iso_date")]
    pub date: NaiveDate,
    /// Ids open in the previous snapshot and not in this one, ascending, as differences (the
    /// first is the id itself). Always empty in the first snapshot.
    #[serde(default)]
    pub removed: Vec<u64>,
    /// The first snapshot's deals; in later ones the deals that are new or changed since.
    pub deals: DealColumns,
}

/// Deals as columns of equal length.
#[derive(Serialize, Deserialize, Default)]
pub struct DealColumns {
    /// Dictionaries: the ids that the position columns refer to.
    pub stages: Vec<u64>,
    pub sellers: Vec<u64>,
    pub clients: Vec<u64>,
    #[serde(default)]
    pub directions: Vec<u64>,
    #[serde(default)]
    pub deal_types: Vec<u64>,
    /// Deal ids ascending, as differences (the first is the id itself).
    pub id: Vec<u64>,
    /// Positions in `stages`.
    pub stage: Vec<u32>,
    pub amount_minor: Vec<i64>,
    /// The effective probability that day, 0–100.
    pub probability: Vec<u8>,
    /// 0 pipeline, 1 best case, 2 commit, 3 omitted (the effective category).
    pub category: Vec<u8>,
    /// Days from the snapshot's date; `null` for none.
    pub close: Vec<Option<i32>>,
    pub seller: Vec<u32>,
    pub client: Vec<u32>,
    /// Positions in `directions`; `null` for none.
    pub direction: Vec<Option<u32>>,
    pub deal_type: Vec<Option<u32>>,
}

/// Positions of ids in a dictionary being built.
struct Dict {
    ids: Vec<u64>,
    pos: HashMap<u64, u32>,
}

impl Dict {
    fn new() -> Self {
        Dict {
            ids: Vec::new(),
            pos: HashMap::new(),
        }
    }

    fn of(&mut self, id: u64) -> u32 {
        let next = self.ids.len() as u32;
        *self.pos.entry(id).or_insert_with(|| {
            self.ids.push(id);
            next
        })
    }
}

impl DealColumns {
    fn from_deals<'a>(date: NaiveDate, deals: impl Iterator<Item = &'a SnapshotDeal>) -> Self {
        let (mut stages, mut sellers, mut clients, mut directions, mut types) = (
            Dict::new(),
            Dict::new(),
            Dict::new(),
            Dict::new(),
            Dict::new(),
        );
        let mut c = DealColumns::default();
        let mut last = 0u64;
        for d in deals {
            c.id.push(d.id.0.wrapping_sub(last));
            last = d.id.0;
            c.stage.push(stages.of(d.stage.0));
            c.amount_minor.push(d.amount.0);
            c.probability.push(d.probability);
            c.category.push(category_code(d.category));
            c.close.push(
                d.expected_close
                    .map(|x| i32::try_from((x - date).num_days()).unwrap_or(i32::MAX)),
            );
            c.seller.push(sellers.of(d.seller.0));
            c.client.push(clients.of(d.client.0));
            c.direction.push(d.direction.map(|x| directions.of(x.0)));
            c.deal_type.push(d.deal_type.map(|x| types.of(x.0)));
        }
        c.stages = stages.ids;
        c.sellers = sellers.ids;
        c.clients = clients.ids;
        c.directions = directions.ids;
        c.deal_types = types.ids;
        c
    }

    fn into_deals(self, date: NaiveDate, path: &str) -> Result<Vec<SnapshotDeal>, SnapshotsError> {
        let n = self.id.len();
        let columns = [
            ("stage", self.stage.len()),
            ("amount_minor", self.amount_minor.len()),
            ("probability", self.probability.len()),
            ("category", self.category.len()),
            ("close", self.close.len()),
            ("seller", self.seller.len()),
            ("client", self.client.len()),
            ("direction", self.direction.len()),
            ("deal_type", self.deal_type.len()),
        ];
        for (name, len) in columns {
            if len != n {
                return Err(invalid(
                    format!("{path}.{name}"),
                    format!("has {len} values, `id` has {n}"),
                ));
            }
        }
        let pick = |dict: &[u64], at: u32, col: &str, i: usize| {
            dict.get(at as usize).copied().ok_or_else(|| {
                invalid(
                    format!("{path}.{col}[{i}]"),
                    format!("position {at} is outside its dictionary of {}", dict.len()),
                )
            })
        };
        let mut out = Vec::with_capacity(n);
        let mut id = 0u64;
        for i in 0..n {
            let step = self.id[i];
            if i > 0 && step == 0 {
                return Err(invalid(
                    format!("{path}.id[{i}]"),
                    "repeats the id before it".into(),
                ));
            }
            id = id
                .checked_add(step)
                .ok_or_else(|| invalid(format!("{path}.id[{i}]"), "the id is too large".into()))?;
            let amount = self.amount_minor[i];
            if !(0..=MAX_AMOUNT.0).contains(&amount) {
                return Err(invalid(
                    format!("{path}.amount_minor[{i}]"),
                    format!("{amount} is outside 0 to {}", MAX_AMOUNT.0),
                ));
            }
            let probability = self.probability[i];
            if probability > 100 {
                return Err(invalid(
                    format!("{path}.probability[{i}]"),
                    format!("{probability} is above 100"),
                ));
            }
            let category = category_of(self.category[i]).ok_or_else(|| {
                invalid(
                    format!("{path}.category[{i}]"),
                    format!("{} is not 0–3", self.category[i]),
                )
            })?;
            let expected_close = match self.close[i] {
                None => None,
                Some(days) => Some(
                    date.checked_add_signed(chrono::Duration::days(i64::from(days)))
                        .ok_or_else(|| {
                            invalid(
                                format!("{path}.close[{i}]"),
                                format!("{days} days is out of range"),
                            )
                        })?,
                ),
            };
            let direction = match self.direction[i] {
                None => None,
                Some(at) => Some(DirectionId(pick(&self.directions, at, "direction", i)?)),
            };
            let deal_type = match self.deal_type[i] {
                None => None,
                Some(at) => Some(DealTypeId(pick(&self.deal_types, at, "deal_type", i)?)),
            };
            out.push(SnapshotDeal {
                id: DealId(id),
                stage: StageId(pick(&self.stages, self.stage[i], "stage", i)?),
                amount: Money(amount),
                probability,
                category,
                expected_close,
                seller: SellerId(pick(&self.sellers, self.seller[i], "seller", i)?),
                client: ClientId(pick(&self.clients, self.client[i], "client", i)?),
                direction,
                deal_type,
            });
        }
        Ok(out)
    }
}

fn invalid(path: String, message: String) -> SnapshotsError {
    SnapshotsError::Invalid { path, message }
}

fn category_code(c: ForecastCategory) -> u8 {
    match c {
        ForecastCategory::Pipeline => 0,
        ForecastCategory::BestCase => 1,
        ForecastCategory::Commit => 2,
        ForecastCategory::Omitted => 3,
    }
}

fn category_of(code: u8) -> Option<ForecastCategory> {
    ForecastCategory::ALL.get(usize::from(code)).copied()
}

/// Ascending ids as differences.
fn delta(ids: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut last = 0u64;
    ids.map(|id| {
        let d = id.wrapping_sub(last);
        last = id;
        d
    })
    .collect()
}

impl HistoryDto {
    pub fn from_domain(history: &History) -> Self {
        HistoryDto {
            version: SNAPSHOTS_VERSION,
            list: history
                .days()
                .iter()
                .map(|day| SnapshotDto {
                    date: day.date,
                    removed: delta(day.removed.iter().map(|id| id.0)),
                    deals: DealColumns::from_deals(day.date, day.changed.iter()),
                })
                .collect(),
        }
    }

    pub fn into_domain(self) -> Result<History, SnapshotsError> {
        if self.version > SNAPSHOTS_VERSION {
            return Err(SnapshotsError::NewerVersion {
                found: self.version,
                supported: SNAPSHOTS_VERSION,
            });
        }
        let mut days = Vec::with_capacity(self.list.len());
        for (k, dto) in self.list.into_iter().enumerate() {
            let path = format!("snapshots.list[{k}]");
            let mut removed = Vec::with_capacity(dto.removed.len());
            let mut id = 0u64;
            for (i, step) in dto.removed.iter().enumerate() {
                id = id
                    .checked_add(*step)
                    .filter(|_| i == 0 || *step > 0)
                    .ok_or_else(|| {
                        invalid(format!("{path}.removed[{i}]"), "ids must ascend".into())
                    })?;
                removed.push(DealId(id));
            }
            days.push(Day {
                date: dto.date,
                removed,
                changed: dto.deals.into_deals(dto.date, &format!("{path}.deals"))?,
            });
        }
        History::from_days(days).map_err(|(k, e)| {
            let path = format!("snapshots.list[{k}]");
            let path = match &e {
                DayError::DateNotAfter { .. } => format!("{path}.date"),
                DayError::RemovedUnknown(_)
                | DayError::RemovedNotAscending
                | DayError::RemovedOnFirstDay => {
                    format!("{path}.removed")
                }
                DayError::ChangedNotAscending => format!("{path}.deals.id"),
            };
            invalid(path, e.to_string())
        })
    }
}

/// The history as JSON (the form inside a Voronka file, unindented).
pub fn write(history: &History) -> String {
    // ok: plain structs with string keys always serialize.
    serde_json::to_string(&HistoryDto::from_domain(history)).unwrap_or_default()
}

/// Reads the JSON form.
pub fn read(text: &str) -> Result<History, SnapshotsError> {
    let dto: HistoryDto =
        serde_json::from_str(text).map_err(|e| SnapshotsError::Malformed(e.to_string()))?;
    dto.into_domain()
}

/// The stored form: the JSON form deflated and packed into characters (`packed::pack_with`).
pub fn pack(history: &History, effort: packed::Effort) -> String {
    packed::pack_with(&write(history), effort)
}

/// Reads the stored form.
pub fn unpack(stored: &str) -> Result<History, SnapshotsError> {
    let text = packed::unpack(stored).map_err(|e| SnapshotsError::Damaged(e.to_string()))?;
    read(&text)
}
