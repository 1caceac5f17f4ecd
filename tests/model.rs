//! Host tests of the domain foundation: exact money, probabilities, months and validation.

mod support;
use support::day;

use voronka::domain::demo::Names;
use voronka::domain::money::{AmountError, MAX_AMOUNT, NumberStyle, format_amount, parse_amount};
use voronka::domain::validate::{Problem, ProblemKind, validate};
use voronka::domain::*;

// ---------------------------------------------------------------------------------------------
// Money: parsing what people type
// ---------------------------------------------------------------------------------------------

use NumberStyle::{CommaPoint, SpaceComma};

#[test]
fn parse_amount_accepts_grouped_numbers_in_both_styles() {
    // 1 234 567,89 → 123 456 789 kopecks, whatever space the user's keyboard or clipboard gave.
    let cases: &[(&str, NumberStyle, i64)] = &[
        ("1 234 567,89", SpaceComma, 123_456_789),
        ("1\u{a0}234\u{a0}567,89", SpaceComma, 123_456_789),
        ("1\u{202f}234\u{202f}567,89", SpaceComma, 123_456_789),
        ("1,234,567.89", CommaPoint, 123_456_789),
        // Plain numbers with either decimal mark are accepted in both styles.
        ("1234567.89", SpaceComma, 123_456_789),
        ("1234567.89", CommaPoint, 123_456_789),
        ("1234567,89", SpaceComma, 123_456_789),
        ("1234567,89", CommaPoint, 123_456_789),
        // Whole numbers, one decimal digit (tenths → ×10), leading zero.
        ("1 234 567", SpaceComma, 123_456_700),
        ("1,234,567", CommaPoint, 123_456_700),
        ("1234", SpaceComma, 123_400),
        ("7", CommaPoint, 700),
        ("0,5", SpaceComma, 50),
        ("0.05", CommaPoint, 5),
        ("12,3", SpaceComma, 1_230),
        // In English style one comma then three digits is grouping, not decimals.
        ("1,234", CommaPoint, 123_400),
        // Surrounding spaces are ignored.
        ("  42,00  ", SpaceComma, 4_200),
        // Zero is a valid amount.
        ("0", SpaceComma, 0),
    ];
    for &(input, style, minor) in cases {
        assert_eq!(
            parse_amount(input, style),
            Ok(Money(minor)),
            "{input:?} in {style:?}"
        );
    }
}

#[test]
fn parse_amount_ignores_currency_signs_and_codes() {
    let cases: &[(&str, NumberStyle, i64)] = &[
        ("1 234,56 ₽", SpaceComma, 123_456),
        ("1 234,56\u{a0}₽", SpaceComma, 123_456),
        ("₽1 234,56", SpaceComma, 123_456),
        ("1 000 руб.", SpaceComma, 100_000),
        ("1 000 руб", SpaceComma, 100_000),
        ("1 000 RUB", SpaceComma, 100_000),
        ("RUB 1 000", SpaceComma, 100_000),
        ("$1,234.56", CommaPoint, 123_456),
        ("1,234.56 $", CommaPoint, 123_456),
        ("€5", CommaPoint, 500),
        ("USD 12.50", CommaPoint, 1_250),
        ("12.50 EUR", CommaPoint, 1_250),
    ];
    for &(input, style, minor) in cases {
        assert_eq!(
            parse_amount(input, style),
            Ok(Money(minor)),
            "{input:?} in {style:?}"
        );
    }
}

#[test]
fn parse_amount_rejects_what_is_not_an_amount() {
    use AmountError::*;
    let cases: &[(&str, NumberStyle, AmountError)] = &[
        // Groups that are not of three digits.
        ("12,34,5", CommaPoint, NotANumber),
        ("12,34,5", SpaceComma, NotANumber),
        ("1 23", SpaceComma, NotANumber),
        ("12 3456", SpaceComma, NotANumber),
        ("1234 567", SpaceComma, NotANumber),
        ("1,23,456.00", CommaPoint, NotANumber),
        // Two decimal marks.
        ("1.2.3", CommaPoint, NotANumber),
        ("1.2.3", SpaceComma, NotANumber),
        // Mixed styles.
        ("1 234.56", SpaceComma, NotANumber),
        ("1,234,567.89", SpaceComma, NotANumber),
        ("1 234 567,89", CommaPoint, NotANumber),
        // Not numbers at all.
        ("abc", SpaceComma, NotANumber),
        ("abc", CommaPoint, NotANumber),
        ("12abc", CommaPoint, NotANumber),
        ("1e5", CommaPoint, NotANumber),
        ("+5", CommaPoint, NotANumber),
        (",5", SpaceComma, NotANumber),
        ("5,", SpaceComma, NotANumber),
        // Negative amounts.
        ("-5", SpaceComma, Negative),
        ("-5", CommaPoint, Negative),
        ("-1 000,00 ₽", SpaceComma, Negative),
        // Three decimals.
        ("1,234", SpaceComma, TooManyDecimals),
        ("1.234", SpaceComma, TooManyDecimals),
        ("1.234", CommaPoint, TooManyDecimals),
        ("0,001", SpaceComma, TooManyDecimals),
        // Nothing typed.
        ("", SpaceComma, Empty),
        ("   ", CommaPoint, Empty),
        ("₽", SpaceComma, Empty),
        // Overflow: more than i64, and just above MAX_AMOUNT (10^15 minor units).
        ("99999999999999999999", CommaPoint, TooLarge),
        ("99 999 999 999 999 999 999", SpaceComma, TooLarge),
        ("10 000 000 000 000,01", SpaceComma, TooLarge),
        ("10,000,000,000,001", CommaPoint, TooLarge),
    ];
    for (input, style, err) in cases {
        assert_eq!(
            parse_amount(input, *style),
            Err(err.clone()),
            "{input:?} in {style:?}"
        );
    }
}

#[test]
fn parse_amount_accepts_exactly_the_maximum() {
    // MAX_AMOUNT = 10^15 minor = 10^13 major.
    assert_eq!(
        parse_amount("10 000 000 000 000", SpaceComma),
        Ok(MAX_AMOUNT)
    );
    assert_eq!(
        parse_amount("10,000,000,000,000.00", CommaPoint),
        Ok(MAX_AMOUNT)
    );
}

#[test]
fn format_amount_groups_and_marks_decimals_per_style() {
    let nb = '\u{a0}';
    let cases: &[(i64, NumberStyle, bool, String)] = &[
        (123_456_789, SpaceComma, true, format!("1{nb}234{nb}567,89")),
        (123_456_789, CommaPoint, true, "1,234,567.89".to_string()),
        (123_456_789, SpaceComma, false, format!("1{nb}234{nb}567")),
        (123_456_789, CommaPoint, false, "1,234,567".to_string()),
        (0, SpaceComma, true, "0,00".to_string()),
        (5, CommaPoint, true, "0.05".to_string()),
        (99_900, SpaceComma, true, "999,00".to_string()),
        (100_000, SpaceComma, true, format!("1{nb}000,00")),
        (100_000, CommaPoint, true, "1,000.00".to_string()),
        (-123_456, SpaceComma, true, format!("-1{nb}234,56")),
        (-123_456, CommaPoint, true, "-1,234.56".to_string()),
        (
            MAX_AMOUNT.0,
            CommaPoint,
            true,
            "10,000,000,000,000.00".to_string(),
        ),
        (
            i64::MIN,
            CommaPoint,
            true,
            "-92,233,720,368,547,758.08".to_string(),
        ),
    ];
    for (minor, style, frac, expected) in cases {
        assert_eq!(
            &format_amount(Money(*minor), *style, *frac),
            expected,
            "{minor} {style:?}"
        );
    }
}

#[test]
fn formatted_amounts_parse_back_to_the_same_money() {
    for minor in [
        0,
        1,
        10,
        99,
        100,
        12_345,
        1_000_000,
        123_456_789,
        MAX_AMOUNT.0,
    ] {
        for style in [SpaceComma, CommaPoint] {
            let text = format_amount(Money(minor), style, true);
            assert_eq!(parse_amount(&text, style), Ok(Money(minor)), "{text:?}");
        }
    }
}

#[test]
fn money_arithmetic_is_exact_and_saturates() {
    assert_eq!(Money::from_major(12), Money(1_200));
    assert_eq!(Money::from_major(i64::MAX), Money(i64::MAX));
    assert_eq!(Money(10) + Money(5), Money(15));
    assert_eq!(Money(10) - Money(15), Money(-5));
    assert_eq!(Money(i64::MAX) + Money(1), Money(i64::MAX));
    let total: Money = [Money(1), Money(2), Money(3)].into_iter().sum();
    assert_eq!(total, Money(6));
    // 0.1 + 0.2 in kopecks is exactly 0.3: no float drift.
    assert_eq!(Money(10) + Money(20), Money(30));
}

#[test]
fn weighted_rounds_half_away_from_zero_only_at_the_end() {
    // Weighted is amount × percent: hundredths of a minor unit.
    let cases: &[(i128, i64)] = &[
        (0, 0),
        (49, 0),   // 0.49 → 0
        (50, 1),   // 0.50 → 1
        (149, 1),  // 1.49 → 1
        (150, 2),  // 1.50 → 2
        (250, 3),  // 2.50 → 3 (not banker's 2)
        (-49, 0),  // −0.49 → 0
        (-50, -1), // −0.50 → −1
        (-150, -2),
        (-250, -3),
        (-251, -3),
    ];
    for &(w, m) in cases {
        assert_eq!(Weighted(w).round(), Money(m), "Weighted({w})");
    }
    // 123.45 ₽ at 33 % = 12345 × 33 = 407 385 hundredths of a kopeck → 4 073.85 → 4 074 kopecks.
    assert_eq!(Money(12_345).weighted(33), Weighted(407_385));
    assert_eq!(Money(12_345).weighted(33).round(), Money(4_074));
    // Sums stay exact: three deals of 1 kopeck at 50 % are 1.5 kopecks → 2, whereas rounding
    // each deal first would give 3.
    let mut sum = Weighted::ZERO;
    for _ in 0..3 {
        sum += Money(1).weighted(50);
    }
    assert_eq!(sum, Weighted(150));
    assert_eq!(sum.round(), Money(2));
    // A hundred thousand maximal deals at 100 % still fit and round exactly.
    let big = (0..100_000).fold(Weighted::ZERO, |a, _| a + MAX_AMOUNT.weighted(100));
    assert_eq!(big.0, 100_000 * MAX_AMOUNT.0 as i128 * 100);
}

// ---------------------------------------------------------------------------------------------
// Probability and months
// ---------------------------------------------------------------------------------------------

fn stage(id: u64, kind: StageKind, probability: u8) -> Stage {
    Stage {
        id: StageId(id),
        name: format!("Stage {id}"),
        kind,
        probability,
        rotting_days: Some(14),
        forecast_category: ForecastCategory::Pipeline,
    }
}

#[test]
fn effective_probability_follows_the_metric_definitions() {
    let open = stage(1, StageKind::Open, 40);
    let won = stage(2, StageKind::Won, 100);
    let lost = stage(3, StageKind::Lost, 0);
    // Open: override wins, else the stage default; never above 100.
    assert_eq!(effective_probability(&open, None), 40);
    assert_eq!(effective_probability(&open, Some(75)), 75);
    assert_eq!(effective_probability(&open, Some(0)), 0);
    assert_eq!(effective_probability(&open, Some(150)), 100);
    // Won is always 100 and lost always 0, whatever the override says.
    assert_eq!(effective_probability(&won, None), 100);
    assert_eq!(effective_probability(&won, Some(30)), 100);
    assert_eq!(effective_probability(&lost, None), 0);
    assert_eq!(effective_probability(&lost, Some(80)), 0);
    // A won stage whose configured default is odd still counts as 100.
    assert_eq!(
        effective_probability(&stage(4, StageKind::Won, 50), None),
        100
    );
}

#[test]
fn workspace_probability_uses_the_deals_stage() {
    let ws = fixture();
    // Deal 0 sits in "Proposal" (50 %) with an override of 30 %; deal 1 is won.
    assert_eq!(ws.probability(&ws.deals[0]), 30);
    assert_eq!(ws.probability(&ws.deals[1]), 100);
    let mut d = ws.deals[0].clone();
    d.probability = None;
    assert_eq!(ws.probability(&d), 50);
}

#[test]
fn year_month_ordinal_and_next_cross_december() {
    let dec = YearMonth::new(2024, 12);
    let jan = YearMonth::new(2025, 1);
    assert_eq!(dec.next(), jan);
    assert_eq!(jan.ordinal() - dec.ordinal(), 1);
    assert_eq!(dec.ordinal(), 2024 * 12 + 11);
    assert_eq!(YearMonth::from_ordinal(jan.ordinal()), jan);
    assert_eq!(YearMonth::new(2025, 5).next(), YearMonth::new(2025, 6));
    assert!(dec < jan);
    assert!(YearMonth::new(2024, 2) < YearMonth::new(2024, 11));
    // A year of `next` from March lands on March of the next year.
    let mut m = YearMonth::new(2024, 3);
    for _ in 0..12 {
        m = m.next();
    }
    assert_eq!(m, YearMonth::new(2025, 3));
    assert_eq!(YearMonth::of(day(2024, 2, 29)), YearMonth::new(2024, 2));
    assert_eq!(jan.first_day(), Some(day(2025, 1, 1)));
    assert_eq!(YearMonth::new(2025, 13).first_day(), None);
    assert_eq!(jan.to_string(), "2025-01");
    assert_eq!(dec.to_string(), "2024-12");
}

#[test]
fn days_between_counts_calendar_days() {
    assert_eq!(days_between(day(2024, 2, 28), day(2024, 3, 1)), 2); // leap year
    assert_eq!(days_between(day(2025, 3, 1), day(2025, 2, 28)), -1);
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/// A small sound workspace: 2 sellers, 2 clients, 1 contact, 1 direction, 4 stages (2 open, won,
/// lost), 1 role, 1 deal type, an open deal with an override and contacts, a won deal, 2 plans.
fn fixture() -> Workspace {
    Workspace {
        currency: "RUB".into(),
        sellers: vec![
            Seller {
                id: SellerId(1),
                name: "Anna".into(),
            },
            Seller {
                id: SellerId(2),
                name: "Boris".into(),
            },
        ],
        clients: vec![
            Client {
                id: ClientId(1),
                name: "Alpha".into(),
                segment: "Enterprise".into(),
                key: true,
                no_client: false,
            },
            Client {
                id: ClientId(2),
                name: "Beta".into(),
                segment: "SMB".into(),
                key: false,
                no_client: false,
            },
        ],
        contacts: vec![Contact {
            id: ContactId(1),
            client: ClientId(1),
            name: "Irina".into(),
            position: "CFO".into(),
            role: Some(RoleId(1)),
            level: 3,
        }],
        directions: vec![Direction {
            id: DirectionId(1),
            name: "Cloud".into(),
        }],
        stages: vec![
            stage(1, StageKind::Open, 10),
            stage(2, StageKind::Open, 50),
            stage(3, StageKind::Won, 100),
            stage(4, StageKind::Lost, 0),
        ],
        deals: vec![
            Deal {
                id: DealId(1),
                title: "Cloud migration".into(),
                client: ClientId(1),
                seller: SellerId(1),
                direction: Some(DirectionId(1)),
                deal_type: Some(DealTypeId(1)),
                amount: Money(10_000_000), // 100 000,00 ₽
                probability: Some(30),
                stage: StageId(2),
                created: day(2025, 1, 10),
                expected_close: Some(day(2025, 4, 1)),
                closed: None,
                history: vec![
                    StageEntry {
                        stage: StageId(1),
                        entered: day(2025, 1, 10),
                    },
                    StageEntry {
                        stage: StageId(2),
                        entered: day(2025, 2, 1),
                    },
                ],
                next_step: Some(NextStep {
                    text: "Call".into(),
                    due: Some(day(2025, 3, 1)),
                    done: false,
                }),
                lost_reason: None,
                contacts: vec![ContactId(1)],
                forecast_category: None,
                updated_at: 0,
            },
            Deal {
                id: DealId(2),
                title: "Support".into(),
                client: ClientId(2),
                seller: SellerId(2),
                direction: None,
                deal_type: None,
                amount: Money(500_000), // 5 000,00 ₽
                probability: None,
                stage: StageId(3),
                created: day(2025, 1, 5),
                expected_close: None,
                closed: Some(day(2025, 3, 1)),
                history: vec![
                    StageEntry {
                        stage: StageId(1),
                        entered: day(2025, 1, 5),
                    },
                    StageEntry {
                        stage: StageId(3),
                        entered: day(2025, 3, 1),
                    },
                ],
                next_step: None,
                lost_reason: None,
                contacts: vec![],
                forecast_category: None,
                updated_at: 0,
            },
        ],
        plans: vec![
            Plan {
                seller: SellerId(1),
                month: YearMonth::new(2025, 1),
                amount: Money(50_000_000), // 500 000,00 ₽
            },
            Plan {
                seller: SellerId(2),
                month: YearMonth::new(2025, 1),
                amount: Money(0),
            },
        ],
        roles: vec![Role {
            id: RoleId(1),
            name: "CFO".into(),
            target: true,
        }],
        deal_types: vec![DealType {
            id: DealTypeId(1),
            name: "New business".into(),
        }],
    }
}

fn found(problems: &[Problem]) -> Vec<(String, &'static str)> {
    let mut v: Vec<_> = problems
        .iter()
        .map(|p| (p.path.clone(), p.kind.code()))
        .collect();
    v.sort();
    v
}

/// Applies one mutation to the sound fixture and asserts validation reports exactly the expected
/// problem (path and kind code), nothing more. Returns it for closer checks.
fn check(
    mutation: impl FnOnce(&mut Workspace),
    expected_path: &str,
    expected_kind_code: &str,
) -> Problem {
    let mut ws = fixture();
    mutation(&mut ws);
    let problems = validate(&ws);
    assert_eq!(
        found(&problems),
        vec![(expected_path.to_string(), expected_kind_code)],
        "expected exactly {expected_path}: {expected_kind_code}"
    );
    problems.into_iter().next().expect("one problem")
}

/// Every kind's code, listed by an exhaustive match so that a new variant fails to compile here
/// until it gets a test case below.
fn every_kind_code() -> Vec<&'static str> {
    let samples = [
        ProblemKind::DuplicateId(0),
        ProblemKind::MissingReference { what: "x", id: 0 },
        ProblemKind::NegativeAmount,
        ProblemKind::AmountTooLarge,
        ProblemKind::ProbabilityOutOfRange(0),
        ProblemKind::LevelOutOfRange(0),
        ProblemKind::CloseBeforeCreation,
        ProblemKind::HistoryOutOfOrder,
        ProblemKind::HistoryEmpty,
        ProblemKind::HistoryNotCurrent,
        ProblemKind::HistoryBeforeCreation,
        ProblemKind::ClosedWithoutDate,
        ProblemKind::OpenWithCloseDate,
        ProblemKind::EmptyName,
        ProblemKind::NoOpenStage,
        ProblemKind::DuplicatePlan,
        ProblemKind::MonthOutOfRange(0),
        ProblemKind::BadCurrency,
        ProblemKind::CloseNotInHistory,
        ProblemKind::ExtraNoClient,
        ProblemKind::TextTooLong { chars: 0, max: 0 },
    ];
    for k in &samples {
        match k {
            ProblemKind::DuplicateId(_)
            | ProblemKind::MissingReference { .. }
            | ProblemKind::NegativeAmount
            | ProblemKind::AmountTooLarge
            | ProblemKind::ProbabilityOutOfRange(_)
            | ProblemKind::LevelOutOfRange(_)
            | ProblemKind::CloseBeforeCreation
            | ProblemKind::HistoryOutOfOrder
            | ProblemKind::HistoryEmpty
            | ProblemKind::HistoryNotCurrent
            | ProblemKind::HistoryBeforeCreation
            | ProblemKind::ClosedWithoutDate
            | ProblemKind::OpenWithCloseDate
            | ProblemKind::EmptyName
            | ProblemKind::NoOpenStage
            | ProblemKind::DuplicatePlan
            | ProblemKind::MonthOutOfRange(_)
            | ProblemKind::BadCurrency
            | ProblemKind::CloseNotInHistory
            | ProblemKind::ExtraNoClient
            | ProblemKind::TextTooLong { .. } => {}
        }
    }
    samples.iter().map(|k| k.code()).collect()
}

#[test]
fn the_fixture_and_an_empty_workspace_are_sound() {
    assert_eq!(validate(&fixture()), vec![]);
    for lang in [Lang::Ru, Lang::En] {
        assert_eq!(
            validate(&Workspace::empty("RUB", &Names::new(lang))),
            vec![]
        );
    }
}

type Mutation = fn(&mut Workspace);

#[test]
fn every_problem_kind_is_reported_with_its_path() {
    let cases: Vec<(Mutation, &str, &str)> = vec![
        // DuplicateId, in every list (a copy of the first item appended).
        (
            |w| w.sellers.push(w.sellers[0].clone()),
            "sellers[2].id",
            "duplicate_id",
        ),
        (
            |w| w.clients.push(w.clients[0].clone()),
            "clients[2].id",
            "duplicate_id",
        ),
        (
            |w| w.contacts.push(w.contacts[0].clone()),
            "contacts[1].id",
            "duplicate_id",
        ),
        (
            |w| w.directions.push(w.directions[0].clone()),
            "directions[1].id",
            "duplicate_id",
        ),
        (
            |w| w.stages.push(w.stages[0].clone()),
            "stages[4].id",
            "duplicate_id",
        ),
        (
            |w| w.deals.push(w.deals[0].clone()),
            "deals[2].id",
            "duplicate_id",
        ),
        (
            |w| w.roles.push(w.roles[0].clone()),
            "roles[1].id",
            "duplicate_id",
        ),
        (
            |w| w.deal_types.push(w.deal_types[0].clone()),
            "deal_types[1].id",
            "duplicate_id",
        ),
        // MissingReference, every reference field.
        (
            |w| w.contacts[0].client = ClientId(99),
            "contacts[0].client",
            "missing_reference",
        ),
        (
            |w| w.contacts[0].role = Some(RoleId(99)),
            "contacts[0].role",
            "missing_reference",
        ),
        (
            |w| w.deals[0].client = ClientId(99),
            "deals[0].client",
            "missing_reference",
        ),
        (
            |w| w.deals[0].seller = SellerId(99),
            "deals[0].seller",
            "missing_reference",
        ),
        (
            |w| w.deals[0].direction = Some(DirectionId(99)),
            "deals[0].direction",
            "missing_reference",
        ),
        (
            |w| w.deals[0].deal_type = Some(DealTypeId(99)),
            "deals[0].deal_type",
            "missing_reference",
        ),
        (
            |w| w.deals[0].history[0].stage = StageId(99),
            "deals[0].history[0].stage",
            "missing_reference",
        ),
        (
            |w| w.deals[0].contacts = vec![ContactId(99)],
            "deals[0].contacts[0]",
            "missing_reference",
        ),
        (
            |w| w.plans[1].seller = SellerId(99),
            "plans[1].seller",
            "missing_reference",
        ),
        // Amounts.
        (
            |w| w.deals[0].amount = Money(-1),
            "deals[0].amount",
            "negative_amount",
        ),
        (
            |w| w.plans[0].amount = Money(-1),
            "plans[0].amount",
            "negative_amount",
        ),
        (
            |w| w.deals[1].amount = Money(MAX_AMOUNT.0 + 1),
            "deals[1].amount",
            "amount_too_large",
        ),
        (
            |w| w.plans[0].amount = Money(i64::MAX),
            "plans[0].amount",
            "amount_too_large",
        ),
        // Probabilities and levels.
        (
            |w| w.stages[1].probability = 101,
            "stages[1].probability",
            "probability_out_of_range",
        ),
        (
            |w| w.deals[0].probability = Some(101),
            "deals[0].probability",
            "probability_out_of_range",
        ),
        (
            |w| w.contacts[0].level = 6,
            "contacts[0].level",
            "level_out_of_range",
        ),
        // Dates.
        (
            |w| w.deals[1].closed = Some(day(2025, 1, 4)),
            "deals[1].closed",
            "close_before_creation",
        ),
        // History: [Lead 10 Jan, Proposal 1 Feb]; Lead moved to 5 Feb goes backwards.
        (
            |w| w.deals[0].history[0].entered = day(2025, 2, 5),
            "deals[0].history[1].entered",
            "history_out_of_order",
        ),
        (
            |w| w.deals[0].history.clear(),
            "deals[0].history",
            "history_empty",
        ),
        (
            |w| w.deals[0].stage = StageId(1),
            "deals[0].history",
            "history_not_current",
        ),
        (
            |w| w.deals[0].history[0].entered = day(2025, 1, 9),
            "deals[0].history[0].entered",
            "history_before_creation",
        ),
        // Open / closed consistency.
        (
            |w| w.deals[1].closed = None,
            "deals[1].closed",
            "closed_without_date",
        ),
        (
            |w| w.deals[0].closed = Some(day(2025, 3, 1)),
            "deals[0].closed",
            "open_with_close_date",
        ),
        // A won deal whose history enters won on another day than its close date (what the
        // CSV import wrote before it dated the entry at the close).
        (
            |w| w.deals[1].closed = Some(day(2025, 2, 1)),
            "deals[1].closed",
            "close_not_in_history",
        ),
        (
            |w| w.deals[1].history[1].entered = day(2025, 3, 2),
            "deals[1].closed",
            "close_not_in_history",
        ),
        // Texts longer than the app takes.
        (
            |w| w.deals[0].title = "x".repeat(201),
            "deals[0].title",
            "text_too_long",
        ),
        (
            |w| w.deals[1].lost_reason = Some("я".repeat(2_001)),
            "deals[1].lost_reason",
            "text_too_long",
        ),
        // A second "no client" entry.
        (
            |w| {
                w.clients[0].no_client = true;
                w.clients[1].no_client = true;
            },
            "clients[1].no_client",
            "extra_no_client",
        ),
        // Empty names in every named list, and the deal title.
        (
            |w| w.sellers[0].name = " ".into(),
            "sellers[0].name",
            "empty_name",
        ),
        (
            |w| w.clients[1].name = "".into(),
            "clients[1].name",
            "empty_name",
        ),
        (
            |w| w.contacts[0].name = "\t".into(),
            "contacts[0].name",
            "empty_name",
        ),
        (
            |w| w.directions[0].name = "".into(),
            "directions[0].name",
            "empty_name",
        ),
        (
            |w| w.stages[2].name = "  ".into(),
            "stages[2].name",
            "empty_name",
        ),
        (
            |w| w.roles[0].name = "".into(),
            "roles[0].name",
            "empty_name",
        ),
        (
            |w| w.deal_types[0].name = "".into(),
            "deal_types[0].name",
            "empty_name",
        ),
        (
            |w| w.deals[1].title = " \u{a0}".into(),
            "deals[1].title",
            "empty_name",
        ),
        // No open stage (the open deal removed so nothing else breaks).
        (
            |w| {
                w.deals.remove(0);
                w.stages[0].kind = StageKind::Lost;
                w.stages[1].kind = StageKind::Won;
            },
            "stages",
            "no_open_stage",
        ),
        // Plans.
        (
            |w| w.plans.push(w.plans[0].clone()),
            "plans[2]",
            "duplicate_plan",
        ),
        (
            |w| w.plans[0].month.month = 13,
            "plans[0].month",
            "month_out_of_range",
        ),
        (
            |w| w.plans[1].month.month = 0,
            "plans[1].month",
            "month_out_of_range",
        ),
        // Currency.
        (|w| w.currency = "rub".into(), "currency", "bad_currency"),
        (|w| w.currency = "RU".into(), "currency", "bad_currency"),
        (|w| w.currency = "RUBL".into(), "currency", "bad_currency"),
        (|w| w.currency = "".into(), "currency", "bad_currency"),
        (|w| w.currency = "РУБ".into(), "currency", "bad_currency"),
    ];
    let mut covered: Vec<&str> = Vec::new();
    for (mutation, path, code) in cases {
        check(mutation, path, code);
        covered.push(code);
    }
    for code in every_kind_code() {
        assert!(covered.contains(&code), "no test case for {code}");
    }
}

#[test]
fn problems_carry_the_offending_values() {
    let p = check(
        |w| w.clients.push(w.clients[1].clone()),
        "clients[2].id",
        "duplicate_id",
    );
    assert_eq!(p.kind, ProblemKind::DuplicateId(2));
    let p = check(
        |w| w.deals[0].client = ClientId(77),
        "deals[0].client",
        "missing_reference",
    );
    assert_eq!(
        p.kind,
        ProblemKind::MissingReference {
            what: "clients",
            id: 77
        }
    );
    let p = check(
        |w| w.deals[0].history[0].stage = StageId(8),
        "deals[0].history[0].stage",
        "missing_reference",
    );
    assert_eq!(
        p.kind,
        ProblemKind::MissingReference {
            what: "stages",
            id: 8
        }
    );
    let p = check(
        |w| w.contacts[0].level = 9,
        "contacts[0].level",
        "level_out_of_range",
    );
    assert_eq!(p.kind, ProblemKind::LevelOutOfRange(9));
    let p = check(
        |w| w.stages[0].probability = 255,
        "stages[0].probability",
        "probability_out_of_range",
    );
    assert_eq!(p.kind, ProblemKind::ProbabilityOutOfRange(255));
    let p = check(
        |w| w.plans[0].month.month = 13,
        "plans[0].month",
        "month_out_of_range",
    );
    assert_eq!(p.kind, ProblemKind::MonthOutOfRange(13));
    // The message a developer sees names the path.
    assert!(p.to_string().starts_with("plans[0].month"));
}

#[test]
fn boundary_values_are_valid() {
    let mut ws = fixture();
    ws.stages[0].probability = 100;
    ws.deals[0].probability = Some(100);
    ws.deals[0].amount = MAX_AMOUNT;
    ws.deals[1].amount = Money::ZERO;
    ws.contacts[0].level = MAX_RELATIONSHIP_LEVEL;
    // Closed on the creation day; all history on one day.
    let created = ws.deals[1].created;
    ws.deals[1].closed = Some(created);
    for h in &mut ws.deals[1].history {
        h.entered = created;
    }
    ws.plans[0].month = YearMonth::new(2025, 12);
    assert_eq!(validate(&ws), vec![]);
}

#[test]
fn a_deal_in_a_missing_stage_is_reported() {
    // The stage and the last history entry both point at stage 99: both references are
    // reported, and the history still agrees with the current stage.
    let mut ws = fixture();
    ws.deals[0].stage = StageId(99);
    ws.deals[0].history[1].stage = StageId(99);
    assert_eq!(
        found(&validate(&ws)),
        vec![
            ("deals[0].history[1].stage".to_string(), "missing_reference"),
            ("deals[0].stage".to_string(), "missing_reference"),
        ]
    );
}

#[test]
fn every_error_of_a_workspace_is_listed() {
    let mut ws = fixture();
    ws.currency = "rubles".into();
    ws.sellers.push(Seller {
        id: SellerId(1),
        name: "".into(),
    });
    ws.contacts[0].level = 7;
    ws.deals[0].client = ClientId(42);
    ws.deals[0].amount = Money(-100);
    ws.deals[0].closed = Some(day(2025, 1, 1));
    ws.deals[1].history.clear();
    ws.plans[0].month.month = 14;
    ws.plans.push(ws.plans[1].clone());
    let expected = vec![
        ("contacts[0].level".to_string(), "level_out_of_range"),
        ("currency".to_string(), "bad_currency"),
        ("deals[0].amount".to_string(), "negative_amount"),
        // Open with a close date, and that date is before creation (10 Jan): two problems.
        ("deals[0].client".to_string(), "missing_reference"),
        ("deals[0].closed".to_string(), "close_before_creation"),
        ("deals[0].closed".to_string(), "open_with_close_date"),
        ("deals[1].history".to_string(), "history_empty"),
        ("plans[0].month".to_string(), "month_out_of_range"),
        ("plans[2]".to_string(), "duplicate_plan"),
        ("sellers[2].id".to_string(), "duplicate_id"),
        ("sellers[2].name".to_string(), "empty_name"),
    ];
    assert_eq!(found(&validate(&ws)), expected);
}
