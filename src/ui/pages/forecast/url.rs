//! The forecast page's state in the URL: the tab, the horizon, the thresholds, the listed
//! deals, "my deals" and the attention list's sort.

use chrono::NaiveDate;

use crate::domain::filter::Filter;
use crate::domain::forecast::{AttentionThresholds, ForecastSlot, ForecastSpec, Granularity};
use crate::domain::{SellerId, Workspace, YearMonth};
use crate::ui::route::{Route, parse_month};

/// Horizons offered, in periods.
pub(super) const HORIZONS: [u32; 4] = [3, 6, 12, 18];

/// The default horizon.
pub(super) const DEFAULT_HORIZON: u32 = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tab {
    Forecast,
    Attention,
    Tasks,
    Activity,
    Clients,
    Plans,
}

impl Tab {
    pub(super) const ALL: [Tab; 6] = [
        Tab::Forecast,
        Tab::Attention,
        Tab::Tasks,
        Tab::Activity,
        Tab::Clients,
        Tab::Plans,
    ];

    pub(super) fn slug(self) -> &'static str {
        match self {
            Tab::Forecast => "forecast",
            Tab::Attention => "attention",
            Tab::Tasks => "tasks",
            Tab::Activity => "activity",
            Tab::Clients => "clients",
            Tab::Plans => "plans",
        }
    }

    pub(super) fn from_slug(s: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.slug() == s)
    }
}

/// The forecast horizon in the URL: `fgran`, `fhor`, `ffrom`.
pub(super) fn spec_of(r: &Route, today: NaiveDate) -> ForecastSpec {
    let granularity = if r.get("fgran") == Some("quarter") {
        Granularity::Quarter
    } else {
        Granularity::Month
    };
    let periods = r
        .get("fhor")
        .and_then(|v| v.parse().ok())
        .filter(|n| HORIZONS.contains(n))
        .unwrap_or(DEFAULT_HORIZON);
    let from = r
        .get("ffrom")
        .and_then(parse_month)
        .unwrap_or_else(|| YearMonth::of(today));
    ForecastSpec {
        granularity,
        from,
        periods,
    }
}

/// The attention thresholds in the URL, each clamped to its range; absent = the defaults.
pub(super) fn thresholds_of(r: &Route) -> AttentionThresholds {
    let d = AttentionThresholds::default();
    let num = |k: &str| r.get(k).and_then(|v| v.parse::<u32>().ok());
    AttentionThresholds {
        closing_soon_days: num("fsoon")
            .filter(|v| *v <= 365)
            .unwrap_or(d.closing_soon_days),
        low_probability: num("flowp")
            .filter(|v| *v <= 100)
            .map_or(d.low_probability, |v| v as u8),
        big_deal_percentile: num("fbig")
            .filter(|v| (1..=100).contains(v))
            .map_or(d.big_deal_percentile, |v| v as u8),
        stalled_days: num("fstall").filter(|v| (1..=3650).contains(v)),
    }
}

/// Which deals the forecast tab lists (`fper`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Listed {
    /// Open deals in the whole horizon (the default), or one period: editable rows.
    Open(ForecastSlot),
    /// Overdue, undated or outside the horizon: a plain deal list.
    Apart(ForecastSlot),
}

pub(super) fn listed_of(r: &Route) -> Listed {
    match r.get("fper") {
        Some("overdue") => Listed::Apart(ForecastSlot::Overdue),
        Some("undated") => Listed::Apart(ForecastSlot::Undated),
        Some("outside") => Listed::Apart(ForecastSlot::Outside),
        Some(n) => n.parse().map_or(Listed::Open(ForecastSlot::Horizon), |b| {
            Listed::Open(ForecastSlot::Period(b))
        }),
        None => Listed::Open(ForecastSlot::Horizon),
    }
}

pub(super) fn slot_param(s: ForecastSlot) -> Option<String> {
    match s {
        ForecastSlot::Horizon => None,
        ForecastSlot::Period(b) => Some(b.to_string()),
        ForecastSlot::Overdue => Some("overdue".into()),
        ForecastSlot::Undated => Some("undated".into()),
        ForecastSlot::Outside => Some("outside".into()),
    }
}

/// The seller of "my deals" (`fmine`), if it still exists.
pub(super) fn mine_of(r: &Route, ws: &Workspace) -> Option<SellerId> {
    let id = SellerId(r.get("fmine")?.parse().ok()?);
    ws.seller(id).map(|s| s.id)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SortBy {
    Amount,
    Close,
    Seller,
}

impl SortBy {
    pub(super) fn slug(self) -> &'static str {
        match self {
            SortBy::Amount => "amount",
            SortBy::Close => "close",
            SortBy::Seller => "seller",
        }
    }
}

/// `fasort`: `amount_desc` (default), `amount_asc`, `close_asc`, `close_desc`, `seller_asc`, ...
pub(super) fn sort_of(r: &Route) -> (SortBy, bool) {
    let v = r.get("fasort").unwrap_or("amount_desc");
    let (k, dir) = v.rsplit_once('_').unwrap_or((v, "desc"));
    let key = match k {
        "close" => SortBy::Close,
        "seller" => SortBy::Seller,
        _ => SortBy::Amount,
    };
    (key, dir == "desc")
}

/// The filter of the "my deals" view: the chosen seller over the filter bar's.
pub(super) fn effective_filter(f: &Filter, mine: Option<SellerId>) -> Filter {
    Filter {
        seller: mine.or(f.seller),
        ..f.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_horizon_and_thresholds_come_from_the_url() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 10).unwrap_or_default();
        let r = Route::parse("#/forecast?fgran=quarter&fhor=12&ffrom=2026-02");
        let s = spec_of(&r, today);
        assert_eq!(s.granularity, Granularity::Quarter);
        assert_eq!(s.periods, 12);
        assert_eq!(s.from, YearMonth::new(2026, 2));
        let d = spec_of(&Route::parse("#/forecast?fhor=7&ffrom=2026-13"), today);
        assert_eq!(
            (d.periods, d.from, d.granularity),
            (DEFAULT_HORIZON, YearMonth::new(2026, 5), Granularity::Month)
        );
        let t = thresholds_of(&Route::parse("#/forecast?fsoon=30&flowp=500&fstall=45"));
        assert_eq!(t.closing_soon_days, 30);
        assert_eq!(
            t.low_probability,
            AttentionThresholds::default().low_probability
        );
        assert_eq!(t.stalled_days, Some(45));
    }
}
