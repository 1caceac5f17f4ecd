//! Long lists shown a page at a time: the first rows, then a page more per "show more" (drill-down
//! deal lists, the forecast's lists, matrix tables, pipeline trees).
//!
//! The count is keyed by the list it pages: a new list (a new filter, another matrix selection, a
//! rebuilt tree) starts again from its first page because the count remembers which list it was
//! extended for, not because an Effect resets it.

use leptos::prelude::*;

/// How many rows of a list are shown.
#[derive(Clone, Copy)]
pub struct Pager {
    /// Rows shown before any "show more".
    first: Signal<usize>,
    step: usize,
    /// Counts the changes of the list paged (read to know which list is on screen).
    list: Memo<u64>,
    /// (the list it was extended for, rows shown) after a "show more".
    extended: RwSignal<Option<(u64, usize)>>,
}

impl Pager {
    /// Shows `first` rows, and `step` more per [`Pager::more`], of the list `track` reads: when
    /// anything `track` reads changes, the list is a new one and starts again from `first`.
    pub fn new(first: usize, step: usize, track: impl Fn() + Send + Sync + 'static) -> Self {
        Self::tracking(Signal::stored(first), step, Box::new(track))
    }

    /// Like [`Pager::new`], with a first page that can change (a list kept on screen while what
    /// it shows changes, e.g. a seller's tasks as a preview among several or alone).
    pub fn with_first(
        first: Signal<usize>,
        step: usize,
        track: impl Fn() + Send + Sync + 'static,
    ) -> Self {
        Self::tracking(first, step, Box::new(track))
    }

    /// One body for every list (not one copy per caller's closure).
    fn tracking(first: Signal<usize>, step: usize, track: Box<dyn Fn() + Send + Sync>) -> Self {
        Pager {
            first,
            step,
            list: Memo::new(move |changes: Option<&u64>| {
                track();
                changes.map_or(0, |n| n + 1)
            }),
            extended: RwSignal::new(None),
        }
    }

    /// Rows shown (tracked).
    pub fn shown(self) -> usize {
        let list = self.list.get();
        self.extended.with(|e| match *e {
            Some((extended_for, n)) if extended_for == list => n,
            _ => self.first.get(),
        })
    }

    /// Rows shown, without tracking (for event handlers).
    pub fn shown_untracked(self) -> usize {
        untrack(|| self.shown())
    }

    /// Rows a "show more" adds.
    pub fn step(self) -> usize {
        self.step
    }

    /// Shows a page more.
    pub fn more(self) {
        self.show(self.shown_untracked().saturating_add(self.step));
    }

    /// Shows every row.
    pub fn all(self) {
        self.show(usize::MAX);
    }

    /// Shows `n` rows of the list now on screen.
    pub fn show(self, n: usize) {
        let list = self.list.get_untracked();
        self.extended.set(Some((list, n)));
    }
}

/// "Show more (N left)" under a paged list; nothing when every row is shown.
#[component]
pub fn ShowMore(
    /// The pager the button extends.
    pager: Pager,
    /// How many rows the list has.
    #[prop(into)]
    total: Signal<usize>,
    /// `data-testid` of the button.
    #[prop(optional)]
    test_id: Option<&'static str>,
) -> impl IntoView {
    let i18n = crate::ui::i18n::use_i18n();
    move || {
        let (n, shown) = (total.get(), pager.shown());
        (n > shown).then(|| {
            view! {
                <button type="button" class="secondary" data-testid=test_id
                    on:click=move |_| pager.more()>
                    {i18n.tf("deal_list.more", &[("n", (n - shown).to_string())])}
                </button>
            }
        })
    }
}
