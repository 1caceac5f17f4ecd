//! The Changes page (issue 20): what moved in the pipeline since a day — a waterfall from the
//! total then to the total now, the same per seller and per stage, the from-stage × to-stage
//! matrix and the deals that slipped. Every bar, cell and matrix entry opens its deals in the
//! shared drill-down list. The maths is `crate::domain::changes`; this page only renders it.
//!
//! Works with the filter bar's seller, direction and deal type; its own period is for expected
//! close dates (see [`since::ClosePeriod`]). Everything it shows is in the URL (see [`since`]).

pub mod common;
pub mod matrix;
pub mod report;
pub mod since;
pub mod tables;

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::changes::{Step, WaterfallBar, waterfall};
use crate::domain::changes::{Bar, DealChange, EndState, Group, MatrixCell, SnapshotDeal, compare};
use crate::domain::filter::Filter;
use crate::domain::{DealId, Lang, Workspace};
use crate::format::changes_csv;
use crate::format::json;
use crate::ui::chart::{ChartClick, ChartNode};
use crate::ui::deal_list::{DealList, GoneDeal};
use crate::ui::download::{save_csv, save_png};
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::messages::read_error_text;
use crate::ui::snapshots::{CompareFile, HistoryState, use_snapshots};
use crate::ui::state::{Shared, use_app};
use common::{FLOW_BARS, bar_label, bar_shown, csv_label, ends, figure, set_query, signed_short};
use since::{ClosePeriod, Open, Since, Source, Start, resolve};

/// What changed about a deal between the two dates, in words: amount, stage, close, seller.
pub fn describe(ws: &Workspace, d: &DealChange, lang: Lang) -> String {
    let stage = |s: &SnapshotDeal| {
        ws.stage(s.stage)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| format!("#{}", s.stage.0))
    };
    let seller = |s: &SnapshotDeal| {
        ws.seller(s.seller)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| format!("#{}", s.seller.0))
    };
    let mut parts = Vec::new();
    match (&d.before, &d.after) {
        (Some(a), Some(b)) => {
            if a.amount != b.amount {
                parts.push(format!(
                    "{} → {}",
                    fmt::money_short(a.amount, &ws.currency, lang),
                    fmt::money_short(b.amount, &ws.currency, lang)
                ));
            }
            if a.stage != b.stage {
                parts.push(format!("{} → {}", stage(a), stage(b)));
            }
            if a.expected_close != b.expected_close {
                parts.push(format!(
                    "{} {} → {}",
                    tr(lang, "changes.note.close"),
                    fmt::opt_date(a.expected_close, lang),
                    fmt::opt_date(b.expected_close, lang)
                ));
            }
            if a.seller != b.seller {
                parts.push(format!("{} → {}", seller(a), seller(b)));
            }
            if a.probability != b.probability && a.stage == b.stage {
                parts.push(format!("{} % → {} %", a.probability, b.probability));
            }
        }
        (Some(a), None) => {
            parts.push(format!("{} ({})", bar_label(lang, d.bar), stage(a)));
        }
        (None, Some(_)) => parts.push(bar_label(lang, d.bar)),
        (None, None) => {}
    }
    if parts.is_empty() {
        tr(lang, "changes.note.unchanged")
    } else {
        parts.join(" · ")
    }
}

/// The listed deals as the drill-down list takes them: positions of those still in the
/// workspace, the gone ones as the snapshot kept them, and a note per deal.
fn list_parts(
    ws: &Workspace,
    positions: &HashMap<DealId, usize>,
    deals: &[&DealChange],
    lang: Lang,
) -> (Vec<usize>, Vec<GoneDeal>, HashMap<usize, String>) {
    let mut here = Vec::new();
    let mut gone = Vec::new();
    let mut notes = HashMap::new();
    for d in deals {
        let note = describe(ws, d, lang);
        match positions.get(&d.id) {
            Some(&i) => {
                here.push(i);
                notes.insert(i, note);
            }
            None => {
                let Some(s) = d.before.as_ref().or(d.after.as_ref()) else {
                    continue;
                };
                gone.push(GoneDeal {
                    title: fill(
                        &tr(lang, "changes.gone_title"),
                        &[("id", d.id.0.to_string())],
                    ),
                    client: ws
                        .client(s.client)
                        .map(|c| c.name.clone())
                        .unwrap_or_default(),
                    seller: ws
                        .seller(s.seller)
                        .map(|c| c.name.clone())
                        .unwrap_or_default(),
                    stage: ws
                        .stage(s.stage)
                        .map(|c| c.name.clone())
                        .unwrap_or_default(),
                    amount: s.amount,
                    probability: s.probability,
                    expected_close: s.expected_close,
                    note,
                });
            }
        }
    }
    (here, gone, notes)
}

#[component]
pub fn ChangesPage() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let snaps = use_snapshots();
    let filter = app.filter();

    let since = Memo::new(move |_| app.route().with(|r| Since::parse(r.get("since"))));
    let close = Memo::new(move |_| {
        app.route()
            .with(|r| r.get("cperiod").and_then(ClosePeriod::from_slug))
            .unwrap_or_default()
    });
    let weighted = Memo::new(move |_| app.route().with(|r| r.get("cmeasure") == Some("weighted")));
    let open = Memo::new(move |_| app.route().with(|r| r.get("copen").and_then(Open::parse)));
    let history = Memo::new(move |_| {
        // A workshop scenario has no snapshots of its own, and the user's would compare their
        // workspace's past with the scenario's deals: its changes are rebuilt from its deals'
        // stage history, as for a workspace without snapshots.
        if app.scenario().get().is_some() {
            return Some(Shared(Arc::new(Default::default())));
        }
        match snaps.state.get() {
            HistoryState::Ready(h) => Some(h),
            HistoryState::Unreadable(_) => Some(Shared(Arc::new(Default::default()))),
            HistoryState::Loading => None,
        }
    });
    let file_error = RwSignal::new(None::<String>);
    let reading_file = RwSignal::new(false);

    let start = Memo::new(move |_| {
        let s = since.get();
        let h = history.get();
        let file = snaps.compare_file.get();
        app.ws().with(|ws| {
            Shared(Arc::new(resolve(
                &s,
                app.today(),
                h.as_deref(),
                ws,
                file.as_deref(),
            )))
        })
    });
    let end = Memo::new(move |_| {
        app.ws()
            .with(|ws| Shared(Arc::new(EndState::of_workspace(ws, app.today()))))
    });
    let scope = Memo::new(move |_| Filter {
        period: close.get().resolve(app.today()),
        ..filter.get()
    });
    let changes = Memo::new(move |_| {
        let st = start.get();
        let Start::Ready {
            snapshot, basis, ..
        } = &*st
        else {
            return None;
        };
        let e = end.get();
        let f = scope.get();
        Some(Shared(Arc::new(
            app.ws().with(|ws| compare(snapshot, *basis, &e, ws, &f)),
        )))
    });
    let positions = Memo::new(move |_| {
        app.ws().with(|ws| {
            Shared(Arc::new(
                ws.deals
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.id, i))
                    .collect::<HashMap<DealId, usize>>(),
            ))
        })
    });
    let currency = move || app.ws().with(|w| w.currency.clone());

    // The drill-down list of the open bar, table cell or matrix cell.
    let list = Memo::new(move |_| {
        let o = open.get()?;
        let c = changes.get()?;
        let lang = i18n.lang();
        let w = weighted.get();
        let deals = match o {
            Open::Bar(b) => c.deals_in(b, w),
            Open::Group(g, b) => c.deals_in_group(g, b, w),
            Open::Cell(cell) => c.deals_in_cell(cell),
        };
        let pos = positions.get();
        let parts = app.ws().with(|ws| list_parts(ws, &pos, &deals, lang));
        Some(Shared(Arc::new(parts)))
    });
    let list_title = Signal::derive(move || {
        let Some(o) = open.get() else {
            return String::new();
        };
        let lang = i18n.lang();
        app.ws().with(|ws| open_title(ws, o, lang))
    });
    let close_list = Callback::new(move |_| set_query(app, "copen", None));
    let open_at = move |o: Open| {
        set_query(app, "copen", Some(o.slug()));
        request_animation_frame(|| {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("[data-testid=deal-list]").ok().flatten())
            {
                el.scroll_into_view();
            }
        });
    };

    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::ui::pages::data::common::chosen_file(&ev) else {
            return;
        };
        let name = file.name();
        if file.size() > json::MAX_FILE_BYTES as f64 {
            let e = json::ReadError::TooLarge {
                size: file.size() as usize,
                limit: json::MAX_FILE_BYTES,
            };
            file_error.set(Some(read_error_text(i18n.lang_untracked(), &e)));
            return;
        }
        file_error.set(None);
        reading_file.set(true);
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let lang = i18n.lang_untracked();
            reading_file.set(false);
            let Some(text) = text.ok().and_then(|t| t.as_string()) else {
                file_error.set(Some(tr(lang, "data.import_failed")));
                return;
            };
            match json::read(&text) {
                Ok(theirs) => {
                    let ours = app.ws().with_untracked(|w| w.currency.clone());
                    if theirs.currency != ours {
                        file_error.set(Some(fill(
                            &tr(lang, "changes.file_currency"),
                            &[("theirs", theirs.currency.clone()), ("ours", ours)],
                        )));
                        return;
                    }
                    let f = CompareFile::new(&name, &theirs, app.today());
                    snaps.compare_file.set(Some(Shared(Arc::new(f))));
                    set_query(app, "copen", None);
                }
                Err(e) => file_error.set(Some(read_error_text(lang, &e))),
            }
        });
    };

    let export_csv = move |_| {
        let Some(c) = changes.get_untracked() else {
            return;
        };
        let lang = i18n.lang_untracked();
        let rows = changes_csv::waterfall(&c, |k| csv_label(lang, &c, "", k));
        save_csv(app, "voronka-changes", &rows);
    };
    let chart_node = ChartNode::new();
    let export_png = move |_| save_png(app, chart_node, "voronka-changes");

    // The chart's bars: `None` for the two totals, else the bar a click opens.
    let chart_bars = Memo::new(move |_| {
        let c = changes.get()?;
        let any_moved =
            c.total.amount.bar(Bar::MovedOut).count + c.total.amount.bar(Bar::MovedIn).count > 0;
        let mut bars: Vec<Option<Bar>> = vec![None];
        bars.extend(
            FLOW_BARS
                .into_iter()
                .filter(|b| bar_shown(&c, *b, any_moved))
                .map(Some),
        );
        bars.push(None);
        Some(bars)
    });
    let chart_spec = Signal::derive(move || {
        let (Some(c), Some(bars)) = (changes.get(), chart_bars.get()) else {
            return String::new();
        };
        let lang = i18n.lang();
        let w = weighted.get();
        let cur = currency();
        let (from, to) = ends(&c.total, w);
        let deals_word = tr(lang, "changes.col.deals");
        let items: Vec<WaterfallBar> = bars
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let (name, step, fig) = match b {
                    None if i == 0 => (
                        fill(
                            &tr(lang, "changes.bar.from"),
                            &[("date", fmt::date(c.from, lang))],
                        ),
                        Step::Total,
                        from,
                    ),
                    None => (
                        fill(
                            &tr(lang, "changes.bar.to"),
                            &[("date", fmt::date(c.to, lang))],
                        ),
                        Step::Total,
                        to,
                    ),
                    Some(b) => {
                        let step = if b.sign() > 0 { Step::Up } else { Step::Down };
                        (bar_label(lang, *b), step, figure(&c.total, *b, w))
                    }
                };
                let label = match b {
                    Some(b) => signed_short(*b, fig.value, &cur, lang),
                    None => fmt::money_short(fig.value, &cur, lang),
                };
                WaterfallBar {
                    tip: vec![
                        name.clone(),
                        format!("{deals_word}: {}", fmt::count(fig.count as usize, lang)),
                        fmt::money(fig.value, &cur, lang),
                    ],
                    name,
                    step,
                    value: fig.value.as_major_f64(),
                    label,
                }
            })
            .collect();
        let selected = match open.get() {
            Some(Open::Bar(b)) => bars.iter().position(|x| *x == Some(b)),
            _ => None,
        };
        waterfall(&items, selected).to_json()
    });
    let on_chart_click = Callback::new(move |c: ChartClick| {
        if c.series != 1 {
            return;
        }
        let bar = chart_bars.with_untracked(|bars| {
            bars.as_ref()
                .and_then(|b| {
                    usize::try_from(c.index)
                        .ok()
                        .and_then(|i| b.get(i).copied())
                })
                .flatten()
        });
        if let Some(b) = bar {
            open_at(Open::Bar(b));
        }
    });

    let controls = move || {
        let lang = i18n.lang();
        let dates: Vec<chrono::NaiveDate> = history
            .get()
            .map(|h| h.dates().rev().collect())
            .unwrap_or_default();
        let current = since.get();
        let snapshot_options = dates
            .into_iter()
            .map(|d| {
                let s = Since::Snapshot(d);
                let label = if d == app.today() {
                    tr(lang, "changes.since.today")
                } else {
                    fill(
                        &tr(lang, "changes.since.snapshot"),
                        &[("date", fmt::date(d, lang))],
                    )
                };
                view! { <option value=s.slug() selected=current == s>{label}</option> }
            })
            .collect_view();
        view! {
            <div class="changes-controls action-row">
                <label class="inline-label">
                    <span>{tr(lang, "changes.since.label")}</span>
                    <select data-testid="changes-since" on:change=move |ev| {
                        set_query(app, "since", Some(event_target_value(&ev)));
                        set_query(app, "copen", None);
                    }>
                        <option value="week" selected=current == Since::Week>{tr(lang, "changes.since.week")}</option>
                        <option value="month" selected=current == Since::Month>{tr(lang, "changes.since.month")}</option>
                        <optgroup label=tr(lang, "changes.since.snapshots")>{snapshot_options}</optgroup>
                        <option value="file" selected=current == Since::File>{tr(lang, "changes.since.file")}</option>
                    </select>
                </label>
                <label class="inline-label">
                    <span>{tr(lang, "changes.period.label")}</span>
                    <select data-testid="changes-period" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_query(app, "cperiod", (v != "all").then_some(v));
                        set_query(app, "copen", None);
                    }>
                        {ClosePeriod::ALL.into_iter().map(|p| view! {
                            <option value=p.slug() selected=close.get() == p>{tr(lang, &format!("changes.period.{}", p.slug()))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <div class="seg-switch" role="group" aria-label=tr(lang, "changes.measure.label")>
                    <button type="button" data-testid="changes-measure-amount"
                        aria-pressed=(!weighted.get()).to_string()
                        on:click=move |_| set_query(app, "cmeasure", None)>
                        {tr(lang, "changes.measure.amount")}
                    </button>
                    <button type="button" data-testid="changes-measure-weighted"
                        aria-pressed=weighted.get().to_string()
                        on:click=move |_| set_query(app, "cmeasure", Some("weighted".into()))>
                        {tr(lang, "changes.measure.weighted")}
                    </button>
                </div>
            </div>
        }
    };

    let file_picker = move || {
        (since.get() == Since::File).then(|| {
            let lang = i18n.lang();
            let chosen = snaps.compare_file.get().map(|f| {
                fill(
                    &tr(lang, "changes.file.chosen"),
                    &[("name", f.name.clone()), ("date", fmt::date(f.date, lang))],
                )
            });
            view! {
                <div class="action-row changes-file">
                    <label class="button secondary" for="changes-file">{tr(lang, "changes.file.choose")}</label>
                    <input id="changes-file" type="file" accept=".json,application/json" class="visually-hidden"
                        data-testid="changes-file" on:change=on_file/>
                    <span class="help">{chosen.unwrap_or_else(|| tr(lang, "changes.file.help"))}</span>
                </div>
                {reading_file.get().then(|| view! { <p class="muted" role="status">{tr(lang, "data.reading")}</p> })}
                {file_error.get().map(|e| view! {
                    <div class="banner error" role="alert" data-testid="changes-file-error"><p>{e}</p></div>
                })}
            }
        })
    };

    let basis_note = move || {
        let lang = i18n.lang();
        let st = start.get();
        let Start::Ready { source, .. } = &*st else {
            return ().into_any();
        };
        let text = match source {
            Source::Stored { day, asked } => {
                let base = fill(
                    &tr(lang, "changes.basis.stored"),
                    &[("date", fmt::date(*day, lang))],
                );
                match asked {
                    Some(a) if a != day => format!(
                        "{base} {}",
                        fill(
                            &tr(lang, "changes.basis.nearest"),
                            &[("asked", fmt::date(*a, lang))]
                        )
                    ),
                    _ => base,
                }
            }
            Source::File { name, day } => fill(
                &tr(lang, "changes.basis.file"),
                &[("name", name.clone()), ("date", fmt::date(*day, lang))],
            ),
            Source::History {
                day,
                first_snapshot,
            } => {
                let first = first_snapshot
                    .map(|d| {
                        fill(
                            &tr(lang, "changes.basis.first_snapshot"),
                            &[("date", fmt::date(d, lang))],
                        )
                    })
                    .unwrap_or_default();
                format!(
                    "{} {first}",
                    fill(
                        &tr(lang, "changes.basis.history"),
                        &[("date", fmt::date(*day, lang))]
                    )
                )
            }
        };
        let history_only = matches!(source, Source::History { .. });
        view! {
            <p class="help changes-basis" class:note-warn=history_only data-testid="changes-basis">{text}</p>
        }
        .into_any()
    };

    let unreadable = move || match snaps.state.get() {
        HistoryState::Unreadable(reason) => {
            let lang = i18n.lang();
            Some(view! {
                <div class="banner error" role="alert" data-testid="changes-history-error">
                    <p>{fill(&tr(lang, "changes.history_unreadable"), &[("reason", reason)])}</p>
                    <button type="button" class="secondary" data-testid="changes-start-over"
                        on:click=move |_| app.ws().with_untracked(|ws| snaps.start_over(ws))>
                        {tr(lang, "changes.start_over")}
                    </button>
                </div>
            })
        }
        _ => None,
    };

    let body = move || {
        let lang = i18n.lang();
        let st = start.get();
        match &*st {
            Start::Loading => {
                return view! {
                    <p class="working" role="status" data-testid="changes-loading">
                        <span class="spinner" aria-hidden="true"></span>{tr(lang, "changes.loading")}
                    </p>
                }
                .into_any();
            }
            Start::NoSnapshot(day) => {
                return view! {
                    <p class="empty" data-testid="changes-empty">
                        {fill(&tr(lang, "changes.no_snapshot"), &[("date", fmt::date(*day, lang))])}
                    </p>
                }
                .into_any();
            }
            Start::NoFile => {
                return view! { <p class="empty" data-testid="changes-empty">{tr(lang, "changes.no_file")}</p> }
                    .into_any();
            }
            Start::Ready { .. } => {}
        }
        let Some(c) = changes.get() else {
            return ().into_any();
        };
        if c.deals.is_empty() {
            let key = if app.ws().with(|w| w.deals.is_empty()) {
                "changes.empty_ws"
            } else {
                "changes.empty"
            };
            return view! { <p class="empty" data-testid="changes-empty">{tr(lang, key)}</p> }
                .into_any();
        }
        view! { <report::Report changes=changes weighted=weighted open=open chart_spec=chart_spec
            on_chart_click=on_chart_click export_csv=Callback::new(export_csv) export_png=Callback::new(export_png) chart_node=chart_node/> }
        .into_any()
    };

    view! {
        <section class="card changes" data-testid="changes-page">
            <h1>{move || i18n.t("changes.title")}</h1>
            <p class="help">{move || i18n.t("changes.help")}</p>
            {controls}
            {file_picker}
            {unreadable}
            {basis_note}
            {body}
        </section>
        {move || list.get().map(|parts| {
            let here = Signal::derive({ let p = parts.clone(); move || p.0.0.clone() });
            let gone = Signal::derive({ let p = parts.clone(); move || p.0.1.clone() });
            let notes = Signal::derive({ let p = parts.clone(); move || p.0.2.clone() });
            view! {
                <DealList deals=here title=list_title on_close=close_list gone=gone notes=notes
                    notes_title=Signal::derive(move || i18n.t("changes.note.title"))/>
            }
        })}
        {move || changes.get().map(|_| view! {
            <tables::GroupTables changes=changes weighted=weighted open_at=Callback::new(open_at)/>
            <matrix::StageMatrixView changes=changes open_at=Callback::new(open_at)/>
            <matrix::SlippedList changes=changes history=history/>
            <matrix::KeepWeeks/>
        })}
    }
}

/// The title of an open drill-down.
fn open_title(ws: &Workspace, o: Open, lang: Lang) -> String {
    let stage = |id| {
        ws.stage(id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| tr(lang, "changes.matrix.unknown_stage"))
    };
    match o {
        Open::Bar(b) => bar_label(lang, b),
        Open::Group(Group::Seller(s), b) => format!(
            "{} — {}",
            ws.seller(s).map(|x| x.name.clone()).unwrap_or_default(),
            bar_label(lang, b)
        ),
        Open::Group(Group::Stage(s), b) => format!("{} — {}", stage(s), bar_label(lang, b)),
        Open::Cell(MatrixCell::Move(a, b)) => format!("{} → {}", stage(a), stage(b)),
        Open::Cell(MatrixCell::Exit(a, e)) => format!(
            "{} → {}",
            stage(a),
            tr(
                lang,
                &format!("changes.matrix.exit.{}", matrix::exit_code(e))
            )
        ),
        Open::Cell(MatrixCell::Entered(b)) => {
            format!("{} → {}", tr(lang, "changes.matrix.entered"), stage(b))
        }
    }
}
