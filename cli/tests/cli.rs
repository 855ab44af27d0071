//! End-to-end tests of the `phoneboot` binary: the demo folder, the broken
//! demo, a real corpus script, a tiny HTTP server on 127.0.0.1, option 242 and
//! usage errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_phoneboot");
const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../demo");
const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
/// The real provisioning files: the repo's copy, else the shared folder beside the workspace.
const CORPUS_IN_REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../engine/tests/corpus");
const CORPUS_SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");

fn corpus(file: &str) -> PathBuf {
    let in_repo = Path::new(CORPUS_IN_REPO).join(file);
    if in_repo.is_file() {
        in_repo
    } else {
        Path::new(CORPUS_SHARED).join(file)
    }
}

/// Runs the binary; a host named by a file could only be reached through the
/// dead proxy on 127.0.0.1:9 (NO_PROXY keeps the loopback servers direct).
fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .expect("the phoneboot binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs with `--json` and parses the report.
fn run_json(args: &[&str]) -> (i32, Value) {
    let mut all = args.to_vec();
    all.push("--json");
    let o = run(&all);
    let code = o.status.code().expect("exit code");
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr:\n{}", stdout(&o), stderr(&o)));
    (code, v)
}

fn outcome(r: &Value) -> &str {
    r["outcome"]["outcome"].as_str().unwrap_or("")
}

fn setting<'a>(r: &'a Value, name: &str) -> &'a Value {
    &r["settings"][name]
}

/// A fresh folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "phoneboot-cli-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A tiny HTTP/1.1 file server for one folder, mounted under `prefix`.
/// Text files are sent chunked, everything else with Content-Length, so
/// both framings of the CLI's client are exercised.
struct Server {
    port: u16,
    paths: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(root: &str, prefix: &'static str) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let paths = Arc::new(Mutex::new(Vec::new()));
        let root = PathBuf::from(root);
        let log = paths.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                let log = log.clone();
                std::thread::spawn(move || serve(stream, &root, prefix, &log));
            }
        });
        Server { port, paths }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    fn requested(&self) -> Vec<String> {
        self.paths.lock().unwrap().clone()
    }
}

fn serve(mut stream: TcpStream, root: &Path, prefix: &str, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut host = false;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        host |= h.to_ascii_lowercase().starts_with("host:");
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    log.lock().unwrap().push(path.clone());
    let file = path
        .strip_prefix(prefix)
        .filter(|p| host && !p.split('/').any(|c| c == ".."))
        .map(|p| root.join(p))
        .filter(|p| p.is_file());
    let Some(file) = file else {
        let body = b"<html><body>404 Not Found</body></html>";
        let _ = write!(
            stream,
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(body);
        return;
    };
    let mut bytes = Vec::new();
    std::fs::File::open(&file)
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    if path.ends_with(".txt") {
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nETag: \"t1\"\r\nConnection: close\r\n\r\n"
        );
        for piece in bytes.chunks(1000) {
            let _ = write!(stream, "{:x}\r\n", piece.len());
            let _ = stream.write_all(piece);
            let _ = stream.write_all(b"\r\n");
        }
        let _ = stream.write_all(b"0\r\n\r\n");
    } else {
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            bytes.len()
        );
        let _ = stream.write_all(&bytes);
    }
}

/// A port nothing listens on.
fn dead_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn demo_1608_factory_fresh_registers_after_two_restarts() {
    let (code, r) = run_json(&["--dir", DEMO, "--model", "1608"]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(outcome(&r), "registered");
    assert_eq!(r["restarts"], 2);
    assert_eq!(r["passes"], 3);
    assert_eq!(r["appname"], "ha1608demo_r2_0.bin");

    let bak = setting(&r, "BAKLIGHTOFF");
    assert_eq!(
        bak["value"], "60",
        "the per-model SET wins over the common one"
    );
    assert_eq!(bak["source"], "file");
    assert_eq!(bak["file"], "46xxsettings.txt");
    assert!(bak["line"].as_u64().is_some_and(|l| l > 1), "{bak}");

    assert_eq!(setting(&r, "PROCPSWD")["value"], "********");
    assert_eq!(r["secrets_masked"], true);

    let warnings = r["warnings"].as_array().unwrap();
    let sip = warnings
        .iter()
        .find(|w| {
            w["message"]
                .as_str()
                .unwrap()
                .contains("SIP_CONTROLLER_LIST")
        })
        .expect("SIP_CONTROLLER_LIST is reported");
    assert_eq!(sip["code"], "unknown-parameter");
    assert_eq!(sip["file"], "46xxsettings.txt");
    assert!(sip["line"].is_u64());

    // Boot code first, then the 1608 application.
    let apps: Vec<&str> = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["purpose"] == "application")
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(apps, ["hb16xxdemo_r1_5.bin", "ha1608demo_r2_0.bin"]);
    assert!(r["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["outcome"] == "200"));
    assert_eq!(r["flash"]["application"]["name"], "ha1608demo_r2_0.bin");
    assert_eq!(r["flash"]["boot_code"]["name"], "hb16xxdemo_r1_5.bin");
    let display: Vec<&str> = r["display"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(display.contains(&"Enter Extension"));
    assert!(!stdout_contains_secret(&[
        "--dir", DEMO, "--model", "1608", "--json"
    ]));
}

fn stdout_contains_secret(args: &[&str]) -> bool {
    stdout(&run(args)).contains("53017")
}

#[test]
fn show_secrets_unmasks() {
    let (code, r) = run_json(&["--dir", DEMO, "--model", "1608", "--show-secrets"]);
    assert_eq!(code, 0);
    assert_eq!(setting(&r, "PROCPSWD")["value"], "53017");
    assert_eq!(r["secrets_masked"], false);
}

#[test]
fn human_output_has_every_section() {
    let o = run(&["--dir", DEMO, "--model", "1608"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    for needle in [
        "Display",
        "      Enter Extension",
        "Files requested",
        "16xxupgrade.txt",
        "200, 3338 bytes",
        "APPNAME",
        "pass 3: ha1608demo_r2_0.bin (application) is already loaded: no download",
        "Integrity checks",
        "SHA-256 digest",
        "Effective settings",
        "46xxsettings.txt:",
        "PROCPSWD",
        "********",
        "Warnings",
        "[unknown-parameter]",
        "fix: ",
        "Outcome",
        "REGISTERED",
    ] {
        assert!(s.contains(needle), "missing {needle:?} in:\n{s}");
    }
    assert!(!s.contains("53017"), "the secret leaked:\n{s}");
}

#[test]
fn demo_1616_group3_current_software_downloads_nothing() {
    let (code, r) = run_json(&[
        "--dir",
        DEMO,
        "--model",
        "1616",
        "--group",
        "3",
        "--bootname",
        "hb16xxdemo_r1_5.bin",
        "--appname",
        "ha1616demo_r2_0.bin",
    ]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(outcome(&r), "registered");
    assert_eq!(r["restarts"], 0);
    assert_eq!(r["decision"]["decision"], "skip");
    let files = r["files"].as_array().unwrap();
    assert!(
        files
            .iter()
            .all(|f| f["purpose"] != "application" && f["purpose"] != "digest"),
        "no application request: {files:#?}"
    );
    let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    // The language file group 3 names comes after the settings chain (spec 3.6).
    assert_eq!(
        names,
        [
            "16xxupgrade.txt",
            "46xxsettings.txt",
            "group3.txt",
            "mlf_16xx_german.txt"
        ]
    );
    assert_eq!(files[3]["purpose"], "language");
    assert_eq!(r["flash"]["languages"][0]["name"], "mlf_16xx_german.txt");
    assert_eq!(setting(&r, "L2QVLAN")["value"], "130");
    assert_eq!(setting(&r, "L2QVLAN")["file"], "46xxsettings.txt");
    assert_eq!(setting(&r, "BAKLIGHTOFF")["value"], "240");
    for name in ["CCBTNSTAT", "HOLDSTAT", "PROCSTAT"] {
        assert_eq!(setting(&r, name)["file"], "group3.txt", "{name}");
    }
    assert_eq!(
        setting(&r, "PROCSTAT")["value"],
        "1",
        "group3.txt overrides"
    );
}

#[test]
fn an_older_application_is_replaced() {
    let (code, r) = run_json(&[
        "--dir",
        DEMO,
        "--model",
        "1608-I",
        "--bootname",
        "hb16xxdemo_r1_5.bin",
        "--appname",
        "ha1608demo_r1_0.bin",
    ]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["restarts"], 1);
    assert_eq!(r["flash"]["application"]["name"], "ha1608demo_r2_0.bin");
}

#[test]
fn broken_demo_loops_and_keeps_flash() {
    let (code, r) = run_json(&["--dir", &format!("{DEMO}/broken"), "--model", "1603"]);
    assert_eq!(code, 1);
    assert_eq!(outcome(&r), "restart-loop");
    let sha_fail = r["checks"].as_array().unwrap().iter().any(|c| {
        c["kind"] == "sha256" && c["status"] == "fail" && c["file"] == "ha1603demo_r2_1.bin"
    });
    assert!(sha_fail, "{:#}", r["checks"]);
    assert!(r["flash"]["application"].is_null(), "{:#}", r["flash"]);
    assert!(r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "restart-loop"));
    // Human output says so too.
    let o = run(&["--dir", &format!("{DEMO}/broken"), "--model", "1603"]);
    assert_eq!(o.status.code(), Some(1));
    let s = stdout(&o);
    assert!(s.contains("NOT REGISTERED: restart loop"), "{s}");
    assert!(s.contains("FAIL"), "{s}");
}

#[test]
fn a_pasted_digest_is_used() {
    let sums = format!("{DEMO}/SHA256SUMS");
    let (code, r) = run_json(&["--dir", DEMO, "--model", "1603", "--digest", &sums]);
    assert_eq!(code, 0, "{r:#}");
    let files = r["files"].as_array().unwrap();
    assert!(
        files.iter().all(|f| f["purpose"] != "digest"),
        "no digest file fetched when one is pasted"
    );
    // A wrong bare digest applies to every file: the boot code fails.
    let wrong = "0".repeat(64);
    let (code, r) = run_json(&["--dir", DEMO, "--model", "1603", "--digest", &wrong]);
    assert_eq!(code, 1);
    assert_eq!(outcome(&r), "restart-loop");
}

#[test]
fn http_server_gives_the_same_result_as_the_folder() {
    let server = Server::start(DEMO, "/");
    let (code_dir, by_dir) = run_json(&["--dir", DEMO, "--model", "1608", "--group", "2"]);
    let (code, by_url) = run_json(&["--url", &server.url(), "--model", "1608", "--group", "2"]);
    assert_eq!((code_dir, code), (0, 0), "{by_url:#}");
    assert_eq!(by_url["appname"], by_dir["appname"]);
    assert_eq!(by_url["settings"], by_dir["settings"]);
    assert_eq!(by_url["restarts"], 2);
    assert_eq!(
        by_url["flash"]["application"]["sha256"],
        by_dir["flash"]["application"]["sha256"]
    );
    let first = &by_url["files"][0];
    assert_eq!(
        first["url"],
        format!("http://127.0.0.1:{}/16xxupgrade.txt", server.port)
    );
    assert!(server
        .requested()
        .contains(&"/ha1608demo_r2_0.bin".to_owned()));
    // The ETag reaches the display (`HTTP:n 200 etag`).
    assert!(by_url["display"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d == "HTTP:1 200 \"t1\""));
}

#[test]
fn stopped_server_is_unreachable() {
    let port = dead_port();
    let url = format!("http://127.0.0.1:{port}/phones/");
    let o = run(&["--url", &url, "--model", "1608", "--timeout", "3"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let s = stdout(&o);
    let script = format!("http://127.0.0.1:{port}/phones/16xxupgrade.txt");
    assert!(
        s.contains(&format!("{script} failed: server unreachable")),
        "{s}"
    );
    assert!(s.contains("System busy"), "{s}");
    let (code, r) = run_json(&["--url", &url, "--model", "1608"]);
    assert_eq!(code, 1);
    assert_eq!(outcome(&r), "no-application");
    assert_eq!(r["files"][0]["url"], script);
    assert!(r["files"][0]["outcome"]
        .as_str()
        .unwrap()
        .contains("unreachable"));
}

#[test]
fn silent_server_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s); // accept, never answer
        }
    });
    let url = format!("http://127.0.0.1:{port}/");
    let (code, r) = run_json(&["--url", &url, "--model", "1616", "--timeout", "0.3"]);
    assert_eq!(code, 1);
    assert!(
        r["files"][0]["outcome"]
            .as_str()
            .unwrap()
            .contains("no complete answer"),
        "{:#}",
        r["files"]
    );
}

#[test]
fn option242_over_http() {
    let server = Server::start(DEMO, "/x/");
    let o242 = format!("HTTPSRVR=127.0.0.1,HTTPPORT={},HTTPDIR=x", server.port);
    let (code, r) = run_json(&["--option242", &o242, "--model", "1616", "--group", "3"]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(outcome(&r), "registered");
    assert_eq!(r["server"]["kind"], "option242");
    assert_eq!(
        r["files"][0]["url"],
        format!("http://127.0.0.1:{}/x/16xxupgrade.txt", server.port)
    );
    assert_eq!(r["flash"]["application"]["name"], "ha1616demo_r2_0.bin");
    assert_eq!(setting(&r, "L2QVLAN")["value"], "130");
    assert_eq!(setting(&r, "CCBTNSTAT")["file"], "group3.txt");
    assert!(server.requested().iter().all(|p| p.starts_with("/x/")));
}

#[test]
fn spec_2_2_option242_tls_server_is_tried_over_https_first() {
    let port = dead_port();
    let server = Server::start(DEMO, "/");
    let o242 = format!(
        "TLSSRVR=127.0.0.1,TLSPORT={port},HTTPSRVR=127.0.0.1,HTTPPORT={}",
        server.port
    );
    let (code, r) = run_json(&["--option242", &o242, "--model", "1608"]);
    assert_eq!(
        code, 0,
        "the HTTP server delivers after the TLS one failed: {r:#}"
    );
    assert_eq!(
        r["files"][0]["url"],
        format!("https://127.0.0.1:{port}/16xxupgrade.txt")
    );
    let why = r["files"][0]["outcome"].as_str().unwrap();
    assert!(
        why.contains("unreachable") && why.contains("HTTPS"),
        "{why}"
    );
    assert_eq!(r["files"][1]["outcome"], "200");
}

#[test]
fn option242_with_dir_maps_httpdir_to_a_subfolder() {
    let (code, r) = run_json(&[
        "--dir",
        WORKSPACE,
        "--option242",
        "HTTPSRVR=10.0.0.9,HTTPDIR=demo,L2QVLAN=20",
        "--model",
        "1603SW",
    ]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(
        r["files"][0]["url"],
        "http://10.0.0.9:80/demo/16xxupgrade.txt"
    );
    assert_eq!(r["flash"]["application"]["name"], "ha1603demo_r2_0.bin");
    // DHCP gave L2QVLAN; the group-0 settings do not override it.
    assert_eq!(setting(&r, "L2QVLAN")["value"], "20");
    assert_eq!(setting(&r, "L2QVLAN")["source"], "dhcp");
    let o = run(&[
        "--dir",
        WORKSPACE,
        "--option242",
        "HTTPSRVR=10.0.0.9,HTTPDIR=demo,L2QVLAN=20",
        "--model",
        "1603SW",
    ]);
    assert!(stdout(&o).contains("DHCP"));
}

#[test]
fn the_folder_is_never_left() {
    let tmp = TempDir::new("escape");
    std::fs::write(tmp.0.join("outside.txt"), "SET L2QVLAN 666\n").unwrap();
    let srv = tmp.0.join("srv");
    std::fs::create_dir(&srv).unwrap();
    std::fs::write(
        srv.join("16xxupgrade.txt"),
        "GET ../outside.txt\nGET inside.txt\n",
    )
    .unwrap();
    std::fs::write(srv.join("inside.txt"), "SET L2QVLAN 42\n").unwrap();
    let (code, r) = run_json(&[
        "--dir",
        srv.to_str().unwrap(),
        "--model",
        "1608",
        "--appname",
        "ha1608demo_r2_0.bin",
    ]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(setting(&r, "L2QVLAN")["value"], "42");
    assert!(r["files"][1]["outcome"]
        .as_str()
        .unwrap()
        .contains("refused"));
}

#[test]
fn corpus_1603swi_upgrade_script_with_missing_firmware_loops() {
    let tmp = TempDir::new("corpus");
    let real = corpus("16xxupgrade-1603SW-I-2010.txt");
    std::fs::copy(&real, tmp.0.join("16xxupgrade.txt"))
        .unwrap_or_else(|e| panic!("{}: {e}", real.display()));
    let (code, r) = run_json(&["--dir", tmp.path(), "--model", "1603SW-I"]);
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(outcome(&r), "restart-loop");
    // Lines 41-47 set APPNAME hb1603ua1_2200.bin, but line 51 sets
    // sa1603ua1_0100.bin before the first GET (line 72): the later SET wins
    // (spec section 4), so that is the file the phone asks for.
    assert_eq!(r["appname"], "sa1603ua1_0100.bin");
    assert_eq!(setting(&r, "APPNAME")["line"], 51);
    assert_eq!(r["decision"]["decision"], "download");
    let apps: Vec<&Value> = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["purpose"] == "application")
        .collect();
    assert!(!apps.is_empty());
    assert!(apps.iter().all(|f| f["outcome"] == "404"));
    assert!(r["flash"]["application"].is_null() && r["flash"]["boot_code"].is_null());

    // With the boot code loaded, the script jumps to PHONEAPP1603 and still
    // asks for the same application.
    let (code, r) = run_json(&[
        "--dir",
        tmp.path(),
        "--model",
        "1603SW-I",
        "--bootname",
        "hb1603ua1_2200.bin",
    ]);
    assert_eq!(code, 1);
    assert_eq!(r["appname"], "sa1603ua1_0100.bin");
    assert_eq!(setting(&r, "APPNAME")["line"], 64);
}

#[test]
fn usage_errors_exit_2_with_a_helpful_message() {
    let cases: [(&[&str], &str); 7] = [
        (
            &["--dir", DEMO, "--model", "9608"],
            "unknown model \"9608\"",
        ),
        (
            &["--dir", DEMO, "--model", "1608", "--group", "1000"],
            "--group",
        ),
        (&["--model", "1608"], "--dir"),
        (&["--dir", DEMO], "--model is missing"),
        (
            &["--dir", "/nonexistent/phoneboot-dir", "--model", "1608"],
            "/nonexistent/phoneboot-dir",
        ),
        (
            &["--url", "ftp://127.0.0.1/", "--model", "1608"],
            "http:// or https://",
        ),
        (
            &["--dir", DEMO, "--model", "1608", "--colour"],
            "unknown flag",
        ),
    ];
    for (args, needle) in cases {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = stderr(&o);
        assert!(e.contains(needle), "{args:?}: {e}");
        assert!(e.contains("--help"), "{args:?}: {e}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn help_documents_flags_and_exit_codes() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let s = stdout(&o);
    for needle in [
        "--dir",
        "--url",
        "--option242",
        "--model",
        "--group",
        "--mac",
        "--bootname",
        "--appname",
        "--json",
        "--show-secrets",
        "--timeout",
        "--digest",
        "EXIT STATUS",
        "HTTPDIR is a sub-folder",
        "EXAMPLES",
    ] {
        assert!(s.contains(needle), "{needle}");
    }
}
