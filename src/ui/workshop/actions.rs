//! What the tour's and presentation mode's buttons and keys do to the app: move to a step or a
//! slide (through the URL, [`AppState::navigate`]), open and close the tour, remember where the
//! tour was left (in the settings, through `crate::storage`), switch presentation mode.

use leptos::prelude::*;

use super::slides::{self, is_presenting};
use super::steps::{self, STEPS, step_in};
use super::views::is_page_change;
use crate::storage;
use crate::ui::route::Route;
use crate::ui::state::AppState;

/// Goes to `to`: a new history entry when the page changes, the same entry otherwise.
fn go(app: AppState, to: Route) {
    let from = app.route().get_untracked();
    if from != to {
        app.navigate(to.clone(), !is_page_change(&from, &to));
    }
}

/// Remembers the step the tour is at (`None`: start from the first next time).
fn remember(step: Option<usize>) {
    let mut settings = storage::load_settings();
    let step = step.map(|s| s as u32);
    if settings.tour_step != step {
        settings.tour_step = step;
        // A full or missing storage only costs the resume point: the tour works without it.
        let _ = storage::save_settings(&settings);
    }
}

/// The step "Tour" opens: where the user left the tour, else the first.
pub fn resume_step() -> usize {
    storage::load_settings()
        .tour_step
        .map_or(0, |s| (s as usize).min(STEPS.len() - 1))
}

/// Opens tour step `i` (0-based): its page and view, the step in the URL.
pub fn tour_go(app: AppState, i: usize) {
    let i = i.min(STEPS.len() - 1);
    remember(Some(i));
    go(app, steps::step_route(i, &app.route().get_untracked()));
}

/// Opens the tour where the user left it.
pub fn tour_start(app: AppState) {
    tour_go(app, resume_step());
}

/// The next step, or the end of the tour after the last.
pub fn tour_next(app: AppState) {
    match app.route().with_untracked(step_in) {
        Some(i) if i + 1 < STEPS.len() => tour_go(app, i + 1),
        Some(_) => tour_close(app, true),
        None => {}
    }
}

/// The step before (none before the first).
pub fn tour_back(app: AppState) {
    if let Some(i) = app.route().with_untracked(step_in).filter(|i| *i > 0) {
        tour_go(app, i - 1);
    }
}

/// Closes the tour where it is; `finished` (the last step's "Finish") forgets the step, so the
/// next tour starts from the beginning, otherwise "Tour" resumes at this step.
pub fn tour_close(app: AppState, finished: bool) {
    let route = app.route().get_untracked();
    remember(if finished { None } else { step_in(&route) });
    go(app, steps::without_tour(&route));
}

/// Turns presentation mode on or off (in the URL, so it can be bookmarked).
pub fn set_presenting(app: AppState, on: bool) {
    let route = app.route().get_untracked();
    if is_presenting(&route) != on {
        app.navigate(slides::presenting(&route, on), true);
    }
}

/// The next slide of presentation mode, if there is one.
pub fn slide_next(app: AppState) {
    let route = app.route().get_untracked();
    if let Some(i) = slides::next_slide(&route) {
        go(app, slides::slide_route(i, &route));
    }
}

/// The slide before, if there is one.
pub fn slide_previous(app: AppState) {
    let route = app.route().get_untracked();
    if let Some(i) = slides::previous_slide(&route) {
        go(app, slides::slide_route(i, &route));
    }
}
