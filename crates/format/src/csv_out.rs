//! Writing report tables as CSV (with the `csv` crate, so quoting of commas, quotes and newlines
//! in names is right). A UTF-8 byte-order mark leads the file so spreadsheet programs read
//! Cyrillic correctly.
//!
//! A text cell that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`, a
//! tab or a carriage return — "CSV injection") gets a leading apostrophe, which spreadsheets read
//! as "this is text" and do not show. Numbers such as `-1500.00` stay numbers.

/// Rows (header first) as CSV text.
pub fn to_csv(rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        // ok: writing to a Vec cannot fail with an I/O error.
        let _ = w.write_record(row.iter().map(|cell| neutralise(cell).into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    let mut out = String::from("\u{feff}");
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

/// An amount of minor units as a plain decimal for spreadsheets: `1234567.89`.
pub fn plain_amount(m: domain::Money) -> String {
    let sign = if m.0 < 0 { "-" } else { "" };
    let abs = m.0.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// The cell as a spreadsheet should show it: text that would start a formula is marked as text.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// `-1500`, `-1500.25`, `+3`: a sign, digits and at most one decimal point.
fn is_plain_number(cell: &str) -> bool {
    let body = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let mut dots = 0;
    !body.is_empty()
        && body.chars().all(|c| {
            if c == '.' {
                dots += 1;
                dots == 1
            } else {
                c.is_ascii_digit()
            }
        })
        && body.chars().any(|c| c.is_ascii_digit())
}
