//! What a key does in the tour and in presentation mode. Pure: the listener (`shortcuts.rs`)
//! describes the key press, this decides.

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAction {
    TourNext,
    TourBack,
    TourClose,
    SlideNext,
    SlidePrevious,
}

/// Where the key was pressed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyContext {
    /// A tour step is open.
    pub tour_open: bool,
    /// Presentation mode is on.
    pub presenting: bool,
    /// The focus is in something that uses the arrows itself (a text field, a select, a tab
    /// bar, a tree grid), or the page already handled the key.
    pub in_control: bool,
    /// Alt, Ctrl, Meta or Shift is held (Alt+← is the browser's Back).
    pub modified: bool,
}

/// The action for `key` (a `KeyboardEvent.key`) in `cx`, if any. The arrows page through the tour
/// when it is open and through the tools in presentation mode otherwise; PageDown/PageUp (a
/// presenter's clicker) do the same in presentation mode; Esc closes the tour.
pub fn key_action(key: &str, cx: KeyContext) -> Option<KeyAction> {
    use KeyAction::*;
    if cx.modified {
        return None;
    }
    let arrows = !cx.in_control;
    match (key, cx.tour_open) {
        ("Escape", true) => Some(TourClose),
        ("ArrowRight", true) if arrows => Some(TourNext),
        ("ArrowLeft", true) if arrows => Some(TourBack),
        ("PageDown", true) if cx.presenting => Some(TourNext),
        ("PageUp", true) if cx.presenting => Some(TourBack),
        ("PageDown", false) if cx.presenting => Some(SlideNext),
        ("PageUp", false) if cx.presenting => Some(SlidePrevious),
        ("ArrowRight", false) if cx.presenting && arrows => Some(SlideNext),
        ("ArrowLeft", false) if cx.presenting && arrows => Some(SlidePrevious),
        _ => None,
    }
}
