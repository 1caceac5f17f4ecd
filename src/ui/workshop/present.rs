//! Presentation mode's controls: the header's "Tour" and "Present" buttons and, while
//! presenting, the bar under the header (previous / next tool, where the trainer is, the
//! collapsed filter bar's toggle, the way out).

use leptos::prelude::*;

use super::actions::{set_presenting, slide_next, slide_previous, tour_start};
use super::slides::{SLIDES, is_presenting, next_slide, previous_slide, slide_at};
use super::steps::step_in;
use crate::ui::i18n::use_i18n;
use crate::ui::state::use_app;

/// `id` of the box around the filter bar, which the bar's "Filters" toggle controls.
pub const FILTER_PANEL_ID: &str = "filter-panel";

/// The header's "Tour" and "Present" buttons.
#[component]
pub fn WorkshopButtons() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let presenting = Memo::new(move |_| app.route().with(is_presenting));
    let touring = Memo::new(move |_| app.route().with(|r| step_in(r).is_some()));
    view! {
        <div class="workshop-buttons">
            <button type="button" class="topbar-button" data-testid="tour-start"
                aria-pressed=move || touring.get().to_string()
                on:click=move |_| tour_start(app)>
                {move || i18n.t("workshop.tour")}
            </button>
            <button type="button" class="topbar-button" data-testid="present-toggle"
                aria-pressed=move || presenting.get().to_string()
                on:click=move |_| set_presenting(app, !presenting.get_untracked())>
                {move || i18n.t("workshop.present")}
            </button>
        </div>
    }
}

/// The bar presentation mode shows under the header; nothing otherwise.
#[component]
pub fn PresentBar(
    /// Whether the filter bar is shown (presentation mode collapses it).
    filters_shown: RwSignal<bool>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let presenting = Memo::new(move |_| app.route().with(is_presenting));
    let at = Memo::new(move |_| app.route().with(slide_at));
    let has_next = Memo::new(move |_| app.route().with(|r| next_slide(r).is_some()));
    let has_previous = Memo::new(move |_| app.route().with(|r| previous_slide(r).is_some()));
    let where_text = move || match at.get() {
        Some(i) => i18n.tf(
            "workshop.slide_of",
            &[
                ("n", (i + 1).to_string()),
                ("total", SLIDES.len().to_string()),
                ("name", i18n.t(SLIDES[i].label_key)),
            ],
        ),
        None => i18n.t("workshop.off_slides"),
    };
    move || {
        presenting.get().then(|| view! {
            <nav class="present-bar" data-testid="present-bar" aria-label=move || i18n.t("workshop.bar")>
                <button type="button" class="secondary" data-testid="slide-previous"
                    disabled=move || !has_previous.get() on:click=move |_| slide_previous(app)>
                    {move || i18n.t("workshop.previous")}
                </button>
                <span class="present-where" data-testid="present-where" aria-live="polite">{where_text}</span>
                <button type="button" class="secondary" data-testid="slide-next"
                    disabled=move || !has_next.get() on:click=move |_| slide_next(app)>
                    {move || i18n.t("workshop.next")}
                </button>
                <span class="present-keys">{move || i18n.t("workshop.keys")}</span>
                <button type="button" class="link" data-testid="filters-toggle"
                    aria-controls=FILTER_PANEL_ID aria-expanded=move || filters_shown.get().to_string()
                    on:click=move |_| filters_shown.update(|v| *v = !*v)>
                    {move || i18n.t(if filters_shown.get() { "workshop.filters_hide" } else { "workshop.filters_show" })}
                </button>
                <button type="button" class="link" data-testid="present-leave"
                    on:click=move |_| set_presenting(app, false)>
                    {move || i18n.t("workshop.leave")}
                </button>
            </nav>
        })
    }
}
