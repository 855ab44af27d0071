//! Any text as what a phone's display shows (`phoneboot says`, the Diagnose
//! tab): match it against every known message, find the nearest ones, and
//! write the JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;
use phoneboot_engine::display_messages::{closest, matches, matches_json};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let found = matches(&s);
    if found.is_empty() {
        assert!(closest(&s, 3).len() <= 3);
    }
    let json: serde_json::Value =
        serde_json::from_str(&matches_json(&s)).expect("matches_json writes JSON");
    assert_eq!(json["matches"].as_array().map(Vec::len), Some(found.len()));
});
