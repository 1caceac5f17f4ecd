//! Property tests of pipeline changes (issue 20): between two snapshots of a workspace with
//! random edits, deletes, wins, losses, reopenings, slips, reassignments and new deals, under a
//! random filter and period, the bars always add up exactly from the old total to the new — by
//! amount and by weighted amount, for the whole pipeline, every seller and every stage — and
//! every deal of either pipeline is in exactly one bar.
//!
//! `PROPTEST_CASES=5000 cargo test --release --test changes_props` runs longer.

mod changes_support;

use std::collections::BTreeSet;

use changes_support::*;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use voronka::domain::changes::*;
use voronka::domain::filter::{Filter, Period};
use voronka::domain::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(256),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/changes_props.txt",
        ))),
        ..ProptestConfig::default()
    }
}

const ALL_STAGES: [StageId; 5] = [QUAL, PROP, NEGO, WON, LOST];

/// A day within a year of 2025-01-01, or none.
fn close_day() -> impl Strategy<Value = Option<chrono::NaiveDate>> {
    prop::option::weighted(
        0.9,
        (0i64..365).prop_map(|n| day(2025, 1, 1) + chrono::Duration::days(n)),
    )
}

fn a_deal(id: u64) -> impl Strategy<Value = Deal> {
    (
        prop::sample::select(SELLERS.to_vec()),
        prop::sample::select(ALL_STAGES.to_vec()),
        0i64..1_000_000,
        prop::option::of(0u8..=100),
        close_day(),
        prop::option::of(prop::sample::select(vec![D1, D2])),
    )
        .prop_map(move |(seller, stage, major, p, close, direction)| {
            let mut d = deal(id, seller, stage, major);
            d.probability = p;
            d.expected_close = close;
            d.direction = direction;
            d
        })
}

/// One edit between the two dates.
#[derive(Clone, Debug)]
enum Edit {
    Delete,
    Stage(StageId),
    Amount(i64),
    Close(Option<chrono::NaiveDate>),
    Seller(SellerId),
    Probability(Option<u8>),
    Direction(Option<DirectionId>),
}

fn an_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => Just(Edit::Delete),
        3 => prop::sample::select(ALL_STAGES.to_vec()).prop_map(Edit::Stage),
        3 => (0i64..1_000_000).prop_map(Edit::Amount),
        3 => close_day().prop_map(Edit::Close),
        1 => prop::sample::select(SELLERS.to_vec()).prop_map(Edit::Seller),
        1 => prop::option::of(0u8..=100).prop_map(Edit::Probability),
        1 => prop::option::of(prop::sample::select(vec![D1, D2])).prop_map(Edit::Direction),
    ]
}

#[derive(Clone, Debug)]
struct Case {
    before: Workspace,
    after: Workspace,
    filter: Filter,
}

fn a_case() -> impl Strategy<Value = Case> {
    (0usize..40, 0usize..10)
        .prop_flat_map(|(n, fresh)| {
            (
                (0..n as u64).map(a_deal).collect::<Vec<_>>(),
                prop::collection::vec(prop::collection::vec(an_edit(), 0..3), n),
                (0..fresh as u64)
                    .map(|i| a_deal(1000 + i))
                    .collect::<Vec<_>>(),
                prop::option::of(prop::sample::select(SELLERS.to_vec())),
                prop::option::of(prop::sample::select(vec![D1, D2])),
                prop::option::of((0i64..365, 0i64..200)),
            )
        })
        .prop_map(|(deals, edits, fresh, seller, direction, period)| {
            let before = workspace(deals.clone());
            let mut after_deals = Vec::new();
            'deal: for (mut d, edits) in deals.into_iter().zip(edits) {
                for e in edits {
                    match e {
                        Edit::Delete => continue 'deal,
                        Edit::Stage(s) => d = moved(d, s, day(2025, 6, 5)),
                        Edit::Amount(m) => d = worth(d, m),
                        Edit::Close(c) => d.expected_close = c,
                        Edit::Seller(s) => d = sold_by(d, s),
                        Edit::Probability(p) => d.probability = p,
                        Edit::Direction(x) => d.direction = x,
                    }
                }
                after_deals.push(d);
            }
            after_deals.extend(fresh);
            let filter = Filter {
                period: period.map(|(start, len)| {
                    let from = day(2025, 1, 1) + chrono::Duration::days(start);
                    Period {
                        from,
                        to: from + chrono::Duration::days(len),
                    }
                }),
                seller,
                direction,
                deal_type: None,
            };
            Case {
                before,
                after: workspace(after_deals),
                filter,
            }
        })
}

/// pipeline(d) computed the plain way: the open deals of the workspace that pass the filters and
/// are expected in the period. Returns ids, amount and weighted sums.
fn naive_pipeline(ws: &Workspace, filter: &Filter) -> (BTreeSet<u64>, Money, Weighted) {
    let mut ids = BTreeSet::new();
    let (mut amount, mut weighted) = (Money::ZERO, Weighted::ZERO);
    for d in &ws.deals {
        let open = ws.stage(d.stage).is_some_and(|s| s.kind == StageKind::Open);
        let in_period = filter
            .period
            .is_none_or(|p| d.expected_close.is_some_and(|c| p.contains(c)));
        if open && filter.selects(d) && in_period {
            ids.insert(d.id.0);
            amount += d.amount;
            weighted += d.amount.weighted(ws.probability(d));
        }
    }
    (ids, amount, weighted)
}

/// `start − out + in == end` for the counts, the amounts and the weighted amounts.
fn adds_up(w: &Waterfall) -> Result<(), TestCaseError> {
    prop_assert_eq!(w.amount.start_plus_bars(), w.amount.end.value);
    prop_assert_eq!(w.weighted.start_plus_bars(), w.weighted.end.value);
    for flow_counts in [
        (
            w.amount.start.count,
            w.amount.bars.map(|t| t.count),
            w.amount.end.count,
        ),
        (
            w.weighted.start.count,
            w.weighted.bars.map(|t| t.count),
            w.weighted.end.count,
        ),
    ] {
        let (start, bars, end) = flow_counts;
        let mut left = i64::from(start);
        for (bar, count) in Bar::ALL.iter().zip(bars) {
            // Deals in both pipelines (increased, decreased, unchanged) neither leave nor enter.
            match bar {
                Bar::Increased | Bar::Decreased | Bar::Unchanged => {}
                b if b.sign() < 0 => left -= i64::from(count),
                _ => left += i64::from(count),
            }
        }
        prop_assert_eq!(left, i64::from(end), "deal counts add up");
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_bars_add_up_from_the_old_total_to_the_new(case in a_case()) {
        let start = Snapshot::take(&case.before, day(2025, 6, 1));
        let end = EndState::of_workspace(&case.after, day(2025, 6, 8));
        let c = compare(&start, Basis::Snapshot, &end, &case.after, &case.filter);

        // The totals are the two pipelines, computed independently.
        let (from_ids, from_amount, from_weighted) = naive_pipeline(&case.before, &case.filter);
        let (to_ids, to_amount, to_weighted) = naive_pipeline(&case.after, &case.filter);
        prop_assert_eq!(c.total.amount.start.value, from_amount);
        prop_assert_eq!(c.total.amount.end.value, to_amount);
        prop_assert_eq!(c.total.weighted.start.value, from_weighted);
        prop_assert_eq!(c.total.weighted.end.value, to_weighted);
        prop_assert_eq!(c.total.amount.start.count as usize, from_ids.len());
        prop_assert_eq!(c.total.amount.end.count as usize, to_ids.len());

        // Every deal of either pipeline in exactly one bar.
        let listed: Vec<u64> = c.deals.iter().map(|d| d.id.0).collect();
        let union: Vec<u64> = from_ids.union(&to_ids).copied().collect();
        prop_assert_eq!(&listed, &union);
        let in_bars: u32 = c.total.amount.bars.iter().map(|t| t.count).sum();
        prop_assert_eq!(in_bars as usize, union.len());
        let in_weighted_bars: u32 = c.total.weighted.bars.iter().map(|t| t.count).sum();
        prop_assert_eq!(in_weighted_bars as usize, union.len());

        // The identity, whole and per group; the groups partition the whole.
        adds_up(&c.total)?;
        for (_, w) in &c.by_seller {
            adds_up(w)?;
        }
        for (_, w) in &c.by_stage {
            adds_up(w)?;
        }
        let seller_start: Money = c.by_seller.iter().map(|(_, w)| w.amount.start.value).sum();
        let stage_end: Money = c.by_stage.iter().map(|(_, w)| w.amount.end.value).sum();
        prop_assert_eq!(seller_start, from_amount);
        prop_assert_eq!(stage_end, to_amount);

        // Each table cell lists exactly the deals it counts; so does each matrix cell.
        for (seller, w) in &c.by_seller {
            for bar in Bar::ALL {
                prop_assert_eq!(c.deals_in_group(Group::Seller(*seller), bar, false).len() as u32, w.amount.bar(bar).count);
                prop_assert_eq!(c.deals_in_group(Group::Seller(*seller), bar, true).len() as u32, w.weighted.bar(bar).count);
            }
        }
        for (stage, w) in &c.by_stage {
            for bar in Bar::ALL {
                prop_assert_eq!(c.deals_in_group(Group::Stage(*stage), bar, false).len() as u32, w.amount.bar(bar).count);
            }
        }
        for bar in Bar::ALL {
            prop_assert_eq!(c.deals_in(bar, true).len() as u32, c.total.weighted.bar(bar).count);
        }
        let m = &c.stages;
        for (r, a) in m.stages.iter().enumerate() {
            for (k, b) in m.stages.iter().enumerate() {
                prop_assert_eq!(c.deals_in_cell(MatrixCell::Move(*a, *b)).len() as u32, m.cells[r][k].count);
            }
            for (e, exit) in [Exit::Won, Exit::Lost, Exit::Left].into_iter().enumerate() {
                prop_assert_eq!(c.deals_in_cell(MatrixCell::Exit(*a, exit)).len() as u32, m.exits[r][e].count);
            }
            prop_assert_eq!(c.deals_in_cell(MatrixCell::Entered(*a)).len() as u32, m.entered[r].count);
        }

        // Bars that need a period never occur without one.
        if case.filter.period.is_none() {
            prop_assert_eq!(c.total.amount.bar(Bar::Slipped).count, 0);
            prop_assert_eq!(c.total.amount.bar(Bar::PulledIn).count, 0);
        }

        // The stage matrix: rows add up to pipeline(from), columns to pipeline(to).
        let m = &c.stages;
        let inside: u32 = m.cells.iter().flatten().map(|t| t.count).sum();
        let exits: u32 = m.exits.iter().flatten().map(|t| t.count).sum();
        let entered: u32 = m.entered.iter().map(|t| t.count).sum();
        prop_assert_eq!(inside + exits, c.total.amount.start.count);
        prop_assert_eq!(inside + entered, c.total.amount.end.count);
        prop_assert_eq!(m.stayed + m.forward + m.back + m.unordered, inside);
    }

    #[test]
    fn history_merge_is_order_independent_and_idempotent(a in a_case(), b in a_case()) {
        let mut ours = History::default();
        ours.record(Snapshot::take(&a.before, day(2025, 6, 1)));
        ours.record(Snapshot::take(&a.after, day(2025, 6, 8)));
        let mut theirs = History::default();
        theirs.record(Snapshot::take(&b.before, day(2025, 6, 1)));
        theirs.record(Snapshot::take(&b.after, day(2025, 6, 2)));
        let ab = ours.merge(&theirs);
        prop_assert_eq!(&ab, &theirs.merge(&ours));
        prop_assert_eq!(&ab.merge(&theirs), &ab);
        prop_assert_eq!(&ab.merge(&ours), &ab);
        // Nothing of either side is lost.
        for h in [&ours, &theirs] {
            for s in h.snapshots() {
                let merged = ab.on(s.date).unwrap();
                for d in &s.deals {
                    prop_assert!(merged.get(d.id).is_some());
                }
            }
        }
    }
}
