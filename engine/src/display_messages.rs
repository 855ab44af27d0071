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
    /// Shown at power-on, before the network is up.
    pub const INITIALIZING: &str = "Initializing";
    /// Shown while the phone loads what is in flash.
    pub const LOADING: &str = "Loading";
    /// Shown when the application starts.
    pub const STARTING: &str = "Starting...";
    /// Shown when the phone restarts (after a flash write or a failed download).
    pub const RESTARTING: &str = "Restarting...";
    /// Shown when there is no upgrade script and no application in flash: the phone cannot go on.
    pub const SYSTEM_BUSY: &str = "System busy";
    /// The registration screen: the boot reached the call server (outcome registered).
    pub const LOGIN: &str = "Login";
    /// The registration screen of phones that ask for the extension first.
    pub const ENTER_EXTENSION: &str = "Enter Extension";
    /// Shown when a download fails its checks (spec 6): nothing is written to flash.
    pub const CHECKSUM_ERROR: &str = "Checksum error";
    /// Shown when the application file is not on the server (404).
    pub const FILE_NOT_FOUND: &str = "File not found";
    /// The emulator's own: a safety bound stopped the boot [emu].
    pub const BOOT_STOPPED: &str = "Boot stopped";
    /// The emulator's own: it stopped a restart loop after [`crate::config::MAX_RESTARTS`] restarts [emu].
    pub const RESTART_LOOP_STOPPED: &str = "Restart loop stopped";
    /// The restore of the user's backup succeeded (spec 3.8).
    pub const RETRIEVAL_OK: &str = "Retrieval OK";
    /// The restore of the user's backup failed (spec 3.8).
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
    /// The tag as the spec writes it ("[doc]"), for texts and tables.
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
    /// The boot phase it appears in ("DHCP", "HTTP", "registration", ...).
    pub phase: &'static str,
    /// What it means, in a sentence.
    pub meaning: &'static str,
    /// What usually causes it, most likely first.
    pub causes: &'static [&'static str],
    /// What to do about it, in order.
    pub fixes: &'static [&'static str],
    /// Where the meaning comes from.
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
    /// The message as typed or as the table writes it.
    pub message: String,
    /// The boot phase it appears in.
    pub phase: &'static str,
    /// What it means.
    pub meaning: &'static str,
    /// What usually causes it.
    pub causes: Vec<&'static str>,
    /// What to do about it.
    pub fixes: Vec<&'static str>,
    /// Where the meaning comes from.
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

mod table;
pub use table::MESSAGES;

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
                out.push(Elem::Lit(c.to_ascii_lowercase()));
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The input as matched: lower case, at most [`MAX_INPUT`] characters.
/// ASCII case only: the phone's messages are ASCII, and Unicode's case
/// tables (`char::to_lowercase`) would add about 10 KB gzipped to the wasm.
fn normalise(input: &str) -> Vec<char> {
    input
        .chars()
        .take(MAX_INPUT)
        .map(|c| c.to_ascii_lowercase())
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
            .map(|c| c.to_ascii_lowercase())
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
