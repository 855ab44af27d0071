//! The web layer's one error type: why the app cannot do what it was asked
//! (a field that does not parse, a server that delivers nothing, a log that
//! cannot be read, storage that refuses a write). Its `Display` is the text
//! the page shows; the engine's errors it carries keep the engine's wording.

use phoneboot_engine::access_log::LogError;
use phoneboot_engine::boot::UPGRADE_SCRIPT;
use phoneboot_engine::config::{ExtensionError, GroupError};
use phoneboot_engine::source::FetchError;

use crate::state::{MAX_FLASH_MIB, MAX_TIMEOUT_S};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WebError {
    // ---- the settings panel and the fleet's fields, as typed
    /// GROUP is not 0..999 (the engine's rule and wording).
    #[error(transparent)]
    Group(#[from] GroupError),
    /// The timeout is not 1..=[`MAX_TIMEOUT_S`] seconds.
    #[error("the timeout is a whole number of seconds from 1 to {MAX_TIMEOUT_S}")]
    Timeout,
    /// The flash size is not 1..=[`MAX_FLASH_MIB`] MiB.
    #[error("the flash size is a whole number of MiB from 1 to {MAX_FLASH_MIB}")]
    FlashSize,
    /// The extension is not 1 to 13 digits (the engine's rule and wording).
    #[error(transparent)]
    Extension(#[from] ExtensionError),
    /// Base URL mode with an empty URL.
    #[error("enter the URL of the folder that holds 16xxupgrade.txt")]
    NoBaseUrl,
    /// Option-242 mode with an empty string.
    #[error("enter an option-242 string, e.g. HTTPSRVR=10.0.0.9,HTTPDIR=phones")]
    NoOption242,
    /// Local folder mode with no files picked.
    #[error("choose the folder (or the files) that holds 16xxupgrade.txt")]
    NoLocalFiles,
    /// The Fleet view's server field is empty (it takes either form).
    #[error("enter the URL of the folder that holds 16xxupgrade.txt, or an option-242 string")]
    NoFleetServer,

    // ---- the Fleet view's fetches
    /// The matrix's server delivered no upgrade script.
    #[error("No server delivered {UPGRADE_SCRIPT} from {server}: see the Boot view's request log for why (boot any phone against this server).")]
    NoMatrixScript { server: String },
    /// A compared side's server delivered no upgrade script.
    #[error("No server delivered {UPGRADE_SCRIPT} from {server}.")]
    NoCompareScript { server: String },

    // ---- the Diagnose tab's access log
    /// The log is to be compared with the Boot view's phone, which is not complete.
    #[error("The Boot view's phone and server are not complete: {0}.")]
    BootViewIncomplete(Box<WebError>),
    /// Compare was pressed with no log pasted or dropped.
    #[error("Paste the server's access log, or drop its file here, then press Compare.")]
    NoLog,
    /// The log could not be read ([`WebError::LogRead`], [`WebError::Log`]).
    #[error("The access log cannot be read: {0}")]
    Unreadable(Box<WebError>),
    /// The log file could not be read (the adapter's classification).
    #[error(transparent)]
    LogRead(FetchError),
    /// The log's text is not a log (the engine's reader says where).
    #[error(transparent)]
    Log(#[from] LogError),

    // ---- flash in localStorage
    /// The page has no `localStorage` (a sandboxed frame, a privacy setting).
    #[error("localStorage is not available")]
    StorageUnavailable,
    /// `localStorage` refused the write (full or blocked).
    #[error("localStorage refused the write (full or blocked)")]
    StorageRefused,
}
