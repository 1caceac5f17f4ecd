//! Deleting an item: done at once (and undoable) when nothing blocks it; refused with how many
//! items use it otherwise, offering to move them to another item of the same list and delete.

use leptos::prelude::*;

use super::common::{
    Errs, Kind, KindText, Msg, edit_error_text, item_name, kind_of, options, usage_text,
};
use super::form::{Panel, Pick, Picker};
use crate::domain::edit::{self, EditError, ItemRef, Usage};
use crate::ui::i18n::{I18n, fill, tr, use_i18n};
use crate::ui::state::{AppState, now_millis, use_app};

/// A refused delete waiting for the user to choose where its users go.
#[derive(Clone, Debug, PartialEq)]
pub struct Ask {
    pub target: ItemRef,
    pub name: String,
    pub usage: Usage,
}

/// The undo label of a delete: "Delete client «Acme»".
pub fn delete_label(i18n: I18n, kind: Kind, name: &str) -> String {
    let lang = i18n.lang_untracked();
    fill(
        &tr(lang, "data.undo.delete"),
        &[("what", kind.noun(lang)), ("name", name.to_string())],
    )
}

/// A form's "Delete": closes the form, then deletes `item` as [`request_delete`] does. `None`
/// (a new item) does nothing.
pub fn delete_action(
    app: AppState,
    i18n: I18n,
    item: Option<ItemRef>,
    on_close: Callback<()>,
    ask: RwSignal<Option<Ask>>,
) -> Callback<()> {
    Callback::new(move |_| {
        if let Some(t) = item {
            on_close.run(());
            request_delete(app, i18n, t, ask);
        }
    })
}

/// Deletes `target` now if nothing blocks it (telling what went with it); otherwise opens the
/// move-and-delete dialog through `ask`. Returns true when it was deleted.
pub fn request_delete(
    app: AppState,
    i18n: I18n,
    target: ItemRef,
    ask: RwSignal<Option<Ask>>,
) -> bool {
    let lang = i18n.lang_untracked();
    let (name, usage) = app
        .ws()
        .with_untracked(|w| (item_name(w, target), edit::usage(w, target)));
    let kind = kind_of(target);
    match app.change(delete_label(i18n, kind, &name), |w| {
        edit::delete(w, target, now_millis())
    }) {
        Ok(()) => {
            let mut text = fill(
                &tr(lang, "data.deleted"),
                &[("what", kind.noun(lang)), ("name", name)],
            );
            if !usage.is_empty() {
                text.push(' ');
                text.push_str(&fill(
                    &tr(lang, "data.deleted_also"),
                    &[("usage", usage_text(lang, &usage))],
                ));
            }
            app.notify(text);
            true
        }
        Err(EditError::InUse(u)) => {
            ask.set(Some(Ask {
                target,
                name,
                usage: u,
            }));
            false
        }
        Err(e) => {
            app.notify(edit_error_text(lang, &e));
            false
        }
    }
}

/// The dialog for a refused delete: who uses the item, and a picker to move them elsewhere.
#[component]
pub fn MoveAndDelete(
    /// The refused delete to ask about; the dialog is shown while it is set and clears it on close.
    ask: RwSignal<Option<Ask>>,
) -> impl IntoView {
    move || {
        ask.get().map(|a| view! { <MoveAndDeleteDialog ask=a on_close=Callback::new(move |_| ask.set(None))/> })
    }
}

#[component]
fn MoveAndDeleteDialog(ask: Ask, on_close: Callback<()>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let errs = Errs::default();
    let kind = kind_of(ask.target);
    let from = super::common::id_of(ask.target);
    let to = Pick::new(None, String::new());
    let opts = Signal::derive(move || {
        app.ws().with(|w| {
            options(w, kind)
                .into_iter()
                .filter(|(id, _)| *id != from)
                .collect::<Vec<_>>()
        })
    });
    let (target, name, usage) = (ask.target, ask.name.clone(), ask.usage);
    let name2 = name.clone();
    let submit = Callback::new(move |_| {
        errs.clear();
        let Some(dest) = to.check("to", true, errs) else {
            return;
        };
        let Some(dest_ref) = kind.item(dest) else {
            return;
        };
        let lang = i18n.lang_untracked();
        let dest_name = app.ws().with_untracked(|w| item_name(w, dest_ref));
        let label = fill(
            &tr(lang, "data.undo.move_delete"),
            &[
                ("what", kind.noun(lang)),
                ("name", name.clone()),
                ("to", dest_name.clone()),
            ],
        );
        match app.change(label, |w| {
            edit::reassign_and_delete(w, target, dest_ref, app.today(), now_millis())
        }) {
            Ok(n) => {
                app.notify(fill(
                    &tr(lang, "data.moved_deleted"),
                    &[
                        ("n", n.to_string()),
                        ("to", dest_name),
                        ("name", name.clone()),
                    ],
                ));
                on_close.run(());
            }
            Err(e) => errs.add("to", Msg::Edit(e)),
        }
    });
    view! {
        <Panel title=Signal::derive(move || i18n.tf("data.delete.title", &[("name", name2.clone())]))
            test_id="delete-dialog" on_submit=submit on_close=on_close
            save_label=Signal::derive(move || i18n.t("data.delete.move_and_delete"))>
            <p class="dwarn" role="alert" data-testid="delete-refused">{move || {
                let lang = i18n.lang();
                fill(&tr(lang, "data.delete.in_use"), &[
                    ("what", kind.noun(lang)),
                    ("name", ask.name.clone()),
                    ("usage", usage_text(lang, &usage)),
                ])
            }}</p>
            <Picker id="reassign-to" label=Signal::derive(move || i18n.t("data.delete.move_to")) field="to" pick=to
                options=opts errs=errs hint=Signal::derive(move || i18n.t("data.delete.move_hint")) />
            {move || edit_hint(i18n, kind).map(|h| view! { <p class="help">{h}</p> })}
        </Panel>
    }
}

/// What moving means for this list, when it is not obvious.
fn edit_hint(i18n: I18n, kind: Kind) -> Option<String> {
    match kind {
        Kind::Stage => Some(i18n.t("data.delete.stage_hint")),
        Kind::Seller => Some(i18n.t("data.delete.seller_hint")),
        _ => None,
    }
}
