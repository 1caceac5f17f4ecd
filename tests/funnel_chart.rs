//! The funnel diagram's spec: pipeline order kept, widths scaled to the largest band (not
//! ECharts' default 0–100), the won band and the selection marked, one tooltip per band.
use voronka::charts::funnel::{
    FunnelBand, FunnelStyle, WON_COLOUR, funnel_chart, funnel_chart_styled,
};

fn band(label: &str, value: f64) -> FunnelBand {
    FunnelBand {
        label: label.into(),
        value,
        tip: vec![label.into(), format!("{value}")],
    }
}

#[test]
fn bands_keep_pipeline_order_and_scale_to_the_largest() {
    // Amounts in major units, far above 100, and a middle stage larger than the first.
    let bands = [
        band("Lead", 1200.0),
        band("Proposal", 5000.5),
        band("Won", 0.0),
    ];
    let spec = funnel_chart("Snapshot", &bands);
    let s = &spec.option["series"][0];
    assert_eq!(s["sort"], "none");
    assert_eq!(s["min"], 0);
    assert_eq!(s["max"], 5000.5);
    let values: Vec<f64> = s["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, vec![1200.0, 5000.5, 0.0]);
    let names: Vec<&str> = s["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Lead", "Proposal", "Won"]);
    assert_eq!(
        spec.tips,
        vec![bands.iter().map(|b| b.tip.clone()).collect::<Vec<_>>()]
    );
}

#[test]
fn an_all_zero_funnel_still_has_a_scale() {
    let spec = funnel_chart("Empty", &[band("A", 0.0), band("B", 0.0)]);
    assert_eq!(spec.option["series"][0]["max"], 1.0);
}

#[test]
fn won_band_and_selection_are_marked_and_labels_sit_outside() {
    let bands = [band("A", 3.0), band("B", 2.0), band("Won", 1.0)];
    let style = FunnelStyle {
        labels_outside: true,
        won_band: Some(2),
        selected: Some(1),
    };
    let spec = funnel_chart_styled("x", &bands, &style);
    let s = &spec.option["series"][0];
    assert_eq!(s["label"]["position"], "right");
    assert_eq!(s["data"][2]["itemStyle"]["color"], WON_COLOUR);
    assert_eq!(s["data"][1]["itemStyle"]["borderWidth"], 3);
    assert!(s["data"][0].get("itemStyle").is_none());
    // Tooltips travel with the JSON for the bridge to show as escaped text.
    let json: serde_json::Value = serde_json::from_str(&spec.to_json()).unwrap();
    assert_eq!(json["voronkaTips"][0][2][0], "Won");
}
