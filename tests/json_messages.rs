//! Messages for Voronka files that cannot be imported, in the user's terms (issue 15): a value
//! its field cannot hold names the item, the field, the value and what is allowed; "not valid
//! JSON" is kept for files that are not JSON; free text has a length limit. Each case reads a
//! file through `format::json::read` and renders the message in both languages.

use chrono::NaiveDate;
use voronka::domain::validate::ProblemKind;
use voronka::domain::*;
use voronka::format::json::{self, Allowed, BadValue, ReadError};
use voronka::ui::messages::{problem_text, read_error_text};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// One seller, one client, one open deal "Website redesign" created 2026-01-10.
fn file() -> String {
    let mut ws = Workspace::empty("RUB", &voronka::domain::demo::Names::new(Lang::En));
    ws.sellers.push(Seller {
        id: SellerId(1),
        name: "Anna".into(),
    });
    ws.clients.push(Client {
        id: ClientId(1),
        name: "Acme".into(),
        segment: String::new(),
        key: false,
        no_client: false,
    });
    ws.deals.push(Deal {
        id: DealId(1),
        title: "Website redesign".into(),
        client: ClientId(1),
        seller: SellerId(1),
        direction: None,
        deal_type: None,
        amount: Money(150_000),
        probability: None,
        stage: StageId(1),
        created: day(2026, 1, 10),
        expected_close: None,
        closed: None,
        history: vec![StageEntry {
            stage: StageId(1),
            entered: day(2026, 1, 10),
        }],
        next_step: None,
        lost_reason: None,
        contacts: vec![],
        forecast_category: None,
        updated_at: 0,
    });
    let text = json::write(&ws);
    assert!(json::read(&text).is_ok());
    text
}

/// The file with one piece of text replaced (it must be there).
fn with(from: &str, to: &str) -> String {
    let text = file();
    assert!(text.contains(from), "{from} not in the file");
    text.replacen(from, to, 1)
}

fn bad_value(text: &str) -> BadValue {
    match json::read(text) {
        Err(ReadError::BadValue(b)) => *b,
        other => panic!("expected a bad value, got {other:?}"),
    }
}

fn messages(e: &ReadError) -> (String, String) {
    (read_error_text(Lang::En, e), read_error_text(Lang::Ru, e))
}

#[test]
fn an_impossible_date_names_the_deal_the_field_the_value_and_the_format() {
    let b = bad_value(&with(
        r#""created":"2026-01-10""#,
        r#""created":"2026-02-30""#,
    ));
    assert_eq!(
        b,
        BadValue {
            path: "deals[0].created".into(),
            item: Some(("deals".into(), 0)),
            item_name: Some("Website redesign".into()),
            field: Some("created".into()),
            value: Some("2026-02-30".into()),
            allowed: Allowed::Date,
            // Where the value is in the file, for whoever edits it by hand.
            line: b.line,
            column: b.column,
        }
    );
    assert!(b.line >= 1 && b.column > 1, "{b:?}");
    let (en, ru) = messages(&ReadError::BadValue(Box::new(b)));
    assert!(
        en.starts_with(
            "Deal 1 “Website redesign”, field “created”: the value “2026-02-30” is not allowed — \
             it must be a day that exists, written YYYY-MM-DD (for example 2026-02-28). Nothing \
             was imported. (In the file: workspace → deals[0].created, line "
        ),
        "{en}"
    );
    assert!(!en.contains("JSON") && !en.contains("out of range"));
    assert!(ru.contains("Сделка № 1 «Website redesign»") && ru.contains("2026-02-30"));
    assert!(ru.contains("ГГГГ-ММ-ДД"));
}

#[test]
fn an_amount_too_large_for_the_file_says_what_amounts_may_be() {
    let b = bad_value(&with(r#""amount_minor":150000"#, r#""amount_minor":1e30"#));
    assert_eq!(b.path, "deals[0].amount_minor");
    assert_eq!(b.allowed, Allowed::Amount);
    assert!(
        b.value.as_deref().is_some_and(|v| v.starts_with("1e")),
        "{b:?}"
    );
    let (en, _) = messages(&ReadError::BadValue(Box::new(b)));
    assert!(en.contains("field “amount_minor”"), "{en}");
    assert!(en.contains("a whole number of minor units"), "{en}");
    assert!(
        !en.contains("i64") && !en.contains("floating point"),
        "{en}"
    );
    // Past the i64 range as a plain integer: the same message, the value as written.
    let b = bad_value(&with(
        r#""amount_minor":150000"#,
        r#""amount_minor":99999999999999999999"#,
    ));
    assert_eq!(b.allowed, Allowed::Amount);
}

#[test]
fn a_word_where_a_number_belongs_and_an_unknown_stage_kind() {
    let b = bad_value(&with(r#""probability":null"#, r#""probability":"high""#));
    assert_eq!(
        (b.path.as_str(), b.value.as_deref(), &b.allowed),
        ("deals[0].probability", Some("high"), &Allowed::Percent)
    );
    let b = bad_value(&with(r#""kind":"open""#, r#""kind":"opened""#));
    assert_eq!(
        (b.path.as_str(), b.value.as_deref(), &b.allowed),
        ("stages[0].kind", Some("opened"), &Allowed::StageKind)
    );
    assert_eq!(b.item_name.as_deref(), Some("Qualification"));
    let (en, ru) = messages(&ReadError::BadValue(Box::new(b)));
    assert!(
        en.starts_with("Stage 1 “Qualification”, field “kind”"),
        "{en}"
    );
    assert!(en.contains("open, won or lost"), "{en}");
    assert!(ru.contains("Этап № 1"), "{ru}");
}

#[test]
fn a_missing_field_is_named_with_its_item() {
    let b = bad_value(&with(r#""title":"Website redesign","#, ""));
    assert_eq!(
        (
            b.path.as_str(),
            b.field.as_deref(),
            b.value.as_deref(),
            &b.allowed
        ),
        ("deals[0]", Some("title"), None, &Allowed::Required)
    );
    let (en, ru) = messages(&ReadError::BadValue(Box::new(b)));
    assert!(
        en.starts_with(
            "Deal 1: the required field “title” is missing. Nothing was imported. (In the file: \
             workspace → deals[0], line "
        ),
        "{en}"
    );
    assert!(ru.contains("нет обязательного поля «title»"), "{ru}");
}

#[test]
fn only_a_file_that_is_not_json_is_called_not_valid_json() {
    for text in [
        "hello",
        "{\"format\":\"voronka\",",
        "{\"format\":\"voronka\",\"version\":1,\"workspace\":{\"currency\":\"RUB\",]}}",
    ] {
        let e = json::read(text).expect_err("refused");
        assert!(matches!(e, ReadError::Malformed { .. }), "{text}: {e:?}");
        let (en, _) = messages(&e);
        assert!(en.starts_with("The file is not valid JSON"), "{en}");
    }
    // Cut off after an impossible date: the broken syntax is what is reported.
    let bad_date = with(r#""created":"2026-01-10""#, r#""created":"2026-02-30""#);
    let cut = &bad_date[..bad_date.len() - 3];
    assert!(
        matches!(json::read(cut), Err(ReadError::Malformed { .. })),
        "{:?}",
        json::read(cut)
    );
}

#[test]
fn free_text_has_a_length_limit() {
    let long = "x".repeat(5_000_000);
    let e = json::read(&with("Website redesign", &long)).expect_err("refused");
    let ReadError::Invalid(problems) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "deals[0].title");
    assert_eq!(
        problems[0].kind,
        ProblemKind::TextTooLong {
            chars: 5_000_000,
            max: 200
        }
    );
    assert_eq!(
        problem_text(Lang::En, &problems[0]),
        "deals[0].title: the text is 5000000 characters long; at most 200 are allowed"
    );
    // 200 characters of Cyrillic (400 bytes) are fine.
    assert!(json::read(&with("Website redesign", &"я".repeat(200))).is_ok());
}
