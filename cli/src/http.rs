//! A small blocking HTTP/1.1 GET client over `std::net::TcpStream`: plain
//! http only, one request per connection (`Connection: close`), Content-Length
//! or chunked bodies streamed to the sink. The whole request must finish within
//! the request's timeout.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use phoneboot_engine::source::{BodySink, FetchError, FetchHead, FetchRequest};
use phoneboot_engine::FileSource;

const CHUNK: usize = 64 * 1024;
const MAX_HEAD: usize = 64 * 1024;
const MAX_LINE: usize = 8 * 1024;

pub struct HttpSource {
    start: Instant,
}

impl HttpSource {
    pub fn new() -> Self {
        HttpSource {
            start: Instant::now(),
        }
    }
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
        get(&req.url, req.timeout_ms, sink)
    }

    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }
}

/// The parts of an http:// URL a request needs.
#[derive(Debug, PartialEq, Eq)]
pub struct HttpUrl {
    pub host: String,
    pub port: u16,
    /// The value of the Host header.
    pub authority: String,
    /// Path and query, percent-encoded where needed; starts with `/`.
    pub target: String,
}

pub fn parse_url(url: &str) -> Result<HttpUrl, FetchError> {
    let bad = |d: String| Err(FetchError::BadUrl { detail: d });
    let Some((scheme, rest)) = url.split_once("://") else {
        return bad(format!("{url} has no scheme; expected http://HOST/PATH"));
    };
    match scheme.to_ascii_lowercase().as_str() {
        "http" => {}
        "https" => {
            return Err(FetchError::Other {
                detail: format!(
                    "https is not supported by the CLI; {url} needs TLS. Give the server's http address (HTTPSRVR in option 242), or copy the files to a folder and use --dir"
                ),
            })
        }
        other => return bad(format!("{other}:// is not supported; only http:// URLs can be fetched")),
    }
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
    let port = match port {
        None | Some("") => 80,
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
        host,
        port,
        authority: authority.to_owned(),
        target,
    })
}

/// Why a read stopped.
enum ReadErr {
    Timeout,
    Io(std::io::Error),
}

/// A connection with a read buffer and a deadline for the whole request.
struct Conn<S> {
    stream: S,
    buf: Vec<u8>,
    pos: usize,
    deadline: Instant,
    set_timeout: fn(&S, Option<Duration>) -> std::io::Result<()>,
}

impl<S: Read> Conn<S> {
    fn available(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    fn consume(&mut self, n: usize) {
        self.pos += n;
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        }
    }

    /// Reads more bytes; `Ok(false)` at end of stream.
    fn fill(&mut self) -> Result<bool, ReadErr> {
        if self.pos > 0 && self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        } else if self.pos > CHUNK {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let mut tmp = [0u8; CHUNK];
        loop {
            let left = self.deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(ReadErr::Timeout);
            }
            (self.set_timeout)(&self.stream, Some(left)).map_err(ReadErr::Io)?;
            match self.stream.read(&mut tmp) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    self.buf.extend_from_slice(&tmp[..n]);
                    return Ok(true);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(ReadErr::Timeout)
                }
                Err(e) => return Err(ReadErr::Io(e)),
            }
        }
    }

    /// One line without its CR LF; `Ok(None)` at end of stream.
    fn line(&mut self, max: usize) -> Result<Option<String>, LineErr> {
        loop {
            if let Some(i) = self.available().iter().position(|&b| b == b'\n') {
                let raw = &self.available()[..i];
                let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
                let s = String::from_utf8_lossy(raw).into_owned();
                self.consume(i + 1);
                return Ok(Some(s));
            }
            if self.available().len() > max {
                return Err(LineErr::TooLong);
            }
            if !self.fill().map_err(LineErr::Read)? {
                if self.available().is_empty() {
                    return Ok(None);
                }
                return Err(LineErr::Eof);
            }
        }
    }
}

enum LineErr {
    Read(ReadErr),
    TooLong,
    /// The stream ended in the middle of a line.
    Eof,
}

/// GETs `url` and streams the body into `sink`.
pub fn get(url: &str, timeout_ms: u32, sink: &mut dyn BodySink) -> Result<FetchHead, FetchError> {
    let u = parse_url(url)?;
    let timeout = Duration::from_millis(u64::from(timeout_ms.max(1)));
    let deadline = Instant::now() + timeout;
    let stream = connect(&u, deadline, timeout_ms)?;
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: phoneboot/{} (Avaya 1600 boot emulator)\r\nAccept: */*\r\nConnection: close\r\n\r\n",
        u.target,
        u.authority,
        env!("CARGO_PKG_VERSION")
    );
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(FetchError::Timeout {
            after_ms: timeout_ms,
        });
    }
    let _ = stream.set_write_timeout(Some(left));
    let mut stream = stream;
    if let Err(e) = stream
        .write_all(request.as_bytes())
        .and_then(|_| stream.flush())
    {
        return Err(match e.kind() {
            ErrorKind::WouldBlock | ErrorKind::TimedOut => FetchError::Timeout {
                after_ms: timeout_ms,
            },
            _ => FetchError::Unreachable {
                detail: format!(
                    "{}:{} closed the connection before the request was sent ({e})",
                    u.host, u.port
                ),
            },
        });
    }
    let conn = Conn {
        stream,
        buf: Vec::new(),
        pos: 0,
        deadline,
        set_timeout: |s: &TcpStream, d| s.set_read_timeout(d),
    };
    read_response(conn, timeout_ms, sink)
}

fn connect(u: &HttpUrl, deadline: Instant, timeout_ms: u32) -> Result<TcpStream, FetchError> {
    let addrs: Vec<SocketAddr> = match (u.host.as_str(), u.port).to_socket_addrs() {
        Ok(a) => a.collect(),
        Err(e) => {
            return Err(FetchError::Unreachable {
                detail: format!("cannot resolve the host name {} ({e})", u.host),
            })
        }
    };
    if addrs.is_empty() {
        return Err(FetchError::Unreachable {
            detail: format!("the host name {} has no address", u.host),
        });
    }
    let mut last = None;
    for addr in addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match TcpStream::connect_timeout(&addr, left) {
            Ok(s) => return Ok(s),
            Err(e) => last = Some((addr, e)),
        }
    }
    Err(match last {
        None => FetchError::Timeout {
            after_ms: timeout_ms,
        },
        Some((_, e)) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
            FetchError::Timeout {
                after_ms: timeout_ms,
            }
        }
        Some((addr, e)) if e.kind() == ErrorKind::ConnectionRefused => FetchError::Unreachable {
            detail: format!(
                "connection refused by {addr}: is the HTTP server running and listening on port {}?",
                u.port
            ),
        },
        Some((addr, e)) => FetchError::Unreachable {
            detail: format!("cannot connect to {addr} ({e})"),
        },
    })
}

/// Framing of the body.
enum Framing {
    None,
    Length(u64),
    Chunked,
    UntilClose,
}

fn read_response<S: Read>(
    mut c: Conn<S>,
    timeout_ms: u32,
    sink: &mut dyn BodySink,
) -> Result<FetchHead, FetchError> {
    let timeout = || FetchError::Timeout {
        after_ms: timeout_ms,
    };
    let other = |d: String| FetchError::Other { detail: d };
    // Status line and headers; 1xx answers are skipped.
    let (head, framing) = loop {
        let mut lines = Vec::new();
        let mut total = 0usize;
        loop {
            match c.line(MAX_LINE) {
                Ok(Some(l)) if l.is_empty() && lines.is_empty() => continue,
                Ok(Some(l)) if l.is_empty() => break,
                Ok(Some(l)) => {
                    total += l.len();
                    if total > MAX_HEAD {
                        return Err(other("the response headers are larger than 64 KiB".into()));
                    }
                    lines.push(l);
                }
                Ok(None) | Err(LineErr::Eof) if lines.is_empty() => {
                    return Err(other(
                        "the server closed the connection without an HTTP answer".into(),
                    ))
                }
                Ok(None) | Err(LineErr::Eof) => {
                    return Err(other(
                        "the server closed the connection in the middle of the response headers"
                            .into(),
                    ))
                }
                Err(LineErr::TooLong) => {
                    return Err(other("a response header line is longer than 8 KiB".into()))
                }
                Err(LineErr::Read(ReadErr::Timeout)) => return Err(timeout()),
                Err(LineErr::Read(ReadErr::Io(e))) => {
                    return Err(other(format!(
                        "the connection failed before the response headers arrived ({e})"
                    )))
                }
            }
        }
        let status = parse_status(&lines[0])?;
        if (100..200).contains(&status) && status != 101 {
            continue;
        }
        if status == 101 {
            return Err(other(
                "the server switched protocols (101); not HTTP".into(),
            ));
        }
        let mut head = FetchHead {
            status,
            ..Default::default()
        };
        let mut chunked = false;
        for l in &lines[1..] {
            let Some((name, value)) = l.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => {
                    let n: u64 = value.parse().map_err(|_| {
                        other(format!("the server sent a bad Content-Length: \"{value}\""))
                    })?;
                    if head.content_length.is_some_and(|m| m != n) {
                        return Err(other(
                            "the server sent two different Content-Lengths".into(),
                        ));
                    }
                    head.content_length = Some(n);
                }
                "transfer-encoding" => {
                    chunked = value
                        .rsplit(',')
                        .next()
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case("chunked"));
                }
                "etag" => head.etag = Some(value.to_owned()),
                "content-type" => head.content_type = Some(value.to_owned()),
                _ => {}
            }
        }
        let framing = if status == 204 || status == 304 {
            Framing::None
        } else if chunked {
            // The length of a chunked body is not known in advance.
            head.content_length = None;
            Framing::Chunked
        } else if let Some(n) = head.content_length {
            Framing::Length(n)
        } else {
            Framing::UntilClose
        };
        break (head, framing);
    };

    if sink.head(&head).is_break() {
        return Ok(head);
    }
    let mut received = 0u64;
    let cut = |received: u64, e: ReadErr| match e {
        ReadErr::Timeout => timeout(),
        ReadErr::Io(e) => FetchError::Interrupted {
            received,
            detail: format!("the connection failed ({e})"),
        },
    };
    match framing {
        Framing::None => {}
        Framing::Length(n) => {
            while received < n {
                if c.available().is_empty() {
                    match c.fill() {
                        Ok(true) => {}
                        Ok(false) => {
                            return Err(FetchError::Interrupted {
                                received,
                                detail: format!(
                                    "the server closed the connection after {received} of the {n} bytes of Content-Length"
                                ),
                            })
                        }
                        Err(e) => return Err(cut(received, e)),
                    }
                }
                let take = (c.available().len() as u64).min(n - received) as usize;
                let take = take.min(CHUNK);
                let flow = sink.chunk(&c.available()[..take]);
                c.consume(take);
                received += take as u64;
                if flow.is_break() {
                    return Ok(head);
                }
            }
        }
        Framing::UntilClose => loop {
            if c.available().is_empty() {
                match c.fill() {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => return Err(cut(received, e)),
                }
            }
            let take = c.available().len().min(CHUNK);
            let flow = sink.chunk(&c.available()[..take]);
            c.consume(take);
            received += take as u64;
            if flow.is_break() {
                return Ok(head);
            }
        },
        Framing::Chunked => {
            if let ControlFlow::Break(()) = read_chunked(&mut c, sink, &mut received, timeout_ms)? {
                return Ok(head);
            }
        }
    }
    Ok(head)
}

fn read_chunked<S: Read>(
    c: &mut Conn<S>,
    sink: &mut dyn BodySink,
    received: &mut u64,
    timeout_ms: u32,
) -> Result<ControlFlow<()>, FetchError> {
    let broken = |received: u64, what: String| FetchError::Interrupted {
        received,
        detail: format!("chunked body: {what}"),
    };
    let line_err = |received: u64, e: LineErr| match e {
        LineErr::Read(ReadErr::Timeout) => FetchError::Timeout {
            after_ms: timeout_ms,
        },
        LineErr::Read(ReadErr::Io(e)) => FetchError::Interrupted {
            received,
            detail: format!("the connection failed ({e})"),
        },
        LineErr::TooLong => broken(received, "a chunk-size line is too long".into()),
        LineErr::Eof => broken(received, "the connection closed mid-line".into()),
    };
    loop {
        let line = match c.line(MAX_LINE) {
            Ok(Some(l)) => l,
            Ok(None) => {
                return Err(broken(
                    *received,
                    "the connection closed before the last (zero-size) chunk".into(),
                ))
            }
            Err(e) => return Err(line_err(*received, e)),
        };
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = u64::from_str_radix(size_text, 16)
            .map_err(|_| broken(*received, format!("\"{size_text}\" is not a chunk size")))?;
        if size == 0 {
            // Trailers, up to the empty line; a missing end is harmless.
            loop {
                match c.line(MAX_LINE) {
                    Ok(Some(l)) if !l.is_empty() => continue,
                    _ => return Ok(ControlFlow::Continue(())),
                }
            }
        }
        let mut left = size;
        while left > 0 {
            if c.available().is_empty() {
                match c.fill() {
                    Ok(true) => {}
                    Ok(false) => {
                        return Err(FetchError::Interrupted {
                            received: *received,
                            detail: format!(
                                "the server closed the connection in a chunk, {left} bytes short"
                            ),
                        })
                    }
                    Err(ReadErr::Timeout) => {
                        return Err(FetchError::Timeout {
                            after_ms: timeout_ms,
                        })
                    }
                    Err(ReadErr::Io(e)) => {
                        return Err(FetchError::Interrupted {
                            received: *received,
                            detail: format!("the connection failed ({e})"),
                        })
                    }
                }
            }
            let take = (c.available().len() as u64).min(left).min(CHUNK as u64) as usize;
            let flow = sink.chunk(&c.available()[..take]);
            c.consume(take);
            *received += take as u64;
            left -= take as u64;
            if flow.is_break() {
                return Ok(ControlFlow::Break(()));
            }
        }
        match c.line(MAX_LINE) {
            Ok(Some(l)) if l.is_empty() => {}
            Ok(Some(_)) => return Err(broken(*received, "a chunk is longer than its size".into())),
            Ok(None) => {
                return Err(broken(
                    *received,
                    "the connection closed before the last (zero-size) chunk".into(),
                ))
            }
            Err(e) => return Err(line_err(*received, e)),
        }
    }
}

fn parse_status(line: &str) -> Result<u16, FetchError> {
    let mut parts = line.split_whitespace();
    let version = parts.next().unwrap_or("");
    let code = parts.next().unwrap_or("");
    if !version.starts_with("HTTP/") || code.len() != 3 {
        let shown: String = line.chars().take(60).collect();
        return Err(FetchError::Other {
            detail: format!("not an HTTP response (first line \"{shown}\")"),
        });
    }
    code.parse().map_err(|_| FetchError::Other {
        detail: format!("bad HTTP status code \"{code}\""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Collect {
        head: Option<FetchHead>,
        body: Vec<u8>,
    }

    impl BodySink for Collect {
        fn head(&mut self, head: &FetchHead) -> ControlFlow<()> {
            self.head = Some(head.clone());
            ControlFlow::Continue(())
        }
        fn chunk(&mut self, bytes: &[u8]) -> ControlFlow<()> {
            self.body.extend_from_slice(bytes);
            ControlFlow::Continue(())
        }
    }

    /// A reader that hands out its bytes a few at a time.
    struct Trickle(Vec<u8>, usize);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(3).min(self.0.len() - self.1);
            buf[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 += n;
            Ok(n)
        }
    }

    fn answer(raw: &[u8]) -> (Result<FetchHead, FetchError>, Vec<u8>) {
        let conn = Conn {
            stream: Trickle(raw.to_vec(), 0),
            buf: Vec::new(),
            pos: 0,
            deadline: Instant::now() + Duration::from_secs(5),
            set_timeout: |_, _| Ok(()),
        };
        let mut sink = Collect {
            head: None,
            body: Vec::new(),
        };
        let r = read_response(conn, 5000, &mut sink);
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
        assert!(matches!(
            parse_url("https://h/x"),
            Err(FetchError::Other { detail }) if detail.contains("https is not supported by the CLI")
        ));
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
    fn refused_connection_is_unreachable() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let mut sink = Collect {
            head: None,
            body: Vec::new(),
        };
        let r = get(&format!("http://127.0.0.1:{port}/x"), 2000, &mut sink);
        assert!(matches!(r, Err(FetchError::Unreachable { .. })), "{r:?}");
    }

    #[test]
    fn silent_server_times_out() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let t = std::thread::spawn(move || {
            let (s, _) = l.accept().unwrap();
            std::thread::sleep(Duration::from_millis(800));
            drop(s);
        });
        let mut sink = Collect {
            head: None,
            body: Vec::new(),
        };
        let r = get(&format!("http://127.0.0.1:{port}/x"), 300, &mut sink);
        assert!(
            matches!(r, Err(FetchError::Timeout { after_ms: 300 })),
            "{r:?}"
        );
        t.join().unwrap();
    }
}
