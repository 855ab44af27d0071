//! The observer that turns one file's execution into applied settings and,
//! when someone is listening, into events and warnings. The walker runs every
//! file through it, for a traced boot and for a quiet fleet cell alike, so a
//! SET means the same in both.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{catalog, is_secret, Verdict};
use crate::diag::{clip, Warning};
use crate::events::{Event, JumpInfo, Origin};
use crate::interp::{Jump, Observer};
use crate::script::Program;
use crate::servers::{Moves, Net};
use crate::warn::CheckPoint;

/// An effective setting and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Effective {
    /// The value in effect.
    pub value: String,
    /// Whether a file or DHCP set it.
    pub origin: Origin,
    /// The file that set it; none for a DHCP value.
    pub file: Option<String>,
    /// Its line; none for a DHCP value.
    pub line: Option<u32>,
}

/// The settings in effect, by name.
pub type Settings = BTreeMap<String, Effective>;

/// The values files set for the parameters that move the servers (spec 2.5).
pub fn moves(settings: &Settings) -> Moves<'_> {
    let set = |n: &str| {
        settings
            .get(n)
            .filter(|e| e.origin == Origin::File)
            .map(|e| e.value.as_str())
    };
    Moves {
        httpsrvr: set("HTTPSRVR"),
        httpdir: set("HTTPDIR"),
        httpport: set("HTTPPORT"),
    }
}

/// Where the walker's events go. The fleet answers `false` to [`Trace::on`],
/// so no event (and no string for one) is ever built for it.
pub trait Trace {
    /// Whether events are wanted at all.
    fn on(&self) -> bool {
        true
    }
    /// Takes one event (the boot's trace keeps them, the fleet's drops them).
    fn emit(&mut self, e: Event);
    /// Takes one warning; by default, as an [`Event::Warning`].
    fn warn(&mut self, w: Warning) {
        self.emit(Event::Warning { warning: w });
    }
}

/// A trace that wants nothing: the fleet's.
pub struct Quiet;

impl Trace for Quiet {
    fn on(&self) -> bool {
        false
    }
    fn emit(&mut self, _e: Event) {}
}

/// Applies SETs to `settings`. When tracing, only the first execution of a
/// statement is reported: variables do not change during a boot, so a loop
/// would only repeat itself (and a 1,000,000-statement loop must stay cheap).
pub struct Apply<'o> {
    /// The file being applied.
    pub file: &'o str,
    /// Its parsed program.
    pub program: &'o Program,
    /// The settings the SETs change.
    pub settings: &'o mut Settings,
    /// Where events go.
    pub trace: &'o mut dyn Trace,
    /// The servers in effect, which SETs of HTTPSRVR/HTTPDIR/HTTPPORT move.
    pub net: &'o Net,
    /// The files come from a folder whatever HTTPSRVR says (spec 2.5).
    pub folder: bool,
    /// The APPNAME check, once it has been made in this pass.
    pub check: Option<&'o CheckPoint>,
    tracing: bool,
    visited: Vec<bool>,
    /// Lines of the statements run, in order of first execution.
    pub executed: Vec<u32>,
    first: bool,
    /// SETs applied.
    pub applied: u32,
}

impl<'o> Apply<'o> {
    /// An applier of `program` over `settings`, telling `trace` what it does.
    pub fn new(
        program: &'o Program,
        settings: &'o mut Settings,
        trace: &'o mut dyn Trace,
        net: &'o Net,
        folder: bool,
        check: Option<&'o CheckPoint>,
    ) -> Self {
        let tracing = trace.on();
        Apply {
            file: &program.file,
            program,
            settings,
            trace,
            net,
            folder,
            check,
            tracing,
            visited: if tracing {
                vec![false; program.stmts.len()]
            } else {
                Vec::new()
            },
            executed: Vec::new(),
            first: false,
            applied: 0,
        }
    }

    /// Warnings about what an applied SET does to the rest of the boot.
    fn consequences(&mut self, line: u32, name: &str, value: &str) {
        if Moves::NAMES.contains(&name) {
            if self.folder && name == "HTTPSRVR" {
                self.trace
                    .warn(Warning::folder_foreign_host(self.file, line, value));
            } else {
                let servers = self.net.servers(&moves(self.settings));
                let to: Vec<&str> = servers.list.iter().map(|s| s.base.as_str()).collect();
                let to = if to.is_empty() {
                    "no server at all".to_owned()
                } else {
                    to.join(", ")
                };
                self.trace
                    .warn(Warning::servers_moved(self.file, line, name, value, &to));
            }
        }
        if name == "AUTH" && value == "1" {
            let servers = self.net.servers(&moves(self.settings));
            if !servers.list.iter().any(|s| s.tls) {
                self.trace
                    .warn(Warning::auth_without_tls(Some((self.file, line))));
            }
        }
    }
}

impl Observer for Apply<'_> {
    fn executed(&mut self, stmt: usize) {
        if !self.tracing {
            return;
        }
        self.first = !self.visited[stmt];
        if self.first {
            self.visited[stmt] = true;
            self.executed.push(self.program.stmts[stmt].line);
        }
    }

    fn set(&mut self, line: u32, name: &str, value: &str) {
        let verdict = catalog().check(name, value);
        let applied = verdict == Verdict::Applied;
        if applied {
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
        if !self.tracing || !self.first {
            return;
        }
        let shown = if is_secret(name) {
            crate::report::MASK.to_owned()
        } else {
            clip(value)
        };
        let warning = match &verdict {
            Verdict::Applied => None,
            Verdict::Unknown { used_by } => Some(Warning::unknown_parameter(
                self.file,
                line,
                name,
                used_by.as_deref(),
            )),
            Verdict::Invalid { reason, allowed } => Some(Warning::invalid_value(
                self.file,
                line,
                name,
                &shown,
                &reason.replace(&clip(value), &shown),
                allowed,
            )),
            Verdict::NotSettable => Some(Warning::not_settable(self.file, line)),
        };
        self.trace.emit(Event::Setting {
            file: self.file.to_owned(),
            line,
            name: name.to_owned(),
            value: value.to_owned(),
            verdict,
        });
        if let Some(w) = warning {
            self.trace.warn(w);
        }
        if name == "APPNAME" {
            if let Some(check) = self.check {
                self.trace
                    .warn(Warning::appname_after_check(self.file, line, &shown, check));
            }
        }
        if applied {
            self.consequences(line, name, value);
        }
    }

    fn jump(&mut self, line: u32, jump: Jump<'_>) {
        if !self.tracing || !self.first {
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
                    self.trace
                        .warn(Warning::undefined_variable(self.file, line, var));
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
        self.trace.emit(Event::Jump {
            file: self.file.to_owned(),
            line,
            jump,
        });
    }

    fn set_without_value(&mut self, _line: u32, _name: &str) {
        // Already reported by the parser (Code::SetNoValue); nothing happens.
    }
}
