//! The pure core of Voronka: the model, every report's computation, validation and the demo
//! generator. Nothing here touches the browser, storage or the clock: "today" is an argument.

pub mod changes;
pub mod coverage;
pub mod defaults;
pub mod demo;
pub mod edit;
pub mod entity;
pub mod filter;
pub mod forecast;
pub mod funnel;
pub mod import;
pub mod index;
pub mod matrix;
pub mod merge;
pub mod model;
pub mod money;
pub mod pipeline;
pub mod rng;
pub mod scenario;
pub mod validate;

pub use model::*;
pub use money::{Money, Weighted};

/// The languages Voronka speaks; also picks the demo data's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn number_style(self) -> money::NumberStyle {
        match self {
            Lang::Ru => money::NumberStyle::SpaceComma,
            Lang::En => money::NumberStyle::CommaPoint,
        }
    }
}

/// Days between two dates (b − a), as the metrics count them.
pub fn days_between(a: chrono::NaiveDate, b: chrono::NaiveDate) -> i64 {
    (b - a).num_days()
}
