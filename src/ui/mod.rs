//! Components and pages. Views read the shared [`state::AppState`]; every figure comes from a
//! pure function in `crate::domain`, every chart from a pure builder in `crate::charts`.

pub mod app;
pub mod banner;
pub mod chart;
pub mod crash;
pub mod deal_list;
pub mod download;
pub mod filter_bar;
pub mod fmt;
pub mod i18n;
pub mod lazy;
pub mod matrix;
pub mod messages;
pub mod page_loader;
pub mod pager;
pub mod pages;
pub mod print_pack;
pub mod report_notes;
pub mod report_table;
pub mod route;
pub mod scenario_banner;
pub mod scenario_link;
pub mod shared;
pub mod snapshots;
pub mod split_calls;
pub mod state;
pub mod tabs;
pub mod timing;
pub mod update;
pub mod workshop;

/// Starts the app: a visible panic message instead of a dead page, then mount.
pub fn start() {
    crash::install();
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
