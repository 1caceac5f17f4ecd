//! Indents compact JSON exactly as `serde_json::to_string_pretty` would (two spaces, `": "`,
//! empty `[]`/`{}` kept on one line), so the export is written by the compact serializer alone:
//! linking serde_json's pretty formatter as well generated every DTO's serializer a second time
//! in the wasm (issue 16).

/// `compact` must be valid JSON as serde_json writes it (no whitespace outside strings).
pub fn indent(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() + compact.len() / 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut start = 0; // start of the run of bytes not yet copied
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                out.push_str(&compact[start..=i]);
                start = i + 1;
                let close = if b == b'{' { b'}' } else { b']' };
                if bytes.get(i + 1) == Some(&close) {
                    out.push(close as char);
                    i += 2;
                    start = i;
                    continue;
                }
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                out.push_str(&compact[start..i]);
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(b as char);
                start = i + 1;
            }
            b',' => {
                out.push_str(&compact[start..=i]);
                newline(&mut out, depth);
                start = i + 1;
            }
            b':' => {
                out.push_str(&compact[start..=i]);
                out.push(' ');
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&compact[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::indent;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Inner {
        name: String,
        tags: Vec<String>,
        empty_list: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
        maybe: Option<f64>,
    }

    #[derive(Serialize)]
    struct Outer {
        format: &'static str,
        version: u32,
        items: Vec<Inner>,
        nested: Vec<Vec<i64>>,
        map: BTreeMap<String, Inner>,
    }

    fn inner(name: &str) -> Inner {
        Inner {
            name: name.to_string(),
            tags: vec![
                "a,b".into(),
                "{[\"]}".into(),
                "x: y".into(),
                "\\".into(),
                "\\\"".into(),
            ],
            empty_list: vec![],
            empty_map: BTreeMap::new(),
            maybe: Some(1.5),
        }
    }

    #[test]
    fn indents_like_serde_json_pretty() {
        let value = Outer {
            format: "voronka",
            version: 3,
            items: vec![inner("Ромашка, ООО"), inner("a\"b\\c\nd\te"), inner("")],
            nested: vec![vec![], vec![1, -2], vec![3]],
            map: BTreeMap::from([("k: 1".into(), inner("{}")), ("[]".into(), inner("]"))]),
        };
        let compact = serde_json::to_string(&value).unwrap();
        assert_eq!(
            indent(&compact),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }

    #[test]
    fn empty_containers_and_scalars() {
        for compact in ["{}", "[]", "[[],{}]", "{\"a\":[]}", "1", "\"s\"", "null"] {
            let value: serde_json::Value = serde_json::from_str(compact).unwrap();
            assert_eq!(
                indent(compact),
                serde_json::to_string_pretty(&value).unwrap(),
                "{compact}"
            );
        }
    }
}
