//! The matrix heatmap specs (src/charts/matrix.rs) on small inputs: which cell lands in which
//! series at which coordinates, the gap and whitespace marks, the visualMap ranges, plain-text
//! tooltips, the y-axis window for long matrices, and clicks mapped back to cells. (Their timing
//! with 2,000 clients is `benches/matrices.rs`.)

use serde_json::{Value, json};
use voronka::charts::matrix::*;
use voronka::domain::matrix::CellState;

fn s(v: &str) -> String {
    v.to_string()
}

fn levels() -> [String; 6] {
    std::array::from_fn(|l| format!("{l} · level"))
}

/// 2 clients × 3 roles:
///   Acme <b>&Co</b>:  CEO 4, CFO gap, CIO 0
///   Beta:             CEO gap, CFO 5, CIO gap
fn rel_input() -> RelationshipHeatmap {
    let cell = |row: &str, col: &str, level: Option<u8>| LevelCell {
        level,
        tip: vec![
            s(row),
            s(col),
            level.map_or(s("No contact"), |l| format!("Best level: {l}")),
        ],
    };
    let a = "Acme <b>&Co</b>";
    RelationshipHeatmap {
        rows: vec![s(a), s("Beta")],
        columns: vec![s("CEO"), s("CFO"), s("CIO")],
        cells: vec![
            cell(a, "CEO", Some(4)),
            cell(a, "CFO", None),
            cell(a, "CIO", Some(0)),
            cell("Beta", "CEO", None),
            cell("Beta", "CFO", Some(5)),
            cell("Beta", "CIO", None),
        ],
        level_names: levels(),
        gap_name: s("No contact"),
    }
}

fn data(option: &Value, series: usize) -> Vec<Value> {
    option["series"][series]["data"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn relationship_cells_land_at_their_coordinates_and_gaps_are_marked() {
    let spec = relationship_heatmap(rel_input());
    let o = &spec.option;
    assert_eq!(o["series"].as_array().unwrap().len(), 2);
    assert!(
        o["series"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["type"] == "heatmap")
    );
    // [column, row, level], row by row.
    assert_eq!(
        data(o, 0),
        vec![json!([0, 0, 4]), json!([2, 0, 0]), json!([1, 1, 5])]
    );
    // Gaps: their own series, value below the scale, hatched, drawn as "—".
    assert_eq!(
        data(o, 1),
        vec![
            json!([1, 0, -1.0]),
            json!([0, 1, -1.0]),
            json!([2, 1, -1.0])
        ]
    );
    assert_eq!(o["series"][1]["label"]["formatter"], GAP_MARK);
    assert_eq!(o["series"][1]["label"]["show"], true);
    assert!(
        o["series"][1]["itemStyle"]["decal"].is_object(),
        "gaps are hatched"
    );
    assert!(
        o["series"][0]["itemStyle"]["decal"].is_null(),
        "filled cells are not"
    );
    assert_eq!(o["series"][0]["label"]["formatter"], "{@[2]}");
    // Axes: roles on top, clients top to bottom, names as given.
    assert_eq!(o["xAxis"][0]["data"], json!(["CEO", "CFO", "CIO"]));
    assert_eq!(o["xAxis"][0]["position"], "top");
    assert_eq!(o["yAxis"][0]["data"], json!(["Acme <b>&Co</b>", "Beta"]));
    assert_eq!(o["yAxis"][0]["inverse"], true);
    // Two rows: no scrolling window.
    assert!(o.get("dataZoom").is_none());
}

#[test]
fn relationship_visual_map_is_the_level_scale_with_a_gap_piece() {
    let spec = relationship_heatmap(rel_input());
    let vm = &spec.option["visualMap"];
    assert_eq!(vm.as_array().unwrap().len(), 1);
    let vm = &vm[0];
    assert_eq!(vm["type"], "piecewise");
    assert_eq!(vm["seriesIndex"], json!([0, 1]));
    assert_eq!(vm["dimension"], 2);
    assert_eq!(vm["min"], json!(-1.0));
    assert_eq!(vm["max"], json!(5));
    let pieces = vm["pieces"].as_array().unwrap();
    assert_eq!(pieces.len(), 7);
    assert_eq!(
        pieces[0],
        json!({ "value": -1.0, "label": "No contact", "color": GAP_COLOR })
    );
    for l in 0..=5usize {
        assert_eq!(pieces[l + 1]["value"], json!(l));
        assert_eq!(pieces[l + 1]["label"], format!("{l} · level"));
        assert_eq!(pieces[l + 1]["color"], LEVEL_COLORS[l]);
    }
}

#[test]
fn tooltips_are_plain_text_lines_in_series_order() {
    let spec = relationship_heatmap(rel_input());
    assert_eq!(spec.tips.len(), 2);
    assert_eq!(
        spec.tips[0][0],
        vec![s("Acme <b>&Co</b>"), s("CEO"), s("Best level: 4")]
    );
    assert_eq!(spec.tips[1][1], vec![s("Beta"), s("CEO"), s("No contact")]);
    assert_eq!(spec.tips[0].len(), data(&spec.option, 0).len());
    assert_eq!(spec.tips[1].len(), data(&spec.option, 1).len());
    // The tips travel as data for the bridge (which escapes them); the option has no formatter
    // function or HTML of its own: the only tooltip setting is the trigger.
    let json: Value = serde_json::from_str(&to_json(&spec)).unwrap();
    let shared: Value = serde_json::from_str(&spec.to_json()).unwrap();
    assert_eq!(
        json, shared,
        "the fast writer gives the same JSON as ChartSpec::to_json"
    );
    assert_eq!(json["voronkaTips"][0][0][0], "Acme <b>&Co</b>");
    assert_eq!(json["tooltip"], json!({ "trigger": "item" }));
    let text = spec.option.to_string();
    assert!(!text.contains("<br"), "no HTML in the option");
    assert!(!text.contains("function"), "no code in the option");
}

#[test]
fn a_click_maps_back_to_its_row_and_column() {
    let spec = relationship_heatmap(rel_input());
    assert_eq!(cell_of(&spec, 0, 2), Some((1, 1))); // Beta × CFO
    assert_eq!(cell_of(&spec, 1, 0), Some((0, 1))); // Acme × CFO gap
    assert_eq!(cell_of(&spec, 1, 9), None);
    assert_eq!(cell_of(&spec, -1, 0), None);
}

fn dir_cell(state: CellState, amount: f64, label: &str) -> AmountCell {
    AmountCell {
        state,
        amount,
        label: s(label),
        tip: vec![s("client"), s(label)],
    }
}

/// 3 clients × 2 directions:
///   A: Cloud won 400 000, Security in work 100 000
///   B: Cloud lost only,   Security whitespace
///   C: Cloud won 25 000,  Security whitespace
fn dir_input() -> DirectionsHeatmap {
    DirectionsHeatmap {
        rows: vec![s("A"), s("B"), s("C")],
        columns: vec![s("Cloud"), s("Security")],
        cells: vec![
            dir_cell(CellState::Won, 400_000.0, "400K"),
            dir_cell(CellState::InWork, 100_000.0, "100K"),
            dir_cell(CellState::LostOnly, 0.0, ""),
            dir_cell(CellState::Empty, 0.0, ""),
            dir_cell(CellState::Won, 25_000.0, "25K"),
            dir_cell(CellState::Empty, 0.0, ""),
        ],
        state_names: [s("Won"), s("In work"), s("Lost only"), s("Whitespace")],
        max_labels: [s("400K"), s("100K")],
    }
}

#[test]
fn directions_cells_split_by_state_with_amount_shades() {
    let spec = directions_heatmap(dir_input());
    let o = &spec.option;
    assert_eq!(o["series"].as_array().unwrap().len(), 4);
    // Won: shade = sqrt(amount / largest won); the darkest cells get a white label.
    let white = json!({ "color": "#ffffff" });
    assert_eq!(
        data(o, 0),
        vec![
            json!({ "name": "400K", "value": [0, 0, 1.0], "label": white }),
            json!({ "name": "25K", "value": [0, 2, 0.25] }),
        ]
    );
    // In work has its own scale: 100 000 is its largest.
    assert_eq!(
        data(o, 1),
        vec![json!({ "name": "100K", "value": [1, 0, 1.0], "label": white })]
    );
    assert_eq!(data(o, 2), vec![json!([0, 1, LOST_VALUE])]);
    assert_eq!(
        data(o, 3),
        vec![json!([1, 1, EMPTY_VALUE]), json!([1, 2, EMPTY_VALUE])]
    );
    assert_eq!(o["series"][2]["label"]["formatter"], LOST_MARK);
    assert_eq!(o["series"][3]["label"]["formatter"], GAP_MARK);
    assert!(
        o["series"][3]["itemStyle"]["decal"].is_object(),
        "whitespace is hatched"
    );
    assert_eq!(o["series"][0]["label"]["formatter"], "{b}");
    assert_eq!(spec.tips[3][0], vec![s("client"), s("")]);
    assert_eq!(cell_of(&spec, 3, 0), Some((1, 1)));
    assert_eq!(cell_of(&spec, 3, 1), Some((2, 1)));
    assert_eq!(cell_of(&spec, 0, 1), Some((2, 0)));
}

#[test]
fn directions_visual_maps_cover_won_in_work_and_the_flat_states() {
    let spec = directions_heatmap(dir_input());
    let vm = spec.option["visualMap"].as_array().unwrap().clone();
    assert_eq!(vm.len(), 3);
    for (i, colors, name, max) in [
        (0, WON_COLORS, "Won", "400K"),
        (1, OPEN_COLORS, "In work", "100K"),
    ] {
        assert_eq!(vm[i]["type"], "continuous");
        assert_eq!(vm[i]["seriesIndex"], json!(i));
        assert_eq!(
            (vm[i]["min"].clone(), vm[i]["max"].clone()),
            (json!(0), json!(1))
        );
        assert_eq!(vm[i]["inRange"]["color"], json!(colors));
        assert_eq!(vm[i]["text"], json!([max, format!("{name}  0")]));
    }
    assert_eq!(vm[2]["type"], "piecewise");
    assert_eq!(vm[2]["seriesIndex"], json!([2, 3]));
    assert_eq!(vm[2]["pieces"][0]["label"], "Lost only");
    assert_eq!(vm[2]["pieces"][1]["label"], "Whitespace");
    assert_eq!(vm[2]["pieces"][1]["value"], json!(EMPTY_VALUE));
}

#[test]
fn shades_follow_the_square_root_of_the_share_of_the_largest() {
    assert_eq!(shade(400.0, 400.0), 1.0);
    assert_eq!(shade(100.0, 400.0), 0.5);
    assert_eq!(shade(0.0, 400.0), 0.0);
    assert_eq!(shade(f64::NAN, 400.0), 0.0);
    assert_eq!(shade(10.0, 0.0), 0.0);
}

#[test]
fn a_long_matrix_gets_a_y_slider_showing_a_window_of_rows() {
    let mut input = rel_input();
    input.rows = (0..60).map(|i| format!("Client {i}")).collect();
    input.cells = (0..60 * 3)
        .map(|_| LevelCell {
            level: None,
            tip: vec![],
        })
        .collect();
    let spec = relationship_heatmap(input);
    let dz = spec.option["dataZoom"].as_array().unwrap();
    assert_eq!(dz[0]["type"], "slider");
    assert_eq!(dz[0]["yAxisIndex"], 0);
    assert_eq!(
        (dz[0]["startValue"].clone(), dz[0]["endValue"].clone()),
        (json!(0), json!(WINDOW_ROWS - 1))
    );
    assert_eq!(dz[1]["type"], "inside");
    assert_eq!(data(&spec.option, 1).len(), 180);
    assert_eq!(cell_of(&spec, 1, 179), Some((59, 2)));
    assert_eq!(chart_height(60), chart_height(WINDOW_ROWS));
    assert!(chart_height(2) < chart_height(60));
}
