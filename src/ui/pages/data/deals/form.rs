//! The deal form: pickers that search as you type, amount parsed per locale, probability with
//! the stage default, next step, contacts, and the stage history; a stage change is a dated move
//! with `edit::move_deal_to_stage`, and winning or losing sets the close date and, for a loss,
//! asks for the reason.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::edit::{self, EditError, FieldErrorKind};
use crate::domain::money::parse_amount;
use crate::domain::*;
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::pages::data::common::{
    Errs, Kind, KindText, Msg, fid, form_title, item_name, options,
};
use crate::ui::pages::data::form::{
    Field, IdSelect, InputField, Panel, Pick, Picker, described_by,
};
use crate::ui::pages::data::plans::amount_text;
use crate::ui::pages::data::stages::category_key;
use crate::ui::route::parse_date;
use crate::ui::state::{fresh_id, now_millis, use_app};

/// A message for a refused stage move, on the field it belongs to.
pub(super) fn move_error(e: EditError) -> Vec<(&'static str, Msg)> {
    match e {
        EditError::LostReasonRequired => {
            vec![("lost_reason", Msg::Field(FieldErrorKind::Required))]
        }
        EditError::DateBeforeHistory => vec![("stage", Msg::Field(FieldErrorKind::DateOrder))],
        other => vec![("stage", Msg::Edit(other))],
    }
}

/// A date field: empty is none, anything but a date is refused.
pub(super) fn date_field(s: &str) -> Result<Option<NaiveDate>, Msg> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    parse_date(s).map(Some).ok_or(Msg::Date)
}

/// The deal form: new when `id` is `None`. Saving records one undoable change.
#[component]
pub fn DealForm(id: Option<DealId>, on_close: Callback<()>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let errs = Errs::default();
    let lang0 = i18n.lang_untracked();
    let today = app.today();
    let stored: Option<Deal> = id.and_then(|id| app.ws().with_untracked(|w| w.deal(id).cloned()));
    let s = stored.as_ref();
    let name_of = move |k: Kind, raw: Option<u64>| {
        raw.and_then(|r| k.item(r))
            .map(|r| app.ws().with_untracked(|w| item_name(w, r)))
            .unwrap_or_default()
    };
    let title = RwSignal::new(s.map(|d| d.title.clone()).unwrap_or_default());
    let client = Pick::new(
        s.map(|d| d.client.0),
        name_of(Kind::Client, s.map(|d| d.client.0)),
    );
    // A new deal starts with the filter bar's seller, if one is chosen.
    let filter_seller = app.filter().with_untracked(|f| f.seller);
    let defaults = app.ws().with_untracked(|w| {
        edit::new_deal_defaults(w, &app.index().get_untracked(), today, filter_seller, None)
    });
    let seller0 = s.map(|d| d.seller).or(defaults.seller).map(|x| x.0);
    let seller = Pick::new(seller0, name_of(Kind::Seller, seller0));
    let dir0 = s.and_then(|d| d.direction).map(|x| x.0);
    let direction = Pick::new(dir0, name_of(Kind::Direction, dir0));
    let deal_type = RwSignal::new(
        s.and_then(|d| d.deal_type)
            .map(|x| x.0.to_string())
            .unwrap_or_default(),
    );
    let stored_stage = s.map(|d| d.stage);
    let stage = RwSignal::new(stored_stage.or(defaults.stage).map_or(0, |x| x.0));
    let amount = RwSignal::new(s.map(|d| amount_text(d.amount, lang0)).unwrap_or_default());
    let probability = RwSignal::new(
        s.and_then(|d| d.probability)
            .map(|p| p.to_string())
            .unwrap_or_default(),
    );
    let created = RwSignal::new(s.map_or(defaults.created, |d| d.created).to_string());
    let expected = RwSignal::new(
        s.and_then(|d| d.expected_close)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let step = s.and_then(|d| d.next_step.clone());
    let next_text = RwSignal::new(step.as_ref().map(|n| n.text.clone()).unwrap_or_default());
    let next_due = RwSignal::new(
        step.as_ref()
            .and_then(|n| n.due)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let next_done = RwSignal::new(step.as_ref().is_some_and(|n| n.done));
    let lost_reason = RwSignal::new(s.and_then(|d| d.lost_reason.clone()).unwrap_or_default());
    let contacts = RwSignal::new(s.map(|d| d.contacts.clone()).unwrap_or_default());
    let contact_pick = Pick::new(None, String::new());
    let category = RwSignal::new(
        s.and_then(|d| d.forecast_category)
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
    );
    let closed0 = s.and_then(|d| d.closed);
    let history = s.map(|d| d.history.clone()).unwrap_or_default();
    let history_shown = history.clone();

    let chosen_stage =
        Memo::new(move |_| app.ws().with(|w| w.stage(StageId(stage.get())).cloned()));
    let stored_kind =
        stored_stage.and_then(|x| app.ws().with_untracked(|w| w.stage(x).map(|s| s.kind)));
    let is_lost =
        move || chosen_stage.with(|s| s.as_ref().is_some_and(|s| s.kind == StageKind::Lost));
    let client_opts = Signal::derive(move || app.ws().with(|w| options(w, Kind::Client)));
    let seller_opts = Signal::derive(move || app.ws().with(|w| options(w, Kind::Seller)));
    let direction_opts = Signal::derive(move || app.ws().with(|w| options(w, Kind::Direction)));
    // The chosen client's people not on the deal yet (everyone's, labelled with the client,
    // while no client is chosen).
    let contact_opts = Signal::derive(move || {
        let on: Vec<ContactId> = contacts.get();
        let c = client.id.get().map(ClientId);
        app.ws().with(|w| match c {
            Some(c) => w
                .contacts
                .iter()
                .filter(|x| x.client == c && !on.contains(&x.id))
                .map(|x| (x.id.0, x.name.clone()))
                .collect::<Vec<_>>(),
            None => options(w, Kind::Contact)
                .into_iter()
                .filter(|(id, _)| !on.contains(&ContactId(*id)))
                .collect(),
        })
    });
    let add_contact = move || {
        errs.clear_field("contacts");
        if let Some(c) = contact_pick.check("contacts", true, errs) {
            contacts.update(|v| {
                if !v.contains(&ContactId(c)) {
                    v.push(ContactId(c))
                }
            });
            contact_pick.id.set(None);
            contact_pick.text.set(String::new());
        }
    };

    let save = Callback::new(move |_| {
        errs.clear();
        let lang = i18n.lang_untracked();
        let client_id = client.check("client", true, errs);
        let seller_id = seller.check("seller", true, errs);
        let direction_id = direction.check("direction", false, errs);
        let amount_v = match parse_amount(&amount.get_untracked(), lang.number_style()) {
            Ok(a) => a,
            Err(e) => {
                errs.add("amount", Msg::Amount(e));
                Money::ZERO
            }
        };
        let prob_text = probability.get_untracked();
        let prob = if prob_text.trim().is_empty() {
            None
        } else {
            match prob_text.trim().parse::<u32>() {
                Ok(v) if v <= 100 => Some(v as u8),
                Ok(_) => {
                    errs.add("probability", Msg::Field(FieldErrorKind::OutOfRange));
                    None
                }
                Err(_) => {
                    errs.add("probability", Msg::Number);
                    None
                }
            }
        };
        let date = |field: &'static str, v: RwSignal<String>| match date_field(&v.get_untracked()) {
            Ok(d) => d,
            Err(m) => {
                errs.add(field, m);
                None
            }
        };
        let created_v = date("created", created);
        let expected_v = date("expected_close", expected);
        let due_v = date("next_step.due", next_due);
        if created_v.is_none() && !errs.has_untracked("created") {
            errs.add("created", Msg::Field(FieldErrorKind::Required));
        }
        let text = next_text.get_untracked();
        let next_step = (!text.trim().is_empty() || due_v.is_some() || next_done.get_untracked())
            .then(|| NextStep {
                text,
                due: due_v,
                done: next_done.get_untracked(),
            });
        let reason = lost_reason.get_untracked();
        let reason = (!reason.trim().is_empty()).then_some(reason);
        let deal = Deal {
            id: id.unwrap_or_else(|| DealId(fresh_id())),
            title: title.get_untracked(),
            client: ClientId(client_id.unwrap_or(0)),
            seller: SellerId(seller_id.unwrap_or(0)),
            direction: direction_id.map(DirectionId),
            deal_type: deal_type
                .get_untracked()
                .parse::<u64>()
                .ok()
                .map(DealTypeId),
            amount: amount_v,
            probability: prob,
            stage: StageId(stage.get_untracked()),
            created: created_v.unwrap_or(today),
            expected_close: expected_v,
            closed: closed0,
            history: history.clone(),
            next_step,
            lost_reason: reason.clone(),
            contacts: contacts.get_untracked(),
            forecast_category: ForecastCategory::ALL
                .into_iter()
                .find(|c| c.as_str() == category.get_untracked()),
            updated_at: 0,
        };
        if !errs.is_empty_untracked() {
            // Also show what the rules say about the other fields.
            if let Err(e) = app
                .ws()
                .with_untracked(|w| edit::check_deal(w, &deal, today))
            {
                errs.add_domain(e);
            }
            return;
        }
        let moved = stored_stage.is_some_and(|x| x != deal.stage);
        let stage_name = app.ws().with_untracked(|w| {
            w.stage(deal.stage)
                .map(|x| x.name.clone())
                .unwrap_or_default()
        });
        let label = if id.is_none() {
            crate::ui::pages::data::common::change_label(i18n, true, Kind::Deal, &deal.title)
        } else if moved {
            fill(
                &tr(lang, "data.undo.move_deal"),
                &[
                    ("name", deal.title.trim().to_string()),
                    ("stage", stage_name.clone()),
                ],
            )
        } else {
            crate::ui::pages::data::common::change_label(i18n, false, Kind::Deal, &deal.title)
        };
        let now = now_millis();
        let result = app.change(label, |w| {
            if moved {
                edit::move_deal_to_stage(w, deal.id, deal.stage, today, reason.clone(), now)
                    .map_err(move_error)?;
            }
            edit::upsert_deal(w, deal.clone(), today, now).map_err(|e| {
                e.into_iter()
                    .map(|e| (e.field, Msg::Field(e.kind)))
                    .collect::<Vec<_>>()
            })
        });
        match result {
            Ok(()) => {
                if moved {
                    app.notify(fill(
                        &tr(lang, "data.deal_moved"),
                        &[
                            ("name", deal.title.trim().to_string()),
                            ("stage", stage_name),
                        ],
                    ));
                }
                on_close.run(());
            }
            Err(list) => {
                for (f, m) in list {
                    errs.add(f, m);
                }
            }
        }
    });
    let delete = Callback::new(move |_| {
        let Some(id) = id else { return };
        let lang = i18n.lang_untracked();
        let name = app
            .ws()
            .with_untracked(|w| w.deal(id).map(|d| d.title.clone()).unwrap_or_default());
        let label = crate::ui::pages::data::delete::delete_label(i18n, Kind::Deal, &name);
        if app
            .change(label, |w| {
                edit::delete(w, edit::ItemRef::Deal(id), now_millis())
            })
            .is_ok()
        {
            app.notify(fill(
                &tr(lang, "data.deleted"),
                &[("what", Kind::Deal.noun(lang)), ("name", name)],
            ));
            on_close.run(());
        }
    });

    let p = "deal-form";
    let ids = |f: &str| fid(p, f);
    let (title_id, type_id, stage_id, amount_id, prob_id) = (
        ids("title"),
        ids("deal_type"),
        ids("stage"),
        ids("amount"),
        ids("probability"),
    );
    let (created_id, expected_id, next_id, due_id, done_id) = (
        ids("created"),
        ids("expected_close"),
        ids("next_step.text"),
        ids("next_step.due"),
        ids("next_step.done"),
    );
    let (lost_id, cat_id, contact_id) = (
        ids("lost_reason"),
        ids("forecast_category"),
        ids("contacts"),
    );
    let panel_title = Signal::derive(move || form_title(i18n.lang(), id.is_none(), Kind::Deal));
    let prob_hint = Signal::derive(move || {
        chosen_stage.with(|s| match s {
            Some(s) if s.kind == StageKind::Won => i18n.t("data.probability_won"),
            Some(s) if s.kind == StageKind::Lost => i18n.t("data.probability_lost"),
            Some(s) => i18n.tf(
                "data.probability_stage",
                &[("p", s.probability.to_string())],
            ),
            None => String::new(),
        })
    });
    let stage_hint = Signal::derive(move || {
        let lang = i18n.lang();
        chosen_stage.with(|s| {
            let Some(s) = s else { return String::new() };
            let changed = stored_stage.is_some_and(|x| x != s.id);
            let closing = s.kind != StageKind::Open
                && (stored_kind.is_none_or(|k| k == StageKind::Open)
                    || changed && closed0.is_none());
            if closing && id.is_some() {
                fill(
                    &tr(lang, "data.closes_today"),
                    &[("date", fmt::date(today, lang))],
                )
            } else if changed {
                fill(
                    &tr(lang, "data.move_today"),
                    &[("date", fmt::date(today, lang))],
                )
            } else if s.kind != StageKind::Open {
                match closed0 {
                    Some(c) => fill(&tr(lang, "data.closed_on"), &[("date", fmt::date(c, lang))]),
                    None => tr(lang, "data.closes_on_created"),
                }
            } else {
                String::new()
            }
        })
    });
    let label = move |k: &'static str| Signal::derive(move || i18n.t(k));

    view! {
        <Panel title=panel_title test_id="deal-form" on_submit=save on_close=on_close
            danger_label=id.map(|_| Signal::derive(move || i18n.t("data.delete_deal"))) on_danger=Some(delete)>
            <div class="dgrid">
                <InputField id=title_id.clone() label=label("data.deal_title") field="title" kind="text" value=title errs=errs/>
                <Picker id=ids("client") label=label("deal_list.client") field="client" pick=client options=client_opts
                    errs=errs hint=label("data.picker_hint") />
                <Picker id=ids("seller") label=label("filter.seller") field="seller" pick=seller options=seller_opts
                    errs=errs hint=label("data.picker_hint") />
                <Picker id=ids("direction") label=label("filter.direction") field="direction" pick=direction
                    options=direction_opts errs=errs hint=label("data.optional") />
                <Field id=type_id.clone() label=label("filter.deal_type") field="deal_type" errs=errs>
                    <IdSelect id=type_id.clone() value=deal_type none_label=label("data.none_option")
                        items=Signal::derive(move || app.ws().with(|w| w.deal_types.iter().map(|t| (t.id.0, t.name.clone())).collect()))/>
                </Field>
                <Field id=stage_id.clone() label=label("common.stage") field="stage" errs=errs hint=stage_hint>
                    <select id=stage_id.clone() data-testid=stage_id.clone() aria-describedby=described_by(&stage_id)
                        aria-invalid=move || errs.has("stage").then_some("true")
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<u64>() { stage.set(v) }
                            errs.clear_field("stage");
                        }>
                        {move || app.ws().with(|w| w.stages.iter().map(|x| {
                            let v = x.id.0;
                            view! { <option value=v.to_string() selected=stage.get_untracked() == v>{x.name.clone()}</option> }
                        }).collect_view())}
                    </select>
                </Field>
                {move || is_lost().then(|| {
                    let lost_id = lost_id.clone();
                    view! {
                        <Field id=lost_id.clone() label=label("data.lost_reason") field="lost_reason" errs=errs
                            hint=label("data.lost_reason_hint")>
                            <input type="text" id=lost_id.clone() data-testid=lost_id.clone() required
                                aria-required="true" aria-invalid=move || errs.has("lost_reason").then_some("true")
                                aria-describedby=described_by(&lost_id) prop:value=move || lost_reason.get()
                                on:input=move |ev| { lost_reason.set(event_target_value(&ev)); errs.clear_field("lost_reason"); } />
                        </Field>
                    }
                })}
                <InputField id=amount_id.clone() label=label("common.amount") field="amount" kind="text" value=amount errs=errs
                    hint=label("data.amount_hint")/>
                <Field id=prob_id.clone() label=label("deal_list.probability") field="probability" errs=errs hint=prob_hint>
                    <input type="number" min="0" max="100" step="1" id=prob_id.clone() data-testid=prob_id.clone()
                        placeholder=move || chosen_stage.with(|s| s.as_ref().map(|s| effective_probability(s, None).to_string()).unwrap_or_default())
                        aria-invalid=move || errs.has("probability").then_some("true")
                        aria-describedby=described_by(&prob_id) prop:value=move || probability.get()
                        on:input=move |ev| { probability.set(event_target_value(&ev)); errs.clear_field("probability"); } />
                </Field>
                <InputField id=created_id.clone() label=label("data.created") field="created" kind="date" value=created errs=errs/>
                <InputField id=expected_id.clone() label=label("deal_list.expected_close") field="expected_close" kind="date" value=expected errs=errs/>
                <Field id=cat_id.clone() label=label("data.forecast_category") field="forecast_category" errs=errs>
                    <select id=cat_id.clone() data-testid=cat_id.clone() aria-describedby=described_by(&cat_id)
                        on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="" selected=move || category.with(String::is_empty)>{move || {
                            let stage_cat = chosen_stage.with(|s| s.as_ref().map(|s| i18n.t(&category_key(s.forecast_category))));
                            i18n.tf("data.category_default", &[("c", stage_cat.unwrap_or_default())])
                        }}</option>
                        {ForecastCategory::ALL.into_iter().map(|c| view! {
                            <option value=c.as_str() selected=move || category.with(|x| x == c.as_str())>{move || i18n.t(&category_key(c))}</option>
                        }).collect_view()}
                    </select>
                </Field>
            </div>
            {(!history_shown.is_empty()).then(|| {
                let history = history_shown.clone();
                view! {
                    <section class="dsub">
                        <table class="grid dhistory" data-testid="deal-history">
                            <caption>{move || i18n.t("data.history")}</caption>
                            <thead><tr>
                                <th scope="col">{move || i18n.t("common.stage")}</th>
                                <th scope="col">{move || i18n.t("data.entered")}</th>
                            </tr></thead>
                            <tbody>
                                {move || {
                                    let lang = i18n.lang();
                                    app.ws().with(|w| history.iter().map(|h| view! {
                                        <tr data-testid="history-row">
                                            <td>{w.stage(h.stage).map(|s| s.name.clone()).unwrap_or_default()}</td>
                                            <td>{fmt::date(h.entered, lang)}</td>
                                        </tr>
                                    }).collect_view())
                                }}
                            </tbody>
                        </table>
                        {closed0.map(|c| view! {
                            <p class="muted" data-testid="deal-closed">{move || i18n.tf("data.closed_on", &[("date", fmt::date(c, i18n.lang()))])}</p>
                        })}
                    </section>
                }
            })}
            <fieldset class="dset">
                <legend>{move || i18n.t("deal_list.next_step")}</legend>
                <div class="dgrid">
                    <InputField id=next_id.clone() label=label("data.next_step_text") field="next_step.text" kind="text" value=next_text errs=errs/>
                    <InputField id=due_id.clone() label=label("data.next_step_due") field="next_step.due" kind="date" value=next_due errs=errs/>
                    <div class="dfield dcheck">
                        <input type="checkbox" id=done_id.clone() data-testid=done_id.clone()
                            prop:checked=move || next_done.get() on:change=move |ev| next_done.set(event_target_checked(&ev)) />
                        <label for=done_id.clone()>{move || i18n.t("data.next_step_done")}</label>
                    </div>
                </div>
            </fieldset>
            <fieldset class="dset" data-testid="deal-contacts">
                <legend>{move || i18n.t("data.deal_contacts")}</legend>
                <ul class="dchips">
                    {move || app.ws().with(|w| contacts.get().into_iter().map(|c| {
                        let (name, role) = w.contacts.iter().find(|x| x.id == c).map(|x| {
                            let role = x.role.and_then(|r| w.roles.iter().find(|y| y.id == r)).map(|r| r.name.clone());
                            (x.name.clone(), role)
                        }).unwrap_or_default();
                        let aria = i18n.tf("data.remove_named", &[("name", name.clone())]);
                        view! {
                            <li data-testid="deal-contact">
                                <span>{name}</span>
                                {role.map(|r| view! { <span class="muted">{format!(" · {r}")}</span> })}
                                <button type="button" class="link" aria-label=aria
                                    on:click=move |_| contacts.update(|v| v.retain(|x| *x != c))>"×"</button>
                            </li>
                        }
                    }).collect_view())}
                </ul>
                <div class="dpick-add" on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" && !contact_pick.text.with_untracked(|t| t.trim().is_empty()) {
                        ev.prevent_default();
                        add_contact();
                    }
                }>
                    <Picker id=contact_id.clone() label=label("data.add_contact_to_deal") field="contacts" pick=contact_pick
                        options=contact_opts errs=errs hint=label("data.contacts_hint") />
                    <button type="button" class="secondary" data-testid="deal-contact-add" on:click=move |_| add_contact()>
                        {move || i18n.t("common.add")}
                    </button>
                </div>
            </fieldset>
        </Panel>
    }
}
