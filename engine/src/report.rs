//! The summary of a boot session, built from its events. The CLI's `--json`
//! and the app's "Export JSON" print the same [`Report`].

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::boot::{BootConfig, Flash, ServerSpec};
use crate::catalog::{is_secret, Verdict};
use crate::diag::Warning;
use crate::events::*;
use crate::source::Purpose;

/// What stands in for a secret value.
pub const MASK: &str = "********";

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
    /// "200", "404", or what went wrong ("server unreachable (...)").
    pub outcome: String,
    pub status: Option<u16>,
    pub bytes: u64,
    pub elapsed_ms: f64,
    /// The boot pass (1 = first) the request belongs to.
    pub pass: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub model: String,
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
    /// Whether secret values are masked in this report.
    pub secrets_masked: bool,
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
                model: config.phone.model.name().to_owned(),
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
                secrets_masked: false,
            },
            seen_warnings: HashSet::new(),
            purpose: Purpose::Settings,
        }
    }

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
                outcome: head.status.to_string(),
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
                outcome: error.to_string(),
                status: None,
                bytes: 0,
                elapsed_ms: *elapsed_ms,
                pass: r.passes,
            }),
            Event::Request { purpose, .. } => self.purpose = *purpose,
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
            if is_secret(name) {
                s.value = MASK.to_owned();
            }
        }
        for (name, v) in r.flash.settings.iter_mut() {
            if is_secret(name) {
                *v = MASK.to_owned();
            }
        }
        r.secrets_masked = true;
        r
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}
