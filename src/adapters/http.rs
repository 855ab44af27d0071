//! The engine's [`FileSource`] over the browser's fetch API.
//!
//! Requests are plain GETs with no custom headers, so a provisioning server
//! that only sends `Access-Control-Allow-Origin` is enough (no CORS
//! preflight). Bodies are read chunk by chunk from the response stream and
//! handed to the sink as they arrive: an application download is hashed on
//! the fly and never held whole in the adapter.

use std::cell::Cell;
use std::rc::Rc;

use crate::browser::{pump_body, Pumped};
use gloo_timers::callback::Timeout;
use js_sys::Reflect;
use phoneboot_engine::source::{BodySink, FetchError, FetchHead, FetchRequest};
use phoneboot_engine::FileSource;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, RequestCache, RequestInit, RequestMode,
    RequestRedirect, Response,
};

/// What a failed fetch usually means from a browser's point of view. The
/// fetch API reports a refused connection, a response without CORS headers
/// and a redirect loop with the same `TypeError`; [`probe`] tells them apart
/// where it can, and this names the rest.
pub const UNREACHABLE_OR_CORS: &str = "or the server does not allow cross-origin reads";

/// A server that answers, but whose redirects the browser could not follow.
pub const REDIRECT_LOOP: &str = "the server answers with a redirect that never reaches the file: a redirect loop, or a redirect to a server that does not allow cross-origin reads";

/// An https URL that gave not even an opaque answer.
pub const TLS_OR_DOWN: &str = "connection refused, no route to the host, unknown host, or a certificate the browser does not trust; open the URL in a tab to see which";

/// A server that answers, but without `Access-Control-Allow-Origin`.
pub const NO_CORS_HEADER: &str = "it answered without an Access-Control-Allow-Origin header";

#[derive(Clone, Debug, Default)]
pub struct HttpSource {
    /// Whether the page itself came over https; `None` asks the browser.
    page_https: Option<bool>,
    /// When the body of the latest request ended (`performance.now()`), if it was read to the end.
    body_end: Rc<Cell<Option<f64>>>,
    /// Called once a request is on its way, before its answer is awaited.
    on_sent: Option<OnSent>,
    /// Whether a copy the browser kept may answer once the server says it
    /// is unchanged (a conditional request, `304 Not Modified`).
    revalidate: bool,
}

/// What to do while a request is on the network: the page renders what the
/// engine did with the previous file then, instead of before asking for the next.
#[derive(Clone)]
pub struct OnSent(pub Rc<dyn Fn()>);

impl std::fmt::Debug for OnSent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnSent")
    }
}

impl HttpSource {
    pub fn new() -> Self {
        HttpSource::default()
    }

    /// A source that behaves as if the page were (or were not) served over
    /// https, for testing the mixed-content rule.
    pub fn with_page_https(https: bool) -> Self {
        HttpSource {
            page_https: Some(https),
            ..Default::default()
        }
    }

    /// A source for the Fleet's matrix and comparisons: every request still
    /// asks the server, but a file the server reports unchanged since the
    /// last run (by its ETag or Last-Modified) is not downloaded again. The
    /// phone keeps no such copy, so a boot never uses this: its request log
    /// shows what the server sent the phone. A re-run over a 1 MB template
    /// from a remote server then costs a round trip, not the megabyte.
    pub fn revalidating() -> Self {
        HttpSource {
            revalidate: true,
            ..Default::default()
        }
    }

    /// Calls `on_sent` each time a request has been sent, before its answer is awaited.
    pub fn set_on_sent(&mut self, on_sent: Rc<dyn Fn()>) {
        self.on_sent = Some(OnSent(on_sent));
    }

    /// `performance.now()` when the latest request's body ended, if it was
    /// read to its end: the moment the last byte arrived.
    pub fn body_end_ms(&self) -> Option<f64> {
        self.body_end.get()
    }

    fn page_https(&self) -> bool {
        self.page_https
            .unwrap_or_else(crate::browser::page_is_https)
    }
}

/// Loopback addresses are "potentially trustworthy": browsers let an https
/// page fetch them over http.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost" || host.ends_with(".localhost") || host == "::1" || host.starts_with("127.")
}

/// Resolves `url` against the page and refuses what the browser would refuse
/// without telling us why. Returns the absolute URL to fetch.
pub fn check_url(url: &str, page_https: bool) -> Result<String, FetchError> {
    let base = crate::browser::page_href().unwrap_or_else(|| "http://localhost/".to_owned());
    let u = web_sys::Url::new_with_base(url, &base).map_err(|_| FetchError::BadUrl {
        detail: format!("\"{url}\" is not a URL"),
    })?;
    match u.protocol().as_str() {
        "http:" if page_https && !is_loopback(&u.hostname()) => Err(FetchError::MixedContent),
        "http:" | "https:" | "data:" | "blob:" => Ok(u.href()),
        other => Err(FetchError::BadUrl {
            detail: format!("the browser cannot fetch {other} URLs; use http:// or https://"),
        }),
    }
}

fn js_error_text(e: &JsValue) -> (String, String) {
    let get = |k: &str| {
        Reflect::get(e, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    (get("name"), get("message"))
}

/// A fetch that rejected before any response.
fn request_error(e: &JsValue, timed_out: bool, timeout_ms: u32) -> FetchError {
    if timed_out {
        return FetchError::Timeout {
            after_ms: timeout_ms,
        };
    }
    match js_error_text(e) {
        (name, _) if name == "TypeError" => FetchError::Unreachable {
            detail: UNREACHABLE_OR_CORS.to_owned(),
        },
        (name, message) => FetchError::Other {
            detail: format!("{name}: {message}")
                .trim_matches([':', ' '])
                .to_owned(),
        },
    }
}

/// Asks again, to tell what a bare `TypeError` meant: a redirect the browser
/// gave up on (seen with `redirect: manual`), or a server that answers but
/// without CORS headers (a `no-cors` request gets an opaque answer). Only
/// for http(s); anything inconclusive stays [`FetchError::Unreachable`].
async fn probe(window: &web_sys::Window, url: &str, signal: &web_sys::AbortSignal) -> FetchError {
    let unreachable = FetchError::Unreachable {
        detail: UNREACHABLE_OR_CORS.to_owned(),
    };
    if !(url.starts_with("http:") || url.starts_with("https:")) {
        return unreachable;
    }
    let ask = |mode: RequestMode, redirect: RequestRedirect| {
        let init = RequestInit::new();
        init.set_method("GET");
        init.set_mode(mode);
        init.set_redirect(redirect);
        init.set_cache(RequestCache::NoStore);
        init.set_signal(Some(signal));
        JsFuture::from(window.fetch_with_str_and_init(url, &init))
    };
    if let Ok(r) = ask(RequestMode::Cors, RequestRedirect::Manual).await {
        let r: Response = r.unchecked_into();
        let _ = r.body().map(|b| b.cancel());
        if r.type_() == web_sys::ResponseType::Opaqueredirect {
            // The page may not see the status or the Location (spec 2.6: the
            // phone would not follow it either).
            return FetchError::Redirected {
                status: None,
                target: None,
                detail: REDIRECT_LOOP.to_owned(),
            };
        }
        return unreachable;
    }
    match ask(RequestMode::NoCors, RequestRedirect::Follow).await {
        Ok(_) => FetchError::CrossOrigin {
            detail: NO_CORS_HEADER.to_owned(),
        },
        // Not even an opaque answer over https: no server there, or a
        // certificate the browser does not trust; it cannot tell which (spec 2.7).
        Err(_) if url.starts_with("https:") => FetchError::Tls {
            detail: TLS_OR_DOWN.to_owned(),
        },
        // Not even an opaque answer: nothing is listening there.
        Err(_) => FetchError::Unreachable {
            detail: "connection refused, no route to the host, or unknown host".to_owned(),
        },
    }
}

/// A body that stopped coming after `received` bytes.
fn body_error(e: &JsValue, timed_out: bool, timeout_ms: u32, received: u64) -> FetchError {
    if timed_out {
        return FetchError::Timeout {
            after_ms: timeout_ms,
        };
    }
    let (name, message) = js_error_text(e);
    let detail = match (name.is_empty(), message.is_empty()) {
        (_, false) => message,
        (false, true) => name,
        (true, true) => "network error".to_owned(),
    };
    FetchError::Interrupted { received, detail }
}

fn header(resp: &Response, name: &str) -> Option<String> {
    resp.headers().get(name).ok().flatten()
}

fn head_of(resp: &Response) -> FetchHead {
    FetchHead {
        status: resp.status(),
        content_length: header(resp, "content-length").and_then(|v| v.trim().parse().ok()),
        etag: header(resp, "etag"),
        content_type: header(resp, "content-type"),
        ..Default::default()
    }
}

impl FileSource for HttpSource {
    async fn get(
        &self,
        req: &FetchRequest,
        sink: &mut dyn BodySink,
    ) -> Result<FetchHead, FetchError> {
        let url = check_url(&req.url, self.page_https())?;
        let window = web_sys::window().ok_or_else(|| FetchError::Other {
            detail: "no browser window".to_owned(),
        })?;
        self.body_end.set(None);
        // No yield to the browser before the request: awaiting its answer is
        // one, and the browser paints and handles input while the request is
        // on the network rather than before it is sent.
        let controller = AbortController::new().map_err(|e| request_error(&e, false, 0))?;
        let timed_out = Rc::new(Cell::new(false));
        // Dropped (and so cancelled) when this function returns.
        let _deadline = (req.timeout_ms > 0).then(|| {
            let (flag, controller) = (timed_out.clone(), controller.clone());
            Timeout::new(req.timeout_ms, move || {
                flag.set(true);
                controller.abort();
            })
        });

        let init = RequestInit::new();
        init.set_method("GET");
        init.set_mode(RequestMode::Cors);
        init.set_cache(if self.revalidate {
            RequestCache::NoCache
        } else {
            RequestCache::NoStore
        });
        init.set_signal(Some(&controller.signal()));
        let sent = window.fetch_with_str_and_init(&url, &init);
        if let Some(OnSent(f)) = &self.on_sent {
            f();
        }
        let resp = match JsFuture::from(sent).await {
            Ok(r) => r,
            Err(e) => {
                let err = request_error(&e, timed_out.get(), req.timeout_ms);
                return Err(match err {
                    FetchError::Unreachable { .. } => {
                        let found = probe(&window, &url, &controller.signal()).await;
                        if timed_out.get() {
                            FetchError::Timeout {
                                after_ms: req.timeout_ms,
                            }
                        } else {
                            found
                        }
                    }
                    other => other,
                });
            }
        };
        let resp: Response = resp.dyn_into().map_err(|_| FetchError::Other {
            detail: "fetch answered with something that is not a Response".to_owned(),
        })?;
        let body = resp.body();
        if resp.redirected() {
            // The browser followed a redirect; the phone would not have (spec
            // 2.6). The final URL is all the page is told.
            if let Some(body) = body {
                let _ = body.cancel();
            }
            return Err(FetchError::Redirected {
                status: None,
                target: Some(resp.url()).filter(|u| !u.is_empty()),
                detail: String::new(),
            });
        }
        let head = head_of(&resp);
        if sink.head(&head).is_break() {
            if let Some(body) = body {
                let _ = body.cancel();
            }
            return Ok(head);
        }
        let Some(body) = body else {
            return Ok(head);
        };
        let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        let fail = |e: &JsValue, received| body_error(e, timed_out.get(), req.timeout_ms, received);
        if let Pumped::Ended = pump_body(&reader, sink, fail).await? {
            self.body_end.set(Some(crate::browser::perf_now()));
        }
        Ok(head)
    }

    fn now_ms(&self) -> f64 {
        crate::browser::now_ms()
    }
}
