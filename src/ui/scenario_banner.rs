//! The banner over every page while a workshop scenario is on show: which scenario, that
//! nothing is saved, and the way back to the user's own workspace.

use leptos::prelude::*;

use crate::ui::i18n::use_i18n;
use crate::ui::state::use_app;

#[component]
pub fn ScenarioBanner() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let back = move |_| {
        if app.restore_previous(i18n.lang_untracked()) {
            app.notify(i18n.t("data.restored"));
        }
    };
    move || {
        app.scenario().get().map(|s| {
            let title = i18n.t(&format!("workshop.{}.title", s.slug()));
            view! {
                <div class="banner scenario" role="status" data-testid="scenario-banner" data-scenario=s.slug()>
                    <span>{i18n.tf("workshop.banner", &[("title", title)])}</span>
                    " "
                    <button type="button" class="secondary" data-testid="scenario-back" on:click=back>
                        {i18n.t("workshop.back")}
                    </button>
                </div>
            }
        })
    }
}
