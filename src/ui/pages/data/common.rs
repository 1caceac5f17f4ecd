//! Shared pieces of the Data section: which list an item belongs to, its name, the options of a
//! picker, and inline messages (domain field errors, amount parsing, pickers) in the UI language.

use leptos::prelude::*;

use crate::domain::edit::{EditError, FieldError, FieldErrorKind, ItemRef, Usage};
use crate::domain::money::AmountError;
use crate::domain::*;
use crate::ui::i18n::{I18n, fill, tr};

/// The file chosen in a file input's change event. The input is cleared, so choosing the same
/// file again fires the event again.
pub fn chosen_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|f| f.get(0))?;
    input.set_value("");
    Some(file)
}

/// The lists of the Data section: the domain's [`ItemKind`], with what the UI says of them.
pub use crate::domain::entity::ItemKind as Kind;

/// What the Data section shows of a list: its slug and its noun.
pub trait KindText {
    /// Used in element ids, test ids and i18n keys.
    fn slug(self) -> &'static str;
    /// The item named in a sentence ("client"), in `lang`.
    fn noun(self, lang: Lang) -> String;
}

impl KindText for Kind {
    fn slug(self) -> &'static str {
        match self {
            // Element ids and test ids say "type" (`#add-type`), the domain's code `deal_type`.
            Kind::DealType => "type",
            k => k.code(),
        }
    }

    fn noun(self, lang: Lang) -> String {
        tr(lang, &format!("data.kind.{}", self.slug()))
    }
}

/// The list an item belongs to.
pub fn kind_of(r: ItemRef) -> Kind {
    r.kind()
}

/// The raw id of an item (a plan's seller).
pub fn id_of(r: ItemRef) -> u64 {
    r.raw_id()
}

/// The name an item is shown with (a plan: "seller, 2026-11").
pub fn item_name(ws: &Workspace, r: ItemRef) -> String {
    match r {
        ItemRef::Plan(s, m) => ws
            .seller(s)
            .map(|x| format!("{}, {m}", x.name))
            .unwrap_or_default(),
        _ => r.name(ws).unwrap_or_default().to_string(),
    }
}

/// "Add seller «Anna»" / "Edit seller «Anna»", for the undo stack.
pub fn change_label(i18n: I18n, new: bool, kind: Kind, name: &str) -> String {
    let lang = i18n.lang_untracked();
    let key = if new {
        "data.undo.add"
    } else {
        "data.undo.edit"
    };
    fill(
        &tr(lang, key),
        &[("what", kind.noun(lang)), ("name", name.trim().to_string())],
    )
}

/// The items of a list as (id, label) for a picker. Contacts are labelled "Name — Client", as
/// two clients may each have an "Anna Smith".
pub fn options(ws: &Workspace, kind: Kind) -> Vec<(u64, String)> {
    match kind {
        Kind::Seller => ws
            .sellers
            .iter()
            .map(|x| (x.id.0, x.name.clone()))
            .collect(),
        Kind::Client => ws
            .clients
            .iter()
            .map(|x| (x.id.0, x.name.clone()))
            .collect(),
        Kind::Contact => ws
            .contacts
            .iter()
            .map(|x| {
                let client = ws.client(x.client).map(|c| c.name.as_str()).unwrap_or("");
                (x.id.0, format!("{} — {client}", x.name))
            })
            .collect(),
        Kind::Direction => ws
            .directions
            .iter()
            .map(|x| (x.id.0, x.name.clone()))
            .collect(),
        Kind::Stage => ws.stages.iter().map(|x| (x.id.0, x.name.clone())).collect(),
        Kind::Role => ws.roles.iter().map(|x| (x.id.0, x.name.clone())).collect(),
        Kind::DealType => ws
            .deal_types
            .iter()
            .map(|x| (x.id.0, x.name.clone()))
            .collect(),
        Kind::Deal => ws.deals.iter().map(|x| (x.id.0, x.title.clone())).collect(),
        Kind::Plan => Vec::new(),
    }
}

/// A form's title: "New client", "Edit stage".
pub fn form_title(lang: Lang, new: bool, kind: Kind) -> String {
    let which = if new { "new" } else { "edit" };
    tr(lang, &format!("data.form.{which}_{}", kind.slug()))
}

/// An element id for a form field: `deal-form-next-step-text`.
pub fn fid(prefix: &str, field: &str) -> String {
    format!("{prefix}-{}", field.replace(['.', '_'], "-"))
}

/// One inline message, kept untranslated so a language switch rewords it.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Field(FieldErrorKind),
    Amount(AmountError),
    /// Typed text that matches no item of the picker's list.
    Pick,
    /// Not a whole number.
    Number,
    /// Not a date.
    Date,
    Edit(EditError),
}

/// Counts for "used by …" in `lang`, e.g. "12 deals and 3 contacts".
pub fn usage_text(lang: Lang, u: &Usage) -> String {
    let mut parts = Vec::new();
    for (n, key) in [
        (u.deals, "deals"),
        (u.contacts, "contacts"),
        (u.plans, "plans"),
        (u.history, "history"),
    ] {
        if n > 0 {
            parts.push(counted(lang, n, &format!("data.usage.{key}")));
        }
    }
    match parts.len() {
        0 => String::new(),
        1 => parts.remove(0),
        _ => {
            let last = parts.pop().unwrap_or_default();
            fill(
                &tr(lang, "data.usage.and"),
                &[("a", parts.join(", ")), ("b", last)],
            )
        }
    }
}

/// `n` with the noun's plural form for `lang`: keys `<key>.one`, `.few`, `.many` (Russian needs
/// all three; English uses `.one` and `.many`).
pub fn counted(lang: Lang, n: usize, key: &str) -> String {
    let form = match lang {
        Lang::En => {
            if n == 1 {
                "one"
            } else {
                "many"
            }
        }
        Lang::Ru => {
            let (d, h) = (n % 10, n % 100);
            if d == 1 && h != 11 {
                "one"
            } else if (2..=4).contains(&d) && !(12..=14).contains(&h) {
                "few"
            } else {
                "many"
            }
        }
    };
    fill(
        &tr(lang, &format!("{key}.{form}")),
        &[("n", crate::ui::fmt::count(n, lang))],
    )
}

/// A refused move, delete or reassignment in `lang`.
pub fn edit_error_text(lang: Lang, e: &EditError) -> String {
    match e {
        EditError::InUse(u) => fill(
            &tr(lang, "data.edit_err.in_use"),
            &[("usage", usage_text(lang, u))],
        ),
        other => tr(lang, &format!("data.edit_err.{}", other.code())),
    }
}

/// The text of one inline message for `field`.
pub fn msg_text(lang: Lang, field: &str, m: &Msg) -> String {
    let t = |k: &str| tr(lang, &format!("data.err.{k}"));
    match m {
        Msg::Field(kind) => match kind {
            FieldErrorKind::Required => match field {
                "name" | "title" | "client" | "seller" | "stage" | "created" | "month"
                | "lost_reason" | "next_step.text" => {
                    t(&format!("required_{}", field.replace('.', "_")))
                }
                _ => t("required"),
            },
            FieldErrorKind::TooLong { max } => fill(&t("too_long"), &[("max", max.to_string())]),
            FieldErrorKind::Duplicate if field == "month" => t("duplicate_month"),
            FieldErrorKind::Duplicate => t("duplicate"),
            FieldErrorKind::OutOfRange => match field {
                "probability" | "rotting_days" | "amount" | "level" | "month" => {
                    t(&format!("range_{field}"))
                }
                _ => t("out_of_range"),
            },
            FieldErrorKind::MissingReference => t("missing_reference"),
            FieldErrorKind::DateOrder => match field {
                "expected_close" | "created" | "stage" | "history" | "closed" => {
                    t(&format!("date_{field}"))
                }
                _ => t("date_order"),
            },
            FieldErrorKind::Inconsistent => t("inconsistent"),
            FieldErrorKind::InUse { deals } => fill(
                &t("kind_in_use"),
                &[("deals", counted(lang, *deals, "data.usage.deals"))],
            ),
            FieldErrorKind::NoOpenStage => t("no_open_stage"),
        },
        Msg::Amount(e) => tr(lang, &format!("amount_error.{}", e.code())),
        Msg::Pick => t("pick"),
        Msg::Number => t("number"),
        Msg::Date => t("date"),
        Msg::Edit(e) => edit_error_text(lang, e),
    }
}

/// The inline messages of one form, by field.
#[derive(Clone, Copy)]
pub struct Errs(pub RwSignal<Vec<(String, Msg)>>);

impl Default for Errs {
    fn default() -> Self {
        Errs(RwSignal::new(Vec::new()))
    }
}

impl Errs {
    pub fn clear(self) {
        self.0.set(Vec::new());
    }

    /// Forgets the messages of one field (the user is fixing it).
    pub fn clear_field(self, field: &str) {
        if self.0.with_untracked(|v| v.iter().any(|(f, _)| f == field)) {
            self.0.update(|v| v.retain(|(f, _)| f != field));
        }
    }

    pub fn add(self, field: &str, m: Msg) {
        self.0.update(|v| v.push((field.to_string(), m)));
    }

    /// Adds the domain's messages for fields that have no message yet (a field the form already
    /// flagged, say an amount that did not parse, keeps its own clearer one).
    pub fn add_domain(self, errors: Vec<FieldError>) {
        self.0.update(|v| {
            let flagged: Vec<String> = v.iter().map(|(f, _)| f.clone()).collect();
            for e in errors {
                if !flagged.iter().any(|f| f == e.field) {
                    v.push((e.field.to_string(), Msg::Field(e.kind)));
                }
            }
        });
    }

    pub fn is_empty_untracked(self) -> bool {
        self.0.with_untracked(Vec::is_empty)
    }

    pub fn has_untracked(self, field: &str) -> bool {
        self.0.with_untracked(|v| v.iter().any(|(f, _)| f == field))
    }

    /// True when `field` has a message (tracked).
    pub fn has(self, field: &str) -> bool {
        self.0.with(|v| v.iter().any(|(f, _)| f == field))
    }

    /// The messages of `field` in the current language, or `None` (tracked).
    pub fn text(self, field: &str, i18n: I18n) -> Option<String> {
        let lang = i18n.lang();
        self.0.with(|v| {
            let texts: Vec<String> = v
                .iter()
                .filter(|(f, _)| f == field)
                .map(|(f, m)| msg_text(lang, f, m))
                .collect();
            (!texts.is_empty()).then(|| texts.join(" "))
        })
    }

    /// The fields with messages, in the order the messages came (untracked).
    pub fn fields_untracked(self) -> Vec<String> {
        self.0
            .with_untracked(|v| v.iter().map(|(f, _)| f.clone()).collect())
    }
}

/// Lower case with single spaces, for comparing typed names with a list's.
pub fn norm(s: &str) -> String {
    crate::domain::edit::name_key(s)
}
