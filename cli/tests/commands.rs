//! The command line as clap defines it: the boot as the default command,
//! subcommands beside it, and the exit codes (0 registered, 1 other outcome,
//! 2 usage, 0 for --help and --version).

use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_phoneboot");
const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../demo");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .output()
        .expect("the phoneboot binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

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
