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
    BootCode,
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
    Skip { name: String, slot: Slot },
    /// Download `name` to `slot`, replacing `loaded`.
    Download {
        name: String,
        slot: Slot,
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
    pub const ALL: [CheckKind; 5] = [
        CheckKind::Status,
        CheckKind::Length,
        CheckKind::NotHtml,
        CheckKind::Sha256,
        CheckKind::Size,
    ];

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckStatus {
    Pass,
    Fail,
    /// The digest was computed but there was nothing to compare it with.
    NotVerified,
    /// Not run because an earlier check failed.
    Skipped,
}

/// A check's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    pub file: String,
    pub kind: CheckKind,
    pub status: CheckStatus,
    pub detail: String,
}

/// How an IF or GOTO went, for the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum JumpInfo {
    Goto {
        target: String,
        found: bool,
    },
    If {
        var: String,
        actual: Option<String>,
        expected: String,
        taken: bool,
        target: String,
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
    pub name: String,
    pub size: u64,
    pub sha256: String,
    /// When it was written, in the clock of the [`FileSource`](crate::FileSource).
    pub written_ms: f64,
}

/// What the restore of `<extension>_16xxdata.txt` came to (spec 3.8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum RestoreOutcome {
    /// 200: the user's data (`Retrieval OK`).
    Restored { bytes: u64, lines: u32 },
    /// 404: nothing backed up yet, a first login.
    NothingToRestore,
    /// Any other failure (`Retrieval failed`).
    Failed { cause: String },
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
    File,
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
    RestartLoop { restarts: u32, reason: String },
    /// A safety bound ended the boot.
    Bound {
        bound: crate::config::Bound,
        file: String,
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
    BootStart { pass: u32, cause: Cause },
    /// The phone's display changed. `screen` is the text laid out on this model.
    Display { text: String, screen: Vec<String> },
    /// A GET is sent. `attempt` is the `n` of `HTTP:n`.
    Request {
        attempt: u32,
        file: String,
        url: String,
        purpose: Purpose,
    },
    /// A GET ended with a response (of any status).
    Response {
        attempt: u32,
        file: String,
        url: String,
        head: FetchHead,
        bytes: u64,
        elapsed_ms: f64,
    },
    /// A GET got no (complete) response.
    RequestFailed {
        attempt: u32,
        file: String,
        url: String,
        error: FetchError,
        elapsed_ms: f64,
    },
    /// Download progress of an application file.
    Progress {
        file: String,
        received: u64,
        total: Option<u64>,
    },
    /// Interpretation of a file begins.
    FileStart {
        file: String,
        encoding: Encoding,
        lines: u32,
        statements: usize,
        /// The decoded text ([`Program::text`](crate::Program)), for showing the
        /// file with its trace. Shared, so copying the event does not copy the file.
        #[serde(serialize_with = "serialize_text")]
        text: Arc<str>,
    },
    /// Interpretation of a file ended; `executed` lists the lines of the statements run, in order of first execution.
    FileEnd { file: String, executed: Vec<u32> },
    /// An IF or GOTO.
    Jump {
        file: String,
        line: u32,
        jump: JumpInfo,
    },
    /// A GET statement.
    Get {
        file: String,
        line: u32,
        target: String,
        outcome: GetOutcome,
    },
    /// A SET, with what the phone made of it.
    Setting {
        file: String,
        line: u32,
        name: String,
        value: String,
        verdict: Verdict,
    },
    /// The APPNAME decision.
    Decision { decision: Decision },
    /// One integrity check of a downloaded file.
    Check { check: Check },
    /// The computed SHA-256 of a download, and the reference it was compared with.
    Digest {
        file: String,
        sha256: String,
        reference: Option<String>,
        reference_source: Option<DigestSource>,
    },
    /// A file was written to flash.
    FlashWrite { slot: Slot, file: LoadedFile },
    /// A language or font file (spec 3.6) was kept in flash; `param` named it.
    LanguageWrite { param: String, file: LoadedFile },
    /// The backup/restore step after login (spec 3.8).
    Restore {
        url: String,
        outcome: RestoreOutcome,
    },
    /// The phone restarts (`count` restarts so far in this session).
    Restart { count: u32, reason: String },
    /// Something worth telling (spec section 5), or a problem the boot hit.
    Warning { warning: Warning },
    /// A value DHCP option 242 gave the phone at the start of a pass; files may override it.
    DhcpValue { name: String, value: String },
    /// The session ended.
    Finished { outcome: Outcome },
}

fn serialize_text<S: Serializer>(text: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(text)
}
