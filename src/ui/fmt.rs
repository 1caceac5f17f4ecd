//! Numbers, money and dates formatted for the chosen language.

use chrono::NaiveDate;

use crate::domain::money::format_amount;
use crate::domain::{Lang, Money, Weighted};

fn currency_sign(code: &str) -> &str {
    match code {
        "RUB" => "₽",
        "USD" => "$",
        "EUR" => "€",
        other => other,
    }
}

/// `1 234 567,89 ₽` or `₽1,234,567.89`, exact to the kopeck.
pub fn money(m: Money, currency: &str, lang: Lang) -> String {
    let n = format_amount(m, lang.number_style(), true);
    match lang {
        Lang::Ru => format!("{n}\u{a0}{}", currency_sign(currency)),
        Lang::En => format!("{}{n}", currency_sign(currency)),
    }
}

pub fn weighted(w: Weighted, currency: &str, lang: Lang) -> String {
    money(w.round(), currency, lang)
}

/// Whole units only, for chart labels and headline figures where kopecks are noise.
pub fn money_short(m: Money, currency: &str, lang: Lang) -> String {
    let rounded = Money((m.0 + if m.0 >= 0 { 50 } else { -50 }) / 100 * 100);
    let n = format_amount(rounded, lang.number_style(), false);
    match lang {
        Lang::Ru => format!("{n}\u{a0}{}", currency_sign(currency)),
        Lang::En => format!("{}{n}", currency_sign(currency)),
    }
}

/// A count with thousands grouped.
pub fn count(n: usize, lang: Lang) -> String {
    format_amount(Money(n as i64 * 100), lang.number_style(), false)
}

/// A ratio as a percentage with one decimal, or a dash when undefined.
pub fn percent(r: Option<f64>, lang: Lang) -> String {
    match r {
        Some(v) if v.is_finite() => {
            let s = format!("{:.1}", v * 100.0);
            let s = if lang == Lang::Ru {
                s.replace('.', ",")
            } else {
                s
            };
            format!("{s}\u{a0}%")
        }
        _ => "—".to_string(),
    }
}

/// A plain number with one decimal (days, ratios), or a dash.
pub fn decimal1(v: Option<f64>, lang: Lang) -> String {
    match v {
        Some(v) if v.is_finite() => {
            let s = format!("{v:.1}");
            if lang == Lang::Ru {
                s.replace('.', ",")
            } else {
                s
            }
        }
        _ => "—".to_string(),
    }
}

/// `27.11.2026` or `Nov 27, 2026`.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ru => d.format("%d.%m.%Y").to_string(),
        Lang::En => d.format("%b %-d, %Y").to_string(),
    }
}

pub fn opt_date(d: Option<NaiveDate>, lang: Lang) -> String {
    d.map(|d| date(d, lang)).unwrap_or_else(|| "—".to_string())
}

/// An amount in a few characters for heatmap cells: `1.2M`, `850K` / `1,2 млн`, `850 тыс.`.
pub fn compact_money(m: Money, lang: Lang) -> String {
    let v = m.as_major_f64();
    let a = v.abs();
    let (n, suffix) = match lang {
        Lang::En if a >= 1e9 => (v / 1e9, "B"),
        Lang::En if a >= 1e6 => (v / 1e6, "M"),
        Lang::En if a >= 1e3 => (v / 1e3, "K"),
        Lang::Ru if a >= 1e9 => (v / 1e9, "\u{a0}млрд"),
        Lang::Ru if a >= 1e6 => (v / 1e6, "\u{a0}млн"),
        Lang::Ru if a >= 1e3 => (v / 1e3, "\u{a0}тыс."),
        _ => (v, ""),
    };
    let mut s = if suffix.is_empty() || n.abs() >= 100.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    };
    if s.ends_with(".0") {
        s.truncate(s.len() - 2);
    }
    if lang == Lang::Ru {
        s = s.replace('.', ",");
    }
    format!("{s}{suffix}")
}
