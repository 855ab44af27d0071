//! One boot session as the page plays it back: its events as they arrive,
//! how far the phone's display has shown them, and the report once done.

use std::rc::Rc;

use phoneboot_engine::source::Purpose;
use phoneboot_engine::{BootConfig, Cause, Event, Flash, LoadedFile, Report, Slot};

/// How long a display message stays up before the next one, so it can be read.
pub const DISPLAY_MS: u32 = 350;
/// Progress updates only move the bar; they need no reading time.
pub const PROGRESS_MS: u32 = 60;
/// How often, at most, a running boot's events reach the page. Each delivery
/// re-renders the Boot view (its panels, then the browser's style, layout and
/// paint), which costs more than a request to a near server: delivering
/// after every request held the boot up behind its own rendering, and on a
/// loaded machine one delivery (render, then layout and paint of the whole
/// page) took 50 ms or more. Five updates a second are still live for a user
/// watching a slow server (the display plays its messages back 60 to 350 ms
/// apart), and a boot that ends sooner is shown once, whole, with its report.
pub const DELIVERY_MS: f64 = 200.0;

/// When a running boot's collected events go to the page: at most one
/// delivery every [`DELIVERY_MS`], by a timer set when the first event after
/// a delivery arrives, or earlier when a request goes out once one is due
/// (the page then renders while the request is on the network).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Delivery {
    /// When the last delivery was made (or the session started), in ms.
    pub last_ms: f64,
}

impl Delivery {
    pub fn new(now_ms: f64) -> Delivery {
        Delivery { last_ms: now_ms }
    }

    /// How long the timer set at `now_ms` waits for the next delivery.
    pub fn wait_ms(&self, now_ms: f64) -> u32 {
        (self.last_ms + DELIVERY_MS - now_ms).clamp(0.0, DELIVERY_MS) as u32
    }

    /// A request goes out at `now_ms`: deliver now?
    pub fn due(&self, now_ms: f64) -> bool {
        now_ms - self.last_ms >= DELIVERY_MS
    }
}

/// One boot session: its events as they arrive, how far the phone's display
/// has played them back, and the report once it is done.
///
/// The reducer clones the state on every action (yew keeps the previous one),
/// so the big parts, the events and the report, are behind an `Rc`: an action
/// that does not change them (a display tick, a keystroke in the form) copies
/// a pointer, not every event of the boot.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub id: u32,
    pub cause: Cause,
    pub config: BootConfig,
    pub events: Rc<Vec<Event>>,
    /// Indices into `events` of what the phone shows: display and progress.
    pub frames: Vec<usize>,
    /// How many frames the phone has shown.
    pub shown: usize,
    pub skipped: bool,
    pub report: Option<Rc<Report>>,
    /// The application file being downloaded, while its answer is awaited.
    downloading: Option<String>,
    /// Flash as the session found it.
    pub flash_at_start: Flash,
    /// How long each download's verdict took after its last byte.
    pub verdicts: Vec<VerdictTime>,
}

/// Milliseconds from the last byte of a download to its checks' verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct VerdictTime {
    pub pass: u32,
    pub file: String,
    pub ms: f64,
}

impl Run {
    pub fn new(id: u32, cause: Cause, config: BootConfig, flash: Flash) -> Run {
        Run {
            id,
            cause,
            config,
            events: Rc::default(),
            frames: Vec::new(),
            shown: 0,
            skipped: false,
            report: None,
            downloading: None,
            flash_at_start: flash,
            verdicts: Vec::new(),
        }
    }

    /// Takes events as they arrive: the display's frames, the download
    /// being awaited, and flash writes kept at once in `flash`.
    pub fn receive(&mut self, events: Vec<Event>, flash: &mut Flash) {
        // The one action that changes the events copies them once
        // (the previous state still holds them), not once per event.
        let log = Rc::make_mut(&mut self.events);
        log.reserve(events.len());
        for e in events {
            match &e {
                // Kept at once, so a reload in the middle of a boot
                // still finds what the phone already wrote.
                Event::FlashWrite { slot, file } => write_slot(flash, *slot, file),
                Event::LanguageWrite { param, file } => flash.keep_language(param, file.clone()),
                Event::Display { .. } | Event::Progress { .. } => self.frames.push(log.len()),
                // The engine reports progress in steps; the answer
                // to the download fills the bar to what arrived.
                Event::Response { file, .. }
                    if self.downloading.as_deref() == Some(file.as_str()) =>
                {
                    self.frames.push(log.len())
                }
                _ => {}
            }
            match &e {
                Event::Request {
                    file,
                    purpose: Purpose::Application,
                    ..
                } => self.downloading = Some(file.clone()),
                Event::Request { .. } => self.downloading = None,
                _ => {}
            }
            log.push(e);
        }
        if self.skipped {
            self.shown = self.frames.len();
        }
    }

    pub fn running(&self) -> bool {
        self.report.is_none()
    }

    pub fn animating(&self) -> bool {
        self.shown < self.frames.len()
    }

    /// Milliseconds until the next frame, or `None` when the display has caught up.
    pub fn next_delay(&self) -> Option<u32> {
        if !self.animating() {
            return None;
        }
        Some(
            match self
                .shown
                .checked_sub(1)
                .map(|i| &self.events[self.frames[i]])
            {
                None => 0,
                Some(Event::Progress { .. } | Event::Response { .. }) => PROGRESS_MS,
                Some(_) => DISPLAY_MS,
            },
        )
    }

    /// The events up to the next frame the display has yet to show: the
    /// panels follow the playback, so the log and the phone tell the same moment.
    pub fn visible_events(&self) -> &[Event] {
        match self.frames.get(self.shown) {
            Some(&next) => &self.events[..next],
            None => &self.events,
        }
    }

    /// Flash as far as the display has got: the writes shown so far.
    pub fn shown_flash(&self) -> Flash {
        let mut f = self.flash_at_start.clone();
        for e in self.visible_events() {
            match e {
                Event::FlashWrite { slot, file } => write_slot(&mut f, *slot, file),
                Event::LanguageWrite { param, file } => f.keep_language(param, file.clone()),
                _ => {}
            }
        }
        f
    }

    /// The result panels have something to show: an event the display has
    /// reached, or the end of the session. Until then the page shows none
    /// (rendering them empty would hold up the boot's first requests).
    pub fn shows_results(&self) -> bool {
        self.done() || !self.visible_events().is_empty()
    }

    /// The boot is over and the display has shown all of it.
    pub fn done(&self) -> bool {
        !self.running() && !self.animating()
    }

    fn shown_frames(&self) -> impl DoubleEndedIterator<Item = &Event> {
        self.frames[..self.shown].iter().map(|&i| &self.events[i])
    }

    /// The display message the phone shows now.
    pub fn screen(&self) -> Option<(&str, &[String])> {
        self.shown_frames().rev().find_map(|e| match e {
            Event::Display { text, screen } => Some((text.as_str(), screen.as_slice())),
            _ => None,
        })
    }

    /// What the display shows now: the latest message, or while a download's
    /// progress is the latest thing shown, `n KB received` counting up as the
    /// phone shows it.
    pub fn live_screen(&self) -> Option<Vec<String>> {
        match self.shown_frames().next_back() {
            Some(Event::Progress { received, .. }) => {
                Some(self.config.phone.model.display().render(
                    &phoneboot_engine::display_messages::text::kb_received(*received),
                ))
            }
            _ => self.screen().map(|(_, s)| s.to_vec()),
        }
    }

    /// The latest download progress shown: file, received, total.
    pub fn progress(&self) -> Option<(&str, u64, Option<u64>)> {
        self.shown_frames().rev().find_map(|e| match e {
            Event::Progress {
                file,
                received,
                total,
            } => Some((file.as_str(), *received, *total)),
            Event::Response {
                file, head, bytes, ..
            } => Some((file.as_str(), *bytes, head.content_length)),
            _ => None,
        })
    }
}

/// Writes `file` into flash's `slot`.
pub(crate) fn write_slot(flash: &mut Flash, slot: Slot, file: &LoadedFile) {
    match slot {
        Slot::BootCode => flash.boot_code = Some(file.clone()),
        Slot::Application => flash.application = Some(file.clone()),
    }
}
