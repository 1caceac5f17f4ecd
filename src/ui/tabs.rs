//! The tab bar of the pages with views (pipeline, forecast): an ARIA tablist of buttons, the
//! chosen one selected and the only one in the Tab order, arrow keys moving to the previous or
//! next tab (and the keyboard focus with it). The page keeps the chosen tab in the URL.

use leptos::ev::KeyboardEvent;
use leptos::html::Button;
use leptos::prelude::*;

use crate::ui::i18n::use_i18n;

/// How a page's tabs are named and drawn.
#[derive(Clone, Copy)]
pub struct TabNames {
    /// Prefix of each tab's `id` (`<id>-<slug>`, what the panel's `aria-labelledby` names).
    pub id: &'static str,
    /// Prefix of each tab's `data-testid`: `<test_id>-<slug>`.
    pub test_id: &'static str,
    /// Prefix of the labels' translation keys: `<label_key>.<slug>`.
    pub label_key: &'static str,
    /// Translation key of the bar's accessible name.
    pub bar_label: &'static str,
    /// `id` of the panel the tabs control.
    pub panel: &'static str,
    /// Class of the bar and of each tab.
    pub class: &'static str,
    pub tab_class: &'static str,
}

/// The `id` of the tab `slug`.
pub fn tab_id(names: TabNames, slug: &str) -> String {
    format!("{}-{slug}", names.id)
}

/// A tab bar over `tabs` (slugs, in order).
#[component]
pub fn TabBar(
    /// The tabs' slugs, in order.
    tabs: Vec<&'static str>,
    /// The chosen tab's slug.
    #[prop(into)]
    current: Signal<&'static str>,
    /// Called with the slug of the tab the user chose (by click or arrow key).
    on_pick: Callback<&'static str>,
    /// Ids, test ids, labels and classes.
    names: TabNames,
) -> impl IntoView {
    let i18n = use_i18n();
    let buttons: Vec<NodeRef<Button>> = tabs.iter().map(|_| NodeRef::new()).collect();
    let (focus, order) = (buttons.clone(), tabs.clone());
    let on_key = move |ev: KeyboardEvent| {
        let step: isize = match ev.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        ev.prevent_default();
        let now = current.get_untracked();
        let at = order.iter().position(|t| *t == now).unwrap_or(0) as isize;
        let next = (at + step).rem_euclid(order.len() as isize) as usize;
        on_pick.run(order[next]);
        if let Some(b) = focus.get(next).and_then(|b| b.get_untracked()) {
            b.focus().ok();
        }
    };
    view! {
        <div class=names.class role="tablist" aria-label=move || i18n.t(names.bar_label) on:keydown=on_key>
            {tabs.into_iter().zip(buttons).map(|(slug, node)| view! {
                <button type="button" role="tab" class=names.tab_class node_ref=node
                    id=tab_id(names, slug)
                    aria-controls=names.panel
                    aria-selected=move || (current.get() == slug).to_string()
                    tabindex=move || if current.get() == slug { "0" } else { "-1" }
                    class:active=move || current.get() == slug
                    data-testid=format!("{}-{slug}", names.test_id)
                    on:click=move |_| on_pick.run(slug)>
                    {move || i18n.t(&format!("{}.{slug}", names.label_key))}
                </button>
            }).collect_view()}
        </div>
    }
}
