//! Larger chart text for a projector: every text of an ECharts option `scale` times its size.
//! Applied by the one chart component (`ui::chart::Chart`) to whatever spec a page hands it, so
//! no chart builder needs to know about presentation mode. Pure.

use serde_json::{Map, Value, json};

/// ECharts' own default size of the texts this touches (title text is larger).
const DEFAULT_SIZE: f64 = 12.0;
const DEFAULT_TITLE_SIZE: f64 = 18.0;

/// Objects that style a text: their `fontSize` (and `lineHeight`) are scaled.
const TEXT_STYLES: [&str; 5] = [
    "label",
    "axisLabel",
    "textStyle",
    "nameTextStyle",
    "subtextStyle",
];

/// Components whose text is styled under `textStyle`, which is added when a spec leaves it out
/// so that their default-sized text grows too.
const WITH_TEXT_STYLE: [&str; 4] = ["legend", "tooltip", "visualMap", "title"];

fn scaled(v: Option<&Value>, default: f64, scale: f64) -> Value {
    let size = v.and_then(Value::as_f64).unwrap_or(default);
    json!((size * scale).round())
}

fn scale_text_style(style: &mut Map<String, Value>, default: f64, scale: f64) {
    let size = scaled(style.get("fontSize"), default, scale);
    style.insert("fontSize".into(), size);
    if style.contains_key("lineHeight") {
        let lh = scaled(style.get("lineHeight"), default, scale);
        style.insert("lineHeight".into(), lh);
    }
}

/// Walks `v`; `parent` is the key it sits under.
fn walk(v: &mut Value, parent: &str, scale: f64) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| walk(i, parent, scale)),
        Value::Object(map) => {
            if WITH_TEXT_STYLE.contains(&parent) && !map.contains_key("textStyle") {
                map.insert("textStyle".into(), json!({}));
            }
            if matches!(parent, "xAxis" | "yAxis") && !map.contains_key("axisLabel") {
                map.insert("axisLabel".into(), json!({}));
            }
            if parent == "series" && !map.contains_key("label") {
                map.insert("label".into(), json!({}));
            }
            for (key, child) in map.iter_mut() {
                if TEXT_STYLES.contains(&key.as_str())
                    && let Value::Object(style) = child
                {
                    let default = if parent == "title" && key == "textStyle" {
                        DEFAULT_TITLE_SIZE
                    } else {
                        DEFAULT_SIZE
                    };
                    scale_text_style(style, default, scale);
                }
                walk(child, key, scale);
            }
        }
        _ => {}
    }
}

/// `option` with every text `scale` times larger: labels, axis labels, legend, tooltip, visual
/// map and titles, set sizes and ECharts' defaults alike.
pub fn scale_fonts(option: &mut Value, scale: f64) {
    walk(option, "", scale);
}

/// The option JSON `json` with its text `scale` times larger; `json` itself when the scale is 1
/// or the text is not an option (the chart then shows ECharts' own error, as before).
pub fn scale_fonts_json(json: &str, scale: f64) -> String {
    if (scale - 1.0).abs() < f64::EPSILON {
        return json.to_string();
    }
    match serde_json::from_str::<Value>(json) {
        Ok(mut option) if option.is_object() => {
            scale_fonts(&mut option, scale);
            option.to_string()
        }
        _ => json.to_string(),
    }
}
