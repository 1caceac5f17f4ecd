//! Lists that are names and little else: sellers, product directions, deal types and
//! decision-maker roles (with their "target role" mark). Each has a quick-add field above the
//! table, an edit panel, and delete with move-elsewhere when in use.

use std::sync::Arc;

use leptos::prelude::*;

use super::common::{Errs, Kind, KindText, change_label, fid, form_title};
use super::delete::{Ask, MoveAndDelete, delete_action, request_delete};
use super::form::{InputField, Panel};
use super::list::{
    DataList, Key, ListCtl, delete_button, empty_text, hits, open_cell, sort_rows, text_key,
};
use crate::domain::edit::{self, FieldResult};
use crate::domain::index::NONE;
use crate::domain::*;
use crate::ui::fmt;
use crate::ui::i18n::{tr, use_i18n};
use crate::ui::state::{Shared, fresh_id, use_app};

#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: u64,
    name: String,
    /// Roles: a target role of the relationship matrix.
    target: bool,
    deals: usize,
    /// Sellers: plans; roles: contacts.
    other: usize,
}

fn rows_of(ws: &Workspace, ix: &crate::domain::index::DealIndex, kind: Kind) -> Vec<Row> {
    let count = |col: &[u32], n: usize| {
        let mut c = vec![0usize; n];
        for &p in col {
            if p != NONE && (p as usize) < n {
                c[p as usize] += 1;
            }
        }
        c
    };
    // Sellers, directions and deal types: deals counted through the index, `other` per id.
    let rows = |items: Vec<(u64, String)>, deals: Vec<usize>, other: &dyn Fn(u64) -> usize| {
        items
            .into_iter()
            .zip(deals)
            .map(|((id, name), deals)| Row {
                id,
                name,
                target: false,
                deals,
                other: other(id),
            })
            .collect()
    };
    let named = |id: u64, name: &String| (id, name.clone());
    match kind {
        Kind::Seller => rows(
            ws.sellers.iter().map(|x| named(x.id.0, &x.name)).collect(),
            count(&ix.seller, ws.sellers.len()),
            &|id| ws.plans.iter().filter(|p| p.seller.0 == id).count(),
        ),
        Kind::Direction => rows(
            ws.directions
                .iter()
                .map(|x| named(x.id.0, &x.name))
                .collect(),
            count(&ix.direction, ws.directions.len()),
            &|_| 0,
        ),
        Kind::DealType => rows(
            ws.deal_types
                .iter()
                .map(|x| named(x.id.0, &x.name))
                .collect(),
            count(&ix.deal_type, ws.deal_types.len()),
            &|_| 0,
        ),
        Kind::Role => ws
            .roles
            .iter()
            .map(|r| Row {
                id: r.id.0,
                name: r.name.clone(),
                target: r.target,
                deals: 0,
                other: ws.contacts.iter().filter(|c| c.role == Some(r.id)).count(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Creates or replaces one named item.
fn upsert(w: &mut Workspace, kind: Kind, id: u64, name: String, target: bool) -> FieldResult {
    match kind {
        Kind::Seller => edit::upsert(
            w,
            Seller {
                id: SellerId(id),
                name,
            },
        ),
        Kind::Direction => edit::upsert(
            w,
            Direction {
                id: DirectionId(id),
                name,
            },
        ),
        Kind::DealType => edit::upsert(
            w,
            DealType {
                id: DealTypeId(id),
                name,
            },
        ),
        Kind::Role => edit::upsert(
            w,
            Role {
                id: RoleId(id),
                name,
                target,
            },
        ),
        _ => Ok(()),
    }
}

/// Title and help keys of each named list.
fn keys(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Seller => ("data.sellers", "data.sellers_help"),
        Kind::Direction => ("data.directions", "data.directions_help"),
        Kind::DealType => ("data.types", "data.types_help"),
        _ => ("data.roles", "data.roles_help"),
    }
}

/// The list of one kind of named item (sellers, directions, deal types, roles) with its quick add and form.
#[component]
pub fn NamedList(
    /// Which list.
    kind: Kind,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let ctl = ListCtl::new("name");
    let editing = RwSignal::new(None::<Option<u64>>);
    let ask = RwSignal::new(None::<Ask>);
    let rows = Memo::new(move |_| {
        let terms = ctl.terms();
        let (col, desc) = ctl.sort.get();
        let ix = app.index().get();
        let mut all = app.ws().with(|w| rows_of(w, &ix, kind));
        all.retain(|r| hits(&terms, &[&r.name]));
        let mut pos: Vec<usize> = (0..all.len()).collect();
        sort_rows(&mut pos, desc, |i| {
            let r = &all[i];
            match col.as_str() {
                "deals" => Key::N(r.deals as i128),
                "other" => Key::N(r.other as i128),
                "target" => Key::N(r.target as i128),
                _ => text_key(&r.name),
            }
        });
        Shared(Arc::new(
            pos.into_iter().map(|i| all[i].clone()).collect::<Vec<_>>(),
        ))
    });
    let total = Signal::derive(move || rows.with(|r| r.len()));
    let slug = kind.slug();
    let (title_key, help_key) = keys(kind);
    let role = kind == Kind::Role;
    let mut columns = vec![("name", "common.name", false)];
    if role {
        columns.push(("target", "data.role_target", false));
    } else {
        columns.push(("deals", "common.deals", true));
    }
    match kind {
        Kind::Seller => columns.push(("other", "data.plans", true)),
        Kind::Role => columns.push(("other", "data.contacts", true)),
        _ => {}
    }
    let body = move || {
        let lang = i18n.lang();
        let range = ctl.window(total.get());
        rows.with(|rs| {
            rs[range]
                .iter()
                .map(|r| {
                    let id = r.id;
                    let target = kind.item(id);
                    view! {
                        <tr data-testid="list-row">
                            {open_cell(format!("open-{slug}-{id}"), r.name.clone(), None, Callback::new(move |_| editing.set(Some(Some(id)))))}
                            {role.then(|| view! {
                                <td>{tr(lang, if r.target { "data.answer_yes" } else { "data.answer_no" })}</td>
                            })}
                            {(!role).then(|| view! { <td class="num">{fmt::count(r.deals, lang)}</td> })}
                            {matches!(kind, Kind::Seller | Kind::Role).then(|| view! {
                                <td class="num">{fmt::count(r.other, lang)}</td>
                            })}
                            <td class="dactions">
                                {delete_button(lang, Some(format!("del-{slug}-{id}")), &r.name, Callback::new(move |_| {
                                    if let Some(t) = target {
                                        request_delete(app, i18n, t, ask);
                                    }
                                }))}
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <DataList id=format!("{slug}s") title=title_key help=help_key ctl=ctl total=total
            count=Signal::derive(move || fmt::count(app.ws().with(|w| rows_of_len(w, kind)), i18n.lang()))
            count_test_id=format!("{slug}s-count")
            above=move || view! { <QuickAdd kind=kind/> }
            empty=empty_text(ctl, "data.empty_list")
            columns=columns actions=true rows=body/>
        {move || editing.get().map(|id| view! {
            <NamedForm kind=kind id=id on_close=Callback::new(move |_| editing.set(None)) ask=ask/>
        })}
        <MoveAndDelete ask=ask/>
    }
}

fn rows_of_len(ws: &Workspace, kind: Kind) -> usize {
    match kind {
        Kind::Seller => ws.sellers.len(),
        Kind::Direction => ws.directions.len(),
        Kind::DealType => ws.deal_types.len(),
        Kind::Role => ws.roles.len(),
        _ => 0,
    }
}

/// Adds an item by name from a one-line form above the list (Enter adds).
#[component]
fn QuickAdd(
    /// Which list it adds to.
    kind: Kind,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let errs = Errs::default();
    let slug = kind.slug();
    let input_id = format!("new-{slug}");
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errs.clear();
        let n = name.get_untracked();
        let label = change_label(i18n, true, kind, &n);
        match app.change(label, |w| upsert(w, kind, fresh_id(), n.clone(), false)) {
            Ok(()) => name.set(String::new()),
            Err(e) => errs.add_domain(e),
        }
    };
    let name_label = match kind {
        Kind::Seller => "data.seller_name",
        Kind::Direction => "data.direction_name",
        Kind::DealType => "data.type_name",
        _ => "data.role_name",
    };
    let add_label = match kind {
        Kind::Seller => "data.add_seller",
        Kind::Direction => "data.add_direction",
        Kind::DealType => "data.add_type",
        _ => "data.add_role",
    };
    let err_id = format!("new-{slug}-error");
    view! {
        <form class="inline-form dquick" on:submit=add novalidate>
            <label for=input_id.clone()>{move || i18n.t(name_label)}</label>
            <input id=input_id type="text" data-testid=format!("new-{slug}-name") autocomplete="off"
                aria-invalid=move || errs.has("name").then_some("true")
                aria-describedby=err_id.clone()
                prop:value=move || name.get()
                on:input=move |ev| { name.set(event_target_value(&ev)); errs.clear_field("name"); } />
            <button type="submit" id=format!("add-{slug}") data-testid=format!("add-{slug}")>{move || i18n.t(add_label)}</button>
            <span id=err_id class="field-error" role="alert">{move || errs.text("name", i18n)}</span>
        </form>
    }
}

/// The form of one named item: new when `id` is `None`.
#[component]
fn NamedForm(
    /// Which list the item is in.
    kind: Kind,
    /// The item's raw id, or `None` for a new one.
    id: Option<u64>,
    /// Closes the form.
    on_close: Callback<()>,
    /// Set when a delete is refused (the item is in use), to offer moving its users.
    ask: RwSignal<Option<Ask>>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let errs = Errs::default();
    let stored = app.ws().with_untracked(|w| {
        kind.item(id.unwrap_or(0))
            .filter(|_| id.is_some())
            .map(|r| super::common::item_name(w, r))
    });
    let target0 = id.map(RoleId).and_then(|r| {
        app.ws()
            .with_untracked(|w| w.roles.iter().find(|x| x.id == r).map(|x| x.target))
    });
    let name = RwSignal::new(stored.clone().unwrap_or_default());
    let target = RwSignal::new(target0.unwrap_or(false));
    let prefix = format!("{}-form", kind.slug());
    let name_id = fid(&prefix, "name");
    let target_id = fid(&prefix, "target");
    let save = Callback::new(move |_| {
        errs.clear();
        let n = name.get_untracked();
        let new_id = id.unwrap_or_else(fresh_id);
        let label = change_label(i18n, id.is_none(), kind, &n);
        match app.change(label, |w| {
            upsert(w, kind, new_id, n.clone(), target.get_untracked())
        }) {
            Ok(()) => on_close.run(()),
            Err(e) => errs.add_domain(e),
        }
    });
    let delete = delete_action(app, i18n, id.and_then(|i| kind.item(i)), on_close, ask);
    let title = Signal::derive(move || form_title(i18n.lang(), id.is_none(), kind));
    view! {
        <Panel title=title test_id="named-form" on_submit=save on_close=on_close
            danger_label=id.map(|_| Signal::derive(move || i18n.t("common.delete")))
            on_danger=Some(delete)>
            <InputField id=name_id.clone() label=Signal::derive(move || i18n.t("common.name")) field="name" kind="text" value=name errs=errs/>
            {(kind == Kind::Role).then(|| view! {
                <div class="dfield dcheck">
                    <input type="checkbox" id=target_id.clone() data-testid=target_id.clone()
                        prop:checked=move || target.get()
                        on:change=move |ev| target.set(event_target_checked(&ev)) />
                    <label for=target_id.clone()>{move || i18n.t("data.role_target_long")}</label>
                </div>
            })}
        </Panel>
    }
}
