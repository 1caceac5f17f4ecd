//! The Workshop tab: the scenario companies a trainer opens (each a link that can be shared,
//! `#/<page>?scenario=<slug>`), and the printed meeting pack.

use leptos::prelude::*;

use crate::domain::scenario::Scenario;
use crate::ui::i18n::use_i18n;
use crate::ui::route::{PRINT_KEY, Page};
use crate::ui::scenario_link::link;
use crate::ui::state::use_app;

#[component]
pub fn WorkshopTab() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let pack = move || {
        app.route()
            .with(|r| r.on_page(Page::Funnel))
            .with(PRINT_KEY, Some("pack".to_string()))
            .to_hash()
    };
    view! {
        <section class="card workshop" data-testid="workshop">
            <h2>{move || i18n.t("workshop.title")}</h2>
            <p class="help">{move || i18n.t("workshop.help")}</p>
            <ul class="scenarios">
                {Scenario::ALL.into_iter().map(|s| {
                    let href = link(s).to_hash();
                    let key = move |part: &str| format!("workshop.{}.{part}", s.slug());
                    view! {
                        <li data-testid=format!("scenario-{}", s.slug())>
                            <div>
                                <h3>{move || i18n.t(&key("title"))}</h3>
                                <p>{move || i18n.t(&key("line"))}</p>
                                <p class="muted scenario-link">
                                    {move || i18n.t("workshop.link")} ": " <code>{href.clone()}</code>
                                </p>
                            </div>
                            <a class="button" href=link(s).to_hash() data-testid=format!("open-scenario-{}", s.slug())>
                                {move || i18n.t("workshop.open")}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section class="card">
            <h2>{move || i18n.t("workshop.print.title")}</h2>
            <div class="action-row">
                <a class="button" href=pack data-testid="print-pack">{move || i18n.t("workshop.print.pack")}</a>
                <p class="help">{move || i18n.t("workshop.print.pack_help")}</p>
            </div>
        </section>
    }
}
