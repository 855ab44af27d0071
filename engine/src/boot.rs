//! The boot sequence of spec section 3: a session of one or more boot passes
//! (the phone restarts after writing flash), each fetching the upgrade script,
//! deciding about APPNAME, downloading and checking, then following the GET
//! chain of settings files. Everything that happens is emitted as an [`Event`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{catalog, Verdict};
use crate::checks::{self, DownloadSink, Downloaded, DEFAULT_FLASH_LIMIT};
use crate::diag::{Code, Severity, Warning};
use crate::events::*;
use crate::interp::{self, Jump, Observer, Stop, Vars};
use crate::model::{DisplayGeometry, Model};
use crate::report::{Report, ReportBuilder};
use crate::script::Program;
use crate::servers::{Option242, Server, Servers};
use crate::source::{Collect, FetchError, FetchHead, FetchRequest, FileSource, Purpose};

/// Safety bounds (spec section 4, [emu]).
pub const MAX_STATEMENTS: u64 = 1_000_000;
pub const MAX_GETS: u32 = 16;
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// Restarts in one boot session before the emulator stops (spec section 3.4).
pub const MAX_RESTARTS: u32 = 3;
pub const UPGRADE_SCRIPT: &str = "16xxupgrade.txt";

/// The phone as the user describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneConfig {
    pub model: Model,
    /// `$MODEL`; `None` for the default `<MODEL4>D01A`.
    pub model_string: Option<String>,
    /// 0..=999.
    pub group: u16,
    /// `$MACADDR`, as typed.
    pub mac: String,
    /// `$PHONECC` (comcode); empty by default.
    pub phonecc: String,
}

impl PhoneConfig {
    pub fn new(model: Model) -> Self {
        PhoneConfig {
            model,
            model_string: None,
            group: 0,
            mac: "00:1b:4f:00:16:08".to_owned(),
            phonecc: String::new(),
        }
    }
}

/// Where the file servers come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum ServerSpec {
    /// A base URL for every file (the emulator's shortcut).
    BaseUrl(String),
    /// A DHCP option-242 string.
    Option242(String),
}

/// Everything a boot needs besides the flash and the file source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BootConfig {
    pub phone: PhoneConfig,
    pub server: ServerSpec,
    /// Per-request timeout (spec section 2.4, [emu]).
    pub timeout_ms: u32,
    /// Reference digests the user pasted, in sha256sum format; a bare digest applies to any file.
    pub pasted_digests: String,
    /// Largest application file the flash takes.
    pub flash_limit: u64,
}

impl BootConfig {
    pub fn new(phone: PhoneConfig, server: ServerSpec) -> Self {
        BootConfig {
            phone,
            server,
            timeout_ms: 10_000,
            pasted_digests: String::new(),
            flash_limit: DEFAULT_FLASH_LIMIT,
        }
    }
}

/// What survives a restart (spec section 7). Serialised for browser storage,
/// so it carries a format version.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    pub version: u32,
    pub boot_code: Option<LoadedFile>,
    pub application: Option<LoadedFile>,
    /// The settings last applied.
    pub settings: BTreeMap<String, String>,
    pub model: Option<Model>,
    pub group: Option<u16>,
    pub mac: Option<String>,
}

impl Flash {
    pub const VERSION: u32 = 1;

    /// A factory-fresh phone: nothing loaded.
    pub fn factory() -> Self {
        Flash {
            version: Flash::VERSION,
            ..Default::default()
        }
    }

    /// A phone with the named files already loaded (sizes and digests unknown).
    pub fn with_loaded(boot_code: Option<&str>, application: Option<&str>) -> Self {
        let f = |n: &str| LoadedFile {
            name: n.to_owned(),
            size: 0,
            sha256: String::new(),
            written_ms: 0.0,
        };
        Flash {
            boot_code: boot_code.filter(|s| !s.is_empty()).map(f),
            application: application.filter(|s| !s.is_empty()).map(f),
            ..Flash::factory()
        }
    }

    pub fn slot(&self, slot: Slot) -> Option<&LoadedFile> {
        match slot {
            Slot::BootCode => self.boot_code.as_ref(),
            Slot::Application => self.application.as_ref(),
        }
    }
}

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
    pub fn new(phone: &PhoneConfig, flash: &Flash) -> Self {
        PhoneVars {
            model4: phone.model.model4(),
            model: phone
                .model_string
                .clone()
                .unwrap_or_else(|| phone.model.default_model_string()),
            group: phone.group.to_string(),
            mac: phone.mac.clone(),
            bootname: flash
                .boot_code
                .as_ref()
                .map(|f| f.name.clone())
                .unwrap_or_default(),
            appname: flash
                .application
                .as_ref()
                .map(|f| f.name.clone())
                .unwrap_or_default(),
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

/// An effective setting and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Effective {
    pub value: String,
    pub origin: Origin,
    pub file: Option<String>,
    pub line: Option<u32>,
}

/// Runs one boot session and returns its report. `flash` is changed only by
/// files that passed every check, and gets the settings applied at the end.
pub async fn boot<S: FileSource>(
    source: &S,
    config: &BootConfig,
    flash: &mut Flash,
    cause: Cause,
    emit: &mut dyn FnMut(&Event),
) -> Report {
    let mut s = Session {
        source,
        config,
        geometry: config.phone.model.display(),
        out: Emitter {
            sink: emit,
            report: ReportBuilder::new(config),
        },
        attempt: 0,
        restarts: 0,
    };
    let outcome = s.run(flash, cause).await;
    s.out.emit(Event::Finished { outcome });
    s.out.report.finish(flash)
}

/// Sends events out and keeps the report up to date.
struct Emitter<'e> {
    sink: &'e mut dyn FnMut(&Event),
    report: ReportBuilder,
}

impl Emitter<'_> {
    fn emit(&mut self, e: Event) {
        (self.sink)(&e);
        self.report.push(&e);
    }

    fn warn(&mut self, w: Warning) {
        self.emit(Event::Warning { warning: w });
    }
}

struct Session<'a, 'e, S> {
    source: &'a S,
    config: &'a BootConfig,
    geometry: DisplayGeometry,
    out: Emitter<'e>,
    attempt: u32,
    restarts: u32,
}

/// How a pass ended.
enum PassEnd {
    Done(Outcome),
    /// Restart; `reason` says why, `updating` when boot code was just written.
    Restart {
        reason: String,
        updating: bool,
    },
}

/// Per-pass interpretation state.
struct PassState {
    settings: BTreeMap<String, Effective>,
    statements_left: u64,
    gets: u32,
    chain: Vec<String>,
    /// The APPNAME decision has been made (at the first GET or the end of the upgrade script).
    decided: bool,
    /// GET statements already reported as closing a loop.
    loops_warned: std::collections::HashSet<(String, u32)>,
}

impl<S: FileSource> Session<'_, '_, S> {
    fn display(&mut self, text: impl Into<String>) {
        let text = text.into();
        let screen = self.geometry.render(&text);
        self.out.emit(Event::Display { text, screen });
    }

    fn servers(&mut self) -> Servers {
        match &self.config.server {
            ServerSpec::BaseUrl(u) => Servers::base_url(u),
            ServerSpec::Option242(s) => Option242::parse(s).servers(),
        }
    }

    async fn run(&mut self, flash: &mut Flash, first_cause: Cause) -> Outcome {
        let mut cause = first_cause;
        let mut updating = false;
        for pass in 1.. {
            match self.pass(pass, cause, updating, flash).await {
                PassEnd::Done(o) => return o,
                PassEnd::Restart {
                    reason,
                    updating: u,
                } => {
                    if self.restarts >= MAX_RESTARTS {
                        let msg = format!(
                            "stopped after {} restarts in one boot session: {reason}. A real phone would keep restarting; fix the file or the script and boot again",
                            self.restarts
                        );
                        self.out.warn(Warning::new(
                            UPGRADE_SCRIPT,
                            None,
                            Code::RestartLoop,
                            Severity::Error,
                            msg.clone(),
                            "make the file pass its checks, or make the script choose a file that is loaded",
                        ));
                        self.display("Restart loop stopped");
                        return Outcome::RestartLoop {
                            restarts: self.restarts,
                            reason,
                        };
                    }
                    self.restarts += 1;
                    self.out.emit(Event::Restart {
                        count: self.restarts,
                        reason,
                    });
                    self.display("Restarting...");
                    cause = Cause::AfterDownload;
                    updating = u;
                }
            }
        }
        unreachable!("the pass loop only ends by returning")
    }

    async fn pass(
        &mut self,
        pass: u32,
        cause: Cause,
        updating: bool,
        flash: &mut Flash,
    ) -> PassEnd {
        self.out.emit(Event::BootStart { pass, cause });
        if cause == Cause::RemoteRestart {
            self.display("Restarting...");
        }
        if updating {
            for pct in [0, 50, 100] {
                self.display(format!("Updating... {pct}%, {} secs", pct / 25));
            }
        }
        for text in [
            "Initializing",
            "Loading",
            "Starting...",
            "100Mbps",
            "DHCP: 2 secs",
        ] {
            self.display(text);
        }
        let mut st = PassState {
            settings: BTreeMap::new(),
            statements_left: MAX_STATEMENTS,
            gets: 0,
            chain: vec![UPGRADE_SCRIPT.to_owned()],
            decided: false,
            loops_warned: Default::default(),
        };
        if let ServerSpec::Option242(s) = &self.config.server {
            let o = Option242::parse(s);
            if pass == 1 {
                for w in o.warnings.clone() {
                    self.out.warn(w);
                }
            }
            for (name, value) in &o.pairs {
                if catalog().get(name).is_some() && catalog().check(name, value) == Verdict::Applied
                {
                    st.settings.insert(
                        name.clone(),
                        Effective {
                            value: value.clone(),
                            origin: Origin::Dhcp,
                            file: None,
                            line: None,
                        },
                    );
                    self.out.emit(Event::DhcpValue {
                        name: name.clone(),
                        value: value.clone(),
                    });
                }
            }
        }
        let servers = self.servers();
        if servers.list.is_empty() {
            self.out.warn(Warning::new(
                "DHCP option 242",
                None,
                Code::NoUpgradeScript,
                Severity::Error,
                "no file server: option 242 names no HTTPSRVR or TLSSRVR",
                "add HTTPSRVR=<address> (or TLSSRVR=) to the option-242 string",
            ));
            return PassEnd::Done(Outcome::NoServers);
        }

        let upgrade = match self
            .fetch_script(&servers, UPGRADE_SCRIPT, Purpose::UpgradeScript, None)
            .await
        {
            Fetched::Ok(bytes) => bytes,
            Fetched::TooBig { line } => {
                return PassEnd::Done(self.file_bound(UPGRADE_SCRIPT, line))
            }
            Fetched::Missing { why } => {
                let has_app = flash.application.is_some();
                self.out.warn(Warning::new(
                    UPGRADE_SCRIPT,
                    None,
                    Code::NoUpgradeScript,
                    Severity::Error,
                    if has_app {
                        format!("no server delivered 16xxupgrade.txt ({why}): the phone keeps the software it has and registers without a settings file")
                    } else {
                        format!("no server delivered 16xxupgrade.txt ({why}) and the phone has no application in flash: it cannot start (System busy)")
                    },
                    "put 16xxupgrade.txt in the server's HTTPDIR, and check the server address and port",
                ));
                if has_app {
                    return PassEnd::Done(self.register(st, flash));
                }
                self.display("System busy");
                return PassEnd::Done(Outcome::NoApplication);
            }
        };
        let vars = PhoneVars::new(&self.config.phone, flash);
        let mut program = self.load(UPGRADE_SCRIPT, &upgrade);
        let mut start = 0;
        let mut applied_in_file = 0u32;
        loop {
            let (stop, applied) = self.interpret(&program, start, &vars, &mut st);
            applied_in_file += applied;
            if !st.decided && !matches!(stop, Stop::Budget { .. }) {
                st.decided = true;
                if let Some(end) = self.decide(&st, &servers, flash).await {
                    return end;
                }
            }
            match stop {
                Stop::Budget { line } => {
                    return PassEnd::Done(self.bound(
                        format!("{MAX_STATEMENTS} statements executed"),
                        &program.file,
                        Some(line),
                        "a GOTO loop that never ends: check the labels the loop jumps to",
                    ));
                }
                Stop::End => {
                    self.nothing_set(&program.file, applied_in_file);
                    break;
                }
                Stop::Get { line, file, resume } => {
                    st.gets += 1;
                    if st.gets > MAX_GETS {
                        return PassEnd::Done(self.bound(
                            format!("{MAX_GETS} GETs in one boot"),
                            &program.file,
                            Some(line),
                            "the settings files GET each other in a loop: break the chain",
                        ));
                    }
                    let looped = st.chain.iter().position(|f| f.eq_ignore_ascii_case(&file));
                    if let Some(first) =
                        looped.filter(|_| st.loops_warned.insert((program.file.clone(), line)))
                    {
                        let chain = st.chain[first..].join(" -> ");
                        self.out.warn(Warning::new(
                            &program.file,
                            Some(line),
                            Code::GetLoop,
                            Severity::Error,
                            format!("GET {file} makes a loop: {chain} -> {file}"),
                            format!(
                                "remove this GET, or the GET that leads back to {}",
                                program.file
                            ),
                        ));
                    }
                    match self
                        .fetch_script(
                            &servers,
                            &file,
                            Purpose::Settings,
                            Some((&program.file, line)),
                        )
                        .await
                    {
                        Fetched::Ok(bytes) => {
                            self.out.emit(Event::Get {
                                file: program.file.clone(),
                                line,
                                target: file.clone(),
                                outcome: GetOutcome::Followed,
                            });
                            st.chain.push(file.clone());
                            program = self.load(&file, &bytes);
                            start = 0;
                            applied_in_file = 0;
                        }
                        Fetched::TooBig { .. } => {
                            return PassEnd::Done(
                                self.file_bound(&file, Some((program.file.clone(), line))),
                            );
                        }
                        Fetched::Missing { why } => {
                            self.out.emit(Event::Get {
                                file: program.file.clone(),
                                line,
                                target: file.clone(),
                                outcome: GetOutcome::Failed,
                            });
                            self.out.warn(Warning::new(
                                &program.file,
                                Some(line),
                                Code::GetFailed,
                                Severity::Warning,
                                format!("GET {file}: no server delivered it ({why}), so the script goes on with the next line"),
                                format!("put {file} on the server, or check the name's spelling and case"),
                            ));
                            start = resume;
                        }
                    }
                }
            }
        }
        PassEnd::Done(self.register(st, flash))
    }

    fn register(&mut self, st: PassState, flash: &mut Flash) -> Outcome {
        self.display("Login");
        self.display("Enter Extension");
        flash.settings = st
            .settings
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect();
        flash.model = Some(self.config.phone.model);
        flash.group = Some(self.config.phone.group);
        flash.mac = Some(self.config.phone.mac.clone());
        Outcome::Registered
    }

    fn nothing_set(&mut self, file: &str, applied: u32) {
        if applied == 0 && !file.eq_ignore_ascii_case(UPGRADE_SCRIPT) {
            let model = self.config.phone.model;
            let group = self.config.phone.group;
            self.out.warn(Warning::new(
                file,
                None,
                Code::NothingSet,
                Severity::Warning,
                format!("{file} set nothing for a {model} in group {group}"),
                "check the IF $MODEL4 / IF $GROUP branches: this phone skips every SET",
            ));
        }
    }

    fn bound(&mut self, bound: String, file: &str, line: Option<u32>, fix: &str) -> Outcome {
        let at = line.map(|l| format!(" at line {l}")).unwrap_or_default();
        self.out.warn(Warning::new(
            file,
            line,
            Code::Bound,
            Severity::Error,
            format!("boot stopped: the safety bound of {bound} was hit in {file}{at}"),
            fix,
        ));
        self.display("Boot stopped");
        Outcome::Bound {
            bound,
            file: file.to_owned(),
            line,
        }
    }

    fn file_bound(&mut self, file: &str, by: Option<(String, u32)>) -> Outcome {
        let bound = format!("{} MiB per file", MAX_FILE_BYTES / (1024 * 1024));
        match by {
            Some((from, line)) => self.bound(
                bound,
                &from,
                Some(line),
                &format!("{file} is larger than 8 MiB: is it really a settings file?"),
            ),
            None => self.bound(
                bound,
                file,
                None,
                &format!("{file} is larger than 8 MiB: is it really a script?"),
            ),
        }
    }

    /// Parses a fetched file and reports what is wrong with it.
    fn load(&mut self, file: &str, bytes: &[u8]) -> Program {
        let program = Program::parse(file, bytes);
        self.out.emit(Event::FileStart {
            file: file.to_owned(),
            encoding: program.encoding,
            lines: program.line_count,
            statements: program.stmts.len(),
            text: program.text.as_str().into(),
        });
        let trimmed = program.text.trim_start();
        if trimmed.starts_with('<') {
            self.out.warn(Warning::new(
                file,
                Some(1),
                Code::Malformed,
                Severity::Error,
                format!("{file} looks like an HTML page, not a script: every line is a comment to the phone"),
                "the server answered 200 with an error or index page: check the file's path on the server",
            ));
        }
        if program.text.contains('\0') {
            self.out.warn(Warning::new(
                file,
                None,
                Code::Malformed,
                Severity::Warning,
                format!("{file} contains NUL bytes: it is probably not a text file"),
                "check that the server sends the right file",
            ));
        }
        for d in program.diagnostics.clone() {
            self.out.warn(d);
        }
        program
    }

    /// Executes a program from `start`; returns how it stopped and how many SETs it applied.
    fn interpret(
        &mut self,
        program: &Program,
        start: usize,
        vars: &PhoneVars,
        st: &mut PassState,
    ) -> (Stop, u32) {
        let mut obs = BootObserver {
            file: &program.file,
            out: &mut self.out,
            settings: &mut st.settings,
            visited: vec![false; program.stmts.len()],
            executed: Vec::new(),
            first: false,
            program,
            applied: 0,
        };
        let stop = interp::run(program, start, vars, &mut st.statements_left, &mut obs);
        let executed = std::mem::take(&mut obs.executed);
        let applied = obs.applied;
        self.out.emit(Event::FileEnd {
            file: program.file.clone(),
            executed,
        });
        (stop, applied)
    }

    /// The APPNAME decision; downloads when needed. `Some` ends the pass.
    async fn decide(
        &mut self,
        st: &PassState,
        servers: &Servers,
        flash: &mut Flash,
    ) -> Option<PassEnd> {
        let chosen = st
            .settings
            .get("APPNAME")
            .map(|e| e.value.clone())
            .filter(|v| !v.is_empty());
        let Some(name) = chosen else {
            self.out.emit(Event::Decision {
                decision: Decision::Unset,
            });
            return None;
        };
        let slot = Slot::of(&name);
        let loaded = flash.slot(slot).map(|f| f.name.clone());
        if loaded.as_deref() == Some(name.as_str()) {
            self.out.emit(Event::Decision {
                decision: Decision::Skip { name, slot },
            });
            return None;
        }
        self.out.emit(Event::Decision {
            decision: Decision::Download {
                name: name.clone(),
                slot,
                loaded,
            },
        });
        let reason = match self.download(&name, slot, servers, flash).await {
            Ok(()) => {
                return Some(PassEnd::Restart {
                    reason: format!("{} {name} written to flash", slot.label()),
                    updating: slot == Slot::BootCode,
                })
            }
            Err(reason) => reason,
        };
        Some(PassEnd::Restart {
            reason,
            updating: false,
        })
    }

    /// Downloads, checks and (when every check passes) writes `name` to flash.
    /// Returns why it was not written.
    async fn download(
        &mut self,
        name: &str,
        slot: Slot,
        servers: &Servers,
        flash: &mut Flash,
    ) -> Result<(), String> {
        let candidates: Vec<Server> = servers.for_applications().cloned().collect();
        if candidates.is_empty() {
            let msg = format!("{name} was not downloaded: application files come over HTTP only, and only TLS (HTTPS) servers are configured");
            self.out.warn(Warning::new(
                UPGRADE_SCRIPT,
                None,
                Code::Download,
                Severity::Error,
                msg.clone(),
                "add an HTTPSRVR to option 242",
            ));
            return Err(msg);
        }
        self.display(name.to_owned());
        let limit = self.config.flash_limit;
        let mut last: Option<Attempt> = None;
        for server in candidates {
            // The reference is looked up before the download, so the verdict
            // is ready the moment the last byte arrives.
            let reference = self.reference_digest(name, &server).await;
            let url = server.url(name);
            let req = self.request(name, &url, Purpose::Application);
            let t0 = self.source.now_ms();
            // Progress goes out while the body streams in, so a slow download shows it live.
            let source = self.source;
            let out = &mut self.out;
            let mut reported = 0;
            let mut on_progress = |received: u64, total: Option<u64>| {
                reported = received;
                out.emit(Event::Progress {
                    file: name.to_owned(),
                    received,
                    total,
                });
            };
            let mut sink = DownloadSink::new(limit, &mut on_progress);
            let result = source.get(&req, &mut sink).await;
            let received = sink.received;
            let total = sink.head.as_ref().and_then(|h| h.content_length);
            let first = std::mem::take(&mut sink.first);
            let over = sink.over_limit;
            let digest = sink.finish();
            if received > reported {
                self.out.emit(Event::Progress {
                    file: name.to_owned(),
                    received,
                    total,
                });
            }
            self.response(&req, &result, received, t0);
            let ok = matches!(&result, Ok(h) if h.status == 200);
            last = Some(Attempt {
                reference,
                result,
                received,
                first,
                over,
                digest,
            });
            if ok {
                break;
            }
        }
        let Attempt {
            reference,
            result,
            received,
            first,
            over,
            digest,
        } = last.expect("at least one server");
        if matches!(&result, Ok(h) if h.status == 200)
            || matches!(&result, Err(FetchError::Interrupted { .. }))
        {
            self.display(format!("{} KB received", received / 1024));
        }
        let body_ok = matches!(&result, Ok(h) if h.status == 200 && received > 0);
        let reference = reference.filter(|_| body_ok && !over);
        if body_ok && !over {
            self.out.emit(Event::Digest {
                file: name.to_owned(),
                sha256: digest.clone(),
                reference: reference.as_ref().map(|r| r.0.clone()),
                reference_source: reference.as_ref().map(|r| r.1.clone()),
            });
        }
        let results = checks::run_checks(&Downloaded {
            file: name,
            result: &result,
            received,
            first: &first,
            over_limit: over,
            sha256: (body_ok && !over).then_some(digest.as_str()),
            reference: reference.as_ref().map(|(d, s)| (d.as_str(), s.as_str())),
            flash_limit: self.config.flash_limit,
        });
        let failed: Vec<String> = results
            .iter()
            .filter(|c| c.status == CheckStatus::Fail)
            .map(|c| format!("{}: {}", c.kind.title(), c.detail))
            .collect();
        for c in results {
            self.out.emit(Event::Check { check: c });
        }
        if !failed.is_empty() {
            let msg = format!(
                "{name} failed its checks and was not written to flash ({})",
                failed.join("; ")
            );
            let not_found = matches!(&result, Ok(h) if h.status == 404);
            let fix = if not_found {
                format!("put {name} on the server next to 16xxupgrade.txt, or correct the SET APPNAME that names it")
            } else if !body_ok {
                "check that the server is up and serves the file to this client".to_owned()
            } else {
                "replace the file on the server (and its .sha256) with a complete, correct copy"
                    .to_owned()
            };
            self.out.warn(Warning::new(
                name,
                None,
                Code::CheckFailed,
                Severity::Error,
                msg.clone(),
                fix,
            ));
            self.display(if not_found {
                "File not found"
            } else {
                "Checksum error"
            });
            return Err(msg);
        }
        let secs = (received / (512 * 1024)).max(1);
        for pct in [0, 50, 100] {
            self.display(format!("Saving to flash {pct}%, {} secs", secs * pct / 100));
        }
        let file = LoadedFile {
            name: name.to_owned(),
            size: received,
            sha256: digest,
            // Whole milliseconds: a float with a fraction would not survive every JSON round trip.
            written_ms: self.source.now_ms().round(),
        };
        match slot {
            Slot::BootCode => flash.boot_code = Some(file.clone()),
            Slot::Application => flash.application = Some(file.clone()),
        }
        self.out.emit(Event::FlashWrite { slot, file });
        Ok(())
    }

    /// The reference digest for `name`: pasted by the user, else `<name>.sha256`,
    /// else `SHA256SUMS`, from the server that serves the file. A server that
    /// does not answer at all is not asked twice.
    async fn reference_digest(&mut self, name: &str, server: &Server) -> Option<(String, String)> {
        if let Some(d) = checks::find_digest(&self.config.pasted_digests, name, true) {
            return Some((d, "the digest you pasted".to_owned()));
        }
        for (file, bare_ok) in [
            (format!("{name}.sha256"), true),
            ("SHA256SUMS".to_owned(), false),
        ] {
            let url = server.url(&file);
            match self
                .fetch_small(&file, &url, Purpose::Digest, 64 * 1024)
                .await
            {
                Got::Body(bytes) => {
                    let (text, _) = crate::text::decode(&bytes);
                    if let Some(d) = checks::find_digest(&text, name, bare_ok) {
                        return Some((d, file));
                    }
                }
                Got::Failed(_) => return None,
                Got::Status(_) | Got::TooBig => {}
            }
        }
        None
    }

    fn request(&mut self, file: &str, url: &str, purpose: Purpose) -> FetchRequest {
        // Digest look-ups are the emulator's own [emu]: they get no `HTTP:n` of
        // their own, so the phone's numbering stays as the phone would show it.
        if purpose != Purpose::Digest {
            self.attempt += 1;
            self.display(format!("HTTP:{} {url}", self.attempt));
        }
        self.out.emit(Event::Request {
            attempt: self.attempt,
            file: file.to_owned(),
            url: url.to_owned(),
            purpose,
        });
        FetchRequest {
            url: url.to_owned(),
            file: file.to_owned(),
            purpose,
            timeout_ms: self.config.timeout_ms,
        }
    }

    fn response(
        &mut self,
        req: &FetchRequest,
        result: &Result<FetchHead, FetchError>,
        bytes: u64,
        t0: f64,
    ) {
        let elapsed_ms = (self.source.now_ms() - t0).max(0.0);
        let (attempt, file, url) = (self.attempt, req.file.clone(), req.url.clone());
        // Spec 2.6: a redirect is a failed attempt; say where it pointed.
        let redirect = match result {
            Ok(h) if h.redirected() => Some((Some(h.status), h.location.as_deref())),
            Err(FetchError::Redirected { status, target, .. }) => {
                Some((*status, target.as_deref()))
            }
            _ => None,
        }
        .map(|(status, target)| crate::diagnose::redirect_message(&url, &file, status, target));
        match result {
            Ok(head) => {
                if req.purpose != Purpose::Digest {
                    let etag = head.etag.as_deref().unwrap_or("");
                    self.display(
                        format!("HTTP:{attempt} {} {etag}", head.status)
                            .trim_end()
                            .to_owned(),
                    );
                }
                self.out.emit(Event::Response {
                    attempt,
                    file: file.clone(),
                    url,
                    head: head.clone(),
                    bytes,
                    elapsed_ms,
                });
            }
            Err(error) => {
                if req.purpose != Purpose::Digest {
                    self.display(format!("HTTP:{attempt} failed"));
                }
                self.out.emit(Event::RequestFailed {
                    attempt,
                    file: file.clone(),
                    url,
                    error: error.clone(),
                    elapsed_ms,
                });
            }
        }
        if let Some((message, fix)) = redirect {
            self.out.warn(Warning::new(
                &file,
                None,
                Code::Redirect,
                Severity::Warning,
                message,
                fix,
            ));
        }
    }

    /// One GET of a small text file, and what became of it.
    async fn fetch_small(&mut self, file: &str, url: &str, purpose: Purpose, limit: usize) -> Got {
        let req = self.request(file, url, purpose);
        let t0 = self.source.now_ms();
        let mut sink = Collect::new(limit);
        let result = self.source.get(&req, &mut sink).await;
        self.response(&req, &result, sink.buf.len() as u64, t0);
        if sink.over {
            return Got::TooBig;
        }
        match result {
            Ok(h) if h.status == 200 => Got::Body(sink.buf),
            Ok(h) => Got::Status(h.status),
            Err(e) => Got::Failed(e),
        }
    }

    /// Fetches a script or settings file from the servers in order; the first that delivers wins.
    async fn fetch_script(
        &mut self,
        servers: &Servers,
        file: &str,
        purpose: Purpose,
        by: Option<(&str, u32)>,
    ) -> Fetched {
        let list: Vec<Server> = servers.for_scripts().cloned().collect();
        let several = list.len() > 1;
        let mut why = Vec::new();
        for server in list {
            let url = server.url(file);
            // With several servers, each answer says whose it was.
            let from = |reason: String| match several {
                true => format!("{}: {reason}", server.base),
                false => reason,
            };
            match self.fetch_small(file, &url, purpose, MAX_FILE_BYTES).await {
                Got::Body(bytes) => return Fetched::Ok(bytes),
                Got::Status(s) => why.push(from(format!("HTTP {s}"))),
                Got::Failed(e) => why.push(from(e.to_string())),
                Got::TooBig => {
                    return Fetched::TooBig {
                        line: by.map(|(f, l)| (f.to_owned(), l)),
                    }
                }
            }
        }
        Fetched::Missing {
            why: if why.is_empty() {
                "no server to ask".to_owned()
            } else {
                why.join("; ")
            },
        }
    }
}

/// What one GET of a small file came to.
enum Got {
    /// A complete 200.
    Body(Vec<u8>),
    /// An answer other than 200.
    Status(u16),
    /// No (complete) answer.
    Failed(FetchError),
    /// The body went past the limit.
    TooBig,
}

/// One server's answer to an application download.
struct Attempt {
    /// The reference digest and where it came from, looked up before the download.
    reference: Option<(String, String)>,
    result: Result<FetchHead, FetchError>,
    received: u64,
    first: Vec<u8>,
    over: bool,
    digest: String,
}

enum Fetched {
    Ok(Vec<u8>),
    /// No server delivered it; `why` says what each one answered.
    Missing {
        why: String,
    },
    TooBig {
        line: Option<(String, u32)>,
    },
}

/// Turns execution into events and applies SETs. Only the first execution of
/// a statement is reported: variables do not change during a boot, so a loop
/// would only repeat itself (and a 1,000,000-statement loop must stay cheap).
struct BootObserver<'o, 'e> {
    file: &'o str,
    program: &'o Program,
    out: &'o mut Emitter<'e>,
    settings: &'o mut BTreeMap<String, Effective>,
    visited: Vec<bool>,
    executed: Vec<u32>,
    /// The statement being executed runs for the first time.
    first: bool,
    applied: u32,
}

impl Observer for BootObserver<'_, '_> {
    fn executed(&mut self, stmt: usize) {
        self.first = !self.visited[stmt];
        if self.first {
            self.visited[stmt] = true;
            self.executed.push(self.program.stmts[stmt].line);
        }
    }

    fn set(&mut self, line: u32, name: &str, value: &str) {
        let verdict = catalog().check(name, value);
        let shown = if crate::catalog::is_secret(name) {
            crate::report::MASK.to_owned()
        } else {
            crate::diag::clip(value)
        };
        if verdict == Verdict::Applied {
            self.applied += 1;
            self.settings.insert(
                name.to_owned(),
                Effective {
                    value: value.to_owned(),
                    origin: Origin::File,
                    file: Some(self.file.to_owned()),
                    line: Some(line),
                },
            );
        }
        if !self.first {
            return;
        }
        let warning = match &verdict {
            Verdict::Applied => None,
            Verdict::Unknown { used_by } => Some(Warning::new(
                self.file,
                Some(line),
                Code::UnknownParameter,
                Severity::Info,
                match used_by {
                    Some(u) => format!("{name} is not a 1600 parameter and is ignored; it is used by {}", shorten(u, 140)),
                    None => format!("{name} is not a 1600 parameter (nor any Avaya parameter we know) and is ignored"),
                },
                "remove it, or put it in a branch for the phones that use it",
            )),
            Verdict::Invalid { reason, allowed } => Some(Warning::new(
                self.file,
                Some(line),
                Code::InvalidValue,
                Severity::Warning,
                format!("SET {name} {shown} is ignored ({}); the previous value stays", reason.replace(&crate::diag::clip(value), &shown)),
                format!("{name} takes {allowed}"),
            )),
            Verdict::NotSettable => Some(Warning::new(
                self.file,
                Some(line),
                Code::NotSettable,
                Severity::Warning,
                "SET GROUP is ignored: GROUP is set only at the phone or by the call server".to_owned(),
                "set the group with the phone's GROUP procedure or on the call server",
            )),
        };
        self.out.emit(Event::Setting {
            file: self.file.to_owned(),
            line,
            name: name.to_owned(),
            value: value.to_owned(),
            verdict,
        });
        if let Some(w) = warning {
            self.out.warn(w);
        }
    }

    fn jump(&mut self, line: u32, jump: Jump<'_>) {
        if !self.first {
            return;
        }
        let jump = match jump {
            Jump::Goto { target, found } => JumpInfo::Goto {
                target: target.to_owned(),
                found,
            },
            Jump::If {
                var,
                actual,
                expected,
                taken,
                target,
                found,
            } => {
                if actual.is_none() {
                    self.out.warn(Warning::new(
                        self.file,
                        Some(line),
                        Code::UndefinedVariable,
                        Severity::Info,
                        format!("${var} is not defined on a 1600, so this IF is skipped"),
                        "harmless when the branch is for other phones",
                    ));
                }
                JumpInfo::If {
                    var: var.to_owned(),
                    actual: actual.map(str::to_owned),
                    expected: expected.to_owned(),
                    taken,
                    target: target.to_owned(),
                    found,
                }
            }
        };
        self.out.emit(Event::Jump {
            file: self.file.to_owned(),
            line,
            jump,
        });
    }

    fn set_without_value(&mut self, _line: u32, _name: &str) {
        // Already reported by the parser (Code::SetNoValue); nothing happens.
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}...")
    }
}
