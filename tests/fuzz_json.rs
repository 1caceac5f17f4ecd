//! Fuzz harness for the Voronka JSON reader (`format::json::read`), built on proptest so it runs
//! as an ordinary host test.
//!
//! Inputs: arbitrary bytes and strings, JSON-looking token soup (bare and inside a valid
//! envelope), and stacked mutations of small valid files (bit flips, byte changes, truncations,
//! deletions, duplicated spans, deep `[[[…`/`{"a":{…` nesting, huge and odd numbers, values of the
//! wrong type). The oracle: `read` never panics; `Ok` only for a workspace that validates and
//! reads back identically after `write`; a malformed-JSON position lies inside the text; every
//! workspace that reads also merges with a valid one without panicking.
//!
//! Each property runs `PROPTEST_CASES` cases (default 64, a couple of seconds in all) and prints
//! how many it ran and how long it took (`-- --nocapture` shows it). A long session:
//!
//! ```text
//! PROPTEST_CASES=200000 cargo test --test fuzz_json -- --nocapture --test-threads=1
//! ```
//!
//! Measured (debug build, one thread, on a shared 2-core machine): 200,000 cases each of bytes,
//! strings, token soup and mutated files in 15.5 minutes (mutated files 782 s of it); with the
//! well-typed mutations, 100,000 mutated files in 535 s. For a 10-minute run of everything use
//! `PROPTEST_CASES=100000`.
//!
//! A failing case is saved (by its seed) in `proptest-regressions/fuzz_json.txt`, which is
//! committed and replayed first on every run.

mod support;
use support::day;

use std::sync::LazyLock;
use std::time::Instant;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
use voronka::domain::demo::{self, DemoSpec};
use voronka::domain::merge::{MergeError, merge};
use voronka::domain::validate::validate;
use voronka::domain::*;
use voronka::format::json::{self, ReadError};

// ---------------------------------------------------------------------------------------------
// Runner
// ---------------------------------------------------------------------------------------------

/// `PROPTEST_CASES` if set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `check` on `cases` values of `strategy`, saving failures to the committed regression file
/// and printing the count and the time taken.
fn fuzz<S: Strategy>(name: &str, strategy: S, check: impl Fn(S::Value)) {
    let config = Config {
        cases: cases(64),
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/fuzz_json.txt",
        ))),
        // A failing case is shrunk for at most this many steps (inputs can be long).
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    let n = config.cases;
    let start = Instant::now();
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |value| {
        check(value);
        Ok(())
    });
    let secs = start.elapsed().as_secs_f64();
    println!("fuzz {name}: {n} cases in {secs:.1} s");
    if let Err(e) = result {
        panic!("fuzz {name} failed: {e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Oracle
// ---------------------------------------------------------------------------------------------

fn today() -> NaiveDate {
    day(2025, 6, 15)
}

/// A small sound workspace in the files' currency, to merge every successfully read file with.
static PARTNER: LazyLock<Workspace> = LazyLock::new(|| {
    demo::generate(DemoSpec {
        seed: 7,
        deals: 4,
        lang: Lang::En,
        today: today(),
    })
});

/// The valid files every mutation starts from: compact and pretty demo files, an empty workspace.
static SEEDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let small = demo::generate(DemoSpec {
        seed: 11,
        deals: 3,
        lang: Lang::Ru,
        today: today(),
    });
    let empty = Workspace::empty("RUB", &demo::Names::new(Lang::En));
    vec![
        json::write(&small),
        json::write_pretty(&small),
        json::write(&empty),
    ]
});

/// What `read` may do with any text.
fn check(text: &str) {
    match json::read(text) {
        Ok(ws) => {
            assert_eq!(validate(&ws), vec![], "read returned an unsound workspace");
            assert_eq!(
                json::read(&json::write(&ws)).as_ref(),
                Ok(&ws),
                "a workspace that reads must round-trip"
            );
            match merge(&ws, &PARTNER) {
                Ok((m, _)) => assert_eq!(validate(&m), vec![]),
                Err(MergeError::CurrencyMismatch { .. } | MergeError::Incompatible(_)) => {}
                Err(e @ MergeError::InvalidInput { .. }) => panic!("sound inputs refused: {e}"),
            }
        }
        Err(ReadError::Malformed { line, column, .. }) => {
            let lines = text.split('\n').count();
            assert!(line >= 1 && line <= lines, "line {line} of {lines}");
            assert!(column >= 1, "column {column}");
        }
        Err(ReadError::Invalid(problems)) => assert!(!problems.is_empty()),
        // A value its field cannot hold: named by its path, with the value unless it is missing.
        Err(ReadError::BadValue(b)) => {
            assert!(b.value.is_some() || b.field.is_some(), "{b:?}");
        }
        // Only storage reports a damaged packed value; the JSON reader never does.
        Err(ReadError::Damaged(d)) => panic!("json::read reported packed damage: {d}"),
        // `read` skips the snapshot history; only `read_file` reads (and can refuse) it.
        Err(ReadError::Snapshots(e)) => panic!("json::read reported a history error: {e}"),
        Err(
            ReadError::TooLarge { .. } | ReadError::NotVoronka | ReadError::NewerVersion { .. },
        ) => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\n",
    "\"",
    "null",
    "true",
    "false",
    "0",
    "1",
    "-1",
    "1.5",
    "1e999",
    "\"format\"",
    "\"voronka\"",
    "\"version\"",
    "\"workspace\"",
    "\"currency\"",
    "\"RUB\"",
    "\"deals\"",
    "\"stages\"",
    "\"sellers\"",
    "\"id\"",
    "\"name\"",
    "\"x\"",
    "\"amount_minor\"",
    "\"month\"",
    "\"2025-06\"",
    "\"2025-06-15\"",
    "\"kind\"",
    "\"open\"",
    "\\u0000",
    "\\ud800",
    "\u{feff}",
    "ё",
];

/// Text that parses as something else than intended: huge, odd or wrongly typed values, deep
/// nesting, broken escapes.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        (1usize..5_000).prop_map(|n| "[".repeat(n)),
        (1usize..2_000).prop_map(|n| "{\"a\":".repeat(n)),
        (1usize..300).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
        prop::sample::select(vec![
            "1e999999",
            "-1e400",
            "18446744073709551616",
            "18446744073709551615",
            "-9223372036854775809",
            "9223372036854775807",
            "99999999999999999999999999999999999999",
            "0.000000000000000000000000000001",
            "-0",
            "1E+2",
            "NaN",
            "Infinity",
            "null",
            "true",
            "\"x\"",
            "[]",
            "{}",
            "-1",
            "256",
            "1.5",
            "\"2025-13-45\"",
            "\"9999-99\"",
            "\"\\ud800\"",
            "\"\\u0000\"",
            "\"\\",
        ])
        .prop_map(str::to_string),
        "\\PC{0,40}",
    ]
}

/// Well-typed but wrong values (dangling ids, empty names, dates out of order, another kind or
/// currency), so that files get past parsing into validation.
fn plausible() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "0",
        "1",
        "2",
        "7",
        "999",
        "100",
        "101",
        "\"\"",
        "\" \"",
        "\"2020-01-01\"",
        "\"2099-12-31\"",
        "\"2025-00\"",
        "\"won\"",
        "\"lost\"",
        "\"open\"",
        "\"commit\"",
        "\"USD\"",
        "\"rub\"",
        "null",
        "[]",
        "[1]",
        "[999]",
    ])
    .prop_map(str::to_string)
}

#[derive(Clone, Debug)]
enum Mutation {
    FlipBit(Index, u8),
    SetByte(Index, u8),
    Truncate(Index),
    Delete(Index, usize),
    Duplicate(Index, usize),
    Insert(Index, String),
    /// Replaces the value after the n-th `:` (a whole string, number, array or object).
    ReplaceValue(Index, String),
    /// Same, with a value of the same JSON type (string for string, number for number…).
    ReplaceTyped(Index, Index),
}

const STRINGS: &[&str] = &[
    "\"\"",
    "\" \"",
    "\"2020-01-01\"",
    "\"2099-12-31\"",
    "\"2025-00\"",
    "\"2025-13\"",
    "\"won\"",
    "\"lost\"",
    "\"open\"",
    "\"commit\"",
    "\"omitted\"",
    "\"USD\"",
    "\"rub\"",
];
const NUMBERS: &[&str] = &["0", "1", "2", "5", "6", "7", "99", "100", "101", "999"];
const LISTS: &[&str] = &["[]", "[1]", "[999]"];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<Index>(), 1usize..256).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        (any::<Index>(), nasty()).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (any::<Index>(), nasty()).prop_map(|(i, s)| Mutation::ReplaceValue(i, s)),
        // Weighted up: well-typed values get past parsing into validation.
        (any::<Index>(), plausible()).prop_map(|(i, s)| Mutation::ReplaceValue(i, s)),
        (any::<Index>(), plausible()).prop_map(|(i, s)| Mutation::ReplaceValue(i, s)),
        (any::<Index>(), plausible()).prop_map(|(i, s)| Mutation::ReplaceValue(i, s)),
    ]
}

/// The end (exclusive) of the JSON value starting at `start`: a string, a bracketed value, or a
/// scalar running to the next `,`, `}`, `]` or white space.
fn value_end(b: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    match b.get(i) {
        Some(b'"') => {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            (i + 1).min(b.len())
        }
        Some(b'[' | b'{') => {
            let mut depth = 0usize;
            let mut in_str = false;
            while i < b.len() {
                match (in_str, b[i]) {
                    (true, b'\\') => i += 1,
                    (true, b'"') => in_str = false,
                    (false, b'"') => in_str = true,
                    (false, b'[' | b'{') => depth += 1,
                    (false, b']' | b'}') => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            b.len()
        }
        _ => {
            while i < b.len() && !matches!(b[i], b',' | b'}' | b']') && !b[i].is_ascii_whitespace()
            {
                i += 1;
            }
            i
        }
    }
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len) };
    match m {
        Mutation::FlipBit(i, bit) => {
            if !bytes.is_empty() {
                let k = at(i, bytes.len());
                bytes[k] ^= 1 << bit;
            }
        }
        Mutation::SetByte(i, v) => {
            if !bytes.is_empty() {
                let k = at(i, bytes.len());
                bytes[k] = *v;
            }
        }
        Mutation::Truncate(i) => bytes.truncate(at(i, bytes.len())),
        Mutation::Delete(i, n) => {
            let k = at(i, bytes.len());
            let end = (k + n).min(bytes.len());
            bytes.drain(k..end);
        }
        Mutation::Duplicate(i, n) => {
            let k = at(i, bytes.len());
            let end = (k + n).min(bytes.len());
            let span = bytes[k..end].to_vec();
            bytes.splice(end..end, span);
        }
        Mutation::Insert(i, s) => {
            let k = at(i, bytes.len() + 1);
            bytes.splice(k..k, s.bytes());
        }
        Mutation::ReplaceValue(i, s) => {
            let colons: Vec<usize> = (0..bytes.len()).filter(|&k| bytes[k] == b':').collect();
            if !colons.is_empty() {
                let start = colons[at(i, colons.len())] + 1;
                let end = value_end(bytes, start).max(start);
                bytes.splice(start..end, s.bytes());
            }
        }
        Mutation::ReplaceTyped(i, v) => {
            let colons: Vec<usize> = (0..bytes.len()).filter(|&k| bytes[k] == b':').collect();
            if !colons.is_empty() {
                let start = colons[at(i, colons.len())] + 1;
                let end = value_end(bytes, start).max(start);
                let first = bytes[start..end].iter().find(|b| !b.is_ascii_whitespace());
                let pool = match first {
                    Some(b'"') => STRINGS,
                    Some(b'0'..=b'9' | b'-') => NUMBERS,
                    Some(b'[') => LISTS,
                    _ => return,
                };
                let s = pool[v.index(pool.len())];
                bytes.splice(start..end, s.bytes());
            }
        }
    }
}

fn mutated_file() -> impl Strategy<Value = String> {
    let stack = prop_oneof![
        prop::collection::vec(mutation(), 1..5),
        // Only well-typed replacements: mostly reaches validation.
        prop::collection::vec(
            (any::<Index>(), any::<Index>()).prop_map(|(i, v)| Mutation::ReplaceTyped(i, v)),
            1..4
        ),
    ];
    (0..SEEDS.len(), stack).prop_map(|(seed, ms)| {
        let mut bytes = SEEDS[seed].clone().into_bytes();
        for m in &ms {
            apply(&mut bytes, m);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..80).prop_map(|t| t.concat())
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

#[test]
fn fuzz_arbitrary_bytes() {
    fuzz(
        "arbitrary bytes",
        prop::collection::vec(any::<u8>(), 0..512),
        |b| check(&String::from_utf8_lossy(&b)),
    );
}

#[test]
fn fuzz_arbitrary_strings() {
    fuzz("arbitrary strings", any::<String>(), |s| check(&s));
}

#[test]
fn fuzz_token_soup() {
    fuzz("token soup", token_soup(), |s| {
        check(&s);
        // The same soup as the workspace of a proper envelope, to get past the envelope checks.
        check(&format!(
            "{{\"format\":\"voronka\",\"version\":1,\"workspace\":{s}}}"
        ));
        check(&format!(
            "{{\"format\":\"voronka\",\"version\":1,\"workspace\":{{\"currency\":\"RUB\",{s}}}}}"
        ));
    });
}

#[test]
fn fuzz_mutated_files() {
    fuzz("mutated files", mutated_file(), |s| check(&s));
}

#[test]
fn unmutated_seeds_read() {
    for s in SEEDS.iter() {
        assert!(json::read(s).is_ok());
        check(s);
    }
}

// ---------------------------------------------------------------------------------------------
// Deep nesting: serde_json's recursion limit (128) must hold, with no stack overflow
// ---------------------------------------------------------------------------------------------

const DEEP: usize = 100_000;

fn envelope(workspace: &str) -> String {
    format!("{{\"format\":\"voronka\",\"version\":1,\"workspace\":{workspace}}}")
}

fn valid_workspace_with(extra_field: &str) -> String {
    format!(
        "{{\"currency\":\"RUB\",\"stages\":[{{\"id\":1,\"name\":\"A\",\"kind\":\"open\",\"probability\":10,\"forecast_category\":\"pipeline\"}}],\"extra\":{extra_field}}}"
    )
}

#[test]
fn a_hundred_thousand_open_brackets_are_refused_without_overflow() {
    let text = "[".repeat(DEEP);
    assert!(matches!(
        json::read(&text),
        Err(ReadError::Malformed { .. })
    ));
    let objects = "{\"a\":".repeat(DEEP);
    assert!(matches!(
        json::read(&objects),
        Err(ReadError::Malformed { .. })
    ));
    // Inside the workspace and inside a list of it.
    let text = envelope(&"[".repeat(DEEP));
    assert!(json::read(&text).is_err());
    let text = envelope(&format!(
        "{{\"currency\":\"RUB\",\"deals\":{}",
        "[".repeat(DEEP)
    ));
    assert!(matches!(
        json::read(&text),
        Err(ReadError::Malformed { .. })
    ));
    check(&text);
}

#[test]
fn balanced_deep_nesting_is_refused_where_it_is_parsed() {
    let deep = format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    // As the whole file, the workspace, a known field.
    for text in [
        deep.clone(),
        envelope(&deep),
        envelope(&format!("{{\"currency\":\"RUB\",\"deals\":{deep}}}")),
    ] {
        assert!(
            json::read(&text).is_err(),
            "{}",
            &text[..60.min(text.len())]
        );
        check(&text);
    }
    // The limit is serde_json's 128 levels: an unknown field nested 100 deep is still read.
    let shallow = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(json::read(&envelope(&valid_workspace_with(&shallow))).is_ok());
}

#[test]
fn deep_nesting_in_ignored_fields_does_not_overflow() {
    // serde_json skips unknown values iteratively: any depth is fine there.
    let deep = format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    let text = format!(
        "{{\"junk\":{deep},\"format\":\"voronka\",\"version\":1,\"workspace\":{}}}",
        valid_workspace_with("0")
    );
    assert!(json::read(&text).is_ok());
    // Likewise an unknown field of the workspace (serde's derive skips it the same way).
    assert!(json::read(&envelope(&valid_workspace_with(&deep))).is_ok());
    // A deep value where the format name or version should be is not a Voronka file.
    let text = format!("{{\"format\":{deep},\"version\":1,\"workspace\":{{}}}}");
    assert_eq!(json::read(&text), Err(ReadError::NotVoronka));
    let text = format!("{{\"format\":\"voronka\",\"version\":{deep},\"workspace\":{{}}}}");
    assert_eq!(json::read(&text), Err(ReadError::NotVoronka));
}

#[test]
fn huge_numbers_are_refused_not_wrapped() {
    let base = json::write(&PARTNER);
    for (from, to) in [
        ("\"amount_minor\":", "\"amount_minor\":1e999,\"x\":"),
        (
            "\"amount_minor\":",
            "\"amount_minor\":18446744073709551616,\"x\":",
        ),
        (
            "\"amount_minor\":",
            "\"amount_minor\":-9223372036854775809,\"x\":",
        ),
        ("\"probability\":", "\"probability\":256,\"x\":"),
        ("\"version\":1", "\"version\":18446744073709551616"),
        ("\"id\":", "\"id\":-1,\"x\":"),
    ] {
        let text = base.replacen(from, to, 1);
        assert_ne!(text, base, "{from} is in the file");
        assert!(json::read(&text).is_err(), "{to}");
        check(&text);
    }
}

/// The mutations must reach every outcome of `read`, or the fuzzing above proves little: over a
/// fixed sample, some files still read, some are malformed, some well-formed but invalid (the
/// schema checks ran), some not Voronka files at all.
#[test]
fn mutations_reach_every_outcome() {
    use proptest::strategy::ValueTree;
    use std::collections::BTreeMap;

    let mut runner = TestRunner::deterministic();
    let strategy = mutated_file();
    let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
    for _ in 0..500 {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let outcome = match json::read(&tree.current()) {
            Ok(_) => "ok",
            Err(ReadError::Malformed { .. }) => "malformed",
            Err(ReadError::Invalid(_)) => "invalid",
            Err(ReadError::NotVoronka) => "not_voronka",
            Err(ReadError::NewerVersion { .. }) => "newer_version",
            Err(ReadError::TooLarge { .. }) => "too_large",
            Err(ReadError::Damaged(_)) => "damaged",
            Err(ReadError::BadValue(_)) => "bad_value",
            Err(ReadError::Snapshots(_)) => "snapshots",
        };
        *seen.entry(outcome).or_default() += 1;
    }
    println!("{seen:?}");
    for outcome in ["ok", "malformed", "invalid", "not_voronka"] {
        assert!(
            seen.contains_key(outcome),
            "no sample reached {outcome}: {seen:?}"
        );
    }
}
