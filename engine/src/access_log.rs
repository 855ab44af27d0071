//! A provisioning server's access log beside the emulated boot: what the real
//! phone asked for, in order, against what the emulation asks for.
//!
//! [`LogReader`] reads nginx/Apache combined and common log format and IIS
//! W3C extended logs (their `#Fields:` header) line by line, from bytes in
//! pieces of any size, in bounded memory: lines are cut at [`MAX_LINE`]
//! bytes, and only the requests of clients that look like phones (they asked
//! for an `*upgrade.txt` or a `46xxsettings.*`) are kept, at most
//! [`MAX_CLIENTS`] clients of at most [`MAX_REQUESTS`] requests each.
//! Anything that is not such a log is an error naming the first line that did
//! not parse. [`compare`] lays the chosen phone's requests beside a boot's
//! [`Report`](crate::report::Report) and explains the differences, each with a fix.

use serde::Serialize;

/// Longest line read; the rest of a longer line is skipped.
pub const MAX_LINE: usize = 16 * 1024;
/// Phone-like clients kept.
pub const MAX_CLIENTS: usize = 256;
/// Requests kept per client.
pub const MAX_REQUESTS: usize = 4096;
/// Rows a comparison shows.
pub const MAX_ROWS: usize = 1000;
/// Clients past [`MAX_CLIENTS`] told apart when counting them.
const MAX_COUNTED: usize = 10_000;

/// The log formats understood.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// nginx/Apache `combined`: common plus referer and user agent.
    Combined,
    /// nginx/Apache common log format (no user agent).
    Common,
    /// IIS W3C extended, with its `#Fields:` header.
    W3c,
}

impl Format {
    /// The format in words, as `phoneboot log` prints it.
    pub fn label(self) -> &'static str {
        match self {
            Format::Combined => "combined log format (nginx/Apache)",
            Format::Common => "common log format (nginx/Apache)",
            Format::W3c => "W3C extended log format (IIS)",
        }
    }
}

/// One logged request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogRequest {
    /// 1-based line number in the log.
    pub line: u64,
    /// The HTTP method (GET; empty for a junk request line).
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The status the server logged.
    pub status: u16,
    /// The user agent, when the format logs it (a 1600 names its model there).
    pub user_agent: Option<String>,
    /// The time as logged.
    pub time: String,
}

impl LogRequest {
    /// The last path segment.
    pub fn file(&self) -> &str {
        file_of(&self.path)
    }
}

/// A client that asked for a phone's files, and its requests from then on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientLog {
    /// The client's address, as logged.
    pub client: String,
    /// Its requests from the first phone file on, in order (at most [`MAX_REQUESTS`]).
    pub requests: Vec<LogRequest>,
    /// Requests past [`MAX_REQUESTS`], counted only.
    pub dropped: u64,
}

/// Why a log cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LogError {
    /// The line (1 = first) that could not be read.
    pub line: u64,
    /// Why, in words.
    pub message: String,
}

/// A log read to the end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedLog {
    /// The log format, as detected from the first data line.
    pub format: Format,
    /// Lines read (blank and comment lines included).
    pub lines: u64,
    /// Requests read.
    pub requests: u64,
    /// Data lines that did not parse, and the first of them.
    pub skipped: u64,
    /// The first line that did not parse, and why.
    pub first_skipped: Option<LogError>,
    /// Lines longer than [`MAX_LINE`].
    pub overlong: u64,
    /// Phone-like clients, in the order they first asked for a phone's file.
    pub clients: Vec<ClientLog>,
    /// Phone-like clients past [`MAX_CLIENTS`], counted only.
    pub more_clients: u64,
}

impl ParsedLog {
    /// The requests of the client with address `ip`, if it asked for a phone's file.
    pub fn client(&self, ip: &str) -> Option<&ClientLog> {
        self.clients.iter().find(|c| c.client == ip)
    }
}

/// Reads a log in pieces of any size. Feed it with [`LogReader::push`], then
/// call [`LogReader::finish`].
#[derive(Debug, Default)]
pub struct LogReader {
    partial: Vec<u8>,
    overlong_line: bool,
    line: u64,
    format: Option<Format>,
    /// W3C fields: indexes of c-ip, cs-uri-stem, sc-status, cs-method, cs(User-Agent), date, time.
    w3c: Option<W3cFields>,
    requests: u64,
    skipped: u64,
    first_skipped: Option<LogError>,
    overlong: u64,
    error: Option<LogError>,
    clients: Vec<ClientLog>,
    /// (client, index in `clients`), sorted by client: no hash table, which
    /// would be one more generic instantiation in the wasm.
    index: Vec<(String, usize)>,
    more_clients: u64,
    /// Clients past [`MAX_CLIENTS`], sorted, at most [`MAX_COUNTED`] of them.
    seen_more: Vec<String>,
    any_agent: bool,
}

#[derive(Clone, Debug, Default)]
struct W3cFields {
    ip: Option<usize>,
    stem: Option<usize>,
    status: Option<usize>,
    method: Option<usize>,
    agent: Option<usize>,
    date: Option<usize>,
    time: Option<usize>,
    count: usize,
}

/// A request as parsed from one line.
struct Parsed {
    client: String,
    method: String,
    path: String,
    status: u16,
    agent: Option<String>,
    time: String,
}

/// Whether a file is one only a phone asks for: `16xxupgrade.txt` or any
/// `*upgrade.txt`, or a `46xxsettings.*`.
pub fn is_phone_file(file: &str) -> bool {
    let f = file.to_ascii_lowercase();
    f.ends_with("upgrade.txt") || f.starts_with("46xxsettings.")
}

fn file_of(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

impl LogReader {
    /// A reader with nothing read yet.
    pub fn new() -> Self {
        LogReader::default()
    }

    /// Reads the next piece of the log. After an error the rest is ignored.
    pub fn push(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() && self.error.is_none() {
            match bytes.iter().position(|b| *b == b'\n') {
                Some(nl) => {
                    self.take(&bytes[..nl]);
                    bytes = &bytes[nl + 1..];
                    let line = std::mem::take(&mut self.partial);
                    self.end_line(&line);
                    self.partial = line;
                    self.partial.clear();
                }
                None => {
                    self.take(bytes);
                    bytes = &[];
                }
            }
        }
    }

    fn take(&mut self, bytes: &[u8]) {
        let room = MAX_LINE.saturating_sub(self.partial.len());
        if bytes.len() > room {
            self.overlong_line = true;
        }
        self.partial
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    fn end_line(&mut self, raw: &[u8]) {
        self.line += 1;
        if std::mem::take(&mut self.overlong_line) {
            self.overlong += 1;
            self.skip(format!("longer than {} KiB, skipped", MAX_LINE / 1024));
            return;
        }
        let text = String::from_utf8_lossy(raw);
        let line = text.trim_end_matches('\r').trim();
        if line.is_empty() {
            return;
        }
        if let Some(directive) = line.strip_prefix('#') {
            self.directive(directive);
            return;
        }
        let parsed = match self.format {
            Some(Format::W3c) => self.parse_w3c(line),
            _ => parse_clf(line),
        };
        match parsed {
            Ok(p) => {
                if self.format.is_none() {
                    self.format = Some(Format::Common);
                }
                self.any_agent |= p.agent.is_some();
                self.record(p);
            }
            Err(why) => {
                if self.format.is_none() {
                    self.error = Some(LogError {
                        line: self.line,
                        message: format!("not an access log line: {why} (expected nginx/Apache combined or common log format, or IIS W3C extended with its #Fields: header): {}", excerpt(line)),
                    });
                } else {
                    self.skip(format!("{why}: {}", excerpt(line)));
                }
            }
        }
    }

    fn skip(&mut self, message: String) {
        self.skipped += 1;
        if self.first_skipped.is_none() {
            self.first_skipped = Some(LogError {
                line: self.line,
                message,
            });
        }
    }

    fn directive(&mut self, d: &str) {
        let Some(fields) = d.strip_prefix("Fields:") else {
            // #Software, #Version, #Date, #Remark: a W3C log, or a comment.
            if self.format.is_none()
                && ["Software:", "Version:", "Date:", "Remark:"]
                    .iter()
                    .any(|p| d.starts_with(p))
            {
                self.format = Some(Format::W3c);
            }
            return;
        };
        let names: Vec<String> = fields
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        let at = |n: &str| names.iter().position(|x| x == n);
        self.w3c = Some(W3cFields {
            ip: at("c-ip"),
            stem: at("cs-uri-stem"),
            status: at("sc-status"),
            method: at("cs-method"),
            agent: at("cs(user-agent)"),
            date: at("date"),
            time: at("time"),
            count: names.len(),
        });
        self.format = Some(Format::W3c);
    }

    fn parse_w3c(&self, line: &str) -> Result<Parsed, LineError> {
        let Some(f) = &self.w3c else {
            return Err(LineError::NoFieldsHeader);
        };
        let (Some(ip), Some(stem), Some(status)) = (f.ip, f.stem, f.status) else {
            return Err(LineError::FieldsLacking);
        };
        let v: Vec<&str> = line.split_whitespace().collect();
        if v.len() != f.count {
            return Err(LineError::FieldCount {
                got: v.len(),
                named: f.count,
            });
        }
        let get = |i: Option<usize>| i.and_then(|i| v.get(i)).copied().filter(|s| *s != "-");
        let status = v[status]
            .parse::<u16>()
            .map_err(|_| LineError::W3cStatus(excerpt(v[status])))?;
        Ok(Parsed {
            client: v[ip].to_owned(),
            method: get(f.method).unwrap_or("GET").to_owned(),
            path: strip_query(v[stem]),
            status,
            agent: get(f.agent).map(|a| a.replace('+', " ")),
            time: [get(f.date), get(f.time)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
        })
    }

    fn record(&mut self, p: Parsed) {
        self.requests += 1;
        let at = self
            .index
            .binary_search_by(|(c, _)| c.as_str().cmp(&p.client));
        let idx = match at {
            Ok(i) => self.index[i].1,
            Err(pos) => {
                if !is_phone_file(file_of(&p.path)) {
                    return;
                }
                if self.clients.len() >= MAX_CLIENTS {
                    if let Err(i) = self.seen_more.binary_search(&p.client) {
                        if self.seen_more.len() < MAX_COUNTED {
                            self.seen_more.insert(i, p.client.clone());
                            self.more_clients += 1;
                        }
                    }
                    return;
                }
                self.index
                    .insert(pos, (p.client.clone(), self.clients.len()));
                self.clients.push(ClientLog {
                    client: p.client.clone(),
                    requests: Vec::new(),
                    dropped: 0,
                });
                self.clients.len() - 1
            }
        };
        let c = &mut self.clients[idx];
        if c.requests.len() >= MAX_REQUESTS {
            c.dropped += 1;
            return;
        }
        c.requests.push(LogRequest {
            line: self.line,
            method: p.method,
            path: p.path,
            status: p.status,
            user_agent: p.agent,
            time: p.time,
        });
    }

    /// Ends the log. A last line without a newline counts.
    ///
    /// # Errors
    /// When the first data line is not a line of a known format, or when no
    /// line is a request.
    pub fn finish(mut self) -> Result<ParsedLog, LogError> {
        if !self.partial.is_empty() || self.overlong_line {
            let line = std::mem::take(&mut self.partial);
            self.end_line(&line);
        }
        if let Some(e) = self.error {
            return Err(e);
        }
        let Some(mut format) = self.format else {
            return Err(LogError {
                line: self.line,
                message: "the log has no request lines".to_owned(),
            });
        };
        if self.requests == 0 {
            return Err(self.first_skipped.unwrap_or(LogError {
                line: self.line,
                message: "the log has no request lines".to_owned(),
            }));
        }
        if format == Format::Common && self.any_agent {
            format = Format::Combined;
        }
        Ok(ParsedLog {
            format,
            lines: self.line,
            requests: self.requests,
            skipped: self.skipped,
            first_skipped: self.first_skipped,
            overlong: self.overlong,
            clients: self.clients,
            more_clients: self.more_clients,
        })
    }
}

/// Reads a whole log held in memory.
///
/// # Errors
/// As [`LogReader::finish`].
pub fn parse(bytes: &[u8]) -> Result<ParsedLog, LogError> {
    let mut r = LogReader::new();
    r.push(bytes);
    r.finish()
}

fn excerpt(s: &str) -> String {
    let cut: String = s
        .chars()
        .take(80)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if s.chars().count() > 80 {
        format!("{cut}...")
    } else {
        cut
    }
}

fn strip_query(target: &str) -> String {
    let path = target.split(['?', '#']).next().unwrap_or("");
    percent_decode(path)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A quoted field of a CLF line, with `\"` and `\\` escapes; returns the
/// value and the rest after the closing quote.
fn quoted(s: &str) -> Option<(String, &str)> {
    let body = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            }
            '"' => return Some((out, &body[i + 1..])),
            c => out.push(c),
        }
    }
    None
}

/// `host ident user [time] "request" status bytes ["referer" "agent" ...]`.
fn parse_clf(line: &str) -> Result<Parsed, LineError> {
    let mut rest = line;
    let mut token = || -> Option<&str> {
        let t = rest.split_whitespace().next()?;
        let start = rest.find(t)?;
        rest = &rest[start + t.len()..];
        Some(t)
    };
    let client = token()
        .ok_or(LineError::Missing("no client address"))?
        .to_owned();
    token().ok_or(LineError::Missing("no ident field"))?;
    token().ok_or(LineError::Missing("no user field"))?;
    let after = rest.trim_start();
    let after = after.strip_prefix('[').ok_or(LineError::Missing(
        "no [time] after the client, ident and user fields",
    ))?;
    let close = after
        .find(']')
        .ok_or(LineError::Missing("the [time] field is not closed"))?;
    let time = after[..close].to_owned();
    let after = after[close + 1..].trim_start();
    let (request, after) =
        quoted(after).ok_or(LineError::Missing("no quoted \"request\" after the time"))?;
    let mut rest = after.trim_start();
    let status_s = rest
        .split_whitespace()
        .next()
        .ok_or(LineError::Missing("no status"))?;
    let status = status_s
        .parse::<u16>()
        .ok()
        .filter(|s| (100..=999).contains(s))
        .ok_or_else(|| LineError::Status(excerpt(status_s)))?;
    rest = &rest[status_s.len()..];
    let rest = rest.trim_start();
    let bytes_s = rest
        .split_whitespace()
        .next()
        .ok_or(LineError::Missing("no byte count"))?;
    if bytes_s != "-" && !bytes_s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LineError::Bytes(excerpt(bytes_s)));
    }
    let rest = rest[bytes_s.len()..].trim_start();
    let agent = quoted(rest)
        .and_then(|(_referer, r)| quoted(r.trim_start()))
        .map(|(a, _)| a)
        .filter(|a| !a.is_empty() && a != "-");
    let mut parts = request.split_whitespace();
    let (method, target) = match (parts.next(), parts.next()) {
        (Some(m), Some(t)) => (m.to_owned(), t),
        // A request line that is not one ("-", or junk a scanner sent).
        _ => (String::new(), ""),
    };
    Ok(Parsed {
        client,
        method,
        path: strip_query(strip_origin(target)),
        status,
        agent,
        time,
    })
}

/// Why one line of a log is not a request: the "why" of a skipped line
/// or of a log that is not an access log at all ([`LogError`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
enum LineError {
    /// A data line in W3C format before its `#Fields:` header.
    #[error("a W3C log line before any #Fields: header")]
    NoFieldsHeader,
    /// The `#Fields:` header does not name the fields a request needs.
    #[error("the #Fields: header lacks c-ip, cs-uri-stem or sc-status")]
    FieldsLacking,
    /// A W3C line with a different number of fields than its header.
    #[error("{got} fields where #Fields: names {named}")]
    FieldCount { got: usize, named: usize },
    /// A W3C `sc-status` that is not a number (the excerpt).
    #[error("sc-status {0:?} is not a number")]
    W3cStatus(String),
    /// A part of the common log format is missing (what, in words).
    #[error("{0}")]
    Missing(&'static str),
    /// A status that is not a number 100..999 (the excerpt).
    #[error("status {0:?} is not a number")]
    Status(String),
    /// A byte count that is not a number or `-` (the excerpt).
    #[error("byte count {0:?} is not a number")]
    Bytes(String),
}

/// `http://host/path` (a proxy request) -> `/path`.
fn strip_origin(target: &str) -> &str {
    match target.find("://") {
        Some(i) => {
            let after = &target[i + 3..];
            after.find('/').map(|j| &after[j..]).unwrap_or("/")
        }
        None => target,
    }
}

mod compare;
pub use compare::{compare, expected_requests, is_digest_file, Comparison, Expected, Finding, Row};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clf_lines_parse_with_escapes_and_junk_requests() {
        let p = parse_clf(r#"10.0.0.7 - - [01/Dec/2026:08:00:00 +0000] "GET /phones/16xxupgrade.txt?x=1 HTTP/1.1" 200 1234 "-" "Avaya \"1608\"""#).unwrap();
        assert_eq!(p.path, "/phones/16xxupgrade.txt");
        assert_eq!(p.agent.as_deref(), Some("Avaya \"1608\""));
        let junk = parse_clf(
            r#"10.0.0.7 - - [01/Dec/2026:08:00:00 +0000] "\x16\x03\x01" 400 150 "-" "-""#,
        )
        .unwrap();
        assert_eq!((junk.status, junk.path.as_str()), (400, ""));
        assert!(parse_clf("hello world").is_err());
    }

    #[test]
    fn percent_decoding_never_panics() {
        for s in ["%", "%4", "%41", "a%zz", "%e2%82", "%%%"] {
            let _ = percent_decode(s);
        }
        assert_eq!(percent_decode("/a%20b"), "/a b");
    }
}
