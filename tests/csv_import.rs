//! Host tests of CSV import from other CRMs: reading bytes (encodings, delimiters, line numbers,
//! chunks), layout detection, cell formats, stage and status rules, row errors, re-import as
//! update, and 100,000 rows in chunks. Fixtures are in `tests/fixtures/csv/`; every expected
//! number below was computed by hand from them.

mod support;
use support::day;

use chrono::NaiveDate;
use voronka::domain::demo::Names;
use voronka::domain::import::*;
use voronka::domain::money::AmountError;
use voronka::domain::rng::SplitMix64;
use voronka::domain::validate::validate;
use voronka::domain::*;
use voronka::format::csv_in::*;
use voronka::format::csv_mapping::MappingDto;

fn today() -> NaiveDate {
    day(2026, 3, 15)
}

const NOW: i64 = 1_773_576_000_000;
const SEED: u64 = 42;

// Stage ids of `Workspace::empty` (the default pipeline).
const QUALIFICATION: StageId = StageId(1);
const NEEDS: StageId = StageId(2);
const PROPOSAL: StageId = StageId(3);
const NEGOTIATION: StageId = StageId(4);
const CONTRACT: StageId = StageId(5);
const WON: StageId = StageId(6);
const LOST: StageId = StageId(7);

/// The English default workspace with one seller and one client, to match names against.
fn ws_en() -> Workspace {
    let mut ws = Workspace::empty("RUB", &Names::new(Lang::En));
    ws.sellers.push(Seller {
        id: SellerId(1),
        name: "Anna Smith".into(),
    });
    ws.clients.push(Client {
        id: ClientId(1),
        name: "Acme Corp".into(),
        segment: String::new(),
        key: false,
        no_client: false,
    });
    ws
}

fn ws_ru() -> Workspace {
    Workspace::empty("RUB", &Names::new(Lang::Ru))
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Options with the given answers; the currency question answered "RUB" (the workspaces'
/// currency), as a Russian user would for amounts without a currency sign.
fn options(choices: &[(&str, StageChoice)], order: Option<DateOrder>) -> ImportOptions {
    let mut o = ImportOptions::new(today(), NOW, SEED);
    o.currency = Some("RUB".into());
    o.date_order = order;
    o.stage_choices = choices.iter().map(|(n, c)| (n.to_string(), *c)).collect();
    o
}

/// Opens the bytes, detects the mapping, feeds every row in chunks of `chunk`.
fn draft_of(ws: &Workspace, bytes: &[u8], opts: ImportOptions, chunk: usize) -> ImportDraft {
    let mut src = CsvSource::open(bytes).expect("readable CSV");
    let (_, mapping) = detect_layout(&src.headers);
    let mut draft = ImportDraft::new(ws, &src.headers, &mapping, opts).expect("mapping accepted");
    loop {
        let rows = src.next_rows(chunk);
        if rows.is_empty() {
            break;
        }
        feed_draft(&mut draft, &rows);
    }
    assert_eq!(src.progress().0, src.progress().1, "read to the end");
    draft
}

fn plan(
    ws: &Workspace,
    bytes: &[u8],
    choices: &[(&str, StageChoice)],
    order: Option<DateOrder>,
) -> ImportPlan {
    draft_of(ws, bytes, options(choices, order), 2).finish()
}

/// Plans and applies; the result must be a sound workspace.
fn import(
    ws: &Workspace,
    bytes: &[u8],
    choices: &[(&str, StageChoice)],
    order: Option<DateOrder>,
) -> (ImportPlan, Workspace) {
    let p = plan(ws, bytes, choices, order);
    let out = p.clone().apply(ws);
    let problems = validate(&out);
    assert!(
        problems.is_empty(),
        "imported workspace invalid: {problems:?}"
    );
    (p, out)
}

/// What a plan should say; `errors` are (line, code).
#[derive(Default)]
struct Expect<'a> {
    added: usize,
    updated: usize,
    clients: &'a [&'a str],
    sellers: &'a [&'a str],
    directions: &'a [&'a str],
    stages: &'a [&'a str],
    types: &'a [&'a str],
    unknown: &'a [(&'a str, usize)],
    errors: &'a [(u64, &'a str)],
    other_currency: usize,
    ambiguous_rows: usize,
}

fn check(p: &ImportPlan, e: Expect<'_>) {
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        (p.deals_added, p.deals_updated),
        (e.added, e.updated),
        "added, updated"
    );
    assert_eq!(p.clients_added, strings(e.clients), "clients added");
    assert_eq!(p.sellers_added, strings(e.sellers), "sellers added");
    assert_eq!(
        p.directions_added,
        strings(e.directions),
        "directions added"
    );
    assert_eq!(p.stages_added, strings(e.stages), "stages added");
    assert_eq!(p.deal_types_added, strings(e.types), "deal types added");
    let unknown: Vec<(String, usize)> =
        e.unknown.iter().map(|(n, c)| (n.to_string(), *c)).collect();
    assert_eq!(p.unknown_stages, unknown, "unknown stages");
    let errors: Vec<(u64, &str)> = p
        .row_errors
        .iter()
        .map(|r| (r.line, r.reason.code()))
        .collect();
    assert_eq!(errors, e.errors, "row errors: {:?}", p.row_errors);
    assert_eq!(
        p.other_currency_rows, e.other_currency,
        "other currency rows"
    );
    assert_eq!(
        p.ambiguous_date_rows, e.ambiguous_rows,
        "rows waiting for the date order"
    );
    assert_eq!(p.ambiguous_dates, e.ambiguous_rows > 0, "ambiguous dates");
    assert_eq!(p.valid_rows(), e.added + e.updated);
}

fn deal<'a>(ws: &'a Workspace, title: &str) -> &'a Deal {
    ws.deals
        .iter()
        .find(|d| d.title == title)
        .unwrap_or_else(|| panic!("no deal {title:?}"))
}

fn stage_name(ws: &Workspace, id: StageId) -> String {
    ws.stage(id).map(|s| s.name.clone()).unwrap_or_default()
}

fn history(ws: &Workspace, d: &Deal) -> Vec<(String, NaiveDate)> {
    d.history
        .iter()
        .map(|e| (stage_name(ws, e.stage), e.entered))
        .collect()
}

fn name_of_client(ws: &Workspace, d: &Deal) -> String {
    ws.client(d.client)
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

fn name_of_seller(ws: &Workspace, d: &Deal) -> String {
    ws.seller(d.seller)
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Layouts
// ---------------------------------------------------------------------------------------------

/// A fixture, its layout, and every (header, field) its mapping should have.
type LayoutCase = (&'static str, Layout, &'static [(&'static str, Field)]);

#[test]
fn every_fixture_layout_is_detected_with_its_mapping() {
    use Field::*;
    let cases: [LayoutCase; 7] = [
        (
            "pipedrive.csv",
            Layout::Pipedrive,
            &[
                ("Deal - ID", SourceId),
                ("Deal - Title", Title),
                ("Deal - Value", Amount),
                ("Deal - Currency", Currency),
                ("Deal - Probability", Probability),
                ("Deal - Organization", Client),
                ("Deal - Contact person", Contact),
                ("Deal - Stage", Stage),
                ("Deal - Owner", Seller),
                ("Deal - Status", Status),
                ("Deal - Deal closed on", Closed),
                ("Deal - Lost reason", LostReason),
                ("Deal - Deal created", Created),
                ("Deal - Expected close date", ExpectedClose),
            ],
        ),
        (
            "hubspot.csv",
            Layout::HubSpot,
            &[
                ("Record ID", SourceId),
                ("Deal Name", Title),
                ("Deal Stage", Stage),
                ("Deal owner", Seller),
                ("Deal Type", DealType),
                ("Amount", Amount),
                ("Deal probability", Probability),
                ("Close Date", ExpectedClose),
                ("Create Date", Created),
                ("Is Closed Won", Status),
                ("Closed Lost Reason", LostReason),
                ("Next step", NextStep),
                ("Associated Company", Client),
                ("Associated Contact", Contact),
            ],
        ),
        (
            "amocrm.csv",
            Layout::AmoCrm,
            &[
                ("ID", SourceId),
                ("Название сделки", Title),
                ("Бюджет", Amount),
                ("Ответственный", Seller),
                ("Этап сделки", Stage),
                ("Дата создания сделки", Created),
                ("Дата закрытия", Closed),
                ("Полное имя контакта", Contact),
                ("Компания", Client),
                ("Должность", ContactPosition),
            ],
        ),
        (
            "bitrix24.csv",
            Layout::Bitrix24,
            &[
                ("ID", SourceId),
                ("Название сделки", Title),
                ("Стадия сделки", Stage),
                ("Направление", Direction),
                ("Тип", DealType),
                ("Ответственный", Seller),
                ("Сумма", Amount),
                ("Валюта", Currency),
                ("Вероятность", Probability),
                ("Дата создания", Created),
                ("Предполагаемая дата закрытия", ExpectedClose),
                ("Компания", Client),
                ("Контакт", Contact),
                ("Сделка закрыта", Status),
            ],
        ),
        (
            "opportunities.csv",
            Layout::Opportunities,
            &[
                ("opportunity_id", SourceId),
                ("sales_agent", Seller),
                ("product", Direction),
                ("account", Client),
                ("deal_stage", Stage),
                ("engage_date", Created),
                ("close_date", Closed),
                ("close_value", Amount),
            ],
        ),
        (
            "broken.csv",
            Layout::Custom,
            &[
                ("id", SourceId),
                ("title", Title),
                ("client", Client),
                ("seller", Seller),
                ("stage", Stage),
                ("amount", Amount),
                ("created", Created),
                ("closed on", Closed),
            ],
        ),
        (
            "ambiguous-dates.csv",
            Layout::Custom,
            &[
                ("Deal", Title),
                ("Company", Client),
                ("Owner", Seller),
                ("Stage", Stage),
                ("Amount", Amount),
                ("Created", Created),
            ],
        ),
    ];
    for (file, layout, expected) in cases {
        let src = CsvSource::open(&fixture(file)).expect(file);
        let (found, mapping) = detect_layout(&src.headers);
        assert_eq!(found, layout, "{file}");
        assert_eq!(mapping.columns.len(), src.headers.len(), "{file}");
        let mapped: Vec<(String, Field)> = src
            .headers
            .iter()
            .zip(&mapping.columns)
            .filter_map(|(h, f)| f.map(|f| (h.clone(), f)))
            .collect();
        let mut want: Vec<(String, Field)> =
            expected.iter().map(|(h, f)| (h.to_string(), *f)).collect();
        let order = |v: &mut Vec<(String, Field)>| v.sort_by_key(|(h, _)| h.clone());
        let mut got = mapped;
        order(&mut got);
        order(&mut want);
        assert_eq!(got, want, "{file}: every other column ignored");
    }
}

#[test]
fn unknown_headers_get_guesses_by_synonym_and_no_field_twice() {
    let headers: Vec<String> = [
        " Сумма ",
        "Клиент",
        "VALUE",
        "Менеджер",
        "Этап",
        "Название",
        "whatever",
        "Компания",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (layout, mapping) = detect_layout(&headers);
    assert_eq!(layout, Layout::Custom);
    use Field::*;
    assert_eq!(
        mapping.columns,
        vec![
            None, // "сумма" is an amount too, but "value" ranks first among the synonyms
            Some(Client),
            Some(Amount),
            Some(Seller),
            Some(Stage),
            Some(Title),
            None,
            None, // "компания" comes after "клиент" among the client synonyms
        ]
    );
    // Field codes are the i18n keys and the remembered form.
    assert_eq!(Field::ALL.len(), Field::COUNT);
    for f in Field::ALL {
        assert_eq!(Field::from_code(f.code()), Some(f));
    }
    let json = serde_json::to_string(&MappingDto::from_domain(&mapping)).unwrap();
    assert_eq!(
        serde_json::from_str::<MappingDto>(&json)
            .unwrap()
            .into_domain(),
        mapping
    );
}

#[test]
fn remembered_mappings_keep_their_stored_shape() {
    use Field::*;
    let mapping = Mapping {
        columns: vec![Some(Title), None, Some(Amount), Some(ExpectedClose)],
    };
    // The shape settings have held since mappings were first remembered.
    let stored = r#"{"columns":["title",null,"amount","expected_close"]}"#;
    assert_eq!(
        serde_json::to_string(&MappingDto::from_domain(&mapping)).unwrap(),
        stored
    );
    assert_eq!(
        serde_json::from_str::<MappingDto>(stored)
            .unwrap()
            .into_domain(),
        mapping
    );
    // A field code from a newer version reads as an ignored column, not as a failure.
    let newer = r#"{"columns":["title","mood"]}"#;
    assert_eq!(
        serde_json::from_str::<MappingDto>(newer)
            .unwrap()
            .into_domain()
            .columns,
        vec![Some(Title), None]
    );
}

#[test]
fn header_key_ignores_case_and_spacing_only() {
    let a: Vec<String> = vec!["Deal - ID".into(), "Deal  - Title ".into()];
    let b: Vec<String> = vec!["deal - id".into(), "DEAL - TITLE".into()];
    let c: Vec<String> = vec!["deal - title".into(), "deal - id".into()];
    let d: Vec<String> = vec!["deal - id deal - title".into()];
    assert_eq!(header_key(&a), header_key(&b));
    assert_ne!(header_key(&a), header_key(&c), "order matters");
    assert_ne!(header_key(&a), header_key(&d), "the join cannot collide");
}

type MappingCase = (Vec<Option<Field>>, Result<(), MappingError>);

#[test]
fn mapping_errors_name_what_is_missing() {
    use Field::*;
    let headers: Vec<String> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let cases: [MappingCase; 8] = [
        (
            vec![Some(Title), Some(Client), Some(Seller), Some(Stage), None],
            Ok(()),
        ),
        (
            vec![
                Some(SourceId),
                Some(Client),
                Some(Seller),
                Some(Status),
                None,
            ],
            Ok(()),
        ),
        (
            vec![Some(Amount), Some(Client), Some(Seller), Some(Stage), None],
            Err(MappingError::NoTitleOrSourceId),
        ),
        // No client column: every deal goes to the "no client" entry.
        (
            vec![Some(Title), None, Some(Seller), Some(Stage), None],
            Ok(()),
        ),
        (
            vec![Some(Title), Some(Client), None, Some(Stage), None],
            Err(MappingError::NoSeller),
        ),
        (
            vec![Some(Title), Some(Client), Some(Seller), None, None],
            Err(MappingError::NoStageOrStatus),
        ),
        (
            vec![
                Some(Title),
                Some(Client),
                Some(Seller),
                Some(Stage),
                Some(Title),
            ],
            Err(MappingError::Duplicate(Title)),
        ),
        (
            vec![Some(Title), Some(Client), Some(Seller), Some(Stage)],
            Err(MappingError::ColumnCount {
                expected: 5,
                found: 4,
            }),
        ),
    ];
    for (columns, want) in cases {
        let got = ImportDraft::new(
            &ws_en(),
            &headers,
            &Mapping {
                columns: columns.clone(),
            },
            options(&[], None),
        )
        .map(|_| ());
        assert_eq!(got, want, "{columns:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------

#[test]
fn amounts_in_every_export_format() {
    let ok: [(&str, i64, Option<&str>); 16] = [
        ("1234567.89", 123_456_789, None),
        ("1 234 567,89", 123_456_789, None),
        ("1\u{a0}234\u{a0}567,89", 123_456_789, None),
        ("1\u{202f}234,5", 123_450, None),
        ("1,234,567.89", 123_456_789, None),
        ("1,234", 123_400, None),
        ("1,5", 150, None),
        ("0", 0, None),
        ("12500.0000", 1_250_000, None),
        ("₽ 1 000", 100_000, Some("RUB")),
        ("1 000 руб.", 100_000, Some("RUB")),
        ("1000 р.", 100_000, Some("RUB")),
        ("$12,000.00", 1_200_000, Some("USD")),
        ("€99.90", 9_990, Some("EUR")),
        ("USD 1,000", 100_000, Some("USD")),
        ("250 000 RUB", 25_000_000, Some("RUB")),
    ];
    for (text, minor, cur) in ok {
        assert_eq!(
            parse_import_amount(text),
            Ok((Money(minor), cur.map(str::to_string))),
            "{text:?}"
        );
    }
    let bad: [(&str, AmountError); 9] = [
        ("", AmountError::Empty),
        ("-500", AmountError::Negative),
        ("$-5", AmountError::Negative),
        ("12abc", AmountError::NotANumber),
        ("abc", AmountError::NotANumber),
        ("12%", AmountError::NotANumber),
        ("1.234,56", AmountError::NotANumber),
        ("1.234", AmountError::TooManyDecimals),
        ("99999999999999999999", AmountError::TooLarge),
    ];
    for (text, err) in bad {
        assert_eq!(parse_import_amount(text), Err(err), "{text:?}");
    }
}

#[test]
fn dates_in_every_export_format() {
    let exact: [(&str, NaiveDate); 11] = [
        ("2026-03-01", day(2026, 3, 1)),
        ("2026-03-01 14:22", day(2026, 3, 1)),
        ("2026-03-01T14:22:05Z", day(2026, 3, 1)),
        ("2026-03-01T14:22:05.123+03:00", day(2026, 3, 1)),
        ("2026/03/01", day(2026, 3, 1)),
        ("01.03.2026", day(2026, 3, 1)),
        ("01.03.2026 14:22:05", day(2026, 3, 1)),
        ("1.3.26", day(2026, 3, 1)),
        ("46082", day(2026, 3, 1)), // Excel serial day
        ("46082.75", day(2026, 3, 1)),
        (" 2026-03-01 ", day(2026, 3, 1)),
    ];
    for (text, want) in exact {
        assert_eq!(
            parse_date_cell(text),
            Some(DateCell::Date(want)),
            "{text:?}"
        );
    }
    assert_eq!(parse_date_cell(""), Some(DateCell::Empty));
    // Slash dates wait for the order.
    let slash = parse_date_cell("03/04/2026 2:05 PM").unwrap();
    assert_eq!(slash.resolve(None), Err(None));
    assert_eq!(
        slash.resolve(Some(DateOrder::DayFirst)),
        Ok(Some(day(2026, 4, 3)))
    );
    assert_eq!(
        slash.resolve(Some(DateOrder::MonthFirst)),
        Ok(Some(day(2026, 3, 4)))
    );
    let day_first = parse_date_cell("13/04/2026").unwrap();
    assert_eq!(
        day_first.resolve(Some(DateOrder::MonthFirst)),
        Err(Some("13/04/2026"))
    );
    for bad in [
        "2026-13-45",
        "31.02.2026",
        "13/13/2026",
        "0/5/2026",
        "2026",
        "5",
        "yesterday",
        "2026-03-01 noon",
        "1/2/3/4",
        "2026-03",
        "99999999999999999999",
    ] {
        assert_eq!(parse_date_cell(bad), None, "{bad:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Reading bytes
// ---------------------------------------------------------------------------------------------

#[test]
fn encodings_and_delimiters_are_sniffed() {
    let cases: [(&str, TextEncoding, Delimiter, usize); 6] = [
        ("pipedrive.csv", TextEncoding::Utf8, Delimiter::Comma, 17),
        ("hubspot.csv", TextEncoding::Utf8Bom, Delimiter::Comma, 18),
        (
            "amocrm.csv",
            TextEncoding::Windows1251,
            Delimiter::Semicolon,
            14,
        ),
        (
            "bitrix24.csv",
            TextEncoding::Utf8Bom,
            Delimiter::Semicolon,
            18,
        ),
        ("opportunities.csv", TextEncoding::Utf8, Delimiter::Comma, 8),
        ("broken.csv", TextEncoding::Utf8, Delimiter::Comma, 8),
    ];
    for (file, enc, delim, columns) in cases {
        let src = CsvSource::open(&fixture(file)).expect(file);
        assert_eq!(
            (src.encoding, src.delimiter, src.headers.len()),
            (enc, delim, columns),
            "{file}"
        );
    }
    let amo = CsvSource::open(&fixture("amocrm.csv")).unwrap();
    assert_eq!(amo.headers[1], "Название сделки");
    assert_eq!(amo.headers[2], "Бюджет", "trailing space trimmed");
    let hub = CsvSource::open(&fixture("hubspot.csv")).unwrap();
    assert_eq!(hub.headers[0], "Record ID", "no BOM in the first header");

    // Tabs, and a header with more commas inside quotes than tabs outside.
    let tsv = "\"a,b,c\"\tTitle\tClient\n1\tx\ty\n";
    let src = CsvSource::open(tsv.as_bytes()).unwrap();
    assert_eq!(src.delimiter, Delimiter::Tab);
    assert_eq!(src.headers, vec!["a,b,c", "Title", "Client"]);
    assert_eq!(Delimiter::Tab.as_byte(), b'\t');
    assert_eq!(Delimiter::Semicolon.as_byte(), b';');
}

#[test]
fn unreadable_files_are_refused_with_a_reason() {
    let cases: Vec<(Vec<u8>, CsvReadError)> = vec![
        (Vec::new(), CsvReadError::Empty),
        (b"\xEF\xBB\xBF \r\n\n".to_vec(), CsvReadError::Empty),
        (b",,\n1,2,3\n".to_vec(), CsvReadError::NoHeader),
        (b"PK\x03\x04rest".to_vec(), CsvReadError::Spreadsheet),
        (b"\xD0\xCF\x11\xE0rest".to_vec(), CsvReadError::Spreadsheet),
        (
            b"<html><body><table><tr><td>ID</td></tr></table>".to_vec(),
            CsvReadError::HtmlTable,
        ),
        (b"\xFF\xFEI\x00D\x00".to_vec(), CsvReadError::Utf16),
        (
            vec![b'a'; MAX_CSV_BYTES + 1],
            CsvReadError::TooLarge {
                size: MAX_CSV_BYTES + 1,
                limit: MAX_CSV_BYTES,
            },
        ),
    ];
    for (bytes, want) in cases {
        let got = CsvSource::open(&bytes).map(|s| s.headers);
        assert_eq!(got, Err(want.clone()), "{}", want.code());
    }
}

/// Every record of the file, read in chunks of 2,000 as the page reads them.
fn all_rows(mut src: CsvSource) -> Vec<CsvRow> {
    std::iter::from_fn(|| {
        let chunk = src.next_rows(2_000);
        (!chunk.is_empty()).then_some(chunk)
    })
    .flatten()
    .collect()
}

/// Millions of tiny rows fit under the byte limit; they are refused by count before any row is
/// read, so memory stays at the file's own size. Blank lines are not rows, and quoted line breaks
/// do not make a record count twice.
#[test]
fn millions_of_tiny_rows_are_refused_by_count_before_reading() {
    // 4 million rows of "1,2": 16 MB, a quarter of the byte limit.
    let mut bytes = b"Title,Client\n".to_vec();
    for _ in 0..4_000_000 {
        bytes.extend_from_slice(b"1,2\n");
    }
    assert!(bytes.len() < MAX_CSV_BYTES);
    assert_eq!(
        CsvSource::open(&bytes).map(|s| s.headers),
        Err(CsvReadError::TooManyRows {
            rows: 4_000_000,
            limit: MAX_CSV_ROWS,
        })
    );

    // One row over the limit is refused; exactly the limit is read to the end in chunks.
    let at_limit = |rows: usize| {
        let mut b = b"Deal Title;Client;Seller;Stage\n".to_vec();
        for i in 0..rows {
            b.extend_from_slice(format!("D{i};C{};S;Lead\n", i % 7).as_bytes());
        }
        b
    };
    assert_eq!(
        CsvSource::open(&at_limit(MAX_CSV_ROWS + 1)).map(|s| s.headers),
        Err(CsvReadError::TooManyRows {
            rows: MAX_CSV_ROWS + 1,
            limit: MAX_CSV_ROWS,
        })
    );
    let src = CsvSource::open(&at_limit(MAX_CSV_ROWS)).expect("at the limit");
    assert_eq!(all_rows(src).len(), MAX_CSV_ROWS);

    // 30 million blank lines around two rows: no rows to speak of, read normally.
    let mut blank = b"Title,Client\nA,B\n".to_vec();
    blank.resize(blank.len() + 30_000_000, b'\n');
    blank.extend_from_slice(b"C,D\n");
    let src = CsvSource::open(&blank).expect("blank lines are not rows");
    let cells: Vec<Vec<String>> = all_rows(src).into_iter().map(|r| r.cells).collect();
    assert_eq!(cells, vec![vec!["A", "B"], vec!["C", "D"]]);

    // A quoted note with many line breaks is one record, not many.
    let mut quoted = b"Title,Notes\n".to_vec();
    for i in 0..1_000 {
        quoted.extend_from_slice(format!("D{i},\"").as_bytes());
        quoted.extend_from_slice(&[b'\n'; 300]);
        quoted.extend_from_slice(b"\"\n");
    }
    let src = CsvSource::open(&quoted).expect("1,000 records over 300,000 lines");
    assert_eq!(all_rows(src).len(), 1_000);
}

#[test]
fn records_come_in_chunks_with_their_first_line() {
    let bytes = fixture("broken.csv");
    let mut src = CsvSource::open(&bytes).unwrap();
    let (_, total) = src.progress();
    assert_eq!(total, bytes.len());
    let mut lines = Vec::new();
    let mut last = 0;
    loop {
        let rows = src.next_rows(3);
        if rows.is_empty() {
            break;
        }
        assert!(rows.len() <= 3);
        let (read, t) = src.progress();
        assert!(read >= last && read <= t, "progress moves forward");
        last = read;
        for r in rows {
            assert!(r.error.is_none());
            lines.push((r.line, r.cells.len()));
        }
    }
    assert_eq!(src.progress(), (total, total));
    assert!(src.next_rows(3).is_empty(), "stays done");
    assert_eq!(
        lines,
        vec![
            (2, 8),
            (3, 8),
            (4, 8),
            (5, 8),
            (6, 8),
            (7, 3),
            (8, 8), // the quoted title spans lines 8 and 9
            (10, 9),
            (11, 8),
            (12, 8),
            (13, 8),
            (14, 8),
            (15, 10),
            (16, 8),
            (17, 8),
            (18, 8),
        ]
    );
    // `max` 0 still reads, so a caller's loop always ends.
    let mut src = CsvSource::open(b"a,b\n1,2\n").unwrap();
    assert_eq!(src.next_rows(0).len(), 1);
    assert!(src.next_rows(0).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Each CRM
// ---------------------------------------------------------------------------------------------

#[test]
fn pipedrive_deals_with_status_won_and_lost_times() {
    let ws = ws_en();
    let bytes = fixture("pipedrive.csv");
    // First pass: "Discovery" is no stage of the workspace, so its row waits.
    check(
        &plan(&ws, &bytes, &[], None),
        Expect {
            added: 3,
            clients: &["Globex", "Initech"],
            sellers: &["Bob Stone"],
            unknown: &[("Discovery", 1)],
            other_currency: 1,
            ..Expect::default()
        },
    );
    let choices = [("discovery", StageChoice::Create(StageKind::Open))];
    let (p, out) = import(&ws, &bytes, &choices, None);
    check(
        &p,
        Expect {
            added: 4,
            clients: &["Globex", "Initech"],
            sellers: &["Bob Stone"],
            stages: &["Discovery"],
            other_currency: 1,
            ..Expect::default()
        },
    );
    // The new open stage goes after the last open stage.
    let names: Vec<&str> = out.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Qualification",
            "Needs analysis",
            "Proposal",
            "Negotiation",
            "Contract",
            "Discovery",
            "Won",
            "Lost"
        ]
    );

    let d = deal(&out, "Website redesign");
    assert_eq!(d.amount, Money(1_500_000));
    assert_eq!(d.stage, NEGOTIATION);
    assert_eq!(d.seller, SellerId(1), "'anna  smith' is Anna Smith");
    assert_eq!(d.client, ClientId(1));
    assert_eq!(d.probability, Some(60));
    assert_eq!(d.created, day(2026, 1, 10));
    assert_eq!(d.expected_close, Some(day(2026, 4, 30)));
    assert_eq!(d.closed, None);
    assert_eq!(d.updated_at, NOW);
    assert_eq!(
        history(&out, d),
        [("Negotiation".to_string(), day(2026, 1, 10))]
    );

    let d = deal(&out, "CRM rollout");
    assert_eq!(d.amount, Money(123_456_789));
    assert_eq!(d.stage, WON);
    assert_eq!(d.closed, Some(day(2026, 2, 20)), "won time");
    assert_eq!(
        history(&out, d),
        [
            ("Proposal".to_string(), day(2026, 1, 5)),
            ("Won".to_string(), day(2026, 2, 20))
        ]
    );
    assert_eq!(name_of_seller(&out, d), "Bob Stone");
    assert_eq!(name_of_client(&out, d), "Globex");

    let d = deal(&out, "Support contract");
    assert_eq!(d.stage, LOST);
    assert_eq!(d.closed, Some(day(2026, 3, 2)), "closed-on beats lost time");
    assert_eq!(d.lost_reason.as_deref(), Some("Too expensive"));
    assert_eq!(d.amount, Money(500_000), "USD kept as is, counted");

    let d = deal(&out, "Data migration");
    assert_eq!(stage_name(&out, d.stage), "Discovery");
    assert_eq!(d.amount, Money::ZERO);
    assert_eq!(d.created, day(2026, 3, 1));
    assert_eq!(
        d.id,
        deal(&import(&ws, &bytes, &choices, None).1, "Data migration").id,
        "ids are stable"
    );
    assert!(out.deals.iter().all(|d| d.id.0 < 1 << 52 && d.id.0 > 0));
}

#[test]
fn hubspot_booleans_fractions_and_choices() {
    let ws = ws_en();
    let bytes = fixture("hubspot.csv");
    check(
        &plan(&ws, &bytes, &[], None),
        Expect {
            added: 2,
            clients: &["Umbrella Ltd", "Hooli"],
            sellers: &["Carol White", "Dan Brown"],
            types: &["Existing Business"],
            unknown: &[("Contract sent", 1), ("Appointment scheduled", 1)],
            other_currency: 1,
            ..Expect::default()
        },
    );
    let choices = [
        ("Contract sent", StageChoice::Existing(CONTRACT)),
        (
            "appointment  SCHEDULED",
            StageChoice::Create(StageKind::Open),
        ),
    ];
    let (p, out) = import(&ws, &bytes, &choices, None);
    check(
        &p,
        Expect {
            added: 4,
            clients: &["Umbrella Ltd", "Hooli"],
            sellers: &["Carol White", "Dan Brown"],
            stages: &["Appointment scheduled"],
            types: &["Existing Business"],
            other_currency: 1,
            ..Expect::default()
        },
    );
    let d = deal(&out, "Cloud migration");
    assert_eq!(d.stage, CONTRACT);
    assert_eq!(d.probability, Some(80), "0.8 in a column of fractions");
    assert_eq!(
        d.deal_type,
        Some(DealTypeId(1)),
        "New Business = New business"
    );
    assert_eq!(d.amount, Money(2_500_050));
    assert_eq!(d.created, day(2026, 2, 1));
    assert_eq!(d.expected_close, Some(day(2026, 4, 15)));
    assert_eq!(
        d.next_step.as_ref().map(|s| s.text.as_str()),
        Some("Send final contract")
    );

    let d = deal(&out, "Security audit");
    assert_eq!(d.stage, WON, "Closed won → the first won stage");
    assert_eq!(d.closed, Some(day(2026, 3, 5)), "from Close Date");
    assert_eq!(d.amount, Money(1_200_000));
    assert_eq!(d.probability, Some(100));
    assert_eq!(
        history(&out, d),
        [("Won".to_string(), day(2026, 3, 5))],
        "one entry: won, entered on the close date (metrics.md), created 2026-01-20"
    );
    assert_eq!(d.created, day(2026, 1, 20));

    let d = deal(&out, "Training");
    assert_eq!(d.stage, LOST, "Is closed lost = true");
    assert_eq!(d.closed, Some(day(2026, 3, 10)));
    assert_eq!(d.lost_reason.as_deref(), Some("Chose competitor"));
    assert_eq!(d.probability, Some(0));

    let d = deal(&out, "Analytics pilot");
    assert_eq!(stage_name(&out, d.stage), "Appointment scheduled");
    assert_eq!((d.amount, d.probability), (Money::ZERO, None));
}

#[test]
fn hubspot_without_bom_reads_the_same() {
    let with = fixture("hubspot.csv");
    let without = &with[3..];
    let a = CsvSource::open(&with).unwrap();
    let b = CsvSource::open(without).unwrap();
    assert_eq!(
        (a.encoding, b.encoding),
        (TextEncoding::Utf8Bom, TextEncoding::Utf8)
    );
    assert_eq!(a.headers, b.headers);
    let ws = ws_en();
    let choices = [
        ("Contract sent", StageChoice::Existing(CONTRACT)),
        (
            "Appointment scheduled",
            StageChoice::Create(StageKind::Open),
        ),
    ];
    assert_eq!(
        import(&ws, &with, &choices, None).1,
        import(&ws, without, &choices, None).1
    );
}

#[test]
fn amocrm_windows_1251_semicolons_and_not_closed() {
    let ws = ws_ru();
    let bytes = fixture("amocrm.csv");
    let choices = [("Первичный контакт", StageChoice::Existing(QUALIFICATION))];
    let (p, out) = import(&ws, &bytes, &choices, None);
    check(
        &p,
        Expect {
            added: 5,
            clients: &["ООО Ромашка", "АО Вектор"],
            sellers: &["Иван Петров", "Мария Козлова"],
            ..Expect::default()
        },
    );
    // The deal without a company is kept under the "no client" entry; its contact is not
    // created (a person works at a client).
    assert_eq!(p.no_client_rows, 1);
    assert_eq!(p.contacts_without_client, 1);
    let d = deal(&out, "Без компании");
    assert_eq!(out.client(d.client).map(|c| c.no_client), Some(true));
    assert_eq!(p.contacts_added, ["Пётр Сидоров"]);
    let d = deal(&out, "Поставка серверов");
    let contact = out.contacts.iter().find(|c| d.contacts.contains(&c.id));
    assert_eq!(
        contact.map(|c| (c.name.as_str(), c.position.as_str(), c.client)),
        Some(("Пётр Сидоров", "Директор", d.client)),
        "the contact at the deal's client, with the position column"
    );
    let d = deal(&out, "Поставка серверов");
    assert_eq!(d.amount, Money(123_456_789), "no-break-space groups");
    assert_eq!(d.stage, NEGOTIATION);
    assert_eq!(d.created, day(2026, 2, 1));
    assert_eq!(d.closed, None, "не закрыта");

    let d = deal(&out, "Лицензии 1С");
    assert_eq!(d.amount, Money(25_000_000));
    assert_eq!(stage_name(&out, d.stage), "Успешно реализовано");
    assert_eq!(d.closed, Some(day(2026, 2, 20)));

    let d = deal(&out, "Обучение персонала");
    assert_eq!(d.amount, Money(8_000_000), "'80000 руб.'");
    assert_eq!(d.stage, LOST);
    assert_eq!(d.closed, Some(day(2026, 3, 1)));

    let d = deal(&out, "Аудит сети");
    assert_eq!(d.stage, QUALIFICATION);
    assert_eq!(d.amount, Money::ZERO);
    assert_eq!(name_of_client(&out, d), "АО Вектор", "'ао  вектор' matched");
}

#[test]
fn bitrix24_closed_flag_with_stage_semantics() {
    let ws = ws_ru();
    let bytes = fixture("bitrix24.csv");
    check(
        &plan(&ws, &bytes, &[], None),
        Expect {
            added: 2,
            clients: &["ЗАО Север", "ООО Юг"],
            sellers: &["Ольга Орлова", "Олег Волков"],
            directions: &["Облачные сервисы", "Кибербезопасность"],
            types: &["Продажа"],
            unknown: &[("В работе", 1), ("Архив", 1)],
            errors: &[(6, "status_conflict")],
            ..Expect::default()
        },
    );
    let choices = [
        ("В работе", StageChoice::Create(StageKind::Open)),
        ("Архив", StageChoice::Create(StageKind::Lost)),
    ];
    let (p, out) = import(&ws, &bytes, &choices, None);
    check(
        &p,
        Expect {
            added: 4,
            clients: &["ЗАО Север", "ООО Юг"],
            sellers: &["Ольга Орлова", "Олег Волков"],
            directions: &["Внедрение ERP", "Облачные сервисы", "Кибербезопасность"],
            stages: &["В работе", "Архив"],
            types: &["Продажа"],
            errors: &[(6, "status_conflict")],
            ..Expect::default()
        },
    );
    assert_eq!(
        p.row_errors[0].reason,
        RowProblem::StatusConflict {
            stage: "Сделка успешна".into(),
            status: "Нет".into()
        }
    );
    let names: Vec<&str> = out.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Квалификация",
            "Выявление потребностей",
            "Коммерческое предложение",
            "Переговоры",
            "Согласование договора",
            "В работе",
            "Успешно реализовано",
            "Закрыто и не реализовано",
            "Архив"
        ]
    );
    let d = deal(&out, "Внедрение ERP");
    assert_eq!(stage_name(&out, d.stage), "В работе");
    assert_eq!((d.amount, d.probability), (Money(50_000_000), Some(40)));
    assert_eq!(d.expected_close, Some(day(2026, 4, 30)));

    let d = deal(&out, "Облако");
    assert_eq!(d.stage, WON, "Да + Сделка успешна");
    assert_eq!(d.closed, Some(day(2026, 2, 28)), "expected close");

    let d = deal(&out, "Кибер");
    assert_eq!(d.stage, LOST, "Y + Анализ причины провала");
    assert_eq!(d.closed, Some(day(2026, 2, 15)));

    let d = deal(&out, "Странная");
    assert_eq!(stage_name(&out, d.stage), "Архив");
    assert_eq!(d.closed, Some(today()), "no date at all: today");
    assert_eq!(d.direction, None);
}

#[test]
fn opportunities_table_without_titles() {
    let ws = ws_en();
    let bytes = fixture("opportunities.csv");
    check(
        &plan(&ws, &bytes, &[], None),
        Expect {
            added: 3,
            clients: &["Cancity", "Isdom", "Codehow"],
            sellers: &["Moses Frase", "Darcel Schlecht"],
            directions: &["GTX Plus Basic", "GTXPro", "GTX Basic"],
            unknown: &[("Engaging", 1), ("Prospecting", 1)],
            ..Expect::default()
        },
    );
    let choices = [
        ("Prospecting", StageChoice::Existing(QUALIFICATION)),
        ("Engaging", StageChoice::Existing(NEEDS)),
    ];
    let (p, out) = import(&ws, &bytes, &choices, None);
    check(
        &p,
        Expect {
            added: 5,
            clients: &["Cancity", "Isdom", "Codehow", "Hatfan"],
            sellers: &["Moses Frase", "Darcel Schlecht", "Zane Levy"],
            directions: &["GTX Plus Basic", "GTXPro", "MG Special", "GTX Basic"],
            ..Expect::default()
        },
    );
    let d = deal(&out, "Cancity #1C1I7A6R");
    assert_eq!((d.stage, d.amount), (WON, Money(105_400)));
    assert_eq!(
        (d.created, d.closed),
        (day(2016, 10, 20), Some(day(2017, 3, 1)))
    );
    let d = deal(&out, "Cancity #EC4QE1BX");
    assert_eq!((d.stage, d.amount, d.closed), (NEEDS, Money::ZERO, None));
    let d = deal(&out, "Codehow #MV1LWRNH");
    assert_eq!((d.stage, d.amount), (LOST, Money::ZERO));
    let d = deal(&out, "Hatfan #PE84CX4O");
    assert_eq!(
        (d.stage, d.created),
        (QUALIFICATION, today()),
        "no engage date"
    );
}

#[test]
fn broken_rows_are_listed_with_lines_and_skipped() {
    let ws = ws_en();
    let (p, out) = import(&ws, &fixture("broken.csv"), &[], None);
    check(
        &p,
        Expect {
            added: 4,
            other_currency: 1,
            errors: &[
                (3, "bad_amount"),
                (4, "bad_amount"),
                (5, "bad_date"),
                (7, "wrong_cell_count"),
                (10, "wrong_cell_count"),
                (11, "closed_before_created"),
                (12, "missing_title"),
                (13, "missing_seller"),
                (14, "missing_amount"),
                (17, "duplicate_in_file"),
                (18, "bad_date"),
            ],
            ..Expect::default()
        },
    );
    let reasons: Vec<&RowProblem> = p.row_errors.iter().map(|e| &e.reason).collect();
    assert_eq!(reasons[0], &RowProblem::BadAmount("12abc".into()));
    assert_eq!(reasons[0].text(), Some("12abc"));
    assert_eq!(reasons[1], &RowProblem::BadAmount("-500".into()));
    assert_eq!(
        reasons[2],
        &RowProblem::BadDate {
            field: Field::Created,
            text: "2026-13-45".into()
        }
    );
    assert_eq!(
        reasons[3],
        &RowProblem::WrongCellCount {
            expected: 8,
            found: 3
        }
    );
    assert_eq!(
        reasons[4],
        &RowProblem::WrongCellCount {
            expected: 8,
            found: 9
        }
    );
    assert_eq!(
        reasons[5],
        &RowProblem::ClosedBeforeCreated {
            created: day(2026, 2, 10),
            closed: day(2026, 2, 1)
        }
    );
    assert_eq!(reasons[9], &RowProblem::DuplicateInFile { first_line: 2 });
    assert_eq!(
        reasons[10],
        &RowProblem::BadDate {
            field: Field::Closed,
            text: "31.02.2026".into()
        }
    );

    // Line 6 has no client: kept under the "no client" entry, which the import creates.
    assert_eq!(out.deals.len(), 4);
    assert_eq!(p.no_client_rows, 1);
    assert_eq!(p.no_client_created.as_deref(), Some("No client"));
    let d = deal(&out, "No client");
    assert_eq!(out.client(d.client).map(|c| c.no_client), Some(true));
    assert_eq!(
        d.client, NO_CLIENT_ID,
        "the id every workspace gives the entry"
    );
    assert_eq!(deal(&out, "Good deal").amount, Money(10_000));
    let d = deal(&out, "Multi\nline title");
    assert_eq!((d.amount, d.created), (Money(150_050), day(2026, 1, 6)));
    let d = deal(&out, "Trailing empties");
    assert_eq!((d.amount, d.stage), (Money(100_000), PROPOSAL));
    assert!(p.clients_added.is_empty() && p.sellers_added.is_empty());
}

#[test]
fn slash_dates_wait_for_an_order_unless_the_file_tells() {
    let ws = ws_en();
    let bytes = fixture("ambiguous-dates.csv");
    check(
        &plan(&ws, &bytes, &[], None),
        Expect {
            added: 1,
            ambiguous_rows: 2,
            ..Expect::default()
        },
    );
    let created = |order| {
        let (p, out) = import(&ws, &bytes, &[], Some(order));
        assert_eq!((p.deals_added, p.ambiguous_dates), (3, false));
        (deal(&out, "A1").created, deal(&out, "A2").created)
    };
    assert_eq!(
        created(DateOrder::DayFirst),
        (day(2026, 4, 3), day(2026, 6, 5))
    );
    assert_eq!(
        created(DateOrder::MonthFirst),
        (day(2026, 3, 4), day(2026, 5, 6))
    );

    // The answer can be given to the same draft, without reading the file again.
    let mut draft = draft_of(&ws, &bytes, options(&[], None), 1);
    assert!(draft.plan().ambiguous_dates);
    draft.set_date_order(Some(DateOrder::DayFirst));
    let p = draft.plan();
    assert!(p.is_complete());
    assert_eq!(p.valid_rows(), 3);

    // A value over 12 decides; values over 12 on both sides leave the question open.
    let file = |dates: &[&str]| {
        let mut s = String::from("Deal,Company,Owner,Stage,Created\n");
        for (i, d) in dates.iter().enumerate() {
            s.push_str(&format!("D{i},Acme Corp,Anna Smith,Qualification,{d}\n"));
        }
        s
    };
    let text = file(&["03/04/2026", "13/04/2026"]);
    let (p, out) = import(&ws, text.as_bytes(), &[], None);
    assert_eq!((p.deals_added, p.ambiguous_dates), (2, false));
    assert_eq!(deal(&out, "D0").created, day(2026, 4, 3), "day first");
    let text = file(&["03/04/2026", "04/13/2026"]);
    let (_, out) = import(&ws, text.as_bytes(), &[], None);
    assert_eq!(deal(&out, "D0").created, day(2026, 3, 4), "month first");
    let text = file(&["13/04/2026", "04/13/2026", "2026-01-01"]);
    check(
        &plan(&ws, text.as_bytes(), &[], None),
        Expect {
            added: 1,
            ambiguous_rows: 2,
            ..Expect::default()
        },
    );
    check(
        &plan(&ws, text.as_bytes(), &[], Some(DateOrder::DayFirst)),
        Expect {
            added: 2,
            errors: &[(3, "bad_date")],
            ..Expect::default()
        },
    );
}

#[test]
fn status_without_stage_column_uses_the_first_stage_of_its_kind() {
    let ws = ws_en();
    let text = "title,client,owner,status,lost reason\n\
                A,Acme Corp,Anna Smith,open,\n\
                B,Acme Corp,Anna Smith,Выиграна,\n\
                C,Acme Corp,Anna Smith,Закрыто и не реализовано,Price\n\
                D,Acme Corp,Anna Smith,maybe,\n\
                E,Acme Corp,Anna Smith,,\n\
                F,Acme Corp,Anna Smith,Успешно реализовано,\n";
    let (p, out) = import(&ws, text.as_bytes(), &[], None);
    check(
        &p,
        Expect {
            added: 4,
            errors: &[(5, "bad_status"), (6, "missing_stage")],
            ..Expect::default()
        },
    );
    assert_eq!(
        p.row_errors[0].reason,
        RowProblem::BadStatus("maybe".into())
    );
    assert_eq!(deal(&out, "A").stage, QUALIFICATION);
    let b = deal(&out, "B");
    assert_eq!((b.stage, b.closed), (WON, Some(today())));
    let c = deal(&out, "C");
    assert_eq!((c.stage, c.lost_reason.as_deref()), (LOST, Some("Price")));
    assert_eq!(deal(&out, "F").stage, WON);
}

#[test]
fn won_status_without_a_won_stage_is_asked_under_its_word() {
    let mut ws = ws_en();
    ws.stages.retain(|s| s.kind != StageKind::Won);
    let text =
        "title,client,owner,status\nA,Acme Corp,Anna Smith,Won\nB,Acme Corp,Anna Smith,Lost\n";
    check(
        &plan(&ws, text.as_bytes(), &[], None),
        Expect {
            added: 1,
            unknown: &[("Won", 1)],
            ..Expect::default()
        },
    );
    let (p, out) = import(
        &ws,
        text.as_bytes(),
        &[("won", StageChoice::Create(StageKind::Won))],
        None,
    );
    assert_eq!(
        (p.deals_added, p.stages_added.clone()),
        (2, vec!["won".to_string()])
    );
    let a = deal(&out, "A");
    assert_eq!(out.stage(a.stage).map(|s| s.kind), Some(StageKind::Won));
    assert_eq!(out.stages.last().map(|s| s.kind), Some(StageKind::Won));
}

// ---------------------------------------------------------------------------------------------
// Re-import
// ---------------------------------------------------------------------------------------------

/// A fixture, the workspace it goes into, the stage answers and the date order it needs.
type FixtureCase = (
    &'static str,
    Workspace,
    Vec<(&'static str, StageChoice)>,
    Option<DateOrder>,
);

fn fixtures() -> Vec<FixtureCase> {
    vec![
        (
            "pipedrive.csv",
            ws_en(),
            vec![("Discovery", StageChoice::Create(StageKind::Open))],
            None,
        ),
        (
            "hubspot.csv",
            ws_en(),
            vec![
                ("Contract sent", StageChoice::Existing(CONTRACT)),
                (
                    "Appointment scheduled",
                    StageChoice::Create(StageKind::Open),
                ),
            ],
            None,
        ),
        (
            "amocrm.csv",
            ws_ru(),
            vec![("Первичный контакт", StageChoice::Existing(QUALIFICATION))],
            None,
        ),
        (
            "bitrix24.csv",
            ws_ru(),
            vec![
                ("В работе", StageChoice::Create(StageKind::Open)),
                ("Архив", StageChoice::Create(StageKind::Lost)),
            ],
            None,
        ),
        (
            "opportunities.csv",
            ws_en(),
            vec![
                ("Prospecting", StageChoice::Existing(QUALIFICATION)),
                ("Engaging", StageChoice::Existing(NEEDS)),
            ],
            None,
        ),
        ("broken.csv", ws_en(), vec![], None),
        (
            "ambiguous-dates.csv",
            ws_en(),
            vec![],
            Some(DateOrder::MonthFirst),
        ),
    ]
}

#[test]
fn every_fixture_gives_a_valid_workspace_and_importing_again_updates() {
    for (file, ws, choices, order) in fixtures() {
        let bytes = fixture(file);
        // Also without the answers: whatever is imported must be sound.
        import(&ws, &bytes, &[], order);
        let (first, once) = import(&ws, &bytes, &choices, order);
        assert!(first.is_complete(), "{file}");
        assert!(first.deals_added > 0, "{file}");
        assert_eq!(
            once.deals.len(),
            ws.deals.len() + first.deals_added,
            "{file}"
        );

        let later = ImportOptions::new(day(2026, 3, 20), NOW + 1, SEED + 1);
        let mut opts = later.clone();
        opts.stage_choices = choices.iter().map(|(n, c)| (n.to_string(), *c)).collect();
        opts.date_order = order;
        let second = draft_of(&once, &bytes, opts, 1000).finish();
        assert_eq!(
            (second.deals_added, second.deals_updated),
            (0, first.deals_added),
            "{file}"
        );
        assert!(
            second.clients_added.is_empty()
                && second.sellers_added.is_empty()
                && second.stages_added.is_empty()
                && second.directions_added.is_empty()
                && second.deal_types_added.is_empty(),
            "{file}: nothing new the second time"
        );
        let twice = second.apply(&once);
        assert!(validate(&twice).is_empty(), "{file}");
        assert_eq!(twice.deals.len(), once.deals.len(), "{file}");
        // Same deals, only touched.
        let strip = |ws: &Workspace| {
            let mut ws = ws.clone();
            ws.deals.iter_mut().for_each(|d| d.updated_at = 0);
            ws
        };
        assert_eq!(strip(&twice), strip(&once), "{file}");
        assert!(
            twice.deals.iter().all(|d| d.updated_at == NOW + 1),
            "{file}"
        );
    }
}

#[test]
fn an_update_overwrites_fields_and_appends_a_stage_move() {
    let ws = ws_en();
    let choices = [("Discovery", StageChoice::Create(StageKind::Open))];
    let (_, once) = import(&ws, &fixture("pipedrive.csv"), &choices, None);
    let before = deal(&once, "Website redesign").clone();
    let text = String::from_utf8(fixture("pipedrive.csv")).unwrap().replace(
        "101,Website redesign,15000,RUB,60,Acme Corp,John Doe,Sales,Negotiation,anna  smith,Open,",
        "101,Website redesign v2,17500,RUB,70,Acme Corp,John Doe,Sales,Contract,Bob Stone,Open,",
    );
    let mut opts = ImportOptions::new(day(2026, 3, 20), NOW + 5, 7);
    opts.stage_choices = choices.iter().map(|(n, c)| (n.to_string(), *c)).collect();
    let p = draft_of(&once, text.as_bytes(), opts, 2).finish();
    assert_eq!((p.deals_added, p.deals_updated), (0, 4));
    let twice = p.apply(&once);
    assert!(validate(&twice).is_empty());
    let d = deal(&twice, "Website redesign v2");
    assert_eq!(d.id, before.id);
    assert_eq!((d.amount, d.probability), (Money(1_750_000), Some(70)));
    assert_eq!(name_of_seller(&twice, d), "Bob Stone");
    assert_eq!(
        history(&twice, d),
        [
            ("Negotiation".to_string(), day(2026, 1, 10)),
            ("Contract".to_string(), day(2026, 3, 20))
        ],
        "history kept, the move dated today"
    );
    assert_eq!(d.updated_at, NOW + 5);
    // The won deal did not move, so its close date stays.
    assert_eq!(deal(&twice, "CRM rollout").closed, Some(day(2026, 2, 20)));
}

#[test]
fn new_ids_avoid_existing_ones_and_follow_the_seed() {
    let ws = ws_en();
    let bytes = fixture("opportunities.csv");
    let choices = [
        ("Prospecting", StageChoice::Existing(QUALIFICATION)),
        ("Engaging", StageChoice::Existing(NEEDS)),
    ];
    let (_, a) = import(&ws, &bytes, &choices, None);
    let (_, b) = import(&ws, &bytes, &choices, None);
    assert_eq!(a, b, "same seed, same workspace");
    // The ids the seed gives, taken already: the import must pick others.
    let mut rng = SplitMix64::new(SEED);
    let mut taken = ws.clone();
    for i in 0..8 {
        let id = rng.next_u64() & ((1 << 52) - 1);
        taken.clients.push(Client {
            id: ClientId(id),
            name: format!("Taken {i}"),
            segment: String::new(),
            key: false,
            no_client: false,
        });
        taken.sellers.push(Seller {
            id: SellerId(id),
            name: format!("Taken {i}"),
        });
    }
    let (p, out) = import(&taken, &bytes, &choices, None);
    assert_eq!(p.deals_added, 5);
    assert_eq!(out.clients.len(), taken.clients.len() + 4);
    for id in out
        .clients
        .iter()
        .map(|c| c.id.0)
        .chain(out.sellers.iter().map(|s| s.id.0))
    {
        assert!(id > 0 && id < 1 << 52);
    }
}

// ---------------------------------------------------------------------------------------------
// Scale and robustness
// ---------------------------------------------------------------------------------------------

#[test]
fn a_hundred_thousand_rows_in_chunks_of_two_thousand() {
    const ROWS: usize = 100_000;
    let mut text = String::with_capacity(ROWS * 80);
    text.push_str("Deal - ID;Deal - Title;Deal - Value;Deal - Organization;Deal - Owner;Deal - Stage;Deal - Status;Deal - Deal created\n");
    let stages = ["Qualification", "Proposal", "Negotiation"];
    let statuses = ["Open", "Open", "Won", "Lost"];
    let mut expected_total = 0i64;
    for i in 0..ROWS {
        let status = statuses[i % 4];
        let minor = (i as i64 % 1_000) * 100 + (i as i64 % 100);
        expected_total += minor;
        text.push_str(&format!(
            "{i};Deal {i};{},{:02};Client {};Seller {};{};{status};2025-{:02}-{:02} 10:00\n",
            minor / 100,
            minor % 100,
            i % 997,
            i % 23,
            stages[i % 3],
            i % 12 + 1,
            i % 28 + 1,
        ));
    }
    let ws = ws_en();
    let mut src = CsvSource::open(text.as_bytes()).unwrap();
    assert_eq!(src.delimiter, Delimiter::Semicolon);
    let (layout, mapping) = detect_layout(&src.headers);
    assert_eq!(layout, Layout::Pipedrive);
    let mut draft = ImportDraft::new(&ws, &src.headers, &mapping, options(&[], None)).unwrap();
    let mut chunks = 0;
    let mut last = 0;
    loop {
        let rows = src.next_rows(2_000);
        if rows.is_empty() {
            break;
        }
        assert!(rows.len() <= 2_000);
        chunks += 1;
        feed_draft(&mut draft, &rows);
        let (read, total) = src.progress();
        assert!(read > last && read <= total);
        last = read;
    }
    assert_eq!(chunks, ROWS / 2_000);
    assert_eq!(draft.rows_seen(), ROWS);
    let p = draft.finish();
    assert_eq!((p.deals_added, p.deals_updated), (ROWS, 0));
    assert!(p.row_errors.is_empty() && p.is_complete());
    assert_eq!(p.clients_added.len(), 997);
    assert_eq!(p.sellers_added.len(), 23);
    let out = p.apply(&ws);
    assert_eq!(out.deals.len(), ROWS);
    assert!(validate(&out).is_empty());
    let total: i64 = out.deals.iter().map(|d| d.amount.0).sum();
    assert_eq!(total, expected_total);
    let won = out.deals.iter().filter(|d| d.stage == WON).count();
    assert_eq!(won, ROWS / 4);
}

/// Plausible and implausible cells per field, in `Field::ALL` order.
const SAMPLES: [&[&str]; Field::COUNT] = [
    &["1", "2", "3", "x-9", ""],
    &["Deal", "Сделка", "", "  "],
    &[
        "Acme Corp",
        "acme  corp",
        "ООО Юг",
        "Beta",
        "Gamma",
        "",
        "\u{a0}",
    ],
    &["Anna Smith", "Bob", "Иван", "Olga", "Pat", ""],
    &["Cloud", "облако", ""],
    &[
        "Qualification",
        "Won",
        "Lost",
        "Closed Lost",
        "Сделка успешна",
        "Новая",
        "",
    ],
    &["100", "1 000,50", "$5", "250000", "", "-5", "x"],
    &["RUB", "USD", "руб.", "??", ""],
    &["0.5", "50", "", "", "150", "-1"],
    &[
        "2026-01-05",
        "2026-02-10",
        "03/04/2026",
        "13/04/2026",
        "46082",
        "",
        "31.02.2026",
    ],
    &["2026-06-30", "01.01.2020", "5/6/2026", ""],
    &[
        "2026-02-01",
        "2020-01-01",
        "не закрыта",
        "12/12/2030",
        "04/13/2026",
        "",
    ],
    &["open", "won", "lost", "да", "нет", "true", "deleted", ""],
    &["Price", ""],
    &["New business", "Upsell", "Тип", ""],
    &["Call", ""],
    &["Jane Roe (jane@x.test); Max Payne", "Пётр Сидоров", ""],
    &["CFO", "Директор", ""],
];

#[test]
fn garbage_never_panics_and_never_breaks_the_workspace() {
    let pool: Vec<char> = "0123456789,;\t\"\n\r .-/:%$₽€abcXYZАБВуспешнопроигр\u{a0}"
        .chars()
        .collect();
    let mut rng = SplitMix64::new(7);
    let headers: Vec<String> = Field::ALL.iter().map(|f| f.code().to_string()).collect();
    let mapping = Mapping {
        columns: Field::ALL.iter().map(|f| Some(*f)).collect(),
    };
    let mut imported = 0;
    for round in 0..40 {
        // Random bytes through the reader.
        let len = rng.below(400) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
        if let Ok(mut src) = CsvSource::open(&bytes) {
            while !src.next_rows(7).is_empty() {}
        }
        // Rows of plausible cells with garbage mixed in, every field mapped.
        let mut text = headers.join(",");
        text.push('\n');
        for _ in 0..60 {
            let wrong_count = rng.chance(5);
            let n = if wrong_count {
                rng.range(0, Field::COUNT as i64 + 2) as usize
            } else {
                Field::COUNT
            };
            let cells: Vec<String> = (0..n)
                .map(|i| {
                    let s: String = if i < Field::COUNT && rng.chance(97) {
                        rng.pick(SAMPLES[i]).to_string()
                    } else {
                        let n = rng.below(12) as usize;
                        (0..n).map(|_| *rng.pick(&pool)).collect()
                    };
                    format!("\"{}\"", s.replace('"', "\"\""))
                })
                .collect();
            text.push_str(&cells.join(","));
            text.push('\n');
        }
        let ws = if round % 2 == 0 { ws_en() } else { ws_ru() };
        let read = |ws: &Workspace, order| {
            let mut src = CsvSource::open(text.as_bytes()).unwrap();
            let mut draft =
                ImportDraft::new(ws, &src.headers, &mapping, options(&[], order)).unwrap();
            loop {
                let rows = src.next_rows(5);
                if rows.is_empty() {
                    break;
                }
                feed_draft(&mut draft, &rows);
            }
            draft
        };
        let mut draft = read(&ws, None);
        let answers = vec![
            ("Новая".to_string(), StageChoice::Create(StageKind::Open)),
            ("Qualification".to_string(), StageChoice::Existing(NEEDS)),
        ];
        for (order, choices) in [(None, vec![]), (Some(DateOrder::DayFirst), answers)] {
            draft.set_date_order(order);
            draft.set_stage_choices(choices.clone());
            let p = draft.plan();
            imported += p.valid_rows();
            let once = p.apply(&ws);
            assert!(validate(&once).is_empty(), "round {round}");
            // Again on top of itself: updates stay sound too.
            let mut again = read(&once, order);
            again.set_stage_choices(choices);
            let twice = again.plan().apply(&once);
            assert!(validate(&twice).is_empty(), "round {round}, again");
        }
    }
    assert!(imported > 100, "the samples import: {imported}");
}
