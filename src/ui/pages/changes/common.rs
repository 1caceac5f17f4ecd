//! What the changes page's pieces share: the bars shown and their order, a bar's figures in the
//! chosen measure, signed labels, the CSV labels, and setting one key of the page's URL.

use crate::domain::changes::{Bar, Changes, Waterfall};
use crate::domain::{Lang, Money, Weighted};
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr};

/// The bars of the chart and the tables, without "unchanged", in the order a pipeline review
/// reads them: what came in and grew, what shrank, what closed or went, what moved in time or
/// between groups. (The order deals are *tested* in is `Bar::ALL`; this is only the display.)
pub const FLOW_BARS: [Bar; 10] = [
    Bar::New,
    Bar::Increased,
    Bar::Decreased,
    Bar::Won,
    Bar::Lost,
    Bar::Deleted,
    Bar::Slipped,
    Bar::PulledIn,
    Bar::MovedOut,
    Bar::MovedIn,
];

/// The bar's name.
pub fn bar_label(lang: Lang, bar: Bar) -> String {
    tr(lang, &format!("changes.bar.{}", bar.code()))
}

/// Whether a bar is shown at all: the period bars only with a period; "moved out / in" only
/// when some deal is in them (reassignments, filters); the bars a snapshot must tell only when
/// there is one.
pub fn bar_shown(c: &Changes, bar: Bar, any_moved: bool) -> bool {
    match bar {
        Bar::Slipped | Bar::PulledIn => c.period.is_some() && !c.unknown_bars().contains(&bar),
        Bar::MovedOut | Bar::MovedIn => any_moved,
        Bar::Unchanged => false,
        b => !c.unknown_bars().contains(&b),
    }
}

/// The value of one measure, as money (weighted rounded to whole minor units for display).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figure {
    pub count: u32,
    pub value: Money,
}

/// Count and value of a bar (or the totals, `None` = start, end via `end`) in the measure.
pub fn figure(w: &Waterfall, bar: Bar, weighted: bool) -> Figure {
    if weighted {
        let t = w.weighted.bar(bar);
        Figure {
            count: t.count,
            value: t.value.round(),
        }
    } else {
        let t = w.amount.bar(bar);
        Figure {
            count: t.count,
            value: t.value,
        }
    }
}

/// Start and end totals in the measure.
pub fn ends(w: &Waterfall, weighted: bool) -> (Figure, Figure) {
    let f = |count: u32, amount: Money, wv: Weighted| Figure {
        count,
        value: if weighted { wv.round() } else { amount },
    };
    (
        f(
            w.amount.start.count,
            w.amount.start.value,
            w.weighted.start.value,
        ),
        f(w.amount.end.count, w.amount.end.value, w.weighted.end.value),
    )
}

/// `+₽1,200` / `−1 200 ₽` by the bar's sign.
pub fn signed_short(bar: Bar, value: Money, currency: &str, lang: Lang) -> String {
    let text = fmt::money_short(value, currency, lang);
    match bar.sign() {
        1 => format!("+{text}"),
        -1 => format!("\u{2212}{text}"),
        _ => text,
    }
}

/// Sets (or removes) one query key of the page.
pub fn set_query(app: crate::ui::state::AppState, key: &str, value: Option<String>) {
    app.set_query(key, value);
}

/// The CSV label of `key` (see `format::changes_csv`): `row.from` / `row.to` carry the dates,
/// `col.group` is "Seller" or "Stage" (`group`).
pub fn csv_label(lang: Lang, c: &Changes, group: &str, key: &str) -> String {
    let date = |d: chrono::NaiveDate| d.to_string();
    match key {
        "row.from" => fill(&tr(lang, "changes.bar.from"), &[("date", date(c.from))]),
        "row.to" => fill(&tr(lang, "changes.bar.to"), &[("date", date(c.to))]),
        "row.total" => tr(lang, "changes.col.total"),
        "col.group" => tr(lang, &format!("changes.csv.{group}")),
        "col.corner" => tr(lang, "changes.matrix.corner"),
        "row.entered" => tr(lang, "changes.matrix.entered"),
        "unknown_stage" => tr(lang, "changes.matrix.unknown_stage"),
        "note.history" => tr(lang, "changes.csv.history_note"),
        k => match k.split_once('.') {
            Some(("bar", code)) => tr(lang, &format!("changes.bar.{code}")),
            Some(("col", col)) => tr(lang, &format!("changes.csv.{col}")),
            Some(("exit", e)) => tr(lang, &format!("changes.matrix.exit.{e}")),
            Some(("slips", col)) => tr(lang, &format!("changes.slips.{col}")),
            _ => k.to_string(),
        },
    }
}
