//! "By stages": the seller × stage grid with the team average, the stacked chart, and the deal
//! list of a clicked cell or bar.

use leptos::prelude::*;

use crate::charts::pipeline::{StageStack, stacked_by_stage};
use crate::domain::pipeline::{Aggregate, GridCol, StageGrid};
use crate::ui::chart::{Chart, ChartClick, ChartNode};
use crate::ui::deal_list::DealList;
use crate::ui::download::save_png;
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::state::{Shared, use_app};

/// The colour band of a deviation from the team average (percent); text shows the figure too.
pub(super) fn band(d: Option<f64>) -> &'static str {
    match d {
        None => "none",
        Some(d) if d <= -50.0 => "n2",
        Some(d) if d <= -15.0 => "n1",
        Some(d) if d < 15.0 => "0",
        Some(d) if d < 50.0 => "p1",
        Some(_) => "p2",
    }
}

/// `+12 %`, `−40 %`, `±0 %`, or a dash without a comparison.
pub(super) fn signed_percent(d: Option<f64>) -> String {
    match d {
        Some(v) if v.is_finite() => {
            let r = v.round();
            if r > 0.0 {
                format!("+{r:.0}\u{a0}%")
            } else if r < 0.0 {
                format!("\u{2212}{:.0}\u{a0}%", -r)
            } else {
                "±0\u{a0}%".to_string()
            }
        }
        _ => "—".to_string(),
    }
}

/// "By stages": the seller × stage grid with the team average, the stacked chart, and the deal
/// list of a clicked cell or bar.
#[component]
pub(super) fn StagesView(
    /// The seller × stage grid.
    grid: Memo<Shared<StageGrid>>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    // (seller position, column): survives a filter change while that seller is still shown.
    let open_cell = RwSignal::new(None::<(usize, GridCol)>);
    let row_of = move |g: &StageGrid, seller: usize| g.sellers.iter().position(|&s| s == seller);
    let list_deals = Signal::derive(move || {
        open_cell
            .get()
            .and_then(|(s, c)| {
                grid.with(|g| {
                    row_of(g, s).map(|r| g.deals(r, c).iter().map(|&d| d as usize).collect())
                })
            })
            .unwrap_or_default()
    });
    let list_title = Signal::derive(move || {
        let Some((s, c)) = open_cell.get() else {
            return String::new();
        };
        let (stage, seller) = app.ws().with(|ws| {
            let stage = match c {
                GridCol::Stage(i) => grid.with(|g| {
                    g.stages
                        .get(i)
                        .and_then(|&p| ws.stages.get(p))
                        .map(|st| st.name.clone())
                        .unwrap_or_default()
                }),
                GridCol::Total => i18n.t("pipeline.grid.total"),
            };
            let seller = ws
                .sellers
                .get(s)
                .map(|x| x.name.clone())
                .unwrap_or_default();
            (stage, seller)
        });
        i18n.tf(
            "pipeline.grid.list_title",
            &[("stage", stage), ("seller", seller)],
        )
    });
    let deals_box = NodeRef::<leptos::html::Div>::new();
    let open = move |seller: usize, col: GridCol| {
        open_cell.set(Some((seller, col)));
        // After the list is drawn.
        request_animation_frame(move || {
            if let Some(el) = deals_box.get_untracked() {
                el.scroll_into_view();
            }
        });
    };

    let chart_spec = Signal::derive(move || {
        let lang = i18n.lang();
        let amount_label = i18n.t("pipeline.col.amount");
        let count_label = i18n.t("pipeline.col.count");
        grid.with(|g| {
            app.ws().with(|ws| {
                let sellers: Vec<String> = g
                    .sellers
                    .iter()
                    .map(|&s| ws.sellers[s].name.clone())
                    .collect();
                let stacks: Vec<StageStack> = g
                    .stages
                    .iter()
                    .enumerate()
                    .map(|(c, &p)| {
                        let stage = ws.stages[p].name.clone();
                        let cells: Vec<&Aggregate> = (0..g.sellers.len())
                            .map(|r| g.cell(r, GridCol::Stage(c)))
                            .collect();
                        StageStack {
                            values: cells.iter().map(|a| a.amount.0 as f64 / 100.0).collect(),
                            tips: cells
                                .iter()
                                .zip(&sellers)
                                .map(|(a, seller)| {
                                    vec![
                                        format!("{seller} — {stage}"),
                                        format!(
                                            "{count_label}: {}",
                                            fmt::count(a.count as usize, lang)
                                        ),
                                        format!(
                                            "{amount_label}: {}",
                                            fmt::money(a.amount, &ws.currency, lang)
                                        ),
                                    ]
                                })
                                .collect(),
                            stage,
                        }
                    })
                    .collect();
                stacked_by_stage(&sellers, &stacks).to_json()
            })
        })
    });
    let on_chart_click = Callback::new(move |c: ChartClick| {
        let (Ok(col), Ok(row)) = (usize::try_from(c.series), usize::try_from(c.index)) else {
            return;
        };
        let seller = grid.with_untracked(|g| {
            (col < g.stages.len())
                .then(|| g.sellers.get(row).copied())
                .flatten()
        });
        if let Some(s) = seller {
            open(s, GridCol::Stage(col));
        }
    });
    let chart_node = ChartNode::new();
    let export_png = move |_| save_png(app, chart_node, "voronka-pipeline-stages");
    let seller_count = Memo::new(move |_| grid.with(|g| g.sellers.len()));

    let table = move || {
        let lang = i18n.lang();
        let g = grid.get();
        app.ws().with(|ws| {
            let cur = ws.currency.clone();
            let cols: Vec<GridCol> = (0..g.stages.len())
                .map(GridCol::Stage)
                .chain([GridCol::Total])
                .collect();
            let col_name = |c: GridCol| match c {
                GridCol::Stage(i) => ws.stages[g.stages[i]].name.clone(),
                GridCol::Total => tr(lang, "pipeline.grid.total"),
            };
            let head = cols
                .iter()
                .map(|&c| {
                    view! { <th scope="col" class="num" class:total-col=c == GridCol::Total>{col_name(c)}</th> }
                })
                .collect_view();
            let body = g
                .sellers
                .iter()
                .enumerate()
                .map(|(r, &s)| {
                    let seller = ws.sellers[s].name.clone();
                    let active = g.is_active(r);
                    let cells = cols
                        .iter()
                        .map(|&c| {
                            let a = *g.cell(r, c);
                            let dev = g.deviation_amount(r, c);
                            let dev_text = signed_percent(dev);
                            let label = fill(&tr(lang, "pipeline.grid.cell_label"), &[
                                ("stage", col_name(c)),
                                ("seller", seller.clone()),
                                ("count", fmt::count(a.count as usize, lang)),
                                ("amount", fmt::money(a.amount, &cur, lang)),
                                ("dev", dev_text.clone()),
                            ]);
                            // The accessible name starts with what the cell shows (WCAG 2.5.3).
                            let overdue_text = (a.overdue > 0).then(|| {
                                fill(&tr(lang, "pipeline.overdue_count"), &[("n", fmt::count(a.overdue as usize, lang))])
                            });
                            let label = format!(
                                "{} {} {} {}. {label}",
                                fmt::count(a.count as usize, lang),
                                fmt::money_short(a.amount, &cur, lang),
                                dev_text,
                                overdue_text.clone().unwrap_or_default()
                            );
                            view! {
                                <td class=format!("num grid-cell dev-{}", band(dev)) class:total-col=c == GridCol::Total>
                                    <button type="button" class="cell-btn" data-testid="grid-cell"
                                        data-count=a.count.to_string()
                                        title=fmt::money(a.amount, &cur, lang)
                                        aria-label=label
                                        disabled=a.count == 0
                                        on:click=move |_| open(s, c)>
                                        // Spaces between the lines, so the text read out (and matched
                                        // against the accessible name) keeps its figures apart.
                                        <span class="cell-count">{fmt::count(a.count as usize, lang)}</span>" "
                                        <span class="cell-amount">{fmt::money_short(a.amount, &cur, lang)}</span>" "
                                        <span class="cell-dev">{dev_text}</span>" "
                                        {overdue_text.map(|t| view! {
                                            <span class="badge overdue-badge">{t}</span>
                                        })}
                                    </button>
                                </td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr data-testid="grid-row">
                            <th scope="row">
                                {seller.clone()}
                                {(!active).then(|| view! { <span class="muted small">" · "{tr(lang, "pipeline.grid.inactive")}</span> })}
                            </th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            let averages = cols
                .iter()
                .map(|&c| {
                    view! {
                        <td class="num" class:total-col=c == GridCol::Total>
                            <span class="cell-count">{fmt::decimal1(g.average_count(c), lang)}</span>
                            <span class="cell-amount">{g.average_amount(c).map(|m| fmt::money_short(m, &cur, lang)).unwrap_or_else(|| "—".into())}</span>
                        </td>
                    }
                })
                .collect_view();
            let totals = cols
                .iter()
                .map(|&c| {
                    let a = *g.column_total(c);
                    view! {
                        <td class="num" class:total-col=c == GridCol::Total title=fmt::money(a.amount, &cur, lang)>
                            <span class="cell-count">{fmt::count(a.count as usize, lang)}</span>
                            <span class="cell-amount">{fmt::money_short(a.amount, &cur, lang)}</span>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <table class="grid stage-grid" data-testid="stage-grid">
                    <caption>{tr(lang, "pipeline.grid.caption")}</caption>
                    <thead><tr>
                        <th scope="col">{tr(lang, "pipeline.grid.seller")}</th>
                        {head}
                    </tr></thead>
                    <tbody>{body}</tbody>
                    <tfoot>
                        <tr class="avg-row" data-testid="grid-average">
                            <th scope="row">
                                {tr(lang, "pipeline.grid.team_average")}
                                <span class="muted small">" "{fill(&tr(lang, "pipeline.grid.active"), &[("n", g.active_sellers.to_string())])}</span>
                            </th>
                            {averages}
                        </tr>
                        <tr>
                            <th scope="row">{tr(lang, "pipeline.grid.totals")}</th>
                            {totals}
                        </tr>
                    </tfoot>
                </table>
            }
        })
    };

    let legend = move || {
        view! {
            <div class="dev-legend" data-testid="grid-legend">
                <span class="muted">{i18n.t("pipeline.grid.legend")}</span>
                <ul>
                    {["n2", "n1", "0", "p1", "p2", "none"].into_iter().map(|b| view! {
                        <li><span class=format!("swatch dev-{b}") aria-hidden="true"></span>{i18n.t(&format!("pipeline.grid.band_{b}"))}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
    };

    view! {
        <div class="stages-layout">
            <div class="stages-grid-box">
                <div class="table-scroll wide">{table}</div>
                {legend}
            </div>
            <div class="stages-chart-box">
                <div class="action-row">
                    <span class="muted">{move || i18n.t("pipeline.grid.chart")}</span>
                    <button type="button" class="secondary" data-testid="pipeline-png" on:click=export_png>
                        {move || i18n.t("common.export_png")}
                    </button>
                </div>
                {move || {
                    let h = (seller_count.get() as u32 * 34 + 80).max(260);
                    view! {
                        <Chart spec=chart_spec label=Signal::derive(move || i18n.t("pipeline.grid.chart"))
                            test_id="pipeline-stage-chart" node=chart_node on_click=on_chart_click height=h/>
                    }
                }}
            </div>
        </div>
        <div node_ref=deals_box>
            {move || open_cell.get().is_some().then(|| view! {
                <DealList deals=list_deals title=list_title on_close=Callback::new(move |_| open_cell.set(None))/>
            })}
        </div>
    }
}
