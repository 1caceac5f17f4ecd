//! Merging a teammate's Voronka file into the current workspace.
//!
//! [`merge`] takes two sound workspaces ("ours", the one open in the app, and "theirs", the file
//! being merged) and returns one sound workspace holding both, with a [`MergeReport`] of what
//! happened. It is pure and never panics; [`merge_with_choices`] re-runs it with the head's
//! "take the other side instead" choices.
//!
//! # Rules
//!
//! - **Matching.** Items are matched by id within each list; plans by (seller, month).
//! - **Merge never deletes.** An item on one side only is kept, whichever side it is on: a
//!   teammate's file that lacks an item does not remove it, and an item deleted here that the
//!   teammate still has comes back. Deleting is done with the Data section, after merging.
//! - **Both sides differ, deals.** The deal with the larger `updated_at` is kept
//!   ([`ConflictReason::NewerUpdatedAt`]). Equal `updated_at` with different contents: the
//!   content tie-break below ([`ConflictReason::SameTimeTieBreak`]). Two deals that differ only
//!   in `updated_at` are no conflict: the newer is kept silently.
//! - **Both sides differ, everything else** (no timestamps in the model): the content tie-break
//!   ([`ConflictReason::ContentTieBreak`]). Keeping "ours" by default would make the result depend
//!   on which file is opened first; the tie-break does not.
//! - **Content tie-break.** The two versions are compared field by field in declaration order
//!   (strings by bytes, ids and numbers numerically, `None` before `Some`, lists element by
//!   element; the id itself and a deal's `updated_at` excluded), and the greater one is kept. It
//!   is arbitrary but depends only on the two contents, never on argument order.
//! - **Every differing pair is a [`Conflict`]** (besides timestamp-only deal differences), saying
//!   which side was kept and why, so the head can take the other side with
//!   [`merge_with_choices`]. There is no common ancestor, so "changed on both sides" cannot be
//!   told from "changed on one side": every difference is listed.
//! - **Stages and their deals.** A stage whose two versions differ in being open or closed
//!   (won/lost) is taken from the side whose kind fits the close dates of the merged deals in it,
//!   even against the tie-break ([`ConflictReason::FitsDeals`]). If the pipeline would then have
//!   no open stage, the differing stage of smallest id whose other version is open (and has no
//!   closed deal in it) is taken open ([`ConflictReason::KeepsOpenStage`]).
//! - **Order of every list.** The result follows the order of one side, the *base*: the side
//!   whose list is longer, or for equal lengths the one whose sequence of ids (keys for plans) is
//!   lexicographically greater. Items only on the other side follow the nearest item before
//!   them in the other side's list that the base also has (at the front if none), keeping
//!   their own order. For stages this keeps the
//!   pipeline order of the base and puts a teammate's new stage after the stage it followed
//!   there. When the two sides order their common stages differently, the base's order wins and
//!   [`MergeReport::stage_order`] says whose it was.
//! - **Names.** `validate` does not require unique names, but the forms do ([`name_key`]). Two
//!   items with different ids and the same name (say both teammates created "Acme") are both
//!   kept, unchanged, and listed in [`MergeReport::name_clashes`]; the head merges them with
//!   `edit::reassign_and_delete` if they are the same thing. Mapping by name would silently
//!   merge two different people who share a name.
//! - **Currency.** Different currencies are refused ([`MergeError::CurrencyMismatch`]): amounts
//!   cannot be converted.
//! - **Soundness.** Both inputs must validate ([`MergeError::InvalidInput`]). The result is
//!   validated too; the only way it can fail is two files that changed one stage's kind with
//!   deals of both kinds in it (or a choice forcing such a combination), refused with
//!   [`MergeError::Incompatible`].
//!
//! # Properties (checked by `tests/merge_props.rs`)
//!
//! `merge(a, b)` and `merge(b, a)` give the same workspace, lists in the same order (only the
//! report differs); `merge(a, a) == a`; `merge(merge(a, b), b) == merge(a, b)`; the result
//! validates and survives a JSON round trip.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use chrono::NaiveDate;

use super::edit::name_key;
use super::model::*;
use super::validate::{Problem, validate};

/// Which of the two workspaces an item came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The workspace open in the app.
    Ours,
    /// The teammate's file.
    Theirs,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        }
    }

    /// A stable code, used as the key of the translated label.
    pub fn code(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }
}

/// The lists of a workspace, in the order reports list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    Seller,
    Client,
    Contact,
    Direction,
    Stage,
    Deal,
    Plan,
    Role,
    DealType,
}

impl ItemKind {
    pub const ALL: [ItemKind; 9] = [
        ItemKind::Seller,
        ItemKind::Client,
        ItemKind::Contact,
        ItemKind::Direction,
        ItemKind::Stage,
        ItemKind::Deal,
        ItemKind::Plan,
        ItemKind::Role,
        ItemKind::DealType,
    ];

    /// A stable code, used as the key of the translated label.
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Seller => "seller",
            ItemKind::Client => "client",
            ItemKind::Contact => "contact",
            ItemKind::Direction => "direction",
            ItemKind::Stage => "stage",
            ItemKind::Deal => "deal",
            ItemKind::Plan => "plan",
            ItemKind::Role => "role",
            ItemKind::DealType => "deal_type",
        }
    }
}

/// Why one version of a differing item was kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConflictReason {
    /// Deals: the kept version has the larger `updated_at`.
    NewerUpdatedAt,
    /// Deals: same `updated_at`, different contents; the content tie-break decided.
    SameTimeTieBreak,
    /// Items without a timestamp: the content tie-break decided.
    ContentTieBreak,
    /// Stages: the tie-break's choice was open/closed against the close dates of the deals in it.
    FitsDeals,
    /// Stages: kept open so that the pipeline has an open stage.
    KeepsOpenStage,
    /// The caller chose this side ([`merge_with_choices`]).
    Chosen,
}

impl ConflictReason {
    /// A stable code, used as the key of the translated message.
    pub fn code(self) -> &'static str {
        match self {
            ConflictReason::NewerUpdatedAt => "newer_updated_at",
            ConflictReason::SameTimeTieBreak => "same_time_tie_break",
            ConflictReason::ContentTieBreak => "content_tie_break",
            ConflictReason::FitsDeals => "fits_deals",
            ConflictReason::KeepsOpenStage => "keeps_open_stage",
            ConflictReason::Chosen => "chosen",
        }
    }
}

/// An item that differs between the two sides: which version was kept and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub kind: ItemKind,
    /// The item's id; for plans [`plan_key`] of its seller and month. Pass it back in
    /// [`merge_with_choices`] to take the other side.
    pub id: u64,
    /// Display name from the kept side (a deal's title; for a plan "seller · YYYY-MM").
    pub name: String,
    pub kept: Side,
    pub reason: ConflictReason,
}

/// Items of one list with different ids and the same name (as the forms compare names) that the
/// merge brought together; contacts clash only within one client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameClash {
    pub kind: ItemKind,
    /// Every item of the list with that name, in the merged list's order.
    pub ids: Vec<u64>,
    /// The name as the first of them spells it.
    pub name: String,
}

/// What a merge did, counted from our side's point of view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Items only in their file, now added, per list (lists with none are left out), in
    /// [`ItemKind::ALL`] order.
    pub added: Vec<(ItemKind, usize)>,
    /// Items on both sides that differ, where their version was kept.
    pub updated: usize,
    /// Items on both sides that are identical.
    pub unchanged: usize,
    /// Items on both sides that differ, where our version was kept.
    pub kept_ours: usize,
    /// Items only in our workspace (kept: merge never deletes).
    pub only_ours: usize,
    /// Every differing item (except deals differing only in `updated_at`), in
    /// [`ItemKind::ALL`] order, then in the merged list's order.
    pub conflicts: Vec<Conflict>,
    /// Same-named items the merge brought together (see the module doc).
    pub name_clashes: Vec<NameClash>,
    /// `Some(side)` when the two sides order their common stages differently: the pipeline
    /// follows that side's order.
    pub stage_order: Option<Side>,
}

impl MergeReport {
    /// How many items were added in all.
    pub fn added_total(&self) -> usize {
        self.added.iter().map(|(_, n)| n).sum()
    }

    /// How many items of one list were added.
    pub fn added_of(&self, kind: ItemKind) -> usize {
        self.added
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }

    /// True when merging changed nothing in our workspace.
    pub fn is_noop(&self) -> bool {
        self.added.is_empty() && self.updated == 0
    }
}

/// Why a merge was refused. Nothing changes when it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("the currencies differ: {ours} here, {theirs} in the file")]
    CurrencyMismatch { ours: String, theirs: String },
    #[error("the {} workspace has {} problem(s)", .side.code(), .problems.len())]
    InvalidInput { side: Side, problems: Vec<Problem> },
    #[error("the merged workspace would have {} problem(s)", .0.len())]
    Incompatible(Vec<Problem>),
}

impl MergeError {
    /// A stable code, used as the key of the translated message.
    pub fn code(&self) -> &'static str {
        match self {
            MergeError::CurrencyMismatch { .. } => "currency_mismatch",
            MergeError::InvalidInput { .. } => "invalid_input",
            MergeError::Incompatible(_) => "incompatible",
        }
    }
}

/// A plan's stable 64-bit key in [`Conflict::id`] and in choices: a fixed hash of its seller id
/// and month (the same in every build and on every machine). Distinct months of one seller never
/// collide; plans of two sellers could in theory (odds ~2⁻⁶⁴ per pair), and then a choice
/// would apply to both.
pub fn plan_key(seller: SellerId, month: YearMonth) -> u64 {
    let ym = (i64::from(month.year) as u64)
        .wrapping_mul(16)
        .wrapping_add(u64::from(month.month & 15));
    mix64(seller.0 ^ mix64(ym ^ 0x5041_4C41_4E00_0000))
}

/// SplitMix64's finalizer: a bijection on `u64`.
fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Merges their workspace into ours (see the module doc for every rule).
pub fn merge(ours: &Workspace, theirs: &Workspace) -> Result<(Workspace, MergeReport), MergeError> {
    merge_with_choices(ours, theirs, &[])
}

/// Re-runs the merge keeping the given side for each listed item (the UI's "take the other side
/// instead"). An item is named by kind and [`Conflict::id`]; a choice for an item that is not on
/// both sides, or is identical there, changes nothing; of two choices for one item the last wins.
pub fn merge_with_choices(
    ours: &Workspace,
    theirs: &Workspace,
    choices: &[(ItemKind, u64, Side)],
) -> Result<(Workspace, MergeReport), MergeError> {
    if ours.currency != theirs.currency {
        return Err(MergeError::CurrencyMismatch {
            ours: ours.currency.clone(),
            theirs: theirs.currency.clone(),
        });
    }
    for (side, ws) in [(Side::Ours, ours), (Side::Theirs, theirs)] {
        let problems = validate(ws);
        if !problems.is_empty() {
            return Err(MergeError::InvalidInput { side, problems });
        }
    }
    let choices: HashMap<(ItemKind, u64), Side> =
        choices.iter().map(|&(k, id, s)| ((k, id), s)).collect();

    let sellers = merge_list(&ours.sellers, &theirs.sellers, &choices);
    let clients = merge_list(&ours.clients, &theirs.clients, &choices);
    let contacts = merge_list(&ours.contacts, &theirs.contacts, &choices);
    let directions = merge_list(&ours.directions, &theirs.directions, &choices);
    let mut stages = merge_list(&ours.stages, &theirs.stages, &choices);
    let deals = merge_list(&ours.deals, &theirs.deals, &choices);
    let plans = merge_list(&ours.plans, &theirs.plans, &choices);
    let roles = merge_list(&ours.roles, &theirs.roles, &choices);
    let deal_types = merge_list(&ours.deal_types, &theirs.deal_types, &choices);

    let merged_deals = deals.build(&ours.deals, &theirs.deals);
    settle_stages(&mut stages, &ours.stages, &theirs.stages, &merged_deals);

    let ws = Workspace {
        currency: ours.currency.clone(),
        sellers: sellers.build(&ours.sellers, &theirs.sellers),
        clients: clients.build(&ours.clients, &theirs.clients),
        contacts: contacts.build(&ours.contacts, &theirs.contacts),
        directions: directions.build(&ours.directions, &theirs.directions),
        stages: stages.build(&ours.stages, &theirs.stages),
        deals: merged_deals,
        plans: plans.build(&ours.plans, &theirs.plans),
        roles: roles.build(&ours.roles, &theirs.roles),
        deal_types: deal_types.build(&ours.deal_types, &theirs.deal_types),
    };
    let problems = validate(&ws);
    if !problems.is_empty() {
        return Err(MergeError::Incompatible(problems));
    }

    let mut report = MergeReport {
        stage_order: stage_order(&ours.stages, &theirs.stages, stages.base),
        ..MergeReport::default()
    };
    sellers.report(&mut report, &ws.sellers, &ws);
    clients.report(&mut report, &ws.clients, &ws);
    contacts.report(&mut report, &ws.contacts, &ws);
    directions.report(&mut report, &ws.directions, &ws);
    stages.report(&mut report, &ws.stages, &ws);
    deals.report(&mut report, &ws.deals, &ws);
    plans.report(&mut report, &ws.plans, &ws);
    roles.report(&mut report, &ws.roles, &ws);
    deal_types.report(&mut report, &ws.deal_types, &ws);
    report.name_clashes = name_clashes(ours, &ws);
    Ok((ws, report))
}

// ---------------------------------------------------------------------------------------------
// One list
// ---------------------------------------------------------------------------------------------

/// What the merge needs to know of an item of a list.
trait Item: Clone + PartialEq {
    type Key: Copy + Eq + Hash + Ord;
    const KIND: ItemKind;
    fn key(&self) -> Self::Key;
    /// The key as [`Conflict::id`] spells it.
    fn id_of(key: Self::Key) -> u64;
    /// A total order of the contents, the id and the timestamp aside: `Equal` exactly when the
    /// two items are equal but for those. Each impl destructures the whole item, so a new field
    /// in the model does not compile until it is compared here.
    fn content_cmp(&self, other: &Self) -> Ordering;
    /// Deals' `updated_at`.
    fn stamp(&self) -> Option<i64> {
        None
    }
    fn display(&self, ws: &Workspace) -> String;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pick {
    Ours(usize),
    Theirs(usize),
}

/// An item present on both sides.
struct Pair {
    ours: usize,
    theirs: usize,
    /// Its position in [`ListMerge::picks`].
    out: usize,
    identical: bool,
    kept: Side,
    /// `Some` for a conflict; `None` when identical or differing only in `updated_at`.
    reason: Option<ConflictReason>,
}

struct ListMerge {
    /// The merged list, in order.
    picks: Vec<Pick>,
    pairs: Vec<Pair>,
    /// Whose order the list follows.
    base: Side,
}

fn merge_list<T: Item>(
    ours: &[T],
    theirs: &[T],
    choices: &HashMap<(ItemKind, u64), Side>,
) -> ListMerge {
    let index = |list: &[T]| -> HashMap<T::Key, usize> {
        let mut map = HashMap::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            map.entry(item.key()).or_insert(i);
        }
        map
    };
    let ours_at = index(ours);
    let theirs_at = index(theirs);
    let base = match ours.len().cmp(&theirs.len()) {
        Ordering::Greater => Side::Ours,
        Ordering::Less => Side::Theirs,
        Ordering::Equal => {
            if ours.iter().map(T::key).cmp(theirs.iter().map(T::key)) == Ordering::Less {
                Side::Theirs
            } else {
                Side::Ours
            }
        }
    };
    let (base_list, other_list, other_at) = match base {
        Side::Ours => (ours, theirs, &theirs_at),
        Side::Theirs => (theirs, ours, &ours_at),
    };
    let base_at = match base {
        Side::Ours => &ours_at,
        Side::Theirs => &theirs_at,
    };
    let pick = |side: Side, i: usize| match side {
        Side::Ours => Pick::Ours(i),
        Side::Theirs => Pick::Theirs(i),
    };

    // Items only on the other side, grouped by the base item they follow (slot 0: the front).
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); base_list.len() + 1];
    let mut slot = 0;
    for (j, item) in other_list.iter().enumerate() {
        match base_at.get(&item.key()) {
            Some(&i) => slot = i + 1,
            None => after[slot].push(j),
        }
    }

    let mut out = ListMerge {
        picks: Vec::with_capacity(base_list.len() + other_list.len()),
        pairs: Vec::new(),
        base,
    };
    let mut seen = HashSet::with_capacity(base_list.len());
    for (s, extras) in after.iter().enumerate() {
        if s > 0 {
            let i = s - 1;
            let item = &base_list[i];
            let key = item.key();
            // A repeated key (only in an invalid list) is kept once.
            if seen.insert(key) {
                match other_at.get(&key) {
                    None => out.picks.push(pick(base, i)),
                    Some(&j) => {
                        let (o, t) = match base {
                            Side::Ours => (i, j),
                            Side::Theirs => (j, i),
                        };
                        let pair = resolve(&ours[o], &theirs[t], o, t, out.picks.len(), choices);
                        out.picks
                            .push(pick(pair.kept, if pair.kept == base { i } else { j }));
                        out.pairs.push(pair);
                    }
                }
            }
        }
        for &j in extras {
            if seen.insert(other_list[j].key()) {
                out.picks.push(pick(base.other(), j));
            }
        }
    }
    out
}

fn resolve<T: Item>(
    o: &T,
    t: &T,
    oi: usize,
    ti: usize,
    out: usize,
    choices: &HashMap<(ItemKind, u64), Side>,
) -> Pair {
    let mut pair = Pair {
        ours: oi,
        theirs: ti,
        out,
        identical: o == t,
        kept: Side::Ours,
        reason: None,
    };
    if pair.identical {
        return pair;
    }
    let content = o.content_cmp(t);
    let stamps = o.stamp().cmp(&t.stamp());
    pair.kept = if stamps.then(content) == Ordering::Less {
        Side::Theirs
    } else {
        Side::Ours
    };
    pair.reason = match (content, stamps) {
        (Ordering::Equal, _) => None,
        (_, Ordering::Less | Ordering::Greater) => Some(ConflictReason::NewerUpdatedAt),
        _ if o.stamp().is_some() => Some(ConflictReason::SameTimeTieBreak),
        _ => Some(ConflictReason::ContentTieBreak),
    };
    if let Some(&side) = choices.get(&(T::KIND, T::id_of(o.key()))) {
        pair.kept = side;
        if pair.reason.is_some() {
            pair.reason = Some(ConflictReason::Chosen);
        }
    }
    pair
}

impl ListMerge {
    fn build<T: Clone>(&self, ours: &[T], theirs: &[T]) -> Vec<T> {
        self.picks
            .iter()
            .filter_map(|p| match *p {
                Pick::Ours(i) => ours.get(i).cloned(),
                Pick::Theirs(i) => theirs.get(i).cloned(),
            })
            .collect()
    }

    /// Takes the other version of a pair.
    fn flip(&mut self, pair: usize, reason: ConflictReason) {
        let Some(p) = self.pairs.get_mut(pair) else {
            return;
        };
        p.kept = p.kept.other();
        p.reason = Some(reason);
        if let Some(slot) = self.picks.get_mut(p.out) {
            *slot = match p.kept {
                Side::Ours => Pick::Ours(p.ours),
                Side::Theirs => Pick::Theirs(p.theirs),
            };
        }
    }

    /// Adds this list's counts and conflicts; `merged` is the built list.
    fn report<T: Item>(&self, r: &mut MergeReport, merged: &[T], ws: &Workspace) {
        let ours_only = self
            .picks
            .iter()
            .filter(|p| matches!(p, Pick::Ours(_)))
            .count()
            - self.pairs.iter().filter(|p| p.kept == Side::Ours).count();
        let theirs_only = self.picks.len() - self.pairs.len() - ours_only;
        if theirs_only > 0 {
            r.added.push((T::KIND, theirs_only));
        }
        r.only_ours += ours_only;
        for p in &self.pairs {
            match (p.identical, p.kept) {
                (true, _) => r.unchanged += 1,
                (false, Side::Theirs) => r.updated += 1,
                (false, Side::Ours) => r.kept_ours += 1,
            }
            if let (Some(reason), Some(item)) = (p.reason, merged.get(p.out)) {
                r.conflicts.push(Conflict {
                    kind: T::KIND,
                    id: T::id_of(item.key()),
                    name: item.display(ws),
                    kept: p.kept,
                    reason,
                });
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Stages
// ---------------------------------------------------------------------------------------------

/// Applies the stage rules of the module doc: fit the merged deals' close dates, keep an open
/// stage.
fn settle_stages(stages: &mut ListMerge, ours: &[Stage], theirs: &[Stage], deals: &[Deal]) {
    // (has an open deal, has a closed deal) per stage.
    let mut in_stage: HashMap<StageId, (bool, bool)> = HashMap::new();
    for d in deals {
        let e = in_stage.entry(d.stage).or_default();
        if d.closed.is_some() {
            e.1 = true;
        } else {
            e.0 = true;
        }
    }
    let fits = |s: &Stage| {
        let (open, closed) = in_stage.get(&s.id).copied().unwrap_or_default();
        if s.kind == StageKind::Open {
            !closed
        } else {
            !open
        }
    };
    let version = |p: &Pair, side: Side| match side {
        Side::Ours => ours.get(p.ours),
        Side::Theirs => theirs.get(p.theirs),
    };
    let tie_broken = |p: &Pair| p.reason == Some(ConflictReason::ContentTieBreak);

    let mut flips = Vec::new();
    for (i, p) in stages.pairs.iter().enumerate() {
        if let (true, Some(kept), Some(other)) = (
            tie_broken(p),
            version(p, p.kept),
            version(p, p.kept.other()),
        ) && !fits(kept)
            && fits(other)
        {
            flips.push(i);
        }
    }
    for i in flips {
        stages.flip(i, ConflictReason::FitsDeals);
    }

    let any_open = stages.picks.iter().any(|p| {
        let s = match *p {
            Pick::Ours(i) => ours.get(i),
            Pick::Theirs(i) => theirs.get(i),
        };
        s.is_some_and(|s| s.kind == StageKind::Open)
    });
    if !any_open {
        let candidate = stages
            .pairs
            .iter()
            .enumerate()
            .filter(|(_, p)| tie_broken(p))
            .filter_map(|(i, p)| Some((i, version(p, p.kept.other())?)))
            .filter(|(_, s)| s.kind == StageKind::Open && fits(s))
            .min_by_key(|(_, s)| s.id)
            .map(|(i, _)| i);
        if let Some(i) = candidate {
            stages.flip(i, ConflictReason::KeepsOpenStage);
        }
    }
}

/// `Some(base)` when the two sides order their common stages differently.
fn stage_order(ours: &[Stage], theirs: &[Stage], base: Side) -> Option<Side> {
    let ids = |a: &[Stage], b: &[Stage]| -> Vec<StageId> {
        let other: HashSet<StageId> = b.iter().map(|s| s.id).collect();
        a.iter()
            .map(|s| s.id)
            .filter(|id| other.contains(id))
            .collect()
    };
    (ids(ours, theirs) != ids(theirs, ours)).then_some(base)
}

// ---------------------------------------------------------------------------------------------
// Name clashes
// ---------------------------------------------------------------------------------------------

fn name_clashes(ours: &Workspace, merged: &Workspace) -> Vec<NameClash> {
    let mut out = Vec::new();
    let named = |v: &[(u64, u64, &str)]| -> Vec<(u64, u64, String, String)> {
        v.iter()
            .map(|&(scope, id, name)| (scope, id, name_key(name), name.to_string()))
            .collect()
    };
    macro_rules! list {
        ($kind:expr, $field:ident, $scope:expr) => {{
            let of = |ws: &Workspace| -> Vec<(u64, u64, String, String)> {
                let v: Vec<(u64, u64, &str)> = ws
                    .$field
                    .iter()
                    .map(|x| ($scope(x), x.id.0, x.name.as_str()))
                    .collect();
                named(&v)
            };
            clashes_in($kind, &of(ours), &of(merged), &mut out);
        }};
    }
    list!(ItemKind::Seller, sellers, |_: &Seller| 0);
    list!(ItemKind::Client, clients, |_: &Client| 0);
    list!(ItemKind::Contact, contacts, |c: &Contact| c.client.0);
    list!(ItemKind::Direction, directions, |_: &Direction| 0);
    list!(ItemKind::Stage, stages, |_: &Stage| 0);
    list!(ItemKind::Role, roles, |_: &Role| 0);
    list!(ItemKind::DealType, deal_types, |_: &DealType| 0);
    out
}

/// Groups of (scope, name key) that hold more items after the merge than before it.
fn clashes_in(
    kind: ItemKind,
    ours: &[(u64, u64, String, String)],
    merged: &[(u64, u64, String, String)],
    out: &mut Vec<NameClash>,
) {
    let mut before: HashMap<(u64, &str), usize> = HashMap::new();
    for (scope, _, key, _) in ours {
        *before.entry((*scope, key.as_str())).or_default() += 1;
    }
    let mut groups: Vec<NameClash> = Vec::new();
    let mut at: HashMap<(u64, &str), usize> = HashMap::new();
    for (scope, id, key, name) in merged {
        match at.get(&(*scope, key.as_str())) {
            Some(&g) => groups[g].ids.push(*id),
            None => {
                at.insert((*scope, key.as_str()), groups.len());
                groups.push(NameClash {
                    kind,
                    ids: vec![*id],
                    name: name.clone(),
                });
            }
        }
    }
    let mut order: Vec<(usize, (u64, &str))> = at.into_iter().map(|(k, g)| (g, k)).collect();
    order.sort_unstable_by_key(|(g, _)| *g);
    for (g, k) in order {
        let group = &groups[g];
        if group.ids.len() > 1 && group.ids.len() > before.get(&k).copied().unwrap_or(0) {
            out.push(group.clone());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------

fn kind_rank(k: StageKind) -> u8 {
    match k {
        StageKind::Open => 0,
        StageKind::Won => 1,
        StageKind::Lost => 2,
    }
}

fn entry_key(e: &StageEntry) -> (StageId, NaiveDate) {
    let StageEntry { stage, entered } = e;
    (*stage, *entered)
}

fn step_key(s: &Option<NextStep>) -> Option<(&str, Option<NaiveDate>, bool)> {
    s.as_ref().map(|s| {
        let NextStep { text, due, done } = s;
        (text.as_str(), *due, *done)
    })
}

impl Item for Seller {
    type Key = SellerId;
    const KIND: ItemKind = ItemKind::Seller;
    fn key(&self) -> SellerId {
        self.id
    }
    fn id_of(key: SellerId) -> u64 {
        key.0
    }
    fn content_cmp(&self, o: &Self) -> Ordering {
        let Seller { id: _, name } = self;
        name.cmp(&o.name)
    }
    fn display(&self, _: &Workspace) -> String {
        self.name.clone()
    }
}

impl Item for Client {
    type Key = ClientId;
    const KIND: ItemKind = ItemKind::Client;
    fn key(&self) -> ClientId {
        self.id
    }
    fn id_of(key: ClientId) -> u64 {
        key.0
    }
    fn content_cmp(&self, o: &Self) -> Ordering {
        let Client {
            id: _,
            name,
            segment,
            key,
            no_client,
        } = self;
        (name, segment, key, no_client).cmp(&(&o.name, &o.segment, &o.key, &o.no_client))
    }
    fn display(&self, _: &Workspace) -> String {
        self.name.clone()
    }
}

impl Item for Contact {
    type Key = ContactId;
    const KIND: ItemKind = ItemKind::Contact;
    fn key(&self) -> ContactId {
        self.id
    }
    fn id_of(key: ContactId) -> u64 {
        key.0
    }
    fn content_cmp(&self, o: &Self) -> Ordering {
        let Contact {
            id: _,
            client,
            name,
            position,
            role,
            level,
        } = self;
        (client, name, position, role, level).cmp(&(
            &o.client,
            &o.name,
            &o.position,
            &o.role,
            &o.level,
        ))
    }
    fn display(&self, _: &Workspace) -> String {
        self.name.clone()
    }
}

impl Item for Direction {
    type Key = DirectionId;
    const KIND: ItemKind = ItemKind::Direction;
    fn key(&self) -> DirectionId {
        self.id
    }
    fn id_of(key: DirectionId) -> u64 {
        key.0
    }
    fn content_cmp(&self, o: &Self) -> Ordering {
        let Direction { id: _, name } = self;
        name.cmp(&o.name)
    }
    fn display(&self, _: &Workspace) -> String {
        self.name.clone()
    }
}

impl Item for Stage {
    type Key = StageId;
    const KIND: ItemKind = ItemKind::Stage;
    fn key(&self) -> StageId {
        self.id
    }
    fn id_of(key: StageId) -> u64 {
        key.0
    }
    fn content_cmp(&self, o: &Self) -> Ordering {
        let Stage {
            id: _,
            name,
            kind,
            probability,
            rotting_days,
            forecast_category,
        } = self;
        (
            name,
            kind_rank(*kind),
            probability,
            rotting_days,
            forecast_category,
        )
            .cmp(&(
                &o.name,
                kind_rank(o.kind),
                &o.probability,
                &o.rotting_days,
                &o.forecast_category,
            ))
    }
    fn display(&self, _: &Workspace) -> String {
        self.name.clone()
    }
}

impl Item for Deal {
    type Key = DealId;
    const KIND: ItemKind = ItemKind::Deal;
    fn key(&self) -> DealId {
        self.id
    }
    fn id_of(key: DealId) -> u64 {
        key.0
    }
    fn content_cmp(&self, o: &Self) -> Ordering {
        let Deal {
            id: _,
            title,
            client,
            seller,
            direction,
            deal_type,
            amount,
            probability,
            stage,
            created,
            expected_close,
            closed,
            history,
            next_step,
            lost_reason,
            contacts,
            forecast_category,
            updated_at: _,
        } = self;
        (
            title,
            client,
            seller,
            direction,
            deal_type,
            amount,
            probability,
        )
            .cmp(&(
                &o.title,
                &o.client,
                &o.seller,
                &o.direction,
                &o.deal_type,
                &o.amount,
                &o.probability,
            ))
            .then_with(|| {
                (stage, created, expected_close, closed).cmp(&(
                    &o.stage,
                    &o.created,
                    &o.expected_close,
                    &o.closed,
                ))
            })
            .then_with(|| {
                history
                    .iter()
                    .map(entry_key)
                    .cmp(o.history.iter().map(entry_key))
            })
            .then_with(|| step_key(next_step).cmp(&step_key(&o.next_step)))
            .then_with(|| {
                (lost_reason, contacts, forecast_category).cmp(&(
                    &o.lost_reason,
                    &o.contacts,
                    &o.forecast_category,
                ))
            })
    }
    fn stamp(&self) -> Option<i64> {
        Some(self.updated_at)
    }
    fn display(&self, _: &Workspace) -> String {
        self.title.clone()
    }
}

impl Item for Plan {
    type Key = (SellerId, YearMonth);
    const KIND: ItemKind = ItemKind::Plan;
    fn key(&self) -> (SellerId, YearMonth) {
        (self.seller, self.month)
    }
    fn id_of((seller, month): (SellerId, YearMonth)) -> u64 {
        plan_key(seller, month)
    }
    fn content_cmp(&self, o: &Self) -> Ordering {
        let Plan {
            seller: _,
            month: _,
            amount,
        } = self;
        amount.cmp(&o.amount)
    }
    fn display(&self, ws: &Workspace) -> String {
        let seller = ws.seller(self.seller).map_or("", |s| s.name.as_str());
        format!("{seller} · {}", self.month)
    }
}

impl Item for Role {
    type Key = RoleId;
    const KIND: ItemKind = ItemKind::Role;
    fn key(&self) -> RoleId {
        self.id
    }
    fn id_of(key: RoleId) -> u64 {
        key.0
    }
    fn content_cmp(&self, o: &Self) -> Ordering {
        let Role {
            id: _,
            name,
            target,
        } = self;
        (name, target).cmp(&(&o.name, &o.target))
    }
    fn display(&self, _: &Workspace) -> String {
        self.name.clone()
    }
}

impl Item for DealType {
    type Key = DealTypeId;
    const KIND: ItemKind = ItemKind::DealType;
    fn key(&self) -> DealTypeId {
        self.id
    }
    fn id_of(key: DealTypeId) -> u64 {
        key.0
    }
    fn content_cmp(&self, o: &Self) -> Ordering {
        let DealType { id: _, name } = self;
        name.cmp(&o.name)
    }
    fn display(&self, _: &Workspace) -> String {
        self.name.clone()
    }
}
