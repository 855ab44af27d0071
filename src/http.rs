//! The engine's [`FileSource`] over the browser's fetch API.
//!
//! Requests are plain GETs with no custom headers, so a provisioning server
//! that only sends `Access-Control-Allow-Origin` is enough (no CORS
//! preflight). Bodies are read chunk by chunk from the response stream and
//! handed to the sink as they arrive: an application download is hashed on
//! the fly and never held whole in the adapter.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use js_sys::{Reflect, Uint8Array};
use phoneboot_engine::source::{BodySink, FetchError, FetchHead, FetchRequest};
use phoneboot_engine::FileSource;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, RequestCache, RequestInit, RequestMode, Response,
};

/// What a failed fetch means before the `no-cors` probe (see [`probe`]) has
/// told a refused connection from a response without CORS headers: the fetch
/// API reports both with the same `TypeError`.
pub const UNREACHABLE_OR_CORS: &str = "or the server does not allow cross-origin reads";

#[derive(Clone, Debug, Default)]
pub struct HttpSource {
    /// Whether the page itself came over https; `None` asks the browser.
    page_https: Option<bool>,
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
        }
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

/// How long the `no-cors` probe may take at most.
const PROBE_MS: u32 = 5_000;

/// Tells a refused connection from a server without CORS headers: the fetch
/// API rejects both with the same `TypeError`, but a `no-cors` request to a
/// server that answers resolves (with an opaque response it cannot read).
async fn probe(window: &web_sys::Window, url: &str, timeout_ms: u32) -> FetchError {
    let unreachable = |detail: &str| FetchError::Unreachable {
        detail: detail.to_owned(),
    };
    if !(url.starts_with("http:") || url.starts_with("https:")) {
        return unreachable("the browser could not read it");
    }
    let Ok(controller) = AbortController::new() else {
        return unreachable(UNREACHABLE_OR_CORS);
    };
    let ms = if timeout_ms == 0 {
        PROBE_MS
    } else {
        timeout_ms.min(PROBE_MS)
    };
    let _deadline = {
        let controller = controller.clone();
        Timeout::new(ms, move || controller.abort())
    };
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(RequestMode::NoCors);
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&controller.signal()));
    match JsFuture::from(window.fetch_with_str_and_init(url, &init)).await {
        Ok(_) => FetchError::CrossOrigin {
            detail: "it answered a no-cors probe, but without Access-Control-Allow-Origin"
                .to_owned(),
        },
        Err(_) => unreachable("connection refused, no route to the host, or unknown host"),
    }
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
        init.set_cache(RequestCache::NoStore);
        init.set_signal(Some(&controller.signal()));
        let resp = match JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await {
            Ok(resp) => resp,
            Err(e) => {
                let err = request_error(&e, timed_out.get(), req.timeout_ms);
                return Err(match err {
                    FetchError::Unreachable { .. } => probe(&window, &url, req.timeout_ms).await,
                    other => other,
                });
            }
        };
        let resp: Response = resp.dyn_into().map_err(|_| FetchError::Other {
            detail: "fetch answered with something that is not a Response".to_owned(),
        })?;
        let head = head_of(&resp);
        let body = resp.body();
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
        let mut received = 0u64;
        loop {
            let step = JsFuture::from(reader.read())
                .await
                .map_err(|e| body_error(&e, timed_out.get(), req.timeout_ms, received))?;
            let done = Reflect::get(&step, &JsValue::from_str("done"))
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(true);
            if done {
                break;
            }
            let Ok(value) = Reflect::get(&step, &JsValue::from_str("value")) else {
                break;
            };
            let bytes = value.unchecked_into::<Uint8Array>().to_vec();
            received += bytes.len() as u64;
            if sink.chunk(&bytes).is_break() {
                let _ = reader.cancel();
                break;
            }
        }
        Ok(head)
    }

    fn now_ms(&self) -> f64 {
        crate::browser::now_ms()
    }
}
