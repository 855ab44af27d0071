//! The recording `FileSource`: every distinct URL fetched once, its answer kept.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::ControlFlow;

use sha2::{Digest, Sha256};

use crate::checks::{self};
use crate::source::{BodySink, FetchError, FetchHead, FetchRequest, FileSource, Purpose};

use super::{FIRST_BYTES, KEEP_BODY};

// ------------------------------------------------------------------ recorder

/// One answer, as the [`Recorder`] saw it.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The head the server answered with, or how the fetch failed.
    pub result: Result<FetchHead, FetchError>,
    /// Body bytes received.
    pub received: u64,
    /// The caller stopped the body early (an error status, or over its limit).
    pub stopped: bool,
    /// SHA-256 of the bytes received.
    pub sha256: String,
    /// The first bytes of the body (check 3 looks for an HTML page in them).
    pub first: Vec<u8>,
    /// The body, when it is small.
    pub body: Option<Vec<u8>>,
}

impl Answer {
    pub(super) fn status(&self) -> Option<u16> {
        self.result.as_ref().ok().map(|h| h.status)
    }

    /// 200 with the whole body.
    pub(super) fn delivered(&self) -> bool {
        self.status() == Some(200) && !self.stopped
    }

    pub(super) fn why(&self) -> String {
        match &self.result {
            Ok(h) if h.status == 200 && self.stopped => "too large".to_owned(),
            Ok(h) => format!("HTTP {}", h.status),
            Err(e) => e.to_string(),
        }
    }
}

/// A [`FileSource`] that remembers every answer by URL, so the readiness
/// check requests each URL once, including those the script fetch made.
pub struct Recorder<'a, S> {
    inner: &'a S,
    answers: RefCell<HashMap<String, Answer>>,
}

impl<'a, S: FileSource> Recorder<'a, S> {
    /// A recorder with nothing fetched yet, over `inner`.
    pub fn new(inner: &'a S) -> Self {
        Recorder {
            inner,
            answers: RefCell::new(HashMap::new()),
        }
    }

    /// The answer to `url`, if it was requested.
    pub fn answer(&self, url: &str) -> Option<Answer> {
        self.answers.borrow().get(url).cloned()
    }

    /// How many distinct URLs were requested.
    pub fn requested(&self) -> usize {
        self.answers.borrow().len()
    }

    /// The answer to `url`: remembered, or requested now (reading at most `limit` bytes).
    pub(super) async fn fetch(
        &self,
        url: &str,
        file: &str,
        purpose: Purpose,
        limit: u64,
        timeout_ms: u32,
    ) -> Answer {
        if let Some(a) = self.answer(url) {
            return a;
        }
        let req = FetchRequest {
            url: url.to_owned(),
            file: file.to_owned(),
            purpose,
            timeout_ms,
        };
        let mut drain = Drain { limit, received: 0 };
        let _ = self.get(&req, &mut drain).await;
        self.answer(url).unwrap_or_else(|| Answer {
            result: Err(FetchError::Other {
                detail: "no answer recorded".to_owned(),
            }),
            received: 0,
            stopped: false,
            sha256: String::new(),
            first: Vec::new(),
            body: None,
        })
    }
}

/// Reads a body up to a limit, keeping nothing (the [`Recorder`] keeps what is needed).
struct Drain {
    limit: u64,
    received: u64,
}

impl BodySink for Drain {
    fn head(&mut self, head: &FetchHead) -> ControlFlow<()> {
        if head.status == 200 {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    }
    fn chunk(&mut self, bytes: &[u8]) -> ControlFlow<()> {
        self.received += bytes.len() as u64;
        if self.received > self.limit {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

/// Passes a body on to the caller's sink and takes notes.
struct Tee<'s> {
    out: &'s mut dyn BodySink,
    hasher: Sha256,
    received: u64,
    first: Vec<u8>,
    body: Option<Vec<u8>>,
    stopped: bool,
}

impl BodySink for Tee<'_> {
    fn head(&mut self, head: &FetchHead) -> ControlFlow<()> {
        let flow = self.out.head(head);
        self.stopped |= flow.is_break();
        flow
    }
    fn chunk(&mut self, bytes: &[u8]) -> ControlFlow<()> {
        self.hasher.update(bytes);
        self.received += bytes.len() as u64;
        if self.first.len() < FIRST_BYTES {
            let take = (FIRST_BYTES - self.first.len()).min(bytes.len());
            self.first.extend_from_slice(&bytes[..take]);
        }
        if let Some(b) = &mut self.body {
            if b.len() + bytes.len() <= KEEP_BODY {
                b.extend_from_slice(bytes);
            } else {
                self.body = None;
            }
        }
        let flow = self.out.chunk(bytes);
        self.stopped |= flow.is_break();
        flow
    }
}

impl<S: FileSource> FileSource for Recorder<'_, S> {
    async fn get(
        &self,
        req: &FetchRequest,
        sink: &mut dyn BodySink,
    ) -> Result<FetchHead, FetchError> {
        let mut tee = Tee {
            out: sink,
            hasher: Sha256::new(),
            received: 0,
            first: Vec::new(),
            body: Some(Vec::new()),
            stopped: false,
        };
        let result = self.inner.get(req, &mut tee).await;
        let answer = Answer {
            result: result.clone(),
            received: tee.received,
            stopped: tee.stopped,
            sha256: checks::hex(&tee.hasher.finalize()),
            first: tee.first,
            body: tee.body,
        };
        self.answers.borrow_mut().insert(req.url.clone(), answer);
        result
    }

    fn now_ms(&self) -> f64 {
        self.inner.now_ms()
    }
}
