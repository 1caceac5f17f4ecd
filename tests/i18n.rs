//! Both languages have every text, every key the code uses exists in both, and keys from
//! several locale files merge.
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use voronka::domain::Lang;
use voronka::ui::i18n::tr;

fn keys(lang: &str) -> BTreeSet<String> {
    texts(lang).into_keys().collect()
}

/// Every text of `lang` under its dotted key, read from the YAML files.
fn texts(lang: &str) -> BTreeMap<String, String> {
    fn walk(prefix: &str, v: &serde_yaml_ng::Value, out: &mut BTreeMap<String, String>) {
        match v {
            serde_yaml_ng::Value::Mapping(m) => {
                for (k, v) in m {
                    let k = k.as_str().unwrap_or_default();
                    let p = if prefix.is_empty() {
                        k.to_string()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&p, v, out);
                }
            }
            other => {
                let text = other.as_str().unwrap_or_default().to_string();
                out.insert(prefix.to_string(), text);
            }
        }
    }
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir("src/locales").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == format!("{lang}.yml") || name.ends_with(&format!(".{lang}.yml")) {
            let v: serde_yaml_ng::Value =
                serde_yaml_ng::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            walk("", &v, &mut out);
        }
    }
    out
}

/// What `tr` gives for a key no language has: the key itself, behind the language's code
/// (`ru.nav.x`), so the gap is visible on screen.
fn is_missing(text: &str, key: &str) -> bool {
    text == key || text.ends_with(&format!(".{key}"))
}

#[test]
fn russian_and_english_have_the_same_keys() {
    let en = keys("en");
    let ru = keys("ru");
    assert!(en.len() > 50);
    let only_en: Vec<_> = en.difference(&ru).collect();
    let only_ru: Vec<_> = ru.difference(&en).collect();
    assert!(
        only_en.is_empty() && only_ru.is_empty(),
        "only in en: {only_en:?}; only in ru: {only_ru:?}"
    );
}

#[test]
fn every_key_resolves_in_both_languages() {
    for key in keys("en") {
        for lang in [Lang::En, Lang::Ru] {
            let text = tr(lang, &key);
            assert!(!is_missing(&text, &key), "{key} is missing in {lang:?}");
            assert!(!text.trim().is_empty(), "{key} is empty in {lang:?}");
        }
    }
    // Keys of one section spread over two files merge.
    assert_eq!(tr(Lang::En, "common.close"), "Close");
    assert_eq!(tr(Lang::Ru, "common.export_csv"), "Экспорт CSV");
}

#[test]
fn every_key_gives_its_yaml_text_in_both_languages() {
    // The tables build.rs generates hold exactly what the YAML files say, key by key.
    for (lang, code) in [(Lang::En, "en"), (Lang::Ru, "ru")] {
        let texts = texts(code);
        assert!(texts.len() > 1000, "{code}: {} texts", texts.len());
        for (key, text) in &texts {
            assert_eq!(&tr(lang, key), text, "{key} in {code}");
        }
    }
}

#[test]
fn every_amount_error_has_one_message_in_both_languages() {
    use voronka::domain::money::{AmountError, NumberStyle, parse_amount};
    let all = [
        AmountError::Empty,
        AmountError::NotANumber,
        AmountError::TooManyDecimals,
        AmountError::Negative,
        AmountError::TooLarge,
    ];
    let mut seen = BTreeSet::new();
    for e in &all {
        assert!(seen.insert(e.code()), "{} twice", e.code());
        for lang in [Lang::En, Lang::Ru] {
            let key = format!("amount_error.{}", e.code());
            assert!(
                !is_missing(&tr(lang, &key), &key),
                "{key} is missing in {lang:?}"
            );
        }
    }
    // The English "not a number" message shows the format the parser accepts.
    let example = tr(Lang::En, "amount_error.not_a_number");
    let sample = example
        .split_whitespace()
        .find(|w| w.contains(','))
        .unwrap();
    assert!(
        parse_amount(sample, NumberStyle::CommaPoint).is_ok(),
        "{sample}"
    );
    let example = tr(Lang::Ru, "amount_error.not_a_number");
    let sample = example
        .split("виде ")
        .nth(1)
        .unwrap()
        .split(" (")
        .next()
        .unwrap();
    assert!(
        parse_amount(sample, NumberStyle::SpaceComma).is_ok(),
        "{sample}"
    );
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of a string literal starting at `bytes[at]` (a `"`) when it is short and made of
/// key characters only (`a-z`, `0-9`, `_`, `.`); `None` for anything else.
fn key_literal(bytes: &[u8], at: usize) -> Option<&str> {
    let body = &bytes[at + 1..];
    let end = body
        .iter()
        .position(|&b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.'))?;
    (body[end] == b'"' && end > 0).then(|| std::str::from_utf8(&body[..end]).unwrap())
}

/// Where each translation key literal is used in `src/` and `crates/`: literals passed straight
/// to a translation call (`.t("…")`, `.t_untracked("…")`, `.tf("…", …)`, `tr(lang, "…")`), and
/// any other literal shaped like a key of a known section (`"pipeline.view.clients"` in a table
/// of labels, `"nav.funnel"` returned by `label_key`).
fn keys_used_in_code(sections: &BTreeSet<&str>) -> BTreeSet<(String, String)> {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    rust_files(Path::new("crates"), &mut files);
    assert!(files.len() > 50, "run from the repository root");
    let mut used = BTreeSet::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let bytes = text.as_bytes();
        let place = |at: usize| {
            let line = text[..at].matches('\n').count() + 1;
            format!("{}:{line}", path.display())
        };
        // Literals right after a translation call's opening (the first argument of `.t`/`.tf`,
        // the second of `tr`), wherever rustfmt broke the line.
        for call in [".t(", ".t_untracked(", ".tf(", "tr("] {
            for (at, _) in text.match_indices(call) {
                let before = text[..at].chars().next_back();
                if call == "tr(" && before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let mut rest = text[at + call.len()..].trim_start();
                if call == "tr(" {
                    // Skip the language argument: a plain expression up to its comma.
                    match rest.find([',', '(', ')', '"']) {
                        Some(i) if rest.as_bytes()[i] == b',' => rest = rest[i + 1..].trim_start(),
                        _ => continue,
                    }
                }
                if let Some(lit) = rest.strip_prefix('"') {
                    let key = &lit[..lit.find('"').unwrap()];
                    used.insert((key.to_string(), place(at)));
                }
            }
        }
        for at in (0..bytes.len()).filter(|&i| bytes[i] == b'"') {
            if let Some(lit) = key_literal(bytes, at) {
                let section = lit.split('.').next().unwrap_or_default();
                // A file name ("pipeline.json") is not a key.
                let file_name = [".json", ".csv", ".png"].iter().any(|x| lit.ends_with(x));
                if lit.contains('.') && sections.contains(section) && !file_name {
                    used.insert((lit.to_string(), place(at)));
                }
            }
        }
    }
    used
}

/// A key the code uses is there when it is a text, or a counted noun whose plural forms are
/// (`data.usage.deals` → `.one`, `.many`; `.few` for Russian too), or a prefix of texts.
fn has_key(keys: &BTreeSet<String>, key: &str, lang: &str) -> bool {
    let forms: &[&str] = if lang == "ru" {
        &["one", "few", "many"]
    } else {
        &["one", "many"]
    };
    let prefix = format!("{key}.");
    keys.contains(key)
        || forms.iter().all(|f| keys.contains(&format!("{key}.{f}")))
        // A prefix the code completes at run time (a tab bar's `label_key` + the tab's name).
        || keys.range(prefix.clone()..).next().is_some_and(|k| k.starts_with(&prefix))
}

#[test]
fn every_key_the_code_uses_exists_in_both_languages() {
    let en = keys("en");
    let ru = keys("ru");
    let sections: BTreeSet<&str> = en
        .iter()
        .chain(&ru)
        .filter_map(|k| k.split('.').next())
        .collect();
    let used = keys_used_in_code(&sections);
    // The scan finds the calls (hundreds of them), not a handful.
    assert!(used.len() > 400, "only {} keys found", used.len());
    let missing: Vec<String> = used
        .iter()
        .flat_map(|(key, place)| {
            [("en", &en), ("ru", &ru)]
                .into_iter()
                .filter(|(lang, keys)| !has_key(keys, key, lang))
                .map(move |(lang, _)| format!("{key} ({lang}) at {place}"))
        })
        .collect();
    assert!(missing.is_empty(), "missing translations: {missing:#?}");
}

#[test]
fn keys_built_from_codes_exist_in_both_languages() {
    use voronka::domain::entity::ItemKind;
    use voronka::domain::import::Field;
    use voronka::ui::route::{Page, PeriodPreset};

    let mut built: Vec<String> = Vec::new();
    built.extend(Page::ALL.iter().map(|p| p.label_key().to_string()));
    built.extend(PeriodPreset::ALL.iter().map(|p| p.label_key()));
    built.extend(Field::ALL.iter().map(|f| format!("csv.field.{}", f.code())));
    built.extend(
        ItemKind::ALL
            .iter()
            .map(|k| format!("data.merge.kind.{}", k.code())),
    );
    let (en, ru) = (keys("en"), keys("ru"));
    for key in built {
        assert!(en.contains(&key), "{key} is missing in en");
        assert!(ru.contains(&key), "{key} is missing in ru");
    }
}

#[test]
fn a_missing_key_shows_itself_so_the_gap_is_visible() {
    // The checks above rely on this: `tr` of an unknown key shows the key, not some text.
    for lang in [Lang::En, Lang::Ru] {
        assert!(is_missing(
            &tr(lang, "nav.no_such_page"),
            "nav.no_such_page"
        ));
        assert!(!is_missing(&tr(lang, "nav.funnel"), "nav.funnel"));
    }
    let en = keys("en");
    assert!(!has_key(&en, "nav.no_such_page", "en"));
    assert!(has_key(&en, "nav.funnel", "en"));
    assert!(has_key(&en, "data.usage.deals", "en"));
}
