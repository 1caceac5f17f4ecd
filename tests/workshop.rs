//! The trainer's kit on the host (src/ui/workshop): the tour's steps, presentation mode's
//! sequence, what each key does, where the tour's popover goes, and the larger chart text.

use serde_json::json;
use voronka::charts::scale::{scale_fonts, scale_fonts_json};
use voronka::ui::route::{Page, Route};
use voronka::ui::workshop::keys::{KeyAction, KeyContext, key_action};
use voronka::ui::workshop::place::{MARGIN, Rect, Side, place};
use voronka::ui::workshop::slides::{
    SLIDES, is_presenting, next_slide, presenting, previous_slide, slide_at, slide_route,
};
use voronka::ui::workshop::steps::{STEPS, settle, step_in, step_route, without_tour};

// ---- the tour's steps ----

#[test]
fn the_tour_visits_the_five_tools_in_order_and_every_view_of_the_pipeline() {
    assert!((8..=12).contains(&STEPS.len()));
    let mut pages: Vec<Page> = STEPS.iter().map(|s| s.view.page).collect();
    pages.dedup();
    assert_eq!(
        pages,
        [
            Page::Funnel,
            Page::Pipeline,
            Page::Relationships,
            Page::Directions,
            Page::Forecast
        ]
    );
    let pipeline: Vec<&str> = STEPS
        .iter()
        .filter(|s| s.view.page == Page::Pipeline)
        .map(|s| s.view.query[0].1)
        .collect();
    assert_eq!(pipeline, ["clients", "stages", "forecast"]);
    // Every step points at something, and names its texts by a unique id.
    let mut ids: Vec<&str> = STEPS.iter().map(|s| s.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), STEPS.len());
    assert!(STEPS.iter().all(|s| !s.targets.is_empty()));
}

#[test]
fn each_step_has_its_texts_in_both_languages() {
    use voronka::domain::Lang;
    use voronka::ui::i18n::tr;
    for s in &STEPS {
        for part in ["title", "look", "question"] {
            let key = format!("tour.step.{}.{part}", s.id);
            for lang in [Lang::En, Lang::Ru] {
                let text = tr(lang, &key);
                assert!(!text.ends_with(&key), "{key} missing in {lang:?}");
            }
        }
    }
    for s in &SLIDES {
        assert!(!tr(Lang::Ru, s.label_key).ends_with(s.label_key));
    }
}

#[test]
fn a_step_opens_its_page_and_view_and_keeps_the_filter_and_presentation_mode() {
    let from = Route::parse("#/funnel?period=last_18m&seller=3&fstage=won&present=1");
    let r = step_route(5, &from);
    assert_eq!(r.page, Page::Pipeline);
    assert_eq!(r.get("pview"), Some("stages"));
    assert_eq!(r.get("tour"), Some("6"));
    assert_eq!(r.get("period"), Some("last_18m"));
    assert_eq!(r.get("seller"), Some("3"));
    assert_eq!(r.get("present"), Some("1"));
    // The funnel's open row stays behind on the funnel.
    assert_eq!(r.get("fstage"), None);
    assert_eq!(step_in(&r), Some(5));
    assert_eq!(without_tour(&r).get("tour"), None);
}

#[test]
fn the_step_in_the_url_is_read_from_one_and_brought_into_range() {
    let at = |h: &str| step_in(&Route::parse(h));
    assert_eq!(at("#/funnel?tour=1"), Some(0));
    assert_eq!(at("#/funnel?tour=0"), Some(0));
    assert_eq!(at("#/funnel?tour=99"), Some(STEPS.len() - 1));
    assert_eq!(at("#/funnel?tour=abc"), None);
    assert_eq!(at("#/funnel"), None);
}

#[test]
fn a_link_to_a_step_opens_that_steps_view() {
    // Bookmarked on another page: the step's own view opens.
    let settled = settle(&Route::parse("#/data?tour=5&period=all")).unwrap();
    assert_eq!(settled.page, Page::Pipeline);
    assert_eq!(settled.get("pview"), Some("clients"));
    assert_eq!(settled.get("period"), Some("all"));
    // Already there: nothing to correct, other view keys stay.
    let there = Route::parse("#/pipeline?pview=clients&psort=amount_desc&tour=5");
    assert_eq!(settle(&there), None);
    // Out of range: the number is corrected.
    let past = step_route(STEPS.len() - 1, &Route::default()).with("tour", Some("40".into()));
    assert_eq!(
        settle(&past).unwrap().get("tour"),
        Some(STEPS.len().to_string().as_str())
    );
    assert_eq!(settle(&Route::parse("#/funnel")), None);
}

// ---- presentation mode ----

#[test]
fn presentation_mode_is_in_the_url_and_follows_every_page() {
    let r = presenting(&Route::parse("#/funnel?period=all"), true);
    assert!(is_presenting(&r));
    assert_eq!(r.to_hash(), "#/funnel?period=all&present=1");
    let moved = r.on_page(Page::Directions);
    assert!(is_presenting(&moved));
    assert!(!is_presenting(&presenting(&moved, false)));
    assert!(!is_presenting(&Route::parse("#/funnel?present=0")));
}

#[test]
fn slides_page_through_the_tools_and_stop_at_either_end() {
    let mut r = presenting(&Route::parse("#/funnel?seller=2"), true);
    let mut seen = vec![slide_at(&r).unwrap()];
    while let Some(i) = next_slide(&r) {
        r = slide_route(i, &r);
        seen.push(slide_at(&r).unwrap());
        assert!(is_presenting(&r));
        assert_eq!(r.get("seller"), Some("2"));
    }
    assert_eq!(seen, (0..SLIDES.len()).collect::<Vec<_>>());
    assert_eq!(r.page, Page::Forecast);
    let mut back = 0;
    while let Some(i) = previous_slide(&r) {
        r = slide_route(i, &r);
        back += 1;
    }
    assert_eq!(back, SLIDES.len() - 1);
    assert_eq!(r.page, Page::Funnel);
}

#[test]
fn a_page_shows_its_slide_by_view_and_off_the_tools_next_starts_at_the_funnel() {
    let at = |h: &str| slide_at(&Route::parse(h));
    assert_eq!(at("#/pipeline"), Some(1));
    assert_eq!(at("#/pipeline?pview=forecast"), Some(3));
    assert_eq!(at("#/forecast?fview=attention"), Some(6));
    assert_eq!(at("#/data"), None);
    assert_eq!(next_slide(&Route::parse("#/data")), Some(0));
}

// ---- keys ----

#[test]
fn keys_move_through_the_tour_when_it_is_open_and_through_the_tools_when_presenting() {
    let cx = |tour_open, presenting| KeyContext {
        tour_open,
        presenting,
        ..KeyContext::default()
    };
    use KeyAction::*;
    let cases: &[(&str, KeyContext, Option<KeyAction>)] = &[
        ("ArrowRight", cx(true, false), Some(TourNext)),
        ("ArrowLeft", cx(true, false), Some(TourBack)),
        ("Escape", cx(true, false), Some(TourClose)),
        ("PageDown", cx(true, false), None),
        ("PageDown", cx(true, true), Some(TourNext)),
        ("PageUp", cx(true, true), Some(TourBack)),
        ("PageDown", cx(false, true), Some(SlideNext)),
        ("PageUp", cx(false, true), Some(SlidePrevious)),
        ("ArrowRight", cx(false, true), Some(SlideNext)),
        ("ArrowLeft", cx(false, true), Some(SlidePrevious)),
        ("ArrowRight", cx(false, false), None),
        ("Escape", cx(false, true), None),
        ("Enter", cx(true, true), None),
    ];
    for (key, c, want) in cases {
        assert_eq!(key_action(key, *c), *want, "{key} with {c:?}");
    }
    // A control that uses the arrows keeps them; PageDown and Esc still work.
    let in_field = KeyContext {
        in_control: true,
        ..cx(true, true)
    };
    assert_eq!(key_action("ArrowRight", in_field), None);
    assert_eq!(key_action("PageDown", in_field), Some(TourNext));
    assert_eq!(key_action("Escape", in_field), Some(TourClose));
    // Alt+← is the browser's Back.
    let alt = KeyContext {
        modified: true,
        ..cx(true, true)
    };
    assert_eq!(key_action("ArrowLeft", alt), None);
}

// ---- the popover's place ----

const VIEW: (f64, f64) = (1280.0, 800.0);
const POP: (f64, f64) = (380.0, 240.0);

fn on_screen(x: f64, y: f64) -> bool {
    x >= MARGIN - 0.01
        && y >= MARGIN - 0.01
        && x + POP.0 <= VIEW.0 - MARGIN + 0.01
        && y + POP.1 <= VIEW.1 - MARGIN + 0.01
}

fn overlaps(a: Rect, x: f64, y: f64) -> bool {
    a.x < x + POP.0 && x < a.x + a.w && a.y < y + POP.1 && y < a.y + a.h
}

#[test]
fn the_popover_sits_beside_its_element_on_screen_without_covering_it() {
    let cases = [
        (
            Rect {
                x: 100.0,
                y: 80.0,
                w: 600.0,
                h: 200.0,
            },
            Side::Below,
        ),
        (
            Rect {
                x: 100.0,
                y: 500.0,
                w: 600.0,
                h: 250.0,
            },
            Side::Above,
        ),
        (
            Rect {
                x: 40.0,
                y: 60.0,
                w: 700.0,
                h: 700.0,
            },
            Side::Right,
        ),
        (
            Rect {
                x: 600.0,
                y: 60.0,
                w: 660.0,
                h: 700.0,
            },
            Side::Left,
        ),
        // At the very right edge: still whole on screen.
        (
            Rect {
                x: 1200.0,
                y: 100.0,
                w: 70.0,
                h: 40.0,
            },
            Side::Below,
        ),
    ];
    for (target, side) in cases {
        let p = place(Some(target), POP, VIEW);
        assert_eq!(p.side, side, "{target:?}");
        assert!(on_screen(p.x, p.y), "{target:?} → {p:?}");
        assert!(!overlaps(target, p.x, p.y), "{target:?} → {p:?}");
    }
}

#[test]
fn with_nothing_to_point_at_or_a_screen_filling_element_the_popover_stays_on_screen() {
    let centre = place(None, POP, VIEW);
    assert_eq!(centre.side, Side::Centre);
    assert_eq!((centre.x, centre.y), (450.0, 280.0));
    // An element scrolled off screen counts as nothing to point at.
    let gone = Rect {
        x: 0.0,
        y: -900.0,
        w: 500.0,
        h: 300.0,
    };
    assert_eq!(place(Some(gone), POP, VIEW).side, Side::Centre);
    let huge = Rect {
        x: 0.0,
        y: -200.0,
        w: 1280.0,
        h: 3000.0,
    };
    let p = place(Some(huge), POP, VIEW);
    assert_eq!(p.side, Side::Over);
    assert!(on_screen(p.x, p.y));
    // A popover larger than a small screen keeps its corner on screen.
    let tiny = place(None, POP, (300.0, 200.0));
    assert_eq!((tiny.x, tiny.y), (MARGIN, MARGIN));
}

// ---- larger chart text ----

#[test]
fn chart_text_grows_by_the_scale_set_sizes_and_defaults_alike() {
    let mut option = json!({
        "title": { "text": "Funnel" },
        "legend": { "data": ["a"] },
        "xAxis": [{ "type": "category" }],
        "yAxis": { "type": "value", "axisLabel": { "fontSize": 10 } },
        "series": [
            { "type": "funnel", "label": { "show": true, "lineHeight": 16 },
              "data": [{ "value": 1, "name": "x", "label": { "fontSize": 14 } }] },
            { "type": "bar" }
        ],
        "voronkaTips": [[["a", "b"]]]
    });
    scale_fonts(&mut option, 1.5);
    assert_eq!(option["title"]["textStyle"]["fontSize"], json!(27.0));
    assert_eq!(option["legend"]["textStyle"]["fontSize"], json!(18.0));
    assert_eq!(option["xAxis"][0]["axisLabel"]["fontSize"], json!(18.0));
    assert_eq!(option["yAxis"]["axisLabel"]["fontSize"], json!(15.0));
    assert_eq!(option["series"][0]["label"]["fontSize"], json!(18.0));
    assert_eq!(option["series"][0]["label"]["lineHeight"], json!(24.0));
    assert_eq!(option["series"][0]["label"]["show"], json!(true));
    assert_eq!(
        option["series"][0]["data"][0]["label"]["fontSize"],
        json!(21.0)
    );
    assert_eq!(option["series"][1]["label"]["fontSize"], json!(18.0));
    assert_eq!(option["voronkaTips"], json!([[["a", "b"]]]));
}

#[test]
fn at_scale_one_or_on_a_broken_spec_the_json_is_left_as_it_is() {
    let spec = r#"{"series":[{"type":"bar"}]}"#;
    assert_eq!(scale_fonts_json(spec, 1.0), spec);
    assert_eq!(scale_fonts_json("not json", 1.5), "not json");
    assert!(scale_fonts_json(spec, 2.0).contains(r#""fontSize":24.0"#));
}
