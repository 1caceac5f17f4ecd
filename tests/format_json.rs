//! Host tests of the Voronka JSON file (version 1): round trips, error positions, refusals and
//! schema problems with paths.

mod support;
use support::day;

use chrono::NaiveDate;
use serde_json::{Value, json};
use voronka::domain::demo::{self, DemoSpec, Names};
use voronka::domain::money::MAX_AMOUNT;
use voronka::domain::*;
use voronka::format::json::{self, Allowed, BadValue, CURRENT_VERSION, MAX_FILE_BYTES, ReadError};

fn today() -> NaiveDate {
    day(2025, 6, 15)
}

/// Asserts export → import gives back exactly `ws`, through both writers, and that exporting the
/// imported workspace again gives the same bytes.
fn assert_round_trip(ws: &Workspace) {
    let compact = json::write(ws);
    let pretty = json::write_pretty(ws);
    let back = json::read(&compact).unwrap_or_else(|e| panic!("compact file refused: {e:?}"));
    assert_eq!(&back, ws, "compact round trip");
    let back_pretty = json::read(&pretty).unwrap_or_else(|e| panic!("pretty file refused: {e:?}"));
    assert_eq!(&back_pretty, ws, "pretty round trip");
    assert_eq!(json::write(&back), compact, "re-export is byte-identical");
}

// ---------------------------------------------------------------------------------------------
// A small sound workspace with a deal of every shape
// ---------------------------------------------------------------------------------------------

fn entry(stage: u64, entered: NaiveDate) -> StageEntry {
    StageEntry {
        stage: StageId(stage),
        entered,
    }
}

/// Two sellers (one Cyrillic name), two clients, a contact, the default English stages (1–5 open,
/// 6 won, 7 lost), an open deal with overrides and a won deal, two plans.
fn fixture() -> Workspace {
    let names = Names::new(Lang::En);
    let mut ws = Workspace::empty("RUB", &names);
    ws.sellers = vec![
        Seller {
            id: SellerId(1),
            name: "Анна Смирнова".into(),
        },
        Seller {
            id: SellerId(2),
            name: "David Harris".into(),
        },
    ];
    ws.clients = vec![
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
    ];
    ws.contacts = vec![Contact {
        id: ContactId(1),
        client: ClientId(1),
        name: "Irina".into(),
        position: "CFO".into(),
        role: Some(RoleId(2)),
        level: 4,
    }];
    ws.directions = vec![Direction {
        id: DirectionId(1),
        name: "Cloud".into(),
    }];
    ws.deals = vec![
        Deal {
            id: DealId(1),
            title: "Cloud migration".into(),
            client: ClientId(1),
            seller: SellerId(1),
            direction: Some(DirectionId(1)),
            deal_type: Some(DealTypeId(1)),
            amount: Money(10_000_000),
            probability: Some(55),
            stage: StageId(3),
            created: day(2025, 3, 3),
            expected_close: Some(day(2025, 6, 30)),
            closed: None,
            history: vec![entry(1, day(2025, 3, 3)), entry(3, day(2025, 4, 10))],
            next_step: Some(NextStep {
                text: "Send the proposal".into(),
                due: None,
                done: true,
            }),
            lost_reason: None,
            contacts: vec![ContactId(1)],
            forecast_category: Some(ForecastCategory::Commit),
            updated_at: 1_744_286_400_000,
        },
        Deal {
            id: DealId(2),
            title: "Support".into(),
            client: ClientId(2),
            seller: SellerId(2),
            direction: None,
            deal_type: None,
            amount: Money(4_800_000),
            probability: None,
            stage: StageId(6),
            created: day(2025, 1, 15),
            expected_close: None,
            closed: Some(day(2025, 3, 28)),
            history: vec![entry(1, day(2025, 1, 15)), entry(6, day(2025, 3, 28))],
            next_step: None,
            lost_reason: None,
            contacts: vec![],
            forecast_category: None,
            updated_at: 0,
        },
    ];
    ws.plans = vec![
        Plan {
            seller: SellerId(1),
            month: YearMonth::new(2025, 4),
            amount: Money(300_000_000),
        },
        Plan {
            seller: SellerId(2),
            month: YearMonth::new(2025, 12),
            amount: Money(0),
        },
    ];
    ws
}

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

#[test]
fn the_demo_round_trips_in_both_languages() {
    for lang in [Lang::Ru, Lang::En] {
        let ws = demo::generate(DemoSpec::standard(lang, today()));
        assert!(!ws.deals.is_empty());
        assert_round_trip(&ws);
    }
}

#[test]
fn edge_cases_round_trip() {
    // The empty workspace of "start empty" (default stages, roles and deal types only).
    for lang in [Lang::Ru, Lang::En] {
        assert_round_trip(&Workspace::empty("RUB", &Names::new(lang)));
    }
    // The hand-built fixture: overrides, a done next step without a due date, a Cyrillic name.
    assert_round_trip(&fixture());

    // Zero and maximal amounts.
    let mut ws = fixture();
    ws.deals[0].amount = Money::ZERO;
    ws.deals[1].amount = MAX_AMOUNT;
    ws.plans[0].amount = MAX_AMOUNT;
    ws.plans[1].amount = Money::ZERO;
    assert_round_trip(&ws);

    // Text that must survive unchanged: unicode, emoji, HTML-looking, quotes, control chars.
    let mut ws = fixture();
    ws.sellers[1].name = "Ёлкин-Палкин 🦔 « ёжик »".into();
    ws.clients[0].name = "<img src=x onerror=alert(1)>".into();
    ws.clients[0].segment = "</script><script>alert('x')</script>".into();
    ws.contacts[0].position = "\"CFO\" \\ back\\slash\ttab\nnew line \u{0} nul".into();
    ws.deals[0].title = "مرحبا שלום 你好 \u{202e}rtl\u{202c} 👩‍👩‍👧".into();
    ws.deals[1].lost_reason = Some("Ünïcödé\u{a0}no-break\u{202f}narrow".into());
    ws.directions[0].name = "&amp; &lt; {{ template }} ${x}".into();
    assert_round_trip(&ws);

    // Every optional field absent, every list empty where allowed.
    let mut ws = fixture();
    for d in &mut ws.deals {
        d.direction = None;
        d.deal_type = None;
        d.probability = None;
        d.expected_close = None;
        d.next_step = None;
        d.lost_reason = None;
        d.contacts.clear();
        d.forecast_category = None;
    }
    ws.contacts[0].role = None;
    for s in &mut ws.stages {
        s.rotting_days = None;
    }
    assert_round_trip(&ws);

    // Overrides at their bounds, and big ids (random 52-bit ones and the u64 maximum).
    let mut ws = fixture();
    ws.deals[0].probability = Some(0);
    ws.deals[0].forecast_category = Some(ForecastCategory::Omitted);
    ws.deals[1].probability = Some(100);
    ws.deals[1].forecast_category = Some(ForecastCategory::BestCase);
    ws.deals[1].lost_reason = Some("kept even when won".into());
    ws.deals[0].id = DealId((1 << 52) - 1);
    ws.deals[1].id = DealId(u64::MAX);
    ws.sellers[1].id = SellerId(u64::MAX);
    ws.deals[1].seller = SellerId(u64::MAX);
    ws.plans[1].seller = SellerId(u64::MAX);
    ws.deals[0].updated_at = i64::MAX;
    ws.deals[1].updated_at = -1;
    assert_round_trip(&ws);
}

#[test]
fn defaults_fill_fields_left_out() {
    let text = r#"{"format": "voronka", "version": 1, "workspace": {
        "currency": "USD",
        "sellers": [{"id": 5, "name": "Sam"}],
        "clients": [{"id": 7, "name": "Acme"}],
        "contacts": [{"id": 9, "client": 7, "name": "Jo"}],
        "stages": [{"id": 1, "name": "Open", "kind": "open", "probability": 10,
                    "forecast_category": "pipeline"}],
        "deals": [{"id": 3, "title": "Deal", "client": 7, "seller": 5, "amount_minor": 0,
                   "stage": 1, "created": "2025-01-01",
                   "history": [{"stage": 1, "entered": "2025-01-01"}],
                   "next_step": {"text": "Call"}}],
        "roles": [{"id": 1, "name": "CEO"}]
    }}"#;
    let ws = json::read(text).expect("a file with defaults is read");
    assert_eq!(ws.currency, "USD");
    assert_eq!(ws.clients[0].segment, "");
    assert!(!ws.clients[0].key);
    assert_eq!(ws.contacts[0].position, "");
    assert_eq!(ws.contacts[0].role, None);
    assert_eq!(ws.contacts[0].level, 0);
    assert!(!ws.roles[0].target);
    assert_eq!(ws.stages[0].rotting_days, None);
    let d = &ws.deals[0];
    assert_eq!(
        (d.direction, d.deal_type, d.probability),
        (None, None, None)
    );
    assert_eq!((d.expected_close, d.closed), (None, None));
    assert_eq!(
        d.next_step,
        Some(NextStep {
            text: "Call".into(),
            due: None,
            done: false
        })
    );
    assert_eq!(d.lost_reason, None);
    assert!(d.contacts.is_empty());
    assert_eq!(d.forecast_category, None);
    assert_eq!(d.updated_at, 0);
    assert!(ws.directions.is_empty() && ws.plans.is_empty() && ws.deal_types.is_empty());
}

#[test]
fn the_documented_example_is_a_valid_file() {
    let doc = include_str!("../docs/file-format.md");
    let example = doc
        .split("## Example")
        .nth(1)
        .and_then(|s| s.split("```json\n").nth(1))
        .and_then(|s| s.split("\n```").next())
        .expect("docs/file-format.md has an example block");
    let ws =
        json::read(example).unwrap_or_else(|e| panic!("the documented example is refused: {e:?}"));
    assert_eq!(ws.sellers.len(), 2);
    assert_eq!(ws.clients.len(), 1);
    assert_eq!(ws.contacts.len(), 1);
    assert_eq!(ws.stages.len(), 7);
    assert_eq!(ws.deals.len(), 2);
    assert_eq!(ws.plans.len(), 1);
    // 1 250 000,00 ₽ at a 50 % override is 625 000,00 ₽ weighted, as the text says.
    let open = &ws.deals[0];
    assert_eq!(open.amount, Money(125_000_000));
    assert_eq!(ws.probability(open), 50);
    assert_eq!(
        open.amount.weighted(ws.probability(open)).round(),
        Money(62_500_000)
    );
    // Its timestamps are noon UTC of the last change, as the demo writes them.
    assert_eq!(open.updated_at, demo::date_to_millis(day(2025, 4, 10)));
    assert_eq!(
        ws.deals[1].updated_at,
        demo::date_to_millis(day(2025, 3, 28))
    );
    assert_round_trip(&ws);

    // The smallest valid file quoted at the end of the document.
    let smallest = r#"{"format": "voronka", "version": 1, "workspace": {"currency": "RUB", "stages":
[{"id": 1, "name": "Open", "kind": "open", "probability": 10, "forecast_category": "pipeline"}]}}"#;
    assert!(doc.contains(&smallest.replace('\n', " ")) || doc.contains(smallest));
    assert!(json::read(smallest).is_ok());
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let ws = fixture();
    assert_eq!(
        json::read(&format!("\u{feff}{}", json::write_pretty(&ws))),
        Ok(ws)
    );
}

// ---------------------------------------------------------------------------------------------
// Malformed JSON: line and column
// ---------------------------------------------------------------------------------------------

/// 1-based line and column (in characters) of a byte offset, computed independently.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.chars().filter(|&c| c == '\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Asserts `text` is refused as malformed exactly at the character starting at byte `offset`.
fn assert_malformed_at(text: &str, offset: usize) -> String {
    match json::read(text) {
        Err(ReadError::Malformed {
            line,
            column,
            message,
        }) => {
            let expected = line_col(text, offset);
            let shown = text[offset..].chars().take(12).collect::<String>();
            assert_eq!(
                (line, column),
                expected,
                "error should point at {shown:?}: {message}"
            );
            assert!(
                !message.contains(" at line "),
                "position is not repeated: {message}"
            );
            message
        }
        other => panic!("expected Malformed, got {other:?}"),
    }
}

/// Reads `text`, expecting a value its field cannot hold located at byte `offset` (its last
/// character, or the end of the object missing a field); returns it.
fn assert_bad_value_at(text: &str, offset: usize) -> BadValue {
    match json::read(text) {
        Err(ReadError::BadValue(b)) => {
            let shown = text[offset..].chars().take(12).collect::<String>();
            assert_eq!(
                (b.line, b.column),
                line_col(text, offset),
                "error should point at {shown:?}: {b:?}"
            );
            *b
        }
        other => panic!("expected BadValue, got {other:?}"),
    }
}

/// Replaces the only occurrence of `from` and returns the new text and the byte offset at which
/// `to` starts.
fn replace_once(text: &str, from: &str, to: &str) -> (String, usize) {
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    let at = text.find(from).expect("present");
    (text.replacen(from, to, 1), at)
}

#[test]
fn a_syntax_error_in_the_envelope_is_located() {
    // Line 3 is `  "version": 1,,`: the second comma (column 16) is the offending character.
    let text = "{\n  \"format\": \"voronka\",\n  \"version\": 1,,\n  \"workspace\": {}\n}";
    assert_malformed_at(text, text.find(",,").expect("present") + 1);
    assert_eq!(
        line_col(text, text.find(",,").expect("present") + 1),
        (3, 16)
    );
    // Plain garbage.
    assert_malformed_at("hello", 0);
    assert_malformed_at("{\"format\": 'voronka'}", 11);
}

#[test]
fn a_syntax_error_deep_inside_the_workspace_points_at_the_character() {
    let pretty = json::write_pretty(&fixture());
    // A stray character after a Cyrillic name, many lines down: the column counts characters,
    // not the bytes of the Cyrillic letters before it.
    let (text, at) = replace_once(&pretty, "\"Анна Смирнова\"", "\"Анна Смирнова\" x");
    let x = at + "\"Анна Смирнова\" ".len();
    assert!(line_col(&text, x).0 > 5);
    assert_malformed_at(&text, x);
    // A trailing comma before a closing bracket.
    let (list, _) = pretty
        .match_indices("\"contacts\": [\n")
        .find(|(i, m)| pretty[i + m.len()..].trim_start().starts_with('1'))
        .expect("the deal's contact list [1]");
    let one = list + pretty[list..].find('1').expect("contact 1");
    let text = format!("{},{}", &pretty[..=one], &pretty[one + 1..]);
    let bracket = one + 1 + text[one + 1..].find(']').expect("present");
    assert_malformed_at(&text, bracket);
    // The same mistake in a compact file: everything is on line 1.
    let compact = json::write(&fixture());
    let (text, at) = replace_once(&compact, "\"Анна Смирнова\"", "\"Анна Смирнова\"x");
    assert_malformed_at(&text, at + "\"Анна Смирнова\"".len());
    // With a byte-order mark the position is the same as the user's editor shows.
    let (text, at) = replace_once(&pretty, "\"Анна Смирнова\"", "\"Анна Смирнова\" x");
    let with_bom = format!("\u{feff}{text}");
    match json::read(&with_bom) {
        Err(ReadError::Malformed { line, column, .. }) => {
            assert_eq!(
                (line, column),
                line_col(&text, at + "\"Анна Смирнова\" ".len())
            );
        }
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn a_wrong_value_inside_the_workspace_points_at_that_value() {
    // These errors are found when the workspace object is read on its own; the position must be
    // moved back into the whole file. serde reports the last character of the wrong value. They
    // are well-formed JSON, so not "malformed": a bad value with its path and the value itself.
    let pretty = json::write_pretty(&fixture());
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "\"amount_minor\": 10000000",
            "\"amount_minor\": \"10000000\"",
            "\"10000000\"",
            "amount_minor",
        ),
        (
            "\"created\": \"2025-03-03\"",
            "\"created\": \"2025-02-30\"",
            "\"2025-02-30\"",
            "created",
        ),
        (
            "\"probability\": 55",
            "\"probability\": 300",
            "300",
            "probability",
        ),
        ("\"level\": 4", "\"level\": -4", "-4", "level"),
        ("\"key\": true", "\"key\": \"yes\"", "\"yes\"", "key"),
        (
            "\"kind\": \"won\"",
            "\"kind\": \"maybe\"",
            "\"maybe\"",
            "kind",
        ),
        ("\"name\": \"Анна Смирнова\"", "\"name\": 17", "17", "name"),
    ];
    for &(from, to, value, field) in cases {
        // Pretty: the error is on a line > 1 of the workspace value.
        let (text, at) = replace_once(&pretty, from, to);
        let value_at = at + to.rfind(value).expect("value in replacement");
        let last_char = value_at + value.len() - 1;
        assert!(line_col(&text, last_char).0 > 3);
        let b = assert_bad_value_at(&text, last_char);
        assert_eq!(b.field.as_deref(), Some(field), "{b:?}");
        assert_eq!(b.value.as_deref(), Some(value.trim_matches('"')), "{b:?}");
        // Compact: the workspace value starts in the middle of line 1, after Cyrillic text.
        let compact = json::write(&fixture());
        let from_c = from.replace(": ", ":");
        let to_c = to.replace(": ", ":");
        let (text, at) = replace_once(&compact, &from_c, &to_c);
        let value_at = at + to_c.rfind(value).expect("value in replacement");
        assert_bad_value_at(&text, value_at + value.len() - 1);
    }
}

#[test]
fn a_missing_required_field_is_named_near_its_object() {
    let pretty = json::write_pretty(&fixture());
    let (text, _) = replace_once(&pretty, "\"title\": \"Support\",", "");
    match json::read(&text) {
        Err(ReadError::BadValue(b)) => {
            assert_eq!(
                (b.path.as_str(), b.field.as_deref(), b.value.as_deref()),
                ("deals[1]", Some("title"), None),
                "{b:?}"
            );
            assert_eq!(b.allowed, Allowed::Required);
            // The deal's object ends after its `updated_at`: the error is at its closing brace.
            let deal_end = text.find("\"updated_at\": 0").expect("present");
            assert_eq!(b.line, line_col(&text, deal_end).0 + 1);
        }
        other => panic!("expected BadValue, got {other:?}"),
    }
    let no_currency = r#"{"format":"voronka","version":1,"workspace":{}}"#;
    match json::read(no_currency) {
        Err(ReadError::BadValue(b)) => {
            assert_eq!(
                (b.field.as_deref(), &b.allowed),
                (Some("currency"), &Allowed::Required)
            )
        }
        other => panic!("expected BadValue, got {other:?}"),
    }
}

#[test]
fn a_truncated_file_is_malformed_at_its_end() {
    let pretty = json::write_pretty(&fixture());
    let cut = &pretty[..pretty.len() / 2];
    let cut = &cut[..cut.trim_end().len()];
    match json::read(cut) {
        Err(ReadError::Malformed { line, message, .. }) => {
            assert_eq!(line, cut.lines().count(), "{message}");
            assert!(message.contains("EOF"), "{message}");
        }
        other => panic!("expected Malformed, got {other:?}"),
    }
    assert!(matches!(
        json::read(""),
        Err(ReadError::Malformed { line: 1, .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// Not a Voronka file, newer versions, size
// ---------------------------------------------------------------------------------------------

#[test]
fn files_that_are_not_voronka_files_are_refused_as_such() {
    let ws = r#"{"currency":"RUB"}"#;
    let cases = [
        "{}".to_string(),
        "[]".to_string(),
        "[1, 2, 3]".to_string(),
        "\"hello\"".to_string(),
        "42".to_string(),
        "null".to_string(),
        // Missing or wrong format name.
        format!(r#"{{"version": 1, "workspace": {ws}}}"#),
        format!(r#"{{"format": "voronka-crm", "version": 1, "workspace": {ws}}}"#),
        format!(r#"{{"format": "Voronka", "version": 1, "workspace": {ws}}}"#),
        format!(r#"{{"format": 5, "version": 1, "workspace": {ws}}}"#),
        format!(r#"{{"format": null, "version": 1, "workspace": {ws}}}"#),
        // Missing or unusable version.
        format!(r#"{{"format": "voronka", "workspace": {ws}}}"#),
        format!(r#"{{"format": "voronka", "version": "1", "workspace": {ws}}}"#),
        format!(r#"{{"format": "voronka", "version": 0, "workspace": {ws}}}"#),
        format!(r#"{{"format": "voronka", "version": -1, "workspace": {ws}}}"#),
        format!(r#"{{"format": "voronka", "version": 1.5, "workspace": {ws}}}"#),
        // No workspace.
        r#"{"format": "voronka", "version": 1}"#.to_string(),
        // Some other program's JSON, e.g. a package.json.
        r#"{"name": "voronka", "version": "0.1.0", "private": true}"#.to_string(),
        // An array in the envelope's shape.
        format!(r#"["voronka", 1, {ws}]"#),
    ];
    for text in cases {
        assert_eq!(json::read(&text), Err(ReadError::NotVoronka), "{text}");
    }
}

#[test]
fn newer_versions_are_refused_with_a_message() {
    let text = r#"{"format": "voronka", "version": 2, "workspace": {"currency": "RUB"}}"#;
    let err = json::read(text).expect_err("version 2 is refused");
    assert_eq!(
        err,
        ReadError::NewerVersion {
            found: 2,
            supported: CURRENT_VERSION
        }
    );
    let message = err.to_string();
    assert!(
        message.contains('2') && message.contains("newer"),
        "{message}"
    );
    // Even when the rest of the workspace is something this version cannot read.
    let text = r#"{"format": "voronka", "version": 7, "workspace": {"sellers": "a new shape"}}"#;
    assert_eq!(
        json::read(text),
        Err(ReadError::NewerVersion {
            found: 7,
            supported: 1
        })
    );
    // A version too big for u32 is still "newer", not malformed.
    let text = r#"{"format": "voronka", "version": 4294967296, "workspace": {}}"#;
    assert_eq!(
        json::read(text),
        Err(ReadError::NewerVersion {
            found: u32::MAX,
            supported: 1
        })
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    // `vec![0; n]` is a zeroed allocation the OS maps lazily: no page is written, so this does not
    // commit 128 MB of memory. NUL bytes are valid UTF-8.
    let bytes = vec![0u8; MAX_FILE_BYTES + 1];
    let text = std::str::from_utf8(&bytes).expect("NUL bytes are UTF-8");
    assert_eq!(
        json::read(text),
        Err(ReadError::TooLarge {
            size: MAX_FILE_BYTES + 1,
            limit: MAX_FILE_BYTES
        })
    );
    // Exactly at the limit the size is fine (and this content is then malformed).
    let text = &text[..MAX_FILE_BYTES];
    assert!(matches!(
        json::read(text),
        Err(ReadError::Malformed {
            line: 1,
            column: 1,
            ..
        })
    ));
}

// ---------------------------------------------------------------------------------------------
// Schema problems, all listed with their paths
// ---------------------------------------------------------------------------------------------

/// The fixture's file with `mutate` applied to its `workspace` object.
fn file_with(mutate: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&json::write_pretty(&fixture())).expect("own output");
    mutate(&mut v["workspace"]);
    serde_json::to_string_pretty(&v).expect("a Value serializes")
}

/// The problems reported for a file, as sorted `(path, code)` pairs.
fn problems(text: &str) -> Vec<(String, &'static str)> {
    match json::read(text) {
        Err(ReadError::Invalid(problems)) => {
            let mut v: Vec<_> = problems
                .iter()
                .map(|p| (p.path.clone(), p.kind.code()))
                .collect();
            v.sort();
            v
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn pairs(list: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    let mut v: Vec<_> = list.iter().map(|(p, c)| (p.to_string(), *c)).collect();
    v.sort();
    v
}

#[test]
fn schema_problems_are_reported_with_paths() {
    type Mutation = fn(&mut Value);
    let cases: Vec<(Mutation, Vec<(&str, &'static str)>)> = vec![
        // Unknown stage: the deal's stage is missing, so its history no longer ends in it.
        (
            |w| w["deals"][0]["stage"] = json!(99),
            vec![
                ("deals[0].stage", "missing_reference"),
                ("deals[0].history", "history_not_current"),
            ],
        ),
        (
            |w| w["deals"][0]["history"][0]["stage"] = json!(42),
            vec![("deals[0].history[0].stage", "missing_reference")],
        ),
        // A deal pointing at a missing client, seller, contact.
        (
            |w| w["deals"][1]["client"] = json!(3),
            vec![("deals[1].client", "missing_reference")],
        ),
        (
            |w| w["deals"][1]["seller"] = json!(3),
            vec![("deals[1].seller", "missing_reference")],
        ),
        (
            |w| w["deals"][0]["contacts"] = json!([1, 5]),
            vec![("deals[0].contacts[1]", "missing_reference")],
        ),
        // Negative and too large amounts: paths name the file's `amount_minor`.
        (
            |w| w["deals"][0]["amount_minor"] = json!(-5),
            vec![("deals[0].amount_minor", "negative_amount")],
        ),
        (
            |w| w["plans"][1]["amount_minor"] = json!(-1),
            vec![("plans[1].amount_minor", "negative_amount")],
        ),
        (
            |w| w["deals"][1]["amount_minor"] = json!(MAX_AMOUNT.0 + 1),
            vec![("deals[1].amount_minor", "amount_too_large")],
        ),
        // Close date before creation (created 2025-01-15).
        (
            |w| w["deals"][1]["closed"] = json!("2025-01-14"),
            vec![("deals[1].closed", "close_before_creation")],
        ),
        // Duplicate ids.
        (
            |w| {
                let copy = w["sellers"][0].clone();
                w["sellers"].as_array_mut().expect("list").push(copy);
            },
            vec![("sellers[2].id", "duplicate_id")],
        ),
        (
            |w| w["deals"][1]["id"] = json!(1),
            vec![("deals[1].id", "duplicate_id")],
        ),
        // Bad month strings in plans: out of range keeps its number, garbage is month 0.
        (
            |w| w["plans"][0]["month"] = json!("2025-13"),
            vec![("plans[0].month", "month_out_of_range")],
        ),
        (
            |w| w["plans"][0]["month"] = json!("2025-00"),
            vec![("plans[0].month", "month_out_of_range")],
        ),
        (
            |w| w["plans"][1]["month"] = json!("Jan 2025"),
            vec![("plans[1].month", "month_out_of_range")],
        ),
        (
            |w| w["plans"][1]["month"] = json!("2025-1"),
            vec![("plans[1].month", "month_out_of_range")],
        ),
        (
            |w| w["plans"][1]["month"] = json!("2025/01"),
            vec![("plans[1].month", "month_out_of_range")],
        ),
        (
            |w| w["plans"][1]["month"] = json!("+202-01"),
            vec![("plans[1].month", "month_out_of_range")],
        ),
        (
            |w| w["plans"][1]["month"] = json!("2025-01-01"),
            vec![("plans[1].month", "month_out_of_range")],
        ),
        (
            |w| w["plans"][1]["month"] = json!(""),
            vec![("plans[1].month", "month_out_of_range")],
        ),
        // Two bad months for one seller are two month problems, not also a duplicate plan.
        (
            |w| {
                w["plans"][0]["month"] = json!("x");
                w["plans"][1]["month"] = json!("y");
                w["plans"][1]["seller"] = json!(1);
            },
            vec![
                ("plans[0].month", "month_out_of_range"),
                ("plans[1].month", "month_out_of_range"),
            ],
        ),
        // The rest of the rules, through the file.
        (
            |w| w["currency"] = json!("rub"),
            vec![("currency", "bad_currency")],
        ),
        (
            |w| w["clients"][0]["name"] = json!("   "),
            vec![("clients[0].name", "empty_name")],
        ),
        (
            |w| w["contacts"][0]["level"] = json!(6),
            vec![("contacts[0].level", "level_out_of_range")],
        ),
        (
            |w| w["deals"][0]["probability"] = json!(101),
            vec![("deals[0].probability", "probability_out_of_range")],
        ),
        (
            |w| w["deals"][0]["closed"] = json!("2025-05-01"),
            vec![("deals[0].closed", "open_with_close_date")],
        ),
        (
            |w| w["deals"][1]["closed"] = Value::Null,
            vec![("deals[1].closed", "closed_without_date")],
        ),
        (
            |w| w["deals"][1]["history"] = json!([]),
            vec![("deals[1].history", "history_empty")],
        ),
    ];
    for (mutation, expected) in cases {
        let text = file_with(mutation);
        assert_eq!(problems(&text), pairs(&expected), "{expected:?}");
    }
}

#[test]
fn a_month_problem_does_not_hide_the_others_or_shift_indices() {
    let text = file_with(|w| {
        w["plans"][0]["month"] = json!("April");
        w["plans"][1]["seller"] = json!(99);
        w["deals"][0]["client"] = json!(99);
        w["deals"][1]["amount_minor"] = json!(-100);
        w["clients"][1]["id"] = json!(1);
    });
    assert_eq!(
        problems(&text),
        pairs(&[
            ("plans[0].month", "month_out_of_range"),
            ("plans[1].seller", "missing_reference"),
            ("deals[0].client", "missing_reference"),
            ("deals[1].amount_minor", "negative_amount"),
            ("clients[1].id", "duplicate_id"),
            // Deal 1 pointed at client 2, which no longer exists.
            ("deals[1].client", "missing_reference"),
        ])
    );
}

#[test]
fn problems_keep_their_values() {
    use voronka::domain::validate::ProblemKind;
    let text = file_with(|w| {
        w["plans"][0]["month"] = json!("2025-13");
        w["plans"][1]["month"] = json!("later");
        w["deals"][0]["stage"] = json!(99);
    });
    let Err(ReadError::Invalid(list)) = json::read(&text) else {
        panic!("expected Invalid")
    };
    let kind = |path: &str| list.iter().find(|p| p.path == path).map(|p| p.kind.clone());
    assert_eq!(
        kind("plans[0].month"),
        Some(ProblemKind::MonthOutOfRange(13))
    );
    assert_eq!(
        kind("plans[1].month"),
        Some(ProblemKind::MonthOutOfRange(0))
    );
    assert_eq!(
        kind("deals[0].stage"),
        Some(ProblemKind::MissingReference {
            what: "stages",
            id: 99
        })
    );
    assert!(ReadError::Invalid(list).to_string().contains('4'));
}

/// The workspace is read in the envelope's pass when `format` and `version` come first (as
/// Voronka writes them), and after them otherwise: both orders give the same answer, for a good
/// file, a newer version and a type error deep inside.
#[test]
fn member_order_does_not_change_what_is_read() {
    let ws = fixture();
    let written: Value = serde_json::from_str(&json::write(&ws)).unwrap();
    let inner = serde_json::to_string(&written["workspace"]).unwrap();
    let orders = |version: u32, inner: &str| {
        [
            format!(r#"{{"format":"voronka","version":{version},"workspace":{inner}}}"#),
            format!(
                r#"{{"x":[1,{{}}],"version":{version},"format":"voronka","workspace":{inner}}}"#
            ),
            format!(r#"{{"workspace":{inner},"format":"voronka","version":{version}}}"#),
            format!(r#"{{"format":"voronka","workspace":{inner},"version":{version}}}"#),
        ]
    };
    for text in orders(CURRENT_VERSION, &inner) {
        assert_eq!(json::read(&text).as_ref(), Ok(&ws), "{}", &text[..40]);
    }
    for text in orders(CURRENT_VERSION + 1, &inner) {
        assert!(
            matches!(json::read(&text), Err(ReadError::NewerVersion { .. })),
            "{}",
            &text[..40]
        );
    }
    // A string where an amount should be: a bad value named by its path, in every order.
    let bad = inner.replacen("\"amount_minor\":", "\"amount_minor\":\"x\",\"was\":", 1);
    for text in orders(CURRENT_VERSION, &bad) {
        match json::read(&text) {
            Err(ReadError::BadValue(b)) => {
                assert_eq!(
                    (b.path.as_str(), b.value.as_deref()),
                    ("deals[0].amount_minor", Some("x")),
                    "{b:?}"
                )
            }
            other => panic!("expected a bad value, got {other:?}"),
        }
    }
    // Duplicate members are not a Voronka file, in either pass.
    let twice =
        format!(r#"{{"format":"voronka","version":1,"workspace":{inner},"workspace":{inner}}}"#);
    assert_eq!(json::read(&twice), Err(ReadError::NotVoronka));
}
