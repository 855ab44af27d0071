//! Spec sections 2.5 (files move the servers) and 2.8 (AUTH), through full
//! boots over in-memory servers.

mod common;
use common::*;
use phoneboot_engine::servers::{Moves, Net};
use phoneboot_engine::source::MemorySource;
use phoneboot_engine::*;

const UP: &str = "16xxupgrade.txt";
const ST: &str = "46xxsettings.txt";

fn mem(base: &str, files: &[(&str, &str)]) -> MemorySource {
    let mut s = MemorySource::new(base);
    for (n, t) in files {
        s.insert(n, t.as_bytes().to_vec());
    }
    s
}

fn option242(o: &str) -> BootConfig {
    BootConfig::new(
        PhoneConfig::new(Model::M1608),
        ServerSpec::Option242(o.to_owned()),
    )
}

fn app_loaded() -> Flash {
    Flash::with_loaded(None, Some("app.bin"))
}

fn requests(s: &MemorySource) -> Vec<String> {
    s.requests.borrow().clone()
}

#[test]
fn spec_2_5_set_httpdir_moves_the_next_get_under_a_base_url() {
    let src = mem(
        BASE,
        &[
            (UP, "SET HTTPDIR J100\nGET 46xxsettings.txt\n"),
            (ST, "SET L2QVLAN 1\n"),
            ("J100/46xxsettings.txt", "SET L2QVLAN 100\n"),
        ],
    );
    let r = run_with(&src, &config(Model::M1608, 0), app_loaded(), Cause::PowerOn);
    assert_eq!(r.setting("L2QVLAN").as_deref(), Some("100"));
    assert_eq!(
        requests(&src),
        [
            "mem://srv/16xxupgrade.txt",
            "mem://srv/J100/46xxsettings.txt"
        ]
    );
    let moved = r.warnings(Code::ServersMoved);
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!((moved[0].file.as_str(), moved[0].line), (UP, Some(1)));
    assert!(
        moved[0].message.contains("mem://srv/J100/"),
        "{}",
        moved[0].message
    );
    assert_eq!(r.report.server_moves.len(), 1);
}

#[test]
fn spec_2_5_httpsrvr_moves_settings_and_firmware_to_another_server_and_a_restart_starts_from_dhcp()
{
    let a = mem(
        "http://a:80/",
        &[(
            UP,
            "SET HTTPSRVR b\nSET APPNAME app.bin\nGET 46xxsettings.txt\n",
        )],
    );
    let mut b = mem("http://b:80/", &[(ST, "SET L2QVLAN 7\n")]);
    b.insert("app.bin", b"FIRMWARE not html".repeat(100));
    let src = Multi(
        vec![a, b],
        vec!["http://a:80/".into(), "http://b:80/".into()],
    );
    let r = run_with(
        &src,
        &option242("HTTPSRVR=a"),
        Flash::factory(),
        Cause::PowerOn,
    );
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
    assert_eq!(r.flash.application.as_ref().unwrap().name, "app.bin");
    let a_req = requests(&src.0[0]);
    let b_req = requests(&src.0[1]);
    // Pass 1 and pass 2 both start at DHCP's server: a restart forgets the move.
    assert_eq!(
        a_req,
        ["http://a:80/16xxupgrade.txt", "http://a:80/16xxupgrade.txt"]
    );
    assert!(
        b_req.contains(&"http://b:80/app.bin".to_owned()),
        "{b_req:?}"
    );
    assert_eq!(b_req.last().unwrap(), "http://b:80/46xxsettings.txt");
    assert_eq!(r.setting("L2QVLAN").as_deref(), Some("7"));
}

#[test]
fn spec_2_5_httpsrvr_and_httpport_move_http_servers_only_httpdir_moves_both() {
    let net = Net::of(&ServerSpec::Option242(
        "TLSSRVR=t,HTTPSRVR=a,HTTPDIR=d0".into(),
    ));
    let bases = |m: Moves| -> Vec<String> {
        net.servers(&m)
            .for_scripts()
            .map(|s| s.base.clone())
            .collect()
    };
    assert_eq!(
        bases(Moves {
            httpsrvr: Some("b,c"),
            httpport: Some("8080"),
            ..Moves::default()
        }),
        [
            "https://t:443/d0/",
            "http://b:8080/d0/",
            "http://c:8080/d0/"
        ]
    );
    assert_eq!(
        bases(Moves {
            httpdir: Some("J100"),
            ..Moves::default()
        }),
        ["https://t:443/J100/", "http://a:80/J100/"]
    );
}

#[test]
fn spec_2_5_base_url_httpdir_replaces_the_path_httpsrvr_and_httpport_the_host_and_port() {
    let net = Net::of(&ServerSpec::BaseUrl("http://h:8080/demo/".into()));
    let base = |m: Moves| net.servers(&m).list[0].base.clone();
    assert_eq!(
        base(Moves {
            httpdir: Some("J100"),
            ..Moves::default()
        }),
        "http://h:8080/J100/"
    );
    assert_eq!(
        base(Moves {
            httpsrvr: Some("k"),
            ..Moves::default()
        }),
        "http://k:8080/demo/"
    );
    assert_eq!(
        base(Moves {
            httpsrvr: Some("k"),
            httpport: Some("81"),
            httpdir: Some("/x/y/"),
        }),
        "http://k:81/x/y/"
    );
}

#[test]
fn spec_2_5_a_folder_takes_httpdir_as_a_subfolder_and_warns_about_a_foreign_httpsrvr() {
    let base = "file:///srv/phones/";
    let src = mem(
        base,
        &[
            (
                UP,
                "SET HTTPDIR sub\nSET HTTPSRVR 10.0.0.9\nGET 46xxsettings.txt\n",
            ),
            ("sub/46xxsettings.txt", "SET L2QVLAN 5\n"),
        ],
    );
    let cfg = BootConfig::new(
        PhoneConfig::new(Model::M1608),
        ServerSpec::BaseUrl(base.to_owned()),
    );
    let r = run_with(&src, &cfg, app_loaded(), Cause::PowerOn);
    assert_eq!(r.setting("L2QVLAN").as_deref(), Some("5"));
    assert_eq!(
        requests(&src).last().unwrap(),
        "file:///srv/phones/sub/46xxsettings.txt"
    );
    let moved = r.warnings(Code::ServersMoved);
    let foreign = moved
        .iter()
        .find(|w| w.line == Some(2))
        .expect("HTTPSRVR warning");
    assert_eq!(foreign.severity, Severity::Warning);
    assert!(
        foreign.message.contains("local folder"),
        "{}",
        foreign.message
    );
}

#[test]
fn spec_2_8_auth_1_is_kept_in_flash_and_locks_a_phone_without_tls_server_out() {
    let src = mem(
        BASE,
        &[
            (UP, "GET 46xxsettings.txt\n"),
            (ST, "SET L2QVLAN 9\nSET AUTH 1\n"),
        ],
    );
    let cfg = config(Model::M1608, 0);
    let first = run_with(&src, &cfg, app_loaded(), Cause::PowerOn);
    assert!(first.flash.auth, "AUTH 1 is kept in flash");
    let w = first.warnings(Code::AuthWithoutTls);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].file.as_str(), w[0].line), (ST, Some(2)));

    let before = src.requests.borrow().len();
    let second = run_with(&src, &cfg, first.flash.clone(), Cause::RemoteRestart);
    // No script or settings file is even asked for: there is no TLS server.
    assert_eq!(src.requests.borrow().len(), before);
    let w = second.warnings(Code::AuthWithoutTls);
    assert_eq!(w.len(), 1, "{:?}", second.report.warnings);
    assert_eq!(w[0].file, "flash");
    assert!(w[0].message.contains("no script or settings file"));
    assert!(second.has_warning(Code::NoUpgradeScript, None));
    assert!(second.flash.auth, "still locked");
    assert_eq!(second.report.outcome, Some(Outcome::Registered));
}

#[test]
fn spec_2_8_auth_1_takes_scripts_from_tls_only_applications_still_over_http_and_auth_0_unlocks() {
    let t = mem(
        "https://t:443/",
        &[
            (UP, "SET APPNAME app2.bin\nGET 46xxsettings.txt\n"),
            (ST, "SET AUTH 0\n"),
        ],
    );
    let mut h = mem("http://h:80/", &[(UP, "SET L2QVLAN 1\n")]);
    h.insert("app2.bin", b"FIRMWARE".repeat(64));
    let src = Multi(
        vec![t, h],
        vec!["https://t:443/".into(), "http://h:80/".into()],
    );
    let mut flash = app_loaded();
    flash.auth = true;
    let r = run_with(
        &src,
        &option242("TLSSRVR=t,HTTPSRVR=h"),
        flash,
        Cause::PowerOn,
    );
    let h_req = requests(&src.0[1]);
    assert!(
        h_req.iter().all(|u| !u.ends_with(".txt")),
        "no script over HTTP under AUTH 1: {h_req:?}"
    );
    assert!(
        h_req.contains(&"http://h:80/app2.bin".to_owned()),
        "{h_req:?}"
    );
    assert_eq!(r.flash.application.as_ref().unwrap().name, "app2.bin");
    assert!(!r.flash.auth, "AUTH 0 from a file unlocks the phone");
    assert!(r.report.flash.settings.contains_key("AUTH"));
}

#[test]
fn spec_2_5_option_242_served_from_a_folder_warns_about_a_foreign_httpsrvr() {
    // The CLI's --dir with --option242: every URL maps onto the folder.
    let src = mem(
        "http://a:80/",
        &[
            (UP, "SET HTTPSRVR b\nGET 46xxsettings.txt\n"),
            (ST, "SET L2QVLAN 2\n"),
        ],
    );
    let mut cfg = option242("HTTPSRVR=a");
    cfg.folder = true;
    let r = run_with(&src, &cfg, app_loaded(), Cause::PowerOn);
    let w = r.warnings(Code::ServersMoved);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].severity, Severity::Warning);
    assert!(w[0].message.contains("local folder"), "{}", w[0].message);
}
