//! The command line as clap defines it: the boot as the default command,
//! subcommands beside it, and the exit codes (0 registered, 1 other outcome,
//! 2 usage, 0 for --help and --version).

#[path = "support/cli.rs"]
mod support;

use std::process::Command;

use serde_json::Value;
use support::{run, text, BIN};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../demo");

#[test]
fn version_and_help_exit_0_on_stdout() {
    let o = run(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        text(&o.stdout),
        format!("phoneboot {}\n", env!("CARGO_PKG_VERSION"))
    );
    for args in [
        &["-h"][..],
        &["help"],
        &["fleet", "--help"],
        &["help", "fleet"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(text(&o.stdout).contains("--dir"), "{args:?}");
        assert!(o.stderr.is_empty(), "{args:?}");
    }
    let o = run(&["--help"]);
    assert!(
        text(&o.stdout).contains("fleet"),
        "the subcommand is listed"
    );
}

#[test]
fn clap_usage_errors_exit_2_on_stderr() {
    for args in [
        &["--dir", DEMO, "--model", "1608", "--json", "--json"][..],
        &[
            "--dir",
            DEMO,
            "--url",
            "http://127.0.0.1:9/",
            "--model",
            "1608",
        ],
        &["--dir", DEMO, "--model"],
        &["--dir", DEMO, "--model", "1608", "demo"],
        &["--dir", DEMO, "fleet"],
        &["fleet", "--dir", DEMO, "--groups", "5-1"],
        &["fleet", "--dir", DEMO, "--json", "--csv"],
        &["fleet"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(
            text(&o.stderr).contains("--help"),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
}

#[test]
fn fleet_prints_the_matrix_as_json_and_csv() {
    let o = run(&["fleet", "--dir", DEMO, "--groups", "7", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let cells = v["cells"].as_array().expect("cells");
    // 8 models x (GROUP 0, the groups the demo tests, and 7).
    let groups: std::collections::BTreeSet<u64> =
        cells.iter().map(|c| c["group"].as_u64().unwrap()).collect();
    assert!(
        groups.contains(&0) && groups.contains(&3) && groups.contains(&7),
        "{groups:?}"
    );
    assert_eq!(cells.len(), 8 * groups.len());
    let c = cells
        .iter()
        .find(|c| c["model"] == "1616" && c["group"] == 3)
        .expect("1616 in group 3");
    assert_eq!(c["appname"], "ha1616demo_r2_0.bin");
    assert_eq!(c["settings"]["L2QVLAN"]["value"], "130");
    assert_eq!(c["settings"]["CCBTNSTAT"]["file"], "group3.txt");
    assert!(c["settings"]["CCBTNSTAT"]["line"].is_u64());
    assert_eq!(c["settings"]["PROCPSWD"]["value"], "********");

    let o = run(&["fleet", "--dir", DEMO, "--csv"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).starts_with("model,group,downloads,appname"));
}

/// A server on 127.0.0.1 that answers every request with `raw`.
fn answering(raw: &'static str) -> u16 {
    use std::io::{Read, Write};
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut s in l.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(raw.as_bytes());
        }
    });
    port
}

#[test]
fn spec_2_6_the_cli_reports_a_redirect_with_its_target_and_fix_and_the_diagnosis() {
    let port = answering(
        "HTTP/1.1 301 Moved Permanently\r\nLocation: /new/16xxupgrade.txt\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    let url = format!("http://127.0.0.1:{port}/old/");
    let o = run(&["--url", &url, "--model", "1608"]);
    assert_eq!(o.status.code(), Some(1));
    let s = text(&o.stdout);
    let target = format!("http://127.0.0.1:{port}/new/16xxupgrade.txt");
    assert!(s.contains("[redirect]"), "{s}");
    assert!(
        s.contains(&format!("-> 301, 0 bytes, Location {target} (not followed")),
        "{s}"
    );
    assert!(s.contains(&format!("redirecting to {target}")), "{s}");
    assert!(
        s.contains(&format!("HTTPSRVR=127.0.0.1,HTTPPORT={port},HTTPDIR=new")),
        "{s}"
    );
    // The same diagnosis as the app's banner.
    assert!(s.contains("Network diagnosis"), "{s}");
    assert!(
        s.contains("16xxupgrade.txt could not be fetched: The server redirects (301)"),
        "{s}"
    );
    let o = run(&["--url", &url, "--model", "1608", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"][0]["status"], 301);
    assert!(v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "redirect"));
}

#[test]
fn spec_2_7_an_https_server_that_is_not_tls_is_not_called_dead() {
    // Something answers on the port, but not with TLS.
    let port = answering("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    let o = run(&[
        "--url",
        &format!("https://127.0.0.1:{port}/"),
        "--model",
        "1608",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let s = text(&o.stdout);
    assert!(
        s.contains("unreachable over https, or its certificate is not trusted"),
        "{s}"
    );
    assert!(s.contains("[tls]"), "{s}");
}

#[test]
fn proxies_from_the_environment_are_used_unless_no_proxy_says_otherwise() {
    let port = answering("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    let url = format!("http://127.0.0.1:{port}/");
    let with = |no_proxy: &str| {
        let o = Command::new(BIN)
            .args(["--url", &url, "--model", "1608", "--json"])
            .env("HTTP_PROXY", "http://127.0.0.1:9")
            .env("HTTPS_PROXY", "http://127.0.0.1:9")
            .env("NO_PROXY", no_proxy)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        v["files"][0]["outcome"].as_str().unwrap_or("").to_owned()
    };
    let via = with("");
    assert!(via.contains("via the proxy http://127.0.0.1:9"), "{via}");
    assert_eq!(with("localhost,127.0.0.1"), "404");
}
