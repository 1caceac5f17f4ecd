//! Sales funnel page (issue 4): headline figures, the classic funnel table in its snapshot or
//! conversion variant, the funnel diagram by count or amount, the deals behind a row, and the
//! seller comparison. Every figure comes from `crate::domain::funnel`; this file only lays it out.
//!
//! View state in the URL (so a view survives reload and can be shared): `fmode=conversion`
//! (absent: snapshot), `fmeasure=amount` (absent: count), `fstage=<stage id>|won|lost|total`
//! (the row whose deals are listed).

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::funnel::{FunnelBand, FunnelStyle, funnel_chart_styled};
use crate::domain::filter::Filter;
use crate::domain::funnel::{
    FunnelMode, FunnelReport, FunnelRowKey, SellerFunnel, funnel, funnel_by_seller, stage_deals,
};
use crate::domain::{Money, Workspace};
use crate::ui::chart::{Chart, ChartClick};
use crate::ui::deal_list::DealList;
use crate::ui::download::{save_csv, save_png};
use crate::ui::fmt;
use crate::ui::i18n::{I18n, use_i18n};
use crate::ui::report_table::{Cell, Cells, Column, ReportRows, ReportTable, Row, RowLinks};
use crate::ui::route::{FilterQuery, Page, PeriodPreset};
use crate::ui::state::{Shared, use_app};

/// `data-testid` of the diagram, also used to export it as PNG.
const CHART_ID: &str = "funnel-chart";
/// `id` of the deal list region, which the row buttons control.
const DEALS_ID: &str = "funnel-deals";

/// What the diagram's band widths show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Measure {
    Count,
    Amount,
}

/// Where a table row sits: the stage rows form the body, the rest the footer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowKind {
    Stage,
    Total,
    Won,
    Lost,
}

impl RowKind {
    fn slug(self) -> &'static str {
        match self {
            RowKind::Stage => "stage",
            RowKind::Total => "total",
            RowKind::Won => "won",
            RowKind::Lost => "lost",
        }
    }
}

/// The page's state as a whole: it only re-renders the page when this changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PageState {
    NoDeals,
    NothingMatches,
    Ready,
}

/// The URL value of a row key: stage ids (stable across edits), or a word.
fn row_param(key: FunnelRowKey, ws: &Workspace) -> String {
    match key {
        FunnelRowKey::Stage(s) => ws
            .stages
            .get(s)
            .map(|s| s.id.0.to_string())
            .unwrap_or_default(),
        FunnelRowKey::Won => "won".into(),
        FunnelRowKey::Lost => "lost".into(),
        FunnelRowKey::Total => "total".into(),
    }
}

fn parse_row_param(v: &str, ws: &Workspace) -> Option<FunnelRowKey> {
    match v {
        "won" => Some(FunnelRowKey::Won),
        "lost" => Some(FunnelRowKey::Lost),
        "total" => Some(FunnelRowKey::Total),
        id => {
            let id: u64 = id.parse().ok()?;
            ws.stages
                .iter()
                .position(|s| s.id.0 == id)
                .map(FunnelRowKey::Stage)
        }
    }
}

fn stage_name(ws: &Workspace, s: usize) -> String {
    ws.stages.get(s).map(|s| s.name.clone()).unwrap_or_default()
}

/// The label of a non-stage row in a variant.
fn outcome_label(i18n: I18n, mode: FunnelMode, kind: RowKind) -> String {
    let key = match (mode, kind) {
        (FunnelMode::Snapshot, RowKind::Total) => "funnel.row.open_total",
        (FunnelMode::Snapshot, RowKind::Won) => "funnel.row.won",
        (FunnelMode::Snapshot, _) => "funnel.row.lost",
        (FunnelMode::Conversion, RowKind::Total) => "funnel.row.cohort",
        (FunnelMode::Conversion, RowKind::Won) => "funnel.row.won_now",
        (FunnelMode::Conversion, _) => "funnel.row.lost_now",
    };
    i18n.t(key)
}

/// The funnel table of one variant, ready to show or export: the stage rows, then (in the
/// footer) the total, won and lost rows.
fn table_model(i18n: I18n, ws: &Workspace, report: &FunnelReport, mode: FunnelMode) -> ReportTable {
    let c = Cells {
        lang: i18n.lang(),
        currency: &ws.currency,
    };
    // Column slugs, and per row: its key, its kind, its figures.
    type Line = (FunnelRowKey, RowKind, Vec<Cell>);
    let (slugs, lines): (&[&str], Vec<Line>) = match mode {
        FunnelMode::Snapshot => {
            let s = &report.snapshot;
            let mut lines: Vec<_> = s
                .rows
                .iter()
                .map(|r| {
                    let cells = vec![
                        c.count(r.count),
                        c.money(r.amount),
                        c.weighted(r.weighted),
                        c.percent(r.share_count),
                        c.percent(r.share_amount),
                        c.days(r.avg_days_in_stage),
                    ];
                    (FunnelRowKey::Stage(r.stage), RowKind::Stage, cells)
                })
                .collect();
            // The open rows add up to the open total, so its shares are whole.
            let whole = |some: bool| some.then_some(1.0);
            let total = vec![
                c.count(s.total.count),
                c.money(s.total.amount),
                c.weighted(s.total.weighted),
                c.percent(whole(s.total.count > 0)),
                c.percent(whole(s.total.amount != Money::ZERO)),
                Cell::none(),
            ];
            lines.push((FunnelRowKey::Total, RowKind::Total, total));
            for (kind, key, tally) in [
                (RowKind::Won, FunnelRowKey::Won, s.won),
                (RowKind::Lost, FunnelRowKey::Lost, s.lost),
            ] {
                let cells = vec![
                    c.count(tally.count),
                    c.money(tally.amount),
                    c.weighted(tally.weighted),
                    Cell::none(),
                    Cell::none(),
                    Cell::none(),
                ];
                lines.push((key, kind, cells));
            }
            let slugs: &[&str] = &[
                "stage",
                "count",
                "amount",
                "weighted",
                "share_count",
                "share_amount",
                "avg_days",
            ];
            (slugs, lines)
        }
        FunnelMode::Conversion => {
            let cv = &report.conversion;
            let mut lines: Vec<_> = cv
                .rows
                .iter()
                .map(|r| {
                    let cells = vec![
                        c.count(r.reached),
                        c.money(r.reached_amount),
                        c.percent(r.step_conversion),
                        c.percent(r.step_conversion_amount),
                        c.percent(r.cumulative_conversion),
                        c.percent(r.cumulative_conversion_amount),
                        c.days(r.avg_days_in_stage),
                    ];
                    (FunnelRowKey::Stage(r.stage), RowKind::Stage, cells)
                })
                .collect();
            let mut total = vec![c.count(cv.cohort_count), c.money(cv.cohort_amount)];
            total.extend((0..5).map(|_| Cell::none()));
            lines.push((FunnelRowKey::Total, RowKind::Total, total));
            for (kind, key, o) in [
                (RowKind::Won, FunnelRowKey::Won, &cv.won),
                (RowKind::Lost, FunnelRowKey::Lost, &cv.lost),
            ] {
                let cells = vec![
                    c.count(o.count),
                    c.money(o.amount),
                    Cell::none(),
                    Cell::none(),
                    c.percent(o.conversion),
                    c.percent(o.conversion_amount),
                    Cell::none(),
                ];
                lines.push((key, kind, cells));
            }
            let slugs: &[&str] = &[
                "stage",
                "reached",
                "reached_amount",
                "step_count",
                "step_amount",
                "cum_count",
                "cum_amount",
                "avg_days",
            ];
            (slugs, lines)
        }
    };
    let columns = slugs
        .iter()
        .map(|&slug| Column {
            slug,
            label: i18n.t(&format!("funnel.col.{slug}")),
        })
        .collect();
    let rows = lines
        .into_iter()
        .map(|(key, kind, mut cells)| {
            let label = match key {
                FunnelRowKey::Stage(s) => stage_name(ws, s),
                _ => outcome_label(i18n, mode, kind),
            };
            // The row's deal count, for the tests and the hand count.
            let count_id = match kind {
                RowKind::Stage => "funnel-count",
                RowKind::Total => "funnel-total-count",
                RowKind::Won => "funnel-won-count",
                RowKind::Lost => "funnel-lost-count",
            };
            if let Some(first) = cells.first_mut() {
                first.test_id = Some(count_id.to_string());
            }
            Row {
                link_title: Some(i18n.tf("funnel.show_deals", &[("row", label.clone())])),
                head: Cell::text(label.clone(), label),
                cells,
                key: row_param(key, ws),
                kind: Some(kind.slug()),
                foot: kind != RowKind::Stage,
                class: format!("frow frow-{}", kind.slug()),
                test_id: None,
            }
        })
        .collect();
    ReportTable { columns, rows }
}

/// The diagram's bands (open stages in pipeline order, then won) and the row each one opens.
fn diagram(
    i18n: I18n,
    ws: &Workspace,
    report: &FunnelReport,
    mode: FunnelMode,
    measure: Measure,
) -> (Vec<FunnelBand>, Vec<FunnelRowKey>) {
    let lang = i18n.lang();
    let cur = ws.currency.as_str();
    let value = |count: usize, amount: Money| match measure {
        Measure::Count => (count as f64, fmt::count(count, lang)),
        Measure::Amount => (amount.as_major_f64(), fmt::money_short(amount, cur, lang)),
    };
    let line = |k: &str, v: String| format!("{}: {v}", i18n.t(k));
    let mut bands = Vec::new();
    let mut keys = Vec::new();
    match mode {
        FunnelMode::Snapshot => {
            let s = &report.snapshot;
            for r in &s.rows {
                let name = stage_name(ws, r.stage);
                let (v, shown) = value(r.count, r.amount);
                let share = match measure {
                    Measure::Count => r.share_count,
                    Measure::Amount => r.share_amount,
                };
                bands.push(FunnelBand {
                    label: format!("{name}\n{shown} · {}", fmt::percent(share, lang)),
                    value: v,
                    tip: vec![
                        name,
                        line("funnel.tip.count", fmt::count(r.count, lang)),
                        line("funnel.tip.amount", fmt::money(r.amount, cur, lang)),
                        line("funnel.tip.weighted", fmt::weighted(r.weighted, cur, lang)),
                        line("funnel.tip.share_count", fmt::percent(r.share_count, lang)),
                        line(
                            "funnel.tip.share_amount",
                            fmt::percent(r.share_amount, lang),
                        ),
                    ],
                });
                keys.push(FunnelRowKey::Stage(r.stage));
            }
            let h = &report.headline;
            let rate = match measure {
                Measure::Count => h.win_rate_count,
                Measure::Amount => h.win_rate_amount,
            };
            let (v, shown) = value(s.won.count, s.won.amount);
            let name = outcome_label(i18n, mode, RowKind::Won);
            bands.push(FunnelBand {
                label: format!("{name}\n{shown} · {}", fmt::percent(rate, lang)),
                value: v,
                tip: vec![
                    name,
                    line("funnel.tip.count", fmt::count(s.won.count, lang)),
                    line("funnel.tip.amount", fmt::money(s.won.amount, cur, lang)),
                    line(
                        "funnel.tip.weighted",
                        fmt::weighted(s.won.weighted, cur, lang),
                    ),
                    line(
                        "funnel.tip.win_rate_count",
                        fmt::percent(h.win_rate_count, lang),
                    ),
                    line(
                        "funnel.tip.win_rate_amount",
                        fmt::percent(h.win_rate_amount, lang),
                    ),
                ],
            });
        }
        FunnelMode::Conversion => {
            let cv = &report.conversion;
            for r in &cv.rows {
                let name = stage_name(ws, r.stage);
                let (v, shown) = value(r.reached, r.reached_amount);
                let cumulative = match measure {
                    Measure::Count => r.cumulative_conversion,
                    Measure::Amount => r.cumulative_conversion_amount,
                };
                bands.push(FunnelBand {
                    label: format!("{name}\n{shown} · {}", fmt::percent(cumulative, lang)),
                    value: v,
                    tip: vec![
                        name,
                        line("funnel.tip.reached", fmt::count(r.reached, lang)),
                        line("funnel.tip.amount", fmt::money(r.reached_amount, cur, lang)),
                        line("funnel.tip.step", fmt::percent(r.step_conversion, lang)),
                        line(
                            "funnel.tip.cumulative",
                            fmt::percent(r.cumulative_conversion, lang),
                        ),
                        line(
                            "funnel.tip.avg_days",
                            fmt::decimal1(r.avg_days_in_stage, lang),
                        ),
                    ],
                });
                keys.push(FunnelRowKey::Stage(r.stage));
            }
            let o = &cv.won;
            let conv = match measure {
                Measure::Count => o.conversion,
                Measure::Amount => o.conversion_amount,
            };
            let (v, shown) = value(o.count, o.amount);
            let name = outcome_label(i18n, mode, RowKind::Won);
            bands.push(FunnelBand {
                label: format!("{name}\n{shown} · {}", fmt::percent(conv, lang)),
                value: v,
                tip: vec![
                    name,
                    line("funnel.tip.count", fmt::count(o.count, lang)),
                    line("funnel.tip.amount", fmt::money(o.amount, cur, lang)),
                    line("funnel.tip.cumulative", fmt::percent(o.conversion, lang)),
                ],
            });
        }
    }
    keys.push(FunnelRowKey::Won);
    (bands, keys)
}

/// One headline figure with its definition as a tooltip (`title`) and as the accessible
/// description; keyboard focus shows the definition too.
#[component]
fn Kpi(
    /// Suffix of the ids and `data-testid`.
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] note: Signal<String>,
    #[prop(into)] definition: Signal<String>,
) -> impl IntoView {
    let label_id = format!("funnel-kpi-{id}-label");
    let value_id = format!("funnel-kpi-{id}-value");
    let def_id = format!("funnel-kpi-{id}-def");
    let labelled_by = format!("{label_id} {value_id}");
    let described_by = def_id.clone();
    view! {
        <div class="fkpi" tabindex="0" role="group" data-testid=format!("funnel-kpi-{id}")
            aria-labelledby=labelled_by aria-describedby=described_by
            title=move || definition.get()>
            <span class="fkpi-label" id=label_id>
                {move || label.get()}
                <span class="fkpi-info" aria-hidden="true">"i"</span>
            </span>
            <span class="fkpi-value" id=value_id data-testid=format!("funnel-kpi-{id}-value")>{move || value.get()}</span>
            <span class="fkpi-note">{move || note.get()}</span>
            <span class="fkpi-def" id=def_id>{move || definition.get()}</span>
        </div>
    }
}

/// The figures above the funnel.
#[component]
fn Headline(report: Memo<Shared<FunnelReport>>, period: Signal<String>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let cur = move || app.ws().with(|w| w.currency.clone());
    let h = move || report.get().headline.clone();
    let snap = move || report.get().snapshot.clone();
    let t = move |k: &'static str| Signal::derive(move || i18n.t(k));
    let no_closed = move || i18n.t("funnel.kpi.none_note");
    view! {
        <section class="fheadline" aria-labelledby="funnel-headline-title">
            <h2 id="funnel-headline-title" class="sr-only">{move || i18n.t("funnel.headline")}</h2>
            <div class="fkpis">
                <Kpi id="open-amount" label=t("funnel.kpi.open_amount") definition=t("funnel.kpi.open_amount_def")
                    value=Signal::derive(move || fmt::money_short(h().open_amount, &cur(), i18n.lang()))
                    note=Signal::derive(move || i18n.tf("funnel.kpi.open_amount_note", &[("count", fmt::count(h().open_count, i18n.lang()))]))/>
                <Kpi id="weighted" label=t("funnel.kpi.weighted") definition=t("funnel.kpi.weighted_def")
                    value=Signal::derive(move || fmt::money_short(h().open_weighted.round(), &cur(), i18n.lang()))
                    note=t("funnel.kpi.weighted_note")/>
                <Kpi id="win-rate-count" label=t("funnel.kpi.win_rate_count") definition=t("funnel.kpi.win_rate_count_def")
                    value=Signal::derive(move || fmt::percent(h().win_rate_count, i18n.lang()))
                    note=Signal::derive(move || {
                        let s = snap();
                        if s.won.count + s.lost.count == 0 { return no_closed() }
                        i18n.tf("funnel.kpi.win_rate_count_note", &[
                            ("won", fmt::count(s.won.count, i18n.lang())),
                            ("lost", fmt::count(s.lost.count, i18n.lang())),
                        ])
                    })/>
                <Kpi id="win-rate-amount" label=t("funnel.kpi.win_rate_amount") definition=t("funnel.kpi.win_rate_amount_def")
                    value=Signal::derive(move || fmt::percent(h().win_rate_amount, i18n.lang()))
                    note=Signal::derive(move || {
                        let s = snap();
                        if s.won.count + s.lost.count == 0 { return no_closed() }
                        i18n.tf("funnel.kpi.win_rate_amount_note", &[("amount", fmt::money_short(s.won.amount, &cur(), i18n.lang()))])
                    })/>
                <Kpi id="cycle" label=t("funnel.kpi.cycle") definition=t("funnel.kpi.cycle_def")
                    value=Signal::derive(move || match h().avg_sales_cycle_days {
                        Some(d) => i18n.tf("funnel.kpi.cycle_value", &[("days", fmt::decimal1(Some(d), i18n.lang()))]),
                        None => "—".to_string(),
                    })
                    note=Signal::derive(move || {
                        let won = snap().won.count;
                        if won == 0 { return i18n.t("funnel.kpi.none_won") }
                        i18n.tf("funnel.kpi.cycle_note", &[("won", fmt::count(won, i18n.lang()))])
                    })/>
                <Kpi id="velocity" label=t("funnel.kpi.velocity") definition=t("funnel.kpi.velocity_def")
                    value=Signal::derive(move || match h().sales_velocity_per_day {
                        Some(v) => fmt::money_short(v, &cur(), i18n.lang()),
                        None => "—".to_string(),
                    })
                    note=Signal::derive(move || match h().avg_won_amount {
                        Some(a) => i18n.tf("funnel.kpi.velocity_note", &[("amount", fmt::money_short(a, &cur(), i18n.lang()))]),
                        None => i18n.t("funnel.kpi.none_won"),
                    })/>
            </div>
            <p class="help" data-testid="funnel-headline-period">{move || period.get()}</p>
        </section>
    }
}

/// A labelled group of radio buttons drawn as a segmented switch.
#[component]
fn Switch(
    /// `data-testid` prefix: `<test_id>-<value>` on each radio button.
    test_id: &'static str,
    #[prop(into)] legend: Signal<String>,
    /// (value, label key) per option.
    options: Vec<(&'static str, &'static str)>,
    #[prop(into)] current: Signal<&'static str>,
    on_pick: Callback<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="fswitch" data-testid=test_id>
            <legend>{move || legend.get()}</legend>
            {options.into_iter().map(|(value, key)| view! {
                <label class:on=move || current.get() == value>
                    <input type="radio" name=test_id value=value data-testid=format!("{test_id}-{value}")
                        prop:checked=move || current.get() == value
                        on:change=move |_| on_pick.run(value)/>
                    <span>{move || i18n.t(key)}</span>
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// The seller comparison: every seller's funnel side by side.
#[component]
fn SellerComparison(
    sellers: Memo<Shared<Vec<SellerFunnel>>>,
    team: Memo<Shared<FunnelReport>>,
    mode: Memo<FunnelMode>,
    filter: Memo<Filter>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let focus = move |seller: Option<crate::domain::SellerId>| {
        app.set_filter(|q| q.seller = seller);
    };
    view! {
        <section class="card" data-testid="funnel-sellers" aria-labelledby="funnel-sellers-title">
            <h2 id="funnel-sellers-title">{move || i18n.t("funnel.sellers.title")}</h2>
            {move || {
                let lang = i18n.lang();
                let m = mode.get();
                let list = sellers.get();
                let team = team.get();
                app.ws().with(|ws| {
                    let cur = ws.currency.as_str();
                    let open: Vec<usize> = team.snapshot.rows.iter().map(|r| r.stage).collect();
                    let (sub_a, sub_b) = match m {
                        FunnelMode::Snapshot => ("funnel.col.count", "funnel.col.amount"),
                        FunnelMode::Conversion => ("funnel.col.reached", "funnel.sellers.step"),
                    };
                    // A seller's cells for one stage, with a mark where their step conversion is
                    // below the whole team's: the stage where their funnel leaks.
                    let team_ref: &FunnelReport = &team;
                    let stage_cells = move |r: &FunnelReport, k: usize, is_team: bool| match m {
                        FunnelMode::Snapshot => {
                            let row = &r.snapshot.rows[k];
                            view! {
                                <td class="num fgroup">{fmt::count(row.count, lang)}</td>
                                <td class="num" title=fmt::money(row.amount, cur, lang)>{fmt::money_short(row.amount, cur, lang)}</td>
                            }.into_any()
                        }
                        FunnelMode::Conversion => {
                            let row = &r.conversion.rows[k];
                            let team_step = team_ref.conversion.rows[k].step_conversion;
                            let below = !is_team && matches!((row.step_conversion, team_step), (Some(a), Some(b)) if a < b);
                            view! {
                                <td class="num fgroup">{fmt::count(row.reached, lang)}</td>
                                <td class="num" class:fbelow=below>
                                    {fmt::percent(row.step_conversion, lang)}
                                    {below.then(|| view! {
                                        <span aria-hidden="true">" ▼"</span>
                                        <span class="sr-only">{format!(" ({})", crate::ui::i18n::tr(lang, "funnel.sellers.below_team"))}</span>
                                    })}
                                </td>
                            }.into_any()
                        }
                    };
                    let tail_cells = move |r: &FunnelReport| view! {
                        <td class="num fgroup">{fmt::percent(r.headline.win_rate_count, lang)}</td>
                        <td class="num">{fmt::percent(r.conversion.won.conversion, lang)}</td>
                    };
                    let rows = list.iter().map(|sf| {
                        let name = ws.sellers.get(sf.seller).map(|s| s.name.clone()).unwrap_or_default();
                        let id = sf.seller_id;
                        // Reactive on its own, so choosing a seller does not rebuild the table.
                        let is_current = move || filter.with(|f| f.seller) == Some(id);
                        let title = i18n.tf("funnel.sellers.focus", &[("name", name.clone())]);
                        view! {
                            <tr class:current=is_current data-testid="funnel-seller-row">
                                <th scope="row">
                                    <button type="button" class="link" title=title
                                        aria-pressed=move || if is_current() { "true" } else { "false" }
                                        on:click=move |_| focus(if filter.with_untracked(|f| f.seller) == Some(id) { None } else { Some(id) })>{name}</button>
                                </th>
                                {(0..open.len()).map(|k| stage_cells(&sf.report, k, false)).collect_view()}
                                {tail_cells(&sf.report)}
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <div class="funnel-scroll">
                        <table class="grid funnel-seller-table" data-testid="funnel-seller-table">
                            <caption>{crate::ui::i18n::tr(lang, match m {
                                FunnelMode::Snapshot => "funnel.sellers.caption_snapshot",
                                FunnelMode::Conversion => "funnel.sellers.caption_conversion",
                            })}</caption>
                            <thead>
                                <tr>
                                    <th scope="col" rowspan="2">{crate::ui::i18n::tr(lang, "funnel.sellers.seller")}</th>
                                    {open.iter().map(|&s| view! {
                                        <th scope="colgroup" colspan="2" class="fgroup">{stage_name(ws, s)}</th>
                                    }).collect_view()}
                                    <th scope="col" rowspan="2" class="num fgroup">{crate::ui::i18n::tr(lang, "funnel.sellers.win_rate")}</th>
                                    <th scope="col" rowspan="2" class="num">{crate::ui::i18n::tr(lang, "funnel.sellers.to_won")}</th>
                                </tr>
                                <tr>
                                    {open.iter().map(|_| view! {
                                        <th scope="col" class="num fgroup">{crate::ui::i18n::tr(lang, sub_a)}</th>
                                        <th scope="col" class="num">{crate::ui::i18n::tr(lang, sub_b)}</th>
                                    }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                            <tfoot>
                                <tr>
                                    <th scope="row">{crate::ui::i18n::tr(lang, "funnel.sellers.team")}</th>
                                    {(0..open.len()).map(|k| stage_cells(&team, k, true)).collect_view()}
                                    {tail_cells(&team)}
                                </tr>
                            </tfoot>
                        </table>
                        </div>
                        {(m == FunnelMode::Conversion).then(|| view! {
                            <p class="help">{crate::ui::i18n::tr(lang, "funnel.sellers.legend_conversion")}</p>
                        })}
                    }
                })
            }}
        </section>
    }
}

#[component]
pub fn FunnelPage() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();

    // View state from the URL.
    let mode = Memo::new(move |_| {
        if app.route().with(|r| r.get("fmode") == Some("conversion")) {
            FunnelMode::Conversion
        } else {
            FunnelMode::Snapshot
        }
    });
    let measure = Memo::new(move |_| {
        if app.route().with(|r| r.get("fmeasure") == Some("amount")) {
            Measure::Amount
        } else {
            Measure::Count
        }
    });
    let open_row = Memo::new(move |_| {
        let v = app.route().with(|r| r.get("fstage").map(str::to_string))?;
        app.ws().with(|ws| parse_row_param(&v, ws))
    });

    // Figures. The seller comparison and the whole team's funnel ignore the chosen seller, so
    // they hang on the filter without it and are not recomputed when only the seller changes;
    // with no seller chosen, the page's funnel is the team's (one pass, not two).
    let team_filter = Memo::new(move |_| Filter {
        seller: None,
        ..filter.get()
    });
    let team = Memo::new(move |_| {
        let f = team_filter.get();
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(funnel(ws, &ix, &f, app.today()))))
    });
    let report = Memo::new(move |_| {
        let f = filter.get();
        if f.seller.is_none() {
            return team.get();
        }
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(funnel(ws, &ix, &f, app.today()))))
    });
    let sellers = Memo::new(move |_| {
        let f = team_filter.get();
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(funnel_by_seller(ws, &ix, &f, app.today()))))
    });
    let deals = Memo::new(move |_| {
        let Some(row) = open_row.get() else {
            return Vec::new();
        };
        let f = filter.get();
        let ix = app.index().get();
        let m = mode.get();
        app.ws()
            .with(|ws| stage_deals(ws, &ix, &f, app.today(), row, m))
    });
    let state = Memo::new(move |_| {
        if app.ws().with(|w| w.deals.is_empty()) {
            return PageState::NoDeals;
        }
        let r = report.get();
        let nothing = r.snapshot.total.count == 0
            && r.snapshot.won.count == 0
            && r.snapshot.lost.count == 0
            && r.conversion.cohort_count == 0;
        if nothing {
            PageState::NothingMatches
        } else {
            PageState::Ready
        }
    });

    let model = Memo::new(move |_| {
        let r = report.get();
        let m = mode.get();
        app.ws().with(|ws| table_model(i18n, ws, &r, m))
    });
    let chart_data = Memo::new(move |_| {
        let r = report.get();
        let (m, me) = (mode.get(), measure.get());
        let (bands, keys) = app.ws().with(|ws| diagram(i18n, ws, &r, m, me));
        (Shared(Arc::new(bands)), keys)
    });
    let spec = Signal::derive(move || {
        let (bands, keys) = chart_data.get();
        let selected = open_row
            .get()
            .and_then(|row| keys.iter().position(|k| *k == row));
        let name = i18n.t(match mode.get() {
            FunnelMode::Snapshot => "funnel.mode.snapshot",
            FunnelMode::Conversion => "funnel.mode.conversion",
        });
        let style = FunnelStyle {
            labels_outside: true,
            won_band: Some(keys.len().saturating_sub(1)),
            selected,
        };
        funnel_chart_styled(&name, &bands, &style).to_json()
    });

    let variant_name = move || {
        i18n.t(match mode.get() {
            FunnelMode::Snapshot => "funnel.mode.snapshot",
            FunnelMode::Conversion => "funnel.mode.conversion",
        })
    };
    let period_text = Signal::derive(move || {
        let lang = i18n.lang();
        let period = match filter.with(|f| f.period) {
            Some(p) => i18n.tf(
                "funnel.period_range",
                &[
                    ("from", fmt::date(p.from, lang)),
                    ("to", fmt::date(p.to, lang)),
                ],
            ),
            None => i18n.t("funnel.period_all"),
        };
        i18n.tf("funnel.headline_period", &[("period", period)])
    });

    // Opening a row's deals: into the URL, then bring the list into view.
    let deals_box = NodeRef::<leptos::html::Div>::new();
    let open_param = move |param: String| {
        app.set_query("fstage", Some(param));
        request_animation_frame(move || {
            if let Some(el) = deals_box.get_untracked() {
                el.scroll_into_view();
            }
        });
    };
    let open =
        move |key: FunnelRowKey| open_param(app.ws().with_untracked(|ws| row_param(key, ws)));
    let row_links = RowLinks {
        class: "funnel-row-link",
        test_id: Some("funnel-row"),
        controls: Some(DEALS_ID),
        selected: Some(Signal::derive(move || {
            open_row.get().map(|k| app.ws().with(|ws| row_param(k, ws)))
        })),
        on_open: Callback::new(open_param),
    };
    let on_chart_click = Callback::new(move |c: ChartClick| {
        if c.series != 0 || c.index < 0 {
            return;
        }
        if let Some(key) =
            chart_data.with_untracked(|(_, keys)| keys.get(c.index as usize).copied())
        {
            open(key);
        }
    });
    let list_title = Signal::derive(move || {
        let Some(row) = open_row.get() else {
            return String::new();
        };
        let label = match row {
            FunnelRowKey::Stage(s) => app.ws().with(|ws| stage_name(ws, s)),
            FunnelRowKey::Total => outcome_label(i18n, mode.get(), RowKind::Total),
            FunnelRowKey::Won => outcome_label(i18n, mode.get(), RowKind::Won),
            FunnelRowKey::Lost => outcome_label(i18n, mode.get(), RowKind::Lost),
        };
        i18n.tf(
            "funnel.list_title",
            &[("row", label), ("variant", variant_name())],
        )
    });

    let export_csv = move |_| {
        let rows = model.with_untracked(ReportTable::csv_rows);
        let prefix = match mode.get_untracked() {
            FunnelMode::Snapshot => "voronka-funnel-snapshot",
            FunnelMode::Conversion => "voronka-funnel-conversion",
        };
        save_csv(app, prefix, &rows);
    };
    let export_png = move |_| save_png(app, CHART_ID, "voronka-funnel");
    let reset_filters = move |_| app.set_filter(|q| *q = FilterQuery::default());
    let all_time = move |_| app.set_filter(|q| q.preset = PeriodPreset::All);

    let ready = move || {
        view! {
            <section class="card" aria-labelledby="funnel-title">
                <h1 id="funnel-title">{move || i18n.t("funnel.title")}</h1>
                <Headline report=report period=period_text/>
            </section>
            <section class="card funnel-main" aria-labelledby="funnel-table-title">
                <div class="funnel-toolbar">
                    <h2 id="funnel-table-title">{move || i18n.tf("funnel.table_title", &[("variant", variant_name())])}</h2>
                    <Switch test_id="funnel-mode" legend=Signal::derive(move || i18n.t("funnel.mode.label"))
                        options=vec![("snapshot", "funnel.mode.snapshot"), ("conversion", "funnel.mode.conversion")]
                        current=Signal::derive(move || match mode.get() {
                            FunnelMode::Snapshot => "snapshot",
                            FunnelMode::Conversion => "conversion",
                        })
                        on_pick=Callback::new(move |v: &'static str| app.set_query("fmode", (v == "conversion").then(|| v.to_string())))/>
                    <button type="button" class="secondary" data-testid="funnel-csv" on:click=export_csv>
                        {move || i18n.t("common.export_csv")}
                    </button>
                </div>
                <p class="help" data-testid="funnel-variant-help">{move || i18n.t(match mode.get() {
                    FunnelMode::Snapshot => "funnel.mode.snapshot_help",
                    FunnelMode::Conversion => "funnel.mode.conversion_help",
                })}</p>
                {move || {
                    let r = report.get();
                    let note = match mode.get() {
                        FunnelMode::Snapshot if r.snapshot.total.count == 0 => Some("funnel.no_open"),
                        FunnelMode::Conversion if r.conversion.cohort_count == 0 => Some("funnel.no_cohort"),
                        _ => None,
                    };
                    note.map(|k| view! { <p class="empty" data-testid="funnel-mode-empty">{i18n.t(k)}</p> })
                }}
                <div class="funnel-grid">
                    <div class="funnel-scroll">
                        <table class="grid funnel-table" data-testid="funnel-table"
                            data-mode=move || match mode.get() { FunnelMode::Snapshot => "snapshot", FunnelMode::Conversion => "conversion" }>
                            <caption>{move || i18n.t(match mode.get() {
                                FunnelMode::Snapshot => "funnel.caption_snapshot",
                                FunnelMode::Conversion => "funnel.caption_conversion",
                            })}</caption>
                            <ReportRows table=model links=row_links/>
                        </table>
                    </div>
                    <div class="funnel-diagram">
                        <div class="funnel-toolbar">
                            <Switch test_id="funnel-measure" legend=Signal::derive(move || i18n.t("funnel.measure.label"))
                                options=vec![("count", "funnel.measure.count"), ("amount", "funnel.measure.amount")]
                                current=Signal::derive(move || match measure.get() { Measure::Count => "count", Measure::Amount => "amount" })
                                on_pick=Callback::new(move |v: &'static str| app.set_query("fmeasure", (v == "amount").then(|| v.to_string())))/>
                            <button type="button" class="secondary" data-testid="funnel-png" on:click=export_png>
                                {move || i18n.t("common.export_png")}
                            </button>
                        </div>
                        <Chart spec=spec test_id=CHART_ID on_click=on_chart_click height=360
                            label=Signal::derive(move || i18n.tf("funnel.diagram_label", &[("variant", variant_name())]))/>
                        <p class="help">{move || i18n.t(match mode.get() {
                            FunnelMode::Snapshot => "funnel.diagram_note_snapshot",
                            FunnelMode::Conversion => "funnel.diagram_note_conversion",
                        })}</p>
                    </div>
                </div>
            </section>
            <div id=DEALS_ID class="funnel-deals" node_ref=deals_box>
                {move || open_row.get().is_some().then(|| view! {
                    <DealList deals=deals title=list_title
                        on_close=Callback::new(move |_| app.set_query("fstage", None))/>
                })}
            </div>
            <SellerComparison sellers=sellers team=team mode=mode filter=filter/>
        }
    };

    move || {
        match state.get() {
        PageState::NoDeals => view! {
            <section class="card">
                <h1>{move || i18n.t("funnel.title")}</h1>
                <div class="empty" data-testid="funnel-empty">
                    <p>{move || i18n.t("funnel.empty_ws")}</p>
                    <div class="action-row">
                        <button type="button" data-testid="funnel-load-demo"
                            on:click=move |_| app.load_demo(i18n.lang_untracked())>{move || i18n.t("data.load_demo")}</button>
                        <a class="button funnel-link-button" href=move || app.route().get().on_page(Page::Data).to_hash()>
                            {move || i18n.t("funnel.go_data")}
                        </a>
                    </div>
                </div>
            </section>
        }
        .into_any(),
        PageState::NothingMatches => view! {
            <section class="card">
                <h1>{move || i18n.t("funnel.title")}</h1>
                <div class="empty" data-testid="funnel-empty">
                    <p>{move || i18n.t("funnel.no_match")}</p>
                    <div class="action-row">
                        <button type="button" data-testid="funnel-reset" on:click=reset_filters>{move || i18n.t("filter.reset")}</button>
                        <button type="button" class="secondary" data-testid="funnel-all-time" on:click=all_time>{move || i18n.t("funnel.all_time")}</button>
                    </div>
                </div>
            </section>
        }
        .into_any(),
        PageState::Ready => ready().into_any(),
    }
    }
}
