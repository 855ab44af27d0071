//! Browser glue of the web crate, in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p phoneboot-web`
//!
//! The whole app is tested end to end by e2e/app.test.mjs; these tests cover
//! what is easier to reach from inside the page: storage, URL arithmetic, the
//! fetch adapter on data:/blob: URLs, and the reducer.
#![cfg(target_arch = "wasm32")]

use phoneboot_engine::source::{FetchError, FetchHead, FetchRequest, Purpose};
use phoneboot_engine::testing::Recorder;
use phoneboot_engine::{
    BootConfig, Cause, Event, FileSource, Flash, LoadedFile, Model, PhoneConfig, ServerSpec, Slot,
};
use phoneboot_web::browser::{demo_url, option242_for};
use phoneboot_web::http::{check_url, HttpSource};
use phoneboot_web::state::{Action, Defaults, NoticeKind, ServerMode, State};
use phoneboot_web::storage::{load_flash, parse_flash, save_flash, FLASH_KEY};
use phoneboot_web::view::{request_rows, RequestResult};
use std::rc::Rc;
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn loaded(name: &str) -> LoadedFile {
    LoadedFile {
        name: name.to_owned(),
        size: 57344,
        sha256: "ab".repeat(32),
        written_ms: 1_700_000_000_000.0,
    }
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

#[wasm_bindgen_test]
fn corrupt_flash_resets_to_factory_with_a_notice() {
    for bad in [
        "{not json",
        r#"{"version": 1, "boot_code": 42}"#,
        r#"{"version": 7}"#,
        r#"{"boot_code": null}"#,
        "[]",
    ] {
        storage().set_item(FLASH_KEY, bad).unwrap();
        let (flash, notice) = load_flash();
        assert_eq!(flash, Flash::factory(), "{bad}");
        let notice = notice.expect("a notice");
        assert_eq!(notice.kind, NoticeKind::Warning);
        assert!(notice.text.contains("factory"), "{}", notice.text);
    }
    assert!(parse_flash(r#"{"version": 7}"#)
        .unwrap_err()
        .to_string()
        .contains("version 7"));
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

// ---------------------------------------------------------------- state and views

fn defaults() -> Defaults {
    Defaults {
        base_url: "http://127.0.0.1:8080/demo/".into(),
        option242: "HTTPSRVR=127.0.0.1,HTTPPORT=8080,HTTPDIR=demo".into(),
    }
}

fn reduce(s: Rc<State>, a: Action) -> Rc<State> {
    s.reduce(a)
}

/// A fresh page that has just started boot 1 of a factory-fresh 1608.
fn started_1608() -> Rc<State> {
    let s = Rc::new(State::new(Flash::factory(), None, &defaults()));
    let config = BootConfig::new(
        PhoneConfig::new(Model::M1608),
        ServerSpec::BaseUrl("x".into()),
    );
    reduce(
        s,
        Action::Started {
            id: 1,
            cause: Cause::PowerOn,
            config,
            flash: Flash::factory(),
        },
    )
}

#[wasm_bindgen_test]
fn the_form_builds_the_boot_config_and_validates() {
    let mut s = Rc::new(State::new(Flash::factory(), None, &defaults()));
    s = reduce(s, Action::SetModel(Model::M1616));
    s = reduce(s, Action::SetGroup("3".into()));
    s = reduce(s, Action::SetTimeout("2".into()));
    let c = s.form.boot_config().unwrap();
    assert_eq!(c.phone.model, Model::M1616);
    assert_eq!(c.phone.group, 3);
    assert_eq!(c.timeout_ms, 2_000);
    assert_eq!(
        c.server,
        ServerSpec::BaseUrl("http://127.0.0.1:8080/demo/".into())
    );
    s = reduce(s, Action::SetMode(ServerMode::Option242));
    assert_eq!(
        s.form.boot_config().unwrap().server,
        ServerSpec::Option242("HTTPSRVR=127.0.0.1,HTTPPORT=8080,HTTPDIR=demo".into())
    );
    for bad in ["1000", "-1", "x", "", "1.5"] {
        s = reduce(s, Action::SetGroup(bad.into()));
        assert!(s.form.group_error().is_some(), "{bad}");
        assert!(!s.form.is_valid());
    }
    s = reduce(s, Action::SetGroup(" 999 ".into()));
    assert!(s.form.is_valid());
    s = reduce(s, Action::SetTimeout("0".into()));
    assert!(s.form.timeout_error().is_some());
}

#[wasm_bindgen_test]
fn edited_loaded_names_stand_in_for_flash() {
    let mut flash = Flash::factory();
    flash.boot_code = Some(loaded("hb16xxdemo_r1_5.bin"));
    let mut s = Rc::new(State::new(flash.clone(), None, &defaults()));
    assert_eq!(s.form.bootname, "hb16xxdemo_r1_5.bin");
    assert_eq!(
        s.form.apply_loaded(&s.flash),
        flash,
        "unchanged names keep the file"
    );
    s = reduce(s, Action::SetAppname("ha1608demo_r2_0.bin".into()));
    s = reduce(s, Action::SetBootname("".into()));
    let f = s.form.apply_loaded(&s.flash);
    assert_eq!(f.boot_code, None);
    assert_eq!(
        f.slot(Slot::Application).map(|a| a.name.as_str()),
        Some("ha1608demo_r2_0.bin")
    );
}

#[wasm_bindgen_test]
fn a_run_plays_its_display_back_frame_by_frame() {
    let s = started_1608();
    assert!(s.running());
    let display = |t: &str| Event::Display {
        text: t.into(),
        screen: vec![t.into(), String::new()],
    };
    let s = reduce(
        s,
        Action::Events {
            id: 1,
            events: vec![
                Event::BootStart {
                    pass: 1,
                    cause: Cause::PowerOn,
                },
                display("Initializing"),
                display("Loading"),
                Event::FlashWrite {
                    slot: Slot::BootCode,
                    file: loaded("hb16xxdemo_r1_5.bin"),
                },
            ],
        },
    );
    // Stale sessions are ignored.
    let s = reduce(
        s,
        Action::Events {
            id: 0,
            events: vec![display("stale")],
        },
    );
    let run = s.run.as_ref().unwrap();
    assert_eq!(run.frames.len(), 2);
    assert_eq!(run.next_delay(), Some(0));
    assert!(run.screen().is_none());
    assert_eq!(
        run.visible_events().len(),
        1,
        "only what comes before the first message"
    );
    assert_eq!(
        s.flash.boot_code.as_ref().map(|f| f.name.as_str()),
        Some("hb16xxdemo_r1_5.bin"),
        "flash writes are kept at once"
    );
    assert_eq!(s.form.bootname, "", "and shown when the display gets there");
    assert_eq!(run.shown_flash().boot_code, None);

    let s = reduce(s, Action::Tick { id: 1 });
    let run = s.run.as_ref().unwrap();
    assert_eq!(run.screen().unwrap().0, "Initializing");
    assert_eq!(run.next_delay(), Some(phoneboot_web::state::DISPLAY_MS));
    assert_eq!(run.visible_events().len(), 2);

    let s = reduce(s, Action::SkipAnimation);
    let run = s.run.as_ref().unwrap();
    assert_eq!(run.screen().unwrap().0, "Loading");
    assert_eq!(run.next_delay(), None);
    assert_eq!(run.visible_events().len(), 4);
    assert!(run.shown_flash().boot_code.is_some());

    // After a skip, later messages show at once.
    let s = reduce(
        s,
        Action::Events {
            id: 1,
            events: vec![display("Login")],
        },
    );
    assert_eq!(s.run.as_ref().unwrap().screen().unwrap().0, "Login");

    let s = reduce(s, Action::FactoryReset);
    assert!(s.run.is_none());
    assert_eq!(s.flash, Flash::factory());
    assert_eq!(s.form.bootname, "");
}

#[wasm_bindgen_test]
fn answers_match_their_request_even_when_a_digest_shares_its_number() {
    let req = |url: &str, purpose| Event::Request {
        attempt: 2,
        file: "f".into(),
        url: url.into(),
        purpose,
    };
    let ok = |url: &str, bytes| Event::Response {
        attempt: 2,
        file: "f".into(),
        url: url.into(),
        head: FetchHead {
            status: 200,
            ..Default::default()
        },
        bytes,
        elapsed_ms: 5.0,
    };
    let rows = request_rows(&[
        Event::BootStart {
            pass: 1,
            cause: Cause::PowerOn,
        },
        req("http://s/a.bin", Purpose::Application),
        ok("http://s/a.bin", 1000),
        req("http://s/a.bin.sha256", Purpose::Digest),
        Event::RequestFailed {
            attempt: 2,
            file: "f".into(),
            url: "http://s/a.bin.sha256".into(),
            error: FetchError::Timeout { after_ms: 1000 },
            elapsed_ms: 1000.0,
        },
    ]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].bytes, 1000);
    assert!(matches!(
        rows[0].result,
        RequestResult::Answered { status: 200, .. }
    ));
    assert!(matches!(
        rows[1].result,
        RequestResult::Failed(FetchError::Timeout { .. })
    ));
    assert_eq!(rows[1].pass, 1);
}

// ---------------------------------------------------------------- issue 4: scenarios, flash size, progress, verdict

#[wasm_bindgen_test]
fn a_demo_scenario_sets_the_server_folder_and_the_flash_for_the_model() {
    use phoneboot_web::scenario::Scenario;
    let mut s = Rc::new(State::new(Flash::factory(), None, &defaults()));
    s = reduce(s, Action::SetModel(Model::M1616I));
    s = reduce(s, Action::SetMode(ServerMode::Option242));
    s = reduce(s, Action::PickScenario(Scenario::Corrupt));
    assert_eq!(s.scenario, Some(Scenario::Corrupt));
    assert_eq!(s.form.mode, ServerMode::BaseUrl);
    assert_eq!(s.form.base_url, "http://127.0.0.1:8080/demo/broken/");
    assert_eq!(s.form.bootname, "hb16xxdemo_r1_5.bin");
    assert_eq!(s.form.appname, "ha1616demo_r2_0.bin");
    assert_eq!(s.flash.model, Some(Model::M1616I));
    assert!(Scenario::Corrupt
        .explain(Model::M1616I)
        .contains("ha1616demo_r2_1.bin"));

    // Not booted yet: a new model gets its own family's files.
    s = reduce(s, Action::SetModel(Model::M1603SW));
    assert_eq!(s.form.appname, "ha1603demo_r2_0.bin");

    s = reduce(s, Action::PickScenario(Scenario::NewFirmware));
    assert_eq!(s.form.base_url, "http://127.0.0.1:8080/demo/");
    assert_eq!(
        s.flash.application.as_ref().map(|f| f.name.as_str()),
        Some("ha1603demo_r1_9.bin")
    );
    // Once a boot changed flash, the model no longer drags it along.
    let config = s.form.boot_config().unwrap();
    let mut booted = s.flash.clone();
    booted.application = Some(loaded("ha1603demo_r2_0.bin"));
    let after = reduce(
        reduce(
            s.clone(),
            Action::Started {
                id: 1,
                cause: Cause::PowerOn,
                config: config.clone(),
                flash: s.flash.clone(),
            },
        ),
        Action::Finished {
            id: 1,
            report: Box::new(phoneboot_engine::report::ReportBuilder::new(&config).finish(&booted)),
            flash: booted,
        },
    );
    let after = reduce(after, Action::SetModel(Model::M1608));
    assert_eq!(
        after.flash.application.as_ref().map(|f| f.name.as_str()),
        Some("ha1603demo_r2_0.bin")
    );

    s = reduce(s, Action::PickScenario(Scenario::FactoryFresh));
    assert_eq!(s.flash.boot_code, None);
    assert_eq!(s.flash.application, None);
    s = reduce(s, Action::FactoryReset);
    assert_eq!(s.scenario, None);
}

#[wasm_bindgen_test]
fn the_flash_size_feeds_the_boot_config() {
    let mut s = Rc::new(State::new(Flash::factory(), None, &defaults()));
    assert_eq!(s.form.boot_config().unwrap().flash_limit, 16 * 1024 * 1024);
    s = reduce(s, Action::SetFlashSize("128".into()));
    assert_eq!(s.form.boot_config().unwrap().flash_limit, 128 * 1024 * 1024);
    for bad in ["0", "x", "", "1025", "2.5"] {
        s = reduce(s, Action::SetFlashSize(bad.into()));
        assert!(s.form.flash_size_error().is_some(), "{bad}");
        assert!(!s.form.is_valid());
    }
}

#[wasm_bindgen_test]
fn the_display_counts_kilobytes_while_a_download_runs_and_verdicts_are_kept() {
    use phoneboot_web::state::VerdictTime;
    let s = started_1608();
    let progress = |n| Event::Progress {
        file: "ha.bin".into(),
        received: n,
        total: Some(100_000),
    };
    let s = reduce(
        s,
        Action::Events {
            id: 1,
            events: vec![
                Event::Display {
                    text: "ha.bin".into(),
                    screen: vec!["ha.bin".into(), String::new()],
                },
                progress(4096),
                progress(70_000),
            ],
        },
    );
    let s = reduce(s, Action::SkipAnimation);
    let run = s.run.as_ref().unwrap();
    assert_eq!(run.screen().unwrap().0, "ha.bin");
    assert_eq!(
        run.live_screen().unwrap(),
        vec!["68 KB received".to_owned(), String::new()]
    );
    let time = VerdictTime {
        pass: 1,
        file: "ha.bin".into(),
        ms: 0.3,
    };
    let s = reduce(
        s,
        Action::Verdict {
            id: 2,
            time: time.clone(),
        },
    );
    assert!(
        s.run.as_ref().unwrap().verdicts.is_empty(),
        "another session's"
    );
    let s = reduce(
        s,
        Action::Verdict {
            id: 1,
            time: time.clone(),
        },
    );
    assert_eq!(s.run.as_ref().unwrap().verdicts, vec![time]);
}
