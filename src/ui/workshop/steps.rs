//! The guided tour as data: one [`TourStep`] per stop, in order, through the five tools. The one
//! component in `tour.rs` renders whichever step the URL names (`?tour=3`, 1-based), so a step
//! is added here, with its two texts in `src/locales/tour.*.yml`, and nowhere else. Pure.

use super::views::View;
use crate::ui::route::{Page, Route};

/// The URL key of the open tour step (1-based).
pub const TOUR_KEY: &str = "tour";

/// One stop of the tour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TourStep {
    /// Names the texts: `tour.step.<id>.title` and `tour.step.<id>.body`.
    pub id: &'static str,
    /// Where the app goes for this step.
    pub view: View,
    /// `data-testid`s of the part of the screen the step is about, in order of preference: the
    /// first one on screen is highlighted (a view shows its table or its "nothing here"
    /// message); with none on screen the popover stands in the middle.
    pub targets: &'static [&'static str],
}

const fn step(
    id: &'static str,
    page: Page,
    query: &'static [(&'static str, &'static str)],
    targets: &'static [&'static str],
) -> TourStep {
    TourStep {
        id,
        view: View { page, query },
        targets,
    }
}

/// The tour: the funnel (its table, diagram, conversion, sellers), the pipeline's three reports,
/// the two matrices and the forecast (against plan, then the deals that need attention).
pub const STEPS: [TourStep; 11] = [
    step(
        "funnel_table",
        Page::Funnel,
        &[("fmode", "snapshot")],
        &["funnel-table", "funnel-empty"],
    ),
    step(
        "funnel_diagram",
        Page::Funnel,
        &[("fmode", "snapshot"), ("fmeasure", "amount")],
        &["funnel-chart", "funnel-empty"],
    ),
    step(
        "funnel_conversion",
        Page::Funnel,
        &[("fmode", "conversion")],
        &["funnel-table", "funnel-empty"],
    ),
    step(
        "funnel_sellers",
        Page::Funnel,
        &[("fmode", "conversion")],
        &["funnel-sellers", "funnel-empty"],
    ),
    step(
        "pipeline_clients",
        Page::Pipeline,
        &[("pview", "clients")],
        &["tree-clients", "pipeline-empty"],
    ),
    step(
        "pipeline_stages",
        Page::Pipeline,
        &[("pview", "stages")],
        &["stage-grid", "pipeline-empty"],
    ),
    step(
        "pipeline_forecast",
        Page::Pipeline,
        &[("pview", "forecast")],
        &["tree-forecast", "pipeline-empty"],
    ),
    step(
        "relationships",
        Page::Relationships,
        &[("mview", "chart")],
        &["rel-chart", "rel-empty"],
    ),
    step(
        "directions",
        Page::Directions,
        &[("mview", "chart")],
        &["dir-chart", "dir-empty"],
    ),
    step(
        "forecast_plan",
        Page::Forecast,
        &[("fview", "forecast")],
        &[
            "forecast-chart",
            "fc-table",
            "forecast-no-match",
            "forecast-empty",
        ],
    ),
    step(
        "forecast_attention",
        Page::Forecast,
        &[("fview", "attention")],
        &[
            "attention-table",
            "attention-none",
            "attention-no-match",
            "forecast-empty",
        ],
    ),
];

/// The step `r` has open (0-based): `tour=N` counts from 1 and is brought into range, so an old
/// link to step 14 opens the last step; `None` without the key or with no number in it.
pub fn step_in(r: &Route) -> Option<usize> {
    let n: usize = r.get(TOUR_KEY)?.trim().parse().ok()?;
    Some(n.clamp(1, STEPS.len()) - 1)
}

/// The route of step `i` (0-based, brought into range) from `current`: the step's page and view,
/// the filter and presentation mode kept, the step in the URL.
pub fn step_route(i: usize, current: &Route) -> Route {
    let i = i.min(STEPS.len() - 1);
    STEPS[i]
        .view
        .route_from(current)
        .with(TOUR_KEY, Some((i + 1).to_string()))
}

/// `r` without the tour.
pub fn without_tour(r: &Route) -> Route {
    r.with(TOUR_KEY, None)
}

/// For a route that names a step but does not show it (a link typed by hand or bookmarked, a
/// step number out of range), the route that does; `None` when there is nothing to correct.
/// A route already on the step's view keeps its other keys (an open row, a sort).
pub fn settle(r: &Route) -> Option<Route> {
    let i = step_in(r)?;
    let numbered = Some((i + 1).to_string());
    let settled = if STEPS[i].view.matches(r) {
        r.with(TOUR_KEY, numbered)
    } else {
        step_route(i, r)
    };
    (settled != *r).then_some(settled)
}
