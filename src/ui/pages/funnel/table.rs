//! The funnel table of each variant, as data (its CSV export is `format::report_csv`'s), and the
//! rows' keys in the URL.

use crate::domain::funnel::{FunnelMode, FunnelReport, FunnelRowKey};
use crate::domain::{Money, Workspace};
use crate::ui::i18n::I18n;
use crate::ui::report_table::{Cell, Cells, Column, ReportTable, Row};

/// Where a table row sits: the stage rows form the body, the rest the footer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RowKind {
    Stage,
    Total,
    Won,
    Lost,
}

impl RowKind {
    pub(super) fn slug(self) -> &'static str {
        match self {
            RowKind::Stage => "stage",
            RowKind::Total => "total",
            RowKind::Won => "won",
            RowKind::Lost => "lost",
        }
    }
}

/// The URL value of a row key: stage ids (stable across edits), or a word.
pub(super) fn row_param(key: FunnelRowKey, ws: &Workspace) -> String {
    match key {
        FunnelRowKey::Stage(s) => ws
            .stages
            .get(s)
            .map(|s| s.id.0.to_string())
            .unwrap_or_default(),
        FunnelRowKey::Won => "won".into(),
        FunnelRowKey::Lost => "lost".into(),
        FunnelRowKey::Total => "total".into(),
    }
}

pub(super) fn parse_row_param(v: &str, ws: &Workspace) -> Option<FunnelRowKey> {
    match v {
        "won" => Some(FunnelRowKey::Won),
        "lost" => Some(FunnelRowKey::Lost),
        "total" => Some(FunnelRowKey::Total),
        id => {
            let id: u64 = id.parse().ok()?;
            ws.stages
                .iter()
                .position(|s| s.id.0 == id)
                .map(FunnelRowKey::Stage)
        }
    }
}

pub(super) fn stage_name(ws: &Workspace, s: usize) -> String {
    ws.stages.get(s).map(|s| s.name.clone()).unwrap_or_default()
}

/// The label of a non-stage row in a variant.
pub(super) fn outcome_label(i18n: I18n, mode: FunnelMode, kind: RowKind) -> String {
    let key = match (mode, kind) {
        (FunnelMode::Snapshot, RowKind::Total) => "funnel.row.open_total",
        (FunnelMode::Snapshot, RowKind::Won) => "funnel.row.won",
        (FunnelMode::Snapshot, _) => "funnel.row.lost",
        (FunnelMode::Conversion, RowKind::Total) => "funnel.row.cohort",
        (FunnelMode::Conversion, RowKind::Won) => "funnel.row.won_now",
        (FunnelMode::Conversion, _) => "funnel.row.lost_now",
    };
    i18n.t(key)
}

/// The funnel table of one variant, ready to show or export: the stage rows, then (in the
/// footer) the total, won and lost rows.
pub(super) fn table_model(
    i18n: I18n,
    ws: &Workspace,
    report: &FunnelReport,
    mode: FunnelMode,
) -> ReportTable {
    let c = Cells {
        lang: i18n.lang(),
        currency: &ws.currency,
    };
    // Column slugs, and per row: its key, its kind, its figures.
    type Line = (FunnelRowKey, RowKind, Vec<Cell>);
    let (slugs, lines): (&[&str], Vec<Line>) = match mode {
        FunnelMode::Snapshot => {
            let s = &report.snapshot;
            let mut lines: Vec<_> = s
                .rows
                .iter()
                .map(|r| {
                    let cells = vec![
                        c.count(r.count),
                        c.money(r.amount),
                        c.weighted(r.weighted),
                        c.percent(r.share_count),
                        c.percent(r.share_amount),
                        c.days(r.avg_days_in_stage),
                    ];
                    (FunnelRowKey::Stage(r.stage), RowKind::Stage, cells)
                })
                .collect();
            // The open rows add up to the open total, so its shares are whole.
            let whole = |some: bool| some.then_some(1.0);
            let total = vec![
                c.count(s.total.count),
                c.money(s.total.amount),
                c.weighted(s.total.weighted),
                c.percent(whole(s.total.count > 0)),
                c.percent(whole(s.total.amount != Money::ZERO)),
                Cell::none(),
            ];
            lines.push((FunnelRowKey::Total, RowKind::Total, total));
            for (kind, key, tally) in [
                (RowKind::Won, FunnelRowKey::Won, s.won),
                (RowKind::Lost, FunnelRowKey::Lost, s.lost),
            ] {
                let cells = vec![
                    c.count(tally.count),
                    c.money(tally.amount),
                    c.weighted(tally.weighted),
                    Cell::none(),
                    Cell::none(),
                    Cell::none(),
                ];
                lines.push((key, kind, cells));
            }
            let slugs: &[&str] = &[
                "stage",
                "count",
                "amount",
                "weighted",
                "share_count",
                "share_amount",
                "avg_days",
            ];
            (slugs, lines)
        }
        FunnelMode::Conversion => {
            let cv = &report.conversion;
            let mut lines: Vec<_> = cv
                .rows
                .iter()
                .map(|r| {
                    let cells = vec![
                        c.count(r.reached),
                        c.money(r.reached_amount),
                        c.percent(r.step_conversion),
                        c.percent(r.step_conversion_amount),
                        c.percent(r.cumulative_conversion),
                        c.percent(r.cumulative_conversion_amount),
                        c.days(r.avg_days_in_stage),
                    ];
                    (FunnelRowKey::Stage(r.stage), RowKind::Stage, cells)
                })
                .collect();
            let mut total = vec![c.count(cv.cohort_count), c.money(cv.cohort_amount)];
            total.extend((0..5).map(|_| Cell::none()));
            lines.push((FunnelRowKey::Total, RowKind::Total, total));
            for (kind, key, o) in [
                (RowKind::Won, FunnelRowKey::Won, &cv.won),
                (RowKind::Lost, FunnelRowKey::Lost, &cv.lost),
            ] {
                let cells = vec![
                    c.count(o.count),
                    c.money(o.amount),
                    Cell::none(),
                    Cell::none(),
                    c.percent(o.conversion),
                    c.percent(o.conversion_amount),
                    Cell::none(),
                ];
                lines.push((key, kind, cells));
            }
            let slugs: &[&str] = &[
                "stage",
                "reached",
                "reached_amount",
                "step_count",
                "step_amount",
                "cum_count",
                "cum_amount",
                "avg_days",
            ];
            (slugs, lines)
        }
    };
    let columns = slugs
        .iter()
        .map(|&slug| Column {
            slug,
            label: i18n.t(&format!("funnel.col.{slug}")),
        })
        .collect();
    let rows = lines
        .into_iter()
        .map(|(key, kind, mut cells)| {
            let label = match key {
                FunnelRowKey::Stage(s) => stage_name(ws, s),
                _ => outcome_label(i18n, mode, kind),
            };
            // The row's deal count, for the tests and the hand count.
            let count_id = match kind {
                RowKind::Stage => "funnel-count",
                RowKind::Total => "funnel-total-count",
                RowKind::Won => "funnel-won-count",
                RowKind::Lost => "funnel-lost-count",
            };
            if let Some(first) = cells.first_mut() {
                first.test_id = Some(count_id.to_string());
            }
            Row {
                link_title: Some(i18n.tf("funnel.show_deals", &[("row", label.clone())])),
                head: Cell::text(label),
                cells,
                key: row_param(key, ws),
                kind: Some(kind.slug()),
                foot: kind != RowKind::Stage,
                class: format!("frow frow-{}", kind.slug()),
                test_id: None,
            }
        })
        .collect();
    ReportTable { columns, rows }
}
