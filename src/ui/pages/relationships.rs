//! Relationship matrix page: key clients (or all, or one segment) × target decision-maker roles,
//! each cell the best relationship level, gaps marked "no contact". Drawn as a heatmap and as an
//! equivalent table (toggle `mview`); a cell lists its contacts, a gap offers to add one.
//!
//! Also home of the few pieces the directions page shares (view switch, table pager, compact
//! amounts), so the two matrices look and behave alike.

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::matrix::{self as heat, LevelCell, RelationshipHeatmap};
use crate::domain::edit::{FieldError, FieldErrorKind, upsert};
use crate::domain::matrix::{
    RelSort, RelationshipMatrix, RowSelection, cell_contacts, relationship_matrix,
};
use crate::domain::{
    ClientId, Contact, ContactId, Lang, MAX_RELATIONSHIP_LEVEL, Money, RoleId, Workspace,
};
use crate::format::csv_out::{plain_amount, to_csv};
use crate::ui::app::navigate;
use crate::ui::banner::dated_name;
use crate::ui::chart::{Chart, ChartClick, png_data_url};
use crate::ui::download::{download_data_url, download_text};
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::pages::data::fresh_id;
use crate::ui::route::Route;
use crate::ui::state::{AppState, Shared, use_app};

// ---------------------------------------------------------------------------------------------
// Shared with the directions page
// ---------------------------------------------------------------------------------------------

/// Table rows rendered at first and added by each "show more" (as in the deal lists): a
/// 2,000-client matrix stays quick to redraw on every filter change, the rest is a click away.
pub const TABLE_PAGE: usize = 100;

/// Heatmap or table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatrixView {
    Chart,
    Table,
}

impl MatrixView {
    /// From the `mview` query key; the heatmap unless it says `table`.
    pub fn from_route(r: &Route) -> Self {
        if r.get("mview") == Some("table") {
            MatrixView::Table
        } else {
            MatrixView::Chart
        }
    }
}

/// Sets (or removes) a page-local key of the URL query, replacing the history entry.
pub fn set_query(app: AppState, key: &str, value: Option<String>) {
    navigate(app.route, app.route.get_untracked().with(key, value), true);
}

/// An amount in a few characters for heatmap cells: `1.2M`, `850K` / `1,2 млн`, `850 тыс.`.
pub fn compact_money(m: Money, lang: Lang) -> String {
    let v = m.as_major_f64();
    let a = v.abs();
    let (n, suffix) = match lang {
        Lang::En if a >= 1e9 => (v / 1e9, "B"),
        Lang::En if a >= 1e6 => (v / 1e6, "M"),
        Lang::En if a >= 1e3 => (v / 1e3, "K"),
        Lang::Ru if a >= 1e9 => (v / 1e9, "\u{a0}млрд"),
        Lang::Ru if a >= 1e6 => (v / 1e6, "\u{a0}млн"),
        Lang::Ru if a >= 1e3 => (v / 1e3, "\u{a0}тыс."),
        _ => (v, ""),
    };
    let mut s = if suffix.is_empty() || n.abs() >= 100.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    };
    if s.ends_with(".0") {
        s.truncate(s.len() - 2);
    }
    if lang == Lang::Ru {
        s = s.replace('.', ",");
    }
    format!("{s}{suffix}")
}

/// The heatmap / table switch.
#[component]
pub fn ViewSwitch(mode: Memo<MatrixView>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    view! {
        <div class="seg-switch" role="group" aria-label=move || i18n.t("matrix.view")>
            <button type="button" data-testid="mview-chart"
                aria-pressed=move || (mode.get() == MatrixView::Chart).to_string()
                on:click=move |_| set_query(app, "mview", None)>
                {move || i18n.t("matrix.view_chart")}
            </button>
            <button type="button" data-testid="mview-table"
                aria-pressed=move || (mode.get() == MatrixView::Table).to_string()
                on:click=move |_| set_query(app, "mview", Some("table".into()))>
                {move || i18n.t("matrix.view_table")}
            </button>
        </div>
    }
}

/// `data-testid`s of a matrix page's body.
#[derive(Clone, Copy)]
pub struct MatrixIds {
    pub empty: &'static str,
    pub chart: &'static str,
    pub pager: &'static str,
}

/// The body of both matrix pages under their header card: why there is nothing to show, or the
/// heatmap with its hint, or the table with its pager.
#[component]
pub fn MatrixBody(
    /// Why there is nothing to show, if so.
    #[prop(into)]
    empty: Signal<Option<String>>,
    mode: Memo<MatrixView>,
    /// Rows of the matrix: past `heat::WINDOW_ROWS` the heatmap scrolls, and the pager counts them.
    #[prop(into)]
    rows: Signal<usize>,
    chart: Memo<String>,
    /// Translation key of the heatmap's accessible name.
    chart_label: &'static str,
    height: Memo<u32>,
    on_chart_click: Callback<ChartClick>,
    /// Table rows rendered (the pager adds more).
    shown: RwSignal<usize>,
    ids: MatrixIds,
    /// The table.
    #[prop(into)]
    table: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match empty.get() {
        Some(msg) => view! {
            <section class="card"><p class="empty" data-testid=ids.empty>{msg}</p></section>
        }
        .into_any(),
        None => match mode.get() {
            MatrixView::Chart => view! {
                <section class="card matrix-chart-card">
                    {move || {
                        let h = height.get();
                        view! {
                            <Chart spec=chart label=Signal::derive(move || i18n.t(chart_label))
                                test_id=ids.chart height=h on_click=on_chart_click/>
                        }
                    }}
                    <p class="help">{move || {
                        let n = rows.get();
                        if n > heat::WINDOW_ROWS {
                            i18n.tf("matrix.scroll_hint", &[("total", fmt::count(n, i18n.lang()))])
                        } else {
                            i18n.t("matrix.click_hint")
                        }
                    }}</p>
                </section>
            }
            .into_any(),
            MatrixView::Table => {
                let table = table.clone();
                view! {
                    <section class="card">
                        {table.run()}
                        <TablePager total=rows shown=shown test_id=ids.pager/>
                    </section>
                }
                .into_any()
            }
        },
    }
}

/// "Showing 200 of 2,000 rows" with buttons for more and for all.
#[component]
pub fn TablePager(
    total: Signal<usize>,
    shown: RwSignal<usize>,
    test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (n, s) = (total.get(), shown.get());
        (n > s).then(|| {
            let lang = i18n.lang();
            view! {
                <div class="matrix-pager" data-testid=test_id>
                    <span class="muted">{i18n.tf("matrix.rows_shown", &[
                        ("shown", fmt::count(s, lang)), ("total", fmt::count(n, lang)),
                    ])}</span>
                    <button type="button" class="secondary" on:click=move |_| shown.update(|v| *v += TABLE_PAGE)>
                        {i18n.tf("matrix.show_more", &[("n", fmt::count(TABLE_PAGE.min(n - s), lang))])}
                    </button>
                    <button type="button" class="link" on:click=move |_| shown.set(usize::MAX)>
                        {i18n.t("matrix.show_all")}
                    </button>
                </div>
            }
        })
    }
}

/// A form field's error in the user's language (the fields of the two inline forms).
pub fn field_error_text(lang: Lang, e: &FieldError) -> String {
    match (e.field, e.kind) {
        ("name", FieldErrorKind::Required) => tr(lang, "relationships.name_required"),
        ("name", FieldErrorKind::Duplicate) => tr(lang, "relationships.name_duplicate"),
        ("title", FieldErrorKind::Required) => tr(lang, "directions.title_required"),
        ("amount", FieldErrorKind::OutOfRange) => tr(lang, "directions.amount_too_large"),
        (field, FieldErrorKind::TooLong { max }) => fill(
            &tr(lang, "matrix.too_long"),
            &[("field", field.to_string()), ("max", max.to_string())],
        ),
        (field, kind) => fill(
            &tr(lang, "matrix.field_invalid"),
            &[
                ("field", field.to_string()),
                ("code", kind.code().to_string()),
            ],
        ),
    }
}

/// Downloads the PNG of the chart `test_id`, or says why not.
pub fn export_png(app: AppState, test_id: &str, prefix: &str) {
    let result = png_data_url(test_id)
        .and_then(|url| download_data_url(&dated_name(prefix, app.today, "png"), &url));
    if let Err(e) = result {
        app.notice.set(Some(e));
    }
}

/// Downloads rows as a CSV file, or says why not.
pub fn export_csv(app: AppState, rows: &[Vec<String>], prefix: &str) {
    if let Err(e) = download_text(
        &dated_name(prefix, app.today, "csv"),
        "text/csv",
        &to_csv(rows),
    ) {
        app.notice.set(Some(e));
    }
}

// ---------------------------------------------------------------------------------------------
// Relationship matrix
// ---------------------------------------------------------------------------------------------

fn parse_rows(v: Option<&str>) -> RowSelection {
    match v {
        Some("all") => RowSelection::All,
        Some(s) if s.starts_with("seg:") => RowSelection::Segment(s["seg:".len()..].to_string()),
        _ => RowSelection::KeyOnly,
    }
}

fn rows_value(sel: &RowSelection) -> Option<String> {
    match sel {
        RowSelection::KeyOnly => None,
        RowSelection::All => Some("all".into()),
        RowSelection::Segment(s) => Some(format!("seg:{s}")),
    }
}

fn parse_sort(v: Option<&str>) -> RelSort {
    match v {
        Some("amount") => RelSort::AmountInWork,
        Some("name") => RelSort::Name,
        _ => RelSort::Coverage,
    }
}

fn sort_value(s: RelSort) -> Option<String> {
    match s {
        RelSort::Coverage => None,
        RelSort::AmountInWork => Some("amount".into()),
        RelSort::Name => Some("name".into()),
    }
}

/// "3 · loyal".
pub fn level_name(lang: Lang, level: u8) -> String {
    let l = level.min(MAX_RELATIONSHIP_LEVEL);
    format!("{l} · {}", tr(lang, &format!("relationships.level_{l}")))
}

fn client_label(ws: &Workspace, pos: usize) -> String {
    ws.clients
        .get(pos)
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

fn role_label(ws: &Workspace, pos: usize) -> String {
    ws.roles
        .get(pos)
        .map(|r| r.name.clone())
        .unwrap_or_default()
}

/// "3 / 5 (60.0 %)".
fn share(part: u32, whole: usize, ratio: Option<f64>, lang: Lang) -> String {
    format!("{part}\u{a0}/\u{a0}{whole} ({})", fmt::percent(ratio, lang))
}

/// The heatmap's input: names as plain text, tooltip lines in `lang`.
pub fn relationship_chart_input(
    ws: &Workspace,
    m: &RelationshipMatrix,
    lang: Lang,
) -> RelationshipHeatmap {
    let t = |k: &str| tr(lang, k);
    let columns: Vec<String> = m.columns.iter().map(|c| role_label(ws, c.role)).collect();
    let mut cells = Vec::with_capacity(m.rows.len() * columns.len());
    // Every text that repeats is made once: level lines, the gap line.
    let best = t("relationships.tip_level");
    let best_lines: [String; 6] =
        std::array::from_fn(|l| fill(&best, &[("level", level_name(lang, l as u8))]));
    let count = t("relationships.tip_contacts");
    let gap = t("relationships.tip_gap");
    for row in &m.rows {
        let client = client_label(ws, row.client);
        for (col, cell) in row.cells.iter().enumerate() {
            let mut tip = vec![client.clone(), columns[col].clone()];
            match cell.best_level {
                Some(level) => {
                    tip.push(best_lines[level.min(MAX_RELATIONSHIP_LEVEL) as usize].clone());
                    tip.push(fill(&count, &[("n", cell.contacts.to_string())]));
                }
                None => tip.push(gap.clone()),
            }
            cells.push(LevelCell {
                level: cell.best_level,
                tip,
            });
        }
    }
    RelationshipHeatmap {
        rows: m.rows.iter().map(|r| client_label(ws, r.client)).collect(),
        columns,
        cells,
        level_names: std::array::from_fn(|l| level_name(lang, l as u8)),
        gap_name: t("relationships.no_contact"),
    }
}

/// The matrix as CSV rows, header first: a gap is written as "—".
pub fn relationship_csv(ws: &Workspace, m: &RelationshipMatrix, lang: Lang) -> Vec<Vec<String>> {
    let t = |k: &str| tr(lang, k);
    let mut header = vec![
        t("relationships.client"),
        t("relationships.segment"),
        t("relationships.key"),
    ];
    header.extend(m.columns.iter().map(|c| role_label(ws, c.role)));
    header.extend([
        t("relationships.covered"),
        t("relationships.strong_count"),
        t("relationships.coverage"),
        t("relationships.strong"),
        t("relationships.in_work"),
        t("relationships.open_deals"),
    ]);
    let mut rows = vec![header];
    let pct = |r: Option<f64>| r.map(|v| format!("{:.1}", v * 100.0)).unwrap_or_default();
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
        line.extend(row.cells.iter().map(|c| {
            c.best_level
                .map_or_else(|| heat::GAP_MARK.to_string(), |l| l.to_string())
        }));
        line.extend([
            row.covered.to_string(),
            row.strong.to_string(),
            pct(row.coverage),
            pct(row.strong_coverage),
            plain_amount(row.amount_in_work),
            row.open_deals.to_string(),
        ]);
        rows.push(line);
    }
    let mut foot = vec![
        t("relationships.covered_clients"),
        String::new(),
        String::new(),
    ];
    foot.extend(m.columns.iter().map(|c| c.covered_clients.to_string()));
    rows.push(foot);
    rows
}

#[component]
pub fn RelationshipsPage() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let selection = Memo::new(move |_| app.route.with(|r| parse_rows(r.get("rrows"))));
    let sort = Memo::new(move |_| app.route.with(|r| parse_sort(r.get("rsort"))));
    let mode = Memo::new(move |_| app.route.with(MatrixView::from_route));
    let report = Memo::new(move |_| {
        let sel = selection.get();
        let s = sort.get();
        let ix = app.index.get();
        app.ws
            .with(|ws| Shared(Arc::new(relationship_matrix(ws, &ix, &sel, s))))
    });
    let segments = Memo::new(move |_| {
        app.ws.with(|ws| {
            let mut seen: Vec<String> = Vec::new();
            for c in &ws.clients {
                let s = c.segment.trim();
                if !s.is_empty() && !seen.iter().any(|x| x.to_lowercase() == s.to_lowercase()) {
                    seen.push(s.to_string());
                }
            }
            seen.sort_by_key(|s| s.to_lowercase());
            seen
        })
    });
    let selected = RwSignal::new(None::<(ClientId, RoleId)>);
    let shown = RwSignal::new(TABLE_PAGE);
    // A new selection of rows starts from the first page (set only when it changes, so the
    // table is not drawn twice).
    Effect::new(move |_| {
        selection.track();
        if shown.get_untracked() != TABLE_PAGE {
            shown.set(TABLE_PAGE);
        }
    });

    let select_cell = move |row: usize, col: usize| {
        let ids = report.with_untracked(|m| {
            let client = m.rows.get(row)?.client;
            let role = m.columns.get(col)?.role;
            app.ws
                .with_untracked(|ws| Some((ws.clients.get(client)?.id, ws.roles.get(role)?.id)))
        });
        selected.set(ids);
    };

    let chart_spec = Memo::new(move |_| {
        let lang = i18n.lang();
        let m = report.get();
        app.ws.with(|ws| {
            Shared(Arc::new(heat::relationship_heatmap(
                relationship_chart_input(ws, &m, lang),
            )))
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
            report.with_untracked(|m| relationship_csv(ws, m, i18n.lang_untracked()))
        });
        export_csv(app, &rows, "voronka-relationships");
    };
    let on_png = move |_| export_png(app, "rel-chart", "voronka-relationships");

    let empty_message = move || {
        let (no_clients, no_roles) = app
            .ws
            .with(|ws| (ws.clients.is_empty(), !ws.roles.iter().any(|r| r.target)));
        if no_clients {
            Some(i18n.t("relationships.empty_clients"))
        } else if no_roles {
            Some(i18n.t("relationships.empty_roles"))
        } else if report.with(|m| m.rows.is_empty()) {
            Some(match selection.get() {
                RowSelection::KeyOnly => i18n.t("relationships.empty_key"),
                _ => i18n.t("relationships.empty_rows"),
            })
        } else {
            None
        }
    };

    view! {
        <section class="card matrix-page">
            <h1>{move || i18n.t("relationships.title")}</h1>
            <p class="help">{move || i18n.t("relationships.help")}</p>
            <div class="matrix-controls">
                <label>
                    <span>{move || i18n.t("relationships.rows")}</span>
                    <select data-testid="rrows" on:change=move |ev| {
                        set_query(app, "rrows", rows_value(&parse_rows(Some(&event_target_value(&ev)))));
                    }>
                        <option value="key" selected=move || selection.get() == RowSelection::KeyOnly>
                            {move || i18n.t("relationships.rows_key")}
                        </option>
                        <option value="all" selected=move || selection.get() == RowSelection::All>
                            {move || i18n.t("relationships.rows_all")}
                        </option>
                        {move || segments.get().into_iter().map(|s| {
                            let value = format!("seg:{s}");
                            let label = i18n.tf("relationships.rows_segment", &[("segment", s.clone())]);
                            let is = move || matches!(selection.get(), RowSelection::Segment(ref x) if x.trim().to_lowercase() == s.to_lowercase());
                            view! { <option value=value selected=is>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || i18n.t("relationships.sort")}</span>
                    <select data-testid="rsort" on:change=move |ev| {
                        set_query(app, "rsort", sort_value(parse_sort(Some(&event_target_value(&ev)))));
                    }>
                        <option value="coverage" selected=move || sort.get() == RelSort::Coverage>{move || i18n.t("relationships.sort_coverage")}</option>
                        <option value="amount" selected=move || sort.get() == RelSort::AmountInWork>{move || i18n.t("relationships.sort_amount")}</option>
                        <option value="name" selected=move || sort.get() == RelSort::Name>{move || i18n.t("relationships.sort_name")}</option>
                    </select>
                </label>
                <ViewSwitch mode=mode/>
                <div class="matrix-export">
                    <button type="button" class="secondary" data-testid="rel-csv" on:click=on_csv>{move || i18n.t("common.export_csv")}</button>
                    <button type="button" class="secondary" data-testid="rel-png" on:click=on_png
                        disabled=move || mode.get() == MatrixView::Table
                        title=move || (mode.get() == MatrixView::Table).then(|| i18n.t("matrix.png_needs_chart"))>
                        {move || i18n.t("common.export_png")}
                    </button>
                </div>
            </div>
            <p class="muted matrix-summary" data-testid="rel-summary">{move || {
                let lang = i18n.lang();
                report.with(|m| {
                    let rows = m.rows.len();
                    let gaps: usize = m.rows.iter().map(|r| r.cells.iter().filter(|c| c.best_level.is_none()).count()).sum();
                    let full = m.rows.iter().filter(|r| r.covered as usize == m.columns.len()).count();
                    i18n.tf("relationships.summary", &[
                        ("rows", fmt::count(rows, lang)),
                        ("roles", fmt::count(m.columns.len(), lang)),
                        ("gaps", fmt::count(gaps, lang)),
                        ("full", fmt::count(full, lang)),
                    ])
                })
            }}</p>
        </section>

        <RelDetail selected=selected/>

        <MatrixBody empty=Signal::derive(empty_message) mode=mode
            rows=Signal::derive(move || report.with(|m| m.rows.len()))
            chart=chart_json chart_label="relationships.heatmap" height=height
            on_chart_click=on_chart_click shown=shown
            ids=MatrixIds { empty: "rel-empty", chart: "rel-chart", pager: "rel-pager" }
            table=move || view! {
                <RelTable report=report shown=shown selected=selected on_select=Callback::new(move |(r, c)| select_cell(r, c))/>
            }/>
    }
}

#[component]
fn RelTable(
    report: Memo<Shared<RelationshipMatrix>>,
    shown: RwSignal<usize>,
    selected: RwSignal<Option<(ClientId, RoleId)>>,
    on_select: Callback<(usize, usize)>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    view! {
        <div class="table-scroll matrix-scroll">
            <table class="grid matrix" data-testid="rel-table">
                <caption>{move || i18n.tf("relationships.table_caption", &[("n", fmt::count(report.with(|m| m.rows.len()), i18n.lang()))])}</caption>
                <thead><tr>
                    <th scope="col" class="rowhead">{move || i18n.t("relationships.client")}</th>
                    {move || app.ws.with(|ws| report.with(|m| m.columns.iter().map(|c| view! {
                        <th scope="col" class="mcol">{role_label(ws, c.role)}</th>
                    }).collect_view()))}
                    <th scope="col" class="num">{move || i18n.t("relationships.coverage")}</th>
                    <th scope="col" class="num">{move || i18n.t("relationships.strong")}</th>
                    <th scope="col" class="num">{move || i18n.t("relationships.in_work")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = i18n.lang();
                        let limit = shown.get();
                        app.ws.with(|ws| report.with(|m| {
                            let ncols = m.columns.len();
                            m.rows.iter().take(limit).enumerate().map(|(r, row)| {
                                let client = ws.clients.get(row.client);
                                let name = client.map(|c| c.name.clone()).unwrap_or_default();
                                let key = client.is_some_and(|c| c.key);
                                let cid = client.map(|c| c.id);
                                let cells = row.cells.iter().enumerate().map(|(c, cell)| {
                                    let role_pos = m.columns[c].role;
                                    let role = role_label(ws, role_pos);
                                    let rid = ws.roles.get(role_pos).map(|x| x.id);
                                    // Each cell follows the selection itself, so a click does not redraw the table.
                                    let key = cid.zip(rid);
                                    let is_sel = move || key.is_some() && selected.with(|s| *s == key);
                                    let (class, text, what, data_level) = match cell.best_level {
                                        Some(l) => (
                                            format!("mcell lvl-{l}"),
                                            l.to_string(),
                                            fill(&tr(lang, "relationships.cell_level"), &[("level", level_name(lang, l)), ("n", cell.contacts.to_string())]),
                                            l.to_string(),
                                        ),
                                        None => (
                                            "mcell gap".to_string(),
                                            heat::GAP_MARK.to_string(),
                                            tr(lang, "relationships.cell_gap"),
                                            "gap".to_string(),
                                        ),
                                    };
                                    let label = format!("{name}, {role}: {what}");
                                    view! {
                                        <td class="mtd">
                                            <button type="button" class=class class:selected=is_sel
                                                data-testid="rel-cell" data-row=r data-col=c data-level=data_level
                                                data-client=cid.map(|x| x.0.to_string()) data-role=rid.map(|x| x.0.to_string())
                                                aria-label=label title=what.clone()
                                                on:click=move |_| on_select.run((r, c))>
                                                {text}
                                            </button>
                                        </td>
                                    }
                                }).collect_view();
                                view! {
                                    <tr data-testid="rel-row">
                                        <th scope="row" class="rowhead">
                                            <span class="cname">{name.clone()}</span>
                                            {key.then(|| view! { <span class="badge key-badge" title=tr(lang, "relationships.key")>"★"</span> })}
                                        </th>
                                        {cells}
                                        <td class="num">{share(row.covered, ncols, row.coverage, lang)}</td>
                                        <td class="num">{share(row.strong, ncols, row.strong_coverage, lang)}</td>
                                        <td class="num">{fmt::money(row.amount_in_work, &ws.currency, lang)}</td>
                                    </tr>
                                }
                            }).collect_view()
                        }))
                    }}
                </tbody>
                <tfoot><tr>
                    <th scope="row" class="rowhead">{move || i18n.t("relationships.covered_clients")}</th>
                    {move || {
                        let lang = i18n.lang();
                        report.with(|m| {
                            let n = m.rows.len();
                            m.columns.iter().map(|c| view! {
                                <td class="num" data-testid="rel-col-covered">
                                    {format!("{}\u{a0}/\u{a0}{}", fmt::count(c.covered_clients as usize, lang), fmt::count(n, lang))}
                                    <span class="sub">{i18n.tf("relationships.strong_short", &[("n", fmt::count(c.strong_clients as usize, lang))])}</span>
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

/// What a clicked cell holds: its contacts, and a form to add one (open at once for a gap).
#[component]
fn RelDetail(selected: RwSignal<Option<(ClientId, RoleId)>>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let contacts = Memo::new(move |_| {
        selected
            .get()
            .map(|(c, r)| app.ws.with(|ws| cell_contacts(ws, c, r)))
            .unwrap_or_default()
    });
    let adding = RwSignal::new(false);
    Effect::new(move |_| {
        selected.track();
        if adding.get_untracked() {
            adding.set(false);
        }
    });
    move || {
        let (client, role) = selected.get()?;
        let (client_name, role_name) = app.ws.with(|ws| {
            (
                ws.client(client)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                ws.roles
                    .iter()
                    .find(|r| r.id == role)
                    .map(|r| r.name.clone())
                    .unwrap_or_default(),
            )
        });
        let title = i18n.tf(
            "relationships.detail_title",
            &[("client", client_name), ("role", role_name)],
        );
        Some(view! {
            <section class="card matrix-detail" data-testid="rel-detail" aria-live="polite">
                <header class="deal-list-head">
                    <h2 data-testid="rel-detail-title">{title}</h2>
                    <button type="button" class="link" data-testid="rel-detail-close"
                        on:click=move |_| selected.set(None)>{move || i18n.t("common.close")}</button>
                </header>
                {move || {
                    let list = contacts.get();
                    if list.is_empty() {
                        view! {
                            <p class="muted" data-testid="rel-no-contact">{i18n.t("relationships.contacts_none")}</p>
                            <AddContact client=client role=role/>
                        }.into_any()
                    } else {
                        view! {
                            <ContactTable contacts=list/>
                            {move || if adding.get() {
                                view! { <AddContact client=client role=role/> }.into_any()
                            } else {
                                view! {
                                    <button type="button" class="secondary" data-testid="rel-add-another"
                                        on:click=move |_| adding.set(true)>{i18n.t("relationships.add_another")}</button>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                }}
            </section>
        })
    }
}

#[component]
fn ContactTable(contacts: Vec<usize>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let lang = i18n.lang_untracked();
    let rows = app.ws.with_untracked(|ws| {
        contacts
            .iter()
            .filter_map(|&i| ws.contacts.get(i))
            .map(|c| {
                // Distinct titles with how many deals carry each, in first-seen order.
                let mut deals: Vec<(String, usize)> = Vec::new();
                for d in ws.deals.iter().filter(|d| d.contacts.contains(&c.id)) {
                    match deals.iter_mut().find(|(t, _)| *t == d.title) {
                        Some((_, n)) => *n += 1,
                        None => deals.push((d.title.clone(), 1)),
                    }
                }
                (
                    c.id,
                    c.name.clone(),
                    c.position.clone(),
                    c.level.min(MAX_RELATIONSHIP_LEVEL),
                    deals,
                )
            })
            .collect::<Vec<_>>()
    });
    view! {
        <table class="grid" data-testid="rel-contacts">
            <caption class="sr-only">{tr(lang, "relationships.contacts_caption")}</caption>
            <thead><tr>
                <th scope="col">{tr(lang, "relationships.contact_name")}</th>
                <th scope="col">{tr(lang, "relationships.position")}</th>
                <th scope="col">{tr(lang, "relationships.level")}</th>
                <th scope="col">{tr(lang, "relationships.deals")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|(id, name, position, level, deals)| {
                    let select_id = format!("level-{}", id.0);
                    let undo_name = name.clone();
                    let label = format!("{}: {name}", tr(lang, "relationships.level"));
                    let deals_text = if deals.is_empty() {
                        tr(lang, "relationships.no_deals")
                    } else {
                        deals
                            .iter()
                            .map(|(t, n)| if *n > 1 { format!("{t} ×{n}") } else { t.clone() })
                            .collect::<Vec<_>>()
                            .join("; ")
                    };
                    view! {
                        <tr data-testid="rel-contact">
                            <th scope="row">{name}</th>
                            <td>{position}</td>
                            <td>
                                <select id=select_id aria-label=label data-testid="rel-contact-level" on:change=move |ev| {
                                    if let Ok(v) = event_target_value(&ev).parse::<u8>() {
                                        let v = v.min(MAX_RELATIONSHIP_LEVEL);
                                        let label = fill(&tr(lang, "relationships.undo_level"), &[("name", undo_name.clone()), ("level", v.to_string())]);
                                        let _ = app.change(label, |w| match w.contacts.iter_mut().find(|c| c.id == id) {
                                            Some(c) => { c.level = v; Ok(()) }
                                            None => Err(()),
                                        });
                                    }
                                }>
                                    {(0..=MAX_RELATIONSHIP_LEVEL).map(|l| view! {
                                        <option value=l.to_string() selected=l == level>{level_name(lang, l)}</option>
                                    }).collect_view()}
                                </select>
                            </td>
                            <td class="deal-titles">{deals_text}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The inline form that adds a contact in `role` at `client`.
#[component]
fn AddContact(client: ClientId, role: RoleId) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let position = RwSignal::new(String::new());
    let level = RwSignal::new(2u8);
    let error = RwSignal::new(None::<String>);
    let role_name = app.ws.with_untracked(|ws| {
        ws.roles
            .iter()
            .find(|r| r.id == role)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    });
    let client_name = app.ws.with_untracked(|ws| {
        ws.client(client)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            error.set(Some(i18n.t_untracked("relationships.name_required")));
            return;
        }
        let contact = Contact {
            id: ContactId(fresh_id()),
            client,
            name: n.clone(),
            position: position.get_untracked().trim().to_string(),
            role: Some(role),
            level: level.get_untracked().min(MAX_RELATIONSHIP_LEVEL),
        };
        // The Data section's rules (name unique at the client, references exist, level 0–5),
        // through the undo stack; a refused contact changes nothing.
        let lang = i18n.lang_untracked();
        let label = fill(&tr(lang, "relationships.undo_add"), &[("name", n.clone())]);
        if let Err(errors) = app.change(label, |w| upsert(w, contact)) {
            error.set(Some(
                errors
                    .iter()
                    .map(|e| field_error_text(lang, e))
                    .collect::<Vec<_>>()
                    .join(" "),
            ));
            return;
        }
        error.set(None);
        name.set(String::new());
        position.set(String::new());
        app.notice.set(Some(fill(
            &i18n.t_untracked("relationships.added"),
            &[("name", n)],
        )));
    };
    view! {
        <form class="matrix-form" on:submit=submit novalidate data-testid="rel-add-form">
            <h3>{move || i18n.t("relationships.add_contact")}</h3>
            <p class="muted">{move || i18n.tf("relationships.add_for", &[("client", client_name.clone()), ("role", role_name.clone())])}</p>
            <div class="inline-form">
                <label>
                    <span>{move || i18n.t("relationships.contact_name")}</span>
                    <input type="text" data-testid="rel-add-name" required
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-describedby="rel-add-error"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{move || i18n.t("relationships.position")}</span>
                    <input type="text" data-testid="rel-add-position"
                        prop:value=move || position.get()
                        on:input=move |ev| position.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{move || i18n.t("relationships.level")}</span>
                    <select data-testid="rel-add-level" on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u8>() { level.set(v) }
                    }>
                        {move || {
                            let lang = i18n.lang();
                            (0..=MAX_RELATIONSHIP_LEVEL).map(|l| view! {
                                <option value=l.to_string() selected=move || level.get() == l>{level_name(lang, l)}</option>
                            }).collect_view()
                        }}
                    </select>
                </label>
                <button type="submit" data-testid="rel-add-submit">{move || i18n.t("relationships.add_submit")}</button>
            </div>
            <p id="rel-add-error" class="field-error" role="alert">{move || error.get()}</p>
        </form>
    }
}
