//! Small pieces of browser glue: where the page lives, downloads, clipboard, time.

use wasm_bindgen::{JsCast, JsValue};

/// The page's own URL, or `None` outside a browser page.
pub fn page_href() -> Option<String> {
    web_sys::window()?.location().href().ok()
}

fn shell() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("shell")
}

/// Hides index.html's first screen (`#shell`: the header and a status line
/// shown while the wasm loads), in the task that renders the app, so no frame
/// shows both headers. It stays in the document until [`remove_shell`], so
/// src/shell.js can still show it if the app's first render fails.
pub fn hide_shell() {
    if let Some(shell) = shell() {
        let _ = shell.set_attribute("hidden", "");
    }
}

/// Removes index.html's first screen once the app has rendered.
pub fn remove_shell() {
    if let Some(shell) = shell() {
        shell.remove();
    }
}

pub fn page_is_https() -> bool {
    page_href().is_some_and(|h| h.starts_with("https:"))
}

/// The built-in demo server: `demo/` next to the page, so the app works when
/// `dist/` is served from any sub-path.
pub fn demo_url(page_href: &str) -> Option<String> {
    web_sys::Url::new_with_base("demo/", page_href)
        .ok()
        .map(|u| u.href())
}

/// An option-242 string naming the same folder as `url`, so switching modes
/// starts from something that works. TLSSRVR for https, as a phone would need.
pub fn option242_for(url: &str) -> Option<String> {
    let u = web_sys::Url::new(url).ok()?;
    let tls = match u.protocol().as_str() {
        "https:" => true,
        "http:" => false,
        _ => return None,
    };
    Some(phoneboot_engine::servers::build_option242(
        tls,
        &u.hostname(),
        &u.port(),
        &u.pathname(),
    ))
}

/// Saves `text` as a file through a temporary object URL.
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    body.append_child(&a)?;
    a.click();
    body.remove_child(&a)?;
    // The download has started from the click; the URL is no longer needed.
    gloo_timers::callback::Timeout::new(1_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// How a copy went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Copied {
    /// On the clipboard.
    Copied,
    /// The browser would not copy (no permission, or an http page that is not
    /// a secure context): the text is selected for the user to copy.
    Selected,
    /// Neither worked.
    Failed,
}

/// Copies `text` with `navigator.clipboard`; where that is missing or
/// refused, selects the element `fallback` (which shows the same text) and
/// tries the older `execCommand("copy")`, leaving the selection for Ctrl+C.
pub async fn copy_text(text: &str, fallback: Option<web_sys::Element>) -> Copied {
    let Some(w) = web_sys::window() else {
        return Copied::Failed;
    };
    // Absent outside secure contexts: calling it would throw.
    let has_clipboard = js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if has_clipboard {
        let promise = w.navigator().clipboard().write_text(text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return Copied::Copied;
        }
    }
    let (Some(el), Some(doc)) = (fallback, w.document()) else {
        return Copied::Failed;
    };
    let Ok(Some(sel)) = w.get_selection() else {
        return Copied::Failed;
    };
    if sel.select_all_children(&el).is_err() {
        return Copied::Failed;
    }
    let html: web_sys::HtmlDocument = doc.unchecked_into();
    if html.exec_command("copy").unwrap_or(false) {
        Copied::Copied
    } else {
        Copied::Selected
    }
}

/// Milliseconds since the Unix epoch, at `performance.now()` resolution: one
/// clock for both request timings and the time a file was written to flash.
pub fn now_ms() -> f64 {
    PERFORMANCE.with(|p| match p {
        Some(p) => p.time_origin() + p.now(),
        None => js_sys::Date::now(),
    })
}

thread_local! {
    /// The page's `Performance`, looked up once: the clocks are read in hot
    /// loops (the fleet's compute reads one every 16 cells).
    static PERFORMANCE: Option<web_sys::Performance> =
        web_sys::window().and_then(|w| w.performance());
}

/// `performance.now()`: milliseconds since the page started, for short intervals.
pub fn perf_now() -> f64 {
    PERFORMANCE.with(|p| p.as_ref().map_or_else(js_sys::Date::now, |p| p.now()))
}

/// An epoch time in the reader's locale, as `Date.toLocaleString()` writes it.
///
/// One `Intl.DateTimeFormat` serves every call: `toLocaleString` resolves the
/// locale and builds a formatter on each call, several milliseconds in
/// Chromium, and the Flash panel formats a time per stored file on the render
/// that shows a boot's outcome.
pub fn format_time(epoch_ms: f64) -> String {
    thread_local! {
        static FORMAT: js_sys::Function = {
            // toLocaleString's defaults: the date and the time, all numeric.
            let options = js_sys::Object::new();
            for key in ["year", "month", "day", "hour", "minute", "second"] {
                let _ = js_sys::Reflect::set(&options, &key.into(), &"numeric".into());
            }
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options).format()
        };
    }
    let date = js_sys::Date::new(&JsValue::from_f64(epoch_ms));
    FORMAT
        .with(|format| format.call1(&JsValue::UNDEFINED, &date))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| date.to_locale_string("default", &JsValue::UNDEFINED).into())
}

/// The page's URL fragment, without `#` (empty when there is none).
pub fn page_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}

/// The page's URL with `fragment` in place of its own.
pub fn link_with_fragment(fragment: &str) -> String {
    let href = page_href().unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}#{fragment}")
}

/// Calls `f` with the new fragment whenever it changes (a share link pasted
/// into the address bar of an open page). Dropping the guard stops it.
pub struct HashListener {
    closure: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl HashListener {
    pub fn new(mut f: impl FnMut(String) + 'static) -> Option<HashListener> {
        let window = web_sys::window()?;
        let closure =
            wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || f(page_fragment()));
        window
            .add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref())
            .ok()?;
        Some(HashListener { closure })
    }
}

impl Drop for HashListener {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                "hashchange",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Loads `params-all.tsv` (beside the page) into the engine's catalog, once:
/// it explains unknown parameters with the phones that use them, and is kept
/// out of the wasm to keep the download small. Without it, boots still run;
/// their unknown-parameter warnings only lack that explanation.
pub async fn ensure_product_lines() {
    use phoneboot_engine::catalog::{load_product_lines, product_lines_loaded};
    if product_lines_loaded() {
        return;
    }
    let Some(w) = web_sys::window() else { return };
    let Ok(href) = w.location().href() else {
        return;
    };
    let Ok(url) = web_sys::Url::new_with_base("params-all.tsv", &href) else {
        return;
    };
    let Ok(resp) = wasm_bindgen_futures::JsFuture::from(w.fetch_with_str(&url.href())).await else {
        return;
    };
    let resp: web_sys::Response = resp.unchecked_into();
    if !resp.ok() {
        return;
    }
    let Ok(text) = resp.text() else { return };
    if let Ok(text) = wasm_bindgen_futures::JsFuture::from(text).await {
        if let Some(t) = text.as_string() {
            load_product_lines(&t);
        }
    }
}

/// How a body stream ended.
pub enum Pumped {
    /// The stream ended; the whole body went to the sink.
    Ended,
    /// The sink asked to stop; the stream was cancelled.
    Stopped,
}

/// Reads a body stream chunk by chunk into `sink`, never holding more than
/// the chunk in flight. `fail` turns a read error and the bytes received so
/// far into the source's error. Shared by the HTTP and the local-file sources.
pub async fn pump_body(
    reader: &web_sys::ReadableStreamDefaultReader,
    sink: &mut dyn phoneboot_engine::source::BodySink,
    fail: impl Fn(&JsValue, u64) -> phoneboot_engine::source::FetchError,
) -> Result<Pumped, phoneboot_engine::source::FetchError> {
    let mut received = 0u64;
    loop {
        let step = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(|e| fail(&e, received))?;
        let done = js_sys::Reflect::get(&step, &JsValue::from_str("done"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(Pumped::Ended);
        }
        let Ok(value) = js_sys::Reflect::get(&step, &JsValue::from_str("value")) else {
            return Ok(Pumped::Ended);
        };
        let bytes = value.unchecked_into::<js_sys::Uint8Array>().to_vec();
        received += bytes.len() as u64;
        if sink.chunk(&bytes).is_break() {
            let _ = reader.cancel();
            return Ok(Pumped::Stopped);
        }
    }
}

/// Yields to the event loop: the browser handles input and paints a frame
/// if one is due, then the caller goes on. A message through a
/// `MessageChannel`, not `setTimeout(0)`: browsers clamp nested timeouts to
/// 4 ms after five levels (HTML, timers), so a computation that yields every
/// few milliseconds through timeouts spends about as long waiting as working.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            let _ = resolve.call0(&JsValue::UNDEFINED);
            return;
        };
        let port = channel.port1();
        let sender = channel.port2();
        let done = resolve.clone();
        // The closure holds the channel until its message has arrived.
        let on_message = wasm_bindgen::closure::Closure::once_into_js(move || {
            drop(channel);
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        port.set_onmessage(Some(on_message.unchecked_ref()));
        if sender.post_message(&JsValue::UNDEFINED).is_err() {
            port.set_onmessage(None);
            let _ = done.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
