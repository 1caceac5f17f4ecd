//! The file's shapes (DTOs) and their hand-written conversions to and from the domain: what a
//! Voronka file holds, field for field. Enums have their own DTOs so a change to the domain never
//! silently changes the file.

use crate::iso_date;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use domain::validate::Problem;
use domain::*;

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

impl DealDto {
    pub fn from_domain(d: &Deal) -> Self {
        DealDto {
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
        }
    }
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
            deals: ws.deals.iter().map(DealDto::from_domain).collect(),
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
