//! Hash routes: `#/funnel?period=last_12m&seller=3`. Hash routing (not the History API) because
//! Voronka is served from any static host and subpath, where `/sub/funnel` would 404 on reload;
//! leptos_router only routes on the path, so this small parser stands in for it. Pure: no browser.

use chrono::{Datelike, Duration, NaiveDate};

use crate::domain::filter::{Filter, Period};
use crate::domain::{DealTypeId, DirectionId, SellerId, YearMonth};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Page {
    #[default]
    Funnel,
    Pipeline,
    Changes,
    Relationships,
    Directions,
    Forecast,
    Data,
}

impl Page {
    pub const ALL: [Page; 7] = [
        Page::Funnel,
        Page::Pipeline,
        Page::Changes,
        Page::Relationships,
        Page::Directions,
        Page::Forecast,
        Page::Data,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Page::Funnel => "funnel",
            Page::Pipeline => "pipeline",
            Page::Changes => "changes",
            Page::Relationships => "relationships",
            Page::Directions => "directions",
            Page::Forecast => "forecast",
            Page::Data => "data",
        }
    }

    pub fn from_slug(s: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|p| p.slug() == s)
    }

    /// The i18n key of the page's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Page::Funnel => "nav.funnel",
            Page::Pipeline => "nav.pipeline",
            Page::Changes => "nav.changes",
            Page::Relationships => "nav.relationships",
            Page::Directions => "nav.directions",
            Page::Forecast => "nav.forecast",
            Page::Data => "nav.data",
        }
    }
}

/// Where the user is: a page and its query (filters and view state), in order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Route {
    pub page: Page,
    pub query: Vec<(String, String)>,
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' | b',' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`). Unknown pages fall back to the
    /// funnel, so an old or mistyped link still opens the app.
    pub fn parse(hash: &str) -> Route {
        let h = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = h.split_once('?').unwrap_or((h, ""));
        let page = Page::from_slug(path.trim_end_matches('/')).unwrap_or_default();
        let query = query
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (decode(k), decode(v))
            })
            .collect();
        Route { page, query }
    }

    pub fn to_hash(&self) -> String {
        let mut s = format!("#/{}", self.page.slug());
        if !self.query.is_empty() {
            s.push('?');
            let parts: Vec<String> = self
                .query
                .iter()
                .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                .collect();
            s.push_str(&parts.join("&"));
        }
        s
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The same route with `key` set to `value` (or removed when `None`).
    pub fn with(&self, key: &str, value: Option<String>) -> Route {
        let mut r = self.clone();
        match value {
            Some(v) => match r.query.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = v,
                None => r.query.push((key.to_string(), v)),
            },
            None => r.query.retain(|(k, _)| k != key),
        }
        r
    }

    /// The same query on another page: filters and presentation mode follow the user between
    /// reports; the page's own view keys (and an open tour step) stay behind.
    pub fn on_page(&self, page: Page) -> Route {
        Route {
            page,
            query: self
                .query
                .iter()
                .filter(|(k, _)| {
                    FILTER_KEYS.contains(&k.as_str()) || MODE_KEYS.contains(&k.as_str())
                })
                .cloned()
                .collect(),
        }
    }
}

/// The query key that shows the printable meeting pack (`pack`) or one report (`report`) of the
/// page in the route, laid out for A4 landscape.
pub const PRINT_KEY: &str = "print";

/// The reports the meeting pack holds, in its order.
pub const PACK_PAGES: [Page; 5] = [
    Page::Funnel,
    Page::Pipeline,
    Page::Relationships,
    Page::Directions,
    Page::Forecast,
];

/// Query keys that belong to the shared filter bar.
pub const FILTER_KEYS: [&str; 6] = ["period", "from", "to", "seller", "direction", "type"];

/// Query keys of the app's mode, kept on every page like the filter: `present=1` is presentation
/// mode (`ui::workshop`), so a trainer's bookmarked sequence stays in it.
pub const MODE_KEYS: [&str; 1] = ["present"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PeriodPreset {
    ThisMonth,
    ThisQuarter,
    ThisYear,
    #[default]
    Last12Months,
    Last18Months,
    All,
    Custom,
}

impl PeriodPreset {
    pub const ALL: [PeriodPreset; 7] = [
        PeriodPreset::ThisMonth,
        PeriodPreset::ThisQuarter,
        PeriodPreset::ThisYear,
        PeriodPreset::Last12Months,
        PeriodPreset::Last18Months,
        PeriodPreset::All,
        PeriodPreset::Custom,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            PeriodPreset::ThisMonth => "this_month",
            PeriodPreset::ThisQuarter => "this_quarter",
            PeriodPreset::ThisYear => "this_year",
            PeriodPreset::Last12Months => "last_12m",
            PeriodPreset::Last18Months => "last_18m",
            PeriodPreset::All => "all",
            PeriodPreset::Custom => "custom",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        PeriodPreset::ALL.into_iter().find(|p| p.slug() == s)
    }

    pub fn label_key(self) -> String {
        format!("period.{}", self.slug())
    }

    /// The days this preset covers, ending today; `None` for all time.
    pub fn resolve(self, today: NaiveDate, custom: Option<Period>) -> Option<Period> {
        let first_of = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(today);
        match self {
            PeriodPreset::ThisMonth => Some(Period {
                from: first_of(today.year(), today.month()),
                to: today,
            }),
            PeriodPreset::ThisQuarter => {
                let m = (today.month() - 1) / 3 * 3 + 1;
                Some(Period {
                    from: first_of(today.year(), m),
                    to: today,
                })
            }
            PeriodPreset::ThisYear => Some(Period {
                from: first_of(today.year(), 1),
                to: today,
            }),
            PeriodPreset::Last12Months => Some(Period {
                from: today - Duration::days(365) + Duration::days(1),
                to: today,
            }),
            PeriodPreset::Last18Months => Some(Period {
                from: today - Duration::days(548) + Duration::days(1),
                to: today,
            }),
            PeriodPreset::All => None,
            PeriodPreset::Custom => custom,
        }
    }
}

/// A day as `YYYY-MM-DD` (an `<input type=date>`'s value, the `from` and `to` query keys).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// A month as `YYYY-MM` (an `<input type=month>`'s value, the `ffrom` query key): `2026-03` is
/// March 2026. Years outside 1900–9999 are refused: the file writes a month's year in four digits.
pub fn parse_month(s: &str) -> Option<YearMonth> {
    let (y, m) = s.trim().split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    ((1..=12).contains(&m) && (1900..=9999).contains(&y)).then(|| YearMonth::new(y, m))
}

/// The filter bar's state as stored in the route.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FilterQuery {
    pub preset: PeriodPreset,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub seller: Option<SellerId>,
    pub direction: Option<DirectionId>,
    pub deal_type: Option<DealTypeId>,
}

impl FilterQuery {
    pub fn from_route(r: &Route) -> Self {
        let id = |k: &str| r.get(k).and_then(|v| v.parse::<u64>().ok());
        FilterQuery {
            preset: r
                .get("period")
                .and_then(PeriodPreset::from_slug)
                .unwrap_or_default(),
            from: r.get("from").and_then(parse_date),
            to: r.get("to").and_then(parse_date),
            seller: id("seller").map(SellerId),
            direction: id("direction").map(DirectionId),
            deal_type: id("type").map(DealTypeId),
        }
    }

    /// Writes the filter into a route, leaving other keys alone; defaults are left out of the URL.
    pub fn apply_to(&self, r: &Route) -> Route {
        let custom = self.preset == PeriodPreset::Custom;
        r.with(
            "period",
            (self.preset != PeriodPreset::default()).then(|| self.preset.slug().to_string()),
        )
        .with("from", self.from.filter(|_| custom).map(|d| d.to_string()))
        .with("to", self.to.filter(|_| custom).map(|d| d.to_string()))
        .with("seller", self.seller.map(|s| s.0.to_string()))
        .with("direction", self.direction.map(|s| s.0.to_string()))
        .with("type", self.deal_type.map(|s| s.0.to_string()))
    }

    pub fn to_filter(&self, today: NaiveDate) -> Filter {
        let custom = match (self.from, self.to) {
            (Some(from), Some(to)) if from <= to => Some(Period { from, to }),
            (Some(from), None) => Some(Period { from, to: today }),
            _ => None,
        };
        Filter {
            period: self.preset.resolve(today, custom),
            seller: self.seller,
            direction: self.direction,
            deal_type: self.deal_type,
        }
    }
}
