//! Relationship matrix page: key clients (or all, or one segment) × target decision-maker roles,
//! each cell the best relationship level, gaps marked "no contact". Drawn as a heatmap and as an
//! equivalent table (toggle `mview`); a cell lists its contacts, a gap offers to add one.

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::matrix::{self as heat, LevelCell, RelationshipHeatmap};
use crate::domain::edit::upsert_contact;
use crate::domain::matrix::{
    RelSort, RelationshipMatrix, RowSelection, cell_contacts, relationship_matrix,
};
use crate::domain::{
    ClientId, Contact, ContactId, Lang, MAX_RELATIONSHIP_LEVEL, RoleId, Workspace,
};
use crate::format::csv_out::plain_amount;
use crate::ui::chart::ChartClick;
use crate::ui::download::{save_csv, save_png};
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::matrix::{MatrixBody, MatrixIds, MatrixView, TABLE_PAGE, ViewSwitch};
use crate::ui::messages::field_error_text;
use crate::ui::pager::Pager;
use crate::ui::state::{Shared, fresh_id, use_app};

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
    let selection = Memo::new(move |_| app.route().with(|r| parse_rows(r.get("rrows"))));
    let sort = Memo::new(move |_| app.route().with(|r| parse_sort(r.get("rsort"))));
    let mode = Memo::new(move |_| app.route().with(MatrixView::from_route));
    let report = Memo::new(move |_| {
        let sel = selection.get();
        let s = sort.get();
        let ix = app.index().get();
        app.ws()
            .with(|ws| Shared(Arc::new(relationship_matrix(ws, &ix, &sel, s))))
    });
    let segments = Memo::new(move |_| {
        app.ws().with(|ws| {
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
    // A new selection of rows starts from the first page.
    let pager = Pager::new(TABLE_PAGE, TABLE_PAGE, move || selection.track());

    let select_cell = move |row: usize, col: usize| {
        let ids = report.with_untracked(|m| {
            let client = m.rows.get(row)?.client;
            let role = m.columns.get(col)?.role;
            app.ws()
                .with_untracked(|ws| Some((ws.clients.get(client)?.id, ws.roles.get(role)?.id)))
        });
        selected.set(ids);
    };

    let chart_spec = Memo::new(move |_| {
        let lang = i18n.lang();
        let m = report.get();
        app.ws().with(|ws| {
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
        let rows = app.ws().with_untracked(|ws| {
            report.with_untracked(|m| relationship_csv(ws, m, i18n.lang_untracked()))
        });
        save_csv(app, "voronka-relationships", &rows);
    };
    let on_png = move |_| save_png(app, "rel-chart", "voronka-relationships");

    let empty_message = move || {
        let (no_clients, no_roles) = app
            .ws()
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
                        app.set_query("rrows", rows_value(&parse_rows(Some(&event_target_value(&ev)))));
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
                        app.set_query("rsort", sort_value(parse_sort(Some(&event_target_value(&ev)))));
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
            on_chart_click=on_chart_click pager=pager
            ids=MatrixIds { empty: "rel-empty", chart: "rel-chart", pager: "rel-pager" }
            table=move || view! {
                <RelTable report=report pager=pager selected=selected on_select=Callback::new(move |(r, c)| select_cell(r, c))/>
            }/>
    }
}

#[component]
fn RelTable(
    report: Memo<Shared<RelationshipMatrix>>,
    pager: Pager,
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
                    {move || app.ws().with(|ws| report.with(|m| m.columns.iter().map(|c| view! {
                        <th scope="col" class="mcol">{role_label(ws, c.role)}</th>
                    }).collect_view()))}
                    <th scope="col" class="num">{move || i18n.t("relationships.coverage")}</th>
                    <th scope="col" class="num">{move || i18n.t("relationships.strong")}</th>
                    <th scope="col" class="num">{move || i18n.t("relationships.in_work")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = i18n.lang();
                        let limit = pager.shown();
                        app.ws().with(|ws| report.with(|m| {
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
            .map(|(c, r)| app.ws().with(|ws| cell_contacts(ws, c, r)))
            .unwrap_or_default()
    });
    // The cell whose "add another" form is open: another cell starts with it closed.
    let adding = RwSignal::new(None::<(ClientId, RoleId)>);
    move || {
        let (client, role) = selected.get()?;
        let (client_name, role_name) = app.ws().with(|ws| {
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
                            {move || if adding.get() == Some((client, role)) {
                                view! { <AddContact client=client role=role/> }.into_any()
                            } else {
                                view! {
                                    <button type="button" class="secondary" data-testid="rel-add-another"
                                        on:click=move |_| adding.set(Some((client, role)))>{i18n.t("relationships.add_another")}</button>
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
    let rows = app.ws().with_untracked(|ws| {
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
    let role_name = app.ws().with_untracked(|ws| {
        ws.roles
            .iter()
            .find(|r| r.id == role)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    });
    let client_name = app.ws().with_untracked(|ws| {
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
        if let Err(errors) = app.change(label, |w| upsert_contact(w, contact)) {
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
        app.notify(fill(
            &i18n.t_untracked("relationships.added"),
            &[("name", n)],
        ));
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
