//! The report tables of the funnel and the forecast, driven by data: a page builds a
//! [`ReportTable`] (columns, rows of [`Cell`]s that carry their text and their exact value on
//! hover) and [`ReportRows`] draws it. The CSV export of the same report is written by
//! `format::report_csv` from the domain's report, not from these texts.

use leptos::prelude::*;

use crate::domain::{Lang, Money, Weighted};
use crate::ui::fmt;

/// One figure: as shown, and its exact value on hover where the text is rounded.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    pub title: Option<String>,
    /// An extra class of the cell (`fc-noplan`: the figure is not a number).
    pub class: Option<&'static str>,
    /// `data-testid` of the cell.
    pub test_id: Option<String>,
}

impl Cell {
    /// A cell showing `text`.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }

    /// No figure: a dash.
    pub fn none() -> Cell {
        Cell::text("—")
    }

    /// The same cell with `data-testid` set.
    pub fn with_test_id(self, id: impl Into<String>) -> Cell {
        Cell {
            test_id: Some(id.into()),
            ..self
        }
    }

    /// The same cell with an extra class when `on`.
    pub fn with_class_if(self, class: &'static str, on: bool) -> Cell {
        Cell {
            class: on.then_some(class),
            ..self
        }
    }
}

/// Makes cells in one language and currency.
#[derive(Clone, Copy)]
pub struct Cells<'a> {
    pub lang: Lang,
    pub currency: &'a str,
}

impl Cells<'_> {
    pub fn count(&self, n: usize) -> Cell {
        Cell::text(fmt::count(n, self.lang))
    }

    /// Money to the kopeck.
    pub fn money(&self, m: Money) -> Cell {
        Cell::text(fmt::money(m, self.currency, self.lang))
    }

    pub fn weighted(&self, w: Weighted) -> Cell {
        self.money(w.round())
    }

    /// Money in whole units, the exact amount on hover.
    pub fn money_short(&self, m: Money) -> Cell {
        Cell {
            title: Some(fmt::money(m, self.currency, self.lang)),
            ..Cell::text(fmt::money_short(m, self.currency, self.lang))
        }
    }

    pub fn weighted_short(&self, w: Weighted) -> Cell {
        self.money_short(w.round())
    }

    /// A ratio as a percentage.
    pub fn percent(&self, r: Option<f64>) -> Cell {
        Cell::text(fmt::percent(r, self.lang))
    }

    /// Days with one decimal.
    pub fn days(&self, d: Option<f64>) -> Cell {
        Cell::text(fmt::decimal1(d, self.lang))
    }
}

/// A column: its slug (`data-col` of its cells) and header.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub slug: &'static str,
    pub label: String,
}

/// One row: its header cell, its figures, and how it is marked.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Row {
    /// The row header.
    pub head: Cell,
    /// Figures, one per column after the first.
    pub cells: Vec<Cell>,
    /// What the row stands for: the key a row link opens (`data-key`).
    pub key: String,
    /// What kind of row it is (`data-row`), if the page tells them apart.
    pub kind: Option<&'static str>,
    /// Totals and outcomes go in the footer.
    pub foot: bool,
    /// The row header's link title; without one the header is plain text.
    pub link_title: Option<String>,
    pub class: String,
    /// `data-testid` of the row.
    pub test_id: Option<String>,
}

/// A report table, ready to show.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ReportTable {
    /// The row-header column first.
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// What the row headers' links do.
#[derive(Clone, Copy)]
pub struct RowLinks {
    pub class: &'static str,
    /// Prefix of each link's `data-testid`: `<prefix>-<row key>`.
    pub test_id: Option<&'static str>,
    /// The region the links open (`aria-controls`).
    pub controls: Option<&'static str>,
    /// The key of the open row: it is marked, and the links say whether they are expanded.
    pub selected: Option<Signal<Option<String>>>,
    /// Called with the row's key.
    pub on_open: Callback<String>,
}

/// The header, body and footer of a report table (inside the page's `<table>` and caption).
/// Rows and cells are keyed by position and take their text in place when the table changes, so
/// a filter change rewrites a few text nodes instead of rebuilding the table (issue 17).
#[component]
pub fn ReportRows(
    /// The table to draw.
    #[prop(into)]
    table: Signal<ReportTable>,
    /// What the row headers' links do; without it every header is plain text.
    #[prop(optional)]
    links: Option<RowLinks>,
) -> impl IntoView {
    // Every row and cell reads the table: held once here, and unchanged tables notify nobody.
    let table: Signal<ReportTable> = Memo::new(move |_| table.get()).into();
    let part = move |foot: bool| {
        // (row's position in the table) of the rows of this part.
        let at = Memo::new(move |_| {
            table.with(|t| {
                t.rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.foot == foot)
                    .map(|(i, _)| i)
                    .collect::<Vec<_>>()
            })
        });
        view! {
            <For each=move || 0..at.with(Vec::len) key=|n| *n let:n>
                <ReportRow table=table at=Signal::derive(move || at.with(|a| a.get(n).copied())) links=links/>
            </For>
        }
    };
    let columns = Memo::new(move |_| {
        table.with(|t| {
            t.columns
                .iter()
                .map(|c| c.label.clone())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <thead><tr>
            {move || columns.with(|cols| cols.iter().enumerate().map(|(i, c)| view! {
                <th scope="col" class:num={i > 0}>{c.clone()}</th>
            }).collect_view())}
        </tr></thead>
        <tbody>{part(false)}</tbody>
        <tfoot>{part(true)}</tfoot>
    }
}

/// One row of a [`ReportRows`] table: the row at position `at` of the table, whichever it is now.
#[component]
fn ReportRow(
    /// The table.
    table: Signal<ReportTable>,
    /// The row's position in the table's rows.
    at: Signal<Option<usize>>,
    /// What the row header's link does.
    links: Option<RowLinks>,
) -> impl IntoView {
    let row = Memo::new(move |_| {
        let i = at.get();
        table.with(|t| {
            i.and_then(|i| t.rows.get(i)).map(|r| Row {
                cells: Vec::new(),
                ..r.clone()
            })
        })
    });
    let slugs = Memo::new(move |_| {
        table.with(|t| t.columns.iter().skip(1).map(|c| c.slug).collect::<Vec<_>>())
    });
    let ncells = Memo::new(move |_| {
        let i = at.get();
        table.with(|t| i.and_then(|i| t.rows.get(i)).map_or(0, |r| r.cells.len()))
    });
    let key =
        Memo::new(move |_| row.with(|r| r.as_ref().map(|r| r.key.clone()).unwrap_or_default()));
    let is_open = move || {
        links
            .and_then(|l| l.selected)
            .is_some_and(|s| s.with(|k| key.with(|key| k.as_deref() == Some(key.as_str()))))
    };
    let head_text =
        move || row.with(|r| r.as_ref().map(|r| r.head.text.clone()).unwrap_or_default());
    let link_title =
        Memo::new(move |_| row.with(|r| r.as_ref().and_then(|r| r.link_title.clone())));
    let has_link = Memo::new(move |_| links.is_some() && link_title.with(Option::is_some));
    let head = move || match links.filter(|_| has_link.get()) {
        Some(l) => {
            let expanded = l.selected.map(|_| move || is_open().to_string());
            view! {
                <button type="button" class=l.class title=move || link_title.get()
                    data-testid=move || l.test_id.map(|p| format!("{p}-{}", key.get()))
                    aria-expanded=expanded aria-controls=l.controls
                    on:click=move |_| l.on_open.run(key.get_untracked())>{head_text}</button>
            }
            .into_any()
        }
        None => head_text.into_any(),
    };
    view! {
        <tr class=move || row.with(|r| r.as_ref().map(|r| r.class.clone()).unwrap_or_default())
            class:selected=is_open data-row=move || row.with(|r| r.as_ref().and_then(|r| r.kind))
            data-key=move || key.with(|k| (!k.is_empty()).then(|| k.clone()))
            data-testid=move || row.with(|r| r.as_ref().and_then(|r| r.test_id.clone()))>
            <th scope="row">{head}</th>
            <For each=move || 0..ncells.get() key=|c| *c let:c>
                <ReportCell table=table at=at col=c slugs=slugs/>
            </For>
        </tr>
    }
}

/// Cell `col` of the row at `at`.
#[component]
fn ReportCell(
    table: Signal<ReportTable>,
    at: Signal<Option<usize>>,
    col: usize,
    slugs: Memo<Vec<&'static str>>,
) -> impl IntoView {
    let cell = Memo::new(move |_| {
        let i = at.get();
        table.with(|t| {
            i.and_then(|i| t.rows.get(i))
                .and_then(|r| r.cells.get(col))
                .cloned()
        })
    });
    view! {
        <td class=move || cell.with(|c| match c.as_ref().and_then(|c| c.class) {
                Some(extra) => format!("num {extra}"),
                None => "num".to_string(),
            })
            data-col=move || slugs.with(|s| s.get(col).copied())
            data-testid=move || cell.with(|c| c.as_ref().and_then(|c| c.test_id.clone()))
            title=move || cell.with(|c| c.as_ref().and_then(|c| c.title.clone()))>
            {move || cell.with(|c| c.as_ref().map(|c| c.text.clone()).unwrap_or_default())}
        </td>
    }
}
