//! The forecast page's wording: periods, categories, attainment, coverage, flags and plan
//! amounts in the user's language.

use crate::domain::forecast::{Flag, ForecastPeriod};
use crate::domain::money::{AmountError, format_amount};
use crate::domain::{ForecastCategory, Lang, Money, Workspace, YearMonth};
use crate::ui::fmt;
use crate::ui::i18n::tr;

/// "Mar 2026" / "мар 2026".
pub(super) fn month_label(m: YearMonth, lang: Lang) -> String {
    format!(
        "{} {}",
        tr(lang, &format!("forecast.months.m{}", m.month)),
        m.year
    )
}

/// "Mar 2026" for a month, "Q1 2026" for a quarter.
pub(super) fn period_label(p: &ForecastPeriod, lang: Lang) -> String {
    if p.months == 1 {
        month_label(p.first, lang)
    } else {
        crate::ui::i18n::fill(
            &tr(lang, "forecast.quarter"),
            &[
                ("q", p.quarter().to_string()),
                ("year", p.first.year.to_string()),
            ],
        )
    }
}

pub(super) fn category_name(c: ForecastCategory, lang: Lang) -> String {
    tr(lang, &format!("forecast.category.{}", c.as_str()))
}

/// Plan attainment (a percent) as text: "no plan" when undefined.
pub(super) fn attainment_text(a: Option<f64>, lang: Lang) -> String {
    match a {
        Some(v) if v.is_finite() => fmt::percent(Some(v / 100.0), lang),
        _ => tr(lang, "forecast.no_plan"),
    }
}

/// Coverage ratio as "2.3×", or a dash.
pub(super) fn coverage_text(c: Option<f64>, lang: Lang) -> String {
    match c {
        Some(v) if v.is_finite() => format!("{}×", fmt::decimal1(Some(v), lang)),
        _ => "—".to_string(),
    }
}

/// A flag in words.
pub(super) fn flag_text(f: Flag, ws: &Workspace, lang: Lang) -> String {
    let t = |k: &str, args: &[(&str, String)]| {
        crate::ui::i18n::fill(&tr(lang, &format!("forecast.flag.{k}")), args)
    };
    match f {
        Flag::Overdue { days } => t("overdue", &[("days", days.to_string())]),
        Flag::Stalled { days, limit } => t(
            "stalled",
            &[("days", days.to_string()), ("limit", limit.to_string())],
        ),
        Flag::NoNextStep => t("no_next_step", &[]),
        Flag::NextStepOverdue { days } => t("next_step_overdue", &[("days", days.to_string())]),
        Flag::ClosingSoonLowProbability {
            days_left,
            probability,
        } => t(
            "closing_soon_low_probability",
            &[
                ("days", days_left.to_string()),
                ("p", probability.to_string()),
            ],
        ),
        Flag::BigDealAtKeyClient { threshold } => t(
            "big_deal_at_key_client",
            &[("amount", fmt::money_short(threshold, &ws.currency, lang))],
        ),
    }
}

pub(super) fn amount_error_text(e: &AmountError, lang: Lang) -> String {
    tr(lang, &format!("amount_error.{}", e.code()))
}

/// A plan amount as typed back into its cell: grouped, kopecks only when there are some.
pub(super) fn plan_text(m: Money, lang: Lang) -> String {
    format_amount(m, lang.number_style(), m.0 % 100 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attainment_without_a_plan_reads_no_plan() {
        assert_eq!(
            attainment_text(None, Lang::En),
            tr(Lang::En, "forecast.no_plan")
        );
        assert_eq!(attainment_text(Some(50.0), Lang::En), "50.0\u{a0}%");
        assert_eq!(coverage_text(None, Lang::En), "—");
        assert_eq!(coverage_text(Some(2.5), Lang::Ru), "2,5×");
    }
}
