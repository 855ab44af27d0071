//! Server readiness: every file any phone would request (spec sections 2.3,
//! 3.2-3.6, 6.4), each distinct URL requested once, who needs it, and the
//! built-in demo server passing its own check.

use std::collections::HashSet;
use std::path::Path;

use phoneboot_engine::readiness::{readiness, DigestCheck, Kind, Readiness, Status};
use phoneboot_engine::source::MemorySource;
use phoneboot_engine::DigestSource;
use phoneboot_engine::ServerSpec;

const BASE: &str = "mem://srv/";

const UPGRADE: &str = "IF $BOOTNAME SEQ hb.bin GOTO APP\nSET APPNAME hb.bin\nGOTO S\n# APP\nIF $MODEL4 SEQ 1616 GOTO A16\nSET APPNAME ha08.bin\nGOTO S\n# A16\nSET APPNAME ha16.bin\n# S\nGET 46xxsettings.txt\n";
const SETTINGS: &str = "SET BRURI http://10.0.0.9/backup/\nIF $GROUP SEQ 2 GOTO G2\nIF $GROUP SEQ 5 GOTO G5\nGOTO E\n# G2\nSET LANG1FILE mlf_spanish.txt\nSET LANGSYS mlf_spanish.txt\nGET group2.txt\n# G5\nSET FONTFILE font_chinese.txt\nSET LANG2FILE mlf_chinese.txt\n# E\n";

fn sha(bytes: &[u8]) -> String {
    phoneboot_engine::checks::sha256_hex(bytes)
}

fn firmware(name: &str) -> Vec<u8> {
    let mut b = format!("PHONEBOOT TEST FIRMWARE\n{name}\n").into_bytes();
    b.resize(4096, 7);
    b
}

/// A server with everything, so each test can take one file away.
fn full() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = vec![
        ("16xxupgrade.txt".into(), UPGRADE.into()),
        ("46xxsettings.txt".into(), SETTINGS.into()),
        ("group2.txt".into(), b"SET L2QVLAN 20\n".to_vec()),
        (
            "mlf_spanish.txt".into(),
            "Login=Inicio de sesi\u{f3}n\n".into(),
        ),
        ("mlf_chinese.txt".into(), b"x\n".to_vec()),
        ("font_chinese.txt".into(), b"font\n".to_vec()),
    ];
    let mut sums = String::new();
    for f in ["hb.bin", "ha08.bin", "ha16.bin"] {
        let b = firmware(f);
        sums.push_str(&format!("{}  {f}\n", sha(&b)));
        v.push((
            format!("{f}.sha256"),
            format!("{}  {f}\n", sha(&b)).into_bytes(),
        ));
        v.push((f.into(), b));
    }
    v.push(("SHA256SUMS".into(), sums.into_bytes()));
    v
}

fn serve(files: &[(String, Vec<u8>)]) -> MemorySource {
    let mut s = MemorySource::new(BASE);
    for (n, b) in files {
        s.insert(n, b.clone());
    }
    s
}

fn check(src: &MemorySource, extra: &[u16]) -> Readiness {
    pollster::block_on(readiness(
        src,
        &ServerSpec::BaseUrl(BASE.into()),
        BASE,
        extra,
        1000,
    ))
}

fn entry<'a>(r: &'a Readiness, path: &str) -> &'a phoneboot_engine::readiness::Entry {
    r.entries
        .iter()
        .find(|e| e.path == path)
        .unwrap_or_else(|| panic!("{path} not in {:#?}", r.entries))
}

#[test]
fn spec_3_every_file_any_phone_requests_each_url_once() {
    let src = serve(&full());
    let r = check(&src, &[]);
    let paths: Vec<&str> = r.entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "16xxupgrade.txt",
            "46xxsettings.txt",
            "group2.txt",
            "hb.bin",
            "ha08.bin",
            "ha16.bin",
            "hb.bin.sha256",
            "ha08.bin.sha256",
            "ha16.bin.sha256",
            "mlf_spanish.txt",
            "mlf_chinese.txt",
            "font_chinese.txt",
        ],
        "{:#?}",
        r.entries
    );
    assert!(r.all_present(), "{}", r.summary());
    assert_eq!(r.summary(), "12 of 12 files present");
    assert_eq!(r.groups, [0, 2, 5]);
    // Each URL once, even though 24 phones need the upgrade script.
    let reqs = src.requests.borrow();
    let distinct: HashSet<&String> = reqs.iter().collect();
    assert_eq!(distinct.len(), reqs.len(), "{reqs:#?}");
    assert_eq!(r.requests, reqs.len());
    // The restore file (BRURI, spec 3.8) is not a provisioning file.
    assert!(!reqs.iter().any(|u| u.contains("16xxdata")), "{reqs:#?}");
}

#[test]
fn spec_3_6_who_needs_each_file_in_ranges() {
    let r = check(&serve(&full()), &[3, 4]);
    assert_eq!(r.groups, [0, 2, 3, 4, 5]);
    assert_eq!(
        entry(&r, "16xxupgrade.txt").needed_by,
        ["all models: groups 0, 2-5"]
    );
    assert_eq!(
        entry(&r, "ha16.bin").needed_by,
        ["1616, 1616-I: groups 0, 2-5"]
    );
    assert_eq!(
        entry(&r, "ha08.bin").needed_by,
        ["1603, 1603-I, 1603SW, 1603SW-I, 1608, 1608-I: groups 0, 2-5"]
    );
    let es = entry(&r, "mlf_spanish.txt");
    assert_eq!(es.needed_by, ["all models: group 2"]);
    assert_eq!(es.purpose, Kind::Language);
    // LANGSYS and LANG1FILE name the same file: one row.
    assert_eq!(es.named_by.as_deref(), Some("LANGSYS (46xxsettings.txt:7)"));
    assert_eq!(entry(&r, "font_chinese.txt").purpose, Kind::Font);
    assert_eq!(entry(&r, "group2.txt").needed_by, ["all models: group 2"]);
}

#[test]
fn spec_3_6_a_missing_language_file_is_missing_and_fails_the_check() {
    let files: Vec<_> = full()
        .into_iter()
        .filter(|(n, _)| n != "mlf_chinese.txt")
        .collect();
    let r = check(&serve(&files), &[]);
    let e = entry(&r, "mlf_chinese.txt");
    assert_eq!((e.status, e.detail.as_str()), (Status::Missing, "HTTP 404"));
    assert_eq!(e.url, "mem://srv/mlf_chinese.txt");
    assert_eq!(e.bytes, None);
    assert!(!r.all_present());
    assert_eq!(
        r.summary(),
        "11 of 12 files present; 1 missing: mlf_chinese.txt"
    );
}

#[test]
fn spec_6_4_digests_verified_mismatched_or_absent() {
    let mut files = full();
    for (n, b) in files.iter_mut() {
        if n == "ha16.bin" {
            b[100] ^= 0xff;
        }
    }
    let files: Vec<_> = files
        .into_iter()
        .filter(|(n, _)| n != "ha08.bin.sha256")
        .collect();
    let r = check(&serve(&files), &[]);
    assert_eq!(
        entry(&r, "hb.bin").digest,
        DigestCheck::Verified {
            against: DigestSource::File("hb.bin.sha256".into())
        }
    );
    // No sidecar: the boot falls back to SHA256SUMS, and so does the check.
    assert_eq!(
        entry(&r, "ha08.bin").digest,
        DigestCheck::Verified {
            against: DigestSource::File("SHA256SUMS".into())
        }
    );
    let sums = entry(&r, "SHA256SUMS");
    assert_eq!((sums.status, sums.required), (Status::Present, false));
    assert_eq!(
        sums.needed_by,
        ["1603, 1603-I, 1603SW, 1603SW-I, 1608, 1608-I: groups 0, 2, 5"]
    );
    let side = entry(&r, "ha08.bin.sha256");
    assert_eq!((side.status, side.required), (Status::Missing, false));
    let bad = entry(&r, "ha16.bin");
    assert_eq!(bad.status, Status::DigestMismatch);
    assert!(
        bad.detail.contains("ha16.bin.sha256 says"),
        "{}",
        bad.detail
    );
    assert!(!r.all_present());
    let s = r.summary();
    assert!(s.contains("1 unusable: ha16.bin (digest mismatch)"), "{s}");
    assert!(
        s.contains("1 optional reference digest not found: ha08.bin.sha256"),
        "{s}"
    );
}

#[test]
fn spec_6_without_any_reference_the_firmware_is_present_but_not_verified() {
    let files: Vec<_> = full()
        .into_iter()
        .filter(|(n, _)| !n.ends_with(".sha256") && n != "SHA256SUMS")
        .collect();
    let r = check(&serve(&files), &[]);
    assert_eq!(entry(&r, "hb.bin").digest, DigestCheck::NoReference);
    assert_eq!(entry(&r, "hb.bin").status, Status::Present);
    // Digest files are optional: the fleet can still boot.
    assert!(r.all_present(), "{}", r.summary());
}

#[test]
fn spec_2_3_tls_only_servers_cannot_serve_firmware_or_language_files() {
    // The files are on the TLS server; firmware must not be taken from it.
    let mut src = MemorySource::new("https://srv:443/");
    for (n, b) in full() {
        src.insert(&n, b);
    }
    let spec = ServerSpec::Option242("TLSSRVR=srv".into());
    let r = pollster::block_on(readiness(&src, &spec, "TLSSRVR=srv", &[], 1000));
    assert_eq!(entry(&r, "16xxupgrade.txt").status, Status::Present);
    // The phone cannot get its boot code, restarts and never reaches the settings.
    let hb = entry(&r, "hb.bin");
    assert_eq!((hb.status, hb.url.as_str()), (Status::Failed, ""));
    assert!(hb.detail.contains("HTTP only"), "{}", hb.detail);
    assert!(!r.all_present());
    assert!(!src.requests.borrow().iter().any(|u| u.ends_with(".bin")));
}

#[test]
fn csv_and_json_carry_every_row() {
    let r = check(&serve(&full()), &[]);
    let csv = r.to_csv();
    assert!(csv.starts_with(
        "file,url,purpose,required,status,detail,bytes,sha256,digest,needed_by,named_by\n"
    ));
    assert_eq!(csv.lines().count(), r.entries.len() + 1);
    assert!(
        csv.contains("hb.bin,mem://srv/hb.bin,boot-code,yes,present,"),
        "{csv}"
    );
    let j = r.to_json();
    let files = j["files"].as_array().expect("files");
    assert_eq!(files.len(), r.entries.len());
    let keys: Vec<&str> = files[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        ["bytes", "needed_by", "path", "purpose", "status", "url"]
    );
}

#[test]
fn the_demo_server_passes_its_own_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo");
    let mut src = MemorySource::new(BASE);
    for e in std::fs::read_dir(&dir).expect("demo/") {
        let p = e.expect("entry").path();
        if p.is_file() {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            src.insert(&name, std::fs::read(&p).expect("readable"));
        }
    }
    let r = check(&src, &[]);
    assert!(r.all_present(), "{}\n{:#?}", r.summary(), r.entries);
    for f in [
        "mlf_16xx_spanish.txt",
        "mlf_16xx_french.txt",
        "mlf_16xx_german.txt",
    ] {
        assert_eq!(entry(&r, f).status, Status::Present);
    }
    assert_eq!(
        entry(&r, "mlf_16xx_german.txt").needed_by,
        ["all models: group 3"]
    );
}

#[test]
fn spec_2_5_files_after_a_server_move_are_checked_where_the_phone_asks() {
    // The settings move HTTPDIR: the language file is requested from the new folder.
    let files = vec![
        (
            "16xxupgrade.txt".to_owned(),
            b"GET 46xxsettings.txt\n".to_vec(),
        ),
        (
            "46xxsettings.txt".to_owned(),
            b"SET HTTPDIR lang\nSET LANG1FILE mlf_x.txt\n".to_vec(),
        ),
        ("lang/mlf_x.txt".to_owned(), b"x\n".to_vec()),
    ];
    let r = check(&serve(&files), &[]);
    let e = entry(&r, "mlf_x.txt");
    assert_eq!(
        (e.status, e.url.as_str()),
        (Status::Present, "mem://srv/lang/mlf_x.txt"),
        "{:#?}",
        r.entries
    );
    assert!(r.all_present(), "{}", r.summary());
}
