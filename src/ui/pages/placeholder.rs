//! A page whose report is still being built: says so, and shows the data it will work on.

use leptos::prelude::*;

use crate::ui::i18n::use_i18n;
use crate::ui::route::Page;
use crate::ui::state::use_app;

#[component]
pub fn Placeholder(
    /// The page being stood in for.
    page: Page,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    view! {
        <section class="card">
            <h1>{move || i18n.t(page.label_key())}</h1>
            <p class="muted">{move || i18n.t("common.coming_soon")}</p>
            <p>{move || app.ws().with(|w| i18n.tf("data.summary", &[
                ("deals", w.deals.len().to_string()),
                ("clients", w.real_clients().count().to_string()),
                ("contacts", w.contacts.len().to_string()),
                ("sellers", w.sellers.len().to_string()),
            ]))}</p>
        </section>
    }
}
