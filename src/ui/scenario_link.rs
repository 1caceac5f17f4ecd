//! Links that open a workshop scenario: `#/<page>?scenario=<slug>`. Each scenario has a home —
//! the page and view made to show its problem. Pure (no browser), so host tests can call it.

use crate::domain::scenario::Scenario;
use crate::ui::route::{Page, Route};

/// The query key naming the scenario to open.
pub const SCENARIO_KEY: &str = "scenario";

/// The page and view keys that show `s`'s problem.
pub fn home(s: Scenario) -> (Page, &'static [(&'static str, &'static str)]) {
    match s {
        Scenario::LeakingStage => (Page::Funnel, &[("fmode", "conversion")]),
        Scenario::StaleHoard => (Page::Pipeline, &[("pview", "stages")]),
        Scenario::OneContact => (Page::Relationships, &[]),
        Scenario::Whitespace => (Page::Directions, &[]),
        Scenario::ShortQuarter => (Page::Forecast, &[("fgran", "quarter"), ("fhor", "3")]),
    }
}

/// The link that opens `s` on its home page.
pub fn link(s: Scenario) -> Route {
    Route {
        page: home(s).0,
        query: vec![(SCENARIO_KEY.to_string(), s.slug().to_string())],
    }
}

/// For a route naming a scenario: the scenario and where to go once it is open — the same route
/// without the `scenario` key (so a reload does not open it again), with the home view's keys
/// added when the route is on the scenario's home page and does not set them itself. `None` when
/// the route names no scenario, or one Voronka does not know.
pub fn landing(route: &Route) -> Option<(Scenario, Route)> {
    let s = Scenario::from_slug(route.get(SCENARIO_KEY)?)?;
    let mut to = route.with(SCENARIO_KEY, None);
    let (page, keys) = home(s);
    if to.page == page {
        for (k, v) in keys {
            if to.get(k).is_none() {
                to = to.with(k, Some(v.to_string()));
            }
        }
    }
    Some((s, to))
}
