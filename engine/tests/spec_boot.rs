//! Spec sections 2 (servers), 3 (the boot sequence), 6 (integrity checks)
//! and 7 (flash), through full boots over in-memory servers.

mod common;
use common::*;
use phoneboot_engine::boot::{BootConfig, Flash, PhoneConfig, ServerSpec};
use phoneboot_engine::checks::sha256_hex;
use phoneboot_engine::source::{Canned, FetchError, MemorySource};
use phoneboot_engine::*;

const UP: &str = "16xxupgrade.txt";
const ST: &str = "46xxsettings.txt";
const BOOT: &str = "hb1608_demo.bin";
const APP: &str = "ha1608_demo.bin";

/// Upgrade script: boot code first, then the application, then settings.
const SCRIPT: &str = "IF $BOOTNAME SEQ hb1608_demo.bin GOTO APP\nSET APPNAME hb1608_demo.bin\nGOTO GETSET\n# APP\nSET APPNAME ha1608_demo.bin\n# GETSET\nGET 46xxsettings.txt\n";

fn server() -> MemorySource {
    let boot = firmware("boot", 50_000);
    let app = firmware("app", 150_000);
    let sums = format!(
        "{}  {BOOT}\n{}  {APP}\n",
        sha256_hex(&boot),
        sha256_hex(&app)
    );
    source(&[
        (UP, SCRIPT.as_bytes()),
        (ST, b"SET L2QVLAN 20\n"),
        (BOOT, &boot),
        (APP, &app),
        ("SHA256SUMS", sums.as_bytes()),
    ])
}

fn cfg() -> BootConfig {
    config(Model::M1608, 0)
}

fn decisions(r: &Run) -> Vec<Decision> {
    r.events
        .iter()
        .filter_map(|e| match e {
            Event::Decision { decision } => Some(decision.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn spec_3_1_display_sequence_of_a_boot() {
    let r = run_with(
        &server(),
        &cfg(),
        Flash::with_loaded(Some(BOOT), Some(APP)),
        Cause::PowerOn,
    );
    let d = r.display();
    assert_eq!(
        &d[..5],
        [
            "Initializing",
            "Loading",
            "Starting...",
            "100Mbps",
            "DHCP: 2 secs"
        ]
    );
    assert_eq!(d[5], format!("HTTP:1 {BASE}{UP}"));
    assert_eq!(d[6], "HTTP:1 200");
    assert_eq!(&d[d.len() - 2..], ["Login", "Enter Extension"]);
    assert!(!d.contains(&"Restarting...".to_owned()));
}

#[test]
fn spec_3_1_screen_is_laid_out_for_the_model() {
    let r = run_with(
        &server(),
        &config(Model::M1603SW, 0),
        Flash::with_loaded(Some(BOOT), Some(APP)),
        Cause::PowerOn,
    );
    for e in &r.events {
        if let Event::Display { screen, .. } = e {
            assert_eq!(screen.len(), 2);
            assert!(screen.iter().all(|l| l.chars().count() <= 16), "{screen:?}");
        }
    }
}

#[test]
fn spec_3_7_remote_restart_shows_restarting_first() {
    let r = run_with(
        &server(),
        &cfg(),
        Flash::with_loaded(Some(BOOT), Some(APP)),
        Cause::RemoteRestart,
    );
    assert_eq!(r.display()[0], "Restarting...");
}

#[test]
fn spec_3_4_factory_phone_loads_boot_code_then_application_then_settings() {
    let r = run_with(&server(), &cfg(), Flash::factory(), Cause::PowerOn);
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
    // Digest look-ups do not take an HTTP:n of their own: pass 1 shows 1 and 2, pass 2 goes on at 3.
    assert!(
        r.display().contains(&format!("HTTP:3 {BASE}{UP}")),
        "{:#?}",
        r.display()
    );
    assert_eq!(r.report.restarts, 2);
    assert_eq!(r.report.passes, 3);
    let d = decisions(&r);
    assert!(
        matches!(&d[0], Decision::Download { name, slot: Slot::BootCode, loaded: None } if name == BOOT)
    );
    assert!(
        matches!(&d[1], Decision::Download { name, slot: Slot::Application, loaded: None } if name == APP)
    );
    assert!(matches!(&d[2], Decision::Skip { name, .. } if name == APP));
    assert_eq!(r.flash.boot_code.as_ref().unwrap().name, BOOT);
    let app = r.flash.application.as_ref().unwrap();
    assert_eq!(
        (app.name.as_str(), app.size),
        (APP, firmware("app", 150_000).len() as u64)
    );
    assert_eq!(app.sha256, sha256_hex(&firmware("app", 150_000)));
    // Boot code shows Updating... after its restart; every write shows Saving to flash.
    let d = r.display();
    assert!(d.iter().any(|l| l.starts_with("Updating... 100%")));
    assert_eq!(
        d.iter()
            .filter(|l| l.starts_with("Saving to flash 100%"))
            .count(),
        2
    );
    assert!(d.iter().any(|l| l == "146 KB received"));
    // Progress is reported as the body streams in, and last at the full size.
    let progress: Vec<u64> = r
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Progress { file, received, .. } if file == APP => Some(*received),
            _ => None,
        })
        .collect();
    assert!(progress.len() >= 2, "{progress:?}");
    assert_eq!(*progress.last().unwrap(), app.size);
    assert_eq!(r.setting("L2QVLAN").as_deref(), Some("20"));
    assert_eq!(
        r.flash.settings.get("L2QVLAN").map(String::as_str),
        Some("20")
    );
    // Every check of both downloads passed against SHA256SUMS.
    assert!(
        r.report
            .checks
            .iter()
            .all(|c| c.status == CheckStatus::Pass),
        "{:#?}",
        r.report.checks
    );
}

#[test]
fn spec_3_4_same_name_loaded_means_no_download() {
    let src = server();
    let r = run_with(
        &src,
        &cfg(),
        Flash::with_loaded(Some(BOOT), Some(APP)),
        Cause::PowerOn,
    );
    assert!(matches!(&decisions(&r)[..], [Decision::Skip { .. }]));
    assert!(!src.requests.borrow().iter().any(|u| u.ends_with(".bin")));
}

#[test]
fn spec_3_4_appname_unset_means_nothing_to_download() {
    let r = run_scripts(&[(UP, "GET 46xxsettings.txt\n"), (ST, "SET L2QVLAN 20\n")]);
    assert_eq!(decisions(&r), [Decision::Unset]);
    assert_eq!(r.report.appname, None);
}

#[test]
fn spec_3_4_hb_names_compare_with_bootname_others_with_appname() {
    // Boot code loaded under the name the script asks for: skip, even though
    // an application of that name is not loaded.
    let src = source(&[(UP, b"SET APPNAME hbX.bin\n")]);
    let r = run_with(
        &src,
        &cfg(),
        Flash::with_loaded(Some("hbX.bin"), Some("other")),
        Cause::PowerOn,
    );
    assert!(matches!(
        &decisions(&r)[..],
        [Decision::Skip {
            slot: Slot::BootCode,
            ..
        }]
    ));
    let src = source(&[(UP, b"SET APPNAME hbX.bin\n")]);
    let r = run_with(
        &src,
        &cfg(),
        Flash::with_loaded(None, Some("hbX.bin")),
        Cause::PowerOn,
    );
    assert!(matches!(
        &decisions(&r)[0],
        Decision::Download {
            slot: Slot::BootCode,
            ..
        }
    ));
}

#[test]
fn spec_3_4_decision_is_taken_at_the_first_get() {
    // An APPNAME set by the settings file, after the GET, is not acted on.
    let r = run_scripts(&[
        (UP, "GET 46xxsettings.txt\n"),
        (ST, "SET APPNAME late.bin\n"),
    ]);
    assert_eq!(decisions(&r), [Decision::Unset]);
}

#[test]
fn spec_3_4_stops_after_three_restarts_and_keeps_flash() {
    let mut src = server();
    src.insert(
        "SHA256SUMS",
        format!("{}  {BOOT}\n", "0".repeat(64)).into_bytes(),
    );
    let r = run_with(&src, &cfg(), Flash::factory(), Cause::PowerOn);
    match &r.report.outcome {
        Some(Outcome::RestartLoop { restarts, reason }) => {
            assert_eq!(*restarts, 3);
            assert!(reason.contains("SHA-256"), "{reason}");
        }
        o => panic!("{o:?}"),
    }
    assert_eq!(r.report.passes, 4);
    assert!(r.flash.boot_code.is_none());
    assert!(r.has_warning(Code::RestartLoop, None));
    assert!(r.display().contains(&"Checksum error".to_owned()));
}

#[test]
fn spec_3_2_missing_upgrade_script_with_an_application_registers_without_settings() {
    let src = source(&[(ST, b"SET L2QVLAN 20\n")]);
    let r = run_with(
        &src,
        &cfg(),
        Flash::with_loaded(None, Some(APP)),
        Cause::PowerOn,
    );
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
    assert!(r.has_warning(Code::NoUpgradeScript, None));
    assert!(r.report.settings.is_empty());
}

#[test]
fn spec_3_2_missing_upgrade_script_without_an_application_is_system_busy() {
    let src = source(&[]);
    let r = run_with(&src, &cfg(), Flash::factory(), Cause::PowerOn);
    assert_eq!(r.report.outcome, Some(Outcome::NoApplication));
    assert_eq!(r.display().last().map(String::as_str), Some("System busy"));
}

#[test]
fn spec_2_2_tls_servers_first_then_http_and_the_first_that_delivers_wins() {
    let tls = MemorySource::new("https://10.0.0.7:443/");
    let http = MemorySource::new("http://10.0.0.9:80/").file(UP, "SET APPNAME x.bin\n");
    let http2 = MemorySource::new("http://10.0.0.10:80/").file(UP, "SET APPNAME y.bin\n");
    let multi = Multi(
        vec![tls, http, http2],
        vec![
            "https://10.0.0.7:443/".into(),
            "http://10.0.0.9:80/".into(),
            "http://10.0.0.10:80/".into(),
        ],
    );
    let cfg = BootConfig::new(
        PhoneConfig::new(Model::M1608),
        ServerSpec::Option242(
            "HTTPSRVR=10.0.0.9,10.0.0.10,TLSSRVR=10.0.0.7,MCIPADD=10.0.0.5,L2QVLAN=20".into(),
        ),
    );
    let r = run_with(
        &multi,
        &cfg,
        Flash::with_loaded(None, Some("x.bin")),
        Cause::PowerOn,
    );
    let urls: Vec<&str> = r.report.files.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://10.0.0.7:443/16xxupgrade.txt",
            "http://10.0.0.9:80/16xxupgrade.txt"
        ]
    );
    assert_eq!(r.report.appname.as_deref(), Some("x.bin"));
    // Option-242 values are settings with source DHCP.
    let s = &r.report.settings["L2QVLAN"];
    assert_eq!((s.value.as_str(), s.source), ("20", Origin::Dhcp));
    // The display numbers attempts: HTTP:1, HTTP:2.
    assert!(r
        .display()
        .iter()
        .any(|l| l == "HTTP:2 http://10.0.0.9:80/16xxupgrade.txt"));
    assert!(r.display().iter().any(|l| l == "HTTP:1 404"));
}

#[test]
fn spec_4_file_values_override_dhcp_values() {
    let src = MemorySource::new("http://h:80/").file(UP, "SET L2QVLAN 30\n");
    let cfg = BootConfig::new(
        PhoneConfig::new(Model::M1608),
        ServerSpec::Option242("HTTPSRVR=h,L2QVLAN=20".into()),
    );
    let r = run_with(
        &src,
        &cfg,
        Flash::with_loaded(None, Some("a")),
        Cause::PowerOn,
    );
    let s = &r.report.settings["L2QVLAN"];
    assert_eq!(
        (s.value.as_str(), s.source, s.line),
        ("30", Origin::File, Some(1))
    );
}

#[test]
fn spec_2_3_application_files_never_come_over_https() {
    let tls = MemorySource::new("https://t:443/")
        .file(UP, "SET APPNAME ha.bin\n")
        .file("ha.bin", vec![1u8; 10]);
    let multi = Multi(vec![tls], vec!["https://t:443/".into()]);
    let cfg = BootConfig::new(
        PhoneConfig::new(Model::M1608),
        ServerSpec::Option242("TLSSRVR=t".into()),
    );
    let r = run_with(&multi, &cfg, Flash::factory(), Cause::PowerOn);
    assert!(r.report.files.iter().all(|f| !f.url.ends_with(".bin")));
    assert!(r.has_warning(Code::Download, None));
    assert!(r.flash.application.is_none());
}

#[test]
fn spec_7_flash_keeps_settings_and_a_second_boot_skips_the_download() {
    let src = server();
    let first = run_with(&src, &cfg(), Flash::factory(), Cause::PowerOn);
    // Flash survives as JSON (browser storage) and boots again without downloading.
    let stored = serde_json::to_string(&first.flash).unwrap();
    let flash: Flash = serde_json::from_str(&stored).unwrap();
    let src2 = server();
    let second = run_with(&src2, &cfg(), flash, Cause::RemoteRestart);
    assert_eq!(second.report.restarts, 0);
    assert!(!src2.requests.borrow().iter().any(|u| u.ends_with(".bin")));
    assert_eq!(
        second.flash.settings.get("L2QVLAN").map(String::as_str),
        Some("20")
    );
}

#[test]
fn report_json_has_the_fields_the_cli_and_app_promise() {
    let r = run_with(&server(), &cfg(), Flash::factory(), Cause::PowerOn);
    let v: serde_json::Value = serde_json::from_str(&r.report.masked().to_json()).unwrap();
    assert_eq!(v["appname"], APP);
    assert_eq!(v["settings"]["L2QVLAN"]["value"], "20");
    assert_eq!(v["settings"]["L2QVLAN"]["source"], "file");
    assert_eq!(v["settings"]["L2QVLAN"]["file"], ST);
    assert_eq!(v["settings"]["L2QVLAN"]["line"], 1);
    assert!(v["warnings"].is_array());
    assert!(v["files"][0]["name"].is_string() && v["files"][0]["outcome"].is_string());
    assert_eq!(v["display"][0], "Initializing");
}

#[test]
fn secrets_are_masked_in_reports_and_warnings() {
    let r = run_scripts(&[
        (UP, "GET 46xxsettings.txt\n"),
        (ST, "SET PROCPSWD 5301\nSET PROCPSWD 12ab\n"),
    ]);
    assert_eq!(r.setting("PROCPSWD").as_deref(), Some("5301"));
    let masked = r.report.masked();
    assert_eq!(masked.settings["PROCPSWD"].value, report::MASK);
    let json = masked.to_json();
    assert!(!json.contains("5301") && !json.contains("12ab"), "{json}");
}

#[test]
fn markdown_report_for_a_ticket_masks_secrets() {
    let r = run_scripts(&[
        (UP, "GET 46xxsettings.txt\n"),
        (ST, "SET PROCPSWD 5301\nSET L2QVLAN 20\nSET DOMAIN a|b\n"),
    ]);
    let md = r.report.masked().to_markdown();
    assert!(md.contains("| L2QVLAN | 20 | 46xxsettings.txt:2 |"), "{md}");
    assert!(md.contains("| PROCPSWD | ******** |"), "{md}");
    assert!(!md.contains("5301"));
    // A pipe in a value cannot break the table.
    assert!(md.contains("a\\|b"));
    assert!(
        md.contains("## APPNAME decision")
            && md.contains("## Requests")
            && md.contains("## Warnings")
    );
}

/// Issue 7: a file no server delivered is reported with what the server did.
#[test]
fn spec_4_a_failed_get_says_what_the_server_answered() {
    let src = source(&[(UP, b"SET APPNAME app.bin\nGET 46xxsettings.txt\n")]).canned(
        ST,
        Canned::Fail(FetchError::Interrupted {
            received: 10,
            detail: "connection reset".into(),
        }),
    );
    let r = run_with(
        &src,
        &cfg(),
        Flash::with_loaded(None, Some("app.bin")),
        Cause::PowerOn,
    );
    let w = r.warnings(Code::GetFailed)[0];
    assert_eq!((w.file.as_str(), w.line), (UP, Some(2)));
    assert!(w.message.contains("GET 46xxsettings.txt"), "{}", w.message);
    assert!(
        w.message.contains("connection ended after 10 bytes"),
        "{}",
        w.message
    );

    let r = run_with(
        &source(&[]).canned(
            UP,
            Canned::Body {
                status: 500,
                bytes: b"oops".to_vec(),
                content_length: Some(4),
            },
        ),
        &cfg(),
        Flash::with_loaded(None, Some("app.bin")),
        Cause::PowerOn,
    );
    assert!(r.warnings(Code::NoUpgradeScript)[0]
        .message
        .contains("16xxupgrade.txt (HTTP 500)"));
}

/// With several servers, the failed GET says what each one answered.
#[test]
fn spec_2_2_a_failed_get_names_each_servers_answer() {
    let tls = MemorySource::new("https://10.0.0.7:443/")
        .file(UP, "SET APPNAME x.bin\nGET 46xxsettings.txt\n");
    let multi = Multi(vec![tls], vec!["https://10.0.0.7:443/".into()]);
    let cfg = BootConfig::new(
        PhoneConfig::new(Model::M1608),
        ServerSpec::Option242("HTTPSRVR=10.0.0.9,TLSSRVR=10.0.0.7".into()),
    );
    let r = run_with(
        &multi,
        &cfg,
        Flash::with_loaded(None, Some("x.bin")),
        Cause::PowerOn,
    );
    let w = r.warnings(Code::GetFailed)[0];
    assert!(
        w.message.contains("(https://10.0.0.7:443/: HTTP 404; http://10.0.0.9:80/: server unreachable (connection refused))"),
        "{}",
        w.message
    );
}
