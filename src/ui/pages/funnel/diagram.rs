//! The funnel diagram's bands: open stages in pipeline order, then won.

use super::table::{RowKind, outcome_label, stage_name};
use crate::charts::funnel::FunnelBand;
use crate::domain::funnel::{FunnelMode, FunnelReport, FunnelRowKey};
use crate::domain::{Money, Workspace};
use crate::ui::fmt;
use crate::ui::i18n::I18n;

/// What the diagram's band widths show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Measure {
    Count,
    Amount,
}

/// The diagram's bands (open stages in pipeline order, then won) and the row each one opens.
pub(super) fn diagram(
    i18n: I18n,
    ws: &Workspace,
    report: &FunnelReport,
    mode: FunnelMode,
    measure: Measure,
) -> (Vec<FunnelBand>, Vec<FunnelRowKey>) {
    let lang = i18n.lang();
    let cur = ws.currency.as_str();
    let value = |count: usize, amount: Money| match measure {
        Measure::Count => (count as f64, fmt::count(count, lang)),
        Measure::Amount => (amount.as_major_f64(), fmt::money_short(amount, cur, lang)),
    };
    let line = |k: &str, v: String| format!("{}: {v}", i18n.t(k));
    let mut bands = Vec::new();
    let mut keys = Vec::new();
    match mode {
        FunnelMode::Snapshot => {
            let s = &report.snapshot;
            for r in &s.rows {
                let name = stage_name(ws, r.stage);
                let (v, shown) = value(r.count, r.amount);
                let share = match measure {
                    Measure::Count => r.share_count,
                    Measure::Amount => r.share_amount,
                };
                bands.push(FunnelBand {
                    label: format!("{name}\n{shown} · {}", fmt::percent(share, lang)),
                    value: v,
                    tip: vec![
                        name,
                        line("funnel.tip.count", fmt::count(r.count, lang)),
                        line("funnel.tip.amount", fmt::money(r.amount, cur, lang)),
                        line("funnel.tip.weighted", fmt::weighted(r.weighted, cur, lang)),
                        line("funnel.tip.share_count", fmt::percent(r.share_count, lang)),
                        line(
                            "funnel.tip.share_amount",
                            fmt::percent(r.share_amount, lang),
                        ),
                    ],
                });
                keys.push(FunnelRowKey::Stage(r.stage));
            }
            let h = &report.headline;
            let rate = match measure {
                Measure::Count => h.win_rate_count,
                Measure::Amount => h.win_rate_amount,
            };
            let (v, shown) = value(s.won.count, s.won.amount);
            let name = outcome_label(i18n, mode, RowKind::Won);
            bands.push(FunnelBand {
                label: format!("{name}\n{shown} · {}", fmt::percent(rate, lang)),
                value: v,
                tip: vec![
                    name,
                    line("funnel.tip.count", fmt::count(s.won.count, lang)),
                    line("funnel.tip.amount", fmt::money(s.won.amount, cur, lang)),
                    line(
                        "funnel.tip.weighted",
                        fmt::weighted(s.won.weighted, cur, lang),
                    ),
                    line(
                        "funnel.tip.win_rate_count",
                        fmt::percent(h.win_rate_count, lang),
                    ),
                    line(
                        "funnel.tip.win_rate_amount",
                        fmt::percent(h.win_rate_amount, lang),
                    ),
                ],
            });
        }
        FunnelMode::Conversion => {
            let cv = &report.conversion;
            for r in &cv.rows {
                let name = stage_name(ws, r.stage);
                let (v, shown) = value(r.reached, r.reached_amount);
                let cumulative = match measure {
                    Measure::Count => r.cumulative_conversion,
                    Measure::Amount => r.cumulative_conversion_amount,
                };
                bands.push(FunnelBand {
                    label: format!("{name}\n{shown} · {}", fmt::percent(cumulative, lang)),
                    value: v,
                    tip: vec![
                        name,
                        line("funnel.tip.reached", fmt::count(r.reached, lang)),
                        line("funnel.tip.amount", fmt::money(r.reached_amount, cur, lang)),
                        line("funnel.tip.step", fmt::percent(r.step_conversion, lang)),
                        line(
                            "funnel.tip.cumulative",
                            fmt::percent(r.cumulative_conversion, lang),
                        ),
                        line(
                            "funnel.tip.avg_days",
                            fmt::decimal1(r.avg_days_in_stage, lang),
                        ),
                    ],
                });
                keys.push(FunnelRowKey::Stage(r.stage));
            }
            let o = &cv.won;
            let conv = match measure {
                Measure::Count => o.conversion,
                Measure::Amount => o.conversion_amount,
            };
            let (v, shown) = value(o.count, o.amount);
            let name = outcome_label(i18n, mode, RowKind::Won);
            bands.push(FunnelBand {
                label: format!("{name}\n{shown} · {}", fmt::percent(conv, lang)),
                value: v,
                tip: vec![
                    name,
                    line("funnel.tip.count", fmt::count(o.count, lang)),
                    line("funnel.tip.amount", fmt::money(o.amount, cur, lang)),
                    line("funnel.tip.cumulative", fmt::percent(o.conversion, lang)),
                ],
            });
        }
    }
    keys.push(FunnelRowKey::Won);
    (bands, keys)
}
