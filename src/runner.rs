//! Runs one boot session in the background and reports back through actions.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use phoneboot_engine::{boot, BootConfig, Cause, Event, Flash};
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

use crate::http::HttpSource;
use crate::state::Action;

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
    spawn_local(async move {
        let source = HttpSource::new();
        let batch = Rc::new(Batch {
            id,
            events: RefCell::new(Vec::new()),
            scheduled: Cell::new(false),
            dispatch: dispatch.clone(),
        });
        let mut flash = flash;
        let mut emit = |e: &Event| batch.push(e);
        let report = boot(&source, &config, &mut flash, cause, &mut emit).await;
        batch.flush();
        dispatch.emit(Action::Finished {
            id,
            report: Box::new(report),
            flash,
        });
    });
}
