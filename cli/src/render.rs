//! The human-readable report: sections for the display, the files, the APPNAME
//! decisions, the integrity checks, the effective settings, the warnings and
//! the outcome. Built from the engine's events and its (masked) report.

use std::fmt::Write as _;

use phoneboot_engine::events::{
    Cause, CheckStatus, Decision, Event, LoadedFile, Origin, Outcome, Slot,
};
use phoneboot_engine::{Flash, Report, Severity};

/// What the report itself does not say about the run.
pub struct Context<'a> {
    /// How the server was given, e.g. "folder /srv/phones (file:///srv/phones/)".
    pub server: &'a str,
    pub flash_before: &'a Flash,
}

fn kebab<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}\n{}", "-".repeat(title.chars().count()));
}

fn loaded(f: Option<&LoadedFile>) -> String {
    match f {
        None => "none".to_owned(),
        Some(f) if f.size == 0 && f.sha256.is_empty() => f.name.clone(),
        Some(f) => format!("{} ({} bytes, sha256 {})", f.name, f.size, f.sha256),
    }
}

fn cause(c: Cause) -> &'static str {
    match c {
        Cause::PowerOn => "power on",
        Cause::RemoteRestart => "remote restart",
        Cause::AfterDownload => "after download",
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "ERROR",
    }
}

fn check_status(s: CheckStatus) -> &'static str {
    match s {
        CheckStatus::Pass => "pass",
        CheckStatus::Fail => "FAIL",
        CheckStatus::NotVerified => "not verified",
        CheckStatus::Skipped => "skipped",
    }
}

/// Pads to `w` characters.
fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.to_owned()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

#[allow(clippy::too_many_lines)] // older than the lint: split when it next grows
pub fn human(report: &Report, events: &[Event], ctx: &Context<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "phoneboot: Avaya {} boot emulation", report.model);
    let _ = writeln!(
        out,
        "  phone   {}, group {}, MAC {}",
        report.model, report.group, report.mac
    );
    let _ = writeln!(out, "  server  {}", ctx.server);
    let fb = ctx.flash_before;
    let auth_before = if fb.auth { ", AUTH 1" } else { "" };
    let _ = writeln!(
        out,
        "  flash   boot code {}, application {}{auth_before}{}",
        loaded(fb.boot_code.as_ref()),
        loaded(fb.application.as_ref()),
        if fb.boot_code.is_none() && fb.application.is_none() {
            " (factory-fresh)"
        } else {
            ""
        }
    );

    // Display, pass by pass.
    heading(&mut out, "Display");
    for e in events {
        match e {
            Event::BootStart { pass, cause: c } => {
                let _ = writeln!(out, "  [pass {pass}, {}]", cause(*c));
            }
            Event::Display { text, .. } => {
                let _ = writeln!(out, "      {text}");
            }
            Event::Restart { count, reason } => {
                let _ = writeln!(out, "  [restart {count}: {reason}]");
            }
            _ => {}
        }
    }

    // Files.
    heading(&mut out, "Files requested");
    if report.files.is_empty() {
        let _ = writeln!(out, "  (none)");
    } else {
        let wn = report
            .files
            .iter()
            .map(|f| f.name.chars().count())
            .max()
            .unwrap_or(0);
        let wp = report
            .files
            .iter()
            .map(|f| kebab(&f.purpose).len())
            .max()
            .unwrap_or(0);
        // Where each 3xx pointed (spec 2.6), in request order.
        let mut locations = events.iter().filter_map(|e| match e {
            Event::Response { url, head, .. } if head.redirected() => {
                Some((url.as_str(), head.location.as_deref()))
            }
            _ => None,
        });
        for f in &report.files {
            let result = match f.status {
                Some(s) if (300..400).contains(&s) => {
                    let to = locations
                        .find(|(u, _)| *u == f.url)
                        .and_then(|(_, l)| l)
                        .map(|l| {
                            format!(
                                ", Location {}",
                                phoneboot_engine::diagnose::resolve_location(&f.url, l)
                            )
                        })
                        .unwrap_or_default();
                    format!(
                        "{s}, {} bytes{to} (not followed: the phone does not follow redirects)",
                        f.bytes
                    )
                }
                Some(s) => format!("{s}, {} bytes", f.bytes),
                None => f.outcome.to_string(),
            };
            let _ = writeln!(
                out,
                "  pass {}  {}  {}  {}",
                f.pass,
                pad(&f.name, wn),
                pad(&kebab(&f.purpose), wp),
                f.url
            );
            let _ = writeln!(out, "          -> {result}");
        }
    }

    // APPNAME decisions.
    heading(&mut out, "APPNAME");
    let mut pass = 0;
    let mut any = false;
    for e in events {
        match e {
            Event::BootStart { pass: p, .. } => pass = *p,
            Event::Decision { decision } => {
                any = true;
                let text = match decision {
                    Decision::Unset => "the scripts set no APPNAME: nothing to download".to_owned(),
                    Decision::Skip { name, slot } => {
                        format!("{name} ({}) is already loaded: no download", slot.label())
                    }
                    Decision::Download { name, slot, loaded } => format!(
                        "{name} ({}): download, replacing {}",
                        slot.label(),
                        loaded.as_deref().unwrap_or("nothing (the slot is empty)")
                    ),
                };
                let _ = writeln!(out, "  pass {pass}: {text}");
            }
            _ => {}
        }
    }
    if !any {
        let _ = writeln!(
            out,
            "  no decision was made (the upgrade script was not interpreted)"
        );
    }

    // Integrity checks.
    heading(&mut out, "Integrity checks");
    let groups = phoneboot_engine::report::check_groups(events);
    let any = !groups.is_empty();
    for g in &groups {
        let _ = writeln!(out, "  {} (pass {})", g.file, g.pass);
        if let Some(d) = &g.digest {
            let _ = writeln!(out, "      sha256     {}", d.sha256);
            match (&d.reference, &d.reference_source) {
                (Some(r), Some(s)) => {
                    let _ = writeln!(out, "      reference  {r} (from {s})");
                }
                _ => {
                    let _ = writeln!(out, "      reference  none published: not verified");
                }
            }
        }
        for check in &g.checks {
            let detail = if check.detail.is_empty() {
                String::new()
            } else {
                format!(": {}", check.detail)
            };
            let _ = writeln!(
                out,
                "      {} {}{detail}",
                pad(check_status(check.status), 12),
                check.kind.title()
            );
        }
        if let Some((slot, size)) = g.written {
            let _ = writeln!(
                out,
                "      => written to flash as the {} ({size} bytes)",
                slot.label()
            );
        }
    }
    if !any {
        let _ = writeln!(out, "  nothing was downloaded");
    }

    // Files moved by the files (spec 2.5).
    if !report.server_moves.is_empty() {
        heading(&mut out, "Servers moved by the files");
        for m in &report.server_moves {
            let at = m.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = writeln!(out, "  {}{at}  {}", m.file, m.message);
        }
    }

    // Language and font files (spec 3.6).
    heading(&mut out, "Language and font files");
    if report.languages.is_empty() {
        let _ = writeln!(
            out,
            "  none requested (no LANGSYS, LANG1FILE..LANG4FILE or FONTFILE, or already in flash)"
        );
    }
    for l in &report.languages {
        let result = if l.loaded {
            "kept in flash".to_owned()
        } else {
            "NOT loaded: the phone shows built-in English (see the warnings)".to_owned()
        };
        let _ = writeln!(out, "  {} (pass {}): {result}", l.file, l.pass);
    }

    // Restore (spec 3.8).
    if let Some(r) = &report.restore {
        heading(&mut out, "Restore");
        let _ = writeln!(out, "  {}\n      {}", r.url, r.outcome.describe());
    }

    // Effective settings.
    heading(
        &mut out,
        &format!(
            "Effective settings ({} of the last pass{})",
            report.settings.len(),
            if report.secrets_masked {
                "; secrets masked, --show-secrets shows them"
            } else {
                ""
            }
        ),
    );
    if report.settings.is_empty() {
        let _ = writeln!(out, "  (none)");
    } else {
        let wn = report.settings.keys().map(|k| k.len()).max().unwrap_or(0);
        let wv = report
            .settings
            .values()
            .map(|s| s.value.chars().count().min(40))
            .max()
            .unwrap_or(0);
        for (name, s) in &report.settings {
            let from = match (s.source, &s.file, s.line) {
                (Origin::Dhcp, _, _) => "DHCP".to_owned(),
                (Origin::File, Some(f), Some(l)) => format!("{f}:{l}"),
                (Origin::File, Some(f), None) => f.clone(),
                (Origin::File, None, _) => "file".to_owned(),
            };
            let value = if s.value.is_empty() {
                "\"\"".to_owned()
            } else {
                s.value.clone()
            };
            let _ = writeln!(out, "  {}  {}  {from}", pad(name, wn), pad(&value, wv));
        }
    }

    // Warnings.
    heading(&mut out, &format!("Warnings ({})", report.warnings.len()));
    if report.warnings.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for w in &report.warnings {
        let at = match w.line {
            Some(l) => format!("{}:{l}", w.file),
            None => w.file.clone(),
        };
        let _ = writeln!(
            out,
            "  {} {at} [{}]\n      {}\n      fix: {}",
            pad(severity(w.severity), 7),
            kebab(&w.code),
            w.message,
            w.fix
        );
    }

    // Outcome.
    network_diagnosis(&mut out, events);
    heading(&mut out, "Outcome");
    let counts = phoneboot_engine::outcome::counts(report.passes, report.restarts);
    match &report.outcome {
        Some(o) => {
            let t = o.text(phoneboot_engine::outcome::OutcomeFacts::of(report, events));
            let status = if t.registered {
                "REGISTERED"
            } else {
                "NOT REGISTERED"
            };
            let _ = writeln!(out, "  {status}: {} ({counts})", t.summary);
        }
        None => {
            let _ = writeln!(out, "  {}", phoneboot_engine::outcome::UNFINISHED);
        }
    }
    if !matches!(report.outcome, Some(Outcome::Registered)) {
        // The requests that got no answer are usually the reason.
        let failed: Vec<_> = report.files.iter().filter(|f| f.status.is_none()).collect();
        for f in failed.iter().take(5) {
            let _ = writeln!(out, "  {} failed: {}", f.url, f.outcome);
        }
        if failed.len() > 5 {
            let _ = writeln!(out, "  ... and {} more failed requests", failed.len() - 5);
        }
    }
    let _ = writeln!(
        out,
        "  flash now: boot code {}, application {}",
        loaded(report.flash.slot(Slot::BootCode)),
        loaded(report.flash.slot(Slot::Application))
    );
    let f = &report.flash;
    let langs: Vec<&str> = f.languages.iter().map(|l| l.name.as_str()).collect();
    let _ = writeln!(
        out,
        "             languages {}, font {}, AUTH {}",
        if langs.is_empty() {
            "none".to_owned()
        } else {
            langs.join(", ")
        },
        f.font.as_ref().map_or("none", |x| x.name.as_str()),
        if f.auth {
            "1 (scripts and settings from TLS servers only)"
        } else {
            "0"
        }
    );
    out
}

/// Why the upgrade script could not be had: the same diagnosis as the app's
/// banner (one engine function for both).
fn network_diagnosis(out: &mut String, events: &[Event]) {
    let Some(d) = phoneboot_engine::diagnose::boot_failure(events) else {
        return;
    };
    heading(out, "Network diagnosis");
    let _ = writeln!(
        out,
        "  16xxupgrade.txt could not be fetched: {} [{}]",
        d.title, d.kind
    );
    let _ = writeln!(out, "  {}", d.explanation);
    for (i, f) in d.fixes.iter().enumerate() {
        let _ = writeln!(out, "  {}. {f}", i + 1);
    }
    if d.show_cors_headers {
        for (server, lines) in phoneboot_engine::diagnose::CORS_FIXES {
            let _ = writeln!(out, "  {server}:");
            for l in lines.lines() {
                let _ = writeln!(out, "      {l}");
            }
        }
    }
}
