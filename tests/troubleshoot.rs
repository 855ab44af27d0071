//! The troubleshooting tools' logic, in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p phoneboot-web --test troubleshoot`
//!
//! The panels themselves are tested end to end by e2e/troubleshoot.test.mjs;
//! these cover the pure parts (trace model, gaps, diagnosis), local files and
//! the reducer's share-link and lint actions.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use phoneboot_engine::source::{FetchRequest, Purpose};
use phoneboot_engine::testing::Recorder;
use phoneboot_engine::{FileSource, Flash, ServerSpec};
use phoneboot_web::local::{LocalFiles, LocalSource, LOCAL_BASE};
use phoneboot_web::state::{Action, Defaults, FormEdit, ServerMode, State};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn defaults() -> Defaults {
    Defaults {
        base_url: "http://127.0.0.1:8080/demo/".into(),
        option242: "HTTPSRVR=127.0.0.1,HTTPPORT=8080,HTTPDIR=demo".into(),
    }
}

// ---------------------------------------------------------------- trace model

// ---------------------------------------------------------------- local files

fn file(path_name: &str, body: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(body));
    web_sys::File::new_with_str_sequence(&parts, path_name).unwrap()
}

fn request(name: &str) -> FetchRequest {
    FetchRequest {
        url: format!("{LOCAL_BASE}{name}"),
        file: name.into(),
        purpose: Purpose::Settings,
        timeout_ms: 1_000,
    }
}

#[wasm_bindgen_test]
async fn local_files_are_served_by_path_then_by_bare_name() {
    let files = LocalFiles::from_files([
        file("16xxupgrade.txt", "GET 46xxsettings.txt\n"),
        file("46xxsettings.txt", "SET DOMAIN top\n"),
    ]);
    assert_eq!(files.len(), 2);
    let src = LocalSource::new(files.clone());
    let mut r = Recorder::default();
    let head = src.get(&request("46xxsettings.txt"), &mut r).await.unwrap();
    assert_eq!(head.status, 200);
    assert_eq!(head.content_length, Some(15));
    assert_eq!(r.body, b"SET DOMAIN top\n");
    // A GET of sub/46xxsettings.txt finds the file by its bare name.
    assert!(files.find("sub/46xxsettings.txt").is_some());
    let mut r = Recorder::default();
    let head = src.get(&request("missing.txt"), &mut r).await.unwrap();
    assert_eq!(head.status, 404);
    assert!(r.body.is_empty());
    // Exact names, like a case-sensitive server.
    assert!(files.find("46XXSETTINGS.TXT").is_none());
}

// ---------------------------------------------------------------- reducer

fn reduce(s: Rc<State>, a: Action) -> Rc<State> {
    s.reduce(a)
}

#[wasm_bindgen_test]
fn local_mode_needs_files_and_boots_from_local_base() {
    let mut s = Rc::new(State::new(Flash::factory(), None, &defaults()));
    s = reduce(s, Action::Edit(FormEdit::Mode(ServerMode::Local)));
    assert!(s.form.server_error().is_some());
    assert!(!s.form.is_valid());
    s = reduce(
        s,
        Action::Edit(FormEdit::LocalFiles(LocalFiles::from_files([file(
            "16xxupgrade.txt",
            "",
        )]))),
    );
    assert!(s.form.is_valid());
    assert_eq!(
        s.form.boot_config().unwrap().server,
        ServerSpec::BaseUrl(LOCAL_BASE.into())
    );
}
