//! Sales funnel page (foundation cut): open deals by stage as a table and a funnel diagram drawn
//! through the shared chart component.

use leptos::prelude::*;

use crate::charts::funnel::{FunnelBand, funnel_chart};
use crate::domain::{Money, StageKind};
use crate::ui::app::CurrentFilter;
use crate::ui::chart::Chart;
use crate::ui::fmt;
use crate::ui::i18n::use_i18n;
use crate::ui::state::use_app;

#[derive(Clone, Debug, PartialEq)]
struct Row {
    name: String,
    count: usize,
    amount: Money,
}

#[component]
pub fn FunnelPage() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();
    let rows = Memo::new(move |_| {
        let f = filter.get();
        let ix = app.index.get();
        app.ws.with(|ws| {
            let dense = ix.dense(&f);
            let mut rows: Vec<Row> = ws
                .stages
                .iter()
                .map(|s| Row {
                    name: s.name.clone(),
                    count: 0,
                    amount: Money::ZERO,
                })
                .collect();
            for (i, d) in ws.deals.iter().enumerate() {
                let st = ix.stage[i] as usize;
                if st < rows.len() && ws.stages[st].kind == StageKind::Open && dense.selects(&ix, i)
                {
                    rows[st].count += 1;
                    rows[st].amount += d.amount;
                }
            }
            ws.stages
                .iter()
                .zip(rows)
                .filter(|(s, _)| s.kind == StageKind::Open)
                .map(|(_, r)| r)
                .collect::<Vec<_>>()
        })
    });
    let total = move || rows.with(|r| r.iter().map(|r| r.count).sum::<usize>());
    let spec = Signal::derive(move || {
        let lang = i18n.lang();
        let currency = app.ws.with(|w| w.currency.clone());
        let bands: Vec<FunnelBand> = rows.with(|rows| {
            rows.iter()
                .map(|r| FunnelBand {
                    label: format!("{}: {}", r.name, r.count),
                    value: r.count as f64,
                    tip: vec![
                        r.name.clone(),
                        format!("{}: {}", i18n.t("common.count"), fmt::count(r.count, lang)),
                        format!(
                            "{}: {}",
                            i18n.t("common.amount"),
                            fmt::money(r.amount, &currency, lang)
                        ),
                    ],
                })
                .collect()
        });
        funnel_chart(&i18n.t("funnel.open_now"), &bands).to_json()
    });

    view! {
        <section class="card">
            <h1>{move || i18n.t("funnel.title")}</h1>
            {move || {
                let empty_ws = app.ws.with(|w| w.deals.is_empty());
                if empty_ws {
                    view! { <p class="empty" data-testid="funnel-empty">{i18n.t("funnel.empty_ws")}</p> }.into_any()
                } else if total() == 0 {
                    view! { <p class="empty" data-testid="funnel-empty">{i18n.t("funnel.empty")}</p> }.into_any()
                } else {
                    ().into_any()
                }
            }}
            <div class="two-col">
                <table class="grid" data-testid="funnel-table">
                    <caption>{move || i18n.t("funnel.open_now")}</caption>
                    <thead><tr>
                        <th scope="col">{move || i18n.t("common.stage")}</th>
                        <th scope="col" class="num">{move || i18n.t("common.count")}</th>
                        <th scope="col" class="num">{move || i18n.t("common.amount")}</th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let lang = i18n.lang();
                            let currency = app.ws.with(|w| w.currency.clone());
                            rows.get().into_iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{r.name}</th>
                                    <td class="num">{fmt::count(r.count, lang)}</td>
                                    <td class="num">{fmt::money(r.amount, &currency, lang)}</td>
                                </tr>
                            }).collect_view()
                        }}
                    </tbody>
                    <tfoot><tr>
                        <th scope="row">{move || i18n.t("common.total")}</th>
                        <td class="num" data-testid="funnel-total-count">{move || fmt::count(total(), i18n.lang())}</td>
                        <td class="num">{move || {
                            let sum: Money = rows.with(|r| r.iter().map(|r| r.amount).sum());
                            fmt::money(sum, &app.ws.with(|w| w.currency.clone()), i18n.lang())
                        }}</td>
                    </tr></tfoot>
                </table>
                <Chart spec=spec label=Signal::derive(move || i18n.t("funnel.diagram")) test_id="funnel-chart"/>
            </div>
        </section>
    }
}
