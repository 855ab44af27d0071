//! Where files come from: DHCP option 242 (spec section 2.1), the order in
//! which servers are tried (TLS, then HTTP), and how a file's URL is built.

use serde::{Deserialize, Serialize};

use crate::diag::{Code, Severity, Warning};

/// Keys of option 242 the 1600 uses (spec section 2.1).
pub const KEYS_1600: [&str; 12] = [
    "HTTPSRVR", "TLSSRVR", "HTTPDIR", "HTTPPORT", "TLSPORT", "MCIPADD", "L2Q", "L2QVLAN",
    "VLANTEST", "DNSSRVR", "DOMAIN", "STATIC",
];
/// Keys whose values are comma-separated lists.
const LIST_KEYS: [&str; 4] = ["HTTPSRVR", "TLSSRVR", "MCIPADD", "DNSSRVR"];

/// The option-242 string that names one folder on one server (spec 2.1):
/// `TLSSRVR` (with `TLSPORT`) when `tls`, else `HTTPSRVR` (with `HTTPPORT`),
/// and `HTTPDIR` for a folder below the root. An empty `port` is the default.
/// The app's "same folder as this URL" and the redirect fix of the network
/// diagnosis both write their string here; [`crate::option242::Builder`] is
/// the field-by-field builder of the option-242 tool.
pub fn build_option242(tls: bool, host: &str, port: &str, dir: &str) -> String {
    let (srv, port_key) = if tls {
        ("TLSSRVR", "TLSPORT")
    } else {
        ("HTTPSRVR", "HTTPPORT")
    };
    let mut s = format!("{srv}={host}");
    if !port.is_empty() {
        s.push_str(&format!(",{port_key}={port}"));
    }
    let dir = dir.trim_matches('/');
    if !dir.is_empty() {
        s.push_str(&format!(",HTTPDIR={dir}"));
    }
    s
}

/// A parsed option-242 string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Option242 {
    /// `NAME=value` pairs in order, names upper-cased, list values re-joined with commas.
    pub pairs: Vec<(String, String)>,
    /// Problems found in the string (spec 5), in order.
    pub warnings: Vec<Warning>,
}

impl Option242 {
    /// Parses `MCIPADD=10.0.0.5,10.0.0.6,HTTPSRVR=10.0.0.9,HTTPDIR=phones`: a token
    /// without `=` continues the previous key's list (spec section 2.1).
    pub fn parse(s: &str) -> Option242 {
        let mut out = Option242::default();
        let src = "DHCP option 242";
        for tok in s.trim().split(',').map(str::trim) {
            if tok.is_empty() {
                continue;
            }
            match tok.split_once('=') {
                Some((k, v)) => {
                    let key = k.trim().to_ascii_uppercase();
                    if key.is_empty() {
                        out.warnings.push(Warning::new(
                            src,
                            None,
                            Code::Option242,
                            Severity::Warning,
                            format!("\"{tok}\" has no name before '=' and is ignored"),
                            "write NAME=value",
                        ));
                        continue;
                    }
                    if !KEYS_1600.contains(&key.as_str()) {
                        out.warnings.push(Warning::new(
                            src,
                            None,
                            Code::Option242,
                            Severity::Info,
                            format!("{key} is not an option-242 key a 1600 uses; ignored"),
                            format!("remove {key}, or check its spelling"),
                        ));
                    }
                    let v = v.trim();
                    if (key == "HTTPPORT" || key == "TLSPORT") && v.parse::<u16>().is_err() {
                        out.warnings.push(Warning::new(
                            src,
                            None,
                            Code::Option242,
                            Severity::Warning,
                            format!(
                                "{key}={v} is not a port number (0-65535); the default is used"
                            ),
                            format!("write {key}=<number>"),
                        ));
                    }
                    out.pairs.push((key, v.to_owned()));
                }
                None => match out.pairs.last_mut() {
                    Some((k, v)) if LIST_KEYS.contains(&k.as_str()) => {
                        v.push(',');
                        v.push_str(tok);
                    }
                    _ => out.warnings.push(Warning::new(
                        src,
                        None,
                        Code::Option242,
                        Severity::Warning,
                        format!(
                            "\"{tok}\" is not NAME=value and does not continue a list; ignored"
                        ),
                        "separate pairs with commas and write each as NAME=value",
                    )),
                },
            }
        }
        out
    }

    /// The last value given for `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The file servers in the order the phone tries them.
    pub fn servers(&self) -> Servers {
        self.servers_with(&Moves::default())
    }

    /// The file servers once the files moved them (spec section 2.5): a
    /// moved HTTPDIR applies to TLS and HTTP servers alike, a moved HTTPSRVR
    /// or HTTPPORT to the HTTP servers only.
    pub fn servers_with(&self, moves: &Moves<'_>) -> Servers {
        let list = |v: Option<&str>| -> Vec<String> {
            v.map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
        };
        let port = |v: Option<&str>, d: u16| v.and_then(|p| p.trim().parse().ok()).unwrap_or(d);
        let dir = moves
            .httpdir
            .or_else(|| self.get("HTTPDIR"))
            .unwrap_or("")
            .to_owned();
        let tls_port = port(self.get("TLSPORT"), 443);
        let http_port = port(moves.httpport.or_else(|| self.get("HTTPPORT")), 80);
        let mut bases = Vec::new();
        for host in list(self.get("TLSSRVR")) {
            bases.push(Server {
                base: base_url("https", &host, tls_port, &dir),
                tls: true,
            });
        }
        for host in list(moves.httpsrvr.or_else(|| self.get("HTTPSRVR"))) {
            bases.push(Server {
                base: base_url("http", &host, http_port, &dir),
                tls: false,
            });
        }
        Servers {
            list: bases,
            from_option242: true,
        }
    }
}

/// The values of HTTPSRVR, HTTPDIR and HTTPPORT that files set in this boot
/// pass (spec section 2.5); `None` where DHCP's value (or the URL's) stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Moves<'a> {
    /// HTTPSRVR, when a file set it.
    pub httpsrvr: Option<&'a str>,
    /// HTTPDIR, when a file set it.
    pub httpdir: Option<&'a str>,
    /// HTTPPORT, when a file set it.
    pub httpport: Option<&'a str>,
}

impl Moves<'_> {
    /// The parameters that move the servers.
    pub const NAMES: [&'static str; 3] = ["HTTPSRVR", "HTTPDIR", "HTTPPORT"];

    /// Whether no file moved the servers.
    pub fn is_empty(&self) -> bool {
        self.httpsrvr.is_none() && self.httpdir.is_none() && self.httpport.is_none()
    }
}

/// The servers of a boot as configured, before any file moves them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Net {
    /// DHCP option 242.
    Dhcp(Option242),
    /// A plain base URL: HTTPDIR replaces its path, HTTPSRVR/HTTPPORT its
    /// host and port [emu].
    BaseUrl(String),
    /// A folder (`file:` or `local:` URL): HTTPDIR is a subfolder of it, and
    /// the folder stays the source whatever HTTPSRVR says [emu].
    Folder(String),
}

impl Net {
    /// The servers `spec` configures, before any file moves them.
    pub fn of(spec: &crate::config::ServerSpec) -> Net {
        use crate::config::ServerSpec;
        match spec {
            ServerSpec::Option242(s) => Net::Dhcp(Option242::parse(s)),
            ServerSpec::BaseUrl(u) => {
                let u = u.trim();
                let scheme = u.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
                match scheme.as_deref() {
                    Some("file") | Some("local") => Net::Folder(u.to_owned()),
                    _ => Net::BaseUrl(u.to_owned()),
                }
            }
        }
    }

    /// Whether the files come from a folder (HTTPSRVR cannot move them).
    pub fn is_folder(&self) -> bool {
        matches!(self, Net::Folder(_))
    }

    /// The servers, in the order the phone tries them, once `moves` apply.
    pub fn servers(&self, moves: &Moves<'_>) -> Servers {
        match self {
            Net::Dhcp(o) => o.servers_with(moves),
            Net::Folder(u) => match moves.httpdir.map(|d| d.trim_matches('/')) {
                Some(d) if !d.is_empty() => {
                    let mut base = u.clone();
                    if !base.ends_with('/') {
                        base.push('/');
                    }
                    Servers::base_url(&format!("{base}{d}/"))
                }
                _ => Servers::base_url(u),
            },
            Net::BaseUrl(u) if moves.is_empty() => Servers::base_url(u),
            Net::BaseUrl(u) => Servers::base_url(&moved_url(u, moves)),
        }
    }
}

/// A base URL with its host, port or path replaced (spec section 2.5, [emu]).
fn moved_url(url: &str, m: &Moves<'_>) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (Some(s), r),
        None => (None, url),
    };
    let (authority, path) = match scheme {
        Some(_) => match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        },
        None => ("", rest),
    };
    // host and port; an IPv6 literal keeps its brackets.
    let (host, port) = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => (&authority[..i], Some(&authority[i + 1..])),
        _ => (authority, None),
    };
    let host = m
        .httpsrvr
        .and_then(|h| h.split(',').map(str::trim).find(|h| !h.is_empty()))
        .unwrap_or(host);
    let port = m.httpport.map(str::trim).or(port);
    let path = match m.httpdir.map(|d| d.trim_matches('/')) {
        Some("") => "/".to_owned(),
        Some(d) => format!("/{d}/"),
        None => path.to_owned(),
    };
    match (scheme, host.is_empty()) {
        (None, true) => path.trim_start_matches('/').to_owned(),
        (s, _) => {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let slash = if path.starts_with('/') { "" } else { "/" };
            format!("{}://{host}{port}{slash}{path}", s.unwrap_or("http"))
        }
    }
}

fn base_url(scheme: &str, host: &str, port: u16, dir: &str) -> String {
    let dir = dir.trim_matches('/');
    if dir.is_empty() {
        format!("{scheme}://{host}:{port}/")
    } else {
        format!("{scheme}://{host}:{port}/{dir}/")
    }
}

/// One file server: a base URL ending in `/`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    /// The base URL, ending in `/`.
    pub base: String,
    /// An HTTPS (TLS) server: never used for application files.
    pub tls: bool,
}

impl Server {
    /// The URL of `file` on this server, with no doubled slashes.
    pub fn url(&self, file: &str) -> String {
        format!("{}{}", self.base, file.trim_start_matches('/'))
    }
}

/// The servers a boot uses, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Servers {
    /// The servers in the order the phone tries them (TLS first, then HTTP).
    pub list: Vec<Server>,
    /// False when the user gave a plain base URL (the emulator's shortcut).
    pub from_option242: bool,
}

impl Servers {
    /// A plain base URL: used for every file, whatever its scheme (spec section
    /// 2.1: the shortcut is the emulator's own [emu]).
    pub fn base_url(url: &str) -> Servers {
        let mut base = url.trim().to_owned();
        if !base.ends_with('/') {
            base.push('/');
        }
        let tls = base
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
        Servers {
            list: vec![Server { base, tls }],
            from_option242: false,
        }
    }

    /// Servers for script and settings files: TLS first, then HTTP, in list order.
    pub fn for_scripts(&self) -> impl Iterator<Item = &Server> {
        self.list
            .iter()
            .filter(|s| s.tls)
            .chain(self.list.iter().filter(|s| !s.tls))
    }

    /// Servers for application files: HTTP only (spec section 2.3), except that a
    /// plain base URL is used as it is.
    pub fn for_applications(&self) -> impl Iterator<Item = &Server> {
        let any = !self.from_option242;
        self.list.iter().filter(move |s| any || !s.tls)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_2_1_the_built_string_parses_back_to_the_same_server() {
        let s = build_option242(false, "10.0.0.9", "8080", "/phones/1600/");
        assert_eq!(s, "HTTPSRVR=10.0.0.9,HTTPPORT=8080,HTTPDIR=phones/1600");
        assert_eq!(build_option242(true, "h", "", "/"), "TLSSRVR=h");
        let o = Option242::parse(&s);
        assert!(o.warnings.is_empty());
        assert_eq!(o.get("HTTPDIR"), Some("phones/1600"));
    }

    #[test]
    fn spec_2_1_tokens_without_equals_continue_a_list() {
        let o = Option242::parse("MCIPADD=10.0.0.5,10.0.0.6,HTTPSRVR=10.0.0.9,10.0.0.10,HTTPDIR=phones/1600,L2Q=1,L2QVLAN=20");
        assert_eq!(o.get("MCIPADD"), Some("10.0.0.5,10.0.0.6"));
        assert_eq!(o.get("HTTPSRVR"), Some("10.0.0.9,10.0.0.10"));
        assert_eq!(o.get("HTTPDIR"), Some("phones/1600"));
        assert_eq!(o.get("L2QVLAN"), Some("20"));
        assert!(o.warnings.is_empty(), "{:?}", o.warnings);
    }

    #[test]
    fn spec_2_1_unknown_keys_and_stray_tokens_warn() {
        let bad_port = Option242::parse("HTTPSRVR=h,HTTPPORT=abc");
        assert!(bad_port.warnings[0].message.contains("HTTPPORT=abc"));
        assert_eq!(bad_port.servers().list[0].base, "http://h:80/");
        let o = Option242::parse("FOO=1,HTTPDIR=x,stray");
        assert_eq!(o.warnings.len(), 2);
        assert!(o.warnings[0].message.contains("FOO"));
        assert!(o.warnings[1].message.contains("stray"));
    }

    #[test]
    fn spec_2_2_tls_servers_first_then_http_with_ports_and_dir() {
        let o = Option242::parse(
            "HTTPSRVR=10.0.0.9,TLSSRVR=10.0.0.7,10.0.0.8,HTTPDIR=/phones//,HTTPPORT=8080",
        );
        let urls: Vec<String> = o
            .servers()
            .for_scripts()
            .map(|s| s.url("16xxupgrade.txt"))
            .collect();
        assert_eq!(
            urls,
            [
                "https://10.0.0.7:443/phones/16xxupgrade.txt",
                "https://10.0.0.8:443/phones/16xxupgrade.txt",
                "http://10.0.0.9:8080/phones/16xxupgrade.txt",
            ]
        );
        let no_dir = Option242::parse("HTTPSRVR=h");
        assert_eq!(no_dir.servers().list[0].url("/a.bin"), "http://h:80/a.bin");
    }

    #[test]
    fn spec_2_3_application_files_over_http_only() {
        let o = Option242::parse("TLSSRVR=10.0.0.7,HTTPSRVR=10.0.0.9");
        let s = o.servers();
        let apps: Vec<&str> = s.for_applications().map(|s| s.base.as_str()).collect();
        assert_eq!(apps, ["http://10.0.0.9:80/"]);
        let tls_only = Option242::parse("TLSSRVR=10.0.0.7").servers();
        assert_eq!(tls_only.for_applications().count(), 0);
    }

    #[test]
    fn base_url_shortcut_is_used_for_everything() {
        let s = Servers::base_url("http://127.0.0.1:8080/demo");
        assert_eq!(
            s.list[0].url("16xxupgrade.txt"),
            "http://127.0.0.1:8080/demo/16xxupgrade.txt"
        );
        assert_eq!(s.for_applications().count(), 1);
    }
}
