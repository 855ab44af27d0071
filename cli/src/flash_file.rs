//! `--flash FILE`: the phone's flash kept across runs, in the JSON the web
//! app keeps in localStorage (the engine's [`Flash`]), so AUTH, loaded
//! firmware and language files carry over from one boot to the next as they
//! do in the browser. A missing file is a factory-fresh phone and is created;
//! an unreadable one is an error naming it and is never replaced.

use std::path::Path;

use phoneboot_engine::events::LoadedFile;
use phoneboot_engine::Flash;

use crate::error::CliError;

/// The flash kept in `path`, or `None` when there is no file yet.
///
/// # Errors
/// The file exists but cannot be read or is not flash JSON: the message
/// names it and says it was left as it is.
pub fn load(path: &Path) -> Result<Option<Flash>, CliError> {
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(CliError::FlashUnreadable {
                file: path.to_owned(),
                source,
            })
        }
    };
    let text = String::from_utf8(text).map_err(|_| CliError::FlashNotText(path.to_owned()))?;
    Flash::from_json(&text)
        .map(Some)
        .map_err(|source| CliError::FlashNotFlash {
            file: path.to_owned(),
            source,
        })
}

/// Writes `flash` to `path` (through a temporary file beside it, so a
/// crash never leaves half a file).
///
/// # Errors
/// The folder cannot be written.
pub fn save(path: &Path, flash: &Flash) -> Result<(), CliError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, format!("{}\n", flash.to_json()))
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|source| CliError::FlashUnwritable {
            file: path.to_owned(),
            source,
        })
}

/// `flash` with the slots named on the command line (`--bootname`,
/// `--appname`): a changed name has no known size or digest.
pub fn with_names(mut flash: Flash, bootname: Option<&str>, appname: Option<&str>) -> Flash {
    let named = |slot: Option<LoadedFile>, name: Option<&str>| match (slot, name.map(str::trim)) {
        (slot, None) => slot,
        (Some(f), Some(n)) if f.name == n => Some(f),
        (_, Some(n)) => Some(LoadedFile::named(n)),
    };
    flash.boot_code = named(flash.boot_code.take(), bootname);
    flash.application = named(flash.application.take(), appname);
    flash
}
