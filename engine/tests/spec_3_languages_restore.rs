//! Spec sections 3.6 (language and font files after the settings chain) and
//! 3.8 (backup and restore with an extension), through full boots.

mod common;
use common::*;
use phoneboot_engine::source::{Canned, MemorySource, Purpose};
use phoneboot_engine::*;

const UP: &str = "16xxupgrade.txt";
const ST: &str = "46xxsettings.txt";

fn files(settings: &str, extra: &[(&str, &[u8])]) -> MemorySource {
    let mut s = source(&[(UP, b"GET 46xxsettings.txt\n"), (ST, settings.as_bytes())]);
    for (n, b) in extra {
        s.insert(n, b.to_vec());
    }
    s
}

fn boot_with(src: &MemorySource, cfg: &BootConfig, flash: Flash) -> Run {
    let mut r = run_with(src, cfg, flash, Cause::PowerOn);
    r.requests = src.requests.borrow().clone();
    r
}

fn app() -> Flash {
    Flash::with_loaded(None, Some("app.bin"))
}

const RUSSIAN: &[u8] = b"Russian language strings\nLOGIN=...\n";

fn purposes(r: &Run, p: Purpose) -> Vec<String> {
    r.report
        .files
        .iter()
        .filter(|f| f.purpose == p)
        .map(|f| f.name.clone())
        .collect()
}

#[test]
fn spec_3_6_language_files_come_after_the_settings_chain_once_each_and_stay_in_flash() {
    let src = files(
        "SET LANG1FILE mlf_russian.txt\nSET LANGSYS mlf_russian.txt\nSET LANG2FILE mlf_german.txt\n",
        &[("mlf_russian.txt", RUSSIAN), ("mlf_german.txt", b"German\n")],
    );
    let cfg = config(Model::M1608, 0);
    let r = boot_with(&src, &cfg, app());
    // LANGSYS first, the same file named twice is asked for once.
    assert_eq!(
        purposes(&r, Purpose::Language),
        ["mlf_russian.txt", "mlf_german.txt"]
    );
    let last_settings = r.requests.iter().position(|u| u.ends_with(ST)).unwrap();
    let first_lang = r
        .requests
        .iter()
        .position(|u| u.ends_with("mlf_russian.txt"))
        .unwrap();
    assert!(last_settings < first_lang, "{:?}", r.requests);
    let d = r.display();
    let at = d
        .iter()
        .position(|t| t == "mlf_russian.txt")
        .expect("file on the display");
    assert!(d[at..].iter().any(|t| t == "0 KB received"), "{d:?}");
    let names: Vec<&str> = r.flash.languages.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["mlf_russian.txt", "mlf_german.txt"]);
    assert_eq!(r.flash.languages[0].size, RUSSIAN.len() as u64);
    assert_eq!(r.flash.languages[0].sha256, checks::sha256_hex(RUSSIAN));
    assert!(r.report.languages.iter().all(|l| l.loaded));
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
    assert_eq!(r.report.restarts, 0, "no restart follows");

    // Flash holds them: the next boot does not ask again.
    let again = boot_with(&src, &cfg, r.flash.clone());
    assert!(purposes(&again, Purpose::Language).is_empty());
}

#[test]
fn spec_3_6_a_missing_language_file_is_a_warning_naming_parameter_file_and_line() {
    let src = files("SET L2QVLAN 3\nSET LANG1FILE mlf_french.txt\n", &[]);
    let r = boot_with(&src, &config(Model::M1608, 0), app());
    let w = r.warnings(Code::Language);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].file.as_str(), w[0].line), (ST, Some(2)));
    assert!(
        w[0].message.contains("LANG1FILE mlf_french.txt"),
        "{}",
        w[0].message
    );
    assert!(w[0].message.contains("HTTP 404"), "{}", w[0].message);
    assert!(w[0].message.contains("built-in English"));
    assert!(r.flash.languages.is_empty());
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
}

#[test]
fn spec_3_6_fontfile_is_requested_last_and_kept_as_the_one_font() {
    let src = files(
        "SET FONTFILE font_cjk.bin\nSET LANG1FILE mlf_chinese.txt\n",
        &[("mlf_chinese.txt", b"zh\n"), ("font_cjk.bin", b"FONT")],
    );
    let r = boot_with(&src, &config(Model::M1616, 0), app());
    assert_eq!(
        purposes(&r, Purpose::Language),
        ["mlf_chinese.txt", "font_cjk.bin"]
    );
    assert_eq!(r.flash.font.as_ref().unwrap().name, "font_cjk.bin");
    assert!(
        r.warnings(Code::Language).is_empty(),
        "{:?}",
        r.report.warnings
    );
}

#[test]
fn spec_3_6_a_language_needing_a_font_without_fontfile_and_a_langsys_not_offered_warn() {
    let src = files(
        "SET LANG1FILE mlf_arabic.txt\nSET LANGSYS mlf_hebrew.txt\n",
        &[("mlf_arabic.txt", b"ar\n"), ("mlf_hebrew.txt", b"he\n")],
    );
    let r = boot_with(&src, &config(Model::M1608, 0), app());
    let w = r.warnings(Code::Language);
    let font: Vec<_> = w
        .iter()
        .filter(|w| w.message.contains("needs a font"))
        .collect();
    assert_eq!(font.len(), 2, "{w:?}");
    assert!(font
        .iter()
        .any(|w| w.line == Some(1) && w.message.contains("mlf_arabic.txt")));
    let sys = w
        .iter()
        .find(|w| w.message.contains("not one of the LANG1FILE"))
        .expect("LANGSYS warning");
    assert_eq!(sys.line, Some(2));
}

#[test]
fn spec_3_6_language_files_come_over_http_only() {
    let t = MemorySource::new("https://t:443/")
        .file(UP, "GET 46xxsettings.txt\n")
        .file(ST, "SET LANG1FILE mlf_russian.txt\n")
        .file("mlf_russian.txt", RUSSIAN);
    let h = MemorySource::new("http://h:80/").file("mlf_russian.txt", RUSSIAN);
    let src = Multi(
        vec![t, h],
        vec!["https://t:443/".into(), "http://h:80/".into()],
    );
    let cfg = BootConfig::new(
        PhoneConfig::new(Model::M1608),
        ServerSpec::Option242("TLSSRVR=t,HTTPSRVR=h".into()),
    );
    let r = run_with(&src, &cfg, app(), Cause::PowerOn);
    assert!(src.0[0]
        .requests
        .borrow()
        .iter()
        .all(|u| !u.contains("mlf_")));
    assert_eq!(
        src.0[1].requests.borrow().as_slice(),
        ["http://h:80/mlf_russian.txt"]
    );
    assert_eq!(r.flash.languages.len(), 1);
}

fn restore_cfg(ext: &str) -> BootConfig {
    let mut c = config(Model::M1608, 0);
    c.extension = Some(ext.to_owned());
    c
}

#[test]
fn spec_3_8_restore_fetches_bruri_plus_the_extension_file_after_login() {
    let mut cfg = restore_cfg("1234");
    cfg.server = ServerSpec::BaseUrl(BASE.into());
    let h = MemorySource::new("http://b:80/")
        .file("backup/1234_16xxdata.txt", "SPEEDDIAL=1\nLABEL=x\n");
    let s = source(&[
        (UP, b"GET 46xxsettings.txt\n"),
        (ST, b"SET BRURI http://b:80/backup/\nSET HTTPDIR other\n"),
    ]);
    let src = Multi(vec![s, h], vec![BASE.into(), "http://b:80/".into()]);
    let r = run_with(&src, &cfg, app(), Cause::PowerOn);
    let restore = r.report.restore.as_ref().expect("restore");
    assert_eq!(restore.url, "http://b:80/backup/1234_16xxdata.txt");
    assert_eq!(
        restore.outcome,
        RestoreOutcome::Restored {
            bytes: 20,
            lines: 2
        }
    );
    let d = r.display();
    let login = d.iter().position(|t| t == "Enter Extension").unwrap();
    assert_eq!(d.last().unwrap(), "Retrieval OK");
    assert!(login < d.len() - 1);
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
}

#[test]
fn spec_3_8_a_404_is_a_first_login_any_other_failure_is_retrieval_failed() {
    let settings = "SET BRURI http://b:80\n";
    let run = |canned: Option<Canned>| {
        let mut h = MemorySource::new("http://b:80/");
        if let Some(c) = canned {
            h = h.canned("77_16xxdata.txt", c);
        }
        let s = source(&[(UP, b"GET 46xxsettings.txt\n"), (ST, settings.as_bytes())]);
        let src = Multi(vec![s, h], vec![BASE.into(), "http://b:80/".into()]);
        run_with(&src, &restore_cfg("77"), app(), Cause::PowerOn)
    };
    let first = run(None);
    assert_eq!(
        first.report.restore.as_ref().unwrap().outcome,
        RestoreOutcome::NothingToRestore
    );
    assert!(first.warnings(Code::Restore).is_empty());
    let failed = run(Some(Canned::Body {
        status: 500,
        bytes: b"oops".to_vec(),
        content_length: Some(4),
    }));
    assert_eq!(failed.display().last().unwrap(), "Retrieval failed");
    let w = failed.warnings(Code::Restore);
    assert_eq!((w[0].file.as_str(), w[0].line), (ST, Some(1)));
    assert!(w[0].message.contains("http://b:80/77_16xxdata.txt"));
    assert!(w[0].message.contains("HTTP 500"));
}

#[test]
fn spec_3_8_no_extension_no_restore() {
    let src = files("SET BRURI http://b:80/\n", &[]);
    let r = boot_with(&src, &config(Model::M1608, 0), app());
    assert!(r.report.restore.is_none());
    assert!(r.requests.iter().all(|u| !u.contains("16xxdata")));
}

#[test]
fn the_ticket_report_names_moves_language_files_restore_and_auth() {
    let h = MemorySource::new("http://b:80/")
        .file("9_16xxdata.txt", "A=1\n")
        .file("mlf_russian.txt", RUSSIAN);
    let s = source(&[
        (UP, b"GET 46xxsettings.txt\n"),
        (
            ST,
            b"SET BRURI http://b:80/\nSET LANG1FILE mlf_russian.txt\nSET AUTH 1\nSET HTTPSRVR b\n",
        ),
    ]);
    let src = Multi(vec![s, h], vec![BASE.into(), "http://b:80/".into()]);
    let r = run_with(&src, &restore_cfg("9"), app(), Cause::PowerOn);
    let md = r.report.to_markdown();
    for part in [
        "## Servers moved by the files",
        "46xxsettings.txt:4",
        "## Language and font files",
        // SET HTTPSRVR b moved the base URL to mem://b/, which nothing serves.
        "| 1 | mlf_russian.txt | no |",
        "## Restore",
        "Retrieval OK: 4 bytes, 1 lines",
        "AUTH in flash: 1",
    ] {
        assert!(md.contains(part), "{part} missing from:\n{md}");
    }
}
