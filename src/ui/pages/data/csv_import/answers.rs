//! The preview's answers as changes to the import options: pure, so the rules (an answer keeps
//! its place, a new stage moves among the new ones) are host-tested.

use crate::domain::import::{DateOrder, ImportOptions, NameKind, SameName, StageChoice};
use crate::domain::{StageKind, edit::name_key};

/// One thing the user chose in the preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The slash-date order (`None`: not chosen).
    DateOrder(Option<DateOrder>),
    /// What a stage name of the file becomes (`None`: not chosen).
    Stage(String, Option<StageChoice>),
    /// Moves a stage the import creates one place earlier (`-1`) or later (`1`) among the new
    /// stages of its kind: the pipeline order of the new stages is the order of the choices.
    MoveStage(String, i32),
    /// The currency of amounts that name none (`None`: not chosen).
    Currency(Option<String>),
    /// Skip rows with an empty client cell instead of keeping them under "no client".
    SkipWithoutClient(bool),
    /// Remove the workspace's open stages no deal uses.
    OnlyFileStages(bool),
    /// "Same as …?" for a name of the file (`None`: not chosen).
    Same(NameKind, String, Option<bool>),
}

/// Applies an answer. A stage answered again keeps its place among the choices (so changing an
/// answer does not reorder the pipeline); a first answer goes last.
pub fn apply_answer(o: &mut ImportOptions, answer: Answer) {
    match answer {
        Answer::DateOrder(order) => o.date_order = order,
        Answer::Stage(name, choice) => {
            let at = o
                .stage_choices
                .iter()
                .position(|(n, _)| name_key(n) == name_key(&name));
            match (at, choice) {
                (Some(i), Some(c)) => o.stage_choices[i].1 = c,
                (Some(i), None) => {
                    o.stage_choices.remove(i);
                }
                (None, Some(c)) => o.stage_choices.push((name, c)),
                (None, None) => {}
            }
        }
        Answer::MoveStage(name, step) => {
            let kind_of = |c: &StageChoice| match c {
                StageChoice::Create(k) => Some(*k),
                StageChoice::Existing(_) => None,
            };
            let Some(i) = o
                .stage_choices
                .iter()
                .position(|(n, _)| name_key(n) == name_key(&name))
            else {
                return;
            };
            let Some(kind) = kind_of(&o.stage_choices[i].1) else {
                return;
            };
            let same = |j: &usize| kind_of(&o.stage_choices[*j].1) == Some(kind);
            let other = if step < 0 {
                (0..i).rev().find(same)
            } else {
                (i + 1..o.stage_choices.len()).find(same)
            };
            if let Some(j) = other {
                o.stage_choices.swap(i, j);
            }
        }
        Answer::Currency(code) => o.currency = code,
        Answer::SkipWithoutClient(skip) => o.skip_without_client = skip,
        Answer::OnlyFileStages(only) => o.only_file_stages = only,
        Answer::Same(kind, name, same) => {
            o.same_names
                .retain(|a| !(a.kind == kind && name_key(&a.name) == name_key(&name)));
            if let Some(same) = same {
                o.same_names.push(SameName { kind, name, same });
            }
        }
    }
}

/// The select value of a stage answer: `new-open`, `new-won`, `new-lost`, or a stage id.
pub fn stage_choice_value(c: Option<&StageChoice>) -> String {
    match c {
        None => String::new(),
        Some(StageChoice::Create(StageKind::Open)) => "new-open".into(),
        Some(StageChoice::Create(StageKind::Won)) => "new-won".into(),
        Some(StageChoice::Create(StageKind::Lost)) => "new-lost".into(),
        Some(StageChoice::Existing(id)) => id.0.to_string(),
    }
}

/// The stage answer a select value stands for.
pub fn stage_choice_of(value: &str) -> Option<StageChoice> {
    match value {
        "new-open" => Some(StageChoice::Create(StageKind::Open)),
        "new-won" => Some(StageChoice::Create(StageKind::Won)),
        "new-lost" => Some(StageChoice::Create(StageKind::Lost)),
        v => v
            .parse::<u64>()
            .ok()
            .map(|id| StageChoice::Existing(crate::domain::StageId(id))),
    }
}
