//! DHCP option 242 for the person who types it: a [`Builder`] with one field
//! per key the 1600 uses (spec section 2.1) that writes the string, a
//! [`lint`] of any pasted string, and copyable [`snippets`] for five DHCP
//! servers. The string is parsed by [`Option242::parse`], the same parser the
//! boot uses, so the lint and the boot never disagree about what a string means.

use serde::Serialize;

use crate::boot::UPGRADE_SCRIPT;
use crate::diag::{clip, Severity};
use crate::servers::{Option242, KEYS_1600};

/// The most one DHCP option carries: its length is one byte.
pub const MAX_BYTES: usize = 255;

/// The builder's fields, in the order it writes them (the call server first,
/// as in Avaya's examples), each with what it takes.
pub const FIELDS: [(&str, &str); 12] = [
    ("MCIPADD", "call servers (gatekeepers), comma separated"),
    (
        "HTTPSRVR",
        "HTTP file servers, comma separated (firmware comes from these)",
    ),
    (
        "TLSSRVR",
        "HTTPS file servers, comma separated (scripts and settings only)",
    ),
    (
        "HTTPDIR",
        "folder on the file servers, no leading or trailing '/'",
    ),
    ("HTTPPORT", "HTTP port (default 80)"),
    (
        "TLSPORT",
        "HTTPS port (default 443; some Avaya servers use 411)",
    ),
    ("L2Q", "802.1Q tagging: 0 auto, 1 on, 2 off"),
    ("L2QVLAN", "voice VLAN ID, 0-4094"),
    ("VLANTEST", "seconds to wait for DHCP on the voice VLAN"),
    ("DNSSRVR", "DNS servers, comma separated"),
    ("DOMAIN", "DNS domain"),
    ("STATIC", "static address override: 0-3"),
];

/// Keys whose values are comma-separated lists (spec section 2.1).
const LIST_KEYS: [&str; 4] = ["HTTPSRVR", "TLSSRVR", "MCIPADD", "DNSSRVR"];

const QUOTES: [char; 6] = ['"', '\'', '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}'];

/// One field per key of [`FIELDS`]; [`Builder::build`] writes the string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Builder {
    values: [String; 12],
}

fn field_index(key: &str) -> Option<usize> {
    FIELDS.iter().position(|(k, _)| k.eq_ignore_ascii_case(key))
}

impl Builder {
    /// An empty builder: no field set.
    pub fn new() -> Self {
        Builder::default()
    }

    /// The fields a string gives (the last value of each key the 1600 uses);
    /// unknown keys are dropped (the lint names them).
    pub fn from_string(s: &str) -> Self {
        let mut b = Builder::new();
        for (k, v) in Option242::parse(s).pairs {
            b.set(&k, &v);
        }
        b
    }

    /// Sets a field; a key outside [`FIELDS`] is ignored.
    pub fn set(&mut self, key: &str, value: &str) {
        if let Some(i) = field_index(key) {
            self.values[i] = value.to_owned();
        }
    }

    /// The value of field `key` (case does not matter), empty when unset or unknown.
    pub fn get(&self, key: &str) -> &str {
        field_index(key).map_or("", |i| self.values[i].as_str())
    }

    /// The string: `KEY=value` for every non-empty field, in [`FIELDS`]
    /// order, with no spaces or quotes, list items joined by bare commas and
    /// HTTPDIR without slashes at its ends: a string the lint finds clean.
    pub fn build(&self) -> String {
        let mut parts = Vec::new();
        for ((key, _), raw) in FIELDS.iter().zip(&self.values) {
            let unquoted: String = raw.chars().filter(|c| !QUOTES.contains(c)).collect();
            let value = if LIST_KEYS.contains(key) {
                unquoted
                    .split([',', ' ', '\t'])
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(",")
            } else {
                let v: String = unquoted.split_whitespace().collect();
                if *key == "HTTPDIR" {
                    v.trim_matches('/').to_owned()
                } else {
                    v
                }
            };
            if !value.is_empty() {
                parts.push(format!("{key}={value}"));
            }
        }
        parts.join(",")
    }
}

/// One problem of an option-242 string and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong, in words.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

fn finding(severity: Severity, message: String, fix: String) -> Finding {
    Finding {
        severity,
        message,
        fix,
    }
}

/// Levenshtein distance of two short strings, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The key a misspelt or mis-spaced name most likely means: the same letters
/// without spaces, `_` or `-` (`HTTP DIR`), else within two edits (`HTTPSERVER`).
pub fn nearest_key(name: &str) -> Option<&'static str> {
    let squeezed: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    if let Some(k) = KEYS_1600.iter().find(|k| **k == squeezed) {
        return Some(*k);
    }
    if squeezed.len() < 3 || squeezed.len() > 24 {
        return None;
    }
    KEYS_1600
        .iter()
        .map(|k| (distance(&squeezed, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// The string with the spaces around commas and '=' removed.
fn without_spaces(s: &str) -> String {
    s.trim()
        .split(',')
        .map(|tok| match tok.split_once('=') {
            Some((k, v)) => format!("{}={}", k.trim(), v.trim()),
            None => tok.trim().to_owned(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The URL of the upgrade script as a phone given this string requests it.
fn upgrade_url(o: &Option242) -> String {
    match o.servers().for_scripts().next() {
        Some(server) => server.url(UPGRADE_SCRIPT),
        None => {
            let dir = o.get("HTTPDIR").unwrap_or("").trim_matches('/');
            if dir.is_empty() {
                format!("http://HTTPSRVR/{UPGRADE_SCRIPT}")
            } else {
                format!("http://HTTPSRVR/{dir}/{UPGRADE_SCRIPT}")
            }
        }
    }
}

/// Everything worth saying about an option-242 string, errors first. Never
/// fails: any text is linted.
#[allow(clippy::too_many_lines)] // older than the lint: split when it next grows
pub fn lint(s: &str) -> Vec<Finding> {
    use Severity::{Error, Info, Warning};
    let mut out = Vec::new();
    let text = s.trim();
    if text.is_empty() {
        out.push(finding(
            Error,
            "the option-242 string is empty: the phone learns no file server".to_owned(),
            "write at least HTTPSRVR=<file server>".to_owned(),
        ));
        return out;
    }
    let parsed = Option242::parse(text);

    // Length: one DHCP option carries 255 bytes.
    if text.len() > MAX_BYTES {
        out.push(finding(
            Error,
            format!(
                "the string is {} bytes; one DHCP option carries at most {MAX_BYTES}, so the DHCP server refuses it or the phone gets it cut short",
                text.len()
            ),
            "shorten it: drop keys the 1600 does not use, use shorter names, or SET MCIPADD, DNSSRVR, DOMAIN and L2QVLAN in 46xxsettings.txt instead".to_owned(),
        ));
    }

    // Spaces around the separators.
    let ws = |b: bool| usize::from(b);
    let spaced: usize = text
        .split(',')
        .map(|tok| {
            let eq = tok.split_once('=').map_or(0, |(k, v)| {
                ws(k.ends_with(char::is_whitespace)) + ws(v.starts_with(char::is_whitespace))
            });
            ws(tok.starts_with(char::is_whitespace)) + ws(tok.ends_with(char::is_whitespace)) + eq
        })
        .sum();
    if spaced > 0 {
        out.push(finding(
            Error,
            format!(
                "spaces around commas or '=' ({spaced} place{}): Avaya's format has none, and the phone can miss the key or value that follows a space",
                if spaced == 1 { "" } else { "s" }
            ),
            format!("write it without spaces: {}", clip(&without_spaces(text))),
        ));
    }

    // Quotes inside the string.
    if let Some(q) = text.chars().find(|c| QUOTES.contains(c)) {
        let curly = q != '"' && q != '\'';
        let example = parsed
            .pairs
            .iter()
            .find(|(k, v)| k.contains(QUOTES) || v.contains(QUOTES))
            .map(|(k, v)| format!(" (the phone reads {k} as {v})"))
            .unwrap_or_default();
        out.push(finding(
            Error,
            format!(
                "{} quotes are part of the string{example}: the phone takes them as characters of the value",
                if curly { "curly" } else { "the" }
            ),
            "remove the quotes from the string itself; the DHCP server's configuration quotes the whole string (see the snippets)".to_owned(),
        ));
    }

    // Keys: unknown or misspelt, empty, duplicated.
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for (key, value) in &parsed.pairs {
        if KEYS_1600.contains(&key.as_str()) {
            match seen.iter_mut().find(|(k, _)| *k == key.as_str()) {
                Some((_, n)) => *n += 1,
                None => seen.push((key.as_str(), 1)),
            }
        } else {
            match nearest_key(key) {
                Some(near) => out.push(finding(
                    Error,
                    format!("\"{}\" is not a key the 1600 knows; it ignores the pair, so {near} is not set", clip(key)),
                    format!("write {near}={}", clip(value)),
                )),
                None => out.push(finding(
                    Warning,
                    format!("{} is not an option-242 key a 1600 uses; the phone ignores it", clip(key)),
                    format!("remove {}=..., or set it in 46xxsettings.txt if it is a settings parameter", clip(key)),
                )),
            }
        }
        if value.trim().is_empty() {
            out.push(finding(
                Warning,
                format!("{} has an empty value", clip(key)),
                format!("give {0} a value, or remove \"{0}=\"", clip(key)),
            ));
        } else if LIST_KEYS.contains(&key.as_str()) && value.contains(",,") {
            out.push(finding(
                Warning,
                format!("{key} has an empty item between two commas"),
                format!(
                    "remove the extra comma: {key}={}",
                    clip(&value.replace(",,", ","))
                ),
            ));
        }
    }
    for (key, n) in &seen {
        if *n > 1 {
            let last = parsed.get(key).unwrap_or("");
            let fix = if LIST_KEYS.contains(key) {
                let all: Vec<&str> = parsed
                    .pairs
                    .iter()
                    .filter(|(k, _)| k.as_str() == *key)
                    .map(|(_, v)| v.as_str())
                    .filter(|v| !v.is_empty())
                    .collect();
                format!(
                    "give {key} once, with a comma-separated list: {key}={}",
                    clip(&all.join(","))
                )
            } else {
                format!("keep one {key}=")
            };
            out.push(finding(
                Warning,
                format!("{key} is given {n} times; only one value is used (the emulator takes the last, {})", clip(last)),
                fix,
            ));
        }
    }
    // Empty list items between pairs (",,") are dropped by the parser.
    if text.contains(",,") && !parsed.pairs.iter().any(|(_, v)| v.contains(",,")) {
        out.push(finding(
            Warning,
            "two commas in a row: an empty item".to_owned(),
            "remove the extra comma".to_owned(),
        ));
    }

    // HTTPDIR with a slash at either end.
    if let Some(dir) = parsed.get("HTTPDIR") {
        let (lead, trail) = (dir.starts_with('/'), dir.ends_with('/') && dir.len() > 1);
        if lead || trail {
            let which = match (lead, trail) {
                (true, true) => "starts and ends",
                (true, false) => "starts",
                _ => "ends",
            };
            out.push(finding(
                Warning,
                format!(
                    "HTTPDIR={} {which} with '/': the phone puts the '/' between server, HTTPDIR and file itself and requests {}",
                    clip(dir),
                    upgrade_url(&parsed)
                ),
                format!("write HTTPDIR={}", clip(dir.trim_matches('/'))),
            ));
        }
        if dir.contains('\\') {
            out.push(finding(
                Warning,
                format!(
                    "HTTPDIR={} has a backslash: URLs separate folders with '/'",
                    clip(dir)
                ),
                format!("write HTTPDIR={}", clip(&dir.replace('\\', "/"))),
            ));
        }
    }

    // Servers.
    let has = |k: &str| parsed.get(k).is_some_and(|v| !v.trim().is_empty());
    if has("TLSSRVR") && !has("HTTPSRVR") {
        let host = parsed
            .get("TLSSRVR")
            .and_then(|v| v.split(',').map(str::trim).find(|h| !h.is_empty()))
            .unwrap_or("<server>");
        out.push(finding(
            Error,
            "TLSSRVR without HTTPSRVR: scripts and settings come over HTTPS, but application files (firmware) come over HTTP only, so the phone never gets new firmware".to_owned(),
            format!("add HTTPSRVR={}", clip(host)),
        ));
    } else if !has("HTTPSRVR") && !has("TLSSRVR") {
        out.push(finding(
            Error,
            "no HTTPSRVR or TLSSRVR: the phone learns no file server from this string".to_owned(),
            "add HTTPSRVR=<file server>".to_owned(),
        ));
    }

    // What the parser itself says (port numbers, stray tokens, pairs with no
    // name). Its note about unknown keys (severity info) is said above, with
    // the nearest key.
    for w in parsed.warnings.iter().filter(|w| w.severity != Info) {
        out.push(finding(w.severity, w.message.clone(), w.fix.clone()));
    }

    // Characters a DHCP server or the phone may not carry as text.
    if let Some(c) = text
        .chars()
        .find(|c| !(' '..='~').contains(c) && !QUOTES.contains(c))
    {
        out.push(finding(
            Warning,
            format!(
                "the string has the character {:?} (U+{:04X}), which is not plain ASCII",
                c,
                u32::from(c)
            ),
            "retype the string with plain ASCII letters, digits and punctuation".to_owned(),
        ));
    }

    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

/// The string in the configuration syntax of five DHCP servers, each with the
/// option definition it needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snippets {
    /// dnsmasq: a `dhcp-option=242,...` line (dnsmasq needs no option definition).
    pub dnsmasq: String,
    /// ISC dhcpd: the option definition and the value.
    #[serde(rename = "isc-dhcpd")]
    pub isc_dhcpd: String,
    /// Kea: the option definition and data, as JSON.
    pub kea: String,
    /// Windows Server DHCP: the PowerShell lines that define option 242 and set it.
    pub windows: String,
    /// MikroTik RouterOS: the `/ip dhcp-server option` and `network` lines.
    pub mikrotik: String,
}

impl Snippets {
    /// `(name, snippet)` in display order.
    pub fn all(&self) -> [(&'static str, &str); 5] {
        [
            ("dnsmasq", &self.dnsmasq),
            ("isc-dhcpd", &self.isc_dhcpd),
            ("kea", &self.kea),
            ("windows", &self.windows),
            ("mikrotik", &self.mikrotik),
        ]
    }
}

/// Printable ASCII: what every server's quoted-string syntax carries as is.
fn plain(s: &str) -> bool {
    s.bytes().all(|b| (b' '..=b'~').contains(&b))
}

fn hex(s: &str, sep: &str) -> String {
    s.bytes()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(sep)
}

/// A double-quoted string with `\` and `"` escaped (dhcpd and dnsmasq).
fn c_quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Name of the option in servers that name options.
const OPTION_NAME: &str = "avaya-242";

/// The snippets for `s` (trimmed), escaped for each server. Text that a
/// server's string syntax cannot carry (control or non-ASCII characters) is
/// written as hex bytes where the server takes them.
pub fn snippets(s: &str) -> Snippets {
    let s = s.trim();
    let value_dhcp = if plain(s) { c_quoted(s) } else { hex(s, ":") };
    let dnsmasq = format!(
        "# dnsmasq.conf: option 242 for Avaya 1600 phones. dnsmasq needs no option\n\
         # definition; the quotes keep the commas inside one string.\n\
         dhcp-option=242,{value_dhcp}\n"
    );
    let isc_dhcpd = format!(
        "# dhcpd.conf: define option 242 once, at the top level ...\n\
         option {OPTION_NAME} code 242 = string;\n\
         # ... then give it globally, or inside the subnet, pool or class of the phones.\n\
         option {OPTION_NAME} {value_dhcp};\n"
    );
    let kea_data = if plain(s) && !s.contains('\\') {
        // Kea reads option data as comma-separated fields: a comma inside a
        // string is escaped with a backslash (written \\ in JSON).
        format!(
            "\"data\": {}",
            serde_json::to_string(&s.replace(',', "\\,")).unwrap_or_default()
        )
    } else {
        format!("\"csv-format\": false, \"data\": \"{}\"", hex(s, ""))
    };
    let kea = format!(
        "// kea-dhcp4.conf: merge option-def and option-data into your \"Dhcp4\" section\n\
         // (option-data may also go into the phones' subnet).\n\
         {{\n  \"Dhcp4\": {{\n    \"option-def\": [\n      \
         {{ \"name\": \"{OPTION_NAME}\", \"code\": 242, \"space\": \"dhcp4\", \"type\": \"string\" }}\n    ],\n    \
         \"option-data\": [\n      \
         {{ \"name\": \"{OPTION_NAME}\", \"code\": 242, \"space\": \"dhcp4\", {kea_data} }}\n    ]\n  }}\n}}\n"
    );
    // PowerShell: a single-quoted string takes everything literally except
    // single quotes (straight or curly), which are doubled.
    let mut ps = String::new();
    for c in s.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            ps.push(c);
        }
        ps.push(c);
    }
    let windows = format!(
        "# PowerShell on the DHCP server: define option 242 once, then set it\n\
         # server-wide (add -ScopeId <scope> to Set-DhcpServerv4OptionValue for one scope).\n\
         Add-DhcpServerv4OptionDefinition -Name 'Avaya 1600' -OptionId 242 -Type String -Description 'Avaya IP phone settings (option 242)'\n\
         Set-DhcpServerv4OptionValue -OptionId 242 -Value '{ps}'\n"
    );
    let routeros_ok = plain(s) && !s.contains(['\'', '"', '\\', '$', '?']);
    let value_ros = if routeros_ok {
        format!("\"'{s}'\"")
    } else {
        format!("0x{}", hex(s, ""))
    };
    let mikrotik = format!(
        "# RouterOS: define option 242, then give it to the DHCP network of the phones\n\
         # (change 10.0.0.0/24 to that network).\n\
         /ip dhcp-server option add code=242 name={OPTION_NAME} value={value_ros}\n\
         /ip dhcp-server network set [find address=\"10.0.0.0/24\"] dhcp-option={OPTION_NAME}\n"
    );
    Snippets {
        dnsmasq,
        isc_dhcpd,
        kea,
        windows,
        mikrotik,
    }
}

/// The lint and the snippets of one string: the `phoneboot option242 --json`
/// document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Checked {
    /// The problems found, most severe first.
    pub findings: Vec<Finding>,
    /// The string for each DHCP server.
    pub snippets: Snippets,
}

/// Lints `s` as a DHCP option-242 string and renders it for five DHCP servers: `phoneboot option242` and the app's option-242 tool.
pub fn check(s: &str) -> Checked {
    Checked {
        findings: lint(s),
        snippets: snippets(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("HTTPSRVR", "HTTPSRVR"), 0);
        assert_eq!(distance("HTTPSERVER", "HTTPSRVR"), 2);
        assert_eq!(distance("", "ABC"), 3);
    }

    #[test]
    fn nearest_key_finds_spaced_and_misspelt_keys() {
        assert_eq!(nearest_key("HTTP DIR"), Some("HTTPDIR"));
        assert_eq!(nearest_key("tls_srvr"), Some("TLSSRVR"));
        assert_eq!(nearest_key("HTTPSERVER"), Some("HTTPSRVR"));
        assert_eq!(nearest_key("SIP_CONTROLLER_LIST"), None);
    }
}
