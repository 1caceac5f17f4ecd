//! Reading deals exported as CSV by other CRMs (Pipedrive, HubSpot, amoCRM, Bitrix24, spreadsheet
//! tables): the byte-level part of the import. What the columns mean is `domain::import`'s job.
//!
//! [`CsvSource::open`] checks the size, decodes the text (a UTF-8 byte-order mark → UTF-8; valid
//! UTF-8 → UTF-8; anything else → Windows-1251, which is what Russian Excel and older amoCRM and
//! Bitrix24 exports use), sniffs the delimiter from the header line and reads the header row.
//! [`CsvSource::next_rows`] then hands out records in chunks, so the page can show progress and
//! yield to the browser between chunks of a 100,000-row file.
//!
//! Rows are never rejected here: a row with too few or too many cells is returned as it is (the
//! reader is `flexible`) and the import reports it with its line number. A record the CSV reader
//! itself cannot read (in practice impossible on decoded text, but never assumed) comes back with
//! `error: Some(message)` and no cells; [`feed_draft`] passes it on as an unreadable row.

use std::io::Cursor;

use domain::import::{ImportDraft, RawRow};

/// Files larger than this are refused before decoding.
pub const MAX_CSV_BYTES: usize = 64 * 1024 * 1024;

/// Files with more data rows than this are refused before any row is read. The byte limit alone
/// would let 64 MB of tiny rows through: 16 million rows of `1,2` each becoming a pending row or a
/// row error would take gigabytes. The app is built and measured for 100,000 deals; twice that
/// leaves room for a whole CRM export and still fits in memory and storage.
pub const MAX_CSV_ROWS: usize = 200_000;

/// How the file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 led by a byte-order mark (what Excel's "CSV UTF-8" writes).
    Utf8Bom,
    /// Cyrillic single-byte encoding of Russian Windows and Excel.
    Windows1251,
}

impl TextEncoding {
    /// A stable code, for the UI's label.
    pub fn code(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf8",
            TextEncoding::Utf8Bom => "utf8_bom",
            TextEncoding::Windows1251 => "windows1251",
        }
    }
}

/// The field separator, guessed from the header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    pub fn as_byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }

    /// A stable code, for the UI's label.
    pub fn code(self) -> &'static str {
        match self {
            Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Tab => "tab",
        }
    }
}

/// Why a file cannot be read as CSV at all (single rows never fail the file).
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum CsvReadError {
    #[error("the file is larger than {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("the file is empty")]
    Empty,
    #[error("the file has no header row")]
    NoHeader,
    /// An XLSX (zip) or old binary XLS workbook: the user should save it as CSV.
    #[error("the file is a spreadsheet workbook, not CSV")]
    Spreadsheet,
    /// An HTML table saved as `.xls` (Bitrix24's "Excel" export): export CSV instead.
    #[error("the file is an HTML table, not CSV")]
    HtmlTable,
    /// UTF-16 text (Excel's "Unicode text"): save as "CSV UTF-8" instead.
    #[error("UTF-16 text is not supported")]
    Utf16,
    /// More than [`MAX_CSV_ROWS`] data rows (`rows` is the count, header excluded).
    #[error("the file has {rows} rows, more than {limit}")]
    TooManyRows { rows: usize, limit: usize },
}

impl CsvReadError {
    /// A stable code, used as the key of the translated message.
    pub fn code(&self) -> &'static str {
        match self {
            CsvReadError::TooLarge { .. } => "too_large",
            CsvReadError::Empty => "empty",
            CsvReadError::NoHeader => "no_header",
            CsvReadError::Spreadsheet => "spreadsheet",
            CsvReadError::HtmlTable => "html_table",
            CsvReadError::Utf16 => "utf16",
            CsvReadError::TooManyRows { .. } => "too_many_rows",
        }
    }
}

/// How every record of the file is read: the header is a record like the others, and rows may
/// have any number of cells (the import reports wrong counts by line).
fn reader_for(delimiter: Delimiter) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .delimiter(delimiter.as_byte())
        .has_headers(false)
        .flexible(true);
    builder
}

/// Records after the header, as the chunked reader will hand them out (blank lines are not
/// records), counted without allocating per record. A record the reader cannot read still counts.
fn count_data_rows(text: &str, delimiter: Delimiter) -> usize {
    let mut reader = reader_for(delimiter).from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let mut records = 0usize;
    loop {
        let before = reader.position().byte();
        match reader.read_byte_record(&mut record) {
            Ok(true) => records += 1,
            Ok(false) => break,
            Err(_) => {
                records += 1;
                if reader.position().byte() <= before {
                    break;
                }
            }
        }
    }
    records.saturating_sub(1)
}

/// One record of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// 1-based line of the file where the record starts (a quoted cell may span lines).
    pub line: u64,
    /// The cells as written (not trimmed); may be fewer or more than the headers.
    pub cells: Vec<String>,
    /// `Some` when the CSV reader could not read this record; `cells` is then empty.
    pub error: Option<String>,
}

impl CsvRow {
    /// The view the domain's import takes.
    pub fn raw(&self) -> RawRow<'_> {
        RawRow {
            line: self.line,
            cells: &self.cells,
        }
    }
}

/// Feeds a chunk of rows to an import draft: readable rows as they are, unreadable ones as row
/// errors.
pub fn feed_draft(draft: &mut ImportDraft, rows: &[CsvRow]) {
    let mut start = 0;
    for (i, row) in rows.iter().enumerate() {
        if let Some(message) = &row.error {
            let views: Vec<RawRow<'_>> = rows[start..i].iter().map(CsvRow::raw).collect();
            draft.feed(&views);
            draft.feed_error(row.line, message);
            start = i + 1;
        }
    }
    let views: Vec<RawRow<'_>> = rows[start..].iter().map(CsvRow::raw).collect();
    draft.feed(&views);
}

/// Decoded, sniffed file, ready to be read in chunks.
pub struct CsvSource {
    pub encoding: TextEncoding,
    pub delimiter: Delimiter,
    /// The header row, each cell trimmed.
    pub headers: Vec<String>,
    reader: csv::Reader<Cursor<Vec<u8>>>,
    record: csv::StringRecord,
    /// Length in bytes of the decoded (UTF-8) text.
    total: usize,
    done: bool,
}

impl std::fmt::Debug for CsvSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvSource")
            .field("encoding", &self.encoding)
            .field("delimiter", &self.delimiter)
            .field("headers", &self.headers)
            .field("total", &self.total)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl CsvSource {
    /// Checks the size, decodes, sniffs the delimiter and reads the header row.
    pub fn open(bytes: &[u8]) -> Result<CsvSource, CsvReadError> {
        if bytes.len() > MAX_CSV_BYTES {
            return Err(CsvReadError::TooLarge {
                size: bytes.len(),
                limit: MAX_CSV_BYTES,
            });
        }
        if bytes.is_empty() {
            return Err(CsvReadError::Empty);
        }
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(CsvReadError::Utf16);
        }
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(CsvReadError::Spreadsheet);
        }
        let (encoding, text) = decode(bytes);
        if text.trim().is_empty() {
            return Err(CsvReadError::Empty);
        }
        if looks_like_html(&text) {
            return Err(CsvReadError::HtmlTable);
        }
        let delimiter = sniff_delimiter(&text);
        // Lines bound records from above (quoted cells may span lines), so most files skip the
        // exact count; a file with more lines is counted record by record without keeping any.
        if text.bytes().filter(|&b| b == b'\n').count() > MAX_CSV_ROWS {
            let rows = count_data_rows(&text, delimiter);
            if rows > MAX_CSV_ROWS {
                return Err(CsvReadError::TooManyRows {
                    rows,
                    limit: MAX_CSV_ROWS,
                });
            }
        }
        let total = text.len();
        let mut reader = reader_for(delimiter).from_reader(Cursor::new(text.into_bytes()));
        let mut record = csv::StringRecord::new();
        let headers: Vec<String> = match reader.read_record(&mut record) {
            Ok(true) => record.iter().map(|h| h.trim().to_string()).collect(),
            Ok(false) | Err(_) => return Err(CsvReadError::NoHeader),
        };
        if headers.iter().all(|h| h.is_empty()) {
            return Err(CsvReadError::NoHeader);
        }
        Ok(CsvSource {
            encoding,
            delimiter,
            headers,
            reader,
            record,
            total,
            done: false,
        })
    }

    /// Up to `max` next records (at least one is attempted even when `max` is 0); each with its
    /// 1-based line number in the file (of the record's first line; quoted fields may span
    /// lines). Empty lines are skipped. An empty Vec means the file is done.
    pub fn next_rows(&mut self, max: usize) -> Vec<CsvRow> {
        let max = max.max(1);
        let mut out = Vec::with_capacity(max.min(4_096));
        while out.len() < max && !self.done {
            let before = self.reader.position().byte();
            match self.reader.read_record(&mut self.record) {
                Ok(true) => out.push(CsvRow {
                    line: self.record.position().map_or(0, |p| p.line()),
                    cells: self.record.iter().map(str::to_string).collect(),
                    error: None,
                }),
                Ok(false) => self.done = true,
                Err(e) => {
                    let line = e
                        .position()
                        .map_or_else(|| self.reader.position().line(), |p| p.line());
                    out.push(CsvRow {
                        line,
                        cells: Vec::new(),
                        error: Some(e.to_string()),
                    });
                    // A reader that cannot move past an error would loop forever.
                    if self.reader.position().byte() <= before {
                        self.done = true;
                    }
                }
            }
        }
        out
    }

    /// (bytes read, total bytes) of the decoded text, for a progress bar.
    pub fn progress(&self) -> (usize, usize) {
        if self.done {
            return (self.total, self.total);
        }
        let read = usize::try_from(self.reader.position().byte()).unwrap_or(self.total);
        (read.min(self.total), self.total)
    }

    /// True once every record has been handed out.
    pub fn is_done(&self) -> bool {
        self.done
    }
}

/// BOM → UTF-8 (a broken byte after a BOM becomes U+FFFD); valid UTF-8 → UTF-8; else
/// Windows-1251 (every byte decodes, so this never fails).
fn decode(bytes: &[u8]) -> (TextEncoding, String) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (
            TextEncoding::Utf8Bom,
            String::from_utf8_lossy(rest).into_owned(),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (TextEncoding::Utf8, text.to_string()),
        Err(_) => (TextEncoding::Windows1251, decode_windows_1251(bytes)),
    }
}

/// Windows-1251 to text with the WHATWG Encoding Standard's table: `encoding_rs` on the host.
#[cfg(not(target_arch = "wasm32"))]
fn decode_windows_1251(bytes: &[u8]) -> String {
    let (text, _) = encoding_rs::WINDOWS_1251.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// Windows-1251 to text with the WHATWG Encoding Standard's table: in the browser, its own
/// `TextDecoder` (the same standard as `encoding_rs`, without shipping that crate's tables for
/// every other encoding in the download). Every byte maps to a character, so it cannot fail;
/// if the browser refused anyway, the lossy UTF-8 reading still shows where the text went wrong.
#[cfg(target_arch = "wasm32")]
fn decode_windows_1251(bytes: &[u8]) -> String {
    web_sys::TextDecoder::new_with_label("windows-1251")
        .and_then(|d| d.decode_with_u8_array(bytes))
        .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned())
}

fn looks_like_html(text: &str) -> bool {
    let head = text.trim_start();
    if !head.starts_with('<') {
        return false;
    }
    let start: String = head.chars().take(2_048).collect::<String>().to_lowercase();
    start.contains("<table") || start.contains("<html") || start.contains("<!doctype html")
}

/// Counts `;`, `,` and tabs outside quotes on the first non-empty line (a quoted header may
/// span lines); the most frequent wins, ties going to semicolon, then tab, then comma. A line
/// with none is one column: comma.
fn sniff_delimiter(text: &str) -> Delimiter {
    let (mut semi, mut comma, mut tab) = (0usize, 0usize, 0usize);
    let mut in_quotes = false;
    let mut seen_content = false;
    for ch in text.chars() {
        match ch {
            '"' => {
                in_quotes = !in_quotes;
                seen_content = true;
            }
            '\n' | '\r' if !in_quotes => {
                if seen_content {
                    break;
                }
            }
            ';' if !in_quotes => semi += 1,
            ',' if !in_quotes => comma += 1,
            '\t' if !in_quotes => tab += 1,
            _ => seen_content = true,
        }
        if matches!(ch, ';' | ',' | '\t') && !in_quotes {
            seen_content = true;
        }
    }
    let best = semi.max(comma).max(tab);
    if best == 0 {
        Delimiter::Comma
    } else if semi == best {
        Delimiter::Semicolon
    } else if tab == best {
        Delimiter::Tab
    } else {
        Delimiter::Comma
    }
}
