//! Presentation mode's sequence: the five tools, the pipeline in its three reports, in the order
//! a trainer shows them. PageDown/PageUp (and the arrows) move through it. Pure.

use super::views::View;
use crate::ui::route::{Page, Route};

/// The URL key of presentation mode (`present=1`), kept on every page ([`crate::ui::route::MODE_KEYS`]).
pub const PRESENT_KEY: &str = "present";

/// Whether `r` is in presentation mode.
pub fn is_presenting(r: &Route) -> bool {
    r.get(PRESENT_KEY).is_some_and(|v| v != "0")
}

/// `r` in presentation mode or out of it.
pub fn presenting(r: &Route, on: bool) -> Route {
    r.with(PRESENT_KEY, on.then(|| "1".to_string()))
}

/// One slide: a view and the translation key of its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slide {
    pub view: View,
    pub label_key: &'static str,
}

const fn slide(
    page: Page,
    query: &'static [(&'static str, &'static str)],
    label_key: &'static str,
) -> Slide {
    Slide {
        view: View { page, query },
        label_key,
    }
}

pub const SLIDES: [Slide; 7] = [
    slide(Page::Funnel, &[], "workshop.slide.funnel"),
    slide(
        Page::Pipeline,
        &[("pview", "clients")],
        "workshop.slide.pipeline_clients",
    ),
    slide(
        Page::Pipeline,
        &[("pview", "stages")],
        "workshop.slide.pipeline_stages",
    ),
    slide(
        Page::Pipeline,
        &[("pview", "forecast")],
        "workshop.slide.pipeline_forecast",
    ),
    slide(Page::Relationships, &[], "workshop.slide.relationships"),
    slide(Page::Directions, &[], "workshop.slide.directions"),
    slide(Page::Forecast, &[], "workshop.slide.forecast"),
];

/// The slide `r` shows: the one whose view it matches, else the first of its page (the page's
/// default view: a pipeline link without `pview` is by clients); `None` off the tools (Data,
/// Changes).
pub fn slide_at(r: &Route) -> Option<usize> {
    SLIDES
        .iter()
        .position(|s| s.view.page == r.page && !s.view.query.is_empty() && s.view.matches(r))
        .or_else(|| SLIDES.iter().position(|s| s.view.page == r.page))
}

/// The slide after the one `r` shows (the first from off the tools); `None` at the last.
pub fn next_slide(r: &Route) -> Option<usize> {
    match slide_at(r) {
        Some(i) => (i + 1 < SLIDES.len()).then_some(i + 1),
        None => Some(0),
    }
}

/// The slide before the one `r` shows (the first from off the tools); `None` at the first.
pub fn previous_slide(r: &Route) -> Option<usize> {
    match slide_at(r) {
        Some(i) => i.checked_sub(1),
        None => Some(0),
    }
}

/// The route of slide `i` from `current` (filter and presentation mode kept).
pub fn slide_route(i: usize, current: &Route) -> Route {
    SLIDES[i.min(SLIDES.len() - 1)].view.route_from(current)
}
