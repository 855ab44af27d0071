//! The panels' rows, derived from the engine's events. Pure functions, so
//! every panel renders the same facts the same way during and after a boot.

use std::collections::HashMap;

use phoneboot_engine::decimal::Fixed;
use phoneboot_engine::report::SettingEntry;
use phoneboot_engine::source::{FetchError, Purpose};
use phoneboot_engine::{Cause, Decision, Event, Warning};
use serde::Serialize;

/// The stable kebab-case name serde gives a unit variant ("not-verified"),
/// or the tag of an internally tagged enum.
pub fn tag_of<T: Serialize>(v: &T, tag: &str) -> String {
    phoneboot_engine::names::variant_name(v, tag)
}

pub fn name_of<T: Serialize>(v: &T) -> String {
    tag_of(v, "")
}

/// Sizes as a support engineer reads them: bytes, then KB/MB (1024-based,
/// like the phone's "n KB received").
pub fn format_bytes(n: u64) -> String {
    const K: f64 = 1024.0;
    let f = n as f64;
    if n < 1024 {
        format!("{n} B")
    } else if f < K * K {
        format!("{} KB", Fixed(f / K, 1))
    } else {
        format!("{} MB", Fixed(f / (K * K), 2))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum RequestResult {
    Pending,
    Answered { status: u16, etag: Option<String> },
    Failed(FetchError),
}

#[derive(Clone, Debug, PartialEq)]
pub struct RequestRow {
    pub pass: u32,
    pub attempt: u32,
    pub file: String,
    pub url: String,
    pub purpose: Purpose,
    pub result: RequestResult,
    pub bytes: u64,
    pub elapsed_ms: Option<f64>,
}

pub fn request_rows(events: &[Event]) -> Vec<RequestRow> {
    let mut pass = 0;
    let mut rows: Vec<RequestRow> = Vec::new();
    // Requests run one at a time, and a digest look-up shares the `HTTP:n`
    // of its download, so an answer belongs to the latest open request for its URL.
    let find = |rows: &[RequestRow], url: &str| {
        rows.iter()
            .rposition(|r| r.url == url && r.result == RequestResult::Pending)
    };
    for e in events {
        match e {
            Event::BootStart { pass: p, .. } => pass = *p,
            Event::Request {
                attempt,
                file,
                url,
                purpose,
            } => rows.push(RequestRow {
                pass,
                attempt: *attempt,
                file: file.clone(),
                url: url.clone(),
                purpose: *purpose,
                result: RequestResult::Pending,
                bytes: 0,
                elapsed_ms: None,
            }),
            Event::Response {
                url,
                head,
                bytes,
                elapsed_ms,
                ..
            } => {
                if let Some(i) = find(&rows, url) {
                    let r = &mut rows[i];
                    r.result = RequestResult::Answered {
                        status: head.status,
                        etag: head.etag.clone(),
                    };
                    r.bytes = *bytes;
                    r.elapsed_ms = Some(*elapsed_ms);
                }
            }
            Event::RequestFailed {
                url,
                error,
                elapsed_ms,
                ..
            } => {
                if let Some(i) = find(&rows, url) {
                    let r = &mut rows[i];
                    r.result = RequestResult::Failed(error.clone());
                    r.elapsed_ms = Some(*elapsed_ms);
                }
            }
            _ => {}
        }
    }
    rows
}

#[derive(Clone, Debug, PartialEq)]
pub struct DecisionRow {
    pub pass: u32,
    pub decision: Decision,
}

pub fn decisions(events: &[Event]) -> Vec<DecisionRow> {
    let mut pass = 0;
    events
        .iter()
        .filter_map(|e| match e {
            Event::BootStart { pass: p, .. } => {
                pass = *p;
                None
            }
            Event::Decision { decision } => Some(DecisionRow {
                pass,
                decision: decision.clone(),
            }),
            _ => None,
        })
        .collect()
}

// One download's checks with its digest: shared with the CLI's output.
pub use phoneboot_engine::report::{check_groups, CheckGroup, DigestRow};

#[derive(Clone, Debug, PartialEq)]
pub struct PassRow {
    pub pass: u32,
    pub cause: Cause,
    /// Why the pass ended in a restart, if it did.
    pub restart: Option<String>,
}

pub fn passes(events: &[Event]) -> Vec<PassRow> {
    let mut rows: Vec<PassRow> = Vec::new();
    for e in events {
        match e {
            Event::BootStart { pass, cause } => rows.push(PassRow {
                pass: *pass,
                cause: *cause,
                restart: None,
            }),
            Event::Restart { reason, .. } => {
                if let Some(r) = rows.last_mut() {
                    r.restart = Some(reason.clone());
                }
            }
            _ => {}
        }
    }
    rows
}

pub fn cause_label(c: Cause) -> &'static str {
    match c {
        Cause::PowerOn => "power on",
        Cause::RemoteRestart => "remote restart",
        Cause::AfterDownload => "restart after download",
    }
}

/// Which parameter each SET line names, so a warning about a line can be
/// shown beside the setting it is about.
pub fn set_lines(events: &[Event]) -> HashMap<(String, u32), String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Setting {
                file, line, name, ..
            } => Some(((file.clone(), *line), name.clone())),
            _ => None,
        })
        .collect()
}

/// Warnings about `name`: its effective line, or any other SET of it
/// (an invalid value that was ignored, for instance).
pub fn warnings_for<'w>(
    name: &str,
    entry: &SettingEntry,
    warnings: &'w [Warning],
    lines: &HashMap<(String, u32), String>,
) -> Vec<&'w Warning> {
    warnings
        .iter()
        .filter(|w| {
            let Some(line) = w.line else { return false };
            let here = entry.file.as_deref() == Some(w.file.as_str()) && entry.line == Some(line);
            here || lines.get(&(w.file.clone(), line)).map(String::as_str) == Some(name)
        })
        .collect()
}

/// Where a setting came from, as the settings table shows it.
pub fn origin_label(entry: &SettingEntry) -> String {
    match (&entry.file, entry.line) {
        (Some(f), Some(l)) => format!("{f}:{l}"),
        (Some(f), None) => f.clone(),
        _ => "DHCP option 242".to_owned(),
    }
}

pub fn location_label(w: &Warning) -> String {
    match w.line {
        Some(l) => format!("{}:{l}", w.file),
        None => w.file.clone(),
    }
}
