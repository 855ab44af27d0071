//! Running the `phoneboot` binary from a test: a host named by a file could
//! only be reached through the dead proxy on 127.0.0.1:9, and NO_PROXY keeps
//! the tests' own loopback servers direct.
//!
//! Use from a test file: `#[path = "support/cli.rs"] mod support;`.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_phoneboot");
pub const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The binary with the test environment (no packet beyond 127.0.0.0/8).
pub fn command() -> Command {
    let mut c = Command::new(BIN);
    c.env("HTTP_PROXY", "http://127.0.0.1:9")
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("NO_PROXY", "127.0.0.1,localhost");
    c
}

pub fn run(args: &[&str]) -> Output {
    command()
        .args(args)
        .output()
        .expect("the phoneboot binary runs")
}

/// Runs in `dir`, as CI runs it in a provisioning repository.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    command()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the phoneboot binary runs")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// stdout as JSON, or a panic that shows both streams.
pub fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", text(&o.stdout), text(&o.stderr)))
}
