//! The troubleshooting tools' logic, in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p phoneboot-web --test troubleshoot`
//!
//! The panels themselves are tested end to end by e2e/troubleshoot.test.mjs;
//! these cover the pure parts (trace model, gaps, diagnosis), local files and
//! the reducer's share-link and lint actions.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use phoneboot_engine::catalog::Verdict;
use phoneboot_engine::source::{FetchError, FetchHead, FetchRequest, Purpose};
use phoneboot_engine::testing::Recorder;
use phoneboot_engine::text::Encoding;
use phoneboot_engine::{Cause, Event, FileSource, Flash, GetOutcome, JumpInfo, Model, ServerSpec};
use phoneboot_web::local::{relative_path, LocalFiles, LocalSource, LOCAL_BASE};
use phoneboot_web::state::{Action, Defaults, ServerMode, State};
use phoneboot_web::troubleshoot::{
    instance_of, segments, thousands, trace_files, upgrade_failure, LineKind, Lines, Mark, Segment,
};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn defaults() -> Defaults {
    Defaults {
        base_url: "http://127.0.0.1:8080/demo/".into(),
        option242: "HTTPSRVR=127.0.0.1,HTTPPORT=8080,HTTPDIR=demo".into(),
    }
}

fn file_start(file: &str, text: &str) -> Event {
    Event::FileStart {
        file: file.into(),
        encoding: Encoding::Utf8,
        lines: text.lines().count() as u32,
        statements: 0,
        text: text.into(),
    }
}

// ---------------------------------------------------------------- trace model

#[wasm_bindgen_test]
fn trace_files_collect_each_run_with_its_marks() {
    let st = "IF $GROUP SEQ 0 GOTO Z\nSET L2QVLAN 1\n# Z\nGET x.txt\nSET DOMAIN a\n";
    let events = vec![
        Event::BootStart {
            pass: 1,
            cause: Cause::PowerOn,
        },
        file_start("46xxsettings.txt", st),
        Event::Jump {
            file: "46xxsettings.txt".into(),
            line: 1,
            jump: JumpInfo::If {
                var: "GROUP".into(),
                actual: Some("0".into()),
                expected: "0".into(),
                taken: true,
                target: "Z".into(),
                found: true,
            },
        },
        Event::FileEnd {
            file: "46xxsettings.txt".into(),
            executed: vec![1, 3, 4],
        },
        Event::Get {
            file: "46xxsettings.txt".into(),
            line: 4,
            target: "x.txt".into(),
            outcome: GetOutcome::Failed,
        },
        Event::Setting {
            file: "46xxsettings.txt".into(),
            line: 5,
            name: "DOMAIN".into(),
            value: "a".into(),
            verdict: Verdict::Applied,
        },
        Event::FileEnd {
            file: "46xxsettings.txt".into(),
            executed: vec![5],
        },
        Event::BootStart {
            pass: 2,
            cause: Cause::AfterDownload,
        },
        file_start("46xxsettings.txt", st),
    ];
    let t = trace_files(&events);
    assert_eq!(t.len(), 2);
    assert_eq!((t[0].pass, t[1].pass), (1, 2));
    assert_eq!(
        t[0].executed.iter().copied().collect::<Vec<_>>(),
        vec![1, 3, 4, 5]
    );
    let kinds: Vec<(u32, &str)> = t[0]
        .marks
        .iter()
        .flat_map(|(l, ms)| ms.iter().map(move |m| (*l, m.kind())))
        .collect();
    assert_eq!(
        kinds,
        vec![(1, "if-taken"), (4, "get-failed"), (5, "set-applied")]
    );
    assert!(t[1].marks.is_empty() && t[1].executed.is_empty());
    // A lint link goes to the latest run of its file.
    assert_eq!(instance_of(&t, "46xxsettings.txt"), Some(1));
    assert_eq!(instance_of(&t, "46XXSETTINGS.TXT"), Some(1));
    assert_eq!(instance_of(&t, "other.txt"), None);
    assert!(matches!(t[0].marks[&4][0], Mark::Get { .. }));
}

#[wasm_bindgen_test]
fn lines_know_statements_labels_and_secrets() {
    let l = Lines::new(
        "f",
        "## c\r\nSET PROCPSWD 1234\r\n# END\rSET L2QVLAN 3\n  SET X 1",
    );
    assert_eq!(l.count(), 5);
    assert_eq!(*l.kind(1), LineKind::Comment);
    assert_eq!(*l.kind(2), LineKind::SecretSet("PROCPSWD".into()));
    assert_eq!(*l.kind(3), LineKind::Statement);
    assert_eq!(*l.kind(5), LineKind::Comment, "indented: a comment");
    assert_eq!(l.labels.get("END"), Some(&3));
    let text = "## c\r\nSET PROCPSWD 1234\r\n# END\rSET L2QVLAN 3\n  SET X 1";
    assert_eq!(l.text(text, 4), "SET L2QVLAN 3");
}

#[wasm_bindgen_test]
fn a_large_file_shows_only_what_matters_and_collapses_the_rest() {
    let mut text = String::new();
    for i in 1..=14_734 {
        if i == 7_000 {
            text.push_str("SET L2QVLAN 5\n");
        } else {
            text.push_str(&format!("## comment {i}\n"));
        }
    }
    let lines = Lines::new("big.txt", &text);
    let segs = segments(&lines, [7_000], &[]);
    let shown = segs
        .iter()
        .filter(|s| matches!(s, Segment::Line(_)))
        .count();
    assert_eq!(
        shown,
        2 + 5,
        "two first lines and 7000 with two lines each side"
    );
    assert_eq!(
        segs[2],
        Segment::Gap {
            from: 3,
            to: 6_997,
            comments: 6_995
        }
    );
    // Revealing part of a gap splits it.
    let segs = segments(&lines, [7_000], &[(3, 302)]);
    assert_eq!(
        segs.iter()
            .filter(|s| matches!(s, Segment::Line(_)))
            .count(),
        307
    );
    // A small file is shown whole.
    let small = Lines::new("s.txt", "## a\n## b\nSET X 1\n");
    assert_eq!(segments(&small, [], &[]).len(), 3);
    assert_eq!(thousands(14_734), "14,734");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1_000_000), "1,000,000");
    assert_eq!(thousands(0), "0");
}

#[wasm_bindgen_test]
fn the_banner_explains_why_the_upgrade_script_was_not_had() {
    let req = |attempt, url: &str| Event::Request {
        attempt,
        file: "16xxupgrade.txt".into(),
        url: url.into(),
        purpose: Purpose::UpgradeScript,
    };
    let start = Event::BootStart {
        pass: 1,
        cause: Cause::PowerOn,
    };
    let failed = vec![
        start.clone(),
        req(1, "https://h/16xxupgrade.txt"),
        Event::RequestFailed {
            attempt: 1,
            file: "16xxupgrade.txt".into(),
            url: "https://h/16xxupgrade.txt".into(),
            error: FetchError::CrossOrigin { detail: "x".into() },
            elapsed_ms: 3.0,
        },
        req(2, "http://h/16xxupgrade.txt"),
        Event::Response {
            attempt: 2,
            file: "16xxupgrade.txt".into(),
            url: "http://h/16xxupgrade.txt".into(),
            head: FetchHead {
                status: 404,
                ..Default::default()
            },
            bytes: 9,
            elapsed_ms: 1.0,
        },
    ];
    let d = upgrade_failure(&failed).unwrap();
    assert_eq!(d.kind, "cross-origin");
    assert!(d.show_cors_headers);
    // Delivered by the second server: no banner.
    let mut ok = failed.clone();
    if let Some(Event::Response { head, .. }) = ok.last_mut() {
        head.status = 200;
    }
    assert_eq!(upgrade_failure(&ok), None);
    assert_eq!(upgrade_failure(&[start]), None);
}

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
fn relative_paths_drop_the_picked_folder() {
    assert_eq!(
        relative_path("prov/configs/a.txt", "a.txt"),
        "configs/a.txt"
    );
    assert_eq!(relative_path("prov/a.txt", "a.txt"), "a.txt");
    assert_eq!(relative_path("", "a.txt"), "a.txt");
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
    s = reduce(s, Action::SetMode(ServerMode::Local));
    assert!(s.form.server_error().is_some());
    assert!(!s.form.is_valid());
    s = reduce(
        s,
        Action::SetLocalFiles(LocalFiles::from_files([file("16xxupgrade.txt", "")])),
    );
    assert!(s.form.is_valid());
    assert_eq!(
        s.form.boot_config().unwrap().server,
        ServerSpec::BaseUrl(LOCAL_BASE.into())
    );
}

#[wasm_bindgen_test]
fn a_share_link_round_trips_through_the_form() {
    let mut s = Rc::new(State::new(Flash::factory(), None, &defaults()));
    s = reduce(s, Action::SetModel(Model::M1603SWI));
    s = reduce(s, Action::SetGroup("12".into()));
    s = reduce(s, Action::SetMode(ServerMode::Option242));
    s = reduce(
        s,
        Action::SetOption242("HTTPSRVR=10.0.0.9,HTTPDIR=a b".into()),
    );
    s = reduce(s, Action::SetAppname("ha1603ua1_3200.bin".into()));
    let fragment = s.form.shared().to_fragment();
    let mut t = Rc::new(State::new(Flash::factory(), None, &defaults()));
    t = reduce(t, Action::OpenLink(format!("#{fragment}")));
    assert_eq!(t.form.model, Model::M1603SWI);
    assert_eq!(t.form.group, "12");
    assert_eq!(t.form.mode, ServerMode::Option242);
    assert_eq!(t.form.option242, "HTTPSRVR=10.0.0.9,HTTPDIR=a b");
    assert_eq!(t.form.appname, "ha1603ua1_3200.bin");
    assert!(t.notice.is_some());
    // A fragment with no configuration changes nothing.
    let u = reduce(
        Rc::new(State::new(Flash::factory(), None, &defaults())),
        Action::OpenLink("#top".into()),
    );
    assert_eq!(u.notice, None);
    assert_eq!(u.form.model, Model::M1608);
    // Local mode comes back without files.
    let mut l = Rc::new(State::new(Flash::factory(), None, &defaults()));
    l = reduce(l, Action::OpenLink("url=local%3A%2F%2F%2F".into()));
    assert_eq!(l.form.mode, ServerMode::Local);
    assert!(l.form.local.is_empty());
}

#[wasm_bindgen_test]
fn each_lint_click_is_a_new_focus_request() {
    let mut s = Rc::new(State::new(Flash::factory(), None, &defaults()));
    s = reduce(
        s,
        Action::FocusLine {
            file: "a.txt".into(),
            line: 3,
        },
    );
    let first = s.trace_focus.clone().unwrap();
    s = reduce(
        s,
        Action::FocusLine {
            file: "a.txt".into(),
            line: 3,
        },
    );
    let second = s.trace_focus.clone().unwrap();
    assert_eq!((first.line, second.line), (3, 3));
    assert!(second.seq > first.seq);
}
