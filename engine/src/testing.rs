//! Test support shared by the engine's, the CLI's and the web app's tests:
//! one recording [`BodySink`], and a loaded flash file. Not part of the
//! engine's contract.

use std::ops::ControlFlow;

use crate::source::{BodySink, FetchHead};
use crate::LoadedFile;

/// A [`BodySink`] that records everything it is given: the head, the body,
/// the size of each chunk; and stops where it is told to.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    /// The head, once it arrived.
    pub head: Option<FetchHead>,
    /// The body so far.
    pub body: Vec<u8>,
    /// The length of each chunk, in order.
    pub chunks: Vec<usize>,
    /// Stop as soon as the head arrives.
    pub stop_after_head: bool,
    /// Stop once this many bytes of body arrived.
    pub stop_after_bytes: Option<usize>,
    /// Stop after this many chunks.
    pub stop_after_chunks: Option<usize>,
}

impl Recorder {
    /// A recorder that stops after `n` chunks.
    pub fn stopping_after_chunks(n: usize) -> Recorder {
        Recorder {
            stop_after_chunks: Some(n),
            ..Recorder::default()
        }
    }
}

impl BodySink for Recorder {
    fn head(&mut self, head: &FetchHead) -> ControlFlow<()> {
        self.head = Some(head.clone());
        if self.stop_after_head {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }

    fn chunk(&mut self, bytes: &[u8]) -> ControlFlow<()> {
        self.chunks.push(bytes.len());
        self.body.extend_from_slice(bytes);
        let enough_bytes = self.stop_after_bytes.is_some_and(|n| self.body.len() >= n);
        let enough_chunks = self
            .stop_after_chunks
            .is_some_and(|n| self.chunks.len() >= n);
        if enough_bytes || enough_chunks {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

/// A file as flash holds it after a download: a fixed size, digest and time,
/// so tests that only care about the name stay short.
pub fn loaded(name: &str) -> LoadedFile {
    LoadedFile {
        name: name.to_owned(),
        size: 57344,
        sha256: "ab".repeat(32),
        written_ms: 1_700_000_000_000.0,
    }
}
