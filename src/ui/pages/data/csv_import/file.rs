//! The chosen file: its bytes, read once, and what the mapping step shows of it.

use crate::domain::import::{Layout, detect_layout};
use crate::format::csv_in::{self, CsvReadError, CsvSource};
use crate::ui::i18n::I18n;

use super::text::read_error_text;

/// Sample rows shown beside each column in the mapping step.
const SAMPLE_ROWS: usize = 3;

/// The file as read, shared by the steps.
pub(super) struct CsvFile {
    pub(super) name: String,
    pub(super) bytes: Vec<u8>,
    pub(super) headers: Vec<String>,
    pub(super) samples: Vec<Vec<String>>,
    pub(super) layout: Layout,
    pub(super) summary: String,
}

pub(super) fn open_file(name: String, bytes: Vec<u8>, i18n: I18n) -> Result<CsvFile, String> {
    let mut source = CsvSource::open(&bytes).map_err(|e| read_error_text(i18n, &e))?;
    let headers = source.headers.clone();
    let samples = source
        .next_rows(SAMPLE_ROWS)
        .into_iter()
        .filter(|r| r.error.is_none())
        .map(|r| r.cells)
        .collect();
    let (layout, _) = detect_layout(&headers);
    let summary = i18n.tf(
        "csv.file_summary",
        &[
            ("columns", headers.len().to_string()),
            ("encoding", source.encoding.code().to_string()),
            (
                "delimiter",
                i18n.t(&format!("csv.delimiter.{}", source.delimiter.code())),
            ),
        ],
    );
    Ok(CsvFile {
        name,
        bytes,
        headers,
        samples,
        layout,
        summary,
    })
}

/// The bytes of a chosen file, or the message to show.
pub(super) async fn file_bytes(file: &web_sys::File, i18n: I18n) -> Result<Vec<u8>, String> {
    if file.size() > csv_in::MAX_CSV_BYTES as f64 {
        return Err(read_error_text(
            i18n,
            &CsvReadError::TooLarge {
                size: file.size() as usize,
                limit: csv_in::MAX_CSV_BYTES,
            },
        ));
    }
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| i18n.t_untracked("csv.unreadable_file"))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}
