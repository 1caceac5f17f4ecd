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

/// How the funnel is drawn, beyond its data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FunnelStyle {
    /// Labels beside the bands (with a leader line) instead of inside them, so long stage names
    /// and two-line labels stay readable on narrow bands.
    pub labels_outside: bool,
    /// A band drawn in the "won" green rather than the palette colour.
    pub won_band: Option<usize>,
    /// A band outlined as selected (the one whose deals are listed).
    pub selected: Option<usize>,
}

/// The colour of a won band, shared with the table's won row.
pub const WON_COLOUR: &str = "#2e9d5b";
/// The outline of the selected band.
const SELECTED_OUTLINE: &str = "#17223b";

/// A funnel in the given band order (pipeline order, never re-sorted by value).
pub fn funnel_chart(series_name: &str, bands: &[FunnelBand]) -> ChartSpec {
    funnel_chart_styled(series_name, bands, &FunnelStyle::default())
}

/// [`funnel_chart`] with labels, a won band and a selection as `style` says. Band widths are
/// proportional to the values, the largest band being full width (ECharts' default scale of
/// 0–100 would clip counts above 100 and every amount).
pub fn funnel_chart_styled(
    series_name: &str,
    bands: &[FunnelBand],
    style: &FunnelStyle,
) -> ChartSpec {
    let data: Vec<(f64, String)> = bands.iter().map(|b| (b.value, b.label.clone())).collect();
    let (left, width, position) = if style.labels_outside {
        ("2%", "56%", LabelPosition::Right)
    } else {
        ("5%", "90%", LabelPosition::Inside)
    };
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
                .left(left)
                .width(width)
                .top(10)
                .bottom(10)
                .min_size("12%")
                .gap(2.0)
                .label(Label::new().show(true).position(position).formatter("{b}"))
                .data(data),
        );
    let mut spec = ChartSpec::from_chart(&chart);
    if let Some(series) = spec.option.get_mut("series").and_then(|s| s.get_mut(0)) {
        // Keep pipeline order: ECharts sorts funnels by value unless told not to.
        series["sort"] = json!("none");
        // A band of 0 still shows (at the minimum size), so an empty stage is visible.
        series["min"] = json!(0);
        let max = bands.iter().map(|b| b.value).fold(0.0_f64, f64::max);
        series["max"] = json!(if max > 0.0 { max } else { 1.0 });
        if style.labels_outside {
            series["labelLine"] = json!({ "show": true, "length": 12 });
            series["label"]["color"] = json!("#1c2333");
            series["label"]["lineHeight"] = json!(16);
        }
        // Data as objects, so a band can carry its own colour and outline.
        series["data"] = json!(
            bands
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let mut item = json!({ "value": b.value, "name": b.label });
                    if style.won_band == Some(i) {
                        item["itemStyle"]["color"] = json!(WON_COLOUR);
                    }
                    if style.selected == Some(i) {
                        item["itemStyle"]["borderColor"] = json!(SELECTED_OUTLINE);
                        item["itemStyle"]["borderWidth"] = json!(3);
                    }
                    item
                })
                .collect::<Vec<_>>()
        );
    }
    spec.with_tips(vec![bands.iter().map(|b| b.tip.clone()).collect()])
}
