//! The 1600's display messages: every text the emulated boot shows, and the
//! documented messages it does not emulate, each with its boot phase, what it
//! means, the likely causes and the fixes, and where that knowledge comes from
//! (`[doc]`, `[real]` or `[emu]`, as in `shared/spec/boot-flow.md`).
//!
//! [`matches`] finds the messages a typed text is, tolerant of case, spacing,
//! dots and the numbers in it (`HTTP:3 404` is `HTTP:n sc`); [`closest`] names
//! the nearest ones when nothing matches.
//!
//! The fixed texts are constants in [`text`], so that the boot and the table
//! share one spelling; patterns with parts that vary write those parts in
//! braces (`HTTP:{n} {sc} {etag?}`), shown as Avaya's documents write them
//! (`HTTP:n sc etag`).

use serde::Serialize;

/// The fixed display texts, one spelling for the boot and the table.
pub mod text {
    pub const INITIALIZING: &str = "Initializing";
    pub const LOADING: &str = "Loading";
    pub const STARTING: &str = "Starting...";
    pub const RESTARTING: &str = "Restarting...";
    pub const SYSTEM_BUSY: &str = "System busy";
    pub const LOGIN: &str = "Login";
    pub const ENTER_EXTENSION: &str = "Enter Extension";
    pub const CHECKSUM_ERROR: &str = "Checksum error";
    pub const FILE_NOT_FOUND: &str = "File not found";
    pub const BOOT_STOPPED: &str = "Boot stopped";
    pub const RESTART_LOOP_STOPPED: &str = "Restart loop stopped";
    pub const RETRIEVAL_OK: &str = "Retrieval OK";
    pub const RETRIEVAL_FAILED: &str = "Retrieval failed";

    /// `n KB received`: a download's progress as the phone shows it
    /// (1024-byte KB, rounded down).
    pub fn kb_received(bytes: u64) -> String {
        format!("{} KB received", bytes / 1024)
    }
}

/// Where a message's meaning comes from (spec, introduction).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Tag {
    /// Stated in Avaya documentation.
    #[serde(rename = "[doc]")]
    Doc,
    /// Seen on real phones or in real provisioning files.
    #[serde(rename = "[real]")]
    Real,
    /// The emulator's own convention: Avaya publishes no meaning.
    #[serde(rename = "[emu]")]
    Emu,
}

impl Tag {
    pub fn label(self) -> &'static str {
        match self {
            Tag::Doc => "[doc]",
            Tag::Real => "[real]",
            Tag::Emu => "[emu]",
        }
    }
}

/// One display message of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DisplayMessage {
    /// The text with its varying parts in braces: `{n}` (any number, `n` is
    /// its name in Avaya's documents), `{ip}`, `{file}`, `{uri}`, `{etag?}`
    /// (optional).
    pub pattern: &'static str,
    pub phase: &'static str,
    pub meaning: &'static str,
    pub causes: &'static [&'static str],
    pub fixes: &'static [&'static str],
    pub source: Tag,
    /// The emulated boot shows this message.
    pub emulated: bool,
    /// A demo set-up whose boot shows it (see [`SCENARIOS`]).
    pub scenario: Option<&'static str>,
}

/// Set-ups the app can run to show a message: an id and what it boots. The
/// first four are the app's demo scenarios (demo/scenarios.md); the app maps
/// the others onto a demo folder or server of its own.
pub const SCENARIOS: [(&str, &str); 6] = [
    (
        "factory-fresh",
        "Boot a factory-fresh phone against the demo server",
    ),
    (
        "already-current",
        "Boot a phone that already runs the demo's software",
    ),
    (
        "new-firmware",
        "Boot a phone with older firmware than the demo offers",
    ),
    (
        "corrupt-firmware",
        "Boot against demo/broken/, whose firmware fails its SHA-256 check",
    ),
    (
        "no-upgrade-script",
        "Boot a factory-fresh phone against a folder with no 16xxupgrade.txt",
    ),
    (
        "unreachable",
        "Boot against a server that does not answer (127.0.0.1 port 9)",
    ),
];

impl DisplayMessage {
    /// The message as Avaya's documents write it: `HTTP:n sc etag`.
    pub fn message(&self) -> String {
        let mut out = String::with_capacity(self.pattern.len());
        let mut rest = self.pattern;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = rest[open + 1..open + close].trim_end_matches('?');
            out.push_str(match name {
                "ip" => "aaa.bbb.ccc.ddd",
                "file" => "<file>",
                other => other,
            });
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The title of the demo set-up that shows this message.
    pub fn scenario_title(&self) -> Option<&'static str> {
        let id = self.scenario?;
        SCENARIOS.iter().find(|(i, _)| *i == id).map(|(_, t)| *t)
    }
}

/// A message as `phoneboot says --json` prints it (the issue's contract).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatchJson {
    pub message: String,
    pub phase: &'static str,
    pub meaning: &'static str,
    pub causes: Vec<&'static str>,
    pub fixes: Vec<&'static str>,
    pub source: Tag,
}

impl From<&DisplayMessage> for MatchJson {
    fn from(m: &DisplayMessage) -> Self {
        MatchJson {
            message: m.message(),
            phase: m.phase,
            meaning: m.meaning,
            causes: m.causes.to_vec(),
            fixes: m.fixes.to_vec(),
            source: m.source,
        }
    }
}

const STARTUP: &str = "start-up";
const NETWORK: &str = "network (Ethernet, DHCP)";
const FILES: &str = "file server (scripts and settings)";
const FIRMWARE: &str = "application download";
const REGISTER: &str = "registration with the call server";
const BACKUP: &str = "backup and restore";
const EMULATOR: &str = "emulator";

const CALL_SERVER_DOCS: &str =
    "Look at the call server's (Communication Manager's) administration and its error logs for this extension.";

/// Every message: those the emulated boot shows first, then the documented
/// ones it does not emulate.
pub const MESSAGES: &[DisplayMessage] = &[
    DisplayMessage {
        pattern: text::RESTARTING,
        phase: STARTUP,
        meaning: "The phone is in the first stage of a restart: after writing a file to flash, after a failed download, or when the call server or the user restarted it.",
        causes: &["New boot code or application was written to flash", "A downloaded file failed its checks", "A remote restart from the call server"],
        fixes: &["Let it continue. If it shows again and again, the phone is in a loop: see the upgrade script's requests in the server's access log (Compare below)."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("factory-fresh"),
    },
    DisplayMessage {
        pattern: text::INITIALIZING,
        phase: STARTUP,
        meaning: "The phone has power and starts its boot code.",
        causes: &["Power-on or restart"],
        fixes: &["None needed. A phone that stays here has a hardware or boot-code problem: power it off and on; if it persists, replace it."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("already-current"),
    },
    DisplayMessage {
        pattern: text::LOADING,
        phase: STARTUP,
        meaning: "The boot code loads the application from flash.",
        causes: &["Power-on or restart"],
        fixes: &["None needed."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("already-current"),
    },
    DisplayMessage {
        pattern: text::STARTING,
        phase: STARTUP,
        meaning: "The application starts.",
        causes: &["Power-on or restart"],
        fixes: &["None needed."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("already-current"),
    },
    DisplayMessage {
        pattern: "{n}Mbps",
        phase: NETWORK,
        meaning: "The Ethernet link is up at this speed (10 or 100 Mbit/s).",
        causes: &["The switch port negotiated this speed"],
        fixes: &["None needed. 10Mbps where 100Mbps is expected: check the cable and the switch port's speed and duplex settings."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("already-current"),
    },
    DisplayMessage {
        pattern: "DHCP: {s} secs",
        phase: NETWORK,
        meaning: "The phone is asking DHCP for its address; s counts the seconds it has waited.",
        causes: &["Normal while DHCP answers", "When the count keeps rising: no DHCP server answers on the phone's VLAN"],
        fixes: &["When it counts for long: check the DHCP scope for the phone's VLAN, the relay (ip helper) on the router, and L2Q/L2QVLAN in option 242."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("already-current"),
    },
    DisplayMessage {
        pattern: "HTTP:{n} {uri}",
        phase: FILES,
        meaning: "Request number n for a file: the URL (or server and file name) the phone asks for.",
        causes: &["The boot asks the file servers for 16xxupgrade.txt, the application, then the settings files"],
        fixes: &["Check that the URL is the one you expect: the server from option 242 (HTTPSRVR/TLSSRVR), HTTPPORT and HTTPDIR. A SET HTTPSRVR or HTTPDIR in a file moves later requests."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("factory-fresh"),
    },
    DisplayMessage {
        pattern: "HTTP:{n} {sc} {etag?}",
        phase: FILES,
        meaning: "The answer to request n: sc is the HTTP status code (200 is success), followed by the file's ETag when the server sends one.",
        causes: &["200: the file was obtained", "404: the file is not in the server's folder (HTTPDIR) under that exact name", "3xx: a redirect, which the phone does not follow", "401/403: the server refuses the file", "5xx: an error inside the web server"],
        fixes: &["404: put the file in the folder the phone asks (HTTPDIR), with the exact name and case", "3xx: point HTTPSRVR/HTTPDIR at the final location (the phone does not follow redirects)", "401/403: let the web server read the file without authentication", "5xx: look at the web server's error log"],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("factory-fresh"),
    },
    DisplayMessage {
        pattern: "HTTP:{n} failed",
        phase: FILES,
        meaning: "Request n got no answer: the server did not answer, refused the connection or timed out. Avaya publishes no text for this case; this is the emulator's.",
        causes: &["The server is down, or the address or port is wrong", "A firewall blocks the phone's VLAN", "An https (TLS) server whose certificate the phone does not trust"],
        fixes: &["Check HTTPSRVR/TLSSRVR and HTTPPORT in option 242, and that the server answers from the phones' VLAN"],
        source: Tag::Emu,
        emulated: true,
        scenario: Some("unreachable"),
    },
    DisplayMessage {
        pattern: "{file}",
        phase: FIRMWARE,
        meaning: "The name of a file being downloaded over HTTP: boot code (hb...), the application (ha...), or a language or font file.",
        causes: &["The upgrade script's SET APPNAME names a file that flash does not hold", "The settings name a language or font file that flash does not hold"],
        fixes: &["None needed. If the same name comes back on every boot, the file fails its checks or flash does not keep it: see the checks in the Boot view."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("new-firmware"),
    },
    DisplayMessage {
        pattern: "{n} KB received",
        phase: FIRMWARE,
        meaning: "Progress of a download: kilobytes received so far.",
        causes: &["A firmware, language or font file is downloading"],
        fixes: &["None needed. Stuck: the server or the network stalls the download; look at the server's access log for the file."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("new-firmware"),
    },
    DisplayMessage {
        pattern: "Saving to flash {n}%, {x} secs",
        phase: FIRMWARE,
        meaning: "The downloaded file passed its checks and is written to flash: n percent done, x seconds so far. Do not unplug the phone.",
        causes: &["New boot code or application"],
        fixes: &["Let it finish; the phone restarts afterwards."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("new-firmware"),
    },
    DisplayMessage {
        pattern: "Updating... {n}%, {x} secs",
        phase: FIRMWARE,
        meaning: "After a restart, the phone installs the new boot code it saved: do not unplug it.",
        causes: &["New boot code was written to flash"],
        fixes: &["Let it finish. Unplugging the phone now can leave it unable to start."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("factory-fresh"),
    },
    DisplayMessage {
        pattern: text::CHECKSUM_ERROR,
        phase: FIRMWARE,
        meaning: "The downloaded application file was not downloaded or saved correctly; the phone resets and tries again, keeping what it had.",
        causes: &["The file on the server is truncated or corrupt", "The server answered 200 with an error page instead of the file", "The file is larger than the flash", "The file does not match its published SHA-256 (the emulator's check)"],
        fixes: &["Replace the file on the server with a complete copy from Avaya (and its .sha256)", "Check the server's Content-Length and that nothing in between (proxy, antivirus) alters it"],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("corrupt-firmware"),
    },
    DisplayMessage {
        pattern: text::FILE_NOT_FOUND,
        phase: FIRMWARE,
        meaning: "The application file the upgrade script names is not on the server (404). Avaya publishes no text for this; the emulator shows it.",
        causes: &["SET APPNAME names a file that is not in HTTPDIR", "The name's case differs from the file's on a case-sensitive server"],
        fixes: &["Put the file next to 16xxupgrade.txt, or correct the SET APPNAME line"],
        source: Tag::Emu,
        emulated: true,
        scenario: None,
    },
    DisplayMessage {
        pattern: text::SYSTEM_BUSY,
        phase: REGISTER,
        meaning: "Avaya: most likely the call server already has its maximum of IP endpoints; less likely a network resource (DHCP, HTTP or call server) is unavailable. The emulator also shows it when no server delivered 16xxupgrade.txt to a phone with no application in flash [emu].",
        causes: &["The call server's IP endpoint limit is reached", "The DHCP, HTTP or call server does not answer", "No 16xxupgrade.txt on the server and no application in flash (factory-fresh phone)"],
        fixes: &["Check that the resource the phone needs (DHCP server, HTTP server, call server) answers, with the right addresses, in both directions", "Put 16xxupgrade.txt and the application in HTTPDIR", "Check the call server's licence and endpoint capacity"],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("no-upgrade-script"),
    },
    DisplayMessage {
        pattern: text::LOGIN,
        phase: REGISTER,
        meaning: "The files are done; the phone asks for the extension to register with the call server (MCIPADD).",
        causes: &["A boot that reached registration"],
        fixes: &["Enter the extension and password. Everything before this (scripts, firmware, settings) worked."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("already-current"),
    },
    DisplayMessage {
        pattern: text::ENTER_EXTENSION,
        phase: REGISTER,
        meaning: "The phone asks for its extension (then its password) to register with the call server.",
        causes: &["A boot that reached registration"],
        fixes: &["Enter the extension and password administered on the call server."],
        source: Tag::Doc,
        emulated: true,
        scenario: Some("already-current"),
    },
    DisplayMessage {
        pattern: text::RETRIEVAL_OK,
        phase: BACKUP,
        meaning: "The phone fetched its backup file (BRURI + <extension>_16xxdata.txt) after the login. Avaya publishes no such text; the emulator shows it.",
        causes: &["BRURI is set and the backup file exists"],
        fixes: &["None needed."],
        source: Tag::Emu,
        emulated: true,
        scenario: None,
    },
    DisplayMessage {
        pattern: text::RETRIEVAL_FAILED,
        phase: BACKUP,
        meaning: "The phone could not fetch its backup file (BRURI + <extension>_16xxdata.txt) after the login; the user's settings are not restored. Avaya documents the message, not its causes.",
        causes: &["The BRURI server does not answer or refuses the request", "BRURI is https (the 1600 backs up over http only) or malformed"],
        fixes: &["Set BRURI to an http:// URL of a folder the phones may read and write", "Check the backup server's access log for <extension>_16xxdata.txt"],
        source: Tag::Doc,
        emulated: true,
        scenario: None,
    },
    DisplayMessage {
        pattern: text::BOOT_STOPPED,
        phase: EMULATOR,
        meaning: "The emulator ended the boot at a safety bound (statements executed, GETs, file size). A real phone shows nothing like it.",
        causes: &["A GOTO loop that never ends", "Settings files that GET each other in a loop", "A script or settings file larger than 8 MiB"],
        fixes: &["See the warning that names the file and line, and break the loop or replace the file"],
        source: Tag::Emu,
        emulated: true,
        scenario: None,
    },
    DisplayMessage {
        pattern: text::RESTART_LOOP_STOPPED,
        phase: EMULATOR,
        meaning: "The emulator stopped after 3 restarts in one boot session; a real phone would keep restarting.",
        causes: &["A file that always fails its checks", "A script that chooses a file the phone never keeps"],
        fixes: &["Make the file pass its checks, or make the script choose a file that is loaded"],
        source: Tag::Emu,
        emulated: true,
        scenario: Some("corrupt-firmware"),
    },
    // Documented messages the emulator does not produce.
    DisplayMessage {
        pattern: "No Ethernet",
        phase: NETWORK,
        meaning: "When first plugged in, the phone cannot communicate over the Ethernet.",
        causes: &["No cable, a broken cable or an unpatched jack", "A switch port that is down or without PoE for a PoE-powered phone"],
        fixes: &["Check the cable to the LAN jack (Category 5 or better), that the jack is patched to an active switch port, and that the port gives power (or use the local power supply)"],
        source: Tag::Doc,
        emulated: false,
        scenario: None,
    },
    DisplayMessage {
        pattern: "DHCP: CONFLICT",
        phase: NETWORK,
        meaning: "An IP address the DHCP server offered conflicts with another device's address.",
        causes: &["A duplicate address: a static device inside the DHCP range, or two DHCP servers"],
        fixes: &["Review the DHCP server's administration for duplicate addresses; exclude static addresses from the scope"],
        source: Tag::Doc,
        emulated: false,
        scenario: None,
    },
    DisplayMessage {
        pattern: "Subnet conflict",
        phase: NETWORK,
        meaning: "The phone is not on the same (VLAN) subnet as its router.",
        causes: &["A wrong router (gateway) or subnet mask from DHCP or static addressing", "The phone ended up on the wrong VLAN (L2Q/L2QVLAN)"],
        fixes: &["Give the phone an address in the router's subnet (DHCP scope or static addressing), and check L2QVLAN"],
        source: Tag::Doc,
        emulated: false,
        scenario: None,
    },
    DisplayMessage {
        pattern: "Discover {ip}",
        phase: REGISTER,
        meaning: "The phone is trying to discover and register with the call server (gatekeeper) at this address.",
        causes: &["Normal for a moment", "Shown for long, or with changing addresses: the phone cannot reach the call server"],
        fixes: &["Check MCIPADD in option 242 or the settings file, and the network path between the phone's VLAN and the call server"],
        source: Tag::Doc,
        emulated: false,
        scenario: None,
    },
    DisplayMessage {
        pattern: "Request Error",
        phase: REGISTER,
        meaning: "The call server (gatekeeper) considers the phone's registration request improperly formatted.",
        causes: &["A firmware the call server does not support", "A call server problem"],
        fixes: &["The phone tries the next gatekeeper in its list by itself; if it persists, restart the phone and check that its firmware is supported by the call server"],
        source: Tag::Doc,
        emulated: false,
        scenario: None,
    },
    DisplayMessage {
        pattern: "Packet Error",
        phase: REGISTER,
        meaning: "A protocol timeout during registration.",
        causes: &["The call server did not answer the registration in time", "Packet loss between the phone and the call server"],
        fixes: &["Enter the extension and password again; if it persists, check the network path to the call server"],
        source: Tag::Doc,
        emulated: false,
        scenario: None,
    },
    DisplayMessage {
        pattern: "Password Error",
        phase: REGISTER,
        meaning: "The call server does not accept the password entered for the extension.",
        causes: &["A mistyped password", "The station's security code on the call server differs"],
        fixes: &["Enter the password again carefully; check the station's security code on the call server"],
        source: Tag::Doc,
        emulated: false,
        scenario: None,
    },
    DisplayMessage {
        pattern: "Extension Error",
        phase: REGISTER,
        meaning: "The call server does not recognise the extension entered.",
        causes: &["A mistyped extension", "The station is not administered as an IP phone"],
        fixes: &["Enter the extension again; check the station's administration on the call server"],
        source: Tag::Doc,
        emulated: false,
        scenario: None,
    },
    DisplayMessage {
        pattern: "Undefined Error",
        phase: REGISTER,
        meaning: "The call server rejected the registration for an unspecified reason.",
        causes: &["Unknown: Avaya gives no cause"],
        fixes: &[CALL_SERVER_DOCS],
        source: Tag::Doc,
        emulated: false,
        scenario: None,
    },
    DisplayMessage {
        pattern: "System Error",
        phase: REGISTER,
        meaning: "The call server has an unspecified problem.",
        causes: &["Unknown: Avaya gives no cause"],
        fixes: &[CALL_SERVER_DOCS],
        source: Tag::Doc,
        emulated: false,
        scenario: None,
    },
    DisplayMessage {
        pattern: "Wrong Set Type",
        phase: REGISTER,
        meaning: "The call server does not expect this kind of phone on this extension.",
        causes: &["The station is administered as another set type"],
        fixes: &["Administer the station with the set type of this phone (or an alias the call server accepts)"],
        source: Tag::Doc,
        emulated: false,
        scenario: None,
    },
];

/// Longest input looked at: a display shows far less; the rest is ignored.
const MAX_INPUT: usize = 256;

/// One element of a compiled pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Elem {
    Lit(char),
    Num(&'static str),
    Ip,
    File,
    Uri,
    Etag,
}

/// Characters that never have to match: spacing, dots and punctuation.
fn is_sep(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ',' | ':' | ';' | '!' | '%' | '-' | '\u{2026}' | '"' | '\''
        )
}

fn compile(pattern: &'static str) -> Vec<Elem> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        if let Some(body) = rest.strip_prefix('{') {
            let Some(close) = body.find('}') else { break };
            let name = &body[..close];
            out.push(match name {
                "ip" => Elem::Ip,
                "file" => Elem::File,
                "uri" => Elem::Uri,
                "etag?" => Elem::Etag,
                n => Elem::Num(n),
            });
            rest = &body[close + 1..];
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            if !is_sep(c) {
                out.extend(c.to_lowercase().map(Elem::Lit));
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The input as matched: lower case, at most [`MAX_INPUT`] characters.
fn normalise(input: &str) -> Vec<char> {
    input
        .chars()
        .take(MAX_INPUT)
        .flat_map(char::to_lowercase)
        .collect()
}

/// How far an input matched a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    /// The input is the start of the message (typing in progress).
    Prefix,
    /// The whole message.
    Full,
}

/// Matches `s` against `p` with memoised backtracking: O(|p| x |s|^2) at worst.
struct Matcher<'a> {
    p: &'a [Elem],
    s: &'a [char],
    failed: Vec<bool>,
    prefix_ok: bool,
}

impl Matcher<'_> {
    fn run(&mut self, pi: usize, si: usize) -> Option<Fit> {
        let key = pi * (self.s.len() + 1) + si;
        if self.failed[key] {
            return None;
        }
        let r = self.step(pi, si);
        if r.is_none() {
            self.failed[key] = true;
        }
        r
    }

    fn rest_is_sep(&self, si: usize) -> bool {
        self.s[si..].iter().all(|c| is_sep(*c))
    }

    fn step(&mut self, pi: usize, si: usize) -> Option<Fit> {
        let s = self.s;
        if pi == self.p.len() {
            return self.rest_is_sep(si).then_some(Fit::Full);
        }
        // Spacing and dots in the input never have to match anything.
        if si < s.len() && is_sep(s[si]) {
            if let Some(f) = self.run(pi, si + 1) {
                return Some(f);
            }
        }
        if self.rest_is_sep(si) {
            // The input ended inside the pattern: an optional tail, or a prefix.
            if self.p[pi..].iter().all(|e| *e == Elem::Etag) {
                return Some(Fit::Full);
            }
            let typed_a_word = self.p[..pi].iter().any(|e| matches!(e, Elem::Lit(_)));
            return (self.prefix_ok && typed_a_word).then_some(Fit::Prefix);
        }
        match self.p[pi] {
            Elem::Lit(c) => (s[si] == c).then(|| self.run(pi + 1, si + 1)).flatten(),
            Elem::Num(name) => {
                // The name itself ("HTTP:n sc" as the documents write it).
                let n: Vec<char> = name.chars().collect();
                if s[si..].starts_with(&n) {
                    if let Some(f) = self.run(pi + 1, si + n.len()) {
                        return Some(f);
                    }
                }
                let digits = s[si..].iter().take_while(|c| c.is_ascii_digit()).count();
                (1..=digits).rev().find_map(|k| self.run(pi + 1, si + k))
            }
            Elem::Ip => {
                let lit: Vec<char> = "aaa.bbb.ccc.ddd".chars().collect();
                if s[si..].starts_with(&lit) {
                    if let Some(f) = self.run(pi + 1, si + lit.len()) {
                        return Some(f);
                    }
                }
                let n = s[si..]
                    .iter()
                    .take_while(|c| c.is_ascii_hexdigit() || matches!(c, '.' | ':'))
                    .count();
                (1..=n)
                    .rev()
                    .filter(|k| s[si..si + k].iter().any(char::is_ascii_digit))
                    .find_map(|k| self.run(pi + 1, si + k))
            }
            Elem::File => {
                for lit in ["<file>", "file"] {
                    let lit: Vec<char> = lit.chars().collect();
                    if s[si..].starts_with(&lit) {
                        if let Some(f) = self.run(pi + 1, si + lit.len()) {
                            return Some(f);
                        }
                    }
                }
                // A name with an extension: letters, digits, _ - and dots.
                let n = s[si..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '$'))
                    .count();
                (1..=n)
                    .rev()
                    .filter(|&k| is_file_name(&s[si..si + k]))
                    .find_map(|k| self.run(pi + 1, si + k))
            }
            Elem::Uri => {
                let lit: Vec<char> = "uri".chars().collect();
                if s[si..].starts_with(&lit) {
                    if let Some(f) = self.run(pi + 1, si + lit.len()) {
                        return Some(f);
                    }
                }
                // A URL, host or file name: no spaces, a dot, colon or slash in it.
                let n = s[si..].iter().take_while(|c| !c.is_whitespace()).count();
                (1..=n)
                    .rev()
                    .filter(|&k| s[si..si + k].iter().any(|c| matches!(c, '/' | '.' | ':')))
                    .find_map(|k| self.run(pi + 1, si + k))
            }
            Elem::Etag => {
                let n = s[si..].iter().take_while(|c| !c.is_whitespace()).count();
                (1..=n)
                    .rev()
                    .find_map(|k| self.run(pi + 1, si + k))
                    .or_else(|| self.run(pi + 1, si))
            }
        }
    }
}

fn is_file_name(s: &[char]) -> bool {
    let Some(dot) = s.iter().rposition(|c| *c == '.') else {
        return false;
    };
    dot > 0
        && dot + 1 < s.len()
        && s[dot + 1..].iter().all(|c| c.is_ascii_alphanumeric())
        && s[..dot].iter().any(|c| c.is_alphabetic())
}

fn fit(m: &DisplayMessage, input: &[char], prefix_ok: bool) -> Option<(Fit, usize)> {
    let p = compile(m.pattern);
    let mut matcher = Matcher {
        p: &p,
        s: input,
        failed: vec![false; (p.len() + 1) * (input.len() + 1)],
        prefix_ok,
    };
    let lits = p.iter().filter(|e| matches!(e, Elem::Lit(_))).count();
    matcher.run(0, 0).map(|f| (f, lits))
}

/// The messages `input` is, best first: whole matches when there are any
/// (the most specific of them: `HTTP:1 failed` is not also `HTTP:n uri`),
/// else the messages it is the beginning of (`Restart` while typing).
/// Empty when nothing matches.
pub fn matches(input: &str) -> Vec<&'static DisplayMessage> {
    let s = normalise(input);
    if s.iter().all(|c| is_sep(*c)) {
        return Vec::new();
    }
    let typed = s.iter().filter(|c| !is_sep(**c)).count();
    let found: Vec<(&'static DisplayMessage, Fit, usize)> = MESSAGES
        .iter()
        .filter_map(|m| fit(m, &s, typed >= 2).map(|(f, l)| (m, f, l)))
        .collect();
    let best = found.iter().map(|(_, f, l)| (*f, *l)).max();
    let Some((best_fit, best_lits)) = best else {
        return Vec::new();
    };
    found
        .into_iter()
        .filter(|(_, f, l)| *f == best_fit && (best_fit == Fit::Prefix || *l == best_lits))
        .map(|(m, _, _)| m)
        .collect()
}

/// The messages nearest to `input` (edit distance over their letters), for a
/// text that matches nothing; at most `n`.
pub fn closest(input: &str, n: usize) -> Vec<&'static DisplayMessage> {
    let letters = |s: &str| -> Vec<char> {
        s.chars()
            .take(MAX_INPUT)
            .flat_map(char::to_lowercase)
            .filter(|c| c.is_alphabetic())
            .collect()
    };
    let a = letters(input);
    let mut scored: Vec<(usize, usize, &'static DisplayMessage)> = MESSAGES
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let b = letters(&m.message());
            (distance(&a, &b), i, m)
        })
        .collect();
    scored.sort_by_key(|(d, i, _)| (*d, *i));
    scored.into_iter().take(n).map(|(_, _, m)| m).collect()
}

fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// `phoneboot says --json`: `{"matches": [...]}`.
pub fn matches_json(input: &str) -> String {
    #[derive(Serialize)]
    struct Out {
        matches: Vec<MatchJson>,
    }
    let out = Out {
        matches: matches(input).into_iter().map(MatchJson::from).collect(),
    };
    serde_json::to_string_pretty(&out).unwrap_or_else(|_| "{\"matches\": []}".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(input: &str) -> String {
        matches(input)
            .first()
            .map(|m| m.message())
            .unwrap_or_default()
    }

    #[test]
    fn the_issue_examples_match() {
        assert_eq!(first("HTTP:3 404"), "HTTP:n sc etag");
        assert_eq!(first("DHCP: 12 secs"), "DHCP: s secs");
        assert_eq!(first("Discover 10.0.0.5"), "Discover aaa.bbb.ccc.ddd");
        assert_eq!(first("system BUSY"), "System busy");
        assert_eq!(first("restarting"), "Restarting...");
        assert_eq!(first("Restarting…"), "Restarting...");
        assert_eq!(first("  dhcp:conflict "), "DHCP: CONFLICT");
        assert_eq!(first("HTTP:1 failed"), "HTTP:n failed");
        assert_eq!(matches("HTTP:1 failed").len(), 1);
        assert_eq!(first("HTTP:2 10.0.0.9/16xxupgrade.txt"), "HTTP:n uri");
        assert_eq!(first("ha1608demo_r2_0.bin"), "<file>");
        assert_eq!(
            first("Saving to flash 50%, 1 secs"),
            "Saving to flash n%, x secs"
        );
        assert_eq!(first("HTTP:n sc"), "HTTP:n sc etag");
        assert_eq!(first("HTTP:4 200 \"5f3a-1c\""), "HTTP:n sc etag");
    }

    #[test]
    fn a_beginning_lists_what_it_may_become() {
        let m: Vec<String> = matches("Restart").iter().map(|m| m.message()).collect();
        assert!(m.contains(&"Restarting...".to_owned()));
        assert!(m.contains(&"Restart loop stopped".to_owned()));
    }

    #[test]
    fn nothing_matches_nonsense_and_the_closest_are_named() {
        assert!(matches("Sistem bizzy").is_empty());
        assert_eq!(closest("Sistem bizzy", 3)[0].message(), "System busy");
        assert!(matches("").is_empty());
        assert!(matches(" ... ").is_empty());
    }

    #[test]
    fn every_message_matches_itself_as_documented() {
        for m in MESSAGES {
            let found = matches(&m.message());
            assert!(found.contains(&m), "{} does not match itself", m.message());
        }
    }

    #[test]
    fn hostile_input_is_bounded() {
        let long = "9".repeat(1_000_000);
        assert!(matches(&long).is_empty());
        let dots = ". 1".repeat(100_000);
        let _ = matches(&dots);
        let _ = closest(&"\u{0}\u{ffff}".repeat(10_000), 3);
    }

    #[test]
    fn scenarios_named_by_messages_exist() {
        for m in MESSAGES {
            if m.scenario.is_some() {
                assert!(m.scenario_title().is_some(), "{}", m.pattern);
            }
        }
    }
}
