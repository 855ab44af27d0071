//! Any text as stored flash JSON (browser storage, the CLI's `--flash` file):
//! reading never panics, and what reads writes back to the same flash.
#![no_main]
use libfuzzer_sys::fuzz_target;
use phoneboot_engine::Flash;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Ok(flash) = Flash::from_json(&s) {
        let again = Flash::from_json(&flash.to_json());
        assert_eq!(again.as_ref(), Ok(&flash));
    }
});
