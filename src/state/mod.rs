//! Everything the page shows, and the only ways it changes.
//!
//! The reducer is pure: storage, timers and fetches happen in the app and the
//! runner, which report back with [`Action`]s.

use std::rc::Rc;

use phoneboot_engine::share::Shared;
use phoneboot_engine::source::Purpose;
use phoneboot_engine::{
    config::GroupError, BootConfig, Cause, Event, Flash, Group, LoadedFile, Model, PhoneConfig,
    Report, ServerSpec, Slot,
};
use yew::Reducible;

use crate::local::{LocalFiles, LOCAL_BASE};
use crate::scenario::Scenario;

/// How long a display message stays up before the next one, so it can be read.
pub const DISPLAY_MS: u32 = 350;
/// Progress updates only move the bar; they need no reading time.
pub const PROGRESS_MS: u32 = 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerMode {
    BaseUrl,
    Option242,
    /// Files the user picked or dropped: no server at all.
    Local,
}

/// The settings panel, as typed. Kept as text so a half-typed value is not
/// lost to validation; [`Form::boot_config`] is where it becomes typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub model: Model,
    pub mac: String,
    pub group: String,
    /// The loaded boot code and application names: what flash holds, editable.
    pub bootname: String,
    pub appname: String,
    pub mode: ServerMode,
    pub base_url: String,
    pub option242: String,
    pub timeout_s: String,
    pub digests: String,
    /// Local folder mode's files.
    pub local: LocalFiles,
    /// The largest application file flash takes, in MiB (spec section 6.5).
    pub flash_mib: String,
    /// The extension the user logs in with; with BRURI set the phone restores its backup (spec 3.8).
    pub extension: String,
}

/// Values that depend on where the page is served from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defaults {
    pub base_url: String,
    pub option242: String,
}

pub const MAX_TIMEOUT_S: u32 = 600;
/// Flash sizes the settings panel accepts, in MiB.
pub const MAX_FLASH_MIB: u64 = 1024;

/// Why the settings panel cannot make a boot configuration yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormError {
    /// GROUP is not 0..999 (the engine's rule and wording).
    Group(GroupError),
    /// The timeout is not 1..=[`MAX_TIMEOUT_S`] seconds.
    Timeout,
    /// The flash size is not 1..=[`MAX_FLASH_MIB`] MiB.
    FlashSize,
    /// The extension is not 1 to 13 digits (the engine's message).
    Extension(String),
    /// The server field of this mode is empty.
    NoServer(ServerMode),
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormError::Group(e) => e.fmt(f),
            FormError::Extension(e) => f.write_str(e),
            FormError::Timeout => write!(
                f,
                "the timeout is a whole number of seconds from 1 to {MAX_TIMEOUT_S}"
            ),
            FormError::FlashSize => write!(
                f,
                "the flash size is a whole number of MiB from 1 to {MAX_FLASH_MIB}"
            ),
            FormError::NoServer(ServerMode::BaseUrl) => {
                f.write_str("enter the URL of the folder that holds 16xxupgrade.txt")
            }
            FormError::NoServer(ServerMode::Option242) => {
                f.write_str("enter an option-242 string, e.g. HTTPSRVR=10.0.0.9,HTTPDIR=phones")
            }
            FormError::NoServer(ServerMode::Local) => {
                f.write_str("choose the folder (or the files) that holds 16xxupgrade.txt")
            }
        }
    }
}

impl std::error::Error for FormError {}

/// GROUP as the phone accepts it (spec section 4: 0..999): the engine's [`Group`].
pub fn parse_group(s: &str) -> Result<u16, FormError> {
    Group::parse(s).map(Group::get).map_err(FormError::Group)
}

pub fn parse_timeout(s: &str) -> Result<u32, FormError> {
    match s.trim().parse::<u32>() {
        Ok(t) if (1..=MAX_TIMEOUT_S).contains(&t) => Ok(t),
        _ => Err(FormError::Timeout),
    }
}

/// The flash size as typed, in bytes.
pub fn parse_flash_mib(s: &str) -> Result<u64, FormError> {
    match s.trim().parse::<u64>() {
        Ok(m) if (1..=MAX_FLASH_MIB).contains(&m) => Ok(m * 1024 * 1024),
        _ => Err(FormError::FlashSize),
    }
}

impl Form {
    /// The form for a phone whose flash remembers its model, group and MAC.
    pub fn new(flash: &Flash, defaults: &Defaults) -> Form {
        let mut form = Form {
            model: flash.model.unwrap_or(Model::M1608),
            mac: flash
                .mac
                .clone()
                .unwrap_or_else(|| PhoneConfig::new(Model::M1608).mac),
            group: flash.group.unwrap_or(0).to_string(),
            bootname: String::new(),
            appname: String::new(),
            mode: ServerMode::BaseUrl,
            base_url: defaults.base_url.clone(),
            option242: defaults.option242.clone(),
            timeout_s: "10".to_owned(),
            digests: String::new(),
            local: LocalFiles::default(),
            flash_mib: (phoneboot_engine::checks::DEFAULT_FLASH_LIMIT / (1024 * 1024)).to_string(),
            extension: String::new(),
        };
        form.sync_loaded(flash);
        form
    }

    pub fn sync_loaded(&mut self, flash: &Flash) {
        self.bootname = loaded_name(flash.slot(Slot::BootCode));
        self.appname = loaded_name(flash.slot(Slot::Application));
    }

    /// The GROUP field's message, if its value is not a GROUP.
    pub fn group_error(&self) -> Option<String> {
        parse_group(&self.group).err().map(|e| e.to_string())
    }

    pub fn timeout_error(&self) -> Option<String> {
        parse_timeout(&self.timeout_s).err().map(|e| e.to_string())
    }

    pub fn flash_size_error(&self) -> Option<String> {
        parse_flash_mib(&self.flash_mib)
            .err()
            .map(|e| e.to_string())
    }

    pub fn extension_error(&self) -> Option<String> {
        phoneboot_engine::config::parse_extension(&self.extension).err()
    }

    pub fn server_error(&self) -> Option<String> {
        self.missing_server().map(|e| e.to_string())
    }

    fn missing_server(&self) -> Option<FormError> {
        let empty = match self.mode {
            ServerMode::BaseUrl => self.base_url.trim().is_empty(),
            ServerMode::Option242 => self.option242.trim().is_empty(),
            ServerMode::Local => self.local.is_empty(),
        };
        empty.then_some(FormError::NoServer(self.mode))
    }

    pub fn is_valid(&self) -> bool {
        self.boot_config().is_ok()
    }

    pub fn boot_config(&self) -> Result<BootConfig, FormError> {
        let group = parse_group(&self.group)?;
        let timeout = parse_timeout(&self.timeout_s)?;
        let flash_limit = parse_flash_mib(&self.flash_mib)?;
        if let Some(e) = self.missing_server() {
            return Err(e);
        }
        let mut phone = PhoneConfig::new(self.model);
        phone.group = group;
        phone.mac = self.mac.trim().to_owned();
        let server = self.server_spec();
        let mut config = BootConfig::new(phone, server);
        config.timeout_ms = timeout * 1000;
        config.pasted_digests = self.digests.clone();
        config.flash_limit = flash_limit;
        config.extension = phoneboot_engine::config::parse_extension(&self.extension)
            .map_err(FormError::Extension)?;
        Ok(config)
    }

    pub fn server_spec(&self) -> ServerSpec {
        match self.mode {
            ServerMode::BaseUrl => ServerSpec::BaseUrl(self.base_url.trim().to_owned()),
            ServerMode::Option242 => ServerSpec::Option242(self.option242.trim().to_owned()),
            ServerMode::Local => ServerSpec::BaseUrl(LOCAL_BASE.to_owned()),
        }
    }

    /// What a share link carries: the phone, the server and the loaded
    /// names; never flash contents or a secret. A GROUP being typed counts as 0.
    pub fn shared(&self) -> Shared {
        let mut phone = PhoneConfig::new(self.model);
        phone.group = parse_group(&self.group).unwrap_or(0);
        phone.mac = self.mac.trim().to_owned();
        Shared {
            phone,
            server: self.server_spec(),
            bootname: self.bootname.trim().to_owned(),
            appname: self.appname.trim().to_owned(),
        }
    }

    /// Takes a share link's configuration. Local files cannot travel in a
    /// link: local mode comes back with nothing picked.
    pub fn restore(&mut self, s: Shared) {
        self.model = s.phone.model;
        self.group = s.phone.group.to_string();
        self.mac = s.phone.mac;
        self.bootname = s.bootname;
        self.appname = s.appname;
        match s.server {
            ServerSpec::BaseUrl(u) if u.starts_with("local:") => self.mode = ServerMode::Local,
            ServerSpec::BaseUrl(u) => {
                self.mode = ServerMode::BaseUrl;
                self.base_url = u;
            }
            ServerSpec::Option242(o) => {
                self.mode = ServerMode::Option242;
                self.option242 = o;
            }
        }
    }

    /// The form for another phone and server (the fleet view opens a cell
    /// here): the rest of the form stays as it is.
    pub fn show_phone(&mut self, model: Model, group: u16, server: &ServerSpec) {
        self.model = model;
        self.group = group.to_string();
        match server {
            ServerSpec::BaseUrl(u) => {
                self.mode = ServerMode::BaseUrl;
                self.base_url = u.clone();
            }
            ServerSpec::Option242(o) => {
                self.mode = ServerMode::Option242;
                self.option242 = o.clone();
            }
        }
    }

    /// `flash` with the loaded names the user typed. A changed name has no
    /// known size or digest: the user only claims the phone holds that file.
    pub fn apply_loaded(&self, flash: &Flash) -> Flash {
        let mut f = flash.clone();
        f.boot_code = edited(f.boot_code.take(), &self.bootname);
        f.application = edited(f.application.take(), &self.appname);
        f
    }
}

fn write_slot(flash: &mut Flash, slot: Slot, file: &LoadedFile) {
    match slot {
        Slot::BootCode => flash.boot_code = Some(file.clone()),
        Slot::Application => flash.application = Some(file.clone()),
    }
}

fn loaded_name(f: Option<&LoadedFile>) -> String {
    f.map(|f| f.name.clone()).unwrap_or_default()
}

fn edited(slot: Option<LoadedFile>, name: &str) -> Option<LoadedFile> {
    let name = name.trim();
    match slot {
        _ if name.is_empty() => None,
        Some(f) if f.name == name => Some(f),
        _ => Some(LoadedFile {
            name: name.to_owned(),
            size: 0,
            sha256: String::new(),
            written_ms: 0.0,
        }),
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

/// Which view the app shell shows: one phone's boot, or the fleet matrix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Boot,
    Fleet,
    /// What the phone shows, and the server's access log.
    Diagnose,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Warning,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub form: Form,
    /// Where the page's demo server is.
    pub defaults: Defaults,
    /// The demo scenario picked last, if any.
    pub scenario: Option<Scenario>,
    pub flash: Flash,
    pub notice: Option<Notice>,
    pub run: Option<Run>,
    pub next_run: u32,
    /// Show secret values instead of ********.
    pub reveal: bool,
    pub view: View,
    /// The trace line a lint link asked to see.
    pub trace_focus: Option<TraceFocus>,
}

/// A request to show `file`'s `line` in the trace; `seq` tells a second
/// click on the same warning from the first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceFocus {
    pub file: String,
    pub line: u32,
    pub seq: u32,
}

impl State {
    pub fn new(flash: Flash, notice: Option<Notice>, defaults: &Defaults) -> State {
        State {
            form: Form::new(&flash, defaults),
            defaults: defaults.clone(),
            scenario: None,
            flash,
            notice,
            run: None,
            next_run: 1,
            reveal: false,
            trace_focus: None,
            view: View::Boot,
        }
    }

    pub fn running(&self) -> bool {
        self.run.as_ref().is_some_and(Run::running)
    }

    /// Sets the phone up for a demo scenario: the server folder and the flash.
    fn pick_scenario(&mut self, sc: Scenario) {
        let f = &mut self.form;
        f.mode = ServerMode::BaseUrl;
        f.base_url = format!("{}{}", self.defaults.base_url, sc.folder());
        self.flash = sc.flash(f.model, parse_group(&f.group).ok(), f.mac.trim());
        self.form.sync_loaded(&self.flash);
        self.scenario = Some(sc);
        self.run = None;
        self.notice = None;
    }

    fn run_mut(&mut self, id: u32) -> Option<&mut Run> {
        self.run.as_mut().filter(|r| r.id == id)
    }

    /// Once the display has shown the whole boot, the settings panel shows
    /// what flash now holds (before that it would give the ending away).
    fn settle(&mut self) {
        if self.run.as_ref().is_none_or(Run::done) {
            self.form.sync_loaded(&self.flash);
        }
    }
}

pub enum Action {
    SetModel(Model),
    SetMac(String),
    SetGroup(String),
    SetBootname(String),
    SetAppname(String),
    SetMode(ServerMode),
    SetBaseUrl(String),
    SetExtension(String),
    SetOption242(String),
    SetTimeout(String),
    SetDigests(String),
    SetFlashSize(String),
    /// Set up a demo scenario (server folder and flash).
    PickScenario(Scenario),
    /// A download's checks reached their verdict `ms` after its last byte.
    Verdict {
        id: u32,
        time: VerdictTime,
    },
    /// A boot session starts with `flash` (the user's edits applied).
    Started {
        id: u32,
        cause: Cause,
        config: BootConfig,
        flash: Flash,
    },
    Events {
        id: u32,
        events: Vec<Event>,
    },
    Finished {
        id: u32,
        report: Box<Report>,
        flash: Flash,
    },
    /// The display moves on by one frame.
    Tick {
        id: u32,
    },
    SkipAnimation,
    ToggleReveal,
    FactoryReset,
    DismissNotice,
    /// Local folder mode: the files picked or dropped.
    SetLocalFiles(LocalFiles),
    /// A share link was opened: take the configuration in its fragment
    /// (fields it lacks keep their current values).
    OpenLink(String),
    /// Show a file's line in the trace (a lint link).
    FocusLine {
        file: String,
        line: u32,
    },
    SetView(View),
    /// Show this phone in the Boot view (from a fleet cell).
    OpenPhone {
        model: Model,
        group: u16,
        server: ServerSpec,
    },
}

impl Reducible for State {
    type Action = Action;

    #[allow(clippy::too_many_lines)] // older than the lint: split when it next grows
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut rc = self;
        let s = Rc::make_mut(&mut rc);
        let f = &mut s.form;
        match action {
            Action::SetModel(m) => {
                let old = f.model;
                f.model = m;
                // A scenario not yet booted follows the model: its flash holds
                // the files of the new model's family.
                if let Some(sc) = s
                    .scenario
                    .filter(|sc| !s.running() && sc.holds(&s.flash, old))
                {
                    s.pick_scenario(sc);
                }
            }
            Action::SetMac(v) => f.mac = v,
            Action::SetGroup(v) => f.group = v,
            Action::SetBootname(v) => f.bootname = v,
            Action::SetAppname(v) => f.appname = v,
            Action::SetMode(m) => f.mode = m,
            Action::SetBaseUrl(v) => f.base_url = v,
            Action::SetExtension(v) => f.extension = v,
            Action::SetOption242(v) => f.option242 = v,
            Action::SetTimeout(v) => f.timeout_s = v,
            Action::SetDigests(v) => f.digests = v,
            Action::SetFlashSize(v) => f.flash_mib = v,
            Action::PickScenario(sc) => {
                if !s.running() {
                    s.pick_scenario(sc);
                }
            }
            Action::Verdict { id, time } => {
                if let Some(run) = s.run_mut(id) {
                    run.verdicts.push(time);
                }
            }
            Action::Started {
                id,
                cause,
                config,
                flash,
            } => {
                s.form.sync_loaded(&flash);
                s.run = Some(Run::new(id, cause, config, flash.clone()));
                s.flash = flash;
                s.next_run = s.next_run.max(id + 1);
            }
            Action::Events { id, events } => {
                let Some(run) = s.run.as_mut().filter(|r| r.id == id) else {
                    return rc;
                };
                // The one action that changes the events copies them once
                // (the previous state still holds them), not once per event.
                let log = Rc::make_mut(&mut run.events);
                log.reserve(events.len());
                for e in events {
                    match &e {
                        // Kept at once, so a reload in the middle of a boot
                        // still finds what the phone already wrote.
                        Event::FlashWrite { slot, file } => write_slot(&mut s.flash, *slot, file),
                        Event::LanguageWrite { param, file } => {
                            s.flash.keep_language(param, file.clone())
                        }
                        Event::Display { .. } | Event::Progress { .. } => {
                            run.frames.push(log.len())
                        }
                        // The engine reports progress in steps; the answer
                        // to the download fills the bar to what arrived.
                        Event::Response { file, .. }
                            if run.downloading.as_deref() == Some(file.as_str()) =>
                        {
                            run.frames.push(log.len())
                        }
                        _ => {}
                    }
                    match &e {
                        Event::Request {
                            file,
                            purpose: Purpose::Application,
                            ..
                        } => run.downloading = Some(file.clone()),
                        Event::Request { .. } => run.downloading = None,
                        _ => {}
                    }
                    log.push(e);
                }
                if run.skipped {
                    run.shown = run.frames.len();
                }
                s.settle();
            }
            Action::Finished { id, report, flash } => {
                let Some(run) = s.run.as_mut().filter(|r| r.id == id) else {
                    return rc;
                };
                run.report = Some(Rc::from(report));
                s.flash = flash;
                s.settle();
            }
            Action::Tick { id } => {
                if let Some(run) = s.run_mut(id) {
                    run.shown = (run.shown + 1).min(run.frames.len());
                    s.settle();
                }
            }
            Action::SkipAnimation => {
                if let Some(run) = s.run.as_mut() {
                    run.skipped = true;
                    run.shown = run.frames.len();
                    s.settle();
                }
            }
            Action::ToggleReveal => s.reveal = !s.reveal,
            Action::FactoryReset => {
                s.scenario = None;
                s.flash = Flash::factory();
                s.form.sync_loaded(&s.flash);
                s.run = None;
                s.notice = Some(Notice {
                    kind: NoticeKind::Info,
                    text: "Factory reset: flash is empty (no boot code, no application, no settings). The next boot downloads everything again.".to_owned(),
                });
            }
            Action::DismissNotice => s.notice = None,
            Action::SetLocalFiles(files) => {
                f.local = files;
                f.mode = ServerMode::Local;
            }
            Action::OpenLink(fragment) => {
                let Some(shared) = Shared::from_fragment(&fragment, &f.shared()) else {
                    return rc;
                };
                f.restore(shared);
                let text = if f.mode == ServerMode::Local {
                    "Configuration restored from the share link. It used local files, which a link cannot carry: choose the folder, then press Boot."
                } else {
                    "Configuration restored from the share link. Press Boot to run it."
                };
                s.notice = Some(Notice {
                    kind: NoticeKind::Info,
                    text: text.to_owned(),
                });
            }
            Action::FocusLine { file, line } => {
                let seq = s.trace_focus.as_ref().map_or(1, |t| t.seq + 1);
                s.trace_focus = Some(TraceFocus { file, line, seq });
            }
            Action::SetView(v) => s.view = v,
            Action::OpenPhone {
                model,
                group,
                server,
            } => {
                s.form.show_phone(model, group, &server);
                s.view = View::Boot;
            }
        }
        rc
    }
}
