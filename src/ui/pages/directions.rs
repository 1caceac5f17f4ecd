//! Directions matrix page: clients (as the filter bar selects them, key clients first) × product
//! directions, each cell won / in work / lost only / whitespace. Drawn as a heatmap and as an
//! equivalent table (toggle `mview`); a cell lists its deals, whitespace offers to create one.

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::matrix::{self as heat, AmountCell, DirectionsHeatmap};
use crate::domain::edit::{first_open_stage, new_deal_defaults, upsert_deal};
use crate::domain::matrix::{
    CellState, DirSort, DirectionCell, DirectionsMatrix, cell_deals, directions_matrix,
};
use crate::domain::money::parse_amount;
use crate::domain::validate::deal_problems;
use crate::domain::{ClientId, Deal, DealId, DirectionId, Lang, Money, SellerId, Workspace};
use crate::format::csv_out::plain_amount;
use crate::ui::app::CurrentFilter;
use crate::ui::chart::ChartClick;
use crate::ui::deal_list::DealList;
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::pages::data::fresh_id;
use crate::ui::pages::relationships::{
    MatrixBody, MatrixIds, MatrixView, TABLE_PAGE, ViewSwitch, compact_money, export_csv,
    export_png, field_error_text, set_query,
};
use crate::ui::problem_text;
use crate::ui::state::{Shared, now_millis, use_app};

fn parse_sort(v: Option<&str>) -> DirSort {
    match v {
        Some("whitespace") => DirSort::WhitespaceFirst,
        Some("name") => DirSort::Name,
        Some("coverage") => DirSort::Coverage,
        _ => DirSort::KeyFirst,
    }
}

fn sort_value(s: DirSort) -> Option<String> {
    match s {
        DirSort::KeyFirst => None,
        DirSort::WhitespaceFirst => Some("whitespace".into()),
        DirSort::Name => Some("name".into()),
        DirSort::Coverage => Some("coverage".into()),
    }
}

/// The i18n key of a state's name.
fn state_key(s: CellState) -> &'static str {
    match s {
        CellState::Won => "directions.state_won",
        CellState::InWork => "directions.state_in_work",
        CellState::LostOnly => "directions.state_lost_only",
        CellState::Empty => "directions.state_empty",
    }
}

/// The mark drawn before a table cell's figure, so the state reads without colour.
fn state_mark(s: CellState) -> &'static str {
    match s {
        CellState::Won => "✓",
        CellState::InWork => "◔",
        CellState::LostOnly => heat::LOST_MARK,
        CellState::Empty => heat::GAP_MARK,
    }
}

/// The amount that colours a cell: won amount when won, open amount when in work.
fn cell_amount(c: &DirectionCell) -> Money {
    match c.state() {
        CellState::Won => c.won,
        CellState::InWork => c.open,
        CellState::LostOnly => c.lost,
        CellState::Empty => Money::ZERO,
    }
}

fn direction_label(ws: &Workspace, pos: usize) -> String {
    ws.directions
        .get(pos)
        .map(|d| d.name.clone())
        .unwrap_or_default()
}

/// The tooltip templates of a cell's figures, translated once per matrix rather than per cell.
struct LineTemplates {
    won: String,
    open: String,
    lost: String,
}

impl LineTemplates {
    fn new(lang: Lang) -> Self {
        LineTemplates {
            won: tr(lang, "directions.tip_won"),
            open: tr(lang, "directions.tip_open"),
            lost: tr(lang, "directions.tip_lost"),
        }
    }

    /// The figures of a cell as text lines: won, in work, lost (those with deals).
    fn lines(&self, c: &DirectionCell, currency: &str, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        for (template, n, m) in [
            (&self.won, c.won_deals, c.won),
            (&self.open, c.open_deals, c.open),
            (&self.lost, c.lost_deals, c.lost),
        ] {
            if n > 0 {
                out.push(fill(
                    template,
                    &[
                        ("amount", fmt::money(m, currency, lang)),
                        ("n", fmt::count(n as usize, lang)),
                    ],
                ));
            }
        }
        out
    }
}

/// The heatmap's input: names as plain text, tooltip lines and cell labels in `lang`.
pub fn directions_chart_input(
    ws: &Workspace,
    m: &DirectionsMatrix,
    lang: Lang,
) -> DirectionsHeatmap {
    let columns: Vec<String> = m
        .columns
        .iter()
        .map(|c| direction_label(ws, c.direction))
        .collect();
    let states = [
        CellState::Won,
        CellState::InWork,
        CellState::LostOnly,
        CellState::Empty,
    ];
    let state_names: [String; 4] = std::array::from_fn(|i| tr(lang, state_key(states[i])));
    let size_key = tr(lang, "directions.tip_size");
    let templates = LineTemplates::new(lang);
    let mut cells = Vec::with_capacity(m.rows.len() * columns.len());
    let (mut max_won, mut max_open) = (Money::ZERO, Money::ZERO);
    for row in &m.rows {
        let client = ws
            .clients
            .get(row.client)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        // The same line on every whitespace cell of the row: formatted once.
        let mut size_line = None::<String>;
        for (col, cell) in row.cells.iter().enumerate() {
            let state = cell.state();
            let amount = cell_amount(cell);
            match state {
                CellState::Won => max_won = max_won.max(amount),
                CellState::InWork => max_open = max_open.max(amount),
                _ => {}
            }
            let mut tip = vec![
                client.clone(),
                columns[col].clone(),
                state_names[states_pos(state)].clone(),
            ];
            if state == CellState::Empty {
                let line = size_line.get_or_insert_with(|| {
                    fill(
                        &size_key,
                        &[("amount", fmt::money(row.size, &ws.currency, lang))],
                    )
                });
                tip.push(line.clone());
            } else {
                tip.extend(templates.lines(cell, &ws.currency, lang));
            }
            let label = match state {
                CellState::Won | CellState::InWork => compact_money(amount, lang),
                _ => String::new(),
            };
            cells.push(AmountCell {
                state,
                amount: amount.as_major_f64(),
                label,
                tip,
            });
        }
    }
    DirectionsHeatmap {
        rows: m
            .rows
            .iter()
            .map(|r| {
                ws.clients
                    .get(r.client)
                    .map(|c| c.name.clone())
                    .unwrap_or_default()
            })
            .collect(),
        columns,
        cells,
        state_names,
        max_labels: [compact_money(max_won, lang), compact_money(max_open, lang)],
    }
}

fn states_pos(s: CellState) -> usize {
    match s {
        CellState::Won => 0,
        CellState::InWork => 1,
        CellState::LostOnly => 2,
        CellState::Empty => 3,
    }
}

/// The matrix as CSV rows, header first: per direction its state and the amount behind it.
pub fn directions_csv(ws: &Workspace, m: &DirectionsMatrix, lang: Lang) -> Vec<Vec<String>> {
    let t = |k: &str| tr(lang, k);
    let mut header = vec![
        t("relationships.client"),
        t("relationships.segment"),
        t("relationships.key"),
    ];
    for c in &m.columns {
        let name = direction_label(ws, c.direction);
        header.push(format!("{name}: {}", t("directions.csv_state")));
        header.push(format!("{name}: {}", t("common.amount")));
    }
    header.extend([
        t("directions.won_dirs"),
        t("directions.coverage"),
        t("directions.whitespace"),
        t("directions.size"),
        t("directions.unassigned_col"),
    ]);
    let mut rows = vec![header];
    for row in &m.rows {
        let client = ws.clients.get(row.client);
        let mut line = vec![
            client.map(|c| c.name.clone()).unwrap_or_default(),
            client.map(|c| c.segment.clone()).unwrap_or_default(),
            if client.is_some_and(|c| c.key) {
                "1".into()
            } else {
                "0".into()
            },
        ];
        for cell in &row.cells {
            let state = cell.state();
            line.push(state.as_str().to_string());
            line.push(if state == CellState::Empty {
                String::new()
            } else {
                plain_amount(cell_amount(cell))
            });
        }
        line.extend([
            row.directions_won.to_string(),
            row.coverage
                .map(|v| format!("{:.1}", v * 100.0))
                .unwrap_or_default(),
            row.whitespace.to_string(),
            plain_amount(row.size),
            plain_amount(row.unassigned.won + row.unassigned.open),
        ]);
        rows.push(line);
    }
    let mut foot = vec![t("directions.coverage_row"), String::new(), String::new()];
    for c in &m.columns {
        foot.push(format!("{}/{}", c.won_clients, m.rows.len()));
        foot.push(
            c.coverage
                .map(|v| format!("{:.1}", v * 100.0))
                .unwrap_or_default(),
        );
    }
    rows.push(foot);
    rows
}

/// Table shade bucket 1–4 of an amount on its state's scale (same square-root scale as the chart).
fn bucket(amount: Money, max: Money) -> u8 {
    let s = heat::shade(amount.as_major_f64(), max.as_major_f64());
    (s * 4.0).ceil().clamp(1.0, 4.0) as u8
}

#[component]
pub fn DirectionsPage() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();
    let sort = Memo::new(move |_| app.route.with(|r| parse_sort(r.get("dsort"))));
    let mode = Memo::new(move |_| app.route.with(MatrixView::from_route));
    let report = Memo::new(move |_| {
        let f = filter.get();
        let s = sort.get();
        let ix = app.index.get();
        app.ws
            .with(|ws| Shared(Arc::new(directions_matrix(ws, &ix, &f, s))))
    });
    // (client, direction) of the open cell, by id so edits elsewhere cannot shift it.
    let selected = RwSignal::new(None::<(ClientId, DirectionId)>);
    let shown = RwSignal::new(TABLE_PAGE);
    // A new selection of rows starts from the first page (set only when it changes, so the
    // table is not drawn twice).
    Effect::new(move |_| {
        filter.track();
        if shown.get_untracked() != TABLE_PAGE {
            shown.set(TABLE_PAGE);
        }
    });

    let select_cell = move |row: usize, col: usize| {
        let ids = report.with_untracked(|m| {
            let client = m.rows.get(row)?.client;
            let dir = m.columns.get(col)?.direction;
            app.ws
                .with_untracked(|ws| Some((ws.clients.get(client)?.id, ws.directions.get(dir)?.id)))
        });
        selected.set(ids);
    };

    let chart_spec = Memo::new(move |_| {
        let lang = i18n.lang();
        let m = report.get();
        app.ws.with(|ws| {
            Shared(Arc::new(heat::directions_heatmap(directions_chart_input(
                ws, &m, lang,
            ))))
        })
    });
    let chart_json = Memo::new(move |_| chart_spec.with(|s| heat::to_json(s)));
    let on_chart_click = Callback::new(move |c: ChartClick| {
        if let Some((row, col)) = chart_spec.with_untracked(|s| heat::cell_of(s, c.series, c.index))
        {
            select_cell(row, col);
        }
    });
    let height = Memo::new(move |_| heat::chart_height(report.with(|m| m.rows.len())));

    let on_csv = move |_| {
        let rows = app.ws.with_untracked(|ws| {
            report.with_untracked(|m| directions_csv(ws, m, i18n.lang_untracked()))
        });
        export_csv(app, &rows, "voronka-directions");
    };
    let on_png = move |_| export_png(app, "dir-chart", "voronka-directions");

    let empty_message = move || {
        let (no_clients, no_dirs) = app
            .ws
            .with(|ws| (ws.clients.is_empty(), ws.directions.is_empty()));
        if no_clients {
            Some(i18n.t("directions.empty_clients"))
        } else if no_dirs {
            Some(i18n.t("directions.empty_dirs"))
        } else if report.with(|m| m.rows.is_empty()) {
            Some(i18n.t("directions.empty_rows"))
        } else {
            None
        }
    };

    view! {
        <section class="card matrix-page">
            <h1>{move || i18n.t("directions.title")}</h1>
            <p class="help">{move || i18n.t("directions.help")}</p>
            <div class="matrix-controls">
                <label>
                    <span>{move || i18n.t("directions.sort")}</span>
                    <select data-testid="dsort" on:change=move |ev| {
                        set_query(app, "dsort", sort_value(parse_sort(Some(&event_target_value(&ev)))));
                    }>
                        <option value="key" selected=move || sort.get() == DirSort::KeyFirst>{move || i18n.t("directions.sort_key")}</option>
                        <option value="whitespace" selected=move || sort.get() == DirSort::WhitespaceFirst>{move || i18n.t("directions.sort_whitespace")}</option>
                        <option value="coverage" selected=move || sort.get() == DirSort::Coverage>{move || i18n.t("directions.sort_coverage")}</option>
                        <option value="name" selected=move || sort.get() == DirSort::Name>{move || i18n.t("directions.sort_name")}</option>
                    </select>
                </label>
                <ViewSwitch mode=mode/>
                <div class="matrix-export">
                    <button type="button" class="secondary" data-testid="dir-csv" on:click=on_csv>{move || i18n.t("common.export_csv")}</button>
                    <button type="button" class="secondary" data-testid="dir-png" on:click=on_png
                        disabled=move || mode.get() == MatrixView::Table
                        title=move || (mode.get() == MatrixView::Table).then(|| i18n.t("matrix.png_needs_chart"))>
                        {move || i18n.t("common.export_png")}
                    </button>
                </div>
            </div>
            <p class="muted matrix-summary" data-testid="dir-summary">{move || {
                let lang = i18n.lang();
                let currency = app.ws.with(|w| w.currency.clone());
                report.with(|m| {
                    let cells = m.rows.len() * m.columns.len();
                    let white: usize = m.rows.iter().map(|r| r.whitespace as usize).sum();
                    let mut text = i18n.tf("directions.summary", &[
                        ("rows", fmt::count(m.rows.len(), lang)),
                        ("dirs", fmt::count(m.columns.len(), lang)),
                        ("white", fmt::count(white, lang)),
                        ("share", fmt::percent((cells > 0).then(|| white as f64 / cells as f64), lang)),
                    ]);
                    let u = &m.unassigned;
                    let n = u.won_deals + u.open_deals + u.lost_deals;
                    if n > 0 {
                        text.push(' ');
                        text.push_str(&i18n.tf("directions.unassigned", &[
                            ("n", fmt::count(n as usize, lang)),
                            ("amount", fmt::money(u.won + u.open, &currency, lang)),
                        ]));
                    }
                    if m.orphan_deals > 0 {
                        text.push(' ');
                        text.push_str(&i18n.tf("directions.orphans", &[("n", fmt::count(m.orphan_deals as usize, lang))]));
                    }
                    text
                })
            }}</p>
            <ul class="matrix-legend" aria-label=move || i18n.t("directions.legend")>
                {[CellState::Won, CellState::InWork, CellState::LostOnly, CellState::Empty].into_iter().map(|s| view! {
                    <li><span class=format!("dcell {} a3 swatch", s.as_str()) aria-hidden="true">{state_mark(s)}</span>
                        {move || i18n.t(state_key(s))}</li>
                }).collect_view()}
            </ul>
        </section>

        <DirDetail selected=selected/>

        <MatrixBody empty=Signal::derive(empty_message) mode=mode
            rows=Signal::derive(move || report.with(|m| m.rows.len()))
            chart=chart_json chart_label="directions.heatmap" height=height
            on_chart_click=on_chart_click shown=shown
            ids=MatrixIds { empty: "dir-empty", chart: "dir-chart", pager: "dir-pager" }
            table=move || view! {
                <DirTable report=report shown=shown selected=selected on_select=Callback::new(move |(r, c)| select_cell(r, c))/>
            }/>
    }
}

#[component]
fn DirTable(
    report: Memo<Shared<DirectionsMatrix>>,
    shown: RwSignal<usize>,
    selected: RwSignal<Option<(ClientId, DirectionId)>>,
    on_select: Callback<(usize, usize)>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    view! {
        <div class="table-scroll matrix-scroll">
            <table class="grid matrix" data-testid="dir-table">
                <caption>{move || i18n.tf("directions.table_caption", &[("n", fmt::count(report.with(|m| m.rows.len()), i18n.lang()))])}</caption>
                <thead><tr>
                    <th scope="col" class="rowhead">{move || i18n.t("relationships.client")}</th>
                    {move || app.ws.with(|ws| report.with(|m| m.columns.iter().map(|c| view! {
                        <th scope="col" class="mcol">{direction_label(ws, c.direction)}</th>
                    }).collect_view()))}
                    <th scope="col" class="num">{move || i18n.t("directions.won_dirs")}</th>
                    <th scope="col" class="num">{move || i18n.t("directions.whitespace")}</th>
                    <th scope="col" class="num">{move || i18n.t("directions.size")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = i18n.lang();
                        let limit = shown.get();
                        app.ws.with(|ws| report.with(|m| {
                            let ncols = m.columns.len();
                            let templates = LineTemplates::new(lang);
                            let (mut max_won, mut max_open) = (Money::ZERO, Money::ZERO);
                            for cell in m.rows.iter().flat_map(|r| r.cells.iter()) {
                                match cell.state() {
                                    CellState::Won => max_won = max_won.max(cell.won),
                                    CellState::InWork => max_open = max_open.max(cell.open),
                                    _ => {}
                                }
                            }
                            m.rows.iter().take(limit).enumerate().map(|(r, row)| {
                                let client = ws.clients.get(row.client);
                                let name = client.map(|c| c.name.clone()).unwrap_or_default();
                                let key = client.is_some_and(|c| c.key);
                                let cid = client.map(|c| c.id);
                                let cells = row.cells.iter().enumerate().map(|(c, cell)| {
                                    let dir_pos = m.columns[c].direction;
                                    let dir = direction_label(ws, dir_pos);
                                    let did = ws.directions.get(dir_pos).map(|x| x.id);
                                    // Each cell follows the selection itself, so a click does not redraw the table.
                                    let key = cid.zip(did);
                                    let is_sel = move || key.is_some() && selected.with(|s| *s == key);
                                    let state = cell.state();
                                    let amount = cell_amount(cell);
                                    let shade = match state {
                                        CellState::Won => bucket(amount, max_won),
                                        CellState::InWork => bucket(amount, max_open),
                                        _ => 0,
                                    };
                                    let text = match state {
                                        CellState::Won | CellState::InWork | CellState::LostOnly => compact_money(amount, lang),
                                        CellState::Empty => String::new(),
                                    };
                                    let mut lines = templates.lines(cell, &ws.currency, lang);
                                    if state == CellState::Empty {
                                        lines.push(tr(lang, "directions.create_hint"));
                                    }
                                    let what = format!("{}. {}", tr(lang, state_key(state)), lines.join("; "));
                                    let label = format!("{name}, {dir}: {what}");
                                    view! {
                                        <td class="mtd">
                                            <button type="button" class=format!("dcell {} a{shade}", state.as_str()) class:selected=is_sel
                                                data-testid="dir-cell" data-row=r data-col=c data-state=state.as_str()
                                                data-client=cid.map(|x| x.0.to_string()) data-dir=did.map(|x| x.0.to_string())
                                                aria-label=label title=what
                                                on:click=move |_| on_select.run((r, c))>
                                                {if text.is_empty() { state_mark(state).to_string() } else { format!("{}\u{a0}{text}", state_mark(state)) }}
                                            </button>
                                        </td>
                                    }
                                }).collect_view();
                                view! {
                                    <tr data-testid="dir-row">
                                        <th scope="row" class="rowhead">
                                            <span class="cname">{name.clone()}</span>
                                            {key.then(|| view! { <span class="badge key-badge" title=tr(lang, "relationships.key")>"★"</span> })}
                                        </th>
                                        {cells}
                                        <td class="num">{format!("{}\u{a0}/\u{a0}{ncols} ({})", row.directions_won, fmt::percent(row.coverage, lang))}</td>
                                        <td class="num">{row.whitespace.to_string()}</td>
                                        <td class="num">{fmt::money_short(row.size, &ws.currency, lang)}</td>
                                    </tr>
                                }
                            }).collect_view()
                        }))
                    }}
                </tbody>
                <tfoot><tr>
                    <th scope="row" class="rowhead">{move || i18n.t("directions.coverage_row")}</th>
                    {move || {
                        let lang = i18n.lang();
                        report.with(|m| {
                            let n = m.rows.len();
                            m.columns.iter().map(|c| view! {
                                <td class="num" data-testid="dir-col-coverage">
                                    {format!("{}\u{a0}/\u{a0}{}", fmt::count(c.won_clients as usize, lang), fmt::count(n, lang))}
                                    <span class="sub">{fmt::percent(c.coverage, lang)}</span>
                                    <span class="sub">{i18n.tf("directions.in_work_short", &[("n", fmt::count(c.in_work_clients as usize, lang))])}</span>
                                </td>
                            }).collect_view()
                        })
                    }}
                    <td colspan="3"></td>
                </tr></tfoot>
            </table>
        </div>
    }
}

/// What a clicked cell holds: its deals, or for whitespace the form that creates one.
#[component]
fn DirDetail(selected: RwSignal<Option<(ClientId, DirectionId)>>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();
    let deals = Memo::new(move |_| {
        let Some((client, dir)) = selected.get() else {
            return Vec::new();
        };
        let f = filter.get();
        let ix = app.index.get();
        let (Some(&c), Some(&d)) = (ix.client_pos.get(&client), ix.direction_pos.get(&dir)) else {
            return Vec::new();
        };
        app.ws
            .with(|ws| cell_deals(ws, &ix, &f, c as usize, Some(d as usize)))
    });
    let names = move || {
        let (client, dir) = selected.get()?;
        app.ws.with(|ws| {
            Some((
                ws.client(client)?.name.clone(),
                ws.directions.iter().find(|d| d.id == dir)?.name.clone(),
            ))
        })
    };
    let creating = RwSignal::new(false);
    Effect::new(move |_| {
        selected.track();
        if creating.get_untracked() {
            creating.set(false);
        }
    });
    move || {
        let (client, dir) = selected.get()?;
        let (client_name, dir_name) = names()?;
        let title = fill(
            &i18n.t("relationships.detail_title"),
            &[("client", client_name), ("role", dir_name)],
        );
        let empty = deals.with(|d| d.is_empty());
        Some(if empty || creating.get() {
            view! {
                <section class="card matrix-detail" data-testid="dir-detail" aria-live="polite">
                    <header class="deal-list-head">
                        <h2 data-testid="dir-detail-title">{title}</h2>
                        <button type="button" class="link" data-testid="dir-detail-close"
                            on:click=move |_| selected.set(None)>{move || i18n.t("common.close")}</button>
                    </header>
                    {empty.then(|| view! { <p class="muted">{i18n.t("directions.whitespace_note")}</p> })}
                    <CreateDeal client=client direction=dir on_done=Callback::new(move |_| creating.set(false))/>
                </section>
            }
            .into_any()
        } else {
            view! {
                <div class="matrix-detail" data-testid="dir-detail">
                    <DealList deals=Signal::derive(move || deals.get()) title=Signal::derive(move || title.clone())
                        on_close=Callback::new(move |_| selected.set(None))/>
                    <button type="button" class="secondary" data-testid="dir-create-another"
                        on:click=move |_| creating.set(true)>{move || i18n.t("directions.create_another")}</button>
                </div>
            }
            .into_any()
        })
    }
}

/// The inline form that creates an open deal for `client` in `direction`.
#[component]
fn CreateDeal(client: ClientId, direction: DirectionId, on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let CurrentFilter(filter) = expect_context::<CurrentFilter>();
    let (client_name, dir_name, first_open, default_seller) = app.ws.with_untracked(|ws| {
        let ix = app.index.get_untracked();
        // The filter's seller first, so the new deal shows in the matrix being looked at.
        let defaults = new_deal_defaults(
            ws,
            &ix,
            app.today,
            filter.get_untracked().seller,
            Some(client),
        );
        let seller = defaults.seller.or_else(|| ws.sellers.first().map(|s| s.id));
        (
            ws.client(client)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            ws.directions
                .iter()
                .find(|d| d.id == direction)
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            first_open_stage(ws).map(|s| (s.id, s.name.clone())),
            seller,
        )
    });
    let title = RwSignal::new(format!("{dir_name} — {client_name}"));
    let amount = RwSignal::new(String::new());
    let seller = RwSignal::new(default_seller);
    let title_error = RwSignal::new(None::<String>);
    let amount_error = RwSignal::new(None::<String>);
    let problems = RwSignal::new(Vec::<String>::new());
    let stage_name = first_open.as_ref().map(|s| s.1.clone()).unwrap_or_default();
    let first_open = first_open.map(|s| s.0);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang_untracked();
        let t = title.get_untracked().trim().to_string();
        title_error.set(t.is_empty().then(|| tr(lang, "directions.title_required")));
        let parsed = parse_amount(&amount.get_untracked(), lang.number_style());
        amount_error.set(
            parsed
                .as_ref()
                .err()
                .map(|e| tr(lang, &format!("amount_error.{}", e.code()))),
        );
        let (Ok(money), false) = (parsed, t.is_empty()) else {
            return;
        };
        let (Some(stage), Some(seller_id)) = (first_open, seller.get_untracked()) else {
            problems.set(vec![tr(lang, "directions.cannot_create")]);
            return;
        };
        let f = filter.get_untracked();
        let deal = Deal {
            direction: Some(direction),
            deal_type: f.deal_type,
            amount: money,
            updated_at: now_millis(),
            ..Deal::new_open(
                DealId(fresh_id()),
                t.clone(),
                client,
                seller_id,
                stage,
                app.today,
            )
        };
        // Through the undo stack, on a working copy: the Data section's rules for a deal, then
        // the model's rules for that deal (`deal_problems`); only the new deal's problems block it (older ones, if
        // any, are not this form's business). On any problem the copy is dropped: nothing changes.
        let label = fill(&tr(lang, "directions.undo_add"), &[("title", t.clone())]);
        let result = app.change(label, |w| {
            let at = w.deals.len();
            if let Err(errors) = upsert_deal(w, deal, app.today, now_millis()) {
                return Err(errors
                    .iter()
                    .map(|e| field_error_text(lang, e))
                    .collect::<Vec<_>>());
            }
            let found: Vec<String> = deal_problems(w, at)
                .into_iter()
                .map(|p| problem_text(lang, &p))
                .collect();
            if found.is_empty() { Ok(()) } else { Err(found) }
        });
        if let Err(found) = result {
            problems.set(found);
            return;
        }
        problems.set(Vec::new());
        app.notice
            .set(Some(fill(&tr(lang, "directions.created"), &[("title", t)])));
        on_done.run(());
    };

    let sellers = move || {
        app.ws.with(|ws| {
            ws.sellers
                .iter()
                .map(|s| (s.id, s.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <form class="matrix-form" on:submit=submit novalidate data-testid="dir-create-form">
            <h3>{move || i18n.t("directions.create_title")}</h3>
            <p class="muted">{move || i18n.tf("directions.create_note", &[("stage", stage_name.clone()), ("date", fmt::date(app.today, i18n.lang()))])}</p>
            <div class="inline-form">
                <label>
                    <span>{move || i18n.t("directions.deal_title")}</span>
                    <input type="text" data-testid="dir-create-title" class="wide"
                        aria-invalid=move || title_error.get().is_some().then_some("true")
                        prop:value=move || title.get()
                        on:input=move |ev| title.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{move || i18n.t("common.amount")}</span>
                    <input type="text" inputmode="decimal" data-testid="dir-create-amount"
                        placeholder=move || if i18n.lang() == Lang::Ru { "1 500 000,00" } else { "1,500,000.00" }
                        aria-invalid=move || amount_error.get().is_some().then_some("true")
                        aria-describedby="dir-amount-error"
                        prop:value=move || amount.get()
                        on:input=move |ev| amount.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{move || i18n.t("filter.seller")}</span>
                    <select data-testid="dir-create-seller" on:change=move |ev| {
                        seller.set(event_target_value(&ev).parse::<u64>().ok().map(SellerId));
                    }>
                        {move || sellers().into_iter().map(|(id, name)| view! {
                            <option value=id.0.to_string() selected=move || seller.get() == Some(id)>{name}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit" data-testid="dir-create-submit">{move || i18n.t("directions.create")}</button>
            </div>
            <p class="field-error" role="alert" data-testid="dir-title-error">{move || title_error.get()}</p>
            <p id="dir-amount-error" class="field-error" role="alert" data-testid="dir-amount-error">{move || amount_error.get()}</p>
            {move || {
                let list = problems.get();
                (!list.is_empty()).then(|| view! {
                    <div class="banner error" role="alert" data-testid="dir-create-problems">
                        <p>{i18n.t("directions.invalid")}</p>
                        <ul class="problems">{list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
        </form>
    }
}
