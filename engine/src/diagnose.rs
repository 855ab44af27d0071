//! Plain-words diagnosis of a request that failed, with the fix: what a
//! support engineer reads when phoneboot could not get a file.

use serde::Serialize;

use crate::source::FetchError;

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

/// What went wrong, in words, and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// A stable name: unreachable, cross-origin, mixed-content, timeout, http-status, interrupted, bad-url, other.
    pub kind: &'static str,
    pub title: String,
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
            kind: "unreachable",
            title: "Server unreachable".into(),
            explanation: format!("Nothing answered at {url} ({detail}): the server is down, the address or port is wrong, or a firewall blocks this computer."),
            fixes: vec![
                "Check the address and port (HTTPSRVR / HTTPPORT, or the base URL).".into(),
                "Open the URL in a new tab: if it does not load there either, the server is not reachable from here.".into(),
            ],
            show_cors_headers: false,
        },
        FetchError::CrossOrigin { .. } => Diagnosis {
            kind: "cross-origin",
            title: "The server does not allow cross-origin reads".into(),
            explanation: format!("The server at {url} answered, but without an Access-Control-Allow-Origin header, so the browser does not let this page read the file. Phones do not need that header; browsers do."),
            fixes: vec!["Add the header lines below to the file server's configuration.".into(), HOST_DIST.into()],
            show_cors_headers: true,
        },
        FetchError::MixedContent => Diagnosis {
            kind: "mixed-content",
            title: "An https page cannot fetch an http URL".into(),
            explanation: format!("This page was loaded over https, and browsers block its requests to plain http such as {url} (mixed content). Nothing was sent."),
            fixes: vec!["Open phoneboot over http (the file server is http anyway).".into(), HOST_DIST.into()],
            show_cors_headers: false,
        },
        FetchError::Timeout { after_ms } => Diagnosis {
            kind: "timeout",
            title: "No complete answer in time".into(),
            explanation: format!("{url} did not answer completely within {} s.", after_ms / 1000),
            fixes: vec![
                "Check the server's load and the network path; a very slow server also delays real phones.".into(),
                "Raise the request timeout in the settings panel if the server is known to be slow.".into(),
            ],
            show_cors_headers: false,
        },
        FetchError::Interrupted { received, detail } => Diagnosis {
            kind: "interrupted",
            title: "The download was cut off".into(),
            explanation: format!("The connection to {url} ended after {received} bytes ({detail})."),
            fixes: vec!["Check the server's logs for the aborted transfer, and proxies in between.".into()],
            show_cors_headers: false,
        },
        FetchError::Tls { detail } => Diagnosis {
            kind: "tls",
            title: "Unreachable over https, or its certificate is not trusted".into(),
            explanation: format!("The https request to {url} failed ({detail}). Either nothing answers https there, or the server's certificate is not one this client trusts. A real 1600 trusts only Avaya's root CA: it would refuse such a server too and go on to the next one (spec 2.7)."),
            fixes: vec![
                "Open the URL in a browser: a certificate warning there means the certificate is self-signed, expired, for another name, or from a CA that is not trusted.".into(),
                "For a lab CA, give its certificate to the command line with --ca-file PEM; for the phones, use a certificate they trust, or serve the files over http (HTTPSRVR).".into(),
                "If nothing answers https, check TLSSRVR / TLSPORT (default 443; some Avaya servers use 411).".into(),
            ],
            show_cors_headers: false,
        },
        FetchError::BadUrl { detail } => Diagnosis {
            kind: "bad-url",
            title: "Not a URL the browser can fetch".into(),
            explanation: format!("{url}: {detail}."),
            fixes: vec!["Write the server as http://address[:port]/path/ or as an option-242 string.".into()],
            show_cors_headers: false,
        },
        FetchError::Other { detail } => Diagnosis {
            kind: "other",
            title: "The request failed".into(),
            explanation: format!("{url}: {detail}."),
            fixes: vec![],
            show_cors_headers: false,
        },
    }
}

/// Diagnoses an HTTP status other than 200.
pub fn diagnose_status(url: &str, file: &str, status: u16) -> Diagnosis {
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
        kind: "http-status",
        title,
        explanation,
        fixes,
        show_cors_headers: false,
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
        assert_eq!(down.kind, "unreachable");
        assert!(!down.show_cors_headers);
        assert!(diagnose_status("u", "46xxsettings.txt", 404).fixes[0].contains("case-sensitive"));
        assert!(CORS_FIXES
            .iter()
            .all(|(_, lines)| lines.contains("Access-Control-Allow-Origin")));
    }
}
