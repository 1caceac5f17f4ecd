//! The relationship matrix, the directions matrix and the seller × direction activity grid, on a
//! small hand-built workspace whose every figure is computed by hand in the comments, plus the
//! "optimised == simple" property on the demo data.

mod support;
use support::day;

use chrono::NaiveDate;
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::filter::{Filter, Period};
use voronka::domain::index::DealIndex;
use voronka::domain::matrix::*;
use voronka::domain::*;

fn rub(major: i64) -> Money {
    Money::from_major(major)
}

/// The first quarter of 2024, the period of most checks.
fn q1() -> Option<Period> {
    Some(Period {
        from: day(2024, 1, 1),
        to: day(2024, 3, 31),
    })
}

const OPEN: StageId = StageId(1);
const WON: StageId = StageId(2);
const LOST: StageId = StageId(3);
const S1: SellerId = SellerId(1);
const S2: SellerId = SellerId(2);
const D1: DirectionId = DirectionId(1);
const D2: DirectionId = DirectionId(2);
/// A direction some deals point at, deleted from the workspace.
const D3_DELETED: DirectionId = DirectionId(3);
const CEO: RoleId = RoleId(1);
const EXPERT: RoleId = RoleId(2);
const CFO: RoleId = RoleId(3);
const CIO: RoleId = RoleId(4);

// Clients by position: C1 Beta (key), C2 alpha (key), C3 Gamma, C4 Delta (key), C5 Aurora.
const C1: usize = 0;
const C2: usize = 1;
const C3: usize = 2;
const C4: usize = 3;
const C5: usize = 4;

fn client(id: u64, name: &str, segment: &str, key: bool) -> Client {
    Client {
        id: ClientId(id),
        name: name.into(),
        segment: segment.into(),
        key,
        no_client: false,
    }
}

fn contact(id: u64, client: u64, role: Option<RoleId>, level: u8) -> Contact {
    Contact {
        id: ContactId(id),
        client: ClientId(client),
        name: format!("Contact {id}"),
        position: String::new(),
        role,
        level,
    }
}

/// A deal; `closed` is its close date when `stage` is won or lost.
fn deal(
    id: u64,
    client: u64,
    seller: SellerId,
    direction: Option<DirectionId>,
    amount: Money,
    stage: StageId,
    closed: Option<NaiveDate>,
) -> Deal {
    let created = day(2023, 1, 1);
    Deal {
        title: format!("Deal {id}"),
        client: ClientId(client),
        seller,
        direction,
        amount,
        created,
        closed,
        ..support::deal(id, &[(stage, closed.unwrap_or(created))])
    }
}

/// The fixture. Relationship side:
/// - roles CEO (target), Technical expert (NOT target, between target ones), CFO, CIO (target):
///   the columns are CEO, CFO, CIO;
/// - C1 Beta: CEO at levels 2, 4 and 1 (the best wins: 4, neither the first nor the last), CFO
///   at 2, an expert at 5 (ignored);
/// - C2 alpha: no contacts at all;
/// - C3 Gamma: CEO 3, CFO 3, CIO 0;
/// - C4 Delta: CIO 5, one contact with no role, one with a deleted role (both ignored);
/// - C5 Aurora: no contacts; and a contact of a deleted client (ignored).
///
/// Deal side (Q1 2024 is the period; D3 was deleted after deals were put in it):
///
/// | #  | client | seller | direction | amount | stage | closed      |
/// |----|--------|--------|-----------|--------|-------|-------------|
/// | 1  | C1     | S1     | D1        | 100    | open  |             |
/// | 2  | C1     | S1     | D1        | 1000   | won   | 2024-02-10  |
/// | 3  | C1     | S2     | D2        | 50     | open  |             |
/// | 4  | C1     | S1     | D2        | 70     | lost  | 2024-03-01  |
/// | 5  | C2     | S2     | D1        | 300    | open  |             |
/// | 6  | C2     | S2     | D2        | 400    | lost  | 2024-02-01  |
/// | 7  | C2     | S1     | D2        | 999    | won   | 2023-06-01 (before the period) |
/// | 8  | C3     | S1     | D3 deleted| 1800   | open  |             |
/// | 9  | C3     | S2     | none      | 5      | won   | 2024-01-15  |
/// | 10 | C4     | S2     | D1        | 0      | won   | 2024-03-31 (last day) |
/// | 11 | C1     | S1     | D1        | 200    | lost  | 2024-04-01 (after)    |
/// | 12 | deleted client | S1 | D1    | 10     | open  |             |
/// | 13 | C5     | S1     | D1        | 3000   | open  |             |
/// | 14 | C5     | deleted seller | D2| 7      | lost  | 2023-05-05 (before)   |
fn fixture() -> Workspace {
    let stage = |id: StageId, name: &str, kind: StageKind| Stage {
        id,
        name: name.into(),
        kind,
        probability: 50,
        rotting_days: None,
        forecast_category: ForecastCategory::Pipeline,
    };
    let role = |id: RoleId, name: &str, target: bool| Role {
        id,
        name: name.into(),
        target,
    };
    Workspace {
        currency: "RUB".into(),
        sellers: vec![
            Seller {
                id: S1,
                name: "Sam".into(),
            },
            Seller {
                id: S2,
                name: "Kim".into(),
            },
        ],
        clients: vec![
            client(1, "Beta", "Enterprise", true),
            client(2, "alpha", "enterprise ", true),
            client(3, "Gamma", "SMB", false),
            client(4, "Delta", "Mid-market", true),
            client(5, "Aurora", "SMB", false),
        ],
        contacts: vec![
            contact(1, 1, Some(CEO), 2),
            contact(2, 1, Some(CFO), 2),
            contact(3, 1, Some(CEO), 4),
            contact(4, 1, Some(EXPERT), 5),
            contact(5, 3, Some(CEO), 3),
            contact(6, 3, Some(CFO), 3),
            contact(7, 3, Some(CIO), 0),
            contact(8, 4, Some(CIO), 5),
            contact(9, 4, None, 5),
            contact(10, 4, Some(RoleId(99)), 5),
            contact(11, 99, Some(CEO), 5),
            contact(12, 1, Some(CEO), 1),
        ],
        directions: vec![
            Direction {
                id: D1,
                name: "Cloud".into(),
            },
            Direction {
                id: D2,
                name: "Security".into(),
            },
        ],
        stages: vec![
            stage(OPEN, "Open", StageKind::Open),
            stage(WON, "Won", StageKind::Won),
            stage(LOST, "Lost", StageKind::Lost),
        ],
        deals: vec![
            deal(1, 1, S1, Some(D1), rub(100), OPEN, None),
            deal(2, 1, S1, Some(D1), rub(1000), WON, Some(day(2024, 2, 10))),
            deal(3, 1, S2, Some(D2), rub(50), OPEN, None),
            deal(4, 1, S1, Some(D2), rub(70), LOST, Some(day(2024, 3, 1))),
            deal(5, 2, S2, Some(D1), rub(300), OPEN, None),
            deal(6, 2, S2, Some(D2), rub(400), LOST, Some(day(2024, 2, 1))),
            deal(7, 2, S1, Some(D2), rub(999), WON, Some(day(2023, 6, 1))),
            deal(8, 3, S1, Some(D3_DELETED), rub(1800), OPEN, None),
            deal(9, 3, S2, None, rub(5), WON, Some(day(2024, 1, 15))),
            deal(10, 4, S2, Some(D1), rub(0), WON, Some(day(2024, 3, 31))),
            deal(11, 1, S1, Some(D1), rub(200), LOST, Some(day(2024, 4, 1))),
            deal(12, 99, S1, Some(D1), rub(10), OPEN, None),
            deal(13, 5, S1, Some(D1), rub(3000), OPEN, None),
            deal(
                14,
                5,
                SellerId(99),
                Some(D2),
                rub(7),
                LOST,
                Some(day(2023, 5, 5)),
            ),
        ],
        plans: vec![],
        roles: vec![
            role(CEO, "CEO", true),
            role(EXPERT, "Technical expert", false),
            role(CFO, "CFO", true),
            role(CIO, "CIO", true),
        ],
        deal_types: vec![],
    }
}

fn filter(period: Option<Period>) -> Filter {
    Filter {
        period,
        ..Filter::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Relationship matrix
// ---------------------------------------------------------------------------------------------

/// A relationship row as (client, best levels per column, covered, strong, amount in work).
type RelRow = (usize, Vec<Option<u8>>, u32, u32, Money);

fn rel_rows(m: &RelationshipMatrix) -> Vec<RelRow> {
    m.rows
        .iter()
        .map(|r| {
            let levels = r.cells.iter().map(|c| c.best_level).collect();
            (r.client, levels, r.covered, r.strong, r.amount_in_work)
        })
        .collect()
}

fn check_rel(ws: &Workspace, rows: RowSelection, sort: RelSort, expected: &[RelRow]) {
    let ix = DealIndex::build(ws);
    let m = relationship_matrix(ws, &ix, &rows, sort);
    assert_eq!(rel_rows(&m), expected, "{rows:?} {sort:?}");
}

#[test]
fn relationship_columns_are_the_target_roles_in_list_order() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let m = relationship_matrix(&ws, &ix, &RowSelection::All, RelSort::Name);
    // Roles are CEO, expert (not target), CFO, CIO: positions 0, 2, 3.
    let roles: Vec<usize> = m.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles, vec![0, 2, 3]);
}

#[test]
fn relationship_cells_keep_the_best_level_and_show_gaps() {
    // Key clients by coverage, fewest roles covered first:
    // C2 alpha: nothing (0 covered); amount in work = deal 5 = 300.
    // C4 Delta: CIO 5 → 1 covered, 1 strong; the no-role and deleted-role contacts count nowhere;
    //           no open deals → 0.
    // C1 Beta: CEO max(2, 4, 1) = 4, CFO 2, CIO gap → 2 covered, 1 strong (only CEO ≥ 3);
    //          the expert (level 5) is not a column; in work = deals 1 + 3 = 100 + 50 = 150.
    check_rel(
        &fixture(),
        RowSelection::KeyOnly,
        RelSort::Coverage,
        &[
            (C2, vec![None, None, None], 0, 0, rub(300)),
            (C4, vec![None, None, Some(5)], 1, 1, rub(0)),
            (C1, vec![Some(4), Some(2), None], 2, 1, rub(150)),
        ],
    );
}

#[test]
fn relationship_coverage_ratios_and_column_counts() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let m = relationship_matrix(&ws, &ix, &RowSelection::All, RelSort::Name);
    let row = |c: usize| m.rows.iter().find(|r| r.client == c).unwrap();
    // C1: 2 of 3 roles covered, 1 of 3 strong.
    assert_eq!(row(C1).coverage, Some(2.0 / 3.0));
    assert_eq!(row(C1).strong_coverage, Some(1.0 / 3.0));
    // C3 Gamma: CEO 3, CFO 3, CIO 0 → 3/3 covered, 2/3 strong; in work = deal 8 = 1,800.
    assert_eq!((row(C3).covered, row(C3).strong), (3, 2));
    assert_eq!(row(C3).coverage, Some(1.0));
    assert_eq!(row(C3).amount_in_work, rub(1800));
    // Three contacts in C1's CEO cell.
    assert_eq!(row(C1).cells[0].contacts, 3);
    // C5 Aurora: no contacts → 0, not None (there are target roles); in work = deal 13.
    assert_eq!(row(C5).coverage, Some(0.0));
    assert_eq!(row(C5).amount_in_work, rub(3000));
    // Columns over all five clients:
    // CEO covered at C1 (4), C3 (3) → 2 covered, 2 strong (the deleted client's CEO is nowhere);
    // CFO at C1 (2), C3 (3) → 2 covered, 1 strong;
    // CIO at C3 (0), C4 (5) → 2 covered, 1 strong.
    let cols: Vec<(u32, u32)> = m
        .columns
        .iter()
        .map(|c| (c.covered_clients, c.strong_clients))
        .collect();
    assert_eq!(cols, vec![(2, 2), (2, 1), (2, 1)]);
}

#[test]
fn relationship_orderings() {
    let ws = fixture();
    let order = |rows: RowSelection, sort: RelSort| -> Vec<usize> {
        let ix = DealIndex::build(&ws);
        relationship_matrix(&ws, &ix, &rows, sort)
            .rows
            .iter()
            .map(|r| r.client)
            .collect()
    };
    // Amount in work: C5 3000, C3 1800, C2 300, C1 150, C4 0.
    assert_eq!(
        order(RowSelection::All, RelSort::AmountInWork),
        vec![C5, C3, C2, C1, C4]
    );
    // Name ignores case: alpha, Aurora, Beta, Delta, Gamma.
    assert_eq!(
        order(RowSelection::All, RelSort::Name),
        vec![C2, C5, C1, C4, C3]
    );
    // Coverage: C2 and C5 have 0 (C5 has more in work: 3000 > 300), C4 1, C1 2, C3 3.
    assert_eq!(
        order(RowSelection::All, RelSort::Coverage),
        vec![C5, C2, C4, C1, C3]
    );
    // Segment matches ignoring case and spaces: "Enterprise" and "enterprise ".
    assert_eq!(
        order(RowSelection::Segment(" ENTERPRISE".into()), RelSort::Name),
        vec![C2, C1]
    );
    assert_eq!(
        order(RowSelection::Segment("nobody".into()), RelSort::Name),
        Vec::<usize>::new()
    );
}

#[test]
fn relationship_without_target_roles_has_no_ratio() {
    let mut ws = fixture();
    for r in &mut ws.roles {
        r.target = false;
    }
    let ix = DealIndex::build(&ws);
    let m = relationship_matrix(&ws, &ix, &RowSelection::All, RelSort::Name);
    assert!(m.columns.is_empty());
    assert!(
        m.rows
            .iter()
            .all(|r| r.cells.is_empty() && r.coverage.is_none() && r.strong_coverage.is_none())
    );
}

#[test]
fn renaming_a_role_changes_nothing() {
    let ws = fixture();
    let mut renamed = ws.clone();
    renamed.roles[0].name = "Chief executive".into();
    let (ix, ix2) = (DealIndex::build(&ws), DealIndex::build(&renamed));
    assert_eq!(
        relationship_matrix(&ws, &ix, &RowSelection::All, RelSort::Coverage),
        relationship_matrix(&renamed, &ix2, &RowSelection::All, RelSort::Coverage)
    );
}

#[test]
fn cell_contacts_lists_the_contacts_best_first() {
    let ws = fixture();
    // C1's CEOs: contact 3 (level 4, position 2), contact 1 (level 2, position 0), contact 12
    // (level 1, position 11).
    assert_eq!(cell_contacts(&ws, ClientId(1), CEO), vec![2, 0, 11]);
    // A gap lists nobody; a non-target role still lists its contacts (the UI may ask).
    assert_eq!(cell_contacts(&ws, ClientId(2), CEO), Vec::<usize>::new());
    assert_eq!(cell_contacts(&ws, ClientId(1), EXPERT), vec![3]);
}

// ---------------------------------------------------------------------------------------------
// Directions matrix
// ---------------------------------------------------------------------------------------------

/// A cell as (state, won deals, won, open deals, open, lost deals, lost).
type CellFig = (CellState, u32, Money, u32, Money, u32, Money);

fn fig(c: &DirectionCell) -> CellFig {
    (
        c.state(),
        c.won_deals,
        c.won,
        c.open_deals,
        c.open,
        c.lost_deals,
        c.lost,
    )
}

const EMPTY: CellFig = (CellState::Empty, 0, Money(0), 0, Money(0), 0, Money(0));

fn dir_row(m: &DirectionsMatrix, client: usize) -> &DirectionRow {
    m.rows.iter().find(|r| r.client == client).unwrap()
}

#[test]
fn directions_cells_in_the_period() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let m = directions_matrix(&ws, &ix, &filter(q1()), DirSort::KeyFirst);
    // Columns D1, D2 (D3 is deleted, so it is no column).
    assert_eq!(
        m.columns.iter().map(|c| c.direction).collect::<Vec<_>>(),
        vec![0, 1]
    );
    let cells = |c: usize| dir_row(&m, c).cells.iter().map(fig).collect::<Vec<_>>();
    // C1 D1: won 1000 (deal 2) and open 100 (deal 1): won wins, both amounts kept; deal 11 lost
    //        on 1 April is outside the period. D2: open 50 (3) + lost 70 (4) → in work.
    assert_eq!(
        cells(C1),
        vec![
            (CellState::Won, 1, rub(1000), 1, rub(100), 0, rub(0)),
            (CellState::InWork, 0, rub(0), 1, rub(50), 1, rub(70)),
        ]
    );
    // C2 D1: open 300. D2: lost 400 in the period; the 999 won in 2023 is outside → lost only.
    assert_eq!(
        cells(C2),
        vec![
            (CellState::InWork, 0, rub(0), 1, rub(300), 0, rub(0)),
            (CellState::LostOnly, 0, rub(0), 0, rub(0), 1, rub(400)),
        ]
    );
    // C3: its deals are in the deleted D3 and in no direction → both cells empty, both unassigned.
    assert_eq!(cells(C3), vec![EMPTY, EMPTY]);
    assert_eq!(
        fig(&dir_row(&m, C3).unassigned),
        (CellState::Won, 1, rub(5), 1, rub(1800), 0, rub(0))
    );
    // C4 D1: a won deal of amount 0 on the period's last day is still won.
    assert_eq!(
        cells(C4),
        vec![(CellState::Won, 1, rub(0), 0, rub(0), 0, rub(0)), EMPTY]
    );
    // C5 D1: open 3000; its lost deal of a deleted seller is before the period.
    assert_eq!(
        cells(C5),
        vec![
            (CellState::InWork, 0, rub(0), 1, rub(3000), 0, rub(0)),
            EMPTY
        ]
    );
    // Deal 12 belongs to a deleted client: in no row, counted apart.
    assert_eq!(m.orphan_deals, 1);
    assert_eq!(
        fig(&m.unassigned),
        (CellState::Won, 1, rub(5), 1, rub(1800), 0, rub(0))
    );
}

#[test]
fn directions_coverage_numbers() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let m = directions_matrix(&ws, &ix, &filter(q1()), DirSort::KeyFirst);
    // D1: won at C1, C4; in work at C2, C5; empty at C3 → coverage 2/5.
    // D2: in work at C1; lost only at C2; empty at C3, C4, C5 → coverage 0/5.
    let cols: Vec<(u32, u32, u32, u32, Option<f64>)> = m
        .columns
        .iter()
        .map(|c| {
            (
                c.won_clients,
                c.in_work_clients,
                c.lost_only_clients,
                c.empty_clients,
                c.coverage,
            )
        })
        .collect();
    assert_eq!(cols, vec![(2, 2, 0, 1, Some(0.4)), (0, 1, 1, 3, Some(0.0))]);
    // Column sums: D1 won 1000 + 0 (2 deals), open 100 + 300 + 3000 (3 deals);
    // D2 open 50, lost 70 + 400.
    assert_eq!(
        fig(&m.columns[0].total),
        (CellState::Won, 2, rub(1000), 3, rub(3400), 0, rub(0))
    );
    assert_eq!(
        fig(&m.columns[1].total),
        (CellState::InWork, 0, rub(0), 1, rub(50), 2, rub(470))
    );
    // Per client: directions won / 2, whitespace cells, size = won + open over all its deals.
    // C1: 1/2, no gaps, 1000 + 100 + 50 = 1150.  C2: 0/2, 0 gaps, 300.
    // C3: 0/2, 2 gaps, 1800 + 5 = 1805 (unassigned deals count in size). C4: 1/2, 1 gap, 0.
    // C5: 0/2, 1 gap, 3000.
    let per: Vec<(usize, u32, Option<f64>, u32, Money)> = [C1, C2, C3, C4, C5]
        .iter()
        .map(|&c| {
            let r = dir_row(&m, c);
            (c, r.directions_won, r.coverage, r.whitespace, r.size)
        })
        .collect();
    assert_eq!(
        per,
        vec![
            (C1, 1, Some(0.5), 0, rub(1150)),
            (C2, 0, Some(0.0), 0, rub(300)),
            (C3, 0, Some(0.0), 2, rub(1805)),
            (C4, 1, Some(0.5), 1, rub(0)),
            (C5, 0, Some(0.0), 1, rub(3000)),
        ]
    );
}

fn dir_order(ws: &Workspace, f: &Filter, sort: DirSort) -> Vec<usize> {
    let ix = DealIndex::build(ws);
    directions_matrix(ws, &ix, f, sort)
        .rows
        .iter()
        .map(|r| r.client)
        .collect()
}

#[test]
fn whitespace_first_puts_large_clients_with_many_gaps_on_top() {
    let ws = fixture();
    // Scores (size in minor units × empty cells):
    // C3 180,500 × 2 = 361,000 > C5 300,000 × 1 = 300,000: the smaller client with two gaps
    // beats the bigger one with one. Then score 0: C4 (1 gap) before C1 and C2 (no gaps), which
    // go by size: C1 1150 > C2 300.
    assert_eq!(
        dir_order(&ws, &filter(q1()), DirSort::WhitespaceFirst),
        vec![C3, C5, C4, C1, C2]
    );
    let ix = DealIndex::build(&ws);
    let m = directions_matrix(&ws, &ix, &filter(q1()), DirSort::WhitespaceFirst);
    assert_eq!(m.rows[0].whitespace_score, 361_000);
    assert_eq!(m.rows[1].whitespace_score, 300_000);
}

#[test]
fn directions_other_orderings() {
    let ws = fixture();
    let f = filter(q1());
    // Key clients first (alpha, Beta, Delta), then the rest (Aurora, Gamma).
    assert_eq!(
        dir_order(&ws, &f, DirSort::KeyFirst),
        vec![C2, C1, C4, C5, C3]
    );
    assert_eq!(dir_order(&ws, &f, DirSort::Name), vec![C2, C5, C1, C4, C3]);
    // Fewest won first: 0 won C5 (3000), C3 (1805), C2 (300) by size; 1 won C1 (1150), C4 (0).
    assert_eq!(
        dir_order(&ws, &f, DirSort::Coverage),
        vec![C5, C3, C2, C1, C4]
    );
}

#[test]
fn without_a_period_every_closed_deal_counts() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let m = directions_matrix(&ws, &ix, &filter(None), DirSort::Name);
    // C2 D2: the 999 won in 2023 now counts → won (the lost 400 is kept).
    assert_eq!(
        fig(&dir_row(&m, C2).cells[1]),
        (CellState::Won, 1, rub(999), 0, rub(0), 1, rub(400))
    );
    // C1 D1: the lost 200 of April is in too; the cell stays won.
    assert_eq!(
        fig(&dir_row(&m, C1).cells[0]),
        (CellState::Won, 1, rub(1000), 1, rub(100), 1, rub(200))
    );
}

#[test]
fn seller_filter_selects_the_sellers_book() {
    let ws = fixture();
    let f = Filter {
        seller: Some(S2),
        ..filter(q1())
    };
    let ix = DealIndex::build(&ws);
    let m = directions_matrix(&ws, &ix, &f, DirSort::Name);
    // S2 has deals at C1 (3), C2 (5, 6), C3 (9), C4 (10); none at C5 → four rows.
    assert_eq!(
        m.rows.iter().map(|r| r.client).collect::<Vec<_>>(),
        vec![C2, C1, C4, C3]
    );
    // C1 under S2: D1 empty (deals 1, 2 are S1's), D2 open 50; size 50.
    assert_eq!(
        dir_row(&m, C1).cells.iter().map(fig).collect::<Vec<_>>(),
        vec![EMPTY, (CellState::InWork, 0, rub(0), 1, rub(50), 0, rub(0)),]
    );
    assert_eq!(dir_row(&m, C1).size, rub(50));
    // C3 under S2: only deal 9 unassigned.
    assert_eq!(
        fig(&dir_row(&m, C3).unassigned),
        (CellState::Won, 1, rub(5), 0, rub(0), 0, rub(0))
    );
}

#[test]
fn direction_filter_picks_the_column_not_the_rows() {
    let ws = fixture();
    let f = Filter {
        direction: Some(D2),
        ..filter(q1())
    };
    let ix = DealIndex::build(&ws);
    let m = directions_matrix(&ws, &ix, &f, DirSort::WhitespaceFirst);
    // One column, D2; every client is still a row (those without D2 are its whitespace).
    assert_eq!(
        m.columns.iter().map(|c| c.direction).collect::<Vec<_>>(),
        vec![1]
    );
    assert_eq!(m.rows.len(), 5);
    // Sizes keep every direction: D2 gaps at C3 (1805), C4 (0), C5 (3000) →
    // C5 300,000 > C3 180,500, then C4 (gap, score 0), then C1 (1150), C2 (300) without gaps.
    assert_eq!(
        m.rows.iter().map(|r| r.client).collect::<Vec<_>>(),
        vec![C5, C3, C4, C1, C2]
    );
    // Unassigned deals are not in D2.
    assert_eq!(fig(&m.unassigned), EMPTY);
    // Coverage: won at nobody / 5.
    assert_eq!(m.columns[0].coverage, Some(0.0));
    // A filter naming the deleted direction shows no column at all.
    let gone = Filter {
        direction: Some(D3_DELETED),
        ..filter(q1())
    };
    let m = directions_matrix(&ws, &ix, &gone, DirSort::Name);
    assert!(m.columns.is_empty());
    assert!(
        m.rows
            .iter()
            .all(|r| r.coverage.is_none() && r.whitespace == 0)
    );
}

#[test]
fn renaming_a_direction_changes_nothing_deleting_one_unassigns_its_deals() {
    let ws = fixture();
    let mut renamed = ws.clone();
    renamed.directions[0].name = "Cloud 2.0".into();
    let (ix, ix2) = (DealIndex::build(&ws), DealIndex::build(&renamed));
    let f = filter(q1());
    assert_eq!(
        directions_matrix(&ws, &ix, &f, DirSort::WhitespaceFirst),
        directions_matrix(&renamed, &ix2, &f, DirSort::WhitespaceFirst)
    );
    assert_eq!(
        seller_direction_activity(&ws, &ix, &f),
        seller_direction_activity(&renamed, &ix2, &f)
    );

    // Delete D2: its deals leave the matrix's columns and join the rows' unassigned.
    let mut deleted = ws.clone();
    deleted.directions.remove(1);
    let ix3 = DealIndex::build(&deleted);
    let m = directions_matrix(&deleted, &ix3, &f, DirSort::Name);
    assert_eq!(m.columns.len(), 1);
    // C1's unassigned: open 50 (deal 3) and lost 70 (deal 4); in work since nothing won.
    assert_eq!(
        fig(&dir_row(&m, C1).unassigned),
        (CellState::InWork, 0, rub(0), 1, rub(50), 1, rub(70))
    );
    // The D1 cell is untouched.
    assert_eq!(
        fig(&dir_row(&m, C1).cells[0]),
        (CellState::Won, 1, rub(1000), 1, rub(100), 0, rub(0))
    );
}

#[test]
fn cell_deals_lists_the_deals_behind_a_cell() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let f = filter(q1());
    // C1 × D1: deal 2 (won) before deal 1 (open); deal 11 (lost after the period) is not there.
    assert_eq!(cell_deals(&ws, &ix, &f, C1, Some(0)), vec![1, 0]);
    // C3 unassigned: deal 9 (won, no direction), deal 8 (open, deleted direction).
    assert_eq!(cell_deals(&ws, &ix, &f, C3, None), vec![8, 7]);
    // Whitespace lists nothing.
    assert_eq!(cell_deals(&ws, &ix, &f, C3, Some(1)), Vec::<usize>::new());
    // The filter applies: C1 × D2 under S1 has only the lost deal 4.
    let s1 = Filter {
        seller: Some(S1),
        ..filter(q1())
    };
    assert_eq!(cell_deals(&ws, &ix, &s1, C1, Some(1)), vec![3]);
}

// ---------------------------------------------------------------------------------------------
// Seller × direction activity
// ---------------------------------------------------------------------------------------------

/// An activity cell as (open deals, open, won deals, won).
fn act(c: &ActivityCell) -> (u32, Money, u32, Money) {
    (c.open_deals, c.open, c.won_deals, c.won)
}

#[test]
fn activity_grid_by_hand() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let g = seller_direction_activity(&ws, &ix, &filter(q1()));
    assert_eq!(g.directions, vec![0, 1]);
    assert_eq!(
        g.rows.iter().map(|r| r.seller).collect::<Vec<_>>(),
        vec![0, 1]
    );
    let s1 = &g.rows[0];
    // S1 D1: open 100 (1) + 10 (12, client deleted: still S1's deal) + 3000 (13); won 1000 (2).
    assert_eq!(act(&s1.cells[0]), (3, rub(3110), 1, rub(1000)));
    // S1 D2: lost 70 is not activity; the 999 won is before the period → nothing.
    assert_eq!(act(&s1.cells[1]), (0, rub(0), 0, rub(0)));
    // S1 no direction: deal 8 in the deleted D3, open 1800.
    assert_eq!(act(&s1.no_direction), (1, rub(1800), 0, rub(0)));
    assert_eq!(act(&s1.total), (4, rub(4910), 1, rub(1000)));
    let s2 = &g.rows[1];
    // S2 D1: open 300 (5); won 0 (10) still counts as one won deal. D2: open 50 (3).
    // No direction: won 5 (9).
    assert_eq!(act(&s2.cells[0]), (1, rub(300), 1, rub(0)));
    assert_eq!(act(&s2.cells[1]), (1, rub(50), 0, rub(0)));
    assert_eq!(act(&s2.no_direction), (0, rub(0), 1, rub(5)));
    assert_eq!(act(&s2.total), (2, rub(350), 2, rub(5)));
    // Columns: D1 open 3110 + 300 (4), won 1000 + 0 (2); D2 open 50 (1).
    assert_eq!(act(&g.column_totals[0]), (4, rub(3410), 2, rub(1000)));
    assert_eq!(act(&g.column_totals[1]), (1, rub(50), 0, rub(0)));
    assert_eq!(act(&g.no_direction_total), (1, rub(1800), 1, rub(5)));
    assert_eq!(act(&g.total), (6, rub(5260), 3, rub(1005)));
    // Deal 14's seller is deleted.
    assert_eq!(g.orphan_deals, 1);
}

#[test]
fn activity_grid_follows_the_filter() {
    let ws = fixture();
    let ix = DealIndex::build(&ws);
    let only_s2 = Filter {
        seller: Some(S2),
        ..filter(q1())
    };
    let g = seller_direction_activity(&ws, &ix, &only_s2);
    assert_eq!(g.rows.len(), 1);
    assert_eq!(act(&g.total), (2, rub(350), 2, rub(5)));
    let only_d1 = Filter {
        direction: Some(D1),
        ..filter(q1())
    };
    let g = seller_direction_activity(&ws, &ix, &only_d1);
    assert_eq!(g.directions, vec![0]);
    // The no-direction deals are not in D1.
    assert_eq!(act(&g.no_direction_total), (0, rub(0), 0, rub(0)));
    assert_eq!(act(&g.rows[0].total), (3, rub(3110), 1, rub(1000)));
    assert_eq!(act(&g.total), (4, rub(3410), 2, rub(1000)));
}

// ---------------------------------------------------------------------------------------------
// Optimised == simple, on the demo
// ---------------------------------------------------------------------------------------------

fn demo_ws(deals: usize) -> Workspace {
    demo::generate(DemoSpec {
        seed: demo::DEMO_SEED,
        deals,
        lang: Lang::En,
        today: day(2025, 6, 30),
    })
}

/// How a deal counts, computed the slow way: open always, won/lost when closed in the period.
fn simple_outcome(ws: &Workspace, d: &Deal, period: Option<Period>) -> Option<StageKind> {
    let kind = ws.stage(d.stage)?.kind;
    let in_period = match period {
        None => true,
        Some(p) => d.closed.is_some_and(|c| p.contains(c)),
    };
    (kind == StageKind::Open || in_period).then_some(kind)
}

#[test]
fn demo_matrices_equal_a_simple_recomputation() {
    let mut ws = demo_ws(2_000);
    // Delete a direction the demo uses, so dangling deals are part of the check.
    ws.directions.remove(2);
    let ix = DealIndex::build(&ws);
    let period = Some(Period {
        from: day(2025, 1, 1),
        to: day(2025, 6, 30),
    });
    for f in [
        filter(period),
        filter(None),
        Filter {
            seller: Some(ws.sellers[1].id),
            ..filter(period)
        },
    ] {
        let m = directions_matrix(&ws, &ix, &f, DirSort::WhitespaceFirst);
        let book_clients: Vec<&Client> = ws
            .clients
            .iter()
            .filter(|c| {
                f.seller.is_none() || ws.deals.iter().any(|d| d.client == c.id && f.selects(d))
            })
            .collect();
        assert_eq!(m.rows.len(), book_clients.len());
        for row in &m.rows {
            let client = &ws.clients[row.client];
            for (col, cell) in m.columns.iter().zip(&row.cells) {
                let dir = ws.directions[col.direction].id;
                let mut simple = DirectionCell::default();
                for d in ws
                    .deals
                    .iter()
                    .filter(|d| d.client == client.id && d.direction == Some(dir) && f.selects(d))
                {
                    match simple_outcome(&ws, d, f.period) {
                        Some(StageKind::Won) => {
                            simple.won_deals += 1;
                            simple.won += d.amount;
                        }
                        Some(StageKind::Open) => {
                            simple.open_deals += 1;
                            simple.open += d.amount;
                        }
                        Some(StageKind::Lost) => {
                            simple.lost_deals += 1;
                            simple.lost += d.amount;
                        }
                        None => {}
                    }
                }
                assert_eq!(
                    *cell, simple,
                    "{} × {}",
                    client.name, ws.directions[col.direction].name
                );
            }
            let size: Money = ws
                .deals
                .iter()
                .filter(|d| d.client == client.id && f.selects(d))
                .filter(|d| {
                    matches!(
                        simple_outcome(&ws, d, f.period),
                        Some(StageKind::Won | StageKind::Open)
                    )
                })
                .map(|d| d.amount)
                .sum();
            assert_eq!(row.size, size);
            assert_eq!(
                row.whitespace_score,
                size.0 as i128 * row.whitespace as i128
            );
        }
        // Whitespace order never goes up.
        assert!(
            m.rows
                .windows(2)
                .all(|w| w[0].whitespace_score >= w[1].whitespace_score)
        );
        // Every counted deal is in exactly one cell or unassigned.
        let counted = ws
            .deals
            .iter()
            .filter(|d| f.selects(d) && simple_outcome(&ws, d, f.period).is_some())
            .count() as u32;
        let in_cells: u32 = m
            .columns
            .iter()
            .map(|c| c.total.won_deals + c.total.open_deals + c.total.lost_deals)
            .sum::<u32>()
            + m.unassigned.won_deals
            + m.unassigned.open_deals
            + m.unassigned.lost_deals;
        assert_eq!(in_cells, counted);
        assert!(m.unassigned.open_deals + m.unassigned.won_deals + m.unassigned.lost_deals > 0);

        // Activity: every seller × direction cell, the slow way.
        let g = seller_direction_activity(&ws, &ix, &f);
        for row in &g.rows {
            let seller = ws.sellers[row.seller].id;
            let slow = |dir: Option<DirectionId>| {
                let mut c = ActivityCell::default();
                for d in ws
                    .deals
                    .iter()
                    .filter(|d| d.seller == seller && f.selects(d))
                {
                    let assigned = d
                        .direction
                        .filter(|x| ws.directions.iter().any(|y| y.id == *x));
                    if assigned != dir {
                        continue;
                    }
                    match simple_outcome(&ws, d, f.period) {
                        Some(StageKind::Open) => {
                            c.open_deals += 1;
                            c.open += d.amount;
                        }
                        Some(StageKind::Won) => {
                            c.won_deals += 1;
                            c.won += d.amount;
                        }
                        _ => {}
                    }
                }
                c
            };
            for (&dpos, cell) in g.directions.iter().zip(&row.cells) {
                assert_eq!(*cell, slow(Some(ws.directions[dpos].id)));
            }
            assert_eq!(row.no_direction, slow(None));
        }
    }

    // Relationship matrix: best level per client and target role, the slow way.
    let m = relationship_matrix(&ws, &ix, &RowSelection::All, RelSort::Coverage);
    assert_eq!(m.rows.len(), ws.clients.len());
    for row in &m.rows {
        let client = &ws.clients[row.client];
        for (col, cell) in m.columns.iter().zip(&row.cells) {
            let role = ws.roles[col.role].id;
            let best = ws
                .contacts
                .iter()
                .filter(|c| c.client == client.id && c.role == Some(role))
                .map(|c| c.level)
                .max();
            assert_eq!(cell.best_level, best);
        }
        let in_work: Money = ws
            .deals
            .iter()
            .filter(|d| {
                d.client == client.id
                    && ws.stage(d.stage).is_some_and(|s| s.kind == StageKind::Open)
            })
            .map(|d| d.amount)
            .sum();
        assert_eq!(row.amount_in_work, in_work);
    }
    assert!(m.rows.windows(2).all(|w| w[0].covered <= w[1].covered));
}

#[test]
fn two_thousand_clients() {
    // 20,000 deals make the demo's 2,000 clients.
    let ws = demo_ws(20_000);
    assert_eq!(ws.clients.len(), 2_000);
    let ix = DealIndex::build(&ws);
    let start = std::time::Instant::now();
    let rel = relationship_matrix(&ws, &ix, &RowSelection::All, RelSort::Coverage);
    let t_rel = start.elapsed();
    let start = std::time::Instant::now();
    let dir = directions_matrix(&ws, &ix, &filter(None), DirSort::WhitespaceFirst);
    let t_dir = start.elapsed();
    let start = std::time::Instant::now();
    let act = seller_direction_activity(&ws, &ix, &filter(None));
    let t_act = start.elapsed();
    eprintln!(
        "2,000 clients / 20,000 deals: relationship {t_rel:?}, directions {t_dir:?}, activity {t_act:?}"
    );
    assert_eq!(rel.rows.len(), 2_000);
    assert_eq!(dir.rows.len(), 2_000);
    // With no filter and no period every deal is counted once: open + won over the grid equals the
    // workspace's open + won deals.
    let open_won = ws
        .deals
        .iter()
        .filter(|d| ws.stage(d.stage).is_some_and(|s| s.kind != StageKind::Lost))
        .count() as u32;
    assert_eq!(act.total.open_deals + act.total.won_deals, open_won);
}
