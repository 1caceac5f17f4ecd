//! One file per page.

pub mod changes;
pub mod data;
pub mod directions;
pub mod forecast;
pub mod funnel;
pub mod pipeline;
pub mod placeholder;
pub mod relationships;
