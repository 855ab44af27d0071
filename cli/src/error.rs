//! The CLI's one error type: everything a command refuses to run with, or
//! cannot finish, before it has a report to print. Each variant's message is
//! the line a support engineer reads after `phoneboot: error:` (the CLI
//! tests check them word for word), and [`CliError::exit_code`] is the one
//! place that says which exit status it gives.
//!
//! Outcomes of a boot (a restart loop, a missing file) are not errors: the
//! commands print them and return their exit code themselves.

use std::path::PathBuf;

use phoneboot_engine::access_log::LogError;
use phoneboot_engine::config::{ExtensionError, FlashError, GroupError};
use phoneboot_engine::source::FetchError;

/// Why a command did not run, or stopped before its output.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    // --- the server flags (`ServerArgs`) ---
    /// None of `--dir`, `--url`, `--option242`.
    #[error("no server: give --dir DIR (a provisioning folder), --url http://HOST/PATH/ or --option242 \"HTTPSRVR=...\"")]
    NoServer,
    /// `--dir` and `--url` together.
    #[error("--dir and --url are both given: choose one server")]
    DirAndUrl,
    /// `--url` and `--option242` together.
    #[error("--url and --option242 are both given: choose one (option 242 names its own servers)")]
    UrlAndOption242,
    /// `--dir ""`.
    #[error("--dir is empty: give the provisioning folder, e.g. --dir ./demo")]
    EmptyDir,
    /// `--dir` names a file.
    #[error("--dir {}: this is a file, not a folder; give the folder that holds 16xxupgrade.txt", .0.display())]
    DirIsFile(PathBuf),
    /// `--dir` cannot be opened (missing, no permission).
    #[error("--dir {}: cannot open this folder ({source}); check the path", dir.display())]
    DirUnopenable {
        /// The folder as given.
        dir: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The folder exists but cannot be made the document root (e.g. not resolvable).
    #[error("--dir {}: cannot use this folder ({source}); check the path", dir.display())]
    DirUnusable {
        /// The folder as given.
        dir: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// `--url` is not http:// or https://.
    #[error("--url {0}: give an http:// or https:// URL such as http://10.0.0.9/phones/ (for a folder use --dir)")]
    UrlScheme(String),
    /// `--url http://` with nothing after it.
    #[error("--url {0}: the URL names no host")]
    UrlNoHost(String),
    /// `--url` with spaces or control characters in it.
    #[error("--url {0}: the URL contains spaces or control characters")]
    UrlSpaces(String),
    /// `--url` that the HTTP adapter cannot request.
    #[error("--url {url}: {why}")]
    UrlInvalid {
        /// The URL as given (trimmed).
        url: String,
        /// The adapter's classification.
        why: FetchError,
    },
    /// `--option242 ""`.
    #[error("--option242 is empty: give the DHCP option-242 string, e.g. \"HTTPSRVR=10.0.0.9,HTTPDIR=phones\"")]
    EmptyOption242,
    /// `--ca-file` cannot be read.
    #[error("--ca-file {}: cannot read the file ({source})", file.display())]
    CaFileUnreadable {
        /// The file as given.
        file: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// `--ca-file` is not PEM.
    #[error("--ca-file {}: not a PEM certificate file ({why})", file.display())]
    CaFileNotPem {
        /// The file as given.
        file: PathBuf,
        /// The PEM parser's message.
        why: String,
    },
    /// `--ca-file` is PEM without a certificate.
    #[error("--ca-file {}: the file holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)", .0.display())]
    CaFileEmpty(PathBuf),

    // --- the phone flags (`PhoneArgs`) and the boot's own ---
    /// No `--model`.
    #[error("--model is missing: say which phone boots, e.g. --model 1608")]
    NoModel,
    /// `--model` names no 1600 model.
    #[error("unknown model \"{given}\"; use one of {names}")]
    UnknownModel {
        /// The model as given.
        given: String,
        /// The models there are, comma separated.
        names: String,
    },
    /// `--group` outside 0..999.
    #[error("--group: {source} (got \"{}\")", source.given)]
    Group {
        /// The engine's rule and the text given.
        #[from]
        source: GroupError,
    },
    /// `--mac ""`.
    #[error("--mac is empty: give the MAC address, e.g. --mac 00:1b:4f:12:34:56")]
    EmptyMac,
    /// `--timeout` not in (0, 3600] seconds.
    #[error("--timeout must be a number of seconds greater than 0 and at most 3600 (got \"{0}\")")]
    Timeout(String),
    /// `--extension` that is not 1 to 13 digits.
    #[error(transparent)]
    Extension(#[from] ExtensionError),
    /// `--extension ""`.
    #[error("an empty extension: give its digits (e.g. --extension 1234)")]
    EmptyExtension,

    // --- files the user names ---
    /// `--digest FILE` holds no digest.
    #[error("--digest {0}: the file holds no SHA-256 digest (expected sha256sum format: \"<64 hex digits>  <file name>\")")]
    DigestFileEmpty(String),
    /// `--digest FILE` over 1 MiB.
    #[error("--digest {0}: the file is larger than 1 MiB; is it really a digest list?")]
    DigestFileTooBig(String),
    /// `--digest FILE` cannot be read.
    #[error("--digest {given}: cannot read the file ({source})")]
    DigestFileUnreadable {
        /// The value as given.
        given: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// `--digest` is neither a file nor a digest.
    #[error("--digest {0}: neither a file nor a SHA-256 digest (64 hex digits); give a sha256sum file or the digest itself")]
    DigestNeither(String),
    /// `--flash FILE` exists but cannot be read.
    #[error("--flash {}: cannot read it ({source})", file.display())]
    FlashUnreadable {
        /// The flash file.
        file: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// `--flash FILE` is binary.
    #[error("--flash {}: it is not text, so not a phoneboot flash file; it was left as it is (move it away to start from a factory-fresh phone)", .0.display())]
    FlashNotText(PathBuf),
    /// `--flash FILE` is text but not flash JSON.
    #[error("--flash {}: not a phoneboot flash file: {source}. It was left as it is: fix it, or move it away to start from a factory-fresh phone", file.display())]
    FlashNotFlash {
        /// The flash file.
        file: PathBuf,
        /// What the engine found wrong with it.
        source: FlashError,
    },
    /// `--flash FILE` cannot be written back.
    #[error("--flash {}: cannot write it ({source})", file.display())]
    FlashUnwritable {
        /// The flash file.
        file: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The access log of `phoneboot log` cannot be opened.
    #[error("{}: cannot open the access log ({source})", file.display())]
    LogUnopenable {
        /// The log file.
        file: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The access log broke off while being read.
    #[error("{}: cannot read the access log ({source})", file.display())]
    LogUnreadable {
        /// The log file.
        file: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The access log is not a log the engine reads.
    #[error("{}: {source}", file.display())]
    LogFormat {
        /// The log file.
        file: PathBuf,
        /// The line and why.
        source: LogError,
    },
    /// `--client IP` did not boot from the logged server.
    #[error("--client {client}: no such phone in the log; the clients that asked for an upgrade script or 46xxsettings are: {known}")]
    NoSuchClient {
        /// The address as given.
        client: String,
        /// Up to 20 clients the log has, comma separated.
        known: String,
    },
    /// `TEXT` of `phoneboot says` is empty.
    #[error("TEXT is empty: give the text the phone shows, e.g. phoneboot says \"HTTP:3 404\"")]
    EmptySaysText,
    /// JSON output could not be written (not expected: the values are plain data).
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),

    // --- not usage errors: the command ran and found nothing to work on ---
    /// `phoneboot fleet` against a server that does not deliver the upgrade script.
    #[error("{described}: no server delivered {file}; boot one phone against it (phoneboot --model 1608 ...) to see why")]
    FleetNoUpgradeScript {
        /// The server, as described to the user.
        described: String,
        /// The upgrade script's name.
        file: &'static str,
    },
}

impl CliError {
    /// The exit status this error gives: 2 for a usage error (the command
    /// line or a file it names is wrong, see `phoneboot --help`), 1 when the
    /// command ran but the server gave it nothing to work on.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::FleetNoUpgradeScript { .. } => 1,
            _ => 2,
        }
    }

    /// What is printed on stderr: a usage error with the pointer to
    /// `--help`, anything else prefixed with the command that hit it.
    pub fn message(&self) -> String {
        match self {
            CliError::FleetNoUpgradeScript { .. } => format!("phoneboot fleet: {self}\n"),
            _ => format!(
                "phoneboot: error: {self}\nRun `phoneboot --help` for usage and examples.\n"
            ),
        }
    }
}
