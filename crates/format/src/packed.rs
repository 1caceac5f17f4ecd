//! Compact form of a stored workspace, for workspaces too big for localStorage as plain JSON.
//!
//! localStorage holds about 5.2 million UTF-16 code units per origin; a plain 100,000-deal
//! workspace is 56 million. Measured on the demo generator: deflate (level 6) takes that file to
//! 6.4 MB, and packing 15 bits into each code unit (U+0100…U+80FF: never a surrogate, never a
//! control character) stores it in 3.4 million code units, a third of the quota to spare. That
//! keeps loading synchronous (no loading state before the first report), which IndexedDB would
//! not; past about 150,000 deals IndexedDB is the way on.
//!
//! Format: `VZ1:<compressed byte count>:` then the packed bits, most significant first.

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::deflate::core::{
    CompressorOxide, TDEFLFlush, TDEFLStatus, compress, create_comp_flags_from_zip_params,
};

/// The prefix that marks a packed value (a Voronka JSON file always starts with `{`).
pub const PREFIX: &str = "VZ1:";
/// Never inflate past this: a corrupted or hostile value cannot blow up memory.
pub const MAX_UNPACKED_BYTES: usize = 256 * 1024 * 1024;
/// How hard to compress. Every edit saves the whole workspace, so the save's time is felt on each
/// edit. On 100,000 generated deals (Russian): level 4 packs in 0.71 s to 72 % of the quota,
/// level 6 in 1.66 s to 65 %, level 2 in 0.51 s to 98 %. Saves use `Fast` and fall back to
/// `Small` only when the fast form does not fit (storage.rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    Fast,
    Small,
}

impl Effort {
    fn level(self) -> u8 {
        match self {
            Effort::Fast => 4,
            Effort::Small => 6,
        }
    }
}
/// First code point used; 15 bits above it stay below U+D800.
const BASE: u32 = 0x100;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnpackError {
    #[error("not a packed workspace")]
    NotPacked,
    #[error("the packed workspace is damaged")]
    Damaged,
    #[error("the packed workspace unpacks to more than {limit} bytes")]
    TooLarge { limit: usize },
}

/// True when `stored` is in the packed form.
pub fn is_packed(stored: &str) -> bool {
    stored.starts_with(PREFIX)
}

/// Compresses `text` and packs it into characters.
pub fn pack(text: &str) -> String {
    pack_with(text, Effort::Small)
}

/// Compresses `text` with the given effort and packs it into characters.
pub fn pack_with(text: &str, effort: Effort) -> String {
    let bytes = compress_to_vec(text.as_bytes(), effort.level());
    let mut out = String::with_capacity(PREFIX.len() + 12 + bytes.len() * 8 / 15 * 3 + 3);
    out.push_str(PREFIX);
    out.push_str(&bytes.len().to_string());
    out.push(':');
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in &bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        if bits >= 15 {
            bits -= 15;
            push_unit(&mut out, (acc >> bits) & 0x7FFF);
            acc &= (1 << bits) - 1;
        }
    }
    if bits > 0 {
        push_unit(&mut out, (acc << (15 - bits)) & 0x7FFF);
    }
    out
}

/// [`pack_with`] fed a slice at a time, so a big value is packed over several short tasks (issue
/// 17: no save task over 50 ms). The streaming compressor keeps its own window between slices;
/// [`Packer::finish`] gives exactly what [`pack_with`] gives for the slices joined
/// (`tests/packed.rs`).
pub struct Packer {
    compressor: Box<CompressorOxide>,
    /// Deflated bytes so far.
    count: usize,
    /// The packed characters of the deflated bytes so far, but for the bits in `acc`.
    body: String,
    acc: u32,
    bits: u32,
    scratch: Vec<u8>,
}

impl Packer {
    pub fn new(effort: Effort) -> Self {
        let flags = create_comp_flags_from_zip_params(effort.level().into(), 0, 0);
        Packer {
            compressor: Box::new(CompressorOxide::new(flags)),
            count: 0,
            body: String::new(),
            acc: 0,
            bits: 0,
            scratch: vec![0; 64 * 1024],
        }
    }

    /// Compresses the next slice of the text.
    pub fn feed(&mut self, text: &str) {
        self.run(text.as_bytes(), TDEFLFlush::None);
    }

    /// The packed value of everything fed.
    pub fn finish(mut self) -> String {
        self.run(&[], TDEFLFlush::Finish);
        if self.bits > 0 {
            push_unit(&mut self.body, (self.acc << (15 - self.bits)) & 0x7FFF);
        }
        let count = self.count.to_string();
        let mut out = String::with_capacity(PREFIX.len() + count.len() + 1 + self.body.len());
        out.push_str(PREFIX);
        out.push_str(&count);
        out.push(':');
        out.push_str(&self.body);
        out
    }

    fn run(&mut self, mut input: &[u8], flush: TDEFLFlush) {
        loop {
            let (status, read, written) =
                compress(&mut self.compressor, input, &mut self.scratch, flush);
            input = &input[read.min(input.len())..];
            for i in 0..written {
                let b = self.scratch[i];
                self.acc = (self.acc << 8) | u32::from(b);
                self.bits += 8;
                if self.bits >= 15 {
                    self.bits -= 15;
                    push_unit(&mut self.body, (self.acc >> self.bits) & 0x7FFF);
                    self.acc &= (1 << self.bits) - 1;
                }
            }
            self.count += written;
            let more_out = written == self.scratch.len();
            match status {
                TDEFLStatus::Done => return,
                TDEFLStatus::Okay
                    if input.is_empty() && !more_out && flush != TDEFLFlush::Finish =>
                {
                    return;
                }
                TDEFLStatus::Okay => {}
                // Compressing bytes in memory has no failure but a bug's.
                _ => return,
            }
        }
    }
}

fn push_unit(out: &mut String, v: u32) {
    // BASE + v is at most 0x80FF: a valid scalar value, below the surrogates.
    if let Some(c) = char::from_u32(BASE + v) {
        out.push(c);
    }
}

/// The text `pack` was given.
pub fn unpack(stored: &str) -> Result<String, UnpackError> {
    let rest = stored.strip_prefix(PREFIX).ok_or(UnpackError::NotPacked)?;
    let (count, body) = rest.split_once(':').ok_or(UnpackError::Damaged)?;
    let count: usize = count.parse().map_err(|_| UnpackError::Damaged)?;
    if count > MAX_UNPACKED_BYTES {
        return Err(UnpackError::TooLarge {
            limit: MAX_UNPACKED_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(count);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in body.chars() {
        let v = (c as u32)
            .checked_sub(BASE)
            .filter(|v| *v <= 0x7FFF)
            .ok_or(UnpackError::Damaged)?;
        acc = (acc << 15) | v;
        bits += 15;
        while bits >= 8 && bytes.len() < count {
            bits -= 8;
            bytes.push(((acc >> bits) & 0xFF) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    if bytes.len() != count {
        return Err(UnpackError::Damaged);
    }
    let text = inflate(&bytes)?;
    drop(bytes);
    String::from_utf8(text).map_err(|_| UnpackError::Damaged)
}

/// Inflates `deflated` into a buffer grown a quarter at a time, never past
/// [`MAX_UNPACKED_BYTES`]. miniz_oxide's own `decompress_to_vec` starts at twice the input and
/// doubles: a 51 MB workspace ended in a 102 MB buffer, and since wasm memory never shrinks, the
/// tab kept that peak. Starting at 8 × the input (JSON of workspaces deflates about 9 ×) and
/// growing by quarters keeps the buffer within a quarter of the text; the last allocation is at
/// the top of the heap, so growing it usually extends it where it is.
fn inflate(deflated: &[u8]) -> Result<Vec<u8>, UnpackError> {
    use miniz_oxide::inflate::TINFLStatus;
    use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut out = vec![
        0u8;
        deflated
            .len()
            .saturating_mul(8)
            .clamp(64, MAX_UNPACKED_BYTES)
    ];
    let mut state = Box::<DecompressorOxide>::default();
    let (mut input, mut at) = (deflated, 0usize);
    loop {
        let (status, used, written) = decompress(&mut state, input, &mut out, at, flags);
        at += written;
        match status {
            TINFLStatus::Done => {
                out.truncate(at);
                out.shrink_to_fit();
                return Ok(out);
            }
            TINFLStatus::HasMoreOutput => {
                if out.len() >= MAX_UNPACKED_BYTES {
                    return Err(UnpackError::TooLarge {
                        limit: MAX_UNPACKED_BYTES,
                    });
                }
                input = input.get(used..).ok_or(UnpackError::Damaged)?;
                let grown = (out.len() + out.len() / 4).min(MAX_UNPACKED_BYTES);
                out.resize(grown, 0);
            }
            _ => return Err(UnpackError::Damaged),
        }
    }
}
