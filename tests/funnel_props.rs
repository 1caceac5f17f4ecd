//! Property tests of the funnel's fast path (issue 17): the index summarises each deal's history
//! once per workspace (furthest open stage, finished visits per stage) so the funnel no longer
//! walks every history on every filter change. Here, on demo workspaces with randomly rewritten
//! histories (moves backwards, repeated stages, stages that no longer exist, same-day moves) and
//! random filters, the conversion funnel must equal a plain recomputation from the definitions in
//! metrics.md that walks every history with id lookups.
//!
//! `PROPTEST_CASES` sets the number of cases (default 48).

mod support;
use support::day;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use voronka::domain::demo::{DemoSpec, generate};
use voronka::domain::filter::{Filter, Period};
use voronka::domain::funnel::{funnel, funnel_by_seller};
use voronka::domain::index::DealIndex;
use voronka::domain::*;

fn today() -> NaiveDate {
    day(2026, 11, 27)
}

/// Per open stage position: (reached count, reached amount, days of finished visits, deals that
/// left it); plus the cohort size. Straight from the definitions, with id lookups.
fn simple_conversion(ws: &Workspace, f: &Filter) -> (Vec<(usize, i64, i64, usize)>, usize) {
    let pos_of = |id: StageId| ws.stages.iter().position(|s| s.id == id);
    let is_open = |p: Option<usize>| p.is_some_and(|p| ws.stages[p].kind == StageKind::Open);
    let n = ws.stages.len();
    let mut furthest_count = vec![0usize; n];
    let mut furthest_amount = vec![0i64; n];
    let mut days = vec![0i64; n];
    let mut left = vec![0usize; n];
    let (mut won, mut won_amount, mut cohort) = (0usize, 0i64, 0usize);
    for d in &ws.deals {
        let Some(current) = pos_of(d.stage) else {
            continue;
        };
        if !f.selects(d) || !f.period.is_none_or(|p| p.contains(d.created)) {
            continue;
        }
        cohort += 1;
        // Runs of the same stage are one visit; a run followed by another stage is finished.
        let mut left_here = vec![false; n];
        let h = &d.history;
        let mut start = 0;
        while start < h.len() {
            let mut end = start + 1;
            while end < h.len() && pos_of(h[end].stage) == pos_of(h[start].stage) {
                end += 1;
            }
            let p = pos_of(h[start].stage);
            if end < h.len() && is_open(p) {
                let p = p.unwrap_or_default();
                days[p] += (h[end].entered - h[start].entered).num_days();
                left_here[p] = true;
            }
            start = end;
        }
        for (p, l) in left_here.iter().enumerate() {
            left[p] += *l as usize;
        }
        if ws.stages[current].kind == StageKind::Won {
            won += 1;
            won_amount += d.amount.0;
            continue;
        }
        let furthest = h
            .iter()
            .map(|e| pos_of(e.stage))
            .chain([Some(current)])
            .filter(|&p| is_open(p))
            .flatten()
            .max();
        if let Some(p) = furthest {
            furthest_count[p] += 1;
            furthest_amount[p] += d.amount.0;
        }
    }
    let rows = (0..n)
        .filter(|&p| ws.stages[p].kind == StageKind::Open)
        .map(|p| {
            let reached: usize = won + (p..n).map(|q| furthest_count[q]).sum::<usize>();
            let amount: i64 = won_amount + (p..n).map(|q| furthest_amount[q]).sum::<i64>();
            (reached, amount, days[p], left[p])
        })
        .collect();
    (rows, cohort)
}

#[derive(Clone, Debug)]
struct Rewrite {
    deal: usize,
    /// (stage pick, days after the previous entry); a pick past the stages is a deleted stage.
    steps: Vec<(usize, u64)>,
}

fn rewrite() -> impl Strategy<Value = Rewrite> {
    (
        any::<usize>(),
        prop::collection::vec((0..12usize, 0..60u64), 0..8),
    )
        .prop_map(|(deal, steps)| Rewrite { deal, steps })
}

fn apply(ws: &mut Workspace, r: &Rewrite) {
    let n = ws.deals.len();
    let stages: Vec<StageId> = ws.stages.iter().map(|s| s.id).collect();
    let d = &mut ws.deals[r.deal % n];
    let mut when = d.created;
    d.history = r
        .steps
        .iter()
        .map(|&(pick, gap)| {
            when = when.checked_add_days(Days::new(gap)).unwrap_or(when);
            StageEntry {
                stage: stages.get(pick).copied().unwrap_or(StageId(9_999)),
                entered: when,
            }
        })
        .collect();
    if let Some(last) = d.history.last() {
        d.stage = last.stage;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn conversion_funnel_equals_the_plain_history_walk(
        seed in any::<u64>(),
        deals in 1..160usize,
        rewrites in prop::collection::vec(rewrite(), 0..40),
        seller in prop::option::of(0..6usize),
        period in prop::option::of((0..540u64, 0..400u64)),
    ) {
        let mut ws = generate(DemoSpec { seed, deals, lang: Lang::En, today: today() });
        for r in &rewrites {
            apply(&mut ws, r);
        }
        let filter = Filter {
            seller: seller.and_then(|s| ws.sellers.get(s)).map(|s| s.id),
            period: period.map(|(back, len)| {
                let from = today().checked_sub_days(Days::new(back)).unwrap_or(today());
                Period { from, to: from.checked_add_days(Days::new(len)).unwrap_or(from) }
            }),
            ..Filter::default()
        };
        let ix = DealIndex::build(&ws);
        let report = funnel(&ws, &ix, &filter, today());
        let (expected, cohort) = simple_conversion(&ws, &filter);
        let got: Vec<(usize, i64, i64, usize)> = report
            .conversion
            .rows
            .iter()
            .map(|r| (r.reached, r.reached_amount.0, r.days_in_stage_total, r.deals_left))
            .collect();
        prop_assert_eq!(got, expected);
        prop_assert_eq!(report.conversion.cohort_count, cohort);
        // The per-seller pass shares the fast path: each seller's funnel is the filtered one.
        let all = funnel_by_seller(&ws, &ix, &filter, today());
        for s in all.iter().take(3) {
            let one = funnel(&ws, &ix, &Filter { seller: Some(s.seller_id), ..filter.clone() }, today());
            prop_assert_eq!(&s.report, &one);
        }
    }
}
