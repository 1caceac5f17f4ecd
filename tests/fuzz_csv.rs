//! Fuzz harness for the CSV import (`format::csv_in` + `domain::import`), built on proptest so it
//! runs as an ordinary host test.
//!
//! Inputs: arbitrary bytes; CSV-looking soup (quotes, delimiters, line breaks, BOMs, Cyrillic in
//! UTF-8 and Windows-1251 bytes, no-break spaces, amounts and dates) under each CRM's real header
//! line; and byte mutations of the committed fixture files. The oracle: nothing panics; every
//! record comes out with a line number that never goes backwards; a draft built from the
//! detected mapping plans and applies to the demo workspace, and the result still validates.
//!
//! `PROPTEST_CASES` sets the number of cases (default 64). A long session:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test --release --test fuzz_csv -- --nocapture
//! ```
//!
//! Failing cases are saved in `proptest-regressions/fuzz_csv.txt` and replayed first.

mod support;
use support::day;

use std::time::Instant;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
use voronka::domain::import::{ImportDraft, ImportOptions, detect_layout};
use voronka::domain::validate::validate;
use voronka::domain::*;
use voronka::format::csv_in::{self, CsvSource};

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(64),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/fuzz_csv.txt",
        ))),
        ..Config::default()
    })
}

fn today() -> NaiveDate {
    day(2026, 11, 27)
}

fn workspace() -> Workspace {
    support::demo(Lang::En, today(), 30)
}

/// Reads the whole file in small chunks and runs the import on the detected mapping.
fn check(bytes: &[u8], ws: &Workspace) -> Result<(), TestCaseError> {
    let Ok(mut source) = CsvSource::open(bytes) else {
        return Ok(());
    };
    let headers = source.headers.clone();
    let (_, mapping) = detect_layout(&headers);
    let draft = ImportDraft::new(ws, &headers, &mapping, ImportOptions::new(today(), 1, 42));
    let mut draft = draft.ok();
    let mut last_line = 0;
    loop {
        let rows = source.next_rows(5);
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            prop_assert!(r.line >= last_line, "line numbers go forward");
            last_line = r.line;
        }
        if let Some(d) = draft.as_mut() {
            csv_in::feed_draft(d, &rows);
        }
        let (done, total) = source.progress();
        prop_assert!(done <= total);
    }
    if let Some(d) = draft {
        let plan = d.finish();
        let out = plan.apply(ws);
        prop_assert_eq!(validate(&out), vec![], "the imported workspace validates");
    }
    Ok(())
}

const HEADERS: &[&str] = &[
    "Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Probability,Deal - Organization,Deal - Stage,Deal - Owner,Deal - Status,Deal - Won time,Deal - Lost time,Deal - Deal created,Deal - Expected close date",
    "Record ID,Deal Name,Deal Stage,Deal owner,Deal Type,Amount,Deal probability,Close Date,Create Date,Is Closed Won,Is closed lost,Associated Company",
    "ID;Название сделки;Бюджет ;Ответственный;Этап сделки;Дата создания сделки;Дата закрытия;Компания",
    "ID;Название сделки;Стадия сделки;Направление;Ответственный;Сумма;Валюта;Вероятность;Дата создания;Предполагаемая дата закрытия;Компания;Сделка закрыта",
    "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value",
];

const PIECES: &[&str] = &[
    ",",
    ";",
    "\t",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\u{a0}",
    "1 234 567,89",
    "1,234,567.89",
    "-5",
    "12abc",
    "₽",
    "$",
    "руб.",
    "2026-03-01",
    "2026-03-01 14:22",
    "03/04/2026",
    "31.12.2026",
    "13/13/2026",
    "45000",
    "0.4",
    "150",
    "Won",
    "Lost",
    "Open",
    "не закрыта",
    "Да",
    "Успешно реализовано",
    "Закрыто и не реализовано",
    "true",
    "false",
    "Acme",
    "ООО «Ромашка»",
    "Анна",
    "Negotiation",
    "Prospecting",
    "<img src=x onerror=alert(1)>",
    "\u{feff}",
    "💼",
    "",
];

fn soup() -> impl Strategy<Value = Vec<u8>> {
    (
        0..HEADERS.len(),
        prop::collection::vec(0..PIECES.len(), 0..300),
        any::<bool>(),
    )
        .prop_map(|(h, picks, cp1251)| {
            let mut text = String::from(HEADERS[h]);
            text.push('\n');
            for p in picks {
                text.push_str(PIECES[p]);
            }
            if cp1251 {
                let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
                bytes.into_owned()
            } else {
                text.into_bytes()
            }
        })
}

fn fixtures() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/csv");
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read(e.path()).ok())
        .collect();
    out.sort();
    out
}

fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let files = fixtures();
    (
        0..files.len(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..4u8), 1..12),
    )
        .prop_map(move |(f, edits)| {
            let mut bytes = files[f].clone();
            for (at, byte, op) in edits {
                if bytes.is_empty() {
                    bytes.push(byte);
                    continue;
                }
                let i = at.index(bytes.len());
                match op {
                    0 => bytes[i] = byte,
                    1 => {
                        bytes.insert(i, byte);
                    }
                    2 => {
                        bytes.remove(i);
                    }
                    _ => bytes.truncate(i),
                }
            }
            bytes
        })
}

fn run(name: &str, strategy: impl Strategy<Value = Vec<u8>>) {
    let ws = workspace();
    let started = Instant::now();
    let mut r = runner();
    let n = r.config().cases;
    r.run(&strategy, |bytes| check(&bytes, &ws))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    println!(
        "{name}: {n} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn arbitrary_bytes_never_panic() {
    run(
        "arbitrary bytes",
        prop::collection::vec(any::<u8>(), 0..2_000),
    );
}

#[test]
fn csv_soup_under_real_headers_never_panics_and_imports_validly() {
    run("csv soup", soup());
}

#[test]
fn mutated_fixtures_never_panic_and_import_validly() {
    run("mutated fixtures", mutated());
}
