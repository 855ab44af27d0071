//! The phone's flash in `localStorage`, so it survives a page reload like a
//! real phone's survives a power cut (spec section 7).

use phoneboot_engine::config::FlashError;
use phoneboot_engine::Flash;

use crate::error::WebError;
use crate::state::{Notice, NoticeKind};

pub const FLASH_KEY: &str = "phoneboot.flash.v1";

/// Reads stored flash JSON of this or any older format version (a flash
/// stored before language files and AUTH were kept still loads); anything
/// unreadable is an error, never a panic.
pub fn parse_flash(json: &str) -> Result<Flash, FlashError> {
    Flash::from_json(json)
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The stored flash, or a factory-fresh one with a notice saying why the
/// stored one could not be used.
pub fn load_flash() -> (Flash, Option<Notice>) {
    let stored = local_storage().and_then(|s| s.get_item(FLASH_KEY).ok().flatten());
    flash_from_stored(stored.as_deref())
}

/// What [`load_flash`] makes of what storage holds (`None`: nothing, or no
/// storage): the flash, or a factory-fresh one with a notice saying why.
pub fn flash_from_stored(json: Option<&str>) -> (Flash, Option<Notice>) {
    let Some(json) = json else {
        return (Flash::factory(), None);
    };
    match parse_flash(json) {
        Ok(flash) => (flash, None),
        Err(why) => (
            Flash::factory(),
            Some(Notice {
                kind: NoticeKind::Warning,
                text: format!(
                    "The flash saved in this browser could not be read: {why}. The phone was reset to factory state."
                ),
            }),
        ),
    }
}

/// Saves flash, as the engine writes it for storage ([`Flash::to_json`]: the
/// same serializer as the report's JSON, so the bundle carries one); a full
/// or blocked storage only loses persistence, so the error is returned for
/// the caller to ignore or show.
pub fn save_flash(flash: &Flash) -> Result<(), WebError> {
    let storage = local_storage().ok_or(WebError::StorageUnavailable)?;
    storage
        .set_item(FLASH_KEY, &flash.to_json())
        .map_err(|_| WebError::StorageRefused)
}
