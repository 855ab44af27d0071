//! Plain-words diagnosis of a request that failed, with the fix: what a
//! support engineer reads when phoneboot could not get a file.

use serde::Serialize;

use crate::events::Event;
use crate::source::{FetchError, FetchHead, Purpose};

/// The header lines that let a page on another origin read the files.
pub const CORS_FIXES: [(&str, &str); 3] = [
    (
        "Apache",
        "Header set Access-Control-Allow-Origin \"*\"\nHeader set Access-Control-Expose-Headers \"Content-Length, ETag\"",
    ),
    (
        "nginx",
        "add_header Access-Control-Allow-Origin * always;\nadd_header Access-Control-Expose-Headers \"Content-Length, ETag\" always;",
    ),
    (
        "IIS (web.config)",
        "<httpProtocol>\n  <customHeaders>\n    <add name=\"Access-Control-Allow-Origin\" value=\"*\" />\n    <add name=\"Access-Control-Expose-Headers\" value=\"Content-Length, ETag\" />\n  </customHeaders>\n</httpProtocol>",
    ),
];

/// Which kind of failure a [`Diagnosis`] is about: a stable name front ends
/// key on (the app's banner style and `data-kind`, the CLI's text, tests),
/// so the words can change without breaking them. In JSON and via
/// [`DiagnosisKind::as_str`] it is the kebab-case name ("http-status").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosisKind {
    /// Nothing answered: refused, no route, unknown host.
    Unreachable,
    /// The TLS handshake failed, or the certificate is not trusted.
    Tls,
    /// The browser kept the answer from the page (no CORS headers).
    CrossOrigin,
    /// An http:// file asked for by a page served over https, which the browser blocks.
    MixedContent,
    /// No complete answer within the timeout.
    Timeout,
    /// A 3xx answer: the phone does not follow redirects (spec 2.6).
    Redirect,
    /// The server answered with a status other than 200 (404, 403, 500, ...).
    HttpStatus,
    /// The answer broke off before its end.
    Interrupted,
    /// The URL could not be requested at all (malformed).
    BadUrl,
    /// Anything the adapter could not classify.
    Other,
}

impl DiagnosisKind {
    /// The stable kebab-case name ("cross-origin"), as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosisKind::Unreachable => "unreachable",
            DiagnosisKind::Tls => "tls",
            DiagnosisKind::CrossOrigin => "cross-origin",
            DiagnosisKind::MixedContent => "mixed-content",
            DiagnosisKind::Timeout => "timeout",
            DiagnosisKind::Redirect => "redirect",
            DiagnosisKind::HttpStatus => "http-status",
            DiagnosisKind::Interrupted => "interrupted",
            DiagnosisKind::BadUrl => "bad-url",
            DiagnosisKind::Other => "other",
        }
    }
}

impl std::fmt::Display for DiagnosisKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What went wrong, in words, and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// Which kind of failure this is (a stable name, see [`DiagnosisKind`]).
    pub kind: DiagnosisKind,
    /// One line saying what went wrong, for a heading.
    pub title: String,
    /// Why it happens, in a few sentences.
    pub explanation: String,
    /// Steps to fix it, in order.
    pub fixes: Vec<String>,
    /// Whether the CORS header lines ([`CORS_FIXES`]) apply.
    pub show_cors_headers: bool,
}

const HOST_DIST: &str = "Or copy phoneboot's dist/ folder onto the file server and open it from there: the page is then on the same origin as the files and needs no headers.";

/// Diagnoses a request that got no usable answer.
pub fn diagnose_error(url: &str, e: &FetchError) -> Diagnosis {
    match e {
        FetchError::Unreachable { detail } => Diagnosis {
            kind: DiagnosisKind::Unreachable,
            title: "Server unreachable".into(),
            explanation: format!("Nothing answered at {url} ({detail}): the server is down, the address or port is wrong, or a firewall blocks this computer."),
            fixes: vec![
                "Check the address and port (HTTPSRVR / HTTPPORT, or the base URL).".into(),
                "Open the URL in a new tab: if it does not load there either, the server is not reachable from here.".into(),
            ],
            show_cors_headers: false,
        },
        FetchError::CrossOrigin { .. } => Diagnosis {
            kind: DiagnosisKind::CrossOrigin,
            title: "The server does not allow cross-origin reads".into(),
            explanation: format!("The server at {url} answered, but without an Access-Control-Allow-Origin header, so the browser does not let this page read the file. Phones do not need that header; browsers do."),
            fixes: vec!["Add the header lines below to the file server's configuration.".into(), HOST_DIST.into()],
            show_cors_headers: true,
        },
        FetchError::MixedContent => Diagnosis {
            kind: DiagnosisKind::MixedContent,
            title: "An https page cannot fetch an http URL".into(),
            explanation: format!("This page was loaded over https, and browsers block its requests to plain http such as {url} (mixed content). Nothing was sent."),
            fixes: vec!["Open phoneboot over http (the file server is http anyway).".into(), HOST_DIST.into()],
            show_cors_headers: false,
        },
        FetchError::Timeout { after_ms } => Diagnosis {
            kind: DiagnosisKind::Timeout,
            title: "No complete answer in time".into(),
            explanation: format!("{url} did not answer completely within {} s.", after_ms / 1000),
            fixes: vec![
                "Check the server's load and the network path; a very slow server also delays real phones.".into(),
                "Raise the request timeout in the settings panel if the server is known to be slow.".into(),
            ],
            show_cors_headers: false,
        },
        FetchError::Interrupted { received, detail } => Diagnosis {
            kind: DiagnosisKind::Interrupted,
            title: "The download was cut off".into(),
            explanation: format!("The connection to {url} ended after {received} bytes ({detail})."),
            fixes: vec!["Check the server's logs for the aborted transfer, and proxies in between.".into()],
            show_cors_headers: false,
        },
        FetchError::Tls { detail } => Diagnosis {
            kind: DiagnosisKind::Tls,
            title: "Unreachable over https, or its certificate is not trusted".into(),
            explanation: format!("The https request to {url} failed ({detail}). Either nothing answers https there, or the server's certificate is not one this client trusts. A real 1600 trusts only Avaya's root CA: it would refuse such a server too and go on to the next one (spec 2.7)."),
            fixes: vec![
                "Open the URL in a browser: a certificate warning there means the certificate is self-signed, expired, for another name, or from a CA that is not trusted.".into(),
                "For a lab CA, give its certificate to the command line with --ca-file PEM; for the phones, use a certificate they trust, or serve the files over http (HTTPSRVR).".into(),
                "If nothing answers https, check TLSSRVR / TLSPORT (default 443; some Avaya servers use 411).".into(),
            ],
            show_cors_headers: false,
        },
        FetchError::Redirected { status, target, .. } => {
            diagnose_redirect(url, file_of(url), *status, target.as_deref())
        }
        FetchError::BadUrl { detail } => Diagnosis {
            kind: DiagnosisKind::BadUrl,
            title: "Not a URL the browser can fetch".into(),
            explanation: format!("{url}: {detail}."),
            fixes: vec!["Write the server as http://address[:port]/path/ or as an option-242 string.".into()],
            show_cors_headers: false,
        },
        FetchError::Other { detail } => Diagnosis {
            kind: DiagnosisKind::Other,
            title: "The request failed".into(),
            explanation: format!("{url}: {detail}."),
            fixes: vec![],
            show_cors_headers: false,
        },
    }
}

/// Diagnoses an HTTP status other than 200.
pub fn diagnose_status(url: &str, file: &str, status: u16) -> Diagnosis {
    if (300..400).contains(&status) {
        // Where it pointed is in the answer's Location: see diagnose_answer.
        return diagnose_redirect(url, file, Some(status), None);
    }
    let (title, explanation, fixes): (String, String, Vec<String>) = match status {
        404 => (
            format!("{file} is not on the server"),
            format!("{url} answered 404 Not Found."),
            vec![
                format!("Put {file} in the server's folder (HTTPDIR), with exactly this name: many servers are case-sensitive."),
                "Check HTTPDIR / the base URL's path.".into(),
            ],
        ),
        401 | 403 => (
            format!("The server refuses {file}"),
            format!("{url} answered {status}: the file exists but may not be read."),
            vec!["Give the web server's user read access to the file, and remove any authentication for the phones' folder.".into()],
        ),
        s if s >= 500 => (
            "The server failed".into(),
            format!("{url} answered {status}: an error inside the web server."),
            vec!["Look at the web server's error log.".into()],
        ),
        s => (format!("Unexpected answer {s}"), format!("{url} answered {s} instead of 200."), vec![]),
    };
    Diagnosis {
        kind: DiagnosisKind::HttpStatus,
        title,
        explanation,
        fixes,
        show_cors_headers: false,
    }
}

/// `location` resolved against the URL that answered with it.
pub fn resolve_location(base: &str, location: &str) -> String {
    let loc = location.trim();
    if loc.contains("://") {
        return loc.to_owned();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    if let Some(net) = loc.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    if loc.starts_with('/') {
        return format!("{scheme}://{authority}{loc}");
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    format!("{scheme}://{authority}{dir}/{loc}")
}

/// The option-242 values that make the phone ask `target` for `file`
/// directly: "HTTPSRVR=h,HTTPPORT=p,HTTPDIR=d" (HTTPS servers: TLSSRVR/TLSPORT).
pub fn servers_for(target: &str, file: &str) -> Option<String> {
    let (scheme, rest) = target.split_once("://")?;
    let https = scheme.eq_ignore_ascii_case("https");
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (h, Some(p)),
        _ => (authority, None),
    };
    if host.is_empty() {
        return None;
    }
    // The folder the file is in, when the target still ends with the file.
    let dir = match path.rsplit_once('/') {
        Some((d, last)) if last.eq_ignore_ascii_case(file) => d,
        _ => path.trim_end_matches('/'),
    };
    let default = if https { "443" } else { "80" };
    let port = port.filter(|p| *p != default).unwrap_or("");
    Some(crate::servers::build_option242(https, host, port, dir))
}

/// What a redirect means for the phone, and the fix (spec 2.6): `status`
/// where the client tells it, `target` (Location or final URL) where known.
pub fn redirect_message(
    url: &str,
    file: &str,
    status: Option<u16>,
    target: Option<&str>,
) -> (String, String) {
    let status = status
        .map(|s| s.to_string())
        .unwrap_or_else(|| "a redirect".to_owned());
    let target = target.map(|t| resolve_location(url, t));
    let message = match &target {
        Some(t) => format!("{url} answered {status}, redirecting to {t}: a 1600 does not follow redirects, so it did not get {file}"),
        None => format!("{url} answered {status} without saying where to: a 1600 does not follow redirects, so it did not get {file}"),
    };
    let fix = match target.as_deref().and_then(|t| servers_for(t, file).map(|s| (t, s))) {
        Some((t, servers)) => format!("Point HTTPSRVR/HTTPDIR at the final location {t} ({servers}), or serve {file} at {url} itself"),
        None => format!("Point HTTPSRVR/HTTPDIR at the final location of {file}, or serve it at {url} itself"),
    };
    (message, fix)
}

/// The redirect, diagnosed.
fn diagnose_redirect(
    url: &str,
    file: &str,
    status: Option<u16>,
    target: Option<&str>,
) -> Diagnosis {
    let (message, fix) = redirect_message(url, file, status, target);
    Diagnosis {
        kind: DiagnosisKind::Redirect,
        title: match status {
            Some(s) => format!("The server redirects ({s}); the phone does not follow"),
            None => "The server redirects; the phone does not follow".into(),
        },
        explanation: format!(
            "{message}. Avaya phones do not work with HTTP redirection (spec 2.6)."
        ),
        fixes: vec![fix],
        show_cors_headers: false,
    }
}

/// Diagnoses an answer other than a 200: a redirect (3xx) or another status.
pub fn diagnose_answer(url: &str, file: &str, head: &FetchHead) -> Diagnosis {
    if head.redirected() {
        diagnose_redirect(url, file, Some(head.status), head.location.as_deref())
    } else {
        diagnose_status(url, file, head.status)
    }
}

/// The file name at the end of a URL.
fn file_of(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/').next().unwrap_or(path)
}

/// The request that explains why a boot got no upgrade script, diagnosed:
/// what the app's banner shows and the CLI prints. Looks at the latest boot
/// pass; `None` when a server delivered `16xxupgrade.txt` (or the boot is
/// still waiting for it). A failure to connect explains more than another
/// server's 404, and a redirect more than a 404 too.
pub fn boot_failure(events: &[Event]) -> Option<Diagnosis> {
    enum Got<'e> {
        Pending,
        Answer(&'e FetchHead),
        Failed(&'e FetchError),
    }
    let mut pass = 0;
    // (pass, url, file, result) of every upgrade-script request.
    let mut rows: Vec<(u32, &str, &str, Got)> = Vec::new();
    let pending = |rows: &mut Vec<(u32, &'_ str, &'_ str, Got<'_>)>, url: &str| {
        rows.iter()
            .rposition(|r| r.1 == url && matches!(r.3, Got::Pending))
    };
    for e in events {
        match e {
            Event::BootStart { pass: p, .. } => pass = *p,
            Event::Request {
                url,
                file,
                purpose: Purpose::UpgradeScript,
                ..
            } => rows.push((pass, url, file, Got::Pending)),
            Event::Response { url, head, .. } => {
                if let Some(i) = pending(&mut rows, url) {
                    rows[i].3 = Got::Answer(head);
                }
            }
            Event::RequestFailed { url, error, .. } => {
                if let Some(i) = pending(&mut rows, url) {
                    rows[i].3 = Got::Failed(error);
                }
            }
            _ => {}
        }
    }
    let last = rows.iter().map(|r| r.0).max()?;
    let ups: Vec<&(u32, &str, &str, Got)> = rows.iter().filter(|r| r.0 == last).collect();
    let delivered = ups.iter().any(|r| match r.3 {
        Got::Pending => true,
        Got::Answer(h) => h.status == 200,
        Got::Failed(_) => false,
    });
    if delivered {
        return None;
    }
    let r = ups
        .iter()
        .find(|r| matches!(r.3, Got::Failed(_)))
        .or_else(|| {
            ups.iter()
                .find(|r| matches!(r.3, Got::Answer(h) if h.redirected()))
        })
        .or(ups.last())?;
    match r.3 {
        Got::Failed(e) => Some(diagnose_error(r.1, e)),
        Got::Answer(h) => Some(diagnose_answer(r.1, r.2, h)),
        Got::Pending => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_has_words_and_a_fix() {
        let cors = diagnose_error(
            "http://h/16xxupgrade.txt",
            &FetchError::CrossOrigin { detail: "x".into() },
        );
        assert!(cors.show_cors_headers && cors.fixes.iter().any(|f| f.contains("dist/")));
        let down = diagnose_error(
            "http://h/x",
            &FetchError::Unreachable {
                detail: "refused".into(),
            },
        );
        assert_eq!(down.kind, DiagnosisKind::Unreachable);
        assert!(!down.show_cors_headers);
        assert!(diagnose_status("u", "46xxsettings.txt", 404).fixes[0].contains("case-sensitive"));
        assert_eq!(
            diagnose_status("u", "46xxsettings.txt", 301).kind,
            DiagnosisKind::Redirect
        );
        assert!(CORS_FIXES
            .iter()
            .all(|(_, lines)| lines.contains("Access-Control-Allow-Origin")));
    }

    #[test]
    fn spec_2_6_a_redirect_names_its_target_and_the_fix() {
        let head = FetchHead {
            status: 302,
            location: Some("/new/16xxupgrade.txt".into()),
            ..Default::default()
        };
        let d = diagnose_answer(
            "http://10.0.0.9:8080/old/16xxupgrade.txt",
            "16xxupgrade.txt",
            &head,
        );
        assert_eq!(d.kind, DiagnosisKind::Redirect);
        assert!(d.title.contains("302"), "{d:?}");
        assert!(
            d.explanation
                .contains("http://10.0.0.9:8080/new/16xxupgrade.txt"),
            "{d:?}"
        );
        assert!(
            d.fixes[0].contains("HTTPSRVR=10.0.0.9,HTTPPORT=8080,HTTPDIR=new"),
            "{d:?}"
        );
        // The browser only tells the final URL.
        let d = diagnose_error(
            "http://h/16xxupgrade.txt",
            &FetchError::Redirected {
                status: None,
                target: Some("https://files.example/p/16xxupgrade.txt".into()),
                detail: String::new(),
            },
        );
        assert_eq!(d.kind, DiagnosisKind::Redirect);
        assert!(
            d.fixes[0].contains("TLSSRVR=files.example,HTTPDIR=p"),
            "{d:?}"
        );
        assert_eq!(
            resolve_location("http://h/a/b.txt", "c.txt"),
            "http://h/a/c.txt"
        );
        assert_eq!(
            resolve_location("https://h/a/b.txt", "//g/x"),
            "https://g/x"
        );
    }

    #[test]
    fn spec_2_7_a_failed_tls_attempt_is_not_called_dead() {
        let d = diagnose_error(
            "https://h/16xxupgrade.txt",
            &FetchError::Tls {
                detail: "self-signed".into(),
            },
        );
        assert_eq!(d.kind, DiagnosisKind::Tls);
        assert_eq!(
            d.title,
            "Unreachable over https, or its certificate is not trusted"
        );
        let e = FetchError::Tls { detail: "x".into() }.to_string();
        assert!(
            e.starts_with("unreachable over https, or its certificate is not trusted"),
            "{e}"
        );
    }
}
