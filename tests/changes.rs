//! Host tests of pipeline changes (issue 20): a hand-built week where every bar of the waterfall
//! is known, by amount and weighted, for the whole pipeline, per seller and per stage, with and
//! without a reporting period; the stage matrix; slips over a series of snapshots; the answer
//! from stage history alone; and the snapshot history (record, prune, merge).

mod changes_support;

use changes_support::*;
use voronka::domain::changes::*;
use voronka::domain::filter::{Filter, Period};
use voronka::domain::*;

fn from_day() -> chrono::NaiveDate {
    day(2025, 6, 1)
}

fn to_day() -> chrono::NaiveDate {
    day(2025, 6, 8)
}

fn q3() -> Period {
    Period {
        from: day(2025, 7, 1),
        to: day(2025, 9, 30),
    }
}

/// The week in deals. Amounts in whole roubles; stages 10 / 40 / 60 %.
///
/// | deal | at from (06-01)          | at to (06-08)                 | bar                  |
/// |------|--------------------------|-------------------------------|----------------------|
/// | 1    | Anna, Proposal, 100      | deleted                       | deleted              |
/// | 2    | Anna, Negotiation, 200   | won on 06-05                  | won                  |
/// | 3    | Boris, Qualification, 50 | lost on 06-03                 | lost                 |
/// | 4    | Anna, Proposal, 100      | Proposal, 150                 | increased            |
/// | 5    | Boris, Proposal, 300     | Negotiation (06-03), 250      | decreased (weighted: increased) |
/// | 6    | Anna, Negotiation, 120   | Qualification (06-04), 120    | unchanged (weighted: decreased) |
/// | 7    | —                        | Boris, Qualification, 70, created 06-05 | new        |
/// | 8    | lost (05-01)             | reopened to Qualification 06-05, 40 | new            |
/// | 9    | Anna, Proposal, 80, close 08-15 | close 10-20 (via 09-01 on 06-04) | unchanged; slipped in Q3 |
/// | 10   | Boris, Proposal, 90, close 11-01 | close 09-01               | unchanged; pulled in in Q3 |
/// | 11   | Anna, Proposal, 60       | Boris                         | unchanged; Anna → Boris |
/// | 12   | Boris, Qualification, 20 | Negotiation (06-02), 20       | unchanged (weighted: increased); skipped a stage |
/// | 13   | won before from          | won                           | in neither           |
/// | 14   | —                        | created 06-02, won 06-06      | in neither           |
struct Week {
    before: Workspace,
    after: Workspace,
    /// The snapshot of 06-04, between the two.
    midweek: Snapshot,
}

fn week() -> Week {
    let d1 = deal(1, ANNA, PROP, 100);
    let d2 = deal(2, ANNA, NEGO, 200);
    let d3 = deal(3, BORIS, QUAL, 50);
    let d4 = deal(4, ANNA, PROP, 100);
    let d5 = deal(5, BORIS, PROP, 300);
    let d6 = deal(6, ANNA, NEGO, 120);
    let d7 = created(deal(7, BORIS, QUAL, 70), day(2025, 6, 5));
    let d8 = moved(deal(8, ANNA, QUAL, 40), LOST, day(2025, 5, 1));
    let d9 = closing(deal(9, ANNA, PROP, 80), day(2025, 8, 15));
    let d10 = closing(deal(10, BORIS, PROP, 90), day(2025, 11, 1));
    let d11 = deal(11, ANNA, PROP, 60);
    let d12 = deal(12, BORIS, QUAL, 20);
    let d13 = moved(deal(13, ANNA, NEGO, 500), WON, day(2025, 5, 20));
    let d14 = moved(
        created(deal(14, BORIS, QUAL, 30), day(2025, 6, 2)),
        WON,
        day(2025, 6, 6),
    );
    let before = workspace(vec![
        d1.clone(),
        d2.clone(),
        d3.clone(),
        d4.clone(),
        d5.clone(),
        d6.clone(),
        d8.clone(),
        d9.clone(),
        d10.clone(),
        d11.clone(),
        d12.clone(),
        d13.clone(),
    ]);
    // Midweek (06-04): deal 1 already deleted, 3 lost, 5 and 12 moved on, 9 pushed to September.
    let mut mid = before.clone();
    mid.deals.retain(|d| d.id != DealId(1));
    for d in &mut mid.deals {
        *d = match d.id.0 {
            3 => moved(d.clone(), LOST, day(2025, 6, 3)),
            5 => moved(d.clone(), NEGO, day(2025, 6, 3)),
            9 => closing(d.clone(), day(2025, 9, 1)),
            12 => moved(d.clone(), NEGO, day(2025, 6, 2)),
            _ => continue,
        };
    }
    let midweek = Snapshot::take(&mid, day(2025, 6, 4));
    let after = workspace(vec![
        moved(d2, WON, day(2025, 6, 5)),
        moved(d3, LOST, day(2025, 6, 3)),
        worth(d4, 150),
        worth(moved(d5, NEGO, day(2025, 6, 3)), 250),
        moved(d6, QUAL, day(2025, 6, 4)),
        d7,
        moved(d8, QUAL, day(2025, 6, 5)),
        closing(d9, day(2025, 10, 20)),
        closing(d10, day(2025, 9, 1)),
        sold_by(d11, BORIS),
        moved(d12, NEGO, day(2025, 6, 2)),
        d13,
        d14,
    ]);
    Week {
        before,
        after,
        midweek,
    }
}

fn changes(w: &Week, filter: &Filter) -> Changes {
    compare(
        &Snapshot::take(&w.before, from_day()),
        Basis::Snapshot,
        &EndState::of_workspace(&w.after, to_day()),
        &w.after,
        filter,
    )
}

/// Count and whole roubles of a bar by amount.
fn amount(flow: &Flow<Money>, bar: Bar) -> (u32, i64) {
    let t = flow.bar(bar);
    (t.count, t.value.0 / 100)
}

/// The bar's deals, by id.
fn ids(c: &Changes, bar: Bar, weighted: bool) -> Vec<u64> {
    let mut v: Vec<u64> = c.deals_in(bar, weighted).iter().map(|d| d.id.0).collect();
    v.sort_unstable();
    v
}

fn assert_identity(w: &Waterfall) {
    assert_eq!(w.amount.start_plus_bars(), w.amount.end.value, "by amount");
    assert_eq!(
        w.weighted.start_plus_bars(),
        w.weighted.end.value,
        "weighted"
    );
}

#[test]
fn every_bar_of_the_week_by_amount() {
    let w = week();
    let c = changes(&w, &Filter::default());
    let f = &c.total.amount;
    assert_eq!(
        (f.start.count, f.start.value),
        (10, Money::from_major(1120))
    );
    assert_eq!((f.end.count, f.end.value), (9, Money::from_major(880)));
    assert_eq!(amount(f, Bar::Deleted), (1, 100));
    assert_eq!(amount(f, Bar::Won), (1, 200));
    assert_eq!(amount(f, Bar::Lost), (1, 50));
    assert_eq!(amount(f, Bar::Slipped), (0, 0), "no period, no slip");
    assert_eq!(amount(f, Bar::PulledIn), (0, 0));
    assert_eq!(amount(f, Bar::MovedOut), (0, 0));
    assert_eq!(amount(f, Bar::MovedIn), (0, 0));
    assert_eq!(amount(f, Bar::New), (2, 110));
    assert_eq!(amount(f, Bar::Increased), (1, 50));
    assert_eq!(amount(f, Bar::Decreased), (1, 50));
    assert_eq!(amount(f, Bar::Unchanged), (5, 0));
    assert_identity(&c.total);

    assert_eq!(ids(&c, Bar::Deleted, false), [1]);
    assert_eq!(ids(&c, Bar::Won, false), [2]);
    assert_eq!(ids(&c, Bar::Lost, false), [3]);
    assert_eq!(
        ids(&c, Bar::New, false),
        [7, 8],
        "created since, and reopened"
    );
    assert_eq!(ids(&c, Bar::Increased, false), [4]);
    assert_eq!(ids(&c, Bar::Decreased, false), [5]);
    assert_eq!(ids(&c, Bar::Unchanged, false), [6, 9, 10, 11, 12]);
    // 13 was closed before and 14 opened and won within the week: in neither pipeline.
    assert_eq!(c.deals.len(), 12);
    assert!(c.unknown_bars().is_empty());
}

#[test]
fn weighted_bars_follow_weighted_amounts() {
    let w = week();
    let c = changes(&w, &Filter::default());
    let f = &c.total.weighted;
    assert_eq!(f.start.value, weighted(49100, 1));
    assert_eq!(f.end.value, weighted(33700, 1));
    let bar = |b| (f.bar(b).count, f.bar(b).value);
    assert_eq!(bar(Bar::Deleted), (1, weighted(100, 40)));
    assert_eq!(bar(Bar::Won), (1, weighted(200, 60)));
    assert_eq!(bar(Bar::Lost), (1, weighted(50, 10)));
    assert_eq!(bar(Bar::New), (2, weighted(110, 10)));
    // 4: 100 → 150 at 40 %; 5: 300 at 40 % → 250 at 60 %; 12: 20 at 10 % → 20 at 60 %.
    assert_eq!(bar(Bar::Increased), (3, weighted(6000, 1)));
    // 6: 120 at 60 % → 120 at 10 %.
    assert_eq!(bar(Bar::Decreased), (1, weighted(120, 50)));
    assert_eq!(bar(Bar::Unchanged), (3, Weighted::ZERO));
    assert_eq!(ids(&c, Bar::Increased, true), [4, 5, 12]);
    assert_eq!(ids(&c, Bar::Decreased, true), [6]);
    assert_identity(&c.total);
}

#[test]
fn with_a_period_slipped_and_pulled_in() {
    let w = week();
    let filter = Filter {
        period: Some(q3()),
        ..Filter::default()
    };
    let c = changes(&w, &filter);
    let f = &c.total.amount;
    // Deal 10 (November) is outside Q3 at from; deal 9 (October) outside at to.
    assert_eq!(f.start.value, Money::from_major(1030));
    assert_eq!(f.end.value, Money::from_major(800));
    assert_eq!(amount(f, Bar::Slipped), (1, 80));
    assert_eq!(amount(f, Bar::PulledIn), (1, 90));
    assert_eq!(ids(&c, Bar::Slipped, false), [9]);
    assert_eq!(ids(&c, Bar::PulledIn, false), [10]);
    assert_eq!(amount(f, Bar::Deleted), (1, 100));
    assert_eq!(amount(f, Bar::New), (2, 110));
    assert_eq!(amount(f, Bar::Unchanged), (3, 0));
    assert_identity(&c.total);
}

#[test]
fn a_deal_pulled_before_the_period_or_undated_moves_out() {
    let w = week();
    let mut after = w.after.clone();
    for d in &mut after.deals {
        match d.id.0 {
            4 => d.expected_close = Some(day(2025, 6, 20)), // before Q3
            6 => d.expected_close = None,
            _ => {}
        }
    }
    let filter = Filter {
        period: Some(q3()),
        ..Filter::default()
    };
    let c = compare(
        &Snapshot::take(&w.before, from_day()),
        Basis::Snapshot,
        &EndState::of_workspace(&after, to_day()),
        &after,
        &filter,
    );
    assert_eq!(ids(&c, Bar::MovedOut, false), [4, 6]);
    assert_eq!(ids(&c, Bar::Slipped, false), [9], "only later is a slip");
    assert_identity(&c.total);
}

#[test]
fn filters_select_by_the_deal_at_each_date() {
    let w = week();
    let anna = Filter {
        seller: Some(ANNA),
        ..Filter::default()
    };
    let c = changes(&w, &anna);
    let f = &c.total.amount;
    // Anna at from: 1, 2, 4, 6, 9, 11; at to: 4, 6, 8, 9.
    assert_eq!(f.start.value, Money::from_major(660));
    assert_eq!(f.end.value, Money::from_major(390));
    assert_eq!(ids(&c, Bar::MovedOut, false), [11], "reassigned to Boris");
    assert_eq!(amount(f, Bar::MovedOut), (1, 60));
    assert_identity(&c.total);

    let boris = Filter {
        seller: Some(BORIS),
        ..Filter::default()
    };
    let c = changes(&w, &boris);
    assert_eq!(ids(&c, Bar::MovedIn, false), [11]);
    assert_eq!(c.total.amount.start.value, Money::from_major(460));
    assert_eq!(c.total.amount.end.value, Money::from_major(490));
    assert_identity(&c.total);

    let on_premise = Filter {
        direction: Some(D2),
        ..Filter::default()
    };
    let c = changes(&w, &on_premise);
    assert!(c.deals.is_empty());
    assert_eq!(c.total, Waterfall::default());
}

#[test]
fn per_seller_tables_add_up_and_match_the_seller_filter() {
    let w = week();
    let c = changes(&w, &Filter::default());
    let sellers: Vec<SellerId> = c.by_seller.iter().map(|(s, _)| *s).collect();
    assert_eq!(sellers, [ANNA, BORIS], "the workspace's order");
    for (seller, wf) in &c.by_seller {
        assert_identity(wf);
        let alone = changes(
            &w,
            &Filter {
                seller: Some(*seller),
                ..Filter::default()
            },
        );
        assert_eq!(
            *wf, alone.total,
            "seller {seller:?}: the table row is the filtered waterfall"
        );
    }
    let anna = &c.by_seller[0].1.amount;
    assert_eq!(amount(anna, Bar::Deleted), (1, 100));
    assert_eq!(amount(anna, Bar::Won), (1, 200));
    assert_eq!(amount(anna, Bar::MovedOut), (1, 60));
    assert_eq!(amount(anna, Bar::New), (1, 40));
    assert_eq!(amount(anna, Bar::Increased), (1, 50));
    let boris = &c.by_seller[1].1.amount;
    assert_eq!(amount(boris, Bar::Lost), (1, 50));
    assert_eq!(amount(boris, Bar::Decreased), (1, 50));
    assert_eq!(amount(boris, Bar::New), (1, 70));
    assert_eq!(amount(boris, Bar::MovedIn), (1, 60));
    // The sellers' starts and ends add up to the whole.
    let sum = |f: fn(&Waterfall) -> Money| c.by_seller.iter().map(|(_, w)| f(w)).sum::<Money>();
    assert_eq!(sum(|w| w.amount.start.value), c.total.amount.start.value);
    assert_eq!(sum(|w| w.amount.end.value), c.total.amount.end.value);
}

#[test]
fn per_stage_tables_count_stage_moves_as_moved_out_and_in() {
    let w = week();
    let c = changes(&w, &Filter::default());
    let stages: Vec<StageId> = c.by_stage.iter().map(|(s, _)| *s).collect();
    assert_eq!(stages, [QUAL, PROP, NEGO], "pipeline order");
    let get = |s: StageId| &c.by_stage.iter().find(|(x, _)| *x == s).unwrap().1;
    let prop = &get(PROP).amount;
    assert_eq!(
        (prop.start.value, prop.end.value),
        (Money::from_major(730), Money::from_major(380))
    );
    assert_eq!(amount(prop, Bar::Deleted), (1, 100));
    assert_eq!(
        amount(prop, Bar::MovedOut),
        (1, 300),
        "deal 5 went on to negotiation"
    );
    assert_eq!(amount(prop, Bar::Increased), (1, 50));
    let nego = &get(NEGO).amount;
    assert_eq!(
        (nego.start.value, nego.end.value),
        (Money::from_major(320), Money::from_major(270))
    );
    assert_eq!(amount(nego, Bar::Won), (1, 200));
    assert_eq!(amount(nego, Bar::MovedOut), (1, 120));
    assert_eq!(amount(nego, Bar::MovedIn), (2, 270));
    let qual = &get(QUAL).amount;
    assert_eq!(
        (qual.start.value, qual.end.value),
        (Money::from_major(70), Money::from_major(230))
    );
    assert_eq!(amount(qual, Bar::Lost), (1, 50));
    assert_eq!(amount(qual, Bar::MovedOut), (1, 20));
    assert_eq!(amount(qual, Bar::MovedIn), (1, 120));
    assert_eq!(amount(qual, Bar::New), (2, 110));
    for (_, wf) in &c.by_stage {
        assert_identity(wf);
    }
}

#[test]
fn the_stage_matrix_counts_forward_back_and_skipped() {
    let w = week();
    let c = changes(&w, &Filter::default());
    let m = &c.stages;
    assert_eq!(m.stages, OPEN_STAGES);
    let cell = |a: StageId, b: StageId| {
        let t = m.cells[m.position(a).unwrap()][m.position(b).unwrap()];
        t.count
    };
    assert_eq!(cell(PROP, PROP), 4, "4, 9, 10, 11 stayed");
    assert_eq!(cell(PROP, NEGO), 1, "5 went forward");
    assert_eq!(cell(NEGO, QUAL), 1, "6 went back");
    assert_eq!(cell(QUAL, NEGO), 1, "12 skipped proposal");
    assert_eq!((m.stayed, m.forward, m.skipped, m.back), (4, 2, 1, 1));
    let exits = |s: StageId| m.exits[m.position(s).unwrap()].map(|t| t.count);
    assert_eq!(exits(PROP), [0, 0, 1], "1 was deleted");
    assert_eq!(exits(NEGO), [1, 0, 0], "2 was won");
    assert_eq!(exits(QUAL), [0, 1, 0], "3 was lost");
    let entered: Vec<u32> = m.entered.iter().map(|t| t.count).collect();
    assert_eq!(entered, [2, 0, 0], "7 and 8 entered at qualification");
    // Rows add up to the stage at from, columns to the stage at to.
    let from_count: u32 = m.cells.iter().flatten().map(|t| t.count).sum::<u32>()
        + m.exits.iter().flatten().map(|t| t.count).sum::<u32>();
    assert_eq!(from_count, c.total.amount.start.count);
    let to_count: u32 = m.cells.iter().flatten().map(|t| t.count).sum::<u32>()
        + m.entered.iter().map(|t| t.count).sum::<u32>();
    assert_eq!(to_count, c.total.amount.end.count);
}

#[test]
fn slipped_deals_with_how_often_and_how_far() {
    let w = week();
    let c = changes(&w, &Filter::default());
    let history = History::new(vec![
        Snapshot::take(&w.before, from_day()),
        w.midweek.clone(),
        Snapshot::take(&w.after, to_day()),
    ]);
    let slips = slipped(&c, &history);
    assert_eq!(
        slips,
        [Slip {
            id: DealId(9),
            was: day(2025, 8, 15),
            now: day(2025, 10, 20),
            times: 2,
            days: 66,
        }],
        "pushed to 09-01 midweek, then to 10-20; deal 10 moved earlier and is no slip"
    );
    // Without the midweek snapshot the push counts once.
    assert_eq!(slipped(&c, &History::default())[0].times, 1);
    // The midweek snapshot alone in a history counts the same.
    assert_eq!(
        slipped(&c, &History::new(vec![w.midweek.clone()]))[0].times,
        2
    );
    // A snapshot outside the two dates is ignored.
    let mut late = w.midweek.clone();
    late.date = day(2025, 7, 1);
    assert_eq!(slipped(&c, &History::new(vec![late]))[0].times, 1);
}

#[test]
fn stage_history_alone_answers_stage_moves_wins_losses_and_new() {
    let w = week();
    let start = Snapshot::from_history(&w.after, from_day());
    let ids_open: Vec<u64> = start.deals.iter().map(|d| d.id.0).collect();
    // Deal 1 is gone from today's workspace; 7 and 14 did not exist; 8 was lost; 13 won.
    assert_eq!(ids_open, [2, 3, 4, 5, 6, 9, 10, 11, 12]);
    assert_eq!(
        start.get(DealId(5)).unwrap().stage,
        PROP,
        "its stage that day"
    );
    assert_eq!(start.get(DealId(5)).unwrap().probability, 40);
    let c = compare(
        &start,
        Basis::History,
        &EndState::of_workspace(&w.after, to_day()),
        &w.after,
        &Filter::default(),
    );
    assert_eq!(ids(&c, Bar::Won, false), [2]);
    assert_eq!(ids(&c, Bar::Lost, false), [3]);
    assert_eq!(ids(&c, Bar::New, false), [7, 8]);
    assert_eq!(
        (c.stages.forward, c.stages.skipped, c.stages.back),
        (2, 1, 1)
    );
    assert_eq!(
        c.unknown_bars(),
        [
            Bar::Deleted,
            Bar::Slipped,
            Bar::PulledIn,
            Bar::Increased,
            Bar::Decreased
        ]
    );
    // Today's amounts on both sides: nothing increased or decreased, still an exact identity.
    assert_eq!(c.total.amount.bar(Bar::Increased).count, 0);
    assert_eq!(c.total.amount.bar(Bar::Decreased).count, 0);
    assert_identity(&c.total);
}

#[test]
fn an_end_snapshot_in_the_past_tells_wins_and_losses_by_history() {
    let w = week();
    let end = EndState::of_snapshot(w.midweek.clone(), &w.after);
    let c = compare(
        &Snapshot::take(&w.before, from_day()),
        Basis::Snapshot,
        &end,
        &w.after,
        &Filter::default(),
    );
    // By 06-04 deal 3 was lost (06-03); deal 2 was still open (won 06-05); deal 1 is gone.
    assert_eq!(ids(&c, Bar::Lost, false), [3]);
    assert_eq!(ids(&c, Bar::Won, false), Vec::<u64>::new());
    assert_eq!(ids(&c, Bar::Deleted, false), [1]);
    assert_identity(&c.total);
}

#[test]
fn stage_on_reads_the_history() {
    let d = moved(
        moved(deal(1, ANNA, QUAL, 10), PROP, day(2025, 4, 1)),
        WON,
        day(2025, 5, 1),
    );
    assert_eq!(stage_on(&d, day(2025, 2, 1)), None, "not created yet");
    assert_eq!(stage_on(&d, day(2025, 3, 1)), Some(QUAL));
    assert_eq!(stage_on(&d, day(2025, 3, 31)), Some(QUAL));
    assert_eq!(
        stage_on(&d, day(2025, 4, 1)),
        Some(PROP),
        "entered that day"
    );
    assert_eq!(stage_on(&d, day(2025, 6, 1)), Some(WON));
}

#[test]
fn a_snapshot_keeps_the_effective_probability_and_category() {
    let mut d = deal(1, ANNA, PROP, 10);
    d.probability = Some(75);
    d.forecast_category = Some(ForecastCategory::Commit);
    let mut ws = workspace(vec![
        d,
        deal(2, ANNA, NEGO, 10),
        moved(deal(3, ANNA, QUAL, 5), WON, day(2025, 4, 1)),
    ]);
    let s = Snapshot::take(&ws, from_day());
    assert_eq!(s.deals.len(), 2, "open deals only");
    assert_eq!(
        (s.deals[0].probability, s.deals[0].category),
        (75, ForecastCategory::Commit)
    );
    assert_eq!(
        (s.deals[1].probability, s.deals[1].category),
        (60, ForecastCategory::Pipeline)
    );
    // Editing the stage's default later does not change what that day's snapshot said.
    ws.stages[2].probability = 90;
    assert_eq!(s.get(DealId(2)).unwrap().probability, 60);
    assert_eq!(
        Snapshot::take(&ws, to_day())
            .get(DealId(2))
            .unwrap()
            .probability,
        90
    );
}

#[test]
fn history_keeps_the_first_snapshot_of_a_day_prunes_and_merges() {
    let w = week();
    let mut h = History::default();
    assert!(h.record(Snapshot::take(&w.before, from_day())));
    assert!(
        !h.record(Snapshot::take(&w.after, from_day())),
        "the morning's stays"
    );
    assert_eq!(
        h.on(from_day()).unwrap(),
        Snapshot::take(&w.before, from_day())
    );
    assert!(h.record(Snapshot::take(&w.after, to_day())));
    assert!(h.record(w.midweek.clone()));
    let days: Vec<_> = h.dates().collect();
    assert_eq!(
        days,
        [from_day(), day(2025, 6, 4), to_day()],
        "oldest first"
    );
    assert_eq!(
        h.at_or_before(day(2025, 6, 6)).unwrap().date,
        day(2025, 6, 4)
    );
    assert_eq!(h.at_or_before(day(2025, 5, 31)), None);
    assert_eq!(h.latest().unwrap(), Snapshot::take(&w.after, to_day()));
    // Kept as differences, each day rebuilt exactly: by midweek 1 (deleted) and 3 (lost) went,
    // 5, 9 and 12 changed.
    assert_eq!(h.days()[1].removed, [DealId(1), DealId(3)]);
    let changed: Vec<u64> = h.days()[1].changed.iter().map(|d| d.id.0).collect();
    assert_eq!(changed, [5, 9, 12]);
    assert_eq!(h.on(day(2025, 6, 4)).unwrap(), w.midweek);

    let mut pruned = h.clone();
    // One week before 06-10 is 06-03: the 06-01 snapshot goes.
    assert_eq!(pruned.prune(day(2025, 6, 10), 1), 1);
    assert_eq!(pruned.len(), 2);
    assert_eq!(
        pruned.on(day(2025, 6, 4)).unwrap(),
        w.midweek,
        "the new first day is whole"
    );
    assert_eq!(
        pruned.on(to_day()).unwrap(),
        Snapshot::take(&w.after, to_day())
    );
    assert_eq!(pruned.drop_oldest(), Some(day(2025, 6, 4)));
    assert_eq!(pruned.snapshots(), [Snapshot::take(&w.after, to_day())]);
    // A day recorded out of order (a clock set back) still lands in order.
    let mut h2 = History::default();
    h2.record(Snapshot::take(&w.after, to_day()));
    h2.record(Snapshot::take(&w.before, from_day()));
    assert_eq!(
        h2.snapshots(),
        [
            Snapshot::take(&w.before, from_day()),
            Snapshot::take(&w.after, to_day())
        ]
    );

    // A teammate's history: another day, and the same day with other deals.
    let mut theirs = History::default();
    theirs.record(Snapshot::take(&w.after, day(2025, 5, 25)));
    let mut other = Snapshot::take(&workspace(vec![deal(99, BORIS, QUAL, 1)]), from_day());
    other
        .deals
        .extend(Snapshot::take(&w.after, from_day()).deals);
    theirs.record(Snapshot::new(from_day(), other.deals));
    let ab = h.merge(&theirs);
    assert_eq!(ab, theirs.merge(&h), "order does not matter");
    assert_eq!(ab.merge(&theirs), ab, "merging again changes nothing");
    assert_eq!(ab.len(), 4);
    let first = ab.on(from_day()).unwrap();
    assert!(first.get(DealId(99)).is_some(), "their deal is kept");
    assert!(first.get(DealId(1)).is_some(), "our deal is kept");
    // Deal 4 differs (100 vs 150): the same version wins whichever side merges.
    assert_eq!(first.get(DealId(4)).unwrap().amount, Money::from_major(150));
}

#[test]
fn latest_activity_dates_an_undated_file() {
    let w = week();
    assert_eq!(latest_activity(&w.after), Some(day(2025, 6, 6)));
    let mut ws = w.after.clone();
    ws.deals[0].updated_at = 1_750_000_000_000; // 2025-06-15 UTC
    assert_eq!(latest_activity(&ws), Some(day(2025, 6, 15)));
    assert_eq!(latest_activity(&workspace(vec![])), None);
}
