//! The app's [`State`] (the Boot view's phone, its flash and its run, the
//! notice, the tab shown) and its reducer: the only ways it changes are
//! [`Action`]s. Pure: storage, timers and fetches happen in the app and the
//! runner, which report back with actions.

use std::rc::Rc;

use phoneboot_engine::share::Shared;
use phoneboot_engine::{BootConfig, Cause, Event, Flash, Model, Report, ServerSpec};
use yew::Reducible;

use super::{parse_group, Defaults, Form, FormEdit, Run, ServerMode, VerdictTime};
use crate::scenario::Scenario;

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
    /// The user edited the settings panel.
    Edit(FormEdit),
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

    #[allow(clippy::too_many_lines)] // one arm per action; split by concern when it next grows
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut rc = self;
        let s = Rc::make_mut(&mut rc);
        let f = &mut s.form;
        match action {
            Action::Edit(edit) => {
                let old = f.model;
                let model_changed = matches!(edit, FormEdit::Model(_));
                f.apply(edit);
                // A scenario not yet booted follows the model: its flash holds
                // the files of the new model's family.
                if let Some(sc) = s
                    .scenario
                    .filter(|sc| model_changed && !s.running() && sc.holds(&s.flash, old))
                {
                    s.pick_scenario(sc);
                }
            }
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
                run.receive(events, &mut s.flash);
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
                    text: Flash::FACTORY_RESET_SUMMARY.to_owned(),
                });
            }
            Action::DismissNotice => s.notice = None,
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
