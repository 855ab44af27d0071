//! Integrity checks on a downloaded application file (spec section 6): what
//! the download sink records while the body streams in, and the five verdicts
//! drawn from it.

use std::ops::ControlFlow;

use sha2::{Digest, Sha256};

use crate::events::{Check, CheckKind, CheckStatus, DigestSource};
use crate::source::{BodySink, FetchError, FetchHead};

/// Default flash limit of a 1600 (spec section 6.5, [emu]).
pub const DEFAULT_FLASH_LIMIT: u64 = 16 * 1024 * 1024;

/// Hashes a body as it arrives, keeping only its first bytes: a download
/// never holds more than the chunk in flight.
pub struct DownloadSink<'a> {
    hasher: Sha256,
    /// The head, once the server answered.
    pub head: Option<FetchHead>,
    /// Body bytes received so far.
    pub received: u64,
    /// The first bytes, to recognise an HTML error page.
    pub first: Vec<u8>,
    limit: u64,
    /// The body went past `limit`; the download was stopped there.
    pub over_limit: bool,
    next_progress: u64,
    progress: &'a mut dyn FnMut(u64, Option<u64>),
}

const FIRST_BYTES: usize = 64;

impl<'a> DownloadSink<'a> {
    /// A sink that stops past `limit` bytes and reports progress to `progress` (bytes so far, the announced total).
    pub fn new(limit: u64, progress: &'a mut dyn FnMut(u64, Option<u64>)) -> Self {
        DownloadSink {
            hasher: Sha256::new(),
            head: None,
            received: 0,
            first: Vec::new(),
            limit,
            over_limit: false,
            next_progress: 0,
            progress,
        }
    }

    /// The SHA-256 of everything received, in lower-case hex.
    pub fn finish(self) -> String {
        hex(&self.hasher.finalize())
    }
}

impl BodySink for DownloadSink<'_> {
    fn head(&mut self, head: &FetchHead) -> ControlFlow<()> {
        self.head = Some(head.clone());
        // An error status has an error body; it is not worth downloading.
        if head.status == 200 {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    }

    fn chunk(&mut self, bytes: &[u8]) -> ControlFlow<()> {
        if self.received + bytes.len() as u64 > self.limit {
            self.over_limit = true;
            return ControlFlow::Break(());
        }
        if self.first.len() < FIRST_BYTES {
            let take = (FIRST_BYTES - self.first.len()).min(bytes.len());
            self.first.extend_from_slice(&bytes[..take]);
        }
        self.hasher.update(bytes);
        self.received += bytes.len() as u64;
        if self.received >= self.next_progress {
            let total = self.head.as_ref().and_then(|h| h.content_length);
            (self.progress)(self.received, total);
            // About a hundred updates for a known size, one every 256 KiB otherwise.
            let step = total
                .map(|t| (t / 100).max(64 * 1024))
                .unwrap_or(256 * 1024);
            self.next_progress = self.received + step;
        }
        ControlFlow::Continue(())
    }
}

/// An incremental SHA-256, for callers outside the download path (benchmarks).
#[derive(Default)]
pub struct StreamDigest(Sha256);

impl StreamDigest {
    /// A digest of nothing yet.
    pub fn new() -> Self {
        StreamDigest(Sha256::new())
    }
    /// Adds `bytes` to the digest.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    /// Lower-case hex of everything given to `update`.
    pub fn finish(self) -> String {
        hex(&self.0.finalize())
    }
}

/// Lower-case hex of `bytes` (a digest as sha256sum prints it).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a whole buffer, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Finds the digest for `file` in sha256sum-format text (`<hex>  <name>` or
/// `<hex> *<name>` lines). A line with a digest and no name matches any file
/// when `bare_ok` (a sidecar `<file>.sha256`, or a pasted digest).
pub fn find_digest(text: &str, file: &str, bare_ok: bool) -> Option<String> {
    text.lines().find_map(|line| {
        let mut parts = line.split_whitespace();
        let digest = parts.next()?;
        if !is_hex64(digest) {
            return None;
        }
        let matches = match parts.next() {
            None => bare_ok,
            Some(name) => {
                let name = name.trim_start_matches('*').trim_start_matches("./");
                name == file || (bare_ok && name.rsplit('/').next() == Some(file))
            }
        };
        matches.then(|| digest.to_ascii_lowercase())
    })
}

/// What is known about a finished (or failed) download.
pub struct Downloaded<'a> {
    /// The file name.
    pub file: &'a str,
    /// How the fetch ended: its head, or the error.
    pub result: &'a Result<FetchHead, FetchError>,
    /// Body bytes received.
    pub received: u64,
    /// The first bytes of the body (check 3).
    pub first: &'a [u8],
    /// Whether the body went past the flash limit and was stopped.
    pub over_limit: bool,
    /// The computed SHA-256, when the whole body arrived.
    pub sha256: Option<&'a str>,
    /// The reference digest and where it came from.
    pub reference: Option<(&'a str, &'a DigestSource)>,
    /// The flash size of the model, in bytes (check 5).
    pub flash_limit: u64,
}

/// Runs the five checks in order; after a failure the rest are skipped,
/// except the size check, which is always meaningful.
#[allow(clippy::too_many_lines)] // older than the lint: split when it next grows
pub fn run_checks(d: &Downloaded<'_>) -> Vec<Check> {
    let mut out = Vec::new();
    let mut failed = false;
    let push = |kind: CheckKind, status: CheckStatus, detail: String, out: &mut Vec<Check>| {
        out.push(Check {
            file: d.file.to_owned(),
            kind,
            status,
            detail,
        });
    };
    // 1. status and body
    let (status, detail) = match d.result {
        Err(FetchError::Interrupted { .. }) => (
            CheckStatus::Pass,
            "HTTP 200 (body interrupted, see the length check)".to_owned(),
        ),
        Err(e) => (CheckStatus::Fail, format!("no response: {e}")),
        Ok(h) if h.status != 200 => (
            CheckStatus::Fail,
            format!("HTTP {} instead of 200", h.status),
        ),
        Ok(_) if d.received == 0 && !d.over_limit => (
            CheckStatus::Fail,
            "HTTP 200 but the body is empty".to_owned(),
        ),
        Ok(_) => (CheckStatus::Pass, format!("HTTP 200, {} bytes", d.received)),
    };
    failed |= status == CheckStatus::Fail;
    push(CheckKind::Status, status, detail, &mut out);

    // 2. length
    let (status, detail) = if failed {
        (CheckStatus::Skipped, String::new())
    } else {
        let declared = d.result.as_ref().ok().and_then(|h| h.content_length);
        match (d.result, declared) {
            (Err(FetchError::Interrupted { received, detail }), _) => (
                CheckStatus::Fail,
                format!("the connection ended after {received} bytes ({detail})"),
            ),
            _ if d.over_limit => (
                CheckStatus::Skipped,
                "download stopped at the flash limit".to_owned(),
            ),
            (_, Some(n)) if n != d.received => (
                CheckStatus::Fail,
                format!(
                    "received {} bytes, Content-Length said {n}: truncated",
                    d.received
                ),
            ),
            (_, Some(n)) => (
                CheckStatus::Pass,
                format!("{n} bytes, as Content-Length said"),
            ),
            (_, None) => (
                CheckStatus::Pass,
                format!("no Content-Length sent; {} bytes received", d.received),
            ),
        }
    };
    failed |= status == CheckStatus::Fail;
    push(CheckKind::Length, status, detail, &mut out);

    // 3. not an error page
    let (status, detail) = if failed {
        (CheckStatus::Skipped, String::new())
    } else {
        let start: Vec<u8> = d
            .first
            .iter()
            .copied()
            .skip_while(u8::is_ascii_whitespace)
            .take(16)
            .collect();
        if start.starts_with(b"<") {
            let shown: String = String::from_utf8_lossy(&start)
                .chars()
                .filter(|c| !c.is_control())
                .collect();
            (
                CheckStatus::Fail,
                format!("the body starts with \"{shown}\": an HTML/text page, not firmware"),
            )
        } else {
            (CheckStatus::Pass, "binary content".to_owned())
        }
    };
    failed |= status == CheckStatus::Fail;
    push(CheckKind::NotHtml, status, detail, &mut out);

    // 4. digest
    let (status, detail) = match (failed || d.over_limit, d.sha256, d.reference) {
        (true, _, _) | (_, None, _) => (CheckStatus::Skipped, String::new()),
        (false, Some(got), Some((want, source))) if got.eq_ignore_ascii_case(want) => {
            (CheckStatus::Pass, format!("{got} matches {source}"))
        }
        (false, Some(got), Some((want, source))) => (
            CheckStatus::Fail,
            format!("computed {got}, but {source} says {want}"),
        ),
        (false, Some(got), None) => (
            CheckStatus::NotVerified,
            format!("{got} (not verified: no reference)"),
        ),
    };
    failed |= status == CheckStatus::Fail;
    push(CheckKind::Sha256, status, detail, &mut out);

    // 5. size
    let (status, detail) = if d.over_limit {
        (
            CheckStatus::Fail,
            format!(
                "larger than the {} MiB of flash; download stopped",
                d.flash_limit / (1024 * 1024)
            ),
        )
    } else if out[0].status == CheckStatus::Fail {
        (CheckStatus::Skipped, String::new())
    } else {
        (
            CheckStatus::Pass,
            format!(
                "{} bytes of {} MiB",
                d.received,
                d.flash_limit / (1024 * 1024)
            ),
        )
    };
    push(CheckKind::Size, status, detail, &mut out);
    let _ = failed;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn spec_6_4_sha256sum_formats() {
        assert_eq!(
            find_digest(&format!("{A}  app.bin\n"), "app.bin", false).as_deref(),
            Some(A)
        );
        assert_eq!(
            find_digest(&format!("{A} *app.bin\n"), "app.bin", false).as_deref(),
            Some(A)
        );
        assert_eq!(
            find_digest(&format!("{A}\n"), "app.bin", true).as_deref(),
            Some(A)
        );
        assert_eq!(find_digest(&format!("{A}\n"), "app.bin", false), None);
        assert_eq!(
            find_digest(&format!("{A}  other.bin\n"), "app.bin", false),
            None
        );
        assert_eq!(
            find_digest(
                &format!("# x\n{}  app.bin\n", A.to_uppercase()),
                "app.bin",
                false
            )
            .as_deref(),
            Some(A)
        );
    }

    #[test]
    fn spec_6_4_streaming_digest_equals_one_shot() {
        let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut calls = 0;
        let mut progress = |_r: u64, _t: Option<u64>| calls += 1;
        let mut sink = DownloadSink::new(DEFAULT_FLASH_LIMIT, &mut progress);
        let _ = sink.head(&FetchHead {
            status: 200,
            content_length: Some(data.len() as u64),
            ..Default::default()
        });
        for c in data.chunks(7000) {
            let _ = sink.chunk(c);
        }
        assert_eq!(sink.received, 300_000);
        assert_eq!(sink.first.len(), FIRST_BYTES);
        assert_eq!(sink.finish(), sha256_hex(&data));
        assert!(calls >= 2);
    }

    #[test]
    fn spec_6_5_sink_stops_past_the_flash_limit() {
        let mut progress = |_r: u64, _t: Option<u64>| {};
        let mut sink = DownloadSink::new(10, &mut progress);
        assert!(sink.chunk(&[1; 8]).is_continue());
        assert!(sink.chunk(&[1; 8]).is_break());
        assert!(sink.over_limit);
    }
}
