//! The two matrix heatmaps: the relationship matrix (clients × target roles, coloured by the best
//! relationship level 0–5, gaps hatched) and the directions matrix (clients × product directions,
//! coloured by state and amount, whitespace hatched).
//!
//! Both take plain inputs prepared by the page (labels and tooltip lines already in the user's
//! language) and return a [`ChartSpec`], so their JSON is checked by host tests
//! (`tests/charts_matrix.rs`).
//!
//! Long matrices: every row is in the spec, and when there are more than [`WINDOW_ROWS`] rows a
//! slider `dataZoom` on the y axis (plus the mouse wheel) shows a window of them. ECharts filters a
//! category axis to the window, so only those rows are laid out and drawn; scrolling never goes
//! back to Rust, and a click or a tooltip always points at the right cell because data indices
//! stay the indices of the full spec. Cells are listed row by row, one series per kind of cell;
//! [`cell_of`] maps a clicked item back to its row and column.

use charming::Chart;
use charming::component::{Axis, Grid};
use charming::element::{AxisType, Tooltip, Trigger};
use charming::series::Heatmap;
use serde_json::{Value, json};

use super::ChartSpec;
use crate::domain::matrix::CellState;

/// Rows visible at once before the y-axis slider appears.
pub const WINDOW_ROWS: usize = 25;

/// The text on a gap or whitespace cell.
pub const GAP_MARK: &str = "—";
/// The text on a lost-only cell.
pub const LOST_MARK: &str = "×";

/// Colours of relationship levels 0 (not loyal) to 5 (advocate): red through amber to green.
pub const LEVEL_COLORS: [&str; 6] = [
    "#e8837c", "#f2b880", "#f1e3a0", "#b9dea0", "#6dbb7c", "#2e8b57",
];
/// Fill of a gap or whitespace cell, under its hatching.
pub const GAP_COLOR: &str = "#e6e9ef";
/// Fill of a lost-only cell.
pub const LOST_COLOR: &str = "#b8bec9";
/// Won cells run from the first colour (smallest) to the second (largest amount).
pub const WON_COLORS: [&str; 2] = ["#d3f0da", "#137a3c"];
/// In-work cells, likewise.
pub const OPEN_COLORS: [&str; 2] = ["#d6e6fb", "#1f56b8"];

/// Above this shade a won or in-work cell is dark enough for a white label.
pub const DARK_SHADE: f64 = 0.6;

/// Value of a gap cell in the relationship heatmap (below level 0 on the scale).
pub const GAP_VALUE: f64 = -1.0;
/// Value of a lost-only cell in the directions heatmap (ECharts lists pieces by value, so this
/// order puts "lost only" before "whitespace" in the legend, as in the table's legend).
pub const LOST_VALUE: f64 = -2.0;
/// Value of a whitespace cell in the directions heatmap.
pub const EMPTY_VALUE: f64 = -1.0;

/// One cell of the relationship heatmap.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelCell {
    /// Best relationship level 0–5, or `None` for a gap (no contact).
    pub level: Option<u8>,
    /// Tooltip lines, plain text: the client first, then the role and the figures.
    pub tip: Vec<String>,
}

/// Input of [`relationship_heatmap`].
#[derive(Clone, Debug, PartialEq)]
pub struct RelationshipHeatmap {
    /// Row labels (client names), top to bottom.
    pub rows: Vec<String>,
    /// Column labels (role names), left to right.
    pub columns: Vec<String>,
    /// `rows × columns` cells, row by row.
    pub cells: Vec<LevelCell>,
    /// Legend text of levels 0 to 5.
    pub level_names: [String; 6],
    /// Legend text of a gap.
    pub gap_name: String,
}

/// One cell of the directions heatmap.
#[derive(Clone, Debug, PartialEq)]
pub struct AmountCell {
    pub state: CellState,
    /// The amount that colours the cell, in major units: won amount for a won cell, open amount
    /// for an in-work cell; ignored otherwise.
    pub amount: f64,
    /// Short text drawn on a won or in-work cell (e.g. `1.2M`).
    pub label: String,
    /// Tooltip lines, plain text: the client first, then the direction and the figures.
    pub tip: Vec<String>,
}

/// Input of [`directions_heatmap`].
#[derive(Clone, Debug, PartialEq)]
pub struct DirectionsHeatmap {
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `rows × columns` cells, row by row.
    pub cells: Vec<AmountCell>,
    /// Names of the states, in the order won, in work, lost only, whitespace.
    pub state_names: [String; 4],
    /// Text at the top of the won and in-work colour scales (the largest amount, formatted).
    pub max_labels: [String; 2],
}

/// The largest amount a scale covers; at least 1 so an all-zero scale stays valid.
fn scale_max(cells: &[AmountCell], state: CellState) -> f64 {
    cells
        .iter()
        .filter(|c| c.state == state && c.amount.is_finite())
        .map(|c| c.amount)
        .fold(0.0, f64::max)
        .max(1.0)
}

/// The shade of an amount on a scale of 0..=1: the square root of its share of the largest,
/// so mid-sized cells stay apart from the smallest when a few clients are much larger.
pub fn shade(amount: f64, max: f64) -> f64 {
    if !amount.is_finite() || amount <= 0.0 || max <= 0.0 {
        0.0
    } else {
        (amount / max).min(1.0).sqrt()
    }
}

/// The skeleton shared by both heatmaps: axes (columns on top, rows top to bottom), grid, item
/// tooltips, one heatmap series per name.
fn skeleton(rows: &[String], columns: &[String], series: &[&str]) -> Value {
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .grid(Grid::new().left(190).right(48).top(36).bottom(64))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .position("top")
                .data(columns.to_vec()),
        )
        .y_axis(super::rows_axis(rows));
    for name in series {
        chart = chart.series(Heatmap::new().name(*name));
    }
    let mut option = ChartSpec::from_chart(&chart).option;
    // charming writes a single axis as an object; one shape (a list) keeps the patches simple.
    for axis in ["xAxis", "yAxis"] {
        if option[axis].is_object() {
            option[axis] = Value::Array(vec![option[axis].take()]);
        }
    }
    // Long names are cut with an ellipsis (the tooltip and the table show them whole); every
    // column label is shown; cells sit on a light grid.
    option["xAxis"][0]["axisLabel"] =
        json!({ "interval": 0, "width": 130, "overflow": "truncate", "fontSize": 12 });
    option["xAxis"][0]["splitArea"] = json!({ "show": false });
    option["yAxis"][0]["axisLabel"] =
        json!({ "interval": 0, "width": 175, "overflow": "truncate", "fontSize": 12 });
    option["animation"] = json!(false);
    if rows.len() > WINDOW_ROWS {
        option["dataZoom"] = json!([
            {
                "type": "slider", "yAxisIndex": 0, "right": 8, "width": 18,
                "startValue": 0, "endValue": WINDOW_ROWS - 1,
                "showDetail": false, "brushSelect": false, "filterMode": "filter",
            },
            {
                "type": "inside", "yAxisIndex": 0, "filterMode": "filter",
                "zoomOnMouseWheel": false, "moveOnMouseWheel": true, "moveOnMouseMove": false,
            },
        ]);
    }
    option
}

/// A diagonal hatching on top of a cell's fill: the "nothing here" look of gaps and whitespace.
fn hatch() -> Value {
    json!({
        "symbol": "rect", "symbolSize": 1, "dashArrayX": [1, 0], "dashArrayY": [2, 4],
        "rotation": -std::f64::consts::FRAC_PI_4, "color": "rgba(90, 100, 120, 0.35)",
    })
}

fn set_series(
    option: &mut Value,
    index: usize,
    data: Vec<Value>,
    label: Value,
    style: Option<Value>,
) {
    let s = &mut option["series"][index];
    s["data"] = Value::Array(data);
    s["label"] = label;
    s["emphasis"] = json!({ "itemStyle": { "borderColor": "#17223b", "borderWidth": 2 } });
    let mut item = json!({ "borderColor": "#ffffff", "borderWidth": 1 });
    if let Some(Value::Object(extra)) = style
        && let Some(obj) = item.as_object_mut()
    {
        obj.extend(extra);
    }
    s["itemStyle"] = item;
}

/// The relationship heatmap: series 0 holds the cells with a contact (value = best level 0–5,
/// drawn as the level), series 1 the gaps (value [`GAP_VALUE`], hatched, drawn as
/// [`GAP_MARK`]). A piecewise `visualMap` is the legend of the scale: one piece per level and one
/// for "no contact".
pub fn relationship_heatmap(input: RelationshipHeatmap) -> ChartSpec {
    let ncols = input.columns.len();
    let mut option = skeleton(&input.rows, &input.columns, &["levels", "gaps"]);
    option["series"][0]["name"] = json!(input.level_names.join(" · "));
    option["series"][1]["name"] = json!(input.gap_name);
    let (mut filled, mut gaps) = (Vec::new(), Vec::new());
    let (mut filled_tips, mut gap_tips) = (Vec::new(), Vec::new());
    for (i, cell) in input.cells.into_iter().enumerate() {
        let (x, y) = if ncols == 0 {
            (0, 0)
        } else {
            (i % ncols, i / ncols)
        };
        match cell.level {
            Some(level) => {
                filled.push(json!([x, y, level.min(5)]));
                filled_tips.push(cell.tip);
            }
            None => {
                gaps.push(json!([x, y, GAP_VALUE]));
                gap_tips.push(cell.tip);
            }
        }
    }
    set_series(
        &mut option,
        0,
        filled,
        json!({ "show": true, "formatter": "{@[2]}", "fontSize": 12, "color": "#1c2333" }),
        None,
    );
    set_series(
        &mut option,
        1,
        gaps,
        json!({ "show": true, "formatter": GAP_MARK, "fontSize": 12, "color": "#5b6478" }),
        Some(json!({ "decal": hatch() })),
    );
    let mut pieces =
        vec![json!({ "value": GAP_VALUE, "label": input.gap_name, "color": GAP_COLOR })];
    for (level, name) in input.level_names.iter().enumerate() {
        pieces.push(json!({ "value": level, "label": name, "color": LEVEL_COLORS[level] }));
    }
    option["visualMap"] = json!([{
        "type": "piecewise", "seriesIndex": [0, 1], "dimension": 2,
        "min": GAP_VALUE, "max": 5,
        "orient": "horizontal", "left": "center", "bottom": 4, "itemGap": 14,
        "pieces": pieces,
        "textStyle": { "fontSize": 12 },
    }]);
    ChartSpec {
        option,
        tips: Vec::new(),
    }
    .with_tips(vec![filled_tips, gap_tips])
}

/// The directions heatmap: series 0 won cells and series 1 in-work cells, each with its own
/// continuous colour scale on [`shade`] (0..=1) of its amount and the amount's short text drawn
/// on the cell; series 2 lost-only cells ([`LOST_VALUE`], grey, [`LOST_MARK`]); series 3
/// whitespace ([`EMPTY_VALUE`], hatched, [`GAP_MARK`]). Three `visualMap`s are the legend: the won
/// and in-work scales (0 to the largest amount) and the two flat states.
pub fn directions_heatmap(input: DirectionsHeatmap) -> ChartSpec {
    let ncols = input.columns.len();
    let names: Vec<&str> = input.state_names.iter().map(String::as_str).collect();
    let mut option = skeleton(&input.rows, &input.columns, &names);
    let max_won = scale_max(&input.cells, CellState::Won);
    let max_open = scale_max(&input.cells, CellState::InWork);
    let mut data: [Vec<Value>; 4] = Default::default();
    let mut tips: [Vec<Vec<String>>; 4] = Default::default();
    for (i, cell) in input.cells.into_iter().enumerate() {
        let (x, y) = if ncols == 0 {
            (0, 0)
        } else {
            (i % ncols, i / ncols)
        };
        let amount = cell.amount;
        let label = cell.label;
        let shaded = move |max: f64| {
            let v = round3(shade(amount, max));
            let mut item = json!({ "name": label, "value": [x, y, v] });
            if v > DARK_SHADE {
                item["label"] = json!({ "color": "#ffffff" });
            }
            item
        };
        let (series, item) = match cell.state {
            CellState::Won => (0, shaded(max_won)),
            CellState::InWork => (1, shaded(max_open)),
            CellState::LostOnly => (2, json!([x, y, LOST_VALUE])),
            CellState::Empty => (3, json!([x, y, EMPTY_VALUE])),
        };
        data[series].push(item);
        tips[series].push(cell.tip);
    }
    let [won, open, lost, empty] = data;
    // Amounts are drawn dark, and white on the darkest cells (set per item above).
    let amount_label =
        json!({ "show": true, "formatter": "{b}", "fontSize": 11, "color": "#1c2333" });
    set_series(&mut option, 0, won, amount_label.clone(), None);
    set_series(&mut option, 1, open, amount_label, None);
    set_series(
        &mut option,
        2,
        lost,
        json!({ "show": true, "formatter": LOST_MARK, "fontSize": 12, "color": "#1c2333" }),
        None,
    );
    set_series(
        &mut option,
        3,
        empty,
        json!({ "show": true, "formatter": GAP_MARK, "fontSize": 12, "color": "#5b6478" }),
        Some(json!({ "decal": hatch() })),
    );
    let continuous = |series: usize, left: &str, colors: [&str; 2], name: &str, max_label: &str| {
        json!({
            "type": "continuous", "seriesIndex": series, "dimension": 2, "min": 0, "max": 1,
            "calculable": false, "orient": "horizontal", "left": left, "bottom": 6,
            "itemWidth": 12, "itemHeight": 110,
            "text": [max_label, format!("{name}  0")],
            "inRange": { "color": colors },
            "textStyle": { "fontSize": 12 },
        })
    };
    option["visualMap"] = json!([
        continuous(0, "1%", WON_COLORS, &input.state_names[0], &input.max_labels[0]),
        continuous(1, "34%", OPEN_COLORS, &input.state_names[1], &input.max_labels[1]),
        {
            "type": "piecewise", "seriesIndex": [2, 3], "dimension": 2,
            "min": LOST_VALUE, "max": EMPTY_VALUE,
            "orient": "horizontal", "left": "67%", "bottom": 4, "itemGap": 14,
            "pieces": [
                { "value": LOST_VALUE, "label": input.state_names[2], "color": LOST_COLOR },
                { "value": EMPTY_VALUE, "label": input.state_names[3], "color": GAP_COLOR },
            ],
            "textStyle": { "fontSize": 12 },
        },
    ]);
    ChartSpec {
        option,
        tips: Vec::new(),
    }
    .with_tips(tips.into())
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// The row and column of the item a click on the heatmap reported (its series and data index),
/// read from the spec itself so the mapping can never drift from what is drawn.
pub fn cell_of(spec: &ChartSpec, series: i32, index: i32) -> Option<(usize, usize)> {
    let s = usize::try_from(series).ok()?;
    let i = usize::try_from(index).ok()?;
    let item = spec.option.get("series")?.get(s)?.get("data")?.get(i)?;
    let value = item.get("value").unwrap_or(item);
    let x = value.get(0)?.as_u64()? as usize;
    let y = value.get(1)?.as_u64()? as usize;
    Some((y, x))
}

/// The JSON handed to the chart: the same as [`ChartSpec::to_json`], written without first
/// copying the option and the tooltips into one value (a 2,000-row matrix is over a megabyte).
pub fn to_json(spec: &ChartSpec) -> String {
    let mut out = spec.option.to_string();
    if spec.tips.is_empty() || !out.ends_with('}') {
        return out;
    }
    out.pop();
    if out.len() > 1 {
        out.push(',');
    }
    out.push_str("\"voronkaTips\":");
    // ok: a list of lists of strings always serializes.
    out.push_str(&serde_json::to_string(&spec.tips).unwrap_or_else(|_| "[]".into()));
    out.push('}');
    out
}

/// The height in pixels that shows `rows` rows (up to the window) at a readable size.
pub fn chart_height(rows: usize) -> u32 {
    let shown = rows.clamp(1, WINDOW_ROWS) as u32;
    110 + shown * 26
}
