//! The command line, defined once with clap (derive): the boot is the default
//! command (no subcommand), other commands are subcommands. `--help` is
//! generated from these definitions.
//!
//! Shared pieces other commands reuse:
//! - [`ServerArgs`] (`--dir`, `--url`, `--option242`, `--timeout`) and
//!   [`ServerArgs::open`], the one function that turns them into a file source;
//! - [`PhoneArgs`] (`--model`, `--group`, `--mac`, `--bootname`, `--appname`).
//!
//! Adding a subcommand: a file `cmd_<name>.rs` with `pub struct Args`
//! (`#[derive(clap::Args)]`) and `pub fn run(&Args) -> Result<i32, CliError>`,
//! one variant in [`Cmd`] and one arm in `main.rs`'s dispatch.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Parser, Subcommand};

use phoneboot_engine::{Model, PhoneConfig, ServerSpec};

use crate::dir::DirSource;
use crate::error::CliError;
use crate::http::HttpSource;
use crate::source::Source;

const AFTER_HELP: &str = "\
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

    # Every model against every group the files test, as CSV:
    phoneboot fleet --dir demo --csv

    # What the phone's display means:
    phoneboot says \"HTTP:3 404\"

    # The server's access log beside the emulated boot of a 1608:
    phoneboot log /var/log/nginx/access.log --option242 \"HTTPSRVR=10.0.0.9,HTTPDIR=phones\" --model 1608
";

/// phoneboot - emulate an Avaya 1600-series IP phone booting from a provisioning server
///
/// Without a subcommand, boots one phone: phoneboot --model MODEL (--dir DIR | --url URL |
/// --option242 STRING) [OPTIONS]
#[derive(Parser, Debug)]
#[command(
    name = "phoneboot",
    version,
    args_conflicts_with_subcommands = true,
    after_long_help = AFTER_HELP,
    after_help = "Run `phoneboot --help` for the exit status and examples."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
    /// The boot, when no subcommand is given.
    #[command(flatten)]
    pub boot: crate::cmd_boot::Args,
}

/// The subcommands; the boot itself is the default (no subcommand).
#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// The fleet matrix: every model against GROUP 0 and every group the files test
    Fleet(crate::cmd_fleet::Args),
    /// What a 1600 display message means: phase, causes and fixes
    Says(crate::cmd_says::Args),
    /// The server's access log beside the emulated boot of one phone
    Log(crate::cmd_log::Args),
    /// Is this server ready? Every file any phone would request, each URL once; exit 1 when one is missing
    Files(crate::cmd_files::Args),
    /// Lint a DHCP option-242 string and print it for dnsmasq, ISC dhcpd, Kea, Windows and RouterOS
    #[command(name = "option242")]
    Option242(crate::cmd_option242::Args),
}

/// The file server, as the user gave it. Shared by every command that reads
/// the provisioning files.
#[derive(clap::Args, Debug, Clone, Default)]
#[command(
    next_help_heading = "THE SERVER (one of --dir, --url, --option242; --dir may be combined with --option242)"
)]
pub struct ServerArgs {
    /// Serve the files from the folder DIR, like an HTTP file server whose document root is DIR
    ///
    /// Names outside DIR ('..') are refused.
    #[arg(long, value_name = "DIR", conflicts_with = "url")]
    pub dir: Option<PathBuf>,

    /// An http:// or https:// base URL; every file is fetched from URL/<file>
    ///
    /// The emulator's shortcut for a single server. https:// URLs are checked
    /// against the usual root certificates (and --ca-file); the phone itself
    /// trusts only Avaya's root CA (spec 2.7).
    #[arg(long, value_name = "URL", conflicts_with = "option242")]
    pub url: Option<String>,

    /// A DHCP option-242 string, e.g. "HTTPSRVR=10.0.0.9,HTTPDIR=phones/1600,L2QVLAN=20"
    ///
    /// Scripts and settings are tried on the TLSSRVR servers (https) first, then on the
    /// HTTPSRVR servers (http), as the phone does; application files over http only.
    /// With --dir as well, nothing goes over the network: each
    /// URL scheme://host:port/HTTPDIR/file is mapped onto DIR/HTTPDIR/file, so
    /// HTTPDIR is a sub-folder of DIR (the option-242 values still apply, e.g.
    /// as DHCP settings).
    #[arg(long = "option242", value_name = "STRING")]
    pub option242: Option<String>,

    /// Per-request timeout in seconds (default 10)
    #[arg(long = "timeout", value_name = "SECS", value_parser = parse_timeout, default_value = "10", hide_default_value = true)]
    pub timeout_ms: u32,

    /// Also trust the CA certificates in this PEM file for https (a lab CA)
    #[arg(long = "ca-file", value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
}

/// A file source opened from [`ServerArgs`], with how it is described to the user.
pub struct Opened {
    pub source: Source,
    pub spec: ServerSpec,
    /// E.g. "folder /srv/phones (file:///srv/phones/)".
    pub described: String,
    pub timeout_ms: u32,
}

impl ServerArgs {
    /// Checks the server flags and opens the source. `Err` is a usage error.
    pub fn open(&self) -> Result<Opened, CliError> {
        let dir = self.dir.as_deref().map(check_dir).transpose()?;
        let o242 = self.option242.as_deref().map(check_option242).transpose()?;
        let http = || match &self.ca_file {
            Some(f) => HttpSource::with_ca_file(f),
            None => Ok(HttpSource::new()),
        };
        let (source, spec, described) = match (dir, &self.url, o242) {
            (None, None, None) => return Err(CliError::NoServer),
            (Some(_), Some(_), _) => return Err(CliError::DirAndUrl),
            (None, Some(_), Some(_)) => return Err(CliError::UrlAndOption242),
            (Some(d), None, None) => {
                let s = dir_source(&d)?;
                let base = s.base_url().to_owned();
                let described = format!("folder {} ({base})", s.root().display());
                (Source::Dir(s), ServerSpec::BaseUrl(base), described)
            }
            (Some(d), None, Some(o)) => {
                let s = dir_source(&d)?;
                let described = format!(
                    "option 242 \"{o}\", served from the folder {} (HTTPDIR is a sub-folder)",
                    s.root().display()
                );
                (Source::Dir(s), ServerSpec::Option242(o), described)
            }
            (None, Some(u), None) => {
                let u = check_url(u)?;
                let described = format!("HTTP {u}");
                (Source::Http(http()?), ServerSpec::BaseUrl(u), described)
            }
            (None, None, Some(o)) => {
                let described = format!("option 242 \"{o}\" (over the network)");
                (Source::Http(http()?), ServerSpec::Option242(o), described)
            }
        };
        Ok(Opened {
            source,
            spec,
            described,
            timeout_ms: self.timeout_ms,
        })
    }
}

/// The phone that boots. Shared by the boot and any command about one phone.
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = "THE PHONE")]
pub struct PhoneArgs {
    /// 1603, 1603-I, 1603SW, 1603SW-I, 1608, 1608-I, 1616 or 1616-I (case and '-' do not matter). Required
    #[arg(long, value_name = "MODEL", value_parser = parse_model)]
    pub model: Option<Model>,

    /// $GROUP, 0..999 (default 0)
    #[arg(long, value_name = "N", value_parser = parse_group, default_value = "0", hide_default_value = true)]
    pub group: u16,

    /// $MACADDR, as the phone shows it (default 00:1b:4f:00:16:08)
    #[arg(long, value_name = "M", value_parser = parse_mac)]
    pub mac: Option<String>,

    /// Boot code already in flash ($BOOTNAME). Default: none
    #[arg(long, value_name = "F")]
    pub bootname: Option<String>,

    /// Application already in flash ($APPNAME). Default: none
    ///
    /// With neither --bootname nor --appname, the phone is factory-fresh. When the script's
    /// APPNAME equals what is loaded, nothing is downloaded.
    #[arg(long, value_name = "F")]
    pub appname: Option<String>,
}

impl PhoneArgs {
    /// The model, or the usage error when it is missing.
    pub fn model(&self) -> Result<Model, CliError> {
        self.model.ok_or(CliError::NoModel)
    }

    pub fn phone(&self) -> Result<PhoneConfig, CliError> {
        let mut phone = PhoneConfig::new(self.model()?);
        phone.group = self.group;
        if let Some(m) = &self.mac {
            phone.mac = m.trim().to_owned();
        }
        Ok(phone)
    }

    pub fn bootname(&self) -> Option<&str> {
        self.bootname.as_deref().filter(|s| !s.trim().is_empty())
    }

    pub fn appname(&self) -> Option<&str> {
        self.appname.as_deref().filter(|s| !s.trim().is_empty())
    }
}

/// What the command line asks for.
pub enum Parsed {
    Run(Box<Cli>),
    /// `--help` or `--version`: print this to stdout, exit 0.
    Info(String),
    /// A usage error: print this to stderr, exit 2.
    Usage(String),
}

/// Parses the command line (without the program name).
pub fn parse(raw: Vec<OsString>) -> Parsed {
    let argv = std::iter::once(OsString::from("phoneboot")).chain(raw);
    match Cli::try_parse_from(argv) {
        Ok(cli) => Parsed::Run(Box::new(cli)),
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                Parsed::Info(e.render().to_string())
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                Parsed::Usage(e.render().to_string())
            }
            _ => Parsed::Usage(usage_message(&e)),
        },
    }
}

/// clap's message, with a plainer first line for the errors users make most.
fn usage_message(e: &clap::Error) -> String {
    let rendered = e.render().to_string();
    let rest = rendered.split_once('\n').map(|(_, r)| r).unwrap_or("");
    let string = |k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        Some(other) => Some(other.to_string()),
        None => None,
    };
    let first = match e.kind() {
        ErrorKind::UnknownArgument => {
            let arg = string(ContextKind::InvalidArg).unwrap_or_default();
            let name = arg.split_once('=').map(|(n, _)| n).unwrap_or(&arg);
            if name.starts_with('-') {
                format!("error: unknown flag \"{name}\"")
            } else {
                format!("error: unexpected argument \"{arg}\": every value follows its flag, e.g. --dir {arg}")
            }
        }
        ErrorKind::ArgumentConflict | ErrorKind::InvalidSubcommand
            if e.get(ContextKind::InvalidSubcommand).is_some() =>
        {
            let word = string(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!(
                "error: unexpected argument \"{word}\": every value follows its flag (e.g. --dir {word}), and a subcommand (fleet) comes first"
            )
        }
        _ => return format!("phoneboot: {rendered}"),
    };
    format!("phoneboot: {first}\n{rest}")
}

fn parse_model(s: &str) -> Result<Model, CliError> {
    Model::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Model::ALL.iter().map(|m| m.name()).collect();
        CliError::UnknownModel {
            given: s.to_owned(),
            names: names.join(", "),
        }
    })
}

fn parse_group(g: &str) -> Result<u16, CliError> {
    Ok(phoneboot_engine::Group::parse(g)?.get())
}

fn parse_mac(m: &str) -> Result<String, CliError> {
    if m.trim().is_empty() {
        return Err(CliError::EmptyMac);
    }
    Ok(m.to_owned())
}

fn parse_timeout(t: &str) -> Result<u32, CliError> {
    match t.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 3600.0 => {
            Ok(((s * 1000.0).round() as u32).max(1))
        }
        _ => Err(CliError::Timeout(t.to_owned())),
    }
}

fn dir_source(dir: &Path) -> Result<DirSource, CliError> {
    DirSource::new(dir).map_err(|source| CliError::DirUnusable {
        dir: dir.to_owned(),
        source,
    })
}

fn check_dir(p: &Path) -> Result<PathBuf, CliError> {
    if p.as_os_str().is_empty() || p.to_string_lossy().trim().is_empty() {
        return Err(CliError::EmptyDir);
    }
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => Ok(p.to_owned()),
        Ok(_) => Err(CliError::DirIsFile(p.to_owned())),
        Err(source) => Err(CliError::DirUnopenable {
            dir: p.to_owned(),
            source,
        }),
    }
}

fn check_url(u: &str) -> Result<String, CliError> {
    let t = u.trim();
    let lower = t.to_ascii_lowercase();
    let scheme = if lower.starts_with("http://") {
        "http://"
    } else if lower.starts_with("https://") {
        "https://"
    } else {
        return Err(CliError::UrlScheme(t.to_owned()));
    };
    if t.len() <= scheme.len() || t[scheme.len()..].starts_with('/') {
        return Err(CliError::UrlNoHost(t.to_owned()));
    }
    if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(CliError::UrlSpaces(t.to_owned()));
    }
    match crate::http::parse_url(t) {
        Ok(_) => Ok(t.to_owned()),
        Err(why) => Err(CliError::UrlInvalid {
            url: t.to_owned(),
            why,
        }),
    }
}

fn check_option242(o: &str) -> Result<String, CliError> {
    if o.trim().is_empty() {
        return Err(CliError::EmptyOption242);
    }
    Ok(o.to_owned())
}

/// `--digest`: a file in sha256sum format, a bare digest, or "HEX  NAME".
pub fn read_digest(d: &str) -> Result<String, CliError> {
    let t = d.trim();
    let is_hex = |h: &str| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit());
    if is_hex(t.split_whitespace().next().unwrap_or("")) {
        return Ok(t.to_owned());
    }
    let p = Path::new(d);
    if p.is_file() {
        return match std::fs::read(p) {
            Ok(bytes) if bytes.len() <= 1024 * 1024 => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                if !text
                    .lines()
                    .any(|l| l.split_whitespace().next().is_some_and(is_hex))
                {
                    return Err(CliError::DigestFileEmpty(d.to_owned()));
                }
                Ok(text)
            }
            Ok(_) => Err(CliError::DigestFileTooBig(d.to_owned())),
            Err(source) => Err(CliError::DigestFileUnreadable {
                given: d.to_owned(),
                source,
            }),
        };
    }
    Err(CliError::DigestNeither(d.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Parsed {
        parse(args.iter().map(OsString::from).collect())
    }

    fn run(args: &[&str]) -> Box<Cli> {
        match p(args) {
            Parsed::Run(c) => c,
            Parsed::Info(s) | Parsed::Usage(s) => panic!("{args:?}: {s}"),
        }
    }

    fn usage(args: &[&str]) -> String {
        match p(args) {
            Parsed::Usage(s) => s,
            Parsed::Run(_) => panic!("{args:?} parsed"),
            Parsed::Info(s) => panic!("{args:?}: info {s}"),
        }
    }

    fn demo() -> String {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../demo").to_owned()
    }

    #[test]
    fn clap_definitions_are_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_a_full_command_line() {
        let d = demo();
        let hex = "a".repeat(64);
        let c = run(&[
            "--dir",
            &d,
            "--model=1603sw-i",
            "--group",
            "12",
            "--json",
            "--timeout",
            "2.5",
            "--digest",
            &hex,
        ]);
        assert!(c.command.is_none());
        let a = &c.boot;
        assert_eq!(a.phone.model, Some(Model::M1603SWI));
        assert_eq!(a.phone.group, 12);
        assert!(a.json && !a.show_secrets);
        assert_eq!(a.server.timeout_ms, 2500);
        assert_eq!(a.digests, [hex]);
        assert!(a.server.open().is_ok());
    }

    #[test]
    fn usage_errors_name_the_flag() {
        let d = demo();
        let e = usage(&["--dir", &d, "--model", "9608"]);
        assert!(e.contains("--model") && e.contains("1603SW-I"), "{e}");
        let e = usage(&["--dir", &d, "--model", "1608", "--group", "1000"]);
        assert!(e.contains("--group") && e.contains("999"), "{e}");
        let e = usage(&["--dir", &d, "--model", "1608", "--grup", "1"]);
        assert!(
            e.contains("unknown flag \"--grup\"") && e.contains("--group"),
            "{e}"
        );
        let e = usage(&["--dir", &d, "--model"]);
        assert!(e.contains("--model"), "{e}");
        let e = usage(&["--dir", &d, "--model", "1608", "--json", "--json"]);
        assert!(e.contains("--json"), "{e}");
        let e = usage(&["--dir", &d, "--url", "http://x/", "--model", "1608"]);
        assert!(e.contains("cannot be used with"), "{e}");
        let e = usage(&["--dir", &d, "--model", "1608", "demo"]);
        assert!(e.contains("every value follows its flag"), "{e}");
    }

    #[test]
    fn server_checks_happen_on_open() {
        let open = |s: ServerArgs| s.open().err().map(|e| e.to_string()).unwrap_or_default();
        let e = open(ServerArgs {
            url: Some("http://[::1".into()),
            ..Default::default()
        });
        assert!(e.contains("unclosed"), "{e}");
        let e = open(ServerArgs {
            url: Some("http://h:99999/".into()),
            ..Default::default()
        });
        assert!(e.contains("port"), "{e}");
        let e = open(ServerArgs {
            dir: Some("/nonexistent/phoneboot".into()),
            ..Default::default()
        });
        assert!(e.contains("--dir /nonexistent/phoneboot"), "{e}");
        let e = open(ServerArgs::default());
        assert!(e.contains("no server"), "{e}");
        assert!(matches!(
            ServerArgs::default().open(),
            Err(CliError::NoServer)
        ));
        let e = read_digest("zz").unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("--digest"), "{e}");
    }

    #[test]
    fn dir_with_option242_is_allowed() {
        let d = demo();
        let c = run(&["--dir", &d, "--option242", "HTTPSRVR=h", "--model", "1616"]);
        let o = c.boot.server.open().unwrap();
        assert!(matches!(o.spec, ServerSpec::Option242(_)));
        assert!(matches!(o.source, Source::Dir(_)));
    }

    #[test]
    fn subcommands_take_the_same_server_flags() {
        let d = demo();
        let c = run(&["fleet", "--dir", &d, "--groups", "0-3", "--json"]);
        let Some(Cmd::Fleet(f)) = &c.command else {
            panic!("not fleet")
        };
        assert!(f.server.open().is_ok());
        let e = usage(&["--dir", &d, "fleet"]);
        assert!(e.contains("fleet"), "{e}");
    }
}
