//! The whole stored workspace (the base, `overlay.rs`) written a slice of deals at a time, so
//! rewriting it at 100,000 deals (~1.3 s in one task) can run as many short tasks (issue 17: no
//! save task over 50 ms). The caller runs [`BaseWriter::step`] once per idle callback or timer
//! and stores [`BaseWriter::finish`] in one write when every deal is in: until then the stored
//! base and overlay are untouched, so a crash part-way loses nothing.
//!
//! The workspace must not change between the first and the last step (the caller starts again
//! after a change); the result is exactly `json::write` (or `packed::pack_with` of it) of that
//! workspace (`tests/packed.rs`).

use domain::Workspace;

use crate::json;
use crate::packed::{Effort, Packer};

/// Where the text goes: kept plain, or deflated and packed as it comes.
enum Sink {
    Plain(String),
    Packed(Box<Packer>),
}

impl Sink {
    fn push(&mut self, text: &str) {
        match self {
            Sink::Plain(out) => out.push_str(text),
            Sink::Packed(p) => p.feed(text),
        }
    }
}

/// A base being written: the part before the deals is in, then the deals slice by slice.
pub struct BaseWriter {
    sink: Sink,
    tail: String,
    /// The next deal to write, and how many there are.
    next: usize,
    deals: usize,
}

impl BaseWriter {
    /// Starts the base of `ws`, packed with `pack` (plain when `None`).
    pub fn new(ws: &Workspace, pack: Option<Effort>) -> Self {
        let (head, tail) = json::write_around_deals(ws);
        let mut sink = match pack {
            Some(effort) => Sink::Packed(Box::new(Packer::new(effort))),
            None => Sink::Plain(String::new()),
        };
        sink.push(&head);
        BaseWriter {
            sink,
            tail,
            next: 0,
            deals: ws.deals.len(),
        }
    }

    /// Writes up to `max_deals` more deals of `ws` (the workspace `new` was given, unchanged).
    /// True when every deal is written.
    pub fn step(&mut self, ws: &Workspace, max_deals: usize) -> bool {
        let end = (self.next + max_deals.max(1))
            .min(self.deals)
            .min(ws.deals.len());
        if self.next < end {
            let mut text = json::write_deals(&ws.deals[self.next..end]);
            if self.next > 0 {
                text.insert(0, ',');
            }
            self.sink.push(&text);
            self.next = end;
        }
        self.done()
    }

    /// True when every deal is written.
    pub fn done(&self) -> bool {
        self.next >= self.deals
    }

    /// How many deals are written, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.deals)
    }

    /// The stored value: the Voronka file, plain or packed. Call when [`BaseWriter::done`].
    pub fn finish(mut self) -> String {
        let tail = std::mem::take(&mut self.tail);
        self.sink.push(&tail);
        match self.sink {
            Sink::Plain(out) => out,
            Sink::Packed(p) => p.finish(),
        }
    }
}
