//! The summary of a boot session, built from its events. The CLI's `--json`
//! and the app's "Export JSON" print the same [`Report`].

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::catalog::{is_secret, Verdict};
use crate::config::{BootConfig, Flash, ServerSpec};
use crate::decimal::Fixed;
use crate::diag::Warning;
use crate::events::{Check, Decision, DigestSource, Event, Origin, Outcome, RestoreOutcome, Slot};
use crate::model::Model;
use crate::source::{FetchError, Purpose};

/// What stands in for a secret value.
pub const MASK: &str = "********";

/// A parameter's value as shown to a user: [`MASK`] for a secret (see
/// [`is_secret`]) unless the user chose to reveal secrets. The one masking
/// rule of the app's panels, the CLI, the fleet CSV and the reports.
pub fn shown_value<'a>(name: &str, value: &'a str, reveal: bool) -> &'a str {
    if !reveal && is_secret(name) {
        MASK
    } else {
        value
    }
}

/// One effective setting of the report's last pass, and where it was set: what the settings panel and `--json` show for each parameter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SettingEntry {
    /// The value (masked when the report masks secrets, see [`shown_value`]).
    pub value: String,
    /// "file" or "dhcp".
    pub source: Origin,
    /// The file that set it; none for a DHCP value.
    pub file: Option<String>,
    /// Its line; none for a DHCP value.
    pub line: Option<u32>,
}

/// One request of the boot, in order: the report's request log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileEntry {
    /// The file name asked for.
    pub name: String,
    /// The full URL.
    pub url: String,
    /// Why it was asked for.
    pub purpose: Purpose,
    /// How the request ended; in JSON the status ("200", "404") or what
    /// went wrong ("server unreachable (...)").
    pub outcome: FileOutcome,
    /// The HTTP status when the server answered, none when it did not.
    pub status: Option<u16>,
    /// Body bytes received.
    pub bytes: u64,
    /// Time from request to the end of the answer, in the source's clock.
    pub elapsed_ms: f64,
    /// The boot pass (1 = first) the request belongs to.
    pub pass: u32,
}

/// How one request of a boot ended: the [`FileEntry::outcome`] of the report.
///
/// Typed so front ends can tell an answer from a failure without parsing
/// the text; in JSON it is the one string the report always had (the
/// status number, or the failure's sentence), so `--json` stays as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileOutcome {
    /// The server answered with this HTTP status (of any kind).
    Status(u16),
    /// No (complete) answer; the adapter's classification of why.
    Failed(FetchError),
}

impl std::fmt::Display for FileOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileOutcome::Status(s) => write!(f, "{s}"),
            FileOutcome::Failed(e) => write!(f, "{e}"),
        }
    }
}

/// In JSON, the [`std::fmt::Display`] text ("404", "server unreachable (...)").
impl Serialize for FileOutcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The summary of one boot session, built from its events by [`ReportBuilder`]: the `--json` contract of the CLI and the app's Export JSON, and what the Markdown report renders. Field names and shapes are the contract: change them only with the golden files (`cli/tests/golden/`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The model that booted; in JSON its name as printed on the phone ("1608").
    pub model: Model,
    /// `$GROUP` of the phone.
    pub group: u16,
    /// `$MACADDR` of the phone.
    pub mac: String,
    /// The file server as the user gave it.
    pub server: ServerSpec,
    /// The APPNAME the scripts chose in the last pass, or null.
    pub appname: Option<String>,
    /// The APPNAME decision of the last pass, or null.
    pub decision: Option<Decision>,
    /// Effective settings of the last pass: NAME -> value, source, file, line.
    pub settings: BTreeMap<String, SettingEntry>,
    /// Every warning of the session, each once (code, file, line and message).
    pub warnings: Vec<Warning>,
    /// Every request, in order.
    pub files: Vec<FileEntry>,
    /// Every display message, in order.
    pub display: Vec<String>,
    /// Every integrity check of every download, in order.
    pub checks: Vec<Check>,
    /// How the session ended, or null when it did not finish.
    pub outcome: Option<Outcome>,
    /// Boot passes in the session (1 when nothing restarted).
    pub passes: u32,
    /// Restarts in the session.
    pub restarts: u32,
    /// The flash at the end of the session (what the next boot starts from).
    pub flash: Flash,
    /// Language and font files requested after the settings (spec 3.6).
    pub languages: Vec<LanguageEntry>,
    /// The restore after login (spec 3.8), when an extension and BRURI were given.
    pub restore: Option<RestoreEntry>,
    /// Where the files moved the servers (spec 2.5), in order.
    pub server_moves: Vec<ServerMove>,
    /// Whether secret values are masked in this report.
    pub secrets_masked: bool,
}

/// A language or font file the phone asked for (spec 3.6).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LanguageEntry {
    /// The file name.
    pub file: String,
    /// Whether it was kept in flash in this session.
    pub loaded: bool,
    /// The pass it was asked for in.
    pub pass: u32,
}

/// What the restore step retrieved (spec 3.8).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RestoreEntry {
    /// The backup file's URL.
    pub url: String,
    /// What it came to.
    pub outcome: RestoreOutcome,
}

/// A SET that moved the servers (spec 2.5), with the message saying where to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServerMove {
    /// The file with the SET.
    pub file: String,
    /// Its line, when known.
    pub line: Option<u32>,
    /// Where the servers moved to, in words.
    pub message: String,
}

/// Accumulates a [`Report`] from events.
pub struct ReportBuilder {
    r: Report,
    seen_warnings: HashSet<(String, Option<u32>, String)>,
    /// Purpose of the request awaiting its response.
    purpose: Purpose,
}

impl ReportBuilder {
    /// A builder for a boot of `config`, with the flash still factory-fresh until [`ReportBuilder::finish`].
    pub fn new(config: &BootConfig) -> Self {
        ReportBuilder {
            r: Report {
                model: config.phone.model,
                group: config.phone.group,
                mac: config.phone.mac.clone(),
                server: config.server.clone(),
                appname: None,
                decision: None,
                settings: BTreeMap::new(),
                warnings: Vec::new(),
                files: Vec::new(),
                display: Vec::new(),
                checks: Vec::new(),
                outcome: None,
                passes: 0,
                restarts: 0,
                flash: Flash::factory(),
                languages: Vec::new(),
                restore: None,
                server_moves: Vec::new(),
                secrets_masked: false,
            },
            seen_warnings: HashSet::new(),
            purpose: Purpose::Settings,
        }
    }

    /// Takes in one event of the boot, in the order they are emitted.
    #[allow(clippy::too_many_lines)] // older than the lint: split when it next grows
    pub fn push(&mut self, e: &Event) {
        let r = &mut self.r;
        match e {
            Event::BootStart { pass, .. } => {
                r.passes = *pass;
                r.settings.clear();
                r.appname = None;
                r.decision = None;
            }
            Event::Display { text, .. } => r.display.push(text.clone()),
            Event::Response {
                file,
                url,
                head,
                bytes,
                elapsed_ms,
                ..
            } => r.files.push(FileEntry {
                name: file.clone(),
                url: url.clone(),
                purpose: self.purpose,
                outcome: FileOutcome::Status(head.status),
                status: Some(head.status),
                bytes: *bytes,
                elapsed_ms: *elapsed_ms,
                pass: r.passes,
            }),
            Event::RequestFailed {
                file,
                url,
                error,
                elapsed_ms,
                ..
            } => r.files.push(FileEntry {
                name: file.clone(),
                url: url.clone(),
                purpose: self.purpose,
                outcome: FileOutcome::Failed(error.clone()),
                status: None,
                bytes: 0,
                elapsed_ms: *elapsed_ms,
                pass: r.passes,
            }),
            Event::Request { purpose, file, .. } => {
                self.purpose = *purpose;
                if *purpose == Purpose::Language
                    && !r
                        .languages
                        .iter()
                        .any(|l| l.file == *file && l.pass == r.passes)
                {
                    r.languages.push(LanguageEntry {
                        file: file.clone(),
                        loaded: false,
                        pass: r.passes,
                    });
                }
            }
            Event::LanguageWrite { file, .. } => {
                if let Some(l) = r.languages.iter_mut().rev().find(|l| l.file == file.name) {
                    l.loaded = true;
                }
            }
            Event::Restore { url, outcome } => {
                r.restore = Some(RestoreEntry {
                    url: url.clone(),
                    outcome: outcome.clone(),
                })
            }
            Event::DhcpValue { name, value } => {
                r.settings.insert(
                    name.clone(),
                    SettingEntry {
                        value: value.clone(),
                        source: Origin::Dhcp,
                        file: None,
                        line: None,
                    },
                );
            }
            Event::Setting {
                file,
                line,
                name,
                value,
                verdict: Verdict::Applied,
            } => {
                if name == "APPNAME" && r.decision.is_none() {
                    r.appname = Some(value.clone()).filter(|v| !v.is_empty());
                }
                r.settings.insert(
                    name.clone(),
                    SettingEntry {
                        value: value.clone(),
                        source: Origin::File,
                        file: Some(file.clone()),
                        line: Some(*line),
                    },
                );
            }
            Event::Decision { decision } => r.decision = Some(decision.clone()),
            Event::Check { check } => r.checks.push(check.clone()),
            Event::Restart { count, .. } => r.restarts = *count,
            Event::Warning { warning } => {
                let key = (warning.file.clone(), warning.line, warning.message.clone());
                if warning.code == crate::diag::Code::ServersMoved
                    && !r
                        .server_moves
                        .iter()
                        .any(|m| m.file == warning.file && m.line == warning.line)
                {
                    r.server_moves.push(ServerMove {
                        file: warning.file.clone(),
                        line: warning.line,
                        message: warning.message.clone(),
                    });
                }
                if self.seen_warnings.insert(key) {
                    r.warnings.push(warning.clone());
                }
            }
            Event::Finished { outcome } => r.outcome = Some(outcome.clone()),
            _ => {}
        }
    }

    /// The report, with the flash the session ended with.
    pub fn finish(mut self, flash: &Flash) -> Report {
        self.r.flash = flash.clone();
        self.r
    }
}

impl Report {
    /// A copy with every secret value replaced by [`MASK`] (spec: secrets never
    /// leave the tool unmasked unless the user asks).
    pub fn masked(&self) -> Report {
        let mut r = self.clone();
        for (name, s) in r.settings.iter_mut() {
            s.value = shown_value(name, &s.value, false).to_owned();
        }
        for (name, v) in r.flash.settings.iter_mut() {
            *v = shown_value(name, v, false).to_owned();
        }
        r.secrets_masked = true;
        r
    }

    /// What the outcome's wording depends on, as far as the report tells it
    /// (the restart loop's kind from its checks and flash writes).
    pub fn outcome_facts(&self) -> crate::outcome::OutcomeFacts {
        crate::outcome::OutcomeFacts {
            no_upgrade_script: self
                .warnings
                .iter()
                .any(|w| w.code == crate::diag::Code::NoUpgradeScript),
            restart_loop: None,
        }
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

/// Makes a value safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
        .replace('`', "'")
}

impl Report {
    /// A Markdown report for a support ticket. Mask secrets first (see
    /// [`Report::masked`]) unless the user chose to reveal them.
    #[allow(clippy::too_many_lines)] // older than the lint: split when it next grows
    pub fn to_markdown(&self) -> String {
        use std::fmt::Write;
        let mut m = String::new();
        let _ = writeln!(
            m,
            "# phoneboot report: {} in group {}\n",
            self.model, self.group
        );
        let server = match &self.server {
            ServerSpec::BaseUrl(u) => format!("base URL `{}`", cell(u)),
            ServerSpec::Option242(o) => format!("DHCP option 242 `{}`", cell(o)),
        };
        let _ = writeln!(
            m,
            "- Model: {}\n- GROUP: {}\n- MAC: {}\n- Server: {server}",
            self.model,
            self.group,
            cell(&self.mac)
        );
        let outcome = match &self.outcome {
            Some(o) => cell(&o.text(self.outcome_facts()).summary),
            None => crate::outcome::UNFINISHED.to_owned(),
        };
        let _ = writeln!(
            m,
            "- Outcome: {outcome}\n- Boot passes: {}, restarts: {}",
            self.passes, self.restarts
        );
        let _ = writeln!(
            m,
            "- AUTH in flash: {}",
            if self.flash.auth {
                "1 (script and settings files from TLS servers only)"
            } else {
                "0"
            }
        );
        if self.secrets_masked {
            let _ = writeln!(m, "- Secret values are masked.");
        }
        let decision = match &self.decision {
            None => "not reached".to_owned(),
            Some(Decision::Unset) => "APPNAME not set: nothing to download".to_owned(),
            Some(Decision::Skip { name, slot }) => format!(
                "{} `{}` already loaded: no download",
                slot.label(),
                cell(name)
            ),
            Some(Decision::Download { name, slot, loaded }) => format!(
                "download {} `{}` (loaded: {})",
                slot.label(),
                cell(name),
                loaded
                    .as_deref()
                    .map(cell)
                    .unwrap_or_else(|| "nothing".into())
            ),
        };
        let _ = writeln!(m, "\n## APPNAME decision\n\n{decision}");
        let _ = writeln!(m, "\n## Display\n\n```");
        for d in &self.display {
            let _ = writeln!(m, "{}", d.replace("```", "'''"));
        }
        let _ = writeln!(m, "```\n\n## Requests\n\n| pass | file | URL | outcome | bytes | ms |\n|---|---|---|---|---|---|");
        for f in &self.files {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} | {} |",
                f.pass,
                cell(&f.name),
                cell(&f.url),
                cell(&f.outcome.to_string()),
                f.bytes,
                Fixed(f.elapsed_ms, 0)
            );
        }
        if !self.checks.is_empty() {
            let _ = writeln!(
                m,
                "\n## Integrity checks\n\n| file | check | result | detail |\n|---|---|---|---|"
            );
            for c in &self.checks {
                let status = crate::names::variant_name(&c.status, "");
                let _ = writeln!(
                    m,
                    "| {} | {} | {} | {} |",
                    cell(&c.file),
                    c.kind.title(),
                    status,
                    cell(&c.detail)
                );
            }
        }
        if !self.server_moves.is_empty() {
            let _ = writeln!(m, "\n## Servers moved by the files\n");
            for mv in &self.server_moves {
                let at = mv.line.map(|l| format!(":{l}")).unwrap_or_default();
                let _ = writeln!(m, "- {}{at}: {}", cell(&mv.file), cell(&mv.message));
            }
        }
        if !self.languages.is_empty() {
            let _ = writeln!(
                m,
                "\n## Language and font files\n\n| pass | file | kept in flash |\n|---|---|---|"
            );
            for l in &self.languages {
                let _ = writeln!(
                    m,
                    "| {} | {} | {} |",
                    l.pass,
                    cell(&l.file),
                    if l.loaded { "yes" } else { "no" }
                );
            }
        }
        if let Some(r) = &self.restore {
            let _ = writeln!(
                m,
                "\n## Restore\n\n`{}`: {}",
                cell(&r.url),
                r.outcome.describe()
            );
        }
        let _ = writeln!(
            m,
            "\n## Effective settings\n\n| name | value | source |\n|---|---|---|"
        );
        for (name, s) in &self.settings {
            let source = match (&s.file, s.line) {
                (Some(f), Some(l)) => format!("{}:{l}", cell(f)),
                _ => "DHCP option 242".to_owned(),
            };
            let _ = writeln!(m, "| {name} | {} | {source} |", cell(&s.value));
        }
        let _ = writeln!(m, "\n## Warnings\n");
        if self.warnings.is_empty() {
            let _ = writeln!(m, "None.");
        } else {
            let _ = writeln!(m, "| severity | where | message | fix |\n|---|---|---|---|");
            for w in &self.warnings {
                let at = match w.line {
                    Some(l) => format!("{}:{l}", cell(&w.file)),
                    None => cell(&w.file),
                };
                let sev = crate::names::variant_name(&w.severity, "");
                let _ = writeln!(
                    m,
                    "| {sev} | {at} | {} | {} |",
                    cell(&w.message),
                    cell(&w.fix)
                );
            }
        }
        m
    }
}

/// A download's digest and the reference it was compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigestRow {
    /// The downloaded file.
    pub file: String,
    /// Its computed SHA-256, lower-case hex.
    pub sha256: String,
    /// The reference digest, when one was found.
    pub reference: Option<String>,
    /// Where the reference came from.
    pub reference_source: Option<DigestSource>,
}

/// One download's integrity checks, with its digest when one was computed
/// and the flash slot it was written to when it passed.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckGroup {
    /// The boot pass of the download.
    pub pass: u32,
    /// The downloaded file.
    pub file: String,
    /// Its checks, in order.
    pub checks: Vec<Check>,
    /// Its digest and reference, when a digest was computed.
    pub digest: Option<DigestRow>,
    /// The slot and byte count written to flash, when it passed.
    pub written: Option<(Slot, u64)>,
}

/// Groups a session's check events by download, in order.
pub fn check_groups(events: &[Event]) -> Vec<CheckGroup> {
    let mut pass = 0;
    let mut groups: Vec<CheckGroup> = Vec::new();
    let mut pending_digest: Option<DigestRow> = None;
    for e in events {
        match e {
            Event::BootStart { pass: p, .. } => pass = *p,
            Event::Digest {
                file,
                sha256,
                reference,
                reference_source,
            } => {
                pending_digest = Some(DigestRow {
                    file: file.clone(),
                    sha256: sha256.clone(),
                    reference: reference.clone(),
                    reference_source: reference_source.clone(),
                })
            }
            Event::Check { check } => {
                let same = groups
                    .last()
                    .is_some_and(|g| g.pass == pass && g.file == check.file);
                if !same {
                    groups.push(CheckGroup {
                        pass,
                        file: check.file.clone(),
                        checks: Vec::new(),
                        digest: pending_digest.take().filter(|d| d.file == check.file),
                        written: None,
                    });
                }
                if let Some(g) = groups.last_mut() {
                    g.checks.push(check.clone());
                }
            }
            Event::FlashWrite { slot, file } => {
                if let Some(g) = groups
                    .last_mut()
                    .filter(|g| g.pass == pass && g.file == file.name)
                {
                    g.written = Some((*slot, file.size));
                }
            }
            _ => {}
        }
    }
    groups
}
