//! What the app makes of the flash stored in the browser, natively: the
//! formats of older builds, and anything unreadable reset with a notice.
//! Reading and writing `localStorage` itself runs in Chromium (tests/web.rs).

use phoneboot_engine::testing::loaded;
use phoneboot_engine::{Flash, Model};
use phoneboot_web::state::NoticeKind;
use phoneboot_web::storage::{flash_from_stored, parse_flash};

#[test]
fn flash_round_trips_through_its_stored_json() {
    let mut flash = Flash::factory();
    flash.boot_code = Some(loaded("hb16xxdemo_r1_5.bin"));
    flash.settings.insert("L2QVLAN".into(), "130".into());
    flash.model = Some(Model::M1616I);
    flash.group = Some(3);
    let json = serde_json::to_string(&flash).unwrap();
    assert_eq!(flash_from_stored(Some(&json)), (flash, None));
}

#[test]
fn a_version_1_flash_stored_by_an_older_build_still_loads_and_keeps_language_files_and_auth() {
    // What a build from before language files and AUTH were kept stored.
    let v1 = r#"{"version":1,"boot_code":null,"application":{"name":"ha1608demo_r2_0.bin","size":57344,"sha256":"ab","written_ms":1.0},"settings":{"L2QVLAN":"130"},"model":"1608","group":3,"mac":null}"#;
    let (flash, notice) = flash_from_stored(Some(v1));
    assert!(notice.is_none(), "{notice:?}");
    assert_eq!(flash.version, Flash::VERSION);
    assert_eq!(
        flash.application.as_ref().unwrap().name,
        "ha1608demo_r2_0.bin"
    );
    assert!(flash.languages.is_empty() && !flash.auth);
    let mut now = flash;
    now.keep_language("LANG1FILE", loaded("mlf_16xx_german.txt"));
    now.auth = true;
    let json = serde_json::to_string(&now).unwrap();
    assert_eq!(flash_from_stored(Some(&json)).0, now);
}

#[test]
fn nothing_stored_is_a_factory_fresh_phone_without_a_notice() {
    assert_eq!(flash_from_stored(None), (Flash::factory(), None));
}

#[test]
fn corrupt_flash_resets_to_factory_with_a_notice() {
    for bad in [
        "{not json",
        r#"{"version": 1, "boot_code": 42}"#,
        r#"{"version": 7}"#,
        r#"{"boot_code": null}"#,
        "[]",
    ] {
        let (flash, notice) = flash_from_stored(Some(bad));
        assert_eq!(flash, Flash::factory(), "{bad}");
        let notice = notice.expect("a notice");
        assert_eq!(notice.kind, NoticeKind::Warning);
        assert!(notice.text.contains("factory"), "{}", notice.text);
    }
    assert!(parse_flash(r#"{"version": 7}"#)
        .unwrap_err()
        .to_string()
        .contains("version 7"));
}
