//! One file per page.

pub mod data;
pub mod funnel;
pub mod placeholder;
