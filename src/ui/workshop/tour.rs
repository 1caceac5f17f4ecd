//! The guided tour's one component: whichever step the URL names (`?tour=N`), drawn from the
//! step table in `steps.rs` — a spotlight on the element the step is about and a popover beside
//! it (kept on screen, `place.rs`) saying what to look at and which question a head of sales
//! asks there, with Back / Next / Skip. Focus moves into the popover on every step.

use std::time::Duration;

use leptos::html::{Button, Div};
use leptos::prelude::*;

use super::actions::{tour_back, tour_close, tour_next};
use super::place::{GAP, Placement, Rect, Side, place};
use super::steps::{STEPS, step_in};
use crate::ui::i18n::use_i18n;
use crate::ui::lazy::split_view;
use crate::ui::state::use_app;

/// The popover's size before it is first measured.
const POP_GUESS: (f64, f64) = (380.0, 260.0);
/// Room between the highlighted element and its outline.
const SPOT_PAD: f64 = 6.0;
/// How often the spotlight follows the page (a chart drawing, a report finishing, a table
/// growing): a layout read, nothing more.
const FOLLOW_EVERY: Duration = Duration::from_millis(200);

/// Where things are on screen for the open step.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Geometry {
    /// The highlighted element's visible part, if it is on screen.
    spot: Option<Rect>,
    /// The `data-testid` of the highlighted element.
    found: Option<&'static str>,
    placement: Placement,
}

fn viewport() -> (f64, f64) {
    let w = window();
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64());
    (
        size(w.inner_width()).unwrap_or(1280.0),
        size(w.inner_height()).unwrap_or(800.0),
    )
}

fn rect_of(el: &web_sys::Element) -> Rect {
    let r = el.get_bounding_client_rect();
    Rect {
        x: r.left(),
        y: r.top(),
        w: r.width(),
        h: r.height(),
    }
}

/// The part of `el` not clipped by a scrolling ancestor (the funnel table scrolls sideways
/// inside its box): the spotlight outlines what can be seen, not what is scrolled away.
fn shown_rect_of(el: &web_sys::Element) -> Rect {
    let mut r = rect_of(el);
    let w = window();
    let mut up = el.parent_element();
    while let Some(p) = up {
        let clips = w.get_computed_style(&p).ok().flatten().is_some_and(|s| {
            ["overflow-x", "overflow-y"].iter().any(|k| {
                s.get_property_value(k)
                    .is_ok_and(|v| v != "visible" && !v.is_empty())
            })
        });
        if clips {
            let c = rect_of(&p);
            let (x0, y0) = (r.x.max(c.x), r.y.max(c.y));
            let (x1, y1) = ((r.x + r.w).min(c.x + c.w), (r.y + r.h).min(c.y + c.h));
            r = Rect {
                x: x0,
                y: y0,
                w: (x1 - x0).max(0.0),
                h: (y1 - y0).max(0.0),
            };
        }
        up = p.parent_element();
    }
    r
}

/// The first of `ids` laid out on the page (a hidden element has an empty box).
fn find_target(ids: &[&'static str]) -> Option<(&'static str, web_sys::Element)> {
    let doc = document();
    ids.iter().find_map(|id| {
        let el = doc
            .query_selector(&format!("[data-testid=\"{id}\"]"))
            .ok()
            .flatten()?;
        let r = rect_of(&el);
        (r.w > 0.0 && r.h > 0.0).then_some((*id, el))
    })
}

/// Scrolls the page so the element and the popover under it fit on screen together when they
/// can, or the element's top is near the top of the screen when it is tall.
fn bring_into_view(el: &web_sys::Element, pop_h: f64) {
    let w = window();
    let (_, vh) = viewport();
    let r = rect_of(el);
    let top = r.y + w.scroll_y().unwrap_or(0.0);
    let together = r.h + GAP + pop_h;
    let offset = if together + 2.0 * GAP < vh {
        (vh - together) / 2.0
    } else {
        72.0
    };
    w.scroll_to_with_x_and_y(w.scroll_x().unwrap_or(0.0), (top - offset).max(0.0));
}

split_view! {
    /// [`TourLayer`], a chunk of its own in the split build (`ui::lazy`): the shell mounts it
    /// only while a step is open (`?tour=N`), so a visit that never starts the tour never
    /// fetches it.
    pub fn tour_layer_view, prefetch prefetch_tour_layer, chunk workshop_tour, slot 50,
        build tour_layer, preload preload_tour_layer => view! { <TourLayer/> }
}

/// The tour's spotlight and popover; nothing while no step is open.
#[component]
pub fn TourLayer() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let step = Memo::new(move |_| app.route().with(step_in));
    let pop_node = NodeRef::<Div>::new();
    let next_button = NodeRef::<Button>::new();
    let centred = move || place(None, POP_GUESS, viewport());
    let geometry = RwSignal::new(Geometry {
        spot: None,
        found: None,
        placement: centred(),
    });
    // The step whose element was last scrolled to: each step scrolls once, when its element
    // appears, and then leaves the scrolling to the user.
    let scrolled = StoredValue::new(None::<usize>);

    let measure = move || {
        let Some(i) = step.get_untracked() else {
            return;
        };
        let pop = pop_node
            .get_untracked()
            .map(|p| (p.offset_width() as f64, p.offset_height() as f64))
            .filter(|(w, h)| *w > 0.0 && *h > 0.0)
            .unwrap_or(POP_GUESS);
        let found = find_target(STEPS[i].targets);
        if let Some((_, el)) = &found
            && scrolled.get_value() != Some(i)
        {
            scrolled.set_value(Some(i));
            bring_into_view(el, pop.1);
        }
        let view = viewport();
        let target = found.as_ref().map(|(_, el)| shown_rect_of(el));
        let next = Geometry {
            spot: target.and_then(|t| t.visible_in(view.0, view.1)),
            found: found.map(|(id, _)| id),
            placement: place(target, pop, view),
        };
        if geometry.get_untracked() != next {
            geometry.set(next);
        }
    };

    // Sync with the page's layout: measure on every step change (after it has rendered), on
    // scroll and resize, and a few times a second while a step is open.
    Effect::new(move |_| {
        if step.get().is_some() {
            request_animation_frame(move || {
                measure();
                if let Some(b) = next_button.get_untracked() {
                    b.focus().ok();
                }
            });
        } else {
            scrolled.set_value(None);
        }
    });
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| measure());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
    let follow = set_interval_with_handle(measure, FOLLOW_EVERY).ok();
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
        if let Some(h) = follow {
            h.clear();
        }
    });

    let spot_style = move || {
        geometry.with(|g| {
            g.spot.map(|t| {
                format!(
                    "left:{:.0}px;top:{:.0}px;width:{:.0}px;height:{:.0}px",
                    t.x - SPOT_PAD,
                    t.y - SPOT_PAD,
                    t.w + 2.0 * SPOT_PAD,
                    t.h + 2.0 * SPOT_PAD
                )
            })
        })
    };
    let pop_style = move || {
        geometry.with(|g| format!("left:{:.0}px;top:{:.0}px", g.placement.x, g.placement.y))
    };

    move || {
        step.get().map(|i| {
            let s = STEPS[i];
            let last = i + 1 == STEPS.len();
            let text = move |part: &str| i18n.t(&format!("tour.step.{}.{part}", s.id));
            view! {
                <div class="tour-spot" data-testid="tour-spot" aria-hidden="true"
                    class:tour-spot-none=move || geometry.with(|g| g.spot.is_none())
                    style=spot_style></div>
                <div class="tour-pop" role="dialog" aria-modal="false" node_ref=pop_node
                    aria-labelledby="tour-title" aria-describedby="tour-look tour-question"
                    data-testid="tour" data-step=(i + 1).to_string()
                    data-target=move || geometry.with(|g| g.found.unwrap_or_default())
                    data-side=move || geometry.with(|g| g.placement.side.as_str())
                    class:tour-centre=move || geometry.with(|g| g.placement.side == Side::Centre)
                    style=pop_style>
                    <p class="tour-count" data-testid="tour-count">{move || i18n.tf("tour.count", &[
                        ("n", (i + 1).to_string()), ("total", STEPS.len().to_string()),
                    ])}</p>
                    <h2 id="tour-title" data-testid="tour-title">{move || text("title")}</h2>
                    <p id="tour-look" data-testid="tour-look">{move || text("look")}</p>
                    <p id="tour-question" class="tour-question" data-testid="tour-question">
                        <strong>{move || i18n.t("tour.question")}</strong>" "{move || text("question")}
                    </p>
                    <div class="tour-actions">
                        <button type="button" class="secondary" data-testid="tour-back"
                            disabled=i == 0 on:click=move |_| tour_back(app)>
                            {move || i18n.t("tour.back")}
                        </button>
                        <button type="button" data-testid="tour-next" node_ref=next_button
                            on:click=move |_| tour_next(app)>
                            {move || i18n.t(if last { "tour.finish" } else { "tour.next" })}
                        </button>
                        <button type="button" class="link" data-testid="tour-skip"
                            on:click=move |_| tour_close(app, false)>
                            {move || i18n.t("tour.skip")}
                        </button>
                    </div>
                    <p class="tour-keys">{move || i18n.t("tour.keys")}</p>
                </div>
            }
        })
    }
}
