//! The CSV column mappings the user confirmed, as remembered in the app's settings: one per set of
//! headers (`domain::import::header_key`). A hand-written DTO, so a change to the import's types
//! never silently changes what is stored.
//!
//! Stored shape (unchanged since the mappings were first remembered): `{"columns": ["title", null,
//! "amount", …]}`, one entry per column of the file, each a field code
//! ([`domain::import::Field::code`]) or `null` for an ignored column.

use serde::{Deserialize, Serialize};

use domain::import::{Field, Mapping};

/// One remembered mapping.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingDto {
    /// Per column of the file, the field code it feeds, or `None` when ignored.
    #[serde(default)]
    pub columns: Vec<Option<String>>,
}

impl MappingDto {
    pub fn from_domain(mapping: &Mapping) -> Self {
        MappingDto {
            columns: mapping
                .columns
                .iter()
                .map(|f| f.map(|f| f.code().to_string()))
                .collect(),
        }
    }

    /// The mapping; a code this build does not know (written by a newer version) reads as an
    /// ignored column, so the user sees it and can map it again.
    pub fn into_domain(&self) -> Mapping {
        Mapping {
            columns: self
                .columns
                .iter()
                .map(|c| c.as_deref().and_then(Field::from_code))
                .collect(),
        }
    }
}
