//! The printed meeting pack (`?print=pack`) and the print of one report (`?print=report`): the
//! report pages themselves, each on its own A4 landscape sheet under a header naming the report,
//! the filter, the period and the day it was printed. The print stylesheet (`style/print.css`)
//! hides every control; charts draw at twice the pixel density here ([`PrintMode`]), so they stay
//! sharp on paper.
//! The browser's print dialog ("Save as PDF") makes the file.

use leptos::prelude::*;

use crate::domain::Workspace;
use crate::domain::filter::Filter;
use crate::ui::chart::PrintMode;
use crate::ui::fmt;
use crate::ui::i18n::{I18n, use_i18n};
use crate::ui::lazy::split_view;
use crate::ui::page_loader::page_view;
use crate::ui::route::{PACK_PAGES, PRINT_KEY, Page, Route};
use crate::ui::state::use_app;

/// One report on its sheet: the directions heatmap (a row per client) gets more height than
/// the other charts, which share the sheet with a table.
#[component]
fn Sheet(page: Page) -> impl IntoView {
    let max_chart_height = if page == Page::Directions { 470 } else { 300 };
    provide_context(PrintMode { max_chart_height });
    // Through the page loader: in the split build each report's code stays in its own chunk.
    page_view(page)
}

/// The pages a print route shows: the pack's five, or the route's own page.
pub fn printed_pages(route: &Route) -> Vec<Page> {
    match route.get(PRINT_KEY) {
        Some("pack") => PACK_PAGES.to_vec(),
        Some(_) if PACK_PAGES.contains(&route.page) => vec![route.page],
        _ => Vec::new(),
    }
}

/// "Seller: …, direction: …" or "all sellers": what the filter selects, in words.
fn filter_text(i18n: I18n, ws: &Workspace, f: &Filter) -> String {
    let mut parts = Vec::new();
    if let Some(s) = f.seller.and_then(|id| ws.seller(id)) {
        parts.push(format!("{}: {}", i18n.t("filter.seller"), s.name));
    }
    if let Some(d) = f
        .direction
        .and_then(|id| ws.directions.iter().find(|d| d.id == id))
    {
        parts.push(format!("{}: {}", i18n.t("filter.direction"), d.name));
    }
    if let Some(t) = f
        .deal_type
        .and_then(|id| ws.deal_types.iter().find(|t| t.id == id))
    {
        parts.push(format!("{}: {}", i18n.t("filter.deal_type"), t.name));
    }
    if parts.is_empty() {
        i18n.t("workshop.print.everyone")
    } else {
        parts.join(", ")
    }
}

split_view! {
    /// [`PrintPack`], a chunk of its own in the split build (`ui::lazy`), fetched when a print
    /// route (`?print=…`) opens.
    pub fn print_pack_view, prefetch prefetch_print_pack, chunk print_pack, slot 51,
        build print_pack, preload preload_print_pack => view! { <PrintPack/> }
}

#[component]
pub fn PrintPack() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    // The pack shows the pipeline by stages, whatever view was last open.
    if app
        .route()
        .with_untracked(|r| r.get(PRINT_KEY) == Some("pack") && r.get("pview") != Some("stages"))
    {
        app.set_query("pview", Some("stages".to_string()));
    }
    let pages = Memo::new(move |_| app.route().with(printed_pages));
    let header = move || {
        let f = app.filter().get();
        let lang = i18n.lang();
        let period = match f.period {
            Some(p) => format!("{} – {}", fmt::date(p.from, lang), fmt::date(p.to, lang)),
            None => i18n.t("workshop.print.all_time"),
        };
        let who = app.ws().with(|ws| filter_text(i18n, ws, &f));
        (who, period, fmt::date(app.today(), lang))
    };
    let back = move || app.route().with(|r| r.with(PRINT_KEY, None)).to_hash();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            w.print().ok();
        }
    };
    view! {
        <div class="print-toolbar no-print" data-testid="print-toolbar">
            <button type="button" on:click=print data-testid="print-now">{move || i18n.t("workshop.print.report")}</button>
            <a class="button secondary" href=back data-testid="print-back">{move || i18n.t("workshop.print.back")}</a>
            <p class="help">{move || i18n.t("workshop.print.hint")}</p>
        </div>
        <div class="print-pack" data-testid="print-pack-sheets">
            <For each=move || pages.get() key=|p| *p let:page>
                <section class="print-sheet" data-testid=format!("print-sheet-{}", page.slug())>
                    <header class="print-head">
                        <h1>{move || i18n.t(page.label_key())}</h1>
                        <p data-testid="print-head-line">
                            {move || {
                                let (who, period, today) = header();
                                format!("{}: {who} · {}: {period} · {}: {today}",
                                    i18n.t("workshop.print.filter"), i18n.t("workshop.print.period"),
                                    i18n.t("workshop.print.printed"))
                            }}
                        </p>
                    </header>
                    <div class="print-body"><Sheet page=page/></div>
                </section>
            </For>
        </div>
    }
}
