//! Why an edit was refused: a whole-change error ([`EditError`]) or per-field messages
//! ([`FieldError`]), each with a stable code the UI translates.

use crate::entity::ItemRef;

/// How many items use an item: what a refused delete reports ("used by 12 deals").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Deals pointing at it: as seller, client, direction, deal type, current stage, or contact.
    pub deals: usize,
    /// Contacts pointing at it: a client's people, a role's holders.
    pub contacts: usize,
    /// Plans of a seller (removed with the seller, never blocking).
    pub plans: usize,
    /// Deals not currently in a stage whose history passes through it (never blocking; their
    /// history loses those entries when the stage goes).
    pub history: usize,
}

impl Usage {
    /// True when nothing uses the item at all.
    pub fn is_empty(&self) -> bool {
        *self == Usage::default()
    }
}

/// Why a move, delete or reassignment was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The item does not exist (any more).
    NotFound(ItemRef),
    /// Entering a lost stage needs a non-empty lost reason.
    LostReasonRequired,
    /// The move's date is before the deal's last history entry or its creation.
    DateBeforeHistory,
    /// Other items still use it; the counts say how many.
    InUse(Usage),
    /// The pipeline must keep at least one open stage.
    LastOpenStage,
    /// A reassignment between items of different lists.
    KindMismatch,
    /// A reassignment of an item to itself.
    SameItem,
    /// Deals and plans have no users to move.
    NotReassignable,
}

impl EditError {
    /// A stable code, used as the key of the translated message.
    pub fn code(&self) -> &'static str {
        match self {
            EditError::NotFound(_) => "not_found",
            EditError::LostReasonRequired => "lost_reason_required",
            EditError::DateBeforeHistory => "date_before_history",
            EditError::InUse(_) => "in_use",
            EditError::LastOpenStage => "last_open_stage",
            EditError::KindMismatch => "kind_mismatch",
            EditError::SameItem => "same_item",
            EditError::NotReassignable => "not_reassignable",
        }
    }
}

/// What is wrong with one field of a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldErrorKind {
    /// Empty or only spaces.
    Required,
    /// Longer than `max` characters.
    TooLong { max: usize },
    /// Another item of the same list already has this name (ignoring case and spacing).
    Duplicate,
    /// A number outside its range (probability 0–100, level 0–5, month 1–12, amount, rotting).
    OutOfRange,
    /// Points at an item that does not exist.
    MissingReference,
    /// A date earlier than one it must follow (expected close before creation…).
    DateOrder,
    /// Disagrees with another field (a new deal's history not ending in its stage).
    Inconsistent,
    /// A stage's kind cannot change while `deals` deals are in it.
    InUse { deals: usize },
    /// The change would leave the pipeline without an open stage.
    NoOpenStage,
}

impl FieldErrorKind {
    /// A stable code, used as the key of the translated message.
    pub fn code(&self) -> &'static str {
        match self {
            FieldErrorKind::Required => "required",
            FieldErrorKind::TooLong { .. } => "too_long",
            FieldErrorKind::Duplicate => "duplicate",
            FieldErrorKind::OutOfRange => "out_of_range",
            FieldErrorKind::MissingReference => "missing_reference",
            FieldErrorKind::DateOrder => "date_order",
            FieldErrorKind::Inconsistent => "inconsistent",
            FieldErrorKind::InUse { .. } => "in_use",
            FieldErrorKind::NoOpenStage => "no_open_stage",
        }
    }
}

/// One inline message: the form field (the struct's field name, `next_step.text` for nested
/// ones) and what is wrong with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub kind: FieldErrorKind,
}

/// The result of an upsert: nothing changed when it is `Err`.
pub type FieldResult = Result<(), Vec<FieldError>>;
