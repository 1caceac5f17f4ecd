//! The Pipeline reports: by clients (seller → client → deal), by stages (seller × open stage grid
//! with a team average) and by forecast (stage → seller → client → deal).
//!
//! All three run over the same set of deals, "the pipeline": open deals (stage kind `open`) that
//! pass the filter bar's dimensions (seller, direction, deal type). **The period is ignored**: the
//! pipeline is a snapshot of what is open now, as `filter.rs` says for open deals. A deal whose
//! stage, seller or client is missing from the workspace (validation reports those) is left out,
//! so every level of every report adds up to the same total.
//!
//! Speed: each report is built once per filter change from one pass over `ws.deals` plus one sort
//! of the selected deals (O(n log n)). A [`Tree`] keeps its nodes in one arena in breadth-first
//! order, every node's children as a contiguous slice of a link array, so listing a node's children
//! is O(children) and never re-scans the deals. Sorting permutes those slices in place.
//!
//! Node identity for the UI and the URL is a [`NodePath`] of entity ids (`st2/s3/c17/d42`), not
//! positions or arena indices, so an [`Expansion`] survives filter changes, edits and reloads.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use super::filter::Filter;
use super::index::{DealIndex, NONE};
use super::model::*;
use super::money::{Money, Weighted};

// ---------------------------------------------------------------------------------------------
// The deal set
// ---------------------------------------------------------------------------------------------

/// Count and sums over a set of open deals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Aggregate {
    /// Number of deals.
    pub count: u32,
    /// Sum of amounts.
    pub amount: Money,
    /// Sum of weighted amounts (exact; round with [`Weighted::round`] for display).
    pub weighted: Weighted,
    /// How many of the deals are overdue (open, expected close before today).
    pub overdue: u32,
}

impl Aggregate {
    /// Adds another aggregate into this one.
    pub fn add(&mut self, other: &Aggregate) {
        self.count += other.count;
        self.amount += other.amount;
        self.weighted += other.weighted;
        self.overdue += other.overdue;
    }
}

/// Calls `f(deal position, stage position, that deal's aggregate)` for every deal in the pipeline
/// (open, passing the dimension filters, with known stage, seller and client), in list order.
/// This is the one definition of the deal set every pipeline report uses.
fn for_each_open(
    ws: &Workspace,
    ix: &DealIndex,
    filter: &Filter,
    today: NaiveDate,
    mut f: impl FnMut(usize, usize, Aggregate),
) {
    let df = ix.dense(filter);
    // A stale index (built for another workspace) must not panic; it just covers fewer deals.
    let n = ws
        .deals
        .len()
        .min(ix.stage.len())
        .min(ix.seller.len())
        .min(ix.client.len())
        .min(ix.direction.len())
        .min(ix.deal_type.len());
    for i in 0..n {
        if !df.selects(ix, i) {
            continue;
        }
        let (st, se, cl) = (ix.stage[i], ix.seller[i], ix.client[i]);
        if st == NONE
            || se == NONE
            || cl == NONE
            || se as usize >= ws.sellers.len()
            || cl as usize >= ws.clients.len()
        {
            continue;
        }
        let Some(stage) = ws.stages.get(st as usize) else {
            continue;
        };
        if stage.kind != StageKind::Open {
            continue;
        }
        let deal = &ws.deals[i];
        let p = effective_probability(stage, deal.probability);
        let overdue = is_overdue(deal, today);
        f(
            i,
            st as usize,
            Aggregate {
                count: 1,
                amount: deal.amount,
                weighted: deal.amount.weighted(p),
                overdue: overdue as u32,
            },
        );
    }
}

/// Overdue per the metrics: expected close strictly before today (the caller checks it is open).
fn is_overdue(deal: &Deal, today: NaiveDate) -> bool {
    deal.expected_close.is_some_and(|e| e < today)
}

// ---------------------------------------------------------------------------------------------
// Node identity: keys (positions) and paths (ids)
// ---------------------------------------------------------------------------------------------

/// What a tree groups by at one level; the deal level always comes last and is implied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Stage,
    Seller,
    Client,
}

impl Level {
    /// Stable key, used in CSV headers ("stage", "seller", "client").
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Stage => "stage",
            Level::Seller => "seller",
            Level::Client => "client",
        }
    }

    /// The position of this level's entity for deal `i`.
    fn position(self, ix: &DealIndex, i: usize) -> u32 {
        match self {
            Level::Stage => ix.stage[i],
            Level::Seller => ix.seller[i],
            Level::Client => ix.client[i],
        }
    }
}

/// What a tree node stands for, as a position in the workspace's lists (`ws.stages[p]`,
/// `ws.sellers[p]`, `ws.clients[p]`, `ws.deals[p]`). Valid only for the workspace the tree was
/// built from; use [`PathStep`] for anything that must outlive it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKey {
    Stage(usize),
    Seller(usize),
    Client(usize),
    Deal(usize),
}

impl NodeKey {
    /// The deal position, for deal rows.
    pub fn deal(self) -> Option<usize> {
        match self {
            NodeKey::Deal(p) => Some(p),
            _ => None,
        }
    }

    /// Stable key of the node's kind ("stage", "seller", "client", "deal").
    pub fn kind_str(self) -> &'static str {
        match self {
            NodeKey::Stage(_) => "stage",
            NodeKey::Seller(_) => "seller",
            NodeKey::Client(_) => "client",
            NodeKey::Deal(_) => "deal",
        }
    }
}

/// The display name of a node: stage, seller or client name, or deal title ("" if out of range).
/// Pass `|k| key_name(ws, k)` to [`Tree::sort`].
pub fn key_name(ws: &Workspace, key: NodeKey) -> &str {
    match key {
        NodeKey::Stage(p) => ws.stages.get(p).map(|s| s.name.as_str()),
        NodeKey::Seller(p) => ws.sellers.get(p).map(|s| s.name.as_str()),
        NodeKey::Client(p) => ws.clients.get(p).map(|s| s.name.as_str()),
        NodeKey::Deal(p) => ws.deals.get(p).map(|s| s.title.as_str()),
    }
    .unwrap_or("")
}

/// One step of a node's stable identity: the entity id at that level.
/// Written `st<id>` (stage), `s<id>` (seller), `c<id>` (client), `d<id>` (deal).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathStep {
    Stage(StageId),
    Seller(SellerId),
    Client(ClientId),
    Deal(DealId),
}

impl fmt::Display for PathStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathStep::Stage(id) => write!(f, "st{}", id.0),
            PathStep::Seller(id) => write!(f, "s{}", id.0),
            PathStep::Client(id) => write!(f, "c{}", id.0),
            PathStep::Deal(id) => write!(f, "d{}", id.0),
        }
    }
}

/// Why a node path or an expansion string could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("empty node path")]
    Empty,
    #[error("bad node path step `{0}`")]
    BadStep(String),
}

impl FromStr for PathStep {
    type Err = PathError;
    fn from_str(s: &str) -> Result<Self, PathError> {
        let bad = || PathError::BadStep(s.to_string());
        let (make, digits): (fn(u64) -> PathStep, &str) = if let Some(d) = s.strip_prefix("st") {
            (|v| PathStep::Stage(StageId(v)), d)
        } else if let Some(d) = s.strip_prefix('s') {
            (|v| PathStep::Seller(SellerId(v)), d)
        } else if let Some(d) = s.strip_prefix('c') {
            (|v| PathStep::Client(ClientId(v)), d)
        } else if let Some(d) = s.strip_prefix('d') {
            (|v| PathStep::Deal(DealId(v)), d)
        } else {
            return Err(bad());
        };
        // Digits only, so "s+3" or "s 3" are rejected and every accepted path prints back alike.
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        digits.parse::<u64>().map(make).map_err(|_| bad())
    }
}

/// A node's stable identity: the entity ids from the root down, e.g. `st2/s3/c17/d42`.
/// Made of ids, not positions, so it names the same row after a filter change or a reload.
/// Hashes and compares like its slice, so a `HashSet<NodePath>` can be queried with `&[PathStep]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct NodePath(pub Vec<PathStep>);

impl std::hash::Hash for NodePath {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Must equal <[PathStep]>::hash for the Borrow impl below.
        self.0.as_slice().hash(state);
    }
}

impl std::borrow::Borrow<[PathStep]> for NodePath {
    fn borrow(&self) -> &[PathStep] {
        &self.0
    }
}

impl fmt::Display for NodePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            write!(f, "{step}")?;
        }
        Ok(())
    }
}

impl FromStr for NodePath {
    type Err = PathError;
    fn from_str(s: &str) -> Result<Self, PathError> {
        if s.is_empty() {
            return Err(PathError::Empty);
        }
        s.split('/')
            .map(PathStep::from_str)
            .collect::<Result<Vec<_>, _>>()
            .map(NodePath)
    }
}

/// Which rows are expanded, by path, so it survives filter changes and fits in a URL.
/// "Expand all" is `AllExcept(∅)` rather than a list of every node, so the URL stays short at
/// 100,000 deals; collapsing one row after that adds it to the exceptions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expansion {
    /// Only these rows are expanded.
    Only(HashSet<NodePath>),
    /// Every row is expanded except these.
    AllExcept(HashSet<NodePath>),
}

impl Default for Expansion {
    fn default() -> Self {
        Expansion::Only(HashSet::new())
    }
}

impl Expansion {
    /// Nothing expanded ("collapse all").
    pub fn collapse_all() -> Self {
        Expansion::Only(HashSet::new())
    }

    /// Everything expanded ("expand all").
    pub fn expand_all() -> Self {
        Expansion::AllExcept(HashSet::new())
    }

    /// Whether the row at `path` is expanded (its ancestors may still be collapsed).
    pub fn is_expanded(&self, path: &[PathStep]) -> bool {
        match self {
            Expansion::Only(set) => set.contains(path),
            Expansion::AllExcept(set) => !set.contains(path),
        }
    }

    /// Expands or collapses the row at `path`.
    pub fn set(&mut self, path: NodePath, expanded: bool) {
        let (set, insert) = match self {
            Expansion::Only(set) => (set, expanded),
            Expansion::AllExcept(set) => (set, !expanded),
        };
        if insert {
            set.insert(path);
        } else {
            set.remove(path.0.as_slice());
        }
    }

    /// Flips the row at `path`.
    pub fn toggle(&mut self, path: NodePath) {
        let now = self.is_expanded(&path.0);
        self.set(path, !now);
    }
}

/// URL form: paths joined by `,` (sorted, so equal states give equal URLs); `*` first means
/// "all expanded except the listed ones". Empty string = nothing expanded.
impl fmt::Display for Expansion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (all, set) = match self {
            Expansion::Only(set) => (false, set),
            Expansion::AllExcept(set) => (true, set),
        };
        let mut paths: Vec<&NodePath> = set.iter().collect();
        paths.sort();
        let mut first = true;
        if all {
            f.write_str("*")?;
            first = false;
        }
        for p in paths {
            if !first {
                f.write_str(",")?;
            }
            first = false;
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl FromStr for Expansion {
    type Err = PathError;
    fn from_str(s: &str) -> Result<Self, PathError> {
        let mut parts = s.split(',').filter(|p| !p.is_empty()).peekable();
        let all = parts.peek() == Some(&"*");
        if all {
            parts.next();
        }
        let set = parts
            .map(NodePath::from_str)
            .collect::<Result<HashSet<_>, _>>()?;
        Ok(if all {
            Expansion::AllExcept(set)
        } else {
            Expansion::Only(set)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The tree
// ---------------------------------------------------------------------------------------------

/// `Node::parent` of a root.
pub const NO_PARENT: u32 = u32::MAX;
/// At most this many grouping levels above the deal level.
pub const MAX_GROUP_LEVELS: usize = 3;

/// One row of a pipeline tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// What the row stands for (positions in this workspace).
    pub key: NodeKey,
    /// The row's stable identity among its siblings (entity id).
    pub step: PathStep,
    /// Depth: 0 for roots; the deal level is `tree.levels.len()`.
    pub level: u8,
    /// Arena index of the parent, [`NO_PARENT`] for roots.
    pub parent: u32,
    /// What the row holds; for a group the sum of its children, for a deal that one deal.
    pub sum: Aggregate,
    child_start: u32,
    child_len: u32,
}

impl Node {
    /// Deal rows have no children.
    pub fn is_leaf(&self) -> bool {
        self.child_len == 0
    }

    /// Number of children.
    pub fn child_count(&self) -> usize {
        self.child_len as usize
    }

    /// For a deal row: whether the deal is overdue; for a group: whether it holds an overdue deal.
    pub fn overdue(&self) -> bool {
        self.sum.overdue > 0
    }
}

/// What to sort siblings by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// Sum of amounts.
    Amount,
    /// Number of deals (ties, e.g. deal rows, keep list order).
    Count,
    /// Name or deal title, case-insensitive.
    Name,
}

/// A pipeline tree: groups by `levels`, then deal rows. Nodes live in one arena in breadth-first
/// order (a parent's index is below its children's); arena indices (`u32`) are valid until the
/// tree is rebuilt. Fresh from [`Tree::build`], siblings are in list order (stages in pipeline
/// order, sellers, clients and deals as listed in the workspace).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    /// The grouping levels, top down; the deal level follows.
    pub levels: Vec<Level>,
    /// Sum over the whole tree: the filtered pipeline total.
    pub total: Aggregate,
    nodes: Vec<Node>,
    /// Roots at `links[..root_count]`, each node's children at `links[child_start..][..child_len]`.
    links: Vec<u32>,
    root_count: u32,
}

impl Tree {
    /// "By clients": seller → client → deal.
    pub fn by_clients(ws: &Workspace, ix: &DealIndex, filter: &Filter, today: NaiveDate) -> Tree {
        Tree::build(ws, ix, filter, today, &[Level::Seller, Level::Client])
    }

    /// "By forecast": stage → seller → client → deal.
    pub fn by_forecast(ws: &Workspace, ix: &DealIndex, filter: &Filter, today: NaiveDate) -> Tree {
        Tree::build(
            ws,
            ix,
            filter,
            today,
            &[Level::Stage, Level::Seller, Level::Client],
        )
    }

    /// Builds a tree grouping the pipeline's deals by `levels` (at most [`MAX_GROUP_LEVELS`];
    /// extra levels are ignored). One pass selects the deals, one sort orders them by
    /// (level positions…, deal position), and one sweep per level cuts the sorted run into
    /// groups: O(n log n) overall. Only groups holding at least one deal get a node.
    pub fn build(
        ws: &Workspace,
        ix: &DealIndex,
        filter: &Filter,
        today: NaiveDate,
        levels: &[Level],
    ) -> Tree {
        let levels = &levels[..levels.len().min(MAX_GROUP_LEVELS)];
        // Each selected deal as one u128 sort key: level positions in the high 32-bit words,
        // the deal position in the low one, so a plain integer sort gives the grouping order.
        let mut sel: Vec<(u128, Aggregate)> = Vec::new();
        for_each_open(ws, ix, filter, today, |i, _, agg| {
            let mut key = i as u32 as u128;
            for (l, level) in levels.iter().enumerate() {
                key |= (level.position(ix, i) as u128) << (96 - 32 * l);
            }
            sel.push((key, agg));
        });
        sel.sort_unstable_by_key(|x| x.0);
        let word = |key: u128, l: usize| (key >> (96 - 32 * l)) as u32 as usize;

        let mut nodes: Vec<Node> = Vec::with_capacity(sel.len() * 2);
        // The nodes of the level being cut, with their runs of `sel`; `None` is the virtual root.
        let mut parents: Vec<(Option<u32>, usize, usize)> = vec![(None, 0, sel.len())];
        let mut root_count = 0;
        for depth in 0..=levels.len() {
            let mut next = Vec::new();
            for &(parent, start, end) in &parents {
                let first_child = nodes.len() as u32;
                let parent_ix = parent.unwrap_or(NO_PARENT);
                if let Some(&level) = levels.get(depth) {
                    let mut a = start;
                    while a < end {
                        let pos = word(sel[a].0, depth);
                        let mut b = a + 1;
                        while b < end && word(sel[b].0, depth) == pos {
                            b += 1;
                        }
                        let (key, step) = group_identity(ws, level, pos);
                        next.push((Some(nodes.len() as u32), a, b));
                        nodes.push(Node {
                            key,
                            step,
                            level: depth as u8,
                            parent: parent_ix,
                            sum: Aggregate::default(),
                            child_start: 0,
                            child_len: 0,
                        });
                        a = b;
                    }
                } else {
                    for &(key, agg) in &sel[start..end] {
                        let pos = key as u32 as usize;
                        nodes.push(Node {
                            key: NodeKey::Deal(pos),
                            step: PathStep::Deal(ws.deals[pos].id),
                            level: depth as u8,
                            parent: parent_ix,
                            sum: agg,
                            child_start: 0,
                            child_len: 0,
                        });
                    }
                }
                let len = nodes.len() as u32 - first_child;
                match parent {
                    Some(p) => {
                        let node = &mut nodes[p as usize];
                        node.child_start = first_child;
                        node.child_len = len;
                    }
                    None => root_count = len,
                }
            }
            parents = next;
        }
        // Children sit after their parents, so one backward sweep sums every level exactly.
        for id in (0..nodes.len()).rev() {
            let (parent, sum) = (nodes[id].parent, nodes[id].sum);
            if parent != NO_PARENT {
                nodes[parent as usize].sum.add(&sum);
            }
        }
        let mut total = Aggregate::default();
        for node in &nodes[..root_count as usize] {
            total.add(&node.sum);
        }
        Tree {
            levels: levels.to_vec(),
            total,
            links: (0..nodes.len() as u32).collect(),
            nodes,
            root_count,
        }
    }

    /// Number of nodes (rows when everything is expanded).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree has no rows (no deal passes the filters).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Number of levels including the deal level.
    pub fn depth(&self) -> usize {
        self.levels.len() + 1
    }

    /// The node at an arena index. Panics on an index not from this tree.
    pub fn node(&self, id: u32) -> &Node {
        &self.nodes[id as usize]
    }

    /// All nodes, by arena index.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The top-level rows, in the current sort order.
    pub fn roots(&self) -> &[u32] {
        &self.links[..self.root_count as usize]
    }

    /// A node's children, in the current sort order: O(1), no scan.
    pub fn children(&self, id: u32) -> &[u32] {
        let n = &self.nodes[id as usize];
        &self.links[n.child_start as usize..(n.child_start + n.child_len) as usize]
    }

    /// Sorts the siblings at every level by `by` (`desc` = largest / Z first). Ties keep list
    /// order. `name` gives a node's name for [`SortKey::Name`], usually `|k| key_name(ws, k)`.
    pub fn sort<'a>(&mut self, by: SortKey, desc: bool, name: impl Fn(NodeKey) -> &'a str) {
        for level in 0..self.depth() {
            self.sort_level(level as u8, by, desc, &name);
        }
    }

    /// Sorts only the rows at `level` (0 = roots) within each parent; other levels keep their
    /// order. This is how "sort by amount at each level" is offered per column of the tree.
    pub fn sort_level<'a>(
        &mut self,
        level: u8,
        by: SortKey,
        desc: bool,
        name: impl Fn(NodeKey) -> &'a str,
    ) {
        let Tree {
            nodes,
            links,
            root_count,
            ..
        } = self;
        let nodes: &[Node] = nodes;
        let cmp = |a: &u32, b: &u32| -> Ordering {
            let (x, y) = (&nodes[*a as usize], &nodes[*b as usize]);
            let primary = match by {
                SortKey::Amount => x.sum.amount.cmp(&y.sum.amount),
                SortKey::Count => x.sum.count.cmp(&y.sum.count),
                SortKey::Name => {
                    let lower = |s: &'a str| s.chars().flat_map(char::to_lowercase);
                    lower(name(x.key)).cmp(lower(name(y.key)))
                }
            };
            let primary = if desc { primary.reverse() } else { primary };
            // Arena order is list order, so ties fall back to it whatever was sorted before.
            primary.then(a.cmp(b))
        };
        if level == 0 {
            links[..*root_count as usize].sort_unstable_by(cmp);
            return;
        }
        for n in nodes
            .iter()
            .filter(|n| n.level + 1 == level && n.child_len > 0)
        {
            links[n.child_start as usize..(n.child_start + n.child_len) as usize]
                .sort_unstable_by(cmp);
        }
    }

    /// The rows to render, top to bottom, given which rows are expanded: a row is shown when
    /// every ancestor is expanded. O(rows shown); collapsed subtrees are never visited.
    pub fn visible_rows(&self, expansion: &Expansion) -> Vec<u32> {
        let mut out = Vec::new();
        let mut stack: Vec<u32> = self.roots().iter().rev().copied().collect();
        let mut path: Vec<PathStep> = Vec::with_capacity(self.depth());
        while let Some(id) = stack.pop() {
            out.push(id);
            let node = &self.nodes[id as usize];
            if node.is_leaf() {
                continue;
            }
            // Depth-first: the entries below this node's level are still its ancestors.
            path.truncate(node.level as usize);
            path.push(node.step);
            if expansion.is_expanded(&path) {
                stack.extend(self.children(id).iter().rev());
            }
        }
        out
    }

    /// Whether a row shows as expanded (deal rows never do); for `aria-expanded`.
    pub fn is_expanded(&self, id: u32, expansion: &Expansion) -> bool {
        if self.nodes[id as usize].is_leaf() {
            return false;
        }
        expansion.is_expanded(&self.path(id).0)
    }

    /// The stable path of a row, from its root.
    pub fn path(&self, id: u32) -> NodePath {
        let mut steps = Vec::with_capacity(self.depth());
        let mut at = id;
        while at != NO_PARENT {
            let n = &self.nodes[at as usize];
            steps.push(n.step);
            at = n.parent;
        }
        steps.reverse();
        NodePath(steps)
    }

    /// The row at a path, if it exists under the current filters. O(depth × siblings).
    pub fn find(&self, path: &[PathStep]) -> Option<u32> {
        let mut candidates = self.roots();
        let mut found = None;
        for step in path {
            let id = *candidates
                .iter()
                .find(|&&c| self.nodes[c as usize].step == *step)?;
            found = Some(id);
            candidates = self.children(id);
        }
        found
    }

    /// Paths of every expandable row (every group): the explicit form of "expand all".
    /// Prefer [`Expansion::expand_all`] for state and URLs; this is for callers needing the list.
    pub fn expandable_paths(&self) -> HashSet<NodePath> {
        let mut out = HashSet::new();
        let mut path: Vec<PathStep> = Vec::with_capacity(self.depth());
        let mut stack: Vec<u32> = self.roots().iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            let node = &self.nodes[id as usize];
            if node.is_leaf() {
                continue;
            }
            path.truncate(node.level as usize);
            path.push(node.step);
            out.insert(NodePath(path.clone()));
            stack.extend(self.children(id).iter().rev());
        }
        out
    }

    /// Every row depth-first in the current sort order, as if all were expanded.
    fn all_rows(&self) -> Vec<u32> {
        self.visible_rows(&Expansion::expand_all())
    }

    /// The report flattened for CSV, header first; one row per node, depth-first in the current
    /// sort order. Columns: `level` (the row's kind), one column per grouping level and `deal`
    /// holding the row's path as names (deeper columns empty), then `count`, `amount`,
    /// `weighted` (plain decimals like `1234.56`, weighted rounded), and for deal rows
    /// `deal_stage`, `probability`, `deal_type`, `expected_close` (ISO date), `next_step`; last
    /// `overdue`, the number of overdue deals in the row (0 or 1 for a deal). Group rows are
    /// subtotals: filter `level` = deal to sum in a spreadsheet. `label` turns a column or level
    /// key into header text (e.g. a translation); CSV quoting is the writer's job.
    pub fn csv_rows(
        &self,
        ws: &Workspace,
        label: impl Fn(&'static str) -> String,
    ) -> Vec<Vec<String>> {
        let path_cols = self.depth();
        let mut header = vec![label("level")];
        header.extend(self.levels.iter().map(|l| label(l.as_str())));
        header.push(label("deal"));
        for key in [
            "count",
            "amount",
            "weighted",
            "deal_stage",
            "probability",
            "deal_type",
            "expected_close",
            "next_step",
            "overdue",
        ] {
            header.push(label(key));
        }
        let mut rows = vec![header];
        let mut names: Vec<&str> = vec![""; path_cols];
        for id in self.all_rows() {
            let node = &self.nodes[id as usize];
            let level = node.level as usize;
            names[level] = key_name(ws, node.key);
            let mut row = Vec::with_capacity(path_cols + 10);
            row.push(label(node.key.kind_str()));
            for (l, name) in names.iter().enumerate() {
                row.push(if l <= level {
                    name.to_string()
                } else {
                    String::new()
                });
            }
            row.push(node.sum.count.to_string());
            row.push(plain_decimal(node.sum.amount));
            row.push(plain_decimal(node.sum.weighted.round()));
            match node.key.deal().and_then(|p| ws.deals.get(p)) {
                Some(deal) => {
                    let stage = ws.stage(deal.stage);
                    row.push(stage.map(|s| s.name.clone()).unwrap_or_default());
                    row.push(
                        stage
                            .map(|s| effective_probability(s, deal.probability).to_string())
                            .unwrap_or_default(),
                    );
                    row.push(
                        deal.deal_type
                            .and_then(|t| ws.deal_types.iter().find(|x| x.id == t))
                            .map(|t| t.name.clone())
                            .unwrap_or_default(),
                    );
                    row.push(
                        deal.expected_close
                            .map(|d| d.format("%Y-%m-%d").to_string())
                            .unwrap_or_default(),
                    );
                    row.push(
                        deal.next_step
                            .as_ref()
                            .map(|s| s.text.clone())
                            .unwrap_or_default(),
                    );
                }
                None => row.extend(std::iter::repeat_n(String::new(), 5)),
            }
            row.push(node.sum.overdue.to_string());
            rows.push(row);
        }
        rows
    }
}

/// The key and path step of a group node at `level` for entity position `pos` (checked valid by
/// the selection).
fn group_identity(ws: &Workspace, level: Level, pos: usize) -> (NodeKey, PathStep) {
    match level {
        Level::Stage => (NodeKey::Stage(pos), PathStep::Stage(ws.stages[pos].id)),
        Level::Seller => (NodeKey::Seller(pos), PathStep::Seller(ws.sellers[pos].id)),
        Level::Client => (NodeKey::Client(pos), PathStep::Client(ws.clients[pos].id)),
    }
}

/// Money as a plain decimal of major units for CSV: `1234.56`, `-0.05`.
pub fn plain_decimal(m: Money) -> String {
    let abs = m.0.unsigned_abs();
    let sign = if m.0 < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

// ---------------------------------------------------------------------------------------------
// By stages
// ---------------------------------------------------------------------------------------------

/// A column of the by-stages grid: one open stage, or the seller's total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GridCol {
    /// Index into [`StageGrid::stages`].
    Stage(usize),
    /// The row total over all open stages.
    Total,
}

/// "By stages": sellers × open stages, count and amount per cell, with row totals, a totals row,
/// the team average per stage and each seller's deviation from it.
///
/// Rows are every seller in list order (only the filtered one under a seller filter), including
/// sellers without open deals, who are shown but are not *active*. The team average of a column
/// is its total over the active sellers (those with at least one open deal in the filtered set)
/// divided by their number, per the metrics. Deviation = (seller − average) / average × 100,
/// computed from integers as (seller × active − total) / total × 100; it is `None` when the
/// average is 0 and for inactive sellers (they are outside the comparison). Under a seller filter
/// the "team" is that seller alone, so the deviation is 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StageGrid {
    /// Column → stage position in `ws.stages`: every open stage, in pipeline order.
    pub stages: Vec<usize>,
    /// Row → seller position in `ws.sellers`.
    pub sellers: Vec<usize>,
    /// Row-major `sellers.len() × stages.len()`.
    pub cells: Vec<Aggregate>,
    /// Per row, over all open stages.
    pub row_totals: Vec<Aggregate>,
    /// Per column: the totals row.
    pub column_totals: Vec<Aggregate>,
    /// Everything: the filtered pipeline total.
    pub total: Aggregate,
    /// Sellers with at least one open deal: the divisor of the team average.
    pub active_sellers: u32,
    /// Deal positions grouped by cell (row-major), list order inside a cell.
    cell_deals: Vec<u32>,
    /// `cell_deals[cell_start[c]..cell_start[c + 1]]` are cell c's deals.
    cell_start: Vec<u32>,
}

impl StageGrid {
    /// Builds the grid in one pass over the deals plus a counting sort for the cell deal lists.
    pub fn build(ws: &Workspace, ix: &DealIndex, filter: &Filter, today: NaiveDate) -> StageGrid {
        let stages: Vec<usize> = (0..ws.stages.len())
            .filter(|&p| ws.stages[p].kind == StageKind::Open)
            .collect();
        let sellers: Vec<usize> = match filter.seller {
            None => (0..ws.sellers.len()).collect(),
            Some(id) => ix
                .seller_pos
                .get(&id)
                .map(|&p| vec![p as usize])
                .unwrap_or_default(),
        };
        let mut col_of = vec![NONE; ws.stages.len()];
        for (c, &p) in stages.iter().enumerate() {
            col_of[p] = c as u32;
        }
        let mut row_of = vec![NONE; ws.sellers.len()];
        for (r, &p) in sellers.iter().enumerate() {
            row_of[p] = r as u32;
        }
        let cols = stages.len();
        let mut cells = vec![Aggregate::default(); sellers.len() * cols];
        // (cell, deal) in list order; cells are then grouped by a counting sort.
        let mut placed: Vec<(u32, u32)> = Vec::new();
        for_each_open(ws, ix, filter, today, |i, stage_pos, agg| {
            let (r, c) = (row_of[ix.seller[i] as usize], col_of[stage_pos]);
            if r == NONE || c == NONE {
                // Cannot happen (the seller filter and open stages match the rows and columns),
                // but a deal is never filed in the wrong cell.
                return;
            }
            let cell = r as usize * cols + c as usize;
            cells[cell].add(&agg);
            placed.push((cell as u32, i as u32));
        });
        let mut cell_start = vec![0u32; cells.len() + 1];
        for &(cell, _) in &placed {
            cell_start[cell as usize + 1] += 1;
        }
        for c in 0..cells.len() {
            cell_start[c + 1] += cell_start[c];
        }
        let mut fill = cell_start.clone();
        let mut cell_deals = vec![0u32; placed.len()];
        for &(cell, deal) in &placed {
            cell_deals[fill[cell as usize] as usize] = deal;
            fill[cell as usize] += 1;
        }

        let mut row_totals = vec![Aggregate::default(); sellers.len()];
        let mut column_totals = vec![Aggregate::default(); cols];
        let mut total = Aggregate::default();
        for r in 0..sellers.len() {
            for c in 0..cols {
                let a = cells[r * cols + c];
                row_totals[r].add(&a);
                column_totals[c].add(&a);
                total.add(&a);
            }
        }
        let active_sellers = row_totals.iter().filter(|a| a.count > 0).count() as u32;
        StageGrid {
            stages,
            sellers,
            cells,
            row_totals,
            column_totals,
            total,
            active_sellers,
            cell_deals,
            cell_start,
        }
    }

    /// The cell, row total (`GridCol::Total`) of row `row`.
    pub fn cell(&self, row: usize, col: GridCol) -> &Aggregate {
        match col {
            GridCol::Stage(c) => &self.cells[row * self.stages.len() + c],
            GridCol::Total => &self.row_totals[row],
        }
    }

    /// The totals row's entry for a column.
    pub fn column_total(&self, col: GridCol) -> &Aggregate {
        match col {
            GridCol::Stage(c) => &self.column_totals[c],
            GridCol::Total => &self.total,
        }
    }

    /// Whether the seller of `row` has at least one open deal (counts in the team average).
    pub fn is_active(&self, row: usize) -> bool {
        self.row_totals[row].count > 0
    }

    /// Team average deal count in a column; `None` with no active seller.
    pub fn average_count(&self, col: GridCol) -> Option<f64> {
        (self.active_sellers > 0)
            .then(|| self.column_total(col).count as f64 / self.active_sellers as f64)
    }

    /// Team average amount in a column, rounded half away from zero to minor units; `None` with
    /// no active seller.
    pub fn average_amount(&self, col: GridCol) -> Option<Money> {
        let n = self.active_sellers as i128;
        (n > 0).then(|| {
            // Weighted holds hundredths of a minor unit: total × 100 / n, then round.
            Weighted(self.column_total(col).amount.0 as i128 * 100 / n).round()
        })
    }

    /// The seller's deviation from the team average amount in percent; `None` when the average
    /// is 0 or the seller is inactive.
    pub fn deviation_amount(&self, row: usize, col: GridCol) -> Option<f64> {
        let own = self.cell(row, col).amount.0 as i128;
        let total = self.column_total(col).amount.0 as i128;
        self.deviation(row, own, total)
    }

    /// The seller's deviation from the team average deal count in percent; `None` when the
    /// average is 0 or the seller is inactive.
    pub fn deviation_count(&self, row: usize, col: GridCol) -> Option<f64> {
        let own = self.cell(row, col).count as i128;
        let total = self.column_total(col).count as i128;
        self.deviation(row, own, total)
    }

    fn deviation(&self, row: usize, own: i128, total: i128) -> Option<f64> {
        if total == 0 || !self.is_active(row) {
            return None;
        }
        let n = self.active_sellers as i128;
        Some((own * n - total) as f64 / total as f64 * 100.0)
    }

    /// The deal positions in a cell (or the whole row for `GridCol::Total`), in list order.
    pub fn deals(&self, row: usize, col: GridCol) -> &[u32] {
        let cols = self.stages.len();
        let (a, b) = match col {
            GridCol::Stage(c) => (row * cols + c, row * cols + c + 1),
            GridCol::Total => (row * cols, (row + 1) * cols),
        };
        &self.cell_deals[self.cell_start[a] as usize..self.cell_start[b] as usize]
    }

    /// The grid flattened for CSV, header first. Columns: `seller`; per open stage
    /// "`<stage name>` `<count>`", "… `<amount>`", "… `<deviation_percent>`" (amount deviation,
    /// one decimal); then the same three for `total`. Rows: each seller, then `team_average`
    /// (count to two decimals, amount rounded, no deviation), then `total`. Keys go through
    /// `label` (e.g. a translation); stage names come from the workspace.
    pub fn csv_rows(
        &self,
        ws: &Workspace,
        label: impl Fn(&'static str) -> String,
    ) -> Vec<Vec<String>> {
        let cols: Vec<GridCol> = (0..self.stages.len())
            .map(GridCol::Stage)
            .chain([GridCol::Total])
            .collect();
        let col_name = |c: GridCol| match c {
            GridCol::Stage(i) => ws.stages[self.stages[i]].name.clone(),
            GridCol::Total => label("total"),
        };
        let mut header = vec![label("seller")];
        for &c in &cols {
            let name = col_name(c);
            for key in ["count", "amount", "deviation_percent"] {
                header.push(format!("{name} {}", label(key)));
            }
        }
        let mut rows = vec![header];
        for (r, &s) in self.sellers.iter().enumerate() {
            let mut row = vec![ws.sellers[s].name.clone()];
            for &c in &cols {
                let a = self.cell(r, c);
                row.push(a.count.to_string());
                row.push(plain_decimal(a.amount));
                row.push(
                    self.deviation_amount(r, c)
                        .map(|d| format!("{d:.1}"))
                        .unwrap_or_default(),
                );
            }
            rows.push(row);
        }
        let mut avg = vec![label("team_average")];
        let mut tot = vec![label("total")];
        for &c in &cols {
            avg.push(
                self.average_count(c)
                    .map(|v| format!("{v:.2}"))
                    .unwrap_or_default(),
            );
            avg.push(
                self.average_amount(c)
                    .map(plain_decimal)
                    .unwrap_or_default(),
            );
            avg.push(String::new());
            let a = self.column_total(c);
            tot.push(a.count.to_string());
            tot.push(plain_decimal(a.amount));
            tot.push(String::new());
        }
        rows.push(avg);
        rows.push(tot);
        rows
    }
}
