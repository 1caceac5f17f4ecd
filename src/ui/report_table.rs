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
#[component]
pub fn ReportRows(
    /// The table to draw.
    #[prop(into)]
    table: Signal<ReportTable>,
    /// What the row headers' links do; without it every header is plain text.
    #[prop(optional)]
    links: Option<RowLinks>,
) -> impl IntoView {
    let row_view = move |r: Row, columns: &[Column]| {
        let key = r.key;
        let is_open = {
            let key = key.clone();
            move || {
                links
                    .and_then(|l| l.selected)
                    .is_some_and(|s| s.with(|k| k.as_deref() == Some(key.as_str())))
            }
        };
        let head = match (links, r.link_title) {
            (Some(l), Some(title)) => {
                let open_key = key.clone();
                let expanded = l.selected.map(|_| {
                    let is_open = is_open.clone();
                    move || is_open().to_string()
                });
                view! {
                    <button type="button" class=l.class title=title
                        data-testid=l.test_id.map(|p| format!("{p}-{key}"))
                        aria-expanded=expanded aria-controls=l.controls
                        on:click=move |_| l.on_open.run(open_key.clone())>{r.head.text}</button>
                }
                .into_any()
            }
            _ => r.head.text.into_any(),
        };
        let cells = r
            .cells
            .into_iter()
            .zip(columns.iter().skip(1))
            .map(|(c, col)| {
                let class = match c.class {
                    Some(extra) => format!("num {extra}"),
                    None => "num".to_string(),
                };
                view! { <td class=class data-col=col.slug data-testid=c.test_id title=c.title>{c.text}</td> }
            })
            .collect_view();
        view! {
            <tr class=r.class class:selected=is_open data-row=r.kind
                data-key=(!key.is_empty()).then_some(key.clone()) data-testid=r.test_id>
                <th scope="row">{head}</th>
                {cells}
            </tr>
        }
    };
    let part = move |foot: bool| {
        table.with(|t| {
            t.rows
                .iter()
                .filter(|r| r.foot == foot)
                .map(|r| row_view(r.clone(), &t.columns))
                .collect_view()
        })
    };
    view! {
        <thead><tr>
            {move || table.with(|t| t.columns.iter().enumerate().map(|(i, c)| view! {
                <th scope="col" class:num={i > 0}>{c.label.clone()}</th>
            }).collect_view())}
        </tr></thead>
        <tbody>{move || part(false)}</tbody>
        <tfoot>{move || part(true)}</tfoot>
    }
}
