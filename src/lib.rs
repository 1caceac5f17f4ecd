//! Voronka: a sales-management workbench for a head of sales, running entirely in the browser.
//! See ARCHITECTURE.md for the map and the invariants.

pub mod charts;
pub mod domain;
pub mod format;
pub mod storage;
pub mod ui;

rust_i18n::i18n!("src/locales", fallback = "en");
