//! The `--json`, `--format json`, SARIF, `fleet --json`, `log --json` and
//! `files` outputs pinned byte for byte to files in `tests/golden/` (the JSON
//! contract of issue 16: typed report fields must serialise exactly as the
//! strings they replaced).
//!
//! Only what differs from run to run is normalised: the workspace path (in
//! `file://` URLs and folder names), the measured `elapsed_ms` / `written_ms`
//! numbers, and the modification-time half of the folder adapter's Apache-style ETags
//! (`"size-mtime"`: a fresh clone's files have other mtimes).
//! Regenerate after an intended change with `UPDATE_GOLDEN=1 cargo test -p
//! phoneboot-cli --test golden`, and review the diff.

#[path = "support/cli.rs"]
mod support;

use std::path::Path;

use support::{run_in, text, WORKSPACE};

/// stdout with the run-dependent parts replaced by fixed placeholders.
fn normalised(stdout: &[u8]) -> String {
    let root = Path::new(WORKSPACE)
        .canonicalize()
        .expect("the workspace exists");
    let out = text(stdout)
        .replace(&format!("file://{}/", root.display()), "file:///WORKSPACE/")
        .replace(&format!("{}/", root.display()), "/WORKSPACE/");
    let mut lines = Vec::new();
    for line in out.split_inclusive('\n') {
        let masked = ["\"elapsed_ms\": ", "\"written_ms\": "]
            .iter()
            .find_map(|key| {
                let at = line.find(key)?;
                let value_at = at + key.len();
                let rest = &line[value_at..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '-'))
                    .unwrap_or(rest.len());
                Some(format!("{}0{}", &line[..value_at], &rest[end..]))
            });
        lines.push(without_mtimes(&masked.unwrap_or_else(|| line.to_owned())));
    }
    lines.concat()
}

/// `line` with the mtime of every `\"size-mtime\"` ETag replaced by `MTIME`.
fn without_mtimes(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(dash) = rest.find('-') {
        let (head, tail) = rest.split_at(dash + 1);
        out.push_str(head);
        let hex = tail.len()
            - tail
                .trim_start_matches(|c: char| c.is_ascii_hexdigit())
                .len();
        let size_is_hex = head[..dash]
            .rsplit("\\\"")
            .next()
            .is_some_and(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit()));
        if hex >= 8 && size_is_hex && tail[hex..].starts_with("\\\"") {
            out.push_str("MTIME");
            rest = &tail[hex..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// Runs `args` in the workspace, expects `code`, and compares stdout with `tests/golden/<name>`.
fn pin(name: &str, args: &[&str], code: i32) {
    let o = run_in(Path::new(WORKSPACE), args);
    assert_eq!(
        o.status.code(),
        Some(code),
        "{args:?}: {}\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    let got = normalised(&o.stdout);
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).expect("golden file written");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 creates it)", path.display()));
    if got != want {
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(g, w)| g != w)
            .map_or(got.lines().count().min(want.lines().count()), |i| i);
        panic!(
            "{name} differs from {} at line {}:\n got: {:?}\nwant: {:?}",
            path.display(),
            line + 1,
            got.lines().nth(line),
            want.lines().nth(line)
        );
    }
}

/// Spec 3.4: a factory-fresh 1608 against the demo server (two downloads, then the settings).
#[test]
fn spec_3_4_factory_fresh_1608_json_is_pinned() {
    pin(
        "boot_1608_factory_fresh.json",
        &["--dir", "demo", "--model", "1608", "--json"],
        0,
    );
}

/// Spec 6: a download that fails its SHA-256 check, restarted until the loop is stopped.
#[test]
fn spec_6_corrupt_firmware_restart_loop_json_and_sarif_are_pinned() {
    let args = [
        "--dir",
        "demo/broken",
        "--model",
        "1608",
        "--bootname",
        "hb16xxdemo_r1_5.bin",
        "--appname",
        "ha1608demo_r2_0.bin",
    ];
    let with = |extra: &[&'static str]| [&args[..], extra].concat();
    pin("boot_1608_corrupt.json", &with(&["--format", "json"]), 1);
    pin("boot_1608_corrupt.sarif", &with(&["--format", "sarif"]), 1);
}

/// Spec 2.4: one attempt per server, and none answers (a refused port on 127.0.0.1): every request's outcome is the error.
#[test]
fn spec_2_4_unreachable_server_json_is_pinned() {
    pin(
        "boot_1616_unreachable.json",
        &[
            "--url",
            "http://127.0.0.1:9/phones/",
            "--model",
            "1616",
            "--json",
        ],
        1,
    );
}

/// The fleet matrix of the demo server as JSON.
#[test]
fn fleet_demo_json_is_pinned() {
    pin("fleet_demo.json", &["fleet", "--dir", "demo", "--json"], 0);
}

/// A server's access log beside the emulated boot (a redirect and a 404 logged): `log --json`.
#[test]
fn access_log_comparison_json_is_pinned() {
    pin(
        "log_1608.json",
        &[
            "log",
            "cli/tests/golden/access.log",
            "--dir",
            "demo",
            "--model",
            "1608",
            "--json",
        ],
        1,
    );
}

/// Spec 6: the readiness check of a server whose firmware fails its digests (the
/// DIGEST column and the mismatch details name where each reference came from).
#[test]
fn spec_6_files_check_of_corrupt_firmware_is_pinned() {
    pin("files_broken.txt", &["files", "--dir", "demo/broken"], 1);
}
