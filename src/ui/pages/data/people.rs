//! Clients and their people (contacts, the decision makers of the relationship matrix).
//!
//! A client's form lists its people with "Add a person", which opens the contact form preset to
//! that client (URL `dfor=<client id>` on the Contacts tab).

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use super::common::{Errs, Kind, fid, form_title, options};
use super::delete::{Ask, MoveAndDelete, delete_action, request_delete};
use super::form::{Field, IdSelect, InputField, Panel, Pick, Picker, described_by, save_item};
use super::list::{
    DataList, Key, ListCtl, delete_button, empty_text, hits, open_cell, sort_rows, text_key,
};
use crate::domain::edit;
use crate::domain::index::NONE;
use crate::domain::*;
use crate::ui::fmt;
use crate::ui::i18n::{tr, use_i18n};
use crate::ui::lazy::split_view;
use crate::ui::state::{Shared, fresh_id, use_app};

/// URL key: open the new-contact form for this client.
pub const FOR_CLIENT_KEY: &str = "dfor";

#[derive(Clone, Debug, PartialEq)]
struct ClientRow {
    id: ClientId,
    name: String,
    segment: String,
    key: bool,
    /// The "no client" entry: listed (its deals are real) with a mark saying what it is.
    no_client: bool,
    contacts: usize,
    deals: usize,
}

#[component]
pub fn ClientsList() -> impl IntoView {
    // A list is opened to be edited: its form's code is fetched now rather than on the click.
    prefetch_client_form();
    let app = use_app();
    let i18n = use_i18n();
    let ctl = ListCtl::new("name");
    let editing = RwSignal::new(None::<Option<ClientId>>);
    let ask = RwSignal::new(None::<Ask>);
    let rows = Memo::new(move |_| {
        let terms = ctl.terms();
        let (col, desc) = ctl.sort.get();
        let ix = app.index().get();
        app.ws().with(|w| {
            let mut deals = vec![0usize; w.clients.len()];
            for &p in &ix.client {
                if p != NONE && (p as usize) < deals.len() {
                    deals[p as usize] += 1;
                }
            }
            let mut contacts: HashMap<ClientId, usize> = HashMap::new();
            for c in &w.contacts {
                *contacts.entry(c.client).or_default() += 1;
            }
            let mut all: Vec<ClientRow> = w
                .clients
                .iter()
                .enumerate()
                .filter(|(_, c)| hits(&terms, &[&c.name, &c.segment]))
                .map(|(i, c)| ClientRow {
                    id: c.id,
                    name: c.name.clone(),
                    segment: c.segment.clone(),
                    key: c.key,
                    no_client: c.no_client,
                    contacts: contacts.get(&c.id).copied().unwrap_or(0),
                    deals: deals[i],
                })
                .collect();
            let mut pos: Vec<usize> = (0..all.len()).collect();
            sort_rows(&mut pos, desc, |i| {
                let r = &all[i];
                match col.as_str() {
                    "segment" => text_key(&r.segment),
                    "key" => Key::N(r.key as i128),
                    "contacts" => Key::N(r.contacts as i128),
                    "deals" => Key::N(r.deals as i128),
                    _ => text_key(&r.name),
                }
            });
            let sorted: Vec<ClientRow> = pos
                .into_iter()
                .map(|i| std::mem::replace(&mut all[i], empty_row()))
                .collect();
            Shared(Arc::new(sorted))
        })
    });
    let total = Signal::derive(move || rows.with(|r| r.len()));
    let body = move || {
        let lang = i18n.lang();
        let range = ctl.window(total.get());
        rows.with(|rs| {
            rs[range]
                .iter()
                .map(|r| {
                    let id = r.id;
                    view! {
                        <tr data-testid="list-row">
                            <th scope="row">
                                <button type="button" class="link drow-open" id=format!("open-client-{}", id.0)
                                    on:click=move |_| editing.set(Some(Some(id)))>{r.name.clone()}</button>
                                {r.no_client.then(|| view! { <span class="muted tag" data-testid="no-client-mark">{tr(lang, "data.no_client_mark")}</span> })}
                            </th>
                            <td>{r.segment.clone()}</td>
                            <td>{r.key.then(|| tr(lang, "data.answer_yes"))}</td>
                            <td class="num">{fmt::count(r.contacts, lang)}</td>
                            <td class="num">{fmt::count(r.deals, lang)}</td>
                            <td class="dactions">
                                {delete_button(lang, Some(format!("del-client-{}", id.0)), &r.name, Callback::new(move |_| {
                                    request_delete(app, i18n, edit::ItemRef::Client(id), ask);
                                }))}
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <DataList id="clients" title="data.clients" help="data.clients_help" ctl=ctl total=total
            count=Signal::derive(move || fmt::count(app.ws().with(|w| w.real_clients().count()), i18n.lang()))
            count_test_id="clients-count"
            add=("add-client", "data.add_client", Callback::new(move |_| editing.set(Some(None))))
            empty=empty_text(ctl, "data.empty_clients")
            columns=vec![
                ("name", "common.name", false),
                ("segment", "data.segment", false),
                ("key", "data.key_client", false),
                ("contacts", "data.contacts", true),
                ("deals", "common.deals", true),
            ]
            actions=true rows=body/>
        {move || editing.get().map(|id| client_form_view(id, Callback::new(move |_| editing.set(None)), ask))}
        <MoveAndDelete ask=ask/>
    }
}

fn empty_row() -> ClientRow {
    ClientRow {
        id: ClientId(0),
        name: String::new(),
        segment: String::new(),
        key: false,
        no_client: false,
        contacts: 0,
        deals: 0,
    }
}

// The forms are opened by a click, not by a visit: the split release build cuts them into a chunk
// of their own (`ui::lazy`), fetched by the idle prefetch with the lists. Each function has its
// own slot (its loader is its own), though both are in one chunk.
split_view! {
    /// The client form; in the split build, loaded on first use.
    fn client_form_view(id: Option<ClientId>, on_close: Callback<()>, ask: RwSignal<Option<Ask>>),
        prefetch prefetch_client_form, chunk data_people_forms, slot 55, build client_form,
        preload preload_client_form => view! { <ClientForm id=id on_close=on_close ask=ask/> }
}
split_view! {
    /// The contact form; in the split build, loaded on first use.
    fn contact_form_view(
        id: Option<ContactId>,
        client: Option<ClientId>,
        on_close: Callback<()>,
        ask: RwSignal<Option<Ask>>,
    ),
        prefetch prefetch_contact_form, chunk data_people_forms, slot 56, build contact_form,
        preload preload_contact_form
        => view! { <ContactForm id=id client=client on_close=on_close ask=ask/> }
}

/// Fetches the forms' chunk (the idle prefetch after the first chart).
pub fn prefetch_forms() {
    prefetch_client_form();
    prefetch_contact_form();
}

/// The client form: new when `id` is `None`.
#[component]
pub fn ClientForm(
    /// The client, or `None` for a new one.
    id: Option<ClientId>,
    /// Closes the form.
    on_close: Callback<()>,
    /// Set when a delete is refused (the client is in use), to offer moving its users.
    ask: RwSignal<Option<Ask>>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let errs = Errs::default();
    let stored = id.and_then(|id| app.ws().with_untracked(|w| w.client(id).cloned()));
    let name = RwSignal::new(stored.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let segment = RwSignal::new(
        stored
            .as_ref()
            .map(|c| c.segment.clone())
            .unwrap_or_default(),
    );
    let key = RwSignal::new(stored.as_ref().is_some_and(|c| c.key));
    let no_client_entry = stored.as_ref().is_some_and(|c| c.no_client);
    let p = "client-form";
    let (name_id, seg_id, key_id) = (fid(p, "name"), fid(p, "segment"), fid(p, "key"));
    let segments = Memo::new(move |_| {
        app.ws().with(|w| {
            let mut s: Vec<String> = w
                .clients
                .iter()
                .map(|c| c.segment.clone())
                .filter(|s| !s.is_empty())
                .collect();
            s.sort();
            s.dedup();
            s
        })
    });
    let save = Callback::new(move |_| {
        errs.clear();
        let item = Client {
            id: id.unwrap_or_else(|| ClientId(fresh_id())),
            name: name.get_untracked(),
            segment: segment.get_untracked(),
            key: key.get_untracked(),
            // Editing the "no client" entry keeps it that entry.
            no_client: no_client_entry,
        };
        save_item(app, i18n, errs, Kind::Client, id.is_none(), item, on_close);
    });
    let delete = delete_action(app, i18n, id.map(edit::ItemRef::Client), on_close, ask);
    let add_person = move |_| {
        if let Some(id) = id {
            on_close.run(());
            let r = app
                .route()
                .get_untracked()
                .with("dtab", Some("contacts".into()));
            app.navigate(r.with(FOR_CLIENT_KEY, Some(id.0.to_string())), false);
        }
    };
    let people = move || {
        id.map(|id| {
            app.ws().with(|w| {
                w.contacts
                    .iter()
                    .filter(|c| c.client == id)
                    .map(|c| {
                        let role = c
                            .role
                            .and_then(|r| w.roles.iter().find(|x| x.id == r))
                            .map(|r| r.name.clone());
                        (c.name.clone(), role)
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let title = Signal::derive(move || form_title(i18n.lang(), id.is_none(), Kind::Client));
    view! {
        <Panel title=title test_id="client-form" on_submit=save on_close=on_close
            danger_label=id.map(|_| Signal::derive(move || i18n.t("common.delete"))) on_danger=Some(delete)>
            <InputField id=name_id.clone() label=Signal::derive(move || i18n.t("common.name")) field="name" kind="text" value=name errs=errs/>
            <Field id=seg_id.clone() label=Signal::derive(move || i18n.t("data.segment")) field="segment" errs=errs
                hint=Signal::derive(move || i18n.t("data.segment_hint"))>
                <input type="text" id=seg_id.clone() data-testid=seg_id.clone() list="client-segments" autocomplete="off"
                    aria-invalid=move || errs.has("segment").then_some("true")
                    aria-describedby=described_by(&seg_id)
                    prop:value=move || segment.get()
                    on:input=move |ev| { segment.set(event_target_value(&ev)); errs.clear_field("segment"); } />
                <datalist id="client-segments">
                    {move || segments.get().into_iter().map(|s| view! { <option value=s></option> }).collect_view()}
                </datalist>
            </Field>
            <div class="dfield dcheck">
                <input type="checkbox" id=key_id.clone() data-testid=key_id.clone()
                    prop:checked=move || key.get() on:change=move |ev| key.set(event_target_checked(&ev)) />
                <label for=key_id.clone()>{move || i18n.t("data.key_client_long")}</label>
            </div>
            {move || people().map(|list| view! {
                <section class="dsub" data-testid="client-people">
                    <h3>{i18n.t("data.people")}</h3>
                    {list.is_empty().then(|| view! { <p class="muted">{i18n.t("data.no_people")}</p> })}
                    <ul class="plain-list">
                        {list.into_iter().map(|(n, role)| view! {
                            <li>{n}{role.map(|r| view! { <span class="muted">{format!(" — {r}")}</span> })}</li>
                        }).collect_view()}
                    </ul>
                    <button type="button" class="secondary" data-testid="client-add-person" on:click=add_person>
                        {i18n.t("data.add_person")}
                    </button>
                </section>
            })}
        </Panel>
    }
}

#[derive(Clone, Debug, PartialEq)]
struct ContactRow {
    id: ContactId,
    name: String,
    client: String,
    position: String,
    role: String,
    level: u8,
    deals: usize,
}

#[component]
pub fn ContactsList() -> impl IntoView {
    // A list is opened to be edited: its form's code is fetched now rather than on the click.
    prefetch_contact_form();
    let app = use_app();
    let i18n = use_i18n();
    let ctl = ListCtl::new("name");
    // Opened from a client's form: a new person for that client.
    let preset = app
        .route()
        .with_untracked(|r| r.get(FOR_CLIENT_KEY).and_then(|v| v.parse::<u64>().ok()));
    let editing = RwSignal::new(preset.map(|c| (None::<ContactId>, Some(ClientId(c)))));
    let ask = RwSignal::new(None::<Ask>);
    let rows = Memo::new(move |_| {
        let terms = ctl.terms();
        let (col, desc) = ctl.sort.get();
        app.ws().with(|w| {
            let mut deals: HashMap<ContactId, usize> = HashMap::new();
            for d in &w.deals {
                for c in &d.contacts {
                    *deals.entry(*c).or_default() += 1;
                }
            }
            let clients: HashMap<ClientId, &str> =
                w.clients.iter().map(|c| (c.id, c.name.as_str())).collect();
            let roles: HashMap<RoleId, &str> =
                w.roles.iter().map(|r| (r.id, r.name.as_str())).collect();
            let mut all: Vec<ContactRow> = w
                .contacts
                .iter()
                .map(|c| ContactRow {
                    id: c.id,
                    name: c.name.clone(),
                    client: clients.get(&c.client).copied().unwrap_or("").to_string(),
                    position: c.position.clone(),
                    role: c
                        .role
                        .and_then(|r| roles.get(&r).copied())
                        .unwrap_or("")
                        .to_string(),
                    level: c.level,
                    deals: deals.get(&c.id).copied().unwrap_or(0),
                })
                .filter(|r| hits(&terms, &[&r.name, &r.client, &r.position, &r.role]))
                .collect();
            let mut pos: Vec<usize> = (0..all.len()).collect();
            sort_rows(&mut pos, desc, |i| {
                let r = &all[i];
                match col.as_str() {
                    "client" => text_key(&r.client),
                    "position" => text_key(&r.position),
                    "role" => text_key(&r.role),
                    "level" => Key::N(r.level as i128),
                    "deals" => Key::N(r.deals as i128),
                    _ => text_key(&r.name),
                }
            });
            let sorted: Vec<ContactRow> = pos.into_iter().map(|i| all[i].clone()).collect();
            all.clear();
            Shared(Arc::new(sorted))
        })
    });
    let total = Signal::derive(move || rows.with(|r| r.len()));
    let close = Callback::new(move |_| {
        editing.set(None);
        if app
            .route()
            .with_untracked(|r| r.get(FOR_CLIENT_KEY).is_some())
        {
            app.set_query(FOR_CLIENT_KEY, None);
        }
    });

    let body = move || {
        let lang = i18n.lang();
        let range = ctl.window(total.get());
        rows.with(|rs| {
            rs[range]
                .iter()
                .map(|r| {
                    let id = r.id;
                    view! {
                        <tr data-testid="list-row">
                            {open_cell(format!("open-contact-{}", id.0), r.name.clone(), None, Callback::new(move |_| editing.set(Some((Some(id), None)))))}
                            <td>{r.client.clone()}</td>
                            <td>{r.position.clone()}</td>
                            <td>{r.role.clone()}</td>
                            <td class="num" title=tr(lang, &format!("data.level.{}", r.level.min(5)))>{r.level}</td>
                            <td class="num">{fmt::count(r.deals, lang)}</td>
                            <td class="dactions">
                                {delete_button(lang, Some(format!("del-contact-{}", id.0)), &r.name, Callback::new(move |_| {
                                    request_delete(app, i18n, edit::ItemRef::Contact(id), ask);
                                }))}
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <DataList id="contacts" title="data.contacts" help="data.contacts_help" ctl=ctl total=total
            count=Signal::derive(move || fmt::count(app.ws().with(|w| w.contacts.len()), i18n.lang()))
            count_test_id="contacts-count"
            add=("add-contact", "data.add_contact", Callback::new(move |_| editing.set(Some((None, None)))))
            empty=empty_text(ctl, "data.empty_contacts")
            columns=vec![
                ("name", "common.name", false),
                ("client", "deal_list.client", false),
                ("position", "data.position", false),
                ("role", "data.role", false),
                ("level", "data.level_short", true),
                ("deals", "common.deals", true),
            ]
            actions=true rows=body/>
        {move || editing.get().map(|(id, client)| contact_form_view(id, client, close, ask))}
        <MoveAndDelete ask=ask/>
    }
}

/// The contact form: new when `id` is `None`.
#[component]
pub fn ContactForm(
    /// The contact, or `None` for a new one.
    id: Option<ContactId>,
    /// The client of a new contact.
    client: Option<ClientId>,
    /// Closes the form.
    on_close: Callback<()>,
    /// Set when a delete is refused, to offer moving its users.
    ask: RwSignal<Option<Ask>>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let errs = Errs::default();
    let stored = id.and_then(|id| {
        app.ws()
            .with_untracked(|w| w.contacts.iter().find(|c| c.id == id).cloned())
    });
    let name = RwSignal::new(stored.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let position = RwSignal::new(
        stored
            .as_ref()
            .map(|c| c.position.clone())
            .unwrap_or_default(),
    );
    let role = RwSignal::new(
        stored
            .as_ref()
            .and_then(|c| c.role)
            .map(|r| r.0.to_string())
            .unwrap_or_default(),
    );
    let level = RwSignal::new(stored.as_ref().map_or(2, |c| c.level));
    let client0 = stored.as_ref().map(|c| c.client).or(client);
    let client_name = client0.and_then(|c| {
        app.ws()
            .with_untracked(|w| w.client(c).map(|x| x.name.clone()))
    });
    let client_pick = Pick::new(client0.map(|c| c.0), client_name.unwrap_or_default());
    let client_opts = Signal::derive(move || app.ws().with(|w| options(w, Kind::Client)));
    let p = "contact-form";
    let (name_id, pos_id, role_id, level_id) = (
        fid(p, "name"),
        fid(p, "position"),
        fid(p, "role"),
        fid(p, "level"),
    );
    let save = Callback::new(move |_| {
        errs.clear();
        let client = client_pick.check("client", true, errs);
        let role = role.get_untracked().parse::<u64>().ok().map(RoleId);
        let item = Contact {
            id: id.unwrap_or_else(|| ContactId(fresh_id())),
            client: ClientId(client.unwrap_or(0)),
            name: name.get_untracked(),
            position: position.get_untracked(),
            role,
            level: level.get_untracked(),
        };
        save_item(app, i18n, errs, Kind::Contact, id.is_none(), item, on_close);
    });
    let delete = delete_action(app, i18n, id.map(edit::ItemRef::Contact), on_close, ask);
    let title = Signal::derive(move || form_title(i18n.lang(), id.is_none(), Kind::Contact));
    view! {
        <Panel title=title test_id="contact-form" on_submit=save on_close=on_close
            danger_label=id.map(|_| Signal::derive(move || i18n.t("common.delete"))) on_danger=Some(delete)>
            <InputField id=name_id.clone() label=Signal::derive(move || i18n.t("common.name")) field="name" kind="text" value=name errs=errs/>
            <Picker id=fid(p, "client") label=Signal::derive(move || i18n.t("deal_list.client")) field="client"
                pick=client_pick options=client_opts errs=errs hint=Signal::derive(move || i18n.t("data.picker_hint")) />
            <InputField id=pos_id.clone() label=Signal::derive(move || i18n.t("data.position")) field="position" kind="text" value=position errs=errs/>
            <Field id=role_id.clone() label=Signal::derive(move || i18n.t("data.role")) field="role" errs=errs
                hint=Signal::derive(move || i18n.t("data.role_hint"))>
                <IdSelect id=role_id.clone() value=role none_label=Signal::derive(move || i18n.t("data.no_role"))
                    items=Signal::derive(move || app.ws().with(|w| w.roles.iter().map(|r| (r.id.0, r.name.clone())).collect()))/>
            </Field>
            <Field id=level_id.clone() label=Signal::derive(move || i18n.t("data.level_label")) field="level" errs=errs>
                <select id=level_id.clone() data-testid=level_id.clone() aria-describedby=described_by(&level_id)
                    on:change=move |ev| level.set(event_target_value(&ev).parse().unwrap_or(2))>
                    {(0..=MAX_RELATIONSHIP_LEVEL).map(|l| view! {
                        <option value=l.to_string() selected=move || level.get() == l>
                            {move || format!("{l} — {}", i18n.t(&format!("data.level.{l}")))}
                        </option>
                    }).collect_view()}
                </select>
            </Field>
        </Panel>
    }
}
