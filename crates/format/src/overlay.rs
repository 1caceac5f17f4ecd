//! The stored workspace's overlay: what changed since the last whole save, in chunks (storage
//! format 2 for big workspaces; see `docs/file-format.md`, "Stored workspace").
//!
//! Saving a 100,000-deal workspace whole (write 51 MB of JSON, deflate, store) blocks the page for
//! about a second, so an edit saves only what it touched. The whole workspace stays under the
//! workspace key as before (the *base*: a Voronka file, plain or packed — what every earlier
//! version wrote, so existing data loads unchanged). Beside it, an [`Overlay`] manifest lists
//! chunks that replace parts of the base: the deals in fixed blocks of [`DEALS_PER_BLOCK`]
//! positions, and everything but the deals as one *rest* chunk. Each chunk is stored packed under
//! its own key, with its checksum in the manifest; the manifest names the checksum of the base it
//! applies to.
//!
//! Crash safety comes from the order of writes (`src/storage.rs`): new chunks go under new keys,
//! the manifest is written last, superseded chunks are removed after it. A crash leaves either
//! the old manifest with all its chunks or the new one with all of its. A manifest whose base
//! checksum differs from the stored base is from before the base was last rewritten: it is
//! stale and ignored. A chunk missing or not matching its checksum is damage: the whole stored
//! workspace is refused, like a damaged packed value.

use serde::{Deserialize, Serialize};

use domain::Workspace;
use domain::validate::validate;

use crate::json::{DealDto, ReadError, WorkspaceDto};
use crate::packed;

/// The manifest's format name (its first field, so a glance at the text tells what it is).
pub const FORMAT_NAME: &str = "voronka-overlay";
/// The manifest version this code writes and reads.
pub const VERSION: u32 = 1;
/// Deals per block: small enough that writing one block (convert, JSON, deflate, store) stays
/// well under 50 ms in the browser at any workspace size.
pub const DEALS_PER_BLOCK: usize = 500;

/// One stored chunk: its key, the checksum of the stored text and that text's length.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkRef {
    pub key: String,
    pub sum: String,
    pub len: usize,
}

/// What replaces the base: the rest chunk (`None`: the base's) and, per block of deals, a chunk
/// (`None`: the base's deals at the same positions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overlay {
    pub format: String,
    pub version: u32,
    /// [`checksum`] of the stored base this overlay applies to.
    pub base_sum: String,
    pub per_block: usize,
    /// How many deals the workspace has.
    pub deals: usize,
    pub rest: Option<ChunkRef>,
    pub blocks: Vec<Option<ChunkRef>>,
}

impl Overlay {
    /// An overlay that changes nothing of the base with checksum `base_sum` holding `deals`.
    pub fn over(base_sum: String, deals: usize) -> Self {
        Overlay {
            format: FORMAT_NAME.into(),
            version: VERSION,
            base_sum,
            per_block: DEALS_PER_BLOCK,
            deals,
            rest: None,
            blocks: vec![None; deals.div_ceil(DEALS_PER_BLOCK)],
        }
    }

    /// Every chunk it names.
    pub fn chunks(&self) -> impl Iterator<Item = &ChunkRef> {
        self.rest.iter().chain(self.blocks.iter().flatten())
    }

    /// Stored characters of its chunks.
    pub fn chunk_chars(&self) -> usize {
        self.chunks().map(|c| c.len).sum()
    }
}

/// Why an overlay cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverlayError {
    #[error("the stored changes are not readable: {0}")]
    Manifest(String),
    #[error("the stored changes were written by a newer Voronka (version {found})")]
    Newer { found: u32 },
    #[error("a stored chunk is missing: {0}")]
    Missing(String),
    #[error("a stored chunk is damaged: {0}")]
    Damaged(String),
}

/// FNV-1a (64 bits) of `text`, in hex: catches a damaged or replaced chunk. Not a defence
/// against deliberate tampering (nothing in localStorage is).
pub fn checksum(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The manifest as stored.
pub fn write_manifest(overlay: &Overlay) -> String {
    // ok: plain structs with string keys always serialize.
    serde_json::to_string(overlay).unwrap_or_default()
}

/// Reads a stored manifest.
pub fn read_manifest(text: &str) -> Result<Overlay, OverlayError> {
    #[derive(Deserialize)]
    struct Head {
        format: String,
        version: u32,
    }
    let head: Head =
        serde_json::from_str(text).map_err(|e| OverlayError::Manifest(e.to_string()))?;
    if head.format != FORMAT_NAME {
        return Err(OverlayError::Manifest(format!("format {:?}", head.format)));
    }
    if head.version > VERSION {
        return Err(OverlayError::Newer {
            found: head.version,
        });
    }
    let overlay: Overlay =
        serde_json::from_str(text).map_err(|e| OverlayError::Manifest(e.to_string()))?;
    if overlay.per_block == 0 || overlay.blocks.len() != overlay.deals.div_ceil(overlay.per_block) {
        return Err(OverlayError::Manifest(
            "blocks do not match the deals".into(),
        ));
    }
    Ok(overlay)
}

/// The stored form of everything but the deals.
pub fn write_rest(ws: &Workspace) -> String {
    let dto = WorkspaceDto::from_domain(&Workspace {
        currency: ws.currency.clone(),
        sellers: ws.sellers.clone(),
        clients: ws.clients.clone(),
        contacts: ws.contacts.clone(),
        directions: ws.directions.clone(),
        stages: ws.stages.clone(),
        deals: Vec::new(),
        plans: ws.plans.clone(),
        roles: ws.roles.clone(),
        deal_types: ws.deal_types.clone(),
    });
    packed::pack_with(
        &serde_json::to_string(&dto).unwrap_or_default(),
        packed::Effort::Fast,
    )
}

/// The stored form of one block of deals.
pub fn write_block(deals: &[domain::Deal]) -> String {
    let dtos: Vec<DealDto> = deals.iter().map(DealDto::from_domain).collect();
    packed::pack_with(
        &serde_json::to_string(&dtos).unwrap_or_default(),
        packed::Effort::Fast,
    )
}

/// A chunk read back by key, checked against its reference.
fn chunk_text(
    chunk: &ChunkRef,
    get: &mut impl FnMut(&str) -> Option<String>,
) -> Result<String, OverlayError> {
    let stored = get(&chunk.key).ok_or_else(|| OverlayError::Missing(chunk.key.clone()))?;
    if checksum(&stored) != chunk.sum {
        return Err(OverlayError::Damaged(chunk.key.clone()));
    }
    packed::unpack(&stored).map_err(|e| OverlayError::Damaged(format!("{}: {e}", chunk.key)))
}

fn damaged(key: &str, e: impl std::fmt::Display) -> OverlayError {
    OverlayError::Damaged(format!("{key}: {e}"))
}

/// The workspace the overlay makes of `base` (read from the stored base), reading chunks with
/// `get`. The result is validated as a whole, as a file is.
pub fn apply(
    overlay: &Overlay,
    base: Workspace,
    mut get: impl FnMut(&str) -> Option<String>,
) -> Result<Workspace, ReadError> {
    let fail = |e: OverlayError| ReadError::Damaged(e.to_string());
    let mut base = base;
    let base_deals = std::mem::take(&mut base.deals);
    let mut ws = match &overlay.rest {
        None => base,
        Some(chunk) => {
            let text = chunk_text(chunk, &mut get).map_err(fail)?;
            let dto: WorkspaceDto =
                serde_json::from_str(&text).map_err(|e| fail(damaged(&chunk.key, e)))?;
            dto.into_domain().map_err(ReadError::Invalid)?
        }
    };
    let mut deals = Vec::with_capacity(overlay.deals);
    let mut base_deals = base_deals.into_iter().map(Some).collect::<Vec<_>>();
    for (i, block) in overlay.blocks.iter().enumerate() {
        let start = i * overlay.per_block;
        let end = (start + overlay.per_block).min(overlay.deals);
        match block {
            None => {
                let slice = base_deals.get_mut(start..end).ok_or_else(|| {
                    fail(OverlayError::Damaged(format!(
                        "block {i} is not in the stored base"
                    )))
                })?;
                deals.extend(slice.iter_mut().filter_map(Option::take));
            }
            Some(chunk) => {
                let text = chunk_text(chunk, &mut get).map_err(fail)?;
                let dtos: Vec<DealDto> =
                    serde_json::from_str(&text).map_err(|e| fail(damaged(&chunk.key, e)))?;
                if dtos.len() != end - start {
                    return Err(fail(damaged(&chunk.key, "wrong number of deals")));
                }
                let holder = WorkspaceDto {
                    currency: String::new(),
                    sellers: Vec::new(),
                    clients: Vec::new(),
                    contacts: Vec::new(),
                    directions: Vec::new(),
                    stages: Vec::new(),
                    deals: dtos,
                    plans: Vec::new(),
                    roles: Vec::new(),
                    deal_types: Vec::new(),
                };
                deals.extend(holder.into_domain().map_err(ReadError::Invalid)?.deals);
            }
        }
    }
    if deals.len() != overlay.deals {
        return Err(fail(OverlayError::Damaged("deal count".into())));
    }
    ws.deals = deals;
    let problems = validate(&ws);
    if problems.is_empty() {
        Ok(ws)
    } else {
        Err(ReadError::Invalid(problems))
    }
}
