//! The pipeline-changes waterfall: the total at `from`, then each bar up or down from where the
//! one before ended, then the total at `to` (issue 20).
//!
//! Drawn as ECharts' classic waterfall: an invisible "base" bar series lifts each visible bar
//! to where it starts, both stacked. Bars only (no new ECharts series or component).

use charming::Chart;
use charming::component::{Axis, Grid};
use charming::element::{AxisType, Tooltip, Trigger};
use charming::series::Bar;
use serde_json::json;

use super::ChartSpec;

/// The colours of the three kinds of bar.
pub const TOTAL_COLOUR: &str = "#2f6fdb";
pub const UP_COLOUR: &str = "#2e9d5b";
pub const DOWN_COLOUR: &str = "#c9514f";
/// The outline of the bar whose deals are listed.
const SELECTED_OUTLINE: &str = "#17223b";

/// Which way a bar goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A total, from zero (the first and last bars).
    Total,
    Up,
    Down,
}

/// One bar of the waterfall.
#[derive(Clone, Debug, PartialEq)]
pub struct WaterfallBar {
    /// The category name under the bar.
    pub name: String,
    pub step: Step,
    /// The bar's size, a magnitude in major units.
    pub value: f64,
    /// Text above the bar (the signed amount).
    pub label: String,
    /// Tooltip lines: the bar's name first, then the figures.
    pub tip: Vec<String>,
}

/// The waterfall of `bars` in order. Series 1 holds the visible bars: a click on data index `i`
/// is `bars[i]`. `selected` outlines one bar.
pub fn waterfall(bars: &[WaterfallBar], selected: Option<usize>) -> ChartSpec {
    let mut running = 0.0_f64;
    let mut bases = Vec::with_capacity(bars.len());
    for b in bars {
        let base = match b.step {
            Step::Total => {
                running = b.value;
                0.0
            }
            Step::Up => {
                let base = running;
                running += b.value;
                base
            }
            Step::Down => {
                running -= b.value;
                running
            }
        };
        // Rounding of major units never draws a bar below the axis.
        bases.push(base.max(0.0));
    }
    let names: Vec<String> = bars.iter().map(|b| b.name.clone()).collect();
    let chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .grid(
            Grid::new()
                .left(8)
                .right(16)
                .top(28)
                .bottom(8)
                .contain_label(true),
        )
        .x_axis(Axis::new().type_(AxisType::Category).data(names))
        .y_axis(Axis::new().type_(AxisType::Value).split_number(4))
        .series(
            Bar::new()
                .name("base")
                .stack("waterfall")
                .data(bases.clone()),
        )
        .series(
            Bar::new()
                .name("change")
                .stack("waterfall")
                .bar_width("58%")
                .data(bars.iter().map(|b| b.value).collect::<Vec<f64>>()),
        );
    let mut spec = ChartSpec::from_chart(&chart);
    let o = &mut spec.option;
    // Long category names under narrow bars: wrap them rather than drop every other one.
    let x = if o["xAxis"].is_array() {
        &mut o["xAxis"][0]
    } else {
        &mut o["xAxis"]
    };
    x["axisLabel"] = json!({ "interval": 0, "width": 84, "overflow": "break", "lineHeight": 14 });
    let y = if o["yAxis"].is_array() {
        &mut o["yAxis"][0]
    } else {
        &mut o["yAxis"]
    };
    y["axisLabel"] = json!({ "hideOverlap": true });
    if let Some(series) = o.get_mut("series").and_then(|s| s.as_array_mut()) {
        if let Some(base) = series.get_mut(0) {
            // The lift is not a bar anyone should see, hover or click.
            base["itemStyle"] = json!({ "color": "transparent", "borderColor": "transparent" });
            base["silent"] = json!(true);
            base["tooltip"] = json!({ "show": false });
            base["emphasis"] = json!({ "disabled": true });
        }
        if let Some(change) = series.get_mut(1) {
            change["data"] = json!(
                bars.iter()
                    .enumerate()
                    .map(|(i, b)| {
                        let colour = match b.step {
                            Step::Total => TOTAL_COLOUR,
                            Step::Up => UP_COLOUR,
                            Step::Down => DOWN_COLOUR,
                        };
                        let mut item = json!({
                            "value": b.value,
                            "itemStyle": { "color": colour },
                            "label": { "show": true, "position": "top", "formatter": b.label, "color": "#1c2333", "fontSize": 11 },
                        });
                        if selected == Some(i) {
                            item["itemStyle"]["borderColor"] = json!(SELECTED_OUTLINE);
                            item["itemStyle"]["borderWidth"] = json!(3);
                        }
                        item
                    })
                    .collect::<Vec<_>>()
            );
            change["cursor"] = json!("pointer");
        }
    }
    // Tips: none for the base series, one list per bar for the visible one.
    spec.with_tips(vec![
        Vec::new(),
        bars.iter().map(|b| b.tip.clone()).collect(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(name: &str, step: Step, value: f64) -> WaterfallBar {
        WaterfallBar {
            name: name.into(),
            step,
            value,
            label: format!("{value}"),
            tip: vec![name.into()],
        }
    }

    #[test]
    fn each_bar_starts_where_the_one_before_ended() {
        let spec = waterfall(
            &[
                bar("then", Step::Total, 100.0),
                bar("won", Step::Down, 30.0),
                bar("new", Step::Up, 50.0),
                bar("cut", Step::Down, 20.0),
                bar("now", Step::Total, 100.0),
            ],
            Some(2),
        );
        let series = spec.option["series"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(series.len(), 2);
        // ok: test code; a missing or non-numeric field fails the test, as it should.
        let bases: Vec<f64> = series[0]["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        // then 0..100; won 70..100; new 70..120; cut 100..120; now 0..100.
        assert_eq!(bases, [0.0, 70.0, 70.0, 100.0, 0.0]);
        assert_eq!(series[0]["silent"], true);
        assert_eq!(series[0]["stack"], series[1]["stack"]);
        let items = series[1]["data"].as_array().unwrap(); // ok: test code, as above
        assert_eq!(items[1]["value"], 30.0);
        assert_eq!(items[1]["itemStyle"]["color"], DOWN_COLOUR);
        assert_eq!(items[2]["itemStyle"]["color"], UP_COLOUR);
        assert_eq!(items[4]["itemStyle"]["color"], TOTAL_COLOUR);
        assert_eq!(items[2]["itemStyle"]["borderWidth"], 3, "the selected bar");
        assert_eq!(items[3]["label"]["formatter"], "20");
        assert_eq!(spec.tips.len(), 2);
        assert!(spec.tips[0].is_empty());
        assert_eq!(spec.tips[1][3], ["cut"]);
    }
}
