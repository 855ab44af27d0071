//! The web crate's pure logic, natively (`cargo test -p phoneboot-web --test pure`):
//! the reducer and the form, the display playback, the panels' rows, the
//! trace and its segments, share links through the form, the fleet's server
//! field; the fleet's matrix and reducer (pure/fleet.rs), the access-log
//! reducer (pure/access_log.rs), what stored flash JSON becomes
//! (pure/storage.rs). None of it touches the browser; the glue is tested in Chromium
//! (tests/web.rs, tests/troubleshoot.rs, tests/fleet.rs).
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use phoneboot_engine::catalog::Verdict;
use phoneboot_engine::source::{FetchError, FetchHead, Purpose};
use phoneboot_engine::testing::loaded;
use phoneboot_engine::text::Encoding;
use phoneboot_engine::{
    BootConfig, Cause, Event, Flash, GetOutcome, JumpInfo, Model, PhoneConfig, ServerSpec, Slot,
};
use phoneboot_web::local::relative_path;
use phoneboot_web::state::fleet::{param_of, server_spec};
use phoneboot_web::state::{Action, Defaults, FormEdit, ServerMode, State};
use phoneboot_web::troubleshoot::{
    instance_of, segments, thousands, trace_files, upgrade_failure, LineKind, Lines, Mark, Segment,
};
use phoneboot_web::view::{request_rows, RequestResult};
use yew::Reducible;

// The access-log and fleet reducers, the fleet's matrix, stored flash, and
// when a running boot's events reach the page, each in its own file.
#[path = "pure/access_log.rs"]
mod access_log;
#[path = "pure/delivery.rs"]
mod delivery;
#[path = "pure/fleet.rs"]
mod fleet;
#[path = "support/fleet_fixture.rs"]
mod fleet_fixture;
#[path = "pure/storage.rs"]
mod storage;

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

#[test]
fn the_form_builds_the_boot_config_and_validates() {
    let mut s = Rc::new(State::new(Flash::factory(), None, &defaults()));
    s = reduce(s, Action::Edit(FormEdit::Model(Model::M1616)));
    s = reduce(s, Action::Edit(FormEdit::Group("3".into())));
    s = reduce(s, Action::Edit(FormEdit::Timeout("2".into())));
    let c = s.form.boot_config().unwrap();
    assert_eq!(c.phone.model, Model::M1616);
    assert_eq!(c.phone.group, 3);
    assert_eq!(c.timeout_ms, 2_000);
    assert_eq!(
        c.server,
        ServerSpec::BaseUrl("http://127.0.0.1:8080/demo/".into())
    );
    s = reduce(s, Action::Edit(FormEdit::Mode(ServerMode::Option242)));
    assert_eq!(
        s.form.boot_config().unwrap().server,
        ServerSpec::Option242("HTTPSRVR=127.0.0.1,HTTPPORT=8080,HTTPDIR=demo".into())
    );
    for bad in ["1000", "-1", "x", "", "1.5"] {
        s = reduce(s, Action::Edit(FormEdit::Group(bad.into())));
        assert!(s.form.group_error().is_some(), "{bad}");
        assert!(!s.form.is_valid());
    }
    s = reduce(s, Action::Edit(FormEdit::Group(" 999 ".into())));
    assert!(s.form.is_valid());
    s = reduce(s, Action::Edit(FormEdit::Timeout("0".into())));
    assert!(s.form.timeout_error().is_some());
}

#[test]
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
    s = reduce(
        s,
        Action::Edit(FormEdit::Appname("ha1608demo_r2_0.bin".into())),
    );
    s = reduce(s, Action::Edit(FormEdit::Bootname("".into())));
    let f = s.form.apply_loaded(&s.flash);
    assert_eq!(f.boot_code, None);
    assert_eq!(
        f.slot(Slot::Application).map(|a| a.name.as_str()),
        Some("ha1608demo_r2_0.bin")
    );
}

#[test]
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

#[test]
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

#[test]
fn a_demo_scenario_sets_the_server_folder_and_the_flash_for_the_model() {
    use phoneboot_web::scenario::Scenario;
    let mut s = Rc::new(State::new(Flash::factory(), None, &defaults()));
    s = reduce(s, Action::Edit(FormEdit::Model(Model::M1616I)));
    s = reduce(s, Action::Edit(FormEdit::Mode(ServerMode::Option242)));
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
    s = reduce(s, Action::Edit(FormEdit::Model(Model::M1603SW)));
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
    let after = reduce(after, Action::Edit(FormEdit::Model(Model::M1608)));
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

#[test]
fn the_flash_size_feeds_the_boot_config() {
    let mut s = Rc::new(State::new(Flash::factory(), None, &defaults()));
    assert_eq!(s.form.boot_config().unwrap().flash_limit, 16 * 1024 * 1024);
    s = reduce(s, Action::Edit(FormEdit::FlashSize("128".into())));
    assert_eq!(s.form.boot_config().unwrap().flash_limit, 128 * 1024 * 1024);
    for bad in ["0", "x", "", "1025", "2.5"] {
        s = reduce(s, Action::Edit(FormEdit::FlashSize(bad.into())));
        assert!(s.form.flash_size_error().is_some(), "{bad}");
        assert!(!s.form.is_valid());
    }
}

#[test]
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

fn file_start(file: &str, text: &str) -> Event {
    Event::FileStart {
        file: file.into(),
        encoding: Encoding::Utf8,
        lines: text.lines().count() as u32,
        statements: 0,
        text: text.into(),
    }
}

#[test]
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

#[test]
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

#[test]
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

#[test]
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
    assert_eq!(d.kind.as_str(), "cross-origin");
    assert!(d.show_cors_headers);
    // Delivered by the second server: no banner.
    let mut ok = failed.clone();
    if let Some(Event::Response { head, .. }) = ok.last_mut() {
        head.status = 200;
    }
    assert_eq!(upgrade_failure(&ok), None);
    assert_eq!(upgrade_failure(&[start]), None);
}

#[test]
fn relative_paths_drop_the_picked_folder() {
    assert_eq!(
        relative_path("prov/configs/a.txt", "a.txt"),
        "configs/a.txt"
    );
    assert_eq!(relative_path("prov/a.txt", "a.txt"), "a.txt");
    assert_eq!(relative_path("", "a.txt"), "a.txt");
}

#[test]
fn a_share_link_round_trips_through_the_form() {
    let mut s = Rc::new(State::new(Flash::factory(), None, &defaults()));
    s = reduce(s, Action::Edit(FormEdit::Model(Model::M1603SWI)));
    s = reduce(s, Action::Edit(FormEdit::Group("12".into())));
    s = reduce(s, Action::Edit(FormEdit::Mode(ServerMode::Option242)));
    s = reduce(
        s,
        Action::Edit(FormEdit::Option242("HTTPSRVR=10.0.0.9,HTTPDIR=a b".into())),
    );
    s = reduce(
        s,
        Action::Edit(FormEdit::Appname("ha1603ua1_3200.bin".into())),
    );
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

#[test]
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

#[test]
fn the_server_field_takes_a_base_url_or_an_option_242_string() {
    assert_eq!(
        server_spec(" http://10.0.0.9/phones/ "),
        Ok(ServerSpec::BaseUrl("http://10.0.0.9/phones/".into()))
    );
    assert_eq!(
        server_spec("demo/"),
        Ok(ServerSpec::BaseUrl("demo/".into()))
    );
    assert_eq!(
        server_spec("HTTPSRVR=10.0.0.9,HTTPDIR=phones"),
        Ok(ServerSpec::Option242(
            "HTTPSRVR=10.0.0.9,HTTPDIR=phones".into()
        ))
    );
    assert_eq!(
        server_spec("http://x/?a=b"),
        Ok(ServerSpec::BaseUrl("http://x/?a=b".into()))
    );
    assert!(server_spec("  ").is_err());
    assert_eq!(param_of(" l2qvlan "), Some("L2QVLAN".into()));
    assert_eq!(param_of(""), None);
}
