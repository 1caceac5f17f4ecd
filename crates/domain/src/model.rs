//! The workspace: every entity a head of sales keeps, as plain data.
//!
//! Ids are `u64` newtypes. They are stable across edits and exports (so a teammate's file can be
//! merged by id); new items get random 52-bit ids from the caller, demo items small sequential
//! ones. Reports never look ids up per row: they work on the dense indices of
//! [`crate::index::DealIndex`], built once per workspace change.

use chrono::NaiveDate;

use super::money::Money;

macro_rules! id_type {
    ($($(#[$m:meta])* $name:ident),* $(,)?) => {$(
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u64);
    )*};
}

id_type!(
    /// A seller (account executive) of the team.
    SellerId,
    /// A client company.
    ClientId,
    /// A person at a client.
    ContactId,
    /// A product direction (a line of the portfolio).
    DirectionId,
    /// A pipeline stage.
    StageId,
    /// A deal.
    DealId,
    /// A decision-maker role (ЛПР role): CEO, CFO, IT director…
    RoleId,
    /// A deal type: new business, upsell, renewal…
    DealTypeId,
);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seller {
    pub id: SellerId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub id: ClientId,
    pub name: String,
    /// Free-text segment ("Enterprise", "SMB"…), used to filter the matrices.
    pub segment: String,
    /// Key clients are the relationship matrix's default rows and get extra attention flags.
    pub key: bool,
    /// The workspace-wide "no client" entry that deals without a client are attached to (see
    /// metrics.md, "Deals without a client"): it counts in every deal figure but is never a
    /// client — client counts, both matrices and their coverage leave it out.
    pub no_client: bool,
}

/// Relationship level 0–5: 0 not loyal, 1 unclear, 2 neutral, 3 loyal, 4 very loyal, 5 advocate.
pub const MAX_RELATIONSHIP_LEVEL: u8 = 5;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub id: ContactId,
    pub client: ClientId,
    pub name: String,
    pub position: String,
    pub role: Option<RoleId>,
    pub level: u8,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Direction {
    pub id: DirectionId,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StageKind {
    Open,
    Won,
    Lost,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ForecastCategory {
    Pipeline,
    BestCase,
    Commit,
    Omitted,
}

impl ForecastCategory {
    pub const ALL: [ForecastCategory; 4] = [
        ForecastCategory::Pipeline,
        ForecastCategory::BestCase,
        ForecastCategory::Commit,
        ForecastCategory::Omitted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ForecastCategory::Pipeline => "pipeline",
            ForecastCategory::BestCase => "best_case",
            ForecastCategory::Commit => "commit",
            ForecastCategory::Omitted => "omitted",
        }
    }
}

/// A pipeline stage. Pipeline order is the order of `Workspace::stages`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub id: StageId,
    pub name: String,
    pub kind: StageKind,
    /// Default probability 0–100 for deals in this stage (`p_stage`).
    pub probability: u8,
    /// A deal sitting longer than this in the stage is "stalled"; `None` never rots.
    pub rotting_days: Option<u32>,
    pub forecast_category: ForecastCategory,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageEntry {
    pub stage: StageId,
    pub entered: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextStep {
    pub text: String,
    pub due: Option<NaiveDate>,
    pub done: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deal {
    pub id: DealId,
    pub title: String,
    pub client: ClientId,
    pub seller: SellerId,
    pub direction: Option<DirectionId>,
    pub deal_type: Option<DealTypeId>,
    /// Amount in the workspace currency.
    pub amount: Money,
    /// Overrides the stage's default probability when set.
    pub probability: Option<u8>,
    pub stage: StageId,
    pub created: NaiveDate,
    pub expected_close: Option<NaiveDate>,
    /// The day the deal entered a won or lost stage; `None` while open.
    pub closed: Option<NaiveDate>,
    /// Every stage the deal entered, in time order; the last entry is the current stage.
    pub history: Vec<StageEntry>,
    pub next_step: Option<NextStep>,
    pub lost_reason: Option<String>,
    pub contacts: Vec<ContactId>,
    /// Overrides the stage's default forecast category when set.
    pub forecast_category: Option<ForecastCategory>,
    /// Milliseconds since the Unix epoch of the last change (used to merge teammates' files).
    pub updated_at: i64,
}

impl Deal {
    /// A new open deal in `stage`, created (and entering the stage) on `created`: no amount,
    /// direction, type, next step or contacts yet, `updated_at` 0 (an upsert stamps it). Set the
    /// rest with struct update syntax.
    pub fn new_open(
        id: DealId,
        title: String,
        client: ClientId,
        seller: SellerId,
        stage: StageId,
        created: NaiveDate,
    ) -> Deal {
        Deal {
            id,
            title,
            client,
            seller,
            direction: None,
            deal_type: None,
            amount: Money::ZERO,
            probability: None,
            stage,
            created,
            expected_close: None,
            closed: None,
            history: vec![StageEntry {
                stage,
                entered: created,
            }],
            next_step: None,
            lost_reason: None,
            contacts: Vec::new(),
            forecast_category: None,
            updated_at: 0,
        }
    }
}

/// A calendar month, for plans and forecast buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Self {
        Self { year, month }
    }

    pub fn of(date: NaiveDate) -> Self {
        use chrono::Datelike;
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Months since year 0: a dense, ordered key.
    pub fn ordinal(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    pub fn from_ordinal(ordinal: i32) -> Self {
        Self {
            year: ordinal.div_euclid(12),
            month: ordinal.rem_euclid(12) as u32 + 1,
        }
    }

    pub fn next(self) -> Self {
        Self::from_ordinal(self.ordinal() + 1)
    }

    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub seller: SellerId,
    pub month: YearMonth,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub id: RoleId,
    pub name: String,
    /// Target roles are the relationship matrix's columns.
    pub target: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DealType {
    pub id: DealTypeId,
    pub name: String,
}

/// Everything one team keeps. Vectors keep insertion order; `stages` is in pipeline order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Workspace {
    /// ISO 4217 code of the one currency every amount is in.
    pub currency: String,
    pub sellers: Vec<Seller>,
    pub clients: Vec<Client>,
    pub contacts: Vec<Contact>,
    pub directions: Vec<Direction>,
    pub stages: Vec<Stage>,
    pub deals: Vec<Deal>,
    pub plans: Vec<Plan>,
    pub roles: Vec<Role>,
    pub deal_types: Vec<DealType>,
}

impl Workspace {
    pub fn stage(&self, id: StageId) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    pub fn client(&self, id: ClientId) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id)
    }

    pub fn seller(&self, id: SellerId) -> Option<&Seller> {
        self.sellers.iter().find(|s| s.id == id)
    }

    pub fn deal(&self, id: DealId) -> Option<&Deal> {
        self.deals.iter().find(|d| d.id == id)
    }

    /// A deal's probability `p`: its override, else its stage default; won = 100, lost = 0.
    pub fn probability(&self, deal: &Deal) -> u8 {
        match self.stage(deal.stage) {
            Some(stage) => effective_probability(stage, deal.probability),
            None => deal.probability.unwrap_or(0),
        }
    }
}

/// `p` per the metric definitions: won deals count as 100, lost as 0, open ones use the override
/// or the stage default.
pub fn effective_probability(stage: &Stage, override_p: Option<u8>) -> u8 {
    match stage.kind {
        StageKind::Won => 100,
        StageKind::Lost => 0,
        StageKind::Open => override_p.unwrap_or(stage.probability).min(100),
    }
}

/// The id the "no client" entry gets when an import first creates it: the same in every
/// workspace, so two teammates' entries merge into one (the largest 52-bit id; a random id
/// equal to it is a one-in-2^52 chance, and then the import picks a fresh one).
pub const NO_CLIENT_ID: ClientId = ClientId((1 << 52) - 1);

impl Deal {
    /// Makes a won or lost deal's history agree with its close date (metrics.md: the close date
    /// is the day the deal entered won or lost). When no entry of the run of its outcome that ends
    /// the history is dated at `closed`, the run's first entry is, as far as the order of the
    /// history allows (when it does not, the close date becomes that entry's day). Open deals,
    /// and deals whose stages `kind_of` does not know, are left as they are.
    pub fn align_close_entry(&mut self, kind_of: impl Fn(StageId) -> Option<StageKind>) {
        let (Some(kind), Some(closed)) = (kind_of(self.stage), self.closed) else {
            return;
        };
        if kind == StageKind::Open {
            return;
        }
        let mut start = None;
        for (i, e) in self.history.iter().enumerate().rev() {
            if kind_of(e.stage) != Some(kind) {
                break;
            }
            if e.entered == closed {
                return;
            }
            start = Some(i);
        }
        let Some(r) = start else {
            return;
        };
        let earliest = r
            .checked_sub(1)
            .map_or(self.created, |p| self.history[p].entered.max(self.created));
        let latest = self.history.get(r + 1).map(|e| e.entered);
        let mut on = closed.max(earliest);
        if let Some(latest) = latest {
            on = on.min(latest);
        }
        self.history[r].entered = on;
        self.closed = Some(on);
    }
}

impl Workspace {
    /// The "no client" entry, if the workspace has one.
    pub fn no_client(&self) -> Option<&Client> {
        self.clients.iter().find(|c| c.no_client)
    }

    /// Clients that are real clients: every entry but the "no client" one.
    pub fn real_clients(&self) -> impl Iterator<Item = &Client> {
        self.clients.iter().filter(|c| !c.no_client)
    }
}
