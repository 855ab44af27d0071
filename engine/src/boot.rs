//! The boot sequence of spec section 3 with live fetches: [`boot()`] drives
//! the [`Walker`] and answers what it needs over a [`FileSource`], turning
//! every request, response and download into [`Event`]s. What the phone
//! decides lives in the walker; this module only moves bytes and times them.

use std::rc::Rc;

use crate::apply::Trace;
use crate::checks::{self, DownloadSink, Downloaded};
use crate::diag::Warning;
use crate::display_messages::text;
use crate::events::{Cause, CheckStatus, DigestSource, Event, LoadedFile, RestoreOutcome};
use crate::report::{Report, ReportBuilder};
use crate::script::Program;
use crate::servers::Server;
use crate::source::{Collect, FetchError, FetchHead, FetchRequest, FileSource, Purpose};
use crate::walk::{Answer, LanguageRequest, Need, NotLoaded, ScriptFailure, Walker};

pub use crate::apply::Effective;
pub use crate::config::{
    BootConfig, Bound, Flash, PhoneConfig, ServerSpec, MAX_FILE_BYTES, MAX_GETS, MAX_RESTARTS,
    MAX_STATEMENTS, UPGRADE_SCRIPT,
};
pub use crate::walk::PhoneVars;

/// Largest backup file retrieved (spec 3.8, [emu]).
const MAX_RESTORE_BYTES: usize = 1024 * 1024;

/// Runs one boot session and returns its report. `flash` is changed only by
/// files that passed every check, the AUTH value files set, and the settings
/// applied at the end.
pub async fn boot<S: FileSource>(
    source: &S,
    config: &BootConfig,
    flash: &mut Flash,
    cause: Cause,
    emit: &mut dyn FnMut(&Event),
) -> Report {
    let mut d = Driver {
        source,
        config,
        geometry: config.phone.model.display(),
        out: Emitter {
            sink: emit,
            report: ReportBuilder::new(config),
        },
        attempt: 0,
    };
    let mut walker = Walker::new(config, flash, cause);
    let mut answer = None;
    let outcome = loop {
        answer = Some(match walker.next(answer.take(), &mut d.out) {
            Need::Done(outcome) => break outcome,
            Need::Script {
                file,
                purpose,
                servers,
                ..
            } => Answer::Script(d.script(&servers, &file, purpose).await),
            Need::Application { name, servers, .. } => {
                Answer::Application(d.download(&name, &servers).await)
            }
            Need::Language(req) => Answer::Language(d.language(&req).await),
            Need::Restore { url } => Answer::Restore(d.restore(&url).await),
        });
    };
    drop(walker);
    d.out.emit(Event::Finished { outcome });
    d.out.report.finish(flash)
}

/// Sends events out and keeps the report up to date.
struct Emitter<'e> {
    sink: &'e mut dyn FnMut(&Event),
    report: ReportBuilder,
}

impl Trace for Emitter<'_> {
    fn emit(&mut self, e: Event) {
        (self.sink)(&e);
        self.report.push(&e);
    }
}

struct Driver<'a, 'e, S> {
    source: &'a S,
    config: &'a BootConfig,
    geometry: crate::model::DisplayGeometry,
    out: Emitter<'e>,
    /// The `n` of the last `HTTP:n`.
    attempt: u32,
}

/// What one GET of a small file came to.
enum Got {
    /// A complete 200.
    Body(Vec<u8>, FetchHead),
    /// An answer other than 200.
    Status(u16),
    /// No (complete) answer.
    Failed(FetchError),
    /// The body went past the limit.
    TooBig,
}

/// One server's answer to an application download.
struct Attempt {
    /// The reference digest and where it came from, looked up before the download.
    reference: Option<(String, DigestSource)>,
    result: Result<FetchHead, FetchError>,
    received: u64,
    first: Vec<u8>,
    over: bool,
    digest: String,
}

/// "a: HTTP 404; b: server unreachable (...)": what each server answered.
struct Reasons {
    several: bool,
    why: Vec<String>,
}

impl Reasons {
    fn new(servers: &[Server]) -> Self {
        Reasons {
            several: servers.len() > 1,
            why: Vec::new(),
        }
    }

    fn push(&mut self, server: &Server, reason: String) {
        // With several servers, each answer says whose it was.
        self.why.push(match self.several {
            true => format!("{}: {reason}", server.base),
            false => reason,
        });
    }

    fn joined(self) -> String {
        self.not_delivered().to_string()
    }

    fn not_delivered(self) -> NotLoaded {
        NotLoaded::NotDelivered { answers: self.why }
    }
}

impl<S: FileSource> Driver<'_, '_, S> {
    fn display(&mut self, text: impl Into<String>) {
        let text = text.into();
        let screen = self.geometry.render(&text);
        self.out.emit(Event::Display { text, screen });
    }

    /// Fetches a script or settings file from the servers in order; the first
    /// that delivers wins.
    async fn script(
        &mut self,
        servers: &[Server],
        file: &str,
        purpose: Purpose,
    ) -> Result<Rc<Program>, ScriptFailure> {
        let mut why = Reasons::new(servers);
        for server in servers {
            let url = server.url(file);
            match self.fetch_small(file, &url, purpose, MAX_FILE_BYTES).await {
                Got::Body(bytes, _) => return Ok(Rc::new(Program::parse(file, &bytes))),
                Got::Status(s) => why.push(server, format!("HTTP {s}")),
                Got::Failed(e) => why.push(server, e.to_string()),
                Got::TooBig => return Err(ScriptFailure::TooBig),
            }
        }
        Err(ScriptFailure::Missing { why: why.joined() })
    }

    /// A language or font file (spec 3.6): kept when the answer is 200, its
    /// length matches Content-Length, it is not an HTML page [emu] and it fits
    /// the language area. Nothing is kept otherwise.
    async fn language(&mut self, req: &LanguageRequest) -> Result<LoadedFile, NotLoaded> {
        self.display(req.file.clone());
        let limit = usize::try_from(req.limit).unwrap_or(usize::MAX);
        let mut why = Reasons::new(&req.servers);
        for server in &req.servers {
            let url = server.url(&req.file);
            let (bytes, head) = match self
                .fetch_small(&req.file, &url, Purpose::Language, limit)
                .await
            {
                Got::Body(bytes, head) => (bytes, head),
                Got::Status(s) => {
                    why.push(server, format!("HTTP {s}"));
                    continue;
                }
                Got::Failed(e) => {
                    if let FetchError::Interrupted { received, .. } = &e {
                        self.display(crate::display_messages::text::kb_received(*received));
                    }
                    why.push(server, format!("truncated or failed: {e}"));
                    continue;
                }
                Got::TooBig => {
                    why.push(
                        server,
                        format!("larger than the language area of {} KiB", req.limit / 1024),
                    );
                    continue;
                }
            };
            self.display(crate::display_messages::text::kb_received(
                bytes.len() as u64
            ));
            let received = bytes.len() as u64;
            if let Some(n) = head.content_length.filter(|n| *n != received) {
                why.push(
                    server,
                    format!("truncated: received {received} bytes, Content-Length said {n}"),
                );
                continue;
            }
            if bytes.is_empty() {
                why.push(server, "HTTP 200 but the body is empty".to_owned());
                continue;
            }
            let start: Vec<u8> = bytes
                .iter()
                .copied()
                .skip_while(u8::is_ascii_whitespace)
                .take(1)
                .collect();
            if start == b"<" {
                why.push(
                    server,
                    "the body is an HTML page (an error or index page), not a language file"
                        .to_owned(),
                );
                continue;
            }
            return Ok(LoadedFile {
                name: req.file.clone(),
                size: received,
                sha256: checks::sha256_hex(&bytes),
                written_ms: self.source.now_ms().round(),
            });
        }
        Err(why.not_delivered())
    }

    /// The user's backup after login (spec 3.8).
    async fn restore(&mut self, url: &str) -> RestoreOutcome {
        let file = url.rsplit('/').next().unwrap_or(url).to_owned();
        match self
            .fetch_small(&file, url, Purpose::Restore, MAX_RESTORE_BYTES)
            .await
        {
            Got::Body(bytes, _) => {
                let (text, _) = crate::text::decode(&bytes);
                RestoreOutcome::Restored {
                    bytes: bytes.len() as u64,
                    lines: text.lines().count() as u32,
                }
            }
            Got::Status(404) => RestoreOutcome::NothingToRestore,
            Got::Status(s) => RestoreOutcome::Failed {
                cause: format!("HTTP {s}"),
            },
            Got::Failed(e) => RestoreOutcome::Failed {
                cause: e.to_string(),
            },
            Got::TooBig => RestoreOutcome::Failed {
                cause: format!("larger than {} KiB", MAX_RESTORE_BYTES / 1024),
            },
        }
    }

    /// Downloads and checks `name` from the HTTP servers. Returns the file
    /// that passed every check (the walker writes it to flash), or why not.
    #[allow(clippy::too_many_lines)] // older than the lint: split when it next grows
    async fn download(&mut self, name: &str, servers: &[Server]) -> Result<LoadedFile, NotLoaded> {
        self.display(name.to_owned());
        let limit = self.config.flash_limit;
        let mut last: Option<Attempt> = None;
        for server in servers {
            // The reference is looked up before the download, so the verdict
            // is ready the moment the last byte arrives.
            let reference = self.reference_digest(name, server).await;
            let url = server.url(name);
            let req = self.request(name, &url, Purpose::Application);
            let t0 = self.source.now_ms();
            // Progress goes out while the body streams in, so a slow download shows it live.
            let source = self.source;
            let out = &mut self.out;
            let mut reported = 0;
            let mut on_progress = |received: u64, total: Option<u64>| {
                reported = received;
                out.emit(Event::Progress {
                    file: name.to_owned(),
                    received,
                    total,
                });
            };
            let mut sink = DownloadSink::new(limit, &mut on_progress);
            let result = source.get(&req, &mut sink).await;
            let received = sink.received;
            let total = sink.head.as_ref().and_then(|h| h.content_length);
            let first = std::mem::take(&mut sink.first);
            let over = sink.over_limit;
            let digest = sink.finish();
            if received > reported {
                self.out.emit(Event::Progress {
                    file: name.to_owned(),
                    received,
                    total,
                });
            }
            self.response(&req, &result, received, t0);
            let ok = matches!(&result, Ok(h) if h.status == 200);
            last = Some(Attempt {
                reference,
                result,
                received,
                first,
                over,
                digest,
            });
            if ok {
                break;
            }
        }
        let Some(Attempt {
            reference,
            result,
            received,
            first,
            over,
            digest,
        }) = last
        else {
            return Err(NotLoaded::NoServer {
                file: name.to_owned(),
            });
        };
        if matches!(&result, Ok(h) if h.status == 200)
            || matches!(&result, Err(FetchError::Interrupted { .. }))
        {
            self.display(crate::display_messages::text::kb_received(received));
        }
        let body_ok = matches!(&result, Ok(h) if h.status == 200 && received > 0);
        let reference = reference.filter(|_| body_ok && !over);
        if body_ok && !over {
            self.out.emit(Event::Digest {
                file: name.to_owned(),
                sha256: digest.clone(),
                reference: reference.as_ref().map(|r| r.0.clone()),
                reference_source: reference.as_ref().map(|r| r.1.clone()),
            });
        }
        let results = checks::run_checks(&Downloaded {
            file: name,
            result: &result,
            received,
            first: &first,
            over_limit: over,
            sha256: (body_ok && !over).then_some(digest.as_str()),
            reference: reference.as_ref().map(|(d, s)| (d.as_str(), s)),
            flash_limit: self.config.flash_limit,
        });
        let failed: Vec<String> = results
            .iter()
            .filter(|c| c.status == CheckStatus::Fail)
            .map(|c| format!("{}: {}", c.kind.title(), c.detail))
            .collect();
        for c in results {
            self.out.emit(Event::Check { check: c });
        }
        if !failed.is_empty() {
            let not_loaded = NotLoaded::FailedChecks {
                file: name.to_owned(),
                failed,
            };
            let msg = not_loaded.to_string();
            let not_found = matches!(&result, Ok(h) if h.status == 404);
            self.out
                .warn(Warning::check_failed(name, &msg, not_found, body_ok));
            self.display(if not_found {
                text::FILE_NOT_FOUND
            } else {
                text::CHECKSUM_ERROR
            });
            return Err(not_loaded);
        }
        let secs = (received / (512 * 1024)).max(1);
        for pct in [0, 50, 100] {
            self.display(format!("Saving to flash {pct}%, {} secs", secs * pct / 100));
        }
        Ok(LoadedFile {
            name: name.to_owned(),
            size: received,
            sha256: digest,
            // Whole milliseconds: a float with a fraction would not survive every JSON round trip.
            written_ms: self.source.now_ms().round(),
        })
    }

    /// The reference digest for `name`: pasted by the user, else `<name>.sha256`,
    /// else `SHA256SUMS`, from the server that serves the file. A server that
    /// does not answer at all is not asked twice.
    async fn reference_digest(
        &mut self,
        name: &str,
        server: &Server,
    ) -> Option<(String, DigestSource)> {
        if let Some(d) = checks::find_digest(&self.config.pasted_digests, name, true) {
            return Some((d, DigestSource::Pasted));
        }
        for (file, bare_ok) in [
            (format!("{name}.sha256"), true),
            ("SHA256SUMS".to_owned(), false),
        ] {
            let url = server.url(&file);
            match self
                .fetch_small(&file, &url, Purpose::Digest, 64 * 1024)
                .await
            {
                Got::Body(bytes, _) => {
                    let (text, _) = crate::text::decode(&bytes);
                    if let Some(d) = checks::find_digest(&text, name, bare_ok) {
                        return Some((d, DigestSource::File(file)));
                    }
                }
                Got::Failed(_) => return None,
                Got::Status(_) | Got::TooBig => {}
            }
        }
        None
    }

    fn request(&mut self, file: &str, url: &str, purpose: Purpose) -> FetchRequest {
        // Digest look-ups are the emulator's own [emu]: they get no `HTTP:n` of
        // their own, so the phone's numbering stays as the phone would show it.
        if purpose != Purpose::Digest {
            self.attempt += 1;
            self.display(format!("HTTP:{} {url}", self.attempt));
        }
        self.out.emit(Event::Request {
            attempt: self.attempt,
            file: file.to_owned(),
            url: url.to_owned(),
            purpose,
        });
        FetchRequest {
            url: url.to_owned(),
            file: file.to_owned(),
            purpose,
            timeout_ms: self.config.timeout_ms,
        }
    }

    fn response(
        &mut self,
        req: &FetchRequest,
        result: &Result<FetchHead, FetchError>,
        bytes: u64,
        t0: f64,
    ) {
        let elapsed_ms = (self.source.now_ms() - t0).max(0.0);
        let (attempt, file, url) = (self.attempt, req.file.clone(), req.url.clone());
        // Spec 2.6: a redirect is a failed attempt; say where it pointed.
        let redirect = match result {
            Ok(h) if h.redirected() => Some((Some(h.status), h.location.as_deref())),
            Err(FetchError::Redirected { status, target, .. }) => {
                Some((*status, target.as_deref()))
            }
            _ => None,
        }
        .map(|(status, target)| crate::diagnose::redirect_message(&url, &file, status, target));
        match result {
            Ok(head) => {
                if req.purpose != Purpose::Digest {
                    let etag = head.etag.as_deref().unwrap_or("");
                    self.display(
                        format!("HTTP:{attempt} {} {etag}", head.status)
                            .trim_end()
                            .to_owned(),
                    );
                }
                self.out.emit(Event::Response {
                    attempt,
                    file: file.clone(),
                    url,
                    head: head.clone(),
                    bytes,
                    elapsed_ms,
                });
            }
            Err(error) => {
                if req.purpose != Purpose::Digest {
                    self.display(format!("HTTP:{attempt} failed"));
                }
                self.out.emit(Event::RequestFailed {
                    attempt,
                    file: file.clone(),
                    url,
                    error: error.clone(),
                    elapsed_ms,
                });
            }
        }
        if let Some((message, fix)) = redirect {
            self.out.warn(Warning::redirect(&file, message, fix));
        }
    }

    /// One GET of a small file, and what became of it.
    async fn fetch_small(&mut self, file: &str, url: &str, purpose: Purpose, limit: usize) -> Got {
        let req = self.request(file, url, purpose);
        let t0 = self.source.now_ms();
        let mut sink = Collect::new(limit);
        let result = self.source.get(&req, &mut sink).await;
        self.response(&req, &result, sink.buf.len() as u64, t0);
        if sink.over {
            return Got::TooBig;
        }
        match result {
            Ok(h) if h.status == 200 => Got::Body(sink.buf, h),
            Ok(h) => Got::Status(h.status),
            Err(e) => Got::Failed(e),
        }
    }
}
