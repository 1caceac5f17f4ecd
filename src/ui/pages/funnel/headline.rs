//! The headline figures above the funnel, each with its definition.

use leptos::prelude::*;

use crate::domain::funnel::FunnelReport;
use crate::ui::fmt;
use crate::ui::i18n::use_i18n;
use crate::ui::state::{Shared, use_app};

/// One headline figure with its definition as a tooltip (`title`) and as the accessible
/// description; keyboard focus shows the definition too.
#[component]
pub(super) fn Kpi(
    /// Suffix of the ids and `data-testid`.
    id: &'static str,
    /// What the figure is.
    #[prop(into)]
    label: Signal<String>,
    /// The figure.
    #[prop(into)]
    value: Signal<String>,
    /// A line under the figure (what it is out of).
    #[prop(into)]
    note: Signal<String>,
    /// How the figure is computed (shown on hover and focus).
    #[prop(into)]
    definition: Signal<String>,
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
pub(super) fn Headline(
    /// The funnel.
    report: Memo<Shared<FunnelReport>>,
    /// The period in words.
    period: Signal<String>,
) -> impl IntoView {
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
