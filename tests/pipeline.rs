//! Host tests of the pipeline reports (issue 5): the by-clients and by-forecast trees, the
//! by-stages grid with its team average, expansion and paths, sorting, CSV, and the demo data
//! against a naive recomputation.

mod support;
use support::day;

use std::collections::HashMap;

use chrono::NaiveDate;
use voronka::domain::filter::{Filter, Period};
use voronka::domain::index::DealIndex;
use voronka::domain::pipeline::*;
use voronka::domain::*;
use voronka::format::report_csv;

fn today() -> NaiveDate {
    day(2025, 6, 15)
}

// Ids deliberately differ from positions, so ids can never stand in for positions.
const QUAL: StageId = StageId(30); // position 0, open, 10%
const PROP: StageId = StageId(10); // position 1, open, 40%
const NEGO: StageId = StageId(20); // position 2, open, 60%
const WON: StageId = StageId(40); // position 3
const LOST: StageId = StageId(50); // position 4

const ANNA: SellerId = SellerId(5); // position 0
const BORIS: SellerId = SellerId(2); // position 1
const VERA: SellerId = SellerId(9); // position 2, no deals at all
const GLEB: SellerId = SellerId(7); // position 3, only a won deal: no open deal

const ALPHA: ClientId = ClientId(11); // position 0, shared by Anna and Boris; lower-case name
const BETA: ClientId = ClientId(13); // position 1
const GAMMA: ClientId = ClientId(12); // position 2

const D1: DirectionId = DirectionId(21);
const D2: DirectionId = DirectionId(22);
const T1: DealTypeId = DealTypeId(31);
const T2: DealTypeId = DealTypeId(32);

#[allow(clippy::too_many_arguments)]
fn deal(
    id: u64,
    seller: SellerId,
    client: ClientId,
    stage: StageId,
    minor: i64,
    probability: Option<u8>,
    direction: Option<DirectionId>,
    deal_type: DealTypeId,
    expected: Option<NaiveDate>,
) -> Deal {
    Deal {
        client,
        seller,
        direction,
        deal_type: Some(deal_type),
        amount: Money(minor),
        probability,
        expected_close: expected,
        closed: (stage == WON || stage == LOST).then_some(day(2025, 5, 1)),
        ..support::deal(id, &[(stage, day(2025, 1, 1))])
    }
}

/// Weighted amounts below are in hundredths of a minor unit (amount_minor × p).
fn fixture() -> Workspace {
    let stage = |id, name: &str, kind, probability| Stage {
        id,
        name: name.to_string(),
        kind,
        probability,
        rotting_days: None,
        forecast_category: ForecastCategory::Pipeline,
    };
    let seller = |id, name: &str| Seller {
        id,
        name: name.to_string(),
    };
    let client = |id, name: &str| Client {
        id,
        name: name.to_string(),
        segment: String::new(),
        key: false,
        no_client: false,
    };
    Workspace {
        currency: "RUB".into(),
        stages: vec![
            stage(QUAL, "Qualification", StageKind::Open, 10),
            stage(PROP, "Proposal", StageKind::Open, 40),
            stage(NEGO, "Negotiation", StageKind::Open, 60),
            stage(WON, "Won", StageKind::Won, 100),
            stage(LOST, "Lost", StageKind::Lost, 0),
        ],
        sellers: vec![
            seller(ANNA, "Anna"),
            seller(BORIS, "Boris"),
            seller(VERA, "Vera"),
            seller(GLEB, "Gleb"),
        ],
        clients: vec![
            client(ALPHA, "alpha"),
            client(BETA, "Beta"),
            client(GAMMA, "Gamma"),
        ],
        directions: vec![
            Direction {
                id: D1,
                name: "Cloud".into(),
            },
            Direction {
                id: D2,
                name: "ERP".into(),
            },
        ],
        deal_types: vec![
            DealType {
                id: T1,
                name: "New".into(),
            },
            DealType {
                id: T2,
                name: "Upsell".into(),
            },
        ],
        deals: vec![
            // 100.00 at 10% → weighted 10000×10 = 100000; due in July.
            deal(
                101,
                ANNA,
                ALPHA,
                QUAL,
                10000,
                None,
                Some(D1),
                T1,
                Some(day(2025, 7, 1)),
            ),
            // 200.50 at an override of 25% → 20050×25 = 501250; overdue (June 1 < June 15); no direction.
            deal(
                102,
                ANNA,
                ALPHA,
                PROP,
                20050,
                Some(25),
                None,
                T1,
                Some(day(2025, 6, 1)),
            ),
            // 300.00 at 60% → 1800000; no expected close date, so never overdue.
            deal(103, ANNA, BETA, NEGO, 30000, None, Some(D2), T2, None),
            // 50.01 at 10% → 50010; overdue (yesterday).
            deal(
                104,
                BORIS,
                ALPHA,
                QUAL,
                5001,
                None,
                Some(D1),
                T2,
                Some(day(2025, 6, 14)),
            ),
            // 400.00 at 40% → 1600000; expected today: not overdue; no direction.
            deal(
                105,
                BORIS,
                GAMMA,
                PROP,
                40000,
                None,
                None,
                T1,
                Some(day(2025, 6, 15)),
            ),
            // Closed deals are not in the pipeline.
            deal(
                106,
                BORIS,
                GAMMA,
                WON,
                100000,
                None,
                Some(D1),
                T1,
                Some(day(2025, 5, 1)),
            ),
            deal(
                107,
                ANNA,
                BETA,
                LOST,
                7000,
                None,
                Some(D2),
                T1,
                Some(day(2025, 5, 1)),
            ),
            deal(
                108,
                GLEB,
                BETA,
                WON,
                50000,
                None,
                Some(D2),
                T2,
                Some(day(2025, 5, 1)),
            ),
        ],
        ..Workspace::default()
    }
}

fn agg(count: u32, minor: i64, weighted: i128, overdue: u32) -> Aggregate {
    Aggregate {
        count,
        amount: Money(minor),
        weighted: Weighted(weighted),
        overdue,
    }
}

fn path(s: &str) -> NodePath {
    s.parse().unwrap()
}

/// Checks the tree's invariants — every group sums its children, levels are consecutive, parents
/// point back, the roots sum to `total` — then that the node at each listed path holds exactly
/// the expected aggregate, and that no other node exists.
fn check(tree: &Tree, total: Aggregate, expected: &[(&str, Aggregate)]) {
    let mut sum = Aggregate::default();
    for &r in tree.roots() {
        assert_eq!(tree.node(r).level, 0);
        assert_eq!(tree.node(r).parent, NO_PARENT);
        sum.add(&tree.node(r).sum);
    }
    assert_eq!(sum, total, "roots sum to the filtered total");
    assert_eq!(tree.total, total, "tree total");
    for id in 0..tree.len() as u32 {
        let node = tree.node(id);
        if node.is_leaf() {
            assert!(node.key.deal().is_some(), "only deals are leaves");
            assert_eq!(node.level as usize, tree.levels.len());
            assert_eq!(node.sum.count, 1);
            continue;
        }
        let mut s = Aggregate::default();
        for &c in tree.children(id) {
            assert_eq!(tree.node(c).parent, id);
            assert_eq!(tree.node(c).level, node.level + 1);
            s.add(&tree.node(c).sum);
        }
        assert_eq!(s, node.sum, "node {} sums its children", tree.path(id));
    }
    // Every level sums to the total too.
    for level in 0..tree.depth() as u8 {
        let mut s = Aggregate::default();
        for n in tree.nodes().iter().filter(|n| n.level == level) {
            s.add(&n.sum);
        }
        assert_eq!(s, total, "level {level} sums to the total");
    }
    for (p, want) in expected {
        let id = tree
            .find(&path(p).0)
            .unwrap_or_else(|| panic!("no node {p}"));
        assert_eq!(tree.node(id).sum, *want, "node {p}");
    }
    assert_eq!(
        tree.len(),
        expected.len(),
        "no nodes beyond the expected ones"
    );
}

/// Totals of the open deals, no filter: count 5, overdue 2 (102, 104);
/// amount 10000 + 20050 + 30000 + 5001 + 40000 = 105051;
/// weighted 100000 + 501250 + 1800000 + 50010 + 1600000 = 4051260.
fn open_total() -> Aggregate {
    agg(5, 105051, 4051260, 2)
}

#[test]
fn by_clients_groups_seller_client_deal_and_sums_every_level() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let tree = Tree::by_clients(&ws, &ix, &Filter::default(), today());
    assert_eq!(tree.levels, vec![Level::Seller, Level::Client]);
    check(
        &tree,
        open_total(),
        &[
            // Anna: 10000 + 20050 + 30000 = 60050; 100000 + 501250 + 1800000 = 2401250.
            ("s5", agg(3, 60050, 2401250, 1)),
            ("s5/c11", agg(2, 30050, 601250, 1)),
            ("s5/c11/d101", agg(1, 10000, 100000, 0)),
            ("s5/c11/d102", agg(1, 20050, 501250, 1)),
            ("s5/c13", agg(1, 30000, 1800000, 0)),
            ("s5/c13/d103", agg(1, 30000, 1800000, 0)),
            // Boris: 5001 + 40000 = 45001; 50010 + 1600000 = 1650010. Alpha is shared with Anna.
            ("s2", agg(2, 45001, 1650010, 1)),
            ("s2/c11", agg(1, 5001, 50010, 1)),
            ("s2/c11/d104", agg(1, 5001, 50010, 1)),
            ("s2/c12", agg(1, 40000, 1600000, 0)),
            ("s2/c12/d105", agg(1, 40000, 1600000, 0)),
            // Vera and Gleb have no open deal, so no row.
        ],
    );
    // Built in list order: Anna (position 0) before Boris (position 1); Alpha before Beta.
    let roots: Vec<PathStep> = tree.roots().iter().map(|&r| tree.node(r).step).collect();
    assert_eq!(roots, vec![PathStep::Seller(ANNA), PathStep::Seller(BORIS)]);
    // Rows carry positions for rendering: Anna's node is seller 0, deal 102 is deal position 1.
    let anna = tree.find(&path("s5").0).unwrap();
    assert_eq!(tree.node(anna).key, NodeKey::Seller(0));
    let d102 = tree.find(&path("s5/c11/d102").0).unwrap();
    assert_eq!(tree.node(d102).key, NodeKey::Deal(1));
    assert_eq!(tree.node(d102).sum.weighted.round(), Money(5013)); // 5012.5 rounds away from 0
}

#[test]
fn by_forecast_groups_stage_seller_client_deal_and_sums_every_level() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let tree = Tree::by_forecast(&ws, &ix, &Filter::default(), today());
    check(
        &tree,
        open_total(),
        &[
            // Qualification: 101 (Anna, Alpha) + 104 (Boris, Alpha): 10000 + 5001, 100000 + 50010.
            ("st30", agg(2, 15001, 150010, 1)),
            ("st30/s5", agg(1, 10000, 100000, 0)),
            ("st30/s5/c11", agg(1, 10000, 100000, 0)),
            ("st30/s5/c11/d101", agg(1, 10000, 100000, 0)),
            ("st30/s2", agg(1, 5001, 50010, 1)),
            ("st30/s2/c11", agg(1, 5001, 50010, 1)),
            ("st30/s2/c11/d104", agg(1, 5001, 50010, 1)),
            // Proposal: 102 + 105: 20050 + 40000, 501250 + 1600000.
            ("st10", agg(2, 60050, 2101250, 1)),
            ("st10/s5", agg(1, 20050, 501250, 1)),
            ("st10/s5/c11", agg(1, 20050, 501250, 1)),
            ("st10/s5/c11/d102", agg(1, 20050, 501250, 1)),
            ("st10/s2", agg(1, 40000, 1600000, 0)),
            ("st10/s2/c12", agg(1, 40000, 1600000, 0)),
            ("st10/s2/c12/d105", agg(1, 40000, 1600000, 0)),
            // Negotiation: 103 only.
            ("st20", agg(1, 30000, 1800000, 0)),
            ("st20/s5", agg(1, 30000, 1800000, 0)),
            ("st20/s5/c13", agg(1, 30000, 1800000, 0)),
            ("st20/s5/c13/d103", agg(1, 30000, 1800000, 0)),
        ],
    );
    // Stages come in pipeline order (positions), not id order.
    let roots: Vec<PathStep> = tree.roots().iter().map(|&r| tree.node(r).step).collect();
    assert_eq!(
        roots,
        vec![
            PathStep::Stage(QUAL),
            PathStep::Stage(PROP),
            PathStep::Stage(NEGO)
        ]
    );
}

#[test]
fn dimension_filters_select_deals_and_the_period_is_ignored() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let tree = |f: Filter| Tree::by_clients(&ws, &ix, &f, today());

    // A period that holds none of the deals' dates changes nothing: the pipeline is "now".
    let period = Filter {
        period: Some(Period {
            from: day(2020, 1, 1),
            to: day(2020, 1, 31),
        }),
        ..Filter::default()
    };
    assert_eq!(tree(period), tree(Filter::default()));

    // Seller Boris: 104 + 105.
    let boris = Filter {
        seller: Some(BORIS),
        ..Filter::default()
    };
    let t = tree(boris);
    check(
        &t,
        agg(2, 45001, 1650010, 1),
        &[
            ("s2", agg(2, 45001, 1650010, 1)),
            ("s2/c11", agg(1, 5001, 50010, 1)),
            ("s2/c11/d104", agg(1, 5001, 50010, 1)),
            ("s2/c12", agg(1, 40000, 1600000, 0)),
            ("s2/c12/d105", agg(1, 40000, 1600000, 0)),
        ],
    );

    // Direction Cloud: 101 and 104; deals without a direction (102, 105) drop out.
    let cloud = Filter {
        direction: Some(D1),
        ..Filter::default()
    };
    check(
        &tree(cloud),
        agg(2, 15001, 150010, 1),
        &[
            ("s5", agg(1, 10000, 100000, 0)),
            ("s5/c11", agg(1, 10000, 100000, 0)),
            ("s5/c11/d101", agg(1, 10000, 100000, 0)),
            ("s2", agg(1, 5001, 50010, 1)),
            ("s2/c11", agg(1, 5001, 50010, 1)),
            ("s2/c11/d104", agg(1, 5001, 50010, 1)),
        ],
    );

    // Deal type Upsell: 103 and 104 (108 is won).
    let upsell = Filter {
        deal_type: Some(T2),
        ..Filter::default()
    };
    check(
        &tree(upsell),
        agg(2, 35001, 1850010, 1),
        &[
            ("s5", agg(1, 30000, 1800000, 0)),
            ("s5/c13", agg(1, 30000, 1800000, 0)),
            ("s5/c13/d103", agg(1, 30000, 1800000, 0)),
            ("s2", agg(1, 5001, 50010, 1)),
            ("s2/c11", agg(1, 5001, 50010, 1)),
            ("s2/c11/d104", agg(1, 5001, 50010, 1)),
        ],
    );

    // A seller with no open deal gives an empty tree, not an error.
    let vera = Filter {
        seller: Some(VERA),
        ..Filter::default()
    };
    let t = tree(vera);
    assert!(t.is_empty());
    assert_eq!(t.total, Aggregate::default());
    assert!(t.visible_rows(&Expansion::expand_all()).is_empty());
}

#[test]
fn overdue_is_expected_close_strictly_before_today() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let tree = Tree::by_clients(&ws, &ix, &Filter::default(), today());
    let overdue = |p: &str| tree.node(tree.find(&path(p).0).unwrap()).overdue();
    assert!(overdue("s5/c11/d102"), "June 1");
    assert!(overdue("s2/c11/d104"), "yesterday");
    assert!(!overdue("s2/c12/d105"), "today is not overdue");
    assert!(!overdue("s5/c13/d103"), "no expected date");
    assert!(!overdue("s5/c11/d101"), "future");
    assert!(
        overdue("s5/c11"),
        "a group holding an overdue deal is marked"
    );
    assert!(!overdue("s5/c13"));
}

#[test]
fn by_stages_grid_team_average_and_deviation() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let g = StageGrid::build(&ws, &ix, &Filter::default(), today());
    // Columns: open stages in pipeline order (positions 0, 1, 2). Rows: every seller.
    assert_eq!(g.stages, vec![0, 1, 2]);
    assert_eq!(g.sellers, vec![0, 1, 2, 3]);
    let (q, p, n, t) = (
        GridCol::Stage(0),
        GridCol::Stage(1),
        GridCol::Stage(2),
        GridCol::Total,
    );
    let (anna, boris, vera, gleb) = (0, 1, 2, 3);
    assert_eq!(*g.cell(anna, q), agg(1, 10000, 100000, 0));
    assert_eq!(*g.cell(anna, p), agg(1, 20050, 501250, 1));
    assert_eq!(*g.cell(anna, n), agg(1, 30000, 1800000, 0));
    assert_eq!(*g.cell(anna, t), agg(3, 60050, 2401250, 1));
    assert_eq!(*g.cell(boris, q), agg(1, 5001, 50010, 1));
    assert_eq!(*g.cell(boris, p), agg(1, 40000, 1600000, 0));
    assert_eq!(*g.cell(boris, n), Aggregate::default());
    assert_eq!(*g.cell(boris, t), agg(2, 45001, 1650010, 1));
    assert_eq!(*g.cell(vera, t), Aggregate::default());
    assert_eq!(
        *g.cell(gleb, t),
        Aggregate::default(),
        "won deals are not pipeline"
    );
    // Totals row.
    assert_eq!(*g.column_total(q), agg(2, 15001, 150010, 1));
    assert_eq!(*g.column_total(p), agg(2, 60050, 2101250, 1));
    assert_eq!(*g.column_total(n), agg(1, 30000, 1800000, 0));
    assert_eq!(*g.column_total(t), open_total());
    assert_eq!(g.total, open_total());

    // Team = Anna and Boris (Vera and Gleb have no open deal): 2 active sellers.
    assert_eq!(g.active_sellers, 2);
    assert!(g.is_active(anna) && g.is_active(boris) && !g.is_active(vera) && !g.is_active(gleb));
    // Average counts: 2/2, 2/2, 1/2, 5/2.
    assert_eq!(g.average_count(q), Some(1.0));
    assert_eq!(g.average_count(n), Some(0.5));
    assert_eq!(g.average_count(t), Some(2.5));
    // Average amounts: 15001/2 = 7500.5 → 7501 (half away from zero); 60050/2 = 30025;
    // 30000/2 = 15000; 105051/2 = 52525.5 → 52526.
    assert_eq!(g.average_amount(q), Some(Money(7501)));
    assert_eq!(g.average_amount(p), Some(Money(30025)));
    assert_eq!(g.average_amount(n), Some(Money(15000)));
    assert_eq!(g.average_amount(t), Some(Money(52526)));

    let close = |got: Option<f64>, want: f64| {
        let got = got.expect("a deviation");
        assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
    };
    // Qualification: (10000×2 − 15001)/15001 = 4999/15001; Boris the mirror image.
    close(g.deviation_amount(anna, q), 4999.0 / 15001.0 * 100.0);
    close(g.deviation_amount(boris, q), -4999.0 / 15001.0 * 100.0);
    // Proposal: (20050×2 − 60050)/60050 = −19950/60050.
    close(g.deviation_amount(anna, p), -19950.0 / 60050.0 * 100.0);
    close(g.deviation_amount(boris, p), 19950.0 / 60050.0 * 100.0);
    // Negotiation: Anna 30000 vs 15000 → +100 %; Boris nothing → −100 %.
    close(g.deviation_amount(anna, n), 100.0);
    close(g.deviation_amount(boris, n), -100.0);
    // Row totals: (60050×2 − 105051)/105051 = 15049/105051.
    close(g.deviation_amount(anna, t), 15049.0 / 105051.0 * 100.0);
    close(g.deviation_amount(boris, t), -15049.0 / 105051.0 * 100.0);
    // Counts: Anna 3 vs 2.5 → +20 %; in Negotiation 1 vs 0.5 → +100 %.
    close(g.deviation_count(anna, t), 20.0);
    close(g.deviation_count(boris, t), -20.0);
    close(g.deviation_count(anna, n), 100.0);
    // Inactive sellers are outside the comparison.
    assert_eq!(g.deviation_amount(vera, q), None);
    assert_eq!(g.deviation_count(gleb, t), None);

    // Clicking a cell lists its deals (positions in ws.deals), and a row total lists the row.
    assert_eq!(g.deals(anna, p), &[1]);
    assert_eq!(g.deals(boris, n), &[] as &[u32]);
    assert_eq!(g.deals(anna, t), &[0, 1, 2]);
    assert_eq!(g.deals(boris, t), &[3, 4]);
    assert_eq!(g.deals(vera, t), &[] as &[u32]);
}

#[test]
fn by_stages_grid_under_filters() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    // Seller filter: one row, and that seller is the whole team, so deviation 0.
    let f = Filter {
        seller: Some(ANNA),
        ..Filter::default()
    };
    let g = StageGrid::build(&ws, &ix, &f, today());
    assert_eq!(g.sellers, vec![0]);
    assert_eq!(g.active_sellers, 1);
    assert_eq!(g.deviation_amount(0, GridCol::Total), Some(0.0));
    assert_eq!(g.total, agg(3, 60050, 2401250, 1));

    // Direction with no open deal: nobody active, so no average and no deviation.
    let f = Filter {
        direction: Some(DirectionId(999)),
        ..Filter::default()
    };
    let g = StageGrid::build(&ws, &ix, &f, today());
    assert_eq!(g.active_sellers, 0);
    assert_eq!(g.average_count(GridCol::Total), None);
    assert_eq!(g.average_amount(GridCol::Stage(0)), None);
    assert_eq!(g.deviation_amount(0, GridCol::Total), None);
    assert_eq!(g.total, Aggregate::default());

    // Direction Cloud: Negotiation has no deal, so its average is 0 and deviations are None.
    let f = Filter {
        direction: Some(D1),
        ..Filter::default()
    };
    let g = StageGrid::build(&ws, &ix, &f, today());
    assert_eq!(g.average_amount(GridCol::Stage(2)), Some(Money(0)));
    assert_eq!(g.deviation_amount(0, GridCol::Stage(2)), None);
    assert_eq!(g.total, agg(2, 15001, 150010, 1));
}

fn visible(tree: &Tree, e: &Expansion) -> Vec<String> {
    tree.visible_rows(e)
        .into_iter()
        .map(|id| tree.path(id).to_string())
        .collect()
}

#[test]
fn visible_rows_follow_the_expanded_paths() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let tree = Tree::by_clients(&ws, &ix, &Filter::default(), today());

    assert_eq!(visible(&tree, &Expansion::collapse_all()), ["s5", "s2"]);

    let mut e = Expansion::default();
    e.set(path("s5"), true);
    assert_eq!(visible(&tree, &e), ["s5", "s5/c11", "s5/c13", "s2"]);

    e.set(path("s5/c11"), true);
    // Expanded under a collapsed parent: remembered, not shown.
    e.set(path("s2/c12"), true);
    assert_eq!(
        visible(&tree, &e),
        ["s5", "s5/c11", "s5/c11/d101", "s5/c11/d102", "s5/c13", "s2"]
    );
    let s5 = tree.find(&path("s5").0).unwrap();
    let s2 = tree.find(&path("s2").0).unwrap();
    assert!(tree.is_expanded(s5, &e));
    assert!(!tree.is_expanded(s2, &e));

    e.toggle(path("s2"));
    assert_eq!(
        visible(&tree, &e),
        [
            "s5",
            "s5/c11",
            "s5/c11/d101",
            "s5/c11/d102",
            "s5/c13",
            "s2",
            "s2/c11",
            "s2/c12",
            "s2/c12/d105"
        ]
    );

    // Expand all shows every node; collapsing one row then hides only its subtree.
    let mut all = Expansion::expand_all();
    assert_eq!(tree.visible_rows(&all).len(), tree.len());
    all.set(path("s5"), false);
    assert_eq!(
        visible(&tree, &all),
        ["s5", "s2", "s2/c11", "s2/c11/d104", "s2/c12", "s2/c12/d105"]
    );
    // Deal rows are never expanded.
    let d = tree.find(&path("s2/c11/d104").0).unwrap();
    assert!(!tree.is_expanded(d, &all));

    // The explicit list of expandable rows expands the same as "expand all".
    let every = Expansion::Only(tree.expandable_paths());
    assert_eq!(
        tree.visible_rows(&every),
        tree.visible_rows(&Expansion::expand_all())
    );
    assert_eq!(tree.expandable_paths().len(), 6); // 2 sellers + 4 seller-client pairs
}

#[test]
fn expansion_survives_a_filter_change() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let mut e = Expansion::default();
    e.set(path("st30"), true);
    e.set(path("st30/s2"), true);
    // Under the Cloud direction the tree is rebuilt with other arena indices; paths still match.
    let cloud = Filter {
        direction: Some(D1),
        ..Filter::default()
    };
    let tree = Tree::by_forecast(&ws, &ix, &cloud, today());
    assert_eq!(
        visible(&tree, &e),
        ["st30", "st30/s5", "st30/s2", "st30/s2/c11"]
    );
}

#[test]
fn paths_and_expansions_round_trip_through_text() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    for tree in [
        Tree::by_clients(&ws, &ix, &Filter::default(), today()),
        Tree::by_forecast(&ws, &ix, &Filter::default(), today()),
    ] {
        for id in 0..tree.len() as u32 {
            let p = tree.path(id);
            let text = p.to_string();
            assert_eq!(text.parse::<NodePath>().unwrap(), p, "{text}");
            assert_eq!(tree.find(&p.0), Some(id), "{text}");
        }
    }
    assert_eq!(
        path("st30/s5/c11/d102").0,
        vec![
            PathStep::Stage(QUAL),
            PathStep::Seller(ANNA),
            PathStep::Client(ALPHA),
            PathStep::Deal(DealId(102)),
        ]
    );
    for bad in [
        "",
        "x1",
        "s",
        "s-1",
        "s+1",
        "s1/",
        "s1//c2",
        "st",
        "c1 ",
        "d99999999999999999999",
    ] {
        assert!(bad.parse::<NodePath>().is_err(), "{bad:?} must be rejected");
    }

    let mut e = Expansion::default();
    assert_eq!(e.to_string(), "");
    e.set(path("s5/c11"), true);
    e.set(path("s2"), true);
    assert_eq!(
        e.to_string(),
        "s2,s5/c11",
        "sorted, so equal states give equal URLs"
    );
    assert_eq!("s2,s5/c11".parse::<Expansion>().unwrap(), e);
    let mut all = Expansion::expand_all();
    assert_eq!(all.to_string(), "*");
    all.set(path("st10"), false);
    assert_eq!(all.to_string(), "*,st10");
    assert_eq!("*,st10".parse::<Expansion>().unwrap(), all);
    assert_eq!("".parse::<Expansion>().unwrap(), Expansion::collapse_all());
    assert!("s2,zz".parse::<Expansion>().is_err());
    // A path to a row that no longer exists is harmless.
    let tree = Tree::by_clients(&ws, &ix, &Filter::default(), today());
    assert_eq!(tree.find(&path("s9").0), None);
    let ghost: Expansion = "s9,s9/c11".parse().unwrap();
    assert_eq!(visible(&tree, &ghost), ["s5", "s2"]);
}

#[test]
fn sorting_by_amount_count_and_name_per_level() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let mut tree = Tree::by_clients(&ws, &ix, &Filter::default(), today());
    let steps = |t: &Tree, ids: &[u32]| -> Vec<String> {
        ids.iter().map(|&i| t.node(i).step.to_string()).collect()
    };
    let names = |k| key_name(&ws, k);

    // Amount ascending: Boris (45001) before Anna (60050); under Anna, Beta (30000) before
    // alpha (30050); under Anna/alpha, 101 (10000) before 102 (20050).
    tree.sort(SortKey::Amount, false, names);
    assert_eq!(steps(&tree, tree.roots()), ["s2", "s5"]);
    let anna = tree.find(&path("s5").0).unwrap();
    assert_eq!(steps(&tree, tree.children(anna)), ["c13", "c11"]);
    let alpha = tree.find(&path("s5/c11").0).unwrap();
    assert_eq!(steps(&tree, tree.children(alpha)), ["d101", "d102"]);

    // Descending amount reverses every level.
    tree.sort(SortKey::Amount, true, names);
    assert_eq!(steps(&tree, tree.roots()), ["s5", "s2"]);
    assert_eq!(steps(&tree, tree.children(anna)), ["c11", "c13"]);
    assert_eq!(steps(&tree, tree.children(alpha)), ["d102", "d101"]);

    // Name ignores case: "Beta" after "alpha" (byte order would put "Beta" first).
    tree.sort_level(1, SortKey::Name, true, names);
    assert_eq!(steps(&tree, tree.children(anna)), ["c13", "c11"]);
    tree.sort_level(1, SortKey::Name, false, names);
    assert_eq!(steps(&tree, tree.children(anna)), ["c11", "c13"]);
    // Sorting one level leaves the others alone: roots and deals are still amount-descending.
    assert_eq!(steps(&tree, tree.roots()), ["s5", "s2"]);
    assert_eq!(steps(&tree, tree.children(alpha)), ["d102", "d101"]);
    tree.sort_level(0, SortKey::Name, true, names);
    assert_eq!(steps(&tree, tree.roots()), ["s2", "s5"]);

    // Count: Anna 3 > Boris 2. Equal counts keep list order (Alpha, Beta under Anna: 2 vs 1).
    tree.sort(SortKey::Count, false, names);
    assert_eq!(steps(&tree, tree.roots()), ["s2", "s5"]);
    assert_eq!(steps(&tree, tree.children(anna)), ["c13", "c11"]);
    // Deal rows all count 1: ties fall back to list order whatever the direction.
    assert_eq!(steps(&tree, tree.children(alpha)), ["d101", "d102"]);
    tree.sort(SortKey::Count, true, names);
    assert_eq!(steps(&tree, tree.children(alpha)), ["d101", "d102"]);

    // Visible rows follow the sort; sums are unchanged by it.
    let e = Expansion::expand_all();
    let rows = visible(&tree, &e);
    assert_eq!(rows[0], "s5");
    check(
        &tree,
        open_total(),
        &[
            ("s5", agg(3, 60050, 2401250, 1)),
            ("s5/c11", agg(2, 30050, 601250, 1)),
            ("s5/c11/d101", agg(1, 10000, 100000, 0)),
            ("s5/c11/d102", agg(1, 20050, 501250, 1)),
            ("s5/c13", agg(1, 30000, 1800000, 0)),
            ("s5/c13/d103", agg(1, 30000, 1800000, 0)),
            ("s2", agg(2, 45001, 1650010, 1)),
            ("s2/c11", agg(1, 5001, 50010, 1)),
            ("s2/c11/d104", agg(1, 5001, 50010, 1)),
            ("s2/c12", agg(1, 40000, 1600000, 0)),
            ("s2/c12/d105", agg(1, 40000, 1600000, 0)),
        ],
    );
}

#[test]
fn csv_flattens_the_tree_with_the_level_path_in_columns() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let tree = Tree::by_clients(&ws, &ix, &Filter::default(), today());
    let rows = report_csv::pipeline_tree(&tree, &ws, |k| k.to_string());
    assert_eq!(
        rows[0],
        [
            "level",
            "seller",
            "client",
            "deal",
            "count",
            "amount",
            "weighted",
            "deal_stage",
            "probability",
            "deal_type",
            "expected_close",
            "next_step",
            "overdue"
        ]
    );
    assert_eq!(rows.len(), 1 + tree.len());
    // Anna: 600.50, weighted 2401250 hundredths = 24012.50 minor → 24013 → 240.13.
    assert_eq!(
        rows[1],
        [
            "seller", "Anna", "", "", "3", "600.50", "240.13", "", "", "", "", "", "1"
        ]
    );
    assert_eq!(
        rows[2],
        [
            "client", "Anna", "alpha", "", "2", "300.50", "60.13", "", "", "", "", "", "1"
        ]
    );
    // Deal 102: 200.50 × 25 % = 50.125 → 50.13.
    assert_eq!(
        rows[4],
        [
            "deal",
            "Anna",
            "alpha",
            "deal 102",
            "1",
            "200.50",
            "50.13",
            "Proposal",
            "25",
            "New",
            "2025-06-01",
            "",
            "1"
        ]
    );
    // 104: 50.01 × 10 % = 5.001 → 5.00.
    let d104 = rows.iter().find(|r| r[3] == "deal 104").unwrap();
    assert_eq!(
        d104[..7],
        ["deal", "Boris", "alpha", "deal 104", "1", "50.01", "5.00"]
    );
    assert_eq!(report_csv::amount(Money(-5)), "-0.05");
    assert_eq!(report_csv::amount(Money(123456)), "1234.56");
}

#[test]
fn csv_of_the_stage_grid() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let g = StageGrid::build(&ws, &ix, &Filter::default(), today());
    let rows = report_csv::stage_grid(&g, &ws, |k| k.to_string());
    assert_eq!(rows[0].len(), 1 + 3 * 4);
    assert_eq!(
        rows[0][..4],
        [
            "seller",
            "Qualification count",
            "Qualification amount",
            "Qualification deviation_percent"
        ]
    );
    assert_eq!(
        rows[0][10..],
        ["total count", "total amount", "total deviation_percent"]
    );
    assert_eq!(rows.len(), 1 + 4 + 2);
    // Anna: Qualification 1, 100.00, +33.3 %; total 3, 600.50, +14.3 %.
    assert_eq!(rows[1][..4], ["Anna", "1", "100.00", "33.3"]);
    assert_eq!(rows[1][10..], ["3", "600.50", "14.3"]);
    // Vera: no deals, no deviation.
    assert_eq!(rows[3][..4], ["Vera", "0", "0.00", ""]);
    // Team average: 1.00, 75.01 (7500.5 rounded away), then the total 2.50, 525.26.
    assert_eq!(rows[5][..3], ["team_average", "1.00", "75.01"]);
    assert_eq!(rows[5][10..12], ["2.50", "525.26"]);
    assert_eq!(rows[6][10..12], ["5", "1050.51"]);
}

#[test]
fn deals_with_missing_references_are_left_out_of_every_level() {
    let mut ws = fixture();
    // 101 points at a seller that does not exist: it is out of the trees and the grid alike.
    ws.deals[0].seller = SellerId(999);
    let ix = DealIndex::build(&ws);
    // Without 101: 105051 − 10000, 4051260 − 100000.
    let want = agg(4, 95051, 3951260, 2);
    assert_eq!(
        Tree::by_clients(&ws, &ix, &Filter::default(), today()).total,
        want
    );
    assert_eq!(
        Tree::by_forecast(&ws, &ix, &Filter::default(), today()).total,
        want
    );
    assert_eq!(
        StageGrid::build(&ws, &ix, &Filter::default(), today()).total,
        want
    );
}

/// The demo at 2,000 deals: every report equals a straightforward recomputation by ids.
#[test]
fn demo_reports_equal_a_naive_recomputation() {
    let today = day(2025, 6, 15);
    let ws = support::demo(Lang::En, today, 2_000);
    let ix = DealIndex::build(&ws);
    let filters = [
        Filter::default(),
        Filter {
            seller: Some(ws.sellers[3].id),
            ..Filter::default()
        },
        Filter {
            direction: Some(ws.directions[1].id),
            ..Filter::default()
        },
        Filter {
            deal_type: Some(ws.deal_types[0].id),
            direction: Some(ws.directions[0].id),
            ..Filter::default()
        },
    ];
    for f in &filters {
        // Naive: look everything up by id, sum per group key in hash maps.
        let mut total = Aggregate::default();
        let mut by_path: HashMap<String, Aggregate> = HashMap::new();
        let mut per_seller_stage: HashMap<(SellerId, StageId), Aggregate> = HashMap::new();
        for d in &ws.deals {
            let stage = ws.stage(d.stage).unwrap();
            if stage.kind != StageKind::Open || !f.selects(d) {
                continue;
            }
            let p = ws.probability(d) as i128;
            let one = Aggregate {
                count: 1,
                amount: d.amount,
                weighted: Weighted(d.amount.0 as i128 * p),
                overdue: d.expected_close.is_some_and(|e| e < today) as u32,
            };
            total.add(&one);
            let (st, s, c, id) = (d.stage.0, d.seller.0, d.client.0, d.id.0);
            for key in [
                format!("C:s{s}"),
                format!("C:s{s}/c{c}"),
                format!("C:s{s}/c{c}/d{id}"),
                format!("F:st{st}"),
                format!("F:st{st}/s{s}"),
                format!("F:st{st}/s{s}/c{c}"),
                format!("F:st{st}/s{s}/c{c}/d{id}"),
            ] {
                by_path.entry(key).or_default().add(&one);
            }
            per_seller_stage
                .entry((d.seller, d.stage))
                .or_default()
                .add(&one);
        }
        assert!(total.count > 0);

        let clients = Tree::by_clients(&ws, &ix, f, today);
        let forecast = Tree::by_forecast(&ws, &ix, f, today);
        for (prefix, tree) in [("C", &clients), ("F", &forecast)] {
            let expected: Vec<(String, Aggregate)> = by_path
                .iter()
                .filter(|(k, _)| k.starts_with(prefix))
                .map(|(k, v)| (k[2..].to_string(), *v))
                .collect();
            let refs: Vec<(&str, Aggregate)> =
                expected.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            check(tree, total, &refs);
            // Sorting never changes what is in the tree.
            let mut sorted = tree.clone();
            sorted.sort(SortKey::Name, true, |k| key_name(&ws, k));
            check(&sorted, total, &refs);
            assert_eq!(
                sorted.visible_rows(&Expansion::expand_all()).len(),
                tree.len()
            );
        }

        let g = StageGrid::build(&ws, &ix, f, today);
        assert_eq!(g.total, total);
        let mut deals_listed = 0;
        for (r, &s) in g.sellers.iter().enumerate() {
            for (c, &st) in g.stages.iter().enumerate() {
                let want = per_seller_stage
                    .get(&(ws.sellers[s].id, ws.stages[st].id))
                    .copied()
                    .unwrap_or_default();
                assert_eq!(*g.cell(r, GridCol::Stage(c)), want);
                assert_eq!(g.deals(r, GridCol::Stage(c)).len() as u32, want.count);
                deals_listed += want.count;
            }
        }
        assert_eq!(deals_listed, total.count);
        let active = g
            .sellers
            .iter()
            .filter(|&&s| {
                per_seller_stage
                    .keys()
                    .any(|(id, _)| *id == ws.sellers[s].id)
            })
            .count() as u32;
        assert_eq!(g.active_sellers, active);
    }
}
