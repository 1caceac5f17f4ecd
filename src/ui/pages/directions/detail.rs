//! A clicked cell: its deals, or for whitespace the inline form that creates one.

use leptos::prelude::*;

use crate::domain::edit::{ItemRef, first_open_stage, new_deal_defaults, upsert_deal};
use crate::domain::matrix::cell_deals;
use crate::domain::money::parse_amount;
use crate::domain::validate::deal_problems;
use crate::domain::{ClientId, Deal, DealId, DirectionId, Lang, SellerId};
use crate::ui::deal_list::DealList;
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::messages::{field_error_text, problem_text};
use crate::ui::pages::data::common::item_name;
use crate::ui::state::{fresh_id, now_millis, use_app};

/// What a clicked cell holds: its deals, or for whitespace the form that creates one.
#[component]
pub(super) fn DirDetail(
    /// The clicked cell (client, direction), if any; closing clears it.
    selected: RwSignal<Option<(ClientId, DirectionId)>>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let deals = Memo::new(move |_| {
        let Some((client, dir)) = selected.get() else {
            return Vec::new();
        };
        let f = filter.get();
        let ix = app.index().get();
        let (Some(&c), Some(&d)) = (ix.client_pos.get(&client), ix.direction_pos.get(&dir)) else {
            return Vec::new();
        };
        app.ws()
            .with(|ws| cell_deals(ws, &ix, &f, c as usize, Some(d as usize)))
    });
    let names = move || {
        let (client, dir) = selected.get()?;
        app.ws().with(|ws| {
            Some((
                ws.client(client)?.name.clone(),
                ws.directions.iter().find(|d| d.id == dir)?.name.clone(),
            ))
        })
    };
    // The cell whose "create another" form is open: another cell starts with it closed.
    let creating = RwSignal::new(None::<(ClientId, DirectionId)>);
    move || {
        let (client, dir) = selected.get()?;
        let (client_name, dir_name) = names()?;
        let title = fill(
            &i18n.t("relationships.detail_title"),
            &[("client", client_name), ("role", dir_name)],
        );
        let empty = deals.with(|d| d.is_empty());
        Some(if empty || creating.get() == Some((client, dir)) {
            view! {
                <section class="card matrix-detail" data-testid="dir-detail" aria-live="polite">
                    <header class="deal-list-head">
                        <h2 data-testid="dir-detail-title">{title}</h2>
                        <button type="button" class="link" data-testid="dir-detail-close"
                            on:click=move |_| selected.set(None)>{move || i18n.t("common.close")}</button>
                    </header>
                    {empty.then(|| view! { <p class="muted">{i18n.t("directions.whitespace_note")}</p> })}
                    <CreateDeal client=client direction=dir on_done=Callback::new(move |_| creating.set(None))/>
                </section>
            }
            .into_any()
        } else {
            view! {
                <div class="matrix-detail" data-testid="dir-detail">
                    <DealList deals=Signal::derive(move || deals.get()) title=Signal::derive(move || title.clone())
                        on_close=Callback::new(move |_| selected.set(None))/>
                    <button type="button" class="secondary" data-testid="dir-create-another"
                        on:click=move |_| creating.set(Some((client, dir)))>{move || i18n.t("directions.create_another")}</button>
                </div>
            }
            .into_any()
        })
    }
}

/// The inline form that creates an open deal for `client` in `direction`.
#[component]
pub(super) fn CreateDeal(
    /// The new deal's client.
    client: ClientId,
    /// The new deal's direction.
    direction: DirectionId,
    /// Called once the deal is created.
    on_done: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let filter = app.filter();
    let (client_name, dir_name, first_open, default_seller) = app.ws().with_untracked(|ws| {
        let ix = app.index().get_untracked();
        // The filter's seller first, so the new deal shows in the matrix being looked at.
        let defaults = new_deal_defaults(
            ws,
            &ix,
            app.today(),
            filter.get_untracked().seller,
            Some(client),
        );
        let seller = defaults.seller.or_else(|| ws.sellers.first().map(|s| s.id));
        (
            item_name(ws, ItemRef::Client(client)),
            item_name(ws, ItemRef::Direction(direction)),
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
                app.today(),
            )
        };
        // Through the undo stack, on a working copy: the Data section's rules for a deal, then
        // the model's rules for that deal (`deal_problems`); only the new deal's problems block it (older ones, if
        // any, are not this form's business). On any problem the copy is dropped: nothing changes.
        let label = fill(&tr(lang, "directions.undo_add"), &[("title", t.clone())]);
        let result = app.change(label, |w| {
            let at = w.deals.len();
            if let Err(errors) = upsert_deal(w, deal, app.today(), now_millis()) {
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
        app.notify(fill(&tr(lang, "directions.created"), &[("title", t)]));
        on_done.run(());
    };

    let sellers = move || {
        app.ws().with(|ws| {
            ws.sellers
                .iter()
                .map(|s| (s.id, s.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <form class="matrix-form" on:submit=submit novalidate data-testid="dir-create-form">
            <h3>{move || i18n.t("directions.create_title")}</h3>
            <p class="muted">{move || i18n.tf("directions.create_note", &[("stage", stage_name.clone()), ("date", fmt::date(app.today(), i18n.lang()))])}</p>
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
