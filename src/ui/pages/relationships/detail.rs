//! A clicked cell: its contacts with their levels, and a form to add one (open at once for a gap).

use leptos::prelude::*;

use super::cells::level_name;
use crate::domain::edit::{ItemRef, upsert};
use crate::domain::matrix::cell_contacts;
use crate::domain::{ClientId, Contact, ContactId, MAX_RELATIONSHIP_LEVEL, RoleId};
use crate::ui::i18n::{fill, tr, use_i18n};
use crate::ui::messages::field_error_text;
use crate::ui::pages::data::common::item_name;
use crate::ui::state::{fresh_id, use_app};

/// What a clicked cell holds: its contacts, and a form to add one (open at once for a gap).
#[component]
pub(super) fn RelDetail(
    /// The clicked cell (client, role), if any; closing clears it.
    selected: RwSignal<Option<(ClientId, RoleId)>>,
) -> impl IntoView {
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
                item_name(ws, ItemRef::Client(client)),
                item_name(ws, ItemRef::Role(role)),
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

/// The contacts of a cell: name, position, level.
#[component]
pub(super) fn ContactTable(
    /// Positions of the contacts in the workspace.
    contacts: Vec<usize>,
) -> impl IntoView {
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
pub(super) fn AddContact(
    /// The new contact's client.
    client: ClientId,
    /// The new contact's role.
    role: RoleId,
) -> impl IntoView {
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
