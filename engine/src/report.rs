//! The summary of a boot session, built from its events. The CLI's `--json`
//! and the app's "Export JSON" print the same [`Report`].

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::catalog::{is_secret, Verdict};
use crate::config::{BootConfig, Flash, ServerSpec};
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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SettingEntry {
    pub value: String,
    /// "file" or "dhcp".
    pub source: Origin,
    pub file: Option<String>,
    pub line: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileEntry {
    pub name: String,
    pub url: String,
    pub purpose: Purpose,
    /// How the request ended; in JSON the status ("200", "404") or what
    /// went wrong ("server unreachable (...)").
    pub outcome: FileOutcome,
    pub status: Option<u16>,
    pub bytes: u64,
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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The model that booted; in JSON its name as printed on the phone ("1608").
    pub model: Model,
    pub group: u16,
    pub mac: String,
    pub server: ServerSpec,
    /// The APPNAME the scripts chose in the last pass, or null.
    pub appname: Option<String>,
    pub decision: Option<Decision>,
    /// Effective settings of the last pass: NAME -> value, source, file, line.
    pub settings: BTreeMap<String, SettingEntry>,
    pub warnings: Vec<Warning>,
    pub files: Vec<FileEntry>,
    /// Every display message, in order.
    pub display: Vec<String>,
    pub checks: Vec<Check>,
    pub outcome: Option<Outcome>,
    pub passes: u32,
    pub restarts: u32,
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
    pub file: String,
    /// Whether it was kept in flash in this session.
    pub loaded: bool,
    pub pass: u32,
}

/// What the restore step retrieved (spec 3.8).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RestoreEntry {
    pub url: String,
    pub outcome: RestoreOutcome,
}

/// A SET that moved the servers (spec 2.5), with the message saying where to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServerMove {
    pub file: String,
    pub line: Option<u32>,
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
                "| {} | {} | {} | {} | {} | {:.0} |",
                f.pass,
                cell(&f.name),
                cell(&f.url),
                cell(&f.outcome.to_string()),
                f.bytes,
                f.elapsed_ms
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
    pub file: String,
    pub sha256: String,
    pub reference: Option<String>,
    pub reference_source: Option<DigestSource>,
}

/// One download's integrity checks, with its digest when one was computed
/// and the flash slot it was written to when it passed.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckGroup {
    pub pass: u32,
    pub file: String,
    pub checks: Vec<Check>,
    pub digest: Option<DigestRow>,
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
