//! What a boot is given and what it keeps: the phone and its servers as the
//! user describes them ([`BootConfig`]), the flash that survives a restart
//! ([`Flash`], spec section 7), and the emulator's safety bounds ([`Bound`],
//! spec section 4). No behaviour lives here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::checks::DEFAULT_FLASH_LIMIT;
use crate::events::{LoadedFile, Slot};
use crate::model::Model;

/// At most this many statements executed per boot pass (spec section 4, [emu]).
#[cfg(not(fuzzing))]
pub const MAX_STATEMENTS: u64 = 1_000_000;
/// The fuzzers' build (cargo fuzz sets `--cfg fuzzing`) has smaller bounds,
/// so that one input costs well under a millisecond (a looping script, a
/// GET chain re-reading a 4 KB input) and each bound is reached by inputs
/// of the fuzzers' size (`-max_len=4096`, scripts/fuzz.sh). The bounds'
/// code paths are the same.
#[cfg(fuzzing)]
pub const MAX_STATEMENTS: u64 = 500;
/// At most this many GETs per boot pass (spec section 4, [emu]).
#[cfg(not(fuzzing))]
pub const MAX_GETS: u32 = 16;
/// The fuzz build's bound: reachable within a fuzz input's 4 KB.
#[cfg(fuzzing)]
pub const MAX_GETS: u32 = 4;
/// Largest script or settings file (spec section 4, [emu]).
#[cfg(not(fuzzing))]
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// The fuzz build's bound: smaller than a fuzz input, so it is reached.
#[cfg(fuzzing)]
pub const MAX_FILE_BYTES: usize = 3 * 1024;
/// Restarts in one boot session before the emulator stops (spec section 3.4).
pub const MAX_RESTARTS: u32 = 3;
/// Largest language or font file the language area takes (spec 3.6, [emu]).
pub const DEFAULT_LANGUAGE_LIMIT: u64 = 1024 * 1024;
/// The upgrade script every boot pass starts with (spec section 3.2).
pub const UPGRADE_SCRIPT: &str = "16xxupgrade.txt";

/// A safety bound of spec section 4 [emu]; [`std::fmt::Display`] names it
/// with its limit ("16 GETs in one boot").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    /// [`MAX_STATEMENTS`] statements executed in one pass.
    Statements,
    /// [`MAX_GETS`] GETs in one pass.
    Gets,
    /// A script or settings file larger than [`MAX_FILE_BYTES`].
    FileSize,
}

impl Bound {
    /// The number the bound allows.
    pub fn limit(self) -> u64 {
        match self {
            Bound::Statements => MAX_STATEMENTS,
            Bound::Gets => u64::from(MAX_GETS),
            Bound::FileSize => MAX_FILE_BYTES as u64,
        }
    }
}

impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bound::Statements => write!(f, "{MAX_STATEMENTS} statements executed"),
            Bound::Gets => write!(f, "{MAX_GETS} GETs in one boot"),
            Bound::FileSize => write!(f, "{} MiB per file", MAX_FILE_BYTES / (1024 * 1024)),
        }
    }
}

/// The phone as the user describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneConfig {
    /// The model (which `$MODEL4`, display and flash it has).
    pub model: Model,
    /// `$MODEL`; `None` for the default `<MODEL4>D01A`.
    pub model_string: Option<String>,
    /// 0..=999.
    pub group: u16,
    /// `$MACADDR`, as typed.
    pub mac: String,
    /// `$PHONECC` (comcode); empty by default.
    pub phonecc: String,
}

impl PhoneConfig {
    /// A factory-default phone of `model`: GROUP 0, the demo MAC, no comcode.
    pub fn new(model: Model) -> Self {
        PhoneConfig {
            model,
            model_string: None,
            group: 0,
            mac: "00:1b:4f:00:16:08".to_owned(),
            phonecc: String::new(),
        }
    }
}

/// Where the file servers come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum ServerSpec {
    /// A base URL for every file (the emulator's shortcut). A `file:` or
    /// `local:` URL is a folder (spec section 2.5).
    BaseUrl(String),
    /// A DHCP option-242 string.
    Option242(String),
}

/// Everything a boot needs besides the flash and the file source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BootConfig {
    /// The phone that boots.
    pub phone: PhoneConfig,
    /// Where its file servers come from.
    pub server: ServerSpec,
    /// Per-request timeout (spec section 2.4, [emu]).
    pub timeout_ms: u32,
    /// Reference digests the user pasted, in sha256sum format; a bare digest applies to any file.
    pub pasted_digests: String,
    /// Largest application file the flash takes.
    pub flash_limit: u64,
    /// Largest language or font file (spec section 3.6).
    #[serde(default = "default_language_limit")]
    pub language_limit: u64,
    /// The extension the user logs in with; with BRURI set, the phone
    /// restores `<extension>_16xxdata.txt` (spec section 3.8).
    #[serde(default)]
    pub extension: Option<String>,
    /// Every URL is served from a local folder (the CLI's `--dir` with
    /// `--option242`): an HTTPSRVR naming another host is a warning and the
    /// folder stays the source (spec 2.5). A `file:` or `local:` base URL is
    /// a folder anyway.
    #[serde(default)]
    pub folder: bool,
}

/// The extension as typed, for [`BootConfig::extension`]: empty is none.
///
/// # Errors
/// Anything but 1 to 13 digits, with a message saying so.
pub fn parse_extension(s: &str) -> Result<Option<String>, ExtensionError> {
    let s = s.trim();
    if s.is_empty() {
        Ok(None)
    } else if s.len() <= 13 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(s.to_owned()))
    } else {
        Err(ExtensionError {
            given: s.to_owned(),
        })
    }
}

/// An extension ([`parse_extension`]) that is not 1 to 13 digits.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{given}\" is not an extension: digits only, at most 13 (e.g. 1234)")]
pub struct ExtensionError {
    /// The text as given, trimmed.
    pub given: String,
}

fn default_language_limit() -> u64 {
    DEFAULT_LANGUAGE_LIMIT
}

impl BootConfig {
    /// A boot of `phone` against `server` with the default timeout (10 s) and limits.
    pub fn new(phone: PhoneConfig, server: ServerSpec) -> Self {
        BootConfig {
            phone,
            server,
            timeout_ms: 10_000,
            pasted_digests: String::new(),
            flash_limit: DEFAULT_FLASH_LIMIT,
            language_limit: DEFAULT_LANGUAGE_LIMIT,
            extension: None,
            folder: false,
        }
    }
}

/// What survives a restart (spec section 7). Serialised for browser storage
/// and the CLI's `--flash` file, so it carries a format version; every field
/// added after version 1 has a default, so older flash still reads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    /// The format version this flash was written in ([`Flash::VERSION`] when written now).
    pub version: u32,
    /// The boot code in flash, if any (`$BOOTNAME`).
    pub boot_code: Option<LoadedFile>,
    /// The application in flash, if any (`$APPNAME`).
    pub application: Option<LoadedFile>,
    /// Language files loaded (LANGSYS, LANG1FILE..LANG4FILE; spec 3.6).
    #[serde(default)]
    pub languages: Vec<LoadedFile>,
    /// The font file loaded (FONTFILE; only one).
    #[serde(default)]
    pub font: Option<LoadedFile>,
    /// `AUTH 1`: script and settings files from TLS servers only (spec 2.8).
    #[serde(default)]
    pub auth: bool,
    /// The settings last applied.
    pub settings: BTreeMap<String, String>,
    /// The model the flash was last booted as (a flash moved to another model starts fresh).
    pub model: Option<Model>,
    /// The GROUP it was last booted with.
    pub group: Option<u16>,
    /// The MAC it was last booted with.
    pub mac: Option<String>,
}

impl Flash {
    /// The format written now. Version 1 had no languages, font or AUTH.
    pub const VERSION: u32 = 2;
    /// The oldest format this build still reads.
    pub const OLDEST_VERSION: u32 = 1;

    /// What a factory reset leaves, in the words the app shows after one
    /// (spec section 7: nothing survives it, so the next boot loads everything).
    pub const FACTORY_RESET_SUMMARY: &'static str = "Factory reset: flash is empty (no boot code, no application, no settings). The next boot downloads everything again.";

    /// A factory-fresh phone: nothing loaded.
    pub fn factory() -> Self {
        Flash {
            version: Flash::VERSION,
            ..Default::default()
        }
    }

    /// A phone with the named files already loaded (sizes and digests unknown).
    pub fn with_loaded(boot_code: Option<&str>, application: Option<&str>) -> Self {
        let f = LoadedFile::named;
        Flash {
            boot_code: boot_code.filter(|s| !s.is_empty()).map(f),
            application: application.filter(|s| !s.is_empty()).map(f),
            ..Flash::factory()
        }
    }

    /// Reads flash JSON of any version from [`Flash::OLDEST_VERSION`] to
    /// [`Flash::VERSION`], upgraded to the current version.
    ///
    /// # Errors
    /// A [`FlashError`] saying why (not JSON, no version, a newer version, a bad field).
    pub fn from_json(json: &str) -> Result<Flash, FlashError> {
        #[derive(Deserialize)]
        struct Versioned {
            version: Option<u64>,
        }
        let value: Versioned =
            serde_json::from_str(json).map_err(|e| FlashError::NotJson(e.to_string()))?;
        match value.version {
            Some(v)
                if (u64::from(Flash::OLDEST_VERSION)..=u64::from(Flash::VERSION)).contains(&v) => {}
            Some(v) => return Err(FlashError::Version(v)),
            None => return Err(FlashError::NoVersion),
        }
        let mut flash: Flash =
            serde_json::from_str(json).map_err(|e| FlashError::BadField(e.to_string()))?;
        flash.version = Flash::VERSION;
        Ok(flash)
    }

    /// The flash as JSON, for storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// What `slot` holds, if anything.
    pub fn slot(&self, slot: Slot) -> Option<&LoadedFile> {
        match slot {
            Slot::BootCode => self.boot_code.as_ref(),
            Slot::Application => self.application.as_ref(),
        }
    }

    /// Keeps a language file (or, for FONTFILE, the one font) that passed
    /// its checks (spec 3.6, 7); a file of the same name is replaced.
    pub fn keep_language(&mut self, param: &str, file: LoadedFile) {
        if param == "FONTFILE" {
            self.font = Some(file);
        } else {
            self.languages.retain(|f| f.name != file.name);
            self.languages.push(file);
        }
    }

    /// Whether a language or font file of this name is loaded.
    pub fn holds_language(&self, name: &str) -> bool {
        self.languages
            .iter()
            .chain(self.font.as_ref())
            .any(|f| f.name == name)
    }
}

/// Why stored flash JSON could not be read ([`Flash::from_json`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FlashError {
    /// Not JSON at all (the parser's message).
    #[error("it is not valid JSON ({0})")]
    NotJson(String),
    /// JSON without a `version` field.
    #[error("it has no format version")]
    NoVersion,
    /// A format version this build does not read.
    #[error(
        "it has format version {0} and this build reads versions {oldest} to {newest}",
        oldest = Flash::OLDEST_VERSION,
        newest = Flash::VERSION
    )]
    Version(u64),
    /// JSON of a readable version with a bad field (the parser's message).
    #[error("it is not valid flash JSON ({0})")]
    BadField(String),
}

/// The phone's `$GROUP` (spec section 4: a whole number 0..=999). The one
/// parse of the rule: the app's form, the CLI's `--group`, share links and
/// the fleet's group lists all go through [`Group::parse`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Group(u16);

/// A GROUP that is not a whole number from 0 to 999.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("GROUP is a whole number from 0 to {}", Group::MAX)]
pub struct GroupError {
    /// The text as given.
    pub given: String,
}

impl Group {
    /// The largest GROUP a 1600 accepts.
    pub const MAX: u16 = 999;

    /// `n` as a GROUP, if it is one.
    pub fn new(n: u16) -> Option<Group> {
        (n <= Group::MAX).then_some(Group(n))
    }

    /// Digits only (surrounding spaces allowed), 0..=999.
    ///
    /// # Errors
    /// [`GroupError`] for anything else: signs, spaces inside, 1000 and up.
    pub fn parse(s: &str) -> Result<Group, GroupError> {
        let t = s.trim();
        t.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| t.parse::<u16>().ok())
            .flatten()
            .and_then(Group::new)
            .ok_or_else(|| GroupError {
                given: s.to_owned(),
            })
    }

    /// The number.
    pub fn get(self) -> u16 {
        self.0
    }
}

impl std::fmt::Display for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod group_tests {
    use super::Group;

    #[test]
    fn spec_4_group_is_0_to_999_digits_only() {
        assert_eq!(Group::parse(" 3 ").map(Group::get), Ok(3));
        assert_eq!(Group::parse("999").map(Group::get), Ok(999));
        for bad in ["1000", "-1", "+3", "", "3 4", "x", "99999999"] {
            let e = Group::parse(bad).unwrap_err();
            assert!(e.to_string().contains("0 to 999"), "{e}");
        }
    }

    /// The words of the engine's errors, as the CLI and the app print them.
    #[test]
    fn spec_7_error_messages_keep_their_words() {
        use super::{parse_extension, FlashError};
        let e = Group::parse("x").unwrap_err();
        assert_eq!(e.to_string(), "GROUP is a whole number from 0 to 999");
        assert_eq!(
            FlashError::Version(9).to_string(),
            "it has format version 9 and this build reads versions 1 to 2"
        );
        assert_eq!(
            FlashError::NoVersion.to_string(),
            "it has no format version"
        );
        assert_eq!(
            FlashError::NotJson("x".into()).to_string(),
            "it is not valid JSON (x)"
        );
        assert_eq!(
            parse_extension("12a").unwrap_err().to_string(),
            "\"12a\" is not an extension: digits only, at most 13 (e.g. 1234)"
        );
    }
}
