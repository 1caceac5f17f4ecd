//! What a relationship cell says: levels in words, the heatmap's input, and the words of the
//! matrix's CSV (written by `format::report_csv`).

use crate::charts::matrix::{LevelCell, RelationshipHeatmap};
use crate::domain::matrix::RelationshipMatrix;
use crate::domain::{Lang, MAX_RELATIONSHIP_LEVEL, Workspace};
use crate::format::report_csv;
use crate::ui::fmt;
use crate::ui::i18n::{fill, tr};

/// "3 · loyal".
pub fn level_name(lang: Lang, level: u8) -> String {
    let l = level.min(MAX_RELATIONSHIP_LEVEL);
    format!("{l} · {}", tr(lang, &format!("relationships.level_{l}")))
}

pub(super) fn client_label(ws: &Workspace, pos: usize) -> String {
    ws.clients
        .get(pos)
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

pub(super) fn role_label(ws: &Workspace, pos: usize) -> String {
    ws.roles
        .get(pos)
        .map(|r| r.name.clone())
        .unwrap_or_default()
}

/// "3 / 5 (60.0 %)".
pub(super) fn share(part: u32, whole: usize, ratio: Option<f64>, lang: Lang) -> String {
    format!("{part}\u{a0}/\u{a0}{whole} ({})", fmt::percent(ratio, lang))
}

/// The heatmap's input: names as plain text, tooltip lines in `lang`.
pub fn relationship_chart_input(
    ws: &Workspace,
    m: &RelationshipMatrix,
    lang: Lang,
) -> RelationshipHeatmap {
    let t = |k: &str| tr(lang, k);
    let columns: Vec<String> = m.columns.iter().map(|c| role_label(ws, c.role)).collect();
    let mut cells = Vec::with_capacity(m.rows.len() * columns.len());
    // Every text that repeats is made once: level lines, the gap line.
    let best = t("relationships.tip_level");
    let best_lines: [String; 6] =
        std::array::from_fn(|l| fill(&best, &[("level", level_name(lang, l as u8))]));
    let count = t("relationships.tip_contacts");
    let gap = t("relationships.tip_gap");
    for row in &m.rows {
        let client = client_label(ws, row.client);
        for (col, cell) in row.cells.iter().enumerate() {
            let mut tip = vec![client.clone(), columns[col].clone()];
            match cell.best_level {
                Some(level) => {
                    tip.push(best_lines[level.min(MAX_RELATIONSHIP_LEVEL) as usize].clone());
                    tip.push(fill(&count, &[("n", cell.contacts.to_string())]));
                }
                None => tip.push(gap.clone()),
            }
            cells.push(LevelCell {
                level: cell.best_level,
                tip,
            });
        }
    }
    RelationshipHeatmap {
        rows: m.rows.iter().map(|r| client_label(ws, r.client)).collect(),
        columns,
        cells,
        level_names: std::array::from_fn(|l| level_name(lang, l as u8)),
        gap_name: t("relationships.no_contact"),
    }
}

/// The matrix as CSV rows, header first (a gap is written as "—"), headers in `lang`.
pub fn relationship_csv(ws: &Workspace, m: &RelationshipMatrix, lang: Lang) -> Vec<Vec<String>> {
    report_csv::relationship_matrix(ws, m, |k| tr(lang, &format!("relationships.{k}")))
}
