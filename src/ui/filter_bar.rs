//! The shared filter bar: period, seller, direction and deal type. Its state lives in the URL
//! (see [`crate::ui::route::FilterQuery`]), so a filtered view can be shared as a link.

use leptos::prelude::*;

use crate::domain::{DealTypeId, DirectionId, SellerId};
use crate::ui::i18n::use_i18n;
use crate::ui::route::{FilterQuery, PeriodPreset, parse_date};
use crate::ui::state::use_app;

fn parse_id(v: &str) -> Option<u64> {
    v.parse().ok()
}

#[component]
pub fn FilterBar() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let query = Memo::new(move |_| FilterQuery::from_route(&app.route().get()));
    let set = move |f: &dyn Fn(&mut FilterQuery)| app.set_filter(f);

    let sellers = move || {
        app.ws().with(|w| {
            w.sellers
                .iter()
                .map(|s| (s.id.0, s.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let directions = move || {
        app.ws().with(|w| {
            w.directions
                .iter()
                .map(|s| (s.id.0, s.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let types = move || {
        app.ws().with(|w| {
            w.deal_types
                .iter()
                .map(|s| (s.id.0, s.name.clone()))
                .collect::<Vec<_>>()
        })
    };

    let option_list = move |items: Vec<(u64, String)>, selected: Option<u64>| {
        items
            .into_iter()
            .map(|(id, name)| view! { <option value=id.to_string() selected=selected == Some(id)>{name}</option> })
            .collect_view()
    };

    view! {
        <form class="filter-bar" role="search" aria-label=move || i18n.t("filter.bar") data-testid="filter-bar"
            on:submit=|ev| ev.prevent_default()>
            <label>
                <span>{move || i18n.t("filter.period")}</span>
                <select data-testid="filter-period" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(&|q| {
                        q.preset = PeriodPreset::from_slug(&v).unwrap_or_default();
                        if q.preset == PeriodPreset::Custom && q.from.is_none() {
                            q.from = Some(app.today() - chrono::Duration::days(90));
                            q.to = Some(app.today());
                        }
                    });
                }>
                    {move || {
                        let current = query.get().preset;
                        PeriodPreset::ALL
                            .into_iter()
                            .map(|p| view! {
                                <option value=p.slug() selected=p == current>{i18n.t(&p.label_key())}</option>
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            {move || (query.get().preset == PeriodPreset::Custom).then(|| view! {
                <label>
                    <span>{i18n.t("filter.from")}</span>
                    <input type="date" data-testid="filter-from"
                        prop:value=move || query.get().from.map(|d| d.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let v = parse_date(&event_target_value(&ev));
                            set(&|q| q.from = v);
                        } />
                </label>
                <label>
                    <span>{i18n.t("filter.to")}</span>
                    <input type="date" data-testid="filter-to"
                        prop:value=move || query.get().to.map(|d| d.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let v = parse_date(&event_target_value(&ev));
                            set(&|q| q.to = v);
                        } />
                </label>
            })}
            <label>
                <span>{move || i18n.t("filter.seller")}</span>
                <select data-testid="filter-seller" on:change=move |ev| {
                    let v = parse_id(&event_target_value(&ev)).map(SellerId);
                    set(&|q| q.seller = v);
                }>
                    <option value="" selected=move || query.get().seller.is_none()>{move || i18n.t("filter.all_sellers")}</option>
                    {move || option_list(sellers(), query.get().seller.map(|s| s.0))}
                </select>
            </label>
            <label>
                <span>{move || i18n.t("filter.direction")}</span>
                <select data-testid="filter-direction" on:change=move |ev| {
                    let v = parse_id(&event_target_value(&ev)).map(DirectionId);
                    set(&|q| q.direction = v);
                }>
                    <option value="" selected=move || query.get().direction.is_none()>{move || i18n.t("filter.all_directions")}</option>
                    {move || option_list(directions(), query.get().direction.map(|s| s.0))}
                </select>
            </label>
            <label>
                <span>{move || i18n.t("filter.deal_type")}</span>
                <select data-testid="filter-type" on:change=move |ev| {
                    let v = parse_id(&event_target_value(&ev)).map(DealTypeId);
                    set(&|q| q.deal_type = v);
                }>
                    <option value="" selected=move || query.get().deal_type.is_none()>{move || i18n.t("filter.all_types")}</option>
                    {move || option_list(types(), query.get().deal_type.map(|s| s.0))}
                </select>
            </label>
            <button type="button" class="link" data-testid="filter-reset"
                on:click=move |_| set(&|q| *q = FilterQuery::default())>
                {move || i18n.t("filter.reset")}
            </button>
            {move || {
                let r = app.route().get();
                crate::ui::route::PACK_PAGES.contains(&r.page).then(|| {
                    let href = r.with(crate::ui::route::PRINT_KEY, Some("report".to_string())).to_hash();
                    view! {
                        <a class="button secondary print-report" href=href data-testid="print-report">
                            {i18n.t("workshop.print.report")}
                        </a>
                    }
                })
            }}
        </form>
    }
}
