//! The names of the file and of the workspace: each kept once per [`name_key`], matched by it,
//! and near duplicates (same [`loose_key`]) turned into questions.

use std::collections::HashMap;

use super::options::{NameKind, SameName};
use super::plan::SimilarName;
use crate::edit::name_key;

/// Names seen in one column, kept once per [`name_key`] (the first spelling is the display).
#[derive(Clone, Debug, Default)]
pub(super) struct Interner {
    pub(super) names: Vec<(String, String)>,
    pub(super) by_key: HashMap<String, u32>,
}

impl Interner {
    pub(super) fn intern(&mut self, name: &str) -> u32 {
        let key = name_key(name);
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push((name.trim().to_string(), key.clone()));
        self.by_key.insert(key, i);
        i
    }

    pub(super) fn display(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |n| n.0.as_str())
    }

    pub(super) fn key(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |n| n.1.as_str())
    }

    pub(super) fn len(&self) -> usize {
        self.names.len()
    }
}

/// A name with case, spaces and punctuation removed: `Ultra Pro`, `UltraPro` and `ultra-pro`
/// are one loose key. Names equal this way but not by [`name_key`] are asked about ("same as
/// …?"), never merged silently.
pub fn loose_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The workspace's names of one list: by [`name_key`] (the same name) and by [`loose_key`] (a
/// near duplicate, asked about).
#[derive(Clone, Debug, Default)]
pub(super) struct KnownNames {
    pub(super) by_key: HashMap<String, u64>,
    /// The first item per loose key: its id and name.
    pub(super) by_loose: HashMap<String, (u64, String)>,
}

impl KnownNames {
    pub(super) fn of<'a>(items: impl Iterator<Item = (&'a str, u64)>) -> Self {
        let mut known = KnownNames::default();
        for (name, id) in items {
            known.by_key.entry(name_key(name)).or_insert(id);
            let loose = loose_key(name);
            if !loose.is_empty() {
                known
                    .by_loose
                    .entry(loose)
                    .or_insert_with(|| (id, name.trim().to_string()));
            }
        }
        known
    }
}

/// Index of each list in the used-id sets (`ImportDraft::used_ids`, `Planner::used`).
pub(super) const SELLERS: usize = 0;
pub(super) const CLIENTS: usize = 1;
pub(super) const DIRECTIONS: usize = 2;
pub(super) const DEAL_TYPES: usize = 3;
pub(super) const STAGES: usize = 4;
pub(super) const CONTACTS: usize = 5;

/// How a name of the file resolves against the workspace's names of its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NameState {
    /// The same name (by [`name_key`]) or a near duplicate the user said is the same.
    Known(u64),
    /// No such name, or a near duplicate the user said is another: created.
    New,
    /// A near duplicate not yet answered: index into [`ImportPlan::similar_names`].
    Ask(usize),
}

/// Resolves every name of one column (interner index order) and lists the questions.
pub(super) fn name_states(
    names: &Interner,
    known: &KnownNames,
    kind: NameKind,
    answers: &[SameName],
    questions: &mut Vec<SimilarName>,
) -> Vec<NameState> {
    (0..names.len() as u32)
        .map(|i| {
            let key = names.key(i);
            if let Some(&id) = known.by_key.get(key) {
                return NameState::Known(id);
            }
            let Some((id, existing)) = known.by_loose.get(&loose_key(names.display(i))) else {
                return NameState::New;
            };
            match answers
                .iter()
                .find(|a| a.kind == kind && name_key(&a.name) == key)
            {
                Some(a) if a.same => NameState::Known(*id),
                Some(_) => NameState::New,
                None => {
                    questions.push(SimilarName {
                        kind,
                        name: names.display(i).to_string(),
                        existing: existing.clone(),
                        rows: 0,
                    });
                    NameState::Ask(questions.len() - 1)
                }
            }
        })
        .collect()
}
