//! Fields, layouts and the column mapping: which column feeds which deal field.

use crate::edit::name_key;

/// A deal field a column can feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    /// The contact person(s) of the deal: names, several separated by `;` (HubSpot writes
    /// `Name (email)`; the part in brackets is dropped). They become the client's contacts.
    Contact,
    /// The (first) contact's position.
    ContactPosition,
}

impl Field {
    /// How many fields there are.
    pub const COUNT: usize = 18;

    pub const ALL: [Field; Field::COUNT] = [
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
        Field::Contact,
        Field::ContactPosition,
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
            Field::Contact => "contact",
            Field::ContactPosition => "contact_position",
        }
    }

    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// Which CRM the headers look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
            MappingError::NoSeller => "no_seller",
            MappingError::NoStageOrStatus => "no_stage_or_status",
        }
    }
}

/// A header as compared: spacing and case ignored, `_` read as a space.
pub(super) fn norm_header(h: &str) -> String {
    name_key(&h.replace('_', " "))
}

/// A header as the synonyms see it: Pipedrive's `Deal - ` prefix dropped.
pub(super) fn generic_key(h: &str) -> String {
    let k = norm_header(h);
    match k.strip_prefix("deal - ") {
        Some(rest) => rest.to_string(),
        None => k,
    }
}

/// Header synonyms per field, best first (normalised: lower case, single spaces, `_` → space).
pub(super) const SYNONYMS: [(Field, &[&str]); Field::COUNT] = [
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
    (
        Field::Contact,
        &[
            "contact person",
            "contact",
            "contact name",
            "associated contact",
            "полное имя контакта",
            "контакт",
            "контактное лицо",
            "имя контакта",
        ],
    ),
    (
        Field::ContactPosition,
        &[
            "contact position",
            "contact job title",
            "job title",
            "position",
            "должность",
            "должность контакта",
        ],
    ),
];

/// Pipedrive's won and lost times: read for the close date when the Closed column is empty.
pub(super) const WON_TIME_HEADER: &str = "deal - won time";
pub(super) const LOST_TIME_HEADER: &str = "deal - lost time";
/// HubSpot's second status column, read together with `Is Closed Won`.
pub(super) const CLOSED_LOST_HEADER: &str = "is closed lost";
/// A status column with this header holds true/false for "won".
pub(super) const CLOSED_WON_HEADER: &str = "is closed won";

pub(super) fn detect(keys: &[String]) -> Layout {
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
    let mut taken = [false; Field::COUNT];
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
