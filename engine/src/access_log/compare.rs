//! The comparison: the chosen phone's logged requests beside the emulated
//! boot's, with findings and fixes.

use serde::Serialize;

use crate::boot::ServerSpec;
use crate::diag::Severity;
use crate::report::Report;
use crate::source::Purpose;

use super::{
    file_of, strip_origin, strip_query, ClientLog, Format, LogRequest, ParsedLog, MAX_REQUESTS,
    MAX_ROWS,
};

/// One request the emulated boot made, as the log would show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    /// The full URL.
    pub url: String,
    /// The path on the server (for a folder: below the folder).
    pub path: String,
    /// The file name.
    pub file: String,
    /// Why the emulation requested it.
    pub purpose: Purpose,
    /// The status the emulation got, if any.
    pub status: Option<u16>,
}

/// The requests of a boot a phone would make, in order (the emulator's own
/// digest look-ups are left out: a phone never makes them).
pub fn expected_requests(report: &Report) -> Vec<Expected> {
    let base = match &report.server {
        ServerSpec::BaseUrl(b) if !b.starts_with("http") => Some(b.as_str()),
        _ => None,
    };
    report
        .files
        .iter()
        .filter(|f| f.purpose != Purpose::Digest)
        .map(|f| {
            let path = match base.and_then(|b| f.url.strip_prefix(b)) {
                Some(rel) => format!("/{}", rel.trim_start_matches('/')),
                None => strip_query(strip_origin(&f.url)),
            };
            Expected {
                url: f.url.clone(),
                file: file_of(&path).to_owned(),
                path,
                purpose: f.purpose,
                status: f.status,
            }
        })
        .collect()
}

/// One row of the comparison (the JSON contract: `expected`, `logged`, `status`, `note`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The path the emulation requested, or `None` when only the phone asked.
    pub expected: Option<String>,
    /// The path the phone requested, or `None` when it never asked.
    pub logged: Option<String>,
    /// The status the server logged.
    pub status: Option<u16>,
    /// What the comparison says about the row, in words (empty when they agree).
    pub note: String,
}

/// A difference worth telling, with its fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How much it matters; in JSON `error`, `warning` or `info`.
    pub severity: Severity,
    /// The difference, in words.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

/// The log beside the boot: `{"client", "rows", "findings"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The client compared.
    pub client: String,
    /// The requests side by side, in order (at most [`MAX_ROWS`](super::MAX_ROWS)).
    pub rows: Vec<Row>,
    /// What differs, with fixes.
    pub findings: Vec<Finding>,
    /// Rows past [`MAX_ROWS`], not shown.
    #[serde(skip)]
    pub more_rows: u64,
}

impl Comparison {
    /// The comparison as pretty-printed JSON: `phoneboot log --json`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned())
    }
}

fn finding(severity: Severity, message: String, fix: impl Into<String>) -> Finding {
    Finding {
        severity,
        message,
        fix: fix.into(),
    }
}

/// Lays `client`'s requests in `log` beside the requests of `report`'s boot.
/// Requests are matched in order by path; a request for the same file in
/// another folder also matches, and says so.
#[allow(clippy::too_many_lines)] // older than the lint: split when it next grows
pub fn compare(log: &ParsedLog, client: &ClientLog, report: &Report) -> Comparison {
    let expected = expected_requests(report);
    let folder_mode = matches!(&report.server, ServerSpec::BaseUrl(b) if !b.starts_with("http"));
    let logged = &client.requests;
    let mut rows = Vec::new();
    let mut more_rows = 0u64;
    let mut push = |rows: &mut Vec<Row>, r: Row| {
        if rows.len() < MAX_ROWS {
            rows.push(r);
        } else {
            more_rows += 1;
        }
    };
    let mut findings = Vec::new();
    let mut cursor = 0;
    let mut unmatched_expected: Vec<&Expected> = Vec::new();
    let mut moved: Vec<(String, String)> = Vec::new();
    let mut matched = vec![false; logged.len()];
    for e in &expected {
        let exact = (cursor..logged.len()).find(|&i| logged[i].path == e.path);
        let by_name =
            || (cursor..logged.len()).find(|&i| logged[i].file().eq_ignore_ascii_case(&e.file));
        let Some(i) = exact.or_else(by_name) else {
            unmatched_expected.push(e);
            push(
                &mut rows,
                Row {
                    expected: Some(e.path.clone()),
                    logged: None,
                    status: None,
                    note: "the phone did not ask for this".to_owned(),
                },
            );
            continue;
        };
        for l in &logged[cursor..i] {
            push(&mut rows, logged_only(l));
        }
        let l = &logged[i];
        matched[i] = true;
        let mut note = status_note(l.status);
        if l.path != e.path && !folder_mode {
            note = format!("{note}; the phone asked another folder");
            moved.push((l.path.clone(), e.path.clone()));
        }
        if let (Some(a), b) = (e.status, l.status) {
            if a != b {
                note = format!("{note}; the emulation got {a}");
            }
        }
        push(
            &mut rows,
            Row {
                expected: Some(e.path.clone()),
                logged: Some(l.path.clone()),
                status: Some(l.status),
                note,
            },
        );
        cursor = i + 1;
    }
    for l in &logged[cursor.min(logged.len())..] {
        push(&mut rows, logged_only(l));
    }

    status_findings(logged, &mut findings);
    if let Some((phone, emu)) = moved.first() {
        findings.push(finding(
            Severity::Error,
            format!("the phone asks for {phone} where the emulation asks for {emu}: the phone's HTTPDIR or server differs from the one configured here"),
            format!("set HTTPDIR (option 242, or SET HTTPDIR in the settings) to the folder of {phone}, or configure the emulation with the phone's option 242"),
        ));
    }
    if !unmatched_expected.is_empty() {
        let names: Vec<&str> = unmatched_expected.iter().map(|e| e.path.as_str()).collect();
        let last = logged.last();
        let stopped = last
            .map(|l| {
                format!(
                    " Its last request was {} ({}, line {}).",
                    l.path, l.status, l.line
                )
            })
            .unwrap_or_default();
        findings.push(finding(
            Severity::Warning,
            format!("the emulation requests {} that the phone never asked for: the phone uses another server or HTTPDIR, or it stopped earlier.{stopped}", list(&names)),
            "check that the emulation uses the phone's option 242 (HTTPSRVR, HTTPDIR); if it does, the phone stopped before these requests: look at the status of its last request and at its display",
        ));
    }
    unasked_findings(logged, &matched, &mut findings);
    restart_findings(logged, &expected, &mut findings);
    agent_findings(log, client, &mut findings);
    if logged.iter().any(|l| is_digest_file(l.file())) {
        findings.push(finding(
            Severity::Warning,
            "this client asked for .sha256 or SHA256SUMS files, which only phoneboot asks for: it is a phoneboot boot, not a phone".to_owned(),
            "choose the phone's address from the list, or compare this log as a check of what phoneboot requested",
        ));
    }
    if client.dropped > 0 {
        findings.push(finding(
            Severity::Info,
            format!(
                "only the first {MAX_REQUESTS} of this client's requests were kept ({} more)",
                client.dropped
            ),
            "cut the log to the time of one boot to compare all of it",
        ));
    }
    if findings.iter().all(|f| f.severity == Severity::Info) && unmatched_expected.is_empty() {
        findings.insert(
            0,
            finding(
                Severity::Info,
                "the phone's requests match the emulated boot".to_owned(),
                "nothing to fix on the file server; a problem the phone still shows is after the files (registration: see its display text)",
            ),
        );
    }
    Comparison {
        client: client.client.clone(),
        rows,
        findings,
        more_rows,
    }
}

fn list(names: &[&str]) -> String {
    let shown: Vec<&str> = names.iter().take(8).copied().collect();
    let more = names.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn status_note(status: u16) -> String {
    match status {
        200 => "ok".to_owned(),
        304 => "304 not modified".to_owned(),
        300..=399 => format!("{status}: a redirect, which the phone does not follow"),
        404 => "404: not on the server".to_owned(),
        s => format!("{s}"),
    }
}

/// `<file>.sha256` and `SHA256SUMS`: only phoneboot asks for them (its digest
/// look-ups, spec section 6.4), never a phone.
pub fn is_digest_file(file: &str) -> bool {
    let f = file.to_ascii_lowercase();
    f.ends_with(".sha256") || f == "sha256sums"
}

fn logged_only(l: &LogRequest) -> Row {
    let note = if is_digest_file(l.file()) {
        format!(
            "phoneboot's own digest look-up, never a phone's (line {})",
            l.line
        )
    } else {
        format!("only the phone asked for this (line {})", l.line)
    };
    Row {
        expected: None,
        logged: Some(l.path.clone()),
        status: Some(l.status),
        note,
    }
}

fn status_findings(logged: &[LogRequest], findings: &mut Vec<Finding>) {
    // path -> (status, count, first line), in order of first appearance.
    let mut seen: Vec<(String, u16, u64, u64)> = Vec::new();
    for l in logged.iter().filter(|l| l.status >= 300 && l.status != 304) {
        match seen.iter_mut().find(|s| s.0 == l.path && s.1 == l.status) {
            Some(s) => s.2 += 1,
            None => seen.push((l.path.clone(), l.status, 1, l.line)),
        }
    }
    for (path, status, count, line) in seen {
        let times = if count > 1 {
            format!(" {count} times")
        } else {
            String::new()
        };
        let file = file_of(&path).to_owned();
        let (severity, message, fix) = match status {
            404 => (Severity::Error, format!("the server answered 404 for {path}{times} (first at line {line})"), format!("put {file} in that folder with exactly this name (many servers are case-sensitive), or correct the name in the script that asks for it")),
            300..=399 => (Severity::Error, format!("the server redirected {path} ({status}){times} (line {line}): phones do not follow redirects, so the phone did not get the file"), "serve the file at this path, or point HTTPSRVR/HTTPDIR at the final location".to_owned()),
            401 | 403 => (Severity::Error, format!("the server refused {path} ({status}){times} (line {line})"), "let the web server read the file, without authentication for the phones' folder".to_owned()),
            s if s >= 500 => (Severity::Error, format!("the server failed on {path} ({status}){times} (line {line})"), "look at the web server's error log at that time".to_owned()),
            s => (Severity::Warning, format!("the server answered {s} for {path}{times} (line {line})"), "the phone needs 200 with the whole file".to_owned()),
        };
        findings.push(finding(severity, message, fix));
    }
}

fn unasked_findings(logged: &[LogRequest], matched: &[bool], findings: &mut Vec<Finding>) {
    let mut named: Vec<&str> = Vec::new();
    for (l, m) in logged.iter().zip(matched) {
        if *m || named.contains(&l.path.as_str()) || is_digest_file(l.file()) {
            continue;
        }
        named.push(&l.path);
    }
    // A file asked for again after it matched once is a repeat, not a stranger.
    let matched_paths: Vec<&str> = logged
        .iter()
        .zip(matched)
        .filter(|(_, m)| **m)
        .map(|(l, _)| l.path.as_str())
        .collect();
    let strangers: Vec<&str> = named
        .into_iter()
        .filter(|p| !matched_paths.contains(p))
        .collect();
    for p in &strangers {
        let file = file_of(p).to_ascii_lowercase();
        let (message, fix) = if file == "46xxsettings.scr" {
            (format!("the phone asked for {p}, the settings file name of old 46xx scripts: the upgrade script the phone got says GET 46xxsettings.scr, or the client is an older phone"), "make 16xxupgrade.txt say GET 46xxsettings.txt (and serve that file); check that the server serves the script you configured here".to_owned())
        } else if file.ends_with("upgrade.txt") && !file.starts_with("16xx")
            || file.ends_with("upgrade.scr")
        {
            (format!("the client asked for {p}: that is another model's upgrade script (96xx, J100, 46xx), not a 1600's"), "choose another client, or compare with the model that asks for this file".to_owned())
        } else {
            (format!("the phone asked for {p}, which the emulation does not: the server's scripts differ from the ones the emulation read (an old script?), or the phone is another model"), "compare the script the phone got (the server's, at that time) with the one configured here".to_owned())
        };
        findings.push(finding(Severity::Warning, message, fix));
    }
}

/// Upgrade-script fetches split the phone's requests into boots; a firmware
/// image downloaded in more than one of them means the phone does not keep it.
fn restart_findings(logged: &[LogRequest], expected: &[Expected], findings: &mut Vec<Finding>) {
    let is_upgrade = |f: &str| f.to_ascii_lowercase().ends_with("upgrade.txt");
    let is_firmware = |f: &str| {
        let f = f.to_ascii_lowercase();
        f.ends_with(".bin") || f.ends_with(".tar") || f.ends_with(".img")
    };
    let fetches = logged.iter().filter(|l| is_upgrade(l.file())).count();
    let emulated = expected.iter().filter(|e| is_upgrade(&e.file)).count();
    // (firmware name, boots that downloaded it, the last of them).
    let mut images: Vec<(String, u32, u32)> = Vec::new();
    let mut boot = 0u32;
    for l in logged {
        if is_upgrade(l.file()) {
            boot += 1;
        } else if is_firmware(l.file()) && l.status == 200 {
            match images.iter_mut().find(|(n, _, _)| n == l.file()) {
                Some(i) if i.2 != boot => {
                    i.1 += 1;
                    i.2 = boot;
                }
                Some(_) => {}
                None => images.push((l.file().to_owned(), 1, boot)),
            }
        }
    }
    let looping: Vec<&(String, u32, u32)> = images.iter().filter(|(_, n, _)| *n > 1).collect();
    for (name, n, _) in &looping {
        findings.push(finding(
            Severity::Error,
            format!("the phone downloaded {name} in {n} boots: it restarts without keeping it (a loop)"),
            format!("check {name} on the server (complete, matching its .sha256, fits in flash) and that the script's SET APPNAME names the file the phone then reports as loaded"),
        ));
    }
    if fetches > 1 && looping.is_empty() {
        let downloads = images.len();
        if fetches <= downloads + 1 {
            findings.push(finding(
                Severity::Info,
                format!("the phone fetched the upgrade script {fetches} times: one restart per firmware image ({downloads}), which is normal (the emulation fetches it {emulated} times)"),
                "nothing to fix",
            ));
        } else {
            findings.push(finding(
                Severity::Warning,
                format!("the phone fetched the upgrade script {fetches} times but downloaded only {downloads} firmware images: it restarted for other reasons (power, the call server, or a failure after the files; the emulation fetches it {emulated} times)"),
                "look at what the phone does after its last file (registration: MCIPADD, the call server's logs) and at the times of the fetches",
            ));
        }
    }
}

fn agent_findings(log: &ParsedLog, client: &ClientLog, findings: &mut Vec<Finding>) {
    let mut agents: Vec<&str> = Vec::new();
    for a in client
        .requests
        .iter()
        .filter_map(|r| r.user_agent.as_deref())
    {
        if !agents.contains(&a) {
            agents.push(a);
            if agents.len() > 8 {
                break;
            }
        }
    }
    match agents.as_slice() {
        [] if log.format == Format::Common => findings.push(finding(
            Severity::Info,
            "the log has no user agent (common log format)".to_owned(),
            "log in the combined format to tell phones from browsers and see the phone's software",
        )),
        [] => findings.push(finding(
            Severity::Info,
            "the client sent no user agent".to_owned(),
            "nothing to fix",
        )),
        [one] => findings.push(agent_finding(one)),
        many => {
            findings.push(agent_finding(many[0]));
            findings.push(finding(
                Severity::Info,
                format!("the user agent changed: {}", list(many)),
                "a changed user agent after a download is the new software running; several at once mean several devices behind one address (NAT)",
            ));
        }
    }
}

fn agent_finding(agent: &str) -> Finding {
    let lower = agent.to_ascii_lowercase();
    let tool = [
        "mozilla",
        "curl",
        "wget",
        "python",
        "go-http",
        "java",
        "okhttp",
        "phoneboot",
    ]
    .iter()
    .find(|t| lower.contains(**t));
    match tool {
        Some(t) => finding(
            Severity::Warning,
            format!("user agent {agent:?}: this client looks like a browser or a tool ({t}), not a phone"),
            "choose another client (the phone's address) from the list",
        ),
        None => finding(
            Severity::Info,
            format!("user agent {agent:?}"),
            "nothing to fix; it names the phone's software where the firmware sends it",
        ),
    }
}
