//! The CLI against a real nginx on 127.0.0.1 (cli/tests/support/nginx.rs):
//! https with the test CA given and without it (spec 2.2, 2.7), a redirect
//! reported and not followed (spec 2.6), and the README's CORS lines.

#[path = "support/nginx.rs"]
mod nginx;
#[path = "support/cli.rs"]
mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::{json_of, run, WORKSPACE};

/// nginx serving the repository's demo folder under /demo/, /old/ redirected there.
fn server() -> nginx::Nginx {
    nginx::start(Path::new(WORKSPACE), "/old/", "/demo/")
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = args.to_vec();
    all.push("--json");
    let o = run(&all);
    (o.status.code().unwrap_or(-1), json_of(&o))
}

#[test]
fn spec_2_2_scripts_over_https_with_the_lab_ca_applications_over_http() {
    let ng = server();
    let ca = ng.ca_file.to_str().unwrap().to_owned();
    let o242 = format!(
        "TLSSRVR=127.0.0.1,TLSPORT={},HTTPSRVR=127.0.0.1,HTTPPORT={},HTTPDIR=demo",
        ng.https_port, ng.http_port
    );
    let (code, r) = json(&["--option242", &o242, "--model", "1608", "--ca-file", &ca]);
    assert_eq!(code, 0, "{r:#}");
    let files = r["files"].as_array().unwrap();
    assert_eq!(
        files[0]["url"],
        format!("https://127.0.0.1:{}/demo/16xxupgrade.txt", ng.https_port)
    );
    assert_eq!(files[0]["outcome"], "200");
    for f in files {
        let url = f["url"].as_str().unwrap();
        if f["purpose"] == "application" {
            assert!(url.starts_with("http://"), "spec 2.3: {url}");
        } else if f["purpose"] != "digest" {
            assert!(url.starts_with("https://"), "{url}");
        }
    }
    // nginx saw the TLS requests too.
    assert!(ng
        .access_log()
        .contains("GET /demo/46xxsettings.txt HTTP/1.1\" 200"));
}

#[test]
fn spec_2_7_without_the_ca_the_certificate_is_named_and_the_phone_goes_on_to_http() {
    let ng = server();
    let o242 = format!(
        "TLSSRVR=127.0.0.1,TLSPORT={},HTTPSRVR=127.0.0.1,HTTPPORT={},HTTPDIR=demo",
        ng.https_port, ng.http_port
    );
    let (code, r) = json(&["--option242", &o242, "--model", "1608"]);
    assert_eq!(code, 0, "the HTTP server delivers: {r:#}");
    let why = r["files"][0]["outcome"].as_str().unwrap();
    assert!(
        why.starts_with("unreachable over https, or its certificate is not trusted"),
        "{why}"
    );
    assert!(why.contains("TLS certificate"), "{why}");
    // The certificate is named: subject, issuer and the fingerprint openssl shows.
    assert!(
        why.contains("certificate \"CN=127.0.0.1\" issued by \"CN=phoneboot test CA\""),
        "{why}"
    );
    let fp = Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(ng.prefix.join("server.pem"))
        .output()
        .unwrap();
    let fp = String::from_utf8_lossy(&fp.stdout);
    let fp = fp.trim().rsplit('=').next().unwrap();
    assert!(why.contains(&format!("SHA-256 {fp}")), "{why}\n{fp}");
    assert!(
        why.contains("not trusted") && why.contains("--ca-file"),
        "{why}"
    );
    assert_eq!(r["files"][1]["outcome"], "200");

    // The https server alone: the boot fails and the diagnosis says why.
    let url = format!("{}demo/", ng.https_url());
    let o = run(&["--url", &url, "--model", "1608"]);
    assert_eq!(o.status.code(), Some(1));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("Network diagnosis"), "{s}");
    assert!(
        s.contains(
            "could not be fetched: Unreachable over https, or its certificate is not trusted [tls]"
        ),
        "{s}"
    );
    assert!(s.contains("--ca-file"), "{s}");
    // With the CA it works.
    let ca = ng.ca_file.to_str().unwrap();
    let (code, r) = json(&["--url", &url, "--model", "1608", "--ca-file", ca]);
    assert_eq!(r["files"][0]["outcome"], "200", "{r:#}");
    let _ = code;
}

#[test]
fn spec_2_6_nginx_redirect_is_shown_with_its_target_and_not_followed() {
    let ng = server();
    let url = format!("{}old/", ng.http_url());
    let (code, r) = json(&["--url", &url, "--model", "1616"]);
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(r["files"][0]["status"], 302);
    let target = format!("http://127.0.0.1:{}/demo/16xxupgrade.txt", ng.http_port);
    let w = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "redirect")
        .expect("a redirect warning");
    assert!(w["message"].as_str().unwrap().contains(&target), "{w}");
    assert!(
        w["fix"].as_str().unwrap().contains(&format!(
            "HTTPSRVR=127.0.0.1,HTTPPORT={},HTTPDIR=demo",
            ng.http_port
        )),
        "{w}"
    );
    let log = ng.access_log();
    assert!(
        log.contains("GET /old/16xxupgrade.txt HTTP/1.1\" 302"),
        "{log}"
    );
    assert!(
        !log.contains("GET /demo/16xxupgrade.txt"),
        "the redirect was followed: {log}"
    );
}

#[test]
fn the_test_nginx_uses_the_readme_cors_lines_and_logs_in_combined_format() {
    let readme = std::fs::read_to_string(Path::new(WORKSPACE).join("README.md")).unwrap();
    for line in nginx::CORS_LINES {
        assert!(readme.contains(&format!("`{line}`")), "README lacks {line}");
    }
    let ng = server();
    let conf = std::fs::read_to_string(ng.prefix.join("nginx.conf")).unwrap();
    for line in nginx::CORS_LINES {
        assert_eq!(conf.matches(line).count(), 2, "both servers: {line}");
    }
    let (_, _) = json(&[
        "--url",
        &format!("{}demo/", ng.http_url()),
        "--model",
        "1608",
    ]);
    let log = ng.access_log();
    let first = log.lines().next().expect("a logged request");
    // combined: addr - user [time] "request" status bytes "referer" "agent"
    let parts: Vec<&str> = first.split('"').collect();
    assert!(first.starts_with("127.0.0.1 - - ["), "{first}");
    assert_eq!(parts.len(), 7, "{first}");
    assert_eq!(parts[1], "GET /demo/16xxupgrade.txt HTTP/1.1");
    assert!(parts[5].starts_with("phoneboot/"), "{first}");
}

#[test]
fn spec_2_7_a_self_signed_server_is_named_by_its_certificate() {
    let dir = std::env::temp_dir().join(format!("phoneboot-selfsigned-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let ok = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "self.key",
            "-out",
            "self.pem",
            "-days",
            "2",
            "-subj",
            "/CN=lab files",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // openssl's own TLS server, killed on drop.
    struct Killed(std::process::Child);
    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let server = Killed(
        Command::new("openssl")
            .args([
                "s_server", "-quiet", "-www", "-cert", "self.pem", "-key", "self.key",
            ])
            .args(["-accept", &format!("127.0.0.1:{port}")])
            .current_dir(&dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "openssl s_server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    let (code, r) = json(&[
        "--url",
        &format!("https://127.0.0.1:{port}/"),
        "--model",
        "1608",
    ]);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 1);
    let why = r["files"][0]["outcome"].as_str().unwrap();
    assert!(
        why.starts_with("unreachable over https, or its certificate is not trusted"),
        "{why}"
    );
    assert!(
        why.contains("certificate \"CN=lab files\", issued by itself"),
        "{why}"
    );
    assert!(why.contains("self-signed"), "{why}");
}
