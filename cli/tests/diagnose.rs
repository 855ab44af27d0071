//! `phoneboot says` and `phoneboot log` (issue 13): the JSON contracts, the
//! exit codes, and logs that are not logs. Folder mode only: no network.

#[path = "support/cli.rs"]
mod support;

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;
use support::{run, text};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../demo");

fn stdout(o: &Output) -> String {
    text(&o.stdout)
}

/// `phoneboot log FILE --dir demo --model 1608`.
fn log_1608(file: &str) -> Output {
    run(&["log", file, "--dir", DEMO, "--model", "1608"])
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
    k.sort();
    k
}

fn temp_log(name: &str, text: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("phoneboot-cli-diag-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn clf(ip: &str, path: &str, status: u16) -> String {
    format!("{ip} - - [01/Dec/2026:08:00:00 +0000] \"GET {path} HTTP/1.1\" {status} 512 \"-\" \"AVAYA/1608\"\n")
}

/// A factory-fresh 1608's boot against the demo folder, as the server logs it.
fn fresh_log(ip: &str) -> String {
    [
        "/16xxupgrade.txt",
        "/hb16xxdemo_r1_5.bin",
        "/16xxupgrade.txt",
        "/ha1608demo_r2_0.bin",
        "/16xxupgrade.txt",
        "/46xxsettings.txt",
    ]
    .iter()
    .map(|p| clf(ip, p, 200))
    .collect()
}

#[test]
fn says_json_is_the_contract_and_exit_0() {
    let o = run(&["says", "HTTP:3 404", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(keys(&v), ["matches"]);
    let m = &v["matches"][0];
    assert_eq!(
        keys(m),
        ["causes", "fixes", "meaning", "message", "phase", "source"]
    );
    assert_eq!(m["message"], "HTTP:n sc etag");
    assert_eq!(m["source"], "[doc]");
    assert!(m["causes"].as_array().unwrap().len() > 1);
}

#[test]
fn says_in_words_and_the_documented_messages() {
    for (text, message) in [
        ("DHCP: 12 secs", "DHCP: s secs"),
        ("Discover 10.0.0.5", "Discover aaa.bbb.ccc.ddd"),
        ("system busy", "System busy"),
        ("No Ethernet", "No Ethernet"),
    ] {
        let o = run(&["says", text]);
        assert_eq!(o.status.code(), Some(0), "{text}");
        let out = stdout(&o);
        assert!(out.starts_with(message), "{text}: {out}");
        assert!(out.contains("Fixes:") && out.contains("Meaning:"), "{out}");
    }
}

#[test]
fn says_no_match_names_the_closest_and_exits_1() {
    let o = run(&["says", "Sistem bizzy"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("No 1600 display message matches"), "{out}");
    assert!(out.contains("System busy"), "{out}");
    let o = run(&["says", "Sistem bizzy", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["matches"].as_array().unwrap().len(), 0);
}

#[test]
fn says_usage_errors_exit_2() {
    assert_eq!(run(&["says"]).status.code(), Some(2));
    assert_eq!(run(&["says", "  "]).status.code(), Some(2));
    assert_eq!(run(&["says", "x", "--jsn"]).status.code(), Some(2));
}

#[test]
fn log_json_is_the_contract_for_a_matching_phone() {
    let mut text = clf("192.168.7.7", "/index.html", 200);
    text += &fresh_log("10.1.1.20");
    let log = temp_log("match.log", text.as_bytes());
    let o = run(&[
        "log",
        log.to_str().unwrap(),
        "--dir",
        DEMO,
        "--model",
        "1608",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(keys(&v), ["client", "findings", "rows"]);
    assert_eq!(v["client"], "10.1.1.20");
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    assert_eq!(keys(&rows[0]), ["expected", "logged", "note", "status"]);
    assert_eq!(rows[3]["logged"], "/ha1608demo_r2_0.bin");
    assert_eq!(rows[3]["status"], 200);
    let f = &v["findings"][0];
    assert_eq!(keys(f), ["fix", "message", "severity"]);
}

#[test]
fn log_findings_exit_1_and_client_chooses_the_phone() {
    let mut text = fresh_log("10.1.1.20");
    text += &clf("10.1.1.21", "/16xxupgrade.txt", 200);
    text += &clf("10.1.1.21", "/46xxsettings.txt", 404);
    let log = temp_log("two.log", text.as_bytes());
    let l = log.to_str().unwrap();
    let o = run(&[
        "log",
        l,
        "--dir",
        DEMO,
        "--model",
        "1608",
        "--bootname",
        "hb16xxdemo_r1_5.bin",
        "--appname",
        "ha1608demo_r2_0.bin",
        "--client",
        "10.1.1.21",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["client"], "10.1.1.21");
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["severity"] == "error"
        && f["message"]
            .as_str()
            .unwrap()
            .contains("404 for /46xxsettings.txt")));
    let o = run(&[
        "log", l, "--dir", DEMO, "--model", "1608", "--client", "10.9.9.9",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--client 10.9.9.9") && err.contains("10.1.1.21"),
        "{err}"
    );
}

#[test]
fn log_that_is_not_a_log_names_the_line_and_exits_2() {
    let log = temp_log("bad.log", b"\n# nginx\nhello, this is not a log\n");
    let o = log_1608(log.to_str().unwrap());
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 3") && err.contains("not an access log line"),
        "{err}"
    );
    let bin = temp_log("bin.log", &[0, 1, 2, 255, 254, 10, 200, 13, 10]);
    assert_eq!(log_1608(bin.to_str().unwrap()).status.code(), Some(2));
    let o = log_1608("/nonexistent/access.log");
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["log", log.to_str().unwrap(), "--dir", DEMO]);
    assert_eq!(o.status.code(), Some(2), "--model is required");
}

#[test]
fn log_in_words_lists_rows_and_findings() {
    let text = fresh_log("10.1.1.20").replace("46xxsettings.txt", "46xxsettings.scr");
    let log = temp_log("words.log", text.as_bytes());
    let o = log_1608(log.to_str().unwrap());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("REQUESTS") && out.contains("FINDINGS"),
        "{out}"
    );
    assert!(
        out.contains("46xxsettings.scr, the settings file name of old"),
        "{out}"
    );
}
