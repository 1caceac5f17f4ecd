//! Forms of the Data section: a side panel dialog (Enter submits, Escape cancels, focus goes to
//! the first field on open and back to the control that opened it on close), labelled fields
//! with their inline message, and pickers that search as you type (`<input list>` + datalist).

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::common::{Errs, Kind, Msg, change_label, norm};
use crate::domain::edit::{self, Upsert};
use crate::domain::entity::Named;
use crate::ui::i18n::{I18n, use_i18n};
use crate::ui::state::AppState;

/// Marks the focused element (the control that opens a dialog) and returns its id, so focus can
/// go back to it, or to the element with that id if the list was redrawn meanwhile. The opener
/// belongs to whichever component opened the panel, so no NodeRef of the panel's reaches it, and
/// an element cannot be held across `on_cleanup` (it is not `Send`): it is marked instead.
fn mark_opener() -> String {
    let Some(el) = document().active_element() else {
        return String::new();
    };
    el.set_attribute("data-return-focus", "").ok();
    el.id()
}

fn return_focus(id: String) {
    set_timeout(
        move || {
            let doc = document();
            let marked = doc.query_selector("[data-return-focus]").ok().flatten();
            while let Some(el) = doc.query_selector("[data-return-focus]").ok().flatten() {
                if el.remove_attribute("data-return-focus").is_err() {
                    break;
                }
            }
            let target = marked.or_else(|| {
                (!id.is_empty())
                    .then(|| doc.get_element_by_id(&id))
                    .flatten()
            });
            if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                el.focus().ok();
            }
        },
        Duration::ZERO,
    );
}

fn focus_first(root: &web_sys::Element) {
    let sel = ".dpanel-body input:not([type=hidden]):not([disabled]), .dpanel-body select, .dpanel-body textarea, \
               .dpanel-body button";
    if let Some(el) = root
        .query_selector(sel)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        el.focus().ok();
    }
}

/// A modal side panel holding a form. `test_id` names the dialog; its buttons are
/// `<test_id>-save` and `<test_id>-cancel`.
#[component]
pub fn Panel(
    /// The panel's heading.
    #[prop(into)]
    title: Signal<String>,
    /// `data-testid` of the dialog, and the prefix of its buttons'.
    test_id: &'static str,
    /// Save (the submit button or Enter).
    on_submit: Callback<()>,
    /// Closes the panel without saving (cancel, ×, Escape, a click outside).
    on_close: Callback<()>,
    /// The submit button's text (default: Save).
    #[prop(optional, into)]
    save_label: Option<Signal<String>>,
    /// A danger button's text; shown when given (e.g. "Delete deal").
    #[prop(default = None)]
    danger_label: Option<Signal<String>>,
    /// The danger button's action.
    #[prop(default = None)]
    on_danger: Option<Callback<()>>,
    /// The form's fields.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let opener = mark_opener();
    on_cleanup(move || return_focus(opener));
    // The first field takes the focus once the panel is on the page.
    let form_ref = NodeRef::<leptos::html::Form>::new();
    form_ref.on_load(|f| focus_first(&f));
    let title_id = format!("{test_id}-heading");
    let save = move || {
        save_label
            .map(|s| s.get())
            .unwrap_or_else(|| i18n.t("common.save"))
    };
    let close = move |_| on_close.run(());
    view! {
        <div class="dpanel-backdrop" on:click=close></div>
        <aside class="dpanel" role="dialog" aria-modal="true" aria-labelledby=title_id.clone() data-testid=test_id
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    ev.stop_propagation();
                    on_close.run(());
                }
            }>
            <form node_ref=form_ref novalidate on:submit=move |ev| {
                ev.prevent_default();
                on_submit.run(());
            }>
                <header class="dpanel-head">
                    <h2 id=title_id.clone()>{move || title.get()}</h2>
                    <button type="button" class="link dpanel-x" aria-label=move || i18n.t("common.close") on:click=close>"×"</button>
                </header>
                <div class="dpanel-body">{children()}</div>
                <footer class="dpanel-foot">
                    <button type="submit" data-testid=format!("{test_id}-save")>{save}</button>
                    <button type="button" class="secondary" data-testid=format!("{test_id}-cancel") on:click=close>
                        {move || i18n.t("common.cancel")}
                    </button>
                    {danger_label.map(|l| view! {
                        <button type="button" class="danger dpanel-danger" data-testid=format!("{test_id}-delete")
                            on:click=move |_| if let Some(cb) = on_danger { cb.run(()) }>{move || l.get()}</button>
                    })}
                </footer>
            </form>
        </aside>
    }
}

/// A labelled field with its hint and inline message (`<id>-error`, also its test id).
#[component]
pub fn Field(
    /// The control's id (the label points at it); its message is `<id>-error`, its hint `<id>-hint`.
    #[prop(into)]
    id: String,
    /// The label's text.
    #[prop(into)]
    label: Signal<String>,
    /// The field's name in `errs`.
    field: &'static str,
    /// The form's messages; this field shows its own.
    errs: Errs,
    /// A help line under the field.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The control.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    view! {
        <div class="dfield" class:invalid=move || errs.has(field)>
            <label for=id>{move || label.get()}</label>
            {children()}
            {hint.map(|h| view! { <span class="dhint" id=hint_id>{move || h.get()}</span> })}
            <span class="field-error" id=err_id.clone() data-testid=err_id>{move || errs.text(field, i18n)}</span>
        </div>
    }
}

/// A labelled text-like input: a [`Field`] around [`input`].
#[component]
pub fn InputField(
    /// The input's id and test id; its message is `<id>-error`.
    #[prop(into)]
    id: String,
    /// The label's text.
    #[prop(into)]
    label: Signal<String>,
    /// The field's name in `errs`.
    field: &'static str,
    /// The input's type: text, date, number, month.
    kind: &'static str,
    /// The text typed.
    value: RwSignal<String>,
    /// The form's messages; this field shows its own.
    errs: Errs,
    /// A help line under the field.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
) -> impl IntoView {
    let control = input(&id, field, kind, value, errs);
    // Built from its props, as the hint is passed on as it came (optional).
    Field(FieldProps {
        id,
        label,
        field,
        errs,
        hint,
        children: Box::new(move || control.into_any()),
    })
}

/// A select that picks one item of a list by id (`""`: none), bound to `value`: the none option
/// with `none_label`, then the items as (id, name), read again whenever they change.
#[component]
pub fn IdSelect(
    /// The select's id and test id.
    #[prop(into)]
    id: String,
    /// The chosen id as text, `""` for none.
    value: RwSignal<String>,
    /// The none option's text.
    #[prop(into)]
    none_label: Signal<String>,
    /// The items offered, as (id, name).
    #[prop(into)]
    items: Signal<Vec<(u64, String)>>,
) -> impl IntoView {
    view! {
        <select id=id.clone() data-testid=id.clone() aria-describedby=described_by(&id)
            on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="" selected=move || value.with(String::is_empty)>{move || none_label.get()}</option>
            {move || items.get().into_iter().map(|(item, name)| {
                let v = item.to_string();
                let sel = value.with_untracked(|x| *x == v);
                view! { <option value=v selected=sel>{name}</option> }
            }).collect_view()}
        </select>
    }
}

/// `aria-describedby` of a field's control: its message and hint.
pub fn described_by(id: &str) -> String {
    format!("{id}-error {id}-hint")
}

/// A text-like input (`kind`: text, date, number, month) bound to `value`; typing clears the
/// field's message.
pub fn input(
    id: &str,
    field: &'static str,
    kind: &'static str,
    value: RwSignal<String>,
    errs: Errs,
) -> impl IntoView + use<> {
    view! {
        <input type=kind id=id.to_string() name=field data-testid=id.to_string() autocomplete="off"
            aria-invalid=move || errs.has(field).then_some("true")
            aria-describedby=described_by(id)
            prop:value=move || value.get()
            on:input=move |ev| {
                value.set(event_target_value(&ev));
                errs.clear_field(field);
            } />
    }
}

/// A picker's state: the chosen item and the text typed.
#[derive(Clone, Copy)]
pub struct Pick {
    pub id: RwSignal<Option<u64>>,
    pub text: RwSignal<String>,
}

impl Pick {
    pub fn new(id: Option<u64>, label: String) -> Self {
        Pick {
            id: RwSignal::new(id),
            text: RwSignal::new(label),
        }
    }

    /// At submit: an empty required picker says Required, text matching nothing says so.
    pub fn check(self, field: &'static str, required: bool, errs: Errs) -> Option<u64> {
        let id = self.id.get_untracked();
        let empty = self.text.with_untracked(|t| t.trim().is_empty());
        if id.is_none() {
            if !empty {
                errs.add(field, Msg::Pick);
            } else if required {
                errs.add(
                    field,
                    Msg::Field(crate::domain::edit::FieldErrorKind::Required),
                );
            }
        }
        if empty { None } else { id }
    }

    /// Sets the text and the item it names (exact match, ignoring case and spacing).
    pub fn type_text(self, v: String, options: &[(u64, String)]) {
        let key = norm(&v);
        self.id.set(
            options
                .iter()
                .find(|(_, l)| norm(l) == key)
                .map(|(id, _)| *id),
        );
        self.text.set(v);
    }
}

/// An input that searches a list as you type (the browser's datalist) and resolves to an id.
#[component]
pub fn Picker(
    /// The input's id; its list is `<id>-list`, its message `<id>-error`.
    #[prop(into)]
    id: String,
    /// The label's text.
    #[prop(into)]
    label: Signal<String>,
    /// The field's name in `errs`.
    field: &'static str,
    /// The typed text and the id it resolves to.
    pick: Pick,
    /// (id, name) of every choice.
    #[prop(into)]
    options: Signal<Vec<(u64, String)>>,
    /// The form's messages; this field shows its own.
    errs: Errs,
    /// A help line under the field.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
) -> impl IntoView {
    let list_id = format!("{id}-list");
    let input_id = id.clone();
    view! {
        <Field id=id label=label field=field errs=errs hint=hint.unwrap_or_else(|| Signal::derive(String::new))>
            <input type="text" id=input_id.clone() name=field list=list_id.clone() data-testid=input_id.clone()
                autocomplete="off"
                aria-invalid=move || errs.has(field).then_some("true")
                aria-describedby=described_by(&input_id)
                prop:value=move || pick.text.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    options.with_untracked(|o| pick.type_text(v, o));
                    errs.clear_field(field);
                } />
            <datalist id=list_id>
                {move || options.with(|o| o.iter().map(|(_, l)| view! { <option value=l.clone()></option> }).collect_view())}
            </datalist>
        </Field>
    }
}

/// Stores a form's item as one undoable change ("Add client «Anna»") and closes the form. When
/// the form's own parsing already found problems, nothing is saved and the domain's messages for
/// the other fields are shown beside them too; a refused save shows its messages the same way.
pub fn save_item<T: Upsert + Named + Clone>(
    app: AppState,
    i18n: I18n,
    errs: Errs,
    kind: Kind,
    new: bool,
    item: T,
    on_close: Callback<()>,
) {
    if !errs.is_empty_untracked() {
        if let Err(e) = app.ws().with_untracked(|w| edit::check(w, &item)) {
            errs.add_domain(e);
        }
        return;
    }
    let label = change_label(i18n, new, kind, item.name());
    match app.change(label, |w| edit::upsert(w, item.clone())) {
        Ok(()) => on_close.run(()),
        Err(e) => errs.add_domain(e),
    }
}
