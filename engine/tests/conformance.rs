//! Conformance against real provisioning files from `shared/corpus`: every
//! file runs for every model without a panic, and what a 1608 (and a
//! 1603SW-I) gets from them is pinned down.

mod common;
use common::*;
use phoneboot_engine::{Code, Decision, Event, Flash, Model, Outcome};

fn corpus(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} "))
}

const FILES: [&str; 5] = [
    "16xxupgrade-1603SW-I-2010.txt",
    "46xxsettings-avaya-template-2022.txt",
    "46xxsettings-sip-handwritten-a.txt",
    "46xxsettings-sip-handwritten-b.txt",
    "96x1Supgrade-small.txt",
];

#[test]
fn every_corpus_file_runs_for_every_model_as_upgrade_script_and_as_settings() {
    for f in FILES {
        let bytes = corpus(f);
        for model in Model::ALL {
            for (up, st) in [
                (bytes.as_slice(), &b""[..]),
                (&b"GET 46xxsettings.txt\n"[..], bytes.as_slice()),
            ] {
                let src = source(&[("16xxupgrade.txt", up), ("46xxsettings.txt", st)]);
                let r = run_with(
                    &src,
                    &config(model, 0),
                    Flash::with_loaded(None, Some("app.bin")),
                    phoneboot_engine::Cause::PowerOn,
                );
                assert!(r.report.outcome.is_some(), "{f} on {model}");
                assert!(
                    r.report.warnings.iter().all(|w| !w.file.is_empty()),
                    "{f} on {model}"
                );
            }
        }
    }
}

#[test]
fn real_16xxupgrade_gives_a_1608_no_appname() {
    // The 2010 script only upgrades 1603s: a 1608 jumps to END and the file ends.
    let src = source(&[("16xxupgrade.txt", &corpus(FILES[0]))]);
    let r = run_with(
        &src,
        &config(Model::M1608, 0),
        Flash::with_loaded(None, Some("ha1608.bin")),
        phoneboot_engine::Cause::PowerOn,
    );
    assert_eq!(r.report.appname, None);
    assert_eq!(r.report.decision, Some(Decision::Unset));
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
    assert!(r.report.settings.is_empty());
    // No GET is reached: the only request is the script itself.
    assert_eq!(r.report.files.len(), 1);
    // It jumped at line 36 (goto END) to the END label.
    assert!(r
        .events
        .iter()
        .any(|e| matches!(e, Event::Jump { line: 36, .. })));
}

#[test]
fn real_16xxupgrade_gives_a_1603sw_i_the_sip_application_then_16xxsettings() {
    let src = source(&[("16xxupgrade.txt", &corpus(FILES[0]))]);
    let r = run_with(
        &src,
        &config(Model::M1603SWI, 0),
        Flash::factory(),
        phoneboot_engine::Cause::PowerOn,
    );
    // The last SET APPNAME before `GET 16xxsettings.txt` wins: the SIP application.
    assert_eq!(r.report.appname.as_deref(), Some("sa1603ua1_0100.bin"));
    // The SIP-only parameters it sets are not 1600 H.323 parameters.
    for name in ["SKIPFWDOWNGRADE", "CONFIG_SERVER_PATH", "BACKUP_APPNAME"] {
        assert!(
            r.report
                .warnings
                .iter()
                .any(|w| w.code == Code::UnknownParameter && w.message.starts_with(name)),
            "{name}"
        );
    }
    // The file is not on this server: the download fails every pass until the restart bound.
    assert!(matches!(
        r.report.outcome,
        Some(Outcome::RestartLoop { restarts: 3, .. })
    ));
    assert!(r.flash.application.is_none());
}

#[test]
fn avaya_2022_template_as_46xxsettings_for_a_1608() {
    let src = source(&[
        ("16xxupgrade.txt", b"GET 46xxsettings.txt\n"),
        ("46xxsettings.txt", &corpus(FILES[1])),
    ]);
    let r = run_with(
        &src,
        &config(Model::M1608, 3),
        Flash::with_loaded(None, Some("app.bin")),
        phoneboot_engine::Cause::PowerOn,
    );
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
    // The template's only live SETs before the model branches are for J100/Vantage SIP phones.
    assert!(r.report.settings.is_empty(), "{:?}", r.report.settings);
    let unknown: Vec<u32> = r
        .report
        .warnings
        .iter()
        .filter(|w| w.code == Code::UnknownParameter)
        .filter_map(|w| w.line)
        .collect();
    assert_eq!(unknown, [11714, 11751, 11769]);
    // It reached its 1608 section and then the group section, and ended at END.
    let jumps: Vec<u32> = r
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Jump {
                line,
                jump: phoneboot_engine::JumpInfo::If { taken: true, .. },
                ..
            } => Some(*line),
            _ => None,
        })
        .collect();
    assert_eq!(jumps, [12126, 12425, 13611]);
    assert!(r.has_warning(Code::NothingSet, None));
    // Windows-1252 (curly quotes in comments), read without complaint about content.
    assert!(r.has_warning(Code::NotUtf8, None));
}

#[test]
fn sip_handwritten_settings_are_ignored_by_a_1600_with_reasons() {
    let src = source(&[
        ("16xxupgrade.txt", b"GET 46xxsettings.txt\n"),
        ("46xxsettings.txt", &corpus(FILES[2])),
    ]);
    let r = run_with(
        &src,
        &config(Model::M1616, 0),
        Flash::with_loaded(None, Some("app.bin")),
        phoneboot_engine::Cause::PowerOn,
    );
    // SIP phones' parameters are unknown to the 1600, each explained.
    let unknown = r
        .report
        .warnings
        .iter()
        .filter(|w| w.code == Code::UnknownParameter)
        .count();
    assert!(unknown > 20, "{unknown}");
    assert!(r
        .report
        .warnings
        .iter()
        .any(|w| w.message.starts_with("SIP_CONTROLLER_LIST") && w.message.contains("J1")));
}
