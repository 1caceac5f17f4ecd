//! Writing report tables as CSV (with the `csv` crate, so quoting of commas, quotes and newlines
//! in names is right). A UTF-8 byte-order mark leads the file so spreadsheet programs read
//! Cyrillic correctly.

/// Rows (header first) as CSV text.
pub fn to_csv(rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        // ok: writing to a Vec cannot fail with an I/O error.
        let _ = w.write_record(row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    let mut out = String::from("\u{feff}");
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

/// An amount of minor units as a plain decimal for spreadsheets: `1234567.89`.
pub fn plain_amount(m: crate::domain::Money) -> String {
    let sign = if m.0 < 0 { "-" } else { "" };
    let abs = m.0.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}
