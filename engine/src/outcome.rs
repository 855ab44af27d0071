//! How a boot session ended, in words: the one home of the outcome's title,
//! detail, one-line summary and the emulator rule behind it, used alike by
//! the app's outcome panel, the CLI's text report and the Markdown report.

use crate::config::MAX_RESTARTS;
use crate::diag::Code;
use crate::events::{CheckStatus, Event, Outcome};
use crate::report::Report;

/// The note shown when the server was given as a plain base URL rather than
/// DHCP option 242 (spec 2.1).
pub const BASE_URL_NOTE: &str =
    "the server was given as a base URL; a real phone learns its servers from DHCP option 242 (spec 2.1).";

/// The summary of a boot that did not finish (no outcome in the report).
pub const UNFINISHED: &str = "unfinished: the boot did not finish";

/// Why a restart loop kept going (spec 3.4): the two loops call for
/// different fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestartLoopKind {
    /// The last download was refused (a failed check, or no server to
    /// download from): nothing was written and the phone asks again.
    RefusedDownload,
    /// Each pass wrote a different file and restarted.
    NewFileEachPass,
}

impl RestartLoopKind {
    /// The kind of loop a session's events show.
    pub fn of(events: &[Event]) -> RestartLoopKind {
        if last_download_refused(events) {
            RestartLoopKind::RefusedDownload
        } else {
            RestartLoopKind::NewFileEachPass
        }
    }
}

/// Whether the session's last download was refused (a failed check, or no
/// server to download from) rather than written to flash.
pub fn last_download_refused(events: &[Event]) -> bool {
    events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::FlashWrite { .. } => Some(false),
            Event::Check { check } if check.status == CheckStatus::Fail => Some(true),
            Event::Warning { warning } if warning.code == Code::Download => Some(true),
            _ => None,
        })
        .unwrap_or(false)
}

/// The facts besides the outcome that its wording depends on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutcomeFacts {
    /// No server delivered `16xxupgrade.txt`.
    pub no_upgrade_script: bool,
    /// Which restart loop it was, when it was one.
    pub restart_loop: Option<RestartLoopKind>,
}

impl OutcomeFacts {
    /// The facts of a finished session: its report and its events.
    pub fn of(report: &Report, events: &[Event]) -> OutcomeFacts {
        OutcomeFacts {
            restart_loop: matches!(report.outcome, Some(Outcome::RestartLoop { .. }))
                .then(|| RestartLoopKind::of(events)),
            ..report.outcome_facts()
        }
    }
}

/// An outcome in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeText {
    /// The phone registered with its call server.
    pub registered: bool,
    /// A heading: "Registered", "No application: System busy".
    pub title: String,
    /// What happened and what to do about it, in sentences.
    pub detail: String,
    /// One line for a report: "registered: the phone reached Login / Enter Extension".
    pub summary: String,
    /// The emulator rule that decided it, when one did.
    pub rule: Option<String>,
}

impl Outcome {
    /// This outcome in words (see [`OutcomeText`]).
    pub fn text(&self, facts: OutcomeFacts) -> OutcomeText {
        let registered = matches!(self, Outcome::Registered);
        let (title, detail, summary, rule) = match self {
            Outcome::Registered => (
                "Registered".to_owned(),
                if facts.no_upgrade_script {
                    "No upgrade script: the phone kept its software and went on to register without a settings file.".to_owned()
                } else {
                    "The phone went on to register with its call server: Login / Enter Extension.".to_owned()
                },
                "registered: the phone reached Login / Enter Extension".to_owned(),
                facts.no_upgrade_script.then(|| {
                    "without 16xxupgrade.txt a phone with an application registers with what it has (spec 3.2).".to_owned()
                }),
            ),
            Outcome::NoApplication => (
                "No application: System busy".to_owned(),
                "No server delivered 16xxupgrade.txt and flash holds no application, so the phone cannot start.".to_owned(),
                "no upgrade script and no application in flash: the phone shows System busy".to_owned(),
                Some("with no upgrade script and no application in flash, the boot stops at System busy (spec 3.2).".to_owned()),
            ),
            Outcome::RestartLoop { restarts, reason } => (
                format!("Restart loop stopped after {restarts} restarts"),
                if facts.restart_loop == Some(RestartLoopKind::RefusedDownload) {
                    format!("The upgrade script asks for a file the phone cannot use, so each time it keeps the software it has, restarts and asks for the same file again. After {restarts} restarts the emulator stopped; a real phone would go on restarting. Nothing was written to flash. Why: {reason}. Fix the file on the server (or its published digest), or make 16xxupgrade.txt choose a file that passes.")
                } else {
                    format!("Each pass wrote a different file to flash and restarted, so the phone never reached the settings. After {restarts} restarts the emulator stopped; a real phone would go on restarting. Last: {reason}. Make 16xxupgrade.txt choose, on the next pass, the file just loaded (IF $APPNAME SEQ ... / IF $BOOTNAME SEQ ...).")
                },
                format!("restart loop stopped after {restarts} restarts: {reason}"),
                Some(format!("a real phone would keep restarting; the emulator stops after {MAX_RESTARTS} restarts in one boot session (spec 3.4).")),
            ),
            Outcome::Bound { bound, file, line } => {
                let at = line.map(|l| format!(":{l}")).unwrap_or_default();
                (
                    "Boot stopped by a safety bound".to_owned(),
                    match line {
                        Some(l) => format!("{bound} reached in {file} at line {l}."),
                        None => format!("{bound} reached in {file}."),
                    },
                    format!("stopped by the safety bound of {bound} at {file}{at}"),
                    Some("the emulator bounds statements, GETs and file sizes so a broken script cannot hang it (spec 4).".to_owned()),
                )
            }
            Outcome::NoServers => (
                "No file server".to_owned(),
                "Option 242 names no HTTPSRVR or TLSSRVR, so the phone has nowhere to fetch files from.".to_owned(),
                "no file server: option 242 names no HTTPSRVR or TLSSRVR".to_owned(),
                None,
            ),
        };
        OutcomeText {
            registered,
            title,
            detail,
            summary,
            rule,
        }
    }
}

/// "2 boot passes, 1 restart".
pub fn counts(passes: u32, restarts: u32) -> String {
    format!(
        "{passes} boot pass{}, {restarts} restart{}",
        if passes == 1 { "" } else { "es" },
        if restarts == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_3_4_the_restart_rule_names_the_engines_limit() {
        let o = Outcome::RestartLoop {
            restarts: MAX_RESTARTS,
            reason: "x".into(),
        };
        let t = o.text(OutcomeFacts::default());
        assert!(!t.registered);
        assert!(t
            .rule
            .unwrap()
            .contains(&format!("after {MAX_RESTARTS} restarts")));
        assert!(t.summary.starts_with("restart loop stopped"));
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(counts(1, 0), "1 boot pass, 0 restarts");
        assert_eq!(counts(2, 1), "2 boot passes, 1 restart");
    }
}
