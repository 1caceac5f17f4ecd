//! A trainer's kit (issue 19): the guided tour through the five tools and presentation mode.
//!
//! - `views` — a page and the query keys of one of its views; `steps` — the tour as a table of
//!   steps (`?tour=N` in the URL); `slides` — presentation mode's sequence (`?present=1`, kept
//!   across pages); `keys` — what each key does; `place` — where the tour's popover goes. All
//!   pure, tested on the host (`tests/workshop.rs`).
//! - `actions` — moving the app to a step or slide (through the URL) and remembering where the
//!   tour was left (in the settings, through `crate::storage`).
//! - `tour` — the one component that renders any step; `present` — the header's buttons and the
//!   presentation bar; `shortcuts` — the one keyboard listener.
//!
//! Larger chart text in presentation mode is the chart component's (`ui::chart::ChartFontScale`).

pub mod actions;
pub mod keys;
pub mod place;
pub mod present;
pub mod shortcuts;
pub mod slides;
pub mod steps;
pub mod tour;
pub mod views;

/// How much larger chart text is drawn in presentation mode.
pub const PRESENT_CHART_SCALE: f64 = 1.5;
