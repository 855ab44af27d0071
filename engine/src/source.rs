//! Where the bytes come from. The boot sequence asks a [`FileSource`] for URLs;
//! adapters implement it over HTTP in the browser, over files the user picked,
//! or over a folder on disk. [`MemorySource`] serves files from memory, for
//! tests, local-folder mode and the fleet matrix.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::ControlFlow;

use serde::Serialize;

/// What a file is fetched for; adapters may treat them differently (only
/// application downloads are large enough to need streaming).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// The upgrade script, `16xxupgrade.txt` (or what option 242 names), the first file of every pass.
    UpgradeScript,
    /// A settings file (`46xxsettings.txt` and the files it GETs).
    Settings,
    /// An application or boot code file (`ha...`/`hb...`), checked before it is written to flash.
    Application,
    /// A reference digest (`<file>.sha256` or `SHA256SUMS`).
    Digest,
    /// A language or font file (spec section 3.6).
    Language,
    /// The user's backup, `<extension>_16xxdata.txt` (spec section 3.8).
    Restore,
}

/// One GET.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchRequest {
    /// The full URL to fetch.
    pub url: String,
    /// The file name as the script wrote it.
    pub file: String,
    /// Why it is fetched.
    pub purpose: Purpose,
    /// Give up after this long without the whole body.
    pub timeout_ms: u32,
}

/// Status line and the headers the checks use.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FetchHead {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Length` the server announced, if any (check 2 compares the bytes with it).
    pub content_length: Option<u64>,
    /// The `ETag`, shown as `HTTP:n sc etag` on the display (spec 2.4).
    pub etag: Option<String>,
    /// The `Content-Type` (check 3 uses it to spot an HTML error page).
    pub content_type: Option<String>,
    /// Where a 3xx answer pointed (its `Location` header), as the server wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

impl FetchHead {
    /// A 3xx answer: the phone does not follow redirects (spec 2.6), so the
    /// file was not obtained.
    pub fn redirected(&self) -> bool {
        (300..400).contains(&self.status)
    }
}

/// Why a GET got no answer (or only part of one). Adapters classify; messages
/// say what a support engineer can do about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FetchError {
    /// Nothing answered: refused, no route, unknown host.
    Unreachable {
        /// What the platform said (e.g. "connection refused by 10.0.0.9:80").
        detail: String,
    },
    /// No complete answer within the timeout.
    Timeout {
        /// The timeout that ran out, in milliseconds.
        after_ms: u32,
    },
    /// The server answered but does not allow this page to read the answer.
    CrossOrigin {
        /// What the platform could tell.
        detail: String,
    },
    /// An https page may not fetch an http URL.
    MixedContent,
    /// The body ended early (connection reset or closed mid-body).
    Interrupted {
        /// Bytes received before the body broke off.
        received: u64,
        /// What the platform said.
        detail: String,
    },
    /// An https attempt that failed where a plain connection would not say why:
    /// the server is unreachable over https, or its certificate is not trusted
    /// (spec 2.7). `detail` says which, where the client can tell.
    Tls {
        /// What the platform could tell (e.g. "the certificate is self-signed").
        detail: String,
    },
    /// The client followed a redirect by itself (a browser's `fetch`), so the
    /// phone would not have got the file (spec 2.6). `status` is the 3xx where
    /// the client tells it; `target` the final URL or `Location` where known.
    Redirected {
        /// The 3xx status, where the client tells it.
        status: Option<u16>,
        /// The final URL or the `Location` header, where known.
        target: Option<String>,
        /// What else the client could tell (e.g. a loop); may be empty.
        detail: String,
    },
    /// The URL cannot be fetched at all (bad scheme, bad syntax).
    BadUrl {
        /// Why the URL cannot be fetched.
        detail: String,
    },
    /// Anything else the adapter cannot classify (a permission error, an I/O error).
    Other {
        /// What the platform said.
        detail: String,
    },
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Unreachable { detail } => write!(f, "server unreachable ({detail})"),
            FetchError::Timeout { after_ms } => {
                write!(f, "no complete answer within {} s", after_ms / 1000)
            }
            FetchError::CrossOrigin { detail } => {
                write!(f, "the server does not allow cross-origin reads ({detail})")
            }
            FetchError::MixedContent => {
                write!(f, "an https page cannot fetch an http URL (mixed content)")
            }
            FetchError::Interrupted { received, detail } => {
                write!(f, "connection ended after {received} bytes ({detail})")
            }
            FetchError::Tls { detail } => write!(
                f,
                "unreachable over https, or its certificate is not trusted ({detail})"
            ),
            FetchError::Redirected {
                status,
                target,
                detail,
            } => {
                f.write_str("redirected")?;
                if let Some(s) = status {
                    write!(f, " ({s})")?;
                }
                if let Some(t) = target {
                    write!(f, " to {t}")?;
                }
                f.write_str("; the phone does not follow redirects")?;
                if !detail.is_empty() {
                    write!(f, " ({detail})")?;
                }
                Ok(())
            }
            FetchError::BadUrl { detail } => write!(f, "bad URL ({detail})"),
            FetchError::Other { detail } => f.write_str(detail),
        }
    }
}

impl std::error::Error for FetchError {}

/// Receives a response as it arrives, and may stop it early.
pub trait BodySink {
    /// Status and headers, before any body.
    fn head(&mut self, head: &FetchHead) -> ControlFlow<()>;
    /// The next piece of the body.
    fn chunk(&mut self, bytes: &[u8]) -> ControlFlow<()>;
}

/// Something that answers GETs. The one async method keeps adapters small;
/// the engine needs no `Send` (the browser is single-threaded).
#[allow(async_fn_in_trait)]
pub trait FileSource {
    /// GETs `req.url`, handing the head and then the body to `sink` in pieces.
    /// Returns the head once the body is complete, or once the sink stopped it.
    async fn get(
        &self,
        req: &FetchRequest,
        sink: &mut dyn BodySink,
    ) -> Result<FetchHead, FetchError>;

    /// Milliseconds on any monotonic clock, for timings in the log.
    fn now_ms(&self) -> f64 {
        0.0
    }
}

/// Collects a small body (a script, a settings file, a digest) when the
/// status is 200, refusing to grow past `limit`: `over` then says the file
/// was too large, and `buf` holds only what came before.
#[derive(Debug, Default)]
pub struct Collect {
    /// The body so far (complete when the fetch ended without `over`).
    pub buf: Vec<u8>,
    /// The most bytes accepted.
    pub limit: usize,
    /// Whether the body was larger than `limit`.
    pub over: bool,
}

impl Collect {
    /// A collector that accepts at most `limit` bytes.
    pub fn new(limit: usize) -> Self {
        Collect {
            buf: Vec::new(),
            limit,
            over: false,
        }
    }
}

impl BodySink for Collect {
    fn head(&mut self, head: &FetchHead) -> ControlFlow<()> {
        if head.status != 200 {
            return ControlFlow::Break(());
        }
        if let Some(n) = head.content_length {
            if n > self.limit as u64 {
                self.over = true;
                return ControlFlow::Break(());
            }
            self.buf.reserve(n as usize);
        }
        ControlFlow::Continue(())
    }

    fn chunk(&mut self, bytes: &[u8]) -> ControlFlow<()> {
        if self.buf.len() + bytes.len() > self.limit {
            self.over = true;
            return ControlFlow::Break(());
        }
        self.buf.extend_from_slice(bytes);
        ControlFlow::Continue(())
    }
}

/// A canned response of [`MemorySource`].
#[derive(Clone, Debug)]
pub enum Canned {
    /// An answer with a status and a body (of any status).
    Body {
        /// The HTTP status.
        status: u16,
        /// The body.
        bytes: Vec<u8>,
        /// The `Content-Length` to announce; a value other than the body's length emulates a truncated download.
        content_length: Option<u64>,
    },
    /// No answer: the error the adapter would report.
    Fail(FetchError),
    /// A 3xx answer with its `Location`.
    Redirect {
        /// The 3xx status.
        status: u16,
        /// The `Location` header.
        location: String,
    },
}

/// Serves files from memory under one base URL; anything else is a 404.
/// Records every URL asked for.
#[derive(Debug, Default)]
pub struct MemorySource {
    base: String,
    files: HashMap<String, Canned>,
    /// Every URL requested, in order.
    pub requests: RefCell<Vec<String>>,
    /// Bytes handed to the sink per call (to exercise streaming).
    pub chunk_size: usize,
}

impl MemorySource {
    /// `base` is the URL prefix files live under, e.g. `mem://server/`.
    pub fn new(base: &str) -> Self {
        MemorySource {
            base: base.to_owned(),
            chunk_size: 64 * 1024,
            ..Default::default()
        }
    }

    /// Adds a file served with status 200 and a correct Content-Length.
    pub fn file(mut self, name: &str, bytes: impl Into<Vec<u8>>) -> Self {
        self.insert(name, bytes.into());
        self
    }

    /// Adds a file served with status 200 and a correct Content-Length (the in-place form of [`MemorySource::file`]).
    pub fn insert(&mut self, name: &str, bytes: Vec<u8>) {
        let len = bytes.len() as u64;
        self.files.insert(
            name.to_owned(),
            Canned::Body {
                status: 200,
                bytes,
                content_length: Some(len),
            },
        );
    }

    /// Adds any canned answer.
    pub fn canned(mut self, name: &str, c: Canned) -> Self {
        self.files.insert(name.to_owned(), c);
        self
    }

    /// The names of the files served, for tests and the fleet's summaries.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

impl FileSource for MemorySource {
    async fn get(
        &self,
        req: &FetchRequest,
        sink: &mut dyn BodySink,
    ) -> Result<FetchHead, FetchError> {
        self.requests.borrow_mut().push(req.url.clone());
        let name = req.url.strip_prefix(&self.base).unwrap_or("\u{0}");
        let (status, bytes, content_length) = match self.files.get(name) {
            Some(Canned::Body {
                status,
                bytes,
                content_length,
            }) => (*status, bytes.as_slice(), *content_length),
            Some(Canned::Fail(e)) => return Err(e.clone()),
            Some(Canned::Redirect { status, location }) => {
                let head = FetchHead {
                    status: *status,
                    content_length: Some(0),
                    location: Some(location.clone()),
                    ..Default::default()
                };
                let _ = sink.head(&head);
                return Ok(head);
            }
            None => (404, &b"not found"[..], Some(9)),
        };
        let head = FetchHead {
            status,
            content_length,
            ..Default::default()
        };
        if sink.head(&head).is_break() {
            return Ok(head);
        }
        for piece in bytes.chunks(self.chunk_size.max(1)) {
            if sink.chunk(piece).is_break() {
                break;
            }
        }
        Ok(head)
    }
}
