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

/// A parsed option-242 string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Option242 {
    /// `NAME=value` pairs in order, names upper-cased, list values re-joined with commas.
    pub pairs: Vec<(String, String)>,
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
        let list = |k: &str| -> Vec<String> {
            self.get(k)
                .map(|v| {
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let port = |k: &str, d: u16| self.get(k).and_then(|p| p.trim().parse().ok()).unwrap_or(d);
        let dir = self.get("HTTPDIR").unwrap_or("").to_owned();
        let tls_port = port("TLSPORT", 443);
        let http_port = port("HTTPPORT", 80);
        let mut bases = Vec::new();
        for host in list("TLSSRVR") {
            bases.push(Server {
                base: base_url("https", &host, tls_port, &dir),
                tls: true,
            });
        }
        for host in list("HTTPSRVR") {
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
