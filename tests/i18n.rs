//! Both languages have every text, and keys from several locale files merge.
use std::collections::BTreeSet;
use voronka::domain::Lang;
use voronka::ui::i18n::tr;

fn keys(lang: &str) -> BTreeSet<String> {
    fn walk(prefix: &str, v: &serde_yaml_ng::Value, out: &mut BTreeSet<String>) {
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
            _ => {
                out.insert(prefix.to_string());
            }
        }
    }
    let mut out = BTreeSet::new();
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
            assert_ne!(text, key, "{key} is missing in {lang:?}");
            assert!(!text.trim().is_empty(), "{key} is empty in {lang:?}");
        }
    }
    // Keys of one section spread over two files merge.
    assert_eq!(tr(Lang::En, "common.close"), "Close");
    assert_eq!(tr(Lang::Ru, "common.export_csv"), "Экспорт CSV");
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
            assert_ne!(tr(lang, &key), key, "{key} is missing in {lang:?}");
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
