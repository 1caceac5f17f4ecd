//! The changes page's CSV (issue 20): the waterfall, the per-seller / per-stage tables, the
//! stage-movement matrix and the slipped deals, as rows of plain cells for `csv_out::to_csv`.
//! Like [`crate::report_csv`] this knows no language: header and row texts come from the
//! caller's `label` (the keys are named in each function's doc), names from the workspace.
//! Signed bars are written with their sign (`-1200.00` for a bar that lowers the total).

use domain::changes::{Bar, Changes, Exit, Slip, StageMatrix, Waterfall};
use domain::{Money, StageId, Workspace};

use crate::report_csv::{amount, weighted};

/// Count and value (amount, or weighted rounded) of one bar with its sign.
fn bar_cells(w: &Waterfall, bar: Bar, by_weighted: bool) -> [String; 2] {
    let sign = if bar.sign() < 0 { -1 } else { 1 };
    if by_weighted {
        let t = w.weighted.bar(bar);
        [t.count.to_string(), amount(Money(t.value.round().0 * sign))]
    } else {
        let t = w.amount.bar(bar);
        [t.count.to_string(), amount(Money(t.value.0 * sign))]
    }
}

/// The whole waterfall: one line per bar in `Bar::ALL` order between the two totals, by amount
/// and by weighted amount. Label keys: `col.bar`, `col.deals`, `col.amount`,
/// `col.deals_weighted`, `col.weighted` (the header); `row.from`, `row.to` (the totals, the
/// caller puts the dates in) and `bar.<code>` for each bar; `note.history` (a last line) when
/// the comparison started from stage history only.
pub fn waterfall(c: &Changes, label: impl Fn(&str) -> String) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        label("col.bar"),
        label("col.deals"),
        label("col.amount"),
        label("col.deals_weighted"),
        label("col.weighted"),
    ]];
    let t = &c.total;
    rows.push(vec![
        label("row.from"),
        t.amount.start.count.to_string(),
        amount(t.amount.start.value),
        t.weighted.start.count.to_string(),
        weighted(t.weighted.start.value),
    ]);
    for b in Bar::ALL {
        let [ac, av] = bar_cells(t, b, false);
        let [wc, wv] = bar_cells(t, b, true);
        rows.push(vec![label(&format!("bar.{}", b.code())), ac, av, wc, wv]);
    }
    rows.push(vec![
        label("row.to"),
        t.amount.end.count.to_string(),
        amount(t.amount.end.value),
        t.weighted.end.count.to_string(),
        weighted(t.weighted.end.value),
    ]);
    if c.basis == Some(domain::changes::Basis::History) {
        rows.push(vec![label("note.history")]);
    }
    rows
}

/// Per-group waterfalls as one table: a row per group (`rows`: its name and waterfall), then
/// `row.total`; for the from total, each of `bars` and the to total a count column and a value
/// column (amount, or weighted when `by_weighted`). Label keys: `col.group` (the first column),
/// `row.from`, `row.to`, `bar.<code>` (column names), `col.deals`, `col.amount` /
/// `col.weighted`, `row.total`.
pub fn groups(
    c: &Changes,
    rows: &[(String, Waterfall)],
    bars: &[Bar],
    by_weighted: bool,
    label: impl Fn(&str) -> String,
) -> Vec<Vec<String>> {
    let value_word = label(if by_weighted {
        "col.weighted"
    } else {
        "col.amount"
    });
    let deals_word = label("col.deals");
    let mut names = vec![label("row.from")];
    names.extend(bars.iter().map(|b| label(&format!("bar.{}", b.code()))));
    names.push(label("row.to"));
    let mut header = vec![label("col.group")];
    for n in &names {
        header.push(format!("{n}: {deals_word}"));
        header.push(format!("{n}: {value_word}"));
    }
    let line = |name: &str, w: &Waterfall| {
        let mut row = vec![name.to_string()];
        let (start, end) = if by_weighted {
            (
                (w.weighted.start.count, w.weighted.start.value.round()),
                (w.weighted.end.count, w.weighted.end.value.round()),
            )
        } else {
            (
                (w.amount.start.count, w.amount.start.value),
                (w.amount.end.count, w.amount.end.value),
            )
        };
        row.extend([start.0.to_string(), amount(start.1)]);
        for b in bars {
            row.extend(bar_cells(w, *b, by_weighted));
        }
        row.extend([end.0.to_string(), amount(end.1)]);
        row
    };
    let mut out = vec![header];
    out.extend(rows.iter().map(|(name, w)| line(name, w)));
    out.push(line(&label("row.total"), &c.total));
    out
}

/// The exits of the matrix, in its column order.
pub const EXITS: [Exit; 3] = [Exit::Won, Exit::Lost, Exit::Left];

/// The exit's label key: `exit.won`, `exit.lost`, `exit.left`.
pub fn exit_key(e: Exit) -> &'static str {
    match e {
        Exit::Won => "exit.won",
        Exit::Lost => "exit.lost",
        Exit::Left => "exit.left",
    }
}

/// The stage-movement matrix: a row per from-stage, then `row.entered`; per to-stage and per
/// exit (`exit.won`, `exit.lost`, `exit.left`) a count column and an amount column. Label keys:
/// `col.corner`, `col.deals`, `col.amount`, `row.entered`, the exits, `unknown_stage` (a stage
/// no longer in the workspace).
pub fn matrix(ws: &Workspace, m: &StageMatrix, label: impl Fn(&str) -> String) -> Vec<Vec<String>> {
    let stage = |id: StageId| {
        ws.stage(id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| label("unknown_stage"))
    };
    let mut cols: Vec<String> = m.stages.iter().map(|s| stage(*s)).collect();
    cols.extend(EXITS.iter().map(|e| label(exit_key(*e))));
    let (deals_word, amount_word) = (label("col.deals"), label("col.amount"));
    let mut header = vec![label("col.corner")];
    for c in &cols {
        header.push(format!("{c}: {deals_word}"));
        header.push(format!("{c}: {amount_word}"));
    }
    let mut rows = vec![header];
    for (r, from) in m.stages.iter().enumerate() {
        let mut row = vec![stage(*from)];
        for cell in m.cells[r].iter().chain(m.exits[r].iter()) {
            row.extend([cell.count.to_string(), amount(cell.value)]);
        }
        rows.push(row);
    }
    let mut entered = vec![label("row.entered")];
    for cell in &m.entered {
        entered.extend([cell.count.to_string(), amount(cell.value)]);
    }
    rows.push(entered);
    rows
}

/// The slipped deals: title, client, seller, amount now, expected close then and now (ISO),
/// days later, times. Label keys: `slips.deal`, `slips.client`, `slips.seller`, `slips.amount`,
/// `slips.was`, `slips.now`, `slips.days`, `slips.times`.
pub fn slips(ws: &Workspace, slips: &[Slip], label: impl Fn(&str) -> String) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "deal", "client", "seller", "amount", "was", "now", "days", "times",
        ]
        .iter()
        .map(|k| label(&format!("slips.{k}")))
        .collect::<Vec<_>>(),
    ];
    for s in slips {
        let d = ws.deal(s.id);
        rows.push(vec![
            d.map(|d| d.title.clone()).unwrap_or_default(),
            d.and_then(|d| ws.client(d.client))
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            d.and_then(|d| ws.seller(d.seller))
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            d.map(|d| amount(d.amount)).unwrap_or_default(),
            s.was.to_string(),
            s.now.to_string(),
            s.days.to_string(),
            s.times.to_string(),
        ]);
    }
    rows
}
