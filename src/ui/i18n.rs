//! Translations through rust-i18n (files in `src/locales`), read reactively from the chosen
//! language so every label updates when the user switches.

use leptos::prelude::*;

use crate::domain::Lang;

/// The chosen UI language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

impl I18n {
    pub fn lang(self) -> Lang {
        self.0.get()
    }

    /// The current language, without tracking (for event handlers).
    pub fn lang_untracked(self) -> Lang {
        self.0.get_untracked()
    }

    /// The text for `key`, without tracking (for event handlers and async tasks).
    pub fn t_untracked(self, key: &str) -> String {
        tr(self.0.get_untracked(), key)
    }

    /// The text for `key` in the current language (tracks the language signal).
    pub fn t(self, key: &str) -> String {
        tr(self.0.get(), key)
    }

    /// The text for `key` with `%{name}` placeholders filled.
    pub fn tf(self, key: &str, args: &[(&str, String)]) -> String {
        fill(&self.t(key), args)
    }
}

/// The text for `key` in `lang`; a missing key shows the key itself, so a gap is visible.
pub fn tr(lang: Lang, key: &str) -> String {
    crate::_rust_i18n_translate(lang.code(), key).into_owned()
}

/// Fills `%{name}` placeholders.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("%{{{k}}}"), v);
    }
    out
}

pub fn use_i18n() -> I18n {
    // ok: the App provides I18n before any child is built.
    expect_context::<I18n>()
}
