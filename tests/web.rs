//! Browser glue of the web crate, in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p phoneboot-web`
//!
//! The whole app is tested end to end by e2e/app.test.mjs; these tests cover
//! what is easier to reach from inside the page: storage, URL arithmetic and the
//! fetch adapter on data:/blob: URLs. The pure logic (reducers, rows, trace,
//! the fleet's matrix, what stored flash JSON becomes) runs natively in
//! tests/pure.rs and tests/pure/.
#![cfg(target_arch = "wasm32")]

use phoneboot_engine::source::{FetchError, FetchRequest, Purpose};
use phoneboot_engine::testing::{loaded, Recorder};
use phoneboot_engine::{FileSource, Flash, Model};
use phoneboot_web::browser::{demo_url, option242_for};
use phoneboot_web::http::{check_url, HttpSource};
use phoneboot_web::state::NoticeKind;
use phoneboot_web::storage::{load_flash, save_flash, FLASH_KEY};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

// ---------------------------------------------------------------- flash storage

#[wasm_bindgen_test]
fn flash_round_trips_through_local_storage() {
    let mut flash = Flash::factory();
    flash.boot_code = Some(loaded("hb16xxdemo_r1_5.bin"));
    flash.settings.insert("L2QVLAN".into(), "130".into());
    flash.model = Some(Model::M1616I);
    flash.group = Some(3);
    save_flash(&flash).unwrap();
    assert!(storage().get_item(FLASH_KEY).unwrap().is_some());
    let (back, notice) = load_flash();
    assert_eq!(back, flash);
    assert!(notice.is_none());
    storage().remove_item(FLASH_KEY).unwrap();
}

#[wasm_bindgen_test]
fn nothing_stored_is_a_factory_fresh_phone_without_a_notice() {
    storage().remove_item(FLASH_KEY).unwrap();
    let (flash, notice) = load_flash();
    assert_eq!(flash, Flash::factory());
    assert!(notice.is_none());
}

/// What is made of the stored text is tested natively (tests/pure/storage.rs);
/// this is the glue: load_flash reads the key and hands its text over.
#[wasm_bindgen_test]
fn corrupt_stored_flash_resets_to_factory_with_a_notice() {
    storage().set_item(FLASH_KEY, "{not json").unwrap();
    let (flash, notice) = load_flash();
    assert_eq!(flash, Flash::factory());
    assert_eq!(notice.expect("a notice").kind, NoticeKind::Warning);
    storage().remove_item(FLASH_KEY).unwrap();
}

// ---------------------------------------------------------------- URLs

#[wasm_bindgen_test]
fn the_demo_server_is_found_next_to_the_page() {
    let cases = [
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/demo/"),
        (
            "http://127.0.0.1:8080/index.html",
            "http://127.0.0.1:8080/demo/",
        ),
        (
            "http://example.com/tools/dist/",
            "http://example.com/tools/dist/demo/",
        ),
        (
            "https://example.com/tools/dist/index.html?x=1#top",
            "https://example.com/tools/dist/demo/",
        ),
        (
            "http://example.com/tools/dist",
            "http://example.com/tools/demo/",
        ),
    ];
    for (page, want) in cases {
        assert_eq!(demo_url(page).as_deref(), Some(want), "{page}");
    }
}

#[wasm_bindgen_test]
fn option_242_is_derived_from_a_url() {
    assert_eq!(
        option242_for("http://127.0.0.1:8080/dist/demo/").as_deref(),
        Some("HTTPSRVR=127.0.0.1,HTTPPORT=8080,HTTPDIR=dist/demo")
    );
    assert_eq!(
        option242_for("https://files.example.com/demo/").as_deref(),
        Some("TLSSRVR=files.example.com,HTTPDIR=demo")
    );
    assert_eq!(
        option242_for("http://10.0.0.9/").as_deref(),
        Some("HTTPSRVR=10.0.0.9")
    );
    assert_eq!(option242_for("ftp://x/"), None);
}

#[wasm_bindgen_test]
fn urls_are_checked_before_anything_is_sent() {
    assert_eq!(
        check_url("http://10.0.0.9/16xxupgrade.txt", true),
        Err(FetchError::MixedContent)
    );
    // Loopback is trustworthy: an https page may fetch it over http.
    for ok in [
        "http://127.0.0.1:8090/a",
        "http://localhost/a",
        "http://[::1]/a",
    ] {
        assert!(check_url(ok, true).is_ok(), "{ok}");
    }
    assert!(check_url("http://10.0.0.9/16xxupgrade.txt", false).is_ok());
    assert!(matches!(
        check_url("ftp://10.0.0.9/x", false),
        Err(FetchError::BadUrl { .. })
    ));
    assert!(matches!(
        check_url("http://[bad", false),
        Err(FetchError::BadUrl { .. })
    ));
}

// ---------------------------------------------------------------- HttpSource

/// Records what the adapter hands over.
fn request(url: &str) -> FetchRequest {
    FetchRequest {
        url: url.to_owned(),
        file: "16xxupgrade.txt".to_owned(),
        purpose: Purpose::UpgradeScript,
        timeout_ms: 5_000,
    }
}

fn blob_url(bytes: &[u8], mime: &str) -> String {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &props).unwrap();
    web_sys::Url::create_object_url_with_blob(&blob).unwrap()
}

#[wasm_bindgen_test]
async fn a_data_url_is_fetched_with_its_body_and_type() {
    let mut sink = Recorder::default();
    let head = HttpSource::new()
        .get(
            &request("data:text/plain,SET%20GROUP%201%0AGET%2046xxsettings.txt%0A"),
            &mut sink,
        )
        .await
        .unwrap();
    assert_eq!(head.status, 200);
    assert_eq!(head.content_type.as_deref(), Some("text/plain"));
    assert_eq!(sink.head.as_ref(), Some(&head));
    assert_eq!(sink.body, b"SET GROUP 1\nGET 46xxsettings.txt\n");
}

#[wasm_bindgen_test]
async fn a_large_blob_arrives_in_chunks_with_its_length() {
    let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let url = blob_url(&bytes, "application/octet-stream");
    let mut sink = Recorder::default();
    let head = HttpSource::new()
        .get(&request(&url), &mut sink)
        .await
        .unwrap();
    assert_eq!(head.status, 200);
    assert_eq!(head.content_length, Some(bytes.len() as u64));
    assert_eq!(sink.body.len(), bytes.len());
    assert!(sink.body == bytes, "the body arrives intact");
    assert!(
        sink.chunks.len() > 1,
        "streamed, not buffered: {} chunk(s)",
        sink.chunks.len()
    );
    web_sys::Url::revoke_object_url(&url).unwrap();
}

#[wasm_bindgen_test]
async fn the_sink_can_stop_a_body_early() {
    let bytes = vec![b'x'; 2_000_000];
    let url = blob_url(&bytes, "application/octet-stream");
    let mut sink = Recorder {
        stop_after_head: true,
        ..Default::default()
    };
    let head = HttpSource::new()
        .get(&request(&url), &mut sink)
        .await
        .unwrap();
    assert_eq!(head.status, 200);
    assert!(sink.body.is_empty());

    let mut sink = Recorder {
        stop_after_bytes: Some(1),
        ..Default::default()
    };
    HttpSource::new()
        .get(&request(&url), &mut sink)
        .await
        .unwrap();
    assert_eq!(sink.chunks.len(), 1, "no chunk after Break");
    web_sys::Url::revoke_object_url(&url).unwrap();
}

#[wasm_bindgen_test]
async fn a_revoked_blob_is_unreachable() {
    let url = blob_url(b"gone", "text/plain");
    web_sys::Url::revoke_object_url(&url).unwrap();
    let err = HttpSource::new()
        .get(&request(&url), &mut Recorder::default())
        .await
        .unwrap_err();
    // Not http(s), so no no-cors probe: nothing can be reached there.
    assert!(matches!(err, FetchError::Unreachable { .. }), "{err:?}");
}

#[wasm_bindgen_test]
async fn mixed_content_is_refused_without_a_request() {
    let err = HttpSource::with_page_https(true)
        .get(
            &request("http://192.0.2.1/16xxupgrade.txt"),
            &mut Recorder::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::MixedContent);
}

#[wasm_bindgen_test]
fn the_clock_is_epoch_milliseconds() {
    let now = HttpSource::new().now_ms();
    let date = js_sys::Date::now();
    assert!((now - date).abs() < 5_000.0, "{now} vs {date}");
}

// ---------------------------------------------------------------- issue 4: scenarios, flash size, progress, verdict
