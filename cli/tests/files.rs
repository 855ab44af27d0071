//! `phoneboot files` (server readiness) and `phoneboot option242` (the lint
//! and the DHCP server snippets), end to end. Folder mode only: nothing here
//! goes over the network.

#[path = "support/cli.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use support::{json_of as json, run};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../demo");

static N: AtomicUsize = AtomicUsize::new(0);

/// A copy of the demo folder (top level only) without `except`, under `sub`.
fn demo_copy(except: &str, sub: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!(
        "phoneboot-files-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let dir = root.join(sub);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for e in std::fs::read_dir(DEMO).expect("demo/") {
        let p = e.expect("entry").path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_file() && name != except {
            std::fs::copy(&p, dir.join(&name)).expect("copied");
        }
    }
    root
}

fn file<'a>(v: &'a Value, path: &str) -> &'a Value {
    v["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not listed: {v:#}"))
}

#[test]
fn files_demo_passes_its_own_check() {
    let o = run(&["files", "--dir", DEMO]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let last = out.lines().last().unwrap_or("");
    let counts: Vec<&str> = last.split(' ').collect();
    assert!(
        last.ends_with("files present") && counts[0] == counts[2],
        "{last}"
    );
    assert!(out.contains("mlf_16xx_german.txt"), "{out}");
}

#[test]
fn files_json_is_exactly_the_documented_shape() {
    let o = run(&["files", "--dir", DEMO, "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    let top: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(top, ["files"]);
    for f in v["files"].as_array().unwrap() {
        let mut keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["bytes", "needed_by", "path", "purpose", "status", "url"],
            "{f}"
        );
        assert_eq!(f["status"], "present", "{f}");
        assert!(
            f["needed_by"].as_array().is_some_and(|a| !a.is_empty()),
            "{f}"
        );
    }
    let up = file(&v, "16xxupgrade.txt");
    assert_eq!(up["purpose"], "upgrade-script");
    assert_eq!(
        up["needed_by"],
        serde_json::json!(["all models: groups 0-3"])
    );
    let fr = file(&v, "mlf_16xx_french.txt");
    assert_eq!(fr["purpose"], "language");
    assert_eq!(fr["needed_by"], serde_json::json!(["all models: group 2"]));
    let app = file(&v, "ha1603demo_r2_0.bin");
    assert_eq!(app["bytes"], 122_880);
    assert_eq!(
        app["needed_by"],
        serde_json::json!(["1603, 1603-I, 1603SW, 1603SW-I: groups 0-3"])
    );
}

#[test]
fn files_a_missing_language_file_exits_1_and_says_which() {
    let root = demo_copy("mlf_16xx_spanish.txt", "");
    let dir = root.to_string_lossy().into_owned();
    let o = run(&["files", "--dir", &dir, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let es = file(&json(&o), "mlf_16xx_spanish.txt").clone();
    assert_eq!(
        (es["status"].as_str(), es["bytes"].is_null()),
        (Some("missing"), true)
    );
    let o = run(&["files", "--dir", &dir]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.trim_end()
            .ends_with("; 1 missing: mlf_16xx_spanish.txt"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn files_broken_demo_exits_1_on_digest_mismatch() {
    let broken = Path::new(DEMO).join("broken");
    let o = run(&["files", "--dir", &broken.to_string_lossy(), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(file(&v, "ha1608demo_r2_1.bin")["status"], "digest-mismatch");
    assert_eq!(file(&v, "hb16xxdemo_r1_5.bin")["status"], "present");
}

#[test]
fn files_option242_over_a_folder_and_more_groups() {
    // HTTPDIR is a sub-folder of --dir: no packet leaves the machine.
    let root = demo_copy("", "phones");
    let dir = root.to_string_lossy().into_owned();
    let o = run(&[
        "files",
        "--dir",
        &dir,
        "--option242",
        "HTTPSRVR=10.0.0.9,HTTPDIR=phones",
        "--groups",
        "7,10-12",
        "--json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = json(&o);
    let up = file(&v, "16xxupgrade.txt");
    assert_eq!(up["url"], "http://10.0.0.9:80/phones/16xxupgrade.txt");
    assert_eq!(
        up["needed_by"],
        serde_json::json!(["all models: groups 0-3, 7, 10-12"])
    );
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn files_without_a_server_is_a_usage_error() {
    let o = run(&["files"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn option242_json_is_exactly_findings_and_snippets() {
    let o = run(&["option242", "HTTPSRVR=10.0.0.9,HTTP DIR=phones", "--json"]);
    assert_eq!(o.status.code(), Some(1), "an error finding exits 1");
    let v = json(&o);
    let top: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(top, ["findings", "snippets"]);
    let f = v["findings"].as_array().unwrap();
    let dir = f
        .iter()
        .find(|x| x["message"].as_str().unwrap_or("").contains("HTTP DIR"))
        .expect("the HTTP DIR finding");
    let mut keys: Vec<&str> = dir
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["fix", "message", "severity"]);
    assert_eq!(dir["severity"], "error");
    assert_eq!(dir["fix"], "write HTTPDIR=phones");
    let mut names: Vec<&String> = v["snippets"].as_object().unwrap().keys().collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["dnsmasq", "isc-dhcpd", "kea", "mikrotik", "windows"]
    );
    assert!(v["snippets"]["dnsmasq"]
        .as_str()
        .unwrap()
        .contains("dhcp-option=242,\"HTTPSRVR=10.0.0.9,HTTP DIR=phones\"\n"));
}

#[test]
fn option242_clean_string_exits_0_and_prints_every_snippet() {
    let o = run(&[
        "option242",
        "MCIPADD=10.0.0.5,HTTPSRVR=10.0.0.9,HTTPDIR=phones",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("No problems found.\n"), "{out}");
    for h in [
        "== dnsmasq",
        "== isc-dhcpd",
        "== kea",
        "== windows",
        "== mikrotik",
    ] {
        assert!(out.contains(h), "{h} in {out}");
    }
    assert!(out.contains("Add-DhcpServerv4OptionDefinition"), "{out}");
}
