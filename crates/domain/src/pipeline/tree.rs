//! The tree of the by-clients and by-forecast reports: nodes in one breadth-first arena, each
//! node's children a contiguous slice, sorted in place.

use std::cmp::Ordering;
use std::collections::HashSet;

use chrono::NaiveDate;

use super::deal_set::{Aggregate, for_each_open};
use super::node::{Expansion, Level, NodeKey, NodePath, PathStep};
use crate::filter::Filter;
use crate::index::DealIndex;
use crate::model::*;

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
    pub fn all_rows(&self) -> Vec<u32> {
        self.visible_rows(&Expansion::expand_all())
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
