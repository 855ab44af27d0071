//! The Diagnose tab's access-log comparison, in the background: the log read
//! (a file streamed, or the pasted text in pieces with a pause for the page
//! between them, so a million-line paste leaves the page answering), then the
//! configured phone booted, each step reported as a [`LogAction`].

use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use phoneboot_engine::access_log::{LogReader, ParsedLog};
use phoneboot_engine::source::{BodySink, FetchHead};
use phoneboot_engine::{boot, BootConfig, Cause, Flash};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::File;
use yew::Callback;

use super::PageSource;
use crate::error::WebError;
use crate::http::HttpSource;
use crate::local::{LocalFiles, LocalSource};
use crate::state::access_log::LogAction;

/// Bytes of pasted text read between two pauses.
const PIECE: usize = 512 * 1024;

/// Feeds a streamed file into the log reader.
struct ReaderSink<'r>(&'r mut LogReader);

impl BodySink for ReaderSink<'_> {
    fn head(&mut self, _: &FetchHead) -> std::ops::ControlFlow<()> {
        std::ops::ControlFlow::Continue(())
    }
    fn chunk(&mut self, bytes: &[u8]) -> std::ops::ControlFlow<()> {
        self.0.push(bytes);
        std::ops::ControlFlow::Continue(())
    }
}

/// Reads the log (a file, streamed, or the pasted text, in pieces).
async fn read_log(
    file: Option<File>,
    text: Rc<String>,
    progress: impl Fn(u64),
) -> Result<ParsedLog, WebError> {
    let mut reader = LogReader::new();
    if let Some(f) = file {
        let stream: web_sys::ReadableStreamDefaultReader = f.stream().get_reader().unchecked_into();
        crate::browser::pump_body(&stream, &mut ReaderSink(&mut reader), |_, received| {
            phoneboot_engine::source::FetchError::Other {
                detail: format!("the file could not be read after {received} bytes"),
            }
        })
        .await
        .map_err(WebError::LogRead)?;
    } else {
        let mut done = 0u64;
        for piece in text.as_bytes().chunks(PIECE) {
            reader.push(piece);
            done += piece.len() as u64;
            progress(done);
            // Let the page repaint and answer between pieces.
            TimeoutFuture::new(0).await;
        }
    }
    reader.finish().map_err(WebError::Log)
}

/// Starts comparison run `id`: reads the log (`file`, else `text`), then
/// boots the phone `config` describes against its server (or `local`'s files).
pub fn spawn_compare(
    id: u32,
    file: Option<File>,
    text: Rc<String>,
    config: BootConfig,
    flash: Flash,
    local: Option<LocalFiles>,
    dispatch: Callback<LogAction>,
) {
    spawn_local(async move {
        let progress = {
            let d = dispatch.clone();
            move |bytes| d.emit(LogAction::Read(id, bytes))
        };
        let parsed = match read_log(file, text, progress).await {
            Ok(p) => p,
            Err(e) => {
                dispatch.emit(LogAction::Failed(id, WebError::Unreadable(Box::new(e))));
                return;
            }
        };
        dispatch.emit(LogAction::Booting(id));
        let source = match local {
            Some(files) => PageSource::Local(LocalSource::new(files)),
            None => PageSource::Http(HttpSource::new()),
        };
        let mut flash = flash;
        let report = boot(&source, &config, &mut flash, Cause::PowerOn, &mut |_| {}).await;
        dispatch.emit(LogAction::Done(id, Rc::new(parsed), Rc::new(report)));
    });
}
