//! A view of the app a trainer moves to: a page and the query keys that pick one of its views
//! (a tab, a mode). Tour steps and presentation slides are both lists of these. Pure: no browser.

use crate::ui::route::{Page, Route};

/// A page and the view keys that pick what it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct View {
    pub page: Page,
    /// Query keys and values this view sets (`pview=stages`); every other view key of the page
    /// is left out, so the page opens on exactly this view.
    pub query: &'static [(&'static str, &'static str)],
}

impl View {
    /// Whether `r` shows this view: the same page, with each of the view's keys set as it says.
    pub fn matches(&self, r: &Route) -> bool {
        r.page == self.page && self.query.iter().all(|(k, v)| r.get(k) == Some(*v))
    }

    /// The route to this view from `current`: the filter and presentation mode come along
    /// ([`Route::on_page`]), the page's other view keys do not.
    pub fn route_from(&self, current: &Route) -> Route {
        self.query
            .iter()
            .fold(current.on_page(self.page), |r, (k, v)| {
                r.with(k, Some((*v).to_string()))
            })
    }
}

/// Whether moving from `from` to `to` changes the page: a new page is a new history entry
/// (the browser's Back returns to it), a new view of the same page replaces the entry.
pub fn is_page_change(from: &Route, to: &Route) -> bool {
    from.page != to.page
}
