//! Host tests of the CSV import on a real-shaped export (issue 15): a generic opportunities table
//! (`tests/fixtures/csv/opportunities-export.csv`, 12 data rows) that reproduces each problem a
//! head of sales met — empty client cells, unknown stages whose first appearance is in the wrong
//! order, no currency, closes two years back, near-duplicate names, empty amounts — plus its
//! companion tables (accounts, products, sales teams). Every expected number was counted by hand
//! from the fixtures.
//!
//! The export, row by row (stage; client; amount):
//! OP01 Won Cancity 1054 · OP02 Lost Isdom 0 · OP03 Won — 550 · OP04 Engaging Isdom 4200 (UltraPro)
//! · OP05 Engaging — (none) · OP06 Prospecting Hatfan (none) · OP07 Prospecting — 1500 (UltraPro)
//! · OP08 Engaging Cancity 3100 · OP09 Won Acme-Corp 2500 (AnnaSmith) · OP10 Lost — (none)
//! · OP11 Won Hatfan 4800 · OP12 Prospecting — (none).

use chrono::NaiveDate;
use voronka::domain::demo::Names;
use voronka::domain::filter::Filter;
use voronka::domain::import::*;
use voronka::domain::index::DealIndex;
use voronka::domain::validate::validate;
use voronka::domain::*;
use voronka::format::csv_in::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn today() -> NaiveDate {
    day(2026, 3, 15)
}

const NOW: i64 = 1_773_576_000_000;
const DATA_ROWS: usize = 12;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What "Data → Start empty" gives in English: the default stages, no deals.
fn empty_ws() -> Workspace {
    Workspace::empty("RUB", &Names::new(Lang::En))
}

/// A workspace that already has a direction "Ultra Pro", a client "Acme Corp", a seller
/// "Anna Smith" and one deal of hers in the default first stage.
fn busy_ws() -> Workspace {
    let mut ws = empty_ws();
    ws.sellers.push(Seller {
        id: SellerId(1),
        name: "Anna Smith".into(),
    });
    ws.clients.push(Client {
        id: ClientId(1),
        name: "Acme Corp".into(),
        segment: String::new(),
        key: true,
        no_client: false,
    });
    ws.directions.push(Direction {
        id: DirectionId(1),
        name: "Ultra Pro".into(),
    });
    let first = ws.stages[0].id;
    ws.deals.push(Deal {
        id: DealId(1),
        title: "Existing".into(),
        client: ClientId(1),
        seller: SellerId(1),
        direction: Some(DirectionId(1)),
        deal_type: None,
        amount: Money(100_000),
        probability: None,
        stage: first,
        created: day(2026, 1, 5),
        expected_close: None,
        closed: None,
        history: vec![StageEntry {
            stage: first,
            entered: day(2026, 1, 5),
        }],
        next_step: None,
        lost_reason: None,
        contacts: vec![],
        forecast_category: None,
        updated_at: 0,
    });
    assert!(validate(&ws).is_empty());
    ws
}

/// The answers a sensible user gives: both stages created as open ones, Prospecting first.
fn stage_answers() -> Vec<(String, StageChoice)> {
    vec![
        ("Prospecting".into(), StageChoice::Create(StageKind::Open)),
        ("Engaging".into(), StageChoice::Create(StageKind::Open)),
    ]
}

fn options() -> ImportOptions {
    ImportOptions::new(today(), NOW, 7)
}

/// Reads the whole file (in chunks of 5) into a draft with the detected mapping.
fn draft(ws: &Workspace, bytes: &[u8], options: ImportOptions) -> ImportDraft {
    let mut src = CsvSource::open(bytes).expect("readable CSV");
    let (layout, mapping) = detect_layout(&src.headers);
    assert_eq!(layout, Layout::Opportunities);
    let mut d = ImportDraft::new(ws, &src.headers, &mapping, options).expect("mapping accepted");
    loop {
        let rows = src.next_rows(5);
        if rows.is_empty() {
            break;
        }
        feed_draft(&mut d, &rows);
    }
    d
}

/// Every question answered: stages, currency, and (for the busy workspace) the same names.
fn answered(ws: &Workspace, same: bool) -> ImportDraft {
    let mut d = draft(ws, &fixture("opportunities-export.csv"), options());
    let o = d.options_mut();
    o.stage_choices = stage_answers();
    o.currency = Some("USD".into());
    o.only_file_stages = ws.deals.is_empty();
    o.same_names = [
        (NameKind::Client, "Acme-Corp"),
        (NameKind::Seller, "AnnaSmith"),
        (NameKind::Direction, "UltraPro"),
    ]
    .into_iter()
    .map(|(kind, name)| SameName {
        kind,
        name: name.into(),
        same,
    })
    .collect();
    d
}

fn apply(ws: &Workspace, plan: ImportPlan) -> Workspace {
    let out = plan.apply(ws);
    assert_eq!(validate(&out), vec![], "the imported workspace is sound");
    out
}

fn deal<'a>(ws: &'a Workspace, title: &str) -> &'a Deal {
    ws.deals
        .iter()
        .find(|d| d.title.ends_with(title))
        .unwrap_or_else(|| panic!("no deal {title:?}"))
}

fn stage_names(ws: &Workspace) -> Vec<&str> {
    ws.stages.iter().map(|s| s.name.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// 1. Rows without a client are kept
// ---------------------------------------------------------------------------------------------

#[test]
fn every_row_is_kept_and_rows_without_a_client_go_to_one_marked_entry() {
    let ws = empty_ws();
    let mut d = answered(&ws, true);
    d.options_mut().no_client_name = "No client".into();
    let plan = d.plan();
    assert!(plan.is_complete(), "{plan:?}");
    assert_eq!(plan.row_errors, vec![]);
    assert_eq!(plan.valid_rows(), DATA_ROWS, "deals = data rows");
    assert_eq!(plan.no_client_rows, 5, "OP03, OP05, OP07, OP10, OP12");
    assert_eq!(plan.no_client_created.as_deref(), Some("No client"));
    let out = apply(&ws, plan);
    assert_eq!(out.deals.len(), DATA_ROWS);
    let entry = out.no_client().expect("the entry exists");
    assert!(entry.no_client && entry.name == "No client");
    assert_eq!(out.clients.iter().filter(|c| c.no_client).count(), 1);
    let under_entry: Vec<&str> = out
        .deals
        .iter()
        .filter(|d| d.client == entry.id)
        .map(|d| d.title.as_str())
        .collect();
    assert_eq!(
        under_entry,
        [
            "No client #OP03",
            "No client #OP05",
            "No client #OP07",
            "No client #OP10",
            "No client #OP12"
        ]
    );
    assert_eq!(
        out.real_clients().count(),
        4,
        "Cancity, Isdom, Acme-Corp, Hatfan"
    );

    // Importing again finds the entry and adds no second one.
    let again = answered(&out, true).plan();
    assert_eq!((again.deals_added, again.deals_updated), (0, DATA_ROWS));
    assert_eq!(again.no_client_created, None);
    let twice = apply(&out, again);
    assert_eq!(twice.clients.len(), out.clients.len());
}

#[test]
fn rows_without_a_client_can_be_skipped_instead_and_are_listed() {
    let ws = empty_ws();
    let mut d = answered(&ws, true);
    d.options_mut().skip_without_client = true;
    let plan = d.plan();
    assert_eq!(plan.valid_rows(), DATA_ROWS - 5);
    let skipped: Vec<(u64, &str)> = plan
        .row_errors
        .iter()
        .map(|e| (e.line, e.reason.code()))
        .collect();
    assert_eq!(
        skipped,
        [
            (4, "missing_client"),
            (6, "missing_client"),
            (8, "missing_client"),
            (11, "missing_client"),
            (13, "missing_client")
        ]
    );
    assert_eq!(plan.no_client_created, None);
    let out = apply(&ws, plan);
    assert!(out.no_client().is_none());
}

// ---------------------------------------------------------------------------------------------
// 2, 3. Stage questions count every row; new stages in the chosen order; only the file's stages
// ---------------------------------------------------------------------------------------------

#[test]
fn stage_questions_count_every_row_naming_the_stage() {
    let ws = empty_ws();
    let mut d = draft(&ws, &fixture("opportunities-export.csv"), options());
    d.options_mut().currency = Some("USD".into());
    let plan = d.plan();
    // First seen: Engaging (line 5), then Prospecting (line 7); rows without a client count.
    assert_eq!(
        plan.unknown_stages,
        [("Engaging".to_string(), 3), ("Prospecting".to_string(), 3)]
    );
    assert_eq!(plan.waiting_rows, 6);
    assert!(!plan.is_complete());
    assert_eq!(plan.valid_rows(), 6, "the closed rows are ready");
}

#[test]
fn new_stages_take_the_order_of_the_answers_not_of_first_appearance() {
    let ws = empty_ws();
    let mut d = answered(&ws, true);
    d.options_mut().only_file_stages = false;
    let plan = d.plan();
    assert_eq!(plan.stages_added, ["Prospecting", "Engaging"]);
    let out = apply(&ws, plan);
    assert_eq!(
        stage_names(&out),
        [
            "Qualification",
            "Needs analysis",
            "Proposal",
            "Negotiation",
            "Contract",
            "Prospecting",
            "Engaging",
            "Won",
            "Lost"
        ]
    );
    // The other order of answers gives the other pipeline order.
    let mut choices = stage_answers();
    choices.reverse();
    d.set_stage_choices(choices);
    let out = apply(&ws, d.plan());
    let pos = |n: &str| stage_names(&out).iter().position(|s| *s == n);
    assert!(pos("Engaging") < pos("Prospecting"));
}

#[test]
fn an_empty_workspace_keeps_only_the_files_stages() {
    let ws = empty_ws();
    let plan = answered(&ws, true).plan();
    assert_eq!(
        plan.stages_removed,
        [
            "Qualification",
            "Needs analysis",
            "Proposal",
            "Negotiation",
            "Contract"
        ]
    );
    let out = apply(&ws, plan);
    assert_eq!(
        stage_names(&out),
        ["Prospecting", "Engaging", "Won", "Lost"]
    );

    // Stages that deals use stay: the busy workspace's deal is in Qualification, and an answer
    // that maps Prospecting onto Needs analysis keeps that one too.
    let busy = busy_ws();
    let mut d = answered(&busy, true);
    d.options_mut().only_file_stages = true;
    d.set_stage_choices(vec![
        (
            "Prospecting".into(),
            StageChoice::Existing(busy.stages[1].id),
        ),
        ("Engaging".into(), StageChoice::Create(StageKind::Open)),
    ]);
    let plan = d.plan();
    assert_eq!(plan.stages_removed, ["Proposal", "Negotiation", "Contract"]);
    let out = apply(&busy, plan);
    assert_eq!(
        stage_names(&out),
        ["Qualification", "Needs analysis", "Engaging", "Won", "Lost"]
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Questions block applying
// ---------------------------------------------------------------------------------------------

#[test]
fn the_plan_is_complete_only_when_every_question_is_answered() {
    let ws = busy_ws();
    let mut d = draft(&ws, &fixture("opportunities-export.csv"), options());
    let questions = |d: &ImportDraft| {
        let p = d.plan();
        (
            p.unknown_stages.len(),
            p.currency_question,
            p.similar_names.len(),
            p.open_questions(),
            p.is_complete(),
        )
    };
    assert_eq!(questions(&d), (2, true, 3, 6, false));
    d.set_stage_choices(stage_answers());
    assert_eq!(questions(&d), (0, true, 3, 4, false));
    d.options_mut().currency = Some("RUB".into());
    assert_eq!(questions(&d), (0, false, 3, 3, false));
    d.options_mut().same_names = vec![
        SameName {
            kind: NameKind::Client,
            name: "acme-corp".into(),
            same: true,
        },
        SameName {
            kind: NameKind::Seller,
            name: "AnnaSmith".into(),
            same: false,
        },
    ];
    let p = d.plan();
    assert_eq!(p.open_questions(), 1);
    assert_eq!(p.waiting_rows, 2, "the two UltraPro rows wait");
    assert_eq!(p.valid_rows(), DATA_ROWS - 2);
    d.options_mut().same_names.push(SameName {
        kind: NameKind::Direction,
        name: "UltraPro".into(),
        same: true,
    });
    let p = d.plan();
    assert!(p.is_complete());
    assert_eq!((p.valid_rows(), p.waiting_rows), (DATA_ROWS, 0));
}

// ---------------------------------------------------------------------------------------------
// 5. The currency is asked
// ---------------------------------------------------------------------------------------------

#[test]
fn a_file_without_a_currency_asks_and_the_answer_sets_an_empty_workspace() {
    let ws = empty_ws();
    let mut d = answered(&ws, true);
    d.options_mut().currency = None;
    let p = d.plan();
    assert!(p.currency_question && !p.is_complete());
    assert_eq!(p.new_currency, None);

    d.options_mut().currency = Some("USD".into());
    let p = d.plan();
    assert!(!p.currency_question && p.is_complete());
    assert_eq!(p.new_currency.as_deref(), Some("USD"));
    assert_eq!(p.other_currency_rows, 0);
    let out = apply(&ws, p);
    assert_eq!(out.currency, "USD");
    assert_eq!(deal(&out, "#OP01").amount, Money(105_400), "1054 dollars");

    // Into a workspace with deals the currency stays; the dollar rows are counted.
    let busy = busy_ws();
    let p = answered(&busy, true).plan();
    assert_eq!(p.new_currency, None);
    assert_eq!(p.other_currency_rows, 8, "rows with an amount cell");
    assert_eq!(apply(&busy, p).currency, "RUB");
}

// ---------------------------------------------------------------------------------------------
// 6. History dated at the close
// ---------------------------------------------------------------------------------------------

#[test]
fn a_closed_deals_history_enters_won_or_lost_on_its_close_date() {
    let ws = empty_ws();
    let out = apply(&ws, answered(&ws, true).plan());
    let won = out
        .stages
        .iter()
        .find(|s| s.kind == StageKind::Won)
        .map(|s| s.id);
    let lost = out
        .stages
        .iter()
        .find(|s| s.kind == StageKind::Lost)
        .map(|s| s.id);
    for (title, stage, created, closed) in [
        ("#OP01", won, day(2023, 1, 10), day(2023, 3, 1)),
        ("#OP02", lost, day(2023, 1, 12), day(2023, 2, 20)),
        ("#OP11", won, day(2023, 3, 3), day(2023, 9, 9)),
    ] {
        let d = deal(&out, title);
        assert_eq!(
            (Some(d.stage), d.created, d.closed),
            (stage, created, Some(closed))
        );
        assert_eq!(
            d.history,
            [StageEntry {
                stage: d.stage,
                entered: closed
            }],
            "{title}: entered its outcome on the close date"
        );
    }
    // An open deal entered its stage when it was created.
    let d = deal(&out, "#OP06");
    assert_eq!(d.history[0].entered, day(2023, 12, 10));
}

// ---------------------------------------------------------------------------------------------
// 7. Near-duplicate names are asked, never merged silently
// ---------------------------------------------------------------------------------------------

#[test]
fn near_duplicate_names_are_offered_as_the_same_and_follow_the_answer() {
    let ws = busy_ws();
    let mut d = answered(&ws, true);
    d.options_mut().same_names.clear();
    let p = d.plan();
    let similar: Vec<(NameKind, &str, &str, usize)> = p
        .similar_names
        .iter()
        .map(|s| (s.kind, s.name.as_str(), s.existing.as_str(), s.rows))
        .collect();
    assert_eq!(
        similar,
        [
            (NameKind::Client, "Acme-Corp", "Acme Corp", 1),
            (NameKind::Seller, "AnnaSmith", "Anna Smith", 1),
            (NameKind::Direction, "UltraPro", "Ultra Pro", 2),
        ]
    );
    assert!(!p.directions_added.contains(&"UltraPro".to_string()));

    // "Same": the deals use the workspace's items; nothing new is made for them.
    let p = answered(&ws, true).plan();
    assert!(!p.directions_added.contains(&"UltraPro".to_string()));
    assert!(!p.clients_added.contains(&"Acme-Corp".to_string()));
    assert!(!p.sellers_added.contains(&"AnnaSmith".to_string()));
    let out = apply(&ws, p);
    assert_eq!(deal(&out, "#OP04").direction, Some(DirectionId(1)));
    assert_eq!(deal(&out, "#OP09").client, ClientId(1));
    assert_eq!(deal(&out, "#OP09").seller, SellerId(1));

    // "Another": each becomes an item of its own.
    let p = answered(&ws, false).plan();
    assert!(p.directions_added.contains(&"UltraPro".to_string()));
    assert!(p.clients_added.contains(&"Acme-Corp".to_string()));
    assert!(p.sellers_added.contains(&"AnnaSmith".to_string()));
    let out = apply(&ws, p);
    assert_ne!(deal(&out, "#OP04").direction, Some(DirectionId(1)));
}

// ---------------------------------------------------------------------------------------------
// 9. Open deals without an amount are counted
// ---------------------------------------------------------------------------------------------

#[test]
fn open_deals_without_an_amount_are_counted_not_hidden() {
    let ws = empty_ws();
    let p = answered(&ws, true).plan();
    assert_eq!(p.open_without_amount, 3, "OP05, OP06, OP12");
    let out = apply(&ws, p);
    assert_eq!(deal(&out, "#OP05").amount, Money::ZERO);
}

// ---------------------------------------------------------------------------------------------
// The reports over the imported file (8: the data lies outside "last 12 months")
// ---------------------------------------------------------------------------------------------

#[test]
fn the_no_client_deals_count_in_the_funnel_and_stay_out_of_the_matrices() {
    let ws = empty_ws();
    let out = apply(&ws, answered(&ws, true).plan());
    let ix = DealIndex::build(&out);
    let all = Filter::default();
    let report = voronka::domain::funnel::funnel(&out, &ix, &all, today());
    assert_eq!(
        report.snapshot.total.count, 6,
        "every open deal, with or without a client"
    );
    assert_eq!(report.snapshot.won.count, 4);
    assert_eq!(report.snapshot.lost.count, 2);
    assert_eq!(report.headline.win_rate_count, Some(4.0 / 6.0));

    let m = voronka::domain::matrix::directions_matrix(
        &out,
        &ix,
        &all,
        voronka::domain::matrix::DirSort::Name,
    );
    let rows: Vec<&str> = m
        .rows
        .iter()
        .map(|r| out.clients[r.client].name.as_str())
        .collect();
    assert_eq!(rows, ["Acme-Corp", "Cancity", "Hatfan", "Isdom"]);
    assert_eq!(m.no_client_deals, 5);
    let r = voronka::domain::matrix::relationship_matrix(
        &out,
        &ix,
        &voronka::domain::matrix::RowSelection::All,
        voronka::domain::matrix::RelSort::Name,
    );
    assert_eq!(
        r.rows.len(),
        4,
        "the entry is no row of the relationship matrix"
    );
}

// ---------------------------------------------------------------------------------------------
// Companion tables
// ---------------------------------------------------------------------------------------------

fn companion(name: &str) -> Companion {
    let mut src = CsvSource::open(&fixture(name)).expect("readable");
    let mut reader = CompanionReader::new(&src.headers).expect("a companion table");
    loop {
        let rows = src.next_rows(2);
        if rows.is_empty() {
            break;
        }
        let views: Vec<RawRow<'_>> = rows.iter().map(CsvRow::raw).collect();
        reader.feed(&views);
    }
    reader.finish()
}

#[test]
fn companion_tables_are_recognised_by_their_headers() {
    let a = companion("accounts.csv");
    assert_eq!(a.kind, CompanionKind::Accounts);
    assert_eq!(
        (a.name_header.as_str(), a.segment_header.as_deref()),
        ("account", Some("sector"))
    );
    assert_eq!(a.names.len(), 5);
    assert_eq!(a.names[0].segment.as_deref(), Some("retail"));
    let p = companion("products.csv");
    assert_eq!((p.kind, p.names.len()), (CompanionKind::Products, 4));
    let t = companion("sales_teams.csv");
    assert_eq!((t.kind, t.names.len()), (CompanionKind::Teams, 4));
    assert_eq!(t.names[3].name, "Versie Hillebrand");

    // A deals file is not a companion; nor is a table naming nothing known.
    let headers = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        CompanionReader::new(&headers(&["account", "deal_stage", "close_value"])).err(),
        Some(CompanionError::DealsFile)
    );
    assert_eq!(
        CompanionReader::new(&headers(&["foo", "bar"])).err(),
        Some(CompanionError::Unknown)
    );
}

#[test]
fn companion_tables_fill_clients_directions_and_sellers_with_no_deal() {
    let ws = empty_ws();
    let mut d = answered(&ws, true);
    for name in ["accounts.csv", "products.csv", "sales_teams.csv"] {
        d.add_companion(&companion(name));
    }
    let p = d.plan();
    assert!(p.is_complete(), "{p:?}");
    assert_eq!(
        p.clients_added,
        ["Cancity", "Isdom", "Hatfan", "Acme-Corp", "Betasoloin"]
    );
    assert_eq!(
        p.directions_added,
        [
            "GTX Basic",
            "GTX Pro",
            "UltraPro",
            "MG Special",
            "GTX Plus Pro"
        ]
    );
    assert_eq!(
        p.sellers_added,
        [
            "Moses Frase",
            "Darcel Schlecht",
            "Zane Levy",
            "AnnaSmith",
            "Versie Hillebrand"
        ]
    );
    let out = apply(&ws, p);
    let segment = |n: &str| {
        out.clients
            .iter()
            .find(|c| c.name == n)
            .map(|c| c.segment.clone())
    };
    assert_eq!(segment("Betasoloin").as_deref(), Some("medical"), "no deal");
    assert_eq!(segment("Cancity").as_deref(), Some("retail"));
    assert_eq!(out.deals.len(), DATA_ROWS);

    // Into the busy workspace, the accounts' "Acme-Corp" is a near duplicate like the deals'.
    let busy = busy_ws();
    let mut d = answered(&busy, true);
    d.options_mut().same_names.clear();
    d.add_companion(&companion("accounts.csv"));
    let p = d.plan();
    assert!(
        p.similar_names
            .iter()
            .any(|s| s.name == "Acme-Corp" && s.existing == "Acme Corp")
    );
    // Answered "same": the existing client without a segment gets the table's.
    let mut d = answered(&busy, true);
    d.add_companion(&companion("accounts.csv"));
    let out = apply(&busy, d.plan());
    assert_eq!(
        out.client(ClientId(1)).map(|c| c.segment.as_str()),
        Some("technolgy")
    );
}

// ---------------------------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------------------------

#[test]
fn contacts_come_from_the_contact_column_at_the_deals_client() {
    let text = "Record ID,Deal Name,Deal Stage,Deal owner,Amount,Associated Company,Associated Contact\n\
                1,A,Closed won,Carol White,$10,Umbrella,\"Jane Roe (jane@umbrella.test); Max Payne (max@umbrella.test)\"\n\
                2,B,Closed won,Carol White,$20,Umbrella,jane roe\n\
                3,C,Closed won,Carol White,$30,,Solo Person\n";
    let ws = empty_ws();
    let mut src = CsvSource::open(text.as_bytes()).unwrap();
    let (_, mapping) = detect_layout(&src.headers);
    let mut d = ImportDraft::new(&ws, &src.headers, &mapping, options()).unwrap();
    feed_draft(&mut d, &src.next_rows(100));
    let p = d.plan();
    assert!(p.is_complete(), "{p:?}");
    assert_eq!(p.contacts_added, ["Jane Roe", "Max Payne"]);
    assert_eq!(
        p.contacts_without_client, 1,
        "Solo Person's deal has no client"
    );
    let out = apply(&ws, p);
    assert_eq!(out.currency, "USD", "the file's one currency");
    let a = deal(&out, "A");
    let b = deal(&out, "B");
    assert_eq!(a.contacts.len(), 2);
    assert_eq!(
        b.contacts,
        a.contacts[..1],
        "the same person, matched by name"
    );
    assert!(out.contacts.iter().all(|c| c.client == a.client));
}

// ---------------------------------------------------------------------------------------------
// 8. Historical data: the reports say the period holds none of the deals
// ---------------------------------------------------------------------------------------------

#[test]
fn a_period_holding_none_of_the_deals_is_reported_with_the_span_that_does() {
    use voronka::domain::coverage::{DealSpan, OutsidePeriod, open_without_amount, outside_period};
    use voronka::domain::filter::Period;
    let ws = empty_ws();
    let out = apply(&ws, answered(&ws, true).plan());
    let last_12_months = Filter {
        period: Some(Period {
            from: day(2025, 3, 16),
            to: today(),
        }),
        ..Filter::default()
    };
    let span = DealSpan {
        first: day(2023, 1, 10),
        last: day(2024, 1, 5),
    };
    assert_eq!(
        outside_period(&out, &last_12_months),
        Some(OutsidePeriod {
            deals: DATA_ROWS,
            span
        })
    );
    // The offered span, all time, or a period with one creation in it: nothing to say.
    for period in [
        Some(span.period()),
        None,
        Some(Period {
            from: day(2024, 1, 5),
            to: day(2024, 1, 5),
        }),
    ] {
        let f = Filter {
            period,
            ..Filter::default()
        };
        assert_eq!(outside_period(&out, &f), None, "{period:?}");
    }
    // A seller's deals only: Zane Levy's run from 2023-03-03 to 2023-12-11.
    let zane = out
        .sellers
        .iter()
        .find(|s| s.name == "Zane Levy")
        .map(|s| s.id);
    let f = Filter {
        seller: zane,
        ..last_12_months.clone()
    };
    assert_eq!(
        outside_period(&out, &f).map(|o| (o.deals, o.span.first, o.span.last)),
        Some((3, day(2023, 3, 3), day(2023, 12, 11)))
    );
    // No deals at all: an empty workspace is not "outside the period".
    assert_eq!(outside_period(&ws, &last_12_months), None);

    // Open deals without an amount, as the amount reports count them.
    assert_eq!(open_without_amount(&out, &Filter::default()), 3);
    let f = Filter {
        seller: zane,
        ..Filter::default()
    };
    assert_eq!(open_without_amount(&out, &f), 1, "OP06");
}

// ---------------------------------------------------------------------------------------------
// The preview's answers
// ---------------------------------------------------------------------------------------------

#[test]
fn answers_keep_their_place_and_new_stages_move_among_their_kind() {
    use voronka::ui::pages::data::csv_import::{Answer, apply_answer};
    let mut o = options();
    let open = StageChoice::Create(StageKind::Open);
    let won = StageChoice::Create(StageKind::Won);
    for (name, c) in [("Engaging", open), ("Signed", won), ("Prospecting", open)] {
        apply_answer(&mut o, Answer::Stage(name.into(), Some(c)));
    }
    let order = |o: &ImportOptions| {
        o.stage_choices
            .iter()
            .map(|(n, _)| n.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(order(&o), ["Engaging", "Signed", "Prospecting"]);
    // Prospecting up: it passes Signed (another kind) and swaps with Engaging.
    apply_answer(&mut o, Answer::MoveStage("prospecting".into(), -1));
    assert_eq!(order(&o), ["Prospecting", "Signed", "Engaging"]);
    // Already first of its kind: nothing moves.
    apply_answer(&mut o, Answer::MoveStage("Prospecting".into(), -1));
    assert_eq!(order(&o), ["Prospecting", "Signed", "Engaging"]);
    // Changing an answer keeps its place; clearing it removes it.
    apply_answer(&mut o, Answer::Stage("Prospecting".into(), Some(won)));
    assert_eq!(order(&o)[0], "Prospecting");
    assert_eq!(o.stage_choices[0].1, won);
    apply_answer(&mut o, Answer::Stage("Signed".into(), None));
    assert_eq!(order(&o), ["Prospecting", "Engaging"]);
    // Same-name answers: one per name, replaced, cleared.
    apply_answer(
        &mut o,
        Answer::Same(NameKind::Direction, "UltraPro".into(), Some(true)),
    );
    apply_answer(
        &mut o,
        Answer::Same(NameKind::Direction, "ultrapro".into(), Some(false)),
    );
    assert_eq!(
        o.same_names,
        [SameName {
            kind: NameKind::Direction,
            name: "ultrapro".into(),
            same: false
        }]
    );
    apply_answer(
        &mut o,
        Answer::Same(NameKind::Direction, "UltraPro".into(), None),
    );
    assert!(o.same_names.is_empty());
}
