//! Notes under the filter bar on the report pages: the chosen period holds none of the deals
//! (with one click to a period that does), and open deals without an amount. Both are computed by
//! `domain::coverage` from the workspace and the current filter.

use leptos::prelude::*;

use crate::domain::coverage::{open_without_amount, outside_period};
use crate::ui::fmt;
use crate::ui::i18n::use_i18n;
use crate::ui::route::{Page, PeriodPreset};
use crate::ui::state::use_app;

#[component]
pub fn ReportNotes() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let page = Memo::new(move |_| app.route().with(|r| r.page));
    let outside = Memo::new(move |_| {
        if page.get() == Page::Data {
            return None;
        }
        filter.with(|f| app.ws().with(|ws| outside_period(ws, f)))
    });
    let no_amount = Memo::new(move |_| {
        if matches!(page.get(), Page::Data | Page::Relationships) {
            return 0;
        }
        filter.with(|f| app.ws().with(|ws| open_without_amount(ws, f)))
    });
    let set_period =
        move |preset: PeriodPreset, span: Option<(chrono::NaiveDate, chrono::NaiveDate)>| {
            app.set_filter(|q| {
                q.preset = preset;
                q.from = span.map(|s| s.0);
                q.to = span.map(|s| s.1);
            });
        };
    view! {
        {move || outside.get().map(|o| {
            let lang = i18n.lang();
            let (first, last) = (fmt::date(o.span.first, lang), fmt::date(o.span.last, lang));
            let span = (o.span.first, o.span.last);
            view! {
                <div class="banner warn report-note" role="status" data-testid="outside-period">
                    <p>{i18n.tf("notes.outside_period", &[
                        ("deals", fmt::count(o.deals, lang)),
                        ("first", first.clone()),
                        ("last", last.clone()),
                    ])}</p>
                    <div class="actions">
                        <button type="button" data-testid="show-all-time"
                            on:click=move |_| set_period(PeriodPreset::All, None)>{i18n.t("notes.show_all")}</button>
                        <button type="button" class="secondary" data-testid="show-deal-span"
                            on:click=move |_| set_period(PeriodPreset::Custom, Some(span))>
                            {i18n.tf("notes.show_span", &[("first", first), ("last", last)])}</button>
                    </div>
                </div>
            }
        })}
        {move || (no_amount.get() > 0).then(|| view! {
            <p class="report-note muted" data-testid="open-without-amount">
                {i18n.tf("notes.open_without_amount", &[("n", fmt::count(no_amount.get(), i18n.lang()))])}
            </p>
        })}
    }
}
