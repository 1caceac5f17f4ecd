//! Host tests of the demo generator: deterministic, sound, believable, and scalable.

mod support;
use support::day;

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use voronka::domain::demo::{self, DEMO_DEALS, DEMO_SEED, DemoSpec};
use voronka::domain::validate::validate;
use voronka::domain::*;

/// A few "todays", including a leap day and a year end, so no count depends on one calendar.
fn todays() -> [NaiveDate; 3] {
    [day(2025, 6, 15), day(2024, 2, 29), day(2025, 12, 31)]
}

fn kind(ws: &Workspace, d: &Deal) -> StageKind {
    ws.stage(d.stage).expect("deal's stage exists").kind
}

#[test]
fn the_generator_is_deterministic() {
    let spec = DemoSpec::standard(Lang::Ru, day(2025, 6, 15));
    assert_eq!(demo::generate(spec), demo::generate(spec));
    let other_seed = DemoSpec {
        seed: DEMO_SEED + 1,
        ..spec
    };
    assert_ne!(demo::generate(spec), demo::generate(other_seed));
    // Another "today" shifts the dates but gives the same company.
    let later = demo::generate(DemoSpec {
        today: day(2025, 7, 15),
        ..spec
    });
    let now = demo::generate(spec);
    assert_eq!(later.sellers, now.sellers);
    assert_eq!(later.clients, now.clients);
}

#[test]
fn both_languages_describe_the_same_company() {
    let today = day(2025, 6, 15);
    let ru = demo::generate(DemoSpec::standard(Lang::Ru, today));
    let en = demo::generate(DemoSpec::standard(Lang::En, today));
    // Same shape and numbers: only the words differ.
    assert_eq!(ru.sellers.len(), en.sellers.len());
    assert_eq!(ru.contacts.len(), en.contacts.len());
    assert_eq!(ru.deals.len(), en.deals.len());
    assert_eq!(ru.plans, en.plans);
    for (a, b) in ru.deals.iter().zip(&en.deals) {
        assert_eq!(
            (
                a.id, a.client, a.seller, a.amount, a.stage, a.created, a.closed, &a.history
            ),
            (
                b.id, b.client, b.seller, b.amount, b.stage, b.created, b.closed, &b.history
            )
        );
    }
    let cyrillic = |s: &str| s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
    assert!(ru.sellers.iter().all(|s| cyrillic(&s.name)));
    assert!(ru.clients.iter().all(|c| cyrillic(&c.name)));
    assert!(ru.stages.iter().all(|s| cyrillic(&s.name)));
    assert!(en.sellers.iter().all(|s| s.name.is_ascii()));
    assert!(en.clients.iter().all(|c| c.name.is_ascii()));
    assert!(en.deals.iter().all(|d| d.title.is_ascii()));
    assert!(en.stages.iter().all(|s| s.name.is_ascii()));
}

#[test]
fn the_standard_demo_is_sound_in_both_languages() {
    for lang in [Lang::Ru, Lang::En] {
        for today in todays() {
            let ws = demo::generate(DemoSpec::standard(lang, today));
            assert_eq!(validate(&ws), vec![], "{lang:?} at {today}");
        }
    }
}

#[test]
fn the_standard_demo_is_a_believable_company() {
    for today in todays() {
        let ws = demo::generate(DemoSpec::standard(Lang::Ru, today));
        assert_eq!(ws.currency, "RUB");
        assert_eq!(ws.sellers.len(), 8);
        assert_eq!(ws.clients.len(), 60);
        assert_eq!(ws.clients.iter().filter(|c| c.key).count(), 10);
        assert!(ws.contacts.len() >= 150, "{} contacts", ws.contacts.len());
        assert_eq!(ws.directions.len(), 6);
        assert_eq!(ws.deals.len(), DEMO_DEALS);
        assert_eq!(DEMO_DEALS, 600);

        // Names people tell apart.
        let seller_names: HashSet<_> = ws.sellers.iter().map(|s| &s.name).collect();
        assert_eq!(
            seller_names.len(),
            ws.sellers.len(),
            "seller names are distinct"
        );
        let client_names: HashSet<_> = ws.clients.iter().map(|c| &c.name).collect();
        assert_eq!(
            client_names.len(),
            ws.clients.len(),
            "client names are distinct"
        );

        // Contacts across every role, and most key clients well covered.
        let roles: HashSet<_> = ws.contacts.iter().filter_map(|c| c.role).collect();
        assert_eq!(roles.len(), ws.roles.len(), "every role has contacts");
        let levels: HashSet<_> = ws.contacts.iter().map(|c| c.level).collect();
        assert_eq!(levels.len(), 6, "every relationship level 0–5 occurs");
        for key in ws.clients.iter().filter(|c| c.key) {
            let n = ws.contacts.iter().filter(|c| c.client == key.id).count();
            assert!(n >= 3, "key client {} has {n} contacts", key.name);
        }

        // Every seller and direction carries deals; deals of every type.
        let by_seller: HashSet<_> = ws.deals.iter().map(|d| d.seller).collect();
        assert_eq!(by_seller.len(), ws.sellers.len());
        let by_direction: HashSet<_> = ws.deals.iter().filter_map(|d| d.direction).collect();
        assert_eq!(by_direction.len(), ws.directions.len());
        let by_type: HashSet<_> = ws.deals.iter().filter_map(|d| d.deal_type).collect();
        assert_eq!(by_type.len(), ws.deal_types.len());

        // Won, lost and open deals, in sensible proportions.
        let count = |k: StageKind| ws.deals.iter().filter(|d| kind(&ws, d) == k).count();
        let (won, lost, open) = (
            count(StageKind::Won),
            count(StageKind::Lost),
            count(StageKind::Open),
        );
        assert!(
            won >= 60 && lost >= 60 && open >= 60,
            "won {won} lost {lost} open {open}"
        );
        let win_rate = won as f64 / (won + lost) as f64;
        assert!((0.15..=0.6).contains(&win_rate), "win rate {win_rate}");
        // Lost deals say why; stage histories have several steps.
        assert!(
            ws.deals
                .iter()
                .filter(|d| kind(&ws, d) == StageKind::Lost)
                .all(|d| d.lost_reason.is_some())
        );
        assert!(ws.deals.iter().any(|d| d.history.len() >= 5));

        // Overdue (open, expected close before today) and stalled (longer in the current stage
        // than its rotting days) deals, but not the whole pipeline.
        let open_deals: Vec<&Deal> = ws
            .deals
            .iter()
            .filter(|d| kind(&ws, d) == StageKind::Open)
            .collect();
        let overdue = open_deals
            .iter()
            .filter(|d| d.expected_close.is_some_and(|c| c < today))
            .count();
        let stalled = open_deals
            .iter()
            .filter(|d| {
                let rot = ws.stage(d.stage).and_then(|s| s.rotting_days);
                let entered = d.history.last().map(|h| h.entered);
                matches!((rot, entered), (Some(r), Some(e)) if days_between(e, today) > i64::from(r))
            })
            .count();
        assert!(
            overdue >= 10 && overdue < open,
            "overdue {overdue} of {open}"
        );
        assert!(
            stalled >= 10 && stalled < open,
            "stalled {stalled} of {open}"
        );
        // Next steps on most open deals, some of them late.
        let with_step = open_deals.iter().filter(|d| d.next_step.is_some()).count();
        assert!(
            with_step * 2 > open,
            "{with_step} of {open} open deals have a next step"
        );
        assert!(open_deals.iter().any(|d| {
            d.next_step
                .as_ref()
                .and_then(|s| s.due)
                .is_some_and(|due| due < today)
        }));
        // A few probability overrides and zero-amount deals, as real data has.
        assert!(open_deals.iter().any(|d| d.probability.is_some()));
        assert!(ws.deals.iter().any(|d| d.amount == Money::ZERO));
        assert!(
            ws.deals.iter().any(|d| d.amount.0 % 100 != 0),
            "some amounts have kopecks"
        );

        // Plans: one per seller per month, 18 consecutive months including this one.
        let mut per_seller: HashMap<SellerId, Vec<YearMonth>> = HashMap::new();
        for p in &ws.plans {
            assert!(p.amount > Money::ZERO);
            per_seller.entry(p.seller).or_default().push(p.month);
        }
        assert_eq!(per_seller.len(), ws.sellers.len());
        for months in per_seller.values() {
            assert_eq!(months.len(), 18);
            for w in months.windows(2) {
                assert_eq!(w[0].next(), w[1]);
            }
            assert!(months.contains(&YearMonth::of(today)));
        }
    }
}

#[test]
fn nothing_in_the_demo_happens_after_today() {
    for lang in [Lang::Ru, Lang::En] {
        for today in todays() {
            let ws = demo::generate(DemoSpec::standard(lang, today));
            let earliest = today - Duration::days(18 * 31);
            let today_ms = demo::date_to_millis(today);
            for d in &ws.deals {
                assert!(
                    d.created < today && d.created >= earliest,
                    "deal {:?} created {}",
                    d.id,
                    d.created
                );
                for h in &d.history {
                    assert!(
                        h.entered <= today,
                        "deal {:?} entered a stage on {}",
                        d.id,
                        h.entered
                    );
                }
                if let Some(c) = d.closed {
                    assert!(c <= today, "deal {:?} closed on {c}", d.id);
                    assert_eq!(
                        Some(c),
                        d.history.last().map(|h| h.entered),
                        "closed = entering won/lost"
                    );
                }
                assert!(d.updated_at <= today_ms);
                assert!(d.updated_at >= demo::date_to_millis(d.created));
            }
            // Deals are spread over the 18 months, not bunched at one end.
            let old = ws
                .deals
                .iter()
                .filter(|d| days_between(d.created, today) > 365)
                .count();
            let recent = ws
                .deals
                .iter()
                .filter(|d| days_between(d.created, today) <= 90)
                .count();
            assert!(old >= 100 && recent >= 60, "old {old} recent {recent}");
        }
    }
}

#[test]
fn the_demo_scales_to_ten_thousand_deals() {
    let today = day(2025, 6, 15);
    let spec = DemoSpec {
        seed: DEMO_SEED,
        deals: 10_000,
        lang: Lang::En,
        today,
    };
    let ws = demo::generate(spec);
    assert_eq!(validate(&ws), vec![]);
    assert_eq!(ws.deals.len(), 10_000);
    // 8 sellers + one per 2,000 deals; a client per 10 deals, a sixth of them key.
    assert_eq!(ws.sellers.len(), 13);
    assert_eq!(ws.clients.len(), 1_000);
    assert_eq!(ws.clients.iter().filter(|c| c.key).count(), 166);
    assert!(ws.contacts.len() >= 2_000);
    let names: HashSet<_> = ws.sellers.iter().map(|s| &s.name).collect();
    assert_eq!(names.len(), ws.sellers.len());
    let clients: HashSet<_> = ws.clients.iter().map(|c| &c.name).collect();
    assert_eq!(clients.len(), ws.clients.len());
    // Every seller still has deals and a plan for every month.
    let busy: HashSet<_> = ws.deals.iter().map(|d| d.seller).collect();
    assert_eq!(busy.len(), ws.sellers.len());
    assert_eq!(ws.plans.len(), ws.sellers.len() * 18);
}

#[test]
fn a_tiny_demo_is_still_sound() {
    for deals in [0, 1, 7] {
        let ws = demo::generate(DemoSpec {
            seed: 3,
            deals,
            lang: Lang::Ru,
            today: day(2025, 1, 1),
        });
        assert_eq!(ws.deals.len(), deals);
        assert_eq!(validate(&ws), vec![], "{deals} deals");
    }
}
