//! Node identity: keys (positions, for building and sorting) and paths (entity ids, for the UI
//! and the URL), and which nodes are expanded.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use crate::index::DealIndex;
use crate::model::*;

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
    pub(super) fn position(self, ix: &DealIndex, i: usize) -> u32 {
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
