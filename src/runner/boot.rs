//! Runs one boot session in the background and reports back through
//! actions ([`start`], [`spawn_boot`]); [`PageSource`] is every source a boot
//! in the page reads from.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use phoneboot_engine::{boot, BootConfig, Cause, CheckKind, Event, FileSource, Flash};
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

use crate::http::HttpSource;
use crate::local::LocalSource;
use crate::state::{Action, Form, ServerMode, State, VerdictTime};

/// Longest wait before events reach the page.
const FLUSH_MS: u32 = 16;

/// Collects events and hands them over in batches. The engine emits many
/// events between two network waits; one action per batch keeps the page
/// from re-rendering for each of them.
struct Batch {
    id: u32,
    events: RefCell<Vec<Event>>,
    scheduled: Cell<bool>,
    dispatch: Callback<Action>,
}

impl Batch {
    fn push(self: &Rc<Self>, e: &Event) {
        self.events.borrow_mut().push(e.clone());
        if !self.scheduled.replace(true) {
            // At most one batch a frame: the page re-renders per batch, and a
            // render per network wait would cost more than the boot itself.
            let me = self.clone();
            gloo_timers::callback::Timeout::new(FLUSH_MS, move || me.flush()).forget();
        }
    }

    fn flush(&self) {
        self.scheduled.set(false);
        let events = self.events.take();
        if !events.is_empty() {
            self.dispatch.emit(Action::Events {
                id: self.id,
                events,
            });
        }
    }
}

/// Starts boot session `id`; its events arrive as [`Action::Events`] and its
/// end as [`Action::Finished`] with the report and the new flash.
pub fn spawn_boot(
    id: u32,
    config: BootConfig,
    flash: Flash,
    cause: Cause,
    dispatch: Callback<Action>,
) {
    spawn_boot_from(
        PageSource::Http(HttpSource::new()),
        id,
        config,
        flash,
        cause,
        dispatch,
    )
}

/// Every source a boot in the page reads from, as one type: the engine's
/// boot is generic over its source, and each source type would be a whole
/// second copy of it in the wasm (about 30 KB).
pub enum PageSource {
    Http(HttpSource),
    Local(LocalSource),
}

impl PageSource {
    /// When the source saw the last byte of the body it served last, on the
    /// `performance.now()` clock: the start of the "last byte to verdict" time.
    pub fn body_end_ms(&self) -> Option<f64> {
        match self {
            PageSource::Http(s) => s.body_end_ms(),
            PageSource::Local(_) => None,
        }
    }
}

impl FileSource for PageSource {
    async fn get(
        &self,
        req: &phoneboot_engine::source::FetchRequest,
        sink: &mut dyn phoneboot_engine::source::BodySink,
    ) -> Result<phoneboot_engine::source::FetchHead, phoneboot_engine::source::FetchError> {
        match self {
            PageSource::Http(s) => s.get(req, sink).await,
            PageSource::Local(s) => s.get(req, sink).await,
        }
    }

    fn now_ms(&self) -> f64 {
        match self {
            PageSource::Http(s) => s.now_ms(),
            PageSource::Local(s) => s.now_ms(),
        }
    }
}

/// [`spawn_boot`] over any source (local folder mode's files, for one).
pub fn spawn_boot_from(
    source: PageSource,
    id: u32,
    config: BootConfig,
    flash: Flash,
    cause: Cause,
    dispatch: Callback<Action>,
) {
    spawn_local(async move {
        crate::browser::ensure_product_lines().await;
        let batch = Rc::new(Batch {
            id,
            events: RefCell::new(Vec::new()),
            scheduled: Cell::new(false),
            dispatch: dispatch.clone(),
        });
        let mut flash = flash;
        let mut pass = 0;
        let mut emit = |e: &Event| {
            match e {
                Event::BootStart { pass: p, .. } => pass = *p,
                // The size check is a download's last: its verdict is in.
                // Timed from the body's end, as the adapter saw it.
                Event::Check { check } if check.kind == CheckKind::Size => {
                    if let Some(end) = source.body_end_ms() {
                        dispatch.emit(Action::Verdict {
                            id,
                            time: VerdictTime {
                                pass,
                                file: check.file.clone(),
                                ms: crate::browser::perf_now() - end,
                            },
                        });
                    }
                }
                _ => {}
            }
            batch.push(e)
        };
        let report = boot(&source, &config, &mut flash, cause, &mut emit).await;
        batch.flush();
        dispatch.emit(Action::Finished {
            id,
            report: Box::new(report),
            flash,
        });
    });
}

/// Starts a boot of the phone `form` describes, with `flash` as its flash,
/// unless one is running or the form does not make a boot config.
pub fn start(state: &State, form: &Form, flash: Flash, cause: Cause, on_action: &Callback<Action>) {
    if state.running() {
        return;
    }
    let Ok(config) = form.boot_config() else {
        return;
    };
    let id = state.next_run;
    on_action.emit(Action::Started {
        id,
        cause,
        config: config.clone(),
        flash: flash.clone(),
    });
    if form.mode == ServerMode::Local {
        let source = LocalSource::new(form.local.clone());
        spawn_boot_from(
            PageSource::Local(source),
            id,
            config,
            flash,
            cause,
            on_action.clone(),
        );
    } else {
        spawn_boot(id, config, flash, cause, on_action.clone());
    }
}
