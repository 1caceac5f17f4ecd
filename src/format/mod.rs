//! Serialized formats at the boundary: the versioned Voronka JSON file. These DTO types are a
//! compatibility promise, so they are separate from the domain types and converted by hand.

pub mod csv_out;
pub mod json;
