//! Voronka: a sales-management workbench for a head of sales, running entirely in the browser.
//! See ARCHITECTURE.md for the map and the invariants.

pub mod charts;
// The layers below the app are their own crates (crates/domain, crates/format); re-exported so
// `voronka::domain::…` reads the same from the app, the tests and the benchmarks.
pub use domain;
pub use format;
pub mod storage;
pub mod ui;
