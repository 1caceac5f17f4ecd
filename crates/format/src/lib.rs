//! Serialized formats at the boundary: the versioned Voronka JSON file (with its optional
//! snapshot history, `snapshots`), every report's CSV (`report_csv`; the changes page's in
//! `changes_csv`; written by `csv_out`) and reading other CRMs' CSV exports (`csv_in`). These
//! DTO types are a compatibility promise, so they are separate from the domain types and
//! converted by hand.

pub mod changes_csv;
pub mod csv_in;
pub mod csv_mapping;
pub mod csv_out;
pub mod iso_date;
pub mod json;
pub mod overlay;
pub mod packed;
pub mod report_csv;
pub mod sliced;
pub mod snapshots;
