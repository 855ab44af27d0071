//! The access log beside the emulated boot (issue 13, spec sections 2.4-2.6,
//! 3.2-3.5): each log format, each finding, and hostile logs.

mod common;
use common::run_with;
use phoneboot_engine::access_log::{self, compare, Format, LogReader, MAX_CLIENTS, MAX_REQUESTS};
use phoneboot_engine::boot::{BootConfig, Flash, PhoneConfig, ServerSpec};
use phoneboot_engine::source::MemorySource;
use phoneboot_engine::{Cause, Model, Report, Severity};

const BASE: &str = "http://10.0.0.9/phones/";

fn demo() -> MemorySource {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo");
    let mut s = MemorySource::new(BASE);
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            s.insert(&name, std::fs::read(&path).unwrap());
        }
    }
    s
}

/// A factory-fresh 1608 against the demo files at http://10.0.0.9/phones/.
fn fresh_boot() -> Report {
    let cfg = BootConfig::new(
        PhoneConfig::new(Model::M1608),
        ServerSpec::BaseUrl(BASE.to_owned()),
    );
    run_with(&demo(), &cfg, Flash::factory(), Cause::PowerOn).report
}

/// A 1608 that already runs the demo's software.
fn current_boot() -> Report {
    let cfg = BootConfig::new(
        PhoneConfig::new(Model::M1608),
        ServerSpec::BaseUrl(BASE.to_owned()),
    );
    let flash = Flash::with_loaded(Some("hb16xxdemo_r1_5.bin"), Some("ha1608demo_r2_0.bin"));
    run_with(&demo(), &cfg, flash, Cause::PowerOn).report
}

const UA: &str = "AVAYA/1608 (H.323)";

fn clf(ip: &str, path: &str, status: u16, agent: Option<&str>) -> String {
    let mut l =
        format!("{ip} - - [01/Dec/2026:08:00:00 +0000] \"GET {path} HTTP/1.1\" {status} 512");
    if let Some(a) = agent {
        l.push_str(&format!(" \"-\" \"{a}\""));
    }
    l.push('\n');
    l
}

/// The requests of the factory-fresh boot, as a phone at `ip` makes them.
fn fresh_phone_lines(ip: &str, agent: Option<&str>) -> String {
    [
        "/phones/16xxupgrade.txt",
        "/phones/hb16xxdemo_r1_5.bin",
        "/phones/16xxupgrade.txt",
        "/phones/ha1608demo_r2_0.bin",
        "/phones/16xxupgrade.txt",
        "/phones/46xxsettings.txt",
    ]
    .iter()
    .map(|p| clf(ip, p, 200, agent))
    .collect()
}

fn severities(c: &access_log::Comparison, word: &str) -> Vec<String> {
    c.findings
        .iter()
        .filter(|f| f.message.contains(word))
        .map(|f| f.severity.as_str().to_owned())
        .collect()
}

#[test]
fn combined_format_a_matching_phone_has_one_row_per_request() {
    let mut log = clf("192.168.1.50", "/index.html", 200, Some("Mozilla/5.0"));
    log += &fresh_phone_lines("10.1.1.20", Some(UA));
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    assert_eq!(parsed.format, Format::Combined);
    assert_eq!(parsed.clients.len(), 1, "the browser is not a phone");
    let report = fresh_boot();
    let c = compare(&parsed, &parsed.clients[0], &report);
    assert_eq!(c.client, "10.1.1.20");
    assert_eq!(c.rows.len(), 6, "{:#?}", c.rows);
    assert!(c
        .rows
        .iter()
        .all(|r| r.expected == r.logged && r.status == Some(200)));
    assert_eq!(
        c.rows[1].expected.as_deref(),
        Some("/phones/hb16xxdemo_r1_5.bin")
    );
    assert!(
        c.findings.iter().all(|f| f.severity == Severity::Info),
        "{:#?}",
        c.findings
    );
    assert!(c.findings[0].message.contains("match"));
    assert_eq!(severities(&c, "one restart per firmware image"), ["info"]);
    assert!(c.findings.iter().any(|f| f.message.contains(UA)));
    let json: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["client", "findings", "rows"]);
    let row: Vec<&String> = json["rows"][0].as_object().unwrap().keys().collect();
    assert_eq!(row, ["expected", "logged", "note", "status"]);
    let f: Vec<&String> = json["findings"][0].as_object().unwrap().keys().collect();
    assert_eq!(f, ["fix", "message", "severity"]);
}

#[test]
fn common_format_has_no_user_agent_and_says_so() {
    let log = fresh_phone_lines("10.1.1.20", None);
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    assert_eq!(parsed.format, Format::Common);
    let c = compare(&parsed, &parsed.clients[0], &fresh_boot());
    assert_eq!(severities(&c, "no user agent"), ["info"]);
}

#[test]
fn iis_w3c_with_fields_header() {
    let mut log = String::from("#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2026-12-01 08:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n");
    for (p, s) in [
        ("/phones/16xxupgrade.txt", 200),
        ("/phones/46xxsettings.txt", 404),
    ] {
        log += &format!("2026-12-01 08:00:01 10.0.0.9 GET {p} - 80 - 10.1.1.30 AVAYA/1608+(H.323) - {s} 0 0 15\r\n");
    }
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    assert_eq!(parsed.format, Format::W3c);
    let phone = parsed.client("10.1.1.30").unwrap();
    assert_eq!(phone.requests[1].status, 404);
    assert_eq!(
        phone.requests[0].user_agent.as_deref(),
        Some("AVAYA/1608 (H.323)")
    );
    let c = compare(&parsed, phone, &current_boot());
    assert_eq!(
        severities(&c, "404 for /phones/46xxsettings.txt"),
        ["error"]
    );
    assert!(c
        .findings
        .iter()
        .any(|f| f.fix.contains("46xxsettings.txt")));
}

#[test]
fn w3c_lines_before_fields_and_other_text_are_clear_errors() {
    let e = access_log::parse(b"#Software: IIS\n2026-12-01 08:00:01 GET /x 200\n").unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.message.contains("#Fields"), "{e}");
    let e = access_log::parse(b"\n\nthis is not a log\nGET /x\n").unwrap_err();
    assert_eq!(e.line, 3);
    assert!(e.to_string().contains("line 3") && e.message.contains("this is not a log"));
    let e = access_log::parse(b"").unwrap_err();
    assert!(e.message.contains("no request lines"));
}

#[test]
fn spec_2_6_redirects_and_404s_are_findings_with_fixes() {
    let mut log = clf("10.1.1.20", "/phones/16xxupgrade.txt", 200, Some(UA));
    log += &clf("10.1.1.20", "/phones/46xxsettings.txt", 302, Some(UA));
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    let c = compare(&parsed, &parsed.clients[0], &current_boot());
    let redirect = c
        .findings
        .iter()
        .find(|f| f.message.contains("redirected"))
        .unwrap();
    assert_eq!(redirect.severity, Severity::Error);
    assert!(redirect.fix.contains("HTTPSRVR/HTTPDIR"));
    assert!(c.rows[1].note.contains("redirect"));
}

#[test]
fn spec_2_5_another_folder_is_an_httpdir_mismatch() {
    let log = fresh_phone_lines("10.1.1.20", Some(UA)).replace("/phones/", "/old/1600/");
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    let c = compare(&parsed, &parsed.clients[0], &fresh_boot());
    let f = c
        .findings
        .iter()
        .find(|f| f.message.contains("HTTPDIR"))
        .unwrap();
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("/old/1600/16xxupgrade.txt") && f.fix.contains("HTTPDIR"));
    assert!(c
        .rows
        .iter()
        .all(|r| r.logged.is_some() && r.expected.is_some()));
}

#[test]
fn files_the_phone_never_asked_for_say_it_stopped_earlier() {
    // The phone stopped after the upgrade script (e.g. it could not get the boot code).
    let mut log = clf("10.1.1.20", "/phones/16xxupgrade.txt", 200, Some(UA));
    log += &clf("10.1.1.20", "/phones/hb16xxdemo_r1_5.bin", 404, Some(UA));
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    let c = compare(&parsed, &parsed.clients[0], &fresh_boot());
    let f = c
        .findings
        .iter()
        .find(|f| f.message.contains("never asked for"))
        .unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("/phones/46xxsettings.txt"));
    assert!(f
        .message
        .contains("last request was /phones/hb16xxdemo_r1_5.bin (404"));
    assert!(c
        .rows
        .iter()
        .any(|r| r.logged.is_none() && r.note.contains("did not ask")));
}

#[test]
fn files_only_the_phone_asked_for_46xxsettings_scr_and_another_model() {
    let mut log = clf("10.1.1.20", "/phones/16xxupgrade.txt", 200, Some(UA));
    log += &clf("10.1.1.20", "/phones/46xxsettings.scr", 404, Some(UA));
    log += &clf("10.1.1.20", "/phones/46xxsettings.txt", 200, Some(UA));
    log += &clf("10.1.1.20", "/phones/96xxupgrade.txt", 404, Some(UA));
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    let c = compare(&parsed, &parsed.clients[0], &current_boot());
    assert_eq!(
        severities(&c, "46xxsettings.scr, the settings file name of old"),
        ["warning"]
    );
    assert_eq!(
        severities(&c, "another model's upgrade script"),
        ["warning"]
    );
    assert!(c
        .rows
        .iter()
        .any(|r| r.expected.is_none() && r.logged.as_deref() == Some("/phones/46xxsettings.scr")));
}

#[test]
fn spec_3_4_the_same_image_again_and_again_is_a_loop() {
    let mut log = String::new();
    for _ in 0..5 {
        log += &clf("10.1.1.20", "/phones/16xxupgrade.txt", 200, Some(UA));
        log += &clf("10.1.1.20", "/phones/ha1608demo_r2_0.bin", 200, Some(UA));
    }
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    let c = compare(&parsed, &parsed.clients[0], &current_boot());
    let f = c
        .findings
        .iter()
        .find(|f| f.message.contains("a loop"))
        .unwrap();
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("ha1608demo_r2_0.bin in 5 boots"));
}

#[test]
fn many_boots_without_downloads_are_restarts_for_other_reasons() {
    let mut log = String::new();
    for _ in 0..4 {
        log += &clf("10.1.1.20", "/phones/16xxupgrade.txt", 200, Some(UA));
        log += &clf("10.1.1.20", "/phones/46xxsettings.txt", 200, Some(UA));
    }
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    let c = compare(&parsed, &parsed.clients[0], &current_boot());
    assert_eq!(severities(&c, "upgrade script 4 times"), ["warning"]);
}

#[test]
fn the_user_agent_of_a_browser_is_not_a_phone_and_a_change_is_told() {
    let log = fresh_phone_lines("10.1.1.20", Some("curl/8.5.0"));
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    let c = compare(&parsed, &parsed.clients[0], &fresh_boot());
    assert_eq!(
        severities(&c, "looks like a browser or a tool"),
        ["warning"]
    );
    let mut log = fresh_phone_lines("10.1.1.20", Some(UA));
    log += &clf(
        "10.1.1.20",
        "/phones/16xxupgrade.txt",
        200,
        Some("AVAYA/1608 R2"),
    );
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    let c = compare(&parsed, &parsed.clients[0], &fresh_boot());
    assert_eq!(severities(&c, "the user agent changed"), ["info"]);
}

#[test]
fn every_phone_is_a_client_to_choose_in_order() {
    let mut log = fresh_phone_lines("10.1.1.21", Some(UA));
    log += &fresh_phone_lines("10.1.1.20", Some(UA));
    log += &clf("10.1.1.22", "/phones/46xxsettings.txt", 200, Some(UA));
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    let ips: Vec<&str> = parsed.clients.iter().map(|c| c.client.as_str()).collect();
    assert_eq!(ips, ["10.1.1.21", "10.1.1.20", "10.1.1.22"]);
    let c = compare(&parsed, parsed.client("10.1.1.20").unwrap(), &fresh_boot());
    assert_eq!(c.client, "10.1.1.20");
}

#[test]
fn hostile_huge_lines_binary_bytes_and_pieces_of_any_size() {
    let mut log: Vec<u8> = Vec::new();
    log.extend(fresh_phone_lines("10.1.1.20", Some(UA)).as_bytes());
    log.extend(vec![b'A'; 10 * 1024 * 1024]);
    log.push(b'\n');
    log.extend(b"\x00\xff\xfe\x16\x03\x01 binary junk\n");
    log.extend(
        clf(
            "10.1.1.20",
            "/phones/été.txt",
            200,
            Some("\u{7f}\u{1b}[31m"),
        )
        .as_bytes(),
    );
    log.extend(
        b"10.1.1.20 - - [01/Dec/2026:08:00:00 +0000] \"\\x16\\x03\\x01\" 400 0 \"-\" \"-\"\n",
    );
    let mut r = LogReader::new();
    for piece in log.chunks(7) {
        r.push(piece);
    }
    let parsed = r.finish().unwrap();
    assert_eq!(parsed.overlong, 1);
    assert_eq!(parsed.skipped, 2, "{:?}", parsed.first_skipped);
    assert_eq!(parsed.first_skipped.as_ref().unwrap().line, 7);
    assert_eq!(parsed.clients[0].requests.len(), 8);
    let c = compare(&parsed, &parsed.clients[0], &fresh_boot());
    assert!(!c.rows.is_empty());
    // A binary file is not a log.
    let e = access_log::parse(&[0u8, 159, 146, 150, 10, 1, 2, 3]).unwrap_err();
    assert_eq!(e.line, 1);
}

#[test]
fn one_million_lines_in_bounded_memory() {
    // 1,000,000 lines streamed in pieces: 998,000 of browsers and scanners, a
    // thousand phone-like clients, and one phone that loops.
    let mut r = LogReader::new();
    let mut buf = String::new();
    let mut lines = 0u64;
    let flush = |buf: &mut String, r: &mut LogReader| {
        r.push(buf.as_bytes());
        buf.clear();
    };
    while lines < 1_000_000 {
        let i = lines;
        let line = if i.is_multiple_of(1000) {
            clf(
                &format!("10.2.{}.{}", (i / 1000) / 250, (i / 1000) % 250),
                "/phones/16xxupgrade.txt",
                200,
                Some(UA),
            )
        } else if i % 1000 == 1 || i % 1000 == 2 {
            clf(
                "10.1.1.20",
                if i % 1000 == 1 {
                    "/phones/16xxupgrade.txt"
                } else {
                    "/phones/ha1608demo_r2_0.bin"
                },
                200,
                Some(UA),
            )
        } else {
            clf(
                &format!("192.168.{}.{}", i % 200, i % 250),
                "/index.html",
                200,
                Some("Mozilla/5.0"),
            )
        };
        buf.push_str(&line);
        lines += 1;
        if buf.len() > 1 << 20 {
            flush(&mut buf, &mut r);
        }
    }
    flush(&mut buf, &mut r);
    let parsed = r.finish().unwrap();
    assert_eq!(parsed.lines, 1_000_000);
    assert_eq!(parsed.requests, 1_000_000);
    assert_eq!(parsed.clients.len(), MAX_CLIENTS);
    assert_eq!(parsed.more_clients, 1000 + 1 - MAX_CLIENTS as u64);
    let phone = parsed.client("10.1.1.20").unwrap();
    assert_eq!(phone.requests.len(), 2000.min(MAX_REQUESTS));
    assert!(parsed
        .clients
        .iter()
        .all(|c| c.requests.len() <= MAX_REQUESTS));
    let c = compare(&parsed, phone, &current_boot());
    assert!(c.rows.len() <= access_log::MAX_ROWS);
    assert!(c.findings.iter().any(|f| f.message.contains("a loop")));
}

#[test]
fn phoneboots_own_digest_look_ups_are_not_a_phones() {
    let mut log = fresh_phone_lines("10.1.1.20", Some(UA));
    log += &clf(
        "10.1.1.20",
        "/phones/hb16xxdemo_r1_5.bin.sha256",
        200,
        Some(UA),
    );
    log += &clf("10.1.1.20", "/phones/SHA256SUMS", 404, Some(UA));
    let parsed = access_log::parse(log.as_bytes()).unwrap();
    let c = compare(&parsed, &parsed.clients[0], &fresh_boot());
    assert_eq!(severities(&c, "only phoneboot asks for"), ["warning"]);
    assert!(severities(&c, "which the emulation does not").is_empty());
    assert!(c.rows.iter().any(|r| r.note.contains("digest look-up")));
}
