pub mod domain;
pub mod format;
