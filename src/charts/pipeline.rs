//! The Pipeline "by stages" chart: each seller's open amount as a horizontal bar stacked by stage.

use charming::Chart;
use charming::component::{Axis, Grid, Legend, LegendType};
use charming::element::{AxisType, Color, Tooltip, Trigger};
use charming::series::Bar;
use serde_json::json;

use super::{ChartSpec, PALETTE};

/// One stage's part of every seller's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct StageStack {
    /// The stage name (legend and series name).
    pub stage: String,
    /// One value per seller, in the order of the sellers (an amount in major units).
    pub values: Vec<f64>,
    /// Tooltip lines per seller: a heading first, then the figures.
    pub tips: Vec<Vec<String>>,
}

/// Horizontal bars, one per seller (top to bottom in the given order), stacked by stage in
/// pipeline order. Series index = stage column, data index = seller row, so a click maps
/// straight back to a grid cell.
pub fn stacked_by_stage(sellers: &[String], stacks: &[StageStack]) -> ChartSpec {
    let mut chart = Chart::new()
        .color(PALETTE.iter().map(|c| Color::from(*c)).collect())
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .legend(Legend::new().type_(LegendType::Scroll).top(0))
        .grid(
            Grid::new()
                .left(8)
                .right(48)
                .top(36)
                .bottom(8)
                .contain_label(true),
        )
        .x_axis(Axis::new().type_(AxisType::Value).split_number(3))
        .y_axis(super::rows_axis(sellers));
    for s in stacks {
        chart = chart.series(
            Bar::new()
                .name(s.stage.as_str())
                .stack("pipeline")
                .bar_width("60%")
                .data(s.values.clone()),
        );
    }
    let mut spec = ChartSpec::from_chart(&chart);
    // Long amounts on a narrow chart: drop labels that would overlap rather than print them
    // over each other (charming has no setter for it).
    let x_axes = match spec.option.get_mut("xAxis") {
        Some(serde_json::Value::Array(axes)) => axes.iter_mut().collect(),
        Some(axis) => vec![axis],
        None => Vec::new(),
    };
    for axis in x_axes {
        axis["axisLabel"] = json!({ "hideOverlap": true });
    }
    spec.with_tips(stacks.iter().map(|s| s.tips.clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_stacked_series_per_stage_with_tips() {
        let spec = stacked_by_stage(
            &["Ann".to_string(), "Bob".to_string()],
            &[
                StageStack {
                    stage: "Proposal".into(),
                    values: vec![10.0, 0.0],
                    tips: vec![vec!["Ann — Proposal".into()], vec!["Bob — Proposal".into()]],
                },
                StageStack {
                    stage: "Contract".into(),
                    values: vec![5.0, 7.5],
                    tips: vec![vec!["Ann — Contract".into()], vec!["Bob — Contract".into()]],
                },
            ],
        );
        let series = spec.series();
        assert_eq!(series.len(), 2);
        assert_eq!(series[0]["type"], "bar");
        assert_eq!(series[0]["stack"], "pipeline");
        assert_eq!(series[1]["name"], "Contract");
        assert_eq!(series[1]["data"][1], 7.5);
        let y = &spec.option["yAxis"];
        let y = if y.is_array() { &y[0] } else { y };
        assert_eq!(y["data"][0], "Ann");
        let x = &spec.option["xAxis"];
        let x = if x.is_array() { &x[0] } else { x };
        assert_eq!(x["axisLabel"]["hideOverlap"], true);
        assert_eq!(spec.tips[1][0][0], "Ann — Contract");
    }
}
