//! The revenue forecast chart: per period, a bar of the won amount with the weighted open amount
//! stacked on it (so the bar's top is the forecast, won + weighted open), and a line for the plan.
//!
//! Series index: 0 = won, 1 = weighted open, 2 = plan; data index = period, so a click maps
//! straight back to a row of the forecast table.

use charming::Chart;
use charming::component::{Axis, Grid, Legend};
use charming::element::{AxisType, ItemStyle, Symbol, Tooltip, Trigger};
use charming::series::{Bar, Line};
use serde_json::Value;

use super::ChartSpec;

/// Colour of the won bars.
pub const WON_COLOR: &str = "#2e9d5b";
/// Colour of the weighted-open bars.
pub const OPEN_COLOR: &str = "#7fa9ec";
/// Colour of the plan line.
pub const PLAN_COLOR: &str = "#c9514f";

/// Input of [`forecast_chart`]: labels and tooltip text already in the user's language.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastChart {
    /// Period labels, left to right.
    pub periods: Vec<String>,
    /// Won amount per period, in major units.
    pub won: Vec<f64>,
    /// Weighted open amount per period, in major units.
    pub weighted_open: Vec<f64>,
    /// Plan per period in major units; `None` where there is no plan (the line has a gap).
    pub plan: Vec<Option<f64>>,
    /// Series names: won, weighted open, plan.
    pub names: [String; 3],
    /// Tooltip lines per period (a heading first), shown on every series of that period.
    pub tips: Vec<Vec<String>>,
}

/// One of the forecast's stacked bars.
fn forecast_bar(name: &str, color: &str, values: &[f64]) -> Bar {
    Bar::new()
        .name(name)
        .stack("forecast")
        .bar_width("55%")
        .item_style(ItemStyle::new().color(color))
        .data(values.to_vec())
}

/// Stacked bars (won, then weighted open) and a plan line over the periods.
pub fn forecast_chart(input: &ForecastChart) -> ChartSpec {
    let [won_name, open_name, plan_name] = &input.names;
    let chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .legend(Legend::new().top(0))
        .grid(
            Grid::new()
                .left(8)
                .right(16)
                .top(36)
                .bottom(8)
                .contain_label(true),
        )
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(input.periods.clone()),
        )
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(forecast_bar(won_name, WON_COLOR, &input.won))
        .series(forecast_bar(open_name, OPEN_COLOR, &input.weighted_open))
        .series(
            Line::new()
                .name(plan_name.as_str())
                .symbol(Symbol::Circle)
                .symbol_size(7)
                .item_style(ItemStyle::new().color(PLAN_COLOR))
                .data(
                    input
                        .plan
                        .iter()
                        .map(|p| p.unwrap_or(0.0))
                        .collect::<Vec<f64>>(),
                ),
        );
    let mut spec = ChartSpec::from_chart(&chart);
    // A period with no plan is a gap in the line ("-" is ECharts' empty value), not a zero.
    if let Some(data) = spec.option["series"][2]["data"].as_array_mut() {
        for (v, p) in data.iter_mut().zip(&input.plan) {
            if p.is_none() {
                *v = Value::String("-".into());
            }
        }
    }
    spec.with_tips(vec![input.tips.clone(); 3])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ForecastChart {
        ForecastChart {
            periods: vec!["Jan 2026".into(), "Feb 2026".into()],
            won: vec![100.0, 0.0],
            weighted_open: vec![40.0, 60.5],
            plan: vec![Some(150.0), None],
            names: ["Won".into(), "Weighted open".into(), "Plan".into()],
            tips: vec![
                vec!["Jan 2026".into(), "Won: 100".into()],
                vec!["Feb 2026".into()],
            ],
        }
    }

    #[test]
    fn stacked_bars_and_a_plan_line_with_gaps() {
        let spec = forecast_chart(&input());
        let series = spec.series();
        assert_eq!(series.len(), 3);
        assert_eq!(series[0]["type"], "bar");
        assert_eq!(series[0]["stack"], "forecast");
        assert_eq!(series[1]["stack"], "forecast");
        assert_eq!(series[1]["data"][1], 60.5);
        assert_eq!(series[2]["type"], "line");
        assert_eq!(series[2]["name"], "Plan");
        assert_eq!(series[2]["data"][0], 150.0);
        assert_eq!(series[2]["data"][1], "-");
        assert_eq!(spec.option["xAxis"]["data"][1], "Feb 2026");
    }

    #[test]
    fn every_series_has_the_period_tips() {
        let spec = forecast_chart(&input());
        assert_eq!(spec.tips.len(), 3);
        assert_eq!(spec.tips[2][0][1], "Won: 100");
        assert!(spec.to_json().contains("voronkaTips"));
    }
}
