//! The display-message table covers every text the engine can show (spec
//! sections 2.4, 3.1-3.8, 6): a set of boots (the demo folder, demo/broken/,
//! and failures) runs, and each display text they emit must be matched by an
//! entry of the table that says the emulator shows it.

mod common;
use common::*;
use phoneboot_engine::display_messages::{matches, text, MESSAGES};
use phoneboot_engine::source::{Canned, FetchError, MemorySource};
use phoneboot_engine::*;

fn folder(dir: &str) -> MemorySource {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(dir);
    let mut s = MemorySource::new(BASE);
    for entry in std::fs::read_dir(&root).expect("the demo folder") {
        let path = entry.expect("an entry").path();
        if path.is_file() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            s.insert(&name, std::fs::read(&path).expect("a demo file"));
        }
    }
    s
}

fn texts(runs: &[Run]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in runs {
        for e in &r.events {
            if let Event::Display { text, .. } = e {
                if !out.contains(text) {
                    out.push(text.clone());
                }
            }
        }
    }
    out
}

#[allow(clippy::too_many_lines)] // older than the lint: split when it next grows
fn boots() -> Vec<Run> {
    let mut runs = Vec::new();
    let demo = folder("demo");
    let broken = folder("demo/broken");
    for model in [Model::M1603, Model::M1608, Model::M1616I] {
        // Factory-fresh: boot code, restart, application, restart, settings.
        runs.push(run_with(
            &demo,
            &config(model, 0),
            Flash::factory(),
            Cause::PowerOn,
        ));
        runs.push(run_with(
            &demo,
            &config(model, 3),
            Flash::factory(),
            Cause::RemoteRestart,
        ));
        let m4 = model.model4();
        let current = Flash::with_loaded(
            Some("hb16xxdemo_r1_5.bin"),
            Some(&format!("ha{m4}demo_r2_0.bin")),
        );
        // Corrupt firmware: checksum error, restart loop stopped.
        runs.push(run_with(
            &broken,
            &config(model, 0),
            current,
            Cause::PowerOn,
        ));
    }
    // No upgrade script, no application: System busy.
    let empty = MemorySource::new(BASE);
    runs.push(run_with(
        &empty,
        &config(Model::M1608, 0),
        Flash::factory(),
        Cause::PowerOn,
    ));
    // Unreachable server.
    let down = MemorySource::new(BASE).canned(
        "16xxupgrade.txt",
        Canned::Fail(FetchError::Unreachable {
            detail: "refused".into(),
        }),
    );
    runs.push(run_with(
        &down,
        &config(Model::M1608, 0),
        Flash::factory(),
        Cause::PowerOn,
    ));
    // The application is not on the server: File not found.
    let missing = source(&[("16xxupgrade.txt", b"SET APPNAME ha1608_none.bin\n")]);
    runs.push(run_with(
        &missing,
        &config(Model::M1608, 0),
        Flash::factory(),
        Cause::PowerOn,
    ));
    // A GOTO loop: Boot stopped.
    let looping = source(&[("16xxupgrade.txt", b"# A\nGOTO A\n")]);
    runs.push(run_with(
        &looping,
        &config(Model::M1608, 0),
        Flash::factory(),
        Cause::PowerOn,
    ));
    // An error page instead of the firmware, and a 3xx for the settings.
    let page = MemorySource::new(BASE)
        .file(
            "16xxupgrade.txt",
            "SET APPNAME ha1608_x.bin\nGET 46xxsettings.txt\n",
        )
        .file("ha1608_x.bin", "<!DOCTYPE html><p>error</p>")
        .canned(
            "46xxsettings.txt",
            Canned::Body {
                status: 302,
                bytes: Vec::new(),
                content_length: Some(0),
            },
        );
    runs.push(run_with(
        &page,
        &config(Model::M1608, 0),
        Flash::factory(),
        Cause::PowerOn,
    ));
    // Spec 3.6 and 3.8: a language file, then the backup restored, and failing.
    for (status, extension) in [(200, "2001"), (500, "2002")] {
        let base = "http://srv/";
        let src = MemorySource::new(base)
            .file("16xxupgrade.txt", "GET 46xxsettings.txt\n")
            .file(
                "46xxsettings.txt",
                "SET BRURI http://srv/backup\nSET LANG1FILE mlf_spanish.txt\n",
            )
            .file("mlf_spanish.txt", vec![b'x'; 3000])
            .canned(
                &format!("backup/{extension}_16xxdata.txt"),
                Canned::Body {
                    status,
                    bytes: b"SET PHNLOCALEXT 1\n".to_vec(),
                    content_length: Some(18),
                },
            );
        let mut cfg = BootConfig::new(
            PhoneConfig::new(Model::M1616),
            ServerSpec::BaseUrl(base.to_owned()),
        );
        cfg.extension = Some(extension.to_owned());
        let flash = Flash::with_loaded(None, Some("app.bin"));
        runs.push(run_with(&src, &cfg, flash, Cause::PowerOn));
    }
    runs
}

#[test]
fn spec_3_every_display_text_of_the_emulated_boot_is_in_the_table() {
    let runs = boots();
    let shown = texts(&runs);
    assert!(shown.len() > 15, "the boots show many texts: {shown:?}");
    for t in &shown {
        let found = matches(t);
        assert!(
            found.iter().any(|m| m.emulated),
            "the table has no emulated message for the display text {t:?} (matches: {:?})",
            found.iter().map(|m| m.message()).collect::<Vec<_>>()
        );
    }
    // The boots do reach the failures they are for.
    for fixed in [
        text::SYSTEM_BUSY,
        text::CHECKSUM_ERROR,
        text::RESTART_LOOP_STOPPED,
        text::BOOT_STOPPED,
        text::FILE_NOT_FOUND,
        text::RESTARTING,
        text::LOGIN,
        text::ENTER_EXTENSION,
        text::RETRIEVAL_OK,
        text::RETRIEVAL_FAILED,
        "mlf_spanish.txt",
    ] {
        assert!(shown.iter().any(|t| t == fixed), "no boot showed {fixed}");
    }
    assert!(shown.iter().any(|t| t.starts_with("Updating...")));
    assert!(shown.iter().any(|t| t.ends_with("KB received")));
    assert!(shown
        .iter()
        .any(|t| t.ends_with(" failed") && t.starts_with("HTTP:")));
}

#[test]
fn spec_3_each_text_matches_the_entry_for_it() {
    let runs = boots();
    for t in texts(&runs) {
        let m = matches(&t);
        let first = m[0].message();
        let expected = if t.starts_with("HTTP:") && t.ends_with("failed") {
            "HTTP:n failed"
        } else if t.starts_with("HTTP:") && t.contains("://") {
            "HTTP:n uri"
        } else if t.starts_with("HTTP:") {
            "HTTP:n sc etag"
        } else if t.starts_with("DHCP") {
            "DHCP: s secs"
        } else if t.ends_with(".bin") || t.ends_with(".txt") {
            "<file>"
        } else {
            continue;
        };
        assert_eq!(first, expected, "{t}");
    }
}

#[test]
fn spec_the_issue_list_of_documented_messages_is_in_the_table() {
    for doc in [
        "No Ethernet",
        "DHCP: CONFLICT",
        "Subnet conflict",
        "Discover 192.168.1.10",
        "System busy",
        "Request Error",
        "Packet Error",
        "Password Error",
        "Undefined Error",
        "System Error",
        "Checksum error",
        "Restarting...",
        "Updating... 50%, 2 secs",
        "Saving to flash 100%, 1 secs",
        "Retrieval failed",
        "Retrieval OK",
        "Login",
        "Enter Extension",
        "mlf_spanish.txt",
        "120 KB received",
    ] {
        let m = matches(doc);
        assert!(!m.is_empty(), "{doc} is not in the table");
        assert!(
            m.iter()
                .all(|m| !m.meaning.is_empty() && !m.fixes.is_empty() && !m.causes.is_empty()),
            "{doc}"
        );
    }
    assert!(MESSAGES.iter().any(|m| !m.emulated));
}
