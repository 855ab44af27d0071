//! The Diagnose tab's access-log comparison: what stage it is at, the log
//! picked or pasted, and what came of it (the parsed log, the emulated
//! boot's report, the client shown). Pure: the page reads the log and boots
//! the phone, and reports back with [`LogAction`]s, each numbered by its run
//! so a late answer from an older run changes nothing.

use std::rc::Rc;

use phoneboot_engine::access_log::ParsedLog;
use phoneboot_engine::Report;
use web_sys::File;
use yew::Reducible;

use crate::error::WebError;

/// Where the comparison is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Stage {
    #[default]
    Idle,
    /// Reading the log: `bytes` read so far.
    Reading {
        bytes: u64,
    },
    /// The log is read; the phone is booting.
    Booting,
    Done,
    Failed(WebError),
}

#[derive(Clone, Default, PartialEq)]
pub struct LogState {
    /// The newest run; answers of older ones are dropped.
    pub run: u32,
    pub stage: Stage,
    pub file: Option<File>,
    /// A large paste, held here instead of in the text area.
    pub pasted: Option<Rc<String>>,
    pub parsed: Option<Rc<ParsedLog>>,
    pub report: Option<Rc<Report>>,
    pub client: usize,
}

pub enum LogAction {
    /// Run `id` starts reading (what came of the last one is cleared).
    Start(u32),
    /// Run `id` has read this many bytes.
    Read(u32, u64),
    /// Run `id` has read the log and boots the phone.
    Booting(u32),
    Done(u32, Rc<ParsedLog>, Rc<Report>),
    Failed(u32, WebError),
    /// A log file was picked or dropped (it replaces a large paste).
    File(Option<File>),
    /// A large paste, kept out of the text area (it replaces a file).
    Pasted(Option<Rc<String>>),
    /// Show this client of the log.
    Client(usize),
}

impl Reducible for LogState {
    type Action = LogAction;
    fn reduce(self: Rc<Self>, a: LogAction) -> Rc<Self> {
        let mut s = (*self).clone();
        let current = |id: u32| id == self.run;
        match a {
            LogAction::Start(id) => {
                s.run = id;
                s.stage = Stage::Reading { bytes: 0 };
                s.parsed = None;
                s.report = None;
                s.client = 0;
            }
            LogAction::Read(id, bytes) if current(id) => s.stage = Stage::Reading { bytes },
            LogAction::Booting(id) if current(id) => s.stage = Stage::Booting,
            LogAction::Done(id, parsed, report) if current(id) => {
                s.stage = Stage::Done;
                s.parsed = Some(parsed);
                s.report = Some(report);
            }
            LogAction::Failed(id, why) if current(id) => s.stage = Stage::Failed(why),
            LogAction::File(f) => {
                s.file = f;
                s.pasted = None;
            }
            LogAction::Pasted(p) => {
                s.pasted = p;
                s.file = None;
            }
            LogAction::Client(c) => s.client = c,
            _ => return self,
        }
        Rc::new(s)
    }
}
