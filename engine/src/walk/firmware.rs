//! The APPNAME decision and the answers to downloads and GETs (spec 3.4, 4),
//! as steps of the [`Walker`].

use std::rc::Rc;

use crate::apply::Trace;
use crate::config::{Bound, MAX_RESTARTS, UPGRADE_SCRIPT};
use crate::diag::Warning;
use crate::display_messages::text;
use crate::events::{Cause, Decision, Event, GetOutcome, Outcome, Slot};
use crate::interp::Stop;
use crate::script::Program;
use crate::servers::Server;

use super::{Answer, Need, ScriptFailure, State, Walker};

impl Walker<'_> {
    /// The APPNAME decision (spec 3.4). `Some` when it needs a download or
    /// ends the pass.
    pub(super) fn decide(
        &mut self,
        program: &Rc<Program>,
        stop: &Stop,
        t: &mut dyn Trace,
    ) -> Option<Option<Need>> {
        let chosen = self
            .pass
            .settings
            .get("APPNAME")
            .map(|e| e.value.clone())
            .filter(|v| !v.is_empty());
        self.pass.appname = chosen.clone();
        let Some(name) = chosen else {
            if t.on() {
                t.emit(Event::Decision {
                    decision: Decision::Unset,
                });
            }
            return None;
        };
        let slot = Slot::of(&name);
        let loaded = self.flash.slot(slot).map(|f| f.name.clone());
        if loaded.as_deref() == Some(name.as_str()) {
            if t.on() {
                t.emit(Event::Decision {
                    decision: Decision::Skip { name, slot },
                });
            }
            return None;
        }
        if t.on() {
            t.emit(Event::Decision {
                decision: Decision::Download {
                    name: name.clone(),
                    slot,
                    loaded,
                },
            });
        }
        let servers: Vec<Server> = self.servers().for_applications().cloned().collect();
        if servers.is_empty() {
            let w = Warning::no_http_server(&name, UPGRADE_SCRIPT, None);
            let reason = w.message.clone();
            if t.on() {
                t.warn(w);
            }
            return Some(self.restart(reason, false, t));
        }
        self.state = State::AwaitApplication {
            name: name.clone(),
            slot,
            program: program.clone(),
            stop: stop.clone(),
        };
        Some(Some(Need::Application {
            name,
            slot,
            servers,
        }))
    }

    pub(super) fn application_answered(
        &mut self,
        answer: Option<Answer>,
        name: String,
        slot: Slot,
        program: Rc<Program>,
        stop: Stop,
        t: &mut dyn Trace,
    ) -> Option<Need> {
        match answer {
            Some(Answer::Continue) => {
                // Go on as if the file were loaded: handle the stop itself.
                self.state = State::Stopped { program, stop };
                None
            }
            Some(Answer::Application(Ok(file))) => {
                match slot {
                    Slot::BootCode => self.flash.boot_code = Some(file.clone()),
                    Slot::Application => self.flash.application = Some(file.clone()),
                }
                if t.on() {
                    t.emit(Event::FlashWrite { slot, file });
                }
                self.restart(
                    format!("{} {name} written to flash", slot.label()),
                    slot == Slot::BootCode,
                    t,
                )
            }
            Some(Answer::Application(Err(reason))) => self.restart(reason.to_string(), false, t),
            _ => self.restart(format!("{name} was not downloaded"), false, t),
        }
    }

    pub(super) fn restart(
        &mut self,
        reason: String,
        updating: bool,
        t: &mut dyn Trace,
    ) -> Option<Need> {
        if self.restarts >= MAX_RESTARTS {
            if t.on() {
                t.warn(Warning::restart_loop(self.restarts, &reason));
            }
            self.display(t, text::RESTART_LOOP_STOPPED);
            return self.finish(Outcome::RestartLoop {
                restarts: self.restarts,
                reason,
            });
        }
        self.restarts += 1;
        if t.on() {
            t.emit(Event::Restart {
                count: self.restarts,
                reason,
            });
        }
        self.display(t, text::RESTARTING);
        self.cause = Cause::AfterDownload;
        self.updating = updating;
        self.state = State::Start;
        None
    }

    pub(super) fn get_answered(
        &mut self,
        answer: Option<Answer>,
        program: Rc<Program>,
        line: u32,
        target: String,
        resume: usize,
        t: &mut dyn Trace,
    ) -> Option<Need> {
        let get = |outcome: GetOutcome| Event::Get {
            file: program.file.clone(),
            line,
            target: target.clone(),
            outcome,
        };
        match answer {
            Some(Answer::Script(Ok(next))) => {
                if t.on() {
                    t.emit(get(GetOutcome::Followed));
                }
                self.pass.chain.push(target.clone());
                self.pass.applied_in_file = 0;
                self.load(&next, t);
                self.state = State::Run {
                    program: next,
                    start: 0,
                };
                None
            }
            Some(Answer::Script(Err(ScriptFailure::TooBig))) => {
                let file = program.file.clone();
                self.bound(Bound::FileSize, &file, Some(line), Some(&target), t)
            }
            other => {
                let why = match other {
                    Some(Answer::Script(Err(ScriptFailure::Missing { why }))) => why,
                    _ => "no answer".to_owned(),
                };
                if t.on() {
                    t.emit(get(GetOutcome::Failed));
                    t.warn(Warning::get_failed(&program.file, line, &target, &why));
                }
                self.pass.missing.push(target);
                self.state = State::Run {
                    program,
                    start: resume,
                };
                None
            }
        }
    }
}
