//! The one component that owns ECharts: it initialises a chart once, updates it in place with
//! `setOption` when its spec changes, follows its container's size, reports errors in the page
//! instead of panicking, and disposes the chart when it leaves the page. In presentation mode
//! the App provides a [`ChartFontScale`] and every chart's text grows by it
//! ([`crate::charts::scale`]), whatever page drew it.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::ui::i18n::use_i18n;

#[wasm_bindgen(module = "/src/ui/chart_bridge.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = chartInit)]
    fn chart_init(el: &web_sys::Element, for_print: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = chartSetOption)]
    fn chart_set_option(chart: &JsValue, json: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = chartOnClick)]
    fn chart_on_click(chart: &JsValue, callback: &Closure<dyn FnMut(i32, i32, String)>);
    #[wasm_bindgen(js_name = chartObserveResize)]
    fn chart_observe_resize(el: &web_sys::Element, chart: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = chartDispose)]
    fn chart_dispose(chart: &JsValue, ro: &JsValue);
    #[wasm_bindgen(catch, js_name = chartPngOf)]
    fn chart_png_of(el: &web_sys::Element) -> Result<String, JsValue>;
    #[wasm_bindgen(js_name = chartCountOf)]
    fn chart_count_of(el: &web_sys::Element) -> u32;
}

/// Present in context while charts are laid out for print (the meeting pack,
/// [`crate::ui::print_pack`]): [`Chart`] draws at twice the pixel density, without animation, at
/// most `max_chart_height` pixels high so the report fits its sheet.
#[derive(Clone, Copy, Debug)]
pub struct PrintMode {
    pub max_chart_height: u32,
}

/// A click on a chart item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartClick {
    pub series: i32,
    pub index: i32,
    pub name: String,
}

struct Instance {
    chart: JsValue,
    resize_observer: JsValue,
    _on_click: Closure<dyn FnMut(i32, i32, String)>,
}

fn js_text(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// How much larger than usual chart text is drawn (1.0 normally; more on a projector). The App
/// provides it through context; a chart mounted without it draws at 1.0.
#[derive(Clone, Copy)]
pub struct ChartFontScale(pub Signal<f64>);

/// The element a chart is drawn in: a page keeps one to export its chart as PNG
/// ([`crate::ui::download::save_png`]).
pub type ChartNode = NodeRef<leptos::html::Div>;

/// A chart drawn by ECharts from a JSON spec built by a pure function in [`crate::charts`].
#[component]
pub fn Chart(
    /// The chart's option as JSON; the chart updates in place whenever it changes.
    #[prop(into)]
    spec: Signal<String>,
    /// Accessible name of the chart, read by screen readers.
    #[prop(into)]
    label: Signal<String>,
    /// Called when the user clicks a chart item.
    #[prop(optional)]
    on_click: Option<Callback<ChartClick>>,
    /// Height of the drawing area in pixels.
    #[prop(default = 380)]
    height: u32,
    /// `data-testid` of the container.
    #[prop(into)]
    test_id: String,
    /// The container, when the page wants it (to export the chart as PNG).
    #[prop(optional)]
    node: Option<ChartNode>,
) -> impl IntoView {
    let i18n = use_i18n();
    // In the printed pack: twice the pixel density, no animation, at most the sheet's height.
    let print = use_context::<PrintMode>();
    let for_print = print.is_some();
    let height = print.map_or(height, |p| height.min(p.max_chart_height));
    let node = node.unwrap_or_default();
    let instance = StoredValue::new_local(None::<Instance>);
    let error = RwSignal::new(None::<String>);
    let font_scale = use_context::<ChartFontScale>();
    // The option last given to ECharts: a spec recomputed to the same JSON (a filter change that
    // does not touch this chart's figures) is not set again, which would redraw the whole chart.
    let applied = StoredValue::new_local(None::<String>);

    Effect::new(move |_| {
        let scale = font_scale.map_or(1.0, |s| s.0.get());
        let json = spec.with(|j| crate::charts::scale::scale_fonts_json(j, scale));
        let Some(el) = node.get() else { return };
        let el: web_sys::Element = el.into();
        instance.update_value(|slot| {
            if slot.is_none() {
                match chart_init(&el, for_print) {
                    Ok(chart) => {
                        let on_click = Closure::<dyn FnMut(i32, i32, String)>::new(
                            move |series, index, name| {
                                if let Some(cb) = on_click {
                                    cb.run(ChartClick {
                                        series,
                                        index,
                                        name,
                                    });
                                }
                            },
                        );
                        chart_on_click(&chart, &on_click);
                        let resize_observer = chart_observe_resize(&el, &chart);
                        *slot = Some(Instance {
                            chart,
                            resize_observer,
                            _on_click: on_click,
                        });
                    }
                    Err(e) => {
                        error.set(Some(js_text(&e)));
                        return;
                    }
                }
            }
            if let Some(inst) = slot {
                if applied.with_value(|a| a.as_deref() == Some(json.as_str())) {
                    return;
                }
                match chart_set_option(&inst.chart, &json) {
                    Ok(()) => {
                        error.set(None);
                        applied.set_value(Some(json));
                    }
                    Err(e) => {
                        error.set(Some(js_text(&e)));
                        applied.set_value(None);
                    }
                }
            }
        });
    });

    on_cleanup(move || {
        instance.update_value(|slot| {
            if let Some(inst) = slot.take() {
                chart_dispose(&inst.chart, &inst.resize_observer);
            }
        });
    });

    view! {
        <div class="chart-box">
            <div
                class="chart"
                node_ref=node
                role="img"
                aria-label=move || label.get()
                data-testid=test_id
                style=format!("height:{height}px")
            ></div>
            {move || error.get().map(|e| view! {
                <p class="error" role="alert">{i18n.tf("chart.error", &[("reason", e)])}</p>
            })}
        </div>
    }
}

/// The PNG of the chart drawn in `node`, as a data URL.
pub fn png_data_url(node: ChartNode) -> Result<String, String> {
    let el: web_sys::Element = node.get_untracked().ok_or("chart not found")?.into();
    chart_png_of(&el).map_err(|e| js_text(&e))
}

/// How many live ECharts instances sit on `el` (0 or 1); used by tests.
pub fn instances_on(el: &web_sys::Element) -> u32 {
    chart_count_of(el)
}
