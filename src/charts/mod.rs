//! Chart specs as pure functions: data in, ECharts option JSON out (built with charming), so a
//! chart's content is checked by plain host tests. The one component that draws them is
//! `crate::ui::chart::Chart`.

pub mod changes;
pub mod forecast;
pub mod funnel;
pub mod matrix;
pub mod pipeline;
pub mod scale;

use serde_json::Value;

/// An ECharts option plus plain-text tooltip lines per series and data item. Tooltip text is
/// escaped by the chart bridge, so names from user data never render as HTML.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSpec {
    pub option: Value,
    pub tips: Vec<Vec<Vec<String>>>,
}

impl ChartSpec {
    pub fn from_chart(chart: &charming::Chart) -> Self {
        ChartSpec {
            // ok: charming's types serialize to JSON without failing (plain structs and enums).
            option: serde_json::to_value(chart).unwrap_or(Value::Null),
            tips: Vec::new(),
        }
    }

    pub fn with_tips(mut self, tips: Vec<Vec<Vec<String>>>) -> Self {
        self.tips = tips;
        self
    }

    /// The option's series (empty when it has none), for checks on what a chart shows.
    pub fn series(&self) -> Vec<Value> {
        self.option["series"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The JSON handed to ECharts.
    pub fn to_json(&self) -> String {
        let mut v = self.option.clone();
        if !self.tips.is_empty()
            && let Some(obj) = v.as_object_mut()
        {
            obj.insert(
                "voronkaTips".into(),
                serde_json::to_value(&self.tips).unwrap_or(Value::Null),
            );
        }
        v.to_string()
    }
}

/// A category axis listing `rows` from top to bottom (the bar and heatmap charts' y axis).
pub fn rows_axis(rows: &[String]) -> charming::component::Axis {
    charming::component::Axis::new()
        .type_(charming::element::AxisType::Category)
        .inverse(true)
        .data(rows.to_vec())
}

/// The palette shared by every chart, so a stage or a series keeps its colour across reports.
pub const PALETTE: [&str; 8] = [
    "#2f6fdb", "#3a9bdc", "#45b5c4", "#5cc29a", "#8bc66a", "#e0b14a", "#e07b4a", "#c9514f",
];
