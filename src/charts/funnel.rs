//! The funnel diagram.

use charming::Chart;
use charming::element::{Label, LabelPosition, Tooltip, Trigger};
use charming::series::Funnel;
use serde_json::json;

use super::{ChartSpec, PALETTE};

/// One band of the funnel.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelBand {
    /// Text on the band: the stage name with its value and conversion.
    pub label: String,
    /// The band's size (a count or an amount in major units).
    pub value: f64,
    /// Tooltip lines: the stage name first, then the figures.
    pub tip: Vec<String>,
}

/// A funnel in the given band order (pipeline order, never re-sorted by value).
pub fn funnel_chart(series_name: &str, bands: &[FunnelBand]) -> ChartSpec {
    let data: Vec<(f64, String)> = bands.iter().map(|b| (b.value, b.label.clone())).collect();
    let chart = Chart::new()
        .color(
            PALETTE
                .iter()
                .map(|c| charming::element::Color::from(*c))
                .collect(),
        )
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .series(
            Funnel::new()
                .name(series_name)
                .left("5%")
                .width("90%")
                .top(10)
                .bottom(10)
                .min_size("12%")
                .gap(2.0)
                .label(
                    Label::new()
                        .show(true)
                        .position(LabelPosition::Inside)
                        .formatter("{b}"),
                )
                .data(data),
        );
    let mut spec = ChartSpec::from_chart(&chart);
    if let Some(series) = spec.option.get_mut("series").and_then(|s| s.get_mut(0)) {
        // Keep pipeline order: ECharts sorts funnels by value unless told not to.
        series["sort"] = json!("none");
        // A band of 0 still shows, so an empty stage is visible rather than missing.
        series["min"] = json!(0);
    }
    spec.with_tips(vec![bands.iter().map(|b| b.tip.clone()).collect()])
}
