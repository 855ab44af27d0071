//! The one walker of a boot session (spec sections 2.5-2.8, 3 and 4): the
//! passes and restarts, the GET chain, the APPNAME decision point, the
//! safety bounds, the language and font files, the restore step and every
//! flash write. It does no I/O: it says what it needs next ([`Need`]) and is
//! given the answer ([`Answer`]). [`crate::boot()`] answers with live fetches,
//! [`crate::fleet`] with files fetched once, so both follow the same rules.

use std::collections::{HashSet, VecDeque};
use std::rc::Rc;

use crate::apply::{moves, Apply, Effective, Settings, Trace};
use crate::catalog::{catalog, Verdict};
use crate::config::{
    BootConfig, Bound, Flash, PhoneConfig, MAX_GETS, MAX_STATEMENTS, UPGRADE_SCRIPT,
};
use crate::diag::Warning;
use crate::display_messages::text;
use crate::events::{Cause, Event, LoadedFile, Origin, Outcome, RestoreOutcome, Slot};
use crate::interp::{self, Stop, Vars};
use crate::model::DisplayGeometry;
use crate::script::Program;
use crate::servers::{Net, Server, Servers, KEYS_1600};
use crate::source::Purpose;
use crate::warn::CheckPoint;

mod after;
mod firmware;

/// `$VAR` values of one phone (spec section 4).
pub struct PhoneVars {
    model4: &'static str,
    model: String,
    group: String,
    mac: String,
    bootname: String,
    appname: String,
    phonecc: String,
}

impl PhoneVars {
    /// The variables of `phone` with `flash` loaded ($MODEL4, $GROUP, $BOOTNAME, $APPNAME, ...).
    pub fn new(phone: &PhoneConfig, flash: &Flash) -> Self {
        let name = |f: &Option<LoadedFile>| f.as_ref().map(|f| f.name.clone()).unwrap_or_default();
        PhoneVars {
            model4: phone.model.model4(),
            model: phone
                .model_string
                .clone()
                .unwrap_or_else(|| phone.model.default_model_string()),
            group: phone.group.to_string(),
            mac: phone.mac.clone(),
            bootname: name(&flash.boot_code),
            appname: name(&flash.application),
            phonecc: phone.phonecc.clone(),
        }
    }
}

impl Vars for PhoneVars {
    fn var(&self, name: &str) -> Option<&str> {
        Some(match name {
            "MODEL4" => self.model4,
            "MODEL" => &self.model,
            "GROUP" => &self.group,
            "MACADDR" => &self.mac,
            "BOOTNAME" => &self.bootname,
            // The *loaded* application: a SET APPNAME does not change it.
            "APPNAME" => &self.appname,
            "PHONECC" => &self.phonecc,
            _ => return None,
        })
    }
}

/// The language parameters, in the order their files are requested (spec 3.6).
pub const LANGUAGE_PARAMS: [&str; 6] = [
    "LANGSYS",
    "LANG1FILE",
    "LANG2FILE",
    "LANG3FILE",
    "LANG4FILE",
    "FONTFILE",
];

/// Languages whose files need a font (spec 3.6).
const FONT_LANGUAGES: [&str; 5] = ["arabic", "chinese", "trad_chinese", "hebrew", "korean"];

/// A language or font file to request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguageRequest {
    /// The parameter that named it (the first, when several name the same file).
    pub param: String,
    /// The file name.
    pub file: String,
    /// The file and line that set the parameter.
    pub set_at: (String, Option<u32>),
    /// The servers to try, in order.
    pub servers: Vec<Server>,
    /// Largest size kept.
    pub limit: u64,
}

/// What the walker needs next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Need {
    /// A script or settings file: try `servers` in order, the first that
    /// delivers wins. Answer with [`Answer::Script`].
    Script {
        /// The file name.
        file: String,
        /// An upgrade script or a settings file.
        purpose: Purpose,
        /// The servers to try, in order.
        servers: Vec<Server>,
        /// The GET statement asking for it (none for the upgrade script).
        by: Option<(String, u32)>,
    },
    /// Download, check and return the application or boot code file `name`
    /// (spec 3.4, 6). Answer with [`Answer::Application`] (or
    /// [`Answer::Continue`] to go on as if it were loaded).
    Application {
        /// The file name (the script's APPNAME).
        name: String,
        /// The slot it goes to.
        slot: Slot,
        /// The HTTP servers to try, in order (application files come over HTTP only, spec 2.3).
        servers: Vec<Server>,
    },
    /// A language or font file (spec 3.6). Answer with [`Answer::Language`].
    Language(LanguageRequest),
    /// The user's backup (spec 3.8). Answer with [`Answer::Restore`].
    Restore {
        /// The URL of `<extension>_16xxdata.txt`.
        url: String,
    },
    /// The session is over.
    Done(Outcome),
}

/// Why a script or settings file was not obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScriptFailure {
    /// No server delivered it; `why` says what each answered.
    Missing {
        /// What each server answered, joined.
        why: String,
    },
    /// Larger than [`crate::config::MAX_FILE_BYTES`].
    TooBig,
}

/// Why an application or language file was not written to flash: the
/// reason a restart, a warning and the report give, in the words they show.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotLoaded {
    /// There was no HTTP server to download the application from.
    #[error("{file} was not downloaded: no HTTP server to ask")]
    NoServer {
        /// The application file.
        file: String,
    },
    /// The download arrived but failed integrity checks (spec 6).
    #[error("{file} failed its checks and was not written to flash ({})", failed.join("; "))]
    FailedChecks {
        /// The application file.
        file: String,
        /// Each failed check: "title: detail".
        failed: Vec<String>,
    },
    /// No server delivered a usable file; what each answered, in order
    /// ("a: HTTP 404; b: server unreachable (...)").
    #[error("{}", if answers.is_empty() { "no server to ask".to_owned() } else { answers.join("; ") })]
    NotDelivered {
        /// One entry a server, prefixed with the server when there were several.
        answers: Vec<String>,
    },
}

/// The answer to a [`Need`].
#[derive(Clone, Debug)]
pub enum Answer {
    /// The script parsed, or why it was not obtained.
    Script(Result<Rc<Program>, ScriptFailure>),
    /// The file that passed every check, or why it was not written.
    Application(Result<LoadedFile, NotLoaded>),
    /// Go on with this pass as if the application were loaded (the fleet's
    /// single-pass evaluation).
    Continue,
    /// The file kept, or why it was not.
    Language(Result<LoadedFile, NotLoaded>),
    /// What the restore came to.
    Restore(RestoreOutcome),
}

/// One boot pass's state.
struct Pass {
    settings: Settings,
    statements_left: u64,
    gets: u32,
    /// Files interpreted, in order.
    chain: Vec<String>,
    /// Where the APPNAME check was made; `None` until then.
    check: Option<CheckPoint>,
    /// The APPNAME the scripts had chosen at the check.
    appname: Option<String>,
    /// GET statements already reported (loop, `$VAR`).
    warned: HashSet<(String, u32)>,
    vars: PhoneVars,
    applied_in_file: u32,
    languages: Option<VecDeque<LanguageRequest>>,
    /// GETs of files no server delivered.
    missing: Vec<String>,
}

enum State {
    Start,
    AwaitUpgrade,
    Run {
        program: Rc<Program>,
        start: usize,
    },
    Stopped {
        program: Rc<Program>,
        stop: Stop,
    },
    AwaitApplication {
        name: String,
        slot: Slot,
        program: Rc<Program>,
        stop: Stop,
    },
    AwaitGet {
        program: Rc<Program>,
        line: u32,
        target: String,
        resume: usize,
    },
    Languages,
    AwaitLanguage(LanguageRequest),
    Register,
    AwaitRestore {
        url: String,
    },
    Finished(Outcome),
}

/// A boot session, one step at a time.
pub struct Walker<'a> {
    config: &'a BootConfig,
    flash: &'a mut Flash,
    net: Net,
    geometry: DisplayGeometry,
    restarts: u32,
    pass_no: u32,
    cause: Cause,
    updating: bool,
    pass: Pass,
    state: State,
    /// The answer to a need the walker could answer itself.
    self_answer: Option<Answer>,
}

impl<'a> Walker<'a> {
    /// A session of `config`'s phone with `flash`, started by `cause`.
    /// `flash` changes only through files that passed their checks, the
    /// AUTH value files set, and the settings applied at registration.
    pub fn new(config: &'a BootConfig, flash: &'a mut Flash, cause: Cause) -> Self {
        let vars = PhoneVars::new(&config.phone, flash);
        Walker {
            net: Net::of(&config.server),
            geometry: config.phone.model.display(),
            config,
            pass: Pass::new(vars),
            flash,
            restarts: 0,
            pass_no: 0,
            cause,
            updating: false,
            state: State::Start,
            self_answer: None,
        }
    }

    /// The effective settings of the current (last) pass.
    pub fn settings(&self) -> &Settings {
        &self.pass.settings
    }

    /// The files interpreted in the current (last) pass, in order.
    pub fn chain(&self) -> &[String] {
        &self.pass.chain
    }

    /// The APPNAME chosen at the check of the current (last) pass.
    pub fn appname(&self) -> Option<&str> {
        self.pass.appname.as_deref()
    }

    /// GETs of the current (last) pass that no server delivered.
    pub fn missing(&self) -> &[String] {
        &self.pass.missing
    }

    /// The flash as it is now (after the writes of this session so far).
    pub fn flash(&self) -> &Flash {
        self.flash
    }

    /// Restarts so far in this session.
    pub fn restarts(&self) -> u32 {
        self.restarts
    }

    /// The servers as the files have moved them so far in this pass.
    pub fn servers(&self) -> Servers {
        self.net.servers(&moves(&self.pass.settings))
    }

    fn display(&self, t: &mut dyn Trace, text: impl Into<String>) {
        if t.on() {
            let text = text.into();
            let screen = self.geometry.render(&text);
            t.emit(Event::Display { text, screen });
        }
    }

    /// Advances the session to its next need. `answer` answers the previous
    /// [`Need`]; a missing or mismatched answer counts as a failure.
    pub fn next(&mut self, answer: Option<Answer>, t: &mut dyn Trace) -> Need {
        let mut answer = answer;
        loop {
            let state = std::mem::replace(&mut self.state, State::Finished(Outcome::Registered));
            let need = match state {
                State::Start => self.start(t),
                State::AwaitUpgrade => self.upgrade_answered(answer.take(), t),
                State::Run { program, start } => {
                    self.run(program, start, t);
                    None
                }
                State::Stopped { program, stop } => self.stopped(program, stop, t),
                State::AwaitApplication {
                    name,
                    slot,
                    program,
                    stop,
                } => self.application_answered(answer.take(), name, slot, program, stop, t),
                State::AwaitGet {
                    program,
                    line,
                    target,
                    resume,
                } => self.get_answered(answer.take(), program, line, target, resume, t),
                State::Languages => self.languages(t),
                State::AwaitLanguage(req) => {
                    self.language_answered(answer.take(), req, t);
                    None
                }
                State::Register => self.register(t),
                State::AwaitRestore { url } => {
                    self.restore_answered(answer.take(), url, t);
                    None
                }
                State::Finished(o) => {
                    self.state = State::Finished(o.clone());
                    return Need::Done(o);
                }
            };
            if let Some(need) = need {
                return need;
            }
            // A need the walker answered itself (no server to ask).
            if let Some(a) = self.self_answer.take() {
                answer = Some(a);
            }
        }
    }
}

impl Pass {
    fn new(vars: PhoneVars) -> Self {
        Pass {
            settings: Settings::new(),
            statements_left: MAX_STATEMENTS,
            gets: 0,
            chain: Vec::new(),
            check: None,
            appname: None,
            warned: HashSet::new(),
            vars,
            applied_in_file: 0,
            languages: None,
            missing: Vec::new(),
        }
    }
}

impl Walker<'_> {
    fn finish(&mut self, outcome: Outcome) -> Option<Need> {
        self.state = State::Finished(outcome);
        None
    }

    fn bound(
        &mut self,
        bound: Bound,
        file: &str,
        line: Option<u32>,
        target: Option<&str>,
        t: &mut dyn Trace,
    ) -> Option<Need> {
        if t.on() {
            t.warn(Warning::bound(bound, file, line, target));
        }
        self.display(t, text::BOOT_STOPPED);
        self.finish(Outcome::Bound {
            bound,
            file: file.to_owned(),
            line,
        })
    }

    /// A new pass: display, DHCP values, then the upgrade script.
    fn start(&mut self, t: &mut dyn Trace) -> Option<Need> {
        self.pass_no += 1;
        let pass = self.pass_no;
        self.pass = Pass::new(PhoneVars::new(&self.config.phone, self.flash));
        if t.on() {
            t.emit(Event::BootStart {
                pass,
                cause: self.cause,
            });
        }
        if self.cause == Cause::RemoteRestart {
            self.display(t, text::RESTARTING);
        }
        if self.updating {
            for pct in [0, 50, 100] {
                self.display(t, format!("Updating... {pct}%, {} secs", pct / 25));
            }
        }
        for text in [
            text::INITIALIZING,
            text::LOADING,
            text::STARTING,
            "100Mbps",
            "DHCP: 2 secs",
        ] {
            self.display(t, text);
        }
        if let Net::Dhcp(o) = &self.net {
            if pass == 1 && t.on() {
                for w in o.warnings.clone() {
                    t.warn(w);
                }
            }
            // Values DHCP gives the phone; files may override them (spec 4).
            for (name, value) in &o.pairs {
                if KEYS_1600.contains(&name.as_str())
                    && catalog().get(name).is_some()
                    && catalog().check(name, value) == Verdict::Applied
                {
                    self.pass.settings.insert(
                        name.clone(),
                        Effective {
                            value: value.clone(),
                            origin: Origin::Dhcp,
                            file: None,
                            line: None,
                        },
                    );
                    if t.on() {
                        t.emit(Event::DhcpValue {
                            name: name.clone(),
                            value: value.clone(),
                        });
                    }
                }
            }
        }
        if self.servers().list.is_empty() {
            if t.on() {
                t.warn(Warning::no_servers());
            }
            return self.finish(Outcome::NoServers);
        }
        self.state = State::AwaitUpgrade;
        self.script(UPGRADE_SCRIPT, Purpose::UpgradeScript, None, t)
    }

    /// Asks for a script or settings file from the servers as they are now:
    /// TLS first, then HTTP; TLS only under AUTH 1 (spec 2.2, 2.8).
    fn script(
        &mut self,
        file: &str,
        purpose: Purpose,
        by: Option<(String, u32)>,
        t: &mut dyn Trace,
    ) -> Option<Need> {
        let servers = self.servers();
        let auth = self.flash.auth;
        let list: Vec<Server> = servers
            .for_scripts()
            .filter(|s| !auth || s.tls)
            .cloned()
            .collect();
        if list.is_empty() {
            let why = if auth {
                // Warned where AUTH 1 was applied in this pass; else it comes from flash.
                let set_here = self
                    .pass
                    .settings
                    .get("AUTH")
                    .is_some_and(|e| e.origin == Origin::File);
                if !set_here && t.on() && self.pass.warned.insert(("flash".to_owned(), 0)) {
                    t.warn(Warning::auth_without_tls(None));
                }
                "AUTH 1: TLS servers only, and none is configured".to_owned()
            } else {
                "no server to ask".to_owned()
            };
            self.self_answer = Some(Answer::Script(Err(ScriptFailure::Missing { why })));
            return None;
        }
        Some(Need::Script {
            file: file.to_owned(),
            purpose,
            servers: list,
            by,
        })
    }

    /// Reports a fetched file's problems before it is interpreted.
    fn load(&mut self, program: &Program, t: &mut dyn Trace) {
        if !t.on() {
            return;
        }
        let file = program.file.as_str();
        t.emit(Event::FileStart {
            file: file.to_owned(),
            encoding: program.encoding,
            lines: program.line_count,
            statements: program.stmts.len(),
            text: program.text.as_str().into(),
        });
        if program.text.trim_start().starts_with('<') {
            t.warn(Warning::html_script(file));
        }
        if program.text.contains('\0') {
            t.warn(Warning::nul_bytes(file));
        }
        for d in program.diagnostics.clone() {
            t.warn(d);
        }
    }

    fn upgrade_answered(&mut self, answer: Option<Answer>, t: &mut dyn Trace) -> Option<Need> {
        match answer {
            Some(Answer::Script(Ok(program))) => {
                self.pass.chain.push(UPGRADE_SCRIPT.to_owned());
                self.load(&program, t);
                self.state = State::Run { program, start: 0 };
                None
            }
            Some(Answer::Script(Err(ScriptFailure::TooBig))) => {
                self.bound(Bound::FileSize, UPGRADE_SCRIPT, None, None, t)
            }
            other => {
                let why = match other {
                    Some(Answer::Script(Err(ScriptFailure::Missing { why }))) => why,
                    _ => "no answer".to_owned(),
                };
                let has_app = self.flash.application.is_some();
                self.pass.missing.push(UPGRADE_SCRIPT.to_owned());
                if t.on() {
                    t.warn(Warning::no_upgrade_script(&why, has_app));
                }
                if has_app {
                    self.state = State::Languages;
                    return None;
                }
                self.display(t, text::SYSTEM_BUSY);
                self.finish(Outcome::NoApplication)
            }
        }
    }

    fn run(&mut self, program: Rc<Program>, start: usize, t: &mut dyn Trace) {
        let p = &mut self.pass;
        let folder = self.net.is_folder() || self.config.folder;
        let mut obs = Apply::new(
            &program,
            &mut p.settings,
            t,
            &self.net,
            folder,
            p.check.as_ref(),
        );
        let stop = interp::run(&program, start, &p.vars, &mut p.statements_left, &mut obs);
        let executed = std::mem::take(&mut obs.executed);
        p.applied_in_file += obs.applied;
        if t.on() {
            t.emit(Event::FileEnd {
                file: program.file.clone(),
                executed,
            });
        }
        // AUTH is kept in flash the moment a file applies it (spec 2.8).
        if let Some(e) = p.settings.get("AUTH").filter(|e| e.origin == Origin::File) {
            self.flash.auth = e.value == "1";
        }
        self.state = State::Stopped { program, stop };
    }

    /// Interpretation stopped: the APPNAME check (once), then the stop itself.
    fn stopped(&mut self, program: Rc<Program>, stop: Stop, t: &mut dyn Trace) -> Option<Need> {
        if self.pass.check.is_none() && !matches!(stop, Stop::Budget { .. }) {
            self.pass.check = Some(CheckPoint {
                file: program.file.clone(),
                line: match &stop {
                    Stop::Get { line, .. } => Some(*line),
                    _ => None,
                },
            });
            if let Some(need) = self.decide(&program, &stop, t) {
                return need;
            }
        }
        match stop {
            Stop::Budget { line } => {
                self.bound(Bound::Statements, &program.file, Some(line), None, t)
            }
            Stop::End => {
                if self.pass.applied_in_file == 0
                    && !program.file.eq_ignore_ascii_case(UPGRADE_SCRIPT)
                    && t.on()
                {
                    let ph = &self.config.phone;
                    t.warn(Warning::nothing_set(
                        &program.file,
                        ph.model.name(),
                        ph.group,
                    ));
                }
                self.state = State::Languages;
                None
            }
            Stop::Get { line, file, resume } => {
                self.pass.gets += 1;
                if self.pass.gets > MAX_GETS {
                    return self.bound(Bound::Gets, &program.file, Some(line), None, t);
                }
                if t.on() {
                    let key = (program.file.clone(), line);
                    if !self.pass.warned.contains(&key) {
                        let looped = self
                            .pass
                            .chain
                            .iter()
                            .position(|f| f.eq_ignore_ascii_case(&file));
                        if let Some(first) = looped {
                            let chain = self.pass.chain[first..].join(" -> ");
                            t.warn(Warning::get_loop(&program.file, line, &file, &chain));
                        }
                        if file.contains('$') {
                            t.warn(Warning::variable_in_get(&program.file, line, &file));
                        }
                        self.pass.warned.insert(key);
                    }
                }
                let by = Some((program.file.clone(), line));
                self.state = State::AwaitGet {
                    program,
                    line,
                    target: file.clone(),
                    resume,
                };
                self.script(&file, Purpose::Settings, by, t)
            }
        }
    }
}
