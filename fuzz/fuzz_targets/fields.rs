//! The small parsers of typed and served text, any string each: a reference
//! digest file (`SHA256SUMS`, `<file>.sha256`, a pasted digest), a redirect's
//! Location, the fleet's group list, GROUP, the extension, the model name
//! the text decoding of every downloaded script, and stored flash JSON
//! (browser storage, the CLI's `--flash` file: what reads writes back to the
//! same flash).
#![no_main]
use libfuzzer_sys::fuzz_target;
use phoneboot_engine::checks::find_digest;
use phoneboot_engine::config::parse_extension;
use phoneboot_engine::diagnose::resolve_location;
use phoneboot_engine::fleet::parse_groups;
use phoneboot_engine::text::decode;
use phoneboot_engine::{Flash, Group, Model};

fuzz_target!(|data: &[u8]| {
    let (text, _) = decode(data);
    let s = String::from_utf8_lossy(data);
    for bare_ok in [false, true] {
        if let Some(d) = find_digest(&text, "ha1608demo_r2_0.bin", bare_ok) {
            assert!(
                d.len() == 64 && d.bytes().all(|b| b.is_ascii_hexdigit()),
                "{d}"
            );
        }
    }
    let _ = resolve_location("http://127.0.0.1:8080/demo/16xxupgrade.txt", &s);
    if let Ok(groups) = parse_groups(&s) {
        assert!(groups.iter().all(|g| *g <= Group::MAX));
    }
    if let Ok(g) = Group::parse(&s) {
        assert_eq!(Group::parse(&g.to_string()).map(Group::get), Ok(g.get()));
    }
    if let Ok(Some(ext)) = parse_extension(&s) {
        assert_eq!(parse_extension(&ext), Ok(Some(ext.clone())));
    }
    if let Some(m) = Model::parse(&s) {
        assert_eq!(Model::parse(m.name()), Some(m));
    }
    if let Ok(flash) = Flash::from_json(&s) {
        let again = Flash::from_json(&flash.to_json());
        assert_eq!(again.as_ref(), Ok(&flash));
    }
});
