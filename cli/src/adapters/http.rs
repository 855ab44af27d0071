//! GETs over http and https with ureq (rustls, Mozilla's root certificates
//! from webpki-roots, plus a lab CA from `--ca-file`). Like the phone, it never
//! follows a redirect: a 3xx is handed to the engine with its `Location`.
//! Content-Length, chunked bodies and truncation are the library's; the body
//! is streamed to the sink, which enforces the size bounds. Proxies come from
//! the environment as curl reads them: `http_proxy`/`HTTP_PROXY` for http URLs,
//! `https_proxy`/`HTTPS_PROXY` for https, `ALL_PROXY` for both, and
//! `NO_PROXY` for the hosts that bypass them.

use std::io::{ErrorKind, Read};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use phoneboot_engine::source::{BodySink, FetchError, FetchHead, FetchRequest};
use phoneboot_engine::FileSource;

use crate::error::CliError;
use ureq::tls::{Certificate, RootCerts, TlsConfig};

const CHUNK: usize = 64 * 1024;
const MAX_HEAD: usize = 64 * 1024;

pub struct HttpSource {
    start: Instant,
    tls: TlsConfig,
    /// The lab CA file, for messages.
    ca_file: Option<String>,
}

impl HttpSource {
    /// A source trusting the usual root certificates.
    pub fn new() -> Self {
        HttpSource {
            start: Instant::now(),
            tls: TlsConfig::builder().root_certs(RootCerts::WebPki).build(),
            ca_file: None,
        }
    }

    /// A source that also trusts the certificates in the PEM file `ca_file`.
    /// `Err` names the file and says what is wrong with it.
    pub fn with_ca_file(ca_file: &Path) -> Result<Self, CliError> {
        let pem = std::fs::read(ca_file).map_err(|source| CliError::CaFileUnreadable {
            file: ca_file.to_owned(),
            source,
        })?;
        let mut certs: Vec<Certificate<'static>> = Vec::new();
        for item in ureq::tls::parse_pem(&pem) {
            match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => certs.push(c),
                Ok(_) => {}
                Err(e) => {
                    return Err(CliError::CaFileNotPem {
                        file: ca_file.to_owned(),
                        why: e.to_string(),
                    })
                }
            }
        }
        if certs.is_empty() {
            return Err(CliError::CaFileEmpty(ca_file.to_owned()));
        }
        // The lab CA in addition to the usual roots.
        let mut all: Vec<Certificate<'static>> = webpki_roots();
        all.extend(certs);
        Ok(HttpSource {
            start: Instant::now(),
            tls: TlsConfig::builder()
                .root_certs(RootCerts::Specific(Arc::new(all)))
                .build(),
            ca_file: Some(ca_file.display().to_string()),
        })
    }
}

/// Mozilla's root certificates (the same set ureq trusts by default), as
/// certificates that a lab CA can be added to.
fn webpki_roots() -> Vec<Certificate<'static>> {
    webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|c| Certificate::from_der(c.as_ref()).to_owned())
        .collect()
}

impl Default for HttpSource {
    fn default() -> Self {
        Self::new()
    }
}

impl FileSource for HttpSource {
    async fn get(
        &self,
        req: &FetchRequest,
        sink: &mut dyn BodySink,
    ) -> Result<FetchHead, FetchError> {
        self.fetch(&req.url, req.timeout_ms, sink)
    }

    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }
}

/// The parts of an http(s) URL a request needs.
#[derive(Debug, PartialEq, Eq)]
pub struct HttpUrl {
    pub https: bool,
    pub host: String,
    pub port: u16,
    /// host[:port] as written.
    pub authority: String,
    /// Path and query, percent-encoded where needed; starts with `/`.
    pub target: String,
}

impl HttpUrl {
    /// The URL as sent: scheme, authority and the encoded target.
    pub fn to_uri(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}{}", self.authority, self.target)
    }
}

pub fn parse_url(url: &str) -> Result<HttpUrl, FetchError> {
    let bad = |d: String| Err(FetchError::BadUrl { detail: d });
    let Some((scheme, rest)) = url.split_once("://") else {
        return bad(format!("{url} has no scheme; expected http://HOST/PATH"));
    };
    let https = match scheme.to_ascii_lowercase().as_str() {
        "http" => false,
        "https" => true,
        other => {
            return bad(format!(
                "{other}:// is not supported; only http:// and https:// URLs can be fetched"
            ))
        }
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    if authority.contains('@') {
        return bad(format!("{url}: user names in URLs are not supported"));
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let Some((h, after)) = v6.split_once(']') else {
            return bad(format!("{url}: unclosed '[' in the host"));
        };
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return bad(format!("{url}: unexpected \"{after}\" after the host")),
        };
        (h.to_owned(), port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (authority.to_owned(), None),
        }
    };
    if host.is_empty() {
        return bad(format!("{url} names no host"));
    }
    if host
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}%/".contains(c))
    {
        return bad(format!("{url}: \"{host}\" is not a host name"));
    }
    let port = match port {
        None | Some("") => {
            if https {
                443
            } else {
                80
            }
        }
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => n,
            _ => return bad(format!("{url}: \"{p}\" is not a port number (1-65535)")),
        },
    };
    let path = path.split('#').next().unwrap_or("");
    let mut target = String::with_capacity(path.len() + 1);
    if !path.starts_with('/') {
        target.push('/');
    }
    for b in path.bytes() {
        if b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b) {
            target.push(b as char);
        } else {
            target.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(HttpUrl {
        https,
        host,
        port,
        authority: authority.to_owned(),
        target,
    })
}

/// The proxy for a URL, from the environment as curl reads it; `None` for a
/// direct connection.
fn proxy_for(u: &HttpUrl) -> Option<String> {
    let var = |names: &[&str]| {
        names
            .iter()
            .filter_map(|n| std::env::var(n).ok())
            .find(|v| !v.trim().is_empty())
    };
    let proxy = if u.https {
        var(&["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"])
    } else {
        var(&["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"])
    }?;
    let no_proxy = var(&["no_proxy", "NO_PROXY"]).unwrap_or_default();
    if bypasses(&no_proxy, &u.host) {
        return None;
    }
    Some(proxy.trim().to_owned())
}

/// Whether `host` matches a `NO_PROXY` list: `*`, a host name and its
/// sub-domains (`example.com`, `.example.com`, `*.example.com`), or an address.
pub fn bypasses(no_proxy: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    no_proxy
        .split([',', ' '])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .any(|entry| {
            if entry == "*" {
                return true;
            }
            // An entry may carry a port (host:port) or brackets ([::1]).
            let e = entry.trim_start_matches("*.").trim_start_matches('.');
            let e = match e.strip_prefix('[') {
                Some(v6) => v6.split(']').next().unwrap_or(""),
                None if e.matches(':').count() == 1 => e.split(':').next().unwrap_or(""),
                None => e,
            };
            let e = e.trim_end_matches('.').to_ascii_lowercase();
            !e.is_empty() && (host == e || host.ends_with(&format!(".{e}")))
        })
}

impl HttpSource {
    /// GETs `url` and streams the body into `sink`.
    pub fn fetch(
        &self,
        url: &str,
        timeout_ms: u32,
        sink: &mut dyn BodySink,
    ) -> Result<FetchHead, FetchError> {
        let u = parse_url(url)?;
        let proxy = proxy_for(&u);
        let timeout = Duration::from_millis(u64::from(timeout_ms.max(1)));
        let timed_out = || FetchError::Timeout {
            after_ms: timeout_ms,
        };
        let via = proxy
            .as_deref()
            .map(|p| format!(" via the proxy {p}"))
            .unwrap_or_default();
        let proxy = match proxy.as_deref().map(ureq::Proxy::new).transpose() {
            Ok(p) => p,
            Err(e) => {
                return Err(FetchError::Other {
                    detail: format!(
                        "the proxy{via} from the environment (HTTP_PROXY / HTTPS_PROXY) is not a valid proxy URL ({e})"
                    ),
                })
            }
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(proxy)
            .tls_config(self.tls.clone())
            .timeout_global(Some(timeout))
            .max_response_header_size(MAX_HEAD)
            .user_agent(format!(
                "phoneboot/{} (Avaya 1600 boot emulator)",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .into();
        let resp = match agent.get(&u.to_uri()).call() {
            Ok(r) => r,
            Err(e) => return Err(self.classify(&u, &via, e, timeout_ms)),
        };
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let status = resp.status().as_u16();
        let chunked =
            header("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
        let head = FetchHead {
            status,
            content_length: if chunked {
                None
            } else {
                header("content-length").and_then(|v| v.trim().parse().ok())
            },
            etag: header("etag"),
            content_type: header("content-type"),
            location: header("location").filter(|_| (300..400).contains(&status)),
        };
        if sink.head(&head).is_break() {
            return Ok(head);
        }
        let mut body = resp.into_body();
        let mut reader = body.with_config().limit(u64::MAX).reader();
        let mut buf = vec![0u8; CHUNK];
        let mut received = 0u64;
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return Ok(head),
                Ok(n) => {
                    received += n as u64;
                    if sink.chunk(&buf[..n]).is_break() {
                        return Ok(head);
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) if is_timeout(&e) => return Err(timed_out()),
                Err(e) => {
                    let detail = match head.content_length {
                        Some(n) if received < n => format!(
                            "the server closed the connection after {received} of the {n} bytes of Content-Length ({e})"
                        ),
                        _ => format!("the connection failed ({e})"),
                    };
                    return Err(FetchError::Interrupted { received, detail });
                }
            }
        }
    }

    /// Why a request got no answer, in words a support engineer can act on.
    fn classify(&self, u: &HttpUrl, via: &str, e: ureq::Error, timeout_ms: u32) -> FetchError {
        let at = format!("{}:{}", u.host, u.port);
        let other = |d: String| FetchError::Other { detail: d };
        match e {
            ureq::Error::Timeout(_) => FetchError::Timeout {
                after_ms: timeout_ms,
            },
            ureq::Error::HostNotFound => FetchError::Unreachable {
                detail: format!("cannot resolve the host name {}{via}", u.host),
            },
            ureq::Error::ConnectionFailed => FetchError::Unreachable {
                detail: format!("cannot connect to {at}{via}"),
            },
            ureq::Error::ConnectProxyFailed(m) => FetchError::Unreachable {
                detail: format!("the proxy{via} did not open a tunnel to {at} ({m})"),
            },
            ureq::Error::Rustls(r) => self.tls_error(u, via, &r.to_string(), timeout_ms),
            ureq::Error::Tls(m) => self.tls_error(u, via, m, timeout_ms),
            ureq::Error::Io(io) => {
                if let Some(r) = io
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                {
                    return self.tls_error(u, via, &r.to_string(), timeout_ms);
                }
                match io.kind() {
                    ErrorKind::ConnectionRefused => FetchError::Unreachable {
                        detail: if via.is_empty() {
                            format!(
                                "connection refused by {at}: is the {} server running and listening on port {}?",
                                if u.https { "HTTPS" } else { "HTTP" },
                                u.port
                            )
                        } else {
                            format!("connection refused{via}: is the proxy running?")
                        },
                    },
                    _ if is_timeout(&io) => FetchError::Timeout {
                        after_ms: timeout_ms,
                    },
                    ErrorKind::UnexpectedEof
                    | ErrorKind::ConnectionReset
                    | ErrorKind::ConnectionAborted
                    | ErrorKind::BrokenPipe => other(format!(
                        "the server at {at} closed the connection without an HTTP answer ({io})"
                    )),
                    ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable => {
                        FetchError::Unreachable {
                            detail: format!("no route to {at}{via} ({io})"),
                        }
                    }
                    _ if u.https && !via.is_empty() => FetchError::Unreachable {
                        detail: format!("cannot reach {at}{via} ({io})"),
                    },
                    _ => FetchError::Unreachable {
                        detail: format!("cannot connect to {at}{via} ({io})"),
                    },
                }
            }
            ureq::Error::Protocol(p) => other(format!(
                "not an HTTP response from {at} ({p})"
            )),
            ureq::Error::LargeResponseHeader(n, max) => other(format!(
                "the response headers from {at} are larger than {} KiB ({n} bytes, at most {max})",
                max / 1024
            )),
            ureq::Error::BadUri(m) => FetchError::BadUrl { detail: m },
            ureq::Error::Http(h) => FetchError::BadUrl {
                detail: h.to_string(),
            },
            ureq::Error::InvalidProxyUrl => other(format!(
                "the proxy{via} from the environment (HTTP_PROXY / HTTPS_PROXY) is not a valid proxy URL"
            )),
            e => other(format!("{}: {e}", u.to_uri())),
        }
    }

    /// A TLS handshake that failed: says which certificate and what to do.
    fn tls_error(&self, u: &HttpUrl, via: &str, detail: &str, timeout_ms: u32) -> FetchError {
        let at = format!("{}:{}", u.host, u.port);
        let trusted = match &self.ca_file {
            Some(f) => format!("the usual root certificates and the lab CA in {f}"),
            None => "the usual root certificates (add a lab CA with --ca-file PEM)".to_owned(),
        };
        let cert = detail.contains("certificate") || detail.contains("Certificate");
        let detail = if cert {
            let why = if detail.contains("UnknownIssuer") {
                "self-signed or issued by a CA that is not trusted"
            } else if detail.contains("CaUsedAsEndEntity") {
                "self-signed (a CA certificate used as the server's own)"
            } else if detail.contains("NotValidForName") {
                "issued for another name than the one in the URL"
            } else if detail.contains("Expired") {
                "expired"
            } else if detail.contains("NotValidYet") {
                "not valid yet"
            } else {
                "rejected"
            };
            // Which certificate: asked again directly (not through a proxy).
            let named = if via.is_empty() {
                let t = Duration::from_millis(u64::from(timeout_ms.clamp(1, 5000)));
                crate::peer_cert::describe(&u.host, u.port, t)
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default()
            } else {
                String::new()
            };
            format!(
                "the TLS certificate of {at}{named} is {why}: {detail}; trusted here: {trusted}"
            )
        } else {
            format!("the TLS handshake with {at} failed: {detail}")
        };
        FetchError::Tls { detail }
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock)
}

#[cfg(test)]
mod tests {
    use super::*;
    use phoneboot_engine::testing::Recorder;
    use std::io::Write;
    use std::net::TcpListener;

    /// A server on 127.0.0.1 that answers one request with `raw`, a few bytes
    /// at a time, then closes.
    fn answer(raw: &'static [u8]) -> (Result<FetchHead, FetchError>, Vec<u8>) {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let t = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            let mut req = [0u8; 4096];
            let _ = s.read(&mut req);
            for piece in raw.chunks(3) {
                if s.write_all(piece).is_err() {
                    break;
                }
                let _ = s.flush();
            }
        });
        let mut sink = Recorder::default();
        let r = HttpSource::new().fetch(&format!("http://127.0.0.1:{port}/x"), 5000, &mut sink);
        t.join().unwrap();
        (r, sink.body)
    }

    #[test]
    fn content_length_body() {
        let (r, body) = answer(
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: \"abc\"\r\nContent-Type: text/plain\r\n\r\nhelloEXTRA",
        );
        let h = r.unwrap();
        assert_eq!(h.status, 200);
        assert_eq!(h.content_length, Some(5));
        assert_eq!(h.etag.as_deref(), Some("\"abc\""));
        assert_eq!(h.content_type.as_deref(), Some("text/plain"));
        assert_eq!(body, b"hello");
    }

    #[test]
    fn short_body_is_interrupted() {
        let (r, body) = answer(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
        assert_eq!(body, b"hello");
        match r {
            Err(FetchError::Interrupted { received, .. }) => assert_eq!(received, 5),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn chunked_body_is_decoded() {
        let (r, body) = answer(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nB\r\n, world!!!!\r\n0\r\nX-Trailer: y\r\n\r\n",
        );
        let h = r.unwrap();
        assert_eq!(h.content_length, None);
        assert_eq!(body, b"hello, world!!!!");
        let (r, _) = answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
        assert!(
            matches!(r, Err(FetchError::Interrupted { received: 3, .. })),
            "{r:?}"
        );
        let (r, _) = answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        assert!(matches!(r, Err(FetchError::Interrupted { .. })), "{r:?}");
    }

    #[test]
    fn body_until_close_and_continue_and_garbage() {
        let (r, body) =
            answer(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 404 Not Found\r\n\r\nnot here");
        assert_eq!(r.unwrap().status, 404);
        assert_eq!(body, b"not here");
        let (r, _) = answer(b"SSH-2.0-OpenSSH\r\n\r\n");
        assert!(matches!(r, Err(FetchError::Other { .. })), "{r:?}");
        let (r, _) = answer(b"");
        assert!(matches!(r, Err(FetchError::Other { .. })), "{r:?}");
    }

    #[test]
    fn spec_2_6_a_redirect_is_not_followed() {
        let (r, body) = answer(
            b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/new/x\r\nContent-Length: 3\r\n\r\nabc",
        );
        let h = r.unwrap();
        assert_eq!(h.status, 302);
        assert_eq!(h.location.as_deref(), Some("http://127.0.0.1:1/new/x"));
        assert_eq!(body, b"abc");
    }

    #[test]
    fn urls() {
        let u = parse_url("http://10.0.0.9:8080/phones/16xxupgrade.txt").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("10.0.0.9", 8080));
        assert_eq!(u.target, "/phones/16xxupgrade.txt");
        assert_eq!(u.authority, "10.0.0.9:8080");
        let u = parse_url("http://[::1]/a b").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("::1", 80));
        assert_eq!(u.target, "/a%20b");
        let u = parse_url("HTTP://h").unwrap();
        assert_eq!(u.target, "/");
        let u = parse_url("https://h/x").unwrap();
        assert_eq!((u.https, u.port), (true, 443));
        assert!(matches!(
            parse_url("ftp://h/x"),
            Err(FetchError::BadUrl { .. })
        ));
        assert!(matches!(
            parse_url("http://h:99999/"),
            Err(FetchError::BadUrl { .. })
        ));
        assert!(matches!(
            parse_url("http:///x"),
            Err(FetchError::BadUrl { .. })
        ));
    }

    #[test]
    fn no_proxy_lists() {
        assert!(bypasses("localhost,127.0.0.1", "127.0.0.1"));
        assert!(bypasses(".example.com", "a.example.com"));
        assert!(bypasses("example.com", "example.com"));
        assert!(bypasses("*.example.com", "b.example.com"));
        assert!(bypasses("*", "10.0.0.9"));
        assert!(bypasses("10.0.0.9:80", "10.0.0.9"));
        assert!(bypasses("[::1]", "::1"));
        assert!(!bypasses("example.com", "badexample.com"));
        assert!(!bypasses("", "h"));
    }

    #[test]
    fn refused_connection_is_unreachable() {
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let mut sink = Recorder::default();
        let r = HttpSource::new().fetch(&format!("http://127.0.0.1:{port}/x"), 2000, &mut sink);
        assert!(matches!(r, Err(FetchError::Unreachable { .. })), "{r:?}");
    }

    #[test]
    fn silent_server_times_out() {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let t = std::thread::spawn(move || {
            let (s, _) = l.accept().unwrap();
            std::thread::sleep(Duration::from_millis(800));
            drop(s);
        });
        let mut sink = Recorder::default();
        let r = HttpSource::new().fetch(&format!("http://127.0.0.1:{port}/x"), 300, &mut sink);
        assert!(
            matches!(r, Err(FetchError::Timeout { after_ms: 300 })),
            "{r:?}"
        );
        t.join().unwrap();
    }

    #[test]
    fn a_ca_file_that_is_not_pem_names_the_file() {
        let dir = std::env::temp_dir().join(format!("phoneboot-ca-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("ca.pem");
        std::fs::write(&f, "not a certificate\n").unwrap();
        let e = HttpSource::with_ca_file(&f).err().unwrap().to_string();
        assert!(e.contains("--ca-file") && e.contains("ca.pem"), "{e}");
        let e = HttpSource::with_ca_file(&dir.join("missing.pem"))
            .err()
            .unwrap();
        assert!(matches!(e, CliError::CaFileUnreadable { .. }), "{e}");
        assert!(e.to_string().contains("missing.pem"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
