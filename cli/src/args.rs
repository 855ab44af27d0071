//! Hand-written argument parsing (no clap, to keep the build small).
//! Every error names the flag and says what to do; the caller exits with 2.

use std::ffi::OsString;
use std::path::PathBuf;

use phoneboot_engine::Model;

pub const USAGE: &str = "\
phoneboot - emulate an Avaya 1600-series IP phone booting from a provisioning server

USAGE:
    phoneboot --model MODEL (--dir DIR | --url URL | --option242 STRING) [OPTIONS]

THE SERVER (exactly one of --dir, --url, --option242; --dir may be combined with --option242):
    --dir DIR            Serve the files from the folder DIR, like an HTTP file server
                         whose document root is DIR. Names outside DIR ('..') are refused.
    --url URL            A plain http:// base URL; every file is fetched from URL/<file>
                         (the emulator's shortcut for a single server). https is not
                         supported by this tool.
    --option242 STRING   A DHCP option-242 string, e.g.
                         \"HTTPSRVR=10.0.0.9,HTTPDIR=phones/1600,L2QVLAN=20\".
                         Files are fetched over HTTP from the servers it names; TLSSRVR
                         (https) servers fail with an explanation.
                         With --dir as well, nothing goes over the network: each URL
                         scheme://host:port/HTTPDIR/file is mapped onto DIR/HTTPDIR/file,
                         so HTTPDIR is a sub-folder of DIR (the option-242 values still
                         apply, e.g. as DHCP settings).

THE PHONE:
    --model MODEL        1603, 1603-I, 1603SW, 1603SW-I, 1608, 1608-I, 1616 or 1616-I
                         (case and '-' do not matter). Required.
    --group N            $GROUP, 0..999 (default 0).
    --mac M              $MACADDR, as the phone shows it (default 00:1b:4f:00:16:08).
    --bootname F         Boot code already in flash ($BOOTNAME). Default: none.
    --appname F          Application already in flash ($APPNAME). Default: none.
                         With neither, the phone is factory-fresh. When the script's
                         APPNAME equals what is loaded, nothing is downloaded.

OPTIONS:
    --json               Print the report as one JSON object instead of text.
    --show-secrets       Show passwords and other secret values (masked by default).
    --timeout SECS       Per-request timeout in seconds (default 10).
    --digest FILE_OR_HEX Reference SHA-256 for downloaded files: a file in sha256sum
                         format, a 64-hex-digit digest (applies to any file), or
                         \"HEX  NAME\". May be given more than once.
    -h, --help           Print this help.
    -V, --version        Print the version.

EXIT STATUS:
    0   the phone reached registration (Login / Enter Extension)
    1   any other outcome: restart loop, no application (System busy), safety bound,
        no server
    2   usage error (bad or missing flag)

EXAMPLES:
    # A factory-fresh 1608 against the demo folder:
    phoneboot --dir demo --model 1608

    # A 1616 in group 3 that already runs the current software, as JSON:
    phoneboot --dir demo --model 1616 --group 3 \\
        --bootname hb16xxdemo_r1_5.bin --appname ha1616demo_r2_0.bin --json

    # A real HTTP server:
    phoneboot --url http://10.0.0.9/phones/1600/ --model 1603SW-I

    # The servers from DHCP option 242, over the network:
    phoneboot --option242 \"HTTPSRVR=10.0.0.9,HTTPDIR=phones,MCIPADD=10.0.0.5\" --model 1608

    # The same option 242, with the files in ./srv/phones/ instead:
    phoneboot --dir srv --option242 \"HTTPSRVR=10.0.0.9,HTTPDIR=phones\" --model 1608
";

/// The server, as the user gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerArg {
    Dir(PathBuf),
    Url(String),
    Option242(String),
    /// Option-242 URLs mapped onto a folder.
    DirOption242(PathBuf, String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Args {
    pub server: ServerArg,
    pub model: Model,
    pub group: u16,
    pub mac: Option<String>,
    pub bootname: Option<String>,
    pub appname: Option<String>,
    pub json: bool,
    pub show_secrets: bool,
    pub timeout_ms: u32,
    /// Pasted reference digests, sha256sum format.
    pub digests: String,
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Run(Box<Args>),
    Help,
    Version,
}

/// A usage error: the message to print before the hint to run --help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, UsageError> {
    Err(UsageError(msg.into()))
}

const VALUE_FLAGS: [&str; 10] = [
    "--dir",
    "--model",
    "--group",
    "--mac",
    "--bootname",
    "--appname",
    "--option242",
    "--url",
    "--timeout",
    "--digest",
];
const SWITCHES: [&str; 2] = ["--json", "--show-secrets"];

pub fn parse(raw: Vec<OsString>) -> Result<Command, UsageError> {
    let mut args: Vec<String> = Vec::with_capacity(raw.len());
    for (i, a) in raw.into_iter().enumerate() {
        match a.into_string() {
            Ok(s) => args.push(s),
            Err(a) => {
                return err(format!(
                    "argument {} ({}) is not valid UTF-8",
                    i + 1,
                    a.to_string_lossy()
                ))
            }
        }
    }

    let mut values: Vec<(&'static str, String)> = Vec::new();
    let mut switches: Vec<&'static str> = Vec::new();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-h" | "--help" | "help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            _ => {}
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        if let Some(flag) = SWITCHES.iter().find(|f| **f == name) {
            if inline.is_some() {
                return err(format!("{flag} takes no value (got \"{arg}\")"));
            }
            if switches.contains(flag) {
                return err(format!("{flag} is given twice"));
            }
            switches.push(flag);
            continue;
        }
        let Some(flag) = VALUE_FLAGS.iter().find(|f| **f == name) else {
            if arg.starts_with('-') {
                let hint = suggest(&name)
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                return err(format!("unknown flag \"{name}\"{hint}"));
            }
            return err(format!(
                "unexpected argument \"{arg}\": every value follows its flag, e.g. --dir {arg}"
            ));
        };
        let value = match inline {
            Some(v) => v,
            None => match it.next() {
                Some(v) if !(v.starts_with("--") && v.len() > 2) => v,
                _ => return err(format!("{flag} needs a value: {flag} {}", metavar(flag))),
            },
        };
        if *flag != "--digest" && values.iter().any(|(f, _)| f == flag) {
            return err(format!("{flag} is given twice; give it once"));
        }
        values.push((flag, value));
    }

    let get = |flag: &str| {
        values
            .iter()
            .find(|(f, _)| *f == flag)
            .map(|(_, v)| v.clone())
    };

    let model = match get("--model") {
        None => return err("--model is missing: say which phone boots, e.g. --model 1608"),
        Some(m) => match Model::parse(&m) {
            Some(m) => m,
            None => {
                let names: Vec<&str> = Model::ALL.iter().map(|m| m.name()).collect();
                return err(format!(
                    "--model: unknown model \"{m}\"; use one of {}",
                    names.join(", ")
                ));
            }
        },
    };

    let group = match get("--group") {
        None => 0,
        Some(g) => match g.trim().parse::<u32>() {
            Ok(n) if n <= 999 => n as u16,
            _ => {
                return err(format!(
                    "--group must be a whole number from 0 to 999 (got \"{g}\")"
                ))
            }
        },
    };

    let mac = get("--mac");
    if mac.as_deref().is_some_and(|m| m.trim().is_empty()) {
        return err("--mac is empty: give the MAC address, e.g. --mac 00:1b:4f:12:34:56");
    }

    let timeout_ms = match get("--timeout") {
        None => 10_000,
        Some(t) => match t.trim().parse::<f64>() {
            Ok(s) if s.is_finite() && s > 0.0 && s <= 3600.0 => ((s * 1000.0).round() as u32).max(1),
            _ => {
                return err(format!(
                    "--timeout must be a number of seconds greater than 0 and at most 3600 (got \"{t}\")"
                ))
            }
        },
    };

    let mut digests = String::new();
    for (_, d) in values.iter().filter(|(f, _)| *f == "--digest") {
        digests.push_str(&read_digest(d)?);
        digests.push('\n');
    }

    let dir = get("--dir").map(|d| check_dir(&d)).transpose()?;
    let url = get("--url");
    let o242 = get("--option242");
    let server = match (dir, url, o242) {
        (None, None, None) => {
            return err(
                "no server: give --dir DIR (a provisioning folder), --url http://HOST/PATH/ or --option242 \"HTTPSRVR=...\"",
            )
        }
        (Some(_), Some(_), _) => {
            return err("--dir and --url are both given: choose one server")
        }
        (None, Some(_), Some(_)) => {
            return err(
                "--url and --option242 are both given: choose one (option 242 names its own servers)",
            )
        }
        (Some(d), None, None) => ServerArg::Dir(d),
        (None, Some(u), None) => ServerArg::Url(check_url(&u)?),
        (None, None, Some(o)) => ServerArg::Option242(check_option242(&o)?),
        (Some(d), None, Some(o)) => ServerArg::DirOption242(d, check_option242(&o)?),
    };

    Ok(Command::Run(Box::new(Args {
        server,
        model,
        group,
        mac,
        bootname: get("--bootname").filter(|s| !s.trim().is_empty()),
        appname: get("--appname").filter(|s| !s.trim().is_empty()),
        json: switches.contains(&"--json"),
        show_secrets: switches.contains(&"--show-secrets"),
        timeout_ms,
        digests,
    })))
}

fn metavar(flag: &str) -> &'static str {
    match flag {
        "--dir" => "DIR",
        "--model" => "1608",
        "--group" => "N",
        "--mac" => "00:1b:4f:12:34:56",
        "--bootname" | "--appname" => "FILE",
        "--option242" => "\"HTTPSRVR=10.0.0.9,HTTPDIR=phones\"",
        "--url" => "http://HOST/PATH/",
        "--timeout" => "SECS",
        "--digest" => "FILE_OR_HEX",
        _ => "VALUE",
    }
}

/// The known flag closest to a misspelt one.
fn suggest(name: &str) -> Option<&'static str> {
    let bare = name.trim_start_matches('-').to_ascii_lowercase();
    if bare.is_empty() {
        return None;
    }
    VALUE_FLAGS
        .iter()
        .chain(SWITCHES.iter())
        .map(|f| (distance(f.trim_start_matches('-'), &bare), *f))
        .filter(|(d, f)| *d <= 2 || f.trim_start_matches('-').starts_with(&bare))
        .min()
        .map(|(_, f)| f)
}

/// Levenshtein distance of two short ASCII strings.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<u8> = b.bytes().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn check_dir(d: &str) -> Result<PathBuf, UsageError> {
    if d.trim().is_empty() {
        return err("--dir is empty: give the provisioning folder, e.g. --dir ./demo");
    }
    let p = PathBuf::from(d);
    match std::fs::metadata(&p) {
        Ok(m) if m.is_dir() => Ok(p),
        Ok(_) => err(format!(
            "--dir {d}: this is a file, not a folder; give the folder that holds 16xxupgrade.txt"
        )),
        Err(e) => err(format!(
            "--dir {d}: cannot open this folder ({e}); check the path"
        )),
    }
}

fn check_url(u: &str) -> Result<String, UsageError> {
    let t = u.trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return err(format!(
            "--url {t}: https is not supported by the CLI; use the server's plain http:// address, or copy the files to a folder and use --dir"
        ));
    }
    if !lower.starts_with("http://") {
        return err(format!(
            "--url {t}: give a plain http:// URL such as http://10.0.0.9/phones/ (for a folder use --dir)"
        ));
    }
    if t.len() <= "http://".len() || t["http://".len()..].starts_with('/') {
        return err(format!("--url {t}: the URL names no host"));
    }
    if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return err(format!(
            "--url {t}: the URL contains spaces or control characters"
        ));
    }
    match crate::http::parse_url(t) {
        Ok(_) => Ok(t.to_owned()),
        Err(e) => err(format!("--url {t}: {e}")),
    }
}

fn check_option242(o: &str) -> Result<String, UsageError> {
    if o.trim().is_empty() {
        return err(
            "--option242 is empty: give the DHCP option-242 string, e.g. \"HTTPSRVR=10.0.0.9,HTTPDIR=phones\"",
        );
    }
    Ok(o.to_owned())
}

/// `--digest`: a file in sha256sum format, a bare digest, or "HEX  NAME".
fn read_digest(d: &str) -> Result<String, UsageError> {
    let t = d.trim();
    let first = t.split_whitespace().next().unwrap_or("");
    if first.len() == 64 && first.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(t.to_owned());
    }
    let p = std::path::Path::new(d);
    if p.is_file() {
        return match std::fs::read(p) {
            Ok(bytes) if bytes.len() <= 1024 * 1024 => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                if !text.lines().any(|l| {
                    l.split_whitespace()
                        .next()
                        .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
                }) {
                    return err(format!(
                        "--digest {d}: the file holds no SHA-256 digest (expected sha256sum format: \"<64 hex digits>  <file name>\")"
                    ));
                }
                Ok(text)
            }
            Ok(_) => err(format!(
                "--digest {d}: the file is larger than 1 MiB; is it really a digest list?"
            )),
            Err(e) => err(format!("--digest {d}: cannot read the file ({e})")),
        };
    }
    err(format!(
        "--digest {d}: neither a file nor a SHA-256 digest (64 hex digits); give a sha256sum file or the digest itself"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from).collect())
    }

    fn demo() -> String {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../demo").to_owned()
    }

    #[test]
    fn parses_a_full_command_line() {
        let d = demo();
        let Command::Run(a) = p(&[
            "--dir",
            &d,
            "--model=1603sw-i",
            "--group",
            "12",
            "--json",
            "--timeout",
            "2.5",
            "--digest",
            &"a".repeat(64),
        ])
        .unwrap() else {
            panic!("not a run")
        };
        assert_eq!(a.model, Model::M1603SWI);
        assert_eq!(a.group, 12);
        assert!(a.json && !a.show_secrets);
        assert_eq!(a.timeout_ms, 2500);
        assert!(a.digests.starts_with("aaaa"));
        assert!(matches!(a.server, ServerArg::Dir(_)));
    }

    #[test]
    fn usage_errors_name_the_flag() {
        let d = demo();
        let e = p(&["--dir", &d, "--model", "9608"]).unwrap_err();
        assert!(e.0.contains("--model") && e.0.contains("1603SW-I"), "{e}");
        let e = p(&["--dir", &d, "--model", "1608", "--group", "1000"]).unwrap_err();
        assert!(e.0.contains("--group") && e.0.contains("999"), "{e}");
        let e = p(&["--model", "1608"]).unwrap_err();
        assert!(e.0.contains("--dir"), "{e}");
        let e = p(&["--dir", &d, "--model", "1608", "--grup", "1"]).unwrap_err();
        assert!(e.0.contains("--group"), "{e}");
        let e = p(&["--dir", &d, "--model"]).unwrap_err();
        assert!(e.0.contains("needs a value"), "{e}");
        let e = p(&["--dir", &d, "--model", "1608", "--json", "--json"]).unwrap_err();
        assert!(e.0.contains("twice"), "{e}");
        let e = p(&["--url", "https://x/", "--model", "1608"]).unwrap_err();
        assert!(e.0.contains("https is not supported"), "{e}");
        let e = p(&["--url", "http://[::1", "--model", "1608"]).unwrap_err();
        assert!(e.0.contains("unclosed"), "{e}");
        let e = p(&["--url", "http://h:99999/", "--model", "1608"]).unwrap_err();
        assert!(e.0.contains("port"), "{e}");
        let e = p(&["--dir", &d, "--url", "http://x/", "--model", "1608"]).unwrap_err();
        assert!(e.0.contains("choose one"), "{e}");
        let e = p(&["--dir", "/nonexistent/phoneboot", "--model", "1608"]).unwrap_err();
        assert!(e.0.contains("--dir /nonexistent/phoneboot"), "{e}");
        let e = p(&["--dir", &d, "--model", "1608", "--digest", "zz"]).unwrap_err();
        assert!(e.0.contains("--digest"), "{e}");
    }

    #[test]
    fn dir_with_option242_is_allowed() {
        let d = demo();
        let c = p(&["--dir", &d, "--option242", "HTTPSRVR=h", "--model", "1616"]).unwrap();
        let Command::Run(a) = c else { panic!() };
        assert!(matches!(a.server, ServerArg::DirOption242(_, _)));
    }
}
