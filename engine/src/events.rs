//! Everything a boot does, as typed values. The UI and the CLI render these;
//! nothing here is a string that must be parsed back.

use std::sync::Arc;

use serde::{Deserialize, Serialize, Serializer};

use crate::catalog::Verdict;
use crate::diag::Warning;
use crate::source::{FetchError, FetchHead, Purpose};
use crate::text::Encoding;

/// Why a boot pass started.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// The phone was switched on (or plugged in): the first pass of a session.
    PowerOn,
    /// The call server asked the phone to restart (the user's Restart button).
    RemoteRestart,
    /// The phone restarted itself after writing flash, or after a failed download.
    AfterDownload,
}

/// Which flash slot a file goes to: a name starting `hb` is boot code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Slot {
    /// The boot code (`hb...` files), which starts the phone and loads the application.
    BootCode,
    /// The telephone application (`ha...` files), what the user sees once booted.
    Application,
}

impl Slot {
    /// Boot code names start with `hb` (spec section 3.4, [real/emu]).
    pub fn of(name: &str) -> Slot {
        if name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("hb")) {
            Slot::BootCode
        } else {
            Slot::Application
        }
    }

    /// The slot in words, as messages and reports print it ("boot code").
    pub fn label(self) -> &'static str {
        match self {
            Slot::BootCode => "boot code",
            Slot::Application => "application",
        }
    }
}

/// What the phone decided about APPNAME (spec section 3.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "decision", rename_all = "kebab-case")]
pub enum Decision {
    /// The scripts set no APPNAME: nothing to download.
    Unset,
    /// The named file is already loaded.
    Skip {
        /// The APPNAME, already in flash.
        name: String,
        /// The slot it is in.
        slot: Slot,
    },
    /// Download `name` to `slot`, replacing `loaded`.
    Download {
        /// The APPNAME to download.
        name: String,
        /// The slot it goes to (from its name, see [`Slot::of`]).
        slot: Slot,
        /// What the slot held before, if anything.
        loaded: Option<String>,
    },
}

/// The integrity checks of spec section 6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// 1. HTTP 200 and a non-empty body.
    Status,
    /// 2. Bytes received equal Content-Length.
    Length,
    /// 3. Not an HTML or text error page.
    NotHtml,
    /// 4. SHA-256 against a reference digest.
    Sha256,
    /// 5. Within the model's flash size.
    Size,
}

impl CheckKind {
    /// The five checks in the order they run (spec 6).
    pub const ALL: [CheckKind; 5] = [
        CheckKind::Status,
        CheckKind::Length,
        CheckKind::NotHtml,
        CheckKind::Sha256,
        CheckKind::Size,
    ];

    /// The check's name as the panels and reports title it.
    pub fn title(self) -> &'static str {
        match self {
            CheckKind::Status => "HTTP status and body",
            CheckKind::Length => "Length matches Content-Length",
            CheckKind::NotHtml => "Not an error page",
            CheckKind::Sha256 => "SHA-256 digest",
            CheckKind::Size => "Fits in flash",
        }
    }
}

/// How one integrity check came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckStatus {
    /// The check passed.
    Pass,
    /// The check failed: the file is not written to flash.
    Fail,
    /// The digest was computed but there was nothing to compare it with.
    NotVerified,
    /// Not run because an earlier check failed.
    Skipped,
}

/// A check's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The downloaded file the check is about.
    pub file: String,
    /// Which of the five checks.
    pub kind: CheckKind,
    /// How it came out.
    pub status: CheckStatus,
    /// What was found, in words (empty for a skipped check).
    pub detail: String,
}

/// How an IF or GOTO went, for the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum JumpInfo {
    /// A `GOTO label`.
    Goto {
        /// The label jumped to.
        target: String,
        /// Whether the label exists in the file (a missing label ends the file).
        found: bool,
    },
    /// An `IF $VAR SEQ value GOTO label`.
    If {
        /// The variable tested (without `$`).
        var: String,
        /// Its value at that point, or none when unset.
        actual: Option<String>,
        /// The value it was compared with.
        expected: String,
        /// Whether the jump was taken (the values matched).
        taken: bool,
        /// The label jumped to when taken.
        target: String,
        /// Whether the label exists in the file.
        found: bool,
    },
}

/// How a GET statement went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GetOutcome {
    /// The file was fetched; interpretation continues there and never comes back.
    Followed,
    /// No server delivered it; interpretation goes on with the next line.
    Failed,
}

/// Where the reference digest of a download came from (spec 6, check 4).
///
/// Typed so a front end can tell the user's own digest from a published
/// one; in JSON (and [`std::fmt::Display`]) it is the phrase the checks
/// print ("the digest you pasted", "ha1608_r2_0.bin.sha256", "SHA256SUMS").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DigestSource {
    /// The user pasted it (`--digest`, the settings panel's digests).
    Pasted,
    /// A file on the server that serves the download: `<name>.sha256` or `SHA256SUMS`.
    File(String),
}

impl std::fmt::Display for DigestSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DigestSource::Pasted => f.write_str("the digest you pasted"),
            DigestSource::File(name) => f.write_str(name),
        }
    }
}

/// In JSON, the [`std::fmt::Display`] phrase.
impl Serialize for DigestSource {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A file loaded into a flash slot (spec section 7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadedFile {
    /// The file name as the script named it.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, lower-case hex (empty when unknown, e.g. named on the command line).
    pub sha256: String,
    /// When it was written, in the clock of the [`FileSource`](crate::FileSource).
    pub written_ms: f64,
}

impl LoadedFile {
    /// A file known by its name only: what a user says the phone already has
    /// (`--bootname`, the settings panel's APPNAME, a share link), with no
    /// known size, digest or time. The one rule for it in every front end.
    pub fn named(name: &str) -> LoadedFile {
        LoadedFile {
            name: name.to_owned(),
            size: 0,
            sha256: String::new(),
            written_ms: 0.0,
        }
    }
}

/// What the restore of `<extension>_16xxdata.txt` came to (spec 3.8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum RestoreOutcome {
    /// 200: the user's data (`Retrieval OK`).
    Restored {
        /// The size of the backup received.
        bytes: u64,
        /// Its number of lines.
        lines: u32,
    },
    /// 404: nothing backed up yet, a first login.
    NothingToRestore,
    /// Any other failure (`Retrieval failed`).
    Failed {
        /// What went wrong ("HTTP 500", the fetch error).
        cause: String,
    },
}

impl RestoreOutcome {
    /// One line for reports: "Retrieval OK: 120 bytes, 4 lines".
    pub fn describe(&self) -> String {
        match self {
            RestoreOutcome::Restored { bytes, lines } => {
                format!("Retrieval OK: {bytes} bytes, {lines} lines")
            }
            RestoreOutcome::NothingToRestore => {
                "404: nothing to restore (a first login)".to_owned()
            }
            RestoreOutcome::Failed { cause } => format!("Retrieval failed: {cause}"),
        }
    }
}

/// Where a setting's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// A SET in a script or settings file.
    File,
    /// DHCP option 242.
    Dhcp,
}

/// How the boot session ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// Reached registration (`Login` / `Enter Extension`).
    Registered,
    /// No upgrade script and no application in flash: `System busy`.
    NoApplication,
    /// The emulator stopped a restart loop.
    RestartLoop {
        /// Restarts in the session when it was stopped ([`crate::config::MAX_RESTARTS`] is the limit).
        restarts: u32,
        /// Why the last restart happened, in words.
        reason: String,
    },
    /// A safety bound ended the boot.
    Bound {
        /// Which bound.
        bound: crate::config::Bound,
        /// The file being interpreted when it was hit.
        file: String,
        /// The line there, when one statement hit it.
        line: Option<u32>,
    },
    /// No server was configured.
    NoServers,
}

/// One thing that happened during a boot.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Event {
    /// A boot pass starts; pass 1 is the first of the session.
    BootStart {
        /// The pass number, 1 for the first.
        pass: u32,
        /// Why it started.
        cause: Cause,
    },
    /// The phone's display changed. `screen` is the text laid out on this model.
    Display {
        /// The message as the phone sets it.
        text: String,
        /// The lines it takes on this model's display.
        screen: Vec<String>,
    },
    /// A GET is sent. `attempt` is the `n` of `HTTP:n`.
    Request {
        /// The attempt number, as `HTTP:n` shows it.
        attempt: u32,
        /// The file name asked for.
        file: String,
        /// The full URL.
        url: String,
        /// Why the phone asks for it.
        purpose: Purpose,
    },
    /// A GET ended with a response (of any status).
    Response {
        /// The attempt number of the request answered.
        attempt: u32,
        /// The file name asked for.
        file: String,
        /// The full URL.
        url: String,
        /// Status and headers.
        head: FetchHead,
        /// Body bytes received.
        bytes: u64,
        /// Time from request to the end of the body, in the source's clock.
        elapsed_ms: f64,
    },
    /// A GET got no (complete) response.
    RequestFailed {
        /// The attempt number of the request that failed.
        attempt: u32,
        /// The file name asked for.
        file: String,
        /// The full URL.
        url: String,
        /// What went wrong, as the adapter classified it.
        error: FetchError,
        /// Time until the failure.
        elapsed_ms: f64,
    },
    /// Download progress of an application file.
    Progress {
        /// The application file.
        file: String,
        /// Bytes received so far.
        received: u64,
        /// The size the server announced (Content-Length), if any.
        total: Option<u64>,
    },
    /// Interpretation of a file begins.
    FileStart {
        /// The file name.
        file: String,
        /// The text encoding it was decoded from.
        encoding: Encoding,
        /// Its number of lines.
        lines: u32,
        /// Its number of statements (what the interpreter runs).
        statements: usize,
        /// The decoded text ([`Program::text`](crate::Program)), for showing the
        /// file with its trace. Shared, so copying the event does not copy the file.
        #[serde(serialize_with = "serialize_text")]
        text: Arc<str>,
    },
    /// Interpretation of a file ended; `executed` lists the lines of the statements run, in order of first execution.
    FileEnd {
        /// The file name.
        file: String,
        /// Lines of the statements run, in order of first execution.
        executed: Vec<u32>,
    },
    /// An IF or GOTO.
    Jump {
        /// The file the statement is in.
        file: String,
        /// Its line.
        line: u32,
        /// What the statement tested and where it went.
        jump: JumpInfo,
    },
    /// A GET statement.
    Get {
        /// The file the statement is in.
        file: String,
        /// Its line.
        line: u32,
        /// The file the GET names.
        target: String,
        /// Whether it was fetched.
        outcome: GetOutcome,
    },
    /// A SET, with what the phone made of it.
    Setting {
        /// The file the SET is in.
        file: String,
        /// Its line.
        line: u32,
        /// The parameter name, upper-case.
        name: String,
        /// The value as written (a secret one is masked when shown, see [`crate::report::shown_value`]).
        value: String,
        /// What the phone made of it.
        verdict: Verdict,
    },
    /// The APPNAME decision.
    Decision {
        /// What the phone decided.
        decision: Decision,
    },
    /// One integrity check of a downloaded file.
    Check {
        /// The check and its result.
        check: Check,
    },
    /// The computed SHA-256 of a download, and the reference it was compared with.
    Digest {
        /// The downloaded file.
        file: String,
        /// Its computed SHA-256, lower-case hex.
        sha256: String,
        /// The published or pasted digest, when one was found.
        reference: Option<String>,
        /// Where that digest came from.
        reference_source: Option<DigestSource>,
    },
    /// A file was written to flash.
    FlashWrite {
        /// The slot written.
        slot: Slot,
        /// What is now in it.
        file: LoadedFile,
    },
    /// A language or font file (spec 3.6) was kept in flash; `param` named it.
    LanguageWrite {
        /// The parameter (`LANGxFILE`, `FONTFILE`, ...) that named it.
        param: String,
        /// What was kept.
        file: LoadedFile,
    },
    /// The backup/restore step after login (spec 3.8).
    Restore {
        /// The backup file's URL.
        url: String,
        /// What it came to.
        outcome: RestoreOutcome,
    },
    /// The phone restarts (`count` restarts so far in this session).
    Restart {
        /// Restarts so far in this session.
        count: u32,
        /// Why, in words (e.g. "boot code hb... written to flash").
        reason: String,
    },
    /// Something worth telling (spec section 5), or a problem the boot hit.
    Warning {
        /// The warning, with its code, place and fix.
        warning: Warning,
    },
    /// A value DHCP option 242 gave the phone at the start of a pass; files may override it.
    DhcpValue {
        /// The parameter name.
        name: String,
        /// Its value.
        value: String,
    },
    /// The session ended.
    Finished {
        /// How it ended.
        outcome: Outcome,
    },
}

fn serialize_text<S: Serializer>(text: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(text)
}
