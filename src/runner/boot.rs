//! Runs one boot session in the background and reports back through
//! actions ([`start`], [`spawn_boot`]); [`PageSource`] is every source a boot
//! in the page reads from.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use phoneboot_engine::{boot, BootConfig, Cause, CheckKind, Event, FileSource, Flash, Report};
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

use crate::http::HttpSource;
use crate::local::LocalSource;
use crate::state::{Action, Delivery, Form, ServerMode, State, VerdictTime};

/// Collects events (and the downloads' verdict times) and hands them over in
/// batches as [`Delivery`] says, the last with the session's end.
struct Batch {
    id: u32,
    events: RefCell<Vec<Event>>,
    verdicts: RefCell<Vec<VerdictTime>>,
    /// A delivery is due at the latest when the timer set at the first
    /// event after a delivery fires.
    scheduled: Cell<bool>,
    delivery: Cell<Delivery>,
    /// Counts deliveries: a timer set before the last one (which a request
    /// sent made instead) finds it moved on and delivers nothing.
    deliveries: Cell<u32>,
    /// The session has ended: a late timer delivers nothing.
    ended: Cell<bool>,
    dispatch: Callback<Action>,
}

impl Batch {
    fn new(id: u32, dispatch: Callback<Action>) -> Rc<Batch> {
        Rc::new(Batch {
            id,
            events: RefCell::new(Vec::new()),
            verdicts: RefCell::new(Vec::new()),
            scheduled: Cell::new(false),
            deliveries: Cell::new(0),
            delivery: Cell::new(Delivery::new(crate::browser::perf_now())),
            ended: Cell::new(false),
            dispatch,
        })
    }

    fn push(self: &Rc<Self>, e: &Event) {
        self.events.borrow_mut().push(e.clone());
        if !self.scheduled.replace(true) {
            let wait = self.delivery.get().wait_ms(crate::browser::perf_now());
            let (me, n) = (self.clone(), self.deliveries.get());
            gloo_timers::callback::Timeout::new(wait, move || {
                if me.deliveries.get() == n {
                    me.flush()
                }
            })
            .forget();
        }
    }

    /// A request is on the network: the best moment to render what came
    /// before it, if a delivery is due anyway.
    fn flush_if_due(&self) {
        if self.scheduled.get() && self.delivery.get().due(crate::browser::perf_now()) {
            self.flush();
        }
    }

    fn flush(&self) {
        self.scheduled.set(false);
        if self.ended.get() {
            return;
        }
        self.delivery.set(Delivery::new(crate::browser::perf_now()));
        self.deliveries.set(self.deliveries.get().wrapping_add(1));
        // One render for all of them: the page renders after the actions
        // dispatched in one go (yew's scheduler runs as a microtask).
        for time in self.verdicts.take() {
            self.dispatch.emit(Action::Verdict { id: self.id, time });
        }
        let events = self.events.take();
        if !events.is_empty() {
            self.dispatch.emit(Action::Events {
                id: self.id,
                events,
            });
        }
    }

    /// The session is over: what is left goes with its end, in one render.
    fn finish(&self, report: Report, flash: Flash) {
        self.flush();
        self.ended.set(true);
        self.dispatch.emit(Action::Finished {
            id: self.id,
            report: Box::new(report),
            flash,
        });
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
    let mut source = source;
    spawn_local(async move {
        crate::browser::ensure_product_lines().await;
        let batch = Batch::new(id, dispatch);
        // A delivery due when a request goes out is made then: the page
        // renders while the request is on the network.
        if let PageSource::Http(s) = &mut source {
            let batch = batch.clone();
            s.set_on_sent(Rc::new(move || batch.flush_if_due()));
        }
        let mut flash = flash;
        let mut pass = 0;
        let mut emit = |e: &Event| {
            match e {
                Event::BootStart { pass: p, .. } => pass = *p,
                // The size check is a download's last: its verdict is in.
                // Timed from the body's end, as the adapter saw it.
                Event::Check { check } if check.kind == CheckKind::Size => {
                    if let Some(end) = source.body_end_ms() {
                        batch.verdicts.borrow_mut().push(VerdictTime {
                            pass,
                            file: check.file.clone(),
                            ms: crate::browser::perf_now() - end,
                        });
                    }
                }
                _ => {}
            }
            batch.push(e)
        };
        let report = boot(&source, &config, &mut flash, cause, &mut emit).await;
        batch.finish(report, flash);
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
    // The boot is spawned before the page hears of it: spawned tasks and
    // yew's render run in the order they were queued, so the first request
    // is on the network while the page renders "Booting…".
    let started = Action::Started {
        id,
        cause,
        config: config.clone(),
        flash: flash.clone(),
    };
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
    on_action.emit(started);
}
