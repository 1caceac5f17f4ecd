//! The one keyboard listener of the tour and presentation mode: it describes a key press (is a
//! tour step open, is the app presenting, is the focus in a control that uses the key itself)
//! and does what `keys.rs` decides.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::actions::{slide_next, slide_previous, tour_back, tour_close, tour_next};
use super::keys::{KeyAction, KeyContext, key_action};
use super::slides::is_presenting;
use super::steps::step_in;
use crate::ui::state::AppState;

/// Controls that use the arrow keys themselves: the tab bars, the pipeline's tree grid,
/// editable text.
const USES_ARROWS: &str =
    "[role=tablist],[role=treegrid],[role=grid],[role=slider],[contenteditable=true]";

/// Whether the key press belongs to the control it happened in.
fn in_control(ev: &KeyboardEvent) -> bool {
    if ev.default_prevented() {
        return true;
    }
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "select" | "textarea")
        || el.closest(USES_ARROWS).ok().flatten().is_some()
}

/// Listens for the tour's and presentation mode's keys for as long as the calling component
/// lives.
pub fn listen(app: AppState) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        let route = app.route().get_untracked();
        let cx = KeyContext {
            tour_open: step_in(&route).is_some(),
            presenting: is_presenting(&route),
            in_control: in_control(&ev),
            modified: ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key(),
        };
        let Some(action) = key_action(&ev.key(), cx) else {
            return;
        };
        ev.prevent_default();
        match action {
            KeyAction::TourNext => tour_next(app),
            KeyAction::TourBack => tour_back(app),
            KeyAction::TourClose => tour_close(app, false),
            KeyAction::SlideNext => slide_next(app),
            KeyAction::SlidePrevious => slide_previous(app),
        }
    });
    on_cleanup(move || handle.remove());
}
