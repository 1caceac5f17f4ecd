//! Workshop scenarios: five small companies, each the demo company (its own seed) with one
//! classic problem planted in it, plainly visible in the tool made to reveal it. A trainer opens
//! one to show in a few minutes what that tool is for.
//!
//! | scenario | problem | where it shows |
//! |---|---|---|
//! | [`Scenario::LeakingStage`] | most deals die between the proposal and negotiation | funnel, conversion mode |
//! | [`Scenario::StaleHoard`] | one seller sits on a pipeline far above the team's, long overdue | pipeline by stages, attention list |
//! | [`Scenario::OneContact`] | key clients known through one contact each | relationship matrix |
//! | [`Scenario::Whitespace`] | every client buys one direction of six | directions matrix |
//! | [`Scenario::ShortQuarter`] | this quarter's forecast well below plan, deals slipping, no next steps | forecast |
//!
//! Same scenario, language and "today", same workspace: the base comes from
//! [`demo::generate`](crate::demo::generate) with a fixed seed per scenario, and the planting
//! draws from its own seeded generator.

mod plant;

use chrono::NaiveDate;

use crate::Lang;
use crate::demo::{self, DEMO_SEED, DemoSpec};
use crate::model::Workspace;
use crate::rng::SplitMix64;

/// Deals in a scenario's base company: enough for every report to look real, small enough to
/// generate in a few milliseconds when a link opens it.
pub const SCENARIO_DEALS: usize = 400;

/// A workshop scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// Conversion collapses between two stages (proposal → negotiation).
    LeakingStage,
    /// One seller hoards stale deals: a pipeline far above the team's, expected closes long past.
    StaleHoard,
    /// Key clients known through one contact: the decision-maker roles are empty.
    OneContact,
    /// Untouched whitespace: clients buy one direction of several.
    Whitespace,
    /// A quarter short of plan: forecast below plan, slipping deals, missing next steps.
    ShortQuarter,
}

impl Scenario {
    pub const ALL: [Scenario; 5] = [
        Scenario::LeakingStage,
        Scenario::StaleHoard,
        Scenario::OneContact,
        Scenario::Whitespace,
        Scenario::ShortQuarter,
    ];

    /// The scenario's name in links (`?scenario=…`) and translation keys.
    pub fn slug(self) -> &'static str {
        match self {
            Scenario::LeakingStage => "leaking-stage",
            Scenario::StaleHoard => "stale-hoard",
            Scenario::OneContact => "one-contact",
            Scenario::Whitespace => "whitespace",
            Scenario::ShortQuarter => "short-quarter",
        }
    }

    pub fn from_slug(s: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|x| x.slug() == s)
    }

    /// The base company's seed: each scenario is its own company.
    pub fn seed(self) -> u64 {
        let n = Scenario::ALL.iter().position(|x| *x == self).unwrap_or(0) as u64;
        DEMO_SEED.wrapping_add(0x5C_0000 + n)
    }
}

/// The seller who hoards stale deals in [`Scenario::StaleHoard`], by position in `ws.sellers`.
pub const HOARDING_SELLER: usize = 2;

/// The open stage (by pipeline order among open stages) after which [`Scenario::LeakingStage`]
/// loses its deals: the proposal.
pub const LEAKING_STAGE: usize = 2;

/// Builds the scenario's workspace for `today`, names in `lang`.
pub fn generate(scenario: Scenario, lang: Lang, today: NaiveDate) -> Workspace {
    let mut ws = demo::generate(DemoSpec {
        seed: scenario.seed(),
        deals: SCENARIO_DEALS,
        lang,
        today,
    });
    // The planting has its own stream, so changing one scenario never moves another's base.
    let mut rng = SplitMix64::new(scenario.seed() ^ 0x0070_6C61_6E74);
    match scenario {
        Scenario::LeakingStage => plant::leak_after_stage(&mut ws, &mut rng, lang, LEAKING_STAGE),
        Scenario::StaleHoard => {
            plant::hoard_stale_deals(&mut ws, &mut rng, lang, today, HOARDING_SELLER)
        }
        Scenario::OneContact => plant::one_contact_per_key_client(&mut ws),
        Scenario::Whitespace => plant::one_direction_per_client(&mut ws, lang),
        Scenario::ShortQuarter => plant::short_quarter(&mut ws, &mut rng, today),
    }
    ws
}
